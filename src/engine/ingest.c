/* ingest.c: one line in, counts out. A record is a JSON object (Jansson
 * is the reference, duplicate keys rejected; the fast path in fastpath.c
 * takes the common case and leaves the rest to it). The known fields must have their JSON type
 * when present: timestamp, level, service, message, request_id and
 * user_id are strings, duration_ms a number. A timestamp must be RFC 3339
 * and a duration must not be negative. Anything else a record holds is
 * ignored. Aggregates (levels, services, durations, timestamps) cover the
 * records the filters select; the levels and services of the others are
 * counted apart (agg.unselected). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "engine/fastpath.h"
#include "engine/ingest.h"
#include "engine/timestamp.h"

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)
#define DURATION_LIMIT 9e18	/* a real above this does not fit a uint64 */
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
};

static const char *const field_names[FASTPATH_FIELDS] = {
	"timestamp", "level", "service", "message", "request_id", "user_id",
	"duration_ms"
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

/* Checks duration_ms: a number, not negative, below DURATION_LIMIT (as a
 * double, as Jansson's json_number_value compares it). Returns 0, or -1
 * with *REASON. */
static int
read_duration(struct ingest *ingest, const struct fastpath_value *value,
    struct fields *fields, enum agg_reason *reason)
{
	double number;

	if (value->type != FASTPATH_INTEGER && value->type != FASTPATH_REAL) {
		describe(ingest, _("field \"duration_ms\" is %s, not a number"),
		    type_name(value->type));
		return (*reason = AGG_WRONG_TYPE, -1);
	}
	number = value->type == FASTPATH_INTEGER ? (double)value->integer :
	    value->real;
	if (number < 0 || number >= DURATION_LIMIT) {
		describe(ingest, number < 0 ? _("field \"duration_ms\" is "
		    "negative") : _("field \"duration_ms\" is too large"));
		return (*reason = AGG_BAD_VALUE, -1);
	}
	fields->duration_ms = value->type == FASTPATH_INTEGER ?
	    (uint64_t)value->integer : (uint64_t)value->real;
	return 0;
}

/* Checks the known fields' types and values in RECORD; fills FIELDS.
 * Returns 0, or -1 with *REASON. */
static int
read_fields(struct ingest *ingest, const struct fastpath_record *record,
    struct fields *fields, enum agg_reason *reason)
{
	const struct fastpath_value *value;
	size_t i;

	for (i = 0; i < FASTPATH_DURATION; i++) {
		value = &record->fields[i];
		if (value->type != FASTPATH_ABSENT &&
		    value->type != FASTPATH_STRING) {
			describe(ingest, _("field \"%s\" is %s, not a string"),
			    field_names[i], type_name(value->type));
			return (*reason = AGG_WRONG_TYPE, -1);
		}
	}
	fields->timestamp = present(&record->fields[FASTPATH_TIMESTAMP]);
	fields->level = present(&record->fields[FASTPATH_LEVEL]);
	fields->service = present(&record->fields[FASTPATH_SERVICE]);
	fields->duration = present(&record->fields[FASTPATH_DURATION]);
	if (fields->duration != NULL &&
	    read_duration(ingest, fields->duration, fields, reason) != 0)
		return -1;
	if (fields->timestamp != NULL && timestamp_parse_memo(&ingest->time,
	    fields->timestamp->text, fields->timestamp->length, &fields->sec,
	    &fields->nsec) != 0) {
		describe(ingest, _("field \"timestamp\" is not an RFC 3339 "
		    "time: \"%.*s\""), fields->timestamp->length > QUOTED_MAX ?
		    QUOTED_MAX : (int)fields->timestamp->length,
		    fields->timestamp->text);
		return (*reason = AGG_BAD_VALUE, -1);
	}
	fields->level_known = fields->level != NULL && level_parse(
	    fields->level->text, fields->level->length, &fields->level_value) == 0;
	return 0;
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

/* Fills RECORD with the known fields of Jansson's OBJECT. */
static void
record_from_json(json_t *object, struct fastpath_record *record)
{
	size_t i;

	for (i = 0; i < FASTPATH_FIELDS; i++)
		value_from_json(json_object_get(object, field_names[i]),
		    &record->fields[i]);
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

/* Adds a selected record's fields to AGG. */
static void
count_fields(struct agg *agg, const struct fields *fields)
{
	if (fields->level == NULL)
		agg->level_missing++;
	else if (!fields->level_known)
		agg->level_unknown++;
	else
		agg->levels[fields->level_value]++;
	if (fields->service != NULL)
		agg_add_service(agg, fields->service->text,
		    fields->service->length, 1);
	if (fields->duration != NULL)
		agg_add_duration(agg, fields->duration_ms);
	if (fields->timestamp != NULL)
		agg_add_time(agg, fields->sec, fields->nsec,
		    fields->timestamp->text, fields->timestamp->length);
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

/* Counts RECORD, whose known fields a parser found, if it is a record;
 * returns what it was. */
static enum ingest_result
ingest_record(struct ingest *ingest, struct agg *agg,
    const struct fastpath_record *record, size_t raw_length,
    enum agg_reason *reason)
{
	struct fields fields;

	memset(&fields, 0, sizeof fields);
	if (read_fields(ingest, record, &fields, reason) != 0)
		return INGEST_REJECTED;
	agg->records++;
	if (!selected(ingest->filter, &fields)) {
		count_unselected(agg, &fields);
		return INGEST_FILTERED;
	}
	agg->selected++;
	agg->selected_bytes += raw_length;
	count_fields(agg, &fields);
	return INGEST_SELECTED;
}

/* Parses DATA (LENGTH bytes) with Jansson, the reference, and counts it.
 * Jansson allocates in INGEST's arena meanwhile: all it parsed is freed
 * before leaving. */
static enum ingest_result
ingest_jansson(struct ingest *ingest, struct agg *agg, const char *data,
    size_t length, size_t raw_length, enum agg_reason *reason)
{
	struct fastpath_record record;
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
	} else {
		record_from_json(root, &record);
		result = ingest_record(ingest, agg, &record, raw_length,
		    reason);
	}
	json_decref(root);
	arena_leave(&ingest->arena);
	return result;
}

/* Starts INGEST for lines that FILTER selects, read by PARSER; FILTER
 * must outlive it. */
void
ingest_init(struct ingest *ingest, const struct filter *filter,
    enum ingest_parser parser)
{
	ingest->filter = filter;
	ingest->parser = parser;
	memset(&ingest->time, 0, sizeof ingest->time);
	ingest->arena.used = 0;
	ingest->want_detail = 0;
	ingest->detail[0] = '\0';
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
	if (length == 0) {
		agg->empty++;
		return INGEST_EMPTY;
	}
	if (ingest->parser == INGEST_FAST &&
	    fastpath_scan(data, length, &record) == FASTPATH_OK)
		result = ingest_record(ingest, agg, &record, raw_length, reason);
	else
		result = ingest_jansson(ingest, agg, data, length, raw_length,
		    reason);
	if (result == INGEST_REJECTED)
		agg->rejected[*reason]++;
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
