/* listing.h: one scan's look at the log directory, taken without the
 * engine's lock. It lists PATTERN, PATTERN.* and PATTERN-* (logrotate's
 * dateext), stats each regular file and reads its first bytes (inflated,
 * for a gzip file), unless the file is still as the table last saw it.
 * match.c then matches the listing with the table, under the lock. */
#ifndef LOGPROC_LISTING_H
#define LOGPROC_LISTING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "engine/inodes.h"
#include "engine/segment.h"

struct engine;

/* A regular file of the pattern, as the listing found it. */
struct scanned {
	char *name;
	const char *pattern;		/* the engine's, for the age order */
	struct stat st;
	int64_t birth_ns;		/* its birth time; 0: not known */
	struct segment_head head;
	int compressed;			/* a gzip file */
	uint64_t size;			/* its size, uncompressed */
	int head_skipped;		/* unchanged: head not read (yet) */
	int unreadable;			/* errno of its open (EACCES), or 0 */
	int rewritten;			/* its inode's segment left it */
	struct segment *segment;	/* matched during reconcile */
};

/* A file of the pattern that is not read, and why. */
struct skipped {
	char *name;
	const char *why;
};

/* A file as the table last saw it, copied before the directory is listed:
 * a file that is still so (same inode, time and size) is the same file,
 * and its head is not read again. A scan of 10,000 segments then costs a
 * stat per file rather than an open, a read and a close. A file born
 * since (a reused inode, given the same time) is not the same. */
struct known {
	uint64_t device, inode, size;
	int64_t mtime_ns, birth_ns;
	int compressed;
};

struct listing {
	struct scanned *files;		/* oldest first */
	size_t count, capacity;
	struct skipped *skipped;	/* files of the pattern not read */
	size_t skipped_count;
	char *unreadable;		/* the first file a read failed in */
	int read_error;			/* and its errno */
	int disturbed;			/* the directory changed meanwhile */
	int stopped;			/* cut short by a stop: not whole */
	struct known *known;		/* the table's files as last seen */
	struct inodes known_inodes;
};

/* What reading a file's first bytes gave. */
enum head_result {
	HEAD_READ,
	HEAD_UNOPENED,			/* gone or changing: skipped this scan */
	HEAD_NOT_GZIP,			/* a .gz that is not gzip data */
	HEAD_FAILED			/* a read error, in errno */
};

/* Called, when set, between reading the directory's names and looking
 * at the files: the tests make the directory change there. */
extern void (*listing_hook)(void);

/* Called, when set, instead of the coarse clock a listing judges the
 * directory's times by (settled once the clock passed them): the tests
 * hold it still, as a loaded machine's lagging clock does. */
extern int64_t (*listing_clock)(void);

void listing_know(struct engine *engine, struct listing *listing);
int listing_list(struct engine *engine, struct listing *listing);
void listing_free(struct listing *listing);
enum head_result listing_read_head(struct engine *engine, const char *name,
    struct scanned *file);
int listing_of_pattern(const char *name, const char *pattern);
int64_t listing_mtime_ns(const struct stat *st);

#endif /* LOGPROC_LISTING_H */
