/* level.h: the log levels of a record, from least to most severe. */
#ifndef LOGPROC_LEVEL_H
#define LOGPROC_LEVEL_H

#include <stddef.h>

enum level {
	LEVEL_DEBUG,
	LEVEL_INFO,
	LEVEL_WARNING,
	LEVEL_ERROR,
	LEVEL_FATAL,
	LEVEL_COUNT
};

const char *level_name(enum level level);
int level_parse(const char *text, size_t length, enum level *out);

#endif /* LOGPROC_LEVEL_H */
