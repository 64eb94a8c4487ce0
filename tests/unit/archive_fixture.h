/*
 * archive_fixture.h — a throw-away archive for unit tests: a temporary
 * folder, the text context, and a store opened in it.  Header-only; each
 * test program includes it once.
 */
#ifndef DOSSIER_TEST_ARCHIVE_FIXTURE_H
#define DOSSIER_TEST_ARCHIVE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "text/text.h"

struct archive_fixture {
	char dir[64];
	char db[96];
	struct text_ctx *text;
	struct store *store;
};

/* Makes /tmp/dossier-TAG-XXXXXX and opens TAG.db in it; 0 on success. */
static int archive_fixture_open(struct archive_fixture *a, const char *tag)
{
	struct err e;

	memset(a, 0, sizeof *a);
	snprintf(a->dir, sizeof a->dir, "/tmp/dossier-%s-XXXXXX", tag);
	if (!mkdtemp(a->dir))
		return -1;
	snprintf(a->db, sizeof a->db, "%s/%s.db", a->dir, tag);
	if (text_ctx_new(&a->text, &e) || store_open(&a->store, a->db, a->text, &e))
		return -1;
	return 0;
}

/* Closes the store and removes the folder; 0 on success. */
static int archive_fixture_close(struct archive_fixture *a)
{
	char cmd[128];

	store_close(a->store);
	text_ctx_free(a->text);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", a->dir);
	return system(cmd) ? -1 : 0;
}

#endif
