/*
 * dossier ingest PATH... — add files and directories to the archive.
 *
 * Each file is its own item: a bad one is reported on stderr as
 * "dossier: PATH: reason" and the batch goes on.  Two threads share the
 * work, since a machine has at least two cores and the two halves cost
 * about the same: a reader walks, reads and parses files into documents,
 * and the main thread writes them to the archive (the full-text index is
 * built there, inside SQLite).  Documents are written in batches of one
 * transaction, each document all or nothing within it, so an interrupted
 * run loses at most the open batch, and a re-run completes it without
 * duplicates.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* Documents written per transaction, and the most time one may stay open. */
#define INGEST_BATCH_DOCS 500
#define INGEST_BATCH_MS 2000
/* Parsed documents waiting to be written, at most. */
#define QUEUE_SIZE 64
/* After an ingest that wrote this many documents, merge the index. */
#define INGEST_OPTIMIZE_DOCS 2000

struct item {
	struct doc *doc;
	char *path;
};

/* The hand-over between the reader and the writer. */
struct queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct item items[QUEUE_SIZE];
	size_t head, count;
	int done;  /* the reader has finished */
	int stop;  /* the writer cannot go on: the reader should stop */
};

struct ingest_run {
	struct store *store;
	struct ingest_ctx *ingest;
	struct queue q;
	const struct cli_args *args;
	int json, progress;
	size_t in_batch;
	int64_t batch_started;
	atomic_size_t files, failed;
	size_t inserted, updated, unchanged, duplicates;
	const char *path; /* the file the reader is on */
};

/* ---- the queue ------------------------------------------------------------ */

/* Adds an item, waiting for room; 0 when the writer asked to stop. */
static int queue_push(struct queue *q, struct item it)
{
	int ok;

	pthread_mutex_lock(&q->mu);
	while (q->count == QUEUE_SIZE && !q->stop)
		pthread_cond_wait(&q->changed, &q->mu);
	ok = !q->stop;
	if (ok) {
		q->items[(q->head + q->count) % QUEUE_SIZE] = it;
		q->count++;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->mu);
	return ok;
}

/* Takes the next item, waiting for one; 0 when the reader is done. */
static int queue_pop(struct queue *q, struct item *it)
{
	int ok;

	pthread_mutex_lock(&q->mu);
	while (!q->count && !q->done)
		pthread_cond_wait(&q->changed, &q->mu);
	ok = q->count > 0;
	if (ok) {
		*it = q->items[q->head];
		q->head = (q->head + 1) % QUEUE_SIZE;
		q->count--;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->mu);
	return ok;
}

static int queue_stopped(struct queue *q)
{
	int stop;

	pthread_mutex_lock(&q->mu);
	stop = q->stop;
	pthread_mutex_unlock(&q->mu);
	return stop;
}

static void queue_set(struct queue *q, int *flag)
{
	pthread_mutex_lock(&q->mu);
	*flag = 1;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

/* ---- reporting ---------------------------------------------------------------- */

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

static void show_progress(struct ingest_run *run)
{
	fprintf(stderr, "\r\033[K%zu files: %zu new, %zu updated, %zu unchanged, %zu failed",
		atomic_load(&run->files), run->inserted, run->updated,
		run->unchanged + run->duplicates, atomic_load(&run->failed));
}

static void report_failure(struct ingest_run *run, const char *path, const char *why)
{
	atomic_fetch_add(&run->failed, 1);
	cli_error("%s: %s", path, why);
	if (run->json)
		print_json_item(path, "failed", NULL, why);
}

/* ---- the reader thread -------------------------------------------------------- */

/* Hands a parsed document to the writer (taking it from ingest). */
static int queue_sink(void *arg, struct doc **d, struct err *e)
{
	struct ingest_run *run = arg;
	struct item it = { *d, strdup(run->path) };

	if (!it.path)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	if (!queue_push(&run->q, it)) {
		free(it.path);
		return err_set(e, DOSSIER_EDB, "stopped: the archive cannot be written");
	}
	*d = NULL;
	return DOSSIER_OK;
}

static int read_one(void *arg, const char *path, const struct err *problem)
{
	struct ingest_run *run = arg;
	struct ingest_notes notes;
	struct err e;

	atomic_fetch_add(&run->files, 1);
	if (problem) {
		report_failure(run, path, problem->msg);
		return DOSSIER_OK;
	}
	run->path = path;
	err_clear(&e);
	if (ingest_file(run->ingest, path, queue_sink, run, &notes, &e)) {
		ingest_notes_release(&notes);
		if (queue_stopped(&run->q))
			return DOSSIER_EDB;
		report_failure(run, path, e.msg);
		return DOSSIER_OK;
	}
	cli_report_notes(path, &notes);
	ingest_notes_release(&notes);
	return DOSSIER_OK;
}

static void *reader(void *arg)
{
	struct ingest_run *run = arg;

	for (size_t i = 0; i < run->args->n_positional && !queue_stopped(&run->q); i++) {
		if (ingest_walk(run->args->positional[i], read_one, run))
			break;
	}
	queue_set(&run->q, &run->q.done);
	return NULL;
}

/* ---- the writer (main thread) ------------------------------------------------- */

/* Commits the open batch when it is full or old, and opens the next. */
static int batch_turn(struct ingest_run *run, struct err *e)
{
	int64_t now = datetime_now();
	int rc = DOSSIER_OK;

	if (run->in_batch >= INGEST_BATCH_DOCS || now - run->batch_started >= INGEST_BATCH_MS) {
		rc = store_batch_commit(run->store, e);
		run->in_batch = 0;
	}
	if (!rc && !run->in_batch) {
		rc = store_batch_begin(run->store, e);
		run->batch_started = now;
	}
	return rc;
}

static int write_one(struct ingest_run *run, const struct item *it)
{
	enum store_put_result result;
	struct err e;
	int rc = batch_turn(run, &e);

	if (!rc)
		rc = store_doc_put(run->store, it->doc, datetime_now(), &result, &e);
	if (rc) {
		report_failure(run, it->path, e.msg);
		return e.rc == DOSSIER_EDB ? rc : DOSSIER_OK;
	}
	run->in_batch++;
	switch (result) {
	case STORE_INSERTED: run->inserted++; break;
	case STORE_UPDATED: run->updated++; break;
	case STORE_UNCHANGED: run->unchanged++; break;
	case STORE_DUPLICATE: run->duplicates++; break;
	}
	if (run->json)
		print_json_item(it->path, result_name(result), it->doc, NULL);
	return DOSSIER_OK;
}

/* Writes what the reader sends until it is done; CLI_FAILED when the
 * archive cannot be written (the reader is then told to stop). */
static int write_all(struct ingest_run *run)
{
	struct item it;
	size_t written = 0;
	int rc = CLI_OK;
	struct err e;

	while (queue_pop(&run->q, &it)) {
		if (!rc && write_one(run, &it)) {
			cli_error("stopping: the archive cannot be written");
			queue_set(&run->q, &run->q.stop);
			rc = CLI_FAILED;
		}
		doc_free(it.doc);
		free(it.path);
		if (run->progress && ++written % 16 == 0)
			show_progress(run);
	}
	if (store_batch_commit(run->store, &e) && !rc) {
		cli_error("%s", e.msg);
		rc = CLI_FAILED;
	}
	/* Many batches leave the index in many segments; one merge now makes
	 * every later search faster than any number of small merges would. */
	if (!rc && run->inserted + run->updated >= INGEST_OPTIMIZE_DOCS) {
		if (run->progress)
			fputs("\r\033[Kmerging the search index...", stderr);
		if (store_fts_optimize(run->store, &e)) {
			cli_error("%s", e.msg);
			rc = CLI_FAILED;
		}
	}
	return rc;
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

static int run_pipeline(struct ingest_run *run)
{
	pthread_t thread;
	int rc;

	pthread_mutex_init(&run->q.mu, NULL);
	pthread_cond_init(&run->q.changed, NULL);
	if (pthread_create(&thread, NULL, reader, run)) {
		cli_error("cannot start the reader thread");
		rc = CLI_FAILED;
	} else {
		rc = write_all(run);
		pthread_join(thread, NULL);
	}
	pthread_cond_destroy(&run->q.changed);
	pthread_mutex_destroy(&run->q.mu);
	return rc;
}

int cmd_ingest(int argc, char **argv)
{
	struct cli_args a;
	struct ingest_run run;
	int rc = cli_parse("ingest", argc, argv, ingest_opts, &a);

	memset(&run, 0, sizeof run);
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
	run.args = &a;
	run.json = cli_opt(&a, ingest_opts, "--json") != NULL;
	run.progress = isatty(STDERR_FILENO);
	rc = setup(&run, &a);
	if (!rc)
		rc = run_pipeline(&run);
	if (run.progress)
		fputs("\r\033[K", stderr);
	if (!cli_opt(&a, ingest_opts, "--quiet") && run.store)
		fprintf(stderr, "ingested %zu, updated %zu, unchanged %zu, duplicates %zu, failed %zu\n",
			run.inserted, run.updated, run.unchanged, run.duplicates,
			atomic_load(&run.failed));
	if (!rc && atomic_load(&run.failed))
		rc = CLI_FAILED;
done:
	store_close(run.store);
	ingest_ctx_free(run.ingest);
	cli_args_release(&a);
	return rc;
}
