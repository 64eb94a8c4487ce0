/*
 * The archive file: opening, migrations, and documents in and out.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/url.h"
#include "store/store_int.h"
#include "text/text.h"

/* Prepared statements kept for reuse: ingest runs the same few thousands
 * of times, and compiling SQL each time cost more than running it. */
#define STMT_CACHE 96
/* Documents re-hashed per chunk of ids on upgrade. */
#define REHASH_CHUNK 256

struct store {
	sqlite3 *db;
	const struct text_ctx *text;
	int in_batch;
	int no_stories; /* store_set_stories(s, 0): documents join no story */
	struct stories_cache *stories_cache; /* lazily allocated (stories.c) */
	int64_t deadline_ns;  /* store_set_deadline(): CLOCK_MONOTONIC, 0 = none */
	int timed_out;        /* the progress handler interrupted a statement */
	struct {
		char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
};

static void stmt_done(struct store *s, sqlite3_stmt *st);
static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e);
static int run(struct store *s, sqlite3_stmt *st, struct err *e, const char *what);
static void bind_text(sqlite3_stmt *st, int i, const char *v);
static int doc_ids_after(struct store *s, int64_t after, int64_t *ids, size_t max,
			 size_t *n, struct err *e);
static int count_query(struct store *s, const char *sql, int64_t *out, struct err *e);

/* ---- errors ---------------------------------------------------------------- */

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

static int db_error(struct store *s, struct err *e, const char *what)
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

/* ---- schema ------------------------------------------------------------------ */

/*
 * Migration N takes the schema from version N-1 to N.  Append new ones;
 * never edit a released one.
 */
static const char *const migrations[] = {
	/* 1: documents and their parts */
	"CREATE TABLE docs ("
	"  id          INTEGER PRIMARY KEY,"
	"  url         TEXT UNIQUE,"
	"  title       TEXT NOT NULL DEFAULT '',"
	"  source      TEXT,"
	"  author      TEXT,"
	"  affiliation TEXT,"
	"  format      TEXT NOT NULL,"
	"  script      TEXT NOT NULL,"
	"  origin      TEXT,"
	"  published   INTEGER,"
	"  fetched     INTEGER,"
	"  ingested    INTEGER NOT NULL,"
	"  updated     INTEGER NOT NULL,"
	"  hash        TEXT NOT NULL UNIQUE,"
	"  body        TEXT NOT NULL DEFAULT '',"
	"  captions    TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX docs_published ON docs(published);"
	"CREATE INDEX docs_source ON docs(source);"
	"CREATE INDEX docs_origin ON docs(origin) WHERE url IS NULL;"
	/* Paragraph kinds and their byte ranges in docs.body, which holds the
	 * text once: paragraphs joined by blank lines. */
	"CREATE TABLE paras ("
	"  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  seq    INTEGER NOT NULL,"
	"  kind   INTEGER NOT NULL,"
	"  start  INTEGER NOT NULL,"
	"  len    INTEGER NOT NULL,"
	"  PRIMARY KEY (doc_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE images ("
	"  doc_id  INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  seq     INTEGER NOT NULL,"
	"  src     TEXT,"
	"  caption TEXT,"
	"  PRIMARY KEY (doc_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE links ("
	"  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  seq    INTEGER NOT NULL,"
	"  href   TEXT NOT NULL,"
	"  text   TEXT NOT NULL,"
	"  PRIMARY KEY (doc_id, seq)"
	") WITHOUT ROWID;"
	/* Every address a document is known by, its own URL included. */
	"CREATE TABLE doc_urls ("
	"  url    TEXT PRIMARY KEY,"
	"  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE INDEX doc_urls_doc ON doc_urls(doc_id);"
	/* Names given in two forms in a document (奧斯汀（Lloyd Austin）), as
	 * written and as folded keys for lookups. */
	"CREATE TABLE names ("
	"  doc_id    INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  name      TEXT NOT NULL,"
	"  latin     TEXT NOT NULL,"
	"  name_key  TEXT NOT NULL,"
	"  latin_key TEXT NOT NULL,"
	"  PRIMARY KEY (doc_id, name, latin)"
	") WITHOUT ROWID;"
	"CREATE INDEX names_name ON names(name_key);"
	"CREATE INDEX names_latin ON names(latin_key);"
	/* Full-text index over the text kept in docs (external content):
	 * the text is stored once, the index holds only tokens.  Triggers
	 * keep it in step inside the same transaction as the document. */
	"CREATE VIRTUAL TABLE fts USING fts5(title, body, captions,"
	"  content='docs', content_rowid='id', tokenize='dossier');"
	"CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN"
	"  INSERT INTO fts(rowid, title, body, captions)"
	"  VALUES (new.id, new.title, new.body, new.captions);"
	"END;"
	"CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs BEGIN"
	"  INSERT INTO fts(fts, rowid, title, body, captions)"
	"  VALUES ('delete', old.id, old.title, old.body, old.captions);"
	"END;"
	"CREATE TRIGGER docs_fts_update AFTER UPDATE OF title, body, captions ON docs BEGIN"
	"  INSERT INTO fts(fts, rowid, title, body, captions)"
	"  VALUES ('delete', old.id, old.title, old.body, old.captions);"
	"  INSERT INTO fts(rowid, title, body, captions)"
	"  VALUES (new.id, new.title, new.body, new.captions);"
	"END;",

	/* 2: feed items and subscriptions */
	"ALTER TABLE docs ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE docs ADD COLUMN guid TEXT;"
	"ALTER TABLE docs ADD COLUMN summary TEXT;"
	/* One category per line, as the feed gives them. */
	"ALTER TABLE docs ADD COLUMN categories TEXT;"
	/* The subscription (feeds.url) a document arrived through. */
	"ALTER TABLE docs ADD COLUMN feed TEXT;"
	"CREATE INDEX docs_feed ON docs(feed) WHERE feed IS NOT NULL;"
	/* Subscriptions and what the last fetches of each said.  Times in ms;
	 * etag and last_modified are the validators for conditional GET. */
	"CREATE TABLE feeds ("
	"  id            INTEGER PRIMARY KEY,"
	"  url           TEXT NOT NULL UNIQUE,"
	"  title         TEXT,"
	"  site          TEXT,"
	"  added         INTEGER NOT NULL,"
	"  interval      INTEGER NOT NULL DEFAULT 3600,"
	"  fulltext      INTEGER NOT NULL DEFAULT 0,"
	"  etag          TEXT,"
	"  last_modified TEXT,"
	"  last_attempt  INTEGER,"
	"  last_success  INTEGER,"
	"  last_status   INTEGER,"
	"  last_error    TEXT,"
	"  failures      INTEGER NOT NULL DEFAULT 0,"
	"  next_due      INTEGER NOT NULL DEFAULT 0"
	");",

	/* 3: entities and where documents mention them */
	/* key: a gazetteer id (lloyd-austin), or latin:/name:/org:/forum: and a
	 * folded name — who it is across documents (extract/entities.c). */
	"CREATE TABLE entities ("
	"  id   INTEGER PRIMARY KEY,"
	"  key  TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  type TEXT NOT NULL"
	");"
	/* Every surface form seen, as written and folded. */
	"CREATE TABLE entity_aliases ("
	"  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
	"  alias     TEXT NOT NULL,"
	"  alias_key TEXT NOT NULL,"
	"  PRIMARY KEY (entity_id, alias)"
	") WITHOUT ROWID;"
	"CREATE INDEX entity_aliases_key ON entity_aliases(alias_key);"
	/* part: 0 title, 1 body, 2 captions (enum doc_part); start and len are
	 * bytes in docs.title, docs.body or docs.captions. */
	"CREATE TABLE mentions ("
	"  doc_id    INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
	"  part      INTEGER NOT NULL,"
	"  start     INTEGER NOT NULL,"
	"  len       INTEGER NOT NULL,"
	"  PRIMARY KEY (doc_id, part, start)"
	") WITHOUT ROWID;"
	"CREATE INDEX mentions_entity ON mentions(entity_id);",

	/* 4: dates and events read from the text */
	/* A date expression at bytes [start, start+len) of a part (as in
	 * mentions) and the days it means: precision 0 day, 1 week, 2 month,
	 * 3 year; fields below it 0; end_year 0 for a single date. */
	"CREATE TABLE dates ("
	"  doc_id    INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  part      INTEGER NOT NULL,"
	"  start     INTEGER NOT NULL,"
	"  len       INTEGER NOT NULL,"
	"  year      INTEGER NOT NULL,"
	"  month     INTEGER NOT NULL,"
	"  day       INTEGER NOT NULL,"
	"  end_year  INTEGER NOT NULL,"
	"  end_month INTEGER NOT NULL,"
	"  end_day   INTEGER NOT NULL,"
	"  precision INTEGER NOT NULL,"
	"  relative  INTEGER NOT NULL,"
	"  PRIMARY KEY (doc_id, part, start)"
	") WITHOUT ROWID;"
	/* An engagement a document reports.  year 0: undated.  date and
	 * date_end repeat the days as ISO text at their precision ("2024-01-08",
	 * "2023-11", "2024"; NULL when undated, date_end NULL for one date) so
	 * that range filters are plain comparisons.  The sentence is
	 * [start, start+len) and the trigger word [trigger, trigger+trigger_len)
	 * of the part, as in mentions. */
	"CREATE TABLE events ("
	"  id            INTEGER PRIMARY KEY,"
	"  doc_id        INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,"
	"  seq           INTEGER NOT NULL,"
	"  type          TEXT NOT NULL,"
	"  status        TEXT NOT NULL,"
	"  year          INTEGER NOT NULL,"
	"  month         INTEGER NOT NULL,"
	"  day           INTEGER NOT NULL,"
	"  end_year      INTEGER NOT NULL,"
	"  end_month     INTEGER NOT NULL,"
	"  end_day       INTEGER NOT NULL,"
	"  precision     INTEGER NOT NULL,"
	"  date_from_doc INTEGER NOT NULL,"
	"  date          TEXT,"
	"  date_end      TEXT,"
	"  place_id      INTEGER REFERENCES entities(id),"
	"  part          INTEGER NOT NULL,"
	"  start         INTEGER NOT NULL,"
	"  len           INTEGER NOT NULL,"
	"  trigger       INTEGER,"
	"  trigger_len   INTEGER,"
	"  rule          TEXT,"
	"  confidence    REAL NOT NULL"
	");"
	"CREATE INDEX events_doc ON events(doc_id);"
	"CREATE INDEX events_date ON events(date);"
	"CREATE TABLE event_actors ("
	"  event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  entity_id INTEGER NOT NULL REFERENCES entities(id),"
	"  seq       INTEGER NOT NULL,"
	"  PRIMARY KEY (event_id, entity_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX event_actors_entity ON event_actors(entity_id);",

	/* 5: one key for the addresses of one article (core/url.h): http and
	 * https, www. and m. hosts, tracking parameters, trailing slashes and
	 * fragments folded away; the key of every known address. */
	"CREATE TABLE url_keys ("
	"  key    TEXT PRIMARY KEY,"
	"  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE INDEX url_keys_doc ON url_keys(doc_id);"
	"INSERT OR IGNORE INTO url_keys(key, doc_id)"
	"  SELECT dossier_url_key(url), doc_id FROM doc_urls;",

	/* 6: stories (store/stories.c).  A document's MinHash signature
	 * (64 little-endian 32-bit values), its LSH band keys, and the keys it
	 * can be found by as a candidate: its main entities on its publication
	 * day, its events' kind and actors on their first day.  lsh and
	 * story_keys are read by key only and cleared by stories.c, so they
	 * carry no foreign key (which would want an index on doc_id). */
	"CREATE TABLE fingerprints ("
	"  doc_id   INTEGER PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,"
	"  minhash  BLOB NOT NULL,"
	"  simhash  INTEGER NOT NULL,"
	"  shingles INTEGER NOT NULL"
	");"
	"CREATE TABLE lsh ("
	"  key    INTEGER NOT NULL,"
	"  doc_id INTEGER NOT NULL,"
	"  PRIMARY KEY (key, doc_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE story_keys ("
	"  key    INTEGER NOT NULL,"
	"  day    INTEGER NOT NULL,"
	"  doc_id INTEGER NOT NULL,"
	"  PRIMARY KEY (key, day, doc_id)"
	") WITHOUT ROWID;"
	/* rep_doc: the most representative member, whose title is the story's. */
	"CREATE TABLE stories ("
	"  id      INTEGER PRIMARY KEY,"
	"  rep_doc INTEGER NOT NULL,"
	"  size    INTEGER NOT NULL,"
	"  first   INTEGER,"
	"  last    INTEGER"
	");"
	"CREATE INDEX stories_last ON stories(last);"
	/* matched: the member it was judged alike to, and why (dedup.h). */
	"CREATE TABLE story_docs ("
	"  doc_id   INTEGER PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,"
	"  story_id INTEGER NOT NULL REFERENCES stories(id),"
	"  matched  INTEGER,"
	"  reason   TEXT NOT NULL,"
	"  score    REAL NOT NULL"
	");"
	"CREATE INDEX story_docs_story ON story_docs(story_id);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "STORE_SCHEMA_VERSION names the last migration");

static int user_version(struct store *s, int *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_error(s, e, "cannot read the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	stmt_done(s, st);
	return rc == SQLITE_ROW ? DOSSIER_OK : db_error(s, e, "cannot read the schema version");
}

/* dossier_url_key(url): url_key() for SQL, which migration 5 fills
 * url_keys with. */
static void url_key_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *url = sqlite3_value_text(argv[0]);
	struct buf key = BUF_INIT;

	(void)argc;
	if (!url) {
		sqlite3_result_null(ctx);
	} else if (url_key((const char *)url, &key)) {
		sqlite3_result_error_nomem(ctx);
	} else {
		sqlite3_result_text(ctx, key.data ? key.data : "", (int)key.len, SQLITE_TRANSIENT);
	}
	buf_release(&key);
}

static int migrate(struct store *s, int *from, struct err *e)
{
	int version = 0, rc;

	rc = user_version(s, &version, e);
	if (rc)
		return rc;
	*from = version;
	if (version > N_MIGRATIONS)
		return err_set(e, DOSSIER_EDB,
			       "the archive has schema version %d; this Dossier knows up to %d (upgrade Dossier)",
			       version, N_MIGRATIONS);
	while (version < N_MIGRATIONS) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", version + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return db_error(s, e, "cannot start the schema migration");
		if (sqlite3_exec(s->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_error(s, e, "schema migration failed");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return db_error(s, e, "cannot commit the schema migration");
		version++;
	}
	return DOSSIER_OK;
}

/*
 * Content hashes as text_doc_hash() makes them now (over NFKC text), so
 * that a document stored before still meets itself.  Two stored documents
 * that are one under NFKC keep their old hashes (UPDATE OR IGNORE): both
 * stay, as before.
 */
static int rehash_docs(struct store *s, struct err *e)
{
	int64_t ids[REHASH_CHUNK], after = 0;
	size_t n = 0;
	int rc;

	while (!(rc = doc_ids_after(s, after, ids, REHASH_CHUNK, &n, e)) && n) {
		for (size_t i = 0; i < n && !rc; i++) {
			struct doc *d;
			sqlite3_stmt *st;

			rc = store_doc_get(s, ids[i], &d, e);
			if (rc)
				break;
			d->hash[0] = '\0';
			rc = text_doc_hash(s->text, d);
			if (rc)
				err_set(e, rc, "document %lld: cannot hash it", (long long)ids[i]);
			if (!rc)
				rc = prepare(s, "UPDATE OR IGNORE docs SET hash = ?1 WHERE id = ?2", &st, e);
			if (!rc) {
				bind_text(st, 1, d->hash);
				sqlite3_bind_int64(st, 2, ids[i]);
				rc = run(s, st, e, "cannot store a content hash");
			}
			doc_free(d);
		}
		after = ids[n - 1];
	}
	return rc;
}

static int upgrade_to_stories(struct store *s, struct err *e)
{
	int rc;

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot start writing");
	rc = rehash_docs(s, e);
	if (!rc)
		rc = stories_rebuild(s, e);
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot commit the upgrade");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		stories_cache_clear(s->stories_cache);
	}
	return rc;
}

int store_open(struct store **out, const char *path, const struct text_ctx *text,
	       struct err *e)
{
	struct store *s = calloc(1, sizeof *s);
	int rc, from = 0;

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
	sqlite3_busy_timeout(s->db, 10000);
	/* WAL: readers (search, serve) never block the writer (ingest).
	 * synchronous=NORMAL is safe against a killed process in WAL mode. */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
				"PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(s, e, "cannot open archive");
		goto fail;
	}
	s->text = text;
	rc = store_fts_register(s->db, text, e);
	if (!rc && sqlite3_create_function(s->db, "dossier_url_key", 1,
					   SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, url_key_sql,
					   NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot register the URL key function");
	if (!rc)
		rc = migrate(s, &from, e);
	/* An archive from before stories: content hashes over NFKC text, and
	 * every document gets its story now. */
	if (!rc && from > 0 && from < 6)
		rc = upgrade_to_stories(s, e);

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
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec < s->deadline_ns)
		return 0;
	s->timed_out = 1;
	return 1;
}

void store_set_deadline(struct store *s, int64_t ms)
{
	struct timespec now;

	s->timed_out = 0;
	last_error_busy = 0;
	if (ms <= 0) {
		s->deadline_ns = 0;
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	s->deadline_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec + ms * 1000000;
	/* Every thousand virtual-machine steps: a clock read (vDSO, tens of
	 * nanoseconds) each time costs about a percent of a search. */
	sqlite3_progress_handler(s->db, 1000, past_deadline, s);
}

int store_tune_for_reading(struct store *s, int64_t mmap_bytes, struct err *e)
{
	char pragma[64];

	snprintf(pragma, sizeof pragma, "PRAGMA mmap_size = %lld", (long long)mmap_bytes);
	if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot map the archive");
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

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e)
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
		return db_error(s, e, "cannot prepare a query");
	if (free_slot < STMT_CACHE && (s->cache[free_slot].sql = strdup(sql)))
		s->cache[free_slot].st = *st;
	return DOSSIER_OK;
}

/* Ends a statement's use: reset for reuse when cached, else finalized. */
static void stmt_done(struct store *s, sqlite3_stmt *st)
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

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
	return prepare(s, sql, st, e);
}

void store_stmt_done(struct store *s, sqlite3_stmt *st)
{
	stmt_done(s, st);
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

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == DOC_TIME_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static int64_t column_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? DOC_TIME_NONE
							 : sqlite3_column_int64(st, i);
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Runs a statement that returns no rows, then finalizes it. */
static int run(struct store *s, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK : db_error(s, e, what);
}

/* Looks up one integer with a one-text-parameter query; 0 when no row. */
static int lookup_id(struct store *s, const char *sql, const char *arg,
		     int64_t *id, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, sql, &st, e);

	if (rc)
		return rc;
	bind_text(st, 1, arg);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	stmt_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DOSSIER_OK
						      : db_error(s, e, "lookup failed");
}

/* ---- writing a document ------------------------------------------------------------ */

/* The folded key of a name, for lookups whatever the script or case. */
static char *name_key(struct store *s, const char *name)
{
	struct buf b = BUF_INIT;

	if (text_normalise(s->text, name, strlen(name), &b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int write_name(struct store *s, int64_t id, const struct doc_name_pair *p,
		      struct err *e)
{
	char *nk = name_key(s, p->name), *lk = name_key(s, p->latin);
	sqlite3_stmt *st;
	int rc = nk && lk ? DOSSIER_OK : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = prepare(s, "INSERT OR IGNORE INTO names(doc_id, name, latin, name_key, latin_key)"
				" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, p->name);
		bind_text(st, 3, p->latin);
		bind_text(st, 4, nk);
		bind_text(st, 5, lk);
		rc = run(s, st, e, "cannot store a name");
	}
	free(nk);
	free(lk);
	return rc;
}

/* The row id of the entity with d->entities[i]'s key, created when new. */
static int entity_id(struct store *s, const struct doc_entity *ent, int64_t *id,
		     struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "INSERT OR IGNORE INTO entities(key, name, type) VALUES (?1, ?2, ?3)",
			 &st, e);

	if (rc)
		return rc;
	bind_text(st, 1, ent->key);
	bind_text(st, 2, ent->name);
	bind_text(st, 3, ent->type);
	rc = run(s, st, e, "cannot store an entity");
	if (!rc)
		rc = lookup_id(s, "SELECT id FROM entities WHERE key = ?1", ent->key, id, e);
	return rc;
}

static int write_alias(struct store *s, int64_t id, const char *alias, size_t len,
		       struct err *e)
{
	char *form = strndup(alias, len), *key = form ? name_key(s, form) : NULL;
	sqlite3_stmt *st;
	int rc = key ? DOSSIER_OK : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = prepare(s, "INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_key)"
				" VALUES (?1, ?2, ?3)", &st, e);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, form);
		bind_text(st, 3, key);
		rc = run(s, st, e, "cannot store an alias");
	}
	free(form);
	free(key);
	return rc;
}

/* The text a part's offsets point into: the title, body or captions. */
static const char *part_text(const struct doc *d, enum doc_part part, const char *body,
			     const char *captions)
{
	if (part == DOC_PART_TITLE)
		return d->title ? d->title : "";
	return part == DOC_PART_BODY ? body : part == DOC_PART_CAPTIONS ? captions : NULL;
}

/* Whether bytes [start, start+len) lie inside `text` (NULL: no such part). */
static int span_fits(const char *text, size_t start, size_t len)
{
	size_t n = text ? strlen(text) : 0;

	return text && start <= n && len <= n - start;
}

/*
 * The entities table's id of d->entities[i], created when new; ids[]
 * (one per d->entities, 0 = not looked up yet) saves asking twice.
 */
static int doc_entity_id(struct store *s, const struct doc *d, size_t i, int64_t *ids,
			 struct err *e)
{
	if (ids[i])
		return DOSSIER_OK;
	return entity_id(s, &d->entities[i], &ids[i], e);
}

/* The document's mentions, their entities, and each surface form as an alias. */
static int write_mentions(struct store *s, const struct doc *d, const char *body,
			  const char *captions, int64_t *ids, struct err *e)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < d->n_mentions && !rc; i++) {
		const struct doc_mention *m = &d->mentions[i];
		const char *text = part_text(d, m->part, body, captions);
		sqlite3_stmt *st;

		if (m->entity >= d->n_entities || !span_fits(text, m->start, m->len))
			continue; /* a mention that does not fit its text is a bug upstream */
		rc = doc_entity_id(s, d, m->entity, ids, e);
		if (!rc)
			rc = write_alias(s, ids[m->entity], text + m->start, m->len, e);
		if (!rc)
			rc = prepare(s, "INSERT OR IGNORE INTO mentions(doc_id, entity_id, part, start, len)"
					" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, ids[m->entity]);
		sqlite3_bind_int(st, 3, (int)m->part);
		sqlite3_bind_int64(st, 4, (int64_t)m->start);
		sqlite3_bind_int64(st, 5, (int64_t)m->len);
		rc = run(s, st, e, "cannot store a mention");
	}
	return rc;
}

/* Binds a day span's seven numbers to ?first .. ?first+6. */
static void bind_span(sqlite3_stmt *st, int first, const struct doc_day_span *w)
{
	sqlite3_bind_int(st, first, w->year);
	sqlite3_bind_int(st, first + 1, w->month);
	sqlite3_bind_int(st, first + 2, w->day);
	sqlite3_bind_int(st, first + 3, w->end_year);
	sqlite3_bind_int(st, first + 4, w->end_month);
	sqlite3_bind_int(st, first + 5, w->end_day);
	sqlite3_bind_int(st, first + 6, w->precision);
}

static int write_dates(struct store *s, const struct doc *d, const char *body,
		       const char *captions, struct err *e)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < d->n_dates && !rc; i++) {
		const struct doc_date *dt = &d->dates[i];
		sqlite3_stmt *st;

		if (!span_fits(part_text(d, dt->part, body, captions), dt->start, dt->len))
			continue;
		rc = prepare(s, "INSERT OR IGNORE INTO dates(doc_id, part, start, len, year, month,"
				" day, end_year, end_month, end_day, precision, relative)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int(st, 2, (int)dt->part);
		sqlite3_bind_int64(st, 3, (int64_t)dt->start);
		sqlite3_bind_int64(st, 4, (int64_t)dt->len);
		bind_span(st, 5, &dt->when);
		sqlite3_bind_int(st, 12, dt->relative ? 1 : 0);
		rc = run(s, st, e, "cannot store a date");
	}
	return rc;
}

/*
 * A date of a span as ISO text at its precision ("2024-01-08", "2023-11",
 * "2024") into out (16 bytes); "" when that end is not given.  A span
 * that claims a finer precision than its fields hold is written as far
 * as they go.
 */
static void span_iso(const struct doc_day_span *w, int end, char out[16])
{
	int y = end ? w->end_year : w->year, m = end ? w->end_month : w->month,
	    dd = end ? w->end_day : w->day;

	out[0] = '\0';
	if (y <= 0 || y > 9999)
		return;
	if (w->precision >= 3 || m < 1 || m > 12)
		snprintf(out, 16, "%04d", y);
	else if (w->precision == 2 || dd < 1 || dd > 31)
		snprintf(out, 16, "%04d-%02d", y, m);
	else
		snprintf(out, 16, "%04d-%02d-%02d", y, m, dd);
}

static int write_actors(struct store *s, const struct doc *d, const struct doc_event *ev,
			int64_t event_id, int64_t *ids, struct err *e)
{
	int rc = DOSSIER_OK;

	for (size_t k = 0; k < ev->n_actors && !rc; k++) {
		sqlite3_stmt *st;

		if (ev->actors[k] >= d->n_entities)
			continue;
		rc = doc_entity_id(s, d, ev->actors[k], ids, e);
		if (!rc)
			rc = prepare(s, "INSERT OR IGNORE INTO event_actors(event_id, entity_id, seq)"
					" VALUES (?1, ?2, ?3)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, event_id);
		sqlite3_bind_int64(st, 2, ids[ev->actors[k]]);
		sqlite3_bind_int64(st, 3, (int64_t)k);
		rc = run(s, st, e, "cannot store an event's actor");
	}
	return rc;
}

/* Event d->events[seq] with its place and actors; skipped (OK) when it
 * has no type or status or its sentence does not fit its text. */
static int write_event(struct store *s, const struct doc *d, size_t seq, const char *body,
		       const char *captions, int64_t *ids, struct err *e)
{
	const struct doc_event *ev = &d->events[seq];
	const char *text = part_text(d, ev->part, body, captions);
	int has_place = ev->place != DOC_NO_ENTITY && ev->place < d->n_entities;
	char date[16], date_end[16];
	sqlite3_stmt *st;
	int rc = DOSSIER_OK;

	if (!ev->type || !ev->status || !span_fits(text, ev->start, ev->len))
		return DOSSIER_OK; /* a bug upstream; the rest of the document still counts */
	if (has_place)
		rc = doc_entity_id(s, d, ev->place, ids, e);
	if (!rc)
		rc = prepare(s, "INSERT INTO events(doc_id, seq, type, status, year, month, day,"
				" end_year, end_month, end_day, precision, date_from_doc, date, date_end,"
				" place_id, part, start, len, trigger, trigger_len, rule, confidence)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
				" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)", &st, e);
	if (rc)
		return rc;
	span_iso(&ev->when, 0, date);
	span_iso(&ev->when, 1, date_end);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, (int64_t)seq);
	bind_text(st, 3, ev->type);
	bind_text(st, 4, ev->status);
	bind_span(st, 5, &ev->when);
	sqlite3_bind_int(st, 12, ev->date_from_doc ? 1 : 0);
	bind_text(st, 13, date[0] ? date : NULL);
	bind_text(st, 14, date[0] && date_end[0] ? date_end : NULL);
	if (has_place)
		sqlite3_bind_int64(st, 15, ids[ev->place]);
	sqlite3_bind_int(st, 16, (int)ev->part);
	sqlite3_bind_int64(st, 17, (int64_t)ev->start);
	sqlite3_bind_int64(st, 18, (int64_t)ev->len);
	if (ev->trigger_len && span_fits(text, ev->trigger, ev->trigger_len)) {
		sqlite3_bind_int64(st, 19, (int64_t)ev->trigger);
		sqlite3_bind_int64(st, 20, (int64_t)ev->trigger_len);
	}
	bind_text(st, 21, ev->rule);
	/* NaN would be stored as NULL and break NOT NULL. */
	sqlite3_bind_double(st, 22, ev->confidence == ev->confidence ? ev->confidence : 0.0);
	rc = run(s, st, e, "cannot store an event");
	if (!rc)
		rc = write_actors(s, d, ev, sqlite3_last_insert_rowid(s->db), ids, e);
	return rc;
}

/* Deletes the rows of document `id` that each statement of `sql` names (?1). */
static int clear_doc_rows(struct store *s, int64_t id, const char *const *sql, size_t n,
			  struct err *e)
{
	sqlite3_stmt *st;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = prepare(s, sql[i], &st, e);
		if (!rc) {
			sqlite3_bind_int64(st, 1, id);
			rc = run(s, st, e, "cannot replace a document's parts");
		}
	}
	return rc;
}

/*
 * What extraction read out of the document — name pairs, entity mentions
 * (with their entities and aliases), dates and events — replacing what was
 * stored for it.  Shared by store_doc_put and store_reindex.
 */
static int write_extracted(struct store *s, const struct doc *d, const char *body,
			   const char *captions, struct err *e)
{
	/* Deleting the events takes their actors with them (ON DELETE CASCADE). */
	static const char *const clear[] = {
		"DELETE FROM names WHERE doc_id = ?1",
		"DELETE FROM mentions WHERE doc_id = ?1",
		"DELETE FROM dates WHERE doc_id = ?1",
		"DELETE FROM events WHERE doc_id = ?1",
	};
	int64_t *ids = NULL;
	int rc = clear_doc_rows(s, d->id, clear, sizeof clear / sizeof clear[0], e);

	for (size_t i = 0; i < d->n_names && !rc; i++)
		rc = write_name(s, d->id, &d->names[i], e);
	if (!rc && d->n_entities && !(ids = calloc(d->n_entities, sizeof *ids)))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc)
		rc = write_mentions(s, d, body, captions, ids, e);
	if (!rc)
		rc = write_dates(s, d, body, captions, e);
	for (size_t i = 0; i < d->n_events && !rc; i++)
		rc = write_event(s, d, i, body, captions, ids, e);
	free(ids);
	return rc;
}

static int write_parts(struct store *s, const struct doc *d, const char *body,
		       const char *captions, struct err *e)
{
	sqlite3_stmt *st;
	static const char *const clear[] = {
		"DELETE FROM paras WHERE doc_id = ?1",
		"DELETE FROM images WHERE doc_id = ?1",
		"DELETE FROM links WHERE doc_id = ?1",
	};
	int rc = clear_doc_rows(s, d->id, clear, sizeof clear / sizeof clear[0], e);

	for (size_t i = 0, start = 0; i < d->n_paras && !rc; i++) {
		size_t len = strlen(d->paras[i].text);

		rc = prepare(s, "INSERT INTO paras(doc_id, seq, kind, start, len)"
				" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int(st, 3, (int)d->paras[i].kind);
		sqlite3_bind_int64(st, 4, (int64_t)start);
		sqlite3_bind_int64(st, 5, (int64_t)len);
		rc = run(s, st, e, "cannot store a paragraph");
		start += len + 2; /* the "\n\n" doc_text() puts between them */
	}
	for (size_t i = 0; i < d->n_images && !rc; i++) {
		rc = prepare(s, "INSERT INTO images(doc_id, seq, src, caption) VALUES (?1, ?2, ?3, ?4)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, d->images[i].src);
		bind_text(st, 4, d->images[i].caption);
		rc = run(s, st, e, "cannot store an image");
	}
	for (size_t i = 0; i < d->n_links && !rc; i++) {
		rc = prepare(s, "INSERT INTO links(doc_id, seq, href, text) VALUES (?1, ?2, ?3, ?4)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, d->links[i].href);
		bind_text(st, 4, d->links[i].text ? d->links[i].text : "");
		rc = run(s, st, e, "cannot store a link");
	}
	if (!rc)
		rc = write_extracted(s, d, body, captions, e);
	return rc;
}

/* Binds ?1..?13: the document's own fields, `body` its joined text,
 * `captions` its image captions, one per line. */
/* Binds the categories one per line (NULL when none); SQLite frees them. */
static void bind_categories(sqlite3_stmt *st, int i, const struct doc *d)
{
	struct buf joined = BUF_INIT;

	for (size_t k = 0; k < d->n_categories; k++)
		if ((k && buf_add(&joined, "\n", 1)) || buf_adds(&joined, d->categories[k]))
			break;
	if (joined.len)
		sqlite3_bind_text(st, i, buf_detach(&joined), -1, free);
	else
		sqlite3_bind_null(st, i);
	buf_release(&joined);
}

static void bind_doc_fields(sqlite3_stmt *st, const struct doc *d, const char *body,
			    const char *captions)
{
	bind_text(st, 1, d->url);
	bind_text(st, 2, d->title ? d->title : "");
	bind_text(st, 3, d->source);
	bind_text(st, 4, d->author);
	bind_text(st, 5, d->affiliation);
	bind_text(st, 6, d->format ? d->format : "unknown");
	bind_text(st, 7, d->script ? d->script : "none");
	bind_text(st, 8, d->origin);
	bind_time(st, 9, d->published);
	bind_time(st, 10, d->fetched);
	bind_text(st, 11, d->hash);
	bind_text(st, 12, body);
	bind_text(st, 13, captions);
	sqlite3_bind_int64(st, 16, (sqlite3_int64)d->flags);
	bind_text(st, 17, d->guid);
	bind_text(st, 18, d->summary);
	bind_categories(st, 19, d);
	bind_text(st, 20, d->feed);
}

static int insert_doc(struct store *s, struct doc *d, const char *body,
		      const char *captions, int64_t now, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s,
		"INSERT INTO docs(url, title, source, author, affiliation, format, script,"
		" origin, published, fetched, hash, body, captions, ingested, updated,"
		" flags, guid, summary, categories, feed)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,"
		" ?16, ?17, ?18, ?19, ?20)",
		&st, e);

	if (rc)
		return rc;
	bind_doc_fields(st, d, body, captions);
	sqlite3_bind_int64(st, 14, now);
	rc = run(s, st, e, "cannot store the document");
	if (!rc) {
		d->id = sqlite3_last_insert_rowid(s->db);
		d->updated = now;
	}
	return rc;
}

static int update_doc(struct store *s, struct doc *d, const char *body,
		      const char *captions, int64_t now, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s,
		"UPDATE docs SET url = ?1, title = ?2, source = ?3, author = ?4,"
		" affiliation = ?5, format = ?6, script = ?7, origin = ?8, published = ?9,"
		" fetched = ?10, hash = ?11, body = ?12, captions = ?13, updated = ?14,"
		" flags = ?16, guid = ?17, summary = ?18, categories = ?19,"
		" feed = coalesce(?20, feed)"
		" WHERE id = ?15", &st, e);

	if (rc)
		return rc;
	bind_doc_fields(st, d, body, captions);
	sqlite3_bind_int64(st, 14, now);
	sqlite3_bind_int64(st, 15, d->id);
	rc = run(s, st, e, "cannot update the document");
	if (!rc)
		d->updated = now;
	return rc;
}

/* Records `url` (and its key, core/url.h) as an address of document `id`. */
static int add_url(struct store *s, const char *url, int64_t id, struct err *e)
{
	struct buf key = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (!url)
		return DOSSIER_OK;
	rc = prepare(s, "INSERT OR IGNORE INTO doc_urls(url, doc_id) VALUES (?1, ?2)", &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, id);
	rc = run(s, st, e, "cannot record the document's address");
	if (!rc && url_key(url, &key))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc)
		rc = prepare(s, "INSERT OR IGNORE INTO url_keys(key, doc_id) VALUES (?1, ?2)", &st, e);
	if (!rc) {
		sqlite3_bind_text(st, 1, key.data ? key.data : "", (int)key.len, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
		rc = run(s, st, e, "cannot record the document's address");
	}
	buf_release(&key);
	return rc;
}

/* The document known by url's key (http or https, www. or not, tracking
 * parameters or none), 0 when none. */
static int lookup_url(struct store *s, const char *url, int64_t *id, struct err *e)
{
	struct buf key = BUF_INIT;
	int rc = lookup_id(s, "SELECT doc_id FROM doc_urls WHERE url = ?1", url, id, e);

	if (!rc && !*id) {
		if (url_key(url, &key))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else
			rc = lookup_id(s, "SELECT doc_id FROM url_keys WHERE key = ?1",
				       key.data ? key.data : "", id, e);
	}
	buf_release(&key);
	return rc;
}

/* Which stored document this one is a version of, by URL or source file. */
static int find_identity(struct store *s, const struct doc *d, int64_t *id,
			 struct err *e)
{
	if (d->url)
		return lookup_url(s, d->url, id, e);
	if (d->origin)
		return lookup_id(s, "SELECT id FROM docs WHERE url IS NULL AND origin = ?1",
				 d->origin, id, e);
	*id = 0;
	return DOSSIER_OK;
}

/*
 * A feed item already stored (read from a saved file, or by another
 * subscription) counts for the feed it now arrived through, unless another
 * feed has it.
 */
static int claim_for_feed(struct store *s, const struct doc *d, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (!d->feed)
		return DOSSIER_OK;
	rc = prepare(s, "UPDATE docs SET feed = ?1 WHERE id = ?2 AND feed IS NULL", &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, d->feed);
	sqlite3_bind_int64(st, 2, d->id);
	return run(s, st, e, "cannot record the document's feed");
}

static int put_in_transaction(struct store *s, struct doc *d, int64_t now,
			      enum store_put_result *result, struct err *e)
{
	int64_t same_place = 0, same_content = 0;
	char *body, *captions;
	int rc = find_identity(s, d, &same_place, e);

	if (!rc)
		rc = lookup_id(s, "SELECT id FROM docs WHERE hash = ?1", d->hash,
			       &same_content, e);
	if (rc)
		return rc;
	if (same_place && same_place == same_content) {
		d->id = same_place;
		*result = STORE_UNCHANGED;
		rc = add_url(s, d->url, d->id, e); /* the same page by another address */
		return rc ? rc : claim_for_feed(s, d, e);
	}
	if (same_content) {
		/* Identical text already stored: remember this address too. */
		d->id = same_content;
		*result = STORE_DUPLICATE;
		rc = add_url(s, d->url, d->id, e);
		return rc ? rc : claim_for_feed(s, d, e);
	}
	body = doc_text(d);
	captions = doc_captions(d);
	if (!body || !captions) {
		free(body);
		free(captions);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	if (same_place) {
		d->id = same_place;
		*result = STORE_UPDATED;
		/* Out of its story while its old entities still say which keys it had. */
		rc = s->no_stories ? DOSSIER_OK : stories_detach(s, d->id, e);
		if (!rc)
			rc = update_doc(s, d, body, captions, now, e);
	} else {
		*result = STORE_INSERTED;
		rc = insert_doc(s, d, body, captions, now, e);
	}
	if (!rc)
		rc = add_url(s, d->url, d->id, e);
	if (!rc)
		rc = write_parts(s, d, body, captions, e);
	if (!rc && !s->no_stories)
		rc = stories_assign(s, d, e);
	free(body);
	free(captions);
	return rc;
}

int store_doc_put(struct store *s, struct doc *d, int64_t now,
		  enum store_put_result *result, struct err *e)
{
	int rc;

	if (!d->hash[0])
		return err_set(e, DOSSIER_EUSAGE, "document has no content hash");
	if (s->in_batch) {
		/* Inside a batch a savepoint makes the document all or nothing. */
		if (sqlite3_exec(s->db, "SAVEPOINT doc", NULL, NULL, NULL) != SQLITE_OK)
			return db_error(s, e, "cannot start writing");
		rc = put_in_transaction(s, d, now, result, e);
		if (rc) {
			sqlite3_exec(s->db, "ROLLBACK TO doc", NULL, NULL, NULL);
			stories_cache_clear(s->stories_cache); /* ids may be given again */
		}
		sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL);
		return rc;
	}
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot start writing");
	rc = put_in_transaction(s, d, now, result, e);
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot commit the document");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		stories_cache_clear(s->stories_cache);
	}
	return rc;
}

int store_batch_begin(struct store *s, struct err *e)
{
	if (s->in_batch)
		return DOSSIER_OK;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot start writing");
	s->in_batch = 1;
	return DOSSIER_OK;
}

int store_batch_commit(struct store *s, struct err *e)
{
	if (!s->in_batch)
		return DOSSIER_OK;
	s->in_batch = 0;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = db_error(s, e, "cannot commit the batch");

		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		stories_cache_clear(s->stories_cache);
		return rc;
	}
	return DOSSIER_OK;
}

/* ---- re-extraction ---------------------------------------------------------------------- */

/* Documents are read in chunks of ids, so that no read cursor stays open
 * across the writes and memory does not grow with the archive. */
#define REINDEX_CHUNK 256
#define REINDEX_PROGRESS_EVERY 100

/* Up to `max` document ids greater than `after`, ascending, into ids[0..*n). */
static int doc_ids_after(struct store *s, int64_t after, int64_t *ids, size_t max,
			 size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT id FROM docs WHERE id > ?1 ORDER BY id LIMIT ?2", &st, e);

	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	stmt_done(s, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DOSSIER_OK
						     : db_error(s, e, "cannot list the documents");
}

/* Loads document `id`, lets `fn` extract again, and stores what it found. */
static int reextract_doc(struct store *s, int64_t id, store_reextract_fn fn, void *arg,
			 struct err *e)
{
	struct doc *d;
	char *body = NULL, *captions = NULL;
	int rc = store_doc_get(s, id, &d, e);

	if (rc)
		return rc;
	rc = fn(arg, d);
	if (rc) {
		err_set(e, rc, "document %lld: re-extraction failed (%s)", (long long)id,
			err_rc_str(rc));
	} else if (!(body = doc_text(d)) || !(captions = doc_captions(d))) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	} else {
		rc = write_extracted(s, d, body, captions, e);
		if (rc)
			err_prefix(e, "document %lld", (long long)id);
	}
	free(body);
	free(captions);
	doc_free(d);
	return rc;
}

/* The extracted rows of every document and all entities: rebuilt from scratch. */
static int clear_extracted(struct store *s, struct err *e)
{
	/* Children before parents: foreign keys are checked row by row. */
	static const char *const clear =
		"DELETE FROM event_actors; DELETE FROM events; DELETE FROM dates;"
		"DELETE FROM mentions; DELETE FROM names; DELETE FROM entity_aliases;"
		"DELETE FROM entities;";

	if (sqlite3_exec(s->db, clear, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot clear the extracted data");
	return DOSSIER_OK;
}

static int reindex_in_transaction(struct store *s, store_reextract_fn fn,
				  store_progress_fn progress, void *arg, size_t *done,
				  struct err *e)
{
	int64_t ids[REINDEX_CHUNK], total = 0, after = 0;
	size_t n = 0;
	int rc = count_query(s, "SELECT count(*) FROM docs", &total, e);

	if (!rc)
		rc = clear_extracted(s, e);
	while (!rc && !(rc = doc_ids_after(s, after, ids, REINDEX_CHUNK, &n, e)) && n) {
		for (size_t i = 0; i < n && !rc; i++) {
			rc = reextract_doc(s, ids[i], fn, arg, e);
			if (rc)
				break;
			++*done;
			if (progress && *done % REINDEX_PROGRESS_EVERY == 0)
				progress(arg, *done, (size_t)total);
		}
		after = ids[n - 1];
	}
	if (!rc && progress && *done % REINDEX_PROGRESS_EVERY)
		progress(arg, *done, (size_t)total);
	/* Entities were numbered afresh: stories are judged again on them. */
	return rc ? rc : stories_rebuild(s, e);
}

int store_reindex(struct store *s, store_reextract_fn fn, store_progress_fn progress,
		  void *arg, size_t *done, struct err *e)
{
	size_t count = 0;
	int rc;

	if (done)
		*done = 0;
	if (s->in_batch)
		return err_set(e, DOSSIER_EUSAGE, "cannot re-extract inside a batch of writes");
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot start writing");
	rc = reindex_in_transaction(s, fn, progress, arg, &count, e);
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot commit the re-extraction");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		stories_cache_clear(s->stories_cache);
		return rc;
	}
	if (done)
		*done = count;
	return DOSSIER_OK;
}

/* ---- reading documents ------------------------------------------------------------------ */

static int dup_column(char **field, sqlite3_stmt *st, int i)
{
	const char *v = column_text(st, i);

	return v ? doc_set(field, v, (size_t)-1) : DOSSIER_OK;
}

/* Splits the stored categories (one per line) back into d->categories. */
static int read_categories(sqlite3_stmt *st, int i, struct doc *d)
{
	const char *p = column_text(st, i);

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *one = strndup(p, n);
		int rc = one ? doc_add_category(d, one) : DOSSIER_ENOMEM;

		free(one);
		if (rc)
			return rc;
		p += n + (p[n] == '\n');
	}
	return DOSSIER_OK;
}

static int read_doc_row(sqlite3_stmt *st, struct doc *d)
{
	int rc = DOSSIER_OK;

	d->id = sqlite3_column_int64(st, 0);
	rc |= dup_column(&d->url, st, 1);
	rc |= dup_column(&d->title, st, 2);
	rc |= dup_column(&d->source, st, 3);
	rc |= dup_column(&d->author, st, 4);
	rc |= dup_column(&d->affiliation, st, 5);
	rc |= dup_column(&d->format, st, 6);
	rc |= dup_column(&d->script, st, 7);
	rc |= dup_column(&d->origin, st, 8);
	d->published = column_time(st, 9);
	d->fetched = column_time(st, 10);
	d->updated = column_time(st, 11);
	if (column_text(st, 12))
		snprintf(d->hash, sizeof d->hash, "%s", column_text(st, 12));
	d->flags = (unsigned)sqlite3_column_int64(st, 14);
	rc |= dup_column(&d->guid, st, 15);
	rc |= dup_column(&d->summary, st, 16);
	rc |= read_categories(st, 17, d);
	rc |= dup_column(&d->feed, st, 18);
	return rc ? DOSSIER_ENOMEM : DOSSIER_OK;
}

/* Rebuilds d->paras from the stored body and the paragraphs' byte ranges. */
static int read_paras(struct store *s, struct doc *d, const char *body,
		      size_t body_len, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT kind, start, len FROM paras WHERE doc_id = ?1 ORDER BY seq", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		int64_t start = sqlite3_column_int64(st, 1), len = sqlite3_column_int64(st, 2);
		char *text;

		if (start < 0 || len < 0 || (uint64_t)start + (uint64_t)len > body_len) {
			rc = err_set(e, DOSSIER_EDB, "document %lld: paragraph outside its text",
				     (long long)d->id);
			break;
		}
		text = strndup(body + start, (size_t)len);
		rc = text ? doc_add_para(d, (enum doc_para_kind)sqlite3_column_int(st, 0), text)
			  : DOSSIER_ENOMEM;
		free(text);
	}
	stmt_done(s, st);
	return rc;
}

static int read_parts(struct store *s, struct doc *d, const char *body,
		      size_t body_len, struct err *e)
{
	sqlite3_stmt *st;
	int rc = read_paras(s, d, body, body_len, e);

	if (rc == DOSSIER_EDB)
		return rc;
	if (rc || (rc = prepare(s, "SELECT src, caption FROM images WHERE doc_id = ?1 ORDER BY seq", &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = doc_add_image(d, column_text(st, 0), column_text(st, 1));
	stmt_done(s, st);
	if (rc || (rc = prepare(s, "SELECT href, text FROM links WHERE doc_id = ?1 ORDER BY seq", &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = doc_add_link(d, column_text(st, 0), column_text(st, 1));
	stmt_done(s, st);
	return rc ? err_set(e, rc, "cannot load the document's parts") : DOSSIER_OK;
}

int store_doc_get(struct store *s, int64_t id, struct doc **out, struct err *e)
{
	sqlite3_stmt *st;
	struct doc *d;
	int rc;

	*out = NULL;
	rc = prepare(s, "SELECT id, url, title, source, author, affiliation, format, script,"
			" origin, published, fetched, updated, hash, body,"
			" flags, guid, summary, categories, feed FROM docs WHERE id = ?1",
		     &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		stmt_done(s, st);
		if (rc == SQLITE_DONE)
			return err_set(e, DOSSIER_ENOTFOUND, "no document with id %lld", (long long)id);
		return db_error(s, e, "cannot read the document");
	}
	d = doc_new();
	rc = d ? read_doc_row(st, d) : DOSSIER_ENOMEM;
	if (!rc)
		rc = read_parts(s, d, column_text(st, 13) ? column_text(st, 13) : "",
				(size_t)sqlite3_column_bytes(st, 13), e);
	stmt_done(s, st);
	if (rc) {
		doc_free(d);
		return rc == DOSSIER_ENOMEM ? err_set(e, rc, "out of memory") : rc;
	}
	*out = d;
	return DOSSIER_OK;
}

static int parse_id(const char *key, int64_t *id)
{
	char *end;
	long long v;

	if (!*key || *key == '-' || *key == '+')
		return 0;
	v = strtoll(key, &end, 10);
	if (*end || v <= 0)
		return 0;
	*id = v;
	return 1;
}

int store_doc_find(struct store *s, const char *key, int64_t *id, struct err *e)
{
	int rc;

	if (parse_id(key, id)) {
		rc = lookup_id(s, "SELECT id FROM docs WHERE id = CAST(?1 AS INTEGER)", key, id, e);
	} else {
		rc = lookup_url(s, key, id, e);
		if (!rc && !*id) {
			char *abs = realpath(key, NULL);

			rc = lookup_id(s, "SELECT id FROM docs WHERE origin = ?1 ORDER BY id LIMIT 1",
				       abs ? abs : key, id, e);
			free(abs);
		}
	}
	if (!rc && !*id)
		return err_set(e, DOSSIER_ENOTFOUND, "no document with id, URL or path '%s'", key);
	return rc;
}

int store_doc_urls(struct store *s, int64_t id, char ***urls, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT url FROM doc_urls WHERE doc_id = ?1 ORDER BY url", &st, e);
	char **list = NULL;
	size_t count = 0;

	*urls = NULL;
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		char **grown = realloc(list, (count + 1) * sizeof *list);

		if (!grown || !(grown[count] = strdup(column_text(st, 0)))) {
			if (grown)
				list = grown;
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		list = grown;
		count++;
	}
	stmt_done(s, st);
	if (rc) {
		for (size_t i = 0; i < count; i++)
			free(list[i]);
		free(list);
		return rc;
	}
	*urls = list;
	*n = count;
	return DOSSIER_OK;
}

int store_doc_list(struct store *s, size_t limit, store_row_fn fn, void *arg,
		   struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT id, url, title, source, script, format, published, fetched"
			    " FROM docs ORDER BY published IS NULL, published DESC, id"
			    " LIMIT ?1", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, limit ? (int64_t)limit : -1);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_doc_row row = {
			.id = sqlite3_column_int64(st, 0),
			.url = column_text(st, 1),
			.title = column_text(st, 2),
			.source = column_text(st, 3),
			.script = column_text(st, 4),
			.format = column_text(st, 5),
			.published = column_time(st, 6),
			.fetched = column_time(st, 7),
		};

		rc = fn(arg, &row);
		if (rc) {
			stmt_done(s, st);
			return rc;
		}
		rc = SQLITE_OK;
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : db_error(s, e, "cannot list documents");
	stmt_done(s, st);
	return rc;
}

/* ---- statistics --------------------------------------------------------------------------- */

static int count_query(struct store *s, const char *sql, int64_t *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, sql, &st, e);

	if (rc)
		return rc;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? column_time(st, 0) : DOC_TIME_NONE;
	stmt_done(s, st);
	return rc == SQLITE_ROW ? DOSSIER_OK : db_error(s, e, "cannot compute statistics");
}

static int breakdown(struct store *s, const char *column, struct store_count **out,
		     size_t *n, struct err *e)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	int rc;

	snprintf(sql, sizeof sql,
		 "SELECT coalesce(%s, '(unknown)'), count(*) FROM docs GROUP BY 1 ORDER BY 2 DESC, 1",
		 column);
	rc = prepare(s, sql, &st, e);
	*out = NULL;
	*n = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		struct store_count *grown = realloc(*out, (*n + 1) * sizeof **out);

		if (!grown) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		*out = grown;
		grown[*n].name = strdup(column_text(st, 0));
		grown[*n].count = sqlite3_column_int64(st, 1);
		if (!grown[*n].name)
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else
			(*n)++;
	}
	if (st)
		stmt_done(s, st);
	return rc;
}

int store_stats(struct store *s, struct store_stats *out, struct err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->schema_version = N_MIGRATIONS;
	rc = count_query(s, "SELECT count(*) FROM docs", &out->documents, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM paras", &out->paragraphs, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM images", &out->images, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM links", &out->links, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM doc_urls", &out->urls, e);
	if (!rc) rc = count_query(s, "SELECT min(published) FROM docs", &out->published_min, e);
	if (!rc) rc = count_query(s, "SELECT max(published) FROM docs", &out->published_max, e);
	if (!rc) rc = count_query(s, "SELECT min(fetched) FROM docs", &out->fetched_min, e);
	if (!rc) rc = count_query(s, "SELECT max(fetched) FROM docs", &out->fetched_max, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM entities", &out->entities, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM mentions", &out->mentions, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM dates", &out->dates, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM events", &out->events, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM stories", &out->stories, e);
	if (!rc) rc = count_query(s, "SELECT count(*) FROM stories WHERE size > 1",
				  &out->stories_multi, e);
	if (!rc) rc = breakdown(s, "source", &out->sources, &out->n_sources, e);
	if (!rc) rc = breakdown(s, "script", &out->scripts, &out->n_scripts, e);
	if (!rc) rc = breakdown(s, "format", &out->formats, &out->n_formats, e);
	if (rc)
		store_stats_release(out);
	return rc;
}

static void release_counts(struct store_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

void store_stats_release(struct store_stats *st)
{
	release_counts(st->sources, st->n_sources);
	release_counts(st->scripts, st->n_scripts);
	release_counts(st->formats, st->n_formats);
	st->sources = st->scripts = st->formats = NULL;
	st->n_sources = st->n_scripts = st->n_formats = 0;
}

int store_check(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "PRAGMA integrity_check", &st, e);

	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp(column_text(st, 0), "ok"))
		rc = err_set(e, DOSSIER_EDB, "integrity check failed: %s", column_text(st, 0));
	else if (rc == SQLITE_ROW)
		rc = DOSSIER_OK;
	else
		rc = db_error(s, e, "integrity check failed");
	stmt_done(s, st);
	if (!rc) {
		rc = prepare(s, "PRAGMA foreign_key_check", &st, e);
		if (!rc) {
			if (sqlite3_step(st) == SQLITE_ROW)
				rc = err_set(e, DOSSIER_EDB, "foreign key check failed in table %s",
					     column_text(st, 0));
			stmt_done(s, st);
		}
	}
	if (!rc && sqlite3_exec(s->db, "INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)",
				NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(e, DOSSIER_EDB, "the full-text index disagrees with the documents: %s",
			     sqlite3_errmsg(s->db));
	return rc;
}

int store_fts_optimize(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "INSERT INTO fts(fts) VALUES ('optimize')", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_error(s, e, "cannot optimize the full-text index");
	return DOSSIER_OK;
}

int store_fts_terms(struct store *s, const char *prefix, store_term_fn fn, void *arg,
		    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_exec(s->db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms"
				" USING fts5vocab(main, fts, row)", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot open the index vocabulary");
	rc = prepare(s, "SELECT term, doc FROM temp.fts_terms WHERE term >= ?1 ORDER BY term", &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, prefix);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *term = column_text(st, 0);

		if (strncmp(term, prefix, strlen(prefix)))
			break;
		rc = fn(arg, term, sqlite3_column_int64(st, 1));
		if (rc) {
			stmt_done(s, st);
			return rc;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? DOSSIER_OK
						   : db_error(s, e, "cannot read the index vocabulary");
	stmt_done(s, st);
	return rc;
}
