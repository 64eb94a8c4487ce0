/*
 * Calendar spans: the ISO values of gold files and the dates extraction
 * found, as first and last day, so that "inside" and "overlapping" are
 * comparisons of numbers.
 */
#include <string.h>

#include "core/datetime.h"
#include "eval/eval_int.h"
#include "extract/extract.h"

static long day_number(int y, int m, int d)
{
	return (long)datetime_days_from_civil(y, m, d);
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Sets first..last for y[-m[-d]] at `precision` (0 day, 2 month, 3 year). */
static void span_set(struct eval_span *s, int y, int m, int d, int precision)
{
	s->precision = precision;
	s->range = 0;
	if (precision == 3) {
		s->first = day_number(y, 1, 1);
		s->last = day_number(y, 12, 31);
	} else if (precision == 2) {
		s->first = day_number(y, m, 1);
		s->last = day_number(y, m, month_days(y, m));
	} else {
		s->first = s->last = day_number(y, m, d);
	}
}

/* One ISO date of s[0..len): YYYY, YYYY-MM or YYYY-MM-DD. */
static int parse_one(const char *s, size_t len, struct eval_span *out)
{
	int v[3] = { 0, 0, 0 }, n = 0;
	size_t i = 0;

	while (n < 3) {
		size_t digits = 0;
		int want = n ? 2 : 4;

		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v[n] = v[n] * 10 + (s[i++] - '0');
			digits++;
		}
		if ((int)digits != want)
			return -1;
		n++;
		if (i == len)
			break;
		if (s[i++] != '-')
			return -1;
	}
	if (i != len || v[0] < 1 || (n > 1 && (v[1] < 1 || v[1] > 12)) ||
	    (n > 2 && (v[2] < 1 || v[2] > month_days(v[0], v[1]))))
		return -1;
	span_set(out, v[0], v[1], v[2], n == 3 ? 0 : n == 2 ? 2 : 3);
	return 0;
}

int eval_span_parse(const char *s, struct eval_span *out)
{
	const char *slash = strchr(s, '/');
	struct eval_span end;

	if (!slash)
		return parse_one(s, strlen(s), out);
	if (parse_one(s, (size_t)(slash - s), out) || parse_one(slash + 1, strlen(slash + 1), &end) ||
	    end.precision != out->precision || end.last < out->first)
		return -1;
	out->last = end.last;
	out->range = 1;
	return 0;
}

const char *eval_span_class(const struct eval_span *s)
{
	/* 1970-01-01 was a Thursday: day number 4 is a Monday */
	if (s->range && s->precision == 0 && s->last - s->first == 6 &&
	    ((s->first - 4) % 7 + 7) % 7 == 0)
		return "week";
	if (s->range)
		return "range";
	return s->precision == 3 ? "year" : s->precision == 2 ? "month" : "day";
}

/* An extracted date as ISO (into out, EXTRACT_DATE_STR_MAX bytes); "-" when none. */
void eval_format_when(const struct doc_day_span *w, char *out)
{
	struct extract_date d = {
		.year = w->year, .month = w->month, .day = w->day,
		.end_year = w->end_year, .end_month = w->end_month, .end_day = w->end_day,
		.precision = (enum extract_date_precision)w->precision,
	};

	if (!w->year) {
		strcpy(out, "-");
		return;
	}
	extract_date_format(&d, out, EXTRACT_DATE_STR_MAX);
}
