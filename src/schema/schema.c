/* schema.c: schemas as values: the field names, copying, freeing and the
 * fields set by --field. The built-in ones are in schema-builtin.c, the
 * file form in schema-json.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "schema/schema.h"

static const char *const field_names[SCHEMA_FIELDS] = {
	"time", "level", "service", "message", "request_id", "user_id",
	"duration"
};

/* Returns FIELD's name in schema files and --field, as "time". */
const char *
schema_field_name(enum schema_field field)
{
	return field_names[field];
}

/* Sets *OUT to the field named TEXT; returns 0, or -1 if none is. */
int
schema_field_parse(const char *text, enum schema_field *out)
{
	int i;

	for (i = 0; i < SCHEMA_FIELDS; i++) {
		if (strcmp(text, field_names[i]) == 0) {
			*out = (enum schema_field)i;
			return 0;
		}
	}
	return -1;
}

/* Returns a new, empty level map, allocated. */
struct level_map *
schema_map_new(void)
{
	struct level_map *map = xmalloc(sizeof *map);

	level_map_init(map);
	return map;
}

/* Frees MAP (NULL: none) and what it holds. */
void
schema_map_free(struct level_map *map)
{
	if (map == NULL)
		return;
	level_map_free(map);
	free(map);
}

/* Adds the spellings of FROM to *INTO, made if NULL. */
static void
merge_map(struct level_map **into, const struct level_map *from)
{
	size_t i;

	if (*into == NULL)
		*into = schema_map_new();
	for (i = 0; i < from->count; i++)
		level_map_add(*into, from->entries[i].spelling,
		    from->entries[i].length, from->entries[i].level);
}

/* Frees the paths of FIELD in SCHEMA, leaving none. */
static void
clear_paths(struct schema *schema, enum schema_field field)
{
	size_t i;

	for (i = 0; i < SCHEMA_MAX_PATHS; i++) {
		free(schema->paths[field][i]);
		schema->paths[field][i] = NULL;
	}
}

/* Returns an allocated copy of SCHEMA, inner schema and level map too. */
struct schema *
schema_copy(const struct schema *schema)
{
	struct schema *copy = xmalloc(sizeof *copy);
	size_t field, i;

	*copy = *schema;
	copy->name = xstrdup(schema->name);
	for (field = 0; field < SCHEMA_FIELDS; field++)
		for (i = 0; i < SCHEMA_MAX_PATHS; i++)
			if (schema->paths[field][i] != NULL)
				copy->paths[field][i] =
				    xstrdup(schema->paths[field][i]);
	copy->level_map = NULL;
	if (schema->level_map != NULL)
		merge_map(&copy->level_map, schema->level_map);
	copy->inner = schema->inner == NULL ? NULL :
	    schema_copy(schema->inner);
	return copy;
}

void
schema_free(struct schema *schema)
{
	size_t field;

	if (schema == NULL)
		return;
	for (field = 0; field < SCHEMA_FIELDS; field++)
		clear_paths(schema, (enum schema_field)field);
	schema_map_free(schema->level_map);
	schema_free(schema->inner);
	free(schema->name);
	free(schema);
}

/* Checks one candidate PATH of LENGTH bytes: not empty, not too long,
 * no empty part between dots. Returns 0, or -1 with *CAUSE. */
static int
check_path(const char *path, size_t length, char **cause)
{
	size_t i;

	if (length == 0 || length > SCHEMA_PATH_MAX)
		return (xasprintf(cause, length == 0 ? _("a path is empty") :
		    _("a path is longer than %d bytes"), SCHEMA_PATH_MAX), -1);
	for (i = 0; i < length; i++) {
		if (path[i] == '.' && (i == 0 || i + 1 == length ||
		    path[i + 1] == '.'))
			return (xasprintf(cause, _("path \"%.*s\" has an empty "
			    "part"), (int)length, path), -1);
	}
	return 0;
}

/* Sets the candidate paths of FIELD to PATHS, a comma-separated list
 * ("service.name,service"), replacing those it had. Returns 0, or -1
 * with *CAUSE, leaving SCHEMA as it was. */
int
schema_set_paths(struct schema *schema, enum schema_field field,
    const char *paths, char **cause)
{
	char *parsed[SCHEMA_MAX_PATHS] = { NULL };
	const char *p = paths, *comma;
	size_t count = 0, length, i;

	for (;;) {
		comma = strchr(p, ',');
		length = comma == NULL ? strlen(p) : (size_t)(comma - p);
		if (count == SCHEMA_MAX_PATHS || check_path(p, length, cause) != 0) {
			if (count == SCHEMA_MAX_PATHS)
				xasprintf(cause, _("more than %d paths"),
				    SCHEMA_MAX_PATHS);
			for (i = 0; i < count; i++)
				free(parsed[i]);
			return -1;
		}
		parsed[count] = xmalloc(length + 1);
		memcpy(parsed[count], p, length);
		parsed[count++][length] = '\0';
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	clear_paths(schema, field);
	memcpy(schema->paths[field], parsed, sizeof parsed);
	return 0;
}

/* Returns the first candidate path of FIELD, or NULL if it has none. */
const char *
schema_first_path(const struct schema *schema, enum schema_field field)
{
	return schema->paths[field][0];
}

/* Applies OVERRIDES (NULL: none) to SCHEMA; applying them twice changes
 * nothing more. Their paths were checked by schema_set_paths. */
void
schema_apply(struct schema *schema, const struct schema_overrides *overrides)
{
	char *cause = NULL;
	size_t field;

	if (overrides == NULL)
		return;
	for (field = 0; field < SCHEMA_FIELDS; field++)
		if (overrides->paths[field] != NULL && schema_set_paths(schema,
		    (enum schema_field)field, overrides->paths[field], &cause))
			free(cause);
	if (overrides->level_map != NULL)
		merge_map(&schema->level_map, overrides->level_map);
	if (overrides->has_zone)
		schema->zone_offset = overrides->zone_offset;
}

void
schema_overrides_free(struct schema_overrides *overrides)
{
	size_t field;

	for (field = 0; field < SCHEMA_FIELDS; field++)
		free(overrides->paths[field]);
	schema_map_free(overrides->level_map);
	memset(overrides, 0, sizeof *overrides);
}

/* Returns 1 if A and B read every line alike. */
int
schema_equal(const struct schema *a, const struct schema *b)
{
	json_t *ja = schema_to_json(a), *jb = schema_to_json(b);
	int equal = json_equal(ja, jb);

	json_decref(ja);
	json_decref(jb);
	return equal;
}
