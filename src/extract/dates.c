/*
 * Dates: every date expression in a text, resolved against the day the
 * text was published.  Chinese-language news writes dates every which
 * way — 2024 年 1 月 8 日至 9 日, 週五（4月26日）, 去年11月, 07/11/2023 —
 * and a timeline needs each of them as calendar days with a precision.
 *
 * The scan walks the text once; at each character it tries the forms in
 * turn (week words, month and day words, written dates, numeric dates)
 * and, on a match, goes on after it.  Nothing here allocates but the
 * result array.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/utf8.h"
#include "extract/extract.h"

/* Results per call: far beyond any article (a text of news has one date
 * in a hundred bytes or more); past it a text is not news, and the rest of
 * its dates are counted (extract_dates_counting) but not kept. */
#define DATES_MAX EXTRACT_DATES_MAX
#define SENTENCE_REACH 300          /* bytes a bare day looks back for its month */

struct scan {
	const char *s;
	size_t len;
	int ry, rm, rd; /* reference day; ry 0 when unknown */
	long rz;        /* its day number */
	struct extract_date *v;
	size_t n, cap;
	size_t dropped; /* past DATES_MAX */
	long last_day;  /* the day of the last single day found (for 當天), or -1 */
};

/* ---------------------------------------------------------------- calendar */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int valid_day(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= month_days(y, m);
}

/* Days since 1970-01-01 (core/datetime), as the scan counts them. */
static long day_number(int y, int m, int d)
{
	return (long)datetime_days_from_civil(y, m, d);
}

static void from_day_number(long z, int *y, int *m, int *d)
{
	datetime_civil_from_days(z, y, m, d);
}

/* 1 = Monday ... 7 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(long z)
{
	long w = (z + 3) % 7;

	return (int)(w < 0 ? w + 7 : w) + 1;
}

/* ------------------------------------------------------------------ text */

static int32_t cp_at(const struct scan *sc, size_t pos, size_t *next)
{
	size_t p = pos;
	int32_t cp = utf8_next(sc->s, sc->len, &p);

	if (next)
		*next = p;
	return cp;
}

/* The code point that ends just before `pos`, or -1 at the start. */
static int32_t cp_before(const struct scan *sc, size_t pos, size_t *start)
{
	size_t b;

	if (!pos)
		return -1;
	b = utf8_boundary_before(sc->s, pos, pos - 1);
	if (start)
		*start = b;
	{
		size_t p = b;

		return utf8_next(sc->s, pos, &p);
	}
}

static int eat(const struct scan *sc, size_t *pos, const char *lit)
{
	size_t n = strlen(lit);

	if (sc->len - *pos < n || memcmp(sc->s + *pos, lit, n))
		return 0;
	*pos += n;
	return 1;
}

/* Index + 1 of the first of `alts` (NULL-terminated) at *pos, else 0. */
static int eat_any(const struct scan *sc, size_t *pos, const char *const *alts)
{
	for (int i = 0; alts[i]; i++) {
		if (eat(sc, pos, alts[i]))
			return i + 1;
	}
	return 0;
}

static int in_set(int32_t cp, const char *set)
{
	size_t pos = 0, len = strlen(set);

	while (pos < len) {
		if (utf8_next(set, len, &pos) == cp)
			return 1;
	}
	return 0;
}

/* Spaces inside a line: PDF text puts them around numbers (2024 年 1 月). */
static int is_gap(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
	       cp == 0x2009 || cp == 0x202F;
}

static size_t skip_gap(const struct scan *sc, size_t pos)
{
	size_t next;

	while (pos < sc->len && is_gap(cp_at(sc, pos, &next)))
		pos = next;
	return pos;
}

static int arabic_digit(int32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (cp >= 0xFF10 && cp <= 0xFF19) /* full width */
		return cp - 0xFF10;
	return -1;
}

static int han_digit(int32_t cp)
{
	static const int32_t digits[10] = {
		0x3007 /* 〇 */, 0x4E00 /* 一 */, 0x4E8C /* 二 */, 0x4E09 /* 三 */,
		0x56DB /* 四 */, 0x4E94 /* 五 */, 0x516D /* 六 */, 0x4E03 /* 七 */,
		0x516B /* 八 */, 0x4E5D /* 九 */,
	};

	if (cp == 0x96F6 /* 零 */)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (digits[i] == cp)
			return i;
	}
	return -1;
}

/* 十 廿 卅 as tens. */
static int han_tens(int32_t cp)
{
	return cp == 0x5341 ? 10 : cp == 0x5EFF ? 20 : cp == 0x5345 ? 30 : 0;
}

static int is_numeral(int32_t cp)
{
	return arabic_digit(cp) >= 0 || han_digit(cp) >= 0 || han_tens(cp);
}

static int is_ascii_alnum(int32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Ends a sentence, so that a bare day does not borrow a month across it. */
static int ends_sentence(int32_t cp)
{
	return cp == '\n' || in_set(cp, "。！？!?；;");
}

/* ---------------------------------------------------------------- numbers */

struct num {
	int val;
	int digits; /* digits written (十一 counts two) */
	int han;    /* written in Chinese numerals */
	size_t end;
};

static int read_arabic(const struct scan *sc, size_t pos, struct num *nm)
{
	size_t next;
	int d;

	nm->val = nm->digits = nm->han = 0;
	while (pos < sc->len && (d = arabic_digit(cp_at(sc, pos, &next))) >= 0) {
		if (++nm->digits > 4)
			return 0; /* no date part has five digits */
		nm->val = nm->val * 10 + d;
		pos = next;
	}
	nm->end = pos;
	return nm->digits > 0;
}

/*
 * Chinese numerals: digit by digit for years (二〇二四), positional with
 * 十/廿/卅 for months and days (十一, 二十三, 卅一).
 */
static int read_han(const struct scan *sc, size_t pos, struct num *nm)
{
	int vals[6], n = 0, tens_at = -1;
	size_t next;

	nm->val = nm->digits = 0;
	nm->han = 1;
	while (pos < sc->len && n < 6) {
		int32_t cp = cp_at(sc, pos, &next);
		int d = han_digit(cp), t = han_tens(cp);

		if (d < 0 && !t)
			break;
		if (t) {
			if (tens_at >= 0)
				return 0;
			tens_at = n;
		}
		vals[n++] = t ? t : d;
		pos = next;
	}
	if (!n || n == 6)
		return 0;
	nm->end = pos;
	if (tens_at < 0) {
		if (n > 4)
			return 0;
		for (int i = 0; i < n; i++)
			nm->val = nm->val * 10 + vals[i];
		nm->digits = n;
		return 1;
	}
	/* [d]十[d], 廿[d], 卅[d] */
	if (n > 3 || tens_at > 1 || (tens_at == 1 && (vals[1] != 10 || vals[0] < 1)))
		return 0;
	if (tens_at == 1)
		nm->val = vals[0] * 10;
	else
		nm->val = vals[0];
	if (n == tens_at + 2) {
		if (vals[n - 1] < 1)
			return 0;
		nm->val += vals[n - 1];
	} else if (n != tens_at + 1) {
		return 0;
	}
	nm->digits = 2;
	return 1;
}

static int read_num(const struct scan *sc, size_t pos, struct num *nm)
{
	int32_t cp = cp_at(sc, pos, NULL);

	if (arabic_digit(cp) >= 0)
		return read_arabic(sc, pos, nm);
	if (han_digit(cp) >= 0 || han_tens(cp))
		return read_han(sc, pos, nm);
	return 0;
}

/*
 * May a number start at `pos`?  Not inside a longer number, a decimal, a
 * code (G20, 2+2), an ordinal (第3頁) or a quantity (每一月, 幾十年).
 */
static int num_can_start(const struct scan *sc, size_t pos)
{
	size_t at;
	int32_t b = cp_before(sc, pos, &at);

	if (b < 0)
		return 1;
	/* a number is written in one script: after a Han numeral ending a
	 * name (安倍晋三4日), Arabic digits start one of their own */
	if ((is_numeral(b) && !(arabic_digit(b) < 0 && arabic_digit(cp_at(sc, pos, NULL)) >= 0)) ||
	    is_ascii_alnum(b) || in_set(b, ".,:/-+－．第"))
		return 0;
	if (han_digit(cp_at(sc, pos, NULL)) >= 0 || han_tens(cp_at(sc, pos, NULL)))
		if (in_set(b, "每幾几數数某同這这那哪單单唯統统萬万千百億亿之分星週周拜"))
			return 0;
	while (is_gap(b) && at > 0)
		b = cp_before(sc, at, &at);
	return b != 0x7B2C; /* 第 */
}

/* ------------------------------------------------------------- results */

static int push(struct scan *sc, const struct extract_date *r)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		struct extract_date *v;

		if (sc->n >= DATES_MAX) {
			sc->dropped++;
			return DOSSIER_OK; /* enough: the rest is not news */
		}
		v = realloc(sc->v, cap * sizeof *v);
		if (!v)
			return DOSSIER_ENOMEM;
		sc->v = v;
		sc->cap = cap;
	}
	sc->v[sc->n++] = *r;
	if (r->precision == EXTRACT_DATE_DAY && !r->end_year)
		sc->last_day = day_number(r->year, r->month, r->day);
	return DOSSIER_OK;
}

static void set_day(struct extract_date *r, long z)
{
	from_day_number(z, &r->year, &r->month, &r->day);
	r->precision = EXTRACT_DATE_DAY;
}

static void set_day_range(struct extract_date *r, long z0, long z1)
{
	set_day(r, z0);
	if (z1 != z0)
		from_day_number(z1, &r->end_year, &r->end_month, &r->end_day);
}

static long date_z(int y, int m, int d)
{
	return day_number(y, m, d);
}

/*
 * The year of month `m` written without one: news looks back more than
 * ahead, so the month falls in the twelve from nine months before the
 * reference month to two after it (12月 in January is last December, 2月
 * in December next February, 3月 in December last March).  0 when day `d`
 * does not exist in that year (2月29日 read in 2023 is a mistake, not a
 * date of 2024).
 */
static int year_of_month(const struct scan *sc, int m, int d)
{
	int diff = m - sc->rm, y = sc->ry;

	if (diff > 2)
		y--;
	else if (diff < -9)
		y++;
	return !d || valid_day(y, m, d) ? y : 0;
}

/* 本 in 日本, 成本, 版本, 根本 is no "this" (日本月球探測, 成本月增). */
static int ben_ok(const struct scan *sc, size_t pos)
{
	if (cp_at(sc, pos, NULL) != 0x672C /* 本 */)
		return 1;
	return !in_set(cp_before(sc, pos, NULL),
		       "日基根成資资版劇剧課课樣样賬账文書书原範范腳脚藍蓝標标副讀读");
}

/* ------------------------------------------------------- written dates */

/* What a written date gives; 0 for what it leaves out. */
struct written {
	int year, month, day, day_end;
	int year_implied;           /* 今年, 去年, 同年: the year is not written */
	int m_lo, m_hi;             /* a part of the year (年初, 夏天), months */
	int d_lo, d_hi;             /* a part of the month (上旬, 月底), days; d_hi 99 = last */
	size_t end;
};

static const char *const year_words[] = { "今年", "本年", "去年", "明年", "前年",
					  "後年", "后年", NULL };
static const int year_word_off[] = { 0, 0, -1, 1, -2, 2, 2 };

/*
 * 前年, 後年, 明年 are also the ends of other words (目前|年輕, 說明|年度,
 * 然後|年) and 年 the start of 年輕, 年紀: rule those out.
 */
static int year_word_ok(const struct scan *sc, size_t pos, int which, size_t end)
{
	int32_t b = cp_before(sc, pos, NULL), a = cp_at(sc, end, NULL);

	if (in_set(a, "輕轻紀纪齡龄級级長长老邁迈"))
		return 0;
	if (is_numeral(b))
		return 0;
	switch (which) {
	case 5: /* 前年 */
		return !in_set(b, "目之以提此從从向面當当眼跟門门空事日月天週周年");
	case 4: /* 明年 */
		return !in_set(b, "說说表證证聲声發发闡阐澄標标簡简申指註注查透分光文英失");
	case 6: case 7: /* 後年 后年 */
		return !in_set(b, "然最之以此其落背前而隨随");
	default:
		return 1;
	}
}

/* 同年, 今年, 去年, ...: a year named by a word; 1 and *pos moved when read. */
static int read_year_word(const struct scan *sc, size_t *pos, struct written *w)
{
	size_t p = *pos;
	int which;

	if (eat(sc, &p, "同年")) {
		/* 同年9月: the year of the date named last */
		const struct extract_date *last = sc->n ? &sc->v[sc->n - 1] : NULL;

		if (!last || in_set(cp_at(sc, p, NULL), "齡龄紀纪級级"))
			return 0;
		w->year = last->end_year ? last->end_year : last->year;
	} else if ((which = eat_any(sc, &p, year_words))) {
		if (!sc->ry || !year_word_ok(sc, *pos, which, p) || !ben_ok(sc, *pos))
			return 0;
		w->year = sc->ry + year_word_off[which - 1];
	} else {
		return 0;
	}
	w->year_implied = 1;
	*pos = p;
	return 1;
}

/*
 * May "N年" without 民國 be an ROC year?  It cannot be Gregorian, so only
 * when it reads as one: before a month (113年1月, 94年12月30日), or three
 * digits within 20 years of the reference and not a span (113年預算, not
 * 100年來).  ROC years start at 38 (1949) for our purposes.
 */
static int bare_roc_ok(const struct scan *sc, const struct num *nm, size_t after_year)
{
	size_t r = skip_gap(sc, after_year);
	struct num mon;
	int before_month = 0, near_ref;

	if (nm->han || nm->val < 38 || nm->val > 199)
		return 0;
	if (read_num(sc, r, &mon)) {
		r = skip_gap(sc, mon.end);
		before_month = mon.val >= 1 && mon.val <= 12 && eat(sc, &r, "月");
	}
	near_ref = sc->ry && nm->digits == 3 && abs(1911 + nm->val - sc->ry) <= 20 &&
		   !in_set(cp_at(sc, after_year, NULL), "來来前後后間间內内多以半代");
	return before_month || near_ref;
}

/*
 * A year: 民國112年, 2024 年, 二〇二四年, 113年 (ROC, see bare_roc_ok),
 * or a year word (今年).  Fills w->year; returns 1 and moves *pos.
 */
static int read_year(const struct scan *sc, size_t *pos, struct written *w)
{
	size_t p = *pos, q;
	struct num nm;
	int roc;

	if (read_year_word(sc, pos, w))
		return 1;
	roc = eat(sc, &p, "民國") || eat(sc, &p, "民国");
	p = skip_gap(sc, p);
	if (!read_num(sc, p, &nm))
		return 0;
	q = skip_gap(sc, nm.end);
	if (!eat(sc, &q, "年"))
		return 0;
	if (roc) {
		if (nm.digits > 3 || nm.val < 1)
			return 0;
		w->year = 1911 + nm.val;
	} else if (nm.digits == 4) {
		if (nm.val < 1000 || nm.val > 2999)
			return 0;
		/* 1000年來: a round number of years, not a year */
		if (nm.val % 100 == 0 && in_set(cp_at(sc, q, NULL), "來来前後后間间"))
			return 0;
		w->year = nm.val;
	} else if (bare_roc_ok(sc, &nm, q)) {
		w->year = 1911 + nm.val;
	} else {
		return 0;
	}
	*pos = q;
	return 1;
}

static int range_connector(const struct scan *sc, size_t *pos)
{
	static const char *const conn[] = { "至", "到", "-", "–", "—", "~", "～", "－",
					    "〜", NULL };
	size_t p = skip_gap(sc, *pos);

	if (!eat_any(sc, &p, conn))
		return 0;
	*pos = skip_gap(sc, p);
	return 1;
}

/* 1-12 followed by 月 (and an optional 份), maybe as a compact range (6至7月). */
static int read_month(const struct scan *sc, size_t *pos, struct written *w)
{
	size_t p = skip_gap(sc, *pos), q;
	struct num nm, nm2;
	int end = 0;

	if (!read_num(sc, p, &nm) || nm.val < 1 || nm.val > 12 || nm.digits > 2)
		return 0;
	q = nm.end;
	if (range_connector(sc, &q) && read_num(sc, q, &nm2) && nm2.val > nm.val &&
	    nm2.val <= 12 && nm2.digits <= 2) {
		end = nm2.val;
		p = skip_gap(sc, nm2.end);
	} else {
		p = skip_gap(sc, nm.end);
	}
	if (!eat(sc, &p, "月"))
		return 0;
	eat(sc, &p, "份");
	w->month = nm.val;
	if (end) {
		w->m_lo = nm.val;
		w->m_hi = end;
	}
	*pos = p;
	return 1;
}

/*
 * Words after "N日" that make it a count of days (三日內, 5日遊, 5日來,
 * 3日以內) or yen (10日元); 3日以來 is "since the 3rd".
 */
static int day_count_after(const struct scan *sc, size_t pos, int han)
{
	size_t next;
	int32_t a = cp_at(sc, pos, &next);

	if (in_set(a, "內内來来游遊夜之多元圓圆"))
		return 1;
	if (a == 0x4EE5 /* 以 */)
		return in_set(cp_at(sc, next, NULL), "內内上");
	return han && in_set(a, "後后間间前");
}

/*
 * 1-31 followed by 日 (or 號/号 after a month), maybe as a compact range
 * (2-4日, 8至9日).
 */
static int read_day(const struct scan *sc, size_t *pos, struct written *w, int after_month)
{
	size_t p = skip_gap(sc, *pos), q;
	struct num nm, nm2;
	int end = 0;

	if (!read_num(sc, p, &nm) || nm.val < 1 || nm.val > 31 || nm.digits > 2)
		return 0;
	q = nm.end;
	if (range_connector(sc, &q) && read_num(sc, q, &nm2) && nm2.val > nm.val &&
	    nm2.val <= 31 && nm2.digits <= 2) {
		end = nm2.val;
		q = nm2.end;
	} else {
		q = nm.end;
	}
	q = skip_gap(sc, q);
	if (!eat(sc, &q, "日") && !(after_month && (eat(sc, &q, "號") || eat(sc, &q, "号"))))
		return 0;
	if (day_count_after(sc, q, nm.han))
		return 0;
	if (!after_month && nm.han && nm.val == 1 && !end)
		return 0; /* 一日 alone is "one day" far more often than the 1st */
	w->day = nm.val;
	w->day_end = end;
	*pos = q;
	return 1;
}

/* A part of the year after "Y年": 初, 底, seasons, 上半年. */
static void read_year_part(const struct scan *sc, size_t *pos, struct written *w)
{
	static const char *const parts[] = {
		"初", "底", "末", "上半年", "下半年",
		"春季", "春天", "夏季", "夏天", "秋季", "秋天", "冬季", "冬天",
		"第一季", "第二季", "第三季", "第四季", "首季", NULL };
	static const int lo[] = { 1, 11, 11, 1, 7, 3, 3, 6, 6, 9, 9, 12, 12, 1, 4, 7, 10, 1 };
	static const int hi[] = { 2, 12, 12, 6, 12, 5, 5, 8, 8, 11, 11, 14, 14, 3, 6, 9, 12, 3 };
	size_t p = *pos;
	int which;

	/* 今年年初, 去年年底: the year word, then 年 again with its part */
	if (eat(sc, &p, "年")) {
		size_t q = p;

		if (!eat_any(sc, &q, parts))
			p = *pos;
	}
	which = eat_any(sc, &p, parts);
	if (!which)
		return;
	if (which == 1 && (in_set(cp_at(sc, p, NULL), "步次期衷始") ||
			   is_numeral(cp_at(sc, p, NULL))))
		return; /* 初步, 初次; 年初二 is a day of the lunar new year */
	w->m_lo = lo[which - 1];
	w->m_hi = hi[which - 1];
	eat(sc, &p, "度"); /* 第一季度 */
	*pos = p;
}

/* A part of the month after "M月": 上旬, 初, 中旬, 下旬, 底. */
static int read_month_part(const struct scan *sc, size_t *pos, struct written *w)
{
	static const char *const parts[] = { "上旬", "初", "中旬", "下旬", "底", "末", NULL };
	static const int lo[] = { 1, 1, 11, 21, 21, 21 };
	static const int hi[] = { 10, 10, 20, 99, 99, 99 };
	size_t p = *pos;
	int which = eat_any(sc, &p, parts);

	if (!which)
		return 0;
	if (which == 2 && (in_set(cp_at(sc, p, NULL), "步次期衷始") ||
			   is_numeral(cp_at(sc, p, NULL))))
		return 0;
	w->d_lo = lo[which - 1];
	w->d_hi = hi[which - 1];
	*pos = p;
	return 1;
}

/*
 * A written date at *pos: [year] [month [day | part]] or [year part], or
 * a bare day.  At least one piece; 1 when read.
 */
static int read_written(const struct scan *sc, size_t pos, struct written *w)
{
	memset(w, 0, sizeof *w);
	if (read_year(sc, &pos, w)) {
		size_t linked = pos;

		/* 去年的12月, 2018 年的 4 月 1 日: one date */
		if (eat(sc, &linked, "的") && read_month(sc, &linked, w))
			pos = linked;
		if (w->month || read_month(sc, &pos, w)) {
			if (!w->m_hi && !read_day(sc, &pos, w, 1))
				read_month_part(sc, &pos, w);
		} else {
			read_year_part(sc, &pos, w);
		}
	} else if (read_month(sc, &pos, w)) {
		if (!w->m_hi && !read_day(sc, &pos, w, 1))
			read_month_part(sc, &pos, w);
	} else if (!read_day(sc, &pos, w, 0)) {
		return 0;
	}
	w->end = pos;
	return 1;
}

/* The month of a date shortly before `pos` in the same sentence, if any. */
static const struct extract_date *month_in_sentence(const struct scan *sc, size_t pos)
{
	const struct extract_date *prev;
	size_t p;

	if (!sc->n)
		return NULL;
	prev = &sc->v[sc->n - 1];
	p = prev->start + prev->len;
	if (!prev->month || p > pos || pos - p > SENTENCE_REACH)
		return NULL;
	while (p < pos) {
		if (ends_sentence(cp_at(sc, p, &p)))
			return NULL;
	}
	return prev;
}

/* A bare day: the month of the sentence, else the nearest to the reference. */
static int resolve_bare_day(const struct scan *sc, size_t pos, int day, int *y, int *m)
{
	const struct extract_date *prev = month_in_sentence(sc, pos);
	long best_dist = -1;

	if (prev && valid_day(prev->end_month ? prev->end_year : prev->year,
			      prev->end_month ? prev->end_month : prev->month, day)) {
		*y = prev->end_month ? prev->end_year : prev->year;
		*m = prev->end_month ? prev->end_month : prev->month;
		return 1;
	}
	if (!sc->ry)
		return 0;
	for (int k = -1; k <= 1; k++) {
		int cy = sc->ry, cm = sc->rm + k;
		long dist;

		if (cm < 1) {
			cm = 12;
			cy--;
		} else if (cm > 12) {
			cm = 1;
			cy++;
		}
		if (!valid_day(cy, cm, day))
			continue;
		dist = labs(date_z(cy, cm, day) - sc->rz);
		if (best_dist < 0 || dist < best_dist) {
			best_dist = dist;
			*y = cy;
			*m = cm;
		}
	}
	return best_dist >= 0;
}

/* Turns a written date into calendar fields; 0 when it cannot be resolved. */
static int resolve_written(const struct scan *sc, size_t start, const struct written *w,
			   struct extract_date *r)
{
	int y = w->year, m = w->month;

	memset(r, 0, sizeof *r);
	r->relative = (unsigned)w->year_implied;
	if (w->day && !m) {
		if (!resolve_bare_day(sc, start, w->day, &y, &m))
			return 0;
		r->relative = 1;
	} else if (m && !y) {
		if (!sc->ry || !(y = year_of_month(sc, m, w->day)))
			return 0;
		r->relative = 1;
	}
	r->year = y;
	if (!m) {
		r->precision = EXTRACT_DATE_YEAR;
		if (w->m_lo) {
			r->precision = EXTRACT_DATE_MONTH;
			r->month = w->m_lo;
			r->end_year = y + (w->m_hi > 12);
			r->end_month = w->m_hi > 12 ? w->m_hi - 12 : w->m_hi;
		}
		return 1;
	}
	if (!w->day) {
		r->month = m;
		r->precision = EXTRACT_DATE_MONTH;
		if (w->m_hi) { /* 6至7月 */
			r->end_year = y;
			r->end_month = w->m_hi;
		} else if (w->d_lo) {
			int last = w->d_hi > month_days(y, m) ? month_days(y, m) : w->d_hi;

			set_day_range(r, date_z(y, m, w->d_lo), date_z(y, m, last));
		}
		return 1;
	}
	if (!valid_day(y, m, w->day) || (w->day_end && !valid_day(y, m, w->day_end)))
		return 0;
	set_day_range(r, date_z(y, m, w->day), date_z(y, m, w->day_end ? w->day_end : w->day));
	return 1;
}

/*
 * After a date, "至 <date>" that leaves out what the first gives
 * (8日至9日, 5月31日至6月2日, 2022年至2024年) makes a range.
 */
static void read_range_end(const struct scan *sc, struct extract_date *r, size_t *end)
{
	struct written w;
	size_t p = *end;
	int y, m, d;

	if (r->end_year || !range_connector(sc, &p) || !read_written(sc, p, &w) ||
	    w.m_lo || w.d_lo || w.day_end || w.year_implied)
		return;
	y = w.year ? w.year : r->year;
	m = w.month ? w.month : r->month;
	d = w.day;
	switch (r->precision) {
	case EXTRACT_DATE_DAY:
		if (!d || (!w.month && w.year))
			return;
		if (!w.year && w.month && w.month < r->month)
			y++; /* 12月30日至1月2日 */
		if (!valid_day(y, m, d) || date_z(y, m, d) <= date_z(r->year, r->month, r->day))
			return;
		break;
	case EXTRACT_DATE_MONTH:
		if (d || !w.month)
			return;
		if (!w.year && m < r->month)
			y++;
		if (y * 12 + m <= r->year * 12 + r->month)
			return;
		break;
	case EXTRACT_DATE_YEAR:
		if (!w.year || w.month || y <= r->year)
			return;
		break;
	default:
		return;
	}
	r->end_year = y;
	r->end_month = r->precision == EXTRACT_DATE_YEAR ? 0 : m;
	r->end_day = r->precision == EXTRACT_DATE_DAY ? d : 0;
	*end = w.end;
}

/* ----------------------------------------------------------- weekdays */

static const char *const week_words[] = { "週", "周", "星期", "禮拜", "礼拜", NULL };

/* 一..六 → 1..6, 日/天 → 7, else 0. */
static int weekday_char(int32_t cp)
{
	int d = han_digit(cp);

	if (d >= 1 && d <= 6)
		return d;
	return cp == 0x65E5 /* 日 */ || cp == 0x5929 /* 天 */ ? 7 : 0;
}

/* 將/将 just before a weekday points it to the future (將於週五). */
static int future_before(const struct scan *sc, size_t pos)
{
	for (int i = 0; i < 4 && pos > 0; i++) {
		int32_t b = cp_before(sc, pos, &pos);

		if (b == 0x5C07 || b == 0x5C06)
			return 1;
		if (ends_sentence(b) || b == 0xFF0C /* ， */)
			return 0;
	}
	return 0;
}

/*
 * A verb of saying right after a weekday (他星期五說, 官員週四表示): what
 * was said is reported, so the day is past.
 */
static int said_after(const struct scan *sc, size_t pos)
{
	static const char *const said[] = { "說", "说", "表示", "稱", "称", "指出", "宣布",
					    "宣佈", "透露", "告訴", "告诉", NULL };
	size_t p = pos;

	for (int i = 0; i < 3; i++) {
		size_t q = p;

		if (eat_any(sc, &q, said))
			return 1;
		if (!in_set(cp_at(sc, p, &p), "時时曾已也還还再又則则"))
			return 0;
	}
	return 0;
}

/*
 * The day of a weekday listed right after another day (週四及週五, 週二、
 * 週三): the list goes on from it, so the first such weekday after it;
 * -1 when no day comes right before.
 */
static long listed_after(const struct scan *sc, size_t pos, int wd)
{
	static const char *const marks[] = { "及", "和", "、", "与", "與", "至", "到", NULL };
	const struct extract_date *prev;
	size_t p, mark;
	long z;

	if (!sc->n)
		return -1;
	prev = &sc->v[sc->n - 1];
	p = prev->start + prev->len;
	mark = p;
	if (prev->precision != EXTRACT_DATE_DAY || prev->end_year || !eat_any(sc, &mark, marks) ||
	    mark != pos)
		return -1;
	z = day_number(prev->year, prev->month, prev->day);
	return z + 1 + (wd - weekday(z + 1) + 7) % 7;
}

static int try_numeric(const struct scan *sc, size_t pos, struct extract_date *r,
		       size_t *end);

/*
 * "（<date>）" right after a weekday or a week word: the date decides.
 * Returns 1 and the end when the bracket holds a day (or day range).
 */
static int bracket_date(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	size_t p = skip_gap(sc, pos);
	struct written w;
	struct extract_date got;

	if (!eat(sc, &p, "（") && !eat(sc, &p, "("))
		return 0;
	p = skip_gap(sc, p);
	if (try_numeric(sc, p, &got, &p)) {
		/* 周二（2020.03.31） */
	} else if (read_written(sc, p, &w) && w.day && resolve_written(sc, p, &w, &got)) {
		p = w.end;
		read_range_end(sc, &got, &p);
	} else {
		return 0;
	}
	p = skip_gap(sc, p);
	if (!eat(sc, &p, "）") && !eat(sc, &p, ")"))
		return 0;
	got.start = r->start; /* relative only if the bracketed date leaves something out */
	*r = got;
	*end = p;
	return 1;
}

/* A week word without 上/下/本 must not be a count (兩週, 每周, 一星期). */
static int bare_week_ok(const struct scan *sc, size_t pos)
{
	int32_t b = cp_before(sc, pos, NULL);

	return !is_numeral(b) && !in_set(b, "每幾几數数多兩两半個个整隔");
}

/*
 * 週五, 上週五, 本週末, 下周, 上個星期: a day, a weekend or a week
 * relative to the reference week (Monday to Sunday).
 */
static int try_week(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	static const char *const prefixes[] = { "上個", "上个", "下個", "下个", "上", "下",
						"本", "這", "这", NULL };
	static const int prefix_off[] = { -1, -1, 1, 1, -1, 1, 0, 0, 0 };
	size_t p = pos;
	int pre = eat_any(sc, &p, prefixes), off = pre ? prefix_off[pre - 1] : 0;
	long monday;
	int32_t c;
	size_t after;
	int wd, word;

	if (!(word = eat_any(sc, &p, week_words)) || !sc->ry)
		return 0;
	if ((!pre && !bare_week_ok(sc, pos)) || !ben_ok(sc, pos))
		return 0;
	/* 周期, 周邊, 周圍, 周刊, 周年: words, not weeks */
	if (in_set(cp_at(sc, p, NULL), "期邊边圍围遭全到密旋折刊年歲岁"))
		return 0;
	monday = sc->rz - (weekday(sc->rz) - 1) + 7L * off;
	c = cp_at(sc, p, &after);
	memset(r, 0, sizeof *r);
	r->start = pos;
	r->relative = 1;
	wd = weekday_char(c);
	if (wd == 7 && c == 0x5929 /* 天 */ && word <= 2)
		wd = 0; /* 周天子, 週天: 天 is Sunday only after 星期 and 禮拜 */
	if (!pre && c == 0x672B /* 末 */ && cp_before(sc, pos, NULL) == 0x65B9 /* 方 */)
		return 0; /* 南方週末, the newspaper */
	if (wd) {
		if (pre) {
			set_day(r, monday + wd - 1);
		} else if (listed_after(sc, pos, wd) >= 0) {
			set_day(r, listed_after(sc, pos, wd));
		} else {
			long back = (weekday(sc->rz) - wd + 7) % 7;
			long ahead = (wd - weekday(sc->rz) + 7) % 7;

			/*
			 * A bare weekday names the day of the week around the
			 * report, the nearest one: up to three days back or
			 * ahead (published on a Tuesday, 星期日 was two days
			 * ago and 星期五 is in three).  The blind set's dev
			 * half has none further than that.  What was said on
			 * a weekday was said before the report.
			 */
			if (future_before(sc, pos) || (ahead < back && !said_after(sc, after)))
				set_day(r, sc->rz + ahead);
			else
				set_day(r, sc->rz - back);
		}
		p = after;
	} else if (c == 0x672B /* 末 */) {
		set_day_range(r, monday + 5, monday + 6);
		p = after;
	} else if (pre) {
		set_day_range(r, monday, monday + 6);
		r->precision = EXTRACT_DATE_WEEK;
	} else {
		return 0;
	}
	*end = p;
	bracket_date(sc, p, r, end);
	return 1;
}

/* ------------------------------------------------------- day and month words */

/* 前天, 後天, 明天, 今日 are also ends of other words (目前|天氣, 說明|天). */
static int day_word_ok(const struct scan *sc, size_t pos, int32_t first)
{
	int32_t b = cp_before(sc, pos, NULL);

	switch (first) {
	case 0x524D: /* 前 */
		return !in_set(b, "目之以提此從从向面當当眼跟門门空事日月天週周年");
	case 0x5F8C: case 0x540E: /* 後 后 */
		return !in_set(b, "然最之以此其落背前而隨随先過过");
	case 0x660E: /* 明 */
		return !in_set(b, "說说表證证聲声發发闡阐澄標标簡简申指註注查透分光文英失");
	case 0x4ECA: /* 今 */
		return !in_set(b, "如至迄當当");
	case 0x7576: case 0x5F53: /* 當 当: not 相當|天, 應當|天 */
		return !in_set(b, "相適适充應应正妥典擔担承抵勾便恰得穩稳停");
	default:
		return 1;
	}
}

/* The last day named before `pos` (for 當天), or the reference: kept as
 * dates are found, not looked for back through all of them. */
static long last_day_named(const struct scan *sc)
{
	return sc->last_day >= 0 ? sc->last_day : sc->rz;
}

/* 今天, 昨日, 前天, 明天, 後天, 當天; 昨晚, 今早: a part of that day. */
static int try_day_word(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	static const char *const words[] = {
		"大前天", "大後天", "大后天", "今天", "今日", "昨天", "昨日", "前天",
		"明天", "明日", "後天", "后天", "當天", "当天", "當日", "当日", "同日",
		"同一天", "昨晚", "昨夜", "昨晨", "今晚", "今早", "今晨", "明晚", "明早",
		NULL };
	static const int off[] = { -3, 3, 3, 0, 0, -1, -1, -2, 1, 1, 2, 2, 99, 99, 99, 99,
				   99, 99, -1, -1, -1, 0, 0, 0, 1, 1 };
	size_t p = pos;
	int which = eat_any(sc, &p, words);

	if (!which || !sc->ry || !day_word_ok(sc, pos, cp_at(sc, pos, NULL)))
		return 0;
	memset(r, 0, sizeof *r);
	r->start = pos;
	r->relative = 1;
	set_day(r, off[which - 1] == 99 ? last_day_named(sc) : sc->rz + off[which - 1]);
	*end = p;
	bracket_date(sc, p, r, end);
	return 1;
}

/* 本月, 上個月, 下月 with an optional day or part (本月初, 本月稍早, 本月5日). */
static int try_month_word(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	static const char *const words[] = { "本月", "這個月", "这个月", "上個月", "上个月",
					     "上月", "下個月", "下个月", "下月", NULL };
	static const int off[] = { 0, 0, 0, -1, -1, -1, 1, 1, 1 };
	static const char *const vague[] = { "稍早", "早些時候", "早些时候", "稍後", "稍后",
					     "晚些時候", "晚些时候", NULL };
	size_t p = pos;
	int which = eat_any(sc, &p, words);
	struct written w;
	int m, y;

	if (!which || !sc->ry || !ben_ok(sc, pos) ||
	    in_set(cp_at(sc, p, NULL), "球亮光餅饼刊薪票"))
		return 0;
	m = sc->rm + off[which - 1];
	y = sc->ry + (m < 1 ? -1 : m > 12 ? 1 : 0);
	m = m < 1 ? 12 : m > 12 ? 1 : m;
	memset(&w, 0, sizeof w);
	w.year = y;
	w.month = m;
	if (!read_day(sc, &p, &w, 1) && !read_month_part(sc, &p, &w))
		eat_any(sc, &p, vague);
	if (!resolve_written(sc, pos, &w, r))
		return 0;
	r->start = pos;
	r->relative = 1;
	*end = p;
	return 1;
}

/* 月初, 月底, 年初, 年底 with nothing before them: the reference's month or year. */
static int try_bare_part(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	int32_t b = cp_before(sc, pos, NULL);
	struct written w;
	size_t p = pos;

	if (!sc->ry || is_numeral(b) ||
	    in_set(b, "每個个數数幾几半歲岁年月本上下當当同該该那這这多近全整逐些"))
		return 0;
	memset(&w, 0, sizeof w);
	w.year = sc->ry;
	if (eat(sc, &p, "月")) {
		w.month = sc->rm;
		if (!read_month_part(sc, &p, &w))
			return 0;
	} else if (eat(sc, &p, "年")) {
		size_t q = p;

		read_year_part(sc, &p, &w);
		/* only 初 and 底/末 read well alone (年夏天 does not occur) */
		if (!w.m_lo || p - q != 3)
			return 0;
	} else {
		return 0;
	}
	if (!resolve_written(sc, pos, &w, r))
		return 0;
	r->start = pos;
	r->relative = 1;
	*end = p;
	return 1;
}

/* --------------------------------------------------------- numeric dates */

/* A separator-delimited number; its digit count in *digits. */
static int read_field(const struct scan *sc, size_t pos, struct num *nm)
{
	return read_arabic(sc, pos, nm) && cp_at(sc, pos, NULL) < 0x80;
}

/*
 * 2023-11-07, 2023/11/07, 2023.11.07 (year first) and 07/11/2023,
 * 07.11.2023 (day first, as RFI and Europe write it; month first only
 * when the first number cannot be a month: 11/27/2023).
 */
static int try_numeric(const struct scan *sc, size_t pos, struct extract_date *r,
		       size_t *end)
{
	struct num a, b, c;
	char sep;
	size_t p;
	int32_t after;
	int y, m, d;

	if (!read_field(sc, pos, &a) || a.end >= sc->len)
		return 0;
	sep = sc->s[a.end];
	if (sep != '-' && sep != '/' && sep != '.')
		return 0;
	if (!read_field(sc, a.end + 1, &b) || b.end >= sc->len || sc->s[b.end] != sep ||
	    !read_field(sc, b.end + 1, &c))
		return 0;
	p = c.end;
	/* not part of a longer code: 2023-11-07-5, 1.2.3.4 */
	after = cp_at(sc, p, NULL);
	if (is_ascii_alnum(after) || ((after == sep || after == ':') && p + 1 < sc->len &&
				      sc->s[p + 1] >= '0' && sc->s[p + 1] <= '9'))
		return 0;
	if (a.digits == 4 && b.digits <= 2 && c.digits <= 2) {
		y = a.val, m = b.val, d = c.val;
	} else if (c.digits == 4 && a.digits <= 2 && b.digits <= 2 && sep != '-') {
		y = c.val;
		if (a.val > 12 || b.val <= 12)
			d = a.val, m = b.val;
		else
			m = a.val, d = b.val;
	} else {
		return 0;
	}
	if (y < 1000 || y > 2999 || !valid_day(y, m, d))
		return 0;
	memset(r, 0, sizeof *r);
	r->start = pos;
	set_day(r, date_z(y, m, d));
	*end = p;
	return 1;
}

/* "（週一）" after a day: part of the same expression. */
static void extend_weekday_bracket(const struct scan *sc, size_t *end)
{
	size_t p = skip_gap(sc, *end);

	if (!eat(sc, &p, "（") && !eat(sc, &p, "("))
		return;
	if (!eat_any(sc, &p, week_words) || !weekday_char(cp_at(sc, p, &p)))
		return;
	if (eat(sc, &p, "）") || eat(sc, &p, ")"))
		*end = p;
}

/* A written or numeric date starting at `pos`. */
static int try_written(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	int32_t c = cp_at(sc, pos, NULL);
	struct written w;

	if (is_numeral(c)) {
		if (!num_can_start(sc, pos))
			return 0;
		if (arabic_digit(c) >= 0 && try_numeric(sc, pos, r, end))
			goto found;
	}
	if (!read_written(sc, pos, &w))
		return 0;
	if (!resolve_written(sc, pos, &w, r)) {
		/* 2月30日, or 5月31日 with no reference: skip it whole, so that
		 * its 30日 is not read as a date of its own */
		*end = w.end;
		return -1;
	}
	r->start = pos;
	*end = w.end;
	if (!w.m_lo && !w.d_lo && !w.day_end)
		read_range_end(sc, r, end);
found:
	if (r->precision == EXTRACT_DATE_DAY && !r->end_year)
		extend_weekday_bracket(sc, end);
	return 1;
}

/* ------------------------------------------------------------------ scan */

/* 1: a date in *r up to *end; -1: no date, but nothing to read up to *end; 0: neither. */
static int try_at(struct scan *sc, size_t pos, struct extract_date *r, size_t *end)
{
	int got;

	if (try_week(sc, pos, r, end) || try_month_word(sc, pos, r, end) ||
	    try_day_word(sc, pos, r, end))
		return 1;
	if ((got = try_written(sc, pos, r, end)))
		return got;
	return try_bare_part(sc, pos, r, end);
}

/* Only characters that can start a date are tried: most text is skipped fast. */
static int may_start(int32_t cp)
{
	/* 上下本這这週周星禮礼今去明前後后民大昨當当同月年, by code point: asked
	 * at every character of the text, so not decoded from a string */
	static const int32_t words[] = {
		0x4E0A, 0x4E0B, 0x4ECA, 0x524D, 0x53BB, 0x540C, 0x540E, 0x5468,
		0x5927, 0x5E74, 0x5F53, 0x5F8C, 0x660E, 0x661F, 0x6628, 0x6708,
		0x672C, 0x6C11, 0x7576, 0x793C, 0x79AE, 0x8FD9, 0x9019, 0x9031,
	};
	size_t lo = 0, hi = sizeof words / sizeof words[0];

	if (is_numeral(cp))
		return 1;
	if (cp < words[0] || cp > words[hi - 1])
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (words[mid] == cp)
			return 1;
		if (words[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int extract_dates(const char *text, size_t len, int ref_year, int ref_month,
		  int ref_day, struct extract_date **out, size_t *n, struct err *e)
{
	return extract_dates_counting(text, len, ref_year, ref_month, ref_day, out, n, NULL, e);
}

int extract_dates_counting(const char *text, size_t len, int ref_year, int ref_month,
			   int ref_day, struct extract_date **out, size_t *n, size_t *dropped,
			   struct err *e)
{
	struct scan sc = { .s = text, .len = len, .ry = ref_year, .rm = ref_month, .rd = ref_day,
			   .last_day = -1 };
	size_t pos = 0;
	int rc = DOSSIER_OK;

	if (!out || !n || (!text && len))
		return err_set(e, DOSSIER_EUSAGE, "cannot extract dates: no text or no output");
	*out = NULL;
	*n = 0;
	if (ref_year && !valid_day(ref_year, ref_month, ref_day))
		return err_set(e, DOSSIER_EUSAGE, "cannot extract dates: reference %d-%d-%d is no date",
			       ref_year, ref_month, ref_day);
	if (ref_year)
		sc.rz = date_z(ref_year, ref_month, ref_day);
	while (pos < len && rc == DOSSIER_OK) {
		size_t next, end = pos;
		struct extract_date r;
		int32_t cp = cp_at(&sc, pos, &next);

		int got = may_start(cp) ? try_at(&sc, pos, &r, &end) : 0;

		if (got && end > pos) {
			r.start = pos;
			r.len = end - pos;
			if (got > 0)
				rc = push(&sc, &r);
			next = end;
		}
		pos = next;
	}
	if (rc) {
		free(sc.v);
		return err_set(e, rc, "cannot extract dates: out of memory");
	}
	*out = sc.v;
	*n = sc.n;
	if (dropped)
		*dropped += sc.dropped;
	return DOSSIER_OK;
}

/* ---------------------------------------------------------------- format */

static size_t format_one(char *out, size_t size, enum extract_date_precision p,
			 int y, int m, int d)
{
	int n;

	if (p == EXTRACT_DATE_YEAR)
		n = snprintf(out, size, "%04d", y);
	else if (p == EXTRACT_DATE_MONTH)
		n = snprintf(out, size, "%04d-%02d", y, m);
	else
		n = snprintf(out, size, "%04d-%02d-%02d", y, m, d);
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size ? size - 1 : 0;
}

size_t extract_date_format(const struct extract_date *d, char *out, size_t size)
{
	size_t n;

	if (!size)
		return 0;
	out[0] = '\0';
	if (!d)
		return 0;
	n = format_one(out, size, d->precision, d->year, d->month, d->day);
	if (!d->end_year || n + 1 >= size)
		return n;
	out[n++] = '/';
	out[n] = '\0';
	return n + format_one(out + n, size - n, d->precision, d->end_year, d->end_month,
			      d->end_day);
}
