/*
 * dossier search QUERY — find documents whatever script or name form the
 * query and the documents use.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/datetime.h"
#include "core/utf8.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "store/store.h"

static const char search_help[] =
	"usage: dossier search QUERY [--from DATE] [--to DATE] [--source NAME]\n"
	"                            [--limit N] [--collapse] [--json] [--literal]\n"
	"                            [--explain]\n"
	"\n"
	"Finds documents, best first, whichever script they and the query are in:\n"
	"奥斯汀, 奧斯汀 and Austin find one another, and so do the forms of a name the\n"
	"archive has seen in brackets (沙利文（Jake Sullivan）, 蘇利文(Jake Sullivan)).\n"
	"\n"
	"Query language:\n"
	"  奥斯汀 王毅           both (AND is implicit)\n"
	"  \"香格里拉對話\"        a phrase (also “…” or 「…」)\n"
	"  王毅 OR 布林肯        either\n"
	"  王毅 NOT 布林肯       the first without the second\n"
	"  (王毅 OR 秦剛) 布林肯  parentheses group\n"
	"  Lloyd Austin          a known name in any of its forms\n"
	"  奥                    one character matches wherever it occurs\n"
	"\n"
	"  --from DATE, --to DATE   published on or after / on or before (YYYY-MM-DD,\n"
	"                           YYYY-MM or YYYY)\n"
	"  --source NAME            only this outlet, by any of its names or domains\n"
	"                           (DW, 德國之聲, dw.de; see data/sources.tsv)\n"
	"  --limit N                at most N results (default 20)\n"
	"  --collapse               one result per story (its best-ranked report),\n"
	"                           with how many reports the story has\n"
	"  --json                   one JSON object per result\n"
	"  --literal                match the words as written, without other name forms\n"
	"  --explain                print the full-text expression used, on stderr\n";

static const struct cli_opt search_opts[] = {
	{ "--from", 1, 0 },
	{ "--to", 1, 0 },
	{ "--source", 1, 0 },
	{ "--limit", 1, 0 },
	{ "--collapse", 0, 0 },
	{ "--json", 0, 0 },
	{ "--literal", 0, 0 },
	{ "--explain", 0, 0 },
	{ NULL, 0, 0 },
};

static int parse_options(const struct cli_args *a, struct store_search *q)
{
	const char *from = cli_opt(a, search_opts, "--from");
	const char *to = cli_opt(a, search_opts, "--to");
	const char *limit = cli_opt(a, search_opts, "--limit");

	q->from = q->to = DOC_TIME_NONE;
	q->limit = 20;
	q->collapse = cli_opt(a, search_opts, "--collapse") != NULL;
	if (from && datetime_parse_period(from, 0, &q->from)) {
		cli_error("search: --from wants a date as YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", from);
		return CLI_USAGE;
	}
	if (to && datetime_parse_period(to, 1, &q->to)) {
		cli_error("search: --to wants a date as YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", to);
		return CLI_USAGE;
	}
	if (limit) {
		char *end;
		long long n = strtoll(limit, &end, 10);

		if (!*limit || *end || n <= 0 || n > 10000) {
			cli_error("search: --limit wants a number from 1 to 10000, not '%s'", limit);
			return CLI_USAGE;
		}
		q->limit = (size_t)n;
	}
	return CLI_OK;
}

/*
 * --source: the outlet named by any of its names or domains (德國之聲,
 * dw.de, DW), matched by every one of them, since archives made before
 * labelled one outlet's documents several ways.  `ic` holds the names.
 */
static void source_filter(const char *given, struct store_search *q, struct ingest_ctx **ic)
{
	struct err e;
	const struct text_ctx *text = cli_text();

	q->source = given;
	if (text && !ingest_ctx_new(ic, cli_data_dir(), text, &e))
		q->source_names = ingest_outlet_names(*ic, given);
}

struct printer {
	int json;
	int collapse;
	size_t shown;
};

static int print_hit(void *arg, const struct store_hit *hit)
{
	struct printer *p = arg;
	char date[DATETIME_ISO_MAX], *url;

	p->shown++;
	if (p->json) {
		json_t *o = query_hit_json(hit);
		int rc = o ? cli_print_json(o) : CLI_FAILED;

		json_decref(o);
		return rc;
	}
	datetime_format_date(hit->published, date);
	url = cli_display_url(hit->url);
	printf("%s[%lld] ", p->shown > 1 ? "\n" : "", (long long)hit->id);
	cli_print(stdout, hit->title && *hit->title ? hit->title : "(untitled)", 0);
	printf("\n     ");
	cli_print(stdout, hit->source ? hit->source : "-", 0);
	printf(" · %s%s", date[0] ? date : "date unknown",
	       hit->flags & DOC_F_DATE_FROM_URL ? " (from the URL)" :
	       hit->flags & DOC_F_DATE_FROM_TEXT ? " (from the text)" : "");
	if (url) {
		printf(" · ");
		cli_print(stdout, url, 0);
	}
	printf("\n");
	free(url);
	if (hit->snippet && *hit->snippet) {
		printf("     ");
		cli_print(stdout, hit->snippet, 0);
		printf("\n");
	}
	if (p->collapse && hit->story_size > 1)
		printf("     + %lld more report%s of this story (dossier stories %lld)\n",
		       (long long)hit->story_size - 1, hit->story_size > 2 ? "s" : "",
		       (long long)hit->story);
	return 0;
}

/* Joins the positional arguments: `dossier search Lloyd Austin` is one query. */
static char *joined_query(const struct cli_args *a)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < a->n_positional; i++) {
		if (i)
			buf_addc(&b, ' ');
		if (buf_adds(&b, a->positional[i]) == DOSSIER_ETOOBIG)
			break;
	}
	return buf_detach(&b);
}

static int run_search(const struct cli_args *a, struct store *s, struct query_ctx *qc,
		      const char *text)
{
	struct store_search q = { 0 };
	struct printer p = { cli_opt(a, search_opts, "--json") != NULL,
			     cli_opt(a, search_opts, "--collapse") != NULL, 0 };
	char *match = NULL, *mask = NULL;
	struct ingest_ctx *outlets = NULL;
	struct err e;
	int64_t total = 0;
	int rc = parse_options(a, &q);

	if (rc)
		return rc;
	if (query_compile(qc, text, cli_opt(a, search_opts, "--literal") ? QUERY_LITERAL : 0,
			  &match, &mask, &e)) {
		cli_error("search: %s", e.msg);
		return e.rc == DOSSIER_EUSAGE ? CLI_USAGE : CLI_FAILED;
	}
	if (cli_opt(a, search_opts, "--explain"))
		fprintf(stderr, "fts5: %s\n", match);
	if (cli_opt(a, search_opts, "--source"))
		source_filter(cli_opt(a, search_opts, "--source"), &q, &outlets);
	q.match = match;
	q.mask = mask;
	q.snippet_chars = 80;
	if (store_search_count(s, &q, &total, &e) || store_search(s, &q, print_hit, &p, &e)) {
		cli_error("search: %s", e.msg);
		rc = CLI_FAILED;
	} else if (!p.json) {
		printf("%s%lld %s%s match%s\n", p.shown ? "\n" : "", (long long)total,
		       q.collapse ? "stor" : "document",
		       q.collapse ? (total == 1 ? "y" : "ies") : (total == 1 ? "" : "s"),
		       total == 1 ? "es" : "");
	}
	free(match);
	free(mask);
	ingest_ctx_free(outlets);
	return rc;
}

int cmd_search(int argc, char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	struct query_ctx *qc = NULL;
	char *text = NULL;
	struct err e;
	int rc = cli_parse("search", argc, argv, search_opts, &a);

	if (rc)
		goto done;
	if (a.help) {
		fputs(search_help, stdout);
		goto done;
	}
	text = joined_query(&a);
	s = cli_open_store(&a, cli_text());
	if (!s) {
		rc = CLI_FAILED;
		goto done;
	}
	if (query_ctx_new(&qc, cli_data_dir(), cli_text(), s, &e)) {
		cli_error("search: %s", e.msg);
		rc = CLI_FAILED;
		goto done;
	}
	rc = run_search(&a, s, qc, text ? text : "");
done:
	query_ctx_free(qc);
	store_close(s);
	free(text);
	cli_args_release(&a);
	return rc;
}
