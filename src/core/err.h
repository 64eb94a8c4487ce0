/*
 * err.h — one error enum for all of Dossier, plus a message.
 *
 * A fallible function returns an `int` that is DOSSIER_OK (0) or one of the
 * codes below, and, when given a non-NULL `struct err *`, fills it with a
 * human message naming what failed and why ("cannot parse record: no
 * [title](url) line").  Callers that only care whether it worked may pass
 * NULL.  cli/ maps codes to exit statuses, server/ to HTTP statuses.
 */
#ifndef DOSSIER_CORE_ERR_H
#define DOSSIER_CORE_ERR_H

#include <stddef.h>

enum dossier_rc {
	DOSSIER_OK = 0,
	DOSSIER_ENOMEM,    /* out of memory */
	DOSSIER_EIO,       /* reading or writing a file failed */
	DOSSIER_EFORMAT,   /* input is not in a format we can read */
	DOSSIER_EPARSE,    /* input looked right but is broken */
	DOSSIER_EENCODING, /* bytes are not text in a known encoding */
	DOSSIER_ETOOBIG,   /* input or buffer beyond its size cap */
	DOSSIER_EEMPTY,    /* input holds nothing to work with */
	DOSSIER_EDB,       /* the database refused or is damaged */
	DOSSIER_ENOTFOUND, /* no such document, entity, ... */
	DOSSIER_EUSAGE,    /* the caller asked for something malformed */
	DOSSIER_ERC_COUNT
};

#define ERR_MSG_MAX 512

struct err {
	int rc;
	char msg[ERR_MSG_MAX];
};

/*
 * Records `rc` and a printf-style message in `e` (when non-NULL) and
 * returns `rc`, so that `return err_set(e, DOSSIER_EPARSE, "...")` reads
 * naturally.  Messages longer than ERR_MSG_MAX-1 bytes are cut at a UTF-8
 * character boundary.
 */
int err_set(struct err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears `e` to DOSSIER_OK with an empty message.  NULL is a no-op. */
void err_clear(struct err *e);

/*
 * Prefixes the message already in `e` with "<prefix>: ", keeping the code.
 * Used when an error travels up through a layer that knows more context
 * (the file name, say).  Returns e->rc.
 */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A short, static, English name for a code ("out of memory"). */
const char *err_rc_str(int rc);

#endif
