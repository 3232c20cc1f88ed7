/* check_fastpath.c: the contract of fastpath_scan() (engine/fastpath.h).
 * It says FASTPATH_OK, with the known fields Jansson would find, for the
 * common record (flat, values strings, integers and literals); it says
 * FASTPATH_UNSURE for every line Jansson refuses and for every line
 * outside that subset (nesting, reals, escapes in timestamp, level and
 * service, non-objects). Each line is scanned from a buffer of exactly its
 * size, so AddressSanitizer sees reads past its end, and whenever the
 * scanner says OK the fields are checked against Jansson's parse of the
 * same bytes. */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/level.h"
#include "common/xmalloc.h"
#include "engine/fastpath.h"
#include "gen/catalog.h"
#include "gen/record.h"
#include "gen/rng.h"
#include "schema/schema.h"
#include "suites.h"

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)	/* ingest.c's */
#define UNSET_BYTE 0xa5		/* fills a record before the scan */
#define SHOWN_MAX 400		/* bytes of a line shown in a failure */
#define GENERATED_RECORDS 2000
#define DAY_START INT64_C(1767225600)	/* 2026-01-01T00:00:00Z */
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
/* A string literal as the two arguments TEXT, LENGTH; it may hold NULs. */
#define BYTES(literal) literal, sizeof(literal) - 1

/* The line of the README's example record, seed 1 of the generator. */
#define RECORD "{\"timestamp\":\"2026-01-01T00:00:00.001405844Z\"," \
    "\"level\":\"INFO\",\"service\":\"order-service\"," \
    "\"message\":\"Payment authorized\",\"request_id\":\"req-9a233673\"," \
    "\"duration_ms\":356}"

static const char *const field_names[FASTPATH_FIELDS] = {
	"timestamp", "level", "service", "message", "request_id", "user_id",
	"duration_ms"
};

/* A line and what the scanner said of it. The record points into COPY,
 * a buffer of exactly LENGTH bytes. */
struct scan {
	char *copy;
	size_t length;
	enum fastpath_result result;
	struct fastpath_record record;
};

/* Returns LINE as printable text, other bytes as \xHH (a static buffer). */
static const char *
shown(const char *line, size_t length)
{
	static char text[SHOWN_MAX * 4 + 8];
	size_t i, used = 0;

	for (i = 0; i < length && i < SHOWN_MAX; i++) {
		unsigned char byte = (unsigned char)line[i];

		if (byte >= 0x20 && byte < 0x7f && byte != '\\')
			text[used++] = (char)byte;
		else
			used += (size_t)snprintf(text + used, 5, "\\x%02x", byte);
	}
	strcpy(text + used, i < length ? "..." : "");
	return text;
}

/* Checks the value the scanner found for FIELD against Jansson's (JSON,
 * NULL when absent): the type, the text of timestamp, level and service,
 * and integers. */
static void
check_value(const struct scan *scan, enum fastpath_field field, json_t *json)
{
	const struct fastpath_value *value = &scan->record.fields[field];
	const char *line = shown(scan->copy, scan->length);
	const char *name = field_names[field];

	switch (value->type) {
	case FASTPATH_ABSENT:
		ck_assert_msg(json == NULL, "%s: absent, Jansson finds one in %s",
		    name, line);
		break;
	case FASTPATH_STRING:
		ck_assert_msg(json_is_string(json), "%s: a string, not for "
		    "Jansson, in %s", name, line);
		ck_assert_msg(field > FASTPATH_SERVICE || (value->length ==
		    json_string_length(json) && memcmp(value->text,
		    json_string_value(json), value->length) == 0),
		    "%s: text differs from Jansson's in %s", name, line);
		break;
	case FASTPATH_INTEGER:
		ck_assert_msg(json_is_integer(json) &&
		    json_integer_value(json) == value->integer,
		    "%s: integer %lld, not Jansson's, in %s", name,
		    (long long)value->integer, line);
		break;
	case FASTPATH_LITERAL:
		ck_assert_msg(json_is_true(json) || json_is_false(json) ||
		    json_is_null(json), "%s: a literal, not for Jansson, in %s",
		    name, line);
		break;
	default:
		ck_abort_msg("%s: type %d, which the scanner does not make, in %s",
		    name, (int)value->type, line);
	}
}

/* Checks an OK scan against Jansson: the line is a valid object, and each
 * known field is what Jansson finds. */
static void
check_with_jansson(const struct scan *scan)
{
	json_error_t error;
	json_t *root;
	int field;

	root = json_loadb(scan->copy, scan->length, JSON_FLAGS, &error);
	ck_assert_msg(root != NULL, "OK, but Jansson refuses %s: %s",
	    shown(scan->copy, scan->length), error.text);
	ck_assert_msg(json_is_object(root), "OK, but not an object for "
	    "Jansson: %s", shown(scan->copy, scan->length));
	for (field = 0; field < FASTPATH_FIELDS; field++)
		check_value(scan, (enum fastpath_field)field,
		    json_object_get(root, field_names[field]));
	json_decref(root);
}

/* Scans the LENGTH bytes of LINE into SCAN; checks an OK against Jansson.
 * scan_free() releases it. */
static void
scan_line(struct scan *scan, const char *line, size_t length)
{
	scan->copy = xmalloc(length);
	if (length > 0)
		memcpy(scan->copy, line, length);
	scan->length = length;
	memset(&scan->record, UNSET_BYTE, sizeof scan->record);
	scan->result = fastpath_scan(scan->copy, length, &scan->record);
	if (scan->result == FASTPATH_OK)
		check_with_jansson(scan);
	else
		ck_assert_msg(scan->result == FASTPATH_UNSURE,
		    "fastpath_scan returned %d for %s", (int)scan->result,
		    shown(line, length));
}

static void
scan_free(struct scan *scan)
{
	free(scan->copy);
}

/* Scans LINE, which the scanner must take: FASTPATH_OK. */
static void
expect_ok(struct scan *scan, const char *line, size_t length)
{
	scan_line(scan, line, length);
	ck_assert_msg(scan->result == FASTPATH_OK, "UNSURE, expected OK: %s",
	    shown(line, length));
}

/* Scans LINE, which the scanner must leave to Jansson. */
static void
expect_unsure(const char *line, size_t length)
{
	struct scan scan;

	scan_line(&scan, line, length);
	ck_assert_msg(scan.result == FASTPATH_UNSURE, "OK, expected UNSURE: %s",
	    shown(line, length));
	scan_free(&scan);
}

/* Scans LINE, which the scanner may take or leave; if it takes it, the
 * fields must be Jansson's (scan_line checks). */
static void
expect_agreement(const char *line, size_t length)
{
	struct scan scan;

	scan_line(&scan, line, length);
	scan_free(&scan);
}

static void
assert_type(const struct scan *scan, enum fastpath_field field,
    enum fastpath_type type)
{
	ck_assert_msg(scan->record.fields[field].type == type,
	    "%s: type %d, expected %d, in %s", field_names[field],
	    (int)scan->record.fields[field].type, (int)type,
	    shown(scan->copy, scan->length));
}

static void
assert_text(const struct scan *scan, enum fastpath_field field,
    const char *text)
{
	const struct fastpath_value *value = &scan->record.fields[field];

	assert_type(scan, field, FASTPATH_STRING);
	ck_assert_msg(value->length == strlen(text) &&
	    memcmp(value->text, text, value->length) == 0,
	    "%s: \"%s\", expected \"%s\"", field_names[field],
	    shown(value->text, value->length), text);
}

static void
assert_integer(const struct scan *scan, enum fastpath_field field,
    int64_t integer)
{
	assert_type(scan, field, FASTPATH_INTEGER);
	ck_assert_msg(scan->record.fields[field].integer == integer,
	    "%s: %lld, expected %lld", field_names[field],
	    (long long)scan->record.fields[field].integer, (long long)integer);
}

/* --- Lines the scanner takes ------------------------------------------ */

START_TEST(test_generated_record)
{
	struct scan scan;

	expect_ok(&scan, BYTES(RECORD));
	assert_text(&scan, FASTPATH_TIMESTAMP, "2026-01-01T00:00:00.001405844Z");
	assert_text(&scan, FASTPATH_LEVEL, "INFO");
	assert_text(&scan, FASTPATH_SERVICE, "order-service");
	assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_REQUEST_ID, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_USER_ID, FASTPATH_ABSENT);
	assert_integer(&scan, FASTPATH_DURATION, 356);
	scan_free(&scan);
}
END_TEST

/* Encodes RECORD as the generator does, without the newline, into LINE
 * (record_max_length bytes); returns the length. */
static size_t
encode(const struct record *record, char *line)
{
	struct record_encoder encoder;

	record_encoder_init(&encoder);
	return record_encode(&encoder, record, line) - 1;
}

/* Every record the generator writes is taken, with its own fields. */
START_TEST(test_generated_records)
{
	struct record_encoder encoder;
	struct record record;
	struct scan scan;
	struct rng rng;
	char line[1024], time[64];
	size_t i, length;

	rng_seed(&rng, 5);
	record_encoder_init(&encoder);
	for (i = 0; i < GENERATED_RECORDS; i++) {
		catalog_fill(&rng, &record);
		record.ts_sec = DAY_START + (int64_t)rng_below(&rng, 86400 * 365);
		record.ts_nsec = rng_below(&rng, 1000000000);
		ck_assert_uint_le(record_max_length(&record), sizeof line);
		length = encode(&record, line);
		expect_ok(&scan, line, length);
		time[record_format_time(&encoder, record.ts_sec, record.ts_nsec,
		    time)] = '\0';
		assert_text(&scan, FASTPATH_TIMESTAMP, time);
		assert_text(&scan, FASTPATH_LEVEL, level_name(record.level));
		assert_text(&scan, FASTPATH_SERVICE, record.service);
		assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_STRING);
		assert_type(&scan, FASTPATH_USER_ID, record.user_id ==
		    RECORD_NO_USER ? FASTPATH_ABSENT : FASTPATH_STRING);
		assert_integer(&scan, FASTPATH_DURATION, record.duration_ms);
		scan_free(&scan);
	}
}
END_TEST

START_TEST(test_escapes_in_message)
{
	static const char line[] = "{\"level\":\"WARNING\",\"message\":"
	    "\"say \\\"hi\\\" \\\\ \\/ \\b\\f\\n\\r\\t done\",\"service\":\"api\"}";
	struct scan scan;

	expect_ok(&scan, BYTES(line));
	assert_text(&scan, FASTPATH_LEVEL, "WARNING");
	assert_text(&scan, FASTPATH_SERVICE, "api");
	assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_TIMESTAMP, FASTPATH_ABSENT);
	scan_free(&scan);
}
END_TEST

START_TEST(test_escapes_in_other_fields)
{
	static const char line[] = "{\"request_id\":\"r\\\"1\","
	    "\"user_id\":\"u\\\\2\",\"level\":\"ERROR\",\"x\":\"\\n\"}";
	struct scan scan;

	expect_ok(&scan, BYTES(line));
	assert_type(&scan, FASTPATH_REQUEST_ID, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_USER_ID, FASTPATH_STRING);
	assert_text(&scan, FASTPATH_LEVEL, "ERROR");
	scan_free(&scan);
}
END_TEST

START_TEST(test_keys_in_any_order)
{
	static const char line[] = "{\"duration_ms\":42,\"extra\":\"x\","
	    "\"user_id\":\"user-7\",\"service\":\"auth-service\",\"n\":-3,"
	    "\"level\":\"FATAL\",\"ok\":true,\"message\":\"m\","
	    "\"timestamp\":\"2026-03-04T05:06:07Z\",\"request_id\":\"req-1\"}";
	struct scan scan;

	expect_ok(&scan, BYTES(line));
	assert_integer(&scan, FASTPATH_DURATION, 42);
	assert_text(&scan, FASTPATH_SERVICE, "auth-service");
	assert_text(&scan, FASTPATH_LEVEL, "FATAL");
	assert_text(&scan, FASTPATH_TIMESTAMP, "2026-03-04T05:06:07Z");
	assert_type(&scan, FASTPATH_USER_ID, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_REQUEST_ID, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_STRING);
	scan_free(&scan);
}
END_TEST

START_TEST(test_missing_fields)
{
	struct scan scan;
	int field;

	expect_ok(&scan, BYTES("{\"level\":\"ERROR\"}"));
	assert_text(&scan, FASTPATH_LEVEL, "ERROR");
	for (field = 0; field < FASTPATH_FIELDS; field++) {
		if (field != FASTPATH_LEVEL)
			assert_type(&scan, (enum fastpath_field)field,
			    FASTPATH_ABSENT);
	}
	scan_free(&scan);
	expect_ok(&scan, BYTES("{\"message\":\"only\",\"other\":1}"));
	assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_STRING);
	assert_type(&scan, FASTPATH_LEVEL, FASTPATH_ABSENT);
	assert_type(&scan, FASTPATH_DURATION, FASTPATH_ABSENT);
	scan_free(&scan);
	expect_ok(&scan, BYTES("{}"));
	for (field = 0; field < FASTPATH_FIELDS; field++)
		assert_type(&scan, (enum fastpath_field)field, FASTPATH_ABSENT);
	scan_free(&scan);
}
END_TEST

/* Literals and integers in the known fields are found with their type:
 * ingest.c, not the scanner, rejects the wrong ones. */
START_TEST(test_literals_and_wrong_types)
{
	struct scan scan;

	expect_ok(&scan, BYTES("{\"level\":null,\"service\":true,"
	    "\"message\":false,\"user_id\":null,\"x\":true,\"y\":false,"
	    "\"duration_ms\":null}"));
	assert_type(&scan, FASTPATH_LEVEL, FASTPATH_LITERAL);
	assert_type(&scan, FASTPATH_SERVICE, FASTPATH_LITERAL);
	assert_type(&scan, FASTPATH_MESSAGE, FASTPATH_LITERAL);
	assert_type(&scan, FASTPATH_USER_ID, FASTPATH_LITERAL);
	assert_type(&scan, FASTPATH_DURATION, FASTPATH_LITERAL);
	scan_free(&scan);
	expect_ok(&scan, BYTES("{\"level\":5,\"service\":-1,\"timestamp\":0,"
	    "\"duration_ms\":\"100\",\"request_id\":7}"));
	assert_integer(&scan, FASTPATH_LEVEL, 5);
	assert_integer(&scan, FASTPATH_SERVICE, -1);
	assert_integer(&scan, FASTPATH_TIMESTAMP, 0);
	assert_integer(&scan, FASTPATH_REQUEST_ID, 7);
	assert_text(&scan, FASTPATH_DURATION, "100");
	scan_free(&scan);
}
END_TEST

/* Values are found as written: the scanner does not judge timestamps,
 * levels or durations. */
START_TEST(test_values_as_written)
{
	struct scan scan;

	expect_ok(&scan, BYTES("{\"timestamp\":\"not a time\","
	    "\"level\":\"info\",\"service\":\"\",\"duration_ms\":-5}"));
	assert_text(&scan, FASTPATH_TIMESTAMP, "not a time");
	assert_text(&scan, FASTPATH_LEVEL, "info");
	assert_text(&scan, FASTPATH_SERVICE, "");
	assert_integer(&scan, FASTPATH_DURATION, -5);
	scan_free(&scan);
	expect_ok(&scan, BYTES("{\"duration_ms\":0}"));
	assert_integer(&scan, FASTPATH_DURATION, 0);
	scan_free(&scan);
	expect_ok(&scan, BYTES("{\"duration_ms\":123456789012345678}"));
	assert_integer(&scan, FASTPATH_DURATION, INT64_C(123456789012345678));
	scan_free(&scan);
	expect_ok(&scan, BYTES("{\"duration_ms\":-123456789012345678}"));
	assert_integer(&scan, FASTPATH_DURATION, -INT64_C(123456789012345678));
	scan_free(&scan);
}
END_TEST

/* --- Lines Jansson refuses: never OK --------------------------------- */

/* Lines Jansson refuses (the test checks that it does), by kind. */
struct bad_line {
	const char *text;
	size_t length;
};

#define BAD(literal) { literal, sizeof(literal) - 1 }

static const struct bad_line invalid_lines[] = {
	/* Syntax. */
	BAD(""), BAD(" "), BAD("{"), BAD("}"), BAD("{\"level\":\"INFO\""),
	BAD("{\"level\":\"INFO"), BAD("{\"level\":}"), BAD("{\"level\"}"),
	BAD("{\"level\" \"INFO\"}"), BAD("{\"a\":1 \"b\":2}"),
	BAD("{,\"a\":1}"), BAD("{\"a\":1,}"), BAD("{'a':1}"), BAD("{a:1}"),
	BAD("{1:1}"), BAD("{\"a\":tru}"), BAD("{\"a\":True}"),
	BAD("{\"a\":nul}"), BAD("{\"a\":falsey}"), BAD("{\"a\":nulll}"),
	BAD("{\"a\":undefined}"), BAD("{\"a\":\"x\"\"}"),
	/* Trailing bytes and several values. */
	BAD("{\"level\":\"INFO\"}x"), BAD("{\"level\":\"INFO\"},"),
	BAD("{\"level\":\"INFO\"}{}"), BAD("{} {}"), BAD("{}\n{}"),
	BAD("{}\f"), BAD("\f{}"), BAD("{\f}"), BAD("{\"a\":\f1}"),
	BAD("{}\v"), BAD("{}\x7f"), BAD("{}\0"), BAD("\0{}"),
	BAD("{\"a\":\0001}"), BAD("\xef\xbb\xbf{}"), BAD("{}\xc3\xa9"),
	/* Numbers. */
	BAD("{\"a\":01}"), BAD("{\"a\":-01}"), BAD("{\"a\":00}"),
	BAD("{\"a\":-}"), BAD("{\"a\":+1}"), BAD("{\"a\":1.}"),
	BAD("{\"a\":.5}"), BAD("{\"a\":1e}"), BAD("{\"a\":1e+}"),
	BAD("{\"a\":1.e5}"), BAD("{\"a\":0x10}"), BAD("{\"a\":NaN}"),
	BAD("{\"a\":Infinity}"), BAD("{\"a\":-Infinity}"), BAD("{\"a\":12a}"),
	BAD("{\"a\":1 2}"), BAD("{\"a\":- 1}"), BAD("{\"a\":--1}"),
	BAD("{\"a\":9223372036854775808}"), BAD("{\"a\":-9223372036854775809}"),
	BAD("{\"a\":12345678901234567890}"), BAD("{\"a\":18446744073709551616}"),
	BAD("{\"duration_ms\":99999999999999999999999}"),
	BAD("{\"a\":1e999}"), BAD("{\"a\":-1e999}"),
	/* Duplicate keys, written alike or escaped. */
	BAD("{\"level\":\"INFO\",\"level\":\"ERROR\"}"),
	BAD("{\"level\":\"INFO\",\"message\":\"x\",\"level\":\"INFO\"}"),
	BAD("{\"a\":1,\"a\":1}"), BAD("{\"\":1,\"\":2}"),
	BAD("{\"level\":\"INFO\",\"lev\\u0065l\":\"ERROR\"}"),
	BAD("{\"lev\\u0065l\":\"ERROR\",\"level\":\"INFO\"}"),
	BAD("{\"\\/\":1,\"/\":2}"), BAD("{\"a\\u0062\":1,\"ab\":2}"),
	BAD("{\"\xc3\xa9\":1,\"\\u00e9\":2}"),
	BAD("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}"),
	BAD("{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,"
	    "\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,"
	    "\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,"
	    "\"k19\":19,\"k20\":20,\"k21\":21,\"k22\":22,\"k23\":23,\"k24\":24,"
	    "\"k25\":25,\"k26\":26,\"k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,"
	    "\"k31\":31,\"k32\":32,\"k33\":33,\"k34\":34,\"k35\":35,\"k36\":36,"
	    "\"k37\":37,\"k38\":38,\"k39\":39,\"k40\":40,\"k41\":41,\"k3\":0}"),
	/* Escapes. */
	BAD("{\"m\":\"\\x41\"}"), BAD("{\"m\":\"\\a\"}"), BAD("{\"m\":\"\\'\"}"),
	BAD("{\"m\":\"\\U0041\"}"), BAD("{\"m\":\"\\u12\"}"),
	BAD("{\"m\":\"\\u12G4\"}"), BAD("{\"m\":\"\\u\"}"), BAD("{\"m\":\"\\"),
	BAD("{\"m\":\"\\\"}"), BAD("{\"m\":\"\\ \"}"), BAD("{\"m\\q\":1}"),
	/* Surrogates: lone high, lone low, reversed, high then other. */
	BAD("{\"m\":\"\\ud800\"}"), BAD("{\"m\":\"\\ud800abc\"}"),
	BAD("{\"m\":\"\\ud800\\u0041\"}"), BAD("{\"m\":\"\\ud800\\ud800\"}"),
	BAD("{\"m\":\"\\udc00\"}"), BAD("{\"m\":\"\\udfff\"}"),
	BAD("{\"m\":\"\\udc00\\ud800\"}"), BAD("{\"m\":\"\\ud800"),
	BAD("{\"\\udc00\":1}"), BAD("{\"level\":\"\\ud800\"}"),
	/* NUL, raw or escaped. */
	BAD("{\"m\":\"a\\u0000b\"}"), BAD("{\"m\\u0000\":1}"),
	BAD("{\"level\":\"\\u0000\"}"), BAD("{\"m\":\"a\0b\"}"),
	BAD("{\"m\0\":1}"),
	/* Raw control characters in strings. */
	BAD("{\"m\":\"a\tb\"}"), BAD("{\"m\":\"a\nb\"}"), BAD("{\"m\":\"a\rb\"}"),
	BAD("{\"m\":\"\x01\"}"), BAD("{\"m\":\"\x1f\"}"),
	BAD("{\"level\":\"INFO\x1b\"}"), BAD("{\"le\x01vel\":\"INFO\"}"),
	BAD("{\"service\":\"a\tb\"}"),
	/* Not UTF-8: overlong, truncated, 0xC0/0xC1, 0xF5 and above,
	 * encoded surrogates, above U+10FFFF, stray continuation bytes. */
	BAD("{\"m\":\"\xc0\xaf\"}"), BAD("{\"m\":\"\xc1\xbf\"}"),
	BAD("{\"m\":\"\xe0\x80\xaf\"}"), BAD("{\"m\":\"\xe0\x9f\xbf\"}"),
	BAD("{\"m\":\"\xf0\x80\x80\xaf\"}"), BAD("{\"m\":\"\xf0\x8f\xbf\xbf\"}"),
	BAD("{\"m\":\"\xc0\"}"), BAD("{\"m\":\"\xc3\"}"), BAD("{\"m\":\"\xe2\x82\"}"),
	BAD("{\"m\":\"\xf0\x9f\x98\"}"), BAD("{\"m\":\"\xe2\x82"),
	BAD("{\"m\":\"\xc3\x28\"}"), BAD("{\"m\":\"\xe2\x28\xa1\"}"),
	BAD("{\"m\":\"\x80\"}"), BAD("{\"m\":\"\xbf\"}"),
	BAD("{\"m\":\"\xed\xa0\x80\"}"), BAD("{\"m\":\"\xed\xbf\xbf\"}"),
	BAD("{\"m\":\"\xf4\x90\x80\x80\"}"), BAD("{\"m\":\"\xf5\x80\x80\x80\"}"),
	BAD("{\"m\":\"\xf7\xbf\xbf\xbf\"}"), BAD("{\"m\":\"\xf8\x88\x80\x80\x80\"}"),
	BAD("{\"m\":\"\xfe\"}"), BAD("{\"m\":\"\xff\"}"),
	BAD("{\"k\xff\":1}"), BAD("{\"service\":\"api\xc3\x28\"}"),
	BAD("{\"level\":\"INF\xc0\xaf\"}"),
	BAD("{\"timestamp\":\"2026-01-01T00:00:00\xffZ\"}"),
};

START_TEST(test_invalid_lines)
{
	const struct bad_line *bad = &invalid_lines[_i];
	json_error_t error;

	ck_assert_msg(json_loadb(bad->text, bad->length, JSON_FLAGS,
	    &error) == NULL, "the test is wrong: Jansson takes %s",
	    shown(bad->text, bad->length));
	expect_unsure(bad->text, bad->length);
}
END_TEST

/* Every proper prefix of a record is invalid, and the scanner must see
 * that without reading past it. */
START_TEST(test_truncated_records)
{
	static const char line[] = "{\"timestamp\":\"2026-01-01T00:00:00Z\","
	    "\"level\":\"INFO\",\"message\":\"a\\\"b\\u00e9\",\"n\":-12,"
	    "\"t\":true,\"f\":false,\"z\":null,\"duration_ms\":356}";
	size_t length;

	for (length = 0; length < sizeof line - 1; length++)
		expect_unsure(line, length);
}
END_TEST

/* --- Valid lines outside the subset: never OK ---------------------- */

static const struct bad_line outside_lines[] = {
	/* Not objects. */
	BAD("[]"), BAD("[{\"level\":\"INFO\"}]"), BAD("\"INFO\""), BAD("42"),
	BAD("-1"), BAD("1.5"), BAD("true"), BAD("false"), BAD("null"),
	/* Nesting. */
	BAD("{\"a\":{}}"), BAD("{\"a\":[]}"), BAD("{\"a\":{\"b\":1},\"level\":\"INFO\"}"),
	BAD("{\"level\":\"INFO\",\"tags\":[\"a\",\"b\"]}"),
	BAD("{\"meta\":{\"level\":\"ERROR\"},\"level\":\"INFO\"}"),
	BAD("{\"level\":{\"name\":\"INFO\"}}"), BAD("{\"duration_ms\":[1]}"),
	/* Reals. */
	BAD("{\"duration_ms\":1.5}"), BAD("{\"duration_ms\":1e3}"),
	BAD("{\"duration_ms\":1E+2}"), BAD("{\"duration_ms\":-0.0}"),
	BAD("{\"duration_ms\":5e-3}"), BAD("{\"duration_ms\":1e20}"),
	BAD("{\"x\":0.1,\"level\":\"INFO\"}"), BAD("{\"x\":1e-999}"),
	/* Escapes in the fields whose text is used. */
	BAD("{\"level\":\"ERR\\u004fR\"}"), BAD("{\"level\":\"INFO\\n\"}"),
	BAD("{\"service\":\"api\\/gateway\"}"), BAD("{\"service\":\"a\\\"b\"}"),
	BAD("{\"service\":\"\\u00fc\"}"), BAD("{\"service\":\"\\ud83d\\ude00\"}"),
	BAD("{\"timestamp\":\"2026-01-01T00:00:00\\u005a\"}"),
	BAD("{\"timestamp\":\"\\\\\"}"),
};

START_TEST(test_outside_lines)
{
	const struct bad_line *line = &outside_lines[_i];
	json_error_t error;
	json_t *root;

	root = json_loadb(line->text, line->length, JSON_FLAGS, &error);
	ck_assert_msg(root != NULL, "the test is wrong: Jansson refuses %s: %s",
	    shown(line->text, line->length), error.text);
	json_decref(root);
	expect_unsure(line->text, line->length);
}
END_TEST

/* --- Valid lines the scanner may take or leave ------------------------- */

static const struct bad_line either_lines[] = {
	/* Whitespace Jansson allows: space, tab, CR, LF. */
	BAD(" {\"level\":\"INFO\"}"), BAD("{\"level\":\"INFO\"} \t\r\n"),
	BAD("{\"level\":\"INFO\"}\r"),
	BAD("\t{ \"level\" : \"INFO\" ,\r\n\"service\"\n:\t\"api\" , "
	    "\"duration_ms\" : 150 }"),
	BAD("{ }"),
	/* Escapes and UTF-8 the message may hold. */
	BAD("{\"level\":\"INFO\",\"message\":\"\\u0041\\u00e9\\u20ac\\uFFFF\"}"),
	BAD("{\"level\":\"INFO\",\"message\":\"\\ud83d\\ude00 \\udbff\\udfff\"}"),
	BAD("{\"level\":\"INFO\",\"message\":\"\\ud800\\udc00\"}"),
	BAD("{\"level\":\"INFO\",\"message\":\"\xc3\xa9 \xe2\x82\xac "
	    "\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xef\xbf\xbf\"}"),
	BAD("{\"level\":\"INFO\",\"message\":\"a\x7f\"}"),
	BAD("{\"service\":\"dienst-\xc3\xbc\",\"level\":\"\xc4\xb0NFO\"}"),
	BAD("{\"service\":\"api\x7f\"}"),
	/* Keys: escaped, empty, cased, long, many. */
	BAD("{\"lev\\u0065l\":\"ERROR\"}"), BAD("{\"s\\u0065rvice\":\"api\"}"),
	BAD("{\"duration\\u005fms\":500}"), BAD("{\"\\u00e9\":1,\"level\":\"INFO\"}"),
	BAD("{\"\":\"x\",\"level\":\"INFO\"}"),
	BAD("{\"Level\":\"ERROR\",\"LEVEL\":\"FATAL\",\"level\":\"INFO\"}"),
	BAD("{\"lev\":\"ERROR\",\"levels\":\"FATAL\",\"level \":\"x\",\"level\":\"INFO\"}"),
	/* Integers at the edges of Jansson's range, and -0. */
	BAD("{\"duration_ms\":9223372036854775807}"),
	BAD("{\"duration_ms\":-9223372036854775808}"),
	BAD("{\"duration_ms\":1234567890123456789}"),
	BAD("{\"duration_ms\":-0}"), BAD("{\"duration_ms\":0}"),
};

START_TEST(test_either_lines)
{
	const struct bad_line *line = &either_lines[_i];
	json_error_t error;
	json_t *root;

	root = json_loadb(line->text, line->length, JSON_FLAGS, &error);
	ck_assert_msg(root != NULL, "the test is wrong: Jansson refuses %s: %s",
	    shown(line->text, line->length), error.text);
	json_decref(root);
	expect_agreement(line->text, line->length);
}
END_TEST

/* Builds a line of COUNT keys "kN":N, then TAIL (without its '{'). */
static char *
many_keys(size_t count, const char *tail)
{
	char *line = xmalloc(count * 24 + strlen(tail) + 2), *out = line;
	size_t i;

	*out++ = '{';
	for (i = 0; i < count; i++)
		out += sprintf(out, "\"k%zu\":%zu,", i, i);
	strcpy(out, tail);
	return line;
}

/* A long key list: taken with the right fields, or left; a duplicate at
 * its end is always seen. */
START_TEST(test_many_keys)
{
	static const size_t counts[] = { 8, 16, 31, 32, 33, 40, 63, 64, 65,
	    200, 1000 };
	char *line;
	size_t i;

	for (i = 0; i < COUNT_OF(counts); i++) {
		line = many_keys(counts[i], "\"level\":\"ERROR\",\"duration_ms\":7}");
		expect_agreement(line, strlen(line));
		free(line);
		line = many_keys(counts[i], "\"level\":\"ERROR\",\"k0\":0}");
		expect_unsure(line, strlen(line));
		free(line);
		line = many_keys(counts[i], "\"level\":\"ERROR\",\"k\\u0030\":0}");
		expect_unsure(line, strlen(line));
		free(line);
	}
}
END_TEST

/* A long key and long values. */
START_TEST(test_long_strings)
{
	size_t length = 100000;
	char *line = xmalloc(length + 64);

	memcpy(line, "{\"", 2);
	memset(line + 2, 'k', length);
	strcpy(line + 2 + length, "\":1,\"level\":\"INFO\"}");
	expect_agreement(line, strlen(line));
	memcpy(line, "{\"level\":\"", 10);
	memset(line + 10, 'E', length);
	strcpy(line + 10 + length, "\"}");
	expect_agreement(line, strlen(line));
	free(line);
}
END_TEST

/* Bytes that matter to JSON, for the edits below. */
static const char edit_bytes[] = {
	'\0', '\x01', '\t', '\n', '\r', '\f', ' ', '"', '\\', '/', '0', '1',
	'9', '-', '+', '.', 'e', 'E', 'u', 'n', 't', 'f', 'l', '{', '}', '[',
	']', ',', ':', '\x7f', '\x80', '\xbf', '\xc3', '\xed', '\xf4', '\xff'
};

/* Every one-byte change, insertion and deletion of a record gives a line
 * on which the scanner and Jansson agree (a small, fixed fuzzer). */
START_TEST(test_single_byte_edits)
{
	static const char base[] = "{\"timestamp\":\"2026-01-01T00:00:00Z\","
	    "\"level\":\"INFO\",\"service\":\"api\",\"message\":\"a\\\"\\u00e9\","
	    "\"n\":-12,\"t\":true,\"z\":null,\"duration_ms\":356}";
	char line[sizeof base + 1];
	size_t at, b, length = sizeof base - 1;

	for (at = 0; at < length; at++) {
		for (b = 0; b < sizeof edit_bytes; b++) {
			memcpy(line, base, length);
			line[at] = edit_bytes[b];
			expect_agreement(line, length);
			memcpy(line, base, at);
			line[at] = edit_bytes[b];
			memcpy(line + at + 1, base + at, length - at);
			expect_agreement(line, length + 1);
		}
		memcpy(line, base, at);
		memcpy(line + at, base + at + 1, length - at - 1);
		expect_agreement(line, length - 1);
	}
}
END_TEST

/* Writes a real to TEXT (room for 64 bytes) from RNG: 1 to 20 digits,
 * the point anywhere among them, an exponent or not. */
static void
random_real(struct rng *rng, char *text)
{
	int digits = 1 + (int)rng_below(rng, 20);
	int point = (int)rng_below(rng, (uint32_t)digits), i;
	char *p = text;

	if (rng_below(rng, 4) == 0)
		*p++ = '-';
	for (i = 0; i < digits; i++) {
		*p++ = (char)(i == 0 && point > 0 ? '1' + rng_below(rng, 9) :
		    '0' + rng_below(rng, 10));
		if (i == point)
			*p++ = '.';
	}
	if (p[-1] == '.')
		*p++ = '0';
	if (rng_below(rng, 2) == 0)
		p += sprintf(p, "e%d", (int)rng_below(rng, 61) - 30);
	*p = '\0';
}

/* The table's scanner converts each real, in the timestamp of zap's
 * records, to the very double Jansson makes of it: bit for bit, those it
 * converts with one exact operation and those it leaves to strtod. */
START_TEST(test_table_reals)
{
	static const char *const edges[] = { "9007199254740992.0",
	    "9007199254740993.0", "1e22", "1.0e23", "0.1", "-0.0",
	    "123456789012345678.5", "4.9e-324", "1.7976931348623157e308",
	    "0.000000000000000000000001", "8.589973e9", "1767225600.001405" };
	struct schema *schema = schema_builtin("zap");
	struct fastpath_table *table = fastpath_table_new(schema);
	struct fastpath_record record;
	char text[64], line[128];
	double want;
	struct rng rng;
	json_t *root;
	size_t i, count = COUNT_OF(edges) + 20000, length;

	ck_assert_ptr_nonnull(table);
	rng_seed(&rng, 7);
	for (i = 0; i < count; i++) {
		if (i < COUNT_OF(edges))
			snprintf(text, sizeof text, "%s", edges[i]);
		else
			random_real(&rng, text);
		length = (size_t)snprintf(line, sizeof line,
		    "{\"ts\":%s,\"level\":\"info\"}", text);
		root = json_loadb(line, length, JSON_FLAGS, NULL);
		if (fastpath_scan_table(table, line, length, &record) !=
		    FASTPATH_OK) {
			ck_assert_msg(root == NULL || strchr(text, 'e') != NULL,
			    "%s: left to Jansson", line);
			json_decref(root);
			continue;
		}
		ck_assert_msg(root != NULL, "%s: OK, but Jansson refuses it", line);
		want = json_real_value(json_object_get(root, "ts"));
		ck_assert_int_eq(record.fields[SCHEMA_TIME].type, FASTPATH_REAL);
		ck_assert_msg(memcmp(&record.fields[SCHEMA_TIME].real, &want,
		    sizeof want) == 0, "%s: fast path %.17g, Jansson %.17g",
		    text, record.fields[SCHEMA_TIME].real, want);
		json_decref(root);
	}
	fastpath_table_free(table);
	schema_free(schema);
}
END_TEST

Suite *
fastpath_suite(void)
{
	Suite *suite = suite_create("fastpath");
	TCase *ok = tcase_create("ok");
	TCase *invalid = tcase_create("invalid");
	TCase *outside = tcase_create("outside");
	TCase *either = tcase_create("either");

	tcase_add_test(ok, test_generated_record);
	tcase_add_test(ok, test_generated_records);
	tcase_add_test(ok, test_escapes_in_message);
	tcase_add_test(ok, test_escapes_in_other_fields);
	tcase_add_test(ok, test_keys_in_any_order);
	tcase_add_test(ok, test_missing_fields);
	tcase_add_test(ok, test_literals_and_wrong_types);
	tcase_add_test(ok, test_values_as_written);
	tcase_add_test(ok, test_table_reals);
	tcase_add_loop_test(invalid, test_invalid_lines, 0,
	    (int)COUNT_OF(invalid_lines));
	tcase_add_test(invalid, test_truncated_records);
	tcase_add_loop_test(outside, test_outside_lines, 0,
	    (int)COUNT_OF(outside_lines));
	tcase_add_loop_test(either, test_either_lines, 0,
	    (int)COUNT_OF(either_lines));
	tcase_add_test(either, test_many_keys);
	tcase_add_test(either, test_long_strings);
	tcase_add_test(either, test_single_byte_edits);
	suite_add_tcase(suite, ok);
	suite_add_tcase(suite, invalid);
	suite_add_tcase(suite, outside);
	suite_add_tcase(suite, either);
	return suite;
}
