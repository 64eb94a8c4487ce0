/* Command-line parsing and the helpers every command uses. */
#include "cli/cli.h"
#include "ingest/ingest.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "query/query.h"
#include "store/store.h"
#include "text/text.h"

/* Appends the escape of one byte or code point: \n, \t, \x1b, \u009b. */
static int add_escape(struct buf *out, uint32_t cp, int byte)
{
	if (byte)
		return buf_printf(out, "\\x%02x", (unsigned)cp);
	if (cp == '\n')
		return buf_adds(out, "\\n");
	if (cp == '\t')
		return buf_adds(out, "\\t");
	if (cp == '\r')
		return buf_adds(out, "\\r");
	return cp < 0x80 ? buf_printf(out, "\\x%02x", (unsigned)cp)
			 : buf_printf(out, "\\u%04x", (unsigned)cp);
}

char *cli_escape(const char *s, int multiline)
{
	struct buf out = BUF_INIT;
	size_t len, pos = 0;
	int rc = DOSSIER_OK;

	if (!s)
		return NULL;
	len = strlen(s);
	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (cp < 0) {
			for (size_t i = at; i < pos && !rc; i++)
				rc = add_escape(&out, (unsigned char)s[i], 1);
		} else if ((cp < 0x20 && !(multiline && (cp == '\n' || cp == '\t'))) ||
			   (cp >= 0x7F && cp <= 0x9F)) {
			rc = add_escape(&out, (uint32_t)cp, 0);
		} else {
			rc = buf_add(&out, s + at, pos - at);
		}
	}
	if (rc || buf_addc(&out, '\0')) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}

void cli_print(FILE *f, const char *s, int multiline)
{
	char *safe = cli_escape(s, multiline);

	fputs(safe ? safe : "(out of memory)", f);
	free(safe);
}

void cli_printf(FILE *f, const char *fmt, ...)
{
	struct buf line = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(&line, fmt, ap);
	va_end(ap);
	if (!rc)
		cli_print(f, line.data ? line.data : "", 1);
	buf_release(&line);
}

void cli_error(const char *fmt, ...)
{
	va_list ap, again;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	else
		n = -1;
	va_end(again);
	va_end(ap);
	/* One line at a time, whichever thread reports; a path or a title in
	 * the message cannot break the line or reach the terminal as codes. */
	flockfile(stderr);
	fputs("dossier: ", stderr);
	cli_print(stderr, n < 0 ? "out of memory" : msg, 0);
	fputc('\n', stderr);
	funlockfile(stderr);
	free(msg);
}

static const struct cli_opt *find_spec(const struct cli_opt *specs,
				       const char *arg, size_t n, int *index)
{
	for (int i = 0; specs && specs[i].name; i++) {
		if (strlen(specs[i].name) == n && !strncmp(specs[i].name, arg, n)) {
			*index = i;
			return &specs[i];
		}
	}
	return NULL;
}

static int seen_before(const struct cli_args *out, int index)
{
	for (size_t i = 0; i < out->n_values; i++) {
		if (out->spec_of[i] == index)
			return 1;
	}
	return 0;
}

/* Handles one "--name[=value]" at argv[*i]. */
static int parse_option(const char *command, int argc, char **argv, int *i,
			const struct cli_opt *specs, struct cli_args *out)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *value = eq ? eq + 1 : NULL;
	const struct cli_opt *spec;
	int index = -1;

	if (n == 4 && !strncmp(arg, "--db", 4)) {
		if (!value && *i + 1 >= argc) {
			cli_error("%s: --db needs a path", command);
			return CLI_USAGE;
		}
		out->db = value ? value : argv[++*i];
		return CLI_OK;
	}
	spec = find_spec(specs, arg, n, &index);
	if (!spec) {
		cli_error("%s: unknown option '%.*s' (see 'dossier %s --help')",
			  command, (int)n, arg, command);
		return CLI_USAGE;
	}
	if (!spec->takes_value && value) {
		cli_error("%s: option %s takes no value", command, spec->name);
		return CLI_USAGE;
	}
	if (spec->takes_value && !value) {
		if (*i + 1 >= argc) {
			cli_error("%s: option %s needs a value", command, spec->name);
			return CLI_USAGE;
		}
		value = argv[++*i];
	}
	if (!spec->repeatable && seen_before(out, index)) {
		cli_error("%s: option %s given twice", command, spec->name);
		return CLI_USAGE;
	}
	if (out->n_values >= CLI_MAX_ARGS) {
		cli_error("%s: too many options", command);
		return CLI_USAGE;
	}
	out->spec_of[out->n_values] = index;
	out->values[out->n_values++] = value ? value : "";
	return CLI_OK;
}

int cli_parse(const char *command, int argc, char **argv,
	      const struct cli_opt *specs, struct cli_args *out)
{
	int only_positional = 0;

	memset(out, 0, sizeof *out);
	out->positional = calloc((size_t)argc + 1, sizeof *out->positional);
	if (!out->positional) {
		cli_error("out of memory");
		return CLI_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		int rc;

		if (!only_positional && !strcmp(arg, "--")) {
			only_positional = 1;
			continue;
		}
		if (!only_positional && (!strcmp(arg, "--help") || !strcmp(arg, "-h"))) {
			out->help = 1;
			continue;
		}
		if (!only_positional && arg[0] == '-' && arg[1] == '-') {
			rc = parse_option(command, argc, argv, &i, specs, out);
			if (rc)
				return rc;
			continue;
		}
		if (!only_positional && arg[0] == '-' && arg[1]) {
			cli_error("%s: unknown option '%s' (see 'dossier %s --help')",
				  command, arg, command);
			return CLI_USAGE;
		}
		out->positional[out->n_positional++] = arg;
	}
	return CLI_OK;
}

void cli_args_release(struct cli_args *a)
{
	free(a->positional);
	a->positional = NULL;
	a->n_positional = 0;
}

const char *cli_opt(const struct cli_args *a, const struct cli_opt *specs,
		    const char *name)
{
	const char *found = NULL;

	for (size_t i = 0; i < a->n_values; i++) {
		if (!strcmp(specs[a->spec_of[i]].name, name))
			found = a->values[i];
	}
	return found;
}

const char *cli_db_path(const struct cli_args *a)
{
	const char *env = getenv("DOSSIER_DB");

	if (a && a->db && *a->db)
		return a->db;
	if (env && *env)
		return env;
	return "dossier.db";
}

const char *cli_data_dir(void)
{
	const char *env = getenv("DOSSIER_DATA");

	return env && *env ? env : DOSSIER_DATA_DIR;
}

/* Says why a command seems to hang: another process is writing. */
static void say_waiting(void *arg, int64_t waited_ms)
{
	cli_error("%s: waiting for another process writing the archive (%lld s so far)",
		  (const char *)arg, (long long)(waited_ms / 1000));
}

struct store *cli_open_store(const struct cli_args *a, const struct text_ctx *text)
{
	struct store *s = NULL;
	struct err e;

	if (!text)
		return NULL;
	if (store_open(&s, cli_db_path(a), text, &e)) {
		cli_error("%s: %s", cli_db_path(a), e.msg);
		return NULL;
	}
	/* A command waits its turn behind another writer (an ingest, a fetch,
	 * a reindex) rather than fail: writers take turns (store_set_wait). */
	store_set_wait(s, -1, say_waiting, (void *)cli_db_path(a));
	return s;
}

static struct text_ctx *process_text;

struct text_ctx *cli_text(void)
{
	struct text_ctx **text = &process_text;
	struct err e;

	/* Built once per process: the tables take a few tens of milliseconds. */
	if (!*text && text_ctx_new(text, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	return *text;
}

void cli_text_release(void)
{
	text_ctx_free(process_text);
	process_text = NULL;
}

int cli_print_json(json_t *value)
{
	char *line = json_dumps(value, QUERY_JSON_FLAGS);

	if (!line) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	puts(line);
	free(line);
	return CLI_OK;
}

char *cli_display_url(const char *url)
{
	struct buf out = BUF_INIT;
	size_t len, i = 0;

	if (!url)
		return NULL;
	len = strlen(url);
	while (i < len) {
		/* Decode a run of escapes only when it spells non-ASCII UTF-8. */
		struct buf run = BUF_INIT;
		size_t j = i;

		while (j + 2 < len && url[j] == '%' && ascii_hex_value(url[j + 1]) >= 0 &&
		       ascii_hex_value(url[j + 2]) >= 0) {
			buf_addc(&run, (char)(ascii_hex_value(url[j + 1]) * 16 + ascii_hex_value(url[j + 2])));
			j += 3;
		}
		if (run.len && !utf8_count_invalid(run.data, run.len, NULL)) {
			/* ASCII stays escaped: %20, %2F and the like mean something;
			 * so do C1 controls (%C2%9B is a terminal's CSI). */
			for (size_t k = 0; k < run.len; k++) {
				unsigned char c = (unsigned char)run.data[k];

				if (c == 0xC2 && k + 1 < run.len &&
				    (unsigned char)run.data[k + 1] <= 0x9F) {
					buf_add(&out, url + i + 3 * k, 6);
					k++;
				} else if (c < 0x80) {
					buf_add(&out, url + i + 3 * k, 3);
				} else {
					buf_addc(&out, run.data[k]);
				}
			}
			i = j;
		} else if (run.len) {
			buf_add(&out, url + i, 3);
			i += 3;
		} else {
			buf_addc(&out, url[i++]);
		}
		buf_release(&run);
	}
	return buf_detach(&out);
}

void cli_report_notes(const char *item, const struct ingest_notes *notes)
{
	const char *p = notes->problems;

	if (notes->invalid_utf8)
		cli_error("%s: warning: replaced %zu malformed %s sequence%s with U+FFFD",
			  item, notes->invalid_utf8, notes->encoding[0] ? notes->encoding : "UTF-8",
			  notes->invalid_utf8 == 1 ? "" : "s");
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		cli_error("%s: warning: %.*s", item, (int)n, p);
		p += n + (p[n] == '\n');
	}
}
