/* runopt.h: the options that logproc run, status and tui share. */
#ifndef LOGPROC_RUNOPT_H
#define LOGPROC_RUNOPT_H

#include <stdio.h>

#include "cmd/cmd.h"
#include "engine/engine.h"

/* Which options a command takes. */
enum {
	RUNOPT_LOCATION = 1,		/* --logs-dir, --pattern, --offsets-dir */
	RUNOPT_ENGINE = 2,		/* workers, filters, output, --once, ... */
	RUNOPT_REPORT = 4,		/* --quiet, --json */
	RUNOPT_JSON = 8			/* --json alone */
};

struct runopt {
	struct engine_config engine;
	int quiet;
	int json;
};

void runopt_parse(const struct cmd_entry *entry, int argc, char **argv,
    int accepted, struct runopt *options);
void runopt_free(struct runopt *options);
void runopt_help_location(FILE *out);
void runopt_help_engine(FILE *out);

#endif /* LOGPROC_RUNOPT_H */
