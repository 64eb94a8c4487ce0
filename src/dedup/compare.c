/*
 * Judging a pair: one story or two.
 *
 * What makes two reports one story is one real-world event: the event each
 * opens with (its kind, parties, days and whether it happened yet), the
 * people the reports are about, and, for a re-published copy, the text.
 * Extraction errs (a missing actor, a name read twice, a recalled meeting
 * dated as today's), so no single piece of evidence decides alone except
 * near-identical text; each rule asks for two that agree.
 *
 * Ways out, tried first:
 *
 * - different events: leading events of the same kind between the same
 *   people on days that cannot be one (a meeting in May 2023 and one in
 *   January 2024).  Nothing overrules that but identical text;
 * - a preview and the event: one report opens with an event as planned or
 *   proposed, the other with the same event as held (the announcement of
 *   a summit and the summit), and nothing else they open with is shared
 *   but a trip;
 * - other counterparts: both open with a meeting of one person, each with
 *   someone else (Li Qiang with the prime minister, and with the acting
 *   president the next day), and no opening event is shared.
 *
 * Ways in, strongest first:
 *
 * - near-duplicate: most of the shorter text's shingles are in the
 *   longer's, whatever the script, trimming or boilerplate;
 * - same event: both open with one event (same kind, parties and days),
 *   the reports are about the same things and published close together;
 * - same people: the reports' principal people (those named most, the
 *   title counting most) are the same two or more, the reports are about
 *   the same things and published within a day or so — for events the
 *   extraction missed or read wrongly;
 * - shared wording: some text in common, the same entities, close days
 *   (statements and measures, where no person leads).
 *
 * The thresholds live in dedup_params_default() and were chosen on the
 * labelled sets (tests/data/stories, the dev half of the blind set;
 * bench/RESULTS.md).
 */
#include <math.h>
#include <string.h>

#include "core/doc.h"
#include "core/event.h"
#include "dedup/dedup.h"

#define MS_PER_DAY 86400000.0
/* How much a mention in the title and in the opening count beyond one. */
#define TITLE_BONUS 3
#define LEAD_BONUS 1
/* Principal people kept per report. */
#define PRINCIPALS_MAX 4
/* Events dated only by publication: the most days between reports. */
#define UNDATED_EVENT_DAYS 3
/* Near-identical text overrules different events. */
#define SAME_TEXT_OVERLAP 0.95

void dedup_params_default(struct dedup_params *p)
{
	p->near_overlap = 0.50;
	p->near_jaccard = 0.80;
	p->near_entities = 0.30;
	p->event_salience = 0.20;
	p->event_days = 2;
	p->principal_share = 0.40;
	p->people_salience = 0.25;
	p->people_days = 1.5;
	p->recalled_salience = 0.5;
	p->text_jaccard = 0.10;
	p->text_entities = 0.30;
	p->text_days = 3;
	p->subject_overlap = 0.08;
	p->subject_salience = 0.25;
	p->subject_days = 1;
}

const char *dedup_reason_name(enum dedup_reason r)
{
	switch (r) {
	case DEDUP_CONFLICT: return "different events";
	case DEDUP_PREVIEW: return "a preview and the event";
	case DEDUP_OTHER_PARTY: return "other counterparts";
	case DEDUP_NEAR_DUPLICATE: return "near-duplicate";
	case DEDUP_SAME_EVENT: return "same event";
	case DEDUP_SAME_PEOPLE: return "same people, same days";
	case DEDUP_SAME_TEXT_TOPIC: return "shared wording";
	case DEDUP_SAME_SUBJECT: return "shared wording, same day";
	case DEDUP_DIFFERENT: break;
	}
	return "different";
}

/* ---- entities ---------------------------------------------------------------------- */

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

/*
 * How much an entity says about the report: its kind's weight times its
 * mentions, a mention in the title counting as four and one in the
 * opening as two.  A long report naming twenty officials once each is
 * still about the two it names in its title.
 */
static double salience(const struct dedup_entity *e)
{
	return e->weight * (e->mentions + TITLE_BONUS * e->title + LEAD_BONUS * e->lead);
}

static double total_salience(const struct dedup_profile *p)
{
	double sum = 0;

	for (size_t i = 0; i < p->n_entities; i++)
		sum += salience(&p->entities[i]);
	return sum;
}

/*
 * Weighted Jaccard of each entity's share of its report's salience: 1 when
 * both are about the same things in the same proportions, whatever their
 * length.
 */
static double salience_similarity(const struct dedup_profile *a, const struct dedup_profile *b)
{
	double ta = total_salience(a), tb = total_salience(b), low = 0, high = 0;
	size_t i = 0, j = 0;

	if (ta <= 0 || tb <= 0)
		return 0;
	while (i < a->n_entities || j < b->n_entities) {
		double x = 0, y = 0;

		if (j == b->n_entities ||
		    (i < a->n_entities && a->entities[i].id < b->entities[j].id)) {
			x = salience(&a->entities[i++]) / ta;
		} else if (i == a->n_entities || b->entities[j].id < a->entities[i].id) {
			y = salience(&b->entities[j++]) / tb;
		} else {
			x = salience(&a->entities[i++]) / ta;
			y = salience(&b->entities[j++]) / tb;
		}
		low += x < y ? x : y;
		high += x < y ? y : x;
	}
	return high > 0 ? low / high : 0;
}

static const struct dedup_entity *find_entity(const struct dedup_profile *p, int64_t id)
{
	size_t lo = 0, hi = p->n_entities;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->entities[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n_entities && p->entities[lo].id == id ? &p->entities[lo] : NULL;
}

static int is_person(const struct dedup_profile *p, int64_t id)
{
	const struct dedup_entity *e = find_entity(p, id);

	return e && e->weight >= DEDUP_PERSON_WEIGHT;
}

/* ---- principal people ----------------------------------------------------------------- */

struct principals {
	int64_t id[PRINCIPALS_MAX];
	size_t n;
};

/*
 * The people a report is about: those whose salience is at least `share`
 * of the most salient person's, the most salient first, at most
 * PRINCIPALS_MAX.
 */
static void principals_of(const struct dedup_profile *p, double share, struct principals *out)
{
	double top = 0, kept[PRINCIPALS_MAX];

	out->n = 0;
	for (size_t i = 0; i < p->n_entities; i++) {
		if (p->entities[i].weight >= DEDUP_PERSON_WEIGHT && salience(&p->entities[i]) > top)
			top = salience(&p->entities[i]);
	}
	for (size_t i = 0; i < p->n_entities && top > 0; i++) {
		double s = salience(&p->entities[i]);
		size_t at;

		if (p->entities[i].weight < DEDUP_PERSON_WEIGHT || s < share * top)
			continue;
		at = out->n < PRINCIPALS_MAX ? out->n++ : PRINCIPALS_MAX;
		while (at > 0 && s > kept[at - 1]) {
			if (at < PRINCIPALS_MAX) {
				out->id[at] = out->id[at - 1];
				kept[at] = kept[at - 1];
			}
			at--;
		}
		if (at < PRINCIPALS_MAX) {
			out->id[at] = p->entities[i].id;
			kept[at] = s;
		}
	}
}

static size_t principals_shared(const struct principals *x, const struct principals *y)
{
	size_t shared = 0;

	for (size_t i = 0; i < x->n; i++) {
		for (size_t j = 0; j < y->n; j++)
			shared += x->id[i] == y->id[j];
	}
	return shared;
}

/* Does report `p` name every one of `x` (as a person, however often)? */
static int all_named_in(const struct principals *x, const struct dedup_profile *p)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!is_person(p, x->id[i]))
			return 0;
	}
	return 1;
}

/*
 * The same principals: two or more shared, and one report's all among the
 * other's (a third person named as often in one report does not make it
 * another story).  Nested: one report is about A, the other about A and B
 * (a minister's speech and his meeting with a counterpart, or a report
 * that names the counterpart less).
 */
static enum dedup_principals compare_principals(const struct dedup_profile *a,
						const struct dedup_profile *b, double share)
{
	struct principals pa, pb;
	size_t shared;

	principals_of(a, share, &pa);
	principals_of(b, share, &pb);
	if (!pa.n || !pb.n)
		return DEDUP_PRINCIPALS_UNKNOWN;
	shared = principals_shared(&pa, &pb);
	if (shared == pa.n && shared == pb.n)
		return shared >= 2 ? DEDUP_PRINCIPALS_SAME : DEDUP_PRINCIPALS_ONE;
	if (shared == pa.n || shared == pb.n)
		return shared >= 2 ? DEDUP_PRINCIPALS_SAME : DEDUP_PRINCIPALS_NESTED;
	/* Salience varies from one outlet's telling to another's: a principal
	 * the other report names too, only less, is no other person. */
	if (all_named_in(&pa, b) || all_named_in(&pb, a))
		return DEDUP_PRINCIPALS_NESTED;
	return DEDUP_PRINCIPALS_OTHER;
}

/* ---- events ------------------------------------------------------------------------ */

/* Two events and the reports they come from. */
struct event_pair {
	const struct dedup_profile *pa, *pb;
	const struct dedup_event *x, *y;
	double days_apart; /* between the reports' publications */
};

static void count_parties(const struct event_pair *e, struct event_parties *out)
{
	memset(out, 0, sizeof *out);
	out->actors[0] = e->x->n_actors;
	out->actors[1] = e->y->n_actors;
	for (size_t i = 0; i < e->x->n_actors; i++)
		out->people[0] += is_person(e->pa, e->x->actors[i]);
	for (size_t j = 0; j < e->y->n_actors; j++)
		out->people[1] += is_person(e->pb, e->y->actors[j]);
	for (size_t i = 0; i < e->x->n_actors; i++) {
		for (size_t j = 0; j < e->y->n_actors; j++) {
			if (e->x->actors[i] != e->y->actors[j])
				continue;
			out->shared_actors++;
			out->shared_people += is_person(e->pa, e->x->actors[i]);
			break;
		}
	}
}

/* Distinct nonzero sides of an event's actors, into `out` (up to 8). */
static size_t sides_of(const struct dedup_event *ev, int64_t out[8])
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		size_t j = 0;

		while (j < n && out[j] != ev->sides[i])
			j++;
		if (ev->sides[i] && j == n)
			out[n++] = ev->sides[i];
	}
	return n;
}

/*
 * The same countries, when one report names only countries as parties
 * ("China and the United States met") and the other their people ("Xi
 * met Biden"): as many shared as the fewer, up to two.
 */
static int sides_agree(const struct event_pair *e, const struct event_parties *p)
{
	int64_t sx[8], sy[8];
	size_t nx, ny, shared = 0, need;

	if (p->people[0] && p->people[1])
		return 0;
	nx = sides_of(e->x, sx);
	ny = sides_of(e->y, sy);
	for (size_t i = 0; i < nx; i++) {
		for (size_t j = 0; j < ny; j++)
			shared += sx[i] == sy[j];
	}
	need = nx < ny ? nx : ny;
	need = need < 2 ? need : 2;
	return need >= 2 && shared >= need;
}

/*
 * The same parties (core/event.h): people when both name people, else
 * actors; else, where one names only countries, the countries.
 */
static int parties_agree(const struct event_pair *e)
{
	struct event_parties p;

	count_parties(e, &p);
	return event_parties_agree(&p) || sides_agree(e, &p);
}

/*
 * Does event `ev` of report `self` have a person that report `other` never
 * names?  A counterpart the other report names, though its extraction did
 * not make him a party, is no evidence of another meeting.
 */
static int names_unnamed_person(const struct dedup_profile *self, const struct dedup_event *ev,
				const struct dedup_profile *other)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (is_person(self, ev->actors[i]) && !find_entity(other, ev->actors[i]))
			return 1;
	}
	return 0;
}

/*
 * One person meets another in each: both events have two people or more,
 * some shared and some not (Blinken with Wang Yi, and Blinken with Xi).
 */
static int counterparts_differ(const struct event_pair *e)
{
	struct event_parties p;
	size_t fewer;

	count_parties(e, &p);
	fewer = p.people[0] < p.people[1] ? p.people[0] : p.people[1];
	return fewer >= 2 && p.shared_people > 0 && p.shared_people < fewer &&
	       (names_unnamed_person(e->pa, e->x, e->pb) || names_unnamed_person(e->pb, e->y, e->pa));
}

static int tentative(const struct dedup_event *ev)
{
	return event_is_tentative(ev->type, event_status_names[ev->status]);
}

/*
 * Days that can be one event's: overlapping, with a day's slack either
 * side for time zones and a month for what is tentative; an event only
 * dated by its report's publication, reports published close together.
 */
static int days_agree(const struct event_pair *e)
{
	const struct dedup_event *x = e->x, *y = e->y;

	if (x->dated && y->dated)
		return event_days_agree((int)x->from, (int)x->to, (int)y->from, (int)y->to,
					event_date_slack(tentative(x), tentative(y), x->day,
							 y->day));
	return e->days_apart >= 0 && e->days_apart <= UNDATED_EVENT_DAYS;
}

/* Days that cannot be one event's, even tentative: more than a month apart. */
static int days_far(const struct event_pair *e)
{
	const struct dedup_event *x = e->x, *y = e->y;

	if (!x->dated || !y->dated)
		return 0;
	return !event_days_agree((int)x->from, (int)x->to, (int)y->from, (int)y->to,
				 EVENT_SLACK_PLAN);
}

static int is_plan(const struct dedup_event *ev)
{
	return ev->status == EVENT_PLANNED || ev->status == EVENT_PROPOSED;
}

/* One told as planned or proposed, the other as held. */
static int statuses_clash(const struct dedup_event *x, const struct dedup_event *y)
{
	return (is_plan(x) && y->status == EVENT_OCCURRED) ||
	       (is_plan(y) && x->status == EVENT_OCCURRED);
}

/* The same event: kind, parties, days, and told as at the same stage. */
static int same_event(const struct event_pair *e)
{
	return event_same_family(e->x->type, e->y->type) && parties_agree(e) && days_agree(e) &&
	       !statuses_clash(e->x, e->y);
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

static int opens_with_event(const struct dedup_profile *p)
{
	for (size_t i = 0; i < p->n_events; i++) {
		if (p->events[i].opening)
			return 1;
	}
	return 0;
}

/* A report that opens with a trip tells its meetings after. */
static int opens_with_visit(const struct dedup_profile *p)
{
	for (size_t i = 0; i < p->n_events; i++) {
		if (p->events[i].opening && event_type_of(p->events[i].type) == EVENT_VISIT)
			return 1;
	}
	return 0;
}

/*
 * A report about one person: it tells of no engagement and its title names
 * one person (a speech, a statement), however often it names others.
 */
static int tells_of_one(const struct dedup_profile *p)
{
	size_t titled = 0;

	for (size_t i = 0; i < p->n_entities; i++)
		titled += p->entities[i].title && p->entities[i].weight >= DEDUP_PERSON_WEIGHT;
	return !p->n_events && titled == 1;
}

/* Is `ev` of `self` one of the leading events of `other`? */
static int matches_lead(const struct dedup_profile *self, const struct dedup_event *ev,
			const struct dedup_profile *other, double days_apart)
{
	for (size_t i = 0; i < other->n_events; i++) {
		struct event_pair e = { self, other, ev, &other->events[i], days_apart };

		if (other->events[i].lead && same_event(&e))
			return 1;
	}
	return 0;
}

/* What the events the two reports lead and open with say of each other. */
struct event_evidence {
	int lead_match;             /* leading events: one shared */
	int open_far;               /* opening events: the same people, days far apart */
	int open_match, open_held;  /* opening events: one shared; one shared but a trip */
	int open_stage, open_other; /* opening events: plan and held; other counterparts */
	int recalled;               /* one opens with an event the other tells later */
};

static void weigh_pair(const struct event_pair *e, struct event_evidence *ev)
{
	int family = event_same_family(e->x->type, e->y->type);
	int agree = family && parties_agree(e);

	if (!family)
		return;
	if (e->x->lead && e->y->lead && agree && same_event(e))
		ev->lead_match = 1;
	if (e->x->opening != e->y->opening && agree && same_event(e) &&
	    event_type_of(e->x->type) != EVENT_VISIT)
		ev->recalled = 1;
	if (!e->x->opening || !e->y->opening)
		return;
	if (agree && days_far(e))
		ev->open_far = 1;
	if (counterparts_differ(e))
		ev->open_other = 1;
	if (!agree || !days_agree(e))
		return;
	if (statuses_clash(e->x, e->y)) {
		ev->open_stage = 1;
	} else {
		ev->open_match = 1;
		/* a trip holds several meetings: sharing it is not sharing one */
		if (event_type_of(e->x->type) != EVENT_VISIT)
			ev->open_held = 1;
	}
}

/*
 * One event shared: both open with it, or what each tells first is among
 * what the other leads with.  A report of a minister's next stop that
 * recalls yesterday's meeting in its opening lines leads with the meeting
 * too, but tells of the next stop first.
 */
static void compare_events(const struct dedup_profile *a, const struct dedup_profile *b,
			   double days_apart, struct dedup_verdict *v)
{
	const struct dedup_event *fa = first_event(a), *fb = first_event(b);
	struct event_evidence ev = { 0 };
	int first_shared;

	for (size_t i = 0; i < a->n_events; i++) {
		for (size_t j = 0; j < b->n_events; j++) {
			struct event_pair e = { a, b, &a->events[i], &b->events[j], days_apart };

			weigh_pair(&e, &ev);
		}
	}
	first_shared = fa && fb && fa->opening && fb->opening &&
		       matches_lead(a, fa, b, days_apart) && matches_lead(b, fb, a, days_apart);
	v->event_match = first_shared || ev.open_match;
	v->event_conflict = ev.open_far && !ev.lead_match;
	v->status_conflict = ev.open_stage && !ev.open_held;
	v->party_conflict = ev.open_other && !ev.open_match;
	v->event_recalled = ev.recalled && !v->event_match && !opens_with_visit(a) &&
			    !opens_with_visit(b);
	v->event_untold = (opens_with_event(a) && tells_of_one(b)) ||
			  (opens_with_event(b) && tells_of_one(a));
}

/* ---- the verdict ------------------------------------------------------------------- */

static double publication_gap(const struct dedup_profile *a, const struct dedup_profile *b)
{
	if (a->published == DOC_TIME_NONE || b->published == DOC_TIME_NONE)
		return -1;
	return fabs((double)(a->published - b->published)) / MS_PER_DAY;
}

static int within(double days_apart, double limit)
{
	return days_apart >= 0 && days_apart <= limit;
}

static enum dedup_reason decide(const struct dedup_verdict *v, const struct dedup_params *p)
{
	if (v->event_conflict && v->overlap < SAME_TEXT_OVERLAP)
		return DEDUP_CONFLICT;
	/* Containment alone would join two pages of one site's template:
	 * a copy is alike overall, or tells of the same people and places, or
	 * comes from another outlet within days (whose template is not this
	 * one's: the wire story rewritten around its own words; a commentary
	 * a week later quoting the report is not it). */
	if (v->overlap >= p->near_overlap &&
	    (v->jaccard >= p->near_jaccard || v->entities >= p->near_entities ||
	     (v->two_outlets && within(v->days_apart, p->text_days))))
		return DEDUP_NEAR_DUPLICATE;
	if (v->status_conflict)
		return DEDUP_PREVIEW;
	if (v->party_conflict)
		return DEDUP_OTHER_PARTY;
	if (v->event_match && v->salience >= p->event_salience &&
	    within(v->days_apart, p->event_days))
		return DEDUP_SAME_EVENT;
	/* The same people alone stand in for an event extraction missed, not
	 * for one a report tells only in passing. */
	if (v->event_untold || (v->event_recalled && v->salience < p->recalled_salience))
		return DEDUP_DIFFERENT;
	if (v->principals == DEDUP_PRINCIPALS_SAME && v->salience >= p->people_salience &&
	    within(v->days_apart, p->people_days))
		return DEDUP_SAME_PEOPLE;
	/* Wording alone: not when the reports are about different people
	 * (two ministers' speeches at one forum share its name and setting),
	 * and little wording not even when one adds a person to the other. */
	if (v->principals == DEDUP_PRINCIPALS_OTHER)
		return DEDUP_DIFFERENT;
	if (v->jaccard >= p->text_jaccard && v->entities >= p->text_entities &&
	    within(v->days_apart, p->text_days))
		return DEDUP_SAME_TEXT_TOPIC;
	if (v->principals == DEDUP_PRINCIPALS_NESTED)
		return DEDUP_DIFFERENT;
	/* an outlet's own template (datelines, credits) is shared wording
	 * too: from one outlet, twice as much */
	if (v->overlap >= p->subject_overlap * (v->one_outlet ? 2 : 1) &&
	    v->salience >= p->subject_salience && within(v->days_apart, p->subject_days))
		return DEDUP_SAME_SUBJECT;
	return DEDUP_DIFFERENT;
}

int dedup_apart(const struct dedup_verdict *v)
{
	if (v->same)
		return 0;
	return v->reason == DEDUP_CONFLICT || v->reason == DEDUP_PREVIEW ||
	       v->reason == DEDUP_OTHER_PARTY || v->principals == DEDUP_PRINCIPALS_OTHER ||
	       v->event_untold || v->event_recalled;
}

void dedup_compare(const struct dedup_profile *a, const struct dedup_profile *b,
		   const struct dedup_params *p, struct dedup_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->jaccard = dedup_jaccard(&a->fp, &b->fp);
	out->overlap = dedup_overlap(&a->fp, &b->fp);
	out->entities = entity_similarity(a, b, &out->shared_people, &out->shared_entities);
	out->salience = salience_similarity(a, b);
	out->principals = compare_principals(a, b, p->principal_share);
	out->days_apart = publication_gap(a, b);
	out->one_outlet = a->source && a->source == b->source;
	out->two_outlets = a->source && b->source && a->source != b->source;
	compare_events(a, b, out->days_apart, out);
	out->reason = decide(out, p);
	out->same = out->reason >= DEDUP_NEAR_DUPLICATE;
	/* Text counts most, then a shared event, then what they are about. */
	out->score = 0.5 * out->overlap + 0.3 * out->event_match + 0.2 * out->salience;
}
