/* detect.h: --schema auto: which built-in schema reads a sample of
 * lines best. */
#ifndef LOGPROC_DETECT_H
#define LOGPROC_DETECT_H

#include <stddef.h>

#include "schema/schema.h"

#define DETECT_LINES 64		/* lines a choice is made from */

/* Complete lines from the heads of the segments, copies. */
struct detect_sample {
	char *lines[DETECT_LINES];
	size_t lengths[DETECT_LINES];
	size_t count;
};

void detect_add(struct detect_sample *sample, const char *data,
    size_t length);
size_t detect_add_head(struct detect_sample *sample, const char *head,
    size_t length);
void detect_free(struct detect_sample *sample);
struct schema *detect_schema(const struct detect_sample *sample);
struct schema *detect_docker_inner(const struct detect_sample *sample);
void detect_set_inner(struct schema *schema, struct schema *inner);

#endif /* LOGPROC_DETECT_H */
