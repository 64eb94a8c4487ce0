/*
 * server_int.h — what the server's files share: the pool of workers, the
 * request as the API handlers see it, and the embedded UI files.
 */
#ifndef DOSSIER_SERVER_INT_H
#define DOSSIER_SERVER_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct query_ctx;
struct text_ctx;
struct ingest_ctx;

/* ---- workers (pool.c) ------------------------------------------------------------ */

/*
 * What one request needs to read the archive: its own SQLite connection
 * (a connection is never shared between threads) and a query context over
 * it.  Opened on first need, kept for the next request.
 */
struct worker {
	struct store *store;
	struct query_ctx *query;
	struct worker *next;
};

struct worker_pool {
	pthread_mutex_t lock;
	struct worker *idle;
	const char *db_path, *data_dir;
	const struct text_ctx *text;
};

void pool_init(struct worker_pool *p, const char *db_path, const char *data_dir,
	       const struct text_ctx *text);

/* An idle worker, or a new one (its archive opened).  Error in `e`. */
int pool_take(struct worker_pool *p, struct worker **out, struct err *e);

/* Returns a worker for the next request; `broken` closes it instead. */
void pool_give(struct worker_pool *p, struct worker *w, int broken);

/* Closes every idle worker (all must have been given back). */
void pool_release(struct worker_pool *p);

/* ---- one API request (api.c, params.c) --------------------------------------------- */

struct api_call {
	struct MHD_Connection *conn;
	const char *path;                /* what follows "/api/" */
	struct worker *w;
	const struct ingest_ctx *outlets; /* outlet names for source= (read-only) */
	const char *code;                /* the error's code, when one is answered */
	char message[ERR_MSG_MAX];
};

/*
 * Answers one API request: returns the HTTP status and, for 200, the JSON
 * body in *body (caller decrefs).  For an error *body is NULL and c->code
 * and c->message say what went wrong.
 */
unsigned api_answer(struct api_call *c, json_t **body);

/* Records an error on `c` and returns `status`. */
unsigned api_fail(struct api_call *c, unsigned status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Maps a failure of the store or query layer to a status: not found 404,
 * a malformed request 400, a busy archive or a request out of time 503,
 * anything else 500.
 */
unsigned api_fail_err(struct api_call *c, const struct err *e);

/* A query parameter's value (decoded), or NULL when absent. */
const char *param_get(struct api_call *c, const char *name);

/*
 * Reads integer parameter `name` into *out: `dflt` when absent, else it
 * must be a whole number in [min, max].  0, or the 400 answer.
 */
unsigned param_int(struct api_call *c, const char *name, int64_t dflt, int64_t min,
		   int64_t max, int64_t *out);

/* A yes/no parameter: absent, "0", "false" or "no" is no; "1", "true", "yes" or "" is yes. */
unsigned param_flag(struct api_call *c, const char *name, int *out);

/*
 * Reads a date bound (YYYY, YYYY-MM, YYYY-MM-DD) as milliseconds; absent
 * leaves *out as it is.  0, or the 400 answer.
 */
unsigned param_period(struct api_call *c, const char *name, int end, int64_t *out);

/*
 * Every value of a repeatable parameter, in order (at most `max`;
 * borrowed from the connection).  Returns how many.
 */
size_t param_all(struct api_call *c, const char *name, const char **values, size_t max);

/* ---- the header deadline (guard.c) ------------------------------------------------- */

struct guard_conn;

/*
 * Cuts connections that owe request headers past their deadline.  Every
 * field is guarded by `lock`; see guard.c for why touching a connection's
 * socket from the watchdog thread is safe.
 */
struct guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int started, running, stopping;
	double header_s;                  /* the deadline, in seconds */
	struct guard_conn *head, *tail;   /* owing headers, earliest deadline first */
	size_t open;                      /* connections with a record */
	unsigned long long cut_total, cut_unreported;
	double last_report;
};

/* Starts the watchdog; each request's headers are due `header_seconds` after it may start. */
int guard_start(struct guard *g, unsigned header_seconds, struct err *e);

/* Stops the watchdog (idempotent); records stay valid. */
void guard_stop(struct guard *g);

/* Stops the watchdog and frees everything; call after libmicrohttpd stopped. */
void guard_release(struct guard *g);

/*
 * A new connection on socket `fd` (from MHD_CONNECTION_NOTIFY_STARTED): its
 * first request's headers are due.  NULL when out of memory, the socket
 * then shut down: a connection nobody watches is not kept.
 */
struct guard_conn *guard_opened(struct guard *g, int fd);

/* The connection's request headers are complete: no deadline while it is answered. */
void guard_headers_done(struct guard *g, struct guard_conn *c);

/* The connection answered a request: the next one's headers are due. */
void guard_request_done(struct guard *g, struct guard_conn *c);

/* libmicrohttpd is closing the connection (MHD_CONNECTION_NOTIFY_CLOSED): frees `c`. */
void guard_closed(struct guard *g, struct guard_conn *c);

/* Connections watched now, and connections cut since the start. */
void guard_counts(struct guard *g, uint64_t *open, uint64_t *cut);

/* ---- the Host header (host.c) ------------------------------------------------------------ */

struct sockaddr;

struct host_rules {
	char **names;   /* lower case, without port or brackets */
	size_t n;
	int wildcard;   /* bound to every address */
};

/*
 * The names this server answers to (host.c says which): localhost,
 * `listen_host` (the host of --listen, unless an address), `allow`, and
 * this machine's host name when `bound` is the wildcard address.
 */
int host_rules_init(struct host_rules *r, const struct sockaddr *bound, const char *listen_host,
		    const char *const *allow, size_t n_allow, struct err *e);

void host_rules_release(struct host_rules *r);

/*
 * Whether a request whose Host header is `value` (NULL: none) and which
 * arrived at local address `local` (NULL: unknown) is for this server.
 */
int host_allowed(const struct host_rules *r, const char *value, const struct sockaddr *local);

/* DOSSIER_EUSAGE, saying why, unless `name` is a host name or address without a port. */
int host_allow_check(const char *name, struct err *e);

/* Whether `sa` is a loopback address (127.0.0.0/8, ::1). */
int host_addr_is_loopback(const struct sockaddr *sa);

/* ---- the embedded UI (static.c; the table is generated from ui/) --------------------- */

struct server_asset {
	const char *path;          /* "/app.js" */
	const unsigned char *data;
	size_t size;
};

extern const struct server_asset server_assets[];
extern const size_t server_assets_count;

/*
 * The embedded file at exactly `path` ("/" is "/index.html"), or NULL.
 * Paths are compared whole against the table: nothing is read from disk,
 * so no path can reach outside the UI.
 */
const struct server_asset *server_asset_find(const char *path);

/* The Content-Type for an asset, by its extension. */
const char *server_asset_type(const struct server_asset *a);

#endif
