/* timestamp.h: RFC 3339 timestamps as seconds and nanoseconds. */
#ifndef LOGPROC_TIMESTAMP_H
#define LOGPROC_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

int timestamp_parse(const char *text, size_t length, int64_t *sec,
    int32_t *nsec);

#endif /* LOGPROC_TIMESTAMP_H */
