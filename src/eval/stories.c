/*
 * How well reports are grouped into stories, against a labelled set
 * (tests/data/stories/README.md: the format).
 *
 * The labelled documents are ingested, in the order the gold lists them,
 * into a fresh in-memory archive, so that stories form exactly as they do
 * at ingest.  Then every pair of documents is one of: the same story in
 * the gold or not, and the same story in the archive or not; precision and
 * recall are over pairs.  Recall is also given per kind of variant (the
 * other script, trimmed, rewritten, another outlet's report…), and the
 * hard negatives (stories that share actors but are different events)
 * count how many of their pairs were merged.
 *
 * Two more views, for choosing the method and the thresholds:
 *
 * - the judge alone: dedup_compare() on every pair with the default
 *   thresholds, and with each threshold moved up and down (--sweep);
 * - the text alone: for shingles of 2 to 6 code points, the best F1 that
 *   MinHash overlap, MinHash Jaccard and SimHash distance reach on the
 *   re-published variants (other script, trimmed, re-paragraphed,
 *   boilerplate, rewritten) against every pair of different stories.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "dedup/dedup.h"
#include "eval/eval.h"
#include "ingest/ingest.h"
#include "store/store.h"

/* ---- the labelled set ------------------------------------------------------------ */

struct item {
	char *path, *story, *kind;
	int64_t doc; /* 0: could not be ingested */
};

struct hard_pair {
	char *a, *b;
};

struct labelled {
	struct item *items;
	size_t n, cap;
	struct hard_pair *hard;
	size_t n_hard, cap_hard;
};

static void labelled_release(struct labelled *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].story);
		free(l->items[i].kind);
	}
	for (size_t i = 0; i < l->n_hard; i++) {
		free(l->hard[i].a);
		free(l->hard[i].b);
	}
	free(l->items);
	free(l->hard);
}

/* Splits a line at tabs into at most `max` fields (in place); returns the count. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		fields[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static int read_file(const char *path, char **out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		return err_set(e, DOSSIER_EIO, "%s: cannot open", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(&b, chunk, n)) {
			fclose(f);
			buf_release(&b);
			return err_set(e, DOSSIER_ENOMEM, "out of memory");
		}
	}
	fclose(f);
	if (buf_addc(&b, '\0')) {
		buf_release(&b);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	*out = buf_detach(&b);
	return DOSSIER_OK;
}

static int add_item(struct labelled *l, char **f, size_t nf)
{
	struct item *it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct item *grown = realloc(l->items, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		l->items = grown;
		l->cap = cap;
	}
	it = &l->items[l->n];
	memset(it, 0, sizeof *it);
	it->path = strdup(f[0]);
	it->story = strdup(f[1]);
	it->kind = strdup(nf > 2 && *f[2] ? f[2] : "original");
	l->n++;
	return it->path && it->story && it->kind ? DOSSIER_OK : DOSSIER_ENOMEM;
}

static int add_hard(struct labelled *l, char **f)
{
	if (l->n_hard == l->cap_hard) {
		size_t cap = l->cap_hard ? l->cap_hard * 2 : 16;
		struct hard_pair *grown = realloc(l->hard, cap * sizeof *grown);

		if (!grown)
			return DOSSIER_ENOMEM;
		l->hard = grown;
		l->cap_hard = cap;
	}
	l->hard[l->n_hard].a = strdup(f[0]);
	l->hard[l->n_hard].b = strdup(f[1]);
	l->n_hard++;
	return l->hard[l->n_hard - 1].a && l->hard[l->n_hard - 1].b ? DOSSIER_OK
								    : DOSSIER_ENOMEM;
}

/* Reads a TSV of at least two fields per line; `hard` picks the kind of file. */
static int load_tsv(const char *path, int hard, struct labelled *l, struct err *e)
{
	char *text, *line, *next;
	unsigned lineno = 0;
	int rc = read_file(path, &text, e);

	if (rc)
		return rc;
	for (line = text; line && !rc; line = next) {
		char *fields[4];
		size_t nf;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		nf = split_tabs(line, fields, 4);
		if (nf < 2 || !*fields[0] || !*fields[1]) {
			rc = err_set(e, DOSSIER_EPARSE, "%s:%u: expected at least two tab-separated fields",
				     path, lineno);
			break;
		}
		rc = hard ? add_hard(l, fields) : add_item(l, fields, nf);
		if (rc)
			err_set(e, rc, "out of memory");
	}
	free(text);
	return rc;
}

/* ---- ingesting ------------------------------------------------------------------------ */

struct sink {
	struct store *store;
	int64_t id;
	size_t docs;
};

static int put(void *arg, struct doc **dp, struct err *e)
{
	struct sink *s = arg;
	enum store_put_result result;
	int rc;

	if (s->docs++) /* a feed: the first item stands for the file */
		return DOSSIER_OK;
	rc = store_doc_put(s->store, *dp, 1700000000000LL, &result, e);
	if (!rc)
		s->id = (*dp)->id;
	return rc;
}

static int ingest_all(struct store *st, struct ingest_ctx *ic, struct labelled *l,
		      const char *base, struct buf *warnings)
{
	for (size_t i = 0; i < l->n; i++) {
		struct sink sink = { st, 0, 0 };
		struct err e = { 0 };
		char path[4096];

		snprintf(path, sizeof path, "%s%s%s", l->items[i].path[0] == '/' ? "" : base,
			 l->items[i].path[0] == '/' ? "" : "/", l->items[i].path);
		if (ingest_file(ic, path, put, &sink, NULL, &e) || !sink.id) {
			if (buf_printf(warnings, "%s: not scored: %s\n", l->items[i].path,
				       e.msg[0] ? e.msg : "no document in it"))
				return DOSSIER_ENOMEM;
			continue;
		}
		l->items[i].doc = sink.id;
	}
	return DOSSIER_OK;
}

/* ---- counting pairs ----------------------------------------------------------------- */

struct pairs {
	size_t tp, fp, fn, tn;
};

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0;
}

static double f1_of(const struct pairs *p)
{
	double prec = ratio(p->tp, p->tp + p->fp), rec = ratio(p->tp, p->tp + p->fn);

	return prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
}

static void count(struct pairs *p, int gold, int predicted)
{
	if (gold && predicted)
		p->tp++;
	else if (predicted)
		p->fp++;
	else if (gold)
		p->fn++;
	else
		p->tn++;
}

static int is_hard(const struct labelled *l, const char *a, const char *b)
{
	for (size_t i = 0; i < l->n_hard; i++) {
		if ((!strcmp(l->hard[i].a, a) && !strcmp(l->hard[i].b, b)) ||
		    (!strcmp(l->hard[i].a, b) && !strcmp(l->hard[i].b, a)))
			return 1;
	}
	return 0;
}

/* The kind a positive pair tests: the variant's, or "variant pair" for two variants. */
static const char *pair_kind(const struct item *x, const struct item *y)
{
	if (!strcmp(x->kind, "original"))
		return y->kind;
	if (!strcmp(y->kind, "original"))
		return x->kind;
	return !strcmp(x->kind, y->kind) ? x->kind : "variant pair";
}

#define KINDS_MAX 16

struct by_kind {
	const char *kind[KINDS_MAX];
	size_t found[KINDS_MAX], total[KINDS_MAX];
	size_t n;
};

static void by_kind_add(struct by_kind *k, const char *kind, int found)
{
	size_t i = 0;

	while (i < k->n && strcmp(k->kind[i], kind))
		i++;
	if (i == k->n) {
		if (k->n == KINDS_MAX)
			return;
		k->kind[k->n++] = kind;
	}
	k->total[i]++;
	k->found[i] += found != 0;
}

/* What the archive assigned: one story id per item. */
static int stories_of(struct store *st, const struct labelled *l, int64_t *story, struct err *e)
{
	for (size_t i = 0; i < l->n; i++) {
		story[i] = 0;
		if (l->items[i].doc && store_doc_story(st, l->items[i].doc, &story[i], e))
			return DOSSIER_EDB;
	}
	return DOSSIER_OK;
}

static int report_pairs(struct buf *out, const char *what, const struct pairs *p)
{
	return buf_printf(out, "%-34s %5zu %5zu %5zu   P %.3f  R %.3f  F1 %.3f\n", what, p->tp,
			  p->fp, p->fn, ratio(p->tp, p->tp + p->fp),
			  ratio(p->tp, p->tp + p->fn), f1_of(p));
}

/* The stories the archive formed, scored over pairs, with recall by kind. */
static int score_assigned(struct store *st, const struct labelled *l, struct buf *out,
			  struct eval_stories_result *res, struct err *e)
{
	int64_t *story = calloc(l->n ? l->n : 1, sizeof *story);
	struct pairs all = { 0 }, hard = { 0 };
	struct by_kind kinds = { .n = 0 };
	struct buf errors = BUF_INIT;
	int rc;

	if (!story)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = stories_of(st, l, story, e);
	for (size_t i = 0; i < l->n && !rc; i++) {
		for (size_t j = i + 1; j < l->n; j++) {
			const struct item *x = &l->items[i], *y = &l->items[j];
			int gold = !strcmp(x->story, y->story);
			int same = x->doc && y->doc && story[i] == story[j];

			if (!x->doc || !y->doc)
				continue;
			count(&all, gold, same);
			if (gold != same && buf_printf(&errors, "  %s %s | %s\n",
						       same ? "merged " : "missed ", x->path, y->path))
				rc = DOSSIER_ENOMEM;
			if (gold)
				by_kind_add(&kinds, pair_kind(x, y), same);
			if (is_hard(l, x->story, y->story))
				count(&hard, 0, same);
		}
	}
	free(story);
	if (rc)
		return rc;
	res->precision = ratio(all.tp, all.tp + all.fp);
	res->recall = ratio(all.tp, all.tp + all.fn);
	res->f1 = f1_of(&all);
	res->hard_pairs = hard.fp + hard.tn;
	res->hard_merged = hard.fp;
	rc = buf_printf(out, "%-34s %5s %5s %5s\n", "pairs", "tp", "fp", "fn");
	rc = rc ? rc : report_pairs(out, "stories formed at ingest", &all);
	if (!rc && errors.len)
		rc = buf_add(out, errors.data, errors.len);
	buf_release(&errors);
	rc = rc ? rc : buf_printf(out, "hard negatives merged: %zu of %zu pairs\n\n", hard.fp,
				  hard.fp + hard.tn);
	rc = rc ? rc : buf_printf(out, "recall by kind of pair (formed at ingest):\n");
	for (size_t i = 0; i < kinds.n && !rc; i++)
		rc = buf_printf(out, "  %-20s %3zu of %3zu  %.3f\n", kinds.kind[i], kinds.found[i],
				kinds.total[i], ratio(kinds.found[i], kinds.total[i]));
	return rc ? err_set(e, rc, "out of memory") : DOSSIER_OK;
}

/* ---- the judge alone ------------------------------------------------------------------ */

static int load_profiles(struct store *st, const struct labelled *l,
			 struct dedup_profile *p, struct err *e)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].doc && store_story_profile(st, l->items[i].doc, &p[i], e))
			return DOSSIER_EDB;
	}
	return DOSSIER_OK;
}

/* One line per pair the judge got wrong, with what it saw. */
static int list_error(struct buf *out, const struct item *x, const struct item *y,
		      const struct dedup_verdict *v)
{
	return buf_printf(out, "  %s %s | %s: %s (overlap %.2f, entities %.2f, salience %.2f, "
			       "people %s, event %s, %.1f days)\n",
			  v->same ? "merged " : "missed ", x->path, y->path,
			  dedup_reason_name(v->reason), v->overlap, v->entities, v->salience,
			  v->principals == DEDUP_PRINCIPALS_SAME     ? "same"
			  : v->principals == DEDUP_PRINCIPALS_ONE    ? "one"
			  : v->principals == DEDUP_PRINCIPALS_NESTED ? "nested"
			  : v->principals == DEDUP_PRINCIPALS_OTHER  ? "other"
								     : "-",
			  v->event_match ? "shared" : v->event_conflict ? "conflict" : "-",
			  v->days_apart);
}

static int judge_pairs(const struct labelled *l, const struct dedup_profile *p,
		       const struct dedup_params *params, struct pairs *out, struct buf *errors)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = i + 1; j < l->n; j++) {
			struct dedup_verdict v;
			int gold = !strcmp(l->items[i].story, l->items[j].story);

			if (!l->items[i].doc || !l->items[j].doc)
				continue;
			dedup_compare(&p[i], &p[j], params, &v);
			count(out, gold, v.same);
			if (errors && gold != v.same &&
			    list_error(errors, &l->items[i], &l->items[j], &v))
				return DOSSIER_ENOMEM;
		}
	}
	return DOSSIER_OK;
}

/* One threshold moved through a few values, the others at their defaults. */
static int sweep_one(const struct labelled *l, const struct dedup_profile *p, const char *name,
		     size_t offset, const double *values, size_t n, struct buf *out)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		struct dedup_params params;
		struct pairs pairs;
		char what[64];

		dedup_params_default(&params);
		*(double *)((char *)&params + offset) = values[i];
		judge_pairs(l, p, &params, &pairs, NULL);
		snprintf(what, sizeof what, "  %s = %g", name, values[i]);
		rc = report_pairs(out, what, &pairs);
	}
	return rc;
}

static int sweep_thresholds(const struct labelled *l, const struct dedup_profile *p,
			    struct buf *out)
{
	static const double overlap[] = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 };
	static const double jaccard[] = { 0.05, 0.1, 0.15, 0.2, 0.3 };
	static const double low[] = { 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2 };
	static const double entities[] = { 0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01 };
	static const double share[] = { 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.8 };
	static const double days[] = { 0, 0.5, 1, 1.5, 2, 3, 5, 7, 14 };
	int rc = buf_printf(out, "\nthe judge, one threshold moved at a time:\n");

#define SWEEP(field, values)                                                            \
	rc = rc ? rc : sweep_one(l, p, #field, offsetof(struct dedup_params, field),         \
				 values, sizeof values / sizeof values[0], out)
	SWEEP(near_overlap, overlap);
	SWEEP(near_jaccard, overlap);
	SWEEP(near_entities, entities);
	SWEEP(event_salience, entities);
	SWEEP(event_days, days);
	SWEEP(principal_share, share);
	SWEEP(people_salience, entities);
	SWEEP(people_days, days);
	SWEEP(recalled_salience, entities);
	SWEEP(text_jaccard, jaccard);
	SWEEP(text_entities, entities);
	SWEEP(text_days, days);
	SWEEP(subject_overlap, low);
	SWEEP(subject_salience, entities);
	SWEEP(subject_days, days);
#undef SWEEP
	return rc;
}

/* ---- the text alone -------------------------------------------------------------------- */

static int republished(const char *kind)
{
	static const char *const kinds[] = { "other-script", "trimmed", "reparagraphed",
					     "boilerplate", "rewritten" };

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (!strcmp(kind, kinds[i]))
			return 1;
	}
	return 0;
}

/* A scored pair for the best-threshold search: higher means more alike. */
struct scored {
	double score;
	int gold;
};

static int by_score_desc(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->score, y = ((const struct scored *)b)->score;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The threshold with the best F1 when pairs scoring at least it are "same". */
static void best_threshold(struct scored *s, size_t n, double *best_f1, double *at,
			   double *prec, double *rec)
{
	size_t positives = 0, tp = 0;

	*best_f1 = *at = *prec = *rec = 0;
	for (size_t i = 0; i < n; i++)
		positives += s[i].gold;
	qsort(s, n, sizeof *s, by_score_desc);
	for (size_t i = 0; i < n; i++) {
		double p, r, f;

		tp += s[i].gold;
		if (i + 1 < n && s[i + 1].score == s[i].score)
			continue;
		p = ratio(tp, i + 1);
		r = ratio(tp, positives);
		f = p + r > 0 ? 2 * p * r / (p + r) : 0;
		if (f > *best_f1) {
			*best_f1 = f;
			*at = s[i].score;
			*prec = p;
			*rec = r;
		}
	}
}

static int text_measures(const struct labelled *l, const struct dedup_fingerprint *fp, int k,
			 struct buf *out)
{
	struct scored *s[3];
	size_t n = 0;
	static const char *const names[] = { "MinHash overlap", "MinHash Jaccard",
					     "SimHash 64-distance" };
	int rc = DOSSIER_OK;

	for (int m = 0; m < 3; m++)
		s[m] = malloc((l->n * l->n / 2 + l->n + 1) * sizeof *s[m]);
	if (!s[0] || !s[1] || !s[2]) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	/* negatives: every pair of different stories */
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = i + 1; j < l->n; j++) {
			const struct item *x = &l->items[i], *y = &l->items[j];

			if (!x->doc || !y->doc || !strcmp(x->story, y->story))
				continue;
			s[0][n] = (struct scored){ dedup_overlap(&fp[i], &fp[j]), 0 };
			s[1][n] = (struct scored){ dedup_jaccard(&fp[i], &fp[j]), 0 };
			s[2][n] = (struct scored){ -dedup_simhash_distance(&fp[i], &fp[j]), 0 };
			n++;
		}
	}
	/* positives: each re-published copy against the most alike original of
	 * its story (a story may have several originals: other outlets' own) */
	for (size_t i = 0; i < l->n; i++) {
		double best[3] = { -1, -1, -100 };

		if (!l->items[i].doc || !republished(l->items[i].kind))
			continue;
		for (size_t j = 0; j < l->n; j++) {
			const struct item *y = &l->items[j];
			double m[3];

			if (!y->doc || strcmp(y->kind, "original") || strcmp(y->story, l->items[i].story))
				continue;
			m[0] = dedup_overlap(&fp[i], &fp[j]);
			m[1] = dedup_jaccard(&fp[i], &fp[j]);
			m[2] = -dedup_simhash_distance(&fp[i], &fp[j]);
			for (int k2 = 0; k2 < 3; k2++)
				best[k2] = m[k2] > best[k2] ? m[k2] : best[k2];
		}
		if (best[0] < 0)
			continue;
		for (int m = 0; m < 3; m++)
			s[m][n] = (struct scored){ best[m], 1 };
		n++;
	}
	for (int m = 0; m < 3 && !rc; m++) {
		double f1, at, p, r, low = 1e9, high = -1e9;

		/* the margin: the least alike copy against the most alike non-copy */
		for (size_t i = 0; i < n; i++) {
			if (s[m][i].gold && s[m][i].score < low)
				low = s[m][i].score;
			if (!s[m][i].gold && s[m][i].score > high)
				high = s[m][i].score;
		}
		best_threshold(s[m], n, &f1, &at, &p, &r);
		rc = buf_printf(out, "  k=%d %-20s best F1 %.3f at %s%.2f (P %.3f R %.3f); copies "
				     "%s %.2f, different stories %s %.2f\n",
				k, names[m], f1, m == 2 ? "distance ≤ " : "≥ ", m == 2 ? -at : at, p, r,
				m == 2 ? "≤" : "≥", m == 2 ? -low : low, m == 2 ? "≥" : "≤",
				m == 2 ? -high : high);
	}
done:
	for (int m = 0; m < 3; m++)
		free(s[m]);
	return rc;
}

static int share_a_band(const struct dedup_fingerprint *a, const struct dedup_fingerprint *b)
{
	int64_t ka[DEDUP_BANDS], kb[DEDUP_BANDS];

	if (!a->shingles || !b->shingles)
		return 0;
	dedup_bands(a, ka);
	dedup_bands(b, kb);
	for (int i = 0; i < DEDUP_BANDS; i++) {
		if (ka[i] == kb[i])
			return 1;
	}
	return 0;
}

/* How many pairs the LSH index alone would put in front of the judge. */
static int lsh_reach(const struct labelled *l, const struct dedup_fingerprint *fp,
		     struct buf *out)
{
	size_t copies = 0, copies_found = 0, others = 0, others_found = 0;

	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = i + 1; j < l->n; j++) {
			const struct item *x = &l->items[i], *y = &l->items[j];
			int band;

			if (!x->doc || !y->doc)
				continue;
			band = share_a_band(&fp[i], &fp[j]);
			if (strcmp(x->story, y->story)) {
				others++;
				others_found += band;
			} else if ((republished(x->kind) && !strcmp(y->kind, "original")) ||
				   (republished(y->kind) && !strcmp(x->kind, "original"))) {
				copies++;
				copies_found += band;
			}
		}
	}
	return buf_printf(out, "  k=%d LSH (%d bands of %d): %zu of %zu copy–original pairs share a "
			       "band, %zu of %zu pairs of different stories\n",
			  DEDUP_SHINGLE, DEDUP_BANDS, DEDUP_ROWS, copies_found, copies, others_found,
			  others);
}

static int sweep_shingles(struct store *st, const struct labelled *l, const struct text_ctx *t,
			  struct buf *out, struct err *e)
{
	struct dedup_fingerprint *fp = calloc(l->n ? l->n : 1, sizeof *fp);
	int rc = fp ? buf_printf(out, "\nthe text alone (each re-published copy against its story's most alike\n"
				       "original, vs every pair of different stories):\n")
		    : DOSSIER_ENOMEM;

	for (int k = 2; k <= 6 && !rc; k++) {
		for (size_t i = 0; i < l->n && !rc; i++) {
			struct doc *d;

			if (!l->items[i].doc)
				continue;
			rc = store_doc_get(st, l->items[i].doc, &d, e);
			if (!rc)
				rc = dedup_fingerprint(t, d, k, &fp[i]);
			if (!rc)
				doc_free(d);
		}
		if (!rc)
			rc = text_measures(l, fp, k, out);
		if (!rc && k == DEDUP_SHINGLE)
			rc = lsh_reach(l, fp, out);
	}
	free(fp);
	if (rc && rc != DOSSIER_EDB && rc != DOSSIER_ENOTFOUND)
		err_set(e, rc, "out of memory");
	return rc;
}

/* ---- the run ------------------------------------------------------------------------------- */

static int judge_report(struct store *st, const struct labelled *l, int sweep,
			struct eval_stories_result *res, struct buf *out, struct err *e)
{
	struct dedup_profile *p = calloc(l->n ? l->n : 1, sizeof *p);
	struct dedup_params params;
	struct pairs pairs;
	int rc = p ? load_profiles(st, l, p, e) : err_set(e, DOSSIER_ENOMEM, "out of memory");

	if (!rc) {
		struct buf errors = BUF_INIT;

		dedup_params_default(&params);
		rc = judge_pairs(l, p, &params, &pairs, &errors);
		res->judge_f1 = f1_of(&pairs);
		rc = rc ? rc : buf_printf(out, "\n");
		rc = rc ? rc : report_pairs(out, "the judge on every pair", &pairs);
		if (!rc && errors.len)
			rc = buf_add(out, errors.data, errors.len);
		buf_release(&errors);
		if (!rc && sweep)
			rc = sweep_thresholds(l, p, out);
		if (rc)
			err_set(e, rc, "out of memory");
	}
	for (size_t i = 0; p && i < l->n; i++)
		store_story_profile_release(&p[i]);
	free(p);
	return rc;
}

static int summary(const struct labelled *l, struct buf *out)
{
	size_t docs = 0, stories = 0, positives = 0, pairs = 0;

	for (size_t i = 0; i < l->n; i++) {
		size_t first = 1;

		docs += l->items[i].doc != 0;
		for (size_t j = 0; j < i; j++)
			first &= strcmp(l->items[i].story, l->items[j].story) != 0;
		stories += first;
		for (size_t j = i + 1; j < l->n; j++) {
			pairs++;
			positives += !strcmp(l->items[i].story, l->items[j].story);
		}
	}
	return buf_printf(out, "%zu documents (%zu scored) in %zu stories: %zu pairs, %zu of them "
			       "the same story; %zu hard-negative story pairs\n\n",
			  l->n, docs, stories, pairs, positives, l->n_hard);
}

int eval_stories_run(const struct text_ctx *t, struct ingest_ctx *ic, const char *gold,
		     const char *hard, const char *base, int sweep, struct buf *out,
		     struct eval_stories_result *res, struct err *e)
{
	struct labelled l = { 0 };
	struct store *st = NULL;
	struct buf warnings = BUF_INIT;
	int rc = load_tsv(gold, 0, &l, e);

	memset(res, 0, sizeof *res);
	if (!rc && hard)
		rc = load_tsv(hard, 1, &l, e);
	if (!rc)
		rc = store_open(&st, ":memory:", t, e);
	if (!rc && ingest_all(st, ic, &l, base ? base : ".", &warnings))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc && warnings.len)
		rc = buf_add(out, warnings.data, warnings.len) ? err_set(e, DOSSIER_ENOMEM, "out of memory")
							       : DOSSIER_OK;
	if (!rc && summary(&l, out))
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!rc)
		rc = score_assigned(st, &l, out, res, e);
	if (!rc)
		rc = judge_report(st, &l, sweep, res, out, e);
	if (!rc && sweep)
		rc = sweep_shingles(st, &l, t, out, e);
	res->unscored = 0;
	for (size_t i = 0; i < l.n; i++)
		res->unscored += !l.items[i].doc;
	store_close(st);
	buf_release(&warnings);
	labelled_release(&l);
	return rc;
}
