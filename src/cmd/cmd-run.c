/* cmd-run.c: logproc run, the headless front end of the engine. The
 * first SIGINT or SIGTERM stops the engine gracefully (checkpoint
 * written, exit 0), a second one exits at once, which is as safe as a
 * crash (signals.c). The main thread shows progress and events until the
 * engine is done, then prints the summary. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/advice.h"
#include "cmd/cmd.h"
#include "cmd/runopt.h"
#include "cmd/signals.h"
#include "cmd/summary.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "common/xmalloc.h"

#define TICK_MS 100	/* the end and signals are seen this fast */
#define PROGRESS_TICKS 3	/* progress line every third tick */
#define EVENT_BATCH 32

/* Prints the help of logproc run. */
static void
run_help(FILE *out)
{
	fputs(_("Usage: logproc run [OPTIONS]\n"
	    "Process the log directory: every complete line of PATTERN and its\n"
	    "rotated segments PATTERN.* and PATTERN-* is counted exactly once,\n"
	    "across restarts and crashes. Follows the directory until SIGINT or\n"
	    "SIGTERM.\n"), out);
	fputs(_("\nOptions:\n"), out);
	runopt_help_location(out);
	runopt_help_engine(out);
	fputs(_("  --quiet              only errors and warnings that matter on\n"
	    "                       standard error: no progress line, notes or\n"
	    "                       single rejected lines\n"
	    "  --json               print the summary as JSON; it goes to standard\n"
	    "                       error when records do to standard output (not\n"
	    "                       at all then with --quiet)\n"
	    "  --help               show this help and exit\n"), out);
	cmd_print_footer(out, "-workers 4");
}

/* What the front end has shown of a run: events, progress, errors. */
struct shown {
	int quiet;			/* --quiet: errors and warnings that matter */
	uint64_t seen;			/* sequence of the last event taken */
	uint64_t line_reports;		/* rejected lines reported one by one */
	int progress;			/* a progress line is on the terminal */
	char last_error[ENGINE_EVENT_TEXT];	/* the last error event */
};

/* Returns 1 if EVENT is left out by --quiet: information, and the
 * reports of single rejected lines (the summary counts them, and
 * --rejects keeps them). Errors and every other warning (data lost,
 * skipped, read twice or not at all, checkpoint trouble) are shown. */
static int
quieted(const struct shown *shown, const struct engine_event *event)
{
	return shown->quiet && (event->kind == ENGINE_INFO ||
	    event->line_report);
}

/* Prints the engine's new events on standard error, escaped, keeping
 * the text of the last error in SHOWN: the error that stops the engine
 * is one, and is not printed twice. */
static void
print_events(struct engine *engine, struct shown *shown)
{
	struct engine_event events[EVENT_BATCH];
	size_t count, i;
	char *text;

	while ((count = engine_events(engine, shown->seen, events,
	    EVENT_BATCH)) > 0) {
		if (shown->progress) {
			fputs("\r\033[K", stderr);
			shown->progress = 0;
		}
		for (i = 0; i < count; i++) {
			shown->seen = events[i].sequence;
			if (events[i].kind == ENGINE_ERROR)
				memcpy(shown->last_error, events[i].text,
				    ENGINE_EVENT_TEXT);
			if (quieted(shown, &events[i]))
				continue;
			shown->line_reports += events[i].line_report;
			text = escape_string(events[i].text);
			log_warnx("%s", text);
			free(text);
		}
	}
}

/* Says how many lines this run rejected (TOTALS less BEFORE) beyond
 * those reported one by one, if any were. */
static void
print_more_rejects(const struct shown *shown, const struct agg *totals,
    const struct agg *before)
{
	uint64_t rejected = agg_rejected_total(totals) -
	    agg_rejected_total(before);

	if (shown->line_reports == 0 || rejected <= shown->line_reports)
		return;
	log_warnx(_("... and %llu more rejected lines (the summary counts "
	    "them by reason; --rejects FILE keeps them)"),
	    (unsigned long long)(rejected - shown->line_reports));
}

/* Returns where the summary goes: standard output, but standard error
 * when the records or rejected lines go to standard output (none with
 * --quiet then: only errors and warnings that matter go there). */
static FILE *
summary_stream(const struct runopt *options)
{
	const char *output = options->engine.output_path;
	const char *rejects = options->engine.rejects_path;

	if ((output != NULL && strcmp(output, "-") == 0) ||
	    (rejects != NULL && strcmp(rejects, "-") == 0))
		return options->quiet ? NULL : stderr;
	return stdout;
}

/* Rewrites the progress line: records, rate, segments, bytes behind. */
static void
print_progress(const struct engine_stats *stats, double rate)
{
	fputs("\r\033[K", stderr);
	fprintf(stderr, _("%llu records, %.0f/s, segments %zu/%zu complete, "
	    "%llu bytes behind"), (unsigned long long)stats->records,
	    rate, stats->complete, stats->segments,
	    (unsigned long long)stats->bytes_behind);
}

static double
seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Waits until the engine is done or a signal stops it (seen within a
 * tick, or at once for a signal), showing events and, about three times
 * a second, progress. */
static void
watch(struct engine *engine, const struct runopt *options,
    const struct timespec *start, struct shown *shown)
{
	struct pollfd wake[2] = {
		{ .fd = signals_stop_fd(), .events = POLLIN },
		{ .fd = engine_done_fd(engine), .events = POLLIN },
	};
	unsigned ticks = 0;
	struct engine_stats stats, first;
	int progress = options->quiet == 0 && isatty(STDERR_FILENO);

	engine_stats(engine, &first);
	for (;;) {
		print_events(engine, shown);
		engine_stats(engine, &stats);
		if (stats.finished || signals_stop_requested())
			break;
		if (progress && ticks++ % PROGRESS_TICKS == 0) {
			print_progress(&stats, (double)(stats.records -
			    first.records) / seconds_since(start));
			shown->progress = 1;
		}
		poll(wake, 2, TICK_MS);		/* negative descriptors: ignored */
	}
	if (shown->progress)
		fputs("\r\033[K", stderr);
	shown->progress = 0;
}

/* Ends the run after the engine closed with RESULT and CAUSE (freed),
 * its last STATS, reading SCHEMA (NULL: none detected):
 * reports an error that was not shown yet, and what more this run
 * rejected, and prints the summary. A reader of standard output that
 * went away ends the process quietly, as SIGPIPE ends grep. Returns the
 * exit status. */
static int
finish(const struct runopt *options, const struct shown *shown,
    int result, char *cause, const struct agg *totals,
    const struct agg *before, double seconds,
    const struct engine_stats *stats, const char *schema)
{
	FILE *summary = summary_stream(options);
	json_t *warnings;
	int status = 0;

	if (result == ENGINE_OUTPUT_CLOSED) {
		free(cause);
		signals_die_of_sigpipe();
	}
	if (result != 0 && strcmp(cause, shown->last_error) == 0) {
		free(cause);
		status = EXIT_RUNTIME;
	} else if (cause != NULL)
		status = cmd_runtime_error("", cause);
	if (!shown->quiet)
		print_more_rejects(shown, totals, before);
	warnings = status == 0 ? advice_collect(&options->engine, totals,
	    before, stats->segments, stats->scanned, schema) : json_array();
	if (summary != NULL)
		summary_print(summary, totals, before, seconds, options->json,
		    warnings, schema);
	advice_print(warnings);
	json_decref(warnings);
	return status;
}

/* logproc run */
static int
run_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	struct runopt options;
	struct engine *engine;
	struct timespec start;
	struct agg totals, before;
	struct engine_stats stats;
	struct shown shown;
	char *cause = NULL, *schema;
	int status, result;

	runopt_parse(entry, argc, argv, RUNOPT_LOCATION | RUNOPT_ENGINE |
	    RUNOPT_REPORT, &options);
	signals_take(NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((engine = engine_open(&options.engine, &cause)) == NULL) {
		runopt_free(&options);
		return cmd_runtime_error("", cause);
	}
	agg_init(&before);
	agg_init(&totals);
	engine_totals(engine, &before);
	if (engine_start(engine, &cause) != 0) {
		engine_close(engine, NULL, NULL);
		agg_free(&before);
		runopt_free(&options);
		return cmd_runtime_error("", cause);
	}
	memset(&shown, 0, sizeof shown);
	shown.quiet = options.quiet;
	watch(engine, &options, &start, &shown);
	print_events(engine, &shown);
	engine_stats(engine, &stats);
	schema = engine_schema_name(engine, NULL);
	result = engine_close(engine, &totals, &cause);
	status = finish(&options, &shown, result, cause, &totals, &before,
	    seconds_since(&start), &stats, schema);
	free(schema);
	agg_free(&totals);
	agg_free(&before);
	runopt_free(&options);
	return status;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = N_("process the log directory, exactly once, and follow it"),
	.exec = run_exec,
	.help = run_help,
};
