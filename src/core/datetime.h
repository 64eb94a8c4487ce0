/*
 * datetime.h — parsing and printing the timestamps that documents carry.
 *
 * Every time inside Dossier is an int64 of milliseconds since the Unix
 * epoch, UTC.  Parsers accept surrounding white space, return
 * DOSSIER_EPARSE for anything else that does not match, and never read
 * past `len`.  Local times are turned into UTC with ICU's time-zone data,
 * so daylight saving is right for any year ICU knows.
 */
#ifndef DOSSIER_CORE_DATETIME_H
#define DOSSIER_CORE_DATETIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Days from 1970-01-01 to the proleptic Gregorian date y-m-d, and back
 * (exact for every year; no range checks).  The one calendar the dates,
 * the timeline and the evaluation count days with.
 */
int64_t datetime_days_from_civil(int64_t y, int month, int day);
void datetime_civil_from_days(int64_t z, int *y, int *m, int *d);

/* Days in month `m` (1..12) of year `y` (proleptic Gregorian). */
int datetime_month_days(int y, int m);

/* Milliseconds since the epoch for a UTC civil time (no range checks). */
int64_t datetime_from_utc(int year, int month, int day,
			  int hour, int min, int sec, int ms);

/*
 * Converts a wall-clock time in the IANA zone `tzid` ("Europe/Paris",
 * "Asia/Taipei") to UTC ms.  Fields are range-checked; a nonexistent local
 * time (spring-forward gap) resolves the way ICU's lenient calendar does.
 */
int datetime_from_local(int year, int month, int day, int hour, int min,
			int sec, const char *tzid, int64_t *out);

/*
 * ISO 8601 / RFC 3339: "2023-05-30", "2023-05-30T01:48:40Z",
 * "2023-05-30T01:48:40.040Z", "2023-05-30 01:48:40+08:00",
 * "2023-05-30T01:48:40+0800".  A time without a zone is read in
 * `default_tz` (an IANA id; NULL means UTC).
 */
int datetime_parse_iso8601(const char *s, size_t len, const char *default_tz,
			   int64_t *out);

/*
 * RFC 822 / RFC 2822 as feeds write it: "Tue, 07 Nov 2023 12:35:00 GMT",
 * "7 Nov 2023 12:35 +0800", named zones (GMT, UT, UTC, Z, EST, EDT, CST,
 * CDT, MST, MDT, PST, PDT), two-digit years, optional weekday and seconds.
 */
int datetime_parse_rfc822(const char *s, size_t len, int64_t *out);

/*
 * Any date form that feeds write, for <pubDate>, <dc:date>, Atom
 * <published>/<updated> and the like:
 *
 * - RFC 822 as datetime_parse_rfc822() reads it, also with the zone glued
 *   to the time ("06:15:55+0900"), "GMT+8" / "UTC+08:00", full month and
 *   weekday names, or no time at all ("31 Dec 2005");
 * - ISO 8601 as datetime_parse_iso8601() reads it, also with a named zone
 *   after it ("2020-04-06 16:10:17 GMT");
 * - year first with slashes or dots ("2005/05/28 16:05", "2005.5.28"),
 *   and the Chinese form "2005年5月28日 16:05" (optional 星期X, 上午/下午).
 *
 * A time without a zone is read in `default_tz` (an IANA id; NULL means
 * UTC) and *zone_assumed (may be NULL) is set to 1, else 0.  The named zone
 * "CST" means UTC-6 (US Central) unless `default_tz` is one of the UTC+8
 * zones of Chinese-language outlets (Asia/Shanghai, Asia/Taipei,
 * Asia/Hong_Kong, Asia/Macau, Asia/Singapore, Asia/Kuala_Lumpur), where it
 * is China Standard Time.  DOSSIER_EPARSE for anything else.
 */
int datetime_parse_feed(const char *s, size_t len, const char *default_tz,
			int64_t *out, int *zone_assumed);

/*
 * A numeric date with slashes and an optional time, "07/11/2023 - 12:35"
 * or "07/11/2023 12:35" or "07/11/2023", read in zone `tzid`.  The order
 * of day and month is ambiguous; both readings are tried and the one
 * consistent with `reference` (the time the text is known to have existed,
 * e.g. when it was fetched; DOC_TIME_NONE if unknown) wins: not after it
 * (allowing one hour of clock skew), and closest to it.  Without a
 * reference, day/month/year is preferred (the European and Chinese habit).
 */
int datetime_parse_slashed(const char *s, size_t len, const char *tzid,
			   int64_t reference, int64_t *out);

/*
 * Writes `ms` as "2023-05-30T01:48:40Z" (UTC, seconds) into `out`, which
 * must hold DATETIME_ISO_MAX bytes.  DOC_TIME_NONE, and times outside
 * the years 1..9999, give "".
 */
#define DATETIME_ISO_MAX 32
#define DATETIME_MIN_MS (-62135596800000LL) /* 0001-01-01T00:00:00Z */
#define DATETIME_MAX_MS 253402300799999LL   /* 9999-12-31T23:59:59.999Z */
void datetime_format_iso(int64_t ms, char *out);

/* Writes the UTC date "2023-05-30" of `ms` (DATETIME_ISO_MAX bytes). */
void datetime_format_date(int64_t ms, char *out);

/* Now, in ms since the epoch. */
int64_t datetime_now(void);

/* Nanoseconds of a clock that never goes back (CLOCK_MONOTONIC): for
 * measuring waits and deadlines, never for dates. */
int64_t datetime_monotonic_ns(void);

/*
 * Reads a period written YYYY, YYYY-MM or YYYY-MM-DD as its first (or,
 * with `end`, its last) millisecond, UTC: the bounds of --from / --to.
 * 0, or -1 when `s` is none of those forms.
 */
int datetime_parse_period(const char *s, int end, int64_t *out);

#endif
