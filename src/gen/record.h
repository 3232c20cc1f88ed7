/* record.h: one log record and its JSON-lines encoding. */
#ifndef LOGPROC_RECORD_H
#define LOGPROC_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "common/level.h"

#define RECORD_NO_USER (-1)

struct record {
	int64_t ts_sec;		/* seconds since the epoch, UTC */
	uint32_t ts_nsec;	/* 0..999999999 */
	enum level level;
	const char *service;
	const char *message;
	uint32_t request_id;	/* printed as "req-" and 8 hex digits */
	int32_t user_id;	/* "user-N", or RECORD_NO_USER for none */
	uint32_t duration_ms;
};

/* Remembers the formatted date of the last second seen, so that records
 * within one second share the expensive part of the timestamp. */
struct record_encoder {
	int64_t cached_sec;
	int cached_valid;
	char date[21];		/* "YYYY-MM-DDTHH:MM:SS." */
};

void record_encoder_init(struct record_encoder *encoder);
size_t record_max_length(const struct record *record);
size_t record_encode(struct record_encoder *encoder,
    const struct record *record, char *buf);
size_t record_format_time(struct record_encoder *encoder, int64_t sec,
    uint32_t nsec, char *buf);

#endif /* LOGPROC_RECORD_H */
