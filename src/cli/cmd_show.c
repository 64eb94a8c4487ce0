/* dossier show ID|URL|PATH — one document, as text or JSON. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "query/query.h"
#include "store/store.h"

static const char show_help[] =
	"usage: dossier show [--json] ID|URL|PATH\n"
	"\n"
	"Prints one document: its metadata, clean text, image captions, links and\n"
	"the events read from it (who met, called or visited whom, when, where), and\n"
	"the story it belongs to with the other reports of it.\n"
	"The document may be named by its id (from list or search), by any URL it\n"
	"was seen at, or by the path of the file it was ingested from.\n"
	"\n"
	"  --json    one JSON object: id, url, title, source, published, fetched,\n"
	"            author, text, paragraphs, images, links, urls, events, story\n"
	"            (its id), story_title, story_size, siblings (the story's other\n"
	"            reports)\n";

static const struct cli_opt show_opts[] = {
	{ "--json", 0, 0 },
	{ NULL, 0, 0 },
};

static void print_field(const char *label, const char *value)
{
	if (value && *value) {
		printf("%-10s ", label);
		cli_print(stdout, value, 0);
		putchar('\n');
	}
}

static void print_time(const char *label, int64_t ms)
{
	char iso[DATETIME_ISO_MAX];

	datetime_format_iso(ms, iso);
	print_field(label, iso);
}

/*
 * The date, saying where it came from when the document did not give it
 * (its address, a dated line), and when its zone was assumed; "unknown"
 * when there is none (archives made before stored the fetch time instead).
 */
static void print_published(const struct doc *d)
{
	char when[DATETIME_ISO_MAX], line[DATETIME_ISO_MAX + 64];
	const char *from = doc_published_from(d->published, d->flags);

	if (!from) {
		print_field("published:", "unknown");
		return;
	}
	if (d->flags & DOC_F_DATE_DAY)
		datetime_format_date(d->published, when);
	else
		datetime_format_iso(d->published, when);
	snprintf(line, sizeof line, "%s%s", when,
		 !strcmp(from, "url") ? " (from the URL)" :
		 !strcmp(from, "text") ? " (from a dated line of the text)" :
		 d->flags & DOC_F_ZONE_ASSUMED ? " (source gave no time zone: assumed)" : "");
	print_field("published:", line);
}

/* The feed's categories on one line. */
static void print_categories(const struct doc *d)
{
	if (!d->n_categories)
		return;
	printf("%-10s ", "tags:");
	for (size_t i = 0; i < d->n_categories; i++) {
		printf("%s", i ? " · " : "");
		cli_print(stdout, d->categories[i], 0);
	}
	printf("\n");
}

/* Numbers the events of the text output as they come. */
struct event_printer {
	size_t n;
};

/* "2024-01-08/2024-01-09", "2023-11", or why there is no date. */
static void print_event_date(const struct store_event *ev)
{
	if (ev->date && ev->date_end)
		printf("%s/%s", ev->date, ev->date_end);
	else if (ev->date)
		printf("%s%s", ev->date, ev->date_from_doc ? " (date of the report)" : "");
	else
		printf("%s", ev->date_from_doc ? "date of the report" : "undated");
}

static int print_event(void *arg, const struct store_event *ev)
{
	struct event_printer *p = arg;

	if (!p->n)
		printf("\nEvents:\n");
	printf("  [%zu] %s (%s) · ", ++p->n, ev->type, ev->status);
	print_event_date(ev);
	for (size_t i = 0; i < ev->n_actors; i++) {
		printf("%s", i ? ", " : " · ");
		cli_print(stdout, ev->actor_names[i], 0);
	}
	if (ev->place_name) {
		printf(" · at ");
		cli_print(stdout, ev->place_name, 0);
	}
	printf("\n      ");
	cli_print(stdout, ev->sentence, 0);
	printf("\n");
	return 0;
}

struct sibling_printer {
	int64_t self;
	size_t n;
};

static int print_sibling(void *arg, const struct store_doc_row *row, const char *reason,
			 int64_t matched)
{
	struct sibling_printer *p = arg;
	char date[DATETIME_ISO_MAX] = "unknown";

	(void)matched;
	if (row->id == p->self)
		return 0;
	if (doc_published_known(row->published, row->flags) != DOC_TIME_NONE)
		datetime_format_date(row->published, date);
	printf("  %-6lld %-10s ", (long long)row->id, date);
	{
		char *source = cli_escape(row->source ? row->source : "-", 0);

		printf("%-8s ", source ? source : "-");
		free(source);
	}
	cli_print(stdout, row->title, 0);
	printf("  (%s)\n", reason);
	p->n++;
	return 0;
}

/* The story's title and its other reports, when it has any. */
static int print_story(struct store *s, int64_t id, struct err *e)
{
	struct sibling_printer p = { id, 0 };
	int64_t story;
	int rc = store_doc_story(s, id, &story, e);

	if (rc == DOSSIER_ENOTFOUND)
		return DOSSIER_OK;
	if (rc)
		return rc;
	printf("\nStory %lld, other reports:\n", (long long)story);
	rc = store_story_members(s, story, print_sibling, &p, e);
	if (!rc && !p.n)
		printf("  none\n");
	return rc;
}

static int print_text(struct store *s, const struct doc *d)
{
	struct event_printer events = { 0 };
	char id[32], *url;
	struct err e;

	snprintf(id, sizeof id, "%lld", (long long)d->id);
	cli_print(stdout, d->title && *d->title ? d->title : "(untitled)", 0);
	putchar('\n');
	print_field("id:", id);
	url = cli_display_url(d->url);
	print_field("url:", url);
	free(url);
	print_field("source:", d->source);
	print_published(d);
	print_time("fetched:", d->fetched);
	print_field("author:", d->author);
	print_field("of:", d->affiliation);
	print_field("script:", d->script);
	print_field("format:", d->format);
	print_field("from:", d->origin);
	print_field("feed:", d->feed);
	print_categories(d);
	for (size_t i = 0; i < d->n_paras; i++) {
		printf("\n%s", d->paras[i].kind == DOC_PARA_HEADING ? "## " : "");
		cli_print(stdout, d->paras[i].text, 1);
		putchar('\n');
	}
	if (d->n_images)
		printf("\nImages:\n");
	for (size_t i = 0; i < d->n_images; i++) {
		printf("  [%zu] ", i + 1);
		cli_print(stdout, d->images[i].caption ? d->images[i].caption : "(no caption)", 0);
		printf("\n      ");
		cli_print(stdout, d->images[i].src ? d->images[i].src : "(no image address)", 0);
		putchar('\n');
	}
	if (d->n_links)
		printf("\nLinks:\n");
	for (size_t i = 0; i < d->n_links; i++) {
		printf("  [%zu] ", i + 1);
		cli_print(stdout, d->links[i].text, 0);
		printf("\n      ");
		cli_print(stdout, d->links[i].href, 0);
		putchar('\n');
	}
	if (store_doc_events(s, d->id, print_event, &events, &e) || print_story(s, d->id, &e)) {
		cli_error("show: %s", e.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}

static int show_json(struct store *s, const struct doc *d)
{
	struct err e;
	json_t *o = query_show_json(s, d, &e);
	int rc;

	if (!o) {
		cli_error("show: %s", e.msg);
		return CLI_FAILED;
	}
	rc = cli_print_json(o);
	json_decref(o);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	struct doc *d = NULL;
	struct err e;
	int64_t id;
	int rc = cli_parse("show", argc, argv, show_opts, &a);

	if (rc)
		goto done;
	if (a.help) {
		fputs(show_help, stdout);
		goto done;
	}
	if (a.n_positional != 1) {
		cli_error("show: give exactly one ID, URL or PATH (see 'dossier show --help')");
		rc = CLI_USAGE;
		goto done;
	}
	s = cli_open_store(&a, cli_text());
	if (!s) {
		rc = CLI_FAILED;
		goto done;
	}
	if (store_doc_find(s, a.positional[0], &id, &e) || store_doc_get(s, id, &d, &e)) {
		cli_error("show: %s", e.msg);
		rc = CLI_FAILED;
		goto done;
	}
	if (cli_opt(&a, show_opts, "--json"))
		rc = show_json(s, d);
	else
		rc = print_text(s, d);
done:
	doc_free(d);
	store_close(s);
	cli_args_release(&a);
	return rc;
}
