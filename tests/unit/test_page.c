/*
 * Unit tests for src/ingest/page.c: whole HTML pages to documents.  The
 * pages are small ones written for these tests: where each piece of
 * metadata is read from, and what portal chrome is left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

/* Two paragraphs of prose that any page below can carry as its article. */
#define PROSE1 "美國國防部長奧斯汀與中國國防部長董軍週五在新加坡會談，時間約七十五分鐘，雙方同意維持溝通。"
#define PROSE2 "美方官員表示，雙方討論了台灣、南海以及兩軍危機溝通機制，並同意今年稍後恢復戰區指揮官通話。"
#define ARTICLE "<div class=\"article-body\"><p>" PROSE1 "</p><p>" PROSE2 "</p></div>"

static struct doc *parse_url(const char *html, const char *url, int want_rc, struct err *e)
{
	struct doc *d = doc_new();

	assert_non_null(d);
	memset(e, 0, sizeof *e);
	assert_int_equal(page_parse(html, strlen(html), url, d, e), want_rc);
	return d;
}

static struct doc *parse(const char *html, int want_rc)
{
	struct err e;

	return parse_url(html, NULL, want_rc, &e);
}

static char *text_of(const struct doc *d)
{
	char *t = doc_text(d);

	assert_non_null(t);
	return t;
}

static void assert_iso(int64_t ms, const char *want)
{
	char got[DATETIME_ISO_MAX];

	datetime_format_iso(ms, got);
	assert_string_equal(got, want);
}

/* ---- titles ----------------------------------------------------------------- */

static void test_title_og_first(void **state)
{
	struct doc *d = parse("<html><head><title>頁面標題 - 華訊</title>"
			      "<meta property=\"og:title\" content=\"防長會談 雙方同意維持溝通\">"
			      "</head><body><h1>別的標題</h1>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_string_equal(d->title, "防長會談 雙方同意維持溝通");
	assert_string_equal(d->format, "page");
	doc_free(d);
}

static void test_title_json_ld(void **state)
{
	struct doc *d = parse("<html><head><title>x</title><script type=\"application/ld+json\">"
			      "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"站\"},"
			      "{\"@type\":\"NewsArticle\",\"headline\":\"\\u9632\\u9577\\u6703\\u8ac7\","
			      "\"datePublished\":\"2024-05-31T14:55:00+08:00\","
			      "\"author\":[{\"@type\":\"Person\",\"name\":\"林雅文\"},{\"@type\":\"Person\",\"name\":\"Lee Chen\"}],"
			      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"晨鐘新聞網\"}}]}"
			      "</script></head><body>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_string_equal(d->title, "防長會談");
	assert_string_equal(d->author, "林雅文、Lee Chen");
	assert_string_equal(d->source, "晨鐘新聞網");
	assert_iso(d->published, "2024-05-31T06:55:00Z");
	assert_false(d->flags & DOC_F_ZONE_ASSUMED);
	doc_free(d);
}

static void test_title_h1_in_title(void **state)
{
	struct doc *d = parse("<html><head><title>美中防長會談 - BBC News 中文</title></head><body>"
			      "<div class=\"logo\"><h1>BBC</h1></div><h1>美中防長會談</h1>" ARTICLE
			      "</body></html>", 0);

	(void)state;
	assert_string_equal(d->title, "美中防長會談");
	doc_free(d);
}

static void test_title_site_name_cut(void **state)
{
	struct doc *d1 = parse("<html><head><title>\n短缺药品保供稳价 全力保障\n临床用药需求_新华网\n</title></head>"
			       "<body>" ARTICLE "</body></html>", 0);
	struct doc *d2 = parse("<html><head><title>奥斯汀与董军会谈 - BBC News 中文</title></head>"
			       "<body>" ARTICLE "</body></html>", 0);

	(void)state;
	/* the wrapped line joins without a space, the typed one stays */
	assert_string_equal(d1->title, "短缺药品保供稳价 全力保障临床用药需求");
	assert_string_equal(d2->title, "奥斯汀与董军会谈");
	doc_free(d1);
	doc_free(d2);
}

/* ---- dates -------------------------------------------------------------------- */

static void test_date_meta_zoned(void **state)
{
	struct doc *d = parse("<html><head><meta property=\"article:published_time\" "
			      "content=\"2023-06-03T10:05:00+08:00\"><meta name=\"pubdate\" content=\"2020-01-01\">"
			      "</head><body>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_iso(d->published, "2023-06-03T02:05:00Z");
	assert_false(d->flags & DOC_F_ZONE_ASSUMED);
	doc_free(d);
}

static void test_date_meta_zoneless(void **state)
{
	struct doc *d = parse("<html><head><meta name=\"publishdate\" content=\"2023-11-17 10:20:00\">"
			      "</head><body>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_iso(d->published, "2023-11-17T02:20:00Z");
	assert_true(d->flags & DOC_F_ZONE_ASSUMED);
	doc_free(d);
}

static void test_date_dcterms_and_time(void **state)
{
	struct doc *d1 = parse("<html><head><meta name=\"dcterms.created\" content=\"2012-12-10T09:24:01+00:00\">"
			       "</head><body>" ARTICLE "</body></html>", 0);
	struct doc *d2 = parse("<html><body><h1>標題文字</h1><time datetime=\"2024-05-31T15:10:00+08:00\">5月31日</time>"
			       ARTICLE "</body></html>", 0);

	(void)state;
	assert_iso(d1->published, "2012-12-10T09:24:01Z");
	assert_iso(d2->published, "2024-05-31T07:10:00Z");
	doc_free(d1);
	doc_free(d2);
}

static void test_date_visible_lines(void **state)
{
	struct doc *d1 = parse("<html><head><title>標題文字</title></head><body><h1>標題文字</h1>"
			       "<div class=\"info\">記者 周啟明　2012年12月10日 14:55</div>" ARTICLE "</body></html>", 0);
	struct doc *d2 = parse("<html><body><h1>标题文字</h1><div>2023-11-17 10:20 来源：东方简报</div>"
			       ARTICLE "</body></html>", 0);
	/* the day in a meta tag, the time on the page */
	struct doc *d3 = parse("<html><head><meta name=\"publishdate\" content=\"2023-11-17\"></head>"
			       "<body><h1>标题文字</h1><div class=\"t\">2023-11-17 15:13</div>" ARTICLE
			       "</body></html>", 0);
	char *t = text_of(d1);

	(void)state;
	assert_iso(d1->published, "2012-12-10T06:55:00Z");
	assert_true(d1->flags & DOC_F_ZONE_ASSUMED);
	assert_string_equal(d1->author, "周啟明");
	assert_null(strstr(t, "14:55"));
	assert_iso(d2->published, "2023-11-17T02:20:00Z");
	assert_iso(d3->published, "2023-11-17T07:13:00Z");
	free(t);
	doc_free(d1);
	doc_free(d2);
	doc_free(d3);
}

static void test_headline_not_a_date_line(void **state)
{
	/* the date and the 记者会 in the headline are neither date line nor byline;
	 * an og:title that is only the site name falls through to the headline */
	struct doc *d = parse("<html><head><meta property=\"og:title\" content=\" - 东方简报\">"
			      "<title>外交部2024年6月1日记者会 - 东方简报</title></head><body>"
			      "<h1>外交部2024年6月1日记者会</h1><div>2024-06-03 18:20</div>" ARTICLE
			      "</body></html>", 0);

	(void)state;
	assert_string_equal(d->title, "外交部2024年6月1日记者会");
	assert_iso(d->published, "2024-06-03T10:20:00Z");
	assert_null(d->author);
	doc_free(d);
}

static void test_date_gmt_line(void **state)
{
	struct doc *d = parse("<html><body><h1>标题文字</h1><div>更新时间 2012年12月10日, 格林尼治标准时间10:41</div>"
			      ARTICLE "</body></html>", 0);

	(void)state;
	assert_iso(d->published, "2012-12-10T10:41:00Z");
	assert_false(d->flags & DOC_F_ZONE_ASSUMED);
	doc_free(d);
}

static void test_no_date(void **state)
{
	struct doc *d = parse("<html><body>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_true(d->published == DOC_TIME_NONE);
	doc_free(d);
}

/* ---- author, outlet, URL ---------------------------------------------------------- */

static void test_author_and_outlet(void **state)
{
	struct doc *d1 = parse("<html><head><meta name=\"author\" content=\"严玉洁\">"
			       "<meta name=\"source\" content=\"中国日报网\"></head><body>" ARTICLE
			       "</body></html>", 0);
	struct doc *d2 = parse("<html><head><meta property=\"og:site_name\" content=\"華訊\">"
			       "<meta name=\"source\" content=\"別家\"></head><body><h1>標題文字</h1>"
			       "<p class=\"by\">【責任編輯：張樵蘇】</p>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_string_equal(d1->author, "严玉洁");
	assert_string_equal(d1->source, "中国日报网");
	assert_string_equal(d2->source, "華訊");
	assert_string_equal(d2->author, "張樵蘇");
	doc_free(d1);
	doc_free(d2);
}

static void test_mobile_promos(void **state)
{
	/* role words off a meta author; app promos and "展開全文" not text */
	struct doc *d = parse("<html><head><meta name=\"author\" content=\"華訊記者 蔡宜君\"></head><body>"
			      "<div class=\"article\"><p>" PROSE1 "</p><p>打開華訊APP，閱讀體驗更好</p><p>" PROSE2 "</p>"
			      "<p>展開全文</p></div></body></html>", 0);
	char *t = text_of(d);

	(void)state;
	assert_string_equal(d->author, "蔡宜君");
	assert_string_equal(t, PROSE1 "\n\n" PROSE2);
	free(t);
	doc_free(d);
}

static void test_canonical(void **state)
{
	struct err e;
	struct doc *d1 = parse_url("<html><head><link rel=\"canonical\" href=\"/a/1.html\">"
				   "<meta property=\"og:url\" content=\"https://x.example.org/og\">"
				   "</head><body>" ARTICLE "</body></html>",
				   "https://huaxun.example.org/a/1.html?utm=x", 0, &e);
	struct doc *d2 = parse_url("<html><head><meta property=\"og:url\" content=\"https://x.example.org/og\">"
				   "</head><body>" ARTICLE "</body></html>", NULL, 0, &e);
	struct doc *d3 = parse_url("<html><body>" ARTICLE "</body></html>",
				   "https://huaxun.example.org/b", 0, &e);

	(void)state;
	assert_string_equal(d1->url, "https://huaxun.example.org/a/1.html");
	assert_string_equal(d2->url, "https://x.example.org/og");
	assert_string_equal(d3->url, "https://huaxun.example.org/b");
	doc_free(d1);
	doc_free(d2);
	doc_free(d3);
}

/* ---- the portal around the article --------------------------------------------------- */

static void test_portal_removed(void **state)
{
	struct doc *d = parse(
		"<html><head><title>會談結束 - 華訊</title></head><body>"
		"<div class=\"cookie-notice\">本網站使用Cookie，繼續瀏覽即表示您同意。</div>"
		"<nav><ul><li><a href=\"/\">首頁</a></li><li><a href=\"/w\">國際</a></li></ul></nav>"
		"<div class=\"login-box\"><form><input name=u><button>登入</button></form><a href=\"/r\">註冊會員，立即享有更多服務。</a></div>"
		"<div class=\"breadcrumb\"><a href=\"/\">首頁</a> &gt; 國際</div>"
		"<div style=\"display:none\"><p>隱藏的重複段落，不應出現在正文裡。</p></div>"
		"<div id=\"main\"><h1>會談結束</h1>"
		"<div class=\"share-bar\">分享到：<a href=\"https://twitter.com/intent/tweet\">X</a></div>"
		"<div class=\"content\"><h2>會談結束</h2><p>" PROSE1 "</p>"
		"<div class=\"box\"><ul><li><a href=\"/1\">延伸閱讀一</a></li><li><a href=\"/2\">延伸閱讀二</a></li><li><a href=\"/3\">延伸閱讀三</a></li></ul></div>"
		"<p>" PROSE2 "</p><p>© 2024 華訊版權所有，未經授權不得轉載。</p></div></div>"
		"<div class=\"related\"><h3>相關新聞</h3><ul><li><a href=\"/x\">另一則新聞，雙方同意再談。</a></li></ul></div>"
		"<section id=\"comments\"><p>網友甲：這次會談很重要，希望雙方能夠持續溝通，不要再中斷。</p>"
		"<p>網友乙：七十五分鐘不算短，值得期待後續的發展與落實。</p></section>"
		"<div class=\"sidebar\"><ol><li><a href=\"/h1\">熱門一</a></li></ol></div>"
		"<footer><p>關於我們｜聯絡我們</p><p>© 2024 華訊</p></footer>"
		"</body></html>", 0);
	char *t = text_of(d);

	(void)state;
	assert_string_equal(t, PROSE1 "\n\n" PROSE2);
	assert_string_equal(d->title, "會談結束");
	free(t);
	doc_free(d);
}

static void test_labelled_boxes(void **state)
{
	/* no class hints: the boxes are known by their labels */
	struct doc *d = parse("<html><body><div class=\"w\"><div class=\"txt\"><p>" PROSE1 "</p><p>" PROSE2 "</p></div>"
			      "<div class=\"box\"><h3>网友评论</h3><p>网友：会谈能常态化最好，不要每次出事才想到沟通。</p></div>"
			      "<div class=\"box\"><strong>相关阅读</strong><p><a href=\"/a\">中美防长视频通话，双方同意保持沟通。</a></p></div>"
			      "</div></body></html>", 0);
	char *t = text_of(d);

	(void)state;
	assert_string_equal(t, PROSE1 "\n\n" PROSE2);
	free(t);
	doc_free(d);
}

static void test_split_body_merged(void **state)
{
	struct doc *d = parse("<html><body><div class=\"wrap\">"
			      "<div class=\"article-content\"><p>" PROSE1 "</p><p>" PROSE1 "</p></div>"
			      "<div class=\"ad-inline\"><a href=\"/ad\"><img src=\"/ad.gif\"></a></div>"
			      "<div class=\"article-content\"><p>" PROSE2 "</p><p>" PROSE2 "</p></div>"
			      "</div><div class=\"side\"><a href=\"/1\">熱門</a></div></body></html>", 0);

	(void)state;
	assert_int_equal(d->n_paras, 4);
	assert_string_equal(d->paras[3].text, PROSE2);
	doc_free(d);
}

static void test_bare_body_paragraphs(void **state)
{
	/* text typed into <body>, paragraphs apart by blank lines */
	struct doc *d = parse("<html><head><title>標題文字</title></head><body>\r\n" PROSE1 "\r\n\r\n"
			      PROSE2 "\n  \n" PROSE1 "\n</body></html>", 0);

	(void)state;
	assert_int_equal(d->n_paras, 3);
	assert_string_equal(d->paras[1].text, PROSE2);
	doc_free(d);
}

static void test_lead_image_kept(void **state)
{
	struct doc *d = parse("<html><body><article><h1>標題文字</h1>"
			      "<figure><img src=\"https://huaxun.example.org/p.jpg\"><figcaption>會場一景</figcaption></figure>"
			      ARTICLE "</article></body></html>", 0);

	(void)state;
	assert_int_equal(d->n_images, 1);
	assert_string_equal(d->images[0].caption, "會場一景");
	assert_int_equal(d->n_paras, 2);
	doc_free(d);
}

static void test_meta_charset_ignored(void **state)
{
	/* UTF-8 bytes under a gb2312 declaration stay as they are */
	struct doc *d = parse("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
			      "<title>标题文字</title></head><body>" ARTICLE "</body></html>", 0);

	(void)state;
	assert_string_equal(d->title, "标题文字");
	assert_string_equal(d->paras[0].text, PROSE1);
	doc_free(d);
}

/* ---- pages without an article ------------------------------------------------------------ */

static void test_empty_pages(void **state)
{
	struct err e;
	struct doc *d;

	(void)state;
	d = parse_url("<html><head><title>系统维护中</title></head><body><div>和讯博客正在进行系统维护，请您稍后重试。</div></body></html>",
		      NULL, DOSSIER_EEMPTY, &e);
	assert_non_null(strstr(e.msg, "no article text: a maintenance notice"));
	doc_free(d);
	d = parse_url("<html><head><title>404 页面不存在</title></head><body><p>您访问的页面不存在。</p><a href=\"/\">返回首页</a></body></html>",
		      NULL, DOSSIER_EEMPTY, &e);
	assert_non_null(strstr(e.msg, "an error page"));
	doc_free(d);
	d = parse_url("<html><body><ul><li><a href=\"/a\">国际</a></li><li><a href=\"/b\">财经</a></li>"
		      "<li><a href=\"/c\">体育新闻列表</a></li></ul></body></html>", NULL, DOSSIER_EEMPTY, &e);
	assert_non_null(strstr(e.msg, "no article text"));
	doc_free(d);
	d = parse_url("<html><head><title>x</title></head></html>", NULL, DOSSIER_EEMPTY, &e);
	doc_free(d);
	d = parse_url("", NULL, DOSSIER_EEMPTY, &e);
	doc_free(d);
}

static void test_short_report_not_an_error_page(void **state)
{
	/* 找不到 in a short report is not an error page */
	struct doc *d = parse("<html><head><title>山區搜救持續 - 華訊</title></head><body><div class=\"content\">"
			      "<p>警方表示，截至週五晚間仍找不到在山區失聯的兩名登山客，搜救人員將在天亮後擴大搜索範圍。</p>"
			      "<p>消防局說，山區連日降雨，部分步道坍方，搜救行動必須格外小心，家屬目前在山下等候消息。</p>"
			      "</div></body></html>", 0);

	(void)state;
	assert_int_equal(d->n_paras, 2);
	doc_free(d);
}

static void test_bytes_not_html(void **state)
{
	static const char junk[] = "<html><body><div><p>\x01\xff\xfe<<<</p><a href=\"javascript:\">"
				   "</div></table></td><script>var a='<p>';</script>正文一段，內容很短。";
	struct doc *d = doc_new();
	struct err e = { 0 };
	int rc = page_parse(junk, sizeof junk - 1, NULL, d, &e);

	(void)state;
	assert_true(rc == DOSSIER_OK || rc == DOSSIER_EEMPTY);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_og_first),
		cmocka_unit_test(test_title_json_ld),
		cmocka_unit_test(test_title_h1_in_title),
		cmocka_unit_test(test_title_site_name_cut),
		cmocka_unit_test(test_date_meta_zoned),
		cmocka_unit_test(test_date_meta_zoneless),
		cmocka_unit_test(test_date_dcterms_and_time),
		cmocka_unit_test(test_date_visible_lines),
		cmocka_unit_test(test_headline_not_a_date_line),
		cmocka_unit_test(test_date_gmt_line),
		cmocka_unit_test(test_no_date),
		cmocka_unit_test(test_author_and_outlet),
		cmocka_unit_test(test_mobile_promos),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_portal_removed),
		cmocka_unit_test(test_labelled_boxes),
		cmocka_unit_test(test_split_body_merged),
		cmocka_unit_test(test_bare_body_paragraphs),
		cmocka_unit_test(test_lead_image_kept),
		cmocka_unit_test(test_meta_charset_ignored),
		cmocka_unit_test(test_empty_pages),
		cmocka_unit_test(test_short_report_not_an_error_page),
		cmocka_unit_test(test_bytes_not_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
