/*
 * The evaluation as a person reads it (tables, then every miss and false
 * alarm) and as a program does (one JSON object).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval_int.h"

struct scores {
	double precision, recall, f1;
	int has_p, has_r;
};

static struct scores scores_of(const struct eval_counts *c)
{
	struct scores s = { 0, 0, 0, 0, 0 };

	s.has_p = c->tp + c->fp > 0;
	s.has_r = c->tp + c->fn > 0;
	if (s.has_p)
		s.precision = (double)c->tp / (double)(c->tp + c->fp);
	if (s.has_r)
		s.recall = (double)c->tp / (double)(c->tp + c->fn);
	if (s.precision + s.recall > 0)
		s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
	return s;
}

static const char *const table_titles[EVAL_KINDS] = {
	"entities", "dates", "events (status ignored)", "events (status required)",
};

static const char *const json_names[EVAL_KINDS] = {
	"entities", "dates", "events", "events_strict",
};

static int row(struct buf *out, const char *name, const struct eval_counts *c)
{
	struct scores s = scores_of(c);
	char p[16] = "-", r[16] = "-", f[16] = "-";

	if (s.has_p)
		snprintf(p, sizeof p, "%.3f", s.precision);
	if (s.has_r)
		snprintf(r, sizeof r, "%.3f", s.recall);
	if (s.has_p && s.has_r)
		snprintf(f, sizeof f, "%.3f", s.f1);
	return buf_printf(out, "  %-18s %5zu %5zu %5zu  %6s %6s %6s\n", name, c->tp, c->fp,
			  c->fn, p, r, f);
}

static int table(const struct eval *ev, enum eval_kind kind, struct buf *out)
{
	const char *const *types = eval_kind_types(kind);
	struct eval_counts c;
	int rc = buf_printf(out, "%s: %zu gold\n  %-18s %5s %5s %5s  %6s %6s %6s\n",
			    table_titles[kind], eval_gold_items(ev, kind), "", "tp", "fp", "fn",
			    "P", "R", "F1");

	for (size_t i = 0; types[i] && !rc; i++) {
		eval_counts(ev, kind, types[i], &c);
		if (c.tp + c.fp + c.fn)
			rc = row(out, types[i], &c);
	}
	eval_counts(ev, kind, NULL, &c);
	if (!rc)
		rc = row(out, "overall", &c);
	return rc ? rc : buf_addc(out, '\n');
}

/* Rows of the trust table, the most events first. */
static int more_read(const void *pa, const void *pb)
{
	const struct eval_trust *a = *(const struct eval_trust *const *)pa;
	const struct eval_trust *b = *(const struct eval_trust *const *)pb;
	size_t na = a->right + a->wrong, nb = b->right + b->wrong;

	return na != nb ? (na < nb ? 1 : -1) : strcmp(a->name, b->name);
}

int eval_report_text(const struct eval *ev, int quiet, struct buf *out)
{
	const struct eval_trust *by_size[EVAL_TRUST_MAX];
	int rc = buf_printf(out, "documents: %zu\n\n", ev->documents);

	for (int k = 0; k < EVAL_KINDS && !rc; k++)
		rc = table(ev, (enum eval_kind)k, out);
	if (!rc && ev->repeats)
		rc = buf_printf(out, "events told again (other words or dates for an event matched; "
				     "not false alarms, one timeline line): %zu\n\n", ev->repeats);
	if (!rc && ev->roles_gold)
		rc = buf_printf(out, "roles of matched events' actors (visitor, host, requester, "
				     "requested, refuser): %zu of %zu right\n\n",
				ev->roles_right, ev->roles_gold);
	if (!rc && ev->matched)
		rc = buf_printf(out, "matched events naming an actor the gold does not (a home "
				     "country, a ministry, a bystander): %zu of %zu\n\n",
				ev->matched_extra, ev->matched);
	if (!rc && (ev->nonevents || ev->not_occurred))
		rc = buf_printf(out, "told as having happened, but did not: %zu of %zu nonevents "
				     "(negated, hypothetical, asked, claimed, referred back), %zu of "
				     "%zu events planned, proposed, refused or cancelled\n\n",
				ev->nonevents_as_occurred, ev->nonevents,
				ev->not_occurred_as_occurred, ev->not_occurred);
	for (size_t i = 0; i < ev->n_trust; i++)
		by_size[i] = &ev->trust[i];
	if (ev->n_trust)
		qsort(by_size, ev->n_trust, sizeof *by_size, more_read);
	if (!rc && ev->n_trust)
		rc = buf_adds(out, "events read with… (right: matched with the right status)\n"
				   "                              right  wrong  precision\n");
	for (size_t k = 0; k < ev->n_trust && !rc; k++) {
		const struct eval_trust *t = by_size[k];

		rc = buf_printf(out, "  %-26s %6zu %6zu  %s\n", t->name, t->right, t->wrong,
				t->right + t->wrong ? "" : "-");
		if (!rc && t->right + t->wrong) {
			buf_truncate(out, out->len - 1);
			rc = buf_printf(out, "%.3f\n", (double)t->right / (double)(t->right + t->wrong));
		}
	}
	if (!rc && ev->n_trust)
		rc = buf_addc(out, '\n');
	for (size_t i = 0; i < ev->n_items && !rc && !quiet; i++) {
		const struct eval_item *it = &ev->items[i];

		rc = buf_printf(out, "%-6s %-6s %s  %s\n", it->what, eval_kind_name(it->kind),
				it->doc, it->text);
	}
	return rc;
}

static json_t *counts_json(const struct eval_counts *c)
{
	struct scores s = scores_of(c);

	return json_pack("{s:I,s:I,s:I,s:f,s:f,s:f}", "tp", (json_int_t)c->tp, "fp",
			 (json_int_t)c->fp, "fn", (json_int_t)c->fn, "precision", s.precision,
			 "recall", s.recall, "f1", s.f1);
}

static json_t *kind_json(const struct eval *ev, enum eval_kind kind)
{
	const char *const *types = eval_kind_types(kind);
	json_t *o = json_object(), *by_type = json_object();
	struct eval_counts c;
	int bad = !o || !by_type;

	for (size_t i = 0; types[i] && !bad; i++) {
		eval_counts(ev, kind, types[i], &c);
		bad = json_object_set_new(by_type, types[i], counts_json(&c)) != 0;
	}
	eval_counts(ev, kind, NULL, &c);
	if (!bad)
		bad = json_object_set_new(o, "gold", json_integer((json_int_t)eval_gold_items(ev, kind))) ||
		      json_object_set_new(o, "overall", counts_json(&c)) ||
		      json_object_set_new(o, "types", by_type);
	else
		json_decref(by_type);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *eval_report_json(const struct eval *ev)
{
	json_t *o = json_object(), *items = json_array();
	int bad = !o || !items;

	for (size_t i = 0; i < ev->n_items && !bad; i++) {
		const struct eval_item *it = &ev->items[i];

		bad = json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s}", "kind",
							     eval_kind_name(it->kind), "what",
							     it->what, "doc", it->doc, "text",
							     it->text)) != 0;
	}
	if (!bad)
		bad = json_object_set_new(o, "documents", json_integer((json_int_t)ev->documents)) != 0 ||
		      json_object_set_new(o, "event_repeats", json_integer((json_int_t)ev->repeats)) != 0 ||
		      json_object_set_new(o, "false_occurrences",
					  json_pack("{s:I,s:I,s:I,s:I}", "nonevents",
						    (json_int_t)ev->nonevents, "nonevents_as_occurred",
						    (json_int_t)ev->nonevents_as_occurred, "not_occurred",
						    (json_int_t)ev->not_occurred,
						    "not_occurred_as_occurred",
						    (json_int_t)ev->not_occurred_as_occurred)) != 0 ||
		      json_object_set_new(o, "roles", json_pack("{s:I,s:I}", "gold",
							       (json_int_t)ev->roles_gold, "right",
							       (json_int_t)ev->roles_right)) != 0 ||
		      json_object_set_new(o, "extra_actors",
					  json_pack("{s:I,s:I}", "matched", (json_int_t)ev->matched,
						    "naming_others",
						    (json_int_t)ev->matched_extra)) != 0;
	for (int k = 0; k < EVAL_KINDS && !bad; k++)
		bad = json_object_set_new(o, json_names[k], kind_json(ev, (enum eval_kind)k)) != 0;
	if (!bad)
		bad = json_object_set_new(o, "items", items) != 0;
	else
		json_decref(items);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
