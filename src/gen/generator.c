/* generator.c: the loop of logproc generate. Lines are built in a scratch
 * buffer, collected in an output buffer and written in large blocks; when
 * records are paced (interval > 0) each one is written at once so that a
 * follower sees it live. The active file is rotated before a line would
 * take it past the rotate size, so every segment ends with a whole line.
 * When asked (SIGHUP, from logrotate), it reopens the active file between
 * two lines, so that a file renamed by another program ends whole too.
 * Lines are in the format of --schema (format.c); an OTLP line holds
 * several records, kept pending until it is full. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/escape.h"
#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "gen/catalog.h"
#include "gen/format.h"
#include "gen/generator.h"
#include "gen/malform.h"
#include "gen/record.h"
#include "gen/rng.h"
#include "gen/rotate.h"

#define OUTPUT_BUFFER_SIZE (256 * 1024)
#define SEEDED_MAX_STEP_US 2000	/* simulated gap between unpaced records */

/* What this run had written when it made a segment. */
struct segment_mark {
	uint64_t lines;
	uint64_t bytes;
};

struct generator {
	const struct generator_config *config;
	struct truth *truth;
	struct rng rng;
	struct format_encoder encoder;
	struct rotator rotator;
	int dirfd;
	int fd;				/* the active file */
	uint64_t active_size;		/* its size, buffered bytes included */
	uint64_t disk_size;		/* its size on disk: whole lines only */
	char *out;			/* bytes not yet written */
	size_t out_used;
	char *line;			/* scratch for one line */
	size_t line_capacity;
	/* Valid records made and counted, not yet written: those of the
	 * line being filled (OTLP packs several in one line). */
	struct record pending[FORMAT_LINE_RECORDS_MAX];
	size_t pending_count;
	size_t pending_quota;		/* records the line is to hold */
	int64_t clock_sec;		/* timestamp of the current record */
	uint32_t clock_nsec;
	int64_t active_last_sec;	/* second of the active file's last line */
	struct timespec next_due;	/* monotonic deadline of the next record */
	/* --keep: the marks of the latest segments, by number modulo keep */
	struct segment_mark *marks;
	size_t mark_capacity;
};

/* Fails with an allocated *CAUSE naming the active file and errno. */
static int
active_error(struct generator *gen, char **cause)
{
	xasprintf(cause, "%s/%s: %s", gen->config->output_dir,
	    gen->config->pattern, strerror(errno != 0 ? errno : EIO));
	return -1;
}

/* Cuts a partial last line, left by a writer that died mid-line, off the
 * active file with a warning, so that new records start on a line of
 * their own instead of being glued to it. */
static int
trim_partial_line(struct generator *gen, char **cause)
{
	char block[4096], *dir;
	off_t end = (off_t)gen->disk_size, start;
	ssize_t got;

	for (; end > 0; end = start) {
		start = end > (off_t)sizeof block ? end - (off_t)sizeof block : 0;
		errno = 0;
		got = pread(gen->fd, block, (size_t)(end - start), start);
		if (got != end - start)
			return active_error(gen, cause);
		while (got > 0 && block[got - 1] != '\n')
			got--;
		if (got > 0) {
			end = start + got;
			break;
		}
	}
	if ((uint64_t)end == gen->disk_size)
		return 0;
	dir = escape_string(gen->config->output_dir);
	log_warnx(_("%s/%s: removing a partial last line of %llu bytes"), dir,
	    gen->config->pattern,
	    (unsigned long long)(gen->disk_size - (uint64_t)end));
	free(dir);
	if (ftruncate(gen->fd, end) != 0)
		return active_error(gen, cause);
	gen->disk_size = gen->active_size = (uint64_t)end;
	return 0;
}

/* Opens (appending) or creates the active file; records its size. */
static int
open_active(struct generator *gen, char **cause)
{
	struct stat st;

	gen->fd = openat(gen->dirfd, gen->config->pattern,
	    O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (gen->fd < 0 || fstat(gen->fd, &st) != 0)
		return active_error(gen, cause);
	gen->disk_size = gen->active_size = (uint64_t)st.st_size;
	return trim_partial_line(gen, cause);
}

/* Writes LENGTH bytes of DATA to the active file. If that fails, the file
 * is cut back to what it held before, so no partial line is left. */
static int
write_active(struct generator *gen, const char *data, size_t length,
    char **cause)
{
	int error;
	char *dir;

	if (fsutil_write_all(gen->fd, data, length) == 0) {
		gen->disk_size += length;
		return 0;
	}
	error = errno;
	if (ftruncate(gen->fd, (off_t)gen->disk_size) != 0) {
		dir = escape_string(gen->config->output_dir);
		log_warn(_("%s/%s: cannot remove a partial write"), dir,
		    gen->config->pattern);
		free(dir);
	}
	errno = error;
	return active_error(gen, cause);
}

/* Writes out the buffered bytes. */
static int
flush_output(struct generator *gen, char **cause)
{
	if (gen->out_used == 0)
		return 0;
	if (write_active(gen, gen->out, gen->out_used, cause) != 0)
		return -1;
	gen->out_used = 0;
	return 0;
}

/* Flushes and closes the active file, reporting errors that only close()
 * tells (NFS, quotas). */
static int
close_active(struct generator *gen, char **cause)
{
	int fd = gen->fd;

	if (flush_output(gen, cause) != 0)
		return -1;
	gen->fd = -1;
	if (close(fd) != 0)
		return active_error(gen, cause);
	return 0;
}

/* Counts in the truth the segments of this run that --keep deleted, the
 * oldest first: the mark of the latest one says how many lines and bytes
 * went with them all. */
static void
count_deleted(struct generator *gen)
{
	uint64_t keep = gen->config->rotate.keep;
	const struct segment_mark *mark;

	while (gen->truth->deleted_segments < gen->rotator.own_deleted) {
		mark = &gen->marks[gen->truth->deleted_segments % keep];
		gen->truth->deleted_lines = mark->lines;
		gen->truth->deleted_bytes = mark->bytes;
		gen->truth->deleted_segments++;
	}
}

/* With --keep N, marks what this run has written as of its latest
 * segment. Only the latest N segments can still be deleted, so N marks
 * are enough: segment S's mark goes in slot (S - 1) mod N, after
 * count_deleted() has read the one it replaces. */
static void
mark_segment(struct generator *gen)
{
	uint64_t keep = gen->config->rotate.keep;
	size_t slot;

	if (keep == 0)
		return;
	slot = (size_t)((gen->truth->segments - 1) % keep);
	if (slot >= gen->mark_capacity) {
		gen->mark_capacity = gen->mark_capacity < 8 ? 16 :
		    gen->mark_capacity * 2;
		if (gen->mark_capacity > keep)
			gen->mark_capacity = (size_t)keep;
		gen->marks = xreallocarray(gen->marks, gen->mark_capacity,
		    sizeof *gen->marks);
	}
	gen->marks[slot].lines = gen->truth->lines;
	gen->marks[slot].bytes = gen->truth->bytes;
}

/* Tells whether the active file no longer has the pattern's name: another
 * program (logrotate) renamed it and its SIGHUP has not come yet. */
static int
active_renamed(struct generator *gen)
{
	struct stat open_file, named;

	if (fstat(gen->fd, &open_file) != 0 ||
	    fstatat(gen->dirfd, gen->config->pattern, &named, 0) != 0)
		return 1;
	return open_file.st_dev != named.st_dev ||
	    open_file.st_ino != named.st_ino;
}

/* Closes the active file, renames it to a segment (which may delete,
 * compress and shift others) and starts a new one. If another program
 * has already renamed it, only starts a new one: renaming would fail, or
 * take whatever file has the pattern's name now. */
static int
rotate_active(struct generator *gen, char **cause)
{
	char *name, *reason;
	int renamed = active_renamed(gen);

	if (close_active(gen, cause) != 0)
		return -1;
	if (renamed)
		return open_active(gen, cause);
	if (rotate_segment(&gen->rotator, gen->active_last_sec, &name,
	    &reason) != 0) {
		xasprintf(cause, "%s/%s", gen->config->output_dir, reason);
		free(reason);
		return -1;
	}
	free(name);
	gen->truth->segments++;
	count_deleted(gen);
	mark_segment(gen);
	return open_active(gen, cause);
}

/* Reopens the active file when a signal asked for it (SIGHUP, sent by
 * logrotate's postrotate after it renamed the file): what is buffered
 * goes to the file as it was, the next line to a new file of the
 * pattern's name, or to whatever file has that name now (logrotate's
 * "create"). The truth is not touched: nothing was rotated by us. */
static int
reopen_if_asked(struct generator *gen, char **cause)
{
	volatile sig_atomic_t *reopen = gen->config->reopen;

	if (reopen == NULL || *reopen == 0)
		return 0;
	*reopen = 0;	/* before the reopen: a later signal is not lost */
	if (close_active(gen, cause) != 0)
		return -1;
	return open_active(gen, cause);
}

/* Appends LENGTH bytes of gen->line to the active file, rotating first when
 * they would take it past the rotate size. */
static int
emit_line(struct generator *gen, size_t length, char **cause)
{
	uint64_t limit = gen->config->rotate_size;

	if (limit != 0 && gen->active_size > 0 &&
	    gen->active_size + length > limit &&
	    rotate_active(gen, cause) != 0)
		return -1;
	if (length > OUTPUT_BUFFER_SIZE - gen->out_used &&
	    flush_output(gen, cause) != 0)
		return -1;
	if (length > OUTPUT_BUFFER_SIZE) {
		if (write_active(gen, gen->line, length, cause) != 0)
			return -1;
	} else {
		memcpy(gen->out + gen->out_used, gen->line, length);
		gen->out_used += length;
	}
	gen->active_size += length;
	gen->active_last_sec = gen->clock_sec;
	truth_add_line(gen->truth, length);
	return 0;
}

/* Moves the record clock on: real time, or simulated time when seeded
 * (the interval, or a random step of up to 2 ms when unpaced). */
static void
advance_clock(struct generator *gen)
{
	struct timespec now;
	uint64_t step_ns;

	if (!gen->config->seeded) {
		clock_gettime(CLOCK_REALTIME, &now);
		gen->clock_sec = (int64_t)now.tv_sec;
		gen->clock_nsec = (uint32_t)now.tv_nsec;
		return;
	}
	step_ns = gen->config->interval_ns;
	if (step_ns == 0)
		step_ns = (1 + rng_below(&gen->rng, SEEDED_MAX_STEP_US * 1000));
	step_ns += gen->clock_nsec;
	gen->clock_sec += (int64_t)(step_ns / 1000000000u);
	gen->clock_nsec = (uint32_t)(step_ns % 1000000000u);
}

/* Writes the pending records as one line, if there are any. */
static int
emit_pending(struct generator *gen, char **cause)
{
	size_t length, count = gen->pending_count;

	if (count == 0)
		return 0;
	gen->pending_count = 0;
	length = format_encode(&gen->encoder, gen->pending, count, &gen->line,
	    &gen->line_capacity);
	return emit_line(gen, length, cause);
}

/* Writes a broken line made from RECORD, after the pending records. */
static int
emit_malformed(struct generator *gen, const struct record *record,
    char **cause)
{
	enum malform_kind kind = malform_pick(&gen->rng);
	size_t length;

	if (emit_pending(gen, cause) != 0)
		return -1;
	gen->truth->malformed++;
	gen->truth->malformed_kinds[kind]++;
	length = malform_write(kind, &gen->rng, &gen->encoder, record,
	    &gen->line, &gen->line_capacity);
	return emit_line(gen, length, cause);
}

/* Makes the next record, valid or deliberately broken, and counts it in
 * the truth. A broken one is written at once, a valid one when its line
 * is full (at once but for OTLP). */
static int
make_record(struct generator *gen, char **cause)
{
	struct record *record = &gen->pending[gen->pending_count];
	size_t service;

	advance_clock(gen);
	record->ts_sec = gen->clock_sec;
	record->ts_nsec = gen->clock_nsec;
	service = catalog_fill(&gen->rng, record);
	if (gen->config->malformed_rate > 0 &&
	    rng_unit(&gen->rng) < gen->config->malformed_rate)
		return emit_malformed(gen, record, cause);
	gen->truth->records++;
	gen->truth->levels[record->level]++;
	gen->truth->services[service]++;
	gen->truth->duration_ms_sum += record->duration_ms;
	if (gen->pending_count++ == 0)
		gen->pending_quota = format_line_records(&gen->config->format,
		    record, gen->config->interval_ns > 0);
	if (gen->pending_count < gen->pending_quota)
		return 0;
	return emit_pending(gen, cause);
}

/* Returns the time left until DUE on the monotonic clock, or 0 if it
 * has passed. */
static int
time_left(const struct timespec *due, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = due->tv_sec - now.tv_sec;
	left->tv_nsec = due->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return left->tv_sec >= 0;
}

/* Empties the self-pipe FD once select has found it readable, so that
 * the next pause is not cut short by a signal already acted on. One read
 * of a readable pipe cannot block; bytes it leaves wake select again. */
static void
drain_wakeups(int fd)
{
	char bytes[64];

	if (read(fd, bytes, sizeof bytes) < 0)
		return;		/* interrupted: the next select tells */
}

/* Sleeps until the next record is due. The stop descriptor (a self-pipe
 * the signal handlers write to) wakes it: a stop ends the sleep, a reopen
 * is done at once and the sleep goes on, as a daemon would. A signal that
 * comes just before the sleep still wakes it, as its byte waits in the
 * pipe. Returns -1 with an allocated *CAUSE if the reopen fails. */
static int
pace(struct generator *gen, volatile sig_atomic_t *stop, char **cause)
{
	uint64_t nsec = (uint64_t)gen->next_due.tv_nsec +
	    gen->config->interval_ns;
	int fd = gen->config->stop_fd;
	struct timespec left;
	fd_set readable;

	gen->next_due.tv_sec += (time_t)(nsec / 1000000000u);
	gen->next_due.tv_nsec = (long)(nsec % 1000000000u);
	while (*stop == 0 && time_left(&gen->next_due, &left)) {
		FD_ZERO(&readable);
		if (fd >= 0)
			FD_SET(fd, &readable);
		if (pselect(fd + 1, &readable, NULL, NULL, &left, NULL) <= 0)
			continue;
		drain_wakeups(fd);
		if (reopen_if_asked(gen, cause) != 0)
			return -1;
	}
	return 0;
}

/* Sets up GEN: seed, clock, output directory and the active file. */
static int
generator_open(struct generator *gen, const struct generator_config *config,
    struct truth *truth, char **cause)
{
	char *reason;

	memset(gen, 0, sizeof *gen);
	gen->config = config;
	gen->truth = truth;
	gen->fd = gen->dirfd = -1;
	rng_seed(&gen->rng, config->seeded ? config->seed :
	    (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
	format_encoder_init(&gen->encoder, &config->format);
	gen->clock_sec = gen->active_last_sec = GENERATOR_SEEDED_EPOCH;
	if (!config->seeded)
		gen->active_last_sec = (int64_t)time(NULL);
	gen->out = xmalloc(OUTPUT_BUFFER_SIZE);
	gen->line_capacity = 4096;
	gen->line = xmalloc(gen->line_capacity);
	clock_gettime(CLOCK_MONOTONIC, &gen->next_due);
	if (fsutil_mkdirs(config->output_dir, 0755, cause) != 0)
		return -1;
	gen->dirfd = open(config->output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (gen->dirfd < 0)
		return (xasprintf(cause, "%s: %s", config->output_dir,
		    strerror(errno)), -1);
	if (rotate_init(&gen->rotator, gen->dirfd, config->pattern,
	    &config->rotate, &reason) != 0) {
		xasprintf(cause, "%s: %s", config->output_dir, reason);
		free(reason);
		return -1;
	}
	return open_active(gen, cause);
}

/* Releases what generator_open() took; the active file, if still open
 * after an error, is closed without a check. */
static void
generator_close(struct generator *gen)
{
	if (gen->fd >= 0)
		close(gen->fd);
	if (gen->dirfd >= 0)
		close(gen->dirfd);
	rotate_free(&gen->rotator);
	format_encoder_free(&gen->encoder);
	free(gen->marks);
	free(gen->out);
	free(gen->line);
}

/* Writes CONFIG->count records and broken lines (lines, but for OTLP;
 * forever when 0) until *STOP is set, then the pending records, counting
 * what it writes in TRUTH, which the caller zeroes. *STOP is checked
 * before every line and before every pause; CONFIG->reopen before every
 * line and during pauses. Returns 0 (also when stopped), or -1 with an
 * allocated *CAUSE naming the file. Every line it counted has been
 * written when it returns 0. */
int
generator_run(const struct generator_config *config,
    volatile sig_atomic_t *stop, struct truth *truth, char **cause)
{
	struct generator gen;
	uint64_t written;
	int result = -1;

	if (generator_open(&gen, config, truth, cause) != 0)
		goto out;
	for (written = 0; config->count == 0 || written < config->count;
	    written++) {
		if (*stop == 0 && written > 0 && config->interval_ns > 0 &&
		    pace(&gen, stop, cause) != 0)
			goto out;
		if (*stop != 0) {
			truth->interrupted = 1;
			break;
		}
		if (reopen_if_asked(&gen, cause) != 0)
			goto out;
		if (make_record(&gen, cause) != 0)
			goto out;
		if (config->interval_ns > 0 && flush_output(&gen, cause) != 0)
			goto out;
	}
	if (emit_pending(&gen, cause) == 0)
		result = close_active(&gen, cause);
out:
	generator_close(&gen);
	return result;
}
