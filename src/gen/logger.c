/* logger.c: one encoder per common logger, writing a record as that
 * logger writes it (an OTLP record is the object inside logRecords[],
 * format.c writes its envelope). Level spellings are chosen so that the
 * design's level table reads each one back as the record's level: where
 * a logger has no FATAL (slog, tracing, logback) it is written "FATAL",
 * as custom levels do. LEVEL_TRUE writes the level as the JSON boolean
 * true instead: a wrong_type line of --malformed. */
#include "config.h"

#include "gen/logger.h"
#include "common/put.h"
#include "gen/stamp.h"

/* Bytes of a record besides its service (written up to 3 times) and
 * message texts, generously: journald's is the longest, about 600. */
#define LOGGER_FIXED_MAX 1024

#define PID "4242"
#define HOSTNAME "app-1"

static const char *const names[LOGGER_COUNT] = {
	"logproc", "slog", "zap", "logrus", "zerolog", "pino", "bunyan",
	"winston", "structlog", "python-json", "logstash", "ecs", "journald",
	"caddy", "mongodb", "tracing", "otlp"
};

/* Level spellings, DEBUG to FATAL. */
static const char *const go_upper[LEVEL_COUNT] = {
	"DEBUG", "INFO", "WARN", "ERROR", "FATAL" };
static const char *const go_lower[LEVEL_COUNT] = {
	"debug", "info", "warn", "error", "fatal" };
static const char *const logrus_levels[LEVEL_COUNT] = {
	"debug", "info", "warning", "error", "fatal" };
static const char *const winston_levels[LEVEL_COUNT] = {
	"debug", "info", "warn", "error", "crit" };
static const char *const python_lower[LEVEL_COUNT] = {
	"debug", "info", "warning", "error", "critical" };
static const char *const python_upper[LEVEL_COUNT] = {
	"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" };
static const char *const journald_priorities[LEVEL_COUNT] = {
	"7", "6", "4", "3", "2" };
static const char *const mongodb_severities[LEVEL_COUNT] = {
	"D1", "I", "W", "E", "F" };
static const unsigned pino_levels[LEVEL_COUNT] = { 20, 30, 40, 50, 60 };
static const unsigned otel_numbers[LEVEL_COUNT] = { 5, 9, 13, 17, 21 };
static const unsigned caddy_statuses[LEVEL_COUNT] = { 200, 200, 429, 500, 503 };

const char *
logger_name(enum logger logger)
{
	return names[logger];
}

/* Returns an upper bound of the length of RECORD in any logger's format,
 * without a newline; format.c adds what its envelopes take. */
size_t
logger_max_length(const struct record *record)
{
	return LOGGER_FIXED_MAX + 18 * strlen(record->service) +
	    6 * strlen(record->message);
}

/* Writes a level string value: SPELLINGS[level] quoted, or true. */
static char *
put_level(char *out, const char *const *spellings, enum level level,
    int level_true)
{
	if (level_true)
		return PUT_LITERAL(out, "true");
	*out++ = '"';
	out = put_text(out, spellings[level]);
	*out++ = '"';
	return out;
}

/* Writes a numeric level value: NUMBERS[level], or true. */
static char *
put_level_number(char *out, const unsigned *numbers, enum level level,
    int level_true)
{
	if (level_true)
		return PUT_LITERAL(out, "true");
	return put_uint(out, numbers[level]);
}

/* Writes a quoted, escaped string value. */
static char *
put_string(char *out, const char *text)
{
	*out++ = '"';
	out = put_escaped(out, text);
	*out++ = '"';
	return out;
}

/* Writes ,"REQUEST_KEY":"req-XXXXXXXX" and, when the record has a user,
 * ,"USER_KEY":"user-N". Keys are given quoted, with their colon. */
static char *
put_ids(char *out, const struct record *record, const char *request_key,
    const char *user_key)
{
	*out++ = ',';
	out = put_text(out, request_key);
	out = PUT_LITERAL(out, "\"req-");
	out = put_hex32(out, record->request_id);
	*out++ = '"';
	if (record->user_id != RECORD_NO_USER) {
		*out++ = ',';
		out = put_text(out, user_key);
		out = PUT_LITERAL(out, "\"user-");
		out = put_uint(out, (uint64_t)record->user_id);
		*out++ = '"';
	}
	return out;
}

#define IDS(out, record) \
	put_ids((out), (record), "\"request_id\":", "\"user_id\":")

/* Go's log/slog JSONHandler: RFC3339Nano, durations in ns. */
static char *
encode_slog(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"time\":\"");
	out = stamp_rfc3339(e, r, STAMP_TRIMMED, "Z", out);
	out = PUT_LITERAL(out, "\",\"level\":");
	out = put_level(out, go_upper, r->level, bad);
	out = PUT_LITERAL(out, ",\"msg\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"service\":");
	out = put_string(out, r->service);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = put_uint(out, (uint64_t)r->duration_ms * 1000000);
	return PUT_LITERAL(out, "}");
}

/* Writes the part zap's production encoder and Caddy share: level, then
 * ts as epoch seconds (a float64, so microseconds), then the logger. */
static char *
put_zap_head(char *out, const struct record *r, int bad)
{
	out = PUT_LITERAL(out, "{\"level\":");
	out = put_level(out, go_lower, r->level, bad);
	out = PUT_LITERAL(out, ",\"ts\":");
	out = stamp_epoch_fraction(r, 6, out);
	out = PUT_LITERAL(out, ",\"logger\":");
	return put_string(out, r->service);
}

/* Uber's zap, production JSON encoder: seconds as reals. */
static char *
encode_zap(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)e;
	out = put_zap_head(out, r, bad);
	out = PUT_LITERAL(out, ",\"caller\":\"server/handler.go:");
	out = put_uint(out, 40 + 7 * (uint64_t)r->level);
	out = PUT_LITERAL(out, "\",\"msg\":");
	out = put_string(out, r->message);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = stamp_seconds(r->duration_ms, 0, out);
	return PUT_LITERAL(out, "}");
}

/* Caddy (zap inside): a nested request object and the status. */
static char *
encode_caddy(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)e;
	out = put_zap_head(out, r, bad);
	out = PUT_LITERAL(out, ",\"msg\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"request\":{\"remote_ip\":\"10.0.0.1\","
	    "\"proto\":\"HTTP/1.1\",\"method\":\"GET\",\"host\":"
	    "\"example.com\",\"uri\":\"/\"}");
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = stamp_seconds(r->duration_ms, 0, out);
	out = PUT_LITERAL(out, ",\"status\":");
	out = put_uint(out, caddy_statuses[r->level]);
	return PUT_LITERAL(out, "}");
}

/* Sirupsen's logrus, JSONFormatter: keys sorted, as encoding/json sorts
 * a map; RFC 3339 to the second; a time.Duration is ns. */
static char *
encode_logrus(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"duration\":");
	out = put_uint(out, (uint64_t)r->duration_ms * 1000000);
	out = PUT_LITERAL(out, ",\"level\":");
	out = put_level(out, logrus_levels, r->level, bad);
	out = PUT_LITERAL(out, ",\"msg\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"request_id\":\"req-");
	out = put_hex32(out, r->request_id);
	out = PUT_LITERAL(out, "\",\"service\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"time\":\"");
	out = stamp_rfc3339(e, r, 0, "Z", out);
	*out++ = '"';
	if (r->user_id != RECORD_NO_USER) {
		out = PUT_LITERAL(out, ",\"user_id\":\"user-");
		out = put_uint(out, (uint64_t)r->user_id);
		*out++ = '"';
	}
	return PUT_LITERAL(out, "}");
}

/* rs/zerolog: fields in call order, time to the second, Dur in ms,
 * the message last. */
static char *
encode_zerolog(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"level\":");
	out = put_level(out, go_lower, r->level, bad);
	out = PUT_LITERAL(out, ",\"service\":");
	out = put_string(out, r->service);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = put_uint(out, r->duration_ms);
	out = PUT_LITERAL(out, ",\"time\":\"");
	out = stamp_rfc3339(e, r, 0, "Z", out);
	out = PUT_LITERAL(out, "\",\"message\":");
	out = put_string(out, r->message);
	return PUT_LITERAL(out, "}");
}

/* pino: numeric levels, epoch ms, pid and hostname, msg last. */
static char *
encode_pino(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)e;
	out = PUT_LITERAL(out, "{\"level\":");
	out = put_level_number(out, pino_levels, r->level, bad);
	out = PUT_LITERAL(out, ",\"time\":");
	out = stamp_epoch(r, 3, out);
	out = PUT_LITERAL(out, ",\"pid\":" PID ",\"hostname\":\"" HOSTNAME
	    "\",\"name\":");
	out = put_string(out, r->service);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"responseTime\":");
	out = put_uint(out, r->duration_ms);
	out = PUT_LITERAL(out, ",\"msg\":");
	out = put_string(out, r->message);
	return PUT_LITERAL(out, "}");
}

/* bunyan: numeric levels, ISO time in ms (JavaScript's), "v":0 last. */
static char *
encode_bunyan(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"name\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"hostname\":\"" HOSTNAME "\",\"pid\":" PID
	    ",\"level\":");
	out = put_level_number(out, pino_levels, r->level, bad);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = put_uint(out, r->duration_ms);
	out = PUT_LITERAL(out, ",\"msg\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"time\":\"");
	out = stamp_rfc3339(e, r, 3, "Z", out);
	return PUT_LITERAL(out, "\",\"v\":0}");
}

/* winston's json() with timestamp(): npm levels, "crit" for FATAL. */
static char *
encode_winston(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"level\":");
	out = put_level(out, winston_levels, r->level, bad);
	out = PUT_LITERAL(out, ",\"message\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"service\":");
	out = put_string(out, r->service);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"durationMs\":");
	out = put_uint(out, r->duration_ms);
	out = PUT_LITERAL(out, ",\"timestamp\":\"");
	out = stamp_rfc3339(e, r, 3, "Z", out);
	return PUT_LITERAL(out, "\"}");
}

/* structlog's JSONRenderer after add_log_level and TimeStamper(iso,
 * utc): the event first, Python floats for seconds. */
static char *
encode_structlog(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"event\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"logger\":");
	out = put_string(out, r->service);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = stamp_seconds(r->duration_ms, 1, out);
	out = PUT_LITERAL(out, ",\"level\":");
	out = put_level(out, python_lower, r->level, bad);
	out = PUT_LITERAL(out, ",\"timestamp\":\"");
	out = stamp_rfc3339(e, r, 6, "Z", out);
	return PUT_LITERAL(out, "\"}");
}

/* python-json-logger with "%(asctime)s %(levelname)s %(name)s
 * %(message)s" and the record's extra fields. */
static char *
encode_python_json(struct record_encoder *e, const struct record *r,
    int bad, char *out)
{
	out = PUT_LITERAL(out, "{\"asctime\":\"");
	out = stamp_asctime(e, r, out);
	out = PUT_LITERAL(out, "\",\"levelname\":");
	out = put_level(out, python_upper, r->level, bad);
	out = PUT_LITERAL(out, ",\"name\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"message\":");
	out = put_string(out, r->message);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = stamp_seconds(r->duration_ms, 1, out);
	return PUT_LITERAL(out, "}");
}

/* logstash-logback-encoder: @timestamp with an offset, logback's
 * levels and level_value. */
static char *
encode_logstash(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"@timestamp\":\"");
	out = stamp_rfc3339(e, r, 3, "+00:00", out);
	out = PUT_LITERAL(out, "\",\"@version\":\"1\",\"message\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"logger_name\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"thread_name\":\"main\",\"level\":");
	out = put_level(out, go_upper, r->level, bad);
	out = PUT_LITERAL(out, ",\"level_value\":");
	out = put_uint(out, 10000 * (1 + (uint64_t)r->level));
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"duration\":");
	out = put_uint(out, r->duration_ms);
	return PUT_LITERAL(out, "}");
}

/* Elastic Common Schema loggers: dotted keys written literally. */
static char *
encode_ecs(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"@timestamp\":\"");
	out = stamp_rfc3339(e, r, 3, "Z", out);
	out = PUT_LITERAL(out, "\",\"log.level\":");
	out = put_level(out, go_lower, r->level, bad);
	out = PUT_LITERAL(out, ",\"message\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"ecs.version\":\"8.11.0\",\"service.name\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"process.pid\":" PID ",\"event.duration\":");
	out = put_uint(out, (uint64_t)r->duration_ms * 1000000);
	out = IDS(out, r);
	return PUT_LITERAL(out, "}");
}

/* Writes VALUE in lower-case hex without leading zeros. */
static char *
put_hex(char *out, uint64_t value)
{
	char digits[16];
	int count = 0;

	do {
		digits[count++] = put_hex_digits[value & 0xf];
		value >>= 4;
	} while (value != 0);
	while (count > 0)
		*out++ = digits[--count];
	return out;
}

#define BOOT_ID "8f2b7c4e1d6a4b5f9e3c2a1b0d9e8f7a"

/* Writes journald's trusted fields and cursor: all strings, times in us
 * (the monotonic one within a day, as after a boot), _COMM cut to the
 * kernel's 15 bytes. */
static char *
put_journald_head(char *out, const struct record *r)
{
	uint64_t us = (uint64_t)r->ts_sec * 1000000 + r->ts_nsec / 1000;

	out = PUT_LITERAL(out, "{\"__CURSOR\":\"s=" BOOT_ID ";i=");
	out = put_hex32(out, r->request_id);
	out = PUT_LITERAL(out, ";b=" BOOT_ID ";t=");
	out = put_hex(out, us);
	out = PUT_LITERAL(out, "\",\"__REALTIME_TIMESTAMP\":\"");
	out = put_uint(out, us);
	out = PUT_LITERAL(out, "\",\"__MONOTONIC_TIMESTAMP\":\"");
	out = put_uint(out, us % 86400000000ULL);
	out = PUT_LITERAL(out, "\",\"_BOOT_ID\":\"" BOOT_ID "\","
	    "\"_TRANSPORT\":\"journal\",\"_PID\":\"" PID "\",\"_UID\":\"1000\","
	    "\"_GID\":\"1000\",\"_COMM\":\"");
	out = put_escaped_n(out, r->service, strnlen(r->service, 15));
	out = PUT_LITERAL(out, "\",\"_SYSTEMD_UNIT\":\"");
	out = put_escaped(out, r->service);
	return PUT_LITERAL(out, ".service\",\"_HOSTNAME\":\"" HOSTNAME "\"");
}

/* journalctl -o json: no duration field. */
static char *
encode_journald(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)e;
	out = put_journald_head(out, r);
	out = PUT_LITERAL(out, ",\"PRIORITY\":");
	out = put_level(out, journald_priorities, r->level, bad);
	out = PUT_LITERAL(out, ",\"SYSLOG_FACILITY\":\"3\",\"SYSLOG_IDENTIFIER\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"MESSAGE\":");
	out = put_string(out, r->message);
	out = put_ids(out, r, "\"REQUEST_ID\":", "\"USER_ID\":");
	return PUT_LITERAL(out, "}");
}

/* MongoDB's structured log: {"$date"} time, one-letter severities,
 * the duration among the attributes. */
static char *
encode_mongodb(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"t\":{\"$date\":\"");
	out = stamp_rfc3339(e, r, 3, "+00:00", out);
	out = PUT_LITERAL(out, "\"},\"s\":");
	out = put_level(out, mongodb_severities, r->level, bad);
	out = PUT_LITERAL(out, ",\"c\":");
	out = put_string(out, r->service);
	out = PUT_LITERAL(out, ",\"id\":51803,\"ctx\":\"conn");
	out = put_uint(out, r->request_id % 10000);
	out = PUT_LITERAL(out, "\",\"msg\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, ",\"attr\":{\"durationMillis\":");
	out = put_uint(out, r->duration_ms);
	out = IDS(out, r);
	return PUT_LITERAL(out, "}}");
}

/* Rust's tracing-subscriber JSON: the message and span timing among the
 * fields ("time.busy" is a literal key), the service as the target. */
static char *
encode_tracing(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	out = PUT_LITERAL(out, "{\"timestamp\":\"");
	out = stamp_rfc3339(e, r, 6, "Z", out);
	out = PUT_LITERAL(out, "\",\"level\":");
	out = put_level(out, go_upper, r->level, bad);
	out = PUT_LITERAL(out, ",\"fields\":{\"message\":");
	out = put_string(out, r->message);
	out = IDS(out, r);
	out = PUT_LITERAL(out, ",\"time.busy\":\"");
	out = stamp_tracing(r->duration_ms, out);
	out = PUT_LITERAL(out, "\"},\"target\":");
	out = put_string(out, r->service);
	return PUT_LITERAL(out, "}");
}

/* Writes an OTLP string attribute {"key":KEY,"value":{"stringValue":..}}
 * whose value is PREFIX then the digits of VALUE (hex if HEX). */
static char *
put_otlp_id(char *out, const char *key, const char *prefix, uint64_t value,
    int hex)
{
	out = PUT_LITERAL(out, "{\"key\":\"");
	out = put_text(out, key);
	out = PUT_LITERAL(out, "\",\"value\":{\"stringValue\":\"");
	out = put_text(out, prefix);
	out = hex ? put_hex32(out, (uint32_t)value) : put_uint(out, value);
	return PUT_LITERAL(out, "\"}}");
}

/* One OTLP/JSON log record: times in ns as decimal strings, the
 * severity as a number and a text. Its service is its resource's. */
static char *
encode_otlp(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)e;
	out = PUT_LITERAL(out, "{\"timeUnixNano\":\"");
	out = stamp_epoch(r, 9, out);
	out = PUT_LITERAL(out, "\",\"observedTimeUnixNano\":\"");
	out = stamp_epoch(r, 9, out);
	out = PUT_LITERAL(out, "\",\"severityNumber\":");
	out = put_level_number(out, otel_numbers, r->level, bad);
	out = PUT_LITERAL(out, ",\"severityText\":");
	out = put_level(out, go_upper, r->level, 0);
	out = PUT_LITERAL(out, ",\"body\":{\"stringValue\":");
	out = put_string(out, r->message);
	out = PUT_LITERAL(out, "},\"attributes\":[");
	out = put_otlp_id(out, "request_id", "req-", r->request_id, 1);
	if (r->user_id != RECORD_NO_USER) {
		*out++ = ',';
		out = put_otlp_id(out, "user_id", "user-",
		    (uint64_t)r->user_id, 0);
	}
	out = PUT_LITERAL(out, ",{\"key\":\"duration_ms\",\"value\":"
	    "{\"intValue\":\"");
	out = put_uint(out, r->duration_ms);
	return PUT_LITERAL(out, "\"}}]}");
}

/* logproc's own format, as record_encode() writes it, no newline. */
static char *
encode_logproc(struct record_encoder *e, const struct record *r, int bad,
    char *out)
{
	(void)bad;
	return out + record_encode(e, r, out) - 1;
}

typedef char *encode_fn(struct record_encoder *, const struct record *, int,
    char *);

static encode_fn *const encoders[LOGGER_COUNT] = {
	encode_logproc, encode_slog, encode_zap, encode_logrus, encode_zerolog,
	encode_pino, encode_bunyan, encode_winston, encode_structlog,
	encode_python_json, encode_logstash, encode_ecs, encode_journald,
	encode_caddy, encode_mongodb, encode_tracing, encode_otlp
};

/* Writes RECORD as LOGGER writes it at OUT, which has room for
 * logger_max_length(RECORD) bytes, without a newline; with LEVEL_TRUE
 * (ignored by logproc's) the level is the boolean true. Returns the end. */
char *
logger_encode(enum logger logger, struct record_encoder *encoder,
    const struct record *record, int level_true, char *out)
{
	return encoders[logger](encoder, record, level_true, out);
}
