/*
 * webdriver — see webdriver.h.  Each command is one HTTP request to the
 * driver with a JSON body; the answer is {"value": …}, an error being
 * {"value": {"error", "message"}} with a 4xx/5xx status.
 */
#define _POSIX_C_SOURCE 200809L
#include "webdriver.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ELEMENT_KEY "element-6066-11e4-a52e-4f735466cecf"
#define MAX_ANSWER (64u << 20)  /* a screenshot is a few MiB of base64 */

struct answer {
	char *data;
	size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t add = size * n;
	if (a->len + add > MAX_ANSWER)
		return 0;
	char *grown = realloc(a->data, a->len + add + 1);
	if (!grown)
		return 0;
	memcpy(grown + a->len, p, add);
	a->data = grown;
	a->len += add;
	a->data[a->len] = '\0';
	return add;
}

static void fail(struct wd *wd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(wd->err, sizeof wd->err, fmt, ap);
	va_end(ap);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * METHOD URL with BODY (stolen; NULL for none) and the answer's "value"
 * in *VALUE (caller frees; NULL allowed).  The command's name for
 * messages is URL's tail.
 */
static int request(struct wd *wd, const char *method, const char *url, json_t *body, json_t **value)
{
	char *payload = NULL;
	struct answer a = { NULL, 0 };
	struct curl_slist *hdr = NULL;
	json_t *doc = NULL;
	int rc = -1;
	long status = 0;
	CURL *c = curl_easy_init();

	if (value)
		*value = NULL;
	if (!c) {
		fail(wd, "curl_easy_init failed");
		goto out;
	}
	if (body) {
		payload = json_dumps(body, JSON_COMPACT);
		if (!payload) {
			fail(wd, "cannot encode the request to %s", url);
			goto out;
		}
	} else if (strcmp(method, "GET") && strcmp(method, "DELETE")) {
		payload = strdup("{}");
	}
	hdr = curl_slist_append(hdr, "Content-Type: application/json; charset=utf-8");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);  /* the driver itself times out first */
	if (payload)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		fail(wd, "%s %s: %s", method, url, curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	json_error_t je;
	doc = a.data ? json_loads(a.data, 0, &je) : NULL;
	json_t *v = doc ? json_object_get(doc, "value") : NULL;
	if (status < 200 || status >= 300) {
		const char *e = json_string_value(json_object_get(v, "error"));
		const char *m = json_string_value(json_object_get(v, "message"));
		fail(wd, "%s %s: HTTP %ld: %s: %.600s", method, url, status, e ? e : "?", m ? m : (a.data ? a.data : ""));
		goto out;
	}
	if (!doc) {
		fail(wd, "%s %s: the answer is not JSON", method, url);
		goto out;
	}
	if (value)
		*value = json_incref(v ? v : json_null());
	rc = 0;
out:
	json_decref(doc);
	json_decref(body);
	free(payload);
	free(a.data);
	curl_slist_free_all(hdr);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}

/* A command on the session: base/TAIL. */
static int command(struct wd *wd, const char *method, const char *tail, json_t *body, json_t **value)
{
	char url[512];
	snprintf(url, sizeof url, "%s%s", wd->base, tail);
	return request(wd, method, url, body, value);
}

int wd_open(struct wd *wd, int port, const char *binary, const char *const *args, int argc, int wait_ms)
{
	json_t *arr = json_array();
	for (int i = 0; i < argc; i++)
		json_array_append_new(arr, json_string(args[i]));
	json_t *opts = json_pack("{s:o}", "args", arr);
	if (binary)
		json_object_set_new(opts, "binary", json_string(binary));
	json_t *caps = json_pack("{s:{s:{s:s, s:o, s:{s:s}}}}", "capabilities", "alwaysMatch",
	                         "browserName", "chrome", "goog:chromeOptions", opts,
	                         "goog:loggingPrefs", "browser", "ALL");
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/session", port);
	wd->base[0] = '\0';

	long deadline = now_ms() + wait_ms;
	json_t *value = NULL;
	int rc;
	for (;;) {
		rc = request(wd, "POST", url, json_incref(caps), &value);
		/* only "cannot connect" is worth a retry: the driver is starting */
		if (rc == 0 || !strstr(wd->err, "onnect") || now_ms() > deadline)
			break;
		sleep_ms(100);
	}
	json_decref(caps);
	if (rc)
		return -1;
	const char *sid = json_string_value(json_object_get(value, "sessionId"));
	if (!sid) {
		fail(wd, "new session: no sessionId in the answer");
		json_decref(value);
		return -1;
	}
	snprintf(wd->base, sizeof wd->base, "http://127.0.0.1:%d/session/%s", port, sid);
	json_decref(value);
	return 0;
}

int wd_close(struct wd *wd)
{
	if (!wd->base[0])
		return 0;
	int rc = command(wd, "DELETE", "", NULL, NULL);
	wd->base[0] = '\0';
	return rc;
}

int wd_go(struct wd *wd, const char *url)
{
	return command(wd, "POST", "/url", json_pack("{s:s}", "url", url), NULL);
}

int wd_exec(struct wd *wd, const char *script, json_t *args, json_t **out)
{
	json_t *body = json_pack("{s:s, s:o}", "script", script, "args", args ? args : json_array());
	json_t *value = NULL;
	if (command(wd, "POST", "/execute/sync", body, &value))
		return -1;
	if (out)
		*out = value;
	else
		json_decref(value);
	return 0;
}

static int truthy(const json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_real(v))
		return json_real_value(v) != 0;
	if (json_is_string(v))
		return json_string_length(v) != 0;
	return 1;
}

int wd_wait(struct wd *wd, const char *script, const char *what, int wait_ms)
{
	long deadline = now_ms() + wait_ms;
	for (;;) {
		json_t *v = NULL;
		if (wd_exec(wd, script, NULL, &v))
			return -1;
		int ok = truthy(v);
		json_decref(v);
		if (ok)
			return 0;
		if (now_ms() > deadline) {
			fail(wd, "timed out after %d ms waiting for: %s", wait_ms, what);
			return -1;
		}
		sleep_ms(100);
	}
}

int wd_find(struct wd *wd, const char *css, char *id, size_t idsz)
{
	json_t *value = NULL;
	if (command(wd, "POST", "/element", json_pack("{s:s, s:s}", "using", "css selector", "value", css), &value))
		return -1;
	const char *eid = json_string_value(json_object_get(value, ELEMENT_KEY));
	int rc = -1;
	if (!eid)
		fail(wd, "find %s: no element id in the answer", css);
	else if (strlen(eid) >= idsz)
		fail(wd, "find %s: element id too long", css);
	else {
		memcpy(id, eid, strlen(eid) + 1);
		rc = 0;
	}
	json_decref(value);
	return rc;
}

int wd_click(struct wd *wd, const char *id)
{
	char tail[256];
	snprintf(tail, sizeof tail, "/element/%s/click", id);
	return command(wd, "POST", tail, NULL, NULL);
}

int wd_type(struct wd *wd, const char *id, const char *text)
{
	char tail[256];
	snprintf(tail, sizeof tail, "/element/%s/clear", id);
	if (command(wd, "POST", tail, NULL, NULL))
		return -1;
	snprintf(tail, sizeof tail, "/element/%s/value", id);
	return command(wd, "POST", tail, json_pack("{s:s}", "text", text), NULL);
}

int wd_keys(struct wd *wd, const char *id, const char *text)
{
	char tail[256];
	snprintf(tail, sizeof tail, "/element/%s/value", id);
	return command(wd, "POST", tail, json_pack("{s:s}", "text", text), NULL);
}

int wd_window_size(struct wd *wd, int width, int height)
{
	return command(wd, "POST", "/window/rect", json_pack("{s:i, s:i}", "width", width, "height", height), NULL);
}

int wd_actions(struct wd *wd, json_t *actions)
{
	int rc = command(wd, "POST", "/actions", json_pack("{s:o}", "actions", actions), NULL);
	/* released even after a failure, so no button stays down for the next step */
	command(wd, "DELETE", "/actions", NULL, NULL);
	return rc;
}

int wd_displayed(struct wd *wd, const char *id)
{
	char tail[256];
	json_t *value = NULL;
	snprintf(tail, sizeof tail, "/element/%s/displayed", id);
	if (command(wd, "GET", tail, NULL, &value))
		return -1;
	int shown = json_is_true(value);
	json_decref(value);
	return shown;
}

int wd_browser_log(struct wd *wd, json_t **entries)
{
	/* chromedriver's extension: the W3C protocol has no log command */
	if (command(wd, "POST", "/se/log", json_pack("{s:s}", "type", "browser"), entries))
		return -1;
	if (!json_is_array(*entries)) {
		json_decref(*entries);
		*entries = NULL;
		fail(wd, "browser log: the answer is not a list");
		return -1;
	}
	return 0;
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes base64 TEXT into a new buffer (caller frees) of *LEN bytes; padding and line breaks skipped. */
static unsigned char *b64_decode(const char *text, size_t *len)
{
	size_t n = strlen(text);
	unsigned char *out = malloc(n / 4 * 3 + 3);
	if (!out)
		return NULL;
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value((unsigned char)text[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	*len = o;
	return out;
}

int wd_screenshot(struct wd *wd, const char *path)
{
	json_t *value = NULL;
	if (command(wd, "GET", "/screenshot", NULL, &value))
		return -1;
	int rc = -1;
	size_t len = 0;
	const char *b64 = json_string_value(value);
	unsigned char *png = b64 ? b64_decode(b64, &len) : NULL;
	FILE *f = png ? fopen(path, "wb") : NULL;
	if (!png)
		fail(wd, "screenshot: no image in the answer");
	else if (!f)
		fail(wd, "screenshot: cannot write %s", path);
	else {
		int written = fwrite(png, 1, len, f) == len;
		if (fclose(f) != 0)
			written = 0;
		if (written)
			rc = 0;
		else
			fail(wd, "screenshot: cannot write %s", path);
	}
	free(png);
	json_decref(value);
	return rc;
}
