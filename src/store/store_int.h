/*
 * store_int.h — shared by the files of src/store/ only.
 */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <sqlite3.h>

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

#endif
