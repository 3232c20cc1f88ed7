/* check_timestamp.c: RFC 3339 parsing, against instants worked out with
 * Python's calendar.timegm. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/timestamp.h"
#include "suites.h"

#define UNTOUCHED_SEC INT64_C(-42)
#define UNTOUCHED_NSEC (-42)

/* Parses the first LENGTH bytes of TEXT from a heap copy of exactly that
 * size, so that AddressSanitizer sees any read past the end. */
static int
parse(const char *text, size_t length, int64_t *sec, int32_t *nsec)
{
	char *copy = xmalloc(length);
	int result;

	memcpy(copy, text, length);
	result = timestamp_parse(copy, length, sec, nsec);
	free(copy);
	return result;
}

/* Asserts that the first LENGTH bytes of TEXT are rejected and that the
 * outputs are left alone. */
static void
assert_rejected(const char *text, size_t length)
{
	int64_t sec = UNTOUCHED_SEC;
	int32_t nsec = UNTOUCHED_NSEC;

	ck_assert_msg(parse(text, length, &sec, &nsec) == -1,
	    "'%.*s' accepted", (int)length, text);
	ck_assert_int_eq(sec, UNTOUCHED_SEC);
	ck_assert_int_eq(nsec, UNTOUCHED_NSEC);
}

START_TEST(test_accepted)
{
	static const struct {
		const char *text;
		int64_t sec;
		int32_t nsec;
	} cases[] = {
		{ "2026-01-02T12:30:45.123456789Z", 1767357045, 123456789 },
		{ "2026-01-02t12:30:45.1z", 1767357045, 100000000 },
		{ "2026-01-02T12:30:45Z", 1767357045, 0 },
		{ "2026-01-02T14:30:45.123456789+02:00", 1767357045,
		    123456789 },
		{ "2026-01-02T07:00:45.000000001-05:30", 1767357045, 1 },
		{ "2026-01-02T12:30:45-00:00", 1767357045, 0 },
		{ "2026-01-02T00:00:00+23:59", 1767225660, 0 },
		{ "2026-01-02T00:00:00-23:59", 1767398340, 0 },
		{ "1970-01-01T00:00:00Z", 0, 0 },
		{ "1970-01-01T00:00:00.000000000Z", 0, 0 },
		{ "1969-12-31T23:59:59.5Z", -1, 500000000 },
		{ "2028-02-29T00:00:00Z", 1835395200, 0 },
		{ "2024-02-29T12:00:00Z", 1709208000, 0 },
		{ "2000-03-01T00:00:00Z", 951868800, 0 },
		{ "2100-03-01T00:00:00Z", INT64_C(4107542400), 0 },
		{ "0000-01-01T00:00:00Z", INT64_C(-62167219200), 0 },
		{ "0000-02-29T00:00:00Z", INT64_C(-62162121600), 0 },
		{ "9999-12-31T23:59:59.999999999Z", INT64_C(253402300799),
		    999999999 },
		/* A leap second is the last nanosecond of the second before. */
		{ "2016-12-31T23:59:60Z", 1483228799, 999999999 },
		{ "2016-12-31T23:59:60.5Z", 1483228799, 999999999 },
		/* Digits past the nanoseconds are dropped, not rounded. */
		{ "2026-01-02T12:30:45.1234567899999Z", 1767357045, 123456789 },
		{ "2026-01-02T12:30:45.0000000009Z", 1767357045, 0 },
	};
	int64_t sec;
	int32_t nsec;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sec = UNTOUCHED_SEC;
		nsec = UNTOUCHED_NSEC;
		ck_assert_msg(parse(cases[i].text, strlen(cases[i].text), &sec,
		    &nsec) == 0, "'%s' rejected", cases[i].text);
		ck_assert_msg(sec == cases[i].sec && nsec == cases[i].nsec,
		    "'%s': %lld.%09d, want %lld.%09d", cases[i].text,
		    (long long)sec, (int)nsec, (long long)cases[i].sec,
		    (int)cases[i].nsec);
	}
}
END_TEST

START_TEST(test_rejected)
{
	static const char *const cases[] = {
		"",
		"2026-01-02",
		"2026-01-02T",
		"2026-01-02T12:30:45",			/* no zone */
		"2026-01-02T12:30Z",			/* no seconds */
		"2026-01-02 12:30:45Z",			/* space for T */
		"2026-01-02X12:30:45Z",
		"2026-1-02T12:30:45Z",			/* one-digit month */
		"20260-01-02T12:30:45Z",		/* five-digit year */
		"+2026-01-02T12:30:45Z",
		"abcd-01-02T12:30:45Z",
		"2026-01-02T12:3a:45Z",
		"2026/01/02T12:30:45Z",
		"2026-01-02T12.30.45Z",
		"2026-01-02T12:30:45.Z",		/* empty fraction */
		"2026-01-02T12:30:45,5Z",
		"2026-01-02T12:30:45.5.5Z",
		"2026-01-02T12:30:45ZZ",		/* trailing bytes */
		"2026-01-02T12:30:45Z ",
		" 2026-01-02T12:30:45Z",
		"2026-01-02T12:30:45+0200",
		"2026-01-02T12:30:45+02",
		"2026-01-02T12:30:45+2:00",
		"2026-01-02T12:30:45 +02:00",
		"2026-01-02T12:30:45UTC",
		"2026-00-02T12:30:45Z",			/* bad ranges */
		"2026-13-02T12:30:45Z",
		"2026-01-00T12:30:45Z",
		"2026-01-32T12:30:45Z",
		"2026-04-31T12:30:45Z",
		"2027-02-29T12:30:45Z",			/* not a leap year */
		"2100-02-29T12:30:45Z",
		"2026-02-30T12:30:45Z",
		"2026-01-02T24:00:00Z",
		"2026-01-02T12:60:45Z",
		"2026-01-02T12:30:61Z",
		"2026-01-02T12:30:45+24:00",
		"2026-01-02T12:30:45+02:60",
		"2026-01-02T12:30:45-99:00",
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_rejected(cases[i], strlen(cases[i]));
}
END_TEST

/* Only LENGTH bytes count: no prefix of a valid timestamp is one, whether
 * or not the bytes after it are valid, and a NUL is just a bad byte. */
START_TEST(test_length)
{
	static const char *const texts[] = {
		"2026-01-02T12:30:45.123456789Z",
		"2026-01-02T14:30:45.5+02:00",
	};
	static const char with_nul[] = "2026-01-02T12:30:45Z\0";
	int64_t sec;
	int32_t nsec;
	size_t i, length;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (length = 0; length < strlen(texts[i]); length++)
			assert_rejected(texts[i], length);
		ck_assert_int_eq(parse(texts[i], strlen(texts[i]), &sec,
		    &nsec), 0);
	}
	assert_rejected(texts[0], 10);
	assert_rejected(with_nul, sizeof with_nul - 1);
}
END_TEST

/* Parses TEXT with MEMO from a heap copy of exactly its length. */
static int
parse_memo(struct timestamp_memo *memo, const char *text, int64_t *sec,
    int32_t *nsec)
{
	size_t length = strlen(text);
	char *copy = xmalloc(length);
	int result;

	memcpy(copy, text, length);
	result = timestamp_parse_memo(memo, copy, length, sec, nsec);
	free(copy);
	return result;
}

/* A memo only saves work: after any timestamp, any other parses exactly
 * as it would alone, including those with the same date and time of day
 * and another fraction or offset, a leap second, and those that are bad
 * or shorter than the part remembered. */
START_TEST(test_memo)
{
	static const char *const texts[] = {
		"2026-01-02T12:30:45.123456789Z",
		"2026-01-02T12:30:45.5Z",
		"2026-01-02T12:30:45Z",
		"2026-01-02T12:30:45+02:00",
		"2026-01-02T12:30:45-05:30",
		"2026-01-02t12:30:45Z",
		"2026-01-02T12:30:46Z",
		"2026-01-03T12:30:45Z",
		"2016-12-31T23:59:60Z",
		"2016-12-31T23:59:60.25Z",
		"2016-12-31T23:59:59.75Z",
		"2026-01-02T12:30:45",
		"2026-01-02T12:30:45.Z",
		"2026-01-02T12:30:4",
		"2026-01-02T12:30:45ZZ",
		"2026-02-30T12:30:45Z",
		"2026-02-30T12:30:45.5Z",
		"",
	};
	struct timestamp_memo memo;
	int64_t sec, want_sec;
	int32_t nsec, want_nsec;
	size_t i, j;
	int result;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (j = 0; j < sizeof texts / sizeof texts[0]; j++) {
			memset(&memo, 0, sizeof memo);
			(void)parse_memo(&memo, texts[i], &sec, &nsec);
			want_sec = sec = UNTOUCHED_SEC;
			want_nsec = nsec = UNTOUCHED_NSEC;
			result = parse(texts[j], strlen(texts[j]), &want_sec,
			    &want_nsec);
			ck_assert_msg(parse_memo(&memo, texts[j], &sec,
			    &nsec) == result, "'%s' after '%s'", texts[j],
			    texts[i]);
			ck_assert_msg(sec == want_sec && nsec == want_nsec,
			    "'%s' after '%s': %lld.%09d, not %lld.%09d",
			    texts[j], texts[i], (long long)sec, (int)nsec,
			    (long long)want_sec, (int)want_nsec);
		}
	}
}
END_TEST

Suite *
timestamp_suite(void)
{
	Suite *suite = suite_create("timestamp");
	TCase *tcase = tcase_create("parse");

	tcase_add_test(tcase, test_accepted);
	tcase_add_test(tcase, test_rejected);
	tcase_add_test(tcase, test_length);
	tcase_add_test(tcase, test_memo);
	suite_add_tcase(suite, tcase);
	return suite;
}
