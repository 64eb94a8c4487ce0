/*
 * dossier_rank(fts, mask): BM25 over the phrases that count.
 *
 * FTS5's bm25() scores every phrase of a query.  Ours carry context words
 * that only decide whether a document matches (the 国防部长 in "奥斯汀 AND
 * 国防部长" that tells the general from the Texas city); scoring them would
 * rank a report by how often it says 国防部 rather than by the name asked
 * for.  So the mask from query/ says which phrases score, and the rest is
 * the usual Okapi BM25 (k1 = 1.2, b = 0.75) with column weights title 10,
 * body 1, captions 1, author 5 (a byline says who wrote it: more than a
 * mention in the text, less than the headline).  Higher is better.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_COLUMNS 4

static const double column_weight[RANK_COLUMNS] = { 10.0, 1.0, 1.0, 5.0 };

/* What is the same for every row of one query: computed once, kept as auxdata. */
struct rank_query {
	int n_phrases;
	double *idf;                 /* per phrase; 0 for phrases that do not score */
	double avgdl[RANK_COLUMNS];  /* average column length in tokens */
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)arg)++;
	return SQLITE_OK;
}

static void rank_query_free(void *p)
{
	struct rank_query *rq = p;

	if (rq)
		free(rq->idf);
	free(rq);
}

static int scores(const char *mask, int phrase)
{
	return !mask || (int)strlen(mask) <= phrase || mask[phrase] != '0';
}

static int rank_query_new(const Fts5ExtensionApi *api, Fts5Context *fts, const char *mask,
			  struct rank_query **out)
{
	struct rank_query *rq = calloc(1, sizeof *rq);
	sqlite3_int64 rows = 0;
	int rc;

	if (!rq)
		return SQLITE_NOMEM;
	rq->n_phrases = api->xPhraseCount(fts);
	rq->idf = calloc((size_t)rq->n_phrases + 1, sizeof *rq->idf);
	rc = rq->idf ? api->xRowCount(fts, &rows) : SQLITE_NOMEM;
	for (int c = 0; rc == SQLITE_OK && c < RANK_COLUMNS; c++) {
		sqlite3_int64 total = 0;

		rc = api->xColumnTotalSize(fts, c, &total);
		rq->avgdl[c] = rows > 0 ? (double)total / (double)rows : 1.0;
		if (rq->avgdl[c] <= 0)
			rq->avgdl[c] = 1.0;
	}
	for (int i = 0; rc == SQLITE_OK && i < rq->n_phrases; i++) {
		sqlite3_int64 hits = 0;
		double idf;

		if (!scores(mask, i))
			continue;
		rc = api->xQueryPhrase(fts, i, &hits, count_row);
		/* A phrase in most rows would get a negative weight: keep it
		 * small and positive instead, as FTS5 does. */
		idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
		rq->idf[i] = idf > 1e-6 ? idf : 1e-6;
	}
	if (rc != SQLITE_OK) {
		rank_query_free(rq);
		return rc;
	}
	*out = rq;
	return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		    int argc, sqlite3_value **argv)
{
	const char *mask = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
	struct rank_query *rq = api->xGetAuxdata(fts, 0);
	double score = 0, *tf = NULL;
	int rc = SQLITE_OK, n_inst = 0;

	if (!rq) {
		rc = rank_query_new(api, fts, mask, &rq);
		if (rc == SQLITE_OK)
			rc = api->xSetAuxdata(fts, rq, rank_query_free);
	}
	if (rc == SQLITE_OK) {
		tf = calloc((size_t)rq->n_phrases * RANK_COLUMNS + 1, sizeof *tf);
		rc = tf ? api->xInstCount(fts, &n_inst) : SQLITE_NOMEM;
	}
	for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase < rq->n_phrases && col < RANK_COLUMNS)
			tf[phrase * RANK_COLUMNS + col] += 1;
	}
	for (int c = 0; rc == SQLITE_OK && c < RANK_COLUMNS; c++) {
		int len = 0;
		double norm;

		rc = api->xColumnSize(fts, c, &len);
		norm = RANK_K1 * (1 - RANK_B + RANK_B * (double)len / rq->avgdl[c]);
		for (int p = 0; rc == SQLITE_OK && p < rq->n_phrases; p++) {
			double f = tf[p * RANK_COLUMNS + c];

			if (f > 0 && rq->idf[p] > 0)
				score += column_weight[c] * rq->idf[p] * f * (RANK_K1 + 1) / (f + norm);
		}
	}
	free(tf);
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, score);
	else
		sqlite3_result_error_code(ctx, rc);
}

int store_rank_register(fts5_api *api, struct err *e)
{
	if (api->xCreateFunction(api, "dossier_rank", NULL, rank_fn, NULL) != SQLITE_OK)
		return err_set(e, DOSSIER_EDB, "cannot register the ranking function");
	return DOSSIER_OK;
}
