/* layout.c: the dashboard's panels, top to bottom: the header (3 rows),
 * segments (what is left), workers beside the statistics, recent events,
 * and the footer with the keys (1 row). Below 80x24 the layout is marked
 * too small and the screen shows only a message. */
#include "config.h"

#include <string.h>

#include "tui/layout.h"

#define HEADER_ROWS 3
#define FOOTER_ROWS 1
#define STATS_ROWS 7		/* title, five levels, the durations */
#define SEGMENTS_MIN_ROWS 5	/* title, headings, three segments */
#define EVENTS_MIN 2
#define EVENTS_MAX 8

static int
clamp(int value, int low, int high)
{
	return value < low ? low : value > high ? high : value;
}

static void
set_box(struct layout_box *box, int top, int left, int rows, int columns)
{
	box->top = top;
	box->left = left;
	box->rows = rows;
	box->columns = columns;
}

/* Returns the rows of the middle band (workers and statistics) out of
 * AVAILABLE, leaving the segments their minimum. */
static int
middle_rows(int available, int events_rows, unsigned workers)
{
	int wanted = 2 + (int)(workers < 64 ? workers : 64);

	if (wanted < STATS_ROWS)
		wanted = STATS_ROWS;
	if (wanted < available / 4)
		wanted = available / 4;
	return clamp(wanted, STATS_ROWS, available - events_rows -
	    SEGMENTS_MIN_ROWS);
}

/* Computes LAYOUT for a terminal of ROWS x COLUMNS showing WORKERS
 * worker rows. */
void
layout_compute(struct layout *layout, int rows, int columns,
    unsigned workers)
{
	int available, events, middle, segments, left_columns, top;

	memset(layout, 0, sizeof *layout);
	layout->rows = rows;
	layout->columns = columns;
	if (rows < LAYOUT_MIN_ROWS || columns < LAYOUT_MIN_COLUMNS) {
		layout->too_small = 1;
		return;
	}
	available = rows - HEADER_ROWS - FOOTER_ROWS;
	events = 1 + clamp(available / 6, EVENTS_MIN, EVENTS_MAX);
	middle = middle_rows(available, events, workers);
	segments = available - events - middle;
	left_columns = columns * (columns >= 110 ? 42 : 45) / 100;
	top = 0;
	set_box(&layout->boxes[LAYOUT_HEADER], top, 0, HEADER_ROWS, columns);
	top += HEADER_ROWS;
	set_box(&layout->boxes[LAYOUT_SEGMENTS], top, 0, segments, columns);
	top += segments;
	set_box(&layout->boxes[LAYOUT_WORKERS], top, 0, middle, left_columns);
	set_box(&layout->boxes[LAYOUT_STATS], top, left_columns + 1, middle,
	    columns - left_columns - 1);
	top += middle;
	set_box(&layout->boxes[LAYOUT_EVENTS], top, 0, events, columns);
	top += events;
	set_box(&layout->boxes[LAYOUT_FOOTER], top, 0, FOOTER_ROWS, columns);
}
