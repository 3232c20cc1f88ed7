/* extract.h: a record's fields out of Jansson's parse of a line, where a
 * schema says they are. */
#ifndef LOGPROC_EXTRACT_H
#define LOGPROC_EXTRACT_H

#include <jansson.h>

#include "engine/fastpath.h"
#include "schema/schema.h"

/* Called for each log record of an OTLP line, with the resource it
 * belongs to (NULL if none); a non-zero return stops the walk. */
typedef int (*extract_each_fn)(json_t *record, json_t *resource, void *arg);

json_t *extract_path(json_t *object, const char *path);
void extract_record(const struct schema *schema, json_t *object,
    json_t *resource, struct fastpath_record *record);
int extract_otlp(json_t *root, extract_each_fn fn, void *arg);

#endif /* LOGPROC_EXTRACT_H */
