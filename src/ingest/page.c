/* Whole HTML article pages (being written: issue 4). */
#include "ingest/ingest_int.h"

int page_parse(const char *html, size_t len, const char *url, struct doc *d,
	       struct err *e)
{
	return err_set(e, DOSSIER_EFORMAT, "unsupported format: HTML page (not read yet)");
}
