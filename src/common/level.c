/* level.c: level names as they appear in records. */
#include "config.h"

#include <string.h>

#include "common/level.h"

static const char *const level_names[LEVEL_COUNT] = {
	"DEBUG", "INFO", "WARNING", "ERROR", "FATAL"
};

/* Returns the record spelling of LEVEL, e.g. "WARNING". */
const char *
level_name(enum level level)
{
	return level_names[level];
}

/* Matches the LENGTH bytes of TEXT against the level names exactly
 * (records are case-sensitive). Returns 0 and sets *OUT, or -1. */
int
level_parse(const char *text, size_t length, enum level *out)
{
	int level;

	for (level = 0; level < LEVEL_COUNT; level++) {
		if (strlen(level_names[level]) == length &&
		    memcmp(level_names[level], text, length) == 0) {
			*out = (enum level)level;
			return 0;
		}
	}
	return -1;
}
