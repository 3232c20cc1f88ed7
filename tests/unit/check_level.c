/* check_level.c: the level spellings and numeric scales of other loggers,
 * against the tables of the schema design (issue 14) written out again
 * here, and the user's --level-map. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/level.h"
#include "common/xmalloc.h"
#include "suites.h"

#define UNTOUCHED ((enum level)42)
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* A spelling and the level it means. */
struct want {
	const char *text;
	enum level level;
};

/* The common table of the design, in the case it gives. */
static const struct want common_table[] = {
	{ "trace", LEVEL_DEBUG }, { "debug", LEVEL_DEBUG },
	{ "verbose", LEVEL_DEBUG }, { "silly", LEVEL_DEBUG },
	{ "fine", LEVEL_DEBUG }, { "finer", LEVEL_DEBUG },
	{ "finest", LEVEL_DEBUG },
	{ "info", LEVEL_INFO }, { "information", LEVEL_INFO },
	{ "notice", LEVEL_INFO }, { "http", LEVEL_INFO },
	{ "warn", LEVEL_WARNING }, { "warning", LEVEL_WARNING },
	{ "error", LEVEL_ERROR }, { "err", LEVEL_ERROR },
	{ "dpanic", LEVEL_ERROR },
	{ "fatal", LEVEL_FATAL }, { "critical", LEVEL_FATAL },
	{ "crit", LEVEL_FATAL }, { "alert", LEVEL_FATAL },
	{ "emerg", LEVEL_FATAL }, { "emergency", LEVEL_FATAL },
	{ "panic", LEVEL_FATAL },
};

/* Reads TEXT from a heap copy of exactly its length (AddressSanitizer
 * sees a read past the end), with the user's spellings EXTRA. */
static int
from_text(const struct level_map *extra, enum level_names names,
    enum level_scale scale, const char *text, enum level *out)
{
	size_t length = strlen(text);
	char *copy = xmalloc(length + 1);
	int result;

	memcpy(copy, text, length);
	result = level_from_text(extra, names, scale, copy, length, out);
	free(copy);
	return result;
}

/* Asserts TEXT reads as WANT with NAMES and SCALE. */
static void
assert_text(const struct level_map *extra, enum level_names names,
    enum level_scale scale, const char *text, enum level want)
{
	enum level level = UNTOUCHED;

	ck_assert_msg(from_text(extra, names, scale, text, &level) == 0,
	    "'%s' unknown", text);
	ck_assert_msg(level == want, "'%s' read as %d, not %d", text,
	    (int)level, (int)want);
}

/* Asserts TEXT is unknown with NAMES and SCALE and *OUT is left alone. */
static void
assert_unknown(const struct level_map *extra, enum level_names names,
    enum level_scale scale, const char *text)
{
	enum level level = UNTOUCHED;

	ck_assert_msg(from_text(extra, names, scale, text, &level) == -1,
	    "'%s' known", text);
	ck_assert_int_eq(level, UNTOUCHED);
}

/* Writes TEXT in upper case (ASCII) into BUF of SIZE bytes. */
static void
upper(const char *text, char *buf, size_t size)
{
	size_t i;

	for (i = 0; text[i] != '\0' && i + 1 < size; i++)
		buf[i] = text[i] >= 'a' && text[i] <= 'z' ?
		    (char)(text[i] - 'a' + 'A') : text[i];
	buf[i] = '\0';
}

/* level_parse is the logproc schema's: the five names exactly. */
START_TEST(test_record_names)
{
	static const char *const rejected[] = {
		"", "info", "Info", "WARN", "warning", "ERR", "DEBUG ", "INFOS",
		"DEBUX", "EXXOR", "FATAX", "WARNINX",
	};
	enum level level, out;
	size_t i;

	for (level = LEVEL_DEBUG; level < LEVEL_COUNT; level++) {
		out = UNTOUCHED;
		ck_assert_int_eq(level_parse(level_name(level),
		    strlen(level_name(level)), &out), 0);
		ck_assert_int_eq(out, level);
	}
	ck_assert_str_eq(level_name(LEVEL_WARNING), "WARNING");
	for (i = 0; i < COUNT_OF(rejected); i++) {
		out = UNTOUCHED;
		ck_assert_msg(level_parse(rejected[i], strlen(rejected[i]),
		    &out) == -1, "'%s' accepted", rejected[i]);
		ck_assert_int_eq(out, UNTOUCHED);
	}
}
END_TEST

/* Every spelling of the common table, in lower, upper and mixed case,
 * whatever the scale. */
START_TEST(test_common)
{
	static const enum level_scale scales[] = { LEVEL_SCALE_NONE,
	    LEVEL_SCALE_PINO, LEVEL_SCALE_SYSLOG, LEVEL_SCALE_OTEL };
	char buf[32];
	size_t i, j;

	for (i = 0; i < COUNT_OF(common_table); i++) {
		for (j = 0; j < COUNT_OF(scales); j++) {
			assert_text(NULL, LEVEL_NAMES_COMMON, scales[j],
			    common_table[i].text, common_table[i].level);
			upper(common_table[i].text, buf, sizeof buf);
			assert_text(NULL, LEVEL_NAMES_COMMON, scales[j], buf,
			    common_table[i].level);
			buf[0] = common_table[i].text[0];
			assert_text(NULL, LEVEL_NAMES_COMMON, scales[j], buf,
			    common_table[i].level);
		}
	}
	assert_text(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "WaRnInG",
	    LEVEL_WARNING);
}
END_TEST

/* Near misses: prefixes, extensions, blanks, other bytes, and letters
 * that fold to ASCII only in some locales or encodings. */
START_TEST(test_common_unknown)
{
	static const char *const cases[] = {
		"", "i", "inf", "infos", "informational", "warnings", "er",
		"errors", "fatale", "info ", " info", "in fo", "in\tfo",
		"\xc4\xb0NFO",		/* U+0130, a dotted capital I */
		"\xc9RROR", "info\xff", "debuG!", "severe", "off", "none",
		"unknown", "(unknown)", "0", "6", "30", "DEBUG\n",
		"finestx", "emergencyx", "informatio", "informationx",
		"criticalx", "dpanicx",
	};
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++)
		assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE,
		    cases[i]);
	/* A NUL inside is a byte like any other. */
	{
		enum level level = UNTOUCHED;

		ck_assert_int_eq(level_from_text(NULL, LEVEL_NAMES_COMMON,
		    LEVEL_SCALE_NONE, "info\0", 5, &level), -1);
		ck_assert_int_eq(level_from_text(NULL, LEVEL_NAMES_COMMON,
		    LEVEL_SCALE_NONE, "in\0o", 4, &level), -1);
		ck_assert_int_eq(level, UNTOUCHED);
	}
}
END_TEST

/* Go slog's offsets take their base level. */
START_TEST(test_slog)
{
	static const struct want cases[] = {
		{ "ERROR+4", LEVEL_ERROR }, { "INFO-2", LEVEL_INFO },
		{ "WARN+1", LEVEL_WARNING }, { "DEBUG-4", LEVEL_DEBUG },
		{ "DEBUG+3", LEVEL_DEBUG }, { "INFO+2", LEVEL_INFO },
		{ "error+12", LEVEL_ERROR }, { "Warn-0", LEVEL_WARNING },
		{ "ERROR+0000000000000000000000000000004", LEVEL_ERROR },
	};
	static const char *const unknown[] = {
		"ERROR+", "ERROR-", "ERROR+x", "ERROR+4x", "ERROR4", "+4", "-2",
		"ERROR++4", "ERROR+-4", "ERROR+4+", "ERROR+4-1", "FOO+1",
		"ERROR +4", "ERROR+ 4", "ERRO+4", "+", "ERROR+4.5",
	};
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++)
		assert_text(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE,
		    cases[i].text, cases[i].level);
	for (i = 0; i < COUNT_OF(unknown); i++)
		assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE,
		    unknown[i]);
}
END_TEST

/* MongoDB's letters exactly, and nothing of the common table. */
START_TEST(test_mongodb)
{
	static const struct want cases[] = {
		{ "F", LEVEL_FATAL }, { "E", LEVEL_ERROR },
		{ "W", LEVEL_WARNING }, { "I", LEVEL_INFO },
		{ "D", LEVEL_DEBUG }, { "D1", LEVEL_DEBUG },
		{ "D2", LEVEL_DEBUG }, { "D3", LEVEL_DEBUG },
		{ "D4", LEVEL_DEBUG }, { "D5", LEVEL_DEBUG },
	};
	static const char *const unknown[] = {
		"", "f", "e", "w", "i", "d", "d1", "D0", "D6", "D9", "DD", "D10",
		"FF", "X", "INFO", "info", "ERROR", "warn", "ERROR+4", " I", "I ",
		"6",
	};
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++)
		assert_text(NULL, LEVEL_NAMES_MONGODB, LEVEL_SCALE_NONE,
		    cases[i].text, cases[i].level);
	for (i = 0; i < COUNT_OF(unknown); i++)
		assert_unknown(NULL, LEVEL_NAMES_MONGODB, LEVEL_SCALE_NONE,
		    unknown[i]);
	/* The letters are MongoDB's only. */
	assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "W");
	assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "D1");
}
END_TEST

/* journald's PRIORITY: a decimal string through the syslog scale, and
 * on no other scale. */
START_TEST(test_syslog_text)
{
	static const struct want cases[] = {
		{ "0", LEVEL_FATAL }, { "1", LEVEL_FATAL }, { "2", LEVEL_FATAL },
		{ "3", LEVEL_ERROR }, { "4", LEVEL_WARNING }, { "5", LEVEL_INFO },
		{ "6", LEVEL_INFO }, { "7", LEVEL_DEBUG }, { "06", LEVEL_INFO },
		{ "000000000000000003", LEVEL_ERROR },
	};
	static const char *const unknown[] = {
		"", "8", "9", "10", "-1", "+6", "6 ", " 6", "6.0", "0x6", "６",
		"0000000000000000003", "99999999999999999999999",
	};
	size_t i;

	for (i = 0; i < COUNT_OF(cases); i++)
		assert_text(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_SYSLOG,
		    cases[i].text, cases[i].level);
	for (i = 0; i < COUNT_OF(unknown); i++)
		assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_SYSLOG,
		    unknown[i]);
	assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "6");
	assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_PINO, "30");
	assert_unknown(NULL, LEVEL_NAMES_COMMON, LEVEL_SCALE_OTEL, "9");
	assert_text(NULL, LEVEL_NAMES_MONGODB, LEVEL_SCALE_SYSLOG, "3",
	    LEVEL_ERROR);
}
END_TEST

/* The level the design gives NUMBER on SCALE, or -1 (worked out here
 * from the ranges, not from the code's tables). */
static int
want_number(enum level_scale scale, int64_t number)
{
	switch (scale) {
	case LEVEL_SCALE_PINO:
		if (number == 10 || number == 20)
			return LEVEL_DEBUG;
		if (number == 30)
			return LEVEL_INFO;
		if (number == 40)
			return LEVEL_WARNING;
		if (number == 50)
			return LEVEL_ERROR;
		return number == 60 ? LEVEL_FATAL : -1;
	case LEVEL_SCALE_SYSLOG:
		if (number >= 0 && number <= 2)
			return LEVEL_FATAL;
		if (number == 3)
			return LEVEL_ERROR;
		if (number == 4)
			return LEVEL_WARNING;
		if (number == 5 || number == 6)
			return LEVEL_INFO;
		return number == 7 ? LEVEL_DEBUG : -1;
	case LEVEL_SCALE_OTEL:
		if (number >= 1 && number <= 8)
			return LEVEL_DEBUG;
		if (number >= 9 && number <= 12)
			return LEVEL_INFO;
		if (number >= 13 && number <= 16)
			return LEVEL_WARNING;
		if (number >= 17 && number <= 20)
			return LEVEL_ERROR;
		return number >= 21 && number <= 24 ? LEVEL_FATAL : -1;
	default:
		return -1;
	}
}

/* Every number from -5 to 70 on every scale, and the extremes. */
START_TEST(test_numbers)
{
	static const enum level_scale scales[] = { LEVEL_SCALE_NONE,
	    LEVEL_SCALE_PINO, LEVEL_SCALE_SYSLOG, LEVEL_SCALE_OTEL };
	static const int64_t extremes[] = { INT64_MIN, INT64_MIN + 10,
	    INT64_MAX, INT64_MAX - 50, 256 + 30, 1000, -30 };
	enum level level;
	int64_t number;
	size_t i, j;
	int want;

	for (i = 0; i < COUNT_OF(scales); i++) {
		for (number = -5; number <= 70; number++) {
			want = want_number(scales[i], number);
			level = UNTOUCHED;
			ck_assert_msg(level_from_number(scales[i], number,
			    &level) == (want == -1 ? -1 : 0),
			    "scale %d, %lld", (int)scales[i], (long long)number);
			ck_assert_msg((int)level == (want == -1 ?
			    (int)UNTOUCHED : want), "scale %d, %lld: %d",
			    (int)scales[i], (long long)number, (int)level);
		}
		for (j = 0; j < COUNT_OF(extremes); j++) {
			level = UNTOUCHED;
			ck_assert_int_eq(level_from_number(scales[i],
			    extremes[j], &level), -1);
			ck_assert_int_eq(level, UNTOUCHED);
		}
	}
}
END_TEST

/* The user's spellings come first, ignore ASCII case, and a later one
 * replaces an earlier one of the same spelling. */
START_TEST(test_map)
{
	struct level_map map;

	level_map_init(&map);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "notice",
	    LEVEL_INFO);
	ck_assert_int_eq(level_map_add(&map, "Notice", 6, LEVEL_WARNING), 0);
	ck_assert_int_eq(level_map_add(&map, "SEVERE", 6, LEVEL_ERROR), 0);
	ck_assert_int_eq(level_map_add(&map, "6", 1, LEVEL_ERROR), 0);
	ck_assert_int_eq(level_map_add(&map, "lvl-x", 3, LEVEL_FATAL), 0);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "notice",
	    LEVEL_WARNING);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "NOTICE",
	    LEVEL_WARNING);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "severe",
	    LEVEL_ERROR);
	assert_text(&map, LEVEL_NAMES_MONGODB, LEVEL_SCALE_NONE, "Severe",
	    LEVEL_ERROR);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_SYSLOG, "6",
	    LEVEL_ERROR);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "LVL",
	    LEVEL_FATAL);
	assert_unknown(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "lvl-x");
	assert_unknown(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "sever");
	assert_unknown(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "severe ");
	/* The rest of the tables still answer. */
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_SYSLOG, "5",
	    LEVEL_INFO);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "warn",
	    LEVEL_WARNING);
	ck_assert_int_eq(level_map_add(&map, "NOTICE", 6, LEVEL_DEBUG), 0);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "Notice",
	    LEVEL_DEBUG);
	ck_assert_uint_eq(map.count, 4);
	ck_assert_int_eq(level_map_add(&map, "", 0, LEVEL_DEBUG), -1);
	ck_assert_uint_eq(map.count, 4);
	level_map_free(&map);
	ck_assert_uint_eq(map.count, 0);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "notice",
	    LEVEL_INFO);
}
END_TEST

/* LEVEL_MAP_MAX spellings fit; one more does not, but replacing one of
 * them still works. */
START_TEST(test_map_full)
{
	struct level_map map;
	char spelling[16];
	int i;

	level_map_init(&map);
	for (i = 0; i < LEVEL_MAP_MAX; i++) {
		snprintf(spelling, sizeof spelling, "level%d", i);
		ck_assert_int_eq(level_map_add(&map, spelling,
		    strlen(spelling), LEVEL_INFO), 0);
	}
	ck_assert_int_eq(level_map_add(&map, "one-more", 8, LEVEL_INFO), -1);
	ck_assert_int_eq(level_map_add(&map, "LEVEL7", 6, LEVEL_FATAL), 0);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "level7",
	    LEVEL_FATAL);
	assert_text(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "Level63",
	    LEVEL_INFO);
	assert_unknown(&map, LEVEL_NAMES_COMMON, LEVEL_SCALE_NONE, "one-more");
	level_map_free(&map);
}
END_TEST

/* --min-level and --level-map's LEVEL: the common table, no offsets. */
START_TEST(test_option)
{
	static const char *const rejected[] = {
		"", "W", "warn ", " warn", "ERROR+4", "6", "30", "D1", "severe",
		"all",
	};
	enum level level;
	char buf[32];
	size_t i;

	for (i = 0; i < COUNT_OF(common_table); i++) {
		level = UNTOUCHED;
		ck_assert_int_eq(level_parse_option(common_table[i].text,
		    &level), 0);
		ck_assert_int_eq(level, common_table[i].level);
		upper(common_table[i].text, buf, sizeof buf);
		ck_assert_int_eq(level_parse_option(buf, &level), 0);
		ck_assert_int_eq(level, common_table[i].level);
	}
	for (level = LEVEL_DEBUG; level < LEVEL_COUNT; level++) {
		enum level out = UNTOUCHED;

		ck_assert_int_eq(level_parse_option(level_name(level), &out),
		    0);
		ck_assert_int_eq(out, level);
	}
	for (i = 0; i < COUNT_OF(rejected); i++) {
		level = UNTOUCHED;
		ck_assert_msg(level_parse_option(rejected[i], &level) == -1,
		    "'%s' accepted", rejected[i]);
		ck_assert_int_eq(level, UNTOUCHED);
	}
}
END_TEST

/* The schema file's names of scales and tables read back, exactly. */
START_TEST(test_table_names)
{
	static const char *const scales[] = { "none", "pino", "syslog",
	    "otel" };
	static const char *const tables[] = { "common", "mongodb" };
	static const char *const rejected[] = { "", "Pino", "PINO", "pino ",
	    "bunyan", "json", "syslog5", "mongo" };
	enum level_scale scale;
	enum level_names names;
	size_t i;

	for (i = 0; i < COUNT_OF(scales); i++) {
		ck_assert_int_eq(level_scale_from_name(scales[i], &scale), 0);
		ck_assert_int_eq(scale, (enum level_scale)i);
		ck_assert_str_eq(level_scale_name(scale), scales[i]);
	}
	ck_assert_int_eq(LEVEL_SCALE_SYSLOG, 2);
	for (i = 0; i < COUNT_OF(tables); i++) {
		ck_assert_int_eq(level_names_from_name(tables[i], &names), 0);
		ck_assert_int_eq(names, (enum level_names)i);
		ck_assert_str_eq(level_names_name(names), tables[i]);
	}
	for (i = 0; i < COUNT_OF(rejected); i++) {
		scale = (enum level_scale)42;
		names = (enum level_names)42;
		ck_assert_int_eq(level_scale_from_name(rejected[i], &scale), -1);
		ck_assert_int_eq(level_names_from_name(rejected[i], &names), -1);
		ck_assert_int_eq(scale, 42);
		ck_assert_int_eq(names, 42);
	}
}
END_TEST

Suite *
level_suite(void)
{
	Suite *suite = suite_create("level");
	TCase *tcase = tcase_create("level");

	tcase_add_test(tcase, test_record_names);
	tcase_add_test(tcase, test_common);
	tcase_add_test(tcase, test_common_unknown);
	tcase_add_test(tcase, test_slog);
	tcase_add_test(tcase, test_mongodb);
	tcase_add_test(tcase, test_syslog_text);
	tcase_add_test(tcase, test_numbers);
	tcase_add_test(tcase, test_map);
	tcase_add_test(tcase, test_map_full);
	tcase_add_test(tcase, test_option);
	tcase_add_test(tcase, test_table_names);
	suite_add_tcase(suite, tcase);
	return suite;
}
