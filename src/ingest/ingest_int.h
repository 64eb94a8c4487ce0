/*
 * ingest_int.h — the parsers behind ingest.h.  Internal to src/ingest/ and
 * to the fuzz targets and unit tests; everything else goes through
 * ingest.h.
 *
 * Every parser reads UTF-8 (ingest.c repairs the bytes first), fills a
 * `struct doc` it was given, and on failure returns a DOSSIER_E* code with
 * a message that names the reason (the file name is added by the caller).
 * No parser allocates more than a small multiple of its input, aborts, or
 * reads past `len`; none of them needs `data` to be NUL-terminated.
 */
#ifndef DOSSIER_INGEST_INT_H
#define DOSSIER_INGEST_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"

/* ---- encodings (charset.c) ------------------------------------------------ */

/* How charset_to_utf8() read the bytes. */
struct charset_result {
	char name[32];       /* "UTF-8", "UTF-16LE", "GB18030", "Big5-HKSCS", ... */
	const char *from;    /* "BOM", "XML declaration", "HTML meta",
			      * "HTTP header", "detected", "default" */
	char overruled[32];  /* a declaration the bytes contradicted, or "" */
	size_t invalid;      /* malformed sequences replaced with U+FFFD */
};

/*
 * Converts data[0..len) to UTF-8 (without BOM) in `out`.  The encoding is
 * taken from, in order: a byte-order mark; the HTTP Content-Type charset
 * (`content_type`, may be NULL); the XML declaration; an HTML <meta
 * charset> or http-equiv; else it is detected (valid UTF-8 stays UTF-8,
 * otherwise ICU's detector among the Chinese encodings).  GB2312 and GBK
 * are read as GB18030 (their superset), Big5 as Big5-HKSCS.  A declaration
 * that the bytes contradict (gb2312 declared, valid UTF-8 bytes) is
 * overruled and named in r->overruled.  A few malformed sequences (a
 * download cut mid-character) become U+FFFD and are counted; bytes that
 * fit no encoding are refused with DOSSIER_EENCODING.  The declaration
 * inside the text is left as it was: parsers must ignore it (the text is
 * UTF-8 whatever it says).
 */
int charset_to_utf8(const char *data, size_t len, const char *content_type,
		    struct buf *out, struct charset_result *r, struct err *e);

/* ---- the outlet table (outlet.c) -------------------------------------------- */

/*
 * data/sources.tsv: per outlet its domains, display name and other names
 * (lines with the same display name are one outlet).  Read-only once
 * loaded, so threads may share it.
 */
struct outlets;
int outlets_load(struct outlets **out, const char *path, struct err *e);
void outlets_free(struct outlets *t);

/* The display name of the outlet whose longest domain `host` is in (a
 * subdomain counts), or NULL.  The string lives as long as the table. */
const char *outlets_by_host(const struct outlets *t, const char *host);

/* outlets_by_host() of the host of the absolute URL `url` (may be NULL). */
const char *outlets_by_url(const struct outlets *t, const char *url);

/*
 * The outlet `given` names as a whole, ignoring white space around it and
 * ASCII case: a display name, another name, or a host or address in one
 * of its domains ("dw.de", "www.dw.com").  NULL when none.
 */
const char *outlets_by_name(const struct outlets *t, const char *given);

/*
 * The outlet a short label names somewhere inside it — a feed's channel
 * title ("Deutsche Welle: DW-WORLD.DE", "纽约时报中文网 国际纵览"), a
 * record's tag ("(臺)中央社CNA").  Latin names count at word boundaries
 * and from two letters, other names from three characters; the longest
 * name found wins; only the label's first 512 bytes are read.  Never give
 * it article text: a report names outlets it quotes.  NULL when none.
 */
const char *outlets_named_in(const struct outlets *t, const char *label);

/*
 * Every name and domain of the outlet `given` names (outlets_by_name()),
 * the display name first, NULL-terminated; NULL when `given` names none.
 * Lives as long as the table.
 */
const char *const *outlets_names(const struct outlets *t, const char *given);

/* Whether any name of the outlet called `name` occurs in `text`. */
int outlets_quoted_in(const struct outlets *t, const char *name, const char *text);

/* ---- feeds (feed.c) -------------------------------------------------------- */

/*
 * True when data[0..len) is a feed: after white space, a BOM, the XML
 * declaration, comments, processing instructions and a DOCTYPE, the root
 * element is <rss>, <rdf:RDF> (any prefix, RSS 1.0 or 0.90 namespace) or
 * <feed> (Atom 0.3 or 1.0).
 */
int feed_sniff(const char *data, size_t len);

struct feed_opts {
	const char *base_url; /* where the feed was served from, or NULL */
	int64_t fetched;      /* ms: when the feed was fetched (each item's d->fetched) */
	const char *feed;     /* copied to each item's d->feed, or NULL */
};

/* What feed_parse() saw besides the items. */
struct feed_info {
	char *title;          /* the channel's title */
	char *site;           /* the channel's <link> (resolved), or NULL */
	char *language;       /* <language>/xml:lang, or NULL */
	size_t items;         /* items handed to the callback */
	size_t dropped;       /* items that could not be recovered */
	struct buf problems;  /* one line per repair or dropped item */
};

void feed_info_release(struct feed_info *fi);

/* Receives each item (it may take *d and set it to NULL).  Non-zero stops. */
typedef int (*feed_item_fn)(void *arg, struct doc **d, struct err *e);

/*
 * Parses an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom 0.3/1.0 feed in UTF-8 (its
 * declared encoding is ignored), recovering from the breakage real feeds
 * have, and calls `fn` for each item: url (link, resolved against the
 * feed's base), title (entities decoded, tags and control characters
 * gone), guid, published (DOC_TIME_NONE when the item has no readable
 * date; flagged when a zone was assumed), fetched (o->fetched), author, categories, summary, and paragraphs from the
 * fullest content (content:encoded, Atom content, escaped HTML in the
 * description) through html_body_to_doc().  DOSSIER_EPARSE when nothing
 * feed-like can be read; a feed with no items is not an error.
 */
int feed_parse(const char *data, size_t len, const struct feed_opts *o,
	       feed_item_fn fn, void *arg, struct feed_info *fi, struct err *e);

/* ---- whole HTML pages (page.c) --------------------------------------------- */

/*
 * Reads an article page: title (og:title, the headline, <title> without
 * the site name), publication date (meta tags, JSON-LD, <time>, a visible
 * date line), byline, the outlet (og:site_name, JSON-LD publisher, meta
 * source), canonical URL (else `url`), and the main text without the
 * portal around it (navigation, related links, comments, login boxes,
 * share bars), with image captions.  The text is UTF-8 whatever the page
 * declares.  DOSSIER_EEMPTY when the page has no article text (an error
 * page, a maintenance notice, an index).
 */
int page_parse(const char *html, size_t len, const char *url, struct doc *d,
	       struct err *e);

/* ---- PDF (pdf.c, pdf_reader.c) ------------------------------------------------ */

/* True when data[0..len) is a PDF file: "%PDF-" at the start, or at the
 * start of a line in the first KiB with PDF objects after it. */
int pdf_sniff(const char *data, size_t len);

/*
 * What reading one PDF may cost.  poppler cannot be stopped inside a page
 * (a content stream that inflates to a gigabyte of text keeps it busy for
 * minutes), so the reading runs in a child process (pdf_reader.c) that is
 * stopped after PDF_MAX_SECONDS of CPU time, PDF_MAX_WAIT seconds on the
 * clock (room for a loaded machine) or at PDF_MAX_MEMORY: the file fails,
 * the batch goes on.  Past PDF_MAX_PAGES pages, or once the text would
 * pass PDF_MAX_TEXT bytes, the rest of the pages is left out with a
 * warning: a long report still gives its beginning.  Chosen so that the
 * costliest PDF allowed takes under 30 s and 512 MB in all
 * (bench/RESULTS.md).
 */
#define PDF_MAX_PAGES 2000
#define PDF_MAX_TEXT ((size_t)8 << 20)
#define PDF_MAX_SECONDS 15
#define PDF_MAX_WAIT 45
#define PDF_MAX_MEMORY ((size_t)512 << 20)

/* Why pages were left out (struct pdf_text's `cut`). */
enum { PDF_CUT_PAGES = 1, PDF_CUT_TEXT = 2 };

/* A PDF's text as its reader hands it over. */
struct pdf_text {
	struct buf text;    /* paragraphs, a blank line between */
	char *title;        /* the document information's, or NULL */
	char *author;       /* the document information's, or NULL */
	int64_t created;    /* creation date, seconds since the epoch; 0: none */
	int pages;          /* pages in the PDF */
	int pages_read;     /* the first pages read: fewer when `cut` */
	int cut;            /* 0, PDF_CUT_PAGES or PDF_CUT_TEXT */
};

#define PDF_TEXT_INIT { BUF_INIT, NULL, NULL, 0, 0, 0, 0 }

/* Frees what `t` holds and empties it. */
void pdf_text_release(struct pdf_text *t);

/*
 * Reads the text layer with poppler-glib in this process, with no limit
 * on time or memory: pages in reading order, page numbers and running
 * headers and footers dropped, lines joined into paragraphs by their
 * geometry (pdf_lines_to_text()), the metadata title, author and creation
 * date.  Refuses encrypted PDFs that need a password (DOSSIER_EFORMAT),
 * PDFs without pages or without a text layer, i.e. scans
 * (DOSSIER_EEMPTY), and broken ones that poppler cannot open
 * (DOSSIER_EPARSE), with a reason.
 */
int pdf_text_read(const char *data, size_t len, struct pdf_text *t, struct err *e);

/*
 * pdf_text_read() where ingest_set_pdf_reader() says: in a child process
 * with the limits above (DOSSIER_ETOOBIG "PDF too costly to read: ..."
 * when it is stopped), else in this process.  Either way the text goes
 * through the reader's answer format (pdf_answer_write/read), so both
 * give the same result.
 */
int pdf_text_get(const char *data, size_t len, struct pdf_text *t, struct err *e);

/*
 * The reader's answer: the text and facts of `t`, or the failure `failed`
 * (non-NULL when reading failed), as records a parent can check before it
 * believes them (see pdf_reader.c).  pdf_answer_read() refuses anything
 * malformed with DOSSIER_EPARSE, and returns a failure the answer carries
 * with its code and message.
 */
int pdf_answer_write(const struct pdf_text *t, const struct err *failed, struct buf *out);
int pdf_answer_read(const char *data, size_t len, struct pdf_text *t, struct err *e);

/*
 * Reads a PDF (pdf_text_get()) into `d`: title, byline and the publisher's
 * furniture by plaintext_parse(), a sensible metadata title and author
 * over what the first page says; d->format is "pdf"; d->published is the
 * metadata creation date when the text has no date.  When pages were
 * left out (see PDF_MAX_PAGES), a line saying so is added to `problems`
 * (may be NULL).
 */
int pdf_parse_noting(const char *data, size_t len, struct doc *d, struct buf *problems,
		     struct err *e);

/* pdf_parse_noting() without the notes. */
int pdf_parse(const char *data, size_t len, struct doc *d, struct err *e);

/*
 * One line of a page's text layer as pdf_parse() measures it (points, the
 * origin at the top left of the page).  Exposed for the unit tests of the
 * two steps below, which work on lines alone.
 */
struct pdf_line {
	const char *text;  /* UTF-8, not NUL-terminated, no line break */
	size_t len;
	int page;          /* 0-based; lines come in page and reading order */
	double x0, x1;     /* left and right edge of the glyphs */
	double y;          /* bottom of the glyph boxes */
	double size;       /* font size */
	double lead;       /* width of the first piece a line cannot break in */
	int drop;          /* set by pdf_mark_furniture() */
};

/* True for a page number as printed: "3", "- 3 -", "3/10", "Page 3",
 * "第3頁", "第 3 頁，共 10 頁", "iv"; not a lone year ("2024").  Also used
 * by plaintext_parse() for text that came out of a PDF. */
int pdf_is_page_number(const char *s, size_t len);

/*
 * Sets `drop` on page furniture: among the two top and two bottom lines of
 * each page, page numbers, and lines that come back at the same height on
 * at least half of the pages (two at least), digits aside ("第 3 期",
 * "第 4 期" are one running header).
 */
void pdf_mark_furniture(struct pdf_line *lines, size_t n, int n_pages);

/*
 * Joins the lines not dropped into paragraphs, one per line of `out`,
 * separated by a blank line.  A line continues the one before unless the
 * font size changes, it is indented, the gap above it is wider than the
 * line pitch, or its first word would have fitted at the end of the line
 * before (a short line ends a paragraph or is a heading).  Across a page
 * or column break only size, indent and fit count.  No space is put
 * between CJK characters joined; one between Latin words.
 */
int pdf_lines_to_text(const struct pdf_line *lines, size_t n, struct buf *out);

/* ---- feed-archive records (seeds 000-003, *-jekyll.md) ------------------ */

/*
 * True when data[0..len) looks like a feed-archive record: after an
 * optional UTF-8 BOM, white space and YAML front matter (`---` ... `---`),
 * the first non-blank line is `<!--DIGITS-->`.
 */
int record_sniff(const char *data, size_t len);

/*
 * Parses a feed-archive record:
 *
 *	[--- YAML front matter (title, date, author, from, ...) ---]
 *	<!--1685413023000-->          fetch time, ms since the epoch
 *	[Title](https://url)          title and URL (Markdown link; the title
 *	                              may hold escaped brackets and entities)
 *	------
 *	<html body>
 *
 * Fills url, title (entities such as &quot; decoded), fetched, published
 * (the item's own time: the body's date line — ISO 8601 as DW writes it,
 * or RFI's "07/11/2023 - 12:35" read as Paris time and checked against the
 * fetch time; a zone-less ISO time that would fall more than an hour after
 * the fetch is re-read as UTC+8, the zone of Chinese-language desks — else
 * a <time datetime> before the text (a date alone: that day, DOC_F_DATE_DAY);
 * only then the front matter's `date`, which is when the archive wrote the
 * record), author (a byline before the date, without its role word: 记者
 * 周启明 → 周启明; else front matter `author` unless it only names the
 * outlet), source (the first of the front matter's tags or categories,
 * which name the outlet), and the body through html_body_to_doc().  Front
 * matter fills what the record lacks.  Errors: DOSSIER_EPARSE "truncated record: ..." when the header
 * lines or the `------` separator are missing, DOSSIER_EEMPTY when the
 * body holds no text.
 */
int record_parse(const char *data, size_t len, struct doc *d, struct err *e);

/* ---- HTML bodies ---------------------------------------------------------- */

/* What html_body_to_doc() found besides the text. */
struct html_extras {
	char *dateline; /* text of a leading date/byline block, or NULL */
	char *time;     /* datetime="" of a <time> before the text, or NULL */
};

/* Frees what `x` holds (not `x` itself) and zeroes it. */
void html_extras_release(struct html_extras *x);

/*
 * Turns an HTML fragment or page body into clean paragraphs in `d`, using
 * libxml2's HTML parser (recover mode, no network, no entity loading):
 *
 * - <p>, <div>, <li>, <blockquote>, <br><br> break paragraphs; <h1>-<h6>
 *   and a paragraph that is only <strong>/<b> text become headings; inline
 *   text is joined with white space collapsed (no spaces invented between
 *   CJK characters).
 * - <img src> (or data-src for lazy loading) followed by a caption —
 *   <small>, <figcaption>, or a short block right after the image — becomes
 *   an image with that caption; the caption is not repeated as a paragraph.
 * - <a href> inside article text becomes a link (resolved against
 *   `base_url` when relative); its text stays in the paragraph.
 * - dropped: <script>, <style>, <noscript>, <iframe>, forms, share bars
 *   ("分享", social share links), newsletter and self-promo widgets
 *   (data-selfpromo-*), copyright notices ("© 2023年德國之聲版權聲明…",
 *   "© 2021 AFP"), feed promo footers (feedx's "获取更多RSS"), and empty
 *   paragraphs.
 * - a leading block that is only a date or "byline + date" (DW's
 *   <div><i>…2023-05-30T01:48:40.040Z</i></div>, RFI's
 *   <div>07/11/2023 - 12:35</div>) is not a paragraph: its text goes to
 *   extras->dateline for the caller to interpret; the datetime attribute
 *   of a <time> before the first paragraph goes to extras->time.
 *
 * `extras` may be NULL.  DOSSIER_EEMPTY when no text at all remains.
 */
int html_body_to_doc(const char *html, size_t len, const char *base_url,
		     struct doc *d, struct html_extras *extras, struct err *e);

/* ---- plain text (PDF commentaries already turned into text) -------------- */

/*
 * True when data[0..len) is text rather than markup or a known format.
 */
int plaintext_sniff(const char *data, size_t len);

/*
 * Parses a plain-text document such as seed 004 (a think-tank PDF turned
 * into text): finds the title (the first heading-like line after any
 * series name such as 遠景論壇 and any leading caption), the author and
 * affiliation (short lines right under the title: 李明峻 / 新台灣國策智庫
 * 研發長), keeps a photo caption "(圖片來源：<url>)" as an image caption,
 * joins lines and paragraphs split by the page layout without breaking
 * sentences (a paragraph that does not end in 。！？」… continues in the
 * next block), keeps section headings as headings, and drops page
 * furniture: the publisher's address, Tel:/Fax: lines, bare URLs, page
 * numbers, the publisher's boilerplate paragraph and the editor's
 * disclaimer (編按：本文僅代表作者個人觀點…), which it uses to name the source
 * (d->source, e.g. "遠景基金會") when it names a publisher.
 * DOSSIER_EEMPTY when there is no text.
 */
int plaintext_parse(const char *data, size_t len, struct doc *d,
		    struct err *e);

#endif
