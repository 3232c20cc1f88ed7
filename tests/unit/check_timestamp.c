/* check_timestamp.c: RFC 3339 parsing, against instants worked out with
 * Python's calendar.timegm; the looser forms, epochs and zones of the
 * schemas (issue 14); formatting. */
#include "config.h"

#include <math.h>
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

/* A time as text in a format, and the instant it is (ok) or -1. */
struct text_case {
	enum time_format format;
	int32_t zone;
	const char *text;
	int ok;
	int64_t sec;
	int32_t nsec;
};

/* Reads TEXT in FORMAT from a heap copy of exactly its length. */
static int
from_text(struct timestamp_memo *memo, enum time_format format,
    int32_t zone, const char *text, int64_t *sec, int32_t *nsec)
{
	size_t length = strlen(text);
	char *copy = xmalloc(length + 1);
	int result;

	memcpy(copy, text, length);
	result = timestamp_from_text(memo, format, zone, copy, length, sec,
	    nsec);
	free(copy);
	return result;
}

/* Asserts each case, with and without a memo; outputs untouched on -1. */
static void
assert_texts(const struct text_case *cases, size_t count)
{
	struct timestamp_memo memo;
	int64_t sec;
	int32_t nsec;
	size_t i;
	int pass;

	memset(&memo, 0, sizeof memo);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < count; i++) {
			sec = UNTOUCHED_SEC;
			nsec = UNTOUCHED_NSEC;
			ck_assert_msg(from_text(pass ? &memo : NULL,
			    cases[i].format, cases[i].zone, cases[i].text, &sec,
			    &nsec) == (cases[i].ok ? 0 : -1),
			    "'%s' in %s: %s", cases[i].text,
			    timestamp_format_name(cases[i].format),
			    cases[i].ok ? "rejected" : "accepted");
			ck_assert_msg(sec == (cases[i].ok ? cases[i].sec :
			    UNTOUCHED_SEC) && nsec == (cases[i].ok ?
			    cases[i].nsec : UNTOUCHED_NSEC),
			    "'%s' in %s: %lld.%09d, want %lld.%09d",
			    cases[i].text, timestamp_format_name(
			    cases[i].format), (long long)sec, (int)nsec,
			    (long long)cases[i].sec, (int)cases[i].nsec);
		}
	}
}

/* RFC 3339 as the schemas read it: a space may stand for the 'T'. */
START_TEST(test_rfc3339_text)
{
	static const struct text_case cases[] = {
		{ TIME_RFC3339, 0, "2026-01-02T12:30:45.123456789Z", 1,
		    1767357045, 123456789 },
		{ TIME_RFC3339, 0, "2026-01-02 12:30:45.123456789Z", 1,
		    1767357045, 123456789 },
		{ TIME_RFC3339, 0, "2026-01-02t12:30:45z", 1, 1767357045, 0 },
		{ TIME_RFC3339, 3600, "2026-01-02 12:30:45.5Z", 1, 1767357045,
		    500000000 },
		{ TIME_RFC3339, 0, "2026-01-02 00:30:00+01:00", 1, 1767310200,
		    0 },
		{ TIME_RFC3339, 0, "2026-01-01T23:30:00-01:00", 1, 1767313800,
		    0 },
		{ TIME_RFC3339, 0, "2025-12-31T23:00:00-02:00", 1, 1767229200,
		    0 },
		{ TIME_RFC3339, 0, "2016-12-31 23:59:60Z", 1, 1483228799,
		    999999999 },
		{ TIME_RFC3339, 0, "2026-01-02 12:30:45.1234567899999Z", 1,
		    1767357045, 123456789 },
		{ TIME_RFC3339, 0, "2026-01-02 12:30:45.1Z", 1, 1767357045,
		    100000000 },
		{ TIME_RFC3339, 0, "2026-01-02T12:30:45", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02 12:30:45", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02 12:30:45,5Z", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02T12:30:45+0200", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02  12:30:45Z", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02_12:30:45Z", 0, 0, 0 },
		{ TIME_RFC3339, 0, "2026-01-02\t12:30:45Z", 0, 0, 0 },
		{ TIME_RFC3339, 0, "1700000000", 0, 0, 0 },
		{ TIME_RFC3339, 0, "", 0, 0, 0 },
	};

	assert_texts(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* Python's asctime: ',' or '.', no zone meaning the caller's offset. */
START_TEST(test_python_text)
{
	static const struct text_case cases[] = {
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45,123", 1, 1767357045,
		    123000000 },
		{ TIME_PYTHON, 7200, "2026-01-02 14:30:45,123", 1, 1767357045,
		    123000000 },
		{ TIME_PYTHON, -19800, "2026-01-02 07:00:45", 1, 1767357045,
		    0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45.5", 1, 1767357045,
		    500000000 },
		{ TIME_PYTHON, 0, "2026-01-02T12:30:45,5", 1, 1767357045,
		    500000000 },
		{ TIME_PYTHON, 3600, "2026-01-02 00:30:00,000", 1, 1767310200,
		    0 },
		{ TIME_PYTHON, -3600, "2026-01-01 23:30:00", 1, 1767313800, 0 },
		{ TIME_PYTHON, 3600, "2026-01-02 14:30:45,123+0200", 1,
		    1767357045, 123000000 },
		{ TIME_PYTHON, 3600, "2026-01-02 14:30:45,123+02:00", 1,
		    1767357045, 123000000 },
		{ TIME_PYTHON, 3600, "2026-01-02 12:30:45,123Z", 1, 1767357045,
		    123000000 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45,1234567891", 1,
		    1767357045, 123456789 },
		{ TIME_PYTHON, 0, "2016-12-31 23:59:60,5", 1, 1483228799,
		    999999999 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45,", 0, 0, 0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30", 0, 0, 0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45 +0200", 0, 0, 0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45+02", 0, 0, 0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45,5,5", 0, 0, 0 },
		{ TIME_PYTHON, 0, "2026-01-02 12:30:45 ", 0, 0, 0 },
		{ TIME_PYTHON, 0, "1700000000", 0, 0, 0 },
		{ TIME_PYTHON, 0, "", 0, 0, 0 },
	};

	assert_texts(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* Decimal epoch strings, exactly, in each unit and by magnitude. */
START_TEST(test_epoch_text)
{
	static const struct text_case cases[] = {
		{ TIME_EPOCH_S, 0, "1700000000", 1, 1700000000, 0 },
		{ TIME_EPOCH_S, 0, "1700000000.123456", 1, 1700000000,
		    123456000 },
		{ TIME_EPOCH_S, 0, "1700000000.1234567899", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_S, 0, "0", 1, 0, 0 },
		{ TIME_EPOCH_S, 0, ".5", 1, 0, 500000000 },
		{ TIME_EPOCH_S, 0, "00001700000000", 1, 1700000000, 0 },
		{ TIME_EPOCH_S, 0, "253402300799.999999999", 1,
		    INT64_C(253402300799), 999999999 },
		{ TIME_EPOCH_S, 0, "253402300800", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "99999999999999999999999", 0, 0, 0 },
		{ TIME_EPOCH_MS, 0, "1700000000123", 1, 1700000000, 123000000 },
		{ TIME_EPOCH_MS, 0, "1700000000123.456789", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_MS, 0, "1700000000123.4567891", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_MS, 0, "1700000000", 1, 1700000, 0 },
		{ TIME_EPOCH_US, 0, "1700000000123456", 1, 1700000000,
		    123456000 },
		{ TIME_EPOCH_US, 0, "1700000000123456.789", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_NS, 0, "1700000000123456789", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_NS, 0, "1700000000123456789.9", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_NS, 0, "18446744073709551616", 1,
		    INT64_C(18446744073), 709551616 },
		{ TIME_EPOCH_NS, 0, "253402300799999999999", 1,
		    INT64_C(253402300799), 999999999 },
		{ TIME_EPOCH_NS, 0, "253402300800000000000", 0, 0, 0 },
		/* By magnitude: below 1e11 s, 1e14 ms, 1e17 us, else ns. */
		{ TIME_EPOCH_AUTO, 0, "1700000000", 1, 1700000000, 0 },
		{ TIME_EPOCH_AUTO, 0, "1700000000.5", 1, 1700000000,
		    500000000 },
		{ TIME_EPOCH_AUTO, 0, "99999999999.5", 1, INT64_C(99999999999),
		    500000000 },
		{ TIME_EPOCH_AUTO, 0, "100000000000", 1, 100000000, 0 },
		{ TIME_EPOCH_AUTO, 0, "1700000000123", 1, 1700000000,
		    123000000 },
		{ TIME_EPOCH_AUTO, 0, "99999999999999", 1, INT64_C(99999999999),
		    999000000 },
		{ TIME_EPOCH_AUTO, 0, "100000000000000", 1, 100000000, 0 },
		{ TIME_EPOCH_AUTO, 0, "1700000000123456", 1, 1700000000,
		    123456000 },
		{ TIME_EPOCH_AUTO, 0, "99999999999999999", 1,
		    INT64_C(99999999999), 999999000 },
		{ TIME_EPOCH_AUTO, 0, "100000000000000000", 1, 100000000, 0 },
		{ TIME_EPOCH_AUTO, 0, "1700000000123456789", 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_AUTO, 0, "99999999999999999999999999", 0, 0, 0 },
		{ TIME_EPOCH_AUTO, 0, "0", 1, 0, 0 },
		/* Only a decimal, whole. */
		{ TIME_EPOCH_S, 0, "", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "-1", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "+1", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, " 1", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "1 ", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "1e9", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "0x10", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "1,5", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "1.2.3", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, ".", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "1700000000Z", 0, 0, 0 },
		{ TIME_EPOCH_S, 0, "2026-01-02T12:30:45Z", 0, 0, 0 },
		{ TIME_EPOCH_AUTO, 0, "2026-01-02T12:30:45Z", 0, 0, 0 },
		{ TIME_EPOCH_MS, 0, "nan", 0, 0, 0 },
	};

	assert_texts(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* TIME_ANY: RFC 3339, Python's form or an epoch by magnitude. */
START_TEST(test_any_text)
{
	static const struct text_case cases[] = {
		{ TIME_ANY, 3600, "2026-01-02T12:30:45Z", 1, 1767357045, 0 },
		{ TIME_ANY, 3600, "2026-01-02 13:30:45,250", 1, 1767357045,
		    250000000 },
		{ TIME_ANY, 3600, "1700000000", 1, 1700000000, 0 },
		{ TIME_ANY, 3600, "1700000000123", 1, 1700000000, 123000000 },
		{ TIME_ANY, 0, "2026", 1, 2026, 0 },
		{ TIME_ANY, 0, "2026-01-02", 0, 0, 0 },
		{ TIME_ANY, 0, "abc", 0, 0, 0 },
		{ TIME_ANY, 0, "", 0, 0, 0 },
		{ TIME_ANY, 0, "-1", 0, 0, 0 },
	};

	assert_texts(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* One memo shared by the strict parser and the looser ones: each text
 * parses after any other as it would alone, so that a head with a space
 * remembered by TIME_RFC3339 is not then taken by timestamp_parse. */
START_TEST(test_memo_formats)
{
	static const char *const texts[] = {
		"2026-01-02 12:30:45Z",
		"2026-01-02T12:30:45Z",
		"2026-01-02 12:30:45,5",
		"2026-01-02 12:30:45.5+01:00",
		"2026-01-02t12:30:45.5Z",
		"2016-12-31 23:59:60Z",
		"1700000000",
	};
	static const enum time_format formats[] = { TIME_RFC3339,
	    TIME_PYTHON, TIME_ANY, TIME_EPOCH_S };
	struct timestamp_memo memo;
	int64_t sec, want_sec;
	int32_t nsec, want_nsec;
	size_t i, j, f, g;
	int want;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
	for (f = 0; f <= sizeof formats / sizeof formats[0]; f++)
	for (j = 0; j < sizeof texts / sizeof texts[0]; j++)
	for (g = 0; g <= sizeof formats / sizeof formats[0]; g++) {
		/* g (or f) past the formats: timestamp_parse_memo */
		memset(&memo, 0, sizeof memo);
		if (f == sizeof formats / sizeof formats[0])
			(void)parse_memo(&memo, texts[i], &sec, &nsec);
		else
			(void)from_text(&memo, formats[f], 0, texts[i], &sec,
			    &nsec);
		want_sec = sec = UNTOUCHED_SEC;
		want_nsec = nsec = UNTOUCHED_NSEC;
		if (g == sizeof formats / sizeof formats[0]) {
			want = parse(texts[j], strlen(texts[j]), &want_sec,
			    &want_nsec);
			ck_assert_int_eq(parse_memo(&memo, texts[j], &sec,
			    &nsec), want);
		} else {
			want = from_text(NULL, formats[g], 0, texts[j],
			    &want_sec, &want_nsec);
			ck_assert_int_eq(from_text(&memo, formats[g], 0,
			    texts[j], &sec, &nsec), want);
		}
		ck_assert_msg(sec == want_sec && nsec == want_nsec,
		    "'%s' after '%s'", texts[j], texts[i]);
	}
}
END_TEST

START_TEST(test_integer)
{
	static const struct {
		enum time_format format;
		int64_t value;
		int ok;
		int64_t sec;
		int32_t nsec;
	} cases[] = {
		{ TIME_EPOCH_S, 1700000000, 1, 1700000000, 0 },
		{ TIME_EPOCH_S, 0, 1, 0, 0 },
		{ TIME_EPOCH_S, INT64_C(253402300799), 1, INT64_C(253402300799),
		    0 },
		{ TIME_EPOCH_S, INT64_C(253402300800), 0, 0, 0 },
		{ TIME_EPOCH_S, INT64_MAX, 0, 0, 0 },
		{ TIME_EPOCH_MS, INT64_C(1700000000123), 1, 1700000000,
		    123000000 },
		{ TIME_EPOCH_MS, INT64_MAX, 0, 0, 0 },
		{ TIME_EPOCH_US, INT64_C(1700000000123456), 1, 1700000000,
		    123456000 },
		{ TIME_EPOCH_US, INT64_MAX, 0, 0, 0 },
		{ TIME_EPOCH_NS, INT64_C(1700000000123456789), 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_NS, INT64_MAX, 1, INT64_C(9223372036), 854775807 },
		{ TIME_EPOCH_AUTO, 1700000000, 1, 1700000000, 0 },
		{ TIME_EPOCH_AUTO, INT64_C(99999999999), 1, INT64_C(99999999999),
		    0 },
		{ TIME_EPOCH_AUTO, INT64_C(100000000000), 1, 100000000, 0 },
		{ TIME_EPOCH_AUTO, INT64_C(1700000000123), 1, 1700000000,
		    123000000 },
		{ TIME_EPOCH_AUTO, INT64_C(1700000000123456), 1, 1700000000,
		    123456000 },
		{ TIME_EPOCH_AUTO, INT64_C(1700000000123456789), 1, 1700000000,
		    123456789 },
		{ TIME_EPOCH_AUTO, INT64_MAX, 1, INT64_C(9223372036),
		    854775807 },
		{ TIME_ANY, INT64_C(1700000000123), 1, 1700000000, 123000000 },
		{ TIME_EPOCH_S, -1, 0, 0, 0 },
		{ TIME_EPOCH_AUTO, INT64_MIN, 0, 0, 0 },
		{ TIME_RFC3339, 1700000000, 0, 0, 0 },
		{ TIME_PYTHON, 1700000000, 0, 0, 0 },
	};
	int64_t sec;
	int32_t nsec;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sec = UNTOUCHED_SEC;
		nsec = UNTOUCHED_NSEC;
		ck_assert_msg(timestamp_from_integer(cases[i].format,
		    cases[i].value, &sec, &nsec) == (cases[i].ok ? 0 : -1),
		    "case %zu", i);
		ck_assert_msg(sec == (cases[i].ok ? cases[i].sec :
		    UNTOUCHED_SEC) && nsec == (cases[i].ok ? cases[i].nsec :
		    UNTOUCHED_NSEC), "case %zu: %lld.%09d", i, (long long)sec,
		    (int)nsec);
	}
}
END_TEST

/* Reals: whole units exactly, the fraction to the nearest nanosecond. */
START_TEST(test_real)
{
	static const struct {
		enum time_format format;
		double value;
		int ok;
		int64_t sec;
		int32_t nsec;
	} cases[] = {
		{ TIME_EPOCH_S, 1700000000.5, 1, 1700000000, 500000000 },
		/* the double nearest 1700000000.123456 is 0.00128 ns above */
		{ TIME_EPOCH_S, 1700000000.123456, 1, 1700000000, 123456001 },
		{ TIME_EPOCH_S, 0.012, 1, 0, 12000000 },
		{ TIME_EPOCH_S, 0.9999999999, 1, 1, 0 },	/* carried */
		{ TIME_EPOCH_S, 0.0, 1, 0, 0 },
		{ TIME_EPOCH_S, -0.0, 1, 0, 0 },
		{ TIME_EPOCH_S, 253402300799.0, 1, INT64_C(253402300799), 0 },
		{ TIME_EPOCH_S, 253402300800.0, 0, 0, 0 },
		{ TIME_EPOCH_MS, 1700000000123.456, 1, 1700000000, 123456055 },
		{ TIME_EPOCH_MS, 1700000000123.0, 1, 1700000000, 123000000 },
		{ TIME_EPOCH_US, 1700000000123456.0, 1, 1700000000, 123456000 },
		{ TIME_EPOCH_NS, 1.7e18, 1, 1700000000, 0 },
		{ TIME_EPOCH_NS, 9223372036854775808.0, 0, 0, 0 },	/* 2^63 */
		{ TIME_EPOCH_AUTO, 1.7e9, 1, 1700000000, 0 },
		{ TIME_EPOCH_AUTO, 1.7e12, 1, 1700000000, 0 },
		{ TIME_EPOCH_AUTO, 1.7e15, 1, 1700000000, 0 },
		{ TIME_EPOCH_AUTO, 1.7e18, 1, 1700000000, 0 },
		{ TIME_ANY, 1700000000.25, 1, 1700000000, 250000000 },
		{ TIME_EPOCH_S, 1e300, 0, 0, 0 },
		{ TIME_EPOCH_S, INFINITY, 0, 0, 0 },
		{ TIME_EPOCH_S, -INFINITY, 0, 0, 0 },
		{ TIME_EPOCH_S, NAN, 0, 0, 0 },
		{ TIME_EPOCH_S, -1e-300, 0, 0, 0 },
		{ TIME_EPOCH_S, -1.0, 0, 0, 0 },
		{ TIME_RFC3339, 1.7e9, 0, 0, 0 },
		{ TIME_PYTHON, 1.7e9, 0, 0, 0 },
	};
	int64_t sec;
	int32_t nsec;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sec = UNTOUCHED_SEC;
		nsec = UNTOUCHED_NSEC;
		ck_assert_msg(timestamp_from_real(cases[i].format,
		    cases[i].value, &sec, &nsec) == (cases[i].ok ? 0 : -1),
		    "case %zu (%.17g)", i, cases[i].value);
		ck_assert_msg(sec == (cases[i].ok ? cases[i].sec :
		    UNTOUCHED_SEC) && nsec == (cases[i].ok ? cases[i].nsec :
		    UNTOUCHED_NSEC), "case %zu (%.17g): %lld.%09d", i,
		    cases[i].value, (long long)sec, (int)nsec);
	}
}
END_TEST

START_TEST(test_format)
{
	static const struct {
		int64_t sec;
		int32_t nsec;
		const char *text;
	} cases[] = {
		{ 0, 0, "1970-01-01T00:00:00.000000000Z" },
		{ 1700000000, 123456789, "2023-11-14T22:13:20.123456789Z" },
		{ -1, 500000000, "1969-12-31T23:59:59.500000000Z" },
		{ 951782400, 1, "2000-02-29T00:00:00.000000001Z" },
		{ INT64_C(4107542400), 0, "2100-03-01T00:00:00.000000000Z" },
		{ 1483228799, 999999999, "2016-12-31T23:59:59.999999999Z" },
		{ TIMESTAMP_SEC_MIN, 0, "0000-01-01T00:00:00.000000000Z" },
		{ INT64_C(-62162121600), 0, "0000-02-29T00:00:00.000000000Z" },
		{ TIMESTAMP_SEC_MAX, 999999999,
		    "9999-12-31T23:59:59.999999999Z" },
	};
	char buf[TIMESTAMP_TEXT_SIZE + 8];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_uint_eq(timestamp_format(cases[i].sec, cases[i].nsec,
		    buf, TIMESTAMP_TEXT_SIZE), strlen(cases[i].text));
		ck_assert_str_eq(buf, cases[i].text);
	}
	memcpy(buf, "untouched", 10);
	ck_assert_uint_eq(timestamp_format(0, 0, buf, TIMESTAMP_TEXT_SIZE - 1),
	    0);
	ck_assert_uint_eq(timestamp_format(TIMESTAMP_SEC_MIN - 1, 0, buf,
	    sizeof buf), 0);
	ck_assert_uint_eq(timestamp_format(TIMESTAMP_SEC_MAX + 1, 0, buf,
	    sizeof buf), 0);
	ck_assert_uint_eq(timestamp_format(0, -1, buf, sizeof buf), 0);
	ck_assert_uint_eq(timestamp_format(0, 1000000000, buf, sizeof buf),
	    0);
	ck_assert_uint_eq(timestamp_format(INT64_MIN, 0, buf, sizeof buf), 0);
	ck_assert_uint_eq(timestamp_format(INT64_MAX, 0, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "untouched");
}
END_TEST

/* The memo's texts are timestamp_format's, whatever second came before:
 * the same one (only the nanoseconds written), another, or an invalid
 * time, which leaves the memo as it was. */
START_TEST(test_format_memo)
{
	static const struct {
		int64_t sec;
		int32_t nsec;
	} steps[] = {
		{ 1700000000, 5 }, { 1700000000, 123456789 },
		{ 1700000000, 999999999 }, { 1700000000, -1 },
		{ 1700000000, 1000000000 }, { 1700000000, 0 },
		{ 1700000001, 7 }, { 1700000000, 42 }, { TIMESTAMP_SEC_MAX + 1, 0 },
		{ 1700000000, 43 }, { TIMESTAMP_SEC_MIN, 1 }, { -1, 500000000 },
		{ -1, 1 },
	};
	struct timestamp_text_memo memo;
	char want[TIMESTAMP_TEXT_SIZE], got[TIMESTAMP_TEXT_SIZE];
	size_t i, length;

	memset(&memo, 0, sizeof memo);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		memcpy(want, "untouched", 10);
		memcpy(got, "untouched", 10);
		length = timestamp_format(steps[i].sec, steps[i].nsec, want,
		    sizeof want);
		ck_assert_uint_eq(timestamp_format_memo(&memo, steps[i].sec,
		    steps[i].nsec, got, sizeof got), length);
		ck_assert_str_eq(got, want);
	}
	ck_assert_uint_eq(timestamp_format_memo(&memo, -1, 2, got,
	    TIMESTAMP_TEXT_SIZE - 1), 0);
}
END_TEST

/* Formatting and parsing agree across the whole range, day by day at
 * varying times. */
START_TEST(test_format_round_trip)
{
	char buf[TIMESTAMP_TEXT_SIZE];
	int64_t sec, got_sec, step = INT64_C(86400) * 37 + 3607;
	int32_t nsec = 0, got_nsec;
	size_t length;

	for (sec = TIMESTAMP_SEC_MIN; sec <= TIMESTAMP_SEC_MAX; sec += step) {
		nsec = (int32_t)((nsec + 123456791) % 1000000000);
		length = timestamp_format(sec, nsec, buf, sizeof buf);
		ck_assert_uint_eq(length, TIMESTAMP_TEXT_SIZE - 1);
		ck_assert_int_eq(timestamp_parse(buf, length, &got_sec,
		    &got_nsec), 0);
		ck_assert_msg(got_sec == sec && got_nsec == nsec,
		    "%s: %lld, want %lld", buf, (long long)got_sec,
		    (long long)sec);
	}
}
END_TEST

START_TEST(test_zone)
{
	static const struct {
		const char *text;
		int32_t offset;
	} accepted[] = {
		{ "UTC", 0 }, { "utc", 0 }, { "Utc", 0 }, { "GMT", 0 },
		{ "gmt", 0 }, { "Z", 0 }, { "z", 0 }, { "+00:00", 0 },
		{ "-00:00", 0 }, { "+0", 0 }, { "+02:00", 7200 },
		{ "+0200", 7200 }, { "+02", 7200 }, { "+2", 7200 },
		{ "-5", -18000 }, { "-05:30", -19800 }, { "-0530", -19800 },
		{ "+23:59", 86340 }, { "+0945", 35100 }, { "+14:00", 50400 },
		{ "-12", -43200 },
	};
	static const char *const rejected[] = {
		"", "+", "-", "UTC+2", "UTC+02:00", "Europe/Berlin", "CET", "EST",
		"local", "+24", "+24:00", "+2:30", "+123", "+02:0", "+02:60",
		"+02:00:00", " +02:00", "+02:00 ", "02:00", "2", "\xef\xbc\x8b\x32",
		"utcx", "zz", "+-2", "++2", "+02::00", "+02-00", "+2h", "+99",
	};
	int32_t offset;
	size_t i;

	for (i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		offset = -42;
		ck_assert_msg(timestamp_zone_parse(accepted[i].text, &offset) ==
		    0, "'%s' rejected", accepted[i].text);
		ck_assert_msg(offset == accepted[i].offset, "'%s': %d",
		    accepted[i].text, (int)offset);
	}
	for (i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
		offset = -42;
		ck_assert_msg(timestamp_zone_parse(rejected[i], &offset) == -1,
		    "'%s' accepted", rejected[i]);
		ck_assert_int_eq(offset, -42);
	}
}
END_TEST

START_TEST(test_format_names)
{
	static const char *const names[] = { "rfc3339", "epoch_s",
	    "epoch_ms", "epoch_us", "epoch_ns", "epoch_auto", "python", "any" };
	static const char *const rejected[] = { "", "RFC3339", "epoch", "s",
	    "iso8601", "any " };
	enum time_format format;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		ck_assert_int_eq(timestamp_format_from_name(names[i], &format),
		    0);
		ck_assert_int_eq(format, (enum time_format)i);
		ck_assert_str_eq(timestamp_format_name(format), names[i]);
	}
	ck_assert_int_eq(TIME_ANY, 7);
	for (i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
		format = (enum time_format)42;
		ck_assert_int_eq(timestamp_format_from_name(rejected[i],
		    &format), -1);
		ck_assert_int_eq(format, 42);
	}
}
END_TEST

Suite *
timestamp_suite(void)
{
	Suite *suite = suite_create("timestamp");
	TCase *tcase = tcase_create("parse");
	TCase *values = tcase_create("values");

	tcase_add_test(tcase, test_accepted);
	tcase_add_test(tcase, test_rejected);
	tcase_add_test(tcase, test_length);
	tcase_add_test(tcase, test_memo);
	suite_add_tcase(suite, tcase);
	tcase_add_test(values, test_rfc3339_text);
	tcase_add_test(values, test_python_text);
	tcase_add_test(values, test_epoch_text);
	tcase_add_test(values, test_any_text);
	tcase_add_test(values, test_memo_formats);
	tcase_add_test(values, test_integer);
	tcase_add_test(values, test_real);
	tcase_add_test(values, test_format);
	tcase_add_test(values, test_format_memo);
	tcase_add_test(values, test_format_round_trip);
	tcase_add_test(values, test_zone);
	tcase_add_test(values, test_format_names);
	suite_add_tcase(suite, values);
	return suite;
}
