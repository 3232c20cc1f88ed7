#!/bin/sh
# base.sh: builds the code of an older commit for make bench's paired
# comparisons, with the compiler, flags and config.h of this build, so
# only the sources differ: its logproc, and this tree's parseloop.c
# compiled against it with -DPARSELOOP_PRE_SCHEMA (the same loop, the
# old ingest_line). The build is kept in DEST and reused while DEST/stamp
# names the same commit and parseloop.c.
#
#   base.sh SRCDIR COMMIT DEST
#   with BENCH_CC, BENCH_CPPFLAGS (config.h's directory included),
#   BENCH_CFLAGS and BENCH_LIBS from make.
# Prints nothing on success; exits non-zero (and says why on stderr)
# when SRCDIR is not a git checkout or the commit does not build.
set -eu
srcdir=$1
commit=$(git -C "$srcdir" rev-parse --verify "$2^{commit}")
dest=$3
stamp="$commit $(cksum < "$srcdir/tests/bench/parseloop.c")"
if [ -x "$dest/logproc" ] && [ -x "$dest/parseloop" ] &&
    [ "$(cat "$dest/stamp" 2> /dev/null)" = "$stamp" ]; then
	exit 0
fi
rm -rf "$dest"
mkdir -p "$dest/tree"
git -C "$srcdir" archive "$commit" src | tar -x -C "$dest/tree"
cp "$srcdir/tests/bench/parseloop.c" "$dest/tree/parseloop.c"
cd "$dest"
# Each FILE.c of the tree into FILE.o beside it, two at a time; the
# flags split on blanks, as make's would (no sh -c: its quotes stay).
# shellcheck disable=SC2086
find tree -name '*.c' | sed 's/\.c$//' | xargs -P 2 -I '{}' \
    $BENCH_CC $BENCH_CPPFLAGS -Itree/src -DPARSELOOP_PRE_SCHEMA \
    $BENCH_CFLAGS -w -c '{}.c' -o '{}.o'
find tree/src -name '*.o' ! -path tree/src/main.o -exec ar cr libbase.a {} +
# shellcheck disable=SC2086
$BENCH_CC $BENCH_CFLAGS -o logproc tree/src/main.o libbase.a $BENCH_LIBS
# shellcheck disable=SC2086
$BENCH_CC $BENCH_CFLAGS -o parseloop tree/parseloop.o libbase.a $BENCH_LIBS
echo "$stamp" > stamp
