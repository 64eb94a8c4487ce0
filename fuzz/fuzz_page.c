/*
 * libFuzzer target for page_parse(): any bytes, read as a whole page,
 * with and without a page URL, must parse or fail cleanly, never crash,
 * leak or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so ASan sees any read past `size`. */
	char *copy = malloc(size ? size : 1);
	struct err e = { 0 };
	struct doc *d = doc_new();

	if (!copy || !d)
		goto done;
	if (size)
		memcpy(copy, data, size);
	/* The first byte picks the URL: none, or one to resolve against. */
	if (page_parse(copy, size, size && (data[0] & 1) ? "https://huaxun.example.org/a/b.html" : NULL,
		       d, &e) == DOSSIER_OK) {
		char *text = doc_text(d);

		free(text);
	}
done:
	doc_free(d);
	free(copy);
	return 0;
}
