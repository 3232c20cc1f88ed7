/* timestamp.h: RFC 3339 timestamps as seconds and nanoseconds. */
#ifndef LOGPROC_TIMESTAMP_H
#define LOGPROC_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

#define TIMESTAMP_HEAD_SIZE 19	/* "YYYY-MM-DDTHH:MM:SS" */

/* The date and time of day last read, and what they came to. */
struct timestamp_memo {
	char head[TIMESTAMP_HEAD_SIZE];
	int64_t seconds;		/* since the epoch, offset not applied */
	int leap;			/* the second was 60 */
	int set;
};

int timestamp_parse_memo(struct timestamp_memo *memo, const char *text,
    size_t length, int64_t *sec, int32_t *nsec);
int timestamp_parse(const char *text, size_t length, int64_t *sec,
    int32_t *nsec);

#endif /* LOGPROC_TIMESTAMP_H */
