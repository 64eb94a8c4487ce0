/*
 * cli.h — what the command implementations share: options, the archive
 * path, messages, exit codes.  Only cli/ calls exit() or prints to the
 * terminal on the user's behalf.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct store;

enum cli_exit {
	CLI_OK = 0,
	CLI_FAILED = 1, /* an error, or some items of a batch failed */
	CLI_USAGE = 2,  /* the command line itself was wrong */
};

/* One option a command accepts. */
struct cli_opt {
	const char *name;  /* "--limit" */
	int takes_value;   /* 1: "--limit N" or "--limit=N" */
	int repeatable;    /* may appear more than once (values kept in order) */
};

#define CLI_MAX_ARGS 256

/* A parsed command line: option values by spec index, then positionals. */
struct cli_args {
	const char *values[CLI_MAX_ARGS];   /* option value, or "" for a flag */
	int spec_of[CLI_MAX_ARGS];          /* which spec each value belongs to */
	size_t n_values;
	const char **positional;            /* argc entries, malloc'd */
	size_t n_positional;
	const char *db;                     /* --db, wherever it appeared */
	int help;
};

/*
 * Parses argv[0..argc) against `specs` (terminated by a NULL name).
 * "--" ends options.  --db and --help/-h are understood everywhere.  On a
 * mistake prints "dossier: <command>: <why>" and returns CLI_USAGE.
 */
int cli_parse(const char *command, int argc, char **argv,
	      const struct cli_opt *specs, struct cli_args *out);

/* Frees what cli_parse() allocated. */
void cli_args_release(struct cli_args *a);

/* The last value of option `name`, or NULL when absent. */
const char *cli_opt(const struct cli_args *a, const struct cli_opt *specs,
		    const char *name);

/*
 * Prints "dossier: <fmt>" and a newline on stderr, with control characters
 * and malformed bytes escaped (cli_escape): a file name holding a newline
 * or an escape sequence stays one line of plain text.
 */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * `s` made safe for a terminal: every control character — C0 (but tab and
 * line feed when `multiline`), DEL and C1 (U+0080-U+009F) — and every
 * malformed UTF-8 byte written as an escape (\n, \x1b, \u009b, \xff), so
 * that text from a hostile file ("ESC [ 2 J" in a title) cannot drive the
 * terminal.  Caller frees; NULL for NULL or when out of memory.
 */
char *cli_escape(const char *s, int multiline);

/* Writes cli_escape(s, multiline) to `f`. */
void cli_print(FILE *f, const char *s, int multiline);

/*
 * printf to `f` with the whole result made safe as cli_escape(…, 1) makes
 * it: the format's own line ends and tabs stay, any other control a
 * title, name or sentence from the archive holds is written escaped.
 */
void cli_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints what ingest repaired or dropped in `item` as warnings. */
struct ingest_notes;
void cli_report_notes(const char *item, const struct ingest_notes *notes);

/*
 * The archive path: --db, else $DOSSIER_DB, else ./dossier.db.
 */
const char *cli_db_path(const struct cli_args *a);

/* The data folder: $DOSSIER_DATA, else the one the build knows. */
const char *cli_data_dir(void);

/*
 * The process's text context (normaliser and script tables), built on
 * first use; NULL (with the error printed) when OpenCC or ICU data is
 * missing.  Freed at exit by cli_text_release().
 */
struct text_ctx;
struct text_ctx *cli_text(void);
void cli_text_release(void);

/* Opens the archive, printing the error when it fails (NULL then, also
 * when `text` is NULL because it could not be built). */
struct store *cli_open_store(const struct cli_args *a, const struct text_ctx *text);

/* Commands: each returns an exit status. */
int cmd_ingest(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_bench_query(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/*
 * A URL as a person reads it: percent-escapes of UTF-8 text decoded
 * (https://www.dw.com/zh/北京拒絕…/a-65766662), while escapes of spaces,
 * reserved and control characters stay.  Caller frees; NULL in, NULL out.
 * For text output only: JSON keeps the URL as stored.
 */
char *cli_display_url(const char *url);

/* Writes a jansson value as one line of JSON on stdout. */
struct json_t;
int cli_print_json(struct json_t *value);

#endif
