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
#define STORE_SCHEMA_VERSION 2

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
 * Each document stays all or nothing (a savepoint of its own); a crash
 * loses the uncommitted batch, which a re-run stores again.
 * store_close() commits an open batch.
 */
int store_batch_begin(struct store *s, struct err *e);
int store_batch_commit(struct store *s, struct err *e);

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
};

/*
 * Calls `fn` for each document, newest publication first (undated last),
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
	size_t limit, offset;  /* a page of results, best first */
	int snippet_chars;     /* length of snippets (code points) */
};

/* One result: borrowed strings, valid during the callback. */
struct store_hit {
	int64_t id;
	const char *url, *title, *source, *snippet;
	int64_t published;
	double score; /* higher is better */
};

typedef int (*store_hit_fn)(void *arg, const struct store_hit *hit);

/*
 * Runs a search, ranked by BM25 over the phrases the mask marks (title
 * weighted ten times the body), and calls `fn` for each hit of the page.  DOSSIER_EUSAGE when FTS5
 * rejects the expression (a bug in query/, reported without SQLite's text).
 */
int store_search(struct store *s, const struct store_search *q, store_hit_fn fn,
		 void *arg, struct err *e);

/* The number of documents matching (ignoring limit and offset). */
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

#endif
