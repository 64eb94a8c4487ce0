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
#include "core/utf8.h"
#include "extract/extract.h"
#include "ingest/ingest_int.h"
#include "text/text.h"

/* ---- the outlet table (data/sources.tsv) --------------------------------- */

struct outlet {
	char *host;      /* host suffix, "" when only markers identify it */
	char *name;
	char **markers;
	size_t n_markers;
};

struct ingest_ctx {
	const struct text_ctx *text;
	struct outlet *outlets;
	size_t n_outlets;
	struct extract_ctx *extract; /* gazetteer and name patterns, loaded once */
};

static void outlet_release(struct outlet *o)
{
	free(o->host);
	free(o->name);
	for (size_t i = 0; i < o->n_markers; i++)
		free(o->markers[i]);
	free(o->markers);
}

/* Splits "a,b,c" into o->markers. */
static int outlet_set_markers(struct outlet *o, const char *list)
{
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char **grown;

		if (n) {
			grown = realloc(o->markers, (o->n_markers + 1) * sizeof *grown);
			if (!grown)
				return DOSSIER_ENOMEM;
			o->markers = grown;
			o->markers[o->n_markers] = strndup(p, n);
			if (!o->markers[o->n_markers])
				return DOSSIER_ENOMEM;
			o->n_markers++;
		}
		p += n + (comma != NULL);
	}
	return DOSSIER_OK;
}

/* Parses one "host<TAB>name<TAB>markers" line into `o`. */
static int outlet_parse(struct outlet *o, char *line)
{
	char *name = strchr(line, '\t'), *markers;

	memset(o, 0, sizeof *o);
	if (!name)
		return DOSSIER_EPARSE;
	*name++ = '\0';
	markers = strchr(name, '\t');
	if (markers)
		*markers++ = '\0';
	if (!*name)
		return DOSSIER_EPARSE;
	o->host = strdup(line);
	o->name = strdup(name);
	if (!o->host || !o->name)
		return DOSSIER_ENOMEM;
	return markers ? outlet_set_markers(o, markers) : DOSSIER_OK;
}

static int load_outlets(struct ingest_ctx *c, const char *data_dir, struct err *e)
{
	char path[PATH_MAX], line[4096];
	FILE *f;
	int lineno = 0, rc = DOSSIER_OK;

	snprintf(path, sizeof path, "%s/sources.tsv", data_dir);
	f = fopen(path, "r");
	if (!f)
		return err_set(e, DOSSIER_EIO, "cannot read %s: %s", path, strerror(errno));
	while (!rc && fgets(line, sizeof line, f)) {
		struct outlet *grown;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		grown = realloc(c->outlets, (c->n_outlets + 1) * sizeof *grown);
		if (!grown) {
			rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		c->outlets = grown;
		rc = outlet_parse(&c->outlets[c->n_outlets], line);
		c->n_outlets++;
		if (rc)
			err_set(e, rc, "%s:%d: expected host<TAB>name<TAB>markers",
				path, lineno);
	}
	fclose(f);
	return rc;
}

int ingest_ctx_new(struct ingest_ctx **out, const char *data_dir,
		   const struct text_ctx *text, struct err *e)
{
	struct ingest_ctx *c = calloc(1, sizeof *c);
	int rc;

	*out = NULL;
	if (!c)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	c->text = text;
	/* libxml2 wants its global set-up done once before threads parse. */
	xmlInitParser();
	rc = load_outlets(c, data_dir, e);
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
	for (size_t i = 0; i < c->n_outlets; i++)
		outlet_release(&c->outlets[i]);
	free(c->outlets);
	extract_ctx_free(c->extract);
	free(c);
}

/* ---- outlet detection ---------------------------------------------------- */

/* The host of an absolute URL, lower-cased, in `out`; "" when none. */
static void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *end;
	size_t n;

	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "/?#:");
	{
		const char *at = memchr(p, '@', (size_t)(end - p));

		if (at)
			p = at + 1;
	}
	n = (size_t)(end - p);
	if (n >= size)
		return;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];

		out[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	out[n] = '\0';
}

/* True when `host` is `suffix` or ends with "." + suffix. */
static int host_matches(const char *host, const char *suffix)
{
	size_t h = strlen(host), s = strlen(suffix);

	if (!s || s > h || strcmp(host + h - s, suffix))
		return 0;
	return h == s || host[h - s - 1] == '.';
}

static const struct outlet *outlet_by_host(const struct ingest_ctx *c, const char *url)
{
	const struct outlet *best = NULL;
	char host[256];

	url_host(url, host, sizeof host);
	if (!host[0])
		return NULL;
	for (size_t i = 0; i < c->n_outlets; i++) {
		const struct outlet *o = &c->outlets[i];

		if (host_matches(host, o->host) &&
		    (!best || strlen(o->host) > strlen(best->host)))
			best = o;
	}
	return best;
}

static const struct outlet *outlet_by_marker(const struct ingest_ctx *c,
					     const char *text)
{
	const struct outlet *best = NULL;
	const char *best_at = NULL;

	/* The earliest marker wins: the outlet's own dateline comes first, a
	 * quoted outlet ("據德國之聲報導") later. */
	for (size_t i = 0; i < c->n_outlets; i++) {
		for (size_t j = 0; j < c->outlets[i].n_markers; j++) {
			const char *at = strstr(text, c->outlets[i].markers[j]);

			if (at && (!best_at || at < best_at)) {
				best = &c->outlets[i];
				best_at = at;
			}
		}
	}
	return best;
}

void ingest_detect_source(const struct ingest_ctx *c, struct doc *d)
{
	const struct outlet *o = d->url ? outlet_by_host(c, d->url) : NULL;

	if (!o && d->n_paras) {
		/* Datelines open an article; publisher notes close it. */
		size_t last = d->n_paras - 1;

		o = outlet_by_marker(c, d->paras[0].text);
		if (!o && d->title)
			o = outlet_by_marker(c, d->title);
		for (size_t i = last; !o && i + 3 > last && i > 0; i--)
			o = outlet_by_marker(c, d->paras[i].text);
	}
	if (!o && d->source) {
		/* A parser's outlet name may be one of the table's markers
		 * (观澜政策研究院 for 觀瀾政策研究院): use the table's name. */
		char *name = ingest_outlet_name(c, d->source);

		if (name) {
			free(d->source);
			d->source = name;
		}
		return;
	}
	if (o)
		doc_set(&d->source, o->name, (size_t)-1);
	else if (!d->source && d->url) {
		char host[256];

		url_host(d->url, host, sizeof host);
		if (host[0])
			doc_set(&d->source, strncmp(host, "www.", 4) ? host : host + 4,
				(size_t)-1);
	}
}

char *ingest_outlet_name(const struct ingest_ctx *c, const char *given)
{
	for (size_t i = 0; i < c->n_outlets; i++) {
		const struct outlet *o = &c->outlets[i];
		int match = !strcasecmp(o->name, given) || (*o->host && !strcasecmp(o->host, given));

		for (size_t j = 0; j < o->n_markers && !match; j++)
			match = !strcasecmp(o->markers[j], given);
		if (match)
			return strdup(o->name);
	}
	return NULL;
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

static int finish_doc(const struct ingest_ctx *c, struct doc *d, const char *origin)
{
	int rc = DOSSIER_OK;

	if (origin && !d->origin)
		rc = doc_set(&d->origin, origin, (size_t)-1);
	if (!rc) {
		ingest_detect_source(c, d);
		detect_script(c, d);
		rc = text_doc_hash(c->text, d);
	}
	if (!rc)
		rc = extract_document(c->extract, d);
	return rc;
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
	rc = finish_doc(run->c, *d, run->src->origin);
	if (rc)
		return err_set(e, rc, "out of memory");
	return run->sink(run->arg, d, e);
}

static int ingest_feed(struct ingest_ctx *c, const char *data, size_t len,
		       const struct ingest_source *src, ingest_sink_fn sink, void *arg,
		       struct ingest_notes *notes, struct buf *problems, struct err *e)
{
	struct item_run run = { c, src, sink, arg, 0 };
	struct feed_opts o = {
		.base_url = src->url,
		.fetched = src->fetched != DOC_TIME_NONE ? src->fetched : datetime_now(),
		.feed = src->feed,
	};
	struct feed_info fi = { 0 };
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
		       ingest_sink_fn sink, void *arg, struct err *e)
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
		rc = finish_doc(c, *d, src->origin);
	if (rc)
		return err_set(e, rc, "%s", err_rc_str(rc));
	return sink(arg, d, e);
}

/* A PDF is read from its bytes; everything else is turned into UTF-8 first. */
static int ingest_pdf(struct ingest_ctx *c, const char *data, size_t len,
		      const struct ingest_source *src, ingest_sink_fn sink, void *arg,
		      struct err *e)
{
	struct doc *d = doc_new();
	int rc = d ? pdf_parse(data, len, d, e) : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc)
		rc = deliver_one(c, &d, src, sink, arg, e);
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
		rc = deliver_one(c, &d, src, sink, arg, e);
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
		return ingest_pdf(c, data, len, src, sink, arg, e);
	}
	/* Binary data is refused before any attempt to read it as text. */
	if (looks_binary(data, len) && !has_prefix(data, len, "\xFF\xFE", 2) &&
	    !has_prefix(data, len, "\xFE\xFF", 2))
		return err_set(e, DOSSIER_EFORMAT, "binary file, not a document");
	rc = charset_to_utf8(data, len, src->content_type, &text, &cr, e);
	if (!rc) {
		note_charset(notes, &cr, &problems);
		if (utf8_skip_space(text.data, text.len, 0) == text.len)
			rc = err_set(e, DOSSIER_EEMPTY, "empty file (only white space)");
	}
	if (!rc)
		rc = ingest_text(c, &text, src, sink, arg, notes, &problems, e);
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
