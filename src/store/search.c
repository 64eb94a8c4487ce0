/*
 * Full-text search and the name pairs behind query expansion.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

/* Names of one outlet the source filter takes (more are ignored). */
#define SOURCE_NAMES_MAX 48
/* The first parameter number of those names. */
#define SOURCE_NAMES_PARAM 10

static size_t source_names_count(const struct store_search *q)
{
	size_t n = 0;

	while (q->source_names && q->source_names[n] && n < SOURCE_NAMES_MAX)
		n++;
	return n;
}

/* Appends the filters shared by search and count; binds start at ?2. */
static void filter_sql(const struct store_search *q, char *sql, size_t size)
{
	size_t n = strlen(sql), names = source_names_count(q);

	if (q->from != DOC_TIME_NONE)
		n += (size_t)snprintf(sql + n, size - n, " AND d.published >= ?2");
	if (q->to != DOC_TIME_NONE)
		n += (size_t)snprintf(sql + n, size - n, " AND d.published <= ?3");
	if (q->source || names) {
		/* An outlet by any of its names: archives labelled DW's items
		 * "DW" and "dw.de" alike before outlets had one name. */
		n += (size_t)snprintf(sql + n, size - n, " AND d.source COLLATE NOCASE IN (?4");
		for (size_t i = 0; i < names; i++)
			n += (size_t)snprintf(sql + n, size - n, ", ?%zu", SOURCE_NAMES_PARAM + i);
		snprintf(sql + n, size - n, ")");
	}
}

static void bind_filters(sqlite3_stmt *st, const struct store_search *q)
{
	size_t names = source_names_count(q);

	sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
	if (q->from != DOC_TIME_NONE)
		sqlite3_bind_int64(st, 2, q->from);
	if (q->to != DOC_TIME_NONE)
		sqlite3_bind_int64(st, 3, q->to);
	if (q->source)
		sqlite3_bind_text(st, 4, q->source, -1, SQLITE_STATIC);
	for (size_t i = 0; i < names; i++)
		sqlite3_bind_text(st, (int)(SOURCE_NAMES_PARAM + i), q->source_names[i], -1,
				  SQLITE_STATIC);
}

/* FTS5 errors come from expressions query/ built; users never see SQLite's words. */
static int search_error(sqlite3 *db, struct err *e)
{
	int code = sqlite3_errcode(db);

	if (code == SQLITE_ERROR)
		return err_set(e, DOSSIER_EUSAGE, "the search expression was not accepted");
	return store_db_error(db, e, "search failed");
}

/* The stories a collapsed search has given: an open-addressing set of ids. */
struct seen {
	int64_t *keys; /* 0: empty slot (ids are never 0) */
	size_t n, cap;
};

static uint64_t seen_slot(int64_t key, size_t cap)
{
	return ((uint64_t)key * 0x9e3779b97f4a7c15ULL >> 17) & (cap - 1);
}

/* 1 when `key` is new (and now in the set), 0 when seen, -1 out of memory. */
static int seen_add(struct seen *s, int64_t key)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct seen grown = { NULL, 0, s->cap ? s->cap * 2 : 64 };

		if (!(grown.keys = calloc(grown.cap, sizeof *grown.keys)))
			return -1;
		for (size_t j = 0; j < s->cap; j++) {
			if (s->keys[j]) {
				for (i = seen_slot(s->keys[j], grown.cap); grown.keys[i];)
					i = (i + 1) & (grown.cap - 1);
				grown.keys[i] = s->keys[j];
				grown.n++;
			}
		}
		free(s->keys);
		*s = grown;
	}
	for (i = seen_slot(key, s->cap); s->keys[i]; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == key)
			return 0;
	}
	s->keys[i] = key;
	s->n++;
	return 1;
}

int store_search(struct store *s, const struct store_search *q, store_hit_fn fn,
		 void *arg, struct err *e)
{
	char sql[2048] =
		"SELECT d.id, d.url, d.title, d.source, d.published,"
		" dossier_rank(fts, ?8) AS score, dossier_snippet(fts, ?5, ?8),"
		" m.story_id, st.size, d.script, d.flags"
		" FROM fts JOIN docs d ON d.id = fts.rowid"
		" LEFT JOIN story_docs m ON m.doc_id = d.id LEFT JOIN stories st ON st.id = m.story_id"
		" WHERE fts MATCH ?1";
	struct seen seen = { 0 };
	size_t skipped = 0, given = 0;
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	filter_sql(q, sql, sizeof sql);
	/* Collapsing pages over stories, so the page is cut here, not in SQL
	 * (and snippets are made only for the rows stepped through). */
	strncat(sql, q->collapse ? " ORDER BY score DESC, d.published DESC"
				 : " ORDER BY score DESC, d.published DESC LIMIT ?6 OFFSET ?7",
		sizeof sql - strlen(sql) - 1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot prepare the search");
	bind_filters(st, q);
	sqlite3_bind_int(st, 5, q->snippet_chars ? q->snippet_chars : 80);
	if (!q->collapse) {
		sqlite3_bind_int64(st, 6, q->limit ? (int64_t)q->limit : -1);
		sqlite3_bind_int64(st, 7, (int64_t)q->offset);
	}
	if (q->mask)
		sqlite3_bind_text(st, 8, q->mask, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t story = sqlite3_column_int64(st, 7);

		if (q->collapse) {
			int fresh = seen_add(&seen, story ? story : -sqlite3_column_int64(st, 0));

			if (fresh < 0) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (!fresh)
				continue;
			if (skipped < q->offset) {
				skipped++;
				continue;
			}
			if (q->limit && given == q->limit) {
				rc = SQLITE_DONE;
				break;
			}
			given++;
		}
		struct store_hit hit = {
			.id = sqlite3_column_int64(st, 0),
			.url = (const char *)sqlite3_column_text(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.source = (const char *)sqlite3_column_text(st, 3),
			.published = sqlite3_column_type(st, 4) == SQLITE_NULL
					     ? DOC_TIME_NONE : sqlite3_column_int64(st, 4),
			.score = sqlite3_column_double(st, 5),
			.snippet = (const char *)sqlite3_column_text(st, 6),
			.story = story,
			.story_size = sqlite3_column_int64(st, 8),
			.script = (const char *)sqlite3_column_text(st, 9),
			.flags = (unsigned)sqlite3_column_int64(st, 10),
		};
		int stop = fn(arg, &hit);

		if (stop) {
			sqlite3_finalize(st);
			free(seen.keys);
			return stop;
		}
	}
	free(seen.keys);
	if (rc == SQLITE_NOMEM)
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	else
		rc = rc == SQLITE_DONE ? DOSSIER_OK : search_error(db, e);
	sqlite3_finalize(st);
	return rc;
}

int store_search_count(struct store *s, const struct store_search *q,
		       int64_t *count, struct err *e)
{
	char sql[2048];
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	/* Without filters the docs table need not be read at all. */
	if (q->collapse) {
		snprintf(sql, sizeof sql, "SELECT count(DISTINCT coalesce(m.story_id, -d.id))"
					  " FROM fts JOIN docs d ON d.id = fts.rowid"
					  " LEFT JOIN story_docs m ON m.doc_id = d.id WHERE fts MATCH ?1");
		filter_sql(q, sql, sizeof sql);
	} else if (q->from == DOC_TIME_NONE && q->to == DOC_TIME_NONE && !q->source &&
		   !source_names_count(q)) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM fts WHERE fts MATCH ?1");
	} else {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM fts JOIN docs d ON d.id = fts.rowid"
					  " WHERE fts MATCH ?1");
		filter_sql(q, sql, sizeof sql);
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot prepare the search");
	bind_filters(st, q);
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? DOSSIER_OK : search_error(db, e);
	sqlite3_finalize(st);
	return rc;
}

int store_names_lookup(struct store *s, const char *key, store_name_fn fn, void *arg,
		       struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT DISTINCT name_key, latin_key FROM names WHERE name_key = ?1"
			       " UNION SELECT DISTINCT name_key, latin_key FROM names WHERE latin_key = ?1"
			       /* a surname alone names the person too: Blinken */
			       " UNION SELECT DISTINCT name_key, latin_key FROM names"
			       "  WHERE latin_key LIKE '% ' || ?1 AND instr(?1, ' ') = 0",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot look up names");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = fn(arg, (const char *)sqlite3_column_text(st, 0),
			      (const char *)sqlite3_column_text(st, 1));

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot look up names");
	sqlite3_finalize(st);
	return rc;
}
