/*
 * Name pairs: 中文名（Latin Name）.  Chinese-language reports give a
 * foreigner's or an organisation's original name in brackets on first
 * mention; each such pair is an alias search can use in every document.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "extract/extract.h"
#include "extract/extract_int.h"

#define NAME_MIN_CHARS 2
#define NAME_MAX_CHARS 12
#define LATIN_MAX_BYTES 80

static int is_han(int32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_name_dot(int32_t cp)
{
	return cp == 0x00B7 || cp == 0x2027 || cp == 0x30FB || cp == 0x2022 || cp == 0xFF0E;
}

static int in_set(int32_t cp, const int32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (set[i] == cp)
			return 1;
	}
	return 0;
}

/*
 * Where any name, person's or institution's, starts after: function words,
 * date characters and words for media (…，由於|川普, 11 月|舊金山亞太經合會,
 * 《外交政策》雜誌 is no name at all).  Not 對 (對話) nor 庫 (庫珀).
 */
static int ends_phrase(int32_t cp)
{
	static const int32_t set[] = {
		0x7684 /* 的 */, 0x65BC /* 於 */, 0x4E8E /* 于 */, 0x5728 /* 在 */,
		0x7531 /* 由 */, 0x5411 /* 向 */,
		0x5C07 /* 將 */, 0x5C06 /* 将 */, 0x88AB /* 被 */, 0x8B93 /* 讓 */,
		0x8BA9 /* 让 */, 0x5E74 /* 年 */, 0x6708 /* 月 */, 0x65E5 /* 日 */,
		0x64DA /* 據 */, 0x636E /* 据 */,
		0x8A8C /* 誌 */, 0x5FD7 /* 志 */, 0x7A31 /* 稱 */, 0x79F0 /* 称 */,
		0x8AAA /* 說 */, 0x8BF4 /* 说 */, 0x662F /* 是 */, 0x70BA /* 為 */,
		0x4E3A /* 为 */, 0x66FE /* 曾 */, 0x5DF2 /* 已 */, 0x5831 /* 報 */,
		0x62A5 /* 报 */, 0x793E /* 社 */, 0x7DB2 /* 網 */, 0x7F51 /* 网 */,
	};

	return in_set(cp, set, sizeof set / sizeof set[0]);
}

/*
 * Where a person's name starts after: the end of a title or a joining
 * word (國防部長|奧斯汀, 國務卿|布林肯, 顧問|沙利文, 研究員|庫珀, 大使|伯恩斯,
 * 與|菲克, 主任|葛來儀, 教授|黎安友, 總裁|庫克).  Transliterated
 * names do not use these characters; names of
 * institutions do (戰略與國際研究中心), so they are cut only by ends_phrase.
 */
static int ends_title(int32_t cp)
{
	static const int32_t set[] = {
		0x9577 /* 長 */, 0x957F /* 长 */, 0x537F /* 卿 */, 0x5E2D /* 席 */,
		0x554F /* 問 */, 0x95EE /* 问 */, 0x54E1 /* 員 */, 0x5458 /* 员 */,
		0x4F7F /* 使 */, 0x7D71 /* 統 */, 0x7EDF /* 统 */, 0x7406 /* 理 */,
		0x5B98 /* 官 */, 0x76F8 /* 相 */, 0x8207 /* 與 */, 0x4E0E /* 与 */,
		0x548C /* 和 */, 0x53CA /* 及 */, 0x5E2B /* 師 */, 0x5E08 /* 师 */,
		0x4EE4 /* 令 */, 0x7BA1 /* 管 */, 0x5BA2 /* 客 */, 0x5BB6 /* 家 */,
		0x8005 /* 者 */, 0x4EFB /* 任 */, 0x6388 /* 授 */, 0x88C1 /* 裁 */,
	};

	return ends_phrase(cp) || in_set(cp, set, sizeof set / sizeof set[0]);
}

/* Is `text` an organisation's or forum's name rather than a person's? */
static int latin_is_institution(const char *latin)
{
	static const char *const words[] = {
		"Institute", "Center", "Centre", "Council", "Dialogue", "Forum",
		"Ministry", "Department", "Agency", "University", "Commission",
		"Organization", "Organisation", "Association", "Foundation", "Office",
		"Conference", "Summit", "Committee", "Bank", "Fund", "Times", "Journal",
		"Post", "News", "Party", "Army", "Navy", "Force",
	};
	int caps = 0, letters = 0;

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strstr(latin, words[i]))
			return 1;
	}
	for (const char *p = latin; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			caps++;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			letters++;
	}
	return letters >= 2 && caps == letters; /* an acronym: APEC, CSIS */
}

/*
 * Reads the Latin part after an opening bracket at s[pos]: up to the
 * closing bracket or a comma.  Fills `out` (trimmed) and returns 1 when it
 * is a plausible name.
 */
static int read_latin(const char *s, size_t len, size_t pos, struct buf *out)
{
	int has_capital = 0, letters = 0;

	buf_reset(out);
	while (pos < len) {
		unsigned char c = (unsigned char)s[pos];

		if (c == ')' || c == ',' ||
		    (len - pos >= 3 && (!memcmp(s + pos, "）", 3) || !memcmp(s + pos, "，", 3))))
			break;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == ' ' || c == '.' || c == '-' || c == '\'' || c == '&' || c == '+'))
			return 0;
		if (c >= 'A' && c <= 'Z')
			has_capital = 1;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			letters++;
		if (out->len >= LATIN_MAX_BYTES || buf_addc(out, (char)c))
			return 0;
		pos++;
	}
	if (pos >= len)
		return 0;
	buf_trim(out);
	return has_capital && letters >= 2;
}

static int has_name_dot(const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		if (is_name_dot(utf8_next(s, len, &pos)))
			return 1;
	}
	return 0;
}

/*
 * The Chinese name that ends at s[end] (just before the bracket and any
 * white space), in `out`; 1 when found.
 */
static int read_name(const char *s, size_t end, int institution, struct buf *out)
{
	size_t starts[NAME_MAX_CHARS * 3 + 2];
	size_t n = 0, pos = end;
	int quoted = 0;

	buf_reset(out);
	/* Skip white space and one closing quote between name and bracket. */
	while (pos > 0) {
		size_t prev = utf8_boundary_before(s, end, pos - 1), q = prev;
		int32_t cp = utf8_next(s, end, &q);

		if (utf8_is_space(cp)) {
			pos = prev;
			continue;
		}
		if (!quoted && (cp == 0x300D /* 」 */ || cp == 0x300F /* 』 */ || cp == 0x201D)) {
			quoted = 1;
			pos = prev;
			continue;
		}
		break;
	}
	end = pos;
	/* Walk back over the Han run (with name dots), remembering starts. */
	while (pos > 0 && n < sizeof starts / sizeof starts[0]) {
		size_t prev = utf8_boundary_before(s, end, pos - 1), q = prev;
		int32_t cp = utf8_next(s, end, &q);

		if (!is_han(cp) && !is_name_dot(cp))
			break;
		pos = prev;
		starts[n++] = pos;
	}
	if (n < NAME_MIN_CHARS)
		return 0;
	/* Quoted names keep their whole run; institutions start after a
	 * function word, people after a title too. */
	if (!quoted) {
		size_t i = 0;

		while (i < n) {
			size_t q = starts[i];
			int32_t cp = utf8_next(s, end, &q);

			if (institution ? ends_phrase(cp) : ends_title(cp))
				break;
			i++;
		}
		if (i < n) { /* starts[i] ends the words before the name */
			if (!i)
				return 0;
			n = i;
			pos = starts[n - 1];
		}
	}
	/* Transliterated personal names are short unless dotted (拉吉納特·辛格);
	 * a longer run still holds words that are not the name (德州首府奧斯汀). */
	if (!quoted && !institution && n > 4 && !has_name_dot(s + pos, end - pos))
		return 0;
	if (n < NAME_MIN_CHARS || n > NAME_MAX_CHARS)
		return 0;
	{
		size_t q = pos;

		if (is_name_dot(utf8_next(s, end, &q)))
			return 0;
	}
	return buf_add(out, s + pos, end - pos) == DOSSIER_OK;
}

/*
 * The document's pairs so far, by name and Latin form: doc_add_name_pair()
 * compares a pair with every pair the document has, which a long document
 * giving thousands of names at every mention made quadratic.
 */
struct pairs {
	struct doc *d;
	struct strmap seen; /* name "\0" latin -> index */
	struct buf key;
};

static int pair_key(struct pairs *p, const char *name, const char *latin)
{
	buf_reset(&p->key);
	if (buf_adds(&p->key, name) || buf_addc(&p->key, '\0') || buf_adds(&p->key, latin))
		return DOSSIER_ENOMEM;
	return DOSSIER_OK;
}

static int pairs_init(struct pairs *p, struct doc *d)
{
	int rc = DOSSIER_OK;

	memset(p, 0, sizeof *p);
	p->d = d;
	p->key = (struct buf)BUF_INIT;
	for (size_t i = 0; i < d->n_names && !rc; i++) {
		size_t had;

		rc = pair_key(p, d->names[i].name, d->names[i].latin);
		if (!rc)
			rc = strmap_put(&p->seen, p->key.data, p->key.len, i, &had);
	}
	return rc;
}

/* Appends a pair the document does not have, as doc_add_name_pair() does. */
static int append_pair(struct doc *d, const char *name, const char *latin)
{
	struct doc_name_pair pair = { strdup(name), strdup(latin) };

	if (d->n_names == d->cap_names) {
		size_t cap = d->cap_names ? d->cap_names * 2 : 8;
		struct doc_name_pair *grown = realloc(d->names, cap * sizeof *grown);

		if (grown) {
			d->names = grown;
			d->cap_names = cap;
		}
	}
	if (d->n_names == d->cap_names || !pair.name || !pair.latin) {
		free(pair.name);
		free(pair.latin);
		return DOSSIER_ENOMEM;
	}
	d->names[d->n_names++] = pair;
	return DOSSIER_OK;
}

/* doc_add_name_pair() through the map, without its search of every pair. */
static int pairs_add(struct pairs *p, const char *name, const char *latin)
{
	size_t had;
	int rc = pair_key(p, name, latin);

	if (!rc)
		rc = strmap_put(&p->seen, p->key.data, p->key.len, p->d->n_names, &had);
	if (rc || had != STRMAP_NONE)
		return rc;
	return append_pair(p->d, name, latin);
}

static void pairs_release(struct pairs *p)
{
	strmap_release(&p->seen);
	buf_release(&p->key);
}

static int scan_text(struct pairs *p, const char *s)
{
	size_t len = strlen(s), pos = 0;
	struct buf name = BUF_INIT, latin = BUF_INIT;
	int rc = DOSSIER_OK;

	while (pos < len && !rc) {
		size_t at = pos;
		int32_t cp = utf8_next(s, len, &pos);

		if (cp != '(' && cp != 0xFF08 /* （ */)
			continue;
		if (!read_latin(s, len, pos, &latin))
			continue;
		if (read_name(s, at, latin_is_institution(latin.data), &name))
			rc = pairs_add(p, name.data, latin.data);
	}
	buf_release(&name);
	buf_release(&latin);
	return rc;
}

int extract_name_pairs(struct doc *d)
{
	struct pairs p;
	int rc = pairs_init(&p, d);

	if (!rc && d->title)
		rc = scan_text(&p, d->title);
	for (size_t i = 0; i < d->n_paras && !rc; i++)
		rc = scan_text(&p, d->paras[i].text);
	for (size_t i = 0; i < d->n_images && !rc; i++) {
		if (d->images[i].caption)
			rc = scan_text(&p, d->images[i].caption);
	}
	pairs_release(&p);
	return rc;
}
