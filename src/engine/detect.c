/* detect.c: --schema auto. Each built-in schema reads the sample lines
 * with Jansson as a run would; each line scores what the schema found
 * in it (a known level most, then a time, then a service, a message, a
 * duration, a logger's own marker key), and a rejected line costs more
 * than any line can earn. The highest total wins, the earlier schema
 * of the table on a tie (logproc first). A docker choice then detects
 * its inner format the same way, from the "log" strings that hold JSON. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/detect.h"
#include "engine/extract.h"
#include "engine/ingest.h"

#define SCORE_REJECTED (-20)

/* Keys that only one logger writes (FIRST: as the line's first key): a
 * tie-breaker between schemas that read the same lines alike. slog's
 * handler writes the time first, logrus sorts its keys; zap writes the
 * caller, Caddy's access log the request. */
static const struct {
	const char *schema, *key;
	int first;
} markers[] = {
	{ "bunyan", "v", 0 }, { "ecs", "ecs.version", 0 },
	{ "logstash", "@version", 0 }, { "journald", "__CURSOR", 0 },
	{ "python-json", "levelname", 0 }, { "slog", "time", 1 },
	{ "zap", "caller", 0 }, { "caddy", "request", 0 },
};

/* Adds a copy of the LENGTH bytes of DATA to SAMPLE, if it has room and
 * the line is not empty. */
void
detect_add(struct detect_sample *sample, const char *data, size_t length)
{
	char *copy;

	if (sample->count == DETECT_LINES || length == 0)
		return;
	copy = xmalloc(length + 1);
	memcpy(copy, data, length);
	copy[length] = '\0';
	sample->lines[sample->count] = copy;
	sample->lengths[sample->count++] = length;
}

/* Adds the complete lines of HEAD (LENGTH bytes from a file's start:
 * its last line may be cut, and is left out). Returns the lines added. */
size_t
detect_add_head(struct detect_sample *sample, const char *head,
    size_t length)
{
	const char *p = head, *end = head + length, *newline;
	size_t before = sample->count, line;

	while (p < end && (newline = memchr(p, '\n', (size_t)(end - p)))) {
		line = (size_t)(newline - p);
		if (line > 0 && p[line - 1] == '\r')
			line--;
		detect_add(sample, p, line);
		p = newline + 1;
	}
	return sample->count - before;
}

void
detect_free(struct detect_sample *sample)
{
	size_t i;

	for (i = 0; i < sample->count; i++)
		free(sample->lines[i]);
	sample->count = 0;
}

#define MARKERS (sizeof markers / sizeof markers[0])

/* Returns what the line of SAMPLE number I earns the schema of INGEST,
 * counted in AGG (a scratch pad). */
static int
score_line(struct ingest *ingest, struct agg *agg,
    const struct detect_sample *sample, size_t i)
{
	enum agg_reason reason;
	unsigned found;
	int score = 0;

	if (ingest_line(ingest, agg, sample->lines[i], sample->lengths[i],
	    sample->lengths[i] + 1, &reason) == INGEST_REJECTED)
		return SCORE_REJECTED;
	found = ingest->found;
	score += found & INGEST_FOUND_LEVEL ? 8 : 0;
	score += found & INGEST_FOUND_SPELLING ? 2 : 0;
	score += found & INGEST_FOUND_TIME ? 6 : 0;
	score += found & INGEST_FOUND_SERVICE ? 2 : 0;
	score += found & INGEST_FOUND_MESSAGE ? 2 : 0;
	score += found & INGEST_FOUND_DURATION ? 2 : 0;
	return score;
}

/* Returns 1 if the LENGTH bytes of LINE begin with the object key KEY. */
static int
first_key_is(const char *line, size_t length, const char *key)
{
	size_t key_length = strlen(key), i = 0;

	while (i < length && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return length - i >= key_length + 3 && line[i] == '{' &&
	    line[i + 1] == '"' && memcmp(line + i + 2, key, key_length) == 0 &&
	    line[i + 2 + key_length] == '"';
}

/* Sets MARKED[I] to the markers (bit per index in markers[]) that the
 * line of SAMPLE number I holds, each line parsed once for all. */
static void
find_markers(const struct detect_sample *sample, unsigned *marked)
{
	json_t *root;
	size_t i, m;

	for (i = 0; i < sample->count; i++) {
		root = json_loadb(sample->lines[i], sample->lengths[i], 0, NULL);
		marked[i] = 0;
		for (m = 0; m < MARKERS; m++)
			if (markers[m].first ? first_key_is(sample->lines[i],
			    sample->lengths[i], markers[m].key) : root != NULL &&
			    extract_path(root, markers[m].key) != NULL)
				marked[i] |= 1u << m;
		json_decref(root);
	}
}

/* Returns the bit of SCHEMA's marker in find_markers' sets, 0 if it has
 * none. */
static unsigned
marker_bit(const struct schema *schema)
{
	size_t m;

	for (m = 0; m < MARKERS; m++)
		if (strcmp(markers[m].schema, schema->name) == 0)
			return 1u << m;
	return 0;
}

/* Returns SCHEMA's total over SAMPLE, whose lines hold the MARKED
 * markers. The lines are read by the fast path, which finds what
 * Jansson finds (or leaves the line to it). */
static long
score_schema(const struct schema *schema, const struct detect_sample *sample,
    const unsigned *marked)
{
	static const struct filter all = { FILTER_NO_LEVEL, NULL, 0, 0, 0 };
	unsigned bit = marker_bit(schema);
	struct ingest ingest;
	struct agg agg;
	long total = 0;
	size_t i;

	ingest_init(&ingest, &all, schema, INGEST_FAST);
	agg_init(&agg);
	for (i = 0; i < sample->count; i++)
		total += score_line(&ingest, &agg, sample, i) +
		    ((marked[i] & bit) != 0);
	agg_free(&agg);
	ingest_free(&ingest);
	return total;
}

/* Returns the "log" strings of SAMPLE's docker lines that hold a JSON
 * object, as a sample of their own (to be freed). */
static void
docker_inner(const struct detect_sample *sample, struct detect_sample *inner)
{
	json_t *root, *log;
	const char *text;
	size_t i, length;

	inner->count = 0;
	for (i = 0; i < sample->count; i++) {
		root = json_loadb(sample->lines[i], sample->lengths[i], 0, NULL);
		log = json_object_get(root, "log");
		if (json_is_string(log)) {
			text = json_string_value(log);
			length = json_string_length(log);
			while (length > 0 && (text[length - 1] == '\n' ||
			    text[length - 1] == '\r'))
				length--;
			if (length > 0 && text[0] == '{')
				detect_add(inner, text, length);
		}
		json_decref(root);
	}
}

/* Returns the best of the built-in schemas for SAMPLE, allocated; with
 * PLAIN_ONLY, wrappers are not candidates. */
static struct schema *
best_schema(const struct detect_sample *sample, int plain_only)
{
	const char *const *names = schema_builtin_names();
	struct schema *best = NULL, *schema;
	unsigned marked[DETECT_LINES];
	long best_score = 0, score;
	size_t i;

	find_markers(sample, marked);
	for (i = 0; names[i] != NULL; i++) {
		schema = schema_builtin(names[i]);
		if (plain_only && schema->wrapper != SCHEMA_PLAIN) {
			schema_free(schema);
			continue;
		}
		score = score_schema(schema, sample, marked);
		if (best == NULL || score > best_score) {
			schema_free(best);
			best = schema;
			best_score = score;
		} else
			schema_free(schema);
	}
	return best;
}

/* Makes INNER (taken; NULL: none) the inner format of the docker
 * SCHEMA, named "NAME:INNER". */
void
detect_set_inner(struct schema *schema, struct schema *inner)
{
	char *name;

	if (inner == NULL)
		return;
	schema_free(schema->inner);
	schema->inner = inner;
	xasprintf(&name, "%s:%s", schema->name, inner->name);
	free(schema->name);
	schema->name = name;
}

/* Returns the built-in plain schema that reads the JSON "log" strings of
 * SAMPLE's docker lines best, allocated, or NULL if none holds JSON. */
struct schema *
detect_docker_inner(const struct detect_sample *sample)
{
	struct detect_sample inner;
	struct schema *schema = NULL;

	docker_inner(sample, &inner);
	if (inner.count > 0)
		schema = best_schema(&inner, 1);
	detect_free(&inner);
	return schema;
}

/* Returns the built-in schema that reads SAMPLE best, allocated (docker
 * with its inner format), or NULL for an empty sample. */
struct schema *
detect_schema(const struct detect_sample *sample)
{
	struct schema *schema;

	if (sample->count == 0)
		return NULL;
	schema = best_schema(sample, 0);
	if (schema->wrapper == SCHEMA_DOCKER)
		detect_set_inner(schema, detect_docker_inner(sample));
	return schema;
}
