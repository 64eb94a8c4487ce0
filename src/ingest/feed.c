/*
 * feed.c — RSS 0.9x/2.0, RSS 1.0 and 0.90 (RDF), Atom 0.3 and 1.0.
 *
 * Real feeds are often not XML: a raw `&` in a WeChat link, `<草根网>` in
 * a title, a backspace in a title, HTML entities (&nbsp;) that XML does
 * not define, a download cut off mid-item, white space before the XML
 * declaration, the tail of another response after the root element.  So
 * the bytes first pass through a small tolerant tokenizer (the "fixer")
 * that writes well-formed XML: it escapes what cannot be markup, maps
 * HTML entities to characters, drops characters XML forbids, keeps an
 * element stack so that stray end tags are dropped and elements left
 * open are closed, stops at the end of the root element and closes what
 * a cut-off download left open.  Each kind of repair becomes one line in
 * fi->problems.  libxml2 then builds the tree from the repaired text
 * (recover mode, no network, no entity substitution, the declared
 * encoding ignored: the text is UTF-8 already), and the items are read
 * off the tree.
 *
 * Dates without a zone ("2005-5-28 16:05:36", a pubDate with no zone)
 * are read in the zone the feed's language implies: zh-tw → Asia/Taipei,
 * zh-hk and zh-mo → Asia/Hong_Kong, zh-sg → Asia/Singapore, any other zh
 * → Asia/Shanghai (all UTC+8).  A feed that declares no language, or a
 * non-Chinese one (Chinese feeds often say en-us), is taken to be a
 * Chinese desk's, UTC+8 (Asia/Shanghai), when its channel or item titles
 * hold Han characters, and UTC otherwise.  Such dates carry
 * DOC_F_ZONE_ASSUMED; items with no readable date have none (ingest may
 * date them from their address): the fetch time is only d->fetched.
 *
 * Body text comes from the fullest of content:encoded / Atom <content>
 * and the description / <summary>.  An RSS description counts as the
 * full text when it has several paragraphs or FEED_FULL_MIN_CP characters
 * and does not end in an ellipsis; otherwise a body taken from it (or
 * from an Atom summary) is flagged DOC_F_SUMMARY_ONLY.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/utf8.h"
#include "ingest/ingest_int.h"

/* Elements nested deeper than this are flattened (libxml2 stops at 256). */
#define FEED_DEPTH_MAX 200
/* Element and attribute names longer than this are not markup. */
#define FEED_NAME_MAX 128
/* Attributes kept per element; more are dropped. */
#define FEED_ATTRS_MAX 32
/* A description this long (code points) is the article, not a teaser. */
#define FEED_FULL_MIN_CP 300
/* Titles, authors and categories are cut at this many bytes. */
#define FEED_FIELD_MAX (16u << 10)
/* How much of a bad value a problem line quotes. */
#define FEED_QUOTE_MAX 40

static const char ATOM10_NS[] = "http://www.w3.org/2005/Atom";
static const char ATOM03_NS[] = "http://purl.org/atom/ns#";
static const char RSS10_NS[] = "http://purl.org/rss/1.0/";
static const char RSS090_NS[] = "http://my.netscape.com/rdf/simple/0.9/";
static const char USERLAND_NS[] = "http://backend.userland.com/rss2";
static const char DC_NS[] = "http://purl.org/dc/elements/1.1/";
static const char DCTERMS_NS[] = "http://purl.org/dc/terms/";
static const char CONTENT_NS[] = "http://purl.org/rss/1.0/modules/content/";
static const char RDF_NS[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/* ---- small helpers ----------------------------------------------------------- */

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int ascii_ieq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static int starts(const char *s, size_t len, size_t pos, const char *what)
{
	size_t n = strlen(what);

	return len - pos >= n && !memcmp(s + pos, what, n);
}

/* Finds `what` in s[from..len); len when absent. */
static size_t find(const char *s, size_t len, size_t from, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = from; i + n <= len; i++) {
		const char *hit = memchr(s + i, what[0], len - i - n + 1);

		if (!hit)
			break;
		i = (size_t)(hit - s);
		if (!memcmp(hit, what, n))
			return i;
	}
	return len;
}

/* Characters XML 1.0 allows. */
static int xml_char_ok(int32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* ---- the fixer: tolerant tokenizer that writes well-formed XML ------------------- */

enum fix_kind {
	FIX_PROLOG_SPACE,
	FIX_JUNK_BEFORE,
	FIX_UTF8,
	FIX_CTRL,
	FIX_AMP,
	FIX_HTML_ENTITY,
	FIX_UNKNOWN_ENTITY,
	FIX_BAD_REF,
	FIX_LT,
	FIX_ATTR,
	FIX_END_TAG,
	FIX_UNCLOSED,
	FIX_CDATA,
	FIX_DEPTH,
	FIX_TRUNCATED,
	FIX_JUNK_AFTER,
	FIX_COUNT
};

static const char *const fix_what[FIX_COUNT] = {
	[FIX_PROLOG_SPACE] = "white space before the XML declaration skipped",
	[FIX_JUNK_BEFORE] = "text before the root element dropped",
	[FIX_UTF8] = "malformed UTF-8 replaced with U+FFFD",
	[FIX_CTRL] = "control character not allowed in XML dropped",
	[FIX_AMP] = "raw '&' that starts no entity escaped",
	[FIX_HTML_ENTITY] = "HTML entity undefined in XML replaced by its character",
	[FIX_UNKNOWN_ENTITY] = "unknown entity kept as text",
	[FIX_BAD_REF] = "broken character reference",
	[FIX_LT] = "'<' that starts no tag escaped",
	[FIX_ATTR] = "malformed attribute repaired or dropped",
	[FIX_END_TAG] = "end tag that closes nothing open dropped",
	[FIX_UNCLOSED] = "element left open closed",
	[FIX_CDATA] = "unterminated CDATA section closed",
	[FIX_DEPTH] = "element nested too deep flattened",
	[FIX_TRUNCATED] = "document cut off: open elements closed",
	[FIX_JUNK_AFTER] = "content after the end of the root element ignored",
};

struct fix_note {
	size_t count;
	size_t line;
	char example[64];
};

struct fix_elem {
	size_t off, len; /* the name in the input */
	int leaf;        /* text-only element: '<' inside is text */
	int item;        /* <item> or <entry> */
};

struct fixer {
	const char *s;
	size_t len, pos;
	size_t line, line_pos; /* line number at line_pos, for notes */
	struct buf *out;
	struct fix_elem stack[FEED_DEPTH_MAX];
	size_t depth;
	int root_seen, root_closed;
	int cut_in_item;       /* the input ended inside an item */
	struct fix_note notes[FIX_COUNT];
	int rc;
};

static size_t line_at(struct fixer *f, size_t pos)
{
	if (pos < f->line_pos) {
		f->line = 1;
		f->line_pos = 0;
	}
	for (size_t i = f->line_pos; i < pos && i < f->len; i++)
		if (f->s[i] == '\n')
			f->line++;
	f->line_pos = pos;
	return f->line;
}

/* Records one repair of `kind` at input offset `pos`; `ex` is quoted once. */
static void note(struct fixer *f, enum fix_kind kind, size_t pos, const char *ex, size_t exn)
{
	struct fix_note *n = &f->notes[kind];

	if (n->count++)
		return;
	n->line = line_at(f, pos);
	if (ex) {
		if (exn > FEED_QUOTE_MAX)
			exn = utf8_boundary_before(ex, exn, FEED_QUOTE_MAX);
		snprintf(n->example, sizeof n->example, "%.*s", (int)exn, ex);
	}
}

static void out_add(struct fixer *f, const char *p, size_t n)
{
	if (!f->rc)
		f->rc = buf_add(f->out, p, n);
}

static void out_adds(struct fixer *f, const char *p)
{
	out_add(f, p, strlen(p));
}

/* Adds code point `cp` as UTF-8, escaping what XML text cannot hold raw. */
static void out_cp(struct fixer *f, int32_t cp, int attr)
{
	char u[4];
	size_t n;

	if (cp == '<')
		out_adds(f, "&lt;");
	else if (cp == '>')
		out_adds(f, "&gt;");
	else if (cp == '&')
		out_adds(f, "&amp;");
	else if (cp == '"' && attr)
		out_adds(f, "&quot;");
	else if ((n = utf8_encode((uint32_t)cp, u)) != 0)
		out_add(f, u, n);
}

static int is_predefined(const char *name, size_t n)
{
	static const char *const names[] = { "amp", "lt", "gt", "quot", "apos" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], name, n))
			return 1;
	return 0;
}

/*
 * An HTML character entity (HTML 4's list, as libxml2 knows it), by name;
 * -1 when unknown.
 */
static int32_t html_entity(const char *name, size_t n)
{
	char tmp[40];
	const htmlEntityDesc *ent;

	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, name, n);
	tmp[n] = '\0';
	ent = htmlEntityLookup((const xmlChar *)tmp);
	return ent ? (int32_t)ent->value : -1;
}

/*
 * The reference at s[i] ('&') inside s[0..n): writes what it should become
 * and returns the bytes consumed.
 */
static size_t fix_ref(struct fixer *f, const char *s, size_t n, size_t i, int attr)
{
	size_t j = i + 1, start;
	size_t at = (size_t)(s + i - f->s);

	if (j < n && s[j] == '#') {
		int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		int32_t cp = 0;
		int digits = 0;

		j += 1 + (size_t)hex;
		start = j;
		while (j < n && digits < 8 && ascii_hex_value(s[j]) >= 0 &&
		       (hex || (s[j] >= '0' && s[j] <= '9'))) {
			cp = cp * (hex ? 16 : 10) + ascii_hex_value(s[j]);
			j++;
			digits++;
		}
		if (!digits) {
			note(f, FIX_AMP, at, s + i, j - i);
			out_adds(f, "&amp;");
			return 1;
		}
		if (j < n && s[j] == ';' && xml_char_ok(cp)) {
			out_add(f, s + i, j + 1 - i);
			return j + 1 - i;
		}
		/* Without ';' a long enough number is what HTML reads; a cut one
		 * (`&#2...`) or a forbidden character is dropped. */
		note(f, FIX_BAD_REF, at, s + i, j - i + (j < n && s[j] == ';'));
		if (!(j < n && s[j] == ';') && digits >= 2 + hex && xml_char_ok(cp) && cp >= 0x20)
			out_cp(f, cp, attr);
		return j - i + (j < n && s[j] == ';');
	}
	start = j;
	while (j < n && j - start < 32 && ((s[j] >= 'a' && s[j] <= 'z') ||
					  (s[j] >= 'A' && s[j] <= 'Z') ||
					  (s[j] >= '0' && s[j] <= '9')))
		j++;
	if (j > start && j < n && s[j] == ';') {
		int32_t cp;

		if (is_predefined(s + start, j - start)) {
			out_add(f, s + i, j + 1 - i);
			return j + 1 - i;
		}
		cp = html_entity(s + start, j - start);
		if (cp >= 0 && xml_char_ok(cp)) {
			note(f, FIX_HTML_ENTITY, at, s + i, j + 1 - i);
			out_cp(f, cp, attr);
			return j + 1 - i;
		}
		note(f, FIX_UNKNOWN_ENTITY, at, s + i, j + 1 - i);
	} else {
		note(f, FIX_AMP, at, s + i, j - i);
	}
	out_adds(f, "&amp;");
	return 1;
}

/*
 * Copies text s[0..n) as XML character data (attr: as an attribute
 * value): references checked, '<' '>' escaped, forbidden characters
 * dropped, malformed UTF-8 replaced.
 */
static void fix_text(struct fixer *f, const char *s, size_t n, int attr)
{
	size_t i = 0;

	while (i < n && !f->rc) {
		unsigned char c = (unsigned char)s[i];
		size_t run = i;
		int32_t cp;

		/* Plain ASCII runs go out in one piece. */
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F &&
		       s[run] != '&' && s[run] != '<' && s[run] != '>' &&
		       !(attr && s[run] == '"'))
			run++;
		if (run > i) {
			out_add(f, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '&') {
			i += fix_ref(f, s, n, i, attr);
			continue;
		}
		run = i;
		cp = utf8_next(s, n, &run);
		if (cp < 0) {
			note(f, FIX_UTF8, (size_t)(s + i - f->s), NULL, 0);
			out_cp(f, UTF8_REPLACEMENT, attr);
		} else if (!xml_char_ok(cp)) {
			char ex[16];

			snprintf(ex, sizeof ex, "U+%04X", (unsigned)cp);
			note(f, FIX_CTRL, (size_t)(s + i - f->s), ex, strlen(ex));
		} else if (c < 0x80) {
			out_cp(f, cp, attr);
		} else {
			out_add(f, s + i, run - i);
		}
		i = run;
	}
}

/* Copies CDATA content: only forbidden characters and bad UTF-8 change. */
static void fix_cdata_text(struct fixer *f, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !f->rc) {
		size_t next = i;
		int32_t cp = utf8_next(s, n, &next);

		if (cp < 0) {
			note(f, FIX_UTF8, (size_t)(s + i - f->s), NULL, 0);
			out_adds(f, "\xEF\xBF\xBD");
		} else if (!xml_char_ok(cp)) {
			char ex[16];

			snprintf(ex, sizeof ex, "U+%04X", (unsigned)cp);
			note(f, FIX_CTRL, (size_t)(s + i - f->s), ex, strlen(ex));
		} else {
			out_add(f, s + i, next - i);
		}
		i = next;
	}
}

static int name_eq(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && !memcmp(s, name, n);
}

/* HTML elements that never have content (left unclosed in feeds' HTML). */
static int is_void_html(const char *s, size_t n)
{
	static const char *const names[] = {
		"br", "img", "hr", "wbr", "input", "area", "col", "embed", "param",
		"track", "basefont", "meta", NULL
	};

	for (const char *const *p = names; *p; p++)
		if (strlen(*p) == n && ascii_ieq_n(s, *p, n))
			return 1;
	return 0;
}

/*
 * Feed elements that hold only text.  A '<' inside them is text unless it
 * closes them, opens CDATA or a comment, or opens another feed element
 * (then they were left open).
 */
static int is_leaf(const char *s, size_t n, int has_href, int xhtml)
{
	static const char *const names[] = {
		"title", "guid", "pubDate", "dc:date", "dc:creator", "dc:subject",
		"dc:title", "category", "id", "published", "updated", "issued",
		"modified", "created", "language", "dc:language", "name", "email",
		"uri", "lastBuildDate", NULL
	};

	if (name_eq(s, n, "link"))
		return !has_href;
	if (xhtml)
		return 0;
	for (const char *const *p = names; *p; p++)
		if (name_eq(s, n, *p))
			return 1;
	return 0;
}

/* Element names that never occur inside a text-only feed element. */
static int is_structural(const char *s, size_t n)
{
	static const char *const names[] = {
		"item", "entry", "title", "link", "description", "guid", "pubDate",
		"category", "author", "summary", "content", "content:encoded",
		"dc:date", "dc:creator", "dc:subject", "comments", "enclosure",
		"id", "updated", "published", "channel", NULL
	};

	for (const char *const *p = names; *p; p++)
		if (name_eq(s, n, *p))
			return 1;
	return 0;
}

static size_t scan_name(const char *s, size_t len, size_t pos)
{
	size_t i = pos;

	if (i >= len || !is_name_start(s[i]))
		return 0;
	while (i < len && i - pos <= FEED_NAME_MAX && is_name_char(s[i]))
		i++;
	return i - pos > FEED_NAME_MAX ? 0 : i - pos;
}

static void close_top(struct fixer *f)
{
	struct fix_elem *el = &f->stack[--f->depth];

	out_adds(f, "</");
	out_add(f, f->s + el->off, el->len);
	out_adds(f, ">");
	if (!f->depth)
		f->root_closed = 1;
}

/* `</name ...>` at f->pos. */
static void fix_end_tag(struct fixer *f)
{
	size_t start = f->pos + 2, n = scan_name(f->s, f->len, start), i, k;

	if (!n) {
		note(f, FIX_LT, f->pos, f->s + f->pos, 2);
		if (f->depth)
			out_adds(f, "&lt;");
		f->pos++;
		return;
	}
	i = start + n;
	while (i < f->len && f->s[i] != '>' && f->s[i] != '<')
		i++;
	f->pos = i < f->len && f->s[i] == '>' ? i + 1 : i;
	for (int pass = 0; pass < 2; pass++) {
		for (k = f->depth; k-- > 0;) {
			const struct fix_elem *el = &f->stack[k];

			if (el->len == n && (pass ? ascii_ieq_n(f->s + el->off, f->s + start, n)
						  : !memcmp(f->s + el->off, f->s + start, n)))
				break;
		}
		if (k < f->depth)
			break;
	}
	if (k >= f->depth && f->depth && f->stack[f->depth - 1].leaf) {
		/* `</b>` in a title whose `<b>` was text: text too */
		f->pos = start - 1;
		out_adds(f, "&lt;");
		return;
	}
	if (k >= f->depth) {
		if (!is_void_html(f->s + start, n))
			note(f, FIX_END_TAG, start - 2, f->s + start - 2, f->pos - (start - 2));
		return;
	}
	if (k + 1 < f->depth)
		note(f, FIX_UNCLOSED, start - 2, f->s + f->stack[f->depth - 1].off,
		     f->stack[f->depth - 1].len);
	while (f->depth > k)
		close_top(f);
}

/* The value of attribute `name` (ASCII, case-insensitive) in a start tag. */
static int attr_is(const char *s, size_t vn, const char *want)
{
	return strlen(want) == vn && ascii_ieq_n(s, want, vn);
}

/*
 * `<name attrs>` at f->pos.  Returns 0 when the input ends inside the tag
 * (a cut-off download: the tag is dropped).
 */
static int fix_start_tag(struct fixer *f)
{
	size_t start = f->pos + 1, n = scan_name(f->s, f->len, start), i = start + n;
	size_t names[FEED_ATTRS_MAX][2], n_attrs = 0;
	int self_close = 0, has_href = 0, xhtml = 0, keep;
	size_t mark = f->out->len;

	keep = f->depth < FEED_DEPTH_MAX;
	if (!keep)
		note(f, FIX_DEPTH, f->pos, f->s + start, n);
	if (keep) {
		out_adds(f, "<");
		out_add(f, f->s + start, n);
	}
	for (;;) {
		size_t an, vs, ve;
		char q;

		while (i < f->len && is_xml_space(f->s[i]))
			i++;
		if (i >= f->len)
			goto cut;
		if (f->s[i] == '>') {
			i++;
			break;
		}
		if (f->s[i] == '/' && i + 1 < f->len && f->s[i + 1] == '>') {
			self_close = 1;
			i += 2;
			break;
		}
		if (f->s[i] == '<') { /* the tag never ended */
			note(f, FIX_ATTR, i, f->s + start, n);
			break;
		}
		an = 0;
		while (i + an < f->len && !is_xml_space(f->s[i + an]) && f->s[i + an] != '=' &&
		       f->s[i + an] != '>' && f->s[i + an] != '<' &&
		       !(f->s[i + an] == '/' && i + an + 1 < f->len && f->s[i + an + 1] == '>'))
			an++;
		if (i + an >= f->len)
			goto cut;
		vs = ve = i;
		{
			size_t j = i + an;

			while (j < f->len && is_xml_space(f->s[j]))
				j++;
			if (j < f->len && f->s[j] == '=') {
				j++;
				while (j < f->len && is_xml_space(f->s[j]))
					j++;
				if (j >= f->len)
					goto cut;
				q = f->s[j];
				if (q == '"' || q == '\'') {
					const char *end = memchr(f->s + j + 1, q, f->len - j - 1);

					if (!end)
						goto cut;
					vs = j + 1;
					ve = (size_t)(end - f->s);
					j = ve + 1;
				} else {
					vs = j;
					while (j < f->len && !is_xml_space(f->s[j]) && f->s[j] != '>' &&
					       f->s[j] != '<')
						j++;
					ve = j;
					note(f, FIX_ATTR, vs, f->s + i, j - i);
				}
			} else {
				/* `<input disabled>`: the name is the value */
				vs = i;
				ve = i + an;
				if (an)
					note(f, FIX_ATTR, i, f->s + i, an);
			}
			{
				int ok = an > 0 && an <= FEED_NAME_MAX && is_name_start(f->s[i]);

				for (size_t k = 0; ok && k < an; k++)
					ok = is_name_char(f->s[i + k]);
				for (size_t k = 0; ok && k < n_attrs; k++)
					ok = !(names[k][1] == an && !memcmp(f->s + names[k][0], f->s + i, an));
				if (ok && n_attrs >= FEED_ATTRS_MAX)
					ok = 0;
				if (!ok) {
					note(f, FIX_ATTR, i, f->s + i, an ? an : 1);
				} else {
					names[n_attrs][0] = i;
					names[n_attrs][1] = an;
					n_attrs++;
					if (attr_is(f->s + i, an, "href"))
						has_href = 1;
					if ((attr_is(f->s + i, an, "type") || attr_is(f->s + i, an, "mode")) &&
					    (attr_is(f->s + vs, ve - vs, "xhtml") ||
					     attr_is(f->s + vs, ve - vs, "xml") ||
					     attr_is(f->s + vs, ve - vs, "application/xhtml+xml")))
						xhtml = 1;
					if (keep) {
						out_adds(f, " ");
						out_add(f, f->s + i, an);
						out_adds(f, "=\"");
						fix_text(f, f->s + vs, ve - vs, 1);
						out_adds(f, "\"");
					}
				}
			}
			i = j > i ? j : i + 1;
		}
	}
	f->pos = i;
	if (!keep)
		return 1;
	if (self_close || is_void_html(f->s + start, n)) {
		out_adds(f, "/>");
		if (!f->depth) { /* an empty root */
			f->root_seen = f->root_closed = 1;
		}
		return 1;
	}
	out_adds(f, ">");
	f->root_seen = 1;
	f->stack[f->depth].off = start;
	f->stack[f->depth].len = n;
	f->stack[f->depth].leaf = is_leaf(f->s + start, n, has_href, xhtml);
	f->stack[f->depth].item = name_eq(f->s + start, n, "item") ||
				  name_eq(f->s + start, n, "entry") ||
				  (n > 5 && !memcmp(f->s + start + n - 5, ":item", 5));
	f->depth++;
	return 1;
cut:
	if (keep)
		buf_truncate(f->out, mark);
	f->pos = f->len;
	return 0;
}

/* `<![CDATA[ ... ]]>` at f->pos, inside an element. */
static void fix_cdata(struct fixer *f)
{
	size_t start = f->pos + 9, end = find(f->s, f->len, start, "]]>"), stop;
	size_t next = find(f->s, f->len, start, "<![CDATA[");

	if (end < next) {
		out_adds(f, "<![CDATA[");
		fix_cdata_text(f, f->s + start, end - start);
		out_adds(f, "]]>");
		f->pos = end + 3;
		return;
	}
	/* Never closed: end it where the element that holds it ends. */
	stop = next;
	if (f->depth) {
		const struct fix_elem *el = &f->stack[f->depth - 1];
		size_t i = start;

		while ((i = find(f->s, next, i, "</")) < next) {
			if (next - i - 2 >= el->len && !memcmp(f->s + i + 2, f->s + el->off, el->len) &&
			    (i + 2 + el->len >= next || f->s[i + 2 + el->len] == '>' ||
			     is_xml_space(f->s[i + 2 + el->len]))) {
				stop = i;
				break;
			}
			i += 2;
		}
	}
	note(f, FIX_CDATA, f->pos, NULL, 0);
	out_adds(f, "<![CDATA[");
	fix_cdata_text(f, f->s + start, stop - start);
	out_adds(f, "]]>");
	f->pos = stop;
}

/* Skips `<!DOCTYPE ...>` (with an internal subset) or another `<!...>`. */
static void skip_decl(struct fixer *f)
{
	size_t i = f->pos + 2;
	int brackets = 0;

	for (; i < f->len; i++) {
		if (f->s[i] == '[')
			brackets++;
		else if (f->s[i] == ']' && brackets)
			brackets--;
		else if (f->s[i] == '>' && !brackets)
			break;
	}
	f->pos = i < f->len ? i + 1 : f->len;
}

/* Whether the start tag at s[pos] ('<') names a feed element. */
static int starts_structural(struct fixer *f, size_t pos)
{
	size_t n = scan_name(f->s, f->len, pos + 1);

	return n && is_structural(f->s + pos + 1, n);
}

/* One '<' at f->pos.  Returns 0 when the input ended inside markup. */
static int fix_markup(struct fixer *f)
{
	const char *s = f->s;
	size_t p = f->pos;
	int leaf = f->depth && f->stack[f->depth - 1].leaf;

	if (starts(s, f->len, p, "<!--")) {
		size_t end = find(s, f->len, p + 4, "-->");

		f->pos = end < f->len ? end + 3 : f->len;
		return 1;
	}
	if (starts(s, f->len, p, "<![CDATA[")) {
		if (f->depth)
			fix_cdata(f);
		else
			f->pos = p + 9;
		return 1;
	}
	if (p + 1 >= f->len)
		return 0;
	if (leaf && s[p + 1] != '/' && !starts_structural(f, p)) {
		size_t ex = 1;

		while (p + ex < f->len && ex < 24 && s[p + ex] != '>' && s[p + ex] != '\n')
			ex++;
		note(f, FIX_LT, p, s + p, p + ex < f->len && s[p + ex] == '>' ? ex + 1 : ex);
		out_adds(f, "&lt;");
		f->pos++;
		return 1;
	}
	if (leaf && s[p + 1] != '/') { /* a feed element opens: the leaf was left open */
		note(f, FIX_UNCLOSED, p, s + f->stack[f->depth - 1].off,
		     f->stack[f->depth - 1].len);
		close_top(f);
	}
	if (s[p + 1] == '!') {
		skip_decl(f);
		return 1;
	}
	if (s[p + 1] == '?') {
		size_t end = find(s, f->len, p + 2, "?>");

		f->pos = end < f->len ? end + 2 : f->len;
		return 1;
	}
	if (s[p + 1] == '/') {
		fix_end_tag(f);
		return 1;
	}
	if (is_name_start(s[p + 1]) && scan_name(s, f->len, p + 1))
		return fix_start_tag(f);
	if (f->depth) {
		note(f, FIX_LT, p, s + p, 2);
		out_adds(f, "&lt;");
	}
	f->pos++;
	return 1;
}

/* Writes the problem lines for what the fixer repaired. */
static int fix_report(const struct fixer *f, struct buf *problems)
{
	int rc = DOSSIER_OK;

	for (int k = 0; k < FIX_COUNT && !rc; k++) {
		const struct fix_note *n = &f->notes[k];

		if (!n->count)
			continue;
		rc = buf_printf(problems, "line %zu: %s", n->line, fix_what[k]);
		if (!rc && n->example[0])
			rc = buf_printf(problems, " (%s)", n->example);
		if (!rc && n->count > 1)
			rc = buf_printf(problems, ", %zu times", n->count);
		if (!rc)
			rc = buf_addc(problems, '\n');
	}
	return rc;
}

/*
 * Rewrites data[0..len) as well-formed XML in `out`.  DOSSIER_EPARSE
 * when no element is there at all.
 */
static int fix_xml(const char *data, size_t len, struct buf *out, struct fixer *f)
{
	size_t p = 0;

	memset(f, 0, sizeof *f);
	f->s = data;
	f->len = len;
	f->line = 1;
	f->out = out;
	for (;;) {
		size_t q = utf8_skip_space(data, len, p);

		if (starts(data, len, q, "\xEF\xBB\xBF"))
			q += 3;
		if (q == p)
			break;
		p = q;
	}
	if (starts(data, len, p, "<?xml") && (memchr(data, ' ', p) || memchr(data, '\n', p) ||
					      memchr(data, '\r', p) || memchr(data, '\t', p)))
		note(f, FIX_PROLOG_SPACE, p, NULL, 0);
	f->pos = p;
	while (f->pos < len && !f->root_closed && !f->rc) {
		if (data[f->pos] == '<') {
			if (!fix_markup(f))
				break;
			continue;
		}
		{
			const char *lt = memchr(data + f->pos, '<', len - f->pos);
			size_t end = lt ? (size_t)(lt - data) : len;

			if (f->depth) {
				fix_text(f, data + f->pos, end - f->pos, 0);
			} else if (utf8_skip_space(data, end, f->pos) < end) {
				size_t at = utf8_skip_space(data, end, f->pos);

				note(f, FIX_JUNK_BEFORE, at, data + at,
				     end - at > 24 ? 24 : end - at);
			}
			f->pos = end;
		}
	}
	if (f->rc)
		return f->rc;
	if (f->root_closed) {
		size_t rest = utf8_skip_space(data, len, f->pos);

		/* Comments and processing instructions may follow the root. */
		while (rest < len && (starts(data, len, rest, "<!--") || starts(data, len, rest, "<?"))) {
			int comment = data[rest + 1] == '!';
			size_t end = find(data, len, rest + 4, comment ? "-->" : "?>");

			if (end >= len)
				break;
			rest = utf8_skip_space(data, len, end + (comment ? 3 : 2));
		}

		if (rest < len) {
			char ex[48];

			snprintf(ex, sizeof ex, "%zu bytes", len - rest);
			note(f, FIX_JUNK_AFTER, rest, ex, strlen(ex));
		}
	} else if (f->depth) {
		char ex[FEED_NAME_MAX + 8];
		const struct fix_elem *top = &f->stack[f->depth - 1];

		snprintf(ex, sizeof ex, "inside <%.*s>", (int)top->len, data + top->off);
		note(f, FIX_TRUNCATED, len, ex, strlen(ex));
		for (size_t k = 0; k < f->depth; k++)
			if (f->stack[k].item)
				f->cut_in_item = 1;
		while (f->depth)
			close_top(f);
	}
	if (f->rc)
		return f->rc;
	return f->root_seen ? DOSSIER_OK : DOSSIER_EPARSE;
}

/* ---- sniffing ------------------------------------------------------------------ */

int feed_sniff(const char *data, size_t len)
{
	size_t p = 0, n, tag_end;

	if (!data)
		return 0;
	for (;;) {
		p = utf8_skip_space(data, len, p);
		if (starts(data, len, p, "\xEF\xBB\xBF")) {
			p += 3;
			continue;
		}
		if (starts(data, len, p, "<!--")) {
			p = find(data, len, p + 4, "-->");
			if (p >= len)
				return 0;
			p += 3;
			continue;
		}
		if (starts(data, len, p, "<?")) {
			p = find(data, len, p + 2, "?>");
			if (p >= len)
				return 0;
			p += 2;
			continue;
		}
		if (starts(data, len, p, "<!")) {
			int brackets = 0;

			for (p += 2; p < len; p++) {
				if (data[p] == '[')
					brackets++;
				else if (data[p] == ']' && brackets)
					brackets--;
				else if (data[p] == '>' && !brackets)
					break;
			}
			if (p >= len)
				return 0;
			p++;
			continue;
		}
		break;
	}
	if (p >= len || data[p] != '<')
		return 0;
	n = scan_name(data, len, p + 1);
	if (!n)
		return 0;
	tag_end = p + 1 + n;
	if (name_eq(data + p + 1, n, "rss"))
		return 1;
	if (name_eq(data + p + 1, n, "feed")) {
		/* Atom, or an Atom without its namespace; not some other <feed>. */
		size_t end = find(data, len, tag_end, ">");

		return find(data, end, tag_end, "xmlns") >= end ||
		       find(data, end, tag_end, ATOM10_NS) < end ||
		       find(data, end, tag_end, ATOM03_NS) < end;
	}
	if (name_eq(data + p + 1, n, "RDF") ||
	    (n > 4 && !memcmp(data + p + 1 + n - 4, ":RDF", 4))) {
		size_t limit = len < tag_end + 65536 ? len : tag_end + 65536;

		return find(data, limit, tag_end, RSS10_NS) < limit ||
		       find(data, limit, tag_end, RSS090_NS) < limit;
	}
	return 0;
}

void feed_info_release(struct feed_info *fi)
{
	if (!fi)
		return;
	free(fi->title);
	free(fi->site);
	free(fi->language);
	buf_release(&fi->problems);
	memset(fi, 0, sizeof *fi);
}

/* ---- cleaning short text: titles, authors, categories ------------------------------ */

/* Inline HTML elements whose tags a title may carry. */
static int is_inline_tag(const char *s, size_t n)
{
	static const char *const names[] = {
		"a", "abbr", "b", "big", "br", "cite", "code", "del", "div", "em",
		"font", "i", "img", "ins", "mark", "p", "q", "s", "small", "span",
		"strike", "strong", "sub", "sup", "u", "wbr", NULL
	};

	for (const char *const *p = names; *p; p++)
		if (strlen(*p) == n && ascii_ieq_n(s, *p, n))
			return 1;
	return 0;
}

/* Length of an inline HTML tag at s[i] ('<'), or 0 when it is none. */
static size_t inline_tag_len(const char *s, size_t n, size_t i)
{
	size_t j = i + 1, start;

	if (j < n && s[j] == '/')
		j++;
	start = j;
	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
			 (s[j] >= '0' && s[j] <= '9')))
		j++;
	if (j == start || !is_inline_tag(s + start, j - start))
		return 0;
	if (j < n && s[j] != '>' && s[j] != '/' && !is_xml_space(s[j]))
		return 0;
	while (j < n && s[j] != '>' && s[j] != '<')
		j++;
	return j < n && s[j] == '>' ? j + 1 - i : 0;
}

/* Decodes the reference at s[*i] ('&') into *cp; 0 when it is none. */
static int decode_ref(const char *s, size_t n, size_t *i, int32_t *cp)
{
	size_t j = *i + 1, start;

	if (j < n && s[j] == '#') {
		int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		int32_t v = 0;
		int digits = 0;

		for (j += 1 + (size_t)hex; j < n && digits < 8; j++, digits++) {
			int h = ascii_hex_value(s[j]);

			if (h < 0 || (!hex && h > 9))
				break;
			v = v * (hex ? 16 : 10) + h;
		}
		if (!digits || j >= n || s[j] != ';')
			return 0;
		*cp = xml_char_ok(v) ? v : (int32_t)UTF8_REPLACEMENT;
		*i = j + 1;
		return 1;
	}
	start = j;
	while (j < n && j - start < 32 && ((s[j] >= 'a' && s[j] <= 'z') ||
					  (s[j] >= 'A' && s[j] <= 'Z') ||
					  (s[j] >= '0' && s[j] <= '9')))
		j++;
	if (j == start || j >= n || s[j] != ';')
		return 0;
	if (name_eq(s + start, j - start, "apos"))
		*cp = '\'';
	else if ((*cp = html_entity(s + start, j - start)) < 0)
		return 0;
	*i = j + 1;
	return 1;
}

/*
 * Appends s[0..n) to `out` as one clean line: inline HTML tags stripped,
 * entities decoded (those left by double escaping too), control
 * characters dropped, white space collapsed and trimmed.
 */
static int clean_line(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	int space = 0, rc = DOSSIER_OK;

	buf_reset(out);
	while (i < n && !rc) {
		int32_t cp;
		size_t tag;

		if (s[i] == '<' && (tag = inline_tag_len(s, n, i)) != 0) {
			i += tag;
			space |= out->len > 0 && (s[i - 2] == 'r' || s[i - 2] == 'R' || s[i - 2] == '/');
			continue;
		}
		if (s[i] != '&' || !decode_ref(s, n, &i, &cp))
			cp = utf8_next(s, n, &i);
		if (cp < 0) {
			cp = UTF8_REPLACEMENT;
		} else if (utf8_is_space(cp) || cp == '\t' || cp == '\n' || cp == '\r') {
			space = out->len > 0;
			continue;
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF ||
			   (cp >= 0x200C && cp <= 0x200F) || cp == 0xFEFF) {
			continue;
		}
		if (space)
			rc = buf_addc(out, ' ');
		space = 0;
		if (!rc)
			rc = utf8_add(out, (uint32_t)cp);
	}
	if (rc == DOSSIER_ETOOBIG) /* a field past its cap is cut, not refused */
		rc = DOSSIER_OK;
	buf_truncate(out, utf8_trim_incomplete(out->data, out->len));
	return rc;
}

/* A clean copy of `s` (caller frees), or NULL when nothing is left. */
static char *clean_copy(const char *s, int *rc)
{
	struct buf b;
	char *copy = NULL;

	buf_init(&b, FEED_FIELD_MAX);
	if (s)
		*rc = clean_line(s, strlen(s), &b);
	if (!*rc && b.len && !(copy = buf_detach(&b)))
		*rc = DOSSIER_ENOMEM;
	buf_release(&b);
	return copy;
}

static int has_han(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;

	while (i < n) {
		int32_t cp = utf8_next(s, n, &i);

		if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
			return 1;
	}
	return 0;
}

/* ---- reading the tree ------------------------------------------------------------ */

enum feed_kind { KIND_RSS, KIND_RDF, KIND_ATOM };

enum ns_class { NS_NATIVE, NS_ATOM, NS_DC, NS_DCTERMS, NS_CONTENT, NS_RDF, NS_OTHER };

struct feed_run {
	const struct feed_opts *o;
	struct feed_info *fi;
	xmlDocPtr x;
	enum feed_kind kind;
	const char *root_ns;
	const char *tz;       /* zone for dates without one; NULL: UTC */
	int cut_in_item;
	feed_item_fn fn;
	void *arg;
};

/* The element's local name and what vocabulary it belongs to. */
static const char *el_name(const struct feed_run *r, const xmlNode *n, enum ns_class *cls)
{
	const char *name = (const char *)n->name;
	const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;

	if (!href) {
		/* An undeclared prefix stays in the name ("dc:date"). */
		const char *colon = strchr(name, ':');
		size_t pn;

		if (!colon) {
			*cls = r->kind == KIND_ATOM ? NS_ATOM : NS_NATIVE;
			return name;
		}
		pn = (size_t)(colon - name);
		*cls = name_eq(name, pn, "dc") ? NS_DC : name_eq(name, pn, "dcterms") ? NS_DCTERMS :
		       name_eq(name, pn, "content") ? NS_CONTENT : name_eq(name, pn, "atom") ? NS_ATOM :
		       name_eq(name, pn, "rdf") ? NS_RDF : NS_OTHER;
		return colon + 1;
	}
	if (!strcmp(href, ATOM10_NS) || !strcmp(href, ATOM03_NS))
		*cls = NS_ATOM;
	else if (!strcmp(href, DC_NS))
		*cls = NS_DC;
	else if (!strcmp(href, DCTERMS_NS))
		*cls = NS_DCTERMS;
	else if (!strcmp(href, CONTENT_NS))
		*cls = NS_CONTENT;
	else if (!strcmp(href, RDF_NS))
		*cls = NS_RDF;
	else if ((r->root_ns && !strcmp(href, r->root_ns)) || !strcmp(href, RSS10_NS) ||
		 !strcmp(href, RSS090_NS) || !strcmp(href, USERLAND_NS))
		*cls = r->kind == KIND_ATOM ? NS_ATOM : NS_NATIVE;
	else
		*cls = NS_OTHER;
	return name;
}

/* Whether `n` is the element `local` of vocabulary `want`. */
static int el_is(const struct feed_run *r, const xmlNode *n, enum ns_class want,
		 const char *local)
{
	enum ns_class cls;
	const char *name;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	name = el_name(r, n, &cls);
	return cls == want && !strcmp(name, local);
}

/* A feed element: RSS's own, or Atom's. */
static int el_feed(const struct feed_run *r, const xmlNode *n, const char *local)
{
	return el_is(r, n, NS_NATIVE, local) || el_is(r, n, NS_ATOM, local);
}

static xmlNode *first_child(const struct feed_run *r, const xmlNode *n, const char *local)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (el_feed(r, c, local))
			return c;
	return NULL;
}

/* The text of `n` and its descendants (caller frees with xmlFree), or NULL. */
static char *text_of(const xmlNode *n)
{
	return n ? (char *)xmlNodeGetContent(n) : NULL;
}

static char *attr_of(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int attr_eq(const xmlNode *n, const char *name, const char *want)
{
	char *v = attr_of(n, name);
	int eq = v && strlen(v) == strlen(want) && ascii_ieq_n(v, want, strlen(want));

	xmlFree(v);
	return eq;
}

/* "http:", "https:", "ftp:": a scheme before any '/', '?' or '#'. */
static int has_scheme(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	       (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' && s[i + 1] && !(i == 10 && ascii_ieq_n(s, "javascript", 10));
}

/*
 * `ref` resolved against the base in force at `at` (xml:base, else the
 * feed's address), as a new string; NULL when it is no address (empty,
 * "undefined" with nothing to resolve it against).  Absolute addresses
 * are kept as written, raw Chinese IRIs included.
 */
static char *resolve(const struct feed_run *r, const xmlNode *at, const char *ref, int *rc)
{
	struct buf b = BUF_INIT;
	xmlChar *base, *built = NULL;
	char *out = NULL;

	if (!ref)
		return NULL;
	*rc = clean_line(ref, strlen(ref), &b);
	if (*rc || !b.len) {
		buf_release(&b);
		return NULL;
	}
	if (has_scheme(b.data)) {
		out = buf_detach(&b);
		if (!out)
			*rc = DOSSIER_ENOMEM;
		return out;
	}
	base = xmlNodeGetBase(r->x, at);
	if (base) {
		built = xmlBuildURI((const xmlChar *)b.data, base);
		if (!built) {
			/* libxml2 refuses raw non-ASCII: escape it and try again */
			xmlChar *esc = xmlURIEscapeStr((const xmlChar *)b.data,
						       (const xmlChar *)":/?#[]@!$&'()*+,;=%~");

			if (esc)
				built = xmlBuildURI(esc, base);
			xmlFree(esc);
		}
		xmlFree(base);
	}
	if (built && has_scheme((const char *)built) && !(out = strdup((const char *)built)))
		*rc = DOSSIER_ENOMEM;
	xmlFree(built);
	buf_release(&b);
	return out;
}

/* The preferred Atom link of `parent`: rel=alternate (HTML first). */
static const xmlNode *atom_link(const struct feed_run *r, const xmlNode *parent)
{
	const xmlNode *best = NULL;
	int best_score = 0;

	for (const xmlNode *c = parent->children; c; c = c->next) {
		char *rel, *href;
		int score;

		if (!el_is(r, c, NS_ATOM, "link") && !(el_is(r, c, NS_NATIVE, "link") &&
						      xmlHasProp(c, (const xmlChar *)"href")))
			continue;
		href = attr_of(c, "href");
		rel = attr_of(c, "rel");
		if (!href || !*href)
			score = 0;
		else if (!rel || !strcmp(rel, "alternate"))
			score = attr_eq(c, "type", "text/html") ? 4 : 3;
		else if (strcmp(rel, "self") && strcmp(rel, "edit") && strcmp(rel, "enclosure") &&
			 strcmp(rel, "replies") && strcmp(rel, "hub") && strcmp(rel, "license"))
			score = 1;
		else
			score = 0;
		if (score > best_score) {
			best = c;
			best_score = score;
		}
		xmlFree(href);
		xmlFree(rel);
	}
	return best;
}

/* ---- an item's body -------------------------------------------------------------- */

enum body_mode { MODE_HTML, MODE_TEXT, MODE_XHTML, MODE_SKIP };

/* How an Atom text construct is written (RSS text is always HTML). */
static enum body_mode atom_mode(const xmlNode *n)
{
	char *type = attr_of(n, "type"), *mode = attr_of(n, "mode"), *src = attr_of(n, "src");
	enum body_mode m = MODE_TEXT;

	if (src)
		m = MODE_SKIP;
	else if (mode && !strcmp(mode, "base64"))
		m = MODE_SKIP;
	else if (mode && !strcmp(mode, "escaped"))
		m = MODE_HTML;
	else if (mode && !strcmp(mode, "xml"))
		m = MODE_XHTML;
	else if (!type || !strcmp(type, "text") || !strcmp(type, "text/plain"))
		m = MODE_TEXT;
	else if (!strcmp(type, "html") || !strcmp(type, "text/html"))
		m = MODE_HTML;
	else if (!strcmp(type, "xhtml") || !strcmp(type, "application/xhtml+xml"))
		m = MODE_XHTML;
	else if (!strncmp(type, "text/", 5))
		m = MODE_TEXT;
	else
		m = MODE_SKIP;
	xmlFree(type);
	xmlFree(mode);
	xmlFree(src);
	return m;
}

static int add_escaped(struct buf *b, const char *s, size_t n)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		switch (s[i]) {
		case '&': rc = buf_adds(b, "&amp;"); break;
		case '<': rc = buf_adds(b, "&lt;"); break;
		case '>': rc = buf_adds(b, "&gt;"); break;
		case '"': rc = buf_adds(b, "&quot;"); break;
		default: rc = buf_addc(b, s[i]);
		}
	}
	return rc;
}

/* Plain text as HTML: blank lines part paragraphs, single breaks are <br>. */
static int text_to_html(const char *s, struct buf *b)
{
	size_t n = strlen(s), i = 0;
	int rc = buf_adds(b, "<p>");

	while (i < n && !rc) {
		size_t line = strcspn(s + i, "\n");
		size_t next = i + line + (i + line < n);

		rc = add_escaped(b, s + i, line);
		if (!rc && next < n) {
			size_t j = next;

			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			rc = buf_adds(b, j < n && s[j] == '\n' ? "</p><p>" : "<br>");
		}
		i = next;
	}
	return rc ? rc : buf_adds(b, "</p>");
}

/*
 * The markup under `n` written back as HTML: elements by their local
 * names (no namespace prefixes, which the HTML parser would not know),
 * text escaped, CDATA as the markup it holds.
 */
static int children_to_html(const xmlNode *n, struct buf *b)
{
	const xmlNode *c = n->children;
	int rc = DOSSIER_OK;

	while (c && !rc) {
		if (c->type == XML_TEXT_NODE) {
			rc = add_escaped(b, (const char *)c->content, strlen((const char *)c->content));
		} else if (c->type == XML_CDATA_SECTION_NODE) {
			rc = buf_adds(b, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			rc = buf_printf(b, "<%s", (const char *)c->name);
			for (const xmlAttr *a = c->properties; a && !rc; a = a->next) {
				xmlChar *v = xmlNodeGetContent((const xmlNode *)a);

				rc = buf_printf(b, " %s=\"", (const char *)a->name);
				if (!rc && v)
					rc = add_escaped(b, (const char *)v, strlen((const char *)v));
				if (!rc)
					rc = buf_addc(b, '"');
				xmlFree(v);
			}
			if (!rc)
				rc = buf_addc(b, '>');
			if (!rc && c->children) {
				c = c->children;
				continue;
			}
		}
		/* Next in document order, closing the elements we leave. */
		if (c->type == XML_ELEMENT_NODE && !rc &&
		    !is_void_html((const char *)c->name, strlen((const char *)c->name)))
			rc = buf_printf(b, "</%s>", (const char *)c->name);
		while (c && !c->next && !rc) {
			c = c->parent;
			if (!c || c == n) {
				c = NULL;
				break;
			}
			rc = buf_printf(b, "</%s>", (const char *)c->name);
		}
		if (c)
			c = c->next;
	}
	return rc;
}

static int has_element_child(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The HTML that `n` carries, as `mode` says it is written. */
static int html_of(const xmlNode *n, enum body_mode mode, struct buf *b)
{
	char *text;
	int rc;

	if (mode == MODE_XHTML || has_element_child(n))
		return children_to_html(n, b);
	text = text_of(n);
	if (!text)
		return DOSSIER_OK;
	rc = mode == MODE_TEXT ? text_to_html(text, b) : buf_adds(b, text);
	xmlFree(text);
	return rc;
}

static size_t body_len(const struct doc *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_paras; i++)
		n += strlen(d->paras[i].text);
	return n;
}

/* Parses the HTML of `n` into the paragraphs of `tmp`. */
static int body_from(const struct feed_run *r, const xmlNode *n, enum body_mode mode,
		     const char *url, struct doc *tmp, struct err *e)
{
	struct buf html = BUF_INIT;
	char *base = NULL;
	int rc;

	if (!n || mode == MODE_SKIP)
		return DOSSIER_OK;
	rc = html_of(n, mode, &html);
	if (rc)
		return err_set(e, rc, "cannot read feed item: %s", err_rc_str(rc));
	{
		/* Relative links in the text: xml:base there, else the item. */
		xmlChar *xb = xmlNodeGetBase(r->x, n);

		if (xb && has_scheme((const char *)xb))
			base = strdup((const char *)xb);
		xmlFree(xb);
	}
	if (html.len) {
		struct err e2 = { 0 };

		rc = html_body_to_doc(html.data, html.len, base ? base : url, tmp, NULL, &e2);
		if (rc == DOSSIER_EEMPTY)
			rc = DOSSIER_OK;
		else if (rc)
			err_set(e, rc, "cannot read feed item: %s", e2.msg);
	}
	free(base);
	buf_release(&html);
	return rc;
}

/* Moves the text of `from` into `to`, which has none. */
static void move_body(struct doc *to, struct doc *from)
{
#define SWAP(field) do { __typeof__(to->field) t = to->field; to->field = from->field; from->field = t; } while (0)
	SWAP(paras);
	SWAP(n_paras);
	SWAP(cap_paras);
	SWAP(images);
	SWAP(n_images);
	SWAP(cap_images);
	SWAP(links);
	SWAP(n_links);
	SWAP(cap_links);
#undef SWAP
}

/* A teaser rather than the article: short, or cut off with an ellipsis. */
static int is_teaser(const struct doc *d)
{
	const char *last;
	size_t n;

	if (!d->n_paras)
		return 1;
	last = d->paras[d->n_paras - 1].text;
	n = strlen(last);
	if ((n >= 3 && !memcmp(last + n - 3, "...", 3)) ||
	    (n >= 3 && !memcmp(last + n - 3, "\xE2\x80\xA6", 3)) ||
	    (n >= 5 && !memcmp(last + n - 5, "[...]", 5)))
		return 1;
	if (d->n_paras >= 2)
		return 0;
	return utf8_length(last, n) < FEED_FULL_MIN_CP;
}

/* ---- one item --------------------------------------------------------------------- */

struct date_pick {
	int rank;           /* 0: none yet; lower is better */
	int64_t ms;
	int assumed;
	char bad[FEED_QUOTE_MAX + 8]; /* the first date that could not be read */
};

/* Reads the date in `n` unless a better-ranked one was read already. */
static void pick_date(const struct feed_run *r, const xmlNode *n, int rank, struct date_pick *dp)
{
	char *text;
	size_t len;
	int64_t ms;
	int assumed = 0;

	if (dp->rank && dp->rank <= rank)
		return;
	text = text_of(n);
	len = text ? strlen(text) : 0;
	if (len && utf8_skip_space(text, len, 0) < len) {
		if (datetime_parse_feed(text, len, r->tz, &ms, &assumed) == DOSSIER_OK &&
		    ms >= DATETIME_MIN_MS && ms <= DATETIME_MAX_MS) {
			dp->rank = rank;
			dp->ms = ms;
			dp->assumed = assumed;
		} else if (!dp->bad[0]) {
			size_t start = utf8_skip_space(text, len, 0);
			size_t n_bad = utf8_trim_space_end(text, len) - start;

			if (n_bad > FEED_QUOTE_MAX)
				n_bad = utf8_boundary_before(text + start, n_bad, FEED_QUOTE_MAX);
			snprintf(dp->bad, sizeof dp->bad, "%.*s", (int)n_bad, text + start);
		}
	}
	xmlFree(text);
}

/* Adds a name to the ", "-separated author list unless it is there. */
static int add_author(struct buf *authors, const char *raw)
{
	struct buf b;
	int rc;

	buf_init(&b, FEED_FIELD_MAX);
	rc = clean_line(raw, strlen(raw), &b);
	if (!rc && b.len) {
		/* "editor@example.org (Name)": the name */
		char *open = strchr(b.data, '(');
		size_t n = b.len;

		if (open && b.data[b.len - 1] == ')' && memchr(b.data, '@', (size_t)(open - b.data)) &&
		    b.data + b.len - 1 > open + 1) {
			memmove(b.data, open + 1, (size_t)(b.data + b.len - 2 - open));
			n = (size_t)(b.data + b.len - 2 - open);
			buf_truncate(&b, n);
			buf_trim(&b);
		}
		if (b.len && !strstr(authors->data, b.data)) {
			if (authors->len)
				rc = buf_adds(authors, ", ");
			if (!rc)
				rc = buf_add(authors, b.data, b.len);
		}
	}
	buf_release(&b);
	return rc == DOSSIER_ETOOBIG ? DOSSIER_OK : rc;
}

static int add_category(struct doc *d, const char *raw)
{
	int rc = DOSSIER_OK;
	char *c = clean_copy(raw, &rc);

	if (!rc && c)
		rc = doc_add_category(d, c);
	free(c);
	return rc;
}

/* What the children of an item say, before it becomes a doc. */
struct item_parts {
	const xmlNode *title, *dc_title, *rss_link, *guid, *id;
	const xmlNode *desc, *summary, *encoded, *content;
	struct date_pick date;
	struct buf authors, rss_authors;
	int guid_permalink;
};

static int read_parts(const struct feed_run *r, const xmlNode *item, struct item_parts *p,
		      struct doc *d)
{
	int rc = DOSSIER_OK;

	for (const xmlNode *c = item->children; c && !rc; c = c->next) {
		enum ns_class cls;
		const char *name;
		char *text;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = el_name(r, c, &cls);
		if (cls == NS_NATIVE || cls == NS_ATOM) {
			if (!strcmp(name, "title") && !p->title)
				p->title = c;
			else if (!strcmp(name, "link") && !xmlHasProp(c, (const xmlChar *)"href") &&
				 !p->rss_link && cls == NS_NATIVE)
				p->rss_link = c;
			else if (!strcmp(name, "guid") && !p->guid) {
				p->guid = c;
				p->guid_permalink = !attr_eq(c, "isPermaLink", "false");
			} else if (!strcmp(name, "id") && !p->id)
				p->id = c;
			else if (!strcmp(name, "description") && !p->desc)
				p->desc = c;
			else if (!strcmp(name, "summary") && !p->summary)
				p->summary = c;
			else if (!strcmp(name, "content") && cls == NS_ATOM && !p->content &&
				 atom_mode(c) != MODE_SKIP)
				p->content = c;
			else if (!strcmp(name, "pubDate") || !strcmp(name, "published"))
				pick_date(r, c, 1, &p->date);
			else if (!strcmp(name, "issued"))
				pick_date(r, c, 2, &p->date);
			else if (!strcmp(name, "created"))
				pick_date(r, c, 3, &p->date);
			else if (!strcmp(name, "updated") || !strcmp(name, "modified"))
				pick_date(r, c, 5, &p->date);
			else if (!strcmp(name, "author")) {
				const xmlNode *nm = first_child(r, c, "name");

				text = text_of(nm ? nm : c);
				if (text)
					rc = add_author(nm || cls == NS_ATOM ? &p->authors : &p->rss_authors,
							text);
				xmlFree(text);
			} else if (!strcmp(name, "category")) {
				char *label = attr_of(c, "label"), *term = attr_of(c, "term");

				text = label && *label ? NULL : term && *term ? NULL : text_of(c);
				rc = add_category(d, label && *label ? label : term && *term ? term : text ? text : "");
				xmlFree(label);
				xmlFree(term);
				xmlFree(text);
			}
		} else if (cls == NS_DC || cls == NS_DCTERMS) {
			if (!strcmp(name, "date") || !strcmp(name, "issued"))
				pick_date(r, c, 2, &p->date);
			else if (!strcmp(name, "created"))
				pick_date(r, c, 3, &p->date);
			else if (!strcmp(name, "modified"))
				pick_date(r, c, 5, &p->date);
			else if (!strcmp(name, "creator")) {
				text = text_of(c);
				if (text)
					rc = add_author(&p->authors, text);
				xmlFree(text);
			} else if (!strcmp(name, "subject")) {
				text = text_of(c);
				if (text)
					rc = add_category(d, text);
				xmlFree(text);
			} else if (!strcmp(name, "title") && !p->dc_title) {
				p->dc_title = c;
			}
		} else if (cls == NS_CONTENT && !strcmp(name, "encoded") && !p->encoded) {
			p->encoded = c;
		}
	}
	return rc;
}

/* The item's title: entities decoded, inline tags gone, one clean line. */
static int item_title(const struct item_parts *p, struct doc *d)
{
	const xmlNode *t = p->title ? p->title : p->dc_title;
	char *text;
	int rc = DOSSIER_OK;

	if (!t)
		return DOSSIER_OK;
	if (atom_mode(t) == MODE_XHTML || has_element_child(t)) {
		struct buf html = BUF_INIT;

		rc = children_to_html(t, &html);
		if (!rc)
			d->title = clean_copy(html.data, &rc);
		buf_release(&html);
		return rc;
	}
	text = text_of(t);
	d->title = clean_copy(text, &rc);
	xmlFree(text);
	return rc;
}

/* The item's address: Atom alternate, <link>, a permalink guid, rdf:about, an http id. */
static int item_url(const struct feed_run *r, const xmlNode *item, const struct item_parts *p,
		    struct doc *d, struct buf *problems, size_t index)
{
	const xmlNode *al = atom_link(r, item);
	char *raw = NULL, *bad = NULL;
	int rc = DOSSIER_OK;

	if (al) {
		raw = attr_of(al, "href");
		d->url = resolve(r, al, raw, &rc);
	}
	if (!d->url && !rc && p->rss_link) {
		xmlFree(raw);
		raw = text_of(p->rss_link);
		d->url = resolve(r, p->rss_link, raw, &rc);
		if (!d->url && raw)
			bad = clean_copy(raw, &rc);
	}
	if (!d->url && !rc && p->guid && p->guid_permalink) {
		xmlFree(raw);
		raw = text_of(p->guid);
		if (raw && (!strncmp(raw, "http://", 7) || !strncmp(raw, "https://", 8)))
			d->url = resolve(r, p->guid, raw, &rc);
	}
	if (!d->url && !rc && r->kind == KIND_RDF) {
		xmlFree(raw);
		raw = attr_of(item, "about");
		if (raw && has_scheme(raw))
			d->url = resolve(r, item, raw, &rc);
	}
	if (!d->url && !rc && p->id) {
		xmlFree(raw);
		raw = text_of(p->id);
		if (raw && (!strncmp(raw, "http://", 7) || !strncmp(raw, "https://", 8)))
			d->url = resolve(r, p->id, raw, &rc);
	}
	xmlFree(raw);
	if (!rc && !d->url && bad)
		rc = buf_printf(problems, "item %zu: link \"%s\" is not an address: left without one\n",
				index, bad);
	free(bad);
	return rc;
}

static int item_guid(const struct feed_run *r, const xmlNode *item, const struct item_parts *p,
		     struct doc *d)
{
	char *raw = p->guid ? text_of(p->guid) : p->id ? text_of(p->id) :
		    r->kind == KIND_RDF ? attr_of(item, "about") : NULL;
	int rc = DOSSIER_OK;

	d->guid = clean_copy(raw, &rc);
	xmlFree(raw);
	return rc;
}

/*
 * The body from the fullest text; the summary kept beside it when it says
 * something else.
 */
static int item_body(const struct feed_run *r, const struct item_parts *p, struct doc *d,
		     struct err *e)
{
	const xmlNode *full = p->encoded ? p->encoded : p->content;
	const xmlNode *sum = p->desc ? p->desc : p->summary;
	enum body_mode full_mode = p->encoded ? MODE_HTML : full ? atom_mode(full) : MODE_SKIP;
	enum body_mode sum_mode = p->desc ? MODE_HTML : sum ? atom_mode(sum) : MODE_SKIP;
	struct doc *a = doc_new(), *b = doc_new();
	int rc = a && b ? DOSSIER_OK : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = body_from(r, full, full_mode, d->url, a, e);
	if (!rc)
		rc = body_from(r, sum, sum_mode, d->url, b, e);
	if (rc)
		goto done;
	if (a->n_paras && body_len(a) >= body_len(b)) {
		move_body(d, a);
	} else if (b->n_paras) {
		move_body(d, b);
		/* An RSS description may be the article itself; a summary never is. */
		if (!(p->desc && !full && !is_teaser(d)))
			d->flags |= DOC_F_SUMMARY_ONLY;
		goto done;
	}
	if (b->n_paras) {
		char *st = doc_text(b), *bt = doc_text(d);

		if (!st || !bt)
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		else if (strcmp(st, bt)) {
			d->summary = st;
			st = NULL;
		}
		free(st);
		free(bt);
	}
done:
	doc_free(a);
	doc_free(b);
	return rc;
}

/*
 * Turns one <item>/<entry> into a doc and hands it on.  Returns the
 * callback's error, or an out-of-memory one.
 */
static int feed_item(struct feed_run *r, const xmlNode *item, size_t index, int last,
		     struct err *e)
{
	struct item_parts p;
	struct doc *d = doc_new();
	struct buf *problems = &r->fi->problems;
	int rc;

	memset(&p, 0, sizeof p);
	buf_init(&p.authors, FEED_FIELD_MAX);
	buf_init(&p.rss_authors, FEED_FIELD_MAX);
	if (!d) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	rc = read_parts(r, item, &p, d);
	if (!rc)
		rc = item_title(&p, d);
	if (!rc)
		rc = item_url(r, item, &p, d, problems, index);
	if (!rc)
		rc = item_guid(r, item, &p, d);
	if (!rc)
		rc = doc_set(&d->format, "feed", (size_t)-1);
	if (!rc && r->o && r->o->feed)
		rc = doc_set(&d->feed, r->o->feed, (size_t)-1);
	if (!rc && (p.authors.len || p.rss_authors.len)) {
		const struct buf *a = p.authors.len ? &p.authors : &p.rss_authors;

		rc = doc_set(&d->author, a->data, a->len);
	}
	if (rc) {
		rc = err_set(e, rc, "cannot read feed item %zu: %s", index, err_rc_str(rc));
		goto done;
	}
	rc = item_body(r, &p, d, e);
	if (rc)
		goto done;
	doc_drop_repeated_title(d);

	d->fetched = r->o ? r->o->fetched : DOC_TIME_NONE;
	if (p.date.rank) {
		d->published = p.date.ms;
		if (p.date.assumed)
			d->flags |= DOC_F_ZONE_ASSUMED;
	} else if (p.date.bad[0]) {
		rc = buf_printf(problems, "item %zu: unreadable date \"%s\": left undated\n",
				index, p.date.bad);
	}
	if (rc) {
		rc = err_set(e, rc, "out of memory");
		goto done;
	}
	/* A download cut inside an item: what it holds is kept only when it
	 * says something besides a (perhaps cut) title. */
	if (last && r->cut_in_item && !d->url && !d->n_paras) {
		r->fi->dropped++;
		rc = buf_printf(problems,
				"item %zu dropped: the document ends inside it before its link or text\n",
				index);
		if (rc)
			rc = err_set(e, rc, "out of memory");
		goto done;
	}
	if (last && r->cut_in_item &&
	    buf_printf(problems, "item %zu: the document ends inside it: kept what was there\n",
		       index)) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (!d->title && !d->url && !d->n_paras) {
		r->fi->dropped++;
		rc = buf_printf(problems, "item %zu dropped: no title, link or text\n", index);
		if (rc)
			rc = err_set(e, rc, "out of memory");
		goto done;
	}
	r->fi->items++;
	rc = r->fn(r->arg, &d, e);
done:
	doc_free(d);
	buf_release(&p.authors);
	buf_release(&p.rss_authors);
	return rc;
}

/* ---- the channel ------------------------------------------------------------------- */

/* The zone for dates without one, from the language and the script. */
static const char *zone_for(const char *lang, int han)
{
	if (lang && (lang[0] == 'z' || lang[0] == 'Z') && (lang[1] == 'h' || lang[1] == 'H') &&
	    (!lang[2] || lang[2] == '-' || lang[2] == '_')) {
		char low[32];
		size_t i;

		for (i = 0; lang[i] && i + 1 < sizeof low; i++)
			low[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] - 'A' + 'a' : lang[i]);
		low[i] = '\0';
		if (strstr(low, "tw"))
			return "Asia/Taipei";
		if (strstr(low, "hk") || strstr(low, "mo"))
			return "Asia/Hong_Kong";
		if (strstr(low, "sg"))
			return "Asia/Singapore";
		return "Asia/Shanghai";
	}
	return han ? "Asia/Shanghai" : NULL;
}

/* RSS's own <link> (not an atom:link beside it). */
static const xmlNode *rss_link(const struct feed_run *r, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (el_is(r, c, NS_NATIVE, "link") && !xmlHasProp(c, (const xmlChar *)"href"))
			return c;
	return NULL;
}

/* Fills fi->title, fi->site, fi->language from the channel (or Atom feed). */
static int read_channel(struct feed_run *r, const xmlNode *ch)
{
	const xmlNode *t = first_child(r, ch, "title"), *al;
	char *text = NULL, *lang = NULL;
	int rc = DOSSIER_OK;

	if (t) {
		text = text_of(t);
		r->fi->title = clean_copy(text, &rc);
		xmlFree(text);
		text = NULL;
	}
	al = r->kind == KIND_ATOM ? atom_link(r, ch) : NULL;
	if (!rc && al) {
		text = attr_of(al, "href");
		r->fi->site = resolve(r, al, text, &rc);
	} else if (!rc && (t = rss_link(r, ch)) != NULL) {
		text = text_of(t);
		r->fi->site = resolve(r, t, text, &rc);
		if (!rc && !r->fi->site && text && utf8_skip_space(text, strlen(text), 0) < strlen(text)) {
			char *bad = clean_copy(text, &rc);

			if (!rc)
				rc = buf_printf(&r->fi->problems,
						"channel link \"%s\" is not an address: ignored\n",
						bad ? bad : "");
			free(bad);
		}
	}
	xmlFree(text);
	for (const xmlNode *c = ch->children; c && !lang; c = c->next)
		if (el_is(r, c, NS_NATIVE, "language") || el_is(r, c, NS_DC, "language"))
			lang = text_of(c);
	if (!lang)
		lang = (char *)xmlNodeGetLang(ch);
	if (!rc && lang) {
		r->fi->language = clean_copy(lang, &rc);
	}
	xmlFree(lang);
	return rc;
}

/* Appends the items of `parent` to the list. */
static int collect_items(const struct feed_run *r, const xmlNode *parent, const xmlNode ***items,
			 size_t *n, size_t *cap)
{
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (!el_feed(r, c, r->kind == KIND_ATOM ? "entry" : "item"))
			continue;
		if (*n == *cap) {
			size_t want = *cap ? *cap * 2 : 64;
			const xmlNode **grown = realloc(*items, want * sizeof *grown);

			if (!grown)
				return DOSSIER_ENOMEM;
			*items = grown;
			*cap = want;
		}
		(*items)[(*n)++] = c;
	}
	return DOSSIER_OK;
}

int feed_parse(const char *data, size_t len, const struct feed_opts *o,
	       feed_item_fn fn, void *arg, struct feed_info *fi, struct err *e)
{
	struct feed_run r = { .o = o, .fi = fi, .fn = fn, .arg = arg };
	struct buf xml = BUF_INIT;
	struct fixer *f = NULL;
	const xmlNode *root, *channel = NULL, **items = NULL;
	size_t n_items = 0, cap_items = 0;
	const char *rootname;
	int rc, han = 0;

	memset(fi, 0, sizeof *fi);
	buf_init(&fi->problems, 0);
	if (!data)
		len = 0;
	if (len > INT_MAX / 8)
		return err_set(e, DOSSIER_ETOOBIG, "feed too large");
	buf_init(&xml, len * 6 + 4096);
	f = malloc(sizeof *f);
	if (!f)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = fix_xml(data, len, &xml, f);
	if (rc == DOSSIER_EPARSE) {
		rc = err_set(e, DOSSIER_EPARSE, "cannot read feed: no XML element in it");
		goto done;
	}
	if (!rc)
		rc = fix_report(f, &fi->problems);
	r.cut_in_item = f->cut_in_item;
	if (rc) {
		rc = err_set(e, rc, "cannot read feed: %s", err_rc_str(rc));
		goto done;
	}
	/* XML_PARSE_HUGE: without it libxml2 cuts a text or CDATA node at 10 MB
	 * and keeps only a fragment of a long item, silently.  Its other
	 * limits guard entity expansion, and fix_xml() has already dropped any
	 * DOCTYPE, so no entity is declared; the input is capped at 64 MiB. */
	r.x = xmlReadMemory(xml.data, (int)xml.len, o ? o->base_url : NULL, "UTF-8",
			    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
	xmlResetLastError();
	root = r.x ? xmlDocGetRootElement(r.x) : NULL;
	if (!root) {
		rc = err_set(e, DOSSIER_EPARSE, "cannot read feed: the XML has no root element");
		goto done;
	}
	rootname = (const char *)root->name;
	if (strchr(rootname, ':'))
		rootname = strchr(rootname, ':') + 1;
	if (!strcmp(rootname, "rss"))
		r.kind = KIND_RSS;
	else if (!strcmp(rootname, "RDF"))
		r.kind = KIND_RDF;
	else if (!strcmp(rootname, "feed"))
		r.kind = KIND_ATOM;
	else {
		rc = err_set(e, DOSSIER_EPARSE, "cannot read feed: root element <%s> is not "
			     "<rss>, <rdf:RDF> or <feed>", (const char *)root->name);
		goto done;
	}
	r.root_ns = root->ns && root->ns->href && r.kind != KIND_RDF ?
		    (const char *)root->ns->href : NULL;
	if (r.kind == KIND_ATOM) {
		channel = root;
	} else {
		for (const xmlNode *c = root->children; c && !channel; c = c->next)
			if (el_is(&r, c, NS_NATIVE, "channel"))
				channel = c;
	}
	rc = collect_items(&r, root, &items, &n_items, &cap_items);
	if (!rc && channel && channel != root)
		rc = collect_items(&r, channel, &items, &n_items, &cap_items);
	if (!rc && channel)
		rc = read_channel(&r, channel);
	if (rc) {
		rc = err_set(e, rc, "cannot read feed: %s", err_rc_str(rc));
		goto done;
	}
	/* Zone-less dates: the feed's language, else its script. */
	han = has_han(fi->title);
	for (size_t i = 0; i < n_items && i < 8 && !han; i++) {
		const xmlNode *t = first_child(&r, items[i], "title");
		char *text = text_of(t);

		han = has_han(text);
		xmlFree(text);
	}
	r.tz = zone_for(fi->language, han);
	for (size_t i = 0; i < n_items && !rc; i++)
		rc = feed_item(&r, items[i], i + 1, i + 1 == n_items, e);
done:
	free(items);
	if (r.x)
		xmlFreeDoc(r.x);
	free(f);
	buf_release(&xml);
	return rc;
}
