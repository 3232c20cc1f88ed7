/* timestamp.c: strict RFC 3339 date-times, such as
 * 2026-01-02T12:30:45.123456789Z or 2026-01-02T14:30:45+02:00, converted
 * to UTC with plain arithmetic on the proleptic Gregorian calendar (no
 * timegm, no time zone database, no locale). */
#include "config.h"

#include <string.h>

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

/* Reads an optional fraction, "." and one or more digits, into *NSEC.
 * Digits beyond the nanoseconds are accepted and ignored. */
static int
read_fraction(struct cursor *cursor, int32_t *nsec)
{
	int digits = 0;

	*nsec = 0;
	if (read_byte(cursor, '.') != 0)
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

/* Reads "Z", "z", "+HH:MM" or "-HH:MM" into *OFFSET, the seconds local
 * time is ahead of UTC. */
static int
read_offset(struct cursor *cursor, int64_t *offset)
{
	int negative, hours, minutes;

	*offset = 0;
	if (read_either(cursor, 'Z', 'z') == 0)
		return 0;
	negative = read_byte(cursor, '-') == 0;
	if (!negative && read_byte(cursor, '+') != 0)
		return -1;
	if (read_field(cursor, FIELD_DIGITS, 0, HOURS_PER_DAY - 1,
	    &hours) != 0 ||
	    read_byte(cursor, ':') != 0 ||
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

/* Reads "YYYY-MM-DDTHH:MM:SS" into *SECONDS since the epoch, as local
 * time; *LEAP says the second was 60, taken as :59 (the caller makes it
 * the last nanosecond of that second). */
static int
read_head(struct cursor *cursor, int64_t *seconds, int *leap)
{
	int64_t days;
	int hour, minute, second;

	if (read_date(cursor, &days) != 0 ||
	    read_either(cursor, 'T', 't') != 0 ||
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
 * last ones read, and keeps it there for the next. */
static int
read_head_memo(struct cursor *cursor, struct timestamp_memo *memo,
    int64_t *seconds, int *leap)
{
	const char *head = cursor->next;

	if (memo != NULL && memo->set &&
	    cursor->end - head >= TIMESTAMP_HEAD_SIZE &&
	    memcmp(head, memo->head, TIMESTAMP_HEAD_SIZE) == 0) {
		cursor->next += TIMESTAMP_HEAD_SIZE;
		*seconds = memo->seconds;
		*leap = memo->leap;
		return 0;
	}
	if (read_head(cursor, seconds, leap) != 0)
		return -1;
	if (memo != NULL) {
		memcpy(memo->head, head, TIMESTAMP_HEAD_SIZE);
		memo->seconds = *seconds;
		memo->leap = *leap;
		memo->set = 1;
	}
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
	struct cursor cursor = { text, text + length };
	int64_t seconds, offset;
	int32_t fraction;
	int leap;

	if (read_head_memo(&cursor, memo, &seconds, &leap) != 0 ||
	    read_fraction(&cursor, &fraction) != 0 ||
	    read_offset(&cursor, &offset) != 0 ||
	    cursor.next != cursor.end)
		return -1;
	*sec = seconds - offset;
	*nsec = leap ? LAST_NANOSECOND : fraction;
	return 0;
}

int
timestamp_parse(const char *text, size_t length, int64_t *sec,
    int32_t *nsec)
{
	return timestamp_parse_memo(NULL, text, length, sec, nsec);
}
