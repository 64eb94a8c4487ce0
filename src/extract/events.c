/*
 * Events: who met, called, visited, refused or talked to whom, when and
 * where, read sentence by sentence with the rules of data/events.tsv.
 *
 * A trigger word (會晤, 通話, 訪華, 恢復…對話) opens an event in its
 * clause.  The words around it decide what it is: a request before it
 * (希望…會見) makes a request_meeting, a refusal (拒絕…會晤, 遭中方拒絕) a
 * refuse_meeting, 將 or a later date a planned one, 取消 a cancelled one,
 * a negation or a hypothesis (沒有舉行會談, 若…成真) no event at all.
 * The actors are the entities extraction found in the clause, or in the
 * clauses before it in the same sentence when the subject is dropped, with
 * 兩人, 雙方 and 他 resolved to the people of the event or mention before.
 * The date is the nearest date expression in the segment, then in the
 * sentence; failing that the publication day, flagged as such.
 *
 * Everything here reads the document's own text and the entities and
 * dates already found in it; rules are data, not code per document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/event.h"
#include "core/utf8.h"
#include "extract/extract_int.h"
#include "text/text.h"

/* ---- the rules (data/events.tsv) ------------------------------------------------ */

enum cue {
	CUE_REQUEST,
	CUE_REFUSE,
	CUE_REFUSED_OBJECT,
	CUE_PROPOSE,
	CUE_PLAN,
	CUE_CANCEL,
	CUE_NEGATE,
	CUE_HYPOTHETICAL,
	CUE_BACKREF,
	CUE_AGGREGATE,
	CUE_SEVERAL,
	CUE_COREF_PAIR,
	CUE_COREF_SIDES,
	CUE_COREF_PARTIES,
	CUE_COREF_HEADS,
	CUE_HEAD_TITLE,
	CUE_COREF_ONE,
	CUE_LOCATIVE,
	CUE_NOT_LOCATIVE,
	CUE_TOPIC,
	CUE_BLOCK_BEFORE,
	CUE_HELD,
	CUE_REPORT,
	CUE_PASSIVE,
	CUE_PARTNER,
	CUE_NOT_ACTOR_AFTER,
	CUE_ACCEPTED,
	CUE_NEGATE_AFTER,
	CUE_RUMOUR,
	CUE_CLAIM,
	CUE_SINCE,
	CUE_DURING,
	CUE_DEMAND,
	CUE_WELCOME,
	CUE_TOPIC_OF,
	CUE_SEPARATELY,
	CUE_FOUNDED,
	CUE_GOES_ON,
	CUE_WITH,
	CUE_ACCOMPANY,
	CUE_NOT_PLAN,
	CUE_COPULA,
	CUE_RECORD,
	CUE_CONDITION,
	CUE_NOUN_AFTER,
	CUE_EDITION,
	CUE_REACHED,
	CUE_OBLIGATION,
	N_CUES
};

static const char *const cue_names[N_CUES] = {
	"request", "refuse", "refused_object", "propose", "plan", "cancel", "negate", "hypothetical",
	"backref", "aggregate", "several", "coref_pair", "coref_sides", "coref_parties", "coref_heads", "head_title", "coref_one", "locative",
	"not_locative", "topic", "block_before", "held",
	"report", "passive", "partner", "not_actor_after",
	"accepted", "negate_after", "rumour", "claim", "since", "during", "demand", "welcome",
	"topic_of", "separately", "founded", "goes_on", "with", "accompany", "not_plan", "copula",
	"record", "condition", "noun_after", "edition", "reached", "obligation",
};

/* Words as written, longest first, and as a trie (value: the first
 * index of each word), so that a place is tested in one walk. */
struct words {
	char **items;
	size_t n;
	struct trie trie;
};

/* What else a trigger needs in its clause: nothing, an object word (中斷
 * …對話), or what is reached right after it (達成…共識). */
enum trigger_needs { NEEDS_NOTHING, NEEDS_OBJECT, NEEDS_REACHED };

struct trigger {
	char *word, *type, *rule;
	int needs_object; /* enum trigger_needs */
};

/* A word standing for one or two entities: visit_to and side lines. */
struct stand_in {
	char *word;
	char *forms[2]; /* folded gazetteer forms; forms[1] may be NULL */
};

struct event_rules {
	struct trigger *triggers; /* longest word first */
	size_t n_triggers;
	struct stand_in *visit_to, *sides, *capitals, *abbrevs, *cities;
	size_t n_visit_to, n_sides, n_capitals, n_abbrevs, n_cities;
	struct words cues[N_CUES];
	struct words objects, nonactors;
	struct words regions; /* places a tour goes through, never a visit's host */
	struct trie trigger_words;    /* trigger word -> its first index in triggers */
	struct trie object_triggers;  /* the words of triggers that need an object */
	struct trie side_words;       /* side word -> its first index in sides */
	/* the first two bytes of every trigger, refused object and side word:
	 * a scan looks at a place only when they could start one */
	unsigned char opens[65536 / 8];
};

static unsigned pair_of(const char *s)
{
	return (unsigned char)s[0] << 8 | (unsigned char)s[1];
}

static void mark_opening(struct event_rules *r, const char *w)
{
	unsigned pair = w[0] ? pair_of(w) : 0;

	r->opens[pair >> 3] |= (unsigned char)(1u << (pair & 7));
}

/* Whether a scanned word could start at s[at] (s[at + 1] may be the NUL). */
static int may_open(const struct event_rules *r, const char *s, size_t at, size_t end)
{
	unsigned pair;

	if (at + 1 >= end || ((unsigned char)s[at] & 0xC0) == 0x80)
		return 0; /* every such word is two bytes or more, and whole characters */
	pair = pair_of(s + at);
	return r->opens[pair >> 3] & (1u << (pair & 7));
}

static int longest_word_first(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	size_t la = strlen(a), lb = strlen(b);

	return la < lb ? 1 : la > lb ? -1 : strcmp(a, b);
}

static int longest_trigger_first(const void *pa, const void *pb)
{
	return longest_word_first(&((const struct trigger *)pa)->word,
				  &((const struct trigger *)pb)->word);
}

static int longest_stand_in_first(const void *pa, const void *pb)
{
	return longest_word_first(&((const struct stand_in *)pa)->word,
				  &((const struct stand_in *)pb)->word);
}

/* Calls add(arg, word, len) for each |-separated word of `list`. */
static int each_word(const char *list, int (*add)(void *, const char *, size_t), void *arg)
{
	int rc = DOSSIER_OK;

	while (*list && !rc) {
		size_t len = strcspn(list, "|");

		if (len)
			rc = add(arg, list, len);
		list += len + (list[len] == '|');
	}
	return rc;
}

static int words_add(void *arg, const char *w, size_t len)
{
	struct words *l = arg;
	char **grown = realloc(l->items, (l->n + 1) * sizeof *grown);

	if (!grown)
		return DOSSIER_ENOMEM;
	l->items = grown;
	l->items[l->n] = strndup(w, len);
	if (!l->items[l->n])
		return DOSSIER_ENOMEM;
	l->n++;
	return DOSSIER_OK;
}

static void words_release(struct words *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	trie_release(&l->trie);
}

static int words_index(struct words *l)
{
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < l->n && !rc; i++) {
		uint32_t had;

		rc = trie_add(&l->trie, l->items[i], strlen(l->items[i]), (uint32_t)i, &had);
	}
	return rc;
}

struct trigger_line {
	struct event_rules *r;
	const char *type, *rule;
	int needs_object;
};

static int trigger_add(void *arg, const char *w, size_t len)
{
	struct trigger_line *t = arg;
	struct event_rules *r = t->r;
	struct trigger *grown = realloc(r->triggers, (r->n_triggers + 1) * sizeof *grown);
	struct trigger *tr;

	if (!grown)
		return DOSSIER_ENOMEM;
	r->triggers = grown;
	tr = &r->triggers[r->n_triggers];
	tr->word = strndup(w, len);
	tr->type = strdup(t->type);
	tr->rule = strdup(t->rule);
	tr->needs_object = t->needs_object;
	r->n_triggers++;
	return tr->word && tr->type && tr->rule ? DOSSIER_OK : DOSSIER_ENOMEM;
}

struct stand_in_line {
	struct stand_in **list;
	size_t *n;
	char *forms[2];
};

static int stand_in_add(void *arg, const char *w, size_t len)
{
	struct stand_in_line *l = arg;
	struct stand_in *grown = realloc(*l->list, (*l->n + 1) * sizeof *grown);
	struct stand_in *s;

	if (!grown)
		return DOSSIER_ENOMEM;
	*l->list = grown;
	s = &grown[*l->n];
	s->word = strndup(w, len);
	s->forms[0] = l->forms[0] ? strdup(l->forms[0]) : NULL;
	s->forms[1] = l->forms[1] ? strdup(l->forms[1]) : NULL;
	(*l->n)++;
	if (!s->word || (l->forms[0] && !s->forms[0]) || (l->forms[1] && !s->forms[1]))
		return DOSSIER_ENOMEM;
	return DOSSIER_OK;
}

/* Folds the one or two |-separated forms of `field` into line->forms. */
static int fold_forms(struct stand_in_line *line, const char *field, const struct text_ctx *t)
{
	for (int i = 0; i < 2 && *field; i++) {
		size_t len = strcspn(field, "|");
		struct buf key = BUF_INIT;

		if (text_normalise(t, field, len, &key)) {
			buf_release(&key);
			return DOSSIER_ENOMEM;
		}
		line->forms[i] = buf_detach(&key);
		if (!line->forms[i])
			return DOSSIER_ENOMEM;
		field += len + (field[len] == '|');
	}
	return DOSSIER_OK;
}

/* Splits `line` at TABs into at most `max` fields; returns how many. */
static int split_fields(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		fields[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int parse_line(struct event_rules *r, char *line, const struct text_ctx *t,
		      const char **why)
{
	char *f[6] = { NULL }; /* split_fields sets f[0..n); -O3 cannot tell */
	int n = split_fields(line, f, 6);

	if (!strcmp(f[0], "trigger")) {
		struct trigger_line tl = { r, NULL, NULL, 0 };

		if (n < 4 || (n == 5 && strcmp(f[4], "object") && strcmp(f[4], "reached"))) {
			*why = "expected trigger<TAB>TYPE<TAB>RULE<TAB>words[<TAB>object|reached]";
			return DOSSIER_EPARSE;
		}
		if (event_type_of(f[1]) < 0) {
			*why = "unknown event type (core/event.h names them)";
			return DOSSIER_EPARSE;
		}
		tl.type = f[1];
		tl.rule = f[2];
		tl.needs_object = n < 5 ? NEEDS_NOTHING
				: !strcmp(f[4], "object") ? NEEDS_OBJECT : NEEDS_REACHED;
		return each_word(f[3], trigger_add, &tl);
	}
	if (!strcmp(f[0], "visit_to") || !strcmp(f[0], "side") || !strcmp(f[0], "capital") ||
	    !strcmp(f[0], "abbrev") || !strcmp(f[0], "city")) {
		int visit = f[0][0] == 'v', capital = !strcmp(f[0], "capital"),
		    abbrev = f[0][0] == 'a', city = !strcmp(f[0], "city");
		struct stand_in_line sl = { visit ? &r->visit_to : capital ? &r->capitals
							 : abbrev ? &r->abbrevs : city ? &r->cities : &r->sides,
					    visit ? &r->n_visit_to : capital ? &r->n_capitals
							 : abbrev ? &r->n_abbrevs : city ? &r->n_cities : &r->n_sides,
					    { NULL, NULL } };
		int rc;

		if (n != 3) {
			*why = "expected visit_to|side|capital|abbrev|city<TAB>words<TAB>FORM[|FORM]";
			return DOSSIER_EPARSE;
		}
		rc = fold_forms(&sl, f[2], t);
		if (!rc)
			rc = each_word(f[1], stand_in_add, &sl);
		free(sl.forms[0]);
		free(sl.forms[1]);
		return rc;
	}
	if (!strcmp(f[0], "cue")) {
		for (int k = 0; n == 3 && k < N_CUES; k++) {
			if (!strcmp(f[1], cue_names[k]))
				return each_word(f[2], words_add, &r->cues[k]);
		}
		*why = "expected cue<TAB>KIND<TAB>words with a known KIND";
		return DOSSIER_EPARSE;
	}
	if ((!strcmp(f[0], "object") || !strcmp(f[0], "nonactor")) && n == 2)
		return each_word(f[1], words_add, f[0][0] == 'o' ? &r->objects : &r->nonactors);
	if (!strcmp(f[0], "region") && n == 2)
		return each_word(f[1], words_add, &r->regions);
	*why = "unknown kind of line";
	return DOSSIER_EPARSE;
}

static int sort_rules(struct event_rules *r)
{
	int rc = DOSSIER_OK;

	if (r->n_triggers)
		qsort(r->triggers, r->n_triggers, sizeof *r->triggers, longest_trigger_first);
	if (r->n_visit_to)
		qsort(r->visit_to, r->n_visit_to, sizeof *r->visit_to, longest_stand_in_first);
	if (r->n_sides)
		qsort(r->sides, r->n_sides, sizeof *r->sides, longest_stand_in_first);
	for (int k = 0; k < N_CUES; k++) {
		if (r->cues[k].n)
			qsort(r->cues[k].items, r->cues[k].n, sizeof(char *), longest_word_first);
	}
	if (r->objects.n)
		qsort(r->objects.items, r->objects.n, sizeof(char *), longest_word_first);
	for (size_t i = 0; i < r->n_triggers; i++)
		mark_opening(r, r->triggers[i].word);
	for (size_t i = 0; i < r->n_sides; i++)
		mark_opening(r, r->sides[i].word);
	for (size_t i = 0; i < r->cues[CUE_REFUSED_OBJECT].n; i++)
		mark_opening(r, r->cues[CUE_REFUSED_OBJECT].items[i]);
	for (int k = 0; k < N_CUES && !rc; k++)
		rc = words_index(&r->cues[k]);
	if (!rc)
		rc = words_index(&r->objects);
	for (size_t i = 0; i < r->n_triggers && !rc; i++) {
		const char *w = r->triggers[i].word;
		uint32_t had;

		rc = trie_add(&r->trigger_words, w, strlen(w), (uint32_t)i, &had);
		if (!rc && r->triggers[i].needs_object == NEEDS_OBJECT)
			rc = trie_add(&r->object_triggers, w, strlen(w), (uint32_t)i, &had);
	}
	for (size_t i = 0; i < r->n_sides && !rc; i++) {
		uint32_t had;

		rc = trie_add(&r->side_words, r->sides[i].word, strlen(r->sides[i].word),
			      (uint32_t)i, &had);
	}
	return rc;
}

int event_rules_load(struct event_rules **out, const char *path,
		     const struct text_ctx *text, struct err *e)
{
	struct event_rules *r = calloc(1, sizeof *r);
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = DOSSIER_OK;

	*out = NULL;
	if (!r)
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	f = fopen(path, "r");
	while (f && !rc && getline(&line, &cap, f) > 0) {
		const char *why = NULL;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		rc = parse_line(r, line, text, &why);
		if (rc == DOSSIER_EPARSE)
			err_set(e, rc, "%s:%d: %s", path, lineno, why);
		else if (rc)
			err_set(e, rc, "out of memory");
	}
	free(line);
	if (f)
		fclose(f);
	if (rc) {
		event_rules_free(r);
		return rc;
	}
	if (sort_rules(r)) {
		event_rules_free(r);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	*out = r;
	return DOSSIER_OK;
}

static void stand_ins_free(struct stand_in *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].word);
		free(v[i].forms[0]);
		free(v[i].forms[1]);
	}
	free(v);
}

void event_rules_free(struct event_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_triggers; i++) {
		free(r->triggers[i].word);
		free(r->triggers[i].type);
		free(r->triggers[i].rule);
	}
	free(r->triggers);
	stand_ins_free(r->visit_to, r->n_visit_to);
	stand_ins_free(r->sides, r->n_sides);
	stand_ins_free(r->capitals, r->n_capitals);
	stand_ins_free(r->cities, r->n_cities);
	stand_ins_free(r->abbrevs, r->n_abbrevs);
	for (int k = 0; k < N_CUES; k++)
		words_release(&r->cues[k]);
	words_release(&r->objects);
	words_release(&r->nonactors);
	words_release(&r->regions);
	trie_release(&r->trigger_words);
	trie_release(&r->object_triggers);
	trie_release(&r->side_words);
	free(r);
}

/* ---- text spans ----------------------------------------------------------------- */

/* A byte range of a part's text. */
struct span {
	size_t start, end;
};

static int starts_with(const char *s, size_t at, size_t end, const char *w)
{
	size_t len;

	/* most places start no word: two bytes decide before any strlen */
	if (at >= end || s[at] != w[0] || !w[0] || at + 1 >= end || s[at + 1] != w[1])
		return w[0] && !w[1] && at < end && s[at] == w[0];
	len = strlen(w);
	return at + len <= end && !memcmp(s + at, w, len);
}

/* The length of the first (the longest) word of `l` that s[at..end)
 * begins with, or 0. */
static size_t word_at(const struct words *l, const char *s, size_t at, size_t end)
{
	return trie_longest(&l->trie, s, at, end, NULL);
}

/* The start of the last word of `l` inside s[from..to), or (size_t)-1:
 * place by place (cue_last() asks the sentence's index instead). */
static size_t scan_last_word(const struct words *l, const char *s, size_t from, size_t to)
{
	for (size_t at = to; at > from; at--) {
		if (word_at(l, s, at - 1, to))
			return at - 1;
	}
	return (size_t)-1;
}

/* The start of the first word of `l` inside s[from..to), or (size_t)-1. */
static size_t scan_first_word(const struct words *l, const char *s, size_t from, size_t to)
{
	for (size_t at = from; at < to; at++) {
		if (word_at(l, s, at, to))
			return at;
	}
	return (size_t)-1;
}

static int is_sentence_end(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?' ||
	       cp == '\n';
}

/* Segments: sentences cut further at semicolons, which join reports of
 * different events (韓正…曾會見布林肯；王毅則…與蘇利文見過面). */
static int is_segment_end(uint32_t cp)
{
	return is_sentence_end(cp) || cp == 0xFF1B || cp == ';';
}

static int is_clause_end(uint32_t cp)
{
	return is_segment_end(cp) || cp == 0xFF0C || cp == ',' || cp == 0xFF1A || cp == ':';
}

/* The end of the span of s[from..len) up to (and including) the first code
 * point that `ends` accepts. */
static size_t span_end(const char *s, size_t from, size_t len, int (*ends)(uint32_t))
{
	size_t at = from;

	while (at < len) {
		int32_t cp = utf8_next(s, len, &at);

		if (cp >= 0 && ends((uint32_t)cp))
			break;
	}
	return at;
}

/* The start of the clause holding byte `at`, within [from, at]. */
static size_t clause_start(const char *s, size_t from, size_t at)
{
	size_t start = from, pos = from;

	while (pos < at) {
		int32_t cp = utf8_next(s, at, &pos);

		if (cp >= 0 && is_clause_end((uint32_t)cp))
			start = pos;
	}
	return start;
}

/* ---- one document's run --------------------------------------------------------- */

/*
 * The longest sentence read whole, in bytes.  Reading an event looks
 * around its trigger within its sentence (the clause it opens, a subject
 * dropped from the clauses before, a date leading up to it, cue words), so
 * a "sentence" of megabytes, a page with no full stop in it, would cost
 * its whole length at each trigger, and its square in all.  Sentences of
 * news run to a few hundred bytes (the longest in examples/, the seeds and
 * the fixtures is under 900); a longer run of text is read in pieces of
 * this size, and an event whose words straddle a cut loses what lies
 * beyond it.  extract_document_noting() counts the sentences cut, and
 * ingest says so.
 */
#define EVENT_SENTENCE_MAX EXTRACT_SENTENCE_MAX

/*
 * The most triggers (meeting words, refusals, named dialogues held) read
 * in one sentence.  Each is read against the words around it in its
 * clause and segment, so a sentence crowded with them (說會晤說會晤…, a
 * page built to be slow) costs its length at each; news has a handful to
 * a sentence (never over 32 in examples/, the seeds and the fixtures).
 * The rest of a crowded sentence is not read for events, and
 * extract_document_noting() counts such sentences.
 */
#define EVENT_TRIGGERS_MAX EXTRACT_TRIGGERS_MAX

/*
 * A part's mentions and dates in text order (positions into d->mentions
 * and d->dates), so that a clause finds its own by a binary search instead
 * of a pass over the document's, which made events quadratic.  Extraction
 * gives both in text order, without overlapping mentions; the lookups
 * below stay right (if slower) for overlapping ones.
 */
struct part_index {
	size_t *mention;   /* by start */
	size_t *max_end;   /* per position: the furthest end of the mentions up to it */
	size_t *last_person; /* per position: the last person's mention up to it, or SIZE_MAX */
	size_t n_mentions;
	size_t *date; /* by start */
	size_t n_dates;
};

/*
 * Where the words of each cue list (and the objects) begin in the sentence
 * being read, found once per sentence and list when first asked: a
 * trigger asks whether a cue comes before it in its clause or segment,
 * and a sentence crowded with triggers would otherwise scan its clauses
 * again for each one (a page of 說會晤說會晤… took a minute for 2.7 MB).
 * Offsets are from the sentence's start (at most EVENT_SENTENCE_MAX).
 */
#define CUE_LISTS (N_CUES + 1) /* the cues, then the objects */
#define CUE_NONE UINT16_MAX

struct cue_index {
	uint16_t *shortest; /* per byte: the shortest word starting there, or 0 */
	uint16_t *prev;     /* per byte: the last word start at or before it, or CUE_NONE */
	uint16_t *next;     /* per byte: the first word start at or after it, or CUE_NONE */
};

struct run {
	const struct extract_ctx *x;
	const struct event_rules *r;
	struct doc *d;
	enum doc_part part;
	const char *s; /* the part's text */
	size_t len;
	int ref_y, ref_m, ref_d; /* publication day (UTC+8), 0 when unknown */
	struct buf scratch;
	/* the last event of the current paragraph, for 兩人 and 雙方 */
	size_t last_actors[8];
	size_t n_last_actors;
	size_t paragraph; /* start of the current paragraph */
	size_t sides[2];  /* the document's two main countries (雙方) */
	unsigned char *is_head; /* per entity: titled head of state or government */
	size_t *country_of; /* per entity: the country its title names
			     * (美國國防部長奧斯汀), or DOC_NO_ENTITY */
	size_t n_country_of;
	size_t people[2]; /* its two main people (兩人) */
	size_t people_named[2]; /* how often the document names them */
	struct doc_day_span last_when; /* the date the text gave the last event */
	size_t last_paragraph;         /* where that event was */
	size_t para_index, last_para_index; /* paragraphs counted in the part */
	size_t last_break;                  /* where the last "\n\n" was */
	struct part_index parts[3], *pi; /* pi: the part being read */
	size_t sentence_end;                /* of the sentence being read */
	struct entity_index entities;       /* d->entities by key */
	size_t *mentions_of; /* per entity (as many as before the events): its mentions */
	size_t n_mentions_of;
	unsigned char *country; /* per entity: 0 not known yet, 1 no, 2 a country */
	size_t n_country;
	int main_pair_met;   /* an event so far names both of the two main people */
	size_t long_sentences; /* sentences read in pieces (EVENT_SENTENCE_MAX) */
	size_t sentence_triggers; /* read in the sentence so far */
	int crowded;              /* the sentence has more than EVENT_TRIGGERS_MAX */
	size_t crowded_sentences;
	size_t sentence_start;
	struct cue_index cues[CUE_LISTS];
	unsigned char cues_ready[CUE_LISTS]; /* indexed for the sentence being read */
	int dating_type; /* the type of the event find_date dates */
};

struct placed {
	size_t start, index;
};

static int by_start(const void *pa, const void *pb)
{
	const struct placed *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sorts positions v[0..n) by the start each has in starts (then by
 * position): for mentions or dates given out of text order. */
static int sort_by_start(size_t *v, size_t n, const size_t *starts)
{
	struct placed *p = malloc((n + 1) * sizeof *p);

	if (!p)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < n; i++)
		p[i] = (struct placed){ starts[i], v[i] };
	qsort(p, n, sizeof *p, by_start);
	for (size_t i = 0; i < n; i++)
		v[i] = p[i].index;
	free(p);
	return DOSSIER_OK;
}

/* Indexes the mentions and dates of each part. */
static int index_parts(struct run *r)
{
	const struct doc *d = r->d;

	for (int p = 0; p < 3; p++) {
		struct part_index *pi = &r->parts[p];
		size_t last = SIZE_MAX, far = 0;
		int sorted = 1;

		pi->mention = malloc((d->n_mentions + 1) * sizeof *pi->mention);
		pi->max_end = malloc((d->n_mentions + 1) * sizeof *pi->max_end);
		pi->last_person = malloc((d->n_mentions + 1) * sizeof *pi->last_person);
		pi->date = malloc((d->n_dates + 1) * sizeof *pi->date);
		if (!pi->mention || !pi->max_end || !pi->last_person || !pi->date)
			return DOSSIER_ENOMEM;
		for (size_t i = 0; i < d->n_mentions; i++) {
			if ((int)d->mentions[i].part != p)
				continue;
			sorted &= !pi->n_mentions ||
				  d->mentions[pi->mention[pi->n_mentions - 1]].start <= d->mentions[i].start;
			pi->mention[pi->n_mentions++] = i;
		}
		if (!sorted) {
			for (size_t k = 0; k < pi->n_mentions; k++)
				pi->max_end[k] = d->mentions[pi->mention[k]].start; /* scratch */
			if (sort_by_start(pi->mention, pi->n_mentions, pi->max_end))
				return DOSSIER_ENOMEM;
		}
		for (size_t k = 0; k < pi->n_mentions; k++) {
			const struct doc_mention *m = &d->mentions[pi->mention[k]];

			far = m->start + m->len > far ? m->start + m->len : far;
			pi->max_end[k] = far;
			if (!strcmp(d->entities[m->entity].type, "person"))
				last = k;
			pi->last_person[k] = last;
		}
		sorted = 1;
		for (size_t i = 0; i < d->n_dates; i++) {
			if ((int)d->dates[i].part != p)
				continue;
			sorted &= !pi->n_dates || d->dates[pi->date[pi->n_dates - 1]].start <= d->dates[i].start;
			pi->date[pi->n_dates++] = i;
		}
		if (!sorted) {
			size_t *starts = malloc((pi->n_dates + 1) * sizeof *starts);

			for (size_t k = 0; starts && k < pi->n_dates; k++)
				starts[k] = d->dates[pi->date[k]].start;
			if (!starts || sort_by_start(pi->date, pi->n_dates, starts)) {
				free(starts);
				return DOSSIER_ENOMEM;
			}
			free(starts);
		}
	}
	return DOSSIER_OK;
}

/* The cue index of list `l` for the sentence being read, built when first
 * asked; NULL when `l` has none or [from, to) leaves the sentence. */
static const struct cue_index *cue_index_of(struct run *r, const struct words *l, size_t from,
					    size_t to)
{
	size_t k = l == &r->r->objects ? N_CUES : (size_t)(l - r->r->cues), n;
	struct cue_index *c;
	uint16_t last = CUE_NONE;

	if (k >= CUE_LISTS || from < r->sentence_start || to > r->sentence_end || from > to)
		return NULL;
	c = &r->cues[k];
	if (r->cues_ready[k])
		return c;
	n = r->sentence_end - r->sentence_start;
	if (n >= CUE_NONE)
		return NULL;
	if (!c->shortest) {
		size_t cap = EVENT_SENTENCE_MAX + 16;

		c->shortest = malloc(cap * sizeof *c->shortest);
		c->prev = malloc(cap * sizeof *c->prev);
		c->next = malloc(cap * sizeof *c->next);
		if (!c->shortest || !c->prev || !c->next)
			return NULL; /* freed with the run; asked place by place */
	}
	for (size_t i = 0; i < n; i++) {
		size_t at = r->sentence_start + i;

		c->shortest[i] = (uint16_t)trie_shortest(&l->trie, r->s, at, r->sentence_end);
		if (c->shortest[i])
			last = (uint16_t)i;
		c->prev[i] = last;
	}
	last = CUE_NONE;
	for (size_t i = n; i > 0; i--) {
		if (c->shortest[i - 1])
			last = (uint16_t)(i - 1);
		c->next[i - 1] = last;
	}
	r->cues_ready[k] = 1;
	return c;
}

/* The start of the last word of `l` inside the part's [from, to), or
 * (size_t)-1: the last start whose shortest word ends by `to`. */
static size_t cue_last(struct run *r, const struct words *l, size_t from, size_t to)
{
	const struct cue_index *c = from < to ? cue_index_of(r, l, from, to) : NULL;
	size_t base = r->sentence_start;
	uint16_t p;

	if (!c)
		return from < to ? scan_last_word(l, r->s, from, to) : (size_t)-1;
	for (p = c->prev[to - 1 - base]; p != CUE_NONE && base + p >= from;
	     p = p ? c->prev[p - 1] : CUE_NONE) {
		if (base + p + c->shortest[p] <= to)
			return base + p;
	}
	return (size_t)-1;
}

/* The start of the first word of `l` inside the part's [from, to), or (size_t)-1. */
static size_t cue_first(struct run *r, const struct words *l, size_t from, size_t to)
{
	const struct cue_index *c = from < to ? cue_index_of(r, l, from, to) : NULL;
	size_t base = r->sentence_start, n = r->sentence_end - base;
	uint16_t p;

	if (!c)
		return from < to ? scan_first_word(l, r->s, from, to) : (size_t)-1;
	for (p = c->next[from - base]; p != CUE_NONE && base + p < to;
	     p = (size_t)p + 1 < n ? c->next[p + 1] : CUE_NONE) {
		if (base + p + c->shortest[p] <= to)
			return base + p;
	}
	return (size_t)-1;
}

static int cue_has(struct run *r, const struct words *l, size_t from, size_t to)
{
	return cue_last(r, l, from, to) != (size_t)-1;
}

static void release_parts(struct run *r)
{
	for (int k = 0; k < CUE_LISTS; k++) {
		free(r->cues[k].shortest);
		free(r->cues[k].prev);
		free(r->cues[k].next);
	}
	for (int p = 0; p < 3; p++) {
		free(r->parts[p].mention);
		free(r->parts[p].max_end);
		free(r->parts[p].last_person);
		free(r->parts[p].date);
	}
}

static const struct doc_mention *mention_at(const struct run *r, size_t k)
{
	return &r->d->mentions[r->pi->mention[k]];
}

/* The first position of the part's mentions that starts at or after `at`. */
static size_t mentions_from(const struct run *r, size_t at)
{
	size_t lo = 0, hi = r->pi->n_mentions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mention_at(r, mid)->start < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True when byte `at` of the part falls inside an entity mention. */
static int inside_mention(const struct run *r, size_t at)
{
	size_t k = mentions_from(r, at + 1); /* the mentions starting at or before at */

	return k > 0 && r->pi->max_end[k - 1] > at;
}

static int entity_is(const struct run *r, size_t entity, const char *type)
{
	return !strcmp(r->d->entities[entity].type, type);
}

static int is_country_now(struct run *r, size_t entity)
{
	const char *name = r->d->entities[entity].name;

	if (!entity_is(r, entity, "place"))
		return 0;
	buf_reset(&r->scratch);
	if (text_normalise(extract_ctx_text(r->x), name, strlen(name), &r->scratch))
		return 0;
	return extract_ctx_is_country(r->x, r->scratch.data ? r->scratch.data : "");
}

/* is_country_now(), remembered per entity: asked at each mention. */
static int is_country(struct run *r, size_t entity)
{
	if (entity >= r->n_country) {
		size_t n = r->d->n_entities > entity ? r->d->n_entities : entity + 1;
		unsigned char *grown = realloc(r->country, n + 64);

		if (!grown)
			return is_country_now(r, entity);
		memset(grown + r->n_country, 0, n + 64 - r->n_country);
		r->country = grown;
		r->n_country = n + 64;
	}
	if (!r->country[entity])
		r->country[entity] = is_country_now(r, entity) ? 2 : 1;
	return r->country[entity] == 2;
}

static int named_among(const struct words *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->items[i], name))
			return 1;
	}
	return 0;
}

static int is_nonactor(const struct run *r, size_t entity)
{
	return named_among(&r->r->nonactors, r->d->entities[entity].name);
}

/* A continent or a region (亞洲, 中東): where a tour goes, not whom a
 * visit is to (出訪亞洲，訪問新加坡、馬來西亞和日本 is three visits). */
static int is_region(const struct run *r, size_t entity)
{
	return named_among(&r->r->regions, r->d->entities[entity].name);
}

/* Whether a word of `l` ends right at byte `at` (looking back up to four
 * characters). */
static int ends_with_word(const struct run *r, const struct words *l, size_t at)
{
	size_t from = at;

	for (int i = 0; i < 4 && from > 0; i++) {
		from = utf8_boundary_before(r->s, r->len, from - 1);
		if (word_at(l, r->s, from, at) == at - from)
			return 1;
	}
	return 0;
}

/* A country right after a locative word (在印尼, 赴美) or right before
 * another place (印尼峇里島) says where, not who. */
static int is_locative(const struct run *r, const struct doc_mention *m)
{
	const struct words *loc = &r->r->cues[CUE_LOCATIVE];
	size_t before = m->start ? utf8_boundary_before(r->s, r->len, m->start - 1) : 0;

	if (m->start > 0 && word_at(loc, r->s, before, m->start) == m->start - before &&
	    !ends_with_word(r, &r->r->cues[CUE_NOT_LOCATIVE], m->start))
		return 1;
	for (size_t k = mentions_from(r, m->start + m->len);
	     k < r->pi->n_mentions && mention_at(r, k)->start == m->start + m->len; k++) {
		if (entity_is(r, mention_at(r, k)->entity, "place"))
			return 1;
	}
	return 0;
}

/* Whether a plan word (將, 預計) is in [from, to): not one that only
 * begins like one (將近). */
static int has_plan(struct run *r, size_t from, size_t to)
{
	const struct words *plan = &r->r->cues[CUE_PLAN];

	for (size_t at = cue_first(r, plan, from, to); at != (size_t)-1;
	     at = at + 1 < to ? cue_first(r, plan, at + 1, to) : (size_t)-1) {
		if (!word_at(&r->r->cues[CUE_NOT_PLAN], r->s, at, r->sentence_end))
			return 1;
	}
	return 0;
}

/* The event being built. */
struct draft {
	const struct trigger *trigger;
	size_t at, trigger_len;
	struct span segment, clause, sentence;
	size_t actors[16];
	size_t n_actors;
	size_t place;
	int request, refuse, propose, plan, cancel, coref;
	int refused_later; /* 請求…，遭中方拒絕: a request, then its refusal */
	int answered;      /* 應邀, 應約: it answers an invitation */
	int agreed;        /* 同意…舉行會談: what an agreement is to hold */
	int asked;         /* the request half of a refused request, emitted */
	struct span refuser; /* where the refusal names who refused */
};

static void add_actor(struct draft *ev, size_t entity)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (ev->actors[i] == entity)
			return;
	}
	if (ev->n_actors < sizeof ev->actors / sizeof ev->actors[0])
		ev->actors[ev->n_actors++] = entity;
}

/* The entity of gazetteer form `folded`, added to the document if new. */
static int entity_of_form(struct run *r, const char *folded, size_t *index)
{
	const struct gazetteer_entry *g;

	if (!folded || gazetteer_find(extract_ctx_gazetteer(r->x), folded, &g, 1) == 0)
		return DOSSIER_ENOTFOUND;
	return entity_index_add(&r->entities, g->id, g->name, g->type, index);
}

/* Adds the entities `w` stands for (side and visit_to words). */
static int add_stand_in(struct run *r, struct draft *ev, const struct stand_in *w)
{
	for (int k = 0; k < 2; k++) {
		size_t index;
		int rc = entity_of_form(r, w->forms[k], &index);

		if (rc == DOSSIER_ENOMEM)
			return rc;
		if (!rc)
			add_actor(ev, index);
	}
	return DOSSIER_OK;
}

/* The line of `lines` (capitals, cities) whose word is the entity's name,
 * or NULL. */
static const struct stand_in *line_naming(const struct run *r, const struct stand_in *lines,
					  size_t n, size_t entity)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(lines[i].word, r->d->entities[entity].name))
			return &lines[i];
	}
	return NULL;
}

static const struct stand_in *capital_line(const struct run *r, size_t entity)
{
	return line_naming(r, r->r->capitals, r->r->n_capitals, entity);
}

/* The 'city' line of a place that is no capital (上海, 阿德雷德), or NULL. */
static const struct stand_in *city_line(const struct run *r, size_t entity)
{
	return line_naming(r, r->r->cities, r->r->n_cities, entity);
}

static int is_capital(const struct run *r, size_t entity)
{
	return capital_line(r, entity) != NULL;
}

/* 抵達北京: a visit to a capital is a visit to its country; 北京中斷:
 * the capital speaks for its country. */
static int add_capital_country(struct run *r, struct draft *ev, size_t capital)
{
	const struct stand_in *w = capital_line(r, capital);

	return w ? add_stand_in(r, ev, w) : DOSSIER_OK;
}

/* 抵達上海: a visit to a city is a visit to its country too (a city does
 * not speak for its country as a capital does: 上海表示 is no China). */
static int add_city_country(struct run *r, struct draft *ev, size_t city)
{
	const struct stand_in *w = city_line(r, city);

	return w ? add_stand_in(r, ev, w) : DOSSIER_OK;
}

/* The document's entity of gazetteer form `folded`, if it has one already. */
static int entity_of_known_form(const struct run *r, const char *folded, size_t *index)
{
	const struct gazetteer_entry *g;

	if (!folded || gazetteer_find(extract_ctx_gazetteer(r->x), folded, &g, 1) == 0)
		return DOSSIER_ENOTFOUND;
	*index = entity_index_find(&r->entities, g->id);
	return *index == STRMAP_NONE ? DOSSIER_ENOTFOUND : DOSSIER_OK;
}

/* The side words (美方, 中美) in [from, to), added as actors. */
static int add_sides(struct run *r, struct draft *ev, size_t from, size_t to)
{
	for (size_t at = from; at < to; at++) {
		uint32_t i;

		/* the longest side word there; none when a name holds it */
		if (!may_open(r->r, r->s, at, to) ||
		    !trie_longest(&r->r->side_words, r->s, at, to, &i) || inside_mention(r, at))
			continue;
		{
			const struct stand_in *w = &r->r->sides[i];
			int rc = add_stand_in(r, ev, w);

			if (rc)
				return rc;
			at += strlen(w->word) - 1;
		}
	}
	return DOSSIER_OK;
}

/* Whether the mention names something else than its entity: 拜登政府. */
static int names_other(const struct run *r, const struct doc_mention *m)
{
	size_t end = m->start + m->len;

	return word_at(&r->r->cues[CUE_NOT_ACTOR_AFTER], r->s, end, r->len) != 0;
}

static void set_place(struct run *r, struct draft *ev, size_t ent)
{
	/* a city beats a country, and both beat a forum */
	if (ev->place == DOC_NO_ENTITY || entity_is(r, ev->place, "forum") ||
	    (is_country(r, ev->place) && !is_country(r, ent)))
		ev->place = ent;
}

static int is_visit(const struct draft *ev)
{
	return ev->trigger && event_type_of(ev->trigger->type) == EVENT_VISIT;
}

/*
 * Whether text [from, to) between a country and a person says something
 * (中國|不願|奧斯汀…: a verb, a cue) rather than only the person's title
 * (美國|國務卿|布林肯).
 */
static int verb_between(struct run *r, size_t from, size_t to)
{
	static const int verbs[] = { CUE_REQUEST, CUE_REFUSE, CUE_PROPOSE, CUE_PLAN, CUE_CANCEL,
				     CUE_NEGATE, CUE_REPORT, CUE_PARTNER, CUE_HELD, CUE_PASSIVE,
				     CUE_TOPIC };

	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		if (cue_has(r, &r->r->cues[verbs[v]], from, to))
			return 1;
	}
	return 0;
}

/* The country a person's title names in this part (美國國務卿布林肯: 美國). */
static size_t country_of(const struct run *r, size_t entity)
{
	return entity < r->n_country_of ? r->country_of[entity] : DOC_NO_ENTITY;
}

/*
 * Whether mention k (a country) is only the home of the person named right
 * after it, with a title between (美國國務卿布林肯, as learn_countries
 * reads it): such a country is no party of the event (assign_roles keeps
 * it beside the person).
 */
static int titles_next_person(struct run *r, size_t k)
{
	const struct doc_mention *m = mention_at(r, k), *next;
	size_t end = m->start + m->len;

	if (k + 1 >= r->pi->n_mentions)
		return 0;
	next = mention_at(r, k + 1);
	if (!entity_is(r, next->entity, "person") || country_of(r, next->entity) != m->entity ||
	    next->start < end || next->start - end > 30 ||
	    span_end(r->s, end, next->start, is_clause_end) != next->start)
		return 0;
	/* only a title between: 中國還拒絕其國防部長李尚福 has the country act */
	return !verb_between(r, end, next->start);
}

/* Whether 首都 or 首府 comes right before `at`: the capital is where, in
 * apposition to its country (在秘魯首都利馬), not its country speaking. */
static int after_capital_word(const struct run *r, size_t at)
{
	static const char *const words[] = { "首都", "首府" };

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i]);

		if (at >= n && !memcmp(r->s + at - n, words[i], n))
			return 1;
	}
	return 0;
}

/* Whether mention k runs straight into a forum's name it qualifies
 * (新加坡香格里拉對話, 北京APEC峰會): where the forum is, no party. */
static int qualifies_forum(struct run *r, size_t k)
{
	const struct doc_mention *m = mention_at(r, k);
	size_t end = m->start + m->len;

	for (size_t j = k + 1; j < r->pi->n_mentions; j++) {
		const struct doc_mention *next = mention_at(r, j);

		if (next->start < end)
			continue;
		return next->start == end && entity_is(r, next->entity, "forum");
	}
	return 0;
}

/* Whether 對 or 向 comes right before `at` (對中國進行國事訪問). */
static int after_toward(const struct run *r, size_t at)
{
	return at >= 3 && (!memcmp(r->s + at - 3, "\xe5\xb0\x8d", 3) || /* 對 */
			   !memcmp(r->s + at - 3, "\xe5\xaf\xb9", 3) || /* 对 */
			   !memcmp(r->s + at - 3, "\xe5\x90\x91", 3));  /* 向 */
}

/*
 * Whether mention k (an organisation, or a city) is only where the person
 * named right after it works, with titles between (中共中央政治局委員、
 * 外交部長王毅, 國民黨副主席夏立言, 新加坡建國總理李光耀): the person
 * acts, not the organisation or the city's country.
 */
static int titles_person_after(struct run *r, size_t k)
{
	static const int verbs[] = { CUE_REQUEST, CUE_REFUSE, CUE_PROPOSE, CUE_PLAN, CUE_CANCEL,
				     CUE_NEGATE, CUE_REPORT, CUE_PARTNER, CUE_HELD, CUE_PASSIVE,
				     CUE_TOPIC, CUE_ACCEPTED };
	const struct doc_mention *m = mention_at(r, k);
	size_t end = m->start + m->len;

	for (size_t j = k + 1; j < r->pi->n_mentions; j++) {
		const struct doc_mention *next = mention_at(r, j);

		if (next->start < end)
			continue; /* overlapping: 中共中央 inside 中共中央外辦 */
		if (next->start - end > 45 ||
		    span_end(r->s, end, next->start, is_clause_end) != next->start)
			return 0;
		for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
			if (cue_has(r, &r->r->cues[verbs[v]], end, next->start))
				return 0;
		}
		if (entity_is(r, next->entity, "person"))
			return 1;
		if (entity_is(r, next->entity, "forum"))
			return 0;
		end = next->start + next->len; /* another organ or place on the way */
	}
	return 0;
}

/*
 * Whether a person's mention k is only whose the next person is: 李尚福的
 * 前任魏鳳和, 岸田文雄的特使 — the 的 and a title lead to another person
 * before any trigger or clause end (與習近平的會晤 names a party).
 */
static int possessor_of_person(struct run *r, size_t k)
{
	const struct doc_mention *m = mention_at(r, k);
	size_t end = m->start + m->len;

	if (!starts_with(r->s, end, r->len, "\xe7\x9a\x84")) /* 的 */
		return 0;
	for (size_t j = k + 1; j < r->pi->n_mentions; j++) {
		const struct doc_mention *next = mention_at(r, j);

		if (next->start < end)
			continue;
		if (next->start - end > 24 ||
		    span_end(r->s, end, next->start, is_clause_end) != next->start)
			return 0;
		for (size_t at = end; at < next->start; at++) {
			if (may_open(r->r, r->s, at, next->start) &&
			    trie_longest(&r->r->trigger_words, r->s, at, next->start, NULL))
				return 0;
		}
		return entity_is(r, next->entity, "person");
	}
	return 0;
}

/* What add_named_kind takes. */
enum named {
	NAMED_ALL,      /* names and side words */
	NAMED_NO_SIDES, /* names only */
	NAMED_PLACES,   /* places only */
};

static int add_named_kind(struct run *r, struct draft *ev, size_t from, size_t to,
			  enum named kind);

static int add_named(struct run *r, struct draft *ev, size_t from, size_t to)
{
	return add_named_kind(r, ev, from, to, NAMED_ALL);
}

/* The entities named in [from, to): actors, or the place; with
 * NAMED_PLACES only places (what a visit names after its word is where it
 * goes, not who goes: 抵達北京與王毅舉行會談). */
static int add_named_kind(struct run *r, struct draft *ev, size_t from, size_t to,
			  enum named kind)
{
	int places_only = kind == NAMED_PLACES, sides = kind == NAMED_ALL;

	size_t cursor = from;

	for (size_t k = mentions_from(r, from); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);
		size_t ent = m->entity;
		int rc;

		if (m->start > to)
			break;
		if (m->start + m->len > to)
			continue;
		/* side words in text order with the names: 中國拒絕了美方… */
		if (sides && m->start > cursor && (rc = add_sides(r, ev, cursor, m->start)))
			return rc;
		if (m->start + m->len > cursor)
			cursor = m->start + m->len;
		if (entity_is(r, ent, "forum")) {
			if (ev->place == DOC_NO_ENTITY)
				ev->place = ent;
		} else if (entity_is(r, ent, "place")) {
			int country = is_country(r, ent) && !is_nonactor(r, ent), names_forum;

			/* 美國國防部長奧斯汀: the minister acts, not his country */
			if (country && titles_next_person(r, k))
				continue;
			/* a place before a visit word that is neither where (在中國,
			 * 對中國進行訪問) nor a title's: 中國稱蘇林此次訪問…,
			 * 新加坡副總理黃循財…訪華 */
			if (is_visit(ev) && m->start < ev->at && !is_locative(r, m) &&
			    !after_toward(r, m->start))
				continue;
			names_forum = qualifies_forum(r, k);
			/* 前往俄羅斯: where a visit goes is who is visited */
			if (country && (!is_locative(r, m) || is_visit(ev)) && !names_forum) {
				add_actor(ev, ent);
			} else {
				set_place(r, ev, ent);
				if (!is_locative(r, m) && !is_visit(ev) && !titles_person_after(r, k) &&
				    !after_capital_word(r, m->start) && !names_forum &&
				    (rc = add_capital_country(r, ev, ent)))
					return rc;
			}
		} else if (!places_only && !is_nonactor(r, ent) && !names_other(r, m) &&
			   !(entity_is(r, ent, "org") && titles_person_after(r, k)) &&
			   !(entity_is(r, ent, "person") && possessor_of_person(r, k))) {
			add_actor(ev, ent);
		}
	}
	return sides ? add_sides(r, ev, cursor, to) : DOSSIER_OK;
}

static size_t count_people(const struct run *r, const struct draft *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_actors; i++)
		n += entity_is(r, ev->actors[i], "person");
	return n;
}

/* The person named last before `at` in the current paragraph. */
static size_t person_before(const struct run *r, size_t at)
{
	size_t k = mentions_from(r, at + 1), j = k ? r->pi->last_person[k - 1] : SIZE_MAX;

	/* back over the people only; one that reaches past `at` is passed */
	while (j != SIZE_MAX) {
		const struct doc_mention *m = mention_at(r, j);

		if (m->start < r->paragraph)
			break;
		if (m->start + m->len <= at)
			return m->entity;
		j = j ? r->pi->last_person[j - 1] : SIZE_MAX;
	}
	return DOC_NO_ENTITY;
}

/*
 * Who 他 or 她 at `at` is: the first person its sentence names before it
 * (莫迪…會見…王毅，他表示: the subject, 莫迪), else the person last named
 * before it in the paragraph (…。他已於13日同拜登…).  Measured on the
 * dev half of the evaluation set: right in all nine events it decided
 * (taking the last person named: eight).
 */
static size_t antecedent_of(const struct run *r, size_t at)
{
	for (size_t k = mentions_from(r, r->sentence_start); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start + m->len > at)
			break;
		if (m->start >= r->paragraph && entity_is(r, m->entity, "person"))
			return m->entity;
	}
	return person_before(r, at);
}

/* The two countries the document names most, counting its side words
 * (美方, 中美) too: who 雙方 and 兩國 are; and the two people it names
 * most, who 兩人 are. */
static int find_main_sides(struct run *r, const char *const *parts, size_t n_parts)
{
	size_t *count = calloc(r->d->n_entities + 8, sizeof *count), cap = r->d->n_entities + 8;
	size_t best[2] = { DOC_NO_ENTITY, DOC_NO_ENTITY };

	if (!count)
		return DOSSIER_ENOMEM;
	for (size_t i = 0; i < r->d->n_mentions; i++)
		count[r->d->mentions[i].entity]++;
	for (size_t p = 0; p < n_parts; p++) {
		size_t len = parts[p] ? strlen(parts[p]) : 0;

		for (size_t at = 0; at < len; at++) {
			const struct stand_in *w;
			uint32_t i;

			if (!may_open(r->r, parts[p], at, len) ||
			    !trie_longest(&r->r->side_words, parts[p], at, len, &i))
				continue;
			w = &r->r->sides[i];
			for (int k = 0; k < 2; k++) {
				size_t ent;

				if (!entity_of_form(r, w->forms[k], &ent) && ent < cap)
					count[ent]++;
			}
			at += strlen(w->word) - 1;
		}
	}
	r->people[0] = r->people[1] = DOC_NO_ENTITY;
	for (size_t ent = 0; ent < r->d->n_entities && ent < cap; ent++) {
		size_t *p = r->people;

		if (!count[ent] || !entity_is(r, ent, "person"))
			continue;
		if (p[0] == DOC_NO_ENTITY || count[ent] > count[p[0]]) {
			p[1] = p[0];
			p[0] = ent;
		} else if (p[1] == DOC_NO_ENTITY || count[ent] > count[p[1]]) {
			p[1] = ent;
		}
	}
	for (int k = 0; k < 2; k++)
		r->people_named[k] = r->people[k] == DOC_NO_ENTITY ? 0 : count[r->people[k]];
	for (size_t ent = 0; ent < r->d->n_entities && ent < cap; ent++) {
		if (!count[ent] || !is_country(r, ent) || is_nonactor(r, ent))
			continue;
		if (best[0] == DOC_NO_ENTITY || count[ent] > count[best[0]]) {
			best[1] = best[0];
			best[0] = ent;
		} else if (best[1] == DOC_NO_ENTITY || count[ent] > count[best[1]]) {
			best[1] = ent;
		}
	}
	free(count);
	r->sides[0] = best[0];
	r->sides[1] = best[1];
	return DOSSIER_OK;
}

static void main_sides(struct run *r, struct draft *ev, int coref)
{
	if (r->sides[1] != DOC_NO_ENTITY) {
		add_actor(ev, r->sides[0]);
		add_actor(ev, r->sides[1]);
		ev->coref |= coref;
	}
}

/* Whether the event names both of the document's two main people (kept
 * up as events are added, not asked of every event at each 雙方). */
static int names_main_pair(const struct run *r, const struct doc_event *ev)
{
	int has_a = 0, has_b = 0;

	for (size_t k = 0; k < ev->n_actors; k++) {
		has_a |= ev->actors[k] == r->people[0];
		has_b |= ev->actors[k] == r->people[1];
	}
	return has_a && has_b;
}

static int last_had(const struct run *r, size_t entity)
{
	for (size_t i = 0; i < r->n_last_actors; i++) {
		if (r->last_actors[i] == entity)
			return 1;
	}
	return 0;
}

/* 兩國元首: the two titled heads of state or government the document
 * names most (all parts, counted once per mention). */
static void add_heads(const struct run *r, struct draft *ev)
{
	size_t best[2] = { DOC_NO_ENTITY, DOC_NO_ENTITY }, count[2] = { 0, 0 };

	for (size_t ent = 0; ent < r->d->n_entities && ent < r->n_country_of; ent++) {
		size_t n = ent < r->n_mentions_of ? r->mentions_of[ent] : 0;

		if (!r->is_head[ent])
			continue;
		if (n > count[0]) {
			best[1] = best[0], count[1] = count[0];
			best[0] = ent, count[0] = n;
		} else if (n > count[1]) {
			best[1] = ent, count[1] = n;
		}
	}
	if (best[1] != DOC_NO_ENTITY) {
		add_actor(ev, best[0]);
		add_actor(ev, best[1]);
		ev->coref = 1;
	}
}

/* 兩人, 雙方, 他: the actors already named. */
static void resolve_coref(struct run *r, struct draft *ev, size_t from, size_t to)
{
	size_t pair = cue_last(r, &r->r->cues[CUE_COREF_PAIR], from, to);
	size_t sides = cue_last(r, &r->r->cues[CUE_COREF_SIDES], from, to);
	size_t parties = cue_last(r, &r->r->cues[CUE_COREF_PARTIES], from, to);
	size_t heads = cue_last(r, &r->r->cues[CUE_COREF_HEADS], from, to);
	size_t one = cue_last(r, &r->r->cues[CUE_COREF_ONE], from, to);

	/* 其他 (other) is no 他 */
	if (one != (size_t)-1 && one >= 3 && !memcmp(r->s + one - 3, "\xe5\x85\xb6", 3))
		one = (size_t)-1;
	/* someone travels: 雙方 and 兩國 say when it suits, not who goes
	 * (秦剛…將在雙方方便的時候訪問華府) */
	if (is_visit(ev))
		sides = parties = heads = (size_t)-1;

	if (pair != (size_t)-1 && count_people(r, ev) < 2 && r->people[1] != DOC_NO_ENTITY) {
		add_actor(ev, r->people[0]);
		add_actor(ev, r->people[1]);
		ev->coref = 1;
	}
	if ((sides != (size_t)-1 || parties != (size_t)-1) && ev->n_actors < 2) {
		size_t people = 0;

		for (size_t i = 0; i < r->n_last_actors; i++)
			people += entity_is(r, r->last_actors[i], "person");
		/* 雙方 after 蘇利文與王毅 are those two, and their countries;
		 * 兩國 are only the countries */
		for (size_t i = 0; parties != (size_t)-1 && people >= 2 &&
				   r->last_paragraph == r->paragraph && i < r->n_last_actors; i++) {
			if (entity_is(r, r->last_actors[i], "person"))
				add_actor(ev, r->last_actors[i]);
		}
		/* the story's two protagonists, when the event before was theirs
		 * or the story is theirs (each named twice or more) */
		if (parties != (size_t)-1 && r->people[1] != DOC_NO_ENTITY &&
		    ((last_had(r, r->people[0]) && last_had(r, r->people[1])) ||
		     (r->people_named[1] >= 2 && r->main_pair_met))) {
			add_actor(ev, r->people[0]);
			add_actor(ev, r->people[1]);
		}
		main_sides(r, ev, 1);
	}
	if (heads != (size_t)-1 && count_people(r, ev) < 2)
		add_heads(r, ev);
	if (one != (size_t)-1 && count_people(r, ev) < 2) {
		size_t p = antecedent_of(r, one);

		if (p != DOC_NO_ENTITY) {
			add_actor(ev, p);
			ev->coref = 1;
		}
	}
}

/* Whether [from, to) reports (告訴, 表示), not counting a bracketed
 * dateline such as （華訊記者綜合報導）. */
static int is_report(struct run *r, size_t from, size_t to)
{
	size_t at = cue_last(r, &r->r->cues[CUE_REPORT], from, to);

	while (at != (size_t)-1) {
		const char *open = NULL, *close = NULL;

		for (size_t i = from; i < at; i++) {
			if (starts_with(r->s, i, to, "\xef\xbc\x88")) /* （ */
				open = r->s + i;
			else if (starts_with(r->s, i, to, "\xef\xbc\x89")) /* ） */
				close = r->s + i;
		}
		if (!open || (close && close > open))
			return 1;
		at = at > from ? cue_last(r, &r->r->cues[CUE_REPORT], from, at) : (size_t)-1;
	}
	return 0;
}

/* Adds the actors of the clauses of [from, to) that do more than report
 * (the speaker of 庫珀告訴《華爾街日報》 is nobody's counterpart). */
static int add_named_outside_reports(struct run *r, struct draft *ev, size_t from, size_t to)
{
	int rc = DOSSIER_OK;

	for (size_t at = from; at < to && !rc;) {
		size_t end = span_end(r->s, at, to, is_clause_end);

		if (!is_report(r, at, end))
			rc = add_named(r, ev, at, end);
		at = end;
	}
	return rc;
}

/* From the clause before, its subject: the first person when the event
 * has one already (韓正…，曾會見布林肯) or is a visit (someone travels),
 * else its first actor (中國不願…，卻決定會見其他美國官員). */
/* Moves an actor of the event to the front. */
static void to_front(struct draft *ev, size_t entity)
{
	size_t i = 0;

	while (i < ev->n_actors && ev->actors[i] != entity)
		i++;
	if (i == ev->n_actors)
		return;
	memmove(ev->actors + 1, ev->actors, i * sizeof *ev->actors);
	ev->actors[0] = entity;
}

static void take_subject(const struct run *r, struct draft *ev, const struct draft *subject)
{
	size_t pick = 0;

	for (size_t i = 0; (count_people(r, ev) || is_visit(ev)) && i < subject->n_actors; i++) {
		if (entity_is(r, subject->actors[i], "person")) {
			pick = i;
			break;
		}
	}
	add_actor(ev, subject->actors[pick]);
	/* who asks or refuses is the subject (北京…，拒絕了美方的請求) */
	if (ev->request || ev->refuse)
		to_front(ev, subject->actors[pick]);
	/* where the subject was is not where a visit goes */
	if (ev->place == DOC_NO_ENTITY && !is_visit(ev))
		ev->place = subject->place;
}

/* An event with no actor of its own takes the whole subject, partners
 * included: 蘇利文與王毅，本週在維也納舉行會談. */
static void take_all_subjects(const struct run *r, struct draft *ev, const struct draft *clause)
{
	size_t people = 0;

	for (size_t i = 0; i < clause->n_actors; i++) {
		if (entity_is(r, clause->actors[i], "person")) {
			add_actor(ev, clause->actors[i]);
			people++;
		}
	}
	if (!people)
		add_actor(ev, clause->actors[0]);
	if (ev->place == DOC_NO_ENTITY)
		ev->place = clause->place;
}

/* The subject a clause drops is the first actor of the nearest clause
 * before it that names one and does more than report: 中國不願…會談，
 * 卻決定會見其他美國高級官員 — the one who decides is 中國 alone. */
static int add_dropped_subject(struct run *r, struct draft *ev, size_t from, size_t to)
{
	size_t starts[64], n = 0;

	for (size_t at = from; at < to && n < 64;) {
		starts[n++] = at;
		at = span_end(r->s, at, to, is_clause_end);
	}
	while (n-- > 0) {
		size_t end = span_end(r->s, starts[n], to, is_clause_end);
		size_t partner = cue_first(r, &r->r->cues[CUE_PARTNER], starts[n], end);
		struct draft subject = { .place = DOC_NO_ENTITY };
		int rc;

		if (is_report(r, starts[n], end))
			continue;
		/* the subject comes before 與 and the verb: 7日與李強會面 has none */
		rc = add_named(r, &subject, starts[n], partner != (size_t)-1 ? partner : end);
		if (rc)
			return rc;
		if (!subject.n_actors)
			continue;
		/* 奧斯汀本週將展開…訪問，訪問地點包括印度: the plan goes on */
		if (starts[n] >= ev->segment.start &&
		    has_plan(r, starts[n], ev->clause.start))
			ev->plan = 1;
		/* a visit takes who went, not whom they met (布林肯訪華時將與習近平
		 * 會面，然後前往東京…) */
		if (!ev->n_actors && !is_visit(ev)) {
			struct draft whole = { .place = DOC_NO_ENTITY };

			rc = add_named(r, &whole, starts[n], end);
			if (!rc)
				take_all_subjects(r, ev, &whole);
			return rc;
		}
		take_subject(r, ev, &subject);
		return DOSSIER_OK;
	}
	return DOSSIER_OK;
}

/* Meetings, calls, talks and asking for or refusing them. */
static int meeting_type(const char *type)
{
	int t = event_type_of(type);

	return t == EVENT_MEET || t == EVENT_CALL || t == EVENT_TALKS ||
	       t == EVENT_REQUEST_MEETING || t == EVENT_REFUSE_MEETING;
}

static size_t headline_part_end(const struct run *r, size_t at, size_t end);
static size_t destination_end(const struct run *r, const struct draft *ev);
static int has_country(struct run *r, const struct draft *ev);

/* The country of the people named in [from, ev->at) whose title says it
 * (中國國家主席習近平 與到訪的…): where a visitor is received. */
static void add_receivers_country(struct run *r, struct draft *ev, size_t from)
{
	for (size_t k = mentions_from(r, from); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start + m->len > ev->at)
			break;
		if (entity_is(r, m->entity, "person") && country_of(r, m->entity) != DOC_NO_ENTITY) {
			add_actor(ev, country_of(r, m->entity));
			return;
		}
	}
}

/* Whether the text between two names only lists them: 、 和 及 與 以及. */
static int only_lists(const struct run *r, size_t from, size_t to)
{
	static const char *const marks[] = { "\xe3\x80\x81", "\xe5\x92\x8c", "\xe5\x8f\x8a",
					     "\xe8\x88\x87", "\xe4\xb8\x8e", "\xe4\xbb\xa5", " " };

	while (from < to) {
		size_t len = 0;

		for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !len; i++) {
			if (starts_with(r->s, from, to, marks[i]))
				len = strlen(marks[i]);
		}
		if (!len)
			return 0;
		from += len;
	}
	return 1;
}

/* Whether two people's names are listed together: only list marks between
 * them, or a list mark and no verb (川普總統與夫人梅拉尼亞). */
static int joins(struct run *r, size_t from, size_t to)
{
	static const int verbs[] = { CUE_REPORT, CUE_REQUEST, CUE_HELD, CUE_PLAN };

	if (only_lists(r, from, to))
		return 1;
	if (to - from > 15 || span_end(r->s, from, to, is_clause_end) != to ||
	    !cue_has(r, &r->r->cues[CUE_WITH], from, to))
		return 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		if (cue_has(r, &r->r->cues[verbs[v]], from, to))
			return 0;
	}
	return 1;
}

/*
 * Who goes is the last person named before the visit word, with those
 * listed with them (馬克龍與馮德萊恩共同訪華): 中國稱蘇林此次訪問是習近平
 * 去年12月訪問越南的又一舉措 — 習近平 went to Vietnam, not 蘇林.
 */
static void keep_last_people(struct run *r, struct draft *ev, size_t from, size_t at)
{
	size_t last[16], n = 0, prev_end = 0, kept = 0;

	for (size_t k = mentions_from(r, from); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start + m->len > at)
			break;
		if (!entity_is(r, m->entity, "person"))
			continue;
		if (!(n && n < 16 && joins(r, prev_end, m->start)))
			n = 0;
		last[n++] = m->entity;
		prev_end = m->start + m->len;
	}
	if (!n)
		return;
	for (size_t i = 0; i < ev->n_actors; i++) {
		int in_run = !entity_is(r, ev->actors[i], "person");

		for (size_t j = 0; j < n && !in_run; j++)
			in_run = last[j] == ev->actors[i];
		if (in_run)
			ev->actors[kept++] = ev->actors[i];
	}
	ev->n_actors = kept;
}

/* Whether a person's name ends right at `at` (賴清德訪美). */
static int person_right_before(const struct run *r, size_t at)
{
	size_t k = mentions_from(r, at);

	while (k > 0) {
		const struct doc_mention *m = mention_at(r, --k);

		if (m->start + m->len > at)
			continue;
		return m->start + m->len == at && entity_is(r, m->entity, "person");
	}
	return 0;
}

/* 對華進行正式訪問, 展開對台訪問: a one-character name of a country after
 * 對 in the visit's clause (abbrev lines) is where it goes. */
static int add_country_abbrev(struct run *r, struct draft *ev)
{
	for (size_t at = ev->clause.start; at + 6 <= ev->at; at++) {
		if (!starts_with(r->s, at, ev->at, "\xe5\xb0\x8d") && /* 對 */
		    !starts_with(r->s, at, ev->at, "\xe5\xaf\xb9"))   /* 对 */
			continue;
		for (size_t i = 0; i < r->r->n_abbrevs; i++) {
			if (starts_with(r->s, at + 3, ev->at, r->r->abbrevs[i].word))
				return add_stand_in(r, ev, &r->r->abbrevs[i]);
		}
	}
	return DOSSIER_OK;
}

/* Whether a meeting word (會見) ends right at `at`: 會見訪華的… */
static int meeting_word_before(const struct run *r, size_t at)
{
	size_t from = at;

	for (int i = 0; i < 4 && from > 0; i++) {
		uint32_t ti;

		from = utf8_boundary_before(r->s, r->len, from - 1);
		if (trie_longest(&r->r->trigger_words, r->s, from, at, &ti) == at - from)
			return meeting_type(r->r->triggers[ti].type);
	}
	return 0;
}

/*
 * 來華進行正式訪問的越南總理范明政, 到訪的俄羅斯外長拉夫羅夫: a visit word
 * whose clause runs into 的 and a person (titles and the person's country
 * between) describes that person: the position of the 的, and in *visitor
 * the person's entity; (size_t)-1 when the visit is not told so.
 */
static size_t relative_visitor(struct run *r, const struct draft *ev, size_t *visitor)
{
	size_t after = ev->at + ev->trigger_len, de = (size_t)-1, end = after;

	for (size_t at = after; at + 3 <= ev->clause.end; at++) {
		if (starts_with(r->s, at, ev->clause.end, "\xe7\x9a\x84")) { /* 的 */
			de = at;
			end = de + 3;
			break;
		}
	}
	/* a headline's 王毅與訪華南韓外長趙兌烈會談: the visit word right
	 * after 與 or a meeting word describes who comes next */
	if (de == (size_t)-1 && (ends_with_word(r, &r->r->cues[CUE_WITH], ev->at) ||
				 meeting_word_before(r, ev->at))) {
		de = ev->at;
		end = after;
	}
	if (de == (size_t)-1 || person_right_before(r, ev->at))
		return (size_t)-1; /* 擔任賴清德訪美行顧問的蕭美琴: 賴清德 goes */
	for (size_t k = mentions_from(r, end); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start < end)
			continue;
		if (m->start - end > 45 || m->start + m->len > ev->clause.end)
			return (size_t)-1;
		if (entity_is(r, m->entity, "person")) {
			*visitor = m->entity;
			return de;
		}
		end = m->start + m->len; /* 越南總理: the country on the way */
	}
	return (size_t)-1;
}

/*
 * Who travels and where to.  What the clause names up to the visit word
 * (after a welcome: 歡迎馬克龍對中國進行國事訪問 — the one who welcomes
 * stays home), and after it only places: 抵達北京與王毅舉行會談 is a
 * visit to Beijing, 王毅 is met there.  A visit told as a description
 * (會見訪華的英國外相林德偉) has the person described as its visitor and
 * the clause's places before it as where.
 */
static int add_visit_actors(struct run *r, struct draft *ev)
{
	size_t after = ev->at + ev->trigger_len, visitor = DOC_NO_ENTITY, from = ev->clause.start;
	size_t rel = relative_visitor(r, ev, &visitor);
	size_t welcome = cue_last(r, &r->r->cues[CUE_WELCOME], from, ev->at);
	int rc;

	size_t accepted = cue_first(r, &r->r->cues[CUE_ACCEPTED], from, ev->at), asked;

	if (rel != (size_t)-1) {
		rc = add_named_kind(r, ev, from, rel, NAMED_PLACES);
		/* 習近平與到訪的朱立倫會談: received at home */
		if (!rc && !has_country(r, ev))
			add_receivers_country(r, ev, from);
		add_actor(ev, visitor);
		return rc;
	}
	if (welcome != (size_t)-1)
		from = welcome + word_at(&r->r->cues[CUE_WELCOME], r->s, welcome, ev->at);
	/* 肖爾茨應李克強邀請訪華: who invites is not who goes */
	asked = accepted != (size_t)-1 && ev->answered
			? cue_first(r, &r->r->cues[CUE_REQUEST], accepted, ev->at)
			: (size_t)-1;
	if (asked != (size_t)-1 && accepted >= from) {
		rc = add_named(r, ev, from, accepted);
		from = asked + word_at(&r->r->cues[CUE_REQUEST], r->s, asked, ev->at);
	} else {
		rc = DOSSIER_OK;
	}
	/* side words (美中關係…裴洛西訪台) say whose affair, not who goes */
	if (!rc)
		rc = add_named_kind(r, ev, from, after, NAMED_NO_SIDES);
	if (!rc)
		keep_last_people(r, ev, from, ev->at);
	if (!rc)
		rc = add_country_abbrev(r, ev);
	return rc ? rc : add_named_kind(r, ev, after, destination_end(r, ev),
					NAMED_PLACES);
}

/* Whether [from, to) is at most one character, or ends with 包括 within
 * five (訪問地點包括印度). */
static int leads_to_place(const struct run *r, size_t from, size_t to)
{
	if (to - from <= 3)
		return 1;
	return to - from <= 15 && to >= from + 6 &&
	       (!memcmp(r->s + to - 6, "\xe5\x8c\x85\xe6\x8b\xac", 6) ||  /* 包括 */
		!memcmp(r->s + to - 6, "\xe5\x8c\x85\xe5\x90\xab", 6));   /* 包含 */
}

/*
 * Where the places a visit word goes to end: the run of places that starts
 * right after it (訪問新加坡、馬來西亞和日本; 抵達美國華府; 前往新加坡參加…)
 * — not a place the rest of the clause names (秦剛的造訪有助兩國討論南海
 * 分歧; 訪華正值伊朗與美國…會談), nor one in a headline's next part.
 */
static size_t destination_end(const struct run *r, const struct draft *ev)
{
	size_t after = ev->at + ev->trigger_len, end = after;
	size_t limit = headline_part_end(r, after, ev->clause.end);

	for (size_t k = mentions_from(r, after); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start + m->len > limit)
			break;
		if (!entity_is(r, m->entity, "place"))
			break;
		/* a word before the first (訪問了; 訪問地點包括…); then lists */
		if (end == after ? !leads_to_place(r, after, m->start) : !only_lists(r, end, m->start))
			break;
		end = m->start + m->len;
	}
	return end;
}

/*
 * Where the part of a headline that runs from `at` ends: a space between
 * two Chinese characters parts a title's clauses (林佳龍到訪遭警告 菲防長
 * 回嗆北京: Beijing is no place of the visit).  In the body, `end`.
 */
static size_t headline_part_end(const struct run *r, size_t at, size_t end)
{
	for (size_t i = at; r->part == DOC_PART_TITLE && i + 1 < end; i++) {
		if (r->s[i] == ' ' && i > 0 && (unsigned char)r->s[i - 1] >= 0x80 &&
		    (unsigned char)r->s[i + 1] >= 0x80)
			return i;
	}
	return end;
}

/* Where the clause's actors end: an agreement's at what it is about (雙方
 * 就韓美日三方合作達成共識: the United States is a topic, not a party; 就兩國
 * 增進接觸達成重要共識: 兩國 names no party either). */
static size_t actors_end(struct run *r, const struct draft *ev)
{
	if (event_type_of(ev->trigger->type) == EVENT_AGREE) {
		size_t topic = cue_first(r, &r->r->cues[CUE_TOPIC_OF], ev->clause.start, ev->at);

		if (topic != (size_t)-1)
			return topic;
	}
	return ev->clause.end;
}

/* The clause's actors, up to actors_end(). */
static int add_clause_actors(struct run *r, struct draft *ev)
{
	return add_named(r, ev, ev->clause.start, actors_end(r, ev));
}

/*
 * The start of the with word (與, 同) of a meeting clause that names
 * nobody before it (…期間，與日本、南韓及澳洲的防務部門領導會談; 他已於
 * 13日同拜登…舉行會談): its subject is elsewhere.  (size_t)-1 when the
 * clause has a subject of its own or no with word before the trigger.
 */
static size_t subjectless_with(struct run *r, const struct draft *ev)
{
	size_t with = cue_first(r, &r->r->cues[CUE_WITH], ev->clause.start, ev->at);
	struct draft before = { .place = DOC_NO_ENTITY };

	if (with == (size_t)-1 || add_named(r, &before, ev->clause.start, with))
		return (size_t)-1;
	if (before.n_actors || cue_has(r, &r->r->cues[CUE_COREF_PAIR], ev->clause.start, with) ||
	    cue_has(r, &r->r->cues[CUE_COREF_SIDES], ev->clause.start, with) ||
	    cue_has(r, &r->r->cues[CUE_COREF_PARTIES], ev->clause.start, with))
		return (size_t)-1;
	return with;
}

/*
 * Whether a meeting clause names people only after its word, none and no
 * stand-in (他, 兩人, 雙方, 中方) before it: …訪華行程，將會晤習近平和李克強
 * has dropped who meets them.
 */
static int objects_only(struct run *r, const struct draft *ev)
{
	static const int stand_ins[] = { CUE_COREF_ONE, CUE_COREF_PAIR, CUE_COREF_SIDES,
					 CUE_COREF_PARTIES };
	struct draft before = { .place = DOC_NO_ENTITY };

	if (event_type_of(ev->trigger->type) != EVENT_MEET || count_people(r, ev) < 2 ||
	    add_named(r, &before, ev->clause.start, ev->at) || before.n_actors)
		return 0;
	for (size_t c = 0; c < sizeof stand_ins / sizeof stand_ins[0]; c++) {
		if (cue_has(r, &r->r->cues[stand_ins[c]], ev->clause.start, ev->at))
			return 0;
	}
	return 1;
}

/* Who: the trigger's clause, then (the subject dropped) the clauses before
 * it in the segment, then 兩人 and 他. */
static int find_actors(struct run *r, struct draft *ev)
{
	int visit = event_type_of(ev->trigger->type) == EVENT_VISIT;
	int rc = visit ? add_visit_actors(r, ev) : add_clause_actors(r, ev);
	size_t people, with = meeting_type(ev->trigger->type) ? subjectless_with(r, ev) : (size_t)-1;

	/* 他已於13日同拜登…會談: 他 is the subject, whoever else is named */
	if (with != (size_t)-1) {
		size_t one = cue_last(r, &r->r->cues[CUE_COREF_ONE], ev->clause.start, with);

		if (one != (size_t)-1 && antecedent_of(r, one) != DOC_NO_ENTITY) {
			add_actor(ev, antecedent_of(r, one));
			ev->coref = 1;
			with = (size_t)-1;
		}
	}
	resolve_coref(r, ev, ev->clause.start, visit ? ev->clause.end : actors_end(r, ev));
	people = count_people(r, ev);
	/* a meeting names two people, or none (中美會談), and one that names
	 * nobody before its 與 has dropped its subject; a visit a visitor;
	 * talks are suspended, resumed or agreed on between sides */
	if (!rc && (visit ? !people && !cue_has(r, &r->r->cues[CUE_WELCOME], ev->clause.start, ev->at)
		    : meeting_type(ev->trigger->type)
			    ? (ev->n_actors < 2 || people == 1 || with != (size_t)-1 ||
			       objects_only(r, ev))
			    : !ev->n_actors)) {
		size_t before = ev->n_actors;

		rc = add_dropped_subject(r, ev, ev->segment.start, ev->clause.start);
		/* …；週一上午再與王毅會面: the subject of the sentence */
		if (!rc && ev->n_actors == before)
			rc = add_dropped_subject(r, ev, ev->sentence.start, ev->segment.start);
	}
	if (!rc && !meeting_type(ev->trigger->type) && !visit && !count_people(r, ev) &&
	    ev->n_actors == 1)
		main_sides(r, ev, 0); /* 北京中斷了對話: with the other side */
	if (!rc && ev->n_actors < 2)
		resolve_coref(r, ev, ev->segment.start, ev->clause.start);
	/* a later clause of the segment may name who refused (遭中方拒絕);
	 * else a later clause tells of something else (…會面，轉交岸田文雄的賀信) */
	if (!rc && ev->n_actors < 2 && ev->refused_later)
		rc = add_named_outside_reports(r, ev, ev->clause.end, ev->segment.end);
	return rc;
}

/* Whether [from, to) is a title and the name of an institution it may
 * hold, Chinese characters and Latin ones (澳大利亞|SAI GLOBAL首席執行官|
 * Ross Wraight), with no bracket or punctuation between. */
static int title_words_only(const char *s, size_t from, size_t to)
{
	while (from < to) {
		int32_t cp = utf8_next(s, to, &from);

		if ((cp < 0x4E00 || cp > 0x9FFF) && !(cp >= 'A' && cp <= 'Z') &&
		    !(cp >= 'a' && cp <= 'z') && cp != ' ')
			return 0;
	}
	return 1;
}

/* Learns whose country each person is from the country before a title
 * and name (美國國防部長奧斯汀, 中國外長王毅), in this part. */
static void learn_countries(struct run *r)
{
	const struct doc_mention *country = NULL;

	for (size_t i = 0; i < r->d->n_mentions; i++) {
		const struct doc_mention *m = &r->d->mentions[i];
		size_t end;

		if (m->part != r->part)
			continue;
		if (entity_is(r, m->entity, "person") && m->entity < r->n_country_of &&
		    m->start > 0 && ends_with_word(r, &r->r->cues[CUE_HEAD_TITLE], m->start))
			r->is_head[m->entity] = 1;
		if (entity_is(r, m->entity, "place")) {
			country = is_country(r, m->entity) && !is_nonactor(r, m->entity) ? m : NULL;
			continue;
		}
		if (!country || !entity_is(r, m->entity, "person") || m->entity >= r->n_country_of)
			continue;
		end = country->start + country->len;
		/* a title between, Chinese characters only (not 《中國要聞》黃循財):
		 * at most ten */
		if (m->start >= end && m->start - end <= 30 && title_words_only(r->s, end, m->start) &&
		    !verb_between(r, end, m->start) && r->country_of[m->entity] == DOC_NO_ENTITY)
			r->country_of[m->entity] = country->entity;
		country = NULL;
	}
}

static size_t side_of(struct run *r, size_t entity);

/*
 * What each actor is to the event (core/event.h): a visit's places are
 * its hosts and the rest its visitors; the one who asks or refuses is
 * named first (actors are in text order, the refuser moved to the front);
 * else every actor is a party.  The country an actor's title names is
 * kept beside it, not made a party: 美國國務卿布林肯 met 王毅, the United
 * States did not meet anyone.
 */
static void assign_roles(struct run *r, const struct draft *ev, int type,
			 unsigned char *roles, size_t *countries)
{
	size_t first_side = ev->n_actors ? side_of(r, ev->actors[0]) : DOC_NO_ENTITY;

	for (size_t i = 0; i < ev->n_actors; i++) {
		size_t a = ev->actors[i];
		/* the asker's or refuser's own side asks or refuses with them:
		 * 中國拒絕…奧斯汀與中國國防部長董軍會面 — 董軍 refused nobody */
		int same_side = i && first_side != DOC_NO_ENTITY && side_of(r, a) == first_side;

		roles[i] = EVENT_ROLE_PARTY;
		if (type == EVENT_VISIT)
			roles[i] = entity_is(r, a, "place") ? EVENT_ROLE_HOST : EVENT_ROLE_VISITOR;
		else if (type == EVENT_REQUEST_MEETING)
			roles[i] = i && !same_side ? EVENT_ROLE_REQUESTED : EVENT_ROLE_REQUESTER;
		else if (type == EVENT_REFUSE_MEETING)
			roles[i] = i && !same_side ? EVENT_ROLE_REQUESTER : EVENT_ROLE_REFUSER;
		countries[i] = country_of(r, a);
	}
}

/* The country an actor stands for: a country itself, a person's by title. */
static size_t side_of(struct run *r, size_t entity)
{
	return is_country(r, entity) ? entity : country_of(r, entity);
}

/*
 * A visit whose hosts are all the visitors' own country is no visit
 * (習近平 "visiting" China is a trip at home, or a misread clause).
 */
static int visit_at_home(struct run *r, const struct draft *ev, const unsigned char *roles,
			 const size_t *countries)
{
	int hosts = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		if (roles[i] != EVENT_ROLE_HOST || !is_country(r, ev->actors[i]))
			continue;
		hosts++;
		for (size_t k = 0; k < ev->n_actors; k++) {
			if (roles[k] == EVENT_ROLE_VISITOR && countries[k] != ev->actors[i])
				return 0;
		}
	}
	return hosts > 0;
}

static int is_home(const struct draft *ev, const unsigned char *roles, const size_t *countries,
		   size_t i);

/* A visitor's own country is no host of the visit when another place
 * is (美國國際宗教自由無任所大使…前往中國). */
static void drop_home_hosts(struct draft *ev, size_t *actors, unsigned char *roles,
			    size_t *countries)
{
	size_t kept = 0, others = 0;

	for (size_t i = 0; i < ev->n_actors; i++)
		others += roles[i] == EVENT_ROLE_HOST && !is_home(ev, roles, countries, i);
	if (!others)
		return; /* visit_at_home judges it */
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (roles[i] == EVENT_ROLE_HOST && is_home(ev, roles, countries, i))
			continue;
		ev->actors[kept] = ev->actors[i];
		actors[kept] = actors[i];
		roles[kept] = roles[i];
		countries[kept++] = countries[i];
	}
	ev->n_actors = kept;
}

/* Whether actor i is the country of one of the visitors. */
static int is_home(const struct draft *ev, const unsigned char *roles, const size_t *countries,
		   size_t i)
{
	for (size_t k = 0; k < ev->n_actors; k++) {
		if (roles[k] == EVENT_ROLE_VISITOR && countries[k] == ev->actors[i])
			return 1;
	}
	return 0;
}

/* Whether an actor has the role: a visit goes somewhere (前往機場 is no
 * visit) and someone goes. */
static int has_role(const struct draft *ev, const unsigned char *roles, int role)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (roles[i] == role)
			return 1;
	}
	return 0;
}

/* ---- modality ------------------------------------------------------------------- */

/* Whether cp is one of the characters of `set` (UTF-8). */
static int char_in(const char *set, int32_t cp)
{
	size_t pos = 0, len = strlen(set);

	while (pos < len) {
		if (utf8_next(set, len, &pos) == cp)
			return 1;
	}
	return 0;
}

static int is_numeral_char(int32_t cp)
{
	return char_in("一二三四五六七八九十兩两幾几多", cp);
}

/* 談話5次: several events counted, none in particular. */
static int is_aggregate(const struct run *r, size_t after, size_t end)
{
	size_t at = after;

	while (at < end) {
		size_t next = at;
		int32_t cp = utf8_next(r->s, end, &next);

		if (!((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
		      is_numeral_char(cp) || utf8_is_space(cp)))
			break;
		at = next;
	}
	return at > after && word_at(&r->r->cues[CUE_AGGREGATE], r->s, at, end);
}

/* The start of the `n` characters before byte `at`, not before `floor`. */
static size_t back_chars(const struct run *r, size_t floor, size_t at, int n)
{
	while (n-- > 0 && at > floor)
		at = utf8_boundary_before(r->s, r->len, at - 1);
	return at < floor ? floor : at;
}

/* 這2次會晤, 兩次會談: a number and 次 right before the trigger. */
static int counted_before(const struct run *r, size_t floor, size_t at)
{
	size_t count_word, number;
	int32_t cp;

	if (at <= floor)
		return 0;
	count_word = utf8_boundary_before(r->s, r->len, at - 1);
	if (count_word <= floor || word_at(&r->r->cues[CUE_AGGREGATE], r->s, count_word, at) !=
					   at - count_word)
		return 0;
	number = utf8_boundary_before(r->s, r->len, count_word - 1);
	cp = utf8_next(r->s, count_word, &number);
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
	       (is_numeral_char(cp) && cp != 0x4E00 /* 一次: once, 一 alone is no count */);
}

/* Whether the clause of the trigger is what a question asks (it ends the
 * sentence with a question mark): 「拜習會」11月登場？; what an earlier
 * clause of the question tells is taken as told (今天X訪台時強調…，有何回應？). */
static int asks(const struct run *r, const struct draft *ev)
{
	size_t end = ev->clause.end;

	while (end > ev->at && (r->s[end - 1] == ' ' || r->s[end - 1] == '\n'))
		end--;
	if (end > ev->at && r->s[end - 1] == '?')
		return 1;
	return end >= ev->at + 3 && !memcmp(r->s + end - 3, "\xef\xbc\x9f", 3); /* ？ */
}

/* 今年夏天第四位訪華的美國高級官員: a rank among visitors (第 and a
 * number before 位), a record told of several events. */
static int ranked(const struct run *r, size_t from, size_t at)
{
	for (size_t i = from; i + 6 <= at; i++) {
		size_t pos;

		if (!starts_with(r->s, i, at, "\xe7\xac\xac")) /* 第 */
			continue;
		pos = i + 3;
		while (pos < at) {
			size_t next = pos;
			int32_t cp = utf8_next(r->s, at, &next);

			if (!((cp >= '0' && cp <= '9') || is_numeral_char(cp)))
				break;
			pos = next;
		}
		if (pos > i + 3 && starts_with(r->s, pos, at, "\xe4\xbd\x8d")) /* 位 */
			return 1;
	}
	return 0;
}

/* Whether an event word ends right at `at` (汪辜會談|是…): the clause's
 * subject is an event named as a noun. */
static int event_word_before(const struct run *r, size_t from, size_t at)
{
	size_t pos = at;

	for (int i = 0; i < 6 && pos > from; i++) {
		uint32_t ti;

		pos = utf8_boundary_before(r->s, r->len, pos - 1);
		if (trie_longest(&r->r->trigger_words, r->s, pos, at, &ti) == at - pos)
			return 1;
	}
	return 0;
}

/*
 * A clause that only says what an event told beside it was (是自2022年11月
 * 以來兩國防長首次正式會晤, 亦是習近平出任主席後首次訪問北韓): it opens
 * with the copula 是 (after 也, 亦, 這, 此…, or after an event named as a
 * noun: 汪辜會談是1949年以後兩岸首次…舉行的高層會談) and a record word
 * (首次, 時隔, 再次) comes before the trigger.
 */
static int records(struct run *r, const struct draft *ev)
{
	size_t at = ev->clause.start, copula;

	while (at < ev->at && r->s[at] == ' ')
		at++;
	copula = cue_first(r, &r->r->cues[CUE_COPULA], at, ev->at);
	if (copula == (size_t)-1 || (copula - at > 9 && !event_word_before(r, at, copula)))
		return 0;
	return cue_has(r, &r->r->cues[CUE_RECORD], copula, ev->at);
}

/* Whether the trigger is reported as not happening or only as a thought. */
static int is_unreal(struct run *r, const struct draft *ev)
{
	const struct event_rules *R = r->r;

	if (cue_has(r, &R->cues[CUE_NEGATE], ev->clause.start, ev->at))
		return 1;
	if (cue_has(r, &R->cues[CUE_HYPOTHETICAL], ev->segment.start, ev->at))
		return 1;
	if (word_at(&R->cues[CUE_BACKREF], r->s, ev->segment.start, ev->segment.end) ||
	    word_at(&R->cues[CUE_BACKREF], r->s, ev->clause.start, ev->clause.end) ||
	    (ev->at > ev->clause.start && ends_with_word(r, &R->cues[CUE_BACKREF], ev->at)))
		return 1;
	if (cue_has(r, &R->cues[CUE_BLOCK_BEFORE], back_chars(r, ev->clause.start, ev->at, 8),
			ev->at))
		return 1;
	if (ev->at > ev->clause.start && ends_with_word(r, &R->cues[CUE_TOPIC], ev->at))
		return 1;
	if (records(r, ev))
		return 1; /* …，是自2022年11月以來首次正式會晤 */
	if (cue_has(r, &R->cues[CUE_CONDITION], ev->at + ev->trigger_len, ev->segment.end))
		return 1; /* 要恢復正常的防長對話，仍需先解決…: a condition */
	if (cue_has(r, &R->cues[CUE_SEVERAL], ev->clause.start, ev->at))
		return 1; /* 曾多次請求…通話, 先後訪華: many events, none in particular */
	if (cue_has(r, &R->cues[CUE_NEGATE_AFTER], ev->at + ev->trigger_len, ev->clause.end))
		return 1; /* 這些會晤還沒有實現, 訪問未能成行 */
	if (cue_has(r, &R->cues[CUE_RUMOUR], ev->segment.start, ev->at))
		return 1; /* 傳出…將出訪, 消息人士稱: someone else's claim */
	if (asks(r, ev))
		return 1; /* 「拜習會」11月登場？ */
	if (cue_has(r, &R->cues[CUE_OBLIGATION], ev->clause.start, ev->at))
		return 1; /* 美國必須與阿薩德談判: what must happen, not what did */
	if (word_at(&R->cues[CUE_NOUN_AFTER], r->s, ev->at + ev->trigger_len, ev->clause.end))
		return 1; /* 防長會晤紀錄彙編: a thing the meeting word qualifies */
	return is_aggregate(r, ev->at + ev->trigger_len, ev->clause.end) ||
	       counted_before(r, ev->clause.start, ev->at) || ranked(r, ev->clause.start, ev->at);
}

/* 遭中方拒絕, 被拒: a refusal reported after what was refused. */
static int refused_after(struct run *r, size_t from, size_t to, struct span *by)
{
	size_t passive = cue_last(r, &r->r->cues[CUE_PASSIVE], from, to);
	size_t near, refuse;

	if (passive == (size_t)-1)
		return 0;
	near = span_end(r->s, passive, to, is_clause_end);
	refuse = cue_first(r, &r->r->cues[CUE_REFUSE], passive, near);
	if (refuse == (size_t)-1)
		return 0;
	*by = (struct span){ passive, refuse }; /* 遭[中方]拒絕: who refused */
	return 1;
}

/* Whether 邀 comes within ten characters after `at`, before `to`. */
static int invitation_follows(const struct run *r, size_t at, size_t to)
{
	for (int i = 0; i < 10 && at < to; i++) {
		if (starts_with(r->s, at, to, "\xe9\x82\x80")) /* 邀 */
			return 1;
		at = utf8_next(r->s, to, &at) < 0 ? to : at;
	}
	return 0;
}

/*
 * Whether an accepted word (應邀, 接受, 應 opening the clause or right
 * after a name: 肖爾茨應李克強邀請) comes in [from, to): the event answers
 * an invitation (應邀訪華, 應約通話), it does not ask for one.  A lone
 * 應 elsewhere is another word (回應, 應該).
 */
static int answers_invitation(struct run *r, size_t from, size_t to)
{
	const struct words *l = &r->r->cues[CUE_ACCEPTED];

	for (size_t at = cue_first(r, l, from, to); at != (size_t)-1;
	     at = at + 1 < to ? cue_first(r, l, at + 1, to) : (size_t)-1) {
		size_t len = word_at(l, r->s, at, to), k;

		if (len > 3)
			return 1;
		/* a one-character 應: at the clause's start, after a name, or
		 * leading to an invitation (今次應王毅邀請訪問) */
		if (at == from || invitation_follows(r, at + len, to))
			return 1;
		k = mentions_from(r, at);
		while (k > 0 && mention_at(r, k - 1)->start + mention_at(r, k - 1)->len > at)
			k--;
		if (k > 0 && mention_at(r, k - 1)->start + mention_at(r, k - 1)->len == at)
			return 1;
	}
	return 0;
}

/* 普拉博沃訪華時將與習近平會面: a visit in a when-clause (時, 期間) whose
 * main clause is a plan is planned too. */
static int planned_when(struct run *r, const struct draft *ev)
{
	size_t after = ev->at + ev->trigger_len;
	size_t when = cue_first(r, &r->r->cues[CUE_DURING], after, ev->clause.end);

	/* 會談時確認將全面推進…: the plan of talks is what they agreed */
	return is_visit(ev) && when != (size_t)-1 && when - after <= 9 &&
	       has_plan(r, when, ev->clause.end);
}

/* Whether the trigger's clause opens with a word that goes on with the
 * clause before (然後, 並, 再). */
static int goes_on(struct run *r, const struct draft *ev)
{
	size_t at = ev->clause.start;

	while (at < ev->at && r->s[at] == ' ')
		at++;
	return at > ev->segment.start && word_at(&r->r->cues[CUE_GOES_ON], r->s, at, ev->at) != 0;
}

/*
 * Whether the trigger's clause is a 除…外 (besides) frame whose main clause,
 * next in the segment, is a plan: 除與李克強會晤外，亦會與習近平會晤 — both
 * meetings are to come.
 */
static int besides_plan(struct run *r, const struct draft *ev)
{
	static const char *const closers[] = { "\xe4\xb9\x8b\xe5\xa4\x96",  /* 之外 */
					       "\xe4\xbb\xa5\xe5\xa4\x96",  /* 以外 */
					       "\xe5\xa4\x96" };            /* 外 */
	size_t at = ev->clause.start, end = ev->clause.end, next;
	int closed = 0;

	while (at < ev->at && r->s[at] == ' ')
		at++;
	if (end > ev->at) { /* the clause ends with its comma */
		size_t last = utf8_boundary_before(r->s, r->len, end - 1), p = last;
		int32_t cp = utf8_next(r->s, end, &p);

		if (cp >= 0 && is_clause_end((uint32_t)cp))
			end = last;
	}
	while (end > ev->at && r->s[end - 1] == ' ')
		end--;
	if (!starts_with(r->s, at, ev->at, "\xe9\x99\xa4")) /* 除 */
		return 0;
	for (size_t i = 0; i < sizeof closers / sizeof closers[0] && !closed; i++) {
		size_t n = strlen(closers[i]);

		closed = end >= ev->at + ev->trigger_len + n && !memcmp(r->s + end - n, closers[i], n);
	}
	if (!closed || ev->clause.end >= ev->segment.end)
		return 0;
	next = span_end(r->s, ev->clause.end, ev->segment.end, is_clause_end);
	return has_plan(r, ev->clause.end, next);
}

static int agreed_to(const struct run *r, const struct draft *ev);

static void read_modality(struct run *r, struct draft *ev)
{
	const struct event_rules *R = r->r;
	size_t after = ev->at + ev->trigger_len;
	size_t asked = cue_last(r, &R->cues[CUE_REQUEST], ev->clause.start, ev->at);

	ev->refused_later = refused_after(r, after, ev->segment.end, &ev->refuser);
	ev->refuse = cue_has(r, &R->cues[CUE_REFUSE], ev->clause.start, ev->at) ||
		     ev->refused_later;
	/* 應邀訪華, 應李克強邀請: an invitation accepted, no request */
	ev->answered = answers_invitation(r, ev->clause.start, ev->at);
	if (asked != (size_t)-1 && ev->answered)
		asked = (size_t)-1;
	/* 會晤請求: the meeting word names what is asked for */
	ev->request = asked != (size_t)-1 ||
		      word_at(&R->cues[CUE_REFUSED_OBJECT], r->s, after, ev->clause.end);
	ev->plan = has_plan(r, ev->clause.start, ev->at) ||
		   (goes_on(r, ev) && has_plan(r, ev->segment.start, ev->clause.start)) ||
		   besides_plan(r, ev) ||
		   planned_when(r, ev);
	ev->propose = cue_has(r, &R->cues[CUE_PROPOSE], ev->clause.start, ev->at);
	ev->cancel = cue_has(r, &R->cues[CUE_CANCEL], ev->clause.start, ev->segment.end);
	ev->agreed = agreed_to(r, ev);
}

/* 雙方同意在適當時候舉行…視訊通話: a meeting or visit that an agreement
 * word before it in the clause agrees to hold is to come, not held. */
static int agreed_to(const struct run *r, const struct draft *ev)
{
	int t = event_type_of(ev->trigger->type);

	if (t != EVENT_MEET && t != EVENT_CALL && t != EVENT_TALKS && t != EVENT_VISIT)
		return 0;
	for (size_t at = ev->clause.start; at < ev->at; at++) {
		uint32_t ti;

		if (may_open(r->r, r->s, at, ev->at) &&
		    trie_longest(&r->r->trigger_words, r->s, at, ev->at, &ti) &&
		    event_type_of(r->r->triggers[ti].type) == EVENT_AGREE)
			return 1;
	}
	return 0;
}

/* ---- when ----------------------------------------------------------------------- */

/* Whether byte `at` lies in a reporting clause other than the trigger's. */
static int in_report_clause(struct run *r, size_t floor, size_t at, size_t trigger)
{
	size_t start = clause_start(r->s, floor, at);
	size_t end = span_end(r->s, at, r->sentence_end, is_clause_end);

	return !(start <= trigger && trigger < end) && is_report(r, start, end);
}

/*
 * Whether a date says when something else was: when a place was built or
 * someone born (始建於1917年的莊園), or a date that a since word follows
 * before the trigger (是自2022年11月以來…首次會晤, 2012年出任國家主席後
 * 首次訪問: the earlier event's date).  A date that describes a forum or
 * an affair (去年6月的香格里拉對話期間) still frames what happened in it.
 */
static int opens_since(const struct run *r, size_t at);

/*
 * Whether a year alone is the first word of the name of an occasion:
 * 2025年上海合作組織峰會, 2024年美國總統大選 say which summit or election,
 * and date no event told around them.  The name runs from the year to an
 * edition word, with no punctuation and none of the words a clause would
 * put between a date and what it dates (在, 赴, 與, 出席, 的...).
 */
static int names_edition(struct run *r, const struct doc_date *dt)
{
	const struct words *l = &r->r->cues[CUE_EDITION];
	size_t at = dt->start + dt->len, limit;

	if (dt->when.precision != 3 /* year */)
		return 0;
	limit = at + 16 * 3 < r->sentence_end ? at + 16 * 3 : r->sentence_end;
	while (at < limit) {
		size_t next = at;
		int32_t cp;

		if (word_at(l, r->s, at, limit))
			return 1;
		cp = utf8_next(r->s, limit, &next);
		if (cp < 0x3400 || is_clause_end((uint32_t)cp) ||
		    char_in("在於于赴到往與与和同跟將将的出參参舉举進进召開开訪访前抵", cp))
			return 0;
		at = next;
	}
	return 0;
}

static int dates_other(struct run *r, const struct doc_date *dt, size_t at)
{
	size_t end = dt->start + dt->len, since;

	if (dt->start > 0 && ends_with_word(r, &r->r->cues[CUE_FOUNDED], dt->start))
		return 1;
	if (names_edition(r, dt))
		return 1;
	/* 自2020年以來停止: a suspension since then is dated then */
	if (r->dating_type == EVENT_SUSPEND_DIALOGUE)
		return 0;
	/* 自2020年初，中澳關係惡化三年多以來，雙方…首度恢復對話: 自 opens a
	 * since that may run over clauses; else it is in the date's clause
	 * (2012年出任國家主席後首次訪問).  A trigger before 以來 is the
	 * earlier event (自2023年4月林芳正訪華以來), dated by it. */
	since = cue_first(r, &r->r->cues[CUE_SINCE], end,
			  opens_since(r, dt->start) ? r->sentence_end
						    : span_end(r->s, end, r->sentence_end, is_clause_end));
	return since != (size_t)-1 && !(at >= end && at < since);
}

/* Whether 自 or 從 comes right before `at` (自2022年11月以來). */
static int opens_since(const struct run *r, size_t at)
{
	while (at > 0 && r->s[at - 1] == ' ')
		at--;
	return at >= 3 && (!memcmp(r->s + at - 3, "\xe8\x87\xaa", 3) || /* 自 */
			   !memcmp(r->s + at - 3, "\xe5\xbe\x9e", 3) || /* 從 */
			   !memcmp(r->s + at - 3, "\xe4\xbb\x8e", 3));  /* 从 */
}

/*
 * Whether a date only restates `prev`, the date right before it: after 即
 * (4月22日至26日，即下週二至週六) or in brackets (12月5日至8日(明起至週五)),
 * no more precise than it.  The first says it; a relative restatement
 * resolved alone may land a week off.
 */
static int date_ends_in(const struct run *r, size_t from, size_t to);

static int restates(const struct run *r, const struct doc_date *dt, const struct doc_date *prev)
{
	size_t prev_end = prev->start + prev->len, at = dt->start, open = (size_t)-1;

	/* 上月（4月16日）: a more precise restatement is the better date */
	if (prev_end > at || at - prev_end > 30 || prev->when.precision > dt->when.precision)
		return 0;
	/* in brackets opened right after the date before */
	for (size_t i = prev_end; i < at; i++) {
		if (r->s[i] == '(' || starts_with(r->s, i, at, "\xef\xbc\x88")) /* （ */
			open = i;
		else if (r->s[i] == ')' || starts_with(r->s, i, at, "\xef\xbc\x89")) /* ） */
			open = (size_t)-1;
	}
	if (open == prev_end)
		return 1;
	/* in a clause that opens with 即, after a clause that gave a date */
	at = clause_start(r->s, r->sentence_start, dt->start);
	open = at;
	while (at < dt->start && r->s[at] == ' ')
		at++;
	return starts_with(r->s, at, dt->start, "\xe5\x8d\xb3") && /* 即 */
	       date_ends_in(r, open > 30 ? open - 30 : 0, open);
}

/* Whether a date of the part ends in [from, to). */
static int date_ends_in(const struct run *r, size_t from, size_t to)
{
	size_t lo = 0, hi = r->pi->n_dates;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->d->dates[r->pi->date[mid]].start < (from > 60 ? from - 60 : 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < r->pi->n_dates; k++) {
		const struct doc_date *d = &r->d->dates[r->pi->date[k]];

		if (d->start >= to)
			break;
		if (d->start + d->len >= from && d->start + d->len <= to)
			return 1;
	}
	return 0;
}

/* The date expression of the part nearest the trigger within [from, to):
 * before it first (the date usually leads: 週五（4月26日）會晤), else after. */
static const struct doc_date *date_in(struct run *r, size_t from, size_t to, size_t at)
{
	const struct doc_date *before = NULL, *after = NULL;
	size_t lo = 0, hi = r->pi->n_dates;

	while (lo < hi) { /* the first date of the part starting at or after `from` */
		size_t mid = lo + (hi - lo) / 2;

		if (r->d->dates[r->pi->date[mid]].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < r->pi->n_dates; k++) {
		const struct doc_date *dt = &r->d->dates[r->pi->date[k]];

		if (dt->start > to)
			break;
		if (dt->start + dt->len > to)
			continue;
		if (in_report_clause(r, from, dt->start, at))
			continue; /* 《華爾街日報》週一報導，…: when it was told */
		if (starts_with(r->s, dt->start + dt->len, to, "\xe6\x89\x80"))
			continue; /* 5月初所提的邀請: when the thing refused was made */
		if (dates_other(r, dt, at) ||
		    (k > 0 && restates(r, dt, &r->d->dates[r->pi->date[k - 1]])))
			continue;
		if (dt->start < at)
			before = dt;
		else if (!after)
			after = dt;
	}
	return before ? before : after;
}

/* Whether the whole span lies after the publication day. */
static int is_future(const struct run *r, const struct doc_day_span *w)
{
	int y = w->year, m = w->month ? w->month : 1, d = w->day ? w->day : 1;

	if (!r->ref_y || !w->year)
		return 0;
	return datetime_days_from_civil(y, m, d) >
	       datetime_days_from_civil(r->ref_y, r->ref_m, r->ref_d);
}

/* Whether the event has at least two of the last event's actors (one if
 * it has only one): the same story going on. */
static int shares_last(const struct run *r, const struct draft *ev)
{
	size_t shared = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		for (size_t k = 0; k < r->n_last_actors; k++)
			shared += ev->actors[i] == r->last_actors[k];
	}
	return shared >= (ev->n_actors < 2 ? ev->n_actors : 2) && shared > 0;
}

/* 上一次訪華，是2016年…: a later clause that only says when. */
static const struct doc_date *date_after_copula(struct run *r, const struct draft *ev)
{
	size_t next = ev->clause.end;

	while (next < ev->segment.end && r->s[next] == ' ')
		next++;
	if (!starts_with(r->s, next, ev->segment.end, "\xe6\x98\xaf") && /* 是 */
	    !starts_with(r->s, next, ev->segment.end, "\xe7\x82\xba") && /* 為 */
	    !starts_with(r->s, next, ev->segment.end, "\xe4\xb8\xba"))   /* 为 */
		return NULL;
	return date_in(r, next, span_end(r->s, next, ev->segment.end, is_clause_end), next);
}

/* The people the event shares with the event before. */
static size_t shares_last_people(const struct run *r, const struct draft *ev)
{
	size_t shared = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!entity_is(r, ev->actors[i], "person"))
			continue;
		for (size_t k = 0; k < r->n_last_actors; k++)
			shared += ev->actors[i] == r->last_actors[k];
	}
	return shared;
}

/* Whether the whole span lies before the publication day. */
static int is_past(const struct run *r, const struct doc_day_span *w)
{
	int y = w->end_year ? w->end_year : w->year;
	int m = w->end_year ? w->end_month : w->month, d = w->end_year ? w->end_day : w->day;

	int64_t last;

	if (!r->ref_y || !y)
		return 0;
	/* the last day the span may mean: a month or a year runs to its end */
	if (d)
		last = datetime_days_from_civil(y, m, d);
	else if (m)
		last = datetime_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	else
		last = datetime_days_from_civil(y + 1, 1, 1) - 1;
	return last < datetime_days_from_civil(r->ref_y, r->ref_m, r->ref_d);
}

/* A date of another clause, all of it past, tells of something done
 * before a planned event, not of when it comes (我去年11月訪問北京後，
 * 李強總理將來澳訪問). */
static const struct doc_date *not_past_of_plan(const struct run *r, const struct draft *ev,
					       const struct doc_date *dt)
{
	return dt && ev->plan && is_past(r, &dt->when) ? NULL : dt;
}

static void find_date(struct run *r, const struct draft *ev, struct doc_event *out)
{
	/* the trigger's clause first, then what leads up to it: a date in a
	 * later clause tells of what comes next (會談，既延續了4月的通話) */
	const struct doc_date *dt;

	r->dating_type = event_type_of(ev->trigger->type);
	dt = date_in(r, ev->clause.start, ev->clause.end, ev->at);

	if (!dt)
		dt = not_past_of_plan(r, ev, date_in(r, ev->segment.start, ev->at, ev->at));
	if (!dt)
		dt = date_after_copula(r, ev);
	if (!dt)
		dt = not_past_of_plan(r, ev, date_in(r, ev->sentence.start, ev->at, ev->at));
	if (dt) {
		out->when = dt->when;
	} else if (r->last_when.year && shares_last(r, ev) && /* same paragraph */
		   (r->para_index == r->last_para_index ||
		    (ev->coref && (r->para_index == r->last_para_index + 1 ||
				   shares_last_people(r, ev) >= 2)))) {
		/* the story goes on: 雙方同意… after the talks it dated, or the
		 * refusal of the meeting the sentence before planned */
		out->when = r->last_when;
	} else if (r->ref_y) {
		out->when = (struct doc_day_span){ r->ref_y, r->ref_m, r->ref_d, 0, 0, 0, 0 };
		out->date_from_doc = 1;
	}
}

/* ---- the event ------------------------------------------------------------------ */

/* One actor is enough where the other side may go unsaid (a visit to a
 * place, a refusal, a suspension); else two. */
static int enough_actors(const struct run *r, const struct draft *ev, const char *type)
{
	int t = event_type_of(type);

	(void)r;
	if (t == EVENT_VISIT || t == EVENT_REFUSE_MEETING || t == EVENT_SUSPEND_DIALOGUE ||
	    t == EVENT_RESUME_DIALOGUE)
		return ev->n_actors >= 1;
	/* a request names whom it asks: 盼…重回對話軌道 alone is a wish */
	return ev->n_actors >= 2;
}

/* Decides type and status from the trigger and its cues; 0 when none. */
static int classify(const struct run *r, const struct draft *ev, struct doc_event *out,
		    char *rule, size_t rule_size)
{
	int type = event_type_of(ev->trigger->type);
	int status = EVENT_OCCURRED;
	int meeting = type == EVENT_MEET || type == EVENT_CALL || type == EVENT_TALKS;
	const char *why = "";

	if (type < 0)
		return 0; /* data/events.tsv names no such type: checked at load */
	if (ev->refuse && (meeting || type == EVENT_REQUEST_MEETING ||
			   type == EVENT_REFUSE_MEETING)) {
		type = EVENT_REFUSE_MEETING;
		status = EVENT_REFUSED;
		why = "+refuse";
	} else if (ev->request && meeting) {
		type = EVENT_REQUEST_MEETING;
		status = ev->plan || is_future(r, &out->when) ? EVENT_PLANNED : EVENT_PROPOSED;
		why = "+request";
	} else if (ev->request || ev->propose) {
		status = EVENT_PROPOSED;
		why = ev->request ? "+request" : "+propose";
	} else if (ev->cancel) {
		status = EVENT_CANCELLED;
		why = "+cancel";
	} else if (ev->plan || is_future(r, &out->when)) {
		status = EVENT_PLANNED;
		why = "+plan";
	} else if (ev->agreed) {
		status = EVENT_PROPOSED; /* agreed on, no time set */
		why = "+agreed";
	}
	out->type = (char *)event_type_names[type];
	out->status = (char *)event_status_names[status];
	snprintf(rule, rule_size, "%s%s%s", ev->trigger->rule, why, ev->coref ? "+coref" : "");
	return 1;
}

/*
 * How far an event can be trusted: 0.9, less for each doubt, so that one
 * strong doubt makes it a lead (below EVENT_CONFIDENT).  The doubts and
 * their weights follow what the dev half of the blind evaluation set
 * measured (bench/RESULTS.md, round 3): a date that is only the report's
 * (right 33 of 63), actors found through a pronoun or 雙方 (14 of 25), a
 * request or a refusal read from the words around a meeting word (1 of
 * 11) are leads; a lone actor is a doubt; a cancellation a small one.
 */
static double confidence_of(const struct draft *ev, const struct doc_event *out)
{
	double c = 0.9;

	if (out->date_from_doc || !out->when.year)
		c -= 0.2;
	if (ev->coref)
		c -= 0.2;
	if (ev->n_actors < 2)
		c -= 0.15;
	if (ev->request || ev->refuse)
		c -= 0.2; /* modality read from words around the trigger */
	else if (ev->cancel)
		c -= 0.05;
	return c;
}

static int has_person(const struct doc *d, const struct doc_event *ev)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (!strcmp(d->entities[ev->actors[i]].type, "person"))
			return 1;
	}
	return 0;
}

/* Room in `o`'s actors, roles and countries for `more` (roles and
 * countries made when it had none: every actor a party, of no country). */
static int grow_actors(struct doc_event *o, size_t more)
{
	size_t n = o->n_actors + more;
	size_t *actors = realloc(o->actors, (n ? n : 1) * sizeof *actors), *countries;
	unsigned char *roles;

	if (!actors)
		return DOSSIER_ENOMEM;
	o->actors = actors;
	roles = realloc(o->roles, n ? n : 1);
	if (!roles)
		return DOSSIER_ENOMEM;
	if (!o->roles)
		memset(roles, EVENT_ROLE_PARTY, o->n_actors);
	o->roles = roles;
	countries = realloc(o->countries, (n ? n : 1) * sizeof *countries);
	if (!countries)
		return DOSSIER_ENOMEM;
	if (!o->countries)
		for (size_t i = 0; i < o->n_actors; i++)
			countries[i] = DOC_NO_ENTITY;
	o->countries = countries;
	return DOSSIER_OK;
}

/* Whether a has a person b lacks and b one a lacks: 夏立言27日在廣州與
 * 王偉中會面，28日在南昌與尹弘會面 tells of two meetings. */
static int other_people(const struct doc *d, const struct doc_event *a, const struct doc_event *b)
{
	int a_more = 0, b_more = 0;

	for (int side = 0; side < 2; side++) {
		const struct doc_event *x = side ? b : a, *y = side ? a : b;

		for (size_t i = 0; i < x->n_actors; i++) {
			size_t k = 0;

			if (strcmp(d->entities[x->actors[i]].type, "person"))
				continue;
			while (k < y->n_actors && y->actors[k] != x->actors[i])
				k++;
			if (k == y->n_actors)
				*(side ? &b_more : &a_more) = 1;
		}
	}
	return a_more && b_more;
}

/* Whether a and b are visits to different places: 訪問新加坡、馬來西亞. */
static int other_hosts(const struct doc *d, const struct doc_event *a, const struct doc_event *b)
{
	int a_more = 0, b_more = 0;

	if (!a->roles || !b->roles)
		return 0;
	for (int side = 0; side < 2; side++) {
		const struct doc_event *x = side ? b : a, *y = side ? a : b;

		for (size_t i = 0; i < x->n_actors; i++) {
			size_t k = 0;

			if (x->roles[i] != EVENT_ROLE_HOST ||
			    strcmp(d->entities[x->actors[i]].type, "place"))
				continue;
			while (k < y->n_actors && y->actors[k] != x->actors[i])
				k++;
			if (k == y->n_actors)
				*(side ? &b_more : &a_more) = 1;
		}
	}
	return a_more && b_more;
}

/* Whether both are dated by their text, to different days. */
static int other_dates(const struct doc_event *a, const struct doc_event *b)
{
	if (a->date_from_doc || b->date_from_doc || !a->when.year || !b->when.year)
		return 0;
	return memcmp(&a->when, &b->when, sizeof a->when) != 0;
}

/* One event of a type per segment: a second trigger of the same type
 * (布林肯此行訪華，偕同出訪的官員) tells of the same event, and what it
 * adds (訪華: China) joins the first.  Returns 1 when merged. */
static int merge_into_earlier(struct doc *d, size_t first, const struct doc_event *ev,
			      struct doc_event **merged, int *rc)
{
	for (size_t i = first; i < d->n_events; i++) {
		struct doc_event *o = &d->events[i];

		if (o->part != ev->part || o->start != ev->start || strcmp(o->type, ev->type) ||
		    other_people(d, o, ev) || other_hosts(d, o, ev) || other_dates(o, ev))
			continue;
		if (grow_actors(o, ev->n_actors)) {
			*rc = DOSSIER_ENOMEM;
			return 1;
		}
		for (size_t k = 0; k < ev->n_actors; k++) {
			size_t j = 0;

			/* 訪華 adds China, 賴斯到訪 the visitor the first lacked;
			 * 偕同出訪的官員 are no new parties */
			if (strcmp(d->entities[ev->actors[k]].type, "place") &&
			    (strcmp(d->entities[ev->actors[k]].type, "person") ||
			     has_person(d, o)))
				continue;
			while (j < o->n_actors && o->actors[j] != ev->actors[k])
				j++;
			if (j == o->n_actors) {
				o->roles[o->n_actors] = ev->roles ? ev->roles[k] : EVENT_ROLE_PARTY;
				o->countries[o->n_actors] = ev->countries ? ev->countries[k]
									  : DOC_NO_ENTITY;
				o->actors[o->n_actors++] = ev->actors[k];
			}
		}
		if (o->place == DOC_NO_ENTITY)
			o->place = ev->place;
		*merged = o;
		return 1;
	}
	return 0;
}

/* Whether `entity` is named in [from, to) of the part. */
static int named_in(const struct run *r, size_t entity, size_t from, size_t to)
{
	for (size_t k = mentions_from(r, from); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start > to)
			break;
		if (m->entity == entity && m->start + m->len <= to)
			return 1;
	}
	return 0;
}

/*
 * Where a visit goes is its place, when the text gives no city: the
 * country its word names (訪華), or the one named after the word (訪問
 * 臺灣) — not the visitor's own (美國眾議院議長裴洛西).
 */
static void place_destination(struct run *r, struct draft *ev)
{
	size_t dest = DOC_NO_ENTITY;

	if (ev->place != DOC_NO_ENTITY && entity_is(r, ev->place, "place") &&
	    !is_country(r, ev->place) && !is_capital(r, ev->place))
		return; /* a venue (人民大會堂) says less than the country */
	if (ev->place != DOC_NO_ENTITY && is_capital(r, ev->place))
		return; /* 抵達北京 */
	for (size_t i = 0; i < r->r->n_visit_to && dest == DOC_NO_ENTITY; i++) {
		size_t ent;

		if (!strcmp(r->r->visit_to[i].word, ev->trigger->word) &&
		    !entity_of_known_form(r, r->r->visit_to[i].forms[0], &ent))
			dest = ent;
	}
	for (size_t i = 0; i < ev->n_actors && dest == DOC_NO_ENTITY; i++) {
		if (is_country(r, ev->actors[i]) &&
		    named_in(r, ev->actors[i], ev->at + ev->trigger_len, ev->clause.end))
			dest = ev->actors[i];
	}
	if (dest != DOC_NO_ENTITY)
		ev->place = dest;
}

/*
 * What is only claimed or demanded: a plan, proposal or refusal that a
 * report attributes (報道稱…將會面: the article does not confirm it), and
 * a suspension that one side demands of the other (敦促美方…停止美臺官方
 * 往來) — told, not done.
 */
static int is_claimed_or_demanded(struct run *r, const struct draft *ev,
				  const struct doc_event *out)
{
	const struct event_rules *R = r->r;

	if (strcmp(out->status, event_status_names[EVENT_OCCURRED]) &&
	    cue_has(r, &R->cues[CUE_CLAIM], ev->segment.start, ev->at))
		return 1;
	return event_type_of(out->type) == EVENT_SUSPEND_DIALOGUE &&
	       cue_has(r, &R->cues[CUE_DEMAND], ev->segment.start, ev->at);
}

static int has_country(struct run *r, const struct draft *ev)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		if (is_country(r, ev->actors[i]))
			return 1;
	}
	return 0;
}

/* 遭中方拒絕: the one who refused goes first, as an active sentence
 * (中國拒絕了…) names it first. */
static int refuser_first(struct run *r, struct draft *ev)
{
	struct draft by = { .place = DOC_NO_ENTITY };
	int rc = add_named(r, &by, ev->refuser.start, ev->refuser.end);
	size_t i = 0;

	if (rc || !by.n_actors)
		return rc;
	add_actor(ev, by.actors[0]);
	while (ev->actors[i] != by.actors[0])
		i++;
	memmove(ev->actors + 1, ev->actors, i * sizeof *ev->actors);
	ev->actors[0] = by.actors[0];
	return DOSSIER_OK;
}

static size_t met_objects(struct run *r, const struct draft *ev, unsigned char *object);
static int emit_each_object(struct run *r, const struct draft *ev, const struct doc_event *out,
			    const unsigned char *object, size_t segment_first_event);
static size_t toured_hosts(struct run *r, const struct draft *ev, const unsigned char *roles,
			   unsigned char *toured);
static int emit_each_host(struct run *r, const struct draft *ev, const struct doc_event *out,
			  const unsigned char *toured, size_t segment_first_event);
static int add_or_merge(struct run *r, const struct draft *ev, struct doc_event *o,
			size_t segment_first_event);

/*
 * 抵達北京, 訪問莫斯科, 抵達上海: the capital or city the visit word goes
 * to is visited too, beside its country (a report may name either).  Only
 * once the visit is judged one abroad: a capital is never a visitor's home.
 */
static void add_capital_host(struct run *r, struct draft *ev, size_t *actors,
			     unsigned char *roles, size_t *countries)
{
	size_t n = ev->n_actors, country = DOC_NO_ENTITY;

	if (ev->place == DOC_NO_ENTITY || (!is_capital(r, ev->place) && !city_line(r, ev->place)) ||
	    n >= sizeof ev->actors / sizeof ev->actors[0] ||
	    !named_in(r, ev->place, ev->at + ev->trigger_len, ev->clause.end))
		return;
	for (size_t i = 0; i < n; i++) {
		if (ev->actors[i] == ev->place)
			return;
		if (roles[i] == EVENT_ROLE_HOST && is_country(r, ev->actors[i]))
			country = ev->actors[i];
	}
	if (country == DOC_NO_ENTITY)
		return;
	ev->actors[n] = actors[n] = ev->place;
	roles[n] = EVENT_ROLE_HOST;
	countries[n] = country;
	ev->n_actors = n + 1;
}

static int emit(struct run *r, struct draft *ev, size_t segment_first_event)
{
	struct doc_event out = { 0 };
	size_t actors[16], countries[16];
	unsigned char roles[16];
	char rule[96];

	int rc = DOSSIER_OK;

	out.place = ev->place;
	out.part = r->part;
	out.start = ev->segment.start;
	out.len = ev->segment.end - ev->segment.start;
	out.trigger = ev->at;
	out.trigger_len = ev->trigger_len;
	if (is_visit(ev) && ev->place != DOC_NO_ENTITY) {
		rc = add_capital_country(r, ev, ev->place);
		if (!rc && named_in(r, ev->place, ev->at + ev->trigger_len, ev->clause.end))
			rc = add_city_country(r, ev, ev->place);
		if (rc)
			return rc;
		/* 抵達福州: a city is where the visit goes when no country is */
		if (!has_country(r, ev) && entity_is(r, ev->place, "place") &&
		    !is_region(r, ev->place) &&
		    named_in(r, ev->place, ev->at + ev->trigger_len, ev->clause.end))
			add_actor(ev, ev->place);
	}
	if (is_visit(ev)) {
		place_destination(r, ev);
		out.place = ev->place;
	}
	find_date(r, ev, &out);
	if (ev->refuse && ev->request && !ev->asked) {
		/* a request refused (請求…，遭中方拒絕; 拒絕了美方的會晤請求):
		 * the request was made before it was refused, both happened */
		static const struct trigger asking = { "", "request_meeting", "request-refused", 0 };
		struct draft request = *ev;

		request.trigger = ev->refused_later ? ev->trigger : &asking;
		request.refuse = request.refused_later = 0;
		request.asked = 1;
		if (!ev->refused_later && request.n_actors > 1) {
			/* 中國拒絕了美方的請求: who refused is named first, who asked next */
			size_t refuser = request.actors[0];

			memmove(request.actors, request.actors + 1,
				(request.n_actors - 1) * sizeof *request.actors);
			request.actors[request.n_actors - 1] = refuser;
		}
		rc = emit(r, &request, segment_first_event);
		if (rc)
			return rc;
	}
	if (ev->refused_later && (rc = refuser_first(r, ev)))
		return rc;
	classify(r, ev, &out, rule, sizeof rule);
	if (!enough_actors(r, ev, out.type) || is_claimed_or_demanded(r, ev, &out))
		return DOSSIER_OK;
	/* an agreement still to be reached (將…達成新的共識) is a goal, not an
	 * event: what is agreed to happen is the event (docs/ANNOTATION.md) */
	if (event_type_of(out.type) == EVENT_AGREE && strcmp(out.status, event_status_names[EVENT_OCCURRED]))
		return DOSSIER_OK;
	/* in the order the text names them: the one who asks or refuses first */
	memcpy(actors, ev->actors, ev->n_actors * sizeof *actors);
	assign_roles(r, ev, event_type_of(out.type), roles, countries);
	if (event_type_of(out.type) == EVENT_VISIT)
		drop_home_hosts(ev, actors, roles, countries);
	if (event_type_of(out.type) == EVENT_VISIT &&
	    (visit_at_home(r, ev, roles, countries) || !has_role(ev, roles, EVENT_ROLE_HOST) ||
	     !has_role(ev, roles, EVENT_ROLE_VISITOR)))
		return DOSSIER_OK;
	if (event_type_of(out.type) == EVENT_VISIT)
		add_capital_host(r, ev, actors, roles, countries);
	out.actors = actors;
	out.roles = roles;
	out.countries = countries;
	out.n_actors = ev->n_actors;
	out.rule = rule;
	out.confidence = confidence_of(ev, &out);
	if (event_type_of(out.type) == EVENT_VISIT) {
		unsigned char toured[16] = { 0 };

		if (toured_hosts(r, ev, roles, toured) >= 2)
			return emit_each_host(r, ev, &out, toured, segment_first_event);
	}
	if (event_type_of(out.type) == EVENT_MEET) {
		unsigned char object[16] = { 0 };

		if (met_objects(r, ev, object) >= 2)
			return emit_each_object(r, ev, &out, object, segment_first_event);
	}
	return add_or_merge(r, ev, &out, segment_first_event);
}

/* Whether s[from, to) joins two people the verb before them takes: a list
 * mark, then at most a title (、日本首相; 和國務院總理), no verb. */
static int lists_titled(struct run *r, size_t from, size_t to)
{
	static const int verbs[] = { CUE_REPORT, CUE_REQUEST, CUE_HELD, CUE_PLAN, CUE_PARTNER };
	static const char *const marks[] = { "\xe3\x80\x81", "\xe5\x92\x8c", "\xe5\x8f\x8a",
					     "\xe4\xbb\xa5\xe5\x8f\x8a" };
	size_t at = from;

	while (at < to && r->s[at] == ' ')
		at++;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		if (starts_with(r->s, at, to, marks[i])) {
			at += strlen(marks[i]);
			break;
		}
	}
	if (at == from || to - at > 12 * 3 || span_end(r->s, at, to, is_clause_end) != to)
		return 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		if (cue_has(r, &r->r->cues[verbs[v]], at, to))
			return 0;
	}
	return 1;
}

/*
 * The people a meeting word takes as its objects, listed after it in its
 * clause (會晤國家主席習近平和國務院總理李克強; 分別會見韓國總統文在寅、日本
 * 首相安倍晉三和菲律賓總統杜特爾特), marked in `object`: how many.  The first
 * comes after at most a title; the others are joined by a list mark.
 */
static size_t met_objects(struct run *r, const struct draft *ev, unsigned char *object)
{
	size_t n = 0, prev_end = ev->at + ev->trigger_len;

	for (size_t k = mentions_from(r, prev_end); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);
		size_t i = 0;

		if (m->start + m->len > ev->clause.end)
			break;
		if (!entity_is(r, m->entity, "person")) {
			if (titles_next_person(r, k))
				continue; /* 韓國總統文在寅: part of the title */
			break;
		}
		if (n ? !lists_titled(r, prev_end, m->start)
		      : (m->start - prev_end > 12 * 3 ||
			 span_end(r->s, prev_end, m->start, is_clause_end) != m->start ||
			 cue_has(r, &r->r->cues[CUE_PARTNER], prev_end, m->start)))
			break;
		while (i < ev->n_actors && ev->actors[i] != m->entity)
			i++;
		if (i == ev->n_actors || object[i])
			break;
		object[i] = 1;
		n++;
		prev_end = m->start + m->len;
	}
	return n;
}

/*
 * One of the events a clause tells as several: `out` with, of the actors
 * `marked`, only the h-th (the others of its kind are the other events),
 * the unmarked ones all kept; with `as_place`, the kept one is its place.
 */
static int emit_one_of(struct run *r, const struct draft *ev, const struct doc_event *out,
		       const unsigned char *marked, size_t h, int as_place,
		       size_t segment_first_event)
{
	struct doc_event one = *out;
	size_t actors[16], countries[16];
	unsigned char roles[16];
	struct draft part = *ev;

	one.n_actors = 0;
	for (size_t i = 0; i < out->n_actors; i++) {
		if (i != h && marked[i])
			continue;
		actors[one.n_actors] = out->actors[i];
		roles[one.n_actors] = out->roles[i];
		countries[one.n_actors++] = out->countries[i];
	}
	one.actors = actors;
	one.roles = roles;
	one.countries = countries;
	if (as_place)
		one.place = out->actors[h];
	memcpy(part.actors, actors, one.n_actors * sizeof *actors);
	part.n_actors = one.n_actors;
	return add_or_merge(r, &part, &one, segment_first_event);
}

/*
 * 會晤習近平和李克強: one meeting per person met, each with whoever meets
 * them; none when the clause leaves out who that is.
 */
static int emit_each_object(struct run *r, const struct draft *ev, const struct doc_event *out,
			    const unsigned char *object, size_t segment_first_event)
{
	int rc = DOSSIER_OK;
	size_t subjects = 0;

	for (size_t i = 0; i < out->n_actors; i++)
		subjects += !object[i];
	for (size_t h = 0; subjects && h < out->n_actors && !rc; h++) {
		if (object[h])
			rc = emit_one_of(r, ev, out, object, h, 0, segment_first_event);
	}
	return rc;
}


/*
 * The hosts of a visit that its clause lists together (訪問新加坡、馬來
 * 西亞、台灣、韓國和日本; 對柬埔寨和印尼進行訪問), marked in `toured`:
 * how many.  Hosts named apart are not a tour (訪華…美國總統: a country
 * that only qualifies someone).
 */
static size_t toured_hosts(struct run *r, const struct draft *ev, const unsigned char *roles,
			   unsigned char *toured)
{
	size_t best = 0, run = 0, prev_end = 0;
	size_t ks[16];

	for (size_t k = mentions_from(r, ev->clause.start); k < r->pi->n_mentions; k++) {
		const struct doc_mention *m = mention_at(r, k);
		size_t i = 0;

		if (m->start + m->len > ev->clause.end)
			break;
		while (i < ev->n_actors && !(ev->actors[i] == m->entity && roles[i] == EVENT_ROLE_HOST &&
					     is_country(r, m->entity)))
			i++;
		if (i == ev->n_actors) {
			if (m->start >= prev_end)
				run = 0; /* another name breaks the list */
			continue;
		}
		if (run && run < 16 && only_lists(r, prev_end, m->start)) {
			ks[run++] = i;
		} else {
			run = 1;
			ks[0] = i;
		}
		prev_end = m->start + m->len;
		if (run > best) {
			best = run;
			memset(toured, 0, ev->n_actors);
			for (size_t j = 0; j < run; j++)
				toured[ks[j]] = 1;
		}
	}
	return best;
}

/*
 * 訪問新加坡、馬來西亞、台灣、韓國和日本: one visit per country, each with
 * all the visitors, dated alike (a tour told in one clause); the hosts
 * not in the list are left out.
 */
static int emit_each_host(struct run *r, const struct draft *ev, const struct doc_event *out,
			  const unsigned char *toured, size_t segment_first_event)
{
	unsigned char hosts[16] = { 0 };
	int rc = DOSSIER_OK;

	for (size_t i = 0; i < out->n_actors && i < sizeof hosts; i++)
		hosts[i] = out->roles[i] == EVENT_ROLE_HOST;
	for (size_t h = 0; h < out->n_actors && !rc; h++) {
		if (toured[h])
			rc = emit_one_of(r, ev, out, hosts, h, 1, segment_first_event);
	}
	return rc;
}

/* Adds the event, or joins it to the same event told earlier in the segment. */
static int add_or_merge(struct run *r, const struct draft *ev, struct doc_event *o,
			size_t segment_first_event)
{
	struct doc_event out = *o, *merged = NULL;
	int rc = DOSSIER_OK;

	if (merge_into_earlier(r->d, segment_first_event, &out, &merged, &rc)) {
		if (!rc && names_main_pair(r, merged))
			r->main_pair_met = 1;
		return rc; /* the event before stays the one 雙方 and dates go on from */
	}
	if (names_main_pair(r, &out))
		r->main_pair_met = 1;
	/* remembered for 雙方 and for the dates of what follows */
	r->n_last_actors = ev->n_actors < 8 ? ev->n_actors : 8;
	memcpy(r->last_actors, ev->actors, r->n_last_actors * sizeof *ev->actors);
	r->last_paragraph = r->paragraph;
	if (!out.date_from_doc && out.when.year) {
		r->last_when = out.when;
		r->last_para_index = r->para_index; /* where the story's date was given */
	}
	return doc_add_event(r->d, &out);
}

/* The visit word's destination (訪華: China). */
static int add_destination(struct run *r, struct draft *ev)
{
	for (size_t i = 0; i < r->r->n_visit_to; i++) {
		if (!strcmp(r->r->visit_to[i].word, ev->trigger->word))
			return add_stand_in(r, ev, &r->r->visit_to[i]);
	}
	return DOSSIER_OK;
}

/* 中斷的軍事溝通, 中斷一年多的兩軍溝通: the word describes the dialogue's
 * state; 恢復中斷一年多的… still resumes (a trigger comes before 的). */
static int is_modifier(const struct run *r, size_t after, size_t end)
{
	/* between the word and 的 only a span of time: 中斷的, 中斷一年多的,
	 * 中斷了16個月的 — not 恢復軍方之間的對話, where 的 is the object's */
	static const char duration[] = "0123456789０１２３４５６７８９一二三四五六七八九十兩两"
				       "百千年月日天週周個个多半來来已久了近餘余逾 ";
	size_t at = after;

	while (at < end) {
		size_t next = at;
		int32_t cp = utf8_next(r->s, end, &next);
		char ch[5] = { 0 };

		if (starts_with(r->s, at, end, "\xe7\x9a\x84")) /* 的 */
			return 1;
		if (cp <= 0 || utf8_encode((uint32_t)cp, ch) == 0 || !strstr(duration, ch))
			return 0;
		at = next;
	}
	return 0;
}

/* 恢復軍事溝通共識, 恢復對話的協議: the resumption names what was agreed
 * (a consensus on it), no act of its own. */
static int names_consensus(struct run *r, size_t after, size_t end)
{
	const struct words *objects = &r->r->objects;
	size_t object = cue_first(r, objects, after, end), at;

	if (object == (size_t)-1)
		return 0;
	at = object + word_at(objects, r->s, object, end);
	if (starts_with(r->s, at, end, "\xe7\x9a\x84")) /* 的 */
		at += 3;
	return word_at(&r->r->cues[CUE_REACHED], r->s, at, end) != 0;
}

/* 恢復軍事會談: the talks word is what is resumed, not talks held. */
static int is_object_of_other(const struct run *r, const struct trigger *t, struct span clause)
{
	int is_object = 0;

	for (size_t i = 0; i < r->r->objects.n && !is_object; i++)
		is_object = !strcmp(r->r->objects.items[i], t->word);
	for (size_t at = clause.start; is_object && at < clause.end; at++) {
		if (trie_longest(&r->r->object_triggers, r->s, at, clause.end, NULL))
			return 1;
	}
	return 0;
}

static size_t headline_part_start(const struct run *r, size_t start, size_t at);

/* 與美方會談, 舉行會談, 兩人會談: talks words with someone to talk to (in
 * a headline, in its own part: 王毅與伊朗外長通電話 盼…重回對話談判軌道
 * has none). */
static int has_partner(struct run *r, const struct draft *ev)
{
	size_t from = headline_part_start(r, ev->clause.start, ev->at);

	return cue_has(r, &r->r->cues[CUE_PARTNER], from, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_PAIR], from, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_SIDES], from, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_PARTIES], from, ev->at);
}

/* Where the part of a headline that runs up to `at` starts (a space
 * between Chinese characters parts it); in the body, `start`. */
static size_t headline_part_start(const struct run *r, size_t start, size_t at)
{
	for (size_t i = at; r->part == DOC_PART_TITLE && i > start + 1; i--) {
		if (r->s[i - 1] == ' ' && (unsigned char)r->s[i - 2] >= 0x80 &&
		    (unsigned char)r->s[i] >= 0x80)
			return i;
	}
	return start;
}

/* An event opened by the trigger at `at`, if the words around it allow. */
static int try_trigger(struct run *r, const struct trigger *t, size_t at, struct span segment,
		       struct span sentence, size_t first_event)
{
	struct draft ev = { .trigger = t, .at = at, .trigger_len = strlen(t->word),
			    .segment = segment, .sentence = sentence, .place = DOC_NO_ENTITY };
	int rc;

	ev.clause.start = clause_start(r->s, segment.start, at);
	ev.clause.end = span_end(r->s, at, segment.end, is_clause_end);
	if (t->needs_object == NEEDS_OBJECT &&
	    !cue_has(r, &r->r->objects, ev.clause.start, ev.clause.end))
		return DOSSIER_OK;
	if (t->needs_object == NEEDS_OBJECT && (is_modifier(r, at + ev.trigger_len, ev.clause.end) ||
						names_consensus(r, at + ev.trigger_len, ev.clause.end)))
		return DOSSIER_OK;
	/* 達成了10項重要共識: what is reached, a few words on; 達成的共識 is
	 * one reached before, named */
	if (t->needs_object == NEEDS_REACHED &&
	    (starts_with(r->s, at + ev.trigger_len, ev.clause.end, "\xe7\x9a\x84") || /* 的 */
	     !cue_has(r, &r->r->cues[CUE_REACHED], at + ev.trigger_len,
		     at + ev.trigger_len + 10 * 3 < ev.clause.end ? at + ev.trigger_len + 10 * 3
								   : ev.clause.end)))
		return DOSSIER_OK;
	if (!t->needs_object && is_object_of_other(r, t, ev.clause))
		return DOSSIER_OK;
	if (event_type_of(t->type) == EVENT_TALKS && !has_partner(r, &ev))
		return DOSSIER_OK;
	if (is_unreal(r, &ev))
		return DOSSIER_OK;
	/* 隨同川普訪問中國的商務部長: the visit of another, told again */
	if (event_type_of(t->type) == EVENT_VISIT &&
	    cue_has(r, &r->r->cues[CUE_ACCOMPANY], ev.clause.start, at))
		return DOSSIER_OK;
	read_modality(r, &ev);
	rc = add_destination(r, &ev);
	if (!rc)
		rc = find_actors(r, &ev);
	return rc ? rc : emit(r, &ev, first_event);
}

/* 拒絕了美方的邀請: a refusal with no meeting word, the invitation refused. */
static int try_refused_object(struct run *r, size_t at, struct span segment, struct span sentence,
			      size_t first_event)
{
	static const struct trigger refusal = { "", "refuse_meeting", "refuse-invitation", 0 };
	const struct words *refuse = &r->r->cues[CUE_REFUSE];
	size_t len = word_at(&r->r->cues[CUE_REFUSED_OBJECT], r->s, at, segment.end);
	struct draft ev = { .trigger = &refusal, .at = at, .trigger_len = len,
			    .segment = segment, .sentence = sentence, .place = DOC_NO_ENTITY,
			    .refuse = 1, .request = 1 };
	int rc;

	if (!len)
		return DOSSIER_OK;
	ev.clause.start = clause_start(r->s, segment.start, at);
	ev.clause.end = span_end(r->s, at, segment.end, is_clause_end);
	if (!cue_has(r, refuse, ev.clause.start, at) || is_unreal(r, &ev))
		return DOSSIER_OK;
	rc = find_actors(r, &ev);
	return rc ? rc : emit(r, &ev, first_event);
}

/* Where the segment first names m's entity. */
static size_t first_mention_in(const struct run *r, const struct doc_mention *m,
			       struct span segment)
{
	for (size_t k = mentions_from(r, segment.start);
	     k < r->pi->n_mentions && mention_at(r, k)->start < m->start; k++) {
		if (mention_at(r, k)->entity == m->entity)
			return mention_at(r, k)->start;
	}
	return m->start;
}

/* Whether a side word that stands for two (中美, 拜習) is in [from, to). */
static int names_pair(const struct run *r, size_t from, size_t to)
{
	for (size_t at = from; at < to; at++) {
		uint32_t i;

		if (may_open(r->r, r->s, at, to) &&
		    trie_longest(&r->r->side_words, r->s, at, to, &i) && r->r->sides[i].forms[1])
			return 1;
	}
	return 0;
}

/* 國防政策協調對話…在五角大廈舉行: a named dialogue held is talks. */
static int try_forum_held(struct run *r, const struct doc_mention *m, struct span segment,
			  struct span sentence, size_t first_event)
{
	static const struct trigger held = { "", "talks", "forum-held", 0 };
	size_t clause_end = span_end(r->s, m->start + m->len, segment.end, is_clause_end);
	size_t at = cue_last(r, &r->r->cues[CUE_HELD], m->start + m->len, clause_end);
	struct draft ev = { .trigger = &held, .segment = segment, .sentence = sentence,
			    .place = DOC_NO_ENTITY };
	int rc;

	/* 香格里拉對話開幕: a forum of many held is no talks of those named;
	 * 美中國防政策協調對話, 「中日安全對話」, 「川習會」 name their pair */
	if (at == (size_t)-1 || !names_pair(r, back_chars(r, segment.start, m->start, 6),
					   m->start + m->len))
		return DOSSIER_OK;
	ev.at = at;
	ev.trigger_len = word_at(&r->r->cues[CUE_HELD], r->s, at, clause_end);
	/* from the forum's first name in the segment: 美中國防政策協調對話
	 * (DPCT，中方稱為「國防部工作會晤」)終於在五角大廈舉行 */
	ev.clause.start = clause_start(r->s, segment.start, first_mention_in(r, m, segment));
	ev.clause.end = clause_end;
	if (is_unreal(r, &ev))
		return DOSSIER_OK;
	read_modality(r, &ev);
	rc = find_actors(r, &ev);
	if (!rc && ev.place == DOC_NO_ENTITY)
		ev.place = m->entity;
	return rc ? rc : emit(r, &ev, first_event);
}

/* Whether the sentence has had its EVENT_TRIGGERS_MAX triggers; else one more counted. */
static int crowded(struct run *r)
{
	if (r->sentence_triggers < EVENT_TRIGGERS_MAX) {
		r->sentence_triggers++;
		return 0;
	}
	r->crowded = 1;
	return 1;
}

static int scan_segment(struct run *r, struct span segment, struct span sentence)
{
	size_t first_event = r->d->n_events;
	int rc = DOSSIER_OK;

	for (size_t at = segment.start; at < segment.end && !rc; at++) {
		uint32_t ti;

		if ((r->s[at] & 0xC0) == 0x80 || !may_open(r->r, r->s, at, segment.end))
			continue;
		if (word_at(&r->r->cues[CUE_REFUSED_OBJECT], r->s, at, segment.end)) {
			if (crowded(r))
				break;
			rc = try_refused_object(r, at, segment, sentence, first_event);
		}
		/* the longest trigger there; none when a name holds it */
		if (!rc && trie_longest(&r->r->trigger_words, r->s, at, segment.end, &ti) &&
		    !inside_mention(r, at)) {
			const struct trigger *t = &r->r->triggers[ti];

			if (crowded(r))
				break;
			rc = try_trigger(r, t, at, segment, sentence, first_event);
			at += strlen(t->word) - 1;
		}
	}
	for (size_t k = mentions_from(r, segment.start); k < r->pi->n_mentions && !rc; k++) {
		const struct doc_mention *m = mention_at(r, k);

		if (m->start > segment.end)
			break;
		if (m->start + m->len <= segment.end && entity_is(r, m->entity, "forum")) {
			if (crowded(r))
				break;
			rc = try_forum_held(r, m, segment, sentence, first_event);
		}
	}
	return rc;
}

static int scan_part(struct run *r, enum doc_part part, const char *text)
{
	int rc = DOSSIER_OK;

	r->part = part;
	r->pi = &r->parts[part];
	r->s = text;
	r->len = strlen(text);
	r->paragraph = 0;
	r->n_last_actors = 0;
	r->last_when.year = 0;
	r->para_index = 0;
	r->last_para_index = 0;
	learn_countries(r);
	for (size_t at = 0; at < r->len && !rc;) {
		/* looked for no further than the cut: the rest of a long run of
		 * text is not read again at each piece */
		size_t reach = r->len - at > EVENT_SENTENCE_MAX + 8
				       ? utf8_boundary_before(text, r->len, at + EVENT_SENTENCE_MAX + 8)
				       : r->len;
		struct span sentence = { at, span_end(text, at, reach, is_sentence_end) };

		if (sentence.end - at > EVENT_SENTENCE_MAX) {
			sentence.end = utf8_boundary_before(text, r->len, at + EVENT_SENTENCE_MAX);
			r->long_sentences++;
		}
		r->sentence_start = sentence.start;
		r->sentence_end = sentence.end;
		memset(r->cues_ready, 0, sizeof r->cues_ready);
		r->sentence_triggers = 0;
		r->crowded = 0;

		size_t brk = at + 1 < r->len && text[at] == '\n' && text[at + 1] == '\n' ? at
			     : at >= 2 && text[at - 1] == '\n' && text[at - 2] == '\n' ? at - 2
											 : (size_t)-1;

		/* a paragraph break, seen once whether or not the paragraph
		 * before ended in punctuation (a heading does not) */
		if (brk != (size_t)-1 && (!r->para_index || brk != r->last_break)) {
			r->paragraph = at; /* 他 looks back no further */
			r->para_index++;
			r->last_break = brk;
		}
		for (size_t s = sentence.start; s < sentence.end && !rc;) {
			struct span segment = { s, span_end(text, s, sentence.end, is_segment_end) };

			rc = scan_segment(r, segment, sentence);
			s = segment.end;
		}
		r->crowded_sentences += r->crowded;
		at = sentence.end;
	}
	return rc;
}

/* Each event once per document: repeats go (all judged before any goes). */
static int drop_undated_repeats(struct doc *d)
{
	unsigned char *repeat = calloc(d->n_events ? d->n_events : 1, 1);
	size_t kept = 0;
	int rc;

	if (!repeat)
		return DOSSIER_ENOMEM;
	rc = repeats_find(d, repeat);
	for (size_t i = 0; i < d->n_events && !rc; i++) {
		struct doc_event *e = &d->events[i];

		if (repeat[i]) {
			free(e->type);
			free(e->status);
			free(e->actors);
			free(e->roles);
			free(e->countries);
			free(e->rule);
		} else {
			d->events[kept++] = *e;
		}
	}
	if (!rc)
		d->n_events = kept;
	free(repeat);
	return rc;
}

int extract_events(const struct extract_ctx *x, struct doc *d)
{
	return events_extract(x, d, NULL);
}

int events_extract(const struct extract_ctx *x, struct doc *d, struct extract_notes *notes)
{
	struct run r = { .x = x, .r = extract_ctx_events(x), .d = d };
	char *body = NULL, *captions = NULL;
	int rc = DOSSIER_OK;

	doc_clear_events(d);
	if (!r.r || !r.r->n_triggers)
		return DOSSIER_OK;
	extract_reference_day(d, &r.ref_y, &r.ref_m, &r.ref_d);
	body = doc_text(d);
	captions = doc_captions(d);
	if (!body || !captions)
		rc = DOSSIER_ENOMEM;
	if (!rc)
		rc = entity_index_init(&r.entities, d);
	if (!rc)
		rc = index_parts(&r);
	if (!rc) {
		r.n_mentions_of = d->n_entities;
		r.mentions_of = calloc(r.n_mentions_of + 1, sizeof *r.mentions_of);
		if (!r.mentions_of)
			rc = DOSSIER_ENOMEM;
		for (size_t i = 0; !rc && i < d->n_mentions; i++) {
			if (d->mentions[i].entity < r.n_mentions_of)
				r.mentions_of[d->mentions[i].entity]++;
		}
	}
	if (!rc) {
		const char *parts[3] = { d->title, body, captions };

		rc = find_main_sides(&r, parts, 3);
	}
	if (!rc) {
		/* room for the entities events may add (美方, 訪華) */
		r.n_country_of = d->n_entities + 64;
		r.country_of = malloc(r.n_country_of * sizeof *r.country_of);
		r.is_head = calloc(r.n_country_of, 1);
		if (!r.country_of || !r.is_head)
			rc = DOSSIER_ENOMEM;
		for (size_t i = 0; !rc && i < r.n_country_of; i++)
			r.country_of[i] = DOC_NO_ENTITY;
	}
	if (!rc && d->title)
		rc = scan_part(&r, DOC_PART_TITLE, d->title);
	if (!rc)
		rc = scan_part(&r, DOC_PART_BODY, body);
	if (!rc)
		rc = scan_part(&r, DOC_PART_CAPTIONS, captions);
	free(body);
	free(captions);
	free(r.country_of);
	free(r.is_head);
	free(r.mentions_of);
	free(r.country);
	release_parts(&r);
	entity_index_release(&r.entities);
	buf_release(&r.scratch);
	if (!rc)
		rc = drop_undated_repeats(d);
	if (rc)
		doc_clear_events(d);
	if (notes) {
		notes->sentences_cut += r.long_sentences;
		notes->sentences_crowded += r.crowded_sentences;
	}
	return rc;
}
