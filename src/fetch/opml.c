/*
 * OPML subscription lists: reading what other feed readers export, and
 * writing ours for them.
 *
 * Reading goes through libxml2 in recover mode (an export with a stray
 * '&' or an unclosed tag still gives up its feeds), never touching the
 * network and never expanding entities that the document declares: an
 * attribute's value is built from its text alone, so a billion-laughs
 * DTD costs nothing.  The encoding is whatever the document declares
 * (libxml2 reads the prolog and converts), and what comes out is UTF-8.
 */
#include "fetch/fetch.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Outlines nested deeper than this are not looked into. */
#define OPML_MAX_DEPTH 64

/* ---- reading ------------------------------------------------------------------ */

struct outline_list {
	struct opml_outline *o;
	size_t n, cap;
	int oom;
};

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int name_is(const xmlChar *name, const char *want)
{
	const char *p = (const char *)name;

	while (*p && *want && ascii_lower((unsigned char)*p) == ascii_lower((unsigned char)*want))
		p++, want++;
	return !*p && !*want;
}

/* The value of attribute `name` (ASCII case ignored: xmlUrl, xmlURL,
 * xmlurl all occur), its text and character references only, white space
 * trimmed; NULL when absent or empty.  Caller frees. */
static char *attr_value(xmlNodePtr node, const char *name)
{
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		struct buf b = BUF_INIT;

		if (!name_is(a->name, name))
			continue;
		buf_init(&b, 64 << 10);
		for (xmlNodePtr t = a->children; t; t = t->next) {
			if (t->type == XML_TEXT_NODE && t->content)
				buf_adds(&b, (const char *)t->content);
		}
		buf_trim(&b);
		if (!b.len) {
			buf_release(&b);
			return NULL;
		}
		return buf_detach(&b);
	}
	return NULL;
}

static int has_prefix_nocase(const char *s, const char *prefix)
{
	while (*prefix && ascii_lower((unsigned char)*s) == ascii_lower((unsigned char)*prefix))
		s++, prefix++;
	return !*prefix;
}

/* Whether an outline is a feed we can follow: it has an xmlUrl over HTTP(S)
 * and no type, or a feed type. */
static int is_feed(xmlNodePtr node, const char *url)
{
	char *type = attr_value(node, "type");
	int ok = !type || name_is((const xmlChar *)type, "rss") ||
		 name_is((const xmlChar *)type, "atom") || name_is((const xmlChar *)type, "rdf");

	free(type);
	return ok && (has_prefix_nocase(url, "http://") || has_prefix_nocase(url, "https://"));
}

static void add_outline(struct outline_list *l, xmlNodePtr node)
{
	struct opml_outline one = { 0 };

	one.url = attr_value(node, "xmlUrl");
	if (!one.url || !is_feed(node, one.url))
		goto skip;
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->o[i].url, one.url))
			goto skip; /* listed twice (in two folders, say): once */
	}
	one.title = attr_value(node, "title");
	if (!one.title)
		one.title = attr_value(node, "text");
	one.site = attr_value(node, "htmlUrl");
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;
		struct opml_outline *grown = realloc(l->o, ncap * sizeof *grown);

		if (!grown) {
			l->oom = 1;
			goto skip;
		}
		l->o = grown;
		l->cap = ncap;
	}
	l->o[l->n++] = one;
	return;
skip:
	free(one.url);
	free(one.title);
	free(one.site);
}

/* Collects feed outlines under `node`, folders (categories) included. */
static void walk(struct outline_list *l, xmlNodePtr node, int depth)
{
	for (xmlNodePtr c = node->children; c && !l->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(c->name, "outline"))
			add_outline(l, c);
		if (depth < OPML_MAX_DEPTH)
			walk(l, c, depth + 1);
	}
}

int opml_parse(const char *data, size_t len, struct opml_outline **out,
	       size_t *n, struct err *e)
{
	struct outline_list l = { 0 };
	xmlDocPtr doc;
	xmlNodePtr root;
	int rc = DOSSIER_OK;

	*out = NULL;
	*n = 0;
	if (!len)
		return err_set(e, DOSSIER_EEMPTY, "empty file");
	if (len > INT_MAX)
		return err_set(e, DOSSIER_ETOOBIG, "OPML file too large");
	/* Recover from broken markup; no network, no DTD, no entity expansion
	 * (XML_PARSE_NOENT is deliberately absent). */
	doc = xmlReadMemory(data, (int)len, NULL, NULL,
			    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		rc = err_set(e, DOSSIER_EPARSE, "not OPML: no XML document could be read");
		goto done;
	}
	if (!name_is(root->name, "opml")) {
		rc = err_set(e, DOSSIER_EPARSE, "not OPML: the root element is <%s>",
			     (const char *)root->name);
		goto done;
	}
	walk(&l, root, 0);
	if (l.oom) {
		opml_outlines_free(l.o, l.n);
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	*out = l.o;
	*n = l.n;
done:
	xmlFreeDoc(doc);
	xmlResetLastError();
	return rc;
}

void opml_outlines_free(struct opml_outline *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		free(o[i].url);
		free(o[i].title);
		free(o[i].site);
	}
	free(o);
}

/* ---- writing --------------------------------------------------------------------- */

/* Appends `s` escaped for an XML attribute or text: markup characters as
 * entities, line breaks and tabs as character references, other control
 * characters (not allowed in XML 1.0) left out. */
static int add_escaped(struct buf *out, const char *s)
{
	int rc = DOSSIER_OK;

	for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++) {
		switch (*p) {
		case '&': rc = buf_adds(out, "&amp;"); break;
		case '<': rc = buf_adds(out, "&lt;"); break;
		case '>': rc = buf_adds(out, "&gt;"); break;
		case '"': rc = buf_adds(out, "&quot;"); break;
		case '\t': rc = buf_adds(out, "&#9;"); break;
		case '\n': rc = buf_adds(out, "&#10;"); break;
		case '\r': rc = buf_adds(out, "&#13;"); break;
		default:
			if (*p >= 0x20 && *p != 0x7f)
				rc = buf_addc(out, (char)*p);
		}
	}
	return rc;
}

static int add_attr(struct buf *out, const char *name, const char *value)
{
	int rc;

	if (!value)
		return DOSSIER_OK;
	rc = buf_printf(out, " %s=\"", name);
	if (!rc)
		rc = add_escaped(out, value);
	return rc ? rc : buf_addc(out, '"');
}

/* RFC 822 date, as OPML 2.0's dateCreated wants: "Wed, 02 Dec 2026 04:10:00 GMT". */
static void rfc822(int64_t ms, char *out, size_t size)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, size, "Thu, 01 Jan 1970 00:00:00 GMT");
		return;
	}
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
		 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

int opml_write(struct buf *out, const struct opml_outline *o, size_t n,
	       const char *title, int64_t now)
{
	char date[64];
	int rc;

	rfc822(now, date, sizeof date);
	rc = buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<opml version=\"2.0\">\n  <head>\n    <title>");
	if (!rc)
		rc = add_escaped(out, title ? title : "Dossier subscriptions");
	if (!rc)
		rc = buf_printf(out, "</title>\n    <dateCreated>%s</dateCreated>\n"
				     "  </head>\n  <body>\n", date);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *text = o[i].title && *o[i].title ? o[i].title : o[i].url;

		if (!o[i].url)
			continue;
		rc = buf_adds(out, "    <outline type=\"rss\"");
		if (!rc)
			rc = add_attr(out, "text", text);
		if (!rc && o[i].title && *o[i].title)
			rc = add_attr(out, "title", o[i].title);
		if (!rc)
			rc = add_attr(out, "xmlUrl", o[i].url);
		if (!rc)
			rc = add_attr(out, "htmlUrl", o[i].site);
		if (!rc)
			rc = buf_adds(out, "/>\n");
	}
	if (!rc)
		rc = buf_adds(out, "  </body>\n</opml>\n");
	return rc;
}
