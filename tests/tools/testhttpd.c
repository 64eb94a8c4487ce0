/*
 * testhttpd — a scripted HTTP/1.1 server for the fetch tests.
 *
 *	testhttpd --root DIR --port-file FILE [--log FILE]
 *
 * Binds 127.0.0.1 on a port the kernel picks, writes that port number to
 * FILE (through a temporary name and rename(), so a reader never sees half
 * of it) and serves until SIGTERM or SIGINT, or until the process that
 * started it goes away (so a crashed test leaves no server behind).  One
 * thread per connection, one request per connection (Connection: close).
 *
 * Routes (REST is another route without its leading slash; a query string
 * applies to the whole chain and is carried through redirects):
 *
 *	/files/NAME            DIR/NAME, with a strong ETag (FNV-1a of the
 *	                       content) and Last-Modified (mtime); 304 when
 *	                       If-None-Match matches or If-Modified-Since >=
 *	                       mtime.  Content-Type by extension; ?type=T
 *	                       overrides it, ?charset=C appends "; charset=C"
 *	/gzip/NAME             as /files, gzip-encoded when the client accepts
 *	/deflate/NAME          gzip (deflate: zlib-wrapped deflate)
 *	/redirect/CODE/REST    CODE (301 302 303 307 308), Location: /REST
 *	/loop                  302 to itself
 *	/slow/MS/REST          waits MS ms, then answers REST
 *	/trickle/MS/REST       headers, then REST's body one byte every MS ms
 *	/drop/REST             headers with the full Content-Length, half the
 *	                       body, then the connection is closed
 *	/huge/MB               MB MiB of text, streamed, with Content-Length
 *	/huge-chunked/MB       the same, chunked, without Content-Length
 *	/status/CODE           CODE with a short body (?retry-after=S adds it)
 *	/flaky/N/KEY/REST      503 with Retry-After (?retry-after=S, default 0)
 *	                       for the first N requests counted under KEY, then
 *	                       REST
 *	/count/KEY             the number of requests counted under KEY, as
 *	                       text; any request with ?key=K counts under K
 *	/max/G                 the most requests with ?gauge=G that were being
 *	                       answered at the same time (for parallelism tests)
 *
 * Log (--log): one line per request, appended and flushed:
 *
 *	METHOD TARGET status=NNN bytes=N inm=V ims=V ae=V ua=V
 *
 * where TARGET is the request target as sent (path and query), bytes the
 * body bytes sent, and each V the request's If-None-Match,
 * If-Modified-Since, Accept-Encoding and User-Agent, or "-" when absent
 * (ua last: it may hold spaces).  When the whole body is known in advance
 * the line is written before the response is sent, so a client that has
 * its answer can read the line; streamed, trickled and dropped bodies are
 * logged after sending, with the bytes actually sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define REQ_MAX 16384
#define FILE_MAX ((size_t)256 << 20)

static const char *root;
static FILE *log_file;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t stopping;

/* ---- counters ------------------------------------------------------------ */

struct counter {
	struct counter *next;
	long n;        /* requests counted */
	long cur, max; /* as a gauge: in flight now, most at once */
	char key[];
};

static struct counter *counters;

/* KEY's counter, made when new; call with the lock held. */
static struct counter *counter_get(const char *key)
{
	struct counter *c;

	for (c = counters; c && strcmp(c->key, key); c = c->next)
		;
	if (!c && (c = calloc(1, sizeof *c + strlen(key) + 1))) {
		strcpy(c->key, key);
		c->next = counters;
		counters = c;
	}
	return c;
}

/* Adds `by` to KEY's count and returns the new value. */
static long count_add(const char *key, long by)
{
	struct counter *c;
	long n = 0;

	pthread_mutex_lock(&lock);
	if ((c = counter_get(key))) {
		c->n += by;
		n = c->n;
	}
	pthread_mutex_unlock(&lock);
	return n;
}

/* Moves gauge G by +1 or -1; returns its maximum so far (by 0: just read). */
static long gauge_move(const char *key, int by)
{
	struct counter *c;
	long max = 0;

	pthread_mutex_lock(&lock);
	if ((c = counter_get(key))) {
		c->cur += by;
		if (c->cur > c->max)
			c->max = c->cur;
		max = c->max;
	}
	pthread_mutex_unlock(&lock);
	return max;
}

/* ---- a growable byte string ------------------------------------------- */

struct str {
	char *p;
	size_t len, cap;
};

static int str_add(struct str *s, const void *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < s->len + n + 1)
			cap *= 2;
		char *q = realloc(s->p, cap);
		if (!q)
			return -1;
		s->p = q;
		s->cap = cap;
	}
	memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = 0;
	return 0;
}

static int str_printf(struct str *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int str_printf(struct str *s, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	return str_add(s, tmp, (size_t)n);
}

/* ---- one connection ------------------------------------------------------ */

struct conn {
	int fd;
	char method[16];
	char target[4096]; /* as sent, for the log */
	char query[2048];  /* after '?', or "" */
	char inm[512], ims[128], ae[256], ua[512];

	/* set by wrapper routes */
	long trickle_ms;
	int drop;
};

struct resp {
	int status;
	struct str head; /* extra header lines, each ending in \r\n */
	struct str body;
	int no_length;   /* 304: no Content-Length, no body */
	long stream_mb;  /* > 0: a generated body of that many MiB */
	int chunked;
};

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Sends what it can of p[0..n); returns the bytes sent. */
static size_t send_all(int fd, const void *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = send(fd, (const char *)p + done, n - done, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	return done;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into out (outsz bytes, NUL-terminated). */
static void pct_decode(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			out[o++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
					  hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = 0;
}

/* The decoded value of query parameter `name`, or NULL. */
static const char *query_get(const struct conn *c, const char *name, char *out,
			     size_t outsz)
{
	size_t nl = strlen(name);
	const char *p = c->query;

	while (*p) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			pct_decode(p + nl + 1, len - nl - 1, out, outsz);
			return out;
		}
		p += len;
		if (*p == '&')
			p++;
	}
	return NULL;
}

static void log_line(const struct conn *c, int status, size_t bytes)
{
	if (!log_file)
		return;
	pthread_mutex_lock(&lock);
	fprintf(log_file, "%s %s status=%d bytes=%zu inm=%s ims=%s ae=%s ua=%s\n",
		c->method, c->target, status, bytes, *c->inm ? c->inm : "-",
		*c->ims ? c->ims : "-", *c->ae ? c->ae : "-",
		*c->ua ? c->ua : "-");
	fflush(log_file);
	pthread_mutex_unlock(&lock);
}

/* ---- checksums and compression ----------------------------------------- */

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint32_t crc32_of(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		crc ^= s[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static uint32_t adler32_of(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t a = 1, b = 0;

	for (size_t i = 0; i < n; i++) {
		a = (a + s[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	return (b << 16) | a;
}

/* Appends p[0..n) as deflate "stored" blocks (RFC 1951, BTYPE 00). */
static int deflate_stored(struct str *out, const unsigned char *p, size_t n)
{
	size_t off = 0;

	do {
		size_t k = n - off > 65535 ? 65535 : n - off;
		unsigned char h[5];
		h[0] = off + k == n ? 1 : 0; /* BFINAL, BTYPE 00, then pad */
		h[1] = (unsigned char)(k & 0xff);
		h[2] = (unsigned char)(k >> 8);
		h[3] = (unsigned char)(~k & 0xff);
		h[4] = (unsigned char)((~k >> 8) & 0xff);
		if (str_add(out, h, 5) || str_add(out, p + off, k))
			return -1;
		off += k;
	} while (off < n);
	return 0;
}

static void put_le32(unsigned char *q, uint32_t v)
{
	q[0] = (unsigned char)v;
	q[1] = (unsigned char)(v >> 8);
	q[2] = (unsigned char)(v >> 16);
	q[3] = (unsigned char)(v >> 24);
}

/* Replaces `body` with its gzip (RFC 1952) or zlib (RFC 1950) encoding. */
static int encode_body(struct str *body, int gzip)
{
	struct str out = { 0 };
	unsigned char t[8];
	int rc;

	if (gzip) {
		static const unsigned char hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
		rc = str_add(&out, hdr, sizeof hdr);
		rc = rc ? rc : deflate_stored(&out, (unsigned char *)body->p, body->len);
		put_le32(t, crc32_of(body->p, body->len));
		put_le32(t + 4, (uint32_t)body->len);
		rc = rc ? rc : str_add(&out, t, 8);
	} else {
		static const unsigned char hdr[2] = { 0x78, 0x01 };
		uint32_t a = adler32_of(body->p, body->len);
		rc = str_add(&out, hdr, sizeof hdr);
		rc = rc ? rc : deflate_stored(&out, (unsigned char *)body->p, body->len);
		t[0] = (unsigned char)(a >> 24);
		t[1] = (unsigned char)(a >> 16);
		t[2] = (unsigned char)(a >> 8);
		t[3] = (unsigned char)a;
		rc = rc ? rc : str_add(&out, t, 4);
	}
	if (rc) {
		free(out.p);
		return -1;
	}
	free(body->p);
	*body = out;
	return 0;
}

/* ---- routes ---------------------------------------------------------------- */

static void simple(struct resp *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void simple(struct resp *r, int status, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	r->status = status;
	r->body.len = 0;
	str_add(&r->body, tmp, strlen(tmp));
	str_printf(&r->head, "Content-Type: text/plain; charset=utf-8\r\n");
}

static const char *type_for(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return "application/octet-stream";
	if (!strcasecmp(dot, ".xml") || !strcasecmp(dot, ".rss") || !strcasecmp(dot, ".rdf"))
		return "application/rss+xml";
	if (!strcasecmp(dot, ".atom"))
		return "application/atom+xml";
	if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
		return "text/html";
	if (!strcasecmp(dot, ".opml"))
		return "text/x-opml";
	if (!strcasecmp(dot, ".pdf"))
		return "application/pdf";
	if (!strcasecmp(dot, ".txt"))
		return "text/plain";
	return "application/octet-stream";
}

static void http_date(time_t t, char *out, size_t n)
{
	static const char *days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
		 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

/* Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); -1 if not one. */
static time_t parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int d, y, hh, mm, ss;
	struct tm tm;

	const char *comma = strchr(s, ',');
	if (!comma)
		return -1;
	if (sscanf(comma + 1, " %d %3s %d %d:%d:%d", &d, mon, &y, &hh, &mm, &ss) != 6)
		return -1;
	const char *m = strstr(months, mon);
	if (!m || strlen(mon) != 3 || (m - months) % 3)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = d;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year = y - 1900;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return timegm(&tm);
}

/* Does If-None-Match `inm` name `etag`?  ("*", or a list, weak or not) */
static int etag_matches(const char *inm, const char *etag)
{
	const char *p;
	size_t n = strlen(etag);

	if (!strcmp(inm, "*"))
		return 1;
	for (p = strstr(inm, etag); p; p = strstr(p + 1, etag))
		if (p[n] == 0 || p[n] == ',' || p[n] == ' ')
			return 1;
	return 0;
}

/* enc: 0 identity, 1 gzip, 2 deflate (when the client accepts it). */
static void route_file(struct conn *c, const char *name, int enc, struct resp *r)
{
	char dec[1024], path[4096], etag[40], lm[64], q[256];
	struct stat st;
	FILE *f;

	pct_decode(name, strlen(name), dec, sizeof dec);
	if (!*dec || *dec == '/' || !strcmp(dec, "..") || strstr(dec, "../") ||
	    (strlen(dec) >= 3 && !strcmp(dec + strlen(dec) - 3, "/.."))) {
		simple(r, 403, "forbidden: %s\n", dec);
		return;
	}
	snprintf(path, sizeof path, "%s/%s", root, dec);
	if (stat(path, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > FILE_MAX ||
	    !(f = fopen(path, "rb"))) {
		simple(r, 404, "not found: %s\n", dec);
		return;
	}
	r->body.len = 0;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (str_add(&r->body, chunk, k))
			break;
	fclose(f);
	if (!r->body.p)
		str_add(&r->body, "", 0);

	if (enc == 1 && !strstr(c->ae, "gzip"))
		enc = 0;
	if (enc == 2 && !strstr(c->ae, "deflate"))
		enc = 0;
	snprintf(etag, sizeof etag, "\"%016llx%s\"",
		 (unsigned long long)fnv1a(r->body.p, r->body.len),
		 enc == 1 ? "-gz" : enc == 2 ? "-df" : "");
	http_date(st.st_mtime, lm, sizeof lm);
	str_printf(&r->head, "ETag: %s\r\nLast-Modified: %s\r\n", etag, lm);
	if (*c->inm ? etag_matches(c->inm, etag)
		    : *c->ims && parse_http_date(c->ims) >= st.st_mtime &&
			      parse_http_date(c->ims) != -1) {
		r->status = 304;
		r->no_length = 1;
		r->body.len = 0;
		return;
	}
	r->status = 200;
	const char *type = query_get(c, "type", q, sizeof q);
	str_printf(&r->head, "Content-Type: %s", type ? type : type_for(dec));
	if (query_get(c, "charset", q, sizeof q))
		str_printf(&r->head, "; charset=%s", q);
	str_printf(&r->head, "\r\n");
	if (enc) {
		if (encode_body(&r->body, enc == 1)) {
			simple(r, 500, "out of memory\n");
			return;
		}
		str_printf(&r->head, "Content-Encoding: %s\r\nVary: Accept-Encoding\r\n",
			   enc == 1 ? "gzip" : "deflate");
	}
}

/* Reads a number at *p up to '/' or the end; moves *p past the '/'. */
static int take_num(const char **p, long *out)
{
	char *end;

	errno = 0;
	long v = strtol(*p, &end, 10);
	if (end == *p || errno || v < 0 || (*end && *end != '/'))
		return -1;
	*out = v;
	*p = *end ? end + 1 : end;
	return 0;
}

static void route(struct conn *c, const char *path, struct resp *r, int depth)
{
	const char *p;
	long n, m;
	char q[64];

	if (depth > 32) {
		simple(r, 400, "too deep\n");
		return;
	}
	if (!strncmp(path, "/files/", 7)) {
		route_file(c, path + 7, 0, r);
	} else if (!strncmp(path, "/gzip/", 6)) {
		route_file(c, path + 6, 1, r);
	} else if (!strncmp(path, "/deflate/", 9)) {
		route_file(c, path + 9, 2, r);
	} else if (!strncmp(path, "/redirect/", 10)) {
		p = path + 10;
		if (take_num(&p, &n) || (n != 301 && n != 302 && n != 303 && n != 307 &&
					 n != 308)) {
			simple(r, 400, "bad redirect code\n");
			return;
		}
		simple(r, (int)n, "moved to /%s\n", p);
		str_printf(&r->head, "Location: /%s%s%s\r\n", p, *c->query ? "?" : "",
			   c->query);
	} else if (!strcmp(path, "/loop")) {
		simple(r, 302, "round and round\n");
		str_printf(&r->head, "Location: /loop%s%s\r\n", *c->query ? "?" : "",
			   c->query);
	} else if (!strncmp(path, "/slow/", 6)) {
		p = path + 6;
		if (take_num(&p, &n)) {
			simple(r, 400, "bad delay\n");
			return;
		}
		sleep_ms(n);
		route(c, p - 1, r, depth + 1);
	} else if (!strncmp(path, "/trickle/", 9)) {
		p = path + 9;
		if (take_num(&p, &n)) {
			simple(r, 400, "bad delay\n");
			return;
		}
		c->trickle_ms = n;
		route(c, p - 1, r, depth + 1);
	} else if (!strncmp(path, "/drop/", 6)) {
		c->drop = 1;
		route(c, path + 5, r, depth + 1);
	} else if (!strncmp(path, "/huge/", 6) || !strncmp(path, "/huge-chunked/", 14)) {
		r->chunked = path[5] == '-';
		p = path + (r->chunked ? 14 : 6);
		if (take_num(&p, &n) || n > 4096) {
			simple(r, 400, "bad size\n");
			return;
		}
		r->status = 200;
		r->stream_mb = n;
		str_printf(&r->head, "Content-Type: text/plain\r\n");
	} else if (!strncmp(path, "/status/", 8)) {
		p = path + 8;
		if (take_num(&p, &n) || n < 100 || n > 999) {
			simple(r, 400, "bad status\n");
			return;
		}
		simple(r, (int)n, "status %ld\n", n);
		if (query_get(c, "retry-after", q, sizeof q))
			str_printf(&r->head, "Retry-After: %s\r\n", q);
		if (n == 304 || n == 204) {
			r->no_length = n == 304;
			r->body.len = 0;
		}
	} else if (!strncmp(path, "/flaky/", 7)) {
		char key[256];
		p = path + 7;
		if (take_num(&p, &n)) {
			simple(r, 400, "bad count\n");
			return;
		}
		const char *slash = strchr(p, '/');
		size_t kl = slash ? (size_t)(slash - p) : strlen(p);
		if (!kl || kl >= sizeof key) {
			simple(r, 400, "bad key\n");
			return;
		}
		memcpy(key, p, kl);
		key[kl] = 0;
		m = count_add(key, 1);
		if (m <= n || !slash) {
			simple(r, 503, "flaky %s: try %ld of %ld fails\n", key, m, n);
			str_printf(&r->head, "Retry-After: %s\r\n",
				   query_get(c, "retry-after", q, sizeof q) ? q : "0");
			return;
		}
		route(c, slash, r, depth + 1);
	} else if (!strncmp(path, "/count/", 7)) {
		simple(r, 200, "%ld\n", count_add(path + 7, 0));
	} else if (!strncmp(path, "/max/", 5)) {
		simple(r, 200, "%ld\n", gauge_move(path + 5, 0));
	} else {
		simple(r, 404, "no route: %s\n", path);
	}
}

/* One line of the pattern /huge sends: 63 letters and a newline. */
static void fill_pattern(char *p, size_t n, uint64_t start)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t k = start + i;
		p[i] = k % 64 == 63 ? '\n' : (char)('a' + k % 26);
	}
}

/* Sends the first `limit` of r's `total` body bytes, trickled or chunked as
 * asked; the chunked terminator only when all were sent. */
static size_t send_body(struct conn *c, struct resp *r, uint64_t total, uint64_t limit)
{
	char chunk[65536];
	uint64_t off = 0;
	size_t sent = 0;

	while (off < limit && !stopping) {
		size_t k = limit - off > sizeof chunk ? sizeof chunk : (size_t)(limit - off);
		if (c->trickle_ms)
			k = 1;
		const char *p;
		if (r->stream_mb) {
			fill_pattern(chunk, k, off);
			p = chunk;
		} else {
			p = r->body.p + off;
		}
		if (c->trickle_ms)
			sleep_ms(c->trickle_ms);
		if (r->chunked) {
			char line[32];
			int ln = snprintf(line, sizeof line, "%zx\r\n", k);
			if (send_all(c->fd, line, (size_t)ln) != (size_t)ln)
				return sent;
		}
		size_t done = send_all(c->fd, p, k);
		sent += done;
		if (done != k)
			return sent;
		if (r->chunked && send_all(c->fd, "\r\n", 2) != 2)
			return sent;
		off += k;
	}
	if (r->chunked && off == total)
		send_all(c->fd, "0\r\n\r\n", 5);
	return sent;
}

static void respond(struct conn *c, struct resp *r)
{
	struct str h = { 0 };
	char date[64];
	int head_only = !strcmp(c->method, "HEAD");
	uint64_t total = r->stream_mb ? (uint64_t)r->stream_mb << 20 : r->body.len;

	if (r->no_length)
		total = 0;
	http_date(time(NULL), date, sizeof date);
	str_printf(&h, "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: testhttpd\r\nConnection: close\r\n",
		   r->status, reason(r->status), date);
	if (r->head.len)
		str_add(&h, r->head.p, r->head.len);
	if (r->chunked)
		str_printf(&h, "Transfer-Encoding: chunked\r\n");
	else if (!r->no_length)
		str_printf(&h, "Content-Length: %llu\r\n", (unsigned long long)total);
	str_printf(&h, "\r\n");

	uint64_t limit = head_only ? 0 : c->drop ? total / 2 : total;
	int streamed = r->stream_mb || c->trickle_ms || c->drop;
	if (!streamed)
		log_line(c, r->status, (size_t)limit);
	size_t sent = 0;
	if (send_all(c->fd, h.p, h.len) == h.len && limit)
		sent = send_body(c, r, total, limit);
	if (streamed)
		log_line(c, r->status, sent);
	free(h.p);
}

/* Reads the request head; 0 when one was read. */
static int read_request(struct conn *c)
{
	char req[REQ_MAX + 1];
	size_t len = 0;
	char *end = NULL;

	while (len < REQ_MAX) {
		ssize_t k = recv(c->fd, req + len, REQ_MAX - len, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		len += (size_t)k;
		req[len] = 0;
		if ((end = strstr(req, "\r\n\r\n")))
			break;
	}
	if (!end)
		return -1;
	*end = 0;

	char *line = req, *next = strstr(line, "\r\n");
	if (next)
		*next = 0;
	char target[sizeof c->target];
	if (sscanf(line, "%15s %4095s", c->method, target) != 2)
		return -1;
	snprintf(c->target, sizeof c->target, "%s", target);
	char *qm = strchr(c->target, '?');
	if (qm)
		snprintf(c->query, sizeof c->query, "%s", qm + 1);

	for (line = next ? next + 2 : NULL; line && *line; line = next ? next + 2 : NULL) {
		next = strstr(line, "\r\n");
		if (next)
			*next = 0;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strcasecmp(line, "If-None-Match"))
			snprintf(c->inm, sizeof c->inm, "%s", v);
		else if (!strcasecmp(line, "If-Modified-Since"))
			snprintf(c->ims, sizeof c->ims, "%s", v);
		else if (!strcasecmp(line, "Accept-Encoding"))
			snprintf(c->ae, sizeof c->ae, "%s", v);
		else if (!strcasecmp(line, "User-Agent"))
			snprintf(c->ua, sizeof c->ua, "%s", v);
	}
	return 0;
}

static void *serve(void *arg)
{
	struct conn *c = arg;
	struct resp r = { 0 };
	struct timeval tv = { 10, 0 };
	char path[sizeof c->target], q[256], gauge[256];
	int gauged = 0;

	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (read_request(c))
		goto done;
	snprintf(path, sizeof path, "%s", c->target);
	char *qm = strchr(path, '?');
	if (qm)
		*qm = 0;
	if (query_get(c, "key", q, sizeof q) && strncmp(path, "/count/", 7))
		count_add(q, 1);
	if (query_get(c, "gauge", gauge, sizeof gauge) && strncmp(path, "/max/", 5)) {
		gauged = 1;
		gauge_move(gauge, 1);
	}
	if (strcmp(c->method, "GET") && strcmp(c->method, "HEAD"))
		simple(&r, 405, "only GET and HEAD\n");
	else
		route(c, path, &r, 0);
	respond(c, &r);
	if (gauged)
		gauge_move(gauge, -1);
done:
	shutdown(c->fd, SHUT_WR);
	close(c->fd);
	free(r.head.p);
	free(r.body.p);
	free(c);
	return NULL;
}

/* ---- main ----------------------------------------------------------------- */

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: testhttpd --root DIR --port-file FILE [--log FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *port_file = NULL, *log_path = NULL;
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	struct sigaction act;
	char tmp[4096];
	pid_t parent = getppid();

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "--root"))
			root = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--port-file"))
			port_file = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--log"))
			log_path = argv[++i];
		else
			return usage();
	}
	if (!root || !port_file)
		return usage();
	if (log_path && !(log_file = fopen(log_path, "a"))) {
		fprintf(stderr, "testhttpd: %s: %s\n", log_path, strerror(errno));
		return 1;
	}

	memset(&act, 0, sizeof act);
	act.sa_handler = on_signal;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);

	int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 128) ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl)) {
		fprintf(stderr, "testhttpd: cannot listen: %s\n", strerror(errno));
		return 1;
	}

	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", port_file, (long)getpid());
	FILE *pf = fopen(tmp, "w");
	if (!pf || fprintf(pf, "%d\n", ntohs(sa.sin_port)) < 0 || fclose(pf) ||
	    rename(tmp, port_file)) {
		fprintf(stderr, "testhttpd: %s: %s\n", port_file, strerror(errno));
		return 1;
	}

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (!stopping) {
		struct pollfd pfd = { ls, POLLIN, 0 };
		int k = poll(&pfd, 1, 200);
		if (getppid() != parent)
			break;
		if (k <= 0)
			continue;
		int fd = accept(ls, NULL, NULL);
		if (fd < 0)
			continue;
		struct conn *c = calloc(1, sizeof *c);
		pthread_t t;
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		if (pthread_create(&t, &attr, serve, c)) {
			close(fd);
			free(c);
		}
	}
	close(ls);
	if (log_file) {
		pthread_mutex_lock(&lock);
		fflush(log_file);
		pthread_mutex_unlock(&lock);
	}
	return 0;
}
