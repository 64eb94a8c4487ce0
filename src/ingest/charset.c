/*
 * Bytes in any encoding Chinese-language outlets publish in → UTF-8.
 *
 * (First cut: BOMs and UTF-8 only; declarations and detection follow.)
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "core/utf8.h"
#include "ingest/ingest_int.h"

static int has_prefix(const char *s, size_t len, const char *p, size_t n)
{
	return len >= n && !memcmp(s, p, n);
}

/* Converts UTF-16 with a byte-order mark to UTF-8 with ICU. */
static int utf16_to_utf8(const char *data, size_t len, struct buf *out, struct err *e)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t need;

	if (len > INT32_MAX / 2)
		return err_set(e, DOSSIER_ETOOBIG, "file too large to convert");
	need = ucnv_convert("UTF-8", "UTF-16", NULL, 0, data, (int32_t)len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return err_set(e, DOSSIER_EENCODING, "cannot convert UTF-16: %s",
			       u_errorName(status));
	if (buf_grow(out, (size_t)need + 1))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	status = U_ZERO_ERROR;
	need = ucnv_convert("UTF-8", "UTF-16", out->data, need + 1, data,
			    (int32_t)len, &status);
	if (U_FAILURE(status))
		return err_set(e, DOSSIER_EENCODING, "cannot convert UTF-16: %s",
			       u_errorName(status));
	out->len = (size_t)need;
	out->data[out->len] = '\0';
	return DOSSIER_OK;
}

int charset_to_utf8(const char *data, size_t len, const char *content_type,
		    struct buf *out, struct charset_result *r, struct err *e)
{
	size_t first_bad, bad;

	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "UTF-8");
	r->from = "default";
	if (has_prefix(data, len, "\xFF\xFE", 2) || has_prefix(data, len, "\xFE\xFF", 2)) {
		snprintf(r->name, sizeof r->name, "UTF-16");
		r->from = "BOM";
		return utf16_to_utf8(data, len, out, e);
	}
	if (has_prefix(data, len, "\xEF\xBB\xBF", 3)) {
		r->from = "BOM";
		data += 3;
		len -= 3;
	}
	bad = utf8_count_invalid(data, len, &first_bad);
	if (bad && (bad > 16 && bad * 100 > len))
		return err_set(e, DOSSIER_EENCODING,
			       "not UTF-8 text: %zu malformed byte sequences, the first at byte %zu",
			       bad, first_bad);
	r->invalid = bad;
	if (utf8_repair(out, data, len, NULL))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	return DOSSIER_OK;
}
