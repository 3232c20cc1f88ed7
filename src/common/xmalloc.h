/* xmalloc.h: allocation that never returns NULL. */
#ifndef LOGPROC_XMALLOC_H
#define LOGPROC_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *text);
int xasprintf(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* LOGPROC_XMALLOC_H */
