/*
 * dossier eval [--base DIR] [--json] [--quiet] GOLD... — precision, recall
 * and F1 of extraction against gold annotations (docs/ANNOTATION.md).
 *
 * No archive is involved: each annotated document is read through ingest
 * (which extracts), scored, and dropped.  A gold file that is malformed or
 * names a document that cannot be read is reported and the rest go on
 * (exit 1); low scores are output, not a failure.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "eval/eval.h"
#include "ingest/ingest.h"

static const char help[] =
	"usage: dossier eval [--base DIR] [--json] [--quiet] GOLD...\n"
	"       dossier eval --stories [--hard FILE] [--sweep] [--json] [--base DIR] GOLD.tsv\n"
	"\n"
	"Reads the documents the gold files annotate (paths relative to --base,\n"
	"default the current directory), extracts entities, dates and events as\n"
	"ingest does, and prints true positives, false alarms, misses, precision,\n"
	"recall and F1 per type and overall, then every miss and false alarm.\n"
	"GOLD is a gold file or a directory (every *.gold under it).  The format\n"
	"is in docs/ANNOTATION.md.  No archive is needed (--db is ignored).\n"
	"\n"
	"  --base DIR  where the documents' paths start\n"
	"  --json      one JSON object with every number and the list\n"
	"  --quiet     only the tables\n"
	"\n"
	"A malformed gold file or a missing document is reported on stderr and\n"
	"the rest are scored; the exit status is then 1.\n"
	"\n"
	"With --stories, GOLD.tsv labels documents with the story they tell\n"
	"(tests/data/stories/README.md); they are ingested in that order into an\n"
	"in-memory archive and the stories formed are scored over pairs: precision,\n"
	"recall, recall per kind of variant, hard negatives merged.\n"
	"  --hard FILE  story pairs that must stay apart (default: hard_negatives.tsv\n"
	"               beside GOLD.tsv, when there is one)\n"
	"  --sweep      also each threshold moved, and MinHash against SimHash for\n"
	"               shingles of 2 to 6 characters\n"
	"  --json       the headline numbers as one JSON object, after the report\n";

static const struct cli_opt opts[] = {
	{ "--base", 1, 0 },
	{ "--json", 0, 0 },
	{ "--quiet", 0, 0 },
	{ "--stories", 0, 0 },
	{ "--hard", 1, 0 },
	{ "--sweep", 0, 0 },
	{ NULL, 0, 0 },
};

struct eval_run {
	struct eval *ev;
	struct ingest_ctx *ingest;
	const char *base;
	size_t files, failed;
};

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n >= k && !strcmp(s + n - k, end);
}

static void score_file(struct eval_run *run, const char *path)
{
	struct eval_gold *g = NULL;
	struct err e = { 0 };

	run->files++;
	if (eval_gold_load(path, &g, &e) || eval_run_gold(run->ev, run->ingest, g, run->base, &e)) {
		cli_error("eval: %s", e.msg);
		run->failed++;
	}
	eval_gold_free(g);
}

/* Walks a directory for *.gold files (a file named outright is taken as it is). */
static int visit(void *arg, const char *path, const struct err *problem)
{
	struct eval_run *run = arg;

	if (problem) {
		cli_error("eval: %s: %s", path, problem->msg);
		run->failed++;
	} else if (ends_with(path, ".gold")) {
		score_file(run, path);
	}
	return 0;
}

static int report(const struct eval *ev, int json, int quiet)
{
	struct buf out = BUF_INIT;
	const char *warnings = eval_warnings(ev);
	int rc = 0;

	if (*warnings)
		fprintf(stderr, "dossier: eval: gold text not found in its document:\n%s", warnings);
	if (json) {
		json_t *o = eval_report_json(ev);

		rc = !o || cli_print_json(o);
		json_decref(o);
	} else {
		rc = eval_report_text(ev, quiet, &out) != 0;
		if (!rc)
			fwrite(out.data, 1, out.len, stdout);
	}
	buf_release(&out);
	if (rc)
		cli_error("eval: out of memory");
	return rc;
}

/* hard_negatives.tsv beside the gold file, when there is one (caller frees). */
static char *default_hard(const char *gold)
{
	const char *slash = strrchr(gold, '/');
	size_t dir = slash ? (size_t)(slash - gold + 1) : 0;
	char *path = malloc(dir + sizeof "hard_negatives.tsv");
	struct stat st;

	if (!path)
		return NULL;
	memcpy(path, gold, dir);
	strcpy(path + dir, "hard_negatives.tsv");
	if (stat(path, &st)) {
		free(path);
		return NULL;
	}
	return path;
}

static int eval_stories(const struct cli_args *a, struct ingest_ctx *ic)
{
	struct eval_stories_result res;
	struct buf out = BUF_INIT;
	struct err e = { 0 };
	const char *hard = cli_opt(a, opts, "--hard");
	char *found = hard ? NULL : default_hard(a->positional[0]);
	int rc;

	if (a->n_positional != 1) {
		cli_error("eval: --stories takes one labelled file");
		free(found);
		return CLI_USAGE;
	}
	rc = eval_stories_run(cli_text(), ic, a->positional[0], hard ? hard : found,
			      cli_opt(a, opts, "--base"), cli_opt(a, opts, "--sweep") != NULL, &out,
			      &res, &e);
	free(found);
	if (rc) {
		buf_release(&out);
		cli_error("eval: %s", e.msg);
		return CLI_FAILED;
	}
	if (cli_opt(a, opts, "--json")) {
		json_t *o = json_pack("{s:f,s:f,s:f,s:f,s:I,s:I,s:I}", "precision", res.precision,
				      "recall", res.recall, "f1", res.f1, "judge_f1", res.judge_f1,
				      "hard_pairs", (json_int_t)res.hard_pairs, "hard_merged",
				      (json_int_t)res.hard_merged, "unscored",
				      (json_int_t)res.unscored);

		fwrite(out.data, 1, out.len, stderr);
		rc = !o || cli_print_json(o);
		json_decref(o);
	} else {
		fwrite(out.data, 1, out.len, stdout);
	}
	buf_release(&out);
	return rc || res.unscored ? CLI_FAILED : CLI_OK;
}

int cmd_eval(int argc, char **argv)
{
	struct eval_run run = { 0 };
	struct cli_args a;
	struct err e = { 0 };
	int rc = cli_parse("eval", argc, argv, opts, &a);

	if (rc)
		return rc;
	if (a.help) {
		fputs(help, stdout);
		goto done;
	}
	if (!a.n_positional) {
		cli_error("eval: give one or more gold files or directories");
		rc = CLI_USAGE;
		goto done;
	}
	run.base = cli_opt(&a, opts, "--base");
	if (!run.base)
		run.base = ".";
	if (!cli_text()) {
		rc = CLI_FAILED;
		goto done;
	}
	if (ingest_ctx_new(&run.ingest, cli_data_dir(), cli_text(), &e) ||
	    eval_new(&run.ev, cli_text())) {
		cli_error("eval: %s", e.msg[0] ? e.msg : "out of memory");
		rc = CLI_FAILED;
		goto done;
	}
	if (cli_opt(&a, opts, "--stories")) {
		rc = eval_stories(&a, run.ingest);
		goto done;
	}
	for (size_t i = 0; i < a.n_positional; i++) {
		size_t before = run.files + run.failed;
		struct stat st;

		if (!stat(a.positional[i], &st) && S_ISREG(st.st_mode))
			score_file(&run, a.positional[i]);
		else
			ingest_walk(a.positional[i], visit, &run);
		if (run.files + run.failed == before) {
			cli_error("eval: %s: no gold files", a.positional[i]);
			run.failed++;
		}
	}
	if (report(run.ev, cli_opt(&a, opts, "--json") != NULL,
		   cli_opt(&a, opts, "--quiet") != NULL))
		rc = CLI_FAILED;
	else if (run.failed)
		rc = CLI_FAILED;
done:
	eval_free(run.ev);
	ingest_ctx_free(run.ingest);
	cli_args_release(&a);
	return rc;
}
