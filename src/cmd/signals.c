/* signals.c: signals become a flag. They are blocked in every thread
 * (call signals_take before starting any) and taken by one signal thread
 * with sigwait, so no handler runs in the middle of the engine's work.
 * The first SIGINT, SIGTERM or SIGHUP sets the flag the front end polls
 * and writes a byte to a pipe it may wait on; a second one, or SIGQUIT
 * (Ctrl-\), ends the process at once, which is as safe as a crash,
 * saying so after the front end's BEFORE_EXIT hook (which must be
 * async-signal safe in spirit: it restores the terminal with write and
 * tcsetattr). */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/signals.h"
#include "common/i18n.h"
#include "common/log.h"

static atomic_int stop_requested;
static void (*exit_hook)(void);
static int stop_pipe[2] = { -1, -1 };

/* Says why the process ends at once (SIGNO: a second stop signal, or
 * SIGQUIT), and that nothing is lost by it. */
static void
say_exiting(int signo)
{
	if (signo == SIGQUIT)
		log_warnx(_("SIGQUIT: exiting at once; the next run resumes from "
		    "the last checkpoint"));
	else
		log_warnx(_("interrupted again: exiting at once; the next run "
		    "resumes from the last checkpoint"));
}

static void *
signal_main(void *arg)
{
	sigset_t *signals = arg;
	int signo;

	for (;;) {
		if (sigwait(signals, &signo) != 0)
			continue;
		if (atomic_exchange(&stop_requested, 1) != 0 || signo == SIGQUIT) {
			if (exit_hook != NULL)
				exit_hook();
			say_exiting(signo);
			_exit(EXIT_RUNTIME);
		}
		if (stop_pipe[1] >= 0 && write(stop_pipe[1], "", 1) < 0)
			continue;	/* the flag is set anyway */
	}
	return NULL;
}

/* Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT in this thread and every
 * thread to come, starts the signal thread, and ignores SIGPIPE (a closed
 * pipe is then a write error like any other). BEFORE_EXIT (may be NULL)
 * runs before a second signal or SIGQUIT ends the process. Without the
 * signal thread nothing could stop the process: if it cannot start, the
 * program ends. */
void
signals_take(void (*before_exit)(void))
{
	static sigset_t signals;
	pthread_t thread;
	int error;

	exit_hook = before_exit;
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	sigaddset(&signals, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	if (pipe(stop_pipe) != 0)
		stop_pipe[0] = stop_pipe[1] = -1;	/* polling the flag works */
	signal(SIGPIPE, SIG_IGN);
	if ((error = pthread_create(&thread, NULL, signal_main, &signals)) != 0)
		fatalx(_("cannot start a thread: %s"), strerror(error));
	pthread_detach(thread);
}

/* Returns a descriptor that becomes readable when a stop is asked for,
 * or -1. */
int
signals_stop_fd(void)
{
	return stop_pipe[0];
}

/* Ends the process as SIGPIPE would have, had it not been ignored: the
 * way grep or cat end when the reader of their output goes away, which
 * a shell reports as status 128 + SIGPIPE (141 on most systems). */
void
signals_die_of_sigpipe(void)
{
	sigset_t pipe_signal;

	fflush(NULL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&pipe_signal);
	sigaddset(&pipe_signal, SIGPIPE);
	pthread_sigmask(SIG_UNBLOCK, &pipe_signal, NULL);
	raise(SIGPIPE);
	_exit(EXIT_RUNTIME);	/* not reached */
}

/* Returns 1 once a stop was asked for by a signal. */
int
signals_stop_requested(void)
{
	return atomic_load(&stop_requested) != 0;
}
