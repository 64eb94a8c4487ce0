/*
 * Unit tests for src/ingest/feed.c: every feed format, the date forms,
 * the body/summary choice and each kind of breakage real feeds have.
 * The feeds are written for these tests (short made-up news items about
 * defence talks, in both scripts).
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

#define MAX_DOCS 16
#define FETCHED 1717200000000LL /* 2024-06-01T00:00:00Z */

struct got {
	struct doc *docs[MAX_DOCS];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int keep(void *arg, struct doc **d, struct err *e)
{
	struct got *g = arg;

	assert_true(g->n < MAX_DOCS);
	g->docs[g->n++] = *d;
	*d = NULL;
	if (g->stop_after && g->n == g->stop_after)
		return err_set(e, DOSSIER_EUSAGE, "enough");
	return DOSSIER_OK;
}

static void got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		doc_free(g->docs[i]);
	memset(g, 0, sizeof *g);
}

/* Parses `xml` (served from `base`), expecting `want_rc`. */
static void parse(const char *xml, const char *base, int want_rc, struct got *g,
		  struct feed_info *fi)
{
	struct feed_opts o = { .base_url = base, .fetched = FETCHED, .feed = NULL };
	struct err e = { 0 };

	memset(g, 0, sizeof *g);
	assert_int_equal(feed_parse(xml, strlen(xml), &o, keep, g, fi, &e), want_rc);
	if (!want_rc)
		assert_int_equal(fi->items, g->n);
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
	return datetime_from_utc(y, mo, d, h, mi, s, ms);
}

static void assert_problem(const struct feed_info *fi, const char *text)
{
	if (!strstr(fi->problems.data, text)) {
		print_error("problems:\n%s\nlack: %s\n", fi->problems.data, text);
		fail();
	}
}

static int has_category(const struct doc *d, const char *c)
{
	for (size_t i = 0; i < d->n_categories; i++)
		if (!strcmp(d->categories[i], c))
			return 1;
	return 0;
}

/* ---- formats --------------------------------------------------------------- */

static const char rss2[] =
	"<?xml version=\"1.0\" encoding=\"gb2312\"?>\n"
	"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	"     xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	"     xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	"<channel>\n"
	"  <title>东方简报 · 国际</title>\n"
	"  <atom:link href=\"https://dongfang-brief.example.org/rss\" rel=\"self\"/>\n"
	"  <link>/cn/</link>\n"
	"  <language>zh-cn</language>\n"
	"  <item>\n"
	"    <title>中美防长在新加坡会晤</title>\n"
	"    <link>/cn/2024/0531-defence.html</link>\n"
	"    <guid isPermaLink=\"false\">df-20240531-01</guid>\n"
	"    <pubDate>Fri, 31 May 2024 20:15:00 +0800</pubDate>\n"
	"    <dc:creator>王小明</dc:creator>\n"
	"    <category>国际</category>\n"
	"    <category><![CDATA[中美关系]]></category>\n"
	"    <description>两国防长周五会谈一个多小时。</description>\n"
	"    <content:encoded><![CDATA[<p>两国防长周五在香格里拉对话期间会谈一个多小时。</p>"
	"<p>双方同意保持两军沟通，<a href=\"/cn/tag/defence\">详见专题</a>。</p>]]></content:encoded>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>只有摘要的快讯</title>\n"
	"    <link>https://dongfang-brief.example.org/cn/2024/0601-flash.html</link>\n"
	"    <pubDate>Sat, 01 Jun 2024 09:00:00 GMT</pubDate>\n"
	"    <author>desk@dongfang-brief.example.org (国际部)</author>\n"
	"    <description>&lt;p&gt;美方表示会谈坦率。&lt;/p&gt;</description>\n"
	"  </item>\n"
	"</channel>\n"
	"</rss>\n";

static void rss2_items(void **state)
{
	struct got g;
	struct feed_info fi;
	struct doc *d;

	(void)state;
	parse(rss2, "https://dongfang-brief.example.org/rss", DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(fi.title, "东方简报 · 国际");
	assert_string_equal(fi.site, "https://dongfang-brief.example.org/cn/");
	assert_string_equal(fi.language, "zh-cn");
	assert_int_equal(fi.dropped, 0);
	assert_int_equal(fi.problems.len, 0);

	d = g.docs[0];
	assert_string_equal(d->title, "中美防长在新加坡会晤");
	assert_string_equal(d->url, "https://dongfang-brief.example.org/cn/2024/0531-defence.html");
	assert_string_equal(d->guid, "df-20240531-01");
	assert_string_equal(d->format, "feed");
	assert_string_equal(d->author, "王小明");
	assert_true(d->published == utc(2024, 5, 31, 12, 15, 0, 0));
	assert_true(d->fetched == FETCHED);
	assert_int_equal(d->flags, 0);
	assert_int_equal(d->n_categories, 2);
	assert_true(has_category(d, "国际") && has_category(d, "中美关系"));
	assert_int_equal(d->n_paras, 2);
	assert_string_equal(d->paras[0].text, "两国防长周五在香格里拉对话期间会谈一个多小时。");
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].href, "https://dongfang-brief.example.org/cn/tag/defence");
	assert_string_equal(d->summary, "两国防长周五会谈一个多小时。");

	d = g.docs[1];
	assert_true(d->published == utc(2024, 6, 1, 9, 0, 0, 0));
	assert_int_equal(d->flags, DOC_F_SUMMARY_ONLY);
	assert_null(d->summary);
	assert_null(d->guid);
	assert_string_equal(d->author, "国际部");
	assert_int_equal(d->n_paras, 1);
	assert_string_equal(d->paras[0].text, "美方表示会谈坦率。");
	got_free(&g);
	feed_info_release(&fi);
}

static const char rdf[] =
	"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
	"  xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	" <channel rdf:about=\"https://huaxun.example.org/rss.rdf\">\n"
	"  <title>華訊 兩岸</title>\n"
	"  <link>https://huaxun.example.org/</link>\n"
	"  <dc:language>zh-tw</dc:language>\n"
	"  <items><rdf:Seq><rdf:li rdf:resource=\"https://huaxun.example.org/a/1\"/></rdf:Seq></items>\n"
	" </channel>\n"
	" <item rdf:about=\"https://huaxun.example.org/新聞/董軍-奧斯汀\">\n"
	"  <title>董軍與奧斯汀通話</title>\n"
	"  <link>https://huaxun.example.org/新聞/董軍-奧斯汀</link>\n"
	"  <description>兩國防長進行視訊通話。</description>\n"
	"  <dc:date>2024-04-16 21:30</dc:date>\n"
	"  <dc:subject>國防</dc:subject>\n"
	" </item>\n"
	" <item rdf:about=\"https://huaxun.example.org/a/2\">\n"
	"  <title>美中軍事溝通恢復</title>\n"
	"  <dc:date>2024-04-17T02:00:00.125Z</dc:date>\n"
	" </item>\n"
	"</rdf:RDF>\n";

static void rdf_items(void **state)
{
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(rdf, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(fi.title, "華訊 兩岸");
	assert_string_equal(fi.language, "zh-tw");
	/* Raw Chinese IRIs are kept as written. */
	assert_string_equal(g.docs[0]->url, "https://huaxun.example.org/新聞/董軍-奧斯汀");
	assert_string_equal(g.docs[0]->guid, "https://huaxun.example.org/新聞/董軍-奧斯汀");
	/* zh-tw: a zone-less time is Taipei time (UTC+8), and says so. */
	assert_true(g.docs[0]->published == utc(2024, 4, 16, 13, 30, 0, 0));
	assert_int_equal(g.docs[0]->flags, DOC_F_ZONE_ASSUMED | DOC_F_SUMMARY_ONLY);
	assert_true(has_category(g.docs[0], "國防"));
	/* No <link>: rdf:about is the address. */
	assert_string_equal(g.docs[1]->url, "https://huaxun.example.org/a/2");
	assert_true(g.docs[1]->published == utc(2024, 4, 17, 2, 0, 0, 125));
	assert_int_equal(g.docs[1]->n_paras, 0);
	got_free(&g);
	feed_info_release(&fi);
}

static void rss090_items(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
		"  xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">\n"
		"<channel><title>觀瀾 舊版</title><link>https://guanlan.example.org/</link>"
		"<description>x</description></channel>\n"
		"<item><title>防長對話之後</title><link>https://guanlan.example.org/p/7</link></item>\n"
		"<item><title>熱線何時重啟</title><link>https://guanlan.example.org/p/8</link></item>\n"
		"</rdf:RDF>";
	struct got g;
	struct feed_info fi;

	(void)state;
	assert_true(feed_sniff(xml, strlen(xml)));
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.docs[1]->title, "熱線何時重啟");
	assert_string_equal(g.docs[1]->url, "https://guanlan.example.org/p/8");
	/* No dates: none (the fetch time is only when it was fetched). */
	assert_true(g.docs[0]->published == DOC_TIME_NONE);
	assert_true(g.docs[0]->fetched == FETCHED);
	assert_int_equal(g.docs[0]->flags, 0);
	got_free(&g);
	feed_info_release(&fi);
}

static const char atom10[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hant-TW\"\n"
	"      xml:base=\"https://chenzhong.example.org/zh-tw/\">\n"
	"  <title type=\"html\">晨鐘新聞網 &lt;b&gt;國際&lt;/b&gt;</title>\n"
	"  <link rel=\"self\" href=\"atom.xml\"/>\n"
	"  <link rel=\"alternate\" href=\"./\"/>\n"
	"  <id>tag:chenzhong.example.org,2024:feed</id>\n"
	"  <entry xml:base=\"news/2024/\">\n"
	"    <title>奧斯汀與董軍會面逾一小時</title>\n"
	"    <link rel=\"enclosure\" href=\"photo.jpg\"/>\n"
	"    <link rel=\"alternate\" type=\"text/html\" href=\"0531-meeting.html\"/>\n"
	"    <id>tag:chenzhong.example.org,2024:0531</id>\n"
	"    <updated>2024-05-31T12:00:00Z</updated>\n"
	"    <published>2024-05-31T18:40:00+08:00</published>\n"
	"    <author><name>林小華</name><email>lin@chenzhong.example.org</email></author>\n"
	"    <category term=\"defence\" label=\"國防\"/>\n"
	"    <category term=\"asia\"/>\n"
	"    <summary>兩國防長在新加坡會面。</summary>\n"
	"    <content type=\"html\">&lt;p&gt;美國國防部長奧斯汀與中國國防部長董軍週五會面。&lt;/p&gt;"
	"&lt;p&gt;雙方同意維持溝通。&lt;/p&gt;</content>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">香格里拉對話<b>閉幕</b></div></title>\n"
	"    <link href=\"https://chenzhong.example.org/zh-tw/news/2024/0602.html\"/>\n"
	"    <id>tag:chenzhong.example.org,2024:0602</id>\n"
	"    <updated>2024-06-02T09:00:00+08:00</updated>\n"
	"    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	"<p>第二十一屆香格里拉對話週日閉幕。</p><p>多國防長出席。</p></div></content>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title>純文字內容</title>\n"
	"    <id>https://chenzhong.example.org/zh-tw/news/2024/0603.html</id>\n"
	"    <updated>2024-06-03T01:00:00Z</updated>\n"
	"    <content type=\"text\">第一段 &lt;不是標籤&gt;。\n\n第二段。</content>\n"
	"  </entry>\n"
	"</feed>\n";

static void atom10_entries(void **state)
{
	struct got g;
	struct feed_info fi;
	struct doc *d;

	(void)state;
	parse(atom10, "https://chenzhong.example.org/feeds/atom.xml", DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 3);
	assert_string_equal(fi.title, "晨鐘新聞網 國際");
	assert_string_equal(fi.site, "https://chenzhong.example.org/zh-tw/");
	assert_string_equal(fi.language, "zh-Hant-TW");

	d = g.docs[0];
	assert_string_equal(d->title, "奧斯汀與董軍會面逾一小時");
	/* rel=alternate wins over the enclosure; xml:base of feed and entry. */
	assert_string_equal(d->url, "https://chenzhong.example.org/zh-tw/news/2024/0531-meeting.html");
	assert_string_equal(d->guid, "tag:chenzhong.example.org,2024:0531");
	/* published, not updated */
	assert_true(d->published == utc(2024, 5, 31, 10, 40, 0, 0));
	assert_int_equal(d->flags, 0);
	assert_string_equal(d->author, "林小華");
	assert_true(has_category(d, "國防") && has_category(d, "asia"));
	assert_int_equal(d->n_paras, 2);
	assert_string_equal(d->paras[1].text, "雙方同意維持溝通。");
	assert_string_equal(d->summary, "兩國防長在新加坡會面。");

	d = g.docs[1];
	assert_string_equal(d->title, "香格里拉對話閉幕");
	assert_true(d->published == utc(2024, 6, 2, 1, 0, 0, 0));
	assert_int_equal(d->n_paras, 2);
	assert_string_equal(d->paras[0].text, "第二十一屆香格里拉對話週日閉幕。");
	assert_null(d->summary);

	d = g.docs[2];
	/* An http id is the address when no link is given. */
	assert_string_equal(d->url, "https://chenzhong.example.org/zh-tw/news/2024/0603.html");
	assert_int_equal(d->n_paras, 2);
	assert_string_equal(d->paras[0].text, "第一段 <不是標籤>。");
	got_free(&g);
	feed_info_release(&fi);
}

static void atom03_entries(void **state)
{
	static const char xml[] =
		"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\" xml:lang=\"zh-CN\">\n"
		"<title>观澜 旧版</title>\n"
		"<link rel=\"alternate\" type=\"text/html\" href=\"https://guanlan.example.org/\"/>\n"
		"<entry>\n"
		"  <title>军事沟通的修复</title>\n"
		"  <link rel=\"alternate\" type=\"text/html\" href=\"https://guanlan.example.org/p/1\"/>\n"
		"  <id>urn:guanlan:1</id>\n"
		"  <issued>2024-01-18T10:00:00</issued>\n"
		"  <modified>2024-01-19T00:00:00Z</modified>\n"
		"  <author><name>观澜编辑部</name></author>\n"
		"  <content type=\"text/html\" mode=\"escaped\">&lt;p&gt;中美两军恢复对话。&lt;/p&gt;</content>\n"
		"</entry>\n"
		"<entry>\n"
		"  <title>只有修改时间</title>\n"
		"  <link rel=\"alternate\" href=\"https://guanlan.example.org/p/2\"/>\n"
		"  <modified>2024-01-20T00:00:00Z</modified>\n"
		"  <content type=\"application/xhtml+xml\" mode=\"xml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>第二篇。</p></div></content>\n"
		"</entry>\n"
		"</feed>";
	struct got g;
	struct feed_info fi;

	(void)state;
	assert_true(feed_sniff(xml, strlen(xml)));
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(fi.site, "https://guanlan.example.org/");
	/* issued without a zone, zh-CN: Beijing time */
	assert_true(g.docs[0]->published == utc(2024, 1, 18, 2, 0, 0, 0));
	assert_int_equal(g.docs[0]->flags, DOC_F_ZONE_ASSUMED);
	assert_string_equal(g.docs[0]->author, "观澜编辑部");
	assert_string_equal(g.docs[0]->paras[0].text, "中美两军恢复对话。");
	assert_true(g.docs[1]->published == utc(2024, 1, 20, 0, 0, 0, 0));
	assert_string_equal(g.docs[1]->paras[0].text, "第二篇。");
	got_free(&g);
	feed_info_release(&fi);
}

/* ---- dates and zones ------------------------------------------------------------ */

static void dates_and_zones(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>Example Wire</title><language>en-us</language>\n"
		"<item><title>Talks end</title><pubDate>Sat, 31 Dec 2005 06:15:55+0900</pubDate></item>\n"
		"<item><title>Talks start</title><pubDate>Tue, 04 Jun 2024 09:30:00 EST</pubDate></item>\n"
		"<item><title>No zone</title><pubDate>2005-5-28 16:05:36</pubDate></item>\n"
		"<item><title>Bad date</title><pubDate>next Tuesday</pubDate></item>\n"
		"</channel></rss>";
	static const char zh[] =
		"<rss version=\"2.0\"><channel><title>草稿</title>\n"
		"<item><title>防长会谈</title><pubDate>2005-5-28 16:05:36</pubDate></item>\n"
		"</channel></rss>";
	static const char hk[] =
		"<rss version=\"2.0\"><channel><title>x</title><language>zh-HK</language>\n"
		"<item><title>a</title><pubDate>Fri, 31 May 2024 20:00:00 CST</pubDate></item>\n"
		"<item><title>b</title><pubDate>2024年5月31日 20:00</pubDate></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 4);
	assert_true(g.docs[0]->published == utc(2005, 12, 30, 21, 15, 55, 0));
	assert_int_equal(g.docs[0]->flags & DOC_F_ZONE_ASSUMED, 0);
	assert_true(g.docs[1]->published == utc(2024, 6, 4, 14, 30, 0, 0));
	/* en-us and Latin titles: UTC assumed, and flagged */
	assert_true(g.docs[2]->published == utc(2005, 5, 28, 16, 5, 36, 0));
	assert_true(g.docs[2]->flags & DOC_F_ZONE_ASSUMED);
	assert_true(g.docs[3]->published == DOC_TIME_NONE);
	assert_int_equal(g.docs[3]->flags & DOC_F_DATE_FROM_FETCH, 0);
	assert_problem(&fi, "item 4: unreadable date \"next Tuesday\": left undated");
	got_free(&g);
	feed_info_release(&fi);

	/* No language, Chinese titles: UTC+8. */
	parse(zh, NULL, DOSSIER_OK, &g, &fi);
	assert_true(g.docs[0]->published == utc(2005, 5, 28, 8, 5, 36, 0));
	assert_true(g.docs[0]->flags & DOC_F_ZONE_ASSUMED);
	got_free(&g);
	feed_info_release(&fi);

	/* zh-HK: CST is China Standard Time; the Chinese date form. */
	parse(hk, NULL, DOSSIER_OK, &g, &fi);
	assert_true(g.docs[0]->published == utc(2024, 5, 31, 12, 0, 0, 0));
	assert_int_equal(g.docs[0]->flags & DOC_F_ZONE_ASSUMED, 0);
	assert_true(g.docs[1]->published == utc(2024, 5, 31, 12, 0, 0, 0));
	assert_true(g.docs[1]->flags & DOC_F_ZONE_ASSUMED);
	got_free(&g);
	feed_info_release(&fi);
}

/* ---- titles ------------------------------------------------------------------------ */

static void titles_cleaned(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>美方稱 &amp;quot;坦率&amp;quot; 會談</title><link>https://a.example.org/1</link></item>\n"
		"<item><title>&lt;b&gt;快訊&lt;/b&gt;：  防長\n\t會晤 &#8211; 新加坡</title><link>https://a.example.org/2</link></item>\n"
		"<item><title><![CDATA[<em>董軍</em> &amp; 奧斯汀]]></title><link>https://a.example.org/3</link></item>\n"
		"<item><title>我們 &lt;要&gt; 和平</title><link>https://a.example.org/4</link></item>\n"
		"<item><title>防長<b>會晤</b>結束</title><link>https://a.example.org/5</link></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 5);
	/* A &quot; left over from double escaping is decoded too. */
	assert_string_equal(g.docs[0]->title, "美方稱 \"坦率\" 會談");
	assert_string_equal(g.docs[1]->title, "快訊： 防長 會晤 \xE2\x80\x93 新加坡");
	assert_string_equal(g.docs[2]->title, "董軍 & 奧斯汀");
	/* Only HTML tags are stripped. */
	assert_string_equal(g.docs[3]->title, "我們 <要> 和平");
	/* Raw markup inside a title is text, then stripped like escaped tags. */
	assert_string_equal(g.docs[4]->title, "防長會晤結束");
	assert_null(strstr(fi.problems.data, "end tag"));
	got_free(&g);
	feed_info_release(&fi);
}

/* ---- breakage ----------------------------------------------------------------------- */

static void undefined_entities_and_raw_ampersands(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<rss version=\"2.0\"><channel><title>快訊&nbsp;網</title>\n"
		"<item><title>會談&mdash;結束</title>\n"
		"<link>https://mp.example.org/s?biz=MzA&mid=22&idx=1&lang=zh_CN#rd</link>\n"
		"<description>雙方&amp;媒體&nbsp;在場 &middot; 2024 &bogus; R&D</description></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 1);
	assert_string_equal(fi.title, "快訊 網");
	assert_string_equal(g.docs[0]->title, "會談\xE2\x80\x94結束");
	assert_string_equal(g.docs[0]->url, "https://mp.example.org/s?biz=MzA&mid=22&idx=1&lang=zh_CN#rd");
	assert_string_equal(g.docs[0]->paras[0].text, "雙方&媒體 在場 \xC2\xB7 2024 &bogus; R&D");
	assert_problem(&fi, "line 4: raw '&' that starts no entity escaped (&mid), 4 times");
	assert_problem(&fi, "line 2: HTML entity undefined in XML replaced by its character (&nbsp;), 4 times");
	assert_problem(&fi, "line 5: unknown entity kept as text (&bogus;)");
	got_free(&g);
	feed_info_release(&fi);
}

static void raw_lt_and_control_characters(void **state)
{
	static const char xml[] =
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<rss version=\"2.0\"><channel><title>草根</title>\n"
		"<item><title>評《<國防部>的聲明》一文</title><link>https://a.example.org/1</link></item>\n"
		"<item><title>防長\x08會晤 a < b</title><link>https://a.example.org/2</link>"
		"<description>第一段\x01。</description></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	assert_true(feed_sniff(xml, strlen(xml)));
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.docs[0]->title, "評《<國防部>的聲明》一文");
	assert_string_equal(g.docs[1]->title, "防長會晤 a < b");
	assert_string_equal(g.docs[1]->paras[0].text, "第一段。");
	assert_problem(&fi, "line 3: '<' that starts no tag escaped (<國防部>), 2 times");
	assert_problem(&fi, "line 4: control character not allowed in XML dropped (U+0008), 2 times");
	/* A BOM alone is not reported. */
	assert_null(strstr(fi.problems.data, "white space"));
	got_free(&g);
	feed_info_release(&fi);
}

static void truncated_download(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>第一則</title><link>https://a.example.org/1</link></item>\n"
		"<item><title>第二則</title><link>https://a.example.org/2</link></item>\n"
		"<item><title>第三則</title><link>https://a.example.org/3</link>"
		"<description>美方表示，會談持續了一個多小時，雙方討論了台海與南海";
	static const char cut_in_tag[] =
		"<rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>完整</title><link>https://a.example.org/1</link></item>\n"
		"<item><title>被截斷</title><link href=\"https://a.exa";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.docs[2]->title, "第三則");
	assert_string_equal(g.docs[2]->paras[0].text, "美方表示，會談持續了一個多小時，雙方討論了台海與南海");
	assert_problem(&fi, "line 4: document cut off: open elements closed (inside <description>)");
	assert_problem(&fi, "item 3: the document ends inside it: kept what was there");
	got_free(&g);
	feed_info_release(&fi);

	/* Cut before its link or any text: a title alone is no report. */
	parse(cut_in_tag, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 1);
	assert_int_equal(fi.dropped, 1);
	assert_problem(&fi, "item 2 dropped: the document ends inside it before its link or text");
	got_free(&g);
	feed_info_release(&fi);
}

static void prolog_space_and_junk_after_root(void **state)
{
	static const char xml[] =
		"\r\n\r\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!-- generator: hand -->\n"
		"<!DOCTYPE feed [ <!ENTITY boom \"x\"> ]>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>碼農</title>\n"
		"<entry><title>第一篇</title><link href=\"https://b.example.org/1\"/>"
		"<summary type=\"html\">換行&#xA;保留 &amp;boom;</summary></entry>\n"
		"</feed>>\n"
		"    <link href=\"https://b.example.org/9\" rel=\"alternate\"></link>\n"
		"    <summary>另一份回應的殘餘</summary>\n"
		"  </entry>\n"
		"</feed>\n";
	struct got g;
	struct feed_info fi;

	(void)state;
	assert_true(feed_sniff(xml, strlen(xml)));
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.docs[0]->title, "第一篇");
	assert_int_equal(g.docs[0]->flags, DOC_F_SUMMARY_ONLY);
	assert_problem(&fi, "line 3: white space before the XML declaration skipped");
	assert_problem(&fi, "line 8: content after the end of the root element ignored (");
	got_free(&g);
	feed_info_release(&fi);
}

static void cdata_edges(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title><![CDATA[中央社 兩岸[RSS+]]]></title>\n"
		"<item><title><![CDATA[括號[測試]]]></title><link>https://c.example.org/1</link>"
		"<description><![CDATA[<p>沒有結尾的段落</p></description>"
		"<pubDate>Sat, 05 Jul 2025 22:05:46 +0800</pubDate></item>\n"
		"<item><title>第二則</title><link>https://c.example.org/2</link>"
		"<description>　　加入世貿及&#2...</description></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_string_equal(fi.title, "中央社 兩岸[RSS+]");
	assert_string_equal(g.docs[0]->title, "括號[測試]");
	assert_string_equal(g.docs[0]->paras[0].text, "沒有結尾的段落");
	/* The CDATA was closed where its element ends: the date survives. */
	assert_true(g.docs[0]->published == utc(2025, 7, 5, 14, 5, 46, 0));
	assert_string_equal(g.docs[1]->paras[0].text, "加入世貿及...");
	assert_problem(&fi, "unterminated CDATA section closed");
	assert_problem(&fi, "line 3: broken character reference (&#2)");
	got_free(&g);
	feed_info_release(&fi);
}

static void stray_end_tags_and_html_in_description(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>一</title><link>https://d.example.org/1</link>"
		"<description><p>段落一<br>續行</p></small><p>段落二<img src=/i.jpg></p></description></item>\n"
		"<item><title>二</title><link>https://d.example.org/2</link></item>\n"
		"<item></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, "https://d.example.org/feed", DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 2);
	assert_int_equal(fi.dropped, 1);
	assert_int_equal(g.docs[0]->n_paras, 2);
	assert_string_equal(g.docs[0]->paras[0].text, "段落一續行");
	assert_int_equal(g.docs[0]->n_images, 1);
	assert_string_equal(g.docs[0]->images[0].src, "https://d.example.org/i.jpg");
	assert_problem(&fi, "end tag that closes nothing open dropped (</small>)");
	assert_problem(&fi, "line 2: malformed attribute repaired or dropped (src=/i.jpg)");
	assert_problem(&fi, "item 3 dropped: no title, link or text");
	got_free(&g);
	feed_info_release(&fi);
}

static void undefined_links(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>硬核</title><link>undefined</link>\n"
		"<item><title>沒有網址</title><link>undefined</link><guid>g-1</guid></item>\n"
		"<item><title>只有 urn</title><guid>urn:uuid:6d1f</guid></item>\n"
		"</channel></rss>";
	struct got g;
	struct feed_info fi;

	(void)state;
	parse(xml, NULL, DOSSIER_OK, &g, &fi);
	assert_null(fi.site);
	assert_null(g.docs[0]->url);
	assert_string_equal(g.docs[0]->guid, "g-1");
	assert_problem(&fi, "channel link \"undefined\" is not an address: ignored");
	assert_problem(&fi, "item 1: link \"undefined\" is not an address: left without one");
	/* A guid that is no web address is not taken for one. */
	assert_int_equal(g.n, 2);
	assert_null(g.docs[1]->url);
	assert_string_equal(g.docs[1]->guid, "urn:uuid:6d1f");
	got_free(&g);
	feed_info_release(&fi);
}

/* ---- sniffing, errors, the callback ------------------------------------------------ */

static void sniffing(void **state)
{
	static const char *const yes[] = {
		"<rss version=\"2.0\"><channel/></rss>",
		"\xEF\xBB\xBF \n<?xml version=\"1.0\"?><!-- c --><!DOCTYPE rss [<!ENTITY a \"b\">]><rss>",
		"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
		"<feed>",
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">",
		"<RDF:RDF xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">",
	};
	static const char *const no[] = {
		"", "   ", "<html><body>rss</body></html>", "<?xml version=\"1.0\"?><opml/>",
		"<feed xmlns=\"http://example.org/not-atom\">", "<rdf:RDF xmlns:rdf=\"x\"><foo/></rdf:RDF>",
		"<!-- never closed <rss>", "<rs", "hello <rss>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(feed_sniff(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(feed_sniff(no[i], strlen(no[i])));
	/* Never reads past len. */
	assert_false(feed_sniff("<rss", 3));
}

static void errors_and_stopping(void **state)
{
	struct got g;
	struct feed_info fi;
	struct feed_opts o = { .fetched = FETCHED };
	struct err e = { 0 };

	(void)state;
	parse("no markup at all", NULL, DOSSIER_EPARSE, &g, &fi);
	feed_info_release(&fi);
	parse("<html><body><p>x</p></body></html>", NULL, DOSSIER_EPARSE, &g, &fi);
	feed_info_release(&fi);
	/* A feed without items is not an error. */
	parse("<rss><channel><title>空</title></channel></rss>", NULL, DOSSIER_OK, &g, &fi);
	assert_int_equal(g.n, 0);
	assert_string_equal(fi.title, "空");
	feed_info_release(&fi);
	/* The callback's error stops the feed and comes back. */
	memset(&g, 0, sizeof g);
	g.stop_after = 1;
	assert_int_equal(feed_parse(rss2, strlen(rss2), &o, keep, &g, &fi, &e), DOSSIER_EUSAGE);
	assert_int_equal(g.n, 1);
	assert_string_equal(e.msg, "enough");
	got_free(&g);
	feed_info_release(&fi);
	feed_info_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss2_items),
		cmocka_unit_test(rdf_items),
		cmocka_unit_test(rss090_items),
		cmocka_unit_test(atom10_entries),
		cmocka_unit_test(atom03_entries),
		cmocka_unit_test(dates_and_zones),
		cmocka_unit_test(titles_cleaned),
		cmocka_unit_test(undefined_entities_and_raw_ampersands),
		cmocka_unit_test(raw_lt_and_control_characters),
		cmocka_unit_test(truncated_download),
		cmocka_unit_test(prolog_space_and_junk_after_root),
		cmocka_unit_test(cdata_edges),
		cmocka_unit_test(stray_end_tags_and_html_in_description),
		cmocka_unit_test(undefined_links),
		cmocka_unit_test(sniffing),
		cmocka_unit_test(errors_and_stopping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
