/*
 * dossier fetch [URL...] — fetch feeds into the archive.
 *
 * With URLs: subscribes to each (when it is not yet) and fetches it.
 * Without: fetches every subscription that is due (--all: every one).
 * Requests run in a bounded pool (fetch_many); each answer is handled in
 * its `done` callback, which fetch.c serialises, so the archive and the
 * ingest context are only ever used by one thread at a time:
 *
 *   304        the subscription is recorded as checked; nothing else changes
 *   200        the feed's items go to the archive in one batch (each item
 *              all or nothing), then the validators and the channel's title
 *   moved      (301/308 all the way) the subscription moves to the new URL,
 *              its stored items with it
 *   error      recorded on the subscription (feeds list shows it), reported
 *              as "dossier: URL: reason", and the others carry on; exit 1
 *
 * Full text: for subscriptions with fulltext on, items whose body is only
 * the feed's summary get their article page fetched afterwards (at most
 * --fulltext-max per run), and the page's text replaces the summary while
 * the feed's title, date and guid stay.  A stored full text is never
 * replaced by a summary again on later fetches.
 *
 * --page: the URLs are article pages, each stored as one document, with
 * no subscription.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "fetch/fetch.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "text/text.h"

static const char fetch_help[] =
	"usage: dossier fetch [OPTIONS] [URL...]\n"
	"\n"
	"Fetches feeds (RSS, Atom) into the archive.  Each URL given is subscribed\n"
	"to (see 'dossier feeds') and fetched; without URLs, every subscription\n"
	"that is due is fetched.  Requests are conditional (If-None-Match,\n"
	"If-Modified-Since): a feed that has not changed costs no download and\n"
	"changes nothing.  A URL that answers with a web page rather than a feed\n"
	"is refused and not subscribed to; use --page to store pages.\n"
	"\n"
	"  --all               fetch every subscription, due or not\n"
	"  --page              the URLs are article pages: store each as one\n"
	"                      document, without subscribing\n"
	"  --timeout SECONDS   give up on a request after this long (default 60)\n"
	"  --retries N         retries of a failed request (default 2; 0: none)\n"
	"  --parallel N        requests in flight at once (default 4)\n"
	"  --fulltext-max N    article pages fetched for full text per run\n"
	"                      (default 20)\n"
	"\n"
	"One line per feed on stderr (items, new, updated, dropped; or the error).\n"
	"A feed that fails is recorded ('dossier feeds list' shows it) and the\n"
	"others carry on; the exit status is then 1.\n";

static const struct cli_opt fetch_opts[] = {
	{ "--all", 0, 0 },
	{ "--page", 0, 0 },
	{ "--timeout", 1, 0 },
	{ "--retries", 1, 0 },
	{ "--parallel", 1, 0 },
	{ "--fulltext-max", 1, 0 },
	{ NULL, 0, 0 },
};

#define FULLTEXT_MAX_DEFAULT 20

/* An item waiting for its article page. */
struct fulltext_job {
	int64_t id;
	char *url;
};

struct fetch_run {
	struct store *store;
	struct ingest_ctx *ingest;
	struct store_feed *feeds;  /* what is fetched, in request order */
	size_t n_feeds;
	char **urls;               /* --page: the pages */
	unsigned char *added;      /* per feed: subscribed by this run */
	struct fetch_request base; /* timeouts and retries for every request */
	size_t parallel;
	size_t failed;
	/* The feed being ingested now. */
	const struct store_feed *feed;
	const char *feed_url;      /* its URL after a move */
	size_t inserted, updated, unchanged, kept, store_failed;
	/* Full text. */
	struct fulltext_job *jobs;
	size_t n_jobs, max_jobs, jobs_skipped;
	size_t fulltext_done, fulltext_failed;
};

/* ---- options -------------------------------------------------------------------- */

static int parse_count(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s)
		return CLI_OK;
	v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		cli_error("fetch: %s wants a whole number from %ld to %ld, not '%s'", opt,
			  min, max, s);
		return CLI_USAGE;
	}
	*out = v;
	return CLI_OK;
}

static int parse_options(const struct cli_args *a, struct fetch_run *run)
{
	const char *timeout = cli_opt(a, fetch_opts, "--timeout");
	long retries = -2, parallel = FETCH_PARALLEL, max = FULLTEXT_MAX_DEFAULT;
	int rc;

	if (timeout) {
		char *end;
		double secs = strtod(timeout, &end);

		if (!*timeout || *end || !(secs >= 0.05 && secs <= 86400)) {
			cli_error("fetch: --timeout wants seconds (0.05 to 86400), not '%s'", timeout);
			return CLI_USAGE;
		}
		run->base.timeout_ms = (long)(secs * 1000);
		if (run->base.timeout_ms < FETCH_CONNECT_TIMEOUT_MS)
			run->base.connect_timeout_ms = run->base.timeout_ms;
	}
	rc = parse_count("--retries", cli_opt(a, fetch_opts, "--retries"), 0, 10, &retries);
	if (!rc)
		rc = parse_count("--parallel", cli_opt(a, fetch_opts, "--parallel"), 1, 64, &parallel);
	if (!rc)
		rc = parse_count("--fulltext-max", cli_opt(a, fetch_opts, "--fulltext-max"), 0,
				 100000, &max);
	if (rc)
		return rc;
	/* fetch.h: 0 means the default number of retries, -1 none. */
	run->base.retries = retries == -2 ? 0 : retries == 0 ? -1 : (int)retries;
	run->max_jobs = (size_t)max;
	run->parallel = (size_t)parallel;
	return CLI_OK;
}

static int is_http_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) ? s[7] != '\0'
	       : !strncasecmp(s, "https://", 8) ? s[8] != '\0' : 0;
}

/* ---- storing documents ---------------------------------------------------------- */

/* Whether a fuller text of `d` is stored already (a summary must not
 * replace it). */
static int fuller_text_stored(struct store *s, const struct doc *d)
{
	struct doc *old = NULL;
	int64_t id;
	int fuller = 0;

	if (!d->url || !(d->flags & DOC_F_SUMMARY_ONLY))
		return 0;
	if (store_doc_find(s, d->url, &id, NULL) || store_doc_get(s, id, &old, NULL))
		return 0;
	fuller = !(old->flags & DOC_F_SUMMARY_ONLY);
	doc_free(old);
	return fuller;
}

static void want_fulltext(struct fetch_run *run, const struct doc *d)
{
	struct fulltext_job *grown;

	if (!run->feed->fulltext || !(d->flags & DOC_F_SUMMARY_ONLY) || !d->url ||
	    !is_http_url(d->url))
		return;
	if (run->n_jobs >= run->max_jobs) {
		run->jobs_skipped++;
		return;
	}
	grown = realloc(run->jobs, (run->n_jobs + 1) * sizeof *grown);
	if (!grown)
		return;
	run->jobs = grown;
	grown[run->n_jobs].id = d->id;
	if ((grown[run->n_jobs].url = strdup(d->url)))
		run->n_jobs++;
}

/* Stores one feed item (inside the feed's batch). */
static int item_sink(void *arg, struct doc **d, struct err *e)
{
	struct fetch_run *run = arg;
	enum store_put_result result;
	struct err pe;

	if (fuller_text_stored(run->store, *d)) {
		run->kept++;
		return DOSSIER_OK;
	}
	if (store_doc_put(run->store, *d, datetime_now(), &result, &pe)) {
		/* A database that refuses stops the feed; one bad item does not. */
		if (pe.rc == DOSSIER_EDB) {
			*e = pe;
			return pe.rc;
		}
		run->store_failed++;
		cli_error("%s: item %s: %s", run->feed_url,
			  (*d)->url ? (*d)->url : (*d)->title ? (*d)->title : "?", pe.msg);
		return DOSSIER_OK;
	}
	switch (result) {
	case STORE_INSERTED: run->inserted++; break;
	case STORE_UPDATED: run->updated++; break;
	default: run->unchanged++; break;
	}
	if (result != STORE_DUPLICATE)
		want_fulltext(run, *d);
	return DOSSIER_OK;
}

/* ---- one feed's answer ------------------------------------------------------------ */

static void record(struct fetch_run *run, const char *url, enum store_fetch_outcome outcome,
		   long status, const struct fetch_response *r, const struct ingest_notes *n,
		   const char *error)
{
	struct store_fetch_result res = {
		.outcome = outcome,
		.status = status,
		.etag = r ? r->etag : NULL,
		.last_modified = r ? r->last_modified : NULL,
		.title = n ? n->feed_title : NULL,
		.site = n ? n->feed_site : NULL,
		.error = error,
	};
	struct err e;

	if (store_feed_record(run->store, url, &res, datetime_now(), &e))
		cli_error("%s: cannot record the fetch: %s", url, e.msg);
}

static void feed_failed(struct fetch_run *run, const char *url, long status,
			const char *why)
{
	run->failed++;
	cli_error("%s: %s", url, why);
	record(run, url, STORE_FETCH_FAILED, status, NULL, NULL, why);
}

/* A subscription made by this run whose address is not a feed at all is
 * dropped again: it was a mistake, not a feed that went bad.  Returns 1
 * when it was. */
static int forget_mistake(struct fetch_run *run, size_t i, const char *url,
			  const struct err *why)
{
	struct err e;

	if (!run->added[i] || why->rc != DOSSIER_EFORMAT || strncmp(why->msg, "not a feed", 10))
		return 0;
	if (store_feed_remove(run->store, url, &e))
		return 0;
	run->failed++;
	cli_error("%s: %s; not subscribed (use 'dossier fetch --page URL' to store a page)",
		  url, why->msg);
	return 1;
}

static void ingest_feed_body(struct fetch_run *run, size_t i, struct fetch_response *r)
{
	struct ingest_source src = {
		.origin = run->feed_url,
		.url = r->final_url ? r->final_url : run->feed_url,
		.content_type = r->content_type,
		.fetched = r->fetched ? r->fetched : datetime_now(),
		.feed = run->feed_url,
		.want_feed = 1,
	};
	struct ingest_notes notes;
	struct err e, ce;
	int rc;

	run->inserted = run->updated = run->unchanged = run->kept = run->store_failed = 0;
	err_clear(&e);
	rc = store_batch_begin(run->store, &e);
	if (!rc)
		rc = ingest_source_buffer(run->ingest, r->body.data, r->body.len, &src,
					  item_sink, run, &notes, &e);
	else
		memset(&notes, 0, sizeof notes);
	if (store_batch_commit(run->store, &ce) && !rc) {
		e = ce;
		rc = ce.rc;
	}
	cli_report_notes(run->feed_url, &notes);
	if (rc) {
		if (!forget_mistake(run, i, run->feed_url, &e))
			feed_failed(run, run->feed_url, r->status, e.msg);
	} else {
		record(run, run->feed_url, STORE_FETCH_OK, r->status, r, &notes, NULL);
		fprintf(stderr, "%s: %zu item%s (%zu new, %zu updated, %zu already stored), %zu dropped\n",
			run->feed_url, notes.items, notes.items == 1 ? "" : "s", run->inserted,
			run->updated, run->unchanged, notes.items_dropped + run->store_failed);
		if (run->store_failed)
			run->failed++;
	}
	ingest_notes_release(&notes);
}

static void feed_done(void *arg, size_t i, int rc, struct fetch_response *r,
		      const struct err *e)
{
	struct fetch_run *run = arg;
	const struct store_feed *f = &run->feeds[i];
	struct err me;

	run->feed = f;
	run->feed_url = f->url;
	if (rc) {
		feed_failed(run, f->url, r->status, e->msg);
		return;
	}
	if (r->moved_to && strcmp(r->moved_to, f->url)) {
		if (store_feed_move(run->store, f->url, r->moved_to, &me)) {
			cli_error("%s: cannot move the subscription to %s: %s", f->url,
				  r->moved_to, me.msg);
		} else {
			fprintf(stderr, "%s: moved permanently to %s (subscription moved)\n",
				f->url, r->moved_to);
			run->feed_url = r->moved_to;
		}
	}
	if (r->not_modified) {
		record(run, run->feed_url, STORE_FETCH_NOT_MODIFIED, r->status ? r->status : 304,
		       NULL, NULL, NULL);
		fprintf(stderr, "%s: not modified\n", run->feed_url);
		return;
	}
	ingest_feed_body(run, i, r);
}

/* ---- full text ---------------------------------------------------------------------- */

/* Moves the page's text, images, links and names into the stored item. */
static void take_text(struct doc *item, struct doc *page)
{
#define SWAP(field) do { __typeof__(item->field) t = item->field; \
	item->field = page->field; page->field = t; } while (0)
	SWAP(paras); SWAP(n_paras); SWAP(cap_paras);
	SWAP(images); SWAP(n_images); SWAP(cap_images);
	SWAP(links); SWAP(n_links); SWAP(cap_links);
	SWAP(names); SWAP(n_names); SWAP(cap_names);
	SWAP(script);
#undef SWAP
	if (!item->author && page->author) {
		item->author = page->author;
		page->author = NULL;
	}
}

struct page_merge {
	struct fetch_run *run;
	const struct fulltext_job *job;
	int stored;
};

static int fulltext_sink(void *arg, struct doc **page, struct err *e)
{
	struct page_merge *m = arg;
	struct store *s = m->run->store;
	enum store_put_result result;
	struct doc *item = NULL;
	char *summary = NULL;
	int rc;

	if (m->stored)
		return DOSSIER_OK;
	rc = store_doc_get(s, m->job->id, &item, e);
	if (rc)
		return rc;
	if (!(item->flags & DOC_F_SUMMARY_ONLY) || !(*page)->n_paras) {
		doc_free(item);
		return !(*page)->n_paras ? err_set(e, DOSSIER_EEMPTY, "the page has no text")
					 : DOSSIER_OK;
	}
	/* The summary is kept as such; the page's text becomes the body. */
	if (!item->summary && !(summary = doc_text(item))) {
		doc_free(item);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	if (summary) {
		item->summary = summary;
	}
	take_text(item, *page);
	item->flags &= ~(unsigned)DOC_F_SUMMARY_ONLY;
	item->hash[0] = '\0';
	rc = cli_text() ? text_doc_hash(cli_text(), item) : DOSSIER_ENOMEM;
	if (rc)
		rc = err_set(e, rc, "out of memory");
	if (!rc)
		rc = store_doc_put(s, item, datetime_now(), &result, e);
	if (!rc)
		m->stored = 1;
	doc_free(item);
	return rc;
}

static void fulltext_done(void *arg, size_t i, int rc, struct fetch_response *r,
			  const struct err *e)
{
	struct fetch_run *run = arg;
	const struct fulltext_job *job = &run->jobs[i];
	struct page_merge m = { run, job, 0 };
	struct ingest_source src = {
		.origin = job->url,
		.url = job->url,
		.content_type = r->content_type,
		.fetched = r->fetched ? r->fetched : datetime_now(),
		.want_feed = 0,
	};
	struct ingest_notes notes;
	struct err pe;

	if (rc) {
		run->fulltext_failed++;
		cli_error("%s: warning: full text not fetched, the summary stays: %s", job->url,
			  e->msg);
		return;
	}
	err_clear(&pe);
	rc = ingest_source_buffer(run->ingest, r->body.data, r->body.len, &src,
				  fulltext_sink, &m, &notes, &pe);
	ingest_notes_release(&notes);
	if (!rc && !m.stored)
		rc = err_set(&pe, DOSSIER_EEMPTY, "the page held no article");
	if (rc) {
		run->fulltext_failed++;
		cli_error("%s: warning: full text not read, the summary stays: %s", job->url,
			  pe.msg);
		return;
	}
	run->fulltext_done++;
}

static void fetch_fulltext(struct fetch_run *run)
{
	struct fetch_request *rq;
	struct err e;

	if (!run->n_jobs && !run->jobs_skipped)
		return;
	rq = calloc(run->n_jobs ? run->n_jobs : 1, sizeof *rq);
	if (!rq) {
		cli_error("out of memory");
		return;
	}
	for (size_t i = 0; i < run->n_jobs; i++) {
		rq[i] = run->base;
		rq[i].url = run->jobs[i].url;
	}
	if (run->n_jobs && fetch_many(rq, run->n_jobs, 0, fulltext_done, run, &e))
		cli_error("full text: %s", e.msg);
	free(rq);
	fprintf(stderr, "full text: %zu page%s read, %zu failed", run->fulltext_done,
		run->fulltext_done == 1 ? "" : "s", run->fulltext_failed);
	if (run->jobs_skipped)
		fprintf(stderr, ", %zu left for the next run (--fulltext-max %zu)",
			run->jobs_skipped, run->max_jobs);
	fputc('\n', stderr);
}

/* ---- pages ------------------------------------------------------------------------ */

static int page_sink(void *arg, struct doc **d, struct err *e)
{
	struct fetch_run *run = arg;
	enum store_put_result result;
	int rc = store_doc_put(run->store, *d, datetime_now(), &result, e);

	if (!rc) {
		switch (result) {
		case STORE_INSERTED: run->inserted++; break;
		case STORE_UPDATED: run->updated++; break;
		default: run->unchanged++; break;
		}
	}
	return rc;
}

static void page_done(void *arg, size_t i, int rc, struct fetch_response *r,
		      const struct err *e)
{
	struct fetch_run *run = arg;
	const char *url = run->urls[i];
	struct ingest_source src = {
		.origin = url,
		.url = r->final_url ? r->final_url : url,
		.content_type = r->content_type,
		.fetched = r->fetched ? r->fetched : datetime_now(),
	};
	struct ingest_notes notes;
	struct err pe;
	size_t inserted = run->inserted, updated = run->updated;

	if (rc) {
		run->failed++;
		cli_error("%s: %s", url, e->msg);
		return;
	}
	err_clear(&pe);
	rc = ingest_source_buffer(run->ingest, r->body.data, r->body.len, &src, page_sink,
				  run, &notes, &pe);
	cli_report_notes(url, &notes);
	ingest_notes_release(&notes);
	if (rc) {
		run->failed++;
		cli_error("%s: %s", url, pe.msg);
		return;
	}
	fprintf(stderr, "%s: stored as a page (%s)\n", url,
		run->inserted > inserted ? "new" : run->updated > updated ? "updated" : "unchanged");
}

/* ---- the command ---------------------------------------------------------------------- */

/* The subscriptions to fetch: the URLs given (subscribing to new ones), or
 * those due, or all. */
static int pick_feeds(struct fetch_run *run, const struct cli_args *a, int all)
{
	int64_t now = datetime_now();
	struct err e;

	if (!a->n_positional) {
		if (store_feed_list(run->store, all ? DOC_TIME_NONE : now, &run->feeds,
				    &run->n_feeds, &e)) {
			cli_error("%s", e.msg);
			return CLI_FAILED;
		}
		run->added = calloc(run->n_feeds + 1, 1);
		return run->added ? CLI_OK : CLI_FAILED;
	}
	run->feeds = calloc(a->n_positional, sizeof *run->feeds);
	run->added = calloc(a->n_positional, 1);
	if (!run->feeds || !run->added) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < a->n_positional; i++) {
		const char *url = a->positional[i];
		int added = 0, dup = 0;

		for (size_t k = 0; k < run->n_feeds; k++)
			dup |= !strcmp(run->feeds[k].url, url);
		if (dup)
			continue;
		if (store_feed_add(run->store, url, NULL, NULL, now, &added, &e) ||
		    store_feed_get(run->store, url, &run->feeds[run->n_feeds], &e)) {
			cli_error("%s", e.msg);
			return CLI_FAILED;
		}
		run->added[run->n_feeds++] = (unsigned char)added;
	}
	return CLI_OK;
}

static int run_feeds(struct fetch_run *run, size_t parallel)
{
	struct fetch_request *rq;
	struct err e;
	int rc = CLI_OK;

	if (!run->n_feeds) {
		fprintf(stderr, "no feed is due (see 'dossier feeds list'; --all fetches every one)\n");
		return CLI_OK;
	}
	rq = calloc(run->n_feeds, sizeof *rq);
	if (!rq) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < run->n_feeds; i++) {
		rq[i] = run->base;
		rq[i].url = run->feeds[i].url;
		rq[i].etag = run->feeds[i].etag;
		rq[i].last_modified = run->feeds[i].last_modified;
		rq[i].accept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
			       "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
	}
	if (fetch_many(rq, run->n_feeds, parallel, feed_done, run, &e)) {
		cli_error("%s", e.msg);
		rc = CLI_FAILED;
	}
	free(rq);
	if (!rc)
		fetch_fulltext(run);
	return rc;
}

static int run_pages(struct fetch_run *run, const struct cli_args *a, size_t parallel)
{
	struct fetch_request *rq = calloc(a->n_positional, sizeof *rq);
	struct err e;
	int rc = CLI_OK;

	if (!rq) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	run->urls = (char **)a->positional;
	for (size_t i = 0; i < a->n_positional; i++) {
		rq[i] = run->base;
		rq[i].url = a->positional[i];
	}
	/* No batch: each page is its own transaction, committed as it arrives,
	 * so that the archive is not held while the others download. */
	if (fetch_many(rq, a->n_positional, parallel, page_done, run, &e)) {
		cli_error("%s", e.msg);
		rc = CLI_FAILED;
	}
	free(rq);
	return rc;
}

/*
 * A batch goes on past a bad item: each argument that is no http(s) URL
 * is reported, counted as a failure and left out.  Returns how many.
 */
static size_t drop_bad_urls(struct cli_args *a, struct fetch_run *run)
{
	size_t kept = 0, bad = 0;

	for (size_t i = 0; i < a->n_positional; i++) {
		if (is_http_url(a->positional[i])) {
			a->positional[kept++] = a->positional[i];
			continue;
		}
		cli_error("%s: not an http:// or https:// URL", a->positional[i]);
		bad++;
	}
	a->n_positional = kept;
	run->failed += bad;
	return bad;
}

int cmd_fetch(int argc, char **argv)
{
	struct cli_args a;
	struct fetch_run run;
	const struct text_ctx *text;
	struct err e;
	int rc = cli_parse("fetch", argc, argv, fetch_opts, &a);

	memset(&run, 0, sizeof run);
	if (rc)
		goto done;
	if (a.help) {
		fputs(fetch_help, stdout);
		goto done;
	}
	rc = parse_options(&a, &run);
	if (!rc && drop_bad_urls(&a, &run) && !a.n_positional) {
		rc = CLI_FAILED; /* every one was bad, each reported */
		goto done;
	}
	if (!rc && cli_opt(&a, fetch_opts, "--page") && !a.n_positional) {
		cli_error("fetch: --page needs at least one URL");
		rc = CLI_USAGE;
	}
	if (rc)
		goto done;
	text = cli_text();
	if (!text) {
		rc = CLI_FAILED;
		goto done;
	}
	if (ingest_ctx_new(&run.ingest, cli_data_dir(), text, &e)) {
		cli_error("%s", e.msg);
		rc = CLI_FAILED;
		goto done;
	}
	run.store = cli_open_store(&a, text);
	if (!run.store) {
		rc = CLI_FAILED;
		goto done;
	}
	if (cli_opt(&a, fetch_opts, "--page")) {
		rc = run_pages(&run, &a, run.parallel);
	} else {
		rc = pick_feeds(&run, &a, cli_opt(&a, fetch_opts, "--all") != NULL);
		if (!rc)
			rc = run_feeds(&run, run.parallel);
	}
	if (!rc && run.failed)
		rc = CLI_FAILED;
done:
	store_close(run.store);
	ingest_ctx_free(run.ingest);
	store_feeds_free(run.feeds, run.n_feeds);
	free(run.added);
	for (size_t i = 0; i < run.n_jobs; i++)
		free(run.jobs[i].url);
	free(run.jobs);
	cli_args_release(&a);
	return rc;
}
