/*
 * Unit tests for src/dedup/: fingerprints that do not see script,
 * punctuation or paragraphing, overlap that sees a trimmed copy, LSH keys,
 * and the judgement of a pair (near-duplicate, one event, different events
 * of the same people, too far apart, a preview and its event, another
 * counterpart, the same people without an event, countries for people, a
 * speech and a meeting, an event told in passing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "core/event.h"
#include "dedup/dedup.h"
#include "text/text.h"

static struct text_ctx *text;

static int setup(void **state)
{
	struct err e;

	(void)state;
	return text_ctx_new(&text, &e);
}

static int teardown(void **state)
{
	(void)state;
	text_ctx_free(text);
	return 0;
}

/* Our own sentences, in both scripts. */
static const char hant[] =
	"美國國家安全顧問蘇利文與中共中央外事辦主任王毅在維也納舉行兩天會談，"
	"雙方討論了美中關係中的關鍵問題、烏克蘭戰爭與台灣議題，同意保持溝通管道暢通。"
	"白宮表示，這次會面坦率而具建設性，是兩國近月來最高層級的接觸。";
static const char hans[] =
	"美国国家安全顾问苏利文与中共中央外事办主任王毅在维也纳举行两天会谈，"
	"双方讨论了美中关系中的关键问题、乌克兰战争与台湾议题，同意保持沟通管道畅通。"
	"白宫表示，这次会面坦率而具建设性，是两国近月来最高层级的接触。";

static void fp_of(const char *s, struct dedup_fingerprint *fp)
{
	assert_int_equal(dedup_fingerprint_text(text, s, strlen(s), DEDUP_SHINGLE, fp), DOSSIER_OK);
}

static void scripts_give_one_fingerprint(void **state)
{
	struct dedup_fingerprint a, b;
	int64_t ka[DEDUP_BANDS], kb[DEDUP_BANDS];

	(void)state;
	fp_of(hant, &a);
	fp_of(hans, &b);
	assert_true(a.shingles > 50);
	assert_int_equal(a.shingles, b.shingles);
	assert_memory_equal(a.minhash, b.minhash, sizeof a.minhash);
	assert_true(dedup_jaccard(&a, &b) == 1.0);
	assert_int_equal(dedup_simhash_distance(&a, &b), 0);
	dedup_bands(&a, ka);
	dedup_bands(&b, kb);
	assert_memory_equal(ka, kb, sizeof ka);
}

static void punctuation_and_spacing_do_not_count(void **state)
{
	struct dedup_fingerprint a, b;
	char spaced[sizeof hant * 2];
	size_t n = 0;

	(void)state;
	/* the same words with the punctuation gone and a line break between sentences */
	for (const char *p = hant; *p; p++) {
		if (!strncmp(p, "，", 3) || !strncmp(p, "。", 3)) {
			memcpy(spaced + n, !strncmp(p, "。", 3) ? "\n\n" : " ", !strncmp(p, "。", 3) ? 2 : 1);
			n += !strncmp(p, "。", 3) ? 2 : 1;
			p += 2;
			continue;
		}
		spaced[n++] = *p;
	}
	spaced[n] = '\0';
	fp_of(hant, &a);
	fp_of(spaced, &b);
	assert_true(dedup_jaccard(&a, &b) == 1.0);
}

static void a_trimmed_copy_overlaps(void **state)
{
	struct dedup_fingerprint full, half, other;
	static const char unrelated[] =
		"三星電子獲得美國晶片法案補助，將在德州泰勒市擴建先進製程晶圓廠，"
		"商務部長雷蒙多表示，這項投資將為當地帶來數千個工作機會並強化供應鏈。";
	size_t cut = strlen(hant) / 2;

	(void)state;
	while ((hant[cut] & 0xC0) == 0x80)
		cut--;
	fp_of(hant, &full);
	assert_int_equal(dedup_fingerprint_text(text, hant, cut, DEDUP_SHINGLE, &half), DOSSIER_OK);
	fp_of(unrelated, &other);
	assert_true(dedup_jaccard(&full, &half) < 0.75);
	assert_true(dedup_overlap(&full, &half) > 0.8);
	assert_true(dedup_overlap(&full, &other) < 0.2);
}

static void too_little_text_has_no_shingles(void **state)
{
	struct dedup_fingerprint a, b;

	(void)state;
	fp_of("王毅", &a);
	fp_of("", &b);
	assert_int_equal(a.shingles, 0);
	assert_true(dedup_jaccard(&a, &b) == 0);
	assert_true(dedup_overlap(&a, &b) == 0);
}

/* ---- judging pairs ---------------------------------------------------------------- */

#define DAY_MS 86400000LL
#define MAY_31_2024 19874 /* days since 1970-01-01 */

static struct dedup_entity people[] = {
	{ .id = 1, .weight = 3, .mentions = 4 }, /* Austin */
	{ .id = 2, .weight = 3, .mentions = 4 }, /* Dong Jun */
	{ .id = 3, .weight = 1, .mentions = 2 }, /* Singapore */
};

static struct dedup_event meeting(int64_t day, int lead, int64_t order)
{
	struct dedup_event ev = { .type = "meet", .dated = 1, .from = day, .to = day,
				  .lead = lead, .opening = lead && order < 150, .order = order,
				  .actors = { 1, 2 }, .n_actors = 2 };

	return ev;
}

static void profile(struct dedup_profile *p, int64_t doc, const char *body, int64_t day,
		    const struct dedup_event *events, size_t n_events)
{
	memset(p, 0, sizeof *p);
	p->doc = doc;
	fp_of(body, &p->fp);
	p->published = day * DAY_MS;
	p->entities = people;
	p->n_entities = 3;
	p->events = events;
	p->n_events = n_events;
}

static const char report_a[] =
	"美國國防部長奧斯汀與中國國防部長董軍在新加坡香格里拉對話場邊會晤逾一小時，雙方同意維持兩軍溝通。";
static const char report_b[] =
	"中美两国防长周五在新加坡见面，董军对奥斯汀表示台湾问题是中美关系中第一条不可逾越的红线。";

static void two_outlets_one_meeting(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	dedup_params_default(&params);
	profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.overlap < params.near_overlap);
	assert_true(v.event_match);
	assert_true(v.same);
	assert_int_equal(v.reason, DEDUP_SAME_EVENT);
}

static void same_people_a_year_apart(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024 + 365, 1, 0);
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	dedup_params_default(&params);
	profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	/* even published the same day (an anniversary piece), the events differ */
	profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.event_conflict);
	assert_false(v.same);
	assert_int_equal(v.reason, DEDUP_CONFLICT);
}

static void identical_text_is_one_story(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	dedup_params_default(&params);
	profile(&a, 1, hant, MAY_31_2024, &ea, 1);
	profile(&b, 2, hans, MAY_31_2024 + 3, NULL, 0);
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.same);
	assert_int_equal(v.reason, DEDUP_NEAR_DUPLICATE);
}

/* One report's text inside another's: from another outlet it is the wire
 * story rewritten around the outlet's own words, one story even when the
 * entities read differ; from one outlet it may be its page template. */
static void a_text_inside_another_outlets_is_one_story(void **state)
{
	char longer[1024];
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	snprintf(longer, sizeof longer, "%s%s", report_a, report_b);
	dedup_params_default(&params);
	params.near_jaccard = 2; /* containment only */
	profile(&a, 1, report_a, MAY_31_2024, NULL, 0);
	profile(&b, 2, longer, MAY_31_2024, NULL, 0);
	a.n_entities = b.n_entities = 0;
	a.source = 11;
	b.source = 12;
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.overlap >= params.near_overlap);
	assert_true(v.same);
	assert_int_equal(v.reason, DEDUP_NEAR_DUPLICATE);
	b.published += 9 * DAY_MS; /* a commentary quoting it a week later */
	dedup_compare(&a, &b, &params, &v);
	assert_int_not_equal(v.reason, DEDUP_NEAR_DUPLICATE);
	b.published -= 9 * DAY_MS;
	b.source = 11;
	dedup_compare(&a, &b, &params, &v);
	assert_int_not_equal(v.reason, DEDUP_NEAR_DUPLICATE);
	b.source = 0; /* an outlet unknown may be the same one */
	dedup_compare(&a, &b, &params, &v);
	assert_int_not_equal(v.reason, DEDUP_NEAR_DUPLICATE);
}

static void a_recalled_meeting_is_not_the_story(void **state)
{
	/* b tells of a speech first (a request event stands in for it), and
	 * recalls yesterday's meeting in its opening lines */
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0);
	struct dedup_event eb[2] = { meeting(MAY_31_2024, 1, 500) };
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	eb[1] = (struct dedup_event){ .type = "visit", .dated = 1, .from = MAY_31_2024 + 1,
				      .to = MAY_31_2024 + 1, .lead = 1, .order = 10,
				      .actors = { 2, 3 }, .n_actors = 2 };
	dedup_params_default(&params);
	/* the people alone would say yes: this is about events */
	params.people_salience = params.subject_salience = params.text_entities = 2;
	profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	profile(&b, 2, report_b, MAY_31_2024 + 1, eb, 2);
	dedup_compare(&a, &b, &params, &v);
	assert_false(v.event_match);
	assert_false(v.same);
}

/* A report whose first event comes only after its opening sentence (a
 * speech report that recalls yesterday's meeting) does not share it. */
static void an_event_after_the_opening_is_not_the_story(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 400);
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	dedup_params_default(&params);
	profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	profile(&b, 2, report_b, MAY_31_2024 + 1, &eb, 1);
	dedup_compare(&a, &b, &params, &v);
	assert_false(v.event_match);
	eb.opening = 1; /* the same event told in b's first sentence */
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.event_match);
}

static void reports_far_apart_need_the_same_text(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_params params;
	struct dedup_verdict v;

	(void)state;
	dedup_params_default(&params);
	profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	profile(&b, 2, report_b, MAY_31_2024 + 30, &eb, 1);
	dedup_compare(&a, &b, &params, &v);
	assert_true(v.days_apart > 29);
	assert_false(v.same);
}

/* ---- what each report opens with, and whom it is about ---------------------------- */

/* Austin (1) and Dong Jun (2) in titles, Singapore (3), Li Qiang (4), China (5), the US (6). */
static struct dedup_entity cast[] = {
	{ .id = 1, .weight = 3, .mentions = 4, .title = 1, .lead = 2 },
	{ .id = 2, .weight = 3, .mentions = 4, .title = 1, .lead = 2 },
	{ .id = 3, .weight = 1, .mentions = 2 },
	{ .id = 4, .weight = 3, .mentions = 1 },
	{ .id = 5, .weight = 1, .mentions = 2 },
	{ .id = 6, .weight = 1, .mentions = 2 },
};

static void cast_profile(struct dedup_profile *p, int64_t doc, const char *body, int64_t day,
			 const struct dedup_event *events, size_t n_events)
{
	profile(p, doc, body, day, events, n_events);
	p->entities = cast;
	p->n_entities = sizeof cast / sizeof cast[0];
}

static void judge(const struct dedup_profile *a, const struct dedup_profile *b,
		  struct dedup_verdict *v)
{
	struct dedup_params params;

	dedup_params_default(&params);
	dedup_compare(a, b, &params, v);
}

/* The announcement of a meeting and the report of it: two stories. */
static void a_preview_and_its_event_are_two_stories(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	ea.status = EVENT_PLANNED;
	cast_profile(&a, 1, report_a, MAY_31_2024 - 1, &ea, 1);
	cast_profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	judge(&a, &b, &v);
	assert_false(v.same);
	assert_int_equal(v.reason, DEDUP_PREVIEW);
	assert_true(dedup_apart(&v));
	ea.status = EVENT_OCCURRED; /* both tell it as held */
	judge(&a, &b, &v);
	assert_true(v.same);
	assert_int_equal(v.reason, DEDUP_SAME_EVENT);
}

/* Austin with Dong Jun, and Austin with Li Qiang the same day: two meetings. */
static void another_counterpart_is_another_story(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	eb.actors[1] = 4;
	cast_profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	cast_profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	a.n_entities = 3; /* the first report never names Li Qiang (4) */
	judge(&a, &b, &v);
	assert_false(v.same);
	assert_int_equal(v.reason, DEDUP_OTHER_PARTY);
	assert_true(dedup_apart(&v));
	/* A counterpart the other report names, though its extraction did not
	 * make him a party there, is no evidence of another meeting. */
	a.n_entities = sizeof cast / sizeof cast[0];
	judge(&a, &b, &v);
	assert_int_not_equal(v.reason, DEDUP_OTHER_PARTY);
}

/* No event read in either (a meeting named as a noun, a handshake): the
 * same two people in both titles the same day are one story; three days
 * apart they are not. */
static void the_same_people_stand_in_for_a_missed_event(void **state)
{
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	cast_profile(&a, 1, report_a, MAY_31_2024, NULL, 0);
	cast_profile(&b, 2, report_b, MAY_31_2024, NULL, 0);
	judge(&a, &b, &v);
	assert_int_equal(v.principals, DEDUP_PRINCIPALS_SAME);
	assert_true(v.same);
	assert_int_equal(v.reason, DEDUP_SAME_PEOPLE);
	cast_profile(&b, 2, report_b, MAY_31_2024 + 3, NULL, 0);
	judge(&a, &b, &v);
	assert_false(v.same);
}

/* "China and the US met" and "Austin met Dong Jun" the same day: one event
 * when the people's countries are those countries. */
static void countries_stand_for_their_people(void **state)
{
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	ea.sides[0] = 6; /* Austin: the US */
	ea.sides[1] = 5; /* Dong Jun: China */
	eb.actors[0] = eb.sides[0] = 5;
	eb.actors[1] = eb.sides[1] = 6;
	cast_profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	cast_profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	judge(&a, &b, &v);
	assert_true(v.event_match);
	eb.actors[1] = eb.sides[1] = 3; /* China and Singapore */
	judge(&a, &b, &v);
	assert_false(v.event_match);
}

/* A report about one person that tells of no engagement (a speech) is not
 * the report of that person's meeting, however often it names the other. */
static void a_speech_is_not_the_meeting(void **state)
{
	static struct dedup_entity speech[] = {
		{ .id = 1, .weight = 3, .mentions = 3, .lead = 2 },
		{ .id = 2, .weight = 3, .mentions = 4, .title = 1, .lead = 2 },
		{ .id = 3, .weight = 1, .mentions = 2 },
	};
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0);
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	cast_profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	cast_profile(&b, 2, report_b, MAY_31_2024 + 1, NULL, 0);
	b.entities = speech;
	b.n_entities = sizeof speech / sizeof speech[0];
	judge(&a, &b, &v);
	assert_int_equal(v.principals, DEDUP_PRINCIPALS_SAME);
	assert_true(v.event_untold);
	assert_false(v.same);
	assert_true(dedup_apart(&v));
}

/* A report of a trade measure that tells of the ministers' meeting in its
 * fifth sentence is not the meeting's story. */
static void an_event_told_in_passing_is_not_the_story(void **state)
{
	static struct dedup_entity measure[] = {
		{ .id = 1, .weight = 3, .mentions = 2, .lead = 2 },
		{ .id = 2, .weight = 3, .mentions = 2, .lead = 2 },
		{ .id = 5, .weight = 1, .mentions = 8, .title = 1, .lead = 3 },
		{ .id = 7, .weight = 1.5, .mentions = 4, .title = 1, .lead = 2 },
	};
	struct dedup_event ea = meeting(MAY_31_2024, 1, 0), eb = meeting(MAY_31_2024, 1, 600);
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	cast_profile(&a, 1, report_a, MAY_31_2024, &ea, 1);
	cast_profile(&b, 2, report_b, MAY_31_2024, &eb, 1);
	b.entities = measure;
	b.n_entities = sizeof measure / sizeof measure[0];
	judge(&a, &b, &v);
	assert_true(v.event_recalled);
	assert_true(v.salience < 0.5);
	assert_false(v.same);
	assert_true(dedup_apart(&v));
}

/* Too little to join is not the same as set apart. */
static void unrelated_reports_are_not_set_apart(void **state)
{
	static struct dedup_entity other[] = {
		{ .id = 8, .weight = 1.5, .mentions = 3, .title = 1 },
	};
	struct dedup_profile a, b;
	struct dedup_verdict v;

	(void)state;
	cast_profile(&a, 1, report_a, MAY_31_2024, NULL, 0);
	cast_profile(&b, 2, hant, MAY_31_2024, NULL, 0);
	b.entities = other;
	b.n_entities = 1;
	judge(&a, &b, &v);
	assert_false(v.same);
	assert_false(dedup_apart(&v));
}

static void meet_and_talks_are_one_kind(void **state)
{
	(void)state;
	assert_true(event_same_family("meet", "talks"));
	assert_true(event_same_family("call", "call"));
	assert_false(event_same_family("call", "meet"));
	assert_string_equal(dedup_reason_name(DEDUP_SAME_EVENT), "same event");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scripts_give_one_fingerprint),
		cmocka_unit_test(punctuation_and_spacing_do_not_count),
		cmocka_unit_test(a_trimmed_copy_overlaps),
		cmocka_unit_test(too_little_text_has_no_shingles),
		cmocka_unit_test(two_outlets_one_meeting),
		cmocka_unit_test(same_people_a_year_apart),
		cmocka_unit_test(identical_text_is_one_story),
		cmocka_unit_test(a_text_inside_another_outlets_is_one_story),
		cmocka_unit_test(a_recalled_meeting_is_not_the_story),
		cmocka_unit_test(an_event_after_the_opening_is_not_the_story),
		cmocka_unit_test(reports_far_apart_need_the_same_text),
		cmocka_unit_test(a_preview_and_its_event_are_two_stories),
		cmocka_unit_test(another_counterpart_is_another_story),
		cmocka_unit_test(the_same_people_stand_in_for_a_missed_event),
		cmocka_unit_test(countries_stand_for_their_people),
		cmocka_unit_test(a_speech_is_not_the_meeting),
		cmocka_unit_test(an_event_told_in_passing_is_not_the_story),
		cmocka_unit_test(unrelated_reports_are_not_set_apart),
		cmocka_unit_test(meet_and_talks_are_one_kind),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
