/* Unit tests for src/store: the archive file, dedup, updates, stats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive_fixture.h"
#include "store/store.h"
#include "text/text.h"

struct fixture {
	struct archive_fixture a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (!f || archive_fixture_open(&f->a, "store"))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = archive_fixture_close(&f->a);

	free(f);
	return rc;
}

static struct doc *make_doc(const char *url, const char *title, const char *para)
{
	struct doc *d = doc_new();

	if (url)
		doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->title, title, (size_t)-1);
	doc_set(&d->format, "record", (size_t)-1);
	doc_set(&d->script, "hant", (size_t)-1);
	doc_set(&d->source, "華訊", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, para);
	doc_add_para(d, DOC_PARA_HEADING, "小標題");
	doc_add_image(d, "https://x.example.org/1.jpg", "圖說");
	doc_add_image(d, NULL, "只有圖說");
	doc_add_link(d, "https://x.example.org/a", "相關報導");
	d->published = 1717142400000;
	d->fetched = 1717146000000;
	doc_compute_hash(d);
	return d;
}

static enum store_put_result put(struct store *s, struct doc *d)
{
	enum store_put_result r = STORE_UNCHANGED;
	struct err e;

	assert_int_equal(store_doc_put(s, d, 1000, &r, &e), DOSSIER_OK);
	return r;
}

static void round_trips_a_document(void **state)
{
	struct fixture *f = *state;
	struct doc *d = make_doc("https://x.example.org/1", "標題", "第一段。"), *got;
	struct err e;

	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	assert_true(d->id > 0);
	assert_int_equal(store_doc_get(f->a.store, d->id, &got, &e), DOSSIER_OK);
	assert_string_equal(got->title, "標題");
	assert_string_equal(got->url, "https://x.example.org/1");
	assert_string_equal(got->source, "華訊");
	assert_true(got->published == 1717142400000);
	assert_true(got->fetched == 1717146000000);
	assert_true(got->updated == 1000);
	assert_null(got->author);
	assert_int_equal(got->n_paras, 2);
	assert_int_equal(got->paras[1].kind, DOC_PARA_HEADING);
	assert_int_equal(got->n_images, 2);
	assert_null(got->images[1].src);
	assert_string_equal(got->images[1].caption, "只有圖說");
	assert_int_equal(got->n_links, 1);
	assert_string_equal(got->hash, d->hash);
	doc_free(got);
	assert_int_equal(store_doc_get(f->a.store, 999, &got, &e), DOSSIER_ENOTFOUND);
	doc_free(d);
}

static void deduplicates_and_updates(void **state)
{
	struct fixture *f = *state;
	struct doc *a = make_doc("https://x.example.org/2", "甲", "內容甲。");
	struct doc *same = make_doc("https://x.example.org/2", "甲", "內容甲。");
	struct doc *changed = make_doc("https://x.example.org/2", "甲", "內容甲，已更新。");
	struct doc *copy = make_doc("https://mirror.example.org/2", "甲", "內容甲，已更新。");
	struct doc *file = make_doc(NULL, "乙", "沒有網址的文件。");
	struct doc *file2 = make_doc(NULL, "乙", "沒有網址的文件，改過了。");
	struct store_stats st;
	struct err e;
	char **urls;
	size_t n;
	int64_t id;

	doc_set(&file->origin, "/tmp/x.txt", (size_t)-1);
	doc_set(&file2->origin, "/tmp/x.txt", (size_t)-1);
	assert_int_equal(put(f->a.store, a), STORE_INSERTED);
	assert_int_equal(put(f->a.store, same), STORE_UNCHANGED);
	assert_true(same->id == a->id);
	assert_int_equal(put(f->a.store, changed), STORE_UPDATED);
	assert_true(changed->id == a->id);
	assert_int_equal(put(f->a.store, copy), STORE_DUPLICATE);
	assert_true(copy->id == a->id);
	assert_int_equal(put(f->a.store, file), STORE_INSERTED);
	assert_int_equal(put(f->a.store, file2), STORE_UPDATED);
	assert_true(file2->id == file->id);

	assert_int_equal(store_doc_urls(f->a.store, a->id, &urls, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 2);
	assert_string_equal(urls[0], "https://mirror.example.org/2");
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	assert_int_equal(store_doc_find(f->a.store, "https://mirror.example.org/2", &id, &e), DOSSIER_OK);
	assert_true(id == a->id);
	assert_int_equal(store_doc_find(f->a.store, "/tmp/x.txt", &id, &e), DOSSIER_OK);
	assert_true(id == file->id);
	assert_int_equal(store_doc_find(f->a.store, "nope", &id, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_doc_find(f->a.store, "-1", &id, &e), DOSSIER_ENOTFOUND);

	assert_int_equal(store_stats(f->a.store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.documents, 2);
	assert_int_equal(st.n_sources, 1);
	assert_string_equal(st.sources[0].name, "華訊");
	assert_int_equal(st.sources[0].count, 2);
	assert_int_equal(st.paragraphs, 4);
	assert_int_equal(st.urls, 2);
	store_stats_release(&st);
	assert_int_equal(store_check(f->a.store, &e), DOSSIER_OK);
	doc_free(a); doc_free(same); doc_free(changed); doc_free(copy);
	doc_free(file); doc_free(file2);
}

static void one_article_by_many_addresses(void **state)
{
	struct fixture *f = *state;
	struct doc *a = make_doc("https://www.example.org/news/3", "丙", "內容丙。");
	struct doc *tracked = make_doc("http://m.example.org/news/3/?utm_source=rss#top", "丙", "內容丙。");
	struct doc *changed = make_doc("https://example.org/news/3?fbclid=x", "丙", "內容丙，已更新。");
	struct doc *other = make_doc("https://www.example.org/news/4", "丁", "內容丁。");
	struct store_stats st;
	struct err e;
	char **urls;
	size_t n;
	int64_t id;

	assert_int_equal(put(f->a.store, a), STORE_INSERTED);
	/* the same page through a feed's tracking link: recognised, address kept */
	assert_int_equal(put(f->a.store, tracked), STORE_UNCHANGED);
	assert_true(tracked->id == a->id);
	/* a newer version at a third form of the address updates the same document */
	assert_int_equal(put(f->a.store, changed), STORE_UPDATED);
	assert_true(changed->id == a->id);
	assert_int_equal(put(f->a.store, other), STORE_INSERTED);
	assert_true(other->id != a->id);

	assert_int_equal(store_doc_urls(f->a.store, a->id, &urls, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	/* any form finds it, even one never seen */
	assert_int_equal(store_doc_find(f->a.store, "https://example.org/news/3/#x", &id, &e), DOSSIER_OK);
	assert_true(id == a->id);
	assert_int_equal(store_stats(f->a.store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.documents, 2);
	store_stats_release(&st);
	assert_int_equal(store_check(f->a.store, &e), DOSSIER_OK);
	doc_free(a); doc_free(tracked); doc_free(changed); doc_free(other);
}

static void refuses_what_it_cannot_read(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct store *s = NULL;
	struct err e;
	FILE *fp;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/bogus.db", f->a.dir);
	fp = fopen(path, "w");
	fputs("this is not a database, this is a text file of a good length.....", fp);
	fclose(fp);
	assert_int_equal(store_open(&s, path, f->a.text, &e), DOSSIER_EDB);
	assert_non_null(strstr(e.msg, "not a Dossier archive"));
	assert_null(s);

	/* An archive written by a newer Dossier is not touched. */
	snprintf(path, sizeof path, "%s/newer.db", f->a.dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(&s, path, f->a.text, &e), DOSSIER_EDB);
	assert_non_null(strstr(e.msg, "schema version 99"));
}

static void reopens_without_migrating_twice(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct store_stats st;
	struct err e;

	assert_int_equal(store_open(&s, f->a.db, f->a.text, &e), DOSSIER_OK);
	assert_int_equal(store_stats(s, &st, &e), DOSSIER_OK);
	assert_int_equal(st.schema_version, STORE_SCHEMA_VERSION);
	store_stats_release(&st);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trips_a_document, setup, teardown),
		cmocka_unit_test_setup_teardown(deduplicates_and_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(one_article_by_many_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_what_it_cannot_read, setup, teardown),
		cmocka_unit_test_setup_teardown(reopens_without_migrating_twice, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
