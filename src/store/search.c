/*
 * Full-text search and the name pairs behind query expansion.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

/* Appends the filters shared by search and count; binds start at ?2. */
static void filter_sql(const struct store_search *q, char *sql, size_t size)
{
	size_t n = strlen(sql);

	if (q->from != DOC_TIME_NONE)
		n += (size_t)snprintf(sql + n, size - n, " AND d.published >= ?2");
	if (q->to != DOC_TIME_NONE)
		n += (size_t)snprintf(sql + n, size - n, " AND d.published <= ?3");
	if (q->source)
		snprintf(sql + n, size - n, " AND d.source = ?4 COLLATE NOCASE");
}

static void bind_filters(sqlite3_stmt *st, const struct store_search *q)
{
	sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
	if (q->from != DOC_TIME_NONE)
		sqlite3_bind_int64(st, 2, q->from);
	if (q->to != DOC_TIME_NONE)
		sqlite3_bind_int64(st, 3, q->to);
	if (q->source)
		sqlite3_bind_text(st, 4, q->source, -1, SQLITE_STATIC);
}

/* FTS5 errors come from expressions query/ built; users never see SQLite's words. */
static int search_error(sqlite3 *db, struct err *e)
{
	int code = sqlite3_errcode(db);

	if (code == SQLITE_ERROR)
		return err_set(e, DOSSIER_EUSAGE, "the search expression was not accepted");
	return store_db_error(db, e, "search failed");
}

int store_search(struct store *s, const struct store_search *q, store_hit_fn fn,
		 void *arg, struct err *e)
{
	char sql[1024] =
		"SELECT d.id, d.url, d.title, d.source, d.published,"
		" dossier_rank(fts, ?8) AS score, dossier_snippet(fts, ?5, ?8)"
		" FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?1";
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	filter_sql(q, sql, sizeof sql);
	strncat(sql, " ORDER BY score DESC, d.published DESC LIMIT ?6 OFFSET ?7",
		sizeof sql - strlen(sql) - 1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot prepare the search");
	bind_filters(st, q);
	sqlite3_bind_int(st, 5, q->snippet_chars ? q->snippet_chars : 80);
	sqlite3_bind_int64(st, 6, q->limit ? (int64_t)q->limit : -1);
	sqlite3_bind_int64(st, 7, (int64_t)q->offset);
	if (q->mask)
		sqlite3_bind_text(st, 8, q->mask, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_hit hit = {
			.id = sqlite3_column_int64(st, 0),
			.url = (const char *)sqlite3_column_text(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.source = (const char *)sqlite3_column_text(st, 3),
			.published = sqlite3_column_type(st, 4) == SQLITE_NULL
					     ? DOC_TIME_NONE : sqlite3_column_int64(st, 4),
			.score = sqlite3_column_double(st, 5),
			.snippet = (const char *)sqlite3_column_text(st, 6),
		};
		int stop = fn(arg, &hit);

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : search_error(db, e);
	sqlite3_finalize(st);
	return rc;
}

int store_search_count(struct store *s, const struct store_search *q,
		       int64_t *count, struct err *e)
{
	char sql[512];
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	/* Without filters the docs table need not be read at all. */
	if (q->from == DOC_TIME_NONE && q->to == DOC_TIME_NONE && !q->source)
		snprintf(sql, sizeof sql, "SELECT count(*) FROM fts WHERE fts MATCH ?1");
	else {
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
