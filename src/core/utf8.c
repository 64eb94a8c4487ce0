#include "core/utf8.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"

static int continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

int32_t utf8_next(const char *s, size_t len, size_t *pos)
{
	const unsigned char *p = (const unsigned char *)s + *pos;
	size_t left, need;
	uint32_t cp, min;

	if (*pos >= len)
		return -1;
	left = len - *pos;
	if (p[0] < 0x80) {
		*pos += 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		need = 2; cp = p[0] & 0x1F; min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		need = 3; cp = p[0] & 0x0F; min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		need = 4; cp = p[0] & 0x07; min = 0x10000;
	} else {
		*pos += 1;
		return -1;
	}
	/* A lead byte and the continuation bytes that follow it, cut short by
	 * the end or by another byte, are one malformed sequence (Unicode's
	 * "maximal subpart"), so a download cut mid-character costs one U+FFFD. */
	for (size_t i = 1; i < need; i++) {
		if (i >= left || !continuation(p[i])) {
			*pos += i;
			return -1;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*pos += 1;
		return -1;
	}
	*pos += need;
	return (int32_t)cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int utf8_add(struct buf *b, uint32_t cp)
{
	char tmp[4];
	size_t n = utf8_encode(cp, tmp);

	if (!n)
		n = utf8_encode(UTF8_REPLACEMENT, tmp);
	return buf_add(b, tmp, n);
}

size_t utf8_count_invalid(const char *s, size_t len, size_t *first_bad)
{
	size_t pos = 0, bad = 0;

	if (first_bad)
		*first_bad = len;
	while (pos < len) {
		size_t at = pos;

		if (utf8_next(s, len, &pos) < 0) {
			if (!bad && first_bad)
				*first_bad = at;
			bad++;
		}
	}
	return bad;
}

int utf8_repair(struct buf *b, const char *s, size_t len, size_t *replaced)
{
	size_t pos = 0, run = 0, n = 0;
	int rc = DOSSIER_OK;

	/* Copy valid runs in one go; only malformed bytes are touched. */
	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (cp > 0)
			continue;
		rc = buf_add(b, s + run, at - run);
		if (!rc && cp < 0) {
			rc = utf8_add(b, UTF8_REPLACEMENT);
			n++;
		}
		run = pos;
	}
	if (!rc)
		rc = buf_add(b, s + run, len - run);
	if (replaced)
		*replaced = n;
	return rc;
}

int utf8_is_space(int32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200B;
	}
}

size_t utf8_skip_space(const char *s, size_t len, size_t pos)
{
	while (pos < len) {
		size_t next = pos;

		if (!utf8_is_space(utf8_next(s, len, &next)))
			break;
		pos = next;
	}
	return pos;
}

size_t utf8_trim_space_end(const char *s, size_t len)
{
	size_t end = len;

	while (end > 0) {
		size_t start = utf8_boundary_before(s, len, end - 1);
		size_t p = start;

		if (!utf8_is_space(utf8_next(s, len, &p)) || p != end)
			break;
		end = start;
	}
	return end;
}

size_t utf8_boundary_before(const char *s, size_t len, size_t pos)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t back = 0;

	if (pos >= len)
		return len;
	/* A lead byte is at most 3 bytes back; check it really spans `pos`. */
	while (back < 3 && pos - back > 0 && continuation(p[pos - back]))
		back++;
	if (continuation(p[pos - back]))
		return pos;
	{
		size_t q = pos - back;

		if (utf8_next(s, len, &q) >= 0 && q > pos)
			return pos - back;
	}
	return pos;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t pos = 0, n = 0;

	while (pos < len) {
		utf8_next(s, len, &pos);
		n++;
	}
	return n;
}

size_t utf8_trim_incomplete(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t back = 0, need;

	while (back < 3 && back < len && continuation(p[len - 1 - back]))
		back++;
	if (back == len)
		return len;
	{
		unsigned char lead = p[len - 1 - back];

		need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	}
	return need > back + 1 ? len - 1 - back : len;
}

static int is_wide(int32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t utf8_display_width(const char *s, size_t len)
{
	size_t pos = 0, width = 0;

	while (pos < len) {
		int32_t cp = utf8_next(s, len, &pos);

		if (cp >= 0x300 && cp <= 0x36F)
			continue;
		width += is_wide(cp) ? 2 : 1;
	}
	return width;
}

int ascii_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int ascii_starts_ci(const char *s, size_t len, const char *lower)
{
	size_t n = strlen(lower);

	if (n > len)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != lower[i])
			return 0;
	return 1;
}

size_t ascii_find_ci(const char *s, size_t len, const char *lower)
{
	size_t n = strlen(lower);

	for (size_t i = 0; i + n <= len; i++)
		if (ascii_starts_ci(s + i, len - i, lower))
			return i;
	return len;
}
