#include "core/doc.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/err.h"
#include "core/utf8.h"

struct doc *doc_new(void)
{
	struct doc *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->published = DOC_TIME_NONE;
	d->fetched = DOC_TIME_NONE;
	d->updated = DOC_TIME_NONE;
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	free(d->url);
	free(d->title);
	free(d->source);
	free(d->author);
	free(d->affiliation);
	free(d->format);
	free(d->script);
	free(d->origin);
	free(d->guid);
	free(d->summary);
	free(d->feed);
	for (size_t i = 0; i < d->n_categories; i++)
		free(d->categories[i]);
	free(d->categories);
	for (size_t i = 0; i < d->n_paras; i++)
		free(d->paras[i].text);
	free(d->paras);
	for (size_t i = 0; i < d->n_images; i++) {
		free(d->images[i].src);
		free(d->images[i].caption);
	}
	free(d->images);
	for (size_t i = 0; i < d->n_links; i++) {
		free(d->links[i].href);
		free(d->links[i].text);
	}
	free(d->links);
	for (size_t i = 0; i < d->n_names; i++) {
		free(d->names[i].name);
		free(d->names[i].latin);
	}
	free(d->names);
	doc_clear_entities(d);
	free(d->entities);
	free(d->mentions);
	free(d->dates);
	free(d->events);
	free(d);
}

int doc_set(char **field, const char *s, size_t len)
{
	char *copy = NULL;

	if (s) {
		if (len == (size_t)-1)
			len = strlen(s);
		copy = malloc(len + 1);
		if (!copy)
			return DOSSIER_ENOMEM;
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	free(*field);
	*field = copy;
	return DOSSIER_OK;
}

/* Grows an array of `size`-byte items so one more fits. */
static int grow(void **items, size_t n, size_t *cap, size_t size)
{
	void *p;
	size_t want;

	if (n < *cap)
		return DOSSIER_OK;
	want = *cap ? *cap * 2 : 8;
	p = realloc(*items, want * size);
	if (!p)
		return DOSSIER_ENOMEM;
	*items = p;
	*cap = want;
	return DOSSIER_OK;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*failed = 1;
	return p;
}

int doc_add_para(struct doc *d, enum doc_para_kind kind, const char *text)
{
	char *copy;

	if (!text || !*text)
		return DOSSIER_OK;
	if (grow((void **)&d->paras, d->n_paras, &d->cap_paras, sizeof *d->paras))
		return DOSSIER_ENOMEM;
	copy = strdup(text);
	if (!copy)
		return DOSSIER_ENOMEM;
	d->paras[d->n_paras].kind = kind;
	d->paras[d->n_paras].text = copy;
	d->n_paras++;
	return DOSSIER_OK;
}

int doc_add_image(struct doc *d, const char *src, const char *caption)
{
	int failed = 0;
	struct doc_image img;

	if (grow((void **)&d->images, d->n_images, &d->cap_images, sizeof *d->images))
		return DOSSIER_ENOMEM;
	img.src = dup_or_null(src, &failed);
	img.caption = dup_or_null(caption, &failed);
	if (failed) {
		free(img.src);
		free(img.caption);
		return DOSSIER_ENOMEM;
	}
	d->images[d->n_images++] = img;
	return DOSSIER_OK;
}

int doc_add_link(struct doc *d, const char *href, const char *text)
{
	int failed = 0;
	struct doc_link link;

	if (!href)
		return DOSSIER_OK;
	if (grow((void **)&d->links, d->n_links, &d->cap_links, sizeof *d->links))
		return DOSSIER_ENOMEM;
	link.href = dup_or_null(href, &failed);
	link.text = dup_or_null(text ? text : "", &failed);
	if (failed) {
		free(link.href);
		free(link.text);
		return DOSSIER_ENOMEM;
	}
	d->links[d->n_links++] = link;
	return DOSSIER_OK;
}

/*
 * The length of the terminal escape sequence at s (ESC or a C1 CSI/OSC
 * already seen as `intro`: '[' for CSI, ']' for OSC, else 0): its
 * parameters and final byte, or the string an OSC carries up to its
 * terminator (BEL or ESC \).  Only bytes a sequence may hold are taken.
 */
static size_t escape_sequence_len(const unsigned char *s, unsigned char intro)
{
	size_t i = 0;

	if (intro == '[') {
		while (s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		return s[i] >= 0x40 && s[i] <= 0x7E ? i + 1 : i;
	}
	if (intro == ']') {
		while (s[i] && s[i] != 0x07 && s[i] != 0x1B && s[i] >= 0x20)
			i++;
		if (s[i] == 0x07)
			return i + 1;
		/* Unterminated, it is not one: the text after it stays. */
		return s[i] == 0x1B && s[i + 1] == '\\' ? i + 2 : 0;
	}
	return 0;
}

/* What strip_controls() keeps of the white-space controls. */
enum strip_mode {
	STRIP_ONE_LINE,  /* tab and line breaks become a space */
	STRIP_MULTILINE, /* tab and line feed stay, carriage returns go */
	STRIP_SEQUENCES, /* only escape sequences and C1 controls go (for parsers) */
};

/*
 * Strips controls from `s` in place, with the escape sequences they open
 * ("ESC [ 3 1 m" goes whole, not only its ESC).  Returns the new length.
 */
static size_t strip_controls(char *s, enum strip_mode mode, size_t *removed)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	if (!s)
		return 0;
	while (*r) {
		if (removed && (*r == 0x1B || (*r == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F)))
			++*removed;
		if (*r == 0x1B) {
			unsigned char intro = r[1];

			if (intro == '[' || intro == ']') {
				r += 2 + escape_sequence_len(r + 2, intro);
				continue;
			}
			/* ESC, intermediates, a final byte: ESC c, ESC ( B, ESC 7 */
			r++;
			while (*r >= 0x20 && *r <= 0x2F)
				r++;
			if (*r >= 0x30 && *r <= 0x7E)
				r++;
			continue;
		}
		if (*r == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F) {
			unsigned char c1 = r[1];

			r += 2; /* a C1 control, U+0080-U+009F */
			if (c1 == 0x9B || c1 == 0x9D)
				r += escape_sequence_len(r, c1 == 0x9B ? '[' : ']');
			continue;
		}
		if (mode == STRIP_SEQUENCES) {
			*w++ = *r++;
			continue;
		}
		if (*r == '\t' || *r == '\n' || *r == '\r') {
			if (mode == STRIP_ONE_LINE)
				*w++ = ' ';
			else if (*r != '\r')
				*w++ = *r;
			r++;
			continue;
		}
		if (*r < 0x20 || *r == 0x7F) {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - (unsigned char *)s);
}

size_t doc_strip_terminal_codes(char *s, size_t *removed)
{
	return strip_controls(s, STRIP_SEQUENCES, removed);
}

void doc_strip_controls(struct doc *d)
{
	size_t kept = 0;

	strip_controls(d->url, STRIP_ONE_LINE, NULL);
	strip_controls(d->title, STRIP_ONE_LINE, NULL);
	strip_controls(d->source, STRIP_ONE_LINE, NULL);
	strip_controls(d->author, STRIP_ONE_LINE, NULL);
	strip_controls(d->affiliation, STRIP_ONE_LINE, NULL);
	strip_controls(d->guid, STRIP_ONE_LINE, NULL);
	strip_controls(d->feed, STRIP_ONE_LINE, NULL);
	strip_controls(d->summary, STRIP_MULTILINE, NULL);
	for (size_t i = 0; i < d->n_categories; i++)
		strip_controls(d->categories[i], STRIP_ONE_LINE, NULL);
	for (size_t i = 0; i < d->n_paras; i++) {
		strip_controls(d->paras[i].text, STRIP_MULTILINE, NULL);
		if (d->paras[i].text[0])
			d->paras[kept++] = d->paras[i];
		else
			free(d->paras[i].text);
	}
	d->n_paras = kept;
	for (size_t i = 0; i < d->n_images; i++) {
		strip_controls(d->images[i].src, STRIP_ONE_LINE, NULL);
		strip_controls(d->images[i].caption, STRIP_MULTILINE, NULL);
	}
	for (size_t i = 0; i < d->n_links; i++) {
		strip_controls(d->links[i].href, STRIP_ONE_LINE, NULL);
		strip_controls(d->links[i].text, STRIP_ONE_LINE, NULL);
	}
}

int64_t doc_published_known(int64_t published, unsigned flags)
{
	return flags & DOC_F_DATE_FROM_FETCH ? DOC_TIME_NONE : published;
}

const char *doc_published_from(int64_t published, unsigned flags)
{
	if (doc_published_known(published, flags) == DOC_TIME_NONE)
		return NULL;
	if (flags & DOC_F_DATE_FROM_URL)
		return "url";
	if (flags & DOC_F_DATE_FROM_TEXT)
		return "text";
	return "source";
}

void doc_drop_repeated_title(struct doc *d)
{
	if (!d->n_paras || !d->title || strcmp(d->paras[0].text, d->title))
		return;
	free(d->paras[0].text);
	memmove(d->paras, d->paras + 1, (d->n_paras - 1) * sizeof *d->paras);
	d->n_paras--;
}

int doc_add_category(struct doc *d, const char *category)
{
	char **grown, *copy;

	if (!category || !*category)
		return DOSSIER_OK;
	for (size_t i = 0; i < d->n_categories; i++)
		if (!strcmp(d->categories[i], category))
			return DOSSIER_OK;
	copy = strdup(category);
	grown = copy ? realloc(d->categories, (d->n_categories + 1) * sizeof *grown) : NULL;
	if (!grown) {
		free(copy);
		return DOSSIER_ENOMEM;
	}
	d->categories = grown;
	d->categories[d->n_categories++] = copy;
	return DOSSIER_OK;
}

int doc_add_name_pair(struct doc *d, const char *name, const char *latin)
{
	int failed = 0;
	struct doc_name_pair pair;

	for (size_t i = 0; i < d->n_names; i++) {
		if (!strcmp(d->names[i].name, name) && !strcmp(d->names[i].latin, latin))
			return DOSSIER_OK;
	}
	if (grow((void **)&d->names, d->n_names, &d->cap_names, sizeof *d->names))
		return DOSSIER_ENOMEM;
	pair.name = dup_or_null(name, &failed);
	pair.latin = dup_or_null(latin, &failed);
	if (failed) {
		free(pair.name);
		free(pair.latin);
		return DOSSIER_ENOMEM;
	}
	d->names[d->n_names++] = pair;
	return DOSSIER_OK;
}

int doc_add_entity(struct doc *d, const char *key, const char *name, const char *type,
		   size_t *index)
{
	int failed = 0;
	struct doc_entity ent;

	for (size_t i = 0; i < d->n_entities; i++) {
		if (!strcmp(d->entities[i].key, key)) {
			*index = i;
			return DOSSIER_OK;
		}
	}
	if (grow((void **)&d->entities, d->n_entities, &d->cap_entities, sizeof *d->entities))
		return DOSSIER_ENOMEM;
	ent.key = dup_or_null(key, &failed);
	ent.name = dup_or_null(name, &failed);
	ent.type = dup_or_null(type, &failed);
	if (failed) {
		free(ent.key);
		free(ent.name);
		free(ent.type);
		return DOSSIER_ENOMEM;
	}
	*index = d->n_entities;
	d->entities[d->n_entities++] = ent;
	return DOSSIER_OK;
}

int doc_add_mention(struct doc *d, size_t entity, enum doc_part part, size_t start,
		    size_t len)
{
	if (grow((void **)&d->mentions, d->n_mentions, &d->cap_mentions, sizeof *d->mentions))
		return DOSSIER_ENOMEM;
	d->mentions[d->n_mentions++] = (struct doc_mention){ entity, part, start, len };
	return DOSSIER_OK;
}

void doc_clear_entities(struct doc *d)
{
	for (size_t i = 0; i < d->n_entities; i++) {
		free(d->entities[i].key);
		free(d->entities[i].name);
		free(d->entities[i].type);
	}
	d->n_entities = 0;
	d->n_mentions = 0;
	doc_clear_events(d); /* their actors pointed into the entities */
}

int doc_add_date(struct doc *d, const struct doc_date *date)
{
	if (grow((void **)&d->dates, d->n_dates, &d->cap_dates, sizeof *d->dates))
		return DOSSIER_ENOMEM;
	d->dates[d->n_dates++] = *date;
	return DOSSIER_OK;
}

static void event_release(struct doc_event *ev)
{
	free(ev->type);
	free(ev->status);
	free(ev->actors);
	free(ev->roles);
	free(ev->countries);
	free(ev->rule);
}

int doc_add_event(struct doc *d, const struct doc_event *ev)
{
	struct doc_event copy = *ev;
	int failed = 0;

	if (grow((void **)&d->events, d->n_events, &d->cap_events, sizeof *d->events))
		return DOSSIER_ENOMEM;
	copy.type = dup_or_null(ev->type, &failed);
	copy.status = dup_or_null(ev->status, &failed);
	copy.rule = dup_or_null(ev->rule, &failed);
	copy.actors = NULL;
	copy.roles = NULL;
	copy.countries = NULL;
	if (ev->n_actors) {
		copy.actors = malloc(ev->n_actors * sizeof *copy.actors);
		if (copy.actors)
			memcpy(copy.actors, ev->actors, ev->n_actors * sizeof *copy.actors);
		else
			failed = 1;
	}
	if (ev->n_actors && ev->roles) {
		copy.roles = malloc(ev->n_actors);
		if (copy.roles)
			memcpy(copy.roles, ev->roles, ev->n_actors);
		else
			failed = 1;
	}
	if (ev->n_actors && ev->countries) {
		copy.countries = malloc(ev->n_actors * sizeof *copy.countries);
		if (copy.countries)
			memcpy(copy.countries, ev->countries, ev->n_actors * sizeof *copy.countries);
		else
			failed = 1;
	}
	if (failed) {
		event_release(&copy);
		return DOSSIER_ENOMEM;
	}
	d->events[d->n_events++] = copy;
	return DOSSIER_OK;
}

void doc_clear_events(struct doc *d)
{
	for (size_t i = 0; i < d->n_events; i++)
		event_release(&d->events[i]);
	d->n_events = 0;
}

char *doc_text(const struct doc *d)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < d->n_paras; i++) {
		if ((i && buf_adds(&b, "\n\n")) || buf_adds(&b, d->paras[i].text)) {
			buf_release(&b);
			return NULL;
		}
	}
	return buf_detach(&b);
}

char *doc_captions(const struct doc *d)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < d->n_images; i++) {
		const char *c = d->images[i].caption;

		if (!c || !*c)
			continue;
		if ((b.len && buf_addc(&b, '\n')) || buf_adds(&b, c)) {
			buf_release(&b);
			return NULL;
		}
	}
	return buf_detach(&b);
}

/* Appends `s` with every run of white space replaced by one space. */
static int add_collapsed(struct buf *b, const char *s)
{
	size_t len = strlen(s), pos = 0;
	int in_space = 1, rc = DOSSIER_OK;

	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (utf8_is_space(cp)) {
			in_space = 1;
			continue;
		}
		if (in_space && b->len)
			rc = buf_addc(b, ' ');
		in_space = 0;
		if (!rc)
			rc = buf_add(b, s + at, pos - at);
	}
	return rc;
}

/* Appends `s` collapsed, after `norm` (when given) has normalised it. */
static int add_normalised(struct buf *b, const char *s, doc_normalise_fn norm, void *arg)
{
	struct buf tmp = BUF_INIT;
	int rc;

	if (!norm)
		return add_collapsed(b, s);
	rc = norm(arg, s, strlen(s), &tmp);
	if (!rc)
		rc = add_collapsed(b, tmp.data ? tmp.data : "");
	buf_release(&tmp);
	return rc;
}

int doc_compute_hash_with(struct doc *d, doc_normalise_fn norm, void *arg)
{
	struct buf b = BUF_INIT;
	gchar *hex;
	int rc = add_normalised(&b, d->title ? d->title : "", norm, arg);

	for (size_t i = 0; i < d->n_paras && !rc; i++)
		rc = add_normalised(&b, d->paras[i].text, norm, arg);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
					  (const guchar *)(b.data ? b.data : ""), b.len);
	buf_release(&b);
	if (!hex)
		return DOSSIER_ENOMEM;
	memcpy(d->hash, hex, 64);
	d->hash[64] = '\0';
	g_free(hex);
	return DOSSIER_OK;
}

int doc_compute_hash(struct doc *d)
{
	return doc_compute_hash_with(d, NULL, NULL);
}

/* ---- day spans ---------------------------------------------------------------- */

static int valid_year(int y)
{
	return y >= 1 && y <= 9999;
}

/*
 * The precision a date can really claim: a day-precise date without a
 * valid day is a month, a month without a valid month a year.
 */
static int claimed_precision(int y, int m, int d, int precision)
{
	if (precision < 0 || precision > 3)
		precision = 0;
	if (precision <= 1 && (m < 1 || m > 12 || d < 1 || d > datetime_month_days(y, m)))
		precision = 2;
	if (precision == 2 && (m < 1 || m > 12))
		precision = 3;
	return precision;
}

/* Does the end of the range come on or before its start (no range at all)? */
static int ends_before_start(const struct doc_day_span *w)
{
	if (w->end_year != w->year)
		return w->end_year < w->year;
	if (w->end_month != w->month)
		return w->end_month < w->month;
	return w->end_day <= w->day;
}

void doc_span_normalise(struct doc_day_span *w)
{
	int p;

	if (!valid_year(w->year)) {
		memset(w, 0, sizeof *w);
		return;
	}
	p = claimed_precision(w->year, w->month, w->day, w->precision);
	w->precision = p;
	if (p >= 2)
		w->day = 0;
	if (p == 3)
		w->month = 0;
	if (w->end_year) {
		int ok = valid_year(w->end_year) &&
			 (p == 3 || (w->end_month >= 1 && w->end_month <= 12)) &&
			 (p >= 2 || (w->end_day >= 1 &&
				     w->end_day <= datetime_month_days(w->end_year, w->end_month)));

		if (ok && p >= 2)
			w->end_day = 0;
		if (ok && p == 3)
			w->end_month = 0;
		if (!ok || ends_before_start(w))
			w->end_year = w->end_month = w->end_day = 0;
	}
	if (!w->end_year)
		w->end_month = w->end_day = 0;
}

void doc_span_days(const struct doc_day_span *w, int *start, int *end)
{
	int p = w->precision;

	*start = (int)datetime_days_from_civil(w->year, p == 3 ? 1 : w->month, p >= 2 ? 1 : w->day);
	if (w->end_year) {
		int ey = w->end_year, em = p == 3 ? 12 : w->end_month;

		*end = (int)datetime_days_from_civil(ey, em, p >= 2 ? datetime_month_days(ey, em) : w->end_day);
	} else if (p == 3) {
		*end = (int)datetime_days_from_civil(w->year, 12, 31);
	} else if (p == 2) {
		*end = (int)datetime_days_from_civil(w->year, w->month, datetime_month_days(w->year, w->month));
	} else {
		*end = *start + (p == 1 ? 6 : 0);
	}
	if (*end < *start)
		*end = *start;
}
