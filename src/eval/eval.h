/*
 * eval.h — how well extraction reads a text, measured against gold
 * annotations written by people (docs/ANNOTATION.md: the format and the
 * guidelines).
 *
 * A gold file annotates one document: its entities with the forms they
 * take in it, its date expressions with what they mean, and the events it
 * reports.  The document is read through the real ingest pipeline (which
 * runs extract_document()), and what came out is compared with the gold:
 * true positives, false alarms and misses per kind (entities, dates,
 * events; events once ignoring the status and once requiring it) and per
 * type, and every miss and false alarm listed for a person to look at.
 *
 *	struct eval *ev;
 *	eval_new(&ev, text);
 *	eval_gold_load("x.gold", &g, &e);
 *	eval_run_gold(ev, ingest, g, base, &e);   (or eval_score_doc on a doc)
 *	eval_report_text(ev, 0, &out);
 *	eval_free(ev);
 */
#ifndef DOSSIER_EVAL_H
#define DOSSIER_EVAL_H

#include <jansson.h>
#include <stddef.h>

#include "core/doc.h"
#include "core/err.h"

struct buf;
struct text_ctx;
struct ingest_ctx;

/* ---- gold annotations -------------------------------------------------------- */

struct eval_gold_entity {
	char *type;   /* person org place forum */
	char *name;   /* display name */
	char **forms; /* surface forms as written in the document */
	size_t n_forms;
	unsigned line;
};

struct eval_gold_date {
	char *expr;  /* the expression exactly as written */
	char *value; /* ISO: 2024-01-08, 2023-11, 2024, or first/last */
	unsigned line;
};

struct eval_gold_event {
	char *type, *status;
	char *date;   /* ISO as for dates, or "-" (any date accepted) */
	char **actors;
	char **roles; /* one per actor: "party", "visitor", "requester", ... */
	size_t n_actors;
	char *place;  /* or "-" */
	char *anchor; /* a short substring of one sentence reporting it */
	unsigned line;
};

/*
 * A sentence that mentions an engagement which did not happen as an event
 * of the document (negated, denied, asked, hypothetical, wished, claimed,
 * counted, or only referring back): reported as one, it is a false
 * occurrence.
 */
struct eval_gold_nonevent {
	char *type;   /* what the engagement would have been */
	char *why;    /* negated denied question hypothetical wish claim aggregate reference */
	char **actors; /* as the text names them; none for "-" */
	size_t n_actors;
	char *anchor;
	unsigned line;
};

/* One gold file: one document and what it holds. */
struct eval_gold {
	char *file; /* the gold file, for messages */
	char *doc;  /* the document's path as written (relative to the base) */
	struct eval_gold_entity *entities;
	size_t n_entities;
	struct eval_gold_date *dates;
	size_t n_dates;
	struct eval_gold_event *events;
	size_t n_events;
	struct eval_gold_nonevent *nonevents;
	size_t n_nonevents;
};

/*
 * Parses the gold annotations text[0..len) read from `file` (named in
 * messages) into *out (free with eval_gold_free()).  Lines are
 * TAB-separated; blank lines and lines starting with # are ignored.  A
 * malformed line is DOSSIER_EPARSE with the message "FILE:LINE: why" (an
 * unknown kind, type or status, a wrong number of fields, a date that is
 * no ISO date, an anchor over 12 characters, a second or missing `doc`
 * line); *out is NULL then.
 */
int eval_gold_parse(const char *file, const char *text, size_t len, struct eval_gold **out,
		    struct err *e);

/* eval_gold_parse() on the file at `path` (DOSSIER_EIO when unreadable). */
int eval_gold_load(const char *path, struct eval_gold **out, struct err *e);

/* Frees a gold file's annotations.  NULL is a no-op. */
void eval_gold_free(struct eval_gold *g);

/* ---- scoring ----------------------------------------------------------------- */

enum eval_kind {
	EVAL_ENTITY,
	EVAL_DATE,
	EVAL_EVENT,        /* status ignored */
	EVAL_EVENT_STRICT, /* status required */
	EVAL_KINDS
};

struct eval_counts {
	size_t tp, fp, fn;
};

/* Accumulated scores over any number of documents. */
struct eval;

/* A new, empty evaluation; `text` (borrowed, must outlive it) folds names. */
int eval_new(struct eval **out, const struct text_ctx *text);

/* Frees the evaluation.  NULL is a no-op. */
void eval_free(struct eval *ev);

/*
 * Compares what extraction put into `d` (entities and mentions, dates,
 * events) with the gold `g` and adds the counts and the list of misses and
 * false alarms (named by g->doc) to `ev`:
 *
 * - entities: a gold entity matches an extracted entity of the same type
 *   one of whose mentions reads, folded, like one of its forms; one to
 *   one, in gold order (an extracted entity without mentions is not
 *   counted);
 * - dates: distinct (expression, value) pairs; the same expression with
 *   another value is a wrong resolution, a miss and a false alarm at once;
 *   counted by the precision of the value (day, week, month, year, range);
 * - events: the extracted events with the same type, status, date and
 *   actors count once; a gold event matches one of the same type (meet and
 *   talks are one family; the confusion is listed), whose actors include
 *   every gold actor (compared with every form of the extracted entity),
 *   and whose date agrees (a gold day: a day-precise date overlapping it;
 *   a gold month or year: a date inside it; "-": any date); pairs are
 *   chosen greedily, exact type and status first, then nearest the
 *   anchor.  The strict count also requires the status.
 *
 * Gold text not found in the document (an anchor, a date expression, an
 * entity none of whose forms occur) is a warning (eval_warnings()), not an
 * error.  DOSSIER_ENOMEM is the only failure.
 */
int eval_score_doc(struct eval *ev, const struct eval_gold *g, const struct doc *d,
		   struct err *e);

/*
 * Reads the document g->doc names (relative to `base` unless absolute)
 * through `ingest` (which runs extraction) and scores it with
 * eval_score_doc().  A missing or unreadable document, one ingest refuses,
 * or a file holding more than one document (a feed) is an error naming the
 * path and the reason; `ev` is unchanged then.
 */
int eval_run_gold(struct eval *ev, struct ingest_ctx *ingest, const struct eval_gold *g,
		  const char *base, struct err *e);

/*
 * The counts of `kind` for one type (entity types, date precisions "day"
 * "week" "month" "year" "range", event types) or, with type NULL, overall.
 * DOSSIER_EUSAGE for a type the kind does not have.
 */
int eval_counts(const struct eval *ev, enum eval_kind kind, const char *type,
		struct eval_counts *out);

/* How many gold items of `kind` were scored (EVAL_EVENT_STRICT as EVAL_EVENT). */
size_t eval_gold_items(const struct eval *ev, enum eval_kind kind);

/* Problems with the gold found while scoring, one per line ("" when none);
 * valid until the next call on `ev`. */
const char *eval_warnings(const struct eval *ev);

/*
 * Appends the report to `out`: a table per kind (tp, fp, fn, P, R, F1 per
 * type and overall) and, unless `quiet`, one line per miss, false alarm,
 * wrong resolution, type confusion and wrong status.
 */
int eval_report_text(const struct eval *ev, int quiet, struct buf *out);

/*
 * The report as one JSON object (new reference; NULL when out of memory):
 * {"documents", "entities"|"dates"|"events"|"events_strict": {"gold",
 * "overall": {tp,fp,fn,precision,recall,f1}, "types": {TYPE: {...}}},
 * "items": [{"kind","what","doc","text"}]}.
 */
json_t *eval_report_json(const struct eval *ev);

/* ---- stories (stories.c) ------------------------------------------------------- */

/* The headline numbers of a story evaluation. */
struct eval_stories_result {
	double precision, recall, f1; /* pairs, stories formed at ingest */
	double judge_f1;              /* pairs, dedup_compare() alone */
	size_t hard_pairs, hard_merged; /* document pairs of hard-negative stories */
	size_t unscored;              /* documents that could not be ingested */
};

/*
 * Scores story grouping against a labelled set: `gold` lists documents
 * (PATH<TAB>STORY[<TAB>KIND[<TAB>NOTE]], paths relative to `base`), `hard`
 * (may be NULL) pairs of stories that share actors but are different
 * events (STORY<TAB>STORY[<TAB>WHY]).  The documents are ingested in the
 * order listed into an in-memory archive and the stories formed are scored
 * over pairs (tests/data/stories/README.md).  Appends the report to `out`;
 * `sweep` adds the threshold and shingle-size tables.  A document that
 * cannot be read is listed in the report and left out; a malformed line
 * is DOSSIER_EPARSE naming the file and line.
 */
int eval_stories_run(const struct text_ctx *t, struct ingest_ctx *ic, const char *gold,
		     const char *hard, const char *base, int sweep, struct buf *out,
		     struct eval_stories_result *res, struct err *e);

#endif
