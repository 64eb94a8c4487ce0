/*
 * server.h — `dossier serve`: the archive's answers as JSON over HTTP
 * (docs/API.md) and the web UI, embedded in the binary, at `/`.
 *
 * libmicrohttpd runs a pool of threads; each request borrows a worker (its
 * own SQLite connection and query context) for its duration, so readers run
 * side by side and beside a `dossier ingest` writing the same file (WAL).
 */
#ifndef DOSSIER_SERVER_H
#define DOSSIER_SERVER_H

#include <stdint.h>

#include "core/err.h"

struct server;
struct text_ctx;

/* Where to listen when nothing is said. */
#define SERVER_DEFAULT_LISTEN "127.0.0.1:8080"

/* What one request may ask for and take. */
#define SERVER_MAX_QUERY_BYTES 1024       /* q=: the query language's own cap */
#define SERVER_MAX_HEADER_BYTES (32 * 1024) /* request line and headers */
#define SERVER_REQUEST_MS 10000           /* database work per request */
#define SERVER_IDLE_SECONDS 30            /* a connection making no progress is closed */
#define SERVER_HEADER_SECONDS 10          /* each request's headers must be in by then */
#define SERVER_MAX_CONNECTIONS 16384      /* in all, when descriptors allow */
#define SERVER_CLIENT_SHARE 4             /* one client address may hold 1/4 of them */
#define SERVER_MMAP_BYTES (1LL << 30)     /* each connection maps this much of the archive */

struct server_config {
	const char *db_path;   /* the archive (must exist) */
	const char *data_dir;  /* aliases.tsv, sources.tsv */
	const struct text_ctx *text; /* borrowed; shared read-only by all threads */
	const char *listen;    /* "HOST:PORT", "[::1]:PORT"; port 0 picks a free one */
	const char *token;     /* bearer token for /api/, or NULL */
	unsigned threads;      /* 0: twice the processors, at least 4 */
	unsigned request_ms;   /* 0: SERVER_REQUEST_MS */
	int access_log;        /* one line per request on stderr */
	/* Host names answered besides the server's own (see docs/API.md). */
	const char *const *allow_hosts;
	size_t n_allow_hosts;
	unsigned header_seconds; /* 0: SERVER_HEADER_SECONDS */
	unsigned max_per_client; /* 0: 1/SERVER_CLIENT_SHARE of the connection limit */
};

/*
 * Reads "HOST:PORT" (HOST a name, an IPv4 address or [IPv6]) and says
 * whether it is a loopback address.  DOSSIER_EUSAGE with a message for a
 * malformed address or a name that does not resolve.
 */
int server_listen_is_loopback(const char *listen, int *loopback, struct err *e);

/*
 * Starts serving in background threads and returns at once.  Refuses
 * (DOSSIER_EUSAGE, saying why) a non-loopback address without a token, an
 * archive that does not exist, and a token that is too short; DOSSIER_EIO
 * when the address cannot be bound (in use, not ours).  The archive is
 * opened once here to check it.  Stop with server_stop().
 */
int server_start(struct server **out, const struct server_config *c, struct err *e);

/* The port actually bound (useful after asking for port 0). */
unsigned server_port(const struct server *s);

/* Requests answered so far, by class: 2xx, 4xx, 5xx. */
void server_counts(const struct server *s, uint64_t *ok, uint64_t *client, uint64_t *failed);

/*
 * Stops accepting, waits for the requests in flight, closes every
 * connection to the archive and frees the server.  NULL is a no-op.
 */
void server_stop(struct server *s);

#endif
