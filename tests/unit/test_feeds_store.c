/* Unit tests for src/store/feeds.c: subscriptions and their fetch state,
 * and the migration of a schema-1 archive to schema 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive_fixture.h"
#include "store/store.h"
#include "text/text.h"

#define FEED_A "https://news.example.net/feed.xml"
#define FEED_B "https://other.example.net/rss"
#define T0 1717142400000LL

static int setup(void **state)
{
	struct archive_fixture *a = calloc(1, sizeof *a);

	if (!a || archive_fixture_open(a, "feeds"))
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	struct archive_fixture *a = *state;
	int rc = archive_fixture_close(a);

	free(a);
	return rc;
}

static struct doc *feed_item(const char *url, const char *feed, const char *title,
			     const char *text)
{
	struct doc *d = doc_new();

	doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->title, title, (size_t)-1);
	doc_set(&d->format, "feed", (size_t)-1);
	doc_set(&d->script, "hans", (size_t)-1);
	if (feed)
		doc_set(&d->feed, feed, (size_t)-1);
	doc_set(&d->guid, url, (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, text);
	d->published = T0;
	doc_compute_hash(d);
	return d;
}

static void put(struct store *s, struct doc *d)
{
	enum store_put_result r;
	struct err e;

	assert_int_equal(store_doc_put(s, d, T0, &r, &e), DOSSIER_OK);
	doc_free(d);
}

static void adds_lists_and_removes(void **state)
{
	struct archive_fixture *a = *state;
	struct store_feed *list, f;
	size_t n;
	int added = -1;
	struct err e;

	assert_int_equal(store_feed_add(a->store, FEED_A, NULL, NULL, T0, &added, &e), DOSSIER_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_feed_add(a->store, FEED_B, "另一家报社", "https://other.example.net/", T0, &added, &e), DOSSIER_OK);
	assert_int_equal(added, 1);
	/* Again: nothing new, but a missing title is filled in. */
	assert_int_equal(store_feed_add(a->store, FEED_A, "新闻站", NULL, T0, &added, &e), DOSSIER_OK);
	assert_int_equal(added, 0);
	assert_int_equal(store_feed_add(a->store, FEED_B, "别的名字", NULL, T0, &added, &e), DOSSIER_OK);
	assert_int_equal(added, 0);
	assert_int_equal(store_feed_add(a->store, "", NULL, NULL, T0, NULL, &e), DOSSIER_EUSAGE);

	assert_int_equal(store_feed_list(a->store, DOC_TIME_NONE, &list, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].url, FEED_A);
	assert_string_equal(list[0].title, "新闻站");
	assert_string_equal(list[1].title, "另一家报社");
	assert_string_equal(list[1].site, "https://other.example.net/");
	assert_null(list[0].site);
	assert_int_equal(list[0].interval, STORE_FEED_INTERVAL);
	assert_int_equal(list[0].fulltext, 0);
	assert_true(list[0].last_success == DOC_TIME_NONE);
	assert_null(list[0].etag);
	assert_int_equal(list[0].items, 0);
	store_feeds_free(list, n);

	assert_int_equal(store_feed_remove(a->store, FEED_B, &e), DOSSIER_OK);
	assert_int_equal(store_feed_remove(a->store, FEED_B, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_feed_get(a->store, FEED_B, &f, &e), DOSSIER_ENOTFOUND);
	assert_non_null(strstr(e.msg, FEED_B));
	assert_int_equal(store_feed_list(a->store, DOC_TIME_NONE, &list, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 1);
	store_feeds_free(list, n);
}

static void records_fetches_and_backs_off(void **state)
{
	struct archive_fixture *a = *state;
	struct store_fetch_result ok = {
		.outcome = STORE_FETCH_OK, .status = 200, .etag = "\"v1\"",
		.last_modified = "Fri, 31 May 2024 08:00:00 GMT",
		.title = "新闻站", .site = "https://news.example.net/",
	};
	struct store_fetch_result same = { .outcome = STORE_FETCH_NOT_MODIFIED, .status = 304 };
	struct store_fetch_result bad = { .outcome = STORE_FETCH_FAILED, .status = 404,
					  .error = "HTTP 404 Not Found" };
	struct store_feed f, *list;
	size_t n;
	struct err e;

	assert_int_equal(store_feed_add(a->store, FEED_A, NULL, NULL, T0, NULL, &e), DOSSIER_OK);
	assert_int_equal(store_feed_add(a->store, FEED_B, NULL, NULL, T0, NULL, &e), DOSSIER_OK);
	/* Both new ones are due at once. */
	assert_int_equal(store_feed_list(a->store, T0, &list, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 2);
	store_feeds_free(list, n);

	assert_int_equal(store_feed_record(a->store, FEED_A, &ok, T0, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_string_equal(f.etag, "\"v1\"");
	assert_string_equal(f.last_modified, "Fri, 31 May 2024 08:00:00 GMT");
	assert_string_equal(f.title, "新闻站");
	assert_string_equal(f.site, "https://news.example.net/");
	assert_int_equal(f.last_status, 200);
	assert_true(f.last_success == T0 && f.last_attempt == T0);
	assert_true(f.next_due == T0 + STORE_FEED_INTERVAL * 1000LL);
	store_feed_release(&f);

	/* Only B is due now. */
	assert_int_equal(store_feed_list(a->store, T0 + 1000, &list, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].url, FEED_B);
	store_feeds_free(list, n);

	/* 304 keeps the validators and the title. */
	assert_int_equal(store_feed_record(a->store, FEED_A, &same, T0 + 5000, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_string_equal(f.etag, "\"v1\"");
	assert_string_equal(f.title, "新闻站");
	assert_int_equal(f.last_status, 304);
	assert_true(f.last_success == T0 + 5000);
	store_feed_release(&f);

	/* Failures: error kept, count up, each put off twice as long, capped. */
	assert_int_equal(store_feed_record(a->store, FEED_A, &bad, T0 + 10000, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_string_equal(f.last_error, "HTTP 404 Not Found");
	assert_int_equal(f.failures, 1);
	assert_int_equal(f.last_status, 404);
	assert_string_equal(f.etag, "\"v1\"");
	assert_true(f.last_success == T0 + 5000);
	assert_true(f.next_due == T0 + 10000 + 3600000LL);
	store_feed_release(&f);
	assert_int_equal(store_feed_record(a->store, FEED_A, &bad, T0 + 20000, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_int_equal(f.failures, 2);
	assert_true(f.next_due == T0 + 20000 + 7200000LL);
	store_feed_release(&f);
	for (int i = 0; i < 8; i++)
		assert_int_equal(store_feed_record(a->store, FEED_A, &bad, T0, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_int_equal(f.failures, 10);
	assert_true(f.next_due == T0 + STORE_FEED_MAX_BACKOFF * 1000LL);
	store_feed_release(&f);

	/* A success clears the error and the count; no validators sent, none kept. */
	ok.etag = ok.last_modified = NULL;
	ok.title = NULL;
	assert_int_equal(store_feed_record(a->store, FEED_A, &ok, T0 + 30000, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_null(f.last_error);
	assert_int_equal(f.failures, 0);
	assert_null(f.etag);
	assert_string_equal(f.title, "新闻站");
	store_feed_release(&f);

	/* A failure without an HTTP status (connection refused). */
	bad.status = 0;
	bad.error = "connection refused";
	assert_int_equal(store_feed_record(a->store, FEED_B, &bad, T0, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_B, &f, &e), DOSSIER_OK);
	assert_int_equal(f.last_status, 0);
	assert_string_equal(f.last_error, "connection refused");
	store_feed_release(&f);

	assert_int_equal(store_feed_record(a->store, "https://nowhere.example.net/", &ok, T0, &e),
			 DOSSIER_ENOTFOUND);
}

static void settings_and_item_counts(void **state)
{
	struct archive_fixture *a = *state;
	struct store_feed f;
	int64_t count;
	struct err e;

	assert_int_equal(store_feed_add(a->store, FEED_A, NULL, NULL, T0, NULL, &e), DOSSIER_OK);
	assert_int_equal(store_feed_set_fulltext(a->store, FEED_A, 1, &e), DOSSIER_OK);
	assert_int_equal(store_feed_set_interval(a->store, FEED_A, 900, &e), DOSSIER_OK);
	assert_int_equal(store_feed_set_interval(a->store, FEED_A, 5, &e), DOSSIER_EUSAGE);
	assert_int_equal(store_feed_set_fulltext(a->store, FEED_B, 1, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_int_equal(f.fulltext, 1);
	assert_int_equal(f.interval, 900);
	store_feed_release(&f);

	put(a->store, feed_item("https://news.example.net/a/1", FEED_A, "第一条", "两国防长通了电话。"));
	put(a->store, feed_item("https://news.example.net/a/2", FEED_A, "第二条", "会谈将在下月举行。"));
	put(a->store, feed_item("https://news.example.net/a/3", NULL, "无关", "这一篇不是订阅来的。"));
	assert_int_equal(store_feed_items(a->store, FEED_A, &count, &e), DOSSIER_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_OK);
	assert_int_equal(f.items, 2);
	store_feed_release(&f);

	/* Removing the subscription keeps its documents. */
	assert_int_equal(store_feed_remove(a->store, FEED_A, &e), DOSSIER_OK);
	assert_int_equal(store_feed_items(a->store, FEED_A, &count, &e), DOSSIER_OK);
	assert_int_equal(count, 2);
}

static void moves_with_its_items(void **state)
{
	struct archive_fixture *a = *state;
	struct store_feed f;
	int64_t count;
	struct err e;

	assert_int_equal(store_feed_add(a->store, FEED_A, "新闻站", NULL, T0, NULL, &e), DOSSIER_OK);
	assert_int_equal(store_feed_set_fulltext(a->store, FEED_A, 1, &e), DOSSIER_OK);
	put(a->store, feed_item("https://news.example.net/a/1", FEED_A, "第一条", "两国防长通了电话。"));
	assert_int_equal(store_feed_move(a->store, FEED_A, FEED_B, &e), DOSSIER_OK);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_feed_get(a->store, FEED_B, &f, &e), DOSSIER_OK);
	assert_string_equal(f.title, "新闻站");
	assert_int_equal(f.fulltext, 1);
	assert_int_equal(f.items, 1);
	store_feed_release(&f);
	assert_int_equal(store_feed_items(a->store, FEED_A, &count, &e), DOSSIER_OK);
	assert_int_equal(count, 0);

	/* Onto a subscription that exists: they merge; inside a batch too. */
	assert_int_equal(store_feed_add(a->store, FEED_A, NULL, NULL, T0, NULL, &e), DOSSIER_OK);
	put(a->store, feed_item("https://news.example.net/a/2", FEED_A, "第二条", "会谈将在下月举行。"));
	assert_int_equal(store_batch_begin(a->store, &e), DOSSIER_OK);
	assert_int_equal(store_feed_move(a->store, FEED_A, FEED_B, &e), DOSSIER_OK);
	assert_int_equal(store_batch_commit(a->store, &e), DOSSIER_OK);
	assert_int_equal(store_feed_items(a->store, FEED_B, &count, &e), DOSSIER_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_feed_get(a->store, FEED_A, &f, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_feed_move(a->store, FEED_A, FEED_B, &e), DOSSIER_ENOTFOUND);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
}

/* An archive written at schema 1 (documents, no feeds) opens as schema 2
 * with its document intact. */
static void migrates_a_schema_1_archive(void **state)
{
	struct archive_fixture *a = *state;
	static const char *const to_v1 =
		"DROP INDEX docs_guid;"
		"DROP TABLE story_docs; DROP TABLE stories; DROP TABLE story_keys;"
		"DROP TABLE lsh; DROP TABLE fingerprints;"
		"DROP TABLE url_keys;"
		"DROP TABLE event_actors;"
		"DROP TABLE events;"
		"DROP TABLE dates;"
		"DROP TABLE mentions;"
		"DROP TABLE entity_aliases;"
		"DROP TABLE entities;"
		"DROP INDEX docs_feed;"
		"DROP TABLE feeds;"
		"ALTER TABLE docs DROP COLUMN flags;"
		"ALTER TABLE docs DROP COLUMN guid;"
		"ALTER TABLE docs DROP COLUMN summary;"
		"ALTER TABLE docs DROP COLUMN categories;"
		"ALTER TABLE docs DROP COLUMN feed;"
		"PRAGMA user_version = 1;";
	struct store_stats st;
	struct store_feed *list;
	struct doc *d;
	sqlite3 *db;
	int64_t id;
	size_t n;
	int cols = 0;
	sqlite3_stmt *q;
	char *triggers[8], *msg = NULL;
	size_t n_triggers = 0;
	struct err e;

	put(a->store, feed_item("https://news.example.net/old/1", NULL, "旧文章",
				"这篇文章在订阅功能出现之前就存进了档案。"));
	store_close(a->store);
	a->store = NULL;

	/* Take the file back to the schema-1 layout.  ALTER TABLE re-reads the
	 * triggers, whose index needs our tokenizer: they step aside meanwhile. */
	assert_int_equal(sqlite3_open(a->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master"
					    " WHERE type = 'trigger' AND tbl_name = 'docs'",
					    -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW && n_triggers < 8) {
		char drop[128];

		triggers[n_triggers++] = strdup((const char *)sqlite3_column_text(q, 1));
		snprintf(drop, sizeof drop, "DROP TRIGGER %s", sqlite3_column_text(q, 0));
		assert_int_equal(sqlite3_exec(db, drop, NULL, NULL, NULL), SQLITE_OK);
	}
	sqlite3_finalize(q);
	assert_int_equal(n_triggers, 3);
	if (sqlite3_exec(db, to_v1, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("cannot write schema 1: %s", msg);
	for (size_t i = 0; i < n_triggers; i++) {
		assert_int_equal(sqlite3_exec(db, triggers[i], NULL, NULL, NULL), SQLITE_OK);
		free(triggers[i]);
	}
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('docs')",
					    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	cols = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	assert_int_equal(cols, 16);
	sqlite3_close(db);

	assert_int_equal(store_open(&a->store, a->db, a->text, &e), DOSSIER_OK);
	assert_int_equal(store_stats(a->store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.schema_version, STORE_SCHEMA_VERSION);
	assert_int_equal(st.documents, 1);
	store_stats_release(&st);
	assert_int_equal(store_doc_find(a->store, "https://news.example.net/old/1", &id, &e), DOSSIER_OK);
	assert_int_equal(store_doc_get(a->store, id, &d, &e), DOSSIER_OK);
	assert_string_equal(d->title, "旧文章");
	assert_string_equal(d->paras[0].text, "这篇文章在订阅功能出现之前就存进了档案。");
	assert_int_equal(d->flags, 0);
	assert_null(d->feed);
	doc_free(d);
	/* The new parts work. */
	assert_int_equal(store_feed_add(a->store, FEED_A, NULL, NULL, T0, NULL, &e), DOSSIER_OK);
	assert_int_equal(store_feed_list(a->store, DOC_TIME_NONE, &list, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 1);
	store_feeds_free(list, n);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(adds_lists_and_removes, setup, teardown),
		cmocka_unit_test_setup_teardown(records_fetches_and_backs_off, setup, teardown),
		cmocka_unit_test_setup_teardown(settings_and_item_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(moves_with_its_items, setup, teardown),
		cmocka_unit_test_setup_teardown(migrates_a_schema_1_archive, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
