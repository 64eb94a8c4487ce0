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
#include "store/store_int.h"
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

/* A feed item, as ingest makes it from a file (origin) or a fetch (feed). */
static struct doc *make_item(const char *url, const char *guid, const char *title,
			     const char *para)
{
	struct doc *d = make_doc(url, title, para);

	doc_set(&d->format, "feed", (size_t)-1);
	doc_set(&d->origin, "/archive/blog.xml", (size_t)-1);
	if (guid)
		doc_set(&d->guid, guid, (size_t)-1);
	return d;
}

static int64_t count(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(f->a.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Issue 14, item 1: a feed item is identified by its guid, then its link;
 * a different item never replaces another. */
static void feed_items_are_told_apart(void **state)
{
	struct fixture *f = *state;
	struct doc *d;

	/* A blog's weekly archive page: each post linked by a fragment, no guids. */
	d = make_item("http://blog.example.org/2004_08_29.html#1094", NULL, "第一篇", "甲。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	d = make_item("http://blog.example.org/2004_08_29.html#1095", NULL, "第二篇", "乙。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	/* The page itself, or an anchor-less address of it, is still the page's
	 * first item (the same article by another address). */
	d = make_item("https://blog.example.org/2004_08_29.html#1095", NULL, "第二篇", "乙，改過。");
	assert_int_equal(put(f->a.store, d), STORE_UPDATED);
	doc_free(d);
	assert_int_equal(count(f, "SELECT count(*) FROM docs"), 2);

	/* Every item linked to the home page, each with its own guid. */
	d = make_item("https://notices.example.org/", "notice-1", "公告一", "丙。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	d = make_item("https://notices.example.org/", "notice-2", "公告二", "丁。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	/* The guid finds each again, wherever its link points. */
	d = make_item("https://notices.example.org/", "notice-2", "公告二", "丁，已更正。");
	assert_int_equal(put(f->a.store, d), STORE_UPDATED);
	doc_free(d);
	d = make_item("https://notices.example.org/2", "notice-1", "公告一", "丙。");
	assert_int_equal(put(f->a.store, d), STORE_UNCHANGED);
	doc_free(d);
	assert_int_equal(count(f, "SELECT count(*) FROM docs"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM docs WHERE guid = 'notice-2'"
				  " AND body LIKE '%已更正%'"), 1);
	/* A guid is unique within its feed only: another file's notice-1 is
	 * another item (stored as a duplicate of equal text, not an update). */
	d = make_item("https://other.example.org/n1", "notice-1", "別處公告", "戊。");
	doc_set(&d->origin, "/archive/other.xml", (size_t)-1);
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);

	/* Items with neither link nor guid: one per title in their file. */
	d = make_item(NULL, NULL, "無連結一", "己。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	d = make_item(NULL, NULL, "無連結二", "庚。");
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	d = make_item(NULL, NULL, "無連結二", "庚，補充。");
	assert_int_equal(put(f->a.store, d), STORE_UPDATED);
	doc_free(d);
	assert_int_equal(count(f, "SELECT count(*) FROM docs"), 7);
}

static int64_t search_count(struct store *s, const char *match)
{
	struct store_search q = { .match = match, .from = DOC_TIME_NONE, .to = DOC_TIME_NONE };
	int64_t n = -1;
	struct err e;

	assert_int_equal(store_search_count(s, &q, &n, &e), DOSSIER_OK);
	return n;
}

/* Issue 14, item 12: a byline is searchable, also in an archive made
 * before the index had it (schema 6, migrated on open). */
static void bylines_are_searchable(void **state)
{
	struct fixture *f = *state;
	struct doc *d = make_doc("https://x.example.org/by", "評論", "美中軍事對話的前景。");
	struct store *s = NULL;
	sqlite3 *db;
	struct err e;

	doc_set(&d->author, "李明峻", (size_t)-1);
	doc_compute_hash(d);
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	doc_free(d);
	assert_int_equal(search_count(f->a.store, "\"李明峻\""), 1);

	/* Back to schema 6 (on the store's own connection, which knows the
	 * tokenizer): the index as it was, without the author column. */
	db = store_db(f->a.store);
	assert_int_equal(sqlite3_exec(db,
		"DROP INDEX docs_guid; DROP TRIGGER docs_fts_insert; DROP TRIGGER docs_fts_delete;"
		"DROP TRIGGER docs_fts_update; DROP TABLE fts;"
		"CREATE VIRTUAL TABLE fts USING fts5(title, body, captions,"
		"  content='docs', content_rowid='id', tokenize='dossier');"
		"CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN"
		"  INSERT INTO fts(rowid, title, body, captions)"
		"  VALUES (new.id, new.title, new.body, new.captions); END;"
		"CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs BEGIN"
		"  INSERT INTO fts(fts, rowid, title, body, captions)"
		"  VALUES ('delete', old.id, old.title, old.body, old.captions); END;"
		"CREATE TRIGGER docs_fts_update AFTER UPDATE OF title, body, captions ON docs BEGIN"
		"  INSERT INTO fts(fts, rowid, title, body, captions)"
		"  VALUES ('delete', old.id, old.title, old.body, old.captions);"
		"  INSERT INTO fts(rowid, title, body, captions)"
		"  VALUES (new.id, new.title, new.body, new.captions); END;"
		"INSERT INTO fts(fts) VALUES ('rebuild');"
		"ALTER TABLE event_actors DROP COLUMN role;"
		"ALTER TABLE event_actors DROP COLUMN country_id;"
		"PRAGMA user_version = 6;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(search_count(f->a.store, "\"李明峻\""), 0);
	store_close(f->a.store);
	f->a.store = NULL;
	if (store_open(&s, f->a.db, f->a.text, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(search_count(s, "\"李明峻\""), 1);
	assert_int_equal(search_count(s, "\"軍事\""), 1);
	assert_int_equal(store_check(s, &e), DOSSIER_OK);
	f->a.store = s;
}

/* Issue 14, item 4: a batch holds the write lock only once it has written
 * something, and not after its commit. */
static void a_batch_locks_only_while_writing(void **state)
{
	struct fixture *f = *state;
	struct doc *d = make_doc("https://x.example.org/lock", "鎖", "批次。");
	sqlite3 *other;
	struct err e;

	assert_int_equal(sqlite3_open(f->a.db, &other), SQLITE_OK);
	assert_int_equal(store_batch_begin(f->a.store, &e), DOSSIER_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; COMMIT;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(put(f->a.store, d), STORE_INSERTED);
	assert_int_equal(store_batch_pending(f->a.store), 1);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_BUSY);
	assert_int_equal(store_batch_commit(f->a.store, &e), DOSSIER_OK);
	assert_int_equal(store_batch_pending(f->a.store), 0);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; COMMIT;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	doc_free(d);
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
		cmocka_unit_test_setup_teardown(feed_items_are_told_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(bylines_are_searchable, setup, teardown),
		cmocka_unit_test_setup_teardown(a_batch_locks_only_while_writing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
