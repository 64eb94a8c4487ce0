/*
 * Scoring events: the extracted events of a document collapsed, then
 * matched one to one with the gold events — type (meet and talks one
 * family), every gold actor among the extracted ones, agreeing dates —
 * greedily, exact type and status first, then nearest the anchor.
 */
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/utf8.h"
#include "eval/eval_int.h"
#include "extract/extract.h"

/* A pair that cannot be in one part of the text is this far apart. */
#define FAR_AWAY ((size_t)1 << 40)
/* Sentences of false alarms are shown up to this many characters. */
#define SENTENCE_SHOWN 60

/* Extracted events that say the same thing, counted once. */
struct event_group {
	size_t *members; /* indices into d->events, the first shown */
	size_t n;
	char *key;
	int taken;
	int false_alarm; /* matched no gold event and repeats none */
};

/* A gold event with what matching needs. */
struct gold_event {
	const struct eval_gold_event *g;
	char **actors; /* folded */
	struct eval_span when;
	int dated;
	int anchor_part; /* -1: anchor not found */
	size_t anchor_at;
};

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* type, status, date and the sorted actor keys of an event, TAB-joined. */
static char *event_key(const struct doc *d, const struct doc_event *e)
{
	char when[EXTRACT_DATE_STR_MAX];
	size_t *actors = malloc((e->n_actors + 1) * sizeof *actors);
	struct buf b = BUF_INIT;
	int rc;

	if (!actors)
		return NULL;
	if (e->n_actors)
		memcpy(actors, e->actors, e->n_actors * sizeof *actors);
	qsort(actors, e->n_actors, sizeof *actors, cmp_size);
	eval_format_when(&e->when, when);
	rc = buf_printf(&b, "%s\t%s\t%s", e->type ? e->type : "", e->status ? e->status : "",
			when);
	for (size_t i = 0; i < e->n_actors && !rc; i++) {
		if (i && actors[i] == actors[i - 1])
			continue;
		rc = buf_printf(&b, "\t%s",
				actors[i] < d->n_entities ? d->entities[actors[i]].key : "?");
	}
	free(actors);
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void groups_free(struct event_group *groups, size_t n)
{
	for (size_t i = 0; groups && i < n; i++) {
		free(groups[i].members);
		free(groups[i].key);
	}
	free(groups);
}

static int collapse_events(const struct doc *d, struct event_group **out, size_t *n)
{
	struct event_group *groups = calloc(d->n_events + 1, sizeof *groups);

	*n = 0;
	*out = groups;
	if (!groups)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n_events; i++) {
		char *key = event_key(d, &d->events[i]);
		struct event_group *grp = NULL;

		if (!key)
			return DOSSIER_ENOMEM;
		for (size_t k = 0; k < *n && !grp; k++) {
			if (!strcmp(groups[k].key, key))
				grp = &groups[k];
		}
		if (grp) {
			free(key);
		} else {
			grp = &groups[(*n)++];
			grp->key = key;
			grp->members = calloc(d->n_events, sizeof *grp->members);
			if (!grp->members)
				return DOSSIER_ENOMEM;
		}
		grp->members[grp->n++] = i;
	}
	return DOSSIER_OK;
}

/* The family a type is matched in (core/event.h: meet and talks are one). */
static int type_family(const char *type)
{
	return event_family(event_type_of(type));
}

/* The index among e's actors of the one `folded` names, or -1. */
static long actor_index(const struct scored_doc *sd, const char *folded, const struct doc_event *e)
{
	for (size_t i = 0; i < e->n_actors; i++) {
		size_t x = e->actors[i];

		if (x >= sd->d->n_entities)
			continue;
		if (!strcmp(sd->names[x], folded) || eval_in_list(sd->forms[x], sd->n_forms[x], folded))
			return (long)i;
	}
	return -1;
}

static int actor_among(const struct scored_doc *sd, const char *folded, const struct doc_event *e)
{
	return actor_index(sd, folded, e) >= 0;
}

static int dates_agree(const struct gold_event *g, const struct doc_day_span *w)
{
	char iso[EXTRACT_DATE_STR_MAX];
	struct eval_span got;

	if (!g->dated)
		return 1;
	eval_format_when(w, iso);
	if (!w->year || eval_span_parse(iso, &got))
		return 0;
	if (g->when.precision == 0)
		return got.precision == 0 && got.first <= g->when.last && got.last >= g->when.first;
	return got.first >= g->when.first && got.last <= g->when.last;
}

static int event_fits(const struct scored_doc *sd, const struct gold_event *g,
		      const struct doc_event *e)
{
	if (!e->type || type_family(e->type) != type_family(g->g->type) ||
	    type_family(e->type) < 0)
		return 0;
	for (size_t i = 0; i < g->g->n_actors; i++) {
		if (!actor_among(sd, g->actors[i], e))
			return 0;
	}
	return dates_agree(g, &e->when);
}

/* How far the anchor is from the nearest sentence of a group. */
static size_t anchor_distance(const struct scored_doc *sd, const struct gold_event *g,
			      const struct event_group *grp)
{
	size_t best = FAR_AWAY;

	for (size_t i = 0; i < grp->n; i++) {
		const struct doc_event *e = &sd->d->events[grp->members[i]];
		size_t dist;

		if (g->anchor_part < 0 || (int)e->part != g->anchor_part)
			continue;
		if (g->anchor_at < e->start)
			dist = e->start - g->anchor_at;
		else if (g->anchor_at < e->start + e->len)
			dist = 0;
		else
			dist = g->anchor_at - (e->start + e->len) + 1;
		if (dist < best)
			best = dist;
	}
	return best;
}

static int prepare_gold_event(struct scored_doc *sd, const struct eval_gold_event *g,
			      struct gold_event *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->g = g;
	out->anchor_part = -1;
	out->dated = strcmp(g->date, "-") != 0;
	if (out->dated && eval_span_parse(g->date, &out->when))
		out->dated = 0; /* the parser checked it; cannot happen */
	for (int p = 0; p < 3 && out->anchor_part < 0; p++) {
		const char *at = strstr(sd->part[p], g->anchor);

		if (at) {
			out->anchor_part = p;
			out->anchor_at = (size_t)(at - sd->part[p]);
		}
	}
	rc = eval_fold_list(sd->ev, g->actors, g->n_actors, &out->actors);
	if (!rc && out->anchor_part < 0)
		rc = eval_warn(sd, g->line, "anchor", g->anchor);
	for (size_t i = 0; i < g->n_actors && !rc && out->actors; i++) {
		if (!eval_doc_has(sd, out->actors[i]))
			rc = eval_warn(sd, g->line, "actor", g->actors[i]);
	}
	return rc;
}

struct event_pair {
	size_t gold, group;
	unsigned long long cost;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct event_pair *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	if (x->gold != y->gold)
		return x->gold < y->gold ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* Every gold event and group that fit, cheapest first. */
static int fitting_pairs(const struct scored_doc *sd, const struct gold_event *gold,
			 size_t n_gold, const struct event_group *groups, size_t n_groups,
			 struct event_pair **out, size_t *n)
{
	*n = 0;
	*out = calloc(n_gold * n_groups + 1, sizeof **out);
	if (!*out)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < n_gold; i++) {
		for (size_t k = 0; k < n_groups; k++) {
			const struct doc_event *e = &sd->d->events[groups[k].members[0]];
			unsigned long long cost = anchor_distance(sd, &gold[i], &groups[k]);

			if (!event_fits(sd, &gold[i], e))
				continue;
			if (strcmp(e->type, gold[i].g->type))
				cost += 1ULL << 50;
			if (!e->status || strcmp(e->status, gold[i].g->status))
				cost += 1ULL << 45;
			(*out)[(*n)++] = (struct event_pair){ i, k, cost };
		}
	}
	qsort(*out, *n, sizeof **out, cmp_pair);
	return DOSSIER_OK;
}

/* An extracted event as a line: type status date actors «sentence». */
static char *describe_event(const struct scored_doc *sd, const struct doc_event *e)
{
	char when[EXTRACT_DATE_STR_MAX];
	struct buf b = BUF_INIT;
	const char *text = (int)e->part >= 0 && e->part <= 2 ? sd->part[e->part] : "";
	size_t len = (int)e->part >= 0 && e->part <= 2 ? sd->part_len[e->part] : 0;
	size_t start = e->start < len ? e->start : len, end = start, chars = 0;
	int rc;

	while (end < len && end < e->start + e->len && chars < SENTENCE_SHOWN) {
		utf8_next(text, len, &end);
		chars++;
	}
	eval_format_when(&e->when, when);
	rc = buf_printf(&b, "%s %s %s ", e->type ? e->type : "?", e->status ? e->status : "?",
			when);
	for (size_t i = 0; i < e->n_actors && !rc; i++)
		rc = buf_printf(&b, "%s%s", i ? "|" : "",
				e->actors[i] < sd->d->n_entities ? sd->d->entities[e->actors[i]].name
								 : "?");
	if (!e->n_actors && !rc)
		rc = buf_addc(&b, '-');
	if (!rc)
		rc = buf_printf(&b, " «%.*s%s»", (int)(end - start), text + start,
				end < e->start + e->len && end < len ? "…" : "");
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static char *describe_gold(const struct eval_gold_event *g)
{
	struct buf b = BUF_INIT;
	int rc = buf_printf(&b, "%s %s %s ", g->type, g->status, g->date);

	for (size_t i = 0; i < g->n_actors && !rc; i++)
		rc = buf_printf(&b, "%s%s", i ? "|" : "", g->actors[i]);
	if (!rc)
		rc = buf_printf(&b, " «%s»", g->anchor);
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/*
 * The roles of a matched pair: each gold actor with a role other than
 * party (a visitor, a host, who asked, who refused) is right when the
 * extracted actor it matched has that role.
 */
static void score_roles(struct scored_doc *sd, const struct gold_event *g,
			const struct doc_event *e)
{
	for (size_t i = 0; i < g->g->n_actors; i++) {
		const char *want = g->g->roles ? g->g->roles[i] : "party";
		long k;

		if (!strcmp(want, "party") || !strcmp(want, "initiator"))
			continue;
		sd->ev->roles_gold++;
		k = g->actors ? actor_index(sd, g->actors[i], e) : -1;
		if (k >= 0 && e->roles && e->roles[k] < EVENT_ROLES &&
		    !strcmp(event_role_names[e->roles[k]], want))
			sd->ev->roles_right++;
	}
}

/* Counts a matched pair, and whether the extracted event names an actor
 * that no gold actor is (a home country, a ministry, a bystander). */
static void score_extra_actors(struct scored_doc *sd, const struct gold_event *g,
			       const struct doc_event *e)
{
	size_t named = 0;

	for (size_t k = 0; k < e->n_actors; k++) {
		for (size_t i = 0; g->actors && i < g->g->n_actors; i++) {
			if (actor_index(sd, g->actors[i], e) == (long)k) {
				named++;
				break;
			}
		}
	}
	sd->ev->matched++;
	sd->ev->matched_extra += named < e->n_actors;
}

/* Adds one extracted event, right or not, to the row `name` of the trust table. */
static void trust_add(struct eval *ev, const char *name, int right)
{
	size_t i = 0;

	while (i < ev->n_trust && strcmp(ev->trust[i].name, name))
		i++;
	if (i == ev->n_trust) {
		if (ev->n_trust == EVAL_TRUST_MAX)
			return;
		snprintf(ev->trust[i].name, sizeof ev->trust[i].name, "%s", name);
		ev->n_trust++;
	}
	if (right)
		ev->trust[i].right++;
	else
		ev->trust[i].wrong++;
}

/*
 * Files an extracted event under what it was read with: its confidence
 * band, each part of its rule (meet-verb, +request, +coref), a date that
 * is only the report's, a lone actor.
 */
static void trust_event(struct eval *ev, const struct doc_event *e, int right)
{
	const char *rule = e->rule ? e->rule : "";
	char part[32];

	trust_add(ev, e->confidence >= 0.85 ? "confidence >= 0.85"
		      : e->confidence >= EVENT_CONFIDENT ? "confidence 0.75-0.85"
							 : "confidence < 0.75", right);
	while (*rule) {
		size_t n = strcspn(rule + 1, "+") + 1;

		snprintf(part, sizeof part, "rule %.*s", (int)(n < 24 ? n : 24), rule);
		trust_add(ev, part, right);
		rule += n;
	}
	if (e->date_from_doc || !e->when.year)
		trust_add(ev, "dated by the report", right);
	if (e->n_actors < 2)
		trust_add(ev, "one actor", right);
	trust_add(ev, "all", right);
}

/* Counts one matched pair: its type confusion and its status. */
static int event_matched(struct scored_doc *sd, const struct eval_gold_event *g,
			 const struct doc_event *e)
{
	int same_status = e->status && !strcmp(e->status, g->status);
	int rc = DOSSIER_OK;

	/* What did not happen, told as having happened: the worst status error. */
	if (event_status_of(g->status) != EVENT_OCCURRED) {
		sd->ev->not_occurred++;
		if (event_status_of(e->status) == EVENT_OCCURRED)
			sd->ev->not_occurred_as_occurred++;
	}
	eval_count(sd->ev, EVAL_EVENT, g->type, 1, 0, 0);
	if (strcmp(e->type, g->type))
		rc = eval_add_item(sd->ev, EVAL_EVENT, "type", sd->g->doc,
			      eval_format("gold %s, extracted %s: %s «%s»", g->type, e->type,
				     g->date, g->anchor));
	if (same_status) {
		eval_count(sd->ev, EVAL_EVENT_STRICT, g->type, 1, 0, 0);
		return rc;
	}
	eval_count(sd->ev, EVAL_EVENT_STRICT, g->type, 0, 0, 1);
	eval_count(sd->ev, EVAL_EVENT_STRICT, e->type, 0, 1, 0);
	if (!rc)
		rc = eval_add_item(sd->ev, EVAL_EVENT_STRICT, "status", sd->g->doc,
			      eval_format("gold %s, extracted %s: %s %s «%s»", g->status,
				     e->status ? e->status : "?", g->type, g->date, g->anchor));
	return rc;
}

/* Whether group k fits a gold event that another group matched. */
static int repeats_matched(const struct event_pair *pairs, size_t n_pairs,
			   const unsigned char *gold_taken, size_t k)
{
	for (size_t p = 0; p < n_pairs; p++) {
		if (pairs[p].group == k && gold_taken[pairs[p].gold])
			return 1;
	}
	return 0;
}

static int match_events(struct scored_doc *sd, struct gold_event *gold, size_t n_gold,
			struct event_group *groups, size_t n_groups)
{
	struct event_pair *pairs = NULL;
	unsigned char *gold_taken = calloc(n_gold + 1, 1);
	size_t n_pairs = 0;
	int rc = gold_taken ? fitting_pairs(sd, gold, n_gold, groups, n_groups, &pairs, &n_pairs)
			    : DOSSIER_ENOMEM;

	for (size_t p = 0; p < n_pairs && !rc; p++) {
		struct event_pair *pr = &pairs[p];

		if (gold_taken[pr->gold] || groups[pr->group].taken)
			continue;
		gold_taken[pr->gold] = 1;
		groups[pr->group].taken = 1;
		score_roles(sd, &gold[pr->gold], &sd->d->events[groups[pr->group].members[0]]);
		score_extra_actors(sd, &gold[pr->gold],
				   &sd->d->events[groups[pr->group].members[0]]);
		{
			const struct doc_event *e = &sd->d->events[groups[pr->group].members[0]];

			trust_event(sd->ev, e, e->status && !strcmp(e->status, gold[pr->gold].g->status));
		}
		rc = event_matched(sd, gold[pr->gold].g,
				   &sd->d->events[groups[pr->group].members[0]]);
	}
	for (size_t i = 0; i < n_gold && !rc; i++) {
		if (gold_taken[i])
			continue;
		if (event_status_of(gold[i].g->status) != EVENT_OCCURRED)
			sd->ev->not_occurred++;
		eval_count(sd->ev, EVAL_EVENT, gold[i].g->type, 0, 0, 1);
		eval_count(sd->ev, EVAL_EVENT_STRICT, gold[i].g->type, 0, 0, 1);
		rc = eval_add_item(sd->ev, EVAL_EVENT, "miss", sd->g->doc, describe_gold(gold[i].g));
	}
	for (size_t k = 0; k < n_groups && !rc; k++) {
		const struct doc_event *e = &sd->d->events[groups[k].members[0]];

		if (groups[k].taken)
			continue;
		if (repeats_matched(pairs, n_pairs, gold_taken, k)) {
			/* another report of an event matched already, in other
			 * words or with another date (中國拒絕了美方的會晤請求 …
			 * 中國不願奧斯汀和李尚福會談): the timeline makes them one
			 * line, so no false alarm — but listed, and counted apart */
			sd->ev->repeats++;
			rc = eval_add_item(sd->ev, EVAL_EVENT, "repeat", sd->g->doc,
					   describe_event(sd, e));
			continue;
		}
		groups[k].false_alarm = 1;
		trust_event(sd->ev, e, 0);
		eval_count(sd->ev, EVAL_EVENT, e->type ? e->type : "", 0, 1, 0);
		eval_count(sd->ev, EVAL_EVENT_STRICT, e->type ? e->type : "", 0, 1, 0);
		rc = eval_add_item(sd->ev, EVAL_EVENT, "false", sd->g->doc, describe_event(sd, e));
	}
	free(pairs);
	free(gold_taken);
	return rc;
}

/*
 * A gold nonevent (a meeting denied, asked about, wished for, referred
 * back to) that an extracted event, occurred and matched to no gold event,
 * tells as having happened: its sentence holds the nonevent's anchor and
 * its type is of the same family.  Each nonevent counts once.
 */
static int score_nonevents(struct scored_doc *sd, const struct event_group *groups,
			   size_t n_groups)
{
	const struct eval_gold *g = sd->g;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < g->n_nonevents && !rc; i++) {
		const struct eval_gold_nonevent *ne = &g->nonevents[i];
		int part = -1;
		size_t at = 0;

		sd->ev->nonevents++;
		for (int p = 0; p < 3 && part < 0; p++) {
			const char *found = strstr(sd->part[p], ne->anchor);

			if (found) {
				part = p;
				at = (size_t)(found - sd->part[p]);
			}
		}
		if (part < 0) {
			rc = eval_warn(sd, ne->line, "anchor", ne->anchor);
			continue;
		}
		for (size_t k = 0; k < n_groups; k++) {
			const struct doc_event *e = &sd->d->events[groups[k].members[0]];

			if (!groups[k].false_alarm || (int)e->part != part || at < e->start ||
			    at >= e->start + e->len || event_status_of(e->status) != EVENT_OCCURRED ||
			    type_family(e->type) != type_family(ne->type))
				continue;
			char *told = describe_event(sd, e);

			sd->ev->nonevents_as_occurred++;
			rc = eval_add_item(sd->ev, EVAL_EVENT, "nonevent", sd->g->doc,
					   told ? eval_format("%s (%s) told as: %s", ne->type, ne->why,
							      told)
						: NULL);
			free(told);
			break;
		}
	}
	return rc;
}

int eval_score_events(struct scored_doc *sd)
{
	const struct eval_gold *g = sd->g;
	struct gold_event *gold = calloc(g->n_events + 1, sizeof *gold);
	struct event_group *groups = NULL;
	size_t n_groups = 0;
	int rc = gold ? DOSSIER_OK : DOSSIER_ENOMEM;

	for (size_t i = 0; i < g->n_events && !rc; i++)
		rc = prepare_gold_event(sd, &g->events[i], &gold[i]);
	if (!rc)
		rc = collapse_events(sd->d, &groups, &n_groups);
	if (!rc) {
		sd->ev->gold[EVAL_EVENT] += g->n_events;
		rc = match_events(sd, gold, g->n_events, groups, n_groups);
	}
	if (!rc)
		rc = score_nonevents(sd, groups, n_groups);
	for (size_t i = 0; gold && i < g->n_events; i++)
		eval_free_folded(gold[i].actors, g->events[i].n_actors);
	free(gold);
	groups_free(groups, sd->d->n_events); /* unused slots are zero */
	return rc;
}
