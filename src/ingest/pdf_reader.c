/*
 * pdf_reader.c — where a PDF's text layer is read: in a child process with
 * limits, or (tests, fuzzers) in this one; and the answer the reader gives.
 *
 * poppler has no way to be stopped inside a page: a 9 MB PDF whose one
 * content stream inflates to a gigabyte of text-showing operators keeps
 * it busy for many minutes while it grows past 400 MB, and a crash inside
 * it would take the whole ingest down.  So the dossier command reads each
 * PDF in a child process of its own, stopped after PDF_MAX_SECONDS of CPU
 * time or past PDF_MAX_MEMORY: that one file fails with a reason and the
 * batch goes on.  The children are forked by a reader server,
 * `dossier __pdf-text`, started on the first PDF (core/child.h says why a
 * server: a fork from ingest's threads would not be safe, a fresh exec of
 * dossier for each PDF costs 20-25 ms; this way a PDF costs about 5 ms
 * more than read in process, bench/RESULTS.md).
 *
 * The answer, written by the child and read by the parent, which believes
 * nothing in it it has not checked:
 *
 *	"%dossier-pdf-answer 1\n"
 *	records: a tag byte, the value's length (4 bytes, big-endian), the value
 *	  R  result: 0, or the DOSSIER_E* code of a PDF that cannot be read
 *	  M  the message of that failure (UTF-8)
 *	  N  pages in the PDF          P  pages read          C  cut (PDF_CUT_*)
 *	  T  metadata title            A  metadata author     D  creation date
 *	  X  the text: paragraphs, a blank line between
 *	  Z  the end (empty): an answer without it was cut short
 *
 * Numbers are decimal.  Each tag comes at most once; R and Z always, M
 * with a failure, N P C D X with a success, T and A when the PDF has them.
 * Reading in this process goes through the same answer, so that both ways
 * give the same documents and the fuzzer reaches the parent's checks.
 */
#include "ingest/ingest.h"
#include "ingest/ingest_int.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/child.h"
#include "core/utf8.h"

#define PDF_ANSWER_MAGIC "%dossier-pdf-answer 1\n"
/* Metadata strings longer than this are cut: no title is 4 KiB long. */
#define PDF_MAX_META 4096
/* The answer's text is the pages' text with spaces and breaks between
 * lines: at most three bytes a line more, a line at least one byte. */
#define PDF_MAX_ANSWER (PDF_MAX_TEXT * 4 + 2 * PDF_MAX_META + 4096)
/* 9999-12-31T23:59:59Z: a later creation date is garbage. */
#define PDF_MAX_CREATED INT64_C(253402300799)

static const struct child_limits pdf_limits = {
	PDF_MAX_SECONDS, PDF_MAX_WAIT, PDF_MAX_MEMORY, INGEST_MAX_FILE, PDF_MAX_ANSWER
};

/* The reader server: set once by the command before threads start. */
static const char *pdf_reader_argv[3];
static struct child_server *pdf_reader;

void ingest_set_pdf_reader(const char *program)
{
	child_server_free(pdf_reader);
	pdf_reader = NULL;
	pdf_reader_argv[0] = program;
	pdf_reader_argv[1] = "__pdf-text";
	pdf_reader_argv[2] = NULL;
	if (program)
		pdf_reader = child_server_new(pdf_reader_argv, &pdf_limits);
}

/* ---- writing the answer ------------------------------------------------------ */

static int answer_record(struct buf *out, char tag, const char *value, size_t len)
{
	unsigned char head[5] = { (unsigned char)tag, (unsigned char)(len >> 24),
				  (unsigned char)(len >> 16), (unsigned char)(len >> 8),
				  (unsigned char)len };
	int rc;

	if (len > UINT32_MAX)
		return DOSSIER_ETOOBIG;
	rc = buf_add(out, head, sizeof head);
	return rc ? rc : buf_add(out, value, len);
}

static int answer_number(struct buf *out, char tag, int64_t value)
{
	char text[24];
	int n = snprintf(text, sizeof text, "%" PRId64, value);

	return answer_record(out, tag, text, (size_t)n);
}

/* A metadata string, cut to PDF_MAX_META bytes at a character boundary. */
static int answer_meta(struct buf *out, char tag, const char *s)
{
	size_t len;

	if (!s)
		return DOSSIER_OK;
	len = strlen(s);
	if (len > PDF_MAX_META)
		len = utf8_trim_incomplete(s, PDF_MAX_META);
	return answer_record(out, tag, s, len);
}

int pdf_answer_write(const struct pdf_text *t, const struct err *failed, struct buf *out)
{
	int rc = buf_adds(out, PDF_ANSWER_MAGIC);

	if (failed) {
		if (!rc)
			rc = answer_number(out, 'R', failed->rc ? failed->rc : DOSSIER_EPARSE);
		if (!rc)
			rc = answer_record(out, 'M', failed->msg, strlen(failed->msg));
	} else {
		if (!rc)
			rc = answer_number(out, 'R', DOSSIER_OK);
		if (!rc)
			rc = answer_number(out, 'N', t->pages);
		if (!rc)
			rc = answer_number(out, 'P', t->pages_read);
		if (!rc)
			rc = answer_number(out, 'C', t->cut);
		if (!rc)
			rc = answer_meta(out, 'T', t->title);
		if (!rc)
			rc = answer_meta(out, 'A', t->author);
		if (!rc)
			rc = answer_number(out, 'D', t->created);
		if (!rc)
			rc = answer_record(out, 'X', t->text.data, t->text.len);
	}
	return rc ? rc : answer_record(out, 'Z', "", 0);
}

/* ---- reading it ---------------------------------------------------------------- */

static int answer_garbled(struct err *e, const char *why)
{
	return err_set(e, DOSSIER_EPARSE, "cannot read PDF: its reader's answer is garbled (%s)",
		       why);
}

/* A decimal number in [0, max], or -1. */
static int64_t answer_parse_number(const char *s, size_t len, int64_t max)
{
	int64_t v = 0;

	if (!len || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/* Copies a string value: no NUL in it; malformed UTF-8 repaired. */
static int answer_string(struct buf *out, const char *s, size_t len)
{
	size_t replaced;

	if (memchr(s, '\0', len))
		return DOSSIER_EPARSE;
	return utf8_repair(out, s, len, &replaced);
}

static int answer_take(char **field, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	int rc = answer_string(&b, s, len);

	if (!rc) {
		*field = buf_detach(&b);
		if (!*field)
			rc = DOSSIER_ENOMEM;
	}
	buf_release(&b);
	return rc;
}

struct answer_fields {
	int64_t result, number[4]; /* N P C D */
	const char *message;
	size_t message_len;
	unsigned seen;
};

/* Stores one record's value; DOSSIER_EPARSE when it is not what the tag needs. */
static int answer_field(struct answer_fields *f, struct pdf_text *t, char tag,
			const char *v, size_t n)
{
	static const char numbers[] = "NPCD";
	static const int64_t max[] = { INT_MAX, INT_MAX, PDF_CUT_TEXT, PDF_MAX_CREATED };
	const char *which = strchr(numbers, tag);

	if (which && tag) {
		f->number[which - numbers] = answer_parse_number(v, n, max[which - numbers]);
		return f->number[which - numbers] < 0 ? DOSSIER_EPARSE : DOSSIER_OK;
	}
	switch (tag) {
	case 'R':
		f->result = answer_parse_number(v, n, DOSSIER_ERC_COUNT - 1);
		return f->result < 0 ? DOSSIER_EPARSE : DOSSIER_OK;
	case 'M':
		f->message = v;
		f->message_len = n;
		return memchr(v, '\0', n) ? DOSSIER_EPARSE : DOSSIER_OK;
	case 'T':
		return n > PDF_MAX_META ? DOSSIER_EPARSE : answer_take(&t->title, v, n);
	case 'A':
		return n > PDF_MAX_META ? DOSSIER_EPARSE : answer_take(&t->author, v, n);
	case 'X':
		return answer_string(&t->text, v, n);
	default:
		return DOSSIER_EPARSE;
	}
}

static unsigned answer_bit(char tag)
{
	static const char tags[] = "RMNPCTADXZ";
	const char *at = tag ? strchr(tags, tag) : NULL;

	return at ? 1u << (at - tags) : 0;
}

int pdf_answer_read(const char *data, size_t len, struct pdf_text *t, struct err *e)
{
	struct answer_fields f = { -1, { -1, -1, -1, -1 }, NULL, 0, 0 };
	size_t pos = sizeof PDF_ANSWER_MAGIC - 1;
	int ended = 0, rc;

	pdf_text_release(t);
	if (len < pos || memcmp(data, PDF_ANSWER_MAGIC, pos))
		return answer_garbled(e, "no header");
	while (pos < len && !ended) {
		char tag = data[pos];
		size_t n;

		if (len - pos < 5)
			return answer_garbled(e, "a record cut short");
		n = (size_t)(unsigned char)data[pos + 1] << 24 |
		    (size_t)(unsigned char)data[pos + 2] << 16 |
		    (size_t)(unsigned char)data[pos + 3] << 8 | (unsigned char)data[pos + 4];
		pos += 5;
		if (n > len - pos)
			return answer_garbled(e, "a record cut short");
		if (!answer_bit(tag) || (f.seen & answer_bit(tag)))
			return answer_garbled(e, "an unknown or repeated record");
		f.seen |= answer_bit(tag);
		if (tag == 'Z') {
			ended = 1;
		} else {
			rc = answer_field(&f, t, tag, data + pos, n);
			if (rc == DOSSIER_EPARSE)
				return answer_garbled(e, "a value out of range");
			if (rc)
				return err_set(e, rc, "cannot read PDF: %s", err_rc_str(rc));
		}
		pos += n;
	}
	if (!ended || pos != len)
		return answer_garbled(e, "no end");
	if (f.result < 0)
		return answer_garbled(e, "no result");
	if (f.result != DOSSIER_OK) {
		pdf_text_release(t);
		if (!f.message_len)
			return err_set(e, (int)f.result, "cannot read PDF: %s", err_rc_str((int)f.result));
		return err_set(e, (int)f.result, "%.*s", (int)f.message_len, f.message);
	}
	for (int i = 0; i < 4; i++)
		if (f.number[i] < 0)
			return answer_garbled(e, "a number missing");
	if (!(f.seen & answer_bit('X')) || f.number[1] > f.number[0])
		return answer_garbled(e, "no text, or more pages read than there are");
	t->pages = (int)f.number[0];
	t->pages_read = (int)f.number[1];
	t->cut = (int)f.number[2];
	t->created = f.number[3];
	return DOSSIER_OK;
}

/* ---- reading in a child, or here --------------------------------------------- */

/* How the child ended, as an error; or its answer read. */
static int pdf_child_outcome(const struct child_result *r, const struct buf *answer,
			     struct pdf_text *t, struct err *e)
{
	const char *sep = r->note[0] ? ": " : "";

	switch (r->end) {
	case CHILD_OVER_CPU:
		return err_set(e, DOSSIER_ETOOBIG,
			       "PDF too costly to read: stopped after %u s of work (at %zu MB of memory)",
			       PDF_MAX_SECONDS, r->peak_memory >> 20);
	case CHILD_OVER_WALL:
		return err_set(e, DOSSIER_ETOOBIG,
			       "PDF too costly to read: not done in %u s (%.1f s of work, %zu MB of memory)",
			       PDF_MAX_WAIT, r->cpu_seconds, r->peak_memory >> 20);
	case CHILD_OVER_MEMORY:
		return err_set(e, DOSSIER_ETOOBIG,
			       "PDF too costly to read: over %zu MB of memory (stopped after %.1f s)",
			       PDF_MAX_MEMORY >> 20, r->seconds);
	case CHILD_OVER_OUTPUT:
		return err_set(e, DOSSIER_ETOOBIG, "PDF too costly to read: its text passed %zu MB",
			       (size_t)PDF_MAX_ANSWER >> 20);
	case CHILD_CRASHED:
		return err_set(e, DOSSIER_EPARSE, "broken PDF: its reader crashed (signal %d%s%s)",
			       r->status, sep, r->note);
	case CHILD_NOT_RUN:
		return err_set(e, DOSSIER_EIO, "cannot read PDF: its reader did not start (%s)",
			       r->note);
	case CHILD_EXITED:
	case CHILD_END_COUNT:
		break;
	}
	if (r->status)
		return err_set(e, DOSSIER_EIO, "cannot read PDF: its reader failed (exit status %d%s%s)",
			       r->status, sep, r->note);
	return pdf_answer_read(answer->data, answer->len, t, e);
}

static int pdf_text_in_child(const char *data, size_t len, struct pdf_text *t, struct err *e)
{
	struct buf answer;
	struct child_result r;
	int rc;

	if (!pdf_reader)
		return err_set(e, DOSSIER_ENOMEM, "cannot read PDF: out of memory");
	buf_init(&answer, PDF_MAX_ANSWER);
	rc = child_server_run(pdf_reader, data, len, &answer, &r, e);
	if (rc)
		rc = err_prefix(e, "cannot read PDF: its reader failed");
	else
		rc = pdf_child_outcome(&r, &answer, t, e);
	buf_release(&answer);
	return rc;
}

/* The same way as in the child: read, write the answer, read it back. */
static int pdf_text_in_process(const char *data, size_t len, struct pdf_text *t, struct err *e)
{
	struct pdf_text read = PDF_TEXT_INIT;
	struct buf answer = BUF_INIT;
	struct err failed;
	int rc;

	err_clear(&failed);
	rc = pdf_text_read(data, len, &read, &failed);
	rc = pdf_answer_write(&read, rc ? &failed : NULL, &answer);
	if (rc)
		rc = err_set(e, rc, "cannot read PDF: %s", err_rc_str(rc));
	else
		rc = pdf_answer_read(answer.data, answer.len, t, e);
	pdf_text_release(&read);
	buf_release(&answer);
	return rc;
}

int pdf_text_get(const char *data, size_t len, struct pdf_text *t, struct err *e)
{
	if (pdf_reader_argv[0])
		return pdf_text_in_child(data, len, t, e);
	return pdf_text_in_process(data, len, t, e);
}

/* ---- the reader's side ------------------------------------------------------ */

static int pdf_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One PDF, in a child of the reader server, its limits on it. */
static int pdf_reader_work(const char *data, size_t len, int out_fd)
{
	struct pdf_text t = PDF_TEXT_INIT;
	struct buf answer;
	struct err failed;
	int rc;

	err_clear(&failed);
	buf_init(&answer, PDF_MAX_ANSWER);
	rc = pdf_text_read(data, len, &t, &failed);
	rc = pdf_answer_write(&t, rc ? &failed : NULL, &answer);
	if (!rc && pdf_write_all(out_fd, answer.data, answer.len))
		rc = DOSSIER_EIO;
	pdf_text_release(&t);
	buf_release(&answer);
	return rc ? 1 : 0;
}

int ingest_pdf_reader_run(int in_fd, int out_fd, struct err *e)
{
	if (child_serve(in_fd, out_fd, pdf_reader_work, &pdf_limits))
		return err_set(e, DOSSIER_EIO, "the request or its answer was cut short");
	return DOSSIER_OK;
}
