/* testdir.h: scratch directories for the unit tests. */
#ifndef LOGPROC_TESTDIR_H
#define LOGPROC_TESTDIR_H

#include <stddef.h>

#include "schema/schema.h"

void testdir_make(char *path, size_t size, const char *parent,
    const char *name);
void testdir_remove(const char *path);
const struct schema *testdir_logproc(void);

#endif /* LOGPROC_TESTDIR_H */
