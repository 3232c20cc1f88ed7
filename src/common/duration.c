/* duration.c: durations as numbers in a unit, or as text: a bare number
 * in the unit, or numbers with units in Go's form ("1h2m3.5s", "250us",
 * "250µs"). Text is read digit by digit, exactly (common/decimal.h): the
 * nanoseconds are truncated, and then the milliseconds. A real is
 * rounded to the nearest nanosecond first, so 0.012 s is 12 ms and not
 * 11 (0.012 is a little below itself as a double). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "common/decimal.h"
#include "common/duration.h"

#define NS_PER_MS UINT64_C(1000000)
#define MS_PLACE 6		/* a millisecond is 10^6 ns */
#define REAL_UNITS_MAX 18446744073709551616.0	/* 2^64 */

/* A unit of a duration's text: a nanosecond count of FACTOR x 10^PLACE. */
struct unit {
	const char *suffix;
	uint64_t factor;
	int place;
};

/* Longest suffix first where one begins another ("ms" before "m"). */
static const struct unit text_units[] = {
	{ "ns", 1, 0 },
	{ "us", 1, 3 },
	{ "\xc2\xb5s", 1, 3 },		/* U+00B5 MICRO SIGN */
	{ "\xce\xbcs", 1, 3 },		/* U+03BC GREEK SMALL LETTER MU */
	{ "ms", 1, 6 },
	{ "s", 1, 9 },
	{ "m", 6, 10 },
	{ "h", 36, 11 },
};

/* The units of bare numbers, in the order of enum duration_unit. */
static const struct unit bare_units[] = {
	{ "ns", 1, 0 }, { "us", 1, 3 }, { "ms", 1, 6 }, { "s", 1, 9 }
};

static const uint64_t powers_of_ten[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000)
};

/* A duration being added up: whole milliseconds and nanoseconds. */
struct total {
	uint64_t ms;
	uint64_t ns;		/* below NS_PER_MS */
	int too_large;
};

const char *
duration_unit_name(enum duration_unit unit)
{
	return bare_units[unit].suffix;
}

/* Reads "ns", "us", "ms" or "s" exactly. Returns 0 and sets *OUT, or -1. */
int
duration_unit_from_name(const char *name, enum duration_unit *out)
{
	size_t i;

	for (i = 0; i < sizeof bare_units / sizeof bare_units[0]; i++) {
		if (strcmp(name, bare_units[i].suffix) == 0)
			return (*out = (enum duration_unit)i, 0);
	}
	return -1;
}

/* Adds MS milliseconds and NS nanoseconds (any number) to TOTAL, which
 * turns too_large at DURATION_LIMIT_MS. */
static void
add(struct total *total, uint64_t ms, uint64_t ns)
{
	ms += ns / NS_PER_MS;
	total->ns += ns % NS_PER_MS;
	if (total->ns >= NS_PER_MS) {
		total->ns -= NS_PER_MS;
		ms++;
	}
	if (ms >= DURATION_LIMIT_MS - total->ms)
		total->too_large = 1;
	else
		total->ms += ms;
}

/* Adds NUMBER in UNIT to TOTAL, exactly to the nanosecond: with BOTTOM
 * the place of a millisecond in NUMBER's digits, the digits from BOTTOM
 * up are whole milliseconds, the six below are nanoseconds, and the rest
 * is a fraction of a nanosecond, which counts only when FACTOR carries
 * it to whole ones (0.0000000000005 h is 1.8 ns). */
static void
add_decimal(struct total *total, const struct decimal *number,
    const struct unit *unit)
{
	int bottom = MS_PLACE - unit->place;
	uint64_t whole, ns;

	if (decimal_integer(number, bottom, &whole) != 0 ||
	    whole > DURATION_LIMIT_MS / unit->factor) {
		total->too_large = 1;
		return;
	}
	ns = unit->factor * decimal_window(number, bottom, MS_PLACE) +
	    decimal_carry(number, unit->factor, bottom - MS_PLACE);
	add(total, whole * unit->factor, ns);
}

/* Finds the unit whose suffix begins the LENGTH bytes of TEXT. */
static const struct unit *
find_unit(const char *text, size_t length)
{
	size_t i, size;

	for (i = 0; i < sizeof text_units / sizeof text_units[0]; i++) {
		size = strlen(text_units[i].suffix);
		if (size <= length &&
		    memcmp(text, text_units[i].suffix, size) == 0)
			return &text_units[i];
	}
	return NULL;
}

/* Returns RESULT of a TOTAL that was read, NEGATIVE or not, and stores
 * its milliseconds in *MS when that is DURATION_OK. */
static enum duration_result
finish(const struct total *total, int negative, int nonzero, uint64_t *ms)
{
	if (negative && nonzero)
		return DURATION_NEGATIVE;
	if (total->too_large)
		return DURATION_TOO_LARGE;
	*ms = total->ms;
	return DURATION_OK;
}

/* Reads the LENGTH bytes of TEXT as a duration: an optional sign, then a
 * bare number in UNIT ("12", "0.012", ".5", "5.") or one or more numbers
 * each with a unit, ns, us, µs (either micro sign), ms, s, m or h
 * ("1.5s", "1h2m3.5s", "1s1s" = 2 s); nothing else, no blank anywhere.
 * Returns DURATION_OK and stores the milliseconds (truncated) in *MS;
 * DURATION_NEGATIVE for a minus and a value that is not 0 ("-0s" is 0);
 * DURATION_TOO_LARGE at DURATION_LIMIT_MS or more; DURATION_UNREADABLE
 * for anything else, first. *MS is set only for DURATION_OK. */
enum duration_result
duration_from_text(enum duration_unit unit, const char *text,
    size_t length, uint64_t *ms)
{
	struct total total = { 0, 0, 0 };
	const struct unit *suffix;
	struct decimal number;
	size_t at = 0, used;
	int negative = 0, nonzero = 0, first = 1;

	if (length > 0 && (text[0] == '-' || text[0] == '+')) {
		negative = text[0] == '-';
		at++;
	}
	do {
		used = decimal_read(text + at, length - at, &number);
		if (used == 0)
			return DURATION_UNREADABLE;
		at += used;
		nonzero |= !decimal_is_zero(&number);
		if (first && at == length)
			suffix = &bare_units[unit];
		else if ((suffix = find_unit(text + at, length - at)) == NULL)
			return DURATION_UNREADABLE;
		else
			at += strlen(suffix->suffix);
		add_decimal(&total, &number, suffix);
		first = 0;
	} while (at < length);
	return finish(&total, negative, nonzero, ms);
}

/* Adds WHOLE units of 10^PLACE ns to TOTAL. */
static void
add_units(struct total *total, uint64_t whole, int place)
{
	uint64_t scale;

	if (place >= MS_PLACE) {
		scale = powers_of_ten[place - MS_PLACE];
		if (whole > DURATION_LIMIT_MS / scale)
			total->too_large = 1;
		else
			add(total, whole * scale, 0);
		return;
	}
	scale = powers_of_ten[MS_PLACE - place];
	add(total, whole / scale, whole % scale * powers_of_ten[place]);
}

/* Reads VALUE in UNIT. Returns DURATION_OK and stores the milliseconds
 * (truncated) in *MS, or DURATION_NEGATIVE or DURATION_TOO_LARGE. */
enum duration_result
duration_from_integer(enum duration_unit unit, int64_t value, uint64_t *ms)
{
	struct total total = { 0, 0, 0 };

	if (value < 0)
		return DURATION_NEGATIVE;
	if (unit == DURATION_MS) {	/* the common case, as add_units has it */
		if ((uint64_t)value >= DURATION_LIMIT_MS)
			return DURATION_TOO_LARGE;
		*ms = (uint64_t)value;
		return DURATION_OK;
	}
	add_units(&total, (uint64_t)value, bare_units[unit].place);
	return finish(&total, 0, 0, ms);
}

/* Reads VALUE in UNIT: its whole units exactly, and its fraction (exact
 * in binary floating point: VALUE less its floor) rounded to the nearest
 * nanosecond, so that 0.012 s is 12 ms. That is llround(VALUE x ns per
 * unit) wherever the product is exact, without the product's rounding
 * (a double near 1.7e18 ns steps by 256) or its overflow. Returns
 * DURATION_OK and stores the milliseconds (truncated) in *MS;
 * DURATION_NEGATIVE below 0 (-0.0 is 0); DURATION_TOO_LARGE at
 * DURATION_LIMIT_MS or more, or at 2^64 units or more (only ns and us
 * can get there below the limit), and for infinity; DURATION_UNREADABLE
 * for NaN. */
enum duration_result
duration_from_real(enum duration_unit unit, double value, uint64_t *ms)
{
	struct total total = { 0, 0, 0 };
	int place = bare_units[unit].place;
	double whole;

	if (isnan(value))
		return DURATION_UNREADABLE;
	if (value < 0)
		return DURATION_NEGATIVE;
	if (!(value < REAL_UNITS_MAX))
		return DURATION_TOO_LARGE;
	whole = floor(value);
	add_units(&total, (uint64_t)whole, place);
	add(&total, 0, (uint64_t)llround((value - whole) *
	    (double)powers_of_ten[place]));
	return finish(&total, 0, 0, ms);
}
