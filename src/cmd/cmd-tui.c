/* cmd-tui.c: logproc tui, the engine behind a live dashboard. The main
 * thread owns the screen: each pass takes one view of the engine (one
 * short hold of its lock), lets the model take it in, draws a frame, and
 * waits up to --refresh for a key. Quitting (q, SIGINT, SIGTERM, SIGHUP,
 * --frames, or --once when done) stops the engine like logproc run does:
 * at a line boundary, with the checkpoint written, then gives the
 * terminal back and prints the summary. */
#include "config.h"

#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/runopt.h"
#include "cmd/signals.h"
#include "cmd/summary.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "tui/draw.h"
#include "tui/layout.h"
#include "tui/model.h"
#include "tui/rows.h"
#include "tui/screen.h"
#include "tui/tui-curses.h"

#define WHEEL_ROWS 3
#define TICK_MS 100		/* signals and the end are noticed this fast */

struct dashboard {
	struct engine *engine;
	const struct runopt *options;
	struct engine_view view;
	struct model model;
	struct layout layout;
	int quit;
};

static void
tui_help(FILE *out)
{
	fputs(_("Usage: logproc tui [OPTIONS]\n"
	    "Process the log directory as logproc run does, behind a live\n"
	    "dashboard: segments, workers, levels, services, durations and\n"
	    "events. Press ? in it for the keys; q quits, writing the\n"
	    "checkpoint first.\n"), out);
	fputs(_("\nOptions:\n"), out);
	runopt_help_location(out);
	runopt_help_engine(out);
	fputs(_("  --refresh D          time between frames, 10ms to 10s (default 250ms)\n"
	    "  --frames N           quit after N frames (for scripts and tests)\n"
	    "  --help               show this help and exit\n"), out);
	fputs(_("\nWith --once, the dashboard closes by itself when everything present\n"
	    "is read. On exit, the summary of the run is printed as by logproc run.\n"),
	    out);
	cmd_print_footer(out, "-workers 4");
}

static double
now_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Returns the rows PANEL holds now. */
static size_t
panel_rows(const struct dashboard *board, enum model_panel panel)
{
	switch (panel) {
	case MODEL_SEGMENTS:
		return board->model.order_count;
	case MODEL_WORKERS:
		return board->view.worker_count;
	default:
		return board->view.event_count;
	}
}

/* Keeps every panel's scroll position within its rows, which may have
 * become fewer (complete ones hidden, workers taken away). */
static void
clamp_scrolls(struct dashboard *board)
{
	int panel;

	for (panel = 0; panel < MODEL_PANELS; panel++)
		model_scroll(&board->model, (enum model_panel)panel, 0,
		    panel_rows(board, (enum model_panel)panel),
		    draw_visible(&board->layout, (enum model_panel)panel));
}

/* Takes a view, updates the model, lays out and draws one frame. */
static void
refresh_frame(struct dashboard *board)
{
	struct rows_context context;

	engine_view(board->engine, &board->view);
	model_update(&board->model, &board->view, now_seconds());
	layout_compute(&board->layout, LINES, COLS, board->view.worker_count);
	clamp_scrolls(board);
	context.model = &board->model;
	context.view = &board->view;
	context.now = now_seconds();
	context.logs_dir = board->options->engine.logs_dir;
	context.pattern = board->options->engine.pattern;
	draw_frame(&context, &board->layout);
}

/* Scrolls the focused panel by DELTA rows. */
static void
scroll_focused(struct dashboard *board, long delta)
{
	enum model_panel panel = board->model.focus;

	model_scroll(&board->model, panel, delta, panel_rows(board, panel),
	    draw_visible(&board->layout, panel));
}

/* Returns the panel under screen ROW, or the focused one. */
static enum model_panel
panel_at(const struct dashboard *board, int row)
{
	const struct layout_box *boxes = board->layout.boxes;

	if (row >= boxes[LAYOUT_SEGMENTS].top &&
	    row < boxes[LAYOUT_WORKERS].top)
		return MODEL_SEGMENTS;
	if (row >= boxes[LAYOUT_WORKERS].top && row < boxes[LAYOUT_EVENTS].top)
		return MODEL_WORKERS;
	if (row >= boxes[LAYOUT_EVENTS].top && row < boxes[LAYOUT_FOOTER].top)
		return MODEL_EVENTS;
	return board->model.focus;
}

/* Scrolls the panel under the mouse wheel. */
static void
take_mouse(struct dashboard *board)
{
	MEVENT event;

	if (getmouse(&event) != OK)
		return;
	board->model.focus = panel_at(board, event.y);
	if (event.bstate & BUTTON4_PRESSED)
		scroll_focused(board, -WHEEL_ROWS);
	else if (event.bstate & BUTTON5_PRESSED)
		scroll_focused(board, WHEEL_ROWS);
}

/* Acts on the keys that move around the dashboard; returns 1 if KEY was
 * one of them. */
static int
take_movement(struct dashboard *board, int key)
{
	long page = (long)draw_visible(&board->layout, board->model.focus);

	switch (key) {
	case '\t':
		model_next_focus(&board->model);
		break;
	case KEY_UP:
		scroll_focused(board, -1);
		break;
	case KEY_DOWN:
		scroll_focused(board, 1);
		break;
	case KEY_PPAGE:
		scroll_focused(board, -(page > 1 ? page - 1 : 1));
		break;
	case KEY_NPAGE:
		scroll_focused(board, page > 1 ? page - 1 : 1);
		break;
	case KEY_HOME:
		scroll_focused(board, LONG_MIN);
		break;
	case KEY_END:
		scroll_focused(board, LONG_MAX);
		break;
	case KEY_MOUSE:
		take_mouse(board);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Blocks (HOW: SIG_BLOCK) or unblocks SIGWINCH in this thread. It is
 * blocked whenever a thread is created, so that only this one takes it
 * and curses sees a resize at once. */
static void
mask_resize(int how)
{
	sigset_t resize;

	sigemptyset(&resize);
	sigaddset(&resize, SIGWINCH);
	pthread_sigmask(how, &resize, NULL);
}

/* Asks for DELTA (+1 or -1) workers more; new worker threads are made
 * with SIGWINCH blocked. */
static void
change_workers(struct dashboard *board, int delta)
{
	mask_resize(SIG_BLOCK);
	engine_set_workers(board->engine, board->view.workers_wanted + delta);
	mask_resize(SIG_UNBLOCK);
}

/* Acts on KEY. */
static void
take_key(struct dashboard *board, int key)
{
	struct model *model = &board->model;

	if (model->help && key != KEY_RESIZE && key != KEY_MOUSE) {
		model->help = 0;	/* any key closes the help */
		return;
	}
	if (take_movement(board, key))
		return;
	switch (key) {
	case 'q':
	case 'Q':
		board->quit = 1;
		break;
	case 'p':
		engine_pause(board->engine, !board->view.paused);
		break;
	case '+':
		change_workers(board, 1);
		break;
	case '-':
		change_workers(board, -1);
		break;
	case 's':
		model_cycle_sort(model);
		break;
	case 'c':
		model->hide_complete = !model->hide_complete;
		model->scroll[MODEL_SEGMENTS] = 0;
		break;
	case 'r':
		engine_rescan(board->engine);
		break;
	case '?':
		model->help = 1;
		break;
	case KEY_RESIZE:
		clearok(curscr, TRUE);	/* redraw all of it */
		break;
	}
}

/* Returns 1 when the dashboard should close. */
static int
done(const struct dashboard *board, uint64_t frames)
{
	const struct runopt *options = board->options;

	if (board->quit || signals_stop_requested())
		return 1;
	if (options->frames != 0 && frames >= options->frames)
		return 1;
	return board->view.stats.finished;	/* --once done, or failed */
}

/* Waits up to SECONDS (at most a tick) for a key, a stop signal, the
 * engine's end or a resize (which interrupts the wait). */
static void
wait_input(struct engine *engine, double seconds)
{
	struct pollfd fds[3] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = signals_stop_fd(), .events = POLLIN },
		{ .fd = engine_done_fd(engine), .events = POLLIN },
	};
	int milliseconds = (int)(seconds * 1000) + 1;

	if (milliseconds > TICK_MS)
		milliseconds = TICK_MS;
	poll(fds, 3, milliseconds);	/* negative descriptors: ignored */
}

/* Returns 1 if the engine finished (--once done, or failed) since the
 * last frame. */
static int
finished_now(struct dashboard *board)
{
	struct engine_stats stats;

	engine_stats(board->engine, &stats);
	return stats.finished;
}

/* Shows the dashboard until it should close: a frame every --refresh,
 * and at once after a key; a signal or the engine's end is noticed
 * within a tick, whatever the refresh. */
static void
show(struct dashboard *board)
{
	double period = (double)board->options->refresh_ns / 1e9, next = 0;
	uint64_t frames = 0;
	int key, keys = 1;

	nodelay(stdscr, TRUE);
	for (;;) {
		if (keys || now_seconds() >= next) {
			refresh_frame(board);
			next = now_seconds() + period;
			if (done(board, ++frames))
				break;
		} else if (signals_stop_requested() || finished_now(board))
			break;
		wait_input(board->engine, next - now_seconds());
		for (keys = 0; (key = getch()) != ERR; keys = 1)
			take_key(board, key);
	}
	board->model.stopping = 1;
	refresh_frame(board);	/* "stopping" while the checkpoint is written */
}

/* Starts the engine and the screen; returns 0, or an exit status. */
static int
start(struct dashboard *board, struct agg *before)
{
	char *cause;
	int started;

	if ((board->engine = engine_open(&board->options->engine,
	    &cause)) == NULL)
		return cmd_runtime_error("", cause);
	engine_totals(board->engine, before);
	started = engine_start(board->engine, &cause);
	mask_resize(SIG_UNBLOCK);
	if (started != 0 || screen_start(&cause) != 0) {
		engine_close(board->engine, NULL, NULL);
		return cmd_runtime_error("", cause);
	}
	engine_view_init(&board->view);
	engine_view(board->engine, &board->view);
	model_init(&board->model, &board->view, now_seconds());
	return 0;
}

/* Exits with a usage error if the dashboard cannot run: standard output
 * is the screen, so records cannot go there; and it needs a terminal
 * that curses can move about in. */
static void
check_usable(const struct cmd_entry *entry, const struct runopt *options)
{
	const char *output = options->engine.output_path;
	const char *rejects = options->engine.rejects_path;
	char *cause;

	if ((output != NULL && strcmp(output, "-") == 0) ||
	    (rejects != NULL && strcmp(rejects, "-") == 0))
		cmd_usage_error(entry, _("--output - and --rejects - would write "
		    "over the dashboard; name a file, or use logproc run"));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		cmd_usage_error(entry, _("standard input and output must be a "
		    "terminal; without one, use logproc run"));
	if (screen_usable(&cause) != 0)
		cmd_usage_error(entry, "%s", escape_string(cause));
}

/* logproc tui */
static int
tui_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	struct runopt options;
	struct dashboard board;
	struct agg totals, before;
	double started = now_seconds();
	char *cause, *schema;
	int status;

	runopt_parse(entry, argc, argv, RUNOPT_LOCATION | RUNOPT_ENGINE |
	    RUNOPT_TUI, &options);
	check_usable(entry, &options);
	mask_resize(SIG_BLOCK);
	signals_take(screen_emergency_restore);
	memset(&board, 0, sizeof board);
	board.options = &options;
	agg_init(&before);
	agg_init(&totals);
	if ((status = start(&board, &before)) == 0) {
		show(&board);
		schema = engine_schema_name(board.engine, NULL);
		if (engine_close(board.engine, &totals, &cause) != 0)
			status = EXIT_RUNTIME;
		screen_end();
		if (status != 0)
			cmd_runtime_error("", cause);
		summary_print(stdout, &totals, &before, now_seconds() - started, 0,
		    NULL, schema);
		free(schema);
		engine_view_free(&board.view);
		model_free(&board.model);
	}
	agg_free(&totals);
	agg_free(&before);
	runopt_free(&options);
	return status;
}

const struct cmd_entry cmd_tui_entry = {
	.name = "tui",
	.summary = N_("process the log directory behind a live dashboard"),
	.exec = tui_exec,
	.help = tui_help,
};
