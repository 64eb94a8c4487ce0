/* PDF text layers (being written: issue 4). */
#include <string.h>

#include "ingest/ingest_int.h"

int pdf_sniff(const char *data, size_t len)
{
	return len >= 5 && !memcmp(data, "%PDF-", 5);
}

int pdf_parse(const char *data, size_t len, struct doc *d, struct err *e)
{
	return err_set(e, DOSSIER_EFORMAT, "unsupported format: PDF (not read yet)");
}
