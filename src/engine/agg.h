/* agg.h: what the engine counts. Each worker fills its own struct agg
 * without locks and merges it into the engine's under the engine lock,
 * so shared counters are only ever touched with the lock held. */
#ifndef LOGPROC_AGG_H
#define LOGPROC_AGG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/level.h"
#include "engine/histogram.h"
#include "engine/spellings.h"
#include "engine/timestamp.h"

/* Why a line was rejected; the names are those of agg_reason_name(). */
enum agg_reason {
	AGG_INVALID_JSON,	/* not JSON, or duplicate keys */
	AGG_INVALID_UTF8,
	AGG_NOT_OBJECT,
	AGG_WRONG_TYPE,		/* a known field of the wrong JSON type */
	AGG_BAD_VALUE,		/* right type, impossible value */
	AGG_TOO_LONG,		/* longer than --max-line */
	AGG_REASON_COUNT
};

/* Distinct services kept by name; further ones are counted together under
 * AGG_OTHER_SERVICES, so hostile input cannot grow memory without bound. */
#define AGG_MAX_SERVICES 256
#define AGG_OTHER_SERVICES "(other)"
#define AGG_TIMESTAMP_MAX 64	/* longest timestamp text kept */
#define AGG_FIELDS 7		/* SCHEMA_FIELDS, for rejections by field */

struct agg_service {
	char *name;
	size_t length;			/* strlen(name) */
	uint64_t prefix;		/* its first bytes, for lookups */
	uint64_t count;
};

/* A timestamp as seconds and nanoseconds since the epoch (UTC) and the
 * text it was read from. */
struct agg_time {
	int set;
	int64_t sec;
	int32_t nsec;
	char text[AGG_TIMESTAMP_MAX];
};

/* The levels and services of the records the filters left out, counted as
 * for the selected ones, so that a run that selected nothing can say what
 * it saw. Kept in memory only (never in the checkpoint): a process's own. */
struct agg_unselected {
	uint64_t levels[LEVEL_COUNT];
	uint64_t level_missing;
	uint64_t level_unknown;
	struct agg_service *services;	/* sorted by name */
	size_t service_count;
};

struct agg {
	uint64_t lines;			/* every line read, empty ones too */
	uint64_t bytes;			/* every byte read, line endings too */
	uint64_t empty;			/* empty lines, skipped */
	uint64_t records;		/* valid records */
	uint64_t selected;		/* records that passed the filters */
	uint64_t selected_bytes;	/* their bytes, as written to --output */
	uint64_t rejected[AGG_REASON_COUNT];
	/* Of those, the ones a field was to blame for, by field (enum
	 * schema_field): wrong_type and bad_value ones, mostly. */
	uint64_t rejected_fields[AGG_REASON_COUNT][AGG_FIELDS];
	/* Below: over the selected records. */
	uint64_t levels[LEVEL_COUNT];
	uint64_t level_missing;
	uint64_t level_unknown;
	struct spellings level_spellings;	/* of the unknown ones */
	struct agg_service *services;	/* sorted by name */
	size_t service_count;
	uint64_t duration_count;
	uint64_t duration_sum;
	uint64_t duration_min;
	uint64_t duration_max;
	struct histogram durations;
	struct agg_time first;		/* earliest timestamp */
	struct agg_time last;		/* latest timestamp */
	struct timestamp_text_memo utc_memo;	/* agg_add_utc_time's */
	struct agg_unselected unselected;
};

void agg_init(struct agg *agg);
void agg_free(struct agg *agg);
void agg_reset(struct agg *agg);
const char *agg_reason_name(enum agg_reason reason);
void agg_add_service(struct agg *agg, const char *name, size_t length,
    uint64_t count);
void agg_add_unselected_service(struct agg *agg, const char *name,
    size_t length, uint64_t count);
void agg_add_duration(struct agg *agg, uint64_t duration_ms);
uint64_t agg_duration_percentile(const struct agg *agg, double percent);
void agg_add_time(struct agg *agg, int64_t sec, int32_t nsec,
    const char *text, size_t length);
void agg_add_utc_time(struct agg *agg, int64_t sec, int32_t nsec);
void agg_merge(struct agg *into, const struct agg *from);
void agg_copy(struct agg *into, const struct agg *from);
uint64_t agg_service_count(const struct agg *agg, const char *name);
uint64_t agg_rejected_total(const struct agg *agg);
json_t *agg_to_json(const struct agg *agg);
int agg_from_json(struct agg *agg, json_t *json, char **cause);

#endif /* LOGPROC_AGG_H */
