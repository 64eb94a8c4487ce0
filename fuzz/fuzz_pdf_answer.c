/*
 * libFuzzer target for pdf_answer_read(): the parent's side of the PDF
 * reader child (src/ingest/pdf_reader.c).  The child runs poppler on a
 * hostile file, so its answer is checked before it is believed: any bytes
 * must be refused or read into a consistent text (pages read no more than
 * pages, text valid UTF-8), never crash, leak or read out of bounds.  The
 * corpus holds answers `dossier __pdf-text` gave for fuzz/corpus/pdf.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/utf8.h"
#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so ASan sees any read past `size`. */
	char *copy = malloc(size ? size : 1);
	struct pdf_text t = PDF_TEXT_INIT;
	struct err e = { 0 };

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	if (pdf_answer_read(copy, size, &t, &e) == DOSSIER_OK &&
	    (t.pages_read > t.pages || utf8_count_invalid(t.text.data, t.text.len, NULL)))
		abort(); /* believed something inconsistent */
	pdf_text_release(&t);
	free(copy);
	return 0;
}
