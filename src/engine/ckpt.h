/* ckpt.h: the checkpoint, logproc's memory across runs. One readable JSON
 * file, OFFSETS_DIR/checkpoint.json, holds every segment's identity, state
 * and offset, the totals, and the committed length of the output and
 * rejects files, all from one consistent moment. It is replaced
 * atomically and durably, so a crash leaves the old or the new one. */
#ifndef LOGPROC_CKPT_H
#define LOGPROC_CKPT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "engine/agg.h"
#include "engine/segment.h"

#define CKPT_FILE "checkpoint.json"
#define CKPT_LOCK_FILE "lock"
#define CKPT_VERSION 1

/* A file the engine appends to, and how much of it is committed. The
 * path is absolute, or "-" (standard output); the device and inode tell
 * the file from another at that path. A checkpoint of an older logproc
 * has neither (HAS_IDENTITY 0), and its path may be relative. */
struct ckpt_sink {
	char *path;			/* NULL: none */
	int has_identity;
	uint64_t device;
	uint64_t inode;
	uint64_t committed;
};

struct ckpt {
	char *logs_dir;
	char *pattern;
	json_t *filter;			/* filter_to_json() of the run */
	json_t *schema;			/* schema_to_json() of the run, null
					   while undecided; NULL: none
					   recorded (older checkpoints: the
					   logproc schema) */
	struct ckpt_sink output;
	struct ckpt_sink rejects;
	struct agg totals;
	struct segment **segments;
	size_t segment_count;
	time_t updated;
};

/* The text of each segment as the last write put it in the file, with
 * the fields it was made from, so that the next write encodes only the
 * segments that changed. One writer owns it (the engine's committer). */
struct ckpt_cache;

void ckpt_init(struct ckpt *ckpt);
void ckpt_free(struct ckpt *ckpt);
char *ckpt_path(const char *offsets_dir);
json_t *ckpt_to_json(const struct ckpt *ckpt);
int ckpt_from_json(struct ckpt *ckpt, json_t *root, char **cause);
int ckpt_write(const struct ckpt *ckpt, const char *offsets_dir,
    char **cause);
struct ckpt_cache *ckpt_cache_new(void);
void ckpt_cache_free(struct ckpt_cache *cache);
size_t ckpt_cache_encoded(const struct ckpt_cache *cache);
void ckpt_cache_expect(struct ckpt_cache *cache,
    struct segment *const *changed, size_t count);
void ckpt_cache_stage(struct ckpt_cache *cache,
    struct segment *const *segments, size_t count);
int ckpt_write_staged(const struct ckpt *ckpt, struct ckpt_cache *cache,
    const char *offsets_dir, char **cause);
int ckpt_write_cached(const struct ckpt *ckpt, struct ckpt_cache *cache,
    const char *offsets_dir, char **cause);
int ckpt_load(struct ckpt *ckpt, const char *offsets_dir, char **cause);
int ckpt_lock(const char *offsets_dir, int *fd, char **cause);
int ckpt_name_valid(const char *name, const char *pattern);
void ckpt_format_time(time_t when, char *buf, size_t size);

#define CKPT_TIME_SIZE 32

#endif /* LOGPROC_CKPT_H */
