/* model.c: the dashboard's own state. Rates are measured over windows of
 * one second on the caller's monotonic clock, so they do not jump with
 * the refresh rate; each window adds one sample per worker to the
 * sparkline's minute of history. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "tui/model.h"

#define RATE_WINDOW_S 1.0

/* Starts MODEL from the first VIEW, at time NOW (seconds). */
void
model_init(struct model *model, const struct engine_view *view, double now)
{
	unsigned i;

	memset(model, 0, sizeof *model);
	model->started = model->window_start = now;
	model->first_records = model->window_records = view->stats.records;
	for (i = 0; i < ENGINE_WORKERS_MAX; i++)
		model->window_workers[i] = view->workers[i].records;
}

void
model_free(struct model *model)
{
	free(model->order);
	model->order = NULL;
	model->order_count = model->order_capacity = 0;
}

/* Adds SAMPLE to HISTORY, dropping the oldest when full. */
static void
history_add(struct model_history *history, uint64_t sample)
{
	if (history->count == MODEL_HISTORY) {
		memmove(history->samples, history->samples + 1,
		    (MODEL_HISTORY - 1) * sizeof *history->samples);
		history->count--;
	}
	history->samples[history->count++] = sample;
}

/* Closes the rate window if a second has passed since it opened. */
static void
update_rates(struct model *model, const struct engine_view *view,
    double now)
{
	double elapsed = now - model->window_start;
	uint64_t records;
	unsigned i;

	if (elapsed < RATE_WINDOW_S)
		return;
	model->rate = (double)(view->stats.records - model->window_records) /
	    elapsed;
	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		records = view->workers[i].records - model->window_workers[i];
		model->worker_rate[i] = (double)records / elapsed;
		history_add(&model->history[i],
		    (uint64_t)(model->worker_rate[i] + 0.5));
		model->window_workers[i] = view->workers[i].records;
	}
	model->window_records = view->stats.records;
	model->window_start = now;
}

/* Returns the rank of STATE in the state sort: work in progress first. */
static int
state_rank(enum segment_state state)
{
	switch (state) {
	case SEGMENT_PROCESSING:
		return 0;
	case SEGMENT_PENDING:
		return 1;
	case SEGMENT_FAILED:
		return 2;
	default:
		return 3;
	}
}

static int
compare_age(const struct engine_segment_view *a,
    const struct engine_segment_view *b)
{
	if (a->active != b->active)
		return a->active - b->active;
	if (a->mtime_ns != b->mtime_ns)
		return a->mtime_ns < b->mtime_ns ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Returns the share of SEGMENT read, 0 to 1. */
static double
progress(const struct engine_segment_view *segment)
{
	if (segment->size == 0)
		return segment->state == SEGMENT_COMPLETE ? 1 : 0;
	return segment->offset >= segment->size ? 1 :
	    (double)segment->offset / (double)segment->size;
}

static enum model_sort sort_key;	/* for the qsort comparators */

static int
compare_rows(const void *pa, const void *pb)
{
	const struct engine_segment_view *a = *(const void *const *)pa;
	const struct engine_segment_view *b = *(const void *const *)pb;
	double pa_done, pb_done;

	switch (sort_key) {
	case MODEL_SORT_NAME:
		return strcmp(a->name, b->name);
	case MODEL_SORT_STATE:
		if (state_rank(a->state) != state_rank(b->state))
			return state_rank(a->state) - state_rank(b->state);
		break;
	case MODEL_SORT_PROGRESS:
		pa_done = progress(a);
		pb_done = progress(b);
		if (pa_done != pb_done)
			return pa_done < pb_done ? -1 : 1;
		break;
	case MODEL_SORT_SIZE:
		if (a->size != b->size)
			return a->size > b->size ? -1 : 1;
		break;
	default:
		break;
	}
	return compare_age(a, b);
}

/* Rebuilds the segment rows: VIEW's segments, without the complete ones
 * if they are hidden, in the chosen order. Only the UI thread calls it,
 * so the comparators' static sort key is safe. */
static void
order_segments(struct model *model, const struct engine_view *view)
{
	size_t i;

	if (model->order_capacity < view->segment_count) {
		model->order_capacity = view->segment_count * 2;
		model->order = xreallocarray(model->order,
		    model->order_capacity, sizeof *model->order);
	}
	model->order_count = 0;
	for (i = 0; i < view->segment_count; i++) {
		if (model->hide_complete &&
		    view->segments[i].state == SEGMENT_COMPLETE)
			continue;
		model->order[model->order_count++] = &view->segments[i];
	}
	sort_key = model->sort;
	if (model->order_count > 1)
		qsort(model->order, model->order_count, sizeof *model->order,
		    compare_rows);
}

/* Takes in a new VIEW at time NOW: rates, history and segment rows. The
 * rows point into VIEW, valid until it is filled again. */
void
model_update(struct model *model, const struct engine_view *view,
    double now)
{
	update_rates(model, view, now);
	order_segments(model, view);
}

/* Returns the engine's state as the header shows it. */
enum model_state
model_state(const struct model *model, const struct engine_view *view)
{
	if (model->stopping || view->stats.finished)
		return MODEL_STOPPING;
	if (view->paused)
		return MODEL_PAUSED;
	if (view->stats.bytes_behind >= MODEL_BACKLOG)
		return MODEL_CATCHING_UP;
	if (view->stats.busy_workers > 0 || view->stats.bytes_behind > 0)
		return MODEL_RUNNING;
	return MODEL_IDLE;
}

/* Returns the translated label of STATE. */
const char *
model_state_name(enum model_state state)
{
	static const char *const names[MODEL_STATES] = {
		N_("running"), N_("paused"), N_("catching up"), N_("idle"),
		N_("stopping")
	};

	return _(names[state]);
}

/* Returns the translated name of SORT. */
const char *
model_sort_name(enum model_sort sort)
{
	static const char *const names[MODEL_SORTS] = {
		N_("state"), N_("age"), N_("name"), N_("progress"), N_("size")
	};

	return _(names[sort]);
}

/* Returns the records per second counted since the dashboard started. */
double
model_average_rate(const struct model *model, const struct engine_view *view,
    double now)
{
	double elapsed = now - model->started;

	if (elapsed <= 0)
		return 0;
	return (double)(view->stats.records - model->first_records) / elapsed;
}

/* Moves PANEL's first shown row by DELTA (LONG_MIN: to the top, LONG_MAX:
 * to the bottom), keeping VISIBLE of its ROWS on screen. */
void
model_scroll(struct model *model, enum model_panel panel, long delta,
    size_t rows, size_t visible)
{
	size_t last = rows > visible ? rows - visible : 0;
	size_t scroll = model->scroll[panel] < last ? model->scroll[panel] : last;
	size_t step;

	if (delta == LONG_MIN)
		scroll = 0;
	else if (delta < 0) {
		step = (size_t)-delta;
		scroll = step >= scroll ? 0 : scroll - step;
	} else if (delta > 0) {
		step = (size_t)delta;
		scroll = step >= last - scroll ? last : scroll + step;
	}
	model->scroll[panel] = scroll;
}

void
model_cycle_sort(struct model *model)
{
	model->sort = (model->sort + 1) % MODEL_SORTS;
	model->scroll[MODEL_SEGMENTS] = 0;
}

void
model_next_focus(struct model *model)
{
	model->focus = (model->focus + 1) % MODEL_PANELS;
}
