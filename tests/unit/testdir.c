/* testdir.c: makes and removes the unit tests' scratch directories. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "suites.h"
#include "testdir.h"

/* Makes a new directory PARENT/NAME.XXXXXX and writes its path into PATH
 * (SIZE bytes); aborts the test if it cannot. */
void
testdir_make(char *path, size_t size, const char *parent, const char *name)
{
	if ((size_t)snprintf(path, size, "%s/%s.XXXXXX", parent, name) >= size ||
	    mkdtemp(path) == NULL)
		ck_abort_msg("cannot make a directory %s/%s.XXXXXX", parent, name);
}

/* Removes PATH and everything in it; aborts the test if it cannot. */
void
testdir_remove(const char *path)
{
	char command[256];

	snprintf(command, sizeof command, "rm -rf '%s'", path);
	if (system(command) != 0)
		ck_abort_msg("cannot remove %s", path);
}

/* Returns the logproc schema, made once: the engine tests read the
 * generator's format, and its strict types, without detection. */
const struct schema *
testdir_logproc(void)
{
	static struct schema *logproc;

	if (logproc == NULL)
		logproc = schema_builtin("logproc");
	return logproc;
}
