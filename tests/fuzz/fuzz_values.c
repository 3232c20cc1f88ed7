/* fuzz_values.c: a fuzz target for the schemas' value readers (issue 14):
 * common/level.c, common/duration.c, engine/timestamp.c. An input, up to
 * its first NUL, is one value, read as a level, a duration in every unit
 * and a time in every format, from a heap copy of exactly its length.
 * Each is checked:
 *  - a refusal leaves the outputs alone; a level read is a level;
 *  - a decimal X reads in a unit as "X" with that unit's suffix does;
 *    one with a suffix reads the same whatever the schema's unit;
 *  - a time read has its nanoseconds in [0, 1e9), an epoch is in 1970 to
 *    9999, and a time in 0000 to 9999 UTC formats to text that
 *    timestamp_parse reads back as the same instant;
 *  - what timestamp_parse reads, TIME_RFC3339 reads the same; what that
 *    reads, TIME_PYTHON and TIME_ANY read the same; with a memo filled by
 *    any of them, each reads as it does without one;
 *  - a zone read is less than a day from UTC.
 * A difference prints the value and what differed, and abort()s. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decimal.h"
#include "common/duration.h"
#include "common/level.h"
#include "common/xmalloc.h"
#include "engine/timestamp.h"
#include "fuzz.h"

#define TARGET "fuzz_values"
#define SENTINEL_MS UINT64_C(0x5a5a5a5a5a5a5a5a)
#define SENTINEL_SEC INT64_C(-42)
#define SENTINEL_NSEC (-42)
#define SENTINEL_LEVEL ((enum level)42)
#define UNITS 4
#define FORMATS 8
#define SUFFIX_MAX 3
#define DAY_SECONDS 86400

static const char *const suffixes[UNITS] = { "ns", "us", "ms", "s" };

/* The value being checked, NUL-terminated, for the messages: the readers
 * get a copy without the NUL. */
static const char *shown;

/* A time as read: the result and the instant. */
struct instant {
	int result;
	int64_t sec;
	int32_t nsec;
};

static void
check_levels(const char *text, size_t length)
{
	static const enum level_scale scales[] = { LEVEL_SCALE_NONE,
	    LEVEL_SCALE_PINO, LEVEL_SCALE_SYSLOG, LEVEL_SCALE_OTEL };
	enum level level, plain;
	size_t i;
	int names, known;

	for (names = 0; names <= LEVEL_NAMES_MONGODB; names++) {
		plain = SENTINEL_LEVEL;
		known = level_from_text(NULL, (enum level_names)names,
		    LEVEL_SCALE_NONE, text, length, &plain) == 0;
		for (i = 0; i < sizeof scales / sizeof scales[0]; i++) {
			level = SENTINEL_LEVEL;
			if (level_from_text(NULL, (enum level_names)names,
			    scales[i], text, length, &level) != 0) {
				if (level != SENTINEL_LEVEL || known)
					fuzz_fail(TARGET, shown, "level refused "
					    "on scale %zu, known on none", i);
			} else if ((unsigned)level >= LEVEL_COUNT ||
			    (known && level != plain))
				fuzz_fail(TARGET, shown, "level %d", (int)level);
		}
	}
}

/* Reads TEXT as a duration in UNIT, checking a refusal leaves *MS. */
static enum duration_result
read_duration(enum duration_unit unit, const char *text, size_t length,
    uint64_t *ms)
{
	enum duration_result result;

	*ms = SENTINEL_MS;
	result = duration_from_text(unit, text, length, ms);
	if (result != DURATION_OK && *ms != SENTINEL_MS)
		fuzz_fail(TARGET, shown, "duration refused, but set");
	if (result == DURATION_OK && *ms >= DURATION_LIMIT_MS)
		fuzz_fail(TARGET, shown, "duration %llu past the limit",
		    (unsigned long long)*ms);
	return result;
}

/* Says whether TEXT is a sign and a decimal, nothing after. */
static int
is_bare(const char *text, size_t length)
{
	struct decimal number;
	size_t sign = length > 0 && (text[0] == '-' || text[0] == '+');

	return decimal_read(text + sign, length - sign, &number) ==
	    length - sign && length > sign;
}

static void
check_durations(const char *text, size_t length)
{
	enum duration_result result[UNITS], suffixed;
	uint64_t ms[UNITS], suffixed_ms;
	char *with_suffix = xmalloc(length + SUFFIX_MAX);
	int unit, bare = is_bare(text, length);

	memcpy(with_suffix, text, length);
	for (unit = 0; unit < UNITS; unit++) {
		result[unit] = read_duration((enum duration_unit)unit, text,
		    length, &ms[unit]);
		if (!bare && (result[unit] != result[0] || (result[0] ==
		    DURATION_OK && ms[unit] != ms[0])))
			fuzz_fail(TARGET, shown, "depends on the unit");
		if (!bare)
			continue;
		memcpy(with_suffix + length, suffixes[unit],
		    strlen(suffixes[unit]));
		suffixed = read_duration(DURATION_MS, with_suffix, length +
		    strlen(suffixes[unit]), &suffixed_ms);
		if (suffixed != result[unit] || (suffixed == DURATION_OK &&
		    suffixed_ms != ms[unit]))
			fuzz_fail(TARGET, shown, "bare in %s is not as with "
			    "its suffix", suffixes[unit]);
	}
	free(with_suffix);
}

/* Checks a time read in FORMAT: its range, and that it formats back. */
static void
check_instant(int format, const struct instant *got)
{
	char buf[TIMESTAMP_TEXT_SIZE];
	int64_t sec;
	int32_t nsec;
	size_t size;

	if (got->result != 0) {
		if (got->sec != SENTINEL_SEC || got->nsec != SENTINEL_NSEC)
			fuzz_fail(TARGET, shown, "format %d refused, but set",
			    format);
		return;
	}
	if (got->nsec < 0 || got->nsec > 999999999 ||
	    (format >= TIME_EPOCH_S && format <= TIME_EPOCH_AUTO &&
	    (got->sec < 0 || got->sec > TIMESTAMP_SEC_MAX)))
		fuzz_fail(TARGET, shown, "format %d: %lld.%d out of range",
		    format, (long long)got->sec, (int)got->nsec);
	if (got->sec < TIMESTAMP_SEC_MIN || got->sec > TIMESTAMP_SEC_MAX)
		return;		/* 0000 or 9999 at an offset: not formatted */
	size = timestamp_format(got->sec, got->nsec, buf, sizeof buf);
	if (size == 0 || timestamp_parse(buf, size, &sec, &nsec) != 0 ||
	    sec != got->sec || nsec != got->nsec)
		fuzz_fail(TARGET, shown, "format %d: %lld.%d formats as %.*s",
		    format, (long long)got->sec, (int)got->nsec, (int)size,
		    buf);
}

/* Reads TEXT in FORMAT (FORMATS: timestamp_parse_memo) with MEMO. */
static void
read_time(struct timestamp_memo *memo, int format, const char *text,
    size_t length, struct instant *got)
{
	got->sec = SENTINEL_SEC;
	got->nsec = SENTINEL_NSEC;
	if (format == FORMATS)
		got->result = timestamp_parse_memo(memo, text, length,
		    &got->sec, &got->nsec);
	else
		got->result = timestamp_from_text(memo,
		    (enum time_format)format, 3600, text, length, &got->sec,
		    &got->nsec);
}

static int
same(const struct instant *a, const struct instant *b)
{
	return a->result == b->result && a->sec == b->sec &&
	    a->nsec == b->nsec;
}

/* Says whether B read all A did, as A did. */
static int
covers(const struct instant *a, const struct instant *b)
{
	return a->result != 0 || same(a, b);
}

static void
check_times(const char *text, size_t length)
{
	struct instant alone[FORMATS + 1], with_memo;
	struct timestamp_memo memo;
	int format, first;

	for (format = 0; format <= FORMATS; format++) {
		read_time(NULL, format, text, length, &alone[format]);
		check_instant(format, &alone[format]);
	}
	if (!covers(&alone[FORMATS], &alone[TIME_RFC3339]) ||
	    !covers(&alone[TIME_RFC3339], &alone[TIME_PYTHON]) ||
	    !covers(&alone[TIME_RFC3339], &alone[TIME_ANY]) ||
	    !covers(&alone[TIME_EPOCH_AUTO], &alone[TIME_ANY]))
		fuzz_fail(TARGET, shown, "a looser format reads otherwise");
	for (first = 0; first <= FORMATS; first++) {
		for (format = 0; format <= FORMATS; format++) {
			memset(&memo, 0, sizeof memo);
			read_time(&memo, first, text, length, &with_memo);
			read_time(&memo, format, text, length, &with_memo);
			if (!same(&with_memo, &alone[format]))
				fuzz_fail(TARGET, shown, "format %d after %d "
				    "with a memo", format, first);
		}
	}
}

static void
check_zone(const char *text)
{
	int32_t offset = -1;

	if (timestamp_zone_parse(text, &offset) == 0) {
		if (offset <= -DAY_SECONDS || offset >= DAY_SECONDS)
			fuzz_fail(TARGET, shown, "zone offset %d", (int)offset);
	} else if (offset != -1)
		fuzz_fail(TARGET, shown, "zone refused, but set");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t length = nul != NULL ? (size_t)(nul - data) : size;
	char *text = xmalloc(length + 1);
	char *exact = xmalloc(length > 0 ? length : 1);

	memcpy(text, data, length);
	text[length] = '\0';
	memcpy(exact, data, length);
	shown = text;
	check_levels(exact, length);
	check_durations(exact, length);
	check_times(exact, length);
	check_zone(text);
	free(exact);
	free(text);
	return 0;
}
