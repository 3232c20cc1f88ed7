/* duration.h: a record's duration, in whatever unit its logger writes,
 * as whole milliseconds. */
#ifndef LOGPROC_DURATION_H
#define LOGPROC_DURATION_H

#include <stddef.h>
#include <stdint.h>

#define DURATION_LIMIT_MS UINT64_C(9000000000000000000)	/* 9e18 */

/* The unit of a duration written as a bare number. */
enum duration_unit {
	DURATION_NS,
	DURATION_US,
	DURATION_MS,
	DURATION_S
};

enum duration_result {
	DURATION_OK,
	DURATION_NEGATIVE,
	DURATION_TOO_LARGE,	/* DURATION_LIMIT_MS or more */
	DURATION_UNREADABLE
};

const char *duration_unit_name(enum duration_unit unit);
int duration_unit_from_name(const char *name, enum duration_unit *out);

enum duration_result duration_from_integer(enum duration_unit unit,
    int64_t value, uint64_t *ms);
enum duration_result duration_from_real(enum duration_unit unit,
    double value, uint64_t *ms);
enum duration_result duration_from_text(enum duration_unit unit,
    const char *text, size_t length, uint64_t *ms);

#endif /* LOGPROC_DURATION_H */
