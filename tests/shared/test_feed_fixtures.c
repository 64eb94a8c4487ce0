/*
 * Every real feed in $DOSSIER_SHARED/fixtures/real through the whole
 * ingest pipeline (encoding, detection, the feed parser, the outlet and
 * script): the items a careful reader counts, the first and last titles
 * exactly, a date and an address.  The files are read in place, never
 * copied; the expected values were read off the files by hand (the
 * counts are SOURCES.md's).  Exits 77 (skip) when the folder is absent.
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
#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest.h"
#include "text/text.h"

#define MAX_ITEMS 256

struct expect {
	const char *file;       /* under fixtures/real */
	size_t items;
	const char *first;      /* the first item's title */
	const char *last;       /* the last item's title */
	size_t dated;           /* an item (0-based) ... */
	const char *published;  /* ... and its date, or NULL: none (unknown) */
	size_t addressed;       /* an item (0-based) ... */
	const char *url;        /* ... and its address */
	const char *encoding;   /* what charset.c should read it as */
};

static const struct expect cases[] = {
	{ "dw-rdf-rss-chi-all-2015.rdf", 85,
	  "格林沃尔德获德国新闻记者奖", "奥地利“亚洲通”任欧盟驻华大使",
	  84, "2007-02-23T11:17:00Z",
	  0, "http://www.dw.de/格林沃尔德获德国新闻记者奖/a-18317568?maca=chi-rss-chi-all-1127-rdf",
	  "UTF-8" },
	{ "bbc-zhongwen-simp-atom-2015.xml", 66,
	  "萨达姆之墓在反“伊斯兰国”战事中被毁", "浏览协助：代理服务器和翻墙软件",
	  0, "2015-03-16T07:32:23Z",
	  0, "https://dm44143bsn99b.cloudfront.net/zhongwen/simp/world/2015/03/150316_saddam_tomb_tikrit",
	  "UTF-8" },
	{ "nytimes-cn-rss-2015.xml", 22,
	  "回收场一瞥：北京的碎片，在此重生", "中国性学家李银河：爱情面前，性别无足轻重",
	  0, "2015-03-16T08:03:24Z",
	  0, "https://d2nm3w2ltn97dw.cloudfront.net/tools/r.html?url=%2Fchina%2F20150316%2Fc16trash-lens%2F&langkey=zh-hans&from=RSS",
	  "UTF-8" },
	{ "cdt-chinese-wordpress-rss-2015.xml", 15,
	  "中国军网 | 徐才厚在病榻上结束了可悲可耻的一生", "共识网｜邓晓芒、项贤明：读书到底为了什么",
	  14, "2015-03-14T23:51:53Z",
	  0, "https://d7fjv2bxgldcl.cloudfront.net/chinese/2015/03/%e4%b8%ad%e5%9b%bd%e5%86%9b%e7%bd%91-%e5%be%90%e6%89%8d%e5%8e%9a%e5%9c%a8%e7%97%85%e6%a6%bb%e4%b8%8a%e7%bb%93%e6%9d%9f%e4%ba%86%e5%8f%af%e6%82%b2%e5%8f%af%e8%80%bb%e4%b8%80%e7%94%9f/",
	  "UTF-8" },
	{ "cna-mainland-fulltext-rss2-noprolog-2025.rss", 20,
	  "中國消費降級 五星級飯店群起擺地攤", "達賴喇嘛宣布延續轉世 西藏卻一片寧靜",
	  0, "2025-07-05T14:05:46Z",
	  19, "https://www.cna.com.tw/news/acn/202507040207.aspx",
	  "UTF-8" },
	{ "rsshub-bilibili-channel-rss2-2020.xml", 10,
	  "五年前拿奖到手软，这款锤子手机的设计今天看依然惊艳【极客博物馆第五十二期】",
	  "九年前售价不到 400 块，这款苹果入门产品让很多人成为果粉【极客博物馆第 43 期】",
	  9, "2019-07-28T01:00:14Z",
	  0, "https://www.bilibili.com/video/av78398082",
	  "UTF-8" },
	{ "acnnewswire-gb2312-rss2-2005.xml", 8,
	  "JCB 与中国银联（China UnionPay）完成ATM网关协议的签订；CUP持卡者得以第一次在日本享受使用ATM网络的权利",
	  "Wavecom携手Datecs，共同将收银机连接至塞尔维亚财政部",
	  0, "2005-12-27T04:08:54Z",
	  0, "http://www.acnnewswire.net/Article.Asp?lang=_c&Art_ID=29698",
	  "GB18030" },
	{ "coolloud-big5-rdf-2005.rdf", 20,
	  "1226檔下點交之後 不見棺材不走人 進輪自救會長期抗戰", "第一屆北京同性戀文化節公開信",
	  0, "2005-12-30T15:26:28Z",
	  19, "http://www.coolloud.org.tw/news/database/interface/detailstander.asp?ID=108673",
	  "Big5-HKSCS" },
	{ "cnblog-gb2312-rss092-2004.xml", 16,
	  "Picostation的PicoBlogger是 一个能让S", "eWeek的消息： Preps Paid RSS Links",
	  0, "2004-08-29T00:00:00Z", /* no dates: the day its address names */
	  0, "http://www.cnblog.org/blog/archives/2004_08_29_cnblog_archive.html#109424958546889584",
	  "GB18030" },
	{ "oschina-news-rss2-unescaped-amp-2020.xml", 50,
	  "Chrome OS 的 Linux 终端迎来一系列新功能，运行更轻松", "Mozilla 表示不会延迟 Firefox 的发布",
	  0, "2020-04-06T00:28:46Z",
	  0, "https://www.oschina.net/news/114665/new-linux-terminal-in-chrome-os-83",
	  "UTF-8" },
	{ "caogen-bom-raw-lt-in-title-rss2.xml", 22,
	  "疫情之后形势预判", "《科技前沿》随想录（735）",
	  0, "2020-04-03T04:02:23Z",
	  0, "http://www.caogen.com/blog/Infor_detail.aspx?ID=137&articleId=110272",
	  "UTF-8" },
	{ "laod-ctrl-char-0x08-in-title-rss2.xml", 10,
	  "思念与希望同在", "又一个私人云盘：Z-File – 开源免费的个人自建网盘程序(支持云存储/OneDrive)",
	  0, "2020-04-03T17:13:00Z",
	  9, "https://laod.cn/tools/z-file.html",
	  "UTF-8" },
	{ "pptmall-whitespace-before-xmldecl-rss2.xml", 20,
	  "起跑线上的女生视频素材背景标题左侧进入PPT动画模板素材下载", "翻牌抽奖互动游戏PPT动画模板素材下载",
	  0, "2020-02-27T15:40:26Z",
	  0, "http://www.pptmall.net/38431.html",
	  "UTF-8" },
	{ "mlog-atom-extra-gt-after-root.xml", 185,
	  "Rapid Keto Prime :Minimize the insomnia and irritability", "go mod 的使用",
	  184, "2019-06-24T03:18:04Z",
	  0, "https://mlog.club/topic/900",
	  "UTF-8" },
	{ "linuxcn-empty-channel-undefined-links.rss", 0, NULL, NULL, 0, NULL, 0, NULL, "UTF-8" },
};

struct seen {
	struct doc *docs[MAX_ITEMS];
	size_t n;
};

static int keep(void *arg, struct doc **d, struct err *e)
{
	struct seen *s = arg;

	(void)e;
	if (s->n < MAX_ITEMS) {
		s->docs[s->n++] = *d;
		*d = NULL;
	}
	return DOSSIER_OK;
}

static const char *shared_dir(void)
{
	const char *dir = getenv("DOSSIER_SHARED");
	struct stat st;

	if (!dir || !*dir || stat(dir, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

static void read_fixture(const char *name, struct buf *out)
{
	char path[4096], chunk[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/fixtures/real/%s", shared_dir(), name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(out, chunk, n), DOSSIER_OK);
	fclose(f);
}

struct env {
	struct text_ctx *text;
	struct ingest_ctx *ingest;
};

static int setup(void **state)
{
	static struct env env;
	struct err e;
	const char *data = getenv("DOSSIER_DATA");

	if (text_ctx_new(&env.text, &e) ||
	    ingest_ctx_new(&env.ingest, data && *data ? data : "data", env.text, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = &env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	ingest_ctx_free(env->ingest);
	text_ctx_free(env->text);
	return 0;
}

static void assert_clean_title(const char *file, size_t i, const char *t)
{
	if (!t)
		return;
	if (strstr(t, "\xEF\xBF\xBD") || strstr(t, "&quot;") || strstr(t, "&amp;") ||
	    strchr(t, '\n') || strchr(t, '\b'))
		fail_msg("%s item %zu: title not clean: %s", file, i, t);
}

static void check_one(const struct env *env, const struct expect *x, struct buf *failures)
{
	struct buf data = BUF_INIT;
	struct ingest_notes notes;
	struct seen s = { .n = 0 };
	struct err e = { 0 };
	char when[DATETIME_ISO_MAX];
	int rc, ok = 1;

	read_fixture(x->file, &data);
	rc = ingest_buffer(env->ingest, data.data, data.len, x->file, keep, &s, &notes, &e);
#define MISMATCH(...) do { ok = 0; buf_printf(failures, "%s: ", x->file); \
	buf_printf(failures, __VA_ARGS__); buf_addc(failures, '\n'); } while (0)
	if (rc) {
		MISMATCH("ingest failed: %s", e.msg);
		goto done;
	}
	if (strcmp(notes.encoding, x->encoding))
		MISMATCH("read as %s, not %s", notes.encoding, x->encoding);
	if (notes.format != INGEST_FORMAT_FEED)
		MISMATCH("not detected as a feed");
	if (s.n != x->items || notes.items != x->items || notes.items_dropped)
		MISMATCH("%zu items (%zu dropped), not %zu", s.n, notes.items_dropped, x->items);
	for (size_t i = 0; i < s.n; i++)
		assert_clean_title(x->file, i, s.docs[i]->title);
	if (!s.n || !x->items)
		goto done;
	if (!s.docs[0]->title || strcmp(s.docs[0]->title, x->first))
		MISMATCH("first title \"%s\", not \"%s\"", s.docs[0]->title, x->first);
	if (!s.docs[s.n - 1]->title || strcmp(s.docs[s.n - 1]->title, x->last))
		MISMATCH("last title \"%s\", not \"%s\"", s.docs[s.n - 1]->title, x->last);
	if (x->dated < s.n) {
		const struct doc *d = s.docs[x->dated];

		datetime_format_iso(d->published, when);
		if (x->published ? strcmp(when, x->published) != 0
				 : d->published != DOC_TIME_NONE)
			MISMATCH("item %zu published %s, not %s", x->dated, when,
				 x->published ? x->published : "unknown");
	}
	if (x->addressed < s.n &&
	    (!s.docs[x->addressed]->url || strcmp(s.docs[x->addressed]->url, x->url)))
		MISMATCH("item %zu at %s, not %s", x->addressed, s.docs[x->addressed]->url, x->url);
	for (size_t i = 0; i < s.n; i++)
		if (strcmp(s.docs[i]->format, "feed"))
			MISMATCH("item %zu has format %s", i, s.docs[i]->format);
done:
#undef MISMATCH
	if (ok)
		fprintf(stderr, "ok  %-48s %3zu items\n", x->file, s.n);
	for (size_t i = 0; i < s.n; i++)
		doc_free(s.docs[i]);
	ingest_notes_release(&notes);
	buf_release(&data);
}

/* All cases run; the mismatches are listed together, then the test fails. */
static void every_feed_fixture(void **state)
{
	struct buf failures = BUF_INIT;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_one(*state, &cases[i], &failures);
	if (failures.len)
		fail_msg("\n%s", failures.data);
	buf_release(&failures);
}

/* Items with a particular breakage, read back exactly. */
static struct seen *ingest_fixture(const struct env *env, const char *file, struct seen *s,
				   struct ingest_notes *notes)
{
	struct buf data = BUF_INIT;
	struct err e = { 0 };

	memset(s, 0, sizeof *s);
	read_fixture(file, &data);
	assert_int_equal(ingest_buffer(env->ingest, data.data, data.len, file, keep, s, notes, &e),
			 DOSSIER_OK);
	buf_release(&data);
	return s;
}

static const struct doc *find_title(const struct seen *s, const char *title)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->docs[i]->title && !strcmp(s->docs[i]->title, title))
			return s->docs[i];
	fail_msg("no item titled %s", title);
	return NULL;
}

static void seen_free(struct seen *s, struct ingest_notes *notes)
{
	for (size_t i = 0; i < s->n; i++)
		doc_free(s->docs[i]);
	ingest_notes_release(notes);
}

static void breakage_repaired(void **state)
{
	const struct env *env = *state;
	struct ingest_notes notes;
	struct seen s;
	const struct doc *d;
	const char *last;

	/* caogen: the raw '<' in a title is text. */
	ingest_fixture(env, "caogen-bom-raw-lt-in-title-rss2.xml", &s, &notes);
	d = find_title(&s, "转《<草根网>的前途与未来 》一文的评论");
	assert_non_null(d->url);
	assert_non_null(strstr(notes.problems, "'<' that starts no tag escaped (<草根网>)"));
	seen_free(&s, &notes);

	/* oschina: WeChat links with raw '&' keep every parameter. */
	ingest_fixture(env, "oschina-news-rss2-unescaped-amp-2020.xml", &s, &notes);
	assert_non_null(strstr(notes.problems, "raw '&' that starts no entity escaped"));
	for (size_t i = 0; i < s.n; i++)
		if (s.docs[i]->url && strstr(s.docs[i]->url, "mp.weixin.qq.com"))
			assert_non_null(strstr(s.docs[i]->url, "&mid=2650091036&idx=2&sn="));
	seen_free(&s, &notes);

	/* laod: the backspace is gone from the title. */
	ingest_fixture(env, "laod-ctrl-char-0x08-in-title-rss2.xml", &s, &notes);
	assert_non_null(strstr(notes.problems, "line 203: control character not allowed in XML dropped (U+0008)"));
	seen_free(&s, &notes);

	/* coolloud: the description cut mid-reference keeps its text. */
	ingest_fixture(env, "coolloud-big5-rdf-2005.rdf", &s, &notes);
	d = find_title(&s, "中國加入世界貿易組織的社會成本");
	assert_true(d->n_paras > 0);
	last = d->paras[d->n_paras - 1].text;
	assert_non_null(strstr(last, "加入世貿及..."));
	assert_true(d->flags & DOC_F_SUMMARY_ONLY);
	assert_non_null(strstr(notes.problems, "broken character reference (&#2)"));
	seen_free(&s, &notes);

	/* mlog: the tail of another response after </feed>> is ignored. */
	ingest_fixture(env, "mlog-atom-extra-gt-after-root.xml", &s, &notes);
	assert_non_null(strstr(notes.problems, "line 1988: content after the end of the root element ignored"));
	seen_free(&s, &notes);

	/* pptmall: white space before the declaration. */
	ingest_fixture(env, "pptmall-whitespace-before-xmldecl-rss2.xml", &s, &notes);
	assert_non_null(strstr(notes.problems, "white space before the XML declaration skipped"));
	seen_free(&s, &notes);

	/* CNA: ]]]> closes the CDATA after its ']'; channel link "undefined". */
	ingest_fixture(env, "cna-mainland-fulltext-rss2-noprolog-2025.rss", &s, &notes);
	assert_string_equal(notes.feed_title, "中央社 兩岸[RSS+]");
	assert_null(notes.feed_site);
	assert_true(s.docs[0]->n_paras > 3);
	assert_int_equal(s.docs[0]->flags & ~(unsigned)DOC_F_OUTLET_CHECKED, 0);
	seen_free(&s, &notes);

	/* acnnewswire: the zone glued to the time. */
	ingest_fixture(env, "acnnewswire-gb2312-rss2-2005.xml", &s, &notes);
	d = s.n ? s.docs[s.n - 1] : NULL;
	assert_non_null(d);
	assert_int_equal(d->flags & DOC_F_ZONE_ASSUMED, 0);
	seen_free(&s, &notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_feed_fixture),
		cmocka_unit_test(breakage_repaired),
	};

	if (!shared_dir()) {
		fprintf(stderr, "DOSSIER_SHARED is not set or not a folder: skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
