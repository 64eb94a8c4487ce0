/*
 * dedup.h — telling whether two reports tell the same story.
 *
 * The pipeline's dedup stage, between extraction and storage.  Exact
 * duplicates (same address, same text) are the store's business; this
 * module judges the rest: the same report in the other script, trimmed,
 * re-paragraphed, wrapped in boilerplate or partly rewritten, and another
 * outlet's report of the same event.  It holds no state and touches no
 * database: store/stories.c keeps fingerprints, finds candidates and
 * assigns stories with what is here.
 *
 * Two kinds of evidence:
 *
 * - text: a MinHash signature over shingles of the folded text (NFKC, case,
 *   Traditional → Simplified, separators dropped), so that both scripts of
 *   one report and any re-wrapping give the same shingles.  Its bands are
 *   the keys of an LSH index, so that candidates are found without
 *   comparing every pair.  A SimHash over the same shingles is computed
 *   too, for the measurement that chose MinHash (bench/RESULTS.md);
 * - what the report says: its entities, its publication day and the events
 *   extraction read (type, days, actors), which separate "the same
 *   meeting" from "the same two ministers, meeting again a year later".
 */
#ifndef DOSSIER_DEDUP_H
#define DOSSIER_DEDUP_H

#include <stddef.h>
#include <stdint.h>

struct doc;
struct text_ctx;

/* Signature size: 64 minimum hashes, cut into 16 bands of 4 for LSH. */
#define DEDUP_MINHASHES 64
#define DEDUP_BANDS 16
#define DEDUP_ROWS (DEDUP_MINHASHES / DEDUP_BANDS)

/* Code points per shingle, chosen by measurement (bench/RESULTS.md). */
#define DEDUP_SHINGLE 5

struct dedup_fingerprint {
	uint32_t minhash[DEDUP_MINHASHES];
	uint64_t simhash;
	uint32_t shingles; /* distinct shingles; 0: too little text to judge */
};

/*
 * Computes the fingerprint of a document's title and paragraphs (captions
 * are left out: the same photo runs under different stories) with
 * shingles of `k` code points (DEDUP_SHINGLE unless measuring).  A text
 * shorter than one shingle gets shingles 0.  DOSSIER_ENOMEM only.
 */
int dedup_fingerprint(const struct text_ctx *t, const struct doc *d, int k,
		      struct dedup_fingerprint *out);

/* The same over one string (for tests and measurements). */
int dedup_fingerprint_text(const struct text_ctx *t, const char *s, size_t len, int k,
			   struct dedup_fingerprint *out);

/*
 * dedup_fingerprint_text() holding about `held` shingle hashes at a time
 * (a long text is taken in slices of the hash space, one pass each; the
 * fingerprint is the same): for tests of the slicing, which documents
 * reach only past millions of characters.
 */
int dedup_fingerprint_text_held(const struct text_ctx *t, const char *s, size_t len, int k,
				size_t held, struct dedup_fingerprint *out);

/*
 * The LSH keys of a fingerprint: one per band, the band's number mixed in
 * so that equal rows in different bands do not meet.  Two documents share
 * a key with probability 1 - (1 - J^4)^16 for Jaccard similarity J:
 * 0.64 at J = 0.5, 0.99 at J = 0.8, about 1e-4 at J = 0.05.
 */
void dedup_bands(const struct dedup_fingerprint *fp, int64_t keys[DEDUP_BANDS]);

/* Estimated Jaccard similarity of the two shingle sets (0 when either is empty). */
double dedup_jaccard(const struct dedup_fingerprint *a, const struct dedup_fingerprint *b);

/*
 * Estimated share of the smaller set found in the larger (the overlap
 * coefficient): near 1 for a trimmed copy or a copy with boilerplate
 * added, where Jaccard is only the ratio of the lengths.
 */
double dedup_overlap(const struct dedup_fingerprint *a, const struct dedup_fingerprint *b);

/* Bits that differ between the two SimHashes (0..64). */
int dedup_simhash_distance(const struct dedup_fingerprint *a,
			   const struct dedup_fingerprint *b);

/* ---- judging a pair ------------------------------------------------------------ */

/* An entity a report mentions, with how much it says about the story. */
struct dedup_entity {
	int64_t id;    /* the store's entity id */
	double weight; /* person 3, org and forum 1.5, place 1 (DEDUP_PERSON_WEIGHT) */
	int mentions;  /* how often the report names it */
	int title;     /* of which in the title */
	int lead;      /* of which in the body's opening (DEDUP_LEAD_BYTES) */
};

#define DEDUP_PERSON_WEIGHT 3.0
/* The body's opening: an event or a mention this early leads the report. */
#define DEDUP_LEAD_BYTES 900

/* An event as dedup needs it: days since 1970-01-01, inclusive. */
struct dedup_event {
	char type[24];
	int status;         /* enum event_status (core/event.h); 0: occurred */
	int dated;          /* 0: no date in the text (publication day only) */
	int day;            /* dated to the day (else a month or a span) */
	int64_t from, to;   /* days, when dated */
	int lead;           /* told in the title or the opening of the body */
	int opening;        /* told in the title or the body's first sentence */
	int64_t order;      /* where it is told: title first, then by offset */
	int64_t actors[8];  /* entity ids */
	int64_t sides[8];   /* the country each actor stands for (itself if one); 0 */
	size_t n_actors;
};

/* Everything a pair is judged on.  Arrays are borrowed. */
struct dedup_profile {
	int64_t doc;
	struct dedup_fingerprint fp;
	int64_t published; /* ms; DOC_TIME_NONE when unknown */
	uint64_t source;   /* the outlet, as a number; 0 when unknown */
	const struct dedup_entity *entities; /* sorted by id */
	size_t n_entities;
	const struct dedup_event *events;
	size_t n_events;
};

/* The thresholds (dedup_params_default(): chosen in bench/RESULTS.md). */
struct dedup_params {
	double near_overlap;      /* text overlap that makes one story ... */
	double near_jaccard;      /* ... alone when the texts are this alike overall, */
	double near_entities;     /* ... else with entities at least this alike */
	double event_salience;    /* a shared event: the salience similarity it needs */
	double event_days;        /* ... and the most days between publications */
	double principal_share;   /* a principal: a person this near the most salient one */
	double people_salience;   /* the same principals: the salience similarity needed */
	double people_days;       /* ... and the most days between publications */
	double recalled_salience; /* an event one opens with and the other tells later:
				     the salience similarity that still joins them */
	double text_jaccard;      /* shared wording: the text similarity */
	double text_entities;     /* ... the entity similarity it needs */
	double text_days;         /* ... and the most days between publications */
	double subject_overlap;   /* shared wording the same day: the text overlap */
	double subject_salience;  /* ... the salience similarity */
	double subject_days;      /* ... and the most days between publications */
};

void dedup_params_default(struct dedup_params *p);

/* Why a pair was judged one story (or not). */
enum dedup_reason {
	DEDUP_DIFFERENT = 0,   /* not one story */
	DEDUP_CONFLICT,        /* their leading events are the same people on other days */
	DEDUP_PREVIEW,         /* one tells as planned the event the other tells as held */
	DEDUP_OTHER_PARTY,     /* their opening events have different counterparts */
	DEDUP_NEAR_DUPLICATE,  /* the same text, give or take */
	DEDUP_SAME_EVENT,      /* they open with one event */
	DEDUP_SAME_PEOPLE,     /* the same principal people in the same days */
	DEDUP_SAME_TEXT_TOPIC, /* shared wording, the same people, the same days */
	DEDUP_SAME_SUBJECT,    /* shared wording and subject the same day */
};

/* Whom two reports are about: their principal people (dedup_compare). */
enum dedup_principals {
	DEDUP_PRINCIPALS_UNKNOWN = 0, /* either names none */
	DEDUP_PRINCIPALS_SAME,        /* two or more shared, one's all among the other's */
	DEDUP_PRINCIPALS_ONE,         /* both about the same one person */
	DEDUP_PRINCIPALS_NESTED,      /* one's among the other's, one shared: A vs A and B */
	DEDUP_PRINCIPALS_OTHER,       /* each names someone the other does not */
};

struct dedup_verdict {
	int same;                /* 1: one story */
	enum dedup_reason reason;
	double score;            /* 0..1: how alike, for choosing among candidates */
	double jaccard, overlap; /* text */
	double entities;         /* weighted Jaccard of the entity sets */
	double salience;         /* the same over each entity's share of the report */
	int shared_people;       /* people both name */
	int shared_entities;     /* entities both name */
	enum dedup_principals principals;
	int event_match;         /* both open with one event (or first events shared) */
	int event_conflict;      /* lead events of the same kind and people, other days */
	int status_conflict;     /* an opening event planned in one, held in the other */
	int party_conflict;      /* opening events of one kind, a counterpart changed */
	int event_recalled;      /* one opens with an event the other tells later */
	int event_untold;        /* one opens with an event, the other is about one
				    person and tells of none */
	double days_apart;       /* between publications; -1 when unknown */
	int one_outlet;          /* both from one outlet (its template words are shared) */
	int two_outlets;         /* from two outlets, both known */
};

/* Judges whether `a` and `b` tell one story. */
void dedup_compare(const struct dedup_profile *a, const struct dedup_profile *b,
		   const struct dedup_params *p, struct dedup_verdict *out);

/*
 * Whether a verdict sets the two reports apart, not merely finds too little
 * to join them: different events, a preview and its event, other
 * counterparts, other principal people, or an event one opens with that
 * the other tells only in passing — unless they are one story after all.
 */
int dedup_apart(const struct dedup_verdict *v);

/* "near-duplicate", "same event", ... (static). */
const char *dedup_reason_name(enum dedup_reason r);


#endif
