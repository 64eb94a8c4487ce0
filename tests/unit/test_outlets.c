/*
 * Unit tests for src/ingest/outlet.c (the outlet table: every domain and
 * name of an outlet, looked up by host, by a name given whole, by a name
 * inside a feed title) and for ingest_refresh_doc(), which names a stored
 * document's outlet and date again for `dossier reindex`: labels that an
 * archive made before took from the body text go, labels by host become
 * the outlet's name, the fetch time stops being a publication date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest.h"
#include "ingest/ingest_int.h"
#include "text/text.h"

/* A table written here, in the file's own format. */
static struct outlets *table_of(const char *tsv)
{
	char path[] = "/tmp/dossier-outlets-XXXXXX";
	int fd = mkstemp(path);
	struct outlets *t = NULL;
	struct err e = { 0 };
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(tsv, f);
	fclose(f);
	if (outlets_load(&t, path, &e))
		fail_msg("%s", e.msg);
	unlink(path);
	return t;
}

static const char tsv[] =
	"# comment\n"
	"alpha.com,www.alpha-news.org\tAlpha\tAlpha Daily,阿尔法社,阿爾法社\n"
	"alpha.net\tAlpha\tAlphaNet\n"          /* one outlet on two lines */
	"bravo.example\tBravo\t\n"
	"cn.bravo.example\tBravo 中文\t布拉沃中文網\n" /* a longer domain wins */
	"\tNoDomain\t無網域報\n";

static void domains_and_names(void **state)
{
	struct outlets *t = table_of(tsv);
	const char *const *names;

	(void)state;
	assert_string_equal(outlets_by_host(t, "alpha.com"), "Alpha");
	assert_string_equal(outlets_by_host(t, "www.alpha.com"), "Alpha");
	assert_string_equal(outlets_by_host(t, "alpha-news.org"), "Alpha");
	assert_string_equal(outlets_by_host(t, "m.alpha.net"), "Alpha");
	assert_null(outlets_by_host(t, "notalpha.com"));
	assert_string_equal(outlets_by_host(t, "bravo.example"), "Bravo");
	assert_string_equal(outlets_by_host(t, "x.cn.bravo.example"), "Bravo 中文");
	assert_string_equal(outlets_by_url(t, "https://WWW.Alpha.com:443/a?b#c"), "Alpha");
	assert_null(outlets_by_url(t, NULL));

	/* Whole names, any case, and hosts or addresses given as names. */
	assert_string_equal(outlets_by_name(t, "alpha"), "Alpha");
	assert_string_equal(outlets_by_name(t, "  ALPHA DAILY "), "Alpha");
	assert_string_equal(outlets_by_name(t, "阿爾法社"), "Alpha");
	assert_string_equal(outlets_by_name(t, "alphanet"), "Alpha");
	assert_string_equal(outlets_by_name(t, "www.alpha.net"), "Alpha");
	assert_string_equal(outlets_by_name(t, "https://alpha.com/zh/x"), "Alpha");
	assert_string_equal(outlets_by_name(t, "無網域報"), "NoDomain");
	assert_null(outlets_by_name(t, "Alph"));
	assert_null(outlets_by_name(t, ""));

	/* Inside a label: longest name, Latin at word boundaries, others
	 * from three characters. */
	assert_string_equal(outlets_named_in(t, "Alpha Daily: world news"), "Alpha");
	assert_string_equal(outlets_named_in(t, "阿尔法社 国际版"), "Alpha");
	assert_string_equal(outlets_named_in(t, "布拉沃中文網 頭條"), "Bravo 中文");
	assert_string_equal(outlets_named_in(t, "mirror of alpha.com"), "Alpha");
	assert_null(outlets_named_in(t, "Alphabet soup"));
	assert_null(outlets_named_in(t, "BravoSierra"));
	assert_null(outlets_named_in(t, "今日新聞"));

	/* Every name and domain, the display name first. */
	names = outlets_names(t, "alpha.net");
	assert_non_null(names);
	assert_string_equal(names[0], "Alpha");
	{
		size_t n = 0;
		int has_domain = 0, has_name = 0;

		while (names[n]) {
			has_domain |= !strcmp(names[n], "alpha-news.org");
			has_name |= !strcmp(names[n], "阿尔法社");
			n++;
		}
		assert_int_equal(n, 8); /* 5 names, 3 domains */
		assert_true(has_domain && has_name);
	}
	assert_null(outlets_names(t, "nobody"));
	outlets_free(t);
	outlets_free(NULL);
}

static void bad_line_named(void **state)
{
	char path[] = "/tmp/dossier-outlets-XXXXXX";
	int fd = mkstemp(path);
	struct outlets *t = NULL;
	struct err e = { 0 };

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a.com\tA\n\nno tab here\n", 21), 21);
	close(fd);
	assert_int_equal(outlets_load(&t, path, &e), DOSSIER_EPARSE);
	assert_null(t);
	assert_non_null(strstr(e.msg, ":3: expected domains<TAB>name<TAB>other names"));
	unlink(path);
}

/* ---- ingest_refresh_doc() with the project's data ----------------------------- */

struct env {
	struct text_ctx *text;
	struct ingest_ctx *ingest;
};

static int setup(void **state)
{
	static struct env env;
	const char *data = getenv("DOSSIER_DATA");
	struct err e = { 0 };

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

/* A document as an archive made before stored it. */
static struct doc *stored(const char *url, const char *source, const char *first,
			  unsigned flags)
{
	struct doc *d = doc_new();

	assert_non_null(d);
	doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->source, source, (size_t)-1);
	doc_set(&d->title, "標題", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, first);
	doc_add_para(d, DOC_PARA_TEXT, "第二段。");
	d->flags = flags;
	return d;
}

static void refresh_names_the_outlet_again(void **state)
{
	struct env *env = *state;
	struct doc *d;

	/* Taken from a quote in the body, with nothing else behind it: gone. */
	d = stored("https://d7fjv2bxgldcl.cloudfront.net/chinese/2015/03/x", "新華社",
		   "新华社北京3月16日电 徐才厚病逝。", 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "d7fjv2bxgldcl.cloudfront.net");
	assert_true(d->flags & DOC_F_OUTLET_CHECKED);
	doc_free(d);

	/* The same label named by the rules since: it stands, and a second
	 * refresh changes nothing. */
	d = stored(NULL, "新華社", "新华社北京3月16日电 徐才厚病逝。", DOC_F_OUTLET_CHECKED);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "新華社");
	doc_free(d);

	/* Labelled by host: the outlet's name. */
	d = stored("http://www.dw.de/a-1", "dw.de", "中国人大会议闭幕。", 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "DW");
	doc_free(d);
	d = stored(NULL, "dw.de", "中国人大会议闭幕。", 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "DW");
	doc_free(d);

	/* The address outranks any label. */
	d = stored("https://www.rfi.fr/cn/x", "China Daily", "中国日报周一发表评论。", 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "RFI");
	doc_free(d);

	/* A label of the document's own that the table does not know stays. */
	d = stored(NULL, "某某研究所", "研究所的評論。", 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_string_equal(d->source, "某某研究所");
	doc_free(d);
}

static void refresh_undates_the_fetch_time(void **state)
{
	struct env *env = *state;
	struct doc *d;

	/* The fetch time stood for the date: now the address's day. */
	d = stored("http://www.cnblog.org/blog/archives/2004_08_29_cnblog_archive.html#1",
		   "cnblog.org", "一篇。", DOC_F_DATE_FROM_FETCH);
	d->published = d->fetched = datetime_from_utc(2026, 1, 2, 3, 4, 5, 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_true(d->published == datetime_from_utc(2004, 8, 29, 0, 0, 0, 0));
	assert_int_equal(d->flags & (DOC_F_DATE_FROM_FETCH | DOC_F_DATE_FROM_URL | DOC_F_DATE_DAY),
			 DOC_F_DATE_FROM_URL | DOC_F_DATE_DAY);
	assert_true(d->fetched == datetime_from_utc(2026, 1, 2, 3, 4, 5, 0));
	doc_free(d);

	/* ... or nothing: unknown. */
	d = stored("https://example.org/p/no-date", "example.org", "一篇。", DOC_F_DATE_FROM_FETCH);
	d->published = d->fetched = datetime_from_utc(2026, 1, 2, 3, 4, 5, 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_true(d->published == DOC_TIME_NONE);
	assert_int_equal(d->flags & DOC_F_DATE_FROM_FETCH, 0);
	assert_null(doc_published_from(d->published, d->flags));
	doc_free(d);

	/* A document's own date is left alone. */
	d = stored("https://example.org/2004/08/29/x", "example.org", "一篇。", 0);
	d->published = datetime_from_utc(2004, 8, 30, 12, 0, 0, 0);
	assert_int_equal(ingest_refresh_doc(env->ingest, d), DOSSIER_OK);
	assert_true(d->published == datetime_from_utc(2004, 8, 30, 12, 0, 0, 0));
	assert_string_equal(doc_published_from(d->published, d->flags), "source");
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(domains_and_names),
		cmocka_unit_test(bad_line_named),
		cmocka_unit_test(refresh_names_the_outlet_again),
		cmocka_unit_test(refresh_undates_the_fetch_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
