/*
 * Unit tests for src/core/child.c: a forked child that answers, crashes,
 * fails, eats memory, spins, sleeps or talks too much, each with small
 * limits so that every case ends in about a second; and the server and
 * its client, with this test program as the server (run as
 * `test_child serve`): requests answered in turn from several threads, a
 * crash of one child leaving the server serving.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/child.h"
#include "core/err.h"

/* The clock gives a loaded machine room: only the sleeper meets it. */
static const struct child_limits small = {
	1,         /* CPU seconds */
	30,        /* wall seconds */
	256 << 20, /* memory */
	1 << 20,   /* input */
	64 << 10,  /* output */
};
static const struct child_limits short_wait = { 5, 1, 256 << 20, 1 << 20, 64 << 10 };

/* ---- the work ------------------------------------------------------------------ */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k <= 0)
			return 1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The first byte of the input says what to do. */
static int work(const char *input, size_t len, int out_fd)
{
	static char block[4096];

	switch (len ? input[0] : 'e') {
	case 'c': /* crash (SIGABRT: ASan leaves it alone, unlike SIGSEGV) */
		signal(SIGABRT, SIG_DFL);
		raise(SIGABRT);
		return 9;
	case 'f': /* fail with a word on stderr */
		write_all(2, "\n  no luck here\nmore\n", 21);
		return 3;
	case 'h': /* eat memory, a page at a time */
		for (;;) {
			char *p = malloc(8 << 20);

			if (!p)
				abort();
			memset(p, 1, 8 << 20);
		}
	case 's': /* spin */
		for (volatile unsigned long i = 0;; i++)
			;
	case 'z': /* sleep */
		sleep(10);
		return 0;
	case 't': /* talk too much */
		memset(block, 't', sizeof block);
		for (;;)
			if (write_all(out_fd, block, sizeof block))
				return 1;
	default: /* echo */
		return write_all(out_fd, input, len);
	}
}

static void run_with(const struct child_limits *lim, const char *what,
		     struct child_result *r, struct buf *out)
{
	struct err e = { 0 };

	assert_int_equal(child_fork_run(work, what, strlen(what), lim, out, r, &e), DOSSIER_OK);
}

static void run(const char *what, struct child_result *r, struct buf *out)
{
	run_with(&small, what, r, out);
}

/* ---- one child ---------------------------------------------------------------- */

static void test_answers(void **state)
{
	struct child_result r;
	struct buf out = BUF_INIT;

	(void)state;
	run("echo this", &r, &out);
	assert_int_equal(r.end, CHILD_EXITED);
	assert_int_equal(r.status, 0);
	assert_int_equal(out.len, 9);
	assert_memory_equal(out.data, "echo this", 9);
	assert_true(r.peak_memory > 0);
	buf_release(&out);
}

static void test_crashes(void **state)
{
	struct child_result r;
	struct buf out = BUF_INIT;

	(void)state;
	run("c", &r, &out);
	assert_int_equal(r.end, CHILD_CRASHED);
	assert_int_equal(r.status, SIGABRT);
	run("f", &r, &out);
	assert_int_equal(r.end, CHILD_EXITED);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.note, "no luck here");
	buf_release(&out);
}

static void test_limits(void **state)
{
	struct child_result r;
	struct buf out = BUF_INIT;

	(void)state;
	run("h", &r, &out);
	assert_int_equal(r.end, CHILD_OVER_MEMORY);
	run("s", &r, &out);
	assert_int_equal(r.end, CHILD_OVER_CPU);
	assert_true(r.cpu_seconds > 0.5); /* rusage and the limit count a little apart */
	run_with(&short_wait, "z", &r, &out);
	assert_int_equal(r.end, CHILD_OVER_WALL);
	assert_true(r.seconds >= 0.9 && r.seconds < 5);
	run("t", &r, &out);
	assert_int_equal(r.end, CHILD_OVER_OUTPUT);
	assert_true(out.len <= small.output);
	buf_release(&out);
}

/* ---- the server and its client --------------------------------------------------- */

static const char *const server_argv[] = { "/proc/self/exe", "serve", NULL };

static void ask(struct child_server *s, const char *what, enum child_end end)
{
	struct child_result r;
	struct buf out = BUF_INIT;
	struct err e = { 0 };

	assert_int_equal(child_server_run(s, what, strlen(what), &out, &r, &e), DOSSIER_OK);
	assert_int_equal(r.end, end);
	if (end == CHILD_EXITED) {
		assert_int_equal(out.len, strlen(what));
		assert_memory_equal(out.data, what, out.len);
	}
	buf_release(&out);
}

static void test_server(void **state)
{
	struct child_server *s = child_server_new(server_argv, &small);

	(void)state;
	assert_non_null(s);
	ask(s, "echo one", CHILD_EXITED);
	ask(s, "crash", CHILD_CRASHED);
	ask(s, "echo two, from the same server", CHILD_EXITED);
	ask(s, "", CHILD_EXITED);
	child_server_free(s);
}

static void *ask_many(void *arg)
{
	struct child_server *s = arg;
	char what[64];

	for (int i = 0; i < 10; i++) {
		struct child_result r;
		struct buf out = BUF_INIT;
		struct err e = { 0 };

		snprintf(what, sizeof what, "echo %d from %p", i, (void *)&r);
		if (child_server_run(s, what, strlen(what), &out, &r, &e) || r.end != CHILD_EXITED ||
		    out.len != strlen(what) || memcmp(out.data, what, out.len)) {
			buf_release(&out);
			return (void *)1;
		}
		buf_release(&out);
	}
	return NULL;
}

/* Threads take turns: each gets its own answer. */
static void test_server_threads(void **state)
{
	struct child_server *s = child_server_new(server_argv, &small);
	pthread_t t[4];

	(void)state;
	assert_non_null(s);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, ask_many, s), 0);
	for (int i = 0; i < 4; i++) {
		void *bad;

		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
	child_server_free(s);
}

/* A server that answers nothing is an error, then started afresh. */
static void test_server_gone(void **state)
{
	static const char *const false_argv[] = { "/bin/false", NULL };
	static const char *const cat_argv[] = { "/bin/cat", NULL };
	struct child_server *s = child_server_new(false_argv, &small);
	char request[100];
	struct child_result r;
	struct buf out = BUF_INIT;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(child_server_run(s, "x", 1, &out, &r, &e), DOSSIER_EIO);
	assert_int_equal(child_server_run(s, "x", 1, &out, &r, &e), DOSSIER_EIO);
	child_server_free(s);
	/* one that echoes the request: its "answer" is no answer */
	s = child_server_new(cat_argv, &small);
	memset(request, 'x', sizeof request);
	assert_int_equal(child_server_run(s, request, sizeof request, &out, &r, &e), DOSSIER_EIO);
	assert_non_null(strstr(e.msg, "garbled"));
	child_server_free(s);
	buf_release(&out);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_crashes),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_server),
		cmocka_unit_test(test_server_threads),
		cmocka_unit_test(test_server_gone),
	};

	if (argc == 2 && !strcmp(argv[1], "serve"))
		return child_serve(0, 1, work, &small) ? 1 : 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
