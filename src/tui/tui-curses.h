/* curses.h: the one place that includes the wide-character curses
 * header, wherever configure found it. */
#ifndef LOGPROC_TUI_CURSES_H
#define LOGPROC_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#elif defined(HAVE_CURSES_H)
#include <curses.h>
#else
#error "configure found no curses header"
#endif

#endif /* LOGPROC_TUI_CURSES_H */
