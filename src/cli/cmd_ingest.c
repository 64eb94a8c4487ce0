/*
 * dossier ingest PATH... — add files and directories to the archive.
 *
 * Each file is its own item: a bad one is reported on stderr as
 * "dossier: PATH: reason" and the batch goes on; each document is stored
 * in its own transaction, so an interrupted run loses at most the document
 * being written and a re-run completes the batch without duplicates.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "text/text.h"

static const char ingest_help[] =
	"usage: dossier ingest [--json] [--quiet] PATH...\n"
	"\n"
	"Adds files, or every file under directories (recursively), to the archive.\n"
	"Formats are detected by content: feed-archive records (also inside YAML\n"
	"front matter) and plain text (e.g. a PDF's text).  A document already\n"
	"stored (same URL, or same text) is not stored again; a changed one at the\n"
	"same URL is updated.\n"
	"\n"
	"  --json    one JSON line per file: {\"path\",\"status\",\"id\",\"title\",\"error\"}\n"
	"  --quiet   no summary line\n"
	"\n"
	"Bad files are reported on stderr and skipped; the exit status is 1 if any\n"
	"file failed.\n";

static const struct cli_opt ingest_opts[] = {
	{ "--json", 0, 0 },
	{ "--quiet", 0, 0 },
	{ NULL, 0, 0 },
};

struct ingest_run {
	struct store *store;
	struct ingest_ctx *ingest;
	int json, progress;
	size_t files, inserted, updated, unchanged, duplicates, failed;
	const char *path; /* the file being read, for the sink's report */
};

static const char *result_name(enum store_put_result r)
{
	switch (r) {
	case STORE_INSERTED: return "ingested";
	case STORE_UPDATED: return "updated";
	case STORE_UNCHANGED: return "unchanged";
	default: return "duplicate";
	}
}

static void print_json_item(const char *path, const char *status,
			    const struct doc *d, const char *error)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", json_string(path));
	json_object_set_new(o, "status", json_string(status));
	if (d) {
		json_object_set_new(o, "id", json_integer(d->id));
		json_object_set_new(o, "title", json_string(d->title ? d->title : ""));
	}
	if (error)
		json_object_set_new(o, "error", json_string(error));
	cli_print_json(o);
	json_decref(o);
}

static int store_sink(void *arg, struct doc *d, struct err *e)
{
	struct ingest_run *run = arg;
	enum store_put_result result;
	int rc = store_doc_put(run->store, d, datetime_now(), &result, e);

	if (rc)
		return rc;
	switch (result) {
	case STORE_INSERTED: run->inserted++; break;
	case STORE_UPDATED: run->updated++; break;
	case STORE_UNCHANGED: run->unchanged++; break;
	case STORE_DUPLICATE: run->duplicates++; break;
	}
	if (run->json)
		print_json_item(run->path, result_name(result), d, NULL);
	return DOSSIER_OK;
}

static void show_progress(const struct ingest_run *run)
{
	fprintf(stderr, "\r\033[K%zu files: %zu new, %zu updated, %zu unchanged, %zu failed",
		run->files, run->inserted, run->updated, run->unchanged + run->duplicates,
		run->failed);
}

static void report_failure(struct ingest_run *run, const char *path, const char *why)
{
	run->failed++;
	if (run->progress)
		fputs("\r\033[K", stderr);
	cli_error("%s: %s", path, why);
	if (run->json)
		print_json_item(path, "failed", NULL, why);
}

static int ingest_one(void *arg, const char *path, const struct err *problem)
{
	struct ingest_run *run = arg;
	struct ingest_notes notes;
	struct err e;

	run->files++;
	if (problem) {
		report_failure(run, path, problem->msg);
		return DOSSIER_OK;
	}
	run->path = path;
	err_clear(&e);
	if (ingest_file(run->ingest, path, store_sink, run, &notes, &e)) {
		report_failure(run, path, e.msg);
		/* A database that cannot be written stops the batch: every
		 * following file would fail the same way. */
		return e.rc == DOSSIER_EDB ? e.rc : DOSSIER_OK;
	}
	if (notes.invalid_utf8)
		cli_error("%s: warning: replaced %zu malformed UTF-8 sequence%s with U+FFFD",
			  path, notes.invalid_utf8, notes.invalid_utf8 == 1 ? "" : "s");
	if (run->progress && run->files % 16 == 0)
		show_progress(run);
	return DOSSIER_OK;
}

static int setup(struct ingest_run *run, const struct cli_args *a)
{
	const struct text_ctx *text = cli_text();
	struct err e;

	if (!text)
		return CLI_FAILED;
	if (ingest_ctx_new(&run->ingest, cli_data_dir(), text, &e)) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	run->store = cli_open_store(a, text);
	return run->store ? CLI_OK : CLI_FAILED;
}

int cmd_ingest(int argc, char **argv)
{
	struct cli_args a;
	struct ingest_run run = { 0 };
	int rc = cli_parse("ingest", argc, argv, ingest_opts, &a);

	if (rc)
		goto done;
	if (a.help) {
		fputs(ingest_help, stdout);
		goto done;
	}
	if (!a.n_positional) {
		cli_error("ingest: no PATH given (see 'dossier ingest --help')");
		rc = CLI_USAGE;
		goto done;
	}
	run.json = cli_opt(&a, ingest_opts, "--json") != NULL;
	run.progress = isatty(STDERR_FILENO);
	rc = setup(&run, &a);
	for (size_t i = 0; !rc && i < a.n_positional; i++) {
		if (ingest_walk(a.positional[i], ingest_one, &run)) {
			cli_error("stopping: the archive cannot be written");
			rc = CLI_FAILED;
		}
	}
	if (run.progress)
		fputs("\r\033[K", stderr);
	if (!cli_opt(&a, ingest_opts, "--quiet") && (run.store || run.files))
		fprintf(stderr, "ingested %zu, updated %zu, unchanged %zu, duplicates %zu, failed %zu\n",
			run.inserted, run.updated, run.unchanged, run.duplicates, run.failed);
	if (!rc && run.failed)
		rc = CLI_FAILED;
done:
	store_close(run.store);
	ingest_ctx_free(run.ingest);
	cli_args_release(&a);
	return rc;
}
