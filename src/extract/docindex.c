/*
 * A document's entities by key.  doc_add_entity() finds an entity by
 * comparing its key with every entity the document has, which is right
 * for an article and quadratic for a document naming thousands of people
 * at millions of places; extraction keeps this index beside d->entities
 * and appends new ones itself, as doc_add_entity() would.
 */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "extract/extract_int.h"

int entity_index_init(struct entity_index *x, struct doc *d)
{
	int rc = DOSSIER_OK;

	memset(x, 0, sizeof *x);
	x->d = d;
	for (size_t i = 0; i < d->n_entities && !rc; i++) {
		size_t had;

		rc = strmap_put(&x->keys, d->entities[i].key, strlen(d->entities[i].key), i, &had);
	}
	return rc;
}

static char *copy(const char *s, int *failed)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*failed = 1;
	return p;
}

/* Appends an entity the document does not have, as doc_add_entity() does. */
static int append(struct doc *d, const char *key, const char *name, const char *type)
{
	struct doc_entity ent;
	int failed = 0;

	if (d->n_entities == d->cap_entities) {
		size_t cap = d->cap_entities ? d->cap_entities * 2 : 8;
		struct doc_entity *grown = realloc(d->entities, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		d->entities = grown;
		d->cap_entities = cap;
	}
	ent.key = copy(key, &failed);
	ent.name = copy(name, &failed);
	ent.type = copy(type, &failed);
	if (failed) {
		free(ent.key);
		free(ent.name);
		free(ent.type);
		return DOSSIER_ENOMEM;
	}
	d->entities[d->n_entities++] = ent;
	return DOSSIER_OK;
}

int entity_index_add(struct entity_index *x, const char *key, const char *name,
		     const char *type, size_t *index)
{
	size_t had, n = x->d->n_entities;
	int rc = strmap_put(&x->keys, key, strlen(key), n, &had);

	if (rc)
		return rc;
	if (had != STRMAP_NONE) {
		*index = had;
		return DOSSIER_OK;
	}
	rc = append(x->d, key, name, type);
	if (rc)
		return rc; /* the map names an entity that is not there: the caller gives up */
	*index = n;
	return DOSSIER_OK;
}

size_t entity_index_find(const struct entity_index *x, const char *key)
{
	return strmap_get(&x->keys, key, strlen(key));
}

void entity_index_release(struct entity_index *x)
{
	strmap_release(&x->keys);
	x->d = NULL;
}
