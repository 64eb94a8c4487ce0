/*
 * The gazetteer: data/aliases.tsv, the curated people, organisations,
 * places and forums with their forms in every script and language, and the
 * words that tell two entries sharing a form apart.  Forms and context
 * words are folded once at load, so lookups compare folded keys; an index
 * of all forms by their first character lets entity extraction find every
 * form at a position of a folded text without trying each entry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "extract/extract.h"
#include "extract/extract_int.h"
#include "text/text.h"

/* Two ways in besides the index by first code point: every form by key
 * (gazetteer_find: a binary search, not a pass over every entry) and the
 * distinct forms as a trie (gazetteer_match: every form at a place in one
 * walk). */
struct gazetteer_lookup {
	struct gazetteer_form *by_key; /* every form, by key, then entry */
	size_t n_by_key;
	struct trie forms; /* distinct form -> its index in keys */
	const char **keys; /* borrowed from the entries */
	size_t n_keys;
};

static void entry_release(struct gazetteer_entry *a)
{
	free(a->id);
	free(a->type);
	free(a->name);
	for (size_t i = 0; i < a->n_forms; i++)
		free(a->forms[i]);
	free(a->forms);
	for (size_t i = 0; i < a->n_context; i++)
		free(a->context[i]);
	free(a->context);
}

void gazetteer_release(struct gazetteer *g)
{
	for (size_t i = 0; i < g->n; i++)
		entry_release(&g->items[i]);
	free(g->items);
	free(g->index);
	if (g->lookup) {
		free(g->lookup->by_key);
		trie_release(&g->lookup->forms);
		free(g->lookup->keys);
		free(g->lookup);
	}
	memset(g, 0, sizeof *g);
}

int gazetteer_list_has(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(list[i], s))
			return 1;
	}
	return 0;
}

/* Adds the folded form of s[0..len) to a list, once. */
static int add_folded(const struct text_ctx *text, const char *s, size_t len,
		      char ***list, size_t *n)
{
	struct buf key = BUF_INIT;
	char **grown;

	if (text_normalise(text, s, len, &key)) {
		buf_release(&key);
		return DOSSIER_ENOMEM;
	}
	if (!key.len || gazetteer_list_has(*list, *n, key.data)) {
		buf_release(&key);
		return DOSSIER_OK;
	}
	grown = realloc(*list, (*n + 1) * sizeof *grown);
	if (!grown) {
		buf_release(&key);
		return DOSSIER_ENOMEM;
	}
	*list = grown;
	(*list)[(*n)++] = buf_detach(&key);
	return (*list)[*n - 1] ? DOSSIER_OK : DOSSIER_ENOMEM;
}

/* Splits "a|b|c" and adds each part, folded. */
static int add_all(const struct text_ctx *text, const char *field, char ***list, size_t *n)
{
	const char *p = field;
	int rc = DOSSIER_OK;

	while (*p && !rc) {
		size_t len = strcspn(p, "|");

		if (len)
			rc = add_folded(text, p, len, list, n);
		p += len + (p[len] == '|');
	}
	return rc;
}

static int parse_line(const struct text_ctx *text, char *line, struct gazetteer_entry *a)
{
	char *field[4] = { line, NULL, NULL, NULL };

	memset(a, 0, sizeof *a);
	for (int i = 1; i < 4; i++) {
		char *tab = field[i - 1] ? strchr(field[i - 1], '\t') : NULL;

		if (tab) {
			*tab = '\0';
			field[i] = tab + 1;
		}
	}
	if (!field[1] || !field[2] || !*field[0])
		return DOSSIER_EPARSE;
	a->id = strdup(field[0]);
	a->type = strdup(field[1]);
	a->name = strndup(field[2], strcspn(field[2], "|"));
	if (!a->id || !a->type || !a->name)
		return DOSSIER_ENOMEM;
	if (add_all(text, field[2], &a->forms, &a->n_forms) ||
	    (field[3] && add_all(text, field[3], &a->context, &a->n_context)))
		return DOSSIER_ENOMEM;
	return a->n_forms ? DOSSIER_OK : DOSSIER_EPARSE;
}

/* The first code point of a folded key (its index bucket). */
static int32_t first_cp(const char *key)
{
	size_t pos = 0;

	return utf8_next(key, strlen(key), &pos);
}

static int form_order(const void *pa, const void *pb)
{
	const struct gazetteer_form *a = pa, *b = pb;
	int32_t ca = first_cp(a->key), cb = first_cp(b->key);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1; /* longest first */
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	return 0;
}

static int build_index(struct gazetteer *g)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < g->n; i++)
		n += g->items[i].n_forms;
	if (!n)
		return DOSSIER_OK;
	g->index = malloc(n * sizeof *g->index);
	if (!g->index)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < g->n; i++) {
		for (size_t j = 0; j < g->items[i].n_forms; j++) {
			g->index[k].key = g->items[i].forms[j];
			g->index[k].len = strlen(g->items[i].forms[j]);
			g->index[k].entry = i;
			k++;
		}
	}
	g->n_index = n;
	qsort(g->index, n, sizeof *g->index, form_order);
	return DOSSIER_OK;
}

static int key_order(const void *pa, const void *pb)
{
	const struct gazetteer_form *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

static int build_lookup(struct gazetteer *g)
{
	struct gazetteer_lookup *l = calloc(1, sizeof *l);
	int rc = DOSSIER_OK;

	if (!l)
		return DOSSIER_ENOMEM;
	g->lookup = l;
	if (!g->n_index)
		return DOSSIER_OK;
	l->by_key = malloc(g->n_index * sizeof *l->by_key);
	l->keys = malloc(g->n_index * sizeof *l->keys);
	if (!l->by_key || !l->keys)
		return DOSSIER_ENOMEM;
	memcpy(l->by_key, g->index, g->n_index * sizeof *l->by_key);
	l->n_by_key = g->n_index;
	qsort(l->by_key, l->n_by_key, sizeof *l->by_key, key_order);
	for (size_t i = 0; i < l->n_by_key && !rc; i++) {
		uint32_t had;

		if (i && !strcmp(l->by_key[i].key, l->by_key[i - 1].key))
			continue;
		rc = trie_add(&l->forms, l->by_key[i].key, l->by_key[i].len, (uint32_t)l->n_keys,
			      &had);
		if (!rc && had == TRIE_NONE)
			l->keys[l->n_keys++] = l->by_key[i].key;
	}
	return rc;
}

int gazetteer_load(struct gazetteer *g, const char *path, const struct text_ctx *text,
		   struct err *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = DOSSIER_OK;

	memset(g, 0, sizeof *g);
	if (!f) {
		/* No alias file is no aliases, not an error: mined names still work. */
		if (errno == ENOENT)
			return DOSSIER_OK;
		return err_set(e, DOSSIER_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		struct gazetteer_entry *grown;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		grown = realloc(g->items, (g->n + 1) * sizeof *grown);
		if (!grown) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		g->items = grown;
		rc = parse_line(text, line, &g->items[g->n]);
		g->n++;
		if (rc)
			err_set(e, rc, "%s:%d: expected id<TAB>type<TAB>forms<TAB>context", path,
				lineno);
	}
	free(line);
	fclose(f);
	if (!rc && (build_index(g) || build_lookup(g)))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (rc)
		gazetteer_release(g);
	return rc;
}

size_t gazetteer_find(const struct gazetteer *g, const char *key,
		      const struct gazetteer_entry **out, size_t max)
{
	const struct gazetteer_lookup *l = g->lookup;
	size_t lo = 0, hi = l ? l->n_by_key : 0, n = 0;

	while (lo < hi) { /* the first form >= key; entries in file order after it */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(l->by_key[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; l && lo < l->n_by_key && !strcmp(l->by_key[lo].key, key); lo++) {
		if (n < max)
			out[n] = &g->items[l->by_key[lo].entry];
		n++;
	}
	return n;
}

size_t gazetteer_match(const struct gazetteer *g, const char *s, size_t at, size_t end,
		       const char **keys, size_t *lens, size_t max)
{
	struct trie_match found[TRIE_MATCHES_MAX];
	size_t n, k = 0;

	if (!g->lookup)
		return 0;
	n = trie_prefixes(&g->lookup->forms, s, at, end, found, TRIE_MATCHES_MAX);
	while (n > 0 && k < max) {
		n--;
		keys[k] = g->lookup->keys[found[n].value];
		lens[k++] = found[n].len;
	}
	return k;
}

size_t gazetteer_forms_at(const struct gazetteer *g, const char *s, size_t len,
			  const struct gazetteer_form **first)
{
	size_t pos = 0, lo = 0, hi = g->n_index, n = 0;
	int32_t cp = utf8_next(s, len, &pos);

	*first = NULL;
	if (cp < 0)
		return 0;
	while (lo < hi) { /* the first form whose first code point is >= cp */
		size_t mid = lo + (hi - lo) / 2;

		if (first_cp(g->index[mid].key) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < g->n_index && first_cp(g->index[lo + n].key) == cp)
		n++;
	if (n)
		*first = &g->index[lo];
	return n;
}
