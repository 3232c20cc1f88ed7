/* truthcmp.c: compares what logproc counted with what logproc generate
 * wrote. Usage: truthcmp TRUTH.json RESULT.json [OUTPUT.ndjson]
 * RESULT is the output of 'run --json' or 'status --json' (both hold
 * "totals"). With OUTPUT, also checks the output file holds exactly one
 * copy of each selected record: as many lines as records, no line twice,
 * and as many bytes as the totals say. Exit 0 when all agree, 1 when not,
 * 2 on a usage or file error. With TRUTHCMP_NO_DURATIONS set in the
 * environment (a format without durations, journald's), no duration
 * must have been counted. */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

static int failures;

static json_t *
load(const char *path)
{
	json_error_t error;
	json_t *root = json_load_file(path, 0, &error);

	if (root == NULL) {
		fprintf(stderr, "truthcmp: %s: %s\n", path, error.text);
		exit(2);
	}
	return root;
}

/* Compares two counts, reporting a difference under NAME. */
static void
expect(const char *name, json_t *truth, json_t *seen)
{
	json_int_t want = json_integer_value(truth), got = json_integer_value(seen);

	if (!json_is_integer(truth) || !json_is_integer(seen) || want != got) {
		fprintf(stderr, "truthcmp: %s: truth %lld, logproc %lld%s\n", name,
		    (long long)want, (long long)got, json_is_integer(seen) ? "" :
		    " (missing)");
		failures++;
	}
}

/* Compares every count of object TRUTH with the same key in SEEN. */
static void
expect_each(const char *name, json_t *truth, json_t *seen)
{
	const char *key;
	json_t *value;
	char path[256];

	json_object_foreach(truth, key, value) {
		snprintf(path, sizeof path, "%s.%s", name, key);
		expect(path, value, json_object_get(seen, key));
	}
}

static void
compare_totals(json_t *truth, json_t *totals)
{
	static const char *const kinds[] = {
		"invalid_json", "invalid_utf8", "not_object", "wrong_type", "too_long"
	};
	json_t *malformed = json_object_get(truth, "malformed_kinds");
	json_t *rejected = json_object_get(totals, "rejected");
	json_t *duration = json_object_get(totals, "duration_ms");
	json_t *zero = json_integer(0);
	size_t i;

	expect("lines", json_object_get(truth, "lines"), json_object_get(totals, "lines"));
	expect("bytes", json_object_get(truth, "bytes"), json_object_get(totals, "bytes"));
	expect("records", json_object_get(truth, "records"), json_object_get(totals, "records"));
	expect("selected", json_object_get(truth, "records"), json_object_get(totals, "selected"));
	expect("empty", json_object_get(malformed, "empty"), json_object_get(totals, "empty"));
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		expect(kinds[i], json_object_get(malformed, kinds[i]),
		    json_object_get(rejected, kinds[i]));
	expect("bad_value", zero, json_object_get(rejected, "bad_value"));
	expect_each("levels", json_object_get(truth, "levels"),
	    json_object_get(totals, "levels"));
	expect_each("services", json_object_get(truth, "services"),
	    json_object_get(totals, "services"));
	if (getenv("TRUTHCMP_NO_DURATIONS") != NULL) {
		expect("duration_ms.count", zero, json_object_get(duration,
		    "count"));
		json_decref(zero);
		return;
	}
	expect("duration_ms.sum", json_object_get(truth, "duration_ms_sum"),
	    json_object_get(duration, "sum"));
	expect("duration_ms.count", json_object_get(truth, "records"),
	    json_object_get(duration, "count"));
	json_decref(zero);
}

static int
compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks OUTPUT holds RECORDS distinct lines, BYTES bytes in all. */
static void
check_output(const char *path, json_t *records, json_t *bytes)
{
	FILE *file = fopen(path, "r");
	json_t *seen_count, *seen_bytes;
	char **lines = NULL, *line = NULL;
	size_t count = 0, capacity = 0, size = 0, i;
	long long total = 0;
	ssize_t got;

	if (file == NULL) {
		perror(path);
		exit(2);
	}
	while ((got = getline(&line, &size, file)) > 0) {
		if (count == capacity)
			lines = xreallocarray(lines, capacity = capacity * 2 + 1024,
			    sizeof *lines);
		lines[count++] = xstrdup(line);
		total += got;
	}
	free(line);
	fclose(file);
	seen_count = json_integer((json_int_t)count);
	seen_bytes = json_integer(total);
	expect("output lines", records, seen_count);
	expect("output bytes", bytes, seen_bytes);
	json_decref(seen_count);
	json_decref(seen_bytes);
	if (count > 0)	/* an empty output has no array, and qsort needs one */
		qsort(lines, count, sizeof *lines, compare_lines);
	for (i = 0; i + 1 < count; i++) {
		if (strcmp(lines[i], lines[i + 1]) == 0) {
			fprintf(stderr, "truthcmp: %s: a line appears twice: %s", path,
			    lines[i]);
			failures++;
			break;
		}
	}
	for (i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}

int
main(int argc, char **argv)
{
	json_t *truth, *result, *totals;

	if (argc != 3 && argc != 4) {
		fputs("usage: truthcmp TRUTH.json RESULT.json [OUTPUT]\n", stderr);
		return 2;
	}
	truth = load(argv[1]);
	result = load(argv[2]);
	totals = json_object_get(result, "totals");
	compare_totals(truth, totals);
	if (argc == 4)
		check_output(argv[3], json_object_get(totals, "selected"),
		    json_object_get(totals, "selected_bytes"));
	json_decref(truth);
	json_decref(result);
	return failures == 0 ? 0 : 1;
}
