/* truth.h: the generator's ground truth, what a processor must count. */
#ifndef LOGPROC_TRUTH_H
#define LOGPROC_TRUTH_H

#include <stddef.h>
#include <stdint.h>

#include "common/level.h"
#include "gen/malform.h"

#define TRUTH_MAX_SERVICES 16

struct truth {
	uint64_t lines;			/* every line written, broken ones too */
	uint64_t bytes;			/* every byte written */
	uint64_t records;		/* valid records */
	uint64_t levels[LEVEL_COUNT];
	uint64_t services[TRUTH_MAX_SERVICES];	/* by catalog index */
	uint64_t duration_ms_sum;
	uint64_t malformed;
	uint64_t malformed_kinds[MALFORM_COUNT];
	uint64_t segments;		/* rotations performed */
	/* What --keep deleted of what this run wrote: the counts above
	 * still include it, so that they match a processor that read the
	 * segments before they went. */
	uint64_t deleted_segments;
	uint64_t deleted_lines;
	uint64_t deleted_bytes;
	int interrupted;		/* stopped by a signal */
};

void truth_add_line(struct truth *truth, size_t length);
char *truth_to_json(const struct truth *truth);
int truth_write(const struct truth *truth, const char *path, char **cause);

#endif /* LOGPROC_TRUTH_H */
