/* log.c: one-line diagnostics prefixed with the program name. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"

static const char *progname = "logproc";
static void (*cleanup_hook)(void);

/* Sets the prefix of every message, e.g. "logproc generate". */
void
log_set_progname(const char *name)
{
	progname = name;
}

const char *
log_progname(void)
{
	return progname;
}

/* Registers a function that fatal() runs before exiting (the TUI uses it
 * to restore the terminal). */
void
log_set_cleanup(void (*cleanup)(void))
{
	cleanup_hook = cleanup;
}

static void log_vprint(int error, const char *fmt, va_list ap)
    LOGPROC_PRINTF(2, 0);

/* Prints "PROGNAME: message[: strerror(error)]" as one line. */
static void
log_vprint(int error, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (error != 0)
		fprintf(stderr, ": %s", strerror(error));
	fputc('\n', stderr);
}

void
log_warn(const char *fmt, ...)
{
	int error = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vprint(error, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprint(0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int error = errno;
	va_list ap;

	if (cleanup_hook != NULL)
		cleanup_hook();
	va_start(ap, fmt);
	log_vprint(error, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	if (cleanup_hook != NULL)
		cleanup_hook();
	va_start(ap, fmt);
	log_vprint(0, fmt, ap);
	va_end(ap);
	exit(1);
}
