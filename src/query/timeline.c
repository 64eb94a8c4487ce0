/*
 * The timeline: the events the extractor read, one per sentence, merged
 * into one line per real-world event with every report of it.
 *
 * The merge is a pure function over an array of events (timeline_merge),
 * so its rules can be tested without an archive; timeline_build only
 * reads the events of the archive and hands them over.  The rules are in
 * query.h above timeline_merge and in docs/ARCHITECTURE.md.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/event.h"
#include "query/query.h"
#include "store/store.h"

/* How far apart reports of one event may date it: core/event.h
 * (EVENT_SLACK_ZONE, EVENT_SLACK_PLAN). */
/* A report dated by its publication looks back this far: news tells what
 * happened lately without a date (下午4時左右…會見了布林肯), and a year's
 * look back made the same two people's meeting of the year before take
 * in today's. */
#define DOC_LOOKBACK 31
#define WIDEN_DAYS 400    /* what the store is asked for beyond --from/--to */

/* ---- days ------------------------------------------------------------------ */

/* Days since 1970-01-01 (core/datetime), in the int the merge counts with. */
static int days_from_civil(int y, int m, int d)
{
	return (int)datetime_days_from_civil(y, m, d);
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
	datetime_civil_from_days(z, y, m, d);
}

static int valid_year(int y)
{
	return y >= 1 && y <= 9999;
}

/* The calendar day of `ms` in UTC+8, where the reports are written. */
static int day_of_ms(int64_t ms)
{
	int64_t t = ms + 8 * 3600000LL;
	int64_t day = t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);

	return (int)day;
}

static void span_of_day(int day, struct doc_day_span *w)
{
	memset(w, 0, sizeof *w);
	civil_from_days(day, &w->year, &w->month, &w->day);
}

/*
 * Reads YYYY, YYYY-MM or YYYY-MM-DD as its first day (or, with `end`, its
 * last).  -1 when it is none of these.
 */
static int parse_day(const char *s, int end, int *out)
{
	int y = 0, m = 0, d = 0;
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		int dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	if (n != 4 && n != 7 && n != 10)
		return -1;
	y = atoi(s);
	m = n >= 7 ? atoi(s + 5) : 0;
	d = n == 10 ? atoi(s + 8) : 0;
	if (!valid_year(y) || (n >= 7 && (m < 1 || m > 12)) ||
	    (n == 10 && (d < 1 || d > datetime_month_days(y, m))))
		return -1;
	if (n == 4)
		*out = end ? days_from_civil(y, 12, 31) : days_from_civil(y, 1, 1);
	else if (n == 7)
		*out = days_from_civil(y, m, end ? datetime_month_days(y, m) : 1);
	else
		*out = days_from_civil(y, m, d);
	return 0;
}

int timeline_format_date(const struct doc_day_span *when, int end, char *out)
{
	int y = end && when->end_year ? when->end_year : when->year;
	int m = end && when->end_year ? when->end_month : when->month;
	int d = end && when->end_year ? when->end_day : when->day;

	out[0] = '\0';
	if (!when->year || (end && !when->end_year && when->precision != 1))
		return -1;
	if (end && !when->end_year) /* a week without its end written: to Sunday */
		civil_from_days(days_from_civil(y, m, d) + 6, &y, &m, &d);
	if (when->precision == 3)
		snprintf(out, TIMELINE_DATE_MAX, "%04d", y);
	else if (when->precision == 2)
		snprintf(out, TIMELINE_DATE_MAX, "%04d-%02d", y, m);
	else
		snprintf(out, TIMELINE_DATE_MAX, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* ---- events ------------------------------------------------------------------ */

static int dup_str(char **dst, const char *s)
{
	*dst = NULL;
	if (!s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : -1;
}

void timeline_event_release(struct timeline_event *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n_actors; i++) {
		free(ev->actors[i].name);
		free(ev->actors[i].type);
	}
	free(ev->actors);
	free(ev->type);
	free(ev->status);
	free(ev->rule);
	free(ev->place_name);
	free(ev->sentence);
	free(ev->url);
	free(ev->title);
	free(ev->source);
	memset(ev, 0, sizeof *ev);
}

static int has_actor(const struct timeline_event *ev, int64_t id)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (ev->actors[i].id == id)
			return 1;
	}
	return 0;
}

int timeline_event_copy(struct timeline_event *dst, const struct store_event *src)
{
	memset(dst, 0, sizeof *dst);
	dst->id = src->id;
	dst->doc_id = src->doc_id;
	dst->confidence = src->confidence;
	dst->when = src->when;
	dst->date_from_doc = src->date_from_doc;
	dst->place_id = src->place_id;
	dst->published = src->published;
	if (dup_str(&dst->type, src->type ? src->type : "") ||
	    dup_str(&dst->status, src->status ? src->status : "") ||
	    dup_str(&dst->rule, src->rule) || dup_str(&dst->place_name, src->place_name) ||
	    dup_str(&dst->sentence, src->sentence ? src->sentence : "") ||
	    dup_str(&dst->url, src->url) || dup_str(&dst->title, src->title) ||
	    dup_str(&dst->source, src->source))
		goto fail;
	if (src->n_actors && !(dst->actors = calloc(src->n_actors, sizeof *dst->actors)))
		goto fail;
	for (size_t i = 0; i < src->n_actors; i++) {
		struct timeline_actor *a = &dst->actors[dst->n_actors];

		if (has_actor(dst, src->actor_ids[i]))
			continue;
		a->id = src->actor_ids[i];
		a->role = src->actor_roles ? src->actor_roles[i] : event_role_names[EVENT_ROLE_PARTY];
		a->country_id = src->actor_countries ? src->actor_countries[i] : 0;
		dst->n_actors++;
		if (dup_str(&a->name, src->actor_names[i] ? src->actor_names[i] : "") ||
		    dup_str(&a->type, src->actor_types[i] ? src->actor_types[i] : ""))
			goto fail;
	}
	return DOSSIER_OK;
fail:
	timeline_event_release(dst);
	return DOSSIER_ENOMEM;
}

static int is_meet_family(const char *type)
{
	return event_family(event_type_of(type)) == EVENT_MEET;
}

static int is_person(const struct timeline_actor *a)
{
	/* "person", not "place": two bytes decide, and this is the merge's
	 * innermost test */
	return a->type[0] == 'p' && a->type[1] == 'e' && !strcmp(a->type, "person");
}

/* ---- what the merge knows of each event ------------------------------------------ */

enum ev_kind {
	EV_TEXT,    /* dated by its own text */
	EV_DOC,     /* dated only by its document's publication */
	EV_UNDATED,
};

struct ev_info {
	size_t index; /* into the events array */
	const struct timeline_event *ev;
	enum ev_kind kind;
	int start, end; /* days; valid unless undated */
	int precision;
	int lenient;    /* tentative (event_is_tentative): EVENT_SLACK_PLAN */
	int reported;   /* the publication day (UTC+8), INT_MAX when unknown */
	int family;     /* event_family() of its type; -1: unknown */
	size_t people;  /* actors that are people */
	uint64_t bloom; /* a bit per actor id: two events with none in common
			 * share no actor, and need no closer look */
};

static size_t count_people(const struct timeline_event *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_actors; i++)
		n += is_person(&ev->actors[i]);
	return n;
}

static uint64_t bloom_bit(int64_t id)
{
	return 1ULL << ((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 58);
}

static void info_init(struct ev_info *in, struct timeline_event *ev, size_t index)
{
	in->index = index;
	in->ev = ev;
	doc_span_normalise(&ev->when);
	if (ev->date_from_doc && !ev->when.year && ev->published != DOC_TIME_NONE)
		span_of_day(day_of_ms(ev->published), &ev->when);
	in->kind = !ev->when.year ? EV_UNDATED : ev->date_from_doc ? EV_DOC : EV_TEXT;
	if (in->kind != EV_UNDATED)
		doc_span_days(&ev->when, &in->start, &in->end);
	in->precision = ev->when.precision;
	in->reported = ev->published == DOC_TIME_NONE ? INT_MAX : day_of_ms(ev->published);
	in->family = event_family(event_type_of(ev->type));
	in->people = count_people(ev);
	in->bloom = 0;
	for (size_t i = 0; i < ev->n_actors; i++) {
		in->bloom |= bloom_bit(ev->actors[i].id);
		if (ev->actors[i].country_id) /* a person stands for a side too */
			in->bloom |= bloom_bit(ev->actors[i].country_id);
	}
	in->lenient = event_is_tentative(ev->type, ev->status);
}

/* The order the merge takes events in: most precise first, then by day. */
static int cmp_info(const void *pa, const void *pb)
{
	const struct ev_info *a = *(const struct ev_info *const *)pa;
	const struct ev_info *b = *(const struct ev_info *const *)pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == EV_TEXT && a->precision != b->precision)
		return a->precision < b->precision ? -1 : 1;
	if (a->kind != EV_UNDATED && a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->ev->published != b->ev->published)
		return a->ev->published < b->ev->published ? -1 : 1;
	if (a->ev->doc_id != b->ev->doc_id)
		return a->ev->doc_id < b->ev->doc_id ? -1 : 1;
	return a->ev->id < b->ev->id ? -1 : a->ev->id > b->ev->id;
}

/* ---- when two reports are of one event ---------------------------------------------- */

static int same_family(const struct ev_info *a, const struct ev_info *b)
{
	if (a->family >= 0 || b->family >= 0)
		return a->family == b->family;
	return !strcmp(a->ev->type, b->ev->type);
}


/*
 * Is `x` the actor `y` names, or, counting sides, the country of one in
 * the same role (中國拒絕美方 and 中國拒絕李尚福和奧斯汀 share the
 * United States as requester)?  Parties of a meeting are not sides: the
 * two countries' talks are not their leaders' meeting.
 */
static int names_actor(const struct timeline_actor *x, const struct timeline_actor *y,
		       int people_only)
{
	int sides = x->role && y->role && !strcmp(x->role, y->role) && strcmp(x->role, "party");

	if (people_only)
		return x->id == y->id && is_person(y);
	return x->id == y->id ||
	       (sides && ((x->country_id && x->country_id == y->id) ||
			  (y->country_id && y->country_id == x->id)));
}

/* Actors of `a` (only people, with people_only) that `b` names too. */
static size_t shared_actors(const struct timeline_event *a, const struct timeline_event *b,
			    int people_only)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_actors; i++) {
		if (people_only && !is_person(&a->actors[i]))
			continue;
		for (size_t j = 0; j < b->n_actors; j++) {
			if (names_actor(&a->actors[i], &b->actors[j], people_only)) {
				n++;
				break;
			}
		}
	}
	return n;
}

/*
 * How many actors the two share when their parties are one event's
 * (event_parties_agree), else 0.
 */
/* Whether an actor both name has a role in each that the other denies:
 * A visiting B is not B visiting A, nor the refuser the one refused. */
static int roles_conflict(const struct timeline_event *a, const struct timeline_event *b)
{
	for (size_t i = 0; i < a->n_actors; i++) {
		for (size_t k = 0; k < b->n_actors; k++) {
			const char *ra = a->actors[i].role, *rb = b->actors[k].role;

			if (a->actors[i].id == b->actors[k].id && ra && rb && strcmp(ra, rb) &&
			    strcmp(ra, "party") && strcmp(rb, "party"))
				return 1;
		}
	}
	return 0;
}

static size_t actors_agree(const struct ev_info *ia, const struct ev_info *ib)
{
	const struct timeline_event *a = ia->ev, *b = ib->ev;
	struct event_parties p;

	if (!(ia->bloom & ib->bloom) || roles_conflict(a, b))
		return 0;
	p.actors[0] = a->n_actors;
	p.actors[1] = b->n_actors;
	p.people[0] = ia->people;
	p.people[1] = ib->people;
	p.shared_people = ia->people && ib->people ? shared_actors(a, b, 1) : 0;
	p.shared_actors = shared_actors(a, b, 0);
	p.same_document = a->doc_id == b->doc_id;
	if (!event_parties_agree(&p))
		return 0;
	return p.people[0] && p.people[1] ? p.shared_people : p.shared_actors;
}

static int dates_agree(const struct ev_info *a, const struct ev_info *b)
{
	return event_days_agree(a->start, a->end, b->start, b->end,
				event_date_slack(a->lenient, b->lenient, a->precision == 0,
						 b->precision == 0));
}

/*
 * A report of something that happened cannot come before it: an occurred
 * event does not join a line dated after its publication (a day of
 * slack for time zones).
 */
static int reported_after(const struct ev_info *line, const struct ev_info *in)
{
	return in->lenient || in->reported == INT_MAX || line->start <= in->reported + EVENT_SLACK_ZONE;
}

/*
 * How far a line is from an event: from its day, or, for a month or a
 * year, from its publication day when that falls inside (今年稍早 in a
 * June report is nearer June than January).
 */
static int distance(const struct ev_info *line, const struct ev_info *in)
{
	int ref = in->start;

	if (in->precision >= 2 && in->reported != INT_MAX)
		ref = in->reported < in->start ? in->start
		      : in->reported > in->end ? in->end
					       : in->reported;
	return abs(line->start - ref);
}

/* ---- drafting lines ------------------------------------------------------------- */

struct draft {
	const struct ev_info *anchor; /* the first, most precise event */
	const struct ev_info **members;
	size_t n, cap;
	size_t seen_by; /* 1 + the index of the event last weighing this line */
};

/* A dated line and one actor of its anchor, for undated events to look up. */
struct actor_line {
	int64_t actor;
	size_t line;
};

/*
 * The lines being drafted, and the dated ones by their anchor's first
 * day, so that an event looks only at the lines near its dates (an
 * archive's worth of events would otherwise compare every event with
 * every line).
 */
struct drafts {
	struct draft *items;
	size_t n, cap;
	size_t *by_start; /* indices into items of dated lines, by anchor start */
	size_t n_dated;
	int longest;      /* the longest anchor span, days */
	struct actor_line *by_actor; /* dated lines by their anchor's actors, */
	size_t n_by_actor;           /* made once all dated lines are drafted */
	int by_actor_made;
	size_t *undated;  /* indices into items of undated lines */
	size_t n_undated;
};

static int draft_add(struct draft *d, const struct ev_info *in)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 4;
		const struct ev_info **m = realloc(d->members, cap * sizeof *m);

		if (!m)
			return DOSSIER_ENOMEM;
		d->members = m;
		d->cap = cap;
	}
	d->members[d->n++] = in;
	return DOSSIER_OK;
}

/* The first position in ds->by_start whose anchor starts on or after `day`. */
static size_t first_dated(const struct drafts *ds, int day)
{
	size_t lo = 0, hi = ds->n_dated;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ds->items[ds->by_start[mid]].anchor->start < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Files line `index` (anchored by `in`) in ds->by_start, after lines starting the same day. */
static int index_line(struct drafts *ds, const struct ev_info *in, size_t index)
{
	size_t *grown = realloc(ds->by_start, (ds->n_dated + 1) * sizeof *grown);
	size_t at;

	if (!grown)
		return DOSSIER_ENOMEM;
	ds->by_start = grown;
	at = first_dated(ds, in->start == INT_MAX ? INT_MAX : in->start + 1);
	memmove(&ds->by_start[at + 1], &ds->by_start[at], (ds->n_dated - at) * sizeof *grown);
	ds->by_start[at] = index;
	ds->n_dated++;
	if (in->end - in->start > ds->longest)
		ds->longest = in->end - in->start;
	return DOSSIER_OK;
}

static int drafts_new_line(struct drafts *ds, const struct ev_info *in)
{
	struct draft *d;

	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 16;
		struct draft *items = realloc(ds->items, cap * sizeof *items);

		if (!items)
			return DOSSIER_ENOMEM;
		ds->items = items;
		ds->cap = cap;
	}
	if (in->kind != EV_UNDATED && index_line(ds, in, ds->n))
		return DOSSIER_ENOMEM;
	if (in->kind == EV_UNDATED) {
		size_t *grown = realloc(ds->undated, (ds->n_undated + 1) * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		ds->undated = grown;
		ds->undated[ds->n_undated++] = ds->n;
	}
	d = &ds->items[ds->n++];
	memset(d, 0, sizeof *d);
	d->anchor = in;
	return draft_add(d, in);
}

static void drafts_release(struct drafts *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->items[i].members);
	free(ds->items);
	free(ds->by_start);
	free(ds->by_actor);
	free(ds->undated);
}

/*
 * The line a text-dated event belongs to: its dates, type and actors
 * agree with the line's anchor; most shared actors, then nearest, wins.
 */
static struct draft *line_for_dated(struct drafts *ds, const struct ev_info *in,
				    enum ev_kind kind)
{
	struct draft *best = NULL;
	size_t best_shared = 0;
	int best_distance = 0;
	int last = in->end + EVENT_SLACK_PLAN;

	for (size_t at = first_dated(ds, in->start - ds->longest - EVENT_SLACK_PLAN);
	     at < ds->n_dated && ds->items[ds->by_start[at]].anchor->start <= last; at++) {
		size_t i = ds->by_start[at];
		const struct ev_info *a = ds->items[i].anchor;
		size_t shared;

		if (a->kind != kind || !same_family(a, in) || !dates_agree(a, in) ||
		    !reported_after(a, in) || !(shared = actors_agree(a, in)))
			continue;
		if (!best || shared > best_shared ||
		    (shared == best_shared && distance(a, in) < best_distance)) {
			best = &ds->items[i];
			best_shared = shared;
			best_distance = distance(a, in);
		}
	}
	return best;
}

/*
 * The text-dated line a report dated only by its publication day belongs
 * to: the most recent one dated on or before that day within
 * DOC_LOOKBACK days.  A plan, request or refusal is news of the moment:
 * the nearest line within EVENT_SLACK_PLAN days either side (a request
 * reported in November is for the meeting a week later, not the one
 * refused in June).
 */
static struct draft *line_for_report_day(struct drafts *ds, const struct ev_info *in)
{
	struct draft *before = NULL, *after = NULL;
	size_t before_shared = 0;
	int last = in->start + EVENT_SLACK_PLAN;

	for (size_t at = first_dated(ds, in->start - DOC_LOOKBACK);
	     at < ds->n_dated && ds->items[ds->by_start[at]].anchor->start <= last; at++) {
		size_t i = ds->by_start[at];
		const struct ev_info *a = ds->items[i].anchor;
		size_t shared;

		if (a->kind != EV_TEXT || !same_family(a, in) ||
		    !(shared = actors_agree(a, in)))
			continue;
		if (a->start <= in->start && in->start - a->start <= DOC_LOOKBACK) {
			if (!before || a->start > before->anchor->start ||
			    (a->start == before->anchor->start && shared > before_shared)) {
				before = &ds->items[i];
				before_shared = shared;
			}
		} else if (in->lenient && a->start > in->start &&
			   a->start - in->start <= EVENT_SLACK_PLAN) {
			if (!after || a->start < after->anchor->start)
				after = &ds->items[i];
		}
	}
	if (in->lenient && before && in->start - before->anchor->end > EVENT_SLACK_PLAN)
		before = NULL;
	if (in->lenient && before && after &&
	    after->anchor->start - in->start < in->start - before->anchor->end)
		return after;
	return before ? before : after;
}

static int cmp_actor_line(const void *pa, const void *pb)
{
	const struct actor_line *a = pa, *b = pb;

	if (a->actor != b->actor)
		return a->actor < b->actor ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Files every dated line under each actor of its anchor (once they are all drafted). */
static int index_actors(struct drafts *ds)
{
	size_t n = 0;

	for (size_t i = 0; i < ds->n; i++)
		n += ds->items[i].anchor->ev->n_actors;
	if (n && !(ds->by_actor = malloc(n * sizeof *ds->by_actor)))
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < ds->n; i++) {
		const struct timeline_event *ev = ds->items[i].anchor->ev;

		for (size_t k = 0; k < ev->n_actors; k++)
			ds->by_actor[ds->n_by_actor++] = (struct actor_line){ ev->actors[k].id, i };
	}
	if (n)
		qsort(ds->by_actor, n, sizeof *ds->by_actor, cmp_actor_line);
	ds->by_actor_made = 1;
	return DOSSIER_OK;
}

/* The first entry of ds->by_actor for `actor` (or where it would be). */
static size_t first_of_actor(const struct drafts *ds, int64_t actor)
{
	size_t lo = 0, hi = ds->n_by_actor;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ds->by_actor[mid].actor < actor)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* What an undated event makes of the lines so far. */
struct undated_choice {
	struct draft *best, *undated;
	size_t best_shared, undated_shared;
	int tie;
};

static void weigh_line(struct undated_choice *c, struct draft *d, const struct ev_info *in)
{
	const struct ev_info *a = d->anchor;
	size_t shared;

	if (d->seen_by == in->index + 1)
		return; /* reached through another of its actors */
	d->seen_by = in->index + 1;
	if (!same_family(a, in) || !(shared = actors_agree(a, in)))
		return;
	if (a->kind == EV_UNDATED) {
		if (shared > c->undated_shared) {
			c->undated = d;
			c->undated_shared = shared;
		}
	} else if (shared > c->best_shared) {
		c->best = d;
		c->best_shared = shared;
		c->tie = 0;
	} else if (shared == c->best_shared) {
		c->tie = 1;
	}
}

/*
 * The line an undated event belongs to: the dated line sharing most
 * actors when exactly one does; else an undated line it agrees with.
 * Only lines whose anchor names one of its actors can agree with it.
 */
static int line_for_undated(struct drafts *ds, const struct ev_info *in, struct draft **out)
{
	struct undated_choice c = { NULL, NULL, 0, 0, 0 };
	int rc = ds->by_actor_made ? DOSSIER_OK : index_actors(ds);

	for (size_t k = 0; k < in->ev->n_actors && !rc; k++) {
		int64_t actor = in->ev->actors[k].id;

		for (size_t at = first_of_actor(ds, actor);
		     at < ds->n_by_actor && ds->by_actor[at].actor == actor; at++)
			weigh_line(&c, &ds->items[ds->by_actor[at].line], in);
	}
	for (size_t i = 0; i < ds->n_undated && !rc; i++)
		weigh_line(&c, &ds->items[ds->undated[i]], in);
	*out = c.best && !c.tie ? c.best : c.undated;
	return rc;
}

static int place_event(struct drafts *ds, const struct ev_info *in)
{
	struct draft *d;

	switch (in->kind) {
	case EV_TEXT:
		d = line_for_dated(ds, in, EV_TEXT);
		break;
	case EV_DOC:
		d = line_for_report_day(ds, in);
		if (!d)
			d = line_for_dated(ds, in, EV_DOC);
		break;
	default:
		if (line_for_undated(ds, in, &d))
			return DOSSIER_ENOMEM;
		break;
	}
	return d ? draft_add(d, in) : drafts_new_line(ds, in);
}

/* ---- finishing a line ------------------------------------------------------------- */

static int cmp_published(const void *pa, const void *pb)
{
	const struct timeline_event *a = *(const struct timeline_event *const *)pa;
	const struct timeline_event *b = *(const struct timeline_event *const *)pb;

	/* undated documents last */
	if (a->published != b->published) {
		if (a->published == DOC_TIME_NONE || b->published == DOC_TIME_NONE)
			return a->published == DOC_TIME_NONE ? 1 : -1;
		return a->published < b->published ? -1 : 1;
	}
	if (a->doc_id != b->doc_id)
		return a->doc_id < b->doc_id ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The sources in publication order, each (document, sentence) once. */
static int line_sources(struct timeline_line *l, const struct draft *d)
{
	const struct timeline_event **s = malloc(d->n * sizeof *s);
	size_t n = 0;

	if (!s)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n; i++)
		s[i] = d->members[i]->ev;
	qsort(s, d->n, sizeof *s, cmp_published);
	for (size_t i = 0; i < d->n; i++) {
		int seen = 0;

		/* a document's events are together: look back through them only */
		for (size_t k = n; k > 0 && !seen && s[k - 1]->doc_id == s[i]->doc_id; k--)
			seen = !strcmp(s[k - 1]->sentence, s[i]->sentence);
		if (!seen)
			s[n++] = s[i];
	}
	l->sources = s;
	l->n_sources = n;
	return DOSSIER_OK;
}

/* meet or talks: what most sources call it, a tie being meet. */
static const char *line_type(const struct timeline_line *l, const struct draft *d)
{
	size_t meet = 0, talks = 0;

	if (!is_meet_family(d->anchor->ev->type))
		return d->anchor->ev->type;
	for (size_t i = 0; i < l->n_sources; i++) {
		if (!strcmp(l->sources[i]->type, "talks"))
			talks++;
		else
			meet++;
	}
	return talks > meet ? "talks" : "meet";
}

static int same_span(const struct doc_day_span *a, const struct doc_day_span *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->end_year == b->end_year && a->end_month == b->end_month &&
	       a->end_day == b->end_day && a->precision == b->precision;
}

/* Whether member c tells the line as it is shown (its status), for a
 * line that happened: a plan's or an agreement's date is not when. */
static int tells_as_shown(const struct timeline_line *l, const struct ev_info *c)
{
	return strcmp(l->status, "occurred") || !strcmp(c->ev->status, l->status);
}

/* Whether some text-dated member tells the line as it is shown. */
static int dated_as_shown(const struct timeline_line *l, const struct draft *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->members[i]->kind == EV_TEXT && tells_as_shown(l, d->members[i]))
			return 1;
	}
	return 0;
}

/*
 * The line's date: the most precise among its text-dated members — of a
 * line that happened, those that tell it happened, when one is dated —
 * the most common of those, then the earliest; without any, the first
 * publication day (date_from_doc); without that, undated.
 */
static void line_date(struct timeline_line *l, const struct draft *d)
{
	const struct ev_info *best = NULL;
	size_t best_count = 0;
	int as_shown = dated_as_shown(l, d);

	memset(&l->when, 0, sizeof l->when);
	for (size_t i = 0; i < d->n; i++) {
		const struct ev_info *c = d->members[i];
		size_t count = 0;

		if (c->kind != EV_TEXT || (as_shown && !tells_as_shown(l, c)))
			continue;
		for (size_t k = 0; k < d->n; k++)
			count += d->members[k]->kind == EV_TEXT &&
				 same_span(&d->members[k]->ev->when, &c->ev->when);
		if (!best || c->precision < best->precision ||
		    (c->precision == best->precision &&
		     (count > best_count || (count == best_count && c->start < best->start)))) {
			best = c;
			best_count = count;
		}
	}
	if (best) {
		l->when = best->ev->when;
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct ev_info *c = d->members[i];

		if (c->kind == EV_DOC && (!best || c->start < best->start))
			best = c;
	}
	if (best) {
		l->when = best->ev->when;
		l->date_from_doc = 1;
	}
}

/* Is `a` published after `b`?  (Undated documents are the oldest.) */
static int published_after(const struct timeline_event *a, const struct timeline_event *b)
{
	if (a->published == DOC_TIME_NONE)
		return 0;
	return b->published == DOC_TIME_NONE || a->published > b->published;
}


/*
 * What the most recently published source says (a plan that later
 * happened has occurred), except that what has occurred does not become
 * a plan again when a later report looks back at the plan; within one
 * day, occurred, then cancelled, refused, planned, proposed.
 */
static const char *line_status(const struct timeline_line *l)
{
	static const int rank[] = { 0, 3, 4, 2, 1 }; /* by event_status_names */
	const struct timeline_event *best = l->sources[0];

	for (size_t i = 1; i < l->n_sources; i++) {
		const struct timeline_event *s = l->sources[i];
		int rs = event_status_of(s->status), rb = event_status_of(best->status);

		rs = rs < 0 ? 99 : rank[rs];
		rb = rb < 0 ? 99 : rank[rb];
		if (event_status_is_plan(s->status) && !strcmp(best->status, "occurred"))
			continue;
		if (published_after(s, best) || (s->published == best->published && rs < rb))
			best = s;
	}
	return best->status;
}

/* One actor's tally while a line's actors are gathered. */
struct tally {
	const struct timeline_actor *actor;
	size_t count, first;
};

static int cmp_tally(const void *pa, const void *pb)
{
	const struct tally *a = pa, *b = pb;
	int pa_person = is_person(a->actor), pb_person = is_person(b->actor);

	if (pa_person != pb_person)
		return pa_person ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* Tallies `ev`'s actors: new ones at the end, counted when `count` is set. */
static int tally_add(struct tally **t, size_t *n, size_t *cap, const struct timeline_event *ev,
		     int count)
{
	for (size_t j = 0; j < ev->n_actors; j++) {
		size_t k = 0;

		while (k < *n && (*t)[k].actor->id != ev->actors[j].id)
			k++;
		if (k == *n) {
			if (*n == *cap) {
				size_t more = *cap ? *cap * 2 : 8;
				struct tally *grown = realloc(*t, more * sizeof **t);

				if (!grown)
					return DOSSIER_ENOMEM;
				*t = grown;
				*cap = more;
			}
			(*t)[(*n)++] = (struct tally){ &ev->actors[j], 0, k };
		}
		(*t)[k].count += count;
	}
	return DOSSIER_OK;
}

/*
 * The actors the reports agree on: the anchor's (the line's first, most
 * precise event) and any other that more than half of the sources name —
 * so one sentence that lists two calls (布朗與劉振立通話…奧斯汀與董軍進行
 * 視訊通話) joins the first call without putting all four people on its
 * line.  People first, the most named first, else in the anchor's order.
 */
static int line_actors(struct timeline_line *l, const struct draft *d)
{
	struct tally *t = NULL;
	size_t n = 0, cap = 0;
	int rc = tally_add(&t, &n, &cap, d->anchor->ev, 0);

	for (size_t i = 0; i < l->n_sources && !rc; i++)
		rc = tally_add(&t, &n, &cap, l->sources[i], 1);
	if (!rc && n && !(l->actors = malloc(n * sizeof *l->actors)))
		rc = DOSSIER_ENOMEM;
	if (rc) {
		free(t);
		return rc;
	}
	if (n)
		qsort(t, n, sizeof *t, cmp_tally);
	for (size_t i = 0; i < n; i++) {
		/* the anchor's, and any named by half the reports or more, two at
		 * least (one sentence listing two calls puts no four on a line) */
		if (t[i].first < d->anchor->ev->n_actors ||
		    (t[i].count >= 2 && t[i].count * 2 >= l->n_sources))
			l->actors[l->n_actors++] = t[i].actor;
	}
	free(t);
	return DOSSIER_OK;
}

/* The place most sources give, the anchor's on a tie; with none from the
 * anchor, only one that more than half of the sources give. */
static void line_place(struct timeline_line *l, const struct draft *d)
{
	/* a place one report of many names is often another event's in its
	 * sentence (奧斯汀與董軍在新加坡的會談，既延續了4月的視訊通話) */
	size_t best_count = d->anchor->ev->place_id ? 0 : l->n_sources / 2;

	l->place = NULL;
	l->place_id = 0;
	for (size_t i = 0; i <= l->n_sources; i++) {
		const struct timeline_event *ev = i == 0 ? d->anchor->ev : l->sources[i - 1];
		size_t count = 0;

		if (!ev->place_id || !ev->place_name)
			continue;
		for (size_t k = 0; k < l->n_sources; k++)
			count += l->sources[k]->place_id == ev->place_id;
		if (count > best_count) {
			best_count = count;
			l->place = ev->place_name;
			l->place_id = ev->place_id;
		}
	}
}

/* ---- the summary ------------------------------------------------------------------ */

#define SUMMARY_NAMES 4

/* Appends names joined as Chinese lists them: A、B與C (at most SUMMARY_NAMES, then 等). */
static int add_names(struct buf *b, const char *const *names, size_t n)
{
	size_t shown = n > SUMMARY_NAMES ? SUMMARY_NAMES : n;
	int rc = 0;

	for (size_t i = 0; i < shown && !rc; i++) {
		if (i)
			rc = buf_adds(b, i + 1 == shown && shown == n ? "與" : "、");
		if (!rc)
			rc = buf_adds(b, names[i]);
	}
	if (!rc && shown < n)
		rc = buf_adds(b, "等");
	return rc;
}

static int name_listed(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], name))
			return 1;
	}
	return 0;
}

/* The parties a summary names: the people, or every actor when none is a person. */
static size_t summary_parties(const struct timeline_line *l, const char **names)
{
	size_t n = 0, people = 0;

	for (size_t i = 0; i < l->n_actors; i++)
		people += is_person(l->actors[i]);
	for (size_t i = 0; i < l->n_actors; i++) {
		if ((!people || is_person(l->actors[i])) &&
		    !name_listed(names, n, l->actors[i]->name))
			names[n++] = l->actors[i]->name;
	}
	return n;
}

/*
 * 裴洛西訪問臺灣: the first person (else the first actor) visits the
 * place, or else the first place or organisation among the actors (the
 * extractor names a visit's destination first, before the countries its
 * people's titles add: 美國眾議院議長裴洛西訪臺 gives 臺灣, 美國, 裴洛西).
 */
/* An actor's role is `role` (an actor read before roles were: any). */
static int has_role(const struct timeline_actor *a, const char *role)
{
	return !a->role || !strcmp(a->role, "party") || !strcmp(a->role, role);
}

/* "visitor 訪問 host": a person among the visitors first, the host the
 * place the visit went to, else an actor that is its host. */
static int summary_visit(struct buf *b, const struct timeline_line *l)
{
	const char *visitor = NULL, *dest = NULL;
	int rc = 0;

	for (size_t i = 0; i < l->n_actors && !visitor; i++) {
		if (is_person(l->actors[i]) && has_role(l->actors[i], "visitor"))
			visitor = l->actors[i]->name;
	}
	for (size_t i = 0; i < l->n_actors && !visitor; i++) {
		if (has_role(l->actors[i], "visitor"))
			visitor = l->actors[i]->name;
	}
	if (l->place && (!visitor || strcmp(l->place, visitor)))
		dest = l->place;
	for (size_t i = 0; i < l->n_actors && !dest; i++) {
		if (!is_person(l->actors[i]) && has_role(l->actors[i], "host") &&
		    (!visitor || strcmp(l->actors[i]->name, visitor)))
			dest = l->actors[i]->name;
	}
	if (visitor)
		rc = buf_adds(b, visitor);
	if (!rc)
		rc = buf_adds(b, dest ? "訪問" : "出訪");
	if (!rc && dest)
		rc = buf_adds(b, dest);
	return rc;
}

/*
 * 中國拒絕與奧斯汀、米利會面, 美國請求李尚福與奧斯汀會面: who asks or
 * refuses is the first actor the anchor report names (the extractor keeps
 * the text's order: 中國拒絕了美方…, and 遭中方拒絕 puts 中方 first); the
 * others are the other people it names, else its first other party.
 */
static int summary_request(struct buf *b, const struct timeline_line *l, const char **names,
			   int refuse, const struct timeline_event *anchor)
{
	size_t n = 0, people = 0;
	const char *agent = NULL;
	int agent_is_person = 0, rc;

	if (anchor && anchor->n_actors) {
		agent = anchor->actors[0].name;
		agent_is_person = is_person(&anchor->actors[0]);
		for (size_t i = 1; i < anchor->n_actors; i++)
			people += is_person(&anchor->actors[i]);
		for (size_t i = 1; i < anchor->n_actors; i++) {
			if ((people ? is_person(&anchor->actors[i]) : !n) &&
			    !name_listed(names, n, anchor->actors[i].name))
				names[n++] = anchor->actors[i].name;
		}
	} else {
		n = summary_parties(l, names);
		agent = n ? names[0] : NULL;
		names++;
		n = n ? n - 1 : 0;
	}
	rc = agent ? buf_adds(b, agent) : 0;
	if (!rc)
		rc = buf_adds(b, refuse ? "拒絕" : "請求");
	if (!rc && n >= 2 && !refuse && !agent_is_person) {
		rc = add_names(b, names, n); /* asking two others to meet */
	} else if (!rc && n) {
		rc = buf_adds(b, "與");
		for (size_t i = 0; i < n && !rc; i++)
			rc = buf_printf(b, "%s%s", i ? "、" : "", names[i]);
	}
	return rc ? rc : buf_adds(b, "會面");
}

static const char *type_verb(const char *type)
{
	static const char *const verbs[][2] = {
		{ "meet", "會晤" },		{ "call", "通話" },
		{ "talks", "會談" },		{ "suspend_dialogue", "中斷對話" },
		{ "resume_dialogue", "恢復對話" }, { "agree", "達成協議" },
	};

	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		if (!strcmp(type, verbs[i][0]))
			return verbs[i][1];
	}
	return type;
}

static const char *status_words(const char *status)
{
	static const char *const words[][2] = {
		{ "planned", "（計劃中）" }, { "proposed", "（提議）" },
		{ "refused", "（遭拒）" },   { "cancelled", "（取消）" },
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!strcmp(status, words[i][0]))
			return words[i][1];
	}
	return "";
}

static int line_summary(struct timeline_line *l, const struct timeline_event *anchor)
{
	struct buf b = BUF_INIT;
	const char **names = calloc(2 * l->n_actors + 2, sizeof *names);
	size_t n;
	int rc;

	if (!names)
		return DOSSIER_ENOMEM;
	if (!strcmp(l->type, "visit")) {
		rc = summary_visit(&b, l);
		n = 0;
	} else if (!strcmp(l->type, "request_meeting")) {
		rc = summary_request(&b, l, names, 0, anchor);
		n = summary_parties(l, names);
	} else if (!strcmp(l->type, "refuse_meeting")) {
		rc = summary_request(&b, l, names, 1, anchor);
		n = summary_parties(l, names);
	} else {
		n = summary_parties(l, names);
		rc = add_names(&b, names, n);
		if (!rc)
			rc = buf_adds(&b, type_verb(l->type));
	}
	if (!rc && l->place && n && !name_listed(names, n, l->place))
		rc = buf_printf(&b, "（%s）", l->place);
	/* 拒絕 says refused already */
	if (!rc && strcmp(l->type, "refuse_meeting"))
		rc = buf_adds(&b, status_words(l->status));
	free(names);
	if (!rc && !(l->summary = buf_detach(&b)))
		rc = DOSSIER_ENOMEM;
	buf_release(&b);
	return rc;
}

static void line_release(struct timeline_line *l)
{
	free(l->actors);
	free(l->sources);
	free(l->summary);
	memset(l, 0, sizeof *l);
}

/* Whether one of the line's people is of country `id` by title. */
static int home_of_a_person(const struct timeline_line *l, int64_t id)
{
	for (size_t i = 0; i < l->n_actors; i++) {
		if (is_person(l->actors[i]) && l->actors[i]->country_id == id)
			return 1;
	}
	return 0;
}

/*
 * A meeting, call or talks between two named people or more shows them,
 * not the country one of them is from (美國國務卿布林肯與中國外長王毅會
 * 晤: the United States met no one) — a reader takes every actor shown for
 * a party.  The country stays findable: --actor matches an actor's
 * country.  Agreements keep their countries: they bind the states.
 */
static void drop_home_countries(struct timeline_line *l)
{
	int t = event_type_of(l->type);
	size_t people = 0, kept = 0;

	if (t != EVENT_MEET && t != EVENT_TALKS && t != EVENT_CALL)
		return;
	for (size_t i = 0; i < l->n_actors; i++)
		people += is_person(l->actors[i]);
	if (people < 2)
		return;
	for (size_t i = 0; i < l->n_actors; i++) {
		if (!is_person(l->actors[i]) && home_of_a_person(l, l->actors[i]->id))
			continue;
		l->actors[kept++] = l->actors[i];
	}
	l->n_actors = kept;
}

/*
 * The sources that tell the line as it is shown come first, each group in
 * publication order: an event that happened cites the report of it, not
 * the announcement the day before (a reader judges a line by the first
 * sentence it cites).
 */
static void sources_telling_first(struct timeline_line *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n_sources; i++) {
		const struct timeline_event *ev = l->sources[i];
		size_t k = i;

		if (strcmp(ev->status, l->status))
			continue;
		for (; k > n; k--) /* stable: shift the ones that disagree */
			l->sources[k] = l->sources[k - 1];
		l->sources[n++] = ev;
	}
}

static int line_finish(struct timeline_line *l, const struct draft *d)
{
	double confidence = 0;
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = line_sources(l, d)) || (rc = line_actors(l, d)))
		goto fail;
	l->type = line_type(l, d);
	drop_home_countries(l);
	l->status = line_status(l);
	line_date(l, d);
	sources_telling_first(l);
	line_place(l, d);
	for (size_t i = 0; i < l->n_sources; i++) {
		if (l->sources[i]->confidence > confidence)
			confidence = l->sources[i]->confidence;
	}
	l->confidence = confidence;
	if ((rc = line_summary(l, d->anchor->ev)))
		goto fail;
	return DOSSIER_OK;
fail:
	line_release(l);
	return rc;
}

/* ---- filters and order -------------------------------------------------------------- */

/* A query checked and turned into days. */
struct checked_query {
	const struct timeline_query *q;
	int from, to; /* days; INT_MIN / INT_MAX: open */
};

static int check_query(const struct timeline_query *q, struct checked_query *c,
		       struct err *e)
{
	c->q = q;
	c->from = INT_MIN;
	c->to = INT_MAX;
	if (!q)
		return DOSSIER_OK;
	if (q->type && event_type_of(q->type) < 0)
		return err_set(e, DOSSIER_EUSAGE,
			       "--type must be one of meet, call, visit, talks, request_meeting, "
			       "refuse_meeting, suspend_dialogue, resume_dialogue, agree, not '%s'",
			       q->type);
	if (q->from && parse_day(q->from, 0, &c->from))
		return err_set(e, DOSSIER_EUSAGE,
			       "--from wants a date as YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", q->from);
	if (q->to && parse_day(q->to, 1, &c->to))
		return err_set(e, DOSSIER_EUSAGE,
			       "--to wants a date as YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", q->to);
	return DOSSIER_OK;
}

int timeline_query_check(const struct timeline_query *q, struct err *e)
{
	struct checked_query c;

	return check_query(q, &c, e);
}

/* Whether the line names one of f's entities as an actor, or as the
 * country an actor's title names (--actor 美國 finds 美國國務卿布林肯's
 * meetings, though the United States is no party of its own). */
static int line_has_any(const struct timeline_line *l, const struct timeline_actor_filter *f)
{
	for (size_t i = 0; i < l->n_actors; i++) {
		for (size_t k = 0; k < f->n; k++) {
			if (l->actors[i]->id == f->ids[k] || l->actors[i]->country_id == f->ids[k])
				return 1;
		}
	}
	return 0;
}

static int line_wanted(const struct timeline_line *l, const struct checked_query *c)
{
	const struct timeline_query *q = c->q;

	if (!q)
		return 1;
	if (q->type && strcmp(l->type, q->type))
		return 0;
	if (q->confident_only && !event_is_confident(l->confidence))
		return 0;
	for (size_t i = 0; i < q->n_actors; i++) {
		if (!line_has_any(l, &q->actors[i]))
			return 0;
	}
	if (q->from || q->to) {
		int start, end;

		if (!l->when.year)
			return 0;
		doc_span_days(&l->when, &start, &end);
		if (end < c->from || start > c->to)
			return 0;
	}
	return 1;
}

static int cmp_line(const void *pa, const void *pb)
{
	const struct timeline_line *a = pa, *b = pb;
	int as = 0, ae = 0, bs = 0, be = 0, c;

	if (!a->when.year || !b->when.year) {
		if (a->when.year || b->when.year)
			return a->when.year ? -1 : 1;
	} else {
		doc_span_days(&a->when, &as, &ae);
		doc_span_days(&b->when, &bs, &be);
		if (as != bs)
			return as < bs ? -1 : 1;
		if (ae != be)
			return ae < be ? -1 : 1;
	}
	if ((c = strcmp(a->type, b->type)))
		return c;
	return cmp_published(&a->sources[0], &b->sources[0]);
}

/* ---- the merge ---------------------------------------------------------------------- */

void timeline_free(struct timeline *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_lines; i++)
		line_release(&t->lines[i]);
	free(t->lines);
	for (size_t i = 0; i < t->n_events; i++)
		timeline_event_release(&t->events[i]);
	free(t->events);
	free(t);
}

static int draft_lines(struct timeline *t, struct drafts *ds, struct ev_info *info,
		       const struct ev_info **order)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < t->n_events; i++) {
		info_init(&info[i], &t->events[i], i);
		order[i] = &info[i];
	}
	if (t->n_events)
		qsort(order, t->n_events, sizeof *order, cmp_info);
	for (size_t i = 0; i < t->n_events && !rc; i++)
		rc = place_event(ds, order[i]);
	return rc;
}

static int finish_lines(struct timeline *t, const struct drafts *ds,
			const struct checked_query *c)
{
	if (ds->n && !(t->lines = calloc(ds->n, sizeof *t->lines)))
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < ds->n; i++) {
		struct timeline_line *l = &t->lines[t->n_lines];
		int rc = line_finish(l, &ds->items[i]);

		if (rc)
			return rc;
		if (line_wanted(l, c))
			t->n_lines++;
		else
			line_release(l);
	}
	if (t->n_lines)
		qsort(t->lines, t->n_lines, sizeof *t->lines, cmp_line);
	return DOSSIER_OK;
}

int timeline_merge(struct timeline_event *events, size_t n, const struct timeline_query *q,
		   struct timeline **out, struct err *e)
{
	struct timeline *t = calloc(1, sizeof *t);
	struct drafts ds = { 0 };
	struct ev_info *info = NULL;
	const struct ev_info **order = NULL;
	struct checked_query c;
	int rc;

	*out = NULL;
	if (!t) {
		for (size_t i = 0; i < n; i++)
			timeline_event_release(&events[i]);
		free(events);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	t->events = events;
	t->n_events = n;
	if ((rc = check_query(q, &c, e)))
		goto fail;
	info = calloc(n ? n : 1, sizeof *info);
	order = calloc(n ? n : 1, sizeof *order);
	if (!info || !order || (rc = draft_lines(t, &ds, info, order)) ||
	    (rc = finish_lines(t, &ds, &c))) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto fail;
	}
	free(info);
	free(order);
	drafts_release(&ds);
	*out = t;
	return DOSSIER_OK;
fail:
	free(info);
	free(order);
	drafts_release(&ds);
	timeline_free(t);
	return rc;
}

/* ---- reading the archive ----------------------------------------------------------- */

struct event_list {
	struct timeline_event *items;
	size_t n, cap;
};

static int collect_event(void *arg, const struct store_event *ev)
{
	struct event_list *list = arg;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		struct timeline_event *items = realloc(list->items, cap * sizeof *items);

		if (!items)
			return DOSSIER_ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	if (timeline_event_copy(&list->items[list->n], ev))
		return DOSSIER_ENOMEM;
	list->n++;
	return DOSSIER_OK;
}

static void format_day(int day, char *out)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	if (y < 1) {
		y = 1;
		m = d = 1;
	} else if (y > 9999) {
		y = 9999;
		m = 12;
		d = 31;
	}
	snprintf(out, TIMELINE_DATE_MAX, "%04d-%02d-%02d", y, m, d);
}

int timeline_build(struct store *s, const struct timeline_query *q, struct timeline **out,
		   struct err *e)
{
	struct store_event_filter f = { NULL, NULL, NULL };
	struct event_list list = { NULL, 0, 0 };
	char from[TIMELINE_DATE_MAX], to[TIMELINE_DATE_MAX];
	struct checked_query c;
	int rc;

	*out = NULL;
	if ((rc = check_query(q, &c, e)))
		return rc;
	/* meet and talks merge, so neither may be read without the other */
	if (q && q->type && !is_meet_family(q->type))
		f.type = q->type;
	/* lines near the edges take members from beyond them */
	if (c.from != INT_MIN) {
		format_day(c.from - WIDEN_DAYS, from);
		f.from = from;
	}
	if (c.to != INT_MAX) {
		format_day(c.to + WIDEN_DAYS, to);
		f.to = to;
	}
	rc = store_events_each(s, &f, collect_event, &list, e);
	if (rc) {
		for (size_t i = 0; i < list.n; i++)
			timeline_event_release(&list.items[i]);
		free(list.items);
		if (rc == DOSSIER_ENOMEM)
			err_set(e, rc, "out of memory");
		return rc;
	}
	return timeline_merge(list.items, list.n, q, out, e);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *date_json(const struct doc_day_span *w, int end)
{
	char date[TIMELINE_DATE_MAX];

	return timeline_format_date(w, end, date) ? json_null() : json_string(date);
}

static json_t *source_json(const struct timeline_event *ev)
{
	char published[DATETIME_ISO_MAX];

	datetime_format_iso(ev->published, published);
	return json_pack("{s:I,s:o,s:s,s:o,s:o,s:o,s:s,s:s,s:o,s:f}", "doc",
			 (json_int_t)ev->doc_id, "url", str_or_null(ev->url), "sentence",
			 ev->sentence, "source", str_or_null(ev->source), "title",
			 str_or_null(ev->title), "published",
			 published[0] ? json_string(published) : json_null(), "type", ev->type,
			 "status", ev->status, "rule", str_or_null(ev->rule), "confidence",
			 ev->confidence);
}

json_t *timeline_line_json(const struct timeline_line *l)
{
	static const char *const precisions[] = { "day", "week", "month", "year" };
	json_t *actors = json_array(), *ids = json_array(), *roles = json_array();
	json_t *sources = json_array();

	if (!actors || !ids || !roles || !sources)
		goto fail;
	for (size_t i = 0; i < l->n_actors; i++) {
		if (json_array_append_new(actors, json_string(l->actors[i]->name)) ||
		    json_array_append_new(ids, json_integer((json_int_t)l->actors[i]->id)) ||
		    json_array_append_new(roles, json_string(l->actors[i]->role ? l->actors[i]->role
										 : "party")))
			goto fail;
	}
	for (size_t i = 0; i < l->n_sources; i++) {
		json_t *o = source_json(l->sources[i]);

		if (!o || json_array_append_new(sources, o))
			goto fail;
	}
	return json_pack("{s:o,s:o,s:o,s:b,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:f,s:b,s:o}", "date",
			 date_json(&l->when, 0), "date_end", date_json(&l->when, 1), "precision",
			 l->when.year ? json_string(precisions[l->when.precision]) : json_null(),
			 "date_from_doc", l->date_from_doc, "type", l->type, "status", l->status,
			 "actors", actors, "actor_ids", ids, "roles", roles, "place",
			 str_or_null(l->place), "summary", l->summary, "confidence", l->confidence,
			 "confident", event_is_confident(l->confidence),
			 "sources", sources);
fail:
	json_decref(actors);
	json_decref(ids);
	json_decref(roles);
	json_decref(sources);
	return NULL;
}
