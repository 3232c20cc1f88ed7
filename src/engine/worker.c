/* worker.c: a worker thread. It takes the oldest ready segment, reads it
 * from its committed offset with large reads, counts each batch of lines
 * in its own agg without any lock, then merges the batch (counts, output
 * bytes, new offset) into the engine in one step under the engine lock.
 * It stops at a batch boundary, which is a line boundary. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/engine-int.h"
#include "engine/reader.h"

struct buffer {
	char *data;
	size_t used, capacity;
};

/* A rejected line to report: where, why, and in words. */
struct report {
	uint64_t line;
	enum agg_reason reason;
	char detail[INGEST_DETAIL_MAX];	/* the field and the problem */
};

struct worker {
	struct engine *engine;
	unsigned index;
	struct agg local;		/* the batch being read */
	struct ingest ingest;		/* how its lines are taken */
	struct buffer output;		/* its selected lines */
	struct buffer rejects;		/* its rejected lines */
	struct report reports[ENGINE_REPORTED_REJECTS];
	size_t report_count;
	uint64_t line_number;		/* of the last line read */
	char *read_buf;			/* the reader's buffer, kept */
	size_t read_capacity;
};

struct worker *
worker_new(struct engine *engine, unsigned index)
{
	struct worker *worker = xcalloc(1, sizeof *worker);

	worker->engine = engine;
	worker->index = index;
	agg_init(&worker->local);
	ingest_init(&worker->ingest, &engine->config.filter, NULL,
	    engine->config.parser);
	return worker;
}

void
worker_free(struct worker *worker)
{
	if (worker == NULL)
		return;
	agg_free(&worker->local);
	ingest_free(&worker->ingest);
	free(worker->read_buf);
	free(worker->output.data);
	free(worker->rejects.data);
	free(worker);
}

/* Appends LENGTH bytes of DATA, and a newline if FINAL_NEWLINE, to BUFFER. */
static void
buffer_add(struct buffer *buffer, const char *data, size_t length,
    int final_newline)
{
	size_t needed = buffer->used + length + 1;

	if (needed > buffer->capacity) {
		buffer->capacity = needed * 2;
		buffer->data = xreallocarray(buffer->data, buffer->capacity, 1);
	}
	memcpy(buffer->data + buffer->used, data, length);
	buffer->used += length;
	if (final_newline)
		buffer->data[buffer->used++] = '\n';
}

/* Keeps the report of the rejected line just read, for REASON, in the
 * words of DETAIL, if the batch has room for one more. */
static void
add_report(struct worker *worker, enum agg_reason reason,
    const char *detail)
{
	struct report *report;

	if (worker->report_count == ENGINE_REPORTED_REJECTS)
		return;
	report = &worker->reports[worker->report_count++];
	report->line = worker->line_number;
	report->reason = reason;
	snprintf(report->detail, sizeof report->detail, "%s", detail);
}

/* Counts one line; keeps it for the output or the rejects file. A final
 * line without a newline (FINAL) gets one in those files. */
static void
take_line(struct worker *worker, const struct reader_line *line, int final)
{
	const struct engine_config *config = &worker->engine->config;
	enum ingest_result result;
	enum agg_reason reason;

	worker->line_number++;
	worker->ingest.want_detail = worker->report_count <
	    ENGINE_REPORTED_REJECTS;
	result = ingest_line(&worker->ingest, &worker->local, line->data,
	    line->length, line->raw_length, &reason);
	if (result == INGEST_SELECTED && config->output_path != NULL)
		buffer_add(&worker->output, line->data, line->raw_length, final);
	if (result == INGEST_SELECTED && final)
		worker->local.selected_bytes++;
	if (result != INGEST_REJECTED)
		return;
	if (config->rejects_path != NULL)
		buffer_add(&worker->rejects, line->data, line->raw_length, final);
	add_report(worker, reason, worker->ingest.detail);
}

/* Counts a line over --max-line; it is not kept anywhere. */
static void
take_too_long(struct worker *worker, const struct reader_line *line)
{
	char detail[INGEST_DETAIL_MAX];

	worker->line_number++;
	ingest_too_long(&worker->local, line->raw_length);
	if (worker->report_count == ENGINE_REPORTED_REJECTS)
		return;
	snprintf(detail, sizeof detail, _("%zu bytes, over --max-line (%zu)"),
	    line->raw_length, worker->engine->config.max_line);
	add_report(worker, AGG_TOO_LONG, detail);
}

/* Counts every complete line buffered in READER. */
static void
take_lines(struct worker *worker, struct reader *reader)
{
	struct reader_line line;
	enum reader_status status;

	while ((status = reader_next(reader, &line)) != READER_NEED_DATA) {
		if (status == READER_LINE)
			take_line(worker, &line, 0);
		else
			take_too_long(worker, &line);
	}
}

/* Writes BUFFER to FD (the output or rejects file) and counts it in
 * *LENGTH; fails the engine if it cannot, or, if FD is standard output
 * and its reader went away, stops it so. Lock held. */
static void
flush_buffer(struct engine *engine, struct buffer *buffer, int fd,
    const char *path, uint64_t *length)
{
	if (buffer->used == 0 || engine->error != NULL)
		return;
	if (fsutil_write_all(fd, buffer->data, buffer->used) == 0)
		*length += buffer->used;
	else if (errno == EPIPE && fd == STDOUT_FILENO)
		engine_output_closed(engine);
	else
		engine_fail(engine, "%s: %s", path, strerror(errno));
}

/* Reports the batch's first rejected lines, up to the engine's limit. */
static void
report_rejects(struct worker *worker, const struct segment *segment)
{
	struct engine *engine = worker->engine;
	size_t i;

	for (i = 0; i < worker->report_count &&
	    engine->reported_rejects < ENGINE_REPORTED_REJECTS; i++) {
		engine->reported_rejects++;
		engine_reject_event(engine, _("%s:%llu: line rejected (%s): %s"),
		    segment->name, (unsigned long long)worker->reports[i].line,
		    agg_reason_name(worker->reports[i].reason),
		    worker->reports[i].detail);
	}
}

/* Returns 1 if WORKER must hold still: the engine is paused, or it is
 * above the wanted number of workers. Lock held. */
static int
held(const struct worker *worker)
{
	const struct engine *engine = worker->engine;

	return engine->paused || worker->index >= engine->workers_wanted;
}

/* Merges the batch into the engine and moves SEGMENT's offset to what
 * READER consumed, all in one step; lock held. Returns 0 to go on, 1 to
 * stop (the engine stops or pauses, the worker is no longer wanted, or
 * the segment's content left its file, as the scanner or, when !SAME, the
 * worker found: the batch is then dropped, as it may hold another file's
 * lines, and the next scan sorts the file out). A batch whose output
 * could not be written is dropped too: its lines were not delivered. */
static int
merge_locked(struct worker *worker, struct segment *segment,
    const struct reader *reader, int same)
{
	struct engine *engine = worker->engine;
	struct worker_count *count = &engine->worker_counts[worker->index];
	int stop = 1;

	if (!same) {
		segment->needs_scan = 1;
		engine_wake_scanner(engine);
	}
	if (same && !segment->retired && engine->error == NULL) {
		flush_buffer(engine, &worker->output, engine->output_fd,
		    engine->config.output_path, &engine->output_length);
		flush_buffer(engine, &worker->rejects, engine->rejects_fd,
		    engine->config.rejects_path, &engine->rejects_length);
	}
	if (same && !segment->retired && engine->error == NULL) {
		agg_merge(&engine->totals, &worker->local);
		segment->offset = reader_consumed(reader);
		if (segment->size < segment->offset)
			segment->size = segment->offset;	/* it grew */
		segment->lines += worker->local.lines;
		segment->last_updated = time(NULL);
		report_rejects(worker, segment);
		engine_segment_changed(engine, segment);
		engine_note_progress(engine, worker->local.lines);
		count->records += worker->local.records;
		count->lines += worker->local.lines;
		count->bytes += worker->local.bytes;
		stop = engine->stopping || held(worker);
	}
	agg_reset(&worker->local);
	worker->output.used = worker->rejects.used = 0;
	worker->report_count = 0;
	return stop;
}

static int
merge(struct worker *worker, struct segment *segment,
    const struct reader *reader, int same)
{
	int stop;

	pthread_mutex_lock(&worker->engine->lock);
	stop = merge_locked(worker, segment, reader, same);
	pthread_mutex_unlock(&worker->engine->lock);
	return stop;
}

/* Returns 1 if FD, a plain file, still starts with the bytes ID's
 * fingerprint was taken from. Asked after each read: a file truncated
 * and written again under the worker (copytruncate, then a fast writer)
 * must not be read on at the old offset as if it held the old content,
 * or the new lines past that offset would count twice, once more when
 * the new content is read from its start. A read error says no too: the
 * scan that follows reports it. */
static int
still_same(int fd, const struct segment_id *id)
{
	unsigned char head[SEGMENT_FINGERPRINT_MAX];

	if (id->fingerprint_bytes == 0)
		return 1;
	return pread(fd, head, id->fingerprint_bytes, 0) ==
	    (ssize_t)id->fingerprint_bytes &&
	    segment_hash(head, id->fingerprint_bytes) == id->fingerprint;
}

/* Opens SEGMENT's file by NAME and checks it is still the same file.
 * Returns the descriptor, or -1 with errno (ESTALE: another file). */
static int
open_segment(struct worker *worker, const char *name,
    const struct segment_id *id)
{
	struct stat st;
	int fd;

	fd = openat(worker->engine->dirfd, name, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_ino != id->inode ||
	    (uint64_t)st.st_dev != id->device) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* Ends the worker's turn on a segment it could not open: renamed or
 * replaced since the last scan (wait for the next one), or unreadable
 * (failed, with the reason; other segments carry on). Running out of
 * memory or descriptors fails the run instead. Lock held. */
static void
release_unopened(struct worker *worker, struct segment *segment, int error)
{
	struct engine *engine = worker->engine;

	if (error == ENOENT || error == ESTALE) {
		segment->state = SEGMENT_PENDING;
		segment->needs_scan = 1;
		engine_wake_scanner(engine);
		return;
	}
	if (engine_lacks_resources(error)) {
		segment->state = SEGMENT_PENDING;
		engine_fail(engine, "%s: %s", segment->name, strerror(error));
		return;
	}
	segment_fail(segment, strerror(error));
	segment->unreadable = error == EACCES || error == EPERM;
	engine->dirty = 1;	/* the failure belongs in the checkpoint */
	engine_event(engine, ENGINE_ERROR, _("%s: %s"), segment->name,
	    segment->reason);
}

/* Takes the bytes after the last newline of a rotated segment as its
 * final line, and marks the segment complete. Lock held. */
static void
complete(struct worker *worker, struct segment *segment,
    struct reader *reader)
{
	struct reader_line line;

	switch (reader_remainder(reader, &line)) {
	case READER_LINE:
		take_line(worker, &line, 1);
		break;
	case READER_TOO_LONG:
		take_too_long(worker, &line);
		break;
	default:
		break;
	}
	merge_locked(worker, segment, reader, 1);
	segment->state = SEGMENT_COMPLETE;
}

/* Handles the read error ERROR in SEGMENT. Damaged or truncated gzip
 * data fails the segment for good, saying what zlib found and how far
 * the lines were taken; other segments carry on. Any other error (EIO
 * from the disk, say) says nothing about the lines: it stops the run,
 * the segment keeps its offset, and the next run reads on from there. */
static void
fail_read(struct engine *engine, struct segment *segment,
    const struct reader *reader, int error)
{
	char *reason;

	if (reader->failure[0] == '\0') {
		engine_fail(engine, _("%s: %s; read up to offset %llu"),
		    segment->name, strerror(error),
		    (unsigned long long)reader_consumed(reader));
		return;
	}
	xasprintf(&reason, _("gzip data: %s; read up to offset %llu"),
	    reader->failure, (unsigned long long)reader_consumed(reader));
	segment_fail(segment, reason);
	free(reason);
	engine->dirty = 1;
	engine_event(engine, ENGINE_ERROR, _("%s: %s"), segment->name,
	    segment->reason);
}

/* Ends the worker's turn on SEGMENT. Running out of memory or
 * descriptors fails the run; a read error fails the segment or the run
 * (fail_read); a segment whose content left its file while it was read
 * (truncated, say) is left to the next scan, which finds it in a copy
 * (copytruncate) or reports its unread bytes lost; a rotated segment
 * read to its end (and settled, or gone, or --once) is complete;
 * anything else waits, pending, for its file to grow. Lock held. */
static void
release(struct worker *worker, struct segment *segment,
    struct reader *reader, int error, int eof_seen)
{
	struct engine *engine = worker->engine;
	int settled = engine->config.once || segment->stable ||
	    !segment->present;

	segment->state = SEGMENT_PENDING;
	if (eof_seen && reader->truncated && settled)
		error = EIO;
	if (error != 0 && engine_lacks_resources(error))
		engine_fail(engine, "%s: %s", segment->name, strerror(error));
	else if (error != 0)
		fail_read(engine, segment, reader, error);
	else if (segment->retired)	/* its content left its file: */
		engine_wake_scanner(engine);	/* a copy may hold it */
	else if (eof_seen && !segment->active && engine->error == NULL &&
	    settled && !reader->truncated)
		complete(worker, segment, reader);
	else
		segment->stalled_size = reader->offset +
		    (reader->end - reader->start);
}

/* Warns, once per segment, that SEGMENT holds no line end (LF) after its
 * last line but CR characters, as READER found at the end of its data: a
 * file of CR line ends (old Mac), read as one endless line. Lock held. */
static void
warn_cr_line_ends(struct engine *engine, struct segment *segment,
    const struct reader *reader)
{
	if (segment->warned_cr)
		return;
	segment->warned_cr = 1;
	engine_event(engine, ENGINE_WARNING, _("%s: no line end (LF) found in "
	    "the %llu bytes from offset %llu, but CR characters: does it use "
	    "CR line ends? Only LF and CRLF end a line"), segment->name,
	    (unsigned long long)reader_unended(reader),
	    (unsigned long long)reader_consumed(reader));
}

/* Ends WORKER's turn on SEGMENT, in the same hold of the lock as the
 * segment's release, so that no other worker can take it up while it
 * still names this one. Lock held. */
static void
end_turn(struct worker *worker, struct segment *segment)
{
	struct engine *engine = worker->engine;

	segment->worker = -1;
	engine->busy_workers--;
	engine_segment_changed(engine, segment);
	pthread_cond_broadcast(&engine->work_cond);
}

/* Reads SEGMENT (file NAME, identity ID) from OFFSET to the end of what
 * is there, merging batch by batch, and ends the worker's turn on it. */
static void
read_segment(struct worker *worker, struct segment *segment,
    const char *name, const struct segment_id *id, uint64_t offset)
{
	struct engine *engine = worker->engine;
	int plain = segment_compression(name) == SEGMENT_PLAIN;
	struct reader reader;
	int fd, error = 0, eof_seen = 0, cr_line_ends = 0;
	ssize_t got;

	if ((fd = open_segment(worker, name, id)) < 0) {
		error = errno;
		pthread_mutex_lock(&engine->lock);
		release_unopened(worker, segment, error);
		end_turn(worker, segment);
		pthread_mutex_unlock(&engine->lock);
		return;
	}
	reader_init(&reader, fd, offset, engine->config.max_line);
	reader_lend(&reader, worker->read_buf, worker->read_capacity);
	if (!plain && reader_open_gzip(&reader) != 0)
		error = errno;
	else for (;;) {
		if ((got = reader_fill(&reader)) < 0) {
			error = errno;
			break;
		}
		take_lines(worker, &reader);
		if (merge(worker, segment, &reader, !plain ||
		    still_same(fd, id)) != 0)
			break;
		if (got == 0) {
			eof_seen = 1;
			cr_line_ends = reader_cr_line_ends(&reader);
			break;
		}
	}
	pthread_mutex_lock(&engine->lock);
	if (cr_line_ends)
		warn_cr_line_ends(engine, segment, &reader);
	release(worker, segment, &reader, error, eof_seen);
	end_turn(worker, segment);
	pthread_mutex_unlock(&engine->lock);
	worker->read_buf = reader_keep(&reader, &worker->read_capacity);
	reader_free(&reader);
	close(fd);
}

/* Ends a --once run. If a file could not be opened, engine_close fails
 * with a message naming the first and counting the others (each was
 * warned of), so that a script sees what was left out; the last
 * checkpoint is made all the same. Lock held. */
static void
finish_once(struct engine *engine)
{
	const struct segment *first = NULL;
	size_t i, count = 0;

	for (i = 0; i < engine->segment_count; i++) {
		if (engine->segments[i]->unreadable &&
		    engine->segments[i]->state == SEGMENT_FAILED) {
			if (count++ == 0)
				first = engine->segments[i];
		}
	}
	if (first != NULL && engine->unopened == NULL && count == 1)
		xasprintf(&engine->unopened, _("%s: %s: not read"), first->name,
		    first->reason);
	else if (first != NULL && engine->unopened == NULL)
		xasprintf(&engine->unopened, _("%s: %s: not read, nor %zu more "
		    "files that could not be opened"), first->name,
		    first->reason, count - 1);
	engine_finish(engine);
}

/* Waits for a ready segment, once the first scans are done and the
 * schema is known; returns it, or NULL when stopping. In --once mode, the engine is finished when no
 * segment is ready and no worker is busy (and it is not paused). Lock
 * held. */
static struct segment *
wait_for_segment(struct worker *worker)
{
	struct engine *engine = worker->engine;
	struct segment *segment;

	while (!engine->stopping) {
		if (engine->scanned && !held(worker)) {
			if (engine->schema != NULL &&
			    (segment = engine_next_segment(engine)) != NULL)
				return segment;
			if (engine->config.once && engine->busy_workers == 0)
				finish_once(engine);
		}
		pthread_cond_wait(&engine->work_cond, &engine->lock);
	}
	return NULL;
}

/* The worker thread. */
void *
worker_main(void *arg)
{
	struct worker *worker = arg;
	struct engine *engine = worker->engine;
	struct segment *segment = NULL;
	struct segment_id id;
	uint64_t offset;
	char *name;

	pthread_mutex_lock(&engine->lock);
	while ((segment = wait_for_segment(worker)) != NULL) {
		segment->state = SEGMENT_PROCESSING;
		segment->worker = (int)worker->index;
		engine_segment_changed(engine, segment);
		if (worker->ingest.own != engine->schema) {
			ingest_free(&worker->ingest);
			ingest_init(&worker->ingest, &engine->config.filter,
			    engine->schema, engine->config.parser);
		}
		engine->busy_workers++;
		name = xstrdup(segment->name);
		id = segment->id;
		offset = segment->offset;
		worker->line_number = segment->lines;
		pthread_mutex_unlock(&engine->lock);
		read_segment(worker, segment, name, &id, offset);
		free(name);
		pthread_mutex_lock(&engine->lock);
	}
	pthread_mutex_unlock(&engine->lock);
	return NULL;
}
