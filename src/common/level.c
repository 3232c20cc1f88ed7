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
 * (records are case-sensitive). Returns 0 and sets *OUT, or -1. Every
 * record has a level, so the length picks the candidates first. */
int
level_parse(const char *text, size_t length, enum level *out)
{
	enum level level;

	switch (length) {
	case 4:
		level = LEVEL_INFO;
		break;
	case 5:
		level = text[0] == 'D' ? LEVEL_DEBUG : text[0] == 'E' ?
		    LEVEL_ERROR : LEVEL_FATAL;
		break;
	case 7:
		level = LEVEL_WARNING;
		break;
	default:
		return -1;
	}
	if (memcmp(level_names[level], text, length) != 0)
		return -1;
	*out = level;
	return 0;
}
