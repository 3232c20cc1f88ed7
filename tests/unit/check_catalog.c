/* check_catalog.c: the random source and what records are made of. */
#include "config.h"

#include <string.h>

#include "gen/catalog.h"
#include "gen/rng.h"
#include "suites.h"

#define DRAWS 200000

/* With a fixed seed the level shares are the log format's weights: each
 * within half a percentage point (about 4 standard deviations). */
START_TEST(test_level_distribution)
{
	unsigned counts[LEVEL_COUNT] = { 0 };
	struct rng rng;
	double share;
	int i;

	rng_seed(&rng, 2026);
	for (i = 0; i < DRAWS; i++)
		counts[catalog_pick_level(&rng)]++;
	for (i = 0; i < LEVEL_COUNT; i++) {
		share = 100.0 * counts[i] / DRAWS;
		ck_assert_msg(share > catalog_level_percent[i] - 0.5 &&
		    share < catalog_level_percent[i] + 0.5,
		    "%s: %.2f%%, expected %u%%", level_name((enum level)i), share,
		    catalog_level_percent[i]);
	}
	ck_assert_uint_eq(catalog_level_percent[LEVEL_DEBUG], 15);
	ck_assert_uint_eq(catalog_level_percent[LEVEL_INFO], 50);
	ck_assert_uint_eq(catalog_level_percent[LEVEL_WARNING], 20);
	ck_assert_uint_eq(catalog_level_percent[LEVEL_ERROR], 10);
	ck_assert_uint_eq(catalog_level_percent[LEVEL_FATAL], 5);
}
END_TEST

START_TEST(test_same_seed_same_sequence)
{
	struct rng a, b, c;
	int i, differ = 0;

	rng_seed(&a, 42);
	rng_seed(&b, 42);
	rng_seed(&c, 43);
	for (i = 0; i < 1000; i++) {
		uint64_t value = rng_next(&a);

		ck_assert_uint_eq(value, rng_next(&b));
		differ += value != rng_next(&c);
	}
	ck_assert_int_gt(differ, 990);
}
END_TEST

/* rng_below stays below its bound and reaches every value. */
START_TEST(test_below)
{
	unsigned seen[7] = { 0 };
	struct rng rng;
	uint32_t value;
	int i;

	rng_seed(&rng, 1);
	for (i = 0; i < 70000; i++) {
		if ((value = rng_below(&rng, 7)) >= 7)
			ck_abort_msg("rng_below(7) gave %u", value);
		seen[value]++;
	}
	for (i = 0; i < 7; i++)
		ck_assert_uint_gt(seen[i], 9000);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(rng_below(&rng, 1), 0);
	ck_assert(rng_unit(&rng) < 1.0 && rng_unit(&rng) >= 0.0);
}
END_TEST

/* Filled records: a known service, ids in range, user_id absent in about
 * 30% of them, durations of 1..5000 ms covering the range. */
/* Returns what is wrong with RECORD, filled for SERVICE, or NULL. */
static const char *
fill_fault(const struct record *record, size_t service)
{
	if (service >= catalog_service_count())
		return "service out of range";
	if (strcmp(record->service, catalog_service(service)) != 0)
		return "service name not the catalog's";
	if (record->message == NULL)
		return "no message";
	if (record->level >= LEVEL_COUNT)
		return "level out of range";
	if (record->user_id != RECORD_NO_USER && (record->user_id < 1 ||
	    record->user_id > CATALOG_USER_MAX))
		return "user_id out of range";
	if (record->duration_ms < 1 || record->duration_ms > 5000)
		return "duration_ms out of range";
	return NULL;
}

/* Check's assertions write to a pipe each time they pass: the draws are
 * checked in plain C, and the first fault, if any, fails the test. */
START_TEST(test_fill)
{
	struct record record;
	struct rng rng;
	unsigned absent = 0, min_duration = 5000, max_duration = 0;
	const char *fault = NULL;
	size_t service;
	int i;

	rng_seed(&rng, 7);
	for (i = 0; i < DRAWS && fault == NULL; i++) {
		service = catalog_fill(&rng, &record);
		fault = fill_fault(&record, service);
		absent += record.user_id == RECORD_NO_USER;
		if (record.duration_ms < min_duration)
			min_duration = record.duration_ms;
		if (record.duration_ms > max_duration)
			max_duration = record.duration_ms;
	}
	ck_assert_msg(fault == NULL, "draw %d: %s", i - 1, fault);
	ck_assert_uint_eq(min_duration, 1);
	ck_assert_uint_eq(max_duration, 5000);
	ck_assert_msg(absent > DRAWS * 29 / 100 && absent < DRAWS * 31 / 100,
	    "user_id absent in %u of %d", absent, DRAWS);
}
END_TEST

Suite *
catalog_suite(void)
{
	Suite *suite = suite_create("catalog");
	TCase *tcase = tcase_create("catalog");

	tcase_add_test(tcase, test_level_distribution);
	tcase_add_test(tcase, test_same_seed_same_sequence);
	tcase_add_test(tcase, test_below);
	tcase_add_test(tcase, test_fill);
	suite_add_tcase(suite, tcase);
	return suite;
}
