/*
 * Walking the paths given to `dossier ingest`: files, and directories
 * recursively, without ever looping on symbolic links.
 */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Directories already entered, by device and inode. */
struct visited {
	dev_t *dev;
	ino_t *ino;
	size_t n, cap;
};

static int visited_has(const struct visited *v, const struct stat *st)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->dev[i] == st->st_dev && v->ino[i] == st->st_ino)
			return 1;
	}
	return 0;
}

static int visited_add(struct visited *v, const struct stat *st)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		dev_t *dev = realloc(v->dev, cap * sizeof *dev);
		ino_t *ino;

		if (!dev)
			return DOSSIER_ENOMEM;
		v->dev = dev;
		ino = realloc(v->ino, cap * sizeof *ino);
		if (!ino)
			return DOSSIER_ENOMEM;
		v->ino = ino;
		v->cap = cap;
	}
	v->dev[v->n] = st->st_dev;
	v->ino[v->n] = st->st_ino;
	v->n++;
	return DOSSIER_OK;
}

static int report(ingest_walk_fn fn, void *arg, const char *path, int rc,
		  const char *why)
{
	struct err problem;

	err_set(&problem, rc, "%s", why);
	return fn(arg, path, &problem);
}

static int skip_entry(const struct dirent *ent)
{
	return ent->d_name[0] != '.';
}

/* `seen`: every directory entered; `open`: the ones we are inside now. */
struct walk_state {
	struct visited seen, open;
	ingest_walk_fn fn;
	void *arg;
};

static int walk(struct walk_state *w, const char *path, int depth);

static int walk_dir(struct walk_state *w, const char *path,
		    const struct stat *st, int depth)
{
	ingest_walk_fn fn = w->fn;
	void *arg = w->arg;
	struct dirent **names = NULL;
	int n, rc = DOSSIER_OK;

	if (visited_has(&w->open, st))
		return report(fn, arg, path, DOSSIER_EIO,
			      "symbolic link loop: leads back to a directory being read");
	/* Reached again through another link: its files are already done. */
	if (visited_has(&w->seen, st))
		return DOSSIER_OK;
	if (visited_add(&w->seen, st) || visited_add(&w->open, st))
		return report(fn, arg, path, DOSSIER_ENOMEM, "out of memory");
	n = scandir(path, &names, skip_entry, alphasort);
	if (n < 0) {
		w->open.n--;
		return report(fn, arg, path, DOSSIER_EIO, strerror(errno));
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *child = malloc(len);

		if (!rc && child) {
			snprintf(child, len, "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/",
				 names[i]->d_name);
			rc = walk(w, child, depth + 1);
		} else if (!rc) {
			rc = report(fn, arg, path, DOSSIER_ENOMEM, "out of memory");
		}
		free(child);
		free(names[i]);
	}
	free(names);
	w->open.n--;
	return rc;
}

static int walk(struct walk_state *w, const char *path, int depth)
{
	ingest_walk_fn fn = w->fn;
	void *arg = w->arg;
	struct stat st;

	if (stat(path, &st)) {
		if (errno == ELOOP)
			return report(fn, arg, path, DOSSIER_EIO, "symbolic link loop");
		if (errno == ENOENT && !lstat(path, &st))
			return report(fn, arg, path, DOSSIER_EIO,
				      "dangling symbolic link");
		return report(fn, arg, path, DOSSIER_EIO, strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth > 64)
			return report(fn, arg, path, DOSSIER_EIO,
				      "directories nested too deep");
		return walk_dir(w, path, &st, depth);
	}
	/* Regular files and anything else: ingest_file says what is wrong. */
	return fn(arg, path, NULL);
}

int ingest_walk(const char *path, ingest_walk_fn fn, void *arg)
{
	struct walk_state w = { .fn = fn, .arg = arg };
	int rc = walk(&w, path, 0);

	free(w.seen.dev);
	free(w.seen.ino);
	free(w.open.dev);
	free(w.open.ino);
	return rc;
}
