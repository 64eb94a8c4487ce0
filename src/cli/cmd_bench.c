/*
 * dossier bench-query QUERIES_FILE — the benchmark kit's query step
 * (../shared/bench/README.md): every query answered in this one process
 * through Dossier's own query compiler and index, one line each:
 * QNO<TAB>HIT_COUNT<TAB>ELAPSED_US.  Not for people; not in --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "query/query.h"
#include "store/store.h"

static const struct cli_opt bench_opts[] = {
	{ "--aliases", 0, 0 },
	{ NULL, 0, 0 },
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Splits "QNO\tTYPE\tTERM[\tTERM...]" in place; returns the term count. */
static size_t split_line(char *line, char **qno, char **terms, size_t max)
{
	char *field = strtok(line, "\t"), *type;
	size_t n = 0;

	*qno = field;
	type = field ? strtok(NULL, "\t") : NULL;
	if (!type)
		return 0;
	while (n < max && (field = strtok(NULL, "\t")))
		terms[n++] = field;
	return n;
}

static void answer(struct store *s, struct query_ctx *qc, int flags, char *line)
{
	char *qno, *terms[8], *match = NULL;
	struct store_search q = { .from = DOC_TIME_NONE, .to = DOC_TIME_NONE };
	struct err e;
	int64_t count = 0, start;
	size_t n;

	line[strcspn(line, "\r\n")] = '\0';
	n = split_line(line, &qno, terms, 8);
	if (!n)
		return;
	start = now_us();
	if (query_compile_terms(qc, (const char *const *)terms, n, flags, &match, NULL, &e) == 0) {
		q.match = match;
		if (store_search_count(s, &q, &count, &e))
			count = -1;
	} else {
		count = 0; /* nothing searchable in the terms: no document has them */
	}
	printf("%s\t%lld\t%lld\n", qno, (long long)count, (long long)(now_us() - start));
	fflush(stdout);
	if (count < 0)
		fprintf(stderr, "query %s: %s\n", qno, e.msg);
	free(match);
}

int cmd_bench_query(int argc, char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	struct query_ctx *qc = NULL;
	struct err e;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = NULL;
	int rc = cli_parse("bench-query", argc, argv, bench_opts, &a);

	if (rc)
		goto done;
	if (a.n_positional != 1) {
		cli_error("bench-query: give one QUERIES_FILE");
		rc = CLI_USAGE;
		goto done;
	}
	f = fopen(a.positional[0], "r");
	s = f ? cli_open_store(&a, cli_text()) : NULL;
	if (!f || !s || query_ctx_new(&qc, cli_data_dir(), cli_text(), s, &e)) {
		cli_error("bench-query: cannot start (%s)", f ? "archive" : a.positional[0]);
		rc = CLI_FAILED;
		goto done;
	}
	/* The kit's ground truth knows scripts but not aliases: match literally
	 * unless asked (--aliases) to expand names too. */
	while (getline(&line, &cap, f) > 0)
		answer(s, qc, cli_opt(&a, bench_opts, "--aliases") ? 0 : QUERY_LITERAL, line);
done:
	free(line);
	if (f)
		fclose(f);
	query_ctx_free(qc);
	store_close(s);
	cli_args_release(&a);
	return rc;
}
