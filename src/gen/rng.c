/* rng.c: xoshiro256** seeded through splitmix64, as its authors advise. */
#include "config.h"

#include "gen/rng.h"

static uint64_t
rotl(uint64_t value, int bits)
{
	return (value << bits) | (value >> (64 - bits));
}

/* Steps a splitmix64 sequence; used only to spread the seed. */
static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds RNG so that equal seeds give equal sequences. */
void
rng_seed(struct rng *rng, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		rng->state[i] = splitmix64(&seed);
}

uint64_t
rng_next(struct rng *rng)
{
	uint64_t *s = rng->state;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Returns a uniform integer in [0, BOUND) without modulo bias (the
 * multiply-and-reject method); BOUND must not be 0. */
uint32_t
rng_below(struct rng *rng, uint32_t bound)
{
	uint64_t product = (rng_next(rng) >> 32) * bound;
	uint32_t low = (uint32_t)product;
	uint32_t threshold;

	if (low < bound) {
		threshold = (uint32_t)-bound % bound;
		while (low < threshold) {
			product = (rng_next(rng) >> 32) * bound;
			low = (uint32_t)product;
		}
	}
	return (uint32_t)(product >> 32);
}

/* Returns a uniform double in [0, 1). */
double
rng_unit(struct rng *rng)
{
	return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}
