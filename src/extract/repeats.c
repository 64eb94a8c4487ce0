/*
 * Each event once per document: an event that tells again what another
 * event of the document tells goes (a headline's undated 王毅與蘇利文會晤
 * beside the body's dated one; the same meeting in the body and in a
 * caption).  The rule, event e (index i) against event f (index k):
 *
 *   same family (meet and talks are one; else the same type), and
 *   the same parties: when both name people, at least min(2, the fewer
 *   people) shared; else at least min(2, the fewer actors) shared actors,
 *   never none; and either
 *   - e is undated (no date, or the publication day's) and f is dated, or
 *   - both have the same days and the same kind of date, and f is in the
 *     body while e is not, or they are in the same part and f comes first;
 *
 * and the verdicts are reached in document order, so that f counts when it
 * comes later or was kept itself.
 *
 * Asking that of every pair (repeats_pairwise) costs the square of the
 * number of events: minutes for a document of a few megabytes.  The same
 * verdicts come from keys: the parties rule holds exactly when e looks
 * for a key that f offers (a person, a pair of people, an actor, a pair of
 * actors, each tagged with which side of the rule it serves), and the date
 * rule is kept by looking only among the events with the same days
 * (grouped) or, for an undated e, among every dated one (by key, with the
 * latest of them and the first kept one).  Every event offers and looks
 * for a handful of keys, so the cost is linear in the events.
 */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/event.h"
#include "core/err.h"
#include "extract/extract_int.h"

/* ---- the rule, pair by pair ---------------------------------------------------- */


static int is_person(const struct doc *d, size_t entity)
{
	return !strcmp(d->entities[entity].type, "person");
}

static int is_place(const struct doc *d, size_t entity)
{
	return !strcmp(d->entities[entity].type, "place");
}

static size_t shared_actors(const struct doc *d, const struct doc_event *a,
			    const struct doc_event *b, int people_only)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_actors; i++) {
		if (people_only && !is_person(d, a->actors[i]))
			continue;
		for (size_t k = 0; k < b->n_actors; k++)
			n += a->actors[i] == b->actors[k];
	}
	return n;
}

static size_t people_of(const struct doc *d, const struct doc_event *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_actors; i++)
		n += is_person(d, ev->actors[i]);
	return n;
}

/*
 * The parties rule of core/event.h, as across documents (same_document 0):
 * a repeat is dropped for good, so it keeps the stricter rule of two
 * shared actors where the timeline, which only groups, asks for one.
 */
static int same_parties(const struct doc *d, const struct doc_event *a, const struct doc_event *b)
{
	struct event_parties p = {
		.actors = { a->n_actors, b->n_actors },
		.people = { people_of(d, a), people_of(d, b) },
		.same_document = 0,
	};

	p.shared_people = shared_actors(d, a, b, 1);
	p.shared_actors = shared_actors(d, a, b, 0);
	return event_parties_agree(&p);
}

static int undated(const struct doc_event *e)
{
	return e->date_from_doc || !e->when.year;
}

static int same_days(const struct doc_event *e, const struct doc_event *f)
{
	return !memcmp(&e->when, &f->when, sizeof e->when) && e->date_from_doc == f->date_from_doc;
}

/* Whether y hosts `place`, or the country a capital host of x stands for
 * (訪華 and 抵達北京 go to one place). */
static int hosts(const struct doc_event *y, size_t place, size_t country)
{
	for (size_t k = 0; y->roles && k < y->n_actors; k++) {
		if (y->roles[k] == EVENT_ROLE_HOST &&
		    (y->actors[k] == place || (country != DOC_NO_ENTITY && y->actors[k] == country)))
			return 1;
	}
	return 0;
}

/* The host places of a visit (none for other types), as a set: a tour
 * told in one clause is one visit per country, never repeats.  A capital
 * visited beside its country is that country's. */
static int same_hosts(const struct doc *d, const struct doc_event *e, const struct doc_event *f)
{
	for (int side = 0; side < 2; side++) {
		const struct doc_event *x = side ? f : e, *y = side ? e : f;

		for (size_t i = 0; x->roles && i < x->n_actors; i++) {
			size_t country = x->countries && x->countries[i] != x->actors[i]
						 ? x->countries[i] : DOC_NO_ENTITY;

			if (x->roles[i] != EVENT_ROLE_HOST || !is_place(d, x->actors[i]))
				continue;
			if (!hosts(y, x->actors[i], country))
				return 0;
		}
	}
	return 1;
}

/* One family: meet and talks one, every other type its own, and a visit
 * one per set of places visited. */
static int same_family(const struct doc *d, const struct doc_event *e, const struct doc_event *f)
{
	return event_same_family(e->type, f->type) &&
	       (event_type_of(e->type) != EVENT_VISIT || same_hosts(d, e, f));
}

static int repeats(const struct doc *d, size_t i, size_t k)
{
	const struct doc_event *e = &d->events[i], *f = &d->events[k];

	if (!same_family(d, e, f) || !same_parties(d, e, f))
		return 0;
	if (undated(e) && !undated(f))
		return 1;
	if (!same_days(e, f))
		return 0;
	if (e->part != f->part)
		return f->part == DOC_PART_BODY;
	return k < i;
}

void repeats_pairwise(const struct doc *d, unsigned char *repeat)
{
	memset(repeat, 0, d->n_events);
	for (size_t i = 0; i < d->n_events; i++) {
		for (size_t k = 0; k < d->n_events && !repeat[i]; k++)
			repeat[i] = k != i && !repeat[k] && repeats(d, i, k);
	}
}

/* ---- keys ---------------------------------------------------------------------- */

/*
 * What a key stands for.  P: people, when both events name some (P1: the
 * one person of an event naming one; P2: a person or pair of people of an
 * event naming two or more).  A: actors, when either names nobody, tagged
 * by whether the offering event names people (AH) or not (AN): AN1, ANANY,
 * ANPAIR as P1, P2 and pairs.
 */
enum key_kind {
	K_P1 = 1,
	K_P2ONE,
	K_P2PAIR,
	K_AN1,
	K_ANANY,
	K_ANPAIR,
	K_AH1,
	K_AHANY,
	K_AHPAIR,
};

/* Entities and events are numbered below UINT32_MAX here (repeats_find
 * asks the pairs otherwise), which keeps a key and its slot small. */
#define NONE32 UINT32_MAX

struct key {
	uint32_t a, b; /* entities; b is NONE32 for one */
	uint32_t kind_family; /* enum key_kind << 24 | family; 0: a free slot */
};

typedef int (*key_fn)(void *arg, const struct key *k);

static struct key key_of(size_t a, size_t b, enum key_kind kind, uint32_t family)
{
	size_t lo = a < b ? a : b, hi = a < b ? b : a;

	return (struct key){ (uint32_t)lo, hi == SIZE_MAX ? NONE32 : (uint32_t)hi,
			     (uint32_t)kind << 24 | family };
}

static int key_pairs(const size_t *v, size_t n, enum key_kind one, enum key_kind pair,
		     uint32_t family, key_fn fn, void *arg)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		struct key k = key_of(v[i], SIZE_MAX, one, family);

		rc = fn(arg, &k);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		for (size_t j = i + 1; j < n && !rc; j++) {
			struct key k = key_of(v[i], v[j], pair, family);

			rc = fn(arg, &k);
		}
	}
	return rc;
}

/* One key to fn. */
static int key_one(size_t a, enum key_kind kind, uint32_t family, key_fn fn, void *arg)
{
	struct key k = key_of(a, SIZE_MAX, kind, family);

	return fn(arg, &k);
}

/* The people and all actors of an event (into scratch arrays of n_actors). */
static size_t split_people(const struct doc *d, const struct doc_event *ev, size_t *people)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		if (is_person(d, ev->actors[i]))
			people[n++] = ev->actors[i];
	}
	return n;
}

/* The keys event ev offers (as f) or looks for (as e), each given to fn. */
static int each_key(const struct doc *d, const struct doc_event *ev, uint32_t family, int offer,
		    size_t *people, key_fn fn, void *arg)
{
	size_t np = split_people(d, ev, people), na = ev->n_actors;
	const size_t *all = ev->actors;
	int rc = DOSSIER_OK;

	if (np == 1) {
		rc = key_one(people[0], K_P1, family, fn, arg);
		if (!rc && !offer)
			rc = key_one(people[0], K_P2ONE, family, fn, arg);
	} else if (np >= 2) {
		rc = offer ? key_pairs(people, np, K_P2ONE, K_P2PAIR, family, fn, arg)
			   : key_pairs(people, np, K_P1, K_P2PAIR, family, fn, arg);
	}
	for (int tag = 0; tag < 2 && !rc; tag++) {
		/* tag 0: AN keys; tag 1: AH keys */
		enum key_kind one = tag ? K_AH1 : K_AN1, any = tag ? K_AHANY : K_ANANY,
			      pair = tag ? K_AHPAIR : K_ANPAIR;

		if (offer ? (tag != (np > 0)) : (tag && np > 0))
			continue; /* offered under its own tag; looked for under AN, and AH without people */
		if (na == 1) {
			rc = key_one(all[0], one, family, fn, arg);
			if (!rc && !offer)
				rc = key_one(all[0], any, family, fn, arg);
		} else if (na >= 2) {
			rc = offer ? key_pairs(all, na, any, pair, family, fn, arg)
				   : key_pairs(all, na, one, pair, family, fn, arg);
		}
	}
	return rc;
}

/* ---- a table of keys ------------------------------------------------------------- */

/* What is known of the events offering a key. */
struct slot {
	struct key key;
	uint32_t last;       /* the latest offering event (the body's, in a group), or NONE32 */
	uint32_t first_kept; /* the first kept one, or NONE32 */
	unsigned kept_parts; /* in a group: the parts of kept offering events, one bit each */
};

struct table {
	struct slot *slots;
	size_t cap, n;
};

static uint64_t key_hash(const struct key *k)
{
	uint64_t h = ((uint64_t)k->a << 32 | k->b) * 0x9e3779b97f4a7c15ULL;

	h ^= (h >> 29) ^ ((uint64_t)k->kind_family * 0xbf58476d1ce4e5b9ULL);
	return h ^ (h >> 32);
}

static int same_key(const struct key *x, const struct key *y)
{
	return x->kind_family == y->kind_family && x->a == y->a && x->b == y->b;
}

/* The slot of k: found, or free (kind 0) where it would go. */
static struct slot *table_slot(const struct table *t, const struct key *k)
{
	size_t i = (size_t)key_hash(k) & (t->cap - 1);

	for (;; i = (i + 1) & (t->cap - 1)) {
		struct slot *s = &t->slots[i];

		if (!s->key.kind_family || same_key(&s->key, k))
			return s;
	}
}

/* Room for one more key: the table at most half full, grown by doubling. */
static int table_reserve(struct table *t)
{
	struct slot *old = t->slots;
	size_t old_cap = t->cap;

	if ((t->n + 1) * 2 <= t->cap)
		return DOSSIER_OK;
	t->cap = old_cap ? old_cap * 2 : 64;
	t->slots = calloc(t->cap, sizeof *t->slots);
	if (!t->slots) {
		t->slots = old;
		t->cap = old_cap;
		return DOSSIER_ENOMEM;
	}
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].key.kind_family)
			*table_slot(t, &old[i].key) = old[i];
	}
	free(old);
	return DOSSIER_OK;
}

/* ---- the verdicts ----------------------------------------------------------------- */

struct pass {
	const struct doc *d;
	struct table t;
	size_t i;       /* the event offering or looking */
	int part;       /* its part */
	int found;      /* a look found one */
	int in_group;   /* the table is one group's (same days), not the dated events' */
};

/* Records event p->i offering k. */
static int offer_key(void *arg, const struct key *k)
{
	struct pass *p = arg;
	struct slot *s;
	int rc = table_reserve(&p->t);

	if (rc)
		return rc;
	s = table_slot(&p->t, k);
	if (!s->key.kind_family) {
		*s = (struct slot){ *k, NONE32, NONE32, 0 };
		p->t.n++;
	}
	if (!p->in_group || p->part == DOC_PART_BODY)
		s->last = s->last == NONE32 || p->i > s->last ? (uint32_t)p->i : s->last;
	return DOSSIER_OK;
}

/* Records that event p->i, which offers k (in the table), is kept. */
static int keep_key(void *arg, const struct key *k)
{
	struct pass *p = arg;
	struct slot *s = table_slot(&p->t, k);

	s->kept_parts |= 1u << p->part;
	if (s->first_kept == NONE32 || p->i < s->first_kept)
		s->first_kept = (uint32_t)p->i;
	return DOSSIER_OK;
}

/* Whether an event offering k makes event p->i a repeat. */
static int look_key(void *arg, const struct key *k)
{
	struct pass *p = arg;
	const struct slot *s = table_slot(&p->t, k);

	if (!s->key.kind_family)
		return DOSSIER_OK;
	if (!p->in_group) {
		/* a dated one: later, or earlier and kept */
		p->found |= (s->last != NONE32 && s->last > p->i) ||
			    (s->first_kept != NONE32 && s->first_kept < p->i);
		return DOSSIER_OK;
	}
	/* the same days: the body's, later or kept, for an event elsewhere;
	 * an earlier kept one of the same part */
	if (p->part != DOC_PART_BODY)
		p->found |= (s->last != NONE32 && s->last > p->i) ||
			    (s->kept_parts & (1u << DOC_PART_BODY));
	p->found |= (s->kept_parts & (1u << p->part)) != 0;
	return DOSSIER_OK;
}

/* An event as the grouping sorts it: family, kind of date, days, place. */
struct sorted_event {
	uint32_t family;
	int date_from_doc;
	struct doc_day_span when;
	size_t index;
};

static int group_order(const void *pa, const void *pb)
{
	const struct sorted_event *a = pa, *b = pb;
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->date_from_doc != b->date_from_doc)
		return a->date_from_doc < b->date_from_doc ? -1 : 1;
	c = memcmp(&a->when, &b->when, sizeof a->when);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The keys of events order[0..n), offered into the (empty) table of p. */
static int offer_all(struct pass *p, const size_t *order, size_t n, const uint32_t *family,
		     size_t *people)
{
	int rc = table_reserve(&p->t);

	for (size_t j = 0; j < n && !rc; j++) {
		p->i = order[j];
		p->part = (int)p->d->events[p->i].part;
		rc = each_key(p->d, &p->d->events[p->i], family[p->i], 1, people, offer_key, p);
	}
	return rc;
}

/*
 * One group (the same family, days and kind of date), in document order:
 * each event against the group's others, and for an undated one against
 * the dated events of `dated` too.
 */
static int judge_group(const struct doc *d, const size_t *order, size_t n, const uint32_t *family,
		       const struct pass *dated, size_t *people, unsigned char *repeat)
{
	struct pass p = { .d = d, .in_group = 1 };
	int rc = offer_all(&p, order, n, family, people);

	for (size_t j = 0; j < n && !rc; j++) {
		size_t i = order[j];
		const struct doc_event *e = &d->events[i];

		p.i = i;
		p.part = (int)e->part;
		p.found = 0;
		rc = each_key(d, e, family[i], 0, people, look_key, &p);
		if (!rc && !p.found && dated && undated(e)) {
			struct pass q = *dated;

			q.i = i;
			q.found = 0;
			rc = each_key(d, e, family[i], 0, people, look_key, &q);
			p.found = q.found;
		}
		repeat[i] = (unsigned char)p.found;
		if (!rc && !p.found)
			rc = each_key(d, e, family[i], 1, people, keep_key, &p);
	}
	free(p.t.slots);
	return rc;
}

/* Whether some event names an actor twice (the keys count each once). */
static int has_twice_named(const struct doc *d)
{
	for (size_t i = 0; i < d->n_events; i++) {
		const struct doc_event *e = &d->events[i];

		for (size_t a = 0; a < e->n_actors; a++) {
			for (size_t b = a + 1; b < e->n_actors; b++) {
				if (e->actors[a] == e->actors[b])
					return 1;
			}
		}
	}
	return 0;
}

/* Numbers the families (same_family: a handful of types, and a visit per
 * set of places visited).  DOSSIER_ETOOBIG past what a key holds. */
static int number_families(const struct doc *d, uint32_t *family)
{
	size_t *first = malloc((d->n_events + 1) * sizeof *first);
	uint32_t n = 0;

	if (!first)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < d->n_events; i++) {
		uint32_t k = 0;

		while (k < n && !same_family(d, &d->events[first[k]], &d->events[i]))
			k++;
		if (k == n)
			first[n++] = i;
		family[i] = k;
	}
	free(first);
	return n < (1u << 24) ? DOSSIER_OK : DOSSIER_ETOOBIG;
}

/*
 * Judges the groups of events order[0..n) (sorted by group_order) that are
 * dated, or undated (then also against the dated events in `dated`).
 */
static int judge_groups(const struct doc *d, const size_t *order, size_t n,
			const uint32_t *family, int want_undated, const struct pass *dated,
			size_t *people, unsigned char *repeat)
{
	int rc = DOSSIER_OK;

	for (size_t j = 0; j < n && !rc;) {
		size_t k = j + 1;

		while (k < n && family[order[k]] == family[order[j]] &&
		       same_days(&d->events[order[k]], &d->events[order[j]]))
			k++;
		if (undated(&d->events[order[j]]) == want_undated)
			rc = judge_group(d, order + j, k - j, family, dated, people, repeat);
		j = k;
	}
	return rc;
}

/* Every dated event by key, for the undated ones: the latest offering
 * each key, and the first kept. */
static int index_dated(struct pass *dated, const size_t *order, size_t n, const uint32_t *family,
		       size_t *people, const unsigned char *repeat)
{
	const struct doc *d = dated->d;
	size_t *list = calloc(n + 1, sizeof *list), n_dated = 0;
	int rc;

	if (!list)
		return DOSSIER_ENOMEM;
	for (size_t j = 0; j < n; j++) {
		if (!undated(&d->events[order[j]]))
			list[n_dated++] = order[j];
	}
	rc = offer_all(dated, list, n_dated, family, people);
	for (size_t j = 0; j < n_dated && !rc; j++) {
		dated->i = list[j];
		dated->part = (int)d->events[dated->i].part;
		if (!repeat[dated->i])
			rc = each_key(d, &d->events[dated->i], family[dated->i], 1, people, keep_key,
				      dated);
	}
	free(list);
	return rc;
}

int repeats_find(const struct doc *d, unsigned char *repeat)
{
	struct sorted_event *sorted = NULL;
	uint32_t *family = NULL;
	size_t *order = NULL, *people = NULL, max_actors = 1, n = d->n_events;
	struct pass dated = { .d = d };
	int rc = DOSSIER_OK;

	if (has_twice_named(d) || d->n_events >= NONE32 || d->n_entities >= NONE32) {
		repeats_pairwise(d, repeat);
		return DOSSIER_OK;
	}
	memset(repeat, 0, n);
	for (size_t i = 0; i < n; i++)
		max_actors = d->events[i].n_actors > max_actors ? d->events[i].n_actors : max_actors;
	family = malloc((n + 1) * sizeof *family);
	sorted = malloc((n + 1) * sizeof *sorted);
	order = malloc((n + 1) * sizeof *order);
	people = malloc(max_actors * sizeof *people);
	if (!family || !sorted || !order || !people) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	rc = number_families(d, family);
	if (rc == DOSSIER_ETOOBIG) {
		repeats_pairwise(d, repeat);
		rc = DOSSIER_OK;
		goto done;
	}
	if (rc)
		goto done;
	for (size_t i = 0; i < n; i++)
		sorted[i] = (struct sorted_event){ family[i], d->events[i].date_from_doc,
						   d->events[i].when, i };
	qsort(sorted, n, sizeof *sorted, group_order);
	for (size_t i = 0; i < n; i++)
		order[i] = sorted[i].index;
	/* the dated first: their verdicts never depend on undated events */
	rc = judge_groups(d, order, n, family, 0, NULL, people, repeat);
	if (!rc)
		rc = index_dated(&dated, order, n, family, people, repeat);
	if (!rc)
		rc = judge_groups(d, order, n, family, 1, &dated, people, repeat);
done:
	free(dated.t.slots);
	free(family);
	free(sorted);
	free(order);
	free(people);
	return rc;
}
