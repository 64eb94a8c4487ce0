/*
 * query.h — the archive's answers in the shapes of PRODUCT.md, shared by
 * the command line and the HTTP API so the two can never disagree.
 *
 * Functions here return new jansson values (caller json_decref()s them) or
 * NULL when out of memory.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include <jansson.h>

#include "core/doc.h"
#include "core/err.h"

struct store;
struct store_stats;
struct store_doc_row;
struct store_hit;
struct text_ctx;
struct query_ctx;

/*
 * How every JSON answer is written, by the command line and the server
 * alike: compact, and reals to twelve digits (0.9, not 0.90000000000000002).
 */
#define QUERY_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

/* ---- compiling queries ----------------------------------------------------- */

/* The longest query accepted, in bytes. */
#define QUERY_MAX_BYTES 1024

/*
 * A query context: the alias table from `data_dir`/aliases.tsv (a missing
 * file is no aliases), the normaliser, and the archive whose mined names
 * (奧斯汀（Lloyd Austin）) extend the aliases.  `text` and `store` are
 * borrowed and must outlive the context.
 */
int query_ctx_new(struct query_ctx **out, const char *data_dir,
		  const struct text_ctx *text, struct store *store, struct err *e);
void query_ctx_free(struct query_ctx *q);

/* Do not expand names to their other forms (literal matching only). */
#define QUERY_LITERAL 1

/*
 * Compiles a query in Dossier's language — words and "phrases" (implicitly
 * AND), OR, NOT (a NOT b), parentheses; any script; a known name in any of
 * its forms — into an FTS5 expression (caller frees *match).  When `mask`
 * is not NULL it receives (caller frees) one character per phrase of the
 * expression, in order: '1' for phrases that rank and are highlighted,
 * 'p' for a one-character prefix phrase (ranks; only its first character
 * is highlighted), '0' for context words that only decide whether a
 * document matches
 * (国防部长 in "Lloyd Austin" → 奥斯汀 AND 国防部长).  Bad queries (empty,
 * too long, control characters, invalid UTF-8, unbalanced quotes or
 * parentheses, an operator without operands, nothing searchable) give
 * DOSSIER_EUSAGE with a message for the user.
 */
int query_compile(struct query_ctx *q, const char *text, int flags, char **match,
		  char **mask, struct err *e);

/*
 * Compiles terms that must all occur, each a literal string (it may hold
 * spaces: "Lloyd Austin" is a phrase), with no query syntax at all — the
 * benchmark kit's query form.
 */
int query_compile_terms(struct query_ctx *q, const char *const *terms, size_t n,
			int flags, char **match, char **mask, struct err *e);

/* One search hit as `search --json` prints it:
 * {"id","url","title","source","published","published_from","score",
 * "snippet","story","story_size","script"}; published_from is where the
 * date came from ("source", "url", "text"), null with an unknown date. */
json_t *query_hit_json(const struct store_hit *hit);

/*
 * A stored document as `show --json` prints it:
 * {"id","url","title","source","published","published_from",
 *  "published_precision","fetched","updated","author",
 *  "affiliation","script","format","origin","text",
 *  "paragraphs":[{"kind","text"}],"images":[{"src","caption"}],
 *  "links":[{"url","text"}],"urls":[...],"story":null}.
 * Unknown values are JSON null; times are ISO 8601 UTC.  published is null
 * when unknown; published_from says whether the document gave it
 * ("source") or it was read from its address ("url", a day) or a dated
 * line of its text ("text"); published_precision is "day" (the time of
 * day is unknown: 00:00 UTC stands for the day) or "time".
 */
json_t *query_doc_json(const struct doc *d, char **urls, size_t n_urls);

/*
 * One stored event as `show --json` lists it: {"type","status","date",
 * "date_end","actors":[names],"actor_ids":[entity ids],"place","sentence",
 * "rule","confidence"}.
 * "date" is null when undated, "date_end" null for a single date,
 * "place" null when none.  NULL when out of memory.
 */
struct store_event;
json_t *query_event_json(const struct store_event *ev);

/*
 * Adds "events":[query_event_json…] (in text order; [] when none) to the
 * document object `o` of document `id`.  DOSSIER_OK, or an error from the
 * store in `e`.
 */
int query_doc_add_events(json_t *o, struct store *s, int64_t id, struct err *e);

/*
 * One line of `stories --json`: {"story","docs":[ids],"title","size",
 * "representative","first","last"}; with_members adds "members":[the
 * list row of each, with "reason" and "matched": why it joined and the
 * member it was found alike to].  NULL on error (e filled).
 */
struct store_story;
json_t *query_story_json(struct store *s, const struct store_story *story, int with_members,
			 struct err *e);

/*
 * Sets "story" (its id), "story_title", "story_size" and "siblings" (the
 * other members as list rows with "reason" and "matched", earliest
 * first) on the document object `o` of document `id`.
 */
int query_doc_add_story(json_t *o, struct store *s, int64_t id, struct err *e);

/*
 * The whole of `show --json` for stored document `d`: query_doc_json with
 * its other addresses, plus its events and its story.  NULL on error (e
 * filled).
 */
json_t *query_show_json(struct store *s, const struct doc *d, struct err *e);

/* One row of `list --json`: {"id","url","title","source","published","script","format"}. */
json_t *query_row_json(const struct store_doc_row *row);

/*
 * `stats --json`: {"documents","paragraphs","images","links","urls",
 * "published":{"first","last"},"fetched":{"first","last"},
 * "sources":{name:count},"scripts":{...},"formats":{...},"entities","mentions",
 * "dates","events","stories","stories_multi","schema_version"}.
 */
json_t *query_stats_json(const struct store_stats *st);

/* An ISO 8601 time as a JSON string, or JSON null for DOC_TIME_NONE. */
json_t *query_time_json(int64_t ms);

/*
 * One line of `entities --json`: {"id","name","type","key","aliases":[…],
 * "mentions","docs"}; with_docs adds "documents":[{"id","url","title",
 * "source","published","mentions"}] (oldest first).  Reads the aliases
 * and documents from `s`; NULL on error (e filled, or out of memory).
 */
struct store_entity;
json_t *query_entity_json(struct store *s, const struct store_entity *ent, int with_docs,
			  struct err *e);


/* ---- finding entities by name (entfind.c) -------------------------------------- */

/*
 * The ids of the stored entities `name` names, in any form: a surface form
 * seen in the archive (either script, Latin), a form of a gazetteer entry,
 * or the folded name behind a latin:/name:/org:/forum: key — as `entities
 * NAME` finds them.  Several entities may share a form (奧斯汀: the general
 * and the Texas city); all are returned.  *ids (caller frees; NULL when
 * none) holds *n distinct ids.  DOSSIER_EUSAGE when `name` folds to
 * nothing; no match is DOSSIER_OK with *n 0.
 */
int query_entity_ids(struct query_ctx *q, const char *name, int64_t **ids, size_t *n,
		     struct err *e);

/* ---- the timeline (timeline.c) ------------------------------------------------ */

/* An actor of an event: an entity (strings owned by the event). */
struct timeline_actor {
	int64_t id;
	char *name;
	char *type;         /* person, org, place, forum */
	const char *role;   /* core/event.h: "party", "visitor", "host", ... (static) */
	int64_t country_id; /* the country the actor's title names there, 0: none */
};

/*
 * One event as a document reports it: an owned copy of a store_event.
 * `when` has year 0 when the text gives no date; with date_from_doc it is
 * the publication day (year 0 there too: the day is taken from
 * `published`, in UTC+8).
 */
struct timeline_event {
	int64_t id, doc_id;
	char *type, *status, *rule;
	double confidence;
	struct doc_day_span when;
	int date_from_doc;
	struct timeline_actor *actors;
	size_t n_actors;
	int64_t place_id;  /* 0: none */
	char *place_name;  /* NULL: none */
	char *sentence;
	char *url, *title, *source; /* the document's; any may be NULL */
	int64_t published;          /* the document's, ms, or DOC_TIME_NONE */
};

/* Fills `dst` with copies of what `src` holds; on error `dst` is empty. */
struct store_event;
int timeline_event_copy(struct timeline_event *dst, const struct store_event *src);

/* Frees what an event owns (not the struct).  NULL is a no-op. */
void timeline_event_release(struct timeline_event *ev);

/* Entities a line must include: any one of `ids` (the entities a name names). */
struct timeline_actor_filter {
	const int64_t *ids;
	size_t n;
};

/*
 * What to show; NULL / 0 fields do not filter.  Every filter applies to
 * the merged lines, so a line is shown whole or not at all.
 */
struct timeline_query {
	const char *type;      /* one of the nine event types */
	const char *from, *to; /* YYYY-MM-DD, YYYY-MM or YYYY: lines whose days overlap */
	const struct timeline_actor_filter *actors; /* each must be among a line's actors */
	size_t n_actors;
	int confident_only; /* only lines event_is_confident() says are */
};

/*
 * One real-world event with every report of it.  Strings and actors are
 * borrowed from the timeline's events (or static), except `summary`.
 */
struct timeline_line {
	const char *type, *status;
	struct doc_day_span when;   /* year 0: undated */
	int date_from_doc;          /* only publication days date it */
	const struct timeline_actor **actors; /* people first, most named first */
	size_t n_actors;
	const char *place;          /* NULL: none */
	int64_t place_id;
	double confidence;          /* the most confident source's */
	char *summary;              /* 布林肯與王毅會晤（北京）: owned */
	const struct timeline_event **sources; /* distinct (doc, sentence), publication order */
	size_t n_sources;
};

struct timeline {
	struct timeline_event *events; /* every event read, owned */
	size_t n_events;
	struct timeline_line *lines;   /* by date (then type), undated last */
	size_t n_lines;
};

/*
 * Checks a query before any work: DOSSIER_EUSAGE with a message for the
 * user ("--type must be one of …", "--from wants a date as …") when its
 * type or dates are malformed.  NULL is a good query.
 */
int timeline_query_check(const struct timeline_query *q, struct err *e);

/*
 * Merges events into lines, one per real-world event, and applies `q`
 * (NULL: no filters).  Takes ownership of `events` (malloc'd, each filled
 * as timeline_event_copy() fills it) even on error.  The rules:
 *
 * - types must be equal, except that meet and talks are one family (the
 *   line takes the type most of its sources give; a tie is meet);
 * - actors: when both events name people, they share at least
 *   min(2, the smaller number of people); else they share at least
 *   min(2, the smaller number of actors), and always at least one;
 * - dates: occurred events' days overlap, with one day of slack when
 *   both are day-precise (time zones); planned, proposed, refused or
 *   cancelled events and requests or refusals to meet, 31 days;
 * - an event joins a line only when it agrees with the line's first,
 *   most precise event (no chaining), choosing the line sharing most
 *   actors, then the nearest;
 * - events dated only by their document join the most recent line dated
 *   on or before the publication day within 365 days (a plan, also one
 *   dated up to 31 days after), else form lines of their own, dated by
 *   the publication day;
 * - undated events join the compatible line sharing most actors when
 *   exactly one does, else stand last, undated.
 *
 * DOSSIER_EUSAGE (with a message for the user) for a bad type or date in
 * `q`.  Free the result with timeline_free().
 */
int timeline_merge(struct timeline_event *events, size_t n, const struct timeline_query *q,
		   struct timeline **out, struct err *e);

/*
 * Reads the events of the archive (store_events_each, with a range
 * widened by the merge windows) and merges them as timeline_merge does.
 */
int timeline_build(struct store *s, const struct timeline_query *q, struct timeline **out,
		   struct err *e);

/* Frees a timeline and its events.  NULL is a no-op. */
void timeline_free(struct timeline *t);

/*
 * Writes a day span as the timeline shows it into out[0..TIMELINE_DATE_MAX):
 * "2024-01-08" (day or week), "2024-01" (month), "2024" (year); `end`
 * selects the end of a range.  Returns 0, or -1 when there is nothing to
 * write (undated, or no end).
 */
#define TIMELINE_DATE_MAX 16
int timeline_format_date(const struct doc_day_span *when, int end, char *out);

/*
 * One line of `timeline --json`: {"date","date_end","precision",
 * "date_from_doc","type","status","actors":[names],"actor_ids":[…],
 * "place","summary","confidence","sources":[{"doc","url","sentence",
 * "source","title","published","type","status","rule","confidence"}]}.
 * Undated lines have "date":null.
 */
json_t *timeline_line_json(const struct timeline_line *l);

#endif
