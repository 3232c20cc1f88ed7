#!/bin/sh
# screenshot.sh: makes doc/dashboard.txt and doc/dashboard.ansi, the
# README's picture of logproc tui at 120x40: a backlog of generated logs
# and a generator still writing, captured with tmux after a few seconds.
#
#   doc/screenshot.sh LOGPROC DOCDIR        (make screenshot)
set -eu
logproc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
docdir=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/logproc-shot.XXXXXX")
socket="logproc-shot-$$"
cleanup() {
	tmux -L "$socket" kill-server 2> /dev/null || true
	[ -z "${writer:-}" ] || kill "$writer" 2> /dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$logproc" generate --count 400000 --interval 0 --malformed 0.002 --seed 7 \
    > /dev/null
"$logproc" generate --count 0 --interval 100us --malformed 0.002 \
    > /dev/null 2>&1 &
writer=$!
tmux -L "$socket" -f /dev/null new-session -d -x 120 -y 40 \
    "LC_ALL=C.UTF-8 $logproc tui --workers 2; sleep 60"
sleep "${SHOT_DELAY:-20}"
tmux -L "$socket" capture-pane -p -e > "$docdir/dashboard.ansi"
tmux -L "$socket" capture-pane -p > "$docdir/dashboard.txt"
tmux -L "$socket" send-keys q
echo "wrote $docdir/dashboard.txt and $docdir/dashboard.ansi"
