/* check_dispatch.c: the dispatcher's ready queue hands out the segment
 * that a search of the whole table (the dispatcher it replaced, kept
 * here) would, on random tables that workers and scans change as the
 * engine does: a differential test. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dispatch.h"
#include "engine/segment.h"
#include "suites.h"

#define PATTERN "app.log"
#define TABLE_MAX 160
#define STEPS 3000

/* The names a random segment gets: few, so that times and names tie. */
static const char *const names[] = {
	"app.log", "app.log.1", "app.log.2", "app.log.10", "app.log.2.gz",
	"app.log-20260101", "app.log-20260101-1", "app.log.20260102-000000"
};

struct table {
	struct segment *segments[TABLE_MAX];
	size_t count;
	int processing[TABLE_MAX];	/* a worker holds it */
	uint64_t random;
};

/* Returns a pseudo-random number below N (a fixed sequence per seed). */
static unsigned
below(struct table *table, unsigned n)
{
	table->random = table->random * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return (unsigned)(table->random >> 33) % n;
}

/* The dispatcher before the queue: returns 1 if A should be read before
 * B, as engine.c's older() did. */
static int
old_older(const struct segment *a, const struct segment *b)
{
	if (a->active != b->active)
		return b->active;
	if (a->mtime_ns != b->mtime_ns)
		return a->mtime_ns < b->mtime_ns;
	return segment_name_order(a->name, b->name, PATTERN) < 0;
}

/* The dispatcher before the queue: the oldest ready segment found by a
 * search of the whole table, as engine_next_segment did. */
static struct segment *
old_next(const struct table *table, int once)
{
	struct segment *best = NULL, *segment;
	size_t i;

	for (i = 0; i < table->count; i++) {
		segment = table->segments[i];
		if (segment_ready(segment, once) &&
		    (best == NULL || old_older(segment, best)))
			best = segment;
	}
	return best;
}

/* Gives SEGMENT random fields, as a scan might leave them (a pending
 * segment most often). */
static void
scramble(struct table *table, struct segment *segment)
{
	static const enum segment_state states[] = {
		SEGMENT_PENDING, SEGMENT_PENDING, SEGMENT_PENDING,
		SEGMENT_COMPLETE, SEGMENT_FAILED
	};

	segment_rename(segment, names[below(table,
	    sizeof names / sizeof names[0])]);
	segment->active = strcmp(segment->name, PATTERN) == 0;
	segment->mtime_ns = below(table, 4);
	segment->state = states[below(table, 5)];
	segment->present = below(table, 8) != 0;
	segment->retired = below(table, 10) == 0;
	segment->needs_scan = below(table, 10) == 0;
	segment->stable = below(table, 2);
	segment->size = below(table, 4) * 10;
	segment->offset = below(table, 5) * 10;
	segment->stalled_size = below(table, 4) * 10;
}

static void
add_segment(struct table *table)
{
	struct segment_id id = { 0 };
	struct segment *segment;

	if (table->count == TABLE_MAX)
		return;
	segment = segment_new(PATTERN, &id);
	scramble(table, segment);
	table->processing[table->count] = 0;
	table->segments[table->count++] = segment;
}

/* Removes a random segment no worker holds, keeping the others' order,
 * as engine_remove_segment does. */
static void
remove_segment(struct table *table)
{
	size_t at;

	if (table->count == 0)
		return;
	at = below(table, (unsigned)table->count);
	if (table->processing[at])
		return;
	segment_free(table->segments[at]);
	memmove(table->segments + at, table->segments + at + 1,
	    (table->count - at - 1) * sizeof *table->segments);
	memmove(table->processing + at, table->processing + at + 1,
	    (table->count - at - 1) * sizeof *table->processing);
	table->count--;
}

/* A scan: changes any segment not held, adds and removes some; the
 * queue is told that the table changed. */
static void
scan(struct table *table, struct dispatch *dispatch)
{
	unsigned changes = below(table, 6), i;
	size_t at;

	for (i = 0; i < changes && table->count > 0; i++) {
		at = below(table, (unsigned)table->count);
		if (!table->processing[at])
			scramble(table, table->segments[at]);
	}
	if (below(table, 3) == 0)
		add_segment(table);
	if (below(table, 4) == 0)
		remove_segment(table);
	dispatch_invalidate(dispatch);
}

/* A worker ends its turn on a segment it held: it is pending again
 * (stalled, or grown meanwhile), complete or failed, as release() leaves
 * it, and offered back. Returns 0 if no worker held one. */
static int
end_turn(struct table *table, struct dispatch *dispatch)
{
	struct segment *segment;
	size_t i, start;

	if (table->count == 0)
		return 0;
	start = below(table, (unsigned)table->count);
	for (i = 0; i < table->count; i++) {
		if (table->processing[(start + i) % table->count])
			break;
	}
	if (i == table->count)
		return 0;
	i = (start + i) % table->count;
	segment = table->segments[i];
	table->processing[i] = 0;
	switch (below(table, 4)) {
	case 0:
		segment->state = SEGMENT_COMPLETE;
		break;
	case 1:
		segment->state = SEGMENT_FAILED;
		break;
	default:
		segment->state = SEGMENT_PENDING;
		segment->offset = segment->size;
		segment->stalled_size = segment->size;
		segment->size += below(table, 2) * 10;
		break;
	}
	dispatch_offer(dispatch, segment);
	return 1;
}

/* Marks SEGMENT taken by a worker, as worker_main does. */
static void
take(struct table *table, struct segment *segment)
{
	size_t i;

	for (i = 0; i < table->count; i++) {
		if (table->segments[i] == segment)
			table->processing[i] = 1;
	}
	segment->state = SEGMENT_PROCESSING;
}

/* On random tables, with and without --once (the loop's _i), each take
 * returns what the old search returns, step after step, while workers
 * take, read and give back segments and scans change the table. */
START_TEST(test_same_as_search)
{
	struct dispatch dispatch;
	struct table table;
	struct segment *expected, *got;
	unsigned seed, step, taken = 0;
	size_t i;

	for (seed = 1; seed <= 20; seed++) {
		memset(&table, 0, sizeof table);
		table.random = seed;
		dispatch_init(&dispatch, PATTERN, _i);
		for (i = below(&table, TABLE_MAX); i > 0; i--)
			add_segment(&table);
		for (step = 0; step < STEPS; step++) {
			expected = old_next(&table, _i);
			got = dispatch_take(&dispatch, table.segments, table.count);
			ck_assert_msg(got == expected, "seed %u, step %u: "
			    "took %s, not %s", seed, step,
			    got != NULL ? got->name : "none",
			    expected != NULL ? expected->name : "none");
			if (got != NULL) {
				take(&table, got);
				taken++;
			}
			if (below(&table, 3) != 0 && end_turn(&table, &dispatch))
				continue;
			if (got == NULL || below(&table, 8) == 0)
				scan(&table, &dispatch);
		}
		for (i = 0; i < table.count; i++)
			segment_free(table.segments[i]);
		dispatch_free(&dispatch);
	}
	ck_assert_uint_gt(taken, STEPS);	/* the test took segments */
}
END_TEST

/* Segments that neither time nor name tells apart come in the table's
 * order, as the search found them; a taken segment is not taken again
 * until it is offered back ready. */
START_TEST(test_ties_and_offers)
{
	struct segment_id id = { 0 };
	struct segment *segments[3];
	struct dispatch dispatch;
	size_t i;

	for (i = 0; i < 3; i++) {
		segments[i] = segment_new("app.log.1", &id);
		segments[i]->present = 1;
		segments[i]->size = 10;
	}
	dispatch_init(&dispatch, PATTERN, 1);
	ck_assert_ptr_eq(dispatch_take(&dispatch, segments, 3), segments[0]);
	segments[0]->state = SEGMENT_PROCESSING;
	ck_assert_ptr_eq(dispatch_take(&dispatch, segments, 3), segments[1]);
	segments[1]->state = SEGMENT_PROCESSING;
	segments[0]->state = SEGMENT_PENDING;	/* given back, ready */
	dispatch_offer(&dispatch, segments[0]);
	ck_assert_ptr_eq(dispatch_take(&dispatch, segments, 3), segments[0]);
	segments[0]->state = SEGMENT_COMPLETE;
	dispatch_offer(&dispatch, segments[0]);	/* given back, done */
	ck_assert_ptr_eq(dispatch_take(&dispatch, segments, 3), segments[2]);
	segments[2]->state = SEGMENT_PROCESSING;
	ck_assert_ptr_null(dispatch_take(&dispatch, segments, 3));
	dispatch_free(&dispatch);
	for (i = 0; i < 3; i++)
		segment_free(segments[i]);
}
END_TEST

Suite *
dispatch_suite(void)
{
	Suite *suite = suite_create("dispatch");
	TCase *queue = tcase_create("queue");

	tcase_add_loop_test(queue, test_same_as_search, 0, 2);
	tcase_add_test(queue, test_ties_and_offers);
	suite_add_tcase(suite, queue);
	return suite;
}
