#!/bin/sh
# valgrind.sh: logproc under valgrind's memcheck, for the shell tests:
#   make check LOGPROC_UNDER_TEST=$PWD/tests/valgrind.sh TESTS='...'
# runs the logproc next to this directory; an invalid access, a use of
# uninitialised memory or a definite leak makes it exit 99, which fails
# the test that ran it. (Slow: only tests that do not race a clock.)
here=$(cd "$(dirname "$0")/.." && pwd)
exec valgrind --quiet --fair-sched=yes --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    "${VALGRIND_LOGPROC:-$here/logproc}" "$@"
