/*
 * Unit tests for src/ingest/html.c: HTML bodies to paragraphs, captions,
 * links and the dateline.  Inputs are small snippets written for these
 * tests, in Traditional and Simplified script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

/* Parses `html` into a fresh doc (caller frees) and checks the result code. */
static struct doc *parse(const char *html, const char *base, int want_rc,
			 struct html_extras *x)
{
	struct doc *d = doc_new();
	struct err e = { 0 };

	assert_non_null(d);
	assert_int_equal(html_body_to_doc(html, strlen(html), base, d, x, &e),
			 want_rc);
	if (want_rc)
		assert_true(e.msg[0] != '\0');
	return d;
}

static void assert_paras(const struct doc *d, const char *const *want)
{
	size_t n = 0;

	for (; want[n]; n++) {
		assert_true(n < d->n_paras);
		assert_string_equal(d->paras[n].text, want[n]);
	}
	assert_int_equal(d->n_paras, n);
}

static void collapses_white_space(void **state)
{
	static const char *const want[] = {
		"台北今天 下雨，氣溫降到十度。",
		"Hello world & friends",
		"北京今天刮风。Wind from the north 风很大。",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<p>  台北今天  下雨，\n   氣溫\n降到十度。 </p>"
		  "<p>Hello\n   world &amp; friends</p>"
		  "<p>北京今天刮风。Wind\nfrom the\tnorth 风很大。</p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	assert_int_equal(d->paras[0].kind, DOC_PARA_TEXT);
	doc_free(d);
}

static void decodes_entities(void **state)
{
	static const char *const want[] = {
		"<b> \"引號\" 中文 'x'",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<p>&lt;b&gt; &quot;引號&quot; &#x4E2D;&#25991; &#39;x&#39;&nbsp;</p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	doc_free(d);
}

static void spans_are_inline(void **state)
{
	static const char *const want[] = {
		"讨论996被开除，员工们很生气。",
		"记者：小王 责编：小李",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<p></p><p>讨论<span>996</span><span>被开除，</span>"
		  "<span>员工们<span>很</span>生气。</span><span><br/></span></p>"
		  "<p><br/></p><p><span>记者：小王   责编：小李</span></p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	doc_free(d);
}

static void br_joins_lines_and_double_br_splits(void **state)
{
	static const char *const want[] = {
		"上一行下一行",
		"one two",
		"第一段",
		"第二段",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<div>上一行<br>下一行</div><div>one<br/>two</div>"
		  "<div>第一段<br><br>第二段</div>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	doc_free(d);
}

static void takes_the_leading_dateline(void **state)
{
	static const char *const want[] = { "正文第一段。", NULL };
	struct html_extras x = { 0 };
	struct doc *d;

	(void)state;
	d = parse("<div><i><br>2023-05-30T01:48:40.040Z</i></div><p>正文第一段。</p>",
		  NULL, DOSSIER_OK, &x);
	assert_string_equal(x.dateline, "2023-05-30T01:48:40.040Z");
	assert_paras(d, want);
	html_extras_release(&x);
	assert_null(x.dateline);
	doc_free(d);

	d = parse("<div>\n<div><i>   王小明<br>2021-01-08T11:55:21.690Z</i></div>"
		  "<p>正文第一段。</p></div>", NULL, DOSSIER_OK, &x);
	assert_string_equal(x.dateline, "王小明\n2021-01-08T11:55:21.690Z");
	assert_paras(d, want);
	html_extras_release(&x);
	doc_free(d);

	d = parse("<div>07/11/2023 - 12:35</div><img src=\"https://example.org/p.jpg\">"
		  "<p>正文第一段。</p>", NULL, DOSSIER_OK, &x);
	assert_string_equal(x.dateline, "07/11/2023 - 12:35");
	assert_paras(d, want);
	assert_int_equal(d->n_images, 1);
	assert_null(d->images[0].caption);
	html_extras_release(&x);
	doc_free(d);

	/* not leading: an ordinary paragraph */
	d = parse("<p>正文第一段。</p><div>07/11/2023 - 12:35</div>",
		  NULL, DOSSIER_OK, &x);
	assert_null(x.dateline);
	assert_int_equal(d->n_paras, 2);
	html_extras_release(&x);
	doc_free(d);

	/* extras may be NULL: the dateline is still not a paragraph */
	d = parse("<div>2023-05-30</div><p>正文第一段。</p>", NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	doc_free(d);
}

static void keeps_captions_with_images(void **state)
{
	static const char *const want[] = {
		"第一段內文。",
		"第二段内文，比较长的一段。",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<img src=\"https://img.example.org/1.jpg\" width=\"100%\">"
		  "<div><small style=\"color: #999;\">總統府前的廣場</small></div>"
		  "<p>第一段內文。</p>"
		  "<div class=\"figure-media\"><img class=\"lazyload\" "
		  "data-src=\"https://img.example.org/2.jpg\" alt></div>"
		  "<figcaption>外长在记者会上发言。（资料图片） </figcaption>"
		  "<img src=\"/img/3.jpg\"><p>第二段内文，比较长的一段。</p>"
		  "<img src=\"data:image/gif;base64,R0lGOD\" data-original=\"4.jpg\">"
		  "<div class=\"picinfo\">港口的貨櫃</div>",
		  "https://news.example.org/a/b.html", DOSSIER_OK, NULL);
	assert_paras(d, want);
	assert_int_equal(d->n_images, 4);
	assert_string_equal(d->images[0].src, "https://img.example.org/1.jpg");
	assert_string_equal(d->images[0].caption, "總統府前的廣場");
	assert_string_equal(d->images[1].src, "https://img.example.org/2.jpg");
	assert_string_equal(d->images[1].caption, "外长在记者会上发言。（资料图片）");
	assert_string_equal(d->images[2].src, "https://news.example.org/img/3.jpg");
	assert_null(d->images[2].caption);
	assert_string_equal(d->images[3].src, "https://news.example.org/a/4.jpg");
	assert_string_equal(d->images[3].caption, "港口的貨櫃");
	doc_free(d);

	/* an image with an empty figcaption, then text in <p> */
	d = parse("<figure><img src=\"https://img.example.org/5.jpg\"><br>"
		  "<figcaption></figcaption></figure><div><p>正文。</p></div>",
		  NULL, DOSSIER_OK, NULL);
	assert_int_equal(d->n_images, 1);
	assert_null(d->images[0].caption);
	assert_int_equal(d->n_paras, 1);
	doc_free(d);
}

static void finds_headings(void **state)
{
	static const char *const want[] = {
		"兩岸會談有望恢復？",
		"消息人士透露，雙方已經開始接觸，會談可能在下個月舉行，地點尚未確定。",
		"会谈的地点",
		"粗體與一般文字混合的段落",
		"列表中的粗體",
		"A short bold line",
		NULL
	};
	static const int kinds[] = { 1, 0, 1, 0, 0, 1 };
	struct doc *d;

	(void)state;
	d = parse("<p><strong>兩岸會談有望恢復？</strong></p>"
		  "<p><strong>消息人士透露，雙方已經開始接觸，會談可能在下個月舉行，"
		  "地點尚未確定。        </strong></p>"
		  "<h2 id=\"x\">会谈的地点</h2>"
		  "<p><b>粗體與</b>一般文字混合的段落</p>"
		  "<ul><li><strong>列表中的粗體</strong></li></ul>"
		  "<p><b>A short <i>bold</i> line</b><strong></strong></p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	for (size_t i = 0; i < d->n_paras; i++)
		assert_int_equal(d->paras[i].kind, kinds[i]);
	doc_free(d);
}

static void drops_share_bars_and_promos(void **state)
{
	static const char *const want[] = { "正文到此為止。", NULL };
	struct doc *d;

	(void)state;
	d = parse("<div><p>正文到此為止。</p>"
		  "<div data-selfpromo-newsletter>訂閱我們的電子報</div>"
		  "<div data-selfpromo-app>下載應用程式</div></div>"
		  "<div><div>分享 :</div><div>"
		  "<a href=\"https://www.facebook.com/dialog/share?app_id=1&amp;href=x\"><span></span></a>"
		  "<a href=\"whatsapp://send?text=abc\">WhatsApp</a>"
		  "<a href=\"https://x.com/intent/tweet?url=y\">X</a>"
		  "<span data-root-share><share-button></share-button></span></div></div>"
		  "<div class=\"share-tools\">分享到微博</div>"
		  "<script>var 分享 = 1;</script><style>p { color: red }</style>"
		  "<noscript>請開啟腳本</noscript><iframe src=\"x\">框架</iframe>"
		  "<form><input value=\"搜尋\"><button>送出</button></form>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	assert_int_equal(d->n_links, 0);
	doc_free(d);

	/* Other aggregators and outlets word their footers differently. */
	static const char *const last[] = { "本文最後一句。", NULL };
	d = parse("<p>本文最後一句。</p><hr><div>获取更多资讯：<a href=\"https://x.example.org\">"
		  "https://x.example.org</a></div>", NULL, DOSSIER_OK, NULL);
	assert_paras(d, last);
	doc_free(d);
	d = parse("<p>本文最後一句。</p><p>訂閱我們的電子報，每天早上收到要聞。</p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, last);
	doc_free(d);
	/* A paragraph that opens the article, or a long one, is text. */
	static const char *const long_para[] = {
		"訂閱制媒體在過去十年間快速成長，許多讀者願意為深入的國際新聞付費，"
		"而這也改變了新聞機構經營的方式，使得調查報導與長篇分析得以持續。",
		"訂閱我們的電子報，每天早上收到要聞；這一段話雖然以訂閱開頭，但是長度超過八十個字，"
		"所以它是正文的一部分，而不是頁尾的推廣文字，解析器必須把它留下來，一字不漏，完整保存在文件裡。",
		NULL };
	d = parse("<p>訂閱制媒體在過去十年間快速成長，許多讀者願意為深入的國際新聞付費，"
		  "而這也改變了新聞機構經營的方式，使得調查報導與長篇分析得以持續。</p>"
		  "<p>訂閱我們的電子報，每天早上收到要聞；這一段話雖然以訂閱開頭，但是長度超過八十個字，"
		  "所以它是正文的一部分，而不是頁尾的推廣文字，解析器必須把它留下來，一字不漏，完整保存在文件裡。</p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, long_para);
	doc_free(d);
}

static void drops_copyright_notices(void **state)
{
	static const char *const want[] = {
		"最後一段正文。",
		"抗议者聚集在广场",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<p>最後一段正文。</p>"
		  "<p><em>© 2024年某某電台版權聲明：本文內容受著作權法保護，不得轉載。</em></p>"
		  "<p>抗议者聚集在广场 © 2021 AFP</p>"
		  "<p>© 2021 AFP</p><p>版权所有，转载必究</p>"
		  "<p>Copyright 2022 Example News. All rights reserved.</p>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	doc_free(d);
}

static void stops_at_the_feed_footer(void **state)
{
	static const char *const want[] = { "本文最後一句。", NULL };
	struct doc *d;

	(void)state;
	d = parse("<div><p>本文最後一句。</p></div><br><hr><div>获取更多RSS：<br>"
		  "<a href=\"https://feeds.example.net\" style=\"color:orange\">"
		  "https://feeds.example.net</a> <br>"
		  "<a href=\"https://feeds.example.com\">https://feeds.example.com</a><br></div>",
		  NULL, DOSSIER_OK, NULL);
	assert_paras(d, want);
	assert_int_equal(d->n_links, 0);
	doc_free(d);
}

static void keeps_links_in_text(void **state)
{
	static const char *const want[] = {
		"詳見這篇報導，以及另一篇 related story 。",
		NULL
	};
	struct doc *d;

	(void)state;
	d = parse("<p>詳見<a href=\"/news/1.html\" rel=\"ArticleRef\">這篇報導</a>，"
		  "以及另一篇 <a href=\"https://other.example.com/s?a=1&amp;b=2\">"
		  "related\n story</a> 。<a href=\"#top\">回頂部</a>"
		  "<a href=\"javascript:void(0)\"></a></p>",
		  "https://news.example.org/a/b.html", DOSSIER_OK, NULL);
	/* the in-page anchor is text too, but no link */
	assert_int_equal(d->n_paras, 1);
	assert_true(strncmp(d->paras[0].text, want[0], strlen(want[0])) == 0);
	assert_int_equal(d->n_links, 2);
	assert_string_equal(d->links[0].href, "https://news.example.org/news/1.html");
	assert_string_equal(d->links[0].text, "這篇報導");
	assert_string_equal(d->links[1].href, "https://other.example.com/s?a=1&b=2");
	assert_string_equal(d->links[1].text, "related story");
	doc_free(d);

	/* without a base the reference stays as written */
	d = parse("<p><a href=\" rel/2.html \">相關</a>新聞</p>", NULL, DOSSIER_OK, NULL);
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].href, "rel/2.html");
	doc_free(d);
}

static void drops_relative_times(void **state)
{
	static const char *const want[] = { "標題之後的內文。", NULL };
	struct doc *d;

	(void)state;
	d = parse("<h1>新聞標題</h1><div><time datetime=\"2021-01-21\">33 分鐘前</time></div>"
		  "<p>標題之後的內文。</p>", NULL, DOSSIER_OK, NULL);
	assert_int_equal(d->n_paras, 2);
	assert_int_equal(d->paras[0].kind, DOC_PARA_HEADING);
	assert_string_equal(d->paras[1].text, want[0]);
	doc_free(d);
}

static void empty_bodies_are_empty(void **state)
{
	static const char *const inputs[] = {
		"", "   \n ", "<p></p><div> </div><p><br/></p>",
		"<script>var a = '正文';</script>", "<img src=\"x.jpg\">",
		"<div>2023-05-30T01:48:40.040Z</div>", "<!-- 只有註解 -->",
		"<p>© 2023 某某社</p>",
	};
	struct doc *d;

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		d = parse(inputs[i], NULL, DOSSIER_EEMPTY, NULL);
		assert_int_equal(d->n_paras, 0);
		doc_free(d);
	}
	/* NULL input with zero length */
	{
		struct err e = { 0 };

		d = doc_new();
		assert_int_equal(html_body_to_doc(NULL, 0, NULL, d, NULL, &e),
				 DOSSIER_EEMPTY);
		doc_free(d);
	}
}

static void survives_broken_html(void **state)
{
	static const char *const inputs[] = {
		"<p>未閉合的<b>粗體<div>區塊</p></i></b>",
		"</div></div></p>尾巴",
		"<p><a href=\"x\"><div>塊<a href=\"y\">內</a></div>外</a></p>",
		"<table><tr><td>表格<td>內容</table>",
		"<<<>>><p =>屬性</p>",
		"<p>無效位元組 \xff\xfe 與 \xe4\xb8 截斷</p>",
		"<p>含有\0空字元的段落</p>",
		"<html><head><title>頁面標題</title></head><body><p>頁面內文</p></body></html>",
		"<![CDATA[ 資料 ]]><p>後面</p>",
		"<strong><p>粗體包住段落</p></strong>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct doc *d = doc_new();
		struct err e = { 0 };
		size_t len = strlen(inputs[i]);
		int rc;

		if (i == 6)
			len = sizeof "<p>含有\0空字元的段落</p>" - 1;
		rc = html_body_to_doc(inputs[i], len, NULL, d, NULL, &e);
		/* each holds some text that survives the repair */
		assert_int_equal(rc, DOSSIER_OK);
		assert_true(d->n_paras > 0);
		doc_free(d);
	}
	{
		static const char *const want[] = { "未閉合的粗體", "區塊", NULL };
		struct doc *d = parse(inputs[0], NULL, DOSSIER_OK, NULL);

		assert_paras(d, want);
		doc_free(d);
	}
	{
		struct doc *d = parse("<html><head><title>頁面標題</title></head>"
				      "<body><p>頁面內文</p></body></html>",
				      NULL, DOSSIER_OK, NULL);

		assert_int_equal(d->n_paras, 1);
		assert_string_equal(d->paras[0].text, "頁面內文");
		doc_free(d);
	}
}

static void bounds_nested_links(void **state)
{
	struct buf html = BUF_INIT;
	struct doc *d;

	(void)state;
	for (int i = 0; i < 200; i++)
		buf_printf(&html, "<a href=\"/l/%d\"><div>第%d層", i, i);
	for (int i = 0; i < 200; i++)
		buf_adds(&html, "</div></a>");
	d = parse(html.data, "https://example.org/", DOSSIER_OK, NULL);
	/* libxml2 caps the depth of the tree; what it keeps is read */
	assert_true(d->n_paras >= 100 && d->n_paras <= 200);
	assert_true(d->n_links > 0 && d->n_links <= 200);
	doc_free(d);
	buf_release(&html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collapses_white_space),
		cmocka_unit_test(decodes_entities),
		cmocka_unit_test(spans_are_inline),
		cmocka_unit_test(br_joins_lines_and_double_br_splits),
		cmocka_unit_test(takes_the_leading_dateline),
		cmocka_unit_test(keeps_captions_with_images),
		cmocka_unit_test(finds_headings),
		cmocka_unit_test(drops_share_bars_and_promos),
		cmocka_unit_test(drops_copyright_notices),
		cmocka_unit_test(stops_at_the_feed_footer),
		cmocka_unit_test(keeps_links_in_text),
		cmocka_unit_test(drops_relative_times),
		cmocka_unit_test(empty_bodies_are_empty),
		cmocka_unit_test(survives_broken_html),
		cmocka_unit_test(bounds_nested_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
