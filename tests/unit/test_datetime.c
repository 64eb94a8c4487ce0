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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso8601_forms),
		cmocka_unit_test(iso8601_rejects),
		cmocka_unit_test(rfc822_forms),
		cmocka_unit_test(slashed_dates_checked_against_fetch_time),
		cmocka_unit_test(local_times_follow_zone_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
