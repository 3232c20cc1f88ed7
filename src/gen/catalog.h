/* catalog.h: what generated records say: services, messages per level and
 * the level weights of the log format (DEBUG 15%, INFO 50%, WARNING 20%,
 * ERROR 10%, FATAL 5%). */
#ifndef LOGPROC_CATALOG_H
#define LOGPROC_CATALOG_H

#include <stddef.h>

#include "common/level.h"
#include "gen/record.h"
#include "gen/rng.h"

#define CATALOG_USER_MAX 99999	/* user ids are 1..CATALOG_USER_MAX */
#define CATALOG_DURATION_MAX 5000	/* duration_ms is 1..CATALOG_DURATION_MAX */

extern const unsigned catalog_level_percent[LEVEL_COUNT];

size_t catalog_service_count(void);
const char *catalog_service(size_t index);
enum level catalog_pick_level(struct rng *rng);
size_t catalog_fill(struct rng *rng, struct record *record);

#endif /* LOGPROC_CATALOG_H */
