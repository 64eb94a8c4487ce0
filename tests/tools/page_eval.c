/*
 * page_eval — how well page_parse() finds the article in whole pages.
 *
 *	page_eval [--pages DIR] [--min-f1 0.9] [--show] [--baseline] GOLD...
 *
 * Each GOLD file names a page and says what should come out of it:
 *
 *	page: 01-austin-li-shangfu.html    (relative to --pages, else to GOLD's folder)
 *	title: 奧斯汀與李尚福僅握手未會談
 *	date: 2023-06-03T02:05:00Z          (or "none")
 *	encoding: GB18030                   (how to read the page for xpath:)
 *	expect: empty                       (the page has no article text)
 *	xpath: //div[@id='Content']/p       (each node's text is a gold paragraph)
 *	---
 *	gold paragraphs, one per line (when there is no xpath)
 *
 * The page goes through the whole ingest pipeline (ingest_file), so
 * encoding detection and format sniffing count too.  The body text is
 * compared with the gold as bags of tokens — each CJK character one
 * token, each run of Latin letters or digits one token, punctuation
 * ignored — giving precision, recall and F1 per page.  Prints a Markdown
 * table and the means; exits 1 when a page's F1 is below --min-f1, its
 * title or date is wrong, or an expected error did not happen.
 *
 * --baseline scores what the page's whole <body> gives through
 * html_body_to_doc() with no main-content detection (title and date not
 * judged): the floor the extraction is measured against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "core/utf8.h"
#include "ingest/ingest.h"
#include "ingest/ingest_int.h"
#include "text/text.h"

struct gold {
	char page[1024];
	char title[1024];
	char date[64];
	char encoding[64];
	char xpath[1024];
	int expect_empty;
	struct buf text; /* paragraphs, '\n'-separated */
};

/* ---- tokens --------------------------------------------------------------- */

struct bag {
	char **tok;
	size_t n, cap;
};

static int is_cjk_letter(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_word_char(int32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F) ||
	       (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
	       (cp >= 0xFF41 && cp <= 0xFF5A);
}

static void bag_add(struct bag *b, const char *s, size_t n)
{
	char *t = malloc(n + 1);

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->tok = realloc(b->tok, b->cap * sizeof *b->tok);
	}
	if (!t || !b->tok) {
		fprintf(stderr, "page_eval: out of memory\n");
		exit(2);
	}
	for (size_t i = 0; i < n; i++)
		t[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	t[n] = '\0';
	b->tok[b->n++] = t;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bag_fill(struct bag *b, const char *s)
{
	size_t n = strlen(s), pos = 0, word = (size_t)-1;

	while (pos <= n) {
		size_t at = pos;
		int32_t cp = pos < n ? utf8_next(s, n, &pos) : -1;

		if (pos == at)
			pos++;
		if (cp >= 0 && is_word_char(cp)) {
			if (word == (size_t)-1)
				word = at;
			continue;
		}
		if (word != (size_t)-1) {
			bag_add(b, s + word, at - word);
			word = (size_t)-1;
		}
		if (cp >= 0 && is_cjk_letter(cp))
			bag_add(b, s + at, pos - at);
	}
	qsort(b->tok, b->n, sizeof *b->tok, cmp_str);
}

static void bag_free(struct bag *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->tok[i]);
	free(b->tok);
}

/* Tokens the two bags share, counted with multiplicity. */
static size_t bag_overlap(const struct bag *a, const struct bag *b)
{
	size_t i = 0, j = 0, common = 0;

	while (i < a->n && j < b->n) {
		int c = strcmp(a->tok[i], b->tok[j]);

		if (!c) {
			common++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return common;
}

/* ---- gold files --------------------------------------------------------------- */

static void field(char *dst, size_t size, const char *line, const char *key)
{
	size_t k = strlen(key);

	if (strncmp(line, key, k))
		return;
	line += k;
	while (*line == ' ')
		line++;
	snprintf(dst, size, "%s", line);
}

static int read_gold(const char *path, struct gold *g)
{
	FILE *f = fopen(path, "r");
	char line[65536];
	int body = 0;

	memset(g, 0, sizeof *g);
	buf_init(&g->text, 0);
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (body) {
			buf_adds(&g->text, line);
			buf_addc(&g->text, '\n');
			continue;
		}
		if (line[0] == '#')
			continue;
		if (!strcmp(line, "---")) {
			body = 1;
			continue;
		}
		field(g->page, sizeof g->page, line, "page:");
		field(g->title, sizeof g->title, line, "title:");
		field(g->date, sizeof g->date, line, "date:");
		field(g->encoding, sizeof g->encoding, line, "encoding:");
		field(g->xpath, sizeof g->xpath, line, "xpath:");
		if (!strncmp(line, "expect:", 7) && strstr(line, "empty"))
			g->expect_empty = 1;
	}
	fclose(f);
	return 0;
}

/* Gold paragraphs from the page itself: the text of each node `xpath` selects. */
static int gold_from_xpath(struct gold *g, const char *page_path)
{
	htmlDocPtr doc = htmlReadFile(page_path, g->encoding[0] ? g->encoding : "UTF-8",
				      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				      HTML_PARSE_IGNORE_ENC);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr res;
	int found = 0;

	if (!doc)
		return -1;
	ctx = xmlXPathNewContext(doc);
	res = ctx ? xmlXPathEvalExpression((const xmlChar *)g->xpath, ctx) : NULL;
	if (res && res->nodesetval) {
		for (int i = 0; i < res->nodesetval->nodeNr; i++) {
			xmlChar *t = xmlNodeGetContent(res->nodesetval->nodeTab[i]);

			if (t) {
				buf_adds(&g->text, (const char *)t);
				buf_addc(&g->text, '\n');
				xmlFree(t);
				found++;
			}
		}
	}
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return found ? 0 : -1;
}

/* ---- running the pipeline --------------------------------------------------------- */

/* The whole body of the page at `path`, decoded, as html_body_to_doc reads it. */
static int baseline_doc(const char *path, struct doc **out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct buf raw = BUF_INIT, text = BUF_INIT;
	struct charset_result cr;
	char chunk[65536];
	size_t n;
	int rc;

	*out = doc_new();
	if (!f || !*out)
		return err_set(e, DOSSIER_EIO, "cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&raw, chunk, n);
	fclose(f);
	rc = charset_to_utf8(raw.data, raw.len, NULL, &text, &cr, e);
	if (!rc)
		rc = html_body_to_doc(text.data, text.len, NULL, *out, NULL, e);
	buf_release(&raw);
	buf_release(&text);
	return rc;
}

static int keep_doc(void *arg, struct doc **d, struct err *e)
{
	struct doc **out = arg;

	(void)e;
	if (!*out) {
		*out = *d;
		*d = NULL;
	}
	return DOSSIER_OK;
}

int main(int argc, char **argv)
{
	const char *pages = NULL, *data = getenv("DOSSIER_DATA");
	double min_f1 = 0.9, sum_p = 0, sum_r = 0, sum_f = 0;
	int show = 0, baseline = 0, failed = 0, scored = 0;
	struct text_ctx *text = NULL;
	struct ingest_ctx *ic = NULL;
	struct err e = { 0 };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--pages") && i + 1 < argc)
			pages = argv[++i];
		else if (!strcmp(argv[i], "--min-f1") && i + 1 < argc)
			min_f1 = atof(argv[++i]);
		else if (!strcmp(argv[i], "--show"))
			show = 1;
		else if (!strcmp(argv[i], "--baseline"))
			baseline = 1;
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: page_eval [--pages DIR] [--min-f1 F] [--show] [--baseline] GOLD...\n");
		return 2;
	}
	if (text_ctx_new(&text, &e) ||
	    ingest_ctx_new(&ic, data ? data : "data", text, &e)) {
		fprintf(stderr, "page_eval: %s\n", e.msg);
		return 2;
	}
	printf("| page | P | R | F1 | title | date |\n| --- | --- | --- | --- | --- | --- |\n");
	for (; i < argc; i++) {
		struct gold g;
		char path[4096], date[DATETIME_ISO_MAX] = "none";
		struct doc *d = NULL;
		struct bag gb = { 0 }, xb = { 0 };
		const char *slash = strrchr(argv[i], '/');
		char *body = NULL;
		int rc, title_ok, date_ok;

		if (read_gold(argv[i], &g)) {
			fprintf(stderr, "page_eval: cannot read %s\n", argv[i]);
			failed++;
			continue;
		}
		if (pages)
			snprintf(path, sizeof path, "%s/%s", pages, g.page);
		else
			snprintf(path, sizeof path, "%.*s/%s",
				 slash ? (int)(slash - argv[i]) : 1, slash ? argv[i] : ".", g.page);
		if (g.xpath[0] && gold_from_xpath(&g, path)) {
			fprintf(stderr, "page_eval: %s: xpath selects nothing in %s\n", argv[i], path);
			failed++;
			buf_release(&g.text);
			continue;
		}
		err_clear(&e);
		if (baseline && g.expect_empty) {
			buf_release(&g.text);
			continue;
		}
		rc = baseline ? baseline_doc(path, &d, &e)
			      : ingest_file(ic, path, keep_doc, &d, NULL, &e);
		if (g.expect_empty) {
			int ok = rc == DOSSIER_EEMPTY;

			printf("| %s | – | – | – | %s | (%s) |\n", g.page,
			       ok ? "refused ok" : "NOT REFUSED", ok ? e.msg : "no error");
			failed += !ok;
			doc_free(d);
			buf_release(&g.text);
			continue;
		}
		if (rc || !d) {
			printf("| %s | 0 | 0 | 0 | FAILED | %s |\n", g.page, e.msg);
			failed++;
			buf_release(&g.text);
			doc_free(d);
			continue;
		}
		body = doc_text(d);
		bag_fill(&gb, g.text.data);
		bag_fill(&xb, body ? body : "");
		{
			size_t common = bag_overlap(&gb, &xb);
			double p = xb.n ? (double)common / (double)xb.n : 0;
			double r = gb.n ? (double)common / (double)gb.n : 0;
			double f = p + r > 0 ? 2 * p * r / (p + r) : 0;

			if (d->published != DOC_TIME_NONE)
				datetime_format_iso(d->published, date);
			title_ok = baseline || (d->title && !strcmp(d->title, g.title));
			date_ok = baseline || !strcmp(date, g.date[0] ? g.date : "none");
			printf("| %s | %.3f | %.3f | %.3f | %s | %s |\n", g.page, p, r, f,
			       baseline ? "–" : title_ok ? "ok" : "WRONG",
			       baseline ? "–" : date_ok ? "ok" : "WRONG");
			if (!title_ok)
				fprintf(stderr, "%s: title %s, expected %s\n", g.page,
					d->title ? d->title : "(none)", g.title);
			if (!date_ok)
				fprintf(stderr, "%s: date %s, expected %s\n", g.page, date,
					g.date[0] ? g.date : "none");
			if (f < min_f1 || !title_ok || !date_ok)
				failed++;
			sum_p += p, sum_r += r, sum_f += f;
			scored++;
		}
		if (show)
			fprintf(stderr, "---- %s\n%s\n", g.page, body ? body : "");
		free(body);
		bag_free(&gb);
		bag_free(&xb);
		buf_release(&g.text);
		doc_free(d);
	}
	if (scored)
		printf("| **mean** (%d pages) | %.3f | %.3f | %.3f | | |\n", scored,
		       sum_p / scored, sum_r / scored, sum_f / scored);
	ingest_ctx_free(ic);
	text_ctx_free(text);
	return failed ? 1 : 0;
}
