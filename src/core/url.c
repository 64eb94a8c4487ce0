/*
 * The key of an address: the parts that say which article it is, without
 * those that only say how it was reached (url.h lists them).
 */
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/url.h"

/* Query parameters that track the reader, not choose the page. */
static const char *const tracking[] = {
	"fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "spm",
	"igshid", "ref_src", "cmpid", "at_medium", "at_campaign", "at_custom1",
	"at_custom2", "at_custom3", "at_custom4", "_ga", "share_token", "scm",
	"from_source", "xtor",
};

/* Host prefixes of the same site. */
static const char *const host_prefixes[] = { "www.", "m.", "mobile.", "amp.", "wap." };

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int hex_value(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

static int unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Appends s[0..len) with its percent-escapes normalised and bytes
 * outside ASCII escaped. */
static int add_escaped(struct buf *out, const char *s, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < len && (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)s[i + 2])) >= 0) {
			int c = hi * 16 + lo;

			if (unreserved(c)) {
				rc = buf_addc(out, (char)c);
			} else {
				char esc[3] = { '%', digits[hi], digits[lo] };

				rc = buf_add(out, esc, 3);
			}
			i += 2;
		} else if ((unsigned char)s[i] >= 0x80 || s[i] == ' ') {
			/* an IRI's UTF-8 and its percent-escaped URI are one address */
			unsigned char c = (unsigned char)s[i];
			char esc[3] = { '%', digits[c >> 4], digits[c & 15] };

			rc = buf_add(out, esc, 3);
		} else {
			rc = buf_addc(out, s[i]);
		}
	}
	return rc;
}

static int is_tracking(const char *name, size_t len)
{
	if (len > 4 && !strncmp(name, "utm_", 4))
		return 1;
	for (size_t i = 0; i < sizeof tracking / sizeof tracking[0]; i++) {
		if (strlen(tracking[i]) == len && !strncmp(name, tracking[i], len))
			return 1;
	}
	return 0;
}

/* Appends the query q[0..len) without its tracking parameters. */
static int add_query(struct buf *out, const char *q, size_t len)
{
	int first = 1, rc = DOSSIER_OK;

	while (len && !rc) {
		size_t n = 0, name;

		while (n < len && q[n] != '&' && q[n] != ';')
			n++;
		for (name = 0; name < n && q[name] != '='; name++)
			;
		if (n && !is_tracking(q, name)) {
			rc = buf_addc(out, first ? '?' : '&');
			if (!rc)
				rc = add_escaped(out, q, n);
			first = 0;
		}
		q += n + (n < len);
		len -= n + (n < len);
	}
	return rc;
}

/* Appends the host: lowercase, no user info, no default port, no www. */
static int add_host(struct buf *out, const char *host, size_t len, int web)
{
	const char *at = memchr(host, '@', len);
	const char *colon;
	size_t start = 0;
	int rc = DOSSIER_OK;

	if (at) {
		len -= (size_t)(at + 1 - host);
		host = at + 1;
	}
	colon = memchr(host, ':', len);
	if (colon && web) {
		size_t port = (size_t)(host + len - colon - 1);

		if ((port == 2 && !strncmp(colon + 1, "80", 2)) ||
		    (port == 3 && !strncmp(colon + 1, "443", 3)))
			len = (size_t)(colon - host);
	}
	for (size_t i = 0; i < sizeof host_prefixes / sizeof host_prefixes[0]; i++) {
		size_t n = strlen(host_prefixes[i]);

		if (len > n + 1) {
			size_t k = 0;

			while (k < n && lower((unsigned char)host[k]) == host_prefixes[i][k])
				k++;
			if (k == n && memchr(host + n, '.', len - n)) {
				start = n;
				break;
			}
		}
	}
	for (size_t i = start; i < len && !rc; i++)
		rc = buf_addc(out, (char)lower((unsigned char)host[i]));
	return rc;
}

/* Appends the path without a trailing slash or index page. */
static int add_path(struct buf *out, const char *path, size_t len)
{
	static const char *const index_pages[] = { "index.html", "index.htm", "index.shtml" };

	for (size_t i = 0; i < sizeof index_pages / sizeof index_pages[0]; i++) {
		size_t n = strlen(index_pages[i]);

		if (len > n && path[len - n - 1] == '/' && !strncmp(path + len - n, index_pages[i], n)) {
			len -= n;
			break;
		}
	}
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 1 && path[0] == '/')
		len = 0;
	return add_escaped(out, path, len);
}

int url_key(const char *url, struct buf *out)
{
	const char *sep = strstr(url, "://"), *host, *rest, *query, *frag;
	size_t scheme_len, host_len;
	int web, rc;

	buf_reset(out);
	if (!sep || sep == url || strchr(url, ' ') || strchr(url, '\t'))
		return buf_adds(out, url);
	scheme_len = (size_t)(sep - url);
	for (size_t i = 0; i < scheme_len; i++) {
		int c = (unsigned char)url[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' ||
		      c == '.' || (i && c >= '0' && c <= '9')))
			return buf_adds(out, url);
	}
	web = (scheme_len == 4 && !strncasecmp(url, "http", 4)) ||
	      (scheme_len == 5 && !strncasecmp(url, "https", 5));
	host = sep + 3;
	host_len = strcspn(host, "/?#");
	if (!host_len)
		return buf_adds(out, url);
	rest = host + host_len;
	frag = strchr(rest, '#');
	query = strchr(rest, '?');
	if (frag && query && query > frag)
		query = NULL;
	rc = DOSSIER_OK;
	if (!web) {
		for (size_t i = 0; i < scheme_len + 3 && !rc; i++)
			rc = buf_addc(out, (char)lower((unsigned char)url[i]));
	}
	if (!rc)
		rc = add_host(out, host, host_len, web);
	if (!rc)
		rc = add_path(out, rest, (size_t)((query ? query : frag ? frag : rest + strlen(rest)) - rest));
	if (!rc && query)
		rc = add_query(out, query + 1,
			       (size_t)((frag ? frag : query + strlen(query)) - query - 1));
	return rc;
}

/* ---- the host and the date an address names -------------------------------------- */

void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *end, *at;
	size_t n;

	if (!size)
		return;
	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "/?#\\");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	n = strcspn(p, ":/?#\\");
	if (p + n > end)
		n = (size_t)(end - p);
	while (n && p[n - 1] == '.')
		n--;
	if (n >= size)
		return;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)lower((unsigned char)p[i]);
	out[n] = '\0';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The number in s[0..n) (all digits, n <= 4). */
static int digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int plausible_day(int y, int m, int d)
{
	return y >= 1990 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

/*
 * The length of the run of digits at s[i] when it stands alone: no digit
 * right before it, and no digit or letter right after it ("story20210120-"
 * and "/20231107-" count, an id such as "65571297a310" does not).
 */
static size_t lone_digits(const char *s, size_t n, size_t i)
{
	size_t j = i;

	if (i && is_digit(s[i - 1]))
		return 0;
	while (j < n && is_digit(s[j]))
		j++;
	if (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		return 0;
	return j - i;
}

static int is_date_sep(char c)
{
	return c == '/' || c == '-' || c == '_' || c == '.';
}

/*
 * A date starting at path[i] (a lone run of digits): YYYY<sep>MM<sep>DD,
 * YYYY-MM/DD, YYYYMM/DD, YYYY/MMDD or YYYYMMDD.
 */
static int date_at(const char *p, size_t n, size_t i, int *y, int *m, int *d)
{
	size_t run = lone_digits(p, n, i), j;

	if (run == 8) {
		*y = digits_value(p + i, 4);
		*m = digits_value(p + i + 4, 2);
		*d = digits_value(p + i + 6, 2);
		return plausible_day(*y, *m, *d);
	}
	if (run != 4 && run != 6)
		return 0;
	*y = digits_value(p + i, 4);
	j = i + run;
	if (j >= n || !is_date_sep(p[j]))
		return 0;
	j++;
	if (run == 6) { /* YYYYMM/DD */
		*m = digits_value(p + i + 4, 2);
		if (j + 2 > n || !is_digit(p[j]) || !is_digit(p[j + 1]) ||
		    (j + 2 < n && is_digit(p[j + 2])))
			return 0;
		*d = digits_value(p + j, 2);
		return p[j - 1] == '/' && plausible_day(*y, *m, *d);
	}
	{
		size_t k = j;

		while (k < n && is_digit(p[k]))
			k++;
		if (k - j == 4) { /* YYYY/MMDD */
			*m = digits_value(p + j, 2);
			*d = digits_value(p + j + 2, 2);
			return p[j - 1] == '/' && (k == n || !is_digit(p[k])) &&
			       plausible_day(*y, *m, *d);
		}
		if (k - j < 1 || k - j > 2 || k >= n || !is_date_sep(p[k]))
			return 0;
		*m = digits_value(p + j, k - j);
		j = k + 1;
		k = j;
		while (k < n && is_digit(p[k]))
			k++;
		if (k - j < 1 || k - j > 2)
			return 0;
		*d = digits_value(p + j, k - j);
		return plausible_day(*y, *m, *d);
	}
}

int url_date(const char *url, int *y, int *m, int *d)
{
	const char *p = strstr(url, "://");
	size_t n;

	if (!p)
		return 0;
	p += 3;
	p += strcspn(p, "/?#");
	if (*p != '/')
		return 0;
	n = strcspn(p, "?#");
	for (size_t i = 0; i < n; i++) {
		if (is_digit(p[i]) && (!i || !is_digit(p[i - 1])) && date_at(p, n, i, y, m, d))
			return 1;
	}
	return 0;
}

const char *url_fragment(const char *url)
{
	const char *hash = url ? strchr(url, '#') : NULL;

	return hash && hash[1] ? hash + 1 : NULL;
}
