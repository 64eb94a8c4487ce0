/*
 * slowloris — clients that never finish their request headers, for the
 * serve tests and bench/serve_slow.sh.  Loopback only.
 *
 *	slowloris [--connections N] [--sources K] [--first-source A]
 *	          [--interval S] [--duration S] [--no-reconnect]
 *	          [--reconnect-delay S] [--young S] [--ready-file PATH] HOST:PORT
 *
 * Opens N connections (default 100) to HOST:PORT (an IPv4 loopback
 * address), spread round-robin over K source addresses (default 1),
 * 127.0.0.A .. 127.0.0.(A+K-1) (A default 2; every 127.0.0.0/8 address
 * is this machine's on Linux), each bound before it connects.  Each
 * connection sends a request line and a Host header at once, then one
 * more header byte every S seconds (default 1; the first byte of each at
 * a random moment of the first interval, so that they do not all come
 * together), and never the empty line that ends the headers.
 *
 * A connection the server ends (EOF, reset, an error answer) is counted
 * as cut, with its age (from the moment it was established) and whether
 * the server sent anything first; then a new one replaces it after
 * --reconnect-delay (default 0.1 s), unless --no-reconnect, where the
 * run ends early once every connection is gone.  The run lasts
 * --duration seconds (default 10), or until SIGTERM or SIGINT (the
 * summary is printed all the same).  Once N connections were established
 * at the same time, --ready-file PATH is created (empty), so that a
 * script can wait for the load to be in place.
 *
 * One summary line on stdout:
 *
 *	connections N established E open_at_end O max_open M cut C
 *	cut_young Y cut_age_min A cut_age_max B answered R connect_failed F
 *
 * established: connections the server accepted (reconnections
 * included); cut_young: those cut within --young seconds (default 1) of
 * being established — a server that refuses a connection it cannot take
 * closes it at once, while one that cuts slow headers waits for their
 * deadline; cut_age_min/max: the youngest and the oldest age at a cut,
 * in seconds (-1 when nothing was cut); answered: cut connections the
 * server sent bytes to before closing; connect_failed: connection
 * attempts refused or failed before being established.  Exit 0, or 1
 * when no connection was ever established, 2 on bad use.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 100000
#define MAX_SOURCES 250
#define MAX_SECONDS 86400.0
#define EVENTS_PER_WAIT 256
#define TICK_MS 20

/* Set by SIGTERM or SIGINT: stop and print what was seen. */
static volatile sig_atomic_t stop_asked;

static void on_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

/* The bytes dribbled after the request line: a header line, over and over. */
static const char dribble[] = "X-Slow: a\r\n";

struct options {
	long connections, sources, first_source;
	double interval_s, duration_s, reconnect_delay_s, young_s;
	int reconnect;
	const char *ready_file;
	struct sockaddr_in target;
};

enum state { IDLE, CONNECTING, OPEN };

struct conn {
	int fd;
	enum state state;
	double established;    /* when the connection was accepted */
	double next_byte;      /* when the next header byte is due */
	double retry_at;       /* IDLE: when to connect again */
	size_t sent;           /* dribble bytes sent so far */
	int got_bytes;         /* the server answered something */
	int source;            /* which source address */
};

struct tally {
	unsigned long long established, cut, young, answered, connect_failed;
	long open, max_open;
	double age_min, age_max;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fputs("usage: slowloris [--connections N] [--sources K] [--first-source A] [--interval S]\n"
	      "                 [--duration S] [--no-reconnect] [--reconnect-delay S] [--young S]\n"
	      "                 [--ready-file PATH] HOST:PORT\n", stderr);
}

/* ---- options ------------------------------------------------------------ */

static int parse_long(const char *name, const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "slowloris: %s wants a whole number from %ld to %ld, not '%s'\n", name,
			lo, hi, s);
		return 0;
	}
	*out = v;
	return 1;
}

static int parse_seconds(const char *name, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0) || v > MAX_SECONDS) {
		fprintf(stderr, "slowloris: %s wants seconds from 0 to %.0f, not '%s'\n", name,
			MAX_SECONDS, s);
		return 0;
	}
	*out = v;
	return 1;
}

/* HOST:PORT, HOST an IPv4 loopback address: this workplace talks to no other. */
static int parse_target(const char *s, struct sockaddr_in *out)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof host) {
		fprintf(stderr, "slowloris: want HOST:PORT (127.0.0.1:8080), not '%s'\n", s);
		return 0;
	}
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(out, 0, sizeof *out);
	out->sin_family = AF_INET;
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &out->sin_addr) != 1 ||
	    (ntohl(out->sin_addr.s_addr) >> 24) != 127) {
		fprintf(stderr, "slowloris: %s is not an IPv4 loopback address; this workplace "
				"forbids traffic to any other host\n", host);
		return 0;
	}
	if (!parse_long("the port", colon + 1, 1, 65535, &port))
		return 0;
	out->sin_port = htons((uint16_t)port);
	return 1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .connections = 100, .sources = 1, .first_source = 2,
			       .interval_s = 1, .duration_s = 10, .reconnect_delay_s = 0.1,
			       .young_s = 1, .reconnect = 1 };
	int i, target = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int ok = 1, takes = 1;

		if (!strcmp(a, "--no-reconnect")) {
			o->reconnect = 0;
			continue;
		}
		if (a[0] == '-' && !v) {
			fprintf(stderr, "slowloris: %s wants a value\n", a);
			return 0;
		}
		if (!strcmp(a, "--connections"))
			ok = parse_long(a, v, 1, MAX_CONNECTIONS, &o->connections);
		else if (!strcmp(a, "--sources"))
			ok = parse_long(a, v, 1, MAX_SOURCES, &o->sources);
		else if (!strcmp(a, "--first-source"))
			ok = parse_long(a, v, 1, 254, &o->first_source);
		else if (!strcmp(a, "--interval"))
			ok = parse_seconds(a, v, &o->interval_s) && o->interval_s > 0;
		else if (!strcmp(a, "--duration"))
			ok = parse_seconds(a, v, &o->duration_s);
		else if (!strcmp(a, "--reconnect-delay"))
			ok = parse_seconds(a, v, &o->reconnect_delay_s);
		else if (!strcmp(a, "--young"))
			ok = parse_seconds(a, v, &o->young_s);
		else if (!strcmp(a, "--ready-file"))
			o->ready_file = v;
		else if (a[0] == '-') {
			fprintf(stderr, "slowloris: unknown option %s\n", a);
			return 0;
		} else {
			takes = 0;
			ok = !target++ && parse_target(a, &o->target);
		}
		if (!ok)
			return 0;
		i += takes;
	}
	if (!target) {
		fprintf(stderr, "slowloris: which HOST:PORT?\n");
		return 0;
	}
	if (o->first_source + o->sources - 1 > 254) {
		fprintf(stderr, "slowloris: sources past 127.0.0.254\n");
		return 0;
	}
	return 1;
}

/* ---- connections -------------------------------------------------------------- */

/* As many descriptors as the hard limit allows: N connections need N. */
static void raise_fd_limit(long want)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) || r.rlim_cur >= (rlim_t)want + 64)
		return;
	r.rlim_cur = r.rlim_max == RLIM_INFINITY || r.rlim_max > (rlim_t)want + 64
			     ? (rlim_t)want + 64
			     : r.rlim_max;
	setrlimit(RLIMIT_NOFILE, &r);
}

static double random_fraction(void)
{
	return (double)rand() / ((double)RAND_MAX + 1.0);
}

/* Starts a non-blocking connect from the connection's source address. */
static int start_connect(const struct options *o, int ep, struct conn *c, size_t index,
			 struct tally *t, double now)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN | EPOLLRDHUP };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	c->state = IDLE;
	if (fd < 0)
		goto failed;
	src.sin_addr.s_addr = htonl((127u << 24) | (uint32_t)(o->first_source + c->source));
	if (bind(fd, (struct sockaddr *)&src, sizeof src) ||
	    (connect(fd, (const struct sockaddr *)&o->target, sizeof o->target) &&
	     errno != EINPROGRESS)) {
		close(fd);
		goto failed;
	}
	ev.data.u64 = index;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		goto failed;
	}
	c->fd = fd;
	c->state = CONNECTING;
	c->sent = 0;
	c->got_bytes = 0;
	return 1;
failed:
	t->connect_failed++;
	c->fd = -1;
	c->retry_at = now + (o->reconnect_delay_s > 0 ? o->reconnect_delay_s : 0.05);
	return 0;
}

/* The connection is over: counted, and a new one is due (or none). */
static void end_conn(const struct options *o, struct conn *c, struct tally *t, double now,
		     int established)
{
	if (established) {
		double age = now - c->established;

		t->cut++;
		t->young += age < o->young_s;
		t->answered += c->got_bytes;
		if (t->age_min < 0 || age < t->age_min)
			t->age_min = age;
		if (age > t->age_max)
			t->age_max = age;
		t->open--;
	} else {
		t->connect_failed++;
	}
	close(c->fd);
	c->fd = -1;
	c->state = IDLE;
	c->retry_at = o->reconnect ? now + o->reconnect_delay_s : -1;
}

/* Established: the request line and Host at once, then a byte at a time. */
static int on_established(const struct options *o, struct conn *c, struct tally *t, double now)
{
	char head[128];
	int n = snprintf(head, sizeof head, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n",
			 (unsigned)ntohs(o->target.sin_port));

	c->state = OPEN;
	c->established = now;
	c->next_byte = now + o->interval_s * random_fraction();
	t->established++;
	if (++t->open > t->max_open)
		t->max_open = t->open;
	return send(c->fd, head, (size_t)n, MSG_NOSIGNAL) == n;
}

/* What epoll said about one connection. */
static void on_event(const struct options *o, int ep, struct conn *c, size_t index,
		     uint32_t events, struct tally *t, double now)
{
	char sink[4096];

	if (c->state == CONNECTING) {
		/* Writable from now on: only what the server sends matters. */
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u64 = index };
		int err = 0;
		socklen_t len = sizeof err;

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
			end_conn(o, c, t, now, 0);
			return;
		}
		if (!on_established(o, c, t, now) || epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev)) {
			end_conn(o, c, t, now, 1);
			return;
		}
	}
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		for (;;) {
			ssize_t got = recv(c->fd, sink, sizeof sink, 0);

			if (got > 0) {
				c->got_bytes = 1;
				continue;
			}
			if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			end_conn(o, c, t, now, 1);
			return;
		}
	}
}

/* Sends the header bytes that are due; a failed send ends the connection. */
static void dribble_due(const struct options *o, struct conn *all, struct tally *t, double now)
{
	for (long i = 0; i < o->connections; i++) {
		struct conn *c = &all[i];

		if (c->state != OPEN || c->next_byte > now)
			continue;
		if (send(c->fd, &dribble[c->sent % (sizeof dribble - 1)], 1, MSG_NOSIGNAL) == 1) {
			c->sent++;
			c->next_byte = now + o->interval_s;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			end_conn(o, c, t, now, 1);
		}
	}
}

static void reconnect_due(const struct options *o, int ep, struct conn *all, struct tally *t,
			  double now)
{
	for (long i = 0; i < o->connections; i++) {
		if (all[i].state == IDLE && all[i].retry_at >= 0 && all[i].retry_at <= now)
			start_connect(o, ep, &all[i], (size_t)i, t, now);
	}
}

static int all_gone(const struct options *o, const struct conn *all)
{
	for (long i = 0; i < o->connections; i++) {
		if (all[i].state != IDLE || all[i].retry_at >= 0)
			return 0;
	}
	return 1;
}

static void mark_ready(const struct options *o, const struct tally *t, int *ready)
{
	FILE *f;

	if (*ready || !o->ready_file || t->open < o->connections)
		return;
	*ready = 1;
	f = fopen(o->ready_file, "w");
	if (f)
		fclose(f);
}

static void run(const struct options *o, int ep, struct conn *all, struct tally *t)
{
	struct epoll_event events[EVENTS_PER_WAIT];
	double start = now_s(), end = start + o->duration_s;
	int ready = 0;

	for (long i = 0; i < o->connections; i++) {
		all[i].source = (int)(i % o->sources);
		start_connect(o, ep, &all[i], (size_t)i, t, start);
	}
	for (double now = start; now < end && !stop_asked; now = now_s()) {
		int n = epoll_wait(ep, events, EVENTS_PER_WAIT, TICK_MS);

		now = now_s();
		for (int k = 0; k < n; k++) {
			struct conn *c = &all[events[k].data.u64];

			if (c->fd >= 0)
				on_event(o, ep, c, (size_t)events[k].data.u64, events[k].events, t,
					 now);
		}
		dribble_due(o, all, t, now);
		reconnect_due(o, ep, all, t, now);
		mark_ready(o, t, &ready);
		if (!o->reconnect && all_gone(o, all))
			break;
	}
}

int main(int argc, char **argv)
{
	struct options o;
	struct tally t = { .age_min = -1, .age_max = -1 };
	struct conn *all;
	int ep;

	if (!parse_options(argc, argv, &o)) {
		usage();
		return 2;
	}
	raise_fd_limit(o.connections);
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	srand((unsigned)getpid());
	all = calloc((size_t)o.connections, sizeof *all);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!all || ep < 0) {
		fprintf(stderr, "slowloris: out of resources\n");
		return 1;
	}
	run(&o, ep, all, &t);
	printf("connections %ld established %llu open_at_end %ld max_open %ld cut %llu "
	       "cut_young %llu cut_age_min %.2f cut_age_max %.2f answered %llu connect_failed %llu\n",
	       o.connections, t.established, t.open, t.max_open, t.cut, t.young, t.age_min,
	       t.age_max, t.answered, t.connect_failed);
	for (long i = 0; i < o.connections; i++) {
		if (all[i].fd >= 0)
			close(all[i].fd);
	}
	close(ep);
	free(all);
	return t.established ? 0 : 1;
}
