/* advice.h: warnings at the end of a run that did nothing useful (no
 * file of the pattern, every line rejected, nothing selected), as JSON
 * for the --json summary and as lines on standard error. */
#ifndef LOGPROC_ADVICE_H
#define LOGPROC_ADVICE_H

#include <jansson.h>
#include <stddef.h>

#include "engine/agg.h"
#include "engine/engine.h"

json_t *advice_collect(const struct engine_config *config,
    const struct agg *totals, const struct agg *before, size_t segments,
    int scanned, const char *schema);
void advice_print(json_t *warnings);

#endif /* LOGPROC_ADVICE_H */
