/*
 * child.h — work that may cost too much, run in a child process with limits.
 *
 * Some libraries cannot be told to stop: poppler, asked for the text of a
 * page whose one content stream inflates to a gigabyte of text, works for
 * minutes and grows by hundreds of megabytes.  Such work runs in a child
 * process — in practice this executable again, in a hidden helper mode —
 * that reads its input on stdin and answers on stdout.  The child puts a
 * CPU-time and (outside AddressSanitizer builds) an address-space limit on
 * itself first thing (child_limit_self()); the parent gives it a deadline
 * and watches its resident memory.  The parent reads the answer
 * into a capped buffer and learns how the child ended.
 *
 * The child is started with posix_spawn() (vfork and exec): none of the
 * parent's threads, locks (malloc's, GLib's, SQLite's) or state reach it,
 * so any thread of a threaded program may start one.  Its input is handed
 * over in an anonymous memory file (memfd), so the parent never blocks
 * writing to a child that stopped reading; its stderr is kept (the first
 * line names what went wrong when it dies) and never reaches the terminal.
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
	unsigned wall_seconds; /* from start to end (the parent's deadline) */
	size_t memory;         /* bytes: resident memory (watched by the parent)
				* and address space (the child's own limit, not
				* under AddressSanitizer) */
	size_t output;         /* bytes of stdout read at most */
};

/* How a child ended. */
enum child_end {
	CHILD_EXITED = 0,  /* by itself: `status` is its exit status */
	CHILD_OVER_CPU,    /* stopped at its CPU-time limit */
	CHILD_OVER_WALL,   /* stopped at the deadline */
	CHILD_OVER_MEMORY, /* stopped at the memory limit, or died near it */
	CHILD_OVER_OUTPUT, /* stopped: it wrote more than limits.output */
	CHILD_CRASHED,     /* died of a signal (`status`) well within its limits */
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
 * Runs argv[0] (a path; argv ends with NULL) with input[0..len) on its
 * stdin and its stdout read into `out` (which is reset first; at most
 * lim->output bytes), and fills `r` with how it ended.  The child is always
 * waited for: none is left behind.  Returns DOSSIER_OK when the child ran,
 * whatever its end (the caller judges `r`); an error only when it could
 * not be started (no memory file, pipe or process).
 */
int child_run(const char *const argv[], const void *input, size_t len,
	      const struct child_limits *lim, struct buf *out,
	      struct child_result *r, struct err *e);

/*
 * For the child itself, before any costly work: a CPU-time limit of
 * lim->cpu_seconds, an address-space limit of lim->memory (skipped under
 * AddressSanitizer, which reserves terabytes of address space; the
 * parent's watch on resident memory holds there), and an alarm a little
 * after the deadline, which ends the child should its parent die first.
 */
int child_limit_self(const struct child_limits *lim, struct err *e);

#endif
