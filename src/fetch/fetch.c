/*
 * fetch.c — HTTP(S) GETs with libcurl, one easy handle per request.
 *
 * Redirects are followed here rather than by curl (CURLOPT_FOLLOWLOCATION)
 * so that every hop's status is known: a subscription moves only when
 * every hop was permanent.  Each try starts again from the requested URL;
 * the whole chain of hops shares one deadline.
 */
#include "fetch/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "0"
#endif

#define MIB ((size_t)1 << 20)
#define RETRY_AFTER_MAX_MS 60000L

static const char default_accept[] =
	"application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
	"application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, "
	"application/pdf;q=0.7, */*;q=0.5";

const char *fetch_user_agent(void)
{
	return "Dossier/" DOSSIER_VERSION " (+offline news archive; libcurl)";
}

int fetch_global_init(struct err *e)
{
	CURLcode cc = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (cc != CURLE_OK)
		return err_set(e, cc == CURLE_OUT_OF_MEMORY ? DOSSIER_ENOMEM : DOSSIER_EIO,
			       "cannot start libcurl: %s", curl_easy_strerror(cc));
	return DOSSIER_OK;
}

void fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

void fetch_response_release(struct fetch_response *r)
{
	if (!r)
		return;
	free(r->final_url);
	free(r->moved_to);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	buf_release(&r->body);
	memset(r, 0, sizeof *r);
	buf_init(&r->body, 0);
}

/* ---- small helpers ------------------------------------------------------ */

static int64_t now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* "60 s", "0.3 s" */
static void fmt_secs(char *out, size_t n, long ms)
{
	if (ms % 1000 == 0)
		snprintf(out, n, "%ld s", ms / 1000);
	else
		snprintf(out, n, "%.1f s", (double)ms / 1000.0);
}

/* "32 MiB", "64 KiB", "100 bytes" */
static void fmt_size(char *out, size_t n, size_t bytes)
{
	if (bytes >= MIB && bytes % MIB == 0)
		snprintf(out, n, "%zu MiB", bytes / MIB);
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(out, n, "%zu KiB", bytes / 1024);
	else
		snprintf(out, n, "%zu bytes", bytes);
}

/* A header value must not smuggle in a line break. */
static int header_safe(const char *v)
{
	return v && *v && !strpbrk(v, "\r\n");
}

static const char *reason_for(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 451: return "Unavailable For Legal Reasons";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

/* A per-thread random number for the backoff jitter. */
static unsigned jitter_rand(void)
{
	static _Thread_local uint64_t s;

	if (!s) {
		s = (uint64_t)now_ms(CLOCK_REALTIME) ^
		    ((uint64_t)(uintptr_t)&s << 16) ^ 0x9e3779b97f4a7c15ULL;
		if (!s)
			s = 1;
	}
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (unsigned)(s >> 32);
}

/* ---- one transfer -------------------------------------------------------- */

struct xfer {
	struct buf *body;
	int too_big;        /* the write callback refused: past the cap */
	int nomem;
	char reason[64];    /* the status line's reason phrase */
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	int rc = buf_add(x->body, p, size * n);

	if (rc == DOSSIER_ETOOBIG)
		x->too_big = 1;
	else if (rc)
		x->nomem = 1;
	return rc ? 0 : size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	/* "HTTP/1.1 404 Not Found\r\n": keep the reason phrase */
	if (len > 5 && !strncmp(p, "HTTP/", 5)) {
		const char *s = memchr(p, ' ', len), *end = p + len;
		x->reason[0] = 0;
		if (s && (s = memchr(s + 1, ' ', (size_t)(end - s - 1)))) {
			s++;
			while (end > s && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
				end--;
			size_t k = (size_t)(end - s);
			if (k >= sizeof x->reason)
				k = sizeof x->reason - 1;
			memcpy(x->reason, s, k);
			x->reason[k] = 0;
		}
	}
	return len;
}

/* The outcome of one try (all its redirect hops). */
enum outcome { DONE, FAILED, TRANSIENT };

static int set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = NULL;
	if (!src)
		return DOSSIER_OK;
	*dst = strdup(src);
	return *dst ? DOSSIER_OK : DOSSIER_ENOMEM;
}

static int keep_header(CURL *h, const char *name, char **dst)
{
	struct curl_header *hd;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return set_str(dst, NULL);
	return set_str(dst, hd->value);
}

/* Was `url` visited already in this chain? */
static int seen(char **visited, int n, const char *url)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(visited[i], url))
			return 1;
	return 0;
}

/*
 * Words for a failed curl_easy_perform().  Sets *transient when trying
 * again later could help.
 */
static int curl_failure(CURL *h, CURLcode cc, const struct xfer *x,
			const char *errbuf, long connect_ms, long timeout_ms,
			size_t max_bytes, int *transient, struct err *e)
{
	char what[32];
	long os_errno = 0;
	curl_off_t got = 0, want = -1, connect_us = 0;
	const char *detail = *errbuf ? errbuf : curl_easy_strerror(cc);

	*transient = 0;
	if (x->too_big) {
		fmt_size(what, sizeof what, max_bytes);
		return err_set(e, DOSSIER_ETOOBIG, "response larger than %s", what);
	}
	if (x->nomem || cc == CURLE_OUT_OF_MEMORY)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		*transient = 1;
		curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
		if (connect_us == 0) {
			fmt_secs(what, sizeof what, connect_ms);
			return err_set(e, DOSSIER_EIO, "timed out connecting after %s", what);
		}
		fmt_secs(what, sizeof what, timeout_ms);
		return err_set(e, DOSSIER_EIO, "timed out after %s", what);
	case CURLE_COULDNT_CONNECT:
		*transient = 1;
		curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == ECONNREFUSED)
			return err_set(e, DOSSIER_EIO, "connection refused");
		if (os_errno)
			return err_set(e, DOSSIER_EIO, "cannot connect: %s",
				       strerror((int)os_errno));
		return err_set(e, DOSSIER_EIO, "cannot connect: %s", detail);
	case CURLE_COULDNT_RESOLVE_HOST:
		return err_set(e, DOSSIER_EIO, "cannot resolve the host name: %s", detail);
	case CURLE_COULDNT_RESOLVE_PROXY:
		return err_set(e, DOSSIER_EIO, "cannot resolve the proxy: %s", detail);
	case CURLE_PARTIAL_FILE:
		*transient = 1;
		curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
		curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
		if (want >= 0)
			return err_set(e, DOSSIER_EIO,
				       "connection closed before the response ended "
				       "(got %lld of %lld bytes)",
				       (long long)got, (long long)want);
		return err_set(e, DOSSIER_EIO,
			       "connection closed before the response ended (got %lld bytes)",
			       (long long)got);
	case CURLE_GOT_NOTHING:
		*transient = 1;
		return err_set(e, DOSSIER_EIO, "connection closed before any response");
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		*transient = 1;
		curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == ECONNRESET)
			return err_set(e, DOSSIER_EIO, "connection reset by the server");
		return err_set(e, DOSSIER_EIO, "network error: %s", detail);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return err_set(e, DOSSIER_EIO, "only http and https are fetched: %s", detail);
	case CURLE_URL_MALFORMAT:
		return err_set(e, DOSSIER_EUSAGE, "malformed URL: %s", detail);
	case CURLE_BAD_CONTENT_ENCODING:
		return err_set(e, DOSSIER_EIO, "cannot decode the compressed response: %s",
			       detail);
	case CURLE_PEER_FAILED_VERIFICATION:
		return err_set(e, DOSSIER_EIO, "the server's certificate is not trusted: %s",
			       detail);
	case CURLE_SSL_CONNECT_ERROR:
		*transient = 1;
		return err_set(e, DOSSIER_EIO, "TLS handshake failed: %s", detail);
	default:
		return err_set(e, DOSSIER_EIO, "%s: %s", curl_easy_strerror(cc), detail);
	}
}

/*
 * One try: the request and its redirects.  Fills `r`, and on failure `e`;
 * *retry_after_ms is the server's Retry-After (capped) or -1.
 */
static enum outcome try_once(CURL *h, const struct fetch_request *rq,
			     struct fetch_response *r, long connect_ms,
			     long timeout_ms, size_t max_bytes, long *retry_after_ms,
			     struct err *e)
{
	struct curl_slist *hdrs = NULL, *tmp;
	char errbuf[CURL_ERROR_SIZE];
	char line[1024];
	char *visited[FETCH_MAX_REDIRECTS + 2] = { 0 };
	int nvisited = 0, hops = 0, permanent = 1, rc = DOSSIER_OK;
	enum outcome out = FAILED;
	struct xfer x = { 0 };
	int64_t deadline = now_ms(CLOCK_MONOTONIC) + timeout_ms;
	char *url = strdup(rq->url);

	*retry_after_ms = -1;
	if (!url) {
		err_set(e, DOSSIER_ENOMEM, "out of memory");
		return FAILED;
	}

	/* the headers every hop sends */
	snprintf(line, sizeof line, "Accept: %s",
		 header_safe(rq->accept) ? rq->accept : default_accept);
	tmp = curl_slist_append(hdrs, line);
	if (tmp && header_safe(rq->etag)) {
		snprintf(line, sizeof line, "If-None-Match: %s", rq->etag);
		tmp = curl_slist_append(hdrs = tmp, line);
	}
	if (tmp && header_safe(rq->last_modified)) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", rq->last_modified);
		tmp = curl_slist_append(hdrs = tmp, line);
	}
	if (!tmp) {
		err_set(e, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	hdrs = tmp;

	/* nothing from an earlier try may linger */
	set_str(&r->moved_to, NULL);
	set_str(&r->etag, NULL);
	set_str(&r->last_modified, NULL);
	set_str(&r->content_type, NULL);
	buf_release(&r->body);
	buf_init(&r->body, max_bytes);
	x.body = &r->body;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, fetch_user_agent());
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);

	for (;;) {
		CURLcode cc;
		long status = 0;
		char *eff = NULL, *next = NULL;
		int64_t left = deadline - now_ms(CLOCK_MONOTONIC);
		char secs[32];

		if (left <= 0) {
			fmt_secs(secs, sizeof secs, timeout_ms);
			err_set(e, DOSSIER_EIO, "timed out after %s", secs);
			out = TRANSIENT;
			goto done;
		}
		visited[nvisited++] = url;
		url = NULL;
		buf_reset(&r->body);
		x.too_big = x.nomem = 0;
		x.reason[0] = 0;
		errbuf[0] = 0;
		curl_easy_setopt(h, CURLOPT_URL, visited[nvisited - 1]);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left);
		cc = curl_easy_perform(h);
		r->fetched = now_ms(CLOCK_REALTIME);

		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		r->status = status;
		curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
		if ((rc = set_str(&r->final_url, eff ? eff : visited[nvisited - 1])))
			break;
		if (cc != CURLE_OK) {
			int transient;
			curl_failure(h, cc, &x, errbuf, connect_ms, timeout_ms, max_bytes,
				     &transient, e);
			if (x.too_big)
				buf_release(&r->body);
			out = transient ? TRANSIENT : FAILED;
			goto done;
		}

		if (status >= 300 && status < 400 && status != 304 &&
		    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &next) == CURLE_OK && next) {
			if (status != 301 && status != 308)
				permanent = 0;
			if (seen(visited, nvisited, next)) {
				err_set(e, DOSSIER_EIO, "redirect loop: %s leads back to %s",
					visited[nvisited - 1], next);
				goto done;
			}
			if (++hops > FETCH_MAX_REDIRECTS) {
				err_set(e, DOSSIER_EIO, "too many redirects (more than %d)",
					FETCH_MAX_REDIRECTS);
				goto done;
			}
			if (!(url = strdup(next))) {
				rc = DOSSIER_ENOMEM;
				break;
			}
			continue;
		}

		rc = keep_header(h, "ETag", &r->etag);
		rc = rc ? rc : keep_header(h, "Last-Modified", &r->last_modified);
		char *ctype = NULL;
		curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype);
		rc = rc ? rc : set_str(&r->content_type, ctype);
		/* a permanent move to a page that fails is no place to move to */
		if (!rc && hops && permanent && (status == 304 || (status >= 200 && status < 300)))
			rc = set_str(&r->moved_to, r->final_url);
		if (rc)
			break;

		if (status == 304 && !header_safe(rq->etag) && !header_safe(rq->last_modified)) {
			/* "Not modified" since what?  Nothing was sent to compare
			 * against: the server is broken, and no items came. */
			err_set(e, DOSSIER_EIO, "HTTP 304 Not Modified to a request that sent no "
				"validator (no ETag or Last-Modified to compare with): no items");
		} else if (status == 304) {
			r->not_modified = 1;
			buf_release(&r->body);
			out = DONE;
		} else if (status >= 200 && status < 300) {
			out = DONE;
		} else {
			const char *why = *x.reason ? x.reason : reason_for(status);
			err_set(e, DOSSIER_EIO, "HTTP %ld%s%s", status, *why ? " " : "", why);
			if (status == 429 || status >= 500) {
				curl_off_t ra = -1;
				out = TRANSIENT;
				if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
				    ra > 0)
					*retry_after_ms = ra >= RETRY_AFTER_MAX_MS / 1000
								  ? RETRY_AFTER_MAX_MS
								  : (long)ra * 1000;
			}
		}
		goto done;
	}
	err_set(e, rc, "out of memory");
	out = FAILED;
done:
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(hdrs);
	for (int i = 0; i < nvisited; i++)
		free(visited[i]);
	free(url);
	return out;
}

/* ---- the public calls ------------------------------------------------------ */

int fetch_get(const struct fetch_request *rq, struct fetch_response *r,
	      struct err *e)
{
	long connect_ms = rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms
						     : FETCH_CONNECT_TIMEOUT_MS;
	long timeout_ms = rq->timeout_ms > 0 ? rq->timeout_ms : FETCH_TIMEOUT_MS;
	size_t max_bytes = rq->max_bytes ? rq->max_bytes : FETCH_MAX_BYTES;
	int retries = rq->retries < 0 ? 0 : rq->retries ? rq->retries : FETCH_RETRIES;
	long base_ms = rq->retry_base_ms > 0 ? rq->retry_base_ms : FETCH_RETRY_BASE_MS;
	struct err local;
	CURL *h;

	if (!e)
		e = &local;
	err_clear(e);
	memset(r, 0, sizeof *r);
	buf_init(&r->body, max_bytes);

	if (!rq->url || (strncasecmp(rq->url, "http://", 7) &&
			 strncasecmp(rq->url, "https://", 8)))
		return err_set(e, DOSSIER_EUSAGE, "not an http or https URL: %s",
			       rq->url ? rq->url : "(none)");
	if (!(h = curl_easy_init()))
		return err_set(e, DOSSIER_ENOMEM, "cannot start a transfer: out of memory");

	for (;;) {
		long retry_after = -1;
		enum outcome out;

		r->attempts++;
		err_clear(e);
		r->not_modified = 0;
		out = try_once(h, rq, r, connect_ms, timeout_ms, max_bytes, &retry_after, e);
		if (out == DONE) {
			curl_easy_cleanup(h);
			return DOSSIER_OK;
		}
		if (out == FAILED || r->attempts > retries)
			break;

		long wait;
		if (retry_after >= 0) {
			wait = retry_after;
		} else {
			/* exponential backoff, "equal jitter": half fixed, half random */
			int shift = r->attempts - 1 < 16 ? r->attempts - 1 : 16;
			wait = base_ms << shift;
			if (wait > RETRY_AFTER_MAX_MS || wait <= 0)
				wait = RETRY_AFTER_MAX_MS;
			wait = wait / 2 + (long)(jitter_rand() % (unsigned)(wait / 2 + 1));
		}
		sleep_ms(wait);
	}
	curl_easy_cleanup(h);
	if (r->attempts > 1)
		err_prefix(e, "after %d tries", r->attempts);
	return e->rc ? e->rc : DOSSIER_EIO;
}

/* ---- many at once ------------------------------------------------------------ */

struct pool {
	const struct fetch_request *rq;
	size_t n, next;
	fetch_done_fn done;
	void *arg;
	pthread_mutex_t take;  /* guards next */
	pthread_mutex_t call;  /* serialises done() */
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct fetch_response r;
		struct err e;
		size_t i;
		int rc;

		pthread_mutex_lock(&p->take);
		i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->take);
		if (i >= p->n)
			return NULL;
		rc = fetch_get(&p->rq[i], &r, &e);
		pthread_mutex_lock(&p->call);
		p->done(p->arg, i, rc, &r, &e);
		pthread_mutex_unlock(&p->call);
		fetch_response_release(&r);
	}
}

int fetch_many(const struct fetch_request *rq, size_t n, size_t parallel,
	       fetch_done_fn done, void *arg, struct err *e)
{
	struct pool p = { rq, n, 0, done, arg, PTHREAD_MUTEX_INITIALIZER,
			  PTHREAD_MUTEX_INITIALIZER };
	pthread_t *threads;
	size_t started = 0;

	err_clear(e);
	if (!done)
		return err_set(e, DOSSIER_EUSAGE, "fetch_many: no done callback");
	if (!parallel)
		parallel = FETCH_PARALLEL;
	if (parallel > n)
		parallel = n;
	if (!n)
		return DOSSIER_OK;

	/* the calling thread is one of the workers */
	threads = parallel > 1 ? calloc(parallel - 1, sizeof *threads) : NULL;
	if (threads)
		for (; started < parallel - 1; started++)
			if (pthread_create(&threads[started], NULL, worker, &p))
				break;
	worker(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_mutex_destroy(&p.take);
	pthread_mutex_destroy(&p.call);
	return DOSSIER_OK;
}
