/* histogram.h: a mergeable histogram of non-negative integers, for the
 * duration_ms percentiles. Values below HISTOGRAM_EXACT are counted
 * exactly; larger ones fall in log-linear buckets, 64 per power of two,
 * each 1/64 of its values wide, and a percentile is reported as the middle
 * of its bucket: within 1/128 (0.8%) of the true value. Two
 * histograms merge by adding their counts, which is what lets workers
 * aggregate alone and merge later. */
#ifndef LOGPROC_HISTOGRAM_H
#define LOGPROC_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#define HISTOGRAM_EXACT 1024		/* 0..1023 have a bucket each */
#define HISTOGRAM_SUB_BUCKETS 64	/* buckets per power of two above */
#define HISTOGRAM_ERROR_DIVISOR 128	/* percentiles within 1/128 */
#define HISTOGRAM_MAX_POWER 48		/* values >= 2^48 share the last bucket */
#define HISTOGRAM_BUCKETS (HISTOGRAM_EXACT + \
    (HISTOGRAM_MAX_POWER - 10) * HISTOGRAM_SUB_BUCKETS + 1)

struct histogram {
	uint64_t total;
	uint64_t counts[HISTOGRAM_BUCKETS];
};

void histogram_clear(struct histogram *histogram);
size_t histogram_bucket(uint64_t value);
uint64_t histogram_bucket_low(size_t bucket);
void histogram_add(struct histogram *histogram, uint64_t value);
void histogram_add_bucket(struct histogram *histogram, size_t bucket,
    uint64_t count);
void histogram_merge(struct histogram *into, const struct histogram *from);
uint64_t histogram_percentile(const struct histogram *histogram,
    double percent);

#endif /* LOGPROC_HISTOGRAM_H */
