/* ingest.c: one line in, counts out. A record is a JSON object (Jansson
 * is the reference, duplicate keys rejected; the fast path in fastpath.c
 * takes the common case of the logproc schema and leaves the rest to
 * it), or for the wrappers the objects a line holds: docker's "log"
 * string, OTLP's log records. Its schema says where the known fields
 * are and how to read them. The strict logproc schema keeps its types:
 * timestamp, level, service, message, request_id and user_id are
 * strings, duration_ms a number, the timestamp RFC 3339. Other schemas
 * read a level as a string or through their numeric scale, a time as a
 * string or an epoch number, a duration as a number or a string with a
 * unit; a service must be a string. A duration must not be negative.
 * Anything else a record holds is ignored. Aggregates (levels, services,
 * durations, timestamps) cover the records the filters select; the
 * levels and services of the others are counted apart (agg.unselected). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "engine/extract.h"
#include "engine/fastpath.h"
#include "engine/ingest.h"
#include "engine/timestamp.h"

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)
#define QUOTED_MAX 40		/* bytes of a bad value quoted */

/* What a record says: its known fields, as either parser found them,
 * and what they mean. */
struct fields {
	const struct fastpath_value *timestamp, *level, *service, *duration;
	int level_known;
	enum level level_value;
	uint64_t duration_ms;
	int64_t sec;
	int32_t nsec;
	int time_as_written;		/* first and last keep its text */
};

static void describe(struct ingest *ingest, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Says in INGEST's detail what was wrong with a rejected line, if the
 * caller asked (want_detail): rejected lines are not the hot path, but
 * only the few that are reported need the words. */
static void
describe(struct ingest *ingest, const char *fmt, ...)
{
	va_list ap;

	if (!ingest->want_detail)
		return;
	va_start(ap, fmt);
	vsnprintf(ingest->detail, sizeof ingest->detail, fmt, ap);
	va_end(ap);
}

/* Names the JSON type of a field's VALUE, as "a string". */
static const char *
type_name(enum fastpath_type type)
{
	switch (type) {
	case FASTPATH_STRING:
		return _("a string");
	case FASTPATH_INTEGER:
	case FASTPATH_REAL:
		return _("a number");
	case FASTPATH_LITERAL:
		return _("true, false or null");
	default:
		return _("an object or array");
	}
}

/* Names the JSON type of Jansson's JSON, as "an array". */
static const char *
json_type_name(const json_t *json)
{
	if (json_is_array(json))
		return _("an array");
	if (json_is_string(json))
		return _("a string");
	if (json_is_number(json))
		return _("a number");
	if (json_is_null(json))
		return "null";
	return json_is_true(json) ? "true" : "false";
}

/* Returns VALUE if the field is present, or NULL. */
static const struct fastpath_value *
present(const struct fastpath_value *value)
{
	return value->type == FASTPATH_ABSENT ? NULL : value;
}

/* Returns the path FIELD was found at in RECORD, or the schema's first
 * for it (the fast path's keys are the logproc schema's). */
static const char *
path_of(const struct ingest *ingest, const struct fastpath_record *record,
    enum schema_field field)
{
	const char *path = record->fields[field].path;

	return path != NULL ? path : schema_first_path(ingest->schema, field);
}

/* Rejects the record for FIELD's type, as "field "level" is true, false
 * or null, not a string"; returns -1. */
static int
wrong_type(struct ingest *ingest, const struct fastpath_record *record,
    enum schema_field field, const char *expected, enum agg_reason *reason)
{
	describe(ingest, _("field \"%s\" is %s, not %s"), path_of(ingest,
	    record, field), type_name(record->fields[field].type), expected);
	ingest->blamed = (int)field;
	*reason = AGG_WRONG_TYPE;
	return -1;
}

/* Rejects the record for FIELD's value, quoting TEXT (LENGTH bytes) if
 * it is not NULL; returns -1. */
static int
bad_value(struct ingest *ingest, const struct fastpath_record *record,
    enum schema_field field, const char *problem, enum agg_reason *reason)
{
	const struct fastpath_value *value = &record->fields[field];

	if (value->type == FASTPATH_STRING)
		describe(ingest, _("field \"%s\" is %s: \"%.*s\""), path_of(
		    ingest, record, field), problem, value->length > QUOTED_MAX ?
		    QUOTED_MAX : (int)value->length, value->text);
	else
		describe(ingest, _("field \"%s\" is %s"), path_of(ingest, record,
		    field), problem);
	ingest->blamed = (int)field;
	*reason = AGG_BAD_VALUE;
	return -1;
}

/* Reads the duration: a number in the schema's unit, or (not strict) a
 * string with or without a unit; not negative, below 9e18 ms. Returns
 * 0, or -1 with *REASON. */
static int
read_duration(struct ingest *ingest, const struct fastpath_record *record,
    struct fields *fields, enum agg_reason *reason)
{
	const struct fastpath_value *value = fields->duration;
	enum duration_unit unit = ingest->schema->duration_unit;
	enum duration_result result;

	if (value->type == FASTPATH_INTEGER)
		result = duration_from_integer(unit, value->integer,
		    &fields->duration_ms);
	else if (value->type == FASTPATH_REAL)
		result = duration_from_real(unit, value->real,
		    &fields->duration_ms);
	else if (value->type == FASTPATH_STRING && !ingest->schema->strict)
		result = duration_from_text(unit, value->text, value->length,
		    &fields->duration_ms);
	else
		return wrong_type(ingest, record, SCHEMA_DURATION,
		    _("a number"), reason);
	if (result == DURATION_OK)
		return 0;
	return bad_value(ingest, record, SCHEMA_DURATION,
	    result == DURATION_NEGATIVE ? _("negative") :
	    result == DURATION_TOO_LARGE ? _("too large") :
	    _("not a duration"), reason);
}

/* Reads the time: for the strict schema an RFC 3339 string, else also a
 * number or a string in the schema's time format. First and last keep
 * the strict schema's times as written, others in RFC 3339 UTC.
 * Returns 0, or -1 with *REASON. */
static int
read_time(struct ingest *ingest, const struct fastpath_record *record,
    struct fields *fields, enum agg_reason *reason)
{
	const struct schema *schema = ingest->schema;
	const struct fastpath_value *value = fields->timestamp;
	int result;

	if (value->type == FASTPATH_STRING)
		result = schema->strict ? timestamp_parse_memo(&ingest->time,
		    value->text, value->length, &fields->sec, &fields->nsec) :
		    timestamp_from_text(&ingest->time, schema->time_format,
		    schema->zone_offset, value->text, value->length,
		    &fields->sec, &fields->nsec);
	else if (schema->strict || (value->type != FASTPATH_INTEGER &&
	    value->type != FASTPATH_REAL))
		return wrong_type(ingest, record, SCHEMA_TIME, schema->strict ?
		    _("a string") : _("a string or a number"), reason);
	else
		result = value->type == FASTPATH_INTEGER ?
		    timestamp_from_integer(schema->time_format, value->integer,
		    &fields->sec, &fields->nsec) : timestamp_from_real(
		    schema->time_format, value->real, &fields->sec, &fields->nsec);
	fields->time_as_written = schema->strict;
	if (result == 0)
		return 0;
	return bad_value(ingest, record, SCHEMA_TIME, schema->strict ?
	    _("not an RFC 3339 time") : _("not a time"), reason);
}

/* Returns 1 if --level-map (or the schema's map) names the level
 * NUMBER, written in decimal, and sets *LEVEL. */
static int
mapped_number(const struct schema *schema, int64_t number, enum level *level)
{
	char text[24];
	int length;

	if (schema->level_map == NULL)
		return 0;
	length = snprintf(text, sizeof text, "%lld", (long long)number);
	return level_from_text(schema->level_map, LEVEL_NAMES_COMMON,
	    LEVEL_SCALE_NONE, text, (size_t)length, level) == 0;
}

/* Reads the level: a string through the level tables, or (not strict,
 * with a numeric scale) a number through the scale. An unknown spelling
 * is no rejection: it counts as "(unknown)". Returns 0, or -1 with
 * *REASON. */
static int
read_level(struct ingest *ingest, const struct fastpath_record *record,
    struct fields *fields, enum agg_reason *reason)
{
	const struct schema *schema = ingest->schema;
	const struct fastpath_value *value = fields->level;

	if (value->type == FASTPATH_STRING) {
		fields->level_known = level_from_text(schema->level_map,
		    schema->level_names, schema->level_scale, value->text,
		    value->length, &fields->level_value) == 0;
		return 0;
	}
	if (value->type == FASTPATH_INTEGER && !schema->strict &&
	    schema->level_scale != LEVEL_SCALE_NONE) {
		fields->level_known = mapped_number(schema, value->integer,
		    &fields->level_value) || level_from_number(
		    schema->level_scale, value->integer, &fields->level_value) == 0;
		return 0;
	}
	return wrong_type(ingest, record, SCHEMA_LEVEL, schema->strict ||
	    schema->level_scale == LEVEL_SCALE_NONE ? _("a string") :
	    _("a string or an integer"), reason);
}

/* Checks that the string fields of RECORD are strings: for the strict
 * schema all of them, else the service. Returns 0, or -1 with *REASON. */
static int
check_strings(struct ingest *ingest, const struct fastpath_record *record,
    enum agg_reason *reason)
{
	static const enum schema_field strict[] = { SCHEMA_TIME, SCHEMA_LEVEL,
	    SCHEMA_SERVICE, SCHEMA_MESSAGE, SCHEMA_REQUEST_ID, SCHEMA_USER_ID };
	size_t i, count = ingest->schema->strict ? sizeof strict /
	    sizeof strict[0] : 1;
	enum schema_field field;

	for (i = 0; i < count; i++) {
		field = ingest->schema->strict ? strict[i] : SCHEMA_SERVICE;
		if (record->fields[field].type != FASTPATH_ABSENT &&
		    record->fields[field].type != FASTPATH_STRING)
			return wrong_type(ingest, record, field, _("a string"),
			    reason);
	}
	return 0;
}

/* Checks the known fields' types and values in RECORD; fills FIELDS.
 * Returns 0, or -1 with *REASON. */
static int
read_fields(struct ingest *ingest, const struct fastpath_record *record,
    struct fields *fields, enum agg_reason *reason)
{
	if (check_strings(ingest, record, reason) != 0)
		return -1;
	fields->timestamp = present(&record->fields[SCHEMA_TIME]);
	fields->level = present(&record->fields[SCHEMA_LEVEL]);
	fields->service = present(&record->fields[SCHEMA_SERVICE]);
	fields->duration = present(&record->fields[SCHEMA_DURATION]);
	if (fields->level != NULL && read_level(ingest, record, fields,
	    reason) != 0)
		return -1;
	if (fields->duration != NULL && read_duration(ingest, record, fields,
	    reason) != 0)
		return -1;
	if (fields->timestamp != NULL && read_time(ingest, record, fields,
	    reason) != 0)
		return -1;
	return 0;
}

/* Returns 1 if SERVICE is one of the filter's services. */
static int
service_selected(const struct filter *filter,
    const struct fastpath_value *service)
{
	size_t i;

	for (i = 0; i < filter->service_count; i++) {
		if (strlen(filter->services[i]) == service->length &&
		    memcmp(filter->services[i], service->text,
		    service->length) == 0)
			return 1;
	}
	return 0;
}

/* Returns 1 if the filters select the record described by FIELDS. */
static int
selected(const struct filter *filter, const struct fields *fields)
{
	if (filter->min_level != FILTER_NO_LEVEL && (!fields->level_known ||
	    (int)fields->level_value < filter->min_level))
		return 0;
	if (filter->service_count > 0 && (fields->service == NULL ||
	    !service_selected(filter, fields->service)))
		return 0;
	if (filter->has_min_duration && (fields->duration == NULL ||
	    fields->duration_ms < filter->min_duration))
		return 0;
	return 1;
}

/* Counts the unknown numeric level NUMBER among the spellings. */
static void
add_number_spelling(struct agg *agg, int64_t number)
{
	char text[24];
	int length = snprintf(text, sizeof text, "%lld", (long long)number);

	spellings_add(&agg->level_spellings, text, (size_t)length, 1);
}

/* Adds a selected record's fields to AGG. */
static void
count_fields(struct agg *agg, const struct fields *fields)
{
	if (fields->level == NULL)
		agg->level_missing++;
	else if (!fields->level_known) {
		agg->level_unknown++;
		if (fields->level->type == FASTPATH_STRING)
			spellings_add(&agg->level_spellings, fields->level->text,
			    fields->level->length, 1);
		else
			add_number_spelling(agg, fields->level->integer);
	} else
		agg->levels[fields->level_value]++;
	if (fields->service != NULL)
		agg_add_service(agg, fields->service->text,
		    fields->service->length, 1);
	if (fields->duration != NULL)
		agg_add_duration(agg, fields->duration_ms);
	if (fields->timestamp != NULL && fields->time_as_written)
		agg_add_time(agg, fields->sec, fields->nsec,
		    fields->timestamp->text, fields->timestamp->length);
	else if (fields->timestamp != NULL)
		agg_add_utc_time(agg, fields->sec, fields->nsec);
}

/* Counts the level and service of a record the filters left out. */
static void
count_unselected(struct agg *agg, const struct fields *fields)
{
	struct agg_unselected *unselected = &agg->unselected;

	if (fields->level == NULL)
		unselected->level_missing++;
	else if (!fields->level_known)
		unselected->level_unknown++;
	else
		unselected->levels[fields->level_value]++;
	if (fields->service != NULL)
		agg_add_unselected_service(agg, fields->service->text,
		    fields->service->length, 1);
}

/* Adds to INGEST's found what the record FIELDS describe holds. */
static void
note_found(struct ingest *ingest, const struct fastpath_record *record,
    const struct fields *fields)
{
	unsigned found = 0;

	if (fields->timestamp != NULL)
		found |= INGEST_FOUND_TIME;
	if (fields->level != NULL)
		found |= fields->level_known ? INGEST_FOUND_LEVEL :
		    INGEST_FOUND_SPELLING;
	if (fields->service != NULL)
		found |= INGEST_FOUND_SERVICE;
	if (record->fields[SCHEMA_MESSAGE].type != FASTPATH_ABSENT)
		found |= INGEST_FOUND_MESSAGE;
	if (fields->duration != NULL)
		found |= INGEST_FOUND_DURATION;
	ingest->found |= found;
}

/* Counts the record FIELDS describe; returns whether the filters
 * selected it. */
static enum ingest_result
count_record(struct ingest *ingest, struct agg *agg, struct fields *fields)
{
	agg->records++;
	if (!selected(ingest->filter, fields)) {
		count_unselected(agg, fields);
		return INGEST_FILTERED;
	}
	agg->selected++;
	count_fields(agg, fields);
	return INGEST_SELECTED;
}

/* Counts RECORD, whose known fields a parser found, if it is a record;
 * returns what it was. */
static enum ingest_result
ingest_record(struct ingest *ingest, struct agg *agg,
    const struct fastpath_record *record, size_t raw_length,
    enum agg_reason *reason)
{
	struct fields fields;
	enum ingest_result result;

	memset(&fields, 0, sizeof fields);
	if (read_fields(ingest, record, &fields, reason) != 0)
		return INGEST_REJECTED;
	note_found(ingest, record, &fields);
	result = count_record(ingest, agg, &fields);
	if (result == INGEST_SELECTED)
		agg->selected_bytes += raw_length;
	return result;
}

/* An OTLP line's walk: each record is read twice, first to check them
 * all (one bad record rejects the line, the unit of --output), then to
 * count them. */
struct otlp_walk {
	struct ingest *ingest;
	struct agg *agg;
	enum agg_reason *reason;
	int counting;
	size_t records, selected;
};

/* Reads, or counts, one OTLP RECORD of RESOURCE; returns -1 to stop at
 * a rejected one. */
static int
otlp_record(json_t *object, json_t *resource, void *arg)
{
	struct otlp_walk *walk = arg;
	struct fastpath_record record;
	struct fields fields;

	memset(&fields, 0, sizeof fields);
	extract_record(walk->ingest->schema, object, resource, &record);
	if (!json_is_object(object)) {
		describe(walk->ingest, _("a log record is %s, not an object"),
		    json_type_name(object));
		return (*walk->reason = AGG_WRONG_TYPE, -1);
	}
	if (read_fields(walk->ingest, &record, &fields, walk->reason) != 0)
		return -1;
	note_found(walk->ingest, &record, &fields);
	walk->records++;
	if (walk->counting && count_record(walk->ingest, walk->agg, &fields) == INGEST_SELECTED)
		walk->selected++;
	return 0;
}

/* Counts the records of the OTLP line ROOT. */
static enum ingest_result
ingest_otlp(struct ingest *ingest, struct agg *agg, json_t *root,
    size_t raw_length, enum agg_reason *reason)
{
	struct otlp_walk walk = { ingest, agg, reason, 0, 0, 0 };

	if (extract_otlp(root, otlp_record, &walk) != 0) {
		if (walk.records == 0 && json_object_get(root, "resourceLogs") ==
		    NULL) {
			describe(ingest, _("no \"resourceLogs\" array"));
			*reason = AGG_WRONG_TYPE;
		}
		return INGEST_REJECTED;
	}
	walk.counting = 1;
	walk.records = 0;
	extract_otlp(root, otlp_record, &walk);
	if (walk.selected == 0)
		return walk.records == 0 ? INGEST_EMPTY : INGEST_FILTERED;
	agg->selected_bytes += raw_length;
	return INGEST_SELECTED;
}

static enum ingest_result ingest_parsed(struct ingest *ingest,
    const struct schema *schema, struct agg *agg, json_t *root,
    size_t raw_length, enum agg_reason *reason);

/* Counts the docker json-file line ROOT: its "log" string is a record of
 * the inner schema when it holds a JSON object (parsed by Jansson), else
 * a record of its own with docker's time. */
static enum ingest_result
ingest_docker(struct ingest *ingest, struct agg *agg, json_t *root,
    size_t raw_length, enum agg_reason *reason)
{
	const struct schema *inner = ingest->schema->inner;
	const char *path = schema_first_path(ingest->schema, SCHEMA_MESSAGE);
	json_t *log = extract_path(root, path), *parsed;
	enum ingest_result result;
	const char *text;
	json_error_t error;
	size_t length;

	ingest->blamed = SCHEMA_MESSAGE;
	if (!json_is_string(log)) {
		describe(ingest, log == NULL ? _("field \"%s\" is missing") :
		    _("field \"%s\" is not a string"), path);
		return (*reason = AGG_WRONG_TYPE, INGEST_REJECTED);
	}
	text = json_string_value(log);
	length = json_string_length(log);
	while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
		length--;
	ingest->blamed = -1;
	if (inner == NULL || length == 0 || text[0] != '{')
		return ingest_parsed(ingest, NULL, agg, root, raw_length, reason);
	ingest->blamed = SCHEMA_MESSAGE;
	parsed = json_loadb(text, length, JSON_FLAGS, &error);
	if (parsed == NULL) {
		describe(ingest, _("field \"%s\" is not JSON: %s"), path,
		    error.text);
		return (*reason = AGG_INVALID_JSON, INGEST_REJECTED);
	}
	ingest->blamed = -1;
	result = ingest_parsed(ingest, inner, agg, parsed, raw_length, reason);
	json_decref(parsed);
	return result;
}

/* Counts ROOT, an object Jansson parsed, as SCHEMA reads it (NULL: as a
 * plain record of the ingest's own schema, docker's text records). */
static enum ingest_result
ingest_parsed(struct ingest *ingest, const struct schema *schema,
    struct agg *agg, json_t *root, size_t raw_length, enum agg_reason *reason)
{
	const struct schema *own = ingest->own;
	struct fastpath_record record;
	enum ingest_result result;

	if (schema != NULL && schema->wrapper == SCHEMA_OTLP)
		return ingest_otlp(ingest, agg, root, raw_length, reason);
	if (schema != NULL && schema->wrapper == SCHEMA_DOCKER)
		return ingest_docker(ingest, agg, root, raw_length, reason);
	if (schema == NULL)
		schema = own;
	if (!json_is_object(root)) {
		describe(ingest, _("%s, not a JSON object"), json_type_name(root));
		return (*reason = AGG_NOT_OBJECT, INGEST_REJECTED);
	}
	extract_record(schema, root, NULL, &record);
	ingest->schema = schema;
	result = ingest_record(ingest, agg, &record, raw_length, reason);
	ingest->schema = own;
	return result;
}

/* Parses DATA (LENGTH bytes) with Jansson, the reference, and counts it.
 * Jansson allocates in INGEST's arena meanwhile: all it parsed is freed
 * before leaving. */
static enum ingest_result
ingest_jansson(struct ingest *ingest, struct agg *agg, const char *data,
    size_t length, size_t raw_length, enum agg_reason *reason)
{
	enum ingest_result result;
	json_error_t error;
	json_t *root;

	arena_enter(&ingest->arena);
	root = json_loadb(data, length, JSON_FLAGS, &error);
	if (root == NULL) {
		*reason = json_error_code(&error) == json_error_invalid_utf8 ?
		    AGG_INVALID_UTF8 : AGG_INVALID_JSON;
		describe(ingest, *reason == AGG_INVALID_UTF8 ? _("not UTF-8: "
		    "%s") : _("not JSON: %s"), error.text);
		result = INGEST_REJECTED;
	} else if (!json_is_object(root)) {
		describe(ingest, _("%s, not a JSON object"), json_type_name(root));
		result = (*reason = AGG_NOT_OBJECT, INGEST_REJECTED);
	} else
		result = ingest_parsed(ingest, ingest->schema, agg, root,
		    raw_length, reason);
	json_decref(root);
	arena_leave(&ingest->arena);
	return result;
}

/* Returns 1 if the fast path's keys and rules are SCHEMA's: the strict
 * logproc schema, each field at its one path. */
static int
fast_path_fits(const struct schema *schema)
{
	static const char *const keys[SCHEMA_FIELDS] = { "timestamp",
	    "level", "service", "message", "request_id", "user_id",
	    "duration_ms" };
	size_t field;

	if (!schema->strict || schema->wrapper != SCHEMA_PLAIN ||
	    schema->time_format != TIME_RFC3339 || schema->level_map != NULL ||
	    schema->level_names != LEVEL_NAMES_COMMON ||
	    schema->duration_unit != DURATION_MS)
		return 0;
	for (field = 0; field < SCHEMA_FIELDS; field++)
		if (schema->paths[field][0] == NULL ||
		    strcmp(schema->paths[field][0], keys[field]) != 0 ||
		    schema->paths[field][1] != NULL)
			return 0;
	return 1;
}

/* Starts INGEST for lines that FILTER selects, read by SCHEMA and
 * PARSER (the fast path only where it fits the schema); FILTER and
 * SCHEMA must outlive it. */
void
ingest_init(struct ingest *ingest, const struct filter *filter,
    const struct schema *schema, enum ingest_parser parser)
{
	ingest->filter = filter;
	ingest->schema = ingest->own = schema;
	ingest->parser = schema == NULL ? INGEST_JANSSON : parser;
	ingest->logproc_fast = ingest->parser == INGEST_FAST &&
	    fast_path_fits(schema);
	ingest->table = ingest->inner_table = NULL;
	if (ingest->parser == INGEST_FAST && !ingest->logproc_fast)
		ingest->table = fastpath_table_new(schema);
	if (ingest->table != NULL && schema->wrapper == SCHEMA_DOCKER &&
	    schema->inner != NULL)
		ingest->inner_table = fastpath_table_new(schema->inner);
	memset(&ingest->time, 0, sizeof ingest->time);
	ingest->arena.used = 0;
	ingest->want_detail = 0;
	ingest->detail[0] = '\0';
}

/* Releases what ingest_init made. */
void
ingest_free(struct ingest *ingest)
{
	fastpath_table_free(ingest->table);
	fastpath_table_free(ingest->inner_table);
	ingest->table = ingest->inner_table = NULL;
}

/* Counts the docker line whose outer fields the fast path found in
 * RECORD: its "log" string, unescaped, is read with the inner schema's
 * table when it holds an object, else the line is a record of its own.
 * Returns 0 with *RESULT, or -1 to leave the line to Jansson. */
static int
ingest_docker_fast(struct ingest *ingest, struct agg *agg,
    const struct fastpath_record *record, size_t raw_length,
    enum agg_reason *reason, enum ingest_result *result)
{
	const struct fastpath_value *log = &record->fields[SCHEMA_MESSAGE];
	const struct schema *inner = ingest->own->inner;
	struct fastpath_record inner_record;
	char *text = (char *)ingest->arena.bytes;
	size_t length = log->length;

	if (log->type != FASTPATH_STRING || length > sizeof ingest->arena.bytes)
		return -1;
	if (!log->escaped)
		memcpy(text, log->text, length);
	else if (fastpath_unescape(log->text, log->length, text, &length) != 0)
		return -1;
	while (length > 0 && (text[length - 1] == '\n' ||
	    text[length - 1] == '\r'))
		length--;
	if (inner == NULL || length == 0 || text[0] != '{') {
		*result = ingest_record(ingest, agg, record, raw_length, reason);
		return 0;
	}
	if (ingest->inner_table == NULL || fastpath_scan_table(
	    ingest->inner_table, text, length, &inner_record) != FASTPATH_OK)
		return -1;
	ingest->schema = inner;
	*result = ingest_record(ingest, agg, &inner_record, raw_length, reason);
	ingest->schema = ingest->own;
	return 0;
}

/* Counts the line DATA (LENGTH bytes) through the fast path's table for
 * a schema other than logproc. Returns 0 with *RESULT, or -1 if the
 * fast path is not sure and the line is left to Jansson. */
static int
ingest_table(struct ingest *ingest, struct agg *agg, const char *data,
    size_t length, size_t raw_length, enum agg_reason *reason,
    enum ingest_result *result)
{
	struct fastpath_record record;

	if (fastpath_scan_table(ingest->table, data, length, &record) !=
	    FASTPATH_OK)
		return -1;
	if (ingest->own->wrapper == SCHEMA_DOCKER)
		return ingest_docker_fast(ingest, agg, &record, raw_length,
		    reason, result);
	*result = ingest_record(ingest, agg, &record, raw_length, reason);
	return 0;
}

/* Counts the line DATA of LENGTH bytes (RAW_LENGTH in the file, ending
 * included) in AGG, parsed by INGEST's parser: the fast path, which
 * leaves to Jansson every line it is not sure of, or Jansson alone.
 * Returns what it was; for INGEST_REJECTED, *REASON says why (the
 * rejection is counted too). */
enum ingest_result
ingest_line(struct ingest *ingest, struct agg *agg, const char *data,
    size_t length, size_t raw_length, enum agg_reason *reason)
{
	struct fastpath_record record;
	enum ingest_result result;

	agg->lines++;
	agg->bytes += raw_length;
	ingest->found = 0;
	ingest->blamed = -1;
	if (length == 0) {
		agg->empty++;
		return INGEST_EMPTY;
	}
	if (ingest->logproc_fast &&
	    fastpath_scan(data, length, &record) == FASTPATH_OK)
		result = ingest_record(ingest, agg, &record, raw_length, reason);
	else if (ingest->table == NULL || ingest_table(ingest, agg, data,
	    length, raw_length, reason, &result) != 0)
		result = ingest_jansson(ingest, agg, data, length, raw_length,
		    reason);
	if (result == INGEST_REJECTED) {
		agg->rejected[*reason]++;
		if (ingest->blamed >= 0)
			agg->rejected_fields[*reason][ingest->blamed]++;
	}
	return result;
}

/* Counts a line longer than --max-line, skipped unread. */
void
ingest_too_long(struct agg *agg, size_t raw_length)
{
	agg->lines++;
	agg->bytes += raw_length;
	agg->rejected[AGG_TOO_LONG]++;
}

int
filter_is_set(const struct filter *filter)
{
	return filter->min_level != FILTER_NO_LEVEL ||
	    filter->service_count > 0 || filter->has_min_duration;
}

/* Describes FILTER as JSON, for the checkpoint: a resumed run must use
 * the same selection, or its totals and output would mix two. */
json_t *
filter_to_json(const struct filter *filter)
{
	json_t *object = json_object(), *services = json_array();
	size_t i;

	json_object_set_new(object, "min_level",
	    filter->min_level == FILTER_NO_LEVEL ? json_null() :
	    json_string(level_name((enum level)filter->min_level)));
	for (i = 0; i < filter->service_count; i++)
		json_array_append_new(services, json_string(filter->services[i]));
	json_object_set_new(object, "services", services);
	json_object_set_new(object, "min_duration_ms", filter->has_min_duration ?
	    json_integer((json_int_t)filter->min_duration) : json_null());
	return object;
}
