# tui-dashboard.sh: in a real terminal, logproc tui shows what the
# checkpoint holds: once everything is read, every segment row has the
# checkpoint's state, size, offset and lines, every worker is idle and the
# header counts the checkpoint's records. q then quits with status 0,
# gives the terminal back, prints the summary and leaves a checkpoint
# that matches the generator's truth.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tui-lib.sh"

"$LOGPROC" generate --count 20000 --interval 0 --seed 31 --rotate-size 512K \
    --truth truth.json
segments=$(( $(ls logs | wc -l) ))
tui_start --workers 3 --refresh 100ms
tui_wait 20 tui_idle

# checkpoint_shown: the screen's header counts as many records as the
# checkpoint, and its segment rows are exactly the checkpoint's segments
# with their state, size, offset and lines.
checkpoint_shown() {
	tui_capture &&
	    [ "$(header_records)" = "$(ckpt_records)" ] &&
	    screen_segments | sort > shown.txt &&
	    ckpt_segments | sort > saved.txt &&
	    cmp -s shown.txt saved.txt
}
# The checkpoint is written at least once a second, and a segment's last
# records and its completion may reach it in two commits: poll until it
# has caught up with the screen (a hang check, not a timing one).
if ! (wait_until 20 checkpoint_shown) 2>/dev/null; then
	cat screen.txt >&2
	diff shown.txt saved.txt >&2 || true
	fail "the segment rows or the records differ from the checkpoint"
fi
# Nothing was skipped: every file of the log directory has its row, and
# the header counts every record the generator wrote.
[ "$(wc -l < shown.txt)" -eq "$segments" ] ||
    fail "$(wc -l < shown.txt) segment rows shown, $segments files in logs"
[ "$(header_records)" = "$(json_get truth.json records)" ] ||
    fail "the header counts $(header_records) records, the truth $(json_get truth.json records)"

# Workers 1 to 3 have a row each, and all are idle.
screen_workers > workers.txt
printf '1 idle\n2 idle\n3 idle\n' | cmp -s - workers.txt ||
    { cat screen.txt >&2; fail "worker rows: $(tr '\n' ',' < workers.txt)"; }

# q quits: exit status 0, the terminal given back, the summary printed
# on the normal screen instead of the dashboard.
tui_keys q
tui_exited 0
tui_restored
tui_capture
expect_grep "^This run: $(json_get truth.json records) records" screen.txt
expect_grep '^Totals over all runs:' screen.txt
! grep -q -E '^ Segments: |\[idle\]' screen.txt ||
    { cat screen.txt >&2; fail "the dashboard is still on the screen after q"; }

# The checkpoint q left is complete: every rotated segment complete, the
# active file pending, all read to the end, the totals those of the truth.
ckpt_segments | awk '$1 == "app.log" && $2 != "pending" ||
    $1 != "app.log" && $2 != "complete" || $3 != $4' > unfinished.txt
[ ! -s unfinished.txt ] || fail "unfinished in the checkpoint: $(cat unfinished.txt)"
[ "$(ckpt_segments | wc -l)" -eq "$segments" ] || fail "segments missing from the checkpoint"
"$LOGPROC" status --json > status.json || fail "no checkpoint to read"
"$TRUTHCMP" truth.json status.json || fail "the checkpoint's totals differ from the truth"
