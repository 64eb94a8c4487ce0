/*
 * The HTTP side: the libmicrohttpd daemon, what every answer carries
 * (security headers, JSON errors), the bearer token, and the routing of a
 * request to the API (api.c) or to an embedded UI file (static.c).
 */
#include "server/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/datetime.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "server/server_int.h"
#include "store/store.h"

/* The shortest token accepted: a guessable one protects nothing. */
#define MIN_TOKEN_BYTES 16

/* How often a request that found the archive locked is tried again. */
#define BUSY_RETRIES 2

/* Descriptors kept for the archive's files and libmicrohttpd's own, per thread and in all. */
#define FDS_PER_THREAD 8
#define FDS_RESERVED 64

/* libmicrohttpd's own messages: at most this many a minute (a flood of bad clients). */
#define MHD_LOG_BURST 20
#define MHD_LOG_WINDOW_S 60

static const char security_policy[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'";

struct server {
	struct MHD_Daemon *daemon;
	struct worker_pool pool;
	struct guard guard;
	struct host_rules hosts;
	struct ingest_ctx *outlets;
	char *token;
	char *db_path, *data_dir;
	unsigned request_ms;
	int access_log;
	unsigned port;
	unsigned max_connections, max_per_client;
	atomic_uint_fast64_t ok, client, failed;
	pthread_mutex_t log_lock;   /* the fields below */
	time_t log_window;
	unsigned log_shown;
	unsigned long long log_suppressed;
};

/* ---- the listening address --------------------------------------------------------- */

/* Splits "HOST:PORT" / "[V6]:PORT" into host (copied to `host`) and port. */
static int split_listen(const char *listen, char *host, size_t size, unsigned *port,
			struct err *e)
{
	const char *colon = strrchr(listen, ':');
	const char *h = listen;
	size_t len;
	char *end;
	long p;

	if (!colon || colon == listen)
		return err_set(e, DOSSIER_EUSAGE, "--listen wants HOST:PORT (127.0.0.1:8080), not '%s'",
			       listen);
	len = (size_t)(colon - listen);
	if (h[0] == '[') {
		if (len < 3 || h[len - 1] != ']')
			return err_set(e, DOSSIER_EUSAGE, "--listen: unclosed [ in '%s'", listen);
		h++;
		len -= 2;
	}
	p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return err_set(e, DOSSIER_EUSAGE, "--listen: the port must be 0 to 65535, not '%s'",
			       colon + 1);
	if (len >= size)
		return err_set(e, DOSSIER_EUSAGE, "--listen: host name too long");
	memcpy(host, h, len);
	host[len] = '\0';
	*port = (unsigned)p;
	return DOSSIER_OK;
}

/*
 * Resolves the address to bind, numeric or a name such as localhost; its
 * host part, as written, goes to `host`.
 */
static int resolve_listen(const char *listen, struct sockaddr_storage *addr, socklen_t *len,
			  char host[static 256], struct err *e)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char port_text[8];
	unsigned port = 0;
	int rc = split_listen(listen, host, 256, &port, e);

	if (rc)
		return rc;
	snprintf(port_text, sizeof port_text, "%u", port);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, port_text, &hints, &res) || !res)
		return err_set(e, DOSSIER_EUSAGE, "--listen: cannot resolve '%s'", host);
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return DOSSIER_OK;
}

static int is_loopback(const struct sockaddr_storage *addr)
{
	return host_addr_is_loopback((const struct sockaddr *)addr);
}

int server_listen_is_loopback(const char *listen, int *loopback, struct err *e)
{
	struct sockaddr_storage addr;
	socklen_t len;
	char host[256];
	int rc = resolve_listen(listen, &addr, &len, host, e);

	*loopback = !rc && is_loopback(&addr);
	return rc;
}

/* ---- answers --------------------------------------------------------------------------- */

static void add_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", security_policy);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

/* Queues `text` (copied) with `status`; MHD_NO when even that failed. */
static enum MHD_Result send_bytes(struct MHD_Connection *conn, unsigned status,
				  const char *type, const void *data, size_t size, int is_static)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(size, (void *)data,
						is_static ? MHD_RESPMEM_PERSISTENT
							  : MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	add_common_headers(r);
	MHD_add_response_header(r, "Content-Type", type);
	if (is_static)
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	else
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"dossier\"");
	ok = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *conn, unsigned status, json_t *body)
{
	static const char no_memory[] = "{\"error\":{\"status\":500,\"code\":\"internal\","
					"\"message\":\"out of memory\"}}";
	char *text = json_dumps(body, QUERY_JSON_FLAGS);
	enum MHD_Result ok;

	if (!text)
		return send_bytes(conn, 500, "application/json; charset=utf-8", no_memory,
				  sizeof no_memory - 1, 1);
	ok = send_bytes(conn, status, "application/json; charset=utf-8", text, strlen(text), 0);
	free(text);
	return ok;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status,
				  const char *code, const char *message)
{
	json_t *body = json_pack("{s:{s:i,s:s,s:s}}", "error", "status", (int)status, "code",
				 code, "message", message);
	enum MHD_Result ok;

	if (!body)
		return send_bytes(conn, status, "text/plain; charset=utf-8", message,
				  strlen(message), 0);
	ok = send_json(conn, status, body);
	json_decref(body);
	return ok;
}

/* ---- the token ---------------------------------------------------------------------------- */

/* Compares in time that depends only on the lengths: no timing oracle. */
static int same_secret(const char *given, size_t given_len, const char *token)
{
	size_t len = strlen(token);
	unsigned char diff = given_len != len;

	for (size_t i = 0; i < len; i++)
		diff |= (unsigned char)(token[i] ^ (i < given_len ? given[i] : 0));
	return diff == 0;
}

static int authorised(const struct server *s, struct MHD_Connection *conn)
{
	const char *h;

	if (!s->token)
		return 1;
	h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7))
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	return same_secret(h, strlen(h), s->token);
}

/* ---- routing ------------------------------------------------------------------------------- */

static void count_status(struct server *s, unsigned status)
{
	if (status < 400)
		atomic_fetch_add(&s->ok, 1);
	else if (status < 500)
		atomic_fetch_add(&s->client, 1);
	else
		atomic_fetch_add(&s->failed, 1);
}

/*
 * `text` fit for a terminal: control characters (a client can put ESC in a
 * URL as %1B; C1 ones as %C2%9B) as \xNN, and at most LOG_FIELD_MAX
 * bytes, marked when cut.
 */
#define LOG_FIELD_MAX 1024
static void log_safe(char out[static LOG_FIELD_MAX * 4 + 8], const char *text)
{
	size_t o = 0, i;

	for (i = 0; text[i] && i < LOG_FIELD_MAX; i++) {
		unsigned char ch = (unsigned char)text[i], next = (unsigned char)text[i + 1];

		if (ch < 0x20 || ch == 0x7f) {
			o += (size_t)sprintf(out + o, "\\x%02X", ch);
		} else if (ch == 0xc2 && next >= 0x80 && next <= 0x9f) {
			o += (size_t)sprintf(out + o, "\\x%02X\\x%02X", ch, next);
			i++;
		} else {
			out[o++] = (char)ch;
		}
	}
	if (text[i])
		o += (size_t)sprintf(out + o, "...");
	out[o] = '\0';
}

static void log_request(const struct server *s, const char *method, const char *url,
			unsigned status, const struct timespec *t0)
{
	char safe_method[LOG_FIELD_MAX * 4 + 8], safe_url[LOG_FIELD_MAX * 4 + 8];
	struct timespec t1;
	double ms;

	if (!s->access_log)
		return;
	log_safe(safe_method, method);
	log_safe(safe_url, url);
	if (!t0) {
		fprintf(stderr, "dossier: serve: %s %s %u\n", safe_method, safe_url, status);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
	fprintf(stderr, "dossier: serve: %s %s %u %.1f ms\n", safe_method, safe_url, status, ms);
}

/*
 * Runs one API request on a worker, trying again when the archive was
 * locked by a writer (not when the request ran out of its own time).
 */
static unsigned run_api(struct server *s, struct api_call *c, json_t **body)
{
	struct err e;
	unsigned status = 500;

	for (int attempt = 0; attempt <= BUSY_RETRIES; attempt++) {
		int retry;

		if (pool_take(&s->pool, &c->w, &e)) {
			c->w = NULL;
			return api_fail_err(c, &e);
		}
		store_set_deadline(c->w->store, s->request_ms);
		c->code = NULL;
		c->message[0] = '\0';
		status = api_answer(c, body);
		retry = status == 503 && !store_timed_out(c->w->store);
		store_set_deadline(c->w->store, 0);
		pool_give(&s->pool, c->w, 0);
		c->w = NULL;
		if (!retry)
			break;
		usleep(50000u << attempt);
	}
	return status;
}

static enum MHD_Result answer_api(struct server *s, struct MHD_Connection *conn,
				  const char *path, unsigned *status)
{
	struct api_call c = { .conn = conn, .path = path, .outlets = s->outlets };
	json_t *body = NULL;
	enum MHD_Result ok;

	if (!authorised(s, conn)) {
		*status = MHD_HTTP_UNAUTHORIZED;
		return send_error(conn, *status, "unauthorized",
				  "this server needs a token: send Authorization: Bearer TOKEN");
	}
	*status = run_api(s, &c, &body);
	if (body) {
		ok = send_json(conn, *status, body);
		json_decref(body);
		return ok;
	}
	return send_error(conn, *status, c.code ? c.code : "internal",
			  c.message[0] ? c.message : "the request failed");
}

static enum MHD_Result answer_asset(struct MHD_Connection *conn, const char *path,
				    unsigned *status)
{
	const struct server_asset *a = server_asset_find(path);

	if (!a) {
		*status = MHD_HTTP_NOT_FOUND;
		return send_error(conn, *status, "not_found", "no such page");
	}
	*status = MHD_HTTP_OK;
	return send_bytes(conn, *status, server_asset_type(a), a->data, a->size, 1);
}

/* ---- the connection: its record, its address, its Host -------------------------------- */

/* The header deadline's record of the connection (NULL if none). */
static struct guard_conn *conn_record(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return i ? i->socket_context : NULL;
}

/* The local address the request arrived at, or NULL. */
static const struct sockaddr *local_address(struct MHD_Connection *conn,
					    struct sockaddr_storage *out)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	socklen_t len = sizeof *out;

	if (!i || getsockname(i->connect_fd, (struct sockaddr *)out, &len))
		return NULL;
	return (const struct sockaddr *)out;
}

static enum MHD_Result count_host(void *arg, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	(void)value;
	*(unsigned *)arg += !strcasecmp(key, MHD_HTTP_HEADER_HOST);
	return MHD_YES;
}

/*
 * 0 when the request's Host names this server (host.c); else the status
 * to refuse it with, and the error's code and message.  HTTP/1.0 may leave
 * Host out; HTTP/1.1 must give it once (RFC 9112, 3.2).
 */
static unsigned host_refusal(const struct server *s, struct MHD_Connection *conn,
			     const char *version, const char **code, const char **message)
{
	struct sockaddr_storage local;
	unsigned hosts = 0;
	const char *host;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &hosts);
	host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	*code = "bad_request";
	if (hosts > 1) {
		*message = "more than one Host header";
		return MHD_HTTP_BAD_REQUEST;
	}
	if (!host) {
		*message = "an HTTP/1.1 request must say Host";
		return strcmp(version, MHD_HTTP_VERSION_1_0) ? MHD_HTTP_BAD_REQUEST : 0;
	}
	if (host_allowed(&s->hosts, host, local_address(conn, &local)))
		return 0;
	*code = "misdirected";
	*message = "this server does not answer for the host named in Host: open it by the "
		   "address it listens on or as localhost, or start it with --allow-host NAME";
	return MHD_HTTP_MISDIRECTED_REQUEST;
}

/* libmicrohttpd accepted a connection (its headers are now due) or is closing one. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode what)
{
	struct server *s = cls;

	if (what == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *i =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		*socket_context = i ? guard_opened(&s->guard, i->connect_fd) : NULL;
	} else if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_closed(&s->guard, *socket_context);
		*socket_context = NULL;
	}
}

/* A request is over, answered or not: the connection's next headers are due. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	struct server *s = cls;

	(void)con_cls;
	(void)why;
	guard_request_done(&s->guard, conn_record(conn));
}

/* ---- routing, continued ------------------------------------------------------------------- */

/* A request that announces a body: this server takes none. */
static int has_body(struct MHD_Connection *conn)
{
	const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (len && strcmp(len, "0"))
		return 1;
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct server *s = cls;
	struct timespec t0;
	const char *code, *message;
	unsigned status;
	enum MHD_Result ok;

	(void)upload_data;
	/*
	 * The first call only announces the request.  Answering then would
	 * make libmicrohttpd close the connection after the answer (it cannot
	 * know that no body follows), losing keep-alive; so a request without
	 * a body is answered on the second call.  One that announces a body,
	 * or names another server in Host, is refused at once, and the
	 * connection closed, unread.
	 */
	if (!*con_cls) {
		*con_cls = s;
		/* The headers are in: the deadline is met. */
		guard_headers_done(&s->guard, conn_record(conn));
		status = host_refusal(s, conn, version, &code, &message);
		if (!status && strcmp(method, MHD_HTTP_METHOD_GET) &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD)) {
			status = MHD_HTTP_METHOD_NOT_ALLOWED;
			code = "method_not_allowed";
			message = "only GET and HEAD are answered";
		} else if (!status && has_body(conn)) {
			status = MHD_HTTP_CONTENT_TOO_LARGE;
			code = "too_large";
			message = "this server takes no request body";
		}
		if (!status)
			return MHD_YES;
		count_status(s, status);
		log_request(s, method, url, status, NULL);
		return send_error(conn, status, code, message);
	}
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!strncmp(url, "/api/", 5))
		ok = answer_api(s, conn, url + 5, &status);
	else
		ok = answer_asset(conn, url, &status);
	count_status(s, status);
	log_request(s, method, url, status, &t0);
	return ok;
}

/*
 * libmicrohttpd's own messages (a port in use, a broken client) go to
 * stderr, at most MHD_LOG_BURST a minute: a crowd of broken or hostile
 * clients must not fill the log (or the terminal) a line each.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	time_t now = time(NULL);

	pthread_mutex_lock(&s->log_lock);
	if (now - s->log_window >= MHD_LOG_WINDOW_S) {
		if (s->log_suppressed)
			fprintf(stderr, "dossier: serve: (%llu more messages from the HTTP layer "
					"in the last minute not shown)\n",
				s->log_suppressed);
		s->log_window = now;
		s->log_shown = 0;
		s->log_suppressed = 0;
	}
	if (s->log_shown < MHD_LOG_BURST) {
		char msg[LOG_FIELD_MAX], safe[LOG_FIELD_MAX * 4 + 8];
		size_t len;

		s->log_shown++;
		vsnprintf(msg, sizeof msg, fmt, ap);
		len = strlen(msg);
		if (len && msg[len - 1] == '\n')
			msg[len - 1] = '\0';
		/* Its messages may quote what a client sent. */
		log_safe(safe, msg);
		fprintf(stderr, "dossier: serve: %s\n", safe);
	} else {
		s->log_suppressed++;
	}
	pthread_mutex_unlock(&s->log_lock);
}

/* ---- starting and stopping ---------------------------------------------------------------- */

static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 2 ? (unsigned)n * 2 : 4;
}

/* Opens the archive once, so that a wrong path fails now and not per request. */
static int check_archive(const struct server_config *c, struct err *e)
{
	struct store *st = NULL;
	int rc;

	if (access(c->db_path, F_OK))
		return err_set(e, DOSSIER_EUSAGE,
			       "no archive at %s (make one with: dossier --db %s ingest FILES)",
			       c->db_path, c->db_path);
	rc = store_open(&st, c->db_path, c->text, e);
	store_close(st);
	return rc;
}

static int check_config(const struct server_config *c, struct sockaddr_storage *addr,
			socklen_t *len, char host[static 256], struct err *e)
{
	int rc = resolve_listen(c->listen ? c->listen : SERVER_DEFAULT_LISTEN, addr, len, host, e);

	for (size_t i = 0; !rc && i < c->n_allow_hosts; i++)
		rc = host_allow_check(c->allow_hosts[i], e);
	if (rc)
		return rc;
	if (!is_loopback(addr) && !c->token)
		return err_set(e, DOSSIER_EUSAGE,
			       "%s is not a loopback address: anyone who can reach it could read the "
			       "archive, so give --token TOKEN (or DOSSIER_TOKEN); clients then send "
			       "Authorization: Bearer TOKEN",
			       c->listen);
	if (c->token && strlen(c->token) < MIN_TOKEN_BYTES)
		return err_set(e, DOSSIER_EUSAGE, "the token must be at least %d characters",
			       MIN_TOKEN_BYTES);
	return check_archive(c, e);
}

/*
 * How many connections the descriptors allow.  Each connection is a
 * descriptor, and the usual soft limit on open files (1,024) would cap the
 * server below what a crowd of slow clients can open; so the soft limit
 * is raised towards the hard one (as far as SERVER_MAX_CONNECTIONS needs),
 * and a reserve is kept for the archive's files and libmicrohttpd's own.
 */
static unsigned connection_budget(unsigned threads)
{
	rlim_t reserve = FDS_RESERVED + (rlim_t)FDS_PER_THREAD * threads;
	rlim_t want = SERVER_MAX_CONNECTIONS + reserve;
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r))
		return 512;
	if (r.rlim_cur != RLIM_INFINITY && r.rlim_cur < want) {
		struct rlimit raised = { want, r.rlim_max };

		if (r.rlim_max != RLIM_INFINITY && r.rlim_max < want)
			raised.rlim_cur = r.rlim_max;
		if (!setrlimit(RLIMIT_NOFILE, &raised))
			r.rlim_cur = raised.rlim_cur;
	}
	if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= want)
		return SERVER_MAX_CONNECTIONS;
	if (r.rlim_cur > 2 * reserve)
		return (unsigned)(r.rlim_cur - reserve);
	return r.rlim_cur / 2 > threads ? (unsigned)(r.rlim_cur / 2) : threads;
}

static int copy_config(struct server *s, const struct server_config *c,
		       const struct sockaddr_storage *addr, const char *host, struct err *e)
{
	int rc;

	pthread_mutex_init(&s->log_lock, NULL);
	s->db_path = strdup(c->db_path);
	s->data_dir = strdup(c->data_dir);
	s->token = c->token ? strdup(c->token) : NULL;
	if (!s->db_path || !s->data_dir || (c->token && !s->token))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	s->request_ms = c->request_ms ? c->request_ms : SERVER_REQUEST_MS;
	s->access_log = c->access_log;
	rc = host_rules_init(&s->hosts, (const struct sockaddr *)addr, host, c->allow_hosts,
			     c->n_allow_hosts, e);
	if (!rc)
		rc = ingest_ctx_new(&s->outlets, c->data_dir, c->text, e);
	if (!rc)
		rc = guard_start(&s->guard,
				 c->header_seconds ? c->header_seconds : SERVER_HEADER_SECONDS, e);
	return rc;
}

/* Everything but the daemon, which must have stopped (or never started). */
static void free_server(struct server *s)
{
	guard_release(&s->guard);
	host_rules_release(&s->hosts);
	ingest_ctx_free(s->outlets);
	free(s->token);
	free(s->db_path);
	free(s->data_dir);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}

/* epoll where there is one, else poll: select() stops at descriptor 1,024. */
static unsigned polling_flags(void)
{
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		return MHD_USE_EPOLL;
	if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES)
		return MHD_USE_POLL;
	return 0;
}

int server_start(struct server **out, const struct server_config *c, struct err *e)
{
	struct sockaddr_storage addr;
	socklen_t len;
	struct server *s;
	const union MHD_DaemonInfo *info;
	char host[256];
	unsigned threads = c->threads ? c->threads : default_threads();
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | polling_flags();
	int rc = check_config(c, &addr, &len, host, e);

	*out = NULL;
	if (rc)
		return rc;
	s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	rc = copy_config(s, c, &addr, host, e);
	if (rc) {
		free_server(s);
		return rc;
	}
	pool_init(&s->pool, s->db_path, s->data_dir, c->text);
	s->max_connections = connection_budget(threads);
	/*
	 * A share, not a handful: every local client (a browser, a script, a
	 * reverse proxy) comes from 127.0.0.1 and shares one limit, which must
	 * not be so low that one of them locks the others out; it only keeps
	 * one address from taking the whole server.  The header deadline is
	 * what keeps slow clients from holding connections.
	 */
	s->max_per_client = c->max_per_client ? c->max_per_client
					      : s->max_connections / SERVER_CLIENT_SHARE;
	if (s->max_connections < SERVER_MAX_CONNECTIONS)
		fprintf(stderr, "dossier: serve: at most %u connections at once: the limit on open "
				"files allows no more (raise it with ulimit -n)\n",
			s->max_connections);
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_IDLE_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_MAX_HEADER_BYTES,
		MHD_OPTION_CONNECTION_LIMIT, s->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->max_per_client,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_END);
	if (!s->daemon) {
		pool_release(&s->pool);
		free_server(s);
		return err_set(e, DOSSIER_EIO,
			       "cannot listen on %s (in use, or not an address of this machine?)",
			       c->listen ? c->listen : SERVER_DEFAULT_LISTEN);
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return DOSSIER_OK;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

void server_counts(const struct server *s, uint64_t *ok, uint64_t *client, uint64_t *failed)
{
	*ok = atomic_load(&s->ok);
	*client = atomic_load(&s->client);
	*failed = atomic_load(&s->failed);
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	/* libmicrohttpd first: its last CLOSED notifications still need the guard. */
	MHD_stop_daemon(s->daemon);
	pool_release(&s->pool);
	free_server(s);
}
