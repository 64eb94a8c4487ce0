/*
 * Tests for src/server: a server started in this process on 127.0.0.1 (a
 * free port) over an archive of the examples, asked over HTTP with
 * libcurl.  The API must give the command line's --json objects, page
 * them, refuse bad requests with the right status and a JSON error, and
 * carry on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "archive_fixture.h"
#include "core/buf.h"
#include "server/server.h"
#include "store/store.h"

#define TOKEN "an-example-token-of-32-characters"

struct fixture {
	struct archive_fixture a;
	struct server *server, *guarded, *named;
	char base[64], guarded_base[64], named_base[64];
};

/* The names the `named` server answers to besides its own. */
static const char *const named_hosts[] = { "archive.example", "[fd00::5]" };

static struct fixture *fx;

/* ---- helpers ------------------------------------------------------------------------------ */

struct answer {
	long status;
	struct buf body;
	char type[128], policy[512], nosniff[32], cors[64];
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;

	return buf_add(&a->body, data, size * n) ? 0 : size * n;
}

static void keep_header(char *dst, size_t cap, const char *line, const char *name)
{
	size_t n = strlen(name);

	if (!strncasecmp(line, name, n) && line[n] == ':') {
		const char *v = line + n + 1;

		while (*v == ' ')
			v++;
		snprintf(dst, cap, "%.*s", (int)strcspn(v, "\r\n"), v);
	}
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	char line[1024];

	snprintf(line, sizeof line, "%.*s", (int)(size * n), data);
	keep_header(a->type, sizeof a->type, line, "Content-Type");
	keep_header(a->policy, sizeof a->policy, line, "Content-Security-Policy");
	keep_header(a->nosniff, sizeof a->nosniff, line, "X-Content-Type-Options");
	keep_header(a->cors, sizeof a->cors, line, "Access-Control-Allow-Origin");
	return size * n;
}

/* GETs base+path (method NULL) or sends `method`, with the given headers (NULLs skipped). */
static void request_with(const char *base, const char *method, const char *path,
			 const char *header, const char *header2, struct answer *a)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = header ? curl_slist_append(NULL, header) : NULL;
	char url[4096];

	if (header2)
		h = curl_slist_append(h, header2);

	memset(a, 0, sizeof *a);
	a->body = (struct buf)BUF_INIT;
	snprintf(url, sizeof url, "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	if (method)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (h)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	buf_addc(&a->body, '\0');
	a->body.len--;
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

/* GETs base+path (method NULL) or sends `method`; header may be NULL. */
static void request(const char *base, const char *method, const char *path,
		    const char *header, struct answer *a)
{
	request_with(base, method, path, header, NULL, a);
}

/* GET path on the open server; expects `status` and JSON; returns the body. */
static json_t *get_json(const char *path, long status)
{
	struct answer a;
	json_error_t je;
	json_t *o;

	request(fx->base, NULL, path, NULL, &a);
	if (a.status != status)
		fprintf(stderr, "GET %s: %ld %s\n", path, a.status, a.body.data);
	assert_int_equal(a.status, status);
	assert_string_equal(a.type, "application/json; charset=utf-8");
	assert_non_null(strstr(a.policy, "default-src 'none'"));
	assert_string_equal(a.nosniff, "nosniff");
	assert_string_equal(a.cors, "");
	o = json_loads(a.body.data, 0, &je);
	assert_non_null(o);
	buf_release(&a.body);
	return o;
}

/* An error answer: the status, and {"error":{"status","code","message"}}. */
static void expect_error(const char *path, long status, const char *code)
{
	json_t *o = get_json(path, status), *err = json_object_get(o, "error");

	assert_non_null(err);
	assert_int_equal(json_integer_value(json_object_get(err, "status")), status);
	assert_string_equal(json_string_value(json_object_get(err, "code")), code);
	assert_true(strlen(json_string_value(json_object_get(err, "message"))) > 5);
	json_decref(o);
}

/* What `dossier ARGS --json` prints, as an array of its JSON lines. */
static json_t *cli_json(const char *args)
{
	char cmd[2048], line[1 << 16];
	json_t *all = json_array();
	FILE *p;

	snprintf(cmd, sizeof cmd, "'%s' --db '%s' %s --json", getenv("DOSSIER_BIN"), fx->a.db,
		 args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p)) {
		json_t *o = json_loads(line, 0, NULL);

		assert_non_null(o);
		json_array_append_new(all, o);
	}
	assert_int_equal(pclose(p), 0);
	return all;
}

static char *escaped(const char *text)
{
	CURL *c = curl_easy_init();
	char *e = curl_easy_escape(c, text, 0), *copy = strdup(e);

	curl_free(e);
	curl_easy_cleanup(c);
	return copy;
}

/* ---- raw HTTP, for what libcurl will not send ------------------------------------------ */

/* A connection to 127.0.0.1:port (blocking, reads time out after 30 s). */
static int raw_connect(unsigned port)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval limit = { .tv_sec = 30 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&to, sizeof to), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
	return fd;
}

static void raw_send(int fd, const char *text)
{
	assert_int_equal(send(fd, text, strlen(text), MSG_NOSIGNAL), (ssize_t)strlen(text));
}

/*
 * Reads one answer (head, then Content-Length bytes of body) into `out`
 * and returns its status; 0 when the connection ended first.
 */
static int raw_answer(int fd, char *out, size_t cap)
{
	size_t len = 0, want = 0;
	char *end = NULL;

	while (!end || len < want) {
		ssize_t got = recv(fd, out + len, cap - 1 - len, 0);

		if (got <= 0)
			return 0;
		len += (size_t)got;
		out[len] = '\0';
		if (!end && (end = strstr(out, "\r\n\r\n"))) {
			/* libmicrohttpd spells it so */
			const char *cl = strstr(out, "\r\nContent-Length:");

			want = (size_t)(end + 4 - out) + (cl ? strtoul(cl + 17, NULL, 10) : 0);
			assert_true(want < cap);
		}
	}
	return atoi(out + 9);
}

/* Sends `request` on a new connection and returns the answer's status. */
static int raw_status(unsigned port, const char *request, char *out, size_t cap)
{
	int fd = raw_connect(port), status;

	raw_send(fd, request);
	status = raw_answer(fd, out, cap);
	close(fd);
	return status;
}

/*
 * Sends a header byte every 0.2 s — never idle, so no idle timeout can end
 * it — until the server ends the connection; returns the seconds that
 * took, or -1 when the server sent something or 20 s passed.
 */
static double seconds_until_cut(int fd)
{
	static const char dribble[] = "X-Slow: a\r\n";
	struct timespec t0, t1;
	size_t sent = 0;
	double waited = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (waited < 20) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char byte;

		if (poll(&p, 1, 200) == 1) {
			ssize_t got = recv(fd, &byte, 1, 0);

			clock_gettime(CLOCK_MONOTONIC, &t1);
			return got <= 0 ? (double)(t1.tv_sec - t0.tv_sec) +
						  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9
					: -1;
		}
		if (send(fd, &dribble[sent++ % (sizeof dribble - 1)], 1, MSG_NOSIGNAL) != 1)
			return 0; /* cut while sending: as good as closed (the time is not known) */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	return -1;
}

/* ---- setup ----------------------------------------------------------------------------------- */

/* Starts a server on the test archive; `c` says what differs from the defaults. */
static int start(struct server **s, struct server_config c, char *base, size_t cap)
{
	struct err e;

	c.db_path = fx->a.db;
	c.data_dir = getenv("DOSSIER_DATA") ? getenv("DOSSIER_DATA") : DOSSIER_DATA_DIR;
	c.text = fx->a.text;
	c.listen = "127.0.0.1:0";
	c.threads = 4;
	if (server_start(s, &c, &e)) {
		fprintf(stderr, "server_start: %s\n", e.msg);
		return -1;
	}
	snprintf(base, cap, "http://127.0.0.1:%u", server_port(*s));
	return 0;
}

static int setup(void **state)
{
	char cmd[1024];

	(void)state;
	fx = calloc(1, sizeof *fx);
	if (!fx || archive_fixture_open(&fx->a, "server"))
		return -1;
	store_close(fx->a.store);
	fx->a.store = NULL;
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' ingest '%s/examples' >/dev/null 2>&1",
		 getenv("DOSSIER_BIN"), fx->a.db, getenv("DOSSIER_SOURCE_DIR"));
	if (system(cmd))
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (start(&fx->server, (struct server_config){ 0 }, fx->base, sizeof fx->base) ||
	    start(&fx->guarded, (struct server_config){ .token = TOKEN }, fx->guarded_base,
		  sizeof fx->guarded_base) ||
	    start(&fx->named,
		  (struct server_config){ .allow_hosts = named_hosts, .n_allow_hosts = 2,
					  .header_seconds = 1 },
		  fx->named_base, sizeof fx->named_base))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	server_stop(fx->server);
	server_stop(fx->guarded);
	server_stop(fx->named);
	curl_global_cleanup();
	archive_fixture_close(&fx->a);
	free(fx);
	return 0;
}

/* ---- Host and the header deadline ------------------------------------------------------------ */

/* `host_header` (and `other`, if not NULL) on `path`: 421 with a JSON error and no data. */
static void expect_misdirected(const char *base, const char *path, const char *host_header,
			       const char *other)
{
	struct answer a;
	json_t *o, *err;

	request_with(base, NULL, path, host_header, other, &a);
	if (a.status != 421)
		fprintf(stderr, "%s %s: %ld %s\n", host_header, path, a.status, a.body.data);
	assert_int_equal(a.status, 421);
	assert_string_equal(a.type, "application/json; charset=utf-8");
	o = json_loads(a.body.data, 0, NULL);
	assert_non_null(o);
	err = json_object_get(o, "error");
	assert_int_equal(json_integer_value(json_object_get(err, "status")), 421);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "misdirected");
	assert_non_null(strstr(json_string_value(json_object_get(err, "message")), "--allow-host"));
	assert_null(strstr(a.body.data, "documents"));
	json_decref(o);
	buf_release(&a.body);
}

/* `host_header` gets the archive's stats. */
static void expect_answered(const char *base, const char *host_header)
{
	struct answer a;

	request(base, NULL, "/api/stats", host_header, &a);
	if (a.status != 200)
		fprintf(stderr, "%s: %ld %s\n", host_header, a.status, a.body.data);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body.data, "\"documents\""));
	buf_release(&a.body);
}

/*
 * A page on attacker.example that points its name at 127.0.0.1 (DNS
 * rebinding) makes the browser send Host: attacker.example; only names of
 * this server are answered.
 */
static void test_host_must_name_this_server(void **state)
{
	unsigned port = server_port(fx->server);
	char header[128], answer[1 << 16];

	(void)state;
	expect_misdirected(fx->base, "/api/stats", "Host: attacker.example", NULL);
	snprintf(header, sizeof header, "Host: attacker.example:%u", port);
	expect_misdirected(fx->base, "/api/stats", header, NULL);
	expect_misdirected(fx->base, "/api/search?q=x", "Host: 127.0.0.1.attacker.example", NULL);
	expect_misdirected(fx->base, "/api/stats", "Host: localhost.attacker.example", NULL);
	expect_misdirected(fx->base, "/api/stats", "Host: 10.0.0.1", NULL);
	expect_misdirected(fx->base, "/api/stats", "Host: archive.example", NULL);
	expect_misdirected(fx->base, "/api/stats", "Host: [::1", NULL);
	expect_misdirected(fx->base, "/api/stats", "Host: localhost:http", NULL);
	expect_misdirected(fx->base, "/", "Host: attacker.example", NULL);
	/* Refused before the token is looked at, even the right one. */
	expect_misdirected(fx->guarded_base, "/api/stats", "Host: attacker.example",
			   "Authorization: Bearer " TOKEN);

	expect_answered(fx->base, "Host: localhost");
	expect_answered(fx->base, "Host: localhost:1234");
	expect_answered(fx->base, "Host: LocalHost.");
	expect_answered(fx->base, "Host: 127.0.0.1");
	snprintf(header, sizeof header, "Host: 127.0.0.1:%u", port);
	expect_answered(fx->base, header);
	expect_answered(fx->base, "Host: 127.0.0.2:80");
	expect_answered(fx->base, "Host: [::1]:8080");

	/* Names given with allow_hosts (--allow-host), besides the server's own. */
	expect_answered(fx->named_base, "Host: archive.example");
	expect_answered(fx->named_base, "Host: ARCHIVE.example:443");
	expect_answered(fx->named_base, "Host: [fd00:0::5]:80");
	expect_answered(fx->named_base, "Host: localhost");
	expect_misdirected(fx->named_base, "/api/stats", "Host: other.example", NULL);
	expect_misdirected(fx->named_base, "/api/stats", "Host: [fd00::6]", NULL);

	/* HTTP/1.1 must name the host, once; HTTP/1.0 may leave it out. */
	assert_int_equal(raw_status(port, "GET /api/stats HTTP/1.1\r\nConnection: close\r\n\r\n",
				    answer, sizeof answer),
			 400);
	assert_non_null(strstr(answer, "\"bad_request\""));
	assert_int_equal(raw_status(port,
				    "GET /api/stats HTTP/1.1\r\nHost: localhost\r\n"
				    "Host: attacker.example\r\nConnection: close\r\n\r\n",
				    answer, sizeof answer),
			 400);
	assert_int_equal(raw_status(port, "GET /api/stats HTTP/1.0\r\n\r\n", answer, sizeof answer),
			 200);
	assert_non_null(strstr(answer, "\"documents\""));
}

/*
 * A connection must send each request's headers within header_seconds (1
 * here) of opening, or of its last answer, however busily it sends bytes;
 * one that does not is closed and sent nothing — never before the deadline.
 */
static void test_headers_have_a_deadline(void **state)
{
	unsigned port = server_port(fx->named);
	char answer[1 << 16];
	int fd;
	double waited;

	(void)state;
	/* A request line, then header bytes one by one, never the end. */
	fd = raw_connect(port);
	raw_send(fd, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	waited = seconds_until_cut(fd);
	close(fd);
	assert_true(waited >= 0.5);
	/* One request answered, then the next one's headers never finish. */
	fd = raw_connect(port);
	raw_send(fd, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
	assert_int_equal(raw_answer(fd, answer, sizeof answer), 200);
	raw_send(fd, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	waited = seconds_until_cut(fd);
	close(fd);
	assert_true(waited >= 0.5);
	/* A whole request in time is answered, on the same server. */
	assert_int_equal(raw_status(port, "GET /api/stats HTTP/1.1\r\nHost: localhost\r\n"
					  "Connection: close\r\n\r\n",
				    answer, sizeof answer),
			 200);
}

/* ---- the answers ---------------------------------------------------------------------------- */

static void test_search_is_the_cli_search(void **state)
{
	char *q = escaped("奥斯汀");
	char path[256];
	json_t *o, *cli = cli_json("search 奥斯汀 --limit 20"), *hits;

	(void)state;
	snprintf(path, sizeof path, "/api/search?q=%s", q);
	o = get_json(path, 200);
	hits = json_object_get(o, "hits");
	assert_true(json_array_size(hits) > 3);
	assert_true(json_integer_value(json_object_get(o, "total")) >= (json_int_t)json_array_size(hits));
	assert_string_equal(json_string_value(json_object_get(o, "query")), "奥斯汀");
	assert_true(json_equal(hits, cli));
	/* Matches are marked in the document's own script: 奧斯汀 in Traditional text. */
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(hits, 0), "snippet")),
			       "«"));
	json_decref(o);
	json_decref(cli);
	free(q);
}

static void test_search_pages(void **state)
{
	char *q = escaped("Austin");
	char path[256];
	json_t *all, *second;

	(void)state;
	snprintf(path, sizeof path, "/api/search?q=%s&limit=6", q);
	all = get_json(path, 200);
	snprintf(path, sizeof path, "/api/search?q=%s&limit=3&offset=3", q);
	second = get_json(path, 200);
	assert_int_equal(json_array_size(json_object_get(all, "hits")), 6);
	for (size_t i = 0; i < 3; i++)
		assert_true(json_equal(json_array_get(json_object_get(all, "hits"), i + 3),
				       json_array_get(json_object_get(second, "hits"), i)));
	assert_int_equal(json_integer_value(json_object_get(second, "offset")), 3);
	json_decref(all);
	json_decref(second);
	free(q);
}

/* Sets the outlet label of document `id` as an older archive may have it. */
static void relabel(int64_t id, const char *source)
{
	sqlite3 *db;
	char sql[256];

	assert_int_equal(sqlite3_open(fx->a.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	snprintf(sql, sizeof sql, "UPDATE docs SET source = '%s' WHERE id = %lld", source,
		 (long long)id);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* source= takes any name or domain of an outlet, as --source does, and
 * finds the documents an older archive labelled by host. */
static void test_search_source_names(void **state)
{
	char *q = escaped("奥斯汀"), *name = escaped("華訊");
	char path[256];
	json_t *o, *cli;

	(void)state;
	relabel(1, "huaxun.example.org");
	cli = cli_json("search 奥斯汀 --source 華訊 --limit 50");
	assert_true(json_array_size(cli) >= 2);
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof path, "/api/search?q=%s&source=%s&limit=50", q,
			 k ? "huaxun.example.org" : name);
		o = get_json(path, 200);
		assert_true(json_equal(json_object_get(o, "hits"), cli));
		json_decref(o);
	}
	relabel(1, "華訊");
	json_decref(cli);
	free(q);
	free(name);
}

static void test_search_filters(void **state)
{
	char *q = escaped("Austin");
	char path[256];
	json_t *o, *cli = cli_json("search Austin --from 2024 --collapse --limit 50");

	(void)state;
	snprintf(path, sizeof path, "/api/search?q=%s&from=2024&collapse=1&limit=50", q);
	o = get_json(path, 200);
	assert_true(json_equal(json_object_get(o, "hits"), cli));
	assert_true(json_is_true(json_object_get(o, "collapse")));
	for (size_t i = 0; i < json_array_size(cli); i++)
		assert_true(strcmp(json_string_value(json_object_get(json_array_get(cli, i),
								      "published")),
				   "2024") > 0);
	json_decref(o);
	json_decref(cli);
	free(q);
}

static void test_doc_is_show(void **state)
{
	json_t *o = get_json("/api/doc/12", 200), *cli = cli_json("show 12");

	(void)state;
	assert_true(json_equal(o, json_array_get(cli, 0)));
	assert_non_null(json_object_get(o, "siblings"));
	assert_non_null(json_object_get(o, "events"));
	json_decref(o);
	json_decref(cli);
}

/* The id of the person entity Lloyd Austin, found by his Latin name. */
static json_int_t austin_id(void)
{
	json_t *o = get_json("/api/entities?q=Lloyd%20Austin", 200);
	json_t *list = json_object_get(o, "entities");
	json_int_t id = 0;

	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);

		if (!strcmp(json_string_value(json_object_get(e, "type")), "person"))
			id = json_integer_value(json_object_get(e, "id"));
	}
	json_decref(o);
	assert_true(id > 0);
	return id;
}

static int has_string(json_t *arr, const char *s)
{
	for (size_t i = 0; i < json_array_size(arr); i++) {
		if (!strcmp(json_string_value(json_array_get(arr, i)), s))
			return 1;
	}
	return 0;
}

static void test_entity_page(void **state)
{
	char path[64];
	json_t *o, *months, *eng;
	json_int_t sum = 0;
	int met_dong = 0;

	(void)state;
	snprintf(path, sizeof path, "/api/entity/%lld", (long long)austin_id());
	o = get_json(path, 200);
	assert_true(has_string(json_object_get(o, "aliases"), "奧斯汀"));
	assert_true(has_string(json_object_get(o, "aliases"), "奥斯汀"));
	assert_true(has_string(json_object_get(o, "aliases"), "Lloyd Austin"));
	months = json_object_get(o, "months");
	assert_true(json_array_size(months) >= 3);
	for (size_t i = 0; i < json_array_size(months); i++) {
		json_t *m = json_array_get(months, i);

		sum += json_integer_value(json_object_get(m, "mentions"));
		if (i)
			assert_true(strcmp(json_string_value(json_object_get(json_array_get(months, i - 1),
									      "month")),
					   json_string_value(json_object_get(m, "month"))) < 0);
	}
	assert_true(sum > 0 && sum <= json_integer_value(json_object_get(o, "mentions")));
	eng = json_object_get(o, "engagements");
	for (size_t i = 0; i < json_array_size(eng); i++) {
		const char *name = json_string_value(json_object_get(json_array_get(eng, i), "name"));

		met_dong |= !strcmp(name, "董軍") || !strcmp(name, "董军");
		assert_string_not_equal(json_string_value(json_object_get(json_array_get(eng, i), "type")),
					"place");
	}
	assert_true(met_dong);
	assert_int_equal(json_integer_value(json_object_get(o, "documents_total")),
			 json_integer_value(json_object_get(o, "docs")));
	json_decref(o);
}

/*
 * Every entity's page answers, those who met no one included: an empty
 * list of engagements once reached qsort(NULL, 0), which UBSan aborts on.
 */
static void test_every_entity_page_answers(void **state)
{
	json_t *list = get_json("/api/entities?limit=500", 200);
	json_t *entities = json_object_get(list, "entities");
	size_t alone = 0;
	char path[64];

	(void)state;
	assert_true(json_array_size(entities) > 10);
	assert_int_equal(json_array_size(entities),
			 json_integer_value(json_object_get(list, "total")));
	for (size_t i = 0; i < json_array_size(entities); i++) {
		json_int_t id = json_integer_value(json_object_get(json_array_get(entities, i), "id"));
		json_t *o;

		snprintf(path, sizeof path, "/api/entity/%lld", (long long)id);
		o = get_json(path, 200);
		assert_int_equal(json_integer_value(json_object_get(o, "id")), id);
		assert_true(json_is_array(json_object_get(o, "engagements")));
		alone += json_array_size(json_object_get(o, "engagements")) == 0;
		json_decref(o);
	}
	/* The case that aborted is among them. */
	assert_true(alone > 0);
	json_decref(list);
}

static void test_entities_list_pages(void **state)
{
	json_t *all = get_json("/api/entities?type=person&limit=10", 200);
	json_t *two = get_json("/api/entities?type=person&limit=2&offset=4", 200);

	(void)state;
	assert_int_equal(json_array_size(json_object_get(all, "entities")), 10);
	assert_true(json_equal(json_array_get(json_object_get(all, "entities"), 4),
			       json_array_get(json_object_get(two, "entities"), 0)));
	assert_int_equal(json_integer_value(json_object_get(all, "total")),
			 json_integer_value(json_object_get(two, "total")));
	json_decref(all);
	json_decref(two);
}

static void test_timeline_is_the_cli_timeline(void **state)
{
	char *a = escaped("奧斯汀"), *b = escaped("董军");
	char path[256];
	json_t *o, *cli = cli_json("timeline --actor 奧斯汀 --actor 董军");

	(void)state;
	snprintf(path, sizeof path, "/api/timeline?actor=%s&actor=%s", a, b);
	o = get_json(path, 200);
	assert_true(json_array_size(cli) >= 3);
	assert_true(json_equal(json_object_get(o, "lines"), cli));
	assert_int_equal(json_integer_value(json_object_get(o, "total")), json_array_size(cli));
	json_decref(o);
	snprintf(path, sizeof path, "/api/timeline?actor=%s&actor=%s&limit=1&offset=1", a, b);
	o = get_json(path, 200);
	assert_true(json_equal(json_array_get(json_object_get(o, "lines"), 0),
			       json_array_get(cli, 1)));
	json_decref(o);
	json_decref(cli);
	free(a);
	free(b);
}

static void test_stories_and_stats(void **state)
{
	json_t *o = get_json("/api/stories", 200), *cli = cli_json("stories");
	json_t *story, *one, *stats, *cli_stats;
	char path[64];

	(void)state;
	assert_true(json_equal(json_object_get(o, "stories"), cli));
	assert_int_equal(json_integer_value(json_object_get(o, "total")), json_array_size(cli));
	story = json_array_get(cli, 0);
	snprintf(path, sizeof path, "/api/story/%lld",
		 (long long)json_integer_value(json_object_get(story, "story")));
	one = get_json(path, 200);
	assert_true(json_equal(one, story));
	stats = get_json("/api/stats", 200);
	cli_stats = cli_json("stats");
	assert_true(json_equal(stats, json_array_get(cli_stats, 0)));
	json_decref(o);
	json_decref(cli);
	json_decref(one);
	json_decref(stats);
	json_decref(cli_stats);
}

/* ---- refusals --------------------------------------------------------------------------------- */

static void test_bad_requests_get_4xx_and_the_server_goes_on(void **state)
{
	static char long_query[3000];
	char path[3100];
	struct answer a;
	json_t *o;

	(void)state;
	expect_error("/api/doc/999999", 404, "not_found");
	expect_error("/api/doc/abc", 400, "bad_request");
	expect_error("/api/doc/-3", 400, "bad_request");
	expect_error("/api/entity/999999", 404, "not_found");
	expect_error("/api/story/999999", 404, "not_found");
	expect_error("/api/search", 400, "bad_request");
	expect_error("/api/search?q=x&limit=0", 400, "bad_request");
	expect_error("/api/search?q=x&limit=100000", 400, "bad_request");
	expect_error("/api/search?q=x&from=yesterday", 400, "bad_request");
	expect_error("/api/search?q=%22unclosed", 400, "bad_query");
	expect_error("/api/timeline?type=dance", 400, "bad_request");
	expect_error("/api/timeline?actor=Nobody%20Atall", 404, "not_found");
	expect_error("/api/entities?type=planet", 400, "bad_request");
	expect_error("/api/nothing", 404, "not_found");
	expect_error("/../../etc/passwd", 404, "not_found");
	expect_error("/%2e%2e/%2e%2e/etc/passwd", 404, "not_found");
	expect_error("/api/../CMakeLists.txt", 404, "not_found");
	memset(long_query, 'a', sizeof long_query - 1);
	snprintf(path, sizeof path, "/api/search?q=%s", long_query);
	expect_error(path, 414, "query_too_long");
	request(fx->base, "POST", "/api/stats", NULL, &a);
	assert_int_equal(a.status, 405);
	buf_release(&a.body);
	o = get_json("/api/stats", 200);
	json_decref(o);
}

static void test_token(void **state)
{
	struct answer a;

	(void)state;
	request(fx->guarded_base, NULL, "/api/stats", NULL, &a);
	assert_int_equal(a.status, 401);
	assert_non_null(strstr(a.body.data, "\"unauthorized\""));
	buf_release(&a.body);
	request(fx->guarded_base, NULL, "/api/stats", "Authorization: Bearer wrong-token-of-32-characters!!", &a);
	assert_int_equal(a.status, 401);
	buf_release(&a.body);
	request(fx->guarded_base, NULL, "/api/stats", "Authorization: Bearer " TOKEN, &a);
	assert_int_equal(a.status, 200);
	buf_release(&a.body);
	/* The UI's files hold no data and load without it, to ask for it. */
	request(fx->guarded_base, NULL, "/", NULL, &a);
	assert_int_equal(a.status, 200);
	buf_release(&a.body);
}

static void test_refuses_to_start_open_to_the_network_without_a_token(void **state)
{
	struct server_config c = { .db_path = fx->a.db, .data_dir = DOSSIER_DATA_DIR,
				   .text = fx->a.text, .listen = "0.0.0.0:0" };
	struct server *s = NULL;
	struct err e;

	(void)state;
	assert_int_equal(server_start(&s, &c, &e), DOSSIER_EUSAGE);
	assert_null(s);
	assert_non_null(strstr(e.msg, "--token"));
	c.listen = "127.0.0.1:0";
	c.token = "short";
	assert_int_equal(server_start(&s, &c, &e), DOSSIER_EUSAGE);
	c.token = NULL;
	c.db_path = "/nonexistent/archive.db";
	assert_int_equal(server_start(&s, &c, &e), DOSSIER_EUSAGE);
	assert_non_null(strstr(e.msg, "no archive"));
	c.db_path = fx->a.db;
	c.listen = "127.0.0.1";
	assert_int_equal(server_start(&s, &c, &e), DOSSIER_EUSAGE);
}

static void test_ui_is_served_from_the_binary(void **state)
{
	struct answer a;

	(void)state;
	request(fx->base, NULL, "/", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.type, "text/html; charset=utf-8");
	assert_non_null(strstr(a.body.data, "<html"));
	assert_non_null(strstr(a.policy, "script-src 'self'"));
	buf_release(&a.body);
	request(fx->base, NULL, "/app.js", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.type, "text/javascript; charset=utf-8");
	buf_release(&a.body);
}

/* 400 searches at once, on as many connections: every one answered 200. */
static void test_400_concurrent_searches(void **state)
{
	enum { N = 400 };
	CURLM *m = curl_multi_init();
	CURL *h[N];
	struct answer a[N];
	char *q = escaped("奥斯汀 OR 王毅"), url[256];
	int running = 1;

	(void)state;
	snprintf(url, sizeof url, "%s/api/search?q=%s", fx->base, q);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)N);
	for (int i = 0; i < N; i++) {
		memset(&a[i], 0, sizeof a[i]);
		a[i].body = (struct buf)BUF_INIT;
		h[i] = curl_easy_init();
		curl_easy_setopt(h[i], CURLOPT_URL, url);
		curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h[i], CURLOPT_WRITEDATA, &a[i]);
		curl_easy_setopt(h[i], CURLOPT_FRESH_CONNECT, 1L);
		curl_multi_add_handle(m, h[i]);
	}
	while (running) {
		curl_multi_perform(m, &running);
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	}
	for (int i = 0; i < N; i++) {
		long status = 0;

		curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &status);
		assert_int_equal(status, 200);
		assert_non_null(a[i].body.data);
		assert_non_null(strstr(a[i].body.data, "\"hits\""));
		curl_multi_remove_handle(m, h[i]);
		curl_easy_cleanup(h[i]);
		buf_release(&a[i].body);
	}
	curl_multi_cleanup(m);
	free(q);
}

static int count_entity(void *arg, const struct store_entity *ent)
{
	(void)ent;
	(*(int *)arg)++;
	return 0;
}

/* A request past its deadline is interrupted, and the store says so. */
static void test_deadline_interrupts(void **state)
{
	struct store *s = NULL;
	struct err e;
	int n = 0;

	(void)state;
	assert_int_equal(store_open(&s, fx->a.db, fx->a.text, &e), DOSSIER_OK);
	store_set_deadline(s, 1);
	usleep(5000);
	/* Counting every mention takes thousands of steps: the handler fires. */
	assert_int_not_equal(store_entities_list(s, NULL, count_entity, &n, &e), DOSSIER_OK);
	assert_non_null(strstr(e.msg, "ran out of time"));
	assert_true(store_timed_out(s));
	assert_true(store_error_retryable(s));
	store_set_deadline(s, 0);
	assert_int_equal(store_entities_list(s, NULL, count_entity, &n, &e), DOSSIER_OK);
	assert_true(n > 10);
	assert_false(store_timed_out(s));
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_is_the_cli_search),
		cmocka_unit_test(test_search_pages),
		cmocka_unit_test(test_search_filters),
		cmocka_unit_test(test_search_source_names),
		cmocka_unit_test(test_doc_is_show),
		cmocka_unit_test(test_entity_page),
		cmocka_unit_test(test_entities_list_pages),
		cmocka_unit_test(test_every_entity_page_answers),
		cmocka_unit_test(test_timeline_is_the_cli_timeline),
		cmocka_unit_test(test_stories_and_stats),
		cmocka_unit_test(test_bad_requests_get_4xx_and_the_server_goes_on),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_refuses_to_start_open_to_the_network_without_a_token),
		cmocka_unit_test(test_ui_is_served_from_the_binary),
		cmocka_unit_test(test_400_concurrent_searches),
		cmocka_unit_test(test_deadline_interrupts),
		cmocka_unit_test(test_host_must_name_this_server),
		cmocka_unit_test(test_headers_have_a_deadline),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
