/*
 * libFuzzer target for plaintext_sniff() and plaintext_parse(): any bytes
 * must parse or fail cleanly, never crash, leak or read out of bounds.
 * A parse that succeeds must leave a document the rest of the pipeline can
 * rely on: a format, and no empty paragraph.
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
	(void)plaintext_sniff(copy, size);
	if (plaintext_parse(copy, size, d, &e) == DOSSIER_OK) {
		if (!d->format || (!d->title && !d->n_paras))
			abort();
		for (size_t i = 0; i < d->n_paras; i++)
			if (!d->paras[i].text[0])
				abort();
	} else if (!e.msg[0]) {
		abort(); /* every failure says why */
	}
done:
	doc_free(d);
	free(copy);
	return 0;
}
