# lp_cflags.m4: compiler flag probing for logproc.

# LP_TRY_CFLAGS(VARIABLE, FLAGS)
# ------------------------------
# Append to VARIABLE each flag of FLAGS that the C compiler accepts without
# a diagnostic. Flags are tried one at a time, with -Werror, so that a
# compiler which merely warns about an unknown flag (clang) rejects it too.
AC_DEFUN([LP_TRY_CFLAGS], [
  for lp_flag in $2; do
    AC_MSG_CHECKING([whether $CC accepts $lp_flag])
    lp_saved_cflags=$CFLAGS
    lp_saved_ldflags=$LDFLAGS
    CFLAGS="$CFLAGS -Werror $lp_flag"
    LDFLAGS="$LDFLAGS $lp_flag"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
      [$1="[$]$1 $lp_flag"; AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])])
    CFLAGS=$lp_saved_cflags
    LDFLAGS=$lp_saved_ldflags
  done
])
