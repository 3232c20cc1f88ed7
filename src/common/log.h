/* log.h: diagnostics on standard error, and dying cleanly. */
#ifndef LOGPROC_LOG_H
#define LOGPROC_LOG_H

#define LOGPROC_PRINTF(f, a) __attribute__((format(printf, f, a)))

void log_set_progname(const char *name);
const char *log_progname(void);
void log_set_cleanup(void (*cleanup)(void));
void log_warn(const char *fmt, ...) LOGPROC_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) LOGPROC_PRINTF(1, 2);

/* Print a message (fatal adds strerror(errno)), run the cleanup hook and
 * exit with status 1. For front ends and allocation failure only. */
void fatal(const char *fmt, ...) LOGPROC_PRINTF(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) LOGPROC_PRINTF(1, 2) __attribute__((noreturn));

#endif /* LOGPROC_LOG_H */
