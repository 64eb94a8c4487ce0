/*
 * Reading documents back: one whole, found by id, address or file; their
 * addresses; a listing.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"
#include "text/text.h"

/* ---- reading documents ------------------------------------------------------------------ */

static int dup_column(char **field, sqlite3_stmt *st, int i)
{
	const char *v = store_column_text(st, i);

	return v ? doc_set(field, v, (size_t)-1) : DOSSIER_OK;
}

/* Splits the stored categories (one per line) back into d->categories. */
static int read_categories(sqlite3_stmt *st, int i, struct doc *d)
{
	const char *p = store_column_text(st, i);

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
	d->published = store_column_time(st, 9);
	d->fetched = store_column_time(st, 10);
	d->updated = store_column_time(st, 11);
	if (store_column_text(st, 12))
		snprintf(d->hash, sizeof d->hash, "%s", store_column_text(st, 12));
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
	int rc = store_prepare(s, "SELECT kind, start, len FROM paras WHERE doc_id = ?1 ORDER BY seq", &st, e);

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
	store_stmt_done(s, st);
	return rc;
}

static int read_parts(struct store *s, struct doc *d, const char *body,
		      size_t body_len, struct err *e)
{
	sqlite3_stmt *st;
	int rc = read_paras(s, d, body, body_len, e);

	if (rc == DOSSIER_EDB)
		return rc;
	if (rc || (rc = store_prepare(s, "SELECT src, caption FROM images WHERE doc_id = ?1 ORDER BY seq", &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = doc_add_image(d, store_column_text(st, 0), store_column_text(st, 1));
	store_stmt_done(s, st);
	if (rc || (rc = store_prepare(s, "SELECT href, text FROM links WHERE doc_id = ?1 ORDER BY seq", &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = doc_add_link(d, store_column_text(st, 0), store_column_text(st, 1));
	store_stmt_done(s, st);
	return rc ? err_set(e, rc, "cannot load the document's parts") : DOSSIER_OK;
}

int store_doc_get(struct store *s, int64_t id, struct doc **out, struct err *e)
{
	sqlite3_stmt *st;
	struct doc *d;
	int rc;

	*out = NULL;
	rc = store_prepare(s, "SELECT id, url, title, source, author, affiliation, format, script,"
			" origin, published, fetched, updated, hash, body,"
			" flags, guid, summary, categories, feed FROM docs WHERE id = ?1",
		     &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_stmt_done(s, st);
		if (rc == SQLITE_DONE)
			return err_set(e, DOSSIER_ENOTFOUND, "no document with id %lld", (long long)id);
		return store_error(s, e, "cannot read the document");
	}
	d = doc_new();
	rc = d ? read_doc_row(st, d) : DOSSIER_ENOMEM;
	if (!rc)
		rc = read_parts(s, d, store_column_text(st, 13) ? store_column_text(st, 13) : "",
				(size_t)sqlite3_column_bytes(st, 13), e);
	store_stmt_done(s, st);
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
		rc = store_lookup_id(s, "SELECT id FROM docs WHERE id = CAST(?1 AS INTEGER)", key, id, e);
	} else {
		rc = store_lookup_url(s, key, id, e);
		if (!rc && !*id) {
			char *abs = realpath(key, NULL);

			rc = store_lookup_id(s, "SELECT id FROM docs WHERE origin = ?1 ORDER BY id LIMIT 1",
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
	int rc = store_prepare(s, "SELECT url FROM doc_urls WHERE doc_id = ?1 ORDER BY url", &st, e);
	char **list = NULL;
	size_t count = 0;

	*urls = NULL;
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		char **grown = realloc(list, (count + 1) * sizeof *list);

		if (!grown || !(grown[count] = strdup(store_column_text(st, 0)))) {
			if (grown)
				list = grown;
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		list = grown;
		count++;
	}
	store_stmt_done(s, st);
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
	int rc = store_prepare(s, "SELECT id, url, title, source, script, format, published, fetched,"
			       " flags FROM docs"
			       " ORDER BY published IS NULL OR flags & ?2, published DESC, id LIMIT ?1",
			       &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(st, 2, DOC_F_DATE_FROM_FETCH);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_doc_row row = {
			.id = sqlite3_column_int64(st, 0),
			.url = store_column_text(st, 1),
			.title = store_column_text(st, 2),
			.source = store_column_text(st, 3),
			.script = store_column_text(st, 4),
			.format = store_column_text(st, 5),
			.published = store_column_time(st, 6),
			.fetched = store_column_time(st, 7),
			.flags = (unsigned)sqlite3_column_int64(st, 8),
		};

		rc = fn(arg, &row);
		if (rc) {
			store_stmt_done(s, st);
			return rc;
		}
		rc = SQLITE_OK;
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_error(s, e, "cannot list documents");
	store_stmt_done(s, st);
	return rc;
}
