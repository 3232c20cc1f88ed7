/* cmd-generate.c: logproc generate, the front end of the generator. It
 * parses options, turns SIGINT and SIGTERM into a stop flag and SIGHUP
 * into a reopen flag, runs the generator and writes the truth file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/fsutil.h"
#include "common/i18n.h"
#include "common/parse.h"
#include "gen/format.h"
#include "gen/generator.h"

#define COUNT_MAX 1000000000000ULL
#define INTERVAL_MAX (60 * PARSE_NS_PER_S)
#define ROTATE_MIN 1024ULL
#define ROTATE_MAX (1024ULL * 1024 * 1024)
#define KEEP_MAX 1000000ULL

enum {
	OPT_COUNT = 256, OPT_INTERVAL, OPT_OUTPUT, OPT_PATTERN,
	OPT_ROTATE_SIZE, OPT_SEED, OPT_MALFORMED, OPT_TRUTH, OPT_HELP,
	OPT_ROTATE_SCHEME, OPT_KEEP, OPT_COMPRESS, OPT_DELAY_COMPRESS,
	OPT_SCHEMA
};

static const struct option generate_options[] = {
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "pattern", required_argument, NULL, OPT_PATTERN },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "malformed", required_argument, NULL, OPT_MALFORMED },
	{ "truth", required_argument, NULL, OPT_TRUTH },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "rotate-scheme", required_argument, NULL, OPT_ROTATE_SCHEME },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "compress", no_argument, NULL, OPT_COMPRESS },
	{ "delay-compress", no_argument, NULL, OPT_DELAY_COMPRESS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* The values of --rotate-scheme. */
static const struct {
	const char *name;
	enum rotate_scheme scheme;
} rotate_schemes[] = {
	{ "timestamp", ROTATE_TIMESTAMP },
	{ "numbered", ROTATE_NUMBERED },
	{ "dateext", ROTATE_DATEEXT },
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;

/* Prints the help of logproc generate. */
static void
generate_help(FILE *out)
{
	fputs(_("Usage: logproc generate [OPTIONS]\n"
	    "Write realistic JSON-lines test logs to DIR/NAME, renaming the active file\n"
	    "to NAME.YYYYMMDD-HHMMSS (UTC) when it reaches the rotate size.\n"), out);
	fputs(_("\nOptions:\n"
	    "  --count N           lines to write, broken ones included; 0 means\n"
	    "                      until interrupted (default 1000)\n"
	    "  --interval D        pause between records: 500us, 10ms, 1.5s, 1m;\n"
	    "                      0 means as fast as possible (default 10ms)\n"
	    "  --output DIR        directory to write to, created if missing\n"
	    "                      (default logs)\n"
	    "  --pattern NAME      name of the active file (default app.log)\n"
	    "  --rotate-size SIZE  rotate before the active file would pass SIZE\n"
	    "                      bytes; K, M, G suffixes; 0 disables (default 1M)\n"
	    "  --seed N            same seed, same output; timestamps then start at\n"
	    "                      2026-01-01T00:00:00Z\n"
	    "  --malformed RATE    fraction of lines, 0 to 1, broken on purpose\n"
	    "                      (default 0)\n"
	    "  --truth FILE        write the ground truth as JSON to FILE at the end\n"
	    "  --schema NAME       write the JSON format of a common logger: slog, zap,\n"
	    "                      logrus, zerolog, pino, bunyan, winston, structlog,\n"
	    "                      python-json, logstash, ecs, journald, caddy,\n"
	    "                      mongodb, tracing, otlp; docker:NAME wraps NAME in\n"
	    "                      Docker's json-file lines, docker alone is\n"
	    "                      docker:logproc (default logproc)\n"
	    "  --help              show this help and exit\n"), out);
	fputs(_("\nRotation schemes and old segments:\n"
	    "  --rotate-scheme S   timestamp: NAME.YYYYMMDD-HHMMSS (default);\n"
	    "                      numbered: NAME.1 is the newest, older ones shift\n"
	    "                      up at each rotation; dateext: NAME-YYYYMMDD-HHMMSS\n"
	    "  --keep N            keep only the N newest segments, deleting older\n"
	    "                      ones at each rotation (default 0: keep all)\n"
	    "  --compress          gzip each segment, leaving SEGMENT.gz in its place\n"
	    "  --delay-compress    with --compress: leave the newest segment plain\n"
	    "                      until the next rotation\n"), out);
	fputs(_("\nSIGINT or SIGTERM stops it after a whole line; the truth file is still\n"
	    "written and the exit status is 0.\n"), out);
	fputs(_("SIGHUP makes it reopen DIR/NAME after the current line, for logrotate's\n"
	    "postrotate: later lines go to a new file of that name.\n"), out);
	cmd_print_footer(out, "-count 1000");
}

static int stop_pipe[2] = { -1, -1 };

/* Raises the reopen flag for SIGHUP, the stop flag for the others, and
 * wakes a pending sleep through the self-pipe. */
static void
on_signal(int signo)
{
	int saved = errno;
	ssize_t written;

	if (signo == SIGHUP)
		reopen_requested = 1;
	else
		stop_requested = 1;
	written = write(stop_pipe[1], "", 1);	/* if full, a wake-up is pending */
	(void)written;
	errno = saved;
}

/* Sets a handler that only raises a flag and writes to a pipe whose read
 * end wakes the generator's pauses. Returns that read end. */
static int
catch_signals(void)
{
	struct sigaction action;

	if (pipe(stop_pipe) != 0 || fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK) != 0)
		fatal("pipe");
	memset(&action, 0, sizeof action);
	action.sa_handler = on_signal;
	/* SIGHUP does not end the run: a write or rename it interrupts must
	 * go on, not fail (pselect is still cut short, as it should be). */
	action.sa_flags = SA_RESTART;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
	return stop_pipe[0];
}

/* Returns the long name of the option whose getopt value is OPTION. */
static const char *
option_name(int option)
{
	const struct option *o;

	for (o = generate_options; o->val != option; o++)
		;
	return o->name;
}

/* Applies a numeric option to CONFIG; a bad value exits with status 2. */
static void
apply_number(const struct cmd_entry *entry, int option, const char *value,
    struct generator_config *config)
{
	const char *name = option_name(option), *cause;

	switch (option) {
	case OPT_COUNT:
		if (parse_uint(value, 0, COUNT_MAX, &config->count, &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("0 to 1000000000000"));
		break;
	case OPT_INTERVAL:
		if (parse_duration(value, 0, INTERVAL_MAX, &config->interval_ns,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("0 to 1m"));
		break;
	case OPT_ROTATE_SIZE:
		if (parse_size(value, 0, ROTATE_MAX, &config->rotate_size,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("0, or 1K to 1G"));
		if (config->rotate_size != 0 && config->rotate_size < ROTATE_MIN)
			cmd_bad_value(entry, name, value, _("out of range"),
			    _("0, or 1K to 1G"));
		break;
	case OPT_SEED:
		if (parse_uint(value, 0, UINT64_MAX, &config->seed, &cause) != 0)
			cmd_bad_value(entry, name, value, cause,
			    _("0 to 18446744073709551615"));
		config->seeded = 1;
		break;
	case OPT_MALFORMED:
		if (parse_fraction(value, 0, 1, &config->malformed_rate,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("0 to 1"));
		break;
	}
}

/* Applies --rotate-scheme VALUE to CONFIG; an unknown scheme exits with
 * status 2. */
static void
apply_scheme(const struct cmd_entry *entry, const char *value,
    struct generator_config *config)
{
	size_t i;

	for (i = 0; i < sizeof rotate_schemes / sizeof rotate_schemes[0]; i++) {
		if (strcmp(value, rotate_schemes[i].name) == 0) {
			config->rotate.scheme = rotate_schemes[i].scheme;
			return;
		}
	}
	cmd_bad_value(entry, option_name(OPT_ROTATE_SCHEME), value,
	    _("unknown scheme"), _("timestamp, numbered or dateext"));
}

/* Applies an option of rotation (scheme, keep, compression) to CONFIG; a
 * bad value exits with status 2. */
static void
apply_rotation(const struct cmd_entry *entry, int option, const char *value,
    struct generator_config *config)
{
	const char *cause;

	switch (option) {
	case OPT_ROTATE_SCHEME:
		apply_scheme(entry, value, config);
		break;
	case OPT_KEEP:
		if (parse_uint(value, 0, KEEP_MAX, &config->rotate.keep,
		    &cause) != 0)
			cmd_bad_value(entry, option_name(option), value, cause,
			    _("0 to 1000000"));
		break;
	case OPT_COMPRESS:
		config->rotate.compress = 1;
		break;
	case OPT_DELAY_COMPRESS:
		config->rotate.delay_compress = 1;
		break;
	default:
		apply_number(entry, option, value, config);
	}
}

/* Applies one parsed option to CONFIG or *TRUTH_PATH; a bad value exits
 * with status 2. */
static void
apply_option(const struct cmd_entry *entry, int option, const char *value,
    struct generator_config *config, const char **truth_path)
{
	const char *name = option_name(option);

	switch (option) {
	case OPT_OUTPUT:
		if (*value == '\0')
			cmd_bad_value(entry, name, value, _("empty"), _("a directory"));
		config->output_dir = value;
		break;
	case OPT_PATTERN:
		if (!cmd_valid_pattern(value))
			cmd_bad_value(entry, name, value, _("not a plain file name"),
			    _("1 to 200 characters, no '/' or control characters"));
		config->pattern = value;
		break;
	case OPT_TRUTH:
		if (*value == '\0')
			cmd_bad_value(entry, name, value, _("empty"), _("a file name"));
		*truth_path = value;
		break;
	case OPT_SCHEMA:
		if (format_parse(value, &config->format) != 0)
			cmd_bad_value(entry, name, value, _("unknown schema"),
			    format_names());
		break;
	default:
		apply_rotation(entry, option, value, config);
	}
}

/* Parses the command line into CONFIG and *TRUTH_PATH. */
static void
parse_options(const struct cmd_entry *entry, int argc, char **argv,
    struct generator_config *config, const char **truth_path)
{
	int option;

	opterr = 0;
	optind = 1;
	while ((option = getopt_long_only(argc, argv, ":", generate_options,
	    NULL)) != -1) {
		if (option == '?' || option == ':')
			cmd_bad_option(entry, option, argv, generate_options);
		if (option == OPT_HELP) {
			generate_help(stdout);
			exit(0);
		}
		apply_option(entry, option, optarg, config, truth_path);
	}
	cmd_no_arguments(entry, argc, argv);
	/* logrotate ignores delaycompress without compress; a test that
	 * asked for it would silently get plain segments. */
	if (config->rotate.delay_compress && !config->rotate.compress)
		cmd_usage_error(entry, _("--delay-compress needs --compress"));
}

/* logproc generate: checks the truth file can be written, generates, then
 * writes it. */
static int
generate_exec(const struct cmd_entry *entry, int argc, char **argv)
{
	struct generator_config config = {
		.count = 1000, .interval_ns = 10 * PARSE_NS_PER_MS,
		.output_dir = "logs", .pattern = "app.log",
		.rotate_size = 1024 * 1024, .stop_fd = -1,
	};
	struct truth truth;
	const char *truth_path = NULL;
	char *cause;

	parse_options(entry, argc, argv, &config, &truth_path);
	memset(&truth, 0, sizeof truth);
	if (truth_path != NULL && fsutil_probe_replace(truth_path, &cause) != 0)
		return cmd_runtime_error(_("cannot write the truth file: "), cause);
	config.stop_fd = catch_signals();
	config.reopen = &reopen_requested;
	if (generator_run(&config, &stop_requested, &truth, &cause) != 0)
		return cmd_runtime_error("", cause);
	if (truth_path != NULL && truth_write(&truth, truth_path, &cause) != 0)
		return cmd_runtime_error(_("cannot write the truth file: "), cause);
	return 0;
}

const struct cmd_entry cmd_generate_entry = {
	.name = "generate",
	.summary = N_("write realistic JSON-lines test logs, with rotation"),
	.exec = generate_exec,
	.help = generate_help,
};
