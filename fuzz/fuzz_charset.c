/*
 * libFuzzer target for charset_to_utf8(): any bytes, with or without an
 * HTTP Content-Type, must be converted (to valid UTF-8 without NUL bytes)
 * or refused cleanly, never crash, leak or read out of bounds.  The first
 * input byte picks the Content-Type, so declarations from every place
 * meet each other.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const content_types[] = {
	NULL,
	"text/html; charset=gb2312",
	"text/html; charset=big5",
	"application/rss+xml; charset=UTF-8",
	"text/xml;charset=\"utf-16\"",
	"text/html; charset=iso-8859-1",
	"text/html; charset=",
	"text/html",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ct = NULL;
	struct buf out = BUF_INIT;
	struct charset_result r;
	struct err e = { 0 };
	char *copy;

	if (size) {
		ct = content_types[data[0] % (sizeof content_types / sizeof content_types[0])];
		data++;
		size--;
	}
	/* An exact-size copy, so ASan sees any read past `size`. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	if (charset_to_utf8(copy, size, ct, &out, &r, &e) == DOSSIER_OK) {
		/* What comes out is text the parsers can trust. */
		if (utf8_count_invalid(out.data, out.len, NULL) || strlen(out.data) != out.len)
			abort();
	}
	buf_release(&out);
	free(copy);
	return 0;
}
