/*
 * Finding stored entities by a name a person types, in any of its forms:
 * what `timeline --actor` (and the HTTP API later) resolve names with.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "query/query_int.h"
#include "store/store.h"
#include "text/text.h"

/* The ids found so far, each once. */
struct id_set {
	int64_t *ids;
	size_t n, cap;
};

static int add_id(void *arg, const struct store_entity *ent)
{
	struct id_set *set = arg;

	for (size_t i = 0; i < set->n; i++) {
		if (set->ids[i] == ent->id)
			return DOSSIER_OK;
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4;
		int64_t *ids = realloc(set->ids, cap * sizeof *ids);

		if (!ids)
			return DOSSIER_ENOMEM;
		set->ids = ids;
		set->cap = cap;
	}
	set->ids[set->n++] = ent->id;
	return DOSSIER_OK;
}

/* Entities keyed by a prefix and the folded name: latin:jake sullivan. */
static int find_by_keys(struct query_ctx *q, const char *key, struct id_set *set,
			struct err *e)
{
	static const char *const prefixes[] = { "latin:", "name:", "org:", "forum:" };
	struct buf prefixed = BUF_INIT;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !rc; i++) {
		buf_reset(&prefixed);
		if (buf_adds(&prefixed, prefixes[i]) || buf_adds(&prefixed, key))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else
			rc = store_entity_by_key(q->store, prefixed.data, add_id, set, e);
	}
	buf_release(&prefixed);
	return rc;
}

int query_entity_ids(struct query_ctx *q, const char *name, int64_t **ids, size_t *n,
		     struct err *e)
{
	struct id_set set = { NULL, 0, 0 };
	struct buf key = BUF_INIT;
	const struct gazetteer_entry *owners[8];
	size_t n_owners;
	int rc = text_normalise(q->text, name, strlen(name), &key);

	*ids = NULL;
	*n = 0;
	if (rc) {
		buf_release(&key);
		return err_set(e, rc, "cannot read the name '%s'", name);
	}
	if (!key.len) {
		buf_release(&key);
		return err_set(e, DOSSIER_EUSAGE, "nothing to look up in '%s'", name);
	}
	rc = store_entities_by_alias(q->store, key.data, add_id, &set, e);
	n_owners = gazetteer_find(&q->aliases, key.data, owners, 8);
	for (size_t i = 0; i < n_owners && i < 8 && !rc; i++)
		rc = store_entity_by_key(q->store, owners[i]->id, add_id, &set, e);
	if (!rc)
		rc = find_by_keys(q, key.data, &set, e);
	buf_release(&key);
	if (rc) {
		free(set.ids);
		if (rc == DOSSIER_ENOMEM)
			err_set(e, rc, "out of memory");
		return rc;
	}
	*ids = set.ids;
	*n = set.n;
	return DOSSIER_OK;
}
