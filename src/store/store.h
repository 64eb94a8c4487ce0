/*
 * store.h — the archive: one SQLite file.
 *
 * The only module that touches SQLite.  The file is opened in WAL mode with
 * foreign keys on; its schema is versioned with PRAGMA user_version and
 * migrated forward on open.  Every statement is prepared; a document and
 * all its parts are written in one transaction, so a crash or a bad input
 * never leaves half a document behind.
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/doc.h"
#include "core/err.h"

struct store;
struct text_ctx;

/* The schema version this build writes. */
#define STORE_SCHEMA_VERSION 8

/*
 * Opens (creating if needed) the archive at `path` and migrates it to
 * STORE_SCHEMA_VERSION.  `text` (borrowed; must outlive the store) is the
 * normaliser the full-text index tokenizes with.  DOSSIER_EDB with a
 * message when the file is not a SQLite database, is damaged, or comes
 * from a newer Dossier.
 */
int store_open(struct store **out, const char *path, const struct text_ctx *text,
	       struct err *e);

/* Closes the archive (checkpointing the WAL).  NULL is a no-op. */
void store_close(struct store *s);

/*
 * Gives the work that follows on this connection `ms` milliseconds: a
 * statement still running after that is interrupted and fails (its error
 * says the request ran out of time).  0 removes the limit.  Also clears
 * what store_error_retryable() remembers.  For the HTTP server, where
 * one pathological query must not hold a worker.
 */
void store_set_deadline(struct store *s, int64_t ms);

/*
 * Reads the archive through a memory map of up to `mmap_bytes` (0: plain
 * reads).  For long-lived readers (the server): pages come straight from
 * the operating system's cache, which every connection shares.
 */
int store_tune_for_reading(struct store *s, int64_t mmap_bytes, struct err *e);

/*
 * Whether the last failure on this connection (since store_set_deadline)
 * was the archive locked by a writer past the busy timeout, or the
 * deadline: a failure worth answering "busy, retry" rather than "broken".
 */
int store_error_retryable(const struct store *s);

/*
 * How long a write on this connection waits for another connection's
 * write to finish before failing with "the archive is busy": `max_ms`, or
 * as long as it takes when negative (10 s until this is called).  Writers
 * take turns: one that held the archive long leaves it free for a moment
 * after committing.  `notice` (may be NULL) is called after the first two
 * seconds of a wait and then once a minute, with the time waited so far,
 * so that a user knows why nothing happens.
 */
typedef void (*store_wait_fn)(void *arg, int64_t waited_ms);
void store_set_wait(struct store *s, int64_t max_ms, store_wait_fn notice, void *arg);

/* Whether the deadline interrupted a statement since store_set_deadline(). */
int store_timed_out(const struct store *s);

enum store_put_result {
	STORE_INSERTED,  /* a new document */
	STORE_UPDATED,   /* same URL (or same file), new content */
	STORE_UNCHANGED, /* same URL and same content: nothing to do */
	STORE_DUPLICATE, /* same content already stored under another URL;
			    the URL is recorded as one more address of it */
};

/*
 * Stores `d` (which must have d->hash computed), deduplicating by URL and
 * by content hash: a document is identified by its URL, or, when it has
 * none, by the file it came from (d->origin).  On success `*result` says
 * what happened and d->id holds the stored document's id.  `now` (ms) is
 * recorded as the ingest or update time.  All or nothing.
 */
int store_doc_put(struct store *s, struct doc *d, int64_t now,
		  enum store_put_result *result, struct err *e);

/*
 * Groups the following store_doc_put() calls into one transaction, until
 * store_batch_commit(): the full-text index is written once per batch
 * rather than once per document, several times faster for a large ingest.
 * The transaction begins at the first document, not before, and holds the
 * archive's write lock until the commit: commit before waiting for
 * anything (input, the network), so that other writers are not held up.
 * Each document stays all or nothing (a savepoint of its own).  A write
 * that fails in a way that rolls the whole transaction back (a full disk)
 * loses the documents written in it so far: later puts fail at once, and
 * store_batch_commit() fails with the reason, so that a caller counts as
 * stored only what a successful commit made so.  A crash loses the open
 * batch, which a re-run stores again.  store_close() commits an open batch.
 */
int store_batch_begin(struct store *s, struct err *e);
int store_batch_commit(struct store *s, struct err *e);

/* Documents written in the open batch and not yet committed (0: none, or
 * the transaction has not begun). */
size_t store_batch_pending(const struct store *s);

/*
 * Merges the full-text index into one segment (FTS5's optimize): after a
 * large ingest, queries then read one b-tree per term instead of dozens,
 * several times faster.  Takes seconds per ten thousand documents.
 */
int store_fts_optimize(struct store *s, struct err *e);

/*
 * Loads document `id` with all its parts into a new doc (caller frees with
 * doc_free).  DOSSIER_ENOTFOUND when there is no such id.
 */
int store_doc_get(struct store *s, int64_t id, struct doc **out, struct err *e);

/*
 * Finds the id of the document known by `key`: a decimal id, one of its
 * URLs, or the path of the file it was read from.  DOSSIER_ENOTFOUND when
 * nothing matches.
 */
int store_doc_find(struct store *s, const char *key, int64_t *id, struct err *e);

/* Other addresses recorded for a document (as in STORE_DUPLICATE). */
int store_doc_urls(struct store *s, int64_t id, char ***urls, size_t *n,
		   struct err *e);

/* One row of a listing: borrowed strings, valid during the callback. */
struct store_doc_row {
	int64_t id;
	const char *url, *title, *source, *script, *format;
	int64_t published, fetched;
	unsigned flags; /* DOC_F_*: where `published` came from */
};

/*
 * Calls `fn` for each document, newest publication first (undated last,
 * also those an older archive dated by their fetch time),
 * at most `limit` of them (0: all).  A non-zero return from `fn` stops.
 */
typedef int (*store_row_fn)(void *arg, const struct store_doc_row *row);
int store_doc_list(struct store *s, size_t limit, store_row_fn fn, void *arg,
		   struct err *e);

/* A name with a count, for the stats breakdowns. */
struct store_count {
	char *name;
	int64_t count;
};

struct store_stats {
	int64_t documents, paragraphs, images, links, urls;
	int64_t published_min, published_max; /* DOC_TIME_NONE when none */
	int64_t fetched_min, fetched_max;
	struct store_count *sources, *scripts, *formats;
	size_t n_sources, n_scripts, n_formats;
	int schema_version;
	int64_t entities, mentions, dates, events; /* what extraction found */
	int64_t stories, stories_multi; /* stories, and those of two reports or more */
};

/* Fills `st`; release it with store_stats_release(). */
int store_stats(struct store *s, struct store_stats *st, struct err *e);
void store_stats_release(struct store_stats *st);

/* ---- search ---------------------------------------------------------------- */

/* What to search: an FTS5 expression built by query/, and filters. */
struct store_search {
	const char *match;     /* FTS5 MATCH expression (never user text) */
	const char *mask;      /* which phrases rank and are highlighted, or NULL: all */
	int64_t from, to;      /* published within [from, to] ms; DOC_TIME_NONE: open */
	const char *source;    /* only this outlet (case-insensitive), or NULL */
	const char *const *source_names; /* or any of these, NULL-terminated (every
				  * name and domain of the outlet: archives made
				  * before labelled it by some), or NULL */
	size_t limit, offset;  /* a page of results, best first */
	int snippet_chars;     /* length of snippets (code points) */
	int collapse;          /* one hit per story: its best-ranked report */
};

/* One result: borrowed strings, valid during the callback. */
struct store_hit {
	int64_t id;
	const char *url, *title, *source, *snippet;
	int64_t published;
	double score; /* higher is better */
	int64_t story;      /* the story it belongs to; 0: none */
	int64_t story_size; /* reports in that story (0: none) */
	const char *script; /* hans, hant, mixed, ... or NULL */
	unsigned flags;     /* DOC_F_*: where `published` came from */
};

typedef int (*store_hit_fn)(void *arg, const struct store_hit *hit);

/*
 * Runs a search, ranked by BM25 over the phrases the mask marks (title
 * weighted ten times the body), and calls `fn` for each hit of the page.
 * With q->collapse a story gives one hit, its best-ranked report, and the
 * page counts stories.  DOSSIER_EUSAGE when FTS5
 * rejects the expression (a bug in query/, reported without SQLite's text).
 */
int store_search(struct store *s, const struct store_search *q, store_hit_fn fn,
		 void *arg, struct err *e);

/* The number of documents matching (ignoring limit and offset); with
 * q->collapse, the number of stories. */
int store_search_count(struct store *s, const struct store_search *q,
		       int64_t *count, struct err *e);

/*
 * Name pairs seen in the archive whose Chinese form or Latin form has the
 * folded key `key`, or, for a one-word key, whose Latin form ends with it
 * (blinken: "antony blinken"): calls `fn` once per distinct (name_key,
 * latin_key).
 */
typedef int (*store_name_fn)(void *arg, const char *name_key, const char *latin_key);
int store_names_lookup(struct store *s, const char *key, store_name_fn fn, void *arg,
		       struct err *e);

/*
 * Checks the archive: SQLite's integrity and foreign keys, and that the
 * full-text index agrees with the documents (FTS5's integrity-check,
 * which re-tokenizes every document).  DOSSIER_EDB with the first problem.
 */
int store_check(struct store *s, struct err *e);

/*
 * Calls `fn` for each term of the full-text index that starts with
 * `prefix` ("" for all), in order, with the number of documents holding
 * it (FTS5's fts5vocab).  For tests and for looking inside the index.
 */
typedef int (*store_term_fn)(void *arg, const char *term, int64_t docs);
int store_fts_terms(struct store *s, const char *prefix, store_term_fn fn, void *arg,
		    struct err *e);

/* ---- stories ---------------------------------------------------------------- */

/*
 * Every document belongs to one story: the reports of one event, from any
 * outlet, in either script (store/stories.c, judged by dedup/).  A new
 * document joins a story when it is written (store_doc_put); the story's
 * title is its most representative member's.
 */
struct store_story {
	int64_t id;
	int64_t rep_doc;      /* the most representative member */
	const char *title;    /* its title (borrowed, valid during the callback) */
	int64_t size;         /* members */
	int64_t first, last;  /* earliest and latest publication; DOC_TIME_NONE */
};

typedef int (*store_story_fn)(void *arg, const struct store_story *story);

/*
 * Calls `fn` for each story with at least `min_size` members, the most
 * recently active first (ties: the larger first), at most `limit` of them
 * (0: all), skipping `offset`.
 */
int store_stories_each(struct store *s, int64_t min_size, size_t limit, size_t offset,
		       store_story_fn fn, void *arg, struct err *e);

/*
 * Turns story grouping at store_doc_put() off (0) or back on (1, the
 * default).  Off is for measuring what grouping costs, and for a bulk load
 * followed by store_stories_rebuild().
 */
/* The number of stories of at least `min_size` reports. */
int store_stories_count(struct store *s, int64_t min_size, int64_t *count, struct err *e);

void store_set_stories(struct store *s, int on);

/* Loads one story; DOSSIER_ENOTFOUND when there is none. */
int store_story_get(struct store *s, int64_t id, store_story_fn fn, void *arg,
		    struct err *e);

/*
 * The members of story `id`, earliest publication first (as listing
 * rows), with why each joined: `reason` as dedup_reason_name() gives it
 * and the member it was found alike to (0 for the first).
 */
typedef int (*store_member_fn)(void *arg, const struct store_doc_row *row,
			       const char *reason, int64_t matched);
int store_story_members(struct store *s, int64_t id, store_member_fn fn, void *arg,
			struct err *e);

/* The story document `doc` belongs to; DOSSIER_ENOTFOUND when none. */
int store_doc_story(struct store *s, int64_t doc, int64_t *story, struct err *e);

/*
 * Assigns every document to a story again, from scratch, in order of
 * publication (after `dossier reindex` or when upgrading an archive).
 * All or nothing.
 */
int store_stories_rebuild(struct store *s, struct err *e);

/*
 * What dedup/ judges a document on, read back from the archive: its
 * fingerprint, publication, entities and events.  Release with
 * store_story_profile_release().  DOSSIER_ENOTFOUND when the document has
 * no fingerprint.
 */
struct dedup_profile;
int store_story_profile(struct store *s, int64_t doc, struct dedup_profile *out,
			struct err *e);
void store_story_profile_release(struct dedup_profile *p);

/* ---- subscriptions ----------------------------------------------------------- */

/*
 * A feed subscription and what its last fetches said (store/feeds.c).
 * Times are ms since the epoch, DOC_TIME_NONE when it never happened;
 * `interval` is in seconds.  Strings are owned: release with
 * store_feed_release() or store_feeds_free().
 */
struct store_feed {
	int64_t id;
	char *url;            /* the subscription's address (unique) */
	char *title, *site;   /* the channel's title and web site, or NULL */
	int64_t added;
	int64_t interval;     /* seconds between fetches */
	int fulltext;         /* fetch the article page of summary-only items */
	char *etag, *last_modified; /* validators of the last 200, or NULL */
	int64_t last_attempt, last_success;
	long last_status;     /* HTTP status of the last attempt; 0: none */
	char *last_error;     /* why the last attempt failed, or NULL */
	int failures;         /* attempts failed in a row */
	int64_t next_due;     /* when the next fetch is due */
	int64_t items;        /* documents stored from it (docs.feed = url) */
};

/* Default time between fetches of a subscription, and the most a failing
 * one is put off. */
#define STORE_FEED_INTERVAL 3600
#define STORE_FEED_MAX_BACKOFF 86400

void store_feed_release(struct store_feed *f);
void store_feeds_free(struct store_feed *f, size_t n);

/*
 * Subscribes to `url` (due at once) with `title` and `site` (the web
 * site; either may be NULL).  *added (may be NULL) is 1 for a new
 * subscription, 0 when it was there already (then only a missing title or
 * site is filled in).
 */
int store_feed_add(struct store *s, const char *url, const char *title,
		   const char *site, int64_t now, int *added, struct err *e);

/* Loads one subscription into `out`; DOSSIER_ENOTFOUND when there is none. */
int store_feed_get(struct store *s, const char *url, struct store_feed *out,
		   struct err *e);

/*
 * Ends a subscription.  Its documents stay in the archive (their
 * docs.feed still names it).  DOSSIER_ENOTFOUND when there is none.
 */
int store_feed_remove(struct store *s, const char *url, struct err *e);

/*
 * All subscriptions in the order they were added, or with `due_at` other
 * than DOC_TIME_NONE only those whose next_due is not after it.  Caller
 * frees with store_feeds_free(); *n is 0 (and *out NULL) when none.
 */
int store_feed_list(struct store *s, int64_t due_at, struct store_feed **out,
		    size_t *n, struct err *e);

enum store_fetch_outcome {
	STORE_FETCH_OK,           /* 200: new validators, channel title/site */
	STORE_FETCH_NOT_MODIFIED, /* 304: validators still hold */
	STORE_FETCH_FAILED,       /* error: `error` says why */
};

/* What one fetch of a subscription gave (borrowed strings; NULL: none). */
struct store_fetch_result {
	enum store_fetch_outcome outcome;
	long status;                /* HTTP status, 0 when there was none */
	const char *etag, *last_modified; /* OK: the response's validators */
	const char *title, *site;   /* OK: the channel's (NULL keeps the old) */
	const char *error;          /* FAILED: the reason */
};

/*
 * Records a fetch of `url` at `now`.  Success and not-modified clear the
 * error and the failure count and make the feed due again after its
 * interval; success also replaces the validators (with what the server
 * sent, none included).  A failure keeps the validators, counts one more
 * failure and puts the next try off by interval * 2^(failures before),
 * at most STORE_FEED_MAX_BACKOFF (or the interval, when longer).
 * DOSSIER_ENOTFOUND when `url` is not subscribed.
 */
int store_feed_record(struct store *s, const char *url,
		      const struct store_fetch_result *r, int64_t now,
		      struct err *e);

/*
 * Moves subscription `from` to `to` (a permanent redirect), with its
 * documents' docs.feed, in one transaction.  When `to` is subscribed
 * already, the two become one (`to`'s settings stay).
 * DOSSIER_ENOTFOUND when `from` is not subscribed.
 */
int store_feed_move(struct store *s, const char *from, const char *to,
		    struct err *e);

/* Per-feed settings: seconds between fetches (at least 60), and whether
 * summary-only items get their article page fetched.  DOSSIER_ENOTFOUND
 * when `url` is not subscribed. */
int store_feed_set_interval(struct store *s, const char *url, int64_t seconds,
			    struct err *e);
int store_feed_set_fulltext(struct store *s, const char *url, int on,
			    struct err *e);

/* The number of documents that arrived through subscription `url`. */
int store_feed_items(struct store *s, const char *url, int64_t *count,
		     struct err *e);

/* ---- entities ------------------------------------------------------------------ */

/* An entity with its counts; strings valid during the callback only. */
struct store_entity {
	int64_t id;
	const char *key;  /* gazetteer id, or latin:/name:/org:/forum: + folded name */
	const char *name;
	const char *type; /* person, org, place, forum */
	int64_t mentions; /* in all documents */
	int64_t docs;     /* documents mentioning it */
};

/* Receives each entity; a non-zero return stops and is returned. */
typedef int (*store_entity_fn)(void *arg, const struct store_entity *ent);

/*
 * Entities with at least one mention, most mentioned first (then in most
 * documents, then by name); only those of `type` unless it is NULL.
 */
int store_entities_list(struct store *s, const char *type, store_entity_fn fn, void *arg,
			struct err *e);

/* The entity with `key` (at most one). */
int store_entity_by_key(struct store *s, const char *key, store_entity_fn fn, void *arg,
			struct err *e);

/* The entity with id `id` (fn is not called when there is none). */
int store_entity_get(struct store *s, int64_t id, store_entity_fn fn, void *arg,
		     struct err *e);

/* The entities seen written as the folded form `alias_key` (text_normalise). */
int store_entities_by_alias(struct store *s, const char *alias_key, store_entity_fn fn,
			    void *arg, struct err *e);

/* Receives one string; a non-zero return stops and is returned. */
typedef int (*store_text_fn)(void *arg, const char *text);

/* Every surface form entity `id` was seen in, Han forms first. */
int store_entity_aliases(struct store *s, int64_t id, store_text_fn fn, void *arg,
			 struct err *e);

/* A document mentioning an entity, and how often. */
struct store_entity_doc {
	int64_t id;
	const char *url, *title, *source; /* url, source may be NULL */
	int64_t published;                /* ms, or DOC_TIME_NONE */
	int64_t mentions;
};

typedef int (*store_entity_doc_fn)(void *arg, const struct store_entity_doc *doc);

/* The documents mentioning entity `id`, oldest publication first. */
int store_entity_docs(struct store *s, int64_t id, store_entity_doc_fn fn, void *arg,
		      struct err *e);

/* ---- events (schema 4; written with their document by store_doc_put) ------------ */

/* Which events to read; NULL / 0 fields do not filter. */
struct store_event_filter {
	const char *type;     /* one event type */
	const char *from, *to; /* "YYYY-MM-DD" (or "YYYY-MM", "YYYY": the whole
				  month or year): events whose days overlap
				  [from, to] — an event dated "2023-11" overlaps
				  from "2023-11-15"; undated events pass */
};

/* One stored event with what a timeline needs; borrowed, valid during the callback. */
struct store_event {
	int64_t id, doc_id;
	const char *type, *status, *rule;
	double confidence;
	struct doc_day_span when; /* year 0: undated */
	int date_from_doc;        /* the date is the document's, not the text's */
	size_t n_actors;
	const int64_t *actor_ids;        /* entity ids */
	const char *const *actor_names;  /* entities.name */
	const char *const *actor_types;  /* entities.type */
	const char *const *actor_roles;  /* core/event.h role names: "party", "visitor", ... */
	const int64_t *actor_countries;  /* the country an actor's title names (0: none) */
	int64_t place_id;                /* 0: none */
	const char *place_name;          /* NULL: none */
	const char *sentence;            /* the sentence, as written */
	const char *url, *title, *source; /* the document's; url, source may be NULL */
	int64_t published;               /* the document's, ms, or DOC_TIME_NONE */
	const char *date, *date_end;     /* `when` as ISO text at its precision
					    ("2024-01-08", "2023-11", "2024");
					    NULL when undated / a single date */
	enum doc_part part;              /* where the sentence is: bytes */
	size_t start, len;               /*   [start, start+len) of that part */
	const char *trigger;             /* the trigger word as written, or NULL */
};

typedef int (*store_event_fn)(void *arg, const struct store_event *ev);

/*
 * Every stored event passing `f` (NULL: all), by date (undated last), then
 * document and position.  A non-zero return from `fn` stops and is returned.
 * DOSSIER_EUSAGE when `from` or `to` is not such a date.
 */
int store_events_each(struct store *s, const struct store_event_filter *f,
		      store_event_fn fn, void *arg, struct err *e);

/* The events of document `id`, in text order (none: `fn` is not called). */
int store_doc_events(struct store *s, int64_t id, store_event_fn fn, void *arg,
		     struct err *e);

/*
 * Re-extraction without re-ingesting: loads every stored document in turn
 * (store_doc_get), hands it to `fn` — which re-runs extraction on it
 * (extract_document) and may name its outlet and date again — and
 * replaces the document's name pairs, entity mentions, dates and events
 * with what `fn` left in it, and its outlet, publication time and flags
 * when `fn` changed them.  Entities and
 * aliases are rebuilt from scratch, so forms the rules no longer find go
 * away.  All in one transaction: an error or a crash leaves the archive as
 * it was.  A non-zero return from `fn` stops with that code (the message
 * names the document).  *done counts the documents re-extracted (0 after
 * an error: nothing was); `progress` (may be NULL) is called every 100
 * documents and at the end with done and total.  The text, paragraphs,
 * images, links and the full-text index are not touched.  DOSSIER_EUSAGE
 * inside a batch (store_batch_begin).
 */
typedef int (*store_reextract_fn)(void *arg, struct doc *d);
typedef void (*store_progress_fn)(void *arg, size_t done, size_t total);
int store_reindex(struct store *s, store_reextract_fn fn, store_progress_fn progress,
		  void *arg, size_t *done, struct err *e);

#endif
