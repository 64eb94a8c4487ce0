/*
 * Unit tests for src/ingest/record.c: the feed-archive record header,
 * YAML front matter, the dateline and the errors.  The records are
 * written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

static struct doc *parse_len(const char *s, size_t len, int want_rc,
			     struct err *e)
{
	struct doc *d = doc_new();

	assert_non_null(d);
	err_clear(e);
	assert_int_equal(record_parse(s, len, d, e), want_rc);
	return d;
}

static struct doc *parse(const char *s, int want_rc, struct err *e)
{
	return parse_len(s, strlen(s), want_rc, e);
}

static void assert_time(int64_t ms, const char *iso)
{
	char out[DATETIME_ISO_MAX];

	datetime_format_iso(ms, out);
	assert_string_equal(out, iso);
}

static void reads_a_plain_record(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	d = parse("<!--1700000000000-->\n"
		  "[法國總統下週訪問北京](https://news.example.org/a/1.html)\n"
		  "------\n\n"
		  "<div>07/11/2023 - 12:35</div><img src=\"/img/1.jpg\">"
		  "<p>法國總統將於下週訪問北京，與中方會談。</p>", DOSSIER_OK, &e);
	assert_string_equal(d->title, "法國總統下週訪問北京");
	assert_string_equal(d->url, "https://news.example.org/a/1.html");
	assert_string_equal(d->format, "record");
	assert_null(d->origin);
	assert_null(d->author);
	assert_time(d->fetched, "2023-11-14T22:13:20Z");
	/* 7 November in Paris (UTC+1); 11 July would be just as possible
	 * before the fetch, but further from it */
	assert_time(d->published, "2023-11-07T11:35:00Z");
	assert_int_equal(d->n_paras, 1);
	assert_int_equal(d->n_images, 1);
	assert_string_equal(d->images[0].src, "https://news.example.org/img/1.jpg");
	doc_free(d);
}

static void reads_iso_datelines_and_bylines(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	d = parse("<!--1685413023000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i>   张三<br>2023-05-30T01:48:40.040Z</i></div>"
		  "<p>这是正文。</p>", DOSSIER_OK, &e);
	assert_time(d->published, "2023-05-30T01:48:40Z");
	assert_string_equal(d->author, "张三");
	doc_free(d);

	/* the role in front of a name is not part of it */
	d = parse("<!--1685413023000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i>記者：何小明<br>2023-05-30T01:48:40.040Z</i></div>"
		  "<p>這是正文。</p>", DOSSIER_OK, &e);
	assert_string_equal(d->author, "何小明");
	doc_free(d);
	d = parse("<!--1685413023000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i>记者 周大同<br>2023-05-30T01:48:40.040Z</i></div>"
		  "<p>这是正文。</p>", DOSSIER_OK, &e);
	assert_string_equal(d->author, "周大同");
	doc_free(d);
	d = parse("<!--1685413023000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i>文字記者<br>2023-05-30T01:48:40.040Z</i></div>"
		  "<p>這是正文。</p>", DOSSIER_OK, &e);
	assert_string_equal(d->author, "文字記者");
	doc_free(d);

	/* a zone-less time after the fetch was written in UTC+8 */
	d = parse("<!--1611222278000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i>李四<br>2021-01-21 17:41:31</i></div><p>这是正文。</p>",
		  DOSSIER_OK, &e);
	assert_time(d->published, "2021-01-21T09:41:31Z");
	assert_string_equal(d->author, "李四");
	doc_free(d);

	/* a dateline that cannot be right gives way to the front matter */
	d = parse("---\ndate: 2020-02-02T02:02:02Z\n---\n"
		  "<!--1600000000000-->\n[标题](https://example.org/x)\n------\n"
		  "<div>2030-01-01T00:00:00Z</div><p>这是正文。</p>",
		  DOSSIER_OK, &e);
	assert_time(d->published, "2020-02-02T02:02:02Z");
	doc_free(d);
}

static void splits_titles_with_brackets(void **state)
{
	static const struct {
		const char *line, *title, *url;
	} cases[] = {
		{ "[[快訊] 颱風[海葵]登陸](https://example.org/t1)",
		  "[快訊] 颱風[海葵]登陸", "https://example.org/t1" },
		{ "[舊聞](重提) 新聞](https://example.org/t2)",
		  "舊聞](重提) 新聞", "https://example.org/t2" },
		{ "[轉義\\[括號\\]與 &quot;引號&quot; &amp; 符號](https://example.org/t3?a=(1))",
		  "轉義[括號]與 \"引號\" & 符號", "https://example.org/t3?a=(1)" },
		{ "[  前後空白  ](  https://example.org/t4  )",
		  "前後空白", "https://example.org/t4" },
		{ "[数字&#20013;&#x6587;](<https://example.org/t5>)",
		  "数字中文", "https://example.org/t5" },
	};
	struct err e;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char rec[512];
		struct doc *d;

		snprintf(rec, sizeof rec, "<!--1-->\n%s\n------\n<p>正文。</p>",
			 cases[i].line);
		d = parse(rec, DOSSIER_OK, &e);
		assert_string_equal(d->title, cases[i].title);
		assert_string_equal(d->url, cases[i].url);
		doc_free(d);
	}
}

static void reports_truncated_records(void **state)
{
	static const char *const inputs[] = {
		"",
		"\n\n  \n",
		"<!--1700000000000-->\n",
		"<!--1700000000000-->\n[标题](https://example.org/x)\n",
		"<!--1700000000000-->\n[标题](https://example.org/x)\n---- -\n<p>正文</p>",
		"<!--1700000000000-->\n标题 https://example.org/x\n------\n<p>正文</p>",
		"<!--1700000000000-->\n[标题](https://example.org/x\n------\n<p>正文</p>",
		"[标题](https://example.org/x)\n------\n<p>正文</p>",
		"<!--17000000000000000000-->\n[标题](https://example.org/x)\n------\n",
		"---\ntitle: 只有前言\n---\n",
		"---\ntitle: 前言沒有結束\n<!--1-->\n[t](u)\n------\n<p>x</p>",
		"<!--1700000000000-->\n[标题](https://example.org/x)\n------",
	};
	struct err e;

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct doc *d;
		int want = i == 11 ? DOSSIER_EEMPTY : DOSSIER_EPARSE;

		d = parse(inputs[i], want, &e);
		if (want == DOSSIER_EPARSE)
			assert_true(strncmp(e.msg, "truncated record", 16) == 0);
		doc_free(d);
	}
}

static void empty_bodies_are_empty(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	d = parse("<!--1700000000000-->\n[标题](https://example.org/x)\n------\n"
		  "<div><i><br>2023-05-30T01:48:40.040Z</i></div><p></p>"
		  "<br><hr><div>获取更多RSS：<br><a href=\"https://a.example\">a</a></div>",
		  DOSSIER_EEMPTY, &e);
	assert_true(e.msg[0] != '\0');
	doc_free(d);
}

static const char front_record[] =
	"---\n"
	"layout: post\n"
	"title: \"他說\\\"你好\\\" &quot;再見&quot; \\u4E2D\"\n"
	"date: 2021-03-04T05:06:07.000Z\n"
	"author: 某某新聞網\n"
	"from: https://example.org/from-front-matter\n"
	"tags: [ 某某新聞網 ]\n"
	"categories: [ 某某新聞網 ]\n"
	"---\n"
	"<!--1614834367000-->\n"
	"[](  )\n"
	"------\n"
	"\n"
	"<div>\n<p>前言補上了標題與網址。</p>\n</div>\n";

static void front_matter_fills_gaps(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	assert_true(record_sniff(front_record, strlen(front_record)));
	d = parse(front_record, DOSSIER_OK, &e);
	assert_string_equal(d->title, "他說\"你好\" \"再見\" 中");
	assert_string_equal(d->url, "https://example.org/from-front-matter");
	assert_time(d->published, "2021-03-04T05:06:07Z");
	assert_time(d->fetched, "2021-03-04T05:06:07Z");
	/* the author only names the outlet */
	assert_null(d->author);
	assert_int_equal(d->n_paras, 1);
	doc_free(d);

	/* a real author, single quotes, a block list of tags */
	d = parse("---\n"
		  "title: 'It''s 標題'\n"
		  "author: 王五 # 記者\n"
		  "tags:\n"
		  "  - 某某台\n"
		  "---\n"
		  "<!--1-->\n[記錄裡的標題](https://example.org/r)\n------\n<p>正文。</p>",
		  DOSSIER_OK, &e);
	assert_string_equal(d->title, "記錄裡的標題");
	assert_string_equal(d->author, "王五");
	doc_free(d);

	d = parse("---\ntitle: 'It''s 標題'\nauthor: 某某台\ntags:\n  - 某某台\n---\n"
		  "<!--1-->\n[](https://example.org/r)\n------\n<p>正文。</p>",
		  DOSSIER_OK, &e);
	assert_string_equal(d->title, "It's 標題");
	assert_null(d->author);
	doc_free(d);
}

static void handles_bom_and_crlf(void **state)
{
	static const char rec[] =
		"\xEF\xBB\xBF---\r\n"
		"title: \"CRLF 標題\"\r\n"
		"---\r\n"
		"\r\n"
		"<!--1700000000000-->\r\n"
		"[換行符號測試](https://example.org/crlf)\r\n"
		"------\r\n"
		"<div><i>趙六<br>\r\n2023-11-14T20:00:00Z</i></div>\r\n"
		"<p>第一行\r\n第二行</p>\r\n";
	struct err e;
	struct doc *d;

	(void)state;
	assert_true(record_sniff(rec, strlen(rec)));
	d = parse(rec, DOSSIER_OK, &e);
	assert_string_equal(d->title, "換行符號測試");
	assert_string_equal(d->url, "https://example.org/crlf");
	assert_string_equal(d->author, "趙六");
	assert_time(d->published, "2023-11-14T20:00:00Z");
	assert_int_equal(d->n_paras, 1);
	assert_string_equal(d->paras[0].text, "第一行第二行");
	doc_free(d);

	/* old Mac line ends and no front matter */
	d = parse("\xEF\xBB\xBF<!--1700000000000-->\r[標題](https://example.org/cr)\r"
		  "------\r<p>內文。</p>", DOSSIER_OK, &e);
	assert_string_equal(d->title, "標題");
	doc_free(d);
}

static void drops_a_repeated_title(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	d = parse("<!--1-->\n[重複的標題](https://example.org/h)\n------\n"
		  "<h1>重複的標題</h1><p>內文。</p>", DOSSIER_OK, &e);
	assert_int_equal(d->n_paras, 1);
	assert_string_equal(d->paras[0].text, "內文。");
	doc_free(d);
}

static void sniffs_records_only(void **state)
{
	static const char *const yes[] = {
		"<!--1685413023000-->\n[t](u)\n------\n",
		"\xEF\xBB\xBF\n\n  <!--1-->  \n",
		"---\ntitle: x\n---\n<!--1-->\n",
		"<!-- 42 -->",
	};
	static const char *const no[] = {
		"", "<p>HTML</p>", "<?xml version=\"1.0\"?><rss></rss>",
		"<!--abc-->\n[t](u)\n", "---\ntitle: x\n<!--1-->\n",
		"---\ntitle: x\n---\n[t](u)\n", "<!---->", "純文字。\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(record_sniff(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(record_sniff(no[i], strlen(no[i])));
	assert_false(record_sniff(NULL, 0));
	/* never reads past len: the digits are cut off */
	assert_false(record_sniff("<!--12345-->", 8));
}

static void never_reads_past_len(void **state)
{
	static const char rec[] =
		"<!--1700000000000-->\n[標題](https://example.org/x)\n------\n<p>內文。</p>";
	struct err e;

	(void)state;
	for (size_t len = 0; len < sizeof rec - 1; len++) {
		char *copy = malloc(len ? len : 1);
		struct doc *d = doc_new();
		int rc;

		memcpy(copy, rec, len);
		rc = record_parse(copy, len, d, &e);
		assert_true(rc == DOSSIER_EPARSE || rc == DOSSIER_EEMPTY ||
			    rc == DOSSIER_OK);
		record_sniff(copy, len);
		free(copy);
		doc_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_plain_record),
		cmocka_unit_test(reads_iso_datelines_and_bylines),
		cmocka_unit_test(splits_titles_with_brackets),
		cmocka_unit_test(reports_truncated_records),
		cmocka_unit_test(empty_bodies_are_empty),
		cmocka_unit_test(front_matter_fills_gaps),
		cmocka_unit_test(handles_bom_and_crlf),
		cmocka_unit_test(drops_a_repeated_title),
		cmocka_unit_test(sniffs_records_only),
		cmocka_unit_test(never_reads_past_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
