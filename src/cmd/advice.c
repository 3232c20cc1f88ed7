/* advice.c: the warnings at the end of logproc run when it did nothing
 * useful: no file of the pattern in the directory, every line it read
 * rejected, no record it read selected by the filters. Each is an object
 * {"code", "message", details...} of a JSON array, which the --json
 * summary carries as "warnings" and advice_print writes on standard
 * error. Names from outside (files, services) are escaped in both. */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/advice-files.h"
#include "cmd/advice.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"

#define SHOWN_FILES 3		/* file names a warning lists */
#define SHOWN_SERVICES 3	/* services a warning lists */
#define LEVEL_ROWS (LEVEL_COUNT + 2)	/* the levels, missing, unknown */
#define MANY_REJECTED 5.0		/* percent of lines rejected worth a warning */
#define MANY_REJECTED_LINES 20	/* ... and at least so many */

/* One level and how many records had it, for sorting. */
struct level_count {
	const char *name;
	uint64_t count;
};

static void appendf(char **text, const char *fmt, ...) LOGPROC_PRINTF(2, 3);

/* Appends the printf-style FMT to the allocated *TEXT. */
static void
appendf(char **text, const char *fmt, ...)
{
	size_t used = strlen(*text);
	va_list ap, again;
	int length;

	va_start(ap, fmt);
	va_copy(again, ap);
	length = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (length < 0)
		fatalx("%s", _("cannot format a warning"));
	*text = xreallocarray(*text, used + (size_t)length + 1, 1);
	vsnprintf(*text + used, (size_t)length + 1, fmt, again);
	va_end(again);
}

/* Returns NAME escaped as a JSON string. */
static json_t *
escaped_json(const char *name)
{
	char *safe = escape_string(name);
	json_t *json = json_string(safe);

	free(safe);
	return json;
}

/* Appends {"code": CODE, "message": MESSAGE, DETAILS...} to WARNINGS;
 * takes MESSAGE and DETAILS (an object, or NULL). */
static void
add_warning(json_t *warnings, const char *code, char *message,
    json_t *details)
{
	json_t *warning = json_pack("{s:s, s:s}", "code", code, "message",
	    message);

	if (details != NULL) {
		json_object_update(warning, details);
		json_decref(details);
	}
	json_array_append_new(warnings, warning);
	free(message);
}

/* Returns the first SHOWN_FILES names of NEAR, escaped and joined by
 * commas ("..." after them if there are more), and puts them in NAMES. */
static char *
file_list(const struct advice_files *near, json_t *names)
{
	char *list = xstrdup(""), *safe;
	size_t i;

	for (i = 0; i < near->count && i < SHOWN_FILES; i++) {
		safe = escape_string(near->files[i].name);
		appendf(&list, "%s%s", i == 0 ? "" : ", ", safe);
		json_array_append_new(names, json_string(safe));
		free(safe);
	}
	if (near->count > SHOWN_FILES)
		appendf(&list, ", ...");
	return list;
}

/* Returns what the directory NEAR read holds, for PATTERN's warning,
 * and fills DETAILS with the files named and the pattern suggested. */
static char *
describe_files(const struct advice_files *near, json_t *details)
{
	json_t *names = json_array();
	char *list, *suggestion, *text;

	list = file_list(near, names);
	json_object_set_new(details, "files", names);
	suggestion = escape_string(advice_files_suggestion(near));
	json_object_set_new(details, "suggested_pattern",
	    json_string(suggestion));
	if (near->alike)
		xasprintf(&text, _("it holds %s: try --pattern %s"), list,
		    suggestion);
	else
		xasprintf(&text, _("it holds %zu files, none named alike, "
		    "such as %s: try --pattern %s"), near->count, list,
		    suggestion);
	free(list);
	free(suggestion);
	return text;
}

/* Warns that the log directory has no file of the pattern, saying what
 * it holds instead. Nothing if it cannot be read or, read again, has a
 * file of the pattern after all (the run stopped before its scan). */
static void
warn_no_files(json_t *warnings, const struct engine_config *config)
{
	struct advice_files near;
	char *dir, *pattern, *message, *holds;
	json_t *details;

	if (advice_files_read(&near, config->logs_dir, config->pattern) != 0)
		return;
	if (near.matching > 0) {
		advice_files_free(&near);
		return;
	}
	dir = escape_string(config->logs_dir);
	pattern = escape_string(config->pattern);
	details = json_pack("{s:o, s:o}", "logs_dir", escaped_json(dir),
	    "pattern", escaped_json(pattern));
	if (near.count == 0) {
		holds = xstrdup(_("it holds no regular file"));
		json_object_set_new(details, "files", json_array());
		json_object_set_new(details, "suggested_pattern", json_null());
	} else
		holds = describe_files(&near, details);
	xasprintf(&message, _("no file named %s, %s.* or %s-* in %s; %s"),
	    pattern, pattern, pattern, dir, holds);
	add_warning(warnings, "no_files", message, details);
	free(holds);
	free(dir);
	free(pattern);
	advice_files_free(&near);
}

/* Sets *TOP to the reason most lines this run (TOTALS less BEFORE) were
 * rejected for, and *TOP_COUNT to their number; returns all rejected. */
static uint64_t
top_reason(const struct agg *totals, const struct agg *before, int *top,
    uint64_t *top_count)
{
	uint64_t rejected = 0, count;
	int reason;

	*top = 0;
	*top_count = 0;
	for (reason = 0; reason < AGG_REASON_COUNT; reason++) {
		count = totals->rejected[reason] - before->rejected[reason];
		rejected += count;
		if (count > *top_count)
			*top = reason, *top_count = count;
	}
	return rejected;
}

/* Warns that more than MANY_REJECTED percent of the lines this run read
 * (and at least MANY_REJECTED_LINES) were rejected by SCHEMA, the schema
 * in force: perhaps another one, or a --field, reads them. */
static void
warn_many_rejected(json_t *warnings, const struct agg *totals,
    const struct agg *before, const char *schema)
{
	uint64_t lines = (totals->lines - before->lines) -
	    (totals->empty - before->empty), rejected, top_count;
	double share;
	char *message;
	int top;

	rejected = top_reason(totals, before, &top, &top_count);
	share = lines == 0 ? 0 : 100.0 * (double)rejected / (double)lines;
	if (rejected < MANY_REJECTED_LINES || share <= MANY_REJECTED)
		return;
	xasprintf(&message, _("%.1f%% of the lines read (%llu of %llu) were "
	    "rejected by the schema %s, %llu of them as %s (the summary says "
	    "which fields): another --schema, or a --field, may read them"),
	    share, (unsigned long long)rejected, (unsigned long long)lines,
	    schema != NULL ? schema : "?", (unsigned long long)top_count,
	    agg_reason_name((enum agg_reason)top));
	add_warning(warnings, "many_rejected", message, json_pack("{s:I, s:I, "
	    "s:s, s:s, s:I}", "lines", (json_int_t)lines, "rejected",
	    (json_int_t)rejected, "schema", schema != NULL ? schema : "",
	    "reason", agg_reason_name((enum agg_reason)top), "reason_lines",
	    (json_int_t)top_count));
}

/* Warns that every line this run read (TOTALS less BEFORE) was rejected,
 * naming the most common reason and the schema in force. Returns 1 if it
 * did. */
static int
warn_all_rejected(json_t *warnings, const struct engine_config *config,
    const struct agg *totals, const struct agg *before, const char *schema)
{
	uint64_t rejected, top_count;
	char *message;
	int top;

	if (totals->records != before->records)
		return 0;
	rejected = top_reason(totals, before, &top, &top_count);
	if (rejected == 0)
		return 0;
	if (top == AGG_TOO_LONG)
		xasprintf(&message, _("all %llu lines read were rejected, %llu "
		    "of them as too_long: longer than --max-line %zu"),
		    (unsigned long long)rejected, (unsigned long long)top_count,
		    config->max_line);
	else
		xasprintf(&message, _("all %llu lines read were rejected, %llu "
		    "of them as %s, by the schema %s: these logs may be in "
		    "another format; logproc schema list names the built-in "
		    "ones, --schema picks one or a schema file (see logproc(1), "
		    "SCHEMAS)"), (unsigned long long)rejected,
		    (unsigned long long)top_count,
		    agg_reason_name((enum agg_reason)top),
		    schema != NULL ? schema : "?");
	add_warning(warnings, "all_rejected", message, json_pack("{s:I, s:s, "
	    "s:I}", "lines", (json_int_t)rejected, "reason",
	    agg_reason_name((enum agg_reason)top), "reason_lines",
	    (json_int_t)top_count));
	return 1;
}

/* Returns the filters of FILTER as options: "--min-level ERROR
 * --service a ...". */
static char *
describe_filter(const struct filter *filter)
{
	char *text = xstrdup(""), *safe;
	size_t i;

	if (filter->min_level != FILTER_NO_LEVEL)
		appendf(&text, " --min-level %s",
		    level_name((enum level)filter->min_level));
	for (i = 0; i < filter->service_count; i++) {
		safe = escape_string(filter->services[i]);
		appendf(&text, " --service %s", safe);
		free(safe);
	}
	if (filter->has_min_duration)
		appendf(&text, " --min-duration %llu",
		    (unsigned long long)filter->min_duration);
	memmove(text, text + 1, strlen(text));	/* the first space */
	return text;
}

/* Returns the index of the service of UNSELECTED with the most records
 * not yet TAKEN (an array of its service_count flags). */
static size_t
top_service(const struct agg_unselected *unselected, const char *taken)
{
	size_t best = unselected->service_count, i;

	for (i = 0; i < unselected->service_count; i++) {
		if (!taken[i] && (best == unselected->service_count ||
		    unselected->services[i].count > unselected->services[best].count))
			best = i;
	}
	return best;
}

/* Appends "; services seen: a (N), b (N), ..." to *TEXT, the most
 * common SHOWN_SERVICES of UNSELECTED first, and puts them in DETAILS. */
static void
describe_services(char **text, const struct agg_unselected *unselected,
    json_t *details)
{
	char *taken = xcalloc(unselected->service_count + 1, 1), *safe;
	json_t *services = json_object();
	size_t shown, best;

	if (unselected->service_count == 0)
		appendf(text, "%s", _("; no record had a service"));
	for (shown = 0; shown < unselected->service_count &&
	    shown < SHOWN_SERVICES; shown++) {
		best = top_service(unselected, taken);
		taken[best] = 1;
		safe = escape_string(unselected->services[best].name);
		appendf(text, "%s%s (%llu)", shown == 0 ? _("; services seen: ") :
		    ", ", safe,
		    (unsigned long long)unselected->services[best].count);
		json_object_set_new(services, unselected->services[best].name,
		    json_integer((json_int_t)unselected->services[best].count));
		free(safe);
	}
	if (unselected->service_count > SHOWN_SERVICES)
		appendf(text, ", ...");
	json_object_set_new(details, "services_seen", services);
	free(taken);
}

static int
compare_level_counts(const void *a, const void *b)
{
	const struct level_count *x = a, *y = b;

	return (x->count < y->count) - (x->count > y->count);
}

/* Appends "; levels seen: INFO (N), ..." to *TEXT, every level records
 * of UNSELECTED had, the most common first, and puts them in DETAILS. */
static void
describe_levels(char **text, const struct agg_unselected *unselected,
    json_t *details)
{
	struct level_count rows[LEVEL_ROWS];
	json_t *levels = json_object();
	size_t i, shown = 0;

	for (i = 0; i < LEVEL_COUNT; i++)
		rows[i] = (struct level_count){ level_name((enum level)i),
		    unselected->levels[i] };
	rows[LEVEL_COUNT] = (struct level_count){ "missing",
	    unselected->level_missing };
	rows[LEVEL_COUNT + 1] = (struct level_count){ "unknown",
	    unselected->level_unknown };
	qsort(rows, LEVEL_ROWS, sizeof *rows, compare_level_counts);
	for (i = 0; i < LEVEL_ROWS && rows[i].count > 0; i++, shown++) {
		appendf(text, "%s%s (%llu)", shown == 0 ? _("; levels seen: ") :
		    ", ", rows[i].name, (unsigned long long)rows[i].count);
		json_object_set_new(levels, rows[i].name,
		    json_integer((json_int_t)rows[i].count));
	}
	json_object_set_new(details, "levels_seen", levels);
}

/* Warns that the filters selected none of the records this run read,
 * saying which services and levels the records had. */
static void
warn_none_selected(json_t *warnings, const struct engine_config *config,
    const struct agg *totals, const struct agg *before)
{
	const struct filter *filter = &config->filter;
	uint64_t records = totals->records - before->records;
	char *filters, *message;
	json_t *details;

	if (!filter_is_set(filter) || records == 0 ||
	    totals->selected != before->selected)
		return;
	filters = describe_filter(filter);
	details = json_pack("{s:I, s:s}", "records", (json_int_t)records,
	    "filters", filters);
	xasprintf(&message, _("none of the %llu records read matched %s"),
	    (unsigned long long)records, filters);
	if (filter->service_count > 0)
		describe_services(&message, &totals->unselected, details);
	if (filter->min_level != FILTER_NO_LEVEL)
		describe_levels(&message, &totals->unselected, details);
	add_warning(warnings, "none_selected", message, details);
	free(filters);
}

/* Returns the warnings about this run (TOTALS less BEFORE, with CONFIG)
 * as a new JSON array, empty if it did something useful; SEGMENTS is how
 * many segments the engine knew at the end, which tells of the directory
 * only if SCANNED (its first scans ended): a run stopped during them
 * says nothing of its files, and does not list a large directory again
 * as it exits. The caller owns it. */
json_t *
advice_collect(const struct engine_config *config, const struct agg *totals,
    const struct agg *before, size_t segments, int scanned,
    const char *schema)
{
	json_t *warnings = json_array();

	if (segments == 0 && scanned)
		warn_no_files(warnings, config);
	if (!warn_all_rejected(warnings, config, totals, before, schema))
		warn_many_rejected(warnings, totals, before, schema);
	warn_none_selected(warnings, config, totals, before);
	return warnings;
}

/* Prints each message of WARNINGS (from advice_collect) on standard
 * error as a warning. */
void
advice_print(json_t *warnings)
{
	json_t *warning;
	size_t i;

	json_array_foreach(warnings, i, warning)
		log_warnx(_("warning: %s"), json_string_value(
		    json_object_get(warning, "message")));
}
