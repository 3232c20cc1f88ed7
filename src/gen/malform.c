/* malform.c: builds broken lines from a valid record. Rare by design, so
 * clarity wins over speed here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "gen/malform.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const char *const kind_names[MALFORM_COUNT] = {
	"invalid_json", "invalid_utf8", "not_object", "wrong_type", "empty",
	"too_long"
};

/* Relative frequency of each kind; over-long lines are rare because each
 * one is a mebibyte. */
static const unsigned kind_weights[MALFORM_COUNT] = { 30, 20, 15, 20, 14, 1 };

/* Byte sequences that are not UTF-8: a stray 0xff, a lead byte without its
 * continuation, an encoded surrogate, an overlong slash, a lone
 * continuation byte and a code point above U+10FFFF. */
static const char *const bad_utf8[] = {
	"\xff", "\xc3\x28", "\xed\xa0\x80", "\xc0\xaf", "\x80", "\xf4\x90\x80\x80"
};

static const char *const not_objects[] = {
	"[\"INFO\",\"api-gateway\",\"Request completed\"]",
	"\"Request completed\"", "42", "null", "true"
};

const char *
malform_name(enum malform_kind kind)
{
	return kind_names[kind];
}

enum malform_kind
malform_pick(struct rng *rng)
{
	unsigned total = 0, roll;
	int kind;

	for (kind = 0; kind < MALFORM_COUNT; kind++)
		total += kind_weights[kind];
	roll = rng_below(rng, total);
	for (kind = 0; kind < MALFORM_COUNT - 1; kind++) {
		if (roll < kind_weights[kind])
			break;
		roll -= kind_weights[kind];
	}
	return (enum malform_kind)kind;
}

/* Makes *BUF hold at least NEEDED bytes. */
static void
reserve(char **buf, size_t *capacity, size_t needed)
{
	format_reserve(buf, capacity, needed);
}

/* Encodes RECORD into *BUF as the format's inner line (docker's wrapper
 * left out), growing it; returns the length. */
static size_t
encode(struct format_encoder *encoder, const struct record *record,
    char **buf, size_t *capacity)
{
	return format_encode_inner(encoder, record, 1, buf, capacity);
}

/* Returns the length of RECORD in logproc's format: the cut of a broken
 * line is drawn on it in every format, so that every format draws the
 * same random numbers and so writes the same records. */
static size_t
logproc_length(struct format_encoder *encoder, const struct record *record,
    char **buf, size_t *capacity)
{
	reserve(buf, capacity, record_max_length(record));
	return record_encode(&encoder->records, record, *buf);
}

/* Wraps the inner line of LENGTH bytes in *BUF for docker formats. */
static size_t
finish(struct format_encoder *encoder, const struct record *record,
    size_t length, char **buf, size_t *capacity)
{
	if (!encoder->format.docker)
		return length;
	return format_wrap(encoder, record, length, buf, capacity);
}

/* A valid record cut short, a plain-text line, or an object followed by
 * a stray brace. Docker wraps the first and the last (its log string
 * then holds a broken object); a plain-text line stays unwrapped, as a
 * wrapped one would be a record of its own. */
static size_t
write_invalid_json(struct rng *rng, struct format_encoder *encoder,
    const struct record *record, char **buf, size_t *capacity)
{
	size_t length = logproc_length(encoder, record, buf, capacity);
	size_t body, cut;

	switch (rng_below(rng, 3)) {
	case 0:		/* cut somewhere before the closing brace */
		cut = rng_below(rng, (uint32_t)(length - 3));
		body = encode(encoder, record, buf, capacity);
		body = 1 + (size_t)((uint64_t)cut * (body - 3) / (length - 3));
		break;
	case 1:
		body = (size_t)snprintf(*buf, *capacity, "%s %s %s",
		    level_name(record->level), record->service, record->message);
		(*buf)[body] = '\n';
		return body + 1;
	default:	/* "}\n" becomes "}}\n" */
		length = encode(encoder, record, buf, capacity);
		reserve(buf, capacity, length + 1);
		(*buf)[length - 1] = '}';
		body = length;
		break;
	}
	(*buf)[body] = '\n';
	return finish(encoder, record, body + 1, buf, capacity);
}

static size_t
write_invalid_utf8(struct rng *rng, struct format_encoder *encoder,
    const struct record *record, char **buf, size_t *capacity)
{
	struct record broken = *record;
	char message[128];

	snprintf(message, sizeof message, "%s %s", record->message,
	    bad_utf8[rng_below(rng, COUNT_OF(bad_utf8))]);
	broken.message = message;
	return finish(encoder, record, encode(encoder, &broken, buf, capacity),
	    buf, capacity);
}

/* Rewrites the value of "KEY": in the NUL-terminated line *BUF of LENGTH
 * bytes to VALUE. The generator's own lines have no escaped quotes, so a
 * string value ends at the next '"' and a number at the next ',' or '}'. */
static size_t
replace_value(char **buf, size_t *capacity, size_t length, const char *key,
    const char *value)
{
	char pattern[32];
	const char *old;
	size_t key_end, value_end, tail, value_length = strlen(value);

	snprintf(pattern, sizeof pattern, "\"%s\":", key);
	key_end = (size_t)(strstr(*buf, pattern) - *buf) + strlen(pattern);
	old = *buf + key_end;
	if (*old == '"')
		value_end = key_end + 1 + strcspn(old + 1, "\"") + 1;
	else
		value_end = key_end + strcspn(old, ",}");
	tail = length - value_end;
	reserve(buf, capacity, key_end + value_length + tail + 1);
	memmove(*buf + key_end + value_length, *buf + value_end, tail);
	memcpy(*buf + key_end, value, value_length);
	return key_end + value_length + tail;
}

/* A logproc record with one field of the wrong JSON type. */
static size_t
write_logproc_wrong_type(struct rng *rng, struct format_encoder *encoder,
    const struct record *record, char **buf, size_t *capacity)
{
	size_t length;
	char value[32];

	reserve(buf, capacity, record_max_length(record) + 1);
	length = record_encode(&encoder->records, record, *buf);
	(*buf)[length] = '\0';
	switch (rng_below(rng, 4)) {
	case 0:
		snprintf(value, sizeof value, "\"%u\"", record->duration_ms);
		return replace_value(buf, capacity, length, "duration_ms", value);
	case 1:
		snprintf(value, sizeof value, "%d", (int)record->level);
		return replace_value(buf, capacity, length, "level", value);
	case 2:
		return replace_value(buf, capacity, length, "service", "null");
	default:
		snprintf(value, sizeof value, "%lld", (long long)record->ts_sec);
		return replace_value(buf, capacity, length, "timestamp", value);
	}
}

/* A well-formed object with one field of the wrong JSON type: in
 * logproc's format one of four, in the others the level as true (a
 * boolean is a wrong type for every schema's level). */
static size_t
write_wrong_type(struct rng *rng, struct format_encoder *encoder,
    const struct record *record, char **buf, size_t *capacity)
{
	size_t length;

	if (encoder->format.logger == LOGGER_LOGPROC)
		length = write_logproc_wrong_type(rng, encoder, record, buf,
		    capacity);
	else {
		(void)rng_below(rng, 4);	/* the draw logproc's makes */
		encoder->level_true = 1;
		length = encode(encoder, record, buf, capacity);
		encoder->level_true = 0;
	}
	return finish(encoder, record, length, buf, capacity);
}

/* A valid record whose message alone is MALFORM_LONG_LINE bytes. */
static size_t
write_too_long(struct format_encoder *encoder, const struct record *record,
    char **buf, size_t *capacity)
{
	static const char filler[] = "stack trace line repeated ";
	struct record longer = *record;
	char *message = xmalloc(MALFORM_LONG_LINE + 1);
	size_t i, length;

	for (i = 0; i < MALFORM_LONG_LINE; i++)
		message[i] = filler[i % (sizeof filler - 1)];
	message[MALFORM_LONG_LINE] = '\0';
	longer.message = message;
	length = finish(encoder, record, encode(encoder, &longer, buf,
	    capacity), buf, capacity);
	free(message);
	return length;
}

/* Writes a broken line of KIND, built from RECORD, in ENCODER's format
 * into *BUF (grown as needed; the caller owns it). Returns its length,
 * newline included. For docker formats, a broken inner line is wrapped
 * where the reason stays the same wrapped (invalid_json but plain text,
 * invalid_utf8, wrong_type, too_long); not_object, empty and plain text
 * lines are docker lines themselves, as a wrapped one would be a record
 * of its own. */
size_t
malform_write(enum malform_kind kind, struct rng *rng,
    struct format_encoder *encoder, const struct record *record,
    char **buf, size_t *capacity)
{
	const char *text;

	switch (kind) {
	case MALFORM_INVALID_JSON:
		return write_invalid_json(rng, encoder, record, buf, capacity);
	case MALFORM_INVALID_UTF8:
		return write_invalid_utf8(rng, encoder, record, buf, capacity);
	case MALFORM_NOT_OBJECT:
		text = not_objects[rng_below(rng, COUNT_OF(not_objects))];
		reserve(buf, capacity, strlen(text) + 2);
		return (size_t)snprintf(*buf, *capacity, "%s\n", text);
	case MALFORM_WRONG_TYPE:
		return write_wrong_type(rng, encoder, record, buf, capacity);
	case MALFORM_TOO_LONG:
		return write_too_long(encoder, record, buf, capacity);
	default:
		reserve(buf, capacity, 2);
		(*buf)[0] = '\n';
		return 1;
	}
}
