/* check_schema.c: schemas (built-in, as files, overridden), finding
 * fields by path, reading lines of every built-in format, and choosing
 * one from a sample (--schema auto). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/detect.h"
#include "engine/extract.h"
#include "engine/ingest.h"
#include "schema/schema.h"
#include "suites.h"

static const struct filter all = { FILTER_NO_LEVEL, NULL, 0, 0, 0 };

START_TEST(test_builtins_round_trip)
{
	const char *const *names = schema_builtin_names();
	struct schema *schema, *back;
	char *cause = NULL;
	json_t *json;
	size_t i;

	ck_assert_ptr_nonnull(names[0]);
	ck_assert_str_eq(names[0], "logproc");
	for (i = 0; names[i] != NULL; i++) {
		schema = schema_builtin(names[i]);
		ck_assert_msg(schema != NULL, "%s", names[i]);
		json = schema_to_json(schema);
		back = schema_from_json(json, "test", &cause);
		ck_assert_msg(back != NULL, "%s: %s", names[i], cause);
		ck_assert_msg(schema_equal(schema, back), "%s", names[i]);
		ck_assert_str_eq(back->name, names[i]);
		json_decref(json);
		schema_free(back);
		schema_free(schema);
	}
	ck_assert_ptr_null(schema_builtin("nosuch"));
	ck_assert_ptr_null(schema_builtin("pino:zap"));
	ck_assert_ptr_null(schema_builtin("docker:docker"));
	schema = schema_builtin("docker:pino");
	ck_assert_ptr_nonnull(schema);
	ck_assert_ptr_nonnull(schema->inner);
	ck_assert_str_eq(schema->inner->name, "pino");
	schema_free(schema);
}
END_TEST

/* Asserts that the schema file TEXT is refused with a message holding
 * EXPECTED. */
static void
assert_refused(const char *text, const char *expected)
{
	json_t *json = json_loads(text, 0, NULL);
	char *cause = NULL;

	ck_assert_msg(json != NULL, "bad test JSON: %s", text);
	ck_assert_msg(schema_from_json(json, "my.json", &cause) == NULL,
	    "accepted: %s", text);
	ck_assert_msg(strstr(cause, expected) != NULL && strncmp(cause,
	    "my.json: ", 9) == 0, "'%s' has no '%s'", cause, expected);
	free(cause);
	json_decref(json);
}

START_TEST(test_file_refused)
{
	assert_refused("[]", "expected a JSON object");
	assert_refused("{}", "key \"fields\"");
	assert_refused("{\"fields\": {}, \"colour\": 1}", "unknown key \"colour\"");
	assert_refused("{\"fields\": {\"lvl\": \"x\"}}", "unknown field \"fields.lvl\"");
	assert_refused("{\"fields\": {\"level\": 3}}", "key \"fields.level\"");
	assert_refused("{\"fields\": {\"level\": []}}", "key \"fields.level\"");
	assert_refused("{\"fields\": {\"level\": \"a..b\"}}", "empty part");
	assert_refused("{\"fields\": {\"level\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}}",
	    "more than 4 paths");
	assert_refused("{\"fields\": {}, \"levels\": {\"scale\": \"big\"}}",
	    "key \"levels.scale\"");
	assert_refused("{\"fields\": {}, \"levels\": {\"map\": {\"x\": \"LOUD\"}}}",
	    "key \"levels.map.x\"");
	assert_refused("{\"fields\": {}, \"levels\": {\"tone\": 1}}",
	    "unknown key \"levels.tone\"");
	assert_refused("{\"fields\": {}, \"time_format\": \"stardate\"}",
	    "key \"time_format\"");
	assert_refused("{\"fields\": {}, \"duration_unit\": \"weeks\"}",
	    "key \"duration_unit\"");
	assert_refused("{\"fields\": {}, \"strict_types\": 1}", "key \"strict_types\"");
	assert_refused("{\"fields\": {}, \"wrapper\": \"box\"}", "key \"wrapper\"");
	assert_refused("{\"fields\": {}, \"inner\": \"pino\"}", "key \"inner\"");
	assert_refused("{\"fields\": {}, \"wrapper\": \"docker\", \"inner\": \"x\"}",
	    "key \"inner\"");
}
END_TEST

START_TEST(test_file_read)
{
	json_t *json = json_loads("{\"name\": \"mine\", \"fields\": {\"level\": "
	    "[\"severity\", \"lvl\"], \"time\": \"ts\"}, \"levels\": {\"scale\": "
	    "\"syslog\", \"map\": {\"loud\": \"error\"}}, \"time_format\": "
	    "\"epoch_ms\", \"duration_unit\": \"us\"}", 0, NULL);
	struct schema *schema;
	char *cause = NULL;
	enum level level;

	schema = schema_from_json(json, "my.json", &cause);
	ck_assert_msg(schema != NULL, "%s", cause);
	ck_assert_str_eq(schema->name, "mine");
	ck_assert_str_eq(schema->paths[SCHEMA_LEVEL][0], "severity");
	ck_assert_str_eq(schema->paths[SCHEMA_LEVEL][1], "lvl");
	ck_assert_ptr_null(schema->paths[SCHEMA_LEVEL][2]);
	ck_assert_str_eq(schema->paths[SCHEMA_TIME][0], "ts");
	ck_assert_ptr_null(schema->paths[SCHEMA_SERVICE][0]);
	ck_assert_int_eq(schema->level_scale, LEVEL_SCALE_SYSLOG);
	ck_assert_int_eq(schema->time_format, TIME_EPOCH_MS);
	ck_assert_int_eq(schema->duration_unit, DURATION_US);
	ck_assert_int_eq(level_from_text(schema->level_map, schema->level_names,
	    schema->level_scale, "LOUD", 4, &level), 0);
	ck_assert_int_eq(level, LEVEL_ERROR);
	schema_free(schema);
	json_decref(json);
}
END_TEST

START_TEST(test_overrides)
{
	struct schema_overrides overrides;
	struct schema *schema = schema_builtin("pino"), *twice;
	char *cause = NULL;

	memset(&overrides, 0, sizeof overrides);
	overrides.paths[SCHEMA_SERVICE] = xstrdup("svc,app.name");
	overrides.has_zone = 1;
	overrides.zone_offset = 7200;
	schema_apply(schema, &overrides);
	ck_assert_str_eq(schema->paths[SCHEMA_SERVICE][0], "svc");
	ck_assert_str_eq(schema->paths[SCHEMA_SERVICE][1], "app.name");
	ck_assert_str_eq(schema->paths[SCHEMA_LEVEL][0], "level");
	ck_assert_int_eq(schema->zone_offset, 7200);
	twice = schema_copy(schema);
	schema_apply(twice, &overrides);
	ck_assert(schema_equal(schema, twice));
	ck_assert_int_eq(schema_set_paths(twice, SCHEMA_LEVEL, "a,,b", &cause), -1);
	free(cause);
	ck_assert_str_eq(twice->paths[SCHEMA_LEVEL][0], "level");
	schema_free(twice);
	schema_free(schema);
	schema_overrides_free(&overrides);
}
END_TEST

/* Returns the value at PATH in the JSON TEXT as compact JSON, allocated,
 * or NULL. */
static char *
lookup(const char *text, const char *path)
{
	json_t *root = json_loads(text, 0, NULL), *value;
	char *found;

	ck_assert_ptr_nonnull(root);
	value = extract_path(root, path);
	found = value == NULL ? NULL : json_dumps(value, JSON_ENCODE_ANY |
	    JSON_COMPACT);
	json_decref(root);
	return found;
}

/* Asserts that PATH in TEXT holds EXPECTED (NULL: nothing). */
static void
assert_lookup(const char *text, const char *path, const char *expected)
{
	char *found = lookup(text, path);

	if (expected == NULL)
		ck_assert_msg(found == NULL, "%s in %s: %s", path, text, found);
	else
		ck_assert_msg(found != NULL && strcmp(found, expected) == 0,
		    "%s in %s: %s, not %s", path, text, found, expected);
	free(found);
}

START_TEST(test_paths)
{
	assert_lookup("{\"level\": 1}", "level", "1");
	assert_lookup("{\"log.level\": \"a\"}", "log.level", "\"a\"");
	assert_lookup("{\"log\": {\"level\": \"b\"}}", "log.level", "\"b\"");
	assert_lookup("{\"log.level\": \"a\", \"log\": {\"level\": \"b\"}}",
	    "log.level", "\"a\"");
	assert_lookup("{\"fields\": {\"time.busy\": \"2ms\"}}",
	    "fields.time.busy", "\"2ms\"");
	assert_lookup("{\"fields\": {\"time\": {\"busy\": 3}}}",
	    "fields.time.busy", "3");
	assert_lookup("{\"fields.time\": {\"busy\": 4}}", "fields.time.busy", "4");
	assert_lookup("{\"log\": \"x\"}", "log.level", NULL);
	assert_lookup("{\"log\": [{\"level\": 1}]}", "log.level", NULL);
	assert_lookup("{\"t\": {\"$date\": \"2023\"}}", "t.$date", "\"2023\"");
	assert_lookup("{}", "level", NULL);
}
END_TEST

/* What one line came to under a schema. */
struct outcome {
	enum ingest_result result;
	enum agg_reason reason;
	struct agg agg;
	char detail[INGEST_DETAIL_MAX];
};

/* Reads LINE with SCHEMA (a built-in name) and PARSER into OUTCOME. */
static void
read_line(const char *schema_name, enum ingest_parser parser,
    const char *line, struct outcome *outcome)
{
	struct schema *schema = schema_builtin(schema_name);
	struct ingest ingest;

	ck_assert_msg(schema != NULL, "%s", schema_name);
	agg_init(&outcome->agg);
	ingest_init(&ingest, &all, schema, parser);
	ingest.want_detail = 1;
	outcome->result = ingest_line(&ingest, &outcome->agg, line, strlen(line),
	    strlen(line) + 1, &outcome->reason);
	memcpy(outcome->detail, ingest.detail, sizeof outcome->detail);
	ingest_free(&ingest);
	schema_free(schema);
}

/* Asserts that LINE, read with SCHEMA, is one record of LEVEL (-1: an
 * unknown spelling, -2: none) and SERVICE (NULL: none), with a time of
 * SEC seconds (0: none) and DURATION ms (-1: none). */
static void
assert_record(const char *schema, const char *line, int level,
    const char *service, int64_t sec, int64_t duration)
{
	struct outcome o;

	read_line(schema, INGEST_JANSSON, line, &o);
	ck_assert_msg(o.result == INGEST_SELECTED, "%s: %s: %d %s", schema,
	    line, o.result, o.detail);
	ck_assert_int_eq(o.agg.records, 1);
	if (level >= 0)
		ck_assert_msg(o.agg.levels[level] == 1, "%s: %s: level", schema,
		    line);
	else
		ck_assert_int_eq(level == -1 ? o.agg.level_unknown :
		    o.agg.level_missing, 1);
	ck_assert_int_eq(o.agg.service_count, service != NULL);
	if (service != NULL)
		ck_assert_str_eq(o.agg.services[0].name, service);
	ck_assert_int_eq(o.agg.first.set, sec != 0);
	if (sec != 0)
		ck_assert_int_eq(o.agg.first.sec, sec);
	ck_assert_int_eq(o.agg.duration_count, duration >= 0);
	if (duration >= 0)
		ck_assert_int_eq(o.agg.duration_sum, (uint64_t)duration);
	agg_free(&o.agg);
}

START_TEST(test_formats)
{
	assert_record("pino", "{\"level\":30,\"time\":1700000000123,\"name\":"
	    "\"api\",\"msg\":\"hi\",\"responseTime\":12}", LEVEL_INFO, "api",
	    1700000000, 12);
	assert_record("pino", "{\"level\":60,\"time\":1700000000123}",
	    LEVEL_FATAL, NULL, 1700000000, -1);
	assert_record("bunyan", "{\"name\":\"b\",\"level\":20,\"time\":"
	    "\"2023-11-14T22:13:20.123Z\",\"v\":0}", LEVEL_DEBUG, "b",
	    1700000000, -1);
	assert_record("zap", "{\"level\":\"dpanic\",\"ts\":1700000000.5,"
	    "\"logger\":\"z\",\"duration\":0.012}", LEVEL_ERROR, "z",
	    1700000000, 12);
	assert_record("slog", "{\"time\":\"2023-11-14T23:13:20+01:00\","
	    "\"level\":\"ERROR+4\",\"msg\":\"m\",\"duration\":12000000}",
	    LEVEL_ERROR, NULL, 1700000000, 12);
	assert_record("ecs", "{\"@timestamp\":\"2023-11-14T22:13:20Z\","
	    "\"log.level\":\"warn\",\"service.name\":\"e\",\"event.duration\":"
	    "5000000}", LEVEL_WARNING, "e", 1700000000, 5);
	assert_record("ecs", "{\"@timestamp\":\"2023-11-14T22:13:20Z\","
	    "\"log\":{\"level\":\"critical\"},\"service\":{\"name\":\"n\"}}",
	    LEVEL_FATAL, "n", 1700000000, -1);
	assert_record("journald", "{\"__REALTIME_TIMESTAMP\":\"1700000000123456\","
	    "\"PRIORITY\":\"3\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":[1,2]}",
	    LEVEL_ERROR, "sshd", 1700000000, -1);
	assert_record("journald", "{\"__REALTIME_TIMESTAMP\":\"1700000000123456\","
	    "\"PRIORITY\":\"6\",\"_COMM\":\"cron\"}", LEVEL_INFO, "cron",
	    1700000000, -1);
	assert_record("mongodb", "{\"t\":{\"$date\":\"2023-11-14T22:13:20.123"
	    "+00:00\"},\"s\":\"W\",\"c\":\"NETWORK\",\"attr\":{\"durationMillis"
	    "\":7}}", LEVEL_WARNING, "NETWORK", 1700000000, 7);
	assert_record("tracing", "{\"timestamp\":\"2023-11-14T22:13:20.1Z\","
	    "\"level\":\"TRACE\",\"target\":\"app::db\",\"fields\":{\"message\":"
	    "\"q\",\"time.busy\":\"1.5s\"}}", LEVEL_DEBUG, "app::db", 1700000000,
	    1500);
	assert_record("python-json", "{\"asctime\":\"2023-11-14 22:13:20,123\","
	    "\"levelname\":\"CRITICAL\",\"name\":\"py\"}", LEVEL_FATAL, "py",
	    1700000000, -1);
	assert_record("winston", "{\"level\":\"silly\",\"message\":\"m\"}",
	    LEVEL_DEBUG, NULL, 0, -1);
	assert_record("winston", "{\"level\":\"shouting\",\"message\":\"m\"}",
	    -1, NULL, 0, -1);
	assert_record("logproc", "{\"level\":\"warn\",\"message\":\"m\"}",
	    LEVEL_WARNING, NULL, 0, -1);
}
END_TEST

/* Asserts that LINE, read with SCHEMA by both parsers, is rejected for
 * REASON with a detail holding DETAIL. */
static void
assert_rejected(const char *schema, const char *line, enum agg_reason reason,
    const char *detail)
{
	struct outcome o;
	int parser;

	for (parser = 0; parser < 2; parser++) {
		read_line(schema, parser == 0 ? INGEST_FAST : INGEST_JANSSON,
		    line, &o);
		ck_assert_msg(o.result == INGEST_REJECTED && o.reason == reason,
		    "%s: %s: %d/%d", schema, line, o.result, o.reason);
		ck_assert_msg(strstr(o.detail, detail) != NULL, "%s: '%s' has "
		    "no '%s'", schema, o.detail, detail);
		ck_assert_int_eq(o.agg.records, 0);
		agg_free(&o.agg);
	}
}

START_TEST(test_rejections)
{
	assert_rejected("logproc", "{\"level\":30}", AGG_WRONG_TYPE,
	    "field \"level\" is a number, not a string");
	assert_rejected("zap", "{\"level\":30}", AGG_WRONG_TYPE,
	    "field \"level\" is a number, not a string");
	assert_rejected("pino", "{\"level\":true}", AGG_WRONG_TYPE,
	    "field \"level\" is true, false or null, not a string or an integer");
	assert_rejected("pino", "{\"level\":30,\"time\":\"yesterday\"}",
	    AGG_BAD_VALUE, "field \"time\" is not a time: \"yesterday\"");
	assert_rejected("ecs", "{\"log\":{\"level\":[]}}", AGG_WRONG_TYPE,
	    "field \"log.level\" is an object or array");
	assert_rejected("zap", "{\"duration\":-1}", AGG_BAD_VALUE,
	    "field \"duration\" is negative");
	assert_rejected("tracing", "{\"fields\":{\"time.busy\":\"soon\"}}",
	    AGG_BAD_VALUE, "field \"fields.time.busy\" is not a duration");
	assert_rejected("logproc", "{\"duration_ms\":\"12ms\"}", AGG_WRONG_TYPE,
	    "field \"duration_ms\" is a string, not a number");
	assert_rejected("ecs", "{\"service.name\":7}", AGG_WRONG_TYPE,
	    "field \"service.name\" is a number, not a string");
	assert_rejected("docker", "{\"stream\":\"stdout\"}", AGG_WRONG_TYPE,
	    "field \"log\" is missing");
	assert_rejected("otlp", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords"
	    "\":[{\"severityNumber\":9},{\"severityNumber\":true}]}]}]}",
	    AGG_WRONG_TYPE, "field \"severityNumber\"");
}
END_TEST

START_TEST(test_docker)
{
	struct outcome o;

	read_line("docker:pino", INGEST_FAST, "{\"log\":\"{\\\"level\\\":50,"
	    "\\\"time\\\":1700000000000,\\\"name\\\":\\\"d\\\"}\\n\",\"stream\":"
	    "\"stderr\",\"time\":\"2023-11-14T22:13:21.000000001Z\"}", &o);
	ck_assert_int_eq(o.result, INGEST_SELECTED);
	ck_assert_int_eq(o.agg.levels[LEVEL_ERROR], 1);
	ck_assert_str_eq(o.agg.services[0].name, "d");
	ck_assert_int_eq(o.agg.first.sec, 1700000000);
	agg_free(&o.agg);
	read_line("docker:pino", INGEST_FAST, "{\"log\":\"plain text\\n\","
	    "\"stream\":\"stdout\",\"time\":\"2023-11-14T22:13:21Z\"}", &o);
	ck_assert_int_eq(o.result, INGEST_SELECTED);
	ck_assert_int_eq(o.agg.level_missing, 1);
	ck_assert_int_eq(o.agg.first.sec, 1700000001);
	agg_free(&o.agg);
	read_line("docker:pino", INGEST_FAST, "{\"log\":\"{broken\\n\","
	    "\"stream\":\"stdout\",\"time\":\"2023-11-14T22:13:21Z\"}", &o);
	ck_assert_int_eq(o.result, INGEST_REJECTED);
	ck_assert_int_eq(o.reason, AGG_INVALID_JSON);
	ck_assert_msg(strstr(o.detail, "field \"log\" is not JSON") != NULL,
	    "%s", o.detail);
	agg_free(&o.agg);
}
END_TEST

START_TEST(test_otlp)
{
	struct outcome o;

	read_line("otlp", INGEST_FAST, "{\"resourceLogs\":[{\"resource\":{"
	    "\"attributes\":[{\"key\":\"host\",\"value\":{\"stringValue\":\"h\"}},"
	    "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"cart\"}}]},"
	    "\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":"
	    "\"1700000000000000001\",\"severityNumber\":17,\"body\":{"
	    "\"stringValue\":\"x\"}},{\"timeUnixNano\":\"1700000002000000000\","
	    "\"severityText\":\"WARN\"}]},{\"logRecords\":[{\"severityNumber\":"
	    "3}]}]},{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":24}]}]}]}",
	    &o);
	ck_assert_int_eq(o.result, INGEST_SELECTED);
	ck_assert_int_eq(o.agg.records, 4);
	ck_assert_int_eq(o.agg.selected, 4);
	ck_assert_int_eq(o.agg.levels[LEVEL_ERROR], 1);
	ck_assert_int_eq(o.agg.levels[LEVEL_WARNING], 1);
	ck_assert_int_eq(o.agg.levels[LEVEL_DEBUG], 1);
	ck_assert_int_eq(o.agg.levels[LEVEL_FATAL], 1);
	ck_assert_int_eq(o.agg.service_count, 1);
	ck_assert_str_eq(o.agg.services[0].name, "cart");
	ck_assert_int_eq(o.agg.services[0].count, 3);
	ck_assert_int_eq(o.agg.first.sec, 1700000000);
	ck_assert_int_eq(o.agg.first.nsec, 1);
	ck_assert_int_eq(o.agg.last.sec, 1700000002);
	ck_assert_int_eq(o.agg.selected_bytes, o.agg.bytes);
	agg_free(&o.agg);
}
END_TEST

/* Asserts that detection over the COUNT lines of LINES picks EXPECTED. */
static void
assert_detected(const char *const *lines, size_t count, const char *expected)
{
	struct detect_sample sample;
	struct schema *schema;
	size_t i;

	memset(&sample, 0, sizeof sample);
	for (i = 0; i < count; i++)
		detect_add(&sample, lines[i], strlen(lines[i]));
	schema = detect_schema(&sample);
	ck_assert_ptr_nonnull(schema);
	ck_assert_msg(strcmp(schema->name, expected) == 0, "%s, not %s",
	    schema->name, expected);
	schema_free(schema);
	detect_free(&sample);
}

START_TEST(test_detect)
{
	static const char *const logproc[] = { "{\"timestamp\":\"2023-11-14T22:"
	    "13:20Z\",\"level\":\"INFO\",\"service\":\"a\",\"message\":\"m\","
	    "\"request_id\":\"r\",\"duration_ms\":3}" };
	static const char *const pino[] = { "{\"level\":30,\"time\":"
	    "1700000000123,\"pid\":1,\"hostname\":\"h\",\"msg\":\"m\"}",
	    "{\"level\":50,\"time\":1700000000124,\"msg\":\"m\"}" };
	static const char *const bunyan[] = { "{\"name\":\"b\",\"hostname\":"
	    "\"h\",\"pid\":1,\"level\":30,\"msg\":\"m\",\"time\":"
	    "\"2023-11-14T22:13:20.123Z\",\"v\":0}" };
	static const char *const ecs[] = { "{\"@timestamp\":\"2023-11-14T22:13:"
	    "20.123Z\",\"log.level\":\"info\",\"message\":\"m\",\"ecs.version\":"
	    "\"1.6.0\"}" };
	static const char *const journald[] = { "{\"__CURSOR\":\"s=1\","
	    "\"__REALTIME_TIMESTAMP\":\"1700000000123456\",\"PRIORITY\":\"6\","
	    "\"SYSLOG_IDENTIFIER\":\"cron\",\"MESSAGE\":\"m\"}" };
	static const char *const mongodb[] = { "{\"t\":{\"$date\":\"2023-11-14T"
	    "22:13:20.123+00:00\"},\"s\":\"I\",\"c\":\"NETWORK\",\"id\":1,\"ctx\":"
	    "\"x\",\"msg\":\"m\"}" };
	static const char *const docker[] = { "{\"log\":\"{\\\"level\\\":30,"
	    "\\\"time\\\":1700000000123,\\\"msg\\\":\\\"m\\\"}\\n\",\"stream\":"
	    "\"stdout\",\"time\":\"2023-11-14T22:13:20.1Z\"}" };
	static const char *const otlp[] = { "{\"resourceLogs\":[{\"scopeLogs\":"
	    "[{\"logRecords\":[{\"timeUnixNano\":\"1700000000000000000\","
	    "\"severityNumber\":9,\"body\":{\"stringValue\":\"m\"}}]}]}]}" };

	assert_detected(logproc, 1, "logproc");
	assert_detected(pino, 2, "pino");
	assert_detected(bunyan, 1, "bunyan");
	assert_detected(ecs, 1, "ecs");
	assert_detected(journald, 1, "journald");
	assert_detected(mongodb, 1, "mongodb");
	assert_detected(docker, 1, "docker:pino");
	assert_detected(otlp, 1, "otlp");
}
END_TEST

START_TEST(test_detect_head)
{
	struct detect_sample sample;
	const char head[] = "a\r\n\nb\nc";

	memset(&sample, 0, sizeof sample);
	ck_assert_int_eq(detect_add_head(&sample, head, sizeof head - 1), 2);
	ck_assert_str_eq(sample.lines[0], "a");
	ck_assert_str_eq(sample.lines[1], "b");
	ck_assert_ptr_null(detect_schema(&(struct detect_sample){ { NULL },
	    { 0 }, 0 }));
	detect_free(&sample);
}
END_TEST

Suite *
schema_suite(void)
{
	Suite *suite = suite_create("schema");
	TCase *tc = tcase_create("schema");

	tcase_add_test(tc, test_builtins_round_trip);
	tcase_add_test(tc, test_file_refused);
	tcase_add_test(tc, test_file_read);
	tcase_add_test(tc, test_overrides);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_rejections);
	tcase_add_test(tc, test_docker);
	tcase_add_test(tc, test_otlp);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_detect_head);
	suite_add_tcase(suite, tc);
	return suite;
}
