/* parse.c: strict number, size, duration and fraction parsing.
 * Unlike strtoull, these reject signs, blanks, empty strings and trailing
 * junk, and report overflow instead of wrapping. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "common/i18n.h"
#include "common/parse.h"

struct unit {
	const char *suffix;
	uint64_t scale;
};

static const struct unit size_units[] = {
	{ "", 1 },
	{ "B", 1 },
	{ "K", 1ULL << 10 }, { "KB", 1ULL << 10 }, { "KiB", 1ULL << 10 },
	{ "M", 1ULL << 20 }, { "MB", 1ULL << 20 }, { "MiB", 1ULL << 20 },
	{ "G", 1ULL << 30 }, { "GB", 1ULL << 30 }, { "GiB", 1ULL << 30 },
	{ NULL, 0 }
};

static const struct unit duration_units[] = {
	{ "us", PARSE_NS_PER_US },
	{ "ms", PARSE_NS_PER_MS },
	{ "s", PARSE_NS_PER_S },
	{ "m", 60 * PARSE_NS_PER_S },
	{ NULL, 0 }
};

/* Reads "DIGITS[.DIGITS]" from *TEXT into a whole part and a fraction in
 * billionths; advances *TEXT past it. Returns -1 if there are no digits
 * (a minus sign before them is named) or the whole part overflows. */
static int
read_decimal(const char **text, int allow_fraction, uint64_t *whole,
    uint64_t *billionths, const char **cause)
{
	const char *p = *text;
	uint64_t scale = PARSE_NS_PER_S / 10;

	*whole = *billionths = 0;
	if (*p == '-' && p[1] >= '0' && p[1] <= '9')
		return (*cause = _("must not be negative"), -1);
	if (*p < '0' || *p > '9')
		return (*cause = _("not a number"), -1);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*whole > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return (*cause = _("number too large"), -1);
		*whole = *whole * 10 + (uint64_t)(*p - '0');
	}
	if (allow_fraction && *p == '.' && p[1] >= '0' && p[1] <= '9') {
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) {
			if (scale == 0 && *p != '0')
				return (*cause = _("fraction too fine for the unit"), -1);
			*billionths += (uint64_t)(*p - '0') * scale;
		}
	}
	*text = p;
	return 0;
}

/* Finds SUFFIX in UNITS (case-insensitively when FOLD is set). */
static const struct unit *
find_unit(const struct unit *units, const char *suffix, int fold)
{
	for (; units->suffix != NULL; units++) {
		if (fold ? strcasecmp(units->suffix, suffix) == 0 :
		    strcmp(units->suffix, suffix) == 0)
			return units;
	}
	return NULL;
}

/* Multiplies WHOLE.BILLIONTHS by SCALE exactly, failing on overflow and
 * on a result that is not whole (1.5 bytes, 0.5 ns). SCALE is at most
 * 2^30 or a multiple of 1000, so the products below fit in 64 bits. */
static int
scale_value(uint64_t whole, uint64_t billionths, uint64_t scale,
    uint64_t *out, const char **cause)
{
	uint64_t numerator, denominator = PARSE_NS_PER_S, part;

	if (scale % 1000 == 0) {
		numerator = billionths * (scale / 1000);
		denominator /= 1000;
	} else
		numerator = billionths * scale;
	if (numerator % denominator != 0)
		return (*cause = _("fraction too fine for the unit"), -1);
	part = numerator / denominator;
	if (whole > UINT64_MAX / scale || whole * scale > UINT64_MAX - part)
		return (*cause = _("number too large"), -1);
	*out = whole * scale + part;
	return 0;
}

/* Checks VALUE against [MIN, MAX]. */
static int
check_range(uint64_t value, uint64_t min, uint64_t max, uint64_t *out,
    const char **cause)
{
	if (value < min || value > max)
		return (*cause = _("out of range"), -1);
	*out = value;
	return 0;
}

/* Parses a plain decimal integer. */
int
parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out,
    const char **cause)
{
	uint64_t whole, billionths;

	if (read_decimal(&text, 0, &whole, &billionths, cause) != 0)
		return -1;
	if (*text != '\0')
		return (*cause = _("not a whole number"), -1);
	return check_range(whole, min, max, out, cause);
}

/* Parses a byte count with an optional K, M or G suffix (powers of 1024). */
int
parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out,
    const char **cause)
{
	const struct unit *unit;
	uint64_t whole, billionths, value;

	if (read_decimal(&text, 1, &whole, &billionths, cause) != 0)
		return -1;
	if ((unit = find_unit(size_units, text, 1)) == NULL)
		return (*cause = _("unknown size suffix (use K, M or G)"), -1);
	if (scale_value(whole, billionths, unit->scale, &value, cause) != 0)
		return -1;
	return check_range(value, min, max, out, cause);
}

/* Parses a duration such as 10ms, 1.5s or 2m into nanoseconds. A unit is
 * required, except for a plain 0. */
int
parse_duration(const char *text, uint64_t min_ns, uint64_t max_ns,
    uint64_t *out_ns, const char **cause)
{
	const struct unit *unit;
	uint64_t whole, billionths, value;

	if (read_decimal(&text, 1, &whole, &billionths, cause) != 0)
		return -1;
	if (*text == '\0' && whole == 0 && billionths == 0)
		return check_range(0, min_ns, max_ns, out_ns, cause);
	if (*text == '\0')
		return (*cause = _("missing unit (use us, ms, s or m)"), -1);
	if ((unit = find_unit(duration_units, text, 0)) == NULL)
		return (*cause = _("unknown unit (use us, ms, s or m)"), -1);
	if (scale_value(whole, billionths, unit->scale, &value, cause) != 0)
		return -1;
	return check_range(value, min_ns, max_ns, out_ns, cause);
}

/* Parses a decimal fraction such as 0.01, with a point whatever the
 * locale says (strtod would want a comma in German). Nine decimal places
 * at most count. */
int
parse_fraction(const char *text, double min, double max, double *out,
    const char **cause)
{
	uint64_t whole, billionths;
	double value;

	if (read_decimal(&text, 1, &whole, &billionths, cause) != 0)
		return -1;
	if (*text != '\0')
		return (*cause = _("not a number"), -1);
	value = (double)whole + (double)billionths / 1e9;
	if (value < min || value > max)
		return (*cause = _("out of range"), -1);
	*out = value;
	return 0;
}
