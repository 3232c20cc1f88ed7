/* level.h: the log levels of a record, from least to most severe, and
 * how the levels of other loggers' records map to them. */
#ifndef LOGPROC_LEVEL_H
#define LOGPROC_LEVEL_H

#include <stddef.h>
#include <stdint.h>

enum level {
	LEVEL_DEBUG,
	LEVEL_INFO,
	LEVEL_WARNING,
	LEVEL_ERROR,
	LEVEL_FATAL,
	LEVEL_COUNT
};

/* A logger's numeric levels: pino and bunyan (10-60), syslog priorities
 * (0-7), OpenTelemetry severity numbers (1-24), or none. */
enum level_scale {
	LEVEL_SCALE_NONE,
	LEVEL_SCALE_PINO,
	LEVEL_SCALE_SYSLOG,
	LEVEL_SCALE_OTEL
};

/* A logger's level spellings: the common table, or MongoDB's letters. */
enum level_names {
	LEVEL_NAMES_COMMON,
	LEVEL_NAMES_MONGODB
};

#define LEVEL_MAP_MAX 64	/* spellings a user may add */

/* A spelling the user added with --level-map, stored ASCII lowercase. */
struct level_map_entry {
	char *spelling;		/* owned, not NUL-terminated */
	size_t length;
	enum level level;
};

/* The user's spellings; level_map_init before use, level_map_free after. */
struct level_map {
	struct level_map_entry entries[LEVEL_MAP_MAX];
	size_t count;
};

const char *level_name(enum level level);
int level_parse(const char *text, size_t length, enum level *out);

void level_map_init(struct level_map *map);
int level_map_add(struct level_map *map, const char *spelling,
    size_t length, enum level level);
void level_map_free(struct level_map *map);

int level_from_text(const struct level_map *extra, enum level_names names,
    enum level_scale scale, const char *text, size_t length,
    enum level *out);
int level_from_number(enum level_scale scale, int64_t number,
    enum level *out);
int level_parse_option(const char *text, enum level *out);

const char *level_scale_name(enum level_scale scale);
int level_scale_from_name(const char *name, enum level_scale *out);
const char *level_names_name(enum level_names names);
int level_names_from_name(const char *name, enum level_names *out);

#endif /* LOGPROC_LEVEL_H */
