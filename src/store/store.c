/*
 * The archive file: opening and closing a connection, the mapping of
 * SQLite's errors to Dossier's, the per-request deadline, and the
 * statement cache and small helpers the other files of store/ share.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datetime.h"
#include "store/store_int.h"
#include "text/text.h"

/* ---- errors ---------------------------------------------------------------- */

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

int store_error(struct store *s, struct err *e, const char *what)
{
	return store_db_error(s->db, e, what);
}

/*
 * Whether the last database error on this thread was a lock held by
 * another writer.  Thread-local rather than per store because errors are
 * classified where only the sqlite3 handle is at hand; each thread uses
 * its own connection, so the two are the same thing.
 */
static _Thread_local int last_error_busy;

int store_db_error(sqlite3 *db, struct err *e, const char *what)
{
	int code = sqlite3_errcode(db);

	last_error_busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
	if (code == SQLITE_INTERRUPT)
		return err_set(e, DOSSIER_EDB, "%s: the request ran out of time", what);

	if (code == SQLITE_NOTADB)
		return err_set(e, DOSSIER_EDB, "%s: the file is not a Dossier archive (not a SQLite database)", what);
	if (code == SQLITE_CORRUPT)
		return err_set(e, DOSSIER_EDB, "%s: the archive is damaged (%s)", what,
			       sqlite3_errmsg(db));
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return err_set(e, DOSSIER_EDB, "%s: the archive is busy (another process is writing)", what);
	if (code == SQLITE_FULL)
		return err_set(e, DOSSIER_EDB, "%s: the disk is full", what);
	if (code == SQLITE_READONLY)
		return err_set(e, DOSSIER_EDB, "%s: the archive is read-only", what);
	return err_set(e, DOSSIER_EDB, "%s: %s", what, sqlite3_errmsg(db));
}


static int wait_for_lock(void *arg, int count);

int store_open(struct store **out, const char *path, const struct text_ctx *text,
	       struct err *e)
{
	struct store *s = calloc(1, sizeof *s);
	int rc;

	*out = NULL;
	if (!s)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
						  SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = err_set(e, DOSSIER_EDB, "cannot open archive %s: %s", path,
			     s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 0);
	store_set_wait(s, STORE_WAIT_DEFAULT_MS, NULL, NULL);
	sqlite3_busy_handler(s->db, wait_for_lock, s);
	/* WAL: readers (search, serve) never block the writer (ingest).
	 * synchronous=NORMAL is safe against a killed process in WAL mode. */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
				"PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_error(s, e, "cannot open archive");
		goto fail;
	}
	s->text = text;
	rc = store_fts_register(s->db, text, e);
	if (!rc)
		rc = store_schema_migrate(s, e);
	if (rc)
		goto fail;
	*out = s;
	return DOSSIER_OK;
fail:
	store_close(s);
	return rc;
}

/* Interrupts the running statement once the deadline has passed. */
static int past_deadline(void *arg)
{
	struct store *s = arg;

	if (datetime_monotonic_ns() < s->deadline_ns)
		return 0;
	s->timed_out = 1;
	return 1;
}

void store_set_deadline(struct store *s, int64_t ms)
{
	s->timed_out = 0;
	last_error_busy = 0;
	if (ms <= 0) {
		s->deadline_ns = 0;
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
		return;
	}
	s->deadline_ns = datetime_monotonic_ns() + ms * 1000000;
	/* Every thousand virtual-machine steps: a clock read (vDSO, tens of
	 * nanoseconds) each time costs about a percent of a search. */
	sqlite3_progress_handler(s->db, 1000, past_deadline, s);
}

/* ---- waiting for other writers ------------------------------------------------ */

/*
 * SQLite's busy handler: called while another connection holds the lock
 * this one needs, `count` times so far.  Polls every few milliseconds,
 * so that a writer that leaves the lock free between two transactions
 * (store_txn_commit) is seen at once; gives up after s->wait_max_ms.
 */
static int wait_for_lock(void *arg, int count)
{
	struct store *s = arg;
	int64_t now = datetime_monotonic_ns(), waited;
	struct timespec pause = { 0, 0 };

	if (count == 0) {
		s->wait_started_ns = now;
		s->wait_noticed_ms = 0;
	}
	waited = (now - s->wait_started_ns) / 1000000;
	if (s->wait_max_ms >= 0 && waited >= s->wait_max_ms)
		return 0;
	if (s->wait_notice && waited >= STORE_WAIT_NOTICE_MS &&
	    waited - s->wait_noticed_ms >= (s->wait_noticed_ms ? STORE_WAIT_NOTICE_EVERY_MS
								 : STORE_WAIT_NOTICE_MS)) {
		s->wait_noticed_ms = waited;
		s->wait_notice(s->wait_notice_arg, waited);
	}
	pause.tv_nsec = (waited < 1000 ? 2 : 5) * 1000000L;
	nanosleep(&pause, NULL);
	return 1;
}

void store_set_wait(struct store *s, int64_t max_ms, store_wait_fn notice, void *arg)
{
	s->wait_max_ms = max_ms;
	s->wait_notice = notice;
	s->wait_notice_arg = arg;
}

int store_txn_begin(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot start writing");
	s->txn_began_ns = datetime_monotonic_ns();
	return DOSSIER_OK;
}

int store_txn_commit(struct store *s, const char *what, struct err *e)
{
	int64_t held_ms;

	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = store_error(s, e, what);

		store_txn_rollback(s);
		return rc;
	}
	/* A writer that held the lock long leaves it free for a moment: the
	 * busy handler of a waiting one polls every few ms and takes its
	 * turn, rather than finding the lock taken again a microsecond later
	 * by the next batch of this one. */
	held_ms = (datetime_monotonic_ns() - s->txn_began_ns) / 1000000;
	if (held_ms >= STORE_YIELD_AFTER_MS) {
		struct timespec pause = { 0, STORE_YIELD_MS * 1000000L };

		nanosleep(&pause, NULL);
	}
	return DOSSIER_OK;
}

void store_txn_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	/* Rows the cache read may be gone, and ids may be given again. */
	stories_cache_clear(s->stories_cache);
}

int store_tune_for_reading(struct store *s, int64_t mmap_bytes, struct err *e)
{
	char pragma[64];

	snprintf(pragma, sizeof pragma, "PRAGMA mmap_size = %lld", (long long)mmap_bytes);
	if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot map the archive");
	return DOSSIER_OK;
}

int store_error_retryable(const struct store *s)
{
	return s->timed_out || last_error_busy;
}

int store_timed_out(const struct store *s)
{
	return s->timed_out;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->in_batch)
		store_batch_commit(s, NULL);
	for (size_t i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	stories_cache_free(s->stories_cache);
	sqlite3_close_v2(s->db);
	free(s);
}


/* ---- small statement helpers ---------------------------------------------------- */

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
	size_t free_slot = STMT_CACHE;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		if (s->cache[i].sql && !strcmp(s->cache[i].sql, sql)) {
			*st = s->cache[i].st;
			return DOSSIER_OK;
		}
		if (!s->cache[i].sql && free_slot == STMT_CACHE)
			free_slot = i;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot prepare a query");
	if (free_slot < STMT_CACHE && (s->cache[free_slot].sql = strdup(sql)))
		s->cache[free_slot].st = *st;
	return DOSSIER_OK;
}

/* Ends a statement's use: reset for reuse when cached, else finalized. */
void store_stmt_done(struct store *s, sqlite3_stmt *st)
{
	for (size_t i = 0; i < STMT_CACHE; i++) {
		if (s->cache[i].st == st && s->cache[i].sql) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	}
	sqlite3_finalize(st);
}

void store_set_stories(struct store *s, int on)
{
	s->no_stories = !on;
}

struct stories_cache *store_stories_cache(struct store *s)
{
	if (!s->stories_cache)
		s->stories_cache = stories_cache_new();
	return s->stories_cache;
}

int store_in_batch(const struct store *s)
{
	return s->in_batch;
}

const struct text_ctx *store_text(const struct store *s)
{
	return s->text;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void store_bind_time(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == DOC_TIME_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

int64_t store_column_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? DOC_TIME_NONE
							 : sqlite3_column_int64(st, i);
}

const char *store_column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Runs a statement that returns no rows, then finalizes it. */
int store_run(struct store *s, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK : store_error(s, e, what);
}

/* Looks up one integer with a one-text-parameter query; 0 when no row. */
int store_lookup_id(struct store *s, const char *sql, const char *arg,
		     int64_t *id, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st, e);

	if (rc)
		return rc;
	store_bind_text(st, 1, arg);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_stmt_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DOSSIER_OK
						      : store_error(s, e, "lookup failed");
}

int store_doc_ids_after(struct store *s, int64_t after, int64_t *ids, size_t max,
			size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT id FROM docs WHERE id > ?1 ORDER BY id LIMIT ?2", &st, e);

	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	store_stmt_done(s, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DOSSIER_OK
						     : store_error(s, e, "cannot list the documents");
}

int store_query_int(struct store *s, const char *sql, int64_t *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st, e);

	if (rc)
		return rc;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? store_column_time(st, 0) : DOC_TIME_NONE;
	store_stmt_done(s, st);
	return rc == SQLITE_ROW ? DOSSIER_OK : store_error(s, e, "cannot read a count");
}

int store_clear_doc_rows(struct store *s, int64_t id, const char *const *sql, size_t n,
			 struct err *e)
{
	sqlite3_stmt *st;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = store_prepare(s, sql[i], &st, e);
		if (!rc) {
			sqlite3_bind_int64(st, 1, id);
			rc = store_run(s, st, e, "cannot replace a document's parts");
		}
	}
	return rc;
}
