/* rows.c: the dashboard's rows. Each function fills a line for a given
 * width; numbers that the checkpoint also holds (sizes, offsets, record
 * totals) are shown exactly, rates and counts of the statistics in short
 * form. Worker numbers start at 1 on screen. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/level.h"
#include "engine/histogram.h"
#include "tui/format.h"
#include "tui/rows.h"

#define NUMBER_COLUMNS 11	/* exact byte counts below 100 GB */
#define LINES_COLUMNS 10
#define PERCENT_COLUMNS 4
#define WORKER_COLUMNS 3
#define WIDE_SEGMENTS 110	/* from here the lines column shows */
#define BAR_MIN 5
#define BAR_MAX 200	/* cells, within a line's bytes */
#define STATS_SPLIT 64		/* from here services go beside levels */
#define LEVELS_COLUMNS 38
#define NARROW_SPLIT 41		/* from here services go beside bare levels */
#define NARROW_LEVELS 22
#define SPARK_MIN 8

static const char *
utf8_or(const char *utf8, const char *ascii)
{
	return line_utf8() ? utf8 : ascii;
}

/* Returns the translated label of a segment state. */
const char *
rows_segment_state(enum segment_state state)
{
	static const char *const names[SEGMENT_STATE_COUNT] = {
		N_("pending"), N_("processing"), N_("complete"), N_("failed")
	};

	return _(names[state]);
}

/* Returns the translated label of a worker state. */
const char *
rows_worker_state(enum engine_worker_state state)
{
	static const char *const names[] = {
		N_("idle"), N_("busy"), N_("paused"), N_("parked")
	};

	return _(names[state]);
}

static enum role
segment_role(enum segment_state state)
{
	static const enum role roles[SEGMENT_STATE_COUNT] = {
		ROLE_PENDING, ROLE_PROCESSING, ROLE_COMPLETE, ROLE_FAILED
	};

	return roles[state];
}

/* Appends "LABEL VALUE  " to LINE. */
static void
pair(struct line *line, const char *label, const char *value)
{
	line_add(line, ROLE_LABEL, label, -1, LINE_LEFT);
	line_add(line, ROLE_NORMAL, " ", -1, LINE_LEFT);
	line_add(line, ROLE_VALUE, value, -1, LINE_LEFT);
	line_add(line, ROLE_NORMAL, "  ", -1, LINE_LEFT);
}

static enum role
state_role(enum model_state state)
{
	switch (state) {
	case MODEL_PAUSED:
		return ROLE_STATE_PAUSED;
	case MODEL_STOPPING:
		return ROLE_STATE_STOPPING;
	default:
		return ROLE_STATE_RUNNING;
	}
}

/* The header's first line: name, where, state, uptime on the right. */
static void
header_title(const struct rows_context *context, int columns,
    struct line *line)
{
	enum model_state state = model_state(context->model, context->view);
	char uptime[FORMAT_SHORT], right[64];
	int room;

	line_add(line, ROLE_TITLE, " " PACKAGE_STRING " ", -1, LINE_LEFT);
	line_add(line, ROLE_NORMAL, " ", -1, LINE_LEFT);
	line_addf(line, state_role(state), -1, LINE_LEFT, "[%s]",
	    model_state_name(state));
	line_add(line, ROLE_NORMAL, "  ", -1, LINE_LEFT);
	format_elapsed(uptime, sizeof uptime, context->now -
	    context->model->started);
	snprintf(right, sizeof right, _("up %s"), uptime);
	room = columns - line->columns - line_width(right) - 2;
	if (room > 0) {
		line_add_untrusted(line, ROLE_DIM, context->logs_dir, -1,
		    LINE_LEFT);
		line_add(line, ROLE_DIM, "/", -1, LINE_LEFT);
		line_add_untrusted(line, ROLE_VALUE, context->pattern, -1,
		    LINE_LEFT);
		line_truncate(line, columns - line_width(right) - 2);
	}
	line_pad(line, ROLE_NORMAL, columns - line->columns - line_width(right));
	line_add(line, ROLE_LABEL, right, -1, LINE_LEFT);
}

/* The header's second line: records, bytes, rates. */
static void
header_totals(const struct rows_context *context, struct line *line)
{
	const struct engine_stats *stats = &context->view->stats;
	char value[FORMAT_SHORT];

	snprintf(value, sizeof value, "%" PRIu64, stats->records);
	pair(line, _("records"), value);
	format_bytes(value, sizeof value, stats->bytes);
	pair(line, _("bytes"), value);
	format_count(value, sizeof value, context->model->rate);
	strncat(value, "/s", sizeof value - strlen(value) - 1);
	pair(line, _("now"), value);
	format_count(value, sizeof value, model_average_rate(context->model,
	    context->view, context->now));
	strncat(value, "/s", sizeof value - strlen(value) - 1);
	pair(line, _("average"), value);
}

/* The header's third line: malformed lines, lag, segments. */
static void
header_progress(const struct rows_context *context, struct line *line)
{
	const struct engine_stats *stats = &context->view->stats;
	char value[64];

	snprintf(value, sizeof value, "%" PRIu64, stats->rejected);
	pair(line, _("malformed"), value);
	format_bytes(value, sizeof value, stats->bytes_behind);
	pair(line, _("lag"), value);
	snprintf(value, sizeof value, _("%zu/%zu complete, %zu failed"),
	    stats->complete, stats->segments, stats->failed);
	pair(line, _("segments"), value);
	line_add(line, ROLE_LABEL, _("schema"), -1, LINE_LEFT);
	line_add(line, ROLE_NORMAL, " ", -1, LINE_LEFT);
	line_add_untrusted(line, ROLE_VALUE, context->view->schema[0] != '\0' ?
	    context->view->schema : _("detecting"), -1, LINE_LEFT);
}

/* Fills the header's three lines. */
void
rows_header(const struct rows_context *context, int columns,
    struct line lines[ROWS_HEADER])
{
	int i;

	for (i = 0; i < ROWS_HEADER; i++)
		line_clear(&lines[i]);
	header_title(context, columns, &lines[0]);
	line_add(&lines[1], ROLE_NORMAL, " ", -1, LINE_LEFT);
	header_totals(context, &lines[1]);
	line_add(&lines[2], ROLE_NORMAL, " ", -1, LINE_LEFT);
	header_progress(context, &lines[2]);
	for (i = 0; i < ROWS_HEADER; i++)
		line_truncate(&lines[i], columns);
}

/* Fills the title bar of PANEL, highlighted when it has the focus. */
void
rows_title(const struct rows_context *context, enum model_panel panel,
    int columns, struct line *line)
{
	const struct model *model = context->model;
	const struct engine_view *view = context->view;
	enum role role = model->focus == panel ? ROLE_TITLE_FOCUS : ROLE_TITLE;
	char text[256];

	line_clear(line);
	switch (panel) {
	case MODEL_SEGMENTS:
		snprintf(text, sizeof text, _(" Segments: %zu shown of %zu, "
		    "sorted by %s%s"), model->order_count, view->segment_count,
		    model_sort_name(model->sort), model->hide_complete ?
		    _(", complete ones hidden") : "");
		break;
	case MODEL_WORKERS:
		snprintf(text, sizeof text, _(" Workers: %u wanted, %u busy%s"),
		    view->workers_wanted, view->stats.busy_workers,
		    view->paused ? _(", paused") : "");
		break;
	default:
		snprintf(text, sizeof text, "%s", _(" Recent events"));
		break;
	}
	line_add(line, role, text, columns, LINE_LEFT);
}

/* Returns the widest of the translated segment state labels. */
static int
state_columns(void)
{
	int widest = 0, width, i;

	for (i = 0; i < SEGMENT_STATE_COUNT; i++) {
		width = line_width(rows_segment_state((enum segment_state)i));
		widest = width > widest ? width : widest;
	}
	return widest;
}

/* Decides the segment columns for a panel COLUMNS wide. Columns are
 * separated by one space; the bar takes what is left. */
void
rows_segment_columns(int columns, struct rows_segment_columns *out)
{
	int used, gaps = 6;

	memset(out, 0, sizeof *out);
	out->state = state_columns();
	out->size = out->offset = NUMBER_COLUMNS;
	out->percent = PERCENT_COLUMNS;
	out->worker = line_width(_("WORKER"));
	if (out->worker < WORKER_COLUMNS)
		out->worker = WORKER_COLUMNS;
	if (columns >= WIDE_SEGMENTS) {
		out->lines = LINES_COLUMNS;
		gaps++;
	}
	out->name = columns * 30 / 100;
	if (out->name > 40)
		out->name = 40;
	used = out->name + out->state + out->size + out->offset +
	    out->percent + out->worker + out->lines + gaps;
	out->bar = columns - used;
	if (out->bar > BAR_MAX) {
		out->name += out->bar - BAR_MAX;
		out->bar = BAR_MAX;
	}
	if (out->bar < BAR_MIN) {
		out->name += out->bar > 0 ? out->bar : 0;
		out->bar = 0;
	}
}

/* Fills the headings of the segment columns. */
void
rows_segment_heading(int columns, struct line *line)
{
	struct rows_segment_columns c;

	rows_segment_columns(columns, &c);
	line_clear(line);
	line_add(line, ROLE_COLUMN, _("NAME"), c.name + 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("STATE"), c.state + 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("SIZE"), c.size, LINE_RIGHT);
	line_add(line, ROLE_COLUMN, " ", 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("OFFSET"), c.offset, LINE_RIGHT);
	line_add(line, ROLE_COLUMN, " ", 1, LINE_LEFT);
	if (c.bar > 0)
		line_add(line, ROLE_COLUMN, _("PROGRESS"), c.bar + 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, "%", c.percent, LINE_RIGHT);
	line_add(line, ROLE_COLUMN, " ", 1, LINE_LEFT);
	if (c.lines > 0) {
		line_add(line, ROLE_COLUMN, _("LINES"), c.lines, LINE_RIGHT);
		line_add(line, ROLE_COLUMN, " ", 1, LINE_LEFT);
	}
	line_add(line, ROLE_COLUMN, _("WORKER"), columns - line->columns,
	    LINE_LEFT);
}

/* Appends a bar of WIDTH cells for FRACTION: filled, then dotted. */
static void
add_bar(struct line *line, double fraction, int width)
{
	char bar[LINE_BYTES];
	int filled, i;

	format_bar(bar, sizeof bar, fraction, width, line_utf8(), &filled);
	line_add(line, ROLE_BAR, bar, -1, LINE_LEFT);
	for (i = filled; i < width; i++)
		line_add(line, ROLE_BAR_EMPTY, utf8_or("\xc2\xb7", "."), -1,
		    LINE_LEFT);
}

/* Appends a failed segment's reason, and the bytes lost, in WIDTH. */
static void
add_reason(struct line *line, const struct engine_segment_view *segment,
    int width)
{
	char text[512], lost[FORMAT_SHORT];

	if (segment->lost_bytes > 0) {
		format_bytes(lost, sizeof lost, segment->lost_bytes);
		snprintf(text, sizeof text, _("%s lost: %s"), lost,
		    segment->reason != NULL ? segment->reason : "");
	} else
		snprintf(text, sizeof text, "%s",
		    segment->reason != NULL ? segment->reason : "");
	line_add_untrusted(line, ROLE_FAILED, text, width, LINE_LEFT);
}

/* Appends a space and BYTES in WIDTH columns: exact when it fits, as a
 * size in GiB, TiB... (100 GB and up) when not. */
static void
add_number(struct line *line, uint64_t bytes, int width)
{
	char text[FORMAT_SHORT];

	snprintf(text, sizeof text, "%" PRIu64, bytes);
	if ((int)strlen(text) > width)
		format_bytes(text, sizeof text, bytes);
	line_add(line, ROLE_NORMAL, text, width + 1, LINE_RIGHT);
}

/* Fills SEGMENT's row: name, state, size, offset, then a progress bar,
 * the share read, the lines and the worker (or, failed, the reason). */
void
rows_segment(const struct engine_segment_view *segment, int columns,
    struct line *line)
{
	struct rows_segment_columns c;
	double fraction;

	rows_segment_columns(columns, &c);
	line_clear(line);
	line_add_untrusted(line, ROLE_NORMAL, segment->name, c.name, LINE_TAIL);
	line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	line_add(line, segment_role(segment->state),
	    rows_segment_state(segment->state), c.state, LINE_LEFT);
	add_number(line, segment->size, c.size);
	add_number(line, segment->offset, c.offset);
	line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	if (segment->state == SEGMENT_FAILED) {
		add_reason(line, segment, columns - line->columns);
		return;
	}
	fraction = segment->size == 0 ? (segment->state == SEGMENT_COMPLETE) :
	    (double)segment->offset / (double)segment->size;
	if (c.bar > 0) {
		add_bar(line, fraction, c.bar);
		line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	}
	line_addf(line, ROLE_NORMAL, c.percent, LINE_RIGHT, "%d%%",
	    (int)(fraction > 1 ? 100 : fraction * 100));
	if (c.lines > 0)
		line_addf(line, ROLE_NORMAL, c.lines + 1, LINE_RIGHT,
		    "%" PRIu64, segment->lines);
	line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	if (segment->worker >= 0)
		line_addf(line, ROLE_PROCESSING, columns - line->columns,
		    LINE_LEFT, "#%d", segment->worker + 1);
	else
		line_add(line, ROLE_DIM, "-", columns - line->columns, LINE_LEFT);
}

/* The worker columns: a narrow panel drops the total. */
struct worker_columns {
	int id, state, segment, rate, total, spark;
};

static void
worker_columns(int columns, struct worker_columns *c)
{
	int i, width;

	c->id = 3;
	c->state = 0;
	for (i = ENGINE_WORKER_IDLE; i <= ENGINE_WORKER_PARKED; i++) {
		width = line_width(rows_worker_state(i));
		c->state = width > c->state ? width : c->state;
	}
	c->rate = 7;
	c->total = columns >= 50 ? 8 : 0;
	c->spark = line_width(_("LAST MIN"));
	if (c->spark < SPARK_MIN)
		c->spark = SPARK_MIN;
	c->segment = columns - c->id - c->state - c->rate - c->total -
	    c->spark - 2;
	if (c->segment > 32) {
		c->spark += c->segment - 32;
		c->segment = 32;
	}
	if (c->spark > MODEL_HISTORY) {
		c->segment += c->spark - MODEL_HISTORY;
		c->spark = MODEL_HISTORY;
	}
	if (c->segment < 1)
		c->segment = 1;
}

/* Fills the headings of the worker columns. */
void
rows_worker_heading(int columns, struct line *line)
{
	struct worker_columns c;

	worker_columns(columns, &c);
	line_clear(line);
	line_add(line, ROLE_COLUMN, "#", c.id, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("STATE"), c.state + 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("SEGMENT"), c.segment, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("REC/S"), c.rate, LINE_RIGHT);
	if (c.total > 0)
		line_add(line, ROLE_COLUMN, _("RECORDS"), c.total, LINE_RIGHT);
	line_add(line, ROLE_COLUMN, " ", 1, LINE_LEFT);
	line_add(line, ROLE_COLUMN, _("LAST MIN"), columns - line->columns,
	    LINE_LEFT);
}

/* Folds the minute of HISTORY into COUNT cells (at most MODEL_HISTORY),
 * the newest on the right: each cell is the mean of its seconds; seconds
 * before the history began count as empty. */
static void
minute_cells(const struct model_history *history, size_t count,
    uint64_t *cells)
{
	size_t cell, second, first, last, missing;
	uint64_t sum;

	missing = MODEL_HISTORY - history->count;
	for (cell = 0; cell < count; cell++) {
		first = cell * MODEL_HISTORY / count;
		last = (cell + 1) * MODEL_HISTORY / count;
		sum = 0;
		for (second = first; second < last; second++)
			if (second >= missing)
				sum += history->samples[second - missing];
		cells[cell] = last > first ? sum / (last - first) : 0;
	}
}

/* Fills worker INDEX's row: state, segment, rate now, total, and the
 * sparkline of the last minute (newest on the right). */
void
rows_worker(const struct rows_context *context, unsigned index, int columns,
    struct line *line)
{
	const struct engine_worker_view *worker = &context->view->workers[index];
	const struct model_history *history = &context->model->history[index];
	struct worker_columns c;
	char text[LINE_BYTES / 2];
	uint64_t cells[MODEL_HISTORY];

	worker_columns(columns, &c);
	line_clear(line);
	line_addf(line, ROLE_NORMAL, c.id, LINE_LEFT, "%u", index + 1);
	line_add(line, worker->state == ENGINE_WORKER_BUSY ? ROLE_PROCESSING :
	    worker->state == ENGINE_WORKER_PAUSED ? ROLE_STATE_PAUSED : ROLE_DIM,
	    rows_worker_state(worker->state), c.state + 1, LINE_LEFT);
	if (worker->segment != NULL)
		line_add_untrusted(line, ROLE_NORMAL, worker->segment, c.segment,
		    LINE_TAIL);
	else
		line_add(line, ROLE_DIM, "-", c.segment, LINE_LEFT);
	format_count(text, sizeof text, context->model->worker_rate[index]);
	line_add(line, ROLE_VALUE, text, c.rate, LINE_RIGHT);
	if (c.total > 0) {
		format_count(text, sizeof text, (double)worker->records);
		line_add(line, ROLE_NORMAL, text, c.total, LINE_RIGHT);
	}
	line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	minute_cells(history, (size_t)c.spark, cells);
	format_sparkline(text, sizeof text, cells, (size_t)c.spark,
	    line_utf8());
	line_add(line, ROLE_SPARK, text, columns - line->columns, LINE_LEFT);
}

static enum role
level_role(int level)
{
	static const enum role roles[LEVEL_COUNT] = {
		ROLE_DEBUG, ROLE_INFO, ROLE_WARNING, ROLE_ERROR, ROLE_FATAL
	};

	return roles[level];
}

/* Fills a level's line: name, bar of its share, share, count. */
static void
level_line(const struct agg *totals, int level, int columns,
    struct line *line)
{
	uint64_t count = totals->levels[level];
	double share = totals->selected > 0 ?
	    (double)count / (double)totals->selected : 0;
	char text[FORMAT_SHORT];
	int bar = columns - 8 - 7 - 7 - 2;

	line_add(line, level_role(level), level_name(level), 8, LINE_LEFT);
	if (bar > 0) {
		add_bar(line, share, bar);
		line_add(line, ROLE_NORMAL, " ", 1, LINE_LEFT);
	}
	line_addf(line, ROLE_NORMAL, 6, LINE_RIGHT, "%.1f%%", share * 100);
	format_count(text, sizeof text, (double)count);
	line_add(line, ROLE_VALUE, text, 8, LINE_RIGHT);
}

/* Fills the line of duration_ms percentiles, labelled LABEL. */
static void
duration_line(const struct agg *totals, const char *label,
    struct line *line)
{
	char text[FORMAT_SHORT];
	static const double percents[] = { 50, 95, 99 };
	static const char *const names[] = { "p50", "p95", "p99" };
	size_t i;

	line_clear(line);
	line_add(line, ROLE_LABEL, label, -1, LINE_LEFT);
	if (totals->duration_count == 0) {
		line_add(line, ROLE_DIM, _(" none yet"), -1, LINE_LEFT);
		return;
	}
	for (i = 0; i < 3; i++) {
		snprintf(text, sizeof text, "%" PRIu64,
		    agg_duration_percentile(totals, percents[i]));
		line_addf(line, ROLE_LABEL, -1, LINE_LEFT, " %s ", names[i]);
		line_add(line, ROLE_VALUE, text, -1, LINE_LEFT);
	}
}

/* Fills the durations line in COLUMNS: "duration_ms p50 ...", or "ms
 * p50 ..." when that is too wide. */
static void
durations(const struct agg *totals, int columns, struct line *line)
{
	duration_line(totals, "duration_ms", line);
	if (line->columns > columns)
		duration_line(totals, "ms", line);
}

static const struct agg *services_totals;	/* for compare_services */

static int
compare_services(const void *pa, const void *pb)
{
	const struct agg_service *a = &services_totals->services[*(const size_t *)pa];
	const struct agg_service *b = &services_totals->services[*(const size_t *)pb];

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Fills up to MAX lines with the top services by count; returns how
 * many. The title takes the first. */
static size_t
service_lines(const struct agg *totals, int columns, size_t max,
    struct line *lines)
{
	size_t order[AGG_MAX_SERVICES + 1], count = totals->service_count, i;
	char text[FORMAT_SHORT];

	if (max == 0)
		return 0;
	for (i = 0; i < count && i < AGG_MAX_SERVICES + 1; i++)
		order[i] = i;
	count = i;
	services_totals = totals;
	qsort(order, count, sizeof *order, compare_services);
	line_add(&lines[0], ROLE_COLUMN, _("TOP SERVICES"), columns, LINE_LEFT);
	for (i = 0; i < count && i + 1 < max; i++) {
		format_count(text, sizeof text,
		    (double)totals->services[order[i]].count);
		line_add_untrusted(&lines[i + 1], ROLE_NORMAL,
		    totals->services[order[i]].name, columns - 7, LINE_LEFT);
		line_add(&lines[i + 1], ROLE_VALUE, text, 7, LINE_RIGHT);
	}
	return i + 1;
}

/* Puts RIGHT's first COUNT lines beside LINES, cut to LEFT columns,
 * after a border. */
static void
put_beside(struct line *lines, const struct line *right, size_t count,
    int left)
{
	size_t i;

	for (i = 0; i < count; i++) {
		line_truncate(&lines[i], left);
		line_pad(&lines[i], ROLE_NORMAL, left - lines[i].columns);
		line_add(&lines[i], ROLE_BORDER, utf8_or(" \xe2\x94\x82 ",
		    " | "), -1, LINE_LEFT);
		line_append(&lines[i], &right[i]);
	}
}

/* Fills up to MAX lines of the statistics panel, COLUMNS wide, and
 * returns how many. Wide, the levels (with bars) and the durations are
 * on the left and the top services on the right; narrower, the levels
 * lose their bars, the services stay beside them and the durations go
 * across below; too narrow for two columns, all is in one. */
size_t
rows_stats(const struct rows_context *context, int columns, size_t max,
    struct line *lines)
{
	const struct agg *totals = &context->view->totals;
	int wide = columns >= STATS_SPLIT, split = columns >= NARROW_SPLIT;
	int left = wide ? LEVELS_COLUMNS : split ? NARROW_LEVELS : columns;
	struct line right[ROWS_STATS_MAX];
	size_t used = 0, i, services;
	int level;

	max = max > ROWS_STATS_MAX ? ROWS_STATS_MAX : max;
	for (i = 0; i < max; i++) {
		line_clear(&lines[i]);
		line_clear(&right[i]);
	}
	for (level = 0; level < LEVEL_COUNT && used < max; level++)
		level_line(totals, level, left, &lines[used++]);
	if (wide && used < max)
		durations(totals, left, &lines[used++]);
	if (split) {
		services = service_lines(totals, columns - left - 3,
		    wide ? max : used, right);
		put_beside(lines, right, services, left);
	} else
		services = 0;
	if (!wide && used < max)
		durations(totals, columns, &lines[used++]);
	if (!split)
		used += service_lines(totals, columns, max - used, lines + used);
	for (i = 0; i < max; i++)
		line_truncate(&lines[i], columns);
	return used > services ? used : services;
}

/* Fills EVENT's row: local time, kind, text (escaped). */
void
rows_event(const struct engine_event *event, int columns, struct line *line)
{
	static const enum role roles[] = { ROLE_NORMAL, ROLE_WARNING, ROLE_ERROR };
	char when[16];
	struct tm tm;

	line_clear(line);
	if (localtime_r(&event->time, &tm) == NULL ||
	    strftime(when, sizeof when, "%H:%M:%S", &tm) == 0)
		snprintf(when, sizeof when, "--:--:--");
	line_add(line, ROLE_DIM, when, 9, LINE_LEFT);
	line_add_untrusted(line, roles[event->kind], event->text,
	    columns - line->columns, LINE_LEFT);
}

/* The keys, in the footer and in the help overlay: the key as shown, and
 * what it does. */
static const struct {
	const char *key;
	const char *footer;	/* NULL: in the help only */
	const char *help;
} keys[] = {
	{ "?", N_("help"), N_("show or hide this help") },
	{ "q", N_("quit"), N_("quit: stop at a line boundary, write the checkpoint") },
	{ "p", N_("pause"), N_("pause or resume the workers") },
	{ "+ -", N_("workers"), N_("one worker more or less (1 to 64)") },
	{ "Tab", N_("focus"), N_("move the focus: segments, workers, events") },
	{ "\xe2\x86\x91\xe2\x86\x93", N_("scroll"), N_("scroll the focused panel; PgUp PgDn Home End too") },
	{ "s", N_("sort"), N_("sort segments: state, age, name, progress, size") },
	{ "c", N_("complete"), N_("hide or show complete segments") },
	{ "r", N_("rescan"), N_("rescan the log directory now") },
};

#define KEY_COUNT (sizeof keys / sizeof keys[0])

/* Returns how KEY shows: arrows fall back to ASCII. */
static const char *
key_text(size_t key)
{
	if ((unsigned char)keys[key].key[0] >= 0x80 && !line_utf8())
		return "Up Down";
	return keys[key].key;
}

/* Fills the footer: each key and a word for what it does, as many as
 * fit whole, help first. */
void
rows_footer(int columns, struct line *line)
{
	char key[32], word[64];
	size_t i;

	line_clear(line);
	for (i = 0; i < KEY_COUNT; i++) {
		snprintf(key, sizeof key, " %s", key_text(i));
		snprintf(word, sizeof word, " %s ", _(keys[i].footer));
		if (line->columns + line_width(key) + line_width(word) > columns)
			break;
		line_add(line, ROLE_KEY, key, -1, LINE_LEFT);
		line_add(line, ROLE_NORMAL, word, -1, LINE_LEFT);
	}
	line_pad(line, ROLE_NORMAL, columns - line->columns);
}

/* Fills up to MAX lines of the help overlay; returns how many. */
size_t
rows_help(struct line *lines, size_t max)
{
	size_t used = 0, i;

	if (max < 2)
		return 0;
	line_clear(&lines[used]);
	line_add(&lines[used++], ROLE_TITLE, _("Keys"), -1, LINE_LEFT);
	for (i = 0; i < KEY_COUNT && used < max; i++) {
		line_clear(&lines[used]);
		line_add(&lines[used], ROLE_KEY, key_text(i), 9, LINE_LEFT);
		line_add(&lines[used++], ROLE_NORMAL, _(keys[i].help), -1,
		    LINE_LEFT);
	}
	if (used < max) {
		line_clear(&lines[used]);
		line_add(&lines[used++], ROLE_DIM, _("Any key closes this help."),
		    -1, LINE_LEFT);
	}
	return used;
}

/* Fills the message shown instead of the dashboard below 80x24. */
void
rows_too_small(int rows, int columns, struct line *line)
{
	line_clear(line);
	line_addf(line, ROLE_WARNING, -1, LINE_LEFT,
	    _("Terminal too small: %dx%d; logproc tui needs at least %dx%d."),
	    columns, rows, 80, 24);
	line_truncate(line, columns);
}

/* Fills the statistics panel's title bar (it takes no focus). */
void
rows_stats_title(int columns, struct line *line)
{
	line_clear(line);
	line_add(line, ROLE_TITLE, _(" Levels, durations and services"),
	    columns, LINE_LEFT);
}
