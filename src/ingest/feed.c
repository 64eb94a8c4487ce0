/* RSS/RDF/Atom feeds (being written: issue 4). */
#include <stdlib.h>

#include "ingest/ingest_int.h"

int feed_sniff(const char *data, size_t len)
{
	return 0;
}

void feed_info_release(struct feed_info *fi)
{
	free(fi->title);
	free(fi->site);
	free(fi->language);
	buf_release(&fi->problems);
}

int feed_parse(const char *data, size_t len, const struct feed_opts *o,
	       feed_item_fn fn, void *arg, struct feed_info *fi, struct err *e)
{
	return err_set(e, DOSSIER_EFORMAT, "feeds are not read yet");
}
