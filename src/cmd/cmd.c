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

/* Says that a file an option names holds a mistake, CAUSE (which names
 * the file and the key), in one line, and exits with status 2: the help
 * would not help. */
void
cmd_file_error(const struct cmd_entry *entry, const char *option,
    const char *cause)
{
	fprintf(stderr, "logproc %s: --%s %s\n", entry->name, option, cause);
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

#define SUGGEST_NAME_MAX 64	/* longer unknown names get no suggestion */
#define SUGGEST_DISTANCE 2	/* edits at most between a name and its
				   suggestion */

/* Returns the edit distance between A and B: insertions, deletions,
 * substitutions and swaps of two neighbours, each counting one. Both are
 * at most SUGGEST_NAME_MAX bytes. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t rows[3][SUGGEST_NAME_MAX + 1], la = strlen(a), lb = strlen(b);
	size_t i, j, best, *row, *up, *up2;

	for (j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (i = 1; i <= la; i++) {
		row = rows[i % 3];
		up = rows[(i - 1) % 3];
		up2 = rows[(i + 1) % 3];	/* i - 2 */
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			best = up[j - 1] + (a[i - 1] != b[j - 1]);
			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < best)
				best = up2[j - 2] + 1;
			row[j] = best;
		}
	}
	return rows[la % 3][lb];
}

/* Copies the option name in GIVEN ("--outptu=x", "-outptu") into NAME
 * (SUGGEST_NAME_MAX + 1 bytes); returns 0, or -1 if it is too long. */
static int
given_name(const char *given, char *name)
{
	size_t length;

	given += given[1] == '-' ? 2 : 1;
	length = strcspn(given, "=");
	if (length > SUGGEST_NAME_MAX)
		return -1;
	memcpy(name, given, length);
	name[length] = '\0';
	return 0;
}

/* Returns the option of TABLE nearest to the unknown option GIVEN, at
 * most SUGGEST_DISTANCE edits and fewer than its length away, or NULL. */
static const char *
nearest_option(const struct option *table, const char *given)
{
	char name[SUGGEST_NAME_MAX + 1];
	const char *nearest = NULL;
	size_t distance, best = SUGGEST_DISTANCE + 1;

	if (given_name(given, name) != 0)
		return NULL;
	for (; table->name != NULL; table++) {
		if (strlen(table->name) > SUGGEST_NAME_MAX)
			continue;
		distance = edit_distance(name, table->name);
		if (distance < best && distance < strlen(name)) {
			best = distance;
			nearest = table->name;
		}
	}
	return nearest;
}

/* Reports what getopt_long_only() returned RESULT ('?' or ':') for, found
 * in ARGV at optind - 1: a missing value, a value given to an option that
 * takes none (optopt is then that option's code, above 255), or an
 * unknown option, with the nearest of TABLE's options if one is close. */
void
cmd_bad_option(const struct cmd_entry *entry, int result, char **argv,
    const struct option *table)
{
	char *given = escape_string(argv[optind - 1]);
	const char *nearest;

	if (result == ':')
		cmd_usage_error(entry, _("option '%s' needs a value"), given);
	if (optopt > 255)
		cmd_usage_error(entry, _("option '%s' takes no value"), given);
	if ((nearest = nearest_option(table, argv[optind - 1])) != NULL)
		cmd_usage_error(entry, _("unknown option '%s' (did you mean "
		    "--%s?)"), given, nearest);
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

/* Prints the lines that close every command's help; EXAMPLE is one of
 * the command's own options written with a single dash ("-count 1000"). */
void
cmd_print_footer(FILE *out, const char *example)
{
	fprintf(out, _("Options may also be written with a single dash (%s) and\n"
	    "abbreviated to any unique prefix.\n"), example);
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
