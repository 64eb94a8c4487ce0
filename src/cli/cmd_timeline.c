/*
 * dossier timeline — who met, called, visited or refused whom, when and
 * where: one line per real-world event with the sentences behind it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/event.h"
#include "query/query.h"
#include "store/store.h"

static const char help[] =
	"usage: dossier timeline [--actor NAME]... [--type TYPE] [--from DATE] [--to DATE]\n"
	"                        [--confident] [--json]\n"
	"\n"
	"Who met, called, visited, talked with, asked to meet or refused whom, when\n"
	"and where: one line per real-world event, however many reports tell of it,\n"
	"with every sentence behind it.  By date; events no report dates come last.\n"
	"\n"
	"  --actor NAME           events NAME took part in (any form: either script,\n"
	"                         Latin); given twice or more, events between them all\n"
	"  --type TYPE            meet, call, visit, talks, request_meeting,\n"
	"                         refuse_meeting, suspend_dialogue, resume_dialogue, agree\n"
	"  --from DATE, --to DATE events whose dates overlap (YYYY-MM-DD, YYYY-MM or YYYY)\n"
	"  --confident            only lines read with confidence (0.75 or more): no line\n"
	"                         whose only date is the report's, whose people were\n"
	"                         found through a pronoun or 雙方, or that is a request\n"
	"                         or refusal read from the words around a meeting word\n"
	"  --json                 one JSON object per line: {\"date\",\"date_end\",\"type\",\n"
	"                         \"status\",\"actors\",\"place\",\"summary\",\n"
	"                         \"sources\":[{\"doc\",\"url\",\"sentence\",…}],…}\n"
	"\n"
	"A date marked * is the day of the report: no report dates the event itself.\n"
	"A status marked ? is of a line read with low confidence: a lead, not a fact.\n";

#define OPT_ACTOR 0 /* its index in opts */
static const struct cli_opt opts[] = {
	{ "--actor", 1, 1 },
	{ "--type", 1, 0 },
	{ "--from", 1, 0 },
	{ "--to", 1, 0 },
	{ "--json", 0, 0 },
	{ "--confident", 0, 0 },
	{ NULL, 0, 0 },
};

/* How wide a source's sentence may be on a terminal (display columns). */
#define SENTENCE_COLUMNS 80

/* The --actor names turned into entity ids, one filter per name. */
struct actors {
	struct timeline_actor_filter *filters;
	int64_t **ids;
	size_t n;
};

static void actors_release(struct actors *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->ids[i]);
	free(a->ids);
	free(a->filters);
}

static int resolve_actors(const struct cli_args *args, struct store *s, struct actors *a)
{
	struct query_ctx *qc = NULL;
	struct err e;
	size_t n = 0;
	int rc = CLI_OK;

	for (size_t i = 0; i < args->n_values; i++)
		n += args->spec_of[i] == OPT_ACTOR;
	if (!n)
		return CLI_OK;
	a->filters = calloc(n, sizeof *a->filters);
	a->ids = calloc(n, sizeof *a->ids);
	if (!a->filters || !a->ids) {
		cli_error("timeline: out of memory");
		return CLI_FAILED;
	}
	if (query_ctx_new(&qc, cli_data_dir(), cli_text(), s, &e)) {
		cli_error("timeline: %s", e.msg);
		return CLI_FAILED;
	}
	for (size_t i = 0; i < args->n_values && !rc; i++) {
		const char *name = args->values[i];
		size_t found;

		if (args->spec_of[i] != OPT_ACTOR)
			continue;
		if (query_entity_ids(qc, name, &a->ids[a->n], &found, &e)) {
			cli_error("timeline: %s", e.msg);
			rc = e.rc == DOSSIER_EUSAGE ? CLI_USAGE : CLI_FAILED;
		} else if (!found) {
			cli_error("timeline: no entity called %s", name);
			rc = CLI_FAILED;
		} else {
			a->filters[a->n].ids = a->ids[a->n];
			a->filters[a->n].n = found;
		}
		a->n += !rc;
	}
	query_ctx_free(qc);
	return rc;
}

/* ---- plain text --------------------------------------------------------------------- */

/*
 * The date column: 2024-01-08, a range with what repeats left out
 * (2024-01-08/09, 2023-05-31/06-02), a publication day with *, or "undated".
 */
static void date_column(const struct timeline_line *l, char *out, size_t size)
{
	char start[TIMELINE_DATE_MAX], end[TIMELINE_DATE_MAX];
	size_t skip = 0;

	if (timeline_format_date(&l->when, 0, start)) {
		snprintf(out, size, "undated");
		return;
	}
	if (timeline_format_date(&l->when, 1, end)) {
		snprintf(out, size, "%s%s", start, l->date_from_doc ? "*" : "");
		return;
	}
	/* the end without the year and month it shares with the start */
	if (strlen(start) == strlen(end) && strlen(end) > 5 && !strncmp(start, end, 5))
		skip = strlen(end) == 10 && !strncmp(start, end, 8) ? 8 : 5;
	snprintf(out, size, "%s/%s", start, end + skip);
}

/*
 * Appends `s` with line breaks and tabs as spaces, cut to `columns`
 * display columns with "…" when it is wider (0: never cut).
 */
static int add_cut(struct buf *b, const char *s, size_t columns)
{
	size_t len = strlen(s), pos = 0, used = 0;
	int cut = columns && utf8_display_width(s, len) > columns;
	int rc = 0;

	while (pos < len && !rc) {
		size_t start = pos, width;

		utf8_next(s, len, &pos);
		width = utf8_display_width(s + start, pos - start);
		if (cut && used + width > columns - 1)
			return buf_adds(b, "…");
		used += width;
		if (s[start] == '\n' || s[start] == '\r' || s[start] == '\t')
			rc = buf_addc(b, ' ');
		else
			rc = buf_add(b, s + start, pos - start);
	}
	return rc;
}

struct layout {
	size_t date_width, type_width;
	int cut; /* sentences cut to SENTENCE_COLUMNS (a terminal) */
};

/* "planned?": the status of a line read with low confidence. */
static const char *lowered(const char *status)
{
	static _Thread_local char out[24];

	snprintf(out, sizeof out, "%s?", status);
	return out;
}

static int print_line(const struct timeline_line *l, const struct layout *lay)
{
	char date[2 * TIMELINE_DATE_MAX + 2];
	struct buf b = BUF_INIT;
	int rc = 0;

	date_column(l, date, sizeof date);
	/* a line read with low confidence is a lead, not a fact */
	cli_printf(stdout, "%-*s  %-*s  %-9s  %s\n", (int)lay->date_width, date, (int)lay->type_width,
		   l->type, event_is_confident(l->confidence) ? l->status : lowered(l->status),
		   l->summary);
	for (size_t i = 0; i < l->n_sources && !rc; i++) {
		const struct timeline_event *s = l->sources[i];

		buf_reset(&b);
		rc = buf_printf(&b, "%*s  %s #%lld  ", (int)lay->date_width, "",
				s->source ? s->source : "-", (long long)s->doc_id);
		if (!rc)
			rc = add_cut(&b, s->sentence, lay->cut ? SENTENCE_COLUMNS : 0);
		if (!rc)
			cli_printf(stdout, "%s\n", b.data);
	}
	buf_release(&b);
	return rc ? CLI_FAILED : CLI_OK;
}

static int print_text(const struct timeline *t)
{
	struct layout lay = { 7, 4, isatty(STDOUT_FILENO) };
	int rc = CLI_OK;

	for (size_t i = 0; i < t->n_lines; i++) {
		char date[2 * TIMELINE_DATE_MAX + 2];

		date_column(&t->lines[i], date, sizeof date);
		if (strlen(date) > lay.date_width)
			lay.date_width = strlen(date);
		if (strlen(t->lines[i].type) > lay.type_width)
			lay.type_width = strlen(t->lines[i].type);
	}
	for (size_t i = 0; i < t->n_lines && !rc; i++)
		rc = print_line(&t->lines[i], &lay);
	return rc;
}

static int print_json(const struct timeline *t)
{
	for (size_t i = 0; i < t->n_lines; i++) {
		json_t *o = timeline_line_json(&t->lines[i]);
		int rc = o ? cli_print_json(o) : CLI_FAILED;

		json_decref(o);
		if (!o)
			cli_error("timeline: out of memory");
		if (rc)
			return rc;
	}
	return CLI_OK;
}

/* ---- the command ---------------------------------------------------------------------- */

static int run(const struct cli_args *a, struct store *s, struct timeline_query *q)
{
	struct actors actors = { NULL, NULL, 0 };
	struct timeline *t = NULL;
	struct err e;
	int rc = resolve_actors(a, s, &actors);

	if (rc)
		goto done;
	q->actors = actors.filters;
	q->n_actors = actors.n;
	if (timeline_build(s, q, &t, &e)) {
		cli_error("timeline: %s", e.msg);
		rc = e.rc == DOSSIER_EUSAGE ? CLI_USAGE : CLI_FAILED;
		goto done;
	}
	if (!t->n_lines)
		fputs("no events\n", stderr);
	rc = cli_opt(a, opts, "--json") ? print_json(t) : print_text(t);
done:
	timeline_free(t);
	actors_release(&actors);
	return rc;
}

int cmd_timeline(int argc, char **argv)
{
	struct cli_args a;
	struct timeline_query q = { 0 };
	struct store *s = NULL;
	struct err e;
	int rc = cli_parse("timeline", argc, argv, opts, &a);

	if (rc)
		return rc;
	if (a.help) {
		fputs(help, stdout);
		goto done;
	}
	if (a.n_positional) {
		cli_error("timeline: unexpected argument '%s' (names go after --actor)",
			  a.positional[0]);
		rc = CLI_USAGE;
		goto done;
	}
	q.type = cli_opt(&a, opts, "--type");
	q.from = cli_opt(&a, opts, "--from");
	q.to = cli_opt(&a, opts, "--to");
	q.confident_only = cli_opt(&a, opts, "--confident") != NULL;
	if (timeline_query_check(&q, &e)) {
		cli_error("timeline: %s", e.msg);
		rc = CLI_USAGE;
		goto done;
	}
	if (!cli_text() || !(s = cli_open_store(&a, cli_text()))) {
		rc = CLI_FAILED;
		goto done;
	}
	rc = run(&a, s, &q);
done:
	store_close(s);
	cli_args_release(&a);
	return rc;
}
