/*
 * libFuzzer target for the Host rules of `dossier serve` (src/server/host.c):
 * any bytes as a Host value, for a server on 127.0.0.1 with two names
 * given by --allow-host, and as an --allow-host value itself.  No crash,
 * no read past the value, and no name answered that is not the server's:
 * an accepted value starts with localhost, an allowed name, a digit (an
 * IPv4 address) or '[' (an IPv6 one).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const allowed[] = { "archive.example", "[fd00::5]" };

static int plausible(const char *value)
{
	return !strncasecmp(value, "localhost", 9) || !strncasecmp(value, "archive.example", 15) ||
	       (value[0] >= '0' && value[0] <= '9') || value[0] == '[';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct host_rules rules;
	static int ready;
	struct sockaddr_in local = { .sin_family = AF_INET };
	char *value = malloc(size + 1);

	if (!value)
		return 0;
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!ready) {
		if (host_rules_init(&rules, (const struct sockaddr *)&local, "127.0.0.1", allowed, 2,
				    NULL))
			abort();
		ready = 1;
	}
	memcpy(value, data, size);
	value[size] = '\0';
	if (host_allowed(&rules, value, (const struct sockaddr *)&local) && !plausible(value))
		abort();
	(void)host_allowed(&rules, value, NULL);
	(void)host_allow_check(value, NULL);
	free(value);
	return 0;
}
