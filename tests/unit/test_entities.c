/*
 * Unit tests for src/extract/entities.c and gazetteer.c: entity mentions in
 * sentences of our own, in both scripts.  The gazetteer is a small one
 * written here (so the tests do not move when data/aliases.tsv grows); the
 * patterns are the project's data/titles.tsv ($DOSSIER_DATA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/extract.h"
#include "store/store.h"
#include "text/text.h"

static const char aliases[] =
	"# test gazetteer\n"
	"lloyd-austin\tperson\t奧斯汀|奥斯汀|Lloyd Austin|Austin\t國防部長|国防部长|五角大廈|五角大厦\n"
	"austin-texas\tplace\t奧斯汀|奥斯汀|Austin|德州奧斯汀|德州奥斯汀\t德州|Texas|首府\n"
	"dong-jun\tperson\t董軍|董军|Dong Jun\t國防部長|国防部长\n"
	"charles-brown\tperson\t布朗|Charles Q. Brown|Charles Brown\t參謀長聯席會議主席|参谋长联席会议主席\n"
	"united-states\tplace\t美國|美国|United States\t\n"
	"china\tplace\t中國|中国|China\t\n"
	"aei\torg\t美國企業研究院|美国企业研究院|American Enterprise Institute\t\n"
	"shangri-la-dialogue\tforum\t香格里拉對話|香格里拉对话|Shangri-La Dialogue\t\n"
	"fumio-kishida\tperson\t岸田文雄|岸田\t首相\n"
	"taipei\tplace\t臺北|台北\t\n";

struct fixture {
	char dir[64];
	struct text_ctx *text;
	struct extract_ctx *x;
};

static int setup(void **state)
{
	static struct fixture f;
	const char *data = getenv("DOSSIER_DATA");
	char path[256], src[512];
	struct err e;
	FILE *fp;

	snprintf(f.dir, sizeof f.dir, "/tmp/dossier-entities-XXXXXX");
	if (!mkdtemp(f.dir))
		return -1;
	snprintf(path, sizeof path, "%s/aliases.tsv", f.dir);
	fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(aliases, fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/titles.tsv", f.dir);
	snprintf(src, sizeof src, "%s/titles.tsv", data ? data : DOSSIER_DATA_DIR);
	if (symlink(src, path))
		return -1;
	if (text_ctx_new(&f.text, &e) || extract_ctx_new(&f.x, f.dir, f.text, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[256];

	extract_ctx_free(f->x);
	text_ctx_free(f->text);
	snprintf(path, sizeof path, "%s/aliases.tsv", f->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/titles.tsv", f->dir);
	unlink(path);
	rmdir(f->dir);
	return 0;
}

/* A document of one paragraph, with its pairs and entities extracted. */
static struct doc *doc_of(void **state, const char *title, const char *para,
			  const char *caption)
{
	struct fixture *f = *state;
	struct doc *d = doc_new();

	assert_non_null(d);
	if (title)
		assert_int_equal(doc_set(&d->title, title, (size_t)-1), DOSSIER_OK);
	if (para)
		assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, para), DOSSIER_OK);
	if (caption)
		assert_int_equal(doc_add_image(d, "a.jpg", caption), DOSSIER_OK);
	assert_int_equal(extract_name_pairs(d), DOSSIER_OK);
	assert_int_equal(extract_entities(f->x, d), DOSSIER_OK);
	return d;
}

/* "surface=key;" for every mention, in order; the surface cut from its part. */
static void mentions_of(const struct doc *d, char *out, size_t size)
{
	char *body = doc_text(d), *captions = doc_captions(d);

	out[0] = '\0';
	for (size_t i = 0; i < d->n_mentions; i++) {
		const struct doc_mention *m = &d->mentions[i];
		const char *t = m->part == DOC_PART_TITLE ? d->title
				: m->part == DOC_PART_BODY ? body
							   : captions;
		size_t n = strlen(out);

		assert_true(m->start + m->len <= strlen(t));
		snprintf(out + n, size - n, "%.*s=%s;", (int)m->len, t + m->start,
			 d->entities[m->entity].key);
	}
	free(body);
	free(captions);
}

static void expect(void **state, const char *para, const char *want)
{
	struct doc *d = doc_of(state, NULL, para, NULL);
	char got[2048];

	mentions_of(d, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("in '%s':\n expected '%s'\n      got '%s'", para, want, got);
	doc_free(d);
}

static const char *type_of(const struct doc *d, const char *key)
{
	for (size_t i = 0; i < d->n_entities; i++) {
		if (!strcmp(d->entities[i].key, key))
			return d->entities[i].type;
	}
	return NULL;
}

static void gazetteer_forms_in_both_scripts(void **state)
{
	expect(state, "美國國防部長奧斯汀週五會見中國國防部長董軍。",
	       "美國=united-states;奧斯汀=lloyd-austin;中國=china;董軍=dong-jun;");
	expect(state, "美国国防部长奥斯汀周五会见中国国防部长董军。",
	       "美国=united-states;奥斯汀=lloyd-austin;中国=china;董军=dong-jun;");
	/* Latin forms as whole words only. */
	expect(state, "Lloyd Austin met Dong Jun; Austinville is elsewhere.",
	       "Lloyd Austin=lloyd-austin;Dong Jun=dong-jun;");
}

static void shared_forms_need_context(void **state)
{
	expect(state, "德州首府奧斯汀的晶片廠擴產，奧斯汀市長歡迎。",
	       "奧斯汀=austin-texas;奧斯汀=austin-texas;");
	expect(state, "德州奧斯汀的晶片廠", "德州奧斯汀=austin-texas;");
	expect(state, "五角大廈說，奧斯汀將出訪。", "奧斯汀=lloyd-austin;");
	/* Nothing tells which Austin: no mention rather than a guess. */
	expect(state, "奧斯汀很熱鬧。", "");
	/* A title before the name says a person. */
	expect(state, "部長奧斯汀說，奧斯汀很熱鬧。", "奧斯汀=lloyd-austin;奧斯汀=lloyd-austin;");
}

static void pairs_merge_by_latin_name(void **state)
{
	struct doc *a = doc_of(state, NULL, "美國國家安全顧問蘇利文（Jake Sullivan）說，蘇利文將訪華。", NULL);
	struct doc *b = doc_of(state, NULL, "白宫国家安全顾问沙利文（Jake Sullivan）表示", NULL);
	char got[1024];

	mentions_of(a, got, sizeof got);
	assert_string_equal(got, "美國=united-states;蘇利文=latin:jake sullivan;"
				 "Jake Sullivan=latin:jake sullivan;蘇利文=latin:jake sullivan;");
	mentions_of(b, got, sizeof got);
	assert_string_equal(got, "沙利文=latin:jake sullivan;Jake Sullivan=latin:jake sullivan;");
	assert_string_equal(type_of(a, "latin:jake sullivan"), "person");
	doc_free(a);
	doc_free(b);
	/* The document's own pair overrules the gazetteer's short form. */
	expect(state, "英國前首相布朗（Gordon Brown）說，布朗支持。",
	       "布朗=latin:gordon brown;Gordon Brown=latin:gordon brown;"
	       "布朗=latin:gordon brown;");
	/* Words before an institution's name in a pair stay out of it. */
	expect(state, "美國智庫美國企業研究院（American Enterprise Institute）說",
	       "美國=united-states;美國企業研究院=aei;American Enterprise Institute=aei;");
	/* A spelling the gazetteer lacks, same surname: the gazetteer entry. */
	expect(state, "參謀長聯席會議主席布朗（Charles Quinton Brown）",
	       "布朗=charles-brown;Charles Quinton Brown=charles-brown;");
}

static void names_after_titles(void **state)
{
	struct doc *d;

	expect(state, "中國國防部發言人吳謙表示，吳謙重申立場。",
	       "中國國防部=org:中国国防部;吳謙=name:吴谦;吳謙=name:吴谦;");
	/* the offices of a ministry's departments and of envoys */
	expect(state, "外交部亞洲司司長劉勁松說", "外交部=org:外交部;劉勁松=name:刘劲松;");
	expect(state, "駐美公使鄭明表示", "鄭明=name:郑明;");
	/* a name in Latin letters right after a title is a person's */
	expect(state, "首席執行官Ross Wraight先生說", "Ross Wraight=latin:ross wraight;");
	expect(state, "總經理USS Hopper說", "");
	expect(state, "中国外长王毅和商务部长王文涛会见美方。",
		"中国=china;王毅=name:王毅;王文涛=name:王文涛;");
	expect(state, "國務卿布林肯週五抵達北京，布林肯隨後會晤。",
	       "布林肯=name:布林肯;布林肯=name:布林肯;");
	/* Words after a title that are no names. */
	expect(state, "美國總統大選將於十一月舉行。", "美國=united-states;");
	d = doc_of(state, NULL, "國務卿布林肯說", NULL);
	assert_string_equal(type_of(d, "name:布林肯"), "person");
	doc_free(d);
}

static void names_in_more_constructions(void **state)
{
	/* A country, an office in its own words, a name. */
	expect(state, "澳洲外長黃美玲表示，雙方將加強合作。", "黃美玲=name:黄美玲;");
	expect(state, "日本外務大臣山田一郎與英國外交大臣韋伯見面。",
	       "山田一郎=name:山田一郎;韋伯=name:韦伯;");
	/* Dotted names, after a title or where a name may start. */
	expect(state, "新西蘭前總理約翰‧史密斯抵京。", "約翰‧史密斯=name:约翰 史密斯;");
	expect(state, "當天，馬克·克拉克等議員抵台。", "馬克·克拉克=name:马克 克拉克;");
	expect(state, "當天，北京·上海兩地開會。", "");
	/* A name before its title, after a joining word. */
	expect(state, "國家主席和阮文強總書記通電話。", "阮文強=name:阮文强;");
	expect(state, "美方對中方拒絕防長會談表示遺憾。", "");
	expect(state, "他在高雄市長陳明陪同下參觀。", "陳明=name:陈明;");
	/* The object of a verb of meeting, a list of them. */
	expect(state, "主席會見李大同、金正浩。", "李大同=name:李大同;金正浩=name:金正浩;");
	expect(state, "部長會見肯尼亞總統。", "");
	/* A name's end: a date, a place, a verb; a third character that
	 * alone would be a stop word. */
	expect(state, "菲律賓國防部長鐵歐多洛三日表示", "鐵歐多洛=name:铁欧多洛;");
	expect(state, "發言人陳立台北時間週二表示", "陳立=name:陈立;台北=taipei;");
	expect(state, "省長李國中會面。", "李國中=name:李国中;");
	/* A Japanese family name of two characters. */
	expect(state, "日本首相夫人岸田裕子出席。", "岸田裕子=name:岸田裕子;");
	expect(state, "防衛相小泉進一郎抵達。小泉進一郎說", "小泉進一郎=name:小泉进一郎;小泉進一郎=name:小泉进一郎;");
	/* A run too long: the start the document writes again. */
	expect(state, "議長朴正浩近期訪華，朴正浩說",
	       "朴正浩=name:朴正浩;朴正浩=name:朴正浩;");
	expect(state, "外長阿拉格齊明訪華。阿拉格齊說", "阿拉格齊=name:阿拉格齐;阿拉格齊=name:阿拉格齐;");
	/* Words after titles that are no names. */
	expect(state, "兩國領導人關於合作的共識", "");
}

static void organisations_in_more_constructions(void **state)
{
	/* Parties and party organs after their country or party. */
	expect(state, "英國工黨和中共中央政治局都發表聲明。",
	       "英國工黨=org:英国工党;中共中央政治局=org:中共中央政治局;");
	expect(state, "陸外交部表示反對。", "陸外交部=org:陆外交部;");
	/* An organ named alone is the one the document names in full. */
	expect(state, "日本外交部表示，外交部將回應。",
	       "日本外交部=org:日本外交部;外交部=org:日本外交部;");
	expect(state, "外交部發言人說", "外交部=org:外交部;");
	/* X部部長 and 國務院總理 are offices; 部門 is any body's. */
	expect(state, "外交部部長出訪，外交部門之間磋商。", "");
	expect(state, "國務院總理會見外賓。", "");
	/* An organisation before a title that is not one word with it. */
	expect(state, "美國國會議員詹森說", "美國國會=org:美国国会;詹森=name:詹森;");
}

static void organs_and_forums(void **state)
{
	struct doc *d;

	/* An organ inside a title is no organisation. */
	expect(state, "美國國防部長奧斯汀", "美國=united-states;奧斯汀=lloyd-austin;");
	expect(state, "美國國務院和中国国防部都回應了。",
	       "美國國務院=org:美国国务院;中国国防部=org:中国国防部;");
	expect(state, "他出席「香格里拉對話」。香格里拉對話每年舉行。",
	       "香格里拉對話=shangri-la-dialogue;香格里拉對話=shangri-la-dialogue;");
	expect(state, "雙方在《中美海上安全會談》上交換意見，會談順利。",
	       "中美海上安全會談=forum:中美海上安全会谈;");
	/* Quotations and other quoted words are no forums. */
	expect(state, "他強調外交「面對面」，並說「在平等尊重的基礎上恢復對話」。", "");
	d = doc_of(state, NULL, "《國防安全對話》", NULL);
	assert_string_equal(type_of(d, "forum:国防安全对话"), "forum");
	doc_free(d);
}

static void offsets_in_title_and_captions(void **state)
{
	struct doc *d = doc_of(state, "奧斯汀會見董軍", "國防部長會晤。",
			       "圖為美國國防部長奧斯汀");
	char got[1024];

	mentions_of(d, got, sizeof got);
	assert_string_equal(got, "奧斯汀=lloyd-austin;董軍=dong-jun;"
				 "美國=united-states;奧斯汀=lloyd-austin;");
	assert_int_equal(d->mentions[0].part, DOC_PART_TITLE);
	assert_int_equal(d->mentions[0].start, 0);
	assert_int_equal(d->mentions[3].part, DOC_PART_CAPTIONS);
	assert_int_equal(d->mentions[3].start, strlen("圖為美國國防部長"));
	assert_int_equal(d->n_entities, 3);
	doc_free(d);
}

/*
 * The project's own gazetteer (data/aliases.tsv with data/titles.tsv), for
 * the places every report names: these sentences move when the data does.
 */
static void expect_project(void **state, const char *para, const char *want)
{
	struct fixture *f = *state;
	const char *data = getenv("DOSSIER_DATA");
	struct extract_ctx *x;
	struct doc *d = doc_new();
	char got[2048];
	struct err e;

	assert_non_null(d);
	if (extract_ctx_new(&x, data ? data : DOSSIER_DATA_DIR, f->text, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(doc_add_para(d, DOC_PARA_TEXT, para), DOSSIER_OK);
	assert_int_equal(extract_name_pairs(d), DOSSIER_OK);
	assert_int_equal(extract_entities(x, d), DOSSIER_OK);
	mentions_of(d, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("in '%s':\n expected '%s'\n      got '%s'", para, want, got);
	doc_free(d);
	extract_ctx_free(x);
}

/* Countries in the forms of Taiwan, Hong Kong, Singapore and the mainland;
 * a country before an organ is an organisation (the country lists). */
static void world_countries(void **state)
{
	expect_project(state, "伊朗與沙烏地阿拉伯復交後，沙特外交部歡迎紐西蘭和新西兰表態。",
		       "伊朗=iran;沙烏地阿拉伯=saudi-arabia;沙特外交部=org:沙特外交部;"
		       "紐西蘭=new-zealand;新西兰=new-zealand;");
	expect_project(state, "南非外交部說，德國、巴西與南非將出席。",
		       "南非外交部=org:南非外交部;德國=germany;巴西=brazil;南非=south-africa;");
	/* 剛果 alone is two countries: the capital named in the report decides. */
	expect_project(state, "剛果總統在金沙萨会见记者。", "剛果=dr-congo;金沙萨=kinshasa;");
	expect_project(state, "剛果總統說。", "");
}

/* Capitals and cities: the mainland's provinces and cities, Taiwan's, Japan's,
 * Korea's and the world's; a name inside another name is not the place. */
static void world_cities(void **state)
{
	expect_project(state, "外長從平壤飛往德黑蘭，再到喀山出席金磚峰會。",
		       "平壤=pyongyang;德黑蘭=tehran;喀山=kazan;金磚峰會=brics-summit;");
	expect_project(state, "上海合作组织在天津开会，成都与广州代表出席。",
		       "上海合作组织=sco;天津=tianjin;成都=chengdu;广州=guangzhou;");
	expect_project(state, "他從高雄經台中回到桃園，再飛大阪與釜山。",
		       "高雄=kaohsiung;台中=taichung;桃園=taoyuan;大阪=osaka;釜山=busan;");
	/* 聖地牙哥: Santiago in Chile, San Diego in California. */
	expect_project(state, "智利首都聖地牙哥", "智利=chile;聖地牙哥=santiago;");
	expect_project(state, "加州聖地牙哥港", "加州=california;聖地牙哥=san-diego;");
	/* Not 德島 in 羅德島 (Rhodes), not 馬利 in 馬利基 (al-Maliki), not 台中 in 台中央社. */
	expect_project(state, "他在希臘羅德島停留。", "希臘=greece;");
	expect_project(state, "伊拉克的馬利基說。", "伊拉克=iraq;");
	expect_project(state, "據台中央社報道。", "台中央社=cna-taiwan;");
}

/* Regions and seas: continents, 中東, 朝鮮半島 (not North Korea), the straits;
 * 日本海上自衛隊 and 菲律賓海警 are not the seas, 中歐 (China and Europe) no region. */
static void world_regions(void **state)
{
	expect_project(state, "朝鮮半島與中東局勢牽動亞洲和歐洲，波斯灣與台海亦然。",
		       "朝鮮半島=korean-peninsula;中東=middle-east;亞洲=asia;歐洲=europe;"
		       "波斯灣=persian-gulf;台海=taiwan-strait;");
	expect_project(state, "喬治亞與俄羅斯在黑海對峙。", "喬治亞=georgia;俄羅斯=russia;黑海=black-sea;");
	expect_project(state, "喬治亞州州長在亞特蘭大說。", "喬治亞州=georgia-us-state;亞特蘭大=atlanta;");
	expect_project(state, "日本海上自衛隊與菲律賓海警在南海演練。", "日本=japan;菲律賓海警=org:菲律宾海警;南海=south-china-sea;");
	expect_project(state, "中歐班列經中亞抵達東歐。", "中亞=central-asia;東歐=eastern-europe;");
}

/*
 * Leaders and ministers in every form reports write them (data/aliases.tsv):
 * one outlet's transliteration and another's, the characters of a Korean
 * name in two spellings, a short form the gazetteer lists, are one person.
 */
static void world_leaders(void **state)
{
	expect_project(state, "韓國總理韓悳洙說，韓德洙將訪問東京。",
		       "韓國=south-korea;韓悳洙=han-duck-soo;韓德洙=han-duck-soo;東京=tokyo;");
	expect_project(state, "特首林鄭月娥表示，林鄭明日赴京。",
		       "林鄭月娥=carrie-lam;林鄭=carrie-lam;");
	expect_project(state, "日本首相安倍晉三說，安倍不會改變立場。",
		       "日本=japan;安倍晉三=shinzo-abe;安倍=shinzo-abe;");
	/* Taipei's, Beijing's and Hong Kong's transliterations of one name. */
	expect_project(state, "德國總理蕭茲抵京，朔爾茨與馬克宏、马克龙和歐巴馬會面。",
		       "德國=germany;蕭茲=olaf-scholz;朔爾茨=olaf-scholz;馬克宏=emmanuel-macron;"
		       "马克龙=emmanuel-macron;歐巴馬=barack-obama;");
	expect_project(state, "英相卡麥隆，即金馬倫，與卡梅伦。",
		       "卡麥隆=david-cameron;金馬倫=david-cameron;卡梅伦=david-cameron;");
	/* RTHK's, Xinhua's and Taipei's Albanese; Vietnam's leader in Sino-Vietnamese. */
	expect_project(state, "澳洲總理阿爾巴內塞會見阿尔巴尼斯（艾班尼斯）的說法，與蘇林和苏林。",
		       "澳洲=australia;阿爾巴內塞=anthony-albanese;阿尔巴尼斯=anthony-albanese;"
		       "艾班尼斯=anthony-albanese;蘇林=to-lam;苏林=to-lam;");
}

static void gazetteer_lookup(void **state)
{
	struct fixture *f = *state;
	const struct gazetteer *g = extract_ctx_gazetteer(f->x);
	const struct gazetteer_entry *out[4];

	assert_int_equal(gazetteer_find(g, "奥斯汀", out, 4), 2);
	assert_int_equal(gazetteer_find(g, "lloyd austin", out, 4), 1);
	assert_string_equal(out[0]->id, "lloyd-austin");
	assert_string_equal(out[0]->name, "奧斯汀");
	assert_int_equal(gazetteer_find(g, "nobody", out, 4), 0);
}

static int count_entity(void *arg, const struct store_entity *ent)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%s:%lld/%lld;", ent->key, (long long)ent->mentions,
		 (long long)ent->docs);
	return 0;
}

static int add_alias(void *arg, const char *alias)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%s|", alias);
	return 0;
}

/* Stored with the document; a changed document replaces its mentions. */
static void mentions_stored_with_document(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct doc *d;
	enum store_put_result res;
	char path[256], got[512];
	struct err e;

	snprintf(path, sizeof path, "%s/a.db", f->dir);
	assert_int_equal(store_open(&s, path, f->text, &e), DOSSIER_OK);
	d = doc_of(state, "國防部長奧斯汀", "五角大厦说，奥斯汀（Lloyd Austin）将出访。", NULL);
	doc_set(&d->url, "https://example.org/a", (size_t)-1);
	doc_compute_hash(d);
	assert_int_equal(store_doc_put(s, d, 1, &res, &e), DOSSIER_OK);
	doc_free(d);
	got[0] = '\0';
	assert_int_equal(store_entities_list(s, NULL, count_entity, got, &e), DOSSIER_OK);
	assert_string_equal(got, "lloyd-austin:3/1;");
	got[0] = '\0';
	assert_int_equal(store_entities_by_alias(s, "lloyd austin", count_entity, got, &e),
			 DOSSIER_OK);
	assert_string_equal(got, "lloyd-austin:3/1;");
	got[0] = '\0';
	assert_int_equal(store_entity_aliases(s, 1, add_alias, got, &e), DOSSIER_OK);
	assert_string_equal(got, "奥斯汀|奧斯汀|Lloyd Austin|");

	d = doc_of(state, "董軍發言", "國防部長董軍說。", NULL);
	doc_set(&d->url, "https://example.org/a", (size_t)-1);
	doc_compute_hash(d);
	assert_int_equal(store_doc_put(s, d, 2, &res, &e), DOSSIER_OK);
	assert_int_equal(res, STORE_UPDATED);
	doc_free(d);
	got[0] = '\0';
	assert_int_equal(store_entities_list(s, NULL, count_entity, got, &e), DOSSIER_OK);
	assert_string_equal(got, "dong-jun:2/1;");
	store_close(s);
	unlink(path);
	snprintf(path, sizeof path, "%s/a.db-wal", f->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/a.db-shm", f->dir);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gazetteer_forms_in_both_scripts),
		cmocka_unit_test(shared_forms_need_context),
		cmocka_unit_test(pairs_merge_by_latin_name),
		cmocka_unit_test(names_after_titles),
		cmocka_unit_test(names_in_more_constructions),
		cmocka_unit_test(organisations_in_more_constructions),
		cmocka_unit_test(organs_and_forums),
		cmocka_unit_test(offsets_in_title_and_captions),
		cmocka_unit_test(gazetteer_lookup),
		cmocka_unit_test(world_countries),
		cmocka_unit_test(world_cities),
		cmocka_unit_test(world_regions),
		cmocka_unit_test(world_leaders),
		cmocka_unit_test(mentions_stored_with_document),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
