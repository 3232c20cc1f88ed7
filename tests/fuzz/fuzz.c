/* fuzz.c: what every fuzz target shares. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/* Says on standard error that TARGET found something wrong, with the
 * VALUE it was checking (NULL: none) and what FMT says, and aborts:
 * libFuzzer keeps the input as a crash file, and make check fails. */
void
fuzz_fail(const char *target, const char *value, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", target);
	if (value != NULL)
		fprintf(stderr, "'%s': ", value);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
