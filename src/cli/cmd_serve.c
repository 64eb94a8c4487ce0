/*
 * dossier serve — the archive over HTTP: the JSON API of docs/API.md and
 * the web UI, until Ctrl-C (SIGINT) or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "server/server.h"

static const char serve_help[] =
	"usage: dossier serve [--listen HOST:PORT] [--token TOKEN] [--allow-host NAME]...\n"
	"                     [--threads N] [--max-per-client N] [--header-timeout S] [--quiet]\n"
	"\n"
	"Serves the archive: the web UI at http://HOST:PORT/ and the JSON API under\n"
	"/api/ (search, doc/ID, entities, entity/ID, timeline, stories, story/ID,\n"
	"stats; see docs/API.md).  Runs until Ctrl-C.  `dossier ingest` and\n"
	"`dossier fetch` may write to the same archive meanwhile.\n"
	"\n"
	"  --listen HOST:PORT   where to listen (default 127.0.0.1:8080; port 0: any\n"
	"                       free port, printed).  An address other than loopback\n"
	"                       needs --token.\n"
	"  --token TOKEN        API requests must send 'Authorization: Bearer TOKEN'\n"
	"                       (at least 16 characters; default $DOSSIER_TOKEN)\n"
	"  --allow-host NAME    answer requests whose Host is NAME too (repeatable; any\n"
	"                       port).  Without it only the address listened on (or,\n"
	"                       on 0.0.0.0, the address a request arrived at and this\n"
	"                       machine's host name), localhost and the name given in\n"
	"                       --listen are answered; any other Host gets 421, so\n"
	"                       that a web page cannot reach the archive through a\n"
	"                       name of its own (DNS rebinding)\n"
	"  --threads N          worker threads (default: twice the processors, at least 4)\n"
	"  --max-per-client N   connections one client address may hold at once\n"
	"                       (default: a quarter of the server's limit, 4,096 of\n"
	"                       16,384; more are refused)\n"
	"  --header-timeout S   a connection that has not sent a whole request's headers\n"
	"                       S seconds after it opened (or after its last answer) is\n"
	"                       closed (default 10)\n"
	"  --quiet              no line per request on stderr\n";

static const struct cli_opt serve_opts[] = {
	{ "--listen", 1, 0 },
	{ "--token", 1, 0 },
	{ "--allow-host", 1, 1 },
	{ "--threads", 1, 0 },
	{ "--max-per-client", 1, 0 },
	{ "--header-timeout", 1, 0 },
	{ "--quiet", 0, 0 },
	{ NULL, 0, 0 },
};

/* Index of --allow-host in serve_opts. */
#define OPT_ALLOW_HOST 2

/* A whole number in [min, max] for option `name`, or 0 when absent. */
static int parse_count(const char *name, const char *text, long min, long max, unsigned *out)
{
	char *end;
	long n;

	*out = 0;
	if (!text)
		return CLI_OK;
	n = strtol(text, &end, 10);
	if (!*text || *end || n < min || n > max) {
		cli_error("serve: %s wants a number from %ld to %ld, not '%s'", name, min, max, text);
		return CLI_USAGE;
	}
	*out = (unsigned)n;
	return CLI_OK;
}

/* The --allow-host values, in order (borrowed from `a`; caller frees the array). */
static const char **allow_hosts(const struct cli_args *a, size_t *n)
{
	const char **names = calloc(a->n_values + 1, sizeof *names);

	*n = 0;
	if (!names)
		return NULL;
	for (size_t i = 0; i < a->n_values; i++) {
		if (a->spec_of[i] == OPT_ALLOW_HOST)
			names[(*n)++] = a->values[i];
	}
	return names;
}

/* Blocks until SIGINT or SIGTERM (blocked in every thread, taken here). */
static void wait_for_stop(const sigset_t *stop)
{
	int sig;

	while (sigwait(stop, &sig))
		;
}

static void print_address(const struct server_config *c, const struct server *s)
{
	const char *listen = c->listen;
	const char *colon = strrchr(listen, ':');
	int host_len = (int)(colon - listen);

	printf("Dossier is serving %s at http://%.*s:%u/\n", c->db_path, host_len, listen,
	       server_port(s));
	printf("API: http://%.*s:%u/api/search?q=... (docs/API.md). Ctrl-C stops.\n", host_len,
	       listen, server_port(s));
	fflush(stdout);
}

static int serve(const struct server_config *c)
{
	struct server *s = NULL;
	struct err e;
	sigset_t stop;
	uint64_t ok, client, failed;

	/* Before any thread starts, so that all of them inherit the mask and
	 * the signal is taken only by sigwait below. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (server_start(&s, c, &e)) {
		cli_error("serve: %s", e.msg);
		return e.rc == DOSSIER_EUSAGE ? CLI_USAGE : CLI_FAILED;
	}
	print_address(c, s);
	wait_for_stop(&stop);
	server_counts(s, &ok, &client, &failed);
	server_stop(s);
	fprintf(stderr, "dossier: serve: stopped after %llu answers (%llu refused as bad requests, "
			"%llu failed)\n",
		(unsigned long long)(ok + client + failed), (unsigned long long)client,
		(unsigned long long)failed);
	return CLI_OK;
}

int cmd_serve(int argc, char **argv)
{
	struct cli_args a;
	struct server_config c = { 0 };
	const char **hosts = NULL;
	int rc = cli_parse("serve", argc, argv, serve_opts, &a);

	if (rc)
		return rc;
	if (a.help) {
		fputs(serve_help, stdout);
		goto done;
	}
	if (a.n_positional) {
		cli_error("serve: takes no arguments (see 'dossier serve --help')");
		rc = CLI_USAGE;
		goto done;
	}
	if ((rc = parse_count("--threads", cli_opt(&a, serve_opts, "--threads"), 1, 256,
			      &c.threads)) ||
	    (rc = parse_count("--max-per-client", cli_opt(&a, serve_opts, "--max-per-client"), 1,
			      SERVER_MAX_CONNECTIONS, &c.max_per_client)) ||
	    (rc = parse_count("--header-timeout", cli_opt(&a, serve_opts, "--header-timeout"), 1,
			      3600, &c.header_seconds)))
		goto done;
	hosts = allow_hosts(&a, &c.n_allow_hosts);
	if (!hosts) {
		cli_error("serve: out of memory");
		rc = CLI_FAILED;
		goto done;
	}
	c.allow_hosts = hosts;
	c.db_path = cli_db_path(&a);
	c.data_dir = cli_data_dir();
	c.listen = cli_opt(&a, serve_opts, "--listen");
	if (!c.listen)
		c.listen = SERVER_DEFAULT_LISTEN;
	c.token = cli_opt(&a, serve_opts, "--token");
	if (!c.token && getenv("DOSSIER_TOKEN") && *getenv("DOSSIER_TOKEN"))
		c.token = getenv("DOSSIER_TOKEN");
	c.access_log = !cli_opt(&a, serve_opts, "--quiet");
	c.text = cli_text();
	if (!c.text) {
		rc = CLI_FAILED;
		goto done;
	}
	rc = serve(&c);
done:
	free(hosts);
	cli_args_release(&a);
	return rc;
}
