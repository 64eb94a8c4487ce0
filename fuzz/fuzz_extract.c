/*
 * libFuzzer target for extract_document(): any bytes as a document (the
 * first line its title, the rest paragraphs split at blank lines, the
 * first byte picking a publication day or none) run through name pairs,
 * entities, dates and events with the project's data files.  Whatever it
 * finds must point inside the text: mentions, dates and event sentences
 * within their part, triggers within their sentence, actors and places
 * among the document's entities — never a crash, a leak or a read past
 * the input.  The document is then fingerprinted (dedup/) and hashed over
 * NFKC text as ingest does, and compared with itself: one story, always.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "dedup/dedup.h"
#include "extract/extract.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct text_ctx *text;
static struct extract_ctx *extract;

static void load_once(void)
{
	const char *dir = getenv("DOSSIER_DATA");
	struct err e;

	if (extract)
		return;
	if (text_ctx_new(&text, &e) ||
	    extract_ctx_new(&extract, dir && *dir ? dir : DOSSIER_DATA_DIR, text, &e)) {
		fprintf(stderr, "fuzz_extract: %s\n", e.msg);
		abort();
	}
}

static size_t part_len(const struct doc *d, enum doc_part part, const char *body,
		       const char *captions)
{
	return strlen(part == DOC_PART_TITLE ? (d->title ? d->title : "")
		      : part == DOC_PART_BODY ? body
					      : captions);
}

static void check(const struct doc *d)
{
	char *body = doc_text(d), *captions = doc_captions(d);

	if (!body || !captions)
		abort();
	for (size_t i = 0; i < d->n_mentions; i++) {
		const struct doc_mention *m = &d->mentions[i];

		if (m->entity >= d->n_entities ||
		    m->start + m->len > part_len(d, m->part, body, captions))
			abort();
	}
	for (size_t i = 0; i < d->n_dates; i++) {
		const struct doc_date *t = &d->dates[i];

		if (t->start + t->len > part_len(d, t->part, body, captions))
			abort();
	}
	for (size_t i = 0; i < d->n_events; i++) {
		const struct doc_event *ev = &d->events[i];

		if (ev->start + ev->len > part_len(d, ev->part, body, captions) ||
		    ev->trigger < ev->start || ev->trigger + ev->trigger_len > ev->start + ev->len ||
		    (ev->place != DOC_NO_ENTITY && ev->place >= d->n_entities) || !ev->type ||
		    !ev->status || !ev->rule || ev->confidence <= 0 || ev->confidence > 1)
			abort();
		for (size_t k = 0; k < ev->n_actors; k++) {
			if (ev->actors[k] >= d->n_entities)
				abort();
		}
	}
	free(body);
	free(captions);
}

/* A document is alike to itself, and its NFKC hash is computed. */
static void check_fingerprint(struct doc *d)
{
	struct dedup_fingerprint fp;

	if (dedup_fingerprint(text, d, DEDUP_SHINGLE, &fp) != DOSSIER_OK)
		abort();
	if (fp.shingles && (dedup_jaccard(&fp, &fp) != 1.0 || dedup_overlap(&fp, &fp) != 1.0))
		abort();
	if (text_doc_hash(text, d) != DOSSIER_OK || strlen(d->hash) != 64)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc *d;
	char *copy = malloc(size + 1), *p, *end;

	load_once();
	d = doc_new();
	if (!copy || !d) {
		free(copy);
		doc_free(d);
		return 0;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (size && data[0] % 3)
		d->published = 1699356900000LL + (int64_t)(data[0] % 97) * 86400000LL * 9;
	p = copy;
	end = strchr(p, '\n');
	if (end)
		*end = '\0';
	doc_set(&d->title, p, (size_t)-1);
	p = end ? end + 1 : copy + size;
	while (p < copy + size) {
		end = strstr(p, "\n\n");
		if (end)
			*end = '\0';
		doc_add_para(d, DOC_PARA_TEXT, p);
		p = end ? end + 2 : copy + size;
	}
	if (extract_document(extract, d) == DOSSIER_OK)
		check(d);
	check_fingerprint(d);
	doc_free(d);
	free(copy);
	return 0;
}
