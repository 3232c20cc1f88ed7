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

#include "engine/agg.h"
#include "engine/ingest.h"

struct engine;

struct engine_config {
	const char *logs_dir;
	const char *pattern;
	const char *offsets_dir;
	unsigned workers;
	uint64_t scan_interval_ns;
	size_t max_line;
	uint64_t commit_every;		/* lines between checkpoints */
	struct filter filter;
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
	enum engine_event_kind kind;
	char text[ENGINE_EVENT_TEXT];	/* may hold untrusted bytes: escape it */
};

struct engine_stats {
	uint64_t lines, bytes, records, selected, rejected, empty;
	size_t segments, complete, failed;
	uint64_t bytes_behind;		/* unread bytes in present segments */
	unsigned busy_workers;
	int finished;			/* --once done, or stopped by an error */
};

struct engine *engine_open(const struct engine_config *config, char **cause);
int engine_start(struct engine *engine, char **cause);
void engine_stop(struct engine *engine);
int engine_close(struct engine *engine, struct agg *totals, char **cause);
void engine_stats(struct engine *engine, struct engine_stats *stats);
void engine_totals(struct engine *engine, struct agg *copy);
size_t engine_events(struct engine *engine, uint64_t after,
    struct engine_event *events, size_t max);

#endif /* LOGPROC_ENGINE_H */
