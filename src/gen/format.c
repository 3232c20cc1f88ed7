/* format.c: lines in the format --schema names. A plain logger's line is
 * one record (logger.c). An OTLP line is an export request of up to
 * FORMAT_LINE_RECORDS_MAX records, consecutive records of one service
 * sharing a resource. A docker line wraps any of these in Docker's
 * json-file object, the inner line as its "log" string. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "gen/format.h"
#include "common/put.h"
#include "gen/stamp.h"

#define DOCKER_PREFIX "docker:"

/* Bytes of an OTLP envelope and of a docker wrapper besides their
 * contents, generously. */
#define OTLP_FIXED_MAX 256
#define DOCKER_FIXED_MAX 128

static const char names_text[] =
    "logproc, slog, zap, logrus, zerolog, pino, bunyan, winston, structlog, "
    "python-json, logstash, ecs, journald, caddy, mongodb, tracing, otlp, "
    "docker or docker:NAME";

/* Returns the logger called NAME, or -1. */
static int
logger_named(const char *name)
{
	int logger;

	for (logger = 0; logger < LOGGER_COUNT; logger++)
		if (strcmp(name, logger_name((enum logger)logger)) == 0)
			return logger;
	return -1;
}

/* Reads the format NAME: a logger's name, "docker" (around logproc's
 * format) or "docker:LOGGER". Returns 0, or -1 if there is none. */
int
format_parse(const char *name, struct format *format)
{
	int logger;

	format->docker = strncmp(name, DOCKER_PREFIX,
	    sizeof DOCKER_PREFIX - 1) == 0;
	if (format->docker)
		name += sizeof DOCKER_PREFIX - 1;
	else if (strcmp(name, "docker") == 0) {
		format->docker = 1;
		name = "logproc";
	}
	if ((logger = logger_named(name)) < 0)
		return -1;
	format->logger = (enum logger)logger;
	return 0;
}

/* Returns the names format_parse() knows, for messages. */
const char *
format_names(void)
{
	return names_text;
}

void
format_encoder_init(struct format_encoder *encoder,
    const struct format *format)
{
	memset(encoder, 0, sizeof *encoder);
	encoder->format = *format;
	record_encoder_init(&encoder->records);
}

void
format_encoder_free(struct format_encoder *encoder)
{
	free(encoder->inner);
}

/* Makes *BUF hold at least NEEDED bytes. */
void
format_reserve(char **buf, size_t *capacity, size_t needed)
{
	if (*capacity < needed) {
		*buf = xreallocarray(*buf, needed, 1);
		*capacity = needed;
	}
}

/* Returns how many records the line that starts with FIRST holds: 1 but
 * for OTLP, 1 to FORMAT_LINE_RECORDS_MAX from the record's request id
 * (so the same seed packs the same way), and 1 when PACED, so that a
 * follower sees each record as it is made. */
size_t
format_line_records(const struct format *format, const struct record *first,
    int paced)
{
	if (format->logger != LOGGER_OTLP || paced)
		return 1;
	return 1 + (first->request_id >> 29);
}

/* Writes the OTLP resource and scope that hold the records of SERVICE,
 * up to the opening of their logRecords array. */
static char *
put_otlp_resource(char *out, const char *service)
{
	out = PUT_LITERAL(out, "{\"resource\":{\"attributes\":[{\"key\":"
	    "\"service.name\",\"value\":{\"stringValue\":\"");
	out = put_escaped(out, service);
	return PUT_LITERAL(out, "\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":"
	    "\"logproc-generate\"},\"logRecords\":[");
}

/* Writes COUNT records as one OTLP/JSON export request. */
static char *
put_otlp(struct format_encoder *encoder, const struct record *records,
    size_t count, char *out)
{
	size_t i;

	out = PUT_LITERAL(out, "{\"resourceLogs\":[");
	for (i = 0; i < count; i++) {
		if (i > 0 && strcmp(records[i].service,
		    records[i - 1].service) == 0)
			*out++ = ',';
		else {
			if (i > 0)
				out = PUT_LITERAL(out, "]}]},");
			out = put_otlp_resource(out, records[i].service);
		}
		out = logger_encode(LOGGER_OTLP, &encoder->records,
		    &records[i], encoder->level_true, out);
	}
	return PUT_LITERAL(out, "]}]}]}");
}

/* Returns an upper bound of the length of the unwrapped line of COUNT
 * RECORDS, newline included. */
static size_t
line_max_length(const struct record *records, size_t count)
{
	size_t i, length = OTLP_FIXED_MAX;

	for (i = 0; i < count; i++)
		length += logger_max_length(&records[i]) + OTLP_FIXED_MAX;
	return length;
}

/* Writes the unwrapped line of COUNT RECORDS into *BUF, growing it:
 * without docker's wrapper, if any. Returns its length, newline
 * included. */
size_t
format_encode_inner(struct format_encoder *encoder, const struct record *records,
    size_t count, char **buf, size_t *capacity)
{
	enum logger logger = encoder->format.logger;
	char *out;

	if (logger == LOGGER_LOGPROC && !encoder->level_true) {
		format_reserve(buf, capacity, record_max_length(records));
		return record_encode(&encoder->records, records, *buf);
	}
	format_reserve(buf, capacity, line_max_length(records, count));
	if (logger == LOGGER_OTLP)
		out = put_otlp(encoder, records, count, *buf);
	else
		out = logger_encode(logger, &encoder->records, records,
		    encoder->level_true, *buf);
	*out++ = '\n';
	return (size_t)(out - *buf);
}

/* Wraps the line of LENGTH bytes in encoder->inner (newline included)
 * as Docker's json-file driver does, into *BUF: stderr for the errors,
 * RECORD's time with nanoseconds. Returns the length. */
static size_t
wrap_inner(struct format_encoder *encoder, const struct record *record,
    size_t length, char **buf, size_t *capacity)
{
	char *out;

	format_reserve(buf, capacity, 6 * length + DOCKER_FIXED_MAX);
	out = PUT_LITERAL(*buf, "{\"log\":\"");
	out = put_escaped_n(out, encoder->inner, length);
	out = record->level >= LEVEL_ERROR ?
	    PUT_LITERAL(out, "\",\"stream\":\"stderr\",\"time\":\"") :
	    PUT_LITERAL(out, "\",\"stream\":\"stdout\",\"time\":\"");
	out = stamp_rfc3339(&encoder->records, record, 9, "Z", out);
	out = PUT_LITERAL(out, "\"}\n");
	return (size_t)(out - *buf);
}

/* Writes the line of COUNT RECORDS (1, or format_line_records() of the
 * first) into *BUF, grown as needed (the caller owns it). Returns its
 * length, newline included. */
size_t
format_encode(struct format_encoder *encoder, const struct record *records,
    size_t count, char **buf, size_t *capacity)
{
	size_t length;

	if (!encoder->format.docker)
		return format_encode_inner(encoder, records, count, buf, capacity);
	length = format_encode_inner(encoder, records, count, &encoder->inner,
	    &encoder->inner_capacity);
	return wrap_inner(encoder, records, length, buf, capacity);
}

/* Wraps the LENGTH bytes in *BUF (a line, newline included, made from
 * RECORD) in a docker line, in place. Returns the new length. */
size_t
format_wrap(struct format_encoder *encoder, const struct record *record,
    size_t length, char **buf, size_t *capacity)
{
	format_reserve(&encoder->inner, &encoder->inner_capacity, length);
	memcpy(encoder->inner, *buf, length);
	return wrap_inner(encoder, record, length, buf, capacity);
}
