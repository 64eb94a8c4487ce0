/* Unit tests for src/core: buffers, UTF-8, errors, the document model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "core/utf8.h"

static void buf_grows_and_detaches(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(b.data, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_adds(&b, "奥斯汀"), DOSSIER_OK);
	assert_int_equal(b.len, 9000);
	assert_int_equal(buf_printf(&b, "%d", 42), DOSSIER_OK);
	assert_string_equal(b.data + 9000, "42");
	char *s = buf_detach(&b);
	assert_int_equal(strlen(s), 9002);
	assert_int_equal(b.len, 0);
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void buf_respects_its_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), DOSSIER_OK);
	assert_int_equal(buf_addc(&b, '9'), DOSSIER_ETOOBIG);
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_add(&b, "x", SIZE_MAX), DOSSIER_ETOOBIG);
	buf_release(&b);
}

static void buf_trims_unicode_space(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "\xe3\x80\x80 \xc2\xa0標題\t\n\xe3\x80\x80");
	buf_trim(&b);
	assert_string_equal(b.data, "標題");
	buf_reset(&b);
	buf_adds(&b, " \xe3\x80\x80 ");
	buf_trim(&b);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void utf8_decodes_and_rejects(void **state)
{
	const char *s = "a\xc3\xa9\xe5\xa5\xa5\xf0\x9f\x98\x80";
	size_t pos = 0;

	(void)state;
	assert_int_equal(utf8_next(s, strlen(s), &pos), 'a');
	assert_int_equal(utf8_next(s, strlen(s), &pos), 0xE9);
	assert_int_equal(utf8_next(s, strlen(s), &pos), 0x5965);
	assert_int_equal(utf8_next(s, strlen(s), &pos), 0x1F600);
	assert_int_equal(pos, strlen(s));
	/* overlong, surrogate, truncated, stray continuation */
	const char *bad[] = { "\xc0\xaf", "\xed\xa0\x80", "\xe5\xa5", "\x80", "\xe5\xa5" "A" };
	const size_t skip[] = { 1, 1, 2, 1, 2 };
	for (size_t i = 0; i < 5; i++) {
		pos = 0;
		assert_true(utf8_next(bad[i], strlen(bad[i]), &pos) < 0);
		assert_int_equal(pos, skip[i]);
	}
}

static void utf8_repairs_with_replacement(void **state)
{
	struct buf b = BUF_INIT;
	size_t replaced = 0, first = 0;
	const char in[] = "ok\xff\xfe中\0文\xe5\xa5";

	(void)state;
	/* \xff and \xfe are one error each; the cut 奥 (\xe5\xa5) is one. */
	assert_int_equal(utf8_count_invalid(in, sizeof in - 1, &first), 3);
	assert_int_equal(first, 2);
	assert_int_equal(utf8_repair(&b, in, sizeof in - 1, &replaced), DOSSIER_OK);
	assert_int_equal(replaced, 3);
	assert_string_equal(b.data, "ok\xef\xbf\xbd\xef\xbf\xbd中文\xef\xbf\xbd");
	assert_int_equal(utf8_count_invalid(b.data, b.len, NULL), 0);
	buf_release(&b);
}

static void utf8_cuts_at_boundaries(void **state)
{
	const char *s = "中文";

	(void)state;
	assert_int_equal(utf8_boundary_before(s, 6, 4), 3);
	assert_int_equal(utf8_boundary_before(s, 6, 3), 3);
	assert_int_equal(utf8_trim_incomplete(s, 5), 3);
	assert_int_equal(utf8_trim_incomplete(s, 6), 6);
	assert_int_equal(utf8_length(s, 6), 2);
}

static void err_messages_chain(void **state)
{
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(err_set(&e, DOSSIER_EPARSE, "no separator at line %d", 3),
			 DOSSIER_EPARSE);
	err_prefix(&e, "%s", "seed.txt");
	assert_string_equal(e.msg, "seed.txt: no separator at line 3");
	assert_int_equal(e.rc, DOSSIER_EPARSE);
	assert_int_equal(err_set(NULL, DOSSIER_EIO, "ignored"), DOSSIER_EIO);
	assert_string_equal(err_rc_str(DOSSIER_ENOMEM), "out of memory");
	assert_string_equal(err_rc_str(999), "unknown error");
}

static void err_cuts_long_messages_cleanly(void **state)
{
	struct err e;
	char big[2000];

	(void)state;
	for (size_t i = 0; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "中", 3);
	big[sizeof big - 2] = '\0';
	err_set(&e, DOSSIER_EPARSE, "x%s", big);
	assert_int_equal(utf8_count_invalid(e.msg, strlen(e.msg), NULL), 0);
}

static void doc_holds_parts_and_hashes(void **state)
{
	struct doc *a = doc_new(), *b = doc_new();

	(void)state;
	assert_non_null(a);
	assert_true(a->published == DOC_TIME_NONE);
	doc_set(&a->title, "標題", (size_t)-1);
	doc_add_para(a, DOC_PARA_TEXT, "第一段。");
	doc_add_para(a, DOC_PARA_TEXT, "");
	doc_add_para(a, DOC_PARA_HEADING, "小標");
	doc_add_image(a, "https://x/1.jpg", "圖說");
	doc_add_image(a, NULL, NULL);
	doc_add_link(a, "https://x/a", "連結");
	assert_int_equal(a->n_paras, 2);
	assert_int_equal(a->n_images, 2);
	char *text = doc_text(a);
	assert_string_equal(text, "第一段。\n\n小標");
	free(text);

	doc_set(&b->title, " 標題", (size_t)-1);
	doc_add_para(b, DOC_PARA_TEXT, "第一段。\n");
	doc_add_para(b, DOC_PARA_TEXT, "  小標");
	doc_compute_hash(a);
	doc_compute_hash(b);
	assert_int_equal(strlen(a->hash), 64);
	assert_string_equal(a->hash, b->hash);
	doc_add_para(b, DOC_PARA_TEXT, "多一段");
	doc_compute_hash(b);
	assert_string_not_equal(a->hash, b->hash);
	doc_free(a);
	doc_free(b);
	doc_free(NULL);
}

/* No byte that drives a terminal is kept, nor what its sequence carries. */
static void doc_strips_controls(void **state)
{
	struct doc *d = doc_new();

	(void)state;
	assert_non_null(d);
	doc_set(&d->title, "Red \x1b[31mtitle\x1b[0m\tand \xc2\x9b" "2Jmore\x07", (size_t)-1);
	doc_set(&d->author, "\x1b]0;pwned\x07王\x1b]2;x\x1b\\小明\r\n", (size_t)-1);
	doc_set(&d->source, "DW\x7f\x01", (size_t)-1);
	doc_set(&d->url, "https://example.org/\x1b[2Ja", (size_t)-1);
	doc_add_para(d, DOC_PARA_TEXT, "第一段\x1b[1m粗\x1b[m。\n第二行\t縮排\r");
	doc_add_para(d, DOC_PARA_TEXT, "\x1b[2J\x1b[H");
	doc_add_para(d, DOC_PARA_TEXT, "\x1b]no terminator: the rest stays");
	doc_add_image(d, "https://x/a.jpg\x1b", "圖說\x1b[5m");
	doc_add_link(d, "https://x/\x1b[1mb", "連結\xc2\x85");
	doc_add_category(d, "國際\x1b" "c");
	doc_strip_controls(d);
	assert_string_equal(d->title, "Red title and more");
	assert_string_equal(d->author, "王小明  ");
	assert_string_equal(d->source, "DW");
	assert_string_equal(d->url, "https://example.org/a");
	assert_int_equal(d->n_paras, 2); /* the one of escapes only is gone */
	assert_string_equal(d->paras[0].text, "第一段粗。\n第二行\t縮排");
	assert_string_equal(d->paras[1].text, "no terminator: the rest stays");
	assert_string_equal(d->images[0].src, "https://x/a.jpg");
	assert_string_equal(d->images[0].caption, "圖說");
	assert_string_equal(d->links[0].href, "https://x/b");
	assert_string_equal(d->links[0].text, "連結");
	assert_string_equal(d->categories[0], "國際");
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_detaches),
		cmocka_unit_test(buf_respects_its_cap),
		cmocka_unit_test(buf_trims_unicode_space),
		cmocka_unit_test(utf8_decodes_and_rejects),
		cmocka_unit_test(utf8_repairs_with_replacement),
		cmocka_unit_test(utf8_cuts_at_boundaries),
		cmocka_unit_test(err_messages_chain),
		cmocka_unit_test(err_cuts_long_messages_cleanly),
		cmocka_unit_test(doc_holds_parts_and_hashes),
		cmocka_unit_test(doc_strips_controls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
