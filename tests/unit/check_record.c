/* check_record.c: the record encoder, checked against Jansson. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "gen/record.h"
#include "suites.h"

static struct record
sample(void)
{
	struct record record = {
		.ts_sec = 1767225600, .ts_nsec = 123456789,
		.level = LEVEL_WARNING, .service = "api-gateway",
		.message = "Slow response from upstream",
		.request_id = 0x00a1b2c3, .user_id = 1234, .duration_ms = 245,
	};

	return record;
}

/* Encodes RECORD and parses the line back with Jansson. */
static json_t *
encode_and_parse(const struct record *record, char *line, size_t *length)
{
	struct record_encoder encoder;
	json_error_t error;
	json_t *root;

	record_encoder_init(&encoder);
	*length = record_encode(&encoder, record, line);
	ck_assert_uint_le(*length, record_max_length(record));
	ck_assert_int_eq(line[*length - 1], '\n');
	ck_assert_ptr_null(memchr(line, '\n', *length - 1));
	line[*length] = '\0';
	root = json_loadb(line, *length, 0, &error);
	ck_assert_msg(root != NULL, "invalid JSON: %s", error.text);
	return root;
}

static const char *
get_string(json_t *root, const char *key)
{
	json_t *value = json_object_get(root, key);

	ck_assert_msg(json_is_string(value), "%s is not a string", key);
	return json_string_value(value);
}

START_TEST(test_fields)
{
	struct record record = sample();
	char line[1024];
	size_t length;
	json_t *root = encode_and_parse(&record, line, &length);

	ck_assert_str_eq(get_string(root, "timestamp"),
	    "2026-01-01T00:00:00.123456789Z");
	ck_assert_str_eq(get_string(root, "level"), "WARNING");
	ck_assert_str_eq(get_string(root, "service"), "api-gateway");
	ck_assert_str_eq(get_string(root, "message"), "Slow response from upstream");
	ck_assert_str_eq(get_string(root, "request_id"), "req-00a1b2c3");
	ck_assert_str_eq(get_string(root, "user_id"), "user-1234");
	ck_assert_int_eq(json_integer_value(json_object_get(root, "duration_ms")), 245);
	ck_assert_uint_eq(json_object_size(root), 7);
	ck_assert_str_eq(line, "{\"timestamp\":\"2026-01-01T00:00:00.123456789Z\","
	    "\"level\":\"WARNING\",\"service\":\"api-gateway\",\"message\":"
	    "\"Slow response from upstream\",\"request_id\":\"req-00a1b2c3\","
	    "\"user_id\":\"user-1234\",\"duration_ms\":245}\n");
	json_decref(root);
}
END_TEST

START_TEST(test_no_user)
{
	struct record record = sample();
	char line[1024];
	size_t length;
	json_t *root;

	record.user_id = RECORD_NO_USER;
	root = encode_and_parse(&record, line, &length);
	ck_assert_ptr_null(json_object_get(root, "user_id"));
	ck_assert_uint_eq(json_object_size(root), 6);
	json_decref(root);
}
END_TEST

/* Quotes, backslashes and control characters survive the round trip; the
 * worst case fits record_max_length(). */
START_TEST(test_escaping)
{
	static const char nasty[] = "say \"hi\" \\ tab\there\nnew \x01\x1f end";
	char controls[64], line[2048];
	struct record record = sample();
	size_t length, i;
	json_t *root;

	record.message = nasty;
	root = encode_and_parse(&record, line, &length);
	ck_assert_str_eq(get_string(root, "message"), nasty);
	json_decref(root);
	for (i = 0; i < sizeof controls - 1; i++)
		controls[i] = (char)(1 + i % 31);
	controls[sizeof controls - 1] = '\0';
	record.message = record.service = controls;
	root = encode_and_parse(&record, line, &length);
	ck_assert_str_eq(get_string(root, "message"), controls);
	json_decref(root);
}
END_TEST

/* The cached date is right when seconds change, go back, or cross a
 * leap day and a year. */
START_TEST(test_timestamps)
{
	static const struct {
		int64_t sec;
		uint32_t nsec;
		const char *text;
	} cases[] = {
		{ 0, 0, "1970-01-01T00:00:00.000000000Z" },
		{ 1830297599, 999999999, "2027-12-31T23:59:59.999999999Z" },
		{ 1830297600, 5, "2028-01-01T00:00:00.000000005Z" },
		{ 1835395200, 42, "2028-02-29T00:00:00.000000042Z" },
		{ 1830297600, 6, "2028-01-01T00:00:00.000000006Z" },
		{ 1830297600, 7, "2028-01-01T00:00:00.000000007Z" },
	};
	struct record_encoder encoder;
	char buf[64];
	size_t i, length;

	record_encoder_init(&encoder);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		length = record_format_time(&encoder, cases[i].sec, cases[i].nsec, buf);
		buf[length] = '\0';
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

Suite *
record_suite(void)
{
	Suite *suite = suite_create("record");
	TCase *tcase = tcase_create("encode");

	tcase_add_test(tcase, test_fields);
	tcase_add_test(tcase, test_no_user);
	tcase_add_test(tcase, test_escaping);
	tcase_add_test(tcase, test_timestamps);
	suite_add_tcase(suite, tcase);
	return suite;
}
