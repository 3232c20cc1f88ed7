/* check_histogram.c: bucket layout, merging and percentiles, the last
 * against a sorted array of the same values. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/histogram.h"
#include "gen/rng.h"
#include "suites.h"

#define LAST_BUCKET (HISTOGRAM_BUCKETS - 1)
#define OVERFLOW_LOW ((uint64_t)1 << HISTOGRAM_MAX_POWER)
#define SEED 20260102
#define SAMPLES 10000

/* Percentiles to check, in tenths of a percent, so that the expected rank
 * can be worked out in integers. */
static const unsigned permilles[] = {
	0, 1, 10, 100, 250, 500, 750, 900, 950, 990, 999, 1000
};

#define PERMILLES (sizeof permilles / sizeof permilles[0])

/* The histogram is too big for the stack of every platform. */
static struct histogram *
new_histogram(void)
{
	return xcalloc(1, sizeof(struct histogram));
}

/* Returns a random value whose magnitude is spread evenly over the bit
 * lengths from 0 to 50, so every bucket range gets some. */
static uint64_t
random_value(struct rng *rng)
{
	int bits = (int)rng_below(rng, HISTOGRAM_MAX_POWER + 3);

	return bits == 0 ? 0 : rng_next(rng) >> (64 - bits);
}

static int
compare_values(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

START_TEST(test_exact)
{
	uint64_t value;

	for (value = 0; value < HISTOGRAM_EXACT; value++) {
		ck_assert_uint_eq(histogram_bucket(value), value);
		ck_assert_uint_eq(histogram_bucket_low(value), value);
	}
	ck_assert_uint_eq(histogram_bucket(HISTOGRAM_EXACT), HISTOGRAM_EXACT);
}
END_TEST

START_TEST(test_boundaries)
{
	/* Buckets are 16 wide from 1024, 32 wide from 2048. */
	ck_assert_uint_eq(histogram_bucket(1039), 1024);
	ck_assert_uint_eq(histogram_bucket(1040), 1025);
	ck_assert_uint_eq(histogram_bucket(2047), 1024 + 63);
	ck_assert_uint_eq(histogram_bucket(2048), 1024 + 64);
	ck_assert_uint_eq(histogram_bucket(2079), 1024 + 64);
	ck_assert_uint_eq(histogram_bucket(2080), 1024 + 65);
	ck_assert_uint_eq(histogram_bucket_low(1025), 1040);
	ck_assert_uint_eq(histogram_bucket_low(1024 + 65), 2080);
	ck_assert_uint_eq(histogram_bucket(OVERFLOW_LOW - 1), LAST_BUCKET - 1);
	ck_assert_uint_eq(histogram_bucket(OVERFLOW_LOW), LAST_BUCKET);
	ck_assert_uint_eq(histogram_bucket(UINT64_MAX), LAST_BUCKET);
	ck_assert_uint_eq(histogram_bucket_low(LAST_BUCKET), OVERFLOW_LOW);
}
END_TEST

/* Each bucket's low bound is above the previous one's, falls in it, and
 * the value just below the next one's still does. */
START_TEST(test_bucket_low)
{
	uint64_t low, next;
	size_t bucket;

	for (bucket = 0; bucket < LAST_BUCKET; bucket++) {
		low = histogram_bucket_low(bucket);
		next = histogram_bucket_low(bucket + 1);
		ck_assert_uint_lt(low, next);
		ck_assert_uint_eq(histogram_bucket(low), bucket);
		ck_assert_uint_eq(histogram_bucket(next - 1), bucket);
	}
}
END_TEST

/* Above the exact range, a bucket's low bound is at most 1/64 below any
 * value in it. */
START_TEST(test_relative_error)
{
	struct rng rng;
	uint64_t value, low;
	int i;

	rng_seed(&rng, SEED);
	for (i = 0; i < SAMPLES * 10; i++) {
		value = random_value(&rng) % OVERFLOW_LOW;
		low = histogram_bucket_low(histogram_bucket(value));
		ck_assert_uint_le(low, value);
		ck_assert_msg((value - low) * HISTOGRAM_SUB_BUCKETS <= value,
		    "%llu counted as %llu", (unsigned long long)value,
		    (unsigned long long)low);
	}
}
END_TEST

START_TEST(test_merge)
{
	struct histogram *one = new_histogram(), *two = new_histogram();
	struct histogram *all = new_histogram();
	struct rng rng;
	uint64_t value;
	int i;

	rng_seed(&rng, SEED);
	for (i = 0; i < SAMPLES; i++) {
		value = random_value(&rng);
		histogram_add(i % 3 == 0 ? one : two, value);
		histogram_add(all, value);
	}
	histogram_merge(one, two);
	ck_assert_uint_eq(one->total, SAMPLES);
	ck_assert_int_eq(memcmp(one, all, sizeof *one), 0);
	free(one);
	free(two);
	free(all);
}
END_TEST

START_TEST(test_add_bucket)
{
	struct histogram *histogram = new_histogram();

	histogram_add_bucket(histogram, 1030, 5);
	histogram_add_bucket(histogram, 1030, 2);
	histogram_add(histogram, histogram_bucket_low(1030));
	ck_assert_uint_eq(histogram->counts[1030], 8);
	ck_assert_uint_eq(histogram->total, 8);
	histogram_clear(histogram);
	ck_assert_uint_eq(histogram->counts[1030], 0);
	ck_assert_uint_eq(histogram->total, 0);
	free(histogram);
}
END_TEST

/* Fills a histogram with COUNT values below BOUND (or spread over every
 * magnitude when BOUND is 0) and checks each percentile against the
 * nearest rank in the sorted values. */
static void
check_percentiles(unsigned count, uint32_t bound)
{
	struct histogram *histogram = new_histogram();
	uint64_t *values = xcalloc(count, sizeof *values);
	uint64_t rank, want;
	struct rng rng;
	size_t i;

	rng_seed(&rng, SEED + count);
	for (i = 0; i < count; i++) {
		values[i] = bound != 0 ? rng_below(&rng, bound) :
		    random_value(&rng);
		histogram_add(histogram, values[i]);
	}
	qsort(values, count, sizeof *values, compare_values);
	for (i = 0; i < PERMILLES; i++) {
		rank = ((uint64_t)permilles[i] * count + 999) / 1000;
		want = values[(rank > 0 ? rank : 1) - 1];
		if (want >= HISTOGRAM_EXACT)
			want = histogram_bucket_low(histogram_bucket(want));
		ck_assert_msg(histogram_percentile(histogram,
		    permilles[i] / 10.0) == want, "p%g of %u values: %llu, "
		    "want %llu", permilles[i] / 10.0, count,
		    (unsigned long long)histogram_percentile(histogram,
		    permilles[i] / 10.0), (unsigned long long)want);
	}
	free(values);
	free(histogram);
}

START_TEST(test_percentiles)
{
	check_percentiles(SAMPLES, HISTOGRAM_EXACT);
	check_percentiles(SAMPLES, 0);
	check_percentiles(7, HISTOGRAM_EXACT);
	check_percentiles(1, 0);
}
END_TEST

START_TEST(test_percentile_single)
{
	struct histogram *histogram = new_histogram();
	size_t i;

	histogram_add(histogram, 42);
	for (i = 0; i < PERMILLES; i++)
		ck_assert_uint_eq(histogram_percentile(histogram,
		    permilles[i] / 10.0), 42);
	histogram_add(histogram, UINT64_MAX);
	ck_assert_uint_eq(histogram_percentile(histogram, 50), 42);
	ck_assert_uint_eq(histogram_percentile(histogram, 51), OVERFLOW_LOW);
	ck_assert_uint_eq(histogram_percentile(histogram, 100), OVERFLOW_LOW);
	free(histogram);
}
END_TEST

/* With the values 1 to 100, the P percentile is P exactly: no rounding
 * error in the rank (7% of 100 is 7, not 8). */
START_TEST(test_percentile_whole)
{
	struct histogram *histogram = new_histogram();
	uint64_t value;

	for (value = 1; value <= 100; value++)
		histogram_add(histogram, value);
	for (value = 1; value <= 100; value++)
		ck_assert_uint_eq(histogram_percentile(histogram,
		    (double)value), value);
	free(histogram);
}
END_TEST

START_TEST(test_empty)
{
	struct histogram *histogram = new_histogram();
	size_t i;

	histogram_clear(histogram);
	for (i = 0; i < PERMILLES; i++)
		ck_assert_uint_eq(histogram_percentile(histogram,
		    permilles[i] / 10.0), 0);
	free(histogram);
}
END_TEST

Suite *
histogram_suite(void)
{
	Suite *suite = suite_create("histogram");
	TCase *buckets = tcase_create("buckets");
	TCase *percentiles = tcase_create("percentiles");

	tcase_add_test(buckets, test_exact);
	tcase_add_test(buckets, test_boundaries);
	tcase_add_test(buckets, test_bucket_low);
	tcase_add_test(buckets, test_relative_error);
	tcase_add_test(buckets, test_merge);
	tcase_add_test(buckets, test_add_bucket);
	suite_add_tcase(suite, buckets);
	tcase_add_test(percentiles, test_percentiles);
	tcase_add_test(percentiles, test_percentile_single);
	tcase_add_test(percentiles, test_percentile_whole);
	tcase_add_test(percentiles, test_empty);
	suite_add_tcase(suite, percentiles);
	return suite;
}
