/*
 * Seed 004 (a think-tank PDF commentary turned into text) through
 * plaintext_parse().  The file is read in place from $DOSSIER_SHARED; the
 * test skips (77) when that folder is absent.
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

#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

#define SEED "seeds/004_ae6cb72911263d64.txt"

static struct doc *seed_doc;

/* Reads the whole file at `path` into a buffer of exactly its size. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	data = malloc(size ? (size_t)size : 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		free(data);
		data = NULL;
		goto fail;
	}
	*len = (size_t)size;
fail:
	fclose(f);
	return data;
}

static int setup(void **state)
{
	char path[4096];
	size_t len = 0;
	char *data;
	struct err e;
	int rc;

	(void)state;
	snprintf(path, sizeof path, "%s/%s", getenv("DOSSIER_SHARED"), SEED);
	data = read_file(path, &len);
	if (!data) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	if (!plaintext_sniff(data, len)) {
		fprintf(stderr, "plaintext_sniff refused %s\n", path);
		free(data);
		return -1;
	}
	seed_doc = doc_new();
	rc = plaintext_parse(data, len, seed_doc, &e);
	free(data);
	if (rc) {
		fprintf(stderr, "%s: %s\n", path, e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	doc_free(seed_doc);
	return 0;
}

static int text_has(const char *needle)
{
	char *all = doc_text(seed_doc);
	int found = all && strstr(all, needle) != NULL;

	free(all);
	return found;
}

static void seed_front_matter(void **state)
{
	(void)state;
	assert_string_equal(seed_doc->title, "美中恢復軍事會談對東北亞安保情勢的影響");
	assert_string_equal(seed_doc->author, "李明峻");
	assert_string_equal(seed_doc->affiliation, "新台灣國策智庫研發長");
	assert_string_equal(seed_doc->source, "遠景基金會");
	assert_string_equal(seed_doc->format, "text");
	/* the seed states no issue date; none is invented */
	assert_true(seed_doc->published == DOC_TIME_NONE);
}

static void seed_caption(void **state)
{
	(void)state;
	assert_int_equal(seed_doc->n_images, 1);
	assert_null(seed_doc->images[0].src);
	/* the description alone: the URL credit became a link */
	{
		const char *cap = seed_doc->images[0].caption;
		const char *start = "2024 年 1 月 8 日至 9 日，";
		const char *end = "五角大廈舉行。";

		assert_non_null(cap);
		assert_true(strncmp(cap, start, strlen(start)) == 0);
		assert_true(strlen(cap) > strlen(end));
		assert_string_equal(cap + strlen(cap) - strlen(end), end);
		assert_null(strstr(cap, "圖片來源"));
		assert_null(strstr(cap, "http"));
	}
	assert_int_equal(seed_doc->n_links, 1);
	assert_non_null(strstr(seed_doc->links[0].href,
			       "https://www.defense.gov/News/News-Stories/"));
	assert_string_equal(seed_doc->links[0].text, "圖片來源");
	/* the caption is not a paragraph */
	for (size_t i = 0; i < seed_doc->n_paras; i++)
		assert_null(strstr(seed_doc->paras[i].text, "圖片來源"));
}

static void seed_headings(void **state)
{
	const char *want[] = {
		"美中恢復初步軍事對談是重要的第一步",
		"美中雙邊國防政策協調各說各話",
		"台灣問題是美中潛在軍事衝突的最大熱點",
	};
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < seed_doc->n_paras; i++) {
		if (seed_doc->paras[i].kind != DOC_PARA_HEADING)
			continue;
		assert_true(n < sizeof want / sizeof *want);
		assert_string_equal(seed_doc->paras[i].text, want[n]);
		n++;
	}
	assert_int_equal(n, sizeof want / sizeof *want);
}

static void seed_page_breaks_joined(void **state)
{
	(void)state;
	assert_true(text_has("亞太區域的穩定，自 2023 年夏天起"));
	assert_true(text_has("重申美國將繼續在國際法"));
	/* a paragraph per blank-line block, apart from the two joins */
	assert_int_equal(seed_doc->n_paras, 11);
	assert_int_equal(seed_doc->paras[0].kind, DOC_PARA_TEXT);
	assert_non_null(strstr(seed_doc->paras[0].text, "自 2022 年 8 月"));
	assert_non_null(strstr(seed_doc->paras[10].text, "但不是最後一步」。"));
}

static void seed_furniture_dropped(void **state)
{
	const char *gone[] = { "Tel:", "Fax:", "汀州路", "pf.org.tw", "編按",
			       "本基金會", "遠景論壇", "財團法人", "886-2" };

	(void)state;
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		assert_false(text_has(gone[i]));
}

int main(void)
{
	const char *shared = getenv("DOSSIER_SHARED");
	char path[4096];
	struct stat st;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_front_matter),
		cmocka_unit_test(seed_caption),
		cmocka_unit_test(seed_headings),
		cmocka_unit_test(seed_page_breaks_joined),
		cmocka_unit_test(seed_furniture_dropped),
	};

	if (!shared || !*shared)
		return 77;
	snprintf(path, sizeof path, "%s/%s", shared, SEED);
	if (stat(path, &st))
		return 77;
	return cmocka_run_group_tests(tests, setup, teardown);
}
