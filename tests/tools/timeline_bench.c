/*
 * timeline_bench — how long the timeline's merge takes for N events, for
 * bench/RESULTS.md:
 *
 *	timeline_bench N [SEED]
 *
 * Makes N synthetic events the way an archive holds them: a tenth of the
 * entities are people, the rest countries; each event names two people
 * (or two countries), a type, a status, and a day in three years (a fifth
 * of them a month only, a tenth dated by their document, a twentieth
 * undated); about three reports per real event, since outlets repeat each
 * other.  Prints events, lines, seconds and peak RSS (MiB) as one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "query/query.h"

static const char *const types[] = { "meet", "call", "visit", "talks", "agree",
				     "request_meeting", "refuse_meeting" };

static unsigned long long next_random(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static char *dup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fputs("timeline_bench: out of memory\n", stderr);
		exit(1);
	}
	return d;
}

static void make_actor(struct timeline_actor *a, int64_t id, int person)
{
	char name[32];

	snprintf(name, sizeof name, "%s%lld", person ? "P" : "C", (long long)id);
	a->id = id;
	a->name = dup(name);
	a->type = dup(person ? "person" : "place");
}

/* One report of real event `real` (the same real event gives the same
 * type, actors and day). */
static void make_event(struct timeline_event *ev, size_t i, unsigned long long real)
{
	unsigned long long s = real * 2654435761ULL + 1, r = i * 40503ULL + 7;
	int person = next_random(&s) % 10 != 0;
	int64_t a = (int64_t)(next_random(&s) % (person ? 2000 : 200)) + (person ? 1000 : 1);
	int64_t b = (int64_t)(next_random(&s) % (person ? 2000 : 200)) + (person ? 1000 : 1);
	int day = (int)(next_random(&s) % (3 * 365));
	unsigned how = (unsigned)(next_random(&r) % 20);

	memset(ev, 0, sizeof *ev);
	ev->id = (int64_t)i + 1;
	ev->doc_id = (int64_t)(i / 3) + 1;
	ev->type = dup(types[next_random(&s) % (sizeof types / sizeof types[0])]);
	ev->status = dup(!strcmp(ev->type, "request_meeting")	? "proposed"
			 : !strcmp(ev->type, "refuse_meeting") ? "refused"
							       : "occurred");
	ev->rule = dup("bench");
	ev->confidence = 0.9;
	ev->actors = calloc(2, sizeof *ev->actors);
	if (!ev->actors)
		exit(1);
	make_actor(&ev->actors[0], a, person);
	make_actor(&ev->actors[1], a == b ? b + 1 : b, person);
	ev->n_actors = 2;
	ev->when.year = 2022 + day / 365;
	ev->when.month = day % 365 / 31 + 1;
	ev->when.day = how < 4 ? 0 : day % 365 % 28 + 1;
	ev->when.precision = how < 4 ? 2 : 0;
	ev->date_from_doc = how == 4 || how == 5;
	if (how == 6)
		memset(&ev->when, 0, sizeof ev->when);
	ev->published = ((int64_t)(day + 52 * 365 + 13) * 86400 + 3600) * 1000;
	ev->sentence = dup("bench");
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 0;
	unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
	struct timeline_event *events;
	struct timeline *t = NULL;
	struct err e = { 0 };
	struct timespec t0, t1;
	struct rusage ru;

	if (!n) {
		fputs("usage: timeline_bench N [SEED]\n", stderr);
		return 2;
	}
	events = calloc(n, sizeof *events);
	if (!events)
		return 1;
	for (size_t i = 0; i < n; i++)
		make_event(&events[i], i, (i / 3) * 7919 + seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (timeline_merge(events, n, NULL, &t, &e)) {
		fprintf(stderr, "timeline_bench: %s\n", e.msg);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	printf("events %zu lines %zu seconds %.3f rss_mib %.1f\n", n, t->n_lines,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       (double)ru.ru_maxrss / 1024.0);
	timeline_free(t);
	return 0;
}
