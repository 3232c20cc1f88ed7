/* layout.h: where each panel of the dashboard goes for a terminal size.
 * Pure arithmetic, tested without a terminal. */
#ifndef LOGPROC_LAYOUT_H
#define LOGPROC_LAYOUT_H

#define LAYOUT_MIN_COLUMNS 80
#define LAYOUT_MIN_ROWS 24

enum layout_panel {
	LAYOUT_HEADER,		/* title and totals */
	LAYOUT_SEGMENTS,
	LAYOUT_WORKERS,
	LAYOUT_STATS,		/* levels, durations, services */
	LAYOUT_EVENTS,
	LAYOUT_FOOTER,		/* the keys */
	LAYOUT_PANELS
};

struct layout_box {
	int top, left, rows, columns;
};

struct layout {
	int rows, columns;		/* of the terminal */
	int too_small;			/* below 80x24: nothing else is set */
	struct layout_box boxes[LAYOUT_PANELS];
};

void layout_compute(struct layout *layout, int rows, int columns,
    unsigned workers);

#endif /* LOGPROC_LAYOUT_H */
