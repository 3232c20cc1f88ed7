/* arena.c: Jansson's allocator, with an arena per thread while it parses.
 * Between arena_enter and arena_leave on a thread, Jansson's allocations
 * on that thread come from the arena while it has room (then from
 * xmalloc); its frees of arena memory do nothing, and arena_leave takes
 * all of it back at once. Everything Jansson allocated in the arena must
 * be freed (json_decref) before arena_leave. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/xmalloc.h"
#include "engine/arena.h"

#define ARENA_ALIGN 16		/* as malloc aligns, for any type */

static _Thread_local struct arena *current;

/* Returns 1 if PTR was handed out by ARENA. */
static int
in_arena(const struct arena *arena, const void *ptr)
{
	uintptr_t start = (uintptr_t)arena->bytes, at = (uintptr_t)ptr;

	return at >= start && at < start + ARENA_SIZE;
}

static void *
arena_malloc(size_t size)
{
	struct arena *arena = current;
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *ptr;

	if (arena == NULL || rounded < size || rounded > ARENA_SIZE - arena->used)
		return xmalloc(size);
	ptr = arena->bytes + arena->used;
	arena->used += rounded;
	return ptr;
}

static void
arena_free(void *ptr)
{
	struct arena *arena = current;

	if (arena == NULL || !in_arena(arena, ptr))
		free(ptr);
}

/* Makes these Jansson's allocation functions, for the whole process. */
void
arena_install(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
}

/* Starts allocating from ARENA on this thread. */
void
arena_enter(struct arena *arena)
{
	arena->used = 0;
	current = arena;
}

/* Stops allocating from ARENA on this thread and empties it. */
void
arena_leave(struct arena *arena)
{
	arena->used = 0;
	current = NULL;
}
