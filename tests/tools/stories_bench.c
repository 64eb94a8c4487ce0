/*
 * stories_bench — what grouping documents into stories costs at ingest,
 * for bench/RESULTS.md:
 *
 *	stories_bench N [--off] [--days D] [--db PATH] [SEED]
 *
 * Writes N synthetic Chinese news documents into a fresh archive (a
 * temporary file under /var/tmp, removed at the end unless --db names
 * one), in batches of 500 as `dossier ingest` does.  --off turns story
 * grouping off (store_set_stories) to measure the same load without it.
 *
 * Each document has a title and 4-8 paragraphs of words drawn (Zipf-like)
 * from a fixed vocabulary of 4,000 words of 2-4 Han characters, with
 * numbers and a few Latin acronyms; 3-8 entities drawn (Zipf-like) from a
 * pool of 5,000 people, organisations and places, named in the text and
 * set directly as mentions (no extraction runs: it would dominate the
 * time); 0-2 events of two actors on a day at most one before publication.
 * Publications spread over three years, or D days: what grouping costs
 * depends on how many documents share a week, so --days gives the density
 * of a larger archive with fewer documents.  About 65% of the documents are
 * first reports, 15% re-publications of a recent one (last paragraphs
 * trimmed, boilerplate appended, or both) and 20% another outlet's report
 * of a recent one's event (other text, the same entities and events, 0-2
 * days later).  The generator knows which documents tell one story, so
 * the pair precision and recall of the grouping are measured too.
 *
 * Prints one line: documents, days, seconds, documents per second, ms per
 * document over the last tenth, peak RSS (MiB), archive size (MiB),
 * stories, stories of two or more, the pair precision and recall, and
 * the CPU seconds of the load (on a busy machine, steadier than seconds).
 * Progress every 50,000 documents goes to stderr, and at the end, for each
 * reason documents joined a story, how many joined a document of another
 * generated story.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "store/store.h"
#include "text/text.h"

#define VOCABULARY 4000
#define ENTITY_POOL 5000
#define BATCH_DOCS 500
#define PROGRESS_EVERY 50000
#define MAX_PARAS 8
#define MAX_ENTITIES 8
#define MAX_EVENTS 2
#define MAX_MENTIONS 64
#define PARA_BYTES 2048
#define MS_PER_DAY 86400000LL
/* 2023-01-01 00:00 UTC, the start of the three years. */
#define FIRST_MS 1672531200000LL
#define DEFAULT_DAYS (3 * 365)

enum kind { FIRST_REPORT, REPUBLISHED, OTHER_OUTLET };

/* What the generator decided for one document: a few bytes each, so that
 * a million fit; the text is made again from the seeds when needed. */
struct plan {
	uint32_t root;    /* the first report of its story (the truth) */
	uint32_t text;    /* the document whose seed makes the paragraphs */
	uint8_t kind;     /* enum kind */
	uint8_t trim;     /* paragraphs dropped from the end */
	uint8_t boiler;   /* boilerplate appended */
	uint8_t source;   /* the outlet */
	int64_t published;
};

/* Common characters the vocabulary and names are made of. */
static const char han[] =
	"的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動"
	"同工也能下過子說產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二"
	"理起小物現實加量都兩體制機當使點從業本去把性好應開它合還因由其些然前外天政四日那社義"
	"事平形相全表間樣與關各重新線內數正心反你明看原又麼利比或但質氣第向道命此變條只沒結解"
	"問意建月公無系軍很情者最立代想已通並提直題黨程展五果料象員革位入常文總次品式活設及管"
	"特件長求老頭基資邊流路級少圖山統接知較將組見計別她手角期根論運農指幾九區強放決西被幹"
	"做必戰先回則任取據處府研質外交談判協議合作經濟安全會晤訪問領導人防務貿易";

static const char *const surnames[] = { "王", "李", "張", "劉", "陳", "楊", "黃", "趙", "吳",
					"周", "徐", "孫", "馬", "朱", "胡", "郭", "何", "高",
					"林", "羅", "鄭", "梁", "謝", "宋", "唐", "許", "韓",
					"馮", "鄧", "曹", "彭", "曾", "蕭", "田", "董", "潘" };
static const char *const org_suffixes[] = { "部", "委員會", "公司", "協會", "銀行", "大學" };
static const char *const place_suffixes[] = { "國", "省", "市", "州" };
static const char *const outlets[] = { "中央社", "聯合報", "德國之聲", "法廣", "聯合早報",
				       "BBC中文", "美國之音", "自由時報", "明報", "端傳媒" };
static const char *const event_types[] = { "meet", "talks", "call", "visit", "agree" };
static const char *const triggers[] = { "會晤", "舉行會談", "通電話", "訪問", "達成協議" };
static const char *const latin[] = { "G20", "APEC", "WHO", "AI", "COVID-19", "NATO", "GDP" };
static const char *const boilerplate =
	"（本文版權所有，未經授權不得轉載。責任編輯：王小明）更多新聞請關注我們的官方網站與社群帳號。";

static size_t han_chars;

/* ---- randomness ----------------------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t next(uint64_t *s)
{
	*s += 0x9e3779b97f4a7c15ULL;
	return mix(*s);
}

static size_t below(uint64_t *s, size_t n)
{
	return n ? (size_t)(next(s) % n) : 0;
}

/* A Zipf-like draw in [0, n): cdf[] holds n cumulative weights. */
static size_t zipf(uint64_t *s, const double *cdf, size_t n)
{
	double x = (double)(next(s) >> 11) / 9007199254740992.0 * cdf[n - 1];
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cdf[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Cumulative weights 1/rank^exponent of n ranks. */
static double *zipf_table(size_t n, double exponent)
{
	double *cdf = malloc(n * sizeof *cdf), sum = 0;

	if (!cdf)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		sum += 1.0 / pow((double)(i + 1), exponent);
		cdf[i] = sum;
	}
	return cdf;
}

/* ---- words and names ------------------------------------------------------------- */

/* Appends the `i`th of the 3-byte characters of han[] to out. */
static size_t put_han(char *out, size_t i)
{
	memcpy(out, han + 3 * (i % han_chars), 3);
	return 3;
}

/* Word `w` of the vocabulary: 2-4 characters fixed by its number. */
static size_t word(char *out, size_t w)
{
	uint64_t s = w * 7919 + 17;
	size_t len = 2 + below(&s, 3), n = 0;

	for (size_t i = 0; i < len; i++)
		n += put_han(out + n, below(&s, han_chars));
	return n;
}

struct entity_name {
	char key[48], name[48];
	const char *type;
};

/* Entity `i` of the pool: 40% people, 30% organisations, 30% places. */
static void entity_of(size_t i, struct entity_name *out)
{
	uint64_t s = i * 104729 + 3;
	size_t n = 0, kind = i % 10;

	if (kind < 4) {
		const char *sn = surnames[below(&s, sizeof surnames / sizeof surnames[0])];

		out->type = "person";
		n = (size_t)snprintf(out->name, sizeof out->name, "%s", sn);
		for (size_t c = 1 + below(&s, 2); c > 0; c--)
			n += put_han(out->name + n, below(&s, han_chars));
	} else {
		const char *suffix = kind < 7
			? org_suffixes[below(&s, sizeof org_suffixes / sizeof org_suffixes[0])]
			: place_suffixes[below(&s, sizeof place_suffixes / sizeof place_suffixes[0])];

		out->type = kind < 7 ? "org" : "place";
		for (size_t c = 2; c > 0; c--)
			n += put_han(out->name + n, below(&s, han_chars));
		n += (size_t)snprintf(out->name + n, sizeof out->name - n, "%s", suffix);
	}
	out->name[n] = '\0';
	snprintf(out->key, sizeof out->key, "bench:%s:%zu", out->type, i);
}

/* ---- a story's facts: entities and events ------------------------------------------ */

struct story_facts {
	size_t entities[MAX_ENTITIES], n_entities;
	struct {
		size_t type, actors[2];
		int64_t day; /* days since 1970 */
	} events[MAX_EVENTS];
	size_t n_events;
};

struct bench {
	struct plan *plans;
	size_t n, days;
	uint64_t seed;
	double *word_cdf, *entity_cdf;
};

static void facts_of(const struct bench *b, size_t root, struct story_facts *f)
{
	uint64_t s = mix(b->seed ^ (root * 0x51ed27ULL + 1));
	size_t want = 3 + below(&s, 6), r = below(&s, 10);
	int64_t pub_day = (b->plans[root].published + 8 * 3600000LL) / MS_PER_DAY;

	f->n_entities = 0;
	for (size_t tries = 0; f->n_entities < want && tries < 64; tries++) {
		size_t e = zipf(&s, b->entity_cdf, ENTITY_POOL), dup = 0;

		for (size_t i = 0; i < f->n_entities; i++)
			dup |= f->entities[i] == e;
		if (!dup)
			f->entities[f->n_entities++] = e;
	}
	f->n_events = f->n_entities < 2 || r < 3 ? 0 : r < 8 ? 1 : 2;
	for (size_t i = 0; i < f->n_events; i++) {
		size_t a = below(&s, f->n_entities), c = below(&s, f->n_entities - 1);

		f->events[i].type = below(&s, sizeof event_types / sizeof event_types[0]);
		f->events[i].actors[0] = a;
		f->events[i].actors[1] = c >= a ? c + 1 : c;
		f->events[i].day = pub_day - (int64_t)below(&s, 2) - (int64_t)i * 3;
	}
}

/* ---- a document's text --------------------------------------------------------------- */

struct mention {
	size_t entity; /* index into story_facts.entities */
	int para;      /* -1: the title */
	size_t start, len;
};

struct text {
	char title[512];
	char paras[MAX_PARAS + 1][PARA_BYTES];
	size_t lens[MAX_PARAS + 1], n_paras;
	struct mention mentions[MAX_MENTIONS];
	size_t n_mentions;
	struct {
		int para;
		size_t start, len;
	} sentences[MAX_EVENTS];
};

static size_t put_str(char *out, size_t at, size_t cap, const char *s)
{
	size_t len = strlen(s);

	if (at + len >= cap)
		return at;
	memcpy(out + at, s, len);
	return at + len;
}

static size_t put_entity(struct text *t, char *out, int para, size_t at, size_t cap,
			 const struct story_facts *f, size_t which)
{
	struct entity_name en;
	size_t end;

	entity_of(f->entities[which], &en);
	end = put_str(out, at, cap, en.name);
	if (end > at && t->n_mentions < MAX_MENTIONS)
		t->mentions[t->n_mentions++] =
			(struct mention){ .entity = which, .para = para, .start = at,
					  .len = end - at };
	return end;
}

/* Words, now and then a number or an acronym, up to `chars` characters. */
static size_t put_words(const struct bench *b, uint64_t *s, char *out, size_t at, size_t cap,
			size_t chars)
{
	for (size_t done = 0; done < chars && at + 64 < cap;) {
		size_t r = below(s, 40);

		if (r == 0) {
			at += (size_t)snprintf(out + at, cap - at, "%zu年", 1990 + below(s, 36));
			done += 5;
		} else if (r == 1) {
			at += (size_t)snprintf(out + at, cap - at, "%zu.%zu%%", below(s, 100),
					       below(s, 10));
			done += 4;
		} else if (r == 2) {
			at = put_str(out, at, cap, latin[below(s, sizeof latin / sizeof latin[0])]);
			done += 3;
		} else {
			size_t n = word(out + at, zipf(s, b->word_cdf, VOCABULARY));

			at += n;
			done += n / 3;
		}
		if (below(s, 8) == 0 && done < chars)
			at = put_str(out, at, cap, "，");
	}
	return put_str(out, at, cap, "。");
}

/* The sentence telling event `i`, at the start of paragraph `para`. */
static size_t put_event(struct text *t, const struct story_facts *f, size_t i, int para,
			uint64_t *s)
{
	char *out = t->paras[para];
	int y, m, d;
	size_t at;

	datetime_civil_from_days(f->events[i].day, &y, &m, &d);
	at = (size_t)snprintf(out, PARA_BYTES, "%d月%d日，", m, d);
	at = put_entity(t, out, para, at, PARA_BYTES, f, f->events[i].actors[0]);
	at = put_str(out, at, PARA_BYTES, below(s, 2) ? "與" : "和");
	at = put_entity(t, out, para, at, PARA_BYTES, f, f->events[i].actors[1]);
	at = put_str(out, at, PARA_BYTES, "在");
	at = put_str(out, at, PARA_BYTES, "首都");
	at = put_str(out, at, PARA_BYTES, triggers[f->events[i].type]);
	at = put_str(out, at, PARA_BYTES, "。");
	t->sentences[i].para = para;
	t->sentences[i].start = 0;
	t->sentences[i].len = at;
	return at;
}

/*
 * The text of document `text_doc` telling story `f`: the paragraphs and
 * where the entities and events are, all from the document's seed.
 */
static void make_text(const struct bench *b, size_t text_doc, const struct story_facts *f,
		      struct text *t)
{
	uint64_t s = mix(b->seed * 31 + text_doc * 0x2545f491ULL + 7);
	size_t at;

	t->n_mentions = 0;
	t->n_paras = 4 + below(&s, 5);
	at = put_entity(t, t->title, -1, 0, sizeof t->title, f, 0);
	at = put_words(b, &s, t->title, at, sizeof t->title, 8 + below(&s, 10));
	t->title[at - 3] = '\0'; /* no full stop in a title */
	for (size_t p = 0; p < t->n_paras; p++) {
		char *out = t->paras[p];

		at = p < f->n_events ? put_event(t, f, p, (int)p, &s) : 0;
		if (p == 0 && f->n_events == 0)
			at = (size_t)snprintf(out, PARA_BYTES, "（%s報導）",
					      outlets[b->plans[text_doc].source]);
		for (size_t sentences = 1 + below(&s, 3); sentences > 0; sentences--) {
			at = put_words(b, &s, out, at, PARA_BYTES, 10 + below(&s, 40));
			/* each entity once somewhere, the first three more often */
			for (size_t e = 0; e < f->n_entities; e++) {
				if (below(&s, e < 3 ? 3 : 2 * t->n_paras) == 0) {
					at = put_entity(t, out, (int)p, at, PARA_BYTES, f, e);
					at = put_words(b, &s, out, at, PARA_BYTES, 4 + below(&s, 10));
				}
			}
		}
		out[at] = '\0';
		t->lens[p] = at;
	}
	/* Entities not named yet, in the last paragraph. */
	for (size_t e = 0; e < f->n_entities; e++) {
		size_t last = t->n_paras - 1, named = 0;

		for (size_t m = 0; m < t->n_mentions; m++)
			named |= t->mentions[m].entity == e;
		if (!named) {
			at = put_entity(t, t->paras[last], (int)last, t->lens[last], PARA_BYTES, f, e);
			at = put_str(t->paras[last], at, PARA_BYTES, "表示關注。");
			t->paras[last][at] = '\0';
			t->lens[last] = at;
		}
	}
}

/* ---- a document ----------------------------------------------------------------------- */

static int fail(const char *what, const char *why)
{
	fprintf(stderr, "stories_bench: %s: %s\n", what, why);
	return 1;
}

/* Byte offset of paragraph `p` in doc_text(): paragraphs joined by "\n\n". */
static size_t body_offset(const struct text *t, size_t p)
{
	size_t off = 0;

	for (size_t q = 0; q < p; q++)
		off += t->lens[q] + 2;
	return off;
}

static int add_events(struct doc *d, const struct text *t, const struct story_facts *f,
		      const size_t *index, size_t kept)
{
	for (size_t i = 0; i < f->n_events; i++) {
		size_t actors[2] = { index[f->events[i].actors[0]], index[f->events[i].actors[1]] };
		struct doc_event ev = {
			.type = (char *)event_types[f->events[i].type],
			.status = (char *)"occurred",
			.actors = actors,
			.n_actors = 2,
			.place = DOC_NO_ENTITY,
			.part = DOC_PART_BODY,
			.start = body_offset(t, (size_t)t->sentences[i].para),
			.len = t->sentences[i].len,
			.rule = (char *)"bench",
			.confidence = 0.9,
		};
		int y, m, dd;

		if ((size_t)t->sentences[i].para >= kept)
			continue;
		datetime_civil_from_days(f->events[i].day, &y, &m, &dd);
		ev.when = (struct doc_day_span){ .year = y, .month = m, .day = dd };
		if (doc_add_event(d, &ev))
			return 1;
	}
	return 0;
}

/* Document `i` as its plan says: a struct doc ready for store_doc_put. */
static struct doc *make_doc(const struct bench *b, size_t i, struct text *t)
{
	const struct plan *p = &b->plans[i];
	struct story_facts f;
	size_t index[MAX_ENTITIES], kept;
	char url[96];
	struct doc *d = doc_new();
	int bad;

	if (!d)
		return NULL;
	facts_of(b, p->root, &f);
	make_text(b, p->text, &f, t);
	kept = t->n_paras - p->trim;
	snprintf(url, sizeof url, "https://bench.example/%s/%zu", p->kind ? "r" : "a", i);
	bad = doc_set(&d->url, url, (size_t)-1) || doc_set(&d->title, t->title, (size_t)-1) ||
	      doc_set(&d->source, outlets[p->source], (size_t)-1) ||
	      doc_set(&d->format, "record", (size_t)-1) || doc_set(&d->script, "hant", (size_t)-1);
	d->published = p->published;
	d->fetched = p->published + 3600000;
	for (size_t k = 0; k < kept && !bad; k++)
		bad = doc_add_para(d, DOC_PARA_TEXT, t->paras[k]);
	if (p->boiler && !bad)
		bad = doc_add_para(d, DOC_PARA_TEXT, boilerplate);
	if (p->kind == REPUBLISHED && !bad) {
		/* the re-publisher's own credit line: two re-publications of
		 * one text stay two documents */
		char credit[64];
		size_t at = (size_t)snprintf(credit, sizeof credit, "（%s編輯", outlets[p->source]);

		for (size_t k = i, c = 0; c < 4; c++, k /= han_chars)
			at += put_han(credit + at, k % han_chars);
		snprintf(credit + at, sizeof credit - at, "）");
		bad = doc_add_para(d, DOC_PARA_TEXT, credit);
	}
	for (size_t e = 0; e < f.n_entities && !bad; e++) {
		struct entity_name en;

		entity_of(f.entities[e], &en);
		bad = doc_add_entity(d, en.key, en.name, en.type, &index[e]);
	}
	for (size_t m = 0; m < t->n_mentions && !bad; m++) {
		const struct mention *mn = &t->mentions[m];

		if (mn->para >= (int)kept)
			continue;
		bad = mn->para < 0
			? doc_add_mention(d, index[mn->entity], DOC_PART_TITLE, mn->start, mn->len)
			: doc_add_mention(d, index[mn->entity], DOC_PART_BODY,
					  body_offset(t, (size_t)mn->para) + mn->start, mn->len);
	}
	if (!bad)
		bad = add_events(d, t, &f, index, kept) || doc_compute_hash(d);
	if (bad) {
		doc_free(d);
		return NULL;
	}
	return d;
}

/* ---- the plan ---------------------------------------------------------------------- */

/* Who tells which story when: first reports spread over the days, the
 * others following a recent document by up to two days. */
static void make_plans(struct bench *b)
{
	uint64_t s = mix(b->seed);
	double step = (double)b->days * MS_PER_DAY / (double)b->n;
	/* "recent": about three days' worth of documents */
	size_t window = (size_t)((double)b->n / (double)b->days * 3) + 1;

	for (size_t i = 0; i < b->n; i++) {
		struct plan *p = &b->plans[i];
		size_t r = below(&s, 100);

		memset(p, 0, sizeof *p);
		p->source = (uint8_t)below(&s, sizeof outlets / sizeof outlets[0]);
		p->root = p->text = (uint32_t)i;
		p->published = FIRST_MS + (int64_t)(step * (double)i) +
			       (int64_t)below(&s, 12 * 3600000) - 6 * 3600000;
		if (i == 0 || r >= 35)
			continue;
		{
			size_t base = i - 1 - below(&s, window < i ? window : i);
			const struct plan *bp = &b->plans[base];

			p->root = bp->root;
			p->published = bp->published + (int64_t)below(&s, 2 * MS_PER_DAY);
			if (r < 15) {
				size_t how = below(&s, 3);

				p->kind = REPUBLISHED;
				p->text = bp->kind == REPUBLISHED ? bp->text : (uint32_t)base;
				/* of 4-8 paragraphs, at least the two telling events stay */
				p->trim = (uint8_t)(how == 1 ? 0 : 1 + below(&s, 2));
				p->boiler = how != 0;
			} else {
				p->kind = OTHER_OUTLET;
			}
		}
	}
}

/* ---- measuring ------------------------------------------------------------------------ */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* User and system time so far: what the run cost on a shared machine. */
static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double peak_rss_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static double file_mib(const char *path, const char *suffix)
{
	char name[4096];
	struct stat st;

	snprintf(name, sizeof name, "%s%s", path, suffix);
	return stat(name, &st) ? 0 : (double)st.st_size / 1048576.0;
}

struct pair_key {
	int64_t a, b;
};

static int by_pair(const void *x, const void *y)
{
	const struct pair_key *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* Pairs inside groups of equal (a, b) after sorting: sum of n(n-1)/2. */
static double pairs_of(struct pair_key *keys, size_t n, int both)
{
	double pairs = 0;
	size_t run = 1;

	for (size_t i = 0; i < n; i++) {
		if (!both)
			keys[i].b = 0;
	}
	qsort(keys, n, sizeof *keys, by_pair);
	for (size_t i = 1; i <= n; i++) {
		if (i < n && keys[i].a == keys[i - 1].a && keys[i].b == keys[i - 1].b) {
			run++;
		} else {
			pairs += (double)run * (double)(run - 1) / 2;
			run = 1;
		}
	}
	return n ? pairs : 0;
}

struct quality {
	size_t stories, multi;
	double true_pairs, found_pairs, right_pairs;
};

/* Stories found and the pair precision and recall against the plan. */
static int measure_quality(struct store *s, const struct bench *b, const int64_t *ids,
			   struct quality *q)
{
	struct pair_key *keys = malloc(b->n * sizeof *keys);
	int64_t *story = malloc(b->n * sizeof *story);
	struct err e;

	if (!keys || !story) {
		free(keys);
		free(story);
		return fail("quality", "out of memory");
	}
	for (size_t i = 0; i < b->n; i++) {
		if (store_doc_story(s, ids[i], &story[i], &e)) {
			free(keys);
			free(story);
			return fail("reading stories", e.msg);
		}
	}
	for (size_t i = 0; i < b->n; i++)
		keys[i] = (struct pair_key){ .a = b->plans[i].root, .b = story[i] };
	q->right_pairs = pairs_of(keys, b->n, 1);
	for (size_t i = 0; i < b->n; i++)
		keys[i] = (struct pair_key){ .a = b->plans[i].root };
	q->true_pairs = pairs_of(keys, b->n, 0);
	for (size_t i = 0; i < b->n; i++)
		keys[i] = (struct pair_key){ .a = story[i] };
	q->found_pairs = pairs_of(keys, b->n, 0);
	/* stories and those of two or more: runs of the sorted story ids */
	q->stories = q->multi = 0;
	for (size_t i = 0, run = 0; i < b->n; i++) {
		run++;
		if (i + 1 == b->n || keys[i + 1].a != keys[i].a) {
			q->stories++;
			q->multi += run >= 2;
			run = 0;
		}
	}
	free(keys);
	free(story);
	return 0;
}

/* ---- why documents joined, and how often wrongly ------------------------------------ */

struct reason_count {
	char name[32];
	size_t all, wrong;
};

struct joins {
	const struct bench *b;
	const int64_t *ids; /* ascending: documents are numbered as written */
	struct reason_count reasons[8];
	size_t n_reasons;
	int64_t *stories;
	size_t n_stories, cap_stories;
};

static int collect_story(void *arg, const struct store_story *story)
{
	struct joins *j = arg;

	if (j->n_stories == j->cap_stories) {
		size_t cap = j->cap_stories ? 2 * j->cap_stories : 1024;
		int64_t *grown = realloc(j->stories, cap * sizeof *grown);

		if (!grown)
			return 1;
		j->stories = grown;
		j->cap_stories = cap;
	}
	j->stories[j->n_stories++] = story->id;
	return 0;
}

/* The generated document stored as `id` (ids[] ascending). */
static size_t doc_index(const struct joins *j, int64_t id)
{
	size_t lo = 0, hi = j->b->n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (j->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int count_join(void *arg, const struct store_doc_row *row, const char *reason,
		      int64_t matched)
{
	struct joins *j = arg;
	struct reason_count *r = NULL;
	int wrong;

	if (!matched)
		return 0;
	wrong = j->b->plans[doc_index(j, row->id)].root != j->b->plans[doc_index(j, matched)].root;
	for (size_t i = 0; i < j->n_reasons && !r; i++)
		r = strcmp(j->reasons[i].name, reason) ? NULL : &j->reasons[i];
	if (!r && j->n_reasons < sizeof j->reasons / sizeof j->reasons[0]) {
		r = &j->reasons[j->n_reasons++];
		snprintf(r->name, sizeof r->name, "%s", reason);
	}
	if (r) {
		r->all++;
		r->wrong += wrong;
	}
	return 0;
}

/*
 * To stderr: for each reason a document joined a story (dedup_reason_name),
 * how many joined for it and how many of those joined a document of
 * another generated story.
 */
static int report_joins(struct store *s, const struct bench *b, const int64_t *ids)
{
	struct joins j = { .b = b, .ids = ids };
	struct err e;
	int rc = store_stories_each(s, 2, 0, 0, collect_story, &j, &e);

	if (rc == 1)
		rc = fail("stories", "out of memory");
	else if (rc)
		rc = fail("stories", e.msg);
	for (size_t i = 0; i < j.n_stories && !rc; i++) {
		if (store_story_members(s, j.stories[i], count_join, &j, &e))
			rc = fail("story members", e.msg);
	}
	fputs("stories_bench: joins by reason (wrong/all):", stderr);
	for (size_t i = 0; i < j.n_reasons; i++)
		fprintf(stderr, " %s %zu/%zu;", j.reasons[i].name, j.reasons[i].wrong,
			j.reasons[i].all);
	fputc('\n', stderr);
	free(j.stories);
	return rc;
}

/* ---- the run ---------------------------------------------------------------------------- */

struct options {
	size_t n, days;
	int off;
	const char *db;
	uint64_t seed;
};

static int parse_options(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 42;
	o->days = DEFAULT_DAYS;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--off")) {
			o->off = 1;
		} else if (!strcmp(argv[i], "--days") && i + 1 < argc) {
			o->days = strtoull(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			o->db = argv[++i];
		} else if (!o->n) {
			o->n = strtoull(argv[i], NULL, 10);
		} else {
			o->seed = strtoull(argv[i], NULL, 10);
		}
	}
	if (!o->n || o->n > UINT32_MAX || !o->days) {
		fputs("usage: stories_bench N [--off] [--days D] [--db PATH] [SEED]\n", stderr);
		return 2;
	}
	return 0;
}

/* Writes every document in batches; ids[] gets their ids. */
static int load(struct store *s, const struct bench *b, int64_t *ids, double *last_tenth_ms,
		const struct timespec *t0)
{
	struct text *t = malloc(sizeof *t);
	size_t tenth = b->n - (b->n >= 10 ? b->n / 10 : 1), duplicates = 0;
	double tenth_at = 0;
	struct err e;
	int rc = t ? 0 : fail("generator", "out of memory");

	for (size_t i = 0; i < b->n && !rc; i++) {
		enum store_put_result result = STORE_INSERTED;
		struct doc *d;

		if (i == tenth)
			tenth_at = seconds_since(t0);
		if (i % BATCH_DOCS == 0 && ((i && store_batch_commit(s, &e)) ||
					    store_batch_begin(s, &e))) {
			rc = fail("batch", e.msg);
			break;
		}
		if (!(d = make_doc(b, i, t))) {
			rc = fail("generator", "out of memory");
			break;
		}
		if (store_doc_put(s, d, d->fetched, &result, &e)) {
			rc = fail(d->url, e.msg);
			doc_free(d);
			break;
		}
		duplicates += result == STORE_DUPLICATE;
		ids[i] = d->id;
		doc_free(d);
		if ((i + 1) % PROGRESS_EVERY == 0)
			fprintf(stderr, "stories_bench: %zu documents %.1f s peak rss %.1f MiB\n",
				i + 1, seconds_since(t0), peak_rss_mib());
	}
	if (!rc && store_batch_commit(s, &e))
		rc = fail("batch", e.msg);
	if (duplicates)
		fprintf(stderr, "stories_bench: %zu documents were stored duplicates\n", duplicates);
	*last_tenth_ms = (seconds_since(t0) - tenth_at) * 1000.0 / (double)(b->n - tenth);
	free(t);
	return rc;
}

static int run(const struct options *o, const char *path)
{
	struct bench b = { .n = o->n, .days = o->days, .seed = o->seed };
	struct text_ctx *text = NULL;
	struct store *s = NULL;
	struct quality q = { 0 };
	struct timespec t0;
	double total, last_tenth_ms = 0, rss, cpu, cpu0;
	int64_t *ids = calloc(o->n, sizeof *ids);
	struct err e;
	int rc = 1;

	b.plans = calloc(o->n, sizeof *b.plans);
	b.word_cdf = zipf_table(VOCABULARY, 0.8);
	b.entity_cdf = zipf_table(ENTITY_POOL, 1.0);
	if (!ids || !b.plans || !b.word_cdf || !b.entity_cdf) {
		fail("generator", "out of memory");
		goto out;
	}
	make_plans(&b);
	if (text_ctx_new(&text, &e) || store_open(&s, path, text, &e)) {
		fail(path, e.msg);
		goto out;
	}
	if (o->off)
		store_set_stories(s, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cpu0 = cpu_seconds();
	if (load(s, &b, ids, &last_tenth_ms, &t0))
		goto out;
	total = seconds_since(&t0);
	cpu = cpu_seconds() - cpu0;
	rss = peak_rss_mib();
	if (!o->off && (measure_quality(s, &b, ids, &q) || report_joins(s, &b, ids)))
		goto out;
	store_close(s);
	s = NULL;
	printf("docs %zu days %zu grouping %s seconds %.1f docs_per_s %.0f last10_ms_per_doc %.3f"
	       " peak_rss_mib %.1f archive_mib %.1f",
	       o->n, o->days, o->off ? "off" : "on", total, (double)o->n / total, last_tenth_ms, rss,
	       file_mib(path, "") + file_mib(path, "-wal"));
	if (o->off)
		printf(" stories - multi - true_pairs - pair_precision - pair_recall -");
	else
		printf(" stories %zu multi %zu true_pairs %.0f pair_precision %.4f"
		       " pair_recall %.4f",
		       q.stories, q.multi, q.true_pairs,
		       q.found_pairs ? q.right_pairs / q.found_pairs : 1.0,
		       q.true_pairs ? q.right_pairs / q.true_pairs : 1.0);
	printf(" cpu_seconds %.1f\n", cpu);
	rc = 0;
out:
	store_close(s);
	text_ctx_free(text);
	free(ids);
	free(b.plans);
	free(b.word_cdf);
	free(b.entity_cdf);
	return rc;
}

static void remove_archive(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		if (unlink(name) && errno != ENOENT)
			perror(name);
	}
}

int main(int argc, char **argv)
{
	char temp[] = "/var/tmp/stories_bench-XXXXXX.db";
	struct options o;
	int rc = parse_options(argc, argv, &o);

	han_chars = (sizeof han - 1) / 3;
	if (rc)
		return rc;
	if (!o.db) {
		int fd = mkstemps(temp, 3);

		if (fd < 0) {
			perror(temp);
			return 1;
		}
		close(fd);
	}
	rc = run(&o, o.db ? o.db : temp);
	if (!o.db)
		remove_archive(temp);
	return rc;
}
