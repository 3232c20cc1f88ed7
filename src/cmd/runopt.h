/* runopt.h: the options that logproc run, status and tui share. */
#ifndef LOGPROC_RUNOPT_H
#define LOGPROC_RUNOPT_H

#include <stdint.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/schemaopt.h"
#include "engine/engine.h"

/* Which options a command takes. */
enum {
	RUNOPT_LOCATION = 1,		/* --logs-dir, --pattern, --offsets-dir */
	RUNOPT_ENGINE = 2,		/* workers, filters, output, --once, ... */
	RUNOPT_REPORT = 4,		/* --quiet, --json */
	RUNOPT_JSON = 8,		/* --json alone */
	RUNOPT_TUI = 16			/* --refresh, --frames */
};

struct runopt {
	struct engine_config engine;
	struct schemaopt schema;	/* engine.schema and .overrides */
	int quiet;
	int json;
	uint64_t refresh_ns;		/* logproc tui: time between frames */
	uint64_t frames;		/* logproc tui: quit after so many; 0: never */
};

void runopt_parse(const struct cmd_entry *entry, int argc, char **argv,
    int accepted, struct runopt *options);
void runopt_free(struct runopt *options);
void runopt_help_location(FILE *out);
void runopt_help_engine(FILE *out);

#endif /* LOGPROC_RUNOPT_H */
