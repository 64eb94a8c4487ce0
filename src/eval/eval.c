/*
 * The evaluation: counts and the list of problems, one document's texts
 * folded for matching, entities and dates scored (events in
 * score_events.c, calendar spans in span.c), and the document read
 * through ingest to get there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/event.h"
#include "eval/eval_int.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "text/text.h"

static const char *const entity_types[] = { "person", "org", "place", "forum", NULL };
static const char *const date_classes[] = { "day", "week", "month", "year", "range", NULL };

const char *const *eval_kind_types(enum eval_kind kind)
{
	switch (kind) {
	case EVAL_ENTITY: return entity_types;
	case EVAL_DATE: return date_classes;
	default: return event_type_names;
	}
}

const char *eval_kind_name(enum eval_kind kind)
{
	switch (kind) {
	case EVAL_ENTITY: return "entity";
	case EVAL_DATE: return "date";
	default: return "event";
	}
}

int eval_type_index(enum eval_kind kind, const char *type)
{
	const char *const *types = eval_kind_types(kind);

	for (int i = 0; types[i]; i++) {
		if (!strcmp(types[i], type))
			return i;
	}
	return -1;
}

/* ---- the evaluation ------------------------------------------------------------- */

int eval_new(struct eval **out, const struct text_ctx *text)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	(*out)->text = text;
	buf_init(&(*out)->warnings, 0);
	return DOSSIER_OK;
}

void eval_free(struct eval *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n_items; i++) {
		free(ev->items[i].doc);
		free(ev->items[i].text);
	}
	free(ev->items);
	buf_release(&ev->warnings);
	free(ev);
}

int eval_counts(const struct eval *ev, enum eval_kind kind, const char *type,
		struct eval_counts *out)
{
	const char *const *types;
	int i;

	memset(out, 0, sizeof *out);
	if ((int)kind < 0 || kind >= EVAL_KINDS)
		return DOSSIER_EUSAGE;
	if (type) {
		i = eval_type_index(kind, type);
		if (i < 0)
			return DOSSIER_EUSAGE;
		*out = ev->counts[kind][i];
		return DOSSIER_OK;
	}
	types = eval_kind_types(kind);
	for (i = 0; types[i]; i++) {
		out->tp += ev->counts[kind][i].tp;
		out->fp += ev->counts[kind][i].fp;
		out->fn += ev->counts[kind][i].fn;
	}
	return DOSSIER_OK;
}

size_t eval_gold_items(const struct eval *ev, enum eval_kind kind)
{
	return ev->gold[kind == EVAL_EVENT_STRICT ? EVAL_EVENT : kind];
}

const char *eval_warnings(const struct eval *ev)
{
	return ev->warnings.data;
}

void eval_count(struct eval *ev, enum eval_kind kind, const char *type, int tp, int fp,
		  int fn)
{
	int i = eval_type_index(kind, type);

	if (i < 0)
		return; /* an extracted type the report does not know: not ours to count */
	ev->counts[kind][i].tp += (size_t)tp;
	ev->counts[kind][i].fp += (size_t)fp;
	ev->counts[kind][i].fn += (size_t)fn;
}

/* Adds a line to the list; `text` is taken (freed on failure). */
int eval_add_item(struct eval *ev, enum eval_kind kind, const char *what, const char *doc,
		    char *text)
{
	struct eval_item *it;

	if (!text)
		return DOSSIER_ENOMEM;
	if (ev->n_items == ev->cap_items) {
		size_t cap = ev->cap_items ? ev->cap_items * 2 : 64;
		void *p = realloc(ev->items, cap * sizeof *ev->items);

		if (!p) {
			free(text);
			return DOSSIER_ENOMEM;
		}
		ev->items = p;
		ev->cap_items = cap;
	}
	it = &ev->items[ev->n_items];
	it->kind = kind;
	it->what = what;
	it->text = text;
	it->doc = strdup(doc);
	if (!it->doc) {
		free(text);
		return DOSSIER_ENOMEM;
	}
	ev->n_items++;
	return DOSSIER_OK;
}

char *eval_format(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* ---- one document's texts, folded where matching needs it -------------------------- */

char *eval_fold(const struct eval *ev, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (text_normalise(ev->text, s, len, &b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

int eval_in_list(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(list[i], s))
			return 1;
	}
	return 0;
}

static int load_forms(struct scored_doc *sd)
{
	const struct doc *d = sd->d;

	sd->forms = calloc(d->n_entities + 1, sizeof *sd->forms);
	sd->n_forms = calloc(d->n_entities + 1, sizeof *sd->n_forms);
	sd->names = calloc(d->n_entities + 1, sizeof *sd->names);
	if (!sd->forms || !sd->n_forms || !sd->names)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n_entities; i++) {
		sd->names[i] = eval_fold(sd->ev, d->entities[i].name, strlen(d->entities[i].name));
		if (!sd->names[i])
			return DOSSIER_ENOMEM;
	}
	for (size_t i = 0; i < d->n_mentions; i++) {
		const struct doc_mention *m = &d->mentions[i];
		char *f, **list;

		if (m->entity >= d->n_entities || (int)m->part < 0 || m->part > 2 ||
		    m->start + m->len > sd->part_len[m->part])
			continue; /* a mention pointing nowhere names nothing */
		f = eval_fold(sd->ev, sd->part[m->part] + m->start, m->len);
		if (!f)
			return DOSSIER_ENOMEM;
		if (eval_in_list(sd->forms[m->entity], sd->n_forms[m->entity], f)) {
			free(f);
			continue;
		}
		list = realloc(sd->forms[m->entity], (sd->n_forms[m->entity] + 1) * sizeof *list);
		if (!list) {
			free(f);
			return DOSSIER_ENOMEM;
		}
		list[sd->n_forms[m->entity]++] = f;
		sd->forms[m->entity] = list;
	}
	return DOSSIER_OK;
}

static int scored_doc_init(struct scored_doc *sd)
{
	const struct doc *d = sd->d;
	struct buf all = BUF_INIT;
	int rc = DOSSIER_OK;

	sd->body = doc_text(d);
	sd->captions = doc_captions(d);
	if (!sd->body || !sd->captions)
		return DOSSIER_ENOMEM;
	sd->part[0] = d->title ? d->title : "";
	sd->part[1] = sd->body;
	sd->part[2] = sd->captions;
	for (int i = 0; i < 3; i++) {
		sd->part_len[i] = strlen(sd->part[i]);
		if (!rc)
			rc = text_normalise(sd->ev->text, sd->part[i], sd->part_len[i], &all);
		if (!rc)
			rc = buf_addc(&all, '\n');
	}
	if (!rc)
		sd->folded_all = buf_detach(&all);
	buf_release(&all);
	if (!rc && !sd->folded_all)
		rc = DOSSIER_ENOMEM;
	return rc ? rc : load_forms(sd);
}

static void scored_doc_release(struct scored_doc *sd)
{
	for (size_t i = 0; sd->forms && i < sd->d->n_entities; i++) {
		for (size_t k = 0; k < sd->n_forms[i]; k++)
			free(sd->forms[i][k]);
		free(sd->forms[i]);
	}
	for (size_t i = 0; sd->names && i < sd->d->n_entities; i++)
		free(sd->names[i]);
	free(sd->forms);
	free(sd->n_forms);
	free(sd->names);
	free(sd->body);
	free(sd->captions);
	free(sd->folded_all);
}

int eval_warn(struct scored_doc *sd, unsigned line, const char *what, const char *s)
{
	return buf_printf(&sd->ev->warnings, "%s:%u: %s not in the document: %s\n", sd->g->file,
			  line, what, s);
}

/* Is folded `s` anywhere in the document's folded text? */
int eval_doc_has(const struct scored_doc *sd, const char *s)
{
	return *s && strstr(sd->folded_all, s) != NULL;
}

/* ---- entities ----------------------------------------------------------------------- */

/* Does one of the gold forms (folded) read like a mention of extracted entity x? */
static int forms_meet(const struct scored_doc *sd, char *const *folded, size_t n, size_t x)
{
	for (size_t i = 0; i < n; i++) {
		if (eval_in_list(sd->forms[x], sd->n_forms[x], folded[i]))
			return 1;
	}
	return 0;
}

int eval_fold_list(const struct eval *ev, char *const *list, size_t n, char ***out)
{
	*out = calloc(n + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = eval_fold(ev, list[i], strlen(list[i]));
		if (!(*out)[i])
			return DOSSIER_ENOMEM;
	}
	return DOSSIER_OK;
}

void eval_free_folded(char **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

/* A gold entity not found: a miss, and why when another type took it. */
static int entity_missed(struct scored_doc *sd, const struct eval_gold_entity *g,
			 char *const *folded)
{
	const struct doc *d = sd->d;
	const char *other = NULL;
	int seen = 0;

	for (size_t x = 0; x < d->n_entities && !other; x++) {
		if (forms_meet(sd, folded, g->n_forms, x))
			other = d->entities[x].type;
	}
	for (size_t i = 0; i < g->n_forms && !seen; i++)
		seen = eval_doc_has(sd, folded[i]);
	if (!seen && eval_warn(sd, g->line, "entity", g->name))
		return DOSSIER_ENOMEM;
	eval_count(sd->ev, EVAL_ENTITY, g->type, 0, 0, 1);
	return eval_add_item(sd->ev, EVAL_ENTITY, "miss", sd->g->doc,
			eval_format("%s %s%s%s%s", g->type, g->name, other ? " (extracted as " : "",
			       other ? other : "", other ? ")" : ""));
}

static int entity_false(struct scored_doc *sd, size_t x)
{
	const struct doc_entity *ent = &sd->d->entities[x];
	struct buf forms = BUF_INIT;
	int rc = DOSSIER_OK;

	/* the forms as written: the first mention of each */
	for (size_t i = 0; i < sd->d->n_mentions && !rc; i++) {
		const struct doc_mention *m = &sd->d->mentions[i];

		if (m->entity != x || m->part > 2 || m->start + m->len > sd->part_len[m->part])
			continue;
		if (forms.len)
			rc = buf_addc(&forms, '|');
		if (!rc)
			rc = buf_add(&forms, sd->part[m->part] + m->start, m->len);
		if (!rc && forms.len > 200)
			break;
	}
	eval_count(sd->ev, EVAL_ENTITY, ent->type, 0, 1, 0);
	if (!rc)
		rc = eval_add_item(sd->ev, EVAL_ENTITY, "false", sd->g->doc,
			      eval_format("%s %s «%s»", ent->type, ent->name, forms.data));
	buf_release(&forms);
	return rc;
}

static int score_entities(struct scored_doc *sd)
{
	const struct doc *d = sd->d;
	unsigned char *taken = calloc(d->n_entities + 1, 1);
	int rc = taken ? DOSSIER_OK : DOSSIER_ENOMEM;

	for (size_t i = 0; i < sd->g->n_entities && !rc; i++) {
		const struct eval_gold_entity *g = &sd->g->entities[i];
		char **folded = NULL;
		size_t x;

		rc = eval_fold_list(sd->ev, g->forms, g->n_forms, &folded);
		for (x = 0; !rc && x < d->n_entities; x++) {
			if (!taken[x] && !strcmp(d->entities[x].type, g->type) &&
			    forms_meet(sd, folded, g->n_forms, x))
				break;
		}
		if (!rc && x < d->n_entities) {
			taken[x] = 1;
			eval_count(sd->ev, EVAL_ENTITY, g->type, 1, 0, 0);
		} else if (!rc) {
			rc = entity_missed(sd, g, folded);
		}
		eval_free_folded(folded, g->n_forms);
		sd->ev->gold[EVAL_ENTITY]++;
	}
	/* an entity with no mention (an event's actor brought in by 拜習會,
	 * say) claims nothing about the text: it is no false alarm */
	for (size_t x = 0; x < d->n_entities && !rc; x++) {
		if (!taken[x] && sd->n_forms[x])
			rc = entity_false(sd, x);
	}
	free(taken);
	return rc;
}

/* ---- dates --------------------------------------------------------------------------- */

/* A distinct (expression, value) pair, gold or extracted. */
struct date_item {
	char *folded;       /* the expression folded */
	const char *shown;  /* as written (gold) */
	char *cut;          /* as written (extracted: cut from its part) */
	char value[EXTRACT_DATE_STR_MAX];
	const char *class;
	unsigned line;
	int taken;
};

static void date_items_free(struct date_item *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++) {
		free(items[i].folded);
		free(items[i].cut);
	}
	free(items);
}

static int date_item_dup(const struct date_item *items, size_t n, const struct date_item *it)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(items[i].folded, it->folded) && !strcmp(items[i].value, it->value))
			return 1;
	}
	return 0;
}

static const char *value_class(const char *value)
{
	struct eval_span s;

	return eval_span_parse(value, &s) ? "day" : eval_span_class(&s);
}

static int gold_date_items(struct scored_doc *sd, struct date_item **out, size_t *n)
{
	const struct eval_gold *g = sd->g;

	*n = 0;
	*out = calloc(g->n_dates + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < g->n_dates; i++) {
		struct date_item *it = &(*out)[*n];

		it->folded = eval_fold(sd->ev, g->dates[i].expr, strlen(g->dates[i].expr));
		if (!it->folded)
			return DOSSIER_ENOMEM;
		snprintf(it->value, sizeof it->value, "%s", g->dates[i].value);
		if (date_item_dup(*out, *n, it)) {
			free(it->folded);
			it->folded = NULL;
			continue;
		}
		it->shown = g->dates[i].expr;
		it->class = value_class(it->value);
		it->line = g->dates[i].line;
		(*n)++;
	}
	return DOSSIER_OK;
}

static int doc_date_items(struct scored_doc *sd, struct date_item **out, size_t *n)
{
	const struct doc *d = sd->d;

	*n = 0;
	*out = calloc(d->n_dates + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n_dates; i++) {
		const struct doc_date *dd = &d->dates[i];
		struct date_item *it = &(*out)[*n];

		if (dd->part > 2 || dd->start + dd->len > sd->part_len[dd->part])
			continue;
		it->cut = strndup(sd->part[dd->part] + dd->start, dd->len);
		it->folded = eval_fold(sd->ev, sd->part[dd->part] + dd->start, dd->len);
		if (!it->cut || !it->folded) {
			(*n)++; /* freed with the rest */
			return DOSSIER_ENOMEM;
		}
		eval_format_when(&dd->when, it->value);
		if (date_item_dup(*out, *n, it)) {
			free(it->folded);
			free(it->cut);
			it->folded = it->cut = NULL;
			continue;
		}
		it->shown = it->cut;
		it->class = value_class(it->value);
		(*n)++;
	}
	return DOSSIER_OK;
}

static int match_dates(struct scored_doc *sd, struct date_item *gold, size_t n_gold,
		       struct date_item *got, size_t n_got)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n_gold; i++) { /* exact */
		for (size_t k = 0; k < n_got && !gold[i].taken; k++) {
			if (!got[k].taken && !strcmp(gold[i].folded, got[k].folded) &&
			    !strcmp(gold[i].value, got[k].value)) {
				gold[i].taken = got[k].taken = 1;
				eval_count(sd->ev, EVAL_DATE, gold[i].class, 1, 0, 0);
			}
		}
	}
	for (size_t i = 0; i < n_gold && !rc; i++) { /* the same words read otherwise */
		for (size_t k = 0; k < n_got && !gold[i].taken && !rc; k++) {
			if (got[k].taken || strcmp(gold[i].folded, got[k].folded))
				continue;
			gold[i].taken = got[k].taken = 1;
			eval_count(sd->ev, EVAL_DATE, gold[i].class, 0, 0, 1);
			eval_count(sd->ev, EVAL_DATE, got[k].class, 0, 1, 0);
			rc = eval_add_item(sd->ev, EVAL_DATE, "wrong", sd->g->doc,
				      eval_format("%s  gold %s  extracted %s", gold[i].shown,
					     gold[i].value, got[k].value));
		}
	}
	for (size_t i = 0; i < n_gold && !rc; i++) {
		if (gold[i].taken)
			continue;
		eval_count(sd->ev, EVAL_DATE, gold[i].class, 0, 0, 1);
		if (!eval_doc_has(sd, gold[i].folded))
			rc = eval_warn(sd, gold[i].line, "date expression", gold[i].shown);
		if (!rc)
			rc = eval_add_item(sd->ev, EVAL_DATE, "miss", sd->g->doc,
				      eval_format("%s %s", gold[i].shown, gold[i].value));
	}
	for (size_t k = 0; k < n_got && !rc; k++) {
		if (got[k].taken)
			continue;
		eval_count(sd->ev, EVAL_DATE, got[k].class, 0, 1, 0);
		rc = eval_add_item(sd->ev, EVAL_DATE, "false", sd->g->doc,
			      eval_format("%s %s", got[k].shown, got[k].value));
	}
	return rc;
}

static int score_dates(struct scored_doc *sd)
{
	struct date_item *gold = NULL, *got = NULL;
	size_t n_gold = 0, n_got = 0;
	int rc = gold_date_items(sd, &gold, &n_gold);

	if (!rc)
		rc = doc_date_items(sd, &got, &n_got);
	if (!rc) {
		sd->ev->gold[EVAL_DATE] += n_gold;
		rc = match_dates(sd, gold, n_gold, got, n_got);
	}
	date_items_free(gold, sd->g->n_dates);
	date_items_free(got, sd->d->n_dates);
	return rc;
}

/* ---- a document ------------------------------------------------------------------------ */

int eval_score_doc(struct eval *ev, const struct eval_gold *g, const struct doc *d,
		   struct err *e)
{
	struct scored_doc sd = { .ev = ev, .g = g, .d = d };
	int rc = scored_doc_init(&sd);

	if (!rc)
		rc = score_entities(&sd);
	if (!rc)
		rc = score_dates(&sd);
	if (!rc)
		rc = eval_score_events(&sd);
	if (!rc)
		ev->documents++;
	scored_doc_release(&sd);
	if (rc)
		return err_set(e, rc, "%s: %s", g->doc, err_rc_str(rc));
	return DOSSIER_OK;
}

/* Keeps the first document ingest hands over and counts the rest. */
struct catch {
	struct doc *doc;
	size_t n;
};

static int catch_doc(void *arg, struct doc **d, struct err *e)
{
	struct catch *c = arg;

	(void)e;
	if (!c->n++) {
		c->doc = *d;
		*d = NULL;
	}
	return DOSSIER_OK;
}

int eval_run_gold(struct eval *ev, struct ingest_ctx *ingest, const struct eval_gold *g,
		  const char *base, struct err *e)
{
	struct catch c = { NULL, 0 };
	struct buf path = BUF_INIT;
	struct stat st;
	int rc;

	if (g->doc[0] == '/' || !base || !*base)
		rc = buf_adds(&path, g->doc);
	else
		rc = buf_printf(&path, "%s/%s", base, g->doc);
	if (rc) {
		buf_release(&path);
		return err_set(e, rc, "%s: out of memory", g->file);
	}
	if (stat(path.data, &st)) {
		rc = err_set(e, DOSSIER_ENOTFOUND, "%s: document %s: %s", g->file, path.data,
			     strerror(errno));
	} else {
		rc = ingest_file(ingest, path.data, catch_doc, &c, NULL, e);
		if (rc)
			err_prefix(e, "%s: document %s", g->file, path.data);
	}
	if (!rc && c.n != 1)
		rc = err_set(e, DOSSIER_EUSAGE,
			     "%s: document %s holds %zu documents (a gold file annotates one)",
			     g->file, path.data, c.n);
	if (!rc)
		rc = eval_score_doc(ev, g, c.doc, e);
	doc_free(c.doc);
	buf_release(&path);
	return rc;
}
