/* check_agg.c: counting, the service cap, merging, copying and the JSON
 * round trip of struct agg. Every agg is freed: the suite runs under
 * LeakSanitizer in CI. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/agg.h"
#include "engine/ingest.h"
#include "engine/timestamp.h"
#include "gen/record.h"
#include "gen/rng.h"
#include "schema/schema.h"
#include "suites.h"

#define RECORDS 2000
#define SERVICE_NAMES 20	/* distinct services fed(), under the cap */
#define DAY_START INT64_C(1767225600)	/* 2026-01-01T00:00:00Z */
#define SECONDS_PER_DAY 86400
#define NS_PER_SECOND 1000000000
#define DURATION_MAX 5000	/* as in generated records */
#define LINE_BYTES_MAX 300
#define NAMED_MAX (AGG_MAX_SERVICES - 1)	/* names besides "(other)" */
#define TIMESTAMP_TEXT_MAX 40	/* what record_format_time writes, and more */

/* The outcome of one line: empty, rejected, filtered out or selected. */
enum line_kind { LINE_EMPTY, LINE_REJECTED, LINE_FILTERED, LINE_SELECTED };

/* Counts a selected record's fields, drawn from RNG. */
static void
feed_selected(struct agg *agg, struct rng *rng)
{
	struct record_encoder encoder;
	char service[32], text[TIMESTAMP_TEXT_MAX];
	uint32_t level = rng_below(rng, LEVEL_COUNT + 2);
	int64_t sec;
	int32_t nsec;
	size_t length;

	if (level < LEVEL_COUNT)
		agg->levels[level]++;
	else if (level == LEVEL_COUNT)
		agg->level_missing++;
	else
		agg->level_unknown++;
	snprintf(service, sizeof service, "svc-%u",
	    (unsigned)rng_below(rng, SERVICE_NAMES));
	agg_add_service(agg, service, strlen(service), 1);
	agg_add_duration(agg, 1 + rng_below(rng, DURATION_MAX));
	sec = DAY_START + rng_below(rng, SECONDS_PER_DAY);
	nsec = (int32_t)rng_below(rng, NS_PER_SECOND);
	record_encoder_init(&encoder);
	length = record_format_time(&encoder, sec, (uint32_t)nsec, text);
	agg_add_time(agg, sec, nsec, text, length);
}

/* Counts line SERIAL as the engine would, every detail drawn from an RNG
 * seeded with SERIAL: the same serial always gives the same line. */
static void
feed(struct agg *agg, unsigned serial)
{
	struct rng rng;
	uint32_t line_bytes;

	rng_seed(&rng, serial);
	line_bytes = 1 + rng_below(&rng, LINE_BYTES_MAX);
	agg->lines++;
	agg->bytes += line_bytes;
	switch (rng_below(&rng, LINE_SELECTED + 1)) {
	case LINE_EMPTY:
		agg->empty++;
		break;
	case LINE_REJECTED:
		agg->rejected[rng_below(&rng, AGG_REASON_COUNT)]++;
		break;
	case LINE_FILTERED:
		agg->records++;
		break;
	default:
		agg->records++;
		agg->selected++;
		agg->selected_bytes += line_bytes;
		feed_selected(agg, &rng);
	}
}

static void
feed_range(struct agg *agg, unsigned from, unsigned to)
{
	for (; from < to; from++)
		feed(agg, from);
}

static void
assert_time_equal(const struct agg_time *a, const struct agg_time *b)
{
	ck_assert_int_eq(a->set, b->set);
	if (!a->set)
		return;
	ck_assert_int_eq(a->sec, b->sec);
	ck_assert_int_eq(a->nsec, b->nsec);
	ck_assert_str_eq(a->text, b->text);
}

static void
assert_services_equal(const struct agg *a, const struct agg *b)
{
	size_t i;

	ck_assert_uint_eq(a->service_count, b->service_count);
	for (i = 0; i < a->service_count; i++) {
		ck_assert_str_eq(a->services[i].name, b->services[i].name);
		ck_assert_uint_eq(a->services[i].count, b->services[i].count);
	}
}

/* Asserts that A and B counted the same, field by field. */
static void
assert_agg_equal(const struct agg *a, const struct agg *b)
{
	int i;

	ck_assert_uint_eq(a->lines, b->lines);
	ck_assert_uint_eq(a->bytes, b->bytes);
	ck_assert_uint_eq(a->empty, b->empty);
	ck_assert_uint_eq(a->records, b->records);
	ck_assert_uint_eq(a->selected, b->selected);
	ck_assert_uint_eq(a->selected_bytes, b->selected_bytes);
	for (i = 0; i < AGG_REASON_COUNT; i++)
		ck_assert_uint_eq(a->rejected[i], b->rejected[i]);
	for (i = 0; i < LEVEL_COUNT; i++)
		ck_assert_uint_eq(a->levels[i], b->levels[i]);
	ck_assert_uint_eq(a->level_missing, b->level_missing);
	ck_assert_uint_eq(a->level_unknown, b->level_unknown);
	assert_services_equal(a, b);
	ck_assert_uint_eq(a->duration_count, b->duration_count);
	ck_assert_uint_eq(a->duration_sum, b->duration_sum);
	ck_assert_uint_eq(a->duration_min, b->duration_min);
	ck_assert_uint_eq(a->duration_max, b->duration_max);
	ck_assert_int_eq(memcmp(&a->durations, &b->durations,
	    sizeof a->durations), 0);
	assert_time_equal(&a->first, &b->first);
	assert_time_equal(&a->last, &b->last);
}

/* Adds COUNT distinct services named PREFIX-NNN, one record each. */
static void
add_services(struct agg *agg, const char *prefix, int count)
{
	char name[64];
	int i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof name, "%s-%03d", prefix, i);
		agg_add_service(agg, name, strlen(name), 1);
	}
}

static void
assert_sorted(const struct agg *agg)
{
	size_t i;

	for (i = 1; i < agg->service_count; i++)
		ck_assert_int_lt(strcmp(agg->services[i - 1].name,
		    agg->services[i].name), 0);
}

START_TEST(test_init_reset)
{
	struct agg agg;
	struct agg_service *services;

	agg_init(&agg);
	ck_assert_uint_eq(agg.lines, 0);
	ck_assert_uint_eq(agg.duration_min, UINT64_MAX);
	ck_assert_ptr_null(agg.services);
	ck_assert_int_eq(agg.first.set, 0);
	feed_range(&agg, 0, RECORDS);
	ck_assert_uint_gt(agg.service_count, 0);
	services = agg.services;
	agg_reset(&agg);
	ck_assert_ptr_eq(agg.services, services);
	ck_assert_uint_eq(agg.service_count, 0);
	ck_assert_uint_eq(agg.lines, 0);
	ck_assert_uint_eq(agg.duration_count, 0);
	ck_assert_uint_eq(agg.duration_min, UINT64_MAX);
	ck_assert_uint_eq(agg.durations.total, 0);
	ck_assert_int_eq(agg.first.set, 0);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-1"), 0);
	agg_add_service(&agg, "svc-1", 5, 3);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-1"), 3);
	agg_free(&agg);
	ck_assert_ptr_null(agg.services);
}
END_TEST

START_TEST(test_reasons)
{
	static const char *const names[AGG_REASON_COUNT] = {
		"invalid_json", "invalid_utf8", "not_object", "wrong_type",
		"bad_value", "too_long"
	};
	struct agg agg;
	int reason;

	agg_init(&agg);
	for (reason = 0; reason < AGG_REASON_COUNT; reason++) {
		ck_assert_str_eq(agg_reason_name((enum agg_reason)reason),
		    names[reason]);
		agg.rejected[reason] = (uint64_t)reason + 1;
	}
	ck_assert_uint_eq(agg_rejected_total(&agg), 1 + 2 + 3 + 4 + 5 + 6);
	agg_free(&agg);
}
END_TEST

/* Names are read from buffers that go on past them, kept sorted, looked
 * up exactly (no prefix matches), and end at a NUL. */
START_TEST(test_services)
{
	static const char buffer[] = "api-gatewayauth-service";
	struct agg agg;

	agg_init(&agg);
	agg_add_service(&agg, buffer + 11, 4, 1);	/* "auth" */
	agg_add_service(&agg, buffer, 11, 2);		/* "api-gateway" */
	agg_add_service(&agg, buffer, 3, 4);		/* "api" */
	agg_add_service(&agg, buffer + 11, 12, 8);	/* "auth-service" */
	agg_add_service(&agg, "", 0, 16);
	agg_add_service(&agg, "auth\0junk", 9, 32);
	agg_add_service(&agg, buffer, 11, 64);
	ck_assert_uint_eq(agg.service_count, 5);
	assert_sorted(&agg);
	ck_assert_str_eq(agg.services[0].name, "");
	ck_assert_uint_eq(agg_service_count(&agg, ""), 16);
	ck_assert_uint_eq(agg_service_count(&agg, "api"), 4);
	ck_assert_uint_eq(agg_service_count(&agg, "api-gateway"), 66);
	ck_assert_uint_eq(agg_service_count(&agg, "auth"), 33);
	ck_assert_uint_eq(agg_service_count(&agg, "auth-service"), 8);
	ck_assert_uint_eq(agg_service_count(&agg, "api-"), 0);
	ck_assert_uint_eq(agg_service_count(&agg, "zzz"), 0);
	agg_free(&agg);
}
END_TEST

/* Names that share their first 8 bytes, differ only after them or only
 * in length around 8, or hold bytes of 0x80 and up, are kept apart and
 * in strcmp order, whatever the order they come in. */
START_TEST(test_services_order)
{
	static const char *const names[] = {
		"service", "service-", "service-a", "service-b", "servicf",
		"service-a-long-name", "service-a-long-namf", "s", "",
		"\xc3\xa9tat", "\xc3\xa9tat-service", "zz", "service-\xff",
		"12345678", "1234567", "123456789", "12345679",
		"a\xc3\xa9", "b",
	};
	size_t count = sizeof names / sizeof names[0], i, j;
	struct agg agg;

	agg_init(&agg);
	for (i = 0; i < count; i++) {
		for (j = 0; j <= i; j++) {
			const char *name = names[(i * 5 + j * 3) % count];

			agg_add_service(&agg, name, strlen(name), 1);
		}
	}
	ck_assert_uint_eq(agg.service_count, count);
	assert_sorted(&agg);
	for (i = 0; i < count; i++) {
		ck_assert_uint_eq(agg.services[i].length,
		    strlen(agg.services[i].name));
		ck_assert_uint_gt(agg_service_count(&agg, names[i]), 0);
	}
	ck_assert_uint_eq(agg_service_count(&agg, "service-c"), 0);
	ck_assert_uint_eq(agg_service_count(&agg, "service-a-long-nam"), 0);
	agg_free(&agg);
}
END_TEST

/* Past the cap, new names count under "(other)", which takes the last
 * slot; names already kept go on counting. */
START_TEST(test_service_cap)
{
	struct agg agg;

	agg_init(&agg);
	add_services(&agg, "svc", AGG_MAX_SERVICES + 44);
	ck_assert_uint_eq(agg.service_count, AGG_MAX_SERVICES);
	assert_sorted(&agg);
	ck_assert_uint_eq(agg_service_count(&agg, AGG_OTHER_SERVICES),
	    AGG_MAX_SERVICES + 44 - NAMED_MAX);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-000"), 1);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-254"), 1);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-255"), 0);
	agg_add_service(&agg, "svc-000", 7, 5);
	agg_add_service(&agg, "!early", 6, 5);
	ck_assert_uint_eq(agg.service_count, AGG_MAX_SERVICES);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-000"), 6);
	ck_assert_uint_eq(agg_service_count(&agg, "!early"), 0);
	ck_assert_uint_eq(agg_service_count(&agg, AGG_OTHER_SERVICES),
	    AGG_MAX_SERVICES + 49 - NAMED_MAX);
	agg_free(&agg);
}
END_TEST

/* "(other)" seen as a name before the cap counts with the overflow, and
 * the cap still holds. */
START_TEST(test_service_cap_other_first)
{
	struct agg agg;

	agg_init(&agg);
	agg_add_service(&agg, AGG_OTHER_SERVICES,
	    strlen(AGG_OTHER_SERVICES), 10);
	add_services(&agg, "svc", AGG_MAX_SERVICES);
	ck_assert_uint_eq(agg.service_count, AGG_MAX_SERVICES);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-254"), 1);
	ck_assert_uint_eq(agg_service_count(&agg, "svc-255"), 0);
	ck_assert_uint_eq(agg_service_count(&agg, AGG_OTHER_SERVICES), 11);
	agg_free(&agg);
}
END_TEST

START_TEST(test_durations)
{
	struct agg agg;

	agg_init(&agg);
	agg_add_duration(&agg, 5);
	agg_add_duration(&agg, 1);
	agg_add_duration(&agg, 3000);
	ck_assert_uint_eq(agg.duration_count, 3);
	ck_assert_uint_eq(agg.duration_sum, 3006);
	ck_assert_uint_eq(agg.duration_min, 1);
	ck_assert_uint_eq(agg.duration_max, 3000);
	ck_assert_uint_eq(agg.durations.total, 3);
	ck_assert_uint_eq(agg.durations.counts[histogram_bucket(3000)], 1);
	agg_add_duration(&agg, UINT64_MAX - 1);
	ck_assert_uint_eq(agg.duration_sum, UINT64_MAX);
	ck_assert_uint_eq(agg.duration_max, UINT64_MAX - 1);
	agg_free(&agg);
}
END_TEST

/* A percentile is never outside the smallest and largest duration seen:
 * constant durations report that duration, not their bucket's middle. */
START_TEST(test_duration_percentile)
{
	struct agg agg;
	int i;

	agg_init(&agg);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 50), 0);
	for (i = 0; i < 10; i++)
		agg_add_duration(&agg, 3000);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 0), 3000);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 50), 3000);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 99), 3000);
	agg_add_duration(&agg, 3010);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 100), 3010);
	agg_add_duration(&agg, 7);
	ck_assert_uint_eq(agg_duration_percentile(&agg, 0), 7);
	agg_free(&agg);
}
END_TEST

/* Adds the timestamp TEXT, parsed. */
static void
add_time(struct agg *agg, const char *text)
{
	int64_t sec;
	int32_t nsec;

	ck_assert_int_eq(timestamp_parse(text, strlen(text), &sec, &nsec), 0);
	agg_add_time(agg, sec, nsec, text, strlen(text));
}

START_TEST(test_times)
{
	struct agg agg;

	agg_init(&agg);
	add_time(&agg, "2026-01-02T12:00:00.5Z");
	ck_assert_str_eq(agg.first.text, "2026-01-02T12:00:00.5Z");
	ck_assert_str_eq(agg.last.text, "2026-01-02T12:00:00.5Z");
	add_time(&agg, "2026-01-02T12:00:00.4Z");
	add_time(&agg, "2026-01-02T12:00:00.6Z");
	ck_assert_str_eq(agg.first.text, "2026-01-02T12:00:00.4Z");
	ck_assert_str_eq(agg.last.text, "2026-01-02T12:00:00.6Z");
	add_time(&agg, "2026-01-02T11:00:00.7Z");
	add_time(&agg, "2026-01-02T13:00:00.3Z");
	ck_assert_str_eq(agg.first.text, "2026-01-02T11:00:00.7Z");
	ck_assert_int_eq(agg.first.nsec, 700000000);
	ck_assert_str_eq(agg.last.text, "2026-01-02T13:00:00.3Z");
	ck_assert_int_eq(agg.last.sec - agg.first.sec, 7200);
	/* An equal instant keeps the text first seen. */
	add_time(&agg, "2026-01-02T12:00:00.7+01:00");
	add_time(&agg, "2026-01-02T14:00:00.3+01:00");
	ck_assert_str_eq(agg.first.text, "2026-01-02T11:00:00.7Z");
	ck_assert_str_eq(agg.last.text, "2026-01-02T13:00:00.3Z");
	agg_free(&agg);
}
END_TEST

/* A text too long to keep is shortened to one that still parses to the
 * same instant. */
START_TEST(test_long_time)
{
	static const char head[] = "2026-01-02T12:00:00.123456789";
	static const char zone[] = "+02:00";
	static const char text[] = "2026-01-02T12:00:00.123456789"
	    "0123456789012345678901234567890123456789+02:00";
	struct agg agg;
	size_t kept;
	int64_t sec;
	int32_t nsec;

	agg_init(&agg);
	add_time(&agg, text);
	kept = strlen(agg.first.text);
	ck_assert_uint_eq(kept, AGG_TIMESTAMP_MAX - 1);
	ck_assert_int_eq(timestamp_parse(agg.first.text, kept, &sec, &nsec),
	    0);
	ck_assert_int_eq(sec, agg.first.sec);
	ck_assert_int_eq(nsec, agg.first.nsec);
	ck_assert_int_eq(strncmp(agg.first.text, head, strlen(head)), 0);
	ck_assert_str_eq(agg.first.text + kept - strlen(zone), zone);
	agg_free(&agg);
}
END_TEST

/* Two aggs fed half the lines each, merged, equal one fed every line. */
START_TEST(test_merge)
{
	struct agg even, odd, all, empty;
	unsigned serial;

	agg_init(&even);
	agg_init(&odd);
	agg_init(&all);
	agg_init(&empty);
	for (serial = 0; serial < RECORDS; serial++) {
		feed(serial % 2 == 0 ? &even : &odd, serial);
		feed(&all, serial);
	}
	agg_merge(&even, &odd);
	assert_agg_equal(&even, &all);
	agg_merge(&even, &empty);
	assert_agg_equal(&even, &all);
	agg_merge(&empty, &all);
	assert_agg_equal(&empty, &all);
	agg_free(&even);
	agg_free(&odd);
	agg_free(&all);
	agg_free(&empty);
}
END_TEST

/* Merging respects the cap: "(other)" gathers what does not fit. */
START_TEST(test_merge_cap)
{
	struct agg into, from;

	agg_init(&into);
	agg_init(&from);
	add_services(&into, "a", NAMED_MAX - 5);
	add_services(&from, "b", 100);
	agg_merge(&into, &from);
	ck_assert_uint_eq(into.service_count, AGG_MAX_SERVICES);
	ck_assert_uint_eq(agg_service_count(&into, AGG_OTHER_SERVICES), 95);
	ck_assert_uint_eq(agg_service_count(&into, "b-004"), 1);
	ck_assert_uint_eq(agg_service_count(&into, "b-005"), 0);
	agg_merge(&into, &from);
	ck_assert_uint_eq(agg_service_count(&into, AGG_OTHER_SERVICES), 190);
	agg_free(&into);
	agg_free(&from);
}
END_TEST

/* A copy shares nothing with its source, and copying over an earlier
 * copy leaks nothing. */
START_TEST(test_copy)
{
	struct agg source, copy, expected;
	uint64_t source_count;

	agg_init(&source);
	agg_init(&copy);
	agg_init(&expected);
	feed_range(&source, 0, RECORDS);
	feed_range(&expected, 0, RECORDS);
	agg_copy(&copy, &source);
	assert_agg_equal(&copy, &source);
	ck_assert_ptr_ne(copy.services, source.services);
	ck_assert_ptr_ne(copy.services[0].name, source.services[0].name);
	feed_range(&source, RECORDS, 2 * RECORDS);
	add_services(&source, "late", 3);
	assert_agg_equal(&copy, &expected);
	source_count = agg_service_count(&source, "svc-0");
	agg_add_service(&copy, "only-in-copy", 12, 1);
	agg_add_service(&copy, "svc-0", 5, 1000);
	ck_assert_uint_eq(agg_service_count(&source, "only-in-copy"), 0);
	ck_assert_uint_eq(agg_service_count(&source, "svc-0"), source_count);
	agg_copy(&copy, &source);
	assert_agg_equal(&copy, &source);
	agg_reset(&source);
	agg_copy(&copy, &source);
	assert_agg_equal(&copy, &source);
	agg_free(&source);
	agg_copy(&copy, &expected);
	assert_agg_equal(&copy, &expected);
	agg_free(&copy);
	agg_free(&expected);
}
END_TEST

/* Returns AGG's JSON form as compact text, for free(). */
static char *
dump(const struct agg *agg)
{
	json_t *json = agg_to_json(agg);
	char *text = json_dumps(json, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(json);
	ck_assert_ptr_nonnull(text);
	return text;
}

/* Returns the count of the unselected service NAME in AGG, 0 if absent. */
static uint64_t
unselected_count(const struct agg *agg, const char *name)
{
	size_t i;

	for (i = 0; i < agg->unselected.service_count; i++) {
		if (strcmp(agg->unselected.services[i].name, name) == 0)
			return agg->unselected.services[i].count;
	}
	return 0;
}

/* Ingests the NUL-terminated LINE into AGG. */
static enum ingest_result
ingest_text(struct ingest *ingest, struct agg *agg, const char *line)
{
	enum agg_reason reason;

	return ingest_line(ingest, agg, line, strlen(line), strlen(line) + 1,
	    &reason);
}

/* The levels and services of the records the filters leave out are
 * counted apart, merged and copied with the rest, reset, and kept out of
 * the checkpoint's JSON. */
START_TEST(test_unselected)
{
	struct filter filter = { .min_level = LEVEL_ERROR };
	struct schema *logproc = schema_builtin("logproc");
	struct agg agg, merged, copy;
	struct ingest ingest;
	char *text;

	agg_init(&agg);
	agg_init(&merged);
	agg_init(&copy);
	ingest_init(&ingest, &filter, logproc, INGEST_FAST);
	ck_assert_int_eq(ingest_text(&ingest, &agg,
	    "{\"level\":\"INFO\",\"service\":\"api\"}"), INGEST_FILTERED);
	ingest_text(&ingest, &agg, "{\"level\":\"WARNING\",\"service\":\"auth\"}");
	ingest_text(&ingest, &agg, "{\"level\":\"INFO\",\"service\":\"api\"}");
	ingest_text(&ingest, &agg, "{\"level\":\"loud\"}");
	ingest_text(&ingest, &agg, "{\"service\":\"api\"}");
	ck_assert_int_eq(ingest_text(&ingest, &agg,
	    "{\"level\":\"ERROR\",\"service\":\"db\"}"), INGEST_SELECTED);
	ck_assert_uint_eq(agg.selected, 1);
	ck_assert_uint_eq(agg.unselected.levels[LEVEL_INFO], 2);
	ck_assert_uint_eq(agg.unselected.levels[LEVEL_WARNING], 1);
	ck_assert_uint_eq(agg.unselected.levels[LEVEL_ERROR], 0);
	ck_assert_uint_eq(agg.unselected.level_unknown, 1);
	ck_assert_uint_eq(agg.unselected.level_missing, 1);
	ck_assert_uint_eq(unselected_count(&agg, "api"), 3);
	ck_assert_uint_eq(unselected_count(&agg, "auth"), 1);
	ck_assert_uint_eq(unselected_count(&agg, "db"), 0);
	ck_assert_uint_eq(agg_service_count(&agg, "api"), 0);
	agg_merge(&merged, &agg);
	agg_merge(&merged, &agg);
	ck_assert_uint_eq(merged.unselected.levels[LEVEL_INFO], 4);
	ck_assert_uint_eq(unselected_count(&merged, "api"), 6);
	agg_copy(&copy, &merged);
	ck_assert_ptr_ne(copy.unselected.services, merged.unselected.services);
	ck_assert_uint_eq(unselected_count(&copy, "auth"), 2);
	text = dump(&agg);
	ck_assert_ptr_null(strstr(text, "auth"));
	free(text);
	agg_reset(&merged);
	ck_assert_uint_eq(merged.unselected.service_count, 0);
	ck_assert_uint_eq(merged.unselected.levels[LEVEL_INFO], 0);
	agg_free(&agg);
	agg_free(&merged);
	agg_free(&copy);
	schema_free(logproc);
}
END_TEST

START_TEST(test_json_empty)
{
	struct agg agg;
	char *text;

	agg_init(&agg);
	text = dump(&agg);
	ck_assert_str_eq(text, "{\"lines\":0,\"bytes\":0,\"empty\":0,"
	    "\"records\":0,\"selected\":0,\"selected_bytes\":0,"
	    "\"rejected\":{\"invalid_json\":0,\"invalid_utf8\":0,"
	    "\"not_object\":0,\"wrong_type\":0,\"bad_value\":0,"
	    "\"too_long\":0},\"levels\":{\"DEBUG\":0,\"INFO\":0,"
	    "\"WARNING\":0,\"ERROR\":0,\"FATAL\":0,\"missing\":0,"
	    "\"unknown\":0},\"services\":{},\"duration_ms\":{\"count\":0,"
	    "\"sum\":0,\"min\":null,\"max\":null,\"p50\":null,\"p95\":null,"
	    "\"p99\":null,\"histogram\":[]},\"first_timestamp\":null,"
	    "\"last_timestamp\":null}");
	free(text);
	agg_free(&agg);
}
END_TEST

START_TEST(test_json_fields)
{
	struct agg agg;
	char *text;

	agg_init(&agg);
	agg.lines = 7;
	agg.bytes = 700;
	agg.empty = 1;
	agg.records = 5;
	agg.selected = 3;
	agg.selected_bytes = 300;
	agg.rejected[AGG_TOO_LONG] = 1;
	agg.levels[LEVEL_ERROR] = 2;
	agg.level_unknown = 1;
	agg_add_service(&agg, "auth", 4, 1);
	agg_add_service(&agg, "api", 3, 2);
	agg_add_duration(&agg, 1500);
	agg_add_duration(&agg, 5);
	add_time(&agg, "2026-01-02T12:00:00Z");
	add_time(&agg, "2026-01-02T12:00:01.5+00:00");
	text = dump(&agg);
	ck_assert_str_eq(text, "{\"lines\":7,\"bytes\":700,\"empty\":1,"
	    "\"records\":5,\"selected\":3,\"selected_bytes\":300,"
	    "\"rejected\":{\"invalid_json\":0,\"invalid_utf8\":0,"
	    "\"not_object\":0,\"wrong_type\":0,\"bad_value\":0,"
	    "\"too_long\":1},\"levels\":{\"DEBUG\":0,\"INFO\":0,"
	    "\"WARNING\":0,\"ERROR\":2,\"FATAL\":0,\"missing\":0,"
	    "\"unknown\":1},\"services\":{\"api\":2,\"auth\":1},"
	    "\"duration_ms\":{\"count\":2,\"sum\":1505,\"min\":5,"
	    "\"max\":1500,\"p50\":5,\"p95\":1496,\"p99\":1496,"
	    "\"histogram\":[[5,1],[1488,1]]},"
	    "\"first_timestamp\":\"2026-01-02T12:00:00Z\","
	    "\"last_timestamp\":\"2026-01-02T12:00:01.5+00:00\"}");
	free(text);
	agg_free(&agg);
}
END_TEST

/* Dumps AGG to text, loads it back into LOADED (set up here). Returns what
 * agg_from_json returned; *CAUSE is freed by the caller. */
static int
reload(const struct agg *agg, struct agg *loaded, char **cause)
{
	char *text = dump(agg);
	json_error_t error;
	json_t *json = json_loads(text, 0, &error);
	int result;

	ck_assert_msg(json != NULL, "reload: %s", error.text);
	agg_init(loaded);
	*cause = NULL;
	result = agg_from_json(loaded, json, cause);
	json_decref(json);
	free(text);
	return result;
}

/* Asserts that AGG survives agg_to_json, dump, load and agg_from_json. */
static void
assert_round_trip(const struct agg *agg)
{
	struct agg loaded;
	char *cause;

	ck_assert_msg(reload(agg, &loaded, &cause) == 0, "%s", cause);
	assert_agg_equal(&loaded, agg);
	agg_free(&loaded);
}

START_TEST(test_json_round_trip)
{
	struct agg agg;

	agg_init(&agg);
	assert_round_trip(&agg);
	feed_range(&agg, 0, RECORDS);
	assert_round_trip(&agg);
	agg_add_service(&agg, "!early", 6, 3);
	add_services(&agg, "late", AGG_MAX_SERVICES);
	ck_assert_uint_eq(agg.service_count, AGG_MAX_SERVICES);
	agg_add_duration(&agg, (uint64_t)1 << 50);
	agg_add_duration(&agg, 0);
	add_time(&agg, "2026-01-02T12:00:00.123456789"
	    "0123456789012345678901234567890123456789+02:00");
	agg.levels[LEVEL_FATAL] = (uint64_t)INT64_MAX;
	assert_round_trip(&agg);
	agg_free(&agg);
}
END_TEST

/* One way to spoil a good checkpoint, and the cause it must give. */
struct spoiler {
	const char *object;	/* member of the top object, or "" for it */
	const char *key;
	const char *value;	/* JSON text, or NULL to delete the key */
	const char *cause;
};

static const struct spoiler spoilers[] = {
	{ "", "lines", "-1", "lines: not a non-negative integer" },
	{ "", "bytes", "1.5", "bytes: not a non-negative integer" },
	{ "", "selected_bytes", NULL, "selected_bytes: missing" },
	{ "rejected", "too_long", "\"3\"",
	    "rejected.too_long: not a non-negative integer" },
	{ "", "rejected", "[]", "rejected: not an object" },
	{ "levels", "WARNING", NULL, "levels.WARNING: missing" },
	{ "levels", "unknown", "null",
	    "levels.unknown: not a non-negative integer" },
	{ "services", "svc-3", "-2",
	    "services.svc-3: not a non-negative integer" },
	{ "", "services", NULL, "services: missing" },
	{ "duration_ms", "sum", "true",
	    "duration_ms.sum: not a non-negative integer" },
	{ "duration_ms", "min", "null",
	    "duration_ms.min: not a non-negative integer" },
	{ "duration_ms", "p99", NULL, "duration_ms.p99: missing" },
	{ "duration_ms", "histogram", "[[1, 99], [1025, 1]]",
	    "duration_ms.histogram[1]: not a bucket boundary" },
	{ "duration_ms", "histogram", "[[1, 99], [1040, 0]]",
	    "duration_ms.histogram[1]: not a [value, count] pair "
	    "with a positive count" },
	{ "duration_ms", "histogram", "[[1, 99], [2, -1]]",
	    "duration_ms.histogram[1]: not a [value, count] pair "
	    "with a positive count" },
	{ "duration_ms", "histogram", "[[1, 99], [2, 1, 3]]",
	    "duration_ms.histogram[1]: not a [value, count] pair "
	    "with a positive count" },
	{ "duration_ms", "histogram", "[[1, 99], {}]",
	    "duration_ms.histogram[1]: not a [value, count] pair "
	    "with a positive count" },
	{ "duration_ms", "histogram", "[[1, 99], [1, 1]]",
	    "duration_ms.histogram[1]: bucket repeated" },
	{ "duration_ms", "histogram", "[[1, 99], [2, 2]]",
	    "duration_ms.histogram[1]: counts add up to more than "
	    "duration_ms.count" },
	{ "duration_ms", "histogram", "[[1, 99]]",
	    "duration_ms.histogram: counts add up to less than "
	    "duration_ms.count" },
	{ "duration_ms", "histogram", "{}",
	    "duration_ms.histogram: not an array" },
	{ "", "first_timestamp", "\"2026-13-01T00:00:00Z\"",
	    "first_timestamp: not an RFC 3339 timestamp" },
	{ "", "last_timestamp", "\"2026-01-02 12:00:00Z\"",
	    "last_timestamp: not an RFC 3339 timestamp" },
	{ "", "last_timestamp", "20260102",
	    "last_timestamp: not a string or null" },
	{ "", "first_timestamp", "\"2026-01-02T12:00:00.123456789"
	    "0123456789012345678901234567890123456789Z\"",
	    "first_timestamp: too long" },
};

/* Returns a good checkpoint: 100 durations of 1 ms, a few services and
 * timestamps. The caller owns it. */
static json_t *
good_json(void)
{
	struct agg agg;
	json_t *json;
	int i;

	agg_init(&agg);
	for (i = 0; i < 100; i++)
		agg_add_duration(&agg, 1);
	add_services(&agg, "svc", 5);
	agg_add_service(&agg, "svc-3", 5, 1);
	add_time(&agg, "2026-01-02T12:00:00Z");
	add_time(&agg, "2026-01-02T13:00:00Z");
	json = agg_to_json(&agg);
	agg_free(&agg);
	return json;
}

/* Asserts that JSON is refused with CAUSE, and frees the agg it filled. */
static void
assert_refused(json_t *json, const char *expected)
{
	struct agg agg;
	char *cause = NULL;

	agg_init(&agg);
	ck_assert_int_eq(agg_from_json(&agg, json, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, expected);
	free(cause);
	agg_free(&agg);
}

START_TEST(test_json_refused)
{
	const struct spoiler *spoiler = &spoilers[_i];
	json_t *json = good_json(), *object = json, *value;
	json_error_t error;
	struct agg agg;
	char *cause;

	agg_init(&agg);
	ck_assert_msg(agg_from_json(&agg, json, &cause) == 0, "%s", cause);
	agg_free(&agg);
	if (*spoiler->object != '\0')
		object = json_object_get(json, spoiler->object);
	ck_assert_ptr_nonnull(json_object_get(object, spoiler->key));
	if (spoiler->value == NULL)
		json_object_del(object, spoiler->key);
	else {
		value = json_loads(spoiler->value, JSON_DECODE_ANY, &error);
		ck_assert_msg(value != NULL, "%s: %s", spoiler->value,
		    error.text);
		json_object_set_new(object, spoiler->key, value);
	}
	assert_refused(json, spoiler->cause);
	json_decref(json);
}
END_TEST

START_TEST(test_json_refused_shape)
{
	json_t *json = json_array();

	assert_refused(json, "not an object");
	json_decref(json);
	json = good_json();
	json_object_set_new(json_object_get(json, "duration_ms"), "count",
	    json_integer(0));
	assert_refused(json, "duration_ms.min: "
	    "not null although count is 0");
	json_decref(json);
}
END_TEST

/* Sets the services of JSON to COUNT names, plus "(other)" if asked. */
static void
set_services(json_t *json, int count, int other)
{
	json_t *services = json_object();
	char name[32];
	int i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof name, "svc-%03d", i);
		json_object_set_new(services, name, json_integer(1));
	}
	if (other)
		json_object_set_new(services, AGG_OTHER_SERVICES,
		    json_integer(1));
	json_object_set_new(json, "services", services);
}

/* AGG_MAX_SERVICES entries load only with "(other)" among them, as the
 * cap of agg_add_service would have it. */
START_TEST(test_json_too_many_services)
{
	json_t *json = good_json();
	struct agg agg;
	char *cause = NULL;

	set_services(json, NAMED_MAX, 1);
	agg_init(&agg);
	ck_assert_msg(agg_from_json(&agg, json, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(agg.service_count, AGG_MAX_SERVICES);
	agg_free(&agg);
	set_services(json, NAMED_MAX + 1, 1);
	assert_refused(json, "services: too many services");
	set_services(json, NAMED_MAX + 1, 0);
	assert_refused(json, "services: too many services");
	json_decref(json);
}
END_TEST

Suite *
agg_suite(void)
{
	Suite *suite = suite_create("agg");
	TCase *counting = tcase_create("counting");
	TCase *combining = tcase_create("combining");
	TCase *json = tcase_create("json");

	tcase_add_test(counting, test_init_reset);
	tcase_add_test(counting, test_reasons);
	tcase_add_test(counting, test_services);
	tcase_add_test(counting, test_services_order);
	tcase_add_test(counting, test_service_cap);
	tcase_add_test(counting, test_service_cap_other_first);
	tcase_add_test(counting, test_durations);
	tcase_add_test(counting, test_duration_percentile);
	tcase_add_test(counting, test_times);
	tcase_add_test(counting, test_long_time);
	suite_add_tcase(suite, counting);
	tcase_add_test(combining, test_merge);
	tcase_add_test(combining, test_merge_cap);
	tcase_add_test(combining, test_copy);
	tcase_add_test(combining, test_unselected);
	suite_add_tcase(suite, combining);
	tcase_add_test(json, test_json_empty);
	tcase_add_test(json, test_json_fields);
	tcase_add_test(json, test_json_round_trip);
	tcase_add_loop_test(json, test_json_refused, 0,
	    sizeof spoilers / sizeof spoilers[0]);
	tcase_add_test(json, test_json_refused_shape);
	tcase_add_test(json, test_json_too_many_services);
	suite_add_tcase(suite, json);
	return suite;
}
