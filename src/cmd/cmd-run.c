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
	fputs(_("  --quiet              no progress line on standard error\n"
	    "  --json               print the summary as JSON\n"
	    "  --help               show this help and exit\n"), out);
	cmd_print_footer(out, "-workers 4");
}

/* Prints the engine's new events on standard error, escaped, keeping
 * the text of the last error in LAST_ERROR (ENGINE_EVENT_TEXT bytes): the
 * error that stops the engine is one, and is not printed twice. */
static void
print_events(struct engine *engine, uint64_t *seen, int *progress_shown,
    char *last_error)
{
	struct engine_event events[EVENT_BATCH];
	size_t count, i;
	char *text;

	while ((count = engine_events(engine, *seen, events, EVENT_BATCH)) > 0) {
		if (*progress_shown) {
			fputs("\r\033[K", stderr);
			*progress_shown = 0;
		}
		for (i = 0; i < count; i++) {
			text = escape_string(events[i].text);
			log_warnx("%s", text);
			free(text);
			if (events[i].kind == ENGINE_ERROR)
				memcpy(last_error, events[i].text,
				    ENGINE_EVENT_TEXT);
			*seen = events[i].sequence;
		}
	}
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
    const struct timespec *start, uint64_t *seen, char *last_error)
{
	struct pollfd wake[2] = {
		{ .fd = signals_stop_fd(), .events = POLLIN },
		{ .fd = engine_done_fd(engine), .events = POLLIN },
	};
	unsigned ticks = 0;
	struct engine_stats stats, first;
	int progress = options->quiet == 0 && isatty(STDERR_FILENO);
	int shown = 0;

	engine_stats(engine, &first);
	for (;;) {
		print_events(engine, seen, &shown, last_error);
		engine_stats(engine, &stats);
		if (stats.finished || signals_stop_requested())
			break;
		if (progress && ticks++ % PROGRESS_TICKS == 0) {
			print_progress(&stats, (double)(stats.records -
			    first.records) / seconds_since(start));
			shown = 1;
		}
		poll(wake, 2, TICK_MS);		/* negative descriptors: ignored */
	}
	if (shown)
		fputs("\r\033[K", stderr);
}

/* logproc run */
static int
run_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	struct runopt options;
	struct engine *engine;
	struct timespec start;
	struct agg totals, before;
	char *cause = NULL, last_error[ENGINE_EVENT_TEXT] = "";
	int status = 0;
	uint64_t seen = 0;
	int shown = 0;

	runopt_parse(entry, argc, argv, RUNOPT_LOCATION | RUNOPT_ENGINE |
	    RUNOPT_REPORT, &options);
	signals_take(NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((engine = engine_open(&options.engine, &cause)) == NULL)
		return cmd_runtime_error("", cause);
	agg_init(&before);
	agg_init(&totals);
	engine_totals(engine, &before);
	if (engine_start(engine, &cause) != 0) {
		engine_close(engine, NULL, NULL);
		return cmd_runtime_error("", cause);
	}
	watch(engine, &options, &start, &seen, last_error);
	print_events(engine, &seen, &shown, last_error);
	if (engine_close(engine, &totals, &cause) != 0 &&
	    strcmp(cause, last_error) == 0) {
		free(cause);
		status = EXIT_RUNTIME;
	} else if (cause != NULL)
		status = cmd_runtime_error("", cause);
	summary_print(stdout, &totals, &before, seconds_since(&start),
	    options.json);
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
