#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"

static void cut_at_char_boundary(char *msg)
{
	size_t n = strlen(msg);
	msg[utf8_trim_incomplete(msg, n)] = '\0';
}

int err_set(struct err *e, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return rc;
	e->rc = rc;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	cut_at_char_boundary(e->msg);
	return rc;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->rc = DOSSIER_OK;
	e->msg[0] = '\0';
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	char prefix[ERR_MSG_MAX];
	char old[ERR_MSG_MAX];
	va_list ap;

	if (!e)
		return DOSSIER_OK;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	{
		struct buf b = BUF_INIT;

		buf_init(&b, sizeof e->msg - 1);
		buf_adds(&b, prefix);
		buf_adds(&b, ": ");
		if (buf_adds(&b, old[0] ? old : err_rc_str(e->rc)) == DOSSIER_ETOOBIG)
			buf_add(&b, old, sizeof e->msg - 1 - b.len);
		memcpy(e->msg, b.data, b.len + 1);
		buf_release(&b);
	}
	cut_at_char_boundary(e->msg);
	return e->rc;
}

const char *err_rc_str(int rc)
{
	static const char *const names[DOSSIER_ERC_COUNT] = {
		[DOSSIER_OK] = "ok",
		[DOSSIER_ENOMEM] = "out of memory",
		[DOSSIER_EIO] = "input/output error",
		[DOSSIER_EFORMAT] = "unsupported format",
		[DOSSIER_EPARSE] = "cannot parse",
		[DOSSIER_EENCODING] = "bad text encoding",
		[DOSSIER_ETOOBIG] = "too big",
		[DOSSIER_EEMPTY] = "empty",
		[DOSSIER_EDB] = "database error",
		[DOSSIER_ENOTFOUND] = "not found",
		[DOSSIER_EUSAGE] = "bad usage",
	};

	if (rc < 0 || rc >= DOSSIER_ERC_COUNT || !names[rc])
		return "unknown error";
	return names[rc];
}
