/*
 * The extraction pass as a whole: what ingest runs on each new document
 * and reindex on each stored one, so that both read a text the same way.
 */
#include <stdio.h>
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
			 int day, size_t *dropped)
{
	struct extract_date *found = NULL;
	size_t n = 0;
	struct err e = { 0 };
	int rc;

	if (!text || !*text)
		return DOSSIER_OK;
	rc = extract_dates_counting(text, strlen(text), y, m, day, &found, &n, dropped, &e);
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

/* extract_doc_dates(), adding to *dropped the dates past the cap. */
static int doc_dates(struct doc *d, size_t *dropped)
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
	rc = dates_of_part(d, DOC_PART_TITLE, d->title, y, m, day, dropped);
	if (!rc)
		rc = dates_of_part(d, DOC_PART_BODY, body, y, m, day, dropped);
	if (!rc)
		rc = dates_of_part(d, DOC_PART_CAPTIONS, captions, y, m, day, dropped);
	free(body);
	free(captions);
	return rc;
}

int extract_doc_dates(struct doc *d)
{
	size_t dropped = 0;

	return doc_dates(d, &dropped);
}

int extract_document_noting(const struct extract_ctx *x, struct doc *d,
			    struct extract_notes *notes)
{
	struct extract_notes ignored;
	int rc;

	if (!notes)
		notes = &ignored;
	memset(notes, 0, sizeof *notes);
	rc = extract_name_pairs(d);
	if (!rc)
		rc = extract_entities(x, d);
	if (!rc)
		rc = doc_dates(d, &notes->dates_dropped);
	if (!rc)
		rc = events_extract(x, d, notes);
	return rc;
}

int extract_document(const struct extract_ctx *x, struct doc *d)
{
	return extract_document_noting(x, d, NULL);
}

void extract_notes_describe(const struct extract_notes *notes, char *out, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	out[0] = '\0';
	if (notes->sentences_cut)
		n += (size_t)snprintf(out, size,
				      "%zu sentence%s longer than %d bytes read in pieces: events across the cuts are lost",
				      notes->sentences_cut, notes->sentences_cut == 1 ? "" : "s",
				      EXTRACT_SENTENCE_MAX);
	if (notes->sentences_crowded && n < size)
		n += (size_t)snprintf(out + n, size - n,
				      "%s%zu sentence%s with more than %d meeting words read only for the first %d",
				      n ? "; " : "", notes->sentences_crowded,
				      notes->sentences_crowded == 1 ? "" : "s", EXTRACT_TRIGGERS_MAX,
				      EXTRACT_TRIGGERS_MAX);
	if (notes->dates_dropped && n < size)
		snprintf(out + n, size - n, "%s%zu dates past the first %zu of a part not kept",
			 n ? "; " : "", notes->dates_dropped, (size_t)EXTRACT_DATES_MAX);
}
