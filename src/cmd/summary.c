/* summary.c: prints totals as aligned text or as JSON. Service names and
 * timestamps come from the logs, so the text form escapes them. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>

#include "cmd/summary.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "schema/schema.h"

#define MB 1e6

static double
share(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

/* Prints one "  label  count  share" row. */
static void
print_row(FILE *out, const char *label, uint64_t count, uint64_t whole)
{
	char *safe = escape_string(label);

	fprintf(out, "  %-22s %12llu %6.1f%%\n", safe, (unsigned long long)count,
	    share(count, whole));
	free(safe);
}

/* Prints the most frequent level spellings no table knew, and how to
 * map them. */
static void
print_spellings(FILE *out, const struct spellings *spellings)
{
	const struct spelling *top[5];
	size_t count = spellings_top(spellings, top, 5), i;
	char *safe;

	if (count == 0)
		return;
	fputs(_("  most frequent unknown levels: "), out);
	for (i = 0; i < count; i++) {
		safe = escape_string(top[i]->text);
		fprintf(out, "%s%s (%llu)", i > 0 ? ", " : "", safe,
		    (unsigned long long)top[i]->count);
		free(safe);
	}
	fputs(_("; map them with --level-map SPELLING=LEVEL\n"), out);
}

static void
print_levels(FILE *out, const struct agg *totals)
{
	int level;

	fputs(_("Levels (selected records):\n"), out);
	for (level = 0; level < LEVEL_COUNT; level++)
		print_row(out, level_name((enum level)level), totals->levels[level],
		    totals->selected);
	print_row(out, _("(missing)"), totals->level_missing, totals->selected);
	print_row(out, _("(unknown)"), totals->level_unknown, totals->selected);
	print_spellings(out, &totals->level_spellings);
}

static void
print_services(FILE *out, const struct agg *totals)
{
	size_t i;

	fputs(_("Services:\n"), out);
	for (i = 0; i < totals->service_count; i++)
		print_row(out, totals->services[i].name, totals->services[i].count,
		    totals->selected);
}

static void
print_durations(FILE *out, const struct agg *totals)
{
	if (totals->duration_count == 0)
		return;
	fprintf(out, _("duration_ms: count %llu, min %llu, mean %.1f, max %llu; "
	    "p50 %llu, p95 %llu, p99 %llu\n"),
	    (unsigned long long)totals->duration_count,
	    (unsigned long long)totals->duration_min,
	    (double)totals->duration_sum / (double)totals->duration_count,
	    (unsigned long long)totals->duration_max,
	    (unsigned long long)agg_duration_percentile(totals, 50),
	    (unsigned long long)agg_duration_percentile(totals, 95),
	    (unsigned long long)agg_duration_percentile(totals, 99));
}

/* Prints which fields a reason's rejections were for, if any was. */
static void
print_fields(FILE *out, const uint64_t *fields)
{
	int field, printed = 0;

	for (field = 0; field < AGG_FIELDS; field++) {
		if (fields[field] == 0)
			continue;
		fprintf(out, "%s%s %llu", printed++ ? ", " : _("    by field: "),
		    schema_field_name((enum schema_field)field),
		    (unsigned long long)fields[field]);
	}
	if (printed)
		fputc('\n', out);
}

static void
print_rejected(FILE *out, const struct agg *totals)
{
	int reason;

	fprintf(out, _("Rejected lines: %llu\n"),
	    (unsigned long long)agg_rejected_total(totals));
	for (reason = 0; reason < AGG_REASON_COUNT; reason++) {
		if (totals->rejected[reason] == 0)
			continue;
		print_row(out, agg_reason_name((enum agg_reason)reason),
		    totals->rejected[reason], totals->lines);
		print_fields(out, totals->rejected_fields[reason]);
	}
}

/* Prints the totals as text. */
void
summary_totals(FILE *out, const struct agg *totals)
{
	char *first, *last;

	fprintf(out, _("Lines: %llu (%llu bytes); records: %llu, selected: %llu; "
	    "empty lines: %llu\n"), (unsigned long long)totals->lines,
	    (unsigned long long)totals->bytes,
	    (unsigned long long)totals->records,
	    (unsigned long long)totals->selected,
	    (unsigned long long)totals->empty);
	print_levels(out, totals);
	print_services(out, totals);
	print_durations(out, totals);
	if (totals->first.set) {
		first = escape_string(totals->first.text);
		last = escape_string(totals->last.text);
		fprintf(out, _("Timestamps: first %s, last %s\n"), first, last);
		free(first);
		free(last);
	}
	print_rejected(out, totals);
}

/* Prints the run's summary: what this run read (TOTALS less BEFORE, in
 * SECONDS) and the totals over all runs; as JSON when JSON is set, with
 * the array WARNINGS (advice.c) unless it is NULL. */
void
summary_print(FILE *out, const struct agg *totals, const struct agg *before,
    double seconds, int json, json_t *warnings, const char *schema)
{
	uint64_t records = totals->records - before->records;
	uint64_t bytes = totals->bytes - before->bytes;
	json_t *root;

	if (seconds <= 0)
		seconds = 1e-9;
	if (json) {
		root = json_pack("{s:{s:I, s:I, s:f, s:f, s:f}, s:o}", "run",
		    "records", (json_int_t)records, "bytes", (json_int_t)bytes,
		    "seconds", seconds, "records_per_second",
		    (double)records / seconds, "mb_per_second",
		    (double)bytes / MB / seconds, "totals", agg_to_json(totals));
		json_object_set_new(json_object_get(root, "run"), "schema",
		    schema != NULL ? json_string(schema) : json_null());
		if (warnings != NULL)
			json_object_set(root, "warnings", warnings);
		json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(root);
		return;
	}
	fprintf(out, _("This run: %llu records (%.1f MB) in %.2f s, %.0f records/s, "
	    "%.1f MB/s\n"), (unsigned long long)records, (double)bytes / MB,
	    seconds, (double)records / seconds, (double)bytes / MB / seconds);
	if (schema != NULL)
		fprintf(out, _("Schema: %s\n"), schema);
	else
		fputs(_("Schema: not detected yet (no complete line)\n"), out);
	fputs(_("Totals over all runs:\n"), out);
	summary_totals(out, totals);
}
