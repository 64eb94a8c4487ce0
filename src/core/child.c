/*
 * child.c — a child process with a deadline, a memory watch and a capped
 * answer.  See child.h.
 */
#define _GNU_SOURCE /* memfd_create, pipe2, posix_spawn_file_actions_addclosefrom_np */

#include "core/child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

/* How often the parent looks at the child's memory while it waits. */
#define CHILD_WATCH_MS 20

static int64_t child_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The most resident memory the child has had since it started (VmHWM in
 * /proc), in bytes; 0 when unknown.  Not wait4()'s ru_maxrss: a spawned
 * child shares its parent's memory until exec, and the kernel counts the
 * parent's peak up to then as the child's.
 */
static size_t child_peak_resident(pid_t pid)
{
	char path[64], text[4096], *at;
	unsigned long kib = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	at = strstr(text, "\nVmHWM:");
	if (!at || sscanf(at + 7, "%lu", &kib) != 1)
		return 0;
	return (size_t)kib * 1024;
}

/* The input as a memory file at offset 0, or -1. */
static int child_input_file(const void *input, size_t len)
{
	int fd = memfd_create("dossier-child-input", MFD_CLOEXEC);
	const char *p = input;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static pid_t child_spawn(const char *const argv[], int in_fd, int out_fd, int err_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	pid_t pid = -1;
	int rc;

	if (posix_spawn_file_actions_init(&fa))
		return -1;
	if (posix_spawnattr_init(&at)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	sigemptyset(&none);
	sigfillset(&all);
	/* The child starts clean: no blocked or ignored signals inherited
	 * (a server ignores SIGPIPE), no descriptor but its three. */
	rc = posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	rc = rc ? rc : posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	rc = rc ? rc : posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	rc = rc ? rc : posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = rc ? rc : posix_spawnattr_setsigmask(&at, &none);
	rc = rc ? rc : posix_spawnattr_setsigdefault(&at, &all);
	rc = rc ? rc : posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!rc && posix_spawn(&pid, argv[0], &fa, &at, (char *const *)argv, environ))
		pid = -1;
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return pid;
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

struct child_watch {
	pid_t pid;
	int64_t deadline;
	const struct child_limits *lim;
	struct child_result *r;
	int killed; /* the end was decided here */
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
	size_t resident;

	if (w->killed)
		return 1;
	if (child_now_ms() >= w->deadline) {
		child_stop(w, CHILD_OVER_WALL);
		return 1;
	}
	resident = child_peak_resident(w->pid);
	if (resident > w->r->peak_memory)
		w->r->peak_memory = resident;
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
	/* at the address-space limit, allocation fails and the library aborts */
	else if (r->peak_memory >= w->lim->memory / 2)
		r->end = CHILD_OVER_MEMORY;
	else
		r->end = CHILD_CRASHED;
}

int child_run(const char *const argv[], const void *input, size_t len,
	      const struct child_limits *lim, struct buf *out,
	      struct child_result *r, struct err *e)
{
	int in_fd, out_pipe[2], err_pipe[2], status = 0;
	char err_text[2048];
	size_t err_len = 0;
	struct rusage ru;
	struct child_watch w = { -1, 0, lim, r, 0 };
	int64_t started;

	memset(r, 0, sizeof *r);
	memset(&ru, 0, sizeof ru);
	buf_reset(out);
	in_fd = child_input_file(input, len);
	if (in_fd < 0)
		return err_set(e, DOSSIER_EIO, "cannot hand the input to a child process: %s",
			       strerror(errno));
	if (pipe2(out_pipe, O_CLOEXEC)) {
		close(in_fd);
		return err_set(e, DOSSIER_EIO, "cannot make a pipe: %s", strerror(errno));
	}
	if (pipe2(err_pipe, O_CLOEXEC)) {
		close(in_fd);
		close(out_pipe[0]);
		close(out_pipe[1]);
		return err_set(e, DOSSIER_EIO, "cannot make a pipe: %s", strerror(errno));
	}
	started = child_now_ms();
	w.deadline = started + (int64_t)lim->wall_seconds * 1000;
	w.pid = child_spawn(argv, in_fd, out_pipe[1], err_pipe[1]);
	close(in_fd);
	close(out_pipe[1]);
	close(err_pipe[1]);
	if (w.pid < 0) {
		close(out_pipe[0]);
		close(err_pipe[0]);
		return err_set(e, DOSSIER_EIO, "cannot start %s: %s", argv[0], strerror(errno));
	}
	child_collect(&w, out_pipe[0], err_pipe[0], out, err_text, sizeof err_text, &err_len);
	close(out_pipe[0]);
	close(err_pipe[0]);
	child_reap(&w, &status, &ru);
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
	struct rlimit cpu = { lim->cpu_seconds, lim->cpu_seconds + 1 };

	if (setrlimit(RLIMIT_CPU, &cpu))
		return err_set(e, DOSSIER_EIO, "cannot limit CPU time: %s", strerror(errno));
	if (!CHILD_UNDER_ASAN) {
		struct rlimit as = { lim->memory, lim->memory };

		if (setrlimit(RLIMIT_AS, &as))
			return err_set(e, DOSSIER_EIO, "cannot limit memory: %s", strerror(errno));
	}
	/* should the parent die first, nobody would stop this child */
	alarm(lim->wall_seconds + 5);
	return DOSSIER_OK;
}
