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

/*
 * Shingle hashes held at once (64 MB).  A long text is fingerprinted in
 * slices of the hash space, one pass over the text for each: the set of
 * shingles is the same, and so is the fingerprint, but a 64 MB text no
 * longer holds 170 MB of hashes and as much again to sort them.
 */
#define SHINGLES_HELD ((size_t)1 << 23)
/* The finest slices: by the top 10 bits of a hash. */
#define SLICE_BITS 10
#define SLICES (1u << SLICE_BITS)

/* What is fingerprinted: a document's title and paragraphs, or one text. */
struct source {
	const struct doc *d;
	const char *s;
	size_t len;
};

/* The shingle stream: each shingle's hash to fn (title and paragraphs run
 * on as one text: a shingle may span them). */
typedef int (*shingle_fn)(void *arg, uint64_t h);

struct stream {
	const struct text_ctx *t;
	int k;
	uint32_t window[SHINGLE_MAX];
	size_t filled; /* code points seen so far (the window holds the last k) */
	shingle_fn fn;
	void *arg;
};

static int stream_push(struct stream *st, uint32_t cp)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	memmove(st->window, st->window + 1, (size_t)(st->k - 1) * sizeof st->window[0]);
	st->window[st->k - 1] = cp;
	if (++st->filled < (size_t)st->k)
		return DOSSIER_OK;
	for (int i = 0; i < st->k; i++)
		h = mix64(h ^ st->window[i]);
	return st->fn(st->arg, h);
}

/* Adds the folded letters of s[0..len) to the shingle stream. */
static int stream_text(struct stream *st, const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		uint32_t folded[TEXT_FOLD_MAX];
		enum text_class cls;
		int32_t cp = utf8_next(s, len, &pos);
		size_t n;

		if (cp < 0)
			continue;
		n = text_fold(st->t, (uint32_t)cp, folded, &cls);
		if (cls != TEXT_HAN && cls != TEXT_WORD)
			continue;
		for (size_t i = 0; i < n; i++) {
			int rc = stream_push(st, folded[i]);

			if (rc)
				return rc;
		}
	}
	return DOSSIER_OK;
}

static int each_shingle(const struct text_ctx *t, const struct source *src, int k, shingle_fn fn,
			void *arg)
{
	struct stream st = { .t = t, .k = k, .fn = fn, .arg = arg };
	int rc = DOSSIER_OK;

	if (!src->d)
		return stream_text(&st, src->s, src->len);
	if (src->d->title)
		rc = stream_text(&st, src->d->title, strlen(src->d->title));
	for (size_t i = 0; i < src->d->n_paras && !rc; i++)
		rc = stream_text(&st, src->d->paras[i].text, strlen(src->d->paras[i].text));
	return rc;
}

/*
 * Sorts a[0..n) by the bits at and below `shift` + 7 (the bits above are
 * equal): in place, a byte at a time from the top (American flag sort),
 * so that sorting millions of hashes needs no second array as qsort's
 * merge sort does, and no comparisons.
 */
static void radix_sort(uint64_t *a, size_t n, int shift)
{
	size_t count[256] = { 0 }, next[256], end[256], at = 0;

	if (n < 48) {
		for (size_t i = 1; i < n; i++) {
			uint64_t v = a[i];
			size_t j = i;

			for (; j > 0 && a[j - 1] > v; j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		count[(a[i] >> shift) & 0xFF]++;
	for (int b = 0; b < 256; b++) {
		next[b] = at;
		at += count[b];
		end[b] = at;
	}
	for (int b = 0; b < 256; b++) {
		while (next[b] < end[b]) {
			uint64_t v = a[next[b]];
			unsigned d = (unsigned)(v >> shift) & 0xFF;

			while (d != (unsigned)b) { /* to its bucket, taking what was there */
				uint64_t w = a[next[d]];

				a[next[d]++] = v;
				v = w;
				d = (unsigned)(v >> shift) & 0xFF;
			}
			a[next[b]++] = v;
		}
	}
	for (int b = 0; shift > 0 && b < 256; b++)
		radix_sort(a + end[b] - count[b], count[b], shift - 8);
}

/* The multipliers and offsets of the 64 hash functions, fixed forever:
 * stored signatures are only comparable under the same functions. */
static void minhash_function(int i, uint64_t *a, uint64_t *b)
{
	*a = mix64(0x51ed270b27ULL + (uint64_t)i * 2) | 1;
	*b = mix64(0x2545f4914fULL + (uint64_t)i * 2 + 1);
}

/* What the distinct shingles add up to, slice by slice. */
struct tally {
	uint32_t minhash[DEDUP_MINHASHES];
	int64_t votes[64];
	size_t unique;
};

/* Adds distinct hashes hash[0..n) (of one slice) to the tally. */
static void tally_add(struct tally *ty, const uint64_t *hash, size_t n)
{
	for (int i = 0; i < DEDUP_MINHASHES; i++) {
		uint64_t a, b;
		uint32_t min = ty->minhash[i];

		minhash_function(i, &a, &b);
		for (size_t j = 0; j < n; j++) {
			uint32_t v = (uint32_t)((a * hash[j] + b) >> 32);

			if (v < min)
				min = v;
		}
		ty->minhash[i] = min;
	}
	for (size_t j = 0; j < n; j++) {
		for (int bit = 0; bit < 64; bit++)
			ty->votes[bit] += (hash[j] >> bit) & 1 ? 1 : -1;
	}
	ty->unique += n;
}

/* Sorts hash[0..n) and keeps each value once; returns how many. */
static size_t sort_unique(uint64_t *hash, size_t n)
{
	size_t unique = 0;

	radix_sort(hash, n, 56);
	for (size_t i = 0; i < n; i++) {
		if (!unique || hash[unique - 1] != hash[i])
			hash[unique++] = hash[i];
	}
	return unique;
}

/* The hashes of one slice of the hash space [lo, hi) of the top bits. */
struct slice {
	unsigned lo, hi;
	uint64_t *hash;
	size_t n, cap;
};

/* The code points of what is fingerprinted: at least its shingles, as
 * near as matters (folding rarely makes one character two). */
static size_t code_points(const struct source *src)
{
	size_t n = 0;

	if (!src->d) {
		for (size_t i = 0; i < src->len; i++)
			n += ((unsigned char)src->s[i] & 0xC0) != 0x80;
		return n;
	}
	for (const char *p = src->d->title; p && *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	for (size_t i = 0; i < src->d->n_paras; i++) {
		for (const char *p = src->d->paras[i].text; *p; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80;
	}
	return n;
}

static int collect_slice(void *arg, uint64_t h)
{
	struct slice *sl = arg;
	unsigned top = (unsigned)(h >> (64 - SLICE_BITS));

	if (top < sl->lo || top >= sl->hi)
		return DOSSIER_OK;
	if (sl->n == sl->cap) {
		/* more than foreseen: make room by keeping each hash once (a
		 * text repeating itself), else grow */
		size_t cap = sl->cap * 2;
		uint64_t *grown;

		sl->n = sort_unique(sl->hash, sl->n);
		if (sl->n >= sl->cap / 2) {
			grown = realloc(sl->hash, cap * sizeof *grown);
			if (!grown)
				return DOSSIER_ENOMEM;
			sl->hash = grown;
			sl->cap = cap;
		}
	}
	sl->hash[sl->n++] = h;
	return DOSSIER_OK;
}

static int fingerprint(const struct text_ctx *t, const struct source *src, int k, size_t held,
		       struct dedup_fingerprint *out)
{
	/* as many slices as it takes to hold the shingles, a hash being as
	 * likely in one as in another (a slice found to hold more grows) */
	size_t shingles = code_points(src), slices = shingles / (held ? held : 1) + 1;
	struct tally ty;
	int rc = DOSSIER_OK;

	memset(&ty, 0, sizeof ty);
	for (int i = 0; i < DEDUP_MINHASHES; i++)
		ty.minhash[i] = UINT32_MAX;
	if (slices > SLICES)
		slices = SLICES;
	for (size_t i = 0; i < slices && shingles && !rc; i++) {
		struct slice sl = { .lo = (unsigned)(i * SLICES / slices),
				    .hi = (unsigned)((i + 1) * SLICES / slices) };

		sl.cap = shingles / slices + shingles / slices / 16 + 16;
		sl.hash = malloc(sl.cap * sizeof *sl.hash);
		rc = sl.hash ? each_shingle(t, src, k, collect_slice, &sl) : DOSSIER_ENOMEM;
		if (!rc)
			tally_add(&ty, sl.hash, sort_unique(sl.hash, sl.n));
		free(sl.hash);
	}
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	memcpy(out->minhash, ty.minhash, sizeof out->minhash);
	out->shingles = ty.unique > UINT32_MAX ? UINT32_MAX : (uint32_t)ty.unique;
	for (int bit = 0; bit < 64; bit++) {
		if (ty.votes[bit] > 0)
			out->simhash |= 1ULL << bit;
	}
	return DOSSIER_OK;
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
	struct source src = { d, NULL, 0 };

	return fingerprint(t, &src, clamp_k(k), SHINGLES_HELD, out);
}

int dedup_fingerprint_text(const struct text_ctx *t, const char *s, size_t len, int k,
			   struct dedup_fingerprint *out)
{
	return dedup_fingerprint_text_held(t, s, len, k, SHINGLES_HELD, out);
}

int dedup_fingerprint_text_held(const struct text_ctx *t, const char *s, size_t len, int k,
				size_t held, struct dedup_fingerprint *out)
{
	struct source src = { NULL, s, len };

	return fingerprint(t, &src, clamp_k(k), held, out);
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
