/* histogram.c: log-linear buckets of non-negative integers. A value below
 * HISTOGRAM_EXACT is its own bucket. Above, a value whose highest set bit
 * is POWER falls in one of HISTOGRAM_SUB_BUCKETS equal slices of
 * [2^POWER, 2^(POWER+1)), chosen by the SUB_BUCKET_BITS bits just below
 * its highest one; a slice is 2^(POWER-6) wide, at most 1/64 of the
 * values in it. */
#include "config.h"

#include <string.h>

#include "engine/histogram.h"

#define EXACT_BITS 10		/* HISTOGRAM_EXACT is 2^EXACT_BITS */
#define SUB_BUCKET_BITS 6	/* HISTOGRAM_SUB_BUCKETS is 2^SUB_BUCKET_BITS */
#define LAST_BUCKET (HISTOGRAM_BUCKETS - 1)

void
histogram_clear(struct histogram *histogram)
{
	memset(histogram, 0, sizeof *histogram);
}

/* Returns the position of the highest set bit of VALUE, which is not 0. */
static int
highest_bit(uint64_t value)
{
	int power = 0, shift;

	for (shift = 32; shift > 0; shift /= 2) {
		if (value >> shift != 0) {
			value >>= shift;
			power += shift;
		}
	}
	return power;
}

/* Returns the bucket that counts VALUE. */
size_t
histogram_bucket(uint64_t value)
{
	int power;
	size_t slice;

	if (value < HISTOGRAM_EXACT)
		return (size_t)value;
	if (value >> HISTOGRAM_MAX_POWER != 0)
		return LAST_BUCKET;
	power = highest_bit(value);
	slice = (size_t)(value >> (power - SUB_BUCKET_BITS)) &
	    (HISTOGRAM_SUB_BUCKETS - 1);
	return HISTOGRAM_EXACT +
	    (size_t)(power - EXACT_BITS) * HISTOGRAM_SUB_BUCKETS + slice;
}

/* Returns the smallest value counted in BUCKET, which must be below
 * HISTOGRAM_BUCKETS. */
uint64_t
histogram_bucket_low(size_t bucket)
{
	size_t above;
	int power;
	uint64_t slice;

	if (bucket < HISTOGRAM_EXACT)
		return bucket;
	if (bucket == LAST_BUCKET)
		return (uint64_t)1 << HISTOGRAM_MAX_POWER;
	above = bucket - HISTOGRAM_EXACT;
	power = EXACT_BITS + (int)(above / HISTOGRAM_SUB_BUCKETS);
	slice = HISTOGRAM_SUB_BUCKETS + above % HISTOGRAM_SUB_BUCKETS;
	return slice << (power - SUB_BUCKET_BITS);
}

void
histogram_add(struct histogram *histogram, uint64_t value)
{
	histogram->counts[histogram_bucket(value)]++;
	histogram->total++;
}

/* Adds COUNT values to BUCKET at once, as a saved histogram is loaded. */
void
histogram_add_bucket(struct histogram *histogram, size_t bucket,
    uint64_t count)
{
	histogram->counts[bucket] += count;
	histogram->total += count;
}

/* Adds every count of FROM to INTO. */
void
histogram_merge(struct histogram *into, const struct histogram *from)
{
	size_t bucket;

	for (bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket++)
		into->counts[bucket] += from->counts[bucket];
	into->total += from->total;
}

/* Returns the rank, from 1 to TOTAL (not 0), of the nearest-rank PERCENT
 * percentile of TOTAL values: PERCENT / 100 * TOTAL rounded up. Multiplying
 * first keeps whole results exact (7% of 100 is 7, not 7.000000000000001). */
static uint64_t
percentile_rank(uint64_t total, double percent)
{
	double exact = percent * (double)total / 100;
	uint64_t rank;

	if (exact <= 1)
		return 1;
	if (exact >= (double)total)
		return total;
	rank = (uint64_t)exact;
	return (double)rank < exact ? rank + 1 : rank;
}

/* Returns the value that stands for BUCKET: its middle, which is at most
 * half a bucket, 1/128 of the value, from any value in it. The exact
 * buckets stand for themselves, and the last, which has no upper end,
 * for its low bound. */
static uint64_t
bucket_middle(size_t bucket)
{
	uint64_t low = histogram_bucket_low(bucket);

	if (bucket < HISTOGRAM_EXACT || bucket == LAST_BUCKET)
		return low;
	return low + (histogram_bucket_low(bucket + 1) - low) / 2;
}

/* Returns the nearest-rank PERCENT percentile (PERCENT from 0 to 100) as
 * the middle of the bucket holding it: exact below HISTOGRAM_EXACT, within
 * 1/HISTOGRAM_ERROR_DIVISOR of the true value above (up to 2^48, where
 * the last bucket starts and its low bound is returned). Returns 0 when
 * HISTOGRAM is empty. */
uint64_t
histogram_percentile(const struct histogram *histogram, double percent)
{
	uint64_t rank, seen = 0;
	size_t bucket;

	if (histogram->total == 0)
		return 0;
	rank = percentile_rank(histogram->total, percent);
	for (bucket = 0; bucket < LAST_BUCKET; bucket++) {
		seen += histogram->counts[bucket];
		if (seen >= rank)
			break;
	}
	return bucket_middle(bucket);
}
