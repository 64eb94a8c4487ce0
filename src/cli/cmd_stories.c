/*
 * dossier stories — the reports grouped by the story they tell, whatever
 * the outlet or the script; one story with its members; or why two
 * reports were (or were not) judged one story.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "dedup/dedup.h"
#include "query/query.h"
#include "store/store.h"

static const char help[] =
	"usage: dossier stories [--all] [--min-size N] [--limit N] [--json]\n"
	"       dossier stories ID [--json]\n"
	"       dossier stories --explain DOC DOC\n"
	"       dossier stories --rebuild\n"
	"\n"
	"Reports of one story grouped together: the same report re-published in\n"
	"the other script, trimmed or re-edited, and other outlets' reports of the\n"
	"same event.  Each document joins a story when it is ingested.  Listed\n"
	"most recent first: every story of two reports or more (--all: single\n"
	"reports too), each with its reports and why each joined.\n"
	"\n"
	"  ID                 one story (an id from the list, or of `show`)\n"
	"  --min-size N       stories of at least N reports (default 2)\n"
	"  --all              every story, single reports included (--min-size 1)\n"
	"  --limit N          at most N stories\n"
	"  --json             one JSON object per story: {\"story\",\"docs\":[ids],\n"
	"                     \"title\",\"size\",\"representative\",\"first\",\"last\",\n"
	"                     \"members\":[{\"id\",\"title\",\"source\",…,\"reason\"}]}\n"
	"  --explain DOC DOC  how alike two documents (ids, URLs or paths) are judged\n"
	"  --rebuild          judge every document again, in order of publication\n";

static const struct cli_opt opts[] = {
	{ "--all", 0, 0 },
	{ "--min-size", 1, 0 },
	{ "--limit", 1, 0 },
	{ "--json", 0, 0 },
	{ "--explain", 0, 0 },
	{ "--rebuild", 0, 0 },
	{ NULL, 0, 0 },
};

struct printer {
	struct store *s;
	int json;
	struct err *e;
};

static void format_day(int64_t ms, char *out)
{
	if (ms == DOC_TIME_NONE)
		snprintf(out, DATETIME_ISO_MAX, "undated");
	else
		datetime_format_date(ms, out);
}

static int print_member(void *arg, const struct store_doc_row *row, const char *reason,
			int64_t matched)
{
	char date[DATETIME_ISO_MAX], why[64] = "";

	(void)arg;
	format_day(doc_published_known(row->published, row->flags), date);
	if (matched)
		snprintf(why, sizeof why, "  (%s: %lld)", reason, (long long)matched);
	cli_printf(stdout, "    %-6lld %-10s %-12s %-5s %s%s\n", (long long)row->id, date,
	       row->source ? row->source : "-", row->script ? row->script : "-", row->title,
	       why);
	return 0;
}

static int print_story(void *arg, const struct store_story *story)
{
	struct printer *p = arg;
	char first[DATETIME_ISO_MAX], last[DATETIME_ISO_MAX];
	json_t *o;
	int rc;

	if (p->json) {
		o = query_story_json(p->s, story, 1, p->e);
		if (!o)
			return DOSSIER_EDB;
		rc = cli_print_json(o);
		json_decref(o);
		return rc ? DOSSIER_EIO : 0;
	}
	format_day(story->first, first);
	format_day(story->last, last);
	cli_printf(stdout, "story %lld · %lld report%s · %s%s%s\n  %s\n", (long long)story->id,
	       (long long)story->size, story->size == 1 ? "" : "s", first,
	       strcmp(first, last) ? " – " : "", strcmp(first, last) ? last : "",
	       story->title ? story->title : "");
	rc = store_story_members(p->s, story->id, print_member, p, p->e);
	printf("\n");
	return rc;
}

static int parse_count(const char *v, const char *what, int64_t *out)
{
	char *end;
	long long n;

	if (!v)
		return CLI_OK;
	n = strtoll(v, &end, 10);
	if (*end || n < 0 || end == v) {
		cli_error("stories: %s must be a number, not '%s'", what, v);
		return CLI_USAGE;
	}
	*out = n;
	return CLI_OK;
}

static int list(const struct cli_args *a, struct store *s)
{
	struct err e;
	struct printer p = { s, cli_opt(a, opts, "--json") != NULL, &e };
	int64_t min_size = cli_opt(a, opts, "--all") ? 1 : 2, limit = 0;
	int rc = parse_count(cli_opt(a, opts, "--min-size"), "--min-size", &min_size);

	if (!rc)
		rc = parse_count(cli_opt(a, opts, "--limit"), "--limit", &limit);
	if (rc)
		return rc;
	rc = store_stories_each(s, min_size, (size_t)limit, 0, print_story, &p, &e);
	if (rc == DOSSIER_EIO)
		return CLI_FAILED;
	if (rc) {
		cli_error("stories: %s", e.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}

static int one(const struct cli_args *a, struct store *s, const char *arg)
{
	struct err e;
	struct printer p = { s, cli_opt(a, opts, "--json") != NULL, &e };
	int64_t id = 0; /* parse_count leaves it alone when arg is NULL */
	int rc = parse_count(arg, "a story id", &id);

	if (rc)
		return rc;
	rc = store_story_get(s, id, print_story, &p, &e);
	if (rc == DOSSIER_EIO)
		return CLI_FAILED;
	if (rc) {
		cli_error("stories: %s", e.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}

static int explain(struct store *s, const char *a_key, const char *b_key)
{
	struct dedup_profile pa, pb;
	struct dedup_params params;
	struct dedup_verdict v;
	int64_t a, b;
	struct err e;

	if (store_doc_find(s, a_key, &a, &e) || store_doc_find(s, b_key, &b, &e) ||
	    store_story_profile(s, a, &pa, &e)) {
		cli_error("stories: %s", e.msg);
		return CLI_FAILED;
	}
	if (store_story_profile(s, b, &pb, &e)) {
		store_story_profile_release(&pa);
		cli_error("stories: %s", e.msg);
		return CLI_FAILED;
	}
	dedup_params_default(&params);
	dedup_compare(&pa, &pb, &params, &v);
	printf("documents %lld and %lld: %s (%s)\n", (long long)a, (long long)b,
	       v.same ? "one story" : "two stories", dedup_reason_name(v.reason));
	printf("  text: Jaccard %.2f, overlap %.2f, SimHash distance %d (%u and %u shingles)\n",
	       v.jaccard, v.overlap, dedup_simhash_distance(&pa.fp, &pb.fp), pa.fp.shingles,
	       pb.fp.shingles);
	printf("  entities: %.2f alike (%zu and %zu entities)\n", v.entities, pa.n_entities,
	       pb.n_entities);
	printf("  events: %s%s (%zu and %zu events)\n",
	       v.event_match ? "a leading event is shared" : "no leading event shared",
	       v.event_conflict ? "; leading events of the same people on other days" : "",
	       pa.n_events, pb.n_events);
	if (v.days_apart >= 0)
		printf("  published %.1f days apart\n", v.days_apart);
	else
		printf("  publication date unknown\n");
	store_story_profile_release(&pa);
	store_story_profile_release(&pb);
	return CLI_OK;
}

static int run(const struct cli_args *a, struct store *s)
{
	struct err e;

	if (cli_opt(a, opts, "--explain")) {
		if (a->n_positional != 2) {
			cli_error("stories: --explain takes two documents");
			return CLI_USAGE;
		}
		return explain(s, a->positional[0], a->positional[1]);
	}
	if (cli_opt(a, opts, "--rebuild")) {
		if (store_stories_rebuild(s, &e)) {
			cli_error("stories: %s", e.msg);
			return CLI_FAILED;
		}
		fprintf(stderr, "stories rebuilt\n");
		return CLI_OK;
	}
	if (a->n_positional > 1) {
		cli_error("stories: unexpected argument '%s'", a->positional[1]);
		return CLI_USAGE;
	}
	return a->n_positional ? one(a, s, a->positional[0]) : list(a, s);
}

int cmd_stories(int argc, char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	int rc = cli_parse("stories", argc, argv, opts, &a);

	if (rc)
		return rc;
	if (a.help) {
		fputs(help, stdout);
		goto done;
	}
	if (!cli_text() || !(s = cli_open_store(&a, cli_text()))) {
		rc = CLI_FAILED;
		goto done;
	}
	rc = run(&a, s);
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}
