/* ingest.h: one line in, counts out. Parses a line (the fast path, or
 * Jansson), finds the fields where its schema says, decides whether it
 * is a record, rejects it with a reason if not, applies the filters and
 * adds what it finds to an agg. */
#ifndef LOGPROC_INGEST_H
#define LOGPROC_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "common/level.h"
#include "engine/agg.h"
#include "engine/arena.h"
#include "engine/fastpath.h"
#include "engine/timestamp.h"
#include "schema/schema.h"

#define FILTER_NO_LEVEL (-1)
#define INGEST_DETAIL_MAX 160	/* bytes of a rejection's description */

/* Which records are selected: all of them unless a filter is set. */
struct filter {
	int min_level;			/* an enum level, or FILTER_NO_LEVEL */
	char **services;		/* selected services; none: all */
	size_t service_count;
	int has_min_duration;
	uint64_t min_duration;		/* duration_ms at least this */
};

enum ingest_result {
	INGEST_EMPTY,			/* an empty line, skipped */
	INGEST_SELECTED,		/* a record the filters select */
	INGEST_FILTERED,		/* a record the filters leave out */
	INGEST_REJECTED,		/* not a record: see *reason */
};

/* Which parser reads a line; both count every line alike. */
enum ingest_parser {
	INGEST_FAST,			/* the fast path where it fits the
					   schema, Jansson when unsure */
	INGEST_JANSSON			/* Jansson alone */
};

/* What the last line's records held, for --schema auto. */
enum {
	INGEST_FOUND_TIME = 1,
	INGEST_FOUND_LEVEL = 2,		/* a level the tables know */
	INGEST_FOUND_SPELLING = 4,	/* a level they do not */
	INGEST_FOUND_SERVICE = 8,
	INGEST_FOUND_MESSAGE = 16,
	INGEST_FOUND_DURATION = 32
};

/* One reader's way of taking lines: its filter and parser, and what it
 * remembers from one line to the next. */
struct ingest {
	const struct filter *filter;
	const struct schema *schema;	/* in force for the line being read */
	const struct schema *own;	/* the one ingest_init was given */
	struct fastpath_table *table;	/* the fast path's, for other schemas
					   than logproc; NULL: Jansson */
	struct fastpath_table *inner_table;	/* docker's inner schema's */
	enum ingest_parser parser;
	int logproc_fast;		/* the logproc schema's own scanner */
	struct timestamp_memo time;
	struct arena arena;		/* for Jansson's parse of a line */
	unsigned found;			/* INGEST_FOUND_* of the last line */
	int blamed;			/* the field it was rejected for, or -1 */
	int want_detail;		/* describe the next rejection */
	char detail[INGEST_DETAIL_MAX];	/* what was wrong: the field and the
					   problem (untrusted bytes) */
};

void ingest_init(struct ingest *ingest, const struct filter *filter,
    const struct schema *schema, enum ingest_parser parser);
void ingest_free(struct ingest *ingest);
enum ingest_result ingest_line(struct ingest *ingest, struct agg *agg,
    const char *data, size_t length, size_t raw_length,
    enum agg_reason *reason);
void ingest_too_long(struct agg *agg, size_t raw_length);
int filter_is_set(const struct filter *filter);
json_t *filter_to_json(const struct filter *filter);

#endif /* LOGPROC_INGEST_H */
