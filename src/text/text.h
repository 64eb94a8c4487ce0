/*
 * text.h — the one normaliser for documents and queries, and what Dossier
 * knows about scripts.
 *
 * Matching folds text so that what is indexed and what is asked can never
 * disagree: NFKC with case folding (ICU's nfkc_cf: full-width Ｇ７ is g7),
 * then Traditional → Simplified (OpenCC's character table: 奧斯汀 is
 * 奥斯汀, 臺/台 and 裡/裏/里 meet).  Display never uses folded text.
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

/* ---- folding and tokens ----------------------------------------------------- */

enum text_class {
	TEXT_SEP = 0,    /* breaks tokens: spaces, punctuation, symbols */
	TEXT_WORD = 1,   /* letters and digits of alphabetic scripts */
	TEXT_HAN = 2,    /* Han, kana, hangul: indexed as character bigrams */
	TEXT_IGNORE = 3, /* vanishes under NFKC (soft hyphen, joiners) */
};

/* At most this many code points come out of folding one. */
#define TEXT_FOLD_MAX 18

/*
 * Folds one code point for matching: writes its folded form (usually one
 * code point, none for TEXT_IGNORE, several for ligatures and the like) to
 * `out` and returns how many; `*cls` receives its class.
 */
size_t text_fold(const struct text_ctx *t, uint32_t cp, uint32_t *out,
		 enum text_class *cls);

/*
 * Appends the folded form of s[0..len) to `out`: runs of separators become
 * one space, no space at either end.  "Lloyd  AUSTIN" → "lloyd austin",
 * "奧斯汀（Lloyd Austin）" → "奥斯汀 lloyd austin".  For keys (aliases).
 */
struct buf;
int text_normalise(const struct text_ctx *t, const char *s, size_t len,
		   struct buf *out);

/*
 * Appends the NFKC form of s[0..len) to `out`: compatibility forms made
 * plain (full-width Ｇ７２０２４ is G72024, ① is 1), case and script kept.
 * For content hashes, never for display.  Malformed UTF-8 becomes U+FFFD.
 */
int text_nfkc(const struct text_ctx *t, const char *s, size_t len, struct buf *out);

/*
 * Fills d->hash over the NFKC form of its title and paragraphs (see
 * doc_compute_hash_with): the content hash ingest stores and dedups by.
 */
struct doc;
int text_doc_hash(const struct text_ctx *t, struct doc *d);

/* Longest token, in bytes, that text_tokenize() emits (longer words are cut). */
#define TEXT_TOKEN_MAX 128

struct text_token {
	const char *text; /* folded token, not NUL-terminated */
	size_t len;
	size_t start, end; /* byte range in the original text */
	int han_single;    /* a lone Han character (a run of one, or a run's end) */
};

/* Receives each token; a non-zero return stops tokenizing and is returned. */
typedef int (*text_token_fn)(void *arg, const struct text_token *tok);

/* Tokenize a query rather than a document (see text_tokenize). */
#define TEXT_TOKENIZE_QUERY 1

/*
 * Splits s[0..len) into folded tokens:
 *
 * - a run of TEXT_WORD characters is one token ("g7", "lloyd");
 * - a run of Han characters c1..cn gives the bigrams c1c2, c2c3, ...,
 *   then the last character alone, so that every character of the run
 *   begins a token: a one-character query becomes a prefix query that
 *   finds it anywhere, and a query of n ≥ 2 characters is the phrase of
 *   its n-1 bigrams.  In a query, the last run's last character is left
 *   out (the document may go on with more Han text), unless the run is
 *   one character long (han_single: to be matched as a prefix);
 * - separators only separate.
 *
 * Malformed UTF-8 is a separator.  Offsets always point into `s`.
 */
int text_tokenize(const struct text_ctx *t, const char *s, size_t len,
		  int flags, text_token_fn fn, void *arg);

#endif
