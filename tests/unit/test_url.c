/*
 * Unit tests for src/core/url.c: the addresses outlets serve one article
 * at give one key, and different articles keep different keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/url.h"

static void key_is(const char *url, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(url_key(url, &b), DOSSIER_OK);
	assert_string_equal(b.data ? b.data : "", want);
	buf_release(&b);
}

static void one_article_one_key(void **state)
{
	static const char *const variants[] = {
		"https://www.dw.com/zh/a-65766662",
		"http://www.dw.com/zh/a-65766662",
		"https://dw.com/zh/a-65766662/",
		"https://m.dw.com/zh/a-65766662?utm_source=rss&utm_medium=feed",
		"HTTPS://WWW.DW.COM:443/zh/a-65766662#comments",
		"https://www.dw.com/zh/a-65766662?fbclid=IwAR0x",
		"https://user@www.dw.com/zh/a-65766662",
	};

	(void)state;
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		key_is(variants[i], "dw.com/zh/a-65766662");
}

static void what_chooses_the_page_stays(void **state)
{
	(void)state;
	key_is("https://news.example.org/article.php?id=12&utm_campaign=x", "news.example.org/article.php?id=12");
	key_is("https://news.example.org/article.php?utm_campaign=x&id=12", "news.example.org/article.php?id=12");
	key_is("https://news.example.org/a?id=12", "news.example.org/a?id=12");
	/* two articles, two keys */
	{
		struct buf a = BUF_INIT, b = BUF_INIT;

		assert_int_equal(url_key("https://news.example.org/a?id=12", &a), DOSSIER_OK);
		assert_int_equal(url_key("https://news.example.org/a?id=13", &b), DOSSIER_OK);
		assert_string_not_equal(a.data, b.data);
		buf_release(&a);
		buf_release(&b);
	}
	key_is("https://example.org:8080/x", "example.org:8080/x");
	key_is("https://example.org/", "example.org");
	key_is("https://example.org/news/index.html", "example.org/news");
	key_is("ftp://Example.org/File", "ftp://example.org/File"); /* path case kept */
}

static void escapes_normalised(void **state)
{
	(void)state;
	/* %e5%8c%97 and %E5%8C%97 are one character; %41 is A */
	key_is("https://www.dw.com/zh/%e5%8c%97/a-1", "dw.com/zh/%E5%8C%97/a-1");
	key_is("https://www.dw.com/zh/%E5%8C%97/a-1", "dw.com/zh/%E5%8C%97/a-1");
	key_is("https://example.org/%41b", "example.org/Ab");
	/* an IRI and its URI: one key */
	key_is("https://www.dw.com/zh/北/a-1", "dw.com/zh/%E5%8C%97/a-1");
	key_is("https://example.org/100%", "example.org/100%"); /* a broken escape as it is */
}

static void not_urls_as_they_are(void **state)
{
	(void)state;
	key_is("/tmp/x.txt", "/tmp/x.txt");
	key_is("", "");
	key_is("://nohost", "://nohost");
	key_is("https://", "https://");
	key_is("1 2://x", "1 2://x");
}

static void date_is(const char *url, int y, int m, int d)
{
	int gy = 0, gm = 0, gd = 0;

	if (!y) {
		if (url_date(url, &gy, &gm, &gd))
			fail_msg("%s: a date %04d-%02d-%02d, wanted none", url, gy, gm, gd);
		return;
	}
	if (!url_date(url, &gy, &gm, &gd))
		fail_msg("%s: no date, wanted %04d-%02d-%02d", url, y, m, d);
	if (gy != y || gm != m || gd != d)
		fail_msg("%s: %04d-%02d-%02d, wanted %04d-%02d-%02d", url, gy, gm, gd, y, m, d);
}

/* The day an address names, as outlets and blogs write it — and no day
 * read out of an article number. */
static void the_day_an_address_names(void **state)
{
	(void)state;
	date_is("http://www.cnblog.org/blog/archives/2004_08_29_cnblog_archive.html#1094", 2004, 8, 29);
	date_is("https://huaxun.example.org/news/2023/05/12/us-china-vienna-talks", 2023, 5, 12);
	date_is("https://www.rfi.fr/cn/国际/20231107-美防长希望", 2023, 11, 7);
	date_is("https://www.zaobao.com/realtime/china/story20210120-1117743", 2021, 1, 20);
	date_is("https://cn.nytimes.com/china/20210121/china-genocide/", 2021, 1, 21);
	date_is("http://www.news.cn/world/2023-11/17/c_1129980128.htm", 2023, 11, 17);
	date_is("https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
		2023, 11, 17);
	date_is("https://example.org/news/2024/0418/c1002-1.html", 2024, 4, 18);
	date_is("https://example.org/p/2015-3-6-title", 2015, 3, 6);
	/* none */
	date_is("https://www.dw.com/zh/標題/a-65766662", 0, 0, 0);
	date_is("https://www.cna.com.tw/news/firstnews/202101125008.aspx", 0, 0, 0);
	date_is("https://www.rfa.org/mandarin/bx-01112021132750.html", 0, 0, 0);
	date_is("https://example.org/2015/03/%e4%b8%ad", 0, 0, 0);   /* a month only */
	date_is("https://example.org/2023/02/30/x", 0, 0, 0);         /* no such day */
	date_is("https://example.org/1850/01/01/x", 0, 0, 0);         /* not a news date */
	date_is("https://20230101.example.org/x", 0, 0, 0);           /* the host */
	date_is("https://example.org/x?date=20230101", 0, 0, 0);      /* the query */
	date_is("https://example.org/x#20230101", 0, 0, 0);
	date_is("/tmp/2023/01/01/file.txt", 0, 0, 0);                  /* no address */
	date_is("https://example.org/id20230101x", 0, 0, 0);
}

static void host_is(const char *url, const char *want)
{
	char host[64];

	url_host(url, host, sizeof host);
	assert_string_equal(host, want);
}

static void the_host(void **state)
{
	(void)state;
	host_is("https://WWW.DW.com/zh/a-1", "www.dw.com");
	host_is("http://user:pw@dw.de:8080/x", "dw.de");
	host_is("https://bbc.co.uk./x", "bbc.co.uk");
	host_is("https://example.org?x=1", "example.org");
	host_is("/tmp/x", "");
	host_is("https://", "");
	host_is("https://a-very-long-host-name-that-does-not-fit-in-sixty-four-bytes.example.org/",
		"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_article_one_key),
		cmocka_unit_test(what_chooses_the_page_stays),
		cmocka_unit_test(escapes_normalised),
		cmocka_unit_test(not_urls_as_they_are),
		cmocka_unit_test(the_day_an_address_names),
		cmocka_unit_test(the_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
