/*
 * ingest.h — from bytes on disk to clean `struct doc`s.
 *
 * The front of the pipeline: read a file (with a size cap), turn its bytes
 * into UTF-8 (a UTF-16 BOM is converted; malformed UTF-8 is repaired with
 * U+FFFD, or refused when it is not UTF-8 at all), detect the format by
 * content, run the matching parser, then fill what the parsers leave to
 * everyone: control characters stripped, the outlet (from where the
 * document was published, never its text), a date from the address or a
 * dated line when the source gives none, the script, the content hash.  Each document goes to a sink the caller
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
	INGEST_FORMAT_FEED,    /* RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 */
	INGEST_FORMAT_PDF,     /* a PDF file (its text layer) */
	INGEST_FORMAT_XML,     /* XML that is not a feed */
	INGEST_FORMAT_HTML,    /* a whole HTML page */
	INGEST_FORMAT_BINARY,  /* not text */
};

/* What ingest noticed but did not refuse (printed as warnings). */
struct ingest_notes {
	size_t invalid_utf8; /* malformed sequences replaced with U+FFFD */
	char encoding[32];   /* what the bytes were read as ("UTF-8", "GB18030") */
	const char *encoding_from; /* "BOM", "XML declaration", "HTML meta",
				    * "HTTP header", "detected", "default" */
	char overruled[32];  /* a declared encoding the bytes contradicted, or "" */
	enum ingest_format format;
	/* Feeds: the channel and what became of its items. */
	char *feed_title;    /* the channel's title, or NULL */
	char *feed_site;     /* the channel's web site (its <link>), or NULL */
	size_t items;        /* items handed to the sink */
	size_t items_dropped;
	/* One line per repair or dropped item, saying what and why ("item 7
	 * dropped: no title, link or text"), or NULL. */
	char *problems;
};

/* Frees what `n` holds (not `n` itself) and zeroes it. */
void ingest_notes_release(struct ingest_notes *n);

/* Where a buffer came from, for ingest_source_buffer(). */
struct ingest_source {
	const char *origin;       /* path or URL: messages and d->origin */
	const char *url;          /* address the bytes were served from (the
				   * base for relative links; a page's URL), or NULL */
	const char *content_type; /* HTTP Content-Type (charset hint), or NULL */
	int64_t fetched;          /* ms; DOC_TIME_NONE: now */
	const char *feed;         /* subscription to stamp on items (d->feed) */
	int want_feed;            /* refuse anything that is not a feed */
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

/* The format of data[0..len), judged by content (UTF-8 expected, except
 * that a PDF is recognised as bytes). */
enum ingest_format ingest_detect(const char *data, size_t len);

/* A short English name for a format ("feed-archive record"). */
const char *ingest_format_name(enum ingest_format f);

/*
 * Parses data[0..len) (any supported encoding), read from `origin` (a
 * path or URL, for messages and for d->origin), and hands every document
 * (one, or each item of a feed) to `sink`.  `notes` (may be
 * NULL) receives what was repaired (release it with
 * ingest_notes_release() whatever the result).  Errors carry the reason without the
 * origin; the caller names the item.
 */
int ingest_buffer(struct ingest_ctx *c, const char *data, size_t len,
		  const char *origin, ingest_sink_fn sink, void *arg,
		  struct ingest_notes *notes, struct err *e);

/*
 * ingest_buffer() with everything known about where the bytes came from:
 * HTTP headers, the fetch time (the date of undated feed items), the URL
 * (the base for relative links, the page's address).  A feed hands each of
 * its items to `sink`; items that cannot be recovered are dropped and
 * counted in `notes`, and the rest go on.
 */
int ingest_source_buffer(struct ingest_ctx *c, const char *data, size_t len,
			 const struct ingest_source *src, ingest_sink_fn sink,
			 void *arg, struct ingest_notes *notes, struct err *e);

/*
 * Where PDFs are read.  poppler cannot be stopped inside a page, so the
 * dossier command reads each PDF in a child process, stopped past a time
 * and a memory limit (PDF_MAX_* in ingest_int.h): that PDF fails, the rest
 * goes on.  The children are forked by a reader server, `program
 * __pdf-text` with `program` the executable itself ("/proc/self/exe"),
 * started on the first PDF.  NULL, the default, reads PDFs in this
 * process without limits: for unit tests and fuzzers, which have no such
 * command; setting NULL also ends a server started before.  Call it when
 * no other thread reads PDFs.  `program` is borrowed for the process's life.
 */
void ingest_set_pdf_reader(const char *program);

/*
 * The reader server's side, `dossier __pdf-text`: takes PDFs from `in_fd`
 * one at a time and writes each one's answer to `out_fd`, every PDF read
 * in a child forked for it with the limits on (a PDF that cannot be read
 * gets an answer saying why), until `in_fd` closes.  An error only when a
 * request or an answer is cut short.  The process must have no other
 * thread.
 */
int ingest_pdf_reader_run(int in_fd, int out_fd, struct err *e);

/*
 * Reads the regular file at `path` (refusing directories, devices, files
 * over INGEST_MAX_FILE and empty files) and runs ingest_buffer() on it.
 * d->origin is the file's absolute path.
 */
int ingest_file(struct ingest_ctx *c, const char *path, ingest_sink_fn sink,
		void *arg, struct ingest_notes *notes, struct err *e);

/*
 * Fills d->source from the outlet table (data/sources.tsv) by where the
 * document was published, never by its text: the longest domain of the
 * table that d->url's host is in; else the outlet a parser read from the
 * document's own metadata (d->source as a name, or containing one); else
 * that metadata as it is; else the host of d->url.  Feed items are also
 * named by their channel's link and title (done by ingest itself).
 */
void ingest_detect_source(const struct ingest_ctx *c, struct doc *d);

/*
 * The display name of the outlet that `given` names — its name, one of
 * its other names, a domain or an address in one ("dw", "德國之聲",
 * "dw.de", "https://www.rfi.fr/cn"), ignoring ASCII case — as a new string
 * (caller frees), or NULL when no outlet matches.
 */
char *ingest_outlet_name(const struct ingest_ctx *c, const char *given);

/*
 * Every name and domain of the outlet `given` names (display name first),
 * NULL-terminated, to find documents labelled by any of them; NULL when no
 * outlet matches.  Valid as long as the context.
 */
const char *const *ingest_outlet_names(const struct ingest_ctx *c, const char *given);

/*
 * For `dossier reindex`: derives again, from what the archive keeps, what
 * ingest derives, then runs extraction (extract_document).  The outlet is
 * named again from the address, the subscription's address and the label
 * (a label that archives made before took from the body text goes); a
 * date that was a guess (the fetch time of archives made before, the
 * address's day, a dated line) is derived again, so an undated document
 * ends with no date.  Changes d->source, d->published and d->flags, never
 * the text.  DOSSIER_ENOMEM or DOSSIER_OK.
 */
int ingest_refresh_doc(const struct ingest_ctx *c, struct doc *d);

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
