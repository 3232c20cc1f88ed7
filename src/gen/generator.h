/* generator.h: writes JSON-lines test logs with rotation (logproc generate). */
#ifndef LOGPROC_GENERATOR_H
#define LOGPROC_GENERATOR_H

#include <signal.h>
#include <stdint.h>

#include "gen/format.h"
#include "gen/rotate.h"
#include "gen/truth.h"

/* Seeded runs start their timestamps here: 2026-01-01T00:00:00Z. */
#define GENERATOR_SEEDED_EPOCH 1767225600LL

struct generator_config {
	uint64_t count;			/* records and broken lines to write
					 * (lines but for OTLP); 0: forever */
	uint64_t interval_ns;		/* pause between records; 0: none */
	const char *output_dir;		/* created if missing */
	const char *pattern;		/* name of the active file */
	uint64_t rotate_size;		/* bytes; 0: never rotate */
	struct rotate_options rotate;	/* scheme, --keep, compression */
	int seeded;			/* use SEED and simulated time */
	uint64_t seed;
	double malformed_rate;		/* 0..1 */
	struct format format;		/* what the lines look like */
	/* Set by a signal (SIGHUP) to have the active file reopened before
	 * the next line, after logrotate renamed it; NULL: never. */
	volatile sig_atomic_t *reopen;
	int stop_fd;			/* readable when a signal asks to stop
					 * or reopen (a self-pipe), or -1 */
};

int generator_run(const struct generator_config *config,
    volatile sig_atomic_t *stop, struct truth *truth, char **cause);

#endif /* LOGPROC_GENERATOR_H */
