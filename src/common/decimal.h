/* decimal.h: exact arithmetic on decimal numbers as written, "12",
 * "0.012", "1700000000.123456789", digit by digit (no double, no locale),
 * for the value readers of times and durations. */
#ifndef LOGPROC_DECIMAL_H
#define LOGPROC_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* The digits of a number, borrowed from the text read: its whole part
 * and its fraction, either of them maybe empty but not both. */
struct decimal {
	const char *whole;
	size_t whole_length;
	const char *fraction;
	size_t fraction_length;
};

size_t decimal_read(const char *text, size_t length, struct decimal *out);
int decimal_integer(const struct decimal *number, int bottom,
    uint64_t *out);
uint64_t decimal_window(const struct decimal *number, int bottom,
    int count);
uint64_t decimal_carry(const struct decimal *number, uint64_t factor,
    int bottom);
int decimal_is_zero(const struct decimal *number);

#endif /* LOGPROC_DECIMAL_H */
