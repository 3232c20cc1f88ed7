/* timestamp.h: RFC 3339 timestamps, Python's, and epoch numbers, as
 * seconds and nanoseconds. */
#ifndef LOGPROC_TIMESTAMP_H
#define LOGPROC_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

#define TIMESTAMP_HEAD_SIZE 19	/* "YYYY-MM-DDTHH:MM:SS" */
#define TIMESTAMP_TEXT_SIZE 31	/* "YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ" and NUL */
#define TIMESTAMP_SEC_MIN INT64_C(-62167219200)	/* 0000-01-01T00:00:00Z */
#define TIMESTAMP_SEC_MAX INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

/* How a schema's time field is written. */
enum time_format {
	TIME_RFC3339,		/* 2026-01-02T12:30:45.5Z, 'T' or ' ' */
	TIME_EPOCH_S,		/* a number of seconds since the epoch */
	TIME_EPOCH_MS,
	TIME_EPOCH_US,
	TIME_EPOCH_NS,
	TIME_EPOCH_AUTO,	/* the unit by the magnitude */
	TIME_PYTHON,		/* 2026-01-02 12:30:45,500, zone optional */
	TIME_ANY		/* any of RFC 3339, Python, epoch auto */
};

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

int timestamp_from_text(struct timestamp_memo *memo,
    enum time_format format, int32_t zone_offset, const char *text,
    size_t length, int64_t *sec, int32_t *nsec);
int timestamp_from_integer(enum time_format format, int64_t value,
    int64_t *sec, int32_t *nsec);
int timestamp_from_real(enum time_format format, double value,
    int64_t *sec, int32_t *nsec);
size_t timestamp_format(int64_t sec, int32_t nsec, char *buf, size_t size);

/* The text of the second last formatted, for a caller that formats many
 * times of one second. All zeros: nothing yet. */
struct timestamp_text_memo {
	int64_t sec;
	char text[TIMESTAMP_TEXT_SIZE];
	int set;
};

size_t timestamp_format_memo(struct timestamp_text_memo *memo, int64_t sec,
    int32_t nsec, char *buf, size_t size);
int timestamp_zone_parse(const char *text, int32_t *offset);

const char *timestamp_format_name(enum time_format format);
int timestamp_format_from_name(const char *name, enum time_format *out);

#endif /* LOGPROC_TIMESTAMP_H */
