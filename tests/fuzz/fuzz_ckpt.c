/* fuzz_ckpt.c: a fuzz target for the checkpoint loader. Each input is
 * written as OFFSETS_DIR/checkpoint.json and loaded with ckpt_load(), as
 * logproc loads it. A refused checkpoint must say why, naming the file,
 * and leave nothing allocated once ckpt_free()d. An accepted one must
 * hold what the loader promises:
 *  - every segment's name passes ckpt_name_valid() for the pattern;
 *  - sizes and lost bytes at most 2^62, offset <= size, lines <= offset,
 *    fingerprint_bytes <= SEGMENT_FINGERPRINT_MAX, a known state and
 *    never "processing" (a run that stopped reading), stalled_size the
 *    offset, no worker;
 *  - no two segments the same file (device and inode, inode not 0);
 *  - a sink without a path has nothing committed, and one with a device
 *    and inode has an absolute path;
 *  - the filter is an object, the totals have at most AGG_MAX_SERVICES;
 * and it must survive a round trip: ckpt_write() to another directory
 * gives exactly json_dumps(ckpt_to_json(), the file's flags), so does
 * ckpt_write_cached() with a new cache and again with the same cache, and
 * loading that file gives the same checkpoint field by field, which
 * writes the same bytes. Then the cache of the segments' text must
 * follow changes: with a field of each segment changed, and with the
 * first segment gone, ckpt_write_cached must still write what
 * ckpt_to_json encodes. Apart from the loader, each segment name in the
 * input is given to ckpt_name_valid(), which must agree with a model of
 * its rule. A failure prints what went wrong and abort()s.
 *
 * The directories are made once, in $TMPDIR (or /tmp), and removed at
 * exit. Writes are durable (fsync): a tmpfs TMPDIR fuzzes faster. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/ckpt.h"
#include "engine/segment.h"
#include "fuzz.h"

#define MAX_FILE_SIZE ((uint64_t)1 << 62)	/* ckpt.c's: larger is refused */
#define DUMP_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER)	/* the file's */
#define READ_CHUNK 65536
#define CHANGES 12		/* ways change_segments changes a segment */

static char *base_dir;		/* made once; holds the two below */
static char *load_dir;		/* where each input is loaded from */
static char *write_dir;		/* where it is written back */

#define fail(...) fuzz_fail("fuzz_ckpt", NULL, __VA_ARGS__)

/* Removes DIR's checkpoint (and what a write may leave) and DIR. */
static void
remove_dir(const char *dir)
{
	char *path = ckpt_path(dir);

	unlink(path);
	free(path);
	rmdir(dir);
}

static void
remove_dirs(void)
{
	remove_dir(load_dir);
	remove_dir(write_dir);
	rmdir(base_dir);
}

/* Makes the scratch directories once. */
static void
make_dirs(void)
{
	const char *tmp = getenv("TMPDIR");

	if (base_dir != NULL)
		return;
	xasprintf(&base_dir, "%s/fuzz_ckpt.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if (mkdtemp(base_dir) == NULL)
		fail("mkdtemp %s: %s", base_dir, strerror(errno));
	xasprintf(&load_dir, "%s/load", base_dir);
	xasprintf(&write_dir, "%s/write", base_dir);
	if (mkdir(load_dir, 0700) != 0 || mkdir(write_dir, 0700) != 0)
		fail("mkdir in %s: %s", base_dir, strerror(errno));
	atexit(remove_dirs);
}

/* Replaces the checkpoint of DIR with the SIZE bytes of DATA. */
static void
put_file(const char *dir, const uint8_t *data, size_t size)
{
	char *path = ckpt_path(dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size) ||
	    close(fd) != 0)
		fail("%s: %s", path, strerror(errno));
	free(path);
}

/* Returns the checkpoint of DIR as a new string. */
static char *
get_file(const char *dir)
{
	char *path = ckpt_path(dir), *text = NULL;
	FILE *file = fopen(path, "rb");
	size_t used = 0, got;

	if (file == NULL)
		fail("%s: %s", path, strerror(errno));
	do {
		text = xreallocarray(text, used + READ_CHUNK + 1, 1);
		got = fread(text + used, 1, READ_CHUNK, file);
		used += got;
	} while (got == READ_CHUNK);
	if (ferror(file))
		fail("%s: read error", path);
	fclose(file);
	free(path);
	text[used] = '\0';
	return text;
}

/* The rule of ckpt_name_valid, written apart: NAME is PATTERN, or
 * PATTERN, '.' or '-', and one byte or more; no '/' and no control byte
 * in it. (It must be UTF-8 too: a JSON string always is.) */
static int
model_name_valid(const char *name, const char *pattern)
{
	size_t length = strlen(pattern);
	const char *rest = name + length;
	const unsigned char *p;

	if (strncmp(name, pattern, length) != 0 ||
	    (*rest != '\0' && ((*rest != '.' && *rest != '-') || rest[1] == '\0')))
		return 0;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == '/' || *p < ' ' || *p == 0x7f)
			return 0;
	}
	return 1;
}

/* Checks ckpt_name_valid against the model on each segment name of the
 * SIZE bytes of DATA, if they are JSON with a pattern and segments,
 * whether the checkpoint is valid or not. */
static void
check_names(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL), *segment;
	const char *pattern, *name;
	size_t i;

	pattern = json_string_value(json_object_get(root, "pattern"));
	json_array_foreach(json_object_get(root, "segments"), i, segment) {
		name = json_string_value(json_object_get(segment, "segment"));
		if (pattern != NULL && name != NULL &&
		    ckpt_name_valid(name, pattern) != model_name_valid(name,
		    pattern))
			fail("ckpt_name_valid('%s', '%s') says %d", name, pattern,
			    ckpt_name_valid(name, pattern));
	}
	json_decref(root);
}

/* Checks what the loader promises of one segment of CKPT, number I. */
static void
check_segment(const struct ckpt *ckpt, size_t i)
{
	const struct segment *segment = ckpt->segments[i];

	if (segment == NULL || segment->name == NULL)
		fail("segments[%zu]: missing", i);
	if (!ckpt_name_valid(segment->name, ckpt->pattern))
		fail("segments[%zu]: name '%s' not valid for pattern '%s'", i,
		    segment->name, ckpt->pattern);
	if (segment->state >= SEGMENT_STATE_COUNT ||
	    segment->state == SEGMENT_PROCESSING)
		fail("segments[%zu]: state %d", i, (int)segment->state);
	if (segment->size > MAX_FILE_SIZE || segment->offset > segment->size ||
	    segment->lines > segment->offset ||
	    segment->lost_bytes > MAX_FILE_SIZE)
		fail("segments[%zu]: size %llu, offset %llu, lines %llu, lost "
		    "%llu", i, (unsigned long long)segment->size,
		    (unsigned long long)segment->offset,
		    (unsigned long long)segment->lines,
		    (unsigned long long)segment->lost_bytes);
	if (segment->id.fingerprint_bytes > SEGMENT_FINGERPRINT_MAX)
		fail("segments[%zu]: fingerprint_bytes %u", i,
		    (unsigned)segment->id.fingerprint_bytes);
	if (segment->stalled_size != segment->offset || segment->worker != -1)
		fail("segments[%zu]: stalled at %llu, offset %llu, worker %d", i,
		    (unsigned long long)segment->stalled_size,
		    (unsigned long long)segment->offset, segment->worker);
}

/* Checks that no two segments of CKPT are the same file. */
static void
check_distinct(const struct ckpt *ckpt)
{
	const struct segment *a, *b;
	size_t i, j;

	for (i = 0; i < ckpt->segment_count; i++) {
		a = ckpt->segments[i];
		for (j = 0; j < i && a->id.inode != 0; j++) {
			b = ckpt->segments[j];
			if (a->id.device == b->id.device && a->id.inode == b->id.inode)
				fail("segments[%zu] and [%zu]: the same device %llu, "
				    "inode %llu", j, i,
				    (unsigned long long)a->id.device,
				    (unsigned long long)a->id.inode);
		}
	}
}

static void
check_sink(const char *key, const struct ckpt_sink *sink)
{
	if (sink->committed > MAX_FILE_SIZE ||
	    (sink->path == NULL && sink->committed != 0))
		fail("%s: path %s, %llu committed", key, sink->path != NULL ?
		    sink->path : "(none)", (unsigned long long)sink->committed);
	if (sink->has_identity && (sink->path == NULL || sink->path[0] != '/'))
		fail("%s: an identity with path %s", key, sink->path != NULL ?
		    sink->path : "(none)");
}


/* Checks what the loader promises of an accepted checkpoint. */
static void
check_loaded(const struct ckpt *ckpt)
{
	size_t i;

	if (ckpt->logs_dir == NULL || ckpt->pattern == NULL ||
	    !json_is_object(ckpt->filter))
		fail("logs_dir, pattern or filter missing");
	check_sink("output", &ckpt->output);
	check_sink("rejects", &ckpt->rejects);
	if (ckpt->totals.service_count > AGG_MAX_SERVICES)
		fail("totals: %zu services", ckpt->totals.service_count);
	if (ckpt->segment_count > 0 && ckpt->segments == NULL)
		fail("%zu segments, no table", ckpt->segment_count);
	for (i = 0; i < ckpt->segment_count; i++)
		check_segment(ckpt, i);
	check_distinct(ckpt);
}

/* Returns 1 if A and B, strings or NULL, are equal. */
static int
same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Returns 1 if sinks A and B are the same. */
static int
same_sink(const struct ckpt_sink *a, const struct ckpt_sink *b)
{
	return same_string(a->path, b->path) && a->committed == b->committed &&
	    a->has_identity == b->has_identity && a->device == b->device &&
	    a->inode == b->inode;
}

/* Returns 1 if A and B are equal in every field the checkpoint keeps. */
static int
same_segment(const struct segment *a, const struct segment *b)
{
	return strcmp(a->name, b->name) == 0 && same_string(a->reason,
	    b->reason) && a->id.device == b->id.device &&
	    a->id.inode == b->id.inode && a->id.fingerprint == b->id.fingerprint &&
	    a->id.fingerprint_bytes == b->id.fingerprint_bytes &&
	    a->state == b->state && a->size == b->size &&
	    a->offset == b->offset && a->lines == b->lines &&
	    a->lost_bytes == b->lost_bytes &&
	    a->birth_ns == b->birth_ns && a->unreadable == b->unreadable &&
	    a->last_updated == b->last_updated &&
	    a->stalled_size == b->stalled_size;
}

/* Returns 1 if the totals of A and B encode the same. */
static int
same_totals(const struct agg *a, const struct agg *b)
{
	json_t *a_json = agg_to_json(a), *b_json = agg_to_json(b);
	int same = json_equal(a_json, b_json);

	json_decref(a_json);
	json_decref(b_json);
	return same;
}

/* Fails unless FIRST, as loaded, and SECOND, loaded from what FIRST
 * wrote, are the same checkpoint. */
static void
check_same(const struct ckpt *first, const struct ckpt *second)
{
	size_t i;

	if (!same_string(first->logs_dir, second->logs_dir) ||
	    !same_string(first->pattern, second->pattern) ||
	    !json_equal(first->filter, second->filter) ||
	    first->updated != second->updated)
		fail("round trip: logs_dir, pattern, filter or updated changed");
	if (!same_sink(&first->output, &second->output) ||
	    !same_sink(&first->rejects, &second->rejects))
		fail("round trip: the output or rejects changed");
	if (!same_totals(&first->totals, &second->totals))
		fail("round trip: the totals changed");
	if (first->segment_count != second->segment_count)
		fail("round trip: %zu segments, then %zu", first->segment_count,
		    second->segment_count);
	for (i = 0; i < first->segment_count; i++) {
		if (!same_segment(first->segments[i], second->segments[i]))
			fail("round trip: segments[%zu] ('%s') changed", i,
			    first->segments[i]->name);
	}
}

/* Writes CKPT to the write directory (with CACHE, NULL: none) and
 * returns the file's text. */
static char *
write_text(const struct ckpt *ckpt, struct ckpt_cache *cache)
{
	char *cause = NULL;

	if (ckpt_write_cached(ckpt, cache, write_dir, &cause) != 0)
		fail("writing an accepted checkpoint failed: %s", cause);
	return get_file(write_dir);
}

/* Fails unless TEXT, written by WHO, is EXPECTED. */
static void
check_text(const char *who, const char *text, const char *expected)
{
	if (strcmp(text, expected) != 0)
		fail("%s wrote\n%s\n--- instead of\n%s", who, text, expected);
}

/* Changes one field of each segment of CKPT, the one that its index
 * plus SALT picks, as the engine changes them between two commits. */
static void
change_segments(struct ckpt *ckpt, size_t salt)
{
	struct segment *segment;
	char *name;
	size_t i;

	for (i = 0; i < ckpt->segment_count; i++) {
		segment = ckpt->segments[i];
		switch ((i + salt) % CHANGES) {
		case 0:
			segment->offset++;
			break;
		case 1:
			segment->lines++;
			break;
		case 2:
			segment->size++;
			break;
		case 3:
			segment->last_updated++;
			break;
		case 4:
			segment->lost_bytes ^= 1;
			break;
		case 5:
			segment->id.device++;
			break;
		case 6:
			segment->id.inode++;
			break;
		case 7:
			segment->id.fingerprint ^= 1;
			break;
		case 8:
			segment->id.fingerprint_bytes ^= 1;
			break;
		case 9:
			segment->state = (segment->state + 1) % SEGMENT_STATE_COUNT;
			break;
		case 10:
			xasprintf(&name, "%s.1", segment->name);
			segment_rename(segment, name);
			free(name);
			break;
		default:
			segment_fail(segment, segment->reason == NULL ? "failed" :
			    "failed again");
		}
	}
}

/* Fails unless writing CKPT with CACHE gives what it encodes to. */
static void
check_cached(const struct ckpt *ckpt, struct ckpt_cache *cache)
{
	json_t *json = ckpt_to_json(ckpt);
	char *expected = json_dumps(json, DUMP_FLAGS), *text;

	if (expected == NULL)
		fail("json_dumps failed");
	check_text("ckpt_write_cached (segments changed)",
	    text = write_text(ckpt, cache), expected);
	free(text);
	free(expected);
	json_decref(json);
}

/* Writes CKPT with CACHE, which holds the text of its last write, once
 * each segment changed (CHANGE picks how), and again with the first
 * segment gone: the cache must keep no stale text. */
static void
check_cache_changes(struct ckpt *ckpt, struct ckpt_cache *cache,
    size_t change)
{
	change_segments(ckpt, change);
	check_cached(ckpt, cache);
	if (ckpt->segment_count == 0)
		return;
	segment_free(ckpt->segments[0]);
	memmove(ckpt->segments, ckpt->segments + 1,
	    --ckpt->segment_count * sizeof *ckpt->segments);
	check_cached(ckpt, cache);
}

/* Writes FIRST (accepted, checked) back, in every way, and loads it
 * again: the same text and the same checkpoint each time. Then checks
 * the cache against changes (CHANGE picks them). */
static void
round_trip(const struct ckpt *first, size_t change)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	json_t *json = ckpt_to_json(first);
	char *expected, *text, *cause = NULL;
	struct ckpt second;

	if (json == NULL || (expected = json_dumps(json, DUMP_FLAGS)) == NULL)
		fail("ckpt_to_json or json_dumps failed on an accepted checkpoint");
	json_decref(json);
	check_text("ckpt_write_cached (new cache)",
	    text = write_text(first, cache), expected);
	free(text);
	check_text("ckpt_write_cached (same cache)",
	    text = write_text(first, cache), expected);
	free(text);
	check_text("ckpt_write", text = write_text(first, NULL), expected);
	free(text);
	ckpt_init(&second);
	if (ckpt_load(&second, write_dir, &cause) != 1)
		fail("what an accepted checkpoint wrote is refused: %s\n%s",
		    cause, expected);
	check_loaded(&second);
	check_same(first, &second);
	check_text("ckpt_write (loaded again)", text = write_text(&second,
	    NULL), expected);
	free(text);
	free(expected);
	check_cache_changes(&second, cache, change);
	ckpt_cache_free(cache);
	ckpt_free(&second);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ckpt ckpt;
	char *cause = NULL, *path;
	int result;

	make_dirs();
	check_names(data, size);
	put_file(load_dir, data, size);
	ckpt_init(&ckpt);
	result = ckpt_load(&ckpt, load_dir, &cause);
	if (result == 1) {
		check_loaded(&ckpt);
		round_trip(&ckpt, size);
	} else if (result == -1) {
		path = ckpt_path(load_dir);
		if (cause == NULL || strncmp(cause, path, strlen(path)) != 0)
			fail("refused without naming the file: %s", cause);
		free(path);
	} else
		fail("ckpt_load says %d with a file there", result);
	free(cause);
	ckpt_free(&ckpt);
	return 0;
}
