/*
 * store_int.h — shared by the files of src/store/ only.
 */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct text_ctx;
struct doc;
struct stories_cache;
typedef struct fts5_api fts5_api;

/* Prepared statements kept for reuse: ingest runs the same few thousands
 * of times, and compiling SQL each time cost more than running it. */
#define STMT_CACHE 96

/* A connection's first wait for another writer, before store_set_wait(). */
#define STORE_WAIT_DEFAULT_MS 10000
/* When a wait is first reported to the store_set_wait() notice, and then how often. */
#define STORE_WAIT_NOTICE_MS 2000
#define STORE_WAIT_NOTICE_EVERY_MS 60000
/* A write transaction held this long is followed by a pause this long,
 * in which a waiting writer gets the lock (store_txn_commit). */
#define STORE_YIELD_AFTER_MS 200
#define STORE_YIELD_MS 10

/* One connection to the archive and what it keeps between calls. */
struct store {
	sqlite3 *db;
	const struct text_ctx *text;
	int in_batch;         /* store_batch_begin() until store_batch_commit() */
	int batch_open;       /* the batch's transaction has begun (at its first document) */
	size_t batch_docs;    /* documents written in it, not yet committed */
	struct err batch_lost; /* why the batch's transaction was rolled back, if it was */
	int no_stories; /* store_set_stories(s, 0): documents join no story */
	struct stories_cache *stories_cache; /* lazily allocated (stories.c) */
	int64_t deadline_ns;  /* store_set_deadline(): CLOCK_MONOTONIC, 0 = none */
	int timed_out;        /* the progress handler interrupted a statement */
	int64_t wait_max_ms;  /* store_set_wait(): negative = no limit */
	store_wait_fn wait_notice;
	void *wait_notice_arg;
	int64_t wait_started_ns, wait_noticed_ms; /* the current wait for a lock */
	int64_t txn_began_ns; /* when the open write transaction began */
	struct {
		char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
};

/* The connection of a store, for the other files of src/store/. */
sqlite3 *store_db(struct store *s);

/* Sets `e` from the connection's last error, with `what` in front. */
int store_db_error(sqlite3 *db, struct err *e, const char *what);
int store_error(struct store *s, struct err *e, const char *what);

/* ---- small statement helpers (store.c) ---- */

/* Binds text, or NULL for a NULL pointer (SQLITE_STATIC: `v` must outlive the step). */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Binds a time in ms, or NULL for DOC_TIME_NONE; store_column_time reads it back. */
void store_bind_time(sqlite3_stmt *st, int i, int64_t v);
int64_t store_column_time(sqlite3_stmt *st, int i);
const char *store_column_text(sqlite3_stmt *st, int i);
/* Steps a statement that returns no rows and ends its use; `what` names a failure. */
int store_run(struct store *s, sqlite3_stmt *st, struct err *e, const char *what);
/* One integer from a query with one text parameter; *id 0 when no row. */
int store_lookup_id(struct store *s, const char *sql, const char *arg, int64_t *id,
		    struct err *e);
/* One integer from a query without parameters (DOC_TIME_NONE for NULL). */
int store_query_int(struct store *s, const char *sql, int64_t *out, struct err *e);
/* Up to `max` document ids greater than `after`, ascending, into ids[0..*n):
 * documents are read in chunks so that no cursor stays open across writes. */
int store_doc_ids_after(struct store *s, int64_t after, int64_t *ids, size_t max,
			size_t *n, struct err *e);

/* Deletes the rows of document `id` that each statement of `sql` names (?1). */
int store_clear_doc_rows(struct store *s, int64_t id, const char *const *sql, size_t n,
			 struct err *e);

/*
 * A write transaction: BEGIN IMMEDIATE, waiting for other writers as
 * store_set_wait() says; COMMIT (rolled back when it fails, `what` naming
 * the failure), then a short pause after a long one so that a waiting
 * writer takes its turn; ROLLBACK (when one is open) with the caches
 * that may hold rows it wrote.
 */
int store_txn_begin(struct store *s, struct err *e);
int store_txn_commit(struct store *s, const char *what, struct err *e);
void store_txn_rollback(struct store *s);

/* ---- schema.c ---- */

/* Creates the schema or migrates it to STORE_SCHEMA_VERSION. */
int store_schema_migrate(struct store *s, struct err *e);

/* ---- write.c ---- */

/* The document known by url's key (http or https, www. or not, tracking
 * parameters or none); *id 0 when none. */
int store_lookup_url(struct store *s, const char *url, int64_t *id, struct err *e);

/* Stores d->source, d->published and d->flags on document d->id when they
 * differ: what ingest (or reindex) now says of where and when it appeared. */
int store_write_provenance(struct store *s, const struct doc *d, struct err *e);

/* ---- extracted.c ---- */

/*
 * What extraction read out of document d->id — name pairs, entity mentions
 * (with their entities and aliases), dates and events — replacing what was
 * stored for it.  `body` and `captions` are its stored text.
 */
int store_write_extracted(struct store *s, const struct doc *d, const char *body,
			  const char *captions, struct err *e);

/* Registers the "dossier" tokenizer and the snippet function on `db`. */
int store_fts_register(sqlite3 *db, const struct text_ctx *text, struct err *e);

/*
 * Registers dossier_snippet(fts, max_chars, mask): an extract of the best
 * matching column around its first matches, in the document's own text,
 * with every match of a phrase the mask marks '1' wrapped in « and ».
 */
int store_snippet_register(fts5_api *api, const struct text_ctx *text,
			   struct err *e);

/* Registers dossier_rank(fts, mask): BM25 over the phrases the mask marks '1'. */
int store_rank_register(fts5_api *api, struct err *e);

/*
 * The connection's statement cache, for the other files of src/store/:
 * a cached statement is prepared once per connection; store_stmt_done()
 * resets it for the next use.
 */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e);
void store_stmt_done(struct store *s, sqlite3_stmt *st);

/* Whether a batch of writes is open (store_batch_begin). */
int store_in_batch(const struct store *s);

/* The normaliser the store was opened with. */
const struct text_ctx *store_text(const struct store *s);

/*
 * Stories (stories.c), inside the caller's transaction.  stories_assign()
 * fingerprints a document just written (its entities and events stored)
 * and puts it in the story of the most alike candidate, or a new one;
 * stories_detach() takes a document out of its story and the indexes
 * before its content is replaced; stories_rebuild() assigns every
 * document again, in order of publication.
 */
int stories_assign(struct store *s, const struct doc *d, struct err *e);
int stories_detach(struct store *s, int64_t doc, struct err *e);
int stories_rebuild(struct store *s, struct err *e);

/*
 * The profiles stories.c has read back, kept per connection
 * (store_stories_cache; NULL when it could not be allocated).  Cleared when
 * a write is rolled back; freed with the store.
 */
struct stories_cache *store_stories_cache(struct store *s);
struct stories_cache *stories_cache_new(void);
void stories_cache_clear(struct stories_cache *c);
void stories_cache_free(struct stories_cache *c);

#endif
