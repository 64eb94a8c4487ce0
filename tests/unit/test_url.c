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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_article_one_key),
		cmocka_unit_test(what_chooses_the_page_stays),
		cmocka_unit_test(escapes_normalised),
		cmocka_unit_test(not_urls_as_they_are),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
