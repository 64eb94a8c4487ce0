/* Unit tests for src/query: the query language, its errors, name expansion. */
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
#include "core/datetime.h"
#include "query/query.h"
#include "store/store.h"
#include "text/text.h"

struct fixture {
	struct archive_fixture a;
	struct query_ctx *q;
};

/* A small alias table of our own, so the tests do not depend on data/. */
static const char aliases[] =
	"# id\ttype\tforms\tcontext\n"
	"lloyd-austin\tperson\t奧斯汀|奥斯汀|Lloyd Austin|Austin\t國防部長|防長|五角大廈\n"
	"austin-texas\tplace\t奧斯汀|奥斯汀|Austin|Austin, Texas\t德州|Texas\n"
	"wang-yi\tperson\t王毅|Wang Yi\t\n";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err e;
	char path[128];
	FILE *fp;

	if (archive_fixture_open(&f->a, "query"))
		return -1;
	snprintf(path, sizeof path, "%s/aliases.tsv", f->a.dir);
	fp = fopen(path, "w");
	fputs(aliases, fp);
	fclose(fp);
	if (query_ctx_new(&f->q, f->a.dir, f->a.text, f->a.store, &e))
		return -1;
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

static void assert_compiles(struct fixture *f, const char *query, int flags, const char *want)
{
	char *match = NULL;
	struct err e;

	err_clear(&e);
	if (query_compile(f->q, query, flags, &match, NULL, &e))
		fail_msg("'%s' did not compile: %s", query, e.msg);
	assert_string_equal(match, want);
	free(match);
}

static void assert_refused(struct fixture *f, const char *query, const char *why)
{
	char *match = NULL;
	struct err e;

	err_clear(&e);
	assert_int_equal(query_compile(f->q, query, 0, &match, NULL, &e), DOSSIER_EUSAGE);
	assert_null(match);
	if (!strstr(e.msg, why))
		fail_msg("'%s': expected a message with '%s', got '%s'", query, why, e.msg);
}

static void compiles_the_language(void **state)
{
	struct fixture *f = *state;

	assert_compiles(f, "香格里拉", 0, "(\"香格里拉\")");
	assert_compiles(f, "中美 會談", 0, "((\"中美\") AND (\"會談\"))");
	assert_compiles(f, "中美 AND 會談", 0, "((\"中美\") AND (\"會談\"))");
	assert_compiles(f, "中美 OR 會談", 0, "((\"中美\") OR (\"會談\"))");
	assert_compiles(f, "中美 NOT 會談", 0, "((\"中美\") NOT (\"會談\"))");
	assert_compiles(f, "(中美 OR 美中) 會談", 0,
			"(((\"中美\") OR (\"美中\")) AND (\"會談\"))");
	assert_compiles(f, "\"香格里拉 對話\"", 0, "(\"香格里拉 對話\")");
	assert_compiles(f, "「香格里拉對話」", 0, "(\"香格里拉對話\")");
	/* One Han character is a prefix query; so is a phrase ending in one. */
	assert_compiles(f, "奥", 0, "(\"奥\"*)");
	assert_compiles(f, "2024年", 0, "(\"2024年\"*)");
	/* FTS5's own syntax is just text inside our quotes. */
	assert_compiles(f, "NEAR a:b* ^c", 0,
			"(((\"NEAR\") AND (\"a:b*\")) AND (\"^c\"))");
	assert_compiles(f, "say\"hi\"", 0, "((\"say\") AND (\"hi\"))");
}

static void expands_names(void **state)
{
	struct fixture *f = *state;

	/* Specific: the general's shared form only where context shows him. */
	assert_compiles(f, "Lloyd Austin", 0,
			"(\"Lloyd Austin\""
			" OR (\"奥斯汀\" AND (\"国防部长\" OR \"防长\" OR \"五角大厦\" OR \"lloyd austin\"))"
			" OR (\"austin\" AND (\"国防部长\" OR \"防长\" OR \"五角大厦\" OR \"lloyd austin\")))");
	/* Ambiguous: every meaning. */
	assert_compiles(f, "奧斯汀", 0,
			"(\"奧斯汀\" OR \"lloyd austin\" OR \"austin\" OR \"austin texas\")");
	assert_compiles(f, "Wang Yi", 0, "(\"Wang Yi\" OR \"王毅\")");
	/* Context words decide matching only: they neither rank nor highlight. */
	char *match = NULL, *mask = NULL;
	struct err e;
	assert_int_equal(query_compile(f->q, "Lloyd Austin", 0, &match, &mask, &e), DOSSIER_OK);
	assert_string_equal(mask, "11000010000");
	free(match);
	free(mask);
	/* A one-character prefix phrase is marked so only it is highlighted. */
	assert_int_equal(query_compile(f->q, "奥 王毅", QUERY_LITERAL, &match, &mask, &e), DOSSIER_OK);
	assert_string_equal(mask, "p1");
	free(match);
	free(mask);
	assert_compiles(f, "王毅", QUERY_LITERAL, "(\"王毅\")");
}

static void learns_names_from_the_archive(void **state)
{
	struct fixture *f = *state;
	struct doc *d = doc_new();
	enum store_put_result r;
	struct err e;

	doc_set(&d->url, "https://x.example.org/1", (size_t)-1);
	doc_set(&d->title, "t", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, "白宮國家安全顧問沙利文（Jake Sullivan）表示。");
	doc_add_name_pair(d, "沙利文", "Jake Sullivan");
	doc_compute_hash(d);
	assert_int_equal(store_doc_put(f->a.store, d, 1, &r, &e), DOSSIER_OK);
	doc_free(d);
	d = doc_new();
	doc_set(&d->url, "https://x.example.org/2", (size_t)-1);
	doc_set(&d->title, "u", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, "蘇利文(Jake Sullivan)說。");
	doc_add_name_pair(d, "蘇利文", "Jake Sullivan");
	doc_compute_hash(d);
	assert_int_equal(store_doc_put(f->a.store, d, 1, &r, &e), DOSSIER_OK);
	doc_free(d);
	assert_compiles(f, "沙利文", 0, "(\"沙利文\" OR \"jake sullivan\" OR \"苏利文\")");
	assert_compiles(f, "Sullivan", 0, "(\"Sullivan\" OR \"jake sullivan\" OR \"沙利文\" OR \"苏利文\")");
}

static void refuses_bad_queries(void **state)
{
	struct fixture *f = *state;
	char big[QUERY_MAX_BYTES + 10];

	assert_refused(f, "", "empty query");
	assert_refused(f, "   ", "empty query");
	assert_refused(f, "\"香格里拉", "unbalanced quote");
	assert_refused(f, "(中美 會談", "'(' is not closed");
	assert_refused(f, "NEAR(a:b*", "'(' is not closed");
	assert_refused(f, "中美)", "')' without '('");
	assert_refused(f, "NOT 中美", "NOT needs a term on each side");
	assert_refused(f, "中美 NOT", "ends where a term was expected");
	assert_refused(f, "OR 中美", "OR needs a term on each side");
	assert_refused(f, "中美 AND", "ends where a term was expected");
	assert_refused(f, "a\x07" "b", "control character 0x07");
	assert_refused(f, "\xff\xfe", "not valid UTF-8");
	assert_refused(f, "*", "nothing to search for in '*'");
	assert_refused(f, "（）", "nothing to search for");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_refused(f, big, "query too long");
	char deep[80] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "(");
	assert_refused(f, deep, "nested too deep");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(compiles_the_language, setup, teardown),
		cmocka_unit_test_setup_teardown(expands_names, setup, teardown),
		cmocka_unit_test_setup_teardown(learns_names_from_the_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_bad_queries, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
