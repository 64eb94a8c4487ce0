/*
 * The header deadline: a connection must finish each request's headers
 * within a few seconds of being ready for it (accepted, or done with its
 * previous answer), or it is cut.  libmicrohttpd's idle timeout cannot do
 * this: a client that sends one header byte every few seconds is never
 * idle, and enough of them ("slow loris") hold every connection the server
 * may have.
 *
 * Each connection gets a record when libmicrohttpd accepts it
 * (MHD_CONNECTION_NOTIFY_STARTED) and loses it when libmicrohttpd is done
 * with it (MHD_CONNECTION_NOTIFY_CLOSED).  A record waits in a queue while
 * its connection owes request headers; since every wait is the same
 * length, the queue is in deadline order and the watchdog thread only ever
 * looks at its head.  A connection past its deadline is cut by
 * shutdown(2) on its socket, which libmicrohttpd then sees as a closed
 * connection and cleans up in its own thread.
 *
 * Why the watchdog may touch a socket it does not own: it does so only
 * under `lock`, and only for a record still in the table.  libmicrohttpd
 * calls the CLOSED notification before it closes the socket (in every
 * path of 0.9.x and 1.0: MHD_cleanup_connections, the failure path of
 * new_connection_process_, thread-per-connection exit), and guard_closed()
 * takes the same lock to remove the record; so while the watchdog holds
 * the lock and sees the record, the descriptor is still that connection's
 * and cannot have been reused.  The record itself is freed only by
 * guard_closed() (or guard_stop(), once libmicrohttpd has stopped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "server/server_int.h"

/* A summary of cut connections goes to stderr at most this often. */
#define REPORT_EVERY_S 10.0

/* The watchdog looks again at least this often, even with nothing due. */
#define IDLE_WAKE_S 1.0

struct guard_conn {
	int fd;
	int queued;   /* owes request headers: in the deadline queue */
	int cut;      /* shut down by the watchdog; never queued again */
	double deadline;
	struct guard_conn *prev, *next;
};

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the deadline queue (called with the lock held) -------------------------------- */

static void enqueue(struct guard *g, struct guard_conn *c, double now)
{
	c->deadline = now + g->header_s;
	c->queued = 1;
	c->prev = g->tail;
	c->next = NULL;
	if (g->tail)
		g->tail->next = c;
	else
		g->head = c;
	g->tail = c;
}

static void dequeue(struct guard *g, struct guard_conn *c)
{
	if (!c->queued)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		g->tail = c->prev;
	c->prev = c->next = NULL;
	c->queued = 0;
}

/* ---- the watchdog -------------------------------------------------------------------- */

/* Cuts every connection past its deadline; returns when the next one is due. */
static double cut_overdue(struct guard *g, double now)
{
	while (g->head && g->head->deadline <= now) {
		struct guard_conn *c = g->head;

		dequeue(g, c);
		c->cut = 1;
		/* Both ways: libmicrohttpd reads the end of the stream and closes. */
		shutdown(c->fd, SHUT_RDWR);
		g->cut_total++;
		g->cut_unreported++;
	}
	return g->head ? g->head->deadline : now + IDLE_WAKE_S;
}

static void report_cuts(struct guard *g, double now)
{
	if (!g->cut_unreported || now - g->last_report < REPORT_EVERY_S)
		return;
	fprintf(stderr,
		"dossier: serve: closed %llu connection%s that did not finish a request's headers "
		"within %.0f s\n",
		g->cut_unreported, g->cut_unreported == 1 ? "" : "s", g->header_s);
	g->cut_unreported = 0;
	g->last_report = now;
}

static void *watchdog_main(void *arg)
{
	struct guard *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		double now = monotonic_s(), next = cut_overdue(g, now);
		struct timespec until;

		report_cuts(g, now);
		until.tv_sec = (time_t)next;
		until.tv_nsec = (long)((next - (double)until.tv_sec) * 1e9);
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* ---- the interface (server_int.h) ----------------------------------------------------- */

int guard_start(struct guard *g, unsigned header_seconds, struct err *e)
{
	pthread_condattr_t attr;
	int rc;

	*g = (struct guard){ .header_s = header_seconds, .last_report = -REPORT_EVERY_S };
	if (pthread_condattr_init(&attr))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	rc = pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (rc)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	pthread_mutex_init(&g->lock, NULL);
	if (pthread_create(&g->thread, NULL, watchdog_main, g)) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		return err_set(e, DOSSIER_EIO, "cannot start the header watchdog: %s",
			       strerror(errno));
	}
	g->running = g->started = 1;
	return DOSSIER_OK;
}

void guard_stop(struct guard *g)
{
	if (!g->running)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	g->running = 0;
}

void guard_release(struct guard *g)
{
	if (!g->started)
		return;
	g->started = 0;
	guard_stop(g);
	/* libmicrohttpd has stopped and said CLOSED for every connection: the
	 * queue is empty.  Whatever a bug left is freed, not touched. */
	while (g->head) {
		struct guard_conn *c = g->head;

		dequeue(g, c);
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
}

struct guard_conn *guard_opened(struct guard *g, int fd)
{
	struct guard_conn *c = calloc(1, sizeof *c);

	if (!c) {
		/* A connection nobody watches could stall for ever: refuse it. */
		shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	c->fd = fd;
	pthread_mutex_lock(&g->lock);
	enqueue(g, c, monotonic_s());
	g->open++;
	pthread_mutex_unlock(&g->lock);
	return c;
}

void guard_headers_done(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	dequeue(g, c);
	pthread_mutex_unlock(&g->lock);
}

void guard_request_done(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (!c->cut && !c->queued)
		enqueue(g, c, monotonic_s());
	pthread_mutex_unlock(&g->lock);
}

void guard_closed(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	dequeue(g, c);
	g->open--;
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void guard_counts(struct guard *g, uint64_t *open, uint64_t *cut)
{
	pthread_mutex_lock(&g->lock);
	*open = g->open;
	*cut = g->cut_total;
	pthread_mutex_unlock(&g->lock);
}
