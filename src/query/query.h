/*
 * query.h — the archive's answers in the shapes of PRODUCT.md, shared by
 * the command line and the HTTP API so the two can never disagree.
 *
 * Functions here return new jansson values (caller json_decref()s them) or
 * NULL when out of memory.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include <jansson.h>

#include "core/doc.h"
#include "core/err.h"

struct store;
struct store_stats;
struct store_doc_row;
struct store_hit;
struct text_ctx;
struct query_ctx;

/* ---- compiling queries ----------------------------------------------------- */

/* The longest query accepted, in bytes. */
#define QUERY_MAX_BYTES 1024

/*
 * A query context: the alias table from `data_dir`/aliases.tsv (a missing
 * file is no aliases), the normaliser, and the archive whose mined names
 * (奧斯汀（Lloyd Austin）) extend the aliases.  `text` and `store` are
 * borrowed and must outlive the context.
 */
int query_ctx_new(struct query_ctx **out, const char *data_dir,
		  const struct text_ctx *text, struct store *store, struct err *e);
void query_ctx_free(struct query_ctx *q);

/* Do not expand names to their other forms (literal matching only). */
#define QUERY_LITERAL 1

/*
 * Compiles a query in Dossier's language — words and "phrases" (implicitly
 * AND), OR, NOT (a NOT b), parentheses; any script; a known name in any of
 * its forms — into an FTS5 expression (caller frees *match).  When `mask`
 * is not NULL it receives (caller frees) one character per phrase of the
 * expression, in order: '1' for phrases that rank and are highlighted,
 * 'p' for a one-character prefix phrase (ranks; only its first character
 * is highlighted), '0' for context words that only decide whether a
 * document matches
 * (国防部长 in "Lloyd Austin" → 奥斯汀 AND 国防部长).  Bad queries (empty,
 * too long, control characters, invalid UTF-8, unbalanced quotes or
 * parentheses, an operator without operands, nothing searchable) give
 * DOSSIER_EUSAGE with a message for the user.
 */
int query_compile(struct query_ctx *q, const char *text, int flags, char **match,
		  char **mask, struct err *e);

/*
 * Compiles terms that must all occur, each a literal string (it may hold
 * spaces: "Lloyd Austin" is a phrase), with no query syntax at all — the
 * benchmark kit's query form.
 */
int query_compile_terms(struct query_ctx *q, const char *const *terms, size_t n,
			int flags, char **match, char **mask, struct err *e);

/* One search hit as `search --json` prints it:
 * {"id","url","title","source","published","score","snippet"}. */
json_t *query_hit_json(const struct store_hit *hit);

/*
 * A stored document as `show --json` prints it:
 * {"id","url","title","source","published","fetched","updated","author",
 *  "affiliation","script","format","origin","text",
 *  "paragraphs":[{"kind","text"}],"images":[{"src","caption"}],
 *  "links":[{"url","text"}],"urls":[...],"story":null}.
 * Unknown values are JSON null; times are ISO 8601 UTC.
 */
json_t *query_doc_json(const struct doc *d, char **urls, size_t n_urls);

/* One row of `list --json`: {"id","url","title","source","published","script","format"}. */
json_t *query_row_json(const struct store_doc_row *row);

/*
 * `stats --json`: {"documents","paragraphs","images","links","urls",
 * "published":{"first","last"},"fetched":{"first","last"},
 * "sources":{name:count},"scripts":{...},"formats":{...},"schema_version"}.
 */
json_t *query_stats_json(const struct store_stats *st);

/* An ISO 8601 time as a JSON string, or JSON null for DOC_TIME_NONE. */
json_t *query_time_json(int64_t ms);

/*
 * One line of `entities --json`: {"id","name","type","key","aliases":[…],
 * "mentions","docs"}; with_docs adds "documents":[{"id","url","title",
 * "source","published","mentions"}] (oldest first).  Reads the aliases
 * and documents from `s`; NULL on error (e filled, or out of memory).
 */
struct store_entity;
json_t *query_entity_json(struct store *s, const struct store_entity *ent, int with_docs,
			  struct err *e);

#endif
