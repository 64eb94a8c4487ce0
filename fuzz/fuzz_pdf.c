/*
 * libFuzzer target for pdf_sniff() and pdf_parse(): any bytes must be
 * refused or read cleanly (poppler's recovery included), never crash, leak
 * or read out of bounds.  The corpus holds tiny PDFs made by mkpdf, a
 * truncated one, an encrypted and a hand-written minimal one.
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
	pdf_sniff(copy, size);
	if (pdf_parse(copy, size, d, &e) == DOSSIER_OK) {
		char *text = doc_text(d);

		free(text);
	}
done:
	doc_free(d);
	free(copy);
	return 0;
}
