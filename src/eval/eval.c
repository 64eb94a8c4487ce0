/*
 * Scoring one document's extraction against its gold annotations, and
 * reading the document through ingest to get there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/utf8.h"
#include "eval/eval_int.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "text/text.h"

static const char *const entity_types[] = { "person", "org", "place", "forum", NULL };
static const char *const date_classes[] = { "day", "week", "month", "year", "range", NULL };

/* A pair that cannot be in one part of the text is this far apart. */
#define FAR_AWAY ((size_t)1 << 40)
/* Sentences of false alarms are shown up to this many characters. */
#define SENTENCE_SHOWN 60

const char *const *eval_kind_types(enum eval_kind kind)
{
	switch (kind) {
	case EVAL_ENTITY: return entity_types;
	case EVAL_DATE: return date_classes;
	default: return eval_event_types;
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

static int type_index(enum eval_kind kind, const char *type)
{
	const char *const *types = eval_kind_types(kind);

	for (int i = 0; types[i]; i++) {
		if (!strcmp(types[i], type))
			return i;
	}
	return -1;
}

/* ---- calendar spans ------------------------------------------------------------ */

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long day_number(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Sets first..last for y[-m[-d]] at `precision` (0 day, 2 month, 3 year). */
static void span_set(struct eval_span *s, int y, int m, int d, int precision)
{
	s->precision = precision;
	s->range = 0;
	if (precision == 3) {
		s->first = day_number(y, 1, 1);
		s->last = day_number(y, 12, 31);
	} else if (precision == 2) {
		s->first = day_number(y, m, 1);
		s->last = day_number(y, m, month_days(y, m));
	} else {
		s->first = s->last = day_number(y, m, d);
	}
}

/* One ISO date of s[0..len): YYYY, YYYY-MM or YYYY-MM-DD. */
static int parse_one(const char *s, size_t len, struct eval_span *out)
{
	int v[3] = { 0, 0, 0 }, n = 0;
	size_t i = 0;

	while (n < 3) {
		size_t digits = 0;
		int want = n ? 2 : 4;

		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v[n] = v[n] * 10 + (s[i++] - '0');
			digits++;
		}
		if ((int)digits != want)
			return -1;
		n++;
		if (i == len)
			break;
		if (s[i++] != '-')
			return -1;
	}
	if (i != len || v[0] < 1 || (n > 1 && (v[1] < 1 || v[1] > 12)) ||
	    (n > 2 && (v[2] < 1 || v[2] > month_days(v[0], v[1]))))
		return -1;
	span_set(out, v[0], v[1], v[2], n == 3 ? 0 : n == 2 ? 2 : 3);
	return 0;
}

int eval_span_parse(const char *s, struct eval_span *out)
{
	const char *slash = strchr(s, '/');
	struct eval_span end;

	if (!slash)
		return parse_one(s, strlen(s), out);
	if (parse_one(s, (size_t)(slash - s), out) || parse_one(slash + 1, strlen(slash + 1), &end) ||
	    end.precision != out->precision || end.last < out->first)
		return -1;
	out->last = end.last;
	out->range = 1;
	return 0;
}

const char *eval_span_class(const struct eval_span *s)
{
	/* 1970-01-01 was a Thursday: day number 4 is a Monday */
	if (s->range && s->precision == 0 && s->last - s->first == 6 &&
	    ((s->first - 4) % 7 + 7) % 7 == 0)
		return "week";
	if (s->range)
		return "range";
	return s->precision == 3 ? "year" : s->precision == 2 ? "month" : "day";
}

/* An extracted date as ISO (into out, EXTRACT_DATE_STR_MAX bytes); "-" when none. */
static void format_when(const struct doc_day_span *w, char *out)
{
	struct extract_date d = {
		.year = w->year, .month = w->month, .day = w->day,
		.end_year = w->end_year, .end_month = w->end_month, .end_day = w->end_day,
		.precision = (enum extract_date_precision)w->precision,
	};

	if (!w->year) {
		strcpy(out, "-");
		return;
	}
	extract_date_format(&d, out, EXTRACT_DATE_STR_MAX);
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
		i = type_index(kind, type);
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

static void count(struct eval *ev, enum eval_kind kind, const char *type, int tp, int fp,
		  int fn)
{
	int i = type_index(kind, type);

	if (i < 0)
		return; /* an extracted type the report does not know: not ours to count */
	ev->counts[kind][i].tp += (size_t)tp;
	ev->counts[kind][i].fp += (size_t)fp;
	ev->counts[kind][i].fn += (size_t)fn;
}

/* Adds a line to the list; `text` is taken (freed on failure). */
static int add_item(struct eval *ev, enum eval_kind kind, const char *what, const char *doc,
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

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
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

/* What scoring reads of one document. */
struct scored_doc {
	struct eval *ev;
	const struct eval_gold *g;
	const struct doc *d;
	const char *part[3]; /* title, body, captions */
	size_t part_len[3];
	char *body, *captions;
	char *folded_all;    /* the three parts folded, for "is it in there?" */
	char ***forms;       /* per extracted entity: its mentions' texts, folded */
	size_t *n_forms;
	char **names;        /* per extracted entity: its name, folded */
};

static char *fold(const struct eval *ev, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (text_normalise(ev->text, s, len, &b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int in_list(char *const *list, size_t n, const char *s)
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
		sd->names[i] = fold(sd->ev, d->entities[i].name, strlen(d->entities[i].name));
		if (!sd->names[i])
			return DOSSIER_ENOMEM;
	}
	for (size_t i = 0; i < d->n_mentions; i++) {
		const struct doc_mention *m = &d->mentions[i];
		char *f, **list;

		if (m->entity >= d->n_entities || (int)m->part < 0 || m->part > 2 ||
		    m->start + m->len > sd->part_len[m->part])
			continue; /* a mention pointing nowhere names nothing */
		f = fold(sd->ev, sd->part[m->part] + m->start, m->len);
		if (!f)
			return DOSSIER_ENOMEM;
		if (in_list(sd->forms[m->entity], sd->n_forms[m->entity], f)) {
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

static int warn(struct scored_doc *sd, unsigned line, const char *what, const char *s)
{
	return buf_printf(&sd->ev->warnings, "%s:%u: %s not in the document: %s\n", sd->g->file,
			  line, what, s);
}

/* Is folded `s` anywhere in the document's folded text? */
static int doc_has(const struct scored_doc *sd, const char *s)
{
	return *s && strstr(sd->folded_all, s) != NULL;
}

/* ---- entities ----------------------------------------------------------------------- */

/* Does one of the gold forms (folded) read like a mention of extracted entity x? */
static int forms_meet(const struct scored_doc *sd, char *const *folded, size_t n, size_t x)
{
	for (size_t i = 0; i < n; i++) {
		if (in_list(sd->forms[x], sd->n_forms[x], folded[i]))
			return 1;
	}
	return 0;
}

static int fold_list(const struct eval *ev, char *const *list, size_t n, char ***out)
{
	*out = calloc(n + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = fold(ev, list[i], strlen(list[i]));
		if (!(*out)[i])
			return DOSSIER_ENOMEM;
	}
	return DOSSIER_OK;
}

static void free_folded(char **list, size_t n)
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
		seen = doc_has(sd, folded[i]);
	if (!seen && warn(sd, g->line, "entity", g->name))
		return DOSSIER_ENOMEM;
	count(sd->ev, EVAL_ENTITY, g->type, 0, 0, 1);
	return add_item(sd->ev, EVAL_ENTITY, "miss", sd->g->doc,
			format("%s %s%s%s%s", g->type, g->name, other ? " (extracted as " : "",
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
	count(sd->ev, EVAL_ENTITY, ent->type, 0, 1, 0);
	if (!rc)
		rc = add_item(sd->ev, EVAL_ENTITY, "false", sd->g->doc,
			      format("%s %s «%s»", ent->type, ent->name, forms.data));
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

		rc = fold_list(sd->ev, g->forms, g->n_forms, &folded);
		for (x = 0; !rc && x < d->n_entities; x++) {
			if (!taken[x] && !strcmp(d->entities[x].type, g->type) &&
			    forms_meet(sd, folded, g->n_forms, x))
				break;
		}
		if (!rc && x < d->n_entities) {
			taken[x] = 1;
			count(sd->ev, EVAL_ENTITY, g->type, 1, 0, 0);
		} else if (!rc) {
			rc = entity_missed(sd, g, folded);
		}
		free_folded(folded, g->n_forms);
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

		it->folded = fold(sd->ev, g->dates[i].expr, strlen(g->dates[i].expr));
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
		it->folded = fold(sd->ev, sd->part[dd->part] + dd->start, dd->len);
		if (!it->cut || !it->folded) {
			(*n)++; /* freed with the rest */
			return DOSSIER_ENOMEM;
		}
		format_when(&dd->when, it->value);
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
				count(sd->ev, EVAL_DATE, gold[i].class, 1, 0, 0);
			}
		}
	}
	for (size_t i = 0; i < n_gold && !rc; i++) { /* the same words read otherwise */
		for (size_t k = 0; k < n_got && !gold[i].taken && !rc; k++) {
			if (got[k].taken || strcmp(gold[i].folded, got[k].folded))
				continue;
			gold[i].taken = got[k].taken = 1;
			count(sd->ev, EVAL_DATE, gold[i].class, 0, 0, 1);
			count(sd->ev, EVAL_DATE, got[k].class, 0, 1, 0);
			rc = add_item(sd->ev, EVAL_DATE, "wrong", sd->g->doc,
				      format("%s  gold %s  extracted %s", gold[i].shown,
					     gold[i].value, got[k].value));
		}
	}
	for (size_t i = 0; i < n_gold && !rc; i++) {
		if (gold[i].taken)
			continue;
		count(sd->ev, EVAL_DATE, gold[i].class, 0, 0, 1);
		if (!doc_has(sd, gold[i].folded))
			rc = warn(sd, gold[i].line, "date expression", gold[i].shown);
		if (!rc)
			rc = add_item(sd->ev, EVAL_DATE, "miss", sd->g->doc,
				      format("%s %s", gold[i].shown, gold[i].value));
	}
	for (size_t k = 0; k < n_got && !rc; k++) {
		if (got[k].taken)
			continue;
		count(sd->ev, EVAL_DATE, got[k].class, 0, 1, 0);
		rc = add_item(sd->ev, EVAL_DATE, "false", sd->g->doc,
			      format("%s %s", got[k].shown, got[k].value));
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

/* ---- events -------------------------------------------------------------------------- */

/* Extracted events that say the same thing, counted once. */
struct event_group {
	size_t *members; /* indices into d->events, the first shown */
	size_t n;
	char *key;
	int taken;
};

/* A gold event with what matching needs. */
struct gold_event {
	const struct eval_gold_event *g;
	char **actors; /* folded */
	struct eval_span when;
	int dated;
	int anchor_part; /* -1: anchor not found */
	size_t anchor_at;
};

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* type, status, date and the sorted actor keys of an event, TAB-joined. */
static char *event_key(const struct doc *d, const struct doc_event *e)
{
	char when[EXTRACT_DATE_STR_MAX];
	size_t *actors = malloc((e->n_actors + 1) * sizeof *actors);
	struct buf b = BUF_INIT;
	int rc;

	if (!actors)
		return NULL;
	if (e->n_actors)
		memcpy(actors, e->actors, e->n_actors * sizeof *actors);
	qsort(actors, e->n_actors, sizeof *actors, cmp_size);
	format_when(&e->when, when);
	rc = buf_printf(&b, "%s\t%s\t%s", e->type ? e->type : "", e->status ? e->status : "",
			when);
	for (size_t i = 0; i < e->n_actors && !rc; i++) {
		if (i && actors[i] == actors[i - 1])
			continue;
		rc = buf_printf(&b, "\t%s",
				actors[i] < d->n_entities ? d->entities[actors[i]].key : "?");
	}
	free(actors);
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void groups_free(struct event_group *groups, size_t n)
{
	for (size_t i = 0; groups && i < n; i++) {
		free(groups[i].members);
		free(groups[i].key);
	}
	free(groups);
}

static int collapse_events(const struct doc *d, struct event_group **out, size_t *n)
{
	struct event_group *groups = calloc(d->n_events + 1, sizeof *groups);

	*n = 0;
	*out = groups;
	if (!groups)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n_events; i++) {
		char *key = event_key(d, &d->events[i]);
		struct event_group *grp = NULL;

		if (!key)
			return DOSSIER_ENOMEM;
		for (size_t k = 0; k < *n && !grp; k++) {
			if (!strcmp(groups[k].key, key))
				grp = &groups[k];
		}
		if (grp) {
			free(key);
		} else {
			grp = &groups[(*n)++];
			grp->key = key;
			grp->members = calloc(d->n_events, sizeof *grp->members);
			if (!grp->members)
				return DOSSIER_ENOMEM;
		}
		grp->members[grp->n++] = i;
	}
	return DOSSIER_OK;
}

/* meet and talks are one family for matching */
static int type_family(const char *type)
{
	if (!strcmp(type, "talks"))
		return type_index(EVAL_EVENT, "meet");
	return type_index(EVAL_EVENT, type);
}

static int actor_among(const struct scored_doc *sd, const char *folded, const struct doc_event *e)
{
	for (size_t i = 0; i < e->n_actors; i++) {
		size_t x = e->actors[i];

		if (x >= sd->d->n_entities)
			continue;
		if (!strcmp(sd->names[x], folded) || in_list(sd->forms[x], sd->n_forms[x], folded))
			return 1;
	}
	return 0;
}

static int dates_agree(const struct gold_event *g, const struct doc_day_span *w)
{
	char iso[EXTRACT_DATE_STR_MAX];
	struct eval_span got;

	if (!g->dated)
		return 1;
	format_when(w, iso);
	if (!w->year || eval_span_parse(iso, &got))
		return 0;
	if (g->when.precision == 0)
		return got.precision == 0 && got.first <= g->when.last && got.last >= g->when.first;
	return got.first >= g->when.first && got.last <= g->when.last;
}

static int event_fits(const struct scored_doc *sd, const struct gold_event *g,
		      const struct doc_event *e)
{
	if (!e->type || type_family(e->type) != type_family(g->g->type) ||
	    type_family(e->type) < 0)
		return 0;
	for (size_t i = 0; i < g->g->n_actors; i++) {
		if (!actor_among(sd, g->actors[i], e))
			return 0;
	}
	return dates_agree(g, &e->when);
}

/* How far the anchor is from the nearest sentence of a group. */
static size_t anchor_distance(const struct scored_doc *sd, const struct gold_event *g,
			      const struct event_group *grp)
{
	size_t best = FAR_AWAY;

	for (size_t i = 0; i < grp->n; i++) {
		const struct doc_event *e = &sd->d->events[grp->members[i]];
		size_t dist;

		if (g->anchor_part < 0 || (int)e->part != g->anchor_part)
			continue;
		if (g->anchor_at < e->start)
			dist = e->start - g->anchor_at;
		else if (g->anchor_at < e->start + e->len)
			dist = 0;
		else
			dist = g->anchor_at - (e->start + e->len) + 1;
		if (dist < best)
			best = dist;
	}
	return best;
}

static int prepare_gold_event(struct scored_doc *sd, const struct eval_gold_event *g,
			      struct gold_event *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->g = g;
	out->anchor_part = -1;
	out->dated = strcmp(g->date, "-") != 0;
	if (out->dated && eval_span_parse(g->date, &out->when))
		out->dated = 0; /* the parser checked it; cannot happen */
	for (int p = 0; p < 3 && out->anchor_part < 0; p++) {
		const char *at = strstr(sd->part[p], g->anchor);

		if (at) {
			out->anchor_part = p;
			out->anchor_at = (size_t)(at - sd->part[p]);
		}
	}
	rc = fold_list(sd->ev, g->actors, g->n_actors, &out->actors);
	if (!rc && out->anchor_part < 0)
		rc = warn(sd, g->line, "anchor", g->anchor);
	for (size_t i = 0; i < g->n_actors && !rc && out->actors; i++) {
		if (!doc_has(sd, out->actors[i]))
			rc = warn(sd, g->line, "actor", g->actors[i]);
	}
	return rc;
}

struct event_pair {
	size_t gold, group;
	unsigned long long cost;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct event_pair *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	if (x->gold != y->gold)
		return x->gold < y->gold ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* Every gold event and group that fit, cheapest first. */
static int fitting_pairs(const struct scored_doc *sd, const struct gold_event *gold,
			 size_t n_gold, const struct event_group *groups, size_t n_groups,
			 struct event_pair **out, size_t *n)
{
	*n = 0;
	*out = calloc(n_gold * n_groups + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < n_gold; i++) {
		for (size_t k = 0; k < n_groups; k++) {
			const struct doc_event *e = &sd->d->events[groups[k].members[0]];
			unsigned long long cost = anchor_distance(sd, &gold[i], &groups[k]);

			if (!event_fits(sd, &gold[i], e))
				continue;
			if (strcmp(e->type, gold[i].g->type))
				cost += 1ULL << 50;
			if (!e->status || strcmp(e->status, gold[i].g->status))
				cost += 1ULL << 45;
			(*out)[(*n)++] = (struct event_pair){ i, k, cost };
		}
	}
	qsort(*out, *n, sizeof **out, cmp_pair);
	return DOSSIER_OK;
}

/* An extracted event as a line: type status date actors «sentence». */
static char *describe_event(const struct scored_doc *sd, const struct doc_event *e)
{
	char when[EXTRACT_DATE_STR_MAX];
	struct buf b = BUF_INIT;
	const char *text = (int)e->part >= 0 && e->part <= 2 ? sd->part[e->part] : "";
	size_t len = (int)e->part >= 0 && e->part <= 2 ? sd->part_len[e->part] : 0;
	size_t start = e->start < len ? e->start : len, end = start, chars = 0;
	int rc;

	while (end < len && end < e->start + e->len && chars < SENTENCE_SHOWN) {
		utf8_next(text, len, &end);
		chars++;
	}
	format_when(&e->when, when);
	rc = buf_printf(&b, "%s %s %s ", e->type ? e->type : "?", e->status ? e->status : "?",
			when);
	for (size_t i = 0; i < e->n_actors && !rc; i++)
		rc = buf_printf(&b, "%s%s", i ? "|" : "",
				e->actors[i] < sd->d->n_entities ? sd->d->entities[e->actors[i]].name
								 : "?");
	if (!e->n_actors && !rc)
		rc = buf_addc(&b, '-');
	if (!rc)
		rc = buf_printf(&b, " «%.*s%s»", (int)(end - start), text + start,
				end < e->start + e->len && end < len ? "…" : "");
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static char *describe_gold(const struct eval_gold_event *g)
{
	struct buf b = BUF_INIT;
	int rc = buf_printf(&b, "%s %s %s ", g->type, g->status, g->date);

	for (size_t i = 0; i < g->n_actors && !rc; i++)
		rc = buf_printf(&b, "%s%s", i ? "|" : "", g->actors[i]);
	if (!rc)
		rc = buf_printf(&b, " «%s»", g->anchor);
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Counts one matched pair: its type confusion and its status. */
static int event_matched(struct scored_doc *sd, const struct eval_gold_event *g,
			 const struct doc_event *e)
{
	int same_status = e->status && !strcmp(e->status, g->status);
	int rc = DOSSIER_OK;

	count(sd->ev, EVAL_EVENT, g->type, 1, 0, 0);
	if (strcmp(e->type, g->type))
		rc = add_item(sd->ev, EVAL_EVENT, "type", sd->g->doc,
			      format("gold %s, extracted %s: %s «%s»", g->type, e->type,
				     g->date, g->anchor));
	if (same_status) {
		count(sd->ev, EVAL_EVENT_STRICT, g->type, 1, 0, 0);
		return rc;
	}
	count(sd->ev, EVAL_EVENT_STRICT, g->type, 0, 0, 1);
	count(sd->ev, EVAL_EVENT_STRICT, e->type, 0, 1, 0);
	if (!rc)
		rc = add_item(sd->ev, EVAL_EVENT_STRICT, "status", sd->g->doc,
			      format("gold %s, extracted %s: %s %s «%s»", g->status,
				     e->status ? e->status : "?", g->type, g->date, g->anchor));
	return rc;
}

static int match_events(struct scored_doc *sd, struct gold_event *gold, size_t n_gold,
			struct event_group *groups, size_t n_groups)
{
	struct event_pair *pairs = NULL;
	unsigned char *gold_taken = calloc(n_gold + 1, 1);
	size_t n_pairs = 0;
	int rc = gold_taken ? fitting_pairs(sd, gold, n_gold, groups, n_groups, &pairs, &n_pairs)
			    : DOSSIER_ENOMEM;

	for (size_t p = 0; p < n_pairs && !rc; p++) {
		struct event_pair *pr = &pairs[p];

		if (gold_taken[pr->gold] || groups[pr->group].taken)
			continue;
		gold_taken[pr->gold] = 1;
		groups[pr->group].taken = 1;
		rc = event_matched(sd, gold[pr->gold].g,
				   &sd->d->events[groups[pr->group].members[0]]);
	}
	for (size_t i = 0; i < n_gold && !rc; i++) {
		if (gold_taken[i])
			continue;
		count(sd->ev, EVAL_EVENT, gold[i].g->type, 0, 0, 1);
		count(sd->ev, EVAL_EVENT_STRICT, gold[i].g->type, 0, 0, 1);
		rc = add_item(sd->ev, EVAL_EVENT, "miss", sd->g->doc, describe_gold(gold[i].g));
	}
	for (size_t k = 0; k < n_groups && !rc; k++) {
		const struct doc_event *e = &sd->d->events[groups[k].members[0]];

		if (groups[k].taken)
			continue;
		count(sd->ev, EVAL_EVENT, e->type ? e->type : "", 0, 1, 0);
		count(sd->ev, EVAL_EVENT_STRICT, e->type ? e->type : "", 0, 1, 0);
		rc = add_item(sd->ev, EVAL_EVENT, "false", sd->g->doc, describe_event(sd, e));
	}
	free(pairs);
	free(gold_taken);
	return rc;
}

static int score_events(struct scored_doc *sd)
{
	const struct eval_gold *g = sd->g;
	struct gold_event *gold = calloc(g->n_events + 1, sizeof *gold);
	struct event_group *groups = NULL;
	size_t n_groups = 0;
	int rc = gold ? DOSSIER_OK : DOSSIER_ENOMEM;

	for (size_t i = 0; i < g->n_events && !rc; i++)
		rc = prepare_gold_event(sd, &g->events[i], &gold[i]);
	if (!rc)
		rc = collapse_events(sd->d, &groups, &n_groups);
	if (!rc) {
		sd->ev->gold[EVAL_EVENT] += g->n_events;
		rc = match_events(sd, gold, g->n_events, groups, n_groups);
	}
	for (size_t i = 0; gold && i < g->n_events; i++)
		free_folded(gold[i].actors, g->events[i].n_actors);
	free(gold);
	groups_free(groups, sd->d->n_events); /* unused slots are zero */
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
		rc = score_events(&sd);
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
