/*
 * html.c — HTML article bodies to clean paragraphs (html_body_to_doc).
 *
 * libxml2 builds the tree (recover mode, so any byte soup gives some
 * tree); one walk over it, without recursion, collects the text of each
 * innermost block into a paragraph buffer and decides at every block
 * boundary what that paragraph is: the leading dateline, an image
 * caption, page furniture to drop, a heading, or text.
 *
 * Inside the paragraph buffer a <br> is kept as '\n' until the paragraph
 * is finished, because its meaning depends on the whole block: in a
 * dateline it separates byline and date, in body text it becomes a space
 * (or nothing between two CJK characters).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "ingest/html_node.h"
#include "ingest/ingest_int.h"

/* A paragraph this short, all bold and without 。, is a subheading. */
#define HTML_HEADING_MAX_CP 40
/* A plain block right after an image is its caption up to this length. */
#define HTML_CAPTION_MAX_CP 200
/* "© 2021 AFP" at the end of a paragraph is a credit up to this length. */
/* A promo footer longer than this is text, not a footer. */
#define HTML_FOOTER_MAX_CP 80
#define HTML_CREDIT_MAX_CP 40
/* A copyright paragraph is short; a long one that names it is an article. */
#define HTML_NOTICE_MAX_CP 200
/* A notice line this short may hold its marks anywhere. */
#define HTML_NOTICE_SHORT_CP 60
/* How far up the tree we look for the block that holds some text. */
#define HTML_ANCESTOR_MAX 32
/*
 * Open <a> elements tracked at once.  Real pages never nest links; a
 * hostile page nesting thousands would make every paragraph break carry
 * them all over, so the deeper ones are ignored.
 */
#define HTML_OPEN_LINKS_MAX 16

/* Pending white space before the next visible character, weakest first. */
enum html_space { SPACE_NONE, SPACE_BLANK, SPACE_NEWLINE, SPACE_BR };

/* What kind of block holds the paragraph being built. */
enum html_block {
	BLOCK_PLAIN,   /* div, section, body, ...: may be a caption or heading */
	BLOCK_PARA,    /* p, blockquote: text, maybe a bold heading */
	BLOCK_LIST,    /* li, td, dd, ...: text, never a bold heading */
	BLOCK_HEADING, /* h1-h6 */
	BLOCK_CAPTION, /* figcaption or class="...caption..." */
};

enum html_link_state {
	LINK_OPEN,   /* inside its <a>, in the paragraph it started in */
	LINK_CLOSED, /* </a> seen: text known, waits for its paragraph */
	LINK_SPENT,  /* its paragraph ended before </a>: already handled */
	LINK_DEAD,   /* spent and closed: to be dropped */
};

struct html_link {
	char *href;       /* resolved; owned */
	char *text;       /* anchor text once known; owned */
	size_t start;     /* offset in the paragraph where its text starts */
	enum html_link_state state;
	int junk;         /* a share or script link, not article text */
};

struct html_walker {
	struct doc *d;
	struct html_extras *x;
	const char *base;

	struct buf para;         /* text of the current block, '\n' = <br> */
	enum html_space space;
	int32_t last_cp;         /* last visible code point in `para` */
	size_t n_visible, n_bold, n_small, n_time, n_junk;
	enum html_block block;

	int bold, small, time;   /* depth inside <b>/<strong>, <small>, <time> */
	int junk;                /* depth inside share links */

	struct html_link *links;
	size_t n_links, cap_links;
	size_t n_open;           /* links in `links` whose <a> is still open */
	size_t n_ignored;        /* open <a> beyond HTML_OPEN_LINKS_MAX */

	char *img_src;           /* image waiting for its caption; owned */
	int img_pending;

	int started;             /* anything but a dateline seen */
	int stop;                /* feed footer reached: ignore the rest */
	size_t n_text;           /* paragraphs and captions emitted */
	int rc;
};

/* ---- small string helpers ------------------------------------------------ */

/* True when s[0..n) contains `needle` (ASCII, case-insensitive). */
static int contains_nocase(const char *s, size_t n, const char *needle)
{
	return ascii_find_ci(s, n, needle) < n;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	return n >= m && memcmp(s, prefix, m) == 0;
}

static int contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (memcmp(s + i, needle, m) == 0)
			return 1;
	return 0;
}

/*
 * Characters written without spaces around them in Chinese text: CJK
 * ideographs, kana, CJK and full-width punctuation.
 */
static int is_cjk(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) ||
	       (cp >= 0x3001 && cp <= 0x303F) ||
	       (cp >= 0x3040 && cp <= 0x31FF) ||
	       (cp >= 0x3200 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Quotes, dashes and dots that Chinese text sets tight against CJK. */
static int is_tight_punct(int32_t cp)
{
	return cp == 0xB7 || (cp >= 0x2010 && cp <= 0x2027);
}

/*
 * Whether a line break between `a` and `b` reads as a space: not when
 * both sides are CJK (or tight punctuation next to CJK), since Chinese
 * has no spaces between words and a wrapped line must not invent one.
 */
static int break_is_space(int32_t a, int32_t b)
{
	int tight_a = is_cjk(a) || is_tight_punct(a);
	int tight_b = is_cjk(b) || is_tight_punct(b);

	return !(tight_a && tight_b && (is_cjk(a) || is_cjk(b)));
}

/* ---- element classes ------------------------------------------------------ */

static int name_is(const xmlNode *n, const char *name)
{
	return n->name && strcmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (name_is(n, *names))
			return 1;
	return 0;
}

static int is_block(const xmlNode *n)
{
	static const char *const names[] = {
		"address", "article", "aside", "blockquote", "body", "caption",
		"center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
		"fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
		"h6", "header", "hgroup", "hr", "html", "li", "main", "menu",
		"ol", "p", "pre", "section", "summary", "table", "tbody", "td",
		"tfoot", "th", "thead", "tr", "ul", NULL
	};

	return name_in(n, names);
}

/* The value of attribute `name`, or NULL.  Caller frees with xmlFree. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* True when the class attribute contains one of `words` (lower case). */
static int class_has(const xmlNode *n, const char *const *words)
{
	char *cls = attr(n, "class");
	int found = 0;

	if (!cls)
		return 0;
	for (; *words && !found; words++)
		found = contains_nocase(cls, strlen(cls), *words);
	xmlFree(cls);
	return found;
}

/*
 * Elements whose whole subtree is not article text: code, forms, embeds,
 * navigation, and the widgets outlets put inside article bodies (share
 * bars, newsletter and app promos, related-article boxes).
 */
static int is_skipped(const xmlNode *n)
{
	static const char *const names[] = {
		"applet", "audio", "button", "canvas", "embed", "footer", "form",
		"head", "iframe", "input", "link", "map", "math", "meta", "nav",
		"noscript", "object", "script", "select", "style", "svg",
		"template", "textarea", "title", "video", NULL
	};
	static const char *const widget_classes[] = {
		"share", "social", "self-promo", "selfpromo", "newsletter",
		"morearticle", "related", NULL
	};

	if (name_in(n, names))
		return 1;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		size_t len = an ? strlen(an) : 0;

		if (starts_with(an ? an : "", len, "data-") &&
		    (contains_nocase(an, len, "selfpromo") ||
		     contains_nocase(an, len, "share")))
			return 1;
	}
	return class_has(n, widget_classes);
}

static int is_heading_tag(const xmlNode *n)
{
	return n->name && n->name[0] == 'h' && n->name[1] >= '1' &&
	       n->name[1] <= '6' && !n->name[2];
}

/*
 * Classifies the block that holds text node `t`: the nearest block
 * ancestor, except that anything inside a <figcaption> is a caption.
 */
static enum html_block block_of(const xmlNode *t)
{
	static const char *const para[] = { "p", "blockquote", "pre", NULL };
	static const char *const list[] = {
		"li", "td", "th", "dd", "dt", "caption", "summary", NULL
	};
	static const char *const caption_classes[] = {
		"caption", "picinfo", NULL
	};
	enum html_block kind = BLOCK_PLAIN;
	int found = 0;

	for (int i = 0; t && i < HTML_ANCESTOR_MAX; i++, t = t->parent) {
		if (t->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(t, "figcaption"))
			return BLOCK_CAPTION;
		if (found || !is_block(t))
			continue;
		found = 1;
		if (class_has(t, caption_classes))
			return BLOCK_CAPTION;
		if (is_heading_tag(t))
			kind = BLOCK_HEADING;
		else if (name_in(t, para))
			kind = BLOCK_PARA;
		else if (name_in(t, list))
			kind = BLOCK_LIST;
	}
	return kind;
}

/* ---- links and images ------------------------------------------------------ */

/* Links that only share the page or run code: not part of the article. */
static int href_is_junk(const char *h)
{
	static const char *const junk[] = {
		"javascript:", "whatsapp:", "mailto:?", "sms:",
		"facebook.com/sharer", "facebook.com/dialog/share",
		"twitter.com/intent", "twitter.com/share", "x.com/intent",
		"whatsapp.com/send", "line.me/r/msg", "social-plugins.line.me",
		"service.weibo.com/share", "linkedin.com/share",
		"telegram.me/share", "t.me/share", "reddit.com/submit", NULL
	};
	size_t n = strlen(h);

	if (!n || h[0] == '#')
		return 1;
	for (const char *const *j = junk; *j; j++)
		if (contains_nocase(h, n, *j))
			return 1;
	return 0;
}

/*
 * `href` trimmed and resolved against the base URL.  Caller frees; NULL
 * when out of memory.  A reference libxml2 cannot resolve is kept as is.
 */
static char *resolve(const char *base, const char *href)
{
	struct buf b = BUF_INIT;
	xmlChar *uri;
	char *out;

	buf_adds(&b, href);
	buf_trim(&b);
	if (base && *base && b.len) {
		uri = xmlBuildURI((const xmlChar *)b.data, (const xmlChar *)base);
		if (uri) {
			buf_reset(&b);
			buf_adds(&b, (const char *)uri);
			xmlFree(uri);
		}
	}
	out = buf_detach(&b);
	return out;
}

static void link_free(struct html_link *l)
{
	free(l->href);
	free(l->text);
	l->href = l->text = NULL;
}

static void links_clear(struct html_walker *w)
{
	for (size_t i = 0; i < w->n_links; i++)
		link_free(&w->links[i]);
	w->n_links = 0;
}

static void link_open(struct html_walker *w, const char *href)
{
	struct html_link *l;

	if (w->n_open >= HTML_OPEN_LINKS_MAX) {
		w->n_ignored++;
		return;
	}
	if (w->n_links == w->cap_links) {
		size_t cap = w->cap_links ? w->cap_links * 2 : 8;
		void *p = realloc(w->links, cap * sizeof *w->links);

		if (!p) {
			w->rc = DOSSIER_ENOMEM;
			return;
		}
		w->links = p;
		w->cap_links = cap;
	}
	l = &w->links[w->n_links];
	l->href = resolve(w->base, href);
	if (!l->href) {
		w->rc = DOSSIER_ENOMEM;
		return;
	}
	l->text = NULL;
	l->start = w->para.len;
	l->state = LINK_OPEN;
	l->junk = href_is_junk(href) || href_is_junk(l->href);
	w->junk += l->junk;
	w->n_links++;
	w->n_open++;
}

static int finish_text(const char *raw, size_t len, struct buf *out);

/* The link's anchor text: what the paragraph gained since it opened. */
static void link_take_text(struct html_walker *w, struct html_link *l)
{
	struct buf text = BUF_INIT;
	size_t start = l->start < w->para.len ? l->start : w->para.len;

	if (finish_text(w->para.data + start, w->para.len - start, &text)) {
		buf_release(&text);
		w->rc = DOSSIER_ENOMEM;
		return;
	}
	l->text = buf_detach(&text);
	if (!l->text)
		w->rc = DOSSIER_ENOMEM;
}

/* Closes the innermost open link. */
static void link_close(struct html_walker *w)
{
	if (w->n_ignored) {
		w->n_ignored--;
		return;
	}
	for (size_t i = w->n_links; i-- > 0;) {
		struct html_link *l = &w->links[i];

		if (l->state != LINK_OPEN && l->state != LINK_SPENT)
			continue;
		w->junk -= l->junk;
		w->n_open--;
		if (l->state == LINK_SPENT) {
			l->state = LINK_DEAD;
			return;
		}
		l->state = LINK_CLOSED;
		link_take_text(w, l);
		return;
	}
}

/*
 * At the end of a paragraph: hands its links to the document (when the
 * paragraph was kept).  A link still open there belongs to the paragraph
 * it started in, with the text it had so far; it stays on the stack,
 * spent, until its </a>.
 */
static void links_settle(struct html_walker *w, int keep)
{
	size_t kept = 0;

	for (size_t i = 0; i < w->n_links; i++) {
		struct html_link *l = &w->links[i];

		if (l->state == LINK_OPEN && l->start >= w->para.len) {
			/* no text yet: it starts with the next paragraph */
			l->start = 0;
			w->links[kept++] = *l;
			continue;
		}
		if (l->state == LINK_OPEN) {
			link_take_text(w, l);
			l->state = LINK_SPENT;
		} else if (l->state != LINK_CLOSED) {
			if (l->state == LINK_SPENT)
				w->links[kept++] = *l;
			else
				link_free(l);
			continue;
		}
		if (keep && !w->rc && l->text && *l->text && !l->junk &&
		    doc_add_link(w->d, l->href, l->text))
			w->rc = DOSSIER_ENOMEM;
		if (l->state == LINK_SPENT) {
			free(l->text);
			l->text = NULL;
			w->links[kept++] = *l;
		} else {
			link_free(l);
		}
	}
	w->n_links = kept;
}

/* Emits the image waiting for a caption, with `caption` (may be NULL). */
static void image_emit(struct html_walker *w, const char *caption)
{
	if (!w->img_pending)
		return;
	if (!w->rc && doc_add_image(w->d, w->img_src, caption))
		w->rc = DOSSIER_ENOMEM;
	if (caption && *caption)
		w->n_text++;
	free(w->img_src);
	w->img_src = NULL;
	w->img_pending = 0;
}

/* The image's address: lazy loaders keep the real one in data-src. */
static void image_open(struct html_walker *w, const xmlNode *n)
{
	static const char *const names[] = {
		"data-src", "data-original", "data-lazy-src", "src", NULL
	};
	char *src = NULL;

	image_emit(w, NULL);
	w->started = 1;
	for (const char *const *a = names; *a && !src; a++) {
		src = attr(n, *a);
		if (src && (!*src || starts_with(src, strlen(src), "data:"))) {
			xmlFree(src);
			src = NULL;
		}
	}
	if (!src)
		return;
	w->img_src = resolve(w->base, src);
	xmlFree(src);
	if (!w->img_src) {
		w->rc = DOSSIER_ENOMEM;
		return;
	}
	w->img_pending = 1;
}

/* ---- finishing a paragraph ------------------------------------------------- */

/*
 * Appends raw[0..len) to `out` with each '\n' (a <br>) turned into one
 * space, or into nothing between CJK characters, and both ends trimmed.
 */
static int finish_text(const char *raw, size_t len, struct buf *out)
{
	size_t pos = 0;
	int32_t prev = -1;
	int pending = 0, rc = DOSSIER_OK;

	buf_reset(out);
	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(raw, len, &pos);

		if (cp == '\n' || cp == ' ') {
			if (pending != ' ')
				pending = cp;
			continue;
		}
		if (pending && prev >= 0 &&
		    (pending == ' ' || break_is_space(prev, cp)))
			rc = buf_addc(out, ' ');
		pending = 0;
		prev = cp;
		if (!rc)
			rc = buf_add(out, raw + at, pos - at);
	}
	if (!rc)
		buf_trim(out);
	return rc;
}

/* True when s[0..n) starts like a numeric date: 2023-05-30 or 07/11/2023. */
static int date_head(const char *s, size_t n)
{
	size_t i = 0, d1, d2, d3;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	d1 = i;
	if (i >= n || (s[i] != '-' && s[i] != '/'))
		return 0;
	{
		char sep = s[i++];
		size_t j = i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		d2 = i - j;
		if (i >= n || s[i] != sep)
			return 0;
		j = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		d3 = i - j;
		if (sep == '-')
			return d1 == 4 && d2 >= 1 && d2 <= 2 && d3 >= 1 && d3 <= 2;
		return d1 >= 1 && d1 <= 2 && d2 >= 1 && d2 <= 2 &&
		       (d3 == 2 || d3 == 4);
	}
}

/* True when s[0..n) is only a numeric date and time, nothing else. */
static int is_date_line(const char *s, size_t n)
{
	if (n < 8 || n > 40 || !date_head(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || c == '-' || c == '/' ||
		      c == ':' || c == '.' || c == ' ' || c == 'T' ||
		      c == 'Z' || c == '+'))
			return 0;
	}
	return 1;
}

/*
 * Recognises a leading "date" or "byline <br> date" block (DW's
 * "乐然<br>2021-01-08T11:55:21.690Z", RFI's "07/11/2023 - 12:35") in the
 * raw paragraph and stores "byline\ndate" or "date" in the extras.
 * Returns 1 when the paragraph was a dateline.
 */
static int take_dateline(struct html_walker *w)
{
	const char *s = w->para.data;
	size_t len = utf8_trim_space_end(s, w->para.len);
	size_t p, by_end;
	struct buf line = BUF_INIT;

	for (p = 0; p < len; p++) {
		if (s[p] < '0' || s[p] > '9')
			continue;
		if (p && s[p - 1] != ' ' && s[p - 1] != '\n')
			continue;
		if (is_date_line(s + p, len - p))
			break;
	}
	if (p >= len)
		return 0;
	by_end = utf8_trim_space_end(s, p);
	if (utf8_length(s, by_end) > HTML_HEADING_MAX_CP ||
	    contains(s, by_end, "。"))
		return 0;
	if (finish_text(s, by_end, &line) == DOSSIER_OK && line.len)
		buf_addc(&line, '\n');
	if (buf_add(&line, s + p, len - p)) {
		buf_release(&line);
		w->rc = DOSSIER_ENOMEM;
		return 1;
	}
	if (w->x && !w->x->dateline) {
		w->x->dateline = buf_detach(&line);
		if (!w->x->dateline)
			w->rc = DOSSIER_ENOMEM;
	}
	buf_release(&line);
	return 1;
}

/* "分享 :", "分享到：", "Share": the label of a share bar. */
static int is_share_label(const char *s, size_t n)
{
	static const char *const labels[] = {
		"分享", "分享到", "分享至", "分享本文", "分享此文", "Share",
		"share", "SHARE", NULL
	};
	char tmp[32];
	size_t m = 0, pos = 0;

	while (pos < n) {
		size_t at = pos;
		int32_t cp = utf8_next(s, n, &pos);

		if (utf8_is_space(cp) || cp == ':' || cp == 0xFF1A)
			continue;
		if (m + (pos - at) >= sizeof tmp)
			return 0;
		memcpy(tmp + m, s + at, pos - at);
		m += pos - at;
	}
	tmp[m] = '\0';
	for (const char *const *l = labels; *l; l++)
		if (strcmp(tmp, *l) == 0)
			return 1;
	return 0;
}

/* Copyright notices: "© 2023年德國之聲版權聲明…", "Copyright …", "版权所有". */
static int is_notice(const char *s, size_t n)
{
	static const char *const marks[] = {
		"版權聲明", "版权声明", "版權所有", "版权所有",
		"All rights reserved", "all rights reserved", NULL
	};

	size_t cps;

	if (starts_with(s, n, "©") || (n >= 9 && contains_nocase(s, 9, "copyright")))
		return 1;
	cps = utf8_length(s, n);
	if (cps > HTML_NOTICE_MAX_CP)
		return 0;
	/* The words open a notice ("版權所有，轉載請註明出處…"), or the line is
	 * little else: in the middle of a long paragraph they are text (a
	 * report about copyright, or 100k generated articles of which one said
	 * 版权所有 in passing and lost its paragraph). */
	for (const char *const *m = marks; *m; m++)
		if (contains(s, cps <= HTML_NOTICE_SHORT_CP ? n : (n < 24 ? n : 24), *m))
			return 1;
	return 0;
}

/*
 * Promo footers that end an item: feed aggregators' ("获取更多RSS：…",
 * "获取更多资讯：…") and outlets' calls to subscribe or follow, when short
 * and after some text.
 */
static int is_feed_footer(const char *s, size_t n, size_t paras_before)
{
	static const char *const starts[] = {
		"获取更多", "獲取更多", "訂閱", "订阅", "關注我們", "关注我们", NULL
	};

	if (starts_with(s, n, "获取更多RSS") || starts_with(s, n, "獲取更多RSS"))
		return 1;
	/* A footer follows the article; the opening paragraph is never one. */
	if (!paras_before || utf8_length(s, n) > HTML_FOOTER_MAX_CP)
		return 0;
	for (const char *const *p = starts; *p; p++)
		if (starts_with(s, n, *p))
			return 1;
	return 0;
}

/* Cuts a short trailing photo credit ("… © 2021 AFP") off `b`. */
static void cut_credit(struct buf *b)
{
	for (size_t i = b->len; i-- > 1;) {
		if ((unsigned char)b->data[i - 1] != 0xC2 ||
		    (unsigned char)b->data[i] != 0xA9)
			continue;
		if (utf8_length(b->data + i + 1, b->len - i - 1) <= HTML_CREDIT_MAX_CP) {
			buf_truncate(b, i - 1);
			buf_trim(b);
			while (b->len && (b->data[b->len - 1] == '-' ||
					  b->data[b->len - 1] == '|'))
				buf_truncate(b, b->len - 1);
			buf_trim(b);
		}
		return;
	}
}

static int is_heading(const struct html_walker *w, const struct buf *text)
{
	if (w->block == BLOCK_HEADING)
		return 1;
	if (w->block != BLOCK_PLAIN && w->block != BLOCK_PARA)
		return 0;
	return w->n_bold == w->n_visible &&
	       utf8_length(text->data, text->len) <= HTML_HEADING_MAX_CP &&
	       !contains(text->data, text->len, "。");
}

/* Whether the finished paragraph is the caption of the pending image. */
static int is_caption(const struct html_walker *w, const struct buf *text)
{
	if (w->block == BLOCK_CAPTION)
		return 1;
	if (!w->img_pending)
		return 0;
	if (w->n_small == w->n_visible)
		return 1;
	return w->block == BLOCK_PLAIN && w->n_bold < w->n_visible &&
	       utf8_length(text->data, text->len) <= HTML_CAPTION_MAX_CP;
}

static void para_reset(struct html_walker *w)
{
	buf_reset(&w->para);
	w->space = SPACE_NONE;
	w->last_cp = -1;
	w->n_visible = w->n_bold = w->n_small = w->n_time = w->n_junk = 0;
	w->block = BLOCK_PLAIN;
}

/* Decides what the paragraph built so far is, and emits it. */
static void flush(struct html_walker *w)
{
	struct buf text = BUF_INIT;
	int keep = 0;

	if (!w->para.len || w->rc)
		goto done;
	if (!w->started) {
		w->started = 1;
		if (take_dateline(w))
			goto done;
	}
	/* "33 分钟前" or the names on share buttons: page furniture */
	if (w->n_time == w->n_visible || w->n_junk == w->n_visible)
		goto done;
	if (finish_text(w->para.data, w->para.len, &text)) {
		w->rc = DOSSIER_ENOMEM;
		goto done;
	}
	if (is_feed_footer(text.data, text.len, w->n_text)) {
		w->stop = 1;
		goto done;
	}
	if (is_share_label(text.data, text.len) || is_notice(text.data, text.len))
		goto done;
	cut_credit(&text);
	if (!text.len)
		goto done;
	keep = 1;
	if (is_caption(w, &text)) {
		if (!w->img_pending) /* a caption whose image we could not read */
			w->img_pending = 1;
		image_emit(w, text.data);
		goto done;
	}
	image_emit(w, NULL);
	if (doc_add_para(w->d, is_heading(w, &text) ? DOC_PARA_HEADING
						     : DOC_PARA_TEXT, text.data))
		w->rc = DOSSIER_ENOMEM;
	w->n_text++;
done:
	links_settle(w, keep);
	buf_release(&text);
	para_reset(w);
}

/* ---- the walk ---------------------------------------------------------------- */

static void add_text(struct html_walker *w, const xmlNode *t)
{
	const char *s = (const char *)t->content;
	size_t len = s ? strlen(s) : 0, pos = 0;

	while (pos < len && !w->rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);
		int rc = DOSSIER_OK;

		if (cp < 0)
			cp = UTF8_REPLACEMENT;
		if (utf8_is_space(cp)) {
			enum html_space sp = cp == '\n' || cp == '\r'
						     ? SPACE_NEWLINE : SPACE_BLANK;

			if (sp > w->space)
				w->space = sp;
			continue;
		}
		if (!w->para.len) {
			w->block = block_of(t);
		} else if (w->space == SPACE_BR) {
			rc = buf_addc(&w->para, '\n');
		} else if (w->space == SPACE_BLANK ||
			   (w->space == SPACE_NEWLINE &&
			    break_is_space(w->last_cp, cp))) {
			rc = buf_addc(&w->para, ' ');
		}
		w->space = SPACE_NONE;
		if (!rc)
			rc = cp == UTF8_REPLACEMENT && pos - at == 1
				     ? utf8_add(&w->para, UTF8_REPLACEMENT)
				     : buf_add(&w->para, s + at, pos - at);
		if (rc) {
			w->rc = rc;
			return;
		}
		w->last_cp = cp;
		w->n_visible++;
		w->n_bold += w->bold > 0;
		w->n_small += w->small > 0;
		w->n_time += w->time > 0;
		w->n_junk += w->junk > 0;
	}
}

/* Whether a paragraph of body text (not a heading) was emitted. */
static int has_text_para(const struct doc *d)
{
	for (size_t i = 0; i < d->n_paras; i++)
		if (d->paras[i].kind == DOC_PARA_TEXT)
			return 1;
	return 0;
}

/* Called on the way down; returns whether to visit the children. */
static int enter(struct html_walker *w, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		add_text(w, n);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || is_skipped(n))
		return 0;
	if (is_block(n)) {
		flush(w);
	} else if (name_is(n, "br")) {
		if (w->space == SPACE_BR) /* <br><br>: a paragraph break */
			flush(w);
		else
			w->space = SPACE_BR;
	} else if (name_is(n, "img")) {
		image_open(w, n);
	} else if (name_is(n, "b") || name_is(n, "strong")) {
		w->bold++;
	} else if (name_is(n, "small")) {
		w->small++;
	} else if (name_is(n, "time")) {
		w->time++;
		/* The article's own time comes before its text (after the
		 * headline, perhaps), not among the related links after it. */
		if (w->x && !w->x->time && !has_text_para(w->d)) {
			w->x->time = attr(n, "datetime");
			if (w->x->time && !*w->x->time) {
				xmlFree(w->x->time);
				w->x->time = NULL;
			}
		}
	} else if (name_is(n, "a")) {
		char *href = attr(n, "href");

		if (href)
			link_open(w, href);
		xmlFree(href);
	}
	return 1;
}

/* Called on the way up for every node enter() was called on. */
static void leave(struct html_walker *w, const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || is_skipped(n))
		return;
	if (is_block(n)) {
		flush(w);
	} else if (name_is(n, "b") || name_is(n, "strong")) {
		w->bold--;
	} else if (name_is(n, "small")) {
		w->small--;
	} else if (name_is(n, "time")) {
		w->time--;
	} else if (name_is(n, "a")) {
		char *href = attr(n, "href");

		if (href)
			link_close(w);
		xmlFree(href);
	}
}

/* Visits the subtree under `root` in document order, without recursion. */
static void walk(struct html_walker *w, const xmlNode *root)
{
	const xmlNode *n = root->children;

	while (n && !w->rc && !w->stop) {
		if (enter(w, n) && n->children) {
			n = n->children;
			continue;
		}
		leave(w, n);
		while (!n->next) {
			n = n->parent;
			if (!n || n == root)
				return;
			leave(w, n);
		}
		n = n->next;
	}
}

/* ---- entry points --------------------------------------------------------------- */

void html_extras_release(struct html_extras *x)
{
	if (!x)
		return;
	free(x->dateline);
	xmlFree(x->time);
	memset(x, 0, sizeof *x);
}

/*
 * Wraps a fragment into a page whose <body> holds it, so that libxml2
 * does not move leading text or a stray <title> into <head>.  A full
 * page is passed through.  NUL bytes, which would end libxml2's input
 * early, become spaces.
 */
static int make_page(const char *html, size_t len, struct buf *page)
{
	static const char head[] =
		"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>";
	int full = contains_nocase(html, len, "<html") ||
		   contains_nocase(html, len, "<body");
	int rc = DOSSIER_OK;

	if (!full)
		rc = buf_adds(page, head);
	if (!rc)
		rc = buf_add(page, html, len);
	if (!rc && !full)
		rc = buf_adds(page, "</body></html>");
	if (rc)
		return rc;
	for (size_t i = 0; i < page->len; i++)
		if (!page->data[i])
			page->data[i] = ' ';
	return page->len > INT_MAX ? DOSSIER_ETOOBIG : DOSSIER_OK;
}

static const xmlNode *find_body(const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, "body"))
			return n;
		if (name_is(n, "html"))
			return find_body(n->children);
	}
	return NULL;
}

/* Walks the subtree under `root` (may be NULL) into `d`. */
static int node_to_doc(const xmlNode *root, const char *base_url, struct doc *d,
		       struct html_extras *extras, struct err *e)
{
	struct html_walker w;
	int rc;

	memset(&w, 0, sizeof w);
	w.d = d;
	w.x = extras;
	w.base = base_url;
	buf_init(&w.para, 0);
	para_reset(&w);
	if (root) {
		walk(&w, root);
		if (!w.stop)
			flush(&w);
		image_emit(&w, NULL);
	}
	rc = w.rc;
	if (rc)
		err_set(e, rc, "cannot parse HTML: %s", err_rc_str(rc));
	else if (!w.n_text)
		rc = err_set(e, DOSSIER_EEMPTY, "HTML body holds no text");
	links_clear(&w);
	free(w.links);
	free(w.img_src);
	buf_release(&w.para);
	return rc;
}

int html_node_to_doc(const xmlNode *root, const char *base_url, struct doc *d,
		     struct html_extras *extras, struct err *e)
{
	return node_to_doc(root, base_url, d, extras, e);
}

int html_body_to_doc(const char *html, size_t len, const char *base_url,
		     struct doc *d, struct html_extras *extras, struct err *e)
{
	struct buf page = BUF_INIT;
	htmlDocPtr tree = NULL;
	int rc;

	rc = make_page(html ? html : "", html ? len : 0, &page);
	if (rc) {
		err_set(e, rc, "cannot parse HTML: body too large");
		goto fail;
	}
	/* UTF-8 whatever a <meta charset> inside says (IGNORE_ENC) */
	tree = htmlReadMemory(page.data, (int)page.len, base_url, "UTF-8",
			      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
			      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
			      HTML_PARSE_IGNORE_ENC);
	rc = node_to_doc(tree ? find_body(tree->children) : NULL, base_url, d,
			 extras, e);
fail:
	buf_release(&page);
	if (tree)
		xmlFreeDoc(tree);
	return rc;
}
