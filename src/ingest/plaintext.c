/*
 * plaintext.c — plain text, above all think-tank PDFs already turned into
 * text (seed 004), but also any text file with a title and paragraphs.
 *
 * A PDF's text layer keeps the page, not the article: page breaks cut
 * sentences in half ("亞太區域的穩" / "定，自 2023 年"), the photo caption
 * floats above the title, and the publisher's address and phone numbers
 * sit at the end.  The parser works in passes over the input; only the
 * kept text is copied, once, into one arena:
 *
 *  1. lines: split on LF, CR LF, CR and form feed; trimmed; blank lines and
 *     form feeds only mark where a block (a run of lines) starts.
 *  2. line kinds: page furniture (page numbers, Tel:/Fax:/地址 lines,
 *     addresses, bare URLs, copyright, the editor's disclaimer, the
 *     publisher's self-description, running headers) is dropped; a photo
 *     caption becomes an image at once.  Both are transparent for joining,
 *     so a sentence cut by a page number or a caption still joins up.
 *  3. units: lines of one block are joined when the block is hard-wrapped
 *     at a fixed width; a unit that does not end a sentence continues into
 *     the next block unless that block is heading-like.
 *  4. roles: the leading short lines give series name, title, author and
 *     affiliation; short organisation lines at the end name the publisher.
 *
 * Joining never invents a space between CJK characters and keeps one
 * between Latin words and digits.  The title is NULL when the text starts
 * with a sentence rather than a heading-like line.  Captions keep what the reader saw,
 * except a credit that is only a URL ("(圖片來源：<https://...>)"): that
 * becomes a link whose text is the credit label, and the caption is the
 * description alone.  A credit naming a source ("（圖片來源：路透社）") stays
 * in the caption as written.
 */
#include "ingest/ingest_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/utf8.h"

/* Plain text beyond this is not an article; refuse it rather than churn. */
#define PT_MAX_INPUT ((size_t)64 << 20)
/* How much of the input plaintext_sniff() looks at. */
#define PT_SNIFF_MAX ((size_t)64 << 10)
/*
 * Widest heading-like line, in display columns (a CJK character is two):
 * 32 characters of Chinese, longer for Latin-only titles.
 */
#define PT_HEADING_MAX_WIDTH 64
#define PT_HEADING_MAX_WIDTH_LATIN 100
/* How many leading short lines may hold series name, title and byline. */
#define PT_LEAD_MAX 8

enum pt_kind {
	PT_TEXT = 0,
	PT_FURNITURE,
	PT_CAPTION,
};

enum pt_line_flag {
	PT_INDENT = 1,    /* the raw line started with white space */
	PT_BREAK = 2,     /* a blank line, page break or dropped line before */
	PT_PAGE = 4,      /* a form feed before */
};

/* 32-bit offsets keep a line (and a unit) at 16 bytes; PT_MAX_INPUT fits. */
struct pt_line {
	uint32_t off, len;  /* trimmed content, offsets into the input */
	uint32_t width;     /* display columns, CJK counting two */
	unsigned char kind; /* enum pt_kind */
	unsigned char flags;
};

enum pt_role {
	PT_ROLE_PARA = 0,
	PT_ROLE_DROP,
	PT_ROLE_TITLE,
	PT_ROLE_AUTHOR,
	PT_ROLE_AFFIL,
};

/*
 * A paragraph in the making: one or more lines joined.  Its text is
 * text.data[off..off+len) in the context's arena, so that a document of a
 * million one-word lines does not make a million small buffers.
 */
struct pt_unit {
	uint32_t off, len;
	uint32_t n_lines;
	unsigned char closed;       /* ends a sentence */
	unsigned char heading_like; /* one short line without sentence punctuation */
	unsigned char block_start;  /* first unit after a break */
	unsigned char role;         /* enum pt_role */
};

struct pt_ctx {
	const char *data;
	size_t len;
	struct doc *d;
	struct pt_line *lines;
	size_t n_lines;
	struct pt_unit *units;
	size_t n_units;
	struct buf text;        /* the units' text, one spare byte before each */
	size_t n_pages;         /* form feeds seen */
	struct buf disclaimer_source; /* publisher a disclaimer names */
	struct buf colophon_source;   /* publisher an end line names */
	int64_t published;            /* from an issue-date line */
};

/* ---- characters ------------------------------------------------------- */

/* Wide East Asian scripts and their punctuation and full-width forms. */
static int pt_is_cjk(int32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int pt_is_ideograph(int32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int pt_is_ascii_letter(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* ASCII or full-width digit; its value, or -1. */
static int pt_digit(int32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return cp - 0xFF10;
	return -1;
}

/* Something a heading or a name is made of, as opposed to punctuation. */
static int pt_is_wordish(int32_t cp)
{
	return pt_is_ascii_letter(cp) || pt_digit(cp) >= 0 ||
	       pt_is_ideograph(cp) || (cp >= 0xC0 && cp <= 0x24F) ||
	       (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

/* Brackets and ASCII quotes: what is before them decides whether a
 * sentence ended ("(APEC)" at a page end does not end one). */
static int pt_is_transparent_closer(int32_t cp)
{
	switch (cp) {
	case ')': case ']': case '"': case '\'': case '>':
	case 0xFF09: /* ） */ case 0xFF3D: /* ］ */ case 0x3011: /* 】 */
	case 0x3015: /* 〕 */ case 0x3009: /* 〉 */ case 0x300B: /* 》 */
	case 0x3017: /* 〗 */ case 0xFF1E: /* ＞ */
		return 1;
	default:
		return 0;
	}
}

/* Marks that end a sentence, closing CJK quotes included. */
static int pt_is_terminal(int32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?': case ':':
	case 0x3002: /* 。 */ case 0xFF0E: /* ． */ case 0xFF61: /* ｡ */
	case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */ case 0xFF1A: /* ： */
	case 0x2026: /* … */ case 0x22EF: /* ⋯ */
	case 0x300D: /* 」 */ case 0x300F: /* 』 */ case 0xFE42: /* ﹂ */
	case 0xFE44: /* ﹄ */ case 0x201D: /* ” */ case 0x2019: /* ’ */
		return 1;
	default:
		return 0;
	}
}

/* Punctuation after which a sentence obviously goes on. */
static int pt_is_continuing(int32_t cp)
{
	switch (cp) {
	case ',': case ';':
	case 0xFF0C: /* ， */ case 0x3001: /* 、 */ case 0xFF1B: /* ； */
		return 1;
	default:
		return 0;
	}
}

/*
 * The code point ending at `end` (> 0); *start receives its offset.  A
 * malformed tail counts as one bad byte, so walking backwards always
 * makes progress.
 */
static int32_t pt_prev_cp(const char *s, size_t end, size_t *start)
{
	size_t at = utf8_boundary_before(s, end, end - 1);
	size_t p = at;
	int32_t cp = utf8_next(s, end, &p);

	if (p != end) {
		*start = end - 1;
		return -1;
	}
	*start = at;
	return cp;
}

/* The last code point of s[0..len), or -1 when empty. */
static int32_t pt_last_cp(const char *s, size_t len)
{
	size_t start;

	return len ? pt_prev_cp(s, len, &start) : -1;
}

static int32_t pt_first_cp(const char *s, size_t len)
{
	size_t pos = 0;

	return utf8_next(s, len, &pos);
}

/* True when s[0..len) ends a sentence, looking through closing brackets. */
static int pt_ends_sentence(const char *s, size_t len)
{
	size_t end = len;

	while (end > 0) {
		size_t start;
		int32_t cp = pt_prev_cp(s, end, &start);

		if (!pt_is_transparent_closer(cp))
			return pt_is_terminal(cp);
		end = start;
	}
	return 0;
}

/* Display width: East Asian wide characters take two columns. */
static unsigned pt_width(const char *s, size_t len)
{
	size_t pos = 0;
	unsigned w = 0;

	while (pos < len)
		w += pt_is_cjk(utf8_next(s, len, &pos)) ? 2 : 1;
	return w;
}

/* ---- string matching on UTF-8 bytes ------------------------------------ */

static int pt_starts(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return n <= len && memcmp(s, p, n) == 0;
}

static int pt_ends(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return n <= len && memcmp(s + len - n, p, n) == 0;
}

/* Offset of the first `p` in s[0..len), or len when absent. */
static size_t pt_find(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	if (!n || n > len)
		return len;
	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == p[0] && memcmp(s + i, p, n) == 0)
			return i;
	return len;
}

static int pt_has(const char *s, size_t len, const char *p)
{
	return pt_find(s, len, p) < len;
}

static int pt_has_any(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (pt_has(s, len, *list))
			return 1;
	return 0;
}

/* Length of the first entry of `list` that s[0..len) starts with, or 0. */
static size_t pt_starts_any(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (pt_starts(s, len, *list))
			return strlen(*list);
	return 0;
}

static int pt_ends_any(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (pt_ends(s, len, *list))
			return 1;
	return 0;
}

/* True when the code point `cp` occurs in the UTF-8 string `set`. */
static int pt_cp_in(int32_t cp, const char *set)
{
	size_t pos = 0, len = strlen(set);

	while (pos < len)
		if (utf8_next(set, len, &pos) == cp)
			return 1;
	return 0;
}

/* Number of code points of s[0..len) that occur in `set`. */
static size_t pt_count_in(const char *s, size_t len, const char *set)
{
	size_t pos = 0, n = 0;

	while (pos < len)
		n += pt_cp_in(utf8_next(s, len, &pos), set);
	return n;
}

/* s[*off..*off+*len) without white space at either end. */
static void pt_trim(const char *s, size_t *off, size_t *len)
{
	size_t start = utf8_skip_space(s, *off + *len, *off);
	size_t end = utf8_trim_space_end(s, *off + *len);

	if (end < start)
		end = start;
	*off = start;
	*len = end - start;
}

/* ---- word lists --------------------------------------------------------- */

/* Labels that start a contact line; ASCII ones are matched as words. */
static const char *const pt_contact_ascii[] = {
	"tel", "fax", "phone", "telephone", "e-mail", "email", "mail",
	"add", "addr", "address", "web", "website", "url", NULL
};
/* Labels that may be followed by the number without a colon. */
static const char *const pt_phone_labels[] = {
	"tel", "fax", "phone", "telephone", "電話", "电话", "傳真", "传真", NULL
};
static const char *const pt_contact_zh[] = {
	"電話", "电话", "傳真", "传真", "地址", "電郵", "电邮", "信箱", "網址",
	"网址", "網站", "网站", "郵箱", "邮箱", "電子郵件", "电子邮件",
	"聯絡電話", "联系电话", "聯絡地址", "联系地址", "通訊地址", "通讯地址",
	NULL
};
static const char *const pt_copyright_openers[] = {
	"©", "Copyright", "copyright", "COPYRIGHT", "(c)", "(C)", "版權", "版权",
	"著作權", "著作权", NULL
};
static const char *const pt_copyright_marks[] = {
	"版權所有", "版权所有", "著作權所有", "著作权所有", "All rights reserved",
	"All Rights Reserved", "未經授權不得轉載", "未经授权不得转载", "禁止轉載",
	"禁止转载", "轉載請註明", "转载请注明", NULL
};
static const char *const pt_editor_labels[] = {
	"編按", "编按", "編者按", "编者按", "編註", "编注", "免責聲明", "免责声明",
	"聲明", "声明", "註：", "注：", "※", "Disclaimer", "disclaimer", NULL
};
static const char *const pt_stance_words[] = {
	"觀點", "观点", "立場", "立场", "意見", "意见", "看法", "政策", NULL
};
static const char *const pt_represent_words[] = {
	"僅代表", "仅代表", "不代表", "並不代表", "并不代表", "不必然代表", NULL
};
/* An organisation describing itself; what follows the prefix must too. */
static const char *const pt_self_prefixes[] = {
	"本基金會", "本基金会", "本智庫", "本智库", "本研究院", "本研究所",
	"本研究中心", "本中心", "本協會", "本协会", "本學會", "本学会", NULL
};
static const char *const pt_self_words[] = {
	"宗旨", "旨在", "致力", "成立", "智庫", "智库", "學術", "学术", "非營利",
	"非营利", "民間", "民间", "研究", NULL
};
static const char *const pt_legal_prefixes[] = {
	"財團法人", "财团法人", "社團法人", "社团法人", NULL
};
static const char *const pt_org_suffixes[] = {
	"基金會", "基金会", "智庫", "智库", "研究院", "研究所", "研究中心",
	"中心", "協會", "协会", "學會", "学会", "大學", "大学", "學院", "学院",
	"出版社", "雜誌社", "杂志社", "報社", "报社", "Foundation", "Institute",
	"Center", "Centre", NULL
};
static const char *const pt_series_suffixes[] = {
	"論壇", "论坛", "專欄", "专栏", "評論", "评论", "快評", "快评", "觀察",
	"观察", "週報", "周报", "通訊", "通讯", "簡訊", "简讯", "電子報",
	"电子报", "視點", "视点", "Forum", "Commentary", "Newsletter", NULL
};
/* Words an affiliation line (organisation or position) contains. */
static const char *const pt_affil_words[] = {
	"智庫", "智库", "大學", "大学", "學院", "学院", "研究", "中心", "基金會",
	"基金会", "協會", "协会", "學會", "学会", "部", "處", "处", "局", "署",
	"院", "所", "長", "长", "主任", "教授", "記者", "记者", "編輯", "编辑",
	"顧問", "顾问", "委員", "委员", "董事", "執行", "执行", "分析師",
	"分析师", "博士", "University", "Institute", "Professor", "Fellow",
	"Director", "Analyst", "Correspondent", "Editor", NULL
};
static const char *const pt_author_labels[] = {
	"作者：", "作者:", "作者／", "作者/", "文／", "文/", "文：", "撰文：",
	"撰文／", "撰稿：", "撰稿人：", "By ", "by ", "BY ", "Author: ",
	"Author:", NULL
};
/* Common single-character family names, both scripts. */
static const char pt_surnames[] =
	"王李張张劉刘陳陈楊杨黃黄趙赵吳吴周徐孫孙馬马朱胡郭何林高羅罗鄭郑梁"
	"謝谢宋唐許许韓韩馮冯鄧邓曹彭曾蕭萧田董潘袁蔡蔣蒋余于杜葉叶程魏蘇苏"
	"呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石廖賈贾夏韋韦傅方白鄒邹孟熊"
	"秦邱江尹薛閻阎段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱嚴严覃武戴"
	"莫孔向湯汤洪柯翁游賴赖簡简詹施溫温紀纪康連连莊庄涂凌魯鲁宮宫";
static const char *const pt_compound_surnames[] = {
	"歐陽", "欧阳", "司馬", "司马", "諸葛", "诸葛", "上官", "東方", "东方",
	"司徒", "皇甫", "尉遲", "尉迟", "令狐", "慕容", NULL
};
/* Credit labels of a photo caption. */
static const char *const pt_credit_labels[] = {
	"圖片來源", "图片来源", "圖片提供", "图片提供", "照片來源", "照片来源",
	"圖片出處", "图片出处", "圖源", "图源", "攝影", "摄影", "圖／", "图／",
	"圖/", "图/", NULL
};
/* Labels that start a caption line; the label is dropped. */
static const char *const pt_caption_labels[] = {
	"圖：", "图：", "圖:", "图:", "圖說：", "图说：", "圖片說明：",
	"图片说明：", "圖片：", "图片：", "照片：", "Photo: ", "Photo:",
	"Image: ", "Image:", NULL
};
/* Openings that make a whole line a caption, kept as written. */
static const char *const pt_caption_openers[] = {
	"圖為", "图为", "上圖", "上图", "下圖", "下图", NULL
};

/* ---- furniture ---------------------------------------------------------- */

/* "Tel: 886-2-...", "Fax 02 ...", "電話：...", "地址：...", "E-mail: ...". */
static int pt_is_contact(const char *s, size_t len)
{
	size_t pos, n;
	const char *label = NULL;
	int phone = 0;
	int32_t cp;

	if (utf8_length(s, len) > 120)
		return 0;
	for (const char *const *w = pt_contact_ascii; *w && !label; w++) {
		n = strlen(*w);
		if (ascii_starts_ci(s, len, *w) &&
		    (n == len || !pt_is_ascii_letter((unsigned char)s[n])))
			label = *w;
	}
	for (const char *const *w = pt_contact_zh; *w && !label; w++)
		if (pt_starts(s, len, *w))
			label = *w;
	if (!label)
		return 0;
	for (const char *const *w = pt_phone_labels; *w; w++)
		phone |= !strcmp(*w, label);
	pos = utf8_skip_space(s, len, strlen(label));
	if (pos < len && s[pos] == '.')
		pos = utf8_skip_space(s, len, pos + 1);
	if (pos >= len)
		return 0;
	cp = pt_first_cp(s + pos, len - pos);
	/* a label needs its colon; a phone label may be followed by the number */
	return cp == ':' || cp == 0xFF1A ||
	       (phone && (cp == '+' || cp == '(' || pt_digit(cp) >= 0));
}

/* "臺北市汀州路三段 60 巷 1 號", "No. 1, Lane 60, Sec. 3, Tingzhou Rd." */
static int pt_is_address(const char *s, size_t len)
{
	static const char *const streets[] = { "路", "街", "巷", "弄", "道", NULL };
	static const char *const numbers[] = { "號", "号", NULL };
	static const char *const roads[] = {
		" Rd", " Road", " St.", " Street", " Ave", " Avenue", " Lane",
		" Sec.", NULL
	};
	size_t n = utf8_length(s, len);

	if (n > 60 || pt_count_in(s, len, "。，！？；") > 0)
		return 0;
	for (const char *const *num = numbers; *num; num++) {
		size_t at = pt_find(s, len, *num), before;
		int32_t cp;

		if (at >= len)
			continue;
		before = utf8_trim_space_end(s, at);
		if (!before)
			continue;
		/* "1 號", "一號": a house number, not 號召 or 號角 */
		cp = pt_last_cp(s, before);
		if (pt_digit(cp) < 0 && !pt_cp_in(cp, "〇一二三四五六七八九十百"))
			continue;
		for (const char *const *st = streets; *st; st++)
			if (pt_find(s, at, *st) < at)
				return 1;
	}
	return pt_starts(s, len, "No.") && pt_has_any(s, len, roads);
}

/* A line that is only a URL (in <...> or not) or an e-mail address. */
static int pt_is_bare_url(const char *s, size_t len)
{
	int at = 0;

	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		s++;
		len -= 2;
	}
	if (!(ascii_starts_ci(s, len, "http://") || ascii_starts_ci(s, len, "https://") ||
	      ascii_starts_ci(s, len, "ftp://") || ascii_starts_ci(s, len, "www."))) {
		for (size_t i = 0; i < len; i++)
			at += s[i] == '@';
		if (at != 1 || !pt_has(s, len, "."))
			return 0;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '<' || c == '>' || c >= 0x7F)
			return 0;
	}
	return 1;
}

static int pt_is_copyright(const char *s, size_t len)
{
	return utf8_length(s, len) <= 120 &&
	       (pt_starts_any(s, len, pt_copyright_openers) ||
		pt_has_any(s, len, pt_copyright_marks));
}

/*
 * "編按：本文僅代表作者個人觀點，不代表遠景基金會之政策與立場。"  Either an
 * editor's label with a word about whose view it is, or "本文 ... 代表 ...
 * 觀點" however phrased.  A news sentence such as "這不代表美國立場改變"
 * has neither the label nor 本文, so it stays.
 */
static int pt_is_disclaimer(const char *s, size_t len)
{
	if (utf8_length(s, len) > 200)
		return 0;
	if (pt_starts_any(s, len, pt_editor_labels) &&
	    (pt_has(s, len, "代表") || pt_has_any(s, len, pt_stance_words)))
		return 1;
	return pt_has(s, len, "本文") && pt_has_any(s, len, pt_represent_words) &&
	       pt_has_any(s, len, pt_stance_words);
}

/*
 * An organisation a disclaimer names by its kind ("…遠景基金會之政策…",
 * "與觀瀾政策研究院立場無涉"): from the end of an organisation suffix back
 * to the word before the name.  0 when there is none.
 */
static int pt_disclaimer_org(const char *s, size_t len, size_t *off, size_t *n)
{
	static const char *const anchors[] = {
		"不代表", "代表", "與", "与", "和", "及", "，", "：", ":", "、",
		"。", "（", "(", NULL
	};

	for (const char *const *suf = pt_org_suffixes; *suf; suf++) {
		size_t at = pt_find(s, len, *suf), end, start = 0;

		if (at >= len)
			continue;
		end = at + strlen(*suf);
		for (const char *const *a = anchors; *a; a++) {
			size_t from = 0, x;

			while ((x = pt_find(s + from, at - from, *a)) < at - from) {
				if (from + x + strlen(*a) > start)
					start = from + x + strlen(*a);
				from += x + 1;
			}
		}
		start += pt_starts_any(s + start, end - start, pt_legal_prefixes);
		*off = start;
		*n = end - start;
		pt_trim(s, off, n);
		if (*n && utf8_length(s + *off, *n) <= 20 && !pt_starts(s + *off, *n, "本"))
			return 1;
	}
	return 0;
}

/*
 * The publisher a disclaimer names: an organisation by its kind, else what
 * stands between "不代表" and "之" / "的" / a stance word.  "本刊", "本站"
 * and the like are no name.
 */
static int pt_disclaimer_source(const char *s, size_t len, struct buf *out)
{
	static const char *const ends[] = {
		"之", "的", "立場", "立场", "政策", "觀點", "观点", "意見", "意见",
		"看法", "，", "。", NULL
	};
	size_t at = pt_find(s, len, "不代表"), end, off, n;

	if (pt_disclaimer_org(s, len, &off, &n)) {
		buf_reset(out);
		return buf_add(out, s + off, n);
	}
	if (at >= len)
		return DOSSIER_OK;
	off = at + strlen("不代表");
	end = len;
	for (const char *const *e = ends; *e; e++) {
		size_t x = pt_find(s + off, len - off, *e);

		if (x < end - off)
			end = off + x;
	}
	n = end - off;
	pt_trim(s, &off, &n);
	if (!n || pt_starts(s + off, n, "本") || pt_starts(s + off, n, "任何") ||
	    pt_starts(s + off, n, "作者") || utf8_length(s + off, n) > 20 ||
	    utf8_length(s + off, n) < 2)
		return DOSSIER_OK;
	buf_reset(out);
	return buf_add(out, s + off, n);
}

/* "本基金會為研究國際政經情勢之民間學術智庫，旨在…" */
static int pt_is_self_description(const char *s, size_t len)
{
	return utf8_length(s, len) <= 400 && pt_starts_any(s, len, pt_self_prefixes) &&
	       pt_has_any(s, len, pt_self_words);
}

/*
 * "本院為獨立之民間政策研究機構…": the same with a shorter name, which in
 * running text could mean "this court" or "this meeting", so it only
 * counts among the publisher's lines at the end.
 */
static int pt_is_colophon_description(const char *s, size_t len)
{
	static const char *const prefixes[] = {
		"本院", "本會", "本会", "本所", "本社", "本刊", "本機構", "本机构",
		NULL
	};
	static const char *const words[] = {
		"機構", "机构", "出版", "定期", "關注", "关注", NULL
	};

	return utf8_length(s, len) <= 400 && pt_starts_any(s, len, prefixes) &&
	       (pt_has_any(s, len, pt_self_words) || pt_has_any(s, len, words));
}

/* ---- issue dates -------------------------------------------------------- */

/* Reads 1..`max` ASCII or full-width digits at s[*pos], skipping spaces first. */
static int pt_read_number(const char *s, size_t len, size_t *pos, int max, int *out)
{
	int n = 0, v = 0;

	*pos = utf8_skip_space(s, len, *pos);
	while (*pos < len && n < max) {
		size_t p = *pos;
		int dg = pt_digit(utf8_next(s, len, &p));

		if (dg < 0)
			break;
		v = v * 10 + dg;
		n++;
		*pos = p;
	}
	*out = v;
	return n > 0;
}

/* Skips spaces and one of the separators in `set` at s[*pos]. */
static int pt_read_sep(const char *s, size_t len, size_t *pos, const char *set)
{
	size_t p = utf8_skip_space(s, len, *pos);

	if (p >= len || !pt_cp_in(utf8_next(s, len, &p), set))
		return 0;
	*pos = p;
	return 1;
}

static int pt_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

/*
 * A line that is only a date, "2024 年 1 月 19 日" or "2024-01-19", maybe
 * labelled ("本期出刊：…", "…發布", "Published: …").  Fills *when with
 * midnight UTC+8 (Taipei, Beijing and Hong Kong alike, none with daylight
 * saving) and *labelled.  0 when the line is anything else.
 */
static int pt_date_line(const char *s, size_t len, int64_t *when, int *labelled)
{
	static const char *const labels[] = {
		"本期出刊", "本期出版", "本文發布", "本文发布", "本文發表",
		"本文发表", "出版日期", "發布日期", "发布日期", "發表日期",
		"发表日期", "出刊日期", "出刊", "出版", "發布", "发布", "發表",
		"发表", "刊出", "發行", "发行", "日期", "Published", "Date", NULL
	};
	size_t pos = 0, lab;
	int y, m, d;

	if (utf8_length(s, len) > 40)
		return 0;
	lab = pt_starts_any(s, len, labels);
	*labelled = lab > 0;
	pos = lab;
	if (lab)
		pt_read_sep(s, len, &pos, ":：");
	if (!pt_read_number(s, len, &pos, 4, &y) || y < 1900 || y > 2100 ||
	    !pt_read_sep(s, len, &pos, "年-/.") ||
	    !pt_read_number(s, len, &pos, 2, &m) || m < 1 || m > 12 ||
	    !pt_read_sep(s, len, &pos, "月-/.") ||
	    !pt_read_number(s, len, &pos, 2, &d) || d < 1 || d > 31)
		return 0;
	if (d > pt_days_in_month(y, m))
		return 0;
	pt_read_sep(s, len, &pos, "日");
	pos = utf8_skip_space(s, len, pos);
	if (pos < len) {
		size_t rest = pt_starts_any(s + pos, len - pos, labels);

		if (!rest || utf8_skip_space(s, len, pos + rest) < len)
			return 0;
		*labelled = 1;
	}
	*when = datetime_from_utc(y, m, d, 0, 0, 0, 0) - (int64_t)8 * 3600 * 1000;
	return 1;
}

/* ---- captions ----------------------------------------------------------- */

struct pt_caption {
	size_t desc_len;           /* description: s[0..desc_len) */
	size_t url_off, url_len;   /* a credit that is only a URL, or url_len 0 */
	const char *label;         /* the credit label found, for the link */
	int as_written;            /* caption is the whole line */
	size_t label_skip;         /* a leading caption label to drop */
};

/* The URL a credit holds, when it holds nothing else. */
static int pt_credit_url(const char *s, size_t off, size_t len,
			 size_t *url_off, size_t *url_len)
{
	pt_trim(s, &off, &len);
	if (len >= 2 && s[off] == '<' && s[off + len - 1] == '>') {
		off++;
		len -= 2;
	}
	if (!len || !pt_is_bare_url(s + off, len) || pt_has(s + off, len, "@"))
		return 0;
	*url_off = off;
	*url_len = len;
	return 1;
}

/*
 * Finds a credit "(圖片來源：...)" ending the line, or "圖片來源：..."
 * without brackets; the description is what precedes it.
 */
static int pt_find_credit(const char *s, size_t len, struct pt_caption *cap)
{
	for (const char *const *lab = pt_credit_labels; *lab; lab++) {
		size_t at = pt_find(s, len, *lab), open = at, body, end = len;
		int32_t cp;

		if (at >= len)
			continue;
		body = at + strlen(*lab);
		body = utf8_skip_space(s, len, body);
		cp = body < len ? pt_first_cp(s + body, len - body) : -1;
		if (cp == ':' || cp == 0xFF1A || cp == '/' || cp == 0xFF0F)
			utf8_next(s, len, &body);
		else if (!pt_ends(*lab, strlen(*lab), "／") && !pt_ends(*lab, strlen(*lab), "/"))
			continue; /* "攝影師說…" is no credit */
		if (at > 0) {
			size_t before;
			int32_t b = pt_prev_cp(s, at, &before);

			if (b == '(' || b == 0xFF08 || b == '[' || b == 0x3010) {
				open = before;
				if (pt_is_transparent_closer(pt_last_cp(s, len)))
					pt_prev_cp(s, len, &end);
			}
		}
		if (end < body)
			continue;
		/* a credit is short unless it is a URL */
		if (!pt_credit_url(s, body, end - body, &cap->url_off, &cap->url_len) &&
		    utf8_length(s + body, end - body) > 40)
			continue;
		cap->desc_len = open;
		cap->label = *lab;
		return 1;
	}
	return 0;
}

/* True when the line is a photo caption; fills `cap`. */
static int pt_is_caption(const char *s, size_t len, struct pt_caption *cap)
{
	memset(cap, 0, sizeof *cap);
	if (utf8_length(s, len) > 400)
		return 0;
	cap->label_skip = pt_starts_any(s, len, pt_caption_labels);
	if (cap->label_skip) {
		if (!pt_find_credit(s, len, cap))
			cap->as_written = 1;
		return 1;
	}
	if (pt_find_credit(s, len, cap))
		return 1;
	if (pt_starts_any(s, len, pt_caption_openers) && utf8_length(s, len) <= 200) {
		cap->as_written = 1;
		return 1;
	}
	return 0;
}

/* ---- building text ------------------------------------------------------ */

/*
 * Appends s[0..len) cleaned: runs of white space and control characters
 * become one space (never at the start of the text begun at b->data +
 * start, nor at its end), malformed bytes U+FFFD.
 */
static int pt_add_clean(struct buf *b, size_t start, const char *s, size_t len)
{
	size_t pos = 0;
	int space = 0, rc = DOSSIER_OK;

	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (cp >= 0 && (utf8_is_space(cp) || cp < 0x20 || cp == 0x7F ||
				(cp >= 0x80 && cp < 0xA0))) {
			space = 1;
			continue;
		}
		if (space && b->len > start && b->data[b->len - 1] != ' ')
			rc = buf_addc(b, ' ');
		space = 0;
		if (rc)
			break;
		rc = cp < 0 ? utf8_add(b, UTF8_REPLACEMENT) : buf_add(b, s + at, pos - at);
	}
	return rc;
}

/*
 * Whether joining text p[0..len) (not empty) and text starting with `next`
 * across a line or page break takes a space: none next to CJK, one between
 * Latin words and digits, none after a word-final hyphen ("well-" +
 * "known").
 */
static int pt_join_space(const char *p, size_t len, int32_t next)
{
	size_t start, s2;
	int32_t prev = pt_prev_cp(p, len, &start);

	if (pt_is_cjk(prev) || pt_is_cjk(next) || prev == ' ')
		return 0;
	return !(prev == '-' && start > 0 &&
		 pt_is_ascii_letter(pt_prev_cp(p, start, &s2)));
}

/*
 * A short line with no sentence punctuation: a title, a section heading,
 * a byline, a series or organisation name.
 */
static int pt_heading_like(const char *s, size_t len)
{
	size_t pos = 0;
	int words = 0;
	int32_t first = pt_first_cp(s, len), last = pt_last_cp(s, len);

	unsigned width = pt_width(s, len);

	if (!len || width > PT_HEADING_MAX_WIDTH_LATIN ||
	    (width > PT_HEADING_MAX_WIDTH && width != utf8_length(s, len)))
		return 0;
	if (first == '(' || first == 0xFF08 || pt_ends_sentence(s, len) ||
	    pt_is_continuing(last))
		return 0;
	if (pt_count_in(s, len, "。！？；") || pt_count_in(s, len, "，,、") > 1)
		return 0;
	while (pos < len)
		words += pt_is_wordish(utf8_next(s, len, &pos));
	return words > 0;
}

/* ---- pass 1: lines ------------------------------------------------------ */

/* True when s[0..len) shows anything: control characters alone do not. */
static int pt_has_visible(const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		int32_t cp = utf8_next(s, len, &pos);

		if (cp < 0 || (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)))
			return 1;
	}
	return 0;
}

static int pt_add_line(struct pt_ctx *c, size_t *cap, size_t off, size_t len,
		       unsigned flags)
{
	size_t start = off, n = len;

	pt_trim(c->data, &start, &n);
	if (!n || !pt_has_visible(c->data + start, n))
		return DOSSIER_OK;
	if (start > off)
		flags |= PT_INDENT;
	if (c->n_lines == *cap) {
		size_t want = *cap ? *cap * 2 : 64;
		struct pt_line *p = realloc(c->lines, want * sizeof *p);

		if (!p)
			return DOSSIER_ENOMEM;
		c->lines = p;
		*cap = want;
	}
	c->lines[c->n_lines].off = (uint32_t)start;
	c->lines[c->n_lines].len = (uint32_t)n;
	c->lines[c->n_lines].width = pt_width(c->data + start, n);
	c->lines[c->n_lines].kind = PT_TEXT;
	c->lines[c->n_lines].flags = (unsigned char)flags;
	c->n_lines++;
	return DOSSIER_OK;
}

/* Splits the input into trimmed non-blank lines with break flags. */
static int pt_split_lines(struct pt_ctx *c, size_t pos)
{
	size_t cap = 0, start = pos;
	unsigned flags = PT_BREAK;
	int rc = DOSSIER_OK;

	while (pos <= c->len && !rc) {
		char ch = pos < c->len ? c->data[pos] : '\n';
		size_t before = c->n_lines;

		if (ch != '\n' && ch != '\r' && ch != '\f') {
			pos++;
			continue;
		}
		rc = pt_add_line(c, &cap, start, pos - start, flags);
		if (c->n_lines > before)
			flags = 0;
		else
			flags |= PT_BREAK; /* a blank line */
		if (ch == '\f') {
			flags |= PT_BREAK | PT_PAGE;
			c->n_pages++;
		}
		if (ch == '\r' && pos + 1 < c->len && c->data[pos + 1] == '\n')
			pos++;
		start = ++pos;
	}
	return rc;
}

/* ---- pass 2: line kinds ------------------------------------------------- */

struct pt_key {
	const char *s;
	size_t len, line;
};

static int pt_key_cmp(const void *a, const void *b)
{
	const struct pt_key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);

	if (r)
		return r;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Running headers and footers: in a paginated text, a short line that
 * comes back three times or more.  One that first shows before any body
 * text keeps that first place, since a running header often repeats the
 * title.
 */
static int pt_mark_running_lines(struct pt_ctx *c)
{
	struct pt_key *keys;
	size_t n = 0, first_body = 0;

	if (c->n_pages < 2)
		return DOSSIER_OK;
	while (first_body < c->n_lines &&
	       c->lines[first_body].width <= PT_HEADING_MAX_WIDTH)
		first_body++;
	keys = malloc(c->n_lines * sizeof *keys);
	if (!keys)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < c->n_lines; i++) {
		struct pt_line *l = &c->lines[i];

		if (l->kind == PT_TEXT && l->width <= PT_HEADING_MAX_WIDTH) {
			keys[n].s = c->data + l->off;
			keys[n].len = l->len;
			keys[n].line = i;
			n++;
		}
	}
	qsort(keys, n, sizeof *keys, pt_key_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && keys[j].len == keys[i].len &&
		       !memcmp(keys[j].s, keys[i].s, keys[i].len))
			j++;
		if (j - i >= 3)
			for (size_t k = i; k < j; k++)
				if (k > i || keys[k].line > first_body)
					c->lines[keys[k].line].kind = PT_FURNITURE;
		i = j;
	}
	free(keys);
	return DOSSIER_OK;
}

/* Stores a caption line as an image, its URL credit as a link. */
static int pt_add_caption(struct pt_ctx *c, const char *s, size_t len,
			  const struct pt_caption *cap)
{
	struct buf text = BUF_INIT, url = BUF_INIT;
	size_t off = cap->label_skip, n;
	int rc;

	if (cap->as_written || !cap->url_len)
		n = len - off;
	else
		n = cap->desc_len > off ? cap->desc_len - off : 0;
	pt_trim(s, &off, &n);
	rc = pt_add_clean(&text, 0, s + off, n);
	if (!rc && cap->url_len)
		rc = buf_add(&url, s + cap->url_off, cap->url_len);
	if (!rc)
		rc = doc_add_image(c->d, NULL, text.len ? text.data : NULL);
	if (!rc && cap->url_len)
		rc = doc_add_link(c->d, url.data, cap->label);
	buf_release(&text);
	buf_release(&url);
	return rc;
}

static int pt_is_furniture(const char *s, size_t len)
{
	/* The same page numbers as in a PDF's text layer (pdf.c). */
	return pdf_is_page_number(s, len) || pt_is_contact(s, len) ||
	       pt_is_address(s, len) || pt_is_bare_url(s, len) ||
	       pt_is_copyright(s, len) || pt_is_self_description(s, len);
}

/*
 * Drops furniture lines and stores captions.  A bare date line counts as
 * the issue date only outside the body (before its first long line or
 * after its last), where a timeline's dated headings cannot be.
 */
static int pt_classify_lines(struct pt_ctx *c)
{
	size_t first_long = c->n_lines, last_long = 0;
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < c->n_lines; i++) {
		if (c->lines[i].width > PT_HEADING_MAX_WIDTH) {
			if (first_long == c->n_lines)
				first_long = i;
			last_long = i;
		}
	}
	for (size_t i = 0; i < c->n_lines && !rc; i++) {
		struct pt_line *l = &c->lines[i];
		const char *s = c->data + l->off;
		struct pt_caption cap;
		int64_t when;
		int labelled;

		if (pt_date_line(s, l->len, &when, &labelled) &&
		    (labelled || i < first_long || i > last_long)) {
			l->kind = PT_FURNITURE;
			if (c->published == DOC_TIME_NONE)
				c->published = when;
		} else if (pt_is_disclaimer(s, l->len)) {
			l->kind = PT_FURNITURE;
			rc = pt_disclaimer_source(s, l->len, &c->disclaimer_source);
		} else if (pt_is_furniture(s, l->len)) {
			l->kind = PT_FURNITURE;
		} else if (pt_is_caption(s, l->len, &cap)) {
			l->kind = PT_CAPTION;
			rc = pt_add_caption(c, s, l->len, &cap);
		}
	}
	if (!rc)
		rc = pt_mark_running_lines(c);
	return rc;
}

/* ---- pass 3: units ------------------------------------------------------ */

/*
 * Whether line `i` of a block whose widest line is `w` columns goes on in
 * the next line: it was wrapped at the block's width and did not end a
 * sentence (or ended one at the margin in Latin text, where a wrap after
 * "." is common).  An indented next line starts a new paragraph.
 */
static int pt_line_continues(const struct pt_ctx *c, size_t i, unsigned w,
			     int all_indented)
{
	const struct pt_line *l = &c->lines[i], *next = &c->lines[i + 1];
	const char *s = c->data + l->off;
	int32_t last = pt_last_cp(s, l->len);
	unsigned slack = pt_is_cjk(last) ? w / 8 + 2 : w / 4;
	int full = w >= 20 && l->width + slack >= w;

	if ((next->flags & PT_INDENT) && !all_indented)
		return 0;
	if (pt_ends_sentence(s, l->len))
		return full && !pt_is_cjk(last) && last >= 0 && last < 0x80;
	return full || pt_is_continuing(last);
}

static const char *pt_utext(const struct pt_ctx *c, const struct pt_unit *u)
{
	return c->text.data + u->off;
}

/*
 * Starts a unit at the end of the arena, after a spare byte that a merge
 * with the previous unit turns into the joining space or removes.
 */
static int pt_new_unit(struct pt_ctx *c, int block_start)
{
	struct pt_unit *u = &c->units[c->n_units];
	int rc = buf_addc(&c->text, ' ');

	if (rc)
		return rc;
	memset(u, 0, sizeof *u);
	u->off = (uint32_t)c->text.len;
	u->block_start = (unsigned char)block_start;
	c->n_units++;
	return DOSSIER_OK;
}

/* Appends a line to the open (last) unit. */
static int pt_unit_add_line(struct pt_ctx *c, const char *s, size_t len)
{
	struct pt_unit *u = &c->units[c->n_units - 1];
	size_t have = c->text.len - u->off;

	u->n_lines++;
	if (have && pt_join_space(pt_utext(c, u), have, pt_first_cp(s, len))) {
		int rc = buf_addc(&c->text, ' ');

		if (rc)
			return rc;
	}
	return pt_add_clean(&c->text, u->off, s, len);
}

/*
 * Page breaks cut paragraphs: a unit that does not end a sentence goes on
 * in the next block, unless one of the two is heading-like.  After a comma
 * or the like the sentence surely goes on, however short the next block.
 */
static int pt_should_merge(const struct pt_ctx *c, const struct pt_unit *p,
			   const struct pt_unit *u)
{
	return u->block_start && !p->closed && !p->heading_like &&
	       (!u->heading_like ||
		pt_is_continuing(pt_last_cp(pt_utext(c, p), p->len)));
}

/*
 * Closes the last unit, merging it into the one before when a page break
 * cut them apart.  The previous unit ends right before this one's spare
 * byte, so the merge happens in place.
 */
static void pt_finish_unit(struct pt_ctx *c)
{
	struct pt_unit *u = &c->units[c->n_units - 1];
	struct pt_unit *p = c->n_units > 1 ? u - 1 : NULL;
	char *s = c->text.data + u->off;

	u->len = (uint32_t)(c->text.len - u->off);
	u->closed = (unsigned char)pt_ends_sentence(s, u->len);
	u->heading_like = u->n_lines == 1 && pt_heading_like(s, u->len);
	if (!u->len) {
		buf_truncate(&c->text, u->off - 1);
		c->n_units--;
		return;
	}
	if (!p || !pt_should_merge(c, p, u))
		return;
	if (pt_join_space(pt_utext(c, p), p->len, pt_first_cp(s, u->len))) {
		p->len += 1 + u->len;
	} else {
		memmove(s - 1, s, u->len);
		p->len += u->len;
		buf_truncate(&c->text, c->text.len - 1);
	}
	p->n_lines += u->n_lines;
	p->closed = u->closed;
	p->heading_like = 0;
	c->n_units--;
}

/* Joins the text lines of one block, lines [from, to), into units. */
static int pt_block_units(struct pt_ctx *c, size_t from, size_t to)
{
	unsigned w = 0;
	int all_indented = 1, rc = DOSSIER_OK, open = 0;

	for (size_t i = from; i < to; i++) {
		if (c->lines[i].width > w)
			w = c->lines[i].width;
		if (i > from && !(c->lines[i].flags & PT_INDENT))
			all_indented = 0;
	}
	for (size_t i = from; i < to && !rc; i++) {
		const struct pt_line *l = &c->lines[i];

		if (!open) {
			rc = pt_new_unit(c, i == from);
			open = 1;
		}
		if (!rc)
			rc = pt_unit_add_line(c, c->data + l->off, l->len);
		if (!rc && (i + 1 == to || !pt_line_continues(c, i, w, all_indented))) {
			pt_finish_unit(c);
			open = 0;
		}
	}
	return rc;
}

static int pt_build_units(struct pt_ctx *c)
{
	size_t from = 0;
	int rc = DOSSIER_OK;

	c->units = malloc((c->n_lines ? c->n_lines : 1) * sizeof *c->units);
	if (!c->units)
		return DOSSIER_ENOMEM;
	/* dropped lines and captions break blocks as a blank line would */
	for (size_t i = 0; i <= c->n_lines && !rc; i++) {
		int end = i == c->n_lines || c->lines[i].kind != PT_TEXT ||
			  (c->lines[i].flags & PT_BREAK);

		if (end && from < i) {
			rc = pt_block_units(c, from, i);
		}
		if (end)
			from = (i < c->n_lines && c->lines[i].kind != PT_TEXT) ? i + 1 : i;
	}
	return rc;
}

/* ---- pass 4: roles ------------------------------------------------------ */

/* One Chinese personal name: 2-3 ideographs after a common family name,
 * or 3-4 after a two-character one. */
static int pt_cjk_name(const char *s, size_t len)
{
	size_t pos = 0, n = 0;
	int32_t first = pt_first_cp(s, len);

	while (pos < len) {
		if (!pt_is_ideograph(utf8_next(s, len, &pos)))
			return 0;
		n++;
	}
	if (pt_starts_any(s, len, pt_compound_surnames))
		return n >= 3 && n <= 4;
	return n >= 2 && n <= 3 && pt_cp_in(first, pt_surnames);
}

/* One or more names separated by 、 ， , or spaces: "李明峻", "王小明、陳大文". */
static int pt_names(const char *s, size_t len)
{
	size_t start = 0, pos = 0, names = 0;

	while (pos <= len) {
		size_t at = pos;
		int32_t cp = pos < len ? utf8_next(s, len, &pos) : -1;

		if (at < len && cp != 0x3001 && cp != 0xFF0C && cp != ',' && cp != ' ')
			continue;
		if (at > start) {
			if (!pt_cjk_name(s + start, at - start) || ++names > 4)
				return 0;
		}
		if (at >= len)
			break;
		start = pos;
	}
	return names > 0;
}

/*
 * Splits a byline "作者：李明峻（新台灣國策智庫研發長）" into name and
 * affiliation offsets; returns 1 when it is one.
 */
static int pt_byline(const char *s, size_t len, size_t *name_off, size_t *name_len,
		     size_t *affil_off, size_t *affil_len)
{
	size_t label = pt_starts_any(s, len, pt_author_labels);
	size_t off = label, n = len - label;
	int32_t last = pt_last_cp(s, len);

	*affil_len = 0;
	if (last == ')' || last == 0xFF09) {
		size_t open = pt_find(s + off, n, last == ')' ? "(" : "（");

		if (open < n) {
			*affil_off = off + open + (last == ')' ? 1 : 3);
			*affil_len = len - (last == ')' ? 1 : 3) - *affil_off;
			pt_trim(s, affil_off, affil_len);
			n = open;
		}
	}
	pt_trim(s, &off, &n);
	*name_off = off;
	*name_len = n;
	if (!n || utf8_length(s + off, n) > 40 || pt_ends_sentence(s + off, n))
		return 0;
	if (label)
		return 1;
	return pt_names(s + off, n);
}

static int pt_author_like(const struct pt_ctx *c, const struct pt_unit *u)
{
	size_t a, b, x, y;

	return u->heading_like && pt_byline(pt_utext(c, u), u->len, &a, &b, &x, &y);
}

static int pt_affil_like(const struct pt_ctx *c, const struct pt_unit *u)
{
	return u->heading_like && pt_has_any(pt_utext(c, u), u->len, pt_affil_words);
}

/* A title may ask: "台灣會是下一個烏克蘭？" */
static int pt_question_like(const struct pt_ctx *c, const struct pt_unit *u)
{
	const char *s = pt_utext(c, u);
	int32_t last = pt_last_cp(s, u->len);

	return u->n_lines == 1 && (last == '?' || last == 0xFF1F || last == '!' ||
				   last == 0xFF01) &&
	       pt_width(s, u->len) <= PT_HEADING_MAX_WIDTH &&
	       !pt_count_in(s, u->len, "。；");
}

static int pt_series_like(const struct pt_ctx *c, const struct pt_unit *u)
{
	return u->heading_like && pt_ends_any(pt_utext(c, u), u->len,
					      pt_series_suffixes);
}

/*
 * Title, byline and series name among the leading short lines.  With a
 * byline, the title is the line just above it; without, the first line
 * that is not a series name.  Short lines above the title (series names,
 * kickers such as 遠景論壇) are neither title nor text.
 */
static void pt_find_front(struct pt_ctx *c)
{
	size_t lead = 0, title, a;

	while (lead < c->n_units && lead < PT_LEAD_MAX &&
	       (c->units[lead].heading_like || pt_question_like(c, &c->units[lead])))
		lead++;
	if (!lead)
		return;
	for (a = 1; a < lead; a++)
		if (pt_author_like(c, &c->units[a]))
			break;
	if (a < lead) {
		title = a - 1;
		c->units[a].role = PT_ROLE_AUTHOR;
		if (a + 1 < lead && pt_affil_like(c, &c->units[a + 1]) &&
		    !pt_author_like(c, &c->units[a + 1]))
			c->units[a + 1].role = PT_ROLE_AFFIL;
	} else {
		title = lead > 1 && pt_series_like(c, &c->units[0]) ? 1 : 0;
	}
	c->units[title].role = PT_ROLE_TITLE;
	for (size_t i = 0; i < title; i++) {
		const struct pt_unit *u = &c->units[i];

		if (pt_series_like(c, u) || utf8_length(pt_utext(c, u), u->len) <= 10)
			c->units[i].role = PT_ROLE_DROP;
	}
}

/* The publisher's name at the end ("財團法人兩岸交流遠景基金會"). */
static int pt_org_like(const struct pt_ctx *c, const struct pt_unit *u)
{
	const char *s = pt_utext(c, u);

	return u->heading_like && utf8_length(s, u->len) <= 40 &&
	       (pt_starts_any(s, u->len, pt_legal_prefixes) ||
		pt_ends_any(s, u->len, pt_org_suffixes));
}

/* Drops organisation lines closing the text, keeping the name as source. */
static int pt_find_colophon(struct pt_ctx *c)
{
	for (size_t i = c->n_units; i-- > 0;) {
		struct pt_unit *u = &c->units[i];
		size_t skip;

		if (u->role != PT_ROLE_PARA)
			break;
		if (pt_is_colophon_description(pt_utext(c, u), u->len)) {
			u->role = PT_ROLE_DROP;
			continue;
		}
		if (!pt_org_like(c, u))
			break;
		u->role = PT_ROLE_DROP;
		skip = pt_starts_any(pt_utext(c, u), u->len, pt_legal_prefixes);
		buf_reset(&c->colophon_source);
		if (buf_add(&c->colophon_source, pt_utext(c, u) + skip, u->len - skip))
			return DOSSIER_ENOMEM;
		buf_trim(&c->colophon_source);
	}
	return DOSSIER_OK;
}

/* ---- output ------------------------------------------------------------- */

/* Length of the URL at s[0..len) (which starts with a scheme or www.). */
static size_t pt_url_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len) {
		unsigned char ch = (unsigned char)s[n];

		if (ch <= ' ' || ch >= 0x7F || ch == '<' || ch == '>' || ch == '"')
			break;
		n++;
	}
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';' ||
			 s[n - 1] == ':' || s[n - 1] == '!' || s[n - 1] == '?' ||
			 s[n - 1] == ')'))
		n--;
	return n;
}

/*
 * Adds a paragraph; URLs in it ("<https://...>" as converters write them,
 * or bare) become links, and lose their angle brackets.
 */
static int pt_emit_para(struct pt_ctx *c, enum doc_para_kind kind,
			const char *s, size_t len)
{
	struct buf out = BUF_INIT, href = BUF_INIT;
	size_t pos = 0;
	int rc = DOSSIER_OK;

	while (pos < len && !rc) {
		int angle = s[pos] == '<';
		size_t at = pos + (size_t)angle, n;

		if ((angle || pos == 0 || !(pt_is_ascii_letter((unsigned char)s[pos - 1]) ||
					    pt_digit((unsigned char)s[pos - 1]) >= 0)) &&
		    (ascii_starts_ci(s + at, len - at, "http://") ||
		     ascii_starts_ci(s + at, len - at, "https://")) &&
		    (n = pt_url_len(s + at, len - at)) > 8) {
			buf_reset(&href);
			rc = buf_add(&href, s + at, n);
			if (!rc)
				rc = buf_add(&out, s + at, n);
			if (!rc)
				rc = doc_add_link(c->d, href.data, href.data);
			pos = at + n;
			if (angle && pos < len && s[pos] == '>')
				pos++;
			continue;
		}
		rc = buf_addc(&out, s[pos++]);
	}
	if (!rc)
		rc = doc_add_para(c->d, kind, out.data);
	buf_release(&out);
	buf_release(&href);
	return rc;
}

static int pt_emit_byline(struct pt_ctx *c, const struct pt_unit *u)
{
	size_t no, nl, ao, al;
	const char *s = pt_utext(c, u);
	int rc;

	pt_byline(s, u->len, &no, &nl, &ao, &al);
	rc = doc_set(&c->d->author, s + no, nl);
	if (!rc && al && !c->d->affiliation)
		rc = doc_set(&c->d->affiliation, s + ao, al);
	return rc;
}

static int pt_emit(struct pt_ctx *c)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < c->n_units && !rc; i++) {
		const struct pt_unit *u = &c->units[i];

		switch (u->role) {
		case PT_ROLE_TITLE:
			rc = doc_set(&c->d->title, pt_utext(c, u), u->len);
			break;
		case PT_ROLE_AUTHOR:
			rc = pt_emit_byline(c, u);
			break;
		case PT_ROLE_AFFIL:
			rc = doc_set(&c->d->affiliation, pt_utext(c, u), u->len);
			break;
		case PT_ROLE_DROP:
			break;
		default:
			rc = pt_emit_para(c, u->heading_like ? DOC_PARA_HEADING
							     : DOC_PARA_TEXT,
					  pt_utext(c, u), u->len);
		}
	}
	if (!rc && c->disclaimer_source.len)
		rc = doc_set(&c->d->source, c->disclaimer_source.data,
			     c->disclaimer_source.len);
	else if (!rc && c->colophon_source.len)
		rc = doc_set(&c->d->source, c->colophon_source.data,
			     c->colophon_source.len);
	if (!rc && c->published != DOC_TIME_NONE && c->d->published == DOC_TIME_NONE)
		c->d->published = c->published;
	if (!rc)
		rc = doc_set(&c->d->format, "text", (size_t)-1);
	return rc;
}

/* ---- entry points ------------------------------------------------------- */

static size_t pt_skip_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

/* `<!--digits-->` on the first non-blank line after optional front matter. */
static int pt_looks_like_record(const char *s, size_t len, size_t pos)
{
	size_t n = 0;

	if (pt_starts(s + pos, len - pos, "---")) {
		size_t end = pt_find(s + pos + 3, len - pos - 3, "\n---");

		if (end >= len - pos - 3)
			return 0;
		pos += 3 + end + 4;
		while (pos < len && s[pos] == '-')
			pos++;
		pos = utf8_skip_space(s, len, pos);
	}
	if (!pt_starts(s + pos, len - pos, "<!--"))
		return 0;
	pos += 4;
	while (pos + n < len && s[pos + n] >= '0' && s[pos + n] <= '9')
		n++;
	return n > 0 && pt_starts(s + pos + n, len - pos - n, "-->");
}

/* Control bytes other than tab, line and page breaks; NUL counts double. */
static int pt_looks_binary(const char *s, size_t len)
{
	size_t ctrl = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!ch)
			return 1;
		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' &&
		     ch != '\f' && ch != '\v') || ch == 0x7F)
			ctrl++;
	}
	return ctrl >= 2 && ctrl * 100 > len;
}

/* "<p>", "</div>", "<!DOCTYPE", "<?xml": not autolinks such as "<https://...>". */
static size_t pt_count_tags(const char *s, size_t len)
{
	size_t tags = 0;

	for (size_t i = 0; i + 1 < len; i++) {
		unsigned char next = (unsigned char)s[i + 1];
		size_t j;

		if (s[i] != '<' || !(pt_is_ascii_letter(next) || next == '/' ||
				     next == '!' || next == '?'))
			continue;
		if (ascii_starts_ci(s + i + 1, len - i - 1, "http://") ||
		    ascii_starts_ci(s + i + 1, len - i - 1, "https://") ||
		    ascii_starts_ci(s + i + 1, len - i - 1, "mailto:") ||
		    ascii_starts_ci(s + i + 1, len - i - 1, "www."))
			continue;
		for (j = i + 1; j < len && j < i + 512; j++)
			if (s[j] == '>' || s[j] == '<' || s[j] == '\n')
				break;
		if (j < len && s[j] == '>')
			tags++;
	}
	return tags;
}

int plaintext_sniff(const char *data, size_t len)
{
	size_t n = len < PT_SNIFF_MAX ? len : PT_SNIFF_MAX;
	size_t pos = utf8_skip_space(data, n, pt_skip_bom(data, n));
	size_t tags;

	if (pt_looks_binary(data, n) || pt_starts(data + pos, n - pos, "%PDF-"))
		return 0;
	if (pos < n && data[pos] == '<' &&
	    !ascii_starts_ci(data + pos, n - pos, "<http://") &&
	    !ascii_starts_ci(data + pos, n - pos, "<https://"))
		return 0;
	if (pt_looks_like_record(data, n, pos))
		return 0;
	tags = pt_count_tags(data, n);
	return !(tags >= 5 && tags * 512 >= n);
}

int plaintext_parse(const char *data, size_t len, struct doc *d, struct err *e)
{
	struct pt_ctx c;
	size_t start = pt_skip_bom(data, len);
	int rc;

	memset(&c, 0, sizeof c);
	c.data = data;
	c.len = len;
	c.d = d;
	c.published = DOC_TIME_NONE;
	buf_init(&c.text, 0);
	buf_init(&c.disclaimer_source, 1024);
	buf_init(&c.colophon_source, 1024);
	if (len > PT_MAX_INPUT) {
		rc = err_set(e, DOSSIER_ETOOBIG,
			     "plain text of %zu bytes is beyond the %zu-byte limit",
			     len, PT_MAX_INPUT);
		goto fail;
	}
	if (utf8_skip_space(data, len, start) >= len) {
		rc = err_set(e, DOSSIER_EEMPTY, "empty text: nothing but white space");
		goto fail;
	}
	rc = pt_split_lines(&c, start);
	if (!rc)
		rc = pt_classify_lines(&c);
	if (!rc)
		rc = pt_build_units(&c);
	/* the lines are done with; give their memory back before the doc grows */
	free(c.lines);
	c.lines = NULL;
	if (!rc) {
		pt_find_front(&c);
		rc = pt_find_colophon(&c);
	}
	if (!rc)
		rc = pt_emit(&c);
	if (rc) {
		rc = err_set(e, rc, "cannot parse plain text: %s", err_rc_str(rc));
		goto fail;
	}
	if (!d->n_paras && !d->title) {
		rc = err_set(e, DOSSIER_EEMPTY,
			     "no text: only page furniture (page numbers, addresses, "
			     "contact lines, URLs, captions)");
		goto fail;
	}
fail:
	buf_release(&c.text);
	free(c.units);
	free(c.lines);
	buf_release(&c.disclaimer_source);
	buf_release(&c.colophon_source);
	return rc;
}
