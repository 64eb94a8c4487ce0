/*
 * Events read back: every event of the archive for the timeline (filtered
 * by type and dates), and the events of one document.  They are written
 * with their document in store.c (store_doc_put, store_reindex).
 *
 * One query reads the events with their document's fields, place and
 * sentence (cut out of docs.title or captions by byte offsets); a
 * sentence of the body is read from the body alone, through SQLite's
 * incremental blob I/O (a 60 MB report with thousands of events must not
 * be read whole for each of them); a second prepared statement, stepped
 * once per event, reads the actors.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/event.h"
#include "store/store.h"
#include "store/store_int.h"

/* The bytes [start, start+len) of the event's title or captions, as text;
 * NULL for the body, which read_body_slice() reads. */
#define PART_SLICE(start, len)                                                    \
	"CASE e.part WHEN 1 THEN NULL ELSE CAST(substr(CAST(CASE e.part"             \
	" WHEN 0 THEN d.title ELSE d.captions END AS BLOB), " start " + 1, " len     \
	") AS TEXT) END"

#define EVENT_SELECT                                                              \
	"SELECT e.id, e.doc_id, e.type, e.status, e.rule, e.confidence,"             \
	" e.year, e.month, e.day, e.end_year, e.end_month, e.end_day, e.precision,"  \
	" e.date_from_doc, e.date, e.date_end, e.place_id, p.name, "                  \
	PART_SLICE("e.start", "e.len") ","                                            \
	" d.url, d.title, d.source, d.published, e.part, e.start, e.len,"            \
	" CASE WHEN e.trigger IS NOT NULL THEN " PART_SLICE("e.trigger", "e.trigger_len") " END," \
	" e.trigger, e.trigger_len"                                                   \
	" FROM events e JOIN docs d ON d.id = e.doc_id"                               \
	" LEFT JOIN entities p ON p.id = e.place_id"

/*
 * Date filters compare ISO text cut to the coarser of the two precisions:
 * "2023-11" against "2023-11-15" compares "2023-11" with "2023-11", so a
 * month overlaps each of its days, a year each of its months.  ?2 is
 * `from` (against the event's last day), ?3 `to` (against its first).
 */
#define LAST_DAY "coalesce(e.date_end, e.date)"
#define EVENT_FILTER                                                                \
	" WHERE (?1 IS NULL OR e.type = ?1)"                                            \
	" AND (?2 IS NULL OR e.date IS NULL OR"                                         \
	"  substr(" LAST_DAY ", 1, min(length(" LAST_DAY "), length(?2)))"             \
	"  >= substr(?2, 1, min(length(" LAST_DAY "), length(?2))))"                    \
	" AND (?3 IS NULL OR e.date IS NULL OR"                                         \
	"  substr(e.date, 1, min(length(e.date), length(?3)))"                          \
	"  <= substr(?3, 1, min(length(e.date), length(?3))))"

/* The actors of one event, copied out of the actor statement's rows. */
struct actor_list {
	int64_t *ids, *countries;
	char **names, **types;
	const char **roles; /* event_role_names entries */
	size_t n, cap;
};

static void actor_list_clear(struct actor_list *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->names[i]);
		free(a->types[i]);
	}
	a->n = 0;
}

static void actor_list_release(struct actor_list *a)
{
	actor_list_clear(a);
	free(a->ids);
	free(a->countries);
	free(a->names);
	free(a->types);
	free(a->roles);
	memset(a, 0, sizeof *a);
}

/* Grows one of the list's arrays to `cap` items of `size` bytes. */
static int grow_to(void *items, size_t cap, size_t size)
{
	void *p = realloc(*(void **)items, cap * size);

	if (!p)
		return DOSSIER_ENOMEM;
	*(void **)items = p;
	return DOSSIER_OK;
}

static int actor_list_add(struct actor_list *a, int64_t id, const char *name,
			  const char *type, const char *role, int64_t country)
{
	int r = event_role_of(role);

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 8;

		if (grow_to(&a->ids, cap, sizeof *a->ids) ||
		    grow_to(&a->countries, cap, sizeof *a->countries) ||
		    grow_to(&a->names, cap, sizeof *a->names) ||
		    grow_to(&a->types, cap, sizeof *a->types) ||
		    grow_to(&a->roles, cap, sizeof *a->roles))
			return DOSSIER_ENOMEM;
		a->cap = cap;
	}
	a->roles[a->n] = event_role_names[r < 0 ? EVENT_ROLE_PARTY : r];
	a->countries[a->n] = country;
	a->names[a->n] = strdup(name ? name : "");
	a->types[a->n] = strdup(type ? type : "");
	if (!a->names[a->n] || !a->types[a->n]) {
		free(a->names[a->n]);
		free(a->types[a->n]);
		return DOSSIER_ENOMEM;
	}
	a->ids[a->n++] = id;
	return DOSSIER_OK;
}

/* Reads the actors of event `id` into `a` (replacing what it held). */
static int read_actors(sqlite3 *db, sqlite3_stmt *st, int64_t id, struct actor_list *a,
		       struct err *e)
{
	int rc;

	actor_list_clear(a);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (actor_list_add(a, sqlite3_column_int64(st, 0),
				   (const char *)sqlite3_column_text(st, 1),
				   (const char *)sqlite3_column_text(st, 2),
				   (const char *)sqlite3_column_text(st, 3),
				   sqlite3_column_int64(st, 4)))
			return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	return rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read an event's actors");
}

/* Reads slices of one document's body at a time, keeping its blob handle. */
struct body_reader {
	sqlite3_blob *blob;
	int64_t doc;
	struct buf sentence, trigger;
};

static void body_reader_release(struct body_reader *r)
{
	sqlite3_blob_close(r->blob);
	buf_release(&r->sentence);
	buf_release(&r->trigger);
}

/* Bytes [start, start+len) of document `doc`'s body into `out` (a string);
 * an empty string when they are not there. */
static int read_body_slice(sqlite3 *db, struct body_reader *r, int64_t doc, int64_t start,
			   int64_t len, struct buf *out)
{
	int rc = SQLITE_OK;

	buf_reset(out);
	if (!r->blob || r->doc != doc) {
		rc = r->blob ? sqlite3_blob_reopen(r->blob, doc)
			     : sqlite3_blob_open(db, "main", "docs", "body", doc, 0, &r->blob);
		r->doc = rc == SQLITE_OK ? doc : 0;
	}
	if (rc == SQLITE_OK && start >= 0 && len > 0 && len <= INT32_MAX &&
	    start + len <= sqlite3_blob_bytes(r->blob)) {
		if (buf_grow(out, (size_t)len + 1))
			return DOSSIER_ENOMEM;
		rc = sqlite3_blob_read(r->blob, out->data, (int)len, (int)start);
		if (rc == SQLITE_OK)
			out->len = (size_t)len;
	}
	if (rc != SQLITE_OK) {
		sqlite3_blob_close(r->blob);
		r->blob = NULL;
		r->doc = 0;
		out->len = 0;
	}
	return buf_addc(out, '\0') ? DOSSIER_ENOMEM : DOSSIER_OK;
}

static const char *text_at(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Fills `ev` from a row of EVENT_SELECT (strings borrowed from the row). */
static void read_event_row(sqlite3_stmt *st, struct store_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = sqlite3_column_int64(st, 0);
	ev->doc_id = sqlite3_column_int64(st, 1);
	ev->type = text_at(st, 2);
	ev->status = text_at(st, 3);
	ev->rule = text_at(st, 4);
	ev->confidence = sqlite3_column_double(st, 5);
	ev->when.year = sqlite3_column_int(st, 6);
	ev->when.month = sqlite3_column_int(st, 7);
	ev->when.day = sqlite3_column_int(st, 8);
	ev->when.end_year = sqlite3_column_int(st, 9);
	ev->when.end_month = sqlite3_column_int(st, 10);
	ev->when.end_day = sqlite3_column_int(st, 11);
	ev->when.precision = sqlite3_column_int(st, 12);
	ev->date_from_doc = sqlite3_column_int(st, 13);
	ev->date = text_at(st, 14);
	ev->date_end = text_at(st, 15);
	ev->place_id = sqlite3_column_int64(st, 16);
	ev->place_name = text_at(st, 17);
	ev->sentence = text_at(st, 18);
	if (!ev->sentence)
		ev->sentence = "";
	ev->url = text_at(st, 19);
	ev->title = text_at(st, 20);
	ev->source = text_at(st, 21);
	ev->published = sqlite3_column_type(st, 22) == SQLITE_NULL ? DOC_TIME_NONE
								   : sqlite3_column_int64(st, 22);
	ev->part = (enum doc_part)sqlite3_column_int(st, 23);
	ev->start = (size_t)sqlite3_column_int64(st, 24);
	ev->len = (size_t)sqlite3_column_int64(st, 25);
	ev->trigger = text_at(st, 26);
}

/* The sentence and trigger of a body event, read from the body alone
 * (columns 27 and 28: the trigger's offset and length). */
static int read_body_texts(sqlite3 *db, sqlite3_stmt *st, struct body_reader *r,
			   struct store_event *ev)
{
	int rc;

	if (ev->part != DOC_PART_BODY)
		return DOSSIER_OK;
	rc = read_body_slice(db, r, ev->doc_id, (int64_t)ev->start, (int64_t)ev->len,
			     &r->sentence);
	if (rc)
		return rc;
	ev->sentence = r->sentence.data;
	ev->trigger = NULL;
	if (sqlite3_column_type(st, 27) != SQLITE_NULL) {
		rc = read_body_slice(db, r, ev->doc_id, sqlite3_column_int64(st, 27),
				     sqlite3_column_int64(st, 28), &r->trigger);
		if (!rc && r->trigger.len > 1)
			ev->trigger = r->trigger.data;
	}
	return rc;
}

/*
 * Steps the bound event statement `st`, reading each event's actors, and
 * calls `fn` with each; finalizes `st`.
 */
static int each_event(struct store *s, sqlite3_stmt *st, store_event_fn fn, void *arg,
		      struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *actors = NULL;
	struct actor_list list = { 0 };
	struct body_reader body = { NULL, 0, BUF_INIT, BUF_INIT };
	int rc = DOSSIER_OK, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(db,
			       "SELECT a.entity_id, n.name, n.type, a.role, a.country_id FROM event_actors a"
			       " JOIN entities n ON n.id = a.entity_id"
			       " WHERE a.event_id = ?1 ORDER BY a.seq",
			       -1, &actors, NULL) != SQLITE_OK)
		rc = store_db_error(db, e, "cannot read events");
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_event ev;

		read_event_row(st, &ev);
		if (read_body_texts(db, st, &body, &ev)) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		rc = read_actors(db, actors, ev.id, &list, e);
		if (rc)
			break;
		ev.n_actors = list.n;
		ev.actor_ids = list.ids;
		ev.actor_names = (const char *const *)list.names;
		ev.actor_types = (const char *const *)list.types;
		ev.actor_roles = list.roles;
		ev.actor_countries = list.countries;
		rc = fn(arg, &ev);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_db_error(db, e, "cannot read events");
	actor_list_release(&list);
	body_reader_release(&body);
	sqlite3_finalize(actors);
	sqlite3_finalize(st);
	return rc;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real month and day number. */
static int is_iso_date(const char *s)
{
	size_t n = strlen(s);
	int month, day;

	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	month = n >= 7 ? (s[5] - '0') * 10 + (s[6] - '0') : 1;
	day = n == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void bind_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int store_events_each(struct store *s, const struct store_event_filter *f,
		      store_event_fn fn, void *arg, struct err *e)
{
	static const struct store_event_filter all = { 0 };
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;

	if (!f)
		f = &all;
	if (f->from && !is_iso_date(f->from))
		return err_set(e, DOSSIER_EUSAGE, "'%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", f->from);
	if (f->to && !is_iso_date(f->to))
		return err_set(e, DOSSIER_EUSAGE, "'%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", f->to);
	if (sqlite3_prepare_v2(db,
			       EVENT_SELECT EVENT_FILTER
			       " ORDER BY e.date IS NULL, e.date, e.doc_id, e.part, e.start, e.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read events");
	bind_or_null(st, 1, f->type);
	bind_or_null(st, 2, f->from);
	bind_or_null(st, 3, f->to);
	return each_event(s, st, fn, arg, e);
}

int store_doc_events(struct store *s, int64_t id, store_event_fn fn, void *arg,
		     struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db,
			       EVENT_SELECT " WHERE e.doc_id = ?1 ORDER BY e.part, e.start, e.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read events");
	sqlite3_bind_int64(st, 1, id);
	return each_event(s, st, fn, arg, e);
}
