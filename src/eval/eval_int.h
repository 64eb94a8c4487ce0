/*
 * eval_int.h — what the files of eval/ share: calendar spans, the
 * accumulated counts, the list of misses and false alarms.
 */
#ifndef DOSSIER_EVAL_INT_H
#define DOSSIER_EVAL_INT_H

#include "core/buf.h"
#include "eval/eval.h"

/* Event types in report order, NULL-terminated. */
extern const char *const eval_event_types[];

/* Entity types, date classes, event types: at most this many per kind. */
#define EVAL_MAX_TYPES 10

/* Calendar days first..last (day numbers) and how precisely they were given. */
struct eval_span {
	long first, last;
	int precision; /* 0 day, 1 week, 2 month, 3 year, as doc_day_span */
	int range;     /* written as first/last */
};

/*
 * Parses an ISO value: 2024-01-08, 2023-11, 2024, or two of one shape
 * joined by "/" (a range, the first not after the last).  Returns 0 or -1.
 */
int eval_span_parse(const char *s, struct eval_span *out);

/*
 * The class a value is counted under: "day", "week" (a Monday-to-Sunday
 * range), "month", "year" or "range".
 */
const char *eval_span_class(const struct eval_span *s);

/* One line of the list under the tables. */
struct eval_item {
	enum eval_kind kind;
	const char *what; /* "miss", "false", "wrong", "type", "status" */
	char *doc;
	char *text;
};

struct eval {
	const struct text_ctx *text;
	struct eval_counts counts[EVAL_KINDS][EVAL_MAX_TYPES];
	size_t gold[EVAL_KINDS];
	size_t documents;
	struct eval_item *items;
	size_t n_items, cap_items;
	struct buf warnings;
};

/* The type names of `kind`, NULL-terminated. */
const char *const *eval_kind_types(enum eval_kind kind);

/* The name of `kind` in reports: "entity", "date", "event". */
const char *eval_kind_name(enum eval_kind kind);

#endif
