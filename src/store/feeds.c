/*
 * Subscriptions: the feeds table (schema 2) and what each fetch of a feed
 * said.  A handful of rows touched a few times per run, so statements are
 * prepared per call rather than cached.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define FEED_COLUMNS \
	"id, url, title, site, added, interval, fulltext, etag, last_modified," \
	" last_attempt, last_success, last_status, last_error, failures, next_due," \
	" (SELECT count(*) FROM docs WHERE docs.feed = feeds.url)"

/* ---- helpers ------------------------------------------------------------------ */

static int prep(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
	if (sqlite3_prepare_v2(store_db(s), sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return store_db_error(store_db(s), e, "cannot prepare a query");
	}
	return DOSSIER_OK;
}

static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no rows and finalizes it; *changed (may be
 * NULL) gets the number of rows it changed. */
static int exec_stmt(struct store *s, sqlite3_stmt *st, int *changed,
		     struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE && changed)
		*changed = sqlite3_changes(store_db(s));
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(store_db(s), e, what);
	sqlite3_finalize(st);
	return rc;
}

static int dup_text(char **field, sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	*field = NULL;
	if (!v)
		return DOSSIER_OK;
	*field = strdup((const char *)v);
	return *field ? DOSSIER_OK : DOSSIER_ENOMEM;
}

static int64_t time_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? DOC_TIME_NONE
							 : sqlite3_column_int64(st, i);
}

static int read_row(sqlite3_stmt *st, struct store_feed *f)
{
	int rc = DOSSIER_OK;

	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	rc |= dup_text(&f->url, st, 1);
	rc |= dup_text(&f->title, st, 2);
	rc |= dup_text(&f->site, st, 3);
	f->added = time_col(st, 4);
	f->interval = sqlite3_column_int64(st, 5);
	f->fulltext = sqlite3_column_int(st, 6) != 0;
	rc |= dup_text(&f->etag, st, 7);
	rc |= dup_text(&f->last_modified, st, 8);
	f->last_attempt = time_col(st, 9);
	f->last_success = time_col(st, 10);
	f->last_status = (long)sqlite3_column_int64(st, 11);
	rc |= dup_text(&f->last_error, st, 12);
	f->failures = sqlite3_column_int(st, 13);
	f->next_due = sqlite3_column_int64(st, 14);
	f->items = sqlite3_column_int64(st, 15);
	if (rc)
		store_feed_release(f);
	return rc ? DOSSIER_ENOMEM : DOSSIER_OK;
}

static int not_subscribed(struct err *e, const char *url)
{
	return err_set(e, DOSSIER_ENOTFOUND, "not subscribed: %s", url);
}

/* A savepoint works inside an open batch as well as outside one. */
static int begin(struct store *s, struct err *e)
{
	if (sqlite3_exec(store_db(s), "SAVEPOINT feeds", NULL, NULL, NULL) != SQLITE_OK)
		return store_db_error(store_db(s), e, "cannot start writing");
	return DOSSIER_OK;
}

static int end(struct store *s, int rc, struct err *e)
{
	sqlite3 *db = store_db(s);

	if (rc)
		sqlite3_exec(db, "ROLLBACK TO feeds", NULL, NULL, NULL);
	if (sqlite3_exec(db, "RELEASE feeds", NULL, NULL, NULL) != SQLITE_OK && !rc)
		rc = store_db_error(db, e, "cannot commit");
	return rc;
}

/* ---- the public calls ------------------------------------------------------------ */

void store_feed_release(struct store_feed *f)
{
	if (!f)
		return;
	free(f->url);
	free(f->title);
	free(f->site);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	memset(f, 0, sizeof *f);
}

void store_feeds_free(struct store_feed *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++)
		store_feed_release(&f[i]);
	free(f);
}

int store_feed_add(struct store *s, const char *url, const char *title,
		   const char *site, int64_t now, int *added, struct err *e)
{
	sqlite3_stmt *st;
	int changed = 0, rc;

	if (!url || !*url)
		return err_set(e, DOSSIER_EUSAGE, "a subscription needs a URL");
	if (title && !*title)
		title = NULL;
	if (site && !*site)
		site = NULL;
	rc = prep(s, "INSERT OR IGNORE INTO feeds(url, title, site, added, interval, next_due)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, 0)", &st, e);
	if (rc)
		return rc;
	bind_str(st, 1, url);
	bind_str(st, 2, title);
	bind_str(st, 3, site);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, STORE_FEED_INTERVAL);
	rc = exec_stmt(s, st, &changed, e, "cannot add the subscription");
	if (!rc && !changed && (title || site)) {
		rc = prep(s, "UPDATE feeds SET title = coalesce(nullif(title, ''), ?2),"
			     " site = coalesce(nullif(site, ''), ?3) WHERE url = ?1", &st, e);
		if (!rc) {
			bind_str(st, 1, url);
			bind_str(st, 2, title);
			bind_str(st, 3, site);
			rc = exec_stmt(s, st, NULL, e, "cannot update the subscription");
		}
	}
	if (added)
		*added = changed > 0;
	return rc;
}

int store_feed_get(struct store *s, const char *url, struct store_feed *out,
		   struct err *e)
{
	sqlite3_stmt *st;
	int rc = prep(s, "SELECT " FEED_COLUMNS " FROM feeds WHERE url = ?1", &st, e);

	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	bind_str(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = read_row(st, out) ? err_set(e, DOSSIER_ENOMEM, "out of memory") : DOSSIER_OK;
	else if (rc == SQLITE_DONE)
		rc = not_subscribed(e, url);
	else
		rc = store_db_error(store_db(s), e, "cannot read the subscription");
	sqlite3_finalize(st);
	return rc;
}

int store_feed_remove(struct store *s, const char *url, struct err *e)
{
	sqlite3_stmt *st;
	int changed = 0, rc = prep(s, "DELETE FROM feeds WHERE url = ?1", &st, e);

	if (rc)
		return rc;
	bind_str(st, 1, url);
	rc = exec_stmt(s, st, &changed, e, "cannot remove the subscription");
	return !rc && !changed ? not_subscribed(e, url) : rc;
}

int store_feed_list(struct store *s, int64_t due_at, struct store_feed **out,
		    size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	struct store_feed *list = NULL;
	size_t count = 0, cap = 0;
	int rc = prep(s, "SELECT " FEED_COLUMNS " FROM feeds"
			 " WHERE ?1 IS NULL OR next_due <= ?1 ORDER BY id", &st, e);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (due_at != DOC_TIME_NONE)
		sqlite3_bind_int64(st, 1, due_at);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct store_feed *grown = realloc(list, ncap * sizeof *list);

			if (!grown)
				break;
			list = grown;
			cap = ncap;
		}
		if (read_row(st, &list[count]))
			break;
		count++;
	}
	if (rc == SQLITE_DONE)
		rc = DOSSIER_OK;
	else if (rc == SQLITE_ROW)
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	else
		rc = store_db_error(store_db(s), e, "cannot list the subscriptions");
	sqlite3_finalize(st);
	if (rc) {
		store_feeds_free(list, count);
		return rc;
	}
	*out = list;
	*n = count;
	return DOSSIER_OK;
}

/* interval * 2^failures seconds, at most the backoff cap (or the interval). */
static int64_t backoff_ms(int64_t interval, int failures)
{
	int64_t cap = interval > STORE_FEED_MAX_BACKOFF ? interval : STORE_FEED_MAX_BACKOFF;
	int64_t delay = interval > 0 ? interval : STORE_FEED_INTERVAL;

	for (int i = 0; i < failures && delay < cap; i++)
		delay *= 2;
	return (delay < cap ? delay : cap) * 1000;
}

int store_feed_record(struct store *s, const char *url,
		      const struct store_fetch_result *r, int64_t now,
		      struct err *e)
{
	struct store_feed f;
	sqlite3_stmt *st;
	int rc = store_feed_get(s, url, &f, e);

	if (rc)
		return rc;
	switch (r->outcome) {
	case STORE_FETCH_OK:
		rc = prep(s, "UPDATE feeds SET etag = ?2, last_modified = ?3,"
			     " title = coalesce(?4, title), site = coalesce(?5, site),"
			     " last_attempt = ?6, last_success = ?6, last_status = ?7,"
			     " last_error = NULL, failures = 0, next_due = ?8 WHERE url = ?1",
			  &st, e);
		if (rc)
			break;
		bind_str(st, 2, r->etag);
		bind_str(st, 3, r->last_modified);
		bind_str(st, 4, r->title && *r->title ? r->title : NULL);
		bind_str(st, 5, r->site && *r->site ? r->site : NULL);
		sqlite3_bind_int64(st, 8, now + f.interval * 1000);
		break;
	case STORE_FETCH_NOT_MODIFIED:
		rc = prep(s, "UPDATE feeds SET last_attempt = ?6, last_success = ?6,"
			     " last_status = ?7, last_error = NULL, failures = 0,"
			     " next_due = ?8 WHERE url = ?1", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 8, now + f.interval * 1000);
		break;
	default:
		rc = prep(s, "UPDATE feeds SET last_attempt = ?6, last_status = ?7,"
			     " last_error = ?2, failures = failures + 1, next_due = ?8"
			     " WHERE url = ?1", &st, e);
		if (rc)
			break;
		bind_str(st, 2, r->error && *r->error ? r->error : "failed");
		sqlite3_bind_int64(st, 8, now + backoff_ms(f.interval, f.failures));
		break;
	}
	if (!rc) {
		bind_str(st, 1, url);
		sqlite3_bind_int64(st, 6, now);
		if (r->status)
			sqlite3_bind_int64(st, 7, r->status);
		else
			sqlite3_bind_null(st, 7);
		rc = exec_stmt(s, st, NULL, e, "cannot record the fetch");
	}
	store_feed_release(&f);
	return rc;
}

int store_feed_move(struct store *s, const char *from, const char *to,
		    struct err *e)
{
	struct store_feed f, there;
	sqlite3_stmt *st;
	int rc = store_feed_get(s, from, &f, e), exists;

	if (rc)
		return rc;
	store_feed_release(&f);
	if (!strcmp(from, to))
		return DOSSIER_OK;
	rc = store_feed_get(s, to, &there, NULL);
	exists = rc == DOSSIER_OK;
	store_feed_release(&there);
	rc = begin(s, e);
	if (rc)
		return rc;
	if (exists)
		rc = prep(s, "DELETE FROM feeds WHERE url = ?1", &st, e);
	else
		rc = prep(s, "UPDATE feeds SET url = ?2 WHERE url = ?1", &st, e);
	if (!rc) {
		bind_str(st, 1, from);
		if (!exists)
			bind_str(st, 2, to);
		rc = exec_stmt(s, st, NULL, e, "cannot move the subscription");
	}
	if (!rc)
		rc = prep(s, "UPDATE docs SET feed = ?2 WHERE feed = ?1", &st, e);
	if (!rc) {
		bind_str(st, 1, from);
		bind_str(st, 2, to);
		rc = exec_stmt(s, st, NULL, e, "cannot move the subscription's documents");
	}
	return end(s, rc, e);
}

/* Sets one integer column of a subscription. */
static int set_column(struct store *s, const char *sql, const char *url,
		      int64_t value, struct err *e)
{
	sqlite3_stmt *st;
	int changed = 0, rc = prep(s, sql, &st, e);

	if (rc)
		return rc;
	bind_str(st, 1, url);
	sqlite3_bind_int64(st, 2, value);
	rc = exec_stmt(s, st, &changed, e, "cannot change the subscription");
	return !rc && !changed ? not_subscribed(e, url) : rc;
}

int store_feed_set_interval(struct store *s, const char *url, int64_t seconds,
			    struct err *e)
{
	if (seconds < 60)
		return err_set(e, DOSSIER_EUSAGE, "an interval of less than a minute");
	return set_column(s, "UPDATE feeds SET interval = ?2 WHERE url = ?1", url, seconds, e);
}

int store_feed_set_fulltext(struct store *s, const char *url, int on,
			    struct err *e)
{
	return set_column(s, "UPDATE feeds SET fulltext = ?2 WHERE url = ?1", url, on != 0, e);
}

int store_feed_items(struct store *s, const char *url, int64_t *count,
		     struct err *e)
{
	sqlite3_stmt *st;
	int rc = prep(s, "SELECT count(*) FROM docs WHERE feed = ?1", &st, e);

	*count = 0;
	if (rc)
		return rc;
	bind_str(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? DOSSIER_OK
			      : store_db_error(store_db(s), e, "cannot count the items");
	sqlite3_finalize(st);
	return rc;
}
