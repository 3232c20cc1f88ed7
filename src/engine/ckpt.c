/* ckpt.c: encoding, decoding and storing the checkpoint. Decoding is
 * strict, because the file may have been edited or damaged: every field
 * is checked and any problem is an error that names the file, never a
 * silent reset. Storing streams the file a segment at a time. The
 * engine's committer keeps each segment's text from one write to the
 * next (struct ckpt_cache), because between two commits only the one or
 * two segments being read change: a commit encodes those alone. A
 * segment's text is written directly, not built by Jansson, which took
 * six times as long (a first write of 100,000 segments, 0.6 s); the
 * tests check it is what Jansson would write. */
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
/* The times a checkpoint holds: those ckpt_format_time writes back in
 * four-digit years, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z (an
 * offset may take a valid text outside them). */
#define FIRST_TIME INT64_C(-62167219200)
#define LAST_TIME INT64_C(253402300799)

/* The layout of the file: indented by one space a level, for people. */
#define CKPT_INDENT 1
#define CKPT_DUMP_FLAGS (JSON_INDENT(CKPT_INDENT) | JSON_PRESERVE_ORDER)

/* Streaming a checkpoint stopped at a name that is not UTF-8 (-1: a
 * write failed). */
#define NOT_UTF8 (-2)

/* How far past its place in the last write a segment's text is looked
 * for: as far as segments removed at once from the table move it. */
#define CACHE_LOOKAHEAD 32

/* Text being built: LENGTH bytes of DATA used, SIZE allocated. */
struct text {
	char *data;
	size_t length;
	size_t size;
};

/* A segment as the last write encoded it: exactly the fields that
 * segment_to_json writes, and the text they gave, as it stands in the
 * file. TEXT NULL: staged, to be encoded by the next write. */
struct cached_segment {
	char *name;
	char *reason;			/* or NULL */
	struct segment_id id;
	enum segment_state state;
	uint64_t size;
	uint64_t offset;
	uint64_t lines;
	uint64_t lost_bytes;
	int64_t birth_ns;
	int unreadable;
	time_t last_updated;
	char *text;
	size_t length;
};

/* The segments of the last write, in its order, and what the next
 * stage may expect of the table (ckpt_cache_expect). */
struct ckpt_cache {
	struct cached_segment *segments;
	size_t count;
	struct segment *const *changed;	/* NULL: anything may have */
	size_t changed_count;
	size_t encoded;			/* segments the last write encoded */
};

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
	json_decref(ckpt->schema);
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
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Encodes SINK: null, or its path, identity (if known) and committed
 * length, that last, where scripts have found it. */
static json_t *
sink_to_json(const struct ckpt_sink *sink)
{
	if (sink->path == NULL)
		return json_null();
	if (!sink->has_identity)
		return json_pack("{s:s, s:I}", "path", sink->path,
		    "committed_bytes", (json_int_t)sink->committed);
	return json_pack("{s:s, s:I, s:I, s:I}", "path", sink->path, "device",
	    (json_int_t)sink->device, "inode", (json_int_t)sink->inode,
	    "committed_bytes", (json_int_t)sink->committed);
}

/* Encodes one segment with the original's fields first. A field added
 * here must be added to encode_segment_text, struct cached_segment and
 * cached_matches too. */
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
	if (segment->birth_ns > 0)
		json_object_set_new(object, "birth_ns",
		    json_integer((json_int_t)segment->birth_ns));
	if (segment->state == SEGMENT_FAILED)
		json_object_set_new(object, "unreadable",
		    json_boolean(segment->unreadable));
	return object;
}

/* Returns the checkpoint's members but the segments, in their order in
 * the file, as a new JSON object, or NULL if a name in them is not UTF-8. */
static json_t *
head_to_json(const struct ckpt *ckpt)
{
	char updated[CKPT_TIME_SIZE];

	json_t *head;

	ckpt_format_time(ckpt->updated, updated, sizeof updated);
	head = json_pack("{s:i, s:s, s:s, s:s, s:O, s:o, s:o, s:o}",
	    "version", CKPT_VERSION, "updated", updated, "logs_dir",
	    ckpt->logs_dir, "pattern", ckpt->pattern, "filter", ckpt->filter,
	    "output", sink_to_json(&ckpt->output), "rejects",
	    sink_to_json(&ckpt->rejects), "totals", agg_to_json(&ckpt->totals));
	if (head != NULL && ckpt->schema != NULL)
		json_object_set(head, "schema", ckpt->schema);
	return head;
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

/* Appends LENGTH bytes of DATA to TEXT. */
static void
text_append(struct text *text, const char *data, size_t length)
{
	if (length == 0)
		return;
	if (length > text->size - text->length) {
		text->size = text->size * 2 + length;
		text->data = xreallocarray(text->data, text->size, 1);
	}
	memcpy(text->data + text->length, data, length);
	text->length += length;
}

/* Where json_dump_callback's text goes as it is: to the struct text
 * DATA. */
static int
dump_plain(const char *chunk, size_t length, void *data)
{
	text_append(data, chunk, length);
	return 0;
}

/* Where a value's text goes as json_dump_callback produces it: to TEXT,
 * with EXTRA more spaces after each newline, since in the checkpoint the
 * value is nested that much deeper than on its own. */
struct nested_dump {
	struct text *text;
	size_t extra;
};

static int
dump_nested(const char *chunk, size_t length, void *data)
{
	static const char spaces[] = "        ";	/* deeper than we nest */
	struct nested_dump *nested = data;
	const char *newline;
	size_t line;

	/* Newlines in strings are escaped: a raw one only starts a line. */
	while ((newline = memchr(chunk, '\n', length)) != NULL) {
		line = (size_t)(newline - chunk) + 1;
		text_append(nested->text, chunk, line);
		text_append(nested->text, spaces, nested->extra);
		chunk += line;
		length -= line;
	}
	text_append(nested->text, chunk, length);
	return 0;
}

/* Sets TEXT to VALUE's text DEPTH levels deep in the checkpoint, laid
 * out as json_dumps(CKPT_DUMP_FLAGS) lays it out in the whole. Returns
 * 0, or -1 if the encoder failed. */
static int
encode_value(struct text *text, json_t *value, size_t depth)
{
	struct nested_dump nested = { text, depth * CKPT_INDENT };

	text->length = 0;
	if (depth == 0)
		return json_dump_callback(value, dump_plain, text,
		    CKPT_DUMP_FLAGS | JSON_ENCODE_ANY);
	return json_dump_callback(value, dump_nested, &nested,
	    CKPT_DUMP_FLAGS | JSON_ENCODE_ANY);
}

/* Returns the two-character escape Jansson writes for C, or NULL if it
 * has none (other control characters are written as \u00XX). */
static const char *
short_escape(char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	}
	return NULL;
}

/* Appends STRING, UTF-8, to TEXT as Jansson writes a JSON string: quotes,
 * backslashes and control characters escaped, nothing else. */
static void
append_string(struct text *text, const char *string)
{
	static const char hex[] = "0123456789ABCDEF";
	char escape[6] = { '\\', 'u', '0', '0', 0, 0 };
	const char *run = string, *p, *two;

	text_append(text, "\"", 1);
	for (p = string; *p != '\0'; p++) {
		if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			continue;
		text_append(text, run, (size_t)(p - run));
		run = p + 1;
		if ((two = short_escape(*p)) != NULL) {
			text_append(text, two, 2);
			continue;
		}
		escape[4] = hex[(unsigned char)*p >> 4];
		escape[5] = hex[(unsigned char)*p & 0xf];
		text_append(text, escape, sizeof escape);
	}
	text_append(text, run, (size_t)(p - run));
	text_append(text, "\"", 1);
}

/* Appends member KEY, the first of its object if FIRST, to TEXT, laid
 * out as a member of a segment, up to its value. */
static void
append_key(struct text *text, const char *key, int first)
{
	text_append(text, first ? "{\n   \"" : ",\n   \"", 6);
	text_append(text, key, strlen(key));
	text_append(text, "\": ", 3);
}

/* Appends member KEY with the integer VALUE, as json_int_t (Jansson's
 * "%lld"), to TEXT. */
static void
append_integer(struct text *text, const char *key, long long value)
{
	char digits[24];
	int length = snprintf(digits, sizeof digits, "%lld", value);

	append_key(text, key, 0);
	text_append(text, digits, (size_t)length);
}

/* Appends member KEY with the string VALUE to TEXT. */
static void
append_member(struct text *text, const char *key, const char *value)
{
	append_key(text, key, 0);
	append_string(text, value);
}

/* Sets TEXT to SEGMENT's text, as an element of the segments array,
 * exactly as Jansson lays out segment_to_json's object there, without
 * building it (a checkpoint of many segments is mostly their texts).
 * Returns 0, or NOT_UTF8. */
static int
encode_segment_text(struct text *text, const struct segment *segment)
{
	char updated[32], fingerprint[17];

	ckpt_format_time(segment->last_updated, updated, sizeof updated);
	snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64,
	    segment->id.fingerprint);
	text->length = 0;
	append_key(text, "segment", 1);
	append_string(text, segment->name);
	append_integer(text, "offset", (long long)segment->offset);
	append_integer(text, "lines_processed", (long long)segment->lines);
	append_member(text, "last_updated", updated);
	append_member(text, "state", segment_state_name(segment->state));
	append_integer(text, "size", (long long)segment->size);
	append_integer(text, "device", (long long)segment->id.device);
	append_integer(text, "inode", (long long)segment->id.inode);
	append_member(text, "fingerprint", fingerprint);
	append_integer(text, "fingerprint_bytes",
	    (long long)segment->id.fingerprint_bytes);
	if (segment->reason != NULL)
		append_member(text, "reason", segment->reason);
	if (segment->lost_bytes != 0)
		append_integer(text, "lost_bytes", (long long)segment->lost_bytes);
	if (segment->birth_ns > 0)
		append_integer(text, "birth_ns", (long long)segment->birth_ns);
	if (segment->state == SEGMENT_FAILED) {
		append_key(text, "unreadable", 0);
		text_append(text, segment->unreadable ? "true" : "false",
		    segment->unreadable ? 4 : 5);
	}
	text_append(text, "\n  }", 4);
	return 0;
}

/* Sets TEXT to SEGMENT's text, as an element of the segments array.
 * Names and reasons in UTF-8, as the engine keeps them, are written
 * directly; anything else goes through Jansson, which refuses a name
 * (and leaves out a reason) that is not. Returns 0, -1 if the encoder
 * failed, or NOT_UTF8. */
static int
encode_segment(struct text *text, const struct segment *segment)
{
	json_t *object;
	int result;

	if (escape_is_utf8(segment->name, strlen(segment->name)) &&
	    (segment->reason == NULL ||
	    escape_is_utf8(segment->reason, strlen(segment->reason))))
		return encode_segment_text(text, segment);
	if ((object = segment_to_json(segment)) == NULL)
		return NOT_UTF8;
	result = encode_value(text, object, 2);
	json_decref(object);
	return result;
}

static int
write_text(struct fsutil_replace *file, const char *text)
{
	return fsutil_replace_write(file, text, strlen(text));
}

/* Returns a new, empty cache for ckpt_write_cached; the caller owns it. */
struct ckpt_cache *
ckpt_cache_new(void)
{
	return xcalloc(1, sizeof (struct ckpt_cache));
}

/* Frees the first COUNT of SEGMENTS, and the array. */
static void
free_cached(struct cached_segment *segments, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(segments[i].name);
		free(segments[i].reason);
		free(segments[i].text);
	}
	free(segments);
}

void
ckpt_cache_free(struct ckpt_cache *cache)
{
	if (cache == NULL)
		return;
	free_cached(cache->segments, cache->count);
	free(cache);
}

static int
same_id(const struct segment_id *a, const struct segment_id *b)
{
	return a->device == b->device && a->inode == b->inode &&
	    a->fingerprint == b->fingerprint &&
	    a->fingerprint_bytes == b->fingerprint_bytes;
}

/* Returns 1 if A and B, strings or NULL, are equal. */
static int
same_optional(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Returns 1 if CACHED was made from what segment_to_json writes of
 * SEGMENT, so that its text is SEGMENT's. The numbers a worker changes
 * come first: they tell most segments apart at once. */
static int
cached_matches(const struct cached_segment *cached,
    const struct segment *segment)
{
	return cached->text != NULL && cached->offset == segment->offset &&
	    cached->lines == segment->lines && cached->size == segment->size &&
	    cached->last_updated == segment->last_updated &&
	    cached->state == segment->state &&
	    cached->lost_bytes == segment->lost_bytes &&
	    cached->birth_ns == segment->birth_ns &&
	    cached->unreadable == segment->unreadable &&
	    same_id(&cached->id, &segment->id) &&
	    strcmp(cached->name, segment->name) == 0 &&
	    same_optional(cached->reason, segment->reason);
}

/* Moves SEGMENT's text, if the last write left it in CACHE, into
 * *CACHED. The engine's table keeps its order from one write to the
 * next, segments appended and removed anywhere, so the text is at *NEXT,
 * just after the last one taken, or a little further when segments
 * before it were removed. Returns 1 if taken, 0 if not there. */
static int
cache_take(struct ckpt_cache *cache, size_t *next,
    const struct segment *segment, struct cached_segment *cached)
{
	size_t i, end = cache->count - *next > CACHE_LOOKAHEAD ?
	    *next + CACHE_LOOKAHEAD : cache->count;

	for (i = *next; i < end; i++) {
		if (cached_matches(&cache->segments[i], segment)) {
			*cached = cache->segments[i];
			memset(&cache->segments[i], 0, sizeof cache->segments[i]);
			*next = i + 1;
			return 1;
		}
	}
	/* Its own text, out of date: the next segment's comes after it. */
	if (*next < cache->count &&
	    same_id(&cache->segments[*next].id, &segment->id))
		(*next)++;
	return 0;
}

/* Copies into *CACHED the fields of SEGMENT that segment_to_json writes,
 * without their text (encoded later, outside the engine's lock). */
static void
cache_copy(struct cached_segment *cached, const struct segment *segment)
{
	cached->name = xstrdup(segment->name);
	cached->reason = segment->reason != NULL ? xstrdup(segment->reason) :
	    NULL;
	cached->id = segment->id;
	cached->state = segment->state;
	cached->size = segment->size;
	cached->offset = segment->offset;
	cached->lines = segment->lines;
	cached->lost_bytes = segment->lost_bytes;
	cached->birth_ns = segment->birth_ns;
	cached->unreadable = segment->unreadable;
	cached->last_updated = segment->last_updated;
	cached->text = NULL;
	cached->length = 0;
}

/* Encodes CACHED's fields, through SCRATCH, into its text. Returns 0, -1
 * if the encoder failed, or NOT_UTF8. */
static int
cache_encode(struct cached_segment *cached, struct text *scratch)
{
	struct segment segment;
	int result;

	memset(&segment, 0, sizeof segment);
	segment.name = cached->name;
	segment.reason = cached->reason;
	segment.id = cached->id;
	segment.state = cached->state;
	segment.size = cached->size;
	segment.offset = cached->offset;
	segment.lines = cached->lines;
	segment.lost_bytes = cached->lost_bytes;
	segment.birth_ns = cached->birth_ns;
	segment.unreadable = cached->unreadable;
	segment.last_updated = cached->last_updated;
	if ((result = encode_segment(scratch, &segment)) != 0)
		return result;
	cached->text = xmalloc(scratch->length);
	memcpy(cached->text, scratch->data, scratch->length);
	cached->length = scratch->length;
	return 0;
}

/* Returns how many segments the last write with CACHE encoded: those
 * that changed since the one before. */
size_t
ckpt_cache_encoded(const struct ckpt_cache *cache)
{
	return cache->encoded;
}

/* Tells CACHE that the table its next stage is given is the one it
 * staged last, the same segments at the same places, of which only the
 * COUNT segments CHANGED may have changed since: that stage then looks
 * at those alone. CHANGED must stay valid until then. */
void
ckpt_cache_expect(struct ckpt_cache *cache, struct segment *const *changed,
    size_t count)
{
	cache->changed = changed;
	cache->changed_count = count;
}

/* Stages again only the segments CACHE was told changed, if the COUNT
 * SEGMENTS are the table it staged last, each at its noted place.
 * Returns 0, or -1 (nothing done) when they are not. */
static int
restage_changed(struct ckpt_cache *cache, struct segment *const *segments,
    size_t count)
{
	struct cached_segment *cached;
	const struct segment *segment;
	size_t i;

	if (cache->changed == NULL || cache->count != count)
		return -1;
	for (i = 0; i < cache->changed_count; i++) {
		segment = cache->changed[i];
		if (segment->table_place >= count ||
		    segments[segment->table_place] != segment)
			return -1;
	}
	for (i = 0; i < cache->changed_count; i++) {
		segment = cache->changed[i];
		cached = &cache->segments[segment->table_place];
		if (cached_matches(cached, segment))
			continue;
		free(cached->name);
		free(cached->reason);
		free(cached->text);
		cache_copy(cached, segment);
	}
	return 0;
}

/* Brings CACHE to the COUNT SEGMENTS, in their order: those unchanged
 * since the last write keep their text, the others are copied, to be
 * encoded by the next write. It copies only what changed, so the engine
 * calls it under its lock and writes outside; told which segments alone
 * changed (ckpt_cache_expect), it looks at those only. Notes each
 * segment's place in the table. */
void
ckpt_cache_stage(struct ckpt_cache *cache, struct segment *const *segments,
    size_t count)
{
	struct cached_segment *staged;
	size_t i, next = 0;

	if (restage_changed(cache, segments, count) == 0) {
		cache->changed = NULL;
		return;
	}
	cache->changed = NULL;
	staged = xreallocarray(NULL, count + 1, sizeof *staged);
	for (i = 0; i < count; i++) {
		segments[i]->table_place = i;
		if (!cache_take(cache, &next, segments[i], &staged[i]))
			cache_copy(&staged[i], segments[i]);
	}
	free_cached(cache->segments, cache->count);
	cache->segments = staged;
	cache->count = count;
}

/* Encodes the segments CACHE holds without their text. Returns 0, -1 (the
 * encoder failed) or NOT_UTF8; a segment left without text is encoded
 * again by the next write. */
static int
cache_encode_staged(struct ckpt_cache *cache, struct text *scratch)
{
	size_t i;
	int result;

	cache->encoded = 0;
	for (i = 0; i < cache->count; i++) {
		if (cache->segments[i].text != NULL)
			continue;
		if ((result = cache_encode(&cache->segments[i], scratch)) != 0)
			return result;
		cache->encoded++;
	}
	return 0;
}

/* Writes segment number INDEX: its text in CACHE if there is one
 * (staged and encoded), or else CKPT's, encoded in SCRATCH. Returns 0,
 * -1 if a write or the encoder failed, or NOT_UTF8. */
static int
write_segment(struct fsutil_replace *file, const struct ckpt *ckpt,
    size_t index, const struct ckpt_cache *cache, struct text *scratch)
{
	int result;

	if (cache != NULL)
		return fsutil_replace_write(file, cache->segments[index].text,
		    cache->segments[index].length);
	if ((result = encode_segment(scratch, ckpt->segments[index])) != 0)
		return result;
	return fsutil_replace_write(file, scratch->data, scratch->length);
}

/* Writes the segments array, the checkpoint's last member, a segment at
 * a time: CACHE's if there is one, else CKPT's, each encoded and written
 * before the next, so that memory does not grow with their number.
 * Returns 0, -1 if a write failed, or NOT_UTF8. */
static int
write_segments(struct fsutil_replace *file, const struct ckpt *ckpt,
    const struct ckpt_cache *cache, struct text *scratch)
{
	size_t i, count = cache != NULL ? cache->count : ckpt->segment_count;
	int result;

	if (write_text(file, ",\n \"segments\": [") != 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (write_text(file, i == 0 ? "\n  " : ",\n  ") != 0)
			return -1;
		if ((result = write_segment(file, ckpt, i, cache, scratch)) != 0)
			return result;
	}
	return write_text(file, count > 0 ? "\n ]\n}" : "]\n}");
}

/* Streams CKPT into FILE: HEAD (head_to_json), dumped whole but for its
 * closing "\n}", then the segments. The text is exactly
 * json_dumps(ckpt_to_json(CKPT), CKPT_DUMP_FLAGS): indented, keys in
 * order, no newline at the end. Returns 0, -1 if a write (or the
 * encoder) failed, or NOT_UTF8. */
static int
write_ckpt(struct fsutil_replace *file, json_t *head, const struct ckpt *ckpt,
    const struct ckpt_cache *cache, struct text *scratch)
{
	static const char end[] = "\n}";
	size_t length;

	if (encode_value(scratch, head, 0) != 0 ||
	    scratch->length < sizeof end - 1)
		return -1;
	length = scratch->length - (sizeof end - 1);
	if (memcmp(scratch->data + length, end, sizeof end - 1) != 0 ||
	    fsutil_replace_write(file, scratch->data, length) != 0)
		return -1;
	return write_segments(file, ckpt, cache, scratch);
}

/* Returns 1 if NAME is a plain name in the log directory that belongs to
 * PATTERN: the pattern itself, PATTERN.something, or PATTERN-something
 * (logrotate's dateext), in UTF-8 (so the checkpoint's JSON can hold
 * it), without '/' or control characters. */
int
ckpt_name_valid(const char *name, const char *pattern)
{
	size_t length = strlen(pattern);
	const char *separator = name + length;
	const unsigned char *p;

	if (strncmp(name, pattern, length) != 0)
		return 0;
	if (*separator != '\0' && ((*separator != '.' && *separator != '-') ||
	    separator[1] == '\0'))
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

/* Reads a string member KEY of OBJECT. Returns it, or NULL with *CAUSE
 * (json_string_value gives NULL for a missing member or another type). */
static const char *
get_string(json_t *object, const char *key, const char *where, char **cause)
{
	const char *string = json_string_value(json_object_get(object, key));

	if (string == NULL)
		xasprintf(cause, _("%s.%s: missing, or not a string"), where, key);
	return string;
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
	if (timestamp_parse(text, strlen(text), &sec, &nsec) != 0 ||
	    sec < FIRST_TIME || sec > LAST_TIME)
		return (xasprintf(cause, _("%s.%s: not an RFC 3339 time"), where,
		    key), -1);
	*when = (time_t)sec;
	return 0;
}

/* Decodes the optional fields of segment WHERE that the scanner keeps
 * of its file: its birth time, and, for a failed segment, whether its
 * file could not be opened. Called once the state is known. */
static int
identity_extras_from_json(json_t *object, struct segment *segment,
    const char *where, char **cause)
{
	json_t *unreadable = json_object_get(object, "unreadable");
	uint64_t birth = 0;

	if (json_object_get(object, "birth_ns") != NULL &&
	    get_count(object, "birth_ns", INT64_MAX, &birth, where, cause) != 0)
		return -1;
	segment->birth_ns = (int64_t)birth;
	if (unreadable != NULL && !json_is_boolean(unreadable))
		return (xasprintf(cause, _("%s.unreadable: not true or false"),
		    where), -1);
	/* A checkpoint of before "unreadable" was kept says no more than
	 * that a segment failed before a byte of it was read: its file could
	 * not be opened. */
	if (unreadable != NULL)
		segment->unreadable = json_is_true(unreadable);
	else
		segment->unreadable = segment->state == SEGMENT_FAILED &&
		    segment->id.fingerprint_bytes == 0;
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
	return identity_extras_from_json(object, segment, where, cause);
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

/* The segments decoded so far by device and inode: open addressing, at
 * least twice as many slots as segments, each holding a segment's index
 * plus one (0: empty). Looking each new segment up in all the earlier
 * ones made loading a checkpoint quadratic in its segments. */
struct inode_set {
	size_t *slots;
	size_t mask;
};

static size_t
inode_slot(const struct inode_set *set, const struct segment_id *id)
{
	uint64_t hash = (id->inode ^ id->device * UINT64_C(0x9e3779b97f4a7c15)) *
	    UINT64_C(0xff51afd7ed558ccd);

	return (size_t)(hash ^ hash >> 32) & set->mask;
}

/* Rejects a segment that is the same file (device and inode) as an
 * earlier one, and else notes it in SET, as CKPT's next segment. Names
 * may repeat: a segment missing from the last scan keeps its old name
 * until it is found again or given up. A segment without an inode (0:
 * given up on) is never the same file as another. */
static int
check_duplicate(const struct ckpt *ckpt, struct inode_set *set,
    const struct segment *segment, char **cause)
{
	const struct segment *other;
	size_t at;

	if (segment->id.inode == 0)
		return 0;
	for (at = inode_slot(set, &segment->id); set->slots[at] != 0;
	    at = (at + 1) & set->mask) {
		other = ckpt->segments[set->slots[at] - 1];
		if (other->id.inode == segment->id.inode &&
		    other->id.device == segment->id.device)
			return (xasprintf(cause, _("segments[%zu]: the same file as "
			    "segments[%zu] ('%s')"), ckpt->segment_count,
			    set->slots[at] - 1, other->name), -1);
	}
	set->slots[at] = ckpt->segment_count + 1;
	return 0;
}

static int
segments_from_json(struct ckpt *ckpt, json_t *array, char **cause)
{
	struct segment *segment;
	struct inode_set set;
	size_t i, size = 16;
	int result = 0;

	if (!json_is_array(array) || json_array_size(array) > MAX_SEGMENTS)
		return (xasprintf(cause, _("segments: not an array of at most %d"),
		    MAX_SEGMENTS), -1);
	ckpt->segments = xreallocarray(NULL, json_array_size(array) + 1,
	    sizeof *ckpt->segments);
	while (size < 2 * json_array_size(array))
		size *= 2;
	set.slots = xcalloc(size, sizeof *set.slots);
	set.mask = size - 1;
	for (i = 0; i < json_array_size(array) && result == 0; i++) {
		segment = segment_from_json(json_array_get(array, i), i,
		    ckpt->pattern, cause);
		if (segment == NULL)
			result = -1;
		else if ((result = check_duplicate(ckpt, &set, segment,
		    cause)) != 0)
			segment_free(segment);
		else
			ckpt->segments[ckpt->segment_count++] = segment;
	}
	free(set.slots);
	return result;
}

/* Decodes the device and inode of sink KEY, OBJECT, if it has them (an
 * older logproc did not write them): then its PATH must be absolute. */
static int
sink_identity_from_json(json_t *object, const char *key, const char *path,
    struct ckpt_sink *sink, char **cause)
{
	if (json_object_get(object, "device") == NULL &&
	    json_object_get(object, "inode") == NULL)
		return 0;
	if (get_u64(object, "device", &sink->device, key, cause) != 0 ||
	    get_u64(object, "inode", &sink->inode, key, cause) != 0)
		return -1;
	if (path[0] != '/')
		return (xasprintf(cause, _("%s.path: not an absolute path"), key),
		    -1);
	sink->has_identity = 1;
	return 0;
}

/* Decodes member KEY, null or {"path", "device", "inode",
 * "committed_bytes"} (device and inode both or neither), into SINK. */
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
	    key, cause) != 0 ||
	    sink_identity_from_json(object, key, path, sink, cause) != 0)
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
	ckpt->schema = json_incref(json_object_get(root, "schema"));
	if (ckpt->schema != NULL && !json_is_object(ckpt->schema) &&
	    !json_is_null(ckpt->schema))
		return (xasprintf(cause, _("schema: not an object or null")), -1);
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

/* Writes CKPT, whose members but the segments are HEAD, to a new
 * checkpoint in OFFSETS_DIR, which replaces the old one only when whole;
 * with CACHE, the segments staged in it instead of CKPT's. Returns 0, -1
 * with *CAUSE, or NOT_UTF8. */
static int
store(const struct ckpt *ckpt, json_t *head, struct ckpt_cache *cache,
    struct text *scratch, const char *offsets_dir, char **cause)
{
	struct fsutil_replace file;
	char *path = ckpt_path(offsets_dir);
	int result = fsutil_replace_open(&file, path, cause);

	free(path);
	if (result != 0)
		return -1;
	if (cache != NULL)
		result = cache_encode_staged(cache, scratch);
	if (result == 0)
		result = write_ckpt(&file, head, ckpt, cache, scratch);
	if (result == 0)
		return fsutil_replace_commit(&file, cause);
	if (result == NOT_UTF8) {
		fsutil_replace_abort(&file, 0, NULL);
		return NOT_UTF8;
	}
	/* A write failed (its error is the cause), or else the encoder. */
	return fsutil_replace_abort(&file, EINVAL, cause);
}

/* Writes CKPT's members but its segments, and the segments staged in
 * CACHE (ckpt_cache_stage), to OFFSETS_DIR/checkpoint.json atomically and
 * durably; only the staged segments that changed since the last write
 * with CACHE are encoded. A name that is not UTF-8, or a failed write,
 * leaves the old file as it was. Returns 0, or -1 with *CAUSE. */
int
ckpt_write_staged(const struct ckpt *ckpt, struct ckpt_cache *cache,
    const char *offsets_dir, char **cause)
{
	struct text scratch = { NULL, 0, 0 };
	json_t *head = head_to_json(ckpt);
	int result;

	if (head == NULL)
		return not_utf8(offsets_dir, cause);
	result = store(ckpt, head, cache, &scratch, offsets_dir, cause);
	json_decref(head);
	free(scratch.data);
	return result == NOT_UTF8 ? not_utf8(offsets_dir, cause) : result;
}

/* Writes CKPT to OFFSETS_DIR/checkpoint.json atomically and durably. With
 * CACHE (from ckpt_cache_new; NULL: none), only the segments that changed
 * since the last write with it are encoded, and CACHE then holds this
 * write's; without, the file is streamed and memory does not grow with
 * the segments. Returns 0, or -1 with *CAUSE. */
int
ckpt_write_cached(const struct ckpt *ckpt, struct ckpt_cache *cache,
    const char *offsets_dir, char **cause)
{
	if (cache != NULL)
		ckpt_cache_stage(cache, ckpt->segments, ckpt->segment_count);
	return ckpt_write_staged(ckpt, cache, offsets_dir, cause);
}

/* Writes CKPT, every segment encoded: ckpt_write_cached without a
 * cache. */
int
ckpt_write(const struct ckpt *ckpt, const char *offsets_dir, char **cause)
{
	return ckpt_write_cached(ckpt, NULL, offsets_dir, cause);
}

/* Parses checkpoint file PATH, open as FD (which it closes), into CKPT.
 * Returns 1, or -1 with *CAUSE naming the file. */
static int
load_fd(struct ckpt *ckpt, int fd, const char *path, char **cause)
{
	FILE *file = fdopen(fd, "r");
	json_error_t error;
	json_t *root;
	char *reason;
	int result = 1;

	if (file == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	root = json_loadf(file, JSON_REJECT_DUPLICATES, &error);
	fclose(file);
	if (root == NULL) {
		xasprintf(cause, _("%s: line %d: %s"), path, error.line, error.text);
		result = -1;
	} else if (ckpt_from_json(ckpt, root, &reason) != 0) {
		xasprintf(cause, "%s: %s", path, reason);
		free(reason);
		result = -1;
	}
	json_decref(root);
	return result;
}

/* Loads OFFSETS_DIR/checkpoint.json into CKPT (ckpt_init'ed). Returns 1
 * when loaded, 0 when there is none, -1 with *CAUSE (naming the file)
 * when it cannot be read, is not a regular file (a FIFO, a directory or
 * a symbolic link there is refused at once, never waited on) or is not
 * a valid checkpoint. */
int
ckpt_load(struct ckpt *ckpt, const char *offsets_dir, char **cause)
{
	char *path = ckpt_path(offsets_dir), *reason = NULL;
	int fd = fsutil_open_regular(path, O_RDONLY | O_NOFOLLOW, 0, &reason);
	int result;

	if (fd < 0) {
		result = errno == ENOENT ? 0 : -1;
		if (result == 0)
			free(reason);
		else
			*cause = reason;
		free(path);
		return result;
	}
	result = load_fd(ckpt, fd, path, cause);
	free(path);
	return result;
}

/* Tells, in *CAUSE, who holds lock file FD of OFFSETS_DIR: the process
 * ID it holds. Returns -1. */
static int
lock_held(int fd, const char *offsets_dir, char **cause)
{
	char pid[32];
	ssize_t got = pread(fd, pid, sizeof pid - 1, 0);

	pid[got > 0 ? got : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	xasprintf(cause, _("%s: in use by another logproc (pid %s)"),
	    offsets_dir, pid[0] != '\0' ? pid : "?");
	return -1;
}

/* Takes the lock of OFFSETS_DIR, so that one logproc at a time uses it;
 * the lock goes with the process, even after kill -9. The lock file must
 * be a regular file: a FIFO, a directory or a symbolic link there is
 * refused at once. Returns 0 with *FD held open, or -1 with *CAUSE
 * naming the lock file and the problem, or the directory and the
 * holder. */
int
ckpt_lock(const char *offsets_dir, int *fd, char **cause)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char *path, pid[32];
	int result = 0;

	xasprintf(&path, "%s/%s", offsets_dir, CKPT_LOCK_FILE);
	*fd = fsutil_open_regular(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0644,
	    cause);
	if (*fd < 0) {
		free(path);
		return -1;
	}
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (fcntl(*fd, LOCK_COMMAND, &lock) != 0)
		result = lock_held(*fd, offsets_dir, cause);
	else if (ftruncate(*fd, 0) != 0 || pwrite(*fd, pid, strlen(pid), 0) < 0)
		result = (xasprintf(cause, "%s: %s", path, strerror(errno)), -1);
	if (result != 0)
		close(*fd);
	free(path);
	return result;
}
