/*
 * Unit tests for the timeline's merge (src/query/timeline.c): synthetic
 * events, as the extractor emits them one per sentence, merged into one
 * line per real-world event; the line's date, status, actors and summary;
 * the filters.
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
#include "query/query.h"

/* The entities the synthetic events name. */
enum {
	BLINKEN = 1, WANG_YI, XI, PELOSI, TAIWAN, USA, CHINA, AUSTIN, LI_SHANGFU,
	BEIJING, BROWN, LIU_ZHENLI, AUSTIN_TEXAS,
};

static const struct {
	const char *name, *type;
} entity[] = {
	[BLINKEN] = { "布林肯", "person" },   [WANG_YI] = { "王毅", "person" },
	[XI] = { "習近平", "person" },        [PELOSI] = { "裴洛西", "person" },
	[TAIWAN] = { "臺灣", "place" },       [USA] = { "美國", "place" },
	[CHINA] = { "中國", "place" },        [AUSTIN] = { "奧斯汀", "person" },
	[LI_SHANGFU] = { "李尚福", "person" }, [BEIJING] = { "北京", "place" },
	[BROWN] = { "布朗", "person" },       [LIU_ZHENLI] = { "劉振立", "person" },
	[AUSTIN_TEXAS] = { "德州奧斯汀", "place" },
};

/* One report of an event: what a test writes down. */
struct spec {
	const char *type, *status;
	const char *date;      /* "2024-04-26", "2024-04", "2024", "2024-01-08/2024-01-09",
				  "week 2024-04-22", NULL: undated */
	int from_doc;          /* dated by its document only */
	int64_t doc;
	const char *published; /* "2024-04-27" (08:00 UTC), NULL: unknown */
	const char *sentence;  /* NULL: one of its own */
	int actors[4];         /* entity numbers, 0 ends */
	int place;
	double confidence;
};

/* Roles and title countries of each spec's actors, for the tests of
 * sides; NULL: none (the specs of every other test). */
static const struct sides {
	const char *roles[4]; /* static strings, NULL: none */
	int countries[4];     /* the country an actor's title names, 0: none */
} *sides_of_specs;

static void parse_date(const char *s, struct doc_day_span *w)
{
	memset(w, 0, sizeof *w);
	if (!s)
		return;
	if (!strncmp(s, "week ", 5)) {
		sscanf(s + 5, "%d-%d-%d", &w->year, &w->month, &w->day);
		w->precision = 1;
		return;
	}
	if (strchr(s, '/')) {
		sscanf(s, "%d-%d-%d/%d-%d-%d", &w->year, &w->month, &w->day, &w->end_year,
		       &w->end_month, &w->end_day);
		return;
	}
	w->precision = strlen(s) == 4 ? 3 : strlen(s) == 7 ? 2 : 0;
	sscanf(s, "%d-%d-%d", &w->year, &w->month, &w->day);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void fill_event(struct timeline_event *ev, const struct spec *sp, int64_t id)
{
	char sentence[64];

	memset(ev, 0, sizeof *ev);
	ev->id = id;
	ev->doc_id = sp->doc;
	ev->type = strdup(sp->type);
	ev->status = strdup(sp->status ? sp->status : "occurred");
	ev->rule = strdup("test");
	ev->confidence = sp->confidence ? sp->confidence : 0.5;
	parse_date(sp->date, &ev->when);
	ev->date_from_doc = sp->from_doc;
	if (sp->from_doc)
		memset(&ev->when, 0, sizeof ev->when);
	for (ev->n_actors = 0; ev->n_actors < 4 && sp->actors[ev->n_actors]; ev->n_actors++)
		;
	ev->actors = calloc(ev->n_actors ? ev->n_actors : 1, sizeof *ev->actors);
	for (size_t i = 0; i < ev->n_actors; i++) {
		ev->actors[i].id = sp->actors[i];
		ev->actors[i].name = strdup(entity[sp->actors[i]].name);
		ev->actors[i].type = strdup(entity[sp->actors[i]].type);
		if (sides_of_specs) {
			ev->actors[i].role = sides_of_specs[id - 1].roles[i];
			ev->actors[i].country_id = sides_of_specs[id - 1].countries[i];
		}
	}
	ev->place_id = sp->place;
	ev->place_name = sp->place ? strdup(entity[sp->place].name) : NULL;
	snprintf(sentence, sizeof sentence, "第%lld句。", (long long)id);
	ev->sentence = strdup(sp->sentence ? sp->sentence : sentence);
	ev->url = NULL;
	ev->title = dup_or_null("標題");
	ev->source = dup_or_null("DW");
	ev->published = DOC_TIME_NONE;
	if (sp->published) {
		int y, m, d;

		sscanf(sp->published, "%d-%d-%d", &y, &m, &d);
		ev->published = datetime_from_utc(y, m, d, 8, 0, 0, 0);
	}
}

/* Merges the reports with query `q` (may be NULL); the test frees the result. */
static struct timeline *merge(const struct spec *specs, size_t n,
			      const struct timeline_query *q)
{
	struct timeline_event *events = calloc(n ? n : 1, sizeof *events);
	struct timeline *t = NULL;
	struct err e;

	for (size_t i = 0; i < n; i++)
		fill_event(&events[i], &specs[i], (int64_t)i + 1);
	if (timeline_merge(events, n, q, &t, &e))
		fail_msg("timeline_merge: %s", e.msg);
	return t;
}

#define MERGE(specs, q) merge(specs, sizeof specs / sizeof specs[0], q)

static const char *date_of(const struct timeline_line *l, int end)
{
	static char out[2][TIMELINE_DATE_MAX];

	if (timeline_format_date(&l->when, end, out[end]))
		return "none";
	return out[end];
}

/* The line whose sources include event `id`, or NULL. */
static const struct timeline_line *line_of(const struct timeline *t, int64_t id)
{
	for (size_t i = 0; i < t->n_lines; i++) {
		for (size_t k = 0; k < t->lines[i].n_sources; k++) {
			if (t->lines[i].sources[k]->id == id)
				return &t->lines[i];
		}
	}
	return NULL;
}

/* ---- merging ---------------------------------------------------------------------- */

static void one_meeting_in_two_documents_is_one_line(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-26", NULL, { BLINKEN, WANG_YI }, BEIJING, 0.7 },
		{ "meet", NULL, "2024-04-26", 0, 2, "2024-04-27", NULL, { WANG_YI, BLINKEN }, BEIJING, 0.9 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_int_equal(t->lines[0].n_sources, 2);
	assert_int_equal(t->lines[0].sources[0]->doc_id, 1); /* publication order */
	assert_string_equal(t->lines[0].type, "meet");
	assert_string_equal(t->lines[0].status, "occurred");
	assert_string_equal(date_of(&t->lines[0], 0), "2024-04-26");
	assert_string_equal(date_of(&t->lines[0], 1), "none");
	assert_string_equal(t->lines[0].summary, "布林肯與王毅會晤（北京）");
	assert_string_equal(t->lines[0].place, "北京");
	assert_true(t->lines[0].confidence > 0.89); /* the most confident source's */
	timeline_free(t);
}

static void a_day_apart_is_one_meeting(void **state)
{
	/* Washington's 25th is Beijing's 26th */
	static const struct spec s[] = {
		{ "meet", NULL, "2024-04-25", 0, 1, "2024-04-26", NULL, { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 2, "2024-04-26", NULL, { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-04-28", 0, 3, "2024-04-28", NULL, { BLINKEN, WANG_YI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 3));
	timeline_free(t);
}

static void twice_in_one_sentence_is_one_source(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-26", "兩人會晤。", { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-26", "兩人會晤。", { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-26", "另一句。", { BLINKEN, WANG_YI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_int_equal(t->lines[0].n_sources, 2);
	timeline_free(t);
}

static void different_people_the_same_day_are_two_lines(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-27", NULL, { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-27", NULL, { XI, BLINKEN }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 2, "2024-04-27", NULL, { WANG_YI, BLINKEN, USA }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 2, "2024-04-27", NULL, { BLINKEN, XI }, 0, 0 },
		{ "meet", NULL, "2024-04-26", 0, 3, "2024-04-27", NULL, { USA, BLINKEN, WANG_YI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_ptr_equal(line_of(t, 1), line_of(t, 3));
	assert_ptr_equal(line_of(t, 2), line_of(t, 4));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 2));
	/* people first, then the most named (by two reports of three) */
	assert_int_equal(line_of(t, 3)->n_actors, 3);
	assert_string_equal(line_of(t, 3)->actors[2]->name, "美國");
	assert_int_equal(line_of(t, 2)->n_actors, 2);
	timeline_free(t);
}

static void one_visitor_reported_twice_is_one_visit(void **state)
{
	static const struct spec s[] = {
		{ "visit", NULL, "2022-08-02", 0, 1, "2022-08-03", NULL, { PELOSI, TAIWAN }, 0, 0 },
		{ "visit", NULL, "2022-08", 0, 2, "2023-05-30", NULL, { PELOSI }, 0, 0 },
		{ "visit", NULL, "2022-08-02", 0, 3, "2022-08-03", NULL, { AUSTIN, TAIWAN }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_string_equal(line_of(t, 1)->summary, "裴洛西訪問臺灣");
	assert_string_equal(date_of(line_of(t, 1), 0), "2022-08-02");
	timeline_free(t);
}

static void no_shared_actor_never_merges(void **state)
{
	static const struct spec s[] = {
		{ "talks", NULL, "2024-01-08", 0, 1, "2024-01-10", NULL, { USA }, 0, 0 },
		{ "talks", NULL, "2024-01-08", 0, 2, "2024-01-10", NULL, { CHINA }, 0, 0 },
		{ "talks", NULL, "2024-01-08", 0, 3, "2024-01-10", NULL, { USA, CHINA }, 0, 0 },
		{ "talks", NULL, "2024-01-08", 0, 4, "2024-01-10", NULL, { CHINA, USA }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	/* US alone and US–China share one actor: enough for the one-actor report */
	assert_ptr_equal(line_of(t, 1), line_of(t, 3));
	assert_ptr_equal(line_of(t, 3), line_of(t, 4));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 2));
	timeline_free(t);
}

static void other_types_never_merge_but_meet_and_talks_do(void **state)
{
	static const struct spec s[] = {
		{ "talks", NULL, "2024-01-08", 0, 1, "2024-01-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "meet", NULL, "2024-01-08", 0, 2, "2024-01-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "talks", NULL, "2024-01-08", 0, 3, "2024-01-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "call", NULL, "2024-01-08", 0, 4, "2024-01-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "meet", NULL, "2024-03-08", 0, 5, "2024-03-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "talks", NULL, "2024-03-08", 0, 6, "2024-03-10", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 3);
	assert_string_equal(line_of(t, 1)->type, "talks"); /* two of three say talks */
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_string_equal(line_of(t, 4)->type, "call");
	assert_string_equal(line_of(t, 5)->type, "meet"); /* a tie is meet */
	/* same day: call before talks, by type */
	assert_string_equal(t->lines[0].type, "call");
	timeline_free(t);
}

static void a_plan_that_happened_has_occurred(void **state)
{
	static const struct spec s[] = {
		{ "meet", "planned", "week 2023-06-05", 0, 1, "2023-05-30", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "meet", "occurred", "2023-06-03", 0, 2, "2023-06-04", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "meet", "planned", "2023-07-10", 0, 3, "2023-06-20", NULL, { BLINKEN, WANG_YI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_string_equal(line_of(t, 1)->status, "occurred");
	assert_string_equal(line_of(t, 1)->summary, "奧斯汀與李尚福會晤");
	assert_string_equal(date_of(line_of(t, 1), 0), "2023-06-03"); /* day over week */
	/* the report of it is cited first, the earlier announcement after */
	assert_int_equal(line_of(t, 1)->n_sources, 2);
	assert_int_equal(line_of(t, 1)->sources[0]->id, 2);
	assert_int_equal(line_of(t, 1)->sources[1]->id, 1);
	assert_string_equal(line_of(t, 3)->status, "planned");
	assert_string_equal(line_of(t, 3)->summary, "布林肯與王毅會晤（計劃中）");
	timeline_free(t);
}

/* A call agreed on one day and held the next month: the line is dated
 * by the report that it was held, not by the agreement's day. */
static void a_plan_that_happened_is_dated_when_it_happened(void **state)
{
	static const struct spec s[] = {
		{ "call", "proposed", "2024-08-27", 0, 1, "2024-08-29", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", "occurred", "2024-09", 0, 2, "2024-11-20", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_string_equal(line_of(t, 1)->status, "occurred");
	assert_string_equal(date_of(line_of(t, 1), 0), "2024-09");
	timeline_free(t);
}

static void a_later_refusal_decides(void **state)
{
	static const struct spec s[] = {
		{ "request_meeting", "proposed", "2023-05", 0, 1, "2023-05-20", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "request_meeting", "refused", "2023-05-29", 0, 2, "2023-05-30", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "refuse_meeting", "occurred", "2023-05-29", 0, 3, "2023-05-30", NULL, { CHINA, USA }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_string_equal(line_of(t, 1)->status, "refused");
	assert_string_equal(line_of(t, 1)->summary, "奧斯汀請求與李尚福會面（遭拒）");
	assert_string_equal(line_of(t, 3)->summary, "中國拒絕與美國會面");
	timeline_free(t);
}

/*
 * A side stands for its people in the same role: 中國拒絕了美方的請求 and
 * 中國拒絕李尚福與美國國防部長奧斯汀會晤 are one refusal; but two
 * countries' talks are not their leaders' meeting the same month.
 */
static void a_side_is_its_people_in_the_same_role(void **state)
{
	static const struct spec s[] = {
		{ "refuse_meeting", "refused", "2023-06-02/2023-06-04", 0, 1, "2023-05-30", NULL, { CHINA, USA }, 0, 0 },
		{ "refuse_meeting", "refused", "2023-06", 0, 2, NULL, NULL, { CHINA, LI_SHANGFU, AUSTIN }, 0, 0 },
		{ "talks", "occurred", "2024-01-08/2024-01-09", 0, 3, "2024-01-10", NULL, { USA, CHINA }, 0, 0 },
		{ "meet", "occurred", "2024-01-09", 0, 4, "2024-01-10", NULL, { BLINKEN, WANG_YI }, 0, 0 },
		/* the refuser's side as the one refused is another refusal */
		{ "refuse_meeting", "refused", "2023-06", 0, 5, NULL, NULL, { USA, AUSTIN }, 0, 0 },
	};
	static const struct sides sides[] = {
		{ { "refuser", "requester" }, { 0, 0 } },
		{ { "refuser", "refuser", "requester" }, { 0, CHINA, USA } },
		{ { "party", "party" }, { 0, 0 } },
		{ { "party", "party" }, { USA, CHINA } },
		{ { "refuser", "requester" }, { 0, USA } },
	};
	struct timeline *t;

	sides_of_specs = sides;
	t = MERGE(s, NULL);
	sides_of_specs = NULL;

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_ptr_not_equal(line_of(t, 3), line_of(t, 4));
	assert_ptr_not_equal(line_of(t, 5), line_of(t, 1));
	timeline_free(t);
}

/* A meeting of two named people shows them, not the country one is from;
 * an agreement keeps its countries; --actor still finds it by country. */
static void a_meeting_shows_its_people_not_their_homes(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-26", NULL, { BLINKEN, WANG_YI, USA, CHINA }, 0, 0 },
		{ "agree", NULL, "2024-04-26", 0, 2, "2024-04-26", NULL, { BLINKEN, WANG_YI, USA, CHINA }, 0, 0 },
	};
	static const struct sides sides[] = {
		{ { "party", "party", "party", "party" }, { USA, CHINA, 0, 0 } },
		{ { "party", "party", "party", "party" }, { USA, CHINA, 0, 0 } },
	};
	static const int64_t usa[] = { USA };
	struct timeline_actor_filter f = { usa, 1 };
	struct timeline_query q = { 0 };
	struct timeline *t;

	(void)state;
	sides_of_specs = sides;
	t = MERGE(s, NULL);
	assert_int_equal(line_of(t, 1)->n_actors, 2);
	assert_int_equal(line_of(t, 2)->n_actors, 4);
	timeline_free(t);
	q.actors = &f;
	q.n_actors = 1;
	t = MERGE(s, &q);
	sides_of_specs = NULL;
	assert_int_equal(t->n_lines, 2);
	timeline_free(t);
}

static void a_year_apart_is_two_lines(void **state)
{
	static const struct spec s[] = {
		{ "call", NULL, "2023-12-21", 0, 1, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, "2024-12-18", 0, 2, "2024-12-19", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 2);
	assert_string_equal(date_of(&t->lines[0], 0), "2023-12-21");
	assert_string_equal(t->lines[0].summary, "布朗與劉振立通話");
	timeline_free(t);
}

static void no_chaining_across_a_month(void **state)
{
	struct spec s[30];
	char dates[30][16];
	struct timeline *t;

	(void)state;
	for (int i = 0; i < 30; i++) {
		snprintf(dates[i], sizeof dates[i], "2024-01-%02d", i + 1);
		s[i] = (struct spec){ "meet", NULL, dates[i], 0, i + 1, "2024-02-01", NULL,
				      { AUSTIN, LI_SHANGFU }, 0, 0 };
	}
	t = merge(s, 30, NULL);
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 3));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 30));
	assert_true(t->n_lines >= 10);
	for (size_t i = 0; i < t->n_lines; i++)
		assert_true(t->lines[i].n_sources <= 2);
	timeline_free(t);
}

static void the_most_precise_date_then_the_most_common(void **state)
{
	static const struct spec s[] = {
		{ "talks", NULL, "2024-01", 0, 1, "2024-01-20", NULL, { USA, CHINA }, 0, 0 },
		{ "talks", NULL, "2024-01-09", 0, 2, "2024-01-10", NULL, { USA, CHINA }, 0, 0 },
		{ "talks", NULL, "2024-01-08/2024-01-09", 0, 3, "2024-01-10", NULL, { USA, CHINA }, 0, 0 },
		{ "talks", NULL, "2024-01-08/2024-01-09", 0, 4, "2024-01-11", NULL, { CHINA, USA }, 0, 0 },
		{ "talks", NULL, "2024", 0, 5, "2024-12-01", NULL, { USA, CHINA }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);
	char *line;
	json_t *o;

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_string_equal(date_of(&t->lines[0], 0), "2024-01-08");
	assert_string_equal(date_of(&t->lines[0], 1), "2024-01-09");
	assert_string_equal(t->lines[0].summary, "美國與中國會談");
	o = timeline_line_json(&t->lines[0]);
	assert_non_null(o);
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_non_null(strstr(line, "{\"date\":\"2024-01-08\",\"date_end\":\"2024-01-09\","
				     "\"precision\":\"day\",\"date_from_doc\":false,\"type\":\"talks\","
				     "\"status\":\"occurred\",\"actors\":[\"美國\",\"中國\"]"));
	assert_non_null(strstr(line, "\"sources\":[{\"doc\":2,\"url\":null,\"sentence\":\"第2句。\""));
	free(line);
	json_decref(o);
	timeline_free(t);
}

static void a_month_only_line_shows_the_month(void **state)
{
	static const struct spec s[] = {
		{ "suspend_dialogue", NULL, "2022-08", 0, 1, "2023-05-30", NULL, { CHINA, USA }, 0, 0 },
		{ "suspend_dialogue", NULL, "2022", 0, 2, "2023-11-07", NULL, { CHINA, USA }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);
	json_t *o;

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_string_equal(date_of(&t->lines[0], 0), "2022-08");
	assert_string_equal(t->lines[0].summary, "中國與美國中斷對話");
	o = timeline_line_json(&t->lines[0]);
	assert_string_equal(json_string_value(json_object_get(o, "precision")), "month");
	assert_true(json_is_null(json_object_get(o, "date_end")));
	json_decref(o);
	timeline_free(t);
}

static void a_report_dated_by_its_document_joins_the_last_line_before(void **state)
{
	static const struct spec s[] = {
		{ "call", NULL, "2023-12-21", 0, 1, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, "2023-11-15", 0, 2, "2023-11-16", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, NULL, 1, 3, "2024-01-10", NULL, { LIU_ZHENLI, BROWN }, 0, 0 },
		{ "call", NULL, "2024-03-01", 0, 4, "2024-03-02", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, NULL, 1, 5, "2026-01-10", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, NULL, 1, 6, "2026-01-10", NULL, { LIU_ZHENLI, BROWN }, 0, 0 },
		/* ten months after the last call: today's, not that one */
		{ "call", NULL, NULL, 1, 7, "2025-01-05", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);
	json_t *o;

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 3)); /* the most recent before 2024-01-10 */
	assert_int_equal(line_of(t, 2)->n_sources, 1);
	assert_int_equal(line_of(t, 4)->n_sources, 1);
	assert_false(line_of(t, 1)->date_from_doc);
	/* beyond a month: a line of its own, dated by its documents */
	assert_ptr_equal(line_of(t, 5), line_of(t, 6));
	assert_true(line_of(t, 5)->date_from_doc);
	assert_string_equal(date_of(line_of(t, 5), 0), "2026-01-10");
	assert_ptr_not_equal(line_of(t, 7), line_of(t, 4));
	assert_true(line_of(t, 7)->date_from_doc);
	assert_int_equal(t->n_lines, 5);
	o = timeline_line_json(line_of(t, 5));
	assert_true(json_is_true(json_object_get(o, "date_from_doc")));
	json_decref(o);
	timeline_free(t);
}

/* A request dated by its report is news of the moment: it joins the
 * meeting asked for a week later, not the one refused months before. */
static void a_request_of_the_moment_joins_the_nearest_line(void **state)
{
	static const struct spec s[] = {
		{ "request_meeting", "proposed", "2023-06-02/2023-06-04", 0, 1, "2023-05-30", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "request_meeting", "planned", "2023-11-15", 0, 2, "2023-11-07", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "request_meeting", "proposed", NULL, 1, 3, "2023-11-07", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		/* nothing near: a line of its own */
		{ "request_meeting", "proposed", NULL, 1, 4, "2023-09-01", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_ptr_equal(line_of(t, 3), line_of(t, 2));
	assert_ptr_not_equal(line_of(t, 1), line_of(t, 2));
	assert_ptr_not_equal(line_of(t, 4), line_of(t, 1));
	assert_ptr_not_equal(line_of(t, 4), line_of(t, 2));
	timeline_free(t);
}

/* A place one report of several names, and the first report does not, is
 * left out: it is often another event's in that report's sentence. */
static void a_place_needs_the_anchor_or_most_reports(void **state)
{
	static const struct spec s[] = {
		{ "call", NULL, "2024-04-16", 0, 1, "2024-04-17", NULL, { AUSTIN, LI_SHANGFU }, 0, 0.9 },
		{ "call", NULL, "2024-04-16", 0, 2, "2024-05-20", NULL, { AUSTIN, LI_SHANGFU }, TAIWAN, 0.9 },
		{ "call", NULL, "2024-04-16", 0, 3, "2024-06-20", NULL, { AUSTIN, LI_SHANGFU }, 0, 0.9 },
		{ "meet", NULL, "2024-04-26", 0, 4, "2024-04-26", NULL, { BLINKEN, WANG_YI }, 0, 0.9 },
		{ "meet", NULL, "2024-04-26", 0, 5, "2024-04-27", NULL, { BLINKEN, WANG_YI }, BEIJING, 0.9 },
		{ "meet", NULL, "2024-04-26", 0, 6, "2024-04-27", NULL, { BLINKEN, WANG_YI }, BEIJING, 0.9 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 2));
	assert_null(line_of(t, 1)->place);
	assert_ptr_equal(line_of(t, 4), line_of(t, 6));
	assert_string_equal(line_of(t, 4)->place, "北京"); /* two of three */
	timeline_free(t);
}

static void an_undated_report_joins_the_one_line_it_fits(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2023-11-15", 0, 1, "2023-11-16", NULL, { XI, BLINKEN, USA }, 0, 0 },
		{ "call", NULL, "2023-12-21", 0, 2, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, "2024-12-18", 0, 3, "2024-12-19", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "meet", NULL, NULL, 0, 4, "2024-05-01", NULL, { BLINKEN, XI }, 0, 0 },
		{ "call", NULL, NULL, 0, 5, "2024-05-01", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "visit", NULL, NULL, 0, 6, "2024-05-01", NULL, { PELOSI, TAIWAN }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);
	json_t *o;

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 4));
	/* two calls fit equally: no guess, it stays undated */
	assert_int_equal(line_of(t, 5)->when.year, 0);
	assert_int_equal(line_of(t, 2)->n_sources, 1);
	assert_int_equal(t->n_lines, 5);
	/* undated last */
	assert_int_equal(t->lines[3].when.year, 0);
	assert_int_equal(t->lines[4].when.year, 0);
	o = timeline_line_json(line_of(t, 6));
	assert_true(json_is_null(json_object_get(o, "date")));
	json_decref(o);
	timeline_free(t);
}

static void lines_come_by_date(void **state)
{
	static const struct spec s[] = {
		{ "call", NULL, "2023-12-21", 0, 1, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "visit", NULL, "2022-08-02", 0, 2, "2022-08-03", NULL, { PELOSI, TAIWAN }, 0, 0 },
		{ "meet", NULL, "2022-11", 0, 3, "2022-11-20", NULL, { XI, BLINKEN }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 3);
	assert_string_equal(t->lines[0].type, "visit");
	assert_string_equal(t->lines[1].type, "meet");
	assert_string_equal(t->lines[2].type, "call");
	timeline_free(t);
}

static void a_report_does_not_join_a_later_event(void **state)
{
	/* 今年稍早 in a June report: the May meeting, not the August one */
	static const struct spec s[] = {
		{ "agree", NULL, "2024-05-31", 0, 1, "2024-06-01", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "agree", NULL, "2024-08-28", 0, 2, "2024-08-29", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "agree", NULL, "2024", 0, 3, "2024-06-02", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "agree", NULL, "2024", 0, 4, "2024-12-02", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "agree", NULL, "2024", 0, 5, "2024-01-02", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_ptr_equal(line_of(t, 1), line_of(t, 3));
	assert_ptr_equal(line_of(t, 2), line_of(t, 4));
	assert_int_equal(line_of(t, 5)->n_sources, 1);
	assert_string_equal(date_of(line_of(t, 5), 0), "2024");
	timeline_free(t);
}

static void a_plan_looked_back_at_does_not_undo_what_happened(void **state)
{
	static const struct spec s[] = {
		{ "meet", "occurred", "2023-11-15", 0, 1, "2023-11-16", NULL, { XI, BLINKEN }, 0, 0 },
		{ "meet", "planned", "2023-11", 0, 2, "2023-12-20", NULL, { XI, BLINKEN }, 0, 0 },
		{ "meet", "planned", "2023-11", 0, 3, "2023-10-20", NULL, { XI, BLINKEN }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_int_equal(t->lines[0].n_sources, 3);
	assert_string_equal(t->lines[0].status, "occurred");
	timeline_free(t);
}

static void a_visit_names_one_visitor_and_the_destination(void **state)
{
	static const struct spec s[] = {
		/* the destination first, then the countries the titles add */
		{ "visit", NULL, "2022-08-02", 0, 1, "2022-08-03", NULL, { TAIWAN, USA, PELOSI }, 0, 0 },
		{ "visit", NULL, "2023-06-18", 0, 2, "2023-06-19", NULL, { BLINKEN, XI, USA }, BEIJING, 0 },
		{ "visit", "planned", "2023-10", 0, 3, "2023-09-19", NULL, { CHINA, USA }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_string_equal(line_of(t, 1)->summary, "裴洛西訪問臺灣");
	assert_string_equal(line_of(t, 2)->summary, "布林肯訪問北京");
	assert_string_equal(line_of(t, 3)->summary, "中國訪問美國（計劃中）");
	timeline_free(t);
}

static void actors_the_reports_agree_on(void **state)
{
	/* one retrospective sentence lists two calls: it reports the first */
	static const struct spec s[] = {
		{ "call", NULL, "2023-12-21", 0, 1, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
		{ "call", NULL, "2023-12", 0, 2, "2024-06-01", NULL, { BROWN, LIU_ZHENLI, AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "call", NULL, "2023-12-21", 0, 3, "2023-12-22", NULL, { LIU_ZHENLI, BROWN, USA }, 0, 0 },
	};
	static const int64_t austin[] = { AUSTIN };
	struct timeline_actor_filter f = { austin, 1 };
	struct timeline_query q = { .actors = &f, .n_actors = 1 };
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_int_equal(t->lines[0].n_actors, 2);
	assert_string_equal(t->lines[0].summary, "布朗與劉振立通話");
	timeline_free(t);
	t = MERGE(s, &q);
	assert_int_equal(t->n_lines, 0);
	timeline_free(t);
}

/* ---- filters ---------------------------------------------------------------------- */

static const struct spec engagements[] = {
	{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-27", NULL, { BLINKEN, WANG_YI }, 0, 0 },
	{ "meet", NULL, "2024-04-26", 0, 1, "2024-04-27", NULL, { XI, BLINKEN }, 0, 0 },
	{ "meet", NULL, "2023-06-03", 0, 2, "2023-06-04", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
	{ "call", NULL, "2023-12-21", 0, 3, "2023-12-22", NULL, { BROWN, LIU_ZHENLI }, 0, 0 },
	{ "talks", NULL, "2024-01", 0, 4, "2024-01-20", NULL, { USA, CHINA }, 0, 0 },
	{ "visit", NULL, NULL, 0, 5, "2024-05-01", NULL, { PELOSI, TAIWAN }, 0, 0 },
};

static void two_actors_mean_engagements_between_them(void **state)
{
	static const int64_t blinken[] = { BLINKEN }, wang[] = { WANG_YI };
	static const int64_t austin[] = { AUSTIN_TEXAS, AUSTIN }; /* a form two share */
	struct timeline_actor_filter both[] = { { blinken, 1 }, { wang, 1 } };
	struct timeline_actor_filter one[] = { { austin, 2 } };
	struct timeline_query q = { .actors = both, .n_actors = 2 };
	struct timeline *t = merge(engagements, 6, &q);

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_string_equal(t->lines[0].summary, "布林肯與王毅會晤");
	timeline_free(t);
	q.n_actors = 1;
	t = merge(engagements, 6, &q);
	assert_int_equal(t->n_lines, 2); /* Blinken: with Wang Yi, with Xi */
	timeline_free(t);
	q.actors = one;
	t = merge(engagements, 6, &q);
	assert_int_equal(t->n_lines, 1);
	assert_string_equal(t->lines[0].actors[0]->name, "奧斯汀");
	timeline_free(t);
}

static void type_filter_and_bad_types(void **state)
{
	struct timeline_query q = { .type = "call" };
	struct timeline *t = merge(engagements, 6, &q);
	struct timeline_event *none = calloc(1, sizeof *none);
	struct err e;

	(void)state;
	assert_int_equal(t->n_lines, 1);
	assert_string_equal(t->lines[0].type, "call");
	timeline_free(t);
	q.type = "talks";
	t = merge(engagements, 6, &q);
	assert_int_equal(t->n_lines, 1);
	timeline_free(t);
	q.type = "lunch";
	assert_int_equal(timeline_merge(none, 0, &q, &t, &e), DOSSIER_EUSAGE);
	assert_null(t);
	assert_non_null(strstr(e.msg, "--type must be one of meet, call"));
	assert_non_null(strstr(e.msg, "'lunch'"));
}

static size_t count_between(const char *from, const char *to)
{
	struct timeline_query q = { .from = from, .to = to };
	struct timeline *t = merge(engagements, 6, &q);
	size_t n = t->n_lines;

	timeline_free(t);
	return n;
}

static void from_and_to_overlap(void **state)
{
	struct timeline_event *none = calloc(1, sizeof *none);
	struct timeline_query q = { .from = "2024-1-5" };
	struct timeline *t = NULL;
	struct err e;

	(void)state;
	assert_int_equal(count_between(NULL, NULL), 6);
	/* the month-precise talks overlap the second half of January */
	assert_int_equal(count_between("2024-01-15", "2024-02"), 1);
	assert_int_equal(count_between("2024-02", NULL), 2);
	assert_int_equal(count_between("2023-12-21", "2023-12-21"), 1);
	assert_int_equal(count_between("2023-12-22", "2023-12"), 0);
	assert_int_equal(count_between(NULL, "2023"), 2);
	assert_int_equal(count_between("2023", "2024"), 5); /* the undated visit is not in 2023-2024 */
	assert_int_equal(timeline_merge(none, 0, &q, &t, &e), DOSSIER_EUSAGE);
	assert_non_null(strstr(e.msg, "--from wants a date as YYYY-MM-DD, YYYY-MM or YYYY"));
	none = calloc(1, sizeof *none);
	q.from = NULL;
	q.to = "2024-02-30";
	assert_int_equal(timeline_merge(none, 0, &q, &t, &e), DOSSIER_EUSAGE);
	assert_non_null(strstr(e.msg, "--to"));
}

static void an_empty_archive_is_an_empty_timeline(void **state)
{
	struct timeline *t = merge(NULL, 0, NULL);

	(void)state;
	assert_non_null(t);
	assert_int_equal(t->n_lines, 0);
	timeline_free(t);
	timeline_free(NULL);
}

static void bad_dates_from_the_store_are_tamed(void **state)
{
	static const struct spec s[] = {
		{ "meet", NULL, "2024-02-31", 0, 1, "2024-03-01", NULL, { AUSTIN, LI_SHANGFU }, 0, 0 },
		{ "meet", NULL, "2024-13", 0, 2, "2024-03-01", NULL, { BLINKEN, WANG_YI }, 0, 0 },
		{ "meet", NULL, "2024-03-05/2024-03-01", 0, 3, "2024-03-01", NULL, { XI, PELOSI }, 0, 0 },
	};
	struct timeline *t = MERGE(s, NULL);

	(void)state;
	assert_int_equal(t->n_lines, 3);
	assert_string_equal(date_of(line_of(t, 1), 0), "2024-02");
	assert_string_equal(date_of(line_of(t, 2), 0), "2024");
	assert_string_equal(date_of(line_of(t, 3), 1), "none"); /* an end before the start: none */
	timeline_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_meeting_in_two_documents_is_one_line),
		cmocka_unit_test(a_day_apart_is_one_meeting),
		cmocka_unit_test(twice_in_one_sentence_is_one_source),
		cmocka_unit_test(different_people_the_same_day_are_two_lines),
		cmocka_unit_test(one_visitor_reported_twice_is_one_visit),
		cmocka_unit_test(no_shared_actor_never_merges),
		cmocka_unit_test(other_types_never_merge_but_meet_and_talks_do),
		cmocka_unit_test(a_plan_that_happened_has_occurred),
		cmocka_unit_test(a_plan_that_happened_is_dated_when_it_happened),
		cmocka_unit_test(a_later_refusal_decides),
		cmocka_unit_test(a_side_is_its_people_in_the_same_role),
		cmocka_unit_test(a_meeting_shows_its_people_not_their_homes),
		cmocka_unit_test(a_year_apart_is_two_lines),
		cmocka_unit_test(no_chaining_across_a_month),
		cmocka_unit_test(the_most_precise_date_then_the_most_common),
		cmocka_unit_test(a_month_only_line_shows_the_month),
		cmocka_unit_test(a_report_dated_by_its_document_joins_the_last_line_before),
		cmocka_unit_test(a_request_of_the_moment_joins_the_nearest_line),
		cmocka_unit_test(a_place_needs_the_anchor_or_most_reports),
		cmocka_unit_test(an_undated_report_joins_the_one_line_it_fits),
		cmocka_unit_test(lines_come_by_date),
		cmocka_unit_test(actors_the_reports_agree_on),
		cmocka_unit_test(a_report_does_not_join_a_later_event),
		cmocka_unit_test(a_plan_looked_back_at_does_not_undo_what_happened),
		cmocka_unit_test(a_visit_names_one_visitor_and_the_destination),
		cmocka_unit_test(two_actors_mean_engagements_between_them),
		cmocka_unit_test(type_filter_and_bad_types),
		cmocka_unit_test(from_and_to_overlap),
		cmocka_unit_test(an_empty_archive_is_an_empty_timeline),
		cmocka_unit_test(bad_dates_from_the_store_are_tamed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
