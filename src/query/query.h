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

#endif
