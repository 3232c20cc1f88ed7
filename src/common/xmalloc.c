/* xmalloc.c: allocation wrappers that check for overflow and die cleanly.
 * Callers never test the result for NULL: running out of memory ends the
 * program through fatalx(), which restores the terminal first. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"

/* Ends the program after an allocation of COUNT x SIZE bytes failed. */
static void
out_of_memory(size_t count, size_t size)
{
	fatalx(_("out of memory (allocating %zu x %zu bytes)"), count, size);
}

void *
xmalloc(size_t size)
{
	void *ptr;

	if (size == 0)
		size = 1;
	if ((ptr = malloc(size)) == NULL)
		out_of_memory(1, size);
	return ptr;
}

void *
xcalloc(size_t count, size_t size)
{
	void *ptr;

	if (count == 0 || size == 0)
		count = size = 1;
	if ((ptr = calloc(count, size)) == NULL)
		out_of_memory(count, size);
	return ptr;
}

/* Resizes PTR to COUNT x SIZE bytes, refusing products that overflow. */
void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	void *grown;

	if (count == 0 || size == 0)
		count = size = 1;
	if (count > SIZE_MAX / size)
		out_of_memory(count, size);
	if ((grown = realloc(ptr, count * size)) == NULL)
		out_of_memory(count, size);
	return grown;
}

char *
xstrdup(const char *text)
{
	size_t length = strlen(text) + 1;

	return memcpy(xmalloc(length), text, length);
}

/* Formats into a newly allocated string stored in *OUT; returns its length. */
int
xasprintf(char **out, const char *fmt, ...)
{
	va_list ap, copy;
	int length;

	va_start(ap, fmt);
	va_copy(copy, ap);
	length = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (length < 0)
		fatalx("xasprintf: bad format '%s'", fmt);
	*out = xmalloc((size_t)length + 1);
	vsnprintf(*out, (size_t)length + 1, fmt, ap);
	va_end(ap);
	return length;
}
