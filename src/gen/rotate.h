/* rotate.h: renaming the active file to a timestamped segment. */
#ifndef LOGPROC_ROTATE_H
#define LOGPROC_ROTATE_H

#include <stddef.h>
#include <stdint.h>

/* Largest collision suffix: PATTERN.YYYYMMDD-HHMMSS-999999. */
#define ROTATE_MAX_SEQUENCE 999999u

/* Remembers the last name used, so that rotations within one second take
 * the next suffix without probing the ones already taken. */
struct rotator {
	int64_t last_sec;
	unsigned last_sequence;
	int used;
};

void rotate_name(char *buf, size_t size, const char *pattern, int64_t sec,
    unsigned sequence);
int rotate_file(struct rotator *rotator, int dirfd, const char *pattern,
    int64_t sec, char **name, char **cause);

#endif /* LOGPROC_ROTATE_H */
