/* arena.h: where Jansson allocates while a worker parses one line. A
 * parse makes a dozen small allocations and frees them all moments
 * later; from an arena that is only reset afterwards, they cost a few
 * instructions each instead of malloc and free (which take more in a
 * process with threads). Jansson's allocator is process-wide: outside an
 * arena, on any thread, it is xmalloc and free. */
#ifndef LOGPROC_ARENA_H
#define LOGPROC_ARENA_H

#include <stddef.h>

#define ARENA_SIZE 65536	/* a parse of a line up to ~8 KB fits */

struct arena {
	size_t used;
	_Alignas(16) unsigned char bytes[ARENA_SIZE];
};

void arena_install(void);
void arena_enter(struct arena *arena);
void arena_leave(struct arena *arena);

#endif /* LOGPROC_ARENA_H */
