/* engine.c: the engine's life (open, start, stop, close), its segment
 * table, its events, and the committer thread that writes checkpoints.
 *
 * Exactly-once rests on one rule: a worker merges a batch of lines (its
 * counts, its output bytes and the segment's new offset) into the engine
 * in one step under the engine lock. The committer copies the engine's
 * state under the same lock, so every checkpoint describes one moment at
 * which totals, offsets and the output's length agree; it syncs the
 * output before it replaces the checkpoint. A restart loads the
 * checkpoint and cuts the output back to the committed length. A
 * checkpoint that cannot be written (a full offsets directory) is tried
 * again with a growing wait while the workers go on, except with --once
 * or at the last commit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/escape.h"
#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/ckpt.h"
#include "engine/engine-int.h"

#define COMMIT_PERIOD_S 1.0	/* commit at least this often when dirty */
#define COMMIT_GAP_S 0.05	/* and at most this often: a checkpoint's
				   cost stays a small share of a core */
#define COMMIT_SHARE 0.2	/* nor, when a checkpoint takes long to
				   write (many segments), more of the time
				   than this, up to COMMIT_PERIOD_S apart */
#define RETRY_FIRST_S 1.0	/* a failed checkpoint is tried again after */
#define RETRY_MAX_S 30.0	/* this, doubled at each failure up to this */

static void add_event(struct engine *engine, enum engine_event_kind kind,
    int line_report, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Adds an event to the ring; lock held. */
static void
add_event(struct engine *engine, enum engine_event_kind kind,
    int line_report, const char *fmt, va_list ap)
{
	struct engine_event *event;

	event = &engine->events[engine->event_count % ENGINE_EVENTS];
	event->sequence = ++engine->event_count;
	event->time = time(NULL);
	event->kind = kind;
	event->line_report = line_report;
	vsnprintf(event->text, sizeof event->text, fmt, ap);
}

/* Records an event for the front ends; called with the lock held. */
void
engine_event(struct engine *engine, enum engine_event_kind kind,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_event(engine, kind, 0, fmt, ap);
	va_end(ap);
}

/* Records the warning that reports one rejected line; lock held. */
void
engine_reject_event(struct engine *engine, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_event(engine, ENGINE_WARNING, 1, fmt, ap);
	va_end(ap);
}

/* Marks the engine finished (--once done, or failed), once: wakes the
 * workers and makes engine_done_fd() readable. Lock held. */
void
engine_finish(struct engine *engine)
{
	if (engine->finished)
		return;
	engine->finished = 1;
	pthread_cond_broadcast(&engine->work_cond);
	if (engine->done_pipe[1] >= 0 && write(engine->done_pipe[1], "", 1) < 0)
		return;	/* the flag is set anyway */
}

/* Returns a descriptor that becomes readable when the engine is
 * finished, or -1 before engine_start. */
int
engine_done_fd(struct engine *engine)
{
	return engine->done_pipe[0];
}

/* Stops the engine after a failure; lock held. */
static void
stop_failed(struct engine *engine)
{
	engine->stopping = 1;
	engine_finish(engine);
	pthread_cond_broadcast(&engine->commit_cond);
}

/* Records the first fatal error and stops the engine; lock held. */
void
engine_fail(struct engine *engine, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int length;

	if (engine->error == NULL) {
		va_start(ap, fmt);
		length = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		text = xmalloc((size_t)length + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)length + 1, fmt, ap);
		va_end(ap);
		engine->error = text;
		engine_event(engine, ENGINE_ERROR, "%s", text);
	}
	stop_failed(engine);
}

/* Ends the run because the reader of standard output went away (EPIPE).
 * The engine stops as after a failure, so that nothing is merged or
 * committed any more: the batch that could not be written is not
 * claimed, and the checkpoint stays the last one written. But it is no
 * error event: like grep into head, the run ends quietly (engine_close
 * returns ENGINE_OUTPUT_CLOSED). Lock held. */
void
engine_output_closed(struct engine *engine)
{
	if (engine->error == NULL) {
		engine->error = xstrdup(_("standard output was closed"));
		engine->output_closed = 1;
	}
	stop_failed(engine);
}

/* Returns 1 if ERROR says the process ran out of memory or descriptors:
 * a failure of the run, which a restart may not meet, never of the file
 * it was working on, which must not be marked failed for it. */
int
engine_lacks_resources(int error)
{
	return error == ENOMEM || error == EMFILE || error == ENFILE;
}

/* Appends SEGMENT to the table; lock held. */
void
engine_add_segment(struct engine *engine, struct segment *segment)
{
	if (engine->segment_count == engine->segment_capacity) {
		engine->segment_capacity = engine->segment_capacity * 2 + 64;
		engine->segments = xreallocarray(engine->segments,
		    engine->segment_capacity, sizeof *engine->segments);
	}
	engine->segments[engine->segment_count++] = segment;
	engine_segments_changed(engine);
}

/* Removes and frees the segment at INDEX; lock held. */
void
engine_remove_segment(struct engine *engine, size_t index)
{
	segment_free(engine->segments[index]);
	memmove(engine->segments + index, engine->segments + index + 1,
	    (engine->segment_count - index - 1) * sizeof *engine->segments);
	engine->segment_count--;
	engine_segments_changed(engine);
}

/* Notes that SEGMENT, of the table, changed (a worker taking it,
 * merging a batch, ending its turn): the dispatcher queues it if it is
 * ready, and the next checkpoint stages it. Any field may have changed
 * but those that order segments (name, time, active): a change to those
 * is told with engine_segments_changed. Lock held. */
void
engine_segment_changed(struct engine *engine, struct segment *segment)
{
	dispatch_offer(&engine->dispatch, segment);
	if (segment->change_noted || engine->stage_all)
		return;
	if (engine->changed_count == engine->changed_capacity) {
		engine->changed_capacity = engine->changed_capacity * 2 + 64;
		engine->changed = xreallocarray(engine->changed,
		    engine->changed_capacity, sizeof *engine->changed);
	}
	engine->changed[engine->changed_count++] = segment;
	segment->change_noted = 1;
}

/* Notes that segments changed in ways not told one by one (added,
 * removed, a scan): the dispatcher looks at the whole table again at
 * the next dispatch, and the next checkpoint stage at every segment.
 * Lock held. */
void
engine_segments_changed(struct engine *engine)
{
	dispatch_invalidate(&engine->dispatch);
	engine->stage_all = 1;
}

/* The dispatcher: returns the oldest segment a worker should take now, or
 * NULL; lock held. The caller takes it (and offers it back with
 * engine_segment_changed at the end of its turn). The workers tell of
 * each change they make, the scanner of each size it refreshes between
 * scans, and a scan tells that the whole table changed: so the cost of a
 * dispatch grows with the changes, not with the table, but after a
 * scan, which costs a stat per file anyway. */
struct segment *
engine_next_segment(struct engine *engine)
{
	return dispatch_take(&engine->dispatch, engine->segments,
	    engine->segment_count);
}

/* Counts LINES merged by a worker and wakes the committer when enough
 * have come; lock held. */
void
engine_note_progress(struct engine *engine, uint64_t lines)
{
	engine->dirty = 1;
	engine->uncommitted += lines;
	if (engine->uncommitted >= engine->config.commit_every)
		pthread_cond_signal(&engine->commit_cond);
}

/* Copies FILE, an output file of the engine, into SINK, with COMMITTED
 * bytes. */
static void
copy_sink(struct ckpt_sink *sink, const struct ckpt_sink *file,
    uint64_t committed)
{
	*sink = *file;
	if (file->path != NULL)
		sink->path = xstrdup(file->path);
	sink->committed = committed;
}

/* Copies the engine's state into CKPT (ckpt_init'ed) and stages its
 * segments in CACHE, copying only those that changed since the last
 * commit; lock held. */
static void
snapshot(struct engine *engine, struct ckpt *ckpt, struct ckpt_cache *cache)
{
	ckpt->logs_dir = xstrdup(engine->logs_dir_real);
	ckpt->pattern = xstrdup(engine->config.pattern);
	ckpt->filter = json_incref(engine->filter_json);
	ckpt->schema = json_incref(engine->schema_json);
	copy_sink(&ckpt->output, &engine->output_file, engine->output_length);
	copy_sink(&ckpt->rejects, &engine->rejects_file, engine->rejects_length);
	agg_copy(&ckpt->totals, &engine->totals);
	ckpt_cache_stage(cache, engine->segments, engine->segment_count);
	ckpt->updated = time(NULL);
}

/* What became of a commit. */
enum commit_result {
	COMMIT_WRITTEN,
	COMMIT_FAILED,		/* the checkpoint was not replaced: try again */
	COMMIT_BROKEN		/* the output or rejects file may miss bytes */
};

/* Makes the output and rejects files durable up to what the snapshot
 * counts (not standard output, "-", which may be a pipe), then replaces
 * the checkpoint with CKPT and the segments staged in CACHE. A failed
 * sync is not retried: after one, the kernel may have dropped the
 * unwritten pages and a second sync would succeed without them. Called
 * without the lock. */
static enum commit_result
write_checkpoint(struct engine *engine, const struct ckpt *ckpt,
    struct ckpt_cache *cache, char **cause)
{
	if (engine->output_fd > STDERR_FILENO && fdatasync(engine->output_fd) != 0)
		return (xasprintf(cause, "%s: %s", engine->config.output_path,
		    strerror(errno)), COMMIT_BROKEN);
	if (engine->rejects_fd > STDERR_FILENO &&
	    fdatasync(engine->rejects_fd) != 0)
		return (xasprintf(cause, "%s: %s", engine->config.rejects_path,
		    strerror(errno)), COMMIT_BROKEN);
	if (ckpt_write_staged(ckpt, cache, engine->config.offsets_dir,
	    cause) != 0)
		return COMMIT_FAILED;
	return COMMIT_WRITTEN;
}

/* Returns the wall clock in seconds (the clock of the condition's
 * timed waits). */
static double
wall_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Waits on the commit condition until WHEN (wall clock seconds); lock
 * held. */
static void
wait_until(struct engine *engine, double when)
{
	struct timespec deadline;

	deadline.tv_sec = (time_t)when;
	deadline.tv_nsec = (long)((when - (double)deadline.tv_sec) * 1e9);
	pthread_cond_timedwait(&engine->commit_cond, &engine->lock, &deadline);
}

/* The committer's pace: when it last wrote, and after failed writes,
 * when it tries again. */
struct pace {
	double last_commit;		/* wall clock of the last attempt */
	double gap;			/* the least time to the next one */
	double retry_at;		/* when to try again after a failure */
	double backoff;			/* the wait after the next failure */
	unsigned failures;		/* failed attempts in a row */
};

/* Waits until a commit is due: --commit-every lines or a second of
 * unsaved progress, but not sooner than the pace's gap after the last
 * one (progress meanwhile joins the next commit); after a failed one, its
 * retry time; or the last commit, at once. Nothing is committed before
 * the first scans are done: a stop during them, before anything was
 * read, leaves the checkpoint as it was. Returns 0 to commit, -1 to
 * exit; lock held. */
static int
wait_for_commit(struct engine *engine, const struct pace *pace)
{
	double now;
	int due;

	for (;;) {
		if (engine->error != NULL)
			return -1;
		if (engine->final_commit)
			return engine->dirty && engine->scanned ? 0 : -1;
		if (!engine->scanned) {
			pthread_cond_wait(&engine->commit_cond, &engine->lock);
			continue;
		}
		now = wall_seconds();
		if (pace->failures > 0) {
			if (now >= pace->retry_at)
				return 0;
			wait_until(engine, pace->retry_at);
			continue;
		}
		due = engine->dirty && (engine->uncommitted >=
		    engine->config.commit_every ||
		    now - pace->last_commit >= COMMIT_PERIOD_S);
		if (due && now - pace->last_commit >= pace->gap)
			return 0;
		wait_until(engine, due ? pace->last_commit + pace->gap :
		    now + COMMIT_PERIOD_S);
	}
}

/* Returns the CPU time of the calling thread, in seconds: what writing
 * a checkpoint costs a core, without the waits for the disk (a sync on a
 * busy disk takes long, and costs nothing). */
static double
thread_seconds(void)
{
	struct timespec now;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0)
		return 0;
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Returns the least time from the start of a checkpoint that took
 * SECONDS of CPU to write to the start of the next: COMMIT_GAP_S, or longer so
 * that writing takes no more than COMMIT_SHARE of the time, but no
 * longer than COMMIT_PERIOD_S. A checkpoint holds every segment: with
 * many, writing it back to back would keep a core busy the workers
 * need, for checkpoints no more useful than those a moment apart. */
static double
next_gap(double seconds)
{
	double gap = seconds / COMMIT_SHARE;

	if (gap < COMMIT_GAP_S)
		return COMMIT_GAP_S;
	return gap < COMMIT_PERIOD_S ? gap : COMMIT_PERIOD_S;
}

/* Notes a checkpoint written; after failures, says it is written again,
 * as a warning: it ends the warnings of the failures, and --quiet, which
 * leaves them, must not leave out their end. Lock held. */
static void
note_written(struct engine *engine, struct pace *pace)
{
	char *path;

	if (pace->failures > 0) {
		path = ckpt_path(engine->config.offsets_dir);
		engine_event(engine, ENGINE_WARNING, _("%s: written again, at "
		    "attempt %u"), path, pace->failures + 1);
		free(path);
	}
	pace->failures = 0;
	pace->backoff = RETRY_FIRST_S;
}

/* Handles a commit that failed with RESULT and CAUSE. A checkpoint that
 * could not be replaced (a full or failing offsets directory) is tried
 * again later, RETRY_FIRST_S, then twice as long each time up to
 * RETRY_MAX_S, while the workers go on: the old one stays whole and the
 * output is synced before every attempt. Not so with --once or at the
 * last commit, nor after a failed sync: the engine fails. Returns 0 to
 * go on, -1 if the engine failed. Lock held. */
static int
note_failed(struct engine *engine, struct pace *pace,
    enum commit_result result, const char *cause, int last)
{
	if (result == COMMIT_BROKEN || last || engine->config.once) {
		engine_fail(engine, _("cannot write the checkpoint: %s"), cause);
		return -1;
	}
	engine->dirty = 1;	/* what the attempt held is still unsaved */
	pace->failures++;
	pace->retry_at = wall_seconds() + pace->backoff;
	engine_event(engine, ENGINE_WARNING, _("cannot write the checkpoint: "
	    "%s; trying again in %.0f s"), cause, pace->backoff);
	pace->backoff = pace->backoff * 2 < RETRY_MAX_S ? pace->backoff * 2 :
	    RETRY_MAX_S;
	return 0;
}

/* Tells CACHE which segments alone changed since its last stage, when
 * the engine knows: no scan came since (see engine_next_segment). Lock
 * held. */
static void
expect_changes(struct engine *engine, struct ckpt_cache *cache)
{
	if (!engine->stage_all)
		ckpt_cache_expect(cache, engine->changed, engine->changed_count);
}

/* Starts a new list of changes, after a stage; lock held. */
static void
forget_changes(struct engine *engine)
{
	size_t i;

	if (engine->stage_all) {	/* the list may name freed segments */
		for (i = 0; i < engine->segment_count; i++)
			engine->segments[i]->change_noted = 0;
	} else {
		for (i = 0; i < engine->changed_count; i++)
			engine->changed[i]->change_noted = 0;
	}
	engine->changed_count = 0;
	engine->stage_all = 0;
}

/* The committer: one writer of checkpoints. While it writes, workers go
 * on; the next commit takes the latest progress, so commits coalesce
 * instead of queueing. It keeps the segments' text from one commit to
 * the next, its own till it exits. */
static void *
committer_main(void *arg)
{
	struct engine *engine = arg;
	struct pace pace = { wall_seconds(), COMMIT_GAP_S, 0, RETRY_FIRST_S, 0 };
	struct ckpt_cache *cache = ckpt_cache_new();
	enum commit_result result;
	struct ckpt ckpt;
	char *cause = NULL;
	double cpu;
	int last;

	pthread_mutex_lock(&engine->lock);
	while (wait_for_commit(engine, &pace) == 0) {
		ckpt_init(&ckpt);
		expect_changes(engine, cache);
		snapshot(engine, &ckpt, cache);
		forget_changes(engine);
		engine->dirty = 0;
		engine->uncommitted = 0;
		last = engine->final_commit;
		pthread_mutex_unlock(&engine->lock);
		pace.last_commit = wall_seconds();
		cpu = thread_seconds();
		result = write_checkpoint(engine, &ckpt, cache, &cause);
		ckpt_free(&ckpt);
		pace.gap = next_gap(thread_seconds() - cpu);
		pthread_mutex_lock(&engine->lock);
		if (result == COMMIT_WRITTEN)
			note_written(engine, &pace);
		else if (note_failed(engine, &pace, result, cause, last) != 0)
			break;
		free(cause);
		cause = NULL;
	}
	pthread_mutex_unlock(&engine->lock);
	free(cause);
	ckpt_cache_free(cache);
	return NULL;
}

/* Copies CONFIG into ENGINE, owning every string. */
static void
copy_config(struct engine *engine, const struct engine_config *config)
{
	struct engine_config *own = &engine->config;
	struct schema *schema;
	size_t i;

	*own = *config;
	own->logs_dir = xstrdup(config->logs_dir);
	own->pattern = xstrdup(config->pattern);
	own->offsets_dir = xstrdup(config->offsets_dir);
	own->output_path = config->output_path ? xstrdup(config->output_path) : NULL;
	own->rejects_path = config->rejects_path ? xstrdup(config->rejects_path) : NULL;
	own->filter.services = xreallocarray(NULL, config->filter.service_count + 1,
	    sizeof *own->filter.services);
	for (i = 0; i < config->filter.service_count; i++)
		own->filter.services[i] = xstrdup(config->filter.services[i]);
	engine->filter_json = filter_to_json(&own->filter);
	own->schema = NULL;
	if (config->schema != NULL) {
		schema = schema_copy(config->schema);
		schema_apply(schema, config->overrides);
		if (schema->wrapper == SCHEMA_DOCKER && schema->inner == NULL) {
			engine->pending = schema;
			engine->schema_json = json_null();
		} else
			engine_set_schema(engine, schema);
	} else
		engine->schema_json = json_null();
}

/* Opens the log directory and checks it is one. */
static int
open_logs_dir(struct engine *engine, char **cause)
{
	const char *dir = engine->config.logs_dir;
	char real[PATH_MAX];

	engine->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (engine->dirfd < 0 || realpath(dir, real) == NULL)
		return (xasprintf(cause, _("log directory %s: %s"), dir,
		    strerror(errno)), -1);
	if (!escape_is_utf8(real, strlen(real)))
		return (xasprintf(cause, _("log directory %s: its path is not UTF-8 "
		    "text, which the checkpoint cannot hold"), dir), -1);
	engine->logs_dir_real = xstrdup(real);
	return 0;
}

/* Creates the offsets directory if needed and takes its lock; with
 * --reset, removes the checkpoint, durably: a power loss must not bring
 * it back to count the bytes of an output this run starts anew. */
static int
open_offsets_dir(struct engine *engine, char **cause)
{
	const char *dir = engine->config.offsets_dir;
	char *path;
	int result;

	if (fsutil_mkdirs(dir, 0755, cause) != 0 ||
	    ckpt_lock(dir, &engine->lock_fd, cause) != 0)
		return -1;
	if (!engine->config.reset)
		return 0;
	path = ckpt_path(dir);
	if (unlink(path) == 0)
		result = fsutil_sync_parent(path);
	else
		result = errno == ENOENT ? 0 : -1;
	if (result != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

/* Returns PATH made absolute against the current directory, allocated
 * ("-", standard output, stays "-"), or NULL with errno when the current
 * directory cannot be had. */
static char *
absolute_path(const char *path)
{
	char cwd[PATH_MAX], *absolute;

	if (path[0] == '/' || strcmp(path, "-") == 0)
		return xstrdup(path);
	if (getcwd(cwd, sizeof cwd) == NULL)
		return NULL;
	xasprintf(&absolute, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/",
	    path);
	return absolute;
}

/* Sets *CAUSE: PATH is not UTF-8. Returns -1. */
static int
path_not_utf8(const char *path, char **cause)
{
	xasprintf(cause, _("%s: the path is not UTF-8 text, which the "
	    "checkpoint cannot hold"), path);
	return -1;
}

/* Sets FILE's path to the absolute path of PATH (--output or --rejects,
 * as given; NULL: none), which the checkpoint records, so that a run
 * from another directory cannot take another file for it. Both must be
 * UTF-8: the checkpoint holds the path. */
static int
resolve_sink(const char *path, struct ckpt_sink *file, char **cause)
{
	if (path == NULL)
		return 0;
	if (!escape_is_utf8(path, strlen(path)))
		return path_not_utf8(path, cause);
	if ((file->path = absolute_path(path)) == NULL)
		return (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	if (!escape_is_utf8(file->path, strlen(file->path)))
		return path_not_utf8(file->path, cause);
	return 0;
}

/* Returns 1 if sink RECORDED, from the checkpoint, names the file at
 * ABSOLUTE (NULL: none). A relative path, which an older logproc
 * recorded, is taken against the current directory. */
static int
same_sink_path(const struct ckpt_sink *recorded, const char *absolute)
{
	char *path;
	int same;

	if (recorded->path == NULL || absolute == NULL)
		return recorded->path == NULL && absolute == NULL;
	path = absolute_path(recorded->path);
	same = path != NULL && strcmp(path, absolute) == 0;
	free(path);
	return same;
}

/* Sets *CAUSE: checkpoint PATH was made by a run with OPTION naming
 * RECORDED (NULL: without OPTION). Returns -1. */
static int
sink_differs(const char *path, const char *option, const char *recorded,
    char **cause)
{
	if (recorded == NULL)
		xasprintf(cause, _("%s: made by a run without %s; use --reset to "
		    "start over"), path, option);
	else
		xasprintf(cause, _("%s: made by a run with another %s (%s); use "
		    "--reset to start over"), path, option, recorded);
	return -1;
}

/* Returns the name of the schema in force, allocated, or NULL while none
 * is; *DETECTED (if not NULL) says whether --schema auto chose it (this run or one
 * before, as the checkpoint recorded). */
char *
engine_schema_name(struct engine *engine, int *detected)
{
	char *name;

	pthread_mutex_lock(&engine->lock);
	name = engine->schema == NULL ? NULL : xstrdup(engine->schema->name);
	if (detected != NULL)
		*detected = engine->config.schema == NULL;
	pthread_mutex_unlock(&engine->lock);
	return name;
}

/* Makes SCHEMA (allocated, taken) the one in force; lock held or no
 * thread started. */
void
engine_set_schema(struct engine *engine, struct schema *schema)
{
	json_decref(engine->schema_json);
	engine->schema = schema;
	engine->schema_json = schema_to_json(schema);
}

/* Returns 1 if RECORDED, a checkpoint's schema, is the one this run
 * reads with: the one given; with --schema auto, the recorded one with
 * this run's --field, --level-map and --timezone; with --schema docker
 * without an inner format, a docker one like it around any. */
static int
same_schema(struct engine *engine, const struct schema *recorded)
{
	struct schema *given = schema_copy(recorded);
	int same;

	if (engine->pending != NULL) {
		schema_free(given->inner);
		given->inner = NULL;
		free(given->name);
		given->name = xstrdup(engine->pending->name);
		same = schema_equal(given, engine->pending);
	} else if (engine->schema == NULL) {
		schema_apply(given, engine->config.overrides);
		same = schema_equal(recorded, given);
	} else
		same = schema_equal(recorded, engine->schema);
	schema_free(given);
	return same;
}

/* Takes the schema the checkpoint CKPT records, or checks it is the one
 * given: a run must read every line as the runs before it did. An older
 * checkpoint records none: it read the logproc schema. Returns 0, or -1
 * with *CAUSE. */
static int
check_same_schema(struct engine *engine, const struct ckpt *ckpt,
    const char *path, char **cause)
{
	struct schema *recorded;
	char *reason = NULL;
	int same;

	if (ckpt->schema != NULL && json_is_null(ckpt->schema))
		return 0;		/* never decided: detect it */
	if (ckpt->schema == NULL)
		recorded = schema_builtin("logproc");
	else if ((recorded = schema_from_json(ckpt->schema, "schema",
	    &reason)) == NULL) {
		xasprintf(cause, _("%s: %s"), path, reason);
		free(reason);
		return -1;
	}
	same = same_schema(engine, recorded);
	if (same && engine->schema == NULL) {
		engine_set_schema(engine, recorded);
		return 0;
	}
	if (same) {
		schema_free(recorded);
		return 0;
	}
	xasprintf(cause, _("%s: made by a run with another schema (%s); use "
	    "--reset to start over, or --schema auto to go on with it"), path,
	    recorded->name);
	schema_free(recorded);
	return -1;
}

/* Checks that checkpoint CKPT was made by a run like this one: the same
 * directory, pattern, filters, schema and output files. */
static int
check_same_run(struct engine *engine, const struct ckpt *ckpt,
    const char *path, char **cause)
{
	const char *what = NULL;

	if (strcmp(ckpt->logs_dir, engine->logs_dir_real) != 0)
		what = _("another log directory");
	else if (strcmp(ckpt->pattern, engine->config.pattern) != 0)
		what = _("another pattern");
	else if (!json_equal(ckpt->filter, engine->filter_json))
		what = _("other filters");
	else if (!same_sink_path(&ckpt->output, engine->output_file.path))
		return sink_differs(path, "--output", ckpt->output.path, cause);
	else if (!same_sink_path(&ckpt->rejects, engine->rejects_file.path))
		return sink_differs(path, "--rejects", ckpt->rejects.path, cause);
	if (what == NULL)
		return check_same_schema(engine, ckpt, path, cause);
	xasprintf(cause, _("%s: made by a run with %s; use --reset to start "
	    "over"), path, what);
	return -1;
}

/* Loads the checkpoint, if any, into the engine's table and totals. */
static int
load_checkpoint(struct engine *engine, struct ckpt *ckpt, char **cause)
{
	char *path;
	int loaded = ckpt_load(ckpt, engine->config.offsets_dir, cause);

	if (loaded <= 0)
		return loaded;
	path = ckpt_path(engine->config.offsets_dir);
	if (check_same_run(engine, ckpt, path, cause) != 0) {
		free(path);
		return -1;
	}
	free(path);
	agg_copy(&engine->totals, &ckpt->totals);
	engine->segments = ckpt->segments;
	engine->segment_count = engine->segment_capacity = ckpt->segment_count;
	ckpt->segments = NULL;
	ckpt->segment_count = 0;
	return 1;
}

/* Opens PATH for writing, creating it if missing; a new file's name is
 * made durable at once (its directory synced), as the checkpoints that
 * count its bytes will be. Anything but a regular file is refused.
 * Returns the descriptor, or -1 with *CAUSE. */
static int
open_durably(const char *path, char **cause)
{
	int fd = fsutil_open_regular(path, O_WRONLY | O_CREAT | O_EXCL, 0644,
	    cause);

	if (fd < 0 && errno == EEXIST) {
		free(*cause);
		*cause = NULL;
		return fsutil_open_regular(path, O_WRONLY, 0, cause);
	}
	if (fd >= 0 && fsutil_sync_parent(path) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens the file a checkpoint that records its identity counts bytes of:
 * it must be there (never made again) and be the same file. */
static int
open_recorded(const char *path, const struct ckpt_sink *recorded,
    char **cause)
{
	struct stat st;
	int fd = fsutil_open_regular(path, O_WRONLY, 0, cause);

	if (fd < 0 && errno == ENOENT) {
		free(*cause);
		xasprintf(cause, _("%s: missing, though the checkpoint counts %llu "
		    "bytes of it (deleted or moved); use --reset to start over"),
		    path, (unsigned long long)recorded->committed);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_dev != recorded->device ||
	    (uint64_t)st.st_ino != recorded->inode) {
		xasprintf(cause, _("%s: not the file the checkpoint counts %llu "
		    "bytes of (it was replaced, or is a copy); use --reset to start "
		    "over"), path, (unsigned long long)recorded->committed);
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens an append file, PATH as given (--output or --rejects), and
 * records its identity in FILE. RECORDED is what the checkpoint holds of
 * it (no path: a fresh run); with an identity, the file must be that
 * one; with a path an older logproc recorded relative to a directory it
 * did not record, no file can be trusted. Nothing is cut here. */
static int
open_sink(const char *path, struct ckpt_sink *file,
    const struct ckpt_sink *recorded, int *fd, char **cause)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		*fd = STDOUT_FILENO;
		return 0;
	}
	if (recorded->path != NULL && !recorded->has_identity &&
	    recorded->path[0] != '/')
		return (xasprintf(cause, _("%s: the checkpoint records it as '%s', "
		    "relative to a directory it does not name (an older logproc "
		    "wrote it); use --reset to start over"), path, recorded->path),
		    -1);
	*fd = recorded->has_identity ? open_recorded(path, recorded, cause) :
	    open_durably(path, cause);
	if (*fd < 0)
		return -1;
	if (fstat(*fd, &st) != 0)
		return (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	file->has_identity = 1;
	file->device = (uint64_t)st.st_dev;
	file->inode = (uint64_t)st.st_ino;
	return 0;
}

/* Cuts append file PATH, open as FD, back to its COMMITTED length: bytes
 * after it were written after the last checkpoint and will be written
 * again. Standard output ("-") is left alone. */
static int
cut_sink(const char *path, int fd, uint64_t committed, char **cause)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return 0;
	if (fstat(fd, &st) != 0)
		return (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	if ((uint64_t)st.st_size < committed)
		return (xasprintf(cause, _("%s: shorter (%lld bytes) than the %llu "
		    "bytes committed: it was changed outside logproc; use --reset"),
		    path, (long long)st.st_size, (unsigned long long)committed), -1);
	if (ftruncate(fd, (off_t)committed) != 0 ||
	    lseek(fd, (off_t)committed, SEEK_SET) < 0)
		return (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	return 0;
}

/* Returns 1 if FILE, opened, has an identity its checkpoint, RECORDED, of
 * an older logproc, lacks. */
static int
learned_identity(const struct ckpt_sink *recorded, const struct ckpt_sink *file)
{
	return recorded->path != NULL && !recorded->has_identity &&
	    file->has_identity;
}

/* Opens the output and rejects files and checks both are the files the
 * checkpoint counts, then, only then, cuts them back to their committed
 * lengths. A checkpoint of an older logproc, without their identities,
 * is written again at the next commit, with them, even if nothing else
 * changes. */
static int
open_sinks(struct engine *engine, const struct ckpt *ckpt, char **cause)
{
	const char *output = engine->config.output_path;
	const char *rejects = engine->config.rejects_path;

	if ((output != NULL && open_sink(output, &engine->output_file,
	    &ckpt->output, &engine->output_fd, cause) != 0) ||
	    (rejects != NULL && open_sink(rejects, &engine->rejects_file,
	    &ckpt->rejects, &engine->rejects_fd, cause) != 0))
		return -1;
	if (output != NULL && rejects != NULL &&
	    engine->output_file.has_identity &&
	    engine->rejects_file.has_identity &&
	    engine->output_file.device == engine->rejects_file.device &&
	    engine->output_file.inode == engine->rejects_file.inode)
		return (xasprintf(cause, _("%s: --output and --rejects name the "
		    "same file; records and rejected lines would overwrite each "
		    "other"), rejects), -1);
	if ((output != NULL && cut_sink(output, engine->output_fd,
	    ckpt->output.committed, cause) != 0) ||
	    (rejects != NULL && cut_sink(rejects, engine->rejects_fd,
	    ckpt->rejects.committed, cause) != 0))
		return -1;
	engine->output_length = ckpt->output.committed;
	engine->rejects_length = ckpt->rejects.committed;
	if (learned_identity(&ckpt->output, &engine->output_file) ||
	    learned_identity(&ckpt->rejects, &engine->rejects_file))
		engine->dirty = 1;
	return 0;
}

/* Returns a new engine, checked and ready to start: the log directory
 * exists, the offsets directory is ours (locked), the checkpoint (if any)
 * is loaded and matches this run, and the output files are cut back to
 * their committed lengths. Returns NULL with *CAUSE on any problem. */
struct engine *
engine_open(const struct engine_config *config, char **cause)
{
	struct engine *engine = xcalloc(1, sizeof *engine);
	struct ckpt ckpt;
	char *reason = NULL;

	engine->dirfd = engine->lock_fd = -1;
	engine->output_fd = engine->rejects_fd = engine->inotify_fd = -1;
	engine->wake_pipe[0] = engine->wake_pipe[1] = -1;
	engine->done_pipe[0] = engine->done_pipe[1] = -1;
	pthread_mutex_init(&engine->lock, NULL);
	pthread_cond_init(&engine->work_cond, NULL);
	pthread_cond_init(&engine->commit_cond, NULL);
	agg_init(&engine->totals);
	copy_config(engine, config);
	dispatch_init(&engine->dispatch, engine->config.pattern,
	    engine->config.once);
	engine->stage_all = 1;
	ckpt_init(&ckpt);
	if (open_logs_dir(engine, &reason) != 0 ||
	    resolve_sink(config->output_path, &engine->output_file,
	    &reason) != 0 ||
	    resolve_sink(config->rejects_path, &engine->rejects_file,
	    &reason) != 0 ||
	    open_offsets_dir(engine, &reason) != 0 ||
	    load_checkpoint(engine, &ckpt, &reason) < 0 ||
	    open_sinks(engine, &ckpt, &reason) != 0) {
		ckpt_free(&ckpt);
		engine_close(engine, NULL, NULL);
		*cause = reason;
		return NULL;
	}
	ckpt_free(&ckpt);
	return engine;
}

/* Starts worker threads until COUNT run; lock held. Returns how many
 * run: fewer if the system refuses a thread. */
static unsigned
create_workers(struct engine *engine, unsigned count)
{
	unsigned i;

	for (i = engine->threads_created; i < count; i++) {
		engine->workers[i] = worker_new(engine, i);
		if (pthread_create(&engine->worker_threads[i], NULL, worker_main,
		    engine->workers[i]) != 0) {
			worker_free(engine->workers[i]);
			engine->workers[i] = NULL;
			break;
		}
		engine->threads_created = i + 1;
	}
	return engine->threads_created;
}

/* The scanner thread: the first two scans (a file gone from two scans
 * is gone), before which no worker takes a segment, so that --once knows
 * everything present; then, following, the scanner's loop. A stop during
 * the first scan skips the second, and then nothing is read and nothing
 * committed: the next run scans again. */
static void *
scan_main(void *arg)
{
	struct engine *engine = arg;
	int stopping;

	scanner_scan(engine);
	pthread_mutex_lock(&engine->lock);
	stopping = engine->stopping;
	pthread_mutex_unlock(&engine->lock);
	if (!stopping)
		scanner_scan(engine);
	if (!stopping)
		engine_detect_schema(engine);
	pthread_mutex_lock(&engine->lock);
	stopping = engine->stopping;
	engine->scanned = !stopping;
	pthread_cond_broadcast(&engine->work_cond);
	pthread_cond_signal(&engine->commit_cond);
	pthread_mutex_unlock(&engine->lock);
	if (!engine->config.once && !stopping)
		scanner_main(engine);
	return NULL;
}

/* Starts the threads: the scanner, which makes the first scans, the
 * committer and the workers, which wait for them. It returns at once, so
 * that the front end sees a stop while a large directory is scanned.
 * Returns 0, or -1 with *CAUSE when one cannot start (engine_close then
 * stops those that did). */
int
engine_start(struct engine *engine, char **cause)
{
	int error;

	if (pipe(engine->wake_pipe) != 0 ||
	    fcntl(engine->wake_pipe[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(engine->wake_pipe[1], F_SETFL, O_NONBLOCK) != 0 ||
	    pipe(engine->done_pipe) != 0 ||
	    fcntl(engine->done_pipe[1], F_SETFL, O_NONBLOCK) != 0)
		return (xasprintf(cause, "pipe: %s", strerror(errno)), -1);
	if (!engine->config.once)
		scanner_watch(engine);
	if ((error = pthread_create(&engine->scanner_thread, NULL, scan_main,
	    engine)) != 0)
		return (xasprintf(cause, _("cannot start a thread: %s"),
		    strerror(error)), -1);
	engine->scanner_started = 1;
	if ((error = pthread_create(&engine->committer_thread, NULL,
	    committer_main, engine)) != 0)
		return (xasprintf(cause, _("cannot start a thread: %s"),
		    strerror(error)), -1);
	engine->committer_started = 1;
	pthread_mutex_lock(&engine->lock);
	engine->workers_wanted = create_workers(engine, engine->config.workers);
	pthread_mutex_unlock(&engine->lock);
	if (engine->workers_wanted == 0)
		return (xasprintf(cause, _("cannot start a worker thread")), -1);
	return 0;
}

/* Holds the workers still (PAUSED) or lets them go on. A busy worker
 * stops at the end of its batch, as when stopping; nothing is lost. */
void
engine_pause(struct engine *engine, int paused)
{
	pthread_mutex_lock(&engine->lock);
	engine->paused = paused != 0;
	pthread_cond_broadcast(&engine->work_cond);
	pthread_mutex_unlock(&engine->lock);
}

/* Sets the number of workers that take segments to COUNT, clamped to 1
 * to ENGINE_WORKERS_MAX, starting threads as needed; workers above it
 * finish their batch and park. Returns the number now wanted. Call from
 * one thread only (the front end's), after engine_start. */
unsigned
engine_set_workers(struct engine *engine, unsigned count)
{
	if (count < 1)
		count = 1;
	if (count > ENGINE_WORKERS_MAX)
		count = ENGINE_WORKERS_MAX;
	pthread_mutex_lock(&engine->lock);
	if (!engine->stopping) {
		if (count > engine->threads_created)
			count = create_workers(engine, count);
		if (count > 0)
			engine->workers_wanted = count;
		pthread_cond_broadcast(&engine->work_cond);
	}
	count = engine->workers_wanted;
	pthread_mutex_unlock(&engine->lock);
	return count;
}

/* Asks the scanner for a scan now. */
void
engine_rescan(struct engine *engine)
{
	engine_wake_scanner(engine);
}

/* Wakes the scanner for a scan now. */
void
engine_wake_scanner(struct engine *engine)
{
	if (engine->wake_pipe[1] >= 0 && write(engine->wake_pipe[1], "", 1) < 0)
		return;	/* full: a wake-up is pending anyway */
}

/* Asks every thread to finish: workers stop at a line boundary. */
void
engine_stop(struct engine *engine)
{
	pthread_mutex_lock(&engine->lock);
	engine->stopping = 1;
	pthread_cond_broadcast(&engine->work_cond);
	pthread_mutex_unlock(&engine->lock);
	engine_wake_scanner(engine);
}

/* Stops the threads that started, then has the committer, if it
 * started, write the last checkpoint. */
static void
join_threads(struct engine *engine)
{
	unsigned i;

	engine_stop(engine);
	if (engine->scanner_started)
		pthread_join(engine->scanner_thread, NULL);
	for (i = 0; i < engine->threads_created; i++)
		pthread_join(engine->worker_threads[i], NULL);
	if (!engine->committer_started)
		return;
	pthread_mutex_lock(&engine->lock);
	engine->final_commit = 1;
	pthread_cond_signal(&engine->commit_cond);
	pthread_mutex_unlock(&engine->lock);
	pthread_join(engine->committer_thread, NULL);
}

static void
close_fd(int fd)
{
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Frees everything but the threads. */
static void
engine_free(struct engine *engine)
{
	size_t i;

	for (i = 0; i < engine->segment_count; i++)
		segment_free(engine->segments[i]);
	free(engine->segments);
	dispatch_free(&engine->dispatch);
	free(engine->changed);
	for (i = 0; i < engine->warned_count; i++)
		free(engine->warned[i]);
	free(engine->warned);
	for (i = 0; i < engine->threads_created; i++)
		worker_free(engine->workers[i]);
	agg_free(&engine->totals);
	json_decref(engine->filter_json);
	json_decref(engine->schema_json);
	schema_free(engine->schema);
	schema_free(engine->pending);
	for (i = 0; i < engine->config.filter.service_count; i++)
		free(engine->config.filter.services[i]);
	free(engine->config.filter.services);
	free((char *)engine->config.logs_dir);
	free((char *)engine->config.pattern);
	free((char *)engine->config.offsets_dir);
	free((char *)engine->config.output_path);
	free((char *)engine->config.rejects_path);
	free(engine->logs_dir_real);
	free(engine->output_file.path);
	free(engine->rejects_file.path);
	free(engine->error);
	free(engine->unopened);
	pthread_mutex_destroy(&engine->lock);
	pthread_cond_destroy(&engine->work_cond);
	pthread_cond_destroy(&engine->commit_cond);
	free(engine);
}

/* Stops the engine, writes the last checkpoint, copies the final totals
 * into TOTALS (agg_init'ed; may be NULL) and frees the engine. Returns 0,
 * or -1 with *CAUSE (if CAUSE is not NULL) when the engine failed, or
 * ENGINE_OUTPUT_CLOSED, with a *CAUSE too, when it stopped because the
 * reader of standard output went away. */
int
engine_close(struct engine *engine, struct agg *totals, char **cause)
{
	int result = 0;

	join_threads(engine);
	if (totals != NULL)
		agg_copy(totals, &engine->totals);
	if (engine->error != NULL || engine->unopened != NULL) {
		if (cause != NULL)
			*cause = xstrdup(engine->error != NULL ? engine->error :
			    engine->unopened);
		result = engine->output_closed ? ENGINE_OUTPUT_CLOSED : -1;
	}
	close_fd(engine->dirfd);
	close_fd(engine->lock_fd);
	close_fd(engine->output_fd);
	close_fd(engine->rejects_fd);
	close_fd(engine->inotify_fd);
	close_fd(engine->wake_pipe[0]);
	close_fd(engine->wake_pipe[1]);
	close_fd(engine->done_pipe[0]);
	close_fd(engine->done_pipe[1]);
	engine_free(engine);
	return result;
}

/* Fills STATS with the engine's progress; lock held. */
void
engine_stats_locked(struct engine *engine, struct engine_stats *stats)
{
	const struct segment *segment;
	size_t i;

	memset(stats, 0, sizeof *stats);
	stats->lines = engine->totals.lines;
	stats->bytes = engine->totals.bytes;
	stats->records = engine->totals.records;
	stats->selected = engine->totals.selected;
	stats->empty = engine->totals.empty;
	stats->rejected = agg_rejected_total(&engine->totals);
	stats->segments = engine->segment_count;
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		stats->complete += segment->state == SEGMENT_COMPLETE;
		stats->failed += segment->state == SEGMENT_FAILED;
		if (segment->present && segment->state != SEGMENT_FAILED &&
		    segment->size > segment->offset)
			stats->bytes_behind += segment->size - segment->offset;
	}
	stats->busy_workers = engine->busy_workers;
	stats->finished = engine->finished;
	stats->scanned = engine->scanned;
}

/* Fills STATS with a consistent copy of the engine's progress. */
void
engine_stats(struct engine *engine, struct engine_stats *stats)
{
	pthread_mutex_lock(&engine->lock);
	engine_stats_locked(engine, stats);
	pthread_mutex_unlock(&engine->lock);
}

/* Copies the engine's totals into COPY (agg_init'ed). */
void
engine_totals(struct engine *engine, struct agg *copy)
{
	pthread_mutex_lock(&engine->lock);
	agg_copy(copy, &engine->totals);
	pthread_mutex_unlock(&engine->lock);
}

/* Copies up to MAX events that came after sequence number AFTER, oldest
 * first, into EVENTS; returns how many. Older events may have been
 * overwritten: only the last ENGINE_EVENTS are kept. */
size_t
engine_events(struct engine *engine, uint64_t after,
    struct engine_event *events, size_t max)
{
	uint64_t first, sequence;
	size_t count = 0;

	pthread_mutex_lock(&engine->lock);
	first = engine->event_count > ENGINE_EVENTS ?
	    engine->event_count - ENGINE_EVENTS : 0;
	if (after < first)
		after = first;
	for (sequence = after; sequence < engine->event_count && count < max;
	    sequence++)
		events[count++] = engine->events[sequence % ENGINE_EVENTS];
	pthread_mutex_unlock(&engine->lock);
	return count;
}
