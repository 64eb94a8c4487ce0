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
	"usage: dossier serve [--listen HOST:PORT] [--token TOKEN] [--threads N] [--quiet]\n"
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
	"  --threads N          worker threads (default: twice the processors, at least 4)\n"
	"  --quiet              no line per request on stderr\n";

static const struct cli_opt serve_opts[] = {
	{ "--listen", 1, 0 },
	{ "--token", 1, 0 },
	{ "--threads", 1, 0 },
	{ "--quiet", 0, 0 },
	{ NULL, 0, 0 },
};

static int parse_threads(const char *text, unsigned *out)
{
	char *end;
	long n;

	*out = 0;
	if (!text)
		return CLI_OK;
	n = strtol(text, &end, 10);
	if (!*text || *end || n < 1 || n > 256) {
		cli_error("serve: --threads wants a number from 1 to 256, not '%s'", text);
		return CLI_USAGE;
	}
	*out = (unsigned)n;
	return CLI_OK;
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
	if ((rc = parse_threads(cli_opt(&a, serve_opts, "--threads"), &c.threads)))
		goto done;
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
	cli_args_release(&a);
	return rc;
}
