/*
 * Unit tests for src/eval/: gold files parsed (and refused with file:line),
 * and the scorer on tiny documents built here by hand — what extraction
 * would have put into them is written out, so each rule of the scoring is
 * tested alone: exact matches, a wrong resolution, the meet/talks family,
 * actors found by another form, duplicates collapsed, counts per type,
 * status kept apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/event.h"
#include "eval/eval.h"
#include "eval/eval_int.h"
#include "text/text.h"

static struct text_ctx *text;

static int setup(void **state)
{
	struct err e;

	(void)state;
	if (text_ctx_new(&text, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	text_ctx_free(text);
	return 0;
}

/* ---- building a document as extraction would have left it ------------------------ */

static struct doc *doc_of(const char *para)
{
	struct doc *d = doc_new();

	assert_non_null(d);
	assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, para), DOSSIER_OK);
	return d;
}

/* Offset of the first `s` in the body (the one paragraph). */
static size_t at(const struct doc *d, const char *s)
{
	const char *p = strstr(d->paras[0].text, s);

	assert_non_null(p);
	return (size_t)(p - d->paras[0].text);
}

/* An entity mentioned as each of the `|`-separated forms (first occurrence each). */
static size_t entity(struct doc *d, const char *key, const char *name, const char *type,
		     const char *forms)
{
	char buf[256], *save = NULL;
	size_t index;

	assert_int_equal(doc_add_entity(d, key, name, type, &index), DOSSIER_OK);
	snprintf(buf, sizeof buf, "%s", forms);
	for (char *f = strtok_r(buf, "|", &save); f; f = strtok_r(NULL, "|", &save))
		assert_int_equal(doc_add_mention(d, index, DOC_PART_BODY, at(d, f), strlen(f)),
				 DOSSIER_OK);
	return index;
}

static struct doc_day_span day(int y, int m, int dd)
{
	struct doc_day_span w = { y, m, dd, 0, 0, 0, 0 };

	return w;
}

static struct doc_day_span month(int y, int m)
{
	struct doc_day_span w = { y, m, 0, 0, 0, 0, 2 };

	return w;
}

static void date(struct doc *d, const char *expr, struct doc_day_span when)
{
	struct doc_date dd = { DOC_PART_BODY, at(d, expr), strlen(expr), when, 0 };

	assert_int_equal(doc_add_date(d, &dd), DOSSIER_OK);
}

/* An event read from the sentence holding `words`, with two actors. */
static void event(struct doc *d, const char *type, const char *status, size_t a, size_t b,
		  struct doc_day_span when, const char *words)
{
	size_t actors[2] = { a, b };
	struct doc_event ev = {
		.type = (char *)type,
		.status = (char *)status,
		.actors = actors,
		.n_actors = 2,
		.place = DOC_NO_ENTITY,
		.when = when,
		.part = DOC_PART_BODY,
		.start = at(d, words),
		.len = strlen(words),
		.rule = (char *)"test",
		.confidence = 1,
	};

	assert_int_equal(doc_add_event(d, &ev), DOSSIER_OK);
}

static struct eval_gold *gold_of(const char *lines)
{
	struct eval_gold *g = NULL;
	struct err e = { 0 };
	int rc = eval_gold_parse("t.gold", lines, strlen(lines), &g, &e);

	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	assert_int_equal(rc, DOSSIER_OK);
	return g;
}

/* Scores `d` against `lines` in a new evaluation (caller frees). */
static struct eval *score(const char *lines, struct doc *d)
{
	struct eval_gold *g = gold_of(lines);
	struct eval *ev = NULL;
	struct err e = { 0 };

	assert_int_equal(eval_new(&ev, text), DOSSIER_OK);
	assert_int_equal(eval_score_doc(ev, g, d, &e), DOSSIER_OK);
	eval_gold_free(g);
	doc_free(d);
	return ev;
}

static void assert_counts(const struct eval *ev, enum eval_kind kind, const char *type,
			  size_t tp, size_t fp, size_t fn)
{
	struct eval_counts c;

	assert_int_equal(eval_counts(ev, kind, type, &c), DOSSIER_OK);
	assert_int_equal(c.tp, tp);
	assert_int_equal(c.fp, fp);
	assert_int_equal(c.fn, fn);
}

/* Does the text report hold `s`? */
static int report_has(const struct eval *ev, const char *s)
{
	struct buf out = BUF_INIT;
	int found;

	assert_int_equal(eval_report_text(ev, 0, &out), DOSSIER_OK);
	found = strstr(out.data, s) != NULL;
	if (!found)
		fprintf(stderr, "not in the report: %s\n%s", s, out.data);
	buf_release(&out);
	return found;
}

static const char sentence[] = "美國國防部長奧斯汀（Lloyd Austin）週五（5月31日）在新加坡與董軍會晤。";

/* ---- gold files ------------------------------------------------------------------ */

static void gold_parsed(void **state)
{
	struct eval_gold *g = gold_of("# a comment\n"
				      "doc\texamples/x.txt\n"
				      "\n"
				      "entity\tperson\t奧斯汀\t奧斯汀|Lloyd Austin\r\n"
				      "date\t上週\t2024-05-20/2024-05-26\n"
				      "event\tmeet\toccurred\t-\t奧斯汀|董軍\t新加坡\t會晤\n");

	(void)state;
	assert_string_equal(g->doc, "examples/x.txt");
	assert_int_equal(g->n_entities, 1);
	assert_int_equal(g->entities[0].n_forms, 2);
	assert_string_equal(g->entities[0].forms[1], "Lloyd Austin");
	assert_int_equal(g->n_dates, 1);
	assert_string_equal(g->dates[0].value, "2024-05-20/2024-05-26");
	assert_int_equal(g->n_events, 1);
	assert_int_equal(g->events[0].n_actors, 2);
	assert_int_equal(g->events[0].line, 6);
	eval_gold_free(g);
}

/* Roles before a colon; nonevent and same lines (docs/ANNOTATION.md). */
static void gold_roles_and_nonevents(void **state)
{
	struct eval_gold *g = gold_of("doc\tx\n"
				      "event\tvisit\toccurred\t-\tvisitor:布林肯|host:中國\t北京\t訪華\n"
				      "event\tmeet\toccurred\t-\t布林肯|王毅\t北京\t會晤\n"
				      "nonevent\tcall\tnegated\t-\t沒有通話\n"
				      "nonevent\ttalks\treference\trequester:美國|中國\t首次會談\n"
				      "same\tarticles/002.txt\trelated\n");

	(void)state;
	assert_int_equal(g->n_events, 2);
	assert_string_equal(g->events[0].actors[0], "布林肯");
	assert_string_equal(g->events[0].roles[0], "visitor");
	assert_string_equal(g->events[0].actors[1], "中國");
	assert_string_equal(g->events[0].roles[1], "host");
	assert_string_equal(g->events[1].roles[0], "party");
	assert_int_equal(g->n_nonevents, 2);
	assert_string_equal(g->nonevents[0].why, "negated");
	assert_int_equal(g->nonevents[0].n_actors, 0);
	assert_string_equal(g->nonevents[1].actors[0], "美國");
	assert_string_equal(g->nonevents[1].anchor, "首次會談");
	eval_gold_free(g);
}

/* A negated meeting told as an occurred one is counted as such; a planned
 * meeting extracted as occurred is counted apart from other status errors. */
static void false_occurrences_counted(void **state)
{
	struct doc *d = doc_of("奧斯汀與董軍短暫握手，但雙方沒有進行實質會談。兩人將於下月在北京會晤。");
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	event(d, "talks", "occurred", austin, dong, day(2023, 6, 2), "但雙方沒有進行實質會談");
	event(d, "meet", "occurred", austin, dong, month(2023, 7), "兩人將於下月在北京會晤");
	ev = score("doc\tx\n"
		   "event\tmeet\tplanned\t2023-07\t奧斯汀|董軍\t北京\t將於下月\n"
		   "nonevent\ttalks\tnegated\t奧斯汀|董軍\t沒有進行實質會談\n",
		   d);
	assert_true(report_has(ev, "told as having happened, but did not: 1 of 1 nonevents"));
	assert_true(report_has(ev, "1 of 1 events planned, proposed, refused or cancelled"));
	assert_true(report_has(ev, "talks (negated) told as: talks occurred"));
	eval_free(ev);
}

/* A matched visit's roles are scored: the visitor right, the host wrong. */
static void roles_scored(void **state)
{
	struct doc *d = doc_of("布林肯抵達北京，開始訪問中國。");
	size_t blinken = entity(d, "antony-blinken", "布林肯", "person", "布林肯");
	size_t china = entity(d, "china", "中國", "place", "中國");
	unsigned char roles[2] = { EVENT_ROLE_VISITOR, EVENT_ROLE_VISITOR };
	struct eval *ev;

	(void)state;
	event(d, "visit", "occurred", blinken, china, day(2024, 4, 24), "開始訪問中國");
	d->events[0].roles = malloc(2);
	memcpy(d->events[0].roles, roles, 2);
	ev = score("doc\tx\n"
		   "event\tvisit\toccurred\t2024-04-24\tvisitor:布林肯|host:中國\t北京\t開始訪問\n",
		   d);
	assert_counts(ev, EVAL_EVENT, "visit", 1, 0, 0);
	assert_true(report_has(ev, "1 of 2 right"));
	eval_free(ev);
}

/* Each mistake is refused naming the file and the line. */
static void gold_errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *where, *why;
	} cases[] = {
		{ "doc\ta\nentity\tpeople\tA\tA\n", "t.gold:2:", "unknown entity type" },
		{ "doc\ta\ndate\t5月\t2024-13\n", "t.gold:2:", "not an ISO date" },
		{ "doc\ta\ndate\t5月\t2024-05-31/2024-05-01\n", "t.gold:2:", "not an ISO date" },
		{ "doc\ta\nevent\tmeet\tdone\t-\tA|B\t-\tx\n", "t.gold:2:", "unknown status" },
		{ "doc\ta\nevent\tchat\toccurred\t-\tA|B\t-\tx\n", "t.gold:2:", "unknown event type" },
		{ "doc\ta\nevent\tmeet\toccurred\t-\tA||B\t-\tx\n", "t.gold:2:", "empty actor" },
		{ "doc\ta\nevent\tmeet\toccurred\t-\tA\t-\t一二三四五六七八九十一二三\n", "t.gold:2:",
		  "longer than 12" },
		{ "doc\ta\nevent\tmeet\toccurred\t-\tA\n", "t.gold:2:", "needs 7" },
		{ "entity\tperson\tA\tA\n", "t.gold:1:", "before the doc line" },
		{ "doc\ta\ndoc\tb\n", "t.gold:2:", "second doc line" },
		{ "doc\ta\nwho\tA\n", "t.gold:2:", "unknown line kind" },
		{ "doc\ta\nevent\tvisit\toccurred\t-\tguest:A|B\t-\tx\n", "t.gold:2:", "unknown role" },
		{ "doc\ta\nevent\tvisit\toccurred\t-\tvisitor:|B\t-\tx\n", "t.gold:2:", "a role without a name" },
		{ "doc\ta\nnonevent\tmeet\tmaybe\t-\tx\n", "t.gold:2:", "unknown why" },
		{ "doc\ta\nnonevent\tmeet\tnegated\t-\n", "t.gold:2:", "needs 5" },
		{ "doc\ta\nsame\tb.txt\tsimilar\n", "t.gold:2:", "unknown label" },
		{ "# nothing\n", "t.gold", "no doc line" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct eval_gold *g = (struct eval_gold *)1;
		struct err e = { 0 };
		int rc = eval_gold_parse("t.gold", cases[i].text, strlen(cases[i].text), &g, &e);

		assert_int_equal(rc, DOSSIER_EPARSE);
		assert_null(g);
		if (!strstr(e.msg, cases[i].where) || !strstr(e.msg, cases[i].why))
			fail_msg("case %zu: '%s'", i, e.msg);
	}
}

/* ---- scoring --------------------------------------------------------------------- */

static void exact_match(void **state)
{
	struct doc *d = doc_of(sentence);
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀|Lloyd Austin");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	entity(d, "singapore", "新加坡", "place", "新加坡");
	date(d, "週五（5月31日）", day(2024, 5, 31));
	event(d, "meet", "occurred", austin, dong, day(2024, 5, 31), "在新加坡與董軍會晤");
	ev = score("doc\tx\n"
		   "entity\tperson\t奧斯汀\t奧斯汀\n"
		   "entity\tperson\t董軍\t董军\n" /* a form in the other script */
		   "entity\tplace\t新加坡\t新加坡\n"
		   "date\t週五（5月31日）\t2024-05-31\n"
		   "event\tmeet\toccurred\t2024-05-31\t奧斯汀|董軍\t新加坡\t會晤\n",
		   d);
	assert_counts(ev, EVAL_ENTITY, NULL, 3, 0, 0);
	assert_counts(ev, EVAL_ENTITY, "person", 2, 0, 0);
	assert_counts(ev, EVAL_DATE, "day", 1, 0, 0);
	assert_counts(ev, EVAL_EVENT, "meet", 1, 0, 0);
	assert_counts(ev, EVAL_EVENT_STRICT, NULL, 1, 0, 0);
	assert_int_equal(eval_gold_items(ev, EVAL_ENTITY), 3);
	assert_string_equal(eval_warnings(ev), "");
	eval_free(ev);
}

static void wrong_resolution(void **state)
{
	struct doc *d = doc_of("賴清德將於5月20日就職，上月曾會見美國官員。");
	struct eval *ev;

	(void)state;
	date(d, "5月20日", day(2023, 5, 20));
	date(d, "上月", month(2024, 1));
	ev = score("doc\tx\n"
		   "date\t5月20日\t2024-05-20\n"
		   "date\t上月\t2024-01\n"
		   "date\t明年\t2025\n",
		   d);
	assert_counts(ev, EVAL_DATE, NULL, 1, 1, 2);
	assert_counts(ev, EVAL_DATE, "day", 0, 1, 1);
	assert_counts(ev, EVAL_DATE, "month", 1, 0, 0);
	assert_counts(ev, EVAL_DATE, "year", 0, 0, 1);
	assert_true(report_has(ev, "wrong  date   x  5月20日  gold 2024-05-20  extracted 2023-05-20"));
	assert_true(report_has(ev, "miss   date   x  明年 2025"));
	/* 明年 is not in the text: the gold is suspect */
	assert_non_null(strstr(eval_warnings(ev), "t.gold:4: date expression not in the document: 明年"));
	eval_free(ev);
}

static void meet_and_talks_one_family(void **state)
{
	struct doc *d = doc_of(sentence);
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	event(d, "meet", "occurred", austin, dong, day(2024, 5, 31), "會晤");
	event(d, "call", "occurred", austin, dong, day(2024, 5, 31), "新加坡");
	ev = score("doc\tx\n"
		   "event\ttalks\toccurred\t2024-05-31\t奧斯汀|董軍\t-\t會晤\n"
		   "event\tvisit\toccurred\t-\t奧斯汀|董軍\t-\t新加坡\n",
		   d);
	assert_counts(ev, EVAL_EVENT, "talks", 1, 0, 0);
	assert_counts(ev, EVAL_EVENT, "meet", 0, 0, 0);
	/* a call is no visit, whatever else agrees */
	assert_counts(ev, EVAL_EVENT, "visit", 0, 0, 1);
	assert_counts(ev, EVAL_EVENT, "call", 0, 1, 0);
	assert_true(report_has(ev, "gold talks, extracted meet"));
	assert_true(report_has(ev, "false  event  x  call occurred 2024-05-31 奧斯汀|董軍 «新加坡»"));
	eval_free(ev);
}

static void actor_by_any_form(void **state)
{
	struct doc *d = doc_of(sentence);
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "Lloyd Austin");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	event(d, "meet", "occurred", austin, dong, day(2024, 5, 31), "會晤");
	/* 奥斯汀: the entity's name in the other script; Lloyd Austin: its mention */
	ev = score("doc\tx\n"
		   "event\tmeet\toccurred\t2024-05-31\t奥斯汀|董军\t-\t會晤\n"
		   "event\tmeet\toccurred\t2024-05-31\tLloyd Austin\t-\t會晤\n",
		   d);
	/* one extracted event matches one gold event only */
	assert_counts(ev, EVAL_EVENT, NULL, 1, 0, 1);
	eval_free(ev);

	d = doc_of(sentence);
	austin = entity(d, "lloyd-austin", "奧斯汀", "person", "Lloyd Austin");
	event(d, "meet", "occurred", austin, austin, day(2024, 5, 31), "會晤");
	ev = score("doc\tx\nevent\tmeet\toccurred\t-\t奧斯汀|王毅\t-\t會晤\n", d);
	assert_counts(ev, EVAL_EVENT, NULL, 0, 1, 1); /* every gold actor is needed */
	eval_free(ev);
}

static void duplicates_collapse(void **state)
{
	struct doc *d = doc_of("奧斯汀與董軍會晤。兩人在新加坡會晤。董軍說，會晤很好。");
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	event(d, "meet", "occurred", austin, dong, day(2024, 5, 31), "奧斯汀與董軍會晤");
	event(d, "meet", "occurred", dong, austin, day(2024, 5, 31), "兩人在新加坡會晤");
	event(d, "meet", "occurred", dong, austin, month(2024, 5), "會晤很好");
	ev = score("doc\tx\nevent\tmeet\toccurred\t2024-05-31\t奧斯汀|董軍\t-\t新加坡\n", d);
	/* the first two say the same (actors in any order): one; the third has
	 * another date: a false alarm of its own */
	assert_counts(ev, EVAL_EVENT, NULL, 1, 1, 0);
	eval_free(ev);
}

static void a_second_report_is_a_repeat(void **state)
{
	struct doc *d = doc_of("奧斯汀與董軍會晤。兩人在新加坡會談。");
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct eval *ev;

	(void)state;
	event(d, "meet", "occurred", austin, dong, day(2024, 5, 31), "奧斯汀與董軍會晤");
	event(d, "talks", "occurred", dong, austin, day(2024, 5, 31), "兩人在新加坡會談");
	ev = score("doc\tx\nevent\tmeet\toccurred\t2024-05-31\t奧斯汀|董軍\t-\t新加坡\n", d);
	/* the talks tell the meeting again: neither a second hit nor a false
	 * alarm, but listed as a repeat */
	assert_counts(ev, EVAL_EVENT, NULL, 1, 0, 0);
	assert_int_equal(ev->repeats, 1);
	assert_true(report_has(ev, "repeat event"));
	eval_free(ev);
}

static void counts_per_type(void **state)
{
	struct doc *d = doc_of("白宮說，蘇利文在維也納會見王毅。");
	struct eval *ev;

	(void)state;
	entity(d, "jake-sullivan", "蘇利文", "person", "蘇利文");
	entity(d, "wang-yi", "王毅", "person", "王毅");
	entity(d, "vienna", "維也納", "place", "維也納");
	entity(d, "white-house", "白宮", "place", "白宮"); /* the wrong type */
	/* an entity without mentions (an event's actor) claims nothing */
	assert_int_equal(doc_add_entity(d, "joe-biden", "拜登", "person", &(size_t){ 0 }),
			 DOSSIER_OK);
	ev = score("doc\tx\n"
		   "entity\tperson\t蘇利文\t蘇利文\n"
		   "entity\tperson\t王毅\t王毅\n"
		   "entity\torg\t白宮\t白宮\n",
		   d);
	assert_counts(ev, EVAL_ENTITY, "person", 2, 0, 0);
	assert_counts(ev, EVAL_ENTITY, "org", 0, 0, 1);
	assert_counts(ev, EVAL_ENTITY, "place", 0, 2, 0);
	assert_counts(ev, EVAL_ENTITY, NULL, 2, 2, 1);
	assert_true(report_has(ev, "miss   entity x  org 白宮 (extracted as place)"));
	assert_true(report_has(ev, "false  entity x  place 維也納 «維也納»"));
	assert_int_equal(eval_counts(ev, EVAL_ENTITY, "country", &(struct eval_counts){ 0 }),
			 DOSSIER_EUSAGE);
	eval_free(ev);
}

static void status_apart_and_dates_agree(void **state)
{
	struct doc *d = doc_of("奧斯汀希望下周在雅加達會見董軍，並與董軍通話。");
	size_t austin = entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	size_t dong = entity(d, "dong-jun", "董軍", "person", "董軍");
	struct doc_day_span week = { 2023, 11, 13, 2023, 11, 19, 1 };
	struct eval *ev;

	(void)state;
	event(d, "request_meeting", "proposed", austin, dong, day(2023, 11, 16), "會見董軍");
	event(d, "call", "occurred", austin, dong, month(2023, 11), "通話");
	event(d, "meet", "planned", austin, dong, week, "雅加達");
	ev = score("doc\tx\n"
		   /* a gold month takes a day inside it; the status differs */
		   "event\trequest_meeting\tplanned\t2023-11\t奧斯汀|董軍\t-\t會見董軍\n"
		   /* a gold day needs a day: a month is not enough */
		   "event\tcall\toccurred\t2023-11-16\t奧斯汀|董軍\t-\t通話\n"
		   /* a week overlapping the gold day is */
		   "event\tmeet\tplanned\t2023-11-15\t奧斯汀|董軍\t-\t雅加達\n",
		   d);
	assert_counts(ev, EVAL_EVENT, "request_meeting", 1, 0, 0);
	assert_counts(ev, EVAL_EVENT_STRICT, "request_meeting", 0, 1, 1);
	assert_counts(ev, EVAL_EVENT, "call", 0, 1, 1);
	assert_counts(ev, EVAL_EVENT, "meet", 1, 0, 0);
	assert_counts(ev, EVAL_EVENT_STRICT, "meet", 1, 0, 0);
	assert_true(report_has(ev, "gold planned, extracted proposed"));
	eval_free(ev);
}

static void report_json(void **state)
{
	struct doc *d = doc_of(sentence);
	struct eval *ev;
	json_t *o;

	(void)state;
	entity(d, "lloyd-austin", "奧斯汀", "person", "奧斯汀");
	ev = score("doc\tx\nentity\tperson\t奧斯汀\t奧斯汀\nentity\tperson\t董軍\t董軍\n", d);
	o = eval_report_json(ev);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "documents")), 1);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(o, "entities"), "overall"), "fn")),
			 1);
	assert_true(json_real_value(json_object_get(
			    json_object_get(json_object_get(o, "entities"), "overall"), "precision")) ==
		    1.0);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	eval_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gold_parsed),
		cmocka_unit_test(gold_errors_name_the_line),
		cmocka_unit_test(gold_roles_and_nonevents),
		cmocka_unit_test(false_occurrences_counted),
		cmocka_unit_test(roles_scored),
		cmocka_unit_test(exact_match),
		cmocka_unit_test(wrong_resolution),
		cmocka_unit_test(meet_and_talks_one_family),
		cmocka_unit_test(actor_by_any_form),
		cmocka_unit_test(duplicates_collapse),
		cmocka_unit_test(a_second_report_is_a_repeat),
		cmocka_unit_test(counts_per_type),
		cmocka_unit_test(status_apart_and_dates_agree),
		cmocka_unit_test(report_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
