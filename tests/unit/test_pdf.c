/*
 * Unit tests for src/ingest/pdf.c: page numbers, running headers and
 * footers, and joining lines into paragraphs, on synthetic pages (lines
 * with positions, as pdf_parse() measures them); and the refusals of
 * pdf_parse() on bytes that are no readable PDF; the page cap, the
 * reader's answer, and reading through the dossier command's reader
 * (pdf_reader.c) or a program that is no reader.  Whole PDFs made with
 * cairo are tested in tests/cli/pdf.sh, hostile ones in
 * tests/cli/pdf_hostile.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest.h"
#include "ingest/ingest_int.h"

/* ---- page numbers ------------------------------------------------------- */

static int pn(const char *s)
{
	return pdf_is_page_number(s, strlen(s));
}

static void test_page_numbers(void **state)
{
	(void)state;
	assert_true(pn("3"));
	assert_true(pn("12"));
	assert_true(pn("- 3 -"));
	assert_true(pn("— 12 —"));
	assert_true(pn("3/10"));
	assert_true(pn("3 / 10"));
	assert_true(pn("Page 3"));
	assert_true(pn("page 3 of 10"));
	assert_true(pn("p. 7"));
	assert_true(pn("第3頁"));
	assert_true(pn("第 3 頁，共 10 頁"));
	assert_true(pn("第三页"));
	assert_true(pn("第3页/共10页"));
	assert_true(pn("iv"));
	assert_true(pn("１２"));
	assert_false(pn(""));
	assert_false(pn("第3期"));
	assert_false(pn("3月"));
	assert_false(pn("2024年5月31日"));
	assert_false(pn("Pages of history"));
	assert_false(pn("美中防務對話"));
	assert_false(pn("3 10 2024 x"));
	assert_false(pn("vivid"));
}

/* ---- synthetic pages -------------------------------------------------------- */

#define BODY_LEFT 72.0
#define BODY_RIGHT 523.0
#define SIZE 11.0
#define PITCH 18.7
#define CJK_W 11.0 /* one CJK character at 11 pt */

static struct pdf_line *lines;
static size_t n_lines;

static int setup(void **state)
{
	(void)state;
	lines = calloc(256, sizeof *lines);
	n_lines = 0;
	return lines ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(lines);
	return 0;
}

/* Adds a line; its width is its CJK character count (Latin counts half). */
static struct pdf_line *line_at(int page, double x0, double y, double size,
				const char *text)
{
	struct pdf_line *l = &lines[n_lines++];
	size_t chars = 0, half = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p < 0x80)
			half++;
	}
	memset(l, 0, sizeof *l);
	l->text = text;
	l->len = strlen(text);
	l->page = page;
	l->x0 = x0;
	l->x1 = x0 + ((double)(chars - half) + (double)half / 2) * size;
	l->y = y;
	l->size = size;
	l->lead = (text[0] & 0x80) ? size : size * 2.5;
	return l;
}

/* A full body line: it reaches the right margin. */
static struct pdf_line *full(int page, double y, const char *text)
{
	struct pdf_line *l = line_at(page, BODY_LEFT, y, SIZE, text);

	l->x1 = BODY_RIGHT - 2;
	return l;
}

static char *joined(void)
{
	struct buf out = BUF_INIT;

	assert_int_equal(pdf_lines_to_text(lines, n_lines, &out), DOSSIER_OK);
	return buf_detach(&out);
}

/* Three pages, each with a header, a footer with a page number, body. */
static void three_pages(void)
{
	static const char *footers[] = { "第 1 頁，共 3 頁", "第 2 頁，共 3 頁", "第 3 頁，共 3 頁" };
	static const char *headers[] = { "海嶼評論 第 27 期", "海嶼評論 第 27 期", "海嶼評論 第 27 期" };

	for (int p = 0; p < 3; p++) {
		line_at(p, BODY_LEFT, 54, 9, headers[p]);
		full(p, 120, p == 0 ? "第一段的第一行，寫到頁尾還沒有結束，句子要" :
			     p == 1 ? "繼續寫下去的第二段，到這一頁的最後一行也還" :
				      "第三頁的第一段從頁首開始，並在這裡");
		line_at(p, BODY_LEFT, 120 + PITCH, SIZE,
			p == 0 ? "在下一行結束。" : p == 1 ? "沒有寫完，" : "結束。");
		full(p, 120 + 2 * PITCH + 8, p == 0 ? "第二段從這裡開始，一直寫到這一頁的底部，" :
					      p == 1 ? "這一頁的最後一段寫到底部，而且句子還沒有" :
						       "最後一段也寫到了右邊界，然後");
		line_at(p, BODY_LEFT, 806, 9, footers[p]);
	}
}

static void test_furniture(void **state)
{
	(void)state;
	three_pages();
	pdf_mark_furniture(lines, n_lines, 3);
	for (size_t i = 0; i < n_lines; i++) {
		int furniture = lines[i].y < 60 || lines[i].y > 800;

		assert_int_equal(lines[i].drop, furniture);
	}
}

/* One page: no running header can be told, but a page number can. */
static void test_furniture_one_page(void **state)
{
	(void)state;
	line_at(0, BODY_LEFT, 54, 9, "海嶼評論");
	full(0, 120, "只有一頁的文件，第一行寫滿了整行的寬度，");
	line_at(0, BODY_LEFT, 120 + PITCH, SIZE, "第二行結束。");
	line_at(0, 290, 806, 9, "- 1 -");
	pdf_mark_furniture(lines, n_lines, 1);
	assert_false(lines[0].drop);
	assert_false(lines[1].drop);
	assert_false(lines[2].drop);
	assert_true(lines[3].drop);
}

/* A line at the top of two pages out of five, elsewhere: body text. */
static void test_furniture_needs_most_pages(void **state)
{
	(void)state;
	for (int p = 0; p < 5; p++) {
		line_at(p, BODY_LEFT, 54, 9, p < 2 ? "只出現兩次的一行" : "另一行文字");
		full(p, 120, "正文的一行寫滿了整行，");
		line_at(p, BODY_LEFT, 120 + PITCH, SIZE, "結束。");
	}
	/* "另一行文字" is on three pages of five: a header */
	pdf_mark_furniture(lines, n_lines, 5);
	assert_false(lines[0].drop);
	assert_false(lines[3].drop);
	assert_true(lines[6].drop);
	assert_true(lines[9].drop);
	assert_true(lines[12].drop);
}

/* Same text at another height (the title under a header repeating it). */
static void test_furniture_same_text_other_height(void **state)
{
	(void)state;
	for (int p = 0; p < 3; p++) {
		line_at(p, BODY_LEFT, 54, 9, "美中防務對話的重啟");
		if (!p)
			line_at(p, 150, 100, 18, "美中防務對話的重啟");
		full(p, 140, "正文的一行寫滿了整行，");
		line_at(p, BODY_LEFT, 140 + PITCH, SIZE, "結束。");
	}
	pdf_mark_furniture(lines, n_lines, 3);
	assert_true(lines[0].drop);
	assert_false(lines[1].drop); /* the title stays */
}

static void test_join_across_pages(void **state)
{
	char *text;

	(void)state;
	three_pages();
	pdf_mark_furniture(lines, n_lines, 3);
	text = joined();
	assert_string_equal(text,
		"第一段的第一行，寫到頁尾還沒有結束，句子要在下一行結束。\n\n"
		"第二段從這裡開始，一直寫到這一頁的底部，繼續寫下去的第二段，到這一頁的最後一行也還沒有寫完，\n\n"
		"這一頁的最後一段寫到底部，而且句子還沒有第三頁的第一段從頁首開始，並在這裡結束。\n\n"
		"最後一段也寫到了右邊界，然後\n");
	free(text);
}

static void test_join_latin_space(void **state)
{
	char *text;

	(void)state;
	full(0, 100, "美國國防部長 Lloyd");
	line_at(0, BODY_LEFT, 100 + PITCH, SIZE, "Austin 與董軍會面。");
	full(0, 100 + 2 * PITCH + 8, "會談在 Shangri-");
	line_at(0, BODY_LEFT, 100 + 3 * PITCH + 8, SIZE, "La 舉行。");
	text = joined();
	assert_string_equal(text, "美國國防部長 Lloyd Austin 與董軍會面。\n\n會談在 Shangri-La 舉行。\n");
	free(text);
}

/* A short line whose next word would have fitted ends the paragraph. */
static void test_short_line_breaks(void **state)
{
	char *text;

	(void)state;
	full(0, 100, "這一段有兩行，第一行寫滿了整行的寬度，");
	line_at(0, BODY_LEFT, 100 + PITCH, SIZE, "第二行很短");
	line_at(0, BODY_LEFT, 100 + 2 * PITCH, SIZE, "下一段緊接著開始，沒有空行。");
	text = joined();
	assert_string_equal(text, "這一段有兩行，第一行寫滿了整行的寬度，第二行很短\n\n"
				  "下一段緊接著開始，沒有空行。\n");
	free(text);
}

/* Indented first lines mark paragraphs when there is no space between. */
static void test_indent_breaks(void **state)
{
	char *text;

	(void)state;
	line_at(0, BODY_LEFT + 2 * CJK_W, 100, SIZE, "第一段縮排兩個字，")->x1 = BODY_RIGHT - 2;
	full(0, 100 + PITCH, "然後寫滿第二行，");
	line_at(0, BODY_LEFT, 100 + 2 * PITCH, SIZE, "結束。");
	line_at(0, BODY_LEFT + 2 * CJK_W, 100 + 3 * PITCH, SIZE, "第二段也縮排。");
	text = joined();
	assert_string_equal(text, "第一段縮排兩個字，然後寫滿第二行，結束。\n\n第二段也縮排。\n");
	free(text);
}

/* A heading in a larger size is its own paragraph, even when long. */
static void test_size_change_breaks(void **state)
{
	char *text;

	(void)state;
	line_at(0, BODY_LEFT, 100, 13, "重啟的步驟")->x1 = BODY_RIGHT;
	full(0, 100 + PITCH + 4, "正文從這裡開始，寫滿了一整行，");
	line_at(0, BODY_LEFT, 100 + 2 * PITCH + 4, SIZE, "結束。");
	text = joined();
	assert_string_equal(text, "重啟的步驟\n\n正文從這裡開始，寫滿了一整行，結束。\n");
	free(text);
}

/* A title set centred in two lines is one paragraph; a byline under it
 * in the same size, centred and short, is another. */
static void test_centred_lines(void **state)
{
	char *text;

	(void)state;
	line_at(0, BODY_LEFT + 1, 100, 18, "從香格里拉到五角大廈：美中兩軍")->x1 = BODY_RIGHT - 1;
	line_at(0, 225, 128, 18, "溝通的重建")->x1 = 370;
	line_at(0, 270, 156, 18, "林文彥")->x1 = 324;
	full(0, 200, "正文從這裡開始，寫滿了一整行，");
	line_at(0, BODY_LEFT, 200 + PITCH, SIZE, "結束。");
	text = joined();
	assert_string_equal(text, "從香格里拉到五角大廈：美中兩軍溝通的重建\n\n林文彥\n\n"
				  "正文從這裡開始，寫滿了一整行，結束。\n");
	free(text);
}

static void test_nothing_left(void **state)
{
	char *text;

	(void)state;
	line_at(0, 290, 806, 9, "1")->drop = 1;
	text = joined();
	assert_string_equal(text, "");
	free(text);
}

/* ---- pdf_parse on bytes that are no readable PDF --------------------------- */

static int parse_bytes(const char *s, size_t len, struct err *e)
{
	char *copy = malloc(len ? len : 1);
	struct doc *d = doc_new();
	int rc;

	assert_non_null(copy);
	assert_non_null(d);
	memcpy(copy, s, len);
	rc = pdf_parse(copy, len, d, e);
	doc_free(d);
	free(copy);
	return rc;
}

static void test_parse_refusals(void **state)
{
	static const char header_only[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
	static const char garbage[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R";
	struct err e = { 0 };

	(void)state;
	assert_false(pdf_sniff("hello", 5));
	assert_true(pdf_sniff("%PDF-1.4", 8));
	assert_int_equal(parse_bytes("not a pdf", 9, &e), DOSSIER_EFORMAT);
	assert_int_equal(parse_bytes(header_only, sizeof header_only - 1, &e), DOSSIER_EPARSE);
	assert_non_null(strstr(e.msg, "broken PDF"));
	assert_int_equal(parse_bytes(garbage, sizeof garbage - 1, &e), DOSSIER_EPARSE);
}

/* ---- whole PDFs from tests/tools/pdfbomb --------------------------------- */

static char workdir[] = "/tmp/test_pdf.XXXXXX";

/* The PDF `pdfbomb ARGS` writes, read into `out`; skips without the tools. */
static void make_pdf(const char *args, const char *name, struct buf *out)
{
	const char *tools = getenv("DOSSIER_TOOLS");
	char cmd[1024], path[512];
	FILE *f;
	char chunk[65536];
	size_t n;

	if (!tools)
		skip();
	snprintf(path, sizeof path, "%s/%s", workdir, name);
	snprintf(cmd, sizeof cmd, "'%s/pdfbomb' %s '%s'", tools, args, path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf_init(out, 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(out, chunk, n), DOSSIER_OK);
	fclose(f);
}

static int make_workdir(void **state)
{
	(void)state;
	return mkdtemp(workdir) ? 0 : -1;
}

static int remove_workdir(void **state)
{
	char cmd[600];

	(void)state;
	ingest_set_pdf_reader(NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
	return system(cmd) ? -1 : 0;
}

/* A long PDF gives its first PDF_MAX_PAGES pages and says so. */
static void test_page_cap(void **state)
{
	struct buf pdf, problems = BUF_INIT;
	struct doc *d = doc_new();
	struct err e = { 0 };
	char *text;

	(void)state;
	make_pdf("--pages 2100", "long.pdf", &pdf);
	assert_int_equal(pdf_parse_noting(pdf.data, pdf.len, d, &problems, &e), DOSSIER_OK);
	assert_string_equal(problems.data, "PDF of 2100 pages: only the first 2000 read\n");
	text = doc_text(d);
	assert_non_null(strstr(text, "mark00001 "));
	assert_non_null(strstr(text, "mark02000 "));
	assert_null(strstr(text, "mark02001 "));
	free(text);
	doc_free(d);
	buf_release(&problems);
	buf_release(&pdf);
}

/* ---- the reader's answer ------------------------------------------------------ */

static void answer_of(struct buf *out)
{
	struct pdf_text t = PDF_TEXT_INIT;

	t.pages = 12;
	t.pages_read = 10;
	t.cut = PDF_CUT_TEXT;
	t.created = 1717723800;
	t.title = strdup("美中防長對話");
	t.author = strdup("林文彥");
	assert_int_equal(buf_adds(&t.text, "第一段。\n\n第二段。\n"), DOSSIER_OK);
	assert_int_equal(pdf_answer_write(&t, NULL, out), DOSSIER_OK);
	pdf_text_release(&t);
}

static void test_answer_round_trip(void **state)
{
	struct buf answer = BUF_INIT;
	struct pdf_text t = PDF_TEXT_INIT;
	struct err e = { 0 }, failed;

	(void)state;
	answer_of(&answer);
	assert_int_equal(pdf_answer_read(answer.data, answer.len, &t, &e), DOSSIER_OK);
	assert_int_equal(t.pages, 12);
	assert_int_equal(t.pages_read, 10);
	assert_int_equal(t.cut, PDF_CUT_TEXT);
	assert_true(t.created == 1717723800);
	assert_string_equal(t.title, "美中防長對話");
	assert_string_equal(t.author, "林文彥");
	assert_string_equal(t.text.data, "第一段。\n\n第二段。\n");
	/* a failure travels with its code and message */
	buf_reset(&answer);
	err_set(&failed, DOSSIER_EFORMAT, "encrypted PDF: it needs a password to be read");
	assert_int_equal(pdf_answer_write(&t, &failed, &answer), DOSSIER_OK);
	assert_int_equal(pdf_answer_read(answer.data, answer.len, &t, &e), DOSSIER_EFORMAT);
	assert_string_equal(e.msg, "encrypted PDF: it needs a password to be read");
	pdf_text_release(&t);
	buf_release(&answer);
}

/* Cut anywhere or with a byte changed anywhere, an answer is refused or
 * read, never believed past its checks (ASan watches the reads). */
static void test_answer_damaged(void **state)
{
	struct buf answer = BUF_INIT;
	struct pdf_text t = PDF_TEXT_INIT;
	struct err e = { 0 };

	(void)state;
	answer_of(&answer);
	for (size_t len = 0; len < answer.len; len++) {
		char *copy = malloc(len ? len : 1);

		memcpy(copy, answer.data, len);
		assert_int_equal(pdf_answer_read(copy, len, &t, &e), DOSSIER_EPARSE);
		assert_non_null(strstr(e.msg, "its reader's answer is garbled"));
		free(copy);
	}
	for (size_t at = 0; at < answer.len; at++) {
		char *copy = malloc(answer.len);
		int rc;

		memcpy(copy, answer.data, answer.len);
		copy[at] ^= 0x5A;
		rc = pdf_answer_read(copy, answer.len, &t, &e);
		assert_true(rc >= DOSSIER_OK && rc < DOSSIER_ERC_COUNT);
		if (rc == DOSSIER_OK)
			assert_true(t.pages_read <= t.pages);
		free(copy);
	}
	/* each record at most once */
	buf_truncate(&answer, answer.len - 5);
	assert_int_equal(buf_add(&answer, "N\0\0\0\0014Z\0\0\0\0", 11), DOSSIER_OK);
	assert_int_equal(pdf_answer_read(answer.data, answer.len, &t, &e), DOSSIER_EPARSE);
	pdf_text_release(&t);
	buf_release(&answer);
}

/* ---- reader children ------------------------------------------------------------- */

/* A reader program that is a shell script. */
static const char *script(const char *name, const char *body)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", workdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
	return path;
}

static int parse_with(const char *reader, const struct buf *pdf, struct err *e,
		      char **text)
{
	struct doc *d = doc_new();
	int rc;

	ingest_set_pdf_reader(reader);
	rc = pdf_parse(pdf->data, pdf->len, d, e);
	ingest_set_pdf_reader(NULL);
	if (text)
		*text = rc ? NULL : doc_text(d);
	doc_free(d);
	return rc;
}

/* The dossier command's reader gives what reading here gives. */
static void test_reader_child(void **state)
{
	const char *bin = getenv("DOSSIER_BIN");
	struct buf pdf;
	struct err e = { 0 };
	char *here, *there;

	(void)state;
	if (!bin)
		skip();
	make_pdf("--pages 3", "short.pdf", &pdf);
	assert_int_equal(parse_with(NULL, &pdf, &e, &here), DOSSIER_OK);
	assert_int_equal(parse_with(bin, &pdf, &e, &there), DOSSIER_OK);
	assert_string_equal(here, there);
	assert_non_null(strstr(there, "mark00003 "));
	free(here);
	free(there);
	/* a refusal comes back as it is */
	assert_int_equal(parse_with(bin, &(struct buf){ "%PDF-1.4\n", 9, 0, 0 }, &e, NULL),
			 DOSSIER_EPARSE);
	assert_non_null(strstr(e.msg, "broken PDF"));
	buf_release(&pdf);
}

/* A reader that is no reader: the PDF fails with a reason, nothing hangs.
 * (Children that crash, fail or pass a limit: tests/unit/test_child.c.) */
static void test_reader_misbehaves(void **state)
{
	struct buf pdf;
	struct err e = { 0 };

	(void)state;
	make_pdf("--pages 1", "one.pdf", &pdf);
	assert_int_equal(parse_with(script("silent", "exit 0"), &pdf, &e, NULL), DOSSIER_EIO);
	assert_non_null(strstr(e.msg, "cannot read PDF: its reader failed"));
	assert_int_equal(parse_with(script("echo", "exec cat"), &pdf, &e, NULL), DOSSIER_EIO);
	assert_non_null(strstr(e.msg, "garbled"));
	buf_release(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_numbers),
		cmocka_unit_test_setup_teardown(test_furniture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_furniture_one_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_furniture_needs_most_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_furniture_same_text_other_height, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_across_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_latin_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indent_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_change_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_centred_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_left, setup, teardown),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_page_cap),
		cmocka_unit_test(test_answer_round_trip),
		cmocka_unit_test(test_answer_damaged),
		cmocka_unit_test(test_reader_child),
		cmocka_unit_test(test_reader_misbehaves),
	};

	return cmocka_run_group_tests(tests, make_workdir, remove_workdir);
}
