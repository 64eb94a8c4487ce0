/*
 * Unit tests for src/extract/events.c: engagement events read from
 * sentences of our own, in both scripts, with the project's rules
 * (data/events.tsv, aliases.tsv and titles.tsv, or $DOSSIER_DATA).  Each
 * test states what a reader of the sentence would say happened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "extract/extract.h"
#include "text/text.h"

struct fixture {
	struct text_ctx *text;
	struct extract_ctx *x;
};

static struct fixture fx;

static int setup(void **state)
{
	const char *data = getenv("DOSSIER_DATA");
	struct err e;

	if (text_ctx_new(&fx.text, &e) ||
	    extract_ctx_new(&fx.x, data && *data ? data : DOSSIER_DATA_DIR, fx.text, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	extract_ctx_free(fx.x);
	text_ctx_free(fx.text);
	return 0;
}

/* A document published at `published` (UTC, "2024-04-26T08:00:00Z" or
 * NULL) whose body is `text` (paragraphs separated by "\n\n"), extracted. */
static struct doc *read_doc(const char *title, const char *text, const char *published)
{
	struct doc *d = doc_new();
	const char *p = text;

	assert_non_null(d);
	assert_int_equal(doc_set(&d->title, title, (size_t)-1), DOSSIER_OK);
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, len);

		assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, para), DOSSIER_OK);
		free(para);
		p += len + (end ? 2 : 0);
	}
	if (published)
		assert_int_equal(datetime_parse_iso8601(published, strlen(published), NULL, &d->published), DOSSIER_OK);
	assert_int_equal(extract_document(fx.x, d), DOSSIER_OK);
	return d;
}

static void date_of(const struct doc_event *ev, char *out, size_t size)
{
	struct extract_date xd = { 0 };

	if (!ev->when.year) {
		snprintf(out, size, "-");
		return;
	}
	xd.year = ev->when.year;
	xd.month = ev->when.month;
	xd.day = ev->when.day;
	xd.end_year = ev->when.end_year;
	xd.end_month = ev->when.end_month;
	xd.end_day = ev->when.end_day;
	xd.precision = (enum extract_date_precision)ev->when.precision;
	extract_date_format(&xd, out, size);
}

static int has_actor(const struct doc *d, const struct doc_event *ev, const char *name)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!strcmp(d->entities[ev->actors[i]].name, name))
			return 1;
	}
	return 0;
}

/* The event of `type` in the body, or NULL. */
static const struct doc_event *event_of(const struct doc *d, const char *type)
{
	for (size_t i = 0; i < d->n_events; i++) {
		if (d->events[i].part == DOC_PART_BODY && !strcmp(d->events[i].type, type))
			return &d->events[i];
	}
	return NULL;
}

static size_t body_events(const struct doc *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_events; i++)
		n += d->events[i].part == DOC_PART_BODY;
	return n;
}

/* Checks one event: type, status, date, and that each of the actors
 * (NULL-terminated) is among its actors. */
static void expect(const struct doc *d, const char *type, const char *status, const char *date,
		   const char *const *actors)
{
	const struct doc_event *ev = event_of(d, type);
	char when[EXTRACT_DATE_STR_MAX];

	if (!ev)
		fail_msg("no %s event", type);
	assert_string_equal(ev->status, status);
	date_of(ev, when, sizeof when);
	assert_string_equal(when, date);
	for (size_t i = 0; actors && actors[i]; i++) {
		if (!has_actor(d, ev, actors[i]))
			fail_msg("%s event lacks actor %s", type, actors[i]);
	}
	assert_non_null(ev->rule);
	assert_true(ev->confidence > 0 && ev->confidence <= 1);
}

static void test_meeting_with_date_and_place(void **state)
{
	static const char *const who[] = { "布林肯", "王毅", NULL };
	struct doc *d = read_doc("測試", "美國國務卿布林肯週五（4月26日）在北京會晤中國外長王毅。",
				 "2024-04-26T08:00:00Z");
	const struct doc_event *ev = event_of(d, "meet");

	(void)state;
	expect(d, "meet", "occurred", "2024-04-26", who);
	assert_int_equal(ev->date_from_doc, 0);
	assert_true(ev->place != DOC_NO_ENTITY);
	assert_string_equal(d->entities[ev->place].name, "北京");
	/* the sentence is cited whole, the trigger inside it */
	assert_true(ev->trigger >= ev->start && ev->trigger + ev->trigger_len <= ev->start + ev->len);
	doc_free(d);
}

static void test_request_is_planned_when_dated_ahead(void **state)
{
	static const char *const who[] = { "奧斯汀", "中國", NULL };
	struct doc *d = read_doc("測試", "美国国防部长奥斯汀希望下周与中方对等官员会面。",
				 "2023-11-07T11:35:00Z");

	(void)state;
	expect(d, "request_meeting", "planned", "2023-11-13/2023-11-19", who);
	doc_free(d);
}

static void test_request_without_plan_is_proposed(void **state)
{
	struct doc *d = read_doc("測試", "美方曾提議兩國防長與中國進行通話。", "2023-05-30T01:00:00Z");

	(void)state;
	expect(d, "request_meeting", "proposed", "2023-05-30", NULL);
	assert_int_equal(event_of(d, "request_meeting")->date_from_doc, 1);
	doc_free(d);
}

static void test_refusals(void **state)
{
	static const char *const sides[] = { "美國", "中國", NULL };
	struct doc *d = read_doc("測試", "中國拒絕了美方的會晤請求。", "2023-05-30T01:00:00Z");
	struct doc *passive = read_doc(
		"測試", "美國國防部長奧斯汀2月曾請求與中國的對應官員通話，遭中方拒絕。", "2023-05-30T01:00:00Z");
	struct doc *invitation = read_doc("測試", "中方正式拒絕了美方5月初所提的邀請。",
					  "2023-05-30T01:00:00Z");

	(void)state;
	expect(d, "refuse_meeting", "refused", "2023-05-30", sides);
	expect(passive, "refuse_meeting", "refused", "2023-02", NULL);
	assert_true(has_actor(passive, event_of(passive, "refuse_meeting"), "奧斯汀"));
	/* 5月初 dates the invitation, not its refusal */
	expect(invitation, "refuse_meeting", "refused", "2023-05-30", sides);
	doc_free(d);
	doc_free(passive);
	doc_free(invitation);
}

static void test_planned_and_cancelled(void **state)
{
	static const char *const leaders[] = { "拜登", "習近平", NULL };
	struct doc *planned = read_doc("測試", "美國總統拜登和中國國家主席習近平下個月將在舊金山會晤。",
				       "2023-10-06T01:00:00Z");
	struct doc *cancelled = read_doc(
		"測試", "今年2月，美國國務卿布林肯的訪中計畫被迫取消。", "2023-05-30T01:00:00Z");

	(void)state;
	expect(planned, "meet", "planned", "2023-11", leaders);
	expect(cancelled, "visit", "cancelled", "2023-02", NULL);
	assert_true(has_actor(cancelled, event_of(cancelled, "visit"), "中國")); /* 訪中 */
	doc_free(planned);
	doc_free(cancelled);
}

static void test_no_event_when_negated_hypothetical_or_counted(void **state)
{
	static const char *const texts[] = {
		"兩國防長在新加坡沒有舉行雙邊會談。",
		"若屆時拜登與習近平在舊金山會晤，將是一年來首次。",
		"拜登已透過電話與習近平通話5次。",
		"這是兩國防長一年多來首次會晤。",
		"美國財長耶倫接受路透社訪問時說明立場。",
		"美國國防部長奧斯汀曾多次請求與中方通話。",
		"布林肯、耶倫與雷蒙多今年夏天先後訪華。",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct doc *d = read_doc("測試", texts[i], "2023-10-06T01:00:00Z");

		if (body_events(d))
			fail_msg("an event in: %s (%s)", texts[i], d->events[0].type);
		doc_free(d);
	}
}

static void test_coreference(void **state)
{
	static const char *const pair[] = { "布林肯", "王毅", NULL };
	static const char *const call[] = { "拜登", "習近平", NULL };
	struct doc *two = read_doc("測試",
				   "美國國務卿布林肯會晤中國外長王毅。\n\n兩人隨後又通電話。",
				   "2024-04-26T08:00:00Z");
	struct doc *he = read_doc("測試", "去年7月28日，拜登發布照片，顯示他與習近平正在通話。",
				  "2023-10-06T01:00:00Z");
	struct doc *sides = read_doc("測試",
				     "美中關係緊張。美國與中國的官員上月見面。\n\n雙方同意恢復軍事對話。",
				     "2023-12-01T01:00:00Z");

	(void)state;
	expect(two, "call", "occurred", "2024-04-26", pair);
	expect(he, "call", "occurred", "2022-07-28", call);
	/* 雙方 go on the story of the meeting: its date too */
	expect(sides, "resume_dialogue", "occurred", "2023-11",
	       (const char *const[]){ "美國", "中國", NULL });
	expect(sides, "agree", "occurred", "2023-11",
	       (const char *const[]){ "美國", "中國", NULL });
	doc_free(two);
	doc_free(he);
	doc_free(sides);
}

static void test_undated_repeat_of_a_dated_event_goes(void **state)
{
	struct doc *d = read_doc("布林肯會晤王毅",
				 "美國國務卿布林肯週五（4月26日）會晤中國外長王毅。\n\n"
				 "兩人正式會談之前分別致詞。",
				 "2024-04-27T08:00:00Z");

	(void)state;
	/* the headline and 兩人…會談 tell of the meeting the text dates */
	assert_int_equal(d->n_events, 1);
	expect(d, "meet", "occurred", "2024-04-26", (const char *const[]){ "布林肯", "王毅", NULL });
	doc_free(d);
}

static void test_dropped_subject_and_reporting_clause(void **state)
{
	struct doc *d = read_doc("測試",
				 "中國國家副主席韓正9月在紐約出席聯合國大會時，曾會見布林肯。",
				 "2023-10-06T01:00:00Z");
	struct doc *report = read_doc(
		"測試", "美國企業研究院研究員庫珀告訴記者，中國不願奧斯汀和李尚福會談。",
		"2023-05-30T01:00:00Z");
	const struct doc_event *ev;

	(void)state;
	expect(d, "meet", "occurred", "2023-09", (const char *const[]){ "韓正", "布林肯", NULL });
	ev = event_of(report, "refuse_meeting");
	assert_non_null(ev);
	assert_false(has_actor(report, ev, "美國企業研究院")); /* who told, not who refused */
	doc_free(d);
	doc_free(report);
}

static void test_dialogue_suspended_resumed_and_held(void **state)
{
	struct doc *suspended = read_doc("測試",
					 "自 2022 年 8 月，由於美國眾議院議長裴洛西訪臺，美中軍事交流因而中斷。",
					 NULL);
	struct doc *held = read_doc("測試",
				    "2024 年 1 月 8 日至 9 日，美中國防政策協調對話在五角大廈舉行。",
				    NULL);
	struct doc *resumed = read_doc("測試", "美中恢復軍事會談。", NULL);

	(void)state;
	expect(suspended, "suspend_dialogue", "occurred", "2022-08",
	       (const char *const[]){ "美國", "中國", NULL });
	expect(suspended, "visit", "occurred", "2022-08",
	       (const char *const[]){ "裴洛西", "臺灣", NULL });
	/* 由於美國… is a cause, not a place: the United States is no venue */
	expect(held, "talks", "occurred", "2024-01-08/2024-01-09", NULL);
	assert_string_equal(event_of(held, "talks")->rule, "forum-held");
	/* no publication date and none in the text: undated */
	expect(resumed, "resume_dialogue", "occurred", "-",
	       (const char *const[]){ "美國", "中國", NULL });
	assert_null(event_of(resumed, "talks")); /* 會談 is what resumed */
	doc_free(suspended);
	doc_free(held);
	doc_free(resumed);
}

static void test_simplified_script(void **state)
{
	struct doc *d = read_doc("测试", "美国参谋长联席会议主席布朗与中国的刘振立12月21日进行视频通话。",
				 "2023-12-22T01:00:00Z");

	(void)state;
	expect(d, "call", "occurred", "2023-12-21", (const char *const[]){ "布朗", NULL });
	doc_free(d);
}

static void test_reextraction_replaces_events(void **state)
{
	struct doc *d = read_doc("測試", "布林肯會晤王毅。", "2024-04-26T08:00:00Z");
	size_t n = d->n_events;

	(void)state;
	assert_true(n > 0);
	assert_int_equal(extract_document(fx.x, d), DOSSIER_OK);
	assert_int_equal(d->n_events, n);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_with_date_and_place),
		cmocka_unit_test(test_request_is_planned_when_dated_ahead),
		cmocka_unit_test(test_request_without_plan_is_proposed),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_planned_and_cancelled),
		cmocka_unit_test(test_no_event_when_negated_hypothetical_or_counted),
		cmocka_unit_test(test_coreference),
		cmocka_unit_test(test_undated_repeat_of_a_dated_event_goes),
		cmocka_unit_test(test_dropped_subject_and_reporting_clause),
		cmocka_unit_test(test_dialogue_suspended_resumed_and_held),
		cmocka_unit_test(test_simplified_script),
		cmocka_unit_test(test_reextraction_replaces_events),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
