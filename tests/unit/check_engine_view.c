/* check_engine_view.c: the engine's front-end API on the real engine,
 * threads and all, over a temporary log directory: the copies
 * engine_view() makes (segment rows, worker rows, totals, events),
 * engine_pause(), engine_set_workers() and engine_rescan(). Tests wait
 * with bounded polls far above what they need, so that a hang fails with
 * a message; they never time anything. A paused engine is watched for a
 * while, every view checked: a broken pause fails, a slow machine does
 * not. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/ckpt.h"
#include "engine/engine.h"
#include "gen/rotate-file.h"
#include "suites.h"
#include "testdir.h"

#define MIB ((size_t)1 << 20)
#define WAIT_LIMIT_MS 20000	/* far above any test's need */
#define HOLD_MS 300		/* a paused engine is watched this long */
#define POLL_MS 2
#define NS_PER_MS 1000000L
#define SCAN_INTERVAL_NS (10 * NS_PER_MS)
#define ACTIVE "app.log"
#define BIG_RECORDS 30000	/* over 3 MiB: four batches of 1 MiB */
#define HUGE_RECORDS 100000	/* over 10 MiB, a few tenths of a second */

static char base_dir[64];	/* every test's directory is in it */
static char tempdir[80];
static char logs_dir[96];
static char offsets_dir[96];
static int logs_fd = -1;

/* What a test wrote to one log file, NAME in the log directory. */
struct written {
	const char *name;
	uint64_t bytes, lines, records;
};

/* Returns 1 when VIEW shows what a test waits for (ARG: what it needs). */
typedef int (*view_test)(const struct engine_view *view, uint64_t arg);
/* Fails the test when VIEW does not show what it must. */
typedef void (*view_check)(const struct engine_view *view, uint64_t arg);

/* Makes the directory of a test case's tests. Unchecked fixtures run in
 * Check's own process, so remove_base cleans up after failed tests too. */
static void
make_base(void)
{
	testdir_make(base_dir, sizeof base_dir, "/tmp", "logproc-view");
}

static void
remove_base(void)
{
	testdir_remove(base_dir);
}

/* Makes the test's directory: logs/ (empty) and offsets/ (left to the
 * engine to create). */
static void
make_dirs(void)
{
	testdir_make(tempdir, sizeof tempdir, base_dir, "test");
	snprintf(logs_dir, sizeof logs_dir, "%s/logs", tempdir);
	snprintf(offsets_dir, sizeof offsets_dir, "%s/offsets", tempdir);
	ck_assert_int_eq(mkdir(logs_dir, 0755), 0);
	logs_fd = open(logs_dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(logs_fd, 0);
}

static void
remove_dirs(void)
{
	close(logs_fd);
	logs_fd = -1;
	testdir_remove(tempdir);
}

/* Returns the allocated text of a record numbered N, ending in ENDING;
 * no two numbers give the same first bytes. */
static char *
record(int n, const char *ending)
{
	char *text;

	xasprintf(&text, "{\"timestamp\":\"2026-01-02T03:%02d:%02dZ\","
	    "\"level\":\"INFO\",\"service\":\"api\",\"duration_ms\":%d,"
	    "\"message\":\"record %d\"}%s", n / 60 % 60, n % 60, n * 10, n,
	    ending);
	return text;
}

/* Appends TEXT to log file NAME (relative to the log directory). */
static void
append_log(const char *name, const char *text)
{
	int fd = openat(logs_fd, name, O_WRONLY | O_CREAT | O_APPEND, 0644);
	size_t length = strlen(text);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, length), (ssize_t)length);
	close(fd);
}

/* Appends records FIRST to FIRST + COUNT - 1 to log file NAME; returns
 * their length. */
static uint64_t
append_records(const char *name, int first, int count)
{
	int fd = openat(logs_fd, name, O_WRONLY | O_CREAT | O_APPEND, 0644);
	uint64_t total = 0;
	size_t length;
	char *line;
	int n;

	ck_assert_int_ge(fd, 0);
	for (n = first; n < first + count; n++) {
		line = record(n, "\n");
		length = strlen(line);
		if (write(fd, line, length) != (ssize_t)length)
			ck_abort_msg("cannot write %s", name);
		total += length;
		free(line);
	}
	close(fd);
	return total;
}

/* Appends records FIRST to FIRST + COUNT - 1 to FILE, and counts them. */
static void
add_records(struct written *file, int first, int count)
{
	file->bytes += append_records(file->name, first, count);
	file->lines += (uint64_t)count;
	file->records += (uint64_t)count;
}

/* Writes records FIRST to FIRST + COUNT - 1 to FILE, a new rotated
 * file, under another name, then renames it to its own: it appears
 * whole, as rotation by rename makes it. (Written in place while the
 * engine follows, it might look settled between two writes and be
 * complete before its end.) */
static void
add_rotated(struct written *file, int first, int count)
{
	const char *name = file->name;

	file->name = "staged";
	add_records(file, first, count);
	file->name = name;
	ck_assert_int_eq(renameat(logs_fd, "staged", logs_fd, name), 0);
}

/* Appends TEXT, LINES lines of which RECORDS are records, to FILE. */
static void
add_text(struct written *file, const char *text, uint64_t lines,
    uint64_t records)
{
	append_log(file->name, text);
	file->bytes += strlen(text);
	file->lines += lines;
	file->records += records;
}

/* Returns what the COUNT FILES hold together. */
static struct written
sum_written(const struct written *files, size_t count)
{
	struct written sum = { "(all)", 0, 0, 0 };
	size_t i;

	for (i = 0; i < count; i++) {
		sum.bytes += files[i].bytes;
		sum.lines += files[i].lines;
		sum.records += files[i].records;
	}
	return sum;
}

/* The configuration of the tests: app.log in logs/, offsets/, no filter,
 * no output; --once if ONCE, else following with a short interval. */
static void
base_config(struct engine_config *config, unsigned workers, int once)
{
	memset(config, 0, sizeof *config);
	config->logs_dir = logs_dir;
	config->pattern = ACTIVE;
	config->offsets_dir = offsets_dir;
	config->workers = workers;
	config->scan_interval_ns = SCAN_INTERVAL_NS;
	config->max_line = MIB;
	config->commit_every = 100;
	config->filter.min_level = FILTER_NO_LEVEL;
	/* Jansson alone: the tests catch workers in the middle of a big
	 * segment, a window the fast path makes a few milliseconds short. */
	config->parser = INGEST_JANSSON;
	config->schema = testdir_logproc();
	config->once = once;
}

static struct engine *
open_engine(const struct engine_config *config)
{
	struct engine *engine;
	char *cause = NULL;

	engine = engine_open(config, &cause);
	ck_assert_msg(engine != NULL, "engine_open: %s", cause);
	return engine;
}

static void
start_engine(struct engine *engine)
{
	char *cause = NULL;

	ck_assert_msg(engine_start(engine, &cause) == 0, "engine_start: %s",
	    cause);
}

static void
close_engine(struct engine *engine)
{
	char *cause = NULL;

	ck_assert_msg(engine_close(engine, NULL, &cause) == 0,
	    "engine_close: %s", cause);
}

/* Opens and starts a following engine with WORKERS workers. */
static struct engine *
follow(unsigned workers)
{
	struct engine_config config;
	struct engine *engine;

	base_config(&config, workers, 0);
	engine = open_engine(&config);
	start_engine(engine);
	return engine;
}

static void
nap(void)
{
	struct timespec pause = { 0, POLL_MS * NS_PER_MS };

	nanosleep(&pause, NULL);
}

/* Views ENGINE into VIEW until TEST(VIEW, ARG) holds; fails, saying WHAT
 * it waited for, if it does not within the bound. */
static void
wait_view(struct engine *engine, struct engine_view *view, view_test test,
    uint64_t arg, const char *what)
{
	int waited_ms;

	for (waited_ms = 0; waited_ms < WAIT_LIMIT_MS; waited_ms += POLL_MS) {
		engine_view(engine, view);
		if (test(view, arg))
			return;
		nap();
	}
	ck_abort_msg("%s: not within %d ms", what, WAIT_LIMIT_MS);
}

/* Views ENGINE into VIEW for HOLD_MS, and has CHECK(VIEW, ARG) check
 * every view. */
static void
hold_view(struct engine *engine, struct engine_view *view,
    view_check check, uint64_t arg)
{
	int waited_ms;

	for (waited_ms = 0; waited_ms < HOLD_MS; waited_ms += POLL_MS) {
		engine_view(engine, view);
		check(view, arg);
		nap();
	}
}

static int
finished(const struct engine_view *view, uint64_t unused)
{
	(void)unused;
	return view->stats.finished;
}

/* Returns 1 if VIEW shows every present byte read, RECORDS records (or
 * more) counted, no worker busy and every rotated segment complete. */
static int
caught_up(const struct engine_view *view, uint64_t records)
{
	size_t i;

	if (view->stats.records < records || view->stats.bytes_behind != 0 ||
	    view->stats.busy_workers != 0)
		return 0;
	for (i = 0; i < view->segment_count; i++) {
		if (!view->segments[i].active &&
		    view->segments[i].state != SEGMENT_COMPLETE)
			return 0;
	}
	return 1;
}

/* Returns 1 if VIEW shows RECORDS records counted, or more. */
static int
counted(const struct engine_view *view, uint64_t records)
{
	return view->stats.records >= records;
}

/* Returns 1 if VIEW's segments hold BYTES in all (read or not). */
static int
sized(const struct engine_view *view, uint64_t bytes)
{
	uint64_t size = 0;
	size_t i;

	for (i = 0; i < view->segment_count; i++)
		size += view->segments[i].size;
	return size == bytes;
}

/* Returns 1 if VIEW shows the engine paused and every wanted worker
 * PAUSED, none busy. */
static int
all_paused(const struct engine_view *view, uint64_t unused)
{
	unsigned i;

	(void)unused;
	if (!view->paused || view->worker_count != view->workers_wanted)
		return 0;
	for (i = 0; i < view->worker_count; i++) {
		if (view->workers[i].state != ENGINE_WORKER_PAUSED)
			return 0;
	}
	return 1;
}

/* Returns 1 if VIEW shows COUNT workers wanted and shown, and every row
 * above them RETIRED. */
static int
retired_above(const struct engine_view *view, uint64_t count)
{
	unsigned i;

	if (view->workers_wanted != count || view->worker_count != count)
		return 0;
	for (i = (unsigned)count; i < ENGINE_WORKERS_MAX; i++) {
		if (view->workers[i].state != ENGINE_WORKER_PARKED)
			return 0;
	}
	return 1;
}

/* Returns what the workers of VIEW counted in this run, all together. */
static struct written
worker_sum(const struct engine_view *view)
{
	struct written sum = { "(workers)", 0, 0, 0 };
	unsigned i;

	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		sum.bytes += view->workers[i].bytes;
		sum.lines += view->workers[i].lines;
		sum.records += view->workers[i].records;
	}
	return sum;
}

/* Asserts that the workers' own counts add up to VIEW's totals. */
static void
assert_worker_sums(const struct engine_view *view)
{
	struct written sum = worker_sum(view);

	ck_assert_uint_eq(sum.records, view->totals.records);
	ck_assert_uint_eq(sum.lines, view->totals.lines);
	ck_assert_uint_eq(sum.bytes, view->totals.bytes);
}

/* Asserts that VIEW's totals and stats count what the COUNT FILES hold,
 * once. */
static void
assert_totals(const struct engine_view *view, const struct written *files,
    size_t count)
{
	struct written sum = sum_written(files, count);

	ck_assert_uint_eq(view->totals.records, sum.records);
	ck_assert_uint_eq(view->totals.lines, sum.lines);
	ck_assert_uint_eq(view->totals.bytes, sum.bytes);
	ck_assert_uint_eq(view->stats.records, sum.records);
	ck_assert_uint_eq(view->stats.lines, sum.lines);
	ck_assert_uint_eq(view->stats.bytes_behind, 0);
}

/* Returns VIEW's one row for the segment called NAME. */
static const struct engine_segment_view *
find_row(const struct engine_view *view, const char *name)
{
	const struct engine_segment_view *row = NULL;
	size_t i;

	for (i = 0; i < view->segment_count; i++) {
		if (strcmp(view->segments[i].name, name) != 0)
			continue;
		ck_assert_msg(row == NULL, "two rows called %s", name);
		row = &view->segments[i];
	}
	ck_assert_msg(row != NULL, "no row called %s", name);
	return row;
}

/* Asserts that VIEW has one row for each of the COUNT FILES and nothing
 * else, each read to its end: rotated ones complete, the active file
 * pending, with no worker on it. */
static void
assert_rows(const struct engine_view *view, const struct written *files,
    size_t count)
{
	const struct engine_segment_view *row;
	enum segment_state state;
	size_t i;

	ck_assert_uint_eq(view->segment_count, count);
	ck_assert_uint_eq(view->stats.segments, count);
	for (i = 0; i < count; i++) {
		row = find_row(view, files[i].name);
		state = strcmp(files[i].name, ACTIVE) == 0 ? SEGMENT_PENDING :
		    SEGMENT_COMPLETE;
		ck_assert_int_eq(row->active, state == SEGMENT_PENDING);
		ck_assert_str_eq(segment_state_name(row->state),
		    segment_state_name(state));
		ck_assert_uint_eq(row->size, files[i].bytes);
		ck_assert_uint_eq(row->offset, files[i].bytes);
		ck_assert_uint_eq(row->lines, files[i].lines);
		ck_assert_int_eq(row->present, 1);
		ck_assert_int_eq(row->worker, -1);
		ck_assert_ptr_null(row->reason);
	}
}

/* Asserts that the checkpoint left in offsets/ holds VIEW's rows. */
static void
assert_ckpt_rows(const struct engine_view *view)
{
	const struct engine_segment_view *row;
	const struct segment *segment;
	struct ckpt ckpt;
	char *cause = NULL;
	size_t i;

	ckpt_init(&ckpt);
	ck_assert_msg(ckpt_load(&ckpt, offsets_dir, &cause) == 1,
	    "no checkpoint: %s", cause);
	ck_assert_uint_eq(ckpt.segment_count, view->segment_count);
	for (i = 0; i < ckpt.segment_count; i++) {
		segment = ckpt.segments[i];
		row = find_row(view, segment->name);
		ck_assert_int_eq(row->state, segment->state);
		ck_assert_uint_eq(row->size, segment->size);
		ck_assert_uint_eq(row->offset, segment->offset);
		ck_assert_uint_eq(row->lines, segment->lines);
	}
	ck_assert_uint_eq(ckpt.totals.records, view->totals.records);
	ckpt_free(&ckpt);
}

/* Asserts that VIEW shows WORKERS workers, all idle, the others retired. */
static void
assert_idle_workers(const struct engine_view *view, unsigned workers)
{
	unsigned i;

	ck_assert_uint_eq(view->worker_count, workers);
	ck_assert_uint_eq(view->workers_wanted, workers);
	ck_assert_int_eq(view->paused, 0);
	ck_assert_uint_eq(view->stats.busy_workers, 0);
	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		ck_assert_int_eq(view->workers[i].state, i < workers ?
		    ENGINE_WORKER_IDLE : ENGINE_WORKER_PARKED);
		ck_assert_ptr_null(view->workers[i].segment);
	}
}

/* Asserts that VIEW's busy worker rows are exactly the workers reading:
 * as many as the stats count busy, and every segment being read names
 * its worker. */
static void
assert_busy_rows(const struct engine_view *view)
{
	unsigned i, busy = 0;
	size_t j;

	for (i = 0; i < ENGINE_WORKERS_MAX; i++)
		busy += view->workers[i].state == ENGINE_WORKER_BUSY;
	ck_assert_uint_eq(busy, view->stats.busy_workers);
	for (j = 0; j < view->segment_count; j++) {
		if (view->segments[j].state == SEGMENT_PROCESSING)
			ck_assert_msg(view->segments[j].worker >= 0,
			    "%s is read by no worker", view->segments[j].name);
	}
}

/* Asserts that VIEW is one moment's copy: a busy worker row is the
 * worker its segment's row names, and the busy rows are exactly the
 * workers reading; above the rows shown none is busy; rows above the
 * wanted ones are retired or busy finishing a batch; the workers' own
 * counts add up to the totals (a run without a checkpoint). */
static void
check_consistent(const struct engine_view *view)
{
	const struct engine_worker_view *worker;
	unsigned i;

	ck_assert_uint_ge(view->worker_count, view->workers_wanted);
	for (i = 0; i < ENGINE_WORKERS_MAX; i++) {
		worker = &view->workers[i];
		if (worker->state == ENGINE_WORKER_BUSY)
			ck_assert_int_eq(find_row(view,
			    worker->segment)->worker, (int)i);
		else if (i >= view->workers_wanted)
			ck_assert_int_eq(worker->state, ENGINE_WORKER_PARKED);
		if (i >= view->worker_count)
			ck_assert_int_ne(worker->state, ENGINE_WORKER_BUSY);
	}
	assert_busy_rows(view);
	assert_worker_sums(view);
}

/* As retired_above, checking VIEW with check_consistent first. */
static int
retired_consistent(const struct engine_view *view, uint64_t count)
{
	check_consistent(view);
	return retired_above(view, count);
}

/* Fails unless VIEW shows the engine paused, every worker PAUSED, and
 * RECORDS records counted: no more. */
static void
check_paused(const struct engine_view *view, uint64_t records)
{
	ck_assert_msg(all_paused(view, 0), "a worker is not paused");
	ck_assert_uint_eq(view->stats.busy_workers, 0);
	ck_assert_uint_eq(view->stats.records, records);
}

/* As check_paused, nothing counted, for --once: nor is it finished. */
static void
check_paused_once(const struct engine_view *view, uint64_t unused)
{
	(void)unused;
	check_paused(view, 0);
	ck_assert_msg(!view->stats.finished, "finished while paused");
}

/* Returns 1 if VIEW shows worker FIRST, or one above it, reading a
 * rotated segment with over 2 MiB left: more than the batch it reads
 * (1 MiB) and the next one, should it have merged one since the view. */
static int
busy_from(const struct engine_view *view, uint64_t first)
{
	const struct engine_segment_view *row;
	size_t i;

	for (i = 0; i < view->segment_count; i++) {
		row = &view->segments[i];
		if (row->worker >= (int)first && !row->active &&
		    row->size - row->offset > 2 * MIB)
			return 1;
	}
	return 0;
}

/* Returns the bytes VIEW shows read, in all segments. */
static uint64_t
offsets_sum(const struct engine_view *view)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < view->segment_count; i++)
		sum += view->segments[i].offset;
	return sum;
}

/* Asserts that VIEW shows segment NAME left in the middle, no worker on
 * it: a worker stopped there at a batch boundary. */
static void
assert_left_midway(const struct engine_view *view, const char *name)
{
	const struct engine_segment_view *row = find_row(view, name);

	ck_assert_int_eq(row->state, SEGMENT_PENDING);
	ck_assert_int_eq(row->worker, -1);
	ck_assert_uint_gt(row->offset, 0);
	ck_assert_uint_lt(row->offset, row->size);
}

/* Writes the files of test_view_after_once: two rotated segments, one
 * with an empty line, a rejected line and a final line without newline,
 * one big (several batches); the active file. */
static void
write_three(struct written files[3])
{
	char *final_line = record(3000, "");

	memset(files, 0, 3 * sizeof *files);
	files[0].name = "app.log.2";
	files[1].name = "app.log.1";
	files[2].name = ACTIVE;
	add_records(&files[0], 1, 300);
	add_text(&files[0], "\nnot json\n", 2, 0);
	add_text(&files[0], final_line, 1, 1);
	add_records(&files[1], 1000, BIG_RECORDS);
	add_records(&files[2], 500, 50);
	free(final_line);
}

/* Runs a --once engine with WORKERS workers to its end, fills VIEW with
 * what it shows then, and closes it. */
static void
run_once(unsigned workers, struct engine_view *view)
{
	struct engine_config config;
	struct engine *engine;

	base_config(&config, workers, 1);
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, view, finished, 0, "the --once run finishing");
	close_engine(engine);
}

/* (1) After a --once run, the view's rows are what was written and what
 * the checkpoint holds: rotated segments complete, the active file read
 * to its end, names, sizes, offsets and lines right; the totals count
 * every line once, and the workers' own counts add up to them, the
 * workers idle. A second run over the checkpoint shows the same rows and
 * totals, and workers that counted nothing (their counts are this run's).
 * _i is the number of workers. */
START_TEST(test_view_after_once)
{
	struct written files[3];
	struct engine_view view;
	struct written counted;

	make_dirs();
	write_three(files);
	engine_view_init(&view);
	run_once((unsigned)_i, &view);
	assert_rows(&view, files, 3);
	assert_totals(&view, files, 3);
	ck_assert_uint_eq(view.stats.complete, 2);
	assert_worker_sums(&view);
	assert_idle_workers(&view, (unsigned)_i);
	assert_ckpt_rows(&view);
	run_once((unsigned)_i, &view);
	assert_rows(&view, files, 3);
	assert_totals(&view, files, 3);
	counted = worker_sum(&view);
	ck_assert_uint_eq(counted.records, 0);
	ck_assert_uint_eq(counted.lines, 0);
	ck_assert_uint_eq(counted.bytes, 0);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Pauses ENGINE, viewed into VIEW, and waits until every worker holds. */
static void
pause_engine(struct engine *engine, struct engine_view *view)
{
	engine_pause(engine, 1);
	wait_view(engine, view, all_paused, 0, "every worker paused");
}

/* (2) A paused engine reads nothing: lines appended to the active file
 * and a new rotated file, written while it is paused, are seen by the
 * scanner but not read, and every worker shows PAUSED, for as long as it
 * is watched. Unpaused, it reads all of it, once. _i: bit 0 picks 1 or 2
 * workers; _i / 2 when to pause: 0 before engine_start, so that nothing
 * is read at all; 1 once a first part is read; 2 while a worker reads a
 * big segment, which it leaves at a batch boundary. */
START_TEST(test_pause)
{
	struct written files[3] = { { .name = ACTIVE }, { .name = "app.log.1" },
	    { .name = "app.log.2" } };
	int when = _i / 2;
	size_t count = when == 2 ? 3 : 2;
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;
	uint64_t counted, read_bytes, size;

	make_dirs();
	engine_view_init(&view);
	add_records(&files[0], 1, 100);
	if (when == 2)
		add_rotated(&files[2], 10000, BIG_RECORDS);
	base_config(&config, 1 + (unsigned)(_i & 1), 0);
	engine = open_engine(&config);
	if (when == 0)
		engine_pause(engine, 1);
	start_engine(engine);
	if (when == 1)
		wait_view(engine, &view, caught_up, 100, "the first part read");
	else if (when == 2)
		wait_view(engine, &view, busy_from, 0,
		    "a worker reading app.log.2");
	if (when != 0)
		pause_engine(engine, &view);
	if (when == 2)
		assert_left_midway(&view, "app.log.2");
	counted = view.stats.records;
	read_bytes = offsets_sum(&view);
	add_records(&files[0], 101, 200);
	add_rotated(&files[1], 1000, 50);
	size = sum_written(files, count).bytes;
	wait_view(engine, &view, sized, size,
	    "the scanner seeing what was written");
	hold_view(engine, &view, check_paused, counted);
	ck_assert_uint_eq(view.stats.bytes_behind, size - read_bytes);
	engine_pause(engine, 0);
	wait_view(engine, &view, caught_up, sum_written(files, count).records,
	    "everything read after the pause");
	assert_rows(&view, files, count);
	assert_totals(&view, files, count);
	assert_worker_sums(&view);
	assert_idle_workers(&view, 1 + (unsigned)(_i & 1));
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* (2) A --once engine paused before it starts neither reads nor
 * finishes while paused; unpaused, it reads everything and finishes. */
START_TEST(test_pause_once)
{
	struct written files[2] = { { .name = "app.log.1" },
	    { .name = ACTIVE } };
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	add_records(&files[0], 1, 100);
	add_records(&files[1], 200, 10);
	base_config(&config, 2, 1);
	engine = open_engine(&config);
	engine_pause(engine, 1);
	start_engine(engine);
	hold_view(engine, &view, check_paused_once, 0);
	engine_pause(engine, 0);
	wait_view(engine, &view, finished, 0, "the --once run finishing");
	assert_rows(&view, files, 2);
	assert_totals(&view, files, 2);
	assert_worker_sums(&view);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Writes three big rotated segments and a small active file to FILES,
 * each with its own records: a file starting like another is a copy. */
static void
write_four(struct written files[4])
{
	memset(files, 0, 4 * sizeof *files);
	files[0].name = "app.log.3";
	files[1].name = "app.log.2";
	files[2].name = "app.log.1";
	files[3].name = ACTIVE;
	add_rotated(&files[0], 1, BIG_RECORDS);
	add_rotated(&files[1], 1 + BIG_RECORDS, BIG_RECORDS);
	add_rotated(&files[2], 1 + 2 * BIG_RECORDS, BIG_RECORDS);
	add_records(&files[3], 1 + 3 * BIG_RECORDS, 100);
}

/* (3) engine_set_workers clamps the count to 1..ENGINE_WORKERS_MAX and
 * the view follows it; the workers above a lowered count are RETIRED
 * and take no segment: with 64 threads started, then the count set to
 * 1, worker 0 alone reads four new segments. */
START_TEST(test_set_workers)
{
	struct written files[4];
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	engine = follow(2);
	ck_assert_uint_eq(engine_set_workers(engine, 0), 1);
	wait_view(engine, &view, retired_above, 1, "1 worker shown");
	ck_assert_uint_eq(engine_set_workers(engine, 3), 3);
	engine_view(engine, &view);
	assert_idle_workers(&view, 3);
	ck_assert_uint_eq(engine_set_workers(engine, 1000), ENGINE_WORKERS_MAX);
	engine_view(engine, &view);
	assert_idle_workers(&view, ENGINE_WORKERS_MAX);
	ck_assert_uint_eq(engine_set_workers(engine, 1), 1);
	wait_view(engine, &view, retired_above, 1, "1 worker shown");
	write_four(files);
	wait_view(engine, &view, caught_up, 3 * BIG_RECORDS + 100,
	    "everything read");
	assert_rows(&view, files, 4);
	assert_totals(&view, files, 4);
	assert_idle_workers(&view, 1);
	ck_assert_uint_eq(view.workers[0].records, view.totals.records);
	assert_worker_sums(&view);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Sets the number of workers to 1, 2, 3, 1, 2, ... at every poll until
 * ENGINE has read RECORDS, checking every view on the way. */
static void
churn_workers(struct engine *engine, struct engine_view *view,
    uint64_t records)
{
	unsigned change, count;

	for (change = 0; change < WAIT_LIMIT_MS / POLL_MS; change++) {
		engine_view(engine, view);
		check_consistent(view);
		if (caught_up(view, records))
			return;
		count = 1 + change % 3;
		ck_assert_uint_eq(engine_set_workers(engine, count), count);
		nap();
	}
	ck_abort_msg("not everything read within %d ms", WAIT_LIMIT_MS);
}

/* (3) Lowering the number of workers while they read stops them mid-
 * segment, at a batch boundary: first workers 1 and 2 on big segments,
 * then again and again as the count goes 1, 2, 3, 1, ... No line is lost
 * or doubled, every view on the way is consistent, and lowered to 1 at
 * the end, the rows above are RETIRED. A regression test, when the timing
 * allows: a worker cleared its segment's worker mark only after it had
 * let the segment go, so that another worker could take it up meanwhile
 * and lose its mark; views showed busy workers idle. */
START_TEST(test_set_workers_busy)
{
	struct written files[4];
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	write_four(files);
	engine = follow(3);
	wait_view(engine, &view, busy_from, 1, "worker 1 or 2 reading");
	ck_assert_uint_eq(engine_set_workers(engine, 1), 1);
	wait_view(engine, &view, retired_consistent, 1,
	    "workers 1 and 2 retired");
	churn_workers(engine, &view, 3 * BIG_RECORDS + 100);
	ck_assert_uint_eq(engine_set_workers(engine, 1), 1);
	wait_view(engine, &view, retired_above, 1, "1 worker shown");
	assert_rows(&view, files, 4);
	assert_totals(&view, files, 4);
	assert_worker_sums(&view);
	assert_idle_workers(&view, 1);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Returns the index of VIEW's event whose text is TEXT, or fails. */
static size_t
find_event(const struct engine_view *view, const char *text)
{
	size_t i;

	for (i = 0; i < view->event_count; i++) {
		if (strcmp(view->events[i].text, text) == 0)
			return i;
	}
	ck_abort_msg("no event '%s'", text);
	return 0;
}

/* Views ENGINE into VIEW until it holds an event whose text holds TEXT;
 * fails if it does not within the bound. */
static void
find_event_waiting(struct engine *engine, struct engine_view *view,
    const char *text)
{
	int waited_ms;
	size_t i;

	for (waited_ms = 0; waited_ms < WAIT_LIMIT_MS; waited_ms += POLL_MS) {
		engine_view(engine, view);
		for (i = 0; i < view->event_count; i++) {
			if (strstr(view->events[i].text, text) != NULL)
				return;
		}
		nap();
	}
	ck_abort_msg("no event holding '%s' within %d ms", text, WAIT_LIMIT_MS);
}

/* Asserts that VIEW's events are in order of sequence, none missing. */
static void
assert_event_order(const struct engine_view *view)
{
	size_t i;

	ck_assert_uint_gt(view->event_count, 0);
	ck_assert_uint_le(view->event_count, ENGINE_VIEW_EVENTS);
	for (i = 1; i < view->event_count; i++)
		ck_assert_uint_eq(view->events[i].sequence,
		    view->events[i - 1].sequence + 1);
}

/* (4) A rotation by rename while the engine follows: the view carries
 * the rename event, in order of sequence, stamped with the time it
 * happened, and rows for the renamed segment (complete, not active) and
 * the new active file. */
START_TEST(test_events_rename)
{
	/* The first app.log, renamed to app.log.1; the next app.log. */
	struct written files[2] = { { .name = ACTIVE }, { .name = ACTIVE } };
	const struct engine_event *event;
	struct engine_view view;
	struct engine *engine;
	time_t before, after;

	make_dirs();
	engine_view_init(&view);
	add_records(&files[0], 1, 5);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 5, "app.log read");
	before = time(NULL);
	ck_assert_int_eq(renameat(logs_fd, ACTIVE, logs_fd, "app.log.1"), 0);
	files[0].name = "app.log.1";
	add_records(&files[1], 100, 3);
	wait_view(engine, &view, caught_up, 8, "the new app.log read");
	after = time(NULL);
	assert_rows(&view, files, 2);
	assert_totals(&view, files, 2);
	assert_event_order(&view);
	event = &view.events[find_event(&view, "app.log renamed to app.log.1")];
	ck_assert_int_eq(event->kind, ENGINE_INFO);
	ck_assert_int_ge(event->time, before);
	ck_assert_int_le(event->time, after);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* (4) A view carries the newest ENGINE_VIEW_EVENTS events, oldest first,
 * exactly as engine_events() lists them: here more skipped files (links)
 * than that each make a warning. */
START_TEST(test_events_newest)
{
	enum { LINKS = ENGINE_VIEW_EVENTS + 8 };
	struct engine_event all[LINKS + 1];
	struct written file = { .name = ACTIVE };
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;
	size_t count, i, first;
	time_t before = time(NULL);
	char name[32];

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 3);
	for (i = 0; i < LINKS; i++) {
		snprintf(name, sizeof name, "app.log.link%02zu", i);
		ck_assert_int_eq(symlinkat(ACTIVE, logs_fd, name), 0);
	}
	base_config(&config, 1, 1);
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, &view, finished, 0, "the --once run finishing");
	count = engine_events(engine, 0, all, LINKS + 1);
	close_engine(engine);
	ck_assert_uint_eq(count, LINKS);
	ck_assert_uint_eq(view.event_count, ENGINE_VIEW_EVENTS);
	assert_event_order(&view);
	first = count - ENGINE_VIEW_EVENTS;
	for (i = 0; i < view.event_count; i++) {
		ck_assert_uint_eq(view.events[i].sequence,
		    all[first + i].sequence);
		ck_assert_str_eq(view.events[i].text, all[first + i].text);
		ck_assert_int_eq(view.events[i].kind, ENGINE_WARNING);
		ck_assert_int_ge(view.events[i].time, before);
		ck_assert_int_le(view.events[i].time, time(NULL));
	}
	ck_assert_uint_eq(view.events[view.event_count - 1].sequence, count);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* engine_rescan makes the scanner look now. Lines appended to app.log
 * through a hard link outside the log directory make no inotify event
 * there, and the scan interval is an hour: only the rescan shows them. */
START_TEST(test_rescan)
{
	struct written file = { .name = ACTIVE };
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 10);
	ck_assert_int_eq(linkat(logs_fd, ACTIVE, logs_fd, "../outside", 0), 0);
	base_config(&config, 1, 0);
	config.scan_interval_ns = (uint64_t)3600 * 1000 * NS_PER_MS;
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, &view, caught_up, 10, "app.log read");
	file.bytes += append_records("../outside", 11, 20);
	file.lines += 20;
	file.records += 20;
	engine_rescan(engine);
	wait_view(engine, &view, caught_up, 30, "what the rescan found read");
	assert_rows(&view, &file, 1);
	assert_totals(&view, &file, 1);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Lines appended to the active file between scans (the interval is an
 * hour) are read when inotify tells of the write: the size the scanner
 * refreshes offers the segment to the dispatcher, no scan needed. */
START_TEST(test_written_between_scans)
{
	struct written file = { .name = ACTIVE };
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 10);
	base_config(&config, 1, 0);
	config.scan_interval_ns = (uint64_t)3600 * 1000 * NS_PER_MS;
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, &view, caught_up, 10, "app.log read");
	add_records(&file, 11, 20);
	wait_view(engine, &view, caught_up, 30, "the lines written read");
	assert_rows(&view, &file, 1);
	assert_totals(&view, &file, 1);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* A rotated segment read to its end and complete, which then grows (its
 * writer still had it open), is read on, with a warning: its new lines
 * are neither lost nor counted twice. */
START_TEST(test_complete_grows)
{
	struct written file = { .name = "app.log.1" };
	struct engine_view view;
	struct engine *engine;

	make_dirs();
	engine_view_init(&view);
	add_rotated(&file, 1, 10);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 10, "app.log.1 complete");
	add_records(&file, 11, 5);
	wait_view(engine, &view, caught_up, 15, "its new lines read");
	assert_rows(&view, &file, 1);
	assert_totals(&view, &file, 1);
	find_event(&view, "app.log.1 grew after it was complete; reading on");
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Fails unless VIEW shows RECORDS records counted: no more. */
static void
check_records(const struct engine_view *view, uint64_t records)
{
	ck_assert_uint_eq(view->stats.records, records);
}

/* A file that starts like the live active file and is shorter than what
 * was read of it (a copy being made, or a partial one) is taken for a
 * copy and never read, however many scans see it. */
START_TEST(test_partial_copy)
{
	struct written file = { .name = ACTIVE };
	struct engine_view view;
	struct engine *engine;
	char *line;
	int n;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 100);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 100, "app.log read");
	for (n = 1; n <= 5; n++) {
		line = record(n, "\n");
		append_log("staged", line);
		free(line);
	}
	ck_assert_int_eq(renameat(logs_fd, "staged", logs_fd, "app.log.1"), 0);
	find_event_waiting(engine, &view,
	    "app.log.1 starts like app.log: taken for a copy of it, not read");
	hold_view(engine, &view, check_records, 100);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* A copy made while the engine follows is first seen empty (cp has just
 * created it): an empty file is nothing yet, so once the copy is written
 * it is known for a copy of the live file, not read as a new one. */
START_TEST(test_copy_seen_empty)
{
	struct written file = { .name = ACTIVE };
	struct engine_view view;
	struct engine *engine;
	char *line, *copy;
	int n;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 100);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 100, "app.log read");
	append_log("app.log.1", "");
	hold_view(engine, &view, check_records, 100);	/* scans see it empty */
	copy = calloc(100, 512);
	ck_assert_ptr_nonnull(copy);
	for (n = 1; n <= 100; n++) {
		line = record(n, "\n");
		strcat(copy, line);
		free(line);
	}
	append_log("app.log.1", copy);	/* in one write, as cp would */
	free(copy);
	find_event_waiting(engine, &view,
	    "app.log.1 starts like app.log: taken for a copy of it, not read");
	hold_view(engine, &view, check_records, 100);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Returns the allocated text of records FIRST to FIRST + COUNT - 1. */
static char *
records_text(int first, int count)
{
	char *text = xstrdup(""), *line, *joined;
	int n;

	for (n = first; n < first + count; n++) {
		line = record(n, "\n");
		xasprintf(&joined, "%s%s", text, line);
		free(line);
		free(text);
		text = joined;
	}
	return text;
}

/* copytruncate by a slow copier while the engine follows: the copy is
 * first seen holding less than the fingerprint's length of app.log (one
 * record and part of the next), so it cannot be known by the
 * fingerprint; it is taken for a copy all the same, on the active file's
 * first bytes (read again for it: the scans skip an unchanged file's
 * head), while it is fresh: the scan interval is a minute here, scans
 * come from inotify. When the copy is whole and app.log truncated and
 * written again, the copy continues app.log's segment: nothing is
 * counted twice. */
START_TEST(test_short_copy)
{
	enum { COPIED_SO_FAR = 200 };
	struct written file = { .name = ACTIVE };
	char *text = records_text(1, 100), *start;
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;
	int fd;

	make_dirs();
	engine_view_init(&view);
	add_text(&file, text, 100, 100);
	base_config(&config, 1, 0);
	config.scan_interval_ns = (uint64_t)60 * 1000 * NS_PER_MS;
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, &view, caught_up, 100, "app.log read");
	hold_view(engine, &view, check_records, 100);	/* heads now skipped */
	start = xstrdup(text);
	start[COPIED_SO_FAR] = '\0';
	append_log("app.log.1", start);
	find_event_waiting(engine, &view,
	    "app.log.1 starts like app.log: taken for a copy of it, not read");
	hold_view(engine, &view, check_records, 100);
	append_log("app.log.1", text + COPIED_SO_FAR);
	fd = openat(logs_fd, ACTIVE, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	add_records(&file, 101, 3);
	/* (no scan comes to call the copy settled, hence complete) */
	wait_view(engine, &view, counted, 103, "the new lines read");
	hold_view(engine, &view, check_records, 103);
	close_engine(engine);
	engine_view_free(&view);
	free(start);
	free(text);
	remove_dirs();
}
END_TEST

/* A short rotated segment whose one line is where app.log starts, and
 * which does not change (no copy in the making): once it has settled
 * for a scan interval, it is a file of its own and read. */
START_TEST(test_short_prefix_settles)
{
	struct written file = { .name = ACTIVE };
	struct engine_view view;
	struct engine *engine;
	char *line = record(1, "\n");

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 100);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 100, "app.log read");
	append_log("app.log.1", line);
	wait_view(engine, &view, caught_up, 101, "app.log.1 read");
	hold_view(engine, &view, check_records, 101);
	close_engine(engine);
	engine_view_free(&view);
	free(line);
	remove_dirs();
}
END_TEST

/* copytruncate with lines written between the copy and the truncation
 * that the engine saw (a scan while its workers were paused) but did not
 * read: they are gone with the truncation, and a warning says how many
 * bytes. The copy, shorter than what was read, holds nothing unread. */
START_TEST(test_copy_loses_unread)
{
	struct written file = { .name = ACTIVE };
	char *copied = records_text(1, 4), *unread = records_text(7, 2);
	char warning[160];
	struct engine_view view;
	struct engine *engine;
	int fd;

	make_dirs();
	engine_view_init(&view);
	add_text(&file, copied, 4, 4);
	append_log("app.log.1", copied);
	add_records(&file, 5, 2);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 6, "app.log read");
	engine_pause(engine, 1);
	add_text(&file, unread, 0, 0);
	engine_rescan(engine);
	wait_view(engine, &view, sized, file.bytes, "the unread lines seen");
	fd = openat(logs_fd, ACTIVE, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	add_records(&file, 20, 3);
	engine_rescan(engine);
	snprintf(warning, sizeof warning, "app.log: its last %zu bytes were not "
	    "copied to app.log.1 and are gone, unread", strlen(unread));
	find_event_waiting(engine, &view, warning);
	engine_pause(engine, 0);
	wait_view(engine, &view, caught_up, 9, "the new lines read");
	hold_view(engine, &view, check_records, 9);
	close_engine(engine);
	engine_view_free(&view);
	free(copied);
	free(unread);
	remove_dirs();
}
END_TEST

/* copytruncate with compress, the copy made before the rest of app.log
 * was read: the .gz continues the segment at its offset, past the copy's
 * end, holding nothing unread. Its size is not the trailer's lifted by
 * 4 GiB (so few bytes cannot inflate to that much): it is the offset. */
START_TEST(test_compressed_copy_shorter)
{
	struct written file = { .name = ACTIVE };
	const struct engine_segment_view *row;
	struct engine_view view;
	struct engine *engine;
	char *cause = NULL;
	int dirfd, fd;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, 6);
	append_records("../staged", 1, 4);
	dirfd = open(tempdir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_msg(rotate_file_compress(dirfd, "staged", &cause) == 0,
	    "%s", cause);
	close(dirfd);
	engine = follow(1);
	wait_view(engine, &view, caught_up, 6, "app.log read");
	engine_pause(engine, 1);
	ck_assert_int_eq(renameat(logs_fd, "../staged.gz", logs_fd,
	    "app.log.1.gz"), 0);
	fd = openat(logs_fd, ACTIVE, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	add_records(&file, 20, 3);
	engine_rescan(engine);
	find_event_waiting(engine, &view, "app.log was compressed to "
	    "app.log.1.gz; read on from offset");
	row = find_row(&view, "app.log.1.gz");
	ck_assert_uint_eq(row->size, row->offset);
	engine_pause(engine, 0);
	wait_view(engine, &view, caught_up, 9, "the new lines read");
	hold_view(engine, &view, check_records, 9);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Returns 1 if VIEW shows a worker reading a segment with over LEFT
 * bytes still to read. */
static int
reading_with_left(const struct engine_view *view, uint64_t left)
{
	const struct engine_segment_view *row;
	size_t i;

	for (i = 0; i < view->segment_count; i++) {
		row = &view->segments[i];
		if (row->worker >= 0 && row->size - row->offset > left)
			return 1;
	}
	return 0;
}

/* Fails unless ENGINE still has a worker on segment NAME: what the test
 * did happened while the segment was read. */
static void
assert_still_read(struct engine *engine, struct engine_view *view,
    const char *name)
{
	engine_view(engine, view);
	ck_assert_msg(find_row(view, name)->worker >= 0, "%s was read to its "
	    "end before the test could change it: make it bigger", name);
}

/* logrotate's compress while a worker reads the plain segment: the .gz
 * appears and the plain file goes. The worker reads on from the file it
 * has open, and the .gz continues the segment from where that ended. A
 * regression test: the .gz was read again as a new file, every line
 * counted twice, without a word. */
START_TEST(test_compressed_while_read)
{
	struct written file = { .name = "app.log.1" };
	struct engine_view view;
	struct engine *engine;
	char *cause = NULL;
	int dirfd;

	make_dirs();
	engine_view_init(&view);
	add_rotated(&file, 1, HUGE_RECORDS);
	append_records("../staged", 1, HUGE_RECORDS);
	dirfd = open(tempdir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_msg(rotate_file_compress(dirfd, "staged", &cause) == 0,
	    "%s", cause);
	close(dirfd);
	engine = follow(1);
	wait_view(engine, &view, reading_with_left, 6 * MIB,
	    "a worker in the middle of app.log.1");
	ck_assert_int_eq(renameat(logs_fd, "../staged.gz", logs_fd,
	    "app.log.1.gz"), 0);
	ck_assert_int_eq(unlinkat(logs_fd, "app.log.1", 0), 0);
	assert_still_read(engine, &view, "app.log.1");
	find_event_waiting(engine, &view, "app.log.1 was compressed to "
	    "app.log.1.gz; read on from offset");
	wait_view(engine, &view, caught_up, HUGE_RECORDS, "app.log.1.gz read");
	hold_view(engine, &view, check_records, HUGE_RECORDS);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* copytruncate's truncation while a worker reads the active file, the
 * copy already made: the copy continues the segment from where the
 * worker stopped, and nothing is lost. A regression test: the copy was
 * read again from its start, or the segment failed with its unread bytes
 * reported lost though the copy held them. */
START_TEST(test_truncated_while_read)
{
	struct written file = { .name = ACTIVE };
	struct engine_view view;
	struct engine *engine;
	size_t i;
	int fd;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, HUGE_RECORDS);
	append_records("../staged", 1, HUGE_RECORDS);
	engine = follow(1);
	wait_view(engine, &view, reading_with_left, 6 * MIB,
	    "a worker in the middle of app.log");
	ck_assert_int_eq(renameat(logs_fd, "../staged", logs_fd, "app.log.1"),
	    0);
	fd = openat(logs_fd, ACTIVE, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	find_event_waiting(engine, &view, "app.log.1 continues app.log from "
	    "offset");
	wait_view(engine, &view, caught_up, HUGE_RECORDS, "app.log.1 read");
	hold_view(engine, &view, check_records, HUGE_RECORDS);
	for (i = 0; i < view.event_count; i++)
		ck_assert_msg(strstr(view.events[i].text, "lost") == NULL,
		    "%s", view.events[i].text);
	close_engine(engine);
	engine_view_free(&view);
	remove_dirs();
}
END_TEST

/* Returns the allocated text of records FIRST to FIRST + COUNT - 1, in
 * *LENGTH bytes; for texts too big to build by joining. */
static char *
records_buffer(int first, int count, size_t *length)
{
	size_t capacity = (size_t)count * 128, used = 0, size;
	char *text = xmalloc(capacity), *line;
	int n;

	for (n = first; n < first + count; n++) {
		line = record(n, "\n");
		size = strlen(line);
		ck_assert_uint_le(used + size, capacity);
		memcpy(text + used, line, size);
		used += size;
		free(line);
	}
	*length = used;
	return text;
}

/* Fails unless the output file PATH holds each record at most once and
 * each of records FIRST to FIRST + COUNT - 1 exactly once, and as many
 * lines as RECORDS. */
static void
assert_output_once(const char *path, int first, int count, uint64_t records)
{
	enum { MAX_N = 1000000 };
	unsigned char *seen = xcalloc(MAX_N, 1);
	uint64_t lines = 0;
	char line[512];
	FILE *file = fopen(path, "r");
	int n;

	ck_assert_ptr_nonnull(file);
	while (fgets(line, sizeof line, file) != NULL) {
		ck_assert_msg(sscanf(strstr(line, "\"record ") == NULL ? "" :
		    strstr(line, "\"record "), "\"record %d\"", &n) == 1 &&
		    n > 0 && n < MAX_N, "not a record: %s", line);
		ck_assert_msg(!seen[n], "record %d twice in the output", n);
		seen[n] = 1;
		lines++;
	}
	fclose(file);
	for (n = first; n < first + count; n++)
		ck_assert_msg(seen[n], "record %d not in the output", n);
	ck_assert_uint_eq(lines, records);
	free(seen);
}

/* Returns 1 if VIEW shows no worker busy. */
static int
none_busy(const struct engine_view *view, uint64_t unused)
{
	(void)unused;
	return view->stats.busy_workers == 0;
}

/* copytruncate's truncation while a worker reads the active file far
 * from its end, then a fast writer: the new content is longer than the
 * worker's offset at once. The worker must not read on at its offset in
 * the new content (those lines would count again when the new content is
 * read from its start): it finds that the file no longer starts as the
 * segment did, and leaves it to the scan. Every new record is counted
 * once, nothing twice. The file is changed through a hard link outside
 * the log directory, and the scan interval is an hour: no scan notices
 * the change before the worker does (a scan may be late: polling without
 * inotify, or a busy scanner). */
START_TEST(test_refilled_while_read)
{
	struct written file = { .name = ACTIVE };
	struct engine_config config;
	struct engine_view view;
	struct engine *engine;
	char output[160], *text;
	size_t length;
	int fd;

	make_dirs();
	engine_view_init(&view);
	add_records(&file, 1, HUGE_RECORDS);
	text = records_buffer(HUGE_RECORDS + 1, HUGE_RECORDS / 2, &length);
	snprintf(output, sizeof output, "%s/out.ndjson", tempdir);
	ck_assert_int_eq(linkat(logs_fd, ACTIVE, logs_fd, "../outside", 0), 0);
	base_config(&config, 1, 0);
	config.scan_interval_ns = (uint64_t)3600 * 1000 * NS_PER_MS;
	config.output_path = output;
	engine = open_engine(&config);
	start_engine(engine);
	wait_view(engine, &view, reading_with_left, 8 * MIB,
	    "a worker at the start of app.log");
	fd = openat(logs_fd, "../outside", O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, length), (ssize_t)length);
	close(fd);
	wait_view(engine, &view, none_busy, 0, "the worker done with app.log");
	engine_rescan(engine);
	wait_view(engine, &view, caught_up, HUGE_RECORDS / 2, "app.log read");
	hold_view(engine, &view, check_records, view.stats.records);
	ck_assert_uint_eq(view.stats.rejected, 0);
	close_engine(engine);
	assert_output_once(output, HUGE_RECORDS + 1, HUGE_RECORDS / 2,
	    view.stats.records);
	engine_view_free(&view);
	free(text);
	remove_dirs();
}
END_TEST

Suite *
engine_view_suite(void)
{
	Suite *suite = suite_create("engine_view");
	TCase *view = tcase_create("view");
	TCase *control = tcase_create("control");

	/* Sanitizers slow the engine down; a hang still fails in the test. */
	tcase_set_timeout(view, 60);
	tcase_set_timeout(control, 60);
	tcase_add_unchecked_fixture(view, make_base, remove_base);
	tcase_add_unchecked_fixture(control, make_base, remove_base);
	/* _i is the number of workers: 1, then 2. */
	tcase_add_loop_test(view, test_view_after_once, 1, 3);
	tcase_add_test(view, test_events_rename);
	tcase_add_test(view, test_events_newest);
	/* _i: bit 0 picks 1 or 2 workers, _i / 2 when to pause. */
	tcase_add_loop_test(control, test_pause, 0, 6);
	tcase_add_test(control, test_pause_once);
	tcase_add_test(control, test_set_workers);
	tcase_add_test(control, test_set_workers_busy);
	tcase_add_test(control, test_rescan);
#ifdef HAVE_SYS_INOTIFY_H
	tcase_add_test(control, test_written_between_scans);
#endif
	tcase_add_test(control, test_complete_grows);
	tcase_add_test(control, test_partial_copy);
	tcase_add_test(control, test_copy_seen_empty);
	tcase_add_test(control, test_short_copy);
	tcase_add_test(control, test_short_prefix_settles);
	tcase_add_test(control, test_copy_loses_unread);
	tcase_add_test(control, test_compressed_copy_shorter);
	tcase_add_test(control, test_compressed_while_read);
	tcase_add_test(control, test_truncated_while_read);
	tcase_add_test(control, test_refilled_while_read);
	suite_add_tcase(suite, view);
	suite_add_tcase(suite, control);
	return suite;
}
