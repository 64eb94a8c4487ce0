/*
 * Stories: each document joins the story of the most alike earlier one.
 *
 * When a document is written (its entities and events already stored) it
 * is fingerprinted (dedup/) and the archive is asked for candidates along
 * three indexed paths, never by scanning every document:
 *
 * - lsh: documents sharing a band of the MinHash signature (alike text,
 *   whichever script);
 * - story_keys, entities: documents naming one of its main entities within
 *   a week of its publication day;
 * - story_keys, events: documents with an event of the same kind and an
 *   actor in common, starting within a month of its own events.
 *
 * Each candidate's profile is read back and judged with dedup_compare();
 * the document joins the story of the best candidate judged the same whose
 * representative the judge does not set apart from it (dedup_apart: other
 * events, other people), or starts a story of its own.  So a story does
 * not chain: a speech the day after a meeting that joined the meeting's
 * story through one report cannot bring in the other minister's speech.
 * Stories are never merged behind the user's back: a document that is
 * alike to two stories joins the closer one.  The story's representative
 * (whose title it takes) is the member most alike to all the others.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/doc.h"
#include "dedup/dedup.h"
#include "store/store.h"
#include "core/event.h"
#include "store/store_int.h"

/* Candidates gathered per document, judged (the best-voted), read per key. */
#define CANDIDATES_MAX 400
#define CANDIDATES_JUDGED 48
#define CANDIDATE_SLOTS 1024 /* a power of two above CANDIDATES_MAX */
#define ROWS_PER_KEY 100
/* The entities a document is found by. */
#define KEY_ENTITIES 8
/* Days either side of the publication day an entity key is looked for. */
#define KEY_ENTITY_DAYS 7
/* An event key is looked for from a month before the event's first day. */
#define KEY_EVENT_DAYS 32
/* Stories up to this size re-choose their representative as they grow. */
#define REP_MAX_MEMBERS 64
/* An event whose sentence starts this early is the report's opening. */
#define OPENING_BYTES 150
/* Keys per document: entities, then up to 8 actors of each event. */
#define KEYS_MAX 256

/* ---- profiles ------------------------------------------------------------------ */

static void decode_minhash(const unsigned char *blob, int bytes, struct dedup_fingerprint *fp)
{
	for (int i = 0; i < DEDUP_MINHASHES; i++) {
		const unsigned char *p = blob + 4 * i;

		fp->minhash[i] = 4 * i + 4 <= bytes
					 ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
						   (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
					 : UINT32_MAX;
	}
}

static void encode_minhash(const struct dedup_fingerprint *fp, unsigned char *blob)
{
	for (int i = 0; i < DEDUP_MINHASHES; i++) {
		blob[4 * i] = (unsigned char)fp->minhash[i];
		blob[4 * i + 1] = (unsigned char)(fp->minhash[i] >> 8);
		blob[4 * i + 2] = (unsigned char)(fp->minhash[i] >> 16);
		blob[4 * i + 3] = (unsigned char)(fp->minhash[i] >> 24);
	}
}

/* The outlet as a number (FNV-1a of its name); 0: unknown. */
static uint64_t source_key(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	if (!name || !*name)
		return 0;
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	return h ? h : 1;
}

static int load_fingerprint(struct store *s, int64_t doc, struct dedup_profile *p,
			    struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT f.minhash, f.simhash, f.shingles, d.published,"
				  " d.source FROM fingerprints f JOIN docs d ON d.id = f.doc_id"
				  " WHERE f.doc_id = ?1", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		decode_minhash(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0), &p->fp);
		p->fp.simhash = (uint64_t)sqlite3_column_int64(st, 1);
		p->fp.shingles = (uint32_t)sqlite3_column_int64(st, 2);
		p->published = sqlite3_column_type(st, 3) == SQLITE_NULL
				       ? DOC_TIME_NONE : sqlite3_column_int64(st, 3);
		p->source = source_key((const char *)sqlite3_column_text(st, 4));
		rc = DOSSIER_OK;
	} else if (rc == SQLITE_DONE) {
		rc = err_set(e, DOSSIER_ENOTFOUND, "document %lld has no fingerprint",
			     (long long)doc);
	} else {
		rc = store_db_error(store_db(s), e, "cannot read a fingerprint");
	}
	store_stmt_done(s, st);
	return rc;
}

/* People say most about which story a report tells, places least. */
static double entity_weight(const char *type)
{
	if (!type)
		return 1;
	if (!strcmp(type, "person"))
		return 3;
	if (!strcmp(type, "org") || !strcmp(type, "forum"))
		return 1.5;
	return 1;
}

static int load_entities(struct store *s, int64_t doc, struct dedup_profile *p,
			 struct err *e)
{
	struct dedup_entity *list = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT m.entity_id, e.type, count(*), sum(m.part = ?2),"
				  " sum(m.part = ?3 AND m.start < ?4) FROM mentions m"
				  " JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ?1"
				  " GROUP BY m.entity_id ORDER BY m.entity_id", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_int(st, 2, DOC_PART_TITLE);
	sqlite3_bind_int(st, 3, DOC_PART_BODY);
	sqlite3_bind_int(st, 4, DEDUP_LEAD_BYTES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown_cap = cap ? cap * 2 : 16;
			struct dedup_entity *grown = realloc(list, grown_cap * sizeof *grown);

			if (!grown) {
				store_stmt_done(s, st);
				free(list);
				return err_set(e, DOSSIER_ENOMEM, "out of memory");
			}
			list = grown;
			cap = grown_cap;
		}
		list[n].id = sqlite3_column_int64(st, 0);
		list[n].weight = entity_weight((const char *)sqlite3_column_text(st, 1));
		list[n].mentions = sqlite3_column_int(st, 2);
		list[n].title = sqlite3_column_int(st, 3);
		list[n].lead = sqlite3_column_int(st, 4);
		n++;
	}
	store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_db_error(store_db(s), e, "cannot read a document's entities");
	}
	p->entities = list;
	p->n_entities = n;
	return DOSSIER_OK;
}

/*
 * An event's actors, and the country each stands for: its own when the
 * actor is a place (a country named as a party), else the country
 * extraction gave it (Biden: the United States), else none.
 */
static int load_actors(struct store *s, int64_t event, struct dedup_event *ev, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT a.entity_id, CASE WHEN e.type = 'place' THEN a.entity_id"
				  " ELSE coalesce(a.country_id, 0) END FROM event_actors a"
				  " JOIN entities e ON e.id = a.entity_id WHERE a.event_id = ?1"
				  " ORDER BY a.seq", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, event);
	ev->n_actors = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ev->n_actors < sizeof ev->actors / sizeof ev->actors[0]) {
			ev->actors[ev->n_actors] = sqlite3_column_int64(st, 0);
			ev->sides[ev->n_actors++] = sqlite3_column_int64(st, 1);
		}
	}
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK
				 : store_db_error(store_db(s), e, "cannot read an event's actors");
}

/* Reads one events row (columns as in load_events) into `ev`. */
static void read_event(sqlite3_stmt *st, struct dedup_event *ev)
{
	struct doc_day_span when = {
		.year = sqlite3_column_int(st, 2), .month = sqlite3_column_int(st, 3),
		.day = sqlite3_column_int(st, 4), .end_year = sqlite3_column_int(st, 5),
		.end_month = sqlite3_column_int(st, 6), .end_day = sqlite3_column_int(st, 7),
		.precision = sqlite3_column_int(st, 8),
	};
	int part = sqlite3_column_int(st, 10);
	int64_t start = sqlite3_column_int64(st, 11);
	int status = event_status_of((const char *)sqlite3_column_text(st, 12));

	memset(ev, 0, sizeof *ev);
	snprintf(ev->type, sizeof ev->type, "%s", (const char *)sqlite3_column_text(st, 1));
	ev->status = status < 0 ? EVENT_OCCURRED : status;
	doc_span_normalise(&when);
	/* A year is too vague to tell one meeting from another. */
	if (when.year && when.precision < 3 && !sqlite3_column_int(st, 9)) {
		int first, last;

		doc_span_days(&when, &first, &last);
		ev->dated = 1;
		ev->day = when.precision == 0 && first == last;
		ev->from = first;
		ev->to = last;
	}
	ev->lead = part == DOC_PART_TITLE || (part == DOC_PART_BODY && start < DEDUP_LEAD_BYTES);
	ev->order = (int64_t)part * 1000000000 + start;
	ev->opening = part == DOC_PART_TITLE || (part == DOC_PART_BODY && start < OPENING_BYTES);
}

static int load_events(struct store *s, int64_t doc, struct dedup_profile *p, struct err *e)
{
	struct dedup_event *list = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT id, type, year, month, day, end_year, end_month,"
				  " end_day, precision, date_from_doc, part, start, status FROM events"
				  " WHERE doc_id = ?1 ORDER BY seq", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown_cap = cap ? cap * 2 : 8;
			struct dedup_event *grown = realloc(list, grown_cap * sizeof *grown);
			int64_t *grown_ids = grown ? realloc(ids, grown_cap * sizeof *ids) : NULL;

			if (grown)
				list = grown;
			if (!grown || !grown_ids)
				break;
			ids = grown_ids;
			cap = grown_cap;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		read_event(st, &list[n++]);
	}
	store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rc = rc == SQLITE_ROW ? err_set(e, DOSSIER_ENOMEM, "out of memory")
				      : store_db_error(store_db(s), e, "cannot read a document's events");
	} else {
		rc = DOSSIER_OK;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = load_actors(s, ids[i], &list[i], e);
	free(ids);
	if (rc) {
		free(list);
		return rc;
	}
	p->events = list;
	p->n_events = n;
	return DOSSIER_OK;
}

/* ---- the profile cache ---------------------------------------------------------- */

/*
 * Profiles read back, by document id (direct-mapped: the documents of the
 * last weeks, which are most candidates, fall in distinct slots).  A
 * report is a candidate for many later ones; reading its profile is 4-5
 * statements, copying it from here two small allocations.  Entries are
 * dropped when their document leaves its story (stories_detach), all of
 * them when stories are rebuilt, a write is rolled back
 * (stories_cache_clear) or another connection changed the file
 * (PRAGMA data_version).
 */
#define PROFILE_CACHE 4096

struct stories_cache {
	struct dedup_profile slot[PROFILE_CACHE]; /* doc 0: empty */
	int64_t data_version;
};

static void cache_drop(struct dedup_profile *p)
{
	store_story_profile_release(p);
	p->doc = 0;
}

struct stories_cache *stories_cache_new(void)
{
	return calloc(1, sizeof(struct stories_cache));
}

void stories_cache_clear(struct stories_cache *c)
{
	for (size_t i = 0; c && i < PROFILE_CACHE; i++) {
		if (c->slot[i].doc)
			cache_drop(&c->slot[i]);
	}
}

void stories_cache_free(struct stories_cache *c)
{
	stories_cache_clear(c);
	free(c);
}

static struct dedup_profile *cache_slot(struct stories_cache *c, int64_t doc)
{
	return &c->slot[(uint64_t)doc % PROFILE_CACHE];
}

/* A copy of `p` into `out` (arrays of its own); DOSSIER_ENOMEM. */
static int copy_profile(const struct dedup_profile *p, struct dedup_profile *out)
{
	struct dedup_entity *ents = NULL;
	struct dedup_event *evs = NULL;

	*out = *p;
	if (p->n_entities && !(ents = malloc(p->n_entities * sizeof *ents)))
		goto fail;
	if (p->n_events && !(evs = malloc(p->n_events * sizeof *evs)))
		goto fail;
	if (ents)
		memcpy(ents, p->entities, p->n_entities * sizeof *ents);
	if (evs)
		memcpy(evs, p->events, p->n_events * sizeof *evs);
	out->entities = ents;
	out->events = evs;
	return DOSSIER_OK;
fail:
	free(ents);
	memset(out, 0, sizeof *out);
	return DOSSIER_ENOMEM;
}

/* The cache, emptied first when another connection wrote to the file. */
static struct stories_cache *fresh_cache(struct store *s)
{
	struct stories_cache *c = store_stories_cache(s);
	sqlite3_stmt *st;
	int64_t version;

	if (!c || store_prepare(s, "PRAGMA data_version", &st, NULL))
		return NULL;
	version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	store_stmt_done(s, st);
	if (version < 0)
		return NULL;
	if (version != c->data_version) {
		stories_cache_clear(c);
		c->data_version = version;
	}
	return c;
}

static void cache_forget(struct store *s, int64_t doc)
{
	struct stories_cache *c = store_stories_cache(s);

	if (c && cache_slot(c, doc)->doc == doc)
		cache_drop(cache_slot(c, doc));
}

static int read_profile(struct store *s, int64_t doc, struct dedup_profile *out,
			struct err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->doc = doc;
	rc = load_fingerprint(s, doc, out, e);
	if (!rc)
		rc = load_entities(s, doc, out, e);
	if (!rc)
		rc = load_events(s, doc, out, e);
	if (rc)
		store_story_profile_release(out);
	return rc;
}

int store_story_profile(struct store *s, int64_t doc, struct dedup_profile *out,
			struct err *e)
{
	struct stories_cache *c = fresh_cache(s);
	struct dedup_profile *slot = c ? cache_slot(c, doc) : NULL;
	int rc;

	if (slot && slot->doc == doc)
		return copy_profile(slot, out) ? err_set(e, DOSSIER_ENOMEM, "out of memory")
					       : DOSSIER_OK;
	rc = read_profile(s, doc, out, e);
	if (!rc && slot) {
		if (slot->doc)
			cache_drop(slot);
		if (copy_profile(out, slot))
			slot->doc = 0; /* no room to keep it: it is read again next time */
	}
	return rc;
}

void store_story_profile_release(struct dedup_profile *p)
{
	free((void *)p->entities);
	free((void *)p->events);
	p->entities = NULL;
	p->events = NULL;
	p->n_entities = p->n_events = 0;
}

/* ---- keys ------------------------------------------------------------------------- */

struct story_key {
	int64_t key, day;
	int64_t from, to; /* the days to look for it in */
	int event;        /* an event's key (else an entity's) */
};

static int64_t key_of(const char *kind, int64_t id)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *c = kind; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	h ^= (uint64_t)id;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return (int64_t)(h >> 1);
}

/* The calendar day of `ms` in UTC+8, where the reports are written. */
static int64_t day_of_ms(int64_t ms)
{
	int64_t t = ms + 8 * 3600000LL;

	return t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);
}

static double entity_rank(const struct dedup_entity *x)
{
	return x->weight * (double)x->mentions;
}

/* Indices of the KEY_ENTITIES entities that say most, into top[]. */
static size_t main_entities(const struct dedup_profile *p, size_t top[KEY_ENTITIES])
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_entities; i++) {
		size_t at = n < KEY_ENTITIES ? n++ : KEY_ENTITIES;

		/* insertion into a short sorted list; ties keep the lower id */
		while (at > 0 && entity_rank(&p->entities[i]) >
				       entity_rank(&p->entities[top[at - 1]])) {
			if (at < KEY_ENTITIES)
				top[at] = top[at - 1];
			at--;
		}
		if (at < KEY_ENTITIES)
			top[at] = i;
	}
	return n;
}

/* The name a type is keyed by: its family's (talks keyed as meet). */
static const char *family_name(const char *type)
{
	int family = event_family(event_type_of(type));

	return family >= 0 ? event_type_names[family] : type;
}

static size_t add_key(struct story_key *keys, size_t n, int64_t key, int64_t day,
		      int64_t from, int64_t to, int event)
{
	for (size_t i = 0; i < n; i++) {
		if (keys[i].key == key && keys[i].day == day)
			return n;
	}
	if (n == KEYS_MAX)
		return n;
	keys[n] = (struct story_key){ .key = key, .day = day, .from = from, .to = to,
				      .event = event };
	return n + 1;
}

/*
 * The keys a document is found by and looks for others with: its main
 * entities on its publication day, and each event's kind and actors on
 * the event's first day (an undated event: the publication day).
 */
static size_t profile_keys(const struct dedup_profile *p, struct story_key *keys)
{
	size_t top[KEY_ENTITIES], n_top = main_entities(p, top), n = 0;
	int64_t pub_day;

	if (p->published == DOC_TIME_NONE)
		return 0;
	pub_day = day_of_ms(p->published);
	for (size_t i = 0; i < n_top; i++)
		n = add_key(keys, n, key_of("entity", p->entities[top[i]].id), pub_day,
			    pub_day - KEY_ENTITY_DAYS, pub_day + KEY_ENTITY_DAYS, 0);
	for (size_t i = 0; i < p->n_events; i++) {
		const struct dedup_event *ev = &p->events[i];
		int64_t first = ev->dated ? ev->from : pub_day, last = ev->dated ? ev->to : pub_day;

		for (size_t a = 0; a < ev->n_actors; a++)
			n = add_key(keys, n, key_of(family_name(ev->type), ev->actors[a]), first,
				    first - KEY_EVENT_DAYS, last + 1, 1);
	}
	return n;
}

/* The statements that add a document's keys, or remove them. */
struct key_sql {
	const char *keys, *bands, *what;
};

static const struct key_sql add_keys_sql = {
	"INSERT OR IGNORE INTO story_keys(key, day, doc_id) VALUES (?1, ?2, ?3)",
	"INSERT OR IGNORE INTO lsh(key, doc_id) VALUES (?1, ?2)",
	"cannot index a document's story keys",
};

static const struct key_sql remove_keys_sql = {
	"DELETE FROM story_keys WHERE key = ?1 AND day = ?2 AND doc_id = ?3",
	"DELETE FROM lsh WHERE key = ?1 AND doc_id = ?2",
	"cannot remove a document's story keys",
};

/* Runs `sql` for each key and each band of document `doc`. */
static int apply_keys(struct store *s, const struct key_sql *sql, int64_t doc,
		      const struct story_key *keys, size_t n,
		      const int64_t bands[DEDUP_BANDS], int n_bands, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql->keys, &st, e);

	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_bind_int64(st, 1, keys[i].key);
		sqlite3_bind_int64(st, 2, keys[i].day);
		sqlite3_bind_int64(st, 3, doc);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_db_error(store_db(s), e, sql->what);
		sqlite3_reset(st);
	}
	if (!rc)
		rc = store_prepare(s, sql->bands, &st, e);
	for (int i = 0; i < n_bands && !rc; i++) {
		sqlite3_bind_int64(st, 1, bands[i]);
		sqlite3_bind_int64(st, 2, doc);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_db_error(store_db(s), e, sql->what);
		sqlite3_reset(st);
	}
	return rc;
}

/* ---- candidates ------------------------------------------------------------------- */

/*
 * Candidates with a vote per key they share: a band of the signature
 * counts most (the text is alike), an event key next, an entity key least.
 * Only the best-voted are read whole and judged, so that a busy week of a
 * much-named minister costs a bounded number of profile reads.
 */
struct candidates {
	int64_t ids[CANDIDATES_MAX];
	int votes[CANDIDATES_MAX];
	size_t n;
	int64_t self;
	uint16_t slot[CANDIDATE_SLOTS]; /* index + 1 into ids, by hash of the id */
};

enum { VOTE_ENTITY = 1, VOTE_EVENT = 2, VOTE_BAND = 4 };

static void candidates_add(struct candidates *c, int64_t id, int vote)
{
	size_t h = (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ULL) >> 54) & (CANDIDATE_SLOTS - 1);

	if (id == c->self)
		return;
	/* an id is found at its slot or after it (linear probing; never full:
	 * at most CANDIDATES_MAX of the slots are taken) */
	for (; c->slot[h]; h = (h + 1) & (CANDIDATE_SLOTS - 1)) {
		if (c->ids[c->slot[h] - 1] == id) {
			c->votes[c->slot[h] - 1] += vote;
			return;
		}
	}
	if (c->n == CANDIDATES_MAX)
		return;
	c->ids[c->n] = id;
	c->votes[c->n++] = vote;
	c->slot[h] = (uint16_t)c->n;
}

/* Steps a bound statement whose first column is a document id. */
static int collect(struct store *s, sqlite3_stmt *st, struct candidates *c, int vote,
		   struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		candidates_add(c, sqlite3_column_int64(st, 0), vote);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DOSSIER_OK
				 : store_db_error(store_db(s), e, "cannot look up candidates");
}

/* Most votes first; on a tie the later document (nearer in time, usually). */
static void rank_candidates(struct candidates *c)
{
	for (size_t i = 1; i < c->n; i++) {
		int64_t id = c->ids[i];
		int vote = c->votes[i];
		size_t j = i;

		while (j > 0 && (c->votes[j - 1] < vote ||
				 (c->votes[j - 1] == vote && c->ids[j - 1] < id))) {
			c->ids[j] = c->ids[j - 1];
			c->votes[j] = c->votes[j - 1];
			j--;
		}
		c->ids[j] = id;
		c->votes[j] = vote;
	}
	if (c->n > CANDIDATES_JUDGED)
		c->n = CANDIDATES_JUDGED;
}

static int find_candidates(struct store *s, const int64_t bands[DEDUP_BANDS], int n_bands,
			   const struct story_key *keys, size_t n_keys, struct candidates *c,
			   struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT doc_id FROM lsh WHERE key = ?1 LIMIT ?2", &st, e);

	for (int i = 0; i < n_bands && !rc; i++) {
		sqlite3_bind_int64(st, 1, bands[i]);
		sqlite3_bind_int(st, 2, ROWS_PER_KEY);
		rc = collect(s, st, c, VOTE_BAND, e);
	}
	if (!rc)
		rc = store_prepare(s, "SELECT doc_id FROM story_keys WHERE key = ?1"
				      " AND day BETWEEN ?2 AND ?3 ORDER BY day DESC LIMIT ?4", &st, e);
	for (size_t i = 0; i < n_keys && !rc; i++) {
		sqlite3_bind_int64(st, 1, keys[i].key);
		sqlite3_bind_int64(st, 2, keys[i].from);
		sqlite3_bind_int64(st, 3, keys[i].to);
		sqlite3_bind_int(st, 4, ROWS_PER_KEY);
		rc = collect(s, st, c, keys[i].event ? VOTE_EVENT : VOTE_ENTITY, e);
	}
	if (!rc)
		rank_candidates(c);
	return rc;
}

/* ---- stories ----------------------------------------------------------------------- */

static int story_of(struct store *s, int64_t doc, int64_t *story, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT story_id FROM story_docs WHERE doc_id = ?1", &st, e);

	*story = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*story = sqlite3_column_int64(st, 0);
	store_stmt_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? DOSSIER_OK : store_db_error(store_db(s), e, "cannot read a story");
}

static int exec_bound(struct store *s, const char *sql, int64_t a, int64_t b, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK
				 : store_db_error(store_db(s), e, "cannot update a story");
}

/* A member added: size and publication span grow without reading them all. */
static int grow_story(struct store *s, int64_t story, int64_t doc, struct err *e)
{
	return exec_bound(s,
			  "UPDATE stories SET size = size + 1,"
			  " first = CASE WHEN first IS NULL OR p.published < first"
			  "         THEN p.published ELSE first END,"
			  " last = CASE WHEN last IS NULL OR p.published > last"
			  "        THEN p.published ELSE last END"
			  " FROM (SELECT published FROM docs WHERE id = ?2) AS p WHERE id = ?1",
			  story, doc, e);
}

/* Size and publication span from the members (after one left). */
static int refresh_story(struct store *s, int64_t story, struct err *e)
{
	return exec_bound(s,
			  "UPDATE stories SET"
			  " size = (SELECT count(*) FROM story_docs WHERE story_id = ?1),"
			  " first = (SELECT min(d.published) FROM story_docs m JOIN docs d"
			  "          ON d.id = m.doc_id WHERE m.story_id = ?1),"
			  " last = (SELECT max(d.published) FROM story_docs m JOIN docs d"
			  "         ON d.id = m.doc_id WHERE m.story_id = ?1)"
			  " WHERE id = ?1", story, 0, e);
}

/* Up to REP_MAX_MEMBERS + 1 member ids of a story, and how many there are. */
static int story_member_ids(struct store *s, int64_t story, int64_t *ids, size_t *n,
			    struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT doc_id FROM story_docs WHERE story_id = ?1"
				  " ORDER BY doc_id LIMIT ?2", &st, e);

	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_int(st, 2, REP_MAX_MEMBERS + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK
				 : store_db_error(store_db(s), e, "cannot read a story's members");
}

/* Is `a` a better representative than `b` on a tie: published earlier, then older. */
static int earlier(const struct dedup_profile *a, const struct dedup_profile *b)
{
	if (a->published != b->published) {
		if (a->published == DOC_TIME_NONE || b->published == DOC_TIME_NONE)
			return b->published == DOC_TIME_NONE;
		return a->published < b->published;
	}
	return a->doc < b->doc;
}

/*
 * The member most alike to all the others (the medoid): the report that
 * best stands for the story.  Large stories keep the one they have.
 */
static int choose_representative(struct store *s, int64_t story, struct err *e)
{
	int64_t ids[REP_MAX_MEMBERS + 1];
	struct dedup_profile *p;
	struct dedup_params params;
	size_t n, loaded = 0, best = 0;
	double best_sum = -1;
	int rc = story_member_ids(s, story, ids, &n, e);

	if (rc || n == 0 || n > REP_MAX_MEMBERS)
		return rc;
	if (!(p = calloc(n, sizeof *p)))
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	dedup_params_default(&params);
	for (; loaded < n && !rc; loaded++)
		rc = store_story_profile(s, ids[loaded], &p[loaded], e);
	for (size_t i = 0; i < n && !rc; i++) {
		double sum = 0;

		for (size_t j = 0; j < n; j++) {
			struct dedup_verdict v;

			if (i == j)
				continue;
			dedup_compare(&p[i], &p[j], &params, &v);
			sum += v.score;
		}
		if (sum > best_sum + 1e-9 || (sum > best_sum - 1e-9 && earlier(&p[i], &p[best]))) {
			best_sum = sum > best_sum ? sum : best_sum;
			best = i;
		}
	}
	if (!rc)
		rc = exec_bound(s, "UPDATE stories SET rep_doc = ?2 WHERE id = ?1", story,
				ids[best], e);
	for (size_t i = 0; i < loaded; i++)
		store_story_profile_release(&p[i]);
	free(p);
	return rc;
}

static int new_story(struct store *s, int64_t doc, int64_t *story, struct err *e)
{
	int rc = exec_bound(s, "INSERT INTO stories(rep_doc, size) VALUES (?1, 0)", doc, 0, e);

	*story = sqlite3_last_insert_rowid(store_db(s));
	return rc;
}

static int join_story(struct store *s, int64_t doc, int64_t story, int64_t matched,
		      const struct dedup_verdict *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "INSERT OR REPLACE INTO story_docs(doc_id, story_id, matched,"
				  " reason, score) VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_int64(st, 2, story);
	if (matched)
		sqlite3_bind_int64(st, 3, matched);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, matched ? dedup_reason_name(v->reason) : "first report", -1,
			  SQLITE_STATIC);
	sqlite3_bind_double(st, 5, matched ? v->score : 1);
	rc = sqlite3_step(st);
	store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return store_db_error(store_db(s), e, "cannot add a document to its story");
	rc = grow_story(s, story, doc, e);
	return rc ? rc : choose_representative(s, story, e);
}

/* A candidate judged the same story, and the verdict. */
struct match {
	int64_t doc;
	struct dedup_verdict v;
};

/* Is `a` a better match than `b`: the higher score, then the older document. */
static int better_match(const struct match *a, const struct match *b)
{
	return a->v.score > b->v.score || (a->v.score == b->v.score && a->doc < b->doc);
}

/* The candidates judged the same story as `self`, best first (*n of them). */
static int judge_candidates(struct store *s, const struct dedup_profile *self,
			    const struct candidates *c, struct match *out, size_t *n,
			    struct err *e)
{
	struct dedup_params params;

	*n = 0;
	dedup_params_default(&params);
	for (size_t i = 0; i < c->n; i++) {
		struct dedup_profile other;
		struct match m = { .doc = c->ids[i] };
		size_t at;
		int rc = store_story_profile(s, c->ids[i], &other, e);

		if (rc == DOSSIER_ENOTFOUND) /* written before stories were kept */
			continue;
		if (rc)
			return rc;
		dedup_compare(self, &other, &params, &m.v);
		store_story_profile_release(&other);
		if (!m.v.same)
			continue;
		for (at = (*n)++; at > 0 && better_match(&m, &out[at - 1]); at--)
			out[at] = out[at - 1];
		out[at] = m;
	}
	return DOSSIER_OK;
}

static int story_representative(struct store *s, int64_t story, int64_t *rep, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT rep_doc FROM stories WHERE id = ?1", &st, e);

	*rep = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, story);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*rep = sqlite3_column_int64(st, 0);
	store_stmt_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? DOSSIER_OK : store_db_error(store_db(s), e, "cannot read a story");
}

/* Does the judge leave `self` and the story `rep` stands for together
 * (*same 0: it sets them apart)? */
static int agrees_with(struct store *s, const struct dedup_profile *self, int64_t rep,
		       int *same, struct err *e)
{
	struct dedup_profile other;
	struct dedup_params params;
	struct dedup_verdict v;
	int rc = store_story_profile(s, rep, &other, e);

	*same = 0;
	if (rc == DOSSIER_ENOTFOUND)
		return DOSSIER_OK;
	if (rc)
		return rc;
	dedup_params_default(&params);
	dedup_compare(self, &other, &params, &v);
	store_story_profile_release(&other);
	*same = !dedup_apart(&v);
	return DOSSIER_OK;
}

/*
 * The story to join: that of the best match whose story's representative
 * the judge does not set apart from `self`.  Agreeing with one member is
 * not enough: A like B and B like C would chain A's story to C's (a speech
 * the day after a meeting, then the other minister's speech).  Requiring
 * the judge to find the representative the same story too would split
 * what independent reports, each told in its own words, rightly join
 * through one another.  *story 0: none.
 */
static int choose_story(struct store *s, const struct dedup_profile *self,
			const struct match *m, size_t n, int64_t *story, size_t *chosen,
			struct err *e)
{
	int64_t tried[CANDIDATES_JUDGED];
	size_t n_tried = 0;

	*story = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t candidate_story, rep;
		int seen = 0, same = 1;
		int rc = story_of(s, m[i].doc, &candidate_story, e);

		for (size_t j = 0; j < n_tried && !rc; j++)
			seen |= tried[j] == candidate_story;
		if (rc)
			return rc;
		if (!candidate_story || seen)
			continue;
		tried[n_tried++] = candidate_story;
		rc = story_representative(s, candidate_story, &rep, e);
		if (!rc && rep && rep != m[i].doc)
			rc = agrees_with(s, self, rep, &same, e);
		if (rc)
			return rc;
		if (same) {
			*story = candidate_story;
			*chosen = i;
			return DOSSIER_OK;
		}
	}
	return DOSSIER_OK;
}

static int write_fingerprint(struct store *s, int64_t doc, const struct dedup_fingerprint *fp,
			     struct err *e)
{
	unsigned char blob[4 * DEDUP_MINHASHES];
	sqlite3_stmt *st;
	int rc = store_prepare(s, "INSERT OR REPLACE INTO fingerprints(doc_id, minhash, simhash,"
				  " shingles) VALUES (?1, ?2, ?3, ?4)", &st, e);

	if (rc)
		return rc;
	encode_minhash(fp, blob);
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_blob(st, 2, blob, sizeof blob, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (int64_t)fp->simhash);
	sqlite3_bind_int64(st, 4, fp->shingles);
	rc = sqlite3_step(st);
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? DOSSIER_OK
				 : store_db_error(store_db(s), e, "cannot store a fingerprint");
}

static int assign_profiled(struct store *s, const struct dedup_profile *self, struct err *e)
{
	struct story_key keys[KEYS_MAX];
	struct candidates *c = calloc(1, sizeof *c);
	struct match *matches = malloc(CANDIDATES_JUDGED * sizeof *matches);
	struct dedup_verdict none = { 0 };
	int64_t bands[DEDUP_BANDS], story = 0;
	size_t n_keys = profile_keys(self, keys), n_matches = 0, chosen = 0;
	/* A text too short to shingle has the empty signature every such text
	 * has: its bands would make them all candidates of each other. */
	int n_bands = self->fp.shingles ? DEDUP_BANDS : 0, rc;

	if (!c || !matches) {
		free(c);
		free(matches);
		return err_set(e, DOSSIER_ENOMEM, "out of memory");
	}
	c->self = self->doc;
	dedup_bands(&self->fp, bands);
	rc = find_candidates(s, bands, n_bands, keys, n_keys, c, e);
	if (!rc)
		rc = judge_candidates(s, self, c, matches, &n_matches, e);
	free(c);
	if (!rc)
		rc = apply_keys(s, &add_keys_sql, self->doc, keys, n_keys, bands, n_bands, e);
	if (!rc)
		rc = choose_story(s, self, matches, n_matches, &story, &chosen, e);
	if (!rc && story)
		rc = join_story(s, self->doc, story, matches[chosen].doc, &matches[chosen].v, e);
	else if (!rc && !(rc = new_story(s, self->doc, &story, e)))
		rc = join_story(s, self->doc, story, 0, &none, e);
	free(matches);
	return rc;
}

int stories_assign(struct store *s, const struct doc *d, struct err *e)
{
	struct dedup_fingerprint fp;
	struct dedup_profile self;
	int rc = dedup_fingerprint(store_text(s), d, DEDUP_SHINGLE, &fp);

	if (rc)
		return err_set(e, rc, "cannot fingerprint the document");
	rc = write_fingerprint(s, d->id, &fp, e);
	if (!rc)
		rc = store_story_profile(s, d->id, &self, e);
	if (rc)
		return rc;
	rc = assign_profiled(s, &self, e);
	store_story_profile_release(&self);
	return rc;
}

int stories_detach(struct store *s, int64_t doc, struct err *e)
{
	struct story_key keys[KEYS_MAX];
	struct dedup_profile self;
	int64_t bands[DEDUP_BANDS], story = 0;
	int rc = store_story_profile(s, doc, &self, e);

	if (rc == DOSSIER_ENOTFOUND)
		return DOSSIER_OK; /* never fingerprinted */
	if (rc)
		return rc;
	cache_forget(s, doc);
	dedup_bands(&self.fp, bands);
	rc = apply_keys(s, &remove_keys_sql, doc, keys, profile_keys(&self, keys), bands,
			self.fp.shingles ? DEDUP_BANDS : 0, e);
	store_story_profile_release(&self);
	if (!rc)
		rc = story_of(s, doc, &story, e);
	if (!rc)
		rc = exec_bound(s, "DELETE FROM story_docs WHERE doc_id = ?1", doc, 0, e);
	if (!rc)
		rc = exec_bound(s, "DELETE FROM fingerprints WHERE doc_id = ?1", doc, 0, e);
	if (rc || !story)
		return rc;
	rc = refresh_story(s, story, e);
	if (!rc)
		rc = exec_bound(s, "DELETE FROM stories WHERE id = ?1 AND size = 0",
				story, 0, e);
	if (!rc)
		rc = exec_bound(s, "UPDATE stories SET rep_doc = (SELECT min(doc_id) FROM story_docs"
				   " WHERE story_id = ?1) WHERE id = ?1 AND rep_doc = ?2", story, doc, e);
	return rc ? rc : choose_representative(s, story, e);
}

/* Every document id, in order of publication (undated last). */
static int all_docs_by_publication(struct store *s, int64_t **ids, size_t *n, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM docs ORDER BY published IS NULL, published, id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot list the documents");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t grown_cap = cap ? cap * 2 : 1024;
			int64_t *grown = realloc(*ids, grown_cap * sizeof *grown);

			if (!grown)
				break;
			*ids = grown;
			cap = grown_cap;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return DOSSIER_OK;
	free(*ids);
	*ids = NULL;
	return rc == SQLITE_ROW ? err_set(e, DOSSIER_ENOMEM, "out of memory")
				: store_db_error(db, e, "cannot list the documents");
}

int stories_rebuild(struct store *s, struct err *e)
{
	static const char *const clear =
		"DELETE FROM story_docs; DELETE FROM stories; DELETE FROM lsh;"
		"DELETE FROM story_keys; DELETE FROM fingerprints;";
	int64_t *ids;
	size_t n;
	int rc;

	stories_cache_clear(store_stories_cache(s));
	if (sqlite3_exec(store_db(s), clear, NULL, NULL, NULL) != SQLITE_OK)
		return store_db_error(store_db(s), e, "cannot clear the stories");
	rc = all_docs_by_publication(s, &ids, &n, e);
	for (size_t i = 0; i < n && !rc; i++) {
		struct doc *d;

		rc = store_doc_get(s, ids[i], &d, e);
		if (rc)
			break;
		rc = stories_assign(s, d, e);
		if (rc)
			err_prefix(e, "document %lld", (long long)ids[i]);
		doc_free(d);
	}
	free(ids);
	return rc;
}

/* ---- reading stories ----------------------------------------------------------------- */

#define STORY_SELECT                                                               \
	"SELECT s.id, s.rep_doc, d.title, s.size, s.first, s.last"                  \
	" FROM stories s JOIN docs d ON d.id = s.rep_doc"

/* Steps a story query, calling `fn` per row; *rows counts them. */
static int step_stories(sqlite3 *db, sqlite3_stmt *st, store_story_fn fn, void *arg,
			size_t *rows, struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_story story = {
			.id = sqlite3_column_int64(st, 0),
			.rep_doc = sqlite3_column_int64(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.size = sqlite3_column_int64(st, 3),
			.first = store_column_time(st, 4),
			.last = store_column_time(st, 5),
		};
		int stop = fn(arg, &story);

		++*rows;
		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read the stories");
	sqlite3_finalize(st);
	return rc;
}

int store_stories_each(struct store *s, int64_t min_size, size_t limit, size_t offset,
		       store_story_fn fn, void *arg, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	size_t rows = 0;

	if (sqlite3_prepare_v2(db, STORY_SELECT " WHERE s.size >= ?1"
				   " ORDER BY s.last IS NULL, s.last DESC, s.size DESC, s.id"
				   " LIMIT ?2 OFFSET ?3", -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot list the stories");
	sqlite3_bind_int64(st, 1, min_size);
	sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(st, 3, (int64_t)offset);
	return step_stories(db, st, fn, arg, &rows, e);
}

int store_stories_count(struct store *s, int64_t min_size, int64_t *count, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM stories WHERE size >= ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot count the stories");
	sqlite3_bind_int64(st, 1, min_size);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? DOSSIER_OK : store_db_error(db, e, "cannot count the stories");
	sqlite3_finalize(st);
	return rc;
}

int store_story_get(struct store *s, int64_t id, store_story_fn fn, void *arg,
		    struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	size_t rows = 0;
	int rc;

	if (sqlite3_prepare_v2(db, STORY_SELECT " WHERE s.id = ?1", -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read the story");
	sqlite3_bind_int64(st, 1, id);
	rc = step_stories(db, st, fn, arg, &rows, e);
	if (!rc && !rows)
		rc = err_set(e, DOSSIER_ENOTFOUND, "no story %lld", (long long)id);
	return rc;
}

int store_story_members(struct store *s, int64_t id, store_member_fn fn, void *arg,
			struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT d.id, d.url, d.title, d.source, d.script, d.format,"
			       " d.published, d.fetched, m.reason, m.matched, d.flags"
			       " FROM story_docs m JOIN docs d ON d.id = m.doc_id"
			       " WHERE m.story_id = ?1"
			       " ORDER BY d.published IS NULL, d.published, d.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_db_error(db, e, "cannot read the story");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_doc_row row = {
			.id = sqlite3_column_int64(st, 0),
			.url = (const char *)sqlite3_column_text(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.source = (const char *)sqlite3_column_text(st, 3),
			.script = (const char *)sqlite3_column_text(st, 4),
			.format = (const char *)sqlite3_column_text(st, 5),
			.published = store_column_time(st, 6),
			.fetched = store_column_time(st, 7),
			.flags = (unsigned)sqlite3_column_int64(st, 10),
		};
		int stop = fn(arg, &row, (const char *)sqlite3_column_text(st, 8),
			      sqlite3_column_int64(st, 9));

		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? DOSSIER_OK : store_db_error(db, e, "cannot read the story");
	sqlite3_finalize(st);
	return rc;
}

int store_doc_story(struct store *s, int64_t doc, int64_t *story, struct err *e)
{
	int rc = story_of(s, doc, story, e);

	if (!rc && !*story)
		rc = err_set(e, DOSSIER_ENOTFOUND, "document %lld is in no story", (long long)doc);
	return rc;
}

int store_stories_rebuild(struct store *s, struct err *e)
{
	int rc;

	if (store_in_batch(s))
		return err_set(e, DOSSIER_EUSAGE, "cannot rebuild stories inside a batch of writes");
	rc = store_txn_begin(s, e);
	if (rc)
		return rc;
	rc = stories_rebuild(s, e);
	if (rc) {
		store_txn_rollback(s);
		return rc;
	}
	return store_txn_commit(s, "cannot commit the stories", e);
}
