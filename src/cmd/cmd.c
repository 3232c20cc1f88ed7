/* cmd.c: usage errors shared by the subcommands. Every usage error is one
 * line naming the problem, then a hint, then exit status 2. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/escape.h"
#include "common/i18n.h"

/* Prints "logproc COMMAND: problem" and a hint on standard error, then
 * exits with status 2. */
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

/* Rejects VALUE given to OPTION for CAUSE, naming the accepted RANGE.
 * The value is escaped: it may hold terminal escape sequences. */
void
cmd_bad_value(const struct cmd_entry *entry, const char *option,
    const char *value, const char *cause, const char *range)
{
	cmd_usage_error(entry, _("invalid value '%s' for --%s: %s (accepted: %s)"),
	    escape_string(value), option, cause, range);
}

/* Reports what getopt_long_only() returned RESULT ('?' or ':') for, found
 * in ARGV at optind - 1: a missing value, a value given to an option that
 * takes none (optopt is then that option's code, above 255), or an
 * unknown option. */
void
cmd_bad_option(const struct cmd_entry *entry, int result, char **argv)
{
	char *given = escape_string(argv[optind - 1]);

	if (result == ':')
		cmd_usage_error(entry, _("option '%s' needs a value"), given);
	if (optopt > 255)
		cmd_usage_error(entry, _("option '%s' takes no value"), given);
	cmd_usage_error(entry, _("unknown option '%s'"), given);
}

/* Rejects operands left after the options of a command that takes none. */
void
cmd_no_arguments(const struct cmd_entry *entry, int argc, char **argv)
{
	if (optind < argc)
		cmd_usage_error(entry, _("unexpected argument '%s'"),
		    escape_string(argv[optind]));
}

/* Prints the lines that close every command's help. */
void
cmd_print_footer(FILE *out)
{
	fputs(_("Options may also be written with a single dash (-count 1000) and\n"
	    "abbreviated to any unique prefix.\n"), out);
	fputs(_("Exit status: 0 success, 1 runtime error, 2 usage error.\n"), out);
}

/* Accepts a pattern: a plain file name of 1 to CMD_PATTERN_MAX bytes of
 * UTF-8 without '/' or control characters, and not "." or "..". */
int
cmd_valid_pattern(const char *pattern)
{
	const unsigned char *p = (const unsigned char *)pattern;
	size_t length = strlen(pattern);

	if (length == 0 || length > CMD_PATTERN_MAX || strcmp(pattern, ".") == 0 ||
	    strcmp(pattern, "..") == 0 || !escape_is_utf8(pattern, length))
		return 0;
	for (; *p != '\0'; p++) {
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			return 0;
	}
	return 1;
}

/* Prints CONTEXT and the escaped CAUSE (it may name untrusted files) as
 * one line, frees CAUSE and returns the runtime error status. */
int
cmd_runtime_error(const char *context, char *cause)
{
	char *escaped = escape_string(cause);

	log_warnx("%s%s", context, escaped);
	free(escaped);
	free(cause);
	return EXIT_RUNTIME;
}
