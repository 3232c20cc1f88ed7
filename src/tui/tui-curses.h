/* tui-curses.h: the one place that includes the wide-character curses
 * header, wherever configure found it; with TUI_CURSES_TERM defined
 * first, also term.h (terminfo), whose macros (lines, columns, ...) the
 * other files must not see. */
#ifndef LOGPROC_TUI_CURSES_H
#define LOGPROC_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#ifdef TUI_CURSES_TERM
#include <ncursesw/term.h>
#endif
#elif defined(HAVE_CURSES_H)
#include <curses.h>
#ifdef TUI_CURSES_TERM
#include <term.h>
#endif
#else
#error "configure found no curses header"
#endif

#endif /* LOGPROC_TUI_CURSES_H */
