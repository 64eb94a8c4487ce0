/* Unit tests for src/extract: 中文名（Latin Name） pairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "extract/extract.h"

/* The pairs found in one paragraph, as "name=latin;..." */
static void pairs_of(const char *text, char *out, size_t size)
{
	struct doc *d = doc_new();

	doc_add_para(d, DOC_PARA_TEXT, text);
	assert_int_equal(extract_name_pairs(d), DOSSIER_OK);
	out[0] = '\0';
	for (size_t i = 0; i < d->n_names; i++) {
		size_t n = strlen(out);

		snprintf(out + n, size - n, "%s=%s;", d->names[i].name, d->names[i].latin);
	}
	doc_free(d);
}

static void assert_pairs(const char *text, const char *want)
{
	char got[512];

	pairs_of(text, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("in '%s': expected '%s', got '%s'", text, want, got);
}

static void finds_people_after_titles(void **state)
{
	(void)state;
	assert_pairs("美國國防部長奧斯汀（Lloyd Austin）週五抵達。", "奧斯汀=Lloyd Austin;");
	assert_pairs("白宫国家安全顾问沙利文（Jake Sullivan）表示", "沙利文=Jake Sullivan;");
	assert_pairs("主席布朗(Charles Q. Brown Jr.)與劉振立通話", "布朗=Charles Q. Brown Jr.;");
	assert_pairs("研究員庫珀（Zack Cooper）說", "庫珀=Zack Cooper;");
	assert_pairs("部長雷蒙多 （Gina Raimondo）也到訪", "雷蒙多=Gina Raimondo;");
	assert_pairs("印度國防部長拉吉納特·辛格（Rajnath Singh）", "拉吉納特·辛格=Rajnath Singh;");
	assert_pairs("外長苏杰生（S. Jaishankar）", "苏杰生=S. Jaishankar;");
	/* Two in one sentence. */
	assert_pairs("國務卿布林肯（Antony Blinken）與財長耶倫（Janet Yellen）",
		     "布林肯=Antony Blinken;耶倫=Janet Yellen;");
}

static void finds_institutions_and_forums(void **state)
{
	(void)state;
	assert_pairs("一年一度的「香格里拉對話」（The Shangri-La Dialogue）本週登場",
		     "香格里拉對話=The Shangri-La Dialogue;");
	assert_pairs("他在戰略與國際研究中心（CSIS）發言", "戰略與國際研究中心=CSIS;");
	assert_pairs("去年 11 月舊金山亞太經合會(APEC)峰會", "舊金山亞太經合會=APEC;");
	/* A comma ends the Latin part. */
	assert_pairs("協調對話(DPCT，中方稱為「國防部工作會晤」)", "協調對話=DPCT;");
}

static void leaves_non_names_alone(void **state)
{
	(void)state;
	assert_pairs("（德國之聲中文網）報導", "");
	assert_pairs("美國《外交政策》雜誌（Foreign Policy）報導", "");
	assert_pairs("位於德州首府奧斯汀（Austin）的工廠", "");
	assert_pairs("數字（2024）與小寫（abc）", "");
	assert_pairs("國務卿（Secretary of State）", "");
	assert_pairs("未閉合的括號（Lloyd Austin", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_people_after_titles),
		cmocka_unit_test(finds_institutions_and_forums),
		cmocka_unit_test(leaves_non_names_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
