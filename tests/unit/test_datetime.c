/* Unit tests for core/datetime: the timestamp forms documents carry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"

static void assert_iso(int64_t ms, const char *want)
{
	char got[DATETIME_ISO_MAX];

	datetime_format_iso(ms, got);
	assert_string_equal(got, want);
}

static int64_t iso(const char *s, const char *tz)
{
	int64_t ms = 0;

	assert_int_equal(datetime_parse_iso8601(s, strlen(s), tz, &ms), DOSSIER_OK);
	return ms;
}

static void iso8601_forms(void **state)
{
	(void)state;
	assert_true(iso("2023-05-30T01:48:40.040Z", NULL) == 1685411320040);
	assert_iso(iso("2023-05-30T01:48:40.040Z", NULL), "2023-05-30T01:48:40Z");
	assert_iso(iso(" 2024-04-26T16:25:56+08:00 ", NULL), "2024-04-26T08:25:56Z");
	assert_iso(iso("2024-04-26T16:25:56+0800", NULL), "2024-04-26T08:25:56Z");
	assert_iso(iso("2024-04-26", NULL), "2024-04-26T00:00:00Z");
	assert_iso(iso("2005-5-28 16:05:36", "Asia/Shanghai"), "2005-05-28T08:05:36Z");
	assert_iso(iso("2024-01-08T09:00", NULL), "2024-01-08T09:00:00Z");
}

static void iso8601_rejects(void **state)
{
	const char *bad[] = { "", "2023", "2023-13-01", "2023-02-30", "2023-05-30T25:00Z",
			      "2023-05-30T01:48:40Zjunk", "2023-05-30T01:48:40+99", "30-05-2023" };
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(datetime_parse_iso8601(bad[i], strlen(bad[i]), NULL, &ms),
				 DOSSIER_EPARSE);
	/* Never reads past len: the digits after the cut are not seen. */
	assert_int_equal(datetime_parse_iso8601("2023-05-301", 10, NULL, &ms), DOSSIER_OK);
	assert_iso(ms, "2023-05-30T00:00:00Z");
}

static void rfc822_forms(void **state)
{
	int64_t ms;
	const char *s;

	(void)state;
	s = "Tue, 07 Nov 2023 12:35:00 GMT";
	assert_int_equal(datetime_parse_rfc822(s, strlen(s), &ms), DOSSIER_OK);
	assert_iso(ms, "2023-11-07T12:35:00Z");
	s = "7 Nov 2023 12:35 +0800";
	assert_int_equal(datetime_parse_rfc822(s, strlen(s), &ms), DOSSIER_OK);
	assert_iso(ms, "2023-11-07T04:35:00Z");
	s = "Sat, 28 May 05 16:05:36 EDT";
	assert_int_equal(datetime_parse_rfc822(s, strlen(s), &ms), DOSSIER_OK);
	assert_iso(ms, "2005-05-28T20:05:36Z");
	s = "Sat, 28 Foo 2005 16:05:36 GMT";
	assert_int_equal(datetime_parse_rfc822(s, strlen(s), &ms), DOSSIER_EPARSE);
	s = "Sat, 28 May 2005 16:05:36 XYZ";
	assert_int_equal(datetime_parse_rfc822(s, strlen(s), &ms), DOSSIER_EPARSE);
}

static void slashed_dates_checked_against_fetch_time(void **state)
{
	int64_t ms;
	const char *s = "07/11/2023 - 12:35";

	(void)state;
	/* RFI seed: fetched 2023-11-07T12:15:02Z, so 7 November, Paris (UTC+1). */
	assert_int_equal(datetime_parse_slashed(s, strlen(s), "Europe/Paris",
						1699359302000, &ms), DOSSIER_OK);
	assert_iso(ms, "2023-11-07T11:35:00Z");
	/* Summer time in Paris is UTC+2. */
	s = "16/07/2024 - 08:12";
	assert_int_equal(datetime_parse_slashed(s, strlen(s), "Europe/Paris",
						DOC_TIME_NONE, &ms), DOSSIER_OK);
	assert_iso(ms, "2024-07-16T06:12:00Z");
	/* Only month/day/year is possible before the fetch: 11 July. */
	s = "07/11/2023 12:35";
	assert_int_equal(datetime_parse_slashed(s, strlen(s), "Europe/Paris",
						iso("2023-07-12T00:00:00Z", NULL), &ms),
			 DOSSIER_OK);
	assert_iso(ms, "2023-07-11T10:35:00Z");
	s = "31/02/2023";
	assert_int_equal(datetime_parse_slashed(s, strlen(s), "UTC", DOC_TIME_NONE, &ms),
			 DOSSIER_EPARSE);
}

static void local_times_follow_zone_rules(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(datetime_from_local(2023, 6, 1, 12, 0, 0, "Asia/Taipei", &ms), DOSSIER_OK);
	assert_iso(ms, "2023-06-01T04:00:00Z");
	assert_int_equal(datetime_from_local(2023, 2, 29, 0, 0, 0, "UTC", &ms), DOSSIER_EPARSE);
	char day[DATETIME_ISO_MAX];
	datetime_format_date(ms, day);
	datetime_format_date(1699359302000, day);
	assert_string_equal(day, "2023-11-07");
	assert_iso(DOC_TIME_NONE, "");
	assert_iso(-1000, "1969-12-31T23:59:59Z");
	assert_true(datetime_now() > 1700000000000);
}

/* datetime_parse_feed(): the result in ISO form and whether a zone was assumed. */
static void assert_feed(const char *s, const char *tz, const char *want, int assumed)
{
	int64_t ms = 0;
	int got_assumed = -1;

	assert_int_equal(datetime_parse_feed(s, strlen(s), tz, &ms, &got_assumed), DOSSIER_OK);
	assert_iso(ms, want);
	assert_int_equal(got_assumed, assumed);
}

static void feed_dates(void **state)
{
	const char *bad[] = { "", "yesterday", "Sat, 31 Foo 2005 06:15:55 GMT",
			      "2005-13-01 10:00", "31 Dec 2005 25:00 GMT",
			      "Sat, 31 Dec 2005 06:15:55 XYZ", "2005-05-28 16:05 junk",
			      "2005年5月 16:05", "Sat, 31 Dec 2005 06:15:55 +99" };
	int64_t ms;

	(void)state;
	/* RFC 822 with numeric and named zones, and the zone glued to the time. */
	assert_feed("Sat, 31 Dec 2005 06:15:55+0900", NULL, "2005-12-30T21:15:55Z", 0);
	assert_feed("Sat, 31 Dec 2005 06:15:55 +0900", NULL, "2005-12-30T21:15:55Z", 0);
	assert_feed("Mon, 16 Mar 2015 16:03:24 +0800", NULL, "2015-03-16T08:03:24Z", 0);
	assert_feed("Fri, 03 Apr 2020 04:02:23 GMT", "Asia/Shanghai", "2020-04-03T04:02:23Z", 0);
	assert_feed("Tue, 04 Jun 2024 09:30:00 EST", NULL, "2024-06-04T14:30:00Z", 0);
	assert_feed("Tue, 04 Jun 2024 09:30:00 GMT+8", NULL, "2024-06-04T01:30:00Z", 0);
	assert_feed("Tue, 04 Jun 2024 09:30:00 UTC+08:00", NULL, "2024-06-04T01:30:00Z", 0);
	assert_feed("Tue, 04 Jun 2024 09:30:00 +0800 (CST)", NULL, "2024-06-04T01:30:00Z", 0);
	assert_feed("Saturday, 1 June 2024 17:45", "Asia/Singapore", "2024-06-01T09:45:00Z", 1);
	assert_feed("1 Jun 2024", NULL, "2024-06-01T00:00:00Z", 1);
	/* CST: US Central by default, China Standard Time for a Chinese desk. */
	assert_feed("Fri, 31 May 2024 20:00:00 CST", NULL, "2024-06-01T02:00:00Z", 0);
	assert_feed("Fri, 31 May 2024 20:00:00 CST", "Asia/Taipei", "2024-05-31T12:00:00Z", 0);
	assert_feed("Sat, 31 Dec 2005 06:15:55", "Asia/Shanghai", "2005-12-30T22:15:55Z", 1);
	assert_feed("Sat, 31 Dec 2005 06:15:55", NULL, "2005-12-31T06:15:55Z", 1);
	/* ISO 8601 and the zone-less forms Chinese feeds write. */
	assert_feed("2024-05-31T08:00:00Z", "Asia/Shanghai", "2024-05-31T08:00:00Z", 0);
	assert_feed("2005-12-29T19:54:30+08:00", NULL, "2005-12-29T11:54:30Z", 0);
	assert_feed("2005-5-28 16:05:36", "Asia/Shanghai", "2005-05-28T08:05:36Z", 1);
	assert_feed("2005-5-28 16:05:36", NULL, "2005-05-28T16:05:36Z", 1);
	assert_feed("2020-04-06 16:10:17 GMT", "Asia/Shanghai", "2020-04-06T16:10:17Z", 0);
	assert_feed("2024/06/01 17:45", "Asia/Taipei", "2024-06-01T09:45:00Z", 1);
	assert_feed("2024.6.1", "Asia/Taipei", "2024-05-31T16:00:00Z", 1);
	assert_feed("2024年6月1日 17:45", "Asia/Shanghai", "2024-06-01T09:45:00Z", 1);
	assert_feed("2024年6月1日 星期六 下午5:45", "Asia/Hong_Kong", "2024-06-01T09:45:00Z", 1);
	assert_feed(" 2024-06-01T17:45:30.250+08:00 ", NULL, "2024-06-01T09:45:30Z", 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(datetime_parse_feed(bad[i], strlen(bad[i]), NULL, &ms, NULL),
				 DOSSIER_EPARSE);
	/* Never reads past len. */
	assert_int_equal(datetime_parse_feed("2024-06-01 17:45+0800", 16, NULL, &ms, NULL),
			 DOSSIER_OK);
	assert_iso(ms, "2024-06-01T17:45:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso8601_forms),
		cmocka_unit_test(iso8601_rejects),
		cmocka_unit_test(rfc822_forms),
		cmocka_unit_test(slashed_dates_checked_against_fetch_time),
		cmocka_unit_test(local_times_follow_zone_rules),
		cmocka_unit_test(feed_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
