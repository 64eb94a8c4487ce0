/*
 * query_int.h — shared by the files of src/query/ only.
 */
#ifndef DOSSIER_QUERY_INT_H
#define DOSSIER_QUERY_INT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "extract/extract.h"
#include "query/query.h"

struct text_ctx;
struct store;

/* The alias table is the gazetteer of extract/ (data/aliases.tsv). */

/* ---- parsed queries (parse.c) ---------------------------------------------- */

enum qnode_kind { QNODE_TERM, QNODE_AND, QNODE_OR, QNODE_NOT };

struct qnode {
	enum qnode_kind kind;
	char *text;     /* QNODE_TERM: the words or phrase, as typed */
	int quoted;     /* QNODE_TERM: came in quotes */
	struct qnode *left, *right;
};

void qnode_free(struct qnode *n);

/* A word as the lexer saw it, for multi-word name merging. */
struct query_ctx {
	const struct text_ctx *text;
	struct store *store;
	struct gazetteer aliases;
};

/*
 * Parses the query language into a tree: terms, "phrases", AND (also
 * implicit), OR, NOT (binary: a NOT b), parentheses.  Consecutive plain
 * words that together are a known name ("Lloyd Austin") become one term.
 */
int query_parse(struct query_ctx *q, const char *text, struct qnode **out,
		struct err *e);

/* ---- expansion and rendering (expand.c) -------------------------------------- */

/* An expression being written, with its phrase mask (see query_compile). */
struct render {
	struct query_ctx *q;
	struct buf *out;
	struct buf mask;
};

/*
 * Appends the FTS5 expression for one term: the term itself, or, when it
 * names something the alias table or the archive knows, every form of it.
 */
int query_render_term(struct render *r, const char *term, int expand, struct err *e);

/* True when the folded `key` is a form of an alias entry or a mined Latin name. */
int query_known_name(struct query_ctx *q, const char *key);

#endif
