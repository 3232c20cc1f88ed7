/* cmd.h: the subcommands of logproc and what they share. */
#ifndef LOGPROC_CMD_H
#define LOGPROC_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "common/log.h"

/* Exit statuses, documented in --help and the man page. */
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

struct cmd_entry {
	const char *name;
	const char *summary;		/* marked with N_(), translated on use */
	int (*exec)(const struct cmd_entry *entry, int argc, char **argv);
	void (*help)(FILE *out);
};

extern const struct cmd_entry cmd_generate_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_schema_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_tui_entry;

void cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
    LOGPROC_PRINTF(2, 3) __attribute__((noreturn));
void cmd_bad_value(const struct cmd_entry *entry, const char *option,
    const char *value, const char *cause, const char *range)
    __attribute__((noreturn));
void cmd_file_error(const struct cmd_entry *entry, const char *option,
    const char *cause) __attribute__((noreturn));
void cmd_bad_option(const struct cmd_entry *entry, int result, char **argv,
    const struct option *table) __attribute__((noreturn));
void cmd_no_arguments(const struct cmd_entry *entry, int argc, char **argv);
void cmd_print_footer(FILE *out, const char *example);
int cmd_valid_pattern(const char *pattern);
int cmd_runtime_error(const char *context, char *cause);

#define CMD_PATTERN_MAX 200

#endif /* LOGPROC_CMD_H */
