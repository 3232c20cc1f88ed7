/* decimal.c: a decimal number as its digits. A digit's place is its
 * exponent: the units digit is at 0, the tens at 1, the tenths at -1.
 * Scaling by a power of ten is then only a choice of places, so that
 * "1700000000.123456" in seconds is 1700000000 s and the digits at -1 to
 * -9, 123456000 ns, with no rounding anywhere. */
#include "config.h"

#include "common/decimal.h"

#define DIGITS_MAX 19		/* decimal digits that always fit a uint64 */

static int
is_digit(char byte)
{
	return byte >= '0' && byte <= '9';
}

/* Returns the number of digits at the start of the LENGTH bytes of TEXT. */
static size_t
span_digits(const char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length && is_digit(text[i]); i++)
		;
	return i;
}

/* Reads "DIGITS", "DIGITS.DIGITS", "DIGITS." or ".DIGITS" (as Go's
 * time.ParseDuration does) at the start of the LENGTH bytes of TEXT into
 * *OUT, which borrows TEXT's bytes. Returns the bytes read, or 0 when
 * there is no digit (*OUT then undefined). No sign, no exponent. */
size_t
decimal_read(const char *text, size_t length, struct decimal *out)
{
	size_t used;

	out->whole = text;
	out->whole_length = span_digits(text, length);
	used = out->whole_length;
	out->fraction = text + used;
	out->fraction_length = 0;
	if (used < length && text[used] == '.') {
		out->fraction = text + used + 1;
		out->fraction_length = span_digits(out->fraction,
		    length - used - 1);
		used += 1 + out->fraction_length;
	}
	if (out->whole_length == 0 && out->fraction_length == 0)
		return 0;
	return used;
}

/* Returns the digit of NUMBER at PLACE, 0 outside its digits. */
static unsigned
digit_at(const struct decimal *number, int place)
{
	size_t index;

	if (place >= 0) {
		index = (size_t)place;
		if (index >= number->whole_length)
			return 0;
		return (unsigned)(number->whole[number->whole_length - 1 -
		    index] - '0');
	}
	index = (size_t)-(place + 1);
	if (index >= number->fraction_length)
		return 0;
	return (unsigned)(number->fraction[index] - '0');
}

/* Returns the place of NUMBER's highest digit, plus one: the first place
 * that holds only zeros (0 for ".5"). */
static int
top_place(const struct decimal *number)
{
	return (int)number->whole_length;
}

/* Stores in *OUT the whole number of NUMBER / 10^BOTTOM, truncated: the
 * digits at BOTTOM and above, BOTTOM counting as the units (BOTTOM may be
 * negative: -3 gives thousandths). Returns 0, or -1 when it exceeds
 * UINT64_MAX. */
int
decimal_integer(const struct decimal *number, int bottom, uint64_t *out)
{
	uint64_t value = 0;
	unsigned digit;
	int place;

	for (place = top_place(number) - 1; place >= bottom; place--) {
		digit = digit_at(number, place);
		if (value > (UINT64_MAX - digit) / 10)
			return -1;
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

/* Returns the COUNT digits just below place BOTTOM as a whole number:
 * for "1.23456" and BOTTOM 0, COUNT 3, 234. COUNT is at most 19. */
uint64_t
decimal_window(const struct decimal *number, int bottom, int count)
{
	uint64_t value = 0;
	int place;

	if (count > DIGITS_MAX)
		count = DIGITS_MAX;
	for (place = bottom - 1; place >= bottom - count; place--)
		value = value * 10 + digit_at(number, place);
	return value;
}

/* Returns the whole part of FACTOR times the digits below place BOTTOM
 * taken as a fraction (for "1.23456", BOTTOM -2 and FACTOR 6: 6 x
 * 0.456 = 2.736, so 2): the written digits multiplied by FACTOR from the
 * last up, keeping the carry, as on paper. FACTOR is at most
 * UINT64_MAX / 10. */
uint64_t
decimal_carry(const struct decimal *number, uint64_t factor, int bottom)
{
	uint64_t carry = 0;
	int place, last = -(int)number->fraction_length;

	for (place = last; place < bottom; place++)
		carry = (digit_at(number, place) * factor + carry) / 10;
	return carry;
}

/* Says whether every digit of NUMBER is 0. */
int
decimal_is_zero(const struct decimal *number)
{
	size_t i;

	for (i = 0; i < number->whole_length; i++) {
		if (number->whole[i] != '0')
			return 0;
	}
	for (i = 0; i < number->fraction_length; i++) {
		if (number->fraction[i] != '0')
			return 0;
	}
	return 1;
}
