/*
 * The record parser on the real documents in $DOSSIER_SHARED: seeds
 * 000-003 and every fixtures/real/ *-jekyll.md file.  The files are read in
 * place, never copied; the expected values below were read off the files
 * by hand.  Exits 77 (skip) when the folder is not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

#define MAX_ITEMS 8

struct expect {
	const char *file;      /* under $DOSSIER_SHARED */
	const char *title;
	const char *url_head;  /* the URL is url_head + %-encoded url_path + url_tail */
	const char *url_path;
	const char *url_tail;
	const char *published;
	const char *fetched;
	const char *author;    /* NULL: none */
	const char *opening;   /* the text starts with this */
	size_t n_images;
	const char *captions[MAX_ITEMS]; /* "" for an image without caption */
	const char *headings[MAX_ITEMS];
};

static const struct expect cases[] = {
	{
		"seeds/000_413e65a7a8c7964a.txt",
		"北京拒絕中美防長會晤 雙邊關係難回溫？",
		"https://www.dw.com/zh/", "北京拒絕中美防長會晤 雙邊關係難回溫？",
		"/a-65766662",
		"2023-05-30T01:48:40Z", "2023-05-30T02:17:03Z", NULL,
		"（德國之聲中文網）一年一度的「香格里拉對話」",
		3,
		{ "中國防長李尚福4月訪問莫斯科時，曾與俄國防長對話",
		  "美國防長奧斯汀4月曾就烏克蘭議題發表談話",
		  "美國商務部長雷蒙多2021年在白宮就高速網路發表談話" },
		{ "美國促談吃閉門羹？" },
	},
	{
		"seeds/001_a6bae3c716f2df06.txt",
		"王毅稱中美關係企穩 布林肯強調外交「面對面」",
		"https://www.dw.com/zh/", "王毅稱中美關係企穩 布林肯強調外交「面對面」",
		"/a-68927063",
		"2024-04-26T08:25:56Z", "2024-04-26T08:47:03Z", NULL,
		"（德國之聲中文網）美國國務卿布林肯（Antony Blinken）週五（4月26日）",
		2,
		{ "4月26日，美國國務卿布林肯和中國外長王毅在北京會晤。",
		  "圖為中國外長王毅26日與美方會談。" },
		{ "中美之間能克服分歧嗎？" },
	},
	{
		"seeds/002_548a5db2272e6a26.txt",
		"「拜習會」11月登場？美官員：已開始籌備",
		"https://www.dw.com/zh/", "「拜習會」11月登場？美官員：已開始籌備",
		"/a-67013665",
		"2023-10-06T01:48:46Z", "2023-10-06T02:17:02Z", NULL,
		"（德國之聲中文網）《華盛頓郵報》週四（10月5日）",
		2,
		{ "圖為去年11月14日，拜登與習近平在印尼峇里島G20峰會場邊會晤。",
		  "去年7月28日，拜登在社交媒體上發布照片，顯示他與習近平正在通話。" },
		{ "美中關係解凍？" },
	},
	{
		"seeds/003_1dc218d71bcef436.txt",
		"美防长希望下周在东盟防长扩大会期间会见中国防长",
		"https://www.rfi.fr/cn/", "国际/20231107-美防长希望下周在东盟防长扩大会期间会见中国防长",
		"",
		"2023-11-07T11:35:00Z", "2023-11-07T12:15:02Z", NULL,
		"据彭博社报导，美国国防部长奥斯汀（Lloyd Austin）本月将再次尝试",
		1, { "" }, { NULL },
	},
	{
		"fixtures/real/feedx-item-cna-trad-2021-jekyll.md",
		"北部醫院院內感染延遲公布？陳時中：優先釐清還有沒有感染者",
		"https://www.cna.com.tw/news/firstnews/202101125008.aspx", "", "",
		"2021-01-12T08:57:20Z", "2021-01-12T08:57:20Z", NULL,
		"（中央社記者張茗喧、陳偉婷台北12日電）北部醫院醫護感染武漢肺炎",
		1,
		{ "北部醫院醫護感染武漢肺炎，外界質疑指揮中心延後公布消息。"
		  "指揮中心指揮官陳時中12日澄清，11日晚間先趕緊釐清院內是否有感染者，"
		  "直到剛剛才確定接觸者都是陰性。（示意圖／圖取自Unsplash）" },
		{ NULL },
	},
	{
		"fixtures/real/feedx-item-dw-2021-jekyll.md",
		"口气突变 特朗普谴责暴力冲击国会",
		"https://www.dw.com/zh/", "口气突变 特朗普谴责暴力冲击国会", "/a-56170745",
		"2021-01-08T11:55:21Z", "2021-01-08T12:54:30Z", "乐然",
		"（德国之声中文网）“如同所有美国人一样，我对暴力、无视法律和混乱感到愤慨。",
		2,
		{ "特朗普：那些违法乱纪的人，你们要付出代价。",
		  "警方6日在国会大厦内外与特朗普支持者一发生冲突" },
		{ "工作重心转向确保权力平稳交接", "要求罢免特朗普的呼声高涨" },
	},
	{
		"fixtures/real/feedx-item-nytimes-cn-2021-jekyll.md",
		"美国称中国在新疆犯“种族灭绝”罪意味着什么",
		"https://cn.nytimes.com/china/20210121/china-genocide-uighurs-explained/",
		"", "",
		/* "2021-01-21 17:41:31" has no zone; read as UTC it would be
		 * after the fetch, so it is Beijing time */
		"2021-01-21T09:41:31Z", "2021-01-21T09:44:38Z", "王霜舟",
		"在特朗普总统任内最后一天，国务卿迈克·庞皮欧(Mike Pompeo)",
		5,
		{ "2018年，中国国家领导人习近平出现在新疆地区喀什的一块大屏幕上。",
		  "本月在喀什训练的中国军人。",
		  "2015年，一名维吾尔宣礼员在喀什一处清真寺屋顶上召唤晚祷。",
		  "2019年，和田市郊的一处戒备森严的设施。",
		  "去年，在白宫外参加集会的一名美国维吾尔人协会成员。" },
		{ NULL },
	},
	{
		"fixtures/real/feedx-item-rfi-quot-in-title-2021-jekyll.md",
		"特朗普呼吁\"所有美国民众保持冷静 避免暴力\" 众院表决总统弹劾议案",
		"http://www.rfi.fr//cn/",
		"中国/20210113-特朗普呼吁-所有美国民众保持冷静-避免暴力-众院表决总统弹劾议案", "",
		"2021-01-13T21:52:00Z", "2021-01-13T22:56:12Z", NULL,
		"随着美国全国各地的新抗议活动临近",
		1, { "" }, { NULL },
	},
	{
		"fixtures/real/rfa-contentencoded-item-2021-jekyll.md",
		"拼多多员工发视频揭露压榨内幕",
		"https://www.rfa.org/mandarin/yataibaodao/shehui/bx-01112021132750.html", "", "",
		"2021-01-11T21:22:45Z", "2021-01-11T21:22:45Z", NULL,
		"员工过劳死、不堪压力自杀、讨论996被迅速开除，",
		1,
		{ "中国电商巨头“拼多多”一名年轻员工加班直到凌晨，在回家途中猝死引发热议。（网络图片）" },
		{ NULL },
	},
	{
		"fixtures/real/rsshub-item-bbc-chinese-2021-jekyll.md",
		"拜登签多项行政令推翻特朗普政策 国内“修复”为其执政核心",
		"http://www.bbc.com/zhongwen/simp/world-55746104", "", "",
		/* its own <time datetime="2021-01-21"> (a day), not the front
		 * matter's date, which is when the archive wrote it */
		"2021-01-21T00:00:00Z", "2021-01-21T08:49:00Z", NULL,
		"美国总统拜登在宣誓就职几个小时后，就已签署15项行政令",
		3, { "", "", "" },
		{ "抗疫优先", "气候变化", "“一系列行政行动的开始”", "中国问题暂不在其列" },
	},
	{
		"fixtures/real/rsshub-item-zaobao-2021-jekyll.md",
		"特朗普政府：中国在新疆犯下种族灭绝和反人类罪",
		"https://www.zaobao.com/realtime/china/story20210120-1117743", "", "",
		"2021-01-20T00:00:00Z", "2021-01-20T00:00:00Z", NULL,
		"（早报讯）美国特朗普政府周二（19日）宣布",
		1,
		{ "蓬佩奥称新疆存在绝育、无限期拘禁和强迫劳动，并呼吁“有关司法机关”"
		  "追究负责人士的责任。（法新社）" },
		{ NULL },
	},
};

static const char *shared_dir(void)
{
	const char *dir = getenv("DOSSIER_SHARED");
	struct stat st;

	if (!dir || !*dir || stat(dir, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

/* Reads $DOSSIER_SHARED/rel into `out`; fails the test when it cannot. */
static void read_shared(const char *rel, struct buf *out)
{
	char path[4096];
	char chunk[8192];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", shared_dir(), rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(out, chunk, n), DOSSIER_OK);
	fclose(f);
}

/* Upper-case %XX for every byte outside RFC 3986's unreserved set and '/'. */
static void percent_encode(const char *s, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~' || c == '/') {
			buf_addc(out, (char)c);
		} else {
			buf_addc(out, '%');
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 15]);
		}
	}
}

static void assert_time(int64_t ms, const char *iso)
{
	char out[DATETIME_ISO_MAX];

	datetime_format_iso(ms, out);
	assert_string_equal(out, iso);
}

/* What no clean text may hold, whatever the document. */
static void assert_clean(const struct doc *d)
{
	static const char *const junk[] = {
		"<", "©", "获取更多RSS", "獲取更多RSS", "分享", "版權聲明",
		"版权声明", "feedx", NULL
	};
	char *text = doc_text(d);

	assert_non_null(text);
	assert_true(strlen(text) > 0);
	for (const char *const *j = junk; *j; j++)
		if (strstr(text, *j))
			fail_msg("text holds \"%s\"", *j);
	for (size_t i = 0; i < d->n_paras; i++) {
		const char *p = d->paras[i].text;
		size_t n = strlen(p);

		assert_true(n > 0);
		/* trimmed, no doubled or stray white space */
		assert_false(p[0] == ' ' || p[n - 1] == ' ');
		assert_null(strstr(p, "  "));
		assert_null(strchr(p, '\n'));
		assert_null(strchr(p, '\t'));
	}
	for (size_t i = 0; i < d->n_images; i++) {
		const char *c = d->images[i].caption;

		assert_non_null(d->images[i].src);
		assert_true(strncmp(d->images[i].src, "http", 4) == 0);
		/* a caption is not repeated as a paragraph */
		for (size_t p = 0; c && p < d->n_paras; p++)
			assert_string_not_equal(d->paras[p].text, c);
	}
	for (size_t i = 0; i < d->n_links; i++) {
		assert_true(strncmp(d->links[i].href, "http", 4) == 0);
		assert_null(strstr(d->links[i].href, "feedx"));
		assert_true(strlen(d->links[i].text) > 0);
	}
	free(text);
}

static void check_case(const struct expect *x)
{
	struct buf data = BUF_INIT, url = BUF_INIT;
	struct doc *d = doc_new();
	struct err e = { 0 };
	size_t n_head = 0, n_cap = 0;
	char *text;

	read_shared(x->file, &data);
	assert_true(record_sniff(data.data, data.len));
	if (record_parse(data.data, data.len, d, &e) != DOSSIER_OK)
		fail_msg("%s: %s", x->file, e.msg);

	assert_string_equal(d->title, x->title);
	buf_adds(&url, x->url_head);
	percent_encode(x->url_path, &url);
	buf_adds(&url, x->url_tail);
	assert_string_equal(d->url, url.data);
	assert_string_equal(d->format, "record");
	assert_time(d->published, x->published);
	assert_time(d->fetched, x->fetched);
	if (x->author)
		assert_string_equal(d->author, x->author);
	else
		assert_null(d->author);

	text = doc_text(d);
	if (strncmp(text, x->opening, strlen(x->opening)))
		fail_msg("%s: text starts \"%.60s\"", x->file, text);
	free(text);

	assert_int_equal(d->n_images, x->n_images);
	for (size_t i = 0; i < d->n_images; i++) {
		if (!x->captions[i][0]) {
			assert_null(d->images[i].caption);
			continue;
		}
		assert_non_null(d->images[i].caption);
		assert_string_equal(d->images[i].caption, x->captions[i]);
		n_cap++;
	}
	for (size_t i = 0; i < d->n_paras; i++) {
		if (d->paras[i].kind != DOC_PARA_HEADING)
			continue;
		assert_true(n_head < MAX_ITEMS && x->headings[n_head]);
		assert_string_equal(d->paras[i].text, x->headings[n_head]);
		n_head++;
	}
	assert_true(n_head == MAX_ITEMS || !x->headings[n_head]);
	assert_clean(d);
	(void)n_cap;

	doc_free(d);
	buf_release(&data);
	buf_release(&url);
}

static void seeds_and_fixtures_parse_exactly(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);
}

/* Every *-jekyll.md there is, known above or new, parses cleanly. */
static void every_jekyll_fixture_parses(void **state)
{
	char dir[4096];
	DIR *dp;
	struct dirent *ent;
	size_t seen = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/fixtures/real", shared_dir());
	dp = opendir(dir);
	assert_non_null(dp);
	while ((ent = readdir(dp))) {
		size_t n = strlen(ent->d_name);
		struct buf data = BUF_INIT;
		char rel[4096];
		struct doc *d;
		struct err e = { 0 };

		static const char suffix[] = "-jekyll.md";

		if (n < sizeof suffix - 1 ||
		    strcmp(ent->d_name + n - (sizeof suffix - 1), suffix))
			continue;
		snprintf(rel, sizeof rel, "fixtures/real/%s", ent->d_name);
		read_shared(rel, &data);
		d = doc_new();
		assert_true(record_sniff(data.data, data.len));
		if (record_parse(data.data, data.len, d, &e) != DOSSIER_OK)
			fail_msg("%s: %s", rel, e.msg);
		assert_non_null(d->title);
		assert_non_null(d->url);
		assert_true(d->published != DOC_TIME_NONE);
		assert_true(d->fetched != DOC_TIME_NONE);
		assert_true(d->published <= d->fetched + 3600 * 1000);
		assert_clean(d);
		doc_free(d);
		buf_release(&data);
		seen++;
	}
	closedir(dp);
	assert_true(seen >= 7);
}

/* The PDF-text seed is not a record; neither are the feeds. */
static void other_files_are_not_records(void **state)
{
	struct buf data = BUF_INIT;

	(void)state;
	read_shared("seeds/004_ae6cb72911263d64.txt", &data);
	assert_false(record_sniff(data.data, data.len));
	buf_reset(&data);
	read_shared("fixtures/real/dw-rdf-rss-chi-all-2015.rdf", &data);
	assert_false(record_sniff(data.data, data.len));
	buf_release(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seeds_and_fixtures_parse_exactly),
		cmocka_unit_test(every_jekyll_fixture_parses),
		cmocka_unit_test(other_files_are_not_records),
	};

	if (!shared_dir()) {
		fprintf(stderr, "DOSSIER_SHARED is not set or not a folder: skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
