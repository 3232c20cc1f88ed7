/* parse.h: strict parsers for command-line values.
 * Each returns 0 and stores the value, or returns -1 and points *cause at a
 * short, translated description of what is wrong (never the range: the
 * caller knows that and names it). */
#ifndef LOGPROC_PARSE_H
#define LOGPROC_PARSE_H

#include <stdint.h>

#define PARSE_NS_PER_US 1000ULL
#define PARSE_NS_PER_MS 1000000ULL
#define PARSE_NS_PER_S 1000000000ULL

int parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out,
    const char **cause);
int parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out,
    const char **cause);
int parse_duration(const char *text, uint64_t min_ns, uint64_t max_ns,
    uint64_t *out_ns, const char **cause);
int parse_fraction(const char *text, double min, double max, double *out,
    const char **cause);

#endif /* LOGPROC_PARSE_H */
