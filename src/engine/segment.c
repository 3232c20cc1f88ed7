/* segment.c: segment records and fingerprints. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/segment.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static const char *const state_names[SEGMENT_STATE_COUNT] = {
	"pending", "processing", "complete", "failed"
};

const char *
segment_state_name(enum segment_state state)
{
	return state_names[state];
}

/* Parses a state name as written in the checkpoint. */
int
segment_state_parse(const char *name, enum segment_state *state)
{
	int i;

	for (i = 0; i < SEGMENT_STATE_COUNT; i++) {
		if (strcmp(state_names[i], name) == 0) {
			*state = (enum segment_state)i;
			return 0;
		}
	}
	return -1;
}

/* Hashes LENGTH bytes of DATA (64-bit FNV-1a). */
uint64_t
segment_hash(const unsigned char *data, size_t length)
{
	uint64_t hash = FNV_OFFSET;
	size_t i;

	for (i = 0; i < length; i++)
		hash = (hash ^ data[i]) * FNV_PRIME;
	return hash;
}

/* Returns 1 if NAME ends with SUFFIX. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t length = strlen(name), suffix_length = strlen(suffix);

	return length >= suffix_length &&
	    strcmp(name + length - suffix_length, suffix) == 0;
}

/* Returns how the file NAME is compressed, going by the suffixes that
 * logrotate's compressors give: gzip is read; the others are not. */
enum segment_compression
segment_compression(const char *name)
{
	static const char *const unsupported[] = {
		".bz2", ".xz", ".zst", ".lz4", ".lzma", ".lz", ".Z", ".zip"
	};
	size_t i;

	if (ends_with(name, ".gz"))
		return SEGMENT_GZIP;
	for (i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
		if (ends_with(name, unsupported[i]))
			return SEGMENT_UNSUPPORTED;
	}
	return SEGMENT_PLAIN;
}

/* Returns a new pending segment called NAME, read from the start. */
struct segment *
segment_new(const char *name, const struct segment_id *id)
{
	struct segment *segment = xcalloc(1, sizeof *segment);

	segment->name = xstrdup(name);
	segment->id = *id;
	segment->state = SEGMENT_PENDING;
	segment->worker = -1;
	return segment;
}

void
segment_free(struct segment *segment)
{
	if (segment == NULL)
		return;
	free(segment->name);
	free(segment->reason);
	free(segment);
}

void
segment_rename(struct segment *segment, const char *name)
{
	if (strcmp(segment->name, name) != 0) {
		free(segment->name);
		segment->name = xstrdup(name);
	}
}

/* Marks SEGMENT failed for REASON (copied). */
void
segment_fail(struct segment *segment, const char *reason)
{
	free(segment->reason);
	segment->reason = xstrdup(reason);
	segment->state = SEGMENT_FAILED;
}

/* Returns the length of NAME without a final ".gz". */
static size_t
stem_length(const char *name)
{
	size_t length = strlen(name);

	if (length > 3 && strcmp(name + length - 3, ".gz") == 0)
		length -= 3;
	return length;
}

/* Returns N if NAME is PATTERN.N (or PATTERN.N.gz), logrotate's numbered
 * scheme, else -1. Eight digits or more are a date (dateformat .%Y%m%d),
 * not a number of rotations. */
static long
rotation_number(const char *name, const char *pattern)
{
	size_t prefix = strlen(pattern), stem = stem_length(name), i;
	long number = 0;

	if (stem <= prefix + 1 || stem - prefix - 1 > 7 ||
	    strncmp(name, pattern, prefix) != 0 || name[prefix] != '.')
		return -1;
	for (i = prefix + 1; i < stem; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		number = number * 10 + (name[i] - '0');
	}
	return number;
}

/* Returns the rank of NAME's kind among segments of PATTERN of the same
 * time: other names first, then numbered ones, then the active file. */
static int
name_rank(const char *name, const char *pattern)
{
	if (strcmp(name, pattern) == 0)
		return 2;
	return rotation_number(name, pattern) >= 0;
}

/* Orders segments of PATTERN whose times are equal (unpacked from an
 * archive, say) by what their names say of their age: the active file is
 * the newest; of numbered names the higher number is the older; others
 * (timestamps, dates) sort by name, a final .gz aside, and a name that
 * only adds to another (a second rotation within the same second) comes
 * after it. Kinds are ranked first, so that the order is one a sort can
 * use (transitive). Returns less than 0 if A is the older. */
int
segment_name_order(const char *a, const char *b, const char *pattern)
{
	int a_rank = name_rank(a, pattern), b_rank = name_rank(b, pattern);
	long a_number = rotation_number(a, pattern);
	long b_number = rotation_number(b, pattern);
	size_t a_stem = stem_length(a), b_stem = stem_length(b);
	int order;

	if (a_rank != b_rank)
		return a_rank < b_rank ? -1 : 1;
	if (a_number != b_number)
		return a_number > b_number ? -1 : 1;
	order = memcmp(a, b, a_stem < b_stem ? a_stem : b_stem);
	if (order != 0)
		return order;
	if (a_stem != b_stem)
		return a_stem < b_stem ? -1 : 1;
	return strcmp(a, b);
}

/* Returns 1 if a file whose first bytes are HEAD starts with SEGMENT's
 * fingerprinted bytes; HEAD keeps the hash for the next segment. */
int
segment_matches(const struct segment *segment, struct segment_head *head)
{
	uint32_t bytes = segment->id.fingerprint_bytes;

	if (bytes == 0)
		return 1;
	if (head->length < bytes)
		return 0;
	if (head->hashed_bytes != bytes) {
		head->hash = segment_hash(head->bytes, bytes);
		head->hashed_bytes = bytes;
	}
	return head->hash == segment->id.fingerprint;
}

/* Returns 1 if a worker should take SEGMENT now: it is pending and has
 * bytes no worker has found wanting yet, or it is rotated and settled
 * with a final line to take (at once with --once). */
int
segment_ready(const struct segment *segment, int once)
{
	if (segment->state != SEGMENT_PENDING || !segment->present ||
	    segment->retired || segment->needs_scan)
		return 0;
	if (segment->size > segment->stalled_size)
		return 1;
	return !segment->active && (segment->stable || once) &&
	    segment->offset <= segment->size;
}
