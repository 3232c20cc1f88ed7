/* check_ckpt.c: the checkpoint: the JSON encoder and decoder (every field,
 * both ways), writing and loading it (streamed: its layout, many segments
 * with odd names, and failed writes that leave the old file alone),
 * writing it with a cache of the segments' text (the same bytes as a
 * fresh encoding, whatever changed between writes), strict decoding of
 * damaged or edited checkpoints (each fault named in the cause), segment
 * names, and the lock of the offsets directory (taken from another
 * process, as fcntl locks are per process). Everything is freed: LSan
 * runs in CI. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/ckpt.h"
#include "engine/ingest.h"
#include "engine/segment.h"
#include "suites.h"
#include "testdir.h"

#define UPDATED 1767323560	/* 2026-01-02T03:12:40Z */
#define UPDATED_TEXT "2026-01-02T03:12:40Z"
#define LOGS_DIR "/var/log/app"
#define PATTERN "app.log"
#define SEGMENTS 3
#define CAUSE_MAX 4096	/* what a child process reports of a cause */
#define MANY_SEGMENTS 1000	/* a checkpoint of several buffers' worth */
#define DUMP_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER)	/* the file's */

static char base_dir[64];	/* every test's directory is in it */
static char tempdir[80];

/* Makes the directory of the test case's tests. Unchecked fixtures run in
 * Check's own process, so remove_base cleans up after failed tests too. */
static void
make_base(void)
{
	testdir_make(base_dir, sizeof base_dir, "/tmp", "logproc-ckpt");
}

static void
remove_base(void)
{
	testdir_remove(base_dir);
}

static void
make_dir(void)
{
	testdir_make(tempdir, sizeof tempdir, base_dir, "test");
}

static void
remove_dir(void)
{
	testdir_remove(tempdir);
}

/* Returns the allocated path of NAME in the test directory. */
static char *
temp_file(const char *name)
{
	char *path;

	xasprintf(&path, "%s/%s", tempdir, name);
	return path;
}

/* Creates NAME in the test directory holding TEXT. */
static void
write_file(const char *name, const char *text)
{
	char *path = temp_file(name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	free(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Asserts that the test directory holds one file, NAME. */
static void
assert_only_file(const char *name)
{
	struct dirent *entry;
	DIR *dir = opendir(tempdir);
	int found = 0;

	ck_assert_ptr_nonnull(dir);
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (strcmp(entry->d_name, name) != 0) {
			closedir(dir);
			ck_abort_msg("unexpected file %s", entry->d_name);
		}
		found = 1;
	}
	closedir(dir);
	ck_assert_msg(found, "%s is missing", name);
}

/* Appends segment NAME with identity DEVICE, INODE, FINGERPRINT and
 * FINGERPRINT_BYTES to CKPT; returns it. */
static struct segment *
add_segment(struct ckpt *ckpt, const char *name, uint64_t device,
    uint64_t inode, uint64_t fingerprint, uint32_t fingerprint_bytes)
{
	struct segment_id id = { device, inode, fingerprint, fingerprint_bytes };
	struct segment *segment = segment_new(name, &id);

	ckpt->segments = xreallocarray(ckpt->segments, ckpt->segment_count + 1,
	    sizeof *ckpt->segments);
	ckpt->segments[ckpt->segment_count++] = segment;
	return segment;
}

/* Fills TOTALS (agg_init'ed) with counts of every kind. */
static void
fill_totals(struct agg *totals)
{
	totals->lines = 52;
	totals->bytes = 5300;
	totals->empty = 1;
	totals->records = 46;
	totals->selected = 45;
	totals->selected_bytes = 5000;
	totals->rejected[AGG_INVALID_JSON] = 4;
	totals->rejected[AGG_TOO_LONG] = 1;
	totals->levels[LEVEL_INFO] = 39;
	totals->levels[LEVEL_ERROR] = 5;
	totals->level_missing = 1;
	agg_add_service(totals, "api", 3, 30);
	agg_add_service(totals, "db", 2, 15);
	agg_add_duration(totals, 3);
	agg_add_duration(totals, 250);
	agg_add_duration(totals, 4999);
	agg_add_time(totals, 1767225600, 5000, "2026-01-01T00:00:00.000005Z", 27);
	agg_add_time(totals, 1767312000, 0, "2026-01-02T02:00:00+02:00", 25);
}

/* Fills CKPT (ckpt_init'ed) with a run's state: filters, totals and three
 * segments (rotated and complete, active and pending, failed and without
 * identity), every field set. WITH_SINKS: output and rejects files,
 * the output with its identity. */
static void
fill_ckpt(struct ckpt *ckpt, int with_sinks)
{
	char api[] = "api", *services[] = { api };
	struct filter filter = { LEVEL_WARNING, services, 1, 1, 100 };
	struct segment *segment;

	ckpt->logs_dir = xstrdup(LOGS_DIR);
	ckpt->pattern = xstrdup(PATTERN);
	ckpt->filter = filter_to_json(&filter);
	if (with_sinks) {
		/* The output as logproc records it, the rejects as an
		 * older one did: without an identity. */
		ckpt->output.path = xstrdup("/srv/out/selected.ndjson");
		ckpt->output.has_identity = 1;
		ckpt->output.device = (UINT64_C(1) << 63) + 2049;
		ckpt->output.inode = 4242;
		ckpt->output.committed = 5000;
		ckpt->rejects.path = xstrdup("/tmp/rejects.ndjson");
		ckpt->rejects.committed = 321;
	}
	fill_totals(&ckpt->totals);
	ckpt->updated = UPDATED;
	segment = add_segment(ckpt, "app.log.20260102-031240", 2049, 1001,
	    UINT64_C(0x0123456789abcdef), SEGMENT_FINGERPRINT_MAX);
	segment->state = SEGMENT_COMPLETE;
	segment->size = segment->offset = 5000;
	segment->lines = 40;
	segment->last_updated = UPDATED - 60;
	segment = add_segment(ckpt, PATTERN, 2049, 1002,
	    UINT64_C(0xfedcba9876543210), 100);
	segment->size = 300;
	segment->offset = 250;
	segment->lines = 3;
	segment->last_updated = UPDATED;
	segment = add_segment(ckpt, "app.log.20260101-000000", 0, 0, 0xff, 12);
	segment_fail(segment, "deleted before it was read to the end");
	segment->size = 100;
	segment->offset = 23;
	segment->lines = 2;
	segment->lost_bytes = 77;
	segment->last_updated = 1;
	segment->birth_ns = INT64_C(1767225600123456789);
	segment->unreadable = 1;
}

/* Returns the JSON of a valid checkpoint, as fill_ckpt makes it. */
static json_t *
good_json(int with_sinks)
{
	struct ckpt ckpt;
	json_t *root;

	ckpt_init(&ckpt);
	fill_ckpt(&ckpt, with_sinks);
	root = ckpt_to_json(&ckpt);
	ckpt_free(&ckpt);
	ck_assert_ptr_nonnull(root);
	return root;
}

/* Asserts that the totals A and B hold the same counts. */
static void
assert_totals_equal(const struct agg *a, const struct agg *b)
{
	json_t *left = agg_to_json(a), *right = agg_to_json(b);

	ck_assert_msg(json_equal(left, right), "the totals differ");
	json_decref(left);
	json_decref(right);
	ck_assert_uint_eq(a->lines, b->lines);
	ck_assert_uint_eq(a->selected_bytes, b->selected_bytes);
	ck_assert_uint_eq(agg_service_count(a, "api"), agg_service_count(b, "api"));
}

static void
assert_sink_equal(const struct ckpt_sink *a, const struct ckpt_sink *b)
{
	if (a->path == NULL)
		ck_assert_ptr_null(b->path);
	else
		ck_assert_str_eq(a->path, b->path);
	ck_assert_int_eq(a->has_identity, b->has_identity);
	ck_assert_uint_eq(a->device, b->device);
	ck_assert_uint_eq(a->inode, b->inode);
	ck_assert_uint_eq(a->committed, b->committed);
}

/* Asserts that segment B, as decoded, is segment A: every field the
 * checkpoint keeps. */
static void
assert_segment_equal(const struct segment *a, const struct segment *b)
{
	ck_assert_str_eq(a->name, b->name);
	ck_assert_uint_eq(a->id.device, b->id.device);
	ck_assert_uint_eq(a->id.inode, b->id.inode);
	ck_assert_uint_eq(a->id.fingerprint, b->id.fingerprint);
	ck_assert_uint_eq(a->id.fingerprint_bytes, b->id.fingerprint_bytes);
	ck_assert_int_eq(a->state, b->state);
	ck_assert_uint_eq(a->size, b->size);
	ck_assert_uint_eq(a->offset, b->offset);
	ck_assert_uint_eq(a->lines, b->lines);
	ck_assert_uint_eq(a->lost_bytes, b->lost_bytes);
	ck_assert_int_eq(a->birth_ns, b->birth_ns);
	ck_assert_int_eq(a->unreadable, b->unreadable);
	ck_assert_int_eq(a->last_updated, b->last_updated);
	if (a->reason == NULL)
		ck_assert_ptr_null(b->reason);
	else
		ck_assert_str_eq(a->reason, b->reason);
	/* Decoded segments wait for a scan, and for bytes past the offset. */
	ck_assert_int_eq(b->present, 0);
	ck_assert_int_eq(b->worker, -1);
	ck_assert_uint_eq(b->stalled_size, b->offset);
}

/* Asserts that checkpoint B, as decoded, is A. */
static void
assert_ckpt_equal(const struct ckpt *a, const struct ckpt *b)
{
	size_t i;

	ck_assert_str_eq(a->logs_dir, b->logs_dir);
	ck_assert_str_eq(a->pattern, b->pattern);
	ck_assert_msg(json_equal(a->filter, b->filter), "the filters differ");
	assert_sink_equal(&a->output, &b->output);
	assert_sink_equal(&a->rejects, &b->rejects);
	assert_totals_equal(&a->totals, &b->totals);
	ck_assert_int_eq(a->updated, b->updated);
	ck_assert_uint_eq(a->segment_count, b->segment_count);
	for (i = 0; i < a->segment_count; i++)
		assert_segment_equal(a->segments[i], b->segments[i]);
}

/* Decodes ROOT, which must be valid, into CKPT (ckpt_init'ed). */
static void
decode(struct ckpt *ckpt, json_t *root)
{
	char *cause = NULL;

	ckpt_init(ckpt);
	ck_assert_msg(ckpt_from_json(ckpt, root, &cause) == 0,
	    "decoding failed: %s", cause);
}

/* Asserts that ROOT does not decode, with a cause that holds PART. */
static void
assert_rejected(json_t *root, const char *part)
{
	struct ckpt ckpt;
	char *cause = NULL;
	int result;

	ckpt_init(&ckpt);
	result = ckpt_from_json(&ckpt, root, &cause);
	ckpt_free(&ckpt);
	ck_assert_msg(result == -1, "accepted; expected a cause with '%s'", part);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, part) != NULL, "cause '%s' lacks '%s'", cause,
	    part);
	free(cause);
}

/* Every field survives encoding and decoding; with _i, the output and
 * rejects files too (without, they are null). */
START_TEST(test_round_trip)
{
	struct ckpt original, decoded;
	json_t *root;

	ckpt_init(&original);
	fill_ckpt(&original, _i);
	root = ckpt_to_json(&original);
	ck_assert_ptr_nonnull(root);
	decode(&decoded, root);
	assert_ckpt_equal(&original, &decoded);
	ck_assert_int_eq(decoded.segments[0]->state, SEGMENT_COMPLETE);
	ck_assert_int_eq(decoded.segments[1]->state, SEGMENT_PENDING);
	ck_assert_int_eq(decoded.segments[2]->state, SEGMENT_FAILED);
	ck_assert_int_eq(json_is_null(json_object_get(root, "output")), !_i);
	ck_assert_int_eq(json_is_null(json_object_get(root, "rejects")), !_i);
	json_decref(root);
	ckpt_free(&decoded);
	ckpt_free(&original);
}
END_TEST

/* What the file says, as users and other tools read it: the version,
 * times in RFC 3339 UTC, fingerprints as 16 hex digits, the reason and
 * lost bytes only where there are some. */
START_TEST(test_encoding)
{
	json_t *root = good_json(1), *segments = json_object_get(root, "segments");
	json_t *complete = json_array_get(segments, 0);
	json_t *failed = json_array_get(segments, 2);

	ck_assert_int_eq(json_integer_value(json_object_get(root, "version")),
	    CKPT_VERSION);
	ck_assert_str_eq(json_string_value(json_object_get(root, "updated")),
	    UPDATED_TEXT);
	ck_assert_str_eq(json_string_value(json_object_get(root, "logs_dir")),
	    LOGS_DIR);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root,
	    "output"), "committed_bytes")), 5000);
	ck_assert_uint_eq(json_array_size(segments), SEGMENTS);
	ck_assert_str_eq(json_string_value(json_object_get(complete, "segment")),
	    "app.log.20260102-031240");
	ck_assert_str_eq(json_string_value(json_object_get(complete,
	    "fingerprint")), "0123456789abcdef");
	ck_assert_str_eq(json_string_value(json_object_get(complete, "state")),
	    "complete");
	ck_assert_str_eq(json_string_value(json_object_get(complete,
	    "last_updated")), "2026-01-02T03:11:40Z");
	ck_assert_ptr_null(json_object_get(complete, "reason"));
	ck_assert_ptr_null(json_object_get(complete, "lost_bytes"));
	ck_assert_str_eq(json_string_value(json_object_get(failed, "fingerprint")),
	    "00000000000000ff");
	ck_assert_str_eq(json_string_value(json_object_get(failed, "state")),
	    "failed");
	ck_assert_str_eq(json_string_value(json_object_get(failed, "reason")),
	    "deleted before it was read to the end");
	ck_assert_int_eq(json_integer_value(json_object_get(failed,
	    "lost_bytes")), 77);
	ck_assert_str_eq(json_string_value(json_object_get(failed,
	    "last_updated")), "1970-01-01T00:00:01Z");
	json_decref(root);
}
END_TEST

/* Returns the names of OBJECT's members, in order, joined by spaces. */
static char *
member_names(json_t *object)
{
	char *names = xstrdup(""), *longer;
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value) {
		xasprintf(&longer, "%s%s%s", names, names[0] != '\0' ? " " : "",
		    key);
		free(names);
		names = longer;
	}
	return names;
}

/* A sink is written with its path, its identity if known, and its
 * committed length last (where scripts read it). */
START_TEST(test_sink_encoding)
{
	json_t *root = good_json(1), *output = json_object_get(root, "output");
	char *names;

	names = member_names(output);
	ck_assert_str_eq(names, "path device inode committed_bytes");
	free(names);
	ck_assert_str_eq(json_string_value(json_object_get(output, "path")),
	    "/srv/out/selected.ndjson");
	ck_assert_uint_eq((uint64_t)json_integer_value(json_object_get(output,
	    "device")), (UINT64_C(1) << 63) + 2049);
	ck_assert_int_eq(json_integer_value(json_object_get(output, "inode")),
	    4242);
	names = member_names(json_object_get(root, "rejects"));
	ck_assert_str_eq(names, "path committed_bytes");
	free(names);
	json_decref(root);
}
END_TEST

/* A sink as an older logproc wrote it, without device and inode and
 * with a relative path, still loads, without an identity: the engine
 * decides what it is worth. */
START_TEST(test_sink_legacy)
{
	json_t *root = good_json(1);
	struct ckpt ckpt;

	json_object_set_new(root, "output", json_pack("{s:s, s:i}", "path",
	    "out.ndjson", "committed_bytes", 77));
	decode(&ckpt, root);
	ck_assert_str_eq(ckpt.output.path, "out.ndjson");
	ck_assert_int_eq(ckpt.output.has_identity, 0);
	ck_assert_uint_eq(ckpt.output.committed, 77);
	ck_assert_int_eq(ckpt.rejects.has_identity, 0);
	json_decref(root);
	ckpt_free(&ckpt);
}
END_TEST

/* An empty checkpoint (no segment, nothing counted) round trips. */
START_TEST(test_round_trip_empty)
{
	struct ckpt original, decoded;
	json_t *root;

	ckpt_init(&original);
	original.logs_dir = xstrdup("/");
	original.pattern = xstrdup("x");
	original.filter = json_object();
	root = ckpt_to_json(&original);
	decode(&decoded, root);
	assert_ckpt_equal(&original, &decoded);
	ck_assert_uint_eq(decoded.segment_count, 0);
	json_decref(root);
	ckpt_free(&decoded);
	ckpt_free(&original);
}
END_TEST

/* A segment a worker held when the checkpoint was taken is pending again:
 * no worker holds it in the next run. */
START_TEST(test_processing_is_pending)
{
	json_t *root = good_json(0);
	struct ckpt ckpt;

	json_object_set_new(json_array_get(json_object_get(root, "segments"), 1),
	    "state", json_string("processing"));
	decode(&ckpt, root);
	ck_assert_int_eq(ckpt.segments[1]->state, SEGMENT_PENDING);
	ck_assert_uint_eq(ckpt.segments[1]->offset, 250);
	json_decref(root);
	ckpt_free(&ckpt);
}
END_TEST

/* Segments without identity (failed and forgotten files, inode 0) may
 * repeat, as may names (a file missing from the last scan keeps its old
 * name), and so may an inode on another device. */
START_TEST(test_repeats_allowed)
{
	struct ckpt original, decoded;
	struct segment *segment;
	json_t *root;

	ckpt_init(&original);
	fill_ckpt(&original, 0);
	segment = add_segment(&original, "app.log.20260101-000000", 0, 0, 1, 3);
	segment_fail(segment, "truncated or replaced before it was read to the end");
	add_segment(&original, PATTERN, 2050, 1002, 2, 3);
	root = ckpt_to_json(&original);
	decode(&decoded, root);
	assert_ckpt_equal(&original, &decoded);
	json_decref(root);
	ckpt_free(&decoded);
	ckpt_free(&original);
}
END_TEST

/* The limits accepted: offset equal to size, as many lines as bytes, a
 * fingerprint of SEGMENT_FINGERPRINT_MAX bytes, upper-case hex digits,
 * a time with an offset from UTC. */
START_TEST(test_limits_accepted)
{
	json_t *root = good_json(0);
	json_t *segment = json_array_get(json_object_get(root, "segments"), 1);
	struct ckpt ckpt;

	json_object_set_new(segment, "offset", json_integer(300));
	json_object_set_new(segment, "lines_processed", json_integer(300));
	json_object_set_new(segment, "fingerprint_bytes",
	    json_integer(SEGMENT_FINGERPRINT_MAX));
	json_object_set_new(segment, "fingerprint", json_string("FEDCBA9876543210"));
	json_object_set_new(root, "updated",
	    json_string("2026-01-02T05:12:40+02:00"));
	decode(&ckpt, root);
	ck_assert_uint_eq(ckpt.segments[1]->offset, 300);
	ck_assert_uint_eq(ckpt.segments[1]->lines, 300);
	ck_assert_uint_eq(ckpt.segments[1]->id.fingerprint,
	    UINT64_C(0xfedcba9876543210));
	ck_assert_int_eq(ckpt.updated, UPDATED);
	json_decref(root);
	ckpt_free(&ckpt);
}
END_TEST

/* One damage to an otherwise valid checkpoint: member KEY of the root
 * (SEGMENT < 0) or of segments[SEGMENT] gets VALUE (JSON text), or is
 * removed (VALUE NULL). The cause must hold CAUSE. */
struct damage {
	int segment;
	const char *key;
	const char *value;
	const char *cause;
};

static const struct damage damages[] = {
	{ -1, "version", "2", "version 1" },
	{ -1, "version", "\"1\"", "version 1" },
	{ -1, "version", "1.0", "version 1" },
	{ -1, "version", NULL, "version 1" },
	{ -1, "updated", "\"yesterday\"", "checkpoint.updated" },
	{ -1, "updated", "\"2026-01-02 03:12:40Z\"", "checkpoint.updated" },
	{ -1, "updated", "\"2026-02-30T00:00:00Z\"", "checkpoint.updated" },
	{ -1, "updated", "\"2026-01-02T03:12:40\"", "checkpoint.updated" },
	{ -1, "updated", "1767323560", "checkpoint.updated" },
	{ -1, "updated", NULL, "checkpoint.updated" },
	{ -1, "logs_dir", NULL, "checkpoint.logs_dir" },
	{ -1, "logs_dir", "[]", "checkpoint.logs_dir" },
	{ -1, "pattern", "5", "checkpoint.pattern" },
	{ -1, "filter", NULL, "filter" },
	{ -1, "filter", "\"all\"", "filter" },
	{ -1, "output", NULL, "output" },
	{ -1, "output", "\"out.ndjson\"", "output" },
	{ -1, "output", "{\"path\": \"o\"}", "output.committed_bytes" },
	{ -1, "output", "{\"path\": \"o\", \"committed_bytes\": -1}",
	    "output.committed_bytes" },
	{ -1, "output", "{\"path\": \"o\", \"committed_bytes\": \"9\"}",
	    "output.committed_bytes" },
	{ -1, "output", "{\"path\": 7, \"committed_bytes\": 9}", "output.path" },
	{ -1, "rejects", NULL, "rejects" },
	{ -1, "rejects", "{\"committed_bytes\": 9}", "rejects.path" },
	/* An identity is of a file at an absolute path, device and inode
	 * both. */
	{ -1, "output", "{\"path\": \"o\", \"device\": 1, \"inode\": 2, "
	    "\"committed_bytes\": 9}", "output.path: not an absolute path" },
	{ -1, "output", "{\"path\": \"-\", \"device\": 1, \"inode\": 2, "
	    "\"committed_bytes\": 9}", "output.path: not an absolute path" },
	{ -1, "output", "{\"path\": \"/o\", \"device\": 1, "
	    "\"committed_bytes\": 9}", "output.inode" },
	{ -1, "output", "{\"path\": \"/o\", \"inode\": 2, "
	    "\"committed_bytes\": 9}", "output.device" },
	{ -1, "rejects", "{\"path\": \"/o\", \"device\": \"1\", \"inode\": 2, "
	    "\"committed_bytes\": 9}", "rejects.device" },
	{ -1, "rejects", "{\"path\": \"/o\", \"device\": 1, \"inode\": null, "
	    "\"committed_bytes\": 9}", "rejects.inode" },
	{ -1, "totals", NULL, "totals" },
	{ -1, "totals", "{\"lines\": \"52\"}", "totals.lines" },
	{ -1, "segments", NULL, "segments" },
	{ -1, "segments", "{}", "segments" },
	{ -1, "segments", "[3]", "segments[0]" },
	{ 0, "segment", NULL, "segments[0].segment" },
	{ 0, "segment", "42", "segments[0].segment" },
	{ 0, "segment", "\"../app.log\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log/../../etc/passwd\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log.1/x\"", "segments[0].segment" },
	{ 0, "segment", "\"/var/log/app/app.log\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log.\\u001b[2J\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log.1\\n\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log.\\u007f\"", "segments[0].segment" },
	{ 0, "segment", "\"other.log\"", "segments[0].segment" },
	{ 0, "segment", "\"app.logx\"", "segments[0].segment" },
	{ 0, "segment", "\"app.log.\"", "segments[0].segment" },
	{ 0, "segment", "\"\"", "segments[0].segment" },
	{ 1, "offset", "301", "segments[1].offset" },
	{ 1, "offset", "-5", "segments[1].offset" },
	{ 1, "offset", "\"250\"", "segments[1].offset" },
	{ 1, "offset", "250.0", "segments[1].offset" },
	{ 1, "offset", NULL, "segments[1].offset" },
	{ 1, "lines_processed", "251", "segments[1].lines_processed" },
	{ 1, "lines_processed", "-1", "segments[1].lines_processed" },
	{ 1, "lines_processed", "\"3\"", "segments[1].lines_processed" },
	{ 1, "lines_processed", NULL, "segments[1].lines_processed" },
	{ 1, "size", "-300", "segments[1].size" },
	{ 1, "size", "\"300\"", "segments[1].size" },
	{ 1, "size", "true", "segments[1].size" },
	{ 1, "size", NULL, "segments[1].size" },
	{ 1, "device", "2049.0", "segments[1].device" },
	{ 1, "device", "\"2049\"", "segments[1].device" },
	{ 1, "device", "true", "segments[1].device" },
	{ 1, "device", NULL, "segments[1].device" },
	{ 1, "inode", "[1002]", "segments[1].inode" },
	{ 1, "inode", "null", "segments[1].inode" },
	{ 1, "inode", NULL, "segments[1].inode" },
	{ 2, "lost_bytes", "-77", "segments[2].lost_bytes" },
	{ 2, "lost_bytes", "\"77\"", "segments[2].lost_bytes" },
	{ 2, "reason", "5", "segments[2].reason" },
	{ 2, "birth_ns", "-1", "segments[2].birth_ns" },
	{ 2, "birth_ns", "\"1\"", "segments[2].birth_ns" },
	{ 2, "unreadable", "1", "segments[2].unreadable" },
	{ 1, "fingerprint", "\"fedcba987654321\"", "segments[1].fingerprint" },
	{ 1, "fingerprint", "\"fedcba98765432100\"", "segments[1].fingerprint" },
	{ 1, "fingerprint", "\"fedcba987654321g\"", "segments[1].fingerprint" },
	{ 1, "fingerprint", "\"\"", "segments[1].fingerprint" },
	{ 1, "fingerprint", "1234567890123456", "segments[1].fingerprint" },
	{ 1, "fingerprint", NULL, "segments[1].fingerprint" },
	{ 1, "fingerprint_bytes", "257", "segments[1].fingerprint_bytes" },
	{ 1, "fingerprint_bytes", "-1", "segments[1].fingerprint_bytes" },
	{ 1, "fingerprint_bytes", "\"100\"", "segments[1].fingerprint_bytes" },
	{ 1, "fingerprint_bytes", NULL, "segments[1].fingerprint_bytes" },
	{ 1, "state", "\"running\"", "segments[1].state" },
	{ 1, "state", "\"Pending\"", "segments[1].state" },
	{ 1, "state", "0", "segments[1].state" },
	{ 1, "state", NULL, "segments[1].state" },
	{ 1, "last_updated", "\"never\"", "segments[1].last_updated" },
	{ 1, "last_updated", "0", "segments[1].last_updated" },
	{ 1, "last_updated", NULL, "segments[1].last_updated" },
	/* segments[0] is on device 2049, inode 1001 too. */
	{ 1, "inode", "1001", "the same file as segments[0]" },
};

#define DAMAGES (int)(sizeof damages / sizeof damages[0])

/* Applies DAMAGE to ROOT. */
static void
apply_damage(json_t *root, const struct damage *damage)
{
	json_t *object = root, *value;
	json_error_t error;

	if (damage->segment >= 0)
		object = json_array_get(json_object_get(root, "segments"),
		    (size_t)damage->segment);
	ck_assert_ptr_nonnull(object);
	if (damage->value == NULL) {
		ck_assert_int_eq(json_object_del(object, damage->key), 0);
		return;
	}
	value = json_loads(damage->value, JSON_DECODE_ANY, &error);
	ck_assert_msg(value != NULL, "bad test value %s", damage->value);
	json_object_set_new(object, damage->key, value);
}

/* Each damage alone is rejected, with a cause naming the field. */
START_TEST(test_damaged)
{
	const struct damage *damage = &damages[_i];
	json_t *root = good_json(1);

	apply_damage(root, damage);
	assert_rejected(root, damage->cause);
	json_decref(root);
}
END_TEST

/* Not an object at all. */
START_TEST(test_not_object)
{
	json_t *values[] = { json_array(), json_string("checkpoint"),
	    json_integer(CKPT_VERSION), json_null() };
	size_t i;

	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		assert_rejected(values[i], "version 1");
		json_decref(values[i]);
	}
}
END_TEST

/* A fingerprint is exactly 16 hex digits. A regression test: strtoull
 * alone also takes leading blanks, a sign and a "0x" prefix, so these
 * 16-character strings were accepted ("-" even yields another number). */
START_TEST(test_fingerprint_not_hex)
{
	static const char *const bad[] = {
		"-00000000000001f", "+00000000000001f", "0x0000000000001f",
		" 00000000000001f", "\t00000000000001f", "0X0123456789abcd"
	};
	json_t *root;

	ck_assert_uint_eq(strlen(bad[_i]), 16);
	root = good_json(0);
	json_object_set_new(json_array_get(json_object_get(root, "segments"), 0),
	    "fingerprint", json_string(bad[_i]));
	assert_rejected(root, "segments[0].fingerprint");
	json_decref(root);
}
END_TEST

/* Device and inode numbers keep all 64 bits. A regression test: the
 * encoder wrote those above INT64_MAX (inode numbers of NFS, or of
 * overlayfs with xino, have high bits set) as negative numbers, which the
 * decoder refused: the engine wrote a checkpoint no run could load. */
START_TEST(test_identity_high_bits)
{
	struct ckpt original, decoded;
	char *cause = NULL;
	json_t *root;
	int result;

	ckpt_init(&original);
	fill_ckpt(&original, 0);
	original.segments[0]->id.inode = UINT64_MAX - 5;
	original.segments[1]->id.device = (UINT64_C(1) << 63) + 3;
	root = ckpt_to_json(&original);
	ckpt_init(&decoded);
	result = ckpt_from_json(&decoded, root, &cause);
	ck_assert_msg(result == 0, "a checkpoint the encoder wrote was refused: %s",
	    cause);
	assert_ckpt_equal(&original, &decoded);
	ckpt_free(&decoded);
	json_decref(root);
	ckpt_free(&original);
}
END_TEST

/* Names are bytes, JSON strings are UTF-8. A regression test: a segment
 * whose name was not UTF-8 made json_pack fail and was silently left out
 * of the checkpoint, so the next run read the file again from the start
 * (see check_engine.c, test_name_not_utf8). Now ckpt_name_valid refuses
 * such a name (the scanner skips the file), and ckpt_to_json returns NULL
 * rather than drop a segment; a name in UTF-8 round trips. */
START_TEST(test_segment_name_not_utf8)
{
	static const char *const names[] = {
		"app.log.\xff", "app.log.caf\xe9", "app.log.\xc3"
	};
	struct ckpt original;

	ckpt_init(&original);
	fill_ckpt(&original, 0);
	ck_assert_int_eq(ckpt_name_valid(names[_i], PATTERN), 0);
	segment_rename(original.segments[0], names[_i]);
	ck_assert_ptr_null(ckpt_to_json(&original));
	ckpt_free(&original);
}
END_TEST

START_TEST(test_segment_name_utf8)
{
	struct ckpt original, decoded;
	json_t *root;

	ckpt_init(&original);
	fill_ckpt(&original, 0);
	segment_rename(original.segments[0], "app.log.caf\xc3\xa9-\xe2\x82\xac");
	root = ckpt_to_json(&original);
	ck_assert_ptr_nonnull(root);
	decode(&decoded, root);
	assert_ckpt_equal(&original, &decoded);
	json_decref(root);
	ckpt_free(&decoded);
	ckpt_free(&original);
}
END_TEST

/* A log directory (or pattern, or output path) that is not UTF-8 cannot
 * be written either: ckpt_write returns -1 with a cause naming the offsets
 * directory. A regression test: ckpt_to_json returned NULL and ckpt_write
 * called strlen(NULL), crashing the committer thread at the first
 * checkpoint of logproc run --logs-dir /tmp/caf$'\xe9'. */
START_TEST(test_write_not_utf8)
{
	static const char *const dirs[] = { "/tmp/caf\xe9", "/tmp/\xff" };
	struct ckpt ckpt;
	char *cause = NULL, *path;

	make_dir();
	ckpt_init(&ckpt);
	fill_ckpt(&ckpt, 0);
	free(ckpt.logs_dir);
	ckpt.logs_dir = xstrdup(dirs[_i]);
	ck_assert_int_eq(ckpt_write(&ckpt, tempdir, &cause), -1);
	ck_assert_msg(strstr(cause, tempdir) != NULL, "cause: %s", cause);
	ck_assert_msg(strstr(cause, "UTF-8") != NULL, "cause: %s", cause);
	path = ckpt_path(tempdir);
	ck_assert_int_ne(access(path, F_OK), 0);
	free(path);
	free(cause);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* ckpt_load finds nothing (0) until ckpt_write stores a checkpoint, which
 * it then reads back whole (1); a second write replaces the first and
 * leaves no temporary file. */
START_TEST(test_write_load)
{
	struct ckpt original, loaded;
	char *cause = NULL;

	make_dir();
	ckpt_init(&loaded);
	ck_assert_int_eq(ckpt_load(&loaded, tempdir, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(loaded.segment_count, 0);
	ck_assert_ptr_null(loaded.logs_dir);
	ckpt_init(&original);
	fill_ckpt(&original, _i);
	original.segments[1]->offset = 10;
	ck_assert_msg(ckpt_write(&original, tempdir, &cause) == 0,
	    "write: %s", cause);
	original.segments[1]->offset = 250;
	ck_assert_msg(ckpt_write(&original, tempdir, &cause) == 0,
	    "write: %s", cause);
	ck_assert_msg(ckpt_load(&loaded, tempdir, &cause) == 1, "load: %s",
	    cause);
	assert_ckpt_equal(&original, &loaded);
	assert_only_file(CKPT_FILE);
	ckpt_free(&loaded);
	ckpt_free(&original);
	remove_dir();
}
END_TEST

START_TEST(test_path)
{
	char *path = ckpt_path("offsets");

	ck_assert_str_eq(path, "offsets/checkpoint.json");
	free(path);
}
END_TEST

START_TEST(test_write_missing_dir)
{
	struct ckpt ckpt;
	char *cause = NULL, *dir;

	make_dir();
	dir = temp_file("missing");
	ckpt_init(&ckpt);
	fill_ckpt(&ckpt, 0);
	ck_assert_int_eq(ckpt_write(&ckpt, dir, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, dir));
	free(cause);
	free(dir);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Asserts that ckpt_load fails on checkpoint file TEXT with a cause that
 * names the file and holds PART. */
static void
assert_load_fails(const char *text, const char *part)
{
	struct ckpt ckpt;
	char *cause = NULL, *path = ckpt_path(tempdir);

	write_file(CKPT_FILE, text);
	ckpt_init(&ckpt);
	ck_assert_int_eq(ckpt_load(&ckpt, tempdir, &cause), -1);
	ckpt_free(&ckpt);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, path) != NULL, "cause '%s' lacks the path",
	    cause);
	ck_assert_msg(strstr(cause, part) != NULL, "cause '%s' lacks '%s'", cause,
	    part);
	free(cause);
	free(path);
}

/* A checkpoint cut short (at several points), empty, with a duplicate key
 * or a damaged field: ckpt_load fails and names the file, and for a
 * damaged field the field. */
START_TEST(test_load_damaged)
{
	json_t *root = good_json(1);
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	size_t length = strlen(text), cut;
	char *duplicate;

	make_dir();
	for (cut = 1; cut < 8; cut++) {
		text[length * cut / 8] = '\0';
		assert_load_fails(text, "line");
		free(text);
		text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	}
	assert_load_fails("", "line");
	duplicate = strstr(text, "\"offset\"");
	ck_assert_ptr_nonnull(duplicate);
	memcpy(duplicate, "\"inode\" ", 8);
	assert_load_fails(text, "duplicate");
	json_object_set_new(json_array_get(json_object_get(root, "segments"), 1),
	    "offset", json_integer(301));
	free(text);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	assert_load_fails(text, "segments[1].offset");
	free(text);
	json_decref(root);
	remove_dir();
}
END_TEST

/* Runs CHILD(ARG, REPORT) in a child process, which sends the SIZE bytes
 * of REPORT back, and waits for it: for what must not touch the test's
 * own process (fcntl locks and resource limits are per process). */
static void
run_in_child(void (*child)(void *, void *), void *arg, void *report,
    size_t size)
{
	int pipe_fds[2], status;
	size_t done = 0;
	ssize_t got;
	pid_t pid;

	ck_assert_int_eq(pipe(pipe_fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pipe_fds[0]);
		memset(report, 0, size);
		child(arg, report);
		got = write(pipe_fds[1], report, size);
		_exit(got == (ssize_t)size ? 0 : 1);
	}
	close(pipe_fds[1]);
	while (done < size && (got = read(pipe_fds[0], (char *)report + done,
	    size - done)) > 0)
		done += (size_t)got;
	close(pipe_fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_uint_eq(done, size);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Returns the allocated contents of NAME in the test directory, with a
 * NUL after them; *LENGTH is their length. */
static char *
read_whole(const char *name, size_t *length)
{
	char *path = temp_file(name), *text;
	struct stat st;
	int fd = open(path, O_RDONLY);

	free(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	*length = (size_t)st.st_size;
	text = xmalloc(*length + 1);
	ck_assert_int_eq(read(fd, text, *length), (ssize_t)*length);
	text[*length] = '\0';
	close(fd);
	return text;
}

/* Segment names JSON must escape, or not ASCII; all valid names. */
static const char *const odd_names[] = {
	"app.log.\"quoted\"", "app.log.back\\slash", "app.log.\\\"\\\\\"",
	"app.log.caf\xc3\xa9-\xe2\x82\xac", "app.log.\xf0\x9f\x93\x9c {\"a\": [1]}",
	"app.log.20260101-000000"
};

/* Reasons with what JSON must escape: quotes, backslashes, newlines
 * (a raw newline in the file is only layout), tabs, other control
 * characters, and UTF-8. */
static const char *const odd_reasons[] = {
	"deleted: \"gone\"\n\tsee C:\\logs\\", "caf\xc3\xa9 \xe2\x82\xac\r\n",
	"", "read error: Input/output error",
	"control \x01\x1f\x7f\b\f end"
};

#define ODD_NAMES (sizeof odd_names / sizeof odd_names[0])
#define ODD_REASONS (sizeof odd_reasons / sizeof odd_reasons[0])

/* Appends COUNT segments to CKPT, every third failed with a reason and
 * lost bytes, with odd names, identities that use all 64 bits, and
 * every other field varied. */
static void
add_many(struct ckpt *ckpt, size_t count)
{
	struct segment *segment;
	char name[80];
	size_t i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof name, "%s-%zu", odd_names[i % ODD_NAMES], i);
		segment = add_segment(ckpt, name, i % 7 == 0 ? UINT64_MAX - i : 2049,
		    5000 + i, UINT64_C(0x9e3779b97f4a7c15) * (i + 1),
		    (uint32_t)(i % (SEGMENT_FINGERPRINT_MAX + 1)));
		segment->size = 1000 + i * 977;
		segment->offset = i % 2 == 0 ? segment->size : segment->size / 3;
		segment->lines = segment->offset / 100;
		segment->last_updated = UPDATED - (time_t)i * 61;
		if (i % 3 == 0)
			segment->state = SEGMENT_COMPLETE;
		if (i % 3 == 2) {
			segment_fail(segment, odd_reasons[i % ODD_REASONS]);
			segment->lost_bytes = segment->size - segment->offset;
		}
	}
}

/* Fills CKPT (ckpt_init'ed) as test case _I of the stream tests: 0 and
 * 1 fill_ckpt without and with sinks, 2 nothing at all, 3 many
 * segments. */
static void
fill_stream_case(struct ckpt *ckpt, int which)
{
	if (which == 2) {
		ckpt->logs_dir = xstrdup("/");
		ckpt->pattern = xstrdup("x");
		ckpt->filter = json_object();
		return;
	}
	fill_ckpt(ckpt, which != 0);
	if (which == 3)
		add_many(ckpt, MANY_SEGMENTS);
}

/* A segment that is the same file as any earlier one, however far back,
 * is rejected, naming that one; the same inode on another device is
 * another file, and segments given up on (no inode) may be many. */
START_TEST(test_duplicate_far)
{
	struct ckpt original, decoded;
	char *cause = NULL;
	json_t *root;
	int result;

	ckpt_init(&original);
	fill_ckpt(&original, 0);
	add_many(&original, MANY_SEGMENTS);
	add_segment(&original, PATTERN ".given-up", 0, 0, 1, 1);
	add_segment(&original, PATTERN ".other-device", 2050,
	    original.segments[900]->id.inode, 1, 1);
	root = ckpt_to_json(&original);
	ckpt_init(&decoded);
	result = ckpt_from_json(&decoded, root, &cause);
	ck_assert_msg(result == 0, "rejected: %s", cause != NULL ? cause : "");
	ckpt_free(&decoded);
	json_decref(root);
	add_segment(&original, PATTERN ".again", original.segments[517]->id.device,
	    original.segments[517]->id.inode, 1, 1);
	root = ckpt_to_json(&original);
	xasprintf(&cause, "segments[%zu]: the same file as segments[517]",
	    original.segment_count - 1);
	assert_rejected(root, cause);
	free(cause);
	json_decref(root);
	ckpt_free(&original);
}
END_TEST

/* Returns the text the checkpoint file must hold for CKPT: the whole
 * tree, dumped at once, as ckpt_write wrote it before it streamed. */
static char *
expected_text(const struct ckpt *ckpt)
{
	json_t *root = ckpt_to_json(ckpt);
	char *text;

	ck_assert_ptr_nonnull(root);
	text = json_dumps(root, DUMP_FLAGS);
	json_decref(root);
	return text;
}

/* Asserts that the test directory's checkpoint is EXPECTED, byte for
 * byte, naming the first byte that differs. */
static void
assert_file_is(const char *expected)
{
	size_t length, i;
	char *text = read_whole(CKPT_FILE, &length);

	for (i = 0; i < length && text[i] == expected[i]; i++)
		continue;
	ck_assert_msg(i == length && length == strlen(expected),
	    "the file differs from byte %zu: ...%.60s", i, text + i);
	free(text);
}

/* The streamed file is byte for byte the whole tree dumped at once:
 * indented one space a level, keys in their order, no segment lost or
 * doubled, for a checkpoint with no segment (the empty array), a few,
 * or many. Only its beginning is spelled out here: the layout people
 * and jq read. */
START_TEST(test_stream_layout)
{
	static const char begin[] = "{\n \"version\": 1,\n \"updated\": \"";
	struct ckpt ckpt;
	char *cause = NULL, *expected, *text;
	size_t length;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, _i);
	ck_assert_msg(ckpt_write(&ckpt, tempdir, &cause) == 0, "write: %s", cause);
	expected = expected_text(&ckpt);
	assert_file_is(expected);
	text = read_whole(CKPT_FILE, &length);
	ck_assert_msg(strncmp(text, begin, strlen(begin)) == 0,
	    "the file begins %.40s", text);
	if (ckpt.segment_count > 0)
		ck_assert_ptr_nonnull(strstr(text,
		    "\n \"segments\": [\n  {\n   \"segment\": \"app.log.20260102-031240\",\n"
		    "   \"offset\": 5000,\n"));
	else
		ck_assert_ptr_nonnull(strstr(text, "\n \"segments\": []\n}"));
	free(text);
	free(expected);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Many segments, with names and reasons that JSON must escape or that
 * are not ASCII, failed ones with reasons and lost bytes: ckpt_load
 * reads back what ckpt_write streamed, field by field, and Jansson alone
 * parses the file strictly (no duplicate key), as jq and other tools
 * would. */
START_TEST(test_stream_round_trip)
{
	struct ckpt original, loaded;
	char *cause = NULL, *path;
	json_error_t error;
	json_t *root;

	make_dir();
	ckpt_init(&original);
	fill_stream_case(&original, 3);
	ck_assert_msg(ckpt_write(&original, tempdir, &cause) == 0, "write: %s",
	    cause);
	ckpt_init(&loaded);
	ck_assert_msg(ckpt_load(&loaded, tempdir, &cause) == 1, "load: %s", cause);
	assert_ckpt_equal(&original, &loaded);
	ck_assert_str_eq(loaded.segments[SEGMENTS + 1]->name,
	    "app.log.back\\slash-1");
	ck_assert_str_eq(loaded.segments[SEGMENTS + 2]->reason, odd_reasons[2]);
	path = ckpt_path(tempdir);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &error);
	ck_assert_msg(root != NULL, "line %d: %s", error.line, error.text);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "segments")),
	    SEGMENTS + MANY_SEGMENTS);
	assert_only_file(CKPT_FILE);
	json_decref(root);
	free(path);
	ckpt_free(&loaded);
	ckpt_free(&original);
	remove_dir();
}
END_TEST

/* Writes the small checkpoint a failed write must leave in place into
 * the test directory; returns its allocated text (*LENGTH bytes). */
static char *
write_old(size_t *length)
{
	struct ckpt old;
	char *cause = NULL;

	ckpt_init(&old);
	fill_ckpt(&old, 0);
	ck_assert_msg(ckpt_write(&old, tempdir, &cause) == 0, "write: %s", cause);
	ckpt_free(&old);
	return read_whole(CKPT_FILE, length);
}

/* Asserts that the test directory holds the checkpoint OLD (LENGTH
 * bytes), byte for byte, and no temporary file. */
static void
assert_old_kept(const char *old, size_t length)
{
	size_t now_length;
	char *now = read_whole(CKPT_FILE, &now_length);

	ck_assert_uint_eq(now_length, length);
	ck_assert_msg(memcmp(now, old, length) == 0, "checkpoint.json changed");
	free(now);
	assert_only_file(CKPT_FILE);
}

/* What a child process reports of its ckpt_write attempt. */
struct write_attempt {
	int result;
	char cause[CAUSE_MAX];
};

/* What a child process writes, and how far its files may grow. */
struct write_job {
	const struct ckpt *ckpt;
	rlim_t limit;
};

static rlim_t hard_file_size;	/* the child's hard RLIMIT_FSIZE */

/* Lifts the file size limit when a write has hit it (the kernel sends
 * SIGXFSZ with that write's EFBIG), so that the failure is transient,
 * as an I/O error or a full disk can be: the writes that follow
 * succeed, and must not hide it. */
static void
lift_limit(int sig)
{
	struct rlimit limit = { hard_file_size, hard_file_size };
	int saved_errno = errno;

	(void)sig;
	setrlimit(RLIMIT_FSIZE, &limit);
	errno = saved_errno;
}

/* Writes the checkpoint with files limited to the job's size: the first
 * write past it fails with EFBIG; the next ones would succeed. */
static void
write_child(void *arg, void *report)
{
	const struct write_job *job = arg;
	struct write_attempt *attempt = report;
	struct rlimit limit;
	char *cause = NULL;

	signal(SIGXFSZ, lift_limit);
	getrlimit(RLIMIT_FSIZE, &limit);
	hard_file_size = limit.rlim_max;
	limit.rlim_cur = job->limit;
	if (setrlimit(RLIMIT_FSIZE, &limit) != 0) {
		attempt->result = -2;
		snprintf(attempt->cause, sizeof attempt->cause, "rlimit: %s",
		    strerror(errno));
		return;
	}
	attempt->result = ckpt_write(job->ckpt, tempdir, &cause);
	if (cause != NULL)
		snprintf(attempt->cause, sizeof attempt->cause, "%s", cause);
	free(cause);
}

/* One write fails, at the first buffer, in the middle of the segments,
 * or at the very last byte: ckpt_write fails naming the temporary file
 * and the error, and leaves the old checkpoint.json byte for byte, with
 * no temporary file: never a torn checkpoint, even though the writes
 * after the failed one succeed. */
START_TEST(test_stream_write_fails)
{
	struct write_attempt attempt;
	struct write_job job;
	struct ckpt ckpt;
	char *old, *full, *temp, error[128];
	size_t old_length;

	make_dir();
	old = write_old(&old_length);
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	full = expected_text(&ckpt);
	ck_assert_uint_gt(strlen(full), 4 * 65536);
	job.ckpt = &ckpt;
	job.limit = _i == 0 ? 1000 : _i == 1 ? strlen(full) / 2 : strlen(full) - 1;
	run_in_child(write_child, &job, &attempt, sizeof attempt);
	ck_assert_msg(attempt.result == -1, "result %d: %s", attempt.result,
	    attempt.cause);
	temp = temp_file(CKPT_FILE ".tmp");
	snprintf(error, sizeof error, "%s: %s", temp, strerror(EFBIG));
	ck_assert_str_eq(attempt.cause, error);
	assert_old_kept(old, old_length);
	free(temp);
	free(full);
	free(old);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* A directory where the temporary file goes: ckpt_write fails naming
 * it, and the old checkpoint stays. */
START_TEST(test_stream_temp_blocked)
{
	struct ckpt ckpt;
	char *old, *temp, *cause = NULL;
	size_t old_length;

	make_dir();
	old = write_old(&old_length);
	temp = temp_file(CKPT_FILE ".tmp");
	ck_assert_int_eq(mkdir(temp, 0755), 0);
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	ck_assert_int_eq(ckpt_write(&ckpt, tempdir, &cause), -1);
	ck_assert_msg(strncmp(cause, temp, strlen(temp)) == 0 &&
	    strncmp(cause + strlen(temp), ": ", 2) == 0, "cause: %s", cause);
	ck_assert_int_eq(rmdir(temp), 0);
	assert_old_kept(old, old_length);
	free(cause);
	free(temp);
	free(old);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* A segment name that is not UTF-8, in the first segment or in the last
 * (_i), found after much of the file is written: ckpt_write fails as it
 * always did, naming the offsets directory, removes its temporary file
 * and leaves the old checkpoint as it was. */
START_TEST(test_stream_not_utf8)
{
	struct ckpt ckpt;
	char *old, *cause = NULL;
	size_t old_length;

	make_dir();
	old = write_old(&old_length);
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	segment_rename(ckpt.segments[_i == 0 ? 0 : ckpt.segment_count - 1],
	    "app.log.caf\xe9");
	ck_assert_int_eq(ckpt_write(&ckpt, tempdir, &cause), -1);
	ck_assert_msg(strstr(cause, tempdir) != NULL, "cause: %s", cause);
	ck_assert_msg(strstr(cause, "UTF-8") != NULL, "cause: %s", cause);
	assert_old_kept(old, old_length);
	free(cause);
	free(old);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Writes CKPT with CACHE into the test directory and asserts that the
 * file is byte for byte what a fresh encoding of CKPT gives. */
static void
assert_cached_write(const struct ckpt *ckpt, struct ckpt_cache *cache)
{
	char *cause = NULL, *expected;

	ck_assert_msg(ckpt_write_cached(ckpt, cache, tempdir, &cause) == 0,
	    "write: %s", cause);
	expected = expected_text(ckpt);
	assert_file_is(expected);
	free(expected);
}

/* What may change in a segment between two writes: each field that
 * segment_to_json writes, alone, then a failure (state and reason). */
enum field_change {
	CHANGE_NAME, CHANGE_DEVICE, CHANGE_INODE, CHANGE_FINGERPRINT,
	CHANGE_FINGERPRINT_BYTES, CHANGE_STATE, CHANGE_SIZE, CHANGE_OFFSET,
	CHANGE_LINES, CHANGE_LOST_BYTES, CHANGE_LAST_UPDATED,
	CHANGE_REASON_APPEARS, CHANGE_REASON_EMPTY, CHANGE_REASON_TEXT,
	CHANGE_REASON_GONE, CHANGE_FAILED, FIELD_CHANGES
};

/* Changes the reason of SEGMENT as CHANGE says; returns 0 if CHANGE
 * does not apply (a reason to add that is there, or one to change that
 * is not). */
static int
change_reason(struct segment *segment, int change)
{
	char *reason;

	if ((segment->reason == NULL) != (change == CHANGE_REASON_APPEARS ||
	    change == CHANGE_REASON_EMPTY))
		return 0;
	if (change == CHANGE_REASON_TEXT)
		xasprintf(&reason, "%s!", segment->reason);
	else if (change == CHANGE_REASON_GONE)
		reason = NULL;
	else
		reason = xstrdup(change == CHANGE_REASON_EMPTY ? "" : "vanished");
	free(segment->reason);
	segment->reason = reason;
	return 1;
}

/* Applies CHANGE (enum field_change) to SEGMENT; returns 0 if it does
 * not apply to it. */
static int
change_field(struct segment *segment, int change)
{
	char name[128];

	switch (change) {
	case CHANGE_NAME:
		snprintf(name, sizeof name, "%s.renamed", segment->name);
		segment_rename(segment, name);
		break;
	case CHANGE_DEVICE:
		segment->id.device ^= 1;
		break;
	case CHANGE_INODE:
		segment->id.inode ^= 1;
		break;
	case CHANGE_FINGERPRINT:
		segment->id.fingerprint ^= 1;
		break;
	case CHANGE_FINGERPRINT_BYTES:
		segment->id.fingerprint_bytes ^= 1;
		break;
	case CHANGE_STATE:
		segment->state = segment->state == SEGMENT_PROCESSING ?
		    SEGMENT_PENDING : SEGMENT_PROCESSING;
		break;
	case CHANGE_SIZE:
		segment->size++;
		break;
	case CHANGE_OFFSET:
		segment->offset++;
		break;
	case CHANGE_LINES:
		segment->lines++;
		break;
	case CHANGE_LOST_BYTES:
		segment->lost_bytes ^= 1;
		break;
	case CHANGE_LAST_UPDATED:
		segment->last_updated++;
		break;
	case CHANGE_FAILED:
		if (segment->state == SEGMENT_FAILED)
			return 0;
		segment_fail(segment, "deleted before it was read to the end");
		break;
	default:
		return change_reason(segment, change);
	}
	return 1;
}

/* Between two writes with a cache, one field (_i, enum field_change)
 * of every seventh segment changes: the second write is byte for byte a
 * fresh encoding, so the cache compares every field it encodes, and a
 * reason that appears or goes (NULL, "" and text told apart). */
START_TEST(test_cache_field)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	struct ckpt ckpt;
	size_t i, changed = 0;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	assert_cached_write(&ckpt, cache);
	for (i = 0; i < ckpt.segment_count; i += 7)
		changed += (size_t)change_field(ckpt.segments[i], _i);
	ck_assert_uint_gt(changed, 10);
	assert_cached_write(&ckpt, cache);
	ckpt_cache_free(cache);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Removes the segment at INDEX from CKPT, as the engine's table does. */
static void
remove_segment(struct ckpt *ckpt, size_t index)
{
	segment_free(ckpt->segments[index]);
	memmove(ckpt->segments + index, ckpt->segments + index + 1,
	    (ckpt->segment_count - index - 1) * sizeof *ckpt->segments);
	ckpt->segment_count--;
}

/* Moves the segment at FROM of CKPT to TO, shifting those between. */
static void
move_segment(struct ckpt *ckpt, size_t from, size_t to)
{
	struct segment *segment = ckpt->segments[from];

	if (from < to)
		memmove(ckpt->segments + from, ckpt->segments + from + 1,
		    (to - from) * sizeof *ckpt->segments);
	else
		memmove(ckpt->segments + to + 1, ckpt->segments + to,
		    (from - to) * sizeof *ckpt->segments);
	ckpt->segments[to] = segment;
}

/* Appends COUNT new segments to CKPT, named after ROUND. */
static void
append_segments(struct ckpt *ckpt, int round, size_t count)
{
	struct segment *segment;
	char name[64];
	size_t i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof name, PATTERN ".new-%d-%zu", round, i);
		segment = add_segment(ckpt, name, 2049, 90000 + i, i + 1, 100);
		segment->size = 1000 * (i + 1);
		segment->offset = 10 * i;
	}
}

/* Between writes with a cache, the table changes as the engine's does
 * and more: segments removed (the first, one alone, more at once than
 * the cache looks ahead, the last), appended, reordered, read (their
 * offset moves) and renamed. Every write is byte for byte a fresh
 * encoding, and so is one after nothing changed. */
START_TEST(test_cache_table)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	struct ckpt ckpt;
	size_t i;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	assert_cached_write(&ckpt, cache);
	remove_segment(&ckpt, 0);
	remove_segment(&ckpt, 100);
	for (i = 0; i < 80; i++)
		remove_segment(&ckpt, 200);
	remove_segment(&ckpt, ckpt.segment_count - 1);
	ckpt.segments[150]->offset++;
	ckpt.segments[199]->offset++;
	ckpt.segments[200]->offset++;
	append_segments(&ckpt, 1, 3);
	assert_cached_write(&ckpt, cache);
	move_segment(&ckpt, 0, ckpt.segment_count - 1);
	move_segment(&ckpt, 500, 10);
	for (i = 0; i < 20; i++)
		move_segment(&ckpt, 300 + i, 300);
	segment_rename(ckpt.segments[600], PATTERN ".moved");
	append_segments(&ckpt, 2, 2);
	assert_cached_write(&ckpt, cache);
	assert_cached_write(&ckpt, cache);
	while (ckpt.segment_count > 1)
		remove_segment(&ckpt, 1);
	assert_cached_write(&ckpt, cache);
	append_segments(&ckpt, 3, 40);
	assert_cached_write(&ckpt, cache);
	ckpt_cache_free(cache);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Told which segments alone changed since the last write
 * (ckpt_cache_expect), a write with the cache restages those only: each
 * field change, in segments told of, shows in the file; told of none,
 * nothing is restaged (a change not told of is the caller's error, and
 * does not show: the told path is taken). Told of a segment that is not
 * at its place in the table (the table was not the one staged last),
 * the write stages the whole table again, and the file is still right. */
START_TEST(test_cache_told)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	struct segment *changed[2];
	struct ckpt ckpt;
	char *cause = NULL, *before;
	size_t told;
	int change;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	assert_cached_write(&ckpt, cache);
	for (change = 0; change < FIELD_CHANGES; change++) {
		told = 0;
		if (change_field(ckpt.segments[10 + (size_t)change], change))
			changed[told++] = ckpt.segments[10 + (size_t)change];
		if (change_field(ckpt.segments[700 - (size_t)change], change))
			changed[told++] = ckpt.segments[700 - (size_t)change];
		ck_assert_uint_gt(told, 0);
		ckpt_cache_expect(cache, changed, told);
		assert_cached_write(&ckpt, cache);
	}
	before = expected_text(&ckpt);
	ckpt.segments[5]->offset++;		/* not told */
	ckpt_cache_expect(cache, changed, 0);
	ck_assert_int_eq(ckpt_write_cached(&ckpt, cache, tempdir, &cause), 0);
	assert_file_is(before);
	free(before);
	changed[0] = ckpt.segments[5];		/* told, then moved */
	move_segment(&ckpt, 5, 6);
	ckpt_cache_expect(cache, changed, 1);
	assert_cached_write(&ckpt, cache);
	changed[0] = ckpt.segments[0];		/* told, then one removed */
	changed[0]->offset++;
	remove_segment(&ckpt, 3);
	ckpt_cache_expect(cache, changed, 1);
	assert_cached_write(&ckpt, cache);
	ckpt_cache_free(cache);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Writes CKPT with CACHE; returns the segments the write encoded. */
static size_t
count_write(const struct ckpt *ckpt, struct ckpt_cache *cache)
{
	char *cause = NULL;

	ck_assert_msg(ckpt_write_cached(ckpt, cache, tempdir, &cause) == 0,
	    "write: %s", cause);
	return ckpt_cache_encoded(cache);
}

/* What the cache is for: a write encodes only the segments that changed
 * since the last one: the first write all of them, the next, two
 * segments read meanwhile, those two; the file is whole each time. */
START_TEST(test_cache_reuses)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	struct ckpt ckpt;
	char *expected;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	ck_assert_uint_eq(count_write(&ckpt, cache), ckpt.segment_count);
	ckpt.segments[1]->offset++;
	ckpt.segments[MANY_SEGMENTS]->offset++;
	ck_assert_uint_eq(count_write(&ckpt, cache), 2);
	expected = expected_text(&ckpt);
	assert_file_is(expected);
	free(expected);
	ckpt_cache_free(cache);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* A write with a cache that meets a name that is not UTF-8, in the
 * first segment or the last (_i), fails as ckpt_write does and keeps
 * the old file; the next one, the name fixed, is whole and right: the
 * cache keeps no half-made text. */
START_TEST(test_cache_not_utf8)
{
	struct ckpt_cache *cache = ckpt_cache_new();
	struct ckpt ckpt;
	struct segment *segment;
	char *old, *cause = NULL;
	size_t old_length;

	make_dir();
	ckpt_init(&ckpt);
	fill_stream_case(&ckpt, 3);
	assert_cached_write(&ckpt, cache);
	old = read_whole(CKPT_FILE, &old_length);
	segment = ckpt.segments[_i == 0 ? 0 : ckpt.segment_count - 1];
	segment_rename(segment, "app.log.caf\xe9");
	ckpt.segments[ckpt.segment_count / 2]->offset++;
	ck_assert_int_eq(ckpt_write_cached(&ckpt, cache, tempdir, &cause), -1);
	ck_assert_msg(strstr(cause, "UTF-8") != NULL, "cause: %s", cause);
	assert_old_kept(old, old_length);
	segment_rename(segment, "app.log.caf\xc3\xa9");
	assert_cached_write(&ckpt, cache);
	free(cause);
	free(old);
	ckpt_cache_free(cache);
	ckpt_free(&ckpt);
	remove_dir();
}
END_TEST

/* Plain names of the pattern's files: the pattern itself and PATTERN.x
 * (PATTERN-x: test_name_dateext); nothing with '/', control characters
 * or another pattern. */
START_TEST(test_name_valid)
{
	static const char *const good[] = {
		"app.log", "app.log.1", "app.log.20260102-031240",
		"app.log.20260102-031240-000001", "app.log.gz", "app.log.a.b",
		"app.log..", "app.log. ", "app.log.\xc3\xa9"
	};
	static const char *const bad[] = {
		"", "app", "app.lo", "app.logx", "app.log.", "app.log_1",
		"xapp.log", "app.log\n", "app.log.1/x", "app.log/", "app.log/..",
		"../app.log", "./app.log", "/app.log", "app.log.\t", "app.log.\x1b",
		"app.log.\x7f", "app.log.1\r", "other.log", "APP.LOG",
		"app.log.\xff", "app.log.caf\xe9", "app.log.\xc3",
		"app.log.\xc0\xaf", "app.log.\xed\xa0\x80", "app.log.\xf4\x90\x80\x80"
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(ckpt_name_valid(good[i], PATTERN) == 1,
		    "'%s' refused", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(ckpt_name_valid(bad[i], PATTERN) == 0,
		    "'%s' accepted", bad[i]);
	ck_assert_int_eq(ckpt_name_valid("x.1", "x"), 1);
	ck_assert_int_eq(ckpt_name_valid("x", "x.1"), 0);
}
END_TEST

/* logrotate's dateext names, PATTERN-x, belong to the pattern too, with
 * the rules that hold after a '.': not empty, UTF-8, no '/' or control
 * characters. A checkpoint that names one loads. */
START_TEST(test_name_dateext)
{
	static const char *const good[] = {
		"app.log-20260102", "app.log-20260102-031240",
		"app.log-20260102-031240-000001.gz", "app.log-1", "app.log--",
		"app.log-.", "app.log- ", "app.log-\xc3\xa9"
	};
	static const char *const bad[] = {
		"app.log-", "app.log-1/x", "app.log-/", "app.log-\t", "app.log-\x1b",
		"app.log-\x7f", "app.log-1\n", "app.log-\xff", "app.log-caf\xe9",
		"app.log+1", "app.log 1", "app-log-1", "app.lo-g", "APP.LOG-1"
	};
	struct ckpt original, decoded;
	json_t *root;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(ckpt_name_valid(good[i], PATTERN) == 1,
		    "'%s' refused", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(ckpt_name_valid(bad[i], PATTERN) == 0,
		    "'%s' accepted", bad[i]);
	ck_assert_int_eq(ckpt_name_valid("x-1", "x"), 1);
	ck_assert_int_eq(ckpt_name_valid("x-", "x"), 0);
	ckpt_init(&original);
	fill_ckpt(&original, 0);
	segment_rename(original.segments[0], PATTERN "-20260102-031240");
	root = ckpt_to_json(&original);
	decode(&decoded, root);
	assert_ckpt_equal(&original, &decoded);
	json_decref(root);
	ckpt_free(&decoded);
	ckpt_free(&original);
}
END_TEST

/* Puts in the test directory, at NAME, what KIND says: 0 a FIFO, 1 a
 * directory, 2 a symbolic link to a regular file. Returns what the
 * message must call it. */
static const char *
make_not_regular(const char *name, int kind)
{
	char *path = temp_file(name), *target = temp_file("target");

	write_file("target", "{}");
	if (kind == 0)
		ck_assert_int_eq(mkfifo(path, 0644), 0);
	else if (kind == 1)
		ck_assert_int_eq(mkdir(path, 0755), 0);
	else
		ck_assert_int_eq(symlink(target, path), 0);
	free(path);
	free(target);
	return kind == 0 ? "a FIFO" : kind == 1 ? "a directory" :
	    "a symbolic link";
}

/* Asserts that CAUSE names the file NAME of the test directory, says it
 * is not a regular file but KIND, and frees it. */
static void
assert_not_regular(char *cause, const char *name, const char *kind)
{
	char *path = temp_file(name), *expected;

	xasprintf(&expected, "%s: not a regular file but %s", path, kind);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, expected);
	free(expected);
	free(path);
	free(cause);
}

/* A FIFO, a directory or a symbolic link where checkpoint.json should
 * be: ckpt_load refuses it at once, naming the file. A regression test:
 * it opened a FIFO and waited for a writer (run and status hung), read
 * a directory as an empty file, and followed a link. */
START_TEST(test_load_not_regular)
{
	const char *kind;
	struct ckpt ckpt;
	char *cause = NULL;

	make_dir();
	kind = make_not_regular(CKPT_FILE, _i);
	ckpt_init(&ckpt);
	ck_assert_int_eq(ckpt_load(&ckpt, tempdir, &cause), -1);
	ckpt_free(&ckpt);
	assert_not_regular(cause, CKPT_FILE, kind);
	remove_dir();
}
END_TEST

/* The same where the lock file should be: ckpt_lock refuses it, naming
 * the lock file, not the directory. */
START_TEST(test_lock_not_regular)
{
	const char *kind;
	char *cause = NULL;
	int fd = -1;

	make_dir();
	kind = make_not_regular(CKPT_LOCK_FILE, _i);
	ck_assert_int_eq(ckpt_lock(tempdir, &fd, &cause), -1);
	assert_not_regular(cause, CKPT_LOCK_FILE, kind);
	remove_dir();
}
END_TEST

/* What a child process reports of its ckpt_lock attempt. */
struct lock_attempt {
	int result;
	char cause[CAUSE_MAX];
	long pid;
};

static void
lock_child(void *arg, void *report)
{
	struct lock_attempt *attempt = report;
	char *cause = NULL;
	int fd;

	(void)arg;
	attempt->result = ckpt_lock(tempdir, &fd, &cause);
	attempt->pid = (long)getpid();
	if (cause != NULL)
		snprintf(attempt->cause, sizeof attempt->cause, "%s", cause);
	free(cause);
}

/* Tries ckpt_lock on the test directory in a child process; the child
 * keeps the lock until it exits. */
static void
try_lock_in_child(struct lock_attempt *attempt)
{
	run_in_child(lock_child, NULL, attempt, sizeof *attempt);
}

/* Returns the pid the lock file holds, read through FD, or through a
 * descriptor of its own if FD is -1. A holder must pass its own: closing
 * any descriptor of the file releases the process's fcntl locks. */
static long
lock_file_pid(int fd)
{
	char *path = temp_file(CKPT_LOCK_FILE), text[32], *end;
	int own_fd = fd < 0 ? open(path, O_RDONLY) : -1;
	ssize_t got;
	long pid;

	free(path);
	ck_assert_int_ge(fd < 0 ? own_fd : fd, 0);
	got = pread(fd < 0 ? own_fd : fd, text, sizeof text - 1, 0);
	if (own_fd >= 0)
		close(own_fd);
	ck_assert_int_gt(got, 0);
	text[got] = '\0';
	pid = strtol(text, &end, 10);
	ck_assert_str_eq(end, "\n");
	return pid;
}

/* While this process holds the lock, another cannot take it and is told
 * the directory and who holds it; once released, another can. */
START_TEST(test_lock)
{
	struct lock_attempt attempt;
	char *cause = NULL, holder[32];
	int fd = -1;

	make_dir();
	ck_assert_msg(ckpt_lock(tempdir, &fd, &cause) == 0, "lock: %s", cause);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(lock_file_pid(fd), (long)getpid());
	try_lock_in_child(&attempt);
	ck_assert_int_eq(attempt.result, -1);
	ck_assert_msg(strstr(attempt.cause, tempdir) != NULL,
	    "cause '%s' lacks the directory", attempt.cause);
	snprintf(holder, sizeof holder, "pid %ld)", (long)getpid());
	ck_assert_msg(strstr(attempt.cause, holder) != NULL,
	    "cause '%s' lacks '%s'", attempt.cause, holder);
	ck_assert_int_eq(lock_file_pid(fd), (long)getpid());
	close(fd);
	try_lock_in_child(&attempt);
	ck_assert_msg(attempt.result == 0, "lock after release: %s",
	    attempt.cause);
	ck_assert_int_eq(lock_file_pid(-1), attempt.pid);
	remove_dir();
}
END_TEST

/* A lock file left with a longer pid by an earlier holder is rewritten
 * whole, not overwritten in part. */
START_TEST(test_lock_stale_file)
{
	char *cause = NULL;
	int fd = -1;

	make_dir();
	write_file(CKPT_LOCK_FILE, "99999999999\n");
	ck_assert_msg(ckpt_lock(tempdir, &fd, &cause) == 0, "lock: %s", cause);
	ck_assert_int_eq(lock_file_pid(fd), (long)getpid());
	close(fd);
	remove_dir();
}
END_TEST

#ifdef F_OFD_SETLK
/* With open file description locks, a second lock in the same process
 * fails too, naming this process as the holder. */
START_TEST(test_lock_same_process)
{
	char *cause = NULL, holder[32];
	int fd = -1, second = -1;

	make_dir();
	ck_assert_msg(ckpt_lock(tempdir, &fd, &cause) == 0, "lock: %s", cause);
	ck_assert_int_eq(ckpt_lock(tempdir, &second, &cause), -1);
	snprintf(holder, sizeof holder, "pid %ld)", (long)getpid());
	ck_assert_msg(strstr(cause, holder) != NULL, "cause '%s' lacks '%s'",
	    cause, holder);
	free(cause);
	close(fd);
	remove_dir();
}
END_TEST
#endif

START_TEST(test_lock_missing_dir)
{
	char *cause = NULL, *dir;
	int fd = -1;

	make_dir();
	dir = temp_file("missing");
	ck_assert_int_eq(ckpt_lock(dir, &fd, &cause), -1);
	ck_assert_msg(strstr(cause, dir) != NULL, "cause '%s' lacks the directory",
	    cause);
	free(cause);
	free(dir);
	remove_dir();
}
END_TEST

Suite *
ckpt_suite(void)
{
	Suite *suite = suite_create("ckpt");
	TCase *codec = tcase_create("codec");
	TCase *damaged = tcase_create("damaged");
	TCase *files = tcase_create("files");

	/* _i: without, then with output and rejects files. */
	tcase_add_loop_test(codec, test_round_trip, 0, 2);
	tcase_add_test(codec, test_encoding);
	tcase_add_test(codec, test_sink_encoding);
	tcase_add_test(codec, test_sink_legacy);
	tcase_add_test(codec, test_round_trip_empty);
	tcase_add_test(codec, test_processing_is_pending);
	tcase_add_test(codec, test_repeats_allowed);
	tcase_add_test(codec, test_limits_accepted);
	tcase_add_test(codec, test_identity_high_bits);
	tcase_add_test(codec, test_duplicate_far);
	tcase_add_loop_test(codec, test_segment_name_not_utf8, 0, 3);
	tcase_add_test(codec, test_segment_name_utf8);
	tcase_add_test(codec, test_name_valid);
	tcase_add_test(codec, test_name_dateext);
	tcase_add_loop_test(damaged, test_damaged, 0, DAMAGES);
	tcase_add_test(damaged, test_not_object);
	tcase_add_loop_test(damaged, test_fingerprint_not_hex, 0, 6);
	tcase_add_test(files, test_path);
	tcase_add_loop_test(files, test_write_load, 0, 2);
	tcase_add_test(files, test_write_missing_dir);
	tcase_add_loop_test(files, test_write_not_utf8, 0, 2);
	tcase_add_test(files, test_load_damaged);
	/* _i: fill_stream_case. */
	tcase_add_loop_test(files, test_stream_layout, 0, 4);
	tcase_add_test(files, test_stream_round_trip);
	/* _i: the first write fails, one in the middle, the last byte. */
	tcase_add_loop_test(files, test_stream_write_fails, 0, 3);
	tcase_add_test(files, test_stream_temp_blocked);
	tcase_add_loop_test(files, test_stream_not_utf8, 0, 2);
	/* _i: enum field_change. */
	tcase_add_loop_test(files, test_cache_field, 0, FIELD_CHANGES);
	tcase_add_test(files, test_cache_told);
	tcase_add_test(files, test_cache_table);
	tcase_add_test(files, test_cache_reuses);
	/* _i: the first segment's name, the last one's. */
	tcase_add_loop_test(files, test_cache_not_utf8, 0, 2);
	tcase_add_test(files, test_lock);
	tcase_add_test(files, test_lock_stale_file);
	tcase_add_test(files, test_lock_missing_dir);
	/* _i: a FIFO, a directory, a symbolic link. */
	tcase_add_loop_test(files, test_load_not_regular, 0, 3);
	tcase_add_loop_test(files, test_lock_not_regular, 0, 3);
#ifdef F_OFD_SETLK
	tcase_add_test(files, test_lock_same_process);
#endif
	tcase_add_unchecked_fixture(files, make_base, remove_base);
	suite_add_tcase(suite, codec);
	suite_add_tcase(suite, damaged);
	suite_add_tcase(suite, files);
	return suite;
}
