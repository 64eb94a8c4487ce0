/*
 * libFuzzer target for html_body_to_doc(): any bytes, as a fragment,
 * with and without a base URL, must parse or fail cleanly, never crash,
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
	struct html_extras x = { 0 };
	struct err e = { 0 };
	struct doc *d = doc_new();

	if (!copy || !d)
		goto done;
	if (size)
		memcpy(copy, data, size);
	/* The first byte picks the base: none, or one to resolve against. */
	html_body_to_doc(copy, size, size && (data[0] & 1) ? "https://example.org/a/b.html" : NULL,
			 d, &x, &e);
	if (d->n_paras) {
		char *text = doc_text(d);

		free(text);
	}
done:
	html_extras_release(&x);
	doc_free(d);
	free(copy);
	return 0;
}
