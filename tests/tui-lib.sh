# tui-lib.sh: sourced by the tui tests after lib.sh. Runs logproc tui in a
# real terminal: a pane of a tmux server of the test's own (its own socket,
# so tests in parallel and the user's tmux never meet), sends it keys and
# reads its screen. Each run of logproc tui happens in the current
# directory, where it leaves tui.pid (its process) and, once it has
# exited, tui.status (its exit status); screen.txt holds the last capture.

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed; the tui tests need a terminal"
	exit 77
fi
unset TMUX TMUX_PANE

# The server's socket: in the scratch dir, so that it goes with it,
# unless that path is too long for a socket.
tui_socket_option=-S
tui_socket=$work/tmux.sock
if [ ${#tui_socket} -ge 100 ]; then
	tui_socket_option=-L
	tui_socket=logproc-test-${work##*.}
fi
tui_runs=0
tui_session=
tui_background=

# tui_cleanup: ends what the test started (background writers, the tmux
# server and the processes in its panes), then removes the scratch dir.
tui_cleanup() {
	if [ -n "$tui_background" ]; then
		kill "$tui_background" 2>/dev/null || true
		wait "$tui_background" 2>/dev/null || true
	fi
	tmux "$tui_socket_option" "$tui_socket" kill-server >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap tui_cleanup EXIT
trap 'exit 1' HUP INT TERM

# The terminal inside the panes: one that tmux emulates, which this
# system's terminfo knows.
tui_term=tmux-256color
infocmp "$tui_term" >/dev/null 2>&1 || tui_term=screen
cat > "$work/tmux.conf" <<EOF
set -g default-terminal $tui_term
set -g status off
EOF

# tui-run ENV... -- ARGS...: the command in the pane. Runs $LOGPROC tui
# ARGS in English and UTF-8, NO_COLOR unset unless ENV (LOGPROC=...
# NAME=VALUE...) sets it; writes its pid to tui.pid before, and its exit
# status to tui.status after. The pane then stays as logproc tui left it
# (tmux changes the modes of a pane whose process has exited) until the
# test's tmux server ends.
cat > "$work/tui-run" <<'EOF'
unset NO_COLOR LANGUAGE LC_MESSAGES LANG
LC_ALL=C.UTF-8
export LC_ALL
while [ "$1" != -- ]; do
	export "$1"
	shift
done
shift
sh -c 'echo $$ > tui.pid.new && mv tui.pid.new tui.pid && exec "$@"' \
    sh "$LOGPROC" tui "$@"
echo $? > tui.status.new
mv tui.status.new tui.status
exec cat > /dev/null
EOF

# tmx ARGS...: runs a tmux command on the test's own server.
tmx() {
	tmux "$tui_socket_option" "$tui_socket" -f "$work/tmux.conf" "$@"
}

# tui_start [NAME=VALUE...] ARGS...: starts logproc tui ARGS, with NAME
# set in its environment, in a terminal of 120x40 in the current
# directory, in a session of its own (the earlier ones stay as they
# were), and waits for its first frame.
tui_start() {
	env_list=
	while [ $# -gt 0 ] && case $1 in *=*) true ;; *) false ;; esac; do
		env_list="$env_list $1"
		shift
	done
	rm -f tui.pid tui.status
	tui_runs=$((tui_runs + 1))
	tui_session=tui$tui_runs
	# shellcheck disable=SC2086
	tmx new-session -d -s "$tui_session" -x 120 -y 40 \
	    -c "$PWD" sh "$work/tui-run" "LOGPROC=$LOGPROC" $env_list -- "$@"
	tui_wait 20 tui_started
}

# tui_started: logproc tui has drawn its first frame (or exited already).
tui_started() {
	test -s tui.status || tui_shows '^ records [0-9]+ |^Terminal too small'
}

# tui_capture [OPTIONS]: copies the screen to screen.txt (-e: with its
# attributes as escape sequences).
tui_capture() {
	tmx capture-pane -p "$@" -t "$tui_session" > screen.txt
}

# tui_shows PATTERN...: captures the screen; true if each extended regular
# expression matches a line of it.
tui_shows() {
	tui_capture || return 1
	for pattern in "$@"; do
		grep -E -q -- "$pattern" screen.txt || return 1
	done
}

# tui_wait SECONDS COMMAND...: wait_until, that shows the last screen
# when it fails.
tui_wait() {
	if ! (wait_until "$@") 2>/dev/null; then
		cat screen.txt >&2
		fail "after $1 s, still not true: $*"
	fi
}

# tui_keys KEY...: types KEYs in the dashboard (tmux key names: Tab, End).
tui_keys() {
	tmx send-keys -t "$tui_session" "$@"
}

# tui_format FORMAT: prints a tmux format of the pane (#{alternate_on}).
tui_format() {
	tmx display-message -p -t "$tui_session" "$1"
}

# tui_exited STATUS: waits for logproc tui to exit, and fails unless it
# exited with STATUS.
tui_exited() {
	tui_wait 20 test -s tui.status
	[ "$(cat tui.status)" -eq "$1" ] || fail "logproc tui exited with $(cat tui.status), expected $1"
}

# tui_restored: fails unless the terminal is as logproc tui found it: the
# normal screen (not the alternate one), the cursor shown, the keypad in
# its normal mode and no mouse reporting.
tui_restored() {
	[ "$(tui_format '#{alternate_on}')" = 0 ] || fail "the terminal is left on the alternate screen"
	[ "$(tui_format '#{cursor_flag}')" = 1 ] || fail "the cursor is left hidden"
	[ "$(tui_format '#{keypad_cursor_flag}')" = 0 ] || fail "the keypad is left in application mode"
	[ "$(tui_format '#{mouse_any_flag}')" = 0 ] || fail "mouse reporting is left on"
}

# tui_idle: the dashboard shows everything read: the header says [idle]
# and nothing is left behind (lag 0 B).
tui_idle() {
	tui_shows '\[idle\]' ' lag 0 B '
}

# header_records: prints the records of the header in screen.txt.
header_records() {
	sed -n 's/^ records \([0-9][0-9]*\) .*/\1/p' screen.txt
}

# screen_segments: prints the segment rows of screen.txt as NAME STATE
# SIZE OFFSET, and LINES when it shows (110 columns or more).
screen_segments() {
	awk '/^NAME +STATE +SIZE +OFFSET/ { rows = 1; lines = / LINES / }
	    /^ Workers:/ { rows = 0 }
	    rows && $2 ~ /^[a-z]+$/ && $3 ~ /^[0-9]+$/ {
		if (lines) print $1, $2, $3, $4, $7; else print $1, $2, $3, $4 }' screen.txt
}

# screen_workers: prints the worker rows of screen.txt as # STATE.
screen_workers() {
	awk '/^# +STATE +SEGMENT/ { rows = 1; next }
	    /^ Recent events/ { rows = 0 }
	    rows && /^[0-9]+ / { print $1, $2 }' screen.txt
}

# ckpt_segments: prints the segments of offsets/checkpoint.json (see
# CHECKPOINT in logproc(1): one member a line) as NAME STATE SIZE OFFSET
# LINES.
ckpt_segments() {
	awk '/^ *"segments": \[/ { segments = 1 }
	    segments && /^ *\]/ { segments = 0 }
	    segments && /^ *"[a-z_]+": / {
		key = $1; gsub(/[":]/, "", key)
		value = $2; gsub(/[",]/, "", value)
		field[key] = value }
	    segments && /^ *},?$/ {
		print field["segment"], field["state"], field["size"],
		    field["offset"], field["lines_processed"]
		split("", field) }' offsets/checkpoint.json
}

# ckpt_records: prints the records of the checkpoint's totals.
ckpt_records() {
	sed -n 's/^ *"records": \([0-9][0-9]*\),$/\1/p' offsets/checkpoint.json |
	    head -n 1
}
