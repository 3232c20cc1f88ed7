/* model.h: what the dashboard knows beyond one engine view: rates and
 * the last minute's history (from views taken over time), and the
 * operator's choices (focus, sort, scroll, hidden rows, help). It turns
 * a view into the ordered rows the panels show. No curses here. */
#ifndef LOGPROC_MODEL_H
#define LOGPROC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

#define MODEL_HISTORY 60		/* samples of one second: a minute */
#define MODEL_BACKLOG (1024 * 1024)	/* lag that means catching up */

enum model_panel {
	MODEL_SEGMENTS,
	MODEL_WORKERS,
	MODEL_EVENTS,
	MODEL_PANELS
};

enum model_sort {
	MODEL_SORT_STATE,	/* work in progress first, then by age */
	MODEL_SORT_AGE,		/* the order the workers take them */
	MODEL_SORT_NAME,
	MODEL_SORT_PROGRESS,
	MODEL_SORT_SIZE,
	MODEL_SORTS
};

enum model_state {
	MODEL_RUNNING,		/* following: reading as lines come */
	MODEL_PAUSED,
	MODEL_CATCHING_UP,	/* a backlog of a MiB or more */
	MODEL_IDLE,		/* everything read, waiting for more */
	MODEL_STOPPING,
	MODEL_STATES
};

struct model_history {
	uint64_t samples[MODEL_HISTORY];	/* records per second */
	size_t count;				/* samples kept, oldest first */
};

struct model {
	double started;			/* seconds, on the caller's clock */
	uint64_t first_records;		/* records counted before this run */
	double window_start;		/* the rate's window: one second */
	uint64_t window_records;
	uint64_t window_workers[ENGINE_WORKERS_MAX];
	double rate;			/* records/s over the last window */
	double worker_rate[ENGINE_WORKERS_MAX];
	struct model_history history[ENGINE_WORKERS_MAX];

	enum model_panel focus;
	enum model_sort sort;
	int hide_complete;
	int help;			/* the help overlay is shown */
	int stopping;			/* quit asked: the engine finishes */
	size_t scroll[MODEL_PANELS];	/* first row shown */

	const struct engine_segment_view **order;	/* rows shown */
	size_t order_count, order_capacity;
};

void model_init(struct model *model, const struct engine_view *view,
    double now);
void model_free(struct model *model);
void model_update(struct model *model, const struct engine_view *view,
    double now);
enum model_state model_state(const struct model *model,
    const struct engine_view *view);
const char *model_state_name(enum model_state state);
const char *model_sort_name(enum model_sort sort);
double model_average_rate(const struct model *model,
    const struct engine_view *view, double now);
void model_scroll(struct model *model, enum model_panel panel,
    long delta, size_t rows, size_t visible);
void model_cycle_sort(struct model *model);
void model_next_focus(struct model *model);

#endif /* LOGPROC_MODEL_H */
