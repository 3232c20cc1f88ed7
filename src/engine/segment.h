/* segment.h: one log file as the engine tracks it. A segment is known by
 * what it is, not by its name: device and inode, plus a hash of its first
 * bytes (the fingerprint), so a rename carries its progress along and a
 * reused inode with new content is recognised as new. */
#ifndef LOGPROC_SEGMENT_H
#define LOGPROC_SEGMENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SEGMENT_FINGERPRINT_MAX 256	/* bytes hashed at most */

enum segment_state {
	SEGMENT_PENDING,	/* has or may get lines to read */
	SEGMENT_PROCESSING,	/* a worker is reading it */
	SEGMENT_COMPLETE,	/* rotated and read to its end */
	SEGMENT_FAILED,		/* given up on; see reason */
	SEGMENT_STATE_COUNT
};

struct segment_id {
	uint64_t device;
	uint64_t inode;
	uint64_t fingerprint;		/* hash of the first fingerprint_bytes */
	uint32_t fingerprint_bytes;
};

struct segment {
	char *name;			/* current name in the log directory */
	struct segment_id id;
	enum segment_state state;
	char *reason;			/* why it failed, or NULL */
	uint64_t size;			/* size when last seen */
	int64_t mtime_ns;		/* modification time when last seen */
	int64_t birth_ns;		/* its file's birth time; 0: not known */
	uint64_t offset;		/* bytes consumed: whole lines only */
	uint64_t lines;			/* lines consumed, over all runs */
	uint64_t lost_bytes;		/* unread when it vanished */
	time_t last_updated;		/* wall clock of the last progress */
	int active;			/* named exactly like the pattern */
	int present;			/* seen by the last scan */
	int stable;			/* unchanged over the last scan interval */
	int retired;			/* its content left its inode */
	int needs_scan;			/* its name was stale: wait for a scan */
	int unreadable;			/* failed: its file could not be opened */
	unsigned missing_scans;		/* scans in a row that missed it */
	int worker;			/* the worker reading it, or -1 */
	uint64_t stalled_size;		/* size at which no line was left */
	int warned_cr;			/* "no line end" said for it */
	size_t table_place;		/* its index in the table when last
					   the whole table was gone over (a
					   dispatcher's rebuild, a whole
					   checkpoint stage); true while no
					   segment was added or removed */
	int change_noted;		/* in the engine's list of changes
					   since the last checkpoint stage */
};

/* A file's first bytes, as read by a scan, and a memo of their hash: a
 * new file is compared with every segment, and hashing it once per
 * segment would make a scan of a large directory quadratic. */
struct segment_head {
	unsigned char bytes[SEGMENT_FINGERPRINT_MAX];
	size_t length;
	uint32_t hashed_bytes;		/* how many bytes hash covers; 0: none */
	uint64_t hash;
};

/* How a segment's file is compressed, as its name says. */
enum segment_compression {
	SEGMENT_PLAIN,
	SEGMENT_GZIP,			/* NAME.gz: read through zlib */
	SEGMENT_UNSUPPORTED		/* .bz2, .xz, .zst...: not read */
};

enum segment_compression segment_compression(const char *name);
const char *segment_state_name(enum segment_state state);
int segment_state_parse(const char *name, enum segment_state *state);
uint64_t segment_hash(const unsigned char *data, size_t length);
struct segment *segment_new(const char *name, const struct segment_id *id);
void segment_free(struct segment *segment);
void segment_rename(struct segment *segment, const char *name);
void segment_fail(struct segment *segment, const char *reason);
int segment_matches(const struct segment *segment,
    struct segment_head *head);
int segment_ready(const struct segment *segment, int once);
int segment_name_order(const char *a, const char *b, const char *pattern);

#endif /* LOGPROC_SEGMENT_H */
