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
	N_CUES
};

static const char *const cue_names[N_CUES] = {
	"request", "refuse", "refused_object", "propose", "plan", "cancel", "negate", "hypothetical",
	"backref", "aggregate", "several", "coref_pair", "coref_sides", "coref_parties", "coref_heads", "head_title", "coref_one", "locative",
	"not_locative", "topic", "block_before", "held",
	"report", "passive", "partner", "not_actor_after",
};

/* Words as written, longest first, and as a trie (value: the first
 * index of each word), so that a place is tested in one walk. */
struct words {
	char **items;
	size_t n;
	struct trie trie;
};

struct trigger {
	char *word, *type, *rule;
	int needs_object;
};

/* A word standing for one or two entities: visit_to and side lines. */
struct stand_in {
	char *word;
	char *forms[2]; /* folded gazetteer forms; forms[1] may be NULL */
};

struct event_rules {
	struct trigger *triggers; /* longest word first */
	size_t n_triggers;
	struct stand_in *visit_to, *sides, *capitals;
	size_t n_visit_to, n_sides, n_capitals;
	struct words cues[N_CUES];
	struct words objects, nonactors;
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

	if (at + 1 >= end)
		return 0; /* every such word is two bytes or more */
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

		if (n < 4 || (n == 5 && strcmp(f[4], "object"))) {
			*why = "expected trigger<TAB>TYPE<TAB>RULE<TAB>words[<TAB>object]";
			return DOSSIER_EPARSE;
		}
		if (event_type_of(f[1]) < 0) {
			*why = "unknown event type (core/event.h names them)";
			return DOSSIER_EPARSE;
		}
		tl.type = f[1];
		tl.rule = f[2];
		tl.needs_object = n == 5;
		return each_word(f[3], trigger_add, &tl);
	}
	if (!strcmp(f[0], "visit_to") || !strcmp(f[0], "side") || !strcmp(f[0], "capital")) {
		int visit = f[0][0] == 'v', capital = f[0][0] == 'c';
		struct stand_in_line sl = { visit ? &r->visit_to : capital ? &r->capitals : &r->sides,
					    visit ? &r->n_visit_to : capital ? &r->n_capitals : &r->n_sides,
					    { NULL, NULL } };
		int rc;

		if (n != 3) {
			*why = "expected visit_to|side|capital<TAB>words<TAB>FORM[|FORM]";
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
		if (!rc && r->triggers[i].needs_object)
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
	for (int k = 0; k < N_CUES; k++)
		words_release(&r->cues[k]);
	words_release(&r->objects);
	words_release(&r->nonactors);
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

static int is_nonactor(const struct run *r, size_t entity)
{
	const char *name = r->d->entities[entity].name;

	for (size_t i = 0; i < r->r->nonactors.n; i++) {
		if (!strcmp(r->r->nonactors.items[i], name))
			return 1;
	}
	return 0;
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

/* 抵達北京: a visit to a capital is a visit to its country; 北京中斷:
 * the capital speaks for its country. */
static int add_capital_country(struct run *r, struct draft *ev, size_t capital)
{
	const char *name = r->d->entities[capital].name;

	for (size_t i = 0; i < r->r->n_capitals; i++) {
		if (!strcmp(r->r->capitals[i].word, name))
			return add_stand_in(r, ev, &r->r->capitals[i]);
	}
	return DOSSIER_OK;
}

static int is_capital(const struct run *r, size_t entity)
{
	for (size_t i = 0; i < r->r->n_capitals; i++) {
		if (!strcmp(r->r->capitals[i].word, r->d->entities[entity].name))
			return 1;
	}
	return 0;
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

/* The entities named in [from, to): actors, or the place. */
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
	static const int verbs[] = { CUE_REQUEST, CUE_REFUSE, CUE_PROPOSE, CUE_PLAN, CUE_CANCEL,
				     CUE_NEGATE, CUE_REPORT, CUE_PARTNER, CUE_HELD, CUE_PASSIVE,
				     CUE_TOPIC };
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
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		if (cue_has(r, &r->r->cues[verbs[v]], end, next->start))
			return 0;
	}
	return 1;
}

static int add_named(struct run *r, struct draft *ev, size_t from, size_t to)
{
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
		if (m->start > cursor && (rc = add_sides(r, ev, cursor, m->start)))
			return rc;
		if (m->start + m->len > cursor)
			cursor = m->start + m->len;
		if (entity_is(r, ent, "forum")) {
			if (ev->place == DOC_NO_ENTITY)
				ev->place = ent;
		} else if (entity_is(r, ent, "place")) {
			int country = is_country(r, ent) && !is_nonactor(r, ent);

			/* 美國國防部長奧斯汀: the minister acts, not his country */
			if (country && titles_next_person(r, k))
				continue;
			/* 前往俄羅斯: where a visit goes is who is visited */
			if (country && (!is_locative(r, m) || is_visit(ev))) {
				add_actor(ev, ent);
			} else {
				set_place(r, ev, ent);
				if (!is_locative(r, m) && !is_visit(ev) &&
				    (rc = add_capital_country(r, ev, ent)))
					return rc;
			}
		} else if (!is_nonactor(r, ent) && !names_other(r, m)) {
			add_actor(ev, ent);
		}
	}
	return add_sides(r, ev, cursor, to);
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
		size_t p = person_before(r, one);

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
	if (ev->place == DOC_NO_ENTITY)
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
		if (!ev->n_actors) {
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

/* Who: the trigger's clause, then (the subject dropped) the clauses before
 * it in the segment, then 兩人 and 他. */
static int find_actors(struct run *r, struct draft *ev)
{
	int rc = add_named(r, ev, ev->clause.start, ev->clause.end);
	int visit = event_type_of(ev->trigger->type) == EVENT_VISIT;
	size_t people;

	resolve_coref(r, ev, ev->clause.start, ev->clause.end);
	people = count_people(r, ev);
	/* a meeting names two people, or none (中美會談); a visit a visitor;
	 * talks are suspended, resumed or agreed on between sides */
	if (!rc && (visit ? !people
		    : meeting_type(ev->trigger->type) ? (ev->n_actors < 2 || people == 1)
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
	/* a later clause of the segment may name the other side (遭中方拒絕) */
	if (!rc && ev->n_actors < 2)
		rc = add_named_outside_reports(r, ev, ev->clause.end, ev->segment.end);
	return rc;
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
		/* a title between, no punctuation: at most ten characters */
		if (m->start >= end && m->start - end <= 30 &&
		    span_end(r->s, end, m->start, is_clause_end) == m->start &&
		    !memchr(r->s + end, ' ', m->start - end) &&
		    r->country_of[m->entity] == DOC_NO_ENTITY)
			r->country_of[m->entity] = country->entity;
		country = NULL;
	}
}

/* The countries of the event's people join it: 布林肯 and 王毅 meeting is
 * also the United States and China meeting. */

/*
 * What each actor is to the event (core/event.h): a visit's places are
 * its hosts and the rest its visitors; the one who asks or refuses is
 * named first (actors are in text order, the refuser moved to the front);
 * else every actor is a party.  The country an actor's title names is
 * kept beside it, not made a party: 美國國務卿布林肯 met 王毅, the United
 * States did not meet anyone.
 */
static void assign_roles(const struct run *r, const struct draft *ev, int type,
			 unsigned char *roles, size_t *countries)
{
	for (size_t i = 0; i < ev->n_actors; i++) {
		size_t a = ev->actors[i];

		roles[i] = EVENT_ROLE_PARTY;
		if (type == EVENT_VISIT)
			roles[i] = entity_is(r, a, "place") ? EVENT_ROLE_HOST : EVENT_ROLE_VISITOR;
		else if (type == EVENT_REQUEST_MEETING)
			roles[i] = i ? EVENT_ROLE_REQUESTED : EVENT_ROLE_REQUESTER;
		else if (type == EVENT_REFUSE_MEETING)
			roles[i] = i ? EVENT_ROLE_REQUESTER : EVENT_ROLE_REFUSER;
		countries[i] = country_of(r, a);
	}
}

/*
 * A visit whose hosts are all the visitors' own country is no visit
 * (習近平 "visiting" China is a trip at home, or a misread clause).
 */
static int visit_at_home(const struct draft *ev, const unsigned char *roles,
			 const size_t *countries)
{
	int hosts = 0;

	for (size_t i = 0; i < ev->n_actors; i++) {
		if (roles[i] != EVENT_ROLE_HOST)
			continue;
		hosts++;
		for (size_t k = 0; k < ev->n_actors; k++) {
			if (roles[k] == EVENT_ROLE_VISITOR && countries[k] != ev->actors[i])
				return 0;
		}
	}
	return hosts > 0;
}

/* ---- modality ------------------------------------------------------------------- */

static int is_numeral_char(int32_t cp)
{
	static const char numerals[] = "一二三四五六七八九十兩两幾几多";
	size_t pos = 0;

	while (pos < sizeof numerals - 1) {
		if (utf8_next(numerals, sizeof numerals - 1, &pos) == cp)
			return 1;
	}
	return 0;
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
	if (cue_has(r, &R->cues[CUE_SEVERAL], ev->clause.start, ev->at))
		return 1; /* 曾多次請求…通話, 先後訪華: many events, none in particular */
	return is_aggregate(r, ev->at + ev->trigger_len, ev->clause.end) ||
	       counted_before(r, ev->clause.start, ev->at);
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

static void read_modality(struct run *r, struct draft *ev)
{
	const struct event_rules *R = r->r;
	size_t after = ev->at + ev->trigger_len;

	ev->refused_later = refused_after(r, after, ev->segment.end, &ev->refuser);
	ev->refuse = cue_has(r, &R->cues[CUE_REFUSE], ev->clause.start, ev->at) ||
		     ev->refused_later;
	/* 會晤請求: the meeting word names what is asked for */
	ev->request = cue_has(r, &R->cues[CUE_REQUEST], ev->clause.start, ev->at) ||
		      word_at(&R->cues[CUE_REFUSED_OBJECT], r->s, after, ev->clause.end);
	ev->plan = cue_has(r, &R->cues[CUE_PLAN], ev->clause.start, ev->at);
	ev->propose = cue_has(r, &R->cues[CUE_PROPOSE], ev->clause.start, ev->at);
	ev->cancel = cue_has(r, &R->cues[CUE_CANCEL], ev->clause.start, ev->segment.end);
}

/* ---- when ----------------------------------------------------------------------- */

/* Whether byte `at` lies in a reporting clause other than the trigger's. */
static int in_report_clause(struct run *r, size_t floor, size_t at, size_t trigger)
{
	size_t start = clause_start(r->s, floor, at);
	size_t end = span_end(r->s, at, r->sentence_end, is_clause_end);

	return !(start <= trigger && trigger < end) && is_report(r, start, end);
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

static void find_date(struct run *r, const struct draft *ev, struct doc_event *out)
{
	/* the trigger's clause first, then what leads up to it: a date in a
	 * later clause tells of what comes next (會談，既延續了4月的通話) */
	const struct doc_date *dt = date_in(r, ev->clause.start, ev->clause.end, ev->at);

	if (!dt)
		dt = date_in(r, ev->segment.start, ev->at, ev->at);
	if (!dt)
		dt = date_after_copula(r, ev);
	if (!dt)
		dt = date_in(r, ev->sentence.start, ev->at, ev->at);
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
 * place, a request or refusal, a suspension); else two. */
static int enough_actors(const struct run *r, const struct draft *ev, const char *type)
{
	int t = event_type_of(type);

	(void)r;
	if (t == EVENT_VISIT || t == EVENT_REQUEST_MEETING || t == EVENT_REFUSE_MEETING ||
	    t == EVENT_SUSPEND_DIALOGUE || t == EVENT_RESUME_DIALOGUE)
		return ev->n_actors >= 1;
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
	}
	out->type = (char *)event_type_names[type];
	out->status = (char *)event_status_names[status];
	snprintf(rule, rule_size, "%s%s%s", ev->trigger->rule, why, ev->coref ? "+coref" : "");
	return 1;
}

static double confidence_of(const struct draft *ev, const struct doc_event *out)
{
	double c = 0.9;

	if (out->date_from_doc || !out->when.year)
		c -= 0.2;
	if (ev->coref)
		c -= 0.1;
	if (ev->n_actors < 2)
		c -= 0.15;
	if (ev->request || ev->refuse || ev->cancel)
		c -= 0.05; /* modality read from words around the trigger */
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

/* One event of a type per segment: a second trigger of the same type
 * (布林肯此行訪華，偕同出訪的官員) tells of the same event, and what it
 * adds (訪華: China) joins the first.  Returns 1 when merged. */
static int merge_into_earlier(struct doc *d, size_t first, const struct doc_event *ev,
			      struct doc_event **merged, int *rc)
{
	for (size_t i = first; i < d->n_events; i++) {
		struct doc_event *o = &d->events[i];

		if (o->part != ev->part || o->start != ev->start || strcmp(o->type, ev->type))
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

static int emit(struct run *r, struct draft *ev, size_t segment_first_event)
{
	struct doc_event out = { 0 }, *merged = NULL;
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
		if (rc)
			return rc;
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
	if (!enough_actors(r, ev, out.type))
		return DOSSIER_OK;
	/* in the order the text names them: the one who asks or refuses first */
	memcpy(actors, ev->actors, ev->n_actors * sizeof *actors);
	assign_roles(r, ev, event_type_of(out.type), roles, countries);
	if (event_type_of(out.type) == EVENT_VISIT && visit_at_home(ev, roles, countries))
		return DOSSIER_OK;
	out.actors = actors;
	out.roles = roles;
	out.countries = countries;
	out.n_actors = ev->n_actors;
	out.rule = rule;
	out.confidence = confidence_of(ev, &out);
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

/* 與美方會談, 舉行會談, 兩人會談: talks words with someone to talk to. */
static int has_partner(struct run *r, const struct draft *ev)
{
	return cue_has(r, &r->r->cues[CUE_PARTNER], ev->clause.start, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_PAIR], ev->clause.start, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_SIDES], ev->clause.start, ev->at) ||
	       cue_has(r, &r->r->cues[CUE_COREF_PARTIES], ev->clause.start, ev->at);
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
	if (t->needs_object && !cue_has(r, &r->r->objects, ev.clause.start, ev.clause.end))
		return DOSSIER_OK;
	if (t->needs_object && is_modifier(r, at + ev.trigger_len, ev.clause.end))
		return DOSSIER_OK;
	if (!t->needs_object && is_object_of_other(r, t, ev.clause))
		return DOSSIER_OK;
	if (event_type_of(t->type) == EVENT_TALKS && !has_partner(r, &ev))
		return DOSSIER_OK;
	if (is_unreal(r, &ev))
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

	if (at == (size_t)-1)
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
