/*
 * dossier reindex — runs extraction again over every stored document
 * (name pairs, entities, dates, events) with the current data files, and
 * names each document's outlet and (undated) date again as ingest would
 * now, so that an edit of data/ or of the rules reaches the whole archive
 * without ingesting anything again.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "store/store.h"

static const char help[] =
	"usage: dossier reindex\n"
	"\n"
	"Runs extraction again over every document in the archive: name pairs,\n"
	"entities, dates and events, with the data files as they are now\n"
	"($DOSSIER_DATA: aliases.tsv, titles.tsv, events.tsv, sources.tsv).\n"
	"Entities are rebuilt from scratch, so forms the data no longer names go\n"
	"away.  Each document's outlet is named again from its address, feed and\n"
	"label (sources.tsv), and a date that was only a guess is derived again.\n"
	"The text and the search index are not touched.  All or nothing: on an\n"
	"error the archive stays as it was.  Another writer meanwhile waits.\n"
	"\n"
	"Prints 'reindexed N documents: E entities, M mentions, V events'.\n";

static const struct cli_opt opts[] = {
	{ NULL, 0, 0 },
};

static int reextract(void *arg, struct doc *d)
{
	const struct ingest_ctx *c = arg;

	return ingest_refresh_doc(c, d);
}

static void show_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\r\033[Kreindexing: %zu of %zu documents", done, total);
}

/* Re-extracts the archive `s` with the data files of cli_data_dir(). */
static int reindex(struct store *s)
{
	struct ingest_ctx *c = NULL;
	struct store_stats st;
	int progress = isatty(STDERR_FILENO);
	size_t done = 0;
	struct err e;
	int rc;

	err_clear(&e);
	if (ingest_ctx_new(&c, cli_data_dir(), cli_text(), &e)) {
		cli_error("reindex: %s", e.msg);
		return CLI_FAILED;
	}
	rc = store_reindex(s, reextract, progress ? show_progress : NULL, c, &done, &e);
	ingest_ctx_free(c);
	if (progress)
		fputs("\r\033[K", stderr);
	if (!rc)
		rc = store_stats(s, &st, &e);
	if (rc) {
		cli_error("reindex: %s", e.msg[0] ? e.msg : err_rc_str(rc));
		return CLI_FAILED;
	}
	printf("reindexed %zu documents: %lld entities, %lld mentions, %lld events\n", done,
	       (long long)st.entities, (long long)st.mentions, (long long)st.events);
	store_stats_release(&st);
	return CLI_OK;
}

int cmd_reindex(int argc, char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	int rc = cli_parse("reindex", argc, argv, opts, &a);

	if (rc)
		return rc;
	if (a.help) {
		fputs(help, stdout);
		goto done;
	}
	if (a.n_positional) {
		cli_error("reindex: takes no arguments (see 'dossier reindex --help')");
		rc = CLI_USAGE;
		goto done;
	}
	if (!cli_text() || !(s = cli_open_store(&a, cli_text()))) {
		rc = CLI_FAILED;
		goto done;
	}
	rc = reindex(s);
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}
