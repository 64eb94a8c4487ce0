/*
 * The archive's schema: the migrations, append-only, that take a file from
 * any earlier version to STORE_SCHEMA_VERSION, and the upgrades that need
 * code as well as SQL.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/url.h"
#include "store/store_int.h"
#include "text/text.h"

/* Documents re-hashed per chunk of ids on upgrade. */
#define REHASH_CHUNK 256

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

	/* 7: a feed item is found by its guid within its feed, an address with
	 * a fragment also by its key with the fragment (store/write.c); bylines
	 * are searchable: the full-text index gains the author column and is
	 * rebuilt from the documents. */
	"CREATE INDEX docs_guid ON docs(guid) WHERE guid IS NOT NULL;"
	"INSERT OR IGNORE INTO url_keys(key, doc_id)"
	"  SELECT dossier_url_key(url) || substr(url, instr(url, '#')), doc_id FROM doc_urls"
	"  WHERE instr(url, '#') > 0 AND instr(url, '#') < length(url);"
	"DROP TRIGGER docs_fts_insert;"
	"DROP TRIGGER docs_fts_delete;"
	"DROP TRIGGER docs_fts_update;"
	"DROP TABLE fts;"
	"CREATE VIRTUAL TABLE fts USING fts5(title, body, captions, author,"
	"  content='docs', content_rowid='id', tokenize='dossier');"
	"CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN"
	"  INSERT INTO fts(rowid, title, body, captions, author)"
	"  VALUES (new.id, new.title, new.body, new.captions, new.author);"
	"END;"
	"CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs BEGIN"
	"  INSERT INTO fts(fts, rowid, title, body, captions, author)"
	"  VALUES ('delete', old.id, old.title, old.body, old.captions, old.author);"
	"END;"
	"CREATE TRIGGER docs_fts_update AFTER UPDATE OF title, body, captions, author ON docs BEGIN"
	"  INSERT INTO fts(fts, rowid, title, body, captions, author)"
	"  VALUES ('delete', old.id, old.title, old.body, old.captions, old.author);"
	"  INSERT INTO fts(rowid, title, body, captions, author)"
	"  VALUES (new.id, new.title, new.body, new.captions, new.author);"
	"END;"
	"INSERT INTO fts(fts) VALUES ('rebuild');",

	/* 8: what each actor is to its event (core/event.h: party, visitor,
	 * host, requester, requested, refuser, initiator) and the country its
	 * title names there — kept beside it, no longer made a party of its
	 * own.  Events stored before keep 'party' (and their home countries as
	 * actors) until `dossier reindex`. */
	"ALTER TABLE event_actors ADD COLUMN role TEXT NOT NULL DEFAULT 'party';"
	"ALTER TABLE event_actors ADD COLUMN country_id INTEGER REFERENCES entities(id);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "STORE_SCHEMA_VERSION names the last migration");

static int user_version(struct store *s, int *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, e, "cannot read the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	store_stmt_done(s, st);
	return rc == SQLITE_ROW ? DOSSIER_OK : store_error(s, e, "cannot read the schema version");
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

	while (!(rc = store_doc_ids_after(s, after, ids, REHASH_CHUNK, &n, e)) && n) {
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
				rc = store_prepare(s, "UPDATE OR IGNORE docs SET hash = ?1 WHERE id = ?2", &st, e);
			if (!rc) {
				store_bind_text(st, 1, d->hash);
				sqlite3_bind_int64(st, 2, ids[i]);
				rc = store_run(s, st, e, "cannot store a content hash");
			}
			doc_free(d);
		}
		after = ids[n - 1];
	}
	return rc;
}

/*
 * Migration 6 on an archive that had documents: content hashes over NFKC
 * text, and every document gets its story.
 */
static int upgrade_to_stories(struct store *s, struct err *e)
{
	int rc = rehash_docs(s, e);

	return rc ? rc : stories_rebuild(s, e);
}

/* Code a migration needs beside its SQL, run in the same transaction:
 * hooks[N - 1] after migration N, or NULL. */
static int (*const hooks[])(struct store *, struct err *) = {
	NULL, NULL, NULL, NULL, NULL, upgrade_to_stories,
};
_Static_assert(sizeof hooks / sizeof hooks[0] <= N_MIGRATIONS, "a hook per migration at most");

/*
 * One migration, from whatever version the file has once this connection
 * holds the write lock: another process may have migrated it meanwhile
 * (two ingests creating one archive), so the version is read inside the
 * transaction, never before it.  *version is the version it leaves.
 */
static int migrate_one(struct store *s, int *version, struct err *e)
{
	char pragma[64];
	int rc = store_txn_begin(s, e);

	if (!rc)
		rc = user_version(s, version, e);
	if (!rc && *version > N_MIGRATIONS)
		rc = err_set(e, DOSSIER_EDB,
			     "the archive has schema version %d; this Dossier knows up to %d (upgrade Dossier)",
			     *version, N_MIGRATIONS);
	if (rc || *version == N_MIGRATIONS) {
		store_txn_rollback(s);
		return rc;
	}
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", *version + 1);
	if (sqlite3_exec(s->db, migrations[*version], NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		rc = store_error(s, e, "schema migration failed");
	if (!rc && (size_t)*version < sizeof hooks / sizeof hooks[0] && hooks[*version])
		rc = hooks[*version](s, e);
	if (!rc)
		rc = store_txn_commit(s, "cannot commit the schema migration", e);
	else
		store_txn_rollback(s);
	if (!rc)
		++*version;
	return rc;
}

int store_schema_migrate(struct store *s, struct err *e)
{
	int version = 0, rc;

	if (sqlite3_create_function(s->db, "dossier_url_key", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, url_key_sql,
				    NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot register the URL key function");
	/* An archive already current needs no write lock (readers open it all the time). */
	rc = user_version(s, &version, e);
	while (!rc && version != N_MIGRATIONS)
		rc = migrate_one(s, &version, e);
	return rc;
}
