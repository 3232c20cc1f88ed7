# lp_libs.m4: locating logproc's libraries portably.
# Each macro asks pkg-config first, then falls back to probing the
# compiler, and stops with an error that names the package to install.
# Variables given on the command line (JANSSON_LIBS=..., and so on) win.

# LP_FIND_PTHREADS
# ----------------
# Set PTHREAD_CFLAGS and PTHREAD_LIBS: -pthread where the compiler knows it,
# otherwise -lpthread, otherwise nothing (the C library has threads).
AC_DEFUN([LP_FIND_PTHREADS], [
  AC_ARG_VAR([PTHREAD_CFLAGS], [C compiler flags for POSIX threads])
  AC_ARG_VAR([PTHREAD_LIBS], [linker flags for POSIX threads])
  AC_CHECK_HEADER([pthread.h], [],
    [AC_MSG_ERROR([pthread.h not found: install the C library's development files (Debian: libc6-dev)])])
  AS_IF([test "x$PTHREAD_CFLAGS$PTHREAD_LIBS" = x], [
    for lp_try in pthread-flag pthread-lib libc; do
      AS_CASE([$lp_try],
        [pthread-flag], [lp_cflags=-pthread lp_libs=],
        [pthread-lib], [lp_cflags= lp_libs=-lpthread],
        [lp_cflags= lp_libs=])
      lp_saved_cflags=$CFLAGS
      lp_saved_libs=$LIBS
      CFLAGS="$CFLAGS $lp_cflags"
      LIBS="$lp_libs $LIBS"
      AC_MSG_CHECKING([for pthread_create with '$lp_cflags' '$lp_libs'])
      AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <pthread.h>
static void *run(void *arg) { return arg; }]],
          [[pthread_t t; return pthread_create(&t, 0, run, 0);]])],
        [lp_ok=yes], [lp_ok=no])
      AC_MSG_RESULT([$lp_ok])
      CFLAGS=$lp_saved_cflags
      LIBS=$lp_saved_libs
      AS_IF([test "x$lp_ok" = xyes], [
        PTHREAD_CFLAGS=$lp_cflags
        PTHREAD_LIBS=$lp_libs
        break])
    done
    AS_IF([test "x$lp_ok" != xyes],
      [AC_MSG_ERROR([cannot link a program with POSIX threads])])
  ])
])

# LP_FIND_JANSSON
# ---------------
# Set JANSSON_CFLAGS and JANSSON_LIBS.
AC_DEFUN([LP_FIND_JANSSON], [
  PKG_CHECK_MODULES([JANSSON], [jansson >= 2.11], [], [
    AC_CHECK_HEADER([jansson.h], [],
      [AC_MSG_ERROR([Jansson not found: install it (Debian/Ubuntu: libjansson-dev, Fedora: jansson-devel)])])
    lp_saved_libs=$LIBS
    AC_SEARCH_LIBS([json_loadb], [jansson], [],
      [AC_MSG_ERROR([libjansson not found: install it (Debian/Ubuntu: libjansson-dev, Fedora: jansson-devel)])])
    JANSSON_LIBS=${LIBS%"$lp_saved_libs"}
    LIBS=$lp_saved_libs
    AC_MSG_CHECKING([whether Jansson is 2.11 or later])
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <jansson.h>
#if JANSSON_VERSION_HEX < 0x020b00
#error too old
#endif]])], [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([Jansson 2.11 or later is needed (Debian/Ubuntu: libjansson-dev)])])
  ])
])

# LP_FIND_NCURSESW
# ----------------
# Set NCURSESW_CFLAGS and NCURSESW_LIBS for the wide-character curses
# library, and define HAVE_NCURSESW_CURSES_H when the header lives in an
# ncursesw/ subdirectory.
AC_DEFUN([LP_FIND_NCURSESW], [
  PKG_CHECK_MODULES([NCURSESW], [ncursesw], [], [
    lp_saved_libs=$LIBS
    AC_SEARCH_LIBS([setcchar], [ncursesw cursesw curses], [],
      [AC_MSG_ERROR([wide-character ncurses not found: install it (Debian/Ubuntu: libncurses-dev, Fedora: ncurses-devel)])])
    AC_SEARCH_LIBS([tigetstr], [tinfow tinfo])
    NCURSESW_LIBS=${LIBS%"$lp_saved_libs"}
    LIBS=$lp_saved_libs
  ])
  lp_saved_cppflags=$CPPFLAGS
  CPPFLAGS="$CPPFLAGS $NCURSESW_CFLAGS"
  AC_CHECK_HEADERS([ncursesw/curses.h], [], [
    AC_CHECK_HEADERS([curses.h], [],
      [AC_MSG_ERROR([curses.h not found: install it (Debian/Ubuntu: libncurses-dev, Fedora: ncurses-devel)])])])
  CPPFLAGS=$lp_saved_cppflags
])
