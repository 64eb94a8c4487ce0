/*
 * Unit tests for src/ingest/plaintext.c: the plain-text parser and sniffer.
 *
 * Every document here is written for the test (none is taken from the
 * seeds).  Inputs are copied into buffers of their exact length, without a
 * NUL, so that ASan catches any read past `len`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "core/err.h"
#include "ingest/ingest_int.h"

/* A copy of s[0..len) with nothing after it. */
static char *exact_copy(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

/* Parses `text` (len bytes) into a new doc; checks the return code. */
static struct doc *parse_len(const char *text, size_t len, int want_rc,
			     struct err *e)
{
	char *copy = exact_copy(text, len);
	struct doc *d = doc_new();

	assert_non_null(d);
	assert_int_equal(plaintext_parse(copy, len, d, e), want_rc);
	free(copy);
	return d;
}

static struct doc *parse(const char *text)
{
	struct err e;

	return parse_len(text, strlen(text), DOSSIER_OK, &e);
}

static int sniff(const char *text, size_t len)
{
	char *copy = exact_copy(text, len);
	int r = plaintext_sniff(copy, len);

	free(copy);
	return r;
}

/* True when some paragraph of `d` contains `needle`. */
static int text_has(const struct doc *d, const char *needle)
{
	char *all = doc_text(d);
	int found;

	assert_non_null(all);
	found = strstr(all, needle) != NULL;
	free(all);
	return found;
}

static void assert_para(const struct doc *d, size_t i, enum doc_para_kind kind,
			const char *text)
{
	assert_true(i < d->n_paras);
	assert_int_equal(d->paras[i].kind, kind);
	assert_string_equal(d->paras[i].text, text);
}

/* ---- a commentary laid out like a PDF turned into text ------------------ */

static const char commentary[] =
	"\n\n海峽觀察\n\n\n\n"
	"昨日在臺北舉行的記者會現場。(圖片來源：<https://example.org/photo/1>)\n\n"
	"兩岸航運談判的下一步\n\n"
	"王小明\n\n"
	"東亞航運研究中心研究員\n\n"
	"今年春天以來，兩岸航運業者多次呼籲恢復直航班次，但雙方主管機關遲遲沒有回\n\n\n\n"
	"應，業者只能自行調整航線。\n\n"
	"談判前景仍不明朗\n\n"
	"交通部官員表示，\n\n"
	"- 2 -\n\n"
	"相關會議將在下個月召開，屆時將討論 Port\n\n\n"
	"Authority 提出的新方案。\n\n"
	"\n\n\n"
	"編按：本文僅代表作者個人觀點，不代表海峽研究基金會之政策與立場。\n\n"
	"財團法人海峽研究基金會\n\n"
	"本基金會為關注兩岸交流之民間學術智庫，旨在促進雙方對話與研究合作。\n\n"
	"新北市板橋區文化路一段 100 號 5 樓\n\n"
	"Tel: 02-2345-6789\n\n"
	"Fax: 02-2345-6790\n\n"
	"<https://www.example.org>\n\n"
	"3\n";

static void commentary_front_matter(void **state)
{
	struct doc *d = parse(commentary);

	(void)state;
	assert_string_equal(d->title, "兩岸航運談判的下一步");
	assert_string_equal(d->author, "王小明");
	assert_string_equal(d->affiliation, "東亞航運研究中心研究員");
	assert_string_equal(d->source, "海峽研究基金會");
	assert_string_equal(d->format, "text");
	/* the series name is neither title nor text */
	assert_false(text_has(d, "海峽觀察"));
	doc_free(d);
}

static void commentary_caption_is_an_image(void **state)
{
	struct doc *d = parse(commentary);

	(void)state;
	assert_int_equal(d->n_images, 1);
	assert_null(d->images[0].src);
	assert_string_equal(d->images[0].caption, "昨日在臺北舉行的記者會現場。");
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].href, "https://example.org/photo/1");
	assert_string_equal(d->links[0].text, "圖片來源");
	assert_false(text_has(d, "記者會現場"));
	assert_false(text_has(d, "圖片來源"));
	doc_free(d);
}

static void commentary_joins_and_headings(void **state)
{
	struct doc *d = parse(commentary);

	(void)state;
	assert_int_equal(d->n_paras, 3);
	assert_para(d, 0, DOC_PARA_TEXT,
		    "今年春天以來，兩岸航運業者多次呼籲恢復直航班次，但雙方主管機關"
		    "遲遲沒有回應，業者只能自行調整航線。");
	assert_para(d, 1, DOC_PARA_HEADING, "談判前景仍不明朗");
	/* joined across a page number, and Latin words keep their space */
	assert_para(d, 2, DOC_PARA_TEXT,
		    "交通部官員表示，相關會議將在下個月召開，屆時將討論 Port "
		    "Authority 提出的新方案。");
	doc_free(d);
}

static void commentary_drops_furniture(void **state)
{
	struct doc *d = parse(commentary);
	const char *gone[] = { "編按", "本基金會", "財團法人", "文化路", "Tel",
			       "Fax", "example.org", "- 2 -", "02-2345" };

	(void)state;
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		assert_false(text_has(d, gone[i]));
	for (size_t i = 0; i < d->n_paras; i++)
		assert_string_not_equal(d->paras[i].text, "3");
	doc_free(d);
}

/* ---- generic plain text ------------------------------------------------- */

static void crlf_bom_one_paragraph_per_line(void **state)
{
	struct doc *d = parse("\xEF\xBB\xBF城市交通的新变化\r\n\r\n"
			      "地铁线路今年增加了三条。\r\n"
			      "公交车站也重新规划，乘客换乘更方便。\r\n");

	(void)state;
	assert_string_equal(d->title, "城市交通的新变化");
	assert_null(d->author);
	assert_null(d->source);
	assert_int_equal(d->n_paras, 2);
	assert_para(d, 0, DOC_PARA_TEXT, "地铁线路今年增加了三条。");
	assert_para(d, 1, DOC_PARA_TEXT, "公交车站也重新规划，乘客换乘更方便。");
	assert_false(text_has(d, "\r"));
	assert_false(text_has(d, "\xEF\xBB\xBF"));
	doc_free(d);
}

static void old_mac_line_ends(void **state)
{
	struct doc *d = parse("港口消息\r\r新码头周一启用。\r旧码头将改建为公园。");

	(void)state;
	assert_string_equal(d->title, "港口消息");
	assert_int_equal(d->n_paras, 2);
	assert_para(d, 1, DOC_PARA_TEXT, "旧码头将改建为公园。");
	doc_free(d);
}

static void form_feed_page_break_and_running_header(void **state)
{
	struct doc *d = parse(
		"预算报告\n\n"
		"本市今年的预算重点放在公共交通、教育与医疗三个领域，其中公共交通的投入比去年增加了\n\n"
		"1\n\f市政简报\n\n"
		"百分之二十，创下历史新高。\n\n"
		"2\n\f市政简报\n\n"
		"教育经费维持不变。\n\n"
		"3\n\f市政简报\n\n"
		"医疗经费小幅上升。\n");

	(void)state;
	assert_string_equal(d->title, "预算报告");
	assert_int_equal(d->n_paras, 3);
	assert_para(d, 0, DOC_PARA_TEXT,
		    "本市今年的预算重点放在公共交通、教育与医疗三个领域，其中公共交通的"
		    "投入比去年增加了百分之二十，创下历史新高。");
	assert_false(text_has(d, "市政简报"));
	doc_free(d);
}

static void hard_wrapped_latin_and_cjk(void **state)
{
	struct doc *d = parse(
		"Harbour Report\n\n"
		"The new ferry terminal opened on Monday after\n"
		"three years of construction. Officials said the\n"
		"building can handle twice the old traffic.\n\n"
		"Tickets are on sale now.\n\n"
		"新的渡輪碼頭在週一正式啟用，經過三年的\n"
		"施工，官員表示這座建築可以處理兩倍於舊\n"
		"碼頭的客流量。\n");

	(void)state;
	assert_string_equal(d->title, "Harbour Report");
	assert_int_equal(d->n_paras, 3);
	assert_para(d, 0, DOC_PARA_TEXT,
		    "The new ferry terminal opened on Monday after three years of "
		    "construction. Officials said the building can handle twice the "
		    "old traffic.");
	assert_para(d, 1, DOC_PARA_TEXT, "Tickets are on sale now.");
	assert_para(d, 2, DOC_PARA_TEXT,
		    "新的渡輪碼頭在週一正式啟用，經過三年的施工，官員表示這座建築可以處理"
		    "兩倍於舊碼頭的客流量。");
	doc_free(d);
}

static void indented_paragraphs(void **state)
{
	struct doc *d = parse("鄉鎮紀事\n"
			      "　　第一段的文字比較長，因為排版的緣故被折成了兩\n"
			      "行，但仍是同一段。\n"
			      "　　第二段從全形空白縮排開始，也只有一句話而已。\n");

	(void)state;
	assert_string_equal(d->title, "鄉鎮紀事");
	assert_int_equal(d->n_paras, 2);
	assert_para(d, 0, DOC_PARA_TEXT,
		    "第一段的文字比較長，因為排版的緣故被折成了兩行，但仍是同一段。");
	assert_para(d, 1, DOC_PARA_TEXT,
		    "第二段從全形空白縮排開始，也只有一句話而已。");
	doc_free(d);
}

static void headings_in_body(void **state)
{
	struct doc *d = parse("農業政策的調整\n\n"
			      "一、背景說明\n\n"
			      "去年雨量偏少，稻米產量下降一成。\n\n"
			      "二、可能的對策\n\n"
			      "政府考慮擴大補助範圍。\n");

	(void)state;
	assert_string_equal(d->title, "農業政策的調整");
	assert_int_equal(d->n_paras, 4);
	assert_para(d, 0, DOC_PARA_HEADING, "一、背景說明");
	assert_para(d, 1, DOC_PARA_TEXT, "去年雨量偏少，稻米產量下降一成。");
	assert_para(d, 2, DOC_PARA_HEADING, "二、可能的對策");
	assert_para(d, 3, DOC_PARA_TEXT, "政府考慮擴大補助範圍。");
	doc_free(d);
}

static void question_title_and_labelled_byline(void **state)
{
	struct doc *d = parse("海運價格還會再漲嗎？\n\n"
			      "作者：陳大文（港務研究所副研究員）\n\n"
			      "運價在過去半年上漲了一倍。\n");

	(void)state;
	assert_string_equal(d->title, "海運價格還會再漲嗎？");
	assert_string_equal(d->author, "陳大文");
	assert_string_equal(d->affiliation, "港務研究所副研究員");
	assert_int_equal(d->n_paras, 1);
	doc_free(d);
}

static void generic_furniture_patterns(void **state)
{
	struct doc *d = parse("图书馆开放时间调整\n\n"
			      "市图书馆自下月起延长开放时间。\n\n"
			      "第 3 页\n\n第3页，共12页\n\nPage 4 of 9\n\n— 7 —\n\n12\n\n"
			      "电话：010-1234567\n\n"
			      "地址：北京市朝阳区建国路 88 号\n\n"
			      "上海市黄浦区南京东路 100 号\n\n"
			      "www.example.com\n\n"
			      "news@example.com\n\n"
			      "版权所有 © 2024 示例日报\n\n"
			      "Copyright 2024 Example Daily. All rights reserved.\n\n"
			      "他住在文化路 100 号附近，每天步行上班。\n\n"
			      "这不代表馆方立场改变。\n\n"
			      "一带一路倡议号角响起\n\n"
			      "2024\n");

	(void)state;
	assert_string_equal(d->title, "图书馆开放时间调整");
	assert_int_equal(d->n_paras, 5);
	assert_para(d, 0, DOC_PARA_TEXT, "市图书馆自下月起延长开放时间。");
	/* sentences that merely look like furniture stay */
	assert_para(d, 1, DOC_PARA_TEXT, "他住在文化路 100 号附近，每天步行上班。");
	assert_para(d, 2, DOC_PARA_TEXT, "这不代表馆方立场改变。");
	assert_para(d, 3, DOC_PARA_HEADING, "一带一路倡议号角响起");
	/* a lone year is not a page number */
	assert_para(d, 4, DOC_PARA_HEADING, "2024");
	doc_free(d);
}

static void captions_with_named_credit_and_labels(void **state)
{
	struct doc *d = parse("廣場活動\n\n"
			      "圖：總統府前的廣場（攝影：張三）\n\n"
			      "上圖為活動開始前的排隊人潮。\n\n"
			      "週末的活動吸引上萬人參加，詳情見 https://example.net/event 。\n");

	(void)state;
	assert_int_equal(d->n_images, 2);
	assert_string_equal(d->images[0].caption, "總統府前的廣場（攝影：張三）");
	assert_string_equal(d->images[1].caption, "上圖為活動開始前的排隊人潮。");
	assert_int_equal(d->n_paras, 1);
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].href, "https://example.net/event");
	doc_free(d);
}

static void angle_bracket_urls_become_links(void **state)
{
	struct doc *d = parse("報告下載\n\n全文請見<https://example.org/r.pdf>，歡迎轉寄。\n");

	(void)state;
	assert_para(d, 0, DOC_PARA_TEXT, "全文請見https://example.org/r.pdf，歡迎轉寄。");
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].href, "https://example.org/r.pdf");
	doc_free(d);
}

static void no_title_when_text_starts_at_once(void **state)
{
	struct doc *d = parse("今天天氣很好，我們一起去公園散步，看見很多人在放風箏，孩子們玩得很開心。\n");

	(void)state;
	assert_null(d->title);
	assert_int_equal(d->n_paras, 1);
	doc_free(d);
}

static void empty_inputs(void **state)
{
	const char *blank[] = { "", "   \n\t\r\n\xE3\x80\x80\n", "\xEF\xBB\xBF",
				"\f\f\n" };
	struct err e;

	(void)state;
	for (size_t i = 0; i < sizeof blank / sizeof *blank; i++) {
		struct doc *d = parse_len(blank[i], strlen(blank[i]), DOSSIER_EEMPTY, &e);

		assert_non_null(strstr(e.msg, "empty"));
		doc_free(d);
	}
	{
		const char furniture[] = "- 1 -\n\nTel: 02-1234\n\n<https://x.example>\n";
		struct doc *d = parse_len(furniture, sizeof furniture - 1,
					  DOSSIER_EEMPTY, &e);

		assert_non_null(strstr(e.msg, "furniture"));
		doc_free(d);
	}
}

static void controls_and_bad_bytes_do_not_leak(void **state)
{
	const char raw[] = "標題\n\n第一段\x01有控制\0字元\xff與壞位元組。\n";
	struct err e;
	struct doc *d = parse_len(raw, sizeof raw - 1, DOSSIER_OK, &e);

	(void)state;
	assert_int_equal(d->n_paras, 1);
	assert_string_equal(d->paras[0].text,
			    "第一段 有控制 字元\xEF\xBF\xBD與壞位元組。");
	doc_free(d);
}

static void colophon_named_by_kind_and_issue_date(void **state)
{
	struct doc *d = parse("\n\n觀測筆記\n\n橋梁維修的優先順序\n\n張志明\n\n"
			      "城鄉發展研究院研究員\n\n"
			      "全市有四百多座橋梁需要定期檢查，預算有限時必須排定先後。\n\n"
			      "編按：文中所述僅屬作者本人見解，與城鄉發展研究院立場無涉。\n\n"
			      "本期出刊：2024 年 3 月 5 日\n\n"
			      "財團法人城鄉發展研究院\n\n"
			      "本院為獨立之民間研究機構，定期出版研究報告。\n\n");

	(void)state;
	assert_string_equal(d->title, "橋梁維修的優先順序");
	assert_string_equal(d->author, "張志明");
	assert_string_equal(d->source, "城鄉發展研究院");
	/* midnight in UTC+8 */
	assert_true(d->published == datetime_from_utc(2024, 3, 4, 16, 0, 0, 0));
	assert_int_equal(d->n_paras, 1);
	assert_false(text_has(d, "出刊"));
	assert_false(text_has(d, "本院"));
	assert_false(text_has(d, "財團法人"));
	doc_free(d);
}

static void date_lines_outside_and_inside_the_body(void **state)
{
	struct doc *d = parse("2024-02-29\n\n河川整治時間線\n\n"
			      "這份時間線整理了過去兩年河川整治工程的主要節點，以及每一階段完成的工作項目。\n\n"
			      "2023 年 11 月 15 日\n\n"
			      "第一期工程完工，沿岸步道同時開放給市民使用，附近居民的反應相當熱烈而且正面。\n\n"
			      "2023 年 2 月 30 日\n");

	(void)state;
	assert_string_equal(d->title, "河川整治時間線");
	assert_true(d->published == datetime_from_utc(2024, 2, 28, 16, 0, 0, 0));
	/* a dated heading inside the body stays; an impossible date is no date */
	assert_int_equal(d->n_paras, 4);
	assert_para(d, 1, DOC_PARA_HEADING, "2023 年 11 月 15 日");
	assert_para(d, 3, DOC_PARA_HEADING, "2023 年 2 月 30 日");
	doc_free(d);
}

/* ---- sniffing ----------------------------------------------------------- */

static void sniff_accepts_text(void **state)
{
	const char *ok[] = {
		"標題\n\n正文。\n",
		"\xEF\xBB\xBF  城市交通\r\n",
		"<https://example.org> 是報告的來源。\n",
		"若 a<b 且 b<c，則 a<c。\n",
		"Plain English text, no markup at all.\n",
		"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		assert_true(sniff(ok[i], strlen(ok[i])));
}

static void sniff_rejects_markup_binary_records(void **state)
{
	const char *bad[] = {
		"<html><body><p>x</p></body></html>",
		"  \n<?xml version=\"1.0\"?><rss></rss>",
		"\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
		"<!--1685413023000-->\n[標題](https://example.org/a)\n------\n<p>x</p>\n",
		"---\ntitle: 標題\n---\n\n<!--1685413023000-->\n[t](u)\n",
		"Hello <p>a</p><p>b</p><div>c</div><br><br>",
		"%PDF-1.7\n",
		"\x01\x02\x03\x04 binary \x05\x06\x07",
	};
	const char nul[] = "text\0with a NUL";

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(sniff(bad[i], strlen(bad[i])));
	assert_false(sniff(nul, sizeof nul - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commentary_front_matter),
		cmocka_unit_test(commentary_caption_is_an_image),
		cmocka_unit_test(commentary_joins_and_headings),
		cmocka_unit_test(commentary_drops_furniture),
		cmocka_unit_test(crlf_bom_one_paragraph_per_line),
		cmocka_unit_test(old_mac_line_ends),
		cmocka_unit_test(form_feed_page_break_and_running_header),
		cmocka_unit_test(hard_wrapped_latin_and_cjk),
		cmocka_unit_test(indented_paragraphs),
		cmocka_unit_test(headings_in_body),
		cmocka_unit_test(question_title_and_labelled_byline),
		cmocka_unit_test(generic_furniture_patterns),
		cmocka_unit_test(captions_with_named_credit_and_labels),
		cmocka_unit_test(angle_bracket_urls_become_links),
		cmocka_unit_test(no_title_when_text_starts_at_once),
		cmocka_unit_test(colophon_named_by_kind_and_issue_date),
		cmocka_unit_test(date_lines_outside_and_inside_the_body),
		cmocka_unit_test(empty_inputs),
		cmocka_unit_test(controls_and_bad_bytes_do_not_leak),
		cmocka_unit_test(sniff_accepts_text),
		cmocka_unit_test(sniff_rejects_markup_binary_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
