/* extract.c: finding a schema's fields in Jansson's parse of a line. A
 * dotted path is the key as written or any split of it into nested
 * objects, the whole key tried first, then the shortest first part: for
 * "fields.time.busy", the key "fields.time.busy", then "fields" holding
 * "time.busy", then "fields" holding "time" holding "busy". */
#include "config.h"

#include <string.h>

#include "engine/extract.h"

#define DEPTH_MAX 8		/* nested objects a path may cross */

/* Looks up the LENGTH bytes of PATH in OBJECT, DEPTH objects down.
 * Returns the value (borrowed), or NULL. */
static json_t *
lookup(json_t *object, const char *path, size_t length, int depth)
{
	json_t *value, *child;
	size_t i;

	if (!json_is_object(object))
		return NULL;
	if ((value = json_object_getn(object, path, length)) != NULL)
		return value;
	if (depth == DEPTH_MAX)
		return NULL;
	for (i = 1; i + 1 < length; i++) {
		if (path[i] != '.')
			continue;
		child = json_object_getn(object, path, i);
		if (json_is_object(child) && (value = lookup(child, path + i + 1,
		    length - i - 1, depth + 1)) != NULL)
			return value;
	}
	return NULL;
}

/* Returns the value at PATH in OBJECT (borrowed), or NULL. */
json_t *
extract_path(json_t *object, const char *path)
{
	return lookup(object, path, strlen(path), 0);
}

/* Fills VALUE from Jansson's JSON (NULL: absent). */
static void
value_from_json(json_t *json, struct fastpath_value *value)
{
	memset(value, 0, sizeof *value);
	if (json == NULL)
		value->type = FASTPATH_ABSENT;
	else if (json_is_string(json)) {
		value->type = FASTPATH_STRING;
		value->text = json_string_value(json);
		value->length = json_string_length(json);
	} else if (json_is_integer(json)) {
		value->type = FASTPATH_INTEGER;
		value->integer = json_integer_value(json);
	} else if (json_is_real(json)) {
		value->type = FASTPATH_REAL;
		value->real = json_real_value(json);
	} else if (json_is_object(json) || json_is_array(json))
		value->type = FASTPATH_NESTED;
	else
		value->type = FASTPATH_LITERAL;
}

/* Returns the string value of the attribute KEY in the OTLP attribute
 * list of RESOURCE ([{"key": ..., "value": {"stringValue": ...}}]), or
 * NULL. */
static json_t *
resource_attribute(json_t *resource, const char *key)
{
	json_t *attributes = json_object_get(resource, "attributes"), *item;
	json_t *name;
	size_t i;

	json_array_foreach(attributes, i, item) {
		name = json_object_get(item, "key");
		if (json_is_string(name) && strcmp(json_string_value(name),
		    key) == 0)
			return extract_path(json_object_get(item, "value"),
			    "stringValue");
	}
	return NULL;
}

/* Returns the first of FIELD's candidate paths present in OBJECT, and
 * sets *PATH to it; NULL if none is. For OTLP, the service is a
 * resource attribute. */
static json_t *
find_field(const struct schema *schema, enum schema_field field,
    json_t *object, json_t *resource, const char **path)
{
	json_t *value;
	size_t i;

	for (i = 0; i < SCHEMA_MAX_PATHS && schema->paths[field][i]; i++) {
		*path = schema->paths[field][i];
		if (schema->wrapper == SCHEMA_OTLP && field == SCHEMA_SERVICE)
			value = resource_attribute(resource, *path);
		else
			value = extract_path(object, *path);
		if (value != NULL)
			return value;
	}
	*path = schema->paths[field][0];
	return NULL;
}

/* Fills RECORD with the fields SCHEMA names in OBJECT (RESOURCE: an
 * OTLP record's resource, or NULL). Each value's path says where it was
 * found (or, absent, where it was looked for first). */
void
extract_record(const struct schema *schema, json_t *object,
    json_t *resource, struct fastpath_record *record)
{
	const char *path;
	size_t field;

	for (field = 0; field < SCHEMA_FIELDS; field++) {
		value_from_json(find_field(schema, (enum schema_field)field,
		    object, resource, &path), &record->fields[field]);
		record->fields[field].path = path;
	}
}

/* Calls FN for each log record of the OTLP line ROOT, in order, with
 * its resource. Returns -1 if ROOT holds no resourceLogs array, else
 * what FN last returned (0 for none). */
int
extract_otlp(json_t *root, extract_each_fn fn, void *arg)
{
	json_t *resources = json_object_get(root, "resourceLogs");
	json_t *resource_logs, *scope_logs, *scope, *records, *record;
	size_t i, j, k;
	int result = 0;

	if (!json_is_array(resources))
		return -1;
	json_array_foreach(resources, i, resource_logs) {
		scope_logs = json_object_get(resource_logs, "scopeLogs");
		json_array_foreach(scope_logs, j, scope) {
			records = json_object_get(scope, "logRecords");
			json_array_foreach(records, k, record) {
				if ((result = fn(record, json_object_get(
				    resource_logs, "resource"), arg)) != 0)
					return result;
			}
		}
	}
	return result;
}
