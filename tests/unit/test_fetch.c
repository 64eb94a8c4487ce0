/*
 * Unit tests for src/fetch (HTTP): fetch_get and fetch_many against
 * testhttpd ($DOSSIER_TOOLS/testhttpd) on 127.0.0.1, serving a temporary
 * folder of files written here.  Timeouts and backoff are kept small so
 * that the whole program runs in a few seconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"

extern char **environ;

static char dir[64];
static char base[64]; /* http://127.0.0.1:PORT */
static char log_path[128];
static pid_t server;
static struct buf feed = BUF_INIT; /* the content of feed.xml */

/* ---- fixture ------------------------------------------------------------- */

static int write_file(const char *name, const char *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/root/%s", dir, name);
	if (!(f = fopen(path, "wb")))
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static int start_server(void **state)
{
	char tool[1024], root[128], port_file[128];
	const char *tools = getenv("DOSSIER_TOOLS");
	struct err e;

	(void)state;
	/* a proxy from the environment must not come between us and 127.0.0.1 */
	setenv("no_proxy", "*", 1);
	setenv("NO_PROXY", "*", 1);

	snprintf(dir, sizeof dir, "/tmp/dossier-fetch-XXXXXX");
	if (!tools || !mkdtemp(dir))
		return -1;
	snprintf(tool, sizeof tool, "%s/testhttpd", tools);
	snprintf(root, sizeof root, "%s/root", dir);
	snprintf(port_file, sizeof port_file, "%s/port", dir);
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	if (mkdir(root, 0700))
		return -1;

	buf_adds(&feed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<rss version=\"2.0\"><channel><title>美中軍事對話</title>\n");
	for (int i = 0; i < 40; i++)
		buf_printf(&feed, "<item><title>奧斯汀與董軍會面 %d</title>"
				  "<link>https://example.org/a/%d</link></item>\n", i, i);
	buf_adds(&feed, "</channel></rss>\n");
	if (write_file("feed.xml", feed.data, feed.len) ||
	    write_file("page.html", "<html><body>頁面</body></html>", 33))
		return -1;

	char *argv[] = { tool, "--root", root, "--port-file", port_file,
			 "--log", log_path, NULL };
	if (posix_spawn(&server, tool, NULL, NULL, argv, environ))
		return -1;
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(port_file, "r");
		int port = 0;
		if (f) {
			int ok = fscanf(f, "%d", &port) == 1;
			fclose(f);
			if (ok && port > 0) {
				snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
				return fetch_global_init(&e);
			}
		}
		sleep_ms(10);
	}
	return -1;
}

static int stop_server(void **state)
{
	char cmd[128];

	(void)state;
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	fetch_global_cleanup();
	buf_release(&feed);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* base + path, in one of a few rotating static buffers */
static const char *url(const char *path)
{
	static char bufs[8][512];
	static int next;
	char *u = bufs[next++ % 8];

	snprintf(u, sizeof bufs[0], "%s%s", base, path);
	return u;
}

/* The server's log line for `target` (the first that starts "GET target "),
 * waiting up to two seconds for it; caller frees. */
static char *log_line_for(const char *target)
{
	char want[512];

	snprintf(want, sizeof want, "GET %s ", target);
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(log_path, "r");
		char line[2048];
		while (f && fgets(line, sizeof line, f)) {
			if (!strncmp(line, want, strlen(want))) {
				fclose(f);
				return strdup(line);
			}
		}
		if (f)
			fclose(f);
		sleep_ms(10);
	}
	return NULL;
}

/* What the server's /count/KEY (or /max/KEY) route says. */
static long server_number(const char *route, const char *key)
{
	char path[128];
	struct fetch_request rq = { 0 };
	struct fetch_response r;
	long n = -1;

	snprintf(path, sizeof path, "/%s/%s", route, key);
	rq.url = url(path);
	rq.retries = -1;
	if (fetch_get(&rq, &r, NULL) == DOSSIER_OK)
		n = strtol(r.body.data, NULL, 10);
	fetch_response_release(&r);
	return n;
}

/* How many requests the server counted under KEY. */
static long server_count(const char *key)
{
	return server_number("count", key);
}

static struct fetch_request quick(const char *path)
{
	struct fetch_request rq = { 0 };

	rq.url = url(path);
	rq.connect_timeout_ms = 2000;
	rq.timeout_ms = 5000;
	rq.retries = -1;
	rq.retry_base_ms = 5;
	return rq;
}

/* ---- plain requests --------------------------------------------------------- */

static void gets_a_feed_with_its_validators(void **state)
{
	struct fetch_request rq = quick("/files/feed.xml?t=plain");
	struct fetch_response r;
	struct err e;

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.not_modified, 0);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.body.len, feed.len);
	assert_memory_equal(r.body.data, feed.data, feed.len);
	assert_non_null(r.etag);
	assert_true(r.etag[0] == '"');
	assert_non_null(r.last_modified);
	assert_non_null(strstr(r.last_modified, " GMT"));
	assert_string_equal(r.content_type, "application/rss+xml");
	assert_string_equal(r.final_url, rq.url);
	assert_null(r.moved_to);
	assert_true(r.fetched > (int64_t)1600000000 * 1000);
	fetch_response_release(&r);
	assert_null(r.etag);
	assert_int_equal(r.body.len, 0);
	fetch_response_release(&r); /* twice is harmless */
}

static void names_dossier_as_user_agent(void **state)
{
	struct fetch_request rq = quick("/files/page.html?t=ua");
	struct fetch_response r;
	char *line;

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, NULL), DOSSIER_OK);
	assert_string_equal(r.content_type, "text/html");
	fetch_response_release(&r);
	assert_non_null(line = log_line_for("/files/page.html?t=ua"));
	assert_non_null(strstr(line, " ua=Dossier/" DOSSIER_VERSION " "));
	assert_true(strncmp(strstr(line, " ua=") + 4, fetch_user_agent(),
			    strlen(fetch_user_agent())) == 0);
	free(line);
}

static void asks_conditionally_and_gets_304(void **state)
{
	struct fetch_request rq = quick("/files/feed.xml?t=first");
	struct fetch_response r, r2;
	struct err e;
	char *line;

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_non_null(r.etag);

	/* If-None-Match */
	rq = quick("/files/feed.xml?t=inm");
	rq.etag = r.etag;
	assert_int_equal(fetch_get(&rq, &r2, &e), DOSSIER_OK);
	assert_int_equal(r2.status, 304);
	assert_int_equal(r2.not_modified, 1);
	assert_int_equal(r2.body.len, 0);
	assert_string_equal(r2.etag, r.etag);
	fetch_response_release(&r2);
	assert_non_null(line = log_line_for("/files/feed.xml?t=inm"));
	assert_non_null(strstr(line, " status=304 bytes=0 "));
	assert_non_null(strstr(line, " inm=\""));
	assert_non_null(strstr(line, r.etag));
	free(line);

	/* If-Modified-Since alone */
	rq = quick("/files/feed.xml?t=ims");
	rq.last_modified = r.last_modified;
	assert_int_equal(fetch_get(&rq, &r2, &e), DOSSIER_OK);
	assert_int_equal(r2.not_modified, 1);
	assert_int_equal(r2.body.len, 0);
	fetch_response_release(&r2);
	assert_non_null(line = log_line_for("/files/feed.xml?t=ims"));
	assert_non_null(strstr(line, " status=304 bytes=0 inm=- ims="));
	free(line);

	/* a stale validator gets the whole body again */
	rq = quick("/files/feed.xml?t=stale");
	rq.etag = "\"0000000000000000\"";
	assert_int_equal(fetch_get(&rq, &r2, &e), DOSSIER_OK);
	assert_int_equal(r2.status, 200);
	assert_int_equal(r2.not_modified, 0);
	assert_int_equal(r2.body.len, feed.len);
	fetch_response_release(&r2);

	/* a validator with a line break in it is not sent at all */
	rq = quick("/files/feed.xml?t=crlf");
	rq.etag = "\"x\"\r\nX-Evil: 1";
	assert_int_equal(fetch_get(&rq, &r2, &e), DOSSIER_OK);
	assert_int_equal(r2.status, 200);
	fetch_response_release(&r2);
	assert_non_null(line = log_line_for("/files/feed.xml?t=crlf"));
	assert_non_null(strstr(line, " inm=- "));
	free(line);
	fetch_response_release(&r);
}

static void decodes_gzip_and_deflate(void **state)
{
	static const char *paths[] = { "/gzip/feed.xml", "/deflate/feed.xml" };
	char *line;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct fetch_request rq = quick(paths[i]);
		struct fetch_response r;
		struct err e;
		assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
		assert_int_equal(r.body.len, feed.len);
		assert_memory_equal(r.body.data, feed.data, feed.len);
		assert_non_null(r.etag);
		fetch_response_release(&r);
		assert_non_null(line = log_line_for(paths[i]));
		assert_non_null(strstr(line, i ? "deflate" : "gzip"));
		/* it came encoded: fewer or more bytes than the file, never the same */
		assert_null(strstr(line, " bytes=0 "));
		free(line);
	}
}

static void reports_the_content_type_it_got(void **state)
{
	struct fetch_request rq = quick("/files/feed.xml?type=text/html&charset=gbk");
	struct fetch_response r;

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, NULL), DOSSIER_OK);
	assert_string_equal(r.content_type, "text/html; charset=gbk");
	assert_int_equal(r.body.len, feed.len);
	fetch_response_release(&r);
}

static void refuses_other_schemes(void **state)
{
	struct fetch_request rq = { 0 };
	struct fetch_response r;
	struct err e;

	(void)state;
	rq.url = "file:///etc/passwd";
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EUSAGE);
	assert_non_null(strstr(e.msg, "file:///etc/passwd"));
	fetch_response_release(&r);
	rq.url = NULL;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EUSAGE);
	fetch_response_release(&r);
}

/* ---- redirects ----------------------------------------------------------------- */

static void follows_permanent_redirects_and_moves(void **state)
{
	struct fetch_request rq = quick("/redirect/301/redirect/308/files/feed.xml");
	struct fetch_response r;
	struct err e;

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, feed.len);
	assert_string_equal(r.final_url, url("/files/feed.xml"));
	assert_non_null(r.moved_to);
	assert_string_equal(r.moved_to, url("/files/feed.xml"));
	fetch_response_release(&r);

	/* not to a page that is not there */
	rq = quick("/redirect/301/files/missing.xml");
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_string_equal(e.msg, "HTTP 404 Not Found");
	assert_string_equal(r.final_url, url("/files/missing.xml"));
	assert_null(r.moved_to);
	fetch_response_release(&r);

	/* a 304 at the new place still moves */
	struct fetch_response r2;
	struct fetch_request rq2 = quick("/redirect/308/files/feed.xml");
	rq = quick("/files/feed.xml");
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	rq2.etag = r.etag;
	assert_int_equal(fetch_get(&rq2, &r2, &e), DOSSIER_OK);
	assert_int_equal(r2.not_modified, 1);
	assert_string_equal(r2.moved_to, url("/files/feed.xml"));
	fetch_response_release(&r2);
	fetch_response_release(&r);
}

static void temporary_redirects_do_not_move(void **state)
{
	static const char *paths[] = {
		"/redirect/302/files/feed.xml",
		"/redirect/301/redirect/302/files/feed.xml",
		"/redirect/307/redirect/301/files/feed.xml",
	};

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct fetch_request rq = quick(paths[i]);
		struct fetch_response r;
		assert_int_equal(fetch_get(&rq, &r, NULL), DOSSIER_OK);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.final_url, url("/files/feed.xml"));
		assert_null(r.moved_to);
		fetch_response_release(&r);
	}
}

static void stops_redirect_loops_and_long_chains(void **state)
{
	struct fetch_request rq = quick("/loop");
	struct fetch_response r;
	struct err e;
	char path[512] = "";

	(void)state;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_non_null(strstr(e.msg, "redirect loop"));
	assert_int_equal(r.attempts, 1);
	fetch_response_release(&r);

	for (int i = 0; i <= FETCH_MAX_REDIRECTS; i++)
		strcat(path, "/redirect/302");
	strcat(path, "/files/feed.xml");
	rq = quick(path);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_non_null(strstr(e.msg, "too many redirects"));
	fetch_response_release(&r);

	/* exactly the limit is fine */
	strcpy(path, "");
	for (int i = 0; i < FETCH_MAX_REDIRECTS; i++)
		strcat(path, "/redirect/301");
	strcat(path, "/files/feed.xml");
	rq = quick(path);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_string_equal(r.moved_to, url("/files/feed.xml"));
	fetch_response_release(&r);
}

/* ---- failures ------------------------------------------------------------------ */

static void times_out_quickly(void **state)
{
	struct fetch_request rq = quick("/slow/3000/files/feed.xml");
	struct fetch_response r;
	struct err e;
	struct timespec t0;

	(void)state;
	rq.timeout_ms = 300;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_true(elapsed_ms(&t0) < 2500);
	assert_non_null(strstr(e.msg, "timed out after 0.3 s"));
	assert_int_equal(r.status, 0);
	fetch_response_release(&r);

	/* a body that keeps coming, too slowly, times out all the same */
	rq = quick("/trickle/100/files/feed.xml");
	rq.timeout_ms = 400;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_true(elapsed_ms(&t0) < 2500);
	assert_non_null(strstr(e.msg, "timed out"));
	fetch_response_release(&r);
}

static void caps_the_body(void **state)
{
	static const char *paths[] = { "/huge/4", "/huge-chunked/4" };
	struct fetch_request rq;
	struct fetch_response r;
	struct err e;

	(void)state;
	for (int i = 0; i < 2; i++) {
		rq = quick(paths[i]);
		rq.max_bytes = (size_t)1 << 20;
		rq.retries = 2; /* the cap is not worth a retry */
		assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_ETOOBIG);
		assert_string_equal(e.msg, "response larger than 1 MiB");
		assert_int_equal(r.attempts, 1);
		assert_int_equal(r.body.len, 0);
		fetch_response_release(&r);
	}

	/* under the cap */
	rq = quick("/huge-chunked/1");
	rq.max_bytes = (size_t)2 << 20;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_int_equal(r.body.len, (size_t)1 << 20);
	fetch_response_release(&r);

	/* the cap is on the decoded body */
	rq = quick("/gzip/feed.xml");
	rq.max_bytes = feed.len - 1;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_ETOOBIG);
	fetch_response_release(&r);
	rq.max_bytes = feed.len;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	fetch_response_release(&r);
}

static void retries_a_dropped_connection(void **state)
{
	struct fetch_request rq = quick("/drop/files/feed.xml?key=drop1");
	struct fetch_response r;
	struct err e;
	char got[96];

	(void)state;
	rq.retries = 2;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(server_count("drop1"), 3);
	snprintf(got, sizeof got, "(got %zu of %zu bytes)", feed.len / 2, feed.len);
	assert_non_null(strstr(e.msg, "after 3 tries: "));
	assert_non_null(strstr(e.msg, "connection closed before the response ended"));
	assert_non_null(strstr(e.msg, got));
	fetch_response_release(&r);
}

static void retries_503_until_it_works(void **state)
{
	struct fetch_request rq = quick("/flaky/2/fl1/files/feed.xml");
	struct fetch_response r;
	struct err e;
	struct timespec t0;

	(void)state;
	rq.retries = 2;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, feed.len);
	fetch_response_release(&r);

	/* more failures than retries */
	rq = quick("/flaky/5/fl2/files/feed.xml");
	rq.retries = 1;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.status, 503);
	assert_string_equal(e.msg, "after 2 tries: HTTP 503 Service Unavailable");
	fetch_response_release(&r);
	assert_int_equal(server_count("fl2"), 2);

	/* Retry-After is honoured over a shorter backoff */
	rq = quick("/flaky/1/fl3/files/feed.xml?retry-after=1");
	rq.retries = 1;
	rq.retry_base_ms = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_OK);
	assert_true(elapsed_ms(&t0) >= 900);
	assert_int_equal(r.attempts, 2);
	fetch_response_release(&r);

	/* 429 is retried too */
	rq = quick("/status/429?key=tmr");
	rq.retries = 1;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_string_equal(e.msg, "after 2 tries: HTTP 429 Too Many Requests");
	fetch_response_release(&r);
	assert_int_equal(server_count("tmr"), 2);
}

static void does_not_retry_404(void **state)
{
	struct fetch_request rq = quick("/files/missing.xml?key=nf");
	struct fetch_response r;
	struct err e;

	(void)state;
	rq.retries = 2;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_string_equal(e.msg, "HTTP 404 Not Found");
	assert_int_equal(r.status, 404);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.final_url, rq.url);
	fetch_response_release(&r);
	assert_int_equal(server_count("nf"), 1);
}

static void says_connection_refused(void **state)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	char u[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct fetch_request rq = { 0 };
	struct fetch_response r;
	struct err e;

	(void)state;
	/* a port that was just free and has nobody listening */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	close(fd);
	snprintf(u, sizeof u, "http://127.0.0.1:%d/feed.xml", ntohs(sa.sin_port));
	rq.url = u;
	rq.retries = 1;
	rq.retry_base_ms = 1;
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_string_equal(e.msg, "after 2 tries: connection refused");
	assert_int_equal(r.status, 0);
	assert_int_equal(r.attempts, 2);
	fetch_response_release(&r);
}

static void times_out_connecting(void **state)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int ls = socket(AF_INET, SOCK_STREAM, 0), fill[4];
	struct fetch_request rq = { 0 };
	struct fetch_response r;
	struct err e;
	struct timespec t0;
	char u[64];

	(void)state;
	/* a listener that never accepts, its queue filled up: further SYNs
	 * go unanswered, so connecting hangs until the connect timeout */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(ls >= 0);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(ls, 0), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&sa, &sl), 0);
	for (int i = 0; i < 4; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fill[i], (struct sockaddr *)&sa, sizeof sa);
	}
	sleep_ms(50);
	snprintf(u, sizeof u, "http://127.0.0.1:%d/feed.xml", ntohs(sa.sin_port));
	rq.url = u;
	rq.connect_timeout_ms = 200;
	rq.timeout_ms = 5000;
	rq.retries = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_get(&rq, &r, &e), DOSSIER_EIO);
	assert_true(elapsed_ms(&t0) < 2500);
	assert_string_equal(e.msg, "timed out connecting after 0.2 s");
	fetch_response_release(&r);
	for (int i = 0; i < 4; i++)
		close(fill[i]);
	close(ls);
}

/* ---- many at once -------------------------------------------------------------- */

struct many {
	int calls[8];
	int rcs[8];
	size_t lens[8];
	int inside; /* a done() call is running */
	int overlapped;
};

static void on_done(void *arg, size_t index, int rc, struct fetch_response *r,
		    const struct err *e)
{
	struct many *m = arg;

	if (__atomic_exchange_n(&m->inside, 1, __ATOMIC_SEQ_CST))
		m->overlapped = 1;
	(void)e;
	if (index < 8) {
		m->calls[index]++;
		m->rcs[index] = rc;
		m->lens[index] = r->body.len;
	}
	sleep_ms(5); /* widen the window for an overlap to show */
	__atomic_store_n(&m->inside, 0, __ATOMIC_SEQ_CST);
}

static void fetches_many_with_a_bound(void **state)
{
	struct fetch_request rq[8];
	struct many m = { 0 };
	struct timespec t0;
	struct err e;
	long ms;

	(void)state;
	for (int i = 0; i < 8; i++)
		rq[i] = quick(i == 5 ? "/slow/200/files/missing.xml?gauge=many"
				     : "/slow/200/files/feed.xml?gauge=many");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_many(rq, 8, 3, on_done, &m, &e), DOSSIER_OK);
	ms = elapsed_ms(&t0);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(m.calls[i], 1);
		assert_int_equal(m.rcs[i], i == 5 ? DOSSIER_EIO : DOSSIER_OK);
		if (i != 5)
			assert_int_equal(m.lens[i], feed.len);
	}
	assert_false(m.overlapped);
	/* never more than three at the server, but more than one */
	long most = server_number("max", "many");
	assert_true(most >= 2 && most <= 3);
	/* three at a time: at least three rounds of 200 ms */
	assert_true(ms >= 590);

	assert_int_equal(fetch_many(rq, 0, 3, on_done, &m, &e), DOSSIER_OK);
	assert_int_equal(fetch_many(rq, 1, 0, NULL, &m, &e), DOSSIER_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gets_a_feed_with_its_validators),
		cmocka_unit_test(names_dossier_as_user_agent),
		cmocka_unit_test(asks_conditionally_and_gets_304),
		cmocka_unit_test(decodes_gzip_and_deflate),
		cmocka_unit_test(reports_the_content_type_it_got),
		cmocka_unit_test(refuses_other_schemes),
		cmocka_unit_test(follows_permanent_redirects_and_moves),
		cmocka_unit_test(temporary_redirects_do_not_move),
		cmocka_unit_test(stops_redirect_loops_and_long_chains),
		cmocka_unit_test(times_out_quickly),
		cmocka_unit_test(caps_the_body),
		cmocka_unit_test(retries_a_dropped_connection),
		cmocka_unit_test(retries_503_until_it_works),
		cmocka_unit_test(does_not_retry_404),
		cmocka_unit_test(says_connection_refused),
		cmocka_unit_test(times_out_connecting),
		cmocka_unit_test(fetches_many_with_a_bound),
	};

	return cmocka_run_group_tests(tests, start_server, stop_server);
}
