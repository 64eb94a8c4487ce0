/*
 * The fold table: for each BMP code point, its form for matching (NFKC
 * with case folding by ICU, then Traditional → Simplified) and its class.
 * Built once per context; lookups are an array index.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/text_int.h"

/*
 * Variant characters OpenCC's t2s leaves alone but readers treat as one
 * (checked against `opencc -c t2s.json`: 衞 and 敍 stay as they are).
 */
static const uint32_t extra_variants[][2] = {
	{ 0x885E /* 衞 */, 0x536B /* 卫 */ },
	{ 0x654D /* 敍 */, 0x53D9 /* 叙 */ },
};

static uint32_t fold_han(const struct text_ctx *t, uint32_t cp)
{
	for (size_t i = 0; i < sizeof extra_variants / sizeof extra_variants[0]; i++) {
		if (extra_variants[i][0] == cp)
			return extra_variants[i][1];
	}
	if (cp >= HAN_FIRST && cp <= HAN_LAST && t->han_fold[cp - HAN_FIRST])
		return t->han_fold[cp - HAN_FIRST];
	return cp;
}

static int is_han_like(uint32_t cp)
{
	UErrorCode status = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript((UChar32)cp, &status);

	if (U_FAILURE(status))
		return 0;
	return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
	       sc == USCRIPT_HANGUL || u_hasBinaryProperty((UChar32)cp, UCHAR_IDEOGRAPHIC);
}

static enum text_class class_of(uint32_t cp)
{
	int8_t type;

	if (is_han_like(cp))
		return TEXT_HAN;
	type = u_charType((UChar32)cp);
	switch (type) {
	case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
	case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER:
	case U_LETTER_NUMBER: case U_OTHER_NUMBER: case U_NON_SPACING_MARK:
	case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK:
		return TEXT_WORD;
	default:
		return TEXT_SEP;
	}
}

/* NFKC_Casefold of one code point into `out`; returns the count. */
static size_t nfkc_cf(const UNormalizer2 *norm, uint32_t cp, uint32_t *out)
{
	UChar src[2], dst[TEXT_FOLD_MAX * 2];
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = 0, len, i = 0;
	size_t count = 0;

	U16_APPEND_UNSAFE(src, n, cp);
	len = unorm2_normalize(norm, src, n, dst, TEXT_FOLD_MAX * 2, &status);
	if (U_FAILURE(status)) {
		out[0] = cp;
		return 1;
	}
	while (i < len && count < TEXT_FOLD_MAX) {
		UChar32 c;

		U16_NEXT(dst, i, len, c);
		out[count++] = (uint32_t)c;
	}
	return count;
}

/* The class and folded form of a code point, computed the slow way. */
static size_t fold_slow(const struct text_ctx *t, const UNormalizer2 *norm,
			uint32_t cp, uint32_t *out, enum text_class *cls)
{
	size_t n;

	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			*cls = TEXT_WORD;
			out[0] = cp;
			return 1;
		}
		if (cp >= 'A' && cp <= 'Z') {
			*cls = TEXT_WORD;
			out[0] = cp + 32;
			return 1;
		}
		*cls = TEXT_SEP;
		out[0] = cp;
		return 1;
	}
	n = nfkc_cf(norm, cp, out);
	if (!n) {
		*cls = TEXT_IGNORE;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = fold_han(t, out[i]);
	*cls = class_of(out[0]);
	return n;
}

static int pool_add(struct text_ctx *t, const uint32_t *cps, size_t n, uint32_t *index)
{
	uint32_t *grown = realloc(t->pool, (t->pool_len + n + 1) * sizeof *grown);

	if (!grown)
		return DOSSIER_ENOMEM;
	t->pool = grown;
	*index = (uint32_t)t->pool_len;
	t->pool[t->pool_len++] = (uint32_t)n;
	memcpy(t->pool + t->pool_len, cps, n * sizeof *cps);
	t->pool_len += n;
	return DOSSIER_OK;
}

int text_build_fold(struct text_ctx *t, struct err *e)
{
	UErrorCode status = U_ZERO_ERROR;
	const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&status);

	if (U_FAILURE(status))
		return err_set(e, DOSSIER_EIO, "cannot load ICU's NFKC_Casefold data: %s",
			       u_errorName(status));
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		uint32_t out[TEXT_FOLD_MAX], index;
		enum text_class cls;
		size_t n;

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			t->fold[cp] = (uint32_t)TEXT_SEP << FOLD_CLASS_SHIFT;
			continue;
		}
		n = fold_slow(t, norm, cp, out, &cls);
		if (n == 1 && out[0] <= FOLD_CP_MASK) {
			t->fold[cp] = out[0] | ((uint32_t)cls << FOLD_CLASS_SHIFT);
			continue;
		}
		if (pool_add(t, out, n, &index))
			return err_set(e, DOSSIER_ENOMEM, "out of memory");
		t->fold[cp] = index | ((uint32_t)cls << FOLD_CLASS_SHIFT) | FOLD_MULTI;
	}
	return DOSSIER_OK;
}

size_t text_fold(const struct text_ctx *t, uint32_t cp, uint32_t *out,
		 enum text_class *cls)
{
	uint32_t entry;

	if (cp >= 0x10000) {
		UErrorCode status = U_ZERO_ERROR;
		const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&status);

		if (U_FAILURE(status) || cp > 0x10FFFF) {
			*cls = TEXT_SEP;
			out[0] = cp;
			return 1;
		}
		return fold_slow(t, norm, cp, out, cls);
	}
	entry = t->fold[cp];
	*cls = (enum text_class)((entry >> FOLD_CLASS_SHIFT) & 3);
	if (!(entry & FOLD_MULTI)) {
		out[0] = entry & FOLD_CP_MASK;
		return 1;
	}
	{
		const uint32_t *p = t->pool + (entry & FOLD_CP_MASK);

		memcpy(out, p + 1, p[0] * sizeof *out);
		return p[0];
	}
}

int text_normalise(const struct text_ctx *t, const char *s, size_t len,
		   struct buf *out)
{
	size_t pos = 0;
	int pending_space = 0, rc = DOSSIER_OK;

	while (pos < len && !rc) {
		int32_t cp = utf8_next(s, len, &pos);
		uint32_t folded[TEXT_FOLD_MAX];
		enum text_class cls = TEXT_SEP;
		size_t n = cp < 0 ? 0 : text_fold(t, (uint32_t)cp, folded, &cls);

		if (cls == TEXT_IGNORE)
			continue;
		if (cp < 0 || cls == TEXT_SEP) {
			pending_space = out->len > 0;
			continue;
		}
		if (pending_space)
			rc = buf_addc(out, ' ');
		pending_space = 0;
		for (size_t i = 0; i < n && !rc; i++)
			rc = utf8_add(out, folded[i]);
	}
	return rc;
}
