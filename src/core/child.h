/*
 * child.h — work that may cost too much, run in a child process with limits.
 *
 * Some libraries cannot be told to stop: poppler, asked for the text of a
 * page whose one content stream inflates to a gigabyte of text, works for
 * minutes and grows by hundreds of megabytes.  Such work runs in a child
 * process that puts a CPU-time and (outside AddressSanitizer builds) an
 * address-space limit on itself first thing; its parent gives it a
 * deadline, watches its resident memory and reads its answer into a
 * capped buffer, then says how it ended.
 *
 * A fresh process for each piece of work keeps one hostile input from
 * touching the next.  Starting an executable that links as many libraries
 * as dossier costs 20-25 ms of CPU; a fork of a process that has them
 * loaded costs 2-3.  But fork() copies only the calling thread, and a
 * threaded program (ingest's reader thread beside its writer) may hold
 * malloc's, GLib's or SQLite's locks in another thread at that moment,
 * which the child would then wait for forever.  So the work is done by a
 * server: a single-threaded process started once (posix_spawn(), i.e.
 * vfork and exec, safe from any thread: `dossier __pdf-text` for PDFs)
 * that forks one child per request.  Threaded programs talk to it through
 * child_server_run(); the server's loop is child_serve(); child_fork_run()
 * is one request's child and watch, for single-threaded callers.
 */
#ifndef DOSSIER_CORE_CHILD_H
#define DOSSIER_CORE_CHILD_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/*
 * What a child may spend.  Time is counted in CPU seconds, which is what
 * the work costs whatever else the machine is doing; the wall clock only
 * catches a child that waits instead of working, so give it room for a
 * loaded machine (two or three times the CPU seconds).
 */
struct child_limits {
	unsigned cpu_seconds;  /* CPU time (the child's own limit) */
	unsigned wall_seconds; /* from start to end (the watcher's deadline) */
	size_t memory;         /* bytes: resident memory (watched) and address
				* space (the child's own limit, not under
				* AddressSanitizer, which reserves terabytes) */
	size_t input;          /* bytes of input taken at most */
	size_t output;         /* bytes of answer read at most */
};

/* How a child ended. */
enum child_end {
	CHILD_EXITED = 0,  /* by itself: `status` is its exit status */
	CHILD_OVER_CPU,    /* stopped at its CPU-time limit */
	CHILD_OVER_WALL,   /* stopped at the deadline */
	CHILD_OVER_MEMORY, /* stopped at the memory limit, or died near it */
	CHILD_OVER_OUTPUT, /* stopped: it wrote more than limits.output */
	CHILD_CRASHED,     /* died of a signal (`status`) well within its limits */
	CHILD_NOT_RUN,     /* could not be started (the note says why) */
	CHILD_END_COUNT
};

struct child_result {
	enum child_end end;
	int status;         /* exit status, or the signal it died of */
	size_t peak_memory; /* bytes: the most resident memory it had */
	double seconds;     /* wall clock from start to end */
	double cpu_seconds; /* CPU time it used */
	char note[200];     /* the first line it wrote on stderr, or "" */
};

/*
 * The work a child does: input[0..len) in, its answer written to `out_fd`.
 * Returns the child's exit status (0: the answer is complete).
 */
typedef int (*child_work_fn)(const char *input, size_t len, int out_fd);

/*
 * Forks a child that puts the limits on itself (child_limit_self()) and
 * runs work(input, len, 1) with stdin on /dev/null, then waits for it
 * under the deadline and the memory watch, its answer read into `out`
 * (reset first) and its stderr kept for r->note.  Only for a
 * single-threaded process (see above).  Always fills `r`; returns an
 * error only when no pipe could be made (r->end CHILD_NOT_RUN).
 */
int child_fork_run(child_work_fn work, const char *input, size_t len,
		   const struct child_limits *lim, struct buf *out,
		   struct child_result *r, struct err *e);

/*
 * For the child itself, before any costly work: a CPU-time limit of
 * lim->cpu_seconds, an address-space limit of lim->memory (skipped under
 * AddressSanitizer; the watch on resident memory holds there), no core
 * files, and an alarm a little after the deadline, which ends the child
 * should its watcher die first.
 */
int child_limit_self(const struct child_limits *lim, struct err *e);

/*
 * The server's loop: reads requests from `in_fd` and answers each on
 * `out_fd` with child_fork_run()'s result and answer, until `in_fd` is
 * closed (DOSSIER_OK) or a request or answer cannot be read or written
 * whole.  Call it in a single-threaded process that started no thread.
 */
int child_serve(int in_fd, int out_fd, child_work_fn work, const struct child_limits *lim);

/*
 * The client: runs `argv` (argv[0] a path, NULL-terminated; strings
 * borrowed for the server's life) as a server on its first request, and
 * again after it died or misbehaved.  Requests from several threads take
 * turns.  `lim` must be what the server uses: its deadline, plus a
 * margin, bounds how long a request may take.
 */
struct child_server;
struct child_server *child_server_new(const char *const argv[], const struct child_limits *lim);

/* Ends the server (closing its input, which it takes as the end) and
 * frees `s`.  NULL is a no-op. */
void child_server_free(struct child_server *s);

/*
 * Has input[0..len) worked on in a fresh child of the server: `out` gets
 * its answer (reset first), `r` how it ended.  Returns DOSSIER_OK when the
 * server answered, whatever the child's end; an error (DOSSIER_EIO) when
 * no server could be started or it did not answer in time, in which case
 * it is stopped and started afresh next time.
 */
int child_server_run(struct child_server *s, const void *input, size_t len,
		     struct buf *out, struct child_result *r, struct err *e);

#endif
