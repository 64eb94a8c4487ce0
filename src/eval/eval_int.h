/*
 * eval_int.h — what the files of eval/ share: calendar spans, the
 * accumulated counts, the list of misses and false alarms.
 */
#ifndef DOSSIER_EVAL_INT_H
#define DOSSIER_EVAL_INT_H

#include "core/buf.h"
#include "eval/eval.h"


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

#define EVAL_TRUST_MAX 64

struct eval {
	const struct text_ctx *text;
	struct eval_counts counts[EVAL_KINDS][EVAL_MAX_TYPES];
	size_t gold[EVAL_KINDS];
	size_t documents;
	size_t repeats; /* extracted events that tell a matched one again */
	size_t nonevents, nonevents_as_occurred; /* gold nonevents; told as occurred */
	size_t not_occurred, not_occurred_as_occurred; /* gold events that did not
						       * occur; matched by occurred ones */
	size_t roles_gold, roles_right; /* roles of matched events' actors (not party) */
	size_t matched, matched_extra;  /* matched events; of them, naming an actor the
					 * gold does not (F1 forgives it, a reader not) */
	/* Extracted events by what they were read with, right (matched, status
	 * too) or not (a false alarm or the wrong status): how far each kind
	 * of reading can be trusted, to calibrate confidence on. */
	struct eval_trust {
		char name[32];
		size_t right, wrong;
	} trust[EVAL_TRUST_MAX];
	size_t n_trust;
	struct eval_item *items;
	size_t n_items, cap_items;
	struct buf warnings;
};

/* The type names of `kind`, NULL-terminated. */
const char *const *eval_kind_types(enum eval_kind kind);

/* The name of `kind` in reports: "entity", "date", "event". */
const char *eval_kind_name(enum eval_kind kind);

/* The index of `type` among the types of `kind`, or -1. */
int eval_type_index(enum eval_kind kind, const char *type);

/* Adds to the counts of `kind` and `type` (an unknown type is not counted). */
void eval_count(struct eval *ev, enum eval_kind kind, const char *type, int tp, int fp,
		int fn);

/* Adds a line to the list under the tables; `text` is taken (freed on
 * failure, and NULL is DOSSIER_ENOMEM). */
int eval_add_item(struct eval *ev, enum eval_kind kind, const char *what, const char *doc,
		  char *text);

/* printf into a new string (caller frees); NULL when out of memory. */
char *eval_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An extracted date as ISO into out (EXTRACT_DATE_STR_MAX bytes); "-" when none. */
void eval_format_when(const struct doc_day_span *w, char *out);

/* What scoring reads of one document. */
struct scored_doc {
	struct eval *ev;
	const struct eval_gold *g;
	const struct doc *d;
	const char *part[3]; /* title, body, captions */
	size_t part_len[3];
	char *body, *captions;
	char *folded_all;    /* the three parts folded, for "is it in there?" */
	char ***forms;       /* per extracted entity: its mentions' texts, folded */
	size_t *n_forms;
	char **names;        /* per extracted entity: its name, folded */
};

/* s[0..len) folded through the normaliser (caller frees); NULL when out of memory. */
char *eval_fold(const struct eval *ev, const char *s, size_t len);

/* Folded copies of list[0..n) into *out (free with eval_free_folded()). */
int eval_fold_list(const struct eval *ev, char *const *list, size_t n, char ***out);
void eval_free_folded(char **list, size_t n);

/* Is `s` one of list[0..n)? */
int eval_in_list(char *const *list, size_t n, const char *s);

/* Notes gold text missing from the document: "FILE:LINE: what not in the document: s". */
int eval_warn(struct scored_doc *sd, unsigned line, const char *what, const char *s);

/* Is folded `s` anywhere in the document's folded text? */
int eval_doc_has(const struct scored_doc *sd, const char *s);

/* Scores the events of one document (score_events.c). */
int eval_score_events(struct scored_doc *sd);

#endif
