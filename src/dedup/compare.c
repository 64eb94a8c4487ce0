/*
 * Judging a pair: one story or two.
 *
 * Three ways into one story, tried strongest first, and one way out:
 *
 * - out: the leading events of both are the same kind between the same
 *   people on days that cannot be the same (a meeting in May 2023 and one
 *   in January 2024).  Nothing overrules that but identical text;
 * - near-duplicate: most of the shorter text's shingles are in the
 *   longer's, whatever the script, trimming or boilerplate;
 * - same event: a leading event of one is an event of the other (same
 *   kind, overlapping days, the same people), the entities agree enough
 *   and the publications are close;
 * - shared wording or the same people and places on the same days.
 *
 * The thresholds live in dedup_params_default() and were chosen on the
 * labelled test set (tests/data/stories, bench/RESULTS.md).
 */
#include <math.h>
#include <string.h>

#include "core/doc.h"
#include "core/event.h"
#include "dedup/dedup.h"

#define MS_PER_DAY 86400000.0

void dedup_params_default(struct dedup_params *p)
{
	p->near_overlap = 0.50;
	p->near_jaccard = 0.80;
	p->near_entities = 0.30;
	p->text_jaccard = 0.10;
	p->text_entities = 0.30;
	p->text_days = 3;
	p->event_entities = 0.25;
	p->event_days = 2;
	p->topic_days = 1;
	p->topic_entities = 0.50;
	p->topic_shared = 3;
}

const char *dedup_reason_name(enum dedup_reason r)
{
	switch (r) {
	case DEDUP_CONFLICT: return "different events";
	case DEDUP_NEAR_DUPLICATE: return "near-duplicate";
	case DEDUP_SAME_EVENT: return "same event";
	case DEDUP_SAME_TEXT_TOPIC: return "shared wording";
	case DEDUP_SAME_TOPIC: return "same people, same days";
	case DEDUP_DIFFERENT: break;
	}
	return "different";
}

/* Weighted Jaccard of two entity lists sorted by id; *people: persons both name. */
static double entity_similarity(const struct dedup_profile *a, const struct dedup_profile *b,
				int *people, int *shared)
{
	double common = 0, all = 0;

	*people = *shared = 0;
	size_t i = 0, j = 0;

	while (i < a->n_entities || j < b->n_entities) {
		if (j == b->n_entities ||
		    (i < a->n_entities && a->entities[i].id < b->entities[j].id)) {
			all += a->entities[i++].weight;
		} else if (i == a->n_entities || b->entities[j].id < a->entities[i].id) {
			all += b->entities[j++].weight;
		} else {
			common += a->entities[i].weight;
			all += a->entities[i].weight;
			*people += a->entities[i].weight >= DEDUP_PERSON_WEIGHT;
			++*shared;
			i++;
			j++;
		}
	}
	return all > 0 ? common / all : 0;
}

static size_t shared_actors(const struct dedup_event *x, const struct dedup_event *y)
{
	size_t shared = 0;

	for (size_t i = 0; i < x->n_actors; i++) {
		for (size_t j = 0; j < y->n_actors; j++) {
			if (x->actors[i] == y->actors[j]) {
				shared++;
				break;
			}
		}
	}
	return shared;
}

/* The same parties (core/event.h); the profile keeps no entity types, so
 * every actor counts alike; two reports, two documents. */
static int actors_agree(const struct dedup_event *x, const struct dedup_event *y)
{
	struct event_parties p = {
		.actors = { x->n_actors, y->n_actors },
		.shared_actors = shared_actors(x, y),
	};

	return event_parties_agree(&p);
}

/* Days that overlap, a day's slack either side for reports across zones. */
static int days_overlap(const struct dedup_event *x, const struct dedup_event *y)
{
	return event_days_agree(x->from, x->to, y->from, y->to, EVENT_SLACK_ZONE);
}

/*
 * Two events that are one: same kind, same people, and days that agree
 * (or, when either is dated only by its publication, publications close).
 */
static int events_match(const struct dedup_event *x, const struct dedup_event *y,
			double days_apart)
{
	if (!event_same_family(x->type, y->type) || !actors_agree(x, y))
		return 0;
	if (x->dated && y->dated)
		return days_overlap(x, y);
	return days_apart >= 0 && days_apart <= 3;
}

/* Two events that cannot be one: same kind and people, days a month apart. */
static int events_conflict(const struct dedup_event *x, const struct dedup_event *y)
{
	if (!x->dated || !y->dated)
		return 0;
	if (!event_same_family(x->type, y->type) || !actors_agree(x, y))
		return 0;
	return x->from > y->to + 31 || y->from > x->to + 31;
}

/* The event a report tells first (title, then body): what it is about. */
static const struct dedup_event *first_event(const struct dedup_profile *p)
{
	const struct dedup_event *first = NULL;

	for (size_t i = 0; i < p->n_events; i++) {
		if (!first || p->events[i].order < first->order)
			first = &p->events[i];
	}
	return first;
}

/* Does `ev` match one of the leading events of `p`? */
static int matches_lead(const struct dedup_event *ev, const struct dedup_profile *p,
			double days_apart)
{
	for (size_t i = 0; i < p->n_events; i++) {
		if (p->events[i].lead && events_match(ev, &p->events[i], days_apart))
			return 1;
	}
	return 0;
}

/*
 * One event shared: what each report tells first is among what the other
 * leads with.  A report of a minister's next stop that recalls yesterday's
 * meeting in its opening lines leads with the meeting too, but tells of
 * the next stop first.  A conflict: leading events of the same kind and
 * people on days that cannot be one, with no leading event shared.
 */
static void compare_events(const struct dedup_profile *a, const struct dedup_profile *b,
			   double days_apart, struct dedup_verdict *v)
{
	const struct dedup_event *fa = first_event(a), *fb = first_event(b);
	int lead_conflict = 0, lead_match = 0;

	for (size_t i = 0; i < a->n_events; i++) {
		const struct dedup_event *x = &a->events[i];

		for (size_t j = 0; j < b->n_events && x->lead; j++) {
			const struct dedup_event *y = &b->events[j];

			if (!y->lead)
				continue;
			if (events_match(x, y, days_apart))
				lead_match = 1;
			else if (events_conflict(x, y))
				lead_conflict = 1;
		}
	}
	v->event_match = fa && fb && fa->opening && fb->opening &&
			 matches_lead(fa, b, days_apart) && matches_lead(fb, a, days_apart);
	v->event_conflict = lead_conflict && !lead_match;
}

static double publication_gap(const struct dedup_profile *a, const struct dedup_profile *b)
{
	if (a->published == DOC_TIME_NONE || b->published == DOC_TIME_NONE)
		return -1;
	return fabs((double)(a->published - b->published)) / MS_PER_DAY;
}

static int within(double days_apart, int limit)
{
	return days_apart >= 0 && days_apart <= limit;
}

static enum dedup_reason decide(const struct dedup_verdict *v, const struct dedup_params *p)
{
	if (v->event_conflict && v->overlap < 0.95)
		return DEDUP_CONFLICT;
	/* Containment alone would join two pages of one site's template:
	 * a copy is alike overall, or tells of the same people and places. */
	if (v->overlap >= p->near_overlap &&
	    (v->jaccard >= p->near_jaccard || v->entities >= p->near_entities))
		return DEDUP_NEAR_DUPLICATE;
	if (v->event_match && v->entities >= p->event_entities &&
	    within(v->days_apart, p->event_days))
		return DEDUP_SAME_EVENT;
	if (v->jaccard >= p->text_jaccard && v->entities >= p->text_entities &&
	    within(v->days_apart, p->text_days))
		return DEDUP_SAME_TEXT_TOPIC;
	/* Entities alone: only when there are several and they include a
	 * person both name (a country and a city are the setting of most of a
	 * day's news; two short items naming one politician are not one story). */
	if (v->shared_people && v->shared_entities >= p->topic_shared &&
	    v->entities >= p->topic_entities &&
	    within(v->days_apart, p->topic_days))
		return DEDUP_SAME_TOPIC;
	return DEDUP_DIFFERENT;
}

void dedup_compare(const struct dedup_profile *a, const struct dedup_profile *b,
		   const struct dedup_params *p, struct dedup_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->jaccard = dedup_jaccard(&a->fp, &b->fp);
	out->overlap = dedup_overlap(&a->fp, &b->fp);
	out->entities = entity_similarity(a, b, &out->shared_people, &out->shared_entities);
	out->days_apart = publication_gap(a, b);
	compare_events(a, b, out->days_apart, out);
	out->reason = decide(out, p);
	out->same = out->reason >= DEDUP_NEAR_DUPLICATE;
	/* Text counts most, then a shared event, then the entities. */
	out->score = 0.5 * out->overlap + 0.3 * out->event_match + 0.2 * out->entities;
}
