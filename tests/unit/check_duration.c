/* check_duration.c: durations as integers, reals and text in each unit,
 * to the exact millisecond, with the limits and refusals (issue 14). The
 * expected values were worked out with Python's fractions.Fraction. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decimal.h"
#include "common/duration.h"
#include "common/xmalloc.h"
#include "suites.h"

#define UNTOUCHED UINT64_C(0x5a5a5a5a5a5a5a5a)
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define LONG_TEXT 10000

/* A duration's text in a unit and what it reads as. */
struct text_case {
	enum duration_unit unit;
	const char *text;
	enum duration_result result;
	uint64_t ms;
};

/* Reads TEXT from a heap copy of exactly its length, so that
 * AddressSanitizer sees a read past the end. */
static enum duration_result
from_text(enum duration_unit unit, const char *text, size_t length,
    uint64_t *ms)
{
	char *copy = xmalloc(length + 1);
	enum duration_result result;

	memcpy(copy, text, length);
	result = duration_from_text(unit, copy, length, ms);
	free(copy);
	return result;
}

/* Asserts each case reads as it says; *MS is untouched unless OK. */
static void
assert_texts(const struct text_case *cases, size_t count)
{
	uint64_t ms;
	size_t i;

	for (i = 0; i < count; i++) {
		ms = UNTOUCHED;
		ck_assert_msg(from_text(cases[i].unit, cases[i].text,
		    strlen(cases[i].text), &ms) == cases[i].result,
		    "'%s' in %s: result %d, want %d", cases[i].text,
		    duration_unit_name(cases[i].unit), (int)from_text(
		    cases[i].unit, cases[i].text, strlen(cases[i].text), &ms),
		    (int)cases[i].result);
		ck_assert_msg(ms == (cases[i].result == DURATION_OK ?
		    cases[i].ms : UNTOUCHED), "'%s' in %s: %llu ms, want %llu",
		    cases[i].text, duration_unit_name(cases[i].unit),
		    (unsigned long long)ms, (unsigned long long)cases[i].ms);
	}
}

/* A bare number is in the schema's unit; a suffix overrides it. */
START_TEST(test_bare)
{
	static const struct text_case cases[] = {
		{ DURATION_MS, "12", DURATION_OK, 12 },
		{ DURATION_MS, "0", DURATION_OK, 0 },
		{ DURATION_MS, "0.5", DURATION_OK, 0 },
		{ DURATION_MS, "12.999999999999", DURATION_OK, 12 },
		{ DURATION_S, "0.012", DURATION_OK, 12 },
		{ DURATION_S, "12", DURATION_OK, 12000 },
		{ DURATION_S, ".5", DURATION_OK, 500 },
		{ DURATION_S, "5.", DURATION_OK, 5000 },
		{ DURATION_S, "0.0019999", DURATION_OK, 1 },
		{ DURATION_S, "1.005", DURATION_OK, 1005 },
		{ DURATION_NS, "1500000", DURATION_OK, 1 },
		{ DURATION_NS, "999999", DURATION_OK, 0 },
		{ DURATION_NS, "1999999.9", DURATION_OK, 1 },
		{ DURATION_NS, "3000000.5", DURATION_OK, 3 },
		{ DURATION_US, "1500", DURATION_OK, 1 },
		{ DURATION_US, "999.9999", DURATION_OK, 0 },
		{ DURATION_US, "12345.678", DURATION_OK, 12 },
		{ DURATION_MS, "007", DURATION_OK, 7 },
		{ DURATION_S, "+2", DURATION_OK, 2000 },
		{ DURATION_S, "-0", DURATION_OK, 0 },
		{ DURATION_S, "-0.000", DURATION_OK, 0 },
		{ DURATION_S, "-1", DURATION_NEGATIVE, 0 },
		{ DURATION_MS, "-0.001", DURATION_NEGATIVE, 0 },
		{ DURATION_S, "12ms", DURATION_OK, 12 },
		{ DURATION_NS, "2s", DURATION_OK, 2000 },
	};

	assert_texts(cases, COUNT_OF(cases));
}
END_TEST

/* Go's units, one or several, exactly to the nanosecond before the
 * milliseconds are truncated. */
START_TEST(test_units)
{
	static const struct text_case cases[] = {
		{ DURATION_MS, "12ms", DURATION_OK, 12 },
		{ DURATION_MS, "1.5s", DURATION_OK, 1500 },
		{ DURATION_MS, "250us", DURATION_OK, 0 },
		{ DURATION_MS, "2500us", DURATION_OK, 2 },
		{ DURATION_MS, "2500\xc2\xb5s", DURATION_OK, 2 },	/* U+00B5 */
		{ DURATION_MS, "2500\xce\xbcs", DURATION_OK, 2 },	/* U+03BC */
		{ DURATION_MS, "250µs", DURATION_OK, 0 },
		{ DURATION_MS, "3ns", DURATION_OK, 0 },
		{ DURATION_MS, "3000000ns", DURATION_OK, 3 },
		{ DURATION_MS, "1m", DURATION_OK, 60000 },
		{ DURATION_MS, "1h", DURATION_OK, 3600000 },
		{ DURATION_MS, "1.5h", DURATION_OK, 5400000 },
		{ DURATION_MS, "1m2.5s", DURATION_OK, 62500 },
		{ DURATION_MS, "1h2m3.5s", DURATION_OK, 3723500 },
		{ DURATION_MS, "2h45m", DURATION_OK, 9900000 },
		{ DURATION_MS, "1s1s", DURATION_OK, 2000 },
		{ DURATION_MS, "3s1h", DURATION_OK, 3603000 },
		{ DURATION_MS, "1.5ms500us", DURATION_OK, 2 },
		{ DURATION_MS, "999999ns999999ns", DURATION_OK, 1 },
		{ DURATION_MS, "0.9999999ms", DURATION_OK, 0 },
		{ DURATION_MS, "1ms1ns", DURATION_OK, 1 },
		{ DURATION_MS, ".5s", DURATION_OK, 500 },
		{ DURATION_MS, "5.s", DURATION_OK, 5000 },
		{ DURATION_MS, "+1s", DURATION_OK, 1000 },
		{ DURATION_MS, "-0s", DURATION_OK, 0 },
		{ DURATION_MS, "-0h0m0.000s", DURATION_OK, 0 },
		{ DURATION_MS, "-1s", DURATION_NEGATIVE, 0 },
		{ DURATION_MS, "-1m2.5s", DURATION_NEGATIVE, 0 },
		{ DURATION_MS, "-0s1ns", DURATION_NEGATIVE, 0 },
		/* Fractions of m and h, carried exactly: 1.000000000000000002 s
		 * and 0.999999999999999996 s, 1.000000000000000008 ms and
		 * 0.999999999999999972 ms. */
		{ DURATION_MS, "0.0166666666666666667m", DURATION_OK, 1000 },
		{ DURATION_MS, "0.0166666666666666666m", DURATION_OK, 999 },
		{ DURATION_MS, "0.00000027777777777777778h", DURATION_OK, 1 },
		{ DURATION_MS, "0.00000027777777777777777h", DURATION_OK, 0 },
		/* Digits beyond the nanosecond are dropped, not rounded. */
		{ DURATION_MS, "0.0009999999999999s", DURATION_OK, 0 },
		{ DURATION_MS, "1.9999999999999999999999ms", DURATION_OK, 1 },
	};

	assert_texts(cases, COUNT_OF(cases));
}
END_TEST

/* Anything else is unreadable, before it is negative or too large. */
START_TEST(test_unreadable)
{
	static const char *const cases[] = {
		"", "-", "+", ".", "-.", "ms", "s", "12 ms", " 12", "12 ", "1h 2m",
		"1h30", "1.2.3s", "1e3", "1e3ms", "12MS", "12Ms", "1H", "1S",
		"1hh", "--1s", "-+1s", "1s-1s", "1s+1s", "0x10", ".s", "1,5s",
		"1,5", "\xef\xbc\x91s", "12msx", "\xc2\xb5s", "1\xc2\xb5",
		"1\xb5s", "1\xce\xbc", "1sec", "1min", "1d", "1ps", "infs", "nan",
		"1_000ms", "12\n", "-99999999999999999999999s!",
		"99999999999999999999999s x",
	};
	static const enum duration_unit units[] = { DURATION_NS,
	    DURATION_US, DURATION_MS, DURATION_S };
	uint64_t ms;
	size_t i, j;

	for (i = 0; i < COUNT_OF(cases); i++) {
		for (j = 0; j < COUNT_OF(units); j++) {
			ms = UNTOUCHED;
			ck_assert_msg(from_text(units[j], cases[i],
			    strlen(cases[i]), &ms) == DURATION_UNREADABLE,
			    "'%s' read", cases[i]);
			ck_assert(ms == UNTOUCHED);
		}
	}
	ms = UNTOUCHED;
	ck_assert_int_eq(from_text(DURATION_MS, "12\0", 3, &ms),
	    DURATION_UNREADABLE);
	ck_assert_int_eq(from_text(DURATION_MS, "1\0s", 3, &ms),
	    DURATION_UNREADABLE);
	ck_assert(ms == UNTOUCHED);
}
END_TEST

/* The limit, 9e18 ms, in every unit, beyond 64 bits of nanoseconds. */
START_TEST(test_text_limit)
{
	static const struct text_case cases[] = {
		{ DURATION_MS, "8999999999999999999", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_MS, "8999999999999999999.999", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_MS, "9000000000000000000", DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "18446744073709551616", DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "99999999999999999999999999ms",
		    DURATION_TOO_LARGE, 0 },
		{ DURATION_S, "8999999999999999.999", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_S, "9000000000000000", DURATION_TOO_LARGE, 0 },
		{ DURATION_NS, "8999999999999999999999999", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_NS, "9000000000000000000000000", DURATION_TOO_LARGE,
		    0 },
		{ DURATION_MS, "2499999999999h", DURATION_OK,
		    UINT64_C(8999999999996400000) },
		{ DURATION_MS, "2499999999999.9999999999h", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_MS, "2500000000000h", DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "149999999999999m", DURATION_OK,
		    UINT64_C(8999999999999940000) },
		{ DURATION_MS, "150000000000000m", DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "8999999999999999999ms999999ns", DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_MS, "8999999999999999999ms1000000ns",
		    DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "8999999999999999999ms1ms", DURATION_TOO_LARGE,
		    0 },
		{ DURATION_MS, "4500000000000000000ms4500000000000000000ms",
		    DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, "-99999999999999999999999s", DURATION_NEGATIVE,
		    0 },
	};

	assert_texts(cases, COUNT_OF(cases));
}
END_TEST

/* Long texts: many leading zeros, many decimals, many parts. */
START_TEST(test_text_long)
{
	char *text = xmalloc(LONG_TEXT + 8);
	uint64_t ms;
	size_t i;

	memset(text, '0', LONG_TEXT);
	memcpy(text + LONG_TEXT, "1ms", 3);
	ck_assert_int_eq(from_text(DURATION_S, text, LONG_TEXT + 3, &ms),
	    DURATION_OK);
	ck_assert_uint_eq(ms, 1);
	memcpy(text, "1.", 2);
	memset(text + 2, '9', LONG_TEXT - 2);
	ck_assert_int_eq(from_text(DURATION_S, text, LONG_TEXT, &ms),
	    DURATION_OK);
	ck_assert_uint_eq(ms, 1999);
	for (i = 0; i + 2 <= LONG_TEXT; i += 2)
		memcpy(text + i, "1s", 2);
	ck_assert_int_eq(from_text(DURATION_MS, text, LONG_TEXT, &ms),
	    DURATION_OK);
	ck_assert_uint_eq(ms, LONG_TEXT / 2 * 1000);
	free(text);
}
END_TEST

START_TEST(test_integer)
{
	static const struct {
		enum duration_unit unit;
		int64_t value;
		enum duration_result result;
		uint64_t ms;
	} cases[] = {
		{ DURATION_MS, 12, DURATION_OK, 12 },
		{ DURATION_MS, 0, DURATION_OK, 0 },
		{ DURATION_S, 12, DURATION_OK, 12000 },
		{ DURATION_NS, 1999999, DURATION_OK, 1 },
		{ DURATION_NS, 999999, DURATION_OK, 0 },
		{ DURATION_US, 1999, DURATION_OK, 1 },
		{ DURATION_NS, INT64_MAX, DURATION_OK, UINT64_C(9223372036854) },
		{ DURATION_US, INT64_MAX, DURATION_OK,
		    UINT64_C(9223372036854775) },
		{ DURATION_MS, INT64_C(8999999999999999999), DURATION_OK,
		    UINT64_C(8999999999999999999) },
		{ DURATION_MS, INT64_C(9000000000000000000), DURATION_TOO_LARGE,
		    0 },
		{ DURATION_MS, INT64_MAX, DURATION_TOO_LARGE, 0 },
		{ DURATION_S, INT64_C(8999999999999999), DURATION_OK,
		    UINT64_C(8999999999999999000) },
		{ DURATION_S, INT64_C(9000000000000000), DURATION_TOO_LARGE, 0 },
		{ DURATION_S, INT64_MAX, DURATION_TOO_LARGE, 0 },
		{ DURATION_S, -1, DURATION_NEGATIVE, 0 },
		{ DURATION_NS, INT64_MIN, DURATION_NEGATIVE, 0 },
	};
	uint64_t ms;
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++) {
		ms = UNTOUCHED;
		ck_assert_msg(duration_from_integer(cases[i].unit,
		    cases[i].value, &ms) == cases[i].result, "case %zu", i);
		ck_assert_msg(ms == (cases[i].result == DURATION_OK ?
		    cases[i].ms : UNTOUCHED), "case %zu: %llu", i,
		    (unsigned long long)ms);
	}
}
END_TEST

/* Reals are rounded to the nanosecond, then truncated to the ms. */
START_TEST(test_real)
{
	static const struct {
		enum duration_unit unit;
		double value;
		enum duration_result result;
		uint64_t ms;
	} cases[] = {
		{ DURATION_S, 0.012, DURATION_OK, 12 },
		{ DURATION_S, 1.005, DURATION_OK, 1005 },	/* 1.00499999... */
		{ DURATION_S, 0.0015, DURATION_OK, 1 },
		{ DURATION_S, 1700000000.123456, DURATION_OK,
		    UINT64_C(1700000000123) },
		{ DURATION_MS, 12.7, DURATION_OK, 12 },
		{ DURATION_MS, 0.9999999999, DURATION_OK, 1 },	/* to 1e6 ns */
		{ DURATION_MS, 0.9999994, DURATION_OK, 0 },
		{ DURATION_US, 1999.9999, DURATION_OK, 2 },	/* 1999999.9 ns */
		{ DURATION_US, 1999.4, DURATION_OK, 1 },
		{ DURATION_NS, 1999999.5, DURATION_OK, 2 },
		{ DURATION_NS, 1999999.4, DURATION_OK, 1 },
		{ DURATION_NS, 1.8e19, DURATION_OK, UINT64_C(18000000000000) },
		{ DURATION_NS, 18446744073709551616.0, DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, 8.999999999999998e18, DURATION_OK,
		    UINT64_C(8999999999999997952) },
		{ DURATION_MS, 9e18, DURATION_TOO_LARGE, 0 },
		{ DURATION_MS, 1e300, DURATION_TOO_LARGE, 0 },
		{ DURATION_S, 8999999999999999.0, DURATION_OK,
		    UINT64_C(8999999999999999000) },
		{ DURATION_S, 9e15, DURATION_TOO_LARGE, 0 },
		{ DURATION_S, 0.0, DURATION_OK, 0 },
		{ DURATION_S, -0.0, DURATION_OK, 0 },
		{ DURATION_S, -1e-300, DURATION_NEGATIVE, 0 },
		{ DURATION_S, -1.0, DURATION_NEGATIVE, 0 },
		{ DURATION_S, INFINITY, DURATION_TOO_LARGE, 0 },
		{ DURATION_S, -INFINITY, DURATION_NEGATIVE, 0 },
		{ DURATION_S, NAN, DURATION_UNREADABLE, 0 },
	};
	uint64_t ms;
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++) {
		ms = UNTOUCHED;
		ck_assert_msg(duration_from_real(cases[i].unit, cases[i].value,
		    &ms) == cases[i].result, "case %zu (%.17g)", i,
		    cases[i].value);
		ck_assert_msg(ms == (cases[i].result == DURATION_OK ?
		    cases[i].ms : UNTOUCHED), "case %zu (%.17g): %llu", i,
		    cases[i].value, (unsigned long long)ms);
	}
}
END_TEST

START_TEST(test_unit_names)
{
	static const char *const names[] = { "ns", "us", "ms", "s" };
	static const char *const rejected[] = { "", "m", "h", "µs", "MS",
	    "sec", "ms " };
	enum duration_unit unit;
	size_t i;

	for (i = 0; i < COUNT_OF(names); i++) {
		ck_assert_int_eq(duration_unit_from_name(names[i], &unit), 0);
		ck_assert_int_eq(unit, (enum duration_unit)i);
		ck_assert_str_eq(duration_unit_name(unit), names[i]);
	}
	for (i = 0; i < COUNT_OF(rejected); i++) {
		unit = (enum duration_unit)42;
		ck_assert_int_eq(duration_unit_from_name(rejected[i], &unit),
		    -1);
		ck_assert_int_eq(unit, 42);
	}
}
END_TEST

/* The digit arithmetic under it all. */
START_TEST(test_decimal)
{
	struct decimal number;
	uint64_t value;

	ck_assert_uint_eq(decimal_read("12.345s", 7, &number), 6);
	ck_assert_int_eq(decimal_integer(&number, 0, &value), 0);
	ck_assert_uint_eq(value, 12);
	ck_assert_int_eq(decimal_integer(&number, -2, &value), 0);
	ck_assert_uint_eq(value, 1234);
	ck_assert_int_eq(decimal_integer(&number, 1, &value), 0);
	ck_assert_uint_eq(value, 1);
	ck_assert_int_eq(decimal_integer(&number, 2, &value), 0);
	ck_assert_uint_eq(value, 0);
	ck_assert_int_eq(decimal_integer(&number, -5, &value), 0);
	ck_assert_uint_eq(value, 1234500);
	ck_assert_uint_eq(decimal_window(&number, 0, 3), 345);
	ck_assert_uint_eq(decimal_window(&number, 0, 5), 34500);
	ck_assert_uint_eq(decimal_window(&number, 2, 3), 123);
	ck_assert_uint_eq(decimal_carry(&number, 6, -1), 2);	/* 6 x .45 */
	ck_assert_uint_eq(decimal_carry(&number, 36, 0), 12);	/* 36 x .345 */
	ck_assert_uint_eq(decimal_carry(&number, 1, 0), 0);
	ck_assert_uint_eq(decimal_carry(&number, 10, 1), 2);	/* 10 x .2345 */
	ck_assert_uint_eq(decimal_carry(&number, 1000, 1), 234);
	ck_assert_int_eq(decimal_is_zero(&number), 0);
	ck_assert_uint_eq(decimal_read("18446744073709551615", 20, &number),
	    20);
	ck_assert_int_eq(decimal_integer(&number, 0, &value), 0);
	ck_assert(value == UINT64_MAX);
	ck_assert_uint_eq(decimal_read("18446744073709551616", 20, &number),
	    20);
	ck_assert_int_eq(decimal_integer(&number, 0, &value), -1);
	ck_assert_int_eq(decimal_integer(&number, 1, &value), 0);
	ck_assert_uint_eq(decimal_read("000.000x", 8, &number), 7);
	ck_assert_int_eq(decimal_is_zero(&number), 1);
	ck_assert_uint_eq(decimal_read(".", 1, &number), 0);
	ck_assert_uint_eq(decimal_read("", 0, &number), 0);
	ck_assert_uint_eq(decimal_read("-1", 2, &number), 0);
	ck_assert_uint_eq(decimal_read("1.", 2, &number), 2);
	ck_assert_uint_eq(decimal_read(".5", 2, &number), 2);
	ck_assert_uint_eq(decimal_read("12.5", 2, &number), 2);	/* LENGTH */
	ck_assert_uint_eq(number.fraction_length, 0);
}
END_TEST

Suite *
duration_suite(void)
{
	Suite *suite = suite_create("duration");
	TCase *tcase = tcase_create("duration");

	tcase_add_test(tcase, test_bare);
	tcase_add_test(tcase, test_units);
	tcase_add_test(tcase, test_unreadable);
	tcase_add_test(tcase, test_text_limit);
	tcase_add_test(tcase, test_text_long);
	tcase_add_test(tcase, test_integer);
	tcase_add_test(tcase, test_real);
	tcase_add_test(tcase, test_unit_names);
	tcase_add_test(tcase, test_decimal);
	suite_add_tcase(suite, tcase);
	return suite;
}
