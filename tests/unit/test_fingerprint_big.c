/*
 * The fingerprint of a long text (src/dedup/fingerprint.c): past millions
 * of shingles it is computed in slices of the hash space, one pass over
 * the text each, to bound its memory.  The result must be the one a
 * single pass over every shingle gives, computed here the plain way.  The
 * slices are asked for at a smaller size (dedup_fingerprint_text_held) to
 * keep the texts short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "text/text.h"

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The fingerprint of lowercase ASCII letters (each its own folded code
 * point), every shingle held at once. */
static void plain_fingerprint(const char *s, size_t len, int k, struct dedup_fingerprint *out)
{
	uint64_t *hash = malloc((len + 1) * sizeof *hash);
	size_t n = 0, unique = 0;
	long votes[64] = { 0 };

	assert_non_null(hash);
	for (size_t i = 0; i + (size_t)k <= len; i++) {
		uint64_t h = 0x9e3779b97f4a7c15ULL;

		for (int j = 0; j < k; j++)
			h = mix64(h ^ (unsigned char)s[i + (size_t)j]);
		hash[n++] = h;
	}
	qsort(hash, n, sizeof *hash, compare_u64);
	for (size_t i = 0; i < n; i++) {
		if (!unique || hash[unique - 1] != hash[i])
			hash[unique++] = hash[i];
	}
	memset(out, 0, sizeof *out);
	out->shingles = (uint32_t)unique;
	for (int f = 0; f < DEDUP_MINHASHES; f++) {
		uint64_t a = mix64(0x51ed270b27ULL + (uint64_t)f * 2) | 1;
		uint64_t b = mix64(0x2545f4914fULL + (uint64_t)f * 2 + 1);
		uint32_t min = UINT32_MAX;

		for (size_t j = 0; j < unique; j++) {
			uint32_t v = (uint32_t)((a * hash[j] + b) >> 32);

			min = v < min ? v : min;
		}
		out->minhash[f] = min;
	}
	for (size_t j = 0; j < unique; j++) {
		for (int bit = 0; bit < 64; bit++)
			votes[bit] += (hash[j] >> bit) & 1 ? 1 : -1;
	}
	for (int bit = 0; bit < 64; bit++) {
		if (votes[bit] > 0)
			out->simhash |= 1ULL << bit;
	}
	free(hash);
}

/* Holding `held` hashes at a time, and all of them: the plain result. */
static void same_as_plain(const char *s, size_t len, size_t held)
{
	struct text_ctx *t;
	struct dedup_fingerprint got, whole, want;
	struct err e;

	assert_int_equal(text_ctx_new(&t, &e), DOSSIER_OK);
	assert_int_equal(dedup_fingerprint_text_held(t, s, len, DEDUP_SHINGLE, held, &got),
			 DOSSIER_OK);
	assert_int_equal(dedup_fingerprint_text(t, s, len, DEDUP_SHINGLE, &whole), DOSSIER_OK);
	plain_fingerprint(s, len, DEDUP_SHINGLE, &want);
	assert_int_equal(got.shingles, want.shingles);
	assert_memory_equal(got.minhash, want.minhash, sizeof got.minhash);
	assert_true(got.simhash == want.simhash);
	assert_memory_equal(&whole, &got, sizeof got);
	text_ctx_free(t);
}

/* 600,000 letters: about as many distinct shingles, in ten slices. */
static void long_text_in_slices(void **state)
{
	size_t len = 600000;
	char *s = malloc(len);
	uint64_t x = 88172645463325252ULL;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s[i] = (char)('a' + x % 26);
	}
	same_as_plain(s, len, 65536);
	free(s);
}

/* One letter 600,000 times: one shingle 600,000 times in one of the
 * slices, which must make room by keeping it once. */
static void one_shingle_many_times(void **state)
{
	size_t len = 600000;
	char *s = malloc(len);

	(void)state;
	assert_non_null(s);
	memset(s, 'a', len);
	same_as_plain(s, len, 65536);
	free(s);
}

static void short_texts(void **state)
{
	(void)state;
	same_as_plain("abcd", 4, 2); /* shorter than a shingle: none */
	same_as_plain("abcdefghij", 10, 2);
	same_as_plain("", 0, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_text_in_slices),
		cmocka_unit_test(one_shingle_many_times),
		cmocka_unit_test(short_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
