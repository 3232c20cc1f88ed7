/* schema-builtin.c: the formats logproc knows by name, one row each: the
 * fields' candidate paths as the logger writes them, its level spellings
 * and scale, its time encoding and its duration unit. `logproc schema
 * show NAME` prints a row as a schema file. */
#include "config.h"

#include <string.h>

#include "common/xmalloc.h"
#include "schema/schema.h"

/* One built-in schema. Paths are comma-separated candidates. */
struct builtin {
	const char *name;
	const char *paths[SCHEMA_FIELDS];	/* NULL: no such field */
	enum level_names names;
	enum level_scale scale;
	enum time_format time;
	enum duration_unit unit;
	int strict;
	enum schema_wrapper wrapper;
};

#define NO NULL

/* In the order auto-detection prefers on a tie: the generator's own
 * format first, logrus before slog (slog's lines, which begin with the
 * time, earn a marker in detect.c). Fields: time, level, service, message, request_id,
 * user_id, duration. */
static const struct builtin builtins[] = {
	{ "logproc", { "timestamp", "level", "service", "message",
	    "request_id", "user_id", "duration_ms" }, LEVEL_NAMES_COMMON,
	    LEVEL_SCALE_NONE, TIME_RFC3339, DURATION_MS, 1, SCHEMA_PLAIN },
	{ "logrus", { "time", "level", "service", "msg", NO, NO, "duration" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY, DURATION_NS, 0,
	    SCHEMA_PLAIN },
	{ "slog", { "time", "level", "service", "msg", NO, NO, "duration" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY, DURATION_NS, 0,
	    SCHEMA_PLAIN },
	{ "zap", { "ts", "level", "logger", "msg", NO, NO, "duration" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY, DURATION_S, 0,
	    SCHEMA_PLAIN },
	{ "zerolog", { "time", "level", "service", "message", NO, NO,
	    "duration" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY,
	    DURATION_MS, 0, SCHEMA_PLAIN },
	{ "pino", { "time", "level", "name", "msg", NO, NO, "responseTime" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_PINO, TIME_ANY, DURATION_MS, 0,
	    SCHEMA_PLAIN },
	{ "bunyan", { "time", "level", "name", "msg", NO, NO, "duration" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_PINO, TIME_ANY, DURATION_MS, 0,
	    SCHEMA_PLAIN },
	{ "winston", { "timestamp", "level", "service", "message", NO, NO,
	    "durationMs" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY,
	    DURATION_MS, 0, SCHEMA_PLAIN },
	{ "structlog", { "timestamp", "level", "logger", "event", NO, NO,
	    "duration" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY,
	    DURATION_S, 0, SCHEMA_PLAIN },
	{ "python-json", { "asctime,timestamp", "levelname", "name",
	    "message", NO, NO, "duration" }, LEVEL_NAMES_COMMON,
	    LEVEL_SCALE_NONE, TIME_ANY, DURATION_S, 0, SCHEMA_PLAIN },
	{ "logstash", { "@timestamp", "level", "logger_name", "message", NO,
	    NO, "duration" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY,
	    DURATION_MS, 0, SCHEMA_PLAIN },
	{ "ecs", { "@timestamp", "log.level", "service.name", "message", NO,
	    NO, "event.duration" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE,
	    TIME_ANY, DURATION_NS, 0, SCHEMA_PLAIN },
	{ "journald", { "__REALTIME_TIMESTAMP", "PRIORITY",
	    "SYSLOG_IDENTIFIER,_COMM", "MESSAGE", NO, NO, NO },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_SYSLOG, TIME_EPOCH_US, DURATION_MS,
	    0, SCHEMA_PLAIN },
	{ "caddy", { "ts", "level", "logger", "msg", NO, NO, "duration" },
	    LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, TIME_ANY, DURATION_S, 0,
	    SCHEMA_PLAIN },
	{ "mongodb", { "t.$date", "s", "c", "msg", NO, NO,
	    "attr.durationMillis" }, LEVEL_NAMES_MONGODB, LEVEL_SCALE_NONE,
	    TIME_ANY, DURATION_MS, 0, SCHEMA_PLAIN },
	{ "tracing", { "timestamp", "level", "target", "fields.message", NO,
	    NO, "fields.time.busy" }, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE,
	    TIME_ANY, DURATION_MS, 0, SCHEMA_PLAIN },
	{ "otlp", { "timeUnixNano,observedTimeUnixNano",
	    "severityNumber,severityText", "service.name", "body.stringValue",
	    NO, NO, NO }, LEVEL_NAMES_COMMON, LEVEL_SCALE_OTEL, TIME_EPOCH_NS,
	    DURATION_MS, 0, SCHEMA_OTLP },
	{ "docker", { "time", NO, NO, "log", NO, NO, NO }, LEVEL_NAMES_COMMON,
	    LEVEL_SCALE_NONE, TIME_RFC3339, DURATION_MS, 0, SCHEMA_DOCKER },
};

#define BUILTIN_COUNT (sizeof builtins / sizeof builtins[0])

/* Returns the names of the built-in schemas, NULL-ended, in detection
 * order. */
const char *const *
schema_builtin_names(void)
{
	static const char *names[BUILTIN_COUNT + 1];
	size_t i;

	if (names[0] == NULL)
		for (i = 0; i < BUILTIN_COUNT; i++)
			names[i] = builtins[i].name;
	return names;
}

/* Makes the schema of row B. */
static struct schema *
make_builtin(const struct builtin *b)
{
	struct schema *schema = xcalloc(1, sizeof *schema);
	char *cause = NULL;
	size_t field;

	schema->name = xstrdup(b->name);
	for (field = 0; field < SCHEMA_FIELDS; field++)
		if (b->paths[field] != NULL &&
		    schema_set_paths(schema, (enum schema_field)field,
		    b->paths[field], &cause) != 0)
			abort();	/* the table above is wrong */
	schema->level_names = b->names;
	schema->level_scale = b->scale;
	schema->time_format = b->time;
	schema->duration_unit = b->unit;
	schema->strict = b->strict;
	schema->wrapper = b->wrapper;
	return schema;
}

/* Returns the built-in schema NAME, allocated, or NULL if there is none.
 * "docker:INNER" is docker around the built-in INNER; "docker" alone
 * leaves its inner format to detection. */
struct schema *
schema_builtin(const char *name)
{
	const char *colon = strchr(name, ':');
	struct schema *schema, *inner;
	size_t length = colon == NULL ? strlen(name) : (size_t)(colon - name);
	size_t i;

	for (i = 0; i < BUILTIN_COUNT; i++)
		if (strlen(builtins[i].name) == length &&
		    memcmp(builtins[i].name, name, length) == 0)
			break;
	if (i == BUILTIN_COUNT || (colon != NULL &&
	    builtins[i].wrapper != SCHEMA_DOCKER))
		return NULL;
	schema = make_builtin(&builtins[i]);
	if (colon == NULL)
		return schema;
	inner = schema_builtin(colon + 1);
	if (inner == NULL || inner->wrapper != SCHEMA_PLAIN) {
		schema_free(inner);
		schema_free(schema);
		return NULL;
	}
	schema->inner = inner;
	free(schema->name);
	schema->name = xstrdup(name);
	return schema;
}
