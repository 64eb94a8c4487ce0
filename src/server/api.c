/*
 * The JSON API (docs/API.md): each endpoint reads its parameters, asks the
 * store and query layers exactly what the matching command asks, and wraps
 * the command's --json objects in an envelope with the paging.  The
 * objects come from query/, so the CLI and the API cannot disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "server/server.h"
#include "server/server_int.h"
#include "store/store.h"

/* At most this many actor filters on one timeline request. */
#define MAX_ACTORS 8

unsigned api_fail_err(struct api_call *c, const struct err *e)
{
	if (e->rc == DOSSIER_ENOTFOUND)
		return api_fail(c, 404, "not_found", "%s", e->msg);
	if (e->rc == DOSSIER_EUSAGE)
		return api_fail(c, 400, "bad_request", "%s", e->msg);
	if (c->w && store_error_retryable(c->w->store))
		return api_fail(c, 503, "busy", "%s; try again", e->msg);
	return api_fail(c, 500, "internal", "%s", e->msg[0] ? e->msg : err_rc_str(e->rc));
}

static unsigned out_of_memory(struct api_call *c)
{
	return api_fail(c, 500, "internal", "out of memory");
}

/* The id in "doc/123": a positive decimal number and nothing else. */
static unsigned path_id(struct api_call *c, const char *rest, const char *what, int64_t *id)
{
	char *end;
	long long n;

	*id = 0; /* set on every path, which -O3 cannot see through api_fail */
	if (*rest < '0' || *rest > '9')
		return api_fail(c, 400, "bad_request", "%s ids are positive whole numbers", what);
	n = strtoll(rest, &end, 10);
	if (*end || n <= 0)
		return api_fail(c, 400, "bad_request", "%s ids are positive whole numbers", what);
	*id = n;
	return 0;
}

/* {"total","offset","limit", name: items} — takes `items`. */
static json_t *page(int64_t total, int64_t offset, int64_t limit, const char *name,
		    json_t *items)
{
	return json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "offset",
			 (json_int_t)offset, "limit", (json_int_t)limit, name, items);
}

/* ---- /api/search ------------------------------------------------------------------------ */

static int append_hit(void *arg, const struct store_hit *hit)
{
	json_t *o = query_hit_json(hit);

	return o ? json_array_append_new(arg, o) ? DOSSIER_ENOMEM : 0 : DOSSIER_ENOMEM;
}

/* limit, offset, collapse, literal, from, to: 0 or the 400 answer. */
static unsigned search_options(struct api_call *c, struct store_search *q, int *literal)
{
	int64_t limit, offset;
	unsigned status;

	q->from = q->to = DOC_TIME_NONE;
	if ((status = param_int(c, "limit", 20, 1, 100, &limit)) ||
	    (status = param_int(c, "offset", 0, 0, 10000, &offset)) ||
	    (status = param_flag(c, "collapse", &q->collapse)) ||
	    (status = param_flag(c, "literal", literal)) ||
	    (status = param_period(c, "from", 0, &q->from)) ||
	    (status = param_period(c, "to", 1, &q->to)))
		return status;
	q->limit = (size_t)limit;
	q->offset = (size_t)offset;
	q->snippet_chars = 80;
	return 0;
}

static unsigned run_search(struct api_call *c, struct store_search *q, const char *text,
			   json_t **body)
{
	json_t *hits = json_array();
	int64_t total = 0;
	struct err e;

	if (!hits)
		return out_of_memory(c);
	if (store_search_count(c->w->store, q, &total, &e) ||
	    store_search(c->w->store, q, append_hit, hits, &e)) {
		json_decref(hits);
		return api_fail_err(c, &e);
	}
	*body = page(total, (int64_t)q->offset, (int64_t)q->limit, "hits", hits);
	if (!*body)
		return out_of_memory(c);
	json_object_set_new(*body, "query", json_string(text));
	json_object_set_new(*body, "collapse", json_boolean(q->collapse));
	return 200;
}

static unsigned api_search(struct api_call *c, json_t **body)
{
	const char *text = param_get(c, "q"), *given = param_get(c, "source");
	struct store_search q = { 0 };
	char *match = NULL, *mask = NULL;
	int literal = 0;
	unsigned status;
	struct err e;

	if (!text || !*text)
		return api_fail(c, 400, "bad_request", "q is required: what to search for");
	if (strlen(text) > SERVER_MAX_QUERY_BYTES)
		return api_fail(c, 414, "query_too_long", "q is %zu bytes; the most is %d",
				strlen(text), SERVER_MAX_QUERY_BYTES);
	if ((status = search_options(c, &q, &literal)))
		return status;
	if (query_compile(c->w->query, text, literal ? QUERY_LITERAL : 0, &match, &mask, &e))
		return e.rc == DOSSIER_EUSAGE ? api_fail(c, 400, "bad_query", "%s", e.msg)
					      : api_fail_err(c, &e);
	/* Any name or domain of the outlet, as `dossier search --source`:
	 * also the labels by host an archive made before may hold. */
	if (given && *given) {
		q.source = given;
		q.source_names = ingest_outlet_names(c->outlets, given);
	}
	q.match = match;
	q.mask = mask;
	status = run_search(c, &q, text, body);
	free(match);
	free(mask);
	return status;
}

/* ---- /api/doc/ID ------------------------------------------------------------------------------ */

static unsigned api_doc(struct api_call *c, const char *rest, json_t **body)
{
	struct doc *d = NULL;
	struct err e;
	int64_t id;
	unsigned status = path_id(c, rest, "document", &id);

	if (status)
		return status;
	if (store_doc_get(c->w->store, id, &d, &e))
		return e.rc == DOSSIER_ENOTFOUND
			       ? api_fail(c, 404, "not_found", "no document %lld", (long long)id)
			       : api_fail_err(c, &e);
	*body = query_show_json(c->w->store, d, &e);
	doc_free(d);
	return *body ? 200 : api_fail_err(c, &e);
}

/* ---- /api/entities ------------------------------------------------------------------------------ */

static const char *const entity_types[] = { "person", "org", "place", "forum", NULL };

struct entity_page {
	struct api_call *c;
	const char *type;
	int64_t offset, limit, seen;
	json_t *items;
	struct err e;
};

static int add_entity(void *arg, const struct store_entity *ent)
{
	struct entity_page *p = arg;
	json_t *o;

	if (p->type && strcmp(ent->type, p->type))
		return 0;
	if (ent->mentions == 0)
		return 0;
	p->seen++;
	if (p->seen <= p->offset || p->seen > p->offset + p->limit)
		return 0;
	o = query_entity_json(p->c->w->store, ent, 0, &p->e);
	if (!o)
		return p->e.rc ? p->e.rc : DOSSIER_ENOMEM;
	return json_array_append_new(p->items, o) ? DOSSIER_ENOMEM : 0;
}

/* The entities a name names, in any form (entities NAME). */
static int entities_named(struct entity_page *p, const char *name)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = query_entity_ids(p->c->w->query, name, &ids, &n, &p->e);

	for (size_t i = 0; i < n && !rc; i++)
		rc = store_entity_get(p->c->w->store, ids[i], add_entity, p, &p->e);
	free(ids);
	return rc;
}

static unsigned entity_type_param(struct api_call *c, const char **type)
{
	*type = param_get(c, "type");
	if (!*type || !**type) {
		*type = NULL;
		return 0;
	}
	for (size_t i = 0; entity_types[i]; i++) {
		if (!strcmp(*type, entity_types[i]))
			return 0;
	}
	return api_fail(c, 400, "bad_request", "type must be person, org, place or forum");
}

static unsigned api_entities(struct api_call *c, json_t **body)
{
	struct entity_page p = { .c = c };
	const char *name = param_get(c, "q");
	unsigned status;
	int rc;

	if ((status = entity_type_param(c, &p.type)) ||
	    (status = param_int(c, "limit", 50, 1, 500, &p.limit)) ||
	    (status = param_int(c, "offset", 0, 0, 1000000, &p.offset)))
		return status;
	if (name && strlen(name) > SERVER_MAX_QUERY_BYTES)
		return api_fail(c, 414, "query_too_long", "q is longer than %d bytes",
				SERVER_MAX_QUERY_BYTES);
	if (!(p.items = json_array()))
		return out_of_memory(c);
	err_clear(&p.e);
	rc = name && *name ? entities_named(&p, name)
			   : store_entities_list(c->w->store, p.type, add_entity, &p, &p.e);
	if (rc) {
		json_decref(p.items);
		if (!p.e.msg[0])
			err_set(&p.e, rc, "%s", err_rc_str(rc));
		return api_fail_err(c, &p.e);
	}
	*body = page(p.seen, p.offset, p.limit, "entities", p.items);
	return *body ? 200 : out_of_memory(c);
}

/* ---- /api/entity/ID ------------------------------------------------------------------------------ */

struct entity_found {
	struct api_call *c;
	json_t *o;
	struct err e;
};

static int entity_object(void *arg, const struct store_entity *ent)
{
	struct entity_found *f = arg;

	f->o = query_entity_json(f->c->w->store, ent, 1, &f->e);
	return f->o ? 0 : (f->e.rc ? f->e.rc : DOSSIER_ENOMEM);
}

/* Mentions by month of publication (Beijing time, as the reports are dated). */
struct month_count {
	int year, month;
	int64_t docs, mentions;
};

struct months {
	struct month_count *m;
	size_t n, cap;
};

static int count_month(void *arg, const struct store_entity_doc *doc)
{
	struct months *ms = arg;
	int y, m, d;

	if (doc->published == DOC_TIME_NONE)
		return 0;
	datetime_civil_from_days((doc->published + 8 * 3600000) / 86400000, &y, &m, &d);
	/* Documents come oldest first, so a month is the last one or new. */
	if (ms->n && ms->m[ms->n - 1].year == y && ms->m[ms->n - 1].month == m) {
		ms->m[ms->n - 1].docs++;
		ms->m[ms->n - 1].mentions += doc->mentions;
		return 0;
	}
	if (ms->n == ms->cap) {
		size_t cap = ms->cap ? ms->cap * 2 : 32;
		struct month_count *grown = realloc(ms->m, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		ms->m = grown;
		ms->cap = cap;
	}
	ms->m[ms->n++] = (struct month_count){ y, m, 1, doc->mentions };
	return 0;
}

static int add_months(struct api_call *c, json_t *o, int64_t id, struct err *e)
{
	struct months ms = { 0 };
	json_t *arr = json_array();
	int rc = arr ? store_entity_docs(c->w->store, id, count_month, &ms, e) : DOSSIER_ENOMEM;

	for (size_t i = 0; i < ms.n && !rc; i++) {
		char month[16];

		snprintf(month, sizeof month, "%04d-%02d", ms.m[i].year, ms.m[i].month);
		if (json_array_append_new(arr, json_pack("{s:s,s:I,s:I}", "month", month, "docs",
							 (json_int_t)ms.m[i].docs, "mentions",
							 (json_int_t)ms.m[i].mentions)))
			rc = DOSSIER_ENOMEM;
	}
	free(ms.m);
	if (rc) {
		json_decref(arr);
		return rc == DOSSIER_ENOMEM ? err_set(e, rc, "out of memory") : rc;
	}
	json_object_set_new(o, "months", arr);
	return DOSSIER_OK;
}

/* One counterpart on the entity's timeline. */
struct engagement {
	const struct timeline_actor *who;
	int64_t events;
	const struct doc_day_span *first, *last;
};

static int by_events(const void *a, const void *b)
{
	const struct engagement *x = a, *y = b;

	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	return strcmp(x->who->name, y->who->name);
}

static json_t *engagement_json(const struct engagement *g)
{
	char first[TIMELINE_DATE_MAX] = "", last[TIMELINE_DATE_MAX] = "";
	json_t *o;

	if (g->first)
		timeline_format_date(g->first, 0, first);
	if (g->last)
		timeline_format_date(g->last, 0, last);
	o = json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)g->who->id, "name", g->who->name,
		      "type", g->who->type, "events", (json_int_t)g->events);
	if (o) {
		json_object_set_new(o, "first", first[0] ? json_string(first) : json_null());
		json_object_set_new(o, "last", last[0] ? json_string(last) : json_null());
	}
	return o;
}

/* Tallies the line's other actors (not places: a country is where, not whom). */
static int tally_line(struct engagement **all, size_t *n, const struct timeline_line *l,
		      int64_t self)
{
	for (size_t i = 0; i < l->n_actors; i++) {
		const struct timeline_actor *a = l->actors[i];
		size_t k = 0;

		if (a->id == self || !strcmp(a->type, "place"))
			continue;
		while (k < *n && (*all)[k].who->id != a->id)
			k++;
		if (k == *n) {
			struct engagement *grown = realloc(*all, (*n + 1) * sizeof *grown);

			if (!grown)
				return DOSSIER_ENOMEM;
			*all = grown;
			grown[k] = (struct engagement){ a, 0, NULL, NULL };
			(*n)++;
		}
		(*all)[k].events++;
		if (l->when.year) {
			if (!(*all)[k].first)
				(*all)[k].first = &l->when;
			(*all)[k].last = &l->when;
		}
	}
	return DOSSIER_OK;
}

static int add_engagements(struct api_call *c, json_t *o, int64_t id, struct err *e)
{
	struct timeline_actor_filter only = { &id, 1 };
	struct timeline_query q = { .actors = &only, .n_actors = 1 };
	struct timeline *t = NULL;
	struct engagement *all = NULL;
	size_t n = 0;
	json_t *arr = json_array();
	int rc = arr ? timeline_build(c->w->store, &q, &t, e) : DOSSIER_ENOMEM;

	for (size_t i = 0; !rc && i < t->n_lines; i++)
		rc = tally_line(&all, &n, &t->lines[i], id);
	if (!rc) {
		/* An entity that met no one has no array at all: qsort wants one. */
		if (n > 1)
			qsort(all, n, sizeof *all, by_events);
		for (size_t i = 0; i < n && !rc; i++)
			rc = json_array_append_new(arr, engagement_json(&all[i])) ? DOSSIER_ENOMEM : 0;
		json_object_set_new(o, "events", json_integer(t ? (json_int_t)t->n_lines : 0));
	}
	free(all);
	timeline_free(t);
	if (rc) {
		json_decref(arr);
		return rc == DOSSIER_ENOMEM ? err_set(e, rc, "out of memory") : rc;
	}
	json_object_set_new(o, "engagements", arr);
	return DOSSIER_OK;
}

/* Keeps documents[offset, offset+limit) of a long list, saying how many there were. */
static int page_documents(json_t *o, int64_t offset, int64_t limit)
{
	json_t *docs = json_object_get(o, "documents"), *kept = json_array();
	size_t n = json_array_size(docs);

	if (!kept)
		return DOSSIER_ENOMEM;
	for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
		json_array_append(kept, json_array_get(docs, i));
	json_object_set_new(o, "documents_total", json_integer((json_int_t)n));
	json_object_set_new(o, "documents_offset", json_integer((json_int_t)offset));
	json_object_set_new(o, "documents", kept);
	return DOSSIER_OK;
}

static unsigned api_entity(struct api_call *c, const char *rest, json_t **body)
{
	struct entity_found f = { .c = c };
	int64_t id, limit, offset;
	unsigned status;
	int rc;

	if ((status = path_id(c, rest, "entity", &id)) ||
	    (status = param_int(c, "limit", 200, 1, 1000, &limit)) ||
	    (status = param_int(c, "offset", 0, 0, 10000000, &offset)))
		return status;
	err_clear(&f.e);
	rc = store_entity_get(c->w->store, id, entity_object, &f, &f.e);
	if (!rc && !f.o)
		return api_fail(c, 404, "not_found", "no entity %lld", (long long)id);
	if (!rc)
		rc = add_months(c, f.o, id, &f.e);
	if (!rc)
		rc = add_engagements(c, f.o, id, &f.e);
	if (!rc)
		rc = page_documents(f.o, offset, limit);
	if (rc) {
		json_decref(f.o);
		if (!f.e.msg[0])
			err_set(&f.e, rc, "%s", err_rc_str(rc));
		return api_fail_err(c, &f.e);
	}
	*body = f.o;
	return 200;
}

/* ---- /api/timeline ------------------------------------------------------------------------------ */

struct actor_filters {
	struct timeline_actor_filter f[MAX_ACTORS];
	int64_t *ids[MAX_ACTORS];
	int64_t single[MAX_ACTORS];
	size_t n;
};

static void actor_filters_release(struct actor_filters *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->ids[i]);
}

static int note_entity(void *arg, const struct store_entity *ent)
{
	(void)ent;
	*(int *)arg = 1;
	return 0;
}

static unsigned actor_by_name(struct api_call *c, struct actor_filters *a, const char *name)
{
	struct err e;
	size_t found = 0;

	if (query_entity_ids(c->w->query, name, &a->ids[a->n], &found, &e))
		return e.rc == DOSSIER_EUSAGE ? api_fail(c, 400, "bad_request", "actor: %s", e.msg)
					      : api_fail_err(c, &e);
	if (!found) {
		free(a->ids[a->n]);
		a->ids[a->n] = NULL;
		return api_fail(c, 404, "not_found", "no entity called %s", name);
	}
	a->f[a->n] = (struct timeline_actor_filter){ a->ids[a->n], found };
	a->n++;
	return 0;
}

static unsigned actor_by_id(struct api_call *c, struct actor_filters *a, const char *text)
{
	struct err e;
	int64_t id;
	int exists = 0;
	unsigned status = path_id(c, text, "actor_id: entity", &id);

	if (status)
		return status;
	if (store_entity_get(c->w->store, id, note_entity, &exists, &e))
		return api_fail_err(c, &e);
	if (!exists)
		return api_fail(c, 404, "not_found", "no entity %lld", (long long)id);
	a->single[a->n] = id;
	a->ids[a->n] = NULL;
	a->f[a->n] = (struct timeline_actor_filter){ &a->single[a->n], 1 };
	a->n++;
	return 0;
}

static unsigned timeline_actors(struct api_call *c, struct actor_filters *a)
{
	const char *names[MAX_ACTORS + 1], *ids[MAX_ACTORS + 1];
	size_t n_names = param_all(c, "actor", names, MAX_ACTORS + 1);
	size_t n_ids = param_all(c, "actor_id", ids, MAX_ACTORS + 1);
	unsigned status = 0;

	if (n_names + n_ids > MAX_ACTORS)
		return api_fail(c, 400, "bad_request", "at most %d actors", MAX_ACTORS);
	for (size_t i = 0; i < n_names && !status; i++) {
		if (!*names[i])
			continue;
		if (strlen(names[i]) > SERVER_MAX_QUERY_BYTES)
			return api_fail(c, 414, "query_too_long", "an actor name is too long");
		status = actor_by_name(c, a, names[i]);
	}
	for (size_t i = 0; i < n_ids && !status; i++)
		status = actor_by_id(c, a, ids[i]);
	return status;
}

static unsigned timeline_page(struct api_call *c, struct timeline *t, int64_t offset,
			      int64_t limit, json_t **body)
{
	json_t *lines = json_array();

	if (!lines)
		return out_of_memory(c);
	for (size_t i = (size_t)offset; i < t->n_lines && i < (size_t)(offset + limit); i++) {
		if (json_array_append_new(lines, timeline_line_json(&t->lines[i]))) {
			json_decref(lines);
			return out_of_memory(c);
		}
	}
	*body = page((int64_t)t->n_lines, offset, limit, "lines", lines);
	return *body ? 200 : out_of_memory(c);
}

static unsigned api_timeline(struct api_call *c, json_t **body)
{
	struct actor_filters a = { 0 };
	struct timeline_query q = { 0 };
	struct timeline *t = NULL;
	int64_t limit, offset;
	struct err e;
	unsigned status;

	q.type = param_get(c, "type");
	q.from = param_get(c, "from");
	q.to = param_get(c, "to");
	q.type = q.type && *q.type ? q.type : NULL;
	q.from = q.from && *q.from ? q.from : NULL;
	q.to = q.to && *q.to ? q.to : NULL;
	if ((status = param_int(c, "limit", 200, 1, 1000, &limit)) ||
	    (status = param_int(c, "offset", 0, 0, 10000000, &offset)) ||
	    (status = param_flag(c, "confident", &q.confident_only)))
		return status;
	if (timeline_query_check(&q, &e))
		return api_fail(c, 400, "bad_request", "%s", e.msg);
	if ((status = timeline_actors(c, &a))) {
		actor_filters_release(&a);
		return status;
	}
	q.actors = a.f;
	q.n_actors = a.n;
	if (timeline_build(c->w->store, &q, &t, &e))
		status = api_fail_err(c, &e);
	else
		status = timeline_page(c, t, offset, limit, body);
	timeline_free(t);
	actor_filters_release(&a);
	return status;
}

/* ---- /api/stories, /api/story/ID ------------------------------------------------------------- */

struct story_list {
	struct api_call *c;
	json_t *items;
	struct err e;
};

static int add_story(void *arg, const struct store_story *story)
{
	struct story_list *l = arg;
	json_t *o = query_story_json(l->c->w->store, story, 1, &l->e);

	if (!o)
		return l->e.rc ? l->e.rc : DOSSIER_ENOMEM;
	return json_array_append_new(l->items, o) ? DOSSIER_ENOMEM : 0;
}

static unsigned api_stories(struct api_call *c, json_t **body)
{
	struct story_list l = { .c = c };
	int64_t min_size, limit, offset, total = 0;
	unsigned status;

	if ((status = param_int(c, "min_size", 2, 1, 1000000, &min_size)) ||
	    (status = param_int(c, "limit", 50, 1, 500, &limit)) ||
	    (status = param_int(c, "offset", 0, 0, 100000000, &offset)))
		return status;
	if (!(l.items = json_array()))
		return out_of_memory(c);
	err_clear(&l.e);
	if (store_stories_count(c->w->store, min_size, &total, &l.e) ||
	    store_stories_each(c->w->store, min_size, (size_t)limit, (size_t)offset, add_story, &l,
			       &l.e)) {
		json_decref(l.items);
		return api_fail_err(c, &l.e);
	}
	*body = page(total, offset, limit, "stories", l.items);
	if (!*body)
		return out_of_memory(c);
	json_object_set_new(*body, "min_size", json_integer((json_int_t)min_size));
	return 200;
}

static unsigned api_story(struct api_call *c, const char *rest, json_t **body)
{
	struct story_list l = { .c = c };
	int64_t id;
	unsigned status = path_id(c, rest, "story", &id);

	if (status)
		return status;
	if (!(l.items = json_array()))
		return out_of_memory(c);
	err_clear(&l.e);
	if (store_story_get(c->w->store, id, add_story, &l, &l.e)) {
		json_decref(l.items);
		return api_fail_err(c, &l.e);
	}
	*body = json_incref(json_array_get(l.items, 0));
	json_decref(l.items);
	return *body ? 200 : api_fail(c, 404, "not_found", "no story %lld", (long long)id);
}

/* ---- /api/stats ------------------------------------------------------------------------------ */

static unsigned api_stats(struct api_call *c, json_t **body)
{
	struct store_stats st;
	struct err e;

	if (store_stats(c->w->store, &st, &e))
		return api_fail_err(c, &e);
	*body = query_stats_json(&st);
	store_stats_release(&st);
	return *body ? 200 : out_of_memory(c);
}

/* ---- routing ------------------------------------------------------------------------------- */

unsigned api_answer(struct api_call *c, json_t **body)
{
	const char *p = c->path;

	*body = NULL;
	if (!strcmp(p, "search"))
		return api_search(c, body);
	if (!strncmp(p, "doc/", 4))
		return api_doc(c, p + 4, body);
	if (!strcmp(p, "entities"))
		return api_entities(c, body);
	if (!strncmp(p, "entity/", 7))
		return api_entity(c, p + 7, body);
	if (!strcmp(p, "timeline"))
		return api_timeline(c, body);
	if (!strcmp(p, "stories"))
		return api_stories(c, body);
	if (!strncmp(p, "story/", 6))
		return api_story(c, p + 6, body);
	if (!strcmp(p, "stats"))
		return api_stats(c, body);
	return api_fail(c, 404, "not_found", "no API endpoint /api/%.200s (see docs/API.md)", p);
}
