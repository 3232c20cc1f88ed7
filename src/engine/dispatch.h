/* dispatch.h: the dispatcher's ready queue. It hands out the oldest
 * segment a worker should take now, the one a search of the whole table
 * would find, at a cost that grows with what changed since the last
 * take rather than with the size of the table: a heap of the segments
 * that were ready when last looked at, ordered as they are read (rotated
 * before the active file, older before newer, then by name, then by
 * their place in the table). It is told of each segment that changed
 * (dispatch_offer), or that the table changed in ways it was not told of
 * (dispatch_invalidate: it then rebuilds itself from the table). */
#ifndef LOGPROC_DISPATCH_H
#define LOGPROC_DISPATCH_H

#include <stddef.h>

#include "engine/segment.h"

struct dispatch {
	struct segment **heap;		/* ready when pushed; oldest first */
	size_t count, capacity;
	const char *pattern;		/* the engine's, not owned */
	int once;			/* --once: see segment_ready */
	int stale;			/* rebuild from the table first */
};

void dispatch_init(struct dispatch *dispatch, const char *pattern, int once);
void dispatch_free(struct dispatch *dispatch);
void dispatch_invalidate(struct dispatch *dispatch);
void dispatch_offer(struct dispatch *dispatch, struct segment *segment);
struct segment *dispatch_take(struct dispatch *dispatch,
    struct segment *const *segments, size_t count);
int dispatch_older(const struct segment *a, const struct segment *b,
    const char *pattern);

#endif /* LOGPROC_DISPATCH_H */
