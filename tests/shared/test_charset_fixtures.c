/*
 * charset_to_utf8() on the real feeds and pages in
 * $DOSSIER_SHARED/fixtures/real: GB2312 and Big5 feeds from 2004-2005, a
 * GB18030 page that declares nothing, a Hexun "feed" that is a GB2312 HTML
 * page with no declaration, a Tencent page whose meta says gb2312 over
 * UTF-8 bytes, a feed opening with a UTF-8 BOM, and the UTF-8 feeds and
 * pages.  The files are read in place, never copied.  The expected strings
 * were read off the files by hand (iconv for the legacy ones).  Exits 77
 * (skip) when the folder is not there.
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

#include "core/buf.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

#define MAX_SEEN 4

struct expect {
	const char *file; /* under $DOSSIER_SHARED/fixtures/real */
	const char *name, *from, *overruled;
	const char *seen[MAX_SEEN]; /* strings a reader sees in the output */
};

static const struct expect cases[] = {
	{ "acnnewswire-gb2312-rss2-2005.xml", "GB18030", "XML declaration", "",
	  { "JCB 与中国银联（China UnionPay）完成ATM网关协议的签订",
	    "唯一以亚洲为基地的国际付款品牌JCB很高兴地宣布" } },
	{ "coolloud-big5-rdf-2005.rdf", "Big5-HKSCS", "XML declaration", "",
	  { "<title>苦勞網</title>", "不見棺材不走人 進輪自救會長期抗戰",
	    "桃園縣勞義務輔佐人協會鄭金鎗表示",
	    "Sort2=關於苦勞網" /* raw Big5 in an rdf:about query string */ } },
	{ "cnblog-gb2312-rss092-2004.xml", "GB18030", "XML declaration", "",
	  { "<title>出版商oreilly推出了开放图书项目,在这个项目中部分图书</title>",
	    "袁贵仁教授在《马克思的人学思想》一书中指出：“只是说劳动和社" } },
	{ "sina-snippet-gb18030-no-charset-declared.html", "GB18030", "detected", "",
	  { "<title>中国制造的领军者3名</title>",
	    "马兴瑞，中国航天科技集团公司总经理",
	    "从《无极》、《投名状》到《赤壁》、《梅兰芳》" } },
	{ "hexun-feedurl-returns-gb2312-html.html", "GB18030", "detected", "",
	  { "<title>和讯博客 -- 系统维护中</title>", "font-family: \"宋体\";" } },
	{ "qq-tech-article-meta-gb2312-but-utf8.html", "UTF-8", "detected", "gb2312",
	  { "<title>DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网</title>" } },
	{ "caogen-bom-raw-lt-in-title-rss2.xml", "UTF-8", "BOM", "",
	  { "<title>草根网</title>", "<title>疫情之后形势预判</title>" } },
	{ "dw-rdf-rss-chi-all-2015.rdf", "UTF-8", "XML declaration", "",
	  { "<title>格林沃尔德获德国新闻记者奖</title>" } },
	{ "bbc-zhongwen-simp-atom-2015.xml", "UTF-8", "XML declaration", "",
	  { "萨达姆之墓在反“伊斯兰国”战事中被毁" } },
	{ "nytimes-cn-rss-2015.xml", "UTF-8", "XML declaration", "",
	  { "<title>纽约时报中文网 国际纵览</title>" } },
	{ "cdt-chinese-wordpress-rss-2015.xml", "UTF-8", "XML declaration", "",
	  { "徐才厚在病榻上结束了可悲可耻的一生" } },
	{ "cna-mainland-fulltext-rss2-noprolog-2025.rss", "UTF-8", "detected", "",
	  { "中央社 兩岸[RSS+]" } },
	{ "rsshub-bilibili-channel-rss2-2020.xml", "UTF-8", "XML declaration", "",
	  { "极客博物馆（怀旧产品）" } },
	{ "oschina-news-rss2-unescaped-amp-2020.xml", "UTF-8", "XML declaration", "",
	  { "<title>OSCHINA 社区最新新闻</title>" } },
	{ "laod-ctrl-char-0x08-in-title-rss2.xml", "UTF-8", "XML declaration", "",
	  { "<title>老D博客</title>" } },
	{ "pptmall-whitespace-before-xmldecl-rss2.xml", "UTF-8", "XML declaration", "",
	  { "<title>PPTmall</title>" } },
	{ "mlog-atom-extra-gt-after-root.xml", "UTF-8", "XML declaration", "",
	  { "码农俱乐部" } },
	{ "linuxcn-empty-channel-undefined-links.rss", "UTF-8", "detected", "",
	  { "硬核观察 | Linux 中国◆开源社区[RSS+]" } },
	{ "bbc-zhongwen-article-2012.html", "UTF-8", "HTML meta", "",
	  { "港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地" } },
	{ "xinhua-newscn-article-2023.html", "UTF-8", "HTML meta", "",
	  { "全力保障临床用药需求" } },
	{ "chinadaily-cn-article-2023.html", "UTF-8", "HTML meta", "",
	  { "外国专家：中美合作共赢符合国际社会利益 - 中国日报网" } },
};

static char *fixture_dir;

/* The whole file in an exact-size buffer (so ASan sees over-reads). */
static char *read_fixture(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof path, "%s/%s", fixture_dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void check_case(const struct expect *x)
{
	struct buf out = BUF_INIT;
	struct charset_result r;
	struct err e = { 0 };
	size_t len;
	char *data = read_fixture(x->file, &len);
	int rc = charset_to_utf8(data, len, NULL, &out, &r, &e);

	if (rc)
		fail_msg("%s: %s", x->file, e.msg);
	if (strcmp(r.name, x->name) || strcmp(r.from, x->from) ||
	    strcmp(r.overruled, x->overruled))
		fail_msg("%s: read as %s (%s, overruled \"%s\"), wanted %s (%s, \"%s\")",
			 x->file, r.name, r.from, r.overruled, x->name, x->from,
			 x->overruled);
	/* None of these files is cut mid-character (coolloud's broken
	 * "&#2..." is markup, not encoding), so nothing was replaced. */
	assert_int_equal(r.invalid, 0);
	assert_null(strstr(out.data, "\xEF\xBF\xBD"));
	assert_int_equal(strlen(out.data), out.len);
	for (size_t i = 0; i < MAX_SEEN && x->seen[i]; i++)
		if (!strstr(out.data, x->seen[i]))
			fail_msg("%s: \"%s\" not in the output", x->file, x->seen[i]);
	buf_release(&out);
	free(data);
}

static void reads_every_fixture(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);
}

/* The HTTP header outranks the XML declaration: a server that says GBK
 * for the GB2312 feed is right, one that says UTF-8 is overruled. */
static void http_header_on_a_real_feed(void **state)
{
	struct buf out = BUF_INIT;
	struct charset_result r;
	struct err e = { 0 };
	size_t len;
	char *data = read_fixture("cnblog-gb2312-rss092-2004.xml", &len);

	(void)state;
	assert_int_equal(charset_to_utf8(data, len, "text/xml; charset=GBK", &out, &r, &e), 0);
	assert_string_equal(r.name, "GB18030");
	assert_string_equal(r.from, "HTTP header");
	assert_string_equal(r.overruled, "");
	buf_release(&out);
	assert_int_equal(charset_to_utf8(data, len, "text/xml; charset=utf-8", &out, &r, &e), 0);
	assert_string_equal(r.name, "GB18030");
	assert_string_equal(r.from, "XML declaration");
	assert_string_equal(r.overruled, "utf-8");
	assert_non_null(strstr(out.data, "开放图书项目"));
	buf_release(&out);
	free(data);
}

int main(void)
{
	const char *shared = getenv("DOSSIER_SHARED");
	char path[4096];
	struct stat st;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_every_fixture),
		cmocka_unit_test(http_header_on_a_real_feed),
	};

	if (!shared || !*shared)
		return 77;
	snprintf(path, sizeof path, "%s/fixtures/real", shared);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return 77;
	fixture_dir = path;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
