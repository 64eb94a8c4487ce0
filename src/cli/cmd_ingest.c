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
 * duplicates.  A document counts (in the summary, in --json) only once its
 * batch has committed; a batch that cannot commit (a full disk) is
 * reported as failed, file by file.  The batch is committed before the
 * writer waits for the reader, so that other writers of the archive (a
 * fetch, a reindex) are not held up by a slow file.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
	"Formats are detected by content, not by name: RSS 0.9x/1.0/2.0 and Atom\n"
	"feeds (one document per item), HTML article pages, PDF (the text layer),\n"
	"feed-archive records (also inside YAML front matter) and plain text; in\n"
	"UTF-8, UTF-16/32, GB2312/GBK/GB18030 or Big5.  A document already stored\n"
	"(a feed item with the same guid in its feed, the same URL, or the same\n"
	"text) is not stored again; a changed one is updated.\n"
	"\n"
	"Documents are written in batches of one transaction; a document counts as\n"
	"stored (in the summary and in --json) once its batch has committed.  When\n"
	"another process is writing the archive, ingest waits its turn.\n"
	"\n"
	"  --json    one JSON line per file: {\"path\",\"status\",\"id\",\"title\",\"error\"}\n"
	"  --quiet   no summary line\n"
	"\n"
	"Bad files are reported on stderr and skipped; if the archive cannot be\n"
	"written (a full disk), every file not stored is named.  The exit status\n"
	"is 1 if any file failed.\n";

static const struct cli_opt ingest_opts[] = {
	{ "--json", 0, 0 },
	{ "--quiet", 0, 0 },
	{ NULL, 0, 0 },
};

/* Documents written per transaction, and the most time one may stay open. */
#define INGEST_BATCH_DOCS 500
#define INGEST_BATCH_MS 2000
/* How long the writer waits for the reader's next document with a batch
 * open before committing it: the write lock is not held while idle. */
#define INGEST_IDLE_COMMIT_MS 100
/* Parsed documents waiting to be written, at most. */
#define QUEUE_SIZE 64
/* After an ingest that wrote this many documents, merge the index. */
#define INGEST_OPTIMIZE_DOCS 2000

struct item {
	struct doc *doc;
	char *path;
};

/* A document written in the open batch: counted once the batch commits. */
struct written {
	char *path, *title;
	int64_t id;
	enum store_put_result result;
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
	struct written *batch; /* written in the open batch, not yet committed */
	size_t n_batch, cap_batch;
	int64_t batch_started;
	int stopped; /* the archive could not be written: nothing more is */
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

enum pop { POP_ITEM, POP_IDLE, POP_DONE };

/* Takes the next item, waiting for one at most `idle_ms` (negative: as
 * long as it takes); POP_DONE when the reader is done. */
static enum pop queue_pop(struct queue *q, struct item *it, int64_t idle_ms)
{
	struct timespec until;
	enum pop got;

	if (idle_ms >= 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)(idle_ms % 1000) * 1000000L;
		until.tv_sec += (time_t)(idle_ms / 1000) + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
	}
	pthread_mutex_lock(&q->mu);
	while (!q->count && !q->done) {
		if (idle_ms < 0)
			pthread_cond_wait(&q->changed, &q->mu);
		else if (pthread_cond_timedwait(&q->changed, &q->mu, &until))
			break;
	}
	got = q->count ? POP_ITEM : q->done ? POP_DONE : POP_IDLE;
	if (got == POP_ITEM) {
		*it = q->items[q->head];
		q->head = (q->head + 1) % QUEUE_SIZE;
		q->count--;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->mu);
	return got;
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

/* One line of --json: a stored document (id > 0, title) or a failure. */
static void print_json_item(const char *path, const char *status, int64_t id,
			    const char *title, const char *error)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", json_string(path));
	json_object_set_new(o, "status", json_string(status));
	if (id > 0) {
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "title", json_string(title ? title : ""));
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
		print_json_item(path, "failed", 0, NULL, why);
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

#define NOT_STORED_STOPPED "not stored: ingest stopped (the archive cannot be written)"

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
	/* Once the archive refuses, the rest is listed, not read: every file
	 * that is not stored is named, so that nobody deletes one believing
	 * it safe. */
	if (queue_stopped(&run->q)) {
		report_failure(run, path, NOT_STORED_STOPPED);
		return DOSSIER_OK;
	}
	run->path = path;
	err_clear(&e);
	if (ingest_file(run->ingest, path, queue_sink, run, &notes, &e)) {
		ingest_notes_release(&notes);
		/* Cut short by the stop: what it sent before may be stored, the
		 * rest is not. */
		report_failure(run, path, queue_stopped(&run->q) ? NOT_STORED_STOPPED : e.msg);
		return DOSSIER_OK;
	}
	cli_report_notes(path, &notes);
	ingest_notes_release(&notes);
	return DOSSIER_OK;
}

static void *reader(void *arg)
{
	struct ingest_run *run = arg;

	for (size_t i = 0; i < run->args->n_positional; i++)
		ingest_walk(run->args->positional[i], read_one, run);
	queue_set(&run->q, &run->q.done);
	return NULL;
}

/* ---- the writer (main thread) ------------------------------------------------- */

static void count_result(struct ingest_run *run, enum store_put_result r)
{
	switch (r) {
	case STORE_INSERTED: run->inserted++; break;
	case STORE_UPDATED: run->updated++; break;
	case STORE_UNCHANGED: run->unchanged++; break;
	case STORE_DUPLICATE: run->duplicates++; break;
	}
}

static void forget_batch(struct ingest_run *run)
{
	for (size_t i = 0; i < run->n_batch; i++) {
		free(run->batch[i].path);
		free(run->batch[i].title);
	}
	run->n_batch = 0;
}

/*
 * Commits the open batch.  Its documents are counted and listed (--json)
 * now that they are stored; when the commit fails, each file they came
 * from is reported as failed instead, once, and CLI_FAILED says the
 * archive cannot be written.
 */
static int commit_batch(struct ingest_run *run)
{
	struct err e;
	int rc = store_batch_commit(run->store, &e);

	for (size_t i = 0; i < run->n_batch; i++) {
		const struct written *w = &run->batch[i];

		if (!rc) {
			count_result(run, w->result);
			if (run->json)
				print_json_item(w->path, result_name(w->result), w->id, w->title, NULL);
		} else if (!i || strcmp(w->path, run->batch[i - 1].path)) {
			char why[ERR_MSG_MAX + 32];

			snprintf(why, sizeof why, "not stored: %s", e.msg);
			report_failure(run, w->path, why);
		}
	}
	forget_batch(run);
	return rc ? CLI_FAILED : CLI_OK;
}

/* Notes a document written in the open batch, to count it once committed. */
static int remember_written(struct ingest_run *run, const struct item *it,
			    enum store_put_result result)
{
	struct written *w;

	if (run->n_batch == run->cap_batch) {
		size_t cap = run->cap_batch ? run->cap_batch * 2 : 64;
		struct written *grown = realloc(run->batch, cap * sizeof *grown);

		if (!grown)
			return CLI_FAILED;
		run->batch = grown;
		run->cap_batch = cap;
	}
	w = &run->batch[run->n_batch];
	w->path = strdup(it->path);
	w->title = run->json ? strdup(it->doc->title ? it->doc->title : "") : NULL;
	w->id = it->doc->id;
	w->result = result;
	if (!w->path || (run->json && !w->title)) {
		free(w->path);
		free(w->title);
		return CLI_FAILED;
	}
	run->n_batch++;
	return CLI_OK;
}

/* Writes one document into the open batch (opening one when none is);
 * CLI_FAILED when the archive cannot be written at all. */
static int write_one(struct ingest_run *run, const struct item *it)
{
	enum store_put_result result;
	struct err e;
	int rc = DOSSIER_OK;

	if (!run->n_batch) {
		rc = store_batch_begin(run->store, &e);
		run->batch_started = datetime_now();
	}
	if (!rc)
		rc = store_doc_put(run->store, it->doc, datetime_now(), &result, &e);
	if (rc) {
		report_failure(run, it->path, e.msg);
		return e.rc == DOSSIER_EDB ? CLI_FAILED : CLI_OK;
	}
	if (remember_written(run, it, result)) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	if (run->n_batch >= INGEST_BATCH_DOCS ||
	    datetime_now() - run->batch_started >= INGEST_BATCH_MS)
		return commit_batch(run);
	return CLI_OK;
}

/* A document parsed but never written, once the archive refused: the
 * file is reported, not silently dropped. */
static void drop_item(struct ingest_run *run, const struct item *it)
{
	report_failure(run, it->path, NOT_STORED_STOPPED);
}

/* Writes what the reader sends until it is done; CLI_FAILED when the
 * archive cannot be written (the reader is then told to stop). */
static int write_all(struct ingest_run *run)
{
	struct item it;
	size_t written = 0;
	enum pop got;
	struct err e;

	while ((got = queue_pop(&run->q, &it, run->n_batch ? INGEST_IDLE_COMMIT_MS : -1)) != POP_DONE) {
		if (got == POP_IDLE) {
			if (commit_batch(run))
				run->stopped = 1;
			continue;
		}
		if (run->stopped)
			drop_item(run, &it);
		else if (write_one(run, &it))
			run->stopped = 1;
		if (run->stopped && !queue_stopped(&run->q)) {
			commit_batch(run); /* what the batch holds is lost or kept: said either way */
			cli_error("stopping: the archive cannot be written; the files left are listed as not stored");
			queue_set(&run->q, &run->q.stop);
		}
		doc_free(it.doc);
		free(it.path);
		if (run->progress && ++written % 16 == 0)
			show_progress(run);
	}
	if (commit_batch(run))
		run->stopped = 1;
	/* Many batches leave the index in many segments; one merge now makes
	 * every later search faster than any number of small merges would. */
	if (!run->stopped && run->inserted + run->updated >= INGEST_OPTIMIZE_DOCS) {
		if (run->progress)
			fputs("\r\033[Kmerging the search index...", stderr);
		if (store_fts_optimize(run->store, &e)) {
			cli_error("%s", e.msg);
			run->stopped = 1;
		}
	}
	return run->stopped ? CLI_FAILED : CLI_OK;
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
	forget_batch(&run);
	free(run.batch);
	store_close(run.store);
	ingest_ctx_free(run.ingest);
	cli_args_release(&a);
	return rc;
}
