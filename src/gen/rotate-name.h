/* rotate-name.h: the names of rotated segments in each rotation scheme. */
#ifndef LOGPROC_ROTATE_NAME_H
#define LOGPROC_ROTATE_NAME_H

#include <stddef.h>
#include <stdint.h>

enum rotate_scheme {
	ROTATE_TIMESTAMP,	/* PATTERN.YYYYMMDD-HHMMSS[-NNNNNN] */
	ROTATE_NUMBERED,	/* PATTERN.N, shifted up at each rotation */
	ROTATE_DATEEXT		/* PATTERN-YYYYMMDD-HHMMSS[_NNNNNN] */
};

/* Largest collision suffix: PATTERN.YYYYMMDD-HHMMSS-999999. */
#define ROTATE_MAX_SEQUENCE 999999u
#define ROTATE_STAMP_SIZE 16	/* "YYYYMMDD-HHMMSS" and its NUL */
/* Room for any name rotate_name_format() makes from a valid pattern. */
#define ROTATE_NAME_SIZE 4096
#define ROTATE_GZ_SUFFIX ".gz"

/* A segment name taken apart. Which fields count depends on the scheme. */
struct rotate_name {
	char stamp[ROTATE_STAMP_SIZE];	/* timestamp, dateext: the second */
	unsigned sequence;		/* their collision suffix; 0: none */
	uint64_t number;		/* numbered: the N of PATTERN.N */
	int compressed;			/* ends with .gz */
};

void rotate_name_stamp(char *stamp, int64_t sec);
int rotate_name_format(char *buf, size_t size, enum rotate_scheme scheme,
    const char *pattern, const struct rotate_name *name);
int rotate_name_parse(enum rotate_scheme scheme, const char *pattern,
    const char *file, struct rotate_name *name);
int rotate_name_compare(enum rotate_scheme scheme,
    const struct rotate_name *a, const struct rotate_name *b);

#endif /* LOGPROC_ROTATE_NAME_H */
