/* sample.c: --schema auto in the engine. While no schema is in force,
 * the scanner thread, after each scan, reads the heads of the segments
 * (inflated for gzip ones), oldest first as the table holds them, and
 * lets detect.c choose from their complete lines; no worker takes a
 * segment before (worker.c waits for engine->schema). --schema docker
 * without an inner format is detected so too, its inner format only.
 * Heads that hold only a line longer than they are give nothing to go
 * by: the logproc schema is taken then, and such lines are read by it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/detect.h"
#include "engine/engine-int.h"
#include "engine/reader.h"

#define HEAD_SIZE (64 * 1024)	/* bytes read of each segment */
#define SAMPLE_FILES 16		/* segments read for one choice */

/* Adds the complete lines of the head of file NAME to SAMPLE. A file
 * that cannot be read adds nothing: the workers will say why. Returns 1
 * if its head is one line too long to sample. */
static int
sample_file(int dirfd, const char *name, struct detect_sample *sample,
    char *buf)
{
	size_t added = 0;
	unsigned char magic[2];
	ssize_t got;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return 0;
	got = pread(fd, magic, sizeof magic, 0);
	if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		got = reader_gzip_head(fd, buf, HEAD_SIZE);
	else
		got = pread(fd, buf, HEAD_SIZE, 0);
	if (got > 0)
		added = detect_add_head(sample, buf, (size_t)got);
	close(fd);
	return got == HEAD_SIZE && added == 0;
}

/* Copies the names of up to SAMPLE_FILES segments into NAMES; returns
 * how many. Lock held. */
static size_t
copy_names(struct engine *engine, char **names)
{
	size_t i, count = 0;

	for (i = 0; i < engine->segment_count && count < SAMPLE_FILES; i++)
		if (engine->segments[i]->present)
			names[count++] = xstrdup(engine->segments[i]->name);
	return count;
}

/* Returns the schema SAMPLE calls for, allocated, or NULL if it holds
 * no line: the best built-in one, or, for --schema docker without an
 * inner format, that docker schema with the inner format its lines
 * hold (none if they hold no JSON: then its records are text). */
static struct schema *
choose(struct engine *engine, const struct detect_sample *sample)
{
	struct schema *schema;

	if (sample->count == 0)
		return NULL;
	if (engine->pending == NULL) {
		schema = detect_schema(sample);
		schema_apply(schema, engine->config.overrides);
		return schema;
	}
	schema = schema_copy(engine->pending);
	detect_set_inner(schema, detect_docker_inner(sample));
	return schema;
}

/* Chooses the schema from the segments' heads if none is in force yet,
 * and says which it chose. Called by the scanner thread, lock not held. */
void
engine_detect_schema(struct engine *engine)
{
	struct detect_sample sample = { { NULL }, { 0 }, 0 };
	char *names[SAMPLE_FILES], *buf;
	struct schema *schema;
	size_t count, i;
	int long_line = 0;

	pthread_mutex_lock(&engine->lock);
	count = engine->schema == NULL ? copy_names(engine, names) : 0;
	pthread_mutex_unlock(&engine->lock);
	if (count == 0)
		return;
	buf = xmalloc(HEAD_SIZE);
	for (i = 0; i < count; i++) {
		if (sample.count < DETECT_LINES)
			long_line |= sample_file(engine->dirfd, names[i], &sample,
			    buf);
		free(names[i]);
	}
	free(buf);
	schema = choose(engine, &sample);
	if (schema == NULL && long_line && engine->pending == NULL) {
		schema = schema_builtin("logproc");	/* nothing to go by */
		schema_apply(schema, engine->config.overrides);
	}
	pthread_mutex_lock(&engine->lock);
	if (schema != NULL && engine->schema == NULL) {
		engine_set_schema(engine, schema);
		pthread_cond_broadcast(&engine->work_cond);
	} else
		schema_free(schema);
	pthread_mutex_unlock(&engine->lock);
	detect_free(&sample);
}
