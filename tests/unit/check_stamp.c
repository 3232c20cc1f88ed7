/* check_stamp.c: the time and duration texts of generate's formats are
 * exact and as the loggers write them, at the edges random data rarely
 * hits (a whole second, whole seconds of duration, unit boundaries). */
#include "config.h"

#include <string.h>

#include "gen/stamp.h"
#include "suites.h"

/* Checks that WRITE (a call writing at out) wrote EXPECTED. */
#define CHECK_TEXT(expected, write) do {				\
	char buf[STAMP_MAX], *out = buf;				\
	out = (write);							\
	ck_assert_str_eq((*out = '\0', buf), (expected));		\
} while (0)

START_TEST(test_seconds)
{
	CHECK_TEXT("0.012", stamp_seconds(12, 0, out));
	CHECK_TEXT("0.001", stamp_seconds(1, 1, out));
	CHECK_TEXT("0.1", stamp_seconds(100, 0, out));
	CHECK_TEXT("1.5", stamp_seconds(1500, 1, out));
	CHECK_TEXT("5", stamp_seconds(5000, 0, out));
	CHECK_TEXT("5.0", stamp_seconds(5000, 1, out));
	CHECK_TEXT("4.999", stamp_seconds(4999, 0, out));
}
END_TEST

START_TEST(test_tracing)
{
	CHECK_TEXT("1.00ms", stamp_tracing(1, out));
	CHECK_TEXT("9.00ms", stamp_tracing(9, out));
	CHECK_TEXT("10.0ms", stamp_tracing(10, out));
	CHECK_TEXT("99.0ms", stamp_tracing(99, out));
	CHECK_TEXT("100ms", stamp_tracing(100, out));
	CHECK_TEXT("999ms", stamp_tracing(999, out));
	CHECK_TEXT("1.000s", stamp_tracing(1000, out));
	CHECK_TEXT("5.000s", stamp_tracing(5000, out));
	CHECK_TEXT("1.234s", stamp_tracing(1234, out));
}
END_TEST

START_TEST(test_times)
{
	struct record_encoder encoder;
	struct record record;

	memset(&record, 0, sizeof record);
	record_encoder_init(&encoder);
	record.ts_sec = 1767225600;
	record.ts_nsec = 0;
	CHECK_TEXT("2026-01-01T00:00:00Z",
	    stamp_rfc3339(&encoder, &record, STAMP_TRIMMED, "Z", out));
	record.ts_nsec = 120000000;
	CHECK_TEXT("2026-01-01T00:00:00.12Z",
	    stamp_rfc3339(&encoder, &record, STAMP_TRIMMED, "Z", out));
	record.ts_nsec = 123456789;
	CHECK_TEXT("2026-01-01T00:00:00.123+00:00",
	    stamp_rfc3339(&encoder, &record, 3, "+00:00", out));
	CHECK_TEXT("2026-01-01T00:00:00Z",
	    stamp_rfc3339(&encoder, &record, 0, "Z", out));
	CHECK_TEXT("2026-01-01 00:00:00,123", stamp_asctime(&encoder, &record, out));
	CHECK_TEXT("1767225600123", stamp_epoch(&record, 3, out));
	CHECK_TEXT("1767225600123456789", stamp_epoch(&record, 9, out));
	CHECK_TEXT("1767225600.123456", stamp_epoch_fraction(&record, 6, out));
	record.ts_nsec = 999;
	CHECK_TEXT("1767225600.000000", stamp_epoch_fraction(&record, 6, out));
}
END_TEST

Suite *
stamp_suite(void)
{
	Suite *suite = suite_create("stamp");
	TCase *tcase = tcase_create("stamp");

	tcase_add_test(tcase, test_seconds);
	tcase_add_test(tcase, test_tracing);
	tcase_add_test(tcase, test_times);
	suite_add_tcase(suite, tcase);
	return suite;
}
