/*
 * A map from byte strings to numbers, by hash: the entities of a document
 * by key, its name pairs, the shared forms already decided.  A document of
 * many megabytes names thousands of them, and a list searched from the
 * start at each mention made its extraction quadratic.
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "extract/extract_int.h"

struct strmap_slot {
	char *key; /* NULL: free */
	size_t len;
	uint64_t hash;
	size_t value;
};

static uint64_t hash_of(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a, then a final mix */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h;
}

static struct strmap_slot *slot_of(const struct strmap *m, const char *key, size_t len,
				   uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

/* Keeps the table at most half full. */
static int reserve(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t old_cap = m->cap, cap = old_cap ? old_cap * 2 : 16;

	if ((m->n + 1) * 2 <= old_cap)
		return DOSSIER_OK;
	m->slots = calloc(cap, sizeof *m->slots);
	if (!m->slots) {
		m->slots = old;
		return DOSSIER_ENOMEM;
	}
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].key)
			*slot_of(m, old[i].key, old[i].len, old[i].hash) = old[i];
	}
	free(old);
	return DOSSIER_OK;
}

int strmap_put(struct strmap *m, const char *key, size_t len, size_t value, size_t *had)
{
	uint64_t h = hash_of(key, len);
	struct strmap_slot *s;
	int rc;

	*had = STRMAP_NONE;
	if (m->cap) {
		s = slot_of(m, key, len, h);
		if (s->key) {
			*had = s->value; /* the first value stands */
			return DOSSIER_OK;
		}
	}
	if ((rc = reserve(m)))
		return rc;
	s = slot_of(m, key, len, h);
	s->key = malloc(len + 1);
	if (!s->key)
		return DOSSIER_ENOMEM;
	memcpy(s->key, key, len);
	s->key[len] = '\0';
	s->len = len;
	s->hash = h;
	s->value = value;
	m->n++;
	return DOSSIER_OK;
}

size_t strmap_get(const struct strmap *m, const char *key, size_t len)
{
	const struct strmap_slot *s;

	if (!m->cap)
		return STRMAP_NONE;
	s = slot_of(m, key, len, hash_of(key, len));
	return s->key ? s->value : STRMAP_NONE;
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
