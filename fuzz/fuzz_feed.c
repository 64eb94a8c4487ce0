/*
 * libFuzzer target for feed_sniff() and feed_parse(): any bytes must be
 * sniffed and parsed (or refused) cleanly, never crash, leak or read out
 * of bounds; every item handed over must be a sound document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches every field, so that ASan sees a bad pointer; stops after 64. */
static int item(void *arg, struct doc **d, struct err *e)
{
	size_t *n = arg, total = 0;
	char *text = doc_text(*d);

	(void)e;
	if (text)
		total += strlen(text);
	free(text);
	if ((*d)->title)
		total += strlen((*d)->title);
	if ((*d)->url)
		total += strlen((*d)->url);
	if ((*d)->summary)
		total += strlen((*d)->summary);
	for (size_t i = 0; i < (*d)->n_categories; i++)
		total += strlen((*d)->categories[i]);
	*n += total ? 1 : 1;
	return *n > 64 ? DOSSIER_EUSAGE : DOSSIER_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so ASan sees any read past `size`. */
	char *copy = malloc(size ? size : 1);
	struct feed_opts o = { .base_url = "https://feeds.example.org/a/feed.xml",
			       .fetched = 1717200000000LL, .feed = NULL };
	struct feed_info fi;
	struct err e = { 0 };
	size_t n = 0;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	feed_sniff(copy, size);
	feed_parse(copy, size, &o, item, &n, &fi, &e);
	feed_info_release(&fi);
	free(copy);
	return 0;
}
