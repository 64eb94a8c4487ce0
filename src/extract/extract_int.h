/*
 * extract_int.h — what the files of extract/ share among themselves and
 * nobody else needs: the event rules, loaded with the extraction context.
 */
#ifndef DOSSIER_EXTRACT_INT_H
#define DOSSIER_EXTRACT_INT_H

#include <stdint.h>

#include "extract/extract.h"

struct text_ctx;
struct event_rules;

/* Loads data/events.tsv (a missing file: no rules, no events). */
int event_rules_load(struct event_rules **out, const char *path,
		     const struct text_ctx *text, struct err *e);
void event_rules_free(struct event_rules *r);

const struct event_rules *extract_ctx_events(const struct extract_ctx *x);
const struct text_ctx *extract_ctx_text(const struct extract_ctx *x);

/* True when the folded form `key` is a country or side (titles.tsv "country"). */
int extract_ctx_is_country(const struct extract_ctx *x, const char *key);

/* extract_events(), adding to notes (when not NULL) the sentences it read
 * in pieces (EXTRACT_SENTENCE_MAX) and only in part (EXTRACT_TRIGGERS_MAX). */
int events_extract(const struct extract_ctx *x, struct doc *d, struct extract_notes *notes);

/* The publication day as a calendar day in UTC+8 (0s when unknown): the
 * reference relative dates are resolved against. */
void extract_reference_day(const struct doc *d, int *y, int *m, int *day);

/*
 * Which events of d tell again what another event of d tells (repeats.c):
 * repeat[i] set for each (d->n_events bytes, caller's).  repeats_find()
 * costs time linear in the events; repeats_pairwise() is the rule asked
 * of every pair, the reference it must agree with.  DOSSIER_ENOMEM.
 */
int repeats_find(const struct doc *d, unsigned char *repeat);
void repeats_pairwise(const struct doc *d, unsigned char *repeat);

/* ---- lookups that cost the same however many words or names there are ---- */

/*
 * A byte trie (trie.c).  Zeroed, it is empty.  Values are the caller's
 * (below TRIE_NONE).
 */
#define TRIE_NONE UINT32_MAX
struct trie {
	uint32_t *value; /* per node: the value of the word ending there, or TRIE_NONE */
	size_t n_nodes, cap_nodes;
	struct trie_edge *edges;
	size_t n_edges, cap_edges;
	/* the first byte of each one-byte word, the first two bytes of each
	 * longer one (opens2) and of each two-byte one (opens2_word), and a
	 * hash of the first three of each longer one (opens3): most places of
	 * a text begin no word, and say so here without a walk.  Three bytes
	 * are one Chinese character: with thousands of names nearly every
	 * two-byte start opens some word, a whole character far fewer. */
	unsigned char opens1[256 / 8];
	unsigned char *opens2;      /* 65536 bits; the block the other two are in */
	unsigned char *opens2_word; /* 65536 bits */
	unsigned char *opens3;      /* 65536 bits */
};

/* A word found at a place: its length in bytes and its value. */
struct trie_match {
	size_t len;
	uint32_t value;
};

/* Adds w[0..len) with `value`; a word already there keeps its value, which
 * goes to *had (else TRIE_NONE).  DOSSIER_ENOMEM. */
int trie_add(struct trie *t, const char *w, size_t len, uint32_t value, uint32_t *had);

/* The node after `node` (TRIE_ROOT to begin) on `byte`, or TRIE_NONE; the
 * value of a node, or TRIE_NONE.  For walks trie_prefixes() cannot do. */
#define TRIE_ROOT 0
uint32_t trie_step(const struct trie *t, uint32_t node, unsigned char byte);
uint32_t trie_value(const struct trie *t, uint32_t node);

/* The length of the longest word that s[at..end) begins with (0: none),
 * its value to *value when not NULL. */
size_t trie_longest(const struct trie *t, const char *s, size_t at, size_t end, uint32_t *value);

/* The length of the shortest word that s[at..end) begins with (0: none). */
size_t trie_shortest(const struct trie *t, const char *s, size_t at, size_t end);

/* The value of the word w[0..len), or TRIE_NONE. */
uint32_t trie_get(const struct trie *t, const char *w, size_t len);

/*
 * The words that s[at..end) begins with, shortest first, into out[0..n)
 * (n returned).  More than `max` of them (one nested in the next): the
 * longest `max` are kept.
 */
size_t trie_prefixes(const struct trie *t, const char *s, size_t at, size_t end,
		     struct trie_match *out, size_t max);
void trie_release(struct trie *t);

/* As many words as can begin at one place of a text in any list of ours
 * (each one nested in the next: 王, 王毅, ...). */
#define TRIE_MATCHES_MAX 128

/* A map from byte strings (copied) to numbers (strmap.c).  Zeroed, it is empty. */
#define STRMAP_NONE SIZE_MAX
struct strmap {
	struct strmap_slot *slots;
	size_t n, cap;
};

/* Adds key[0..len) with `value`; a key already there keeps its value, which
 * goes to *had (else STRMAP_NONE).  DOSSIER_ENOMEM. */
int strmap_put(struct strmap *m, const char *key, size_t len, size_t value, size_t *had);

/* The value of key[0..len), or STRMAP_NONE. */
size_t strmap_get(const struct strmap *m, const char *key, size_t len);
void strmap_release(struct strmap *m);

/*
 * A document's entities by key (docindex.c): doc_add_entity() without its
 * search of every entity, which made extraction quadratic in the number of
 * names.  The index is valid while only entity_index_add() adds to
 * d->entities.
 */
struct entity_index {
	struct doc *d;
	struct strmap keys;
};

/* Indexes the entities d has already.  DOSSIER_ENOMEM. */
int entity_index_init(struct entity_index *x, struct doc *d);

/* doc_add_entity() through the index: the entity with `key`, appended
 * (strings copied) when new; its index to *index. */
int entity_index_add(struct entity_index *x, const char *key, const char *name,
		     const char *type, size_t *index);

/* The index of the entity with `key`, or STRMAP_NONE. */
size_t entity_index_find(const struct entity_index *x, const char *key);
void entity_index_release(struct entity_index *x);

#endif
