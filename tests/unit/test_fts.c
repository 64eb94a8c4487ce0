/*
 * The full-text index seen from inside: the tokens our tokenizer wrote
 * (fts5vocab), FTS5's integrity-check, and searches that must meet across
 * scripts and lengths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive_fixture.h"
#include "query/query.h"
#include "store/store.h"
#include "text/text.h"

struct fixture {
	struct archive_fixture a;
	struct query_ctx *q;
};

static void put(struct fixture *f, const char *url, const char *title, const char *body)
{
	struct doc *d = doc_new();
	enum store_put_result r;
	struct err e;

	doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->title, title, (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, body);
	doc_compute_hash(d);
	assert_int_equal(store_doc_put(f->a.store, d, 1, &r, &e), DOSSIER_OK);
	doc_free(d);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err e;

	if (archive_fixture_open(&f->a, "fts") ||
	    query_ctx_new(&f->q, f->a.dir, f->a.text, f->a.store, &e))
		return -1;
	put(f, "https://x.example.org/1", "防長會晤", "美國國防部長奧斯汀與中國防長會晤。");
	put(f, "https://x.example.org/2", "防长会晤", "美国国防部长奥斯汀与中国防长会晤。");
	put(f, "https://x.example.org/3", "G7", "Ｇ７峰會在臺灣以外舉行，Lloyd Austin 未出席。");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	query_ctx_free(f->q);
	rc = archive_fixture_close(&f->a);
	free(f);
	return rc;
}

struct terms {
	char list[2048];
};

static int add_term(void *arg, const char *term, int64_t docs)
{
	struct terms *t = arg;
	size_t n = strlen(t->list);

	snprintf(t->list + n, sizeof t->list - n, "%s:%lld ", term, (long long)docs);
	return 0;
}

static const char *terms(struct fixture *f, const char *prefix, struct terms *t)
{
	struct err e;

	t->list[0] = '\0';
	assert_int_equal(store_fts_terms(f->a.store, prefix, add_term, t, &e), DOSSIER_OK);
	return t->list;
}

static void index_holds_folded_bigrams(void **state)
{
	struct fixture *f = *state;
	struct terms t;

	/* Both scripts wrote the same tokens: 奧斯汀 and 奥斯汀 are 奥斯, 斯汀. */
	assert_string_equal(terms(f, "奥", &t), "奥斯:2 ");
	assert_string_equal(terms(f, "斯汀", &t), "斯汀:2 ");
	assert_string_equal(terms(f, "奧", &t), "");
	/* The last character of each run stands alone too. */
	assert_string_equal(terms(f, "晤", &t), "晤:2 ");
	/* Width and case folded; Latin words whole. */
	assert_string_equal(terms(f, "g7", &t), "g7:1 ");
	assert_string_equal(terms(f, "lloyd", &t), "lloyd:1 ");
	assert_string_equal(terms(f, "台湾", &t), "台湾:1 ");
}

static void index_passes_integrity_check(void **state)
{
	struct fixture *f = *state;
	struct err e;

	assert_int_equal(store_check(f->a.store, &e), DOSSIER_OK);
	/* An update re-indexes: the old tokens go, the check still passes. */
	put(f, "https://x.example.org/3", "G7", "七國集團峰會。");
	assert_int_equal(store_check(f->a.store, &e), DOSSIER_OK);
	struct terms t;
	assert_string_equal(terms(f, "g7", &t), "g7:1 "); /* the title still says G7 */
	assert_string_equal(terms(f, "lloyd", &t), "");
}

static int64_t count(struct fixture *f, const char *query)
{
	struct store_search q = { .from = DOC_TIME_NONE, .to = DOC_TIME_NONE };
	struct err e;
	char *match = NULL;
	int64_t n = -1;

	assert_int_equal(query_compile(f->q, query, QUERY_LITERAL, &match, NULL, &e), DOSSIER_OK);
	q.match = match;
	assert_int_equal(store_search_count(f->a.store, &q, &n, &e), DOSSIER_OK);
	free(match);
	return n;
}

static void searches_meet_across_scripts(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(count(f, "奧斯汀"), 2);
	assert_int_equal(count(f, "奥斯汀"), 2);
	assert_int_equal(count(f, "國防部長奧斯汀"), 2);
	assert_int_equal(count(f, "汀"), 2);       /* one character, mid-word */
	assert_int_equal(count(f, "晤"), 2);       /* one character, end of run */
	assert_int_equal(count(f, "會晤"), 2);
	assert_int_equal(count(f, "防長 會晤"), 2);
	assert_int_equal(count(f, "\"汀與\""), 2); /* written so only in Traditional... */
	assert_int_equal(count(f, "\"汀与\""), 2); /* ...and so only in Simplified */
	assert_int_equal(count(f, "g7"), 1);
	assert_int_equal(count(f, "\"G7峰会\""), 1);
	assert_int_equal(count(f, "\"lloyd austin\""), 1);
	assert_int_equal(count(f, "\"austin lloyd\""), 0);
	assert_int_equal(count(f, "奧斯汀會晤"), 0); /* not adjacent */
	assert_int_equal(count(f, "臺灣以外"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(index_holds_folded_bigrams, setup, teardown),
		cmocka_unit_test_setup_teardown(index_passes_integrity_check, setup, teardown),
		cmocka_unit_test_setup_teardown(searches_meet_across_scripts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
