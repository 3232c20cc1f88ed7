/* signals.h: how the front ends of the engine take SIGINT, SIGTERM and
 * SIGHUP: one thread waits for them; the first asks for a graceful stop,
 * a second one ends the process at once. */
#ifndef LOGPROC_SIGNALS_H
#define LOGPROC_SIGNALS_H

void signals_take(void (*before_exit)(void));
int signals_stop_requested(void);
int signals_stop_fd(void);
void signals_die_of_sigpipe(void) __attribute__((noreturn));

#endif /* LOGPROC_SIGNALS_H */
