/*
 * Unit tests for src/ingest/charset.c: bytes in UTF-8, UTF-16, GB18030
 * (read for GB2312 and GBK) and Big5-HKSCS (read for Big5), declared in
 * every place a declaration can hide, declared falsely, or not at all.
 *
 * The inputs are built at run time: sentences written for these tests, in
 * UTF-8 here, converted with ICU into the encoding under test (and checked
 * to convert back, so that an input is what the test says it is).  Every
 * test compares the exact UTF-8 that comes out: a wrong guess is mojibake
 * and fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "core/buf.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

/* Simplified script, mainland style. */
#define SIMP "国防部长周二在北京会见了来访的代表团，双方就地区安全问题交换了意见，" \
	"并表示将在年内举行新一轮会谈。"
/* Traditional script, Taiwan style. */
#define TRAD "立法院今天下午通過了新的預算案，行政院長表示這是國家發展的重要一步，" \
	"在野黨則認為審查的時間太短。"
/* GBK characters outside GB2312: 镕 and 喆. */
#define GBK_ONLY "朱镕基和陶喆的名字里各有一个国标二三一二没有收录的字，报纸上也常见。"
/* Cantonese with HKSCS characters (哋 喺 咗 嘢) besides Big5 ones. */
#define HKSCS "佢哋今日喺立法會講咗好多嘢，記者問咗三個問題，議員都冇回答。"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ------------------------------------------------------------- */

/* `utf8` converted to `to`; *len gets the length.  Caller frees. */
static char *encode(const char *utf8, const char *to, size_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t cap = strlen(utf8) * 4 + 16;
	char *out = malloc(cap), *back = malloc(cap);
	int32_t n, m;

	assert_non_null(out);
	assert_non_null(back);
	n = ucnv_convert(to, "UTF-8", out, (int32_t)cap, utf8, -1, &st);
	assert_false(U_FAILURE(st));
	/* The round trip proves every character exists in `to`. */
	m = ucnv_convert("UTF-8", to, back, (int32_t)cap, out, n, &st);
	assert_false(U_FAILURE(st));
	assert_int_equal(m, strlen(utf8));
	assert_memory_equal(back, utf8, (size_t)m);
	free(back);
	*len = (size_t)n;
	return out;
}

/* `prefix` (raw bytes) followed by `utf8` converted to `to`. */
static char *encode_after(const char *prefix, size_t plen, const char *utf8,
			  const char *to, size_t *len)
{
	size_t n;
	char *body = encode(utf8, to, &n), *all = malloc(plen + n);

	assert_non_null(all);
	memcpy(all, prefix, plen);
	memcpy(all + plen, body, n);
	free(body);
	*len = plen + n;
	return all;
}

struct want {
	int rc;
	const char *name, *from, *overruled;
	size_t invalid;
	const char *text; /* exact UTF-8 output, or NULL when rc != OK */
};

/* Runs charset_to_utf8 on an exact-size copy (so ASan sees over-reads). */
static void check_len(const char *data, size_t len, const char *content_type,
		      const struct want *w)
{
	char *copy = malloc(len ? len : 1);
	struct buf out = BUF_INIT;
	struct charset_result r;
	struct err e = { 0 };
	int rc;

	assert_non_null(copy);
	if (len)
		memcpy(copy, data, len);
	rc = charset_to_utf8(copy, len, content_type, &out, &r, &e);
	if (rc != w->rc)
		fail_msg("rc %d (%s), wanted %d", rc, e.msg, w->rc);
	if (!rc) {
		assert_string_equal(r.name, w->name);
		assert_string_equal(r.from, w->from);
		assert_string_equal(r.overruled, w->overruled);
		assert_int_equal(r.invalid, w->invalid);
		assert_int_equal(out.len, strlen(w->text));
		assert_string_equal(out.data, w->text);
	}
	buf_release(&out);
	free(copy);
}

/* The document `utf8`, converted to `to`, must come back exactly. */
static void check_doc(const char *utf8, const char *to, const char *content_type,
		      const char *name, const char *from, const char *overruled)
{
	size_t len;
	char *data = encode(utf8, to, &len);
	struct want w = { DOSSIER_OK, name, from, overruled, 0, utf8 };

	check_len(data, len, content_type, &w);
	free(data);
}

/* ---- BOMs and UTF-8 ----------------------------------------------------- */

static void utf8_without_declaration(void **state)
{
	(void)state;
	check_doc("<p>" SIMP "</p>", "UTF-8", NULL, "UTF-8", "detected", "");
	check_doc(TRAD, "UTF-8", NULL, "UTF-8", "detected", "");
}

static void utf8_bom_is_dropped(void **state)
{
	static const char doc[] = "\xEF\xBB\xBF<title>" TRAD "</title>";
	struct want w = { DOSSIER_OK, "UTF-8", "BOM", "", 0, "<title>" TRAD "</title>" };

	(void)state;
	check_len(doc, sizeof doc - 1, NULL, &w);
	/* The BOM outranks a declaration, even a false one. */
	{
		static const char lie[] = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"big5\"?><a>"
					  SIMP "</a>";
		struct want w2 = { DOSSIER_OK, "UTF-8", "BOM", "", 0,
				   "<?xml version=\"1.0\" encoding=\"big5\"?><a>" SIMP "</a>" };

		check_len(lie, sizeof lie - 1, "text/xml; charset=gbk", &w2);
	}
}

static void utf16_with_bom(void **state)
{
	static const char text[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss>" TRAD SIMP "</rss>";
	struct want le = { DOSSIER_OK, "UTF-16LE", "BOM", "", 0, text };
	struct want be = { DOSSIER_OK, "UTF-16BE", "BOM", "", 0, text };
	size_t len;
	char *data;

	(void)state;
	data = encode_after("\xFF\xFE", 2, text, "UTF-16LE", &len);
	check_len(data, len, NULL, &le);
	free(data);
	data = encode_after("\xFE\xFF", 2, text, "UTF-16BE", &len);
	check_len(data, len, "text/xml; charset=big5", &be);
	free(data);
}

static void utf32_with_bom(void **state)
{
	static const char text[] = "<a>" TRAD "</a>";
	struct want le = { DOSSIER_OK, "UTF-32LE", "BOM", "", 0, text };
	size_t len;
	char *data;

	(void)state;
	/* FF FE 00 00 would also open UTF-16LE: the longer mark wins. */
	data = encode_after("\xFF\xFE\0\0", 4, text, "UTF-32LE", &len);
	check_len(data, len, NULL, &le);
	free(data);
}

/* ---- declarations ------------------------------------------------------------ */

static void xml_declaration(void **state)
{
	(void)state;
	check_doc("<?xml version=\"1.0\" encoding=\"gb2312\"?>\n<rss><channel><title>" SIMP
		  "</title></channel></rss>", "GB18030", NULL, "GB18030", "XML declaration", "");
	check_doc("<?xml version='1.0' encoding='Big5' ?>\n<rdf:RDF><title>" TRAD
		  "</title></rdf:RDF>", "Big5", NULL, "Big5-HKSCS", "XML declaration", "");
	/* White space before the declaration, as PHP sites send it. */
	check_doc("\r\n\r\n<?xml version=\"1.0\" encoding=\"GBK\"?><rss><title>" SIMP
		  "</title></rss>", "GBK", NULL, "GB18030", "XML declaration", "");
}

static void html_meta_charset(void **state)
{
	(void)state;
	check_doc("<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>" SIMP
		  "</title></head><body><p>" SIMP "</p></body></html>",
		  "GB18030", NULL, "GB18030", "HTML meta", "");
	check_doc("<html><head><META CHARSET=big5 /></head><body>" TRAD "</body></html>",
		  "Big5", NULL, "Big5-HKSCS", "HTML meta", "");
}

static void html_meta_http_equiv(void **state)
{
	(void)state;
	check_doc("<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" "
		  "CONTENT=\"text/html; charset=big5\"><TITLE>" TRAD "</TITLE></HEAD>"
		  "<BODY>" TRAD "</BODY></HTML>",
		  "Big5", NULL, "Big5-HKSCS", "HTML meta", "");
	check_doc("<html><head><meta content='text/html;charset=gb2312' "
		  "http-equiv='content-type'/></head><body>" SIMP "</body></html>",
		  "GB18030", NULL, "GB18030", "HTML meta", "");
}

static void commented_meta_is_ignored(void **state)
{
	(void)state;
	check_doc("<html><head><!-- <meta charset=\"big5\"> --><meta charset=\"gb2312\">"
		  "</head><body>" SIMP "</body></html>",
		  "GB18030", NULL, "GB18030", "HTML meta", "");
}

static void http_header(void **state)
{
	(void)state;
	check_doc("<html><body><p>" SIMP "</p></body></html>", "GB18030",
		  "text/html; charset=GBK", "GB18030", "HTTP header", "");
	check_doc("<p>" TRAD "</p>", "Big5", "text/html;charset=\"big5\"",
		  "Big5-HKSCS", "HTTP header", "");
	/* The header outranks the document's own declaration. */
	check_doc("<?xml version=\"1.0\" encoding=\"gb2312\"?><rss><title>" TRAD
		  "</title></rss>", "Big5", "application/rss+xml; charset=big5",
		  "Big5-HKSCS", "HTTP header", "");
	/* A label nobody knows is no evidence either way. */
	check_doc("<p>" SIMP "</p>", "GB18030", "text/html; charset=x-no-such-thing",
		  "GB18030", "detected", "");
}

static void gb2312_declared_with_gbk_characters(void **state)
{
	(void)state;
	check_doc("<?xml version=\"1.0\" encoding=\"gb2312\"?><rss><title>" GBK_ONLY
		  "</title></rss>", "GBK", NULL, "GB18030", "XML declaration", "");
	check_doc("<meta charset=\"gb2312\"><p>" GBK_ONLY "</p>", "GB18030", NULL,
		  "GB18030", "HTML meta", "");
}

static void big5_declared_with_hkscs_characters(void **state)
{
	(void)state;
	check_doc("<meta charset=\"big5\"><p>" HKSCS "</p>", "ibm-1375_P100-2008", NULL,
		  "Big5-HKSCS", "HTML meta", "");
}

/* ---- detection ---------------------------------------------------------------- */

static void detects_gb18030(void **state)
{
	(void)state;
	check_doc("<html><body><p>" SIMP "</p></body></html>", "GB18030", NULL,
		  "GB18030", "detected", "");
	check_doc(GBK_ONLY, "GBK", NULL, "GB18030", "detected", "");
	/* Traditional characters in GBK, as mainland portals print Hong Kong
	 * news: still GB, however Big5-like the script. */
	check_doc("<p>" TRAD "</p>", "GB18030", NULL, "GB18030", "detected", "");
}

static void detects_big5(void **state)
{
	(void)state;
	check_doc("<html><body><p>" TRAD "</p></body></html>", "Big5", NULL,
		  "Big5-HKSCS", "detected", "");
	check_doc("<p>" HKSCS "</p>", "ibm-1375_P100-2008", NULL, "Big5-HKSCS",
		  "detected", "");
}

static void detects_a_short_title(void **state)
{
	(void)state;
	check_doc("<title>美国国防部长访问北京</title>", "GB18030", NULL, "GB18030",
		  "detected", "");
	check_doc("<title>美國國防部長訪問台北</title>", "Big5", NULL, "Big5-HKSCS",
		  "detected", "");
}

/* Headlines of a few characters, few of them in the common list. */
static void detects_short_headlines(void **state)
{
	static const char *simp[] = {
		"暴雨袭击广东沿海", "股市连跌三天", "台风登陆福建", "春节假期铁路客流创新高",
		"北约峰会闭幕", "房价继续下跌", "地震造成房屋倒塌", "乒乓球女单夺冠",
	};
	static const char *trad[] = {
		"暴雨襲擊廣東沿海", "股市連跌三天", "颱風登陸福建", "春節假期鐵路客流創新高",
		"北約峰會閉幕", "房價繼續下跌", "地震造成房屋倒塌", "桌球女單奪冠",
	};
	char doc[256];

	(void)state;
	for (size_t i = 0; i < sizeof simp / sizeof simp[0]; i++) {
		snprintf(doc, sizeof doc, "<title>%s</title>", simp[i]);
		check_doc(doc, "GB18030", NULL, "GB18030", "detected", "");
		snprintf(doc, sizeof doc, "<title>%s</title>", trad[i]);
		check_doc(doc, "Big5", NULL, "Big5-HKSCS", "detected", "");
	}
}

static void japanese_is_not_taken_for_chinese(void **state)
{
	(void)state;
	/* Shift_JIS bytes are valid GBK; nothing Chinese reads out of them. */
	check_doc("<p>日本政府は本日、東京で閣議を開き、新しい経済政策を発表した。"
		  "首相は国民に協力を求めた。</p>", "Shift_JIS", NULL, "Shift_JIS",
		  "detected", "");
}

/* ---- declarations the bytes contradict ------------------------------------------ */

static void meta_gb2312_but_utf8(void **state)
{
	(void)state;
	check_doc("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
		  "charset=gb2312\" /></head><body>" SIMP "</body></html>",
		  "UTF-8", NULL, "UTF-8", "detected", "gb2312");
	check_doc("<?xml version=\"1.0\" encoding=\"big5\"?><rss><title>" TRAD
		  "</title></rss>", "UTF-8", NULL, "UTF-8", "detected", "big5");
}

static void declared_utf8_but_legacy(void **state)
{
	(void)state;
	check_doc("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><title>" SIMP
		  "</title></rss>", "GB18030", NULL, "GB18030", "detected", "utf-8");
	check_doc("<html><body>" TRAD TRAD "</body></html>", "Big5",
		  "text/html; charset=UTF-8", "Big5-HKSCS", "detected", "UTF-8");
	/* A wrong header, a right meta: the meta is believed. */
	check_doc("<html><head><meta charset=\"gbk\"></head><body>" SIMP "</body></html>",
		  "GB18030", "text/html; charset=utf-8", "GB18030", "HTML meta", "utf-8");
}

static void gb_and_big5_declared_for_each_other(void **state)
{
	(void)state;
	check_doc("<?xml version=\"1.0\" encoding=\"gb2312\"?><rdf:RDF><title>" TRAD
		  "</title><description>" TRAD "</description></rdf:RDF>",
		  "Big5", NULL, "Big5-HKSCS", "detected", "gb2312");
	check_doc("<meta charset=\"big5\"><p>" SIMP "</p><p>" SIMP "</p>",
		  "GB18030", NULL, "GB18030", "detected", "big5");
	/* A server default of ISO-8859-1 on a GBK page. */
	check_doc("<p>" SIMP "</p>", "GB18030", "text/html; charset=ISO-8859-1",
		  "GB18030", "detected", "ISO-8859-1");
}

static void wide_label_in_ascii_bytes(void **state)
{
	(void)state;
	/* The declaration was readable as ASCII, so the text is not UTF-16. */
	check_doc("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><title>" SIMP
		  "</title></rss>", "UTF-8", NULL, "UTF-8", "detected", "UTF-16");
	check_doc("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss/>", "UTF-8", NULL,
		  "UTF-8", "default", "UTF-16");
}

static void utf7_and_ebcdic_labels_are_lies(void **state)
{
	/* Read as UTF-7 this would turn into markup: "<script>". */
	static const char doc[] = "<?xml version=\"1.0\" encoding=\"UTF-7\"?><a>+ADw-script+AD4-</a>";
	static const char ebcdic[] = "<meta charset=\"ibm-037\"><p>plain</p>";
	struct want w = { DOSSIER_OK, "UTF-8", "default", "UTF-7", 0, doc };
	struct want we = { DOSSIER_OK, "UTF-8", "default", "ibm-037", 0, ebcdic };

	(void)state;
	check_len(doc, sizeof doc - 1, NULL, &w);
	check_len(ebcdic, sizeof ebcdic - 1, NULL, &we);
}

static void honest_short_declarations_stand(void **state)
{
	(void)state;
	/* Two characters cannot outvote a declaration. */
	check_doc("<meta charset=\"big5\"><p>台北</p>", "Big5", NULL, "Big5-HKSCS",
		  "HTML meta", "");
	check_doc("<meta charset=\"gb2312\"><p>北京</p>", "GB18030", NULL, "GB18030",
		  "HTML meta", "");
	check_doc("<meta charset=\"big5\"><p>" TRAD "</p>", "Big5", NULL, "Big5-HKSCS",
		  "HTML meta", "");
}

/* ---- damage ----------------------------------------------------------------------- */

/* A download cut inside the last character: one U+FFFD, counted. */
static void truncated_mid_character(void **state)
{
	const char *cases[][4] = {
		/* text, encoding, a character to cut, expected name */
		{ "<p>" SIMP, "GB18030", "国", "GB18030" },
		{ "<p>" TRAD, "Big5", "國", "Big5-HKSCS" },
		{ "<p>" SIMP, "UTF-8", "国", "UTF-8" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char full[512], want_text[512];
		size_t len;
		char *data;
		struct want w = { DOSSIER_OK, cases[i][3], "detected", "", 1, want_text };

		snprintf(full, sizeof full, "%s%s", cases[i][0], cases[i][2]);
		snprintf(want_text, sizeof want_text, "%s" FFFD, cases[i][0]);
		data = encode(full, cases[i][1], &len);
		check_len(data, len - 1, NULL, &w);
		free(data);
	}
}

static void truncated_declared_big5(void **state)
{
	static const char text[] = "<?xml version=\"1.0\" encoding=\"big5\"?><title>" TRAD "國";
	struct want w = { DOSSIER_OK, "Big5-HKSCS", "XML declaration", "", 1, NULL };
	char want_text[512];
	size_t len;
	char *data = encode(text, "Big5", &len);

	(void)state;
	snprintf(want_text, sizeof want_text, "%.*s" FFFD, (int)(sizeof text - 1 - strlen("國")),
		 text);
	w.text = want_text;
	check_len(data, len - 1, NULL, &w);
	free(data);
}

static void pure_ascii(void **state)
{
	static const char text[] = "<rss><channel><title>Daily brief</title></channel></rss>\n";
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"gb2312\"?><rss/>";
	struct want w = { DOSSIER_OK, "UTF-8", "default", "", 0, text };
	struct want wd = { DOSSIER_OK, "GB18030", "XML declaration", "", 0, decl };

	(void)state;
	check_len(text, sizeof text - 1, NULL, &w);
	/* ASCII is GB18030 too: the declaration stands. */
	check_len(decl, sizeof decl - 1, NULL, &wd);
}

static void empty_input(void **state)
{
	struct want w = { DOSSIER_OK, "UTF-8", "default", "", 0, "" };
	struct want wd = { DOSSIER_OK, "GB18030", "HTTP header", "", 0, "" };

	(void)state;
	check_len("", 0, NULL, &w);
	check_len("", 0, "text/plain; charset=gbk", &wd);
	check_len("\xEF\xBB\xBF", 3, NULL, &(struct want){ DOSSIER_OK, "UTF-8", "BOM", "", 0, "" });
	check_len("\xFF\xFE", 2, NULL, &(struct want){ DOSSIER_OK, "UTF-16LE", "BOM", "", 0, "" });
}

static void refuses_bytes_that_fit_nothing(void **state)
{
	char latin1[2048] = "";
	struct buf out = BUF_INIT;
	struct charset_result r;
	struct err e = { 0 };

	(void)state;
	/* French in Latin-1: neither UTF-8 nor GB nor Big5. */
	for (int i = 0; i < 20; i++)
		strcat(latin1, "Caf\xE9 cr\xE8me br\xFBl\xE9""e \xE0 la fran\xE7""aise, d\xE9j\xE0 vu ");
	assert_int_equal(charset_to_utf8(latin1, strlen(latin1), NULL, &out, &r, &e),
			 DOSSIER_EENCODING);
	assert_non_null(strstr(e.msg, "not UTF-8 text"));
	buf_release(&out);
	/* Declared UTF-8, the same bytes: refused as broken UTF-8. */
	assert_int_equal(charset_to_utf8(latin1, strlen(latin1), "text/plain; charset=utf-8",
					 &out, &r, &e), DOSSIER_EENCODING);
	assert_non_null(strstr(e.msg, "not UTF-8 text"));
	buf_release(&out);
}

static void stray_byte_in_utf8(void **state)
{
	static const char doc[] = "<p>" SIMP "\xA9 2024</p>";
	struct want w = { DOSSIER_OK, "UTF-8", "detected", "", 1, "<p>" SIMP FFFD " 2024</p>" };

	(void)state;
	check_len(doc, sizeof doc - 1, NULL, &w);
}

/*
 * A short UTF-8 text with a few bad bytes (a Latin-1 byte pasted in, a
 * character cut) is UTF-8 with U+FFFD where they were, not GB18030: most
 * of its non-ASCII bytes are well-formed UTF-8, which legacy text never
 * is (a third of them by accident).
 */
static void short_utf8_with_a_few_bad_bytes(void **state)
{
	static const char doc[] = "<title>美国\xFF国防部长\xC0访问\xE5\x9B北京</title>";
	struct want w = { DOSSIER_OK, "UTF-8", "detected", "", 3,
			  "<title>美国" FFFD "国防部长" FFFD "访问" FFFD "北京</title>" };
	static const char line[] = "中美\xA0会谈\xFE取得进展\xB1";
	struct want wl = { DOSSIER_OK, "UTF-8", "detected", "", 3,
			   "中美" FFFD "会谈" FFFD "取得进展" FFFD };

	(void)state;
	check_len(doc, sizeof doc - 1, NULL, &w);
	check_len(line, sizeof line - 1, NULL, &wl);
	/* Real GB18030 of the same length stays GB18030. */
	check_doc("<title>美国国防部长访问北京</title>", "GB18030", NULL, "GB18030",
		  "detected", "");
}

static void nul_bytes_are_dropped(void **state)
{
	static const char doc[] = "<?xml version=\"1.0\" encoding=\"gbk\"?><a>x\0y</a>";
	struct want w = { DOSSIER_OK, "GB18030", "XML declaration", "", 0,
			  "<?xml version=\"1.0\" encoding=\"gbk\"?><a>xy</a>" };

	(void)state;
	check_len(doc, sizeof doc - 1, NULL, &w);
}

/* Every prefix of some awkward inputs, each in an exact-size buffer. */
static void never_reads_past_len(void **state)
{
	const char *docs[] = {
		"<?xml version=\"1.0\" encoding=\"gb2312\"?><rss><title>" SIMP "</title></rss>",
		"<html><head><!-- c --><meta http-equiv=\"content-type\" content=\"text/html; "
		"charset=big5\"><meta charset=gbk></head><body>" TRAD "</body></html>",
		"\xFF\xFE<\0a\0>\0",
	};
	size_t lens[] = { strlen(docs[0]), strlen(docs[1]), 8 };

	(void)state;
	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		for (size_t n = 0; n <= lens[d]; n++) {
			char *copy = malloc(n ? n : 1);
			struct buf out = BUF_INIT;
			struct charset_result r;
			struct err e = { 0 };
			int rc;

			assert_non_null(copy);
			memcpy(copy, docs[d], n);
			rc = charset_to_utf8(copy, n, "text/html; charset=", &out, &r, &e);
			assert_true(rc == DOSSIER_OK || rc == DOSSIER_EENCODING);
			buf_release(&out);
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_without_declaration),
		cmocka_unit_test(utf8_bom_is_dropped),
		cmocka_unit_test(utf16_with_bom),
		cmocka_unit_test(utf32_with_bom),
		cmocka_unit_test(xml_declaration),
		cmocka_unit_test(html_meta_charset),
		cmocka_unit_test(html_meta_http_equiv),
		cmocka_unit_test(commented_meta_is_ignored),
		cmocka_unit_test(http_header),
		cmocka_unit_test(gb2312_declared_with_gbk_characters),
		cmocka_unit_test(big5_declared_with_hkscs_characters),
		cmocka_unit_test(detects_gb18030),
		cmocka_unit_test(detects_big5),
		cmocka_unit_test(detects_a_short_title),
		cmocka_unit_test(detects_short_headlines),
		cmocka_unit_test(japanese_is_not_taken_for_chinese),
		cmocka_unit_test(meta_gb2312_but_utf8),
		cmocka_unit_test(declared_utf8_but_legacy),
		cmocka_unit_test(gb_and_big5_declared_for_each_other),
		cmocka_unit_test(wide_label_in_ascii_bytes),
		cmocka_unit_test(utf7_and_ebcdic_labels_are_lies),
		cmocka_unit_test(honest_short_declarations_stand),
		cmocka_unit_test(truncated_mid_character),
		cmocka_unit_test(truncated_declared_big5),
		cmocka_unit_test(pure_ascii),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(refuses_bytes_that_fit_nothing),
		cmocka_unit_test(stray_byte_in_utf8),
		cmocka_unit_test(short_utf8_with_a_few_bad_bytes),
		cmocka_unit_test(nul_bytes_are_dropped),
		cmocka_unit_test(never_reads_past_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
