/* fuzz_options.c: a fuzz target for the command-line value parsers
 * (common/parse.c). An input, up to its first NUL, is one value, given to
 * parse_uint, parse_size, parse_duration and parse_fraction over their
 * whole range. Each is checked:
 *  - against a model of the documented grammar worked out here apart
 *    (DIGITS[.DIGITS] then a unit; at most nine decimal places that are
 *    not 0; sizes in K, M, G, KB, KiB... case-insensitive; durations in
 *    us, ms, s, m, a plain 0 without one), so that a value past 2^64 - 1,
 *    or not whole in bytes or nanoseconds, must be refused and any other
 *    accepted with exactly the model's value (the fraction: within
 *    rounding of strtod's);
 *  - a refusal sets a cause and leaves the result alone;
 *  - an accepted value V is accepted over [V, V] and refused over the ranges just below and just above it;
 *  - V written again in other ways (sizes in each unit that holds it
 *    exactly, as a decimal K; durations in s, ms and us with their
 *    decimals, and in m; fractions with nine decimals) reads back as V.
 * A difference prints the value and what differed, and abort()s. */
#include "config.h"

#include <float.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/parse.h"
#include "common/xmalloc.h"
#include "fuzz.h"

#define SENTINEL UINT64_C(0x5a5a5a5a5a5a5a5a)	/* a result never set */
#define SENTINEL_REAL (-1.25)
#define FRACTION_DIGITS 9	/* decimal places that count */
#define BILLION UINT64_C(1000000000)
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define TEXT_SIZE 96		/* a value written again */

typedef int (*parse_fn)(const char *, uint64_t, uint64_t, uint64_t *,
    const char **);

/* A unit of the model: its name, the value of one, case folded or not. */
struct model_unit {
	const char *name;
	uint64_t scale;
};

static const struct model_unit size_units[] = {
	{ "", 1 }, { "b", 1 },
	{ "k", UINT64_C(1) << 10 }, { "kb", UINT64_C(1) << 10 },
	{ "kib", UINT64_C(1) << 10 },
	{ "m", UINT64_C(1) << 20 }, { "mb", UINT64_C(1) << 20 },
	{ "mib", UINT64_C(1) << 20 },
	{ "g", UINT64_C(1) << 30 }, { "gb", UINT64_C(1) << 30 },
	{ "gib", UINT64_C(1) << 30 },
};

static const struct model_unit duration_units[] = {
	{ "us", PARSE_NS_PER_US }, { "ms", PARSE_NS_PER_MS },
	{ "s", PARSE_NS_PER_S }, { "m", 60 * PARSE_NS_PER_S },
};

/* A value as the model reads it: WHOLE.BILLIONTHS then SUFFIX. */
struct decimal {
	int valid;		/* digits first, nothing too fine, no overflow */
	uint64_t whole;
	uint64_t billionths;
	const char *suffix;
};

static const char *current;	/* the value being checked, for fail() */

#define fail(...) fuzz_fail("fuzz_options", current, __VA_ARGS__)

/* Reads TEXT as the model does: digits, then (with FRACTION) '.' and
 * digits, of which those past the ninth must be 0, then the suffix. */
static void
model_decimal(const char *text, int fraction, struct decimal *decimal)
{
	size_t places = 0;
	int overflow = 0;

	memset(decimal, 0, sizeof *decimal);
	if (*text < '0' || *text > '9')
		return;
	for (; *text >= '0' && *text <= '9'; text++) {
		unsigned digit = (unsigned)(*text - '0');

		overflow |= decimal->whole > (UINT64_MAX - digit) / 10;
		decimal->whole = decimal->whole * 10 + digit;
	}
	decimal->valid = !overflow;
	if (fraction && text[0] == '.' && text[1] >= '0' && text[1] <= '9') {
		for (text++; *text >= '0' && *text <= '9'; text++, places++) {
			if (places < FRACTION_DIGITS)
				decimal->billionths = decimal->billionths * 10 +
				    (unsigned)(*text - '0');
			else if (*text != '0')
				decimal->valid = 0;
		}
	}
	for (; places < FRACTION_DIGITS; places++)
		decimal->billionths *= 10;
	decimal->suffix = text;
}

/* Sets *VALUE to DECIMAL times SCALE if that is a whole number below
 * 2^64. Returns 1 if so, 0 if not. The fraction's part, billionths *
 * scale / 10^9, is worked out with SCALE split at 10^9 (no unit is 100
 * times that), so that no product passes 2^64. */
static int
model_scale(const struct decimal *decimal, uint64_t scale, uint64_t *value)
{
	uint64_t high = scale / BILLION, low = scale % BILLION, part;

	if (decimal->billionths * low % BILLION != 0)
		return 0;
	part = decimal->billionths * high + decimal->billionths * low / BILLION;
	if (decimal->whole > (UINT64_MAX - part) / scale)
		return 0;
	*value = decimal->whole * scale + part;
	return 1;
}

/* Finds SUFFIX among COUNT UNITS, case-insensitively if FOLD. */
static const struct model_unit *
model_unit(const struct model_unit *units, size_t count, const char *suffix,
    int fold)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (fold ? strcasecmp(units[i].name, suffix) == 0 :
		    strcmp(units[i].name, suffix) == 0)
			return &units[i];
	}
	return NULL;
}

/* The model of parse_uint: 1 and *VALUE, or 0 if refused. */
static int
model_uint(const char *text, uint64_t *value)
{
	struct decimal decimal;

	model_decimal(text, 0, &decimal);
	if (!decimal.valid || *decimal.suffix != '\0')
		return 0;
	*value = decimal.whole;
	return 1;
}

static int
model_size(const char *text, uint64_t *value)
{
	const struct model_unit *unit;
	struct decimal decimal;

	model_decimal(text, 1, &decimal);
	if (!decimal.valid || (unit = model_unit(size_units,
	    COUNT_OF(size_units), decimal.suffix, 1)) == NULL)
		return 0;
	return model_scale(&decimal, unit->scale, value);
}

static int
model_duration(const char *text, uint64_t *value)
{
	const struct model_unit *unit;
	struct decimal decimal;

	model_decimal(text, 1, &decimal);
	if (!decimal.valid)
		return 0;
	if (*decimal.suffix == '\0' && decimal.whole == 0 &&
	    decimal.billionths == 0)
		return (*value = 0, 1);
	if ((unit = model_unit(duration_units, COUNT_OF(duration_units),
	    decimal.suffix, 0)) == NULL)
		return 0;
	return model_scale(&decimal, unit->scale, value);
}

/* Calls PARSE on TEXT over [MIN, MAX]. Returns 1 and *VALUE if accepted,
 * 0 if refused (checking the cause and that *VALUE was left alone). */
static int
try_parse(parse_fn parse, const char *name, const char *text, uint64_t min,
    uint64_t max, uint64_t *value)
{
	const char *cause = NULL;
	uint64_t out = SENTINEL;

	if (parse(text, min, max, &out, &cause) == 0) {
		if (out < min || out > max)
			fail("%s('%s') over [%" PRIu64 ", %" PRIu64 "] gives %"
			    PRIu64, name, text, min, max, out);
		*value = out;
		return 1;
	}
	if (cause == NULL || *cause == '\0' || out != SENTINEL)
		fail("%s('%s') refused without a cause, or set the result",
		    name, text);
	return 0;
}

/* Checks that PARSE accepts TEXT, with VALUE, over [VALUE, VALUE] only. */
static void
check_range(parse_fn parse, const char *name, const char *text,
    uint64_t value)
{
	uint64_t again;

	if (!try_parse(parse, name, text, value, value, &again) ||
	    again != value)
		fail("%s: refused over [%" PRIu64 ", %" PRIu64 "]", name, value,
		    value);
	if (value > 0 && try_parse(parse, name, text, 0, value - 1, &again))
		fail("%s: %" PRIu64 " accepted over [0, %" PRIu64 "]", name,
		    value, value - 1);
	if (value < UINT64_MAX && try_parse(parse, name, text, value + 1,
	    UINT64_MAX, &again))
		fail("%s: %" PRIu64 " accepted over [%" PRIu64 ", max]", name,
		    value, value + 1);
}

/* Checks that PARSE reads TEXT, written from VALUE, as VALUE. */
static void
check_again(parse_fn parse, const char *name, const char *text,
    uint64_t value)
{
	uint64_t again;

	if (!try_parse(parse, name, text, 0, UINT64_MAX, &again) ||
	    again != value)
		fail("%s: %" PRIu64 " written as '%s' does not read back", name,
		    value, text);
}

/* Checks PARSE (NAME) on TEXT against MODEL; returns 1 and *VALUE if
 * accepted. */
static int
check_parser(parse_fn parse, const char *name, int (*model)(const char *,
    uint64_t *), const char *text, uint64_t *value)
{
	uint64_t expected = 0;
	int accepted = try_parse(parse, name, text, 0, UINT64_MAX, value),
	    modelled = model(text, &expected);

	if (accepted != modelled)
		fail("%s %s it, the model %s it", name, accepted ? "accepts" :
		    "refuses", modelled ? "accepts" : "refuses");
	if (accepted && *value != expected)
		fail("%s gives %" PRIu64 ", the model %" PRIu64, name, *value,
		    expected);
	if (accepted)
		check_range(parse, name, text, *value);
	return accepted;
}

static void
check_uint(const char *text)
{
	char again[TEXT_SIZE];
	uint64_t value;

	if (!check_parser(parse_uint, "parse_uint", model_uint, text, &value))
		return;
	snprintf(again, sizeof again, "%" PRIu64, value);
	check_again(parse_uint, "parse_uint", again, value);
}

/* Writes VALUE bytes in each size unit that holds it exactly. */
static void
check_size(const char *text)
{
	static const char *const names[] = { "K", "M", "G" };
	char again[TEXT_SIZE];
	uint64_t value, remainder;
	size_t i;

	if (!check_parser(parse_size, "parse_size", model_size, text, &value))
		return;
	snprintf(again, sizeof again, "%" PRIu64 "b", value);
	check_again(parse_size, "parse_size", again, value);
	for (i = 0; i < COUNT_OF(names); i++) {
		if (value % (UINT64_C(1) << (10 * (i + 1))) != 0)
			break;
		snprintf(again, sizeof again, "%" PRIu64 "%s",
		    value >> (10 * (i + 1)), names[i]);
		check_again(parse_size, "parse_size", again, value);
	}
	/* In K with decimals: a remainder r of 1024 is r * 0.9765625 K
	 * exactly, nine places when r is even. */
	remainder = value % 1024;
	if (remainder % 2 == 0) {
		snprintf(again, sizeof again, "%" PRIu64 ".%09" PRIu64 "KiB",
		    value / 1024, remainder * BILLION / 1024);
		check_again(parse_size, "parse_size", again, value);
	}
}

/* Writes VALUE nanoseconds in s, ms and us with decimals, and in m. */
static void
check_duration(const char *text)
{
	static const struct {
		uint64_t scale;
		int places;
		const char *name;
	} units[] = {
		{ PARSE_NS_PER_S, 9, "s" }, { PARSE_NS_PER_MS, 6, "ms" },
		{ PARSE_NS_PER_US, 3, "us" },
	};
	const uint64_t minute = 60 * PARSE_NS_PER_S;
	char again[TEXT_SIZE];
	uint64_t value;
	size_t i;

	if (!check_parser(parse_duration, "parse_duration", model_duration,
	    text, &value))
		return;
	for (i = 0; i < COUNT_OF(units); i++) {
		snprintf(again, sizeof again, "%" PRIu64 ".%0*" PRIu64 "%s",
		    value / units[i].scale, units[i].places,
		    value % units[i].scale, units[i].name);
		check_again(parse_duration, "parse_duration", again, value);
	}
	if (value % minute == 0) {
		snprintf(again, sizeof again, "%" PRIu64 "m", value / minute);
		check_again(parse_duration, "parse_duration", again, value);
	}
}

/* Calls parse_fraction on TEXT over [MIN, MAX]; as try_parse. */
static int
try_fraction(const char *text, double min, double max, double *value)
{
	const char *cause = NULL;
	double out = SENTINEL_REAL;

	if (parse_fraction(text, min, max, &out, &cause) == 0) {
		if (!(out >= min && out <= max))
			fail("parse_fraction('%s') over [%g, %g] gives %.17g", text,
			    min, max, out);
		*value = out;
		return 1;
	}
	if (cause == NULL || *cause == '\0' || out != SENTINEL_REAL)
		fail("parse_fraction('%s') refused without a cause, or set the "
		    "result", text);
	return 0;
}

/* Checks that the fraction VALUE read from TEXT is accepted over
 * [VALUE, VALUE] and refused just below and above. */
static void
check_fraction_range(const char *text, double value)
{
	double again;

	if (!try_fraction(text, value, value, &again) || again != value)
		fail("parse_fraction: refused over [%.17g, %.17g]", value, value);
	if (value > 0 && try_fraction(text, 0, value * (1 - DBL_EPSILON),
	    &again))
		fail("parse_fraction: %.17g accepted below itself", value);
	if (try_fraction(text, value > 0 ? value * (1 + DBL_EPSILON) :
	    DBL_MIN, DBL_MAX, &again))
		fail("parse_fraction: %.17g accepted above itself", value);
}

/* parse_fraction against the model, and strtod's value within its
 * rounding; written again with nine places, the same double. */
static void
check_fraction(const char *text)
{
	struct decimal decimal;
	char again[TEXT_SIZE];
	double value, reference, second;
	int accepted = try_fraction(text, 0, DBL_MAX, &value);

	model_decimal(text, 1, &decimal);
	if (accepted != (decimal.valid && *decimal.suffix == '\0'))
		fail("parse_fraction %s it, the model does not",
		    accepted ? "accepts" : "refuses");
	if (!accepted)
		return;
	reference = strtod(text, NULL);
	if (value < 0 || value - reference > reference * 4 * DBL_EPSILON ||
	    reference - value > reference * 4 * DBL_EPSILON)
		fail("parse_fraction gives %.17g, strtod %.17g", value, reference);
	check_fraction_range(text, value);
	snprintf(again, sizeof again, "%" PRIu64 ".%09" PRIu64, decimal.whole,
	    decimal.billionths);
	if (!try_fraction(again, 0, DBL_MAX, &second) || second != value)
		fail("parse_fraction: %.17g written as '%s' does not read back",
		    value, again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t length = nul != NULL ? (size_t)(nul - data) : size;
	char *text = xmalloc(length + 1);

	if (length > 0)
		memcpy(text, data, length);
	text[length] = '\0';
	current = text;
	check_uint(text);
	check_size(text);
	check_duration(text);
	check_fraction(text);
	free(text);
	return 0;
}
