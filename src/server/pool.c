/*
 * Workers: one SQLite connection and query context per request in flight.
 * A pool rather than one per thread so that the number of connections
 * follows the concurrency actually seen, and so that closing them all at
 * stop is one walk of a list.
 */
#include <stdlib.h>

#include "query/query.h"
#include "server/server.h"
#include "server/server_int.h"
#include "store/store.h"

void pool_init(struct worker_pool *p, const char *db_path, const char *data_dir,
	       const struct text_ctx *text)
{
	pthread_mutex_init(&p->lock, NULL);
	p->idle = NULL;
	p->db_path = db_path;
	p->data_dir = data_dir;
	p->text = text;
}

static void worker_free(struct worker *w)
{
	if (!w)
		return;
	query_ctx_free(w->query);
	store_close(w->store);
	free(w);
}

static int worker_new(struct worker_pool *p, struct worker **out, struct err *e)
{
	struct worker *w = calloc(1, sizeof *w);
	int rc;

	if (!w)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = store_open(&w->store, p->db_path, p->text, e);
	/* Mapped reads: 16.5 -> 13.8 ms of CPU a search (bench/serve.sh). */
	if (!rc)
		rc = store_tune_for_reading(w->store, SERVER_MMAP_BYTES, e);
	if (!rc)
		rc = query_ctx_new(&w->query, p->data_dir, p->text, w->store, e);
	if (rc) {
		worker_free(w);
		return rc;
	}
	*out = w;
	return DOSSIER_OK;
}

int pool_take(struct worker_pool *p, struct worker **out, struct err *e)
{
	pthread_mutex_lock(&p->lock);
	*out = p->idle;
	if (*out)
		p->idle = (*out)->next;
	pthread_mutex_unlock(&p->lock);
	if (*out) {
		(*out)->next = NULL;
		return DOSSIER_OK;
	}
	/* Opened outside the lock: opening waits on the file, and other
	 * requests need not wait behind it. */
	return worker_new(p, out, e);
}

void pool_give(struct worker_pool *p, struct worker *w, int broken)
{
	if (!w)
		return;
	if (broken) {
		worker_free(w);
		return;
	}
	pthread_mutex_lock(&p->lock);
	w->next = p->idle;
	p->idle = w;
	pthread_mutex_unlock(&p->lock);
}

void pool_release(struct worker_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->idle) {
		struct worker *w = p->idle;

		p->idle = w->next;
		worker_free(w);
	}
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_destroy(&p->lock);
}
