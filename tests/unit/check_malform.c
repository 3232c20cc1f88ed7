/* check_malform.c: every kind of broken line is broken the way its name
 * says, as judged by Jansson, and is still exactly one line. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "gen/catalog.h"
#include "gen/malform.h"
#include "suites.h"

#define SAMPLES 400

/* Makes a broken line of KIND; returns its length, newline included. */
static size_t
make_line(enum malform_kind kind, struct rng *rng, char **buf,
    size_t *capacity)
{
	static const struct format logproc = { LOGGER_LOGPROC, 0 };
	struct format_encoder encoder;
	struct record record;
	size_t length;

	format_encoder_init(&encoder, &logproc);
	catalog_fill(rng, &record);
	record.ts_sec = 1767225600;
	record.ts_nsec = rng_below(rng, 1000000000);
	length = malform_write(kind, rng, &encoder, &record, buf, capacity);
	format_encoder_free(&encoder);
	ck_assert_uint_ge(length, 1);
	ck_assert_int_eq((*buf)[length - 1], '\n');
	ck_assert_ptr_null(memchr(*buf, '\n', length - 1));
	return length;
}

/* Returns 1 if OBJECT has a record field of the wrong JSON type. */
static int
has_wrong_type(json_t *object)
{
	static const char *const strings[] = {
		"timestamp", "level", "service", "message", "request_id"
	};
	size_t i;

	for (i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		if (!json_is_string(json_object_get(object, strings[i])))
			return 1;
	}
	return !json_is_integer(json_object_get(object, "duration_ms"));
}

/* Parses LINE with Jansson and checks it is broken the KIND way. */
static void
check_kind(enum malform_kind kind, const char *line, size_t length)
{
	json_error_t error;
	json_t *root = json_loadb(line, length - 1, JSON_DECODE_ANY, &error);

	switch (kind) {
	case MALFORM_INVALID_JSON:
		ck_assert_msg(root == NULL, "valid: %.*s", (int)length, line);
		ck_assert_int_ne(json_error_code(&error), json_error_invalid_utf8);
		break;
	case MALFORM_INVALID_UTF8:
		ck_assert_ptr_null(root);
		ck_assert_int_eq(json_error_code(&error), json_error_invalid_utf8);
		break;
	case MALFORM_NOT_OBJECT:
		ck_assert_ptr_nonnull(root);
		ck_assert(!json_is_object(root));
		break;
	case MALFORM_WRONG_TYPE:
		ck_assert_msg(json_is_object(root) && has_wrong_type(root),
		    "not a wrong type: %.*s", (int)length, line);
		break;
	case MALFORM_EMPTY:
		ck_assert_uint_eq(length, 1);
		break;
	case MALFORM_TOO_LONG:
		ck_assert_uint_gt(length - 1, MALFORM_LONG_LINE);
		ck_assert(json_is_object(root) && !has_wrong_type(root));
		break;
	default:
		ck_abort_msg("unknown kind %d", kind);
	}
	json_decref(root);
}

START_TEST(test_kind)
{
	enum malform_kind kind = (enum malform_kind)_i;
	size_t capacity = 0, length;
	char *buf = NULL;
	struct rng rng;
	int i, samples = kind == MALFORM_TOO_LONG ? 3 : SAMPLES;

	rng_seed(&rng, 100 + (uint64_t)kind);
	for (i = 0; i < samples; i++) {
		length = make_line(kind, &rng, &buf, &capacity);
		check_kind(kind, buf, length);
	}
	free(buf);
}
END_TEST

/* malform_pick gives every kind, over-long lines the least often. */
START_TEST(test_pick)
{
	unsigned counts[MALFORM_COUNT] = { 0 };
	struct rng rng;
	int i;

	rng_seed(&rng, 9);
	for (i = 0; i < 100000; i++)
		counts[malform_pick(&rng)]++;
	for (i = 0; i < MALFORM_COUNT; i++) {
		ck_assert_msg(counts[i] > 0, "%s never picked",
		    malform_name((enum malform_kind)i));
		ck_assert_uint_ge(counts[i], counts[MALFORM_TOO_LONG]);
	}
	ck_assert_str_eq(malform_name(MALFORM_INVALID_UTF8), "invalid_utf8");
}
END_TEST

Suite *
malform_suite(void)
{
	Suite *suite = suite_create("malform");
	TCase *tcase = tcase_create("malform");

	tcase_add_loop_test(tcase, test_kind, 0, MALFORM_COUNT);
	tcase_add_test(tcase, test_pick);
	suite_add_tcase(suite, tcase);
	return suite;
}
