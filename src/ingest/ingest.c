/*
 * The ingest front: bytes → UTF-8 → format → parser → the fields every
 * document gets the same way (origin, outlet, script, hash).
 */
#include "ingest/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/url.h"
#include "core/utf8.h"
#include "extract/extract.h"
#include "ingest/ingest_int.h"
#include "text/text.h"

/* ---- the context ----------------------------------------------------------- */

struct ingest_ctx {
	const struct text_ctx *text;
	struct outlets *outlets;     /* data/sources.tsv */
	struct extract_ctx *extract; /* gazetteer and name patterns, loaded once */
};

int ingest_ctx_new(struct ingest_ctx **out, const char *data_dir,
		   const struct text_ctx *text, struct err *e)
{
	struct ingest_ctx *c = calloc(1, sizeof *c);
	char path[PATH_MAX];
	int rc;

	*out = NULL;
	if (!c)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	c->text = text;
	/* libxml2 wants its global set-up done once before threads parse. */
	xmlInitParser();
	snprintf(path, sizeof path, "%s/sources.tsv", data_dir);
	rc = outlets_load(&c->outlets, path, e);
	if (!rc)
		rc = extract_ctx_new(&c->extract, data_dir, text, e);
	if (rc) {
		ingest_ctx_free(c);
		return rc;
	}
	*out = c;
	return DOSSIER_OK;
}

void ingest_ctx_free(struct ingest_ctx *c)
{
	if (!c)
		return;
	outlets_free(c->outlets);
	extract_ctx_free(c->extract);
	free(c);
}

/* ---- the outlet ---------------------------------------------------------------- */

/* What a feed item knows of the feed it came in: the channel's own words. */
struct channel {
	const char *title;  /* the channel's title, or NULL */
	const char *site;   /* the channel's link, or NULL */
	const char *feed;   /* the subscription's address, or NULL */
	int looked_up;      /* `outlet` is known (once per feed, not per item) */
	const char *outlet; /* the table's outlet the channel names, or NULL */
};

/* The outlet a feed's channel names: its link's host, the subscription's,
 * else a name in its title. */
static const char *channel_outlet(const struct ingest_ctx *c, struct channel *ch)
{
	if (!ch->looked_up) {
		ch->outlet = outlets_by_url(c->outlets, ch->site);
		if (!ch->outlet)
			ch->outlet = outlets_by_url(c->outlets, ch->feed);
		if (!ch->outlet && ch->title)
			ch->outlet = outlets_named_in(c->outlets, ch->title);
		ch->looked_up = 1;
	}
	return ch->outlet;
}

/* The host of `url` without "www.", to name an outlet the table does not know. */
static int set_host(char **field, const char *url)
{
	char host[256];

	if (!url)
		return 0;
	url_host(url, host, sizeof host);
	if (!host[0])
		return 0;
	doc_set(field, strncmp(host, "www.", 4) ? host : host + 4, (size_t)-1);
	return 1;
}

/*
 * The outlet that published `d`, never read from its text (a report that
 * quotes 新华社 is not Xinhua's): its address; for a feed item, the feed's
 * channel link, then its title; what the parser read of the document's own
 * publisher (a record's tags, a page's og:site_name, a disclaimer); for an
 * outlet the table does not know, the feed's host, else the address's.
 */
static void assign_source(const struct ingest_ctx *c, struct doc *d, struct channel *ch)
{
	const char *name = outlets_by_url(c->outlets, d->url);

	if (!name && ch)
		name = channel_outlet(c, ch);
	if (!name && d->source && !(name = outlets_by_name(c->outlets, d->source)) &&
	    !(name = outlets_named_in(c->outlets, d->source))) {
		d->flags |= DOC_F_OUTLET_CHECKED;
		return; /* the document's own name for its publisher, not in the table */
	}
	d->flags |= DOC_F_OUTLET_CHECKED;
	if (name) {
		doc_set(&d->source, name, (size_t)-1);
		return;
	}
	if (ch && set_host(&d->source, ch->site))
		return;
	if (set_host(&d->source, d->url))
		return;
	if (ch && ch->title && *ch->title)
		doc_set(&d->source, ch->title, (size_t)-1);
}

void ingest_detect_source(const struct ingest_ctx *c, struct doc *d)
{
	assign_source(c, d, NULL);
}

/*
 * A stored document's outlet, named again by the rules above from what
 * the archive keeps: its address, its subscription's address, and its
 * label.  Archives made before these rules took outlets from the body
 * text; a label that only the body can have given (a name of it in the
 * title or the opening or closing paragraphs, and nothing else backing
 * it) is dropped for the address's host.
 */
static void recheck_source(const struct ingest_ctx *c, struct doc *d)
{
	const char *name = outlets_by_url(c->outlets, d->url);

	if (!name)
		name = outlets_by_url(c->outlets, d->feed);
	if (!name && d->source) {
		name = outlets_by_name(c->outlets, d->source);
		if (!name)
			name = outlets_named_in(c->outlets, d->source);
		/* The body gave exactly the display name; so may the parser have,
		 * but the body's word was taken first then, so it cannot be told. */
		if (name && !(d->flags & DOC_F_OUTLET_CHECKED) && !strcmp(name, d->source)) {
			int quoted = d->title && outlets_quoted_in(c->outlets, name, d->title);

			for (size_t i = 0; i < d->n_paras && !quoted; i++)
				if (i == 0 || i + 3 >= d->n_paras)
					quoted = outlets_quoted_in(c->outlets, name, d->paras[i].text);
			if (quoted) {
				name = NULL;
				free(d->source);
				d->source = NULL;
			}
		}
		if (!name && d->source) {
			d->flags |= DOC_F_OUTLET_CHECKED;
			return; /* a label of the document's own, not in the table */
		}
	}
	d->flags |= DOC_F_OUTLET_CHECKED;
	if (name)
		doc_set(&d->source, name, (size_t)-1);
	else if (!set_host(&d->source, d->url))
		set_host(&d->source, d->feed);
}

char *ingest_outlet_name(const struct ingest_ctx *c, const char *given)
{
	const char *name = outlets_by_name(c->outlets, given);

	return name ? strdup(name) : NULL;
}

const char *const *ingest_outlet_names(const struct ingest_ctx *c, const char *given)
{
	return outlets_names(c->outlets, given);
}

static int has_prefix(const char *s, size_t len, const char *p, size_t n)
{
	return len >= n && !memcmp(s, p, n);
}

/* ---- format detection -------------------------------------------------------- */

static int looks_binary(const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192, control = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)data[i];

		if (!ch)
			return 1;
		if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f')
			control++;
	}
	return control * 20 > n;
}

/* Case-insensitive ASCII search for `needle` in the first `limit` bytes. */
static int contains_ci(const char *s, size_t len, const char *needle, size_t limit)
{
	if (len > limit)
		len = limit;
	return ascii_find_ci(s, len, needle) < len;
}

enum ingest_format ingest_detect(const char *data, size_t len)
{
	size_t start;

	if (!len)
		return INGEST_FORMAT_UNKNOWN;
	if (pdf_sniff(data, len))
		return INGEST_FORMAT_PDF;
	if (looks_binary(data, len))
		return INGEST_FORMAT_BINARY;
	if (record_sniff(data, len))
		return INGEST_FORMAT_RECORD;
	if (feed_sniff(data, len))
		return INGEST_FORMAT_FEED;
	start = utf8_skip_space(data, len, 0);
	if (has_prefix(data + start, len - start, "\xEF\xBB\xBF", 3))
		start = utf8_skip_space(data, len, start + 3);
	if (start < len && data[start] == '<') {
		if (contains_ci(data + start, len - start, "<html", 4096) ||
		    contains_ci(data + start, len - start, "<!doctype html", 256))
			return INGEST_FORMAT_HTML;
		return INGEST_FORMAT_XML;
	}
	if (plaintext_sniff(data, len))
		return INGEST_FORMAT_TEXT;
	return INGEST_FORMAT_UNKNOWN;
}

const char *ingest_format_name(enum ingest_format f)
{
	switch (f) {
	case INGEST_FORMAT_RECORD: return "feed-archive record";
	case INGEST_FORMAT_TEXT: return "plain text";
	case INGEST_FORMAT_FEED: return "feed";
	case INGEST_FORMAT_PDF: return "PDF";
	case INGEST_FORMAT_XML: return "XML";
	case INGEST_FORMAT_HTML: return "HTML page";
	case INGEST_FORMAT_BINARY: return "binary data";
	default: return "unknown";
	}
}

/*
 * XML arrives before the feed parsers do (issue: feeds): say precisely
 * whether it is broken or merely a kind we do not read yet.
 */
static int explain_xml(const char *data, size_t len, struct err *e)
{
	xmlDocPtr x;
	const xmlError *xe;
	int rc;

	if (len > INT_MAX)
		return err_set(e, DOSSIER_ETOOBIG, "XML file too large");
	xmlResetLastError();
	x = xmlReadMemory(data, (int)len, NULL, "UTF-8",
			  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xe = xmlGetLastError();
	if (!x || (xe && xe->level >= XML_ERR_ERROR)) {
		char msg[200] = "malformed";

		if (xe && xe->message) {
			char *tail;

			snprintf(msg, sizeof msg, "%s", xe->message);
			msg[strcspn(msg, "\n")] = '\0';
			/* libxml2 ends some messages with " line N": said already. */
			tail = strstr(msg, " line ");
			if (tail && tail[6] >= '0' && tail[6] <= '9' &&
			    tail[6 + strspn(tail + 6, "0123456789")] == '\0')
				*tail = '\0';
		}
		rc = err_set(e, DOSSIER_EPARSE, "broken XML at line %d: %s",
			     xe ? xe->line : 0, msg);
	} else {
		xmlNodePtr root = xmlDocGetRootElement(x);

		rc = err_set(e, DOSSIER_EFORMAT,
			     "unsupported format: XML document with root <%s>",
			     root ? (const char *)root->name : "?");
	}
	xmlFreeDoc(x);
	xmlResetLastError();
	return rc;
}

/* ---- the pipeline ---------------------------------------------------------------- */

static void detect_script(const struct ingest_ctx *c, struct doc *d)
{
	struct text_script_counts total = { 0 }, part;
	const char *name;

	if (d->title) {
		text_script_count(c->text, d->title, strlen(d->title), &part);
		total = part;
	}
	for (size_t i = 0; i < d->n_paras; i++) {
		text_script_count(c->text, d->paras[i].text, strlen(d->paras[i].text), &part);
		total.han += part.han;
		total.traditional += part.traditional;
		total.simplified += part.simplified;
	}
	name = text_script_name(&total);
	doc_set(&d->script, name, (size_t)-1);
}

/* ---- the publication date when the source gives none ------------------------------ */

/* Labels a date line may open with ("发布时间：2024-04-18 10:00"). */
static const char *const date_labels[] = {
	"发布时间", "發布時間", "發佈時間", "发表时间", "發表時間", "发布日期", "發布日期",
	"發佈日期", "更新时间", "更新時間", "日期", "时间", "時間", "published", "posted",
	"date", NULL
};

/* The longest line a date line can be (a label, a date, a time, a zone). */
#define DATE_LINE_MAX 64
/* A date more than a day after the fetch is not the publication. */
#define DATE_SKEW_MS ((int64_t)24 * 3600 * 1000)

/* s[0..n) without a leading date label and its colon. */
static const char *skip_date_label(const char *s, size_t *n)
{
	for (const char *const *l = date_labels; *l; l++) {
		size_t k = strlen(*l), pos;

		if (*n <= k || !ascii_starts_ci(s, *n, *l))
			continue;
		pos = k;
		pos = utf8_skip_space(s, *n, pos);
		if (pos < *n && (s[pos] == ':' || !strncmp(s + pos, "\xEF\xBC\x9A", 3)))
			pos += s[pos] == ':' ? 1 : 3; /* ':' or '：' */
		pos = utf8_skip_space(s, *n, pos);
		*n -= pos;
		return s + pos;
	}
	return s;
}

/*
 * A paragraph that is a date and nothing else (after a label): its time
 * in *ms.  A date without a time of day is that day (00:00 UTC, *day set);
 * a time without a zone is read as UTC+8, the zone of Chinese-language
 * desks (*assumed set).
 */
static int dated_line(const char *text, int64_t *ms, int *day, int *assumed)
{
	size_t n = strlen(text);
	const char *s = skip_date_label(text, &n);

	n = utf8_trim_space_end(s, n);
	if (!n || n > DATE_LINE_MAX || !(s[0] >= '0' && s[0] <= '9'))
		return 0;
	*day = !memchr(s, ':', n);
	if (*day)
		return datetime_parse_feed(s, n, NULL, ms, assumed) == DOSSIER_OK;
	return datetime_parse_feed(s, n, "Asia/Shanghai", ms, assumed) == DOSSIER_OK;
}

/*
 * A document whose source gives no date is dated, when it can be, by the
 * day its address names (/2004/08/29/, 2004_08_29) or by a line of its
 * own that is only a date, among the first three and the last two
 * paragraphs; each says where it came from.  Else the date stays unknown:
 * the time of fetching is never a publication date.
 */
static void date_when_undated(struct doc *d)
{
	int y, m, day, day_only, assumed;
	int64_t ms;

	if (d->published != DOC_TIME_NONE)
		return;
	if (d->url && url_date(d->url, &y, &m, &day)) {
		d->published = datetime_from_utc(y, m, day, 0, 0, 0, 0);
		d->flags |= DOC_F_DATE_FROM_URL | DOC_F_DATE_DAY;
		return;
	}
	for (size_t i = 0; i < d->n_paras; i++) {
		if (i >= 3 && i + 2 < d->n_paras)
			continue;
		if (!dated_line(d->paras[i].text, &ms, &day_only, &assumed))
			continue;
		if (d->fetched != DOC_TIME_NONE && ms > d->fetched + DATE_SKEW_MS)
			continue;
		d->published = ms;
		d->flags |= DOC_F_DATE_FROM_TEXT | (day_only ? DOC_F_DATE_DAY : 0) |
			    (assumed && !day_only ? DOC_F_ZONE_ASSUMED : 0);
		return;
	}
}

/* ---- the pipeline ---------------------------------------------------------------- */

/*
 * What ingest derives of every document: origin, clean fields, outlet,
 * date, script, hash, then extraction.  What extraction had to leave out
 * of a huge document is said in `problems` (may be NULL).
 */
static int finish_doc(const struct ingest_ctx *c, struct doc *d, const char *origin,
		      struct channel *ch, struct buf *problems)
{
	struct extract_notes left_out;
	char said[256];
	int rc = DOSSIER_OK;

	if (origin && !d->origin)
		rc = doc_set(&d->origin, origin, (size_t)-1);
	if (!rc) {
		doc_strip_controls(d);
		assign_source(c, d, ch);
		date_when_undated(d);
		detect_script(c, d);
		rc = text_doc_hash(c->text, d);
	}
	if (!rc)
		rc = extract_document_noting(c->extract, d, &left_out);
	if (!rc && problems) {
		extract_notes_describe(&left_out, said, sizeof said);
		if (*said)
			rc = buf_printf(problems, "%s%s\n", d->guid ? "an item: " : "", said);
	}
	return rc;
}

int ingest_refresh_doc(const struct ingest_ctx *c, struct doc *d)
{
	const unsigned guessed = DOC_F_DATE_FROM_FETCH | DOC_F_DATE_FROM_URL | DOC_F_DATE_FROM_TEXT;

	recheck_source(c, d);
	if (d->flags & guessed) {
		if (d->flags & (DOC_F_DATE_FROM_FETCH | DOC_F_DATE_FROM_TEXT))
			d->flags &= ~(unsigned)DOC_F_ZONE_ASSUMED;
		d->flags &= ~(guessed | DOC_F_DATE_DAY);
		d->published = DOC_TIME_NONE;
	}
	date_when_undated(d);
	return extract_document(c->extract, d);
}

/* Parses a one-document format into `d`. */
static int parse_one(enum ingest_format f, const char *data, size_t len,
		     const struct ingest_source *src, struct doc *d, struct err *e)
{
	switch (f) {
	case INGEST_FORMAT_RECORD:
		return record_parse(data, len, d, e);
	case INGEST_FORMAT_TEXT:
		return plaintext_parse(data, len, d, e);
	case INGEST_FORMAT_XML:
		return explain_xml(data, len, e);
	case INGEST_FORMAT_HTML:
		return page_parse(data, len, src->url, d, e);
	case INGEST_FORMAT_BINARY:
		return err_set(e, DOSSIER_EFORMAT, "binary file, not a document");
	default:
		return err_set(e, DOSSIER_EFORMAT, "unrecognised format");
	}
}

/* ---- feeds: one document per item ------------------------------------------------ */

struct item_run {
	struct ingest_ctx *c;
	const struct ingest_source *src;
	ingest_sink_fn sink;
	void *arg;
	size_t seq;
	const struct feed_info *fi; /* the channel, read before the items */
	struct channel ch;          /* filled from fi at the first item */
	struct buf *problems;       /* the file's notes */
};

/*
 * Finishes a feed item and passes it on.  An item without a link is told
 * apart from its siblings by its guid (or its place in the feed), since
 * the archive keeps one document per origin when there is no URL.
 */
static int item_to_sink(void *arg, struct doc **d, struct err *e)
{
	struct item_run *run = arg;
	int rc = DOSSIER_OK;

	run->seq++;
	if (!(*d)->url && !(*d)->origin && run->src->origin) {
		struct buf origin = BUF_INIT;

		if ((*d)->guid)
			rc = buf_printf(&origin, "%s#%s", run->src->origin, (*d)->guid);
		else
			rc = buf_printf(&origin, "%s#item-%zu", run->src->origin, run->seq);
		if (!rc)
			rc = doc_set(&(*d)->origin, origin.data, origin.len);
		buf_release(&origin);
		if (rc)
			return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	if (run->src->feed && !(*d)->feed && doc_set(&(*d)->feed, run->src->feed, (size_t)-1))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (run->seq == 1) {
		run->ch.title = run->fi->title;
		run->ch.site = run->fi->site;
		run->ch.feed = run->src->feed;
	}
	rc = finish_doc(run->c, *d, run->src->origin, &run->ch, run->problems);
	if (rc)
		return err_set(e, rc, "out of memory");
	return run->sink(run->arg, d, e);
}

static int ingest_feed(struct ingest_ctx *c, const char *data, size_t len,
		       const struct ingest_source *src, ingest_sink_fn sink, void *arg,
		       struct ingest_notes *notes, struct buf *problems, struct err *e)
{
	struct feed_info fi = { 0 };
	struct item_run run = { .c = c, .src = src, .sink = sink, .arg = arg, .fi = &fi,
				 .problems = problems };
	struct feed_opts o = {
		.base_url = src->url,
		.fetched = src->fetched != DOC_TIME_NONE ? src->fetched : datetime_now(),
		.feed = src->feed,
	};
	int rc = feed_parse(data, len, &o, item_to_sink, &run, &fi, e);

	if (notes) {
		notes->items = fi.items;
		notes->items_dropped = fi.dropped;
		notes->feed_title = fi.title;
		notes->feed_site = fi.site;
		fi.title = fi.site = NULL;
	}
	if (fi.problems.len && buf_add(problems, fi.problems.data, fi.problems.len))
		rc = rc ? rc : err_set(e, DOSSIER_ENOMEM, "out of memory");
	feed_info_release(&fi);
	return rc;
}

/* ---- the pipeline ---------------------------------------------------------------- */

void ingest_notes_release(struct ingest_notes *n)
{
	if (!n)
		return;
	free(n->feed_title);
	free(n->feed_site);
	free(n->problems);
	memset(n, 0, sizeof *n);
}

static void note_charset(struct ingest_notes *notes, const struct charset_result *cr,
			 struct buf *problems)
{
	if (cr->overruled[0])
		buf_printf(problems, "declared encoding %s contradicted by the bytes: read as %s\n",
			   cr->overruled, cr->name);
	if (!notes)
		return;
	notes->invalid_utf8 = cr->invalid;
	snprintf(notes->encoding, sizeof notes->encoding, "%s", cr->name);
	notes->encoding_from = cr->from;
	snprintf(notes->overruled, sizeof notes->overruled, "%s", cr->overruled);
}

/*
 * A one-document format's document gets what is known of where it came
 * from, then the common fields, then goes to the sink.
 */
static int deliver_one(struct ingest_ctx *c, struct doc **d, const struct ingest_source *src,
		       ingest_sink_fn sink, void *arg, struct buf *problems, struct err *e)
{
	int rc = DOSSIER_OK;

	if (src->url && !(*d)->url)
		rc = doc_set(&(*d)->url, src->url, (size_t)-1);
	/* A file's modification time is no fetch time for a page or a text:
	 * only what came over the network gets one. */
	if (!rc && src->url && src->fetched != DOC_TIME_NONE && (*d)->fetched == DOC_TIME_NONE)
		(*d)->fetched = src->fetched;
	if (!rc && src->feed && !(*d)->feed)
		rc = doc_set(&(*d)->feed, src->feed, (size_t)-1);
	if (!rc)
		rc = finish_doc(c, *d, src->origin, NULL, problems);
	if (rc)
		return err_set(e, rc, "%s", err_rc_str(rc));
	return sink(arg, d, e);
}

/* A PDF is read from its bytes; everything else is turned into UTF-8 first.
 * What its reading left out (pages past the cap) goes to `problems`. */
static int ingest_pdf(struct ingest_ctx *c, const char *data, size_t len,
		      const struct ingest_source *src, ingest_sink_fn sink, void *arg,
		      struct buf *problems, struct err *e)
{
	struct doc *d = doc_new();
	int rc = d ? pdf_parse_noting(data, len, d, problems, e)
		   : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = deliver_one(c, &d, src, sink, arg, problems, e);
	doc_free(d);
	return rc;
}

static int ingest_text(struct ingest_ctx *c, const struct buf *text,
		       const struct ingest_source *src, ingest_sink_fn sink, void *arg,
		       struct ingest_notes *notes, struct buf *problems, struct err *e)
{
	enum ingest_format f = ingest_detect(text->data, text->len);
	struct doc *d;
	int rc;

	if (notes)
		notes->format = f;
	if (f == INGEST_FORMAT_FEED)
		return ingest_feed(c, text->data, text->len, src, sink, arg, notes, problems, e);
	if (src->want_feed)
		return err_set(e, DOSSIER_EFORMAT, "not a feed: the address served %s",
			       f == INGEST_FORMAT_HTML ? "an HTML page" : ingest_format_name(f));
	d = doc_new();
	if (!d)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = parse_one(f, text->data, text->len, src, d, e);
	if (!rc)
		rc = deliver_one(c, &d, src, sink, arg, problems, e);
	doc_free(d);
	return rc;
}

int ingest_source_buffer(struct ingest_ctx *c, const char *data, size_t len,
			 const struct ingest_source *src, ingest_sink_fn sink,
			 void *arg, struct ingest_notes *notes, struct err *e)
{
	struct buf text = BUF_INIT, problems = BUF_INIT;
	struct charset_result cr;
	int rc;

	if (notes)
		memset(notes, 0, sizeof *notes);
	if (!len)
		return err_set(e, DOSSIER_EEMPTY, "empty file");
	if (pdf_sniff(data, len)) {
		if (notes)
			notes->format = INGEST_FORMAT_PDF;
		if (src->want_feed)
			return err_set(e, DOSSIER_EFORMAT, "not a feed: the address served a PDF");
		rc = ingest_pdf(c, data, len, src, sink, arg, &problems, e);
		goto done;
	}
	/* Binary data is refused before any attempt to read it as text. */
	if (looks_binary(data, len) && !has_prefix(data, len, "\xFF\xFE", 2) &&
	    !has_prefix(data, len, "\xFE\xFF", 2))
		return err_set(e, DOSSIER_EFORMAT, "binary file, not a document");
	rc = charset_to_utf8(data, len, src->content_type, &text, &cr, e);
	if (!rc) {
		size_t codes = 0;

		note_charset(notes, &cr, &problems);
		/* Escape sequences go whole before a parser drops their ESC
		 * and keeps "[31m" as text. */
		text.len = doc_strip_terminal_codes(text.data, &codes);
		if (codes)
			buf_printf(&problems, "%zu terminal control sequence%s removed\n", codes,
				   codes == 1 ? "" : "s");
		if (utf8_skip_space(text.data, text.len, 0) == text.len)
			rc = err_set(e, DOSSIER_EEMPTY, "empty file (only white space)");
	}
	if (!rc)
		rc = ingest_text(c, &text, src, sink, arg, notes, &problems, e);
done:
	if (notes && problems.len)
		notes->problems = buf_detach(&problems);
	buf_release(&problems);
	buf_release(&text);
	return rc;
}

int ingest_buffer(struct ingest_ctx *c, const char *data, size_t len,
		  const char *origin, ingest_sink_fn sink, void *arg,
		  struct ingest_notes *notes, struct err *e)
{
	struct ingest_source src = { .origin = origin, .fetched = DOC_TIME_NONE };

	return ingest_source_buffer(c, data, len, &src, sink, arg, notes, e);
}

/* Reads a whole regular file of at most INGEST_MAX_FILE bytes. */
static int read_file(const char *path, struct buf *out, int64_t *mtime, struct err *e)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int rc = DOSSIER_OK;

	if (fd < 0)
		return err_set(e, DOSSIER_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st)) {
		rc = err_set(e, DOSSIER_EIO, "cannot stat: %s", strerror(errno));
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = err_set(e, DOSSIER_EIO, "is a directory");
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = err_set(e, DOSSIER_EFORMAT, "not a regular file");
		goto done;
	}
	*mtime = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
	if ((uintmax_t)st.st_size > INGEST_MAX_FILE) {
		rc = err_set(e, DOSSIER_ETOOBIG, "file too large: %jd MiB (limit %zu MiB)",
			     (intmax_t)st.st_size >> 20, INGEST_MAX_FILE >> 20);
		goto done;
	}
	buf_init(out, INGEST_MAX_FILE);
	if (buf_grow(out, (size_t)st.st_size)) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, DOSSIER_EIO, "read failed: %s", strerror(errno));
			break;
		}
		if (!n)
			break;
		if (buf_add(out, chunk, (size_t)n)) {
			rc = err_set(e, DOSSIER_ETOOBIG, "file grew past %zu MiB while read",
				     INGEST_MAX_FILE >> 20);
			break;
		}
	}
done:
	close(fd);
	return rc;
}

int ingest_file(struct ingest_ctx *c, const char *path, ingest_sink_fn sink,
		void *arg, struct ingest_notes *notes, struct err *e)
{
	struct buf data = BUF_INIT;
	char *abs = realpath(path, NULL);
	/* A saved file was "fetched" when it was written: feed items that
	 * carry no date of their own get that time. */
	struct ingest_source src = { .origin = abs ? abs : path, .fetched = DOC_TIME_NONE };
	int rc;

	/* The caller releases `notes` whatever happens, read error or not. */
	if (notes)
		memset(notes, 0, sizeof *notes);
	rc = read_file(path, &data, &src.fetched, e);
	if (!rc)
		rc = ingest_source_buffer(c, data.data, data.len, &src, sink, arg, notes, e);
	buf_release(&data);
	free(abs);
	return rc;
}
