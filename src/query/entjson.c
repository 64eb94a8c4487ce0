/*
 * The entities shape of PRODUCT.md, shared by the CLI and (later) HTTP:
 * {"id","name","type","aliases":[…],"mentions"} plus "key", "docs" (how
 * many documents) and, for one entity asked by name, "documents".
 */
#include <jansson.h>

#include "core/datetime.h"
#include "query/query.h"
#include "store/store.h"

static int add_alias(void *arg, const char *alias)
{
	return json_array_append_new(arg, json_string(alias)) ? DOSSIER_ENOMEM : DOSSIER_OK;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int add_doc(void *arg, const struct store_entity_doc *doc)
{
	char date[DATETIME_ISO_MAX];
	json_t *o;

	datetime_format_iso(doc->published, date);
	o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:I}", "id", (json_int_t)doc->id, "url",
		      str_or_null(doc->url), "title", str_or_null(doc->title), "source",
		      str_or_null(doc->source), "published", date[0] ? json_string(date) : json_null(),
		      "mentions", (json_int_t)doc->mentions);
	return o && !json_array_append_new(arg, o) ? DOSSIER_OK : DOSSIER_ENOMEM;
}

json_t *query_entity_json(struct store *s, const struct store_entity *ent, int with_docs,
			  struct err *e)
{
	json_t *aliases = json_array(), *docs = with_docs ? json_array() : NULL, *o;

	if (!aliases || (with_docs && !docs) ||
	    store_entity_aliases(s, ent->id, add_alias, aliases, e) ||
	    (docs && store_entity_docs(s, ent->id, add_doc, docs, e))) {
		json_decref(aliases);
		json_decref(docs);
		return NULL;
	}
	o = json_pack("{s:I,s:s,s:s,s:s,s:o,s:I,s:I}", "id", (json_int_t)ent->id, "name",
		      ent->name, "type", ent->type, "key", ent->key, "aliases", aliases,
		      "mentions", (json_int_t)ent->mentions, "docs", (json_int_t)ent->docs);
	if (o && docs && json_object_set_new(o, "documents", docs)) {
		json_decref(o);
		return NULL;
	}
	if (!o)
		json_decref(docs);
	return o;
}
