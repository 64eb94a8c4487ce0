/* dossier entities [NAME] — who and what the archive names, and where. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/datetime.h"
#include "extract/extract.h"
#include "query/query.h"
#include "store/store.h"
#include "text/text.h"

static const char help[] =
	"usage: dossier entities [NAME] [--type person|org|place|forum] [--json]\n"
	"\n"
	"Without NAME: the people, organisations, places and forums the archive's\n"
	"documents mention, most mentioned first, with how many mentions and in\n"
	"how many documents.  With NAME (any form: either script, a Latin name,\n"
	"a short form): that entity with every form it was seen in and the\n"
	"documents that mention it.  --json prints one JSON object per entity:\n"
	"{\"id\",\"name\",\"type\",\"key\",\"aliases\",\"mentions\",\"docs\"}, with NAME also\n"
	"\"documents\".\n";

static const struct cli_opt opts[] = {
	{ "--json", 0, 0 },
	{ "--type", 1, 0 },
	{ NULL, 0, 0 },
};

#define MAX_FOUND 32

/* What a run collects: the entities found by name, or printing as it goes. */
struct listing {
	struct store *s;
	const char *type;
	int json, with_docs;
	struct store_entity found[MAX_FOUND];
	char *keys[MAX_FOUND], *names[MAX_FOUND], *types[MAX_FOUND];
	size_t n_found;
	struct err e;
};

static int print_alias(void *arg, const char *alias)
{
	int *first = arg;

	cli_printf(stdout, "%s%s", *first ? "" : ", ", alias);
	*first = 0;
	return 0;
}

static int print_doc(void *arg, const struct store_entity_doc *doc)
{
	char date[DATETIME_ISO_MAX];

	(void)arg;
	datetime_format_date(doc->published, date);
	cli_printf(stdout, "  %6lld  %-10s  %-8s  %3lldx  %s\n", (long long)doc->id, date[0] ? date : "-",
	       doc->source ? doc->source : "-", (long long)doc->mentions,
	       doc->title ? doc->title : "");
	return 0;
}

static int print_entity(struct listing *l, const struct store_entity *ent)
{
	int first = 1;

	if (l->json) {
		json_t *o = query_entity_json(l->s, ent, l->with_docs, &l->e);
		int rc;

		if (!o)
			return DOSSIER_EDB;
		rc = cli_print_json(o);
		json_decref(o);
		return rc ? DOSSIER_EIO : DOSSIER_OK;
	}
	if (!l->with_docs) {
		cli_printf(stdout, "%6lld  %4lld docs  %-6s  %s  (", (long long)ent->mentions,
		       (long long)ent->docs, ent->type, ent->name);
		if (store_entity_aliases(l->s, ent->id, print_alias, &first, &l->e))
			return DOSSIER_EDB;
		printf(")\n");
		return DOSSIER_OK;
	}
	cli_printf(stdout, "%s (%s)\n", ent->name, ent->type);
	printf("aliases: ");
	if (store_entity_aliases(l->s, ent->id, print_alias, &first, &l->e))
		return DOSSIER_EDB;
	printf("\nmentions: %lld in %lld document%s\n", (long long)ent->mentions,
	       (long long)ent->docs, ent->docs == 1 ? "" : "s");
	if (store_entity_docs(l->s, ent->id, print_doc, NULL, &l->e))
		return DOSSIER_EDB;
	return DOSSIER_OK;
}

static int list_one(void *arg, const struct store_entity *ent)
{
	return print_entity(arg, ent);
}

/* Keeps an entity found by name once (copies: the row lives only now). */
static int collect(void *arg, const struct store_entity *ent)
{
	struct listing *l = arg;
	size_t i = l->n_found;

	if (ent->mentions == 0 || (l->type && strcmp(ent->type, l->type)))
		return 0;
	for (size_t k = 0; k < l->n_found; k++) {
		if (l->found[k].id == ent->id)
			return 0;
	}
	if (i >= MAX_FOUND)
		return 0;
	l->found[i] = *ent;
	l->keys[i] = strdup(ent->key);
	l->names[i] = strdup(ent->name);
	l->types[i] = strdup(ent->type);
	if (!l->keys[i] || !l->names[i] || !l->types[i]) {
		free(l->keys[i]);
		free(l->names[i]);
		free(l->types[i]);
		return DOSSIER_ENOMEM;
	}
	l->found[i].key = l->keys[i];
	l->found[i].name = l->names[i];
	l->found[i].type = l->types[i];
	l->n_found++;
	return 0;
}

/*
 * The entities NAME names: forms seen in the archive, the gazetteer's
 * entries having it as a form, and names keyed by it.
 */
static int find_named(struct listing *l, const char *name)
{
	static const char *const prefixes[] = { "latin:", "name:", "org:", "forum:" };
	struct buf key = BUF_INIT, prefixed = BUF_INIT;
	struct gazetteer g;
	char path[4096];
	int rc = text_normalise(cli_text(), name, strlen(name), &key);

	if (rc || !key.len) {
		buf_release(&key);
		return rc ? rc : DOSSIER_EUSAGE;
	}
	rc = store_entities_by_alias(l->s, key.data, collect, l, &l->e);
	snprintf(path, sizeof path, "%s/aliases.tsv", cli_data_dir());
	if (!rc && !(rc = gazetteer_load(&g, path, cli_text(), &l->e))) {
		const struct gazetteer_entry *owners[8];
		size_t n = gazetteer_find(&g, key.data, owners, 8);

		for (size_t i = 0; i < n && i < 8 && !rc; i++)
			rc = store_entity_by_key(l->s, owners[i]->id, collect, l, &l->e);
		gazetteer_release(&g);
	}
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !rc; i++) {
		buf_reset(&prefixed);
		if (buf_adds(&prefixed, prefixes[i]) || buf_adds(&prefixed, key.data))
			rc = DOSSIER_ENOMEM;
		else
			rc = store_entity_by_key(l->s, prefixed.data, collect, l, &l->e);
	}
	buf_release(&key);
	buf_release(&prefixed);
	return rc;
}

int cmd_entities(int argc, char **argv)
{
	struct cli_args a;
	struct listing l;
	const char *name;
	int rc = cli_parse("entities", argc, argv, opts, &a);

	if (rc)
		return rc;
	memset(&l, 0, sizeof l);
	if (a.help) {
		fputs(help, stdout);
		goto done;
	}
	if (a.n_positional > 1) {
		cli_error("entities: give one NAME (quote a name with spaces: \"Lloyd Austin\")");
		rc = CLI_USAGE;
		goto done;
	}
	l.type = cli_opt(&a, opts, "--type");
	if (l.type && strcmp(l.type, "person") && strcmp(l.type, "org") &&
	    strcmp(l.type, "place") && strcmp(l.type, "forum")) {
		cli_error("entities: --type must be person, org, place or forum, not '%s'", l.type);
		rc = CLI_USAGE;
		goto done;
	}
	l.json = cli_opt(&a, opts, "--json") != NULL;
	name = a.n_positional ? a.positional[0] : NULL;
	if (!cli_text() || !(l.s = cli_open_store(&a, cli_text()))) {
		rc = CLI_FAILED;
		goto done;
	}
	if (!name) {
		if (store_entities_list(l.s, l.type, list_one, &l, &l.e)) {
			cli_error("entities: %s", l.e.msg[0] ? l.e.msg : "out of memory");
			rc = CLI_FAILED;
		}
		goto done;
	}
	rc = find_named(&l, name);
	if (rc == DOSSIER_EUSAGE) {
		cli_error("entities: nothing to look up in '%s'", name);
		rc = CLI_USAGE;
		goto done;
	}
	if (rc) {
		cli_error("entities: %s", l.e.msg[0] ? l.e.msg : "out of memory");
		rc = CLI_FAILED;
		goto done;
	}
	if (!l.n_found) {
		cli_error("entities: no entity named '%s'%s%s", name, l.type ? " of type " : "",
			  l.type ? l.type : "");
		rc = CLI_FAILED;
		goto done;
	}
	l.with_docs = 1;
	for (size_t i = 0; i < l.n_found && !rc; i++) {
		if (i && !l.json)
			printf("\n");
		if (print_entity(&l, &l.found[i])) {
			cli_error("entities: %s", l.e.msg[0] ? l.e.msg : "cannot print");
			rc = CLI_FAILED;
		}
	}
done:
	for (size_t i = 0; i < l.n_found; i++) {
		free(l.keys[i]);
		free(l.names[i]);
		free(l.types[i]);
	}
	store_close(l.s);
	cli_args_release(&a);
	return rc;
}
