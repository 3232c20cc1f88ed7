/* fuzz_parser.c: a differential fuzz target for the two record parsers.
 * An input is read as one line and, when it holds '\n', each piece
 * between them as a line too. For each line:
 *  - ingest_line() with the fast path (INGEST_FAST) and with Jansson alone
 *    (INGEST_JANSSON), on fresh aggs, without a filter and with three:
 *    the results, the reasons and the whole aggs must be the same
 *    (compared field by field, shown as agg_to_json() when they differ);
 *  - fastpath_scan() directly: when it says FASTPATH_OK, Jansson must
 *    accept the line as an object, and each field the scanner reports must
 *    have Jansson's type and value (timestamp, level and service byte for
 *    byte, integers exactly).
 * A difference prints the line and what differed, then abort()s, so that
 * libFuzzer keeps the input as a crash file. */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/level.h"
#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/arena.h"
#include "engine/fastpath.h"
#include "engine/ingest.h"
#include "fuzz.h"
#include "schema/schema.h"

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)	/* ingest.c's */
#define UNSET_BYTE 0xa5		/* fills a record before the scan */
#define PRINT_MAX 2048		/* bytes of a line shown in a report */
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const char *const field_names[FASTPATH_FIELDS] = {
	"timestamp", "level", "service", "message", "request_id", "user_id",
	"duration_ms"
};

static const char *const result_names[] = {
	"empty", "selected", "filtered", "rejected"	/* enum ingest_result */
};

static char service_api[] = "api-gateway";
static char service_auth[] = "auth-service";
static char *services[] = { service_api, service_auth };

/* Every line is counted under each of these selections. */
static const struct filter filters[] = {
	{ .min_level = FILTER_NO_LEVEL },
	{ .min_level = LEVEL_WARNING },
	{ .min_level = FILTER_NO_LEVEL, .services = services,
	  .service_count = COUNT_OF(services), .has_min_duration = 1,
	  .min_duration = 100 },
	{ .min_level = LEVEL_ERROR, .services = services, .service_count = 1,
	  .has_min_duration = 1, .min_duration = 0 },
};

/* Prints LABEL and the LENGTH bytes of TEXT to stderr, bytes outside
 * printable ASCII as \xHH, at most PRINT_MAX of them. */
static void
print_bytes(const char *label, const char *text, size_t length)
{
	size_t i;

	fprintf(stderr, "  %s (%zu bytes): ", label, length);
	for (i = 0; i < length && i < PRINT_MAX; i++) {
		unsigned char byte = (unsigned char)text[i];

		if (byte >= 0x20 && byte < 0x7f && byte != '\\')
			fputc(byte, stderr);
		else
			fprintf(stderr, "\\x%02x", byte);
	}
	fputs(i < length ? " ...\n" : "\n", stderr);
}

/* Reports that the parsers differ on LINE (LENGTH bytes), saying how in
 * FMT, and aborts. */
static void __attribute__((noreturn, format(printf, 3, 4)))
differ(const char *line, size_t length, const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz_parser: the fast path and Jansson differ: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_bytes("line", line, length);
	abort();
}

/* Returns the name of JSON's type, "nothing" for NULL. */
static const char *
type_name(const json_t *json)
{
	if (json == NULL)
		return "nothing";
	switch (json_typeof(json)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real";
	default:
		return "a literal";
	}
}

/* Checks a string the scanner extracted (VALUE) against Jansson's (JSON):
 * byte for byte for the fields whose text is used. */
static void
check_string(const char *line, size_t length, enum fastpath_field field,
    const struct fastpath_value *value, json_t *json)
{
	if (!json_is_string(json))
		differ(line, length, "%s: fast path a string, Jansson %s",
		    field_names[field], type_name(json));
	if (field > FASTPATH_SERVICE)
		return;		/* only its type is used */
	if (value->length != json_string_length(json) ||
	    memcmp(value->text, json_string_value(json), value->length) != 0) {
		print_bytes("fast path text", value->text, value->length);
		print_bytes("Jansson text", json_string_value(json),
		    json_string_length(json));
		differ(line, length, "%s: the strings differ", field_names[field]);
	}
}

/* Checks the value the scanner reported for FIELD against Jansson's
 * (JSON, NULL when absent). */
static void
check_value(const char *line, size_t length, enum fastpath_field field,
    const struct fastpath_value *value, json_t *json)
{
	const char *name = field_names[field];

	switch (value->type) {
	case FASTPATH_ABSENT:
		if (json != NULL)
			differ(line, length, "%s: fast path absent, Jansson %s",
			    name, type_name(json));
		break;
	case FASTPATH_STRING:
		check_string(line, length, field, value, json);
		break;
	case FASTPATH_INTEGER:
		if (!json_is_integer(json) ||
		    json_integer_value(json) != value->integer)
			differ(line, length, "%s: fast path the integer %lld, "
			    "Jansson %s %lld", name, (long long)value->integer,
			    type_name(json), json_is_integer(json) ?
			    (long long)json_integer_value(json) : 0LL);
		break;
	case FASTPATH_LITERAL:
		if (!json_is_true(json) && !json_is_false(json) &&
		    !json_is_null(json))
			differ(line, length, "%s: fast path a literal, Jansson %s",
			    name, type_name(json));
		break;
	case FASTPATH_REAL:
		if (!json_is_real(json) || json_real_value(json) != value->real)
			differ(line, length, "%s: fast path the real %.17g, "
			    "Jansson %s", name, value->real, type_name(json));
		break;
	case FASTPATH_NESTED:
		if (!json_is_object(json) && !json_is_array(json))
			differ(line, length, "%s: fast path nested, Jansson %s",
			    name, type_name(json));
		break;
	default:
		differ(line, length, "%s: fast path left no type (%d)", name,
		    (int)value->type);
	}
}

/* Scans LINE with the fast path alone; if it says OK, checks that Jansson
 * reads an object with the same fields. */
static void
check_scan(const char *line, size_t length)
{
	struct fastpath_record record;
	json_error_t error;
	json_t *root;
	int field;

	memset(&record, UNSET_BYTE, sizeof record);
	if (fastpath_scan(line, length, &record) != FASTPATH_OK)
		return;
	root = json_loadb(line, length, JSON_FLAGS, &error);
	if (root == NULL)
		differ(line, length, "fastpath_scan says OK, Jansson refuses "
		    "the line: %s (at byte %d)", error.text, error.position);
	if (!json_is_object(root))
		differ(line, length, "fastpath_scan says OK, Jansson reads %s",
		    type_name(root));
	for (field = 0; field < FASTPATH_FIELDS; field++)
		check_value(line, length, (enum fastpath_field)field,
		    &record.fields[field], json_object_get(root,
		    field_names[field]));
	json_decref(root);
}

/* Returns 1 if the times A and B are the same, text included. */
static int
times_equal(const struct agg_time *a, const struct agg_time *b)
{
	return a->set == b->set && a->sec == b->sec && a->nsec == b->nsec &&
	    strcmp(a->text, b->text) == 0;
}

/* Returns 1 if the aggs A and B hold the same counts. Field by field: it
 * runs for every line, and agg_to_json() would cost more than the parse. */
/* Returns 1 if A and B hold the same spellings, in the same order. */
static int
spellings_equal(const struct spellings *a, const struct spellings *b)
{
	size_t i;

	if (a->count != b->count || a->other != b->other)
		return 0;
	for (i = 0; i < a->count; i++)
		if (a->items[i].count != b->items[i].count ||
		    strcmp(a->items[i].text, b->items[i].text) != 0)
			return 0;
	return 1;
}

static int
aggs_equal(const struct agg *a, const struct agg *b)
{
	size_t i;

	if (a->lines != b->lines || a->bytes != b->bytes ||
	    a->empty != b->empty || a->records != b->records ||
	    a->selected != b->selected ||
	    a->selected_bytes != b->selected_bytes ||
	    memcmp(a->rejected, b->rejected, sizeof a->rejected) != 0 ||
	    memcmp(a->rejected_fields, b->rejected_fields,
	    sizeof a->rejected_fields) != 0 ||
	    !spellings_equal(&a->level_spellings, &b->level_spellings) ||
	    memcmp(a->levels, b->levels, sizeof a->levels) != 0 ||
	    a->level_missing != b->level_missing ||
	    a->level_unknown != b->level_unknown ||
	    a->duration_count != b->duration_count ||
	    a->duration_sum != b->duration_sum ||
	    a->duration_min != b->duration_min ||
	    a->duration_max != b->duration_max ||
	    memcmp(&a->durations, &b->durations, sizeof a->durations) != 0 ||
	    !times_equal(&a->first, &b->first) ||
	    !times_equal(&a->last, &b->last) ||
	    a->service_count != b->service_count)
		return 0;
	for (i = 0; i < a->service_count; i++) {
		if (a->services[i].count != b->services[i].count ||
		    strcmp(a->services[i].name, b->services[i].name) != 0)
			return 0;
	}
	return 1;
}

/* Prints AGG as its JSON, after LABEL. */
static void
print_agg(const char *label, const struct agg *agg)
{
	json_t *json = agg_to_json(agg);
	char *text = json_dumps(json, JSON_PRESERVE_ORDER | JSON_COMPACT);

	fprintf(stderr, "  %s: %s\n", label, text != NULL ? text : "?");
	free(text);
	json_decref(json);
}

/* Checks that the aggs FAST and JANSSON hold the same counts. */
static void
check_aggs(const char *line, size_t length, const char *schema,
    size_t filter, const struct agg *fast, const struct agg *jansson)
{
	if (aggs_equal(fast, jansson))
		return;
	print_agg("fast path agg", fast);
	print_agg("Jansson agg  ", jansson);
	differ(line, length, "the aggs differ (schema %s, filter %zu)", schema,
	    filter);
}

/* Counts LINE with both parsers under each filter, read by SCHEMA, and
 * compares what they say and count. */
static void
check_ingest_schema(const char *line, size_t length,
    const struct schema *schema)
{
	enum ingest_result fast_result, jansson_result;
	enum agg_reason fast_reason, jansson_reason;
	struct ingest fast_ingest, jansson_ingest;
	struct agg fast, jansson;
	size_t i;

	for (i = 0; i < COUNT_OF(filters); i++) {
		ingest_init(&fast_ingest, &filters[i], schema, INGEST_FAST);
		ingest_init(&jansson_ingest, &filters[i], schema, INGEST_JANSSON);
		agg_init(&fast);
		agg_init(&jansson);
		fast_reason = jansson_reason = AGG_REASON_COUNT;
		fast_result = ingest_line(&fast_ingest, &fast, line, length,
		    length + 1, &fast_reason);
		jansson_result = ingest_line(&jansson_ingest, &jansson, line,
		    length, length + 1, &jansson_reason);
		if (fast_result != jansson_result)
			differ(line, length, "ingest_line says %s with the fast "
			    "path, %s with Jansson (schema %s, filter %zu)",
			    result_names[fast_result], result_names[jansson_result],
			    schema->name, i);
		if (fast_result == INGEST_REJECTED && fast_reason != jansson_reason)
			differ(line, length, "rejected as %s with the fast path, "
			    "as %s with Jansson (schema %s)",
			    agg_reason_name(fast_reason),
			    agg_reason_name(jansson_reason), schema->name);
		check_aggs(line, length, schema->name, i, &fast, &jansson);
		agg_free(&fast);
		agg_free(&jansson);
		ingest_free(&fast_ingest);
		ingest_free(&jansson_ingest);
	}
}

/* Returns the built-in schemas, made once, NULL-ended. */
static struct schema *const *
all_schemas(void)
{
	static struct schema *schemas[64];
	const char *const *names;
	size_t i;

	if (schemas[0] == NULL) {
		names = schema_builtin_names();
		for (i = 0; names[i] != NULL && i + 2 < COUNT_OF(schemas); i++)
			schemas[i] = schema_builtin(names[i]);
		schemas[i] = schema_builtin("docker:pino");
	}
	return schemas;
}

/* Counts LINE with both parsers under each filter and schema, and
 * compares what they say and count. */
static void
check_ingest(const char *line, size_t length)
{
	struct schema *const *schemas = all_schemas();
	size_t i;

	for (i = 0; schemas[i] != NULL; i++)
		check_ingest_schema(line, length, schemas[i]);
}

/* Runs both checks on a copy of the LENGTH bytes at DATA that has exactly
 * their size, so that AddressSanitizer sees any read past the line. */
static void
check_line(const char *data, size_t length)
{
	char *line = xmalloc(length);

	if (length > 0)
		memcpy(line, data, length);
	check_scan(line, length);
	check_ingest(line, length);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int installed;
	const char *text = (const char *)data, *end, *newline;

	if (!installed) {
		arena_install();	/* as logproc runs: ingest parses in arenas */
		installed = 1;
	}
	check_line(text, size);
	if (size == 0 || memchr(text, '\n', size) == NULL)
		return 0;
	end = text + size;
	for (;;) {
		newline = memchr(text, '\n', (size_t)(end - text));
		check_line(text, (size_t)((newline != NULL ? newline : end) - text));
		if (newline == NULL)
			return 0;
		text = newline + 1;
	}
}
