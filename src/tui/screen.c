/* screen.c: curses set up for the dashboard (keys without echo, no
 * cursor, the mouse wheel, colors, UTF-8 if the locale is), and the ways
 * back: screen_end() for every orderly exit and fatal errors, and
 * screen_emergency_restore() for a second signal, which may come at any
 * moment and so only writes the terminal's saved modes and the strings
 * that leave the alternate screen and show the cursor, prepared here. */
#include "config.h"

#define TUI_CURSES_TERM		/* tui-curses.h: term.h too */

#include <fcntl.h>
#include <langinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "tui/line.h"		/* before term.h's macros */
#include "tui/screen.h"
#include "tui/color.h"
#include "tui/tui-curses.h"

#define RESTORE_MAX 256

static SCREEN *screen;
static struct termios saved_modes;
static int have_modes;
static char restore[RESTORE_MAX];	/* sgr0, cnorm, rmkx, mouse off, rmcup */
static pthread_t main_thread;
static int restore_fd = -1;	/* the terminal, for the restore alone */
static atomic_int taken;	/* the screen is ours: restore it */

/* Appends terminfo capability NAME, if the terminal has it, to restore. */
static void
add_restore(const char *name)
{
	char *value = tigetstr(name);

	if (value == NULL || value == (char *)-1)
		return;
	if (strlen(restore) + strlen(value) < sizeof restore)
		strcat(restore, value);
}

/* Gives the terminal back; safe to call more than once. */
void
screen_end(void)
{
	if (screen == NULL)
		return;
	atomic_store(&taken, 0);
	endwin();
	delscreen(screen);
	screen = NULL;
	log_set_cleanup(NULL);
}

/* The cleanup of fatal(): the main thread gives the terminal back as
 * usual; another thread (the main one may be drawing) only restores it
 * as a second signal does. */
static void
screen_cleanup(void)
{
	if (pthread_equal(pthread_self(), main_thread))
		screen_end();
	else
		screen_emergency_restore();
}

/* Returns 0 if TERM names a terminal the dashboard can draw on (one
 * that can move its cursor), or -1 with *CAUSE. */
int
screen_usable(char **cause)
{
	const char *term = getenv("TERM");
	int error, usable;

	if (setupterm(NULL, STDOUT_FILENO, &error) != OK) {
		xasprintf(cause, _("unknown terminal type (TERM=%s); use logproc "
		    "run"), term != NULL ? term : "");
		return -1;
	}
	usable = tigetstr("cup") != NULL && tigetstr("cup") != (char *)-1;
	del_curterm(cur_term);
	if (!usable)
		xasprintf(cause, _("this terminal (TERM=%s) cannot place the "
		    "cursor; use logproc run"), term != NULL ? term : "");
	return usable ? 0 : -1;
}

/* Appends to restore the xterm sequences that end every mouse mode
 * curses may have turned on (the terminal reports a mouse: kmous). */
static void
add_mouse_off(void)
{
	static const char off[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l";

	if (strlen(restore) + strlen(off) < sizeof restore)
		strcat(restore, off);
}

/* Takes over the terminal; returns -1 with *CAUSE if curses cannot. */
int
screen_start(char **cause)
{
	const char *term = getenv("TERM");

	have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		xasprintf(cause, _("cannot drive this terminal (TERM=%s)"),
		    term != NULL ? term : "");
		return -1;
	}
	main_thread = pthread_self();
	atomic_store(&taken, 1);
	restore_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	log_set_cleanup(screen_cleanup);
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmkx");
	if (tigetstr("kmous") != NULL && tigetstr("kmous") != (char *)-1)
		add_mouse_off();
	add_restore("rmcup");
	line_set_utf8(strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	color_init();
	return 0;
}

/* Restores the terminal from a signal thread, as the process ends. */
void
screen_emergency_restore(void)
{
	if (!atomic_load(&taken))
		return;
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	if (restore_fd >= 0 && write(restore_fd, restore, strlen(restore)) < 0)
		return;
}
