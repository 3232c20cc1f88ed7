/* parseloop.c: the bare parsers, for make bench. Reads FILES whole (in
 * the page cache, as the engine's are), then parses every line with
 * Jansson's json_loadb (as the engine calls it) with the C library's
 * malloc (jansson) or in the engine's arena (arena), or with the fast path
 * alone, and prints how many lines were objects (jansson) or taken by
 * the fast path (fast), and the nanoseconds the parsing took (reading
 * excluded). What the engine adds is the difference between these and
 * logproc run. */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "engine/arena.h"
#include "engine/fastpath.h"

struct text {
	char *data;
	size_t length;
};

/* Reads PATH whole into TEXT; exits on error. */
static void
read_file(const char *path, struct text *text)
{
	FILE *file = fopen(path, "rb");
	long size;

	if (file == NULL || fseek(file, 0, SEEK_END) != 0 ||
	    (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0) {
		perror(path);
		exit(1);
	}
	text->length = (size_t)size;
	text->data = malloc(text->length + 1);
	if (text->data == NULL ||
	    fread(text->data, 1, text->length, file) != text->length) {
		perror(path);
		exit(1);
	}
	fclose(file);
}

enum mode {
	FAST,
	JANSSON,
	ARENA
};

static struct arena arena;

/* Parses LINE in MODE; returns 1 if it was taken. */
static int
parse(enum mode mode, const char *line, size_t length)
{
	struct fastpath_record record;
	json_error_t error;
	json_t *root;
	int object;

	if (mode == FAST)
		return fastpath_scan(line, length, &record) == FASTPATH_OK;
	if (mode == ARENA)
		arena_enter(&arena);
	root = json_loadb(line, length, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    &error);
	object = root != NULL && json_is_object(root);
	json_decref(root);
	if (mode == ARENA)
		arena_leave(&arena);
	return object;
}

/* Parses every line of TEXT; returns how many were taken. */
static unsigned long
parse_lines(enum mode mode, const struct text *text)
{
	const char *line = text->data, *end = text->data + text->length, *newline;
	unsigned long taken = 0;

	while (line < end) {
		newline = memchr(line, '\n', (size_t)(end - line));
		if (newline == NULL)
			newline = end;
		taken += (unsigned long)parse(mode, line, (size_t)(newline - line));
		line = newline + 1;
	}
	return taken;
}

int
main(int argc, char **argv)
{
	struct text *texts;
	struct timespec start, end;
	unsigned long taken = 0;
	enum mode mode;
	int i;

	if (argc < 3 || (strcmp(argv[1], "fast") != 0 &&
	    strcmp(argv[1], "jansson") != 0 && strcmp(argv[1], "arena") != 0)) {
		fprintf(stderr, "usage: parseloop fast|jansson|arena FILE...\n");
		return 2;
	}
	mode = strcmp(argv[1], "fast") == 0 ? FAST :
	    strcmp(argv[1], "jansson") == 0 ? JANSSON : ARENA;
	if (mode == ARENA)
		arena_install();
	texts = xcalloc((size_t)argc, sizeof *texts);
	for (i = 2; i < argc; i++)
		read_file(argv[i], &texts[i]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 2; i < argc; i++)
		taken += parse_lines(mode, &texts[i]);
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("%lu %lld\n", taken, (long long)(end.tv_sec - start.tv_sec) *
	    1000000000LL + (end.tv_nsec - start.tv_nsec));
	for (i = 2; i < argc; i++)
		free(texts[i].data);
	free(texts);
	return 0;
}
