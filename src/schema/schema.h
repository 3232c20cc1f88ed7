/* schema.h: where a log format keeps the fields the engine understands,
 * and how to read them. A field has up to SCHEMA_MAX_PATHS candidate
 * paths, the first present wins; a path "a.b" names the key "a.b" as
 * written or nested objects ({"a":{"b":...}}), every split of it tried. */
#ifndef LOGPROC_SCHEMA_H
#define LOGPROC_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/duration.h"
#include "common/level.h"
#include "engine/timestamp.h"

/* The fields, in the order of the fast path's record. */
enum schema_field {
	SCHEMA_TIME,
	SCHEMA_LEVEL,
	SCHEMA_SERVICE,
	SCHEMA_MESSAGE,
	SCHEMA_REQUEST_ID,
	SCHEMA_USER_ID,
	SCHEMA_DURATION,
	SCHEMA_FIELDS
};

#define SCHEMA_MAX_PATHS 4
#define SCHEMA_PATH_MAX 128	/* bytes of one path */

/* What holds the records of a line. */
enum schema_wrapper {
	SCHEMA_PLAIN,			/* the line is one record */
	SCHEMA_DOCKER,			/* json-file: the record is "log" */
	SCHEMA_OTLP			/* resourceLogs[].scopeLogs[].logRecords[] */
};

struct schema {
	char *name;			/* "pino", or the file it came from */
	char *paths[SCHEMA_FIELDS][SCHEMA_MAX_PATHS];	/* NULL-ended */
	enum level_names level_names;
	enum level_scale level_scale;
	struct level_map *level_map;	/* additions, or NULL */
	enum time_format time_format;
	int32_t zone_offset;		/* seconds east of UTC, for zoneless times */
	enum duration_unit duration_unit;
	int strict;			/* logproc: strings must be strings */
	enum schema_wrapper wrapper;
	struct schema *inner;		/* docker's record format; NULL: auto */
};

/* What --field, --level-map and --timezone change in the schema in
 * force, the one given or the one detected. */
struct schema_overrides {
	char *paths[SCHEMA_FIELDS];	/* NULL: as the schema says */
	struct level_map *level_map;	/* NULL: no additions */
	int has_zone;
	int32_t zone_offset;
};

const char *schema_field_name(enum schema_field field);
int schema_field_parse(const char *text, enum schema_field *out);
const char *const *schema_builtin_names(void);
struct schema *schema_builtin(const char *name);
struct schema *schema_copy(const struct schema *schema);
void schema_free(struct schema *schema);
int schema_set_paths(struct schema *schema, enum schema_field field,
    const char *paths, char **cause);
const char *schema_first_path(const struct schema *schema,
    enum schema_field field);
json_t *schema_to_json(const struct schema *schema);
struct schema *schema_from_json(json_t *json, const char *file,
    char **cause);
struct schema *schema_load(const char *file, char **cause);
struct level_map *schema_map_new(void);
void schema_map_free(struct level_map *map);
void schema_apply(struct schema *schema,
    const struct schema_overrides *overrides);
void schema_overrides_free(struct schema_overrides *overrides);
int schema_equal(const struct schema *a, const struct schema *b);

#endif /* LOGPROC_SCHEMA_H */
