/*
 * Entities: who and what a document names, and where.
 *
 * Everything is matched on folded text (text/: NFKC, case, Traditional →
 * Simplified), so 奧斯汀 and 奥斯汀 are one form; a map from each folded
 * byte back to the original keeps the offsets in the document's own text.
 *
 * Candidates come from five places, strongest first when two claim the
 * same span: the document's own 中文名（Latin Name） pairs (布朗（Gordon
 * Brown） is not the general), names read after a title (國務卿布林肯),
 * quoted forum names (「香格里拉對話」), the gazetteer (data/aliases.tsv),
 * and country + organ (中國國防部).  Then the longest candidates win and
 * overlapping shorter ones go.  Names found in the text become the
 * document's own dictionary, so a later bare 王毅 is found too.
 *
 * Identity never rests on a guess: a form several gazetteer entries share
 * is taken only when the document's context words pick one; a name read
 * after a title is a new person unless the gazetteer or the document's own
 * pair says who it is; two names are one only by folding, by a Latin name
 * they share, or by the gazetteer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "extract/extract.h"
#include "extract/extract_int.h"
#include "text/text.h"

/* ---- the patterns (data/titles.tsv) -------------------------------------------- */

struct word_list {
	char **items; /* folded, longest first */
	size_t n;
	struct trie trie; /* the same words -> their index in items */
};

struct cp_set {
	uint32_t *items;
	size_t n;
};

/*
 * The words whose presence anywhere in a document decides which entry a
 * shared form means (context_score()): every gazetteer entry's context
 * words and forms, found in one pass over the document instead of one
 * search of the whole text for each.
 */
struct vocabulary {
	struct trie words; /* folded word -> its number */
	size_t n;
	size_t *first;  /* per entry: where its numbers start in ids */
	uint32_t *ids;  /* per entry: its context words', then its forms' numbers */
};

struct extract_ctx {
	const struct text_ctx *text;
	struct gazetteer gaz;
	struct word_list title, country, organ, forum, stop;
	struct word_list body;      /* organs that name an organisation alone: 外交部 */
	struct word_list meet;      /* verbs a name may follow: 會見|鮑威爾 */
	struct word_list notname;   /* words no name begins with: 關於, 高層 */
	struct word_list surname_words; /* family names of two characters: 歐陽, 小泉 */
	struct cp_set surname, translit, namechar;
	struct event_rules *events;
	struct vocabulary vocab;
};

static int longest_first(const void *pa, const void *pb)
{
	size_t a = strlen(*(char *const *)pa), b = strlen(*(char *const *)pb);

	return a == b ? 0 : a > b ? -1 : 1;
}

static void list_release(struct word_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	trie_release(&l->trie);
	memset(l, 0, sizeof *l);
}

/* Sorts the list longest first and indexes it. */
static int list_finish(struct word_list *l)
{
	int rc = DOSSIER_OK;

	if (l->n)
		qsort(l->items, l->n, sizeof *l->items, longest_first);
	for (size_t i = 0; i < l->n && !rc; i++) {
		uint32_t had;

		rc = trie_add(&l->trie, l->items[i], strlen(l->items[i]), (uint32_t)i, &had);
	}
	return rc;
}

static int list_add(struct word_list *l, char *folded)
{
	char **grown;

	if (gazetteer_list_has(l->items, l->n, folded)) {
		free(folded);
		return DOSSIER_OK;
	}
	grown = realloc(l->items, (l->n + 1) * sizeof *grown);
	if (!grown) {
		free(folded);
		return DOSSIER_ENOMEM;
	}
	l->items = grown;
	l->items[l->n++] = folded;
	return DOSSIER_OK;
}

static int set_add(struct cp_set *s, uint32_t cp)
{
	uint32_t *grown;

	for (size_t i = 0; i < s->n; i++) {
		if (s->items[i] == cp)
			return DOSSIER_OK;
	}
	grown = realloc(s->items, (s->n + 1) * sizeof *grown);
	if (!grown)
		return DOSSIER_ENOMEM;
	s->items = grown;
	s->items[s->n++] = cp;
	return DOSSIER_OK;
}

static int cp_order(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* Sorted once loaded: asked at nearly every character of a document. */
static void set_finish(struct cp_set *s)
{
	if (s->n)
		qsort(s->items, s->n, sizeof *s->items, cp_order);
}

static int set_has(const struct cp_set *s, uint32_t cp)
{
	return s->n && bsearch(&cp, s->items, s->n, sizeof *s->items, cp_order) != NULL;
}

/* Adds the |-separated words of `field` to the list or set of `kind`. */
static int add_words(struct extract_ctx *x, const char *kind, const char *field)
{
	struct word_list *l = !strcmp(kind, "title")	 ? &x->title
			      : !strcmp(kind, "country") ? &x->country
			      : !strcmp(kind, "organ")	 ? &x->organ
			      : !strcmp(kind, "body")	 ? &x->body
			      : !strcmp(kind, "forum")	 ? &x->forum
			      : !strcmp(kind, "stop")	 ? &x->stop
			      : !strcmp(kind, "meet")	 ? &x->meet
			      : !strcmp(kind, "notname") ? &x->notname
							 : NULL;
	struct cp_set *set = !strcmp(kind, "surname")	 ? &x->surname
			     : !strcmp(kind, "translit") ? &x->translit
			     : !strcmp(kind, "namechar") ? &x->namechar
							 : NULL;
	const char *p = field;
	int rc = DOSSIER_OK;

	if (!l && !set)
		return DOSSIER_EPARSE;
	while (*p && !rc) {
		size_t len = strcspn(p, "|");
		struct buf key = BUF_INIT;

		rc = text_normalise(x->text, p, len, &key);
		if (!rc && key.len) {
			if (l) {
				rc = list_add(l, buf_detach(&key));
			} else if (set == &x->surname && utf8_length(key.data, key.len) > 1) {
				rc = list_add(&x->surname_words, buf_detach(&key));
			} else {
				size_t pos = 0;
				int32_t cp = utf8_next(key.data, key.len, &pos);

				if (cp > 0)
					rc = set_add(set, (uint32_t)cp);
			}
		}
		buf_release(&key);
		p += len + (p[len] == '|');
	}
	return rc;
}

static int load_patterns(struct extract_ctx *x, const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = DOSSIER_OK;

	if (!f)
		return DOSSIER_OK; /* no patterns: the gazetteer and pairs still work */
	while (!rc && getline(&line, &cap, f) > 0) {
		char *tab;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		tab = strchr(line, '\t');
		if (!tab) {
			rc = err_set(e, DOSSIER_EPARSE, "%s:%d: expected kind<TAB>words", path, lineno);
			break;
		}
		*tab = '\0';
		rc = add_words(x, line, tab + 1);
		if (rc == DOSSIER_EPARSE)
			err_set(e, rc, "%s:%d: unknown kind '%s'", path, lineno, line);
		else if (rc)
			err_set(e, rc, "out of memory");
	}
	free(line);
	fclose(f);
	set_finish(&x->surname);
	set_finish(&x->translit);
	set_finish(&x->namechar);
	if ((!rc && (list_finish(&x->title) || list_finish(&x->country) ||
		     list_finish(&x->organ) || list_finish(&x->forum) || list_finish(&x->stop) ||
		     list_finish(&x->meet) || list_finish(&x->notname) || list_finish(&x->body) ||
		     list_finish(&x->surname_words))))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	return rc;
}

/* Numbers a word of the vocabulary (once) into ids[*k]. */
static int vocabulary_add(struct vocabulary *v, const char *word, size_t *k)
{
	uint32_t had;
	int rc = trie_add(&v->words, word, strlen(word), (uint32_t)v->n, &had);

	if (rc)
		return rc;
	v->ids[(*k)++] = had != TRIE_NONE ? had : (uint32_t)v->n++;
	return DOSSIER_OK;
}

static int load_vocabulary(struct vocabulary *v, const struct gazetteer *g)
{
	size_t total = 0, k = 0;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < g->n; i++)
		total += g->items[i].n_context + g->items[i].n_forms;
	v->first = malloc((g->n + 1) * sizeof *v->first);
	v->ids = malloc((total ? total : 1) * sizeof *v->ids);
	if (!v->first || !v->ids)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < g->n && !rc; i++) {
		const struct gazetteer_entry *a = &g->items[i];

		v->first[i] = k;
		for (size_t j = 0; j < a->n_context && !rc; j++)
			rc = vocabulary_add(v, a->context[j], &k);
		for (size_t j = 0; j < a->n_forms && !rc; j++)
			rc = vocabulary_add(v, a->forms[j], &k);
	}
	v->first[g->n] = k;
	return rc;
}

int extract_ctx_new(struct extract_ctx **out, const char *data_dir,
		    const struct text_ctx *text, struct err *e)
{
	struct extract_ctx *x = calloc(1, sizeof *x);
	char path[4096];
	int rc;

	*out = NULL;
	if (!x)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	x->text = text;
	snprintf(path, sizeof path, "%s/aliases.tsv", data_dir);
	rc = gazetteer_load(&x->gaz, path, text, e);
	if (!rc) {
		snprintf(path, sizeof path, "%s/titles.tsv", data_dir);
		rc = load_patterns(x, path, e);
	}
	if (!rc) {
		snprintf(path, sizeof path, "%s/events.tsv", data_dir);
		rc = event_rules_load(&x->events, path, text, e);
	}
	if (!rc && load_vocabulary(&x->vocab, &x->gaz))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (rc) {
		extract_ctx_free(x);
		return rc;
	}
	*out = x;
	return DOSSIER_OK;
}

void extract_ctx_free(struct extract_ctx *x)
{
	if (!x)
		return;
	gazetteer_release(&x->gaz);
	list_release(&x->title);
	list_release(&x->country);
	list_release(&x->organ);
	list_release(&x->forum);
	list_release(&x->stop);
	list_release(&x->meet);
	list_release(&x->body);
	list_release(&x->notname);
	list_release(&x->surname_words);
	free(x->surname.items);
	free(x->translit.items);
	free(x->namechar.items);
	event_rules_free(x->events);
	trie_release(&x->vocab.words);
	free(x->vocab.first);
	free(x->vocab.ids);
	free(x);
}

const struct gazetteer *extract_ctx_gazetteer(const struct extract_ctx *x)
{
	return &x->gaz;
}

const struct event_rules *extract_ctx_events(const struct extract_ctx *x)
{
	return x->events;
}

const struct text_ctx *extract_ctx_text(const struct extract_ctx *x)
{
	return x->text;
}

int extract_ctx_is_country(const struct extract_ctx *x, const char *key)
{
	return trie_get(&x->country.trie, key, strlen(key)) != TRIE_NONE;
}

/* ---- folded text with a way back ------------------------------------------------ */

/*
 * A part's text folded for matching, with marks to find each folded
 * byte's original code point: where the folding stood every
 * FOLD_MARK_STRIDE folded bytes.  A byte-by-byte map would cost sixteen
 * bytes of memory per byte of text (a gigabyte for a 64 MB document); the
 * marks cost under half a byte, and finding one byte re-folds at most a
 * stride of text, which happens only for the mentions kept.
 */
#define FOLD_MARK_STRIDE 64

struct fold_mark {
	size_t orig, folded; /* where a code point's folding begins */
	int pending;         /* a separator before it, not yet written */
};

struct folded {
	enum doc_part part;
	const char *orig;
	size_t orig_len;
	struct buf f;
	struct fold_mark *marks;
	size_t n_marks, cap_marks;
};

static int mark_add(struct folded *fo, size_t orig, int pending)
{
	if (fo->n_marks == fo->cap_marks) {
		size_t cap = fo->cap_marks ? fo->cap_marks * 2 : 16;
		struct fold_mark *grown = realloc(fo->marks, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		fo->marks = grown;
		fo->cap_marks = cap;
	}
	fo->marks[fo->n_marks++] = (struct fold_mark){ orig, fo->f.len, pending };
	return DOSSIER_OK;
}

/*
 * One step of the folding (as text_normalise() folds): the code point at
 * s[*pos], moved past.  Returns how many bytes it adds to the folded text
 * (0: none), with *space set when a space for the separators before it
 * comes first; the folded code points go to cps[0..*n).
 */
static size_t fold_step(const struct text_ctx *t, const char *s, size_t len, size_t *pos,
			int *pending, size_t folded_len, int *space, uint32_t *cps, size_t *n)
{
	int32_t cp = utf8_next(s, len, pos);
	enum text_class cls = TEXT_SEP;
	size_t bytes = 0;

	*n = cp < 0 ? 0 : text_fold(t, (uint32_t)cp, cps, &cls);
	*space = 0;
	if (cls == TEXT_IGNORE)
		return 0;
	if (cp < 0 || cls == TEXT_SEP) {
		*pending = folded_len > 0;
		return 0;
	}
	*space = *pending;
	*pending = 0;
	for (size_t i = 0; i < *n; i++) {
		char enc[4];

		bytes += utf8_encode(cps[i], enc);
	}
	return bytes + (size_t)*space;
}

/* Folds `s` the way text_normalise() does, keeping the marks. */
static int fold_part(const struct text_ctx *t, struct folded *fo, enum doc_part part,
		     const char *s)
{
	size_t len = strlen(s), pos = 0, next_mark = 0;
	int pending = 0, rc = DOSSIER_OK;

	fo->part = part;
	fo->orig = s;
	fo->orig_len = len;
	while (pos < len && !rc) {
		size_t n, at = pos;
		uint32_t cps[TEXT_FOLD_MAX];
		int space;

		if (fo->f.len >= next_mark) {
			rc = mark_add(fo, at, pending);
			next_mark = fo->f.len + FOLD_MARK_STRIDE;
		}
		if (rc || !fold_step(t, s, len, &pos, &pending, fo->f.len, &space, cps, &n))
			continue;
		if (space)
			rc = buf_addc(&fo->f, ' ');
		for (size_t i = 0; i < n && !rc; i++)
			rc = utf8_add(&fo->f, cps[i]);
	}
	if (!rc && !fo->f.data)
		rc = buf_add(&fo->f, "", 0);
	return rc;
}

/*
 * The original code point behind folded byte `p`: [*from, *to) in the
 * part's text.  A space standing for separators is empty and sits at the
 * start of what follows it.
 */
static void orig_span(const struct text_ctx *t, const struct folded *fo, size_t p,
		      size_t *from, size_t *to)
{
	size_t lo = 0, hi = fo->n_marks, pos, flen;
	int pending;

	while (hi - lo > 1) { /* the last mark at or before p */
		size_t mid = lo + (hi - lo) / 2;

		if (fo->marks[mid].folded <= p)
			lo = mid;
		else
			hi = mid;
	}
	pos = fo->n_marks ? fo->marks[lo].orig : 0;
	flen = fo->n_marks ? fo->marks[lo].folded : 0;
	pending = fo->n_marks ? fo->marks[lo].pending : 0;
	while (pos < fo->orig_len) {
		size_t at = pos, n, bytes;
		uint32_t cps[TEXT_FOLD_MAX];
		int space;

		bytes = fold_step(t, fo->orig, fo->orig_len, &pos, &pending, flen, &space, cps, &n);
		if (p < flen + bytes) {
			*from = at;
			*to = space && p == flen ? at : pos;
			return;
		}
		flen += bytes;
	}
	*from = *to = fo->orig_len;
}

static void folded_release(struct folded *fo)
{
	buf_release(&fo->f);
	free(fo->marks);
}

static int is_word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Does folded text f[at..) begin with `key` (len bytes)?  A key that
 * begins or ends with a Latin letter or digit must not be part of a
 * longer word there (Austin is not in Austinite).
 */
static int matches_at(const struct folded *fo, size_t at, const char *key, size_t len)
{
	const char *f = fo->f.data;

	if (!len || at + len > fo->f.len || memcmp(f + at, key, len))
		return 0;
	if (is_word_byte(key[0]) && at > 0 && is_word_byte(f[at - 1]))
		return 0;
	if (is_word_byte(key[len - 1]) && at + len < fo->f.len && is_word_byte(f[at + len]))
		return 0;
	return 1;
}

/* The longest word of `l` at f[at..), its length in bytes (0 if none). */
static size_t list_at(const struct word_list *l, const struct folded *fo, size_t at)
{
	struct trie_match found[TRIE_MATCHES_MAX];
	size_t n;

	if (at >= fo->f.len)
		return 0;
	n = trie_prefixes(&l->trie, fo->f.data, at, fo->f.len, found, TRIE_MATCHES_MAX);
	while (n-- > 0) {
		if (matches_at(fo, at, fo->f.data + at, found[n].len))
			return found[n].len;
	}
	return 0;
}

/* ---- candidates -------------------------------------------------------------------- */

enum source { /* on ties the higher wins */
	SRC_ORGAN = 0,
	SRC_GAZETTEER = 1,
	SRC_FORUM = 2,
	SRC_LOCAL = 3, /* pairs, names after titles, quoted forums, everywhere */
	SRC_TITLE = 4,
};

/* A candidate (a long document has millions: kept to 24 bytes). */
struct cand {
	size_t fs, fe;      /* folded byte span in parts[part] */
	uint32_t entity;    /* index into d->entities */
	unsigned char part;
	unsigned char src;  /* enum source */
};

/* A form the document itself taught: its folded key and entity. */
struct local {
	char *key;
	size_t len;
	size_t entity;
};

struct run {
	const struct extract_ctx *x;
	struct doc *d;
	struct entity_index entities; /* d->entities by key */
	struct folded parts[3];
	size_t n_parts;
	struct cand *cands;
	size_t n_cands, cap_cands;
	struct local *locals;
	size_t n_locals, cap_locals;
	struct trie local_keys; /* the locals' keys -> their index */
	/* The forms already decided in this document (context is per
	 * document): type ('p' person, '-' any) and key -> the entry's index
	 * in the gazetteer + 1, 0 for none. */
	struct strmap picked;
	/* Which vocabulary words the document holds (computed when a shared
	 * form first needs them). */
	unsigned char *present;
};

static int add_cand(struct run *r, size_t part, size_t fs, size_t fe, size_t entity,
		    enum source src)
{
	if (r->n_cands == r->cap_cands) {
		size_t cap = r->cap_cands ? r->cap_cands * 2 : 64;
		struct cand *grown = realloc(r->cands, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		r->cands = grown;
		r->cap_cands = cap;
	}
	if (entity >= UINT32_MAX)
		return DOSSIER_ETOOBIG;
	r->cands[r->n_cands++] = (struct cand){ fs, fe, (uint32_t)entity, (unsigned char)part,
						(unsigned char)src };
	return DOSSIER_OK;
}

static int add_local(struct run *r, const char *key, size_t entity)
{
	size_t len = strlen(key);
	uint32_t had;
	int rc;

	if (trie_get(&r->local_keys, key, len) != TRIE_NONE)
		return DOSSIER_OK; /* the first teaching stands */
	if (r->n_locals == r->cap_locals) {
		size_t cap = r->cap_locals ? r->cap_locals * 2 : 16;
		struct local *grown = realloc(r->locals, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		r->locals = grown;
		r->cap_locals = cap;
	}
	r->locals[r->n_locals] = (struct local){ strdup(key), len, entity };
	if (!r->locals[r->n_locals].key)
		return DOSSIER_ENOMEM;
	rc = trie_add(&r->local_keys, key, len, (uint32_t)r->n_locals, &had);
	if (rc) {
		free(r->locals[r->n_locals].key);
		return rc;
	}
	r->n_locals++;
	return DOSSIER_OK;
}

static const struct local *local_of(const struct run *r, const char *key)
{
	uint32_t i = trie_get(&r->local_keys, key, strlen(key));

	return i == TRIE_NONE ? NULL : &r->locals[i];
}

static int fold(const struct run *r, const char *s, size_t len, struct buf *out)
{
	buf_reset(out);
	return text_normalise(r->x->text, s, len, out);
}

static int entity_of_entry(struct run *r, const struct gazetteer_entry *g, size_t *index)
{
	return entity_index_add(&r->entities, g->id, g->name, g->type, index);
}

/* A new entity keyed prefix + folded name, shown as `name`. */
static int entity_new(struct run *r, const char *prefix, const char *folded,
		      const char *name, const char *type, size_t *index)
{
	struct buf key = BUF_INIT;
	int rc = buf_adds(&key, prefix);

	if (!rc)
		rc = buf_adds(&key, folded);
	if (!rc)
		rc = entity_index_add(&r->entities, key.data, name, type, index);
	buf_release(&key);
	return rc;
}

/* The text searched for context words: the parts joined, each followed by
 * " | " (a word is found across the joints as it would be in one string). */
static size_t joined_len(const struct run *r, size_t part)
{
	return part % 2 ? 3 : r->parts[part / 2].f.len;
}

static const char *joined_text(const struct run *r, size_t part)
{
	return part % 2 ? " | " : r->parts[part / 2].f.data;
}

/* Marks which vocabulary words the document holds: from each byte, one
 * walk of the vocabulary's trie. */
static int find_present(struct run *r)
{
	const struct trie *t = &r->x->vocab.words;
	size_t n_pieces = r->n_parts * 2;

	r->present = calloc(r->x->vocab.n ? r->x->vocab.n : 1, 1);
	if (!r->present)
		return DOSSIER_ENOMEM;
	for (size_t piece = 0; piece < n_pieces; piece++) {
		for (size_t at = 0; at < joined_len(r, piece); at++) {
			uint32_t node = TRIE_ROOT;
			size_t q = piece, p = at;

			while (q < n_pieces) {
				if (p == joined_len(r, q)) {
					q++;
					p = 0;
					continue;
				}
				node = trie_step(t, node, (unsigned char)joined_text(r, q)[p++]);
				if (node == TRIE_NONE)
					break;
				if (trie_value(t, node) != TRIE_NONE)
					r->present[trie_value(t, node)] = 1;
			}
		}
	}
	return DOSSIER_OK;
}

/*
 * How strongly the document points at entry `g`: its context words found
 * anywhere in the document, plus its forms that no other candidate has.
 * -1 when out of memory.
 */
static int context_score(struct run *r, const struct gazetteer_entry *g,
			 const struct gazetteer_entry *const *rivals, size_t n_rivals)
{
	const struct vocabulary *v = &r->x->vocab;
	const uint32_t *ids = v->ids + v->first[g - r->x->gaz.items];
	int score = 0;

	if (!r->present && find_present(r))
		return -1;
	for (size_t i = 0; i < g->n_context; i++) {
		if (r->present[ids[i]])
			score++;
	}
	for (size_t i = 0; i < g->n_forms; i++) {
		int shared = 0;

		for (size_t k = 0; k < n_rivals && !shared; k++)
			shared = rivals[k] != g &&
				 gazetteer_list_has(rivals[k]->forms, rivals[k]->n_forms, g->forms[i]);
		if (!shared && r->present[ids[g->n_context + i]])
			score += 2;
	}
	return score;
}

#define MAX_OWNERS 8

/*
 * The entry a shared form means here: the one the context points at most,
 * only `type` ones when type is not NULL.  NULL when none stands out.
 */
static const struct gazetteer_entry *pick_entry(struct run *r,
						const struct gazetteer_entry *const *owners,
						size_t n, const char *type)
{
	const struct gazetteer_entry *best = NULL;
	int best_score = 0, tie = 0, typed = 0;

	for (size_t i = 0; i < n; i++) {
		if (!type || !strcmp(owners[i]->type, type))
			typed++;
	}
	for (size_t i = 0; i < n; i++) {
		int score;

		if (type && strcmp(owners[i]->type, type))
			continue;
		if (typed == 1 && type)
			return owners[i];
		score = n == 1 ? 1 : context_score(r, owners[i], owners, n);
		if (score < 0)
			score = 0; /* out of memory: nothing found to go by */
		if (score > best_score) {
			best = owners[i];
			best_score = score;
			tie = 0;
		} else if (score == best_score && score > 0) {
			tie = 1;
		}
	}
	return tie ? NULL : best;
}

/*
 * pick_entry() for the entries of folded form `key`, remembered per
 * document: the context words are searched once per shared form, not at
 * each of its mentions.
 */
static const struct gazetteer_entry *pick_form(struct run *r, const char *key, const char *type)
{
	const struct gazetteer_entry *owners[MAX_OWNERS], *g;
	struct buf cache_key = BUF_INIT;
	size_t n, had;

	/* type is NULL or "person" */
	if (buf_addc(&cache_key, type ? 'p' : '-') || buf_adds(&cache_key, key)) {
		buf_release(&cache_key);
		return NULL;
	}
	had = strmap_get(&r->picked, cache_key.data, cache_key.len);
	if (had != STRMAP_NONE) {
		buf_release(&cache_key);
		return had ? &r->x->gaz.items[had - 1] : NULL;
	}
	n = gazetteer_find(&r->x->gaz, key, owners, MAX_OWNERS);
	g = pick_entry(r, owners, n < MAX_OWNERS ? n : MAX_OWNERS, type);
	/* not remembered when out of memory: asked again next time */
	strmap_put(&r->picked, cache_key.data, cache_key.len,
		   g ? (size_t)(g - r->x->gaz.items) + 1 : 0, &had);
	buf_release(&cache_key);
	return g;
}

/* ---- (1) the document's own pairs: 沙利文（Jake Sullivan） ------------------- */

static const char *latin_type(const char *latin)
{
	static const char *const forum_words[] = { "Dialogue", "Forum", "Summit", "Talks",
						   "Conference", "Consultation" };
	static const char *const org_words[] = {
		"Institute", "Center", "Centre", "Council", "Ministry", "Department", "Agency",
		"University", "Commission", "Organization", "Organisation", "Association",
		"Foundation", "Office", "Committee", "Bank", "Fund", "Times", "Journal", "Post",
		"News", "Party", "Army", "Navy", "Force", "Command", "Guard", "Company", "Group",
	};
	int caps = 0, letters = 0;
	size_t first = strcspn(latin, " ");

	/* USS Chung-Hoon, HMS Spey: a ship, none of our types. */
	if (latin[first] && first >= 2 && first <= 4) {
		int upper = 1;

		for (size_t i = 0; i < first; i++)
			upper &= latin[i] >= 'A' && latin[i] <= 'Z';
		if (upper && (!strncmp(latin, "USS", 3) || !strncmp(latin, "HMS", 3) ||
			      !strncmp(latin, "PLAN", 4)))
			return NULL;
	}
	for (size_t i = 0; i < sizeof forum_words / sizeof forum_words[0]; i++) {
		if (strstr(latin, forum_words[i]))
			return "forum";
	}
	for (size_t i = 0; i < sizeof org_words / sizeof org_words[0]; i++) {
		if (strstr(latin, org_words[i]))
			return "org";
	}
	for (const char *p = latin; *p; p++) {
		caps += *p >= 'A' && *p <= 'Z';
		letters += (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
	}
	return letters >= 2 && caps == letters ? "org" : "person";
}

/* The last word of a folded Latin name, past jr/sr/ii/iii. */
static void last_word(const char *s, char *out, size_t size)
{
	size_t end = strlen(s);

	for (;;) {
		size_t start = end;

		while (start > 0 && s[start - 1] != ' ')
			start--;
		if (start > 0 && (end - start <= 3) &&
		    (!strncmp(s + start, "jr", end - start) || !strncmp(s + start, "sr", end - start) ||
		     !strncmp(s + start, "ii", end - start) || !strncmp(s + start, "iii", end - start))) {
			end = start - 1;
			continue;
		}
		snprintf(out, size, "%.*s", (int)(end - start), s + start);
		return;
	}
}

/*
 * Does entry g have a Latin form with the same first and last word as the
 * folded Latin name `lk` (Charles Quinton Brown and Charles Q. Brown)?  A
 * shared surname alone is not enough: Gordon Brown is not Charles Brown.
 */
static int entry_has_name(const struct gazetteer_entry *g, const char *lk)
{
	char surname[64];
	size_t first = strcspn(lk, " ");

	if (!lk[first])
		return 0; /* one word: too little to tell */
	last_word(lk, surname, sizeof surname);
	for (size_t i = 0; i < g->n_forms; i++) {
		char w[64];

		if ((unsigned char)g->forms[i][0] >= 0x80)
			continue;
		last_word(g->forms[i], w, sizeof w);
		if (!strcmp(w, surname) && strcspn(g->forms[i], " ") == first &&
		    !strncmp(g->forms[i], lk, first))
			return 1;
	}
	return 0;
}

static int pair_entity(struct run *r, const struct doc_name_pair *p, size_t *index)
{
	const struct gazetteer_entry *owners[MAX_OWNERS], *g = NULL;
	struct buf nk = BUF_INIT, lk = BUF_INIT;
	int rc = fold(r, p->name, strlen(p->name), &nk);
	size_t n;

	if (!rc)
		rc = fold(r, p->latin, strlen(p->latin), &lk);
	if (rc || !nk.len || !lk.len)
		goto done;
	n = gazetteer_find(&r->x->gaz, lk.data, owners, MAX_OWNERS);
	if (n) {
		g = pick_form(r, lk.data, NULL);
	} else {
		/* A spelling the gazetteer lacks (Lloyd James Austin III): the
		 * entry of the Chinese form when exactly one of its entries has
		 * a Latin form with the same first and last name. */
		size_t hits = 0;

		n = gazetteer_find(&r->x->gaz, nk.data, owners, MAX_OWNERS);
		for (size_t i = 0; i < n && i < MAX_OWNERS; i++) {
			if (entry_has_name(owners[i], lk.data)) {
				g = owners[i];
				hits++;
			}
		}
		if (hits != 1)
			g = NULL;
	}
	if (g)
		rc = entity_of_entry(r, g, index);
	else if (latin_type(p->latin))
		rc = entity_new(r, "latin:", lk.data, p->latin, latin_type(p->latin), index);
	else
		goto done;
	if (!rc && g && !gazetteer_list_has(g->forms, g->n_forms, nk.data)) {
		/* The pair's Chinese side may hold words before the name
		 * (美國智庫美國企業研究院, 舊金山亞太經合會): keep the entry's
		 * longest form it ends with.  A person's new transliteration
		 * (克里 for John Kerry) is kept whole; an institution's
		 * unknown form is not trusted. */
		size_t best = 0;

		for (size_t i = 0; i < g->n_forms; i++) {
			size_t fl = strlen(g->forms[i]);

			if (fl > best && fl < nk.len && !memcmp(nk.data + nk.len - fl, g->forms[i], fl))
				best = fl;
		}
		if (best) {
			memmove(nk.data, nk.data + nk.len - best, best + 1);
			nk.len = best;
		} else if (strcmp(g->type, "person"))
			nk.len = 0;
	}
	if (!rc && nk.len)
		rc = add_local(r, nk.data, *index);
	if (!rc)
		rc = add_local(r, lk.data, *index);
done:
	buf_release(&nk);
	buf_release(&lk);
	return rc;
}

static int scan_pairs(struct run *r)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < r->d->n_names && !rc; i++) {
		size_t index;

		rc = pair_entity(r, &r->d->names[i], &index);
	}
	return rc;
}

/* ---- (2) names after titles: 國務卿布林肯, 中國外長王毅 -------------------------- */

static uint32_t cp_at(const struct folded *fo, size_t at, size_t *next)
{
	size_t pos = at;
	int32_t cp = utf8_next(fo->f.data, fo->f.len, &pos);

	*next = pos;
	return cp < 0 ? 0 : (uint32_t)cp;
}

static int is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The dots that join the parts of a foreign name: 約翰‧基, 拉吉納特·辛格. */
static int is_name_dot(uint32_t cp)
{
	return cp == 0x00B7 || cp == 0x2027 || cp == 0x30FB || cp == 0x2022 || cp == 0xFF65;
}

/*
 * The separator that folding turned into the space at folded byte `sp`,
 * when it was one character right before what follows (· in 約翰·基, 、 in
 * 文在寅、安倍晉三); 0 otherwise.
 */
static uint32_t separator_at(const struct run *r, const struct folded *fo, size_t sp)
{
	size_t from, to, back, pos;
	int32_t cp;

	if (sp + 1 >= fo->f.len || fo->f.data[sp] != ' ')
		return 0;
	orig_span(r->x->text, fo, sp, &from, &to);
	back = from; /* the code point just before what follows the space */
	while (back > 0 && ((unsigned char)fo->orig[--back] & 0xC0) == 0x80)
		;
	pos = back;
	cp = utf8_next(fo->orig, fo->orig_len, &pos);
	return back < from && pos == from && cp > 0 ? (uint32_t)cp : 0;
}

/* A day or month in Han numerals at f[at..) (三日, 十二月): no part of a name. */
static int is_han_date_at(const struct folded *fo, size_t at)
{
	static const uint32_t digits[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
					   0x4E03, 0x516B, 0x4E5D, 0x5341, 0x5EFF, 0x5345, 0x4E24 };
	size_t pos = at, n = 0;

	while (pos < fo->f.len) {
		size_t next, k = 0;
		uint32_t cp = cp_at(fo, pos, &next);

		while (k < sizeof digits / sizeof digits[0] && digits[k] != cp)
			k++;
		if (k == sizeof digits / sizeof digits[0])
			return n && (cp == 0x65E5 /* 日 */ || cp == 0x6708 /* 月 */ ||
				     cp == 0x53F7 /* 号 */ || cp == 0x65F6 /* 时 */);
		n++;
		pos = next;
	}
	return 0;
}

/* A gazetteer form of two characters or more at f[at..) (陳以信|台北時間). */
static int gazetteer_form_at(const struct run *r, const struct folded *fo, size_t at)
{
	const char *keys[TRIE_MATCHES_MAX];
	size_t lens[TRIE_MATCHES_MAX];
	size_t n = gazetteer_match(&r->x->gaz, fo->f.data, at, fo->f.len, keys, lens,
				   TRIE_MATCHES_MAX);

	for (size_t i = 0; i < n; i++) {
		if (lens[i] >= 6 && matches_at(fo, at, keys[i], lens[i]))
			return 1;
	}
	return 0;
}

/* Is folded f[at..at+len) a form the gazetteer has? */
static int gazetteer_has_exactly(const struct run *r, const struct folded *fo, size_t at,
				 size_t len)
{
	const char *keys[TRIE_MATCHES_MAX];
	size_t lens[TRIE_MATCHES_MAX];
	size_t n = gazetteer_match(&r->x->gaz, fo->f.data, at, fo->f.len, keys, lens,
				   TRIE_MATCHES_MAX);

	for (size_t i = 0; i < n; i++) {
		if (lens[i] == len)
			return 1;
	}
	return 0;
}

/* Does a name read from f[..at) end before f[at..)?  A stop word, a title
 * (王毅|外長), a date (鐵歐多洛|三日), a known place come after names. */
static int ends_name_at(const struct run *r, const struct folded *fo, size_t at)
{
	return list_at(&r->x->stop, fo, at) || list_at(&r->x->title, fo, at) ||
	       list_at(&r->x->meet, fo, at) || is_han_date_at(fo, at) ||
	       gazetteer_form_at(r, fo, at);
}

#define NAME_PART_MAX 6  /* characters read for one part of a name */
#define NAME_PARTS_MAX 5

/*
 * A dotted foreign name's parts after the first, from the dot at f[sp]:
 * each made of transliteration characters only (the name ends at the
 * first other one: 基爾·斯塔默|在).  Adds the characters read to *total;
 * returns where the name ends, or 0 when no part follows.
 */
static size_t read_dotted_rest(const struct run *r, const struct folded *fo, size_t sp,
			       size_t *total)
{
	size_t end = 0, parts = 1;

	while (parts < NAME_PARTS_MAX && is_name_dot(separator_at(r, fo, sp))) {
		size_t pos = sp + 1, n = 0;

		while (pos < fo->f.len && n < NAME_PART_MAX) {
			size_t next;
			uint32_t cp = cp_at(fo, pos, &next);

			if (!is_han(cp) || !set_has(&r->x->translit, cp))
				break;
			n++;
			pos = next;
		}
		if (!n)
			break;
		*total += n;
		end = sp = pos;
		parts++;
	}
	return end;
}

#define COUNT_MAX 64
#define COUNT_WINDOW (64 * 1024) /* bytes searched either side in a long part */

/*
 * How many times folded f[at..at+len) occurs in the document (up to
 * COUNT_MAX): in every part of a document of ordinary length, within
 * COUNT_WINDOW of it in a long part (a search of the whole at every title
 * would cost the square of a big document's length).
 */
static size_t count_in_doc(const struct run *r, const struct folded *fo, size_t at, size_t len)
{
	const char *key = fo->f.data + at;
	size_t count = 0, total = 0;

	for (size_t p = 0; p < r->n_parts; p++)
		total += r->parts[p].f.len;
	for (size_t p = 0; p < r->n_parts && count < COUNT_MAX; p++) {
		const struct folded *in = &r->parts[p];
		size_t from = 0, to = in->f.len;

		if (total > 4 * COUNT_WINDOW) {
			if (in != fo)
				continue;
			from = at > COUNT_WINDOW ? at - COUNT_WINDOW : 0;
			to = at + len + COUNT_WINDOW < in->f.len ? at + len + COUNT_WINDOW : in->f.len;
		}
		for (size_t i = from; i + len <= to && count < COUNT_MAX; i++) {
			if (in->f.data[i] == key[0] && !memcmp(in->f.data + i, key, len)) {
				count++;
				i += len - 1;
			}
		}
	}
	return count;
}

/*
 * The name at the start of a run too long to be one, ends[k] the end of
 * its first k characters: the longest start of from..to characters that
 * the document writes twice or more, and more often than with the next
 * character after it (朴炳錫 twice, 朴炳錫近 once; not 吳謙會, always
 * followed by 後).  0 when none.
 */
static size_t repeated_start(const struct run *r, const struct folded *fo, const size_t *ends,
			     size_t from, size_t to, size_t n)
{
	size_t after = to < n ? count_in_doc(r, fo, ends[0], ends[to + 1] - ends[0]) : 0;

	for (size_t k = to; k >= from && k > 0; k--) {
		size_t count = count_in_doc(r, fo, ends[0], ends[k] - ends[0]);

		if (count >= 2 && count > after)
			return k;
		after = count;
	}
	return 0;
}

/* The family name a new name starts with at f[at..): its characters (0: none). */
static size_t surname_at(const struct run *r, const struct folded *fo, size_t at)
{
	size_t len = list_at(&r->x->surname_words, fo, at), next;

	if (len)
		return utf8_length(fo->f.data + at, len);
	return set_has(&r->x->surname, cp_at(fo, at, &next));
}

enum name_shape {
	NAME_NONE,
	NAME_PLAIN,  /* the whole run read is the name */
	NAME_DOTTED, /* a dotted foreign name */
	NAME_START,  /* the name is the start of a longer run */
};

/*
 * A new name read at f[at..): Han characters up to a stop word, a title,
 * a date, a known place or anything else, then judged by its shape:
 *
 * - a Chinese, Korean or Vietnamese name: a surname and one or two more
 *   characters (王毅, 阮富仲); a name with a family name of two (小泉進次郎,
 *   歐陽修): up to two more, three when the document writes it twice;
 * - a transliterated name: two to five transliteration characters;
 * - a dotted foreign name (約翰‧基): its first part mostly
 *   transliteration characters, the others only them;
 * - a run too long for any of these, when its start is such a name that
 *   the document writes again (朴炳錫|近期), or two or more
 *   three transliteration characters or more before another character
 *   (扎里夫|轉抵).
 *
 * Its end in *end; NAME_NONE when none.
 */
static enum name_shape read_new_name(const struct run *r, const struct folded *fo, size_t at,
				     size_t *end)
{
	size_t pos = at, n = 0, translit = 0, lead = 0, total, dotted_end;
	size_t sur = surname_at(r, fo, at), ends[NAME_PART_MAX + 1];

	*end = at;
	if (list_at(&r->x->notname, fo, at))
		return NAME_NONE;
	ends[0] = at;
	while (pos < fo->f.len && n < NAME_PART_MAX) {
		size_t next;
		uint32_t cp = cp_at(fo, pos, &next);

		if (!is_han(cp))
			break;
		if (n >= 2 && ends_name_at(r, fo, pos)) {
			/* 王偉中|會面: a name's third character alone may read as a stop word */
			size_t after = next;
			uint32_t ca = cp_at(fo, after, &after);

			if (!(n == 2 && sur == 1 && set_has(&r->x->namechar, cp) &&
			      (!is_han(ca) || ends_name_at(r, fo, next))))
				break;
		}
		if (set_has(&r->x->translit, cp)) {
			translit++;
			lead += lead == n;
		}
		n++;
		ends[n] = pos = next;
	}
	*end = pos;
	total = n;
	if (n && pos < fo->f.len && fo->f.data[pos] == ' ') {
		dotted_end = read_dotted_rest(r, fo, pos, &total);
		if (dotted_end) {
			*end = dotted_end;
			return total >= 3 && n <= 5 && 3 * translit >= 2 * n ? NAME_DOTTED
										: NAME_NONE;
		}
	}
	if (n >= 2 && sur == 1 && n <= 3)
		return NAME_PLAIN;
	if (n >= 2 && sur == 2 && n <= 4)
		return NAME_PLAIN;
	if (n >= 2 && translit == n && n <= 5) {
		/* 阿拉格齊|明訪華: the start the document writes again, when the
		 * whole is written once */
		size_t k = count_in_doc(r, fo, at, pos - at) < 2
				   ? repeated_start(r, fo, ends, 2, n - 1, n)
				   : 0;

		*end = k ? ends[k] : pos;
		return NAME_PLAIN;
	}
	/* Too long: a shorter name at its start. */
	if (sur) {
		size_t most = sur + (sur == 2 ? 3 : 2), k;

		k = repeated_start(r, fo, ends, sur + 1, most < n ? most : n, n);
		if (k) {
			*end = ends[k];
			return NAME_START;
		}
	}
	if (lead >= 3 && lead < n) {
		*end = ends[lead < 5 ? lead : 5];
		return NAME_START;
	}
	*end = pos;
	return NAME_NONE;
}

/*
 * The gazetteer's person a dotted name's last part names, as that part
 * alone would be read here (安東尼奧·古特雷斯 is 古特雷斯); NULL when none.
 */
static const struct gazetteer_entry *dotted_surname_entry(struct run *r, const char *folded)
{
	const char *last = strrchr(folded, ' ');
	const struct gazetteer_entry *owners[MAX_OWNERS];

	if (!last || !gazetteer_find(&r->x->gaz, last + 1, owners, MAX_OWNERS))
		return NULL;
	return pick_form(r, last + 1, "person");
}

/* A new person for the name at folded [from, to), shown as the original;
 * a dotted one whose last part the gazetteer knows is that person. */
static int new_person(struct run *r, size_t part, size_t from, size_t to, size_t *index)
{
	const struct folded *fo = &r->parts[part];
	const struct gazetteer_entry *g;
	struct buf name = BUF_INIT;
	size_t os, oe, ignored;
	char *shown;
	int rc = fold(r, fo->f.data + from, to - from, &name);

	if (rc) {
		buf_release(&name);
		return rc;
	}
	g = dotted_surname_entry(r, name.data);
	if (g) {
		buf_release(&name);
		return entity_of_entry(r, g, index);
	}
	orig_span(r->x->text, fo, from, &os, &ignored);
	orig_span(r->x->text, fo, to - 1, &ignored, &oe);
	shown = strndup(fo->orig + os, oe - os);
	rc = shown ? entity_new(r, "name:", name.data, shown, "person", index) : DOSSIER_ENOMEM;
	free(shown);
	buf_release(&name);
	return rc;
}

/* Is `key` a short form of the entry's name, the start of a longer one
 * (岸田 of 岸田文雄)? */
static int is_short_form(const struct gazetteer_entry *g, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; i < g->n_forms; i++) {
		if (strlen(g->forms[i]) > len && !strncmp(g->forms[i], key, len))
			return 1;
	}
	return 0;
}

/*
 * The person named at f[at..) after a title or a verb of meeting: one the
 * document or the gazetteer knows (longest first), else a new name by its
 * shape.  Adds the candidate; its end in *end, 0 when none.
 */
static int is_latin_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/*
 * A Latin name at folded f[at..): two to four words of letters (with ' -
 * . inside), one space between, ending where the Latin text ends (not in
 * a longer run of words or digits).  Its end in *end; 0 when none.
 */
static int latin_name_at(const struct folded *fo, size_t at, size_t *end)
{
	size_t pos = at, words = 0;

	*end = 0;
	while (pos < fo->f.len && words < 5) {
		size_t start = pos;

		while (pos < fo->f.len && (is_latin_letter((unsigned char)fo->f.data[pos]) ||
					   (pos > start && strchr("'-.", fo->f.data[pos]))))
			pos++;
		if (pos - start < 2)
			return 0;
		words++;
		if (pos + 1 < fo->f.len && fo->f.data[pos] == ' ' &&
		    is_latin_letter((unsigned char)fo->f.data[pos + 1]))
			pos++;
		else
			break;
	}
	if (words < 2 || words > 4 ||
	    (pos < fo->f.len && (is_latin_letter((unsigned char)fo->f.data[pos]) ||
				 (fo->f.data[pos] >= '0' && fo->f.data[pos] <= '9'))))
		return 0;
	*end = pos;
	return 1;
}

/*
 * The person a Latin name at folded [from, to) names: the gazetteer's
 * entry, else a new one keyed as a pair's Latin side is; *index SIZE_MAX
 * when the name is no person's (an organisation's, a ship's).
 */
static int latin_person(struct run *r, const struct folded *fo, size_t from, size_t to,
			size_t *index)
{
	const struct gazetteer_entry *owners[MAX_OWNERS], *g = NULL;
	size_t os, oe, ignored;
	char *shown;
	const char *type;
	int rc = DOSSIER_OK;

	*index = SIZE_MAX;
	orig_span(r->x->text, fo, from, &os, &ignored);
	orig_span(r->x->text, fo, to - 1, &ignored, &oe);
	if (!(shown = strndup(fo->orig + os, oe - os)))
		return DOSSIER_ENOMEM;
	type = latin_type(shown);
	if (type && !strcmp(type, "person")) {
		struct buf key = BUF_INIT;

		rc = fold(r, fo->f.data + from, to - from, &key);
		if (!rc && gazetteer_find(&r->x->gaz, key.data, owners, MAX_OWNERS))
			g = pick_form(r, key.data, "person");
		if (!rc)
			rc = g ? entity_of_entry(r, g, index)
			       : entity_new(r, "latin:", key.data, shown, "person", index);
		buf_release(&key);
	}
	free(shown);
	return rc;
}

static int person_after(struct run *r, size_t part, size_t at, int after_meet, size_t *end)
{
	const struct folded *fo = &r->parts[part];
	struct trie_match found_keys[TRIE_MATCHES_MAX];
	const struct local *loc = NULL;
	struct buf name = BUF_INIT;
	size_t index = 0, n;
	int found = 0, rc = DOSSIER_OK;

	*end = 0;
	n = trie_prefixes(&r->local_keys, fo->f.data, at, fo->f.len, found_keys, TRIE_MATCHES_MAX);
	while (n-- > 0 && !loc) {
		const struct local *l = &r->locals[found_keys[n].value];

		if (matches_at(fo, at, l->key, l->len) &&
		    !strcmp(r->d->entities[l->entity].type, "person"))
			loc = l;
	}
	if (loc) {
		index = loc->entity;
		*end = at + loc->len;
		found = 1;
	} else {
		const char *keys[TRIE_MATCHES_MAX];
		size_t lens[TRIE_MATCHES_MAX];

		size_t longer = 0;

		/* A short form the gazetteer knows at the start of a longer new
		 * name is not that name (岸田|裕子 is not 岸田文雄; but 吳謙|會後
		 * is 吳謙). */
		if (surname_at(r, fo, at) && read_new_name(r, fo, at, &longer) != NAME_PLAIN)
			longer = 0;
		n = gazetteer_match(&r->x->gaz, fo->f.data, at, fo->f.len, keys, lens,
				    TRIE_MATCHES_MAX);
		for (size_t i = 0; i < n && !found; i++) {
			const struct gazetteer_entry *g;

			if (!matches_at(fo, at, keys[i], lens[i]))
				continue;
			g = pick_form(r, keys[i], "person");
			if (g && at + lens[i] < longer && is_short_form(g, keys[i]))
				continue;
			if (g) {
				rc = entity_of_entry(r, g, &index);
				*end = at + lens[i];
				found = !rc;
			}
		}
	}
	/* A name in Latin letters right after a title (首席執行官Ross Wraight,
	 * 國務卿Antony Blinken): as a pair's Latin side would be read. */
	if (!found && !rc && !after_meet && latin_name_at(fo, at, end))
		rc = latin_person(r, fo, at, *end, &index), found = !rc && index != SIZE_MAX;
	/* After a verb of meeting, a new name before a title is the title's
	 * country (會見肯尼亞|總統), unless it starts with a surname. */
	if (!found && !rc && read_new_name(r, fo, at, end) &&
	    !(after_meet && !surname_at(r, fo, at) && list_at(&r->x->title, fo, *end)))
		rc = new_person(r, part, at, *end, &index), found = !rc;
	if (found && !rc) {
		rc = fold(r, fo->f.data + at, *end - at, &name);
		if (!rc)
			rc = add_local(r, name.data, index);
		if (!rc)
			rc = add_cand(r, part, at, *end, index, SRC_TITLE);
	}
	buf_release(&name);
	if (!found)
		*end = 0;
	return rc;
}

/* The start of the character before folded byte `at` (at > 0). */
static size_t char_before(const struct folded *fo, size_t at)
{
	while (at > 0 && ((unsigned char)fo->f.data[--at] & 0xC0) == 0x80)
		;
	return at;
}

/*
 * Can a name start at f[at..)?  At the start, after anything but a Han
 * character, or right after a stop word or a verb of meeting (和|阮富仲,
 * 會見|基爾·斯塔默).
 */
static int name_may_start(const struct run *r, const struct folded *fo, size_t at)
{
	size_t back = at, next;

	if (!at || !is_han(cp_at(fo, char_before(fo, at), &next)))
		return 1;
	for (int k = 0; k < 4 && back > 0; k++) {
		back = char_before(fo, back);
		if (list_at(&r->x->stop, fo, back) == at - back ||
		    list_at(&r->x->meet, fo, back) == at - back)
			return 1;
	}
	return 0;
}

/* Does a stop word or a verb of meeting start in folded [from, to)
 * (中方|拒絕|防長 holds no name)? */
static int has_word_within(const struct run *r, const struct folded *fo, size_t from, size_t to)
{
	for (size_t at = from; at < to; at++) {
		if (list_at(&r->x->stop, fo, at) || list_at(&r->x->meet, fo, at))
			return 1;
	}
	return 0;
}

/*
 * A Chinese name right before a title (和阮富仲|總書記, 由李強|總理): a
 * surname and one or two more characters, starting where a name may
 * start, neither a country nor a known form of something else (韓國|總統),
 * and not before a title of a city's or province's office (高雄|市長).
 */
static int person_before(struct run *r, size_t part, size_t title_at, size_t title_len)
{
	static const uint32_t place_ends[] = {
		0x56FD /* 国 */, 0x65B9 /* 方 */, 0x7701 /* 省 */, 0x5E02 /* 市 */, 0x5DDE /* 州 */,
		0x53BF /* 县 */, 0x5C9B /* 岛 */, 0x533A /* 区 */, 0x90E8 /* 部 */, 0x9662 /* 院 */,
		0x4F1A /* 会 */, 0x515A /* 党 */, 0x519B /* 军 */, 0x5E9C /* 府 */, 0x5C40 /* 局 */,
		0x5BB6 /* 家 */, 0x59D4 /* 委 */, 0x5171 /* 共 */,
	};
	const struct folded *fo = &r->parts[part];
	size_t next, from = title_at, index;
	uint32_t first = cp_at(fo, title_at, &next);
	int rc = DOSSIER_OK;

	(void)title_len;
	for (size_t k = 0; k < sizeof place_ends / sizeof place_ends[0]; k++) {
		if (first == place_ends[k])
			return DOSSIER_OK; /* 市長, 省長, 州長: the name before is a place */
	}
	for (size_t chars = 1; chars <= 3 && from > 0; chars++) {
		uint32_t cp;

		from = char_before(fo, from);
		cp = cp_at(fo, from, &next);
		if (!is_han(cp))
			return DOSSIER_OK;
		if (chars == 1) {
			for (size_t k = 0; k < sizeof place_ends / sizeof place_ends[0]; k++) {
				if (cp == place_ends[k])
					return DOSSIER_OK;
			}
			continue;
		}
		if (set_has(&r->x->surname, cp) && name_may_start(r, fo, from) &&
		    !has_word_within(r, fo, next, title_at) &&
		    !list_at(&r->x->country, fo, next) && !gazetteer_form_at(r, fo, next) &&
		    !list_at(&r->x->notname, fo, from) &&
		    list_at(&r->x->country, fo, from) != title_at - from &&
		    !list_at(&r->x->stop, fo, from) && !gazetteer_form_at(r, fo, from) &&
		    !list_at(&r->x->title, fo, from)) {
			struct buf key = BUF_INIT;
			const struct local *l;

			rc = fold(r, fo->f.data + from, title_at - from, &key);
			l = rc ? NULL : local_of(r, key.data);
			if (!rc && l) {
				index = l->entity;
			} else if (!rc) {
				rc = new_person(r, part, from, title_at, &index);
				if (!rc)
					rc = add_local(r, key.data, index);
			}
			if (!rc)
				rc = add_cand(r, part, from, title_at, index, SRC_TITLE);
			buf_release(&key);
			return rc;
		}
	}
	return rc;
}

/* Names after titles and verbs of meeting, a list of them joined by 、
 * (會見文在寅、安倍晉三、杜特爾特), and Chinese names before titles. */
static int scan_titles(struct run *r, size_t part)
{
	const struct folded *fo = &r->parts[part];
	size_t at = 0;
	int rc = DOSSIER_OK;

	while (at < fo->f.len && !rc) {
		size_t tl = list_at(&r->x->title, fo, at), end = 0, name_at;
		int is_title = tl > 0;

		if (tl)
			rc = person_before(r, part, at, tl);
		else
			tl = list_at(&r->x->meet, fo, at);
		if (!tl || rc) {
			at++;
			continue;
		}
		name_at = at + tl;
		while (!rc) {
			rc = person_after(r, part, name_at, !is_title, &end);
			if (rc || !end || separator_at(r, fo, end) != 0x3001 /* 、 */)
				break;
			name_at = end + 1;
		}
		at = end ? end : at + tl;
	}
	return rc;
}

/* Is folded [from, to) a form the document has taught? */
static int known_locally(const struct run *r, const struct folded *fo, size_t from, size_t to)
{
	return trie_get(&r->local_keys, fo->f.data + from, to - from) != TRIE_NONE;
}

/* Dotted foreign names where a name may start, with no title before them
 * (…，邁克·加拉格爾等美國議員). */
static int scan_dotted(struct run *r, size_t part)
{
	const struct folded *fo = &r->parts[part];
	size_t at = 0;
	int rc = DOSSIER_OK;

	while (at < fo->f.len && !rc) {
		size_t next, end, index;

		cp_at(fo, at, &next);
		if (next <= at)
			next = at + 1;
		if (set_has(&r->x->translit, cp_at(fo, at, &next)) && name_may_start(r, fo, at) &&
		    !list_at(&r->x->title, fo, at) && !list_at(&r->x->stop, fo, at) &&
		    !list_at(&r->x->meet, fo, at) && read_new_name(r, fo, at, &end) == NAME_DOTTED) {
			/* one the gazetteer or the document knows is theirs */
			if (!gazetteer_form_at(r, fo, at) && !known_locally(r, fo, at, end)) {
				rc = new_person(r, part, at, end, &index);
				if (!rc)
					rc = add_cand(r, part, at, end, index, SRC_TITLE);
			}
			at = end;
			continue;
		}
		at = next > at ? next : at + 1;
	}
	return rc;
}

/* ---- (3) quoted forums: 「香格里拉對話」, 《…峰會》 ------------------------------ */

static int is_open_quote(uint32_t cp)
{
	return cp == 0x300C || cp == 0x300E || cp == 0x300A || cp == 0x201C;
}

static uint32_t closing_of(uint32_t cp)
{
	return cp == 0x300C ? 0x300D : cp == 0x300E ? 0x300F : cp == 0x300A ? 0x300B : 0x201D;
}

static int ends_with_forum_word(const struct run *r, const char *key, size_t len)
{
	for (size_t i = 0; i < r->x->forum.n; i++) {
		size_t wl = strlen(r->x->forum.items[i]);

		if (wl < len && !memcmp(key + len - wl, r->x->forum.items[i], wl))
			return 1;
	}
	return 0;
}

static int scan_forums(struct run *r, size_t part)
{
	const char *s = r->parts[part].orig;
	size_t len = strlen(s), pos = 0;
	struct buf key = BUF_INIT;
	int rc = DOSSIER_OK;

	while (pos < len && !rc) {
		int32_t cp = utf8_next(s, len, &pos);
		size_t start = pos, end = pos, chars = 0;
		uint32_t close;
		int ok = 1;

		if (cp < 0 || !is_open_quote((uint32_t)cp))
			continue;
		close = closing_of((uint32_t)cp);
		while (end < len) {
			size_t at = end;
			int32_t c = utf8_next(s, len, &end);

			if (c == (int32_t)close) {
				end = at;
				break;
			}
			/* A forum's name is short and holds no particles: 「…的…對話」 is a quotation. */
			if (c < 0 || c == '\n' || c == 0x3002 || c == 0xFF0C || c == 0x7684 /* 的 */ ||
			    c == 0x4E86 /* 了 */ || c == 0x5728 /* 在 */ || c == 0x662F /* 是 */ ||
			    ++chars > 16) {
				ok = 0;
				break;
			}
		}
		if (!ok || end >= len || chars < 3)
			continue;
		rc = fold(r, s + start, end - start, &key);
		if (!rc && key.len && ends_with_forum_word(r, key.data, key.len) &&
		    !local_of(r, key.data)) {
			const struct gazetteer_entry *owners[MAX_OWNERS], *g;
			size_t n = gazetteer_find(&r->x->gaz, key.data, owners, MAX_OWNERS), index;
			char *shown;

			g = n ? pick_form(r, key.data, NULL) : NULL;
			if (g) {
				rc = entity_of_entry(r, g, &index);
			} else if (!n) {
				shown = strndup(s + start, end - start);
				rc = shown ? entity_new(r, "forum:", key.data, shown, "forum", &index)
					   : DOSSIER_ENOMEM;
				free(shown);
			} else {
				continue;
			}
			if (!rc)
				rc = add_local(r, key.data, index);
		}
		pos = end;
	}
	buf_release(&key);
	return rc;
}

/* ---- (4) the gazetteer, (5) country + organ, and the document's own names ---------- */

static int scan_gazetteer(struct run *r, size_t part)
{
	const struct folded *fo = &r->parts[part];
	size_t at = 0;
	int rc = DOSSIER_OK;

	while (at < fo->f.len && !rc) {
		const char *keys[TRIE_MATCHES_MAX];
		size_t lens[TRIE_MATCHES_MAX], next;
		/* each form once, however many entries share it (pick_form decides) */
		size_t n = gazetteer_match(&r->x->gaz, fo->f.data, at, fo->f.len, keys, lens,
					   TRIE_MATCHES_MAX);

		for (size_t i = 0; i < n && !rc; i++) {
			const struct gazetteer_entry *g;
			size_t index;

			if (!matches_at(fo, at, keys[i], lens[i]))
				continue;
			g = pick_form(r, keys[i], NULL);
			if (!g)
				continue;
			rc = entity_of_entry(r, g, &index);
			if (!rc)
				rc = add_cand(r, part, at, at + lens[i], index, SRC_GAZETTEER);
		}
		cp_at(fo, at, &next);
		at = next > at ? next : at + 1;
	}
	return rc;
}

/*
 * Is an organ ending at folded byte `end` the start of an office, X部 of
 * X部部長 (外交部|部長 names the minister's office, not the ministry)?
 */
static int organ_is_office(const struct run *r, const struct folded *fo, size_t end)
{
	size_t tl = list_at(&r->x->title, fo, end), last = char_before(fo, end), next;

	return tl && cp_at(fo, last, &next) == cp_at(fo, end, &next);
}

/*
 * Does an organ at f[at..at+len) go on into another word: X部門 (a
 * department of anything), 第三國|會面 (a stop word or a verb of meeting
 * starts inside it and ends past it)?
 */
static int organ_runs_on(const struct run *r, const struct folded *fo, size_t at, size_t len)
{
	size_t next;
	uint32_t after = at + len < fo->f.len ? cp_at(fo, at + len, &next) : 0;

	if (after == 0x9580 /* 門 */ || after == 0x95E8 /* 门 */)
		return 1;
	for (size_t p = at + 1; p < at + len; p++) {
		size_t wl = list_at(&r->x->stop, fo, p);

		if (!wl)
			wl = list_at(&r->x->meet, fo, p);
		if (wl && p + wl > at + len)
			return 1;
	}
	return 0;
}

/* A country + organ at f[at..) (中國國防部, 英國工黨): its length, 0 if none. */
static size_t organ_at(const struct run *r, const struct folded *fo, size_t at)
{
	size_t cl = list_at(&r->x->country, fo, at), ol = 0;

	if (cl)
		ol = list_at(&r->x->organ, fo, at + cl);
	if (ol && !organ_is_office(r, fo, at + cl + ol) && !organ_runs_on(r, fo, at, cl + ol))
		return cl + ol;
	return 0;
}

static int scan_organs(struct run *r, size_t part)
{
	const struct folded *fo = &r->parts[part];
	struct buf key = BUF_INIT;
	size_t at = 0;
	int rc = DOSSIER_OK;

	while (at < fo->f.len && !rc) {
		size_t len = organ_at(r, fo, at), next;

		/* one the gazetteer knows is the gazetteer's (中共中央外辦) */
		if (len && !gazetteer_has_exactly(r, fo, at, len)) {
			size_t os, oe, index, ignored;
			char *shown;

			orig_span(r->x->text, fo, at, &os, &ignored);
			orig_span(r->x->text, fo, at + len - 1, &ignored, &oe);
			shown = strndup(fo->orig + os, oe - os);

			rc = shown ? fold(r, fo->f.data + at, len, &key) : DOSSIER_ENOMEM;
			if (!rc)
				rc = entity_new(r, "org:", key.data, shown, "org", &index);
			if (!rc)
				rc = add_cand(r, part, at, at + len, index, SRC_ORGAN);
			free(shown);
		}
		cp_at(fo, at, &next);
		at = next > at ? next : at + 1;
	}
	buf_release(&key);
	return rc;
}

/*
 * The organisation a document means by an organ named alone (國防部,
 * 外交部發言人): the one it names in full with that organ at the end
 * (美國國防部 … 國防部) when there is one only; else the organ itself.
 * The entity, or SIZE_MAX for none or several, in *entity.
 */
static void body_owner(const struct run *r, const char *word, size_t len, size_t *entity)
{
	*entity = SIZE_MAX;
	for (size_t i = 0; i < r->n_cands; i++) {
		const struct cand *c = &r->cands[i];
		const struct folded *fo = &r->parts[c->part];

		if (c->fe - c->fs <= len || memcmp(fo->f.data + c->fe - len, word, len) ||
		    strcmp(r->d->entities[c->entity].type, "org"))
			continue;
		if (*entity != SIZE_MAX && *entity != c->entity) {
			*entity = SIZE_MAX; /* several: none of them */
			return;
		}
		*entity = c->entity;
	}
}

/* An organ named alone, where it stands. */
struct body_at {
	size_t part, at, len;
};

/* Organ words already resolved in this document: the owner of each is
 * looked for once, not once per mention (a long text names 外交部 in
 * every paragraph, and body_owner reads every candidate). */
struct body_seen {
	const char *word;
	size_t len, entity;
};

/* Every organ named alone in the document's parts, in *found. */
static int find_bodies(const struct run *r, struct body_at **found, size_t *n)
{
	size_t cap = 0;

	*found = NULL;
	*n = 0;
	for (size_t part = 0; part < r->n_parts; part++) {
		const struct folded *fo = &r->parts[part];

		for (size_t at = 0, next; at < fo->f.len; at = next > at ? next : at + 1) {
			size_t len = list_at(&r->x->body, fo, at);

			cp_at(fo, at, &next);
			if (!len || organ_is_office(r, fo, at + len) || organ_runs_on(r, fo, at, len))
				continue;
			if (*n == cap) {
				struct body_at *grown = realloc(*found, (cap ? cap * 2 : 16) * sizeof *grown);

				if (!grown)
					return DOSSIER_ENOMEM;
				*found = grown;
				cap = cap ? cap * 2 : 16;
			}
			(*found)[(*n)++] = (struct body_at){ part, at, len };
			next = at + len;
		}
	}
	return DOSSIER_OK;
}

/* The entity organ word f[at..at+len) stands for: its owner, else a new
 * organisation of its own. */
static int body_entity(struct run *r, const struct folded *fo, size_t at, size_t len,
		       size_t *index)
{
	struct buf key = BUF_INIT;
	size_t os, oe, ignored;
	char *shown;
	int rc;

	body_owner(r, fo->f.data + at, len, index);
	if (*index != SIZE_MAX)
		return DOSSIER_OK;
	orig_span(r->x->text, fo, at, &os, &ignored);
	orig_span(r->x->text, fo, at + len - 1, &ignored, &oe);
	shown = strndup(fo->orig + os, oe - os);
	rc = shown ? fold(r, fo->f.data + at, len, &key) : DOSSIER_ENOMEM;
	if (!rc)
		rc = entity_new(r, "org:", key.data, shown, "org", index);
	free(shown);
	buf_release(&key);
	return rc;
}

/* Organs named alone, after every other candidate is known. */
static int scan_bodies(struct run *r)
{
	struct body_at *found;
	struct body_seen *seen = NULL;
	size_t n, n_seen = 0;
	int rc = find_bodies(r, &found, &n);

	if (!rc && n && !(seen = malloc(n * sizeof *seen)))
		rc = DOSSIER_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct folded *fo = &r->parts[found[i].part];
		const char *word = fo->f.data + found[i].at;
		size_t len = found[i].len, k = 0;

		while (k < n_seen && !(seen[k].len == len && !memcmp(seen[k].word, word, len)))
			k++;
		if (k == n_seen) {
			seen[k] = (struct body_seen){ word, len, SIZE_MAX };
			rc = body_entity(r, fo, found[i].at, len, &seen[k].entity);
			n_seen++;
		}
		if (!rc)
			rc = add_cand(r, found[i].part, found[i].at, found[i].at + len, seen[k].entity,
				      SRC_ORGAN);
	}
	free(seen);
	free(found);
	return rc;
}

static int scan_locals(struct run *r, size_t part)
{
	const struct folded *fo = &r->parts[part];
	size_t at = 0;
	int rc = DOSSIER_OK;

	while (at < fo->f.len && !rc) {
		struct trie_match found[TRIE_MATCHES_MAX];
		size_t next, n = trie_prefixes(&r->local_keys, fo->f.data, at, fo->f.len, found,
					       TRIE_MATCHES_MAX);

		for (size_t i = 0; i < n && !rc; i++) {
			const struct local *l = &r->locals[found[i].value];

			if (matches_at(fo, at, l->key, l->len))
				rc = add_cand(r, part, at, at + l->len, l->entity, SRC_LOCAL);
		}
		cp_at(fo, at, &next);
		at = next > at ? next : at + 1;
	}
	return rc;
}

/* ---- choosing ------------------------------------------------------------------------- */

/*
 * Does [fs, fe) end inside a title word (美國國防部|長, 參謀長聯席會議|主席)?
 * Then it is part of the title, not a name of its own.
 */
static int ends_in_title(const struct run *r, const struct cand *c)
{
	const struct folded *fo = &r->parts[c->part];

	if (c->src == SRC_TITLE || c->src == SRC_LOCAL)
		return 0;
	/* an organ followed by a title of its own is a word (美國國會|議員) */
	if (c->src == SRC_ORGAN && list_at(&r->x->title, fo, c->fe))
		return 0;
	for (size_t at = c->fs; at < c->fe; at++) {
		size_t tl = list_at(&r->x->title, fo, at);

		if (tl && at + tl > c->fe)
			return 1;
	}
	return 0;
}

static int cand_order(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	size_t la = a->fe - a->fs, lb = b->fe - b->fs;

	if (la != lb)
		return la > lb ? -1 : 1;
	if (a->src != b->src)
		return a->src > b->src ? -1 : 1;
	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	return a->fs < b->fs ? -1 : a->fs > b->fs;
}

static int text_order(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	return a->fs < b->fs ? -1 : a->fs > b->fs;
}

/* Bytes of the folded parts already taken by a kept candidate, one bit each. */
struct taken {
	unsigned char *bits[3];
};

static int taken_any(const struct taken *t, const struct cand *c)
{
	for (size_t b = c->fs; b < c->fe; b++) {
		if (t->bits[c->part][b >> 3] & (1u << (b & 7)))
			return 1;
	}
	return 0;
}

static void taken_mark(struct taken *t, const struct cand *c)
{
	for (size_t b = c->fs; b < c->fe; b++)
		t->bits[c->part][b >> 3] |= (unsigned char)(1u << (b & 7));
}

/*
 * Longest first, each candidate kept unless it overlaps one kept before:
 * the kept ones never overlap, so a bit per byte says whether a span is
 * free, whatever the number of candidates.
 */
static int keep_longest(struct run *r)
{
	struct taken t = { { NULL } };
	size_t kept = 0;
	int rc = DOSSIER_OK;

	for (size_t p = 0; p < r->n_parts && !rc; p++) {
		t.bits[p] = calloc(r->parts[p].f.len / 8 + 1, 1);
		if (!t.bits[p])
			rc = DOSSIER_ENOMEM;
	}
	qsort(r->cands, r->n_cands, sizeof *r->cands, cand_order);
	for (size_t i = 0; i < r->n_cands && !rc; i++) {
		struct cand *c = &r->cands[i];

		if (ends_in_title(r, c) || taken_any(&t, c))
			continue;
		taken_mark(&t, c);
		r->cands[kept++] = *c;
	}
	for (size_t p = 0; p < r->n_parts; p++)
		free(t.bits[p]);
	if (!rc)
		r->n_cands = kept;
	return rc;
}

static int choose(struct run *r)
{
	struct doc *d = r->d;
	size_t kept = 0, *remap;
	int rc = DOSSIER_OK;

	if (!r->n_cands) {
		doc_clear_entities(d);
		return DOSSIER_OK;
	}
	rc = keep_longest(r);
	if (rc)
		return rc;
	qsort(r->cands, r->n_cands, sizeof *r->cands, text_order);

	/* Entities without a mention go; the rest keep their order. */
	remap = calloc(d->n_entities + 1, sizeof *remap);
	if (!remap)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < r->n_cands; i++)
		remap[r->cands[i].entity] = 1;
	kept = 0;
	for (size_t i = 0; i < d->n_entities; i++) {
		if (remap[i]) {
			remap[i] = kept;
			d->entities[kept++] = d->entities[i];
		} else {
			free(d->entities[i].key);
			free(d->entities[i].name);
			free(d->entities[i].type);
			remap[i] = (size_t)-1;
		}
	}
	d->n_entities = kept;
	for (size_t i = 0; i < r->n_cands && !rc; i++) {
		const struct cand *c = &r->cands[i];
		const struct folded *fo = &r->parts[c->part];
		size_t os, oe, ignored;

		orig_span(r->x->text, fo, c->fs, &os, &ignored);
		orig_span(r->x->text, fo, c->fe - 1, &ignored, &oe);
		rc = doc_add_mention(d, remap[c->entity], fo->part, os, oe - os);
	}
	free(remap);
	return rc;
}

/* ---- the whole document ------------------------------------------------------------------ */

int extract_entities(const struct extract_ctx *x, struct doc *d)
{
	struct run r;
	char *body = doc_text(d), *captions = doc_captions(d);
	int rc = body && captions ? DOSSIER_OK : DOSSIER_ENOMEM;

	memset(&r, 0, sizeof r);
	r.x = x;
	r.d = d;
	doc_clear_entities(d);
	if (!rc)
		rc = entity_index_init(&r.entities, d);
	if (!rc)
		rc = fold_part(x->text, &r.parts[0], DOC_PART_TITLE, d->title ? d->title : "");
	if (!rc)
		rc = fold_part(x->text, &r.parts[1], DOC_PART_BODY, body);
	if (!rc)
		rc = fold_part(x->text, &r.parts[2], DOC_PART_CAPTIONS, captions);
	r.n_parts = 3;
	if (!rc)
		rc = scan_pairs(&r);
	for (size_t i = 0; i < r.n_parts && !rc; i++)
		rc = scan_forums(&r, i);
	for (size_t i = 0; i < r.n_parts && !rc; i++)
		rc = scan_titles(&r, i);
	for (size_t i = 0; i < r.n_parts && !rc; i++)
		rc = scan_dotted(&r, i);
	for (size_t i = 0; i < r.n_parts && !rc; i++) {
		rc = scan_gazetteer(&r, i);
		if (!rc)
			rc = scan_organs(&r, i);
		if (!rc)
			rc = scan_locals(&r, i);
	}
	if (!rc)
		rc = scan_bodies(&r);
	if (!rc)
		rc = choose(&r);
	if (rc)
		doc_clear_entities(d);
	for (size_t i = 0; i < r.n_parts; i++)
		folded_release(&r.parts[i]);
	for (size_t i = 0; i < r.n_locals; i++)
		free(r.locals[i].key);
	free(r.locals);
	trie_release(&r.local_keys);
	strmap_release(&r.picked);
	free(r.present);
	entity_index_release(&r.entities);
	free(r.cands);
	free(body);
	free(captions);
	return rc;
}
