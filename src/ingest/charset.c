/*
 * Bytes in any encoding Chinese-language outlets publish in → UTF-8.
 *
 * Evidence is weighed in this order: a byte-order mark; the HTTP
 * Content-Type charset; the XML declaration; an HTML <meta>; detection.
 * A declaration is believed only while the bytes do not contradict it,
 * because real pages lie both ways: a page re-saved as UTF-8 keeps its old
 * "gb2312" meta, a server labels every page UTF-8 whatever it holds.
 *
 * Legacy candidates (GB18030 and Big5-HKSCS) are judged on a sample of
 * their decoding: malformed sequences and odd characters (private use,
 * rare ideographs, kana that a Big5 text turns into when read as GBK)
 * count against, common Chinese characters of both scripts count for.
 * The two encodings overlap so much that nearly any Big5 text is "valid"
 * GBK; only what the text says can tell them apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include "core/utf8.h"
#include "ingest/ingest_int.h"

/* How much of the input the candidate decodings are judged on. */
#define SAMPLE_MAX ((size_t)256 << 10)
/* How far into a page an HTML <meta> declaration is looked for. */
#define META_SCAN 8192
#define LABEL_MAX 32

/* ---- encodings ------------------------------------------------------------ */

enum enc_kind {
	ENC_UTF8,
	ENC_WIDE,   /* UTF-16/UTF-32: cannot be declared in ASCII bytes */
	ENC_LEGACY, /* GB18030, Big5-HKSCS, or whatever else ICU knows */
};

struct enc {
	enum enc_kind kind;
	char icu[48];  /* ICU converter name */
	char name[32]; /* reported in r->name */
};

/* Big5-HKSCS:2008 (ibm-1375), a superset of Big5 as Taiwan writes it. */
#define BIG5_ICU "ibm-1375_P100-2008"

static const struct label_map {
	const char *label;
	enum enc_kind kind;
	const char *icu;
	const char *name;
} known_labels[] = {
	{ "utf-8", ENC_UTF8, "UTF-8", "UTF-8" },
	{ "utf8", ENC_UTF8, "UTF-8", "UTF-8" },
	{ "unicode-1-1-utf-8", ENC_UTF8, "UTF-8", "UTF-8" },
	/* GB2312 and GBK pages use GBK characters freely (镕, 喆): read
	 * every GB label as the superset. */
	{ "gb2312", ENC_LEGACY, "GB18030", "GB18030" },
	{ "gb_2312", ENC_LEGACY, "GB18030", "GB18030" },
	{ "gb_2312-80", ENC_LEGACY, "GB18030", "GB18030" },
	{ "csgb2312", ENC_LEGACY, "GB18030", "GB18030" },
	{ "euc-cn", ENC_LEGACY, "GB18030", "GB18030" },
	{ "x-euc-cn", ENC_LEGACY, "GB18030", "GB18030" },
	{ "chinese", ENC_LEGACY, "GB18030", "GB18030" },
	{ "iso-ir-58", ENC_LEGACY, "GB18030", "GB18030" },
	{ "gbk", ENC_LEGACY, "GB18030", "GB18030" },
	{ "x-gbk", ENC_LEGACY, "GB18030", "GB18030" },
	{ "cp936", ENC_LEGACY, "GB18030", "GB18030" },
	{ "ms936", ENC_LEGACY, "GB18030", "GB18030" },
	{ "windows-936", ENC_LEGACY, "GB18030", "GB18030" },
	{ "gb18030", ENC_LEGACY, "GB18030", "GB18030" },
	{ "big5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "big-5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "csbig5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "cn-big5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "x-x-big5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "x-big5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "cp950", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "ms950", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "windows-950", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "big5-hkscs", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "big5hkscs", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "hkscs-big5", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
	{ "big5hk", ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" },
};

static const struct enc enc_utf8 = { ENC_UTF8, "UTF-8", "UTF-8" };
static const struct enc enc_gb = { ENC_LEGACY, "GB18030", "GB18030" };
static const struct enc enc_big5 = { ENC_LEGACY, BIG5_ICU, "Big5-HKSCS" };


static int ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Would ASCII markup read as itself through this converter?  An encoding
 * named inside ASCII bytes that would not (EBCDIC; UTF-7, which reads "+"
 * as a shift and lets markup hide in base64) is a lie. */
static int ascii_compatible(UConverter *cnv)
{
	static const char probe[] = "<?xml encoding=\"+A-\" charset>&amp;";
	UChar u[sizeof probe];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = ucnv_toUChars(cnv, u, (int32_t)(sizeof probe), probe,
				  (int32_t)(sizeof probe - 1), &st);

	if (U_FAILURE(st) || n != (int32_t)(sizeof probe - 1))
		return 0;
	for (int32_t i = 0; i < n; i++)
		if (u[i] != (UChar)(unsigned char)probe[i])
			return 0;
	return 1;
}

/* An encoding ICU knows that is not in known_labels (e.g. iso-8859-1). */
static int other_encoding(const char *label, struct enc *enc)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(label, &st);
	const char *canon, *std;

	if (U_FAILURE(st))
		return 0;
	canon = ucnv_getName(cnv, &st);
	enc->kind = ENC_LEGACY;
	if (U_SUCCESS(st) && (!strncmp(canon, "UTF-16", 6) || !strncmp(canon, "UTF-32", 6)))
		enc->kind = ENC_WIDE;
	else if (!ascii_compatible(cnv))
		enc->kind = ENC_WIDE; /* as unbelievable as UTF-16 */
	snprintf(enc->icu, sizeof enc->icu, "%s", U_SUCCESS(st) ? canon : label);
	st = U_ZERO_ERROR;
	std = ucnv_getStandardName(enc->icu, "MIME", &st);
	if (!std || U_FAILURE(st)) {
		st = U_ZERO_ERROR;
		std = ucnv_getStandardName(enc->icu, "IANA", &st);
	}
	snprintf(enc->name, sizeof enc->name, "%s", std && U_SUCCESS(st) ? std : label);
	ucnv_close(cnv);
	return 1;
}

/* Maps a declared label to an encoding; 0 when no converter knows it. */
static int label_encoding(const char *label, struct enc *enc)
{
	char low[LABEL_MAX];
	size_t i;

	for (i = 0; label[i] && i + 1 < sizeof low; i++)
		low[i] = ascii_lower(label[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof known_labels / sizeof known_labels[0]; i++) {
		const struct label_map *m = &known_labels[i];

		if (!strcmp(low, m->label)) {
			enc->kind = m->kind;
			snprintf(enc->icu, sizeof enc->icu, "%s", m->icu);
			snprintf(enc->name, sizeof enc->name, "%s", m->name);
			return 1;
		}
	}
	return other_encoding(low, enc);
}

/* ---- declarations ------------------------------------------------------------- */

struct decl {
	const char *from;
	char label[LABEL_MAX];
};

/* Copies a label, stopping at a quote, white space, ';' or the end. */
static int take_label(const char *s, size_t len, char *label)
{
	size_t n = 0;

	while (n < len && n + 1 < LABEL_MAX) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		      c == ':'))
			break;
		label[n++] = c;
	}
	label[n] = '\0';
	return n > 0;
}

/* The value of "charset=" in a Content-Type string such as "text/html;
 * charset=GBK" (also the content of an http-equiv meta). */
static int charset_param(const char *s, size_t len, char *label)
{
	size_t at = ascii_find_ci(s, len, "charset");

	while (at < len) {
		size_t i = at + 7;

		while (i < len && ascii_space(s[i]))
			i++;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && (ascii_space(s[i]) || s[i] == '"' || s[i] == '\''))
				i++;
			return take_label(s + i, len - i, label);
		}
		at = i + ascii_find_ci(s + i, len - i, "charset");
	}
	return 0;
}

/* encoding="..." in an XML declaration at the start (white space allowed
 * before it: PHP output often has some). */
static int xml_declared(const char *data, size_t len, char *label)
{
	size_t i = 0, end, at;

	while (i < len && i < 256 && ascii_space(data[i]))
		i++;
	if (len - i < 6 || memcmp(data + i, "<?xml", 5) || !ascii_space(data[i + 5]))
		return 0;
	end = i + 512 < len ? i + 512 : len;
	end = i + ascii_find_ci(data + i, end - i, "?>");
	at = i + ascii_find_ci(data + i, end - i, "encoding");
	if (at >= end)
		return 0;
	at += 8;
	while (at < end && ascii_space(data[at]))
		at++;
	if (at >= end || data[at++] != '=')
		return 0;
	while (at < end && ascii_space(data[at]))
		at++;
	if (at >= end || (data[at] != '"' && data[at] != '\''))
		return 0;
	at++;
	return take_label(data + at, end - at, label);
}

/* One attribute of a tag: name and value as offsets into s. */
struct attr {
	size_t name, name_len, value, value_len;
};

/* Reads the attribute at s[*i]; 0 at '>' or the end of s. */
static int next_attr(const char *s, size_t len, size_t *i, struct attr *a)
{
	size_t p = *i;

	while (p < len && (ascii_space(s[p]) || s[p] == '/'))
		p++;
	if (p >= len || s[p] == '>')
		return 0;
	a->name = p;
	while (p < len && !ascii_space(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/')
		p++;
	a->name_len = p - a->name;
	a->value = p;
	a->value_len = 0;
	while (p < len && ascii_space(s[p]))
		p++;
	if (p < len && s[p] == '=') {
		char q = 0;

		p++;
		while (p < len && ascii_space(s[p]))
			p++;
		if (p < len && (s[p] == '"' || s[p] == '\''))
			q = s[p++];
		a->value = p;
		while (p < len && (q ? s[p] != q : !ascii_space(s[p]) && s[p] != '>'))
			p++;
		a->value_len = p - a->value;
		if (q && p < len)
			p++;
	}
	*i = p;
	return 1;
}

static int attr_is(const char *s, size_t off, size_t n, const char *lit)
{
	return n == strlen(lit) && ascii_starts_ci(s + off, n, lit);
}

/* The charset of one <meta> tag whose attributes start at s[0]:
 * <meta charset=X> or <meta http-equiv=Content-Type content="...charset=X">. */
static int meta_charset(const char *s, size_t len, char *label)
{
	struct attr a, content = { 0, 0, 0, 0 };
	size_t i = 0;
	int equiv = 0;

	while (next_attr(s, len, &i, &a)) {
		if (attr_is(s, a.name, a.name_len, "charset"))
			return take_label(s + a.value, a.value_len, label);
		if (attr_is(s, a.name, a.name_len, "http-equiv"))
			equiv = attr_is(s, a.value, a.value_len, "content-type");
		else if (attr_is(s, a.name, a.name_len, "content"))
			content = a;
	}
	return equiv && content.value_len &&
	       charset_param(s + content.value, content.value_len, label);
}

/* The first <meta> in the page's head that declares a charset.  Comments
 * are skipped so that a commented-out old declaration does not count. */
static int html_declared(const char *data, size_t len, char *label)
{
	size_t n = len < META_SCAN ? len : META_SCAN;

	for (size_t i = 0; i < n; i++) {
		if (data[i] != '<')
			continue;
		if (ascii_starts_ci(data + i, n - i, "<!--")) {
			size_t end = ascii_find_ci(data + i + 4, n - i - 4, "-->");

			i += 4 + end + 2;
			continue;
		}
		if (ascii_starts_ci(data + i, n - i, "<meta") && i + 5 < n &&
		    (ascii_space(data[i + 5]) || data[i + 5] == '/') &&
		    meta_charset(data + i + 5, n - i - 5, label))
			return 1;
	}
	return 0;
}

/* Every declaration found, strongest first.  Returns how many. */
static size_t find_declarations(const char *data, size_t len, const char *content_type,
				struct decl d[3])
{
	size_t n = 0;

	if (content_type && charset_param(content_type, strlen(content_type), d[n].label))
		d[n++].from = "HTTP header";
	if (xml_declared(data, len, d[n].label))
		d[n++].from = "XML declaration";
	if (html_declared(data, len, d[n].label))
		d[n++].from = "HTML meta";
	return n;
}

/* ---- judging the bytes ------------------------------------------------------- */

/* What the bytes look like as UTF-8. */
struct utf8_stats {
	size_t invalid;   /* malformed sequences */
	size_t multibyte; /* well-formed non-ASCII characters */
	size_t good_bytes; /* bytes of those characters */
	size_t bad_bytes;  /* bytes of the malformed sequences */
	size_t first_bad;
};

static void utf8_stats_of(const char *data, size_t len, struct utf8_stats *s)
{
	size_t pos = 0;

	memset(s, 0, sizeof *s);
	s->first_bad = len;
	while (pos < len) {
		size_t at = pos;
		int32_t cp = utf8_next(data, len, &pos);

		if (cp < 0) {
			if (!s->invalid++)
				s->first_bad = at;
			s->bad_bytes += pos - at;
		} else if (cp >= 0x80) {
			s->multibyte++;
			s->good_bytes += pos - at;
		}
	}
}

/*
 * Whether at least `percent` of the non-ASCII bytes form well-formed
 * UTF-8 characters, at least `min_chars` of them.  Legacy Chinese text
 * forms UTF-8 by accident with a third of its bytes (GB2312 and Big5 feeds
 * of the fixtures: 26-35%; at most 70% in any short stretch of them).
 */
static int utf8_mostly(const struct utf8_stats *s, size_t percent, size_t min_chars)
{
	return s->multibyte >= min_chars &&
	       s->good_bytes * 100 >= (s->good_bytes + s->bad_bytes) * percent;
}

/* A stray malformed sequence or two (a cut download, a pasted Latin-1
 * byte) does not make a text not UTF-8, nor do a few in a short text
 * whose other non-ASCII bytes are UTF-8; a text mostly malformed does. */
static int utf8_fits(const struct utf8_stats *s)
{
	return s->invalid <= 1 + s->multibyte / 8 || utf8_mostly(s, 85, 2);
}

/* Strong enough to overrule a declaration: real multi-byte UTF-8, which
 * legacy Chinese text almost never forms by accident. */
static int utf8_proven(const struct utf8_stats *s)
{
	return (s->multibyte > 0 && s->invalid <= 1 + s->multibyte / 16) ||
	       utf8_mostly(s, 90, 4);
}

/* Too broken to keep at all. */
static int bulk_invalid(size_t invalid, size_t len)
{
	return invalid > 16 && invalid * 100 > len;
}

/* What a legacy decoding of the sample looks like. */
struct score {
	int ok;           /* the converter opened */
	size_t invalid;   /* malformed or unmapped sequences */
	size_t wide;      /* non-ASCII characters read */
	size_t common;    /* of those, common Chinese characters */
	size_t odd;       /* private use, rare ideographs, kana, Hangul */
	int detector;     /* ICU detector confidence, 0-100 */
};

/*
 * Very common characters of news prose, both scripts.  Where a character
 * differs it appears in both forms; most of the top hundred are shared.
 * Decoding GB bytes as Big5 (or the reverse) yields arbitrary characters,
 * few of them in this list.
 */
static const char common_han[] =
	"的一是不了在人有我他中大上也到年要就以可出而自之日月本天下子生方面所"
	"事成者多用家同已新前其和地政府美外部公民主表示高法行重等此三二力提全"
	"正加明去作小分最很由向相及因都把被好然今北京市安合工社委化文理意情心"
	"手名次平期目那午昨明周星期少百千元首席代警察院球女男冠雨"
	"们国这个来为说时会对发经过还进与关东报记总应长开间问机动实军员产将业"
	"据当义际华习湾后里么没样从边让认论议谈台总统万亿币场银学医选举济展题"
	"报道战争领导区县乡镇队伤亡灾党务电视网络"
	"們國這個來為說時會對發經過還進與關東報記總應長開間問機動實軍員產將業"
	"據當義際華習灣後裡麼沒樣從邊讓認論議談於臺總統萬億幣場銀學醫選舉濟展題"
	"報導戰爭領導區縣鄉鎮隊傷亡災黨務電視網絡";

#define COMMON_MAX 512

struct common_set {
	uint32_t cp[COMMON_MAX];
	size_t n;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void common_set_init(struct common_set *c)
{
	size_t pos = 0, len = sizeof common_han - 1;

	c->n = 0;
	while (pos < len && c->n < COMMON_MAX) {
		int32_t cp = utf8_next(common_han, len, &pos);

		if (cp > 0)
			c->cp[c->n++] = (uint32_t)cp;
	}
	qsort(c->cp, c->n, sizeof c->cp[0], cmp_u32);
}

static int is_common(const struct common_set *c, uint32_t cp)
{
	return bsearch(&cp, c->cp, c->n, sizeof c->cp[0], cmp_u32) != NULL;
}

/* Characters a Chinese news text rarely holds but a wrong decoding often
 * produces. */
static int is_odd(uint32_t cp)
{
	return (cp >= 0xE000 && cp <= 0xF8FF) ||   /* private use */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* Hangul */
	       (cp >= 0x2500 && cp <= 0x257F) ||   /* box drawing */
	       (cp >= 0x0370 && cp <= 0x04FF) ||   /* Greek, Cyrillic */
	       cp >= 0x10000;                      /* extension B and beyond */
}

/* Counts malformed input instead of stopping, and writes U+FFFD for it. */
static void U_CALLCONV count_invalid(const void *ctx, UConverterToUnicodeArgs *args,
				      const char *units, int32_t n,
				      UConverterCallbackReason why, UErrorCode *st)
{
	static const UChar replacement = 0xFFFD;

	(void)units;
	(void)n;
	if (why > UCNV_IRREGULAR)
		return; /* reset, close, clone: nothing was malformed */
	(*(size_t *)(uintptr_t)ctx)++;
	*st = U_ZERO_ERROR;
	ucnv_cbToUWriteUChars(args, &replacement, 1, 0, st);
}

/* Opens `icu` with the counting callback writing into *invalid. */
static UConverter *open_counting(const char *icu, size_t *invalid)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(icu, &st);
	UConverterToUCallback old_fn;
	const void *old_ctx;

	if (U_FAILURE(st))
		return NULL;
	ucnv_setToUCallBack(cnv, count_invalid, invalid, &old_fn, &old_ctx, &st);
	if (U_FAILURE(st)) {
		ucnv_close(cnv);
		return NULL;
	}
	return cnv;
}

static void score_chars(const UChar *u, int32_t n, const struct common_set *c,
			struct score *s)
{
	int32_t i = 0;

	while (i < n) {
		UChar32 cp;

		U16_NEXT(u, i, n, cp);
		if (cp < 0x80 || cp == 0xFFFD)
			continue;
		s->wide++;
		if (is_common(c, (uint32_t)cp))
			s->common++;
		else if (is_odd((uint32_t)cp))
			s->odd++;
	}
}

/* Decodes the sample with `icu` and scores what comes out. */
static void score_decoding(const char *icu, const char *data, size_t len,
			   const struct common_set *c, struct score *s)
{
	size_t n = len < SAMPLE_MAX ? len : SAMPLE_MAX;
	const char *src = data, *end = data + n;
	UConverter *cnv;
	UErrorCode st;

	memset(s, 0, sizeof *s);
	cnv = open_counting(icu, &s->invalid);
	if (!cnv)
		return;
	s->ok = 1;
	do {
		UChar u[2048], *t = u;

		st = U_ZERO_ERROR;
		/* A sample cut mid-character is not flushed: the cut is ours. */
		ucnv_toUnicode(cnv, &t, u + 2048, &src, end, NULL, n == len, &st);
		score_chars(u, (int32_t)(t - u), c, s);
	} while (st == U_BUFFER_OVERFLOW_ERROR);
	ucnv_close(cnv);
}

/* A decoding that is mostly malformed is not this encoding. */
static int legacy_fits(const struct score *s)
{
	return s->ok && s->invalid <= 1 + s->wide / 8;
}

/* One number to compare candidates: what reads as Chinese news prose. */
static long quality(const struct score *s)
{
	return 4 * (long)s->common - 2 * (long)s->odd - 8 * (long)s->invalid +
	       s->detector / 10;
}

/* The Japanese and Korean encodings ICU's detector names.  Others it may
 * name for a short Chinese text (KOI8-R, windows-1252) are not believed. */
static int other_cjk_name(const char *name)
{
	static const char *const names[] = {
		"Shift_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR", "ISO-2022-KR",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* What ICU's detector thinks first, when that is not a Chinese encoding. */
struct other_guess {
	char icu[32];
	int confidence;
};

/* ICU's detector's confidence in GB18030 and Big5, tags filtered out, and
 * its first guess when that is something else (Shift_JIS, EUC-KR). */
static void detector_confidence(const char *data, size_t len, struct score *gb,
				struct score *big5, struct other_guess *other)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&st);
	const UCharsetMatch **m;
	int32_t n = 0;

	if (U_FAILURE(st))
		return;
	ucsdet_enableInputFilter(det, 1);
	ucsdet_setText(det, data, (int32_t)(len < SAMPLE_MAX ? len : SAMPLE_MAX), &st);
	m = ucsdet_detectAll(det, &n, &st);
	for (int32_t i = 0; U_SUCCESS(st) && i < n; i++) {
		const char *name = ucsdet_getName(m[i], &st);
		int32_t conf = ucsdet_getConfidence(m[i], &st);

		if (U_FAILURE(st))
			break;
		if (!strcmp(name, "GB18030") && !gb->detector)
			gb->detector = conf;
		else if (!strcmp(name, "Big5") && !big5->detector)
			big5->detector = conf;
		else if (i == 0 && other_cjk_name(name)) {
			snprintf(other->icu, sizeof other->icu, "%s", name);
			other->confidence = conf;
		}
	}
	ucsdet_close(det);
}

/* Everything known about the bytes, computed once on demand. */
struct judge {
	const char *data;
	size_t len;
	struct utf8_stats u8;
	int scored;
	struct score gb, big5;
	struct other_guess other;
	struct common_set common;
};

static void judge_score(struct judge *j)
{
	if (j->scored)
		return;
	j->scored = 1;
	common_set_init(&j->common);
	score_decoding(enc_gb.icu, j->data, j->len, &j->common, &j->gb);
	score_decoding(enc_big5.icu, j->data, j->len, &j->common, &j->big5);
	detector_confidence(j->data, j->len, &j->gb, &j->big5, &j->other);
}

/* The better of GB18030 and Big5-HKSCS; `*s` its score. */
static const struct enc *best_legacy(struct judge *j, const struct score **s)
{
	int big5;

	judge_score(j);
	if (legacy_fits(&j->gb) != legacy_fits(&j->big5))
		big5 = legacy_fits(&j->big5);
	else if (quality(&j->gb) != quality(&j->big5))
		big5 = quality(&j->big5) > quality(&j->gb);
	else
		big5 = j->big5.detector > j->gb.detector;
	*s = big5 ? &j->big5 : &j->gb;
	return big5 ? &enc_big5 : &enc_gb;
}

/* Reads like Chinese prose: in real text the common characters above make
 * up 25-50% of the non-ASCII ones, in a wrong decoding 1-3%. */
static int looks_chinese(const struct score *s)
{
	return s->common >= 3 && s->common * 100 >= s->wide * 15;
}

/*
 * Does `alt` read the bytes so much better than the declared `d` that the
 * declaration must be wrong?  Either `d` leaves them mostly malformed, or
 * `alt` reads as Chinese prose, with several times the common characters
 * and no more errors.  The margins keep short, honest texts with their
 * declaration, and a Korean or Japanese page with its own.
 */
static int contradicts(const struct score *d, const struct score *alt)
{
	if (!legacy_fits(alt))
		return 0;
	if (!legacy_fits(d))
		return 1;
	return alt->invalid <= d->invalid && looks_chinese(alt) &&
	       alt->common > 3 * d->common + 2 && quality(alt) > quality(d);
}

/* Is the declared legacy encoding `enc` consistent with the bytes? */
static int legacy_believable(struct judge *j, const struct enc *enc)
{
	struct score own;
	const struct score *d, *alt;

	if (utf8_proven(&j->u8))
		return 0;
	judge_score(j);
	if (!strcmp(enc->icu, enc_gb.icu)) {
		d = &j->gb;
		alt = &j->big5;
	} else if (!strcmp(enc->icu, enc_big5.icu)) {
		d = &j->big5;
		alt = &j->gb;
	} else {
		/* Another encoding (a server's default ISO-8859-1 on a GBK
		 * page): contradicted only when a Chinese reading fits well. */
		score_decoding(enc->icu, j->data, j->len, &j->common, &own);
		d = &own;
		best_legacy(j, &alt);
	}
	return !contradicts(d, alt);
}

/* Is the declaration `enc` consistent with the bytes? */
static int believable(struct judge *j, const struct enc *enc)
{
	const struct score *s;

	switch (enc->kind) {
	case ENC_UTF8:
		if (utf8_fits(&j->u8))
			return 1;
		/* Mostly malformed as UTF-8: believe it only if nothing else
		 * reads the bytes (then they are refused as broken UTF-8). */
		best_legacy(j, &s);
		return !legacy_fits(s);
	case ENC_WIDE:
		/* We read the declaration as ASCII: the text is not UTF-16. */
		return 0;
	case ENC_LEGACY:
		return legacy_believable(j, enc);
	}
	return 0;
}

/*
 * A Japanese or Korean page nobody labelled: Shift_JIS and EUC-KR bytes
 * are valid GBK too, and only reading them as Chinese prose tells.  Taken
 * when ICU's detector is sure and the Chinese reading is not prose.
 */
static int other_cjk(struct judge *j, const struct score *chinese, struct enc *enc)
{
	struct score own;

	if (!j->other.icu[0] || j->other.confidence < 50 || looks_chinese(chinese) ||
	    j->other.confidence <= chinese->detector)
		return 0;
	if (!label_encoding(j->other.icu, enc) || enc->kind != ENC_LEGACY)
		return 0;
	score_decoding(enc->icu, j->data, j->len, &j->common, &own);
	return legacy_fits(&own) && own.invalid <= chinese->invalid;
}

/* The encoding when no declaration stands; `other` holds a non-Chinese one. */
static const struct enc *detect(struct judge *j, struct enc *other, const char **from)
{
	const struct enc *enc;
	const struct score *s;

	*from = "detected";
	if (!j->u8.multibyte && !j->u8.invalid) {
		*from = "default"; /* ASCII: every candidate reads it alike */
		return &enc_utf8;
	}
	if (utf8_fits(&j->u8))
		return &enc_utf8;
	enc = best_legacy(j, &s);
	if (other_cjk(j, s, other))
		return other;
	return legacy_fits(s) ? enc : &enc_utf8;
}

/* ---- converting ---------------------------------------------------------------- */

/* Removes NUL characters from out->data[from..]: C strings downstream. */
static void drop_nuls(struct buf *out, size_t from)
{
	size_t w = from;

	for (size_t i = from; i < out->len; i++)
		if (out->data[i])
			out->data[w++] = out->data[i];
	out->len = w;
	out->data[w] = '\0';
}

/* Converts with ICU from `icu` to UTF-8, counting malformed input. */
static int convert_icu(const char *icu, const char *data, size_t len, struct buf *out,
		       size_t *invalid, struct err *e)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *from = open_counting(icu, invalid), *to = ucnv_open("UTF-8", &st);
	UChar pivot[1024], *ps = pivot, *pt = pivot;
	const char *src = data;
	size_t start = out->len;
	UBool reset = 1;
	int rc = DOSSIER_OK;

	if (!from || U_FAILURE(st)) {
		rc = err_set(e, DOSSIER_EENCODING, "no converter for %s", icu);
		goto done;
	}
	do {
		char *t;

		rc = buf_grow(out, len / 2 + 64);
		if (rc) {
			err_set(e, rc, "text too large to convert");
			goto done;
		}
		t = out->data + out->len;
		st = U_ZERO_ERROR;
		ucnv_convertEx(to, from, &t, out->data + out->cap - 1, &src, data + len,
			       pivot, &ps, &pt, pivot + 1024, reset, 1, &st);
		reset = 0;
		out->len = (size_t)(t - out->data);
		out->data[out->len] = '\0';
	} while (st == U_BUFFER_OVERFLOW_ERROR);
	if (U_FAILURE(st))
		rc = err_set(e, DOSSIER_EENCODING, "cannot convert from %s: %s", icu,
			     u_errorName(st));
	else
		drop_nuls(out, start);
done:
	ucnv_close(from);
	ucnv_close(to);
	return rc;
}

/* UTF-8 repaired; `declared` when a BOM or declaration said so. */
static int convert_utf8(const struct judge *j, const char *data, size_t len, int declared,
			struct buf *out, struct charset_result *r, struct err *e)
{
	if (bulk_invalid(j->u8.invalid, len))
		return err_set(e, DOSSIER_EENCODING,
			       "not UTF-8 text%s: %zu malformed byte sequences, the first at byte %zu",
			       declared ? "" : ", nor GB18030 or Big5",
			       j->u8.invalid, j->u8.first_bad);
	if (utf8_repair(out, data, len, &r->invalid))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	return DOSSIER_OK;
}

static int convert(const struct enc *enc, const struct judge *j, const char *data,
		   size_t len, struct buf *out, struct charset_result *r, struct err *e)
{
	int rc;

	snprintf(r->name, sizeof r->name, "%s", enc->name);
	if (!len)
		return DOSSIER_OK; /* nothing to convert; `data` may even be NULL */
	if (enc->kind == ENC_UTF8)
		return convert_utf8(j, data, len,
				    strcmp(r->from, "detected") && strcmp(r->from, "default"),
				    out, r, e);
	rc = convert_icu(enc->icu, data, len, out, &r->invalid, e);
	if (!rc && bulk_invalid(r->invalid, len))
		rc = err_set(e, DOSSIER_EENCODING,
			     "not %s text: %zu malformed byte sequences", enc->name, r->invalid);
	return rc;
}

/* A byte-order mark settles the encoding; returns its length or 0. */
static size_t bom_encoding(const char *data, size_t len, const struct enc **enc)
{
	static const struct enc le = { ENC_WIDE, "UTF-16LE", "UTF-16LE" };
	static const struct enc be = { ENC_WIDE, "UTF-16BE", "UTF-16BE" };
	static const struct enc le32 = { ENC_WIDE, "UTF-32LE", "UTF-32LE" };
	static const struct enc be32 = { ENC_WIDE, "UTF-32BE", "UTF-32BE" };

	/* UTF-32LE's mark starts like UTF-16LE's: test it first. */
	if (len >= 4 && !memcmp(data, "\xFF\xFE\0\0", 4)) {
		*enc = &le32;
		return 4;
	}
	if (len >= 4 && !memcmp(data, "\0\0\xFE\xFF", 4)) {
		*enc = &be32;
		return 4;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		*enc = &enc_utf8;
		return 3;
	}
	if (len >= 2 && !memcmp(data, "\xFF\xFE", 2)) {
		*enc = &le;
		return 2;
	}
	if (len >= 2 && !memcmp(data, "\xFE\xFF", 2)) {
		*enc = &be;
		return 2;
	}
	return 0;
}

int charset_to_utf8(const char *data, size_t len, const char *content_type,
		    struct buf *out, struct charset_result *r, struct err *e)
{
	struct judge *j;
	struct decl d[3];
	const struct enc *enc = NULL;
	struct enc declared;
	size_t n, bom;
	int rc;

	memset(r, 0, sizeof *r);
	r->from = "default";
	bom = bom_encoding(data, len, &enc);
	if (bom) {
		r->from = "BOM";
		data += bom;
		len -= bom;
	}
	j = calloc(1, sizeof *j);
	if (!j)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	j->data = data;
	j->len = len;
	utf8_stats_of(data, len, &j->u8);
	n = bom ? 0 : find_declarations(data, len, content_type, d);
	for (size_t i = 0; i < n && !enc; i++) {
		if (!label_encoding(d[i].label, &declared))
			continue; /* a label nobody knows is no evidence */
		if (believable(j, &declared)) {
			enc = &declared;
			r->from = d[i].from;
		} else if (!r->overruled[0]) {
			snprintf(r->overruled, sizeof r->overruled, "%s", d[i].label);
		}
	}
	if (!enc)
		enc = detect(j, &declared, &r->from);
	rc = convert(enc, j, data, len, out, r, e);
	free(j);
	return rc;
}
