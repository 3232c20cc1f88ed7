/* check_histogram.c: bucket layout, merging and percentiles, the last
 * against the exact percentiles of known distributions, sorted. */
#include "config.h"

#include <math.h>
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

/* The bound doc/logproc.1 states: above the exact range, a reported
 * percentile is within 1/ERROR_DIVISOR of the true one. */
#define ERROR_DIVISOR 128

/* Tells whether REPORTED is within the stated bound of EXACT: equal
 * below HISTOGRAM_EXACT, within EXACT / ERROR_DIVISOR above. */
static int
within_bound(uint64_t reported, uint64_t exact)
{
	uint64_t error = reported > exact ? reported - exact : exact - reported;

	if (exact < HISTOGRAM_EXACT)
		return error == 0;
	return error * ERROR_DIVISOR <= exact;
}

/* A distribution of test values: fills VALUES[COUNT]. */
typedef void fill_values(struct rng *rng, uint64_t *values, size_t count);

/* Checks each percentile of the COUNT values FILL makes against the
 * nearest rank in the same values sorted. Returns how many of them the
 * low bound of the bucket, as reported before, would miss by more than
 * the bound. */
static unsigned
check_distribution(const char *name, fill_values *fill, size_t count)
{
	struct histogram *histogram = new_histogram();
	uint64_t *values = xcalloc(count, sizeof *values);
	uint64_t rank, exact, reported, low;
	unsigned low_misses = 0;
	struct rng rng;
	size_t i;

	rng_seed(&rng, SEED + count);
	fill(&rng, values, count);
	for (i = 0; i < count; i++)
		histogram_add(histogram, values[i]);
	qsort(values, count, sizeof *values, compare_values);
	for (i = 0; i < PERMILLES; i++) {
		rank = ((uint64_t)permilles[i] * count + 999) / 1000;
		exact = values[(rank > 0 ? rank : 1) - 1];
		reported = histogram_percentile(histogram, permilles[i] / 10.0);
		ck_assert_msg(within_bound(reported, exact), "%s: p%g of %zu "
		    "values: %llu, exact %llu", name, permilles[i] / 10.0, count,
		    (unsigned long long)reported, (unsigned long long)exact);
		low = histogram_bucket_low(histogram_bucket(exact));
		low_misses += !within_bound(low, exact);
	}
	free(values);
	free(histogram);
	return low_misses;
}

static void
fill_uniform_5000(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		values[i] = rng_below(rng, 5000);
}

static void
fill_uniform_large(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		values[i] = rng_below(rng, 10000000);
}

static void
fill_uniform_exact(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		values[i] = rng_below(rng, HISTOGRAM_EXACT);
}

/* Every magnitude below 2^48, where the last bucket starts. */
static void
fill_magnitudes(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		values[i] = random_value(rng) % OVERFLOW_LOW;
}

/* 3000 ms every time. */
static void
fill_constant(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	(void)rng;
	for (i = 0; i < count; i++)
		values[i] = 3000;
}

/* The first value of a bucket, 2^20: its middle is farthest from it. */
static void
fill_bucket_first(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	(void)rng;
	for (i = 0; i < count; i++)
		values[i] = (uint64_t)1 << 20;
}

/* The last value of the bucket from 2^20: its low bound is too far. */
static void
fill_bucket_last(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	(void)rng;
	for (i = 0; i < count; i++)
		values[i] = ((uint64_t)1 << 20) + ((uint64_t)1 << 14) - 1;
}

/* Mostly 80 to 120 ms, one in a hundred near a minute and a few an hour. */
static void
fill_outliers(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (i % 1000 == 999)
			values[i] = 3600000 + rng_below(rng, 1000);
		else if (i % 100 == 50)
			values[i] = 60000 + rng_below(rng, 1000);
		else
			values[i] = 80 + rng_below(rng, 41);
	}
}

/* Exponential with a mean of 2 s, as service times often are. */
static void
fill_exponential(struct rng *rng, uint64_t *values, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		values[i] = (uint64_t)(-2000.0 * log(1.0 - rng_unit(rng)));
}

/* Every percentile of known distributions is within the stated bound of
 * the exact one, and the bound is tight enough that reporting a bucket's
 * low bound, as logproc did, misses it. */
START_TEST(test_percentiles)
{
	unsigned low_misses = 0;

	low_misses += check_distribution("uniform below 5000",
	    fill_uniform_5000, SAMPLES);
	low_misses += check_distribution("uniform below 10^7",
	    fill_uniform_large, SAMPLES);
	low_misses += check_distribution("uniform exact", fill_uniform_exact,
	    SAMPLES);
	low_misses += check_distribution("uniform exact, 7 values",
	    fill_uniform_exact, 7);
	low_misses += check_distribution("magnitudes", fill_magnitudes,
	    SAMPLES);
	low_misses += check_distribution("magnitudes, 1 value",
	    fill_magnitudes, 1);
	low_misses += check_distribution("constant", fill_constant, 100);
	low_misses += check_distribution("first of a bucket",
	    fill_bucket_first, 100);
	ck_assert_uint_eq(check_distribution("last of a bucket",
	    fill_bucket_last, 100), PERMILLES);
	low_misses += check_distribution("outliers", fill_outliers, SAMPLES);
	low_misses += check_distribution("exponential", fill_exponential,
	    SAMPLES);
	ck_assert_uint_gt(low_misses, 0);
}
END_TEST

/* The case: p99 of durations uniform below 5000 ms is about
 * 4950; the bucket from 4928 is reported by its middle, 4960. */
START_TEST(test_percentile_middle)
{
	struct histogram *histogram = new_histogram();
	uint64_t value;

	for (value = 0; value < 5000; value++)
		histogram_add(histogram, value);
	ck_assert_uint_eq(histogram_percentile(histogram, 99), 4960);
	ck_assert_uint_eq(histogram_percentile(histogram, 50), 2512);
	ck_assert_uint_eq(histogram_percentile(histogram, 10), 499);
	free(histogram);
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
	tcase_add_test(percentiles, test_percentile_middle);
	tcase_add_test(percentiles, test_percentile_single);
	tcase_add_test(percentiles, test_percentile_whole);
	tcase_add_test(percentiles, test_empty);
	suite_add_tcase(suite, percentiles);
	return suite;
}
