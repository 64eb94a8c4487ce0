/*
 * text_int.h — the inside of a text context, shared by the files of
 * src/text/ only.
 */
#ifndef DOSSIER_TEXT_INT_H
#define DOSSIER_TEXT_INT_H

#include <stdint.h>

#include "text/text.h"

/* CJK Unified Ideographs and Extension A: where every folding pair lives. */
#define HAN_FIRST 0x3400u
#define HAN_LAST 0x9FFFu
#define HAN_COUNT (HAN_LAST - HAN_FIRST + 1)

enum { CHAR_TRAD_ONLY = 1, CHAR_SIMP_ONLY = 2 };

/*
 * One entry per BMP code point: the folded form and the class.
 * Bits 0-20 the folded code point (or, with FOLD_MULTI, an index into
 * `pool` where a count and that many code points follow), bits 21-22 the
 * class, bit 23 FOLD_MULTI.
 */
#define FOLD_CP_MASK 0x1FFFFFu
#define FOLD_CLASS_SHIFT 21
#define FOLD_MULTI (1u << 23)

struct text_ctx {
	uint32_t han_fold[HAN_COUNT]; /* Simplified form, or 0 when unchanged */
	uint8_t han_flags[HAN_COUNT]; /* CHAR_* */
	uint32_t fold[0x10000];
	uint32_t *pool;
	size_t pool_len;
};

/* Builds t->fold (needs t->han_fold filled first). */
int text_build_fold(struct text_ctx *t, struct err *e);

#endif
