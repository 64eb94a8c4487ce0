/*
 * extract.h — what Dossier reads out of a document's text beyond the text
 * itself.  So far: names given in two forms, the `中文名（Latin Name）`
 * habit of Chinese-language reporting, which teaches search that 沙利文
 * and 蘇利文 are both Jake Sullivan.
 */
#ifndef DOSSIER_EXTRACT_H
#define DOSSIER_EXTRACT_H

#include "core/doc.h"
#include "core/err.h"

/*
 * Finds `中文名（Latin Name）` and `中文名(Latin Name)` pairs in the title,
 * paragraphs and captions of `d` and adds them to d->names:
 *
 * - the Chinese name is the end of the Han run before the bracket, cut
 *   after a title word (美國國防部長奧斯汀 → 奧斯汀, 國家安全顧問沙利文 →
 *   沙利文), a possessive or conjunction (的, 與, 和), or taken from inside
 *   「」 quotes (「香格里拉對話」（The Shangri-La Dialogue）); a name may
 *   hold a middle dot (拉吉納特·辛格);
 * - the Latin part is letters, spaces, dots, hyphens and apostrophes with
 *   at least one capital letter (Lloyd Austin, S. Jaishankar, APEC, CSIS),
 *   cut at a comma (DPCT，中方稱為… gives DPCT);
 * - names of one Han character, or longer than 12 characters, are not
 *   names.
 */
int extract_name_pairs(struct doc *d);

#endif
