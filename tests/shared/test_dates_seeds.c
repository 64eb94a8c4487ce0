/*
 * extract_dates() on the five seeds in $DOSSIER_SHARED, read in place
 * through ingest (never copied).  Each seed's title, paragraphs and
 * captions are scanned against its publication day in UTC+8, the desk
 * time of the outlets; the expected dates below are every date a careful
 * reader sees in the seed, read off the files by hand, with their
 * resolution.  Exits 77 (skip) when the folder is not there.
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
#include <time.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "text/text.h"

struct seed {
	const char *file; /* under $DOSSIER_SHARED/seeds */
	const char *ref;  /* the publication day in UTC+8, or "" when none */
	/* "expression=resolution:precision" (d w m y, "r" when the reference
	 * supplied something), in text order: title, paragraphs, captions */
	const char *dates;
};

static const struct seed seeds[] = {
	{
		/* DW, Tuesday 2023-05-30 */
		"000_413e65a7a8c7964a.txt", "2023-05-30",
		"本週末（6月2日至4日）=2023-06-02/2023-06-04:dr;"
		"週一（5月29日）=2023-05-29:dr;"
		"5月初=2023-05-01/2023-05-10:dr;"
		"2018年=2018:y;"
		"本月稍早=2023-05:mr;"
		"上週=2023-05-22/2023-05-28:wr;"
		"今年2月=2023-02:mr;"
		"本月稍早=2023-05:mr;"
		"5月初=2023-05-01/2023-05-10:dr;"
		"4月=2023-04:mr;"
		"4月=2023-04:mr;"
		"2021年=2021:y;",
	},
	{
		/* DW, Friday 2024-04-26 */
		"001_a6bae3c716f2df06.txt", "2024-04-26",
		"週五（4月26日）=2024-04-26:dr;"
		"去年11月=2023-11:mr;"
		"今年4月=2024-04:mr;"
		"5月=2024-05:mr;"
		"週四（25日）=2024-04-25:dr;"
		"26日=2024-04-26:dr;"
		"4月26日=2024-04-26:dr;"
		"26日=2024-04-26:dr;",
	},
	{
		/* DW, Friday 2023-10-06 */
		"002_548a5db2272e6a26.txt", "2023-10-06",
		"11月=2023-11:mr;"
		"週四（10月5日）=2023-10-05:dr;"
		"下個月=2023-11:mr;"
		"今年11月=2023-11:mr;"
		"9月=2023-09:mr;"
		"週二（3日）=2023-10-03:dr;"
		"10月=2023-10:mr;"
		"去年11月=2022-11:mr;"
		"2021年=2021:y;"
		"去年11月=2022-11:mr;"
		"今年2月=2023-02:mr;"
		"6月=2023-06:mr;"
		"9月=2023-09:mr;"
		"9月=2023-09:mr;"
		"9月初=2023-09-01/2023-09-10:dr;"
		"去年11月14日=2022-11-14:dr;"
		"去年7月28日=2022-07-28:dr;",
	},
	{
		/* RFI, Tuesday 2023-11-07 (its header: 07/11/2023 - 12:35) */
		"003_1dc218d71bcef436.txt", "2023-11-07",
		"下周=2023-11-13/2023-11-19:wr;"
		"本月=2023-11:mr;"
		"11月15日=2023-11-15:dr;"
		"16日=2023-11-16:dr;"
		"6日=2023-11-06:dr;"
		"10月底=2023-10-21/2023-10-31:dr;"
		"下周=2023-11-13/2023-11-19:wr;"
		"周一=2023-11-06:dr;"
		"11月16日=2023-11-16:dr;"
		"本周=2023-11-06/2023-11-12:wr;"
		"周一=2023-11-06:dr;"
		"下周=2023-11-13/2023-11-19:wr;"
		"今年=2023:yr;",
	},
	{
		/* Prospect Foundation commentary: no issue date, so only dates
		 * written with their year (今年內 is left out) */
		"004_ae6cb72911263d64.txt", "",
		"2022 年 8 月=2022-08:m;"
		"2023 年 6 月=2023-06:m;"
		"2023 年夏天=2023-06/2023-08:m;"
		"2023 年 11 月=2023-11:m;"
		"2023 年 12 月 21 日=2023-12-21:d;"
		"2024 年 1 月 8 日至 9 日=2024-01-08/2024-01-09:d;"
		"2021 年=2021:y;"
		"2021 年秋季=2021-09/2021-11:m;"
		"2024 年 1 月 8 日至 9 日=2024-01-08/2024-01-09:d;",
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

/* Keeps the one document a seed holds. */
static int keep(void *arg, struct doc **d, struct err *e)
{
	struct doc **slot = arg;

	(void)e;
	if (*slot)
		return DOSSIER_EFORMAT;
	*slot = *d;
	*d = NULL;
	return DOSSIER_OK;
}

/* The local calendar day in UTC+8 of `ms`, or 0s when unknown. */
static void desk_day(int64_t ms, int *y, int *m, int *d)
{
	time_t t;
	struct tm tm;

	*y = *m = *d = 0;
	if (ms == DOC_TIME_NONE)
		return;
	t = (time_t)((ms + 8 * 3600 * 1000LL) / 1000);
	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static void describe(const char *text, int y, int m, int d, struct buf *out)
{
	static const char prec[] = "dwmy";
	struct extract_date *v = NULL;
	size_t n = 0, len = strlen(text);
	struct err e = { 0 };

	if (extract_dates(text, len, y, m, d, &v, &n, &e))
		fail_msg("extract_dates: %s", e.msg);
	for (size_t i = 0; i < n; i++) {
		char when[EXTRACT_DATE_STR_MAX];

		assert_true(v[i].start + v[i].len <= len);
		extract_date_format(&v[i], when, sizeof when);
		buf_printf(out, "%.*s=%s:%c%s;", (int)v[i].len, text + v[i].start, when,
			   prec[v[i].precision], v[i].relative ? "r" : "");
	}
	free(v);
}

static void check_seed(const struct env *env, const struct seed *s)
{
	char path[4096], ref[48] = "";
	struct doc *d = NULL;
	struct buf got = BUF_INIT;
	struct err e = { 0 };
	int y, m, day;

	snprintf(path, sizeof path, "%s/seeds/%s", shared_dir(), s->file);
	if (ingest_file(env->ingest, path, keep, &d, NULL, &e) || !d)
		fail_msg("%s: %s", s->file, e.msg);
	desk_day(d->published, &y, &m, &day);
	if (y)
		snprintf(ref, sizeof ref, "%04d-%02d-%02d", y, m, day);
	if (strcmp(ref, s->ref))
		fail_msg("%s: published on %s, not %s", s->file, ref, s->ref);
	if (d->title)
		describe(d->title, y, m, day, &got);
	for (size_t i = 0; i < d->n_paras; i++)
		describe(d->paras[i].text, y, m, day, &got);
	for (size_t i = 0; i < d->n_images; i++) {
		if (d->images[i].caption)
			describe(d->images[i].caption, y, m, day, &got);
	}
	if (strcmp(got.data ? got.data : "", s->dates))
		fail_msg("%s:\n  expected %s\n  got      %s", s->file, s->dates,
			 got.data ? got.data : "");
	buf_release(&got);
	doc_free(d);
}

static void seed_dates(void **state)
{
	const struct env *env = *state;

	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		check_seed(env, &seeds[i]);
}

/*
 * RFI's date line "07/11/2023 - 12:35" becomes the publication time and
 * is not in the text: read it from the raw seed, day first.
 */
static void rfi_date_line(void **state)
{
	char path[4096];
	FILE *f;
	char raw[8192];
	size_t len;
	struct buf got = BUF_INIT;

	(void)state;
	snprintf(path, sizeof path, "%s/seeds/003_1dc218d71bcef436.txt", shared_dir());
	f = fopen(path, "rb");
	assert_non_null(f);
	len = fread(raw, 1, sizeof raw - 1, f);
	fclose(f);
	raw[len] = '\0';
	{
		char *line = strstr(raw, "<div>07/11/2023");

		assert_non_null(line);
		line += 5;
		line[strcspn(line, "<")] = '\0';
		describe(line, 0, 0, 0, &got);
	}
	assert_string_equal(got.data, "07/11/2023=2023-11-07:d;");
	buf_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_dates),
		cmocka_unit_test(rfi_date_line),
	};
	char path[4096];
	struct stat st;

	if (!shared_dir()) {
		fprintf(stderr, "DOSSIER_SHARED is not set or not a folder: skipped\n");
		return 77;
	}
	snprintf(path, sizeof path, "%s/seeds", shared_dir());
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return 77;
	return cmocka_run_group_tests(tests, setup, teardown);
}
