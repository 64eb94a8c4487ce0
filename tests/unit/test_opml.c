/* Unit tests for src/fetch/opml.c: reading and writing subscription lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

static void parse_ok(const char *xml, size_t len, struct opml_outline **o, size_t *n)
{
	struct err e;

	if (opml_parse(xml, len, o, n, &e) != DOSSIER_OK)
		fail_msg("opml_parse: %s", e.msg);
}

/* Nested folders, Chinese titles, text without title, duplicates, and
 * outlines that are not feeds. */
static void reads_nested_folders(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<opml version=\"1.0\">\n"
		"<head><title>我的订阅</title></head>\n"
		"<body>\n"
		"  <outline text=\"新闻\" title=\"新闻\">\n"
		"    <outline text=\"两岸\">\n"
		"      <outline type=\"rss\" text=\"海峡时评\" title=\"海峡时评 &amp; 分析\"\n"
		"               xmlUrl=\"https://strait.example.org/feed?a=1&amp;b=2\"\n"
		"               htmlUrl=\"https://strait.example.org/\"/>\n"
		"    </outline>\n"
		"    <outline text=\"国防週報\" xmlUrl=\"  http://defence.example.com/atom.xml \"/>\n"
		"  </outline>\n"
		"  <outline type=\"rss\" text=\"重复的\" xmlUrl=\"http://defence.example.com/atom.xml\"/>\n"
		"  <outline type=\"link\" text=\"只是链接\" xmlUrl=\"https://link.example.org/\"/>\n"
		"  <outline type=\"rss\" text=\"本地文件\" xmlUrl=\"file:///etc/passwd\"/>\n"
		"  <outline type=\"rss\" text=\"没有地址\"/>\n"
		"  <outline type=\"RSS\" xmlURL=\"https://caps.example.org/rss\"/>\n"
		"</body>\n"
		"</opml>\n";
	struct opml_outline *o;
	size_t n;

	parse_ok(xml, sizeof xml - 1, &o, &n);
	assert_int_equal(n, 3);
	assert_string_equal(o[0].url, "https://strait.example.org/feed?a=1&b=2");
	assert_string_equal(o[0].title, "海峡时评 & 分析");
	assert_string_equal(o[0].site, "https://strait.example.org/");
	assert_string_equal(o[1].url, "http://defence.example.com/atom.xml");
	assert_string_equal(o[1].title, "国防週報");
	assert_null(o[1].site);
	assert_string_equal(o[2].url, "https://caps.example.org/rss");
	assert_null(o[2].title);
	opml_outlines_free(o, n);
}

/* Broken markup still gives up the feeds before and around the damage. */
static void recovers_from_broken_markup(void **state)
{
	static const char xml[] =
		"<opml version=\"2.0\"><head><title>坏掉的 & 文件</title></head><body>\n"
		"<outline text=\"文件夹\">\n"
		"<outline text=\"第一家\" xmlUrl=\"https://one.example.org/rss\">\n"
		"<outline text=\"第二家\" xmlUrl=\"https://two.example.org/rss?x=1&y=2\"/>\n"
		"</body>";
	struct opml_outline *o;
	size_t n;

	parse_ok(xml, sizeof xml - 1, &o, &n);
	assert_true(n >= 1);
	assert_string_equal(o[0].url, "https://one.example.org/rss");
	assert_string_equal(o[0].title, "第一家");
	opml_outlines_free(o, n);
}

static void refuses_what_is_not_opml(void **state)
{
	static const char rss[] = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>";
	static const char junk[] = "这根本不是XML";
	struct opml_outline *o = (void *)1;
	size_t n = 9;
	struct err e;

	assert_int_equal(opml_parse(rss, sizeof rss - 1, &o, &n, &e), DOSSIER_EPARSE);
	assert_non_null(strstr(e.msg, "<rss>"));
	assert_null(o);
	assert_int_equal(n, 0);
	assert_int_equal(opml_parse(junk, sizeof junk - 1, &o, &n, &e), DOSSIER_EPARSE);
	assert_int_equal(opml_parse("", 0, &o, &n, &e), DOSSIER_EEMPTY);
}

/* Entities the document declares are never expanded (a billion laughs). */
static void does_not_expand_declared_entities(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE opml [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY ext SYSTEM \"file:///etc/passwd\">\n"
		"]>\n"
		"<opml version=\"2.0\"><body>\n"
		"<outline text=\"&d;&d;&d;\" title=\"&ext;秘密\" xmlUrl=\"https://ok.example.org/rss\"/>\n"
		"</body></opml>\n";
	struct opml_outline *o;
	size_t n;

	parse_ok(xml, sizeof xml - 1, &o, &n);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].url, "https://ok.example.org/rss");
	assert_true(!o[0].title || strlen(o[0].title) < 100);
	assert_true(!o[0].title || !strstr(o[0].title, "root:"));
	opml_outlines_free(o, n);
}

/* The encoding the document declares (here GB18030 and Big5). */
static void reads_declared_encodings(void **state)
{
	static const char *const encodings[] = { "GB18030", "BIG5" };

	for (size_t k = 0; k < 2; k++) {
		char utf8[512], converted[512];
		char *in = utf8, *outp = converted;
		size_t inleft, outleft = sizeof converted;
		struct opml_outline *o;
		size_t n;
		iconv_t cd = iconv_open(encodings[k], "UTF-8");

		assert_true(cd != (iconv_t)-1);
		snprintf(utf8, sizeof utf8,
			 "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
			 "<opml version=\"2.0\"><head><title>訂閱清單</title></head><body>\n"
			 "<outline text=\"國防新聞\" xmlUrl=\"https://enc.example.org/feed\"/>\n"
			 "</body></opml>\n", k ? "Big5" : "GB18030");
		inleft = strlen(utf8);
		assert_true(iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
		iconv_close(cd);
		parse_ok(converted, sizeof converted - outleft, &o, &n);
		assert_int_equal(n, 1);
		assert_string_equal(o[0].title, "國防新聞");
		opml_outlines_free(o, n);
	}
}

/* What opml_write() writes reads back the same, escaping included. */
static void writes_and_reads_back(void **state)
{
	struct opml_outline list[] = {
		{ "https://a.example.org/rss?x=1&y=\"2\"", "甲 <报> & \"乙\"", "https://a.example.org/" },
		{ "https://b.example.org/atom", NULL, NULL },
		{ "https://c.example.org/feed", "带\t控制\x01字符\n的标题", NULL },
	};
	struct buf out = BUF_INIT;
	struct opml_outline *o;
	size_t n;

	assert_int_equal(opml_write(&out, list, 3, "Dossier 的订阅", 1717142400000LL), DOSSIER_OK);
	assert_non_null(strstr(out.data, "<opml version=\"2.0\">"));
	assert_non_null(strstr(out.data, "<dateCreated>Fri, 31 May 2024 08:00:00 GMT</dateCreated>"));
	assert_non_null(strstr(out.data, "<title>Dossier 的订阅</title>"));
	assert_non_null(strstr(out.data, "&lt;报&gt; &amp; &quot;乙&quot;"));
	assert_null(strchr(out.data, '\x01'));
	parse_ok(out.data, out.len, &o, &n);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(o[i].url, list[i].url);
	assert_string_equal(o[0].title, list[0].title);
	assert_string_equal(o[0].site, list[0].site);
	/* Without a title, text is the URL (OPML requires text). */
	assert_string_equal(o[1].title, "https://b.example.org/atom");
	assert_string_equal(o[2].title, "带\t控制字符\n的标题");
	opml_outlines_free(o, n);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_nested_folders),
		cmocka_unit_test(recovers_from_broken_markup),
		cmocka_unit_test(refuses_what_is_not_opml),
		cmocka_unit_test(does_not_expand_declared_entities),
		cmocka_unit_test(reads_declared_encodings),
		cmocka_unit_test(writes_and_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
