/*
 * loadgen — an HTTP load client for `dossier serve`, for the serve tests
 * and bench/serve.sh.  Loopback only.
 *
 *	loadgen [--connections N] [--duration S | --requests N] [OPTIONS] URL...
 *	loadgen --burst N [OPTIONS] URL...
 *	loadgen --once [--include] [OPTIONS] URL
 *
 * Load (the default): N worker threads (default 1), each with its own
 * libcurl handle and so its own keep-alive connection, send requests one
 * after another, cycling through the URLs (request k goes to URL k mod
 * count), for S seconds (default 10) or until N requests in all were sent.
 * With --requests the run is still bounded in time: by --duration when
 * given, else 300 s; a run cut short by that limit is incomplete (exit 1).
 *
 * Burst (--burst N): N threads, one request each, released together from
 * a barrier once every thread has its handle ready: N requests the server
 * meets at the same moment ("400 concurrent searches all succeed").
 *
 * Once (--once): one request; prints the status on the first line, with
 * --include the response's header lines after it and an empty line, then
 * the body as received.  Exit 0 when an answer came (and, if
 * --expect-status was given, had that status), 1 otherwise.
 *
 * Options:
 *	--header "Name: value"   added to every request (repeatable, 16 at most)
 *	--expect-status CODE     the status every request must get (default 200)
 *	--urls-file FILE         URLs, one a line (blank and # lines skipped),
 *	                         besides those on the command line; long URLs
 *	                         (a 200 KB query) go here, past the limit of
 *	                         one command-line argument
 *	--method M               GET (default), HEAD, POST, ...
 *	--data TEXT              a request body (the method defaults to POST)
 *	--timeout S              per request (default 30)
 *
 * Load and burst print one summary line on stdout:
 *
 *	requests R errors E non2xx X unexpected U duration_s D rps Q
 *	p50_ms A p90_ms B p99_ms C max_ms M mean_ms N bytes Y statuses 200:R[,503:K]
 *
 * requests: requests finished; errors: those without an HTTP answer
 * (refused, reset, timed out); non2xx: answers outside 200-299;
 * unexpected: requests without the expected status (errors included);
 * latency is from sending to the last byte of the body, for every request,
 * failed ones included; statuses: answers by status, 0 for no answer.
 * The first few failures are described on stderr.  Exit 0 only when every
 * request got the expected status (and a load run was not cut short), 1
 * otherwise, 2 on bad use.
 *
 * Every URL must be http:// to a loopback host (127.0.0.0/8, [::1],
 * localhost): this workplace forbids traffic elsewhere, so any other host
 * is refused before a single request is sent, and proxies from the
 * environment are never used.  Bytes outside printable ASCII in a URL
 * (a query written in Chinese) are percent-encoded; paths are sent as
 * written ("/../" is not resolved), so traversal attempts reach the server.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_CONNECTIONS 1024
#define MAX_BURST 1024
#define MAX_HEADERS 16
#define MAX_URLS 100000
#define MAX_REQUESTS 10000000ULL
#define MAX_DURATION_S 3600.0
#define DEFAULT_DURATION_S 10.0
#define REQUESTS_TIME_CAP_S 300.0
#define MAX_STATUS 600
#define MAX_ONCE_BODY (64u << 20)
#define FAILURES_SHOWN 5
#define THREAD_STACK (1u << 20)

struct options {
	long connections;
	double duration_s;
	int duration_given;
	unsigned long long requests;   /* 0: run for duration_s */
	long burst;                    /* 0: no burst */
	int once, include;
	long expect_status;
	int expect_given;
	const char *method;
	const char *data;
	long timeout_s;
	const char *headers[MAX_HEADERS];
	size_t n_headers;
	char **urls;                   /* percent-encoded, owned */
	size_t n_urls;
};

/* What one thread saw; merged at the end. */
struct tally {
	uint32_t *latency_us;
	size_t n, cap;
	unsigned long long bytes, errors, non2xx, unexpected;
	unsigned long long by_status[MAX_STATUS];
};

struct run {
	const struct options *opt;
	struct curl_slist *header_list;
	pthread_barrier_t start;
	double deadline;               /* monotonic seconds */
	atomic_ullong next_ticket;     /* --requests: tickets handed out */
	atomic_int failures_shown;
};

struct worker {
	pthread_t thread;
	struct run *run;
	size_t index;
	int one_shot;                  /* burst: exactly one request */
	struct tally tally;
	int started;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fputs("usage: loadgen [--connections N] [--duration S | --requests N] [--burst N] [--once [--include]]\n"
	      "               [--header H]... [--expect-status CODE] [--urls-file FILE]\n"
	      "               [--method M] [--data TEXT] [--timeout S] URL...\n", stderr);
}

/* ---- URLs ----------------------------------------------------------- */

/* The URL with every byte outside printable ASCII, and the few printable
 * ones a URL may not hold ("<>\^`{|} and the quote), percent-encoded, so
 * that a query typed in Chinese is sent as UTF-8 escapes; '%' stays, so
 * an encoded URL passes unchanged.  Caller frees. */
static char *encode_url(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(url);
	char *out = malloc(3 * len + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p)) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

static int host_is_loopback(const char *host)
{
	struct in_addr v4;

	if (!strcasecmp(host, "localhost") || !strcmp(host, "[::1]"))
		return 1;
	return inet_pton(AF_INET, host, &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

/* 1 when URL is http:// to a loopback host; else 0 with the reason in
 * WHY. */
static int url_allowed(const char *url, char *why, size_t why_size)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok = 0;

	if (!u) {
		snprintf(why, why_size, "out of memory");
		return 0;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		snprintf(why, why_size, "not a URL");
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || strcmp(scheme, "http"))
		snprintf(why, why_size, "only http:// is supported");
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		snprintf(why, why_size, "no host");
	else if (!host_is_loopback(host))
		snprintf(why, why_size, "host %s is not loopback; this workplace forbids traffic "
			 "to any other host (use 127.0.0.1)", host);
	else
		ok = 1;
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

static int add_url(struct options *opt, const char *raw)
{
	char why[256];
	char *url;
	char **grown;

	if (opt->n_urls >= MAX_URLS) {
		fprintf(stderr, "loadgen: more than %d URLs\n", MAX_URLS);
		return 0;
	}
	url = encode_url(raw);
	if (!url) {
		fprintf(stderr, "loadgen: out of memory\n");
		return 0;
	}
	if (!url_allowed(url, why, sizeof why)) {
		fprintf(stderr, "loadgen: refusing %.200s%s: %s\n", raw, strlen(raw) > 200 ? "..." : "", why);
		free(url);
		return 0;
	}
	grown = realloc(opt->urls, (opt->n_urls + 1) * sizeof *grown);
	if (!grown) {
		free(url);
		fprintf(stderr, "loadgen: out of memory\n");
		return 0;
	}
	opt->urls = grown;
	opt->urls[opt->n_urls++] = url;
	return 1;
}

static int read_urls_file(struct options *opt, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ok = 1;

	if (!f) {
		fprintf(stderr, "loadgen: cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	while (ok && (len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		ok = add_url(opt, line);
	}
	free(line);
	fclose(f);
	return ok;
}

/* ---- options -------------------------------------------------------- */

static int parse_long(const char *name, const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "loadgen: %s wants a whole number from %ld to %ld, not '%s'\n",
			name, lo, hi, s);
		return 0;
	}
	*out = v;
	return 1;
}

static int parse_seconds(const char *name, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > MAX_DURATION_S) {
		fprintf(stderr, "loadgen: %s wants seconds, more than 0 and at most %.0f, not '%s'\n",
			name, MAX_DURATION_S, s);
		return 0;
	}
	*out = v;
	return 1;
}

static int parse_options(int argc, char **argv, struct options *opt)
{
	long v;

	*opt = (struct options){ .connections = 1, .duration_s = DEFAULT_DURATION_S,
				 .expect_status = 200, .timeout_s = 30 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int takes_value = 1;

		if (!strcmp(a, "--once")) {
			opt->once = 1, takes_value = 0;
		} else if (!strcmp(a, "--include")) {
			opt->include = 1, takes_value = 0;
		} else if (a[0] != '-' || !strcmp(a, "-")) {
			if (!add_url(opt, a))
				return 0;
			takes_value = 0;
		} else if (!val) {
			fprintf(stderr, "loadgen: %s needs a value\n", a);
			return 0;
		} else if (!strcmp(a, "--connections")) {
			if (!parse_long(a, val, 1, MAX_CONNECTIONS, &opt->connections))
				return 0;
		} else if (!strcmp(a, "--duration")) {
			if (!parse_seconds(a, val, &opt->duration_s))
				return 0;
			opt->duration_given = 1;
		} else if (!strcmp(a, "--requests")) {
			if (!parse_long(a, val, 1, (long)MAX_REQUESTS, &v))
				return 0;
			opt->requests = (unsigned long long)v;
		} else if (!strcmp(a, "--burst")) {
			if (!parse_long(a, val, 1, MAX_BURST, &opt->burst))
				return 0;
		} else if (!strcmp(a, "--expect-status")) {
			if (!parse_long(a, val, 100, MAX_STATUS - 1, &opt->expect_status))
				return 0;
			opt->expect_given = 1;
		} else if (!strcmp(a, "--timeout")) {
			if (!parse_long(a, val, 1, 3600, &opt->timeout_s))
				return 0;
		} else if (!strcmp(a, "--header")) {
			if (opt->n_headers >= MAX_HEADERS) {
				fprintf(stderr, "loadgen: more than %d --header\n", MAX_HEADERS);
				return 0;
			}
			opt->headers[opt->n_headers++] = val;
		} else if (!strcmp(a, "--urls-file")) {
			if (!read_urls_file(opt, val))
				return 0;
		} else if (!strcmp(a, "--method")) {
			opt->method = val;
		} else if (!strcmp(a, "--data")) {
			opt->data = val;
		} else {
			fprintf(stderr, "loadgen: unknown option %s\n", a);
			usage();
			return 0;
		}
		if (takes_value)
			i++;
	}
	if (opt->n_urls == 0) {
		usage();
		return 0;
	}
	if (opt->once && opt->burst) {
		fprintf(stderr, "loadgen: --once and --burst exclude each other\n");
		return 0;
	}
	if (opt->requests && !opt->duration_given)
		opt->duration_s = REQUESTS_TIME_CAP_S;
	return 1;
}

/* ---- one request ---------------------------------------------------- */

/* A response body kept (--once) or only counted. */
struct sink {
	char *data;
	size_t len, cap;
	int keep, overflow;
	unsigned long long bytes;
};

static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n = size * nmemb;

	s->bytes += n;
	if (!s->keep)
		return n;
	if (s->len + n > MAX_ONCE_BODY) {
		s->overflow = 1;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		char *grown;

		while (cap < s->len + n + 1)
			cap *= 2;
		grown = realloc(s->data, cap);
		if (!grown)
			return 0;
		s->data = grown, s->cap = cap;
	}
	memcpy(s->data + s->len, ptr, n);
	s->len += n;
	return n;
}

/* A handle set up for this run's method, headers and limits; the URL is
 * set per request. */
static CURL *handle_new(const struct options *opt, struct curl_slist *headers, struct sink *body,
			struct sink *head)
{
	CURL *h = curl_easy_init();

	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, opt->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "loadgen");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	if (head) {
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, sink_write);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, head);
	}
	if (headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	if (opt->data) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, opt->data);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(opt->data));
	}
	if (opt->method && !strcmp(opt->method, "HEAD"))
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (opt->method && strcmp(opt->method, opt->data ? "POST" : "GET"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, opt->method);
	return h;
}

static int tally_add(struct tally *t, double seconds, long status, const struct options *opt)
{
	double us = seconds * 1e6;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		uint32_t *grown = realloc(t->latency_us, cap * sizeof *grown);

		if (!grown)
			return 0;
		t->latency_us = grown, t->cap = cap;
	}
	t->latency_us[t->n++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	if (status <= 0 || status >= MAX_STATUS)
		status = 0;
	t->by_status[status]++;
	if (status == 0)
		t->errors++;
	else if (status < 200 || status > 299)
		t->non2xx++;
	if (status != opt->expect_status)
		t->unexpected++;
	return 1;
}

static void describe_failure(struct run *run, const char *url, CURLcode rc, long status,
			     const char *errbuf)
{
	if (atomic_fetch_add(&run->failures_shown, 1) >= FAILURES_SHOWN)
		return;
	if (rc != CURLE_OK)
		fprintf(stderr, "loadgen: %.200s: %s\n", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else
		fprintf(stderr, "loadgen: %.200s: status %ld, expected %ld\n", url, status,
			run->opt->expect_status);
}

/* Sends one request to URL on H and records it.  0 only when memory ran
 * out. */
static int request_once(struct run *run, CURL *h, const char *url, struct sink *body,
			struct tally *t)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;
	double start;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	start = now_s();
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	t->bytes += body->bytes;
	body->bytes = 0;
	if (rc != CURLE_OK || status != run->opt->expect_status)
		describe_failure(run, url, rc, status, errbuf);
	return tally_add(t, now_s() - start, status, run->opt);
}

/* ---- workers -------------------------------------------------------- */

/* The next URL index for this worker, or -1 when it should stop. */
static long next_url(struct worker *w, unsigned long long *local)
{
	struct run *run = w->run;
	const struct options *opt = run->opt;
	unsigned long long k;

	if (now_s() >= run->deadline)
		return -1;
	if (opt->requests) {
		k = atomic_fetch_add(&run->next_ticket, 1);
		if (k >= opt->requests)
			return -1;
	} else {
		k = w->index + (*local)++ * (unsigned long long)opt->connections;
	}
	return (long)(k % opt->n_urls);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	struct sink body = { 0 };
	CURL *h = handle_new(run->opt, run->header_list, &body, NULL);
	unsigned long long local = 0;
	long u;

	pthread_barrier_wait(&run->start);
	if (!h) {
		fprintf(stderr, "loadgen: cannot make a curl handle\n");
		tally_add(&w->tally, 0, 0, run->opt);
		return NULL;
	}
	if (w->one_shot) {
		request_once(run, h, run->opt->urls[w->index % run->opt->n_urls], &body, &w->tally);
	} else {
		while ((u = next_url(w, &local)) >= 0)
			if (!request_once(run, h, run->opt->urls[u], &body, &w->tally))
				break;
	}
	curl_easy_cleanup(h);
	return NULL;
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted latencies, in milliseconds. */
static double percentile_ms(const uint32_t *sorted, size_t n, double p)
{
	size_t rank;

	if (n == 0)
		return 0;
	rank = (size_t)((p / 100.0) * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1] / 1000.0;
}

/* Merges the workers' tallies into ALL (which takes over nothing: the
 * latencies are copied). */
static int merge(struct worker *workers, size_t n, struct tally *all)
{
	size_t total = 0;

	*all = (struct tally){ 0 };
	for (size_t i = 0; i < n; i++)
		total += workers[i].tally.n;
	all->latency_us = malloc((total ? total : 1) * sizeof *all->latency_us);
	if (!all->latency_us)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct tally *t = &workers[i].tally;

		memcpy(all->latency_us + all->n, t->latency_us, t->n * sizeof *t->latency_us);
		all->n += t->n;
		all->bytes += t->bytes, all->errors += t->errors;
		all->non2xx += t->non2xx, all->unexpected += t->unexpected;
		for (int s = 0; s < MAX_STATUS; s++)
			all->by_status[s] += t->by_status[s];
	}
	return 1;
}

static void print_summary(struct tally *all, double seconds)
{
	double sum = 0;
	int first = 1;

	qsort(all->latency_us, all->n, sizeof *all->latency_us, compare_u32);
	for (size_t i = 0; i < all->n; i++)
		sum += all->latency_us[i];
	printf("requests %zu errors %llu non2xx %llu unexpected %llu duration_s %.2f rps %.1f "
	       "p50_ms %.3f p90_ms %.3f p99_ms %.3f max_ms %.3f mean_ms %.3f bytes %llu statuses ",
	       all->n, all->errors, all->non2xx, all->unexpected, seconds,
	       seconds > 0 ? (double)all->n / seconds : 0.0,
	       percentile_ms(all->latency_us, all->n, 50), percentile_ms(all->latency_us, all->n, 90),
	       percentile_ms(all->latency_us, all->n, 99),
	       all->n ? all->latency_us[all->n - 1] / 1000.0 : 0.0,
	       all->n ? sum / (double)all->n / 1000.0 : 0.0, all->bytes);
	for (int s = 0; s < MAX_STATUS; s++) {
		if (!all->by_status[s])
			continue;
		printf("%s%d:%llu", first ? "" : ",", s, all->by_status[s]);
		first = 0;
	}
	printf("%s\n", first ? "none" : "");
	fflush(stdout);
}

/* Load or burst: THREADS workers; returns the exit status. */
static int run_workers(const struct options *opt, struct curl_slist *headers)
{
	size_t n = opt->burst ? (size_t)opt->burst : (size_t)opt->connections;
	struct worker *workers = calloc(n, sizeof *workers);
	struct run run = { .opt = opt, .header_list = headers };
	struct tally all;
	pthread_attr_t attr;
	size_t started = 0;
	double start, seconds;
	int rc = 1;

	if (!workers) {
		fprintf(stderr, "loadgen: out of memory\n");
		return 1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	pthread_barrier_init(&run.start, NULL, (unsigned)n + 1);
	run.deadline = now_s() + 1e9;   /* set for real once all have started */
	for (; started < n; started++) {
		workers[started] = (struct worker){ .run = &run, .index = started,
						    .one_shot = opt->burst > 0 };
		if (pthread_create(&workers[started].thread, &attr, worker_main, &workers[started])) {
			fprintf(stderr, "loadgen: cannot start thread %zu of %zu\n", started + 1, n);
			break;
		}
	}
	if (started < n) {
		/* The barrier counts n + 1: stand in for the missing threads so
		 * the started ones are released, then report failure. */
		run.deadline = 0;
		for (size_t i = started; i < n + 1; i++)
			pthread_barrier_wait(&run.start);
	} else {
		run.deadline = now_s() + opt->duration_s;
		pthread_barrier_wait(&run.start);
	}
	start = now_s();
	for (size_t i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	seconds = now_s() - start;
	if (started == n && merge(workers, n, &all)) {
		print_summary(&all, seconds);
		rc = all.unexpected == 0 && all.n > 0 ? 0 : 1;
		if (opt->requests && all.n < opt->requests) {
			fprintf(stderr, "loadgen: only %zu of %llu requests within %.0f s\n", all.n,
				opt->requests, opt->duration_s);
			rc = 1;
		}
		if (opt->burst && all.n < (size_t)opt->burst)
			rc = 1;
		free(all.latency_us);
	}
	for (size_t i = 0; i < n; i++)
		free(workers[i].tally.latency_us);
	pthread_barrier_destroy(&run.start);
	pthread_attr_destroy(&attr);
	free(workers);
	return rc;
}

/* --once: prints status, [headers,] body; returns the exit status. */
static int run_once(const struct options *opt, struct curl_slist *headers)
{
	struct sink body = { .keep = 1 }, head = { .keep = 1 };
	CURL *h = handle_new(opt, headers, &body, opt->include ? &head : NULL);
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;

	if (!h) {
		fprintf(stderr, "loadgen: cannot make a curl handle\n");
		return 1;
	}
	curl_easy_setopt(h, CURLOPT_URL, opt->urls[0]);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		fprintf(stderr, "loadgen: %.200s: %s\n", opt->urls[0],
			body.overflow ? "body larger than 64 MiB" : errbuf[0] ? errbuf : curl_easy_strerror(rc));
		free(body.data);
		free(head.data);
		return 1;
	}
	printf("%ld\n", status);
	if (opt->include) {
		/* The status line was printed as a number; the rest of the
		 * header block, CRs dropped, ends with its empty line. */
		const char *p = head.data ? memchr(head.data, '\n', head.len) : NULL;

		for (p = p ? p + 1 : NULL; p && p < head.data + head.len; p++)
			if (*p != '\r')
				putchar(*p);
	}
	if (body.len)
		fwrite(body.data, 1, body.len, stdout);
	fflush(stdout);
	free(body.data);
	free(head.data);
	return !opt->expect_given || status == opt->expect_status ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct curl_slist *headers = NULL;
	int rc = 2;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "loadgen: cannot initialise libcurl\n");
		return 2;
	}
	if (!parse_options(argc, argv, &opt))
		goto done;
	for (size_t i = 0; i < opt.n_headers; i++)
		headers = curl_slist_append(headers, opt.headers[i]);
	if (opt.data)   /* no "Expect: 100-continue" round trip */
		headers = curl_slist_append(headers, "Expect:");
	if (opt.once)
		rc = run_once(&opt, headers);
	else
		rc = run_workers(&opt, headers);
done:
	curl_slist_free_all(headers);
	for (size_t i = 0; i < opt.n_urls; i++)
		free(opt.urls[i]);
	free(opt.urls);
	curl_global_cleanup();
	return rc;
}
