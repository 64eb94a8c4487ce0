/*
 * page.c — whole HTML article pages (page_parse).
 *
 * A portal page is mostly not the article: menus, breadcrumbs, share bars,
 * related-article lists, comments, login boxes, ads, footers.  The page is
 * read in four steps over one libxml2 tree:
 *
 *   1. metadata from the whole page, before anything is removed: <meta>
 *      tags, JSON-LD, <link rel=canonical>, <title>, the <h1>, and the
 *      visible lines around the headline (date line, byline);
 *   2. pruning: code, hidden elements, and blocks whose tag or class/id
 *      names page furniture (nav, footer, comment, related, share, ...);
 *   3. scoring, readability-style: every block that holds prose scores by
 *      its length and its CJK punctuation (，。、 — portal chrome has
 *      almost none) and hands the score up to its parent and grandparent;
 *      link density and class hints weigh the candidates; the best one
 *      wins, with those of its siblings that score close to it;
 *   4. cleaning inside the winner (link-heavy boxes, date/byline lines,
 *      repeated title, reprint notices) and html_node_to_doc() for the
 *      paragraphs, captions and links.
 *
 * Per-element statistics live in an array that each element's _private
 * pointer indexes during steps 2-4.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/utf8.h"
#include "ingest/html_node.h"
#include "ingest/ingest_int.h"

/* Local times without a zone on Chinese-language pages: UTC+8. */
#define PAGE_DEFAULT_TZ "Asia/Shanghai"
/* Metadata strings longer than this are cut (a title is never that long). */
#define PAGE_META_MAX 4096
/* A line this short may be a date line or a byline. */
#define PAGE_LINE_MAX_CP 60
/* How far up a paragraph's score travels. */
#define PAGE_SCORE_LEVELS 5
/* JSON-LD nesting we follow. */
#define PAGE_JSON_DEPTH 48
/* Ancestors walked from a text node (libxml2 nests deeper only on junk). */
#define PAGE_ANCESTOR_MAX 1024

/* ---- small helpers ------------------------------------------------------ */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int ieq(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return lower(*a) == lower(*b);
}

/* s[0..n) contains `needle` (needle lower case; ASCII case-insensitive). */
static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; m <= n && i + m <= n; i++) {
		size_t j = 0;

		while (j < m && lower(s[i + j]) == needle[j])
			j++;
		if (j == m)
			return 1;
	}
	return 0;
}

static int has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int is_cjk(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3001 && cp <= 0x303F) ||
	       (cp >= 0x3040 && cp <= 0x31FF) || (cp >= 0x3200 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Sentence punctuation: what prose has and menus lack. */
static int is_prose_punct(int32_t cp)
{
	return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B ||
	       cp == 0xFF1A || cp == 0xFF01 || cp == 0xFF1F || cp == 0x300C ||
	       cp == 0x300D || cp == 0x201C || cp == 0x201D || cp == ',' ||
	       cp == ';';
}

static int name_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	       strcmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (name_is(n, *names))
			return 1;
	return 0;
}

static int is_heading_tag(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->name && n->name[0] == 'h' &&
	       n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2];
}

static int is_block(const xmlNode *n)
{
	static const char *const names[] = {
		"address", "article", "aside", "blockquote", "body", "center",
		"dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form",
		"h1", "h2", "h3", "h4", "h5", "h6", "header", "html", "li",
		"main", "nav", "ol", "p", "pre", "section", "table", "tbody",
		"td", "th", "tr", "ul", NULL
	};

	return n->type == XML_ELEMENT_NODE && name_in(n, names);
}

static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/*
 * Appends s[0..n) to `out` with runs of white space collapsed to one
 * space, none between two CJK characters (a wrapped Chinese line must not
 * gain a space), and the ends trimmed.  Stops at `cap` bytes.
 */
static void collapse_into(struct buf *out, const char *s, size_t n, size_t cap)
{
	size_t pos = 0;
	int pending = 0;
	int32_t prev = out->len ? -2 : -1;

	while (pos < n && out->len < cap) {
		size_t at = pos;
		int32_t cp = utf8_next(s, n, &pos);

		if (cp < 0)
			continue;
		if (utf8_is_space(cp)) {
			if (!pending || cp == '\n' || cp == '\r')
				pending = cp == '\n' || cp == '\r' ? 2 : 1;
			continue;
		}
		/* a wrapped line between CJK is no space; a typed space is */
		if (pending && prev != -1 && !(pending == 2 && is_cjk(prev) && is_cjk(cp)))
			buf_addc(out, ' ');
		pending = 0;
		prev = cp;
		buf_add(out, s + at, pos - at);
	}
}

static int skipped_tag(const xmlNode *n)
{
	static const char *const names[] = {
		"script", "style", "noscript", "template", "head", "title",
		"iframe", "object", "embed", "svg", "canvas", "select",
		"textarea", "button", "input", "option", "map", "audio", "video",
		"applet", "math", NULL
	};

	return name_in(n, names);
}

/* The visible text under `n`, collapsed, at most `cap` bytes. */
static void node_text(const xmlNode *n, struct buf *out, size_t cap)
{
	const xmlNode *c = n->children;
	struct buf raw = BUF_INIT;

	buf_reset(out);
	if (n->type == XML_TEXT_NODE && n->content) {
		collapse_into(out, (const char *)n->content,
			      strlen((const char *)n->content), cap);
		buf_trim(out);
		return;
	}
	/* Raw text first, '\n' at block boundaries, then one collapse. */
	while (c && raw.len < cap * 2) {
		if (c->type == XML_TEXT_NODE && c->content) {
			buf_adds(&raw, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE && !skipped_tag(c) &&
			   c->children) {
			if (is_block(c))
				buf_addc(&raw, '\n');
			c = c->children;
			continue;
		} else if (name_is(c, "br")) {
			buf_addc(&raw, '\n');
		}
		while (c && c != n && !c->next)
			c = c->parent;
		if (!c || c == n)
			break;
		c = c->next;
	}
	collapse_into(out, raw.data, raw.len, cap);
	buf_release(&raw);
	buf_trim(out);
}

/* Next element in document order after `n` (into children unless `skip`). */
static xmlNode *next_node(xmlNode *n, const xmlNode *root, int skip)
{
	if (!skip && n->children)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	if (!n || n == root)
		return NULL;
	return n->next;
}

/* ---- dates ---------------------------------------------------------------- */

struct found_date {
	int y, mo, d, h, mi, s;
	int has_time, utc;
};

static int read_num(const char *s, size_t n, size_t *i, int maxd, int *out)
{
	int v = 0, k = 0;

	while (*i < n && k < maxd && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	*out = v;
	return k;
}

static int eat(const char *s, size_t n, size_t *i, const char *word)
{
	size_t m = strlen(word);

	if (*i + m <= n && !memcmp(s + *i, word, m)) {
		*i += m;
		return 1;
	}
	return 0;
}

/*
 * Finds the first date in s[0..n): 2023-11-17, 2023/11/17, 2023.11.17 or
 * 2012年12月10日, with a time (10:20, 10:20:05) after it if one follows
 * within a few words ("2012年12月10日, 格林尼治标准时间10:41"; the words
 * 格林尼治/GMT/UTC mark the time as UTC).  Returns the offset just past
 * the match, or 0.
 */
static size_t scan_date(const char *s, size_t n, struct found_date *f)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		size_t p = i, gap_start;
		int y, mo, d, cjk = 0;
		char sep = 0;

		if (s[i] < '0' || s[i] > '9' || (i && s[i - 1] >= '0' && s[i - 1] <= '9'))
			continue;
		if (read_num(s, n, &p, 4, &y) != 4 || y < 1990 || y > 2100)
			continue;
		if (eat(s, n, &p, "年")) {
			cjk = 1;
			while (p < n && s[p] == ' ')
				p++;
		} else if (p < n && (s[p] == '-' || s[p] == '/' || s[p] == '.')) {
			sep = s[p++];
		} else {
			continue;
		}
		if (!read_num(s, n, &p, 2, &mo) || mo < 1 || mo > 12)
			continue;
		if (cjk ? !eat(s, n, &p, "月") : !(p < n && s[p] == sep))
			continue;
		if (!cjk)
			p++;
		while (cjk && p < n && s[p] == ' ')
			p++;
		if (!read_num(s, n, &p, 2, &d) || d < 1 || d > 31)
			continue;
		if (p < n && s[p] >= '0' && s[p] <= '9')
			continue;
		if (cjk)
			eat(s, n, &p, "日");
		memset(f, 0, sizeof *f);
		f->y = y, f->mo = mo, f->d = d;
		/* A time within a few words, with no other digits between. */
		gap_start = p;
		while (p < n && p - gap_start < 40 && !(s[p] >= '0' && s[p] <= '9'))
			p++;
		{
			size_t q = p;
			int h, mi, sec = 0;

			if (read_num(s, n, &q, 2, &h) && q < n &&
			    (s[q] == ':' || eat(s, n, &q, "：") || eat(s, n, &q, "时") ||
			     eat(s, n, &q, "時"))) {
				if (s[q] == ':')
					q++;
				if (read_num(s, n, &q, 2, &mi) == 2 && h < 24 && mi < 60) {
					if (q < n && s[q] == ':') {
						q++;
						read_num(s, n, &q, 2, &sec);
					}
					f->h = h, f->mi = mi, f->s = sec < 60 ? sec : 0;
					f->has_time = 1;
					f->utc = has_ci(s + gap_start, p - gap_start, "gmt") ||
						 has_ci(s + gap_start, p - gap_start, "utc") ||
						 has(s + gap_start, "格林尼治");
					return q;
				}
			}
		}
		return gap_start;
	}
	return 0;
}

/* A date the page states, and how sure we are of it. */
struct page_date {
	int64_t ms;
	int set, date_only, assumed;
	int y, mo, d;
};

static int found_to_date(const struct found_date *f, struct page_date *out)
{
	int64_t ms;

	if (f->utc) {
		ms = datetime_from_utc(f->y, f->mo, f->d, f->h, f->mi, f->s, 0);
	} else if (datetime_from_local(f->y, f->mo, f->d, f->h, f->mi, f->s,
				       PAGE_DEFAULT_TZ, &ms)) {
		return 0;
	}
	out->ms = ms;
	out->set = 1;
	out->date_only = !f->has_time;
	out->assumed = !f->utc;
	out->y = f->y, out->mo = f->mo, out->d = f->d;
	return 1;
}

/* True when an ISO 8601 string names its zone (Z, +08:00, -0500). */
static int iso_has_zone(const char *s, size_t n)
{
	for (size_t i = 10; i < n; i++)
		if (s[i] == 'Z' || s[i] == 'z' || s[i] == '+' || s[i] == '-')
			return 1;
	return 0;
}

/* Reads a date from a metadata value: ISO 8601, RFC 822, or as written. */
static int parse_date_value(const char *v, struct page_date *out)
{
	struct buf b = BUF_INIT;
	struct found_date f;
	int ok = 0;

	buf_adds(&b, v);
	buf_trim(&b);
	if (b.len >= 10 && scan_date(b.data, b.len, &f) && f.y) {
		int64_t ms;

		if (!datetime_parse_iso8601(b.data, b.len, PAGE_DEFAULT_TZ, &ms)) {
			out->ms = ms;
			out->set = 1;
			out->date_only = b.len <= 10;
			out->assumed = !iso_has_zone(b.data, b.len);
			out->y = f.y, out->mo = f.mo, out->d = f.d;
			ok = 1;
		} else {
			ok = found_to_date(&f, out);
		}
	} else if (b.len) {
		int64_t ms;

		if (!datetime_parse_rfc822(b.data, b.len, &ms)) {
			memset(out, 0, sizeof *out);
			out->ms = ms;
			out->set = 1;
			ok = 1;
		}
	}
	buf_release(&b);
	return ok;
}

/* ---- what the page says about itself ---------------------------------------- */

/* Metadata keys, best first, with the slot each one fills. */
enum meta_slot { M_TITLE, M_DATE, M_AUTHOR, M_SITE, M_SOURCE, M_URL, M_SLOTS };

static const struct {
	const char *key;
	enum meta_slot slot;
} meta_keys[] = {
	{ "og:title", M_TITLE },
	{ "twitter:title", M_TITLE },
	{ "article:published_time", M_DATE },
	{ "og:published_time", M_DATE },
	{ "datepublished", M_DATE },
	{ "pubdate", M_DATE },
	{ "publishdate", M_DATE },
	{ "publish_date", M_DATE },
	{ "publish-date", M_DATE },
	{ "publication_date", M_DATE },
	{ "dc.date.issued", M_DATE },
	{ "dc.date", M_DATE },
	{ "dcterms.created", M_DATE },
	{ "dcterms.issued", M_DATE },
	{ "dcterms.date", M_DATE },
	{ "date", M_DATE },
	{ "author", M_AUTHOR },
	{ "article:author", M_AUTHOR },
	{ "dc.creator", M_AUTHOR },
	{ "byl", M_AUTHOR },
	{ "og:site_name", M_SITE },
	{ "application-name", M_SITE },
	{ "source", M_SOURCE },
	{ "dc.publisher", M_SOURCE },
	{ "og:url", M_URL },
	{ "dc.identifier", M_URL },
};
#define N_META_KEYS (sizeof meta_keys / sizeof meta_keys[0])

struct page {
	htmlDocPtr tree;
	xmlNode *body;
	const char *url;

	char *meta[N_META_KEYS];  /* first value seen for each key */
	char *canonical;
	char *title_tag;          /* <title>, collapsed */
	char *h1;                 /* the headline element's text */
	xmlNode *h1_node;
	char *ld_headline, *ld_date, *ld_author, *ld_publisher;
	char *time_attr;          /* first <time datetime> */
	struct page_date visible; /* the date line near the headline */
	char *byline;

	char *title;              /* the title chosen */

	/* scoring */
	struct nstat *stats;
	size_t n_stats;
	size_t page_punct;
};

static void page_release(struct page *p)
{
	for (size_t i = 0; i < N_META_KEYS; i++)
		free(p->meta[i]);
	free(p->canonical);
	free(p->title_tag);
	free(p->h1);
	free(p->ld_headline);
	free(p->ld_date);
	free(p->ld_author);
	free(p->ld_publisher);
	free(p->time_attr);
	free(p->byline);
	free(p->title);
	free(p->stats);
	if (p->tree)
		xmlFreeDoc(p->tree);
}

static char *dup_collapsed(const char *s)
{
	struct buf b = BUF_INIT;

	collapse_into(&b, s, strlen(s), PAGE_META_MAX);
	buf_trim(&b);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void take_meta(struct page *p, const xmlNode *n)
{
	static const char *const key_attrs[] = { "property", "name", "itemprop", NULL };
	char *content = attr(n, "content");

	if (!content)
		return;
	for (const char *const *ka = key_attrs; *ka; ka++) {
		char *key = attr(n, *ka);

		if (!key)
			continue;
		for (size_t i = 0; i < N_META_KEYS; i++) {
			if (!p->meta[i] && ieq(key, meta_keys[i].key))
				p->meta[i] = dup_collapsed(content);
		}
		xmlFree(key);
	}
	xmlFree(content);
}

static const char *meta_first(const struct page *p, enum meta_slot slot)
{
	for (size_t i = 0; i < N_META_KEYS; i++)
		if (meta_keys[i].slot == slot && p->meta[i])
			return p->meta[i];
	return NULL;
}

/* ---- JSON-LD ------------------------------------------------------------------ */

struct json {
	const char *s;
	size_t n, i;
	int bad;
};

enum ld_mode { LD_ANY, LD_NAMES, LD_PUBLISHER, LD_SKIP };

static void json_ws(struct json *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
			       j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

static int hex4(const char *s, size_t n, size_t i, uint32_t *out)
{
	uint32_t v = 0;

	if (i + 4 > n)
		return 0;
	for (size_t k = 0; k < 4; k++) {
		int h = ascii_hex_value(s[i + k]);

		if (h < 0)
			return 0;
		v = v * 16 + (uint32_t)h;
	}
	*out = v;
	return 1;
}

/* Reads a JSON string (j->s[j->i] == '"') into `out` (may be NULL). */
static void json_string(struct json *j, struct buf *out)
{
	j->i++;
	while (j->i < j->n && j->s[j->i] != '"') {
		char c = j->s[j->i++];
		uint32_t cp, lo;

		if (c != '\\') {
			if (out && out->len < PAGE_META_MAX)
				buf_addc(out, c);
			continue;
		}
		if (j->i >= j->n)
			break;
		c = j->s[j->i++];
		switch (c) {
		case 'n': case 'r': case 't': case 'f': case 'b':
			cp = ' ';
			break;
		case 'u':
			if (!hex4(j->s, j->n, j->i, &cp)) {
				j->bad = 1;
				return;
			}
			j->i += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && j->i + 6 <= j->n &&
			    j->s[j->i] == '\\' && j->s[j->i + 1] == 'u' &&
			    hex4(j->s, j->n, j->i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				j->i += 6;
			} else if (cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD;
			}
			break;
		default:
			cp = (unsigned char)c;
		}
		if (out && out->len < PAGE_META_MAX)
			utf8_add(out, cp ? cp : ' ');
	}
	if (j->i >= j->n)
		j->bad = 1;
	else
		j->i++;
}

static void set_once(char **field, const struct buf *b)
{
	if (!*field && b->len)
		*field = dup_collapsed(b->data);
}

static void append_name(char **field, const struct buf *b)
{
	char *v = b->len ? dup_collapsed(b->data) : NULL;
	struct buf joined = BUF_INIT;

	if (!v)
		return;
	if (*field && has(*field, v)) {
		free(v);
		return;
	}
	if (*field) {
		buf_printf(&joined, "%s、%s", *field, v);
		free(*field);
		free(v);
		*field = buf_detach(&joined);
	} else {
		*field = v;
	}
}

static void json_value(struct json *j, struct page *p, enum ld_mode mode, int depth);

static void json_object(struct json *j, struct page *p, enum ld_mode mode, int depth)
{
	struct buf key = BUF_INIT, val = BUF_INIT;

	j->i++;
	for (;;) {
		json_ws(j);
		if (j->bad || j->i >= j->n) {
			j->bad = 1;
			break;
		}
		if (j->s[j->i] == '}') {
			j->i++;
			break;
		}
		if (j->s[j->i] == ',') {
			j->i++;
			continue;
		}
		if (j->s[j->i] != '"') {
			j->bad = 1;
			break;
		}
		buf_reset(&key);
		json_string(j, &key);
		json_ws(j);
		if (j->i >= j->n || j->s[j->i] != ':') {
			j->bad = 1;
			break;
		}
		j->i++;
		json_ws(j);
		if (j->i < j->n && j->s[j->i] == '"') {
			buf_reset(&val);
			json_string(j, &val);
			if (mode == LD_ANY && !strcmp(key.data, "headline"))
				set_once(&p->ld_headline, &val);
			else if (mode == LD_ANY && !strcmp(key.data, "datePublished"))
				set_once(&p->ld_date, &val);
			else if (mode == LD_ANY && !strcmp(key.data, "author"))
				append_name(&p->ld_author, &val);
			else if (mode == LD_NAMES && !strcmp(key.data, "name"))
				append_name(&p->ld_author, &val);
			else if (mode == LD_PUBLISHER && !strcmp(key.data, "name"))
				set_once(&p->ld_publisher, &val);
			continue;
		}
		if (mode == LD_ANY && (!strcmp(key.data, "author") || !strcmp(key.data, "creator")))
			json_value(j, p, LD_NAMES, depth + 1);
		else if (mode == LD_ANY && !strcmp(key.data, "publisher"))
			json_value(j, p, LD_PUBLISHER, depth + 1);
		else
			json_value(j, p, mode == LD_ANY ? LD_ANY : LD_SKIP, depth + 1);
	}
	buf_release(&key);
	buf_release(&val);
}

static void json_value(struct json *j, struct page *p, enum ld_mode mode, int depth)
{
	json_ws(j);
	if (j->i >= j->n || depth > PAGE_JSON_DEPTH) {
		j->bad = 1;
		return;
	}
	switch (j->s[j->i]) {
	case '{':
		json_object(j, p, mode, depth);
		return;
	case '[':
		j->i++;
		for (;;) {
			json_ws(j);
			if (j->bad || j->i >= j->n) {
				j->bad = 1;
				return;
			}
			if (j->s[j->i] == ']') {
				j->i++;
				return;
			}
			if (j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			json_value(j, p, mode, depth + 1);
		}
	case '"': {
		struct buf v = BUF_INIT;

		json_string(j, &v);
		if (mode == LD_NAMES)
			append_name(&p->ld_author, &v);
		buf_release(&v);
		return;
	}
	default: {
		size_t start = j->i;

		while (j->i < j->n && strchr("+-.0123456789eEtrufalsn", j->s[j->i]))
			j->i++;
		if (j->i == start)
			j->bad = 1;
	}
	}
}

static void take_json_ld(struct page *p, const xmlNode *script)
{
	xmlChar *text = xmlNodeGetContent(script);
	struct json j;

	if (!text)
		return;
	j.s = (const char *)text;
	j.n = strlen(j.s);
	j.i = 0;
	j.bad = 0;
	while (!j.bad && j.i < j.n) {
		json_ws(&j);
		if (j.i >= j.n)
			break;
		json_value(&j, p, LD_ANY, 0);
	}
	xmlFree(text);
}

/* ---- step 1: metadata ----------------------------------------------------------- */

static int is_hidden(const xmlNode *n)
{
	char *v;
	int hidden = 0;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (xmlHasProp(n, (const xmlChar *)"hidden"))
		return 1;
	if ((v = attr(n, "style"))) {
		struct buf b = BUF_INIT;

		for (const char *c = v; *c; c++)
			if (*c != ' ')
				buf_addc(&b, lower(*c));
		hidden = has(b.data, "display:none") || has(b.data, "visibility:hidden");
		buf_release(&b);
		xmlFree(v);
	}
	if (!hidden && (v = attr(n, "aria-hidden"))) {
		hidden = ieq(v, "true");
		xmlFree(v);
	}
	if (!hidden && (v = attr(n, "class"))) {
		/* class="hide", "hidden", "sr-only": whole words only */
		char *save = NULL;

		for (char *w = strtok_r(v, " \t\n", &save); w && !hidden;
		     w = strtok_r(NULL, " \t\n", &save))
			hidden = ieq(w, "hide") || ieq(w, "hidden") || ieq(w, "sr-only") ||
				 ieq(w, "visually-hidden") || ieq(w, "screen-reader-text");
		xmlFree(v);
	}
	return hidden;
}

/* Reads <meta>, <link>, <title>, JSON-LD anywhere in the page. */
static void read_head(struct page *p)
{
	xmlNode *root = xmlDocGetRootElement(p->tree);
	struct buf b = BUF_INIT;

	for (xmlNode *n = root; n; n = next_node(n, NULL, 0)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, "meta")) {
			take_meta(p, n);
		} else if (name_is(n, "link") && !p->canonical) {
			char *rel = attr(n, "rel"), *href = attr(n, "href");

			if (rel && href && ieq(rel, "canonical") && *href)
				p->canonical = dup_collapsed(href);
			xmlFree(rel);
			xmlFree(href);
		} else if (name_is(n, "title") && !p->title_tag && n->children) {
			node_text(n, &b, PAGE_META_MAX);
			if (b.len)
				p->title_tag = strdup(b.data);
		} else if (name_is(n, "script")) {
			char *type = attr(n, "type");

			if (type && has_ci(type, strlen(type), "ld+json"))
				take_json_ld(p, n);
			xmlFree(type);
		} else if (name_is(n, "body") && !p->body) {
			p->body = n;
		}
	}
	buf_release(&b);
}

/* ---- step 2: pruning -------------------------------------------------------------- */

static void drop(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Removes code, widgets that are never text, and hidden elements. */
static void prune_hidden(struct page *p)
{
	xmlNode *n = p->body;

	while (n) {
		int gone = n != p->body && n->type == XML_ELEMENT_NODE &&
			   (skipped_tag(n) || name_is(n, "ins") || is_hidden(n));
		xmlNode *next = next_node(n, p->body, gone || n->type != XML_ELEMENT_NODE);

		if (gone)
			drop(n);
		n = next;
	}
}

/* Hints in class and id: whole-word and substring lists. */
static const char *const negative_words[] = {
	"nav", "navbar", "menu", "ad", "ads", "adv", "advert", "banner",
	"header", "masthead", "sidebar", "side", "aside", "widget", "footer",
	"foot", "topad", "hot", "tools", "toolbar", "dibu", "copyright",
	"links", "tags", "keywords", "crumbs", "more", NULL
};
static const char *const negative_parts[] = {
	"comment", "reply", "login", "signin", "register", "cookie",
	"consent", "gdpr", "share", "social", "breadcrumb", "crumb",
	"related", "recommend", "footer", "copyright", "sidebar",
	"advert", "sponsor", "popup", "modal", "subscribe", "newsletter",
	"pagination", "pager", "hotnews", "ranking", "toolbar", "disqus",
	"promo", "xiangguan", "tuijian", "pinglun", "denglu", "fenxiang",
	"nextpage", "prevnext", NULL
};
/* Parts so telling that a large share of prose does not save the block. */
static const char *const absolute_parts[] = {
	"comment", "reply", "login", "signin", "cookie", "consent", "pinglun",
	"denglu", NULL
};
static const char *const positive_parts[] = {
	"article", "content", "main", "post", "story", "body", "text",
	"detail", "entry", "artibody", "正文", NULL
};

/* 1 when class or id of `n` holds one of the words/parts. */
static int hints_match(const xmlNode *n, const char *const *words,
		       const char *const *parts)
{
	static const char *const attrs[] = { "class", "id", NULL };
	int found = 0;

	for (const char *const *a = attrs; *a && !found; a++) {
		char *v = attr(n, *a);
		char *save = NULL;

		if (!v)
			continue;
		for (const char *const *q = parts; q && *q && !found; q++)
			found = has_ci(v, strlen(v), *q);
		for (char *w = strtok_r(v, " \t\n-_", &save); w && words && !found;
		     w = strtok_r(NULL, " \t\n-_", &save))
			for (const char *const *q = words; *q && !found; q++)
				found = ieq(w, *q);
		xmlFree(v);
	}
	return found;
}

static int class_weight(const xmlNode *n)
{
	int w = 0;

	if (hints_match(n, negative_words, negative_parts))
		w -= 25;
	if (hints_match(n, NULL, positive_parts))
		w += 25;
	return w;
}

/* ---- step 3: statistics and scores ---------------------------------------------------- */

struct nstat {
	size_t cp, link_cp, punct;         /* the whole subtree */
	size_t own_cp, own_link, own_punct; /* text whose nearest block is this */
	size_t imgs;
	double score;
	int scored;
};

static struct nstat *st(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (struct nstat *)n->_private : NULL;
}

static int count_stats(struct page *p)
{
	size_t count = 0, k = 0;

	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0))
		if (n->type == XML_ELEMENT_NODE)
			count++;
	free(p->stats);
	p->stats = calloc(count ? count : 1, sizeof *p->stats);
	if (!p->stats)
		return DOSSIER_ENOMEM;
	p->n_stats = count;
	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0))
		if (n->type == XML_ELEMENT_NODE)
			n->_private = &p->stats[k++];
	/* text: counted into its nearest block and into every ancestor */
	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0)) {
		const char *s;
		size_t len, pos = 0, cps = 0, punct = 0;
		int in_link = 0, depth = 0;
		xmlNode *a, *owner = NULL;

		if (name_is(n, "img")) {
			for (a = n->parent; a && st(a) && depth++ < PAGE_ANCESTOR_MAX; a = a->parent)
				st(a)->imgs++;
			continue;
		}
		if (n->type != XML_TEXT_NODE || !n->content)
			continue;
		s = (const char *)n->content;
		len = strlen(s);
		while (pos < len) {
			int32_t cp = utf8_next(s, len, &pos);

			if (cp >= 0 && !utf8_is_space(cp)) {
				cps++;
				punct += is_prose_punct(cp);
			}
		}
		if (!cps)
			continue;
		for (a = n->parent, depth = 0; a && st(a) && depth++ < PAGE_ANCESTOR_MAX; a = a->parent) {
			if (name_is(a, "a"))
				in_link = 1;
			if (!owner && is_block(a))
				owner = a;
		}
		if (owner) {
			st(owner)->own_cp += cps;
			st(owner)->own_punct += punct;
			st(owner)->own_link += in_link ? cps : 0;
		}
		for (a = n->parent, depth = 0; a && st(a) && depth++ < PAGE_ANCESTOR_MAX; a = a->parent) {
			st(a)->cp += cps;
			st(a)->punct += punct;
			st(a)->link_cp += in_link ? cps : 0;
		}
	}
	p->page_punct = st(p->body) ? st(p->body)->punct : 0;
	return DOSSIER_OK;
}

static double link_density(const struct nstat *s)
{
	return s && s->cp ? (double)s->link_cp / (double)s->cp : 0;
}

static int is_box_heading(const char *t, int wide);

/*
 * A box that announces itself as furniture: its first element is a
 * heading-like label such as 网友评论, 相关阅读, 熱門新聞, 最新消息.
 */
static int labelled_box(const xmlNode *n)
{
	static const char *const boxes[] = {
		"div", "section", "ul", "ol", "dl", "aside", "table", "td", NULL
	};
	static const char *const label_words[] = { "tit", "hd", "head", "label", NULL };
	const xmlNode *c;
	struct buf b = BUF_INIT;
	int found = 0;

	if (!name_in(n, boxes))
		return 0;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE ||
		    (c->type == XML_TEXT_NODE && c->content &&
		     utf8_skip_space((const char *)c->content, strlen((const char *)c->content), 0) <
			     strlen((const char *)c->content)))
			break;
	if (!c || c->type != XML_ELEMENT_NODE)
		return 0;
	if (!(is_heading_tag(c) || name_is(c, "b") || name_is(c, "strong") ||
	      hints_match(c, NULL, label_words)))
		return 0;
	node_text(c, &b, 256);
	found = b.len && is_box_heading(b.data, 1);
	buf_release(&b);
	return found;
}

/* Removes blocks whose tag or class/id says they are not the article. */
static void prune_furniture(struct page *p)
{
	static const char *const tags[] = { "nav", "footer", "aside", "header", "form", NULL };
	static const char *const keep[] = { "body", "html", "article", "main", NULL };
	xmlNode *n = p->body;

	while (n) {
		int gone = 0;

		if (n != p->body && n->type == XML_ELEMENT_NODE && !name_in(n, keep)) {
			const struct nstat *s = st(n);
			/* a wrapper holding most of the prose is not furniture */
			int wrapper = s && p->page_punct && s->punct * 10 >= p->page_punct * 4;

			if (hints_match(n, NULL, absolute_parts))
				gone = 1;
			else if (!wrapper && (name_in(n, tags) || labelled_box(n) ||
					      hints_match(n, negative_words, negative_parts)))
				gone = !(name_is(n, "form") && s && s->punct >= 10);
		}
		{
			xmlNode *next = next_node(n, p->body, gone);

			if (gone)
				drop(n);
			n = next;
		}
	}
}

static double initial_score(const xmlNode *n)
{
	static const char *const plus3[] = { "pre", "td", "blockquote", NULL };
	static const char *const minus3[] = { "address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL };

	if (name_is(n, "div") || name_is(n, "article") || name_is(n, "section"))
		return 5;
	if (name_in(n, plus3))
		return 3;
	if (name_in(n, minus3))
		return -3;
	if (is_heading_tag(n) || name_is(n, "th"))
		return -5;
	return 0;
}

static int can_hold(const xmlNode *n)
{
	static const char *const names[] = {
		"div", "article", "section", "main", "body", "td", "blockquote",
		"center", "form", "table", "tbody", "tr", "dd", "font", "span", NULL
	};

	return name_in(n, names);
}

/*
 * Scores every block that holds prose and hands the score up; returns the
 * best container or NULL.
 */
static xmlNode *pick_top(struct page *p)
{
	xmlNode *best = NULL;
	double best_score = 0;

	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0)) {
		struct nstat *s = st(n);
		double score, ld;
		xmlNode *a;
		int level = 0;

		if (!s || s->own_cp < 10)
			continue;
		ld = (double)s->own_link / (double)s->own_cp;
		if (ld > 0.5)
			continue;
		score = 1 + (double)s->own_punct +
			((double)s->own_cp / 40 < 3 ? (double)s->own_cp / 40 : 3);
		score *= 1 - ld;
		/* text straight in a container counts for the container */
		a = can_hold(n) && !name_is(n, "span") && !name_is(n, "font") ? n : n->parent;
		if (a != n)
			level = 1;
		for (; a && st(a) && level <= PAGE_SCORE_LEVELS; a = a->parent, level++) {
			struct nstat *as = st(a);
			double div = level <= 1 ? 1 : level == 2 ? 2 : level * 3;

			if (!as->scored) {
				as->scored = 1;
				as->score = initial_score(a) + class_weight(a);
			}
			as->score += score / div;
		}
	}
	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0)) {
		struct nstat *s = st(n);
		double final;

		if (!s || !s->scored)
			continue;
		final = s->score * (1 - link_density(s));
		if (!best || final > best_score) {
			best = n;
			best_score = final;
		}
	}
	return best_score > 0 ? best : NULL;
}

static double final_score(const xmlNode *n)
{
	const struct nstat *s = st(n);

	return s && s->scored ? s->score * (1 - link_density(s)) : 0;
}

/* ---- step 4: cleaning the winner ----------------------------------------------------- */

/* The text of `n` only when short: for line-level tests. */
static int short_text(const xmlNode *n, struct buf *b, size_t max_cp)
{
	const struct nstat *s = st(n);

	if (s && s->cp > max_cp)
		return 0;
	node_text(n, b, 1024);
	return b->len && utf8_length(b->data, b->len) <= max_cp;
}

/* A byline, editor, source or date line; fills p->byline when it names one. */
static int is_meta_line(const char *t)
{
	static const char *const labels[] = {
		"来源：", "來源：", "来源:", "來源:", "责任编辑", "責任編輯",
		"【责任编辑", "【責任編輯", "[责任编辑", "[責任編輯", "（编辑", "（編輯",
		"（责任编辑", "（責任編輯", "(责任编辑", "(責任編輯",
		"(编辑", "(編輯", "编辑：", "編輯：", "作者：", "作者:",
		"发布时间", "發布時間", "发布日期", "發佈時間", "更新时间", "更新時間",
		"字体：", "字體：", "字号：", "字號：", "【纠错】", "【糾錯】", "打印",
		"列印", "转寄", "轉寄",
		"分享到", "分享至", "稿源：", "出处：", "出處：", NULL
	};
	struct found_date f;
	size_t n = strlen(t);

	for (const char *const *l = labels; *l; l++)
		if (starts(t, *l))
			return 1;
	/* app promos and "read the rest" buttons */
	if (utf8_length(t, n) <= 40 &&
	    ((has_ci(t, n, "app") && (has(t, "打开") || has(t, "打開") || has(t, "下载") ||
				      has(t, "下載"))) ||
	     has(t, "展开全文") || has(t, "展開全文") || has(t, "阅读全文") || has(t, "閱讀全文")))
		return 1;
	if (utf8_length(t, n) <= 50 && !has(t, "。") && !has(t, "，") &&
	    scan_date(t, n, &f) && f.has_time)
		return 1;
	return 0;
}

/* Reprint notices: "未经授权，不得转载", "版權所有，轉載請註明出處". */
static int is_reprint_notice(const char *t)
{
	size_t cps = utf8_length(t, strlen(t));

	if (cps > 150)
		return 0;
	/* the editor's disclaimer under commentaries */
	if ((starts(t, "編按") || starts(t, "编按")) &&
	    (has(t, "僅代表") || has(t, "仅代表")))
		return 1;
	return ((has(t, "转载") || has(t, "轉載")) &&
		(has(t, "未经") || has(t, "未經") || has(t, "不得") || has(t, "禁止") ||
		 has(t, "授权") || has(t, "授權") || has(t, "请注明") || has(t, "請註明"))) ||
	       has(t, "版权所有") || has(t, "版權所有");
}

/* Headings of recommendation boxes: "精彩视频推荐", "相关阅读", "延伸閱讀". */
static int is_box_heading(const char *t, int wide)
{
	/* Inside the article only the unmistakable ones; a box label may be
	 * any of the longer list (a subheading may say 最新進展). */
	static const char *const wide_words[] = {
		"评论", "評論", "留言", "排行", "最热", "最熱", "最新", "即时新闻",
		"即時新聞", NULL
	};
	static const char *const words[] = {
		"推荐", "推薦", "相关", "相關", "延伸阅读", "延伸閱讀", "热门", "熱門",
		"更多", "猜你喜欢", "猜你喜歡", "精彩", "热点", "熱點", "阅读下一篇",
		"閱讀下一篇", NULL
	};

	if (utf8_length(t, strlen(t)) > 12)
		return 0;
	for (const char *const *w = words; *w; w++)
		if (has(t, *w))
			return 1;
	for (const char *const *w = wide_words; wide && *w; w++)
		if (has(t, *w))
			return 1;
	return 0;
}

/* Same text, ignoring white space. */
static int same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

static int clean_candidate(const struct page *p, xmlNode *n)
{
	static const char *const boxes[] = {
		"div", "section", "ul", "ol", "table", "dl", "aside", "figure", "center", NULL
	};
	struct nstat *s = st(n);
	struct buf b = BUF_INIT;
	int gone = 0;

	if (!s)
		return 0;
	/* repeated title, box headings, date/byline/source lines, notices */
	if ((is_heading_tag(n) || name_is(n, "p") || name_is(n, "div") ||
	     name_is(n, "span") || name_is(n, "li") || name_is(n, "strong")) &&
	    short_text(n, &b, 200)) {
		if (p->title && same_text(b.data, p->title))
			gone = 1;
		else if ((is_heading_tag(n) || s->cp <= 12) && is_box_heading(b.data, 0))
			gone = 1;
		else if (utf8_length(b.data, b.len) <= PAGE_LINE_MAX_CP && is_meta_line(b.data))
			gone = 1;
		else if (is_reprint_notice(b.data))
			gone = 1;
	}
	/* link-heavy boxes with little prose: related lists, tag clouds */
	if (!gone && name_in(n, boxes) && s->cp) {
		double ld = link_density(s);

		if (s->punct >= 10 && ld < 0.5)
			gone = 0;
		else if (s->imgs && s->cp < 200 && ld < 0.5)
			gone = 0;
		else if (ld > 0.4)
			gone = 1;
		/* "正在加载...", "< >": player and slider leftovers */
		else if (!s->punct && !s->imgs && s->cp < 20 && s->link_cp)
			gone = 1;
	}
	buf_release(&b);
	return gone;
}

static void clean_content(const struct page *p, xmlNode *root)
{
	xmlNode *n = root->children;

	while (n) {
		int gone = n->type == XML_ELEMENT_NODE && clean_candidate(p, n);
		xmlNode *next = next_node(n, root, gone);

		if (gone)
			drop(n);
		n = next;
	}
}

/* ---- metadata decisions --------------------------------------------------------------- */

static int is_separator_at(const char *s, size_t i, size_t *len)
{
	static const char *const seps[] = {
		" - ", " | ", " – ", " — ", "_", "|", " -", "- ", "-", "｜", "——", NULL
	};

	for (const char *const *q = seps; *q; q++) {
		size_t m = strlen(*q);

		if (!strncmp(s + i, *q, m)) {
			*len = m;
			return 1;
		}
	}
	return 0;
}

/* Words that name a site rather than an article. */
static int looks_like_site(const char *s, size_t n, const char *site)
{
	static const char *const words[] = {
		"网", "網", "新闻", "新聞", "中文", "日报", "日報", "时报", "時報",
		"news", "bbc", ".com", ".cn", "通讯社", "通訊社", "新闻社", "新聞社",
		"电台", "電台", "电视", "電視", "晚报", "晚報", "周报", "週報",
		"频道", "頻道", "研究院", "基金会", "基金會", NULL
	};

	if (site && strlen(site) == n && !memcmp(s, site, n))
		return 1;
	for (const char *const *w = words; *w; w++)
		if (has_ci(s, n, *w))
			return 1;
	return 0;
}

/*
 * Cuts trailing " - Site" parts off a title: a part after a separator is
 * cut while it is short (and, unless `any`, looks like a site name), and
 * shorter than what stays.
 */
static char *strip_site(const char *title, const char *site, int any)
{
	struct buf b = BUF_INIT;
	size_t lead;

	/* " - 东方简报": a template that lost its title names only the site */
	if (is_separator_at(title, 0, &lead) || (site && !strcmp(title, site)))
		return strdup("");
	buf_adds(&b, title);
	for (;;) {
		size_t cut = 0, seplen = 0, tail_cp, head_cp;

		for (size_t i = 1; i < b.len; i++) {
			size_t m;

			if (is_separator_at(b.data, i, &m) && i + m < b.len) {
				cut = i;
				seplen = m;
				i += m - 1;
			}
		}
		if (!cut)
			break;
		tail_cp = utf8_length(b.data + cut + seplen, b.len - cut - seplen);
		head_cp = utf8_length(b.data, cut);
		if (tail_cp > 20 || !head_cp ||
		    !(looks_like_site(b.data + cut + seplen, b.len - cut - seplen, site) ||
		      (any && tail_cp < head_cp)))
			break;
		buf_truncate(&b, cut);
		buf_trim(&b);
	}
	return buf_detach(&b);
}

/*
 * The site a <title> names after the headline: "标题 - 華訊" → 華訊; of
 * several parts the first that looks like a site's name, else the last
 * ("标题_晨钟新闻网_国际频道" → 晨钟新闻网, "标题_科技_腾讯网" → 腾讯网).
 * The page's own word for its publisher.  Caller frees; NULL when none.
 */
static char *title_site(const char *title_tag, const char *title)
{
	size_t n = title ? strlen(title) : 0, m;
	const char *rest, *last = NULL;
	size_t last_len = 0;

	if (!title_tag || !n || strncmp(title_tag, title, n) ||
	    !is_separator_at(title_tag, n, &m))
		return NULL;
	rest = title_tag + n + m;
	while (*rest) {
		size_t end = 0, len;

		rest += strspn(rest, " ");
		while (rest[end] && !is_separator_at(rest, end, &m))
			end++;
		len = end;
		while (len && rest[len - 1] == ' ')
			len--;
		if (len && utf8_length(rest, len) <= 20) {
			if (looks_like_site(rest, len, NULL))
				return strndup(rest, len);
			last = rest;
			last_len = len;
		}
		rest += end;
		if (*rest && is_separator_at(rest, 0, &m))
			rest += m;
	}
	return last ? strndup(last, last_len) : NULL;
}

/* The first visible <h1> (or, failing that, <h2>) whose text is in the <title>. */
static void find_headline(struct page *p)
{
	struct buf b = BUF_INIT;
	xmlNode *first = NULL;

	for (xmlNode *n = p->body; n; n = next_node(n, p->body, 0)) {
		if (!name_is(n, "h1"))
			continue;
		node_text(n, &b, PAGE_META_MAX);
		if (b.len < 4)
			continue;
		if (!first)
			first = n;
		if (p->title_tag && has(p->title_tag, b.data)) {
			p->h1 = strdup(b.data);
			p->h1_node = n;
			break;
		}
	}
	if (!p->h1 && first && !p->title_tag) {
		node_text(first, &b, PAGE_META_MAX);
		p->h1 = strdup(b.data);
		p->h1_node = first;
	}
	buf_release(&b);
}

static void choose_title(struct page *p)
{
	const char *og = meta_first(p, M_TITLE), *site = meta_first(p, M_SITE);

	const char *cands[] = { og, p->ld_headline, p->h1, p->title_tag };

	/* the first that leaves something once the site name is cut */
	for (size_t i = 0; i < sizeof cands / sizeof cands[0] && !p->title; i++) {
		if (!cands[i])
			continue;
		p->title = i == 2 ? strdup(cands[i]) : strip_site(cands[i], site, i == 3);
		if (p->title && !*p->title) {
			free(p->title);
			p->title = NULL;
		}
	}
}

/* Name after a byline marker: "记者 周启明" → 周启明. */
static char *byline_name(const char *t)
{
	static const char *const marks[] = {
		"记者", "記者", "作者", "撰稿", "文／", "文/", "责任编辑", "責任編輯",
		"编辑", "編輯", NULL
	};

	for (const char *const *m = marks; *m; m++) {
		const char *at = strstr(t, *m);
		size_t n, pos = 0, start, end;
		struct buf b = BUF_INIT;

		if (!at)
			continue;
		at += strlen(*m);
		n = strlen(at);
		/* 记者会 is a press conference, not a byline */
		if (starts(at, "会") || starts(at, "會"))
			continue;
		while (pos < n) {
			size_t before = pos;
			int32_t cp = utf8_next(at, n, &pos);

			if (!(utf8_is_space(cp) || cp == ':' || cp == 0xFF1A || cp == '|')) {
				pos = before;
				break;
			}
		}
		start = end = pos;
		while (pos < n) {
			int32_t cp = utf8_next(at, n, &pos);

			if (!((cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0xB7 ||
			      (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')))
				break;
			end = pos;
		}
		if (utf8_length(at + start, end - start) < 2 ||
		    utf8_length(at + start, end - start) > 20)
			continue;
		buf_add(&b, at + start, end - start);
		return buf_detach(&b);
	}
	return NULL;
}

/*
 * Looks at the short visible lines for the date line and the byline: the
 * first ones after the headline, else the first ones anywhere.
 */
static void find_lines(struct page *p)
{
	struct buf b = BUF_INIT;
	struct page_date before = { 0 }, after = { 0 };
	char *by_before = NULL, *by_after = NULL;
	int seen_h1 = p->h1_node == NULL;

	for (xmlNode *n = p->body; n; n = next_node(n, p->body, n == p->h1_node)) {
		struct found_date f;
		struct page_date *slot;
		char **by;
		int own_text = 0;

		/* the headline itself may name a date or a 记者会 */
		if (n == p->h1_node)
			seen_h1 = 1;
		if (n->type != XML_ELEMENT_NODE || n == p->h1_node)
			continue;
		if (name_is(n, "time") && !p->time_attr) {
			char *dt = attr(n, "datetime");

			if (dt && *dt)
				p->time_attr = strdup(dt);
			xmlFree(dt);
		}
		for (xmlNode *c = n->children; c && !own_text; c = c->next)
			own_text = c->type == XML_TEXT_NODE && c->content &&
				   utf8_skip_space((const char *)c->content,
						   strlen((const char *)c->content), 0) <
					   strlen((const char *)c->content);
		if (!own_text)
			continue;
		node_text(n, &b, 512);
		if (!b.len || utf8_length(b.data, b.len) > PAGE_LINE_MAX_CP)
			continue;
		slot = seen_h1 ? &after : &before;
		by = seen_h1 ? &by_after : &by_before;
		if ((!slot->set || slot->date_only) && scan_date(b.data, b.len, &f)) {
			struct page_date d = { 0 };

			if (found_to_date(&f, &d) && (!slot->set || !d.date_only))
				*slot = d;
		}
		if (!*by && !has(b.data, "。"))
			*by = byline_name(b.data);
	}
	p->visible = after.set && !(after.date_only && before.set && !before.date_only) ? after : before;
	p->byline = by_after ? by_after : by_before;
	free(by_after && by_before ? by_before : NULL);
	buf_release(&b);
}

static int choose_date(const struct page *p, struct doc *d)
{
	struct page_date best = { 0 };

	for (size_t i = 0; i < N_META_KEYS && !best.set; i++)
		if (meta_keys[i].slot == M_DATE && p->meta[i])
			parse_date_value(p->meta[i], &best);
	if (!best.set && p->ld_date)
		parse_date_value(p->ld_date, &best);
	if (!best.set && p->time_attr)
		parse_date_value(p->time_attr, &best);
	/* "2023-11-17" in a meta tag, "2023-11-17 15:13" on the page */
	if (best.set && best.date_only && p->visible.set && !p->visible.date_only &&
	    p->visible.y == best.y && p->visible.mo == best.mo && p->visible.d == best.d)
		best = p->visible;
	if (!best.set && p->visible.set)
		best = p->visible;
	if (!best.set)
		return 0;
	d->published = best.ms;
	if (best.assumed)
		d->flags |= DOC_F_ZONE_ASSUMED;
	return 1;
}

static char *resolve(const char *base, const char *href)
{
	xmlChar *u;
	char *out;

	if (!base || !*base)
		return strdup(href);
	u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
	if (!u)
		return strdup(href);
	out = strdup((const char *)u);
	xmlFree(u);
	return out;
}

static int set_metadata(struct page *p, struct doc *d)
{
	const char *v;
	char *url = NULL;
	int rc = DOSSIER_OK;

	if (p->title)
		rc = doc_set(&d->title, p->title, (size_t)-1);
	if (!rc && (v = meta_first(p, M_AUTHOR)) && !starts(v, "http")) {
		/* "華訊記者 蔡宜君" → 蔡宜君 */
		char *name = has(v, "记者") || has(v, "記者") ? byline_name(v) : NULL;

		rc = doc_set(&d->author, name ? name : v, (size_t)-1);
		free(name);
	}
	if (!rc && !d->author && p->ld_author)
		rc = doc_set(&d->author, p->ld_author, (size_t)-1);
	if (!rc && !d->author && p->byline)
		rc = doc_set(&d->author, p->byline, (size_t)-1);
	if (!rc && !d->source) {
		v = meta_first(p, M_SITE);
		if (!v)
			v = p->ld_publisher;
		if (!v)
			v = meta_first(p, M_SOURCE);
		if (v) {
			rc = doc_set(&d->source, v, (size_t)-1);
		} else {
			char *named = title_site(p->title_tag, p->title);

			rc = named ? doc_set(&d->source, named, (size_t)-1) : DOSSIER_OK;
			free(named);
		}
	}
	v = p->canonical ? p->canonical : meta_first(p, M_URL);
	if (!rc && v && (starts(v, "http") || p->url)) {
		url = resolve(p->url, v);
		if (url && (starts(url, "http://") || starts(url, "https://")))
			rc = doc_set(&d->url, url, (size_t)-1);
		free(url);
	}
	if (!rc && !d->url && p->url)
		rc = doc_set(&d->url, p->url, (size_t)-1);
	if (!rc)
		rc = doc_set(&d->format, "page", (size_t)-1);
	if (!rc)
		choose_date(p, d);
	return rc;
}

/* ---- empty pages ----------------------------------------------------------------------- */

/*
 * Why a page without article text has none, for the error message: the
 * words of maintenance notices and error pages, in the <title> or in a
 * text too short to be an article (a report may well say 找不到).
 */
static const char *empty_reason(const struct page *p, const char *text)
{
	static const char *const maintenance[] = {
		"系统维护", "系統維護", "维护中", "維護中", "稍后重试", "稍後重試",
		"maintenance", "升级中", "升級中", NULL
	};
	static const char *const error[] = {
		"404", "not found", "页面不存在", "頁面不存在", "找不到", "已删除",
		"已刪除", "出错", "出錯", "error", NULL
	};
	const char *title = p->title_tag ? p->title_tag : "";
	size_t tn = strlen(title), n = strlen(text);
	int short_text = utf8_length(text, n) < 80;

	for (const char *const *w = maintenance; *w; w++)
		if (has_ci(title, tn, *w) || (short_text && has_ci(text, n, *w)))
			return "a maintenance notice";
	for (const char *const *w = error; *w; w++)
		if (has_ci(title, tn, *w) || (short_text && has_ci(text, n, *w)))
			return "an error page";
	return NULL;
}

/* Drops trailing headings (a heading with nothing under it). */
static void trim_trailing_headings(struct doc *d)
{
	while (d->n_paras > 1 && d->paras[d->n_paras - 1].kind == DOC_PARA_HEADING) {
		free(d->paras[d->n_paras - 1].text);
		d->n_paras--;
	}
}

/*
 * Text typed straight into a block with blank lines between paragraphs
 * (a bare page's <body>): each blank line becomes <br><br>, so that the
 * paragraphs stay paragraphs.
 */
static void split_blank_lines(xmlNode *root)
{
	for (xmlNode *t = root->children; t; t = next_node(t, root, 0)) {
		const char *s, *cut = NULL;

		/* libxml2 puts text typed into <body> in an implied <p> */
		if (t->type != XML_TEXT_NODE || !t->content || !t->parent ||
		    !is_block(t->parent) || name_is(t->parent, "pre"))
			continue;
		s = (const char *)t->content;
		for (const char *q = strchr(s, '\n'); q && !cut; q = strchr(q + 1, '\n')) {
			const char *r = q + 1;

			while (*r == ' ' || *r == '\t' || *r == '\r')
				r++;
			if (*r == '\n' && utf8_skip_space(s, (size_t)(q - s), 0) < (size_t)(q - s) &&
			    utf8_skip_space(r, strlen(r), 0) < strlen(r))
				cut = q;
		}
		if (cut) {
			xmlNode *rest = xmlNewDocText(t->doc, (const xmlChar *)cut + 1);
			xmlNode *br1 = xmlNewDocNode(t->doc, NULL, (const xmlChar *)"br", NULL);
			xmlNode *br2 = xmlNewDocNode(t->doc, NULL, (const xmlChar *)"br", NULL);
			/* a copy: setting the content frees the old one */
			xmlChar *head = xmlStrndup((const xmlChar *)s, (int)(cut - s));

			if (!rest || !br1 || !br2 || !head) {
				xmlFreeNode(rest);
				xmlFreeNode(br1);
				xmlFreeNode(br2);
				xmlFree(head);
				return;
			}
			xmlNodeSetContent(t, head);
			xmlFree(head);
			/* in this order: libxml2 merges a text node added next to
			 * another text node */
			xmlAddNextSibling(t, br1);
			xmlAddNextSibling(br1, br2);
			xmlAddNextSibling(br2, rest);
			t = br2; /* `rest` is looked at next */
		}
	}
}

/*
 * Whether a sibling of the best container is part of the article too: it
 * scores close to it, or is a paragraph of prose, or is the lead picture
 * (an image with a short caption and no links).
 */
static int sibling_belongs(const xmlNode *sib, double threshold)
{
	const struct nstat *s = st(sib);

	if (!s)
		return 0;
	if (final_score(sib) >= threshold)
		return 1;
	if (name_is(sib, "p") && s->cp >= 40 && link_density(s) < 0.25)
		return 1;
	return s->imgs && s->cp <= 200 && !s->link_cp;
}

/* ---- the entry point ---------------------------------------------------------------------- */

/* The page as libxml2 should read it: NUL bytes would end its input early. */
static htmlDocPtr parse_tree(const char *html, size_t len)
{
	char *copy = malloc(len + 1);
	htmlDocPtr tree;

	if (!copy)
		return NULL;
	memcpy(copy, html, len);
	for (size_t i = 0; i < len; i++)
		if (!copy[i])
			copy[i] = ' ';
	copy[len] = '\0';
	/* The bytes are UTF-8 whatever <meta charset> says: the encoding is
	 * given and IGNORE_ENC keeps libxml2 from switching on the meta. */
	tree = htmlReadMemory(copy, (int)len, NULL, "UTF-8",
			      HTML_PARSE_RECOVER | HTML_PARSE_NONET |
			      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			      HTML_PARSE_IGNORE_ENC);
	free(copy);
	return tree;
}

int page_parse(const char *html, size_t len, const char *url, struct doc *d,
	       struct err *e)
{
	struct page p;
	struct html_extras x = { 0 };
	xmlNode *top, *content, *wrap = NULL;
	struct buf probe = BUF_INIT;
	const char *why;
	int rc;

	memset(&p, 0, sizeof p);
	p.url = url;
	if (len > INT_MAX / 2)
		return err_set(e, DOSSIER_ETOOBIG, "HTML page too large");
	p.tree = parse_tree(html ? html : "", html ? len : 0);
	if (!p.tree) {
		rc = err_set(e, DOSSIER_EEMPTY, "no article text: the page is empty");
		goto done;
	}
	read_head(&p);
	if (!p.body) {
		rc = err_set(e, DOSSIER_EEMPTY, "no article text: the page has no body");
		goto done;
	}
	prune_hidden(&p);
	find_headline(&p);
	choose_title(&p);
	find_lines(&p);
	rc = set_metadata(&p, d);
	if (!rc)
		rc = count_stats(&p);
	if (rc) {
		err_set(e, rc, "out of memory");
		goto done;
	}
	prune_furniture(&p);
	rc = count_stats(&p);
	if (rc) {
		err_set(e, rc, "out of memory");
		goto done;
	}
	top = pick_top(&p);
	if (!top) {
		node_text(p.body, &probe, 4096);
		why = empty_reason(&p, probe.data);
		rc = err_set(e, DOSSIER_EEMPTY, "no article text: %s",
			     why ? why : "nothing on the page reads as prose (an index or a bare page)");
		goto done;
	}
	content = top;
	if (top->parent && top != p.body) {
		double threshold = final_score(top) * 0.2;
		xmlNode *sib, *next;
		size_t picked = 0;

		if (threshold < 10)
			threshold = 10;
		for (sib = top->parent->children; sib; sib = sib->next) {
			const struct nstat *s = st(sib);

			if (sib == top || !s)
				continue;
			if (sibling_belongs(sib, threshold))
				picked++;
		}
		if (picked) {
			wrap = xmlNewDocNode(p.tree, NULL, (const xmlChar *)"div", NULL);
			if (!wrap) {
				rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
				goto done;
			}
			for (sib = top->parent->children; sib; sib = next) {
				const struct nstat *s = st(sib);

				next = sib->next;
				if (sib != top && (!s || !sibling_belongs(sib, threshold)))
					continue;
				xmlUnlinkNode(sib);
				xmlAddChild(wrap, sib);
			}
			content = wrap;
		}
	}
	clean_content(&p, content);
	split_blank_lines(content);
	rc = html_node_to_doc(content, d->url ? d->url : url, d, &x, e);
	if (rc == DOSSIER_EEMPTY) {
		node_text(p.body, &probe, 4096);
		why = empty_reason(&p, probe.data);
		rc = err_set(e, DOSSIER_EEMPTY, "no article text: %s",
			     why ? why : "only page furniture around an empty body");
		goto done;
	}
	if (rc)
		goto done;
	trim_trailing_headings(d);
	{
		char *text = doc_text(d);
		size_t cps = text ? utf8_length(text, strlen(text)) : 0;

		why = text ? empty_reason(&p, text) : NULL;
		if (text && (cps < 20 || (why && cps < 300)))
			rc = err_set(e, DOSSIER_EEMPTY, "no article text: %s",
				     why ? why : "too little text outside the page furniture");
		free(text);
	}
done:
	if (wrap)
		xmlFreeNode(wrap);
	html_extras_release(&x);
	buf_release(&probe);
	page_release(&p);
	return rc;
}
