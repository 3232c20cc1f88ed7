/* record.c: encodes records as compact JSON objects, one per line, with
 * keys in the order of the log format: timestamp, level, service, message,
 * request_id, user_id (when present), duration_ms. Hand-written rather than
 * built with Jansson because the generator must write a million lines a
 * second; the unit tests check the output with Jansson. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "common/put.h"
#include "gen/record.h"

/* Bytes of a line besides the service and message texts, generously. */
#define RECORD_FIXED_MAX 256

void
record_encoder_init(struct record_encoder *encoder)
{
	encoder->cached_valid = 0;
}

/* Returns an upper bound of the encoded length of RECORD, newline included. */
size_t
record_max_length(const struct record *record)
{
	return RECORD_FIXED_MAX + 6 * strlen(record->service) +
	    6 * strlen(record->message);
}

/* Writes SEC.NSEC as RFC 3339 UTC with nanoseconds, e.g.
 * 2026-01-02T12:30:45.123456789Z; returns the length (30). */
size_t
record_format_time(struct record_encoder *encoder, int64_t sec,
    uint32_t nsec, char *buf)
{
	struct tm tm;
	time_t when = (time_t)sec;
	char *out;

	if (!encoder->cached_valid || encoder->cached_sec != sec) {
		gmtime_r(&when, &tm);
		out = put_digits(encoder->date, (uint64_t)tm.tm_year + 1900, 4);
		*out++ = '-';
		out = put_digits(out, (uint64_t)tm.tm_mon + 1, 2);
		*out++ = '-';
		out = put_digits(out, (uint64_t)tm.tm_mday, 2);
		*out++ = 'T';
		out = put_digits(out, (uint64_t)tm.tm_hour, 2);
		*out++ = ':';
		out = put_digits(out, (uint64_t)tm.tm_min, 2);
		*out++ = ':';
		out = put_digits(out, (uint64_t)tm.tm_sec, 2);
		*out = '.';
		encoder->cached_sec = sec;
		encoder->cached_valid = 1;
	}
	out = put(buf, encoder->date, 20);
	out = put_digits(out, nsec, 9);
	*out++ = 'Z';
	return (size_t)(out - buf);
}

/* Encodes RECORD followed by a newline into BUF, which must hold
 * record_max_length(RECORD) bytes. Returns the number of bytes written. */
size_t
record_encode(struct record_encoder *encoder, const struct record *record,
    char *buf)
{
	char *out = buf;

	out = PUT_LITERAL(out, "{\"timestamp\":\"");
	out += record_format_time(encoder, record->ts_sec, record->ts_nsec, out);
	out = PUT_LITERAL(out, "\",\"level\":\"");
	out = put(out, level_name(record->level), strlen(level_name(record->level)));
	out = PUT_LITERAL(out, "\",\"service\":\"");
	out = put_escaped(out, record->service);
	out = PUT_LITERAL(out, "\",\"message\":\"");
	out = put_escaped(out, record->message);
	out = PUT_LITERAL(out, "\",\"request_id\":\"req-");
	out = put_hex32(out, record->request_id);
	if (record->user_id != RECORD_NO_USER) {
		out = PUT_LITERAL(out, "\",\"user_id\":\"user-");
		out = put_uint(out, (uint64_t)record->user_id);
	}
	out = PUT_LITERAL(out, "\",\"duration_ms\":");
	out = put_uint(out, record->duration_ms);
	out = PUT_LITERAL(out, "}\n");
	return (size_t)(out - buf);
}
