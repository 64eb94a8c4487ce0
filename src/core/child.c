/*
 * child.c — a forked child with a deadline, a memory watch and a capped
 * answer; the single-threaded server that forks them; its client.  See
 * child.h.
 */
#define _GNU_SOURCE /* closefrom, pipe2, posix_spawn_file_actions_addclosefrom_np */

#include "core/child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* AddressSanitizer reserves terabytes of address space: no RLIMIT_AS there. */
#if defined(__SANITIZE_ADDRESS__)
#define CHILD_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHILD_UNDER_ASAN 1
#endif
#endif
#ifndef CHILD_UNDER_ASAN
#define CHILD_UNDER_ASAN 0
#endif

/* How often the watcher looks at the child's memory while it waits. */
#define CHILD_WATCH_MS 20
/* How much longer than a child's deadline the client waits for the server. */
#define CHILD_SERVER_MARGIN_MS 15000
/* The answer header: end, status, peak memory, wall ms, CPU ms, note
 * length, answer length, each 8 bytes big-endian. */
#define CHILD_HEADER_FIELDS 7

static int64_t child_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The most resident memory (VmHWM in /proc) and the largest address space
 * (VmPeak) the child has had, in bytes; 0 when unknown.  While it runs:
 * once it has ended, /proc knows no more.
 */
static void child_peaks(pid_t pid, size_t *resident, size_t *space)
{
	char path[64], text[4096], *at;
	unsigned long kib;
	ssize_t n;
	int fd;

	*resident = *space = 0;
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';
	at = strstr(text, "\nVmPeak:");
	if (at && sscanf(at + 8, "%lu", &kib) == 1)
		*space = (size_t)kib * 1024;
	at = strstr(text, "\nVmHWM:");
	if (at && sscanf(at + 7, "%lu", &kib) == 1)
		*resident = (size_t)kib * 1024;
}

/* Keeps the first line of stderr with a letter in it (sanitizer reports
 * open with a row of '='). */
static void child_note(struct child_result *r, const char *err, size_t len)
{
	size_t pos = 0;

	while (pos < len && !r->note[0]) {
		size_t end = pos, n = 0;
		int letter = 0;

		while (end < len && err[end] != '\n')
			end++;
		for (size_t i = pos; i < end; i++)
			letter |= (err[i] | 0x20) >= 'a' && (err[i] | 0x20) <= 'z';
		if (letter) {
			while (pos < end && (err[pos] == ' ' || err[pos] == '\t'))
				pos++;
			for (size_t i = pos; i < end && n + 1 < sizeof r->note; i++)
				/* control characters out: the note goes into messages */
				r->note[n++] = (unsigned char)err[i] < 0x20 ? ' ' : err[i];
			r->note[n] = '\0';
		}
		pos = end + 1;
	}
}

/* ---- watching one child ------------------------------------------------------- */

struct child_watch {
	pid_t pid;
	int64_t deadline;
	const struct child_limits *lim;
	struct child_result *r;
	size_t peak_space; /* the largest address space seen */
	int killed;        /* the end was decided here */
};

static void child_stop(struct child_watch *w, enum child_end why)
{
	if (w->killed)
		return;
	kill(w->pid, SIGKILL);
	w->killed = 1;
	w->r->end = why;
}

/* Checks deadline and memory; non-zero once the child was stopped. */
static int child_check(struct child_watch *w)
{
	size_t resident, space;

	if (w->killed)
		return 1;
	if (child_now_ms() >= w->deadline) {
		child_stop(w, CHILD_OVER_WALL);
		return 1;
	}
	child_peaks(w->pid, &resident, &space);
	if (resident > w->r->peak_memory)
		w->r->peak_memory = resident;
	if (space > w->peak_space)
		w->peak_space = space;
	if (resident > w->lim->memory) {
		child_stop(w, CHILD_OVER_MEMORY);
		return 1;
	}
	return 0;
}

/* Reads stdout into `out` and stderr into `err` until both close or the
 * child is stopped. */
static void child_collect(struct child_watch *w, int out_fd, int err_fd, struct buf *out,
			  char *err, size_t err_size, size_t *err_len)
{
	struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	char chunk[65536];

	while ((fds[0].fd >= 0 || fds[1].fd >= 0) && !child_check(w)) {
		int64_t left = w->deadline - child_now_ms();
		int n = poll(fds, 2, left < CHILD_WATCH_MS ? (int)(left > 0 ? left : 0) : CHILD_WATCH_MS);

		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2 && n > 0; i++) {
			ssize_t got;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			got = read(fds[i].fd, chunk, sizeof chunk);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				fds[i].fd = -1; /* closed (its descriptor closed by the caller) */
				continue;
			}
			if (i == 0 && ((size_t)got > w->lim->output - out->len ||
				       buf_add(out, chunk, (size_t)got))) {
				child_stop(w, CHILD_OVER_OUTPUT);
				break;
			}
			if (i == 1 && *err_len < err_size) {
				size_t keep = (size_t)got < err_size - *err_len ? (size_t)got
										  : err_size - *err_len;

				memcpy(err + *err_len, chunk, keep);
				*err_len += keep;
			}
		}
	}
}

/* Waits for the child to end, still under the deadline and memory watch. */
static void child_reap(struct child_watch *w, int *status, struct rusage *ru)
{
	for (;;) {
		pid_t got = wait4(w->pid, status, w->killed ? 0 : WNOHANG, ru);

		if (got == w->pid)
			return;
		if (got < 0 && errno != EINTR) {
			*status = 0;
			return;
		}
		if (!w->killed && !child_check(w))
			poll(NULL, 0, 5);
	}
}

/* How a child that was not stopped here ended. */
static void child_judge(struct child_watch *w, int status)
{
	struct child_result *r = w->r;

	if (WIFEXITED(status)) {
		r->end = CHILD_EXITED;
		r->status = WEXITSTATUS(status);
		return;
	}
	r->status = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	/* SIGXCPU at the soft limit, SIGKILL at the hard one */
	if (r->status == SIGXCPU || r->cpu_seconds >= w->lim->cpu_seconds)
		r->end = CHILD_OVER_CPU;
	else if (r->status == SIGALRM)
		r->end = CHILD_OVER_WALL;
	/* near the address-space limit, allocation fails and the library
	 * aborts (the last look may have been 20 ms before the end) */
	else if ((!CHILD_UNDER_ASAN && w->peak_space >= w->lim->memory / 4 * 3) ||
		 r->peak_memory >= w->lim->memory / 2)
		r->end = CHILD_OVER_MEMORY;
	else
		r->end = CHILD_CRASHED;
}

/* ---- one child ------------------------------------------------------------------- */

/* In the child, after fork(): its descriptors, its limits, the work. */
static void child_start(child_work_fn work, const char *input, size_t len,
			const struct child_limits *lim, int out_fd, int err_fd)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		_exit(126);
	closefrom(3);
	signal(SIGPIPE, SIG_DFL); /* the server ignores it */
	if (child_limit_self(lim, NULL))
		_exit(126);
	/* _exit: nothing of the server's to flush or check at exit */
	_exit(work(input, len, 1));
}

int child_fork_run(child_work_fn work, const char *input, size_t len,
		   const struct child_limits *lim, struct buf *out,
		   struct child_result *r, struct err *e)
{
	int out_pipe[2], err_pipe[2], status = 0;
	char err_text[2048];
	size_t err_len = 0;
	struct rusage ru;
	struct child_watch w = { -1, 0, lim, r, 0, 0 };
	int64_t started;

	memset(r, 0, sizeof *r);
	memset(&ru, 0, sizeof ru);
	buf_reset(out);
	if (pipe2(out_pipe, O_CLOEXEC)) {
		r->end = CHILD_NOT_RUN;
		snprintf(r->note, sizeof r->note, "cannot make a pipe: %s", strerror(errno));
		return err_set(e, DOSSIER_EIO, "%s", r->note);
	}
	if (pipe2(err_pipe, O_CLOEXEC)) {
		r->end = CHILD_NOT_RUN;
		snprintf(r->note, sizeof r->note, "cannot make a pipe: %s", strerror(errno));
		close(out_pipe[0]);
		close(out_pipe[1]);
		return err_set(e, DOSSIER_EIO, "%s", r->note);
	}
	started = child_now_ms();
	w.deadline = started + (int64_t)lim->wall_seconds * 1000;
	w.pid = fork();
	if (!w.pid)
		child_start(work, input, len, lim, out_pipe[1], err_pipe[1]);
	close(out_pipe[1]);
	close(err_pipe[1]);
	if (w.pid < 0) {
		r->end = CHILD_NOT_RUN;
		snprintf(r->note, sizeof r->note, "cannot fork: %s", strerror(errno));
		close(out_pipe[0]);
		close(err_pipe[0]);
		return DOSSIER_OK;
	}
	child_collect(&w, out_pipe[0], err_pipe[0], out, err_text, sizeof err_text, &err_len);
	close(out_pipe[0]);
	close(err_pipe[0]);
	child_reap(&w, &status, &ru);
	/* a child too quick for a look at /proc: what wait4() says, which
	 * counts the pages it shares with this (small) process too */
	if ((size_t)ru.ru_maxrss * 1024 > r->peak_memory)
		r->peak_memory = (size_t)ru.ru_maxrss * 1024;
	r->cpu_seconds = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
			 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	if (!w.killed)
		child_judge(&w, status);
	else
		r->status = SIGKILL;
	r->seconds = (double)(child_now_ms() - started) / 1000;
	child_note(r, err_text, err_len);
	return DOSSIER_OK;
}

int child_limit_self(const struct child_limits *lim, struct err *e)
{
	struct rlimit cpu = { lim->cpu_seconds, lim->cpu_seconds + 1 }, core = { 0, 0 };

	/* a hostile input that crashes the library leaves no core file */
	if (setrlimit(RLIMIT_CORE, &core))
		return err_set(e, DOSSIER_EIO, "cannot turn core files off: %s", strerror(errno));
	if (setrlimit(RLIMIT_CPU, &cpu))
		return err_set(e, DOSSIER_EIO, "cannot limit CPU time: %s", strerror(errno));
	if (!CHILD_UNDER_ASAN) {
		struct rlimit as = { lim->memory, lim->memory };

		if (setrlimit(RLIMIT_AS, &as))
			return err_set(e, DOSSIER_EIO, "cannot limit memory: %s", strerror(errno));
	}
	/* should the watcher die first, nobody would stop this child */
	alarm(lim->wall_seconds + 5);
	return DOSSIER_OK;
}

/* ---- the wire between client and server ------------------------------------------ */

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Reads exactly n bytes; 0 at once on a clean end before the first byte
 * (*got stays 0), -1 on any other failure. */
static int read_exactly(int fd, void *p, size_t n, size_t *got)
{
	*got = 0;
	while (*got < n) {
		ssize_t k = read(fd, (char *)p + *got, n - *got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k == 0 && *got == 0 ? 0 : -1;
		*got += (size_t)k;
	}
	return 1;
}

static int write_exactly(int fd, const void *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p = (const char *)p + k;
		n -= (size_t)k;
	}
	return 0;
}

/* ---- the server ---------------------------------------------------------------- */

static int child_answer(int fd, const struct child_result *r, const struct buf *out)
{
	unsigned char head[CHILD_HEADER_FIELDS * 8];
	size_t note_len = strlen(r->note);

	put_u64(head, (uint64_t)r->end);
	put_u64(head + 8, (uint64_t)(uint32_t)r->status);
	put_u64(head + 16, r->peak_memory);
	put_u64(head + 24, (uint64_t)(r->seconds * 1000));
	put_u64(head + 32, (uint64_t)(r->cpu_seconds * 1000));
	put_u64(head + 40, note_len);
	put_u64(head + 48, out->len);
	if (write_exactly(fd, head, sizeof head) || write_exactly(fd, r->note, note_len) ||
	    write_exactly(fd, out->data, out->len))
		return -1;
	return 0;
}

int child_serve(int in_fd, int out_fd, child_work_fn work, const struct child_limits *lim)
{
	struct buf input, out;
	int rc = DOSSIER_OK;

	/* a client gone is an error to return, not a signal to die of */
	signal(SIGPIPE, SIG_IGN);
	buf_init(&input, lim->input);
	buf_init(&out, lim->output);
	for (;;) {
		unsigned char head[8];
		struct child_result r;
		uint64_t len;
		size_t got;
		int status = read_exactly(in_fd, head, sizeof head, &got);

		if (status <= 0) {
			rc = status ? DOSSIER_EIO : DOSSIER_OK;
			break;
		}
		len = get_u64(head);
		buf_reset(&input);
		if (len > lim->input || buf_grow(&input, (size_t)len) ||
		    (len && read_exactly(in_fd, input.data, (size_t)len, &got) != 1)) {
			rc = DOSSIER_EIO;
			break;
		}
		input.len = (size_t)len;
		child_fork_run(work, input.data, input.len, lim, &out, &r, NULL);
		if (child_answer(out_fd, &r, &out)) {
			rc = DOSSIER_EIO;
			break;
		}
	}
	buf_release(&input);
	buf_release(&out);
	return rc;
}

/* ---- the client ----------------------------------------------------------------- */

struct child_server {
	pthread_mutex_t mu;
	const char *const *argv;
	struct child_limits lim;
	pid_t pid; /* 0: not running */
	int fd;    /* our end of the socket */
};

struct child_server *child_server_new(const char *const argv[], const struct child_limits *lim)
{
	struct child_server *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	if (pthread_mutex_init(&s->mu, NULL)) {
		free(s);
		return NULL;
	}
	s->argv = argv;
	s->lim = *lim;
	s->fd = -1;
	return s;
}

/* Stops the server; `force` kills it rather than letting it end. */
static void server_stop(struct child_server *s, int force)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid > 0) {
		if (force)
			kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	s->pid = 0;
}

void child_server_free(struct child_server *s)
{
	if (!s)
		return;
	server_stop(s, 0);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static int server_start(struct child_server *s, struct err *e)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int sv[2], rc;
	pid_t pid = -1;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return err_set(e, DOSSIER_EIO, "cannot make a socket pair: %s", strerror(errno));
	if (posix_spawn_file_actions_init(&fa)) {
		close(sv[0]);
		close(sv[1]);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	if (posix_spawnattr_init(&at)) {
		posix_spawn_file_actions_destroy(&fa);
		close(sv[0]);
		close(sv[1]);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	sigemptyset(&none);
	sigfillset(&all);
	/* The server starts clean: no blocked or ignored signals inherited
	 * (a web server ignores SIGPIPE), no descriptor but its three; its
	 * stderr is ours, for what would be a bug of its own. */
	rc = posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	rc = rc ? rc : posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	rc = rc ? rc : posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = rc ? rc : posix_spawnattr_setsigmask(&at, &none);
	rc = rc ? rc : posix_spawnattr_setsigdefault(&at, &all);
	rc = rc ? rc : posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!rc)
		rc = posix_spawn(&pid, s->argv[0], &fa, &at, (char *const *)s->argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc) {
		close(sv[0]);
		return err_set(e, DOSSIER_EIO, "cannot start %s: %s", s->argv[0], strerror(rc));
	}
	s->pid = pid;
	s->fd = sv[0];
	return DOSSIER_OK;
}

/* Waits until `fd` is ready for `events` or the deadline passes: 1 ready, 0 not. */
static int server_wait(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		int64_t left = deadline - child_now_ms();
		int n;

		if (left <= 0)
			return 0;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return 0;
	}
}

static int server_send(int fd, const char *p, size_t n, int64_t deadline)
{
	while (n) {
		ssize_t k;

		if (!server_wait(fd, POLLOUT, deadline))
			return -1;
		/* MSG_NOSIGNAL: a server that died is an error here, not a
		 * SIGPIPE that would end this process */
		k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Receives n bytes into p, or, with p NULL, appends them to `out`. */
static int server_receive(int fd, char *p, size_t n, struct buf *out, int64_t deadline)
{
	char chunk[65536];

	while (n) {
		size_t want = p ? n : (n < sizeof chunk ? n : sizeof chunk);
		ssize_t k;

		if (!server_wait(fd, POLLIN, deadline))
			return -1;
		k = recv(fd, p ? p : chunk, want, 0);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k <= 0)
			return -1;
		if (p)
			p += k;
		else if (buf_add(out, chunk, (size_t)k))
			return -1;
		n -= (size_t)k;
	}
	return 0;
}

/* One request and its answer; -1 (with `why`) when the server failed us. */
static int server_exchange(struct child_server *s, const void *input, size_t len,
			   struct buf *out, struct child_result *r, const char **why)
{
	int64_t deadline = child_now_ms() + (int64_t)s->lim.wall_seconds * 1000 +
			   CHILD_SERVER_MARGIN_MS;
	unsigned char head[CHILD_HEADER_FIELDS * 8];
	uint64_t note_len, answer_len, end;

	put_u64(head, len);
	if (server_send(s->fd, (const char *)head, 8, deadline) ||
	    server_send(s->fd, input, len, deadline)) {
		*why = "it did not take the input";
		return -1;
	}
	if (server_receive(s->fd, (char *)head, sizeof head, NULL, deadline)) {
		*why = "it did not answer";
		return -1;
	}
	end = get_u64(head);
	note_len = get_u64(head + 40);
	answer_len = get_u64(head + 48);
	if (end >= CHILD_END_COUNT || note_len >= sizeof r->note || answer_len > s->lim.output) {
		*why = "its answer is garbled";
		return -1;
	}
	r->end = (enum child_end)end;
	r->status = (int)(uint32_t)get_u64(head + 8);
	r->peak_memory = (size_t)get_u64(head + 16);
	r->seconds = (double)get_u64(head + 24) / 1000;
	r->cpu_seconds = (double)get_u64(head + 32) / 1000;
	if (server_receive(s->fd, r->note, (size_t)note_len, NULL, deadline) ||
	    server_receive(s->fd, NULL, (size_t)answer_len, out, deadline)) {
		*why = "its answer was cut short";
		return -1;
	}
	r->note[note_len] = '\0';
	for (size_t i = 0; i < note_len; i++)
		if ((unsigned char)r->note[i] < 0x20)
			r->note[i] = ' ';
	return 0;
}

int child_server_run(struct child_server *s, const void *input, size_t len,
		     struct buf *out, struct child_result *r, struct err *e)
{
	const char *why = NULL;
	int rc = DOSSIER_OK;

	memset(r, 0, sizeof *r);
	buf_reset(out);
	if (len > s->lim.input)
		return err_set(e, DOSSIER_ETOOBIG, "input over %zu bytes", s->lim.input);
	pthread_mutex_lock(&s->mu);
	/* a server that ended since the last request is started again once */
	for (int attempt = 0; attempt < 2 && !rc; attempt++) {
		int started = !s->pid;

		if (started)
			rc = server_start(s, e);
		if (rc || !server_exchange(s, input, len, out, r, &why))
			break;
		server_stop(s, 1);
		if (started || strcmp(why, "it did not take the input"))
			rc = err_set(e, DOSSIER_EIO, "%s (%s)", s->argv[0], why);
		buf_reset(out);
		memset(r, 0, sizeof *r);
	}
	pthread_mutex_unlock(&s->mu);
	return rc;
}
