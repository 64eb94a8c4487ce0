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
#include "core/event.h"
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

/* Whether the body names entity `e` as `name` somewhere (馬克龍 for the
 * entity the gazetteer shows as 馬克宏). */
static int named_as(const struct doc *d, size_t e, const char *name)
{
	char *body = doc_text(d);
	int found = 0;

	for (size_t i = 0; body && i < d->n_mentions && !found; i++) {
		const struct doc_mention *m = &d->mentions[i];

		found = m->entity == e && m->part == DOC_PART_BODY && m->len == strlen(name) &&
			!memcmp(body + m->start, name, m->len);
	}
	free(body);
	return found;
}

/* Whether one of ev's actors is `name`: its display name or a form the
 * body names it by. */
static int has_actor(const struct doc *d, const struct doc_event *ev, const char *name)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!strcmp(d->entities[ev->actors[i]].name, name) ||
		    named_as(d, ev->actors[i], name))
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

/* The event of `type` in the body whose actors include `actor`, or NULL. */
static const struct doc_event *event_with(const struct doc *d, const char *type, const char *actor)
{
	for (size_t i = 0; i < d->n_events; i++) {
		const struct doc_event *ev = &d->events[i];

		if (ev->part == DOC_PART_BODY && !strcmp(ev->type, type) && has_actor(d, ev, actor))
			return ev;
	}
	return NULL;
}

static size_t body_events_of(const struct doc *d, const char *type)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_events; i++)
		n += d->events[i].part == DOC_PART_BODY && !strcmp(d->events[i].type, type);
	return n;
}

/* Issue 15, item 1: what is not told as having happened is no occurrence. */
static void test_not_occurrences(void **state)
{
	static const char *const texts[] = {
		/* a question asks, it does not tell */
		"「拜習會」11月登場？",
		/* someone else's unconfirmed claim */
		"布林肯先前一度傳出8月將出訪越南。",
		"報道稱，布林肯訪華時將與習近平會面，然後前往東京與岸田文雄舉行會晤。",
		/* one side demands that the other stop its exchanges */
		"我們敦促美方立即停止任何形式的美臺官方往來。",
		/* a meeting word negated after it */
		"雙方的這些會晤還沒有實現。",
		/* a rank among visitors is a record of several visits */
		"她是今年夏天第四位訪華的美國高級官員。",
		/* a trip to the airport goes nowhere a visit goes */
		"中國國家主席習近平前往機場。",
		/* a hope for dialogue in general names no one asked */
		"王毅盼伊核問題重回對話談判軌道。",
		/* a meeting word that qualifies a noun names a thing */
		"美中防長會晤紀錄彙編今日出版。",
		/* what must or should happen, not what did */
		"美國國務卿表示，美國最終必須與敘利亞總統阿薩德談判。",
		"分析人士認為中美兩軍應當盡快恢復對話。",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct doc *d = read_doc("測試", texts[i], "2023-10-06T01:00:00Z");

		if (body_events(d))
			fail_msg("an event in: %s (%s %s)", texts[i], d->events[0].type,
				 d->events[0].status);
		doc_free(d);
	}
}

/* Issue 15, item 1: plans, cancellations and accepted invitations. */
static void test_status_from_construction(void **state)
{
	struct doc *invited = read_doc(
		"測試", "美國國務卿布林肯應邀於4月14日至16日對華進行正式訪問。", "2024-04-17T04:00:00Z");
	struct doc *invited_by = read_doc(
		"測試", "美國國務卿布林肯今日應王毅邀請訪問中國兩天。", "2024-05-13T04:00:00Z");
	struct doc *called_off = read_doc(
		"測試", "美國國務卿布林肯原訂在9月25日出訪北京，但昨日行程突喊卡。", "2025-09-23T04:00:00Z");
	struct doc *later = read_doc("測試", "布林肯抵達北京。他稍後會與中國外長王毅會面。",
				     "2024-04-01T04:00:00Z");
	struct doc *then = read_doc(
		"測試", "布林肯訪華時將與習近平會面，然後前往東京與岸田文雄舉行會晤。",
		"2024-11-05T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	/* 應邀 answers an invitation: the visit happened, nothing was asked */
	expect(invited, "visit", "occurred", "2024-04-14/2024-04-16",
	       (const char *const[]){ "布林肯", "中國", NULL });
	assert_null(event_of(invited, "request_meeting"));
	/* who invited (王毅) is not who went */
	ev = event_of(invited_by, "visit");
	assert_non_null(ev);
	assert_string_equal(ev->status, "occurred");
	assert_true(has_actor(invited_by, ev, "布林肯"));
	assert_false(has_actor(invited_by, ev, "王毅"));
	expect(called_off, "visit", "cancelled", "2025-09-25", (const char *const[]){ "布林肯", NULL });
	expect(later, "meet", "planned", "2024-04-01", (const char *const[]){ "布林肯", "王毅", NULL });
	/* the plan goes on through 然後; the visit in 訪華時 is planned too */
	ev = event_with(then, "meet", "岸田文雄");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	assert_true(has_actor(then, ev, "布林肯"));
	ev = event_with(then, "visit", "日本");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	assert_false(has_actor(then, ev, "習近平")); /* met, not travelling */
	for (size_t i = 0; i < then->n_events; i++)
		assert_string_equal(then->events[i].status, "planned");
	doc_free(invited);
	doc_free(invited_by);
	doc_free(called_off);
	doc_free(later);
	doc_free(then);
}

/* Issue 15, item 2: the date of a reference is not the date of this event. */
static void test_dates_of_other_things(void **state)
{
	struct doc *since = read_doc(
		"測試",
		"美國國務卿布林肯與中國外長王毅週五舉行會談，是自2022年11月以來兩國外長首次正式會晤。",
		"2024-06-01T04:00:00Z");
	struct doc *built = read_doc(
		"測試", "在這座始建於1917年的莊園裡，拜登與習近平的會晤為兩國關係增信釋疑。",
		"2023-11-17T04:00:00Z");
	struct doc *restated = read_doc(
		"測試", "美國國務卿布林肯將於4月22日至26日，即下週二至週六，對中國進行國事訪問。",
		"2025-04-17T04:00:00Z");

	(void)state;
	/* the talks are dated by their own day, and the reference adds no line */
	expect(since, "talks", "occurred", "2024-05-31",
	       (const char *const[]){ "布林肯", "王毅", NULL });
	assert_int_equal(body_events(since), 1);
	for (size_t i = 0; i < built->n_events; i++)
		assert_int_not_equal(built->events[i].when.year, 1917);
	/* 即… restates the date before it */
	expect(restated, "visit", "planned", "2025-04-22/2025-04-26",
	       (const char *const[]){ "布林肯", "中國", NULL });
	doc_free(since);
	doc_free(built);
	doc_free(restated);
}

/* Issue 15, item 3: the actors are the participants of the clause. */
/* The role of `name` in ev, or -1 when it is no actor of it. */
static int role_of(const struct doc *d, const struct doc_event *ev, const char *name)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!strcmp(d->entities[ev->actors[i]].name, name))
			return ev->roles ? ev->roles[i] : EVENT_ROLE_PARTY;
	}
	return -1;
}

/* A brief handshake is a meeting (docs/ANNOTATION.md); a country before
 * a verb is no title of the person after it: 中國不願奧斯汀… does not make
 * 奧斯汀 Chinese, so he is the one refused, not a refuser. */
static void test_handshake_and_sides(void **state)
{
	struct doc *shook = read_doc(
		"測試", "美國國防部長奧斯汀與中國國防部長李尚福週五（6月2日）在晚宴上短暫握手。",
		"2023-06-03T04:00:00Z");
	struct doc *refused = read_doc(
		"測試", "美國國防部長奧斯汀希望會見李尚福。中國不願奧斯汀和李尚福會談。",
		"2023-05-30T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	expect(shook, "meet", "occurred", "2023-06-02",
	       (const char *const[]){ "奧斯汀", "李尚福", NULL });
	ev = event_of(refused, "refuse_meeting");
	assert_non_null(ev);
	assert_int_equal(role_of(refused, ev, "中國"), EVENT_ROLE_REFUSER);
	assert_int_equal(role_of(refused, ev, "奧斯汀"), EVENT_ROLE_REQUESTER);
	/* a refusal read from the words around a meeting word is a lead (the
	 * dev half: 1 of 11 such right), a dated meeting with both parties a fact */
	assert_false(event_is_confident(ev->confidence));
	assert_true(event_is_confident(event_of(shook, "meet")->confidence));
	/* a company's name in Latin letters between a country and its
	 * officer's title: the country is his home, no party */
	{
		struct doc *home = read_doc(
			"測試", "中國商務部長王文濤會見澳洲SAI GLOBAL首席執行官Ross Wraight。",
			"2024-07-26T04:00:00Z");

		ev = event_of(home, "meet");
		assert_non_null(ev);
		assert_int_equal(role_of(home, ev, "Ross Wraight"), EVENT_ROLE_PARTY);
		assert_int_equal(role_of(home, ev, "澳洲"), -1);
		doc_free(home);
	}
	doc_free(shook);
	doc_free(refused);
}

/* A visit to a city is a visit to its country, the city beside it; a
 * continent is where a tour goes, no host. */
/* A country in apposition to its capital, or qualifying a forum's name,
 * says where, not who. */
static void test_places_not_parties(void **state)
{
	struct doc *capital = read_doc(
		"测试", "美国总统拜登与中国国家主席习近平周六（11月16日）在秘鲁首都利马会晤。",
		"2024-11-17T04:00:00Z");
	struct doc *forum = read_doc(
		"测试", "美国国防部长奥斯汀与中国国防部长李尚福本周在新加坡香格里拉对话期间会面。",
		"2023-05-30T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	ev = event_of(capital, "meet");
	assert_non_null(ev);
	assert_int_equal(role_of(capital, ev, "秘魯"), -1);
	ev = event_of(forum, "meet");
	assert_non_null(ev);
	assert_int_equal(role_of(forum, ev, "新加坡"), -1);
	doc_free(capital);
	doc_free(forum);
}

/* A willingness or a suggestion to meet is proposed, not held. */
static void test_willing_is_proposed(void **state)
{
	struct doc *d = read_doc("測試", "日本首相岸田文雄表示願意與中國國家主席習近平會面。",
				 "2023-11-10T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	for (size_t i = 0; i < d->n_events; i++)
		assert_string_not_equal(d->events[i].status, "occurred");
	ev = event_of(d, "meet");
	if (!ev)
		ev = event_of(d, "request_meeting");
	assert_non_null(ev);
	doc_free(d);
}

static void test_visit_hosts(void **state)
{
	struct doc *city = read_doc("測試", "中國國務院總理李強6月15日抵達阿德雷德，開始訪問。",
				    "2024-06-15T10:00:00Z");
	struct doc *tour = read_doc(
		"測試", "美國國務卿布林肯上週出訪亞洲，訪問新加坡、馬來西亞和日本。", "2022-08-11T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	ev = event_of(city, "visit");
	assert_non_null(ev);
	assert_int_equal(role_of(city, ev, "澳洲"), EVENT_ROLE_HOST);
	assert_int_equal(role_of(city, ev, "阿德雷德"), EVENT_ROLE_HOST);
	assert_int_equal(role_of(city, ev, "李強"), EVENT_ROLE_VISITOR);
	for (size_t i = 0; i < tour->n_events; i++)
		assert_int_equal(role_of(tour, &tour->events[i], "亞洲"), -1);
	doc_free(city);
	doc_free(tour);
}

static void test_participants(void **state)
{
	struct doc *received = read_doc("測試", "王毅在北京會見訪華的美國國務卿布林肯。",
					"2024-10-19T04:00:00Z");
	struct doc *welcomed = read_doc(
		"測試", "中國國家主席習近平舉行儀式，歡迎法國總統馬克龍對中國進行國事訪問。",
		"2023-04-06T04:00:00Z");
	struct doc *envoy = read_doc("測試", "去年6月拜登曾經會見了習近平的特使王毅。",
				     "2023-05-30T04:00:00Z");
	struct doc *party = read_doc("測試", "中共中央政治局委員、外交部長王毅會見美國國務卿布林肯。",
				     "2023-11-06T04:00:00Z");
	struct doc *dropped = read_doc(
		"測試", "美國國務卿布林肯在出席東協外長會議期間，與日本、南韓及澳洲的外長會談。",
		"2025-11-02T04:00:00Z");
	struct doc *he = read_doc(
		"測試", "印度總理莫迪19日會見中國外長王毅，他表示期待月底與中國國家主席習近平會晤。",
		"2025-08-20T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	/* the host who receives is no visitor of his own country */
	ev = event_of(received, "visit");
	assert_non_null(ev);
	assert_true(has_actor(received, ev, "布林肯"));
	assert_true(has_actor(received, ev, "中國"));
	assert_false(has_actor(received, ev, "王毅"));
	expect(received, "meet", "occurred", "2024-10-19",
	       (const char *const[]){ "王毅", "布林肯", NULL });
	/* who welcomes stays at home */
	ev = event_of(welcomed, "visit");
	assert_non_null(ev);
	assert_false(has_actor(welcomed, ev, "習近平"));
	assert_true(has_actor(welcomed, ev, "中國"));
	/* 習近平的特使王毅: the envoy met, not whose envoy he is */
	ev = event_of(envoy, "meet");
	assert_non_null(ev);
	assert_true(has_actor(envoy, ev, "拜登") && has_actor(envoy, ev, "王毅"));
	assert_false(has_actor(envoy, ev, "習近平"));
	/* the organisation in a title is no party */
	ev = event_of(party, "meet");
	assert_non_null(ev);
	assert_int_equal(ev->n_actors, 2);
	/* nobody before 與: the subject is the clause before's */
	ev = event_of(dropped, "talks");
	assert_non_null(ev);
	assert_true(has_actor(dropped, ev, "布林肯") && has_actor(dropped, ev, "澳洲"));
	/* 他 is the sentence's subject, not the last person named */
	ev = event_with(he, "meet", "習近平");
	assert_non_null(ev);
	assert_true(has_actor(he, ev, "莫迪"));
	assert_false(has_actor(he, ev, "王毅"));
	doc_free(received);
	doc_free(welcomed);
	doc_free(envoy);
	doc_free(party);
	doc_free(dropped);
	doc_free(he);
}

/* Issue 15, item 4: distinct events kept apart. */
static void test_distinct_events(void **state)
{
	struct doc *two = read_doc(
		"測試",
		"美國國務卿布林肯2月27日在上海與上海市委書記陳吉寧會面，2月28日在北京與中國外長王毅會面。",
		"2024-03-01T04:00:00Z");
	struct doc *tour = read_doc(
		"測試", "美國國務卿布林肯上週出訪亞洲，訪問新加坡、馬來西亞和日本。", "2022-08-11T04:00:00Z");
	struct doc *video = read_doc(
		"测试", "国家主席习近平12月15日下午在北京同俄罗斯总统普京举行视频会晤。",
		"2021-12-15T12:00:00Z");
	const struct doc_event *ev;

	(void)state;
	assert_int_equal(body_events_of(two, "meet"), 2);
	ev = event_with(two, "meet", "王毅");
	assert_non_null(ev);
	assert_false(has_actor(two, ev, "陳吉寧"));
	/* one visit per country of the tour, each dated by the tour */
	assert_int_equal(body_events_of(tour, "visit"), 3);
	ev = event_with(tour, "visit", "日本");
	assert_non_null(ev);
	assert_false(has_actor(tour, ev, "新加坡"));
	assert_false(has_actor(tour, ev, "馬來西亞"));
	/* a video meeting is a call */
	expect(video, "call", "occurred", "2021-12-15", (const char *const[]){ "習近平", NULL });
	assert_null(event_of(video, "meet"));
	doc_free(two);
	doc_free(tour);
	doc_free(video);
}

/* Issue 15, round 3: constructions read from the blind set's dev half. */
static void test_round3_constructions(void **state)
{
	/* a year opening an occasion's name dates nothing: the day does */
	struct doc *edition = read_doc(
		"測試",
		"9月1日上午，國家主席習近平在北京會見來華出席2024年中非合作論壇峰會的南非總統拉馬福薩。",
		"2024-09-02T04:00:00Z");

	/* the people a meeting word takes, listed after it: one meeting each,
	 * with whoever meets them, also when the clause drops who that is */
	struct doc *each = read_doc(
		"測試",
		"國家主席習近平3日在北京分別會見法國總統馬克龍、德國總理朔爾茨和義大利總理梅洛尼。",
		"2024-05-04T04:00:00Z");
	struct doc *dropped = read_doc(
		"測試",
		"法國總統馬克龍下週二起展開三天的訪華行程，將會晤國家主席習近平和國務院總理李強。",
		"2024-05-04T04:00:00Z");
	/* a past date of another clause is not when a planned event comes */
	struct doc *after = read_doc(
		"測試", "菲律賓總統小馬可仕上月訪問東京後，日本首相岸田文雄將訪問菲律賓。",
		"2023-10-01T04:00:00Z");
	/* 達成 and what is reached a few words on; a consensus named (達成的共識)
	 * or still to be reached is no agreement; a topic names no party */
	struct doc *reached = read_doc(
		"測試", "國家主席習近平4月10日在北京同越南總理范明政舉行會談，雙方達成了多項重要共識。",
		"2024-04-11T04:00:00Z");
	struct doc *named = read_doc("測試", "中國外長王毅與法國外長巴羅表示，將落實兩國元首達成的共識。",
				     "2024-06-11T04:00:00Z");
	struct doc *goal = read_doc(
		"測試", "國家主席習近平與法國總統馬克龍下月將在巴黎會晤並達成共識。", "2024-06-11T04:00:00Z");
	struct doc *topic = read_doc(
		"測試", "今年5月，國家主席習近平同法國總統馬克龍通話，就兩國深化合作達成重要共識。",
		"2024-06-11T04:00:00Z");
	/* the capital a visit goes to is visited too, beside its country; no
	 * visit for who comes home to it */
	struct doc *capital = read_doc("測試", "伊朗外長扎里夫26日抵達北京，與中國外長王毅舉行會談。",
				       "2019-08-27T04:00:00Z");
	struct doc *home = read_doc("測試", "中國外長王毅26日結束出訪返抵北京。", "2019-08-27T04:00:00Z");
	/* 除…外: besides, as the main clause says, to come */
	struct doc *besides = read_doc(
		"測試",
		"德國總理肖爾茨今天訪問中國，除與國務院總理李克強會晤外，亦會與國家主席習近平會晤。",
		"2022-11-04T04:00:00Z");
	/* an event named as a noun, then 是…首次…: what it was, no new event;
	 * a meeting with anyone is none in particular */
	struct doc *noun = read_doc(
		"測試",
		"中國與臺灣的兩會領導人1993年4月在新加坡舉行會談。汪辜會談是1949年以後兩岸雙方首次舉行的高層會談。",
		"2023-04-27T04:00:00Z");
	struct doc *anyone = read_doc(
		"測試", "對於臺灣總統蔡英文過境期間與任何美國官員會面，美國國務院沒有評論。",
		"2017-01-10T04:00:00Z");
	/* 打算: an intention, no visit made */
	struct doc *intends = read_doc("測試", "美國眾議院議長麥卡錫曾表示，他打算訪問臺灣。",
				       "2023-04-06T04:00:00Z");
	/* 晚些時候: later, so an agreed resumption is still to come */
	struct doc *later = read_doc(
		"測試",
		"美國國防部長奧斯汀與中國國防部長董軍會談。美國官員透露，雙方同意在今年晚些時候恢復戰區指揮官通話。",
		"2024-06-02T04:00:00Z");
	/* 恢復軍事溝通共識: a consensus named, no resumption made here */
	struct doc *consensus = read_doc(
		"測試",
		"美國國防部長奧斯汀與中國國防部長董軍的會談，回應了兩國元首在斐洛利莊園達成的恢復軍事溝通共識。",
		"2024-06-02T04:00:00Z");
	const struct doc_event *ev;

	(void)state;
	assert_null(event_of(consensus, "resume_dialogue"));
	doc_free(consensus);
	ev = event_of(later, "resume_dialogue");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	doc_free(later);
	ev = event_of(intends, "visit");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	doc_free(intends);
	assert_int_equal(body_events_of(noun, "talks"), 1);
	expect(noun, "talks", "occurred", "1993-04", NULL);
	assert_null(event_of(anyone, "meet"));
	doc_free(noun);
	doc_free(anyone);
	ev = event_with(besides, "meet", "李克強");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	doc_free(besides);
	expect(capital, "visit", "occurred", "2019-08-26",
	       (const char *const[]){ "扎里夫", "中國", "北京", NULL });
	assert_null(event_of(home, "visit"));
	doc_free(capital);
	doc_free(home);
	expect(reached, "agree", "occurred", "2024-04-10",
	       (const char *const[]){ "習近平", "范明政", NULL });
	assert_null(event_of(named, "agree"));
	assert_null(event_of(goal, "agree"));
	expect(topic, "agree", "occurred", "2024-05", (const char *const[]){ "習近平", "馬克龍", NULL });
	assert_int_equal(event_of(topic, "agree")->n_actors, 2);
	doc_free(reached);
	doc_free(named);
	doc_free(goal);
	doc_free(topic);
	ev = event_with(after, "visit", "岸田文雄");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	assert_false(ev->when.year == 2023 && ev->when.month == 9);
	doc_free(after);
	expect(edition, "meet", "occurred", "2024-09-01",
	       (const char *const[]){ "習近平", "拉馬福薩", NULL });
	assert_int_equal(body_events_of(each, "meet"), 3);
	ev = event_with(each, "meet", "朔爾茨");
	assert_non_null(ev);
	assert_true(has_actor(each, ev, "習近平"));
	assert_false(has_actor(each, ev, "馬克龍"));
	assert_false(has_actor(each, ev, "梅洛尼"));
	assert_int_equal(body_events_of(dropped, "meet"), 2);
	ev = event_with(dropped, "meet", "李強");
	assert_non_null(ev);
	assert_string_equal(ev->status, "planned");
	assert_true(has_actor(dropped, ev, "馬克龍"));
	assert_false(has_actor(dropped, ev, "習近平"));
	doc_free(edition);
	doc_free(each);
	doc_free(dropped);
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
		cmocka_unit_test(test_not_occurrences),
		cmocka_unit_test(test_status_from_construction),
		cmocka_unit_test(test_dates_of_other_things),
		cmocka_unit_test(test_participants),
		cmocka_unit_test(test_handshake_and_sides),
		cmocka_unit_test(test_visit_hosts),
		cmocka_unit_test(test_places_not_parties),
		cmocka_unit_test(test_willing_is_proposed),
		cmocka_unit_test(test_distinct_events),
		cmocka_unit_test(test_round3_constructions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
