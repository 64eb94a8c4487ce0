/*
 * event.h — the one vocabulary of engagement events, and the one rule of
 * when two reports tell the same event.
 *
 * Extraction (extract/), the timeline (query/timeline.c), story grouping
 * (dedup/, store/stories.c) and evaluation (eval/) all name types,
 * statuses and roles with these words and decide "the same event" with
 * these functions; what differs between them (how many days apart two
 * reports may date one event) is a parameter, said where it is chosen.
 * Adding a type means adding it here and giving data/events.tsv words
 * for it.
 */
#ifndef DOSSIER_CORE_EVENT_H
#define DOSSIER_CORE_EVENT_H

#include <stddef.h>

enum event_type {
	EVENT_MEET,             /* in person: 會見, 會晤, 見面 */
	EVENT_CALL,             /* phone or video: 通話 */
	EVENT_VISIT,            /* someone travels to a country or city: 訪華 */
	EVENT_TALKS,            /* formal talks or a named dialogue: 會談, 磋商 */
	EVENT_REQUEST_MEETING,  /* asks for a meeting or call: 請求, 提議 */
	EVENT_REFUSE_MEETING,   /* refuses one: 拒絕…會晤 */
	EVENT_SUSPEND_DIALOGUE, /* cuts talks or exchanges off: 中斷, 暫停 */
	EVENT_RESUME_DIALOGUE,  /* restores them: 恢復, 重啟 */
	EVENT_AGREE,            /* reach an agreement: 同意, 達成共識 */
	EVENT_TYPES
};

enum event_status {
	EVENT_OCCURRED,  /* it happened */
	EVENT_PLANNED,   /* scheduled or intended: 將, 定於 */
	EVENT_PROPOSED,  /* suggested or sought, without a plan */
	EVENT_REFUSED,   /* refused (refuse_meeting) */
	EVENT_CANCELLED, /* called off or postponed */
	EVENT_STATUSES
};

/*
 * What an actor is to its event.  Symmetric engagements have parties (and
 * an initiator when the text says who started it); a visit has a visitor
 * and a host (the country, city or person visited); a request a requester
 * and the one requested; a refusal a refuser and the requester refused.
 */
enum event_role {
	EVENT_ROLE_PARTY,
	EVENT_ROLE_INITIATOR,
	EVENT_ROLE_VISITOR,
	EVENT_ROLE_HOST,
	EVENT_ROLE_REQUESTER,
	EVENT_ROLE_REQUESTED,
	EVENT_ROLE_REFUSER,
	EVENT_ROLES
};

/* The names as stored and written in JSON ("meet", "occurred", "visitor"),
 * in enum order, NULL-terminated. */
extern const char *const event_type_names[EVENT_TYPES + 1];
extern const char *const event_status_names[EVENT_STATUSES + 1];
extern const char *const event_role_names[EVENT_ROLES + 1];

/* The enum value of a name, or -1 for NULL or an unknown name. */
int event_type_of(const char *name);
int event_status_of(const char *name);
int event_role_of(const char *name);

/*
 * The family a type is matched in: meet and talks are one (one outlet's
 * 會晤 is another's 會談), every other type its own.  -1 for -1.
 */
int event_family(int type);

/* Whether two type names are of one family (unknown names: when equal). */
int event_same_family(const char *a, const char *b);

/* Whether a status is a plan (planned or proposed). */
int event_status_is_plan(const char *status);

/*
 * Whether reports of it may come weeks apart: anything not occurred (a
 * plan, a proposal, a cancellation) and any request or refusal to meet.
 */
int event_is_tentative(const char *type, const char *status);

/*
 * What two reports say of the parties of their events, counted by the
 * caller in its own representation of actors.
 */
struct event_parties {
	size_t actors[2];     /* actors of each */
	size_t people[2];     /* of which people */
	size_t shared_actors; /* actors both name */
	size_t shared_people; /* people both name */
	int same_document;    /* both from one document */
};

/*
 * Whether the parties are those of one event: when both name people, as
 * many shared people as the fewer people, up to two (Blinken–Wang Yi and
 * Xi–Blinken are two meetings; Pelosi's visit told twice is one); else as
 * many shared actors as the fewer actors, up to two — one within a
 * document, which tells its event again with fewer words (中國拒絕了美方
 * 的會晤請求 … 中國不願會談); never none.
 */
int event_parties_agree(const struct event_parties *p);

/*
 * A line or event this confident (0..1) or more is shown as fact; below,
 * it is marked as doubtful ("?" in text, hollow in the UI, "confident":
 * false in JSON).  Extraction starts at 0.9 and takes off 0.2 for a date
 * that is only the report's, for people found through a pronoun or 雙方,
 * and for a request or refusal read from nearby words, 0.15 for a lone
 * actor, 0.05 for a cancellation (extract/events.c, confidence_of): below
 * this is one of the strong doubts, or a lone actor with another.
 */
#define EVENT_CONFIDENT 0.75

/* Whether `confidence` is EVENT_CONFIDENT or more (rounding forgiven). */
int event_is_confident(double confidence);

/* How many days apart two reports may date one event. */
#define EVENT_SLACK_ZONE 1  /* both day-precise: a day either side for time zones */
#define EVENT_SLACK_PLAN 31 /* a tentative event (event_is_tentative) */

/*
 * The slack for two reports: EVENT_SLACK_PLAN when either is tentative,
 * EVENT_SLACK_ZONE when both are dated to the day, else 0.
 */
int event_date_slack(int a_tentative, int b_tentative, int a_day, int b_day);

/* Whether day ranges [a_first, a_last] and [b_first, b_last] overlap,
 * `slack` days either side. */
int event_days_agree(int a_first, int a_last, int b_first, int b_last, int slack);

#endif
