/*
 * Writing a document: which stored document it is a version of (its
 * identity), insert or update, its parts, its story; batches of writes.
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

static int write_parts(struct store *s, const struct doc *d, const char *body,
		       const char *captions, struct err *e)
{
	sqlite3_stmt *st;
	static const char *const clear[] = {
		"DELETE FROM paras WHERE doc_id = ?1",
		"DELETE FROM images WHERE doc_id = ?1",
		"DELETE FROM links WHERE doc_id = ?1",
	};
	int rc = store_clear_doc_rows(s, d->id, clear, sizeof clear / sizeof clear[0], e);

	for (size_t i = 0, start = 0; i < d->n_paras && !rc; i++) {
		size_t len = strlen(d->paras[i].text);

		rc = store_prepare(s, "INSERT INTO paras(doc_id, seq, kind, start, len)"
				" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int(st, 3, (int)d->paras[i].kind);
		sqlite3_bind_int64(st, 4, (int64_t)start);
		sqlite3_bind_int64(st, 5, (int64_t)len);
		rc = store_run(s, st, e, "cannot store a paragraph");
		start += len + 2; /* the "\n\n" doc_text() puts between them */
	}
	for (size_t i = 0; i < d->n_images && !rc; i++) {
		rc = store_prepare(s, "INSERT INTO images(doc_id, seq, src, caption) VALUES (?1, ?2, ?3, ?4)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, d->images[i].src);
		store_bind_text(st, 4, d->images[i].caption);
		rc = store_run(s, st, e, "cannot store an image");
	}
	for (size_t i = 0; i < d->n_links && !rc; i++) {
		rc = store_prepare(s, "INSERT INTO links(doc_id, seq, href, text) VALUES (?1, ?2, ?3, ?4)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, d->links[i].href);
		store_bind_text(st, 4, d->links[i].text ? d->links[i].text : "");
		rc = store_run(s, st, e, "cannot store a link");
	}
	if (!rc)
		rc = store_write_extracted(s, d, body, captions, e);
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
	store_bind_text(st, 1, d->url);
	store_bind_text(st, 2, d->title ? d->title : "");
	store_bind_text(st, 3, d->source);
	store_bind_text(st, 4, d->author);
	store_bind_text(st, 5, d->affiliation);
	store_bind_text(st, 6, d->format ? d->format : "unknown");
	store_bind_text(st, 7, d->script ? d->script : "none");
	store_bind_text(st, 8, d->origin);
	store_bind_time(st, 9, d->published);
	store_bind_time(st, 10, d->fetched);
	store_bind_text(st, 11, d->hash);
	store_bind_text(st, 12, body);
	store_bind_text(st, 13, captions);
	sqlite3_bind_int64(st, 16, (sqlite3_int64)d->flags);
	store_bind_text(st, 17, d->guid);
	store_bind_text(st, 18, d->summary);
	bind_categories(st, 19, d);
	store_bind_text(st, 20, d->feed);
}

static int insert_doc(struct store *s, struct doc *d, const char *body,
		      const char *captions, int64_t now, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s,
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
	rc = store_run(s, st, e, "cannot store the document");
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
	int rc = store_prepare(s,
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
	rc = store_run(s, st, e, "cannot update the document");
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
	rc = store_prepare(s, "INSERT OR IGNORE INTO doc_urls(url, doc_id) VALUES (?1, ?2)", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, id);
	rc = store_run(s, st, e, "cannot record the document's address");
	if (!rc && url_key(url, &key))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc)
		rc = store_prepare(s, "INSERT OR IGNORE INTO url_keys(key, doc_id) VALUES (?1, ?2)", &st, e);
	if (!rc) {
		sqlite3_bind_text(st, 1, key.data ? key.data : "", (int)key.len, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
		rc = store_run(s, st, e, "cannot record the document's address");
	}
	buf_release(&key);
	return rc;
}

/* The document known by url's key (http or https, www. or not, tracking
 * parameters or none), 0 when none. */
int store_lookup_url(struct store *s, const char *url, int64_t *id, struct err *e)
{
	struct buf key = BUF_INIT;
	int rc = store_lookup_id(s, "SELECT doc_id FROM doc_urls WHERE url = ?1", url, id, e);

	if (!rc && !*id) {
		if (url_key(url, &key))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else
			rc = store_lookup_id(s, "SELECT doc_id FROM url_keys WHERE key = ?1",
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
		return store_lookup_url(s, d->url, id, e);
	if (d->origin)
		return store_lookup_id(s, "SELECT id FROM docs WHERE url IS NULL AND origin = ?1",
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
	rc = store_prepare(s, "UPDATE docs SET feed = ?1 WHERE id = ?2 AND feed IS NULL", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, d->feed);
	sqlite3_bind_int64(st, 2, d->id);
	return store_run(s, st, e, "cannot record the document's feed");
}

static int put_in_transaction(struct store *s, struct doc *d, int64_t now,
			      enum store_put_result *result, struct err *e)
{
	int64_t same_place = 0, same_content = 0;
	char *body, *captions;
	int rc = find_identity(s, d, &same_place, e);

	if (!rc)
		rc = store_lookup_id(s, "SELECT id FROM docs WHERE hash = ?1", d->hash,
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

/*
 * A document inside the batch's transaction (begun now when it is the
 * first), all or nothing by a savepoint of its own.  A failure that made
 * SQLite roll back the whole transaction (a full disk, an I/O error) loses
 * the documents written before it too: the batch remembers why, refuses
 * the rest, and store_batch_commit reports the loss.
 */
static int put_in_batch(struct store *s, struct doc *d, int64_t now,
			enum store_put_result *result, struct err *e)
{
	int rc;

	if (s->batch_lost.rc)
		return err_set(e, s->batch_lost.rc, "%s", s->batch_lost.msg);
	if (!s->batch_open) {
		rc = store_txn_begin(s, e);
		if (rc)
			return rc;
		s->batch_open = 1;
	}
	if (sqlite3_exec(s->db, "SAVEPOINT doc", NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot start writing");
	rc = put_in_transaction(s, d, now, result, e);
	if (!rc) {
		sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL);
		s->batch_docs++;
		return DOSSIER_OK;
	}
	if (sqlite3_get_autocommit(s->db)) {
		s->batch_open = 0;
		err_set(&s->batch_lost, DOSSIER_EDB,
			"the batch was rolled back (%zu document%s not stored): %s", s->batch_docs,
			s->batch_docs == 1 ? "" : "s", e ? e->msg : "a write failed");
		store_txn_rollback(s);
		return rc;
	}
	sqlite3_exec(s->db, "ROLLBACK TO doc", NULL, NULL, NULL);
	sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL);
	stories_cache_clear(s->stories_cache); /* ids may be given again */
	return rc;
}

int store_doc_put(struct store *s, struct doc *d, int64_t now,
		  enum store_put_result *result, struct err *e)
{
	int rc;

	if (!d->hash[0])
		return err_set(e, DOSSIER_EUSAGE, "document has no content hash");
	if (s->in_batch)
		return put_in_batch(s, d, now, result, e);
	rc = store_txn_begin(s, e);
	if (rc)
		return rc;
	rc = put_in_transaction(s, d, now, result, e);
	if (!rc)
		return store_txn_commit(s, "cannot commit the document", e);
	store_txn_rollback(s);
	return rc;
}

int store_batch_begin(struct store *s, struct err *e)
{
	(void)e;
	if (!s->in_batch) {
		s->in_batch = 1;
		s->batch_docs = 0;
		err_clear(&s->batch_lost);
	}
	return DOSSIER_OK;
}

size_t store_batch_pending(const struct store *s)
{
	return s->in_batch && s->batch_open ? s->batch_docs : 0;
}

int store_batch_commit(struct store *s, struct err *e)
{
	int rc = DOSSIER_OK;

	if (!s->in_batch)
		return DOSSIER_OK;
	if (s->batch_lost.rc)
		rc = err_set(e, s->batch_lost.rc, "%s", s->batch_lost.msg);
	else if (s->batch_open)
		rc = store_txn_commit(s, "cannot commit the batch", e);
	s->in_batch = s->batch_open = 0;
	s->batch_docs = 0;
	err_clear(&s->batch_lost);
	return rc;
}
