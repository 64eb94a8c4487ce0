#include "core/datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "core/doc.h"
#include "core/err.h"

/* ---- civil-time arithmetic (proleptic Gregorian, no time zones) ---------- */

/* Howard Hinnant's days_from_civil and civil_from_days. */
int64_t datetime_days_from_civil(int64_t y, int month, int day)
{
	unsigned m = (unsigned)month, d = (unsigned)day;
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void datetime_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int datetime_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static int valid_fields(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	       d <= datetime_month_days(y, mo) && h >= 0 && h <= 23 && mi >= 0 &&
	       mi <= 59 && s >= 0 && s <= 60;
}

int64_t datetime_from_utc(int year, int month, int day, int hour, int min,
			  int sec, int ms)
{
	int64_t days = datetime_days_from_civil(year, month, day);

	return ((days * 24 + hour) * 60 + min) * 60000 + (int64_t)sec * 1000 + ms;
}

int datetime_from_local(int year, int month, int day, int hour, int min,
			int sec, const char *tzid, int64_t *out)
{
	UChar zone[64];
	UErrorCode status = U_ZERO_ERROR;
	UCalendar *cal;
	UDate when;

	if (!valid_fields(year, month, day, hour, min, sec))
		return DOSSIER_EPARSE;
	if (!tzid || !strcmp(tzid, "UTC")) {
		*out = datetime_from_utc(year, month, day, hour, min, sec, 0);
		return DOSSIER_OK;
	}
	u_uastrncpy(zone, tzid, (int32_t)(sizeof zone / sizeof zone[0]) - 1);
	zone[sizeof zone / sizeof zone[0] - 1] = 0;
	cal = ucal_open(zone, -1, "en_US_POSIX", UCAL_GREGORIAN, &status);
	if (U_FAILURE(status))
		return DOSSIER_EUSAGE;
	ucal_clear(cal);
	ucal_setDateTime(cal, year, month - 1, day, hour, min, sec, &status);
	when = ucal_getMillis(cal, &status);
	ucal_close(cal);
	if (U_FAILURE(status))
		return DOSSIER_EPARSE;
	*out = (int64_t)when;
	return DOSSIER_OK;
}

/* ---- a tiny scanner over s[pos..len) ------------------------------------- */

struct scan {
	const char *s;
	size_t len, pos;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' ||
				     sc->s[sc->pos] == '\r' || sc->s[sc->pos] == '\n'))
		sc->pos++;
}

/* Reads between `min` and `max` digits; returns -1 when fewer than `min`. */
static int scan_num(struct scan *sc, int min, int max)
{
	int n = 0, v = 0;

	while (sc->pos < sc->len && n < max && is_digit(sc->s[sc->pos])) {
		v = v * 10 + (sc->s[sc->pos++] - '0');
		n++;
	}
	return n >= min ? v : -1;
}

static int scan_char(struct scan *sc, char c)
{
	if (sc->pos < sc->len && sc->s[sc->pos] == c) {
		sc->pos++;
		return 1;
	}
	return 0;
}

static int at_end(struct scan *sc)
{
	skip_ws(sc);
	return sc->pos == sc->len;
}

/* "Z", "+08:00", "+0800", "-05" → offset in minutes; 1 when found. */
static int scan_zone_offset(struct scan *sc, int *minutes)
{
	int sign, h, m = 0;

	if (scan_char(sc, 'Z') || scan_char(sc, 'z')) {
		*minutes = 0;
		return 1;
	}
	if (sc->pos >= sc->len || (sc->s[sc->pos] != '+' && sc->s[sc->pos] != '-'))
		return 0;
	sign = sc->s[sc->pos++] == '-' ? -1 : 1;
	h = scan_num(sc, 2, 2);
	if (h < 0)
		return -1;
	scan_char(sc, ':');
	if (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
		m = scan_num(sc, 2, 2);
	if (m < 0 || h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 1;
}

/* ---- ISO 8601 ------------------------------------------------------------ */

int datetime_parse_iso8601(const char *s, size_t len, const char *default_tz,
			   int64_t *out)
{
	struct scan sc = { s, len, 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0, zoned;

	skip_ws(&sc);
	y = scan_num(&sc, 4, 4);
	if (y < 0 || !scan_char(&sc, '-'))
		return DOSSIER_EPARSE;
	mo = scan_num(&sc, 1, 2);
	if (mo < 0 || !scan_char(&sc, '-'))
		return DOSSIER_EPARSE;
	d = scan_num(&sc, 1, 2);
	if (d < 0)
		return DOSSIER_EPARSE;
	if (scan_char(&sc, 'T') || scan_char(&sc, 't') || scan_char(&sc, ' ')) {
		h = scan_num(&sc, 1, 2);
		if (h < 0 || !scan_char(&sc, ':'))
			return DOSSIER_EPARSE;
		mi = scan_num(&sc, 2, 2);
		if (mi < 0)
			return DOSSIER_EPARSE;
		if (scan_char(&sc, ':') && (sec = scan_num(&sc, 2, 2)) < 0)
			return DOSSIER_EPARSE;
		if (scan_char(&sc, '.') || scan_char(&sc, ',')) {
			int digits = 0;

			while (sc.pos < sc.len && is_digit(s[sc.pos])) {
				if (digits++ < 3)
					ms = ms * 10 + (s[sc.pos] - '0');
				sc.pos++;
			}
			if (!digits)
				return DOSSIER_EPARSE;
			while (digits++ < 3)
				ms *= 10;
		}
		skip_ws(&sc);
		zoned = scan_zone_offset(&sc, &off);
		if (zoned < 0)
			return DOSSIER_EPARSE;
	} else {
		zoned = 0;
	}
	if (!at_end(&sc) || !valid_fields(y, mo, d, h, mi, sec))
		return DOSSIER_EPARSE;
	if (zoned || !default_tz) {
		*out = datetime_from_utc(y, mo, d, h, mi, sec, ms) - (int64_t)off * 60000;
		return DOSSIER_OK;
	}
	if (datetime_from_local(y, mo, d, h, mi, sec, default_tz, out))
		return DOSSIER_EPARSE;
	*out += ms;
	return DOSSIER_OK;
}

/* ---- RFC 822 ------------------------------------------------------------- */

static int ascii_ieq(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static size_t scan_word(struct scan *sc)
{
	size_t start = sc->pos;

	while (sc->pos < sc->len && is_alpha(sc->s[sc->pos]))
		sc->pos++;
	return sc->pos - start;
}

static int month_from_name(const char *w, size_t n)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec" };

	if (n < 3)
		return -1;
	for (int i = 0; i < 12; i++) {
		if (ascii_ieq(w, 3, names[i]))
			return i + 1;
	}
	return -1;
}

static int zone_from_name(const char *w, size_t n, int *minutes)
{
	static const struct { const char *name; int minutes; } zones[] = {
		{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
		{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	};

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (ascii_ieq(w, n, zones[i].name)) {
			*minutes = zones[i].minutes;
			return 1;
		}
	}
	return 0;
}

int datetime_parse_rfc822(const char *s, size_t len, int64_t *out)
{
	struct scan sc = { s, len, 0 };
	int d, mo, y, h, mi, sec = 0, off = 0;
	size_t start, n;

	skip_ws(&sc);
	start = sc.pos;
	if (scan_word(&sc)) { /* optional weekday */
		scan_char(&sc, ',');
		skip_ws(&sc);
	} else {
		sc.pos = start;
	}
	d = scan_num(&sc, 1, 2);
	skip_ws(&sc);
	start = sc.pos;
	n = scan_word(&sc);
	mo = month_from_name(s + start, n);
	skip_ws(&sc);
	start = sc.pos;
	y = scan_num(&sc, 2, 4);
	if (d < 0 || mo < 0 || y < 0)
		return DOSSIER_EPARSE;
	if (sc.pos - start == 2)
		y += y < 50 ? 2000 : 1900;
	skip_ws(&sc);
	h = scan_num(&sc, 1, 2);
	if (h < 0 || !scan_char(&sc, ':') || (mi = scan_num(&sc, 2, 2)) < 0)
		return DOSSIER_EPARSE;
	if (scan_char(&sc, ':') && (sec = scan_num(&sc, 2, 2)) < 0)
		return DOSSIER_EPARSE;
	skip_ws(&sc);
	start = sc.pos;
	n = scan_word(&sc);
	if (n) {
		if (!zone_from_name(s + start, n, &off))
			return DOSSIER_EPARSE;
	} else if (scan_zone_offset(&sc, &off) < 0) {
		return DOSSIER_EPARSE;
	}
	if (!at_end(&sc) || !valid_fields(y, mo, d, h, mi, sec))
		return DOSSIER_EPARSE;
	*out = datetime_from_utc(y, mo, d, h, mi, sec, 0) - (int64_t)off * 60000;
	return DOSSIER_OK;
}

/* Skips one UTF-8 encoded character at s[*pos]; 0 at the end. */
static int utf8_next_simple(const char *s, size_t len, size_t *pos)
{
	unsigned char c;

	if (*pos >= len)
		return 0;
	c = (unsigned char)s[(*pos)++];
	if (c >= 0xC0)
		while (*pos < len && ((unsigned char)s[*pos] & 0xC0) == 0x80)
			(*pos)++;
	return 1;
}

/* ---- any form feeds write -------------------------------------------------- */

/* The zones of Chinese-language desks, all UTC+8. */
static int tz_is_china_time(const char *tz)
{
	static const char *const zones[] = {
		"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi",
		"Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau", "Asia/Singapore",
		"Asia/Kuala_Lumpur", "PRC", "ROC", NULL
	};

	for (const char *const *z = zones; tz && *z; z++)
		if (!strcmp(tz, *z))
			return 1;
	return 0;
}

/* Named zones beyond RFC 822's, as feeds write them. */
static int feed_zone_from_name(const char *w, size_t n, const char *default_tz,
			       int *minutes)
{
	static const struct { const char *name; int minutes; } zones[] = {
		{ "HKT", 480 }, { "SGT", 480 }, { "BJT", 480 }, { "CCT", 480 },
		{ "AWST", 480 }, { "JST", 540 }, { "KST", 540 }, { "WET", 0 },
		{ "WEST", 60 }, { "BST", 60 }, { "CET", 60 }, { "CEST", 120 },
		{ "MET", 60 }, { "MEST", 120 }, { "EET", 120 }, { "EEST", 180 },
		{ "MSK", 180 }, { "AEST", 600 }, { "AEDT", 660 }, { "HST", -600 },
		{ "AKST", -540 }, { "AKDT", -480 },
	};

	if (ascii_ieq(w, n, "CST") && tz_is_china_time(default_tz)) {
		*minutes = 480;
		return 1;
	}
	if (zone_from_name(w, n, minutes))
		return 1;
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (ascii_ieq(w, n, zones[i].name)) {
			*minutes = zones[i].minutes;
			return 1;
		}
	}
	return 0;
}

/* "+8", "+08", "+0800", "+08:00", "-5": 1 when found, -1 when malformed. */
static int scan_loose_offset(struct scan *sc, int *minutes)
{
	size_t start;
	int sign, h, m = 0, digits;

	if (sc->pos >= sc->len || (sc->s[sc->pos] != '+' && sc->s[sc->pos] != '-'))
		return 0;
	sign = sc->s[sc->pos++] == '-' ? -1 : 1;
	start = sc->pos;
	h = scan_num(sc, 1, 4);
	digits = (int)(sc->pos - start);
	if (h < 0)
		return -1;
	if (digits > 2) { /* hhmm or hmm */
		m = h % 100;
		h /= 100;
	} else if (scan_char(sc, ':') && (m = scan_num(sc, 2, 2)) < 0) {
		return -1;
	}
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 1;
}

/*
 * The zone after a time: a name (with an offset after GMT/UTC/UT), an
 * offset, or nothing (0).  A comment in parentheses after it is allowed.
 */
static int scan_feed_zone(struct scan *sc, const char *default_tz, int *minutes)
{
	size_t start;
	int found = 0, extra;

	skip_ws(sc);
	start = sc->pos;
	if (sc->pos < sc->len && is_alpha(sc->s[sc->pos])) {
		size_t n = scan_word(sc);

		if (!feed_zone_from_name(sc->s + start, n, default_tz, minutes))
			return -1;
		found = 1;
		if (*minutes == 0 && (extra = scan_loose_offset(sc, minutes)) < 0)
			return -1;
	} else if ((found = scan_loose_offset(sc, minutes)) < 0) {
		return -1;
	}
	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == '(') {
		while (sc->pos < sc->len && sc->s[sc->pos] != ')')
			sc->pos++;
		if (!scan_char(sc, ')'))
			return -1;
	}
	return found;
}

/* "16:05", "16:05:36", "16:05:36.250"; 0 when no time is there. */
static int scan_feed_time(struct scan *sc, int *h, int *mi, int *sec, int *ms)
{
	*h = *mi = *sec = *ms = 0;
	if (sc->pos >= sc->len || !is_digit(sc->s[sc->pos]))
		return 0;
	*h = scan_num(sc, 1, 2);
	if (!scan_char(sc, ':') || (*mi = scan_num(sc, 2, 2)) < 0)
		return -1;
	if (scan_char(sc, ':') && (*sec = scan_num(sc, 2, 2)) < 0)
		return -1;
	if (scan_char(sc, '.') || scan_char(sc, ',')) {
		int digits = 0;

		while (sc->pos < sc->len && is_digit(sc->s[sc->pos])) {
			if (digits++ < 3)
				*ms = *ms * 10 + (sc->s[sc->pos] - '0');
			sc->pos++;
		}
		if (!digits)
			return -1;
		while (digits++ < 3)
			*ms *= 10;
	}
	return 1;
}

static int scan_bytes(struct scan *sc, const char *what)
{
	size_t n = strlen(what);

	if (sc->len - sc->pos >= n && !memcmp(sc->s + sc->pos, what, n)) {
		sc->pos += n;
		return 1;
	}
	return 0;
}

/* Puts the fields together; `zoned` says whether `off` was given. */
static int feed_result(int y, int mo, int d, int h, int mi, int sec, int ms,
		       int zoned, int off, const char *default_tz, int64_t *out,
		       int *zone_assumed)
{
	if (sec == 60)
		sec = 59;
	if (!valid_fields(y, mo, d, h, mi, sec))
		return DOSSIER_EPARSE;
	if (zoned || !default_tz) {
		*out = datetime_from_utc(y, mo, d, h, mi, sec, ms) - (int64_t)off * 60000;
	} else {
		if (datetime_from_local(y, mo, d, h, mi, sec, default_tz, out))
			return DOSSIER_EPARSE;
		*out += ms;
	}
	if (zone_assumed)
		*zone_assumed = !zoned;
	return DOSSIER_OK;
}

/* RFC 822 and its relatives: "[Sat,] 31 Dec 2005 [06:15:55][ zone]". */
static int feed_rfc822(const char *s, size_t len, const char *default_tz,
		       int64_t *out, int *zone_assumed)
{
	struct scan sc = { s, len, 0 };
	int d, mo, y, h, mi, sec, ms, off = 0, zoned, timed;
	size_t start, n;

	skip_ws(&sc);
	start = sc.pos;
	if (scan_word(&sc)) { /* optional weekday */
		if (!scan_char(&sc, ','))
			scan_char(&sc, '.');
		skip_ws(&sc);
	} else {
		sc.pos = start;
	}
	d = scan_num(&sc, 1, 2);
	skip_ws(&sc);
	scan_char(&sc, '-');
	start = sc.pos;
	n = scan_word(&sc);
	mo = month_from_name(s + start, n);
	scan_char(&sc, '.');
	skip_ws(&sc);
	scan_char(&sc, '-');
	start = sc.pos;
	y = scan_num(&sc, 2, 4);
	if (d < 0 || mo < 0 || y < 0 || sc.pos - start == 3)
		return DOSSIER_EPARSE;
	if (sc.pos - start == 2)
		y += y < 50 ? 2000 : 1900;
	skip_ws(&sc);
	timed = scan_feed_time(&sc, &h, &mi, &sec, &ms);
	if (timed < 0)
		return DOSSIER_EPARSE;
	zoned = timed ? scan_feed_zone(&sc, default_tz, &off) : 0;
	if (zoned < 0 || !at_end(&sc))
		return DOSSIER_EPARSE;
	return feed_result(y, mo, d, h, mi, sec, ms, zoned, off, default_tz, out,
			   zone_assumed);
}

/* Year first: ISO 8601, "2005/05/28 16:05", "2005年5月28日 下午4:05". */
static int feed_ymd(const char *s, size_t len, const char *default_tz,
		    int64_t *out, int *zone_assumed)
{
	struct scan sc = { s, len, 0 };
	int y, mo, d, h, mi, sec, ms, off = 0, zoned = 0, timed, han, pm = 0;
	char sep;

	skip_ws(&sc);
	y = scan_num(&sc, 4, 4);
	if (y < 0 || sc.pos >= sc.len)
		return DOSSIER_EPARSE;
	sep = s[sc.pos];
	han = scan_bytes(&sc, "年");
	if (!han && sep != '-' && sep != '/' && sep != '.')
		return DOSSIER_EPARSE;
	if (!han)
		sc.pos++;
	skip_ws(&sc);
	mo = scan_num(&sc, 1, 2);
	if (mo < 0 || !(han ? scan_bytes(&sc, "月") : scan_char(&sc, sep)))
		return DOSSIER_EPARSE;
	skip_ws(&sc);
	d = scan_num(&sc, 1, 2);
	if (d < 0 || (han && !scan_bytes(&sc, "日") && !scan_bytes(&sc, "号")))
		return DOSSIER_EPARSE;
	if (!scan_char(&sc, 'T') && !scan_char(&sc, 't'))
		skip_ws(&sc);
	if (han) {
		if (scan_bytes(&sc, "星期") || scan_bytes(&sc, "周") ||
		    scan_bytes(&sc, "週")) {
			size_t p = sc.pos;

			if (utf8_next_simple(s, len, &p))
				sc.pos = p;
			skip_ws(&sc);
		}
		if (scan_bytes(&sc, "下午") || scan_bytes(&sc, "晚上"))
			pm = 1;
		else
			scan_bytes(&sc, "上午");
		skip_ws(&sc);
	}
	timed = scan_feed_time(&sc, &h, &mi, &sec, &ms);
	if (timed < 0)
		return DOSSIER_EPARSE;
	if (pm && h < 12)
		h += 12;
	if (timed && (zoned = scan_feed_zone(&sc, default_tz, &off)) < 0)
		return DOSSIER_EPARSE;
	if (!at_end(&sc))
		return DOSSIER_EPARSE;
	return feed_result(y, mo, d, h, mi, sec, ms, zoned, off, default_tz, out,
			   zone_assumed);
}

int datetime_parse_feed(const char *s, size_t len, const char *default_tz,
			int64_t *out, int *zone_assumed)
{
	if (feed_ymd(s, len, default_tz, out, zone_assumed) == DOSSIER_OK)
		return DOSSIER_OK;
	return feed_rfc822(s, len, default_tz, out, zone_assumed);
}

/* ---- slashed numeric dates ------------------------------------------------ */

#define HOUR_MS ((int64_t)3600 * 1000)

int datetime_parse_slashed(const char *s, size_t len, const char *tzid,
			   int64_t reference, int64_t *out)
{
	struct scan sc = { s, len, 0 };
	int a, b, y, h = 0, mi = 0, sec = 0;
	int64_t dmy, mdy;
	int dmy_ok, mdy_ok;

	skip_ws(&sc);
	a = scan_num(&sc, 1, 2);
	if (a < 0 || !scan_char(&sc, '/'))
		return DOSSIER_EPARSE;
	b = scan_num(&sc, 1, 2);
	if (b < 0 || !scan_char(&sc, '/'))
		return DOSSIER_EPARSE;
	y = scan_num(&sc, 4, 4);
	if (y < 0)
		return DOSSIER_EPARSE;
	skip_ws(&sc);
	if (scan_char(&sc, '-'))
		skip_ws(&sc);
	if (sc.pos < sc.len) {
		h = scan_num(&sc, 1, 2);
		if (h < 0 || !scan_char(&sc, ':') || (mi = scan_num(&sc, 2, 2)) < 0)
			return DOSSIER_EPARSE;
		if (scan_char(&sc, ':') && (sec = scan_num(&sc, 2, 2)) < 0)
			return DOSSIER_EPARSE;
	}
	if (!at_end(&sc))
		return DOSSIER_EPARSE;
	dmy_ok = !datetime_from_local(y, b, a, h, mi, sec, tzid, &dmy);
	mdy_ok = a != b && !datetime_from_local(y, a, b, h, mi, sec, tzid, &mdy);
	if (!dmy_ok && !mdy_ok)
		return DOSSIER_EPARSE;
	if (dmy_ok && mdy_ok && reference != DOC_TIME_NONE) {
		/* A text cannot have been published after it was fetched. */
		int dmy_fits = dmy <= reference + HOUR_MS;
		int mdy_fits = mdy <= reference + HOUR_MS;

		if (dmy_fits != mdy_fits)
			dmy_ok = dmy_fits;
		else if (dmy_fits)
			dmy_ok = reference - dmy <= reference - mdy;
	}
	*out = dmy_ok ? dmy : mdy;
	return DOSSIER_OK;
}

/* ---- printing ------------------------------------------------------------ */

void datetime_format_iso(int64_t ms, char *out)
{
	int64_t secs, days, rem;
	int y, m, d;

	/* Years 1..9999 only: what ISO 8601's four-digit form can say. */
	if (ms == DOC_TIME_NONE || ms < DATETIME_MIN_MS || ms > DATETIME_MAX_MS) {
		out[0] = '\0';
		return;
	}
	secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = secs - days * 86400;
	datetime_civil_from_days(days, &y, &m, &d);
	snprintf(out, DATETIME_ISO_MAX, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		 (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100,
		 (unsigned)(rem / 3600) % 100, (unsigned)(rem / 60 % 60),
		 (unsigned)(rem % 60));
}

void datetime_format_date(int64_t ms, char *out)
{
	datetime_format_iso(ms, out);
	if (out[0])
		out[10] = '\0';
}

int64_t datetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t datetime_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int datetime_parse_period(const char *s, int end, int64_t *out)
{
	int y = 0, m = 1, d = 1, n = 0, parts;
	char tail;

	parts = sscanf(s, "%4d-%2d-%2d%n%c", &y, &m, &d, &n, &tail);
	if (parts == 3 && !s[n]) {
		if (datetime_from_local(y, m, d, 0, 0, 0, "UTC", out))
			return -1;
		if (end)
			*out += 86400000 - 1;
		return 0;
	}
	d = 1;
	parts = sscanf(s, "%4d-%2d%n%c", &y, &m, &n, &tail);
	if (parts == 2 && !s[n] && strlen(s) == 7) {
		if (datetime_from_local(y, m, 1, 0, 0, 0, "UTC", out))
			return -1;
		if (end && datetime_from_local(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, 0,
					       0, 0, "UTC", out) == 0)
			*out -= 1;
		return 0;
	}
	parts = sscanf(s, "%4d%n%c", &y, &n, &tail);
	if (parts == 1 && !s[n] && strlen(s) == 4) {
		if (datetime_from_local(end ? y + 1 : y, 1, 1, 0, 0, 0, "UTC", out))
			return -1;
		if (end)
			*out -= 1;
		return 0;
	}
	return -1;
}
