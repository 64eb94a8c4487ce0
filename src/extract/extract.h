/*
 * extract.h — what Dossier reads out of a document's text beyond the text
 * itself.  So far: names given in two forms, the `中文名（Latin Name）`
 * habit of Chinese-language reporting, which teaches search that 沙利文
 * and 蘇利文 are both Jake Sullivan; and dates, absolute and relative,
 * resolved against the publication date.
 */
#ifndef DOSSIER_EXTRACT_H
#define DOSSIER_EXTRACT_H

#include "core/doc.h"
#include "core/err.h"

/*
 * Finds `中文名（Latin Name）` and `中文名(Latin Name)` pairs in the title,
 * paragraphs and captions of `d` and adds them to d->names:
 *
 * - the Chinese name is the end of the Han run before the bracket, cut
 *   after a title word (美國國防部長奧斯汀 → 奧斯汀, 國家安全顧問沙利文 →
 *   沙利文), a possessive or conjunction (的, 與, 和), or taken from inside
 *   「」 quotes (「香格里拉對話」（The Shangri-La Dialogue）); a name may
 *   hold a middle dot (拉吉納特·辛格);
 * - the Latin part is letters, spaces, dots, hyphens and apostrophes with
 *   at least one capital letter (Lloyd Austin, S. Jaishankar, APEC, CSIS),
 *   cut at a comma (DPCT，中方稱為… gives DPCT);
 * - names of one Han character, or longer than 12 characters, are not
 *   names.
 */
int extract_name_pairs(struct doc *d);

/* ------------------------------------------------------------------ dates */

/*
 * How much of a date the text gives.  A range (8日至9日, 上旬, 本週末)
 * keeps the precision of its ends; WEEK is a Monday-to-Sunday range.
 */
enum extract_date_precision {
	EXTRACT_DATE_DAY,
	EXTRACT_DATE_WEEK,
	EXTRACT_DATE_MONTH,
	EXTRACT_DATE_YEAR,
};

/*
 * One date expression: where it is and the calendar days it means.
 * Fields below the precision are 0 (a MONTH has day 0, a YEAR month and
 * day 0).  A range has its end in end_*, with the same precision; a
 * single date has end_year == 0.
 */
struct extract_date {
	size_t start, len;                /* bytes of the expression in the text */
	int year, month, day;             /* the (first) date */
	int end_year, end_month, end_day; /* the last date of a range, or 0 */
	enum extract_date_precision precision;
	unsigned relative;                /* not written out in full: the reference
					   * (or the date named before) filled in */
};

/*
 * Finds every date expression in text[0..len) (UTF-8, not NUL-terminated)
 * and resolves it against the reference date ref_year-ref_month-ref_day:
 * the publication date as a local calendar day (callers convert: UTC+8 for
 * Chinese-language desks).  ref_year 0 means unknown: then only dates
 * written out with their year are returned (2024年1月8日, 2023-11-07), and
 * expressions that need the reference (昨天, 上週, 5月31日) are skipped.
 *
 * Forms: Chinese dates in Arabic, full-width or Chinese numerals with any
 * spaces around the numbers (2024 年 1 月 8 日, 二〇二四年十二月三十一日),
 * ROC years (民國112年; a bare 113年 when it cannot be a Gregorian year:
 * before a month, or three digits within 20 years of the reference);
 * numeric 2023-11-07, 2023/11/07, 2023.11.07 and day-first 07/11/2023 (a
 * month-first reading only when the first number exceeds 12); ranges
 * (8日至9日, 5月31日至6月2日, 2-4日, 6至7月, 2022年至2024年); parts of a
 * month or year (上旬, 中旬, 下旬, 月初 = 1-10, 月底 = 21-end, 年初 =
 * Jan-Feb, 年底 = Nov-Dec, seasons, 上半年, 第一季); words relative to the
 * reference (今天, 昨日, 前天, 當天 = the day last named in the text, else
 * the reference; 本週, 上週, 下周 = Monday-Sunday weeks; 本週末 = that
 * Saturday-Sunday; 上週五; 本月, 上個月, 本月稍早; 今年, 去年11月, 前年,
 * 明年); bare weekdays (週五,
 * 周五, 星期五, 禮拜五): the latest such day on or before the reference,
 * or the next on or after it when 將/将 comes just before; a weekday
 * followed by a bracketed date (週五（4月26日）) is one expression and the
 * date decides, and so does 本週末（6月2日至4日）.  A month without a
 * year (12月, 5月31日) falls in the twelve months from nine before the
 * reference month to two after it, since news looks back more than ahead
 * (12月 in a January text is last December, 2月 in a December text next
 * February); a bare day (26日) takes the month of a date earlier in the
 * same sentence, else the month (previous, same, next) that puts it
 * nearest the reference, ties going to the past.  同年 and 同日 take the
 * date named last.  Durations (18個月來, 一年多來, 12小時) and numbers that
 * are no dates (64億美元, 第3頁, 5G, phone numbers) are not returned.
 *
 * On success *out (caller frees, NULL when none) holds *n dates in text
 * order.  DOSSIER_EUSAGE for a malformed call (a reference that is no
 * date), DOSSIER_ENOMEM; on error *out is NULL and *n 0.
 */
int extract_dates(const char *text, size_t len, int ref_year, int ref_month,
		  int ref_day, struct extract_date **out, size_t *n,
		  struct err *e);

/* The most dates extract_dates() returns for one text (a cap: see dates.c). */
#define EXTRACT_DATES_MAX ((size_t)1 << 20)

/* extract_dates(), adding to *dropped (when not NULL) how many date
 * expressions past EXTRACT_DATES_MAX it left out. */
int extract_dates_counting(const char *text, size_t len, int ref_year, int ref_month,
			   int ref_day, struct extract_date **out, size_t *n, size_t *dropped,
			   struct err *e);

/*
 * Writes `d` as ISO 8601 into out[0..size): "2024-01-08", "2024-01",
 * "2024", a range as "2024-01-08/2024-01-09" (a week too).  Returns the
 * length written (cut to fit, always NUL-terminated when size > 0).
 * EXTRACT_DATE_STR_MAX bytes always suffice.
 */
#define EXTRACT_DATE_STR_MAX 32
size_t extract_date_format(const struct extract_date *d, char *out, size_t size);

/* ------------------------------------------------------------- gazetteer */

struct text_ctx;

/*
 * One entry of data/aliases.tsv (format in its header): an id, a type
 * (person, org, place, forum), its forms and context words folded with
 * text_normalise(), and its display name (the first form as written).
 */
struct gazetteer_entry {
	char *id, *type, *name;
	char **forms; /* folded */
	size_t n_forms;
	char **context; /* folded */
	size_t n_context;
};

/* A form in the index: borrowed key, its byte length, the entry's index. */
struct gazetteer_form {
	const char *key;
	size_t len;
	size_t entry;
};

/* The loaded gazetteer.  Read-only after gazetteer_load(); threads may share it. */
struct gazetteer {
	struct gazetteer_entry *items;
	size_t n;
	struct gazetteer_form *index; /* every form, by first code point, longest first */
	size_t n_index;
	struct gazetteer_lookup *lookup; /* the forms by key and as a trie */
};

/*
 * Loads `path` into `g`, folding forms and context words through `text`
 * (which need not outlive `g`).  A missing file is an empty gazetteer.  A
 * malformed line is DOSSIER_EPARSE naming the file and line; on error `g`
 * is empty.  Release with gazetteer_release() (also after an error).
 */
int gazetteer_load(struct gazetteer *g, const char *path,
		   const struct text_ctx *text, struct err *e);
void gazetteer_release(struct gazetteer *g);

/*
 * The entries having the folded form `key`: up to `max` of them in out,
 * how many there are returned (more than `max` possible).
 */
size_t gazetteer_find(const struct gazetteer *g, const char *key,
		      const struct gazetteer_entry **out, size_t max);

/*
 * The forms that begin with the code point at s[0..len) (folded text): a
 * run of n index rows, longest first, *first its start (NULL when none).
 * The caller checks which of them s really begins with.
 */
size_t gazetteer_forms_at(const struct gazetteer *g, const char *s, size_t len,
			  const struct gazetteer_form **first);

/*
 * The distinct forms that folded text s[at..end) begins with, longest
 * first, up to `max` of them into keys[] (the gazetteer's strings) and
 * their lengths into lens[]; how many returned.  The cost is the length of the longest, not the number
 * of forms.  The caller checks word boundaries.
 */
size_t gazetteer_match(const struct gazetteer *g, const char *s, size_t at, size_t end,
		       const char **keys, size_t *lens, size_t max);

/* True when `s` is one of list[0..n). */
int gazetteer_list_has(char *const *list, size_t n, const char *s);

/* -------------------------------------------------------------- entities */

/*
 * What entity extraction reads, loaded once and shared read-only (threads
 * may share it): the gazetteer from `data_dir`/aliases.tsv and the
 * patterns from `data_dir`/titles.tsv (titles, countries, organs, forum
 * endings, stop words, surnames, transliteration characters; its header
 * explains them).  Missing files are empty.  `text` is borrowed and must
 * outlive the context.  Free with extract_ctx_free() (NULL is a no-op).
 */
struct extract_ctx;
int extract_ctx_new(struct extract_ctx **out, const char *data_dir,
		    const struct text_ctx *text, struct err *e);
void extract_ctx_free(struct extract_ctx *x);

/* The context's gazetteer (valid while the context lives). */
const struct gazetteer *extract_ctx_gazetteer(const struct extract_ctx *x);

/*
 * Finds the entities `d` mentions in its title, body (doc_text()) and
 * captions (doc_captions()) and puts them in d->entities and d->mentions
 * (replacing what was there), mentions in text order with byte offsets
 * into the original text of their part:
 *
 * - every gazetteer form, matched on folded text (either script; Latin
 *   forms only as whole words); a form several entries share (奧斯汀: the
 *   general and the Texas city) only when the document's context words or
 *   the entry's other forms pick one, or a title before it says a person;
 * - the document's 中文名（Latin Name） pairs (d->names, so run
 *   extract_name_pairs() first): the gazetteer entry of the Latin name,
 *   else a new entity keyed "latin:" + the folded Latin name (a person
 *   unless the name says institution or forum), so that 蘇利文 and 沙利文
 *   paired with one Latin name are one entity;
 * - a person after a title (國務卿布林肯, 中國外長王毅): known from the
 *   pairs or the gazetteer, else new ("name:" + folded) when it looks like
 *   a name (a Chinese surname and two or three characters, or two to four
 *   transliteration characters);
 * - country + organ (中國國防部, "org:"), not when the organ is part of a
 *   title (美國國防部長);
 * - quoted forum names (「…對話」, 《…峰會》; "forum:").
 *
 * Names found in the text are matched again everywhere in the document.
 * Where candidates overlap the longest wins.  Returns DOSSIER_OK or
 * DOSSIER_ENOMEM (then d has no entities).
 */
int extract_entities(const struct extract_ctx *x, struct doc *d);

/* ---------------------------------------------------------------- events */

/*
 * Finds the engagements `d` reports (meet, call, visit, talks,
 * request_meeting, refuse_meeting, suspend_dialogue, resume_dialogue,
 * agree) with the rules of `data_dir`/events.tsv (its header explains
 * them) and puts them in d->events, replacing what was there.  Reads
 * d->entities, d->mentions and d->dates, so run extract_entities() and
 * extract_doc_dates() first.  Returns DOSSIER_OK or DOSSIER_ENOMEM.
 */
int extract_events(const struct extract_ctx *x, struct doc *d);

/*
 * Finds the date expressions of the title, body and captions of `d` and
 * puts them in d->dates, resolved against the publication day as a local
 * calendar day in UTC+8 (none known: only dates written out in full).
 */
int extract_doc_dates(struct doc *d);

/*
 * All of extraction, in order: name pairs, entities, dates, events.  What
 * ingest runs on each new document and reindex on each stored one.
 */
int extract_document(const struct extract_ctx *x, struct doc *d);

/*
 * What extraction left out of a document too long to read whole: each a
 * cap set (and explained) where it applies, and never reached by news.
 */
struct extract_notes {
	size_t sentences_cut; /* sentences of more than EXTRACT_SENTENCE_MAX bytes, read
			       * in pieces by events: an event across a cut is lost */
	size_t sentences_crowded; /* sentences with more than EXTRACT_TRIGGERS_MAX
				   * triggers: the rest not read for events */
	size_t dates_dropped; /* dates past EXTRACT_DATES_MAX in a part, not kept */
};

/* The longest sentence events read whole, in bytes, and the most triggers
 * they read in one (see events.c). */
#define EXTRACT_SENTENCE_MAX 4096
#define EXTRACT_TRIGGERS_MAX 32

/*
 * extract_document(), saying in *notes (zeroed first) what it left out,
 * for ingest to warn about.
 */
int extract_document_noting(const struct extract_ctx *x, struct doc *d,
			    struct extract_notes *notes);

/*
 * One line for a person about what extraction left out ("3 sentences
 * longer than 4096 bytes read in pieces: events across the cuts are
 * lost"), into out[0..size); "" when nothing was.
 */
void extract_notes_describe(const struct extract_notes *notes, char *out, size_t size);

#endif
