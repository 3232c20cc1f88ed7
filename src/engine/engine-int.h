/* engine-int.h: the engine's shared state, for engine.c, scanner.c and
 * worker.c only. Everything marked [lock] is guarded by engine->lock. */
#ifndef LOGPROC_ENGINE_INT_H
#define LOGPROC_ENGINE_INT_H

#include <jansson.h>
#include <pthread.h>
#include <time.h>

#include "engine/agg.h"
#include "engine/ckpt.h"
#include "engine/dispatch.h"
#include "engine/engine.h"
#include "engine/segment.h"

#define ENGINE_EVENTS 128		/* events kept for the front ends */
#define ENGINE_REPORTED_REJECTS 10	/* rejected lines reported by name */

struct engine {
	struct engine_config config;	/* strings owned: see engine.c */
	char *logs_dir_real;		/* absolute path of the log directory */
	json_t *filter_json;
	struct schema *schema;		/* in force; NULL until detected */
	json_t *schema_json;		/* the checkpoint's: null until then */
	struct schema *pending;		/* --schema docker without an inner
					   format: the one to detect it for */
	int dirfd;			/* the log directory */
	int lock_fd;			/* holds the offsets directory's lock */
	int output_fd, rejects_fd;	/* -1: none */
	struct ckpt_sink output_file;	/* as the checkpoint records them: */
	struct ckpt_sink rejects_file;	/* absolute path, identity */
	int wake_pipe[2];		/* wakes the scanner */
	int done_pipe[2];		/* readable once finished */
	int inotify_fd;			/* -1: polling only */
	int64_t listed_mtime_ns;	/* the directory's times at the last */
	int64_t listed_ctime_ns;	/* listing (the scanner's own) */

	pthread_mutex_t lock;
	pthread_cond_t work_cond;	/* a segment is ready, or stop */
	pthread_cond_t commit_cond;	/* enough progress to commit, or stop */

	struct segment **segments;	/* [lock] */
	size_t segment_count;		/* [lock] */
	size_t segment_capacity;	/* [lock] */
	struct dispatch dispatch;	/* [lock] the ready segments */
	struct segment **changed;	/* [lock] changed since the last stage
					   of a checkpoint, by workers */
	size_t changed_count, changed_capacity;	/* [lock] */
	int stage_all;			/* [lock] changed otherwise too */
	struct agg totals;		/* [lock] */
	uint64_t output_length;		/* [lock] bytes written to output */
	uint64_t rejects_length;	/* [lock] bytes written to rejects */
	uint64_t uncommitted;		/* [lock] lines since the last commit */
	int dirty;			/* [lock] progress since the last commit */
	int stopping;			/* [lock] workers and scanner finish */
	int scanned;			/* [lock] the first scans are done */
	int final_commit;		/* [lock] committer: last commit, exit */
	int finished;			/* [lock] --once done, or failed */
	unsigned busy_workers;		/* [lock] */
	unsigned workers_wanted;	/* [lock] workers to keep busy */
	int paused;			/* [lock] workers hold still */
	struct worker_count {
		uint64_t records, lines, bytes;
	} worker_counts[ENGINE_WORKERS_MAX];	/* [lock] per worker, this run */
	char *error;			/* [lock] first fatal error, or NULL */
	char *unopened;			/* [lock] --once: files it left unread */
	int output_closed;		/* [lock] the error: EPIPE on standard
					   output, its reader went away */
	unsigned reported_rejects;	/* [lock] */
	char **warned;			/* [lock] skipped files reported */
	size_t warned_count;		/* [lock] */
	struct engine_event events[ENGINE_EVENTS];	/* [lock] ring */
	uint64_t event_count;		/* [lock] */

	pthread_t scanner_thread, committer_thread;
	pthread_t worker_threads[ENGINE_WORKERS_MAX];
	struct worker *workers[ENGINE_WORKERS_MAX];
	unsigned threads_created;	/* worker threads; front end's thread */
	int committer_started, scanner_started;
};

/* engine.c */
void engine_event(struct engine *engine, enum engine_event_kind kind,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void engine_reject_event(struct engine *engine, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void engine_fail(struct engine *engine, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void engine_output_closed(struct engine *engine);
int engine_lacks_resources(int error);
void engine_add_segment(struct engine *engine, struct segment *segment);
void engine_remove_segment(struct engine *engine, size_t index);
struct segment *engine_next_segment(struct engine *engine);
void engine_segment_changed(struct engine *engine, struct segment *segment);
void engine_set_schema(struct engine *engine, struct schema *schema);
void engine_segments_changed(struct engine *engine);
void engine_note_progress(struct engine *engine, uint64_t lines);
void engine_wake_scanner(struct engine *engine);
void engine_finish(struct engine *engine);
void engine_stats_locked(struct engine *engine, struct engine_stats *stats);

/* sample.c */
void engine_detect_schema(struct engine *engine);

/* scanner.c */
void scanner_scan(struct engine *engine);
void *scanner_main(void *arg);
int scanner_watch(struct engine *engine);

/* worker.c */
struct worker *worker_new(struct engine *engine, unsigned index);
void worker_free(struct worker *worker);
void *worker_main(void *arg);

#endif /* LOGPROC_ENGINE_INT_H */
