/*
 * Events: who met, called, visited or refused whom, when and where.
 * (Being written: the rules engine lands in the next commit.)
 */
#include <stdlib.h>

#include "extract/extract_int.h"

struct event_rules {
	int unused;
};

int event_rules_load(struct event_rules **out, const char *path,
		     const struct text_ctx *text, struct err *e)
{
	(void)path;
	(void)text;
	(void)e;
	*out = calloc(1, sizeof **out);
	return *out ? DOSSIER_OK : DOSSIER_ENOMEM;
}

void event_rules_free(struct event_rules *r)
{
	free(r);
}

int extract_events(const struct extract_ctx *x, struct doc *d)
{
	(void)x;
	d->n_events = 0;
	return DOSSIER_OK;
}
