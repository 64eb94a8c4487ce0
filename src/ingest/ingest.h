/*
 * ingest.h — from bytes on disk to clean `struct doc`s.
 *
 * The front of the pipeline: read a file (with a size cap), turn its bytes
 * into UTF-8 (a UTF-16 BOM is converted; malformed UTF-8 is repaired with
 * U+FFFD, or refused when it is not UTF-8 at all), detect the format by
 * content, run the matching parser, then fill what the parsers leave to
 * everyone: the outlet (from the URL host or the body's markers), the
 * script, the content hash.  Each document goes to a sink the caller
 * supplies (the CLI's sink writes it to the store).
 */
#ifndef DOSSIER_INGEST_H
#define DOSSIER_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/doc.h"
#include "core/err.h"

struct ingest_ctx;
struct text_ctx;

/* Files larger than this are refused (news documents are kilobytes). */
#define INGEST_MAX_FILE ((size_t)64 << 20)

enum ingest_format {
	INGEST_FORMAT_UNKNOWN = 0,
	INGEST_FORMAT_RECORD,  /* feed-archive record, maybe in front matter */
	INGEST_FORMAT_TEXT,    /* plain text, e.g. a PDF turned into text */
	INGEST_FORMAT_XML,     /* XML that is not (yet) a supported feed */
	INGEST_FORMAT_HTML,    /* a whole HTML page */
	INGEST_FORMAT_BINARY,  /* not text */
};

/* What ingest noticed but did not refuse (printed as warnings). */
struct ingest_notes {
	size_t invalid_utf8; /* malformed sequences replaced with U+FFFD */
};

/*
 * Receives each parsed document.  The sink may keep it by taking the
 * pointer (setting *d to NULL); otherwise ingest frees it after the sink
 * returns.  A non-zero return stops the file and is passed back (with the
 * sink's own message in `e`).
 */
typedef int (*ingest_sink_fn)(void *arg, struct doc **d, struct err *e);

/*
 * Creates the context: the outlet table read from `data_dir`/sources.tsv
 * and the script tables of `text` (borrowed: it must outlive the context).
 */
int ingest_ctx_new(struct ingest_ctx **out, const char *data_dir,
		   const struct text_ctx *text, struct err *e);

/* Frees the context.  NULL is a no-op. */
void ingest_ctx_free(struct ingest_ctx *c);

/* The format of data[0..len), judged by content (UTF-8 expected). */
enum ingest_format ingest_detect(const char *data, size_t len);

/* A short English name for a format ("feed-archive record"). */
const char *ingest_format_name(enum ingest_format f);

/*
 * Parses data[0..len), read from `origin` (a path or URL, for messages and
 * for d->origin), and hands every document to `sink`.  `notes` (may be
 * NULL) receives what was repaired.  Errors carry the reason without the
 * origin; the caller names the item.
 */
int ingest_buffer(struct ingest_ctx *c, const char *data, size_t len,
		  const char *origin, ingest_sink_fn sink, void *arg,
		  struct ingest_notes *notes, struct err *e);

/*
 * Reads the regular file at `path` (refusing directories, devices, files
 * over INGEST_MAX_FILE and empty files) and runs ingest_buffer() on it.
 * d->origin is the file's absolute path.
 */
int ingest_file(struct ingest_ctx *c, const char *path, ingest_sink_fn sink,
		void *arg, struct ingest_notes *notes, struct err *e);

/*
 * Fills d->source from the outlet table: the longest host suffix of d->url
 * that the table knows, else the first outlet whose marker occurs in the
 * title or the first or last paragraphs.  Keeps a source the parser set
 * when neither finds one.
 */
void ingest_detect_source(const struct ingest_ctx *c, struct doc *d);

/*
 * The display name of the outlet that `given` names — its name, host or
 * one of its markers, ignoring ASCII case ("dw", "德國之聲", "rfi.fr") —
 * as a new string (caller frees), or NULL when no outlet matches.
 */
char *ingest_outlet_name(const struct ingest_ctx *c, const char *given);

/*
 * Calls `fn` for every regular file under `path` (itself, when it is a
 * file), depth first in name order, following symbolic links but never
 * entering a directory twice (a link loop is reported once, not followed).
 * Problems (unreadable directory, dangling link, loop) are passed to `fn`
 * as a non-NULL `problem`, and the walk goes on.  Hidden entries (".x")
 * inside directories are skipped.  Returns the first non-zero value `fn`
 * returns, else DOSSIER_OK.
 */
typedef int (*ingest_walk_fn)(void *arg, const char *path,
			      const struct err *problem);
int ingest_walk(const char *path, ingest_walk_fn fn, void *arg);

#endif
