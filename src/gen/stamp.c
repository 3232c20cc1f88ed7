/* stamp.c: time and duration texts for the generator's formats. All of
 * them are exact: a reader that rounds to the nanosecond gets back the
 * record's duration in ms, and its time truncated to the precision. */
#include "config.h"

#include "common/put.h"
#include "gen/stamp.h"

static const uint32_t powers_of_ten[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000
};

/* Writes RECORD's time as RFC 3339 UTC with DIGITS (0 to 9, or
 * STAMP_TRIMMED) fraction digits, truncated, then ZONE ("Z", "+00:00"). */
char *
stamp_rfc3339(struct record_encoder *encoder, const struct record *record,
    int digits, const char *zone, char *out)
{
	char full[STAMP_MAX];
	int last;

	record_format_time(encoder, record->ts_sec, record->ts_nsec, full);
	if (digits == STAMP_TRIMMED) {
		for (last = 28; last > 19 && full[last] == '0'; last--)
			;
		digits = last - 19;
	}
	out = put(out, full, digits > 0 ? 20 + (size_t)digits : 19);
	return put_text(out, zone);
}

/* Writes Python logging's asctime, "2026-01-01 00:00:00,123" (UTC). */
char *
stamp_asctime(struct record_encoder *encoder, const struct record *record,
    char *out)
{
	char *start = out;

	out = stamp_rfc3339(encoder, record, 3, "", out);
	start[10] = ' ';
	start[19] = ',';
	return out;
}

/* Writes RECORD's time as an integer count of 10^-DIGITS seconds since
 * the epoch (0: s, 3: ms, 6: us, 9: ns), truncated. */
char *
stamp_epoch(const struct record *record, int digits, char *out)
{
	uint64_t sec = (uint64_t)record->ts_sec;

	return put_uint(out, sec * powers_of_ten[digits] +
	    record->ts_nsec / powers_of_ten[9 - digits]);
}

/* Writes RECORD's time as epoch seconds with DIGITS (1 to 9) decimals,
 * truncated: zap's and Caddy's "ts" (which come from a float64). */
char *
stamp_epoch_fraction(const struct record *record, int digits, char *out)
{
	out = put_uint(out, (uint64_t)record->ts_sec);
	*out++ = '.';
	return put_digits(out, record->ts_nsec / powers_of_ten[9 - digits],
	    digits);
}

/* Writes MS milliseconds as seconds, the shortest exact decimal: "0.012",
 * "1.5"; a whole number of seconds is "5" (Go) or, if PYTHON, "5.0". */
char *
stamp_seconds(uint32_t ms, int python, char *out)
{
	uint32_t fraction = ms % 1000;
	int width = 3;

	out = put_uint(out, ms / 1000);
	if (fraction == 0)
		return python ? PUT_LITERAL(out, ".0") : out;
	for (; fraction % 10 == 0; fraction /= 10)
		width--;
	*out++ = '.';
	return put_digits(out, fraction, width);
}

/* Writes MS milliseconds as tracing-subscriber's span timings do, three
 * significant digits ("5.00ms", "12.0ms", "123ms"), except that seconds
 * keep every millisecond ("1.234s") so that the value stays exact. */
char *
stamp_tracing(uint32_t ms, char *out)
{
	out = put_uint(out, ms < 1000 ? ms : ms / 1000);
	if (ms < 10)
		return PUT_LITERAL(out, ".00ms");
	if (ms < 100)
		return PUT_LITERAL(out, ".0ms");
	if (ms < 1000)
		return PUT_LITERAL(out, "ms");
	*out++ = '.';
	out = put_digits(out, ms % 1000, 3);
	return PUT_LITERAL(out, "s");
}
