/* rotate.h: renaming the active file to a segment, in one of three
 * schemes, compressing segments and removing the oldest. */
#ifndef LOGPROC_ROTATE_H
#define LOGPROC_ROTATE_H

#include <stddef.h>
#include <stdint.h>

#include "gen/rotate-name.h"

/* How to rotate; all zeros is the timestamp scheme, plain, keeping all. */
struct rotate_options {
	enum rotate_scheme scheme;
	uint64_t keep;			/* segments to keep; 0: all */
	int compress;			/* gzip each segment */
	int delay_compress;		/* ... one rotation later */
};

/* The rotation state of one directory and pattern. */
struct rotator {
	int dirfd;
	const char *pattern;
	struct rotate_options options;
	/* The newest segment (timestamp, dateext): new names never sort
	 * before it, so name order stays the order of rotation even when
	 * the clock (or a seeded run's simulated clock) goes back. */
	struct rotate_name newest;
	int has_newest;
	/* The segments present, oldest first: always for numbered (they are
	 * shifted), with --keep for the others (the oldest are removed). */
	struct rotate_name *present;
	size_t present_count;
	size_t present_capacity;
	size_t foreign;			/* the oldest present ones, not ours */
	uint64_t own_deleted;		/* segments of this run --keep deleted */
};

int rotate_init(struct rotator *rotator, int dirfd, const char *pattern,
    const struct rotate_options *options, char **cause);
int rotate_segment(struct rotator *rotator, int64_t sec, char **name,
    char **cause);
void rotate_free(struct rotator *rotator);

#endif /* LOGPROC_ROTATE_H */
