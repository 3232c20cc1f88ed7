/* allocshim.c: fails chosen allocations of a program, for the
 * allocation-failure test (tests/cli/run-nomem.sh). Built as a shared
 * object and loaded with LD_PRELOAD, it takes the place of malloc and its
 * kin (glibc's own are still there as __libc_malloc and the like) and
 * counts the allocations made from the start of main on: its constructor
 * runs after those of the libraries it does not depend on, just before
 * main. Allocations made earlier are not counted and never fail.
 *
 *   ALLOCSHIM_FAIL=N	allocation number N (the first is 1) fails
 *   ALLOCSHIM_FROM=1	and so does every one after it
 *   ALLOCSHIM_COUNT=FILE	the number counted is written to FILE at exit
 *
 * A failed allocation returns NULL (ENOMEM), or an error code for
 * posix_memalign, as glibc does when memory runs out. Freeing is never
 * refused. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void __libc_free(void *ptr);
void *__libc_memalign(size_t alignment, size_t size);
void *__libc_valloc(size_t size);
void *__libc_pvalloc(size_t size);

void *memalign(size_t alignment, size_t size);
void *valloc(size_t size);
void *pvalloc(size_t size);

static atomic_int armed;		/* main is about to start */
static atomic_ullong counted;		/* allocations since then */
static unsigned long long fail_at;	/* 0: none fails */
static int fail_after;			/* every one from fail_at fails */

/* Reads the settings and starts counting. */
__attribute__((constructor)) static void
shim_start(void)
{
	const char *fail = getenv("ALLOCSHIM_FAIL");
	const char *from = getenv("ALLOCSHIM_FROM");

	if (fail != NULL)
		fail_at = strtoull(fail, NULL, 10);
	fail_after = from != NULL && strcmp(from, "1") == 0;
	atomic_store(&armed, 1);
}

/* Writes the number of allocations counted to ALLOCSHIM_COUNT, with
 * plain system calls: stdio would allocate. */
__attribute__((destructor)) static void
shim_stop(void)
{
	const char *path = getenv("ALLOCSHIM_COUNT");
	char text[32];
	int fd, length;

	atomic_store(&armed, 0);
	if (path == NULL)
		return;
	length = snprintf(text, sizeof text, "%llu\n", atomic_load(&counted));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return;
	if (write(fd, text, (size_t)length) != length)
		(void)unlink(path);
	close(fd);
}

/* Counts one allocation; returns 1 if it must fail. */
static int
shim_fails(void)
{
	unsigned long long number;

	if (!atomic_load(&armed))
		return 0;
	number = atomic_fetch_add(&counted, 1) + 1;
	if (fail_at == 0 || number < fail_at)
		return 0;
	if (number > fail_at && !fail_after)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t size)
{
	return shim_fails() ? NULL : __libc_malloc(size);
}

void *
calloc(size_t count, size_t size)
{
	return shim_fails() ? NULL : __libc_calloc(count, size);
}

/* A realloc to size 0 frees: it is not an allocation. */
void *
realloc(void *ptr, size_t size)
{
	if ((ptr == NULL || size != 0) && shim_fails())
		return NULL;
	return __libc_realloc(ptr, size);
}

void
free(void *ptr)
{
	__libc_free(ptr);
}

void *
memalign(size_t alignment, size_t size)
{
	return shim_fails() ? NULL : __libc_memalign(alignment, size);
}

void *
aligned_alloc(size_t alignment, size_t size)
{
	return shim_fails() ? NULL : __libc_memalign(alignment, size);
}

int
posix_memalign(void **out, size_t alignment, size_t size)
{
	void *ptr;

	if (alignment == 0 || alignment % sizeof (void *) != 0 ||
	    (alignment & (alignment - 1)) != 0)
		return EINVAL;
	if (shim_fails())
		return ENOMEM;
	if ((ptr = __libc_memalign(alignment, size)) == NULL)
		return ENOMEM;
	*out = ptr;
	return 0;
}

void *
valloc(size_t size)
{
	return shim_fails() ? NULL : __libc_valloc(size);
}

void *
pvalloc(size_t size)
{
	return shim_fails() ? NULL : __libc_pvalloc(size);
}
