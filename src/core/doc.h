/*
 * doc.h — the document model every stage of the pipeline shares.
 *
 * A parser fills a `struct doc`; ingest adds what it can infer (source,
 * script, content hash); store/ writes and reads it back.  All strings are
 * UTF-8, owned by the doc and freed by doc_free().  Times are milliseconds
 * since the Unix epoch, UTC; DOC_TIME_NONE means unknown.
 *
 * Text is kept as paragraphs (clean text, no markup); a heading is a
 * paragraph of kind DOC_PARA_HEADING.  Images keep their caption, links
 * their anchor text, so nothing a reader saw in the article is lost.
 */
#ifndef DOSSIER_CORE_DOC_H
#define DOSSIER_CORE_DOC_H

#include <stddef.h>
#include <stdint.h>

#define DOC_TIME_NONE INT64_MIN

enum doc_para_kind {
	DOC_PARA_TEXT = 0,
	DOC_PARA_HEADING = 1,
};

struct doc_para {
	enum doc_para_kind kind;
	char *text;
};

struct doc_image {
	char *src;     /* may be NULL when only a caption survives (PDF text) */
	char *caption; /* may be NULL */
};

struct doc_link {
	char *href;
	char *text; /* anchor text, may be "" */
};

/* A name given in two forms in the text: 奧斯汀（Lloyd Austin）. */
struct doc_name_pair {
	char *name;  /* the Chinese form, as written */
	char *latin; /* the Latin form, as written */
};

/* The text a mention's offsets point into. */
enum doc_part {
	DOC_PART_TITLE = 0,    /* d->title */
	DOC_PART_BODY = 1,     /* doc_text(d): paragraphs joined by "\n\n" */
	DOC_PART_CAPTIONS = 2, /* doc_captions(d): non-empty captions, one per line */
};

/* An entity the document mentions (filled by extract/ at ingest). */
struct doc_entity {
	char *key;  /* who it is across documents: a gazetteer id ("lloyd-austin"),
		       or "latin:", "name:", "org:", "forum:" + a folded name */
	char *name; /* how to show it */
	char *type; /* "person", "org", "place" or "forum" */
};

/* One mention: d->entities[entity] named at bytes [start, start+len) of a part. */
struct doc_mention {
	size_t entity;
	enum doc_part part;
	size_t start, len;
};

/*
 * A span of calendar days a date expression means.  precision: 0 day,
 * 1 week, 2 month, 3 year (as enum extract_date_precision).  Fields below
 * the precision are 0; a single date has end_year 0.
 */
struct doc_day_span {
	int year, month, day;
	int end_year, end_month, end_day;
	int precision;
};

/*
 * Makes a stored span safe to compute with: precision matching the
 * fields, fields below it 0, an end that is a real date not before the
 * start (else none).  An impossible year makes it undated (year 0).
 */
void doc_span_normalise(struct doc_day_span *w);

/*
 * The first and last day (days since 1970-01-01) a normalised, dated span
 * covers: a month its whole month, a week seven days.
 */
void doc_span_days(const struct doc_day_span *w, int *first, int *last);

/* A date expression found in the text (filled by extract/ at ingest). */
struct doc_date {
	enum doc_part part;
	size_t start, len; /* bytes of the expression in its part */
	struct doc_day_span when;
	unsigned relative; /* resolved against the publication date */
};

#define DOC_NO_ENTITY ((size_t)-1)

/*
 * An engagement the text reports (filled by extract/ at ingest): who
 * (indices into d->entities), what, when, where, how sure, and the
 * sentence it was read from.  Strings are owned.
 */
struct doc_event {
	char *type;   /* meet call visit talks request_meeting refuse_meeting
			 suspend_dialogue resume_dialogue agree */
	char *status; /* occurred planned proposed refused cancelled */
	size_t *actors;
	unsigned char *roles;  /* per actor, an enum event_role (core/event.h);
				* NULL: every actor a party */
	size_t *countries;     /* per actor, the country its title names here
				* (美國國務卿布林肯: 美國), an entity index or
				* DOC_NO_ENTITY; NULL: none.  Not a party: what
				* lets --actor 美國 find its officials' events */
	size_t n_actors;
	size_t place;          /* an entity index, or DOC_NO_ENTITY */
	struct doc_day_span when; /* year 0: no date known */
	unsigned date_from_doc;   /* no date in the text: the publication day */
	enum doc_part part;
	size_t start, len;     /* the sentence, bytes in its part */
	size_t trigger, trigger_len; /* the trigger word, bytes in its part */
	char *rule;            /* the rule that fired (data/events.tsv) */
	double confidence;     /* 0..1 */
};

/*
 * Bits of doc.flags: how far the metadata can be trusted.  A document
 * whose source gives no date has published = DOC_TIME_NONE, unless its
 * address or a dated line of its text gives one (DOC_F_DATE_FROM_URL,
 * _FROM_TEXT); the fetch time is only ever `fetched`.
 */
enum {
	DOC_F_DATE_FROM_FETCH = 1u << 0, /* archives made before: published = fetch time
					  * (reindex makes it unknown) */
	DOC_F_ZONE_ASSUMED = 1u << 1,    /* the source's date had no zone; one was assumed */
	DOC_F_SUMMARY_ONLY = 1u << 2,    /* the body is only the feed's summary */
	DOC_F_DATE_FROM_URL = 1u << 3,   /* published: the day the address names */
	DOC_F_DATE_FROM_TEXT = 1u << 4,  /* published: a dated line of the text */
	DOC_F_DATE_DAY = 1u << 5,        /* published is a day (00:00 UTC stands for it) */
	DOC_F_OUTLET_CHECKED = 1u << 6,  /* the outlet was named by address, feed or the
					  * document's own metadata, never its text */
};

/*
 * Where d->published came from, for people: "source" (the document's own
 * date), "url", "text", or NULL when it is unknown.
 */
const char *doc_published_from(int64_t published, unsigned flags);

/*
 * The publication time as known: `published`, or DOC_TIME_NONE when it is
 * unknown — also when an archive made before stored the fetch time in its
 * place (DOC_F_DATE_FROM_FETCH).  What every listing shows and sorts by.
 */
int64_t doc_published_known(int64_t published, unsigned flags);

struct doc {
	int64_t id;        /* 0 until stored */
	char *url;         /* canonical address; NULL when the input has none */
	char *title;
	char *source;      /* the outlet ("DW", "RFI", ...) */
	char *author;
	char *affiliation; /* the author's organisation, when stated */
	char *format;      /* "record", "text", ... (static names from ingest) */
	char *script;      /* "hant", "hans", "mixed" or "none" */
	char *origin;      /* where it was read from: a path or fetched URL */
	int64_t published; /* ms, UTC */
	int64_t fetched;   /* ms, UTC */
	int64_t updated;   /* ms, UTC: last time the stored copy changed */
	char hash[65];     /* hex SHA-256 of the clean text; "" until computed */
	unsigned flags;    /* DOC_F_* */

	/* Feed items only (NULL elsewhere). */
	char *guid;        /* the item's guid/id as the feed gives it */
	char *summary;     /* the feed's summary, when the body is fuller */
	char *feed;        /* URL of the subscription it came from */
	char **categories; /* as the feed gives them */
	size_t n_categories;

	struct doc_para *paras;
	size_t n_paras, cap_paras;
	struct doc_image *images;
	size_t n_images, cap_images;
	struct doc_link *links;
	size_t n_links, cap_links;
	struct doc_name_pair *names; /* filled by extract/ at ingest */
	size_t n_names, cap_names;
	struct doc_entity *entities; /* filled by extract/ at ingest */
	size_t n_entities, cap_entities;
	struct doc_mention *mentions; /* in text order within each part */
	size_t n_mentions, cap_mentions;
	struct doc_date *dates; /* filled by extract/ at ingest, in text order */
	size_t n_dates, cap_dates;
	struct doc_event *events; /* filled by extract/ at ingest */
	size_t n_events, cap_events;
};

/* A new empty document (times DOC_TIME_NONE), or NULL when out of memory. */
struct doc *doc_new(void);

/* Frees `d` and everything it owns.  NULL is a no-op. */
void doc_free(struct doc *d);

/*
 * Replaces the string field `*field` with a copy of s[0..len) (len may be
 * (size_t)-1 for NUL-terminated).  `s` NULL clears the field.
 */
int doc_set(char **field, const char *s, size_t len);

/* Appends a paragraph (copied).  Empty text is ignored and returns OK. */
int doc_add_para(struct doc *d, enum doc_para_kind kind, const char *text);

/* Appends an image; either string may be NULL. */
int doc_add_image(struct doc *d, const char *src, const char *caption);

/* Appends an in-article link. */
int doc_add_link(struct doc *d, const char *href, const char *text);

/*
 * Removes control characters from every text field, so that no escape
 * sequence stored from a hostile file can reach a terminal (a CSI or OSC
 * sequence goes with its parameters): C0 controls
 * and DEL (tab and line breaks become a space in one-line fields — title,
 * outlet, author, address, ... — and stay in paragraphs, captions and the
 * summary, where a carriage return goes) and C1 controls (U+0080-U+009F).
 * Paragraphs left empty go.  The origin (a path, the document's identity
 * when it has no address) is kept as it is: printing escapes it.
 */
void doc_strip_controls(struct doc *d);

/*
 * Removes terminal escape sequences from text before it is parsed: ESC
 * with the sequence it opens, and C1 controls (with the parameters of an
 * 8-bit CSI or OSC).  Parsers drop a stray ESC themselves but keep the
 * "[31m" after it; stripping first takes the sequence whole.  Other
 * controls stay for the parsers (which report and drop them) and
 * doc_strip_controls().  In place; returns the new length and adds the
 * sequences removed to *removed (may be NULL).
 */
size_t doc_strip_terminal_codes(char *s, size_t *removed);

/* Removes the first paragraph when it only repeats the title (feeds and
 * pages often open the body with the headline). */
void doc_drop_repeated_title(struct doc *d);

/* Appends a feed category (copied) unless it is empty or already there. */
int doc_add_category(struct doc *d, const char *category);

/* Appends a name pair unless the same pair is already there. */
int doc_add_name_pair(struct doc *d, const char *name, const char *latin);

/*
 * The entity with `key`, added (strings copied) when the document has none
 * yet; its index in d->entities goes to *index.  An entity already there
 * keeps its name and type.
 */
int doc_add_entity(struct doc *d, const char *key, const char *name, const char *type,
		   size_t *index);

/* Appends a mention of d->entities[entity]. */
int doc_add_mention(struct doc *d, size_t entity, enum doc_part part, size_t start,
		    size_t len);

/* Drops all entities and mentions (before extracting them again). */
void doc_clear_entities(struct doc *d);

/* Appends a date expression. */
int doc_add_date(struct doc *d, const struct doc_date *date);

/*
 * Appends an event: copies of its strings and actor list are taken, so
 * `ev` stays the caller's.
 */
int doc_add_event(struct doc *d, const struct doc_event *ev);

/* Drops all events (before extracting them again).  Dates stay. */
void doc_clear_events(struct doc *d);

/*
 * The document's clean text: paragraphs joined by "\n\n".  Caller frees.
 * NULL when out of memory.
 */
char *doc_text(const struct doc *d);

/* The image captions, one per line (caller frees); NULL when out of memory. */
char *doc_captions(const struct doc *d);

/*
 * Fills d->hash with the hex SHA-256 of the title and the paragraphs, with
 * runs of white space collapsed, so that re-wrapping alone does not make a
 * document look new.
 */
int doc_compute_hash(struct doc *d);

/*
 * The same over each string normalised by `norm` first (which appends the
 * normalised form of s[0..len) to `out`): text_doc_hash() passes NFKC, so
 * that full- and half-width forms of one text are one document.
 */
struct buf;
typedef int (*doc_normalise_fn)(void *arg, const char *s, size_t len, struct buf *out);
int doc_compute_hash_with(struct doc *d, doc_normalise_fn norm, void *arg);

#endif
