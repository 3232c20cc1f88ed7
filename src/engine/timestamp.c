/* timestamp.c: strict RFC 3339 date-times, such as
 * 2026-01-02T12:30:45.123456789Z or 2026-01-02T14:30:45+02:00, converted
 * to UTC with plain arithmetic on the proleptic Gregorian calendar (no
 * timegm, no time zone database, no locale); the looser forms of other
 * loggers (a space for the 'T', Python's "2026-01-02 12:30:45,500"
 * without a zone) through the same code; and epoch times, as numbers or
 * decimal strings read exactly (common/decimal.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "common/decimal.h"
#include "common/put.h"
#include "engine/timestamp.h"

#define EPOCH_YEAR 1970
#define MONTHS 12
#define DAYS_PER_YEAR 365	/* outside leap years */
#define HOURS_PER_DAY 24
#define MINUTES_PER_HOUR 60
#define SECONDS_PER_MINUTE 60
#define SECONDS_PER_HOUR (MINUTES_PER_HOUR * SECONDS_PER_MINUTE)
#define SECONDS_PER_DAY (HOURS_PER_DAY * SECONDS_PER_HOUR)
#define YEAR_DIGITS 4
#define FIELD_DIGITS 2		/* month, day, hour, minute, second */
#define NANOSECOND_DIGITS 9
#define LEAP_SECOND 60		/* 23:59:60, read as the last instant of :59 */
#define LAST_NANOSECOND 999999999
#define SEPARATOR_AT 10		/* the 'T' of "YYYY-MM-DDTHH:MM:SS" */
#define SECOND_PLACE 9		/* a second is 10^9 ns */
#define NS_PER_S INT64_C(1000000000)
#define REAL_UNITS_MAX 9223372036854775808.0	/* 2^63 */

/* What a date-time may look like beyond strict RFC 3339. */
struct rules {
	const char *separators;	/* between the date and the time */
	int comma;		/* a ',' may start the fraction (Python) */
	int zone_optional;	/* no zone: the caller's offset */
	int compact_zone;	/* "+0200" as well as "+02:00" (Python %z) */
};

static const struct rules strict_rules = { "Tt", 0, 0, 0 };
static const struct rules rfc3339_rules = { "Tt ", 0, 0, 0 };
static const struct rules python_rules = { "Tt ", 1, 1, 1 };

/* Below each magnitude, an epoch of unknown unit is in that unit. */
static const struct {
	uint64_t below;
	int place;		/* a unit is 10^place ns */
} magnitudes[] = {
	{ UINT64_C(100000000000), 9 },			/* 1e11 s: 5138 */
	{ UINT64_C(100000000000000), 6 },		/* 1e14 ms */
	{ UINT64_C(100000000000000000), 3 },		/* 1e17 us */
	{ 0, 0 },					/* else ns */
};
#define MAGNITUDES (sizeof magnitudes / sizeof magnitudes[0])

static const int64_t powers_of_ten[] = {
	INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000),
	INT64_C(10000), INT64_C(100000), INT64_C(1000000),
	INT64_C(10000000), INT64_C(100000000), INT64_C(1000000000)
};

static const char *const format_names[] = {
	"rfc3339", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns",
	"epoch_auto", "python", "any"
};

/* The bytes of a timestamp still to read. */
struct cursor {
	const char *next;
	const char *end;
};

static const int days_in_month[MONTHS] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

static const int days_before_month[MONTHS] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
};

static int
is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
month_length(int year, int month)
{
	if (month == 2 && is_leap_year(year))
		return days_in_month[month - 1] + 1;
	return days_in_month[month - 1];
}

/* Returns the days from 0000-01-01 to YEAR-MONTH-DAY, for YEAR >= 0. The
 * leap years before YEAR are the multiples of 4 below it, less those of
 * 100, plus those of 400 (year 0 is one). */
static int64_t
days_since_year_zero(int year, int month, int day)
{
	int64_t days = (int64_t)year * DAYS_PER_YEAR + (year + 3) / 4 -
	    (year + 99) / 100 + (year + 399) / 400;

	days += days_before_month[month - 1] + day - 1;
	if (month > 2 && is_leap_year(year))
		days++;
	return days;
}

/* Reads exactly COUNT decimal digits into *VALUE. Returns 0 or -1. */
static int
read_digits(struct cursor *cursor, int count, int *value)
{
	*value = 0;
	if (cursor->end - cursor->next < count)
		return -1;
	for (; count > 0; count--, cursor->next++) {
		if (*cursor->next < '0' || *cursor->next > '9')
			return -1;
		*value = *value * 10 + (*cursor->next - '0');
	}
	return 0;
}

/* Reads exactly COUNT digits into *VALUE and checks it is in [MIN, MAX]. */
static int
read_field(struct cursor *cursor, int count, int min, int max, int *value)
{
	if (read_digits(cursor, count, value) != 0)
		return -1;
	return *value >= min && *value <= max ? 0 : -1;
}

/* Consumes one byte if it is LOWER or UPPER. Returns 0 or -1. */
static int
read_either(struct cursor *cursor, char lower, char upper)
{
	if (cursor->next == cursor->end ||
	    (*cursor->next != lower && *cursor->next != upper))
		return -1;
	cursor->next++;
	return 0;
}

static int
read_byte(struct cursor *cursor, char byte)
{
	return read_either(cursor, byte, byte);
}

/* Reads an optional fraction, "." (or "," if RULES allow) and one or
 * more digits, into *NSEC. Digits beyond the nanoseconds are accepted
 * and ignored. */
static int
read_fraction(struct cursor *cursor, const struct rules *rules,
    int32_t *nsec)
{
	int digits = 0;

	*nsec = 0;
	if (read_byte(cursor, '.') != 0 &&
	    (!rules->comma || read_byte(cursor, ',') != 0))
		return 0;
	for (; cursor->next != cursor->end && *cursor->next >= '0' &&
	    *cursor->next <= '9'; cursor->next++, digits++) {
		if (digits < NANOSECOND_DIGITS)
			*nsec = *nsec * 10 + (*cursor->next - '0');
	}
	if (digits == 0)
		return -1;
	for (; digits < NANOSECOND_DIGITS; digits++)
		*nsec *= 10;
	return 0;
}

/* Reads "Z", "z", "+HH:MM" or "-HH:MM" (or "+HHMM" if RULES allow) into
 * *OFFSET, the seconds local time is ahead of UTC; at the end, if RULES
 * allow no zone, takes ZONE_OFFSET. */
static int
read_offset(struct cursor *cursor, const struct rules *rules,
    int32_t zone_offset, int64_t *offset)
{
	int negative, hours, minutes;

	*offset = 0;
	if (rules->zone_optional && cursor->next == cursor->end)
		return (*offset = zone_offset, 0);
	if (read_either(cursor, 'Z', 'z') == 0)
		return 0;
	negative = read_byte(cursor, '-') == 0;
	if (!negative && read_byte(cursor, '+') != 0)
		return -1;
	if (read_field(cursor, FIELD_DIGITS, 0, HOURS_PER_DAY - 1,
	    &hours) != 0 ||
	    (read_byte(cursor, ':') != 0 && !rules->compact_zone) ||
	    read_field(cursor, FIELD_DIGITS, 0, MINUTES_PER_HOUR - 1,
	    &minutes) != 0)
		return -1;
	*offset = (int64_t)hours * SECONDS_PER_HOUR +
	    (int64_t)minutes * SECONDS_PER_MINUTE;
	if (negative)
		*offset = -*offset;
	return 0;
}

/* Reads "YYYY-MM-DD" and returns its days since 1970-01-01 in *DAYS. */
static int
read_date(struct cursor *cursor, int64_t *days)
{
	int year, month, day;

	if (read_digits(cursor, YEAR_DIGITS, &year) != 0 ||
	    read_byte(cursor, '-') != 0 ||
	    read_field(cursor, FIELD_DIGITS, 1, MONTHS, &month) != 0 ||
	    read_byte(cursor, '-') != 0 ||
	    read_field(cursor, FIELD_DIGITS, 1, month_length(year, month),
	    &day) != 0)
		return -1;
	*days = days_since_year_zero(year, month, day) -
	    days_since_year_zero(EPOCH_YEAR, 1, 1);
	return 0;
}

/* Consumes one byte if it is one of BYTES. Returns 0 or -1. */
static int
read_one_of(struct cursor *cursor, const char *bytes)
{
	if (cursor->next == cursor->end || *cursor->next == '\0' ||
	    strchr(bytes, *cursor->next) == NULL)
		return -1;
	cursor->next++;
	return 0;
}

/* Reads "YYYY-MM-DDTHH:MM:SS" into *SECONDS since the epoch, as local
 * time, with one of SEPARATORS for the 'T'; *LEAP says the second was
 * 60, taken as :59 (the caller makes it the last nanosecond of that
 * second). */
static int
read_head(struct cursor *cursor, const char *separators, int64_t *seconds,
    int *leap)
{
	int64_t days;
	int hour, minute, second;

	if (read_date(cursor, &days) != 0 ||
	    read_one_of(cursor, separators) != 0 ||
	    read_field(cursor, FIELD_DIGITS, 0, HOURS_PER_DAY - 1,
	    &hour) != 0 ||
	    read_byte(cursor, ':') != 0 ||
	    read_field(cursor, FIELD_DIGITS, 0, MINUTES_PER_HOUR - 1,
	    &minute) != 0 ||
	    read_byte(cursor, ':') != 0 ||
	    read_field(cursor, FIELD_DIGITS, 0, LEAP_SECOND, &second) != 0)
		return -1;
	*leap = second == LEAP_SECOND;
	if (*leap)
		second--;
	*seconds = days * SECONDS_PER_DAY + (int64_t)hour * SECONDS_PER_HOUR +
	    (int64_t)minute * SECONDS_PER_MINUTE + second;
	return 0;
}

/* Reads the head of the timestamp at CURSOR into *SECONDS and *LEAP, or
 * takes it from MEMO (may be NULL) when its bytes are the same as the
 * last ones read, and keeps it there for the next. A head remembered
 * under looser rules is taken only if its separator is one of these
 * rules' SEPARATORS. */
static int
read_head_memo(struct cursor *cursor, struct timestamp_memo *memo,
    const char *separators, int64_t *seconds, int *leap)
{
	const char *head = cursor->next;

	if (memo != NULL && memo->set &&
	    cursor->end - head >= TIMESTAMP_HEAD_SIZE &&
	    memcmp(head, memo->head, TIMESTAMP_HEAD_SIZE) == 0 &&
	    (head[SEPARATOR_AT] == separators[0] ||
	    strchr(separators, head[SEPARATOR_AT]) != NULL)) {
		cursor->next += TIMESTAMP_HEAD_SIZE;
		*seconds = memo->seconds;
		*leap = memo->leap;
		return 0;
	}
	if (read_head(cursor, separators, seconds, leap) != 0)
		return -1;
	if (memo != NULL) {
		memcpy(memo->head, head, TIMESTAMP_HEAD_SIZE);
		memo->seconds = *seconds;
		memo->leap = *leap;
		memo->set = 1;
	}
	return 0;
}

/* Parses the LENGTH bytes of TEXT as a date-time under RULES, with
 * MEMO as timestamp_parse_memo's and ZONE_OFFSET for one without a zone
 * where RULES allow that. Returns 0 and sets *SEC and *NSEC, or -1. */
static int
parse_datetime(struct timestamp_memo *memo, const struct rules *rules,
    int32_t zone_offset, const char *text, size_t length, int64_t *sec,
    int32_t *nsec)
{
	struct cursor cursor = { text, text + length };
	int64_t seconds, offset;
	int32_t fraction;
	int leap;

	if (read_head_memo(&cursor, memo, rules->separators, &seconds,
	    &leap) != 0 ||
	    read_fraction(&cursor, rules, &fraction) != 0 ||
	    read_offset(&cursor, rules, zone_offset, &offset) != 0 ||
	    cursor.next != cursor.end)
		return -1;
	*sec = seconds - offset;
	*nsec = leap ? LAST_NANOSECOND : fraction;
	return 0;
}

/* Parses the LENGTH bytes of TEXT (not NUL-terminated) as an RFC 3339
 * date-time and stores the instant as UTC seconds since the epoch and
 * nanoseconds. Returns 0, or -1 unless all LENGTH bytes form one
 * timestamp; *SEC and *NSEC are set only on success. MEMO (NULL: none)
 * remembers the date and time of day last read: records in a log come
 * in order, many in the same second, and then only the fraction and the
 * offset are left to read. */
int
timestamp_parse_memo(struct timestamp_memo *memo, const char *text,
    size_t length, int64_t *sec, int32_t *nsec)
{
	return parse_datetime(memo, &strict_rules, 0, text, length, sec,
	    nsec);
}

int
timestamp_parse(const char *text, size_t length, int64_t *sec,
    int32_t *nsec)
{
	return timestamp_parse_memo(NULL, text, length, sec, nsec);
}

/* Returns the place of the unit of an epoch in FORMAT (a unit is
 * 10^place ns), that of WHOLE units by magnitude for TIME_EPOCH_AUTO and
 * TIME_ANY, or -1 for a format that is not an epoch. */
static int
epoch_place(enum time_format format, uint64_t whole)
{
	size_t i;

	switch (format) {
	case TIME_EPOCH_S:
		return 9;
	case TIME_EPOCH_MS:
		return 6;
	case TIME_EPOCH_US:
		return 3;
	case TIME_EPOCH_NS:
		return 0;
	case TIME_EPOCH_AUTO:
	case TIME_ANY:
		for (i = 0; i + 1 < MAGNITUDES &&
		    whole >= magnitudes[i].below; i++)
			;
		return magnitudes[i].place;
	default:
		return -1;
	}
}

/* Stores SEC and NSEC if SEC is at most TIMESTAMP_SEC_MAX. Returns 0 or
 * -1. */
static int
store(int64_t sec, int32_t nsec, int64_t *out_sec, int32_t *out_nsec)
{
	if (sec > TIMESTAMP_SEC_MAX)
		return -1;
	*out_sec = sec;
	*out_nsec = nsec;
	return 0;
}

/* Reads the LENGTH bytes of TEXT as a decimal epoch in FORMAT's unit
 * ("1700000000", "1700000000.123456"), exactly: digits beyond the
 * nanosecond are dropped. Returns 0 and sets *SEC and *NSEC, or -1. */
static int
parse_epoch(enum time_format format, const char *text, size_t length,
    int64_t *sec, int32_t *nsec)
{
	struct decimal number;
	uint64_t whole, seconds;
	int place, bottom;

	if (length == 0 || decimal_read(text, length, &number) != length)
		return -1;
	if (decimal_integer(&number, 0, &whole) != 0)
		whole = UINT64_MAX;
	place = epoch_place(format, whole);
	bottom = SECOND_PLACE - place;
	if (decimal_integer(&number, bottom, &seconds) != 0 ||
	    seconds > (uint64_t)TIMESTAMP_SEC_MAX)
		return -1;
	return store((int64_t)seconds, (int32_t)decimal_window(&number,
	    bottom, SECOND_PLACE), sec, nsec);
}

/* Parses the LENGTH bytes of TEXT as a time in FORMAT and stores the
 * instant as UTC seconds since the epoch and nanoseconds:
 *  - TIME_RFC3339: as timestamp_parse_memo, with also a space for 'T';
 *  - TIME_PYTHON: the same, with also ',' for '.' (Python's asctime,
 *    "2026-01-02 12:30:45,500"), "+HHMM" for "+HH:MM", and no zone at
 *    all: local time ZONE_OFFSET seconds ahead of UTC;
 *  - TIME_EPOCH_*: a decimal string in that unit, "1700000000.5";
 *    TIME_EPOCH_AUTO in the unit its whole part's magnitude gives
 *    (below 1e11: s; 1e14: ms; 1e17: us; else ns);
 *  - TIME_ANY: TIME_PYTHON's, else TIME_EPOCH_AUTO's.
 * No sign, blank or exponent in an epoch; not after 9999-12-31T23:59:59
 * UTC. MEMO (NULL: none) is timestamp_parse_memo's. Returns 0, or -1
 * with *SEC and *NSEC untouched. */
int
timestamp_from_text(struct timestamp_memo *memo, enum time_format format,
    int32_t zone_offset, const char *text, size_t length, int64_t *sec,
    int32_t *nsec)
{
	switch (format) {
	case TIME_RFC3339:
		return parse_datetime(memo, &rfc3339_rules, 0, text, length,
		    sec, nsec);
	case TIME_PYTHON:
		return parse_datetime(memo, &python_rules, zone_offset, text,
		    length, sec, nsec);
	case TIME_ANY:
		if (parse_datetime(memo, &python_rules, zone_offset, text,
		    length, sec, nsec) == 0)
			return 0;
		return parse_epoch(format, text, length, sec, nsec);
	default:
		return parse_epoch(format, text, length, sec, nsec);
	}
}

/* Reads VALUE as an epoch in FORMAT's unit (TIME_EPOCH_AUTO and TIME_ANY:
 * by magnitude, as timestamp_from_text). Returns 0 and sets *SEC and
 * *NSEC, or -1 for a negative VALUE, one after 9999, or a format that is
 * not an epoch (TIME_RFC3339, TIME_PYTHON). */
int
timestamp_from_integer(enum time_format format, int64_t value,
    int64_t *sec, int32_t *nsec)
{
	int64_t per_second;
	int place;

	if (value < 0 || (place = epoch_place(format, (uint64_t)value)) < 0)
		return -1;
	per_second = powers_of_ten[SECOND_PLACE - place];
	return store(value / per_second, (int32_t)(value % per_second *
	    powers_of_ten[place]), sec, nsec);
}

/* Reads VALUE as an epoch in FORMAT's unit (by magnitude for
 * TIME_EPOCH_AUTO and TIME_ANY): its whole units exactly and its
 * fraction (VALUE less its floor, exact in binary floating point)
 * rounded to the nearest nanosecond. That is llround(VALUE x ns per
 * unit) wherever the product is exact, without its overflow or its
 * rounding (near 1.7e18 ns a double steps by 256). Returns 0 and sets
 * *SEC and *NSEC, or -1 for NaN, a negative VALUE (-0.0 is 0), one after
 * 9999 or infinite, or a format that is not an epoch. */
int
timestamp_from_real(enum time_format format, double value, int64_t *sec,
    int32_t *nsec)
{
	int64_t units, per_second, seconds, nanoseconds;
	double whole;
	int place;

	if (isnan(value) || value < 0 || !(value < REAL_UNITS_MAX))
		return -1;
	whole = floor(value);
	units = (int64_t)whole;
	if ((place = epoch_place(format, (uint64_t)units)) < 0)
		return -1;
	per_second = powers_of_ten[SECOND_PLACE - place];
	seconds = units / per_second;
	nanoseconds = units % per_second * powers_of_ten[place] +
	    llround((value - whole) * (double)powers_of_ten[place]);
	if (nanoseconds >= NS_PER_S) {
		seconds++;
		nanoseconds -= NS_PER_S;
	}
	return store(seconds, (int32_t)nanoseconds, sec, nsec);
}

/* Returns the year, month and day of DAYS since 1970-01-01, for the
 * proleptic Gregorian calendar (after Howard Hinnant's civil_from_days:
 * eras of 400 years, each of 146097 days, from 0000-03-01). */
static void
civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468, era, day_of_era, year_of_era, day_of_year,
	    month_from_march;

	era = (z >= 0 ? z : z - 146096) / 146097;
	day_of_era = z - era * 146097;
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
	    day_of_era / 146096) / DAYS_PER_YEAR;
	day_of_year = day_of_era - (DAYS_PER_YEAR * year_of_era +
	    year_of_era / 4 - year_of_era / 100);
	month_from_march = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	*month = (int)(month_from_march < 10 ? month_from_march + 3 :
	    month_from_march - 9);
	*year = (int)(year_of_era + era * 400 + (*month <= 2));
}

/* Writes SEC and NSEC as RFC 3339 in UTC with nine decimals,
 * "2023-11-14T22:13:20.123456789Z", and a NUL into BUF of SIZE bytes
 * (TIMESTAMP_TEXT_SIZE will do). Returns the length written, or 0 (BUF
 * untouched) when SIZE is too small, NSEC is not in [0, 999999999] or
 * SEC outside [TIMESTAMP_SEC_MIN, TIMESTAMP_SEC_MAX]. Digit by digit,
 * not through snprintf: a worker formats each new latest time, which
 * in a log written in order is nearly every record. */
size_t
timestamp_format(int64_t sec, int32_t nsec, char *buf, size_t size)
{
	int64_t days, rest;
	int year, month, day;
	char *p = buf;

	if (size < TIMESTAMP_TEXT_SIZE || nsec < 0 || nsec > LAST_NANOSECOND ||
	    sec < TIMESTAMP_SEC_MIN || sec > TIMESTAMP_SEC_MAX)
		return 0;
	days = (sec - TIMESTAMP_SEC_MIN) / SECONDS_PER_DAY +
	    TIMESTAMP_SEC_MIN / SECONDS_PER_DAY;
	rest = sec - days * SECONDS_PER_DAY;
	civil_from_days(days, &year, &month, &day);
	p = put_digits(p, (uint64_t)year, 4);
	*p++ = '-';
	p = put_digits(p, (uint64_t)month, 2);
	*p++ = '-';
	p = put_digits(p, (uint64_t)day, 2);
	*p++ = 'T';
	p = put_digits(p, (uint64_t)(rest / SECONDS_PER_HOUR), 2);
	*p++ = ':';
	p = put_digits(p, (uint64_t)(rest % SECONDS_PER_HOUR /
	    SECONDS_PER_MINUTE), 2);
	*p++ = ':';
	p = put_digits(p, (uint64_t)(rest % SECONDS_PER_MINUTE), 2);
	*p++ = '.';
	p = put_digits(p, (uint64_t)nsec, 9);
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

/* Like timestamp_format; the date and time of day are those of MEMO
 * when SEC is its second, and MEMO keeps SEC's otherwise. */
size_t
timestamp_format_memo(struct timestamp_text_memo *memo, int64_t sec,
    int32_t nsec, char *buf, size_t size)
{
	size_t length;

	if (!memo->set || memo->sec != sec || size < TIMESTAMP_TEXT_SIZE ||
	    nsec < 0 || nsec > LAST_NANOSECOND) {
		if ((length = timestamp_format(sec, nsec, buf, size)) == 0)
			return 0;
		memcpy(memo->text, buf, TIMESTAMP_TEXT_SIZE);
		memo->sec = sec;
		memo->set = 1;
		return length;
	}
	memcpy(buf, memo->text, TIMESTAMP_TEXT_SIZE);
	put_digits(buf + 20, (uint64_t)nsec, 9);
	return TIMESTAMP_TEXT_SIZE - 1;
}

/* Reads 1 or 2 digits of hours, then, after 2, optionally ":MM" or "MM",
 * into *SECONDS. Returns 0 or -1. */
static int
read_zone_hours(struct cursor *cursor, int32_t *seconds)
{
	const char *start = cursor->next;
	int hours, minutes = 0;

	if (read_field(cursor, FIELD_DIGITS, 0, HOURS_PER_DAY - 1,
	    &hours) != 0) {
		cursor->next = start;
		if (read_digits(cursor, 1, &hours) != 0)
			return -1;
	} else if (cursor->next != cursor->end) {
		(void)read_byte(cursor, ':');
		if (read_field(cursor, FIELD_DIGITS, 0, MINUTES_PER_HOUR - 1,
		    &minutes) != 0)
			return -1;
	}
	*seconds = hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE;
	return 0;
}

/* Says whether the NUL-terminated TEXT is LOWER in any ASCII case. */
static int
is_word(const char *text, const char *lower)
{
	for (; *lower != '\0'; text++, lower++) {
		if (*text != *lower && *text != *lower - 'a' + 'A')
			return 0;
	}
	return *text == '\0';
}

/* Reads --timezone's fixed offset from UTC (NUL-terminated): "UTC",
 * "GMT" or "Z" in any case, or a sign and hours, "+2", "-05", optionally
 * with minutes, "+02:00", "-0530" (hours below 24, minutes below 60).
 * Named zones (Europe/Berlin, CET) are refused: their offset changes
 * within a log. Returns 0 and sets *OFFSET, the seconds local time is
 * ahead of UTC, or -1. */
int
timestamp_zone_parse(const char *text, int32_t *offset)
{
	struct cursor cursor = { text, text + strlen(text) };
	int32_t seconds;
	int negative;

	if (is_word(text, "utc") || is_word(text, "gmt") || is_word(text, "z"))
		return (*offset = 0, 0);
	negative = read_byte(&cursor, '-') == 0;
	if (!negative && read_byte(&cursor, '+') != 0)
		return -1;
	if (read_zone_hours(&cursor, &seconds) != 0 ||
	    cursor.next != cursor.end)
		return -1;
	*offset = negative ? -seconds : seconds;
	return 0;
}

/* Returns the schema file's name of FORMAT: "rfc3339", "epoch_ms", ... */
const char *
timestamp_format_name(enum time_format format)
{
	return format_names[format];
}

/* Reads a time format's name exactly. Returns 0 and sets *OUT, or -1. */
int
timestamp_format_from_name(const char *name, enum time_format *out)
{
	size_t i;

	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (strcmp(name, format_names[i]) == 0)
			return (*out = (enum time_format)i, 0);
	}
	return -1;
}
