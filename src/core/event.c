/*
 * The vocabulary of events and the rule of sameness (event.h).
 */
#include "core/event.h"

#include <string.h>

const char *const event_type_names[EVENT_TYPES + 1] = {
	"meet", "call", "visit", "talks", "request_meeting", "refuse_meeting",
	"suspend_dialogue", "resume_dialogue", "agree", NULL,
};

const char *const event_status_names[EVENT_STATUSES + 1] = {
	"occurred", "planned", "proposed", "refused", "cancelled", NULL,
};

const char *const event_role_names[EVENT_ROLES + 1] = {
	"party", "initiator", "visitor", "host", "requester", "requested", "refuser", NULL,
};

static int index_of(const char *const *names, const char *name)
{
	for (int i = 0; name && names[i]; i++) {
		if (!strcmp(names[i], name))
			return i;
	}
	return -1;
}

int event_type_of(const char *name)
{
	return index_of(event_type_names, name);
}

int event_status_of(const char *name)
{
	return index_of(event_status_names, name);
}

int event_role_of(const char *name)
{
	return index_of(event_role_names, name);
}

int event_family(int type)
{
	return type == EVENT_TALKS ? EVENT_MEET : type;
}

int event_same_family(const char *a, const char *b)
{
	int ta = event_type_of(a), tb = event_type_of(b);

	if (ta < 0 || tb < 0)
		return a && b && !strcmp(a, b);
	return event_family(ta) == event_family(tb);
}

int event_status_is_plan(const char *status)
{
	int s = event_status_of(status);

	return s == EVENT_PLANNED || s == EVENT_PROPOSED;
}

int event_is_tentative(const char *type, const char *status)
{
	int t = event_type_of(type);

	return event_status_of(status) != EVENT_OCCURRED || t == EVENT_REQUEST_MEETING ||
	       t == EVENT_REFUSE_MEETING;
}

static size_t fewer(size_t a, size_t b)
{
	return a < b ? a : b;
}

int event_parties_agree(const struct event_parties *p)
{
	size_t need;

	if (p->people[0] && p->people[1]) {
		need = fewer(2, fewer(p->people[0], p->people[1]));
		return p->shared_people >= need;
	}
	need = fewer(2, fewer(p->actors[0], p->actors[1]));
	if (p->same_document && need)
		need = 1;
	return need && p->shared_actors >= need;
}

int event_is_confident(double confidence)
{
	return confidence >= EVENT_CONFIDENT - 1e-9;
}

int event_date_slack(int a_tentative, int b_tentative, int a_day, int b_day)
{
	if (a_tentative || b_tentative)
		return EVENT_SLACK_PLAN;
	return a_day && b_day ? EVENT_SLACK_ZONE : 0;
}

int event_days_agree(int a_first, int a_last, int b_first, int b_last, int slack)
{
	return a_first <= b_last + slack && b_first <= a_last + slack;
}
