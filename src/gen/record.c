/* record.c: encodes records as compact JSON objects, one per line, with
 * keys in the order of the log format: timestamp, level, service, message,
 * request_id, user_id (when present), duration_ms. Hand-written rather than
 * built with Jansson because the generator must write a million lines a
 * second; the unit tests check the output with Jansson. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "gen/record.h"

/* Bytes of a line besides the service and message texts, generously. */
#define RECORD_FIXED_MAX 256

static const char hex_digits[] = "0123456789abcdef";

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

/* Copies TEXT to OUT. */
static char *
put(char *out, const char *text, size_t length)
{
	memcpy(out, text, length);
	return out + length;
}

#define PUT_LITERAL(out, text) put((out), (text), sizeof(text) - 1)

/* Writes the WIDTH low decimal digits of VALUE, zero-padded. */
static char *
put_digits(char *out, uint64_t value, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return out + width;
}

/* Writes VALUE in decimal without padding. */
static char *
put_uint(char *out, uint64_t value)
{
	char digits[20];
	int count = 0;

	do {
		digits[count++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (count > 0)
		*out++ = digits[--count];
	return out;
}

/* Writes TEXT as the body of a JSON string: quote, backslash and control
 * characters escaped; other bytes, including non-ASCII, copied as they are. */
static char *
put_escaped(char *out, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			*out++ = '\\';
			*out++ = (char)*p;
		} else if (*p < 0x20) {
			out = PUT_LITERAL(out, "\\u00");
			*out++ = hex_digits[*p >> 4];
			*out++ = hex_digits[*p & 0xf];
		} else
			*out++ = (char)*p;
	}
	return out;
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
	int shift;

	out = PUT_LITERAL(out, "{\"timestamp\":\"");
	out += record_format_time(encoder, record->ts_sec, record->ts_nsec, out);
	out = PUT_LITERAL(out, "\",\"level\":\"");
	out = put(out, level_name(record->level), strlen(level_name(record->level)));
	out = PUT_LITERAL(out, "\",\"service\":\"");
	out = put_escaped(out, record->service);
	out = PUT_LITERAL(out, "\",\"message\":\"");
	out = put_escaped(out, record->message);
	out = PUT_LITERAL(out, "\",\"request_id\":\"req-");
	for (shift = 28; shift >= 0; shift -= 4)
		*out++ = hex_digits[(record->request_id >> shift) & 0xf];
	if (record->user_id != RECORD_NO_USER) {
		out = PUT_LITERAL(out, "\",\"user_id\":\"user-");
		out = put_uint(out, (uint64_t)record->user_id);
	}
	out = PUT_LITERAL(out, "\",\"duration_ms\":");
	out = put_uint(out, record->duration_ms);
	out = PUT_LITERAL(out, "}\n");
	return (size_t)(out - buf);
}
