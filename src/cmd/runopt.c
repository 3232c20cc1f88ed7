/* runopt.c: parsing the options of logproc run, status and tui, with the
 * defaults of the original (logs, app.log, offsets, 2 workers, a commit
 * every 100 lines) and strict ranges. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/runopt.h"
#include "common/i18n.h"
#include "common/parse.h"
#include "common/xmalloc.h"

#define WORKERS_MAX 64
#define SCAN_MIN (10 * PARSE_NS_PER_MS)
#define SCAN_MAX (60 * 60 * PARSE_NS_PER_S)
#define MAX_LINE_MIN 1024ULL
#define MAX_LINE_MAX (1024ULL * 1024 * 1024)
#define COMMIT_MAX 1000000000ULL
#define DURATION_MAX 1000000000000ULL
#define SERVICES_MAX 64
#define REFRESH_MIN (10 * PARSE_NS_PER_MS)
#define REFRESH_MAX (10 * PARSE_NS_PER_S)
#define FRAMES_MAX 1000000000ULL

enum {
	OPT_LOGS_DIR = 256, OPT_PATTERN, OPT_OFFSETS_DIR, OPT_WORKERS,
	OPT_SCAN_INTERVAL, OPT_MAX_LINE, OPT_COMMIT_EVERY, OPT_MIN_LEVEL,
	OPT_SERVICE, OPT_MIN_DURATION, OPT_OUTPUT, OPT_REJECTS, OPT_ONCE,
	OPT_RESET, OPT_QUIET, OPT_JSON, OPT_REFRESH, OPT_FRAMES, OPT_PARSER,
	OPT_SCHEMA, OPT_FIELD, OPT_LEVEL_MAP, OPT_TIMEZONE,
	OPT_HELP
};

struct runopt_option {
	struct option option;
	int group;
};

static const struct runopt_option all_options[] = {
	{ { "logs-dir", required_argument, NULL, OPT_LOGS_DIR }, RUNOPT_LOCATION },
	{ { "pattern", required_argument, NULL, OPT_PATTERN }, RUNOPT_LOCATION },
	{ { "offsets-dir", required_argument, NULL, OPT_OFFSETS_DIR }, RUNOPT_LOCATION },
	{ { "workers", required_argument, NULL, OPT_WORKERS }, RUNOPT_ENGINE },
	{ { "scan-interval", required_argument, NULL, OPT_SCAN_INTERVAL }, RUNOPT_ENGINE },
	{ { "max-line", required_argument, NULL, OPT_MAX_LINE }, RUNOPT_ENGINE },
	{ { "commit-every", required_argument, NULL, OPT_COMMIT_EVERY }, RUNOPT_ENGINE },
	{ { "min-level", required_argument, NULL, OPT_MIN_LEVEL }, RUNOPT_ENGINE },
	{ { "service", required_argument, NULL, OPT_SERVICE }, RUNOPT_ENGINE },
	{ { "min-duration", required_argument, NULL, OPT_MIN_DURATION }, RUNOPT_ENGINE },
	{ { "output", required_argument, NULL, OPT_OUTPUT }, RUNOPT_ENGINE },
	{ { "rejects", required_argument, NULL, OPT_REJECTS }, RUNOPT_ENGINE },
	{ { "once", no_argument, NULL, OPT_ONCE }, RUNOPT_ENGINE },
	{ { "reset", no_argument, NULL, OPT_RESET }, RUNOPT_ENGINE },
	{ { "parser", required_argument, NULL, OPT_PARSER }, RUNOPT_ENGINE },
	{ { "schema", required_argument, NULL, OPT_SCHEMA }, RUNOPT_ENGINE },
	{ { "field", required_argument, NULL, OPT_FIELD }, RUNOPT_ENGINE },
	{ { "level-map", required_argument, NULL, OPT_LEVEL_MAP }, RUNOPT_ENGINE },
	{ { "timezone", required_argument, NULL, OPT_TIMEZONE }, RUNOPT_ENGINE },
	{ { "quiet", no_argument, NULL, OPT_QUIET }, RUNOPT_REPORT },
	{ { "json", no_argument, NULL, OPT_JSON }, RUNOPT_REPORT | RUNOPT_JSON },
	{ { "refresh", required_argument, NULL, OPT_REFRESH }, RUNOPT_TUI },
	{ { "frames", required_argument, NULL, OPT_FRAMES }, RUNOPT_TUI },
};

/* Prints the help of the location options. */
void
runopt_help_location(FILE *out)
{
	fputs(_("  --logs-dir DIR       the log directory (default logs)\n"
	    "  --pattern NAME       the active file; rotated segments are NAME.*\n"
	    "                       and NAME-* (default app.log)\n"
	    "  --offsets-dir DIR    where the checkpoint and lock live\n"
	    "                       (default offsets)\n"), out);
}

/* Prints the help of the engine options. */
void
runopt_help_engine(FILE *out)
{
	fputs(_("  --workers N          worker threads, 1 to 64 (default 2)\n"
	    "  --scan-interval D    rescan the directory this often, 10ms to 60m\n"
	    "                       (default 1s; changes wake it at once)\n"
	    "  --max-line SIZE      longer lines are rejected, 1K to 1G (default 1M)\n"
	    "  --commit-every N     checkpoint after N lines (default 100), at least\n"
	    "                       every second, at most every 50ms\n"
	    "  --schema NAME|FILE   how records are read: auto (default: detected\n"
	    "                       from the first lines), a built-in name\n"
	    "                       (logproc schema list) or a schema file\n"
	    "  --field F=PATH       read field F (time, level, service, message,\n"
	    "                       duration) at PATH (repeatable)\n"
	    "  --level-map S=LEVEL  count the level spelled S as LEVEL (repeatable)\n"
	    "  --timezone ZONE      the zone of times written without one\n"
	    "                       (default UTC; an offset such as +02:00)\n"
	    "  --min-level LEVEL    select records of LEVEL or more severe\n"
	    "  --service NAME       select records of service NAME (repeatable)\n"
	    "  --min-duration MS    select records with duration_ms >= MS\n"
	    "  --output FILE        write the selected records to FILE (- for\n"
	    "                       standard output), byte for byte\n"
	    "  --rejects FILE       write every rejected line to FILE\n"
	    "  --parser NAME        fast (default: a validating fast path, Jansson\n"
	    "                       when unsure) or jansson (Jansson alone); the\n"
	    "                       results are the same\n"
	    "  --once               process what is there, then exit\n"
	    "  --reset              forget the checkpoint and start over\n"), out);
}

#define OPTION_COUNT (sizeof all_options / sizeof all_options[0])

/* Builds the getopt table of the options in ACCEPTED groups, with --help,
 * in static storage: a usage error exits from inside the parse, and a
 * table on the heap would then be lost. */
static struct option *
build_table(int accepted)
{
	static struct option table[OPTION_COUNT + 2];
	size_t used = 0, i;

	memset(table, 0, sizeof table);
	for (i = 0; i < OPTION_COUNT; i++) {
		if ((all_options[i].group & accepted) != 0)
			table[used++] = all_options[i].option;
	}
	table[used].name = "help";
	table[used].val = OPT_HELP;
	return table;
}

static const char *
option_name(int option)
{
	size_t i;

	for (i = 0; all_options[i].option.val != option; i++)
		;
	return all_options[i].option.name;
}

/* Parses --min-level's LEVEL: a level name or a spelling of the level
 * table, case-insensitively. */
static int
parse_level(const char *text, int *level)
{
	enum level parsed;

	if (level_parse_option(text, &parsed) != 0)
		return -1;
	*level = (int)parsed;
	return 0;
}

/* Checks a name option (a directory, file or pattern) is not empty. */
static const char *
nonempty(const struct cmd_entry *entry, int option, const char *value)
{
	if (*value == '\0')
		cmd_bad_value(entry, option_name(option), value, _("empty"),
		    _("a name"));
	return value;
}

/* Applies an option of logproc tui; a bad value exits with status 2. */
static void
apply_tui(const struct cmd_entry *entry, int option, const char *value,
    struct runopt *options)
{
	const char *name = option_name(option), *cause;

	if (option == OPT_REFRESH && parse_duration(value, REFRESH_MIN,
	    REFRESH_MAX, &options->refresh_ns, &cause) != 0)
		cmd_bad_value(entry, name, value, cause, _("10ms to 10s"));
	if (option == OPT_FRAMES && parse_uint(value, 1, FRAMES_MAX,
	    &options->frames, &cause) != 0)
		cmd_bad_value(entry, name, value, cause, _("1 to 1000000000"));
}

/* Applies a numeric option; a bad value exits with status 2. */
static void
apply_number(const struct cmd_entry *entry, int option, const char *value,
    struct engine_config *config)
{
	const char *name = option_name(option), *cause;
	uint64_t number;

	switch (option) {
	case OPT_WORKERS:
		if (parse_uint(value, 1, WORKERS_MAX, &number, &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("1 to 64"));
		config->workers = (unsigned)number;
		break;
	case OPT_SCAN_INTERVAL:
		if (parse_duration(value, SCAN_MIN, SCAN_MAX,
		    &config->scan_interval_ns, &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("10ms to 60m"));
		break;
	case OPT_MAX_LINE:
		if (parse_size(value, MAX_LINE_MIN, MAX_LINE_MAX, &number,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("1K to 1G"));
		config->max_line = (size_t)number;
		break;
	case OPT_COMMIT_EVERY:
		if (parse_uint(value, 1, COMMIT_MAX, &config->commit_every,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause, _("1 to 1000000000"));
		break;
	case OPT_MIN_DURATION:
		if (parse_uint(value, 0, DURATION_MAX, &config->filter.min_duration,
		    &cause) != 0)
			cmd_bad_value(entry, name, value, cause,
			    _("0 to 1000000000000"));
		config->filter.has_min_duration = 1;
		break;
	}
}

/* Applies a filter or file option. */
static void
apply_selection(const struct cmd_entry *entry, int option,
    const char *value, struct engine_config *config)
{
	struct filter *filter = &config->filter;
	const char *name = option_name(option);

	switch (option) {
	case OPT_MIN_LEVEL:
		if (parse_level(value, &filter->min_level) != 0)
			cmd_bad_value(entry, name, value, _("not a level"),
			    _("DEBUG, INFO, WARNING, ERROR or FATAL, any case, "
			    "or a spelling such as warn"));
		break;
	case OPT_SERVICE:
		if (filter->service_count == SERVICES_MAX)
			cmd_usage_error(entry, _("more than %d --service options"),
			    SERVICES_MAX);
		filter->services = xreallocarray(filter->services,
		    filter->service_count + 1, sizeof *filter->services);
		filter->services[filter->service_count++] =
		    xstrdup(nonempty(entry, option, value));
		break;
	case OPT_OUTPUT:
		config->output_path = nonempty(entry, option, value);
		break;
	case OPT_REJECTS:
		config->rejects_path = nonempty(entry, option, value);
		break;
	case OPT_PARSER:
		if (strcmp(value, "fast") == 0)
			config->parser = INGEST_FAST;
		else if (strcmp(value, "jansson") == 0)
			config->parser = INGEST_JANSSON;
		else
			cmd_bad_value(entry, name, value, _("not a parser"),
			    _("fast or jansson"));
		break;
	default:
		apply_number(entry, option, value, config);
	}
}

/* Applies one parsed option to OPTIONS. */
static void
apply_option(const struct cmd_entry *entry, int option, const char *value,
    struct runopt *options)
{
	struct engine_config *config = &options->engine;

	switch (option) {
	case OPT_LOGS_DIR:
		config->logs_dir = nonempty(entry, option, value);
		break;
	case OPT_PATTERN:
		if (!cmd_valid_pattern(value))
			cmd_bad_value(entry, option_name(option), value,
			    _("not a plain file name"),
			    _("1 to 200 characters, no '/' or control characters"));
		config->pattern = value;
		break;
	case OPT_OFFSETS_DIR:
		config->offsets_dir = nonempty(entry, option, value);
		break;
	case OPT_ONCE:
		config->once = 1;
		break;
	case OPT_RESET:
		config->reset = 1;
		break;
	case OPT_QUIET:
		options->quiet = 1;
		break;
	case OPT_JSON:
		options->json = 1;
		break;
	case OPT_REFRESH:
	case OPT_FRAMES:
		apply_tui(entry, option, value, options);
		break;
	case OPT_SCHEMA:
		schemaopt_schema(entry, &options->schema, value);
		break;
	case OPT_FIELD:
		schemaopt_field(entry, &options->schema, value);
		break;
	case OPT_LEVEL_MAP:
		schemaopt_level_map(entry, &options->schema, value);
		break;
	case OPT_TIMEZONE:
		schemaopt_timezone(entry, &options->schema, value);
		break;
	default:
		apply_selection(entry, option, value, config);
	}
}

/* Sets the defaults: those of the original, where its README agrees. */
static void
set_defaults(struct runopt *options)
{
	memset(options, 0, sizeof *options);
	options->engine.logs_dir = "logs";
	options->engine.pattern = "app.log";
	options->engine.offsets_dir = "offsets";
	options->engine.workers = 2;
	options->engine.scan_interval_ns = PARSE_NS_PER_S;
	options->engine.max_line = 1024 * 1024;
	options->engine.commit_every = 100;
	options->engine.filter.min_level = FILTER_NO_LEVEL;
	options->refresh_ns = 250 * PARSE_NS_PER_MS;
}

/* Parses ARGV for ENTRY, which takes the option groups ACCEPTED, into
 * OPTIONS. --help prints ENTRY's help and exits 0; usage errors exit 2. */
void
runopt_parse(const struct cmd_entry *entry, int argc, char **argv,
    int accepted, struct runopt *options)
{
	struct option *table = build_table(accepted);
	int option;

	set_defaults(options);
	opterr = 0;
	optind = 1;
	while ((option = getopt_long_only(argc, argv, ":", table, NULL)) != -1) {
		if (option == '?' || option == ':')
			cmd_bad_option(entry, option, argv, table);
		if (option == OPT_HELP) {
			entry->help(stdout);
			exit(0);
		}
		apply_option(entry, option, optarg, options);
	}
	cmd_no_arguments(entry, argc, argv);
	options->engine.schema = options->schema.chosen;
	options->engine.overrides = &options->schema.overrides;
}

void
runopt_free(struct runopt *options)
{
	size_t i;

	for (i = 0; i < options->engine.filter.service_count; i++)
		free(options->engine.filter.services[i]);
	free(options->engine.filter.services);
	schemaopt_free(&options->schema);
}
