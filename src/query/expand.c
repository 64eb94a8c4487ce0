/*
 * From a parsed query to an FTS5 expression: each term becomes a quoted
 * FTS5 string (so no user text is ever FTS5 syntax), a one-character Han
 * term a prefix query, and a name every form it is known by.
 *
 * Names.  A term that is a form of an entry in data/aliases.tsv, or a
 * name the archive gave in two forms (沙利文（Jake Sullivan）), expands to
 * the entry's other forms: 沙利文 finds 蘇利文 and Jake Sullivan.  A form
 * shared by two entries (奧斯汀: the general and the Texas city) is only
 * taken for the entry the query means, and only in documents that show it
 * (its context words, or its Latin name): "Lloyd Austin" finds 奧斯汀 in a
 * report that says 國防部長, not in one about 德州.  A query that is
 * itself the shared form (奧斯汀, Austin) means all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/query_int.h"
#include "store/store.h"
#include "text/text.h"

#define MAX_SENSES 8
#define MAX_FORMS 48

/* One meaning of a term: an entity with its forms and context. */
struct sense {
	const struct gazetteer_entry *entity; /* NULL for a name known only from the archive */
	char *latin;                       /* that name's Latin key */
	char **forms;
	size_t n_forms;
};

struct expansion {
	struct sense senses[MAX_SENSES];
	size_t n;
};

static void expansion_release(struct expansion *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->senses[i].latin);
		for (size_t j = 0; j < x->senses[i].n_forms; j++)
			free(x->senses[i].forms[j]);
		free(x->senses[i].forms);
	}
	x->n = 0;
}

static int has_han(const char *s)
{
	/* Han text is three-byte UTF-8 from U+3400 on; a lead byte 0xE3-0xE9 is close enough to tell a Latin key from a Chinese one. */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0xE3 && c <= 0xE9)
			return 1;
	}
	return 0;
}

static int sense_add_form(struct sense *s, const char *form)
{
	char **grown;

	if (gazetteer_list_has(s->forms, s->n_forms, form) || s->n_forms >= MAX_FORMS)
		return DOSSIER_OK;
	grown = realloc(s->forms, (s->n_forms + 1) * sizeof *grown);
	if (!grown)
		return DOSSIER_ENOMEM;
	s->forms = grown;
	s->forms[s->n_forms] = strdup(form);
	if (!s->forms[s->n_forms])
		return DOSSIER_ENOMEM;
	s->n_forms++;
	return DOSSIER_OK;
}

/* ---- names mined from the archive ------------------------------------------- */

struct pair_list {
	char **name, **latin;
	size_t n;
};

static int collect_pair(void *arg, const char *name_key, const char *latin_key)
{
	struct pair_list *l = arg;
	char **n2 = realloc(l->name, (l->n + 1) * sizeof *n2), **l2;

	if (!n2)
		return DOSSIER_ENOMEM;
	l->name = n2;
	l2 = realloc(l->latin, (l->n + 1) * sizeof *l2);
	if (!l2)
		return DOSSIER_ENOMEM;
	l->latin = l2;
	l->name[l->n] = strdup(name_key);
	l->latin[l->n] = strdup(latin_key);
	l->n++;
	return l->name[l->n - 1] && l->latin[l->n - 1] ? DOSSIER_OK : DOSSIER_ENOMEM;
}

static void pairs_release(struct pair_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->latin[i]);
	}
	free(l->name);
	free(l->latin);
	memset(l, 0, sizeof *l);
}

static int lookup_pairs(struct query_ctx *q, const char *key, struct pair_list *out)
{
	struct err e;

	memset(out, 0, sizeof *out);
	if (!q->store)
		return DOSSIER_OK;
	return store_names_lookup(q->store, key, collect_pair, out, &e);
}

int query_known_name(struct query_ctx *q, const char *key)
{
	const struct gazetteer_entry *one;
	struct pair_list pairs;
	int known;

	if (gazetteer_find(&q->aliases, key, &one, 1))
		return 1;
	if (lookup_pairs(q, key, &pairs))
		return 0;
	known = pairs.n > 0;
	pairs_release(&pairs);
	return known;
}

/* ---- senses ------------------------------------------------------------------- */

/* Adds the Chinese forms the archive pairs with Latin key `latin`. */
static int add_mined_forms(struct query_ctx *q, struct sense *s, const char *latin)
{
	struct pair_list pairs;
	int rc = lookup_pairs(q, latin, &pairs);

	for (size_t i = 0; i < pairs.n && !rc; i++) {
		if (!strcmp(pairs.latin[i], latin))
			rc = sense_add_form(s, pairs.name[i]);
	}
	pairs_release(&pairs);
	return rc;
}

static int has_entity_sense(const struct expansion *x, const struct gazetteer_entry *entity)
{
	for (size_t i = 0; i < x->n; i++) {
		if (x->senses[i].entity == entity)
			return 1;
	}
	return 0;
}

static int has_latin_sense(const struct expansion *x, const char *latin)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!x->senses[i].entity && !strcmp(x->senses[i].latin, latin))
			return 1;
	}
	return 0;
}

static int add_entity_sense(struct query_ctx *q, struct expansion *x,
			    const struct gazetteer_entry *a)
{
	struct sense *s;
	int rc = DOSSIER_OK;

	if (has_entity_sense(x, a) || x->n >= MAX_SENSES)
		return DOSSIER_OK;
	s = &x->senses[x->n++];
	memset(s, 0, sizeof *s);
	s->entity = a;
	for (size_t i = 0; i < a->n_forms && !rc; i++)
		rc = sense_add_form(s, a->forms[i]);
	/* Transliterations the archive learnt for the entry's Latin names. */
	for (size_t i = 0; i < a->n_forms && !rc; i++) {
		if (!has_han(a->forms[i]))
			rc = add_mined_forms(q, s, a->forms[i]);
	}
	return rc;
}

/* A Latin name known from the archive: its own sense, or its entry's. */
static int add_latin_sense(struct query_ctx *q, struct expansion *x, const char *latin)
{
	const struct gazetteer_entry *owners[MAX_SENSES];
	size_t n = gazetteer_find(&q->aliases, latin, owners, MAX_SENSES);
	struct sense *s;
	int rc;

	if (n) {
		rc = DOSSIER_OK;
		for (size_t i = 0; i < n && i < MAX_SENSES && !rc; i++)
			rc = add_entity_sense(q, x, owners[i]);
		return rc;
	}
	if (has_latin_sense(x, latin) || x->n >= MAX_SENSES)
		return DOSSIER_OK;
	s = &x->senses[x->n++];
	memset(s, 0, sizeof *s);
	s->latin = strdup(latin);
	if (!s->latin)
		return DOSSIER_ENOMEM;
	rc = sense_add_form(s, latin);
	if (!rc)
		rc = add_mined_forms(q, s, latin);
	return rc;
}

static int build_senses(struct query_ctx *q, const char *key, struct expansion *x)
{
	const struct gazetteer_entry *owners[MAX_SENSES];
	size_t n = gazetteer_find(&q->aliases, key, owners, MAX_SENSES);
	struct pair_list pairs;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && i < MAX_SENSES && !rc; i++)
		rc = add_entity_sense(q, x, owners[i]);
	if (rc || (rc = lookup_pairs(q, key, &pairs)))
		return rc;
	/* Only hop through a Latin name, never through a shared Chinese form:
	 * 奧斯汀 must not make the general and the city one. */
	for (size_t i = 0; i < pairs.n && !rc; i++)
		rc = add_latin_sense(q, x, pairs.latin[i]);
	pairs_release(&pairs);
	return rc;
}

/*
 * The surname of a folded Latin name: its last word, past a generational
 * suffix ("charles q brown jr" → "brown").  Spellings of one person's name
 * (Antony and Anthony Blinken) share it.
 */
static void surname_of(const char *latin, char *out, size_t size)
{
	static const char *const suffixes[] = { "jr", "sr", "ii", "iii", "iv" };
	size_t end = strlen(latin);

	for (;;) {
		size_t start = end;
		int suffix = 0;

		while (start > 0 && latin[start - 1] != ' ')
			start--;
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
			if (end - start == strlen(suffixes[i]) &&
			    !strncmp(latin + start, suffixes[i], end - start))
				suffix = 1;
		}
		if (!suffix || start == 0) {
			snprintf(out, size, "%.*s", (int)(end - start), latin + start);
			return;
		}
		end = start - 1;
	}
}

/*
 * How many different things a form may name: entries having it, plus the
 * surnames of Latin names the archive pairs it with that belong to no such
 * entry (two spellings of one name count once; 布朗 for Charles Brown and
 * for Gordon Brown would count once too, which is why the alias table
 * gives such names context words).
 */
static size_t meanings(struct query_ctx *q, const char *form)
{
	const struct gazetteer_entry *owners[MAX_SENSES];
	size_t n = gazetteer_find(&q->aliases, form, owners, MAX_SENSES);
	char seen[MAX_SENSES][64];
	size_t n_seen = 0;
	struct pair_list pairs;

	if (!has_han(form) || lookup_pairs(q, form, &pairs))
		return n;
	for (size_t i = 0; i < pairs.n; i++) {
		const struct gazetteer_entry *latin_owner[MAX_SENSES];
		size_t k = gazetteer_find(&q->aliases, pairs.latin[i], latin_owner,
					       MAX_SENSES);
		int counted = 0;
		char surname[64];

		if (strcmp(pairs.name[i], form))
			continue;
		for (size_t j = 0; j < k && j < MAX_SENSES && !counted; j++) {
			for (size_t m = 0; m < n && m < MAX_SENSES; m++) {
				if (owners[m] == latin_owner[j])
					counted = 1;
			}
		}
		if (counted)
			continue;
		if (k > 1) {
			n += k;
			continue;
		}
		surname_of(pairs.latin[i], surname, sizeof surname);
		for (size_t j = 0; j < n_seen && !counted; j++)
			counted = !strcmp(seen[j], surname);
		if (!counted && n_seen < MAX_SENSES) {
			snprintf(seen[n_seen++], sizeof seen[0], "%s", surname);
			n++;
		}
	}
	pairs_release(&pairs);
	return n;
}

/* ---- rendering ------------------------------------------------------------------ */

struct token_stats {
	size_t count;
	int last_single;
};

static int count_token(void *arg, const struct text_token *tok)
{
	struct token_stats *st = arg;

	st->count++;
	st->last_single = tok->han_single;
	return 0;
}

/*
 * Appends `s` as an FTS5 string ("" doubled), a prefix query when its last
 * token is a lone Han character, and records in the mask whether the
 * phrase counts for ranking and highlighting ('1') or only decides which
 * documents match ('0': context words).  0 tokens: nothing appended,
 * returns 0.
 */
static size_t add_string(struct render *r, const char *s, int scoring)
{
	struct token_stats st = { 0, 0 };

	text_tokenize(r->q->text, s, strlen(s), TEXT_TOKENIZE_QUERY, count_token, &st);
	if (!st.count)
		return 0;
	buf_addc(r->out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(r->out, '"');
		buf_addc(r->out, *p);
	}
	buf_addc(r->out, '"');
	if (st.last_single)
		buf_addc(r->out, '*');
	/* 'p': one character looked up as a prefix; it matches pairs that
	 * begin with it, and only that character should be highlighted. */
	buf_addc(&r->mask, !scoring ? '0' : st.count == 1 && st.last_single ? 'p' : '1');
	return st.count;
}

struct mark {
	size_t out, mask;
};

static struct mark mark_of(const struct render *r)
{
	return (struct mark){ r->out->len, r->mask.len };
}

/* Takes back everything written since `m`. */
static void rewind_to(struct render *r, struct mark m)
{
	buf_truncate(r->out, m.out);
	buf_truncate(&r->mask, m.mask);
}

/* Appends " OR form", or " OR (form AND (ctx1 OR ctx2 ...))" for a shared form. */
static void add_form(struct render *r, const struct sense *s, const char *form, int shared)
{
	struct query_ctx *q = r->q;
	struct mark start = mark_of(r);
	size_t shown = 0;

	if (!shared) {
		buf_adds(r->out, " OR ");
		if (!add_string(r, form, 1))
			rewind_to(r, start);
		return;
	}
	buf_adds(r->out, " OR (");
	add_string(r, form, 1);
	buf_adds(r->out, " AND (");
	if (s->entity) {
		for (size_t i = 0; i < s->entity->n_context; i++) {
			struct mark before = mark_of(r);

			if (shown)
				buf_adds(r->out, " OR ");
			if (add_string(r, s->entity->context[i], 0))
				shown++;
			else
				rewind_to(r, before);
		}
	}
	/* The sense's Latin names show it too (奧斯汀（Lloyd Austin）). */
	for (size_t i = 0; i < s->n_forms; i++) {
		struct mark before = mark_of(r);

		if (has_han(s->forms[i]) || meanings(q, s->forms[i]) > 1)
			continue;
		if (shown)
			buf_adds(r->out, " OR ");
		if (add_string(r, s->forms[i], 0))
			shown++;
		else
			rewind_to(r, before);
	}
	if (!shown) {
		rewind_to(r, start); /* nothing can tell: leave the form out */
		return;
	}
	buf_adds(r->out, "))");
}

static int in_other_sense(const struct expansion *x, size_t self, const char *form)
{
	for (size_t k = 0; k < x->n; k++) {
		if (k != self && gazetteer_list_has(x->senses[k].forms, x->senses[k].n_forms, form))
			return 1;
	}
	return 0;
}

int query_render_term(struct render *r, const char *term, int expand, struct err *e)
{
	struct query_ctx *q = r->q;
	struct expansion x = { .n = 0 };
	struct buf key = BUF_INIT;
	struct mark start = mark_of(r);
	int rc = text_normalise(q->text, term, strlen(term), &key);

	if (rc)
		goto done;
	buf_addc(r->out, '(');
	if (!add_string(r, term, 1)) {
		rewind_to(r, start);
		rc = err_set(e, DOSSIER_EUSAGE,
			     "nothing to search for in '%s' (only punctuation or symbols)", term);
		goto done;
	}
	if (expand && key.len)
		rc = build_senses(q, key.data, &x);
	for (size_t i = 0; i < x.n && !rc; i++) {
		const struct sense *s = &x.senses[i];

		for (size_t j = 0; j < s->n_forms; j++) {
			int shared, again = !strcmp(s->forms[j], key.data);

			/* A form two senses share is written once. */
			for (size_t k = 0; k < i && !again; k++)
				again = gazetteer_list_has(x.senses[k].forms, x.senses[k].n_forms,
						       s->forms[j]);
			if (again)
				continue;
			/* A form the query's own senses share is what the query
			 * means in all of them: no condition.  Otherwise a form
			 * that names other things too needs this sense's context. */
			shared = !in_other_sense(&x, i, s->forms[j]) &&
				 meanings(q, s->forms[j]) > 1;
			add_form(r, s, s->forms[j], shared);
		}
	}
	buf_addc(r->out, ')');
done:
	expansion_release(&x);
	buf_release(&key);
	return rc;
}

/* ---- the whole query ------------------------------------------------------------- */

static int render(struct render *r, const struct qnode *n, int expand, struct err *e)
{
	static const char *const ops[] = {
		[QNODE_AND] = " AND ", [QNODE_OR] = " OR ", [QNODE_NOT] = " NOT ",
	};
	int rc;

	if (n->kind == QNODE_TERM)
		return query_render_term(r, n->text, expand, e);
	buf_addc(r->out, '(');
	rc = render(r, n->left, expand, e);
	if (!rc) {
		buf_adds(r->out, ops[n->kind]);
		rc = render(r, n->right, expand, e);
	}
	buf_addc(r->out, ')');
	return rc;
}

/* Hands the rendered expression and mask over (or frees them on error). */
static int finish(struct render *r, int rc, char **match, char **mask, struct err *e)
{
	if (!rc) {
		*match = buf_detach(r->out);
		if (mask)
			*mask = buf_detach(&r->mask);
		if (!*match || (mask && !*mask))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	if (rc) {
		free(*match);
		*match = NULL;
		if (mask) {
			free(*mask);
			*mask = NULL;
		}
	}
	buf_release(r->out);
	buf_release(&r->mask);
	return rc;
}

int query_compile(struct query_ctx *q, const char *text, int flags, char **match,
		  char **mask, struct err *e)
{
	struct err local;
	struct qnode *tree;
	struct buf out = BUF_INIT;
	struct render r = { q, &out, BUF_INIT };
	int rc;

	if (!e)
		e = &local;
	*match = NULL;
	if (mask)
		*mask = NULL;
	rc = query_parse(q, text, &tree, e);
	if (rc)
		return rc;
	rc = render(&r, tree, !(flags & QUERY_LITERAL), e);
	qnode_free(tree);
	return finish(&r, rc, match, mask, e);
}

int query_compile_terms(struct query_ctx *q, const char *const *terms, size_t n,
			int flags, char **match, char **mask, struct err *e)
{
	struct buf out = BUF_INIT;
	struct render r = { q, &out, BUF_INIT };
	int rc = n ? DOSSIER_OK : err_set(e, DOSSIER_EUSAGE, "empty query");

	*match = NULL;
	if (mask)
		*mask = NULL;
	for (size_t i = 0; i < n && !rc; i++) {
		if (i)
			buf_adds(&out, " AND ");
		rc = query_render_term(&r, terms[i], !(flags & QUERY_LITERAL), e);
	}
	return finish(&r, rc, match, mask, e);
}

int query_ctx_new(struct query_ctx **out, const char *data_dir, const struct text_ctx *text,
		  struct store *store, struct err *e)
{
	struct query_ctx *q = calloc(1, sizeof *q);
	char path[4096];
	int rc;

	*out = NULL;
	if (!q)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	q->text = text;
	q->store = store;
	snprintf(path, sizeof path, "%s/aliases.tsv", data_dir);
	rc = gazetteer_load(&q->aliases, path, text, e);
	if (rc) {
		free(q);
		return rc;
	}
	*out = q;
	return DOSSIER_OK;
}

void query_ctx_free(struct query_ctx *q)
{
	if (!q)
		return;
	gazetteer_release(&q->aliases);
	free(q);
}
