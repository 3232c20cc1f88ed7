/* ingest.c: the reference parser. A record is a JSON object (Jansson,
 * duplicate keys rejected). The known fields must have their JSON type
 * when present: timestamp, level, service, message, request_id and
 * user_id are strings, duration_ms a number. A timestamp must be RFC 3339
 * and a duration must not be negative. Anything else a record holds is
 * ignored. Aggregates (levels, services, durations, timestamps) cover the
 * records the filters select. */
#include "config.h"

#include <string.h>

#include "engine/ingest.h"
#include "engine/timestamp.h"

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)
#define DURATION_LIMIT 9e18	/* a real above this does not fit a uint64 */

/* What a record says, with strings pointing into its json_t. */
struct fields {
	json_t *timestamp, *level, *service, *duration;
	int level_known;
	enum level level_value;
	uint64_t duration_ms;
	int64_t sec;
	int32_t nsec;
};

static const char *const string_fields[] = {
	"timestamp", "level", "service", "message", "request_id", "user_id"
};

/* Checks the known fields' types and values; fills FIELDS. Returns 0, or
 * -1 with *REASON. */
static int
read_fields(json_t *object, struct fields *fields, enum agg_reason *reason)
{
	json_t *value;
	size_t i;

	for (i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++) {
		value = json_object_get(object, string_fields[i]);
		if (value != NULL && !json_is_string(value))
			return (*reason = AGG_WRONG_TYPE, -1);
	}
	fields->timestamp = json_object_get(object, "timestamp");
	fields->level = json_object_get(object, "level");
	fields->service = json_object_get(object, "service");
	fields->duration = json_object_get(object, "duration_ms");
	if (fields->duration != NULL && !json_is_number(fields->duration))
		return (*reason = AGG_WRONG_TYPE, -1);
	if (fields->duration != NULL && (json_number_value(fields->duration) < 0 ||
	    json_number_value(fields->duration) >= DURATION_LIMIT))
		return (*reason = AGG_BAD_VALUE, -1);
	if (fields->duration != NULL)
		fields->duration_ms = json_is_integer(fields->duration) ?
		    (uint64_t)json_integer_value(fields->duration) :
		    (uint64_t)json_real_value(fields->duration);
	if (fields->timestamp != NULL && timestamp_parse(
	    json_string_value(fields->timestamp),
	    json_string_length(fields->timestamp), &fields->sec,
	    &fields->nsec) != 0)
		return (*reason = AGG_BAD_VALUE, -1);
	fields->level_known = fields->level != NULL &&
	    level_parse(json_string_value(fields->level),
	    json_string_length(fields->level), &fields->level_value) == 0;
	return 0;
}

/* Returns 1 if SERVICE is one of the filter's services. */
static int
service_selected(const struct filter *filter, json_t *service)
{
	size_t i;

	for (i = 0; i < filter->service_count; i++) {
		if (strlen(filter->services[i]) == json_string_length(service) &&
		    memcmp(filter->services[i], json_string_value(service),
		    json_string_length(service)) == 0)
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
		agg_add_service(agg, json_string_value(fields->service),
		    json_string_length(fields->service), 1);
	if (fields->duration != NULL)
		agg_add_duration(agg, fields->duration_ms);
	if (fields->timestamp != NULL)
		agg_add_time(agg, fields->sec, fields->nsec,
		    json_string_value(fields->timestamp),
		    json_string_length(fields->timestamp));
}

/* Classifies a parsed ROOT; counts it if it is a selected record. */
static enum ingest_result
ingest_value(struct agg *agg, const struct filter *filter, json_t *root,
    size_t raw_length, enum agg_reason *reason)
{
	struct fields fields;

	if (!json_is_object(root))
		return (*reason = AGG_NOT_OBJECT, INGEST_REJECTED);
	memset(&fields, 0, sizeof fields);
	if (read_fields(root, &fields, reason) != 0)
		return INGEST_REJECTED;
	agg->records++;
	if (!selected(filter, &fields))
		return INGEST_FILTERED;
	agg->selected++;
	agg->selected_bytes += raw_length;
	count_fields(agg, &fields);
	return INGEST_SELECTED;
}

/* Counts the line DATA of LENGTH bytes (RAW_LENGTH in the file, ending
 * included) in AGG. Returns what it was; for INGEST_REJECTED, *REASON says
 * why (the rejection is counted too). */
enum ingest_result
ingest_line(struct agg *agg, const struct filter *filter, const char *data,
    size_t length, size_t raw_length, enum agg_reason *reason)
{
	enum ingest_result result;
	json_error_t error;
	json_t *root;

	agg->lines++;
	agg->bytes += raw_length;
	if (length == 0) {
		agg->empty++;
		return INGEST_EMPTY;
	}
	root = json_loadb(data, length, JSON_FLAGS, &error);
	if (root == NULL) {
		*reason = json_error_code(&error) == json_error_invalid_utf8 ?
		    AGG_INVALID_UTF8 : AGG_INVALID_JSON;
		result = INGEST_REJECTED;
	} else {
		result = ingest_value(agg, filter, root, raw_length, reason);
		json_decref(root);
	}
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
