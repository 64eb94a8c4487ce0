/*
 * buf.h — a growable byte buffer with a hard size cap.
 *
 * The shape is git's strbuf: `data` is always NUL-terminated once anything
 * was added (and points at a static "" before), `len` excludes the NUL.
 * Unlike strbuf, every buffer has a cap (`max`, bytes of content): adding
 * past it fails with DOSSIER_ETOOBIG instead of eating memory, so a hostile
 * 2 GB input cannot grow a title buffer without bound.
 *
 *	struct buf b = BUF_INIT;
 *	buf_adds(&b, "hello");
 *	use(b.data, b.len);
 *	buf_release(&b);
 */
#ifndef DOSSIER_CORE_BUF_H
#define DOSSIER_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Default cap for buffers made with BUF_INIT: 256 MiB. */
#define BUF_DEFAULT_MAX ((size_t)256 << 20)

extern char buf_empty[];

struct buf {
	char *data;
	size_t len;
	size_t cap; /* allocated bytes, 0 while data == buf_empty */
	size_t max; /* largest len allowed; 0 means BUF_DEFAULT_MAX */
};

#define BUF_INIT { buf_empty, 0, 0, 0 }

/* Starts an empty buffer whose content may not exceed `max` bytes (0: default). */
void buf_init(struct buf *b, size_t max);

/* Frees the memory and leaves `b` empty and reusable (same cap). */
void buf_release(struct buf *b);

/* Empties `b` without freeing its memory. */
void buf_reset(struct buf *b);

/* Makes room for `extra` more bytes.  DOSSIER_ETOOBIG past the cap. */
int buf_grow(struct buf *b, size_t extra);

/* Appends `n` bytes / a NUL-terminated string / one byte. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);

/* Appends printf-style formatted text. */
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Cuts the content to `len` bytes (no-op when already shorter). */
void buf_truncate(struct buf *b, size_t len);

/* Removes ASCII and Unicode white space (incl. U+3000, U+00A0) at both ends. */
void buf_trim(struct buf *b);

/*
 * Hands the content over to the caller, who frees it with free(); `b` is
 * left empty.  Never returns buf_empty: an empty buffer gives a fresh "".
 * Returns NULL only when out of memory.
 */
char *buf_detach(struct buf *b);

#endif
