/* draw.c: the only code that writes to the terminal. A frame erases
 * stdscr, places the rows that rows.c built, overlays the help if it is
 * shown, and reaches the terminal with one doupdate(), so curses sends
 * only what changed and nothing flickers. */
#include "config.h"

#include "tui/color.h"
#include "tui/draw.h"
#include "tui/tui-curses.h"

#define HELP_LINES 16

/* Draws LINE at ROW, COLUMN of WINDOW, span by span. */
static void
put_line(WINDOW *window, int row, int column, const struct line *line)
{
	const struct line_span *span;
	size_t i;

	wmove(window, row, column);
	for (i = 0; i < line->span_count; i++) {
		span = &line->spans[i];
		wattrset(window, color_attr(span->role));
		waddnstr(window, line->text + span->start,
		    (int)(span->end - span->start));
	}
	wattrset(window, A_NORMAL);
}

/* Returns how many data rows PANEL shows: its box less the title and
 * (segments, workers) the column headings. */
size_t
draw_visible(const struct layout *layout, enum model_panel panel)
{
	static const enum layout_panel boxes[MODEL_PANELS] = {
		LAYOUT_SEGMENTS, LAYOUT_WORKERS, LAYOUT_EVENTS
	};
	int rows = layout->boxes[boxes[panel]].rows - 1;

	if (panel != MODEL_EVENTS)
		rows--;
	return rows > 0 ? (size_t)rows : 0;
}

static void
draw_header(const struct rows_context *context, const struct layout_box *box)
{
	struct line lines[ROWS_HEADER];
	int i;

	rows_header(context, box->columns, lines);
	for (i = 0; i < ROWS_HEADER && i < box->rows; i++)
		put_line(stdscr, box->top + i, box->left, &lines[i]);
}

static void
draw_segments(const struct rows_context *context, const struct layout *layout)
{
	const struct layout_box *box = &layout->boxes[LAYOUT_SEGMENTS];
	const struct model *model = context->model;
	size_t visible = draw_visible(layout, MODEL_SEGMENTS), i;
	struct line line;

	rows_title(context, MODEL_SEGMENTS, box->columns, &line);
	put_line(stdscr, box->top, box->left, &line);
	rows_segment_heading(box->columns, &line);
	put_line(stdscr, box->top + 1, box->left, &line);
	for (i = 0; i < visible &&
	    model->scroll[MODEL_SEGMENTS] + i < model->order_count; i++) {
		rows_segment(model->order[model->scroll[MODEL_SEGMENTS] + i],
		    box->columns, &line);
		put_line(stdscr, box->top + 2 + (int)i, box->left, &line);
	}
}

static void
draw_workers(const struct rows_context *context, const struct layout *layout)
{
	const struct layout_box *box = &layout->boxes[LAYOUT_WORKERS];
	size_t visible = draw_visible(layout, MODEL_WORKERS), i, first;
	struct line line;

	first = context->model->scroll[MODEL_WORKERS];
	rows_title(context, MODEL_WORKERS, box->columns, &line);
	put_line(stdscr, box->top, box->left, &line);
	rows_worker_heading(box->columns, &line);
	put_line(stdscr, box->top + 1, box->left, &line);
	for (i = 0; i < visible && first + i < context->view->worker_count; i++) {
		rows_worker(context, (unsigned)(first + i), box->columns, &line);
		put_line(stdscr, box->top + 2 + (int)i, box->left, &line);
	}
}

static void
draw_stats(const struct rows_context *context, const struct layout *layout)
{
	const struct layout_box *box = &layout->boxes[LAYOUT_STATS];
	struct line lines[ROWS_STATS_MAX], line;
	size_t count, i;
	int row;

	rows_stats_title(box->columns, &line);
	put_line(stdscr, box->top, box->left, &line);
	count = rows_stats(context, box->columns, (size_t)box->rows - 1, lines);
	for (i = 0; i < count; i++)
		put_line(stdscr, box->top + 1 + (int)i, box->left, &lines[i]);
	wattrset(stdscr, color_attr(ROLE_BORDER));
	for (row = box->top + 1; row < box->top + box->rows; row++)
		mvwaddstr(stdscr, row, box->left - 1, line_utf8() ?
		    "\xe2\x94\x82" : "|");
	wattrset(stdscr, A_NORMAL);
}

/* Draws the newest events first, from the scroll position down. */
static void
draw_events(const struct rows_context *context, const struct layout *layout)
{
	const struct layout_box *box = &layout->boxes[LAYOUT_EVENTS];
	const struct engine_view *view = context->view;
	size_t visible = draw_visible(layout, MODEL_EVENTS), i, newest;
	struct line line;

	rows_title(context, MODEL_EVENTS, box->columns, &line);
	put_line(stdscr, box->top, box->left, &line);
	for (i = 0; i < visible; i++) {
		newest = context->model->scroll[MODEL_EVENTS] + i;
		if (newest >= view->event_count)
			break;
		rows_event(&view->events[view->event_count - 1 - newest],
		    box->columns, &line);
		put_line(stdscr, box->top + 1 + (int)i, box->left, &line);
	}
}

/* Draws the help overlay in a box in the middle of the screen. */
static void
draw_help(const struct layout *layout)
{
	struct line lines[HELP_LINES];
	size_t count = rows_help(lines, HELP_LINES), i;
	int width = 0, rows, columns;
	WINDOW *window;

	for (i = 0; i < count; i++)
		width = lines[i].columns > width ? lines[i].columns : width;
	rows = (int)count + 2;
	columns = width + 4 < layout->columns ? width + 4 : layout->columns;
	window = newwin(rows, columns, (layout->rows - rows) / 2,
	    (layout->columns - columns) / 2);
	if (window == NULL)
		return;
	wattrset(window, color_attr(ROLE_BORDER));
	if (line_utf8())
		box(window, 0, 0);
	else
		wborder(window, '|', '|', '-', '-', '+', '+', '+', '+');
	for (i = 0; i < count; i++) {
		line_truncate(&lines[i], columns - 4);
		put_line(window, 1 + (int)i, 2, &lines[i]);
	}
	wnoutrefresh(window);
	delwin(window);
}

/* Draws one frame of the dashboard for LAYOUT. */
void
draw_frame(const struct rows_context *context, const struct layout *layout)
{
	struct line line;

	werase(stdscr);
	if (layout->too_small) {
		rows_too_small(layout->rows, layout->columns, &line);
		put_line(stdscr, 0, 0, &line);
	} else {
		draw_header(context, &layout->boxes[LAYOUT_HEADER]);
		draw_segments(context, layout);
		draw_workers(context, layout);
		draw_stats(context, layout);
		draw_events(context, layout);
		rows_footer(layout->columns, &line);
		put_line(stdscr, layout->boxes[LAYOUT_FOOTER].top, 0, &line);
	}
	wnoutrefresh(stdscr);
	if (context->model->help && !layout->too_small)
		draw_help(layout);
	doupdate();
}
