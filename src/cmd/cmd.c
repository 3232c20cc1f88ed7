/* cmd.c: usage errors shared by the subcommands. Every usage error is one
 * line naming the problem, then a hint, then exit status 2. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/i18n.h"

void
cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "logproc %s: ", entry->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'logproc %s --help' for more information.\n"),
	    entry->name);
	exit(EXIT_USAGE);
}

/* Rejects VALUE given to OPTION for CAUSE, naming the accepted RANGE. */
void
cmd_bad_value(const struct cmd_entry *entry, const char *option,
    const char *value, const char *cause, const char *range)
{
	cmd_usage_error(entry, _("invalid value '%s' for --%s: %s (accepted: %s)"),
	    value, option, cause, range);
}

/* Reports what getopt_long_only() returned RESULT ('?' or ':') for: an
 * unknown option or a missing argument, found in ARGV at optind - 1. */
void
cmd_bad_option(const struct cmd_entry *entry, int result, char **argv)
{
	const char *given = argv[optind - 1];

	if (result == ':')
		cmd_usage_error(entry, _("option '%s' needs a value"), given);
	if (optopt != 0 && given[0] == '-' && given[1] != '-' &&
	    given[2] != '\0')
		cmd_usage_error(entry, _("unknown option '-%c' in '%s'"),
		    optopt, given);
	cmd_usage_error(entry, _("unknown option '%s'"), given);
}

/* Rejects operands left after the options of a command that takes none. */
void
cmd_no_arguments(const struct cmd_entry *entry, int argc, char **argv)
{
	if (optind < argc)
		cmd_usage_error(entry, _("unexpected argument '%s'"),
		    argv[optind]);
}

/* Prints the lines that close every command's help. */
void
cmd_print_footer(FILE *out)
{
	fputs(_("Options may also be written with a single dash (-count 1000) and\n"
	    "abbreviated to any unique prefix.\n"), out);
	fputs(_("Exit status: 0 success, 1 runtime error, 2 usage error.\n"), out);
}
