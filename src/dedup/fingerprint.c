/*
 * Fingerprints: MinHash and SimHash over shingles of folded text.
 *
 * The text is folded code point by code point with the one normaliser
 * (text_fold: NFKC, case, Traditional → Simplified) and every separator
 * is dropped, so that punctuation, spacing, paragraphing and script do not
 * change a single shingle.  A shingle is k consecutive folded code points;
 * its 64-bit hash feeds both signatures.
 */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "core/utf8.h"
#include "dedup/dedup.h"
#include "text/text.h"

/* The longest shingle measured (bench/RESULTS.md tried 2 to 6). */
#define SHINGLE_MAX 8

/* splitmix64's finaliser: a fast, well-mixed 64-bit hash step. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The shingle hashes of a text, before sorting out repeats. */
struct shingles {
	uint64_t *hash;
	size_t n, cap;
	uint32_t window[SHINGLE_MAX];
	size_t filled; /* code points seen so far (the window holds the last k) */
	int k;
};

static int shingles_push(struct shingles *sh, uint32_t cp)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	memmove(sh->window, sh->window + 1, (size_t)(sh->k - 1) * sizeof sh->window[0]);
	sh->window[sh->k - 1] = cp;
	if (++sh->filled < (size_t)sh->k)
		return DOSSIER_OK;
	for (int i = 0; i < sh->k; i++)
		h = mix64(h ^ sh->window[i]);
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 256;
		uint64_t *grown = realloc(sh->hash, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		sh->hash = grown;
		sh->cap = cap;
	}
	sh->hash[sh->n++] = h;
	return DOSSIER_OK;
}

/* Adds the folded letters of s[0..len) to the shingle stream. */
static int shingles_add(const struct text_ctx *t, struct shingles *sh, const char *s,
			size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		uint32_t folded[TEXT_FOLD_MAX];
		enum text_class cls;
		int32_t cp = utf8_next(s, len, &pos);
		size_t n;

		if (cp < 0)
			continue;
		n = text_fold(t, (uint32_t)cp, folded, &cls);
		if (cls != TEXT_HAN && cls != TEXT_WORD)
			continue;
		for (size_t i = 0; i < n; i++) {
			int rc = shingles_push(sh, folded[i]);

			if (rc)
				return rc;
		}
	}
	return DOSSIER_OK;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The multipliers and offsets of the 64 hash functions, fixed forever:
 * stored signatures are only comparable under the same functions. */
static void minhash_function(int i, uint64_t *a, uint64_t *b)
{
	*a = mix64(0x51ed270b27ULL + (uint64_t)i * 2) | 1;
	*b = mix64(0x2545f4914fULL + (uint64_t)i * 2 + 1);
}

static void signatures(const uint64_t *hash, size_t n, struct dedup_fingerprint *out)
{
	int votes[64] = { 0 };

	for (int i = 0; i < DEDUP_MINHASHES; i++)
		out->minhash[i] = UINT32_MAX;
	for (int i = 0; i < DEDUP_MINHASHES; i++) {
		uint64_t a, b;
		uint32_t min = UINT32_MAX;

		minhash_function(i, &a, &b);
		for (size_t j = 0; j < n; j++) {
			uint32_t v = (uint32_t)((a * hash[j] + b) >> 32);

			if (v < min)
				min = v;
		}
		out->minhash[i] = min;
	}
	for (size_t j = 0; j < n; j++) {
		for (int bit = 0; bit < 64; bit++)
			votes[bit] += (hash[j] >> bit) & 1 ? 1 : -1;
	}
	out->simhash = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (votes[bit] > 0)
			out->simhash |= 1ULL << bit;
	}
}

/* Sorts out repeated shingles and computes the signatures. */
static void finish(struct shingles *sh, struct dedup_fingerprint *out)
{
	size_t unique = 0;

	if (sh->n) /* qsort wants an array, even of nothing */
		qsort(sh->hash, sh->n, sizeof sh->hash[0], compare_u64);
	for (size_t i = 0; i < sh->n; i++) {
		if (!unique || sh->hash[unique - 1] != sh->hash[i])
			sh->hash[unique++] = sh->hash[i];
	}
	memset(out, 0, sizeof *out);
	out->shingles = unique > UINT32_MAX ? UINT32_MAX : (uint32_t)unique;
	signatures(sh->hash, unique, out);
}

static int clamp_k(int k)
{
	if (k < 1)
		return DEDUP_SHINGLE;
	return k > SHINGLE_MAX ? SHINGLE_MAX : k;
}

int dedup_fingerprint(const struct text_ctx *t, const struct doc *d, int k,
		      struct dedup_fingerprint *out)
{
	struct shingles sh = { .k = clamp_k(k) };
	int rc = DOSSIER_OK;

	if (d->title)
		rc = shingles_add(t, &sh, d->title, strlen(d->title));
	for (size_t i = 0; i < d->n_paras && !rc; i++)
		rc = shingles_add(t, &sh, d->paras[i].text, strlen(d->paras[i].text));
	if (!rc)
		finish(&sh, out);
	free(sh.hash);
	return rc;
}

int dedup_fingerprint_text(const struct text_ctx *t, const char *s, size_t len, int k,
			   struct dedup_fingerprint *out)
{
	struct shingles sh = { .k = clamp_k(k) };
	int rc = shingles_add(t, &sh, s, len);

	if (!rc)
		finish(&sh, out);
	free(sh.hash);
	return rc;
}

void dedup_bands(const struct dedup_fingerprint *fp, int64_t keys[DEDUP_BANDS])
{
	for (int band = 0; band < DEDUP_BANDS; band++) {
		uint64_t h = mix64(0xb5ad4eceda1ce2a9ULL + (uint64_t)band);

		for (int r = 0; r < DEDUP_ROWS; r++)
			h = mix64(h ^ fp->minhash[band * DEDUP_ROWS + r]);
		keys[band] = (int64_t)(h >> 1); /* positive: SQLite integers sort plainly */
	}
}

double dedup_jaccard(const struct dedup_fingerprint *a, const struct dedup_fingerprint *b)
{
	int equal = 0;

	if (!a->shingles || !b->shingles)
		return 0;
	for (int i = 0; i < DEDUP_MINHASHES; i++)
		equal += a->minhash[i] == b->minhash[i];
	return (double)equal / DEDUP_MINHASHES;
}

double dedup_overlap(const struct dedup_fingerprint *a, const struct dedup_fingerprint *b)
{
	double j = dedup_jaccard(a, b), common, smaller;

	if (j <= 0)
		return 0;
	/* |A ∩ B| = J (|A| + |B|) / (1 + J) */
	common = j * ((double)a->shingles + (double)b->shingles) / (1 + j);
	smaller = a->shingles < b->shingles ? a->shingles : b->shingles;
	return common >= smaller ? 1 : common / smaller;
}

int dedup_simhash_distance(const struct dedup_fingerprint *a,
			   const struct dedup_fingerprint *b)
{
	return __builtin_popcountll(a->simhash ^ b->simhash);
}
