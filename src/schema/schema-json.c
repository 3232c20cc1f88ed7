/* schema-json.c: a schema as a small JSON file, read strictly (a mistake
 * is one message naming the file, the key and what was expected) and
 * written back (logproc schema show, and the checkpoint):
 *
 *   { "name": "myapp",
 *     "fields": { "time": "ts", "level": ["severity", "lvl"], ... },
 *     "levels": { "names": "common", "scale": "none",
 *                 "map": { "verbose": "DEBUG" } },
 *     "time_format": "any", "timezone": "+00:00",
 *     "duration_unit": "ms", "strict_types": false,
 *     "wrapper": "plain", "inner": "pino" }
 *
 * Every key but "fields" may be left out; "inner" (docker's record
 * format) is a built-in name or a schema object. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/xmalloc.h"
#include "schema/schema.h"

static const char *const wrapper_names[] = { "plain", "docker", "otlp" };

/* Returns the paths of FIELD as JSON: a string for one, else an array;
 * NULL when it has none. */
static json_t *
paths_to_json(const struct schema *schema, enum schema_field field)
{
	json_t *array;
	size_t i;

	if (schema->paths[field][0] == NULL)
		return NULL;
	if (schema->paths[field][1] == NULL)
		return json_string(schema->paths[field][0]);
	array = json_array();
	for (i = 0; i < SCHEMA_MAX_PATHS && schema->paths[field][i]; i++)
		json_array_append_new(array, json_string(schema->paths[field][i]));
	return array;
}

/* Returns the level table and scale of SCHEMA as JSON. */
static json_t *
levels_to_json(const struct schema *schema)
{
	const struct level_map *own = schema->level_map;
	json_t *map = json_object();
	size_t i;

	for (i = 0; own != NULL && i < own->count; i++)
		json_object_setn_new(map, own->entries[i].spelling,
		    own->entries[i].length,
		    json_string(level_name(own->entries[i].level)));
	return json_pack("{s:s, s:s, s:o}", "names",
	    level_names_name(schema->level_names), "scale",
	    level_scale_name(schema->level_scale), "map", map);
}

/* Formats OFFSET (seconds east of UTC) as "+HH:MM" into BUF. */
static const char *
zone_text(int32_t offset, char *buf, size_t size)
{
	int32_t magnitude = offset < 0 ? -offset : offset;

	snprintf(buf, size, "%c%02d:%02d", offset < 0 ? '-' : '+',
	    (int)(magnitude / 3600), (int)(magnitude / 60 % 60));
	return buf;
}

/* Returns SCHEMA as a JSON object, in the file form. */
json_t *
schema_to_json(const struct schema *schema)
{
	json_t *object, *fields = json_object(), *paths;
	char zone[16];
	size_t field;

	for (field = 0; field < SCHEMA_FIELDS; field++)
		if ((paths = paths_to_json(schema, (enum schema_field)field)))
			json_object_set_new(fields,
			    schema_field_name((enum schema_field)field), paths);
	object = json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:b, s:s}",
	    "name", schema->name, "fields", fields, "levels",
	    levels_to_json(schema), "time_format",
	    timestamp_format_name(schema->time_format), "timezone",
	    zone_text(schema->zone_offset, zone, sizeof zone), "duration_unit",
	    duration_unit_name(schema->duration_unit), "strict_types",
	    schema->strict, "wrapper", wrapper_names[schema->wrapper]);
	if (schema->inner != NULL)
		json_object_set_new(object, "inner",
		    schema_to_json(schema->inner));
	return object;
}

/* What reading a schema file needs: where it came from, for messages. */
struct reading {
	const char *file;
	char **cause;
};

/* Says in *CAUSE that KEY of the file is not what was EXPECTED; returns
 * -1. */
static int
bad_key(const struct reading *r, const char *key, const char *expected)
{
	xasprintf(r->cause, _("%s: key \"%s\": expected %s"), r->file, key,
	    expected);
	return -1;
}

/* Checks that OBJECT has no key outside KNOWN (NULL-ended); WHERE names
 * OBJECT in messages ("" at the top). Returns 0, or -1 with *CAUSE. */
static int
check_keys(const struct reading *r, json_t *object, const char *where,
    const char *const *known)
{
	const char *key;
	json_t *value;
	size_t i;

	json_object_foreach(object, key, value) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL) {
			xasprintf(r->cause, _("%s: unknown key \"%s%s\""),
			    r->file, where, key);
			return -1;
		}
	}
	return 0;
}

/* Reads the paths of one field, KEY of "fields": a string, or an array
 * of up to SCHEMA_MAX_PATHS strings. Returns 0, or -1 with *CAUSE. */
static int
read_paths(const struct reading *r, struct schema *schema,
    enum schema_field field, const char *key, json_t *value)
{
	char name[64], *joined = NULL, *cause = NULL, *next;
	size_t i;
	json_t *item;
	int result;

	snprintf(name, sizeof name, "fields.%s", key);
	if (json_is_string(value))
		joined = xstrdup(json_string_value(value));
	else if (json_is_array(value) && json_array_size(value) > 0) {
		json_array_foreach(value, i, item) {
			if (!json_is_string(item) ||
			    strchr(json_string_value(item), ',') != NULL) {
				free(joined);
				return bad_key(r, name, _("a path or an array of "
				    "paths"));
			}
			xasprintf(&next, "%s%s%s", joined ? joined : "",
			    joined ? "," : "", json_string_value(item));
			free(joined);
			joined = next;
		}
	} else
		return bad_key(r, name, _("a path or an array of paths"));
	result = schema_set_paths(schema, field, joined, &cause);
	if (result != 0) {
		xasprintf(r->cause, _("%s: key \"%s\": %s"), r->file, name, cause);
		free(cause);
	}
	free(joined);
	return result;
}

/* Reads "fields". Returns 0, or -1 with *CAUSE. */
static int
read_fields(const struct reading *r, struct schema *schema, json_t *fields)
{
	enum schema_field field;
	const char *key;
	json_t *value;

	if (!json_is_object(fields))
		return bad_key(r, "fields", _("an object of fields"));
	json_object_foreach(fields, key, value) {
		if (schema_field_parse(key, &field) != 0) {
			xasprintf(r->cause, _("%s: unknown field \"fields.%s\" "
			    "(time, level, service, message, duration, "
			    "request_id or user_id)"), r->file, key);
			return -1;
		}
		if (read_paths(r, schema, field, key, value) != 0)
			return -1;
	}
	return 0;
}

/* Reads "levels.map" into the schema's level map. */
static int
read_level_map(const struct reading *r, struct schema *schema, json_t *map)
{
	const char *spelling;
	char name[96];
	enum level level;
	json_t *value;

	if (!json_is_object(map))
		return bad_key(r, "levels.map", _("an object of spellings"));
	json_object_foreach(map, spelling, value) {
		snprintf(name, sizeof name, "levels.map.%s", spelling);
		if (!json_is_string(value) || level_parse_option(
		    json_string_value(value), &level) != 0)
			return bad_key(r, name, _("a level: DEBUG, INFO, "
			    "WARNING, ERROR or FATAL"));
		if (schema->level_map == NULL)
			schema->level_map = schema_map_new();
		if (level_map_add(schema->level_map, spelling, strlen(spelling),
		    level) != 0)
			return bad_key(r, name, _("fewer spellings"));
	}
	return 0;
}

/* Reads "levels". */
static int
read_levels(const struct reading *r, struct schema *schema, json_t *levels)
{
	static const char *const known[] = { "names", "scale", "map", NULL };
	json_t *value;

	if (!json_is_object(levels))
		return bad_key(r, "levels", _("an object"));
	if (check_keys(r, levels, "levels.", known) != 0)
		return -1;
	value = json_object_get(levels, "names");
	if (value != NULL && (!json_is_string(value) || level_names_from_name(
	    json_string_value(value), &schema->level_names) != 0))
		return bad_key(r, "levels.names", _("\"common\" or \"mongodb\""));
	value = json_object_get(levels, "scale");
	if (value != NULL && (!json_is_string(value) || level_scale_from_name(
	    json_string_value(value), &schema->level_scale) != 0))
		return bad_key(r, "levels.scale", _("\"none\", \"pino\", "
		    "\"syslog\" or \"otel\""));
	value = json_object_get(levels, "map");
	return value == NULL ? 0 : read_level_map(r, schema, value);
}

/* Reads the string KEY of OBJECT into *TEXT, if present: 0, or -1 if
 * it is there and not a string. */
static int
get_string(json_t *object, const char *key, const char **text)
{
	json_t *value = json_object_get(object, key);

	*text = NULL;
	if (value == NULL)
		return 0;
	if (!json_is_string(value))
		return -1;
	*text = json_string_value(value);
	return 0;
}

/* Reads the keys that say how values are read. */
static int
read_formats(const struct reading *r, struct schema *schema, json_t *object)
{
	const char *text;
	json_t *value;

	if (get_string(object, "time_format", &text) != 0 || (text != NULL &&
	    timestamp_format_from_name(text, &schema->time_format) != 0))
		return bad_key(r, "time_format", _("\"rfc3339\", \"epoch_s\", "
		    "\"epoch_ms\", \"epoch_us\", \"epoch_ns\", \"epoch_auto\", "
		    "\"python\" or \"any\""));
	if (get_string(object, "timezone", &text) != 0 || (text != NULL &&
	    timestamp_zone_parse(text, &schema->zone_offset) != 0))
		return bad_key(r, "timezone", _("an offset such as \"+02:00\" "
		    "or \"UTC\""));
	if (get_string(object, "duration_unit", &text) != 0 || (text != NULL &&
	    duration_unit_from_name(text, &schema->duration_unit) != 0))
		return bad_key(r, "duration_unit", _("\"ns\", \"us\", \"ms\" "
		    "or \"s\""));
	value = json_object_get(object, "strict_types");
	if (value != NULL && !json_is_boolean(value))
		return bad_key(r, "strict_types", _("true or false"));
	schema->strict = value != NULL && json_is_true(value);
	return 0;
}

/* Reads "wrapper" and "inner". */
static int
read_wrapper(const struct reading *r, struct schema *schema, json_t *object)
{
	json_t *inner = json_object_get(object, "inner");
	const char *text;
	size_t i;

	if (get_string(object, "wrapper", &text) != 0)
		return bad_key(r, "wrapper", _("\"plain\", \"docker\" or \"otlp\""));
	for (i = 0; text != NULL && i < 3; i++)
		if (strcmp(text, wrapper_names[i]) == 0)
			break;
	if (i == 3)
		return bad_key(r, "wrapper", _("\"plain\", \"docker\" or \"otlp\""));
	schema->wrapper = (enum schema_wrapper)(text == NULL ? 0 : i);
	if (inner == NULL)
		return 0;
	if (schema->wrapper != SCHEMA_DOCKER)
		return bad_key(r, "inner", _("nothing: only a docker wrapper "
		    "has an inner format"));
	if (json_is_string(inner))
		schema->inner = schema_builtin(json_string_value(inner));
	else if (json_is_object(inner))
		schema->inner = schema_from_json(inner, r->file, r->cause);
	else
		return bad_key(r, "inner", _("a schema name or object"));
	if (schema->inner == NULL && json_is_string(inner))
		return bad_key(r, "inner", _("the name of a built-in schema"));
	if (schema->inner != NULL && schema->inner->wrapper != SCHEMA_PLAIN)
		return bad_key(r, "inner", _("a plain schema, not a wrapper"));
	return schema->inner == NULL ? -1 : 0;
}

/* Reads a schema from JSON, the object of a schema file (FILE names it
 * in messages and is its name if it has none). Returns it allocated, or
 * NULL with *CAUSE. */
struct schema *
schema_from_json(json_t *json, const char *file, char **cause)
{
	static const char *const known[] = { "name", "fields", "levels",
	    "time_format", "timezone", "duration_unit", "strict_types",
	    "wrapper", "inner", NULL };
	struct reading r = { file, cause };
	struct schema *schema;
	const char *name;
	json_t *levels;

	if (!json_is_object(json))
		return (xasprintf(cause, _("%s: expected a JSON object"), file),
		    NULL);
	if (check_keys(&r, json, "", known) != 0)
		return NULL;
	if (get_string(json, "name", &name) != 0 || (name != NULL && *name == 0))
		return (bad_key(&r, "name", _("a name")), NULL);
	schema = xcalloc(1, sizeof *schema);
	schema->name = xstrdup(name != NULL ? name : file);
	schema->time_format = TIME_ANY;
	schema->duration_unit = DURATION_MS;
	levels = json_object_get(json, "levels");
	if (json_object_get(json, "fields") == NULL) {
		bad_key(&r, "fields", _("an object of fields"));
		goto fail;
	}
	if (read_fields(&r, schema, json_object_get(json, "fields")) != 0 ||
	    (levels != NULL && read_levels(&r, schema, levels) != 0) ||
	    read_formats(&r, schema, json) != 0 ||
	    read_wrapper(&r, schema, json) != 0)
		goto fail;
	return schema;
fail:
	schema_free(schema);
	return NULL;
}

/* Reads the schema file FILE (a regular file: a FIFO is refused, not
 * waited on). Returns it allocated, or NULL with *CAUSE. */
struct schema *
schema_load(const char *file, char **cause)
{
	json_error_t error;
	json_t *json;
	struct schema *schema;
	int fd;

	if ((fd = fsutil_open_regular(file, O_RDONLY, 0, cause)) < 0)
		return NULL;
	json = json_loadfd(fd, JSON_REJECT_DUPLICATES, &error);
	close(fd);
	if (json == NULL) {
		if (error.line > 0)
			xasprintf(cause, _("%s:%d: %s"), file, error.line,
			    error.text);
		else
			xasprintf(cause, "%s: %s", file, error.text);
		return NULL;
	}
	schema = schema_from_json(json, file, cause);
	json_decref(json);
	return schema;
}
