/* Unit tests for src/text: script tables built from OpenCC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/text.h"

static int setup(void **state)
{
	struct text_ctx *t;
	struct err e;

	if (text_ctx_new(&t, &e))
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	text_ctx_free(*state);
	return 0;
}

static const char *script_of(const struct text_ctx *t, const char *s)
{
	struct text_script_counts c;

	text_script_count(t, s, strlen(s), &c);
	return text_script_name(&c);
}

static void folds_traditional_to_simplified(void **state)
{
	const struct text_ctx *t = *state;

	assert_int_equal(text_fold_char(t, 0x5967 /* 奧 */), 0x5965 /* 奥 */);
	assert_int_equal(text_fold_char(t, 0x81FA /* 臺 */), 0x53F0 /* 台 */);
	assert_int_equal(text_fold_char(t, 0x570B /* 國 */), 0x56FD /* 国 */);
	assert_int_equal(text_fold_char(t, 0x5965 /* 奥 */), 0x5965);
	assert_int_equal(text_fold_char(t, 'A'), 'A');
	assert_int_equal(text_fold_char(t, 0x1F600), 0x1F600);
}

static void tells_scripts_apart(void **state)
{
	const struct text_ctx *t = *state;

	assert_string_equal(script_of(t, "美國國防部長奧斯汀與中國國防部長會晤"), "hant");
	assert_string_equal(script_of(t, "美国国防部长奥斯汀与中国国防部长会晤"), "hans");
	assert_string_equal(script_of(t, "Lloyd Austin met Dong Jun"), "none");
	assert_string_equal(script_of(t, "中文"), "none");
	assert_string_equal(script_of(t, "美國國防部長 美国国防部长"), "mixed");
	/* A Simplified quotation inside Traditional text does not flip it. */
	assert_string_equal(script_of(t, "德國之聲報導：美國國務卿布林肯週五會晤中國外長，"
				      "兩人談了五個半小時，新华社称。"), "hant");
}

static void counts_han_characters(void **state)
{
	const struct text_ctx *t = *state;
	struct text_script_counts c;
	const char *s = "台灣與臺灣 ok";

	text_script_count(t, s, strlen(s), &c);
	assert_int_equal(c.han, 5);
	assert_int_equal(c.traditional, 4); /* 灣 twice, 與, 臺 */
	/* 台 counts as Simplified (OpenCC writes 臺 for it), though Taiwan
	 * writes 台 too: why one script must dominate four to one. */
	assert_int_equal(c.simplified, 1);
}

/* Collects tokens as "text@start-end" (with "!" for a lone character). */
static int collect(void *arg, const struct text_token *tok)
{
	struct buf *b = arg;

	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, tok->text, tok->len);
	buf_printf(b, "@%zu-%zu%s", tok->start, tok->end, tok->han_single ? "!" : "");
	return 0;
}

static char *tokens(const struct text_ctx *t, const char *s, int flags)
{
	struct buf b = BUF_INIT;

	assert_int_equal(text_tokenize(t, s, strlen(s), flags, collect, &b), 0);
	return buf_detach(&b);
}

static void tokenizes_documents(void **state)
{
	const struct text_ctx *t = *state;
	char *got;

	/* Bigrams, the run's last character alone, offsets in the original. */
	got = tokens(t, "奧斯汀。", 0);
	assert_string_equal(got, "奥斯@0-6 斯汀@3-9 汀@6-9!");
	free(got);
	got = tokens(t, "Ｇ７峰會 Lloyd-Austin", 0);
	assert_string_equal(got, "g7@0-6 峰会@6-12 会@9-12! lloyd@13-18 austin@19-25");
	free(got);
	got = tokens(t, "中", 0);
	assert_string_equal(got, "中@0-3!");
	free(got);
	/* A soft hyphen vanishes; it does not split the word. */
	got = tokens(t, "co\xc2\xadop", 0);
	assert_string_equal(got, "coop@0-6");
	free(got);
	got = tokens(t, "", 0);
	assert_string_equal(got, "");
	free(got);
}

static void tokenizes_queries(void **state)
{
	const struct text_ctx *t = *state;
	char *got;

	/* A query run of n ≥ 2 characters is its bigrams only... */
	got = tokens(t, "奥斯汀", TEXT_TOKENIZE_QUERY);
	assert_string_equal(got, "奥斯@0-6 斯汀@3-9");
	free(got);
	/* ...a lone character is itself, to be looked up as a prefix. */
	got = tokens(t, "臺", TEXT_TOKENIZE_QUERY);
	assert_string_equal(got, "台@0-3!");
	free(got);
	/* Inside a query, a run's end stays, so positions match a document's. */
	got = tokens(t, "中國 美國", TEXT_TOKENIZE_QUERY);
	assert_string_equal(got, "中国@0-6 国@3-6! 美国@7-13");
	free(got);
	got = tokens(t, "2024年", TEXT_TOKENIZE_QUERY);
	assert_string_equal(got, "2024@0-4 年@4-7!");
	free(got);
}

static void normalises_keys(void **state)
{
	const struct text_ctx *t = *state;
	struct buf b = BUF_INIT;
	const char *s = "  奧斯汀（Lloyd  AUSTIN）";

	assert_int_equal(text_normalise(t, s, strlen(s), &b), 0);
	assert_string_equal(b.data, "奥斯汀 lloyd austin");
	buf_reset(&b);
	s = "裡裏里，臺台";
	text_normalise(t, s, strlen(s), &b);
	assert_string_equal(b.data, "里里里 台台");
	buf_release(&b);
}

/* NFKC for content hashes: widths made plain, case and script kept. */
static void nfkc_keeps_case_and_script(void **state)
{
	const struct text_ctx *t = *state;
	struct buf b = BUF_INIT;
	const char *s = "Ｇ７峰會２０２４年，奧斯汀①";
	char bad[] = "ab\xff\xfe" "cd";

	assert_int_equal(text_nfkc(t, s, strlen(s), &b), 0);
	assert_string_equal(b.data, "G7峰會2024年,奧斯汀1");
	buf_reset(&b);
	assert_int_equal(text_nfkc(t, "", 0, &b), 0);
	assert_int_equal(b.len, 0);
	/* malformed bytes are replaced, not fatal */
	assert_int_equal(text_nfkc(t, bad, strlen(bad), &b), 0);
	assert_non_null(strstr(b.data, "\xef\xbf\xbd"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folds_traditional_to_simplified),
		cmocka_unit_test(tells_scripts_apart),
		cmocka_unit_test(counts_han_characters),
		cmocka_unit_test(tokenizes_documents),
		cmocka_unit_test(tokenizes_queries),
		cmocka_unit_test(normalises_keys),
		cmocka_unit_test(nfkc_keeps_case_and_script),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
