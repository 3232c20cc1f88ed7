/* rotate.h: renaming the active file to a timestamped segment. */
#ifndef LOGPROC_ROTATE_H
#define LOGPROC_ROTATE_H

#include <stddef.h>
#include <stdint.h>

/* Largest collision suffix: PATTERN.YYYYMMDD-HHMMSS-999999. */
#define ROTATE_MAX_SEQUENCE 999999u
#define ROTATE_STAMP_SIZE 16	/* "YYYYMMDD-HHMMSS" and its NUL */

/* The last segment name taken, as a stamp and a suffix number. New names
 * never sort before it, so name order stays the order of rotation even
 * when the clock (or a seeded run's simulated clock) goes back. */
struct rotator {
	char last_stamp[ROTATE_STAMP_SIZE];	/* "" before the first */
	unsigned last_sequence;
};

void rotate_stamp(char *stamp, int64_t sec);
void rotate_name(char *buf, size_t size, const char *pattern,
    const char *stamp, unsigned sequence);
int rotate_init(struct rotator *rotator, int dirfd, const char *pattern,
    char **cause);
int rotate_file(struct rotator *rotator, int dirfd, const char *pattern,
    int64_t sec, char **name, char **cause);

#endif /* LOGPROC_ROTATE_H */
