/* fastpath.h: a single-pass, validating scanner for the common record: one
 * flat JSON object whose values are strings, numbers, booleans or null.
 * It says either "this is a valid object, and here are the known fields"
 * (FASTPATH_OK), or "not sure" (FASTPATH_UNSURE): anything outside the
 * subset it handles (nesting, real numbers, escapes in the fields it
 * extracts, a long key list) and anything invalid goes to Jansson, which
 * stays the reference and decides every rejection and its reason. Its
 * one promise: it never says OK where Jansson would refuse the line, and
 * the fields it extracts are the ones Jansson would find. */
#ifndef LOGPROC_FASTPATH_H
#define LOGPROC_FASTPATH_H

#include <stddef.h>
#include <stdint.h>

#include "schema/schema.h"

enum fastpath_field {
	FASTPATH_TIMESTAMP,
	FASTPATH_LEVEL,
	FASTPATH_SERVICE,
	FASTPATH_MESSAGE,
	FASTPATH_REQUEST_ID,
	FASTPATH_USER_ID,
	FASTPATH_DURATION,		/* duration_ms */
	FASTPATH_FIELDS
};

/* A field's JSON type. The scanner makes the first four; ingest.c fills
 * the same record from Jansson's parse, with all of them. */
enum fastpath_type {
	FASTPATH_ABSENT,
	FASTPATH_STRING,		/* text, length */
	FASTPATH_INTEGER,		/* integer */
	FASTPATH_LITERAL,		/* true, false or null */
	FASTPATH_REAL,			/* real: Jansson only */
	FASTPATH_NESTED			/* an object or array: Jansson only */
};

/* A string's text is its value for timestamp, level and service (the
 * scanner gives up on escapes in those); for the other fields, only the
 * type is used and the text is left as written. */
struct fastpath_value {
	enum fastpath_type type;
	const char *text;
	size_t length;
	int64_t integer;
	double real;
	const char *path;		/* the candidate path it was found at;
					   NULL from fastpath_scan */
	int escaped;			/* a string holding escapes */
};

struct fastpath_record {
	struct fastpath_value fields[FASTPATH_FIELDS];
};

enum fastpath_result {
	FASTPATH_OK,
	FASTPATH_UNSURE
};

enum fastpath_result fastpath_scan(const char *line, size_t length,
    struct fastpath_record *record);

/* fastpath-table.c: the same for any schema. */
struct fastpath_table;

struct fastpath_table *fastpath_table_new(const struct schema *schema);
void fastpath_table_free(struct fastpath_table *table);
enum fastpath_result fastpath_scan_table(const struct fastpath_table *table,
    const char *line, size_t length, struct fastpath_record *record);
int fastpath_unescape(const char *text, size_t length, char *out,
    size_t *out_length);

#endif /* LOGPROC_FASTPATH_H */
