/* agg.c: the engine's counters, their merging, and their JSON form for
 * the checkpoint. Services are kept in an array sorted by name, searched
 * by bisection; the array is allocated whole the first time (a few KiB for
 * AGG_MAX_SERVICES entries), so adding a service never reallocates it. */
#include "config.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/timestamp.h"
#include "schema/schema.h"

/* json_int_t is long long: larger values are written as this. */
#define JSON_COUNT_MAX ((uint64_t)LLONG_MAX)

/* How much of an over-long timestamp text is kept from its start:
 * "YYYY-MM-DDTHH:MM:SS." and the nine fraction digits that count. */
#define TIME_TEXT_HEAD 29
#define TIME_TEXT_TAIL (AGG_TIMESTAMP_MAX - 1 - TIME_TEXT_HEAD)

#define HISTOGRAM_PAIR 2	/* [bucket low value, count] */

static const char *const reason_names[AGG_REASON_COUNT] = {
	"invalid_json", "invalid_utf8", "not_object", "wrong_type",
	"bad_value", "too_long"
};

/* The percentiles written with the durations, for people reading the
 * checkpoint; they are worked out again from the histogram when needed. */
static const struct {
	const char *key;
	double percent;
} percentiles[] = {
	{ "p50", 50 }, { "p95", 95 }, { "p99", 99 }
};

#define PERCENTILES (sizeof percentiles / sizeof percentiles[0])

/* Empties AGG; it owns no memory afterwards. */
void
agg_init(struct agg *agg)
{
	memset(agg, 0, sizeof *agg);
	agg->duration_min = UINT64_MAX;
}

/* Frees the names of the COUNT SERVICES, keeping the array. */
static void
free_names(struct agg_service *services, size_t *count)
{
	size_t i;

	for (i = 0; i < *count; i++)
		free(services[i].name);
	*count = 0;
}

/* Frees the service names, selected and not, keeping the arrays. */
static void
free_service_names(struct agg *agg)
{
	free_names(agg->services, &agg->service_count);
	free_names(agg->unselected.services, &agg->unselected.service_count);
}

/* Releases what AGG owns and leaves it empty, as after agg_init. */
void
agg_free(struct agg *agg)
{
	free_service_names(agg);
	free(agg->services);
	free(agg->unselected.services);
	agg_init(agg);
}

/* Zeroes every count of AGG, keeping its service array for reuse. */
void
agg_reset(struct agg *agg)
{
	struct agg_service *services = agg->services;
	struct agg_service *unselected = agg->unselected.services;

	free_service_names(agg);
	agg_init(agg);
	agg->services = services;
	agg->unselected.services = unselected;
}

const char *
agg_reason_name(enum agg_reason reason)
{
	return reason_names[reason];
}

/* Returns A + B, or UINT64_MAX if that overflows. */
static uint64_t
add_saturating(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Returns the first 8 bytes of NAME (LENGTH of them, no NUL), zeros
 * after its end, as a big-endian number: two names' prefixes compare as
 * strcmp compares their first 8 bytes. */
static uint64_t
name_prefix(const char *name, size_t length)
{
	uint64_t prefix = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		prefix = prefix << 8 | (i < length ? (unsigned char)name[i] : 0);
	return prefix;
}

/* Compares SERVICE's name with the LENGTH bytes of KEY (no NUL; PREFIX
 * is its name_prefix), in the order of strcmp. Most names differ in
 * their first 8 bytes, and one comparison of numbers decides. */
static int
compare_name(const struct agg_service *service, const char *key,
    size_t length, uint64_t prefix)
{
	size_t shorter = service->length < length ? service->length : length;
	size_t i;

	if (service->prefix != prefix)
		return service->prefix < prefix ? -1 : 1;
	for (i = 8; i < shorter; i++) {
		if (service->name[i] != key[i])
			return (unsigned char)service->name[i] <
			    (unsigned char)key[i] ? -1 : 1;
	}
	return (service->length > length) - (service->length < length);
}

/* Looks up KEY (LENGTH bytes, no NUL) among the COUNT SERVICES. Returns 1
 * with its index in *SLOT, or 0 with in *SLOT the index it would take. */
static int
find_service(const struct agg_service *services, size_t count,
    const char *key, size_t length, size_t *slot)
{
	uint64_t prefix = name_prefix(key, length);
	size_t low = 0, high = count, middle;
	int order;

	while (low < high) {
		middle = low + (high - low) / 2;
		order = compare_name(&services[middle], key, length, prefix);
		if (order == 0) {
			*slot = middle;
			return 1;
		}
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	*slot = low;
	return 0;
}

/* Tells whether the absent KEY (LENGTH bytes) may take a slot among the
 * COUNT SERVICES. The last
 * free slot is kept for AGG_OTHER_SERVICES, so there is always room for
 * it once other names overflow. */
static int
has_room(const struct agg_service *services, size_t count, const char *key,
    size_t length)
{
	size_t free_slots = AGG_MAX_SERVICES - count;
	size_t slot;

	if (free_slots > 1)
		return 1;
	if (free_slots == 0)
		return 0;
	if (length == strlen(AGG_OTHER_SERVICES) &&
	    memcmp(AGG_OTHER_SERVICES, key, length) == 0)
		return 1;
	return find_service(services, count, AGG_OTHER_SERVICES,
	    strlen(AGG_OTHER_SERVICES), &slot);
}

/* Inserts a copy of KEY (LENGTH bytes) with COUNT at index SLOT of the
 * *SERVICE_COUNT *SERVICES, allocating the array the first time. */
static void
insert_service(struct agg_service **services, size_t *service_count,
    size_t slot, const char *key, size_t length, uint64_t count)
{
	struct agg_service *service;

	if (*services == NULL)
		*services = xcalloc(AGG_MAX_SERVICES, sizeof **services);
	service = &(*services)[slot];
	memmove(service + 1, service,
	    (*service_count - slot) * sizeof *service);
	service->name = xmalloc(length + 1);
	memcpy(service->name, key, length);
	service->name[length] = '\0';
	service->length = length;
	service->prefix = name_prefix(key, length);
	service->count = count;
	(*service_count)++;
}

/* Adds COUNT to the service named by the LENGTH bytes of NAME (not
 * NUL-terminated; a NUL ends it early) among the *SERVICE_COUNT
 * *SERVICES. A new name past the cap is counted under AGG_OTHER_SERVICES. */
static void
add_service(struct agg_service **services, size_t *service_count,
    const char *name, size_t length, uint64_t count)
{
	const char *nul = memchr(name, '\0', length);
	size_t slot;

	if (nul != NULL)
		length = (size_t)(nul - name);
	if (find_service(*services, *service_count, name, length, &slot))
		(*services)[slot].count += count;
	else if (has_room(*services, *service_count, name, length))
		insert_service(services, service_count, slot, name, length,
		    count);
	else
		add_service(services, service_count, AGG_OTHER_SERVICES,
		    strlen(AGG_OTHER_SERVICES), count);
}

/* Adds COUNT to the selected records of the service NAME (LENGTH bytes,
 * see add_service). */
void
agg_add_service(struct agg *agg, const char *name, size_t length,
    uint64_t count)
{
	add_service(&agg->services, &agg->service_count, name, length, count);
}

/* Adds COUNT to the records of the service NAME (LENGTH bytes) that the
 * filters left out. */
void
agg_add_unselected_service(struct agg *agg, const char *name, size_t length,
    uint64_t count)
{
	add_service(&agg->unselected.services, &agg->unselected.service_count,
	    name, length, count);
}

/* Returns the count of the service NAME, 0 if it is not kept. */
uint64_t
agg_service_count(const struct agg *agg, const char *name)
{
	size_t slot;

	if (!find_service(agg->services, agg->service_count, name,
	    strlen(name), &slot))
		return 0;
	return agg->services[slot].count;
}

/* Counts one duration; the sum sticks at UINT64_MAX rather than wrap. */
void
agg_add_duration(struct agg *agg, uint64_t duration_ms)
{
	agg->duration_count++;
	agg->duration_sum = add_saturating(agg->duration_sum, duration_ms);
	if (duration_ms < agg->duration_min)
		agg->duration_min = duration_ms;
	if (duration_ms > agg->duration_max)
		agg->duration_max = duration_ms;
	histogram_add(&agg->durations, duration_ms);
}

/* Returns the PERCENT percentile of the durations (histogram_percentile),
 * kept between the smallest and the largest one seen, where the true
 * percentile is: so constant durations report themselves. 0 if none. */
uint64_t
agg_duration_percentile(const struct agg *agg, double percent)
{
	uint64_t value = histogram_percentile(&agg->durations, percent);

	if (agg->duration_count == 0)
		return 0;
	if (value < agg->duration_min)
		return agg->duration_min;
	return value > agg->duration_max ? agg->duration_max : value;
}

/* Compares SEC.NSEC with TIME: negative if earlier, 0 if equal, positive
 * if later. */
static int
compare_time(int64_t sec, int32_t nsec, const struct agg_time *time)
{
	if (sec != time->sec)
		return sec < time->sec ? -1 : 1;
	return (nsec > time->nsec) - (nsec < time->nsec);
}

/* Sets TIME to SEC.NSEC read from TEXT (LENGTH bytes). A timestamp too
 * long to keep whole has dozens of fraction digits, of which only nine
 * count: its start (to the ninth digit) and its end (more digits, zone)
 * are kept and the digits between dropped, so the text still parses to
 * the same instant. */
static void
set_time(struct agg_time *time, int64_t sec, int32_t nsec, const char *text,
    size_t length)
{
	size_t head = length, tail = 0;

	if (length > AGG_TIMESTAMP_MAX - 1) {
		head = TIME_TEXT_HEAD;
		tail = TIME_TEXT_TAIL;
	}
	memcpy(time->text, text, head);
	memcpy(time->text + head, text + length - tail, tail);
	time->text[head + tail] = '\0';
	time->sec = sec;
	time->nsec = nsec;
	time->set = 1;
}

/* Counts a timestamp, SEC.NSEC as timestamp_parse read it from TEXT
 * (LENGTH bytes): the earliest and the latest are kept. */
void
agg_add_time(struct agg *agg, int64_t sec, int32_t nsec, const char *text,
    size_t length)
{
	if (!agg->first.set || compare_time(sec, nsec, &agg->first) < 0)
		set_time(&agg->first, sec, nsec, text, length);
	if (!agg->last.set || compare_time(sec, nsec, &agg->last) > 0)
		set_time(&agg->last, sec, nsec, text, length);
}

/* Like agg_add_time, with the time written in RFC 3339 UTC, formatted
 * only when it is a new first or last. */
void
agg_add_utc_time(struct agg *agg, int64_t sec, int32_t nsec)
{
	char text[AGG_TIMESTAMP_MAX];
	size_t length;

	if (agg->first.set && compare_time(sec, nsec, &agg->first) >= 0 &&
	    agg->last.set && compare_time(sec, nsec, &agg->last) <= 0)
		return;
	length = timestamp_format_memo(&agg->utc_memo, sec, nsec, text,
	    sizeof text);
	agg_add_time(agg, sec, nsec, text, length);
}

/* Adds the line and record counts of FROM to INTO. */
static void
merge_counts(struct agg *into, const struct agg *from)
{
	int i, j;

	into->lines += from->lines;
	into->bytes += from->bytes;
	into->empty += from->empty;
	into->records += from->records;
	into->selected += from->selected;
	into->selected_bytes += from->selected_bytes;
	for (i = 0; i < AGG_REASON_COUNT; i++)
		into->rejected[i] += from->rejected[i];
	for (i = 0; i < AGG_REASON_COUNT; i++)
		for (j = 0; j < AGG_FIELDS; j++)
			into->rejected_fields[i][j] += from->rejected_fields[i][j];
	for (i = 0; i < LEVEL_COUNT; i++)
		into->levels[i] += from->levels[i];
	into->level_missing += from->level_missing;
	into->level_unknown += from->level_unknown;
}

/* Adds the durations of FROM to INTO. */
static void
merge_durations(struct agg *into, const struct agg *from)
{
	into->duration_count += from->duration_count;
	into->duration_sum = add_saturating(into->duration_sum,
	    from->duration_sum);
	if (from->duration_min < into->duration_min)
		into->duration_min = from->duration_min;
	if (from->duration_max > into->duration_max)
		into->duration_max = from->duration_max;
	histogram_merge(&into->durations, &from->durations);
}

/* Adds the levels and services that FROM's filters left out to INTO. */
static void
merge_unselected(struct agg *into, const struct agg *from)
{
	const struct agg_unselected *unselected = &from->unselected;
	size_t i;

	for (i = 0; i < LEVEL_COUNT; i++)
		into->unselected.levels[i] += unselected->levels[i];
	into->unselected.level_missing += unselected->level_missing;
	into->unselected.level_unknown += unselected->level_unknown;
	for (i = 0; i < unselected->service_count; i++)
		agg_add_unselected_service(into, unselected->services[i].name,
		    unselected->services[i].length,
		    unselected->services[i].count);
}

/* Adds everything FROM counted to INTO; FROM is unchanged. */
void
agg_merge(struct agg *into, const struct agg *from)
{
	const struct agg_service *service;
	size_t i;

	merge_counts(into, from);
	spellings_merge(&into->level_spellings, &from->level_spellings);
	for (i = 0; i < from->service_count; i++) {
		service = &from->services[i];
		agg_add_service(into, service->name, strlen(service->name),
		    service->count);
	}
	merge_unselected(into, from);
	merge_durations(into, from);
	if (from->first.set)
		agg_add_time(into, from->first.sec, from->first.nsec,
		    from->first.text, strlen(from->first.text));
	if (from->last.set)
		agg_add_time(into, from->last.sec, from->last.nsec,
		    from->last.text, strlen(from->last.text));
}

/* Copies the COUNT services FROM into INTO, an array of AGG_MAX_SERVICES
 * whose names are freed, or NULL (allocated then if COUNT is not 0).
 * Returns INTO. */
static struct agg_service *
copy_services(struct agg_service *into, const struct agg_service *from,
    size_t count)
{
	size_t i;

	if (count > 0 && into == NULL)
		into = xcalloc(AGG_MAX_SERVICES, sizeof *into);
	for (i = 0; i < count; i++) {
		into[i] = from[i];
		into[i].name = xstrdup(from[i].name);
	}
	return into;
}

/* Makes INTO an independent copy of FROM. INTO must have been set up by
 * agg_init (it may hold an earlier copy, whose memory is reused or freed). */
void
agg_copy(struct agg *into, const struct agg *from)
{
	struct agg_service *services = into->services;
	struct agg_service *unselected = into->unselected.services;

	free_service_names(into);
	*into = *from;
	into->services = copy_services(services, from->services,
	    from->service_count);
	into->unselected.services = copy_services(unselected,
	    from->unselected.services, from->unselected.service_count);
}

uint64_t
agg_rejected_total(const struct agg *agg)
{
	uint64_t total = 0;
	int reason;

	for (reason = 0; reason < AGG_REASON_COUNT; reason++)
		total += agg->rejected[reason];
	return total;
}

/* Returns VALUE as a JSON integer, clamped to what json_int_t holds. */
static json_t *
count_to_json(uint64_t value)
{
	return json_integer((json_int_t)(value < JSON_COUNT_MAX ? value :
	    JSON_COUNT_MAX));
}

static void
set_count(json_t *object, const char *key, uint64_t value)
{
	json_object_set_new(object, key, count_to_json(value));
}

static json_t *
rejected_to_json(const struct agg *agg)
{
	json_t *object = json_object();
	int reason;

	for (reason = 0; reason < AGG_REASON_COUNT; reason++)
		set_count(object, reason_names[reason], agg->rejected[reason]);
	return object;
}

/* Returns the rejections by reason and field, {"wrong_type": {"level":
 * 3}}, or NULL when no field was blamed for one. */
static json_t *
rejected_fields_to_json(const struct agg *agg)
{
	json_t *object = NULL, *fields;
	int reason, field;

	for (reason = 0; reason < AGG_REASON_COUNT; reason++) {
		fields = NULL;
		for (field = 0; field < AGG_FIELDS; field++) {
			if (agg->rejected_fields[reason][field] == 0)
				continue;
			if (fields == NULL)
				fields = json_object();
			set_count(fields, schema_field_name((enum schema_field)field),
			    agg->rejected_fields[reason][field]);
		}
		if (fields == NULL)
			continue;
		if (object == NULL)
			object = json_object();
		json_object_set_new(object, reason_names[reason], fields);
	}
	return object;
}

static json_t *
levels_to_json(const struct agg *agg)
{
	json_t *object = json_object();
	int level;

	for (level = 0; level < LEVEL_COUNT; level++)
		set_count(object, level_name((enum level)level),
		    agg->levels[level]);
	set_count(object, "missing", agg->level_missing);
	set_count(object, "unknown", agg->level_unknown);
	if (agg->level_spellings.count > 0)
		json_object_set_new(object, "unknown_spellings",
		    spellings_to_json(&agg->level_spellings));
	return object;
}

/* Returns {name: count, ...} in name order. The names come from records
 * Jansson accepted, so they are valid UTF-8 as JSON keys must be. */
static json_t *
services_to_json(const struct agg *agg)
{
	json_t *object = json_object();
	size_t i;

	for (i = 0; i < agg->service_count; i++)
		set_count(object, agg->services[i].name,
		    agg->services[i].count);
	return object;
}

/* Returns [[bucket low value, count], ...] for the buckets in use. */
static json_t *
histogram_to_json(const struct histogram *histogram)
{
	json_t *array = json_array();
	size_t bucket;

	for (bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket++) {
		if (histogram->counts[bucket] == 0)
			continue;
		json_array_append_new(array, json_pack("[o, o]",
		    count_to_json(histogram_bucket_low(bucket)),
		    count_to_json(histogram->counts[bucket])));
	}
	return array;
}

/* Returns VALUE as JSON, or null when no duration was counted. */
static json_t *
statistic_to_json(const struct agg *agg, uint64_t value)
{
	return agg->duration_count == 0 ? json_null() : count_to_json(value);
}

static json_t *
durations_to_json(const struct agg *agg)
{
	json_t *object = json_object();
	size_t i;

	set_count(object, "count", agg->duration_count);
	set_count(object, "sum", agg->duration_sum);
	json_object_set_new(object, "min",
	    statistic_to_json(agg, agg->duration_min));
	json_object_set_new(object, "max",
	    statistic_to_json(agg, agg->duration_max));
	for (i = 0; i < PERCENTILES; i++)
		json_object_set_new(object, percentiles[i].key,
		    statistic_to_json(agg, agg_duration_percentile(agg,
		    percentiles[i].percent)));
	json_object_set_new(object, "histogram",
	    histogram_to_json(&agg->durations));
	return object;
}

static json_t *
time_to_json(const struct agg_time *time)
{
	return time->set ? json_string(time->text) : json_null();
}

/* Returns AGG as a new JSON object for the checkpoint, keys in a fixed
 * order (dump it with JSON_PRESERVE_ORDER). The caller owns it. */
json_t *
agg_to_json(const struct agg *agg)
{
	json_t *object = json_object(), *fields;

	set_count(object, "lines", agg->lines);
	set_count(object, "bytes", agg->bytes);
	set_count(object, "empty", agg->empty);
	set_count(object, "records", agg->records);
	set_count(object, "selected", agg->selected);
	set_count(object, "selected_bytes", agg->selected_bytes);
	json_object_set_new(object, "rejected", rejected_to_json(agg));
	if ((fields = rejected_fields_to_json(agg)) != NULL)
		json_object_set_new(object, "rejected_fields", fields);
	json_object_set_new(object, "levels", levels_to_json(agg));
	json_object_set_new(object, "services", services_to_json(agg));
	json_object_set_new(object, "duration_ms", durations_to_json(agg));
	json_object_set_new(object, "first_timestamp",
	    time_to_json(&agg->first));
	json_object_set_new(object, "last_timestamp",
	    time_to_json(&agg->last));
	return object;
}

/* Sets *CAUSE to "PREFIXKEY: WHAT" and returns -1. PREFIX is the path of
 * the enclosing object with a trailing dot, or "" at the top. */
static int
field_error(char **cause, const char *prefix, const char *key,
    const char *what)
{
	xasprintf(cause, "%s%s: %s", prefix, key, what);
	return -1;
}

/* Reads VALUE, which must be a non-negative integer, into *OUT. */
static int
read_count(json_t *value, const char *prefix, const char *key, uint64_t *out,
    char **cause)
{
	if (!json_is_integer(value) || json_integer_value(value) < 0)
		return field_error(cause, prefix, key,
		    _("not a non-negative integer"));
	*out = (uint64_t)json_integer_value(value);
	return 0;
}

/* Finds OBJECT[KEY], which must be present, and stores it in *VALUE. */
static int
get_member(json_t *object, const char *prefix, const char *key,
    json_t **value, char **cause)
{
	if ((*value = json_object_get(object, key)) == NULL)
		return field_error(cause, prefix, key, _("missing"));
	return 0;
}

static int
get_count(json_t *object, const char *prefix, const char *key, uint64_t *out,
    char **cause)
{
	json_t *value;

	if (get_member(object, prefix, key, &value, cause) != 0)
		return -1;
	return read_count(value, prefix, key, out, cause);
}

static int
get_object(json_t *object, const char *prefix, const char *key,
    json_t **value, char **cause)
{
	if (get_member(object, prefix, key, value, cause) != 0)
		return -1;
	if (!json_is_object(*value))
		return field_error(cause, prefix, key, _("not an object"));
	return 0;
}

static int
read_line_counts(struct agg *agg, json_t *json, char **cause)
{
	if (get_count(json, "", "lines", &agg->lines, cause) != 0 ||
	    get_count(json, "", "bytes", &agg->bytes, cause) != 0 ||
	    get_count(json, "", "empty", &agg->empty, cause) != 0 ||
	    get_count(json, "", "records", &agg->records, cause) != 0 ||
	    get_count(json, "", "selected", &agg->selected, cause) != 0 ||
	    get_count(json, "", "selected_bytes", &agg->selected_bytes,
	    cause) != 0)
		return -1;
	return 0;
}

/* Reads "rejected_fields" (JSON; NULL: none, as older checkpoints). */
static int
read_rejected_fields(struct agg *agg, json_t *json, char **cause)
{
	enum schema_field field;
	const char *reason_key, *field_key;
	json_t *fields, *count;
	int reason;

	if (json == NULL)
		return 0;
	if (!json_is_object(json))
		return (xasprintf(cause, _("rejected_fields: not an object")), -1);
	json_object_foreach(json, reason_key, fields) {
		for (reason = 0; reason < AGG_REASON_COUNT; reason++)
			if (strcmp(reason_names[reason], reason_key) == 0)
				break;
		if (reason == AGG_REASON_COUNT || !json_is_object(fields))
			return (xasprintf(cause, _("rejected_fields.%s: not a "
			    "reason's fields"), reason_key), -1);
		json_object_foreach(fields, field_key, count) {
			if (schema_field_parse(field_key, &field) != 0 ||
			    !json_is_integer(count) || json_integer_value(count) < 0)
				return (xasprintf(cause, _("rejected_fields.%s.%s: "
				    "not a field's count"), reason_key, field_key), -1);
			agg->rejected_fields[reason][field] =
			    (uint64_t)json_integer_value(count);
		}
	}
	return 0;
}

static int
read_rejected(struct agg *agg, json_t *json, char **cause)
{
	json_t *rejected;
	int reason;

	if (get_object(json, "", "rejected", &rejected, cause) != 0)
		return -1;
	for (reason = 0; reason < AGG_REASON_COUNT; reason++) {
		if (get_count(rejected, "rejected.", reason_names[reason],
		    &agg->rejected[reason], cause) != 0)
			return -1;
	}
	return read_rejected_fields(agg, json_object_get(json,
	    "rejected_fields"), cause);
}

static int
read_levels(struct agg *agg, json_t *json, char **cause)
{
	json_t *levels, *spellings;
	char *reason;
	int level;

	if (get_object(json, "", "levels", &levels, cause) != 0)
		return -1;
	for (level = 0; level < LEVEL_COUNT; level++) {
		if (get_count(levels, "levels.", level_name((enum level)level),
		    &agg->levels[level], cause) != 0)
			return -1;
	}
	if (get_count(levels, "levels.", "missing", &agg->level_missing,
	    cause) != 0 ||
	    get_count(levels, "levels.", "unknown", &agg->level_unknown,
	    cause) != 0)
		return -1;
	spellings = json_object_get(levels, "unknown_spellings");
	if (spellings != NULL && spellings_from_json(&agg->level_spellings,
	    spellings, &reason) != 0) {
		xasprintf(cause, "levels.unknown_spellings: %s", reason);
		free(reason);
		return -1;
	}
	return 0;
}

/* Reads the services. Their number is capped as agg_add_service caps it:
 * AGG_MAX_SERVICES with AGG_OTHER_SERVICES among them, one fewer without. */
static int
read_services(struct agg *agg, json_t *json, char **cause)
{
	json_t *services, *value;
	const char *name;
	size_t limit = AGG_MAX_SERVICES;
	uint64_t count;

	if (get_object(json, "", "services", &services, cause) != 0)
		return -1;
	if (json_object_get(services, AGG_OTHER_SERVICES) == NULL)
		limit--;
	if (json_object_size(services) > limit)
		return field_error(cause, "", "services",
		    _("too many services"));
	json_object_foreach(services, name, value) {
		if (read_count(value, "services.", name, &count, cause) != 0)
			return -1;
		agg_add_service(agg, name, strlen(name), count);
	}
	return 0;
}

/* Reads duration_ms.KEY into *OUT: null when no duration was counted
 * (*OUT is then left alone), a non-negative integer otherwise. */
static int
get_statistic(const struct agg *agg, json_t *durations, const char *key,
    uint64_t *out, char **cause)
{
	json_t *value;

	if (get_member(durations, "duration_ms.", key, &value, cause) != 0)
		return -1;
	if (agg->duration_count == 0 && !json_is_null(value))
		return field_error(cause, "duration_ms.", key,
		    _("not null although count is 0"));
	if (agg->duration_count == 0)
		return 0;
	return read_count(value, "duration_ms.", key, out, cause);
}

/* Sets *CAUSE for entry INDEX of the histogram and returns -1. */
static int
bucket_error(char **cause, size_t index, const char *what)
{
	xasprintf(cause, "duration_ms.histogram[%zu]: %s", index, what);
	return -1;
}

/* Reads entry INDEX of the histogram, PAIR, into AGG's histogram. Its
 * counts may not go past duration_ms.count, read before. */
static int
read_bucket(struct agg *agg, json_t *pair, size_t index, char **cause)
{
	json_t *low_json = json_array_get(pair, 0);
	json_t *count_json = json_array_get(pair, 1);
	uint64_t low, count;
	size_t bucket;

	if (json_array_size(pair) != HISTOGRAM_PAIR ||
	    !json_is_integer(low_json) || json_integer_value(low_json) < 0 ||
	    !json_is_integer(count_json) || json_integer_value(count_json) <= 0)
		return bucket_error(cause, index,
		    _("not a [value, count] pair with a positive count"));
	low = (uint64_t)json_integer_value(low_json);
	count = (uint64_t)json_integer_value(count_json);
	bucket = histogram_bucket(low);
	if (histogram_bucket_low(bucket) != low)
		return bucket_error(cause, index, _("not a bucket boundary"));
	if (agg->durations.counts[bucket] != 0)
		return bucket_error(cause, index, _("bucket repeated"));
	if (count > agg->duration_count - agg->durations.total)
		return bucket_error(cause, index,
		    _("counts add up to more than duration_ms.count"));
	histogram_add_bucket(&agg->durations, bucket, count);
	return 0;
}

static int
read_histogram(struct agg *agg, json_t *durations, char **cause)
{
	json_t *histogram, *pair;
	size_t index;

	if (get_member(durations, "duration_ms.", "histogram", &histogram,
	    cause) != 0)
		return -1;
	if (!json_is_array(histogram))
		return field_error(cause, "duration_ms.", "histogram",
		    _("not an array"));
	json_array_foreach(histogram, index, pair) {
		if (read_bucket(agg, pair, index, cause) != 0)
			return -1;
	}
	if (agg->durations.total != agg->duration_count)
		return field_error(cause, "duration_ms.", "histogram",
		    _("counts add up to less than duration_ms.count"));
	return 0;
}

/* Reads the durations. The percentiles are only checked for type: they
 * are worked out from the histogram. */
static int
read_durations(struct agg *agg, json_t *json, char **cause)
{
	json_t *durations;
	uint64_t percentile;
	size_t i;

	if (get_object(json, "", "duration_ms", &durations, cause) != 0 ||
	    get_count(durations, "duration_ms.", "count", &agg->duration_count,
	    cause) != 0 ||
	    get_count(durations, "duration_ms.", "sum", &agg->duration_sum,
	    cause) != 0 ||
	    get_statistic(agg, durations, "min", &agg->duration_min,
	    cause) != 0 ||
	    get_statistic(agg, durations, "max", &agg->duration_max,
	    cause) != 0)
		return -1;
	for (i = 0; i < PERCENTILES; i++) {
		if (get_statistic(agg, durations, percentiles[i].key,
		    &percentile, cause) != 0)
			return -1;
	}
	return read_histogram(agg, durations, cause);
}

/* Reads JSON[KEY], null or a timestamp text, into TIME. */
static int
read_time(struct agg_time *time, json_t *json, const char *key, char **cause)
{
	json_t *value;
	const char *text;
	size_t length;

	if (get_member(json, "", key, &value, cause) != 0)
		return -1;
	if (json_is_null(value))
		return 0;
	if (!json_is_string(value))
		return field_error(cause, "", key, _("not a string or null"));
	text = json_string_value(value);
	length = json_string_length(value);
	if (length > AGG_TIMESTAMP_MAX - 1)
		return field_error(cause, "", key, _("too long"));
	if (timestamp_parse(text, length, &time->sec, &time->nsec) != 0)
		return field_error(cause, "", key,
		    _("not an RFC 3339 timestamp"));
	memcpy(time->text, text, length + 1);
	time->set = 1;
	return 0;
}

/* Loads into AGG, which must be freshly set up by agg_init, what
 * agg_to_json wrote. Every field must be there with its type and a
 * consistent value. Returns 0, or -1 with *CAUSE (allocated) naming the
 * field from JSON down, as "duration_ms.histogram[3]: not a bucket
 * boundary" (the caller says where JSON is); AGG then holds part of the
 * data, for agg_free. */
int
agg_from_json(struct agg *agg, json_t *json, char **cause)
{
	if (!json_is_object(json)) {
		*cause = xstrdup(_("not an object"));
		return -1;
	}
	if (read_line_counts(agg, json, cause) != 0 ||
	    read_rejected(agg, json, cause) != 0 ||
	    read_levels(agg, json, cause) != 0 ||
	    read_services(agg, json, cause) != 0 ||
	    read_durations(agg, json, cause) != 0 ||
	    read_time(&agg->first, json, "first_timestamp", cause) != 0 ||
	    read_time(&agg->last, json, "last_timestamp", cause) != 0)
		return -1;
	return 0;
}
