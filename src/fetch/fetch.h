/*
 * fetch.h — getting documents off the network, and subscription lists.
 *
 * The first stage of the pipeline for everything that is not a local file:
 * HTTP(S) GETs with libcurl done the way a well-behaved feed reader does
 * them (conditional requests, compression, redirects, timeouts, a size
 * cap, retries with backoff, a bounded number in flight), and OPML, the
 * format feed readers exchange subscription lists in.
 *
 * Nothing here touches the archive: callers store what comes back.
 */
#ifndef DOSSIER_FETCH_H
#define DOSSIER_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* Defaults a request gets when its fields are zero. */
#define FETCH_CONNECT_TIMEOUT_MS 10000L
#define FETCH_TIMEOUT_MS 60000L
#define FETCH_MAX_BYTES ((size_t)32 << 20)
#define FETCH_MAX_REDIRECTS 8
#define FETCH_RETRIES 2           /* after the first try */
#define FETCH_RETRY_BASE_MS 1000L /* doubled each retry, with jitter */
#define FETCH_PARALLEL 4

/* The User-Agent every request sends: names Dossier and its version. */
const char *fetch_user_agent(void);

/* Once per process, before any thread fetches (curl_global_init). */
int fetch_global_init(struct err *e);
void fetch_global_cleanup(void);

struct fetch_request {
	const char *url;
	const char *etag;          /* validators from the last 200, or NULL: */
	const char *last_modified; /* sent as If-None-Match/If-Modified-Since */
	long connect_timeout_ms;   /* 0: FETCH_CONNECT_TIMEOUT_MS */
	long timeout_ms;           /* whole transfer; 0: FETCH_TIMEOUT_MS */
	size_t max_bytes;          /* decoded body cap; 0: FETCH_MAX_BYTES */
	int retries;               /* -1: none; 0: FETCH_RETRIES */
	long retry_base_ms;        /* 0: FETCH_RETRY_BASE_MS */
	const char *accept;        /* Accept header, or NULL for a feed/page default */
};

struct fetch_response {
	long status;             /* final HTTP status; 0 when there was none */
	int not_modified;        /* 304: the validators still hold; no body */
	char *final_url;         /* where the body came from after redirects */
	/* Set when every redirect from the requested URL to the final one was
	 * permanent (301/308) and the answer there was 2xx or 304: the
	 * subscription should move there. */
	char *moved_to;
	char *etag;              /* the response's validators, or NULL */
	char *last_modified;
	char *content_type;
	struct buf body;         /* decoded (gzip/deflate undone) */
	int64_t fetched;         /* ms, when the response arrived */
	int attempts;            /* tries made, 1 + retries used */
};

/* Frees what `r` holds and zeroes it. */
void fetch_response_release(struct fetch_response *r);

/*
 * One GET, following redirects, retrying transient failures (connection
 * errors, timeouts, 429 and 5xx; honouring Retry-After up to a minute)
 * with exponential backoff.  Returns DOSSIER_OK for any HTTP response
 * that is 2xx or 304; otherwise an error whose message says what went
 * wrong in words ("HTTP 404 Not Found", "timed out after 60 s",
 * "connection refused", "response larger than 32 MiB", "connection closed
 * before the response ended (got 512 of 1024 bytes)"; after retries the
 * message starts "after 3 tries: "), and `r` still holds what is known
 * (status, final URL, attempts; the body of an error page).  A 304 leaves
 * the body empty; `etag`/`last_modified` are whatever that response sent
 * (often nothing: keep the old validators then).  A try starts again from
 * rq->url and all its redirect hops share rq->timeout_ms.  Only http and
 * https: another scheme is DOSSIER_EUSAGE, a redirect to one DOSSIER_EIO.
 * Codes: DOSSIER_EIO for network and HTTP failures, DOSSIER_ETOOBIG past
 * max_bytes (not retried), DOSSIER_ENOMEM.  `r` need not be initialised;
 * release it with fetch_response_release() whatever is returned.
 * Safe to call from many threads at once (after fetch_global_init()).
 */
int fetch_get(const struct fetch_request *rq, struct fetch_response *r,
	      struct err *e);

/*
 * Called once per request of fetch_many(), as each finishes, with the
 * request's index, its result code and error.  Calls are serialised (never
 * two at once) but may come from any thread.  `r` is released when the
 * call returns: to keep a field, move it out and leave NULL (or BUF_INIT
 * for the body) in its place.
 */
typedef void (*fetch_done_fn)(void *arg, size_t index, int rc,
			      struct fetch_response *r, const struct err *e);

/*
 * Runs fetch_get() on each of rq[0..n) with at most `parallel` (0:
 * FETCH_PARALLEL) in flight at once, calling `done` for each.  Returns
 * when all are done: DOSSIER_OK (each request's own result goes to
 * `done`), or DOSSIER_EUSAGE without a `done`.  The calling thread is one
 * of the workers, so a failure to start threads only slows it down.
 */
int fetch_many(const struct fetch_request *rq, size_t n, size_t parallel,
	       fetch_done_fn done, void *arg, struct err *e);

/* ---- OPML subscription lists --------------------------------------------- */

struct opml_outline {
	char *url;   /* xmlUrl */
	char *title; /* title, else text, or NULL */
	char *site;  /* htmlUrl, or NULL */
};

/*
 * Reads the feeds of an OPML 1.0 or 2.0 document (outlines with an xmlUrl,
 * however deeply nested in categories; duplicates once).  Any encoding the
 * document declares.  DOSSIER_EPARSE when it is not OPML.
 */
int opml_parse(const char *data, size_t len, struct opml_outline **out,
	       size_t *n, struct err *e);

void opml_outlines_free(struct opml_outline *o, size_t n);

/* Appends an OPML 2.0 document listing `o[0..n)` to `out`. */
int opml_write(struct buf *out, const struct opml_outline *o, size_t n,
	       const char *title, int64_t now);

#endif
