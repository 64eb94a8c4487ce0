/*
 * outlet.c — the outlet table (data/sources.tsv): every domain and every
 * name of each outlet, and the three ways of looking one up: by the host
 * of an address, by one of its names given whole (`--source 德國之聲`, a
 * record's tag), and by a name inside a short label (a feed's channel
 * title "Deutsche Welle: DW-WORLD.DE").  Nothing here reads article text:
 * an outlet quoted in a report is not the report's outlet.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "core/utf8.h"
#include "ingest/ingest_int.h"

struct outlet {
	char *name;     /* the display name */
	char **domains; /* lowercase host suffixes */
	size_t n_domains;
	char **written; /* every name as written, the display name first */
	char **names;   /* the same, ASCII lowercased, for matching */
	size_t n_names;
	const char **all; /* written names, then domains; NULL-ended (borrowed) */
};

struct outlets {
	struct outlet *o;
	size_t n;
};

static void outlet_release(struct outlet *o)
{
	free(o->name);
	for (size_t i = 0; i < o->n_domains; i++)
		free(o->domains[i]);
	free(o->domains);
	for (size_t i = 0; i < o->n_names; i++) {
		free(o->names[i]);
		free(o->written[i]);
	}
	free(o->names);
	free(o->written);
	free(o->all);
}

void outlets_free(struct outlets *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		outlet_release(&t->o[i]);
	free(t->o);
	free(t);
}

/* Appends a copy of s[0..n) to a list unless it is there already. */
static int list_add(char ***list, size_t *count, const char *s, size_t n)
{
	char **grown, *copy;

	for (size_t i = 0; i < *count; i++)
		if (strlen((*list)[i]) == n && !memcmp((*list)[i], s, n))
			return DOSSIER_OK;
	grown = realloc(*list, (*count + 1) * sizeof *grown);
	if (!grown)
		return DOSSIER_ENOMEM;
	*list = grown;
	copy = strndup(s, n);
	if (!copy)
		return DOSSIER_ENOMEM;
	(*list)[(*count)++] = copy;
	return DOSSIER_OK;
}

/* s[0..n) without white space at either end. */
static const char *trimmed(const char *s, size_t *n)
{
	size_t start = utf8_skip_space(s, *n, 0), end = utf8_trim_space_end(s, *n);

	*n = end > start ? end - start : 0;
	return s + start;
}

/* Adds a name to the outlet: as written, and lowercased for matching. */
static int add_name(struct outlet *o, const char *s, size_t n)
{
	char **written, **names;

	s = trimmed(s, &n);
	if (!n)
		return DOSSIER_OK;
	for (size_t i = 0; i < o->n_names; i++)
		if (strlen(o->written[i]) == n && !memcmp(o->written[i], s, n))
			return DOSSIER_OK;
	written = realloc(o->written, (o->n_names + 1) * sizeof *written);
	if (written)
		o->written = written;
	names = realloc(o->names, (o->n_names + 1) * sizeof *names);
	if (names)
		o->names = names;
	if (!written || !names)
		return DOSSIER_ENOMEM;
	o->written[o->n_names] = strndup(s, n);
	o->names[o->n_names] = strndup(s, n);
	if (!o->written[o->n_names] || !o->names[o->n_names]) {
		free(o->written[o->n_names]);
		free(o->names[o->n_names]);
		return DOSSIER_ENOMEM;
	}
	for (char *p = o->names[o->n_names]; *p; p++)
		*p = ascii_lower(*p);
	o->n_names++;
	return DOSSIER_OK;
}

/* Adds a domain, lowercased, without "www." or a trailing dot. */
static int add_domain(struct outlet *o, const char *s, size_t n)
{
	char buf[256];

	s = trimmed(s, &n);
	if (n >= 4 && ascii_starts_ci(s, n, "www.")) {
		s += 4;
		n -= 4;
	}
	while (n && s[n - 1] == '.')
		n--;
	if (!n || n >= sizeof buf)
		return DOSSIER_OK;
	for (size_t i = 0; i < n; i++)
		buf[i] = ascii_lower(s[i]);
	return list_add(&o->domains, &o->n_domains, buf, n);
}

/* Calls `add` for each comma-separated item of s[0..n). */
static int add_each(struct outlet *o, const char *s, size_t n,
		    int (*add)(struct outlet *, const char *, size_t))
{
	int rc = DOSSIER_OK;

	while (n && !rc) {
		const char *comma = memchr(s, ',', n);
		size_t k = comma ? (size_t)(comma - s) : n;

		rc = add(o, s, k);
		s += k + (comma != NULL);
		n -= k + (comma != NULL);
	}
	return rc;
}

static struct outlet *find_or_add(struct outlets *t, const char *name, size_t n, int *rc)
{
	struct outlet *grown;

	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->o[i].name) == n && !memcmp(t->o[i].name, name, n))
			return &t->o[i];
	grown = realloc(t->o, (t->n + 1) * sizeof *grown);
	if (!grown) {
		*rc = DOSSIER_ENOMEM;
		return NULL;
	}
	t->o = grown;
	memset(&t->o[t->n], 0, sizeof t->o[t->n]);
	t->o[t->n].name = strndup(name, n);
	if (!t->o[t->n].name) {
		*rc = DOSSIER_ENOMEM;
		return NULL;
	}
	*rc = add_name(&t->o[t->n], name, n);
	return &t->o[t->n++];
}

/* One "domains<TAB>name<TAB>other names" line. */
static int parse_line(struct outlets *t, char *line)
{
	char *tab1 = strchr(line, '\t'), *tab2;
	const char *name;
	size_t name_len;
	struct outlet *o;
	int rc = DOSSIER_OK;

	if (!tab1)
		return DOSSIER_EPARSE;
	tab2 = strchr(tab1 + 1, '\t');
	name_len = tab2 ? (size_t)(tab2 - tab1 - 1) : strlen(tab1 + 1);
	name = trimmed(tab1 + 1, &name_len);
	if (!name_len)
		return DOSSIER_EPARSE;
	o = find_or_add(t, name, name_len, &rc);
	if (!rc)
		rc = add_each(o, line, (size_t)(tab1 - line), add_domain);
	if (!rc && tab2)
		rc = add_each(o, tab2 + 1, strlen(tab2 + 1), add_name);
	return rc;
}

/* The lists handed out by outlets_names(): display name, names, domains. */
static int make_all(struct outlet *o)
{
	size_t k = 0;

	o->all = calloc(o->n_names + o->n_domains + 1, sizeof *o->all);
	if (!o->all)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < o->n_names; i++)
		o->all[k++] = o->written[i];
	for (size_t i = 0; i < o->n_domains; i++)
		o->all[k++] = o->domains[i];
	return DOSSIER_OK;
}

int outlets_load(struct outlets **out, const char *path, struct err *e)
{
	struct outlets *t = calloc(1, sizeof *t);
	char line[8192];
	FILE *f;
	int lineno = 0, rc = DOSSIER_OK;

	*out = NULL;
	if (!t)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	f = fopen(path, "r");
	if (!f) {
		free(t);
		return err_set(e, DOSSIER_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	while (!rc && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		rc = parse_line(t, line);
		if (rc == DOSSIER_EPARSE)
			err_set(e, rc, "%s:%d: expected domains<TAB>name<TAB>other names",
				path, lineno);
		else if (rc)
			err_set(e, rc, "out of memory");
	}
	fclose(f);
	for (size_t i = 0; i < t->n && !rc; i++)
		if (make_all(&t->o[i]))
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (rc) {
		outlets_free(t);
		return rc;
	}
	*out = t;
	return DOSSIER_OK;
}

/* ---- lookups ---------------------------------------------------------------------- */

/* True when `host` is `domain` or one of its subdomains. */
static int host_in(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);

	if (!d || d > h || strcmp(host + h - d, domain))
		return 0;
	return h == d || host[h - d - 1] == '.';
}

const char *outlets_by_host(const struct outlets *t, const char *host)
{
	const char *best = NULL;
	size_t best_len = 0;

	if (!t || !host || !*host)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->o[i].n_domains; j++) {
			size_t len = strlen(t->o[i].domains[j]);

			if (len > best_len && host_in(host, t->o[i].domains[j])) {
				best = t->o[i].name;
				best_len = len;
			}
		}
	}
	return best;
}

const char *outlets_by_url(const struct outlets *t, const char *url)
{
	char host[256];

	if (!url)
		return NULL;
	url_host(url, host, sizeof host);
	return outlets_by_host(t, host);
}

/* Whether s[0..n) equals `lower` ignoring ASCII case. */
static int equals_ci(const char *s, size_t n, const char *lower)
{
	return strlen(lower) == n && ascii_starts_ci(s, n, lower);
}

static const struct outlet *outlet_named(const struct outlets *t, const char *s, size_t n)
{
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < t->o[i].n_names; j++)
			if (equals_ci(s, n, t->o[i].names[j]))
				return &t->o[i];
	return NULL;
}

/* A host or address given as a name: "dw.de", "www.dw.com", "https://rfi.fr/cn". */
static const char *by_host_given(const struct outlets *t, const char *s, size_t n)
{
	char host[256], url[300];

	if (n >= sizeof host || !memchr(s, '.', n) || memchr(s, ' ', n))
		return NULL;
	snprintf(url, sizeof url, "%s%.*s", ascii_find_ci(s, n, "://") < n ? "" : "http://",
		 (int)n, s);
	url_host(url, host, sizeof host);
	if (!strncmp(host, "www.", 4))
		memmove(host, host + 4, strlen(host + 4) + 1);
	return outlets_by_host(t, host);
}

const char *outlets_by_name(const struct outlets *t, const char *given)
{
	const struct outlet *o;
	size_t n;

	if (!t || !given)
		return NULL;
	n = strlen(given);
	given = trimmed(given, &n);
	if (!n)
		return NULL;
	o = outlet_named(t, given, n);
	if (o)
		return o->name;
	return by_host_given(t, given, n);
}

static int is_ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Whether `lower` (a name) may be looked for inside a label: Latin names
 * of two letters or more (at word boundaries), others of three characters
 * or more (澎湃 or 中時 alone would turn up inside unrelated words).
 */
static int searchable(const char *lower)
{
	size_t n = strlen(lower);
	int ascii = 1;

	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)lower[i] < 0x80;
	return ascii ? n >= 2 : utf8_length(lower, n) >= 3;
}

/* Offset of `lower` in s[0..n) where it is not part of a longer Latin word, or n. */
static size_t find_name(const char *s, size_t n, const char *lower)
{
	size_t m = strlen(lower), from = 0;

	while (from < n) {
		size_t at = ascii_find_ci(s + from, n - from, lower);

		if (at >= n - from)
			return n;
		at += from;
		if ((!is_ascii_alnum(lower[0]) || !at || !is_ascii_alnum(s[at - 1])) &&
		    (!is_ascii_alnum(lower[m - 1]) || at + m >= n || !is_ascii_alnum(s[at + m])))
			return at;
		from = at + 1;
	}
	return n;
}

/* How much of a label is searched: a title names its outlet early. */
#define LABEL_MAX 512

const char *outlets_named_in(const struct outlets *t, const char *label)
{
	const char *best = NULL;
	size_t best_len = 0, best_at = 0, n;

	if (!t || !label)
		return NULL;
	n = strlen(label);
	if (n > LABEL_MAX)
		n = utf8_boundary_before(label, n, LABEL_MAX);
	for (size_t i = 0; i < t->n; i++) {
		const struct outlet *o = &t->o[i];

		for (size_t j = 0; j < o->n_names + o->n_domains; j++) {
			const char *name = j < o->n_names ? o->names[j] : o->domains[j - o->n_names];
			size_t len = strlen(name), at;

			if (!searchable(name) || len < best_len)
				continue;
			at = find_name(label, n, name);
			/* The longest name wins (BBC中文网 over a shorter one), then the first. */
			if (at < n && (len > best_len || at < best_at)) {
				best = o->name;
				best_len = len;
				best_at = at;
			}
		}
	}
	return best;
}

const char *const *outlets_names(const struct outlets *t, const char *given)
{
	const char *name = outlets_by_name(t, given);

	if (!name)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->o[i].name == name)
			return t->o[i].all;
	return NULL;
}

int outlets_quoted_in(const struct outlets *t, const char *name, const char *text)
{
	size_t n;

	if (!t || !name || !text)
		return 0;
	n = strlen(text);
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->o[i].name, name))
			continue;
		for (size_t j = 0; j < t->o[i].n_names; j++)
			if (find_name(text, n, t->o[i].names[j]) < n)
				return 1;
	}
	return 0;
}
