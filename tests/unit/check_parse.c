/* check_parse.c: option value parsing: numbers, sizes, durations. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "common/level.h"
#include "common/parse.h"
#include "suites.h"

static const char *last_cause;

/* Asserts that CALL fails with a cause containing WHAT. */
#define ck_rejects(call, what) do {					\
	last_cause = NULL;						\
	ck_assert_int_eq(call, -1);					\
	ck_assert_ptr_nonnull(last_cause);				\
	ck_assert_msg(strstr(last_cause, what) != NULL,			\
	    "cause '%s' lacks '%s'", last_cause, what);			\
} while (0)

/* parse_uint, parse_size and parse_duration share this shape. */
typedef int (*parser)(const char *, uint64_t, uint64_t, uint64_t *,
    const char **);

/* Parses TEXT with PARSE in [0, MAX], asserting that it is accepted. */
static uint64_t
parsed(parser parse, const char *text, uint64_t max)
{
	uint64_t value = 12345;

	ck_assert_msg(parse(text, 0, max, &value, &last_cause) == 0,
	    "'%s' rejected: %s", text, last_cause);
	return value;
}

/* Returns what PARSE returns for TEXT in [0, MAX]; sets last_cause. */
static int
rejected(parser parse, const char *text, uint64_t max)
{
	uint64_t value;

	return parse(text, 0, max, &value, &last_cause);
}

#define uint_ok(text, max) parsed(parse_uint, (text), (max))
#define uint_bad(text, max) rejected(parse_uint, (text), (max))
#define size_ok(text) parsed(parse_size, (text), UINT64_MAX)
#define size_bad(text, max) rejected(parse_size, (text), (max))
#define duration_ok(text) parsed(parse_duration, (text), UINT64_MAX)
#define duration_bad(text, max) rejected(parse_duration, (text), (max))

START_TEST(test_uint)
{
	ck_assert_uint_eq(uint_ok("0", 10), 0);
	ck_assert_uint_eq(uint_ok("10", 10), 10);
	ck_assert_uint_eq(uint_ok("007", 10), 7);
	ck_assert_uint_eq(uint_ok("18446744073709551615", UINT64_MAX),
	    UINT64_MAX);
	ck_rejects(uint_bad("11", 10), "out of range");
	ck_rejects(uint_bad("18446744073709551616", UINT64_MAX), "too large");
	ck_rejects(uint_bad("", 10), "not a number");
	ck_rejects(uint_bad("-1", 10), "must not be negative");
	ck_rejects(uint_bad("+1", 10), "not a number");
	ck_rejects(uint_bad(" 1", 10), "not a number");
	ck_rejects(uint_bad("1 ", 10), "not a whole number");
	ck_rejects(uint_bad("1.5", 10), "not a whole number");
	ck_rejects(uint_bad("0x10", 100), "not a whole number");
}
END_TEST

START_TEST(test_size)
{
	ck_assert_uint_eq(size_ok("0"), 0);
	ck_assert_uint_eq(size_ok("100"), 100);
	ck_assert_uint_eq(size_ok("100B"), 100);
	ck_assert_uint_eq(size_ok("1K"), 1024);
	ck_assert_uint_eq(size_ok("1k"), 1024);
	ck_assert_uint_eq(size_ok("4KiB"), 4096);
	ck_assert_uint_eq(size_ok("1.5K"), 1536);
	ck_assert_uint_eq(size_ok("1M"), 1048576);
	ck_assert_uint_eq(size_ok("1MB"), 1048576);
	ck_assert_uint_eq(size_ok("3G"), 3ULL << 30);
	ck_assert_uint_eq(size_ok("0.5G"), 1ULL << 29);
	ck_rejects(size_bad("1025.5", UINT64_MAX), "fraction too fine");
	ck_rejects(size_bad("0.1K", UINT64_MAX), "fraction too fine");
	ck_rejects(size_bad("1X", UINT64_MAX), "suffix");
	ck_rejects(size_bad("1 K", UINT64_MAX), "suffix");
	ck_rejects(size_bad("K", UINT64_MAX), "not a number");
	ck_rejects(size_bad("-1K", UINT64_MAX), "must not be negative");
	ck_rejects(size_bad("2G", 1ULL << 30), "out of range");
	ck_rejects(size_bad("99999999999999G", UINT64_MAX), "too large");
}
END_TEST

START_TEST(test_duration)
{
	ck_assert_uint_eq(duration_ok("0"), 0);
	ck_assert_uint_eq(duration_ok("0s"), 0);
	ck_assert_uint_eq(duration_ok("250us"), 250000);
	ck_assert_uint_eq(duration_ok("10ms"), 10000000);
	ck_assert_uint_eq(duration_ok("1.5s"), 1500000000);
	ck_assert_uint_eq(duration_ok("2m"), 120000000000ULL);
	ck_assert_uint_eq(duration_ok("0.25ms"), 250000);
	ck_assert_uint_eq(duration_ok("0.000000001s"), 1);
	ck_rejects(duration_bad("0.0000000001s", UINT64_MAX), "fraction too fine");
	ck_assert_uint_eq(duration_ok("0.5us"), 500);
	ck_rejects(duration_bad("10", UINT64_MAX), "missing unit");
	ck_rejects(duration_bad("1.5", UINT64_MAX), "missing unit");
	ck_rejects(duration_bad("1h", UINT64_MAX), "unknown unit");
	ck_rejects(duration_bad("1MS", UINT64_MAX), "unknown unit");
	ck_rejects(duration_bad("ms", UINT64_MAX), "not a number");
	ck_rejects(duration_bad("-1s", UINT64_MAX), "must not be negative");
	ck_rejects(duration_bad("61s", 60 * PARSE_NS_PER_S), "out of range");
	ck_rejects(duration_bad("999999999999m", UINT64_MAX), "too large");
}
END_TEST

static double
fraction_ok(const char *text)
{
	double value = -1;

	ck_assert_msg(parse_fraction(text, 0, 1, &value, &last_cause) == 0,
	    "'%s' rejected: %s", text, last_cause);
	return value;
}

static int
fraction_bad(const char *text)
{
	double value;

	return parse_fraction(text, 0, 1, &value, &last_cause);
}

START_TEST(test_fraction)
{
	ck_assert_double_eq(fraction_ok("0"), 0);
	ck_assert_double_eq(fraction_ok("1"), 1);
	ck_assert_double_eq_tol(fraction_ok("0.01"), 0.01, 1e-12);
	ck_assert_double_eq_tol(fraction_ok("0.125"), 0.125, 1e-12);
	ck_rejects(fraction_bad("1.5"), "out of range");
	ck_rejects(fraction_bad("2"), "out of range");
	ck_rejects(fraction_bad("0,5"), "not a number");
	ck_rejects(fraction_bad("nan"), "not a number");
	ck_rejects(fraction_bad("-0.1"), "must not be negative");
	ck_rejects(fraction_bad(""), "not a number");
}
END_TEST

/* Every level name, and only those, exactly as spelled. */
START_TEST(test_level)
{
	static const char *const wrong[] = {
		"", "debug", "Info", "INF", "INFOS", "DEBUX", "EROR", "ERRORS",
		"FATAl", "WARNINg", "WARN", "DEBUG ", "XRROR", "AATAL"
	};
	enum level level, parsed;
	size_t i;

	for (level = 0; level < LEVEL_COUNT; level++) {
		ck_assert_int_eq(level_parse(level_name(level),
		    strlen(level_name(level)), &parsed), 0);
		ck_assert_int_eq(parsed, level);
	}
	ck_assert_int_eq(level_parse("ERRORX", 5, &parsed), 0);
	ck_assert_int_eq(parsed, LEVEL_ERROR);
	for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
		ck_assert_msg(level_parse(wrong[i], strlen(wrong[i]),
		    &parsed) != 0, "accepted \"%s\"", wrong[i]);
}
END_TEST

Suite *
parse_suite(void)
{
	Suite *suite = suite_create("parse");
	TCase *tcase = tcase_create("values");

	tcase_add_test(tcase, test_uint);
	tcase_add_test(tcase, test_size);
	tcase_add_test(tcase, test_duration);
	tcase_add_test(tcase, test_fraction);
	tcase_add_test(tcase, test_level);
	suite_add_tcase(suite, tcase);
	return suite;
}
