/*
 * NFKC for content hashes: the text as ICU's NFKC normaliser makes it,
 * without the case folding and script folding used for matching.
 */
#include <stdlib.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "text/text.h"

/* UTF-8 → UTF-16 with U+FFFD for malformed bytes; caller frees *out. */
static int to_utf16(const char *s, size_t len, UChar **out, int32_t *n)
{
	UErrorCode status = U_ZERO_ERROR;

	*out = NULL;
	if (len > INT32_MAX / 2)
		return DOSSIER_ETOOBIG;
	*out = malloc((len + 1) * sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	u_strFromUTF8WithSub(*out, (int32_t)len + 1, n, s, (int32_t)len, 0xFFFD, NULL, &status);
	return U_FAILURE(status) ? DOSSIER_EENCODING : DOSSIER_OK;
}

static int append_utf8(struct buf *out, const UChar *u, int32_t n)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t bytes = 0;
	int rc;

	u_strToUTF8(NULL, 0, &bytes, u, n, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return DOSSIER_EENCODING;
	rc = buf_grow(out, (size_t)bytes + 1);
	if (rc)
		return rc;
	status = U_ZERO_ERROR;
	u_strToUTF8(out->data + out->len, bytes + 1, NULL, u, n, &status);
	if (U_FAILURE(status))
		return DOSSIER_EENCODING;
	out->len += (size_t)bytes;
	out->data[out->len] = '\0';
	return DOSSIER_OK;
}

int text_nfkc(const struct text_ctx *t, const char *s, size_t len, struct buf *out)
{
	UErrorCode status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
	UChar *src, *dst = NULL;
	int32_t n = 0, m;
	int rc;

	(void)t;
	if (U_FAILURE(status))
		return DOSSIER_EENCODING;
	rc = to_utf16(s, len, &src, &n);
	if (rc) {
		free(src);
		return rc;
	}
	/* NFKC can lengthen a string up to 18 times per code unit (ﷺ); start
	 * with room for a little growth and ask again when it is not enough. */
	m = n + n / 4 + 16;
	for (int tries = 0; tries < 2 && !rc; tries++) {
		int32_t need;

		free(dst);
		dst = malloc((size_t)m * sizeof *dst);
		if (!dst) {
			rc = DOSSIER_ENOMEM;
			break;
		}
		status = U_ZERO_ERROR;
		need = unorm2_normalize(nfkc, src, n, dst, m, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR) {
			m = need + 1;
			continue;
		}
		rc = U_FAILURE(status) ? DOSSIER_EENCODING : append_utf8(out, dst, need);
		break;
	}
	free(src);
	free(dst);
	return rc;
}

static int nfkc_of(void *arg, const char *s, size_t len, struct buf *out)
{
	return text_nfkc(arg, s, len, out);
}

int text_doc_hash(const struct text_ctx *t, struct doc *d)
{
	return doc_compute_hash_with(d, nfkc_of, (void *)t);
}
