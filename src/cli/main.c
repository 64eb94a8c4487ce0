/*
 * dossier — the command line.  Finds the command and hands it the rest of
 * the arguments; every command parses its own options.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fetch/fetch.h"
#include "ingest/ingest.h"

static const char usage[] =
	"usage: dossier [--db PATH] COMMAND [ARGS...]\n"
	"\n"
	"An offline archive of Chinese-language reporting: ingest feed archives,\n"
	"pages and commentaries in either script, then find, read and compare them.\n"
	"\n"
	"Commands:\n"
	"  ingest PATH...        add files or directories (recursive; formats detected)\n"
	"  fetch [URL...]        fetch feeds, subscribing to new ones; none: those due\n"
	"  feeds SUBCOMMAND      subscriptions: list, add, remove, set, import, export\n"
	"  search QUERY          find documents in any script or name form (--json)\n"
	"  show ID|URL|PATH      print one document (--json for JSON)\n"
	"  list                  list documents, newest first (--limit N, --json)\n"
	"  entities [NAME]       people, organisations, places, forums (--type, --json)\n"
	"  timeline              who met whom, when and where, with sources (--actor, --json)\n"
	"  stories [ID]          reports grouped by the story they tell (--json)\n"
	"  reindex               re-run extraction over stored documents (after data edits)\n"
	"  eval GOLD...          precision and recall of extraction against annotations\n"
	"  serve                 the HTTP API and web UI (--listen 127.0.0.1:8080)\n"
	"  stats                 what the archive holds (--json)\n"
	"  check                 verify the archive file's integrity\n"
	"\n"
	"Options:\n"
	"  --db PATH             the archive (default: $DOSSIER_DB, else ./dossier.db)\n"
	"  --help                help for dossier or for a command\n"
	"  --version             print the version\n"
	"\n"
	"Run 'dossier COMMAND --help' for a command's options.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	int network; /* needs fetch_global_init() */
};

int cmd_pdftext(int argc, char **argv); /* cmd_pdftext.c: the PDF reader child */

static const struct command commands[] = {
	{ "ingest", cmd_ingest, 0 },
	{ "fetch", cmd_fetch, 1 },
	{ "feeds", cmd_feeds, 0 },
	{ "search", cmd_search, 0 },
	{ "show", cmd_show, 0 },
	{ "list", cmd_list, 0 },
	{ "entities", cmd_entities, 0 },
	{ "timeline", cmd_timeline, 0 },
	{ "stories", cmd_stories, 0 },
	{ "reindex", cmd_reindex, 0 },
	{ "eval", cmd_eval, 0 },
	{ "serve", cmd_serve, 0 },
	{ "stats", cmd_stats, 0 },
	{ "check", cmd_check, 0 },
	{ "bench-query", cmd_bench_query, 0 }, /* the benchmark kit's; not listed */
	{ "__pdf-text", cmd_pdftext, 0 },      /* runs as a child of the others; not listed */
};

/* Runs `cmd` with a global --db passed on as if given to the command. */
static int run_with_db(const struct command *cmd, const char *db, int argc,
		       char **argv)
{
	char **args = calloc((size_t)argc + 3, sizeof *args);
	int rc;

	if (!args) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	args[0] = (char *)"--db";
	args[1] = (char *)db;
	memcpy(args + 2, argv, (size_t)argc * sizeof *args);
	rc = cmd->run(argc + 2, args);
	free(args);
	return rc;
}

static int run_command(int argc, char **argv);
static int network_ready;

/* Once per process, before any thread fetches. */
static int network_init(void)
{
	struct err e;

	if (fetch_global_init(&e)) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	network_ready = 1;
	return CLI_OK;
}

int main(int argc, char **argv)
{
	int rc = run_command(argc, argv);

	cli_text_release();
	ingest_set_pdf_reader(NULL); /* ends the PDF reader, if one was started */
	if (network_ready)
		fetch_global_cleanup();
	return rc;
}

static int run_command(int argc, char **argv)
{
	int first = 1;
	const char *db = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	/* PDFs are read by this executable again, in a child with limits */
	ingest_set_pdf_reader("/proc/self/exe");
	/* Global options before the command. */
	while (first < argc && argv[first][0] == '-') {
		const char *arg = argv[first];

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if (!strcmp(arg, "--version")) {
			printf("dossier %s\n", DOSSIER_VERSION);
			return CLI_OK;
		}
		if (!strcmp(arg, "--db") && first + 1 < argc) {
			db = argv[first + 1];
			first += 2;
			continue;
		}
		if (!strncmp(arg, "--db=", 5)) {
			db = arg + 5;
			first++;
			continue;
		}
		cli_error("unknown option '%s' (see 'dossier --help')", arg);
		return CLI_USAGE;
	}
	if (first >= argc) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (!strcmp(argv[first], commands[i].name)) {
			if (commands[i].network && network_init())
				return CLI_FAILED;
			/* A global --db is passed on as if given to the command. */
			if (db)
				return run_with_db(&commands[i], db, argc - first - 1,
						   argv + first + 1);
			return commands[i].run(argc - first - 1, argv + first + 1);
		}
	}
	cli_error("unknown command '%s' (see 'dossier --help')", argv[first]);
	return CLI_USAGE;
}
