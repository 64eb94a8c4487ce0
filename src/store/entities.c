/*
 * Entities read back: the list by number of mentions, an entity found by
 * any of its forms, its aliases and the documents that mention it.  They
 * are written with their document in store.c (store_doc_put).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

#define ENTITY_SELECT                                                                  \
	"SELECT e.id, e.key, e.name, e.type, count(m.doc_id), count(DISTINCT m.doc_id)" \
	" FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id"

/* Runs an entity query whose text parameters are ?1 and ?2 (either may be NULL). */
static int each_entity(struct store *s, const char *sql, const char *p1, const char *p2,
		       store_entity_fn fn, void *arg, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read entities");
	if (p1)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (p2)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_entity ent = {
			.id = sqlite3_column_int64(st, 0),
			.key = (const char *)sqlite3_column_text(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.type = (const char *)sqlite3_column_text(st, 3),
			.mentions = sqlite3_column_int64(st, 4),
			.docs = sqlite3_column_int64(st, 5),
		};
		int stop = fn(arg, &ent);

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read entities");
	sqlite3_finalize(st);
	return rc;
}

int store_entities_list(struct store *s, const char *type, store_entity_fn fn, void *arg,
			struct err *e)
{
	return each_entity(s,
			   ENTITY_SELECT " WHERE ?1 IS NULL OR e.type = ?1 GROUP BY e.id"
					 " HAVING count(m.doc_id) > 0 ORDER BY 5 DESC, 6 DESC, e.name",
			   type, NULL, fn, arg, e);
}

int store_entity_by_key(struct store *s, const char *key, store_entity_fn fn, void *arg,
			struct err *e)
{
	return each_entity(s, ENTITY_SELECT " WHERE e.key = ?1 GROUP BY e.id", key, NULL, fn,
			   arg, e);
}

int store_entity_get(struct store *s, int64_t id, store_entity_fn fn, void *arg,
		     struct err *e)
{
	char key[24];

	/* The id goes in as text: e.id's integer affinity converts it back. */
	snprintf(key, sizeof key, "%lld", (long long)id);
	return each_entity(s, ENTITY_SELECT " WHERE e.id = ?1 GROUP BY e.id", key, NULL, fn,
			   arg, e);
}

int store_entities_by_alias(struct store *s, const char *alias_key, store_entity_fn fn,
			    void *arg, struct err *e)
{
	return each_entity(s,
			   ENTITY_SELECT " WHERE e.id IN (SELECT entity_id FROM entity_aliases"
					 " WHERE alias_key = ?1) GROUP BY e.id ORDER BY 5 DESC",
			   alias_key, NULL, fn, arg, e);
}

int store_entity_aliases(struct store *s, int64_t id, store_text_fn fn, void *arg,
			 struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT alias FROM entity_aliases WHERE entity_id = ?1"
			       " ORDER BY (unicode(alias) < 128), alias",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read aliases");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = fn(arg, (const char *)sqlite3_column_text(st, 0));

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read aliases");
	sqlite3_finalize(st);
	return rc;
}

int store_entity_docs(struct store *s, int64_t id, store_entity_doc_fn fn, void *arg,
		      struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT d.id, d.url, d.title, d.source, d.published, count(*)"
			       " FROM mentions m JOIN docs d ON d.id = m.doc_id"
			       " WHERE m.entity_id = ?1 GROUP BY d.id"
			       " ORDER BY d.published IS NULL, d.published, d.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read mentions");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_entity_doc doc = {
			.id = sqlite3_column_int64(st, 0),
			.url = (const char *)sqlite3_column_text(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.source = (const char *)sqlite3_column_text(st, 3),
			.published = sqlite3_column_type(st, 4) == SQLITE_NULL
					     ? DOC_TIME_NONE
					     : sqlite3_column_int64(st, 4),
			.mentions = sqlite3_column_int64(st, 5),
		};
		int stop = fn(arg, &doc);

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read mentions");
	sqlite3_finalize(st);
	return rc;
}
