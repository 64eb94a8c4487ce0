/*
 * Query parameters: read, checked and turned into values, with a 400 that
 * names the parameter and what it wants when one is wrong.  Nothing is
 * clamped silently: a client asking for 10,000 hits learns the limit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "server/server_int.h"

unsigned api_fail(struct api_call *c, unsigned status, const char *code, const char *fmt, ...)
{
	va_list ap;

	c->code = code;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof c->message, fmt, ap);
	va_end(ap);
	return status;
}

const char *param_get(struct api_call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

unsigned param_int(struct api_call *c, const char *name, int64_t dflt, int64_t min,
		   int64_t max, int64_t *out)
{
	const char *v = param_get(c, name);
	char *end;
	long long n;

	*out = dflt;
	if (!v)
		return 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < min || n > max)
		return api_fail(c, 400, "bad_request", "%s must be a whole number from %lld to %lld",
				name, (long long)min, (long long)max);
	*out = n;
	return 0;
}

unsigned param_flag(struct api_call *c, const char *name, int *out)
{
	const char *v = param_get(c, name);

	*out = 0;
	if (!v)
		return 0;
	if (!*v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
		return 0;
	return api_fail(c, 400, "bad_request", "%s must be 1 or 0", name);
}

unsigned param_period(struct api_call *c, const char *name, int end, int64_t *out)
{
	const char *v = param_get(c, name);

	if (!v || !*v)
		return 0;
	if (datetime_parse_period(v, end, out))
		return api_fail(c, 400, "bad_request", "%s wants a date as YYYY-MM-DD, YYYY-MM or YYYY",
				name);
	return 0;
}

struct collected {
	const char *name;
	const char **values;
	size_t n, max;
};

static enum MHD_Result collect_value(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct collected *c = cls;

	(void)kind;
	if (key && value && !strcmp(key, c->name) && c->n < c->max)
		c->values[c->n++] = value;
	return MHD_YES;
}

size_t param_all(struct api_call *c, const char *name, const char **values, size_t max)
{
	struct collected col = { name, values, 0, max };

	MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, collect_value, &col);
	return col.n;
}
