/* dossier stats / list / check — what the archive holds, and whether it is sound. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "core/utf8.h"
#include "query/query.h"
#include "store/store.h"

static const char stats_help[] =
	"usage: dossier stats [--json]\n"
	"\n"
	"What the archive holds: documents, paragraphs, images and links; the\n"
	"range of publication and fetch dates; documents by outlet, script and\n"
	"format.\n";

static const char list_help[] =
	"usage: dossier list [--limit N] [--json]\n"
	"\n"
	"Lists documents, newest publication first: id, date, outlet, script, title.\n";

static const char check_help[] =
	"usage: dossier check\n"
	"\n"
	"Verifies the archive file (SQLite integrity and foreign-key checks).\n"
	"Exit status 0 when sound.\n";

static const struct cli_opt json_only[] = {
	{ "--json", 0, 0 },
	{ NULL, 0, 0 },
};

static const struct cli_opt list_opts[] = {
	{ "--json", 0, 0 },
	{ "--limit", 1, 0 },
	{ NULL, 0, 0 },
};

static void print_counts(const char *label, const struct store_count *c, size_t n)
{
	printf("%-12s", label);
	for (size_t i = 0; i < n; i++) {
		printf("%s", i ? ", " : "");
		cli_print(stdout, c[i].name, 0);
		printf(" %lld", (long long)c[i].count);
	}
	printf("%s\n", n ? "" : "-");
}

static void print_range(const char *label, int64_t first, int64_t last)
{
	char a[DATETIME_ISO_MAX], b[DATETIME_ISO_MAX];

	datetime_format_iso(first, a);
	datetime_format_iso(last, b);
	if (a[0])
		printf("%-12s%s .. %s\n", label, a, b);
	else
		printf("%-12s-\n", label);
}

static void print_stats(const struct store_stats *st)
{
	printf("%-12s%lld\n", "documents", (long long)st->documents);
	printf("%-12s%lld\n", "paragraphs", (long long)st->paragraphs);
	printf("%-12s%lld\n", "images", (long long)st->images);
	printf("%-12s%lld\n", "links", (long long)st->links);
	printf("%-12s%lld\n", "entities", (long long)st->entities);
	printf("%-12s%lld\n", "events", (long long)st->events);
	printf("%-12s%lld (%lld of two reports or more)\n", "stories", (long long)st->stories,
	       (long long)st->stories_multi);
	print_range("published", st->published_min, st->published_max);
	print_range("fetched", st->fetched_min, st->fetched_max);
	print_counts("sources", st->sources, st->n_sources);
	print_counts("scripts", st->scripts, st->n_scripts);
	print_counts("formats", st->formats, st->n_formats);
}

/* Parses the common shape of these commands; returns -1 to go on. */
static int begin(const char *name, int argc, char **argv, const struct cli_opt *opts,
		 const char *help, struct cli_args *a, struct store **s)
{
	int rc = cli_parse(name, argc, argv, opts, a);

	*s = NULL;
	if (rc)
		return rc;
	if (a->help) {
		fputs(help, stdout);
		return CLI_OK;
	}
	if (a->n_positional) {
		cli_error("%s: unexpected argument '%s' (see 'dossier %s --help')", name,
			  a->positional[0], name);
		return CLI_USAGE;
	}
	*s = cli_open_store(a, cli_text());
	return *s ? -1 : CLI_FAILED;
}

int cmd_stats(int argc, char **argv)
{
	struct cli_args a;
	struct store *s;
	struct store_stats st;
	struct err e;
	int rc = begin("stats", argc, argv, json_only, stats_help, &a, &s);

	if (rc >= 0)
		goto done;
	rc = CLI_OK;
	if (store_stats(s, &st, &e)) {
		cli_error("stats: %s", e.msg);
		rc = CLI_FAILED;
		goto done;
	}
	if (cli_opt(&a, json_only, "--json")) {
		json_t *o = query_stats_json(&st);

		rc = o ? cli_print_json(o) : CLI_FAILED;
		json_decref(o);
	} else {
		print_stats(&st);
	}
	store_stats_release(&st);
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}

static int print_row_json(void *arg, const struct store_doc_row *row)
{
	json_t *o = query_row_json(row);
	int rc = o ? cli_print_json(o) : CLI_FAILED;

	(void)arg;
	json_decref(o);
	return rc;
}

/* Prints `s` (escaped for the terminal) padded with spaces to `columns` columns. */
static void print_padded(const char *s, size_t columns)
{
	char *safe = cli_escape(s, 0);
	size_t width = safe ? utf8_display_width(safe, strlen(safe)) : 0;

	fputs(safe ? safe : "", stdout);
	free(safe);
	while (width++ < columns)
		putchar(' ');
}

static int print_row(void *arg, const struct store_doc_row *row)
{
	char date[DATETIME_ISO_MAX];

	(void)arg;
	datetime_format_date(doc_published_known(row->published, row->flags), date);
	printf("%5lld  %-10s  ", (long long)row->id, date[0] ? date : "unknown");
	print_padded(row->source ? row->source : "-", 14);
	printf(" %-5s ", row->script ? row->script : "");
	cli_print(stdout, row->title ? row->title : "", 0);
	putchar('\n');
	return 0;
}

static int parse_limit(const char *v, size_t *limit)
{
	char *end;
	long long n;

	if (!v) {
		*limit = 0;
		return CLI_OK;
	}
	n = strtoll(v, &end, 10);
	if (!*v || *end || n <= 0 || n > 1000000) {
		cli_error("list: --limit wants a number from 1 to 1000000, not '%s'", v);
		return CLI_USAGE;
	}
	*limit = (size_t)n;
	return CLI_OK;
}

int cmd_list(int argc, char **argv)
{
	struct cli_args a;
	struct store *s;
	struct err e;
	size_t limit;
	int rc = begin("list", argc, argv, list_opts, list_help, &a, &s);

	if (rc >= 0)
		goto done;
	rc = parse_limit(cli_opt(&a, list_opts, "--limit"), &limit);
	if (rc)
		goto done;
	if (store_doc_list(s, limit, cli_opt(&a, list_opts, "--json") ? print_row_json : print_row,
			   NULL, &e)) {
		cli_error("list: %s", e.msg);
		rc = CLI_FAILED;
	}
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	struct cli_args a;
	struct store *s;
	struct err e;
	int rc = begin("check", argc, argv, NULL, check_help, &a, &s);

	if (rc >= 0)
		goto done;
	rc = CLI_OK;
	if (store_check(s, &e)) {
		cli_error("check: %s: %s", cli_db_path(&a), e.msg);
		rc = CLI_FAILED;
	} else {
		printf("ok\n");
	}
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}
