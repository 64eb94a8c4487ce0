/*
 * libFuzzer target: the HTTP API, end to end.  A server is started once, in
 * this process, on 127.0.0.1 over a small archive; each input becomes the
 * target of one GET (its first byte picks an endpoint, so the fuzzer
 * spends its time on parameters rather than on finding "/api/").  Whatever
 * the bytes, the answer must be a well-formed HTTP status below 500, or
 * 503 (busy) — never a crash, a hang, a 500 or a closed connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/doc.h"
#include "server/server.h"
#include "store/store.h"
#include "text/text.h"

static const char *const prefixes[] = {
	"/api/search?q=", "/api/search?", "/api/timeline?", "/api/entities?",
	"/api/entity/",   "/api/doc/",    "/api/stories?",  "/api/story/",
	"/api/stats?",    "/",
};

static struct text_ctx *text;
static struct server *server;
static unsigned port;

static void add_doc(struct store *s, const char *url, const char *title, const char *body)
{
	struct doc *d = doc_new();
	struct err e;
	enum store_put_result r;

	doc_set(&d->url, url, (size_t)-1);
	doc_set(&d->title, title, (size_t)-1);
	doc_set(&d->source, "華訊", (size_t)-1);
	doc_set(&d->format, "record", (size_t)-1);
	doc_set(&d->script, "hant", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, body);
	d->published = 1717142400000;
	d->fetched = 1717146000000;
	doc_compute_hash(d);
	if (store_doc_put(s, d, 1717146000000, &r, &e))
		abort();
	doc_free(d);
}

static void start_server(void)
{
	static char dir[] = "/tmp/dossier-fuzz-api-XXXXXX";
	char db[64];
	struct store *s = NULL;
	struct err e;
	struct server_config c = { 0 };

	if (!mkdtemp(dir) || text_ctx_new(&text, &e))
		abort();
	snprintf(db, sizeof db, "%s/api.db", dir);
	if (store_open(&s, db, text, &e))
		abort();
	add_doc(s, "https://a.example.org/1", "奧斯汀與董軍會晤",
		"美國國防部長奧斯汀（Lloyd Austin）5月31日在新加坡與中國國防部長董軍會晤。");
	add_doc(s, "https://b.example.org/2", "奥斯汀与董军通话",
		"美国国防部长奥斯汀4月16日与中国国防部长董军举行视频通话。");
	store_close(s);
	c.db_path = db;
	c.data_dir = DOSSIER_DATA_DIR;
	c.text = text;
	c.listen = "127.0.0.1:0";
	c.threads = 2;
	if (server_start(&server, &c, &e))
		abort();
	port = server_port(server);
}

/* libFuzzer's timers interrupt system calls: an interrupted read is read again. */
static ssize_t recv_status_line(int fd, char *buf, size_t size)
{
	ssize_t got;

	do
		got = recv(fd, buf, size - 1, 0);
	while (got < 0 && errno == EINTR);
	return got;
}

/* Sends one request and returns its status, or -1 (saying why) when none came back. */
static int ask(const char *request, size_t len)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval wait = { 30, 0 };
	/* Closed with a reset: tens of thousands of runs would otherwise fill
	 * the port range with TIME_WAIT and fail to connect. */
	struct linger reset = { 1, 0 };
	char reply[64];
	ssize_t got = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = -1;

	if (fd < 0) {
		perror("fuzz_api: socket");
		return -1;
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr))
		perror("fuzz_api: connect");
	else if (send(fd, request, len, MSG_NOSIGNAL) != (ssize_t)len)
		perror("fuzz_api: send");
	else if ((got = recv_status_line(fd, reply, sizeof reply)) <= 12)
		fprintf(stderr, "fuzz_api: %zd bytes back (%s)\n", got,
			got < 0 ? strerror(errno) : "closed");
	else {
		reply[got] = '\0';
		if (sscanf(reply, "HTTP/1.1 %d", &status) != 1)
			fprintf(stderr, "fuzz_api: not HTTP: %.40s\n", reply);
	}
	close(fd);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *prefix;
	char *request;
	size_t len = 0, max;
	int status;

	if (!server)
		start_server();
	if (!size)
		return 0;
	prefix = prefixes[data[0] % (sizeof prefixes / sizeof prefixes[0])];
	max = size + strlen(prefix) + 64;
	request = malloc(max);
	if (!request)
		return 0;
	len = (size_t)snprintf(request, max, "GET %s", prefix);
	/* Bytes that would end the request line are written as '+': the
	 * target is fuzzed, not the framing. */
	for (size_t i = 1; i < size; i++)
		request[len++] = data[i] == ' ' || data[i] == '\r' || data[i] == '\n' || !data[i]
					 ? '+'
					 : (char)data[i];
	len += (size_t)snprintf(request + len, max - len,
				" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	status = ask(request, len);
	free(request);
	if (status < 100 || (status >= 500 && status != 503)) {
		fprintf(stderr, "fuzz_api: answer %d\n", status);
		abort();
	}
	return 0;
}
