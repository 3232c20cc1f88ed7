/* log.c: one-line diagnostics prefixed with the program name. Each
 * message is formatted whole and written with one write(2), so that
 * threads reporting at once cannot interleave their lines; only the
 * first thread to die reports, the others wait for the exit. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"

#define LOG_LINE_MAX 8192	/* longer messages are cut, marked "..." */

static const char *progname = "logproc";
static void (*cleanup_hook)(void);
static pthread_mutex_t dying_lock = PTHREAD_MUTEX_INITIALIZER;	/* held
				   by the one thread that ends the process */

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

/* Writes all of LENGTH bytes of TEXT to standard error, in one write(2)
 * unless it is interrupted or cut short. */
static void
write_stderr(const char *text, size_t length)
{
	ssize_t written;

	while (length > 0) {
		written = write(STDERR_FILENO, text, length);
		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0)
			return;
		text += written;
		length -= (size_t)written;
	}
}

/* Prints "PROGNAME: message[: strerror(error)]" as one line, formatted
 * on the stack (no allocation: it reports running out of memory) and
 * written at once. Standard error's stdio buffer is flushed first, so
 * the line comes after what was printed there before. */
static void
log_vprint(int error, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t used;
	int length;

	length = snprintf(line, sizeof line, "%s: ", progname);
	used = length < 0 ? 0 : (size_t)length;
	length = vsnprintf(line + used, sizeof line - used, fmt, ap);
	used = length < 0 ? used : used + (size_t)length;
	if (error != 0 && used < sizeof line) {
		length = snprintf(line + used, sizeof line - used, ": %s",
		    strerror(error));
		used = length < 0 ? used : used + (size_t)length;
	}
	if (used > sizeof line - 2) {	/* cut: end with "...\n" */
		used = sizeof line - 2;
		memcpy(line + used - 3, "...", 3);
	}
	line[used++] = '\n';
	fflush(stderr);
	write_stderr(line, used);
}

/* Makes the calling thread the one that ends the process: a second
 * thread that comes to die meanwhile waits here for the exit, so the
 * cleanup hook runs once and one message is printed. */
static void
take_dying_lock(void)
{
	pthread_mutex_lock(&dying_lock);
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

	take_dying_lock();
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

	take_dying_lock();
	if (cleanup_hook != NULL)
		cleanup_hook();
	va_start(ap, fmt);
	log_vprint(0, fmt, ap);
	va_end(ap);
	exit(1);
}
