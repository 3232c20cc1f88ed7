/* level.c: level names as they appear in records, and the spellings and
 * numbers other loggers use for them. Matching is by hand on ASCII bytes,
 * without the locale (tolower and strcasecmp would follow LC_CTYPE) and
 * without allocation: it runs for every record. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/level.h"
#include "common/xmalloc.h"

#define SPELLING_LONGEST 11	/* "information" */
#define SYSLOG_DIGITS_MAX 18	/* a decimal that fits an int64_t */
#define PINO_LOWEST 10		/* trace */
#define PINO_HIGHEST 60		/* fatal */
#define PINO_STEP 10
#define SYSLOG_HIGHEST 7	/* debug */
#define OTEL_LOWEST 1		/* TRACE */
#define OTEL_HIGHEST 24		/* FATAL4 */
#define OTEL_STEP 4		/* TRACE..TRACE4, DEBUG..DEBUG4, ... */

static const char *const record_spellings[LEVEL_COUNT] = {
	"DEBUG", "INFO", "WARNING", "ERROR", "FATAL"
};

/* A spelling of the common table, in ASCII lowercase. */
struct spelling {
	const char *text;
	enum level level;
};

static const struct spelling common_3[] = {
	{ "err", LEVEL_ERROR }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_4[] = {
	{ "info", LEVEL_INFO }, { "warn", LEVEL_WARNING },
	{ "http", LEVEL_INFO }, { "fine", LEVEL_DEBUG },
	{ "crit", LEVEL_FATAL }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_5[] = {
	{ "debug", LEVEL_DEBUG }, { "error", LEVEL_ERROR },
	{ "fatal", LEVEL_FATAL }, { "trace", LEVEL_DEBUG },
	{ "silly", LEVEL_DEBUG }, { "finer", LEVEL_DEBUG },
	{ "alert", LEVEL_FATAL }, { "emerg", LEVEL_FATAL },
	{ "panic", LEVEL_FATAL }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_6[] = {
	{ "notice", LEVEL_INFO }, { "dpanic", LEVEL_ERROR },
	{ "finest", LEVEL_DEBUG }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_7[] = {
	{ "warning", LEVEL_WARNING }, { "verbose", LEVEL_DEBUG },
	{ NULL, LEVEL_COUNT }
};
static const struct spelling common_8[] = {
	{ "critical", LEVEL_FATAL }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_9[] = {
	{ "emergency", LEVEL_FATAL }, { NULL, LEVEL_COUNT }
};
static const struct spelling common_11[] = {
	{ "information", LEVEL_INFO }, { NULL, LEVEL_COUNT }
};

/* The common table by length, so that a spelling is compared only with
 * those of its own length. */
static const struct spelling *const common_by_length[SPELLING_LONGEST + 1] = {
	NULL, NULL, NULL, common_3, common_4, common_5, common_6, common_7,
	common_8, common_9, NULL, common_11
};

static const char *const scale_names[] = { "none", "pino", "syslog", "otel" };
static const char *const names_names[] = { "common", "mongodb" };

/* Returns the record spelling of LEVEL, e.g. "WARNING". */
const char *
level_name(enum level level)
{
	return record_spellings[level];
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
	if (memcmp(record_spellings[level], text, length) != 0)
		return -1;
	*out = level;
	return 0;
}

/* Returns BYTE in ASCII lowercase; other bytes (UTF-8 among them) as
 * they are. */
static char
fold(char byte)
{
	return byte >= 'A' && byte <= 'Z' ? (char)(byte - 'A' + 'a') : byte;
}

/* Says whether the LENGTH bytes of TEXT, folded, are LOWER's. */
static int
folded_equal(const char *text, const char *lower, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++) {
		if (fold(text[i]) != lower[i])
			return 0;
	}
	return 1;
}

/* Looks the LENGTH bytes of TEXT up in the common table, ignoring ASCII
 * case. Returns 0 and sets *OUT, or -1. */
static int
common_level(const char *text, size_t length, enum level *out)
{
	const struct spelling *spelling;

	if (length > SPELLING_LONGEST || common_by_length[length] == NULL)
		return -1;
	for (spelling = common_by_length[length]; spelling->text != NULL;
	    spelling++) {
		if (folded_equal(text, spelling->text, length)) {
			*out = spelling->level;
			return 0;
		}
	}
	return -1;
}

/* Says whether the LENGTH bytes of TEXT are one or more decimal digits. */
static int
all_digits(const char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
	}
	return length > 0;
}

/* Reads a Go slog level with an offset, "ERROR+4" or "INFO-2": a common
 * spelling, a sign and digits; the level is the spelling's. Returns 0 and
 * sets *OUT, or -1. */
static int
slog_level(const char *text, size_t length, enum level *out)
{
	size_t sign;

	for (sign = length; sign > 0; sign--) {
		if (text[sign - 1] == '+' || text[sign - 1] == '-')
			break;
	}
	if (sign < 2 || !all_digits(text + sign, length - sign))
		return -1;
	return common_level(text, sign - 1, out);
}

/* Reads MongoDB's severity letters exactly: F, E, W, I, and D or D1 to
 * D5 for the debug verbosities. Returns 0 and sets *OUT, or -1. */
static int
mongodb_level(const char *text, size_t length, enum level *out)
{
	if (length == 2 && text[0] == 'D' && text[1] >= '1' && text[1] <= '5')
		return (*out = LEVEL_DEBUG, 0);
	if (length != 1)
		return -1;
	switch (text[0]) {
	case 'F':
		return (*out = LEVEL_FATAL, 0);
	case 'E':
		return (*out = LEVEL_ERROR, 0);
	case 'W':
		return (*out = LEVEL_WARNING, 0);
	case 'I':
		return (*out = LEVEL_INFO, 0);
	case 'D':
		return (*out = LEVEL_DEBUG, 0);
	default:
		return -1;
	}
}

/* Reads a decimal string such as journald's PRIORITY "6" through SCALE.
 * Returns 0 and sets *OUT, or -1. */
static int
decimal_level(enum level_scale scale, const char *text, size_t length,
    enum level *out)
{
	int64_t number = 0;
	size_t i;

	if (length > SYSLOG_DIGITS_MAX || !all_digits(text, length))
		return -1;
	for (i = 0; i < length; i++)
		number = number * 10 + (text[i] - '0');
	return level_from_number(scale, number, out);
}

/* Looks the LENGTH bytes of TEXT up in MAP, ignoring ASCII case. */
static int
map_level(const struct level_map *map, const char *text, size_t length,
    enum level *out)
{
	size_t i;

	for (i = 0; i < map->count; i++) {
		if (map->entries[i].length == length &&
		    folded_equal(text, map->entries[i].spelling, length)) {
			*out = map->entries[i].level;
			return 0;
		}
	}
	return -1;
}

void
level_map_init(struct level_map *map)
{
	memset(map, 0, sizeof *map);
}

/* Adds to MAP the LENGTH bytes of SPELLING (copied) as LEVEL, replacing
 * the level of the same spelling in any case. Returns 0, or -1 for an
 * empty spelling or a map already holding LEVEL_MAP_MAX others. */
int
level_map_add(struct level_map *map, const char *spelling, size_t length,
    enum level level)
{
	struct level_map_entry *entry;
	size_t i;

	for (i = 0; i < map->count; i++) {
		entry = &map->entries[i];
		if (entry->length == length &&
		    folded_equal(spelling, entry->spelling, length)) {
			entry->level = level;
			return 0;
		}
	}
	if (length == 0 || map->count == LEVEL_MAP_MAX)
		return -1;
	entry = &map->entries[map->count++];
	entry->spelling = xmalloc(length);
	for (i = 0; i < length; i++)
		entry->spelling[i] = fold(spelling[i]);
	entry->length = length;
	entry->level = level;
	return 0;
}

/* Frees the spellings of MAP and empties it. */
void
level_map_free(struct level_map *map)
{
	size_t i;

	for (i = 0; i < map->count; i++)
		free(map->entries[i].spelling);
	level_map_init(map);
}

/* Reads the LENGTH bytes of a record's level string: through EXTRA (the
 * user's --level-map, NULL for none) first, then the NAMES table (common:
 * ignoring ASCII case, with slog offsets; mongodb: its letters exactly),
 * then, for the syslog scale only, as a decimal priority. Returns 0 and
 * sets *OUT, or -1 for a spelling none of them knows. */
int
level_from_text(const struct level_map *extra, enum level_names names,
    enum level_scale scale, const char *text, size_t length,
    enum level *out)
{
	if (extra != NULL && map_level(extra, text, length, out) == 0)
		return 0;
	if (names == LEVEL_NAMES_MONGODB) {
		if (mongodb_level(text, length, out) == 0)
			return 0;
	} else if (common_level(text, length, out) == 0 ||
	    slog_level(text, length, out) == 0)
		return 0;
	if (scale == LEVEL_SCALE_SYSLOG)
		return decimal_level(scale, text, length, out);
	return -1;
}

/* Reads NUMBER on SCALE. pino: its six standard levels only, 10 and 20
 * DEBUG (trace and debug), 30 INFO, 40 WARNING, 50 ERROR, 60 FATAL; a
 * custom level (35, 70) is unknown, for the summary to name and
 * --level-map to map; syslog: 0-2 FATAL, 3 ERROR, 4 WARNING, 5-6 INFO,
 * 7 DEBUG; otel: 1-8 DEBUG, 9-12 INFO, 13-16 WARNING, 17-20 ERROR, 21-24
 * FATAL. Returns 0 and sets *OUT, or -1 for any other number and for
 * LEVEL_SCALE_NONE. */
int
level_from_number(enum level_scale scale, int64_t number, enum level *out)
{
	/* pino's 10 trace ... 60 fatal, otel's TRACE ... FATAL bands */
	static const enum level bands[] = { LEVEL_DEBUG, LEVEL_DEBUG,
	    LEVEL_INFO, LEVEL_WARNING, LEVEL_ERROR, LEVEL_FATAL };
	static const enum level priorities[] = { LEVEL_FATAL, LEVEL_FATAL,
	    LEVEL_FATAL, LEVEL_ERROR, LEVEL_WARNING, LEVEL_INFO, LEVEL_INFO,
	    LEVEL_DEBUG };

	switch (scale) {
	case LEVEL_SCALE_PINO:
		if (number < PINO_LOWEST || number > PINO_HIGHEST ||
		    number % PINO_STEP != 0)
			return -1;
		return (*out = bands[(number - PINO_LOWEST) / PINO_STEP], 0);
	case LEVEL_SCALE_SYSLOG:
		if (number < 0 || number > SYSLOG_HIGHEST)
			return -1;
		return (*out = priorities[number], 0);
	case LEVEL_SCALE_OTEL:
		if (number < OTEL_LOWEST || number > OTEL_HIGHEST)
			return -1;
		return (*out = bands[(number - OTEL_LOWEST) / OTEL_STEP], 0);
	default:
		return -1;
	}
}

/* Reads the level of --min-level or of --level-map's SPELLING=LEVEL
 * (NUL-terminated): a spelling of the common table in any ASCII case,
 * "warning", "WARN", "err", ... Returns 0 and sets *OUT, or -1. */
int
level_parse_option(const char *text, enum level *out)
{
	return common_level(text, strlen(text), out);
}

/* Returns the schema file's name of SCALE: "none", "pino", ... */
const char *
level_scale_name(enum level_scale scale)
{
	return scale_names[scale];
}

/* Reads a scale's name exactly (lowercase). Returns 0 and sets *OUT, or
 * -1. */
int
level_scale_from_name(const char *name, enum level_scale *out)
{
	size_t i;

	for (i = 0; i < sizeof scale_names / sizeof scale_names[0]; i++) {
		if (strcmp(name, scale_names[i]) == 0)
			return (*out = (enum level_scale)i, 0);
	}
	return -1;
}

/* Returns the schema file's name of NAMES: "common" or "mongodb". */
const char *
level_names_name(enum level_names names)
{
	return names_names[names];
}

/* Reads a names table's name exactly (lowercase). Returns 0 and sets
 * *OUT, or -1. */
int
level_names_from_name(const char *name, enum level_names *out)
{
	size_t i;

	for (i = 0; i < sizeof names_names / sizeof names_names[0]; i++) {
		if (strcmp(name, names_names[i]) == 0)
			return (*out = (enum level_names)i, 0);
	}
	return -1;
}
