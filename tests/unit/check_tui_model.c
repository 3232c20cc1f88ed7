/* check_tui_model.c: the dashboard's model and rows, fed engine views
 * built by hand (no engine runs): rates over one-second windows and the
 * minute of history, segment order for each sort and with complete ones
 * hidden, the engine state shown, scroll clamping; then the text of every
 * row: exact sizes and offsets, state labels, workers numbered from 1,
 * reasons of failed segments, untrusted names escaped, level shares and
 * top services, the footer's keys, and every row exactly as wide as its
 * panel at 80 and 120 columns, in ASCII and in UTF-8. The C locale's
 * messages are English, so the labels tested are the English ones. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/engine.h"
#include "tui/layout.h"
#include "tui/line.h"
#include "tui/model.h"
#include "tui/rows.h"
#include "suites.h"

#define EPSILON 1e-9
#define HELP_MAX 16
#define FIT_ROWS 40		/* the terminal height of the width tests */

static struct engine_view view;	/* filled by hand; segments allocated */
static struct model model;

/* Every test starts from an empty view and model, in the C locale on an
 * ASCII terminal. engine_view_free matches what the tests allocate: the
 * segments array, no arena, and the totals. */
static void
setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C"));
	line_set_utf8(0);
	engine_view_init(&view);
	memset(&model, 0, sizeof model);
}

static void
teardown(void)
{
	model_free(&model);
	engine_view_free(&view);
	setlocale(LC_CTYPE, "C");
	line_set_utf8(0);
}

/* Appends a segment row to the view and returns it (valid until the
 * next one is added). Its worker is none; NAME is not copied. */
static struct engine_segment_view *
add_segment(const char *name, enum segment_state state, uint64_t size,
    uint64_t offset, int64_t mtime_ns)
{
	struct engine_segment_view *segment;

	view.segments = xreallocarray(view.segments, view.segment_count + 1,
	    sizeof *view.segments);
	view.segment_capacity = view.segment_count + 1;
	segment = &view.segments[view.segment_count++];
	memset(segment, 0, sizeof *segment);
	segment->name = name;
	segment->state = state;
	segment->size = size;
	segment->offset = offset;
	segment->mtime_ns = mtime_ns;
	segment->present = 1;
	segment->worker = -1;
	return segment;
}

/* Sets the records of the view and of its first two workers. */
static void
set_records(uint64_t records, uint64_t worker0, uint64_t worker1)
{
	view.stats.records = records;
	view.workers[0].records = worker0;
	view.workers[1].records = worker1;
}

/* Fails unless A and B are equal within EPSILON. */
static void
assert_near(double a, double b)
{
	ck_assert_msg(a > b - EPSILON && a < b + EPSILON, "%g is not %g", a, b);
}

/* No rate before a whole second; then the records of the window over
 * its length, for the view and each worker, and one history sample per
 * window; the average over the time since the start. */
START_TEST(test_rates)
{
	set_records(1000, 0, 0);
	model_init(&model, &view, 0);
	set_records(1100, 60, 40);
	model_update(&model, &view, 0.5);
	assert_near(model.rate, 0);
	ck_assert_uint_eq(model.history[0].count, 0);
	set_records(1200, 120, 80);
	model_update(&model, &view, 1.0);
	assert_near(model.rate, 200);
	assert_near(model.worker_rate[0], 120);
	assert_near(model.worker_rate[1], 80);
	ck_assert_uint_eq(model.history[0].count, 1);
	ck_assert_uint_eq(model.history[0].samples[0], 120);
	ck_assert_uint_eq(model.history[1].samples[0], 80);
	ck_assert_uint_eq(model.history[2].count, 1);
	ck_assert_uint_eq(model.history[2].samples[0], 0);
	set_records(1260, 150, 110);
	model_update(&model, &view, 2.0);
	assert_near(model.rate, 60);
	assert_near(model.worker_rate[0], 30);
	ck_assert_uint_eq(model.history[0].count, 2);
	ck_assert_uint_eq(model.history[0].samples[0], 120);
	ck_assert_uint_eq(model.history[0].samples[1], 30);
	assert_near(model_average_rate(&model, &view, 2.0), 130);
}
END_TEST

/* A window longer than a second (the UI was slow) is divided by its
 * length; a sample is the worker's rate, rounded. */
START_TEST(test_rate_long_window)
{
	set_records(0, 0, 0);
	model_init(&model, &view, 10);
	set_records(600, 300, 3);
	model_update(&model, &view, 12);
	assert_near(model.rate, 300);
	assert_near(model.worker_rate[0], 150);
	assert_near(model.worker_rate[1], 1.5);
	ck_assert_uint_eq(model.history[0].samples[0], 150);
	ck_assert_uint_eq(model.history[1].samples[0], 2);
	set_records(750, 450, 3);
	model_update(&model, &view, 13.5);
	assert_near(model.rate, 100);
	assert_near(model.worker_rate[0], 100);
	assert_near(model.worker_rate[1], 0);
}
END_TEST

/* The history keeps the last MODEL_HISTORY samples, oldest first. */
START_TEST(test_history_limit)
{
	uint64_t records = 0;
	size_t i;

	set_records(0, 0, 0);
	model_init(&model, &view, 0);
	for (i = 1; i <= MODEL_HISTORY + 5; i++) {
		records += i;
		set_records(records, records, 0);
		model_update(&model, &view, (double)i);
		ck_assert_uint_eq(model.history[0].count,
		    i < MODEL_HISTORY ? i : MODEL_HISTORY);
	}
	for (i = 0; i < MODEL_HISTORY; i++)
		ck_assert_uint_eq(model.history[0].samples[i], i + 6);
	ck_assert_uint_eq(model.history[1].count, MODEL_HISTORY);
}
END_TEST

/* The average counts only this run's records, over the time since the
 * dashboard started; none before any time passed. */
START_TEST(test_average_rate)
{
	set_records(100, 0, 0);
	model_init(&model, &view, 10);
	assert_near(model_average_rate(&model, &view, 10), 0);
	set_records(500, 0, 0);
	assert_near(model_average_rate(&model, &view, 14), 100);
	assert_near(model_average_rate(&model, &view, 9), 0);
}
END_TEST

/* Five segments whose orders by age, name, state, progress and size all
 * differ. The active file has the oldest mtime but comes last by age. */
static void
five_segments(void)
{
	add_segment("app.log.20260101-000300", SEGMENT_PENDING, 1000, 0, 300);
	add_segment("app.log.20260101-000100", SEGMENT_COMPLETE, 5000, 5000,
	    100);
	add_segment("app.log", SEGMENT_PROCESSING, 3000, 1500, 50)->active = 1;
	add_segment("app.log.20260101-000200", SEGMENT_FAILED, 2000, 500, 200);
	add_segment("app.log.20260101-000000", SEGMENT_PROCESSING, 4000, 3000,
	    0);
}

/* Reverses the view's segments: the order shown must not change. */
static void
reverse_segments(void)
{
	struct engine_segment_view swap;
	size_t i, j;

	for (i = 0, j = view.segment_count - 1; i < j; i++, j--) {
		swap = view.segments[i];
		view.segments[i] = view.segments[j];
		view.segments[j] = swap;
	}
}

/* Fails unless the model shows the COUNT segments NAMES, in order. */
static void
assert_order(const char *const *names, size_t count)
{
	size_t i;

	ck_assert_uint_eq(model.order_count, count);
	for (i = 0; i < count; i++)
		ck_assert_str_eq(model.order[i]->name, names[i]);
}

/* The order of five_segments() for each sort (_i): by age (mtime, the
 * active file last), by name, by state (processing, pending, failed,
 * complete; then by age), by progress (least read first), by size
 * (largest first); in the view's order and reversed. */
START_TEST(test_sort)
{
	static const char *const orders[MODEL_SORTS][5] = {
		[MODEL_SORT_AGE] = { "app.log.20260101-000000",
		  "app.log.20260101-000100", "app.log.20260101-000200",
		  "app.log.20260101-000300", "app.log" },
		[MODEL_SORT_NAME] = { "app.log", "app.log.20260101-000000",
		  "app.log.20260101-000100", "app.log.20260101-000200",
		  "app.log.20260101-000300" },
		[MODEL_SORT_STATE] = { "app.log.20260101-000000", "app.log",
		  "app.log.20260101-000300", "app.log.20260101-000200",
		  "app.log.20260101-000100" },
		[MODEL_SORT_PROGRESS] = { "app.log.20260101-000300",
		  "app.log.20260101-000200", "app.log",
		  "app.log.20260101-000000", "app.log.20260101-000100" },
		[MODEL_SORT_SIZE] = { "app.log.20260101-000100",
		  "app.log.20260101-000000", "app.log",
		  "app.log.20260101-000200", "app.log.20260101-000300" }
	};

	five_segments();
	model_init(&model, &view, 0);
	model.sort = (enum model_sort)_i;
	model_update(&model, &view, 0);
	assert_order(orders[_i], 5);
	reverse_segments();
	model_update(&model, &view, 0);
	assert_order(orders[_i], 5);
}
END_TEST

/* Hidden complete segments leave the others in their order. */
START_TEST(test_hide_complete)
{
	static const char *const by_age[] = {
		"app.log.20260101-000000", "app.log.20260101-000200",
		"app.log.20260101-000300", "app.log"
	};
	static const char *const by_size[] = {
		"app.log.20260101-000000", "app.log", "app.log.20260101-000200",
		"app.log.20260101-000300"
	};

	five_segments();
	model_init(&model, &view, 0);
	model.hide_complete = 1;
	model.sort = MODEL_SORT_AGE;
	model_update(&model, &view, 0);
	assert_order(by_age, 4);
	model.sort = MODEL_SORT_SIZE;
	model_update(&model, &view, 0);
	assert_order(by_size, 4);
	model.hide_complete = 0;
	model_update(&model, &view, 0);
	ck_assert_uint_eq(model.order_count, 5);
}
END_TEST

/* An empty segment counts as read when complete, unread otherwise; ties
 * of progress and of size fall back to age. */
START_TEST(test_sort_ties)
{
	static const char *const by_progress[] = { "b", "c", "a" };
	static const char *const by_size[] = { "b", "a", "c" };

	add_segment("a", SEGMENT_COMPLETE, 0, 0, 5);
	add_segment("c", SEGMENT_PENDING, 0, 0, 20);
	add_segment("b", SEGMENT_PENDING, 100, 0, 10);
	model_init(&model, &view, 0);
	model.sort = MODEL_SORT_PROGRESS;
	model_update(&model, &view, 0);
	assert_order(by_progress, 3);
	model.sort = MODEL_SORT_SIZE;
	model_update(&model, &view, 0);
	assert_order(by_size, 3);
}
END_TEST

/* A new view with more segments (a new array) is shown whole, its rows
 * pointing into it; an empty view shows none. */
START_TEST(test_update_new_view)
{
	size_t i;

	add_segment("a", SEGMENT_PENDING, 1, 0, 1);
	model_init(&model, &view, 0);
	model_update(&model, &view, 0);
	ck_assert_uint_eq(model.order_count, 1);
	five_segments();
	model_update(&model, &view, 0);
	ck_assert_uint_eq(model.order_count, 6);
	for (i = 0; i < model.order_count; i++) {
		ck_assert(model.order[i] >= view.segments &&
		    model.order[i] < view.segments + 6);
	}
	view.segment_count = 0;
	model_update(&model, &view, 0);
	ck_assert_uint_eq(model.order_count, 0);
}
END_TEST

/* The state shown, in order of precedence: stopping (asked, or the
 * engine finished), paused, catching up (a MiB or more behind), running
 * (busy or behind), idle. */
START_TEST(test_state)
{
	model_init(&model, &view, 0);
	ck_assert_int_eq(model_state(&model, &view), MODEL_IDLE);
	view.stats.bytes_behind = 1;
	ck_assert_int_eq(model_state(&model, &view), MODEL_RUNNING);
	view.stats.bytes_behind = 0;
	view.stats.busy_workers = 2;
	ck_assert_int_eq(model_state(&model, &view), MODEL_RUNNING);
	view.stats.bytes_behind = MODEL_BACKLOG - 1;
	ck_assert_int_eq(model_state(&model, &view), MODEL_RUNNING);
	view.stats.bytes_behind = MODEL_BACKLOG;
	ck_assert_int_eq(model_state(&model, &view), MODEL_CATCHING_UP);
	view.paused = 1;
	ck_assert_int_eq(model_state(&model, &view), MODEL_PAUSED);
	view.stats.finished = 1;
	ck_assert_int_eq(model_state(&model, &view), MODEL_STOPPING);
	view.stats.finished = 0;
	model.stopping = 1;
	ck_assert_int_eq(model_state(&model, &view), MODEL_STOPPING);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(model_state_name(MODEL_RUNNING), "running");
	ck_assert_str_eq(model_state_name(MODEL_PAUSED), "paused");
	ck_assert_str_eq(model_state_name(MODEL_CATCHING_UP), "catching up");
	ck_assert_str_eq(model_state_name(MODEL_IDLE), "idle");
	ck_assert_str_eq(model_state_name(MODEL_STOPPING), "stopping");
	ck_assert_str_eq(model_sort_name(MODEL_SORT_AGE), "age");
	ck_assert_str_eq(model_sort_name(MODEL_SORT_NAME), "name");
	ck_assert_str_eq(model_sort_name(MODEL_SORT_STATE), "state");
	ck_assert_str_eq(model_sort_name(MODEL_SORT_PROGRESS), "progress");
	ck_assert_str_eq(model_sort_name(MODEL_SORT_SIZE), "size");
	ck_assert_str_eq(rows_segment_state(SEGMENT_PENDING), "pending");
	ck_assert_str_eq(rows_segment_state(SEGMENT_PROCESSING), "processing");
	ck_assert_str_eq(rows_segment_state(SEGMENT_COMPLETE), "complete");
	ck_assert_str_eq(rows_segment_state(SEGMENT_FAILED), "failed");
	ck_assert_str_eq(rows_worker_state(ENGINE_WORKER_IDLE), "idle");
	ck_assert_str_eq(rows_worker_state(ENGINE_WORKER_BUSY), "busy");
	ck_assert_str_eq(rows_worker_state(ENGINE_WORKER_PAUSED), "paused");
	ck_assert_str_eq(rows_worker_state(ENGINE_WORKER_PARKED), "parked");
}
END_TEST

/* Scrolling stays within 0 and ROWS - VISIBLE; LONG_MIN and LONG_MAX go
 * to the top and the bottom; each panel scrolls alone. */
START_TEST(test_scroll)
{
	model_init(&model, &view, 0);
	model_scroll(&model, MODEL_SEGMENTS, 3, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 3);
	model_scroll(&model, MODEL_SEGMENTS, 10, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 6);
	model_scroll(&model, MODEL_SEGMENTS, -2, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 4);
	model_scroll(&model, MODEL_SEGMENTS, -100, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 0);
	model_scroll(&model, MODEL_SEGMENTS, LONG_MAX, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 6);
	model_scroll(&model, MODEL_SEGMENTS, LONG_MIN, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 0);
	model_scroll(&model, MODEL_SEGMENTS, 5, 10, 4);
	model_scroll(&model, MODEL_SEGMENTS, LONG_MIN + 1, 10, 4);
	ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 0);
	ck_assert_uint_eq(model.scroll[MODEL_WORKERS], 0);
	ck_assert_uint_eq(model.scroll[MODEL_EVENTS], 0);
}
END_TEST

/* A panel whose rows all fit, or that has none, never scrolls; one that
 * shrank below its scroll position comes back. */
START_TEST(test_scroll_fits)
{
	model_init(&model, &view, 0);
	model_scroll(&model, MODEL_EVENTS, 5, 3, 4);
	ck_assert_uint_eq(model.scroll[MODEL_EVENTS], 0);
	model_scroll(&model, MODEL_EVENTS, LONG_MAX, 4, 4);
	ck_assert_uint_eq(model.scroll[MODEL_EVENTS], 0);
	model_scroll(&model, MODEL_EVENTS, LONG_MAX, 0, 0);
	ck_assert_uint_eq(model.scroll[MODEL_EVENTS], 0);
	model_scroll(&model, MODEL_WORKERS, LONG_MAX, 64, 10);
	ck_assert_uint_eq(model.scroll[MODEL_WORKERS], 54);
	model_scroll(&model, MODEL_WORKERS, 0, 12, 10);
	ck_assert_uint_eq(model.scroll[MODEL_WORKERS], 2);
}
END_TEST

/* The sort starts by state and cycles through all five, each once, in
 * the order the help gives, each time back to the top of the segments;
 * the focus cycles through the three panels. */
START_TEST(test_cycle)
{
	static const char *const names[MODEL_SORTS] = {
		"state", "age", "name", "progress", "size"
	};
	int i;

	model_init(&model, &view, 0);
	model.scroll[MODEL_WORKERS] = 3;
	for (i = 0; i < MODEL_SORTS; i++) {
		ck_assert_str_eq(model_sort_name(model.sort), names[i]);
		model.scroll[MODEL_SEGMENTS] = 5;
		model_cycle_sort(&model);
		ck_assert_uint_eq(model.scroll[MODEL_SEGMENTS], 0);
		ck_assert_uint_eq(model.scroll[MODEL_WORKERS], 3);
	}
	ck_assert_int_eq(model.sort, MODEL_SORT_STATE);
	ck_assert_int_eq(model.focus, MODEL_SEGMENTS);
	model_next_focus(&model);
	ck_assert_int_eq(model.focus, MODEL_WORKERS);
	model_next_focus(&model);
	ck_assert_int_eq(model.focus, MODEL_EVENTS);
	model_next_focus(&model);
	ck_assert_int_eq(model.focus, MODEL_SEGMENTS);
}
END_TEST

/* Fails unless LINE can go to the terminal as it is: no control byte,
 * its width what its text measures, its spans covering its text. */
static void
assert_shown(const struct line *line)
{
	size_t i, at = 0;

	for (i = 0; i < line->length; i++)
		ck_assert_msg((unsigned char)line->text[i] >= 0x20 &&
		    line->text[i] != 0x7f, "control byte in \"%s\"",
		    line->text);
	ck_assert_uint_eq(strlen(line->text), line->length);
	ck_assert_int_eq(line->columns, line_width(line->text));
	for (i = 0; i < line->span_count; i++) {
		ck_assert_uint_eq(line->spans[i].start, at);
		at = line->spans[i].end;
	}
	ck_assert_uint_eq(at, line->length);
}

/* Fails unless LINE is shown safely and is WIDTH columns wide (EXACT)
 * or at most that. */
static void
assert_fits(const struct line *line, int width, int exact)
{
	assert_shown(line);
	if (exact)
		ck_assert_msg(line->columns == width,
		    "%d columns, not %d: \"%s\"", line->columns, width,
		    line->text);
	else
		ck_assert_msg(line->columns <= width,
		    "%d columns, over %d: \"%s\"", line->columns, width,
		    line->text);
}

/* Fails unless LINE's text holds NEEDLE. */
static void
assert_has(const struct line *line, const char *needle)
{
	ck_assert_msg(strstr(line->text, needle) != NULL,
	    "\"%s\" not in \"%s\"", needle, line->text);
}

static void
assert_has_not(const struct line *line, const char *needle)
{
	ck_assert_msg(strstr(line->text, needle) == NULL,
	    "\"%s\" in \"%s\"", needle, line->text);
}

/* Fails unless LINE's text starts with HEAD. */
static void
assert_starts(const struct line *line, const char *head)
{
	ck_assert_msg(strncmp(line->text, head, strlen(head)) == 0,
	    "\"%s\" does not start \"%s\"", head, line->text);
}

/* Fails unless LINE's text ends with TAIL. */
static void
assert_ends(const struct line *line, const char *tail)
{
	size_t length = strlen(tail);

	ck_assert_msg(line->length >= length && strcmp(line->text +
	    line->length - length, tail) == 0, "\"%s\" does not end \"%s\"",
	    tail, line->text);
}

/* Returns the column (ASCII: the byte) where NEEDLE starts in LINE, or
 * -1. */
static long
column_of(const struct line *line, const char *needle)
{
	const char *found = strstr(line->text, needle);

	return found != NULL ? found - line->text : -1;
}

/* Returns the column (ASCII text: the byte) where NEEDLE ends in LINE. */
static size_t
end_of(const struct line *line, const char *needle)
{
	const char *found = strstr(line->text, needle);

	ck_assert_msg(found != NULL, "\"%s\" not in \"%s\"", needle,
	    line->text);
	return (size_t)(found - line->text) + strlen(needle);
}

/* A processing segment's row shows its exact size and offset right
 * under their headings, its state, the share read and its worker, from 1;
 * from 110 columns, its lines too. _i: 80 or 120 columns. */
START_TEST(test_segment_numbers)
{
	int columns = _i ? 120 : 80;
	struct engine_segment_view *segment;
	struct line heading, row;

	segment = add_segment("app.log.20260101-000100", SEGMENT_PROCESSING,
	    98765432101ull, 12345678901ull, 0);
	segment->lines = 4242;
	segment->worker = 2;
	rows_segment_heading(columns, &heading);
	rows_segment(segment, columns, &row);
	assert_fits(&row, columns, 1);
	assert_starts(&row, "app.log.20260101-000100 ");
	assert_has(&row, " processing ");
	ck_assert_uint_eq(end_of(&row, " 98765432101"),
	    end_of(&heading, "SIZE"));
	ck_assert_uint_eq(end_of(&row, " 12345678901"),
	    end_of(&heading, "OFFSET"));
	assert_has(&row, " 12%");
	ck_assert_int_eq(column_of(&row, " #3 "), column_of(&heading, " WORKER"));
	if (columns >= 110)
		assert_has(&row, " 4242 ");
	else
		assert_has_not(&row, "4242");
}
END_TEST

/* Fills ROW for a segment of STATE, SIZE bytes, OFFSET read, at 80. */
static void
segment_row(enum segment_state state, uint64_t size, uint64_t offset,
    struct line *row)
{
	const struct engine_segment_view *segment;

	view.segment_count = 0;
	segment = add_segment("app.log.1", state, size, offset, 0);
	rows_segment(segment, 80, row);
	assert_fits(row, 80, 1);
}

/* Each state shows its label; no worker shows "-"; the share is 0% to
 * 100%, an empty complete segment 100%, one read past its size 100%. */
START_TEST(test_segment_states)
{
	struct line row;

	segment_row(SEGMENT_PENDING, 1000, 0, &row);
	assert_has(&row, " pending ");
	assert_has(&row, "   0% -");
	segment_row(SEGMENT_PENDING, 0, 0, &row);
	assert_has(&row, "   0% -");
	segment_row(SEGMENT_COMPLETE, 1000, 1000, &row);
	assert_has(&row, " complete ");
	assert_has(&row, " 100% -");
	segment_row(SEGMENT_COMPLETE, 0, 0, &row);
	assert_has(&row, " 100% -");
	segment_row(SEGMENT_PROCESSING, 1000, 1500, &row);
	assert_has(&row, " 100% -");
	segment_row(SEGMENT_PROCESSING, 1000, 999, &row);
	assert_has(&row, "  99% -");
}
END_TEST

/* A failed segment shows its reason and the bytes it lost in place of
 * the bar, after its exact size and offset. */
START_TEST(test_segment_failed)
{
	struct engine_segment_view *segment;
	struct line row;

	segment = add_segment("app.log.2", SEGMENT_FAILED, 4096, 2048, 0);
	segment->reason = "gone";
	segment->lost_bytes = 2048;
	rows_segment(segment, 80, &row);
	assert_fits(&row, 80, 1);
	assert_has(&row, " failed ");
	assert_has(&row, " 4096 ");
	assert_has(&row, " 2048 2.00 KiB lost: gone");
	assert_has_not(&row, "%");
	segment->reason = "deleted before it was read to the end";
	rows_segment(segment, 160, &row);
	assert_fits(&row, 160, 1);
	assert_has(&row, " 2048 2.00 KiB lost: deleted before it was read to "
	    "the end ");
	rows_segment(segment, 80, &row);
	assert_fits(&row, 80, 1);
	assert_has(&row, " 2048 2.00 KiB lost: ");
	segment->lost_bytes = 0;
	rows_segment(segment, 120, &row);
	assert_fits(&row, 120, 1);
	assert_has(&row, " 2048 deleted before it was read to the end ");
	assert_has_not(&row, "lost");
}
END_TEST

/* Sizes of 100 GB and more, too wide for the exact column, show in
 * binary units instead of running into the state or being cut. */
START_TEST(test_segment_huge)
{
	struct engine_segment_view *segment;
	struct line row;

	segment = add_segment("big.log", SEGMENT_PROCESSING, 123456789012ULL,
	    99999999999ULL, 0);
	rows_segment(segment, 80, &row);
	assert_fits(&row, 80, 1);
	assert_has(&row, " processing     115 GiB 99999999999 ");
}
END_TEST

/* Names and reasons with escape sequences and control characters are
 * shown escaped, the row still exactly as wide. */
START_TEST(test_segment_escaped)
{
	struct engine_segment_view *segment;
	struct line row;

	segment = add_segment("x\x1b]0;pwn\x07\x1b[2J\r\n", SEGMENT_PENDING,
	    10, 0, 0);
	rows_segment(segment, 120, &row);
	assert_fits(&row, 120, 1);
	assert_has(&row, "x\\x1b]0;pwn\\x07\\x1b[2J\\x0d\\x0a ");
	view.segment_count = 0;
	segment = add_segment("bad.log", SEGMENT_FAILED, 10, 0, 0);
	segment->reason = "\x1b[31mred\x7f\x9b";
	rows_segment(segment, 80, &row);
	assert_fits(&row, 80, 1);
	assert_has(&row, "\\x1b[31mred\\x7f\\x9b");
}
END_TEST

/* A name too long for its column keeps its end, the part that tells
 * segments apart, behind an ellipsis. */
START_TEST(test_segment_long_name)
{
	const struct engine_segment_view *segment;
	struct line row;

	segment = add_segment("a-very-long-directory-prefix.app.log."
	    "20260101-000100", SEGMENT_PENDING, 10, 0, 0);
	rows_segment(segment, 80, &row);
	assert_fits(&row, 80, 1);
	ck_assert_int_eq(row.text[0], '~');
	assert_has(&row, "20260101-000100 pending");
}
END_TEST

/* Fills the view's workers: busy on a segment, idle, paused, parked. */
static void
four_workers(void)
{
	view.worker_count = 4;
	view.workers_wanted = 3;
	view.workers[0].state = ENGINE_WORKER_BUSY;
	view.workers[0].segment = "app.log.20260101-000100";
	view.workers[0].records = 56789;
	view.workers[1].state = ENGINE_WORKER_IDLE;
	view.workers[2].state = ENGINE_WORKER_PAUSED;
	view.workers[3].state = ENGINE_WORKER_PARKED;
}

/* Returns a context over the view and model at time NOW. */
static struct rows_context
context_at(double now)
{
	struct rows_context context;

	context.model = &model;
	context.view = &view;
	context.now = now;
	context.logs_dir = "logs";
	context.pattern = "app.log";
	return context;
}

/* Worker rows are numbered from 1 and show the state label, the segment
 * (or "-"), the rate now and, from 50 columns, the records. */
START_TEST(test_worker_rows)
{
	static const char *const states[] = { "busy", "idle", "paused",
	    "parked" };
	struct rows_context context;
	struct line row;
	char number[8];
	unsigned i;

	four_workers();
	model_init(&model, &view, 0);
	model.worker_rate[0] = 1234;
	context = context_at(0);
	for (i = 0; i < 4; i++) {
		rows_worker(&context, i, 50, &row);
		assert_fits(&row, 50, 1);
		snprintf(number, sizeof number, "%-3u", i + 1);
		assert_starts(&row, number);
		ck_assert_msg(strncmp(row.text + 3, states[i],
		    strlen(states[i])) == 0, "%s", row.text);
	}
	rows_worker(&context, 0, 50, &row);
	assert_has(&row, " ~20260101-000100 ");
	assert_has(&row, " 1.23k");
	assert_has(&row, " 56.8k");
	rows_worker(&context, 0, 120, &row);
	assert_fits(&row, 120, 1);
	assert_has(&row, " app.log.20260101-000100 ");
	rows_worker(&context, 1, 36, &row);
	assert_fits(&row, 36, 1);
	assert_has(&row, "idle   -");
	rows_worker(&context, ENGINE_WORKERS_MAX - 1, 36, &row);
	assert_starts(&row, "64 ");
}
END_TEST

/* Sets worker 0's history to COUNT samples, the newest last: HIGH for
 * the seconds from FIRST_HIGH to LAST_HIGH (counted in the whole minute,
 * the oldest second 0), none otherwise. */
static void
set_history(size_t count, size_t first_high, size_t last_high,
    uint64_t high)
{
	struct model_history *history = &model.history[0];
	size_t i, second;

	for (i = 0; i < count; i++) {
		second = MODEL_HISTORY - count + i;
		history->samples[i] = second >= first_high &&
		    second <= last_high ? high : 0;
	}
	history->count = count;
}

/* Fills ROW for worker 0 at COLUMNS and returns its sparkline: the
 * row's last SPARK cells (ASCII). */
static const char *
sparkline(int columns, size_t spark, struct line *row)
{
	struct rows_context context = context_at(0);

	rows_worker(&context, 0, columns, row);
	assert_fits(row, columns, 1);
	ck_assert_uint_ge(row->length, spark);
	return row->text + row->length - spark;
}

/* The sparkline covers the whole last minute, newest on the right: a
 * cell per second where there is room (60 cells at 120 columns), a cell
 * per 7 or 8 seconds (their mean) in 8 cells at 36 columns; seconds
 * before the history began are blank. */
START_TEST(test_worker_sparkline)
{
	char expected[MODEL_HISTORY + 1];
	struct line row;

	four_workers();
	model_init(&model, &view, 0);
	set_history(MODEL_HISTORY, 30, 59, 100);
	memset(expected, ' ', 30);
	memset(expected + 30, '#', 30);
	expected[MODEL_HISTORY] = '\0';
	ck_assert_str_eq(sparkline(120, MODEL_HISTORY, &row), expected);
	set_history(5, 0, 59, 7);
	memset(expected, ' ', 55);
	memset(expected + 55, '#', 5);
	ck_assert_str_eq(sparkline(120, MODEL_HISTORY, &row), expected);
	set_history(MODEL_HISTORY, 52, 59, 100);
	ck_assert_str_eq(sparkline(36, 8, &row), "       #");
	set_history(MODEL_HISTORY, 0, 51, 100);
	ck_assert_str_eq(sparkline(36, 8, &row), "####### ");
	set_history(MODEL_HISTORY, 45, 55, 100);	/* last cell: half */
	ck_assert_str_eq(sparkline(36, 8, &row), "      #-");
	set_history(0, 0, 0, 0);
	ck_assert_str_eq(sparkline(36, 8, &row), "        ");
}
END_TEST

/* Returns the index of the first of COUNT LINES that holds NEEDLE. */
static size_t
line_with(const struct line *lines, size_t count, const char *needle)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strstr(lines[i].text, needle) != NULL)
			return i;
	ck_abort_msg("\"%s\" in no line", needle);
	return count;
}

/* Fills the totals: 200 records selected over the five levels, seven
 * services (more lines than the levels and durations take), durations 1
 * to 100 ms. */
static void
fill_totals(void)
{
	static const uint64_t levels[LEVEL_COUNT] = { 20, 100, 50, 20, 10 };
	uint64_t ms;
	int level;

	view.totals.selected = 200;
	for (level = 0; level < LEVEL_COUNT; level++)
		view.totals.levels[level] = levels[level];
	agg_add_service(&view.totals, "api", 3, 5);
	agg_add_service(&view.totals, "auth", 4, 50);
	agg_add_service(&view.totals, "billing", 7, 20);
	agg_add_service(&view.totals, "cache", 5, 50);
	agg_add_service(&view.totals, "feed", 4, 1);
	agg_add_service(&view.totals, "db", 2, 3);
	agg_add_service(&view.totals, "edge", 4, 2);
	for (ms = 1; ms <= 100; ms++)
		agg_add_duration(&view.totals, ms);
}

/* Fails unless the COUNT LINES show the levels in order with their
 * shares and counts, then the durations. */
static void
assert_levels(const struct line *lines, size_t count)
{
	static const char *const expected[] = {
		"DEBUG", "10.0%", "INFO", "50.0%", "WARNING", "25.0%",
		"ERROR", "10.0%", "FATAL", "5.0%"
	};
	int level;

	ck_assert_uint_ge(count, LEVEL_COUNT + 1);
	for (level = 0; level < LEVEL_COUNT; level++) {
		assert_starts(&lines[level], expected[2 * level]);
		assert_has(&lines[level], expected[2 * level + 1]);
	}
	assert_has(&lines[1], "50.0%     100");
	assert_has(&lines[LEVEL_COUNT], "p50 50 p95 95 p99 99");
}

/* Fails unless the first ROWS of LINES hold the separator of the
 * levels and the services, all in the same column. */
static void
assert_separator(const struct line *lines, size_t rows)
{
	long column = column_of(&lines[0], " | ");
	size_t i;

	ck_assert_int_gt(column, 0);
	for (i = 0; i < rows; i++)
		ck_assert_msg(column_of(&lines[i], " | ") == column,
		    "line %zu: \"%s\"", i, lines[i].text);
}

/* Fails unless the services show in descending count order, a tie by
 * name, after their title. */
static void
assert_services(const struct line *lines, size_t count)
{
	size_t title = line_with(lines, count, "TOP SERVICES");
	size_t auth = line_with(lines, count, "auth");
	size_t cache = line_with(lines, count, "cache");
	size_t billing = line_with(lines, count, "billing");
	size_t api = line_with(lines, count, "api ");
	size_t db = line_with(lines, count, "db ");
	size_t edge = line_with(lines, count, "edge ");
	size_t feed = line_with(lines, count, "feed ");

	ck_assert_uint_eq(auth, title + 1);
	ck_assert_uint_eq(cache, auth + 1);
	ck_assert_uint_eq(billing, cache + 1);
	ck_assert_uint_eq(api, billing + 1);
	ck_assert_uint_eq(db, api + 1);
	ck_assert_uint_eq(edge, db + 1);
	ck_assert_uint_eq(feed, edge + 1);
	assert_ends(&lines[auth], " 50");
	assert_ends(&lines[cache], " 50");
	assert_ends(&lines[billing], " 20");
	assert_ends(&lines[api], " 5");
}

/* The statistics: level shares and counts, percentiles, and the top
 * services: beside levels with bars and the durations (a wide panel, 69
 * columns); beside bare levels, four of them, the durations across
 * below (43 columns); below everything (40 columns). Services line up in
 * a column of their own. */
START_TEST(test_stats)
{
	static const int widths[] = { 40, 43, 69 };
	int columns = widths[_i];
	struct line lines[ROWS_STATS_MAX];
	struct rows_context context;
	size_t count, i;

	fill_totals();
	model_init(&model, &view, 0);
	context = context_at(0);
	count = rows_stats(&context, columns, ROWS_STATS_MAX, lines);
	for (i = 0; i < count; i++)
		assert_fits(&lines[i], columns, 0);
	assert_levels(lines, count);
	switch (_i) {
	case 0:		/* below: after the levels and the durations */
		ck_assert_uint_eq(count, LEVEL_COUNT + 1 + 8);
		assert_services(lines, count);
		ck_assert_uint_eq(line_with(lines, count, "TOP SERVICES"),
		    LEVEL_COUNT + 1);
		assert_has(&lines[1], "#");
		break;
	case 1:		/* the title and four services beside the levels */
		ck_assert_uint_eq(count, LEVEL_COUNT + 1);
		ck_assert_uint_eq(line_with(lines, count, "TOP SERVICES"), 0);
		ck_assert_uint_eq(line_with(lines, count, "auth"), 1);
		ck_assert_uint_eq(line_with(lines, count, "cache"), 2);
		ck_assert_uint_eq(line_with(lines, count, "billing"), 3);
		ck_assert_uint_eq(line_with(lines, count, "api "), 4);
		assert_separator(lines, LEVEL_COUNT);
		assert_has_not(&lines[LEVEL_COUNT], " | ");
		assert_has_not(&lines[1], "#");	/* no room for bars */
		break;
	default:	/* beside: the title and 7 services */
		ck_assert_uint_eq(count, 8);
		assert_services(lines, count);
		ck_assert_uint_eq(line_with(lines, count, "TOP SERVICES"), 0);
		assert_separator(lines, count);
		assert_has(&lines[1], "#");
	}
}
END_TEST

/* Nothing counted yet: 0.0% for each level, no durations, no
 * services; and never more lines than asked for. */
START_TEST(test_stats_empty)
{
	struct line lines[ROWS_STATS_MAX];
	struct rows_context context;
	size_t count;

	model_init(&model, &view, 0);
	context = context_at(0);
	count = rows_stats(&context, 40, ROWS_STATS_MAX, lines);
	ck_assert_uint_eq(count, LEVEL_COUNT + 2);
	assert_has(&lines[0], " 0.0%");
	assert_has(&lines[LEVEL_COUNT], "none yet");
	fill_totals();
	ck_assert_uint_eq(rows_stats(&context, 43, 3, lines), 3);
	ck_assert_uint_eq(rows_stats(&context, 69, 3, lines), 3);
}
END_TEST

/* The header: name, state, where, uptime on the right of an exactly
 * full first line; exact records; sizes, rates, malformed lines, lag
 * and segments below. Untrusted paths are escaped. */
START_TEST(test_header)
{
	struct line lines[ROWS_HEADER];
	struct rows_context context;
	int i;

	view.stats.records = 1000000;
	model_init(&model, &view, 100);
	view.stats.records = 1234567;
	view.stats.bytes = 1536;
	view.stats.rejected = 3;
	view.stats.segments = 5;
	view.stats.complete = 2;
	view.stats.failed = 1;
	view.paused = 1;
	model.rate = 200;
	context = context_at(165);
	context.logs_dir = "/var/log/\x1b[2Japp";
	context.pattern = "app\x07.log";
	rows_header(&context, 120, lines);
	assert_fits(&lines[0], 120, 1);
	assert_starts(&lines[0], " " PACKAGE_STRING " ");
	assert_has(&lines[0], " [paused] ");
	assert_has(&lines[0], "/var/log/\\x1b[2Japp/app\\x07.log");
	assert_ends(&lines[0], "up 0:01:05");
	for (i = 1; i < ROWS_HEADER; i++)
		assert_fits(&lines[i], 120, 0);
	assert_has(&lines[1], "records 1234567 ");
	assert_has(&lines[1], "bytes 1.50 KiB ");
	assert_has(&lines[1], "now 200/s ");
	assert_has(&lines[1], "average 3.61k/s");
	assert_has(&lines[2], "malformed 3 ");
	assert_has(&lines[2], "lag 0 B ");
	assert_has(&lines[2], "segments 2/5 complete, 1 failed ");
}
END_TEST

/* Counts too long for the header at its width are cut: no line is
 * wider than the panel, the first exactly as wide. */
START_TEST(test_header_narrow)
{
	struct line lines[ROWS_HEADER];
	struct rows_context context;
	int columns, i;

	model_init(&model, &view, 0);
	view.stats.records = view.stats.bytes = UINT64_MAX;
	view.stats.rejected = view.stats.bytes_behind = UINT64_MAX;
	view.stats.segments = view.stats.complete = SIZE_MAX;
	view.stats.failed = SIZE_MAX;
	model.rate = 1e30;
	context = context_at(1e9);
	for (columns = 40; columns <= 120; columns += 40) {
		rows_header(&context, columns, lines);
		assert_fits(&lines[0], columns, 1);
		for (i = 1; i < ROWS_HEADER; i++)
			assert_fits(&lines[i], columns, 0);
	}
}
END_TEST

/* A log directory too long for the first line is cut so that the
 * uptime still shows at its right end. */
START_TEST(test_header_long_path)
{
	char path[300];
	struct line lines[ROWS_HEADER];
	struct rows_context context;

	memset(path, 'd', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	model_init(&model, &view, 0);
	view.stats.bytes_behind = MODEL_BACKLOG;
	context = context_at(3600);
	context.logs_dir = path;
	rows_header(&context, 80, lines);
	assert_fits(&lines[0], 80, 1);
	assert_has(&lines[0], " [catching up] ");
	assert_has(&lines[0], "ddd");
	assert_ends(&lines[0], "  up 1:00:00");
	assert_fits(&lines[1], 80, 0);
	assert_fits(&lines[2], 80, 0);
}
END_TEST

/* Panel titles: what the segments panel shows and how, the workers
 * wanted and busy, and pause; the focused panel's title in its own role. */
START_TEST(test_titles)
{
	struct rows_context context;
	struct line line;

	five_segments();
	model_init(&model, &view, 0);
	model.hide_complete = 1;
	model.sort = MODEL_SORT_NAME;
	model_update(&model, &view, 0);
	view.workers_wanted = 4;
	view.stats.busy_workers = 3;
	view.paused = 1;
	context = context_at(0);
	rows_title(&context, MODEL_SEGMENTS, 120, &line);
	assert_fits(&line, 120, 1);
	assert_starts(&line, " Segments: 4 shown of 5, sorted by name, "
	    "complete ones hidden ");
	ck_assert_int_eq(line.spans[0].role, ROLE_TITLE_FOCUS);
	rows_title(&context, MODEL_WORKERS, 36, &line);
	assert_fits(&line, 36, 1);
	ck_assert_int_eq(line.spans[0].role, ROLE_TITLE);
	assert_has(&line, " Workers: 4 wanted, 3 busy, paused");
	model.focus = MODEL_EVENTS;
	rows_title(&context, MODEL_EVENTS, 80, &line);
	assert_fits(&line, 80, 1);
	assert_has(&line, " Recent events");
	ck_assert_int_eq(line.spans[0].role, ROLE_TITLE_FOCUS);
	rows_stats_title(43, &line);
	assert_fits(&line, 43, 1);
	assert_has(&line, " Levels, durations and services");
}
END_TEST

/* Sets TZ to VALUE (NULL: unset) for localtime_r. */
static void
set_tz(const char *value)
{
	if (value != NULL)
		ck_assert_int_eq(setenv("TZ", value, 1), 0);
	else
		unsetenv("TZ");
	tzset();
}

/* An event shows its local time and its text, escaped, in the role of
 * its kind, exactly as wide as the panel. */
START_TEST(test_event)
{
	static const enum role roles[] = { ROLE_NORMAL, ROLE_WARNING,
	    ROLE_ERROR };
	char *saved = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;
	struct engine_event event;
	struct line line;
	int kind;

	set_tz("UTC0");
	memset(&event, 0, sizeof event);
	event.time = 3661;
	snprintf(event.text, sizeof event.text, "skipped \x1b[31mapp.log\n");
	for (kind = ENGINE_INFO; kind <= ENGINE_ERROR; kind++) {
		event.kind = (enum engine_event_kind)kind;
		rows_event(&event, 80, &line);
		assert_fits(&line, 80, 1);
		assert_starts(&line, "01:01:01 skipped \\x1b[31mapp.log\\x0a ");
		ck_assert_int_eq(line.spans[0].role, ROLE_DIM);
		ck_assert_int_eq(line.spans[1].role, roles[kind]);
	}
	set_tz(saved);
	free(saved);
}
END_TEST

/* Sets the locale and terminal: UTF-8 or ASCII. */
static void
use_utf8(int utf8)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, utf8 ? "C.UTF-8" : "C"));
	line_set_utf8(utf8);
}

/* Splits the footer FULL (all keys shown) into its items at their
 * double spaces; returns how many. */
static size_t
footer_items(char *full, char **items, size_t max)
{
	size_t count = 0;
	char *at = full, *gap;

	while (count < max && *at != '\0') {
		items[count++] = at;
		if ((gap = strstr(at, "  ")) == NULL)
			break;
		*gap = '\0';
		at = gap + 2;
	}
	return count;
}

/* Fails unless the footer at WIDTH shows as many of ITEMS, whole and in
 * order, as fit in WIDTH, padded to WIDTH. */
static void
assert_footer(int width, char **items, size_t count)
{
	char expected[LINE_BYTES] = "";
	struct line line;
	int used = 0;
	size_t i, length;

	for (i = 0; i < count; i++) {
		used += line_width(items[i]) + (i == 0 ? 1 : 2);
		if (used > width)
			break;
		if (i > 0)
			strcat(expected, "  ");
		strcat(expected, items[i]);
	}
	rows_footer(width, &line);
	assert_fits(&line, width, 1);
	length = strlen(expected);
	ck_assert_msg(strncmp(line.text, expected, length) == 0 &&
	    strspn(line.text + length, " ") == line.length - length,
	    "width %d: \"%s\", not \"%s\"", width, line.text, expected);
}

/* The footer: the help key first, then each key and its word while they
 * fit whole, padded to the width; in ASCII (_i = 0) and UTF-8. */
START_TEST(test_footer)
{
	static const char *const words[] = { "help", "quit", "pause",
	    "workers", "focus", "scroll", "sort", "complete", "rescan" };
	char full[LINE_BYTES], *items[16];
	struct line line;
	size_t count, i;
	int width;

	use_utf8(_i);
	rows_footer(LINE_BYTES / 8, &line);
	assert_starts(&line, " ? help ");
	for (i = 0; i < 9; i++)
		assert_has(&line, words[i]);
	assert_has(&line, _i ? " \xe2\x86\x91\xe2\x86\x93 scroll" :
	    " Up Down scroll");
	snprintf(full, sizeof full, "%s", line.text);
	while (full[0] != '\0' && full[strlen(full) - 1] == ' ')
		full[strlen(full) - 1] = '\0';
	count = footer_items(full, items, 16);
	ck_assert_uint_eq(count, 9);
	for (width = 0; width <= 130; width++)
		assert_footer(width, items, count);
	rows_footer(80, &line);
	assert_starts(&line, " ? help  q quit ");
}
END_TEST

/* The help lists every key with what it does, between a title and a
 * closing hint; it fills no more lines than asked, none below two. */
START_TEST(test_help)
{
	struct line lines[HELP_MAX];
	size_t count, i;

	use_utf8(_i);
	count = rows_help(lines, HELP_MAX);
	ck_assert_uint_eq(count, 11);
	for (i = 0; i < count; i++)
		assert_shown(&lines[i]);
	ck_assert_str_eq(lines[0].text, "Keys");
	ck_assert_str_eq(lines[1].text, "?        show or hide this help");
	assert_starts(&lines[2], "q        quit");
	assert_has(&lines[6], _i ? "\xe2\x86\x91\xe2\x86\x93" : "Up Down");
	assert_has(&lines[6], "scroll the focused panel");
	ck_assert_str_eq(lines[10].text, "Any key closes this help.");
	ck_assert_uint_eq(rows_help(lines, 5), 5);
	assert_has_not(&lines[4], "Any key");
	ck_assert_uint_eq(rows_help(lines, 1), 0);
}
END_TEST

/* The message for a small terminal names its size and the minimum, and
 * fits the terminal's width. */
START_TEST(test_too_small)
{
	struct line line;

	rows_too_small(23, 79, &line);
	assert_fits(&line, 79, 0);
	assert_has(&line, "79x23");
	assert_has(&line, "80x24");
	rows_too_small(10, 40, &line);
	assert_fits(&line, 40, 0);
	assert_has(&line, "40x10");
}
END_TEST

/* Fills the view with everything a dashboard shows, hostile names and
 * texts included. */
static void
rich_view(void)
{
	struct engine_segment_view *segment;
	int i;

	five_segments();
	view.segments[4].worker = 0;
	add_segment("\xe6\x97\xa5\xe6\x9c\xac.log", SEGMENT_PENDING, 1, 0, 7);
	add_segment("huge\x1b[2J.log", SEGMENT_PROCESSING, UINT64_MAX,
	    UINT64_MAX / 2, 8)->worker = ENGINE_WORKERS_MAX - 1;
	segment = add_segment("gone\x07.log", SEGMENT_FAILED, 5000, 10, 9);
	segment->reason = "vanished \x1b[31mbefore it was read\x9b";
	segment->lost_bytes = 4990;
	view.segments[3].reason = "unreadable";
	four_workers();
	view.workers[1].segment = "evil\x1b]0;title\x07";
	fill_totals();
	agg_add_service(&view.totals, "svc\x1b[1m", 7, 1);
	view.event_count = 3;
	for (i = 0; i < 3; i++) {
		view.events[i].kind = (enum engine_event_kind)i;
		snprintf(view.events[i].text, sizeof view.events[i].text,
		    "event %d: \x1b[2J\r\n%s", i, i == 2 ?
		    "\xe6\x97\xa5\xe6\x9c\xac" : "x");
	}
}

/* Fails unless the rows of the panels in BOXES fit them exactly (or,
 * for the header's totals and the statistics, at most). */
static void
assert_panels_fit(const struct rows_context *context,
    const struct layout_box *boxes)
{
	int segments = boxes[LAYOUT_SEGMENTS].columns;
	int workers = boxes[LAYOUT_WORKERS].columns;
	int stats = boxes[LAYOUT_STATS].columns;
	struct line lines[ROWS_STATS_MAX];
	size_t count, i;

	rows_segment_heading(segments, &lines[0]);
	assert_fits(&lines[0], segments, 1);
	for (i = 0; i < view.segment_count; i++) {
		rows_segment(&view.segments[i], segments, &lines[0]);
		assert_fits(&lines[0], segments, 1);
	}
	rows_worker_heading(workers, &lines[0]);
	assert_fits(&lines[0], workers, 1);
	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		rows_worker(context, (unsigned)i, workers, &lines[0]);
		assert_fits(&lines[0], workers, 1);
	}
	rows_stats_title(stats, &lines[0]);
	assert_fits(&lines[0], stats, 1);
	count = rows_stats(context, stats, ROWS_STATS_MAX, lines);
	for (i = 0; i < count; i++)
		assert_fits(&lines[i], stats, 0);
	for (i = 0; i < view.event_count; i++) {
		rows_event(&view.events[i], boxes[LAYOUT_EVENTS].columns,
		    &lines[0]);
		assert_fits(&lines[0], boxes[LAYOUT_EVENTS].columns, 1);
	}
}

/* Every row of a full dashboard fits its panel: exactly where it pads,
 * at most for the header's totals and the statistics; no control byte
 * reaches any line. _i: bit 0 picks 80 or 120 columns, bit 1 UTF-8. */
START_TEST(test_rows_fit)
{
	int columns = _i & 1 ? 120 : 80, panel;
	struct line lines[ROWS_HEADER];
	struct rows_context context;
	struct layout layout;
	size_t i;

	use_utf8(_i >> 1);
	rich_view();
	model_init(&model, &view, 0);
	for (i = 0; i < MODEL_HISTORY; i++)
		model.history[0].samples[i] = i;
	model.history[0].count = MODEL_HISTORY;
	model_update(&model, &view, 1);
	layout_compute(&layout, FIT_ROWS, columns, view.worker_count);
	ck_assert(!layout.too_small);
	context = context_at(1);
	rows_header(&context, columns, lines);
	assert_fits(&lines[0], columns, 1);
	for (i = 1; i < ROWS_HEADER; i++)
		assert_fits(&lines[i], columns, 0);
	for (panel = 0; panel < MODEL_PANELS; panel++) {
		rows_title(&context, (enum model_panel)panel, columns,
		    &lines[0]);
		assert_fits(&lines[0], columns, 1);
	}
	rows_footer(columns, &lines[0]);
	assert_fits(&lines[0], columns, 1);
	assert_panels_fit(&context, layout.boxes);
	layout.boxes[LAYOUT_SEGMENTS].columns = columns;
	layout.boxes[LAYOUT_WORKERS].columns = columns;
	layout.boxes[LAYOUT_STATS].columns = columns;
	assert_panels_fit(&context, layout.boxes);
}
END_TEST

Suite *
tui_model_suite(void)
{
	Suite *suite = suite_create("tui_model");
	TCase *model_case = tcase_create("model");
	TCase *rows = tcase_create("rows");

	tcase_add_checked_fixture(model_case, setup, teardown);
	tcase_add_checked_fixture(rows, setup, teardown);
	tcase_add_test(model_case, test_rates);
	tcase_add_test(model_case, test_rate_long_window);
	tcase_add_test(model_case, test_history_limit);
	tcase_add_test(model_case, test_average_rate);
	tcase_add_loop_test(model_case, test_sort, 0, MODEL_SORTS);
	tcase_add_test(model_case, test_hide_complete);
	tcase_add_test(model_case, test_sort_ties);
	tcase_add_test(model_case, test_update_new_view);
	tcase_add_test(model_case, test_state);
	tcase_add_test(model_case, test_names);
	tcase_add_test(model_case, test_scroll);
	tcase_add_test(model_case, test_scroll_fits);
	tcase_add_test(model_case, test_cycle);
	tcase_add_loop_test(rows, test_segment_numbers, 0, 2);
	tcase_add_test(rows, test_segment_states);
	tcase_add_test(rows, test_segment_failed);
	tcase_add_test(rows, test_segment_huge);
	tcase_add_test(rows, test_segment_escaped);
	tcase_add_test(rows, test_segment_long_name);
	tcase_add_test(rows, test_worker_rows);
	tcase_add_test(rows, test_worker_sparkline);
	tcase_add_loop_test(rows, test_stats, 0, 3);
	tcase_add_test(rows, test_stats_empty);
	tcase_add_test(rows, test_header);
	tcase_add_test(rows, test_header_long_path);
	tcase_add_test(rows, test_header_narrow);
	tcase_add_test(rows, test_titles);
	tcase_add_test(rows, test_event);
	tcase_add_loop_test(rows, test_footer, 0, 2);
	tcase_add_loop_test(rows, test_help, 0, 2);
	tcase_add_test(rows, test_too_small);
	tcase_add_loop_test(rows, test_rows_fit, 0, 4);
	suite_add_tcase(suite, model_case);
	suite_add_tcase(suite, rows);
	return suite;
}
