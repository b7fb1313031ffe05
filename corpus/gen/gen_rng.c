/* The generator's PRNG: splitmix64 expands the seed, xoshiro256** draws.
 * Both are tiny public-domain algorithms, reimplemented here, so that the
 * output is identical on every machine and libc. */
#include <math.h>

#include "gen.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void cab_gen_rng_seed(struct cab_gen_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);

    /* Mix the stream in twice so neighbouring streams do not correlate. */
    x = splitmix64(&x) ^ stream;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1;
}

static uint64_t rotl(uint64_t v, int k)
{
    return (v << k) | (v >> (64 - k));
}

uint64_t cab_gen_rng_next(struct cab_gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint32_t cab_gen_rng_below(struct cab_gen_rng *r, uint32_t n)
{
    if (n == 0)
        return 0;
    /* Multiply-shift: the bias for n < 2^32 is far below what matters here. */
    return (uint32_t)(((cab_gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

double cab_gen_rng_unit(struct cab_gen_rng *r)
{
    return (double)(cab_gen_rng_next(r) >> 11) * 0x1.0p-53;
}

int cab_gen_rng_chance(struct cab_gen_rng *r, double p)
{
    return cab_gen_rng_unit(r) < p;
}

double cab_gen_rng_normal(struct cab_gen_rng *r)
{
    /* Box-Muller; one of the pair is dropped to keep no hidden state. */
    double u = 1.0 - cab_gen_rng_unit(r);
    double v = cab_gen_rng_unit(r);

    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

size_t cab_gen_rng_pick_cdf(struct cab_gen_rng *r, const double *cdf, size_t n)
{
    double x = cab_gen_rng_unit(r) * cdf[n - 1];
    size_t lo = 0, hi = n - 1;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cdf[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
