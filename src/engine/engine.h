/* engine.h: the processing engine behind logproc run and logproc tui.
 * A scanner thread finds the segments of a log directory, worker threads
 * read and aggregate them, and a committer thread checkpoints progress so
 * that a restart, even after kill -9, resumes exactly where the last
 * checkpoint stood: every complete line counted once, in the totals and
 * in the output file. Front ends see the engine only through this API:
 * copies of its state, never its live structures. */
#ifndef LOGPROC_ENGINE_H
#define LOGPROC_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <time.h>

#include "engine/agg.h"
#include "engine/ingest.h"
#include "engine/segment.h"

struct engine;

#define ENGINE_WORKERS_MAX 64

struct engine_config {
	const char *logs_dir;
	const char *pattern;
	const char *offsets_dir;
	unsigned workers;
	uint64_t scan_interval_ns;
	size_t max_line;
	uint64_t commit_every;		/* lines between checkpoints */
	struct filter filter;
	const struct schema *schema;	/* NULL: detect it (--schema auto) */
	const struct schema_overrides *overrides;	/* or NULL */
	enum ingest_parser parser;	/* results are the same with either */
	const char *output_path;	/* NULL: none; "-": standard output */
	const char *rejects_path;	/* NULL: none */
	int once;			/* stop when everything present is read */
	int reset;			/* forget the checkpoint first */
};

enum engine_event_kind {
	ENGINE_INFO,
	ENGINE_WARNING,
	ENGINE_ERROR
};

#define ENGINE_EVENT_TEXT 512

struct engine_event {
	uint64_t sequence;		/* 1, 2, ... in order of occurrence */
	time_t time;			/* wall clock when it happened */
	enum engine_event_kind kind;
	int line_report;		/* a rejected line's: --quiet drops it */
	char text[ENGINE_EVENT_TEXT];	/* may hold untrusted bytes: escape it */
};

struct engine_stats {
	uint64_t lines, bytes, records, selected, rejected, empty;
	size_t segments, complete, failed;
	uint64_t bytes_behind;		/* unread bytes in present segments */
	unsigned busy_workers;
	int finished;			/* --once done, or stopped by an error */
	int scanned;			/* the first scans ended: SEGMENTS is the
					   directory's, not a stop's cut */
};

enum engine_worker_state {
	ENGINE_WORKER_IDLE,		/* waiting for a segment to be ready */
	ENGINE_WORKER_BUSY,		/* reading a segment */
	ENGINE_WORKER_PAUSED,		/* held by engine_pause() */
	ENGINE_WORKER_PARKED		/* above the wanted number: parked */
};

/* A copy of one segment's row, for front ends. */
struct engine_segment_view {
	const char *name;		/* in the view's arena: untrusted bytes */
	const char *reason;		/* why it failed, or NULL */
	enum segment_state state;
	uint64_t size, offset, lines, lost_bytes;
	int64_t mtime_ns;
	int active;			/* the active file, not a rotated one */
	int present;			/* seen by the last scan */
	int worker;			/* the worker reading it, or -1 */
};

/* A copy of one worker's row. */
struct engine_worker_view {
	enum engine_worker_state state;
	const char *segment;		/* the segment it reads, or NULL */
	uint64_t records, lines, bytes;	/* counted by it in this run */
};

#define ENGINE_VIEW_EVENTS 32	/* newest events a view carries */

/* Everything a dashboard shows, copied at one moment. A view is reused
 * from frame to frame: engine_view() keeps its buffers. */
struct engine_view {
	struct engine_stats stats;
	struct agg totals;
	struct engine_segment_view *segments;
	size_t segment_count, segment_capacity;
	struct engine_worker_view workers[ENGINE_WORKERS_MAX];
	unsigned worker_count;		/* rows in workers[] */
	unsigned workers_wanted;
	int paused;
	char schema[64];		/* the schema in force; "": detecting */
	struct engine_event events[ENGINE_VIEW_EVENTS];	/* oldest first */
	size_t event_count;
	char *arena;			/* the names and reasons */
	size_t arena_used, arena_capacity;
};

struct engine *engine_open(const struct engine_config *config, char **cause);
int engine_start(struct engine *engine, char **cause);
void engine_stop(struct engine *engine);
#define ENGINE_OUTPUT_CLOSED 1	/* engine_close: standard output's reader
				   went away */
int engine_close(struct engine *engine, struct agg *totals, char **cause);
void engine_stats(struct engine *engine, struct engine_stats *stats);
void engine_totals(struct engine *engine, struct agg *copy);
char *engine_schema_name(struct engine *engine, int *detected);
size_t engine_events(struct engine *engine, uint64_t after,
    struct engine_event *events, size_t max);

void engine_view_init(struct engine_view *view);
void engine_view_free(struct engine_view *view);
void engine_view(struct engine *engine, struct engine_view *view);
void engine_pause(struct engine *engine, int paused);
unsigned engine_set_workers(struct engine *engine, unsigned count);
void engine_rescan(struct engine *engine);
int engine_done_fd(struct engine *engine);

#endif /* LOGPROC_ENGINE_H */
