/*
 * Gold files: TAB-separated annotations of one document (the format is
 * in docs/ANNOTATION.md).  Every mistake names the file and the line, so
 * that an annotator can fix it at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/event.h"
#include "core/utf8.h"
#include "eval/eval_int.h"

#define GOLD_MAX_FIELDS 8
#define ANCHOR_MAX_CHARS 12
#define GOLD_MAX_FILE ((size_t)4 << 20)

static const char *const entity_types[] = { "person", "org", "place", "forum", NULL };
static const char *const nonevent_whys[] = { "negated", "denied", "question", "hypothetical",
					     "wish", "claim", "aggregate", "reference", NULL };
static const char *const same_labels[] = { "same", "related", "different", NULL };


static int in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++) {
		if (!strcmp(list[i], s))
			return 1;
	}
	return 0;
}

/* Splits `line` (modified) at TABs; returns the number of fields. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	fields[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p != '\t')
			continue;
		*p = '\0';
		if (n == max)
			return max + 1;
		fields[n++] = p + 1;
	}
	return n;
}

/* Splits a `|` list into owned copies; empty items are an error. */
static int split_bars(const char *s, char ***out, size_t *n)
{
	size_t count = 1, k = 0;
	const char *p = s;

	*out = NULL;
	*n = 0;
	for (const char *q = s; *q; q++)
		count += *q == '|';
	*out = calloc(count, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (!len)
			return DOSSIER_EPARSE;
		(*out)[k] = strndup(p, len);
		if (!(*out)[k])
			return DOSSIER_ENOMEM;
		*n = ++k;
		if (!bar)
			return DOSSIER_OK;
		p = bar + 1;
	}
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static int grow(void **items, size_t n, size_t size)
{
	void *p;

	if (n & (n - 1))
		return DOSSIER_OK; /* room is doubled at powers of two */
	p = realloc(*items, (n ? n * 2 : 4) * size);
	if (!p)
		return DOSSIER_ENOMEM;
	*items = p;
	return DOSSIER_OK;
}

struct parse {
	struct eval_gold *g;
	const char *file;
	unsigned line;
	struct err *e;
};

static int bad(struct parse *p, const char *why, const char *what)
{
	return err_set(p->e, DOSSIER_EPARSE, "%s:%u: %s%s%s", p->file, p->line, why,
		       what ? ": " : "", what ? what : "");
}

static int nomem(struct parse *p)
{
	return err_set(p->e, DOSSIER_ENOMEM, "%s:%u: out of memory", p->file, p->line);
}

static int want_fields(struct parse *p, size_t n, size_t want, const char *kind,
		       const char *shape)
{
	char why[160];

	if (n == want)
		return DOSSIER_OK;
	snprintf(why, sizeof why, "%s needs %zu TAB-separated fields (%s), found %zu", kind,
		 want, shape, n);
	return bad(p, why, NULL);
}

static int parse_doc(struct parse *p, char **f, size_t n)
{
	int rc = want_fields(p, n, 2, "doc", "doc, path");

	if (rc)
		return rc;
	if (p->g->doc)
		return bad(p, "a second doc line (one document per gold file)", NULL);
	if (!*f[1])
		return bad(p, "empty document path", NULL);
	p->g->doc = strdup(f[1]);
	return p->g->doc ? DOSSIER_OK : nomem(p);
}

static int parse_entity(struct parse *p, char **f, size_t n)
{
	struct eval_gold *g = p->g;
	struct eval_gold_entity *ent;
	int rc = want_fields(p, n, 4, "entity", "entity, type, name, forms");

	if (rc)
		return rc;
	if (!in_list(entity_types, f[1]))
		return bad(p, "unknown entity type (person, org, place, forum)", f[1]);
	if (!*f[2])
		return bad(p, "empty entity name", NULL);
	if (grow((void **)&g->entities, g->n_entities, sizeof *g->entities))
		return nomem(p);
	ent = &g->entities[g->n_entities];
	memset(ent, 0, sizeof *ent);
	ent->line = p->line;
	ent->type = strdup(f[1]);
	ent->name = strdup(f[2]);
	rc = split_bars(f[3], &ent->forms, &ent->n_forms);
	g->n_entities++; /* freed with the gold whatever happens below */
	if (rc == DOSSIER_EPARSE)
		return bad(p, "empty form in the list", f[3]);
	if (rc || !ent->type || !ent->name)
		return nomem(p);
	return DOSSIER_OK;
}

static int parse_date(struct parse *p, char **f, size_t n)
{
	struct eval_gold *g = p->g;
	struct eval_gold_date *d;
	struct eval_span span;
	int rc = want_fields(p, n, 3, "date", "date, expression, ISO value");

	if (rc)
		return rc;
	if (!*f[1])
		return bad(p, "empty date expression", NULL);
	if (eval_span_parse(f[2], &span))
		return bad(p, "not an ISO date (2024-01-08, 2023-11, 2024, first/last)", f[2]);
	if (grow((void **)&g->dates, g->n_dates, sizeof *g->dates))
		return nomem(p);
	d = &g->dates[g->n_dates];
	d->line = p->line;
	d->expr = strdup(f[1]);
	d->value = strdup(f[2]);
	g->n_dates++;
	return d->expr && d->value ? DOSSIER_OK : nomem(p);
}

static int split_roles(struct parse *p, struct eval_gold_event *ev);

static int parse_event(struct parse *p, char **f, size_t n)
{
	struct eval_gold *g = p->g;
	struct eval_gold_event *ev;
	struct eval_span span;
	int rc = want_fields(p, n, 7, "event",
			     "event, type, status, date, actors, place, anchor");

	if (rc)
		return rc;
	if (!in_list(event_type_names, f[1]))
		return bad(p, "unknown event type", f[1]);
	if (!in_list(event_status_names, f[2]))
		return bad(p, "unknown status (occurred, planned, proposed, refused, cancelled)",
			   f[2]);
	if (strcmp(f[3], "-") && eval_span_parse(f[3], &span))
		return bad(p, "event date is neither \"-\" nor an ISO date", f[3]);
	if (!*f[5])
		return bad(p, "empty place (write -)", NULL);
	if (!*f[6])
		return bad(p, "empty anchor", NULL);
	if (utf8_length(f[6], strlen(f[6])) > ANCHOR_MAX_CHARS)
		return bad(p, "anchor longer than 12 characters", f[6]);
	if (grow((void **)&g->events, g->n_events, sizeof *g->events))
		return nomem(p);
	ev = &g->events[g->n_events];
	memset(ev, 0, sizeof *ev);
	ev->line = p->line;
	ev->type = strdup(f[1]);
	ev->status = strdup(f[2]);
	ev->date = strdup(f[3]);
	ev->place = strdup(f[5]);
	ev->anchor = strdup(f[6]);
	rc = split_bars(f[4], &ev->actors, &ev->n_actors);
	g->n_events++;
	if (rc == DOSSIER_EPARSE)
		return bad(p, "empty actor in the list", f[4]);
	if (rc || !ev->type || !ev->status || !ev->date || !ev->place || !ev->anchor)
		return nomem(p);
	return split_roles(p, ev);
}

/* "visitor:布林肯" → actor 布林肯 with role visitor; a bare name is a party. */
static int split_roles(struct parse *p, struct eval_gold_event *ev)
{
	ev->roles = calloc(ev->n_actors ? ev->n_actors : 1, sizeof *ev->roles);
	if (!ev->roles)
		return nomem(p);
	for (size_t i = 0; i < ev->n_actors; i++) {
		char *colon = strchr(ev->actors[i], ':');
		char *name;

		if (!colon) {
			ev->roles[i] = strdup("party");
		} else {
			*colon = '\0';
			if (!in_list(event_role_names, ev->actors[i]))
				return bad(p, "unknown role (party, initiator, visitor, host, requester, requested, refuser)",
					   ev->actors[i]);
			if (!colon[1])
				return bad(p, "a role without a name", ev->actors[i]);
			ev->roles[i] = ev->actors[i];
			name = strdup(colon + 1);
			if (!name)
				return nomem(p);
			ev->actors[i] = name;
			continue;
		}
		if (!ev->roles[i])
			return nomem(p);
	}
	return DOSSIER_OK;
}

static int parse_nonevent(struct parse *p, char **f, size_t n)
{
	struct eval_gold *g = p->g;
	struct eval_gold_nonevent *ne;
	int rc = want_fields(p, n, 5, "nonevent", "nonevent, type, why, actors or -, anchor");

	if (rc)
		return rc;
	if (!in_list(event_type_names, f[1]))
		return bad(p, "unknown event type", f[1]);
	if (!in_list(nonevent_whys, f[2]))
		return bad(p, "unknown why (negated, denied, question, hypothetical, wish, claim, aggregate, reference)",
			   f[2]);
	if (!*f[4])
		return bad(p, "empty anchor", NULL);
	if (utf8_length(f[4], strlen(f[4])) > ANCHOR_MAX_CHARS)
		return bad(p, "anchor longer than 12 characters", f[4]);
	if (grow((void **)&g->nonevents, g->n_nonevents, sizeof *g->nonevents))
		return nomem(p);
	ne = &g->nonevents[g->n_nonevents];
	memset(ne, 0, sizeof *ne);
	ne->line = p->line;
	ne->type = strdup(f[1]);
	ne->why = strdup(f[2]);
	ne->anchor = strdup(f[4]);
	rc = strcmp(f[3], "-") ? split_bars(f[3], &ne->actors, &ne->n_actors) : DOSSIER_OK;
	g->n_nonevents++;
	if (rc == DOSSIER_EPARSE)
		return bad(p, "empty actor in the list", f[3]);
	if (rc || !ne->type || !ne->why || !ne->anchor)
		return nomem(p);
	/* Roles are allowed here too, and not scored. */
	for (size_t i = 0; i < ne->n_actors; i++) {
		char *colon = strchr(ne->actors[i], ':');

		if (colon && in_list(event_role_names, (*colon = '\0', ne->actors[i])))
			memmove(ne->actors[i], colon + 1, strlen(colon + 1) + 1);
		else if (colon)
			*colon = ':';
	}
	return DOSSIER_OK;
}

/* A story label between this document and another (docs/ANNOTATION.md):
 * checked here, read by the story evaluation. */
static int parse_same(struct parse *p, char **f, size_t n)
{
	int rc = want_fields(p, n, 3, "same", "same, path, same|related|different");

	if (rc)
		return rc;
	if (!*f[1])
		return bad(p, "empty path", NULL);
	if (!in_list(same_labels, f[2]))
		return bad(p, "unknown label (same, related, different)", f[2]);
	return DOSSIER_OK;
}

static int parse_line(struct parse *p, char *line)
{
	char *f[GOLD_MAX_FIELDS + 1];
	size_t n;

	if (!*line || *line == '#')
		return DOSSIER_OK;
	n = split_tabs(line, f, GOLD_MAX_FIELDS);
	if (n > GOLD_MAX_FIELDS)
		return bad(p, "too many fields", NULL);
	if (!strcmp(f[0], "doc"))
		return parse_doc(p, f, n);
	if (strcmp(f[0], "entity") && strcmp(f[0], "date") && strcmp(f[0], "event") &&
	    strcmp(f[0], "nonevent") && strcmp(f[0], "same"))
		return bad(p, "unknown line kind (doc, entity, date, event, nonevent, same)", f[0]);
	if (!p->g->doc)
		return bad(p, "annotation before the doc line", NULL);
	if (!strcmp(f[0], "entity"))
		return parse_entity(p, f, n);
	if (!strcmp(f[0], "date"))
		return parse_date(p, f, n);
	if (!strcmp(f[0], "nonevent"))
		return parse_nonevent(p, f, n);
	if (!strcmp(f[0], "same"))
		return parse_same(p, f, n);
	return parse_event(p, f, n);
}

int eval_gold_parse(const char *file, const char *text, size_t len, struct eval_gold **out,
		    struct err *e)
{
	struct parse p = { NULL, file, 0, e };
	struct buf line = BUF_INIT;
	size_t pos = 0;
	int rc = DOSSIER_OK;

	*out = NULL;
	p.g = calloc(1, sizeof *p.g);
	if (!p.g || !(p.g->file = strdup(file))) {
		free(p.g);
		return err_set(e, DOSSIER_ENOMEM, "%s: out of memory", file);
	}
	if (utf8_count_invalid(text, len, NULL))
		rc = err_set(e, DOSSIER_EENCODING, "%s: not UTF-8", file);
	while (!rc && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line++;
		buf_reset(&line);
		rc = buf_add(&line, text + pos, end - pos);
		if (rc) {
			rc = nomem(&p);
			break;
		}
		if (line.len && line.data[line.len - 1] == '\r')
			buf_truncate(&line, line.len - 1);
		rc = parse_line(&p, line.data);
		pos = end + 1;
	}
	buf_release(&line);
	if (!rc && !p.g->doc)
		rc = err_set(e, DOSSIER_EPARSE, "%s: no doc line naming the document", file);
	if (rc) {
		eval_gold_free(p.g);
		return rc;
	}
	*out = p.g;
	return DOSSIER_OK;
}

int eval_gold_load(const char *path, struct eval_gold **out, struct err *e)
{
	FILE *fp = fopen(path, "rb");
	struct buf text;
	char chunk[8192];
	size_t n;
	int rc = DOSSIER_OK;

	*out = NULL;
	if (!fp)
		return err_set(e, DOSSIER_EIO, "%s: %s", path, strerror(errno));
	buf_init(&text, GOLD_MAX_FILE);
	while (!rc && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		rc = buf_add(&text, chunk, n);
	if (!rc && ferror(fp))
		rc = err_set(e, DOSSIER_EIO, "%s: read error", path);
	else if (rc)
		rc = err_set(e, rc, "%s: %s", path, rc == DOSSIER_ETOOBIG ? "over 4 MiB" : err_rc_str(rc));
	fclose(fp);
	if (!rc)
		rc = eval_gold_parse(path, text.data, text.len, out, e);
	buf_release(&text);
	return rc;
}

void eval_gold_free(struct eval_gold *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n_entities; i++) {
		free(g->entities[i].type);
		free(g->entities[i].name);
		free_list(g->entities[i].forms, g->entities[i].n_forms);
	}
	for (size_t i = 0; i < g->n_dates; i++) {
		free(g->dates[i].expr);
		free(g->dates[i].value);
	}
	for (size_t i = 0; i < g->n_events; i++) {
		struct eval_gold_event *ev = &g->events[i];

		free(ev->type);
		free(ev->status);
		free(ev->date);
		free(ev->place);
		free(ev->anchor);
		free_list(ev->actors, ev->n_actors);
		free_list(ev->roles, ev->roles ? ev->n_actors : 0);
	}
	for (size_t i = 0; i < g->n_nonevents; i++) {
		struct eval_gold_nonevent *ne = &g->nonevents[i];

		free(ne->type);
		free(ne->why);
		free(ne->anchor);
		free_list(ne->actors, ne->n_actors);
	}
	free(g->nonevents);
	free(g->entities);
	free(g->dates);
	free(g->events);
	free(g->file);
	free(g->doc);
	free(g);
}
