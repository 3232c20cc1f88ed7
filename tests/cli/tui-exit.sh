# tui-exit.sh: the ways logproc tui ends and what it leaves: without a
# terminal it refuses (status 2) and points to logproc run; SIGTERM,
# --frames and --once end it with status 0, the terminal given back and
# the checkpoint complete. On the screen, file names are escaped (no
# sequence reaches the terminal), and NO_COLOR takes the colors away.
. "$TESTS_SRCDIR/lib.sh"

# Without a terminal, a usage error that says what to use instead.
expect_status 2 "$LOGPROC" tui < /dev/null
expect_grep 'logproc run' err
[ ! -s out ] || fail "logproc tui without a terminal wrote to standard output"
[ ! -d offsets ] || fail "logproc tui without a terminal touched the checkpoint"

# Standard output is the dashboard: --output - and --rejects - are refused.
expect_status 2 "$LOGPROC" tui --output - < /dev/null
expect_grep 'would write over the dashboard' err
expect_status 2 "$LOGPROC" tui --rejects - < /dev/null
expect_grep 'would write over the dashboard' err

. "$TESTS_SRCDIR/tui-lib.sh"

"$LOGPROC" generate --count 15000 --interval 0 --seed 51 --rotate-size 512K \
    --truth truth.json

# tui_done_with_truth: logproc tui exited with status 0, gave the terminal
# back, printed the summary, and its checkpoint matches the truth.
tui_done_with_truth() {
	tui_exited 0
	tui_restored
	tui_capture
	expect_grep '^This run: [0-9]+ records' screen.txt
	"$LOGPROC" status --json > status.json || fail "no checkpoint to read"
	"$TRUTHCMP" truth.json status.json || fail "the checkpoint's totals differ from the truth"
}

# SIGTERM stops it as q does. With --commit-every at its maximum,
# commits otherwise come once a second, so the last records reach the
# checkpoint on the way out (unless a second has passed meanwhile).
tui_start --refresh 100ms --commit-every 1000000000
tui_wait 20 tui_idle
kill -s TERM "$(cat tui.pid)"
tui_done_with_truth

# SIGQUIT (Ctrl-\) ends it at once, as a second signal does, with
# status 1; the terminal is still given back, mouse and keypad modes
# too, from what was prepared at the start.
rm -rf offsets
tui_start --refresh 100ms
kill -s QUIT "$(cat tui.pid)"
tui_exited 1
tui_restored

# A terminal that cannot place its cursor is refused, pointing to run.
tui_start TERM=dumb
tui_exited 2
tui_wait 5 tui_shows 'cannot place the cursor; use logproc run'

# --once closes the dashboard by itself once everything present is read
# (well within the second: the checkpoint is the one written on the way
# out); --frames N closes it after N frames, whatever is left.
rm -rf offsets
tui_start --once --refresh 50ms --commit-every 1000000000
tui_done_with_truth
rm -rf offsets
tui_start --frames 5 --refresh 50ms
tui_exited 0
tui_restored

# Untrusted names show with their escapes written out, and the terminal
# takes none of them: the log directory's (in the header), a segment's
# with a C1 control (in its row), and those with C0 controls (which are
# not read, and show in the events).
esc=$(printf '\033')
bel=$(printf '\007')
csi=$(printf '\302\233')
dir="names/d$esc]2;pwned$bel"
"$LOGPROC" generate --count 100 --interval 0 --seed 52 --output "$dir"
"$LOGPROC" generate --count 5 --interval 0 --seed 53 --output names
for name in "c${csi}31mred" "x${esc}[31mred" "t${esc}]0;pwned$bel"; do
	cp names/app.log "$dir/app.log.$name"
done
tui_start --refresh 100ms --logs-dir "$dir" --offsets-dir names/offsets
tui_wait 20 tui_shows 'names/d\\x1b\]2;pwned\\x07/app\.log' \
    '^app\.log\.c\\xc2\\x9b31mred +[a-z]+ +[0-9]+ ' \
    '^[0-9:]{8} app\.log\.x\\x1b\[31mred: ' \
    '^[0-9:]{8} app\.log\.t\\x1b\]0;pwned\\x07: '
[ "$(tui_format '#{pane_title}')" != pwned ] || fail "a file name set the terminal's title"
tui_capture -e
! grep -q -F -e "${csi}31mred" -e "${esc}[31mred" screen.txt ||
    fail "a file name turned the terminal red"
tui_keys q
tui_exited 0

# has_colors: the screen (screen.txt, captured with -e) sets a foreground
# or background color: SGR 30-38, 40-48, 90-97 or 100-107 (39 and 49 only
# reset them).
has_colors() {
	grep -o "$esc\\[[0-9;]*m" screen.txt | tr -d "${esc}[m" | tr ';' '\n' |
	    grep -q -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}

# The dashboard has colors; with NO_COLOR set it has none, but still
# sets the title bars apart (reverse video, SGR 7).
rm -rf offsets
tui_start --refresh 100ms
tui_wait 20 tui_idle
tui_capture -e
has_colors || { cat -v screen.txt >&2; fail "no colors without NO_COLOR"; }
tui_keys q
tui_exited 0
rm -rf offsets
tui_start NO_COLOR=1 --refresh 100ms
tui_wait 20 tui_idle
tui_capture -e
! has_colors || { cat -v screen.txt >&2; fail "colors with NO_COLOR=1"; }
grep -q "$esc\\[\\([0-9;]*;\\)\\{0,1\\}7[;m]" screen.txt ||
    { cat -v screen.txt >&2; fail "with NO_COLOR=1, no reverse video"; }
tui_keys q
tui_exited 0
