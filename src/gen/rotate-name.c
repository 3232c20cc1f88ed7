/* rotate-name.c: segment names, made and read back. Three schemes:
 *   timestamp  PATTERN.YYYYMMDD-HHMMSS, then -000001, -000002 ... for more
 *              rotations within the same second;
 *   dateext    PATTERN-YYYYMMDD-HHMMSS, logrotate's dateext with
 *              "dateformat -%Y%m%d-%H%M%S", then _000001, _000002 ...;
 *   numbered   PATTERN.1 (the newest), PATTERN.2 and so on.
 * A compressed segment adds ".gz". Only the names these functions make are
 * read back (no leading zeros, no suffix 000000), so that a name parsed and
 * formatted again is the same name.
 *
 * Dateext's suffix starts with '_' rather than '-' so that its names sort
 * in rotation order byte for byte even when compressed: '_' sorts after
 * the '.' of ".gz", where '-' sorts before it (PATTERN.X-000001.gz comes
 * before PATTERN.X.gz, so the timestamp scheme's compressed names sort in
 * rotation order only once ".gz" is taken off). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gen/rotate-name.h"

#define STAMP_LENGTH (ROTATE_STAMP_SIZE - 1)
#define SEQUENCE_DIGITS 6
#define NUMBER_DIGITS 12	/* numbered: N is 1 to 999999999999 */

/* Writes "YYYYMMDD-HHMMSS" for the UTC second SEC into STAMP. */
void
rotate_name_stamp(char *stamp, int64_t sec)
{
	time_t when = (time_t)sec;
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(stamp, ROTATE_STAMP_SIZE, "%Y%m%d-%H%M%S", &tm);
}

/* Writes the name of segment NAME of PATTERN in SCHEME into BUF (SIZE
 * bytes). Returns 0, or -1 if it does not fit. */
int
rotate_name_format(char *buf, size_t size, enum rotate_scheme scheme,
    const char *pattern, const struct rotate_name *name)
{
	const char *gz = name->compressed ? ROTATE_GZ_SUFFIX : "";
	char joint = scheme == ROTATE_DATEEXT ? '-' : '.';
	char separator = scheme == ROTATE_DATEEXT ? '_' : '-';
	int length;

	if (scheme == ROTATE_NUMBERED)
		length = snprintf(buf, size, "%s.%llu%s", pattern,
		    (unsigned long long)name->number, gz);
	else if (name->sequence == 0)
		length = snprintf(buf, size, "%s%c%s%s", pattern, joint,
		    name->stamp, gz);
	else
		length = snprintf(buf, size, "%s%c%s%c%06u%s", pattern, joint,
		    name->stamp, separator, name->sequence, gz);
	return length >= 0 && (size_t)length < size ? 0 : -1;
}

/* Tells whether TEXT starts with COUNT decimal digits. */
static int
all_digits(const char *text, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
	}
	return 1;
}

/* Reads COUNT digits of TEXT as a number. */
static uint64_t
read_number(const char *text, size_t count)
{
	uint64_t value = 0;
	size_t i;

	for (i = 0; i < count; i++)
		value = value * 10 + (uint64_t)(text[i] - '0');
	return value;
}

/* Accepts what follows a name's stem: nothing, or ".gz". */
static int
parse_end(const char *rest, struct rotate_name *name)
{
	name->compressed = strcmp(rest, ROTATE_GZ_SUFFIX) == 0;
	return *rest == '\0' || name->compressed ? 0 : -1;
}

/* Reads "YYYYMMDD-HHMMSS", then SEPARATOR and a six-digit suffix if there
 * is one, from TEXT into NAME. Returns 0, or -1 for other text. */
static int
parse_stamp(const char *text, char separator, struct rotate_name *name)
{
	if (!all_digits(text, 8) || text[8] != '-' ||
	    !all_digits(text + 9, 6))
		return -1;
	memcpy(name->stamp, text, STAMP_LENGTH);
	name->stamp[STAMP_LENGTH] = '\0';
	text += STAMP_LENGTH;
	if (*text == separator && all_digits(text + 1, SEQUENCE_DIGITS)) {
		name->sequence = (unsigned)read_number(text + 1,
		    SEQUENCE_DIGITS);
		if (name->sequence == 0)
			return -1;
		text += 1 + SEQUENCE_DIGITS;
	}
	return parse_end(text, name);
}

/* Reads N, 1 to NUMBER_DIGITS digits without leading zeros, from TEXT into
 * NAME. Returns 0, or -1 for other text. */
static int
parse_number(const char *text, struct rotate_name *name)
{
	size_t count = strspn(text, "0123456789");

	if (count == 0 || count > NUMBER_DIGITS || text[0] == '0')
		return -1;
	name->number = read_number(text, count);
	return parse_end(text + count, name);
}

/* Takes FILE apart as a segment name of PATTERN in SCHEME. Returns 0 with
 * NAME filled in, or -1 if FILE is not such a name. */
int
rotate_name_parse(enum rotate_scheme scheme, const char *pattern,
    const char *file, struct rotate_name *name)
{
	size_t length = strlen(pattern);
	char joint = scheme == ROTATE_DATEEXT ? '-' : '.';

	memset(name, 0, sizeof *name);
	if (strncmp(file, pattern, length) != 0 || file[length] != joint)
		return -1;
	file += length + 1;
	switch (scheme) {
	case ROTATE_NUMBERED:
		return parse_number(file, name);
	case ROTATE_DATEEXT:
		return parse_stamp(file, '_', name);
	default:
		return parse_stamp(file, '-', name);
	}
}

/* Orders two names of SCHEME by rotation, whether compressed or not:
 * negative when A was rotated before B, 0 for the same segment. */
int
rotate_name_compare(enum rotate_scheme scheme, const struct rotate_name *a,
    const struct rotate_name *b)
{
	int order;

	if (scheme == ROTATE_NUMBERED)
		return a->number > b->number ? -1 : a->number < b->number;
	order = strcmp(a->stamp, b->stamp);
	if (order != 0)
		return order;
	return a->sequence < b->sequence ? -1 : a->sequence > b->sequence;
}
