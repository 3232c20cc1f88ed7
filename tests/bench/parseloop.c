/* parseloop.c: the bare parsers, for make bench. Reads FILES whole (in
 * the page cache, as the engine's are), then parses every line with
 * Jansson's json_loadb (as the engine calls it) with the C library's
 * malloc (jansson) or in the engine's arena (arena), or with the fast path
 * alone, and prints how many lines were objects (jansson) or taken by
 * the fast path (fast), and the nanoseconds the parsing took (reading
 * excluded). What the engine adds is the difference between these and
 * logproc run.
 *
 * "parseloop ingest SCHEMA FILE..." counts every line as one worker
 * does, through ingest_line with the named built-in schema (or "auto":
 * the schema detect.c picks from the files' heads, the choice timed too)
 * and the fast parser, and prints the schema, the records selected and
 * the nanoseconds. Each file is copied (untimed) into one buffer just
 * before its lines are counted: its bytes are then in the cache, as a
 * worker's are after it reads them (parsing 200 MB straight from memory
 * measured the memory more than the parser). Built with -DPARSELOOP_PRE_SCHEMA against the sources
 * from before the schemas, it reads the one format those knew. */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "engine/arena.h"
#include "engine/fastpath.h"
#include "engine/ingest.h"
#ifndef PARSELOOP_PRE_SCHEMA
#include "engine/detect.h"
#include "schema/schema.h"
#endif

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

#ifndef PARSELOOP_PRE_SCHEMA
/* Returns the schema NAME names, or for "auto" the one detect.c picks
 * from the heads of TEXTS[FIRST..COUNT), as the engine's sample does;
 * allocated. Exits if there is none. */
static struct schema *
choose_schema(const char *name, const struct text *texts, int first,
    int count)
{
	struct detect_sample sample = { { NULL }, { 0 }, 0 };
	struct schema *schema;
	int i;

	if (strcmp(name, "auto") != 0)
		schema = schema_builtin(name);
	else {
		for (i = first; i < count && sample.count < DETECT_LINES; i++)
			detect_add_head(&sample, texts[i].data,
			    texts[i].length < 65536 ? texts[i].length : 65536);
		schema = detect_schema(&sample);
		detect_free(&sample);
	}
	if (schema == NULL) {
		fprintf(stderr, "parseloop: no schema %s\n", name);
		exit(2);
	}
	return schema;
}
#endif

/* Counts the lines of TEXT through INGEST in AGG; returns how many
 * were selected. */
static unsigned long
ingest_lines(struct ingest *ingest, struct agg *agg, const struct text *text)
{
	const char *line = text->data, *end = text->data + text->length, *newline;
	unsigned long selected = 0;
	enum agg_reason reason;
	size_t length;

	while (line < end) {
		newline = memchr(line, '\n', (size_t)(end - line));
		if (newline == NULL)
			newline = end;
		length = (size_t)(newline - line);
		selected += ingest_line(ingest, agg, line, length, length +
		    (newline < end), &reason) == INGEST_SELECTED;
		line = newline + 1;
	}
	return selected;
}

/* Returns the nanoseconds from START to END. */
static long long
elapsed_ns(const struct timespec *start, const struct timespec *end)
{
	return (long long)(end->tv_sec - start->tv_sec) * 1000000000LL +
	    (end->tv_nsec - start->tv_nsec);
}

/* Copies TEXT into WARM (grown as needed), untimed, so that its bytes
 * are in the cache as a worker's are after its read, then counts its
 * lines through INGEST in AGG, adding the records selected to
 * *SELECTED. Returns the nanoseconds the counting took. */
static long long
ingest_text(struct ingest *ingest, struct agg *agg, const struct text *text,
    struct text *warm, unsigned long *selected)
{
	struct timespec start, end;

	if (text->length > warm->length) {
		warm->data = xreallocarray(warm->data, text->length, 1);
		warm->length = text->length;
	}
	if (text->length > 0)	/* an empty file's data may be NULL */
		memcpy(warm->data, text->data, text->length);
	clock_gettime(CLOCK_MONOTONIC, &start);
	*selected += ingest_lines(ingest, agg, &(struct text){ warm->data,
	    text->length });
	clock_gettime(CLOCK_MONOTONIC, &end);
	return elapsed_ns(&start, &end);
}

/* parseloop ingest NAME FILE...: reads the files, then counts their
 * lines as one worker would with schema NAME and the fast parser, and
 * prints the schema, the records selected and the nanoseconds taken. */
static int
ingest_main(const char *name, int count, char **paths)
{
	struct filter filter = { FILTER_NO_LEVEL, NULL, 0, 0, 0 };
	struct text *texts = xcalloc((size_t)count, sizeof *texts);
	struct timespec start, end;
	struct text warm = { NULL, 0 };
	unsigned long selected = 0;
	struct ingest ingest;
	struct agg agg;
	long long elapsed;
	const char *chosen = "logproc";
#ifndef PARSELOOP_PRE_SCHEMA
	struct schema *schema;
#endif
	int i;

	arena_install();	/* as main.c does: Jansson in the arenas */
	for (i = 0; i < count; i++)
		read_file(paths[i], &texts[i]);
	agg_init(&agg);
	clock_gettime(CLOCK_MONOTONIC, &start);
#ifdef PARSELOOP_PRE_SCHEMA
	if (strcmp(name, "logproc") != 0) {
		fprintf(stderr, "parseloop: only logproc before the schemas\n");
		return 2;
	}
	ingest_init(&ingest, &filter, INGEST_FAST);
#else
	schema = choose_schema(name, texts, 0, count);
	chosen = schema->name;
	ingest_init(&ingest, &filter, schema, INGEST_FAST);
#endif
	clock_gettime(CLOCK_MONOTONIC, &end);
	elapsed = elapsed_ns(&start, &end);
	for (i = 0; i < count; i++)
		elapsed += ingest_text(&ingest, &agg, &texts[i], &warm,
		    &selected);
	printf("%s %lu %lld\n", chosen, selected, elapsed);
	free(warm.data);
#ifndef PARSELOOP_PRE_SCHEMA
	ingest_free(&ingest);
	schema_free(schema);
#endif
	agg_free(&agg);
	for (i = 0; i < count; i++)
		free(texts[i].data);
	free(texts);
	return 0;
}

int
main(int argc, char **argv)
{
	struct text *texts;
	struct timespec start, end;
	unsigned long taken = 0;
	enum mode mode;
	int i;

	if (argc >= 4 && strcmp(argv[1], "ingest") == 0)
		return ingest_main(argv[2], argc - 3, argv + 3);
	if (argc < 3 || (strcmp(argv[1], "fast") != 0 &&
	    strcmp(argv[1], "jansson") != 0 && strcmp(argv[1], "arena") != 0)) {
		fprintf(stderr, "usage: parseloop fast|jansson|arena FILE...\n"
		    "       parseloop ingest SCHEMA|auto FILE...\n");
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
