/* check_tui_layout.c: the panels' boxes for terminal sizes from the
 * smallest accepted (80x24) to 300x100, with 0 to 64 workers (and more):
 * every box on screen and none overlapping, the rows covered top to
 * bottom as header, segments, workers beside statistics, events, footer;
 * the minimums each panel needs to show anything; and below 80x24 the
 * mark that the terminal is too small, with nothing else set. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "tui/layout.h"
#include "suites.h"

#define HEADER_ROWS 3		/* the header's three lines */
#define SEGMENTS_MIN 5		/* title, headings, three segments */
#define STATS_MIN 7		/* title, five levels, the durations */
#define EVENTS_MIN 3		/* title, two events */
#define WORKERS_SHOWN 64	/* the most workers the engine runs */
#define MAX_ROWS 100
#define MAX_COLUMNS 300

/* The widths tried: the smallest, around the 110-column step, the
 * usual ones and the largest. */
static const int widths[] = {
	80, 81, 99, 100, 109, 110, 111, 120, 132, 160, 200, 237, 256, 299, 300
};

#define WIDTH_COUNT ((int)(sizeof widths / sizeof widths[0]))

/* Each check below returns NULL if LAYOUT has the property it names, or
 * says what is wrong; the tests call Check only on a failure, since tens
 * of thousands of layouts are checked. */

/* Returns 1 if BOX lies on the screen of LAYOUT and is not empty. */
static int
on_screen(const struct layout *layout, const struct layout_box *box)
{
	return box->top >= 0 && box->left >= 0 && box->rows > 0 &&
	    box->columns > 0 && box->top + box->rows <= layout->rows &&
	    box->left + box->columns <= layout->columns;
}

/* Returns 1 if boxes A and B share a cell. */
static int
overlap(const struct layout_box *a, const struct layout_box *b)
{
	return a->top < b->top + b->rows && b->top < a->top + a->rows &&
	    a->left < b->left + b->columns && b->left < a->left + a->columns;
}

/* Every box on screen, no two sharing a cell. */
static const char *
boxes_fault(const struct layout *layout)
{
	int i, j;

	for (i = 0; i < LAYOUT_PANELS; i++)
		if (!on_screen(layout, &layout->boxes[i]))
			return "a box is empty or off the screen";
	for (i = 0; i < LAYOUT_PANELS; i++)
		for (j = i + 1; j < LAYOUT_PANELS; j++)
			if (overlap(&layout->boxes[i], &layout->boxes[j]))
				return "two boxes overlap";
	return NULL;
}

/* The bands follow each other from row 0 to the last: header (3 rows),
 * segments, the middle (workers and stats), events, footer (1 row); all
 * but the middle ones span the whole width. */
static const char *
bands_fault(const struct layout *layout)
{
	const struct layout_box *b = layout->boxes;
	static const enum layout_panel full[] = {
		LAYOUT_HEADER, LAYOUT_SEGMENTS, LAYOUT_EVENTS, LAYOUT_FOOTER
	};
	size_t i;

	if (b[LAYOUT_HEADER].top != 0 || b[LAYOUT_HEADER].rows != HEADER_ROWS ||
	    b[LAYOUT_SEGMENTS].top != HEADER_ROWS ||
	    b[LAYOUT_WORKERS].top != b[LAYOUT_SEGMENTS].top +
	    b[LAYOUT_SEGMENTS].rows ||
	    b[LAYOUT_STATS].top != b[LAYOUT_WORKERS].top ||
	    b[LAYOUT_STATS].rows != b[LAYOUT_WORKERS].rows ||
	    b[LAYOUT_EVENTS].top != b[LAYOUT_WORKERS].top +
	    b[LAYOUT_WORKERS].rows ||
	    b[LAYOUT_FOOTER].top != b[LAYOUT_EVENTS].top +
	    b[LAYOUT_EVENTS].rows ||
	    b[LAYOUT_FOOTER].rows != 1 ||
	    b[LAYOUT_FOOTER].top != layout->rows - 1)
		return "the bands do not cover the rows in order";
	for (i = 0; i < sizeof full / sizeof full[0]; i++)
		if (b[full[i]].left != 0 ||
		    b[full[i]].columns != layout->columns)
			return "a band is not as wide as the screen";
	return NULL;
}

/* The workers box is at the left and the stats box right of it up to
 * the right edge, with a free column between them for the border that
 * the stats panel draws left of its box. */
static const char *
middle_fault(const struct layout *layout)
{
	const struct layout_box *workers = &layout->boxes[LAYOUT_WORKERS];
	const struct layout_box *stats = &layout->boxes[LAYOUT_STATS];

	if (workers->left != 0)
		return "the workers box is not at the left";
	if (stats->left - 1 < workers->left + workers->columns)
		return "no free column left of the stats box";
	if (stats->left + stats->columns != layout->columns)
		return "the stats box does not reach the right edge";
	return NULL;
}

/* Each panel gets its minimum, and the workers box all its rows (title,
 * headings, a row per worker) unless that would take the segments'
 * minimum. */
static const char *
minimums_fault(const struct layout *layout, unsigned workers)
{
	const struct layout_box *b = layout->boxes;
	int shown = workers < WORKERS_SHOWN ? (int)workers : WORKERS_SHOWN;

	if (b[LAYOUT_SEGMENTS].rows < SEGMENTS_MIN)
		return "the segments get fewer than 5 rows";
	if (b[LAYOUT_STATS].rows < STATS_MIN)
		return "the stats get fewer than 7 rows";
	if (b[LAYOUT_EVENTS].rows < EVENTS_MIN)
		return "the events get fewer than 3 rows";
	if (b[LAYOUT_WORKERS].rows < 2 + shown &&
	    b[LAYOUT_SEGMENTS].rows != SEGMENTS_MIN)
		return "workers hidden while the segments have rows to spare";
	return NULL;
}

/* The middle band takes no more than the most of: the stats' minimum,
 * the workers' rows, a quarter of the rows between header and footer;
 * the segments get the rest. */
static const char *
greed_fault(const struct layout *layout, unsigned workers)
{
	int shown = workers < WORKERS_SHOWN ? (int)workers : WORKERS_SHOWN;
	int most = (layout->rows - HEADER_ROWS - 1) / 4;

	most = most > STATS_MIN ? most : STATS_MIN;
	most = most > 2 + shown ? most : 2 + shown;
	if (layout->boxes[LAYOUT_WORKERS].rows > most)
		return "the middle band takes rows the segments could have";
	return NULL;
}

/* Checks the layout of ROWS x COLUMNS with WORKERS. */
static void
check_layout(int rows, int columns, unsigned workers)
{
	struct layout layout;
	const char *fault;

	layout_compute(&layout, rows, columns, workers);
	if (layout.too_small || layout.rows != rows ||
	    layout.columns != columns)
		fault = "not laid out";
	else if ((fault = boxes_fault(&layout)) == NULL &&
	    (fault = bands_fault(&layout)) == NULL &&
	    (fault = middle_fault(&layout)) == NULL &&
	    (fault = minimums_fault(&layout, workers)) == NULL)
		fault = greed_fault(&layout, workers);
	if (fault != NULL)
		ck_abort_msg("%dx%d, %u workers: %s", columns, rows, workers,
		    fault);
}

/* Fails unless more WORKERS than the engine runs lay out as 64 do. */
static void
check_more_workers(int rows, int columns, unsigned workers)
{
	struct layout most, more;

	layout_compute(&most, rows, columns, WORKERS_SHOWN);
	layout_compute(&more, rows, columns, workers);
	if (memcmp(&most, &more, sizeof most) != 0)
		ck_abort_msg("%dx%d: %u workers take more room than 64",
		    columns, rows, workers);
}

/* Every height from 24 to 100 at one of the widths (_i), with 0 to 64
 * workers and a few more than the engine runs. */
START_TEST(test_sizes)
{
	int rows;
	unsigned workers;

	for (rows = LAYOUT_MIN_ROWS; rows <= MAX_ROWS; rows++) {
		for (workers = 0; workers <= WORKERS_SHOWN; workers++)
			check_layout(rows, widths[_i], workers);
		check_layout(rows, widths[_i], 65);
		check_layout(rows, widths[_i], 1000);
		check_more_workers(rows, widths[_i], 65);
		check_more_workers(rows, widths[_i], 1000);
	}
}
END_TEST

/* Every width from 80 to 300 at the smallest and the largest height. */
START_TEST(test_widths)
{
	int columns;

	for (columns = LAYOUT_MIN_COLUMNS; columns <= MAX_COLUMNS; columns++) {
		check_layout(LAYOUT_MIN_ROWS, columns, 1);
		check_layout(LAYOUT_MIN_ROWS, columns, 64);
		check_layout(MAX_ROWS, columns, 8);
	}
}
END_TEST

/* Fails unless ROWS x COLUMNS is marked too small, with no box set. */
static void
assert_too_small(int rows, int columns)
{
	struct layout layout, zero;
	int i;

	memset(&layout, 0x5a, sizeof layout);
	memset(&zero, 0, sizeof zero);
	layout_compute(&layout, rows, columns, 4);
	ck_assert_msg(layout.too_small, "%dx%d not too small", columns, rows);
	ck_assert_int_eq(layout.rows, rows);
	ck_assert_int_eq(layout.columns, columns);
	for (i = 0; i < LAYOUT_PANELS; i++)
		ck_assert(memcmp(&layout.boxes[i], &zero.boxes[i],
		    sizeof zero.boxes[i]) == 0);
}

/* One column or one row short of 80x24 is too small; 80x24 is not. */
START_TEST(test_too_small)
{
	struct layout layout;

	assert_too_small(24, 79);
	assert_too_small(23, 80);
	assert_too_small(23, 79);
	assert_too_small(80, 24);	/* rows and columns swapped */
	assert_too_small(0, 0);
	assert_too_small(-1, 300);
	assert_too_small(100, 40);
	layout_compute(&layout, 24, 80, 4);
	ck_assert_int_eq(layout.too_small, 0);
}
END_TEST

/* A layout of a tall terminal gives the segments the room the others
 * do not need: more than half the screen with a few workers. */
START_TEST(test_tall_segments)
{
	struct layout layout;

	layout_compute(&layout, MAX_ROWS, 120, 4);
	ck_assert_int_gt(layout.boxes[LAYOUT_SEGMENTS].rows, MAX_ROWS / 2);
	ck_assert_int_le(layout.boxes[LAYOUT_EVENTS].rows, 9);
}
END_TEST

/* With room, the workers box shows every worker: 64 of them on a
 * terminal 100 rows high. */
START_TEST(test_all_workers)
{
	struct layout layout;

	layout_compute(&layout, MAX_ROWS, 120, WORKERS_SHOWN);
	ck_assert_int_ge(layout.boxes[LAYOUT_WORKERS].rows, 2 + WORKERS_SHOWN);
	ck_assert_int_ge(layout.boxes[LAYOUT_SEGMENTS].rows, SEGMENTS_MIN);
}
END_TEST

Suite *
tui_layout_suite(void)
{
	Suite *suite = suite_create("tui_layout");
	TCase *sizes = tcase_create("sizes");

	tcase_add_loop_test(sizes, test_sizes, 0, WIDTH_COUNT);
	tcase_add_test(sizes, test_widths);
	tcase_add_test(sizes, test_too_small);
	tcase_add_test(sizes, test_tall_segments);
	tcase_add_test(sizes, test_all_workers);
	suite_add_tcase(suite, sizes);
	return suite;
}
