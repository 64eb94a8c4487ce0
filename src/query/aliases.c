/*
 * The alias table: data/aliases.tsv, the curated people, organisations,
 * places and forums with their forms in every script and language, and the
 * words that tell two entries sharing a form apart.  Forms and context
 * words are folded once at load, so lookups compare folded keys.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "query/query_int.h"
#include "text/text.h"

static void entity_release(struct alias_entity *a)
{
	free(a->id);
	free(a->type);
	for (size_t i = 0; i < a->n_forms; i++)
		free(a->forms[i]);
	free(a->forms);
	for (size_t i = 0; i < a->n_context; i++)
		free(a->context[i]);
	free(a->context);
}

void alias_table_release(struct alias_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		entity_release(&t->items[i]);
	free(t->items);
	t->items = NULL;
	t->n = 0;
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
	if (!key.len || query_list_has(*list, *n, key.data)) {
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

static int parse_line(const struct text_ctx *text, char *line, struct alias_entity *a)
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
	if (!a->id || !a->type)
		return DOSSIER_ENOMEM;
	if (add_all(text, field[2], &a->forms, &a->n_forms) ||
	    (field[3] && add_all(text, field[3], &a->context, &a->n_context)))
		return DOSSIER_ENOMEM;
	return a->n_forms ? DOSSIER_OK : DOSSIER_EPARSE;
}

int alias_table_load(struct alias_table *t, const char *path, const struct text_ctx *text,
		     struct err *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = DOSSIER_OK;

	memset(t, 0, sizeof *t);
	if (!f) {
		/* No alias file is no aliases, not an error: mined names still work. */
		if (errno == ENOENT)
			return DOSSIER_OK;
		return err_set(e, DOSSIER_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		struct alias_entity *grown;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		grown = realloc(t->items, (t->n + 1) * sizeof *grown);
		if (!grown) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		t->items = grown;
		rc = parse_line(text, line, &t->items[t->n]);
		t->n++;
		if (rc)
			err_set(e, rc, "%s:%d: expected id<TAB>type<TAB>forms<TAB>context", path,
				lineno);
	}
	free(line);
	fclose(f);
	if (rc)
		alias_table_release(t);
	return rc;
}

int query_list_has(char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(list[i], s))
			return 1;
	}
	return 0;
}

size_t alias_entities_with(const struct alias_table *t, const char *key,
			   const struct alias_entity **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (query_list_has(t->items[i].forms, t->items[i].n_forms, key)) {
			if (n < max)
				out[n] = &t->items[i];
			n++;
		}
	}
	return n;
}
