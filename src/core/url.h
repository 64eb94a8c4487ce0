/*
 * url.h — one key for the many addresses of one article.
 *
 * Outlets serve the same report as http and https, on www. and m. hosts,
 * with tracking parameters (utm_source, fbclid, spm), with or without a
 * trailing slash and a #fragment.  The key folds those away so that the
 * archive stores the report once and keeps every address it was seen at.
 */
#ifndef DOSSIER_CORE_URL_H
#define DOSSIER_CORE_URL_H

#include "core/buf.h"

/*
 * Writes the key of `url` to `out` (replacing its contents):
 *
 * - the scheme is dropped when it is http or https (the same page), kept
 *   lowercase otherwise; the host is lowercased, without a leading
 *   "www.", "m.", "mobile." or "amp.", without user info and without the
 *   default port;
 * - percent-escapes are upper-cased, escapes of unreserved characters
 *   (letters, digits, - . _ ~) decoded, and UTF-8 written as such (an
 *   IRI: 北京) escaped, so the IRI and its URI give one key;
 * - the path loses a trailing slash (not the root) and a trailing
 *   "index.html"/"index.htm";
 * - the query loses tracking parameters (utm_*, fbclid, gclid, yclid,
 *   mc_cid, mc_eid, spm, igshid, ref_src, cmpid, at_medium, at_campaign,
 *   share, from=timeline and the like) and an empty query its "?";
 * - the fragment goes.
 *
 * Something that is no absolute URL (no "scheme://host") is copied as it
 * is.  DOSSIER_ENOMEM or DOSSIER_OK.
 */
int url_key(const char *url, struct buf *out);

/*
 * The host of an absolute URL ("scheme://host/..."), lowercase, without
 * user info, port or a trailing dot, in `out` (`size` bytes).  "" when
 * `url` has no host or the host does not fit.
 */
void url_host(const char *url, char *out, size_t size);

/*
 * The calendar day an address's path names, as outlets and blogs write it:
 * /2004/08/29/, 2004_08_29, 2004-08-29, /2023-11/17/, /202311/17/,
 * /2024/0418/, or eight digits standing alone (/20231107-..., story20210120-,
 * /20210121/).  Only the path is read (not host, query or fragment), only
 * real dates between 1990 and 2099 count, and the first one wins.  1 with
 * *y, *m, *d set, else 0.
 */
int url_date(const char *url, int *y, int *m, int *d);

/* The fragment of `url` (what follows its first '#', borrowed), or NULL
 * when it has none or an empty one. */
const char *url_fragment(const char *url);

#endif
