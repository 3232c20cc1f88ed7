/* stamp.h: the texts of times and durations as the common loggers write
 * them: RFC 3339 at a chosen precision, Python's asctime, epoch numbers,
 * seconds as reals, Rust tracing's "12.0ms". Each writes at OUT, which
 * has room for STAMP_MAX bytes, and returns the end of what it wrote. */
#ifndef LOGPROC_STAMP_H
#define LOGPROC_STAMP_H

#include <stdint.h>

#include "gen/record.h"

#define STAMP_MAX 40

/* Fraction digits of stamp_rfc3339: Go's RFC3339Nano drops trailing
 * zeros (and the dot when none is left). */
#define STAMP_TRIMMED (-1)

char *stamp_rfc3339(struct record_encoder *encoder, const struct record *record,
    int digits, const char *zone, char *out);
char *stamp_asctime(struct record_encoder *encoder, const struct record *record,
    char *out);
char *stamp_epoch(const struct record *record, int digits, char *out);
char *stamp_epoch_fraction(const struct record *record, int digits, char *out);
char *stamp_seconds(uint32_t ms, int python, char *out);
char *stamp_tracing(uint32_t ms, char *out);

#endif /* LOGPROC_STAMP_H */
