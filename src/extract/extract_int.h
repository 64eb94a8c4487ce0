/*
 * extract_int.h — what the files of extract/ share among themselves and
 * nobody else needs: the event rules, loaded with the extraction context.
 */
#ifndef DOSSIER_EXTRACT_INT_H
#define DOSSIER_EXTRACT_INT_H

#include "extract/extract.h"

struct text_ctx;
struct event_rules;

/* Loads data/events.tsv (a missing file: no rules, no events). */
int event_rules_load(struct event_rules **out, const char *path,
		     const struct text_ctx *text, struct err *e);
void event_rules_free(struct event_rules *r);

const struct event_rules *extract_ctx_events(const struct extract_ctx *x);
const struct text_ctx *extract_ctx_text(const struct extract_ctx *x);

/* True when the folded form `key` is a country or side (titles.tsv "country"). */
int extract_ctx_is_country(const struct extract_ctx *x, const char *key);

/* The publication day as a calendar day in UTC+8 (0s when unknown): the
 * reference relative dates are resolved against. */
void extract_reference_day(const struct doc *d, int *y, int *m, int *day);

#endif
