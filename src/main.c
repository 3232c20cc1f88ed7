/* main.c: sets up the locale and dispatches to a subcommand from the
 * command table. Everything else lives in the commands. */
#include "config.h"

#include <jansson.h>
#include <locale.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/escape.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "engine/arena.h"

/* Blocks of this many bytes or more are mapped apart (glibc's default,
 * held fixed by setup_malloc). */
#define MMAP_THRESHOLD (128 * 1024)

static const struct cmd_entry *const cmd_table[] = {
	&cmd_generate_entry,
	&cmd_run_entry,
	&cmd_schema_entry,
	&cmd_status_entry,
	&cmd_tui_entry,
	NULL
};

/* Prints the overview: usage, the commands and the exit statuses. */
static void
main_help(FILE *out)
{
	const struct cmd_entry *const *entry;

	fputs(_("Usage: logproc [--help] [--version] COMMAND [OPTIONS]\n"
	    "Generate and process JSON-lines logs.\n"), out);
	fputs(_("\nCommands:\n"), out);
	for (entry = cmd_table; *entry != NULL; entry++)
		fprintf(out, "  %-10s %s\n", (*entry)->name, _((*entry)->summary));
	fprintf(out, "  %-10s %s\n", "help", _("show the help of a command"));
	fputs(_("\nRun 'logproc COMMAND --help' or 'logproc help COMMAND' for the options\n"
	    "of a command.\n"), out);
	fputs(_("Exit status: 0 success, 1 runtime error, 2 usage error.\n"), out);
}

static void main_usage_error(const char *fmt, ...)
    LOGPROC_PRINTF(1, 2) __attribute__((noreturn));

/* Prints a usage error about the top level and exits with status 2. */
static void
main_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "logproc: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(_("Try 'logproc --help' for the list of commands.\n"), stderr);
	exit(EXIT_USAGE);
}

/* Returns the command called NAME; an unknown name is a usage error. */
static const struct cmd_entry *
find_command(const char *name)
{
	const struct cmd_entry *const *entry;

	for (entry = cmd_table; *entry != NULL; entry++) {
		if (strcmp((*entry)->name, name) == 0)
			return *entry;
	}
	main_usage_error(_("unknown command '%s'"), escape_string(name));
}

/* logproc help [COMMAND] */
static int
help_command(int argc, char **argv)
{
	if (argc < 2) {
		main_help(stdout);
		return 0;
	}
	if (argc > 2)
		main_usage_error(_("unexpected argument '%s'"),
		    escape_string(argv[2]));
	find_command(argv[1])->help(stdout);
	return 0;
}

/* Matches ARG against -NAME and --NAME. */
static int
is_option(const char *arg, const char *name)
{
	return arg[0] == '-' && (strcmp(arg + 1, name) == 0 ||
	    (arg[1] == '-' && strcmp(arg + 2, name) == 0));
}

/* Points gettext at the catalogs; LOGPROC_LOCALEDIR overrides the
 * installed location (the test suite uses the build tree's). */
static void
setup_locale(void)
{
	const char *dir = getenv("LOGPROC_LOCALEDIR");

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
#else
	(void)dir;
#endif
}

/* Keeps glibc from raising its mmap threshold to the size of a large
 * block once it is freed: a scan's listing of 10,000 files or a commit's
 * table would then come from the heap, and its pages stay resident after
 * it is gone. A fixed threshold keeps such blocks mapped only while they
 * are used, so memory follows what is live. */
static void
setup_malloc(void)
{
#if defined(HAVE_MALLOPT) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
#endif
}

/* Makes a failed write to standard output (a full disk, a closed pipe
 * reader) an error with exit status 1 instead of a silent success. */
static void
close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		log_warn(_("write error on standard output"));
		_exit(EXIT_RUNTIME);
	}
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *entry;
	static char progname[64];

	setup_locale();
	setup_malloc();
	arena_install();
	atexit(close_stdout);
	if (argc < 2)
		main_usage_error(_("missing command"));
	if (is_option(argv[1], "help") || strcmp(argv[1], "-h") == 0) {
		main_help(stdout);
		return 0;
	}
	if (is_option(argv[1], "version") || strcmp(argv[1], "-V") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	if (argv[1][0] == '-')
		main_usage_error(_("unknown option '%s'"), escape_string(argv[1]));
	if (strcmp(argv[1], "help") == 0)
		return help_command(argc - 1, argv + 1);
	entry = find_command(argv[1]);
	snprintf(progname, sizeof progname, "logproc %s", entry->name);
	log_set_progname(progname);
	return entry->exec(entry, argc - 1, argv + 1);
}
