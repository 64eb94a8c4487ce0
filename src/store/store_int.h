/*
 * store_int.h — shared by the files of src/store/ only.
 */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/err.h"

struct text_ctx;
struct store;
typedef struct fts5_api fts5_api;

/* The connection of a store, for the other files of src/store/. */
sqlite3 *store_db(struct store *s);

/* Sets `e` from the connection's last error, with `what` in front. */
int store_db_error(sqlite3 *db, struct err *e, const char *what);

/* Registers the "dossier" tokenizer and the snippet function on `db`. */
int store_fts_register(sqlite3 *db, const struct text_ctx *text, struct err *e);

/*
 * Registers dossier_snippet(fts, max_chars, mask): an extract of the best
 * matching column around its first matches, in the document's own text,
 * with every match of a phrase the mask marks '1' wrapped in « and ».
 */
int store_snippet_register(fts5_api *api, const struct text_ctx *text,
			   struct err *e);

/* Registers dossier_rank(fts, mask): BM25 over the phrases the mask marks '1'. */
int store_rank_register(fts5_api *api, struct err *e);

/*
 * The connection's statement cache, for the other files of src/store/:
 * a cached statement is prepared once per connection; store_stmt_done()
 * resets it for the next use.
 */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e);
void store_stmt_done(struct store *s, sqlite3_stmt *st);

/* Whether a batch of writes is open (store_batch_begin). */
int store_in_batch(const struct store *s);

/* The normaliser the store was opened with. */
const struct text_ctx *store_text(const struct store *s);

struct doc;

/*
 * Stories (stories.c), inside the caller's transaction.  stories_assign()
 * fingerprints a document just written (its entities and events stored)
 * and puts it in the story of the most alike candidate, or a new one;
 * stories_detach() takes a document out of its story and the indexes
 * before its content is replaced; stories_rebuild() assigns every
 * document again, in order of publication.
 */
int stories_assign(struct store *s, const struct doc *d, struct err *e);
int stories_detach(struct store *s, int64_t doc, struct err *e);
int stories_rebuild(struct store *s, struct err *e);

/*
 * The profiles stories.c has read back, kept per connection
 * (store_stories_cache; NULL when it could not be allocated).  Cleared when
 * a write is rolled back; freed with the store.
 */
struct stories_cache;
struct stories_cache *store_stories_cache(struct store *s);
struct stories_cache *stories_cache_new(void);
void stories_cache_clear(struct stories_cache *c);
void stories_cache_free(struct stories_cache *c);

#endif
