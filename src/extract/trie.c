/*
 * A byte trie: every word of a list that begins at a place of a text, in
 * one walk as long as the longest of them, instead of comparing the place
 * with each word.  Extraction asks this at every character of a document
 * (titles, countries, organs, the document's own names, gazetteer forms),
 * so the cost of a place must not grow with the number of words.
 *
 * Nodes are numbers; the edges live in one open-addressing table keyed by
 * (parent, byte), which keeps a sparse trie of thousands of words small.
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "extract/extract_int.h"

/* An edge slot; child 0 (the root) marks a free slot, as the root is
 * nobody's child. */
struct trie_edge {
	uint32_t parent, child;
	unsigned char byte;
};

static size_t edge_slot(const struct trie *t, uint32_t parent, unsigned char byte)
{
	uint64_t h = ((uint64_t)parent << 8 | byte) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (t->cap_edges - 1);
}

static uint32_t edge_find(const struct trie *t, uint32_t parent, unsigned char byte)
{
	size_t i;

	if (!t->cap_edges)
		return TRIE_NONE;
	for (i = edge_slot(t, parent, byte); t->edges[i].child; i = (i + 1) & (t->cap_edges - 1)) {
		if (t->edges[i].parent == parent && t->edges[i].byte == byte)
			return t->edges[i].child;
	}
	return TRIE_NONE;
}

static void edge_put(struct trie *t, uint32_t parent, unsigned char byte, uint32_t child)
{
	size_t i = edge_slot(t, parent, byte);

	while (t->edges[i].child)
		i = (i + 1) & (t->cap_edges - 1);
	t->edges[i] = (struct trie_edge){ parent, child, byte };
	t->n_edges++;
}

/* Keeps the edge table at most half full. */
static int edges_reserve(struct trie *t)
{
	struct trie_edge *old = t->edges;
	size_t old_cap = t->cap_edges, cap = old_cap ? old_cap * 2 : 64;

	if ((t->n_edges + 1) * 2 <= old_cap)
		return DOSSIER_OK;
	t->edges = calloc(cap, sizeof *t->edges);
	if (!t->edges) {
		t->edges = old;
		return DOSSIER_ENOMEM;
	}
	t->cap_edges = cap;
	t->n_edges = 0;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].child)
			edge_put(t, old[i].parent, old[i].byte, old[i].child);
	}
	free(old);
	return DOSSIER_OK;
}

/* The bit of opens3 for the three bytes at w. */
static unsigned triple_bit(const char *w)
{
	uint32_t x = (uint32_t)(unsigned char)w[0] << 16 | (uint32_t)(unsigned char)w[1] << 8 |
		     (unsigned char)w[2];

	return (unsigned)((x * 0x9e3779b1u) >> 16);
}

static int node_new(struct trie *t, uint32_t *node)
{
	if (t->n_nodes == t->cap_nodes) {
		size_t cap = t->cap_nodes ? t->cap_nodes * 2 : 64;
		uint32_t *grown;

		if (cap >= TRIE_NONE)
			return DOSSIER_ENOMEM;
		grown = realloc(t->value, cap * sizeof *grown);
		if (!grown)
			return DOSSIER_ENOMEM;
		t->value = grown;
		t->cap_nodes = cap;
	}
	t->value[t->n_nodes] = TRIE_NONE;
	*node = (uint32_t)t->n_nodes++;
	return DOSSIER_OK;
}

int trie_add(struct trie *t, const char *w, size_t len, uint32_t value, uint32_t *had)
{
	uint32_t node = 0;
	int rc = DOSSIER_OK;

	*had = TRIE_NONE;
	if (!t->n_nodes && (rc = node_new(t, &node)))
		return rc;
	if (!t->opens2) {
		if (!(t->opens2 = calloc(3 * 65536 / 8, 1)))
			return DOSSIER_ENOMEM;
		t->opens2_word = t->opens2 + 65536 / 8;
		t->opens3 = t->opens2 + 2 * 65536 / 8;
	}
	if (len == 1)
		t->opens1[(unsigned char)w[0] >> 3] |= (unsigned char)(1u << ((unsigned char)w[0] & 7));
	if (len >= 2) {
		unsigned pair = (unsigned)(unsigned char)w[0] << 8 | (unsigned char)w[1];

		t->opens2[pair >> 3] |= (unsigned char)(1u << (pair & 7));
		if (len == 2)
			t->opens2_word[pair >> 3] |= (unsigned char)(1u << (pair & 7));
	}
	if (len >= 3) {
		unsigned h = triple_bit(w);

		t->opens3[h >> 3] |= (unsigned char)(1u << (h & 7));
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char byte = (unsigned char)w[i];
		uint32_t next = edge_find(t, node, byte);

		if (next == TRIE_NONE) {
			if ((rc = edges_reserve(t)) || (rc = node_new(t, &next)))
				return rc;
			edge_put(t, node, byte, next);
		}
		node = next;
	}
	if (t->value[node] != TRIE_NONE)
		*had = t->value[node]; /* the first value stands */
	else
		t->value[node] = value;
	return DOSSIER_OK;
}

uint32_t trie_step(const struct trie *t, uint32_t node, unsigned char byte)
{
	return t->n_nodes ? edge_find(t, node, byte) : TRIE_NONE;
}

uint32_t trie_value(const struct trie *t, uint32_t node)
{
	return t->value[node];
}

uint32_t trie_get(const struct trie *t, const char *w, size_t len)
{
	uint32_t node = t->n_nodes ? 0 : TRIE_NONE;

	for (size_t i = 0; i < len && node != TRIE_NONE; i++)
		node = edge_find(t, node, (unsigned char)w[i]);
	return node == TRIE_NONE ? TRIE_NONE : t->value[node];
}

/* Whether a word may begin at s[at] (s[at..end) not empty). */
static int may_open(const struct trie *t, const char *s, size_t at, size_t end)
{
	unsigned char b = (unsigned char)s[at];
	unsigned pair;

	if (t->opens1[b >> 3] & (1u << (b & 7)))
		return 1;
	if (at + 1 >= end)
		return 0;
	pair = (unsigned)b << 8 | (unsigned char)s[at + 1];
	if (!(t->opens2[pair >> 3] & (1u << (pair & 7))))
		return 0;
	if (t->opens2_word[pair >> 3] & (1u << (pair & 7)))
		return 1;
	if (at + 2 >= end)
		return 0;
	{
		unsigned h = triple_bit(s + at);

		return (t->opens3[h >> 3] & (1u << (h & 7))) != 0;
	}
}

size_t trie_longest(const struct trie *t, const char *s, size_t at, size_t end, uint32_t *value)
{
	uint32_t node = 0;
	size_t best = 0;

	if (!t->n_nodes || at >= end || !may_open(t, s, at, end))
		return 0;
	for (size_t p = at; p < end; p++) {
		node = edge_find(t, node, (unsigned char)s[p]);
		if (node == TRIE_NONE)
			break;
		if (t->value[node] != TRIE_NONE) {
			best = p + 1 - at;
			if (value)
				*value = t->value[node];
		}
	}
	return best;
}

size_t trie_shortest(const struct trie *t, const char *s, size_t at, size_t end)
{
	uint32_t node = 0;

	if (!t->n_nodes || at >= end || !may_open(t, s, at, end))
		return 0;
	for (size_t p = at; p < end; p++) {
		node = edge_find(t, node, (unsigned char)s[p]);
		if (node == TRIE_NONE)
			break;
		if (t->value[node] != TRIE_NONE)
			return p + 1 - at;
	}
	return 0;
}

size_t trie_prefixes(const struct trie *t, const char *s, size_t at, size_t end,
		     struct trie_match *out, size_t max)
{
	uint32_t node = 0;
	size_t n = 0;

	if (!t->n_nodes || !max || at >= end || !may_open(t, s, at, end))
		return 0;
	for (size_t p = at; p < end; p++) {
		node = edge_find(t, node, (unsigned char)s[p]);
		if (node == TRIE_NONE)
			break;
		if (t->value[node] == TRIE_NONE)
			continue;
		if (n == max) { /* keep the longest: drop the shortest */
			memmove(out, out + 1, (max - 1) * sizeof *out);
			n--;
		}
		out[n].len = p + 1 - at;
		out[n].value = t->value[node];
		n++;
	}
	return n;
}

void trie_release(struct trie *t)
{
	free(t->value);
	free(t->edges);
	free(t->opens2);
	memset(t, 0, sizeof *t);
}
