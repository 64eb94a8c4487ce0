/*
 * The extraction pass as a whole: what ingest runs on each new document
 * and reindex on each stored one, so that both read a text the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/err.h"
#include "extract/extract.h"
#include "extract/extract_int.h"

#define LOCAL_OFFSET_MS (8 * 3600 * 1000LL) /* Chinese-language desks: UTC+8 */
#define DAY_MS (86400 * 1000LL)

void extract_reference_day(const struct doc *d, int *y, int *m, int *day)
{
	int64_t local;

	*y = *m = *day = 0;
	if (d->published == DOC_TIME_NONE)
		return;
	local = d->published + LOCAL_OFFSET_MS;
	datetime_civil_from_days(local / DAY_MS - (local % DAY_MS < 0), y, m, day);
}

static int dates_of_part(struct doc *d, enum doc_part part, const char *text, int y, int m,
			 int day)
{
	struct extract_date *found = NULL;
	size_t n = 0;
	struct err e = { 0 };
	int rc;

	if (!text || !*text)
		return DOSSIER_OK;
	rc = extract_dates(text, strlen(text), y, m, day, &found, &n, &e);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct extract_date *f = &found[i];
		struct doc_date dd = {
			.part = part,
			.start = f->start,
			.len = f->len,
			.when = { f->year, f->month, f->day, f->end_year, f->end_month, f->end_day,
				  (int)f->precision },
			.relative = f->relative,
		};

		rc = doc_add_date(d, &dd);
	}
	free(found);
	return rc;
}

int extract_doc_dates(struct doc *d)
{
	int y, m, day, rc;
	char *body, *captions;

	d->n_dates = 0;
	extract_reference_day(d, &y, &m, &day);
	body = doc_text(d);
	captions = doc_captions(d);
	if (!body || !captions) {
		free(body);
		free(captions);
		return DOSSIER_ENOMEM;
	}
	rc = dates_of_part(d, DOC_PART_TITLE, d->title, y, m, day);
	if (!rc)
		rc = dates_of_part(d, DOC_PART_BODY, body, y, m, day);
	if (!rc)
		rc = dates_of_part(d, DOC_PART_CAPTIONS, captions, y, m, day);
	free(body);
	free(captions);
	return rc;
}

int extract_document(const struct extract_ctx *x, struct doc *d)
{
	int rc = extract_name_pairs(d);

	if (!rc)
		rc = extract_entities(x, d);
	if (!rc)
		rc = extract_doc_dates(d);
	if (!rc)
		rc = extract_events(x, d);
	return rc;
}
