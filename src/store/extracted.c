/*
 * What extraction read out of a document, written beside it: name pairs,
 * entities with their aliases and mentions, dates, events and their actors.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/event.h"
#include "store/store_int.h"
#include "text/text.h"

/* ---- writing a document ------------------------------------------------------------ */

/* The folded key of a name, for lookups whatever the script or case. */
static char *name_key(struct store *s, const char *name)
{
	struct buf b = BUF_INIT;

	if (text_normalise(s->text, name, strlen(name), &b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int write_name(struct store *s, int64_t id, const struct doc_name_pair *p,
		      struct err *e)
{
	char *nk = name_key(s, p->name), *lk = name_key(s, p->latin);
	sqlite3_stmt *st;
	int rc = nk && lk ? DOSSIER_OK : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = store_prepare(s, "INSERT OR IGNORE INTO names(doc_id, name, latin, name_key, latin_key)"
				" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, p->name);
		store_bind_text(st, 3, p->latin);
		store_bind_text(st, 4, nk);
		store_bind_text(st, 5, lk);
		rc = store_run(s, st, e, "cannot store a name");
	}
	free(nk);
	free(lk);
	return rc;
}

/* The row id of the entity with d->entities[i]'s key, created when new. */
static int entity_id(struct store *s, const struct doc_entity *ent, int64_t *id,
		     struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "INSERT OR IGNORE INTO entities(key, name, type) VALUES (?1, ?2, ?3)",
			 &st, e);

	if (rc)
		return rc;
	store_bind_text(st, 1, ent->key);
	store_bind_text(st, 2, ent->name);
	store_bind_text(st, 3, ent->type);
	rc = store_run(s, st, e, "cannot store an entity");
	if (!rc)
		rc = store_lookup_id(s, "SELECT id FROM entities WHERE key = ?1", ent->key, id, e);
	return rc;
}

static int write_alias(struct store *s, int64_t id, const char *alias, size_t len,
		       struct err *e)
{
	char *form = strndup(alias, len), *key = form ? name_key(s, form) : NULL;
	sqlite3_stmt *st;
	int rc = key ? DOSSIER_OK : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = store_prepare(s, "INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_key)"
				" VALUES (?1, ?2, ?3)", &st, e);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, form);
		store_bind_text(st, 3, key);
		rc = store_run(s, st, e, "cannot store an alias");
	}
	free(form);
	free(key);
	return rc;
}

/* The texts a document's offsets point into (title, body, captions) and
 * their lengths, measured once: a big document has thousands of mentions. */
struct parts {
	const char *text[3];
	size_t len[3];
};

static void parts_init(struct parts *p, const struct doc *d, const char *body,
		       const char *captions)
{
	p->text[DOC_PART_TITLE] = d->title ? d->title : "";
	p->text[DOC_PART_BODY] = body;
	p->text[DOC_PART_CAPTIONS] = captions;
	for (int i = 0; i < 3; i++)
		p->len[i] = p->text[i] ? strlen(p->text[i]) : 0;
}

/* The text of `part`, or NULL when there is no such part. */
static const char *part_text(const struct parts *p, enum doc_part part)
{
	return (unsigned)part < 3 ? p->text[part] : NULL;
}

/* Whether bytes [start, start+len) lie inside the text of `part`. */
static int span_fits(const struct parts *p, enum doc_part part, size_t start, size_t len)
{
	return part_text(p, part) && start <= p->len[part] && len <= p->len[part] - start;
}

/*
 * The entities table's id of d->entities[i], created when new; ids[]
 * (one per d->entities, 0 = not looked up yet) saves asking twice.
 */
static int doc_entity_id(struct store *s, const struct doc *d, size_t i, int64_t *ids,
			 struct err *e)
{
	if (ids[i])
		return DOSSIER_OK;
	return entity_id(s, &d->entities[i], &ids[i], e);
}

/*
 * The (entity, surface form) pairs of one document already written as
 * aliases: a long report names its people thousands of times, and
 * normalising and inserting the same alias at each mention cost a fifth
 * of writing it.  Open addressing over a table twice the mentions' count.
 */
struct alias_seen {
	struct alias_slot {
		const char *form;
		size_t len, entity;
	} *slot;
	size_t mask;
};

static int alias_seen_init(struct alias_seen *a, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	a->slot = calloc(size, sizeof *a->slot);
	a->mask = size - 1;
	return a->slot ? DOSSIER_OK : DOSSIER_ENOMEM;
}

/* Whether (entity, form) was seen before; records it when not. */
static int alias_seen_before(struct alias_seen *a, size_t entity, const char *form,
			     size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ entity;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)form[i]) * 1099511628211ULL;
	for (size_t i = (size_t)h & a->mask;; i = (i + 1) & a->mask) {
		struct alias_slot *sl = &a->slot[i];

		if (!sl->form) {
			*sl = (struct alias_slot){ form, len, entity };
			return 0;
		}
		if (sl->entity == entity && sl->len == len && !memcmp(sl->form, form, len))
			return 1;
	}
}

/* The document's mentions, their entities, and each surface form as an alias. */
static int write_mentions(struct store *s, const struct doc *d, const struct parts *parts,
			  int64_t *ids, struct err *e)
{
	struct alias_seen seen;
	int rc = alias_seen_init(&seen, d->n_mentions) ? err_set(e, DOSSIER_ENOMEM, "out of memory")
							 : DOSSIER_OK;

	for (size_t i = 0; i < d->n_mentions && !rc; i++) {
		const struct doc_mention *m = &d->mentions[i];
		const char *text = part_text(parts, m->part);
		sqlite3_stmt *st;

		if (m->entity >= d->n_entities || !span_fits(parts, m->part, m->start, m->len))
			continue; /* a mention that does not fit its text is a bug upstream */
		rc = doc_entity_id(s, d, m->entity, ids, e);
		if (!rc && !alias_seen_before(&seen, m->entity, text + m->start, m->len))
			rc = write_alias(s, ids[m->entity], text + m->start, m->len, e);
		if (!rc)
			rc = store_prepare(s, "INSERT OR IGNORE INTO mentions(doc_id, entity_id, part, start, len)"
					" VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, ids[m->entity]);
		sqlite3_bind_int(st, 3, (int)m->part);
		sqlite3_bind_int64(st, 4, (int64_t)m->start);
		sqlite3_bind_int64(st, 5, (int64_t)m->len);
		rc = store_run(s, st, e, "cannot store a mention");
	}
	free(seen.slot);
	return rc;
}

/* Binds a day span's seven numbers to ?first .. ?first+6. */
static void bind_span(sqlite3_stmt *st, int first, const struct doc_day_span *w)
{
	sqlite3_bind_int(st, first, w->year);
	sqlite3_bind_int(st, first + 1, w->month);
	sqlite3_bind_int(st, first + 2, w->day);
	sqlite3_bind_int(st, first + 3, w->end_year);
	sqlite3_bind_int(st, first + 4, w->end_month);
	sqlite3_bind_int(st, first + 5, w->end_day);
	sqlite3_bind_int(st, first + 6, w->precision);
}

static int write_dates(struct store *s, const struct doc *d, const struct parts *parts,
		       struct err *e)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < d->n_dates && !rc; i++) {
		const struct doc_date *dt = &d->dates[i];
		sqlite3_stmt *st;

		if (!span_fits(parts, dt->part, dt->start, dt->len))
			continue;
		rc = store_prepare(s, "INSERT OR IGNORE INTO dates(doc_id, part, start, len, year, month,"
				" day, end_year, end_month, end_day, precision, relative)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int(st, 2, (int)dt->part);
		sqlite3_bind_int64(st, 3, (int64_t)dt->start);
		sqlite3_bind_int64(st, 4, (int64_t)dt->len);
		bind_span(st, 5, &dt->when);
		sqlite3_bind_int(st, 12, dt->relative ? 1 : 0);
		rc = store_run(s, st, e, "cannot store a date");
	}
	return rc;
}

/*
 * A date of a span as ISO text at its precision ("2024-01-08", "2023-11",
 * "2024") into out (16 bytes); "" when that end is not given.  A span
 * that claims a finer precision than its fields hold is written as far
 * as they go.
 */
static void span_iso(const struct doc_day_span *w, int end, char out[16])
{
	int y = end ? w->end_year : w->year, m = end ? w->end_month : w->month,
	    dd = end ? w->end_day : w->day;

	out[0] = '\0';
	if (y <= 0 || y > 9999)
		return;
	if (w->precision >= 3 || m < 1 || m > 12)
		snprintf(out, 16, "%04d", y);
	else if (w->precision == 2 || dd < 1 || dd > 31)
		snprintf(out, 16, "%04d-%02d", y, m);
	else
		snprintf(out, 16, "%04d-%02d-%02d", y, m, dd);
}

static int write_actors(struct store *s, const struct doc *d, const struct doc_event *ev,
			int64_t event_id, int64_t *ids, struct err *e)
{
	int rc = DOSSIER_OK;

	for (size_t k = 0; k < ev->n_actors && !rc; k++) {
		sqlite3_stmt *st;

		if (ev->actors[k] >= d->n_entities)
			continue;
		size_t country = ev->countries ? ev->countries[k] : DOC_NO_ENTITY;
		int role = ev->roles && ev->roles[k] < EVENT_ROLES ? ev->roles[k] : EVENT_ROLE_PARTY;

		if (country >= d->n_entities)
			country = DOC_NO_ENTITY;
		rc = doc_entity_id(s, d, ev->actors[k], ids, e);
		if (!rc && country != DOC_NO_ENTITY)
			rc = doc_entity_id(s, d, country, ids, e);
		if (!rc)
			rc = store_prepare(s, "INSERT OR IGNORE INTO event_actors(event_id, entity_id, seq,"
					" role, country_id) VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, event_id);
		sqlite3_bind_int64(st, 2, ids[ev->actors[k]]);
		sqlite3_bind_int64(st, 3, (int64_t)k);
		store_bind_text(st, 4, event_role_names[role]);
		if (country != DOC_NO_ENTITY)
			sqlite3_bind_int64(st, 5, ids[country]);
		rc = store_run(s, st, e, "cannot store an event's actor");
	}
	return rc;
}

/* Event d->events[seq] with its place and actors; skipped (OK) when it
 * has no type or status or its sentence does not fit its text. */
static int write_event(struct store *s, const struct doc *d, size_t seq,
		       const struct parts *parts, int64_t *ids, struct err *e)
{
	const struct doc_event *ev = &d->events[seq];
	int has_place = ev->place != DOC_NO_ENTITY && ev->place < d->n_entities;
	char date[16], date_end[16];
	sqlite3_stmt *st;
	int rc = DOSSIER_OK;

	if (!ev->type || !ev->status || !span_fits(parts, ev->part, ev->start, ev->len))
		return DOSSIER_OK; /* a bug upstream; the rest of the document still counts */
	if (has_place)
		rc = doc_entity_id(s, d, ev->place, ids, e);
	if (!rc)
		rc = store_prepare(s, "INSERT INTO events(doc_id, seq, type, status, year, month, day,"
				" end_year, end_month, end_day, precision, date_from_doc, date, date_end,"
				" place_id, part, start, len, trigger, trigger_len, rule, confidence)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
				" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)", &st, e);
	if (rc)
		return rc;
	span_iso(&ev->when, 0, date);
	span_iso(&ev->when, 1, date_end);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, (int64_t)seq);
	store_bind_text(st, 3, ev->type);
	store_bind_text(st, 4, ev->status);
	bind_span(st, 5, &ev->when);
	sqlite3_bind_int(st, 12, ev->date_from_doc ? 1 : 0);
	store_bind_text(st, 13, date[0] ? date : NULL);
	store_bind_text(st, 14, date[0] && date_end[0] ? date_end : NULL);
	if (has_place)
		sqlite3_bind_int64(st, 15, ids[ev->place]);
	sqlite3_bind_int(st, 16, (int)ev->part);
	sqlite3_bind_int64(st, 17, (int64_t)ev->start);
	sqlite3_bind_int64(st, 18, (int64_t)ev->len);
	if (ev->trigger_len && span_fits(parts, ev->part, ev->trigger, ev->trigger_len)) {
		sqlite3_bind_int64(st, 19, (int64_t)ev->trigger);
		sqlite3_bind_int64(st, 20, (int64_t)ev->trigger_len);
	}
	store_bind_text(st, 21, ev->rule);
	/* NaN would be stored as NULL and break NOT NULL. */
	sqlite3_bind_double(st, 22, ev->confidence == ev->confidence ? ev->confidence : 0.0);
	rc = store_run(s, st, e, "cannot store an event");
	if (!rc)
		rc = write_actors(s, d, ev, sqlite3_last_insert_rowid(s->db), ids, e);
	return rc;
}

/*
 * What extraction read out of the document — name pairs, entity mentions
 * (with their entities and aliases), dates and events — replacing what was
 * stored for it.  Shared by store_doc_put and store_reindex.
 */
int store_write_extracted(struct store *s, const struct doc *d, const char *body,
			  const char *captions, struct err *e)
{
	/* Deleting the events takes their actors with them (ON DELETE CASCADE). */
	static const char *const clear[] = {
		"DELETE FROM names WHERE doc_id = ?1",
		"DELETE FROM mentions WHERE doc_id = ?1",
		"DELETE FROM dates WHERE doc_id = ?1",
		"DELETE FROM events WHERE doc_id = ?1",
	};
	int64_t *ids = NULL;
	struct parts parts;
	int rc = store_clear_doc_rows(s, d->id, clear, sizeof clear / sizeof clear[0], e);

	parts_init(&parts, d, body, captions);
	for (size_t i = 0; i < d->n_names && !rc; i++)
		rc = write_name(s, d->id, &d->names[i], e);
	if (!rc && d->n_entities && !(ids = calloc(d->n_entities, sizeof *ids)))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc)
		rc = write_mentions(s, d, &parts, ids, e);
	if (!rc)
		rc = write_dates(s, d, &parts, e);
	for (size_t i = 0; i < d->n_events && !rc; i++)
		rc = write_event(s, d, i, &parts, ids, e);
	free(ids);
	return rc;
}
