/*
 * Which Host names this server answers to.  A page on attacker.example can
 * point its own name at 127.0.0.1 (DNS rebinding) and then read, as the
 * same origin, whatever a server on loopback says to it; the browser
 * still sends Host: attacker.example.  So a request is answered only when
 * its Host names this server:
 *
 *  - localhost (any port: a tunnel or a forwarded port changes it);
 *  - an IP address the request actually arrived at (the socket's local
 *    address), and any loopback address for a request that came over
 *    loopback — a literal address involves no DNS, so no rebinding;
 *  - the host name given in --listen;
 *  - bound to every address (0.0.0.0, [::]): this machine's host name;
 *  - every name (or address) given with --allow-host.
 *
 * Names compare without case and without one trailing dot; addresses
 * compare by value, so [::1] and [0:0::1] are one.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server_int.h"

/* Longer than any DNS name (253) and any address literal. */
#define NAME_MAX_BYTES 256

/* ---- addresses ------------------------------------------------------------------------ */

/* An address as 16 bytes, IPv4 as v4-mapped IPv6, so that both compare alike. */
struct addr16 {
	struct in6_addr in6;
};

static void addr16_from_v4(const struct in_addr *v4, struct addr16 *out)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	memcpy(out->in6.s6_addr, mapped, sizeof mapped);
	memcpy(out->in6.s6_addr + 12, v4, 4);
}

static int addr16_from_sockaddr(const struct sockaddr *sa, struct addr16 *out)
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		addr16_from_v4(&((const struct sockaddr_in *)sa)->sin_addr, out);
		return 1;
	}
	if (sa->sa_family == AF_INET6) {
		out->in6 = ((const struct sockaddr_in6 *)sa)->sin6_addr;
		return 1;
	}
	return 0;
}

static int addr16_is_v4(const struct addr16 *a)
{
	return IN6_IS_ADDR_V4MAPPED(&a->in6);
}

static int addr16_is_loopback(const struct addr16 *a)
{
	if (addr16_is_v4(a))
		return a->in6.s6_addr[12] == 127;
	return IN6_IS_ADDR_LOOPBACK(&a->in6);
}

static int addr16_is_any(const struct addr16 *a)
{
	static const unsigned char zero[16];

	if (addr16_is_v4(a))
		return !memcmp(a->in6.s6_addr + 12, zero, 4);
	return !memcmp(a->in6.s6_addr, zero, 16);
}

/* A name that is an address literal: "127.0.0.1", or an IPv6 one (unbracketed here). */
static int addr16_same(const struct addr16 *a, const struct addr16 *b)
{
	return !memcmp(a->in6.s6_addr, b->in6.s6_addr, 16);
}

static int addr16_from_literal(const char *name, struct addr16 *out)
{
	struct in_addr v4;

	if (inet_pton(AF_INET, name, &v4) == 1) {
		addr16_from_v4(&v4, out);
		return 1;
	}
	return inet_pton(AF_INET6, name, &out->in6) == 1;
}

int host_addr_is_loopback(const struct sockaddr *sa)
{
	struct addr16 a;

	return addr16_from_sockaddr(sa, &a) && addr16_is_loopback(&a);
}

/* ---- names ---------------------------------------------------------------------------------- */

static int is_name_byte(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '_';
}

static int is_port(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n >= 1 && n <= 5 && !s[n];
}

/*
 * The name in a Host value ("Example.org:8080" -> "example.org", "[::1]:80"
 * -> "::1"), lower case, one trailing dot dropped, into `out`.  *had_port
 * says whether a port followed.  0, or -1 for anything malformed.
 */
static int host_name(const char *value, char *out, size_t cap, int *had_port)
{
	const char *name = value, *end, *rest;
	size_t len;
	int bracketed = value[0] == '[';

	if (bracketed) {
		name = value + 1;
		end = strchr(name, ']');
		if (!end)
			return -1;
		rest = end + 1;
	} else {
		end = strchr(value, ':');
		if (!end)
			end = value + strlen(value);
		rest = end;
	}
	if (*rest && (*rest != ':' || !is_port(rest + 1)))
		return -1;
	*had_port = *rest == ':';
	len = (size_t)(end - name);
	if (len && name[len - 1] == '.' && !bracketed)
		len--;
	if (!len || len >= cap)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];

		if (bracketed ? !(is_name_byte(ch) || ch == ':') : !is_name_byte(ch))
			return -1;
		out[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	out[len] = '\0';
	if (bracketed) {
		struct in6_addr a;

		return inet_pton(AF_INET6, out, &a) == 1 ? 0 : -1;
	}
	return 0;
}

int host_allow_check(const char *name, struct err *e)
{
	char plain[NAME_MAX_BYTES];
	int had_port;

	if (host_name(name, plain, sizeof plain, &had_port))
		return err_set(e, DOSSIER_EUSAGE,
			       "--allow-host wants a host name or address (archive.example, "
			       "192.168.1.5, [fd00::5]), not '%s'", name);
	if (had_port)
		return err_set(e, DOSSIER_EUSAGE,
			       "--allow-host takes the name without a port (any port is accepted): '%s'",
			       name);
	return DOSSIER_OK;
}

/* ---- the rules ------------------------------------------------------------------------------ */

static int add_name(struct host_rules *r, const char *value)
{
	char plain[NAME_MAX_BYTES];
	int had_port;
	char **grown;

	if (host_name(value, plain, sizeof plain, &had_port))
		return DOSSIER_OK; /* not a name a Host could carry: nothing to add */
	grown = realloc(r->names, (r->n + 1) * sizeof *grown);
	if (!grown)
		return DOSSIER_ENOMEM;
	r->names = grown;
	r->names[r->n] = strdup(plain);
	if (!r->names[r->n])
		return DOSSIER_ENOMEM;
	r->n++;
	return DOSSIER_OK;
}

int host_rules_init(struct host_rules *r, const struct sockaddr *bound, const char *listen_host,
		    const char *const *allow, size_t n_allow, struct err *e)
{
	struct addr16 b;
	int rc;

	*r = (struct host_rules){ 0 };
	r->wildcard = addr16_from_sockaddr(bound, &b) && addr16_is_any(&b);
	rc = add_name(r, "localhost");
	if (!rc && listen_host && !addr16_from_literal(listen_host, &b))
		rc = add_name(r, listen_host);
	for (size_t i = 0; !rc && i < n_allow; i++)
		rc = add_name(r, allow[i]);
	if (!rc && r->wildcard) {
		char self[NAME_MAX_BYTES];

		if (!gethostname(self, sizeof self)) {
			self[sizeof self - 1] = '\0';
			rc = add_name(r, self);
		}
	}
	if (rc) {
		host_rules_release(r);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	return DOSSIER_OK;
}

void host_rules_release(struct host_rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	r->names = NULL;
	r->n = 0;
}

/* An address literal: the one the request reached, loopback over loopback, or an allowed one. */
static int literal_allowed(const struct host_rules *r, const struct addr16 *asked,
			   const struct sockaddr *local)
{
	struct addr16 here, listed;

	if (addr16_from_sockaddr(local, &here)) {
		if (addr16_same(asked, &here))
			return 1;
		if (addr16_is_loopback(&here) && addr16_is_loopback(asked))
			return 1;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (addr16_from_literal(r->names[i], &listed) && addr16_same(asked, &listed))
			return 1;
	}
	return 0;
}

int host_allowed(const struct host_rules *r, const char *value, const struct sockaddr *local)
{
	char name[NAME_MAX_BYTES];
	struct addr16 asked;
	int had_port;

	if (!value || host_name(value, name, sizeof name, &had_port))
		return 0;
	if (addr16_from_literal(name, &asked))
		return literal_allowed(r, &asked, local);
	for (size_t i = 0; i < r->n; i++) {
		if (!strcmp(name, r->names[i]))
			return 1;
	}
	return 0;
}
