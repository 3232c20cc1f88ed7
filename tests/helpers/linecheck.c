/* linecheck.c: an independent reader of generated logs for the tests.
 * It classifies every line of the given files with Jansson (the reference
 * parser) and strict field checks, prints the counts as JSON in the shape
 * of the generator's truth file, and with --truth FILE compares them with
 * that file: exit 0 when every count matches, 1 otherwise. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/level.h"
#include "common/xmalloc.h"
#include "gen/malform.h"

struct counts {
	json_t *root;		/* the truth-shaped document */
	int failures;
};

static void
bump(json_t *object, const char *key, json_int_t by)
{
	json_t *value = json_object_get(object, key);

	json_object_set_new(object, key, json_integer(
	    (value != NULL ? json_integer_value(value) : 0) + by));
}

static int
is_hex(const char *text, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strchr("0123456789abcdef", text[i]) == NULL || text[i] == '\0')
			return 0;
	}
	return text[count] == '\0';
}

/* Checks "YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ". */
static int
is_timestamp(const char *text)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddddddddZ";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? (text[i] < '0' || text[i] > '9') :
		    text[i] != shape[i])
			return 0;
	}
	return text[i] == '\0';
}

static int
is_user(const char *text)
{
	return strncmp(text, "user-", 5) == 0 && text[5] >= '1' &&
	    text[5] <= '9' && strspn(text + 5, "0123456789") == strlen(text + 5);
}

/* Classifies a parsed object: NULL if it is a valid record, otherwise the
 * malform kind name; "bad_value" for right types with wrong contents. */
static const char *
classify_object(json_t *object)
{
	json_t *ts = json_object_get(object, "timestamp");
	json_t *level = json_object_get(object, "level");
	json_t *service = json_object_get(object, "service");
	json_t *message = json_object_get(object, "message");
	json_t *request = json_object_get(object, "request_id");
	json_t *user = json_object_get(object, "user_id");
	json_t *duration = json_object_get(object, "duration_ms");
	enum level parsed;

	if (!json_is_string(ts) || !json_is_string(level) ||
	    !json_is_string(service) || !json_is_string(message) ||
	    !json_is_string(request) || !json_is_integer(duration) ||
	    (user != NULL && !json_is_string(user)))
		return "wrong_type";
	if (!is_timestamp(json_string_value(ts)) ||
	    level_parse(json_string_value(level), json_string_length(level),
	    &parsed) != 0 ||
	    strncmp(json_string_value(request), "req-", 4) != 0 ||
	    !is_hex(json_string_value(request) + 4, 8) ||
	    (user != NULL && !is_user(json_string_value(user))) ||
	    json_integer_value(duration) < 1 ||
	    json_integer_value(duration) > 5000 ||
	    json_object_size(object) != (user != NULL ? 7u : 6u))
		return "bad_value";
	return NULL;
}

/* Counts one line of LENGTH bytes (newline excluded). */
static void
check_line(struct counts *counts, const char *line, size_t length)
{
	json_t *root = counts->root, *record;
	json_error_t error;
	const char *kind = NULL;

	bump(root, "lines", 1);
	bump(root, "bytes", (json_int_t)length + 1);
	if (length == 0)
		kind = "empty";
	else if (length > MALFORM_LONG_LINE)
		kind = "too_long";
	else if ((record = json_loadb(line, length, JSON_DECODE_ANY, &error)) == NULL)
		kind = json_error_code(&error) == json_error_invalid_utf8 ?
		    "invalid_utf8" : "invalid_json";
	else {
		kind = json_is_object(record) ? classify_object(record) : "not_object";
		if (kind == NULL) {
			bump(root, "records", 1);
			bump(json_object_get(root, "levels"), json_string_value(
			    json_object_get(record, "level")), 1);
			bump(json_object_get(root, "services"), json_string_value(
			    json_object_get(record, "service")), 1);
			bump(root, "duration_ms_sum", json_integer_value(
			    json_object_get(record, "duration_ms")));
		}
		json_decref(record);
	}
	if (kind != NULL) {
		bump(root, "malformed", 1);
		bump(json_object_get(root, "malformed_kinds"), kind, 1);
	}
}

/* Reads PATH whole and checks each line. A file whose last line has no
 * newline is a failure: the generator only writes whole lines. */
static void
check_file(struct counts *counts, const char *path)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL, *line, *newline;
	size_t size = 0, capacity = 0, got;

	if (file == NULL) {
		fprintf(stderr, "linecheck: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	do {
		if (capacity - size < 65536)
			data = xreallocarray(data, capacity = capacity * 2 + 65536, 1);
		got = fread(data + size, 1, capacity - size, file);
		size += got;
	} while (got > 0);
	fclose(file);
	for (line = data; line < data + size; line = newline + 1) {
		newline = memchr(line, '\n', (size_t)(data + size - line));
		if (newline == NULL) {
			fprintf(stderr, "linecheck: %s: last line has no newline\n", path);
			counts->failures++;
			break;
		}
		check_line(counts, line, (size_t)(newline - line));
	}
	free(data);
}

/* Compares every count in TRUTH with the files' counts, recursively; a
 * count the files have and the truth lacks (say, bad_value) fails too. */
static void
compare(struct counts *counts, const char *where, json_t *truth, json_t *seen)
{
	const char *key;
	json_t *value;
	char path[256];

	json_object_foreach(seen, key, value) {
		if (json_object_get(truth, key) == NULL) {
			fprintf(stderr, "linecheck: %s%s: not in the truth\n", where, key);
			counts->failures++;
		}
	}
	json_object_foreach(truth, key, value) {
		snprintf(path, sizeof path, "%s%s", where, key);
		if (json_is_object(value)) {
			strncat(path, ".", sizeof path - strlen(path) - 1);
			compare(counts, path, value, json_object_get(seen, key));
		} else if (json_is_integer(value) && strcmp(key, "segments") != 0 &&
		    json_integer_value(value) != json_integer_value(
		    json_object_get(seen, key))) {
			fprintf(stderr, "linecheck: %s: truth %lld, files %lld\n", path,
			    (long long)json_integer_value(value), (long long)
			    json_integer_value(json_object_get(seen, key)));
			counts->failures++;
		}
	}
}

int
main(int argc, char **argv)
{
	struct counts counts = { json_object(), 0 };
	json_t *truth = NULL;
	json_error_t error;
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "--truth") == 0) {
		if ((truth = json_load_file(argv[2], 0, &error)) == NULL) {
			fprintf(stderr, "linecheck: %s: %s\n", argv[2], error.text);
			return 2;
		}
		i = 3;
	}
	json_object_set_new(counts.root, "levels", json_object());
	json_object_set_new(counts.root, "services", json_object());
	json_object_set_new(counts.root, "malformed_kinds", json_object());
	for (; i < argc; i++)
		check_file(&counts, argv[i]);
	json_dumpf(counts.root, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
	if (truth != NULL)
		compare(&counts, "", truth, counts.root);
	json_decref(truth);
	json_decref(counts.root);
	return counts.failures == 0 ? 0 : 1;
}
