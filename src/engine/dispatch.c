/* dispatch.c: the dispatcher's ready queue, a binary heap of segments.
 *
 * The heap holds every ready segment (and maybe some that stopped being
 * ready since they were pushed: they are dropped when they come to the
 * top). That holds as long as whoever makes a segment ready offers it
 * (a worker ending its turn, the scanner refreshing a size), and whoever
 * changes segments otherwise (adds, removes, renames, a scan) invalidates
 * the queue, which is then rebuilt from the table at the next take. The order's fields (active, time, name)
 * must not change under a pushed segment without an invalidation. */
#include "config.h"

#include <stdlib.h>

#include "common/xmalloc.h"
#include "engine/dispatch.h"

void
dispatch_init(struct dispatch *dispatch, const char *pattern, int once)
{
	dispatch->heap = NULL;
	dispatch->count = dispatch->capacity = 0;
	dispatch->pattern = pattern;
	dispatch->once = once;
	dispatch->stale = 1;
}

void
dispatch_free(struct dispatch *dispatch)
{
	free(dispatch->heap);
	dispatch->heap = NULL;
	dispatch->count = dispatch->capacity = 0;
}

/* Returns 1 if A should be read before B: rotated segments before the
 * active file, then older before newer, then as their names of PATTERN
 * order them. */
int
dispatch_older(const struct segment *a, const struct segment *b,
    const char *pattern)
{
	if (a->active != b->active)
		return b->active;
	if (a->mtime_ns != b->mtime_ns)
		return a->mtime_ns < b->mtime_ns;
	return segment_name_order(a->name, b->name, pattern) < 0;
}

/* Returns 1 if A comes before B in the queue: the older, or of two that
 * neither is older than, the first in the table, as a search of the
 * table in its order would find. */
static int
before(const struct dispatch *dispatch, const struct segment *a,
    const struct segment *b)
{
	if (dispatch_older(a, b, dispatch->pattern))
		return 1;
	if (dispatch_older(b, a, dispatch->pattern))
		return 0;
	return a->table_place < b->table_place;
}

/* Moves the segment at AT up to its place. */
static void
sift_up(struct dispatch *dispatch, size_t at)
{
	struct segment *segment = dispatch->heap[at];
	size_t parent;

	while (at > 0) {
		parent = (at - 1) / 2;
		if (!before(dispatch, segment, dispatch->heap[parent]))
			break;
		dispatch->heap[at] = dispatch->heap[parent];
		at = parent;
	}
	dispatch->heap[at] = segment;
}

/* Moves the segment at AT down to its place. */
static void
sift_down(struct dispatch *dispatch, size_t at)
{
	struct segment *segment = dispatch->heap[at];
	size_t child;

	while ((child = 2 * at + 1) < dispatch->count) {
		if (child + 1 < dispatch->count && before(dispatch,
		    dispatch->heap[child + 1], dispatch->heap[child]))
			child++;
		if (!before(dispatch, dispatch->heap[child], segment))
			break;
		dispatch->heap[at] = dispatch->heap[child];
		at = child;
	}
	dispatch->heap[at] = segment;
}

static void
push(struct dispatch *dispatch, struct segment *segment)
{
	if (dispatch->count == dispatch->capacity) {
		dispatch->capacity = dispatch->capacity * 2 + 64;
		dispatch->heap = xreallocarray(dispatch->heap,
		    dispatch->capacity, sizeof *dispatch->heap);
	}
	dispatch->heap[dispatch->count++] = segment;
	sift_up(dispatch, dispatch->count - 1);
}

/* Removes and returns the first segment of the queue (not empty). */
static struct segment *
pop(struct dispatch *dispatch)
{
	struct segment *first = dispatch->heap[0];

	if (--dispatch->count > 0) {
		dispatch->heap[0] = dispatch->heap[dispatch->count];
		sift_down(dispatch, 0);
	}
	return first;
}

/* Says the table changed in ways the queue was not told of: the next
 * take rebuilds it. Segments the queue held may have been freed. */
void
dispatch_invalidate(struct dispatch *dispatch)
{
	dispatch->stale = 1;
}

/* Tells the queue SEGMENT, of the table it was last built from, changed:
 * it is queued if it is ready now. */
void
dispatch_offer(struct dispatch *dispatch, struct segment *segment)
{
	if (!dispatch->stale && segment_ready(segment, dispatch->once))
		push(dispatch, segment);
}

/* Fills the queue with the ready ones of the COUNT SEGMENTS of the
 * table, noting each one's place, in time linear in COUNT. */
static void
rebuild(struct dispatch *dispatch, struct segment *const *segments,
    size_t count)
{
	size_t i;

	dispatch->count = 0;
	if (count > dispatch->capacity) {
		dispatch->capacity = count;
		dispatch->heap = xreallocarray(dispatch->heap, count,
		    sizeof *dispatch->heap);
	}
	for (i = 0; i < count; i++) {
		segments[i]->table_place = i;
		if (segment_ready(segments[i], dispatch->once))
			dispatch->heap[dispatch->count++] = segments[i];
	}
	for (i = dispatch->count / 2; i > 0; i--)
		sift_down(dispatch, i - 1);
	dispatch->stale = 0;
}

/* Returns the oldest ready segment of the table of COUNT SEGMENTS, or
 * NULL, and takes it off the queue: the caller takes it (and offers it
 * again when it is done with it). */
struct segment *
dispatch_take(struct dispatch *dispatch, struct segment *const *segments,
    size_t count)
{
	struct segment *segment;

	if (dispatch->stale)
		rebuild(dispatch, segments, count);
	while (dispatch->count > 0) {
		segment = pop(dispatch);
		if (segment_ready(segment, dispatch->once))
			return segment;
	}
	return NULL;
}
