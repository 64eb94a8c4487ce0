/*
 * dossier feeds list | add URL | remove URL | set URL | import FILE.opml | export
 * — the subscriptions that 'dossier fetch' refreshes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "fetch/fetch.h"
#include "store/store.h"

static const char feeds_help[] =
	"usage: dossier feeds list [--json]\n"
	"       dossier feeds add URL [--title T] [--fulltext] [--interval SECONDS]\n"
	"       dossier feeds remove URL\n"
	"       dossier feeds set URL [--fulltext on|off] [--interval SECONDS]\n"
	"       dossier feeds import FILE.opml\n"
	"       dossier feeds export\n"
	"\n"
	"The feeds 'dossier fetch' refreshes.\n"
	"\n"
	"  list     each feed: URL, title, items stored, last success, next due,\n"
	"           last error (--json: one object per feed)\n"
	"  add      subscribe (fetched by the next 'dossier fetch')\n"
	"  remove   unsubscribe; the feed's items stay in the archive\n"
	"  set      change a feed's settings\n"
	"  import   subscribe to every feed of an OPML file\n"
	"  export   the subscriptions as OPML 2.0 on stdout\n"
	"\n"
	"  --fulltext on|off   for items that carry only a summary, fetch the\n"
	"                      article page and keep its text (default off)\n"
	"  --interval SECONDS  time between fetches (default 3600)\n";

static const struct cli_opt feeds_opts[] = {
	{ "--json", 0, 0 },
	{ "--title", 1, 0 },
	{ "--fulltext", 0, 0 },
	{ "--interval", 1, 0 },
	{ NULL, 0, 0 },
};

/* `set` takes --fulltext with a value. */
static const struct cli_opt set_opts[] = {
	{ "--fulltext", 1, 0 },
	{ "--interval", 1, 0 },
	{ NULL, 0, 0 },
};

/* The most an OPML file may weigh. */
#define OPML_MAX_FILE ((size_t)16 << 20)

static int is_http_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) ? s[7] != '\0'
	       : !strncasecmp(s, "https://", 8) ? s[8] != '\0' : 0;
}

static int parse_interval(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s)
		return CLI_OK;
	v = strtoll(s, &end, 10);
	if (!*s || *end || v < 60 || v > 365LL * 86400) {
		cli_error("feeds: --interval wants seconds from 60 to 31536000, not '%s'", s);
		return CLI_USAGE;
	}
	*out = v;
	return CLI_OK;
}

/* Exactly `n` positionals after the subcommand. */
static int want_args(const struct cli_args *a, size_t n, const char *what)
{
	if (a->n_positional == n + 1)
		return CLI_OK;
	cli_error("feeds %s: %s (see 'dossier feeds --help')", a->positional[0],
		  a->n_positional < n + 1 ? what : "too many arguments");
	return CLI_USAGE;
}

/* ---- list ---------------------------------------------------------------------- */

static json_t *json_time(int64_t ms)
{
	char iso[DATETIME_ISO_MAX];

	if (ms == DOC_TIME_NONE)
		return json_null();
	datetime_format_iso(ms, iso);
	return iso[0] ? json_string(iso) : json_null();
}

static json_t *json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void print_feed_json(const struct store_feed *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "url", json_string(f->url));
	json_object_set_new(o, "title", json_str(f->title));
	json_object_set_new(o, "site", json_str(f->site));
	json_object_set_new(o, "items", json_integer(f->items));
	json_object_set_new(o, "added", json_time(f->added));
	json_object_set_new(o, "last_attempt", json_time(f->last_attempt));
	json_object_set_new(o, "last_success", json_time(f->last_success));
	json_object_set_new(o, "last_status", f->last_status ? json_integer(f->last_status)
							     : json_null());
	json_object_set_new(o, "last_error", json_str(f->last_error));
	json_object_set_new(o, "failures", json_integer(f->failures));
	json_object_set_new(o, "next_due", json_time(f->next_due));
	json_object_set_new(o, "interval", json_integer(f->interval));
	json_object_set_new(o, "fulltext", json_boolean(f->fulltext));
	json_object_set_new(o, "etag", json_str(f->etag));
	json_object_set_new(o, "last_modified", json_str(f->last_modified));
	cli_print_json(o);
	json_decref(o);
}

/*
 * Text, for reading: a block per feed, its title and address on the first
 * line, how it fares on the next, the last error (if any) after that.
 * Scripts want --json.
 */
static void print_feed_text(const struct store_feed *f, int64_t now)
{
	char ok[DATETIME_ISO_MAX] = "never", due[DATETIME_ISO_MAX] = "now";
	char *url = cli_display_url(f->url);

	if (f->last_success != DOC_TIME_NONE)
		datetime_format_iso(f->last_success, ok);
	if (f->next_due > now)
		datetime_format_iso(f->next_due, due);
	cli_printf(stdout, "%s  <%s>\n", f->title ? f->title : "(untitled)", url ? url : f->url);
	printf("    %lld item%s · last success %s · next due %s%s\n", (long long)f->items,
	       f->items == 1 ? "" : "s", ok, due, f->fulltext ? " · full text" : "");
	if (f->last_error)
		cli_printf(stdout, "    last error: %s (%d failure%s in a row)\n", f->last_error, f->failures,
		       f->failures == 1 ? "" : "s");
	free(url);
}

static int feeds_list(struct store *s, const struct cli_args *a)
{
	int json = cli_opt(a, feeds_opts, "--json") != NULL;
	int64_t now = datetime_now();
	struct store_feed *list;
	size_t n;
	struct err e;

	if (want_args(a, 0, ""))
		return CLI_USAGE;
	if (store_feed_list(s, DOC_TIME_NONE, &list, &n, &e)) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	for (size_t i = 0; i < n; i++) {
		if (json)
			print_feed_json(&list[i]);
		else
			print_feed_text(&list[i], now);
	}
	if (!json && !n)
		fprintf(stderr, "no subscriptions (add one with 'dossier feeds add URL')\n");
	store_feeds_free(list, n);
	return CLI_OK;
}

/* ---- add, remove, set ------------------------------------------------------------- */

static int feeds_add(struct store *s, const struct cli_args *a)
{
	const char *url, *title = cli_opt(a, feeds_opts, "--title");
	int64_t interval = 0;
	int added = 0;
	struct err e;

	if (want_args(a, 1, "no URL given"))
		return CLI_USAGE;
	url = a->positional[1];
	if (!is_http_url(url)) {
		cli_error("feeds add: '%s' is not an http:// or https:// URL", url);
		return CLI_USAGE;
	}
	if (parse_interval(cli_opt(a, feeds_opts, "--interval"), &interval))
		return CLI_USAGE;
	if (store_feed_add(s, url, title, NULL, datetime_now(), &added, &e) ||
	    (cli_opt(a, feeds_opts, "--fulltext") && store_feed_set_fulltext(s, url, 1, &e)) ||
	    (interval && store_feed_set_interval(s, url, interval, &e))) {
		cli_error("%s: %s", url, e.msg);
		return CLI_FAILED;
	}
	fprintf(stderr, added ? "subscribed to %s\n" : "already subscribed to %s\n", url);
	return CLI_OK;
}

static int feeds_remove(struct store *s, const struct cli_args *a)
{
	const char *url;
	int64_t items = 0;
	struct err e;

	if (want_args(a, 1, "no URL given"))
		return CLI_USAGE;
	url = a->positional[1];
	if (store_feed_remove(s, url, &e) || store_feed_items(s, url, &items, &e)) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	fprintf(stderr, "unsubscribed from %s; its %lld item%s stay%s in the archive\n", url,
		(long long)items, items == 1 ? "" : "s", items == 1 ? "s" : "");
	return CLI_OK;
}

static int feeds_set(struct store *s, const struct cli_args *a)
{
	const char *fulltext = cli_opt(a, set_opts, "--fulltext"), *url;
	int64_t interval = 0;
	struct err e;

	if (want_args(a, 1, "no URL given") ||
	    parse_interval(cli_opt(a, set_opts, "--interval"), &interval))
		return CLI_USAGE;
	if (fulltext && strcmp(fulltext, "on") && strcmp(fulltext, "off")) {
		cli_error("feeds set: --fulltext wants on or off, not '%s'", fulltext);
		return CLI_USAGE;
	}
	if (!fulltext && !interval) {
		cli_error("feeds set: nothing to set (--fulltext on|off, --interval SECONDS)");
		return CLI_USAGE;
	}
	url = a->positional[1];
	if ((fulltext && store_feed_set_fulltext(s, url, !strcmp(fulltext, "on"), &e)) ||
	    (interval && store_feed_set_interval(s, url, interval, &e))) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	if (fulltext)
		fprintf(stderr, "%s: full text %s\n", url, fulltext);
	if (interval)
		fprintf(stderr, "%s: fetched every %lld s\n", url, (long long)interval);
	return CLI_OK;
}

/* ---- OPML ------------------------------------------------------------------------- */

static int read_small_file(const char *path, struct buf *out, struct err *e)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = DOSSIER_OK;

	if (!fp)
		return err_set(e, DOSSIER_EIO, "cannot open: %m");
	buf_init(out, OPML_MAX_FILE);
	while (!rc && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		rc = buf_add(out, chunk, n);
	if (rc == DOSSIER_ETOOBIG)
		rc = err_set(e, rc, "larger than %zu MiB", OPML_MAX_FILE >> 20);
	else if (rc)
		rc = err_set(e, rc, "out of memory");
	else if (ferror(fp))
		rc = err_set(e, DOSSIER_EIO, "cannot read (is it a directory?)");
	fclose(fp);
	return rc;
}

static int feeds_import(struct store *s, const struct cli_args *a)
{
	struct buf data = BUF_INIT;
	struct opml_outline *o = NULL;
	size_t n = 0, added = 0, there = 0, failed = 0;
	int64_t now = datetime_now();
	const char *path;
	struct err e;

	if (want_args(a, 1, "no OPML file given"))
		return CLI_USAGE;
	path = a->positional[1];
	if (read_small_file(path, &data, &e) || opml_parse(data.data, data.len, &o, &n, &e)) {
		cli_error("%s: %s", path, e.msg);
		buf_release(&data);
		return CLI_FAILED;
	}
	buf_release(&data);
	for (size_t i = 0; i < n; i++) {
		/* Our own export writes the URL as the text of an untitled feed. */
		const char *title = o[i].title && strcmp(o[i].title, o[i].url) ? o[i].title : NULL;
		int is_new = 0;

		if (store_feed_add(s, o[i].url, title, o[i].site, now, &is_new, &e)) {
			cli_error("%s: %s: %s", path, o[i].url, e.msg);
			failed++;
			continue;
		}
		if (is_new)
			added++;
		else
			there++;
	}
	fprintf(stderr, "%s: %zu feed%s: %zu new, %zu already subscribed", path, n,
		n == 1 ? "" : "s", added, there);
	if (failed)
		fprintf(stderr, ", %zu failed", failed);
	fputc('\n', stderr);
	opml_outlines_free(o, n);
	return failed ? CLI_FAILED : CLI_OK;
}

static int feeds_export(struct store *s, const struct cli_args *a)
{
	struct store_feed *list;
	struct opml_outline *o;
	struct buf out = BUF_INIT;
	size_t n;
	struct err e;
	int rc;

	if (want_args(a, 0, ""))
		return CLI_USAGE;
	if (store_feed_list(s, DOC_TIME_NONE, &list, &n, &e)) {
		cli_error("%s", e.msg);
		return CLI_FAILED;
	}
	o = calloc(n ? n : 1, sizeof *o);
	if (!o) {
		store_feeds_free(list, n);
		cli_error("out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < n; i++) {
		o[i].url = list[i].url;
		o[i].title = list[i].title;
		o[i].site = list[i].site;
	}
	rc = opml_write(&out, o, n, "Dossier subscriptions", datetime_now());
	if (rc)
		cli_error("out of memory");
	else
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	free(o);
	store_feeds_free(list, n);
	return rc ? CLI_FAILED : CLI_OK;
}

/* ---- the command --------------------------------------------------------------------- */

int cmd_feeds(int argc, char **argv)
{
	static const char *const subs[] = { "list", "add", "remove", "set", "import", "export" };
	struct cli_args a;
	struct store *s = NULL;
	const char *sub;
	int rc, known = 0, is_set;

	/* `set` has an option of its own shape; find the subcommand first. */
	is_set = 0;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] != '-') {
			is_set = !strcmp(argv[i], "set");
			break;
		}
		if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--title") ||
		    !strcmp(argv[i], "--interval"))
			i++;
	}
	rc = cli_parse("feeds", argc, argv, is_set ? set_opts : feeds_opts, &a);
	if (rc)
		goto done;
	if (a.help) {
		fputs(feeds_help, stdout);
		goto done;
	}
	if (!a.n_positional) {
		cli_error("feeds: say list, add, remove, set, import or export (see 'dossier feeds --help')");
		rc = CLI_USAGE;
		goto done;
	}
	sub = a.positional[0];
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		known |= !strcmp(sub, subs[i]);
	if (!known) {
		cli_error("feeds: unknown subcommand '%s' (see 'dossier feeds --help')", sub);
		rc = CLI_USAGE;
		goto done;
	}
	s = cli_open_store(&a, cli_text());
	if (!s) {
		rc = CLI_FAILED;
		goto done;
	}
	if (!strcmp(sub, "list"))
		rc = feeds_list(s, &a);
	else if (!strcmp(sub, "add"))
		rc = feeds_add(s, &a);
	else if (!strcmp(sub, "remove"))
		rc = feeds_remove(s, &a);
	else if (!strcmp(sub, "set"))
		rc = feeds_set(s, &a);
	else if (!strcmp(sub, "import"))
		rc = feeds_import(s, &a);
	else
		rc = feeds_export(s, &a);
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}
