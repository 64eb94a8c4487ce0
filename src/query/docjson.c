/* Documents, listings and statistics as JSON. */
#include "query/query.h"

#include <stdlib.h>

#include "core/datetime.h"
#include "store/store.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *query_time_json(int64_t ms)
{
	char iso[DATETIME_ISO_MAX];

	if (ms == DOC_TIME_NONE)
		return json_null();
	datetime_format_iso(ms, iso);
	return json_string(iso);
}

/*
 * A document's publication time: null when unknown — also when an archive
 * made before stored the fetch time in its place (DOC_F_DATE_FROM_FETCH).
 */
static json_t *published_json(int64_t published, unsigned flags)
{
	return query_time_json(doc_published_known(published, flags));
}

/* "source", "url", "text" or null: where the publication time came from. */
static json_t *published_from_json(int64_t published, unsigned flags)
{
	const char *from = doc_published_from(published, flags);

	return from ? json_string(from) : json_null();
}

static json_t *paragraphs_json(const struct doc *d)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < d->n_paras; i++) {
		json_t *p = json_object();

		json_object_set_new(p, "kind", json_string(d->paras[i].kind == DOC_PARA_HEADING
								   ? "heading" : "text"));
		json_object_set_new(p, "text", json_string(d->paras[i].text));
		json_array_append_new(list, p);
	}
	return list;
}

static json_t *images_json(const struct doc *d)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < d->n_images; i++) {
		json_t *img = json_object();

		json_object_set_new(img, "src", str_or_null(d->images[i].src));
		json_object_set_new(img, "caption", str_or_null(d->images[i].caption));
		json_array_append_new(list, img);
	}
	return list;
}

static json_t *links_json(const struct doc *d)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < d->n_links; i++) {
		json_t *link = json_object();

		json_object_set_new(link, "url", json_string(d->links[i].href));
		json_object_set_new(link, "text", json_string(d->links[i].text ? d->links[i].text : ""));
		json_array_append_new(list, link);
	}
	return list;
}

json_t *query_doc_json(const struct doc *d, char **urls, size_t n_urls)
{
	json_t *o = json_object(), *list;
	char *text = doc_text(d);

	if (!o || !text) {
		json_decref(o);
		free(text);
		return NULL;
	}
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "url", str_or_null(d->url));
	json_object_set_new(o, "title", json_string(d->title ? d->title : ""));
	json_object_set_new(o, "source", str_or_null(d->source));
	json_object_set_new(o, "published", published_json(d->published, d->flags));
	json_object_set_new(o, "published_from", published_from_json(d->published, d->flags));
	json_object_set_new(o, "published_precision",
			    !doc_published_from(d->published, d->flags) ? json_null()
			    : json_string(d->flags & DOC_F_DATE_DAY ? "day" : "time"));
	json_object_set_new(o, "fetched", query_time_json(d->fetched));
	json_object_set_new(o, "updated", query_time_json(d->updated));
	json_object_set_new(o, "author", str_or_null(d->author));
	json_object_set_new(o, "affiliation", str_or_null(d->affiliation));
	json_object_set_new(o, "script", str_or_null(d->script));
	json_object_set_new(o, "format", str_or_null(d->format));
	json_object_set_new(o, "origin", str_or_null(d->origin));
	json_object_set_new(o, "hash", json_string(d->hash));
	/* How far `published` can be trusted. */
	json_object_set_new(o, "date_from_fetch", json_boolean(d->flags & DOC_F_DATE_FROM_FETCH));
	json_object_set_new(o, "zone_assumed", json_boolean(d->flags & DOC_F_ZONE_ASSUMED));
	json_object_set_new(o, "summary_only", json_boolean(d->flags & DOC_F_SUMMARY_ONLY));
	json_object_set_new(o, "feed", str_or_null(d->feed));
	json_object_set_new(o, "guid", str_or_null(d->guid));
	json_object_set_new(o, "summary", str_or_null(d->summary));
	list = json_array();
	for (size_t i = 0; list && i < d->n_categories; i++)
		json_array_append_new(list, json_string(d->categories[i]));
	json_object_set_new(o, "categories", list);
	json_object_set_new(o, "text", json_string(text));
	json_object_set_new(o, "paragraphs", paragraphs_json(d));
	json_object_set_new(o, "images", images_json(d));
	json_object_set_new(o, "links", links_json(d));
	list = json_array();
	for (size_t i = 0; list && i < n_urls; i++)
		json_array_append_new(list, json_string(urls[i]));
	json_object_set_new(o, "urls", list);
	/* Stories arrive with story grouping; null says "in no story yet". */
	json_object_set_new(o, "story", json_null());
	free(text);
	return o;
}

json_t *query_event_json(const struct store_event *ev)
{
	json_t *o = json_object(), *actors = json_array(), *ids = json_array();
	json_t *roles = json_array();

	if (!o || !actors || !ids || !roles) {
		json_decref(o);
		json_decref(actors);
		json_decref(ids);
		json_decref(roles);
		return NULL;
	}
	for (size_t i = 0; i < ev->n_actors; i++) {
		json_array_append_new(actors, json_string(ev->actor_names[i]));
		json_array_append_new(ids, json_integer((json_int_t)ev->actor_ids[i]));
		json_array_append_new(roles, json_string(ev->actor_roles ? ev->actor_roles[i]
									  : "party"));
	}
	json_object_set_new(o, "type", json_string(ev->type));
	json_object_set_new(o, "status", json_string(ev->status));
	json_object_set_new(o, "date", str_or_null(ev->date));
	json_object_set_new(o, "date_end", str_or_null(ev->date_end));
	json_object_set_new(o, "actors", actors);
	json_object_set_new(o, "actor_ids", ids);
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "place", str_or_null(ev->place_name));
	json_object_set_new(o, "sentence", json_string(ev->sentence));
	json_object_set_new(o, "rule", str_or_null(ev->rule));
	json_object_set_new(o, "confidence", json_real(ev->confidence));
	return o;
}

static int append_event(void *arg, const struct store_event *ev)
{
	json_t *o = query_event_json(ev);

	if (!o || json_array_append_new(arg, o))
		return DOSSIER_ENOMEM;
	return DOSSIER_OK;
}

int query_doc_add_events(json_t *o, struct store *s, int64_t id, struct err *e)
{
	json_t *list = json_array();
	int rc = list ? store_doc_events(s, id, append_event, list, e)
		      : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (rc == DOSSIER_ENOMEM)
		err_set(e, rc, "out of memory");
	if (rc || json_object_set_new(o, "events", list)) {
		if (rc)
			json_decref(list);
		return rc ? rc : err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	return DOSSIER_OK;
}

json_t *query_row_json(const struct store_doc_row *row)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_integer(row->id));
	json_object_set_new(o, "url", str_or_null(row->url));
	json_object_set_new(o, "title", json_string(row->title ? row->title : ""));
	json_object_set_new(o, "source", str_or_null(row->source));
	json_object_set_new(o, "published", published_json(row->published, row->flags));
	json_object_set_new(o, "published_from", published_from_json(row->published, row->flags));
	json_object_set_new(o, "script", str_or_null(row->script));
	json_object_set_new(o, "format", str_or_null(row->format));
	return o;
}

static json_t *counts_json(const struct store_count *c, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++)
		json_object_set_new(o, c[i].name, json_integer(c[i].count));
	return o;
}

static json_t *range_json(int64_t first, int64_t last)
{
	json_t *o = json_object();

	json_object_set_new(o, "first", query_time_json(first));
	json_object_set_new(o, "last", query_time_json(last));
	return o;
}

json_t *query_stats_json(const struct store_stats *st)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "documents", json_integer(st->documents));
	json_object_set_new(o, "paragraphs", json_integer(st->paragraphs));
	json_object_set_new(o, "images", json_integer(st->images));
	json_object_set_new(o, "links", json_integer(st->links));
	json_object_set_new(o, "urls", json_integer(st->urls));
	json_object_set_new(o, "published", range_json(st->published_min, st->published_max));
	json_object_set_new(o, "fetched", range_json(st->fetched_min, st->fetched_max));
	json_object_set_new(o, "sources", counts_json(st->sources, st->n_sources));
	json_object_set_new(o, "scripts", counts_json(st->scripts, st->n_scripts));
	json_object_set_new(o, "formats", counts_json(st->formats, st->n_formats));
	json_object_set_new(o, "entities", json_integer(st->entities));
	json_object_set_new(o, "mentions", json_integer(st->mentions));
	json_object_set_new(o, "dates", json_integer(st->dates));
	json_object_set_new(o, "events", json_integer(st->events));
	json_object_set_new(o, "stories", json_integer(st->stories));
	json_object_set_new(o, "stories_multi", json_integer(st->stories_multi));
	json_object_set_new(o, "schema_version", json_integer(st->schema_version));
	return o;
}

json_t *query_hit_json(const struct store_hit *hit)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_integer(hit->id));
	json_object_set_new(o, "url", str_or_null(hit->url));
	json_object_set_new(o, "title", json_string(hit->title ? hit->title : ""));
	json_object_set_new(o, "source", str_or_null(hit->source));
	json_object_set_new(o, "published", published_json(hit->published, hit->flags));
	json_object_set_new(o, "published_from", published_from_json(hit->published, hit->flags));
	json_object_set_new(o, "score", json_real(hit->score));
	json_object_set_new(o, "snippet", json_string(hit->snippet ? hit->snippet : ""));
	json_object_set_new(o, "story", hit->story ? json_integer(hit->story) : json_null());
	json_object_set_new(o, "story_size", json_integer(hit->story_size));
	json_object_set_new(o, "script", str_or_null(hit->script));
	return o;
}

json_t *query_show_json(struct store *s, const struct doc *d, struct err *e)
{
	char **urls = NULL;
	size_t n = 0;
	json_t *o = NULL;

	if (store_doc_urls(s, d->id, &urls, &n, e))
		return NULL;
	o = query_doc_json(d, urls, n);
	if (!o)
		err_set(e, DOSSIER_ENOMEM, "out of memory");
	else if (query_doc_add_events(o, s, d->id, e) || query_doc_add_story(o, s, d->id, e)) {
		json_decref(o);
		o = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	return o;
}
