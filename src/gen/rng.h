/* rng.h: a small, fast, seedable pseudo-random generator (xoshiro256**).
 * Not for cryptography: it makes test data reproducible. */
#ifndef LOGPROC_RNG_H
#define LOGPROC_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state[4];
};

void rng_seed(struct rng *rng, uint64_t seed);
uint64_t rng_next(struct rng *rng);
uint32_t rng_below(struct rng *rng, uint32_t bound);
double rng_unit(struct rng *rng);

#endif /* LOGPROC_RNG_H */
