/*
 * Re-extraction: every stored document read again by the extractor, all
 * entities numbered afresh, stories judged again; all or nothing.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"
#include "text/text.h"

/* ---- re-extraction ---------------------------------------------------------------------- */

/* Documents are read in chunks of ids, so that no read cursor stays open
 * across the writes and memory does not grow with the archive. */
#define REINDEX_CHUNK 256
#define REINDEX_PROGRESS_EVERY 100

/* Loads document `id`, lets `fn` extract again, and stores what it found. */
static int reextract_doc(struct store *s, int64_t id, store_reextract_fn fn, void *arg,
			 struct err *e)
{
	struct doc *d;
	char *body = NULL, *captions = NULL;
	int rc = store_doc_get(s, id, &d, e);

	if (rc)
		return rc;
	rc = fn(arg, d);
	if (rc) {
		err_set(e, rc, "document %lld: re-extraction failed (%s)", (long long)id,
			err_rc_str(rc));
	} else if (!(body = doc_text(d)) || !(captions = doc_captions(d))) {
		rc = err_set(e, DOSSIER_ENOMEM, "out of memory");
	} else {
		rc = store_write_provenance(s, d, e);
		if (!rc)
			rc = store_write_extracted(s, d, body, captions, e);
		if (rc)
			err_prefix(e, "document %lld", (long long)id);
	}
	free(body);
	free(captions);
	doc_free(d);
	return rc;
}

/* The extracted rows of every document and all entities: rebuilt from scratch. */
static int clear_extracted(struct store *s, struct err *e)
{
	/* Children before parents: foreign keys are checked row by row. */
	static const char *const clear =
		"DELETE FROM event_actors; DELETE FROM events; DELETE FROM dates;"
		"DELETE FROM mentions; DELETE FROM names; DELETE FROM entity_aliases;"
		"DELETE FROM entities;";

	if (sqlite3_exec(s->db, clear, NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "cannot clear the extracted data");
	return DOSSIER_OK;
}

static int reindex_in_transaction(struct store *s, store_reextract_fn fn,
				  store_progress_fn progress, void *arg, size_t *done,
				  struct err *e)
{
	int64_t ids[REINDEX_CHUNK], total = 0, after = 0;
	size_t n = 0;
	int rc = store_query_int(s, "SELECT count(*) FROM docs", &total, e);

	if (!rc)
		rc = clear_extracted(s, e);
	while (!rc && !(rc = store_doc_ids_after(s, after, ids, REINDEX_CHUNK, &n, e)) && n) {
		for (size_t i = 0; i < n && !rc; i++) {
			rc = reextract_doc(s, ids[i], fn, arg, e);
			if (rc)
				break;
			++*done;
			if (progress && *done % REINDEX_PROGRESS_EVERY == 0)
				progress(arg, *done, (size_t)total);
		}
		after = ids[n - 1];
	}
	if (!rc && progress && *done % REINDEX_PROGRESS_EVERY)
		progress(arg, *done, (size_t)total);
	/* Entities were numbered afresh: stories are judged again on them. */
	return rc ? rc : stories_rebuild(s, e);
}

int store_reindex(struct store *s, store_reextract_fn fn, store_progress_fn progress,
		  void *arg, size_t *done, struct err *e)
{
	size_t count = 0;
	int rc;

	if (done)
		*done = 0;
	if (s->in_batch)
		return err_set(e, DOSSIER_EUSAGE, "cannot re-extract inside a batch of writes");
	rc = store_txn_begin(s, e);
	if (rc)
		return rc;
	rc = reindex_in_transaction(s, fn, progress, arg, &count, e);
	if (rc) {
		store_txn_rollback(s);
		return rc;
	}
	rc = store_txn_commit(s, "cannot commit the re-extraction", e);
	if (rc)
		return rc;
	if (done)
		*done = count;
	return DOSSIER_OK;
}
