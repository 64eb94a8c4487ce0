/* Stories as JSON: `stories --json`, and a document's story in `show --json`. */
#include "query/query.h"

#include "store/store.h"

/* Collects a story's members as ids and as objects. */
struct members {
	json_t *ids, *objects;
	int64_t skip; /* a document left out of the objects (the one shown) */
};

static int add_member(void *arg, const struct store_doc_row *row, const char *reason,
		      int64_t matched)
{
	struct members *m = arg;
	json_t *o;

	json_array_append_new(m->ids, json_integer(row->id));
	if (row->id == m->skip)
		return 0;
	o = query_row_json(row);
	if (!o)
		return DOSSIER_ENOMEM;
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	json_object_set_new(o, "matched", matched ? json_integer(matched) : json_null());
	json_array_append_new(m->objects, o);
	return 0;
}

static int read_members(struct store *s, int64_t story, struct members *m, struct err *e)
{
	int rc;

	m->ids = json_array();
	m->objects = json_array();
	if (!m->ids || !m->objects)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = store_story_members(s, story, add_member, m, e);
	if (rc == DOSSIER_ENOMEM)
		err_set(e, rc, "out of memory");
	return rc;
}

json_t *query_story_json(struct store *s, const struct store_story *story, int with_members,
			 struct err *e)
{
	struct members m = { NULL, NULL, 0 };
	json_t *o = json_object();

	if (!o) {
		err_set(e, DOSSIER_ENOMEM, "out of memory");
		return NULL;
	}
	if (read_members(s, story->id, &m, e)) {
		json_decref(o);
		json_decref(m.ids);
		json_decref(m.objects);
		return NULL;
	}
	json_object_set_new(o, "story", json_integer(story->id));
	json_object_set_new(o, "docs", m.ids);
	json_object_set_new(o, "title", json_string(story->title ? story->title : ""));
	json_object_set_new(o, "size", json_integer(story->size));
	json_object_set_new(o, "representative", json_integer(story->rep_doc));
	json_object_set_new(o, "first", query_time_json(story->first));
	json_object_set_new(o, "last", query_time_json(story->last));
	if (with_members)
		json_object_set_new(o, "members", m.objects);
	else
		json_decref(m.objects);
	return o;
}

/* Copies the one story store_story_get() reads into the caller's object. */
static int story_title(void *arg, const struct store_story *story)
{
	json_t *o = arg;

	json_object_set_new(o, "story_title", json_string(story->title ? story->title : ""));
	json_object_set_new(o, "story_size", json_integer(story->size));
	return 0;
}

int query_doc_add_story(json_t *o, struct store *s, int64_t id, struct err *e)
{
	struct members m = { NULL, NULL, id };
	int64_t story;
	int rc = store_doc_story(s, id, &story, e);

	if (rc == DOSSIER_ENOTFOUND) { /* not judged yet (cannot happen once stored) */
		json_object_set_new(o, "story", json_null());
		json_object_set_new(o, "siblings", json_array());
		return DOSSIER_OK;
	}
	if (!rc)
		rc = store_story_get(s, story, story_title, o, e);
	if (!rc)
		rc = read_members(s, story, &m, e);
	if (rc) {
		json_decref(m.ids);
		json_decref(m.objects);
		return rc;
	}
	json_object_set_new(o, "story", json_integer(story));
	json_object_set_new(o, "siblings", m.objects);
	json_decref(m.ids);
	return DOSSIER_OK;
}
