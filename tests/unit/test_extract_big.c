/*
 * Extraction over one big document (issue 14, item 5): a text of a couple
 * of megabytes, generated here in our own words, read whole and right.
 * Every mention of a name is found, the mentions do not overlap, every
 * dated meeting is an event with its own date, and an undated headline
 * repeating one of them goes.  The quadratic extraction took minutes over
 * such a text; nothing here is timed, the work simply has to finish.
 * The data is the project's own ($DOSSIER_DATA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "dedup/dedup.h"
#include "extract/extract.h"
#include "text/text.h"

/* Paragraphs of the generated document: about 1.5 MB of text. */
#define PARAGRAPHS 6000
/* Distinct foreign names (with their Latin forms) and Chinese names. */
#define FOREIGNERS 300
#define CHINESE 2000

struct fixture {
	struct text_ctx *text;
	struct extract_ctx *x;
	struct doc *big; /* the generated document, extracted once */
};

static int setup(void **state)
{
	static struct fixture f;
	const char *data = getenv("DOSSIER_DATA");
	struct err e;

	if (text_ctx_new(&f.text, &e) ||
	    extract_ctx_new(&f.x, data ? data : DOSSIER_DATA_DIR, f.text, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	doc_free(f->big);
	extract_ctx_free(f->x);
	text_ctx_free(f->text);
	return 0;
}

/* The k-th character (UTF-8) of a space-separated list. */
static void nth(const char *list, size_t k, char *out)
{
	const char *p = list;

	while (k--)
		p = strchr(p, ' ') + 1;
	snprintf(out, 8, "%.*s", (int)strcspn(p, " "), p);
}

static size_t count_of(const char *list)
{
	size_t n = 1;

	for (const char *p = list; *p; p++)
		n += *p == ' ';
	return n;
}

/* Transliteration characters none of the fixed words below use. */
static const char translit[] = "阿 巴 貝 布 達 迪 費 格 哈 霍 卡 克 拉 萊 倫 羅 梅 米 納 尼 帕 佩 薩 塔 特 瓦 維 蘇 索 伊";
static const char syllable[][4] = { "A",  "Ba", "Be", "Bu", "Da", "Di", "Fe", "Ge", "Ha", "Ho",
				    "Ka", "Ke", "La", "Lai", "Ren", "Ro", "Me", "Mi", "Na", "Ni",
				    "Pa", "Pe", "Sa", "Ta", "Te", "Va", "Vi", "Su", "So", "Yi" };
static const char surnames[] = "王 李 張 劉 陳 楊 黃 趙 吳 周 徐 孫 馬 朱 胡 郭 何 高 林 羅";
static const char given[] = "國 建 明 偉 華 志 文 海 平 軍 新 東 立 振 宏 德 永 思 興 家 光 正 春 清 成 維 安 紅 英 茂";

/* Foreigner k: 3 transliteration characters, and "Name Abcdef". */
static void foreigner(size_t k, char *cn, char *latin)
{
	size_t n = count_of(translit), a = k % n, b = (k / n) % n, c = (k / n / n + k) % n;
	char x[8], y[8], z[8];

	nth(translit, a, x);
	nth(translit, b, y);
	nth(translit, c, z);
	sprintf(cn, "%s%s%s", x, y, z);
	sprintf(latin, "Peter %s%c%s%c%s", syllable[a], syllable[b][0] + 32, syllable[b] + 1,
		syllable[c][0] + 32, syllable[c] + 1);
}

/* Chinese name k: a surname and two given characters. */
static void chinese(size_t k, char *out)
{
	size_t ng = count_of(given);
	char s[8], g1[8], g2[8];

	nth(surnames, k % count_of(surnames), s);
	nth(given, (k / count_of(surnames)) % ng, g1);
	nth(given, (k / count_of(surnames) / ng) % ng, g2);
	sprintf(out, "%s%s%s", s, g1, g2);
}

/* The date of paragraph i: distinct for every paragraph. */
static void date_of(size_t i, int *y, int *m, int *d)
{
	*y = 2000 + (int)(i / 336);
	*m = 1 + (int)(i / 28 % 12);
	*d = 1 + (int)(i % 28);
}

/* The generated document, extracted (once; the tests only read it). */
static const struct doc *big_doc(struct fixture *f)
{
	struct extract_notes notes;
	char said[256];
	struct doc *d;

	if (f->big)
		return f->big;
	d = doc_new();
	assert_non_null(d);
	assert_int_equal(doc_set(&d->title, "奧斯汀與董軍會晤 長篇彙編", (size_t)-1), DOSSIER_OK);
	d->published = datetime_days_from_civil(2024, 6, 1) * 86400000LL;
	for (size_t i = 0; i < PARAGRAPHS; i++) {
		char cn[32], latin[64], name[32], para[512];
		int y, m, day;

		date_of(i, &y, &m, &day);
		foreigner(i % FOREIGNERS, cn, latin);
		chinese(i % CHINESE, name);
		snprintf(para, sizeof para,
			 "美國國防部長奧斯汀%d年%d月%d日在新加坡與中國國防部長董軍會晤，"
			 "雙方就南海局勢交換意見。%s（%s）表示，兩國應保持溝通。"
			 "外交部發言人%s指出，對話仍要繼續。",
			 y, m, day, cn, latin, name);
		assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, para), DOSSIER_OK);
	}
	assert_int_equal(extract_document_noting(f->x, d, &notes), DOSSIER_OK);
	/* news: nothing left out, nothing to say */
	assert_int_equal(notes.sentences_cut, 0);
	assert_int_equal(notes.sentences_crowded, 0);
	assert_int_equal(notes.dates_dropped, 0);
	extract_notes_describe(&notes, said, sizeof said);
	assert_string_equal(said, "");
	f->big = d;
	return d;
}

static size_t mentions_with_key(const struct doc *d, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_mentions; i++)
		n += !strncmp(d->entities[d->mentions[i].entity].key, prefix, strlen(prefix));
	return n;
}

static void big_text_every_mention(void **state)
{
	const struct doc *d = big_doc(*state);
	char *body = doc_text(d);

	assert_non_null(body);
	assert_true(strlen(body) > 1400000);
	/* each paragraph names the two ministers, a foreigner by both
	 * names (two mentions), and a spokesman after his title; the
	 * headline the two ministers */
	assert_int_equal(mentions_with_key(d, "lloyd-austin"), PARAGRAPHS + 1);
	assert_int_equal(mentions_with_key(d, "dong-jun"), PARAGRAPHS + 1);
	assert_int_equal(mentions_with_key(d, "latin:"), 2 * PARAGRAPHS);
	assert_int_equal(mentions_with_key(d, "name:"), PARAGRAPHS);
	/* in text order, none overlapping, each where its name is */
	for (size_t i = 0; i < d->n_mentions; i++) {
		const struct doc_mention *m = &d->mentions[i];
		const struct doc_entity *ent = &d->entities[m->entity];

		if (i) {
			const struct doc_mention *p = &d->mentions[i - 1];

			assert_true(p->part < m->part ||
				    (p->part == m->part && p->start + p->len <= m->start));
		}
		if (m->part != DOC_PART_BODY)
			continue;
		assert_true(m->start + m->len <= strlen(body));
		if (!strcmp(ent->key, "lloyd-austin"))
			assert_memory_equal(body + m->start, "奧斯汀", m->len);
		if (!strncmp(ent->key, "name:", 5))
			assert_int_equal(m->len, 9); /* three characters */
	}
	/* one entity per distinct name */
	{
		size_t latin = 0, named = 0;

		for (size_t i = 0; i < d->n_entities; i++) {
			latin += !strncmp(d->entities[i].key, "latin:", 6);
			named += !strncmp(d->entities[i].key, "name:", 5);
		}
		assert_int_equal(latin, FOREIGNERS);
		assert_int_equal(named, CHINESE);
	}
	free(body);
}

static int has_actor(const struct doc *d, const struct doc_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!strcmp(d->entities[ev->actors[i]].key, key))
			return 1;
	}
	return 0;
}

static void big_text_every_event(void **state)
{
	const struct doc *d = big_doc(*state);
	size_t meetings = 0;

	for (size_t i = 0; i < d->n_events; i++) {
		const struct doc_event *ev = &d->events[i];
		int y, m, day;

		/* the headline's undated meeting tells again a dated one */
		assert_int_not_equal(ev->part, DOC_PART_TITLE);
		if (strcmp(ev->type, "meet"))
			continue;
		assert_true(has_actor(d, ev, "lloyd-austin"));
		assert_true(has_actor(d, ev, "dong-jun"));
		date_of(meetings, &y, &m, &day);
		assert_int_equal(ev->when.year, y);
		assert_int_equal(ev->when.month, m);
		assert_int_equal(ev->when.day, day);
		assert_false(ev->date_from_doc);
		meetings++;
	}
	assert_int_equal(meetings, PARAGRAPHS);
	assert_int_equal(d->n_dates, PARAGRAPHS);
}

/* A page with no full stop: one "sentence" of megabytes, crowded with
 * meeting words, read all the same (in pieces, each for its first 32). */
static void no_full_stop(void **state)
{
	struct fixture *f = *state;
	struct doc *d = doc_new();
	struct buf b = BUF_INIT;
	size_t meetings = 0, clauses = 0;
	struct extract_notes notes;
	char said[256];

	assert_non_null(d);
	d->published = datetime_days_from_civil(2024, 6, 1) * 86400000LL;
	for (; b.len < 2000000; clauses++)
		assert_int_equal(buf_adds(&b, "美國國防部長奧斯汀與中國國防部長董軍在新加坡會晤，"),
				 DOSSIER_OK);
	assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, b.data), DOSSIER_OK);
	assert_int_equal(extract_document_noting(f->x, d, &notes), DOSSIER_OK);
	/* read in pieces, and said so */
	assert_int_equal(notes.sentences_cut, b.len / EXTRACT_SENTENCE_MAX);
	assert_int_equal(notes.dates_dropped, 0);
	/* each piece holds more meeting words than a sentence is read for */
	assert_true(notes.sentences_crowded >= notes.sentences_cut);
	extract_notes_describe(&notes, said, sizeof said);
	assert_non_null(strstr(said, "longer than 4096 bytes read in pieces"));
	assert_non_null(strstr(said, "more than 32 meeting words"));
	assert_int_equal(mentions_with_key(d, "lloyd-austin"), clauses);
	assert_int_equal(mentions_with_key(d, "dong-jun"), clauses);
	for (size_t i = 0; i < d->n_events; i++)
		meetings += !strcmp(d->events[i].type, "meet");
	assert_true(meetings >= 1);
	buf_release(&b);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(big_text_every_mention),
		cmocka_unit_test(big_text_every_event),
		cmocka_unit_test(no_full_stop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
