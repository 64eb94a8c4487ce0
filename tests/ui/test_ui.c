/*
 * test_ui — the web UI driven in headless Chromium through chromedriver.
 *
 * Builds an archive from examples/ ($DOSSIER_BIN --db T ingest
 * $DOSSIER_SOURCE_DIR/examples), serves it (dossier serve on a free
 * loopback port), starts chromedriver and walks an analyst's path: search
 * 奥斯汀 and see the matches marked, open a report, find Lloyd Austin on
 * the Entities page with every form of his name and his mentions chart,
 * follow an engagement to a pair's timeline, filter the timeline to
 * 奧斯汀 and 董军, open a line's sources and one source's report, list
 * the stories and open one, switch the interface language, see an API
 * error shown, and answer a server with --token through the token form,
 * paging the search results on the way.  The whole timeline's chart, with
 * a made-up report of a 1976 meeting among the examples' 2022-2024
 * events: it opens on 2022-2024 and says what lies outside; its labels
 * never overlap (their boxes measured in the page) at spans of days to
 * fifty years and at 1280 and 800 pixels; buttons, the wheel, keys, a
 * drag and the overview's brush move it, the address and the date fields
 * follow, and Reset comes back.  A PNG of the page is saved after
 * each step in $DOSSIER_UI_ARTIFACTS (default ./ui-artifacts) and the
 * browser console must hold no script error or CSP violation.
 *
 * Exits 0 when all holds, 1 on the first failure (with a screenshot
 * fail-STEP.png and the server's log), 77 when chromium or chromedriver
 * is missing (a failure under CI=true).  Every process it starts is
 * stopped at the end, failure or not, by process group; they also die
 * with it (PR_SET_PDEATHSIG) if it is killed.
 *
 * Environment: DOSSIER_BIN, DOSSIER_SOURCE_DIR (required);
 * DOSSIER_UI_ARTIFACTS; CHROMIUM, CHROMEDRIVER (programs, else found on
 * PATH); DOSSIER_UI_WAIT_MS (each wait's limit, default 20000: generous
 * for an ASan server; nothing is timed, waits poll for a state).
 */
#define _GNU_SOURCE
#include "webdriver.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TOKEN "ui-test-token-5f1c"
#define ENTER "\xee\x80\x87"  /* WebDriver's Enter key, U+E007 */

static struct {
	const char *bin;
	const char *src;
	char artifacts[PATH_MAX];
	char tmp[PATH_MAX];
	pid_t server, token_server, driver;
	char server_log[PATH_MAX + 32], token_log[PATH_MAX + 32];
	struct wd wd;
	int wait_ms;
	int shot;              /* screenshots taken, for their numbers */
	const char *step;      /* what is being checked, for messages */
} T;

/* ---- processes ------------------------------------------------------------- */

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/*
 * Starts ARGV (argv[0] a path) in its own process group with stdout and
 * stderr appended to LOG; the child dies with us.  Returns its pid, -1
 * when fork fails.
 */
static pid_t spawn(char *const argv[], const char *log)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		int in = open("/dev/null", O_RDONLY);
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (in < 0 || out < 0)
			_exit(127);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		execv(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);  /* also here: no window where a kill misses it */
	return pid;
}

/*
 * Stops the process group PID started by spawn(): SIGTERM, up to 10 s,
 * then SIGKILL.  Returns the leader's wait status (-1 when none).
 */
static int stop(pid_t *pid)
{
	int status = -1;
	if (*pid <= 0)
		return -1;
	kill(-*pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(*pid, &status, WNOHANG) == *pid)
			break;
		sleep_ms(100);
		if (i == 99) {
			kill(-*pid, SIGKILL);
			waitpid(*pid, &status, 0);
		}
	}
	kill(-*pid, SIGKILL);  /* whatever the leader left behind (chromium) */
	*pid = 0;
	return status;
}

/* 1 while PID runs; 0 once it exited (reaped, *PID cleared). */
static int alive(pid_t *pid)
{
	int status;
	if (*pid <= 0)
		return 0;
	if (waitpid(*pid, &status, WNOHANG) == *pid) {
		kill(-*pid, SIGKILL);
		*pid = 0;
		return 0;
	}
	return 1;
}

/* Runs ARGV to completion with output to LOG; its exit status, or -1. */
static int run(char *const argv[], const char *log)
{
	pid_t pid = spawn(argv, log);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A loopback port nothing listens on (the kernel's pick, released). */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int port = -1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* NAME as an executable path: $ENVVAR, else NAME itself if it has a '/', else along PATH. */
static int find_program(const char *envvar, const char *name, char *out, size_t outsz)
{
	const char *e = getenv(envvar);
	if (e && *e)
		name = e;
	if (strchr(name, '/')) {
		snprintf(out, outsz, "%s", name);
		return access(out, X_OK);
	}
	const char *path = getenv("PATH");
	char *copy = strdup(path && *path ? path : "/usr/bin:/bin");
	int rc = -1;
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, outsz, "%s/%s", dir, name);
		if (access(out, X_OK) == 0) {
			rc = 0;
			break;
		}
	}
	free(copy);
	return rc;
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* The HTTP status of GET URL, 0 when nothing answers. */
static long http_status(const char *url)
{
	long status = 0;
	CURL *c = curl_easy_init();
	if (!c)
		return 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	return status;
}

/*
 * Starts `dossier --db DB serve --listen 127.0.0.1:PORT [--token TOKEN]`
 * with its log at LOG and waits until /api/stats answers (200, or 401 with
 * a token).  Returns the pid, -1 (with a message) when it never answers.
 */
static pid_t start_server(const char *db, int port, const char *token, const char *log)
{
	char listen[64], url[128];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	snprintf(url, sizeof url, "http://%s/api/stats", listen);
	char *argv[] = { (char *)T.bin, "--db", (char *)db, "serve", "--listen", listen,
	                 token ? "--token" : NULL, (char *)token, NULL };
	pid_t pid = spawn(argv, log);
	if (pid < 0) {
		fprintf(stderr, "cannot start the server: %s\n", strerror(errno));
		return -1;
	}
	long want = token ? 401 : 200;
	for (int waited = 0; waited <= T.wait_ms; waited += 100) {
		long st = http_status(url);
		if (st == want)
			return pid;
		if (!alive(&pid)) {
			fprintf(stderr, "the server exited before answering; its log: %s\n", log);
			return -1;
		}
		sleep_ms(100);
	}
	fprintf(stderr, "the server never answered %s with %ld; its log: %s\n", url, want, log);
	stop(&pid);
	return -1;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void on_signal(int sig)
{
	/* async-signal-safe: only kill(); the children also die with us */
	if (T.driver > 0)
		kill(-T.driver, SIGKILL);
	if (T.server > 0)
		kill(-T.server, SIGKILL);
	if (T.token_server > 0)
		kill(-T.token_server, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- checks ------------------------------------------------------------------ */

/* Prints the failure of the current step and saves a screenshot of it; returns -1. */
static int failed(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL [%s]: ", T.step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (T.wd.base[0]) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof path, "%s/fail-%s.png", T.artifacts, T.step);
		json_t *url = NULL;
		if (wd_exec(&T.wd, "return location.href + ' ready=' + document.body.dataset.ready", NULL, &url) == 0)
			fprintf(stderr, "  page: %s\n", json_string_value(url) ? json_string_value(url) : "?");
		json_decref(url);
		if (wd_screenshot(&T.wd, path) == 0)
			fprintf(stderr, "  screenshot: %s\n", path);
	}
	return -1;
}

#define WD(call) do { if ((call) != 0) return failed("%s", T.wd.err); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) return failed(__VA_ARGS__); } while (0)

static int screenshot(const char *name)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%02d-%s.png", T.artifacts, ++T.shot, name);
	WD(wd_screenshot(&T.wd, path));
	printf("screenshot: %s\n", path);
	return 0;
}

/* Runs SCRIPT with one string argument and gives its value (caller frees). */
static json_t *js(const char *script, const char *arg)
{
	json_t *v = NULL;
	json_t *args = arg ? json_pack("[s]", arg) : json_array();
	if (wd_exec(&T.wd, script, args, &v))
		return NULL;
	return v;
}

/* The integer SCRIPT returns, -1 on failure. */
static long js_int(const char *script, const char *arg)
{
	json_t *v = js(script, arg);
	long n = json_is_integer(v) ? (long)json_integer_value(v) : -1;
	json_decref(v);
	return n;
}

/* The string SCRIPT returns, into OUT; "" on failure. */
static void js_str(const char *script, const char *arg, char *out, size_t outsz)
{
	json_t *v = js(script, arg);
	snprintf(out, outsz, "%s", json_string_value(v) ? json_string_value(v) : "");
	json_decref(v);
}

/* Marks the current view stale, so a wait for "ready" sees the next render, not this one. */
static int mark_stale(void)
{
	WD(wd_exec(&T.wd, "document.body.dataset.ready = 'stale'; return 1;", NULL, NULL));
	return 0;
}

/* Waits until VIEW has finished loading and EXTRA (a JS expression, or NULL) holds. */
static int wait_view(const char *view, const char *extra)
{
	char script[1024], what[1024];
	snprintf(script, sizeof script,
	         "return document.body.dataset.ready === '1' && document.body.dataset.view === '%s' && (%s);",
	         view, extra ? extra : "true");
	snprintf(what, sizeof what, "view %s loaded%s%s", view, extra ? " and " : "", extra ? extra : "");
	WD(wd_wait(&T.wd, script, what, T.wait_ms));
	return 0;
}

static int click(const char *css)
{
	char id[128];
	WD(wd_find(&T.wd, css, id, sizeof id));
	WD(wd_click(&T.wd, id));
	return 0;
}

static int type(const char *css, const char *text)
{
	char id[128];
	WD(wd_find(&T.wd, css, id, sizeof id));
	WD(wd_type(&T.wd, id, text));
	return 0;
}

static int displayed(const char *css)
{
	char id[128];
	if (wd_find(&T.wd, css, id, sizeof id))
		return 0;
	return wd_displayed(&T.wd, id) == 1;
}

/* No script error or CSP violation in the console since the last look. */
static int console_clean(void)
{
	json_t *entries = NULL;
	WD(wd_browser_log(&T.wd, &entries));
	size_t i;
	json_t *e;
	int bad = 0;
	json_array_foreach(entries, i, e) {
		const char *level = json_string_value(json_object_get(e, "level"));
		const char *msg = json_string_value(json_object_get(e, "message"));
		if (!level || !msg || strcmp(level, "SEVERE"))
			continue;
		/* an API error answer is logged by the browser and is expected where tested */
		if (strstr(msg, "Failed to load resource"))
			continue;
		fprintf(stderr, "console: %s\n", msg);
		bad = 1;
	}
	json_decref(entries);
	CHECK(!bad, "the browser console reports errors (above)");
	return 0;
}

/* ---- the walk ---------------------------------------------------------------- */

static int step_search(const char *base)
{
	T.step = "search";
	char url[256];
	snprintf(url, sizeof url, "%s/", base);
	WD(wd_go(&T.wd, url));
	if (wait_view("search", "!!document.querySelector('#q')"))
		return -1;
	if (screenshot("home"))
		return -1;
	if (mark_stale() || type("#q", "奥斯汀") || click("#search-go"))
		return -1;
	if (wait_view("search", "document.querySelectorAll('.hit').length > 0"))
		return -1;
	/* a hit about Lloyd Austin (either script) with its name marked */
	long marked = js_int(
		"return [...document.querySelectorAll('.hit')].filter(h => "
		"/奧斯汀|奥斯汀/.test(h.querySelector('a.title').textContent) && "
		"[...h.querySelectorAll('.snippet mark')].some(m => /^(奧斯汀|奥斯汀|Lloyd Austin|Austin)$/.test(m.textContent))"
		").length;", NULL);
	CHECK(marked >= 1, "no hit about Austin shows his name in a <mark> (%ld)", marked);
	long raw = js_int("return [...document.querySelectorAll('.snippet')].filter(s => /[«»]/.test(s.textContent)).length;", NULL);
	CHECK(raw == 0, "%ld snippets still show « » instead of marks", raw);
	char total[256];
	js_str("return document.querySelector('#total').textContent;", NULL, total, sizeof total);
	CHECK(strpbrk(total, "0123456789") != NULL, "the total line shows no count: '%s'", total);
	printf("search 奥斯汀: %s, %ld hits about Austin marked\n", total, marked);
	if (screenshot("search"))
		return -1;

	/* more hits than a page: the next page and back */
	T.step = "search-pages";
	long pages = js_int("return document.querySelector('#next') ? 1 : 0;", NULL);
	long hits = js_int("return document.querySelectorAll('.hit').length;", NULL);
	CHECK(pages == 1 || hits < 20, "%ld hits on the page and no next page", hits);
	if (pages == 1) {
		if (mark_stale() || click("#next") ||
		    wait_view("search", "location.hash.includes('offset=20') && document.querySelectorAll('.hit').length > 0"))
			return -1;
		long first = js_int("return document.querySelector('#hits').start;", NULL);
		CHECK(first == 21, "the second page starts at %ld", first);
		if (mark_stale() || click("#prev") ||
		    wait_view("search", "location.hash.includes('offset=0') && document.querySelectorAll('.hit').length > 0"))
			return -1;
		printf("search pages: next and previous\n");
	}
	return 0;
}

static int step_doc(void)
{
	T.step = "doc";
	char title[512], shown[512];
	/* the Singapore meeting report if it is listed, else the first hit */
	js_str("const as = [...document.querySelectorAll('.hit a.title')];"
	       "const a = as.find(x => /董[軍军]/.test(x.textContent)) || as[0];"
	       "a.id = 'picked-hit'; return a.textContent;", NULL, title, sizeof title);
	CHECK(title[0], "no hit title to click");
	if (mark_stale() || click("#picked-hit") || wait_view("doc", "!!document.querySelector('#doc-title')"))
		return -1;
	js_str("return document.querySelector('#doc-title').textContent;", NULL, shown, sizeof shown);
	CHECK(strcmp(title, shown) == 0, "clicked '%s' but the page shows '%s'", title, shown);
	long paras = js_int("return document.querySelectorAll('#doc-body p').length;", NULL);
	CHECK(paras >= 1, "the document shows no paragraphs");
	printf("document: %s (%ld paragraphs)\n", shown, paras);
	return screenshot("doc");
}

/*
 * Undated reports: "date unknown" in the hit and on the page, never the
 * time the feed file was saved; a day read from the address says so.
 */
static int step_dates(void)
{
	T.step = "dates";
	if (mark_stale() || click("#nav-search") ||
	    wait_view("search", "!!document.querySelector('#q')"))
		return -1;
	WD(wd_exec(&T.wd, "document.querySelector('#q').value = ''; return 1;", NULL, NULL));
	if (mark_stale() || type("#q", "档案测试") || click("#search-go") ||
	    wait_view("search", "document.querySelectorAll('.hit').length >= 2"))
		return -1;
	char none[256], url[256];
	js_str("const h = [...document.querySelectorAll('.hit')].find(x => /什么也没有/.test(x.textContent));"
	       "return h ? h.querySelector('.meta').textContent : '';", NULL, none, sizeof none);
	js_str("const h = [...document.querySelectorAll('.hit')].find(x => /地址里有日子/.test(x.textContent));"
	       "return h ? h.querySelector('.meta').textContent : '';", NULL, url, sizeof url);
	CHECK(strstr(none, "date unknown") != NULL, "an undated hit shows '%s'", none);
	CHECK(strstr(url, "2004-08-29 (from the URL)") != NULL, "a hit dated by its address shows '%s'", url);
	js_str("const a = [...document.querySelectorAll('.hit a.title')].find(x => /什么也没有/.test(x.textContent));"
	       "a.id = 'undated-hit'; return a.textContent;", NULL, none, sizeof none);
	if (mark_stale() || click("#undated-hit") || wait_view("doc", "!!document.querySelector('#doc-title')"))
		return -1;
	char facts[1024];
	js_str("return document.querySelector('dl.facts').textContent;", NULL, facts, sizeof facts);
	CHECK(strstr(facts, "date unknown") != NULL, "an undated document's facts: '%s'", facts);
	printf("dates: undated shown as unknown, the address's day with its source\n");
	return screenshot("undated");
}

static int step_entity(void)
{
	T.step = "entity";
	if (mark_stale() || click("#nav-entities") || wait_view("entities", "!!document.querySelector('#entity-q')"))
		return -1;
	if (mark_stale() || type("#entity-q", "Austin" ENTER))
		return -1;
	if (wait_view("entities", "location.hash.includes('q=Austin') && "
	              "!!document.querySelector('.entity-item[data-type=\"person\"] a.name')"))
		return -1;
	if (screenshot("entities"))
		return -1;
	if (mark_stale() || click(".entity-item[data-type=\"person\"] a.name") ||
	    wait_view("entity", "!!document.querySelector('#entity-name')"))
		return -1;
	const char *forms[] = { "奧斯汀", "奥斯汀", "Lloyd Austin" };
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		long n = js_int("return [...document.querySelectorAll('#aliases .alias')]"
		                ".filter(a => a.textContent === arguments[0]).length;", forms[i]);
		CHECK(n == 1, "the aliases do not show '%s' once (%ld)", forms[i], n);
	}
	long bars = js_int("return document.querySelectorAll('#mentions-chart rect.bar').length;", NULL);
	CHECK(bars >= 1, "the mentions chart has no bars (%ld)", bars);
	long eng = js_int("return document.querySelectorAll('.engagement').length;", NULL);
	CHECK(eng >= 1, "no engagements listed");
	long docs = js_int("return document.querySelectorAll('#entity-docs a[href^=\"#/doc/\"]').length;", NULL);
	CHECK(docs >= 1, "no documents listed");
	printf("entity: %ld months with mentions, %ld engagements, %ld documents\n", bars, eng, docs);
	if (screenshot("entity"))
		return -1;

	/* an engagement opens the pair's timeline */
	T.step = "engagement";
	char who[128];
	js_str("const as = [...document.querySelectorAll('.engagement a.pair')];"
	       "const a = as.find(x => /董[軍军]/.test(x.textContent)) || as[0];"
	       "a.id = 'picked-pair'; return a.textContent;", NULL, who, sizeof who);
	if (mark_stale() || click("#picked-pair"))
		return -1;
	if (wait_view("timeline", "location.hash.split('actor_id=').length === 3"))
		return -1;
	long lines = js_int("return document.querySelectorAll('.tl-line').length;", NULL);
	CHECK(lines >= 1, "the timeline of Austin and %s is empty", who);
	printf("engagement with %s: %ld timeline lines\n", who, lines);
	return screenshot("engagement-timeline");
}

static int step_timeline(void)
{
	T.step = "timeline";
	if (mark_stale() || click("#nav-timeline") || wait_view("timeline", "!!document.querySelector('#actor1')"))
		return -1;
	if (mark_stale() || type("#actor1", "奧斯汀") || type("#actor2", "董军") || click("#timeline-go"))
		return -1;
	if (wait_view("timeline", "location.hash.includes('actor=') && document.querySelectorAll('.tl-line').length > 0"))
		return -1;
	long marks = js_int("return document.querySelectorAll('#timeline-axis .mark').length;", NULL);
	CHECK(marks >= 1, "the axis shows no marks");
	CHECK(!displayed("#line-0 .tl-source"), "a line's sources show before it is opened");
	if (click("#line-0 .tl-head"))
		return -1;
	WD(wd_wait(&T.wd, "return document.querySelector('#line-0').classList.contains('open');", "line 0 open", T.wait_ms));
	CHECK(displayed("#line-0 .tl-source"), "the opened line shows no sources");
	long sources = js_int("return document.querySelectorAll('#line-0 .tl-source').length;", NULL);
	printf("timeline 奧斯汀 + 董军: %ld marks, line 0 has %ld sources\n", marks, sources);
	if (screenshot("timeline"))
		return -1;

	/* a mark on the axis opens its line */
	T.step = "timeline-mark";
	char line[32];
	js_str("const m = [...document.querySelectorAll('#timeline-axis .mark')].pop();"
	       "m.id = 'picked-mark'; return m.dataset.line;", NULL, line, sizeof line);
	CHECK(line[0], "the axis marks carry no line number");
	if (click("#picked-mark"))
		return -1;
	char opened[256];
	snprintf(opened, sizeof opened,
	         "const l = document.getElementById('line-%s'); return !!l && l.classList.contains('open');", line);
	WD(wd_wait(&T.wd, opened, "the clicked mark's line open", T.wait_ms));

	T.step = "open-report";
	char target[64];
	js_str("return document.querySelector('#line-0 .tl-source a.open-doc').getAttribute('href');", NULL, target, sizeof target);
	CHECK(strncmp(target, "#/doc/", 6) == 0, "'open the report' links to '%s'", target);
	if (mark_stale() || click("#line-0 .tl-source a.open-doc") ||
	    wait_view("doc", "document.querySelector('#doc-title') && document.querySelector('#doc-title').textContent.length > 0"))
		return -1;
	char hash[64];
	js_str("return location.hash;", NULL, hash, sizeof hash);
	CHECK(strcmp(hash, target) == 0, "opened %s instead of %s", hash, target);
	printf("open the report: %s\n", hash);
	return screenshot("doc-from-timeline");
}

/* ---- the timeline's chart ------------------------------------------------------ */

/* The chart's window as its days: FROM and TO (YYYY-MM-DD, both included). */
static void chart_range(char *from, char *to, size_t sz)
{
	js_str("return document.querySelector('#tl-plot').dataset.from || '';", NULL, from, sz);
	js_str("return document.querySelector('#tl-plot').dataset.to || '';", NULL, to, sz);
}

/* The days the chart's window spans, -1 when there is no chart. */
static long chart_days(void)
{
	return js_int("const p = document.querySelector('#tl-plot');"
	              "return p ? Math.round((Date.parse(p.dataset.to) - Date.parse(p.dataset.from)) / 864e5) + 1 : -1;",
	              NULL);
}

/* Waits until the chart's window is no longer FROM..TO (drawn again after a move). */
static int wait_range_moved(const char *from, const char *to, const char *what)
{
	char script[512];
	snprintf(script, sizeof script,
	         "const p = document.querySelector('#tl-plot');"
	         "return !!p && (p.dataset.from !== '%s' || p.dataset.to !== '%s');", from, to);
	WD(wd_wait(&T.wd, script, what, T.wait_ms));
	return 0;
}

/*
 * The chart's labels as the browser lays them out: no two <text> boxes of
 * the main chart or the overview intersect, none leaves its SVG, and the
 * axis names at least two ticks.  WHEN says which view, for messages.
 */
static int ticks_apart(const char *when)
{
	char bad[2048];
	js_str("const bad = [];"
	       "for (const id of ['timeline-axis', 'timeline-overview']) {"
	       "  const svg = document.getElementById(id);"
	       "  if (!svg) { bad.push('no #' + id); continue; }"
	       "  const W = svg.getBoundingClientRect().width;"
	       "  const boxes = [...svg.querySelectorAll('text')].map(t => ({ t: t.textContent, b: t.getBBox() }));"
	       "  if (id === 'timeline-axis' && svg.querySelectorAll('text.tick').length < 2)"
	       "    bad.push(id + ': fewer than two tick labels');"
	       "  for (let i = 0; i < boxes.length; i++) {"
	       "    const p = boxes[i].b;"
	       "    if (p.x < 0 || p.x + p.width > W + 0.5) bad.push(id + ': ' + boxes[i].t + ' leaves the chart');"
	       "    for (let j = i + 1; j < boxes.length; j++) {"
	       "      const q = boxes[j].b;"
	       "      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)"
	       "        bad.push(id + ': ' + boxes[i].t + ' [' + p.x.toFixed(1) + '+' + p.width.toFixed(1) + '] overlaps ' +"
	       "                 boxes[j].t + ' [' + q.x.toFixed(1) + '+' + q.width.toFixed(1) + ']');"
	       "    }"
	       "  }"
	       "}"
	       "return bad.slice(0, 6).join('; ');", NULL, bad, sizeof bad);
	CHECK(!bad[0], "chart labels at %s: %s", when, bad);
	char unit[32], from[16], to[16];
	js_str("return document.querySelector('#timeline-axis').dataset.unit;", NULL, unit, sizeof unit);
	chart_range(from, to, sizeof from);
	printf("chart %s: %s to %s in %s ticks, %ld labels, none overlapping\n", when, from, to, unit,
	       js_int("return document.querySelectorAll('#timeline-axis text.tick').length;", NULL));
	return 0;
}

/* The list shows exactly the dated lines the note counts, and every undated one. */
static int list_matches_note(void)
{
	long undated = js_int("return [...document.querySelectorAll('.tl-line')].filter(l => l.hidden"
	                      " && l.querySelector('.date.none')).length;", NULL);
	CHECK(undated == 0, "%ld undated lines are hidden by the window", undated);
	long shown = js_int("return [...document.querySelectorAll('.tl-line')].filter(l => !l.hidden"
	                    " && !l.querySelector('.date.none')).length;", NULL);
	char note[512];
	js_str("return document.querySelector('#tl-view-note').textContent;", NULL, note, sizeof note);
	char want[64];
	snprintf(want, sizeof want, ": %ld of ", shown);
	CHECK(strstr(note, want) != NULL, "the list shows %ld dated lines but the note says '%s'", shown, note);
	return 0;
}

/* Pointer ACTIONS on the page at viewport pixels: a mouse dragging from (X0, Y) to (X1, Y). */
static int drag(long x0, long x1, long y)
{
	json_t *acts = json_pack("[{s:s, s:s, s:{s:s}, s:[{s:s, s:i, s:s, s:I, s:I}, {s:s, s:i},"
	                         " {s:s, s:i, s:s, s:I, s:I}, {s:s, s:i}]}]",
	                         "type", "pointer", "id", "mouse", "parameters", "pointerType", "mouse", "actions",
	                         "type", "pointerMove", "duration", 0, "origin", "viewport", "x", (json_int_t)x0, "y", (json_int_t)y,
	                         "type", "pointerDown", "button", 0,
	                         "type", "pointerMove", "duration", 250, "origin", "viewport", "x", (json_int_t)x1, "y", (json_int_t)y,
	                         "type", "pointerUp", "button", 0);
	WD(wd_actions(&T.wd, acts));
	return 0;
}

/* One JS number (rounded), for coordinates. */
static long js_num(const char *script)
{
	json_t *v = js(script, NULL);
	long n = json_is_number(v) ? (long)json_number_value(v) : -1;
	json_decref(v);
	return n;
}

/*
 * The whole timeline, with one report of a 1976 meeting among the
 * examples' 2022-2024 events: the chart opens on where the events are and
 * says what it leaves out; its labels never overlap at 1280 or 800 pixels
 * nor at a few days, months, years or fifty years; buttons, the wheel,
 * keys, a drag on the chart and the overview's brush move it, the address
 * and the date fields follow, and Reset comes back; low-confidence lines
 * are drawn hollow with a legend; report-dated lines keep their mark.
 */
static int step_chart(void)
{
	T.step = "chart";
	if (mark_stale() || click("#nav-timeline") ||
	    wait_view("timeline", "location.hash === '#/timeline' && !!document.querySelector('#timeline-axis .mark')"))
		return -1;
	char from[16], to[16], from0[16], to0[16];
	chart_range(from0, to0, sizeof from0);
	/* the examples' events are 2022-08 to 2024-11: the window starts after 2016 and 1976 and covers 2023-2024 */
	CHECK(strcmp(from0, "2022-01-01") >= 0 && strcmp(from0, "2023-01-01") <= 0 &&
	      strcmp(to0, "2024-11-20") >= 0 && strcmp(to0, "2025-06-30") <= 0,
	      "the chart opens on %s to %s, not on 2023-2024", from0, to0);
	long y1976 = js_int("return [...document.querySelectorAll('.tl-line')].filter(l => "
	                    "/^1976/.test(l.querySelector('.date').textContent)).length;", NULL);
	CHECK(y1976 == 1, "%ld lines of 1976 in the list (the test's own report is one)", y1976);
	long hidden = js_int("return [...document.querySelectorAll('.tl-line')].filter(l => l.hidden && "
	                     "/^(1976|2016)/.test(l.querySelector('.date').textContent)).length;", NULL);
	CHECK(hidden == 2, "the 1976 and 2016 lines are not both left out of the default view (%ld)", hidden);
	char note[512], edge[256];
	js_str("return document.querySelector('#tl-view-note').textContent;", NULL, note, sizeof note);
	js_str("const e = document.querySelector('#edge-earlier'); return e ? e.textContent : '';", NULL, edge, sizeof edge);
	CHECK(strstr(note, "2 outside the view") && strstr(note, "2 earlier (1976–2016)"),
	      "the note does not say what is outside the view: '%s'", note);
	CHECK(strstr(edge, "2 earlier events (1976–2016)") != NULL, "the left edge says '%s'", edge);
	char total[256];
	js_str("return document.querySelector('#total').textContent;", NULL, total, sizeof total);
	long undated = js_int("const l = [...document.querySelectorAll('.tl-line')]; const u = l.filter(x => x.querySelector('.date.none'));"
	                      "return u.length && l.slice(-u.length).every(x => u.includes(x)) ? u.length : 0;", NULL);
	CHECK(undated >= 1 && strstr(total, "without a date (listed last)"),
	      "undated lines are not listed last and counted (%ld; '%s')", undated, total);
	if (list_matches_note())
		return -1;
	char axis[512];
	js_str("return [...document.querySelectorAll('#timeline-axis text.tick')].map(t => t.textContent).join(' ');",
	       NULL, axis, sizeof axis);
	CHECK(strstr(axis, "2023") && strstr(axis, "2024") && !strstr(axis, "1976") && !strstr(axis, "20 "),
	      "the axis is not labelled over 2023-2024: '%s'", axis);
	printf("chart: opens on %s to %s; %s; axis: %s\n", from0, to0, note, axis);

	/* low confidence hollow, with its legend; report dates still starred */
	T.step = "chart-confidence";
	long low = js_int("return [...document.querySelectorAll('#timeline-axis .mark.low circle')]"
	                  ".filter(c => getComputedStyle(c).fill === 'rgb(255, 255, 255)').length;", NULL);
	long lowLines = js_int("return document.querySelectorAll('.tl-line.low .conf').length;", NULL);
	CHECK(low >= 1, "no low-confidence mark drawn hollow");
	CHECK(lowLines >= low, "%ld hollow marks but %ld lines tagged low confidence", low, lowLines);
	CHECK(displayed("#legend-low"), "no legend for low confidence");
	long starred = js_int("return document.querySelectorAll('.tl-line .from-doc').length;", NULL);
	CHECK(starred >= 1, "no line is marked as dated by its report");
	printf("chart: %ld low-confidence marks hollow, %ld lines tagged, %ld report-dated lines starred\n",
	       low, lowLines, starred);
	if (ticks_apart("1280 px, default") || screenshot("chart-1280"))
		return -1;

	/* the + button: half the days, the address and the fields follow */
	T.step = "chart-zoom-in";
	long days0 = chart_days();
	if (click("#zoom-in") || wait_range_moved(from0, to0, "the window after zoom in"))
		return -1;
	chart_range(from, to, sizeof from);
	long days = chart_days();
	CHECK(days < days0 * 6 / 10, "zoom in took %ld days to %ld", days0, days);
	char hash[256], want[128], fields[64];
	js_str("return location.hash;", NULL, hash, sizeof hash);
	snprintf(want, sizeof want, "from=%s&to=%s", from, to);
	CHECK(strstr(hash, want) != NULL, "the address %s does not hold %s", hash, want);
	js_str("return document.querySelector('#from').value + ' ' + document.querySelector('#to').value;",
	       NULL, fields, sizeof fields);
	snprintf(want, sizeof want, "%s %s", from, to);
	CHECK(!strcmp(fields, want), "the date fields say '%s', the chart %s", fields, want);
	if (list_matches_note() || ticks_apart("zoomed in"))
		return -1;

	/* the wheel over the chart zooms in at the pointer */
	T.step = "chart-wheel";
	char id[128];
	WD(wd_find(&T.wd, "#tl-plot", id, sizeof id));
	long wx = js_num("const r = document.querySelector('#tl-plot').getBoundingClientRect(); return r.left + r.width / 2;");
	long wy = js_num("const r = document.querySelector('#tl-plot').getBoundingClientRect(); return r.top + 40;");
	sleep_ms(500);  /* the chart lets a page still scrolling scroll on */
	json_t *wheel = json_pack("[{s:s, s:s, s:[{s:s, s:I, s:I, s:i, s:i, s:i, s:s}]}]",
	                          "type", "wheel", "id", "wheel", "actions",
	                          "type", "scroll", "x", (json_int_t)wx, "y", (json_int_t)wy, "deltaX", 0, "deltaY", -400,
	                          "duration", 0, "origin", "viewport");
	WD(wd_actions(&T.wd, wheel));
	if (wait_range_moved(from, to, "the window after the wheel"))
		return -1;
	long wdays = chart_days();
	CHECK(wdays < days, "the wheel took %ld days to %ld", days, wdays);
	chart_range(from, to, sizeof from);
	js_str("return location.hash;", NULL, hash, sizeof hash);
	snprintf(want, sizeof want, "from=%s&to=%s", from, to);
	CHECK(strstr(hash, want) != NULL, "after the wheel the address %s does not hold %s", hash, want);
	if (ticks_apart("after the wheel"))
		return -1;

	/* keys: - zooms out */
	T.step = "chart-keys";
	WD(wd_keys(&T.wd, id, "-"));
	if (wait_range_moved(from, to, "the window after the - key"))
		return -1;
	long kdays = chart_days();
	CHECK(kdays > wdays, "the - key took %ld days to %ld", wdays, kdays);
	chart_range(from, to, sizeof from);
	WD(wd_keys(&T.wd, id, "\xee\x80\x94"));  /* ArrowRight: later */
	if (wait_range_moved(from, to, "the window after the right arrow"))
		return -1;
	char from2[16], to2[16];
	chart_range(from2, to2, sizeof from2);
	CHECK(strcmp(from2, from) > 0, "the right arrow moved %s to %s", from, from2);
	strcpy(from, from2);
	strcpy(to, to2);

	/* a drag across the chart zooms to that range */
	T.step = "chart-drag";
	long top = js_num("return document.querySelector('#tl-plot').getBoundingClientRect().top + 38;");
	long left = js_num("return document.querySelector('#tl-plot').getBoundingClientRect().left;");
	long width = js_num("return document.querySelector('#tl-plot').getBoundingClientRect().width;");
	if (drag(left + width / 4, left + width / 2, top) || wait_range_moved(from, to, "the window after a drag"))
		return -1;
	long ddays = chart_days();
	CHECK(ddays * 3 < kdays * 2, "a drag over a quarter of the chart took %ld days to %ld", kdays, ddays);
	chart_range(from, to, sizeof from);
	if (ticks_apart("after a drag"))
		return -1;

	/* the overview's band moved right moves the window later */
	T.step = "chart-brush";
	long bx = js_num("const r = document.querySelector('#brush').getBoundingClientRect(); return r.left + r.width / 2;");
	long by = js_num("const r = document.querySelector('#brush').getBoundingClientRect(); return r.top + r.height / 2;");
	if (drag(bx, bx + 60, by) || wait_range_moved(from, to, "the window after the brush moved"))
		return -1;
	chart_range(from2, to2, sizeof from2);
	CHECK(strcmp(from2, from) > 0 && labs(chart_days() - ddays) <= 1,
	      "moving the band took %s..%s to %s..%s", from, to, from2, to2);
	/* two fingers spread apart zoom in */
	T.step = "chart-pinch";
	strcpy(from, from2);
	strcpy(to, to2);
	long cx = left + width / 2;
	json_t *pinch = json_pack("[{s:s, s:s, s:{s:s}, s:[{s:s, s:i, s:s, s:I, s:I}, {s:s, s:i},"
	                          " {s:s, s:i, s:s, s:I, s:I}, {s:s, s:i}]},"
	                          " {s:s, s:s, s:{s:s}, s:[{s:s, s:i, s:s, s:I, s:I}, {s:s, s:i},"
	                          " {s:s, s:i, s:s, s:I, s:I}, {s:s, s:i}]}]",
	                          "type", "pointer", "id", "finger1", "parameters", "pointerType", "touch", "actions",
	                          "type", "pointerMove", "duration", 0, "origin", "viewport", "x", (json_int_t)(cx - 40), "y", (json_int_t)top,
	                          "type", "pointerDown", "button", 0,
	                          "type", "pointerMove", "duration", 300, "origin", "viewport", "x", (json_int_t)(cx - 160), "y", (json_int_t)top,
	                          "type", "pointerUp", "button", 0,
	                          "type", "pointer", "id", "finger2", "parameters", "pointerType", "touch", "actions",
	                          "type", "pointerMove", "duration", 0, "origin", "viewport", "x", (json_int_t)(cx + 40), "y", (json_int_t)top,
	                          "type", "pointerDown", "button", 0,
	                          "type", "pointerMove", "duration", 300, "origin", "viewport", "x", (json_int_t)(cx + 160), "y", (json_int_t)top,
	                          "type", "pointerUp", "button", 0);
	WD(wd_actions(&T.wd, pinch));
	if (wait_range_moved(from, to, "the window after a pinch"))
		return -1;
	long pdays = chart_days();
	CHECK(pdays * 2 < ddays, "spreading two fingers took %ld days to %ld", ddays, pdays);
	chart_range(from2, to2, sizeof from2);
	if (ticks_apart("after a pinch"))
		return -1;
	printf("chart: zoom in %ld -> %ld days, wheel -> %ld, key - -> %ld, drag -> %ld, band moved, pinch -> %ld\n",
	       days0, days, wdays, kdays, ddays, pdays);
	if (screenshot("chart-zoomed"))
		return -1;

	/* Reset: the opening window, and an address without dates */
	T.step = "chart-reset";
	if (click("#zoom-reset") || wait_range_moved(from2, to2, "the window after Reset"))
		return -1;
	chart_range(from, to, sizeof from);
	js_str("return location.hash;", NULL, hash, sizeof hash);
	CHECK(!strcmp(from, from0) && !strcmp(to, to0), "Reset went to %s..%s, not %s..%s", from, to, from0, to0);
	CHECK(!strcmp(hash, "#/timeline"), "after Reset the address is %s", hash);
	js_str("return document.querySelector('#from').value + document.querySelector('#to').value;",
	       NULL, fields, sizeof fields);
	CHECK(!fields[0], "after Reset the date fields say '%s'", fields);

	/* the edge mark widens the view to the earlier lines */
	T.step = "chart-edge";
	if (click("#edge-earlier") || wait_range_moved(from0, to0, "the window after the edge mark"))
		return -1;
	chart_range(from, to, sizeof from);
	CHECK(strcmp(from, "1976-10-08") <= 0 && !strcmp(to, to0), "the edge mark widened to %s..%s", from, to);
	js_str("return document.querySelector('#tl-view-note').textContent;", NULL, note, sizeof note);
	CHECK(!strstr(note, "outside"), "with every line in view the note says '%s'", note);
	if (list_matches_note() || ticks_apart("1976 to 2024"))
		return -1;
	if (screenshot("chart-all") || click("#zoom-reset") || wait_range_moved(from, to, "the window after Reset"))
		return -1;
	return 0;
}

/*
 * A shared address opens on its window, and the labels stay apart at
 * spans from days to fifty years, at 1280 and at 800 pixels.
 */
static int step_chart_spans(const char *base)
{
	static const struct { const char *from, *to, *unit; } spans[] = {
		{ "2023-06-01", "2023-06-04", "day" },
		{ "2023-05-20", "2023-06-10", "day" },
		{ "2023-05-01", "2023-07-31", NULL },
		{ "2023-01-01", "2023-12-31", NULL },
		{ "2021-01-01", "2024-12-31", NULL },
		{ "1976-01-01", "2024-12-31", NULL },
	};
	static const int widths[] = { 1280, 800, 800 };
	static const char *const langs[] = { "en", "en", "zh" };
	for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
		T.step = "chart-width";
		WD(wd_window_size(&T.wd, widths[w], 900));
		/* the interface's language is kept in the browser; Chinese labels are other widths and heights */
		char setlang[128];
		snprintf(setlang, sizeof setlang, "localStorage.setItem('dossier.lang', '%s'); location.reload(); return 1;",
		         langs[w]);
		if (mark_stale())
			return -1;
		WD(wd_exec(&T.wd, setlang, NULL, NULL));
		if (wait_view("timeline", !strcmp(langs[w], "zh") ? "document.querySelector('#nav-search').textContent === '搜索'"
		                                                  : "document.querySelector('#nav-search').textContent === 'Search'"))
			return -1;
		for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
			T.step = "chart-spans";
			char url[256], when[96], from[16], to[16];
			snprintf(url, sizeof url, "%s/#/timeline?from=%s&to=%s", base, spans[i].from, spans[i].to);
			if (mark_stale())
				return -1;
			WD(wd_go(&T.wd, url));
			if (wait_view("timeline", "!!document.querySelector('#timeline-axis') && "
			              "document.querySelector('#tl-plot').clientWidth === "
			              "Number(document.querySelector('#timeline-axis').getAttribute('width'))"))
				return -1;
			chart_range(from, to, sizeof from);
			CHECK(!strcmp(from, spans[i].from) && !strcmp(to, spans[i].to),
			      "the address's window %s..%s opened as %s..%s", spans[i].from, spans[i].to, from, to);
			if (spans[i].unit) {
				char unit[32];
				js_str("return document.querySelector('#timeline-axis').dataset.unit;", NULL, unit, sizeof unit);
				CHECK(!strcmp(unit, spans[i].unit), "%s..%s at %d px is marked in %s, not %s",
				      from, to, widths[w], unit, spans[i].unit);
			}
			snprintf(when, sizeof when, "%d px %s, %s..%s", widths[w], langs[w], from, to);
			if (ticks_apart(when))
				return -1;
		}
		/* the default view at this width, and nothing wider than the window */
		T.step = "chart-default";
		char url[256];
		snprintf(url, sizeof url, "%s/#/timeline", base);
		if (mark_stale())
			return -1;
		WD(wd_go(&T.wd, url));
		if (wait_view("timeline", "!!document.querySelector('#timeline-axis') && "
		              "document.querySelector('#tl-plot').clientWidth === "
		              "Number(document.querySelector('#timeline-axis').getAttribute('width'))"))
			return -1;
		long overflow = js_int("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", NULL);
		CHECK(overflow <= 0, "at %d px the page is %ld px wider than the window", widths[w], overflow);
		char when[64], name[32];
		snprintf(when, sizeof when, "%d px %s, default", widths[w], langs[w]);
		snprintf(name, sizeof name, "chart-%d-%s", widths[w], langs[w]);
		if (ticks_apart(when) || (widths[w] == 800 && screenshot(name)))
			return -1;
	}
	WD(wd_window_size(&T.wd, 1280, 900));
	WD(wd_exec(&T.wd, "localStorage.setItem('dossier.lang', 'en'); return 1;", NULL, NULL));
	if (mark_stale())
		return -1;
	WD(wd_exec(&T.wd, "location.reload(); return 1;", NULL, NULL));
	if (wait_view("timeline", "document.querySelector('#nav-search').textContent === 'Search'"))
		return -1;
	return 0;
}

static int step_stories(void)
{
	T.step = "stories";
	if (mark_stale() || click("#nav-stories") || wait_view("stories", "document.querySelectorAll('.story').length > 0"))
		return -1;
	long stories = js_int("return document.querySelectorAll('.story').length;", NULL);
	long two = js_int("return [...document.querySelectorAll('.story')]"
	                  ".filter(s => s.querySelectorAll('.member a[href^=\"#/doc/\"]').length >= 2).length;", NULL);
	CHECK(two == stories, "%ld of %ld stories list fewer than two reports", stories - two, stories);
	if (screenshot("stories"))
		return -1;
	char title[512], shown[512];
	js_str("return document.querySelector('.story h3 a').textContent;", NULL, title, sizeof title);
	if (mark_stale() || click(".story h3 a") || wait_view("story", "!!document.querySelector('#story-title')"))
		return -1;
	js_str("return document.querySelector('#story-title').textContent;", NULL, shown, sizeof shown);
	CHECK(!strcmp(title, shown), "clicked story '%s' but the page shows '%s'", title, shown);
	long members = js_int("return document.querySelectorAll('.member').length;", NULL);
	CHECK(members >= 2, "the story page lists %ld reports", members);
	printf("stories: %ld listed; '%s' has %ld reports\n", stories, shown, members);
	return 0;
}

static int step_language(void)
{
	T.step = "language";
	char before[64], after[64], view[32];
	js_str("return document.querySelector('#nav-search').textContent;", NULL, before, sizeof before);
	js_str("return document.body.dataset.view;", NULL, view, sizeof view);
	if (mark_stale() || click("#lang-toggle") || wait_view(view, NULL))
		return -1;
	js_str("return document.querySelector('#nav-search').textContent;", NULL, after, sizeof after);
	CHECK((!strcmp(before, "Search") && !strcmp(after, "搜索")) || (!strcmp(before, "搜索") && !strcmp(after, "Search")),
	      "the toggle turned '%s' into '%s'", before, after);
	printf("language: %s -> %s\n", before, after);
	return screenshot("language");
}

static int step_error(void)
{
	T.step = "api-error";
	/* a lone quote: the API answers 400 bad_query and the page says why */
	if (mark_stale())
		return -1;
	WD(wd_exec(&T.wd, "location.hash = '#/search?q=%22'; return 1;", NULL, NULL));
	if (wait_view("search", NULL))
		return -1;
	CHECK(displayed("#error"), "no error shown for the query '\"'");
	char msg[512];
	js_str("return document.querySelector('#error').textContent;", NULL, msg, sizeof msg);
	printf("error shown: %s\n", msg);
	return screenshot("api-error");
}

static int step_token(const char *base)
{
	T.step = "token";
	char url[256];
	snprintf(url, sizeof url, "%s/", base);
	WD(wd_go(&T.wd, url));
	if (wait_view("search", NULL))
		return -1;
	CHECK(displayed("#token-form"), "a 401 did not bring up the token form");
	CHECK(displayed("#token"), "no token field");
	if (screenshot("token-asked"))
		return -1;
	if (mark_stale() || type("#token", TOKEN) || click("#token-submit"))
		return -1;
	if (wait_view("search", "!!document.querySelector('#q')"))
		return -1;
	CHECK(!displayed("#token-form"), "the token form stays after a right token");
	if (mark_stale() || type("#q", "董军" ENTER) ||
	    wait_view("search", "document.querySelectorAll('.hit').length > 0"))
		return -1;
	printf("token: accepted, search works with it\n");
	return screenshot("token-search");
}

/* ---- setup and teardown -------------------------------------------------------- */

static void teardown(void)
{
	wd_close(&T.wd);
	stop(&T.driver);
	int st = stop(&T.server);
	stop(&T.token_server);
	if (st != -1 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0) && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM))
		fprintf(stderr, "note: the server ended with status %d on SIGTERM\n", st);
	if (T.tmp[0])
		nftw(T.tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	curl_global_cleanup();
}

/* 1 when LOG holds a sanitizer report. */
static int sanitizer_report(const char *log)
{
	FILE *f = fopen(log, "r");
	char line[4096];
	int found = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (strstr(line, "ERROR: AddressSanitizer") || strstr(line, "ERROR: LeakSanitizer") ||
		    strstr(line, "runtime error:"))
			found = 1;
	fclose(f);
	return found;
}

static int walk(void)
{
	char chromium[PATH_MAX], driver[PATH_MAX];
	int ci = getenv("CI") && !strcmp(getenv("CI"), "true");
	if (find_program("CHROMIUM", "chromium", chromium, sizeof chromium) ||
	    find_program("CHROMEDRIVER", "chromedriver", driver, sizeof driver)) {
		fprintf(stderr, "%s: chromium or chromedriver is missing (Debian: apt-get install chromium chromium-driver)\n",
		        ci ? "FAIL" : "skip");
		return ci ? 1 : 77;
	}
	T.bin = getenv("DOSSIER_BIN");
	T.src = getenv("DOSSIER_SOURCE_DIR");
	if (!T.bin || !T.src) {
		fprintf(stderr, "FAIL: set DOSSIER_BIN and DOSSIER_SOURCE_DIR\n");
		return 1;
	}
	const char *art = getenv("DOSSIER_UI_ARTIFACTS");
	snprintf(T.artifacts, sizeof T.artifacts, "%s", art && *art ? art : "ui-artifacts");
	mkdir(T.artifacts, 0755);
	const char *w = getenv("DOSSIER_UI_WAIT_MS");
	T.wait_ms = w && atoi(w) > 0 ? atoi(w) : 20000;

	const char *tmpdir = getenv("TMPDIR");
	snprintf(T.tmp, sizeof T.tmp, "%s/dossier-ui-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(T.tmp)) {
		T.tmp[0] = '\0';
		fprintf(stderr, "FAIL: cannot make a temporary folder: %s\n", strerror(errno));
		return 1;
	}
	char db[PATH_MAX + 16], examples[PATH_MAX], log[PATH_MAX + 32];
	snprintf(db, sizeof db, "%s/ui.db", T.tmp);
	snprintf(examples, sizeof examples, "%s/examples", T.src);
	snprintf(log, sizeof log, "%s/ingest.log", T.artifacts);
	unlink(log);
	/* Two undated feed items besides the examples (written here). */
	char feed[PATH_MAX + 16];
	snprintf(feed, sizeof feed, "%s/undated.xml", T.tmp);
	FILE *f = fopen(feed, "w");
	if (!f) {
		fprintf(stderr, "FAIL: cannot write %s\n", feed);
		return 1;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
	      "<title>旧博客</title><link>http://blog.example.net/</link><description>x</description>"
	      "<item><title>档案测试：地址里有日子</title>"
	      "<link>http://blog.example.net/archives/2004_08_29_archive.html#1</link>"
	      "<description>档案测试的一篇，没有日期。</description></item>"
	      "<item><title>档案测试：什么也没有</title><link>http://blog.example.net/p/none</link>"
	      "<description>档案测试的另一篇，也没有日期。日本首相岸田文雄与韩国总统尹锡悅通电话。</description></item>"
	      "</channel></rss>\n", f);
	fclose(f);
	/*
	 * A stray old event among the examples' 2022-2024 ones: one report
	 * (written here, in our own words, saying it is made up) of a meeting
	 * in 1976, for the chart's outliers.
	 */
	char old[PATH_MAX + 16];
	snprintf(old, sizeof old, "%s/old.xml", T.tmp);
	f = fopen(old, "w");
	if (!f) {
		fprintf(stderr, "FAIL: cannot write %s\n", old);
		return 1;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
	      "<title>测试回顾</title><link>http://history.example.net/</link><description>x</description>"
	      "<item><title>回顾：一次旧日会面</title><link>http://history.example.net/p/1976</link>"
	      "<pubDate>Mon, 12 Feb 2024 08:00:00 +0800</pubDate>"
	      "<description>1976年10月8日，美国国务卿布林肯在北京与中国外交部长王毅会面。"
	      "这是为测试时间轴而写的回顾，日期与人物都是虚构的。</description></item>"
	      "</channel></rss>\n", f);
	fclose(f);
	char *ingest[] = { (char *)T.bin, "--db", db, "ingest", examples, feed, old, NULL };
	if (run(ingest, log) != 0) {
		fprintf(stderr, "FAIL: ingest of %s failed; its log: %s\n", examples, log);
		return 1;
	}

	int port = free_port();
	snprintf(T.server_log, sizeof T.server_log, "%s/server.log", T.artifacts);
	unlink(T.server_log);
	T.server = start_server(db, port, NULL, T.server_log);
	if (T.server < 0)
		return 1;
	int tport = free_port();
	snprintf(T.token_log, sizeof T.token_log, "%s/server-token.log", T.artifacts);
	unlink(T.token_log);
	T.token_server = start_server(db, tport, TOKEN, T.token_log);
	if (T.token_server < 0)
		return 1;

	int dport = free_port();
	char port_arg[32], dlog[PATH_MAX + 32], profile[PATH_MAX + 32];
	snprintf(port_arg, sizeof port_arg, "--port=%d", dport);
	snprintf(dlog, sizeof dlog, "%s/chromedriver.log", T.artifacts);
	unlink(dlog);
	char *dargv[] = { driver, port_arg, NULL };
	T.driver = spawn(dargv, dlog);
	snprintf(profile, sizeof profile, "--user-data-dir=%s/chrome", T.tmp);
	const char *args[] = { "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
	                       "--lang=en-US", profile };
	T.step = "session";
	WD(wd_open(&T.wd, dport, chromium, args, (int)(sizeof args / sizeof *args), T.wait_ms));

	char base[64], tbase[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	snprintf(tbase, sizeof tbase, "http://127.0.0.1:%d", tport);
	int rc = step_search(base);
	if (!rc) rc = console_clean();
	if (!rc) rc = step_doc();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_dates();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_entity();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_timeline();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_chart();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_chart_spans(base);
	if (!rc) rc = console_clean();
	if (!rc) rc = step_stories();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_language();
	if (!rc) rc = console_clean();
	if (!rc) rc = step_error();
	if (!rc) rc = step_token(tbase);
	if (rc) {
		fprintf(stderr, "logs: %s %s %s\n", T.server_log, T.token_log, dlog);
		return 1;
	}
	printf("ui: all steps passed; screenshots in %s\n", T.artifacts);
	return 0;
}

int main(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	setvbuf(stdout, NULL, _IOLBF, 0);
	int rc = walk();
	teardown();
	/* a sanitizer reports at exit too, so the logs are read once the servers are gone */
	if (rc == 0 && (sanitizer_report(T.server_log) || sanitizer_report(T.token_log))) {
		fprintf(stderr, "FAIL: a server's log holds a sanitizer report: %s %s\n", T.server_log, T.token_log);
		rc = 1;
	}
	return rc;
}
