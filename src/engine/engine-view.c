/* engine-view.c: copies of the engine's state for dashboards. A front end
 * never reads the engine's live structures; engine_view() copies what it
 * shows (progress, totals, every segment's row, every worker's row and
 * the newest events) under one hold of the engine lock, into buffers the
 * view keeps from frame to frame, so a frame costs few allocations and
 * the workers wait for it as briefly as possible. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/engine-int.h"

void
engine_view_init(struct engine_view *view)
{
	memset(view, 0, sizeof *view);
	agg_init(&view->totals);
}

void
engine_view_free(struct engine_view *view)
{
	agg_free(&view->totals);
	free(view->segments);
	free(view->arena);
	memset(view, 0, sizeof *view);
}

/* Makes room in VIEW's arena for every segment's name and reason, so
 * that the pointers copy_segments() hands out stay valid. Lock held. */
static void
arena_reserve(struct engine *engine, struct engine_view *view)
{
	const struct segment *segment;
	size_t needed = 0, i;

	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		needed += strlen(segment->name) + 1;
		if (segment->reason != NULL)
			needed += strlen(segment->reason) + 1;
	}
	if (view->arena_capacity < needed) {
		view->arena_capacity = needed * 2;
		free(view->arena);
		view->arena = xmalloc(view->arena_capacity);
	}
	view->arena_used = 0;
}

/* Copies TEXT into VIEW's arena, reserved before; returns the copy. */
static const char *
arena_add(struct engine_view *view, const char *text)
{
	size_t length = strlen(text) + 1;
	char *copy = view->arena + view->arena_used;

	memcpy(copy, text, length);
	view->arena_used += length;
	return copy;
}

/* Copies every segment's row; lock held. */
static void
copy_segments(struct engine *engine, struct engine_view *view)
{
	const struct segment *segment;
	struct engine_segment_view *row;
	size_t i;

	if (view->segment_capacity < engine->segment_count) {
		view->segment_capacity = engine->segment_count * 2;
		view->segments = xreallocarray(view->segments,
		    view->segment_capacity, sizeof *view->segments);
	}
	arena_reserve(engine, view);
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		row = &view->segments[i];
		row->name = arena_add(view, segment->name);
		row->reason = segment->reason == NULL ? NULL :
		    arena_add(view, segment->reason);
		row->state = segment->state;
		row->size = segment->size;
		row->offset = segment->offset;
		row->lines = segment->lines;
		row->lost_bytes = segment->lost_bytes;
		row->mtime_ns = segment->mtime_ns;
		row->active = segment->active;
		row->present = segment->present;
		row->worker = segment->worker;
	}
	view->segment_count = engine->segment_count;
}

/* Copies every worker's row: the wanted ones, and any above them still
 * finishing a batch. Lock held. */
static void
copy_workers(struct engine *engine, struct engine_view *view)
{
	struct engine_worker_view *row;
	unsigned i;

	view->worker_count = engine->workers_wanted;
	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		row = &view->workers[i];
		row->segment = NULL;
		row->records = engine->worker_counts[i].records;
		row->lines = engine->worker_counts[i].lines;
		row->bytes = engine->worker_counts[i].bytes;
		if (i >= engine->workers_wanted)
			row->state = ENGINE_WORKER_PARKED;
		else
			row->state = engine->paused ? ENGINE_WORKER_PAUSED :
			    ENGINE_WORKER_IDLE;
	}
}

/* Marks the workers on a segment busy and points them at its name. */
static void
link_workers(struct engine_view *view)
{
	const struct engine_segment_view *segment;
	struct engine_worker_view *worker;
	size_t i;

	for (i = 0; i < view->segment_count; i++) {
		segment = &view->segments[i];
		if (segment->worker < 0 || segment->worker >= ENGINE_WORKERS_MAX)
			continue;
		worker = &view->workers[segment->worker];
		worker->state = ENGINE_WORKER_BUSY;
		worker->segment = segment->name;
		if ((unsigned)segment->worker >= view->worker_count)
			view->worker_count = (unsigned)segment->worker + 1;
	}
}

/* Copies the newest events, oldest first; lock held. */
static void
copy_events(struct engine *engine, struct engine_view *view)
{
	uint64_t sequence = engine->event_count > ENGINE_VIEW_EVENTS ?
	    engine->event_count - ENGINE_VIEW_EVENTS : 0;

	for (view->event_count = 0; sequence < engine->event_count;
	    sequence++)
		view->events[view->event_count++] =
		    engine->events[sequence % ENGINE_EVENTS];
}

/* Fills VIEW (engine_view_init'ed, or filled before) with a consistent
 * copy of ENGINE's state at one moment. */
void
engine_view(struct engine *engine, struct engine_view *view)
{
	pthread_mutex_lock(&engine->lock);
	engine_stats_locked(engine, &view->stats);
	agg_copy(&view->totals, &engine->totals);
	copy_segments(engine, view);
	copy_workers(engine, view);
	view->workers_wanted = engine->workers_wanted;
	view->paused = engine->paused;
	snprintf(view->schema, sizeof view->schema, "%s",
	    engine->schema != NULL ? engine->schema->name : "");
	copy_events(engine, view);
	pthread_mutex_unlock(&engine->lock);
	link_workers(view);
}
