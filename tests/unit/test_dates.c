/*
 * Unit tests for src/extract/dates.c: date expressions found and resolved
 * against a reference day.  Each case lists every date in a sentence as
 * "expression=resolution:precision" (d day, w week, m month, y year, with
 * "r" when the reference supplied something), so the byte offsets, the
 * resolution and the precision are all checked at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static void describe(const char *text, size_t len, const struct extract_date *v,
		     size_t n, char *out, size_t size)
{
	static const char prec[] = "dwmy";

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char when[EXTRACT_DATE_STR_MAX];
		size_t used = strlen(out);

		assert_true(v[i].start + v[i].len <= len);
		assert_true(v[i].len > 0);
		extract_date_format(&v[i], when, sizeof when);
		snprintf(out + used, size - used, "%.*s=%s:%c%s;", (int)v[i].len,
			 text + v[i].start, when, prec[v[i].precision],
			 v[i].relative ? "r" : "");
	}
}

/*
 * The dates of `text` read on ref (y-m-d; y 0 for unknown), against
 * `want`.  The text is copied to a buffer of exactly its length, so that a
 * read past `len` is an ASan error.
 */
static void check(int y, int m, int d, const char *text, const char *want)
{
	size_t len = strlen(text), n = 99;
	char *copy = malloc(len ? len : 1);
	struct extract_date *v = NULL;
	struct err e = { 0 };
	char got[2048];

	assert_non_null(copy);
	memcpy(copy, text, len);
	if (extract_dates(copy, len, y, m, d, &v, &n, &e) != DOSSIER_OK)
		fail_msg("'%s': %s", text, e.msg);
	describe(copy, len, v, n, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("in '%s' (ref %d-%d-%d):\n  expected '%s'\n  got      '%s'", text, y,
			 m, d, want, got);
	free(v);
	free(copy);
}

static void full_dates_with_spaces_and_ranges(void **state)
{
	(void)state;
	check(2024, 1, 20, "會談於2024年1月8日舉行。", "2024年1月8日=2024-01-08:d;");
	check(0, 0, 0, "2024 年 1 月 8 日至 9 日，對話在五角大廈舉行。",
	      "2024 年 1 月 8 日至 9 日=2024-01-08/2024-01-09:d;");
	check(2023, 5, 30, "論壇將於6月2日至4日舉行", "6月2日至4日=2023-06-02/2023-06-04:dr;");
	check(2024, 6, 2, "會期5月31日至6月2日。", "5月31日至6月2日=2024-05-31/2024-06-02:dr;");
	check(2024, 1, 5, "假期12月30日至1月2日",
	      "12月30日至1月2日=2023-12-30/2024-01-02:dr;");
	check(2024, 3, 1, "展覽3月2-4日開放", "3月2-4日=2024-03-02/2024-03-04:dr;");
	check(2024, 3, 1, "他8至9日訪台", "8至9日=2024-03-08/2024-03-09:dr;");
	check(0, 0, 0, "從2022年至2024年", "2022年至2024年=2022/2024:y;");
	check(0, 0, 0, "2018 年的 4 月 1 日愚人節，2019年的目標",
	      "2018 年的 4 月 1 日=2018-04-01:d;2019年=2019:y;");
	check(2023, 5, 1, "6月至8月是雨季", "6月至8月=2023-06/2023-08:mr;");
	check(2025, 7, 4, "6至7月積極努力", "6至7月=2025-06/2025-07:mr;");
	/* a range that goes backwards is two dates, not a range */
	check(2023, 6, 10, "6月9日到5日", "6月9日=2023-06-09:dr;5日=2023-06-05:dr;");
	check(2023, 6, 10, "從6月2日至今", "6月2日=2023-06-02:dr;");
}

static void weekday_with_bracketed_date(void **state)
{
	(void)state;
	check(2023, 5, 30, "《華爾街日報》週一（5月29日）報導",
	      "週一（5月29日）=2023-05-29:dr;");
	check(2024, 4, 26, "布林肯週五（4月26日）會晤王毅", "週五（4月26日）=2024-04-26:dr;");
	check(2024, 4, 26, "週四（25日），拜登簽署法案", "週四（25日）=2024-04-25:dr;");
	check(2021, 1, 20, "政府周二(19日)宣布", "周二(19日)=2021-01-19:dr;");
	check(2020, 4, 1, "特朗普周二（2020.03.31）表示", "周二（2020.03.31）=2020-03-31:d;");
	/* the date decides, even against the week */
	check(2023, 5, 30, "「香格里拉對話」本週末（6月2日至4日）將舉辦",
	      "本週末（6月2日至4日）=2023-06-02/2023-06-04:dr;");
	/* a date followed by its weekday */
	check(2023, 6, 1, "5月29日（週一）", "5月29日（週一）=2023-05-29:dr;");
}

static void bare_weekdays(void **state)
{
	(void)state;
	/* 2023-11-07 is a Tuesday: the nearest such day, three days at most
	 * either way */
	check(2023, 11, 7, "官員周一表示", "周一=2023-11-06:dr;");
	check(2023, 11, 7, "官員週二表示", "週二=2023-11-07:dr;");
	check(2023, 11, 7, "禮拜天開會", "禮拜天=2023-11-05:dr;");
	check(2023, 11, 7, "礼拜六开会", "礼拜六=2023-11-04:dr;");
	check(2023, 11, 7, "星期日", "星期日=2023-11-05:dr;");
	check(2023, 11, 7, "總統星期四出訪鄰國兩日", "星期四=2023-11-09:dr;");
	check(2023, 11, 7, "总理周五起访问邻国三天", "周五=2023-11-10:dr;");
	check(2023, 11, 7, "外長週三與對方會談", "週三=2023-11-08:dr;");
	/* a weekday listed after a day goes on from it */
	check(2019, 6, 17, "主席週四及週五國事訪問鄰國", "週四=2019-06-20:dr;週五=2019-06-21:dr;");
	check(2023, 11, 7, "週日、週一兩天", "週日=2023-11-05:dr;週一=2023-11-06:dr;");
	/* what was said on a weekday was said before the report */
	check(2023, 11, 7, "他星期五說", "星期五=2023-11-03:dr;");
	check(2023, 11, 7, "部長週四曾表示", "週四=2023-11-02:dr;");
	/* 將 points forward */
	check(2023, 11, 7, "他將於週五抵達", "週五=2023-11-10:dr;");
	check(2023, 11, 7, "他将周二抵达", "周二=2023-11-07:dr;");
	/* with 上/下/本: that week's day */
	check(2023, 11, 7, "上週五", "上週五=2023-11-03:dr;");
	check(2023, 11, 7, "下周一", "下周一=2023-11-13:dr;");
	check(2023, 11, 7, "本週日", "本週日=2023-11-12:dr;");
	/* counts and recurrences are no days, words with 周 no weeks */
	check(2023, 11, 7, "每周一開會，兩週一次，一周半，70周年", "");
	check(2023, 11, 7, "上周期、本周边、下周刊、週末", "週末=2023-11-11/2023-11-12:dr;");
	check(2023, 11, 7, "版本周二發布", "周二=2023-11-07:dr;");
	check(2023, 11, 7, "南方週末記者、周天子", "");
}

static void weeks_and_weekends(void **state)
{
	(void)state;
	check(2023, 11, 7, "美防长希望下周会见中国防长", "下周=2023-11-13/2023-11-19:wr;");
	check(2023, 11, 7, "奥斯汀本周将展开访问", "本周=2023-11-06/2023-11-12:wr;");
	check(2023, 5, 30, "拉特納上週在華盛頓表示", "上週=2023-05-22/2023-05-28:wr;");
	check(2023, 5, 30, "下週會談", "下週=2023-06-05/2023-06-11:wr;");
	check(2023, 5, 30, "上個星期", "上個星期=2023-05-22/2023-05-28:wr;");
	check(2023, 5, 30, "本週末將舉辦", "本週末=2023-06-03/2023-06-04:dr;");
	check(2023, 5, 30, "本周末举办", "本周末=2023-06-03/2023-06-04:dr;");
	check(2023, 5, 30, "上週末", "上週末=2023-05-27/2023-05-28:dr;");
	/* a Sunday reference belongs to the week that ends on it */
	check(2023, 6, 4, "本週", "本週=2023-05-29/2023-06-04:wr;");
}

static void day_words(void **state)
{
	(void)state;
	check(2024, 3, 1, "昨天", "昨天=2024-02-29:dr;");
	/* a name ending in a Han numeral, then Arabic digits: a date */
	check(2019, 11, 5, "首相安倍晋三4日与总统会谈", "4日=2019-11-04:dr;");
	/* a part of a day is that day */
	check(2024, 3, 1, "部長昨晚致電，今早再談，明晚見面",
	      "昨晚=2024-02-29:dr;今早=2024-03-01:dr;明晚=2024-03-02:dr;");
	check(2024, 3, 1, "昨日、今天、今日、明天、前天、後天、后天",
	      "昨日=2024-02-29:dr;今天=2024-03-01:dr;今日=2024-03-01:dr;"
	      "明天=2024-03-02:dr;前天=2024-02-28:dr;後天=2024-03-03:dr;"
	      "后天=2024-03-03:dr;");
	/* 當天 is the day just named, else the reference */
	check(2024, 3, 10, "2月5日他抵達，當天即會見總統", "2月5日=2024-02-05:dr;當天=2024-02-05:dr;");
	check(2024, 3, 10, "当天", "当天=2024-03-10:dr;");
	check(2024, 3, 10, "2月5日抵達，同日離開", "2月5日=2024-02-05:dr;同日=2024-02-05:dr;");
	/* words that only end in these */
	check(2024, 3, 10, "目前天氣很好，說明天然氣，相當天真，通過後天努力", "");
}

static void month_words(void **state)
{
	(void)state;
	check(2023, 5, 30, "《金融時報》本月稍早曾報導", "本月稍早=2023-05:mr;");
	check(2023, 5, 30, "本月初", "本月初=2023-05-01/2023-05-10:dr;");
	check(2023, 5, 30, "上月", "上月=2023-04:mr;");
	check(2023, 1, 30, "上個月、上个月", "上個月=2022-12:mr;上个月=2022-12:mr;");
	check(2023, 12, 3, "下月", "下月=2024-01:mr;");
	check(2023, 10, 6, "下個月將在舊金山會晤", "下個月=2023-11:mr;");
	check(2023, 10, 6, "本月15日", "本月15日=2023-10-15:dr;");
	check(2023, 2, 6, "月底前完成", "月底=2023-02-21/2023-02-28:dr;");
	check(2023, 2, 6, "上月底", "上月底=2023-01-21/2023-01-31:dr;");
	check(2024, 1, 20, "1月中旬、2月上旬、2月下旬",
	      "1月中旬=2024-01-11/2024-01-20:dr;2月上旬=2024-02-01/2024-02-10:dr;"
	      "2月下旬=2024-02-21/2024-02-29:dr;");
	check(2023, 11, 7, "李尚福已於10月底被免職", "10月底=2023-10-21/2023-10-31:dr;");
	check(2023, 5, 30, "美方5月初所提的邀請", "5月初=2023-05-01/2023-05-10:dr;");
	/* durations, and 本 ending other words */
	check(2023, 5, 30, "18個月來、3个月、16 個月以來", "");
	check(2023, 5, 30, "日本月球探測器、成本月增", "");
}

static void year_words(void **state)
{
	(void)state;
	check(2023, 5, 30, "自今年2月的氣球事件", "今年2月=2023-02:mr;");
	check(2024, 4, 26, "在去年11月的舊金山", "去年11月=2023-11:mr;");
	check(2023, 10, 6, "去年11月14日", "去年11月14日=2022-11-14:dr;");
	check(2023, 10, 6, "明年、前年、今年", "明年=2024:yr;前年=2021:yr;今年=2023:yr;");
	check(2023, 10, 6, "今年底、去年初", "今年底=2023-11/2023-12:mr;去年初=2022-01/2022-02:mr;");
	/* the year word, then 年 again with its part */
	check(2023, 10, 6, "今年年初、去年年底、明年年中",
	      "今年年初=2023-01/2023-02:mr;去年年底=2022-11/2022-12:mr;明年=2024:yr;");
	check(2023, 10, 6, "年底前", "年底=2023-11/2023-12:mr;");
	check(2023, 10, 6, "前些年底，年初二", "");
	check(2015, 3, 10, "2014年3月退休，同年9月出任", "2014年3月=2014-03:m;同年9月=2014-09:mr;");
	check(0, 0, 0, "2005年第一季度、2005年第四季",
	      "2005年第一季度=2005-01/2005-03:m;2005年第四季=2005-10/2005-12:m;");
	check(2015, 3, 10, "同年齡", "");
	check(0, 0, 0, "2023 年夏天、2021 年秋季、2022年冬天",
	      "2023 年夏天=2023-06/2023-08:m;2021 年秋季=2021-09/2021-11:m;"
	      "2022年冬天=2022-12/2023-02:m;");
	/* not year words: 目前|年輕, 說明|年 */
	check(2023, 10, 6, "目前年輕人說明年度", "");
	check(2023, 10, 6, "一年多來，近三年，五十年", "");
}

static void numeric_dates(void **state)
{
	(void)state;
	/* RFI writes day/month/year */
	check(0, 0, 0, "07/11/2023 - 12:35", "07/11/2023=2023-11-07:d;");
	check(0, 0, 0, "2023-11-07", "2023-11-07=2023-11-07:d;");
	check(0, 0, 0, "2023.11.07、2023/1/8", "2023.11.07=2023-11-07:d;2023/1/8=2023-01-08:d;");
	check(0, 0, 0, "25/12/2023", "25/12/2023=2023-12-25:d;");
	/* month first only when the day forces it */
	check(0, 0, 0, "11/27/2023", "11/27/2023=2023-11-27:d;");
	check(0, 0, 0, "31/31/2023, 2023-13-01, 2023-11-07-5, 1.2.3.4", "");
	check(0, 0, 0, "電話 886-2-23654366，12:35", "");
}

static void chinese_numerals_and_full_width(void **state)
{
	(void)state;
	check(2023, 10, 6, "十一月", "十一月=2023-11:mr;");
	check(0, 0, 0, "二〇二四年", "二〇二四年=2024:y;");
	check(2023, 12, 1, "十二月三十一日", "十二月三十一日=2023-12-31:dr;");
	check(0, 0, 0, "二〇二三年十二月二十一日", "二〇二三年十二月二十一日=2023-12-21:d;");
	check(2023, 12, 1, "他三日抵達", "三日=2023-12-03:dr;");
	check(0, 0, 0, "２０２４年", "２０２４年=2024:y;");
	check(2024, 1, 1, "１２月３１日", "１２月３１日=2023-12-31:dr;");
	/* counts of days in numerals */
	check(2023, 12, 1, "三日內完成，五日遊，有一日，5日來，3日以內，10日元", "");
	check(2020, 4, 1, "3 月 19 日以来", "3 月 19 日=2020-03-19:dr;");
	check(2023, 12, 1, "十二月一日", "十二月一日=2023-12-01:dr;");
}

static void roc_years(void **state)
{
	(void)state;
	check(0, 0, 0, "民國112年", "民國112年=2023:y;");
	check(0, 0, 0, "民国112年3月", "民国112年3月=2023-03:m;");
	check(0, 0, 0, "113年1月8日", "113年1月8日=2024-01-08:d;");
	check(2024, 5, 1, "113年預算", "113年=2024:y;");
	/* without a month or a reference near it, 113年 is a span of years */
	check(0, 0, 0, "113年", "");
	check(2024, 5, 1, "100年來", "");
}

static void inferred_years(void **state)
{
	(void)state;
	check(2024, 6, 2, "5月31日", "5月31日=2024-05-31:dr;");
	/* a January text's December is last December */
	check(2024, 1, 10, "12月", "12月=2023-12:mr;");
	check(2024, 1, 10, "2月", "2月=2024-02:mr;");
	/* nine months back to two ahead */
	check(2024, 1, 15, "7月", "7月=2023-07:mr;");
	check(2023, 12, 10, "3月、2月、1月", "3月=2023-03:mr;2月=2024-02:mr;1月=2024-01:mr;");
	check(2023, 10, 6, "下月11月，去年的12月", "下月=2023-11:mr;11月=2023-11:mr;去年的12月=2022-12:mr;");
	check(2023, 11, 7, "印尼定于11月15日主办会议，并于16日主办扩大会",
	      "11月15日=2023-11-15:dr;16日=2023-11-16:dr;");
	/* a bare day: nearest month; 30日 early in November is October's */
	check(2023, 11, 2, "30日", "30日=2023-10-30:dr;");
	check(2023, 11, 7, "6日告訴記者", "6日=2023-11-06:dr;");
	check(2023, 2, 10, "2月29日", "");
	/* without a reference nothing is guessed */
	check(0, 0, 0, "5月31日、昨天、上週、今年", "");
}

static void no_dates(void **state)
{
	(void)state;
	check(2023, 11, 7,
	      "64億美元、75分鐘、第3頁、5G、12小時、G20、第55届、2+2、"
	      "10个成员国、5個半小時、下午4時、3.5日、第 3 日", "");
	check(2023, 11, 7, "", "");
}

static void calls_and_format(void **state)
{
	struct extract_date *v = (void *)1, d = { 0 };
	size_t n = 7;
	struct err e = { 0 };
	char out[EXTRACT_DATE_STR_MAX];

	(void)state;
	assert_int_equal(extract_dates("x", 1, 2023, 2, 30, &v, &n, &e), DOSSIER_EUSAGE);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(extract_dates(NULL, 3, 0, 0, 0, &v, &n, &e), DOSSIER_EUSAGE);
	assert_int_equal(extract_dates(NULL, 0, 0, 0, 0, &v, &n, NULL), DOSSIER_OK);
	assert_null(v);
	/* text cut in the middle of a character and of a date */
	assert_int_equal(extract_dates("2024年1月8日", 10, 2024, 1, 9, &v, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 1); /* 2024年, then half a 月 */
	assert_int_equal(v[0].len, 7);
	assert_int_equal(v[0].precision, EXTRACT_DATE_YEAR);
	free(v);
	assert_int_equal(extract_dates("2024年1月8日", 12, 2024, 1, 9, &v, &n, &e), DOSSIER_OK);
	assert_int_equal(n, 1); /* 2024年1月, then an 8 without 日 */
	assert_int_equal(v[0].len, 11);
	assert_int_equal(v[0].precision, EXTRACT_DATE_MONTH);
	free(v);

	d.year = 2024;
	d.month = 1;
	d.precision = EXTRACT_DATE_MONTH;
	assert_int_equal(extract_date_format(&d, out, sizeof out), 7);
	assert_string_equal(out, "2024-01");
	d.precision = EXTRACT_DATE_YEAR;
	extract_date_format(&d, out, sizeof out);
	assert_string_equal(out, "2024");
	d.precision = EXTRACT_DATE_DAY;
	d.day = 8;
	d.end_year = 2024;
	d.end_month = 1;
	d.end_day = 9;
	assert_int_equal(extract_date_format(&d, out, sizeof out), 21);
	assert_string_equal(out, "2024-01-08/2024-01-09");
	assert_int_equal(extract_date_format(&d, out, 5), 4);
	assert_string_equal(out, "2024");
	assert_int_equal(extract_date_format(&d, out, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_dates_with_spaces_and_ranges),
		cmocka_unit_test(weekday_with_bracketed_date),
		cmocka_unit_test(bare_weekdays),
		cmocka_unit_test(weeks_and_weekends),
		cmocka_unit_test(day_words),
		cmocka_unit_test(month_words),
		cmocka_unit_test(year_words),
		cmocka_unit_test(numeric_dates),
		cmocka_unit_test(chinese_numerals_and_full_width),
		cmocka_unit_test(roc_years),
		cmocka_unit_test(inferred_years),
		cmocka_unit_test(no_dates),
		cmocka_unit_test(calls_and_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
