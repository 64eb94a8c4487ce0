/*
 * Each event once per document (src/extract/repeats.c): the linear pass by
 * keys gives the verdicts of the rule asked of every pair, on random sets
 * of events made here: few people and places, so that parties overlap in
 * every way the rule tells apart (one person or two, people or only
 * places, one actor or none), few days, all three parts, dated and not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "extract/extract_int.h"

/* A small deterministic generator (the tests must not move between runs). */
static uint64_t next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static size_t below(uint64_t *state, size_t n)
{
	return (size_t)(next(state) % n);
}

/* A document of n random events over people P0..P4 and places C0..C3. */
static struct doc *random_doc(uint64_t *seed, size_t n, int twice)
{
	static const char *const types[] = { "meet", "talks", "call", "visit", "agree" };
	struct doc *d = doc_new();
	size_t index;

	assert_non_null(d);
	for (int i = 0; i < 9; i++) {
		char key[8];

		snprintf(key, sizeof key, "%c%d", i < 5 ? 'P' : 'C', i < 5 ? i : i - 5);
		assert_int_equal(doc_add_entity(d, key, key, i < 5 ? "person" : "place", &index),
				 DOSSIER_OK);
	}
	for (size_t i = 0; i < n; i++) {
		struct doc_event ev = { 0 };
		size_t actors[6], n_actors = below(seed, 5);

		for (size_t k = 0; k < n_actors; k++)
			actors[k] = below(seed, 9);
		/* each actor once, unless twice-named actors are wanted */
		for (size_t k = 0; !twice && k < n_actors; k++) {
			for (size_t j = 0; j < k; j++) {
				if (actors[j] == actors[k]) {
					actors[k--] = actors[--n_actors];
					break;
				}
			}
		}
		ev.type = (char *)types[below(seed, 5)];
		ev.status = "occurred";
		ev.rule = "test";
		ev.actors = actors;
		ev.n_actors = n_actors;
		ev.place = DOC_NO_ENTITY;
		ev.part = (enum doc_part)below(seed, 3);
		if (below(seed, 4)) {
			ev.when.year = 2024;
			ev.when.month = 1 + (int)below(seed, 2);
			ev.when.day = 1 + (int)below(seed, 3);
		}
		ev.date_from_doc = ev.when.year && !below(seed, 3);
		assert_int_equal(doc_add_event(d, &ev), DOSSIER_OK);
	}
	return d;
}

static void agree_on(struct doc *d)
{
	unsigned char *fast = malloc(d->n_events + 1), *pairwise = malloc(d->n_events + 1);

	assert_non_null(fast);
	assert_non_null(pairwise);
	assert_int_equal(repeats_find(d, fast), DOSSIER_OK);
	repeats_pairwise(d, pairwise);
	for (size_t i = 0; i < d->n_events; i++) {
		if (fast[i] != pairwise[i])
			fail_msg("event %zu of %zu: by keys %d, by pairs %d", i, d->n_events, fast[i],
				 pairwise[i]);
	}
	free(fast);
	free(pairwise);
}

static void same_verdicts_as_pairs(void **state)
{
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	size_t repeats = 0, events = 0;

	(void)state;
	for (int round = 0; round < 400; round++) {
		struct doc *d = random_doc(&seed, 1 + below(&seed, 120), 0);
		unsigned char *v = malloc(d->n_events);

		assert_non_null(v);
		agree_on(d);
		repeats_pairwise(d, v);
		for (size_t i = 0; i < d->n_events; i++)
			repeats += v[i];
		events += d->n_events;
		free(v);
		doc_free(d);
	}
	/* the sets exercise both verdicts */
	assert_true(repeats > events / 10);
	assert_true(repeats < events * 9 / 10);
}

/* An event naming an actor twice falls back to the pairs: still agreed. */
static void twice_named_actors(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (int round = 0; round < 50; round++) {
		struct doc *d = random_doc(&seed, 1 + below(&seed, 60), 1);

		agree_on(d);
		doc_free(d);
	}
}

static void no_events(void **state)
{
	struct doc *d = doc_new();
	unsigned char v[1] = { 7 };

	(void)state;
	assert_non_null(d);
	assert_int_equal(repeats_find(d, v), DOSSIER_OK);
	doc_free(d);
}

/* Many events, as a long document has: the pass by keys alone (the pairs
 * would take minutes); the two halves of the same story are one. */
static void many_events(void **state)
{
	struct doc *d = doc_new();
	size_t index, n = 200000, repeats = 0;
	unsigned char *v = malloc(n);

	(void)state;
	assert_non_null(d);
	assert_non_null(v);
	for (int i = 0; i < 2; i++)
		assert_int_equal(doc_add_entity(d, i ? "B" : "A", "x", "person", &index), DOSSIER_OK);
	for (size_t i = 0; i < n; i++) {
		size_t actors[2] = { 0, 1 };
		struct doc_event ev = { .type = "meet", .status = "occurred", .rule = "test",
					.actors = actors, .n_actors = 2, .place = DOC_NO_ENTITY,
					.part = DOC_PART_BODY };

		/* each day told twice: once dated, once undated */
		ev.when = (struct doc_day_span){ 1900 + (int)(i / 2 / 336), 1 + (int)(i / 2 / 28 % 12),
						 1 + (int)(i / 2 % 28), 0, 0, 0, 0 };
		if (i % 2)
			ev.when = (struct doc_day_span){ 0 };
		assert_int_equal(doc_add_event(d, &ev), DOSSIER_OK);
	}
	assert_int_equal(repeats_find(d, v), DOSSIER_OK);
	for (size_t i = 0; i < n; i++) {
		repeats += v[i];
		assert_int_equal(v[i], i % 2 ? 1 : 0); /* the undated ones go */
	}
	assert_int_equal(repeats, n / 2);
	free(v);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_verdicts_as_pairs),
		cmocka_unit_test(twice_named_actors),
		cmocka_unit_test(no_events),
		cmocka_unit_test(many_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
