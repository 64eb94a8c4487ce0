/*
 * The "dossier" FTS5 tokenizer: text_tokenize() behind SQLite's v1
 * tokenizer interface (SQLite 3.40 has no _v2).  The text context is the
 * tokenizer's user data; it outlives the connection.
 */
#include <sqlite3.h>
#include <string.h>

#include "store/store_int.h"
#include "text/text.h"

struct fts_tokenizer {
	const struct text_ctx *text;
};

struct token_call {
	void *ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

static int fts_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct fts_tokenizer *tok = sqlite3_malloc(sizeof *tok);

	(void)argv;
	(void)argc;
	if (!tok)
		return SQLITE_NOMEM;
	tok->text = user;
	*out = (Fts5Tokenizer *)tok;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *tok)
{
	sqlite3_free(tok);
}

/* Hands one token to FTS5 and returns its verdict at once (FTS5's rule). */
static int pass_token(void *arg, const struct text_token *t)
{
	struct token_call *call = arg;

	return call->x_token(call->ctx, 0, t->text, (int)t->len, (int)t->start,
			     (int)t->end);
}

static int fts_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
			int len, int (*x_token)(void *, int, const char *, int, int, int))
{
	struct fts_tokenizer *self = (struct fts_tokenizer *)tok;
	struct token_call call = { ctx, x_token };

	if (len <= 0)
		return SQLITE_OK;
	return text_tokenize(self->text, text, (size_t)len,
			     (flags & FTS5_TOKENIZE_QUERY) ? TEXT_TOKENIZE_QUERY : 0,
			     pass_token, &call);
}

/* The fts5_api of a connection (SELECT fts5(?1) with a bound pointer). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int store_fts_register(sqlite3 *db, const struct text_ctx *text, struct err *e)
{
	static fts5_tokenizer methods = { fts_create, fts_delete, fts_tokenize };
	fts5_api *api = fts5_api_of(db);

	if (!api)
		return err_set(e, DOSSIER_EDB, "this SQLite has no FTS5");
	if (api->xCreateTokenizer(api, "dossier", (void *)text, &methods, NULL) != SQLITE_OK)
		return err_set(e, DOSSIER_EDB, "cannot register the search tokenizer");
	if (store_rank_register(api, e))
		return e ? e->rc : DOSSIER_EDB;
	return store_snippet_register(api, text, e);
}
