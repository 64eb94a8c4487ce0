/*
 * The per-character script table: which Han characters are written only in
 * Traditional text, which only in Simplified, and the Simplified form of
 * each Traditional one.  Built once from OpenCC's character dictionaries.
 */
#include "text/text.h"

#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/text_int.h"

/* Converts one code point through `cc`; returns it unchanged on failure or
 * when the conversion is not a single code point. */
static uint32_t convert_one(opencc_t cc, uint32_t cp)
{
	char in[5] = { 0 };
	char *out;
	uint32_t result = cp;

	utf8_encode(cp, in);
	out = opencc_convert_utf8(cc, in, strlen(in));
	if (out) {
		size_t len = strlen(out), pos = 0;
		int32_t got = utf8_next(out, len, &pos);

		if (got > 0 && pos == len)
			result = (uint32_t)got;
		opencc_convert_utf8_free(out);
	}
	return result;
}

static int build_tables(struct text_ctx *t, opencc_t t2s, opencc_t s2t)
{
	for (uint32_t cp = HAN_FIRST; cp <= HAN_LAST; cp++) {
		uint32_t simp = convert_one(t2s, cp);
		uint32_t trad = convert_one(s2t, cp);
		size_t i = cp - HAN_FIRST;

		if (simp != cp) {
			t->han_fold[i] = simp;
			t->han_flags[i] |= CHAR_TRAD_ONLY;
		}
		/* A character with a different Traditional form is Simplified-only,
		 * unless it is also a Traditional form itself (乾, 後 vs 后 ...). */
		if (trad != cp && simp == cp)
			t->han_flags[i] |= CHAR_SIMP_ONLY;
	}
	return DOSSIER_OK;
}

static opencc_t open_config(const char *name, struct err *e)
{
	char path[256];
	opencc_t cc;

	snprintf(path, sizeof path, "/usr/share/opencc/%s", name);
	cc = opencc_open(path);
	if (cc == (opencc_t)-1) {
		err_set(e, DOSSIER_EIO, "cannot load OpenCC configuration %s: %s",
			path, opencc_error());
		return NULL;
	}
	return cc;
}

int text_ctx_new(struct text_ctx **out, struct err *e)
{
	struct text_ctx *t = calloc(1, sizeof *t);
	opencc_t t2s = NULL, s2t = NULL;
	int rc = DOSSIER_OK;

	*out = NULL;
	if (!t)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	t2s = open_config("t2s.json", e);
	s2t = t2s ? open_config("s2t.json", e) : NULL;
	if (!t2s || !s2t) {
		rc = DOSSIER_EIO;
		goto fail;
	}
	rc = build_tables(t, t2s, s2t);
	if (!rc)
		rc = text_build_fold(t, e);
	if (rc)
		goto fail;
	opencc_close(t2s);
	opencc_close(s2t);
	*out = t;
	return DOSSIER_OK;
fail:
	if (t2s)
		opencc_close(t2s);
	if (s2t)
		opencc_close(s2t);
	free(t);
	return rc;
}

void text_ctx_free(struct text_ctx *t)
{
	if (!t)
		return;
	free(t->pool);
	free(t);
}

static int is_han(uint32_t cp)
{
	return (cp >= HAN_FIRST && cp <= HAN_LAST) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF);
}

uint32_t text_fold_char(const struct text_ctx *t, uint32_t cp)
{
	if (cp < HAN_FIRST || cp > HAN_LAST || !t->han_fold[cp - HAN_FIRST])
		return cp;
	return t->han_fold[cp - HAN_FIRST];
}

void text_script_count(const struct text_ctx *t, const char *s, size_t len,
		       struct text_script_counts *out)
{
	size_t pos = 0;

	memset(out, 0, sizeof *out);
	while (pos < len) {
		int32_t cp = utf8_next(s, len, &pos);

		if (cp < 0 || !is_han((uint32_t)cp))
			continue;
		out->han++;
		if ((uint32_t)cp > HAN_LAST)
			continue;
		if (t->han_flags[cp - HAN_FIRST] & CHAR_TRAD_ONLY)
			out->traditional++;
		if (t->han_flags[cp - HAN_FIRST] & CHAR_SIMP_ONLY)
			out->simplified++;
	}
}

const char *text_script_name(const struct text_script_counts *c)
{
	size_t tr = c->traditional, si = c->simplified;

	if (!c->han || (!tr && !si))
		return "none";
	/* Quotations and proper names cross scripts; one script must dominate
	 * four to one before a text is called by its name. */
	if (tr >= 4 * si)
		return "hant";
	if (si >= 4 * tr)
		return "hans";
	return "mixed";
}
