/*
 * record.c — the feed-archive record (seeds 000-003, *-jekyll.md).
 *
 *	[---  YAML front matter  ---]
 *	<!--1685413023000-->
 *	[Title](https://url)
 *	------
 *	<html body>
 *
 * The header is read line by line (LF, CRLF or CR); the body goes to
 * html_body_to_doc(), whose dateline gives the publication time and the
 * byline.  Only the few YAML forms the archives write are understood:
 * `key: value` with plain, "double" or 'single' quoted values, and flow
 * (`[ a, b ]`) or block (`- a`) lists for tags and categories.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/utf8.h"
#include "ingest/ingest_int.h"

/* Front-matter values longer than this are cut (titles, URLs, dates). */
#define RECORD_VALUE_MAX (64u << 10)
/* Outlet names kept from tags/categories, to tell author from outlet. */
#define RECORD_OUTLETS_MAX 16
/* A byline longer than this is not a name. */
#define RECORD_BYLINE_MAX_CP 40
/* Clock skew allowed between a dateline and the fetch time: one hour. */
#define RECORD_SKEW_MS ((int64_t)3600 * 1000)

/* ---- reading lines ------------------------------------------------------------- */

struct record_cursor {
	const char *s;
	size_t len, pos;
};

/*
 * The next line (without its end of line) in *line and *n; 0 at the end of
 * the input.
 */
static int next_line(struct record_cursor *c, const char **line, size_t *n)
{
	size_t i = c->pos;

	if (c->pos >= c->len)
		return 0;
	while (i < c->len && c->s[i] != '\n' && c->s[i] != '\r')
		i++;
	*line = c->s + c->pos;
	*n = i - c->pos;
	if (i < c->len && c->s[i] == '\r')
		i++;
	if (i < c->len && c->s[i] == '\n')
		i++;
	c->pos = i;
	return 1;
}

/* Trims ASCII and Unicode white space off both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	size_t start = utf8_skip_space(s, *n, 0);
	size_t end = utf8_trim_space_end(s, *n);

	if (end < start)
		end = start;
	*n = end - start;
	return s + start;
}

/* The next line that is not blank, trimmed; 0 at the end of the input. */
static int next_content_line(struct record_cursor *c, const char **line,
			     size_t *n)
{
	while (next_line(c, line, n)) {
		*line = trim(*line, n);
		if (*n)
			return 1;
	}
	return 0;
}

static int line_is(const char *s, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(s, what, n) == 0;
}

/* `<!--DIGITS-->`, with optional spaces inside; the number in *ms. */
static int parse_fetch_line(const char *s, size_t n, int64_t *ms)
{
	size_t i = 4, digits = 0;
	int64_t v = 0;

	if (n < 8 || memcmp(s, "<!--", 4) || memcmp(s + n - 3, "-->", 3))
		return 0;
	n -= 3;
	while (i < n && s[i] == ' ')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (++digits > 15) /* past year 33658: not a time */
			return 0;
		v = v * 10 + (s[i++] - '0');
	}
	while (i < n && s[i] == ' ')
		i++;
	if (!digits || i != n)
		return 0;
	*ms = v;
	return 1;
}

/* `------`: three or more dashes and nothing else. */
static int is_rule(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '-')
		i++;
	return n >= 3 && i == n;
}

/* Skips an optional UTF-8 byte order mark. */
static void skip_bom(struct record_cursor *c)
{
	if (c->len >= 3 && memcmp(c->s, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
}

/* ---- front matter ---------------------------------------------------------------- */

struct record_front {
	struct buf title, date, author, url;
	struct buf outlets[RECORD_OUTLETS_MAX];
	size_t n_outlets;
	int in_list; /* the last key was tags/categories with a block list */
};

static void front_init(struct record_front *f)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->title, RECORD_VALUE_MAX);
	buf_init(&f->date, RECORD_VALUE_MAX);
	buf_init(&f->author, RECORD_VALUE_MAX);
	buf_init(&f->url, RECORD_VALUE_MAX);
	for (size_t i = 0; i < RECORD_OUTLETS_MAX; i++)
		buf_init(&f->outlets[i], RECORD_VALUE_MAX);
}

static void front_release(struct record_front *f)
{
	buf_release(&f->title);
	buf_release(&f->date);
	buf_release(&f->author);
	buf_release(&f->url);
	for (size_t i = 0; i < RECORD_OUTLETS_MAX; i++)
		buf_release(&f->outlets[i]);
}

/* Reads `digits` hex digits at s[*i]; -1 if they are not there. */
static long read_hex(const char *s, size_t n, size_t *i, int digits)
{
	long v = 0;

	if (*i + (size_t)digits > n)
		return -1;
	for (int k = 0; k < digits; k++) {
		int h = ascii_hex_value(s[*i + (size_t)k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	*i += (size_t)digits;
	return v;
}

/*
 * A YAML double-quoted scalar starting after the opening quote; stops at
 * the closing quote or the end of the line.  Returns the bytes consumed.
 */
static size_t unquote_double(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n && s[i] != '"') {
		long cp;

		if (s[i] != '\\' || i + 1 >= n) {
			buf_addc(out, s[i++]);
			continue;
		}
		i += 2;
		switch (s[i - 1]) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case '0': break; /* NUL has no place in a title */
		case '_': utf8_add(out, 0xA0); break;
		case 'x':
		case 'u':
		case 'U':
			cp = read_hex(s, n, &i, s[i - 1] == 'x' ? 2 : s[i - 1] == 'u' ? 4 : 8);
			if (cp > 0 && cp <= 0x10FFFF && !utf8_add(out, (uint32_t)cp))
				break;
			if (cp != 0)
				utf8_add(out, UTF8_REPLACEMENT);
			break;
		default: /* \" \\ \/ and unknown escapes: the character itself */
			buf_addc(out, s[i - 1]);
		}
	}
	return i < n ? i + 1 : i;
}

/* A YAML single-quoted scalar ('' is one quote); as unquote_double(). */
static size_t unquote_single(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '\'') {
			if (i + 1 < n && s[i + 1] == '\'') {
				buf_addc(out, '\'');
				i += 2;
				continue;
			}
			return i + 1;
		}
		buf_addc(out, s[i++]);
	}
	return i;
}

/* A scalar value: quoted, or plain up to a " #" comment. */
static void read_scalar(const char *s, size_t n, struct buf *out)
{
	buf_reset(out);
	if (n && s[0] == '"') {
		unquote_double(s + 1, n - 1, out);
	} else if (n && s[0] == '\'') {
		unquote_single(s + 1, n - 1, out);
	} else {
		for (size_t i = 0; i + 1 < n; i++) {
			if ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '#') {
				n = i;
				break;
			}
		}
		buf_add(out, s, n);
	}
	buf_trim(out);
}

static void add_outlet(struct record_front *f, const char *s, size_t n)
{
	s = trim(s, &n);
	if (!n || f->n_outlets >= RECORD_OUTLETS_MAX)
		return;
	read_scalar(s, n, &f->outlets[f->n_outlets]);
	if (f->outlets[f->n_outlets].len)
		f->n_outlets++;
}

/* `[ a, b ]` or a single value: every item names the outlet. */
static void read_outlets(struct record_front *f, const char *s, size_t n)
{
	size_t start;

	if (!n || s[0] != '[') {
		add_outlet(f, s, n);
		return;
	}
	s++;
	n--;
	if (n && s[n - 1] == ']')
		n--;
	start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == ',') {
			add_outlet(f, s + start, i - start);
			start = i + 1;
		}
	}
}

/* One front-matter line. */
static void front_line(struct record_front *f, const char *s, size_t n)
{
	size_t k = 0;
	const char *v;
	size_t vn;

	if (!n || s[0] == '#')
		return;
	if (s[0] == '-' && f->in_list) { /* block list item under tags: */
		add_outlet(f, s + 1, n - 1);
		return;
	}
	while (k < n && s[k] != ':')
		k++;
	if (k == n)
		return;
	vn = n - k - 1;
	v = trim(s + k + 1, &vn);
	f->in_list = 0;
	if (line_is(s, k, "title"))
		read_scalar(v, vn, &f->title);
	else if (line_is(s, k, "date"))
		read_scalar(v, vn, &f->date);
	else if (line_is(s, k, "author"))
		read_scalar(v, vn, &f->author);
	else if (line_is(s, k, "from") || line_is(s, k, "link") ||
		 line_is(s, k, "url"))
		read_scalar(v, vn, &f->url);
	else if (line_is(s, k, "tags") || line_is(s, k, "categories")) {
		f->in_list = vn == 0;
		read_outlets(f, v, vn);
	}
}

/*
 * Reads the front matter after its opening `---` up to the closing `---`
 * (or `...`).  0 when the closing line is missing.
 */
static int read_front(struct record_cursor *c, struct record_front *f)
{
	const char *line;
	size_t n;

	while (next_line(c, &line, &n)) {
		const char *t = line;
		size_t tn = n;

		t = trim(t, &tn);
		if (line_is(t, tn, "---") || line_is(t, tn, "..."))
			return 1;
		front_line(f, t, tn);
	}
	return 0;
}

/* ---- title, entities ------------------------------------------------------------- */

/* Decodes one entity at s[*i] ('&'); 0 (nothing consumed) if it is none. */
static int decode_entity(const char *s, size_t n, size_t *i, struct buf *out)
{
	static const struct { const char *name; uint32_t cp; } named[] = {
		{ "quot", '"' }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
		{ "apos", '\'' }, { "nbsp", 0xA0 }, { "ldquo", 0x201C },
		{ "rdquo", 0x201D }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
		{ "mdash", 0x2014 }, { "ndash", 0x2013 }, { "hellip", 0x2026 },
		{ "middot", 0xB7 },
	};
	size_t j = *i + 1, end;
	long cp = -1;

	end = j;
	while (end < n && end - j < 10 && s[end] != ';' && s[end] != '&')
		end++;
	if (end >= n || s[end] != ';' || end == j)
		return 0;
	if (s[j] == '#') {
		size_t k = j + 1;
		int base = 10;

		if (k < end && (s[k] == 'x' || s[k] == 'X')) {
			base = 16;
			k++;
		}
		if (k == end)
			return 0;
		for (cp = 0; k < end; k++) {
			int h = ascii_hex_value(s[k]);

			if (h < 0 || h >= base)
				return 0;
			cp = cp * base + h;
		}
		if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = UTF8_REPLACEMENT;
	} else {
		for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
			if (line_is(s + j, end - j, named[k].name))
				cp = (long)named[k].cp;
		if (cp < 0)
			return 0;
	}
	utf8_add(out, (uint32_t)cp);
	*i = end + 1;
	return 1;
}

static int is_ascii_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/*
 * Appends s[0..n) to `out` with HTML entities decoded and, when
 * `markdown`, Markdown backslash escapes (\[ \]) undone; then trims.
 */
static int clean_title(const char *s, size_t n, int markdown, struct buf *out)
{
	size_t i = 0;
	int rc = DOSSIER_OK;

	buf_reset(out);
	while (i < n && !rc) {
		char c = s[i];
		size_t before = out->len;

		if (markdown && c == '\\' && i + 1 < n && is_ascii_punct(s[i + 1])) {
			rc = buf_addc(out, s[i + 1]);
			i += 2;
		} else if (c == '&' && decode_entity(s, n, &i, out)) {
			/* an entity that did not fit leaves the buffer unchanged */
			if (out->len == before)
				rc = DOSSIER_ENOMEM;
		} else {
			rc = buf_addc(out, c);
			i++;
		}
	}
	buf_trim(out);
	return rc;
}

/*
 * `[title](url)`: the title may itself hold "](" and brackets, so the
 * split is at the last "](" (the line ends with ")").
 */
static int split_title_line(const char *s, size_t n, const char **title,
			    size_t *tn, const char **url, size_t *un)
{
	size_t split = 0;

	if (n < 4 || s[0] != '[' || s[n - 1] != ')')
		return 0;
	for (size_t i = 1; i + 1 < n - 1; i++)
		if (s[i] == ']' && s[i + 1] == '(')
			split = i;
	if (!split)
		return 0;
	*title = s + 1;
	*tn = split - 1;
	*url = s + split + 2;
	*un = n - 1 - (split + 2);
	*url = trim(*url, un);
	if (*un >= 2 && (*url)[0] == '<' && (*url)[*un - 1] == '>') {
		(*url)++;
		*un -= 2;
	}
	return 1;
}

/* ---- the dateline ------------------------------------------------------------------ */

/*
 * The time a dateline's date stands for, or DOC_TIME_NONE.  A time after
 * the fetch (plus skew) cannot be right: a zone-less ISO time that lands
 * there was written in the outlet's local time, which for Chinese-language
 * outlets is UTC+8, and is read again so.
 */
static int64_t dateline_time(const char *s, size_t n, int64_t fetched)
{
	int64_t t, local;
	int late;

	if (datetime_parse_iso8601(s, n, NULL, &t) == DOSSIER_OK) {
		late = fetched != DOC_TIME_NONE && t > fetched + RECORD_SKEW_MS;
		if (!late)
			return t;
		if (datetime_parse_iso8601(s, n, "Asia/Shanghai", &local) ==
			    DOSSIER_OK &&
		    local != t && local <= fetched + RECORD_SKEW_MS)
			return local;
		return DOC_TIME_NONE;
	}
	if (datetime_parse_slashed(s, n, "Europe/Paris", fetched, &t) ==
	    DOSSIER_OK) {
		late = fetched != DOC_TIME_NONE && t > fetched + RECORD_SKEW_MS;
		return late ? DOC_TIME_NONE : t;
	}
	return DOC_TIME_NONE;
}

/*
 * Strips a role word in front of a byline's name ("记者 周启明",
 * "記者：何語彤", "文／林思遠", "By Jane Doe"): the author is the name.
 */
static const char *strip_role(const char *s, size_t *n)
{
	static const char *const roles[] = {
		"记者", "記者", "作者", "撰文", "撰稿", "文", "By", "by", NULL
	};

	for (const char *const *r = roles; *r; r++) {
		size_t m = strlen(*r), pos;
		int32_t sep;

		if (*n <= m || memcmp(s, *r, m))
			continue;
		pos = m;
		sep = utf8_next(s, *n, &pos);
		if (!utf8_is_space(sep) && sep != ':' && sep != '/' &&
		    sep != 0xFF1A && sep != 0xFF0F)
			continue;
		pos = utf8_skip_space(s, *n, pos);
		if (pos < *n) {
			*n -= pos;
			return s + pos;
		}
	}
	return s;
}

/*
 * Splits "byline\ndate" (or "date") and fills d->published and, when a
 * byline is there, d->author.
 */
static int use_dateline(const char *dl, struct doc *d)
{
	const char *nl = strrchr(dl, '\n');
	const char *date = nl ? nl + 1 : dl;
	size_t n = strlen(date);
	int rc = DOSSIER_OK;

	d->published = dateline_time(date, n, d->fetched);
	if (nl) {
		size_t bn = (size_t)(nl - dl);
		const char *by = trim(dl, &bn);

		by = strip_role(by, &bn);
		if (bn && utf8_length(by, bn) <= RECORD_BYLINE_MAX_CP)
			rc = doc_set(&d->author, by, bn);
	}
	return rc;
}

/*
 * A <time datetime="..."> before the text: the item's own time.  A date
 * alone is that day; a time without a zone is UTC+8's (Chinese-language
 * desks); one after the fetch (plus skew) is not the publication.
 */
static void use_time_element(const char *value, struct doc *d)
{
	size_t n = strlen(value);
	int64_t t;
	int day = n == 10;

	if (datetime_parse_iso8601(value, n, day ? NULL : "Asia/Shanghai", &t) != DOSSIER_OK)
		return;
	if (d->fetched != DOC_TIME_NONE && t > d->fetched + RECORD_SKEW_MS)
		return;
	d->published = t;
	if (day)
		d->flags |= DOC_F_DATE_DAY;
}

/* Whether the front matter's author only names the outlet. */
static int author_is_outlet(const struct record_front *f)
{
	for (size_t i = 0; i < f->n_outlets; i++)
		if (f->outlets[i].len == f->author.len &&
		    memcmp(f->outlets[i].data, f->author.data, f->author.len) == 0)
			return 1;
	return 0;
}

/* ---- entry points --------------------------------------------------------------------- */

int record_sniff(const char *data, size_t len)
{
	struct record_cursor c = { data, len, 0 };
	const char *line;
	size_t n;
	int64_t ms;

	if (!data)
		return 0;
	skip_bom(&c);
	if (!next_content_line(&c, &line, &n))
		return 0;
	if (line_is(line, n, "---")) {
		struct record_front f;
		int closed;

		front_init(&f);
		closed = read_front(&c, &f);
		front_release(&f);
		if (!closed || !next_content_line(&c, &line, &n))
			return 0;
	}
	return parse_fetch_line(line, n, &ms);
}

/* Fills the header fields and the body; the front matter fills gaps. */
int record_parse(const char *data, size_t len, struct doc *d, struct err *e)
{
	struct record_cursor c = { data, len, 0 };
	struct record_front f;
	struct html_extras x = { 0 };
	struct buf title = BUF_INIT;
	const char *line, *t = NULL, *u = NULL;
	size_t n, tn = 0, un = 0;
	int64_t fetched;
	int rc;

	front_init(&f);
	buf_init(&title, RECORD_VALUE_MAX);
	if (!data)
		len = 0;
	skip_bom(&c);
	if (!next_content_line(&c, &line, &n)) {
		rc = err_set(e, DOSSIER_EPARSE, "truncated record: no content");
		goto fail;
	}
	if (line_is(line, n, "---")) {
		if (!read_front(&c, &f)) {
			rc = err_set(e, DOSSIER_EPARSE,
				     "truncated record: unterminated front matter");
			goto fail;
		}
		if (!next_content_line(&c, &line, &n)) {
			rc = err_set(e, DOSSIER_EPARSE,
				     "truncated record: front matter only, no <!--time--> line");
			goto fail;
		}
	}
	if (!parse_fetch_line(line, n, &fetched)) {
		rc = err_set(e, DOSSIER_EPARSE,
			     "truncated record: no <!--time--> line");
		goto fail;
	}
	if (!next_content_line(&c, &line, &n) ||
	    !split_title_line(line, n, &t, &tn, &u, &un)) {
		rc = err_set(e, DOSSIER_EPARSE,
			     "truncated record: no [title](url) line");
		goto fail;
	}
	if (!next_content_line(&c, &line, &n) || !is_rule(line, n)) {
		rc = err_set(e, DOSSIER_EPARSE,
			     "truncated record: no ------ separator");
		goto fail;
	}

	d->fetched = fetched;
	rc = clean_title(t, tn, 1, &title);
	if (!rc && !title.len && f.title.len)
		rc = clean_title(f.title.data, f.title.len, 0, &title);
	if (!rc && title.len)
		rc = doc_set(&d->title, title.data, title.len);
	if (!rc && un)
		rc = doc_set(&d->url, u, un);
	else if (!rc && f.url.len)
		rc = doc_set(&d->url, f.url.data, f.url.len);
	if (!rc)
		rc = doc_set(&d->format, "record", (size_t)-1);
	if (rc) {
		err_set(e, rc, "cannot parse record: %s", err_rc_str(rc));
		goto fail;
	}

	rc = html_body_to_doc(data + c.pos, len - c.pos, d->url, d, &x, e);
	if (rc)
		goto fail;
	doc_drop_repeated_title(d);
	if (x.dateline)
		rc = use_dateline(x.dateline, d);
	if (!rc && d->published == DOC_TIME_NONE && x.time)
		use_time_element(x.time, d);
	/* The front matter's date is when the archive wrote the record: the
	 * item's own time, above, wins. */
	if (!rc && d->published == DOC_TIME_NONE && f.date.len) {
		int64_t t_front;

		if (datetime_parse_iso8601(f.date.data, f.date.len, NULL,
					   &t_front) == DOSSIER_OK)
			d->published = t_front;
	}
	if (!rc && !d->author && f.author.len && !author_is_outlet(&f))
		rc = doc_set(&d->author, f.author.data, f.author.len);
	/* Its tags name the outlet the archive read it from. */
	if (!rc && !d->source && f.n_outlets)
		rc = doc_set(&d->source, f.outlets[0].data, f.outlets[0].len);
	if (rc)
		err_set(e, rc, "cannot parse record: %s", err_rc_str(rc));
fail:
	html_extras_release(&x);
	buf_release(&title);
	front_release(&f);
	return rc;
}
