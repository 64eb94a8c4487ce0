#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/utf8.h"

char buf_empty[1];

static size_t buf_max(const struct buf *b)
{
	return b->max ? b->max : BUF_DEFAULT_MAX;
}

void buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

int buf_grow(struct buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > buf_max(b) || b->len > buf_max(b) - extra)
		return DOSSIER_ETOOBIG;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return DOSSIER_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap < ((size_t)1 << 30) ? cap * 2 : want;
	p = realloc(b->cap ? b->data : NULL, cap);
	if (!p)
		return DOSSIER_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return DOSSIER_OK;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	int rc = buf_grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return DOSSIER_OK;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return DOSSIER_EUSAGE;
	rc = buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return DOSSIER_OK;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void buf_trim(struct buf *b)
{
	size_t start = utf8_skip_space(b->data, b->len, 0);
	size_t end = utf8_trim_space_end(b->data, b->len);

	if (end < start)
		end = start;
	if (start)
		memmove(b->data, b->data + start, end - start);
	buf_truncate(b, end - start);
}

char *buf_detach(struct buf *b)
{
	char *p;

	if (!b->cap)
		return strdup("");
	p = b->data;
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	return p;
}
