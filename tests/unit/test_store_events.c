/*
 * Unit tests for the events side of src/store: dates and events written
 * with their document, read back with filters (store_events_each,
 * store_doc_events), replaced on update, the schema-3 migration, and
 * re-extraction over the archive (store_reindex).  Documents and their
 * extraction are built by hand here, so the tests do not move with the
 * extraction rules.
 */
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

static int setup(void **state)
{
	struct archive_fixture *a = calloc(1, sizeof *a);

	if (!a || archive_fixture_open(a, "events"))
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

/* ---- building documents ----------------------------------------------------------- */

static const char *const paras[] = {
	"拜登與習近平11月14日在峇里島會晤。",
	"美方希望11月與中方舉行會談。",
	"雙方將於2024年1月8日至9日在華盛頓舉行國防政策協調會談。",
	"兩人曾通電話。",
};

/* Byte offset of `needle` in the document's part text (title or body). */
static size_t offset_in(const struct doc *d, enum doc_part part, const char *needle)
{
	char *text = part == DOC_PART_TITLE ? strdup(d->title) : doc_text(d);
	const char *at = strstr(text, needle);
	size_t off;

	assert_non_null(at);
	off = (size_t)(at - text);
	free(text);
	return off;
}

static size_t entity(struct doc *d, const char *key, const char *name, const char *type)
{
	size_t i;

	assert_int_equal(doc_add_entity(d, key, name, type, &i), DOSSIER_OK);
	return i;
}

static void mention(struct doc *d, size_t ent, enum doc_part part, const char *form)
{
	assert_int_equal(doc_add_mention(d, ent, part, offset_in(d, part, form), strlen(form)),
			 DOSSIER_OK);
}

static struct doc_day_span day(int y, int m, int dd)
{
	return (struct doc_day_span){ .year = y, .month = m, .day = dd, .precision = 0 };
}

/* Adds an event whose sentence is `sentence` (found in `part`), trigger `trigger`. */
static void event(struct doc *d, const char *type, const char *status, struct doc_day_span when,
		  size_t *actors, size_t n_actors, size_t place, enum doc_part part,
		  const char *sentence, const char *trigger)
{
	struct doc_event ev = {
		.type = (char *)type,
		.status = (char *)status,
		.actors = actors,
		.n_actors = n_actors,
		.place = place,
		.when = when,
		.part = part,
		.start = offset_in(d, part, sentence),
		.len = strlen(sentence),
		.rule = "test-rule",
		.confidence = 0.75,
	};

	if (trigger) {
		ev.trigger = offset_in(d, part, trigger);
		ev.trigger_len = strlen(trigger);
	}
	assert_int_equal(doc_add_event(d, &ev), DOSSIER_OK);
}

/* A document with the four paragraphs, entities, dates and events. */
static struct doc *events_doc(const char *url)
{
	struct doc *d = doc_new();
	size_t biden, xi, bali, us, cn, dc, both[2], req[2];
	struct doc_date dt = { .part = DOC_PART_BODY };

	doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->title, "拜登習近平會晤", (size_t)-1);
	doc_set(&d->format, "text", (size_t)-1);
	doc_set(&d->script, "hant", (size_t)-1);
	doc_set(&d->source, "測試社", (size_t)-1);
	for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++)
		doc_add_para(d, DOC_PARA_TEXT, paras[i]);
	d->published = 1668441600000; /* 2022-11-14T16:00Z */
	doc_compute_hash(d);

	biden = entity(d, "joe-biden", "拜登", "person");
	xi = entity(d, "xi-jinping", "習近平", "person");
	bali = entity(d, "bali", "峇里島", "place");
	us = entity(d, "united-states", "美國", "place");
	/* Actors named only through 美方 and 中方: no mention of their own. */
	cn = entity(d, "china", "中國", "place");
	dc = entity(d, "washington", "華盛頓", "place");
	mention(d, biden, DOC_PART_TITLE, "拜登");
	mention(d, xi, DOC_PART_TITLE, "習近平");
	mention(d, biden, DOC_PART_BODY, "拜登");
	mention(d, xi, DOC_PART_BODY, "習近平");
	mention(d, bali, DOC_PART_BODY, "峇里島");
	mention(d, dc, DOC_PART_BODY, "華盛頓");

	dt.start = offset_in(d, DOC_PART_BODY, "11月14日");
	dt.len = strlen("11月14日");
	dt.when = day(2022, 11, 14);
	dt.relative = 1;
	assert_int_equal(doc_add_date(d, &dt), DOSSIER_OK);
	dt.start = offset_in(d, DOC_PART_BODY, "2024年1月8日至9日");
	dt.len = strlen("2024年1月8日至9日");
	dt.when = (struct doc_day_span){ 2024, 1, 8, 2024, 1, 9, 0 };
	dt.relative = 0;
	assert_int_equal(doc_add_date(d, &dt), DOSSIER_OK);

	both[0] = biden;
	both[1] = xi;
	req[0] = us;
	req[1] = cn;
	event(d, "meet", "occurred", day(2022, 11, 14), both, 2, bali, DOC_PART_BODY, paras[0],
	      "會晤");
	event(d, "request_meeting", "proposed",
	      (struct doc_day_span){ .year = 2022, .month = 11, .precision = 2 }, req, 2,
	      DOC_NO_ENTITY, DOC_PART_BODY, paras[1], "希望");
	event(d, "talks", "planned", (struct doc_day_span){ 2024, 1, 8, 2024, 1, 9, 0 }, req, 2,
	      dc, DOC_PART_BODY, paras[2], NULL);
	event(d, "call", "occurred", (struct doc_day_span){ 0 }, both, 2, DOC_NO_ENTITY,
	      DOC_PART_BODY, paras[3], "通電話");
	event(d, "meet", "occurred", day(2022, 11, 14), both, 2, DOC_NO_ENTITY, DOC_PART_TITLE,
	      "拜登習近平會晤", NULL);
	/* A sentence past the end of its text: a bug upstream, skipped. */
	d->events[d->n_events - 1].len += 1000;
	return d;
}

static int64_t put(struct store *s, struct doc *d, enum store_put_result want)
{
	enum store_put_result r;
	struct err e;

	if (store_doc_put(s, d, 1000, &r, &e))
		fail_msg("store_doc_put: %s", e.msg);
	assert_int_equal(r, want);
	return d->id;
}

/* ---- reading events back ------------------------------------------------------------- */

#define MAX_SEEN 16

/* Events seen by a callback, flattened into strings for easy asserts. */
struct seen {
	size_t n;
	char what[MAX_SEEN][512];
};

static int remember(void *arg, const struct store_event *ev)
{
	struct seen *s = arg;
	char actors[256] = "";
	size_t used = 0;

	if (s->n == MAX_SEEN)
		return 0;
	for (size_t i = 0; i < ev->n_actors; i++)
		used += (size_t)snprintf(actors + used, sizeof actors - used, "%s%s/%s",
					 i ? "," : "", ev->actor_names[i], ev->actor_types[i]);
	snprintf(s->what[s->n++], sizeof s->what[0], "%s %s %s..%s [%s] @%s «%s» ^%s %s",
		 ev->type, ev->status, ev->date ? ev->date : "-",
		 ev->date_end ? ev->date_end : "-", actors,
		 ev->place_name ? ev->place_name : "-", ev->sentence,
		 ev->trigger ? ev->trigger : "-", ev->source ? ev->source : "-");
	return 0;
}

static struct seen events_where(struct store *s, const char *type, const char *from,
				const char *to)
{
	struct store_event_filter f = { .type = type, .from = from, .to = to };
	struct seen seen = { 0 };
	struct err e;

	if (store_events_each(s, &f, remember, &seen, &e))
		fail_msg("store_events_each: %s", e.msg);
	return seen;
}

static void writes_and_reads_events(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	struct seen all, one;
	struct store_stats st;
	struct err e;

	put(a->store, d, STORE_INSERTED);
	all = events_where(a->store, NULL, NULL, NULL);
	assert_int_equal(all.n, 4);
	/* By (first) date, undated last: November before its 14th. */
	assert_string_equal(all.what[0],
			    "request_meeting proposed 2022-11..- [美國/place,中國/place] @-"
			    " «美方希望11月與中方舉行會談。» ^希望 測試社");
	assert_string_equal(all.what[1],
			    "meet occurred 2022-11-14..- [拜登/person,習近平/person] @峇里島"
			    " «拜登與習近平11月14日在峇里島會晤。» ^會晤 測試社");
	assert_string_equal(all.what[2],
			    "talks planned 2024-01-08..2024-01-09 [美國/place,中國/place] @華盛頓"
			    " «雙方將於2024年1月8日至9日在華盛頓舉行國防政策協調會談。» ^- 測試社");
	assert_string_equal(all.what[3],
			    "call occurred -..- [拜登/person,習近平/person] @- «兩人曾通電話。» ^通電話 測試社");

	one = events_where(a->store, "talks", NULL, NULL);
	assert_int_equal(one.n, 1);
	assert_non_null(strstr(one.what[0], "talks planned"));
	assert_int_equal(events_where(a->store, "visit", NULL, NULL).n, 0);

	/* A month overlaps each of its days; undated events always pass. */
	one = events_where(a->store, NULL, "2022-11-15", "2022-11-20");
	assert_int_equal(one.n, 2);
	assert_non_null(strstr(one.what[0], "request_meeting"));
	assert_non_null(strstr(one.what[1], "call"));
	one = events_where(a->store, NULL, "2022-11-14", "2022-11-14");
	assert_int_equal(one.n, 3);
	one = events_where(a->store, NULL, "2022-12-01", NULL);
	assert_int_equal(one.n, 2); /* the talks, and the undated call */
	assert_non_null(strstr(one.what[0], "talks"));
	/* A range overlaps from its last day. */
	assert_int_equal(events_where(a->store, NULL, "2024-01-09", "2024-12-31").n, 2);
	assert_int_equal(events_where(a->store, NULL, "2024-01-10", NULL).n, 1);
	/* Month and year bounds cover the whole month or year. */
	assert_int_equal(events_where(a->store, NULL, NULL, "2022-11").n, 3);
	assert_int_equal(events_where(a->store, NULL, "2024", "2024").n, 2);
	assert_int_equal(events_where(a->store, NULL, NULL, "2022-10-31").n, 1);
	assert_int_equal(events_where(a->store, "meet", "2023-01-01", NULL).n, 0);

	{
		struct store_event_filter bad = { .from = "2024-13-01" };
		struct seen none = { 0 };

		assert_int_equal(store_events_each(a->store, &bad, remember, &none, &e),
				 DOSSIER_EUSAGE);
		assert_non_null(strstr(e.msg, "2024-13-01"));
		bad.from = NULL;
		bad.to = "next week";
		assert_int_equal(store_events_each(a->store, &bad, remember, &none, &e),
				 DOSSIER_EUSAGE);
	}

	assert_int_equal(store_stats(a->store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.dates, 2);
	assert_int_equal(st.entities, 6); /* 中國 and 美國 with no mention too */
	assert_int_equal(st.mentions, 6);
	store_stats_release(&st);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
	doc_free(d);
}

static int count_entity(void *arg, const struct store_entity *ent)
{
	int64_t *mentions = arg;

	*mentions = ent->mentions;
	return 0;
}

/* An actor without a mention still gets its entity row (with no aliases). */
static void actors_need_no_mention(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	int64_t mentions = -1;
	struct err e;

	put(a->store, d, STORE_INSERTED);
	assert_int_equal(store_entity_by_key(a->store, "china", count_entity, &mentions, &e),
			 DOSSIER_OK);
	assert_int_equal(mentions, 0);
	doc_free(d);
}

/* Rows of a table, read through a connection of our own. */
static int64_t rows(const char *db_path, const char *table)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[128];
	int64_t n;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void doc_events_in_text_order(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	struct seen seen = { 0 };
	struct err e;
	int64_t id = put(a->store, d, STORE_INSERTED);

	assert_int_equal(store_doc_events(a->store, id, remember, &seen, &e), DOSSIER_OK);
	assert_int_equal(seen.n, 4);
	assert_non_null(strstr(seen.what[0], "meet occurred"));
	assert_non_null(strstr(seen.what[1], "request_meeting"));
	assert_non_null(strstr(seen.what[2], "talks"));
	assert_non_null(strstr(seen.what[3], "call"));
	seen.n = 0;
	assert_int_equal(store_doc_events(a->store, id + 1, remember, &seen, &e), DOSSIER_OK);
	assert_int_equal(seen.n, 0);
	doc_free(d);
}

/* The title, as a part, gives its sentence too. */
static void title_sentences(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	struct seen seen = { 0 };
	struct err e;

	/* Make the title event fit: it was cut too long on purpose. */
	d->events[d->n_events - 1].len = strlen(d->title);
	put(a->store, d, STORE_INSERTED);
	assert_int_equal(store_doc_events(a->store, d->id, remember, &seen, &e), DOSSIER_OK);
	assert_int_equal(seen.n, 5);
	assert_non_null(strstr(seen.what[0], "«拜登習近平會晤»"));
	doc_free(d);
}

static void replaced_when_the_document_changes(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali"), *again;
	struct seen seen;
	struct err e;
	int64_t id = put(a->store, d, STORE_INSERTED);

	assert_int_equal(rows(a->db, "event_actors"), 8);
	/* The same document again: nothing is written twice. */
	again = events_doc("https://news.example.org/bali");
	put(a->store, again, STORE_UNCHANGED);
	doc_free(again);
	assert_int_equal(rows(a->db, "events"), 4);

	/* New text and one event fewer. */
	again = events_doc("https://news.example.org/bali");
	doc_set(&again->paras[3].text, "兩人曾通電話，並同意再談。", (size_t)-1);
	doc_compute_hash(again);
	again->n_events = 3; /* the list keeps its capacity; doc_free frees all */
	put(a->store, again, STORE_UPDATED);
	assert_int_equal(again->id, id);
	seen = events_where(a->store, NULL, NULL, NULL);
	assert_int_equal(seen.n, 3);
	assert_int_equal(rows(a->db, "events"), 3);
	assert_int_equal(rows(a->db, "event_actors"), 6);
	assert_int_equal(rows(a->db, "dates"), 2);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
	/* Restore the count so that doc_free releases every event. */
	again->n_events = 5;
	doc_free(again);
	doc_free(d);
}

/* ---- migration ---------------------------------------------------------------------- */

/* An archive written at schema 3 (entities, no dates or events) opens as
 * schema 4 with its documents and mentions intact. */
static void migrates_a_schema_3_archive(void **state)
{
	struct archive_fixture *a = *state;
	static const char *const to_v3 =
		"DROP INDEX docs_guid;"
		"DROP TABLE story_docs; DROP TABLE stories; DROP TABLE story_keys;"
		"DROP TABLE lsh; DROP TABLE fingerprints;"
		"DROP TABLE url_keys;"
		"DROP TABLE event_actors;"
		"DROP TABLE events;"
		"DROP TABLE dates;"
		"PRAGMA user_version = 3;";
	struct doc *d = events_doc("https://news.example.org/bali"), *got;
	struct store_stats st;
	int64_t mentions = -1, id, story = 0;
	char *msg = NULL;
	sqlite3 *db;
	struct err e;

	d->n_events = 4; /* drop the broken one; doc_free still frees it */
	put(a->store, d, STORE_INSERTED);
	d->n_events = 5;
	id = d->id;
	store_close(a->store);
	a->store = NULL;

	assert_int_equal(sqlite3_open(a->db, &db), SQLITE_OK);
	if (sqlite3_exec(db, to_v3, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("cannot write schema 3: %s", msg);
	sqlite3_close(db);

	assert_int_equal(store_open(&a->store, a->db, a->text, &e), DOSSIER_OK);
	assert_int_equal(store_stats(a->store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.schema_version, STORE_SCHEMA_VERSION);
	assert_int_equal(st.documents, 1);
	assert_int_equal(st.mentions, 6);
	/* the upgrade gave the old document its story */
	assert_int_equal(store_doc_story(a->store, id, &story, &e), DOSSIER_OK);
	assert_true(story > 0);
	assert_int_equal(st.events, 0);
	store_stats_release(&st);
	assert_int_equal(store_doc_get(a->store, id, &got, &e), DOSSIER_OK);
	assert_string_equal(got->paras[2].text, paras[2]);
	doc_free(got);
	assert_int_equal(store_entity_by_key(a->store, "joe-biden", count_entity, &mentions, &e),
			 DOSSIER_OK);
	assert_int_equal(mentions, 2);
	assert_int_equal(events_where(a->store, NULL, NULL, NULL).n, 0);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);

	/* Content hashes are over NFKC text since schema 6, and the upgrade
	 * re-hashed: the same document again is unchanged, not updated. */
	assert_int_equal(text_doc_hash(a->text, d), DOSSIER_OK);
	put(a->store, d, STORE_UNCHANGED);

	/* The new tables work: a changed document brings its events. */
	doc_set(&d->paras[3].text, "兩人此前曾通電話。", (size_t)-1);
	doc_compute_hash(d);
	put(a->store, d, STORE_UPDATED);
	assert_int_equal(events_where(a->store, NULL, NULL, NULL).n, 4);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
	doc_free(d);
}

/* ---- re-extraction ------------------------------------------------------------------ */

/* What a test's re-extraction does: how far it got, where to fail. */
struct reextract {
	size_t calls, fail_at;
	size_t progress_done, progress_total, progress_calls;
};

/*
 * A stand-in for extract_document: a document whose first paragraph
 * begins with 林某 names him (an entity the first pass did not have), in
 * a name pair too, and reports one visit by him, undated; other documents
 * name nobody.
 */
static int reextract(void *arg, struct doc *d)
{
	struct reextract *r = arg;
	struct doc_event ev = { .type = "visit", .status = "occurred", .n_actors = 1,
				.place = DOC_NO_ENTITY, .part = DOC_PART_BODY,
				.rule = "again", .confidence = 0.5 };
	size_t who;

	if (++r->calls == r->fail_at)
		return DOSSIER_ENOMEM;
	/* Documents come back without what extraction found. */
	assert_int_equal(d->n_entities, 0);
	assert_int_equal(d->n_names, 0);
	assert_int_equal(d->n_dates, 0);
	assert_int_equal(d->n_events, 0);
	if (strncmp(d->paras[0].text, "林某", strlen("林某")))
		return 0;
	if (doc_add_name_pair(d, "林某", "Lin Mou") ||
	    doc_add_entity(d, "name:林某", "林某", "person", &who) ||
	    doc_add_mention(d, who, DOC_PART_BODY, 0, strlen("林某")))
		return DOSSIER_ENOMEM;
	ev.actors = &who;
	ev.len = strlen(d->paras[0].text);
	return doc_add_event(d, &ev);
}

static void progress(void *arg, size_t done, size_t total)
{
	struct reextract *r = arg;

	r->progress_done = done;
	r->progress_total = total;
	r->progress_calls++;
}

/* A document whose first paragraph is `first`, stored with no extraction. */
static void put_plain(struct store *s, const char *url, const char *first)
{
	struct doc *d = events_doc(url);

	doc_clear_entities(d);
	doc_clear_events(d);
	d->n_dates = 0;
	doc_set(&d->paras[0].text, first, (size_t)-1);
	doc_compute_hash(d);
	put(s, d, STORE_INSERTED);
	doc_free(d);
}

static void reindex_replaces_entities(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	struct reextract r = { 0 };
	struct store_stats st;
	int64_t mentions = -1;
	size_t done = 99;
	struct err e;

	d->n_events = 4;
	put(a->store, d, STORE_INSERTED);
	d->n_events = 5;
	doc_free(d);
	put_plain(a->store, "https://news.example.org/1", "林某昨日訪問東京。");
	put_plain(a->store, "https://news.example.org/2", "林某今日訪問大阪。");
	put_plain(a->store, "https://news.example.org/3", "林某明日離開日本。");
	assert_int_equal(rows(a->db, "names"), 0);
	assert_int_equal(rows(a->db, "entities"), 6);

	assert_int_equal(store_reindex(a->store, reextract, progress, &r, &done, &e), DOSSIER_OK);
	assert_int_equal(done, 4);
	assert_int_equal(r.calls, 4);
	assert_int_equal(r.progress_calls, 1);
	assert_int_equal(r.progress_done, 4);
	assert_int_equal(r.progress_total, 4);
	assert_int_equal(rows(a->db, "names"), 3);
	assert_int_equal(rows(a->db, "entity_aliases"), 1);
	assert_int_equal(store_stats(a->store, &st, &e), DOSSIER_OK);
	assert_int_equal(st.documents, 4);
	assert_int_equal(st.entities, 1); /* the others went with the old extraction */
	assert_int_equal(st.mentions, 3);
	assert_int_equal(st.dates, 0);
	assert_int_equal(st.events, 3);
	store_stats_release(&st);
	assert_int_equal(store_entity_by_key(a->store, "name:林某", count_entity, &mentions, &e),
			 DOSSIER_OK);
	assert_int_equal(mentions, 3);
	mentions = -1;
	assert_int_equal(store_entity_by_key(a->store, "joe-biden", count_entity, &mentions, &e),
			 DOSSIER_OK);
	assert_int_equal(mentions, -1);
	{
		struct seen seen = events_where(a->store, "visit", NULL, NULL);

		assert_int_equal(seen.n, 3);
		assert_string_equal(seen.what[0], "visit occurred -..- [林某/person] @-"
						  " «林某昨日訪問東京。» ^- 測試社");
	}
	/* Paragraphs and the full-text index stay as they were. */
	assert_int_equal(rows(a->db, "paras"), 16);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);
}

/* A snapshot of what reindex may touch, to compare before and after. */
static void snapshot(struct archive_fixture *a, char *out, size_t size)
{
	static const char *const tables[] = { "entities", "entity_aliases", "mentions", "names",
					      "dates", "events", "event_actors" };
	struct seen seen = events_where(a->store, NULL, NULL, NULL);
	size_t used = 0;

	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		used += (size_t)snprintf(out + used, size - used, "%s=%lld ", tables[i],
					 (long long)rows(a->db, tables[i]));
	for (size_t i = 0; i < seen.n; i++)
		used += (size_t)snprintf(out + used, size - used, "%s\n", seen.what[i]);
}

static void reindex_failure_changes_nothing(void **state)
{
	struct archive_fixture *a = *state;
	struct doc *d = events_doc("https://news.example.org/bali");
	struct reextract r = { .fail_at = 2 };
	char before[4096], after[4096];
	size_t done = 99;
	struct err e;

	d->n_events = 4;
	put(a->store, d, STORE_INSERTED);
	d->n_events = 5;
	put_plain(a->store, "https://news.example.org/1", "林某昨日訪問東京。");
	put_plain(a->store, "https://news.example.org/2", "林某今日訪問大阪。");
	snapshot(a, before, sizeof before);

	assert_int_equal(store_reindex(a->store, reextract, NULL, &r, &done, &e), DOSSIER_ENOMEM);
	assert_int_equal(done, 0);
	assert_non_null(strstr(e.msg, "document 2"));
	snapshot(a, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(store_check(a->store, &e), DOSSIER_OK);

	/* Inside a batch of writes it refuses. */
	assert_int_equal(store_batch_begin(a->store, &e), DOSSIER_OK);
	assert_int_equal(store_reindex(a->store, reextract, NULL, &r, &done, &e), DOSSIER_EUSAGE);
	assert_int_equal(store_batch_commit(a->store, &e), DOSSIER_OK);
	doc_free(d);
}

static void reindex_empty_archive(void **state)
{
	struct archive_fixture *a = *state;
	struct reextract r = { 0 };
	size_t done = 99;
	struct err e;

	assert_int_equal(store_reindex(a->store, reextract, progress, &r, &done, &e), DOSSIER_OK);
	assert_int_equal(done, 0);
	assert_int_equal(r.calls, 0);
	assert_int_equal(r.progress_calls, 0);
}

/* More documents than one chunk of ids, with progress along the way. */
static void reindex_many(void **state)
{
	struct archive_fixture *a = *state;
	struct reextract r = { 0 };
	struct err e;
	size_t done = 0;

	assert_int_equal(store_batch_begin(a->store, &e), DOSSIER_OK);
	for (int i = 0; i < 301; i++) {
		char url[64], first[64];

		snprintf(url, sizeof url, "https://news.example.org/%d", i);
		snprintf(first, sizeof first, "林某第%d次訪問。", i);
		put_plain(a->store, url, first);
	}
	assert_int_equal(store_batch_commit(a->store, &e), DOSSIER_OK);
	assert_int_equal(store_reindex(a->store, reextract, progress, &r, &done, &e), DOSSIER_OK);
	assert_int_equal(done, 301);
	assert_int_equal(r.progress_calls, 4); /* 100, 200, 300, 301 */
	assert_int_equal(r.progress_done, 301);
	assert_int_equal(r.progress_total, 301);
	assert_int_equal(rows(a->db, "events"), 301);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(writes_and_reads_events, setup, teardown),
		cmocka_unit_test_setup_teardown(actors_need_no_mention, setup, teardown),
		cmocka_unit_test_setup_teardown(doc_events_in_text_order, setup, teardown),
		cmocka_unit_test_setup_teardown(title_sentences, setup, teardown),
		cmocka_unit_test_setup_teardown(replaced_when_the_document_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(migrates_a_schema_3_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(reindex_replaces_entities, setup, teardown),
		cmocka_unit_test_setup_teardown(reindex_failure_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(reindex_empty_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(reindex_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
