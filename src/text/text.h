/*
 * text.h — script knowledge shared by ingest (script detection) and, later,
 * the search tokenizer (folding).  One normaliser for documents and
 * queries lives here.
 *
 * A `struct text_ctx` holds OpenCC's converters and a per-code-point table
 * built from them once (converting U+3400..U+9FFF one by one takes tens of
 * milliseconds), so that looking a character up afterwards is an array
 * index.  The context is read-only after text_ctx_new() and may be shared
 * by threads.
 */
#ifndef DOSSIER_TEXT_H
#define DOSSIER_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct text_ctx;

/*
 * Loads the OpenCC configurations (t2s.json, s2t.json from OpenCC's data
 * folder) and builds the tables.  DOSSIER_EIO with a message naming the
 * missing configuration when OpenCC's data is not installed.
 */
int text_ctx_new(struct text_ctx **out, struct err *e);

/* Frees the context.  NULL is a no-op. */
void text_ctx_free(struct text_ctx *t);

/*
 * The Simplified form of code point `cp` when it is a Traditional-only
 * character (臺 → 台, 奧 → 奥), else `cp` itself.
 */
uint32_t text_fold_char(const struct text_ctx *t, uint32_t cp);

/* Counts of script-specific characters in a text. */
struct text_script_counts {
	size_t han;         /* all Han characters */
	size_t traditional; /* characters only Traditional text uses */
	size_t simplified;  /* characters only Simplified text uses */
};

/* Counts the script-specific characters of s[0..len). */
void text_script_count(const struct text_ctx *t, const char *s, size_t len,
		       struct text_script_counts *out);

/*
 * The script a text is written in: "hant" (Traditional), "hans"
 * (Simplified), "mixed" (both in real measure), or "none" (no Han text, or
 * none of the characters that tell the scripts apart).  Static string.
 */
const char *text_script_name(const struct text_script_counts *c);

#endif
