/*
 * html_node.h — html.c's walker over a tree that is already parsed.
 * Internal to src/ingest/ (page.c, which picks the article's node out of
 * a whole page) and to the tests.
 */
#ifndef DOSSIER_INGEST_HTML_NODE_H
#define DOSSIER_INGEST_HTML_NODE_H

#include <libxml/tree.h>

#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

/*
 * As html_body_to_doc(), for the children of `root` in a tree the caller
 * parsed and owns (and may have pruned): paragraphs, headings, images with
 * captions and links go into `d` by the same rules.  `root` itself is not
 * read as a paragraph boundary.  NULL `root` gives DOSSIER_EEMPTY.
 */
int html_node_to_doc(const xmlNode *root, const char *base_url, struct doc *d,
		     struct html_extras *extras, struct err *e);

#endif
