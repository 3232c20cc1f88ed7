/* format.h: numbers, sizes, times, bars and sparklines as short text for
 * the dashboard. Every function writes into a caller's buffer and never
 * fails: a buffer too small gets a cut string. */
#ifndef LOGPROC_FORMAT_H
#define LOGPROC_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define FORMAT_SHORT 32		/* enough for any number below */

void format_bytes(char *buf, size_t size, uint64_t bytes);
void format_count(char *buf, size_t size, double count);
void format_elapsed(char *buf, size_t size, double seconds);
void format_bar(char *buf, size_t size, double fraction, int width,
    int utf8, int *filled);
void format_sparkline(char *buf, size_t size, const uint64_t *values,
    size_t count, int utf8);

#endif /* LOGPROC_FORMAT_H */
