/*
 * What the archive holds in numbers, its integrity check, and the
 * full-text index's maintenance.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"
#include "text/text.h"

static int breakdown(struct store *s, const char *column, struct store_count **out,
		     size_t *n, struct err *e)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	int rc;

	snprintf(sql, sizeof sql,
		 "SELECT coalesce(%s, '(unknown)'), count(*) FROM docs GROUP BY 1 ORDER BY 2 DESC, 1",
		 column);
	rc = store_prepare(s, sql, &st, e);
	*out = NULL;
	*n = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		struct store_count *grown = realloc(*out, (*n + 1) * sizeof **out);

		if (!grown) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		*out = grown;
		grown[*n].name = strdup(store_column_text(st, 0));
		grown[*n].count = sqlite3_column_int64(st, 1);
		if (!grown[*n].name)
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else
			(*n)++;
	}
	if (st)
		store_stmt_done(s, st);
	return rc;
}

int store_stats(struct store *s, struct store_stats *out, struct err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->schema_version = STORE_SCHEMA_VERSION;
	rc = store_query_int(s, "SELECT count(*) FROM docs", &out->documents, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM paras", &out->paragraphs, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM images", &out->images, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM links", &out->links, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM doc_urls", &out->urls, e);
	if (!rc) rc = store_query_int(s, "SELECT min(published) FROM docs", &out->published_min, e);
	if (!rc) rc = store_query_int(s, "SELECT max(published) FROM docs", &out->published_max, e);
	if (!rc) rc = store_query_int(s, "SELECT min(fetched) FROM docs", &out->fetched_min, e);
	if (!rc) rc = store_query_int(s, "SELECT max(fetched) FROM docs", &out->fetched_max, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM entities", &out->entities, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM mentions", &out->mentions, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM dates", &out->dates, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM events", &out->events, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM stories", &out->stories, e);
	if (!rc) rc = store_query_int(s, "SELECT count(*) FROM stories WHERE size > 1",
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
	int rc = store_prepare(s, "PRAGMA integrity_check", &st, e);

	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp(store_column_text(st, 0), "ok"))
		rc = err_set(e, DOSSIER_EDB, "integrity check failed: %s", store_column_text(st, 0));
	else if (rc == SQLITE_ROW)
		rc = DOSSIER_OK;
	else
		rc = store_error(s, e, "integrity check failed");
	store_stmt_done(s, st);
	if (!rc) {
		rc = store_prepare(s, "PRAGMA foreign_key_check", &st, e);
		if (!rc) {
			if (sqlite3_step(st) == SQLITE_ROW)
				rc = err_set(e, DOSSIER_EDB, "foreign key check failed in table %s",
					     store_column_text(st, 0));
			store_stmt_done(s, st);
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
		return store_error(s, e, "cannot optimize the full-text index");
	return DOSSIER_OK;
}

int store_fts_terms(struct store *s, const char *prefix, store_term_fn fn, void *arg,
		    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_exec(s->db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms"
				" USING fts5vocab(main, fts, row)", NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot open the index vocabulary");
	rc = store_prepare(s, "SELECT term, doc FROM temp.fts_terms WHERE term >= ?1 ORDER BY term", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, prefix);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *term = store_column_text(st, 0);

		if (strncmp(term, prefix, strlen(prefix)))
			break;
		rc = fn(arg, term, sqlite3_column_int64(st, 1));
		if (rc) {
			store_stmt_done(s, st);
			return rc;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? DOSSIER_OK
						   : store_error(s, e, "cannot read the index vocabulary");
	store_stmt_done(s, st);
	return rc;
}
