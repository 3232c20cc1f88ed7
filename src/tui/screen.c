/* screen.c: curses set up for the dashboard (keys without echo, no
 * cursor, the mouse wheel, colors, UTF-8 if the locale is), and the ways
 * back: screen_end() for every orderly exit and fatal errors, and
 * screen_emergency_restore() for a second signal, which may come at any
 * moment and so only writes the terminal's saved modes and the strings
 * that leave the alternate screen and show the cursor, prepared here. */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/escape.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "tui/color.h"
#include "tui/line.h"
#include "tui/screen.h"
#include "tui/tui-curses.h"

#define RESTORE_MAX 256

static SCREEN *screen;
static struct termios saved_modes;
static int have_modes;
static char restore[RESTORE_MAX];	/* rmcup, cnorm, sgr0 */

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

/* Takes over the terminal; returns -1 with *CAUSE if curses cannot. */
int
screen_start(char **cause)
{
	const char *term = getenv("TERM");
	char *safe;

	have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		safe = escape_string(term != NULL ? term : "");
		xasprintf(cause, _("cannot drive this terminal (TERM=%s)"), safe);
		free(safe);
		return -1;
	}
	log_set_cleanup(screen_end);
	add_restore("sgr0");
	add_restore("cnorm");
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

/* Gives the terminal back; safe to call more than once. */
void
screen_end(void)
{
	if (screen == NULL)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	log_set_cleanup(NULL);
}

/* Restores the terminal from a signal thread, as the process ends. */
void
screen_emergency_restore(void)
{
	if (screen == NULL)
		return;
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	if (write(STDOUT_FILENO, restore, strlen(restore)) < 0)
		return;
}
