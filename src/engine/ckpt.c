/* ckpt.c: encoding, decoding and storing the checkpoint. Decoding is
 * strict, because the file may have been edited or damaged: every field
 * is checked and any problem is an error that names the file, never a
 * silent reset. Storing streams the file a segment at a time, so that a
 * commit's memory does not grow with the number of segments. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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
#include "engine/timestamp.h"

#define MAX_FILE_SIZE ((uint64_t)1 << 62)	/* larger is absurd */

/* Open file description locks (Linux) belong to the descriptor, so a
 * second engine in the same process is kept out too, and closing another
 * descriptor of the file does not drop the lock; classic fcntl locks,
 * per process, elsewhere. */
#ifdef F_OFD_SETLK
#define LOCK_COMMAND F_OFD_SETLK
#else
#define LOCK_COMMAND F_SETLK
#endif
#define MAX_SEGMENTS 1000000

/* The layout of the file: indented by one space a level, for people. */
#define CKPT_INDENT 1
#define CKPT_DUMP_FLAGS (JSON_INDENT(CKPT_INDENT) | JSON_PRESERVE_ORDER)

/* Streaming a checkpoint stopped at a name that is not UTF-8 (-1: a
 * write failed). */
#define NOT_UTF8 (-2)

void
ckpt_init(struct ckpt *ckpt)
{
	memset(ckpt, 0, sizeof *ckpt);
	agg_init(&ckpt->totals);
}

void
ckpt_free(struct ckpt *ckpt)
{
	size_t i;

	for (i = 0; i < ckpt->segment_count; i++)
		segment_free(ckpt->segments[i]);
	free(ckpt->segments);
	free(ckpt->logs_dir);
	free(ckpt->pattern);
	free(ckpt->output.path);
	free(ckpt->rejects.path);
	json_decref(ckpt->filter);
	agg_free(&ckpt->totals);
	ckpt_init(ckpt);
}

/* Returns the allocated path of the checkpoint in OFFSETS_DIR. */
char *
ckpt_path(const char *offsets_dir)
{
	char *path;

	xasprintf(&path, "%s/%s", offsets_dir, CKPT_FILE);
	return path;
}

/* Formats WHEN as RFC 3339 UTC, as the checkpoint writes times, into BUF
 * (CKPT_TIME_SIZE bytes are enough). */
void
ckpt_format_time(time_t when, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *
sink_to_json(const struct ckpt_sink *sink)
{
	if (sink->path == NULL)
		return json_null();
	return json_pack("{s:s, s:I}", "path", sink->path, "committed_bytes",
	    (json_int_t)sink->committed);
}

/* Encodes one segment with the original's fields first. */
static json_t *
segment_to_json(const struct segment *segment)
{
	char updated[32], fingerprint[17];
	json_t *object;

	ckpt_format_time(segment->last_updated, updated, sizeof updated);
	snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64,
	    segment->id.fingerprint);
	object = json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:s, s:I}",
	    "segment", segment->name, "offset", (json_int_t)segment->offset,
	    "lines_processed", (json_int_t)segment->lines, "last_updated",
	    updated, "state", segment_state_name(segment->state), "size",
	    (json_int_t)segment->size, "device", (json_int_t)segment->id.device,
	    "inode", (json_int_t)segment->id.inode, "fingerprint", fingerprint,
	    "fingerprint_bytes", (json_int_t)segment->id.fingerprint_bytes);
	if (segment->reason != NULL)
		json_object_set_new(object, "reason", json_string(segment->reason));
	if (segment->lost_bytes != 0)
		json_object_set_new(object, "lost_bytes",
		    json_integer((json_int_t)segment->lost_bytes));
	return object;
}

/* Returns the checkpoint's members but the segments, in their order in
 * the file, as a new JSON object, or NULL if a name in them is not UTF-8. */
static json_t *
head_to_json(const struct ckpt *ckpt)
{
	char updated[CKPT_TIME_SIZE];

	ckpt_format_time(ckpt->updated, updated, sizeof updated);
	return json_pack("{s:i, s:s, s:s, s:s, s:O, s:o, s:o, s:o}",
	    "version", CKPT_VERSION, "updated", updated, "logs_dir",
	    ckpt->logs_dir, "pattern", ckpt->pattern, "filter", ckpt->filter,
	    "output", sink_to_json(&ckpt->output), "rejects",
	    sink_to_json(&ckpt->rejects), "totals", agg_to_json(&ckpt->totals));
}

/* Returns the checkpoint as a new JSON object, or NULL if a name in it
 * is not UTF-8 (JSON cannot hold it; the engine never lets one in). */
json_t *
ckpt_to_json(const struct ckpt *ckpt)
{
	json_t *root, *segments = json_array(), *segment;
	size_t i;

	for (i = 0; i < ckpt->segment_count; i++) {
		if ((segment = segment_to_json(ckpt->segments[i])) == NULL) {
			json_decref(segments);
			return NULL;
		}
		json_array_append_new(segments, segment);
	}
	if ((root = head_to_json(ckpt)) == NULL) {
		json_decref(segments);
		return NULL;
	}
	json_object_set_new(root, "segments", segments);
	return root;
}

/* Where a value's text goes as json_dump_callback produces it: to FILE,
 * with EXTRA more spaces after each newline, since in the checkpoint the
 * value is nested that much deeper than on its own. */
struct nested_dump {
	struct fsutil_replace *file;
	size_t extra;
};

static int
dump_nested(const char *text, size_t length, void *data)
{
	static const char spaces[] = "        ";	/* deeper than we nest */
	struct nested_dump *nested = data;
	const char *newline;
	size_t line;

	/* Newlines in strings are escaped: a raw one only starts a line. */
	while ((newline = memchr(text, '\n', length)) != NULL) {
		line = (size_t)(newline - text) + 1;
		if (fsutil_replace_write(nested->file, text, line) != 0 ||
		    fsutil_replace_write(nested->file, spaces, nested->extra) != 0)
			return -1;
		text += line;
		length -= line;
	}
	return fsutil_replace_write(nested->file, text, length);
}

/* Writes VALUE, DEPTH levels deep in the checkpoint, laid out as
 * json_dumps(CKPT_DUMP_FLAGS) lays it out in the whole. */
static int
write_value(struct fsutil_replace *file, json_t *value, size_t depth)
{
	struct nested_dump nested = { file, depth * CKPT_INDENT };

	return json_dump_callback(value, dump_nested, &nested,
	    CKPT_DUMP_FLAGS | JSON_ENCODE_ANY);
}

static int
write_text(struct fsutil_replace *file, const char *text)
{
	return fsutil_replace_write(file, text, strlen(text));
}

/* Writes the name of a top-level member, KEY (one of ours: plain ASCII),
 * the first or a following one. */
static int
write_key(struct fsutil_replace *file, const char *key, int first)
{
	if (write_text(file, first ? "\n \"" : ",\n \"") != 0 ||
	    write_text(file, key) != 0)
		return -1;
	return write_text(file, "\": ");
}

/* Writes the segments array, each segment encoded, written and freed
 * before the next, so that memory does not grow with their number.
 * Returns 0, -1 if a write failed, or NOT_UTF8. */
static int
write_segments(struct fsutil_replace *file, const struct ckpt *ckpt)
{
	json_t *object;
	size_t i;
	int result;

	if (write_key(file, "segments", 0) != 0 || write_text(file, "[") != 0)
		return -1;
	for (i = 0; i < ckpt->segment_count; i++) {
		if ((object = segment_to_json(ckpt->segments[i])) == NULL)
			return NOT_UTF8;
		result = write_text(file, i == 0 ? "\n  " : ",\n  ");
		if (result == 0)
			result = write_value(file, object, 2);
		json_decref(object);
		if (result != 0)
			return -1;
	}
	return write_text(file, ckpt->segment_count > 0 ? "\n ]\n}" : "]\n}");
}

/* Streams CKPT into FILE: the members of HEAD (head_to_json), then the
 * segments. The text is exactly json_dumps(ckpt_to_json(CKPT),
 * CKPT_DUMP_FLAGS): indented, keys in order, no newline at the end.
 * Returns 0, -1 if a write (or the encoder) failed, or NOT_UTF8. */
static int
write_ckpt(struct fsutil_replace *file, json_t *head, const struct ckpt *ckpt)
{
	const char *key;
	json_t *value;
	int first = 1;

	if (write_text(file, "{") != 0)
		return -1;
	json_object_foreach(head, key, value) {
		if (write_key(file, key, first) != 0 ||
		    write_value(file, value, 1) != 0)
			return -1;
		first = 0;
	}
	return write_segments(file, ckpt);
}

/* Returns 1 if NAME is a plain name in the log directory that belongs to
 * PATTERN: the pattern itself or PATTERN.something, in UTF-8 (so the
 * checkpoint's JSON can hold it), without '/' or control characters. */
int
ckpt_name_valid(const char *name, const char *pattern)
{
	size_t length = strlen(pattern);
	const unsigned char *p;

	if (strncmp(name, pattern, length) != 0 ||
	    (name[length] != '\0' && (name[length] != '.' ||
	    name[length + 1] == '\0')))
		return 0;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			return 0;
	}
	return escape_is_utf8(name, strlen(name));
}

/* Reads a non-negative count at most MAX from member KEY of OBJECT. */
static int
get_count(json_t *object, const char *key, uint64_t max, uint64_t *out,
    const char *where, char **cause)
{
	json_t *value = json_object_get(object, key);

	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    (uint64_t)json_integer_value(value) > max)
		return (xasprintf(cause, _("%s.%s: missing, or not a count up to %" PRIu64),
		    where, key, max), -1);
	*out = (uint64_t)json_integer_value(value);
	return 0;
}

/* Reads member KEY of OBJECT, a device or inode number: all 64 bits are
 * used, so the encoder stores those above INT64_MAX as negative numbers,
 * the same bits. */
static int
get_u64(json_t *object, const char *key, uint64_t *out, const char *where,
    char **cause)
{
	json_t *value = json_object_get(object, key);

	if (!json_is_integer(value))
		return (xasprintf(cause, _("%s.%s: missing, or not an integer"),
		    where, key), -1);
	*out = (uint64_t)json_integer_value(value);
	return 0;
}

/* Reads a string member KEY of OBJECT. */
static const char *
get_string(json_t *object, const char *key, const char *where, char **cause)
{
	json_t *value = json_object_get(object, key);

	if (!json_is_string(value)) {
		xasprintf(cause, _("%s.%s: missing, or not a string"), where, key);
		return NULL;
	}
	return json_string_value(value);
}

/* Decodes the identity fields of segment WHERE into ID. */
static int
id_from_json(json_t *object, struct segment_id *id, const char *where,
    char **cause)
{
	uint64_t bytes;
	const char *hex;
	char *end;

	if (get_u64(object, "device", &id->device, where, cause) != 0 ||
	    get_u64(object, "inode", &id->inode, where, cause) != 0 ||
	    get_count(object, "fingerprint_bytes", SEGMENT_FINGERPRINT_MAX,
	    &bytes, where, cause) != 0 ||
	    (hex = get_string(object, "fingerprint", where, cause)) == NULL)
		return -1;
	id->fingerprint_bytes = (uint32_t)bytes;
	errno = 0;
	id->fingerprint = strtoull(hex, &end, 16);
	if (strlen(hex) != 16 || strspn(hex, "0123456789abcdefABCDEF") != 16 ||
	    *end != '\0' || errno != 0)
		return (xasprintf(cause, _("%s.fingerprint: not 16 hex digits"),
		    where), -1);
	return 0;
}

/* Reads an RFC 3339 time member KEY of OBJECT into *WHEN. */
static int
get_time(json_t *object, const char *key, time_t *when, const char *where,
    char **cause)
{
	const char *text = get_string(object, key, where, cause);
	int64_t sec;
	int32_t nsec;

	if (text == NULL)
		return -1;
	if (timestamp_parse(text, strlen(text), &sec, &nsec) != 0)
		return (xasprintf(cause, _("%s.%s: not an RFC 3339 time"), where,
		    key), -1);
	*when = (time_t)sec;
	return 0;
}

/* Decodes the progress fields of segment WHERE into SEGMENT. */
static int
progress_from_json(json_t *object, struct segment *segment,
    const char *where, char **cause)
{
	json_t *reason = json_object_get(object, "reason");
	const char *state;

	if (get_count(object, "size", MAX_FILE_SIZE, &segment->size, where,
	    cause) != 0 || get_count(object, "offset", segment->size,
	    &segment->offset, where, cause) != 0 || get_count(object,
	    "lines_processed", segment->offset, &segment->lines, where,
	    cause) != 0 || get_time(object, "last_updated",
	    &segment->last_updated, where, cause) != 0 ||
	    (state = get_string(object, "state", where, cause)) == NULL)
		return -1;
	if (segment_state_parse(state, &segment->state) != 0)
		return (xasprintf(cause, _("%s.state: unknown state '%s'"), where,
		    state), -1);
	if (segment->state == SEGMENT_PROCESSING)
		segment->state = SEGMENT_PENDING;
	if (json_object_get(object, "lost_bytes") != NULL &&
	    get_count(object, "lost_bytes", MAX_FILE_SIZE, &segment->lost_bytes,
	    where, cause) != 0)
		return -1;
	if (reason != NULL && !json_is_string(reason))
		return (xasprintf(cause, _("%s.reason: not a string"), where), -1);
	if (reason != NULL)
		segment->reason = xstrdup(json_string_value(reason));
	return 0;
}

/* Decodes segment number INDEX; checks its name against PATTERN. */
static struct segment *
segment_from_json(json_t *object, size_t index, const char *pattern,
    char **cause)
{
	struct segment_id id;
	struct segment *segment;
	const char *name;
	char where[64];

	snprintf(where, sizeof where, "segments[%zu]", index);
	if (!json_is_object(object))
		return (xasprintf(cause, _("%s: not an object"), where), NULL);
	if ((name = get_string(object, "segment", where, cause)) == NULL ||
	    id_from_json(object, &id, where, cause) != 0)
		return NULL;
	if (!ckpt_name_valid(name, pattern))
		return (xasprintf(cause, _("%s.segment: '%s' is not a file of "
		    "pattern '%s' in the log directory"), where, name, pattern), NULL);
	segment = segment_new(name, &id);
	if (progress_from_json(object, segment, where, cause) != 0) {
		segment_free(segment);
		return NULL;
	}
	segment->stalled_size = segment->offset;
	return segment;
}

/* Rejects a segment that is the same file (device and inode) as an
 * earlier one. Names may repeat: a segment missing from the last scan
 * keeps its old name until it is found again or given up. */
static int
check_duplicate(const struct ckpt *ckpt, const struct segment *segment,
    char **cause)
{
	const struct segment *other;
	size_t i;

	for (i = 0; i < ckpt->segment_count; i++) {
		other = ckpt->segments[i];
		if (other->id.inode != 0 && other->id.inode == segment->id.inode &&
		    other->id.device == segment->id.device)
			return (xasprintf(cause, _("segments[%zu]: the same file as "
			    "segments[%zu] ('%s')"), ckpt->segment_count, i,
			    other->name), -1);
	}
	return 0;
}

static int
segments_from_json(struct ckpt *ckpt, json_t *array, char **cause)
{
	struct segment *segment;
	size_t i;

	if (!json_is_array(array) || json_array_size(array) > MAX_SEGMENTS)
		return (xasprintf(cause, _("segments: not an array of at most %d"),
		    MAX_SEGMENTS), -1);
	ckpt->segments = xreallocarray(NULL, json_array_size(array) + 1,
	    sizeof *ckpt->segments);
	for (i = 0; i < json_array_size(array); i++) {
		segment = segment_from_json(json_array_get(array, i), i,
		    ckpt->pattern, cause);
		if (segment == NULL)
			return -1;
		if (check_duplicate(ckpt, segment, cause) != 0) {
			segment_free(segment);
			return -1;
		}
		ckpt->segments[ckpt->segment_count++] = segment;
	}
	return 0;
}

/* Decodes member KEY, null or {"path", "committed_bytes"}, into SINK. */
static int
sink_from_json(json_t *root, const char *key, struct ckpt_sink *sink,
    char **cause)
{
	json_t *object = json_object_get(root, key);
	const char *path;

	if (json_is_null(object))
		return 0;
	if (!json_is_object(object))
		return (xasprintf(cause, _("%s: missing, or not an object"), key), -1);
	if ((path = get_string(object, "path", key, cause)) == NULL ||
	    get_count(object, "committed_bytes", MAX_FILE_SIZE, &sink->committed,
	    key, cause) != 0)
		return -1;
	sink->path = xstrdup(path);
	return 0;
}

/* Decodes ROOT into CKPT (ckpt_init'ed). Returns 0, or -1 with *CAUSE
 * naming the faulty field. */
int
ckpt_from_json(struct ckpt *ckpt, json_t *root, char **cause)
{
	const char *logs_dir, *pattern;
	char *reason;

	if (!json_is_object(root) || json_integer_value(json_object_get(root,
	    "version")) != CKPT_VERSION)
		return (xasprintf(cause, _("not a version %d checkpoint"),
		    CKPT_VERSION), -1);
	if ((logs_dir = get_string(root, "logs_dir", "checkpoint", cause)) == NULL ||
	    (pattern = get_string(root, "pattern", "checkpoint", cause)) == NULL ||
	    get_time(root, "updated", &ckpt->updated, "checkpoint", cause) != 0)
		return -1;
	ckpt->logs_dir = xstrdup(logs_dir);
	ckpt->pattern = xstrdup(pattern);
	ckpt->filter = json_incref(json_object_get(root, "filter"));
	if (!json_is_object(ckpt->filter))
		return (xasprintf(cause, _("filter: missing, or not an object")), -1);
	if (sink_from_json(root, "output", &ckpt->output, cause) != 0 ||
	    sink_from_json(root, "rejects", &ckpt->rejects, cause) != 0)
		return -1;
	if (agg_from_json(&ckpt->totals, json_object_get(root, "totals"),
	    &reason) != 0) {
		xasprintf(cause, "totals.%s", reason);
		free(reason);
		return -1;
	}
	return segments_from_json(ckpt, json_object_get(root, "segments"), cause);
}

static int
not_utf8(const char *offsets_dir, char **cause)
{
	xasprintf(cause, _("%s: a name is not UTF-8"), offsets_dir);
	return -1;
}

/* Writes CKPT to OFFSETS_DIR/checkpoint.json atomically and durably,
 * streamed: its size in memory does not grow with the segments. A name
 * that is not UTF-8, or a failed write, leaves the old file as it was.
 * Returns 0, or -1 with *CAUSE. */
int
ckpt_write(const struct ckpt *ckpt, const char *offsets_dir, char **cause)
{
	struct fsutil_replace file;
	json_t *head = head_to_json(ckpt);
	char *path;
	int result;

	if (head == NULL)
		return not_utf8(offsets_dir, cause);
	path = ckpt_path(offsets_dir);
	result = fsutil_replace_open(&file, path, cause);
	free(path);
	if (result != 0) {
		json_decref(head);
		return -1;
	}
	result = write_ckpt(&file, head, ckpt);
	json_decref(head);
	if (result == 0)
		return fsutil_replace_commit(&file, cause);
	if (result == NOT_UTF8) {
		fsutil_replace_abort(&file, 0, NULL);
		return not_utf8(offsets_dir, cause);
	}
	/* A write failed (its error is the cause), or else the encoder. */
	return fsutil_replace_abort(&file, EINVAL, cause);
}

/* Loads OFFSETS_DIR/checkpoint.json into CKPT (ckpt_init'ed). Returns 1
 * when loaded, 0 when there is none, -1 with *CAUSE (naming the file)
 * when it cannot be read or is not a valid checkpoint. */
int
ckpt_load(struct ckpt *ckpt, const char *offsets_dir, char **cause)
{
	char *path = ckpt_path(offsets_dir), *reason;
	json_error_t error;
	json_t *root;
	int result = 1;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		free(path);
		return 0;
	}
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &error);
	if (root == NULL) {
		xasprintf(cause, _("%s: line %d: %s"), path, error.line, error.text);
		result = -1;
	} else if (ckpt_from_json(ckpt, root, &reason) != 0) {
		xasprintf(cause, "%s: %s", path, reason);
		free(reason);
		result = -1;
	}
	json_decref(root);
	free(path);
	return result;
}

/* Takes the lock of OFFSETS_DIR, so that one logproc at a time uses it;
 * the lock goes with the process, even after kill -9. Returns 0 with *FD
 * held open, or -1 with *CAUSE naming the directory and the holder. */
int
ckpt_lock(const char *offsets_dir, int *fd, char **cause)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char *path, pid[32];
	ssize_t got;

	xasprintf(&path, "%s/%s", offsets_dir, CKPT_LOCK_FILE);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	free(path);
	if (*fd < 0)
		return (xasprintf(cause, "%s: %s", offsets_dir, strerror(errno)), -1);
	if (fcntl(*fd, LOCK_COMMAND, &lock) != 0) {
		got = pread(*fd, pid, sizeof pid - 1, 0);
		pid[got > 0 ? got : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		xasprintf(cause, _("%s: in use by another logproc (pid %s)"),
		    offsets_dir, pid[0] != '\0' ? pid : "?");
		close(*fd);
		return -1;
	}
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(*fd, 0) != 0 || pwrite(*fd, pid, strlen(pid), 0) < 0) {
		xasprintf(cause, "%s: %s", offsets_dir, strerror(errno));
		close(*fd);
		return -1;
	}
	return 0;
}
