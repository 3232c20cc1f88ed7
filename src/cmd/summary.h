/* summary.h: the totals as people and scripts read them. */
#ifndef LOGPROC_SUMMARY_H
#define LOGPROC_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

#include "engine/agg.h"

void summary_print(FILE *out, const struct agg *totals,
    const struct agg *before, double seconds, int json, json_t *warnings,
    const char *schema);
void summary_totals(FILE *out, const struct agg *totals);

#endif /* LOGPROC_SUMMARY_H */
