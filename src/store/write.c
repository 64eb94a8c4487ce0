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
		"UPDATE docs SET url = coalesce(?1, url), title = ?2, source = ?3, author = ?4,"
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

/*
 * The keys an address is known by (core/url.h): its key, and for an
 * address with a fragment also the key with the fragment, so that
 * page#post-1 and page#post-2 (a blog's archive page) each find their own
 * item while page and page#top still meet.  keys[1] empty when none.
 */
static int address_keys(const char *url, struct buf keys[2])
{
	const char *fragment = url_fragment(url);

	if (url_key(url, &keys[0]))
		return DOSSIER_ENOMEM;
	buf_reset(&keys[1]);
	if (fragment && (buf_add(&keys[1], keys[0].data ? keys[0].data : "", keys[0].len) ||
			 buf_add(&keys[1], "#", 1) || buf_adds(&keys[1], fragment)))
		return DOSSIER_ENOMEM;
	return DOSSIER_OK;
}

/* Records `url` and its keys as an address of document `id`. */
static int add_url(struct store *s, const char *url, int64_t id, struct err *e)
{
	struct buf keys[2] = { BUF_INIT, BUF_INIT };
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
	if (!rc && address_keys(url, keys))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	for (int k = 0; k < 2 && !rc; k++) {
		if (k && !keys[1].len)
			break;
		rc = store_prepare(s, "INSERT OR IGNORE INTO url_keys(key, doc_id) VALUES (?1, ?2)", &st, e);
		if (!rc) {
			sqlite3_bind_text(st, 1, keys[k].data ? keys[k].data : "", (int)keys[k].len,
					  SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 2, id);
			rc = store_run(s, st, e, "cannot record the document's address");
		}
	}
	buf_release(&keys[0]);
	buf_release(&keys[1]);
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

/* A stored document one of a new document's identifiers points at. */
struct stored_item {
	int64_t id;
	char *url, *guid, *scope;
};

static void stored_item_release(struct stored_item *c)
{
	free(c->url);
	free(c->guid);
	free(c->scope);
	memset(c, 0, sizeof *c);
}

/* Where a feed item's guid is unique: its subscription, else the file it
 * was read from (a guid need only be unique within its feed). */
static const char *item_scope(const struct doc *d)
{
	return d->feed ? d->feed : d->origin;
}

static int load_stored_item(struct store *s, int64_t id, struct stored_item *c, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT url, guid, coalesce(feed, origin) FROM docs WHERE id = ?1",
			       &st, e);

	memset(c, 0, sizeof *c);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v;

		c->id = id;
		if ((v = store_column_text(st, 0)) && !(c->url = strdup(v)))
			rc = DOSSIER_ENOMEM;
		if ((v = store_column_text(st, 1)) && !(c->guid = strdup(v)))
			rc = DOSSIER_ENOMEM;
		if ((v = store_column_text(st, 2)) && !(c->scope = strdup(v)))
			rc = DOSSIER_ENOMEM;
	}
	store_stmt_done(s, st);
	if (rc) {
		stored_item_release(c);
		return err_set(e, rc, "out of memory");
	}
	return DOSSIER_OK;
}

/*
 * Whether `d` is a version of the stored item `c` its address led to
 * (`by_key`: the address's key, not the address itself).  Two items of one
 * feed, each with its own guid, are two items whatever their links say;
 * and a blog's archive page holds many posts linked by fragments
 * (page#post-1, page#post-2): addresses that differ in their fragments
 * name different items, though their keys agree.
 */
static int same_item(const struct doc *d, const struct stored_item *c, int by_key)
{
	const char *scope = item_scope(d), *fa, *fb;

	if (d->guid && c->guid && strcmp(d->guid, c->guid) && scope && c->scope &&
	    !strcmp(scope, c->scope))
		return 0;
	if (by_key && (fa = url_fragment(d->url)) && (fb = url_fragment(c->url)) &&
	    strcmp(fa, fb))
		return 0;
	return 1;
}

/* The stored document `sql` (one text parameter) finds, when it is a
 * version of `d`; *id 0 otherwise.  *taken: found, but another item. */
static int find_by(struct store *s, const struct doc *d, const char *sql, const char *arg,
		   int by_key, int64_t *id, int *taken, struct err *e)
{
	struct stored_item c;
	int rc = store_lookup_id(s, sql, arg, id, e);

	if (rc || !*id)
		return rc;
	rc = load_stored_item(s, *id, &c, e);
	if (!rc && !same_item(d, &c, by_key)) {
		*id = 0;
		*taken = 1;
	}
	stored_item_release(&c);
	return rc;
}

/*
 * Which stored document `d` is a version of: a feed item by its guid in
 * its feed first, then anything by its address (the address itself, then
 * its key: http or https, www. or not, tracking parameters), else by the
 * file it came from (and, for a feed item with neither guid nor link, its
 * title there).  *id 0: none, a new document.  *link_taken: its address
 * belongs to another item (a feed that links every item to one page), so
 * it cannot be this one's.
 */
static int find_identity(struct store *s, const struct doc *d, int64_t *id, int *link_taken,
			 struct err *e)
{
	int rc = DOSSIER_OK;

	*id = 0;
	*link_taken = 0;
	if (d->guid && item_scope(d)) {
		sqlite3_stmt *st;

		rc = store_prepare(s, "SELECT id FROM docs WHERE guid = ?1"
				      " AND coalesce(feed, origin) = ?2", &st, e);
		if (rc)
			return rc;
		store_bind_text(st, 1, d->guid);
		store_bind_text(st, 2, item_scope(d));
		rc = sqlite3_step(st);
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		store_stmt_done(s, st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_error(s, e, "cannot look up the item's guid");
		if (*id)
			return DOSSIER_OK;
	}
	if (d->url) {
		struct buf keys[2] = { BUF_INIT, BUF_INIT };

		rc = find_by(s, d, "SELECT doc_id FROM doc_urls WHERE url = ?1", d->url, 0, id,
			     link_taken, e);
		if (!rc && !*id && !*link_taken && address_keys(d->url, keys))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		/* By key, with its fragment first: the key names another item
		 * at worst, and this one's own address stays free. */
		for (int k = 1; k >= 0 && !rc && !*id && !*link_taken; k--) {
			if (keys[k].len)
				rc = find_by(s, d, "SELECT doc_id FROM url_keys WHERE key = ?1",
					     keys[k].data, 1, id, link_taken, e);
			*link_taken = 0;
		}
		buf_release(&keys[0]);
		buf_release(&keys[1]);
		return rc;
	}
	if (!d->origin)
		return DOSSIER_OK;
	if (d->format && !strcmp(d->format, "feed")) {
		sqlite3_stmt *st;

		rc = store_prepare(s, "SELECT id FROM docs WHERE url IS NULL AND origin = ?1"
				      " AND guid IS NULL AND title = ?2", &st, e);
		if (rc)
			return rc;
		store_bind_text(st, 1, d->origin);
		store_bind_text(st, 2, d->title ? d->title : "");
		rc = sqlite3_step(st);
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		store_stmt_done(s, st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE
			       ? DOSSIER_OK : store_error(s, e, "cannot look up the item");
	}
	return store_lookup_id(s, "SELECT id FROM docs WHERE url IS NULL AND origin = ?1",
			       d->origin, id, e);
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

/* Whether `url` is nobody's address but (maybe) document `self`'s. */
static int address_free(struct store *s, const char *url, int64_t self, int *free_,
			struct err *e)
{
	int64_t owner = 0;
	int rc = store_lookup_id(s, "SELECT doc_id FROM doc_urls WHERE url = ?1", url, &owner, e);

	*free_ = !owner || owner == self;
	return rc;
}

/*
 * A document's address must be its own: when its link is another item's
 * (a feed that links every item to one page), a guid that is an address
 * takes its place, else it has none (it is known by its guid).  `self`:
 * the stored version it replaces, 0 for a new one.
 */
static int keep_own_address(struct store *s, struct doc *d, int64_t self, struct err *e)
{
	int ok = 1;
	int rc = d->url ? address_free(s, d->url, self, &ok, e) : DOSSIER_OK;

	if (rc || ok)
		return rc;
	free(d->url);
	d->url = NULL;
	if (d->guid && (!strncmp(d->guid, "http://", 7) || !strncmp(d->guid, "https://", 8))) {
		rc = address_free(s, d->guid, self, &ok, e);
		if (!rc && ok && !(d->url = strdup(d->guid)))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	return rc;
}

int store_write_provenance(struct store *s, const struct doc *d, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE docs SET source = ?1, published = ?2, flags = ?3"
				  " WHERE id = ?4 AND (source IS NOT ?1 OR published IS NOT ?2"
				  " OR flags IS NOT ?3)", &st, e);

	if (rc)
		return rc;
	store_bind_text(st, 1, d->source);
	store_bind_time(st, 2, d->published);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)d->flags);
	sqlite3_bind_int64(st, 4, d->id);
	return store_run(s, st, e, "cannot store the document's outlet and date");
}

static int put_in_transaction(struct store *s, struct doc *d, int64_t now,
			      enum store_put_result *result, struct err *e)
{
	int64_t same_place = 0, same_content = 0;
	char *body, *captions;
	int link_taken = 0;
	int rc = find_identity(s, d, &same_place, &link_taken, e);

	if (!rc)
		rc = store_lookup_id(s, "SELECT id FROM docs WHERE hash = ?1", d->hash,
			       &same_content, e);
	if (rc)
		return rc;
	if (same_place && same_place == same_content) {
		d->id = same_place;
		*result = STORE_UNCHANGED;
		rc = add_url(s, d->url, d->id, e); /* the same page by another address */
		/* The same text; where it was published and when may be read
		 * better now than when it was stored (an older Dossier's labels). */
		if (!rc)
			rc = store_write_provenance(s, d, e);
		return rc ? rc : claim_for_feed(s, d, e);
	}
	if (same_content) {
		/* Identical text already stored: remember this address too. */
		d->id = same_content;
		*result = STORE_DUPLICATE;
		rc = add_url(s, d->url, d->id, e);
		return rc ? rc : claim_for_feed(s, d, e);
	}
	if (link_taken || same_place)
		rc = keep_own_address(s, d, same_place, e);
	if (rc)
		return rc;
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
