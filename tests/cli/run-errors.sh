# run-errors.sh: clear errors before any work: a missing log directory,
# an offsets directory in use (the lock names the holder's pid), a corrupt
# or hand-edited checkpoint (named, never silently reset), a checkpoint of
# another run; and usage errors for run's options.
. "$TESTS_SRCDIR/lib.sh"

expect_status 1 "$LOGPROC" run --once --logs-dir nowhere
expect_lines 1 err
expect_grep "^logproc run: log directory nowhere: No such file or directory$" err
[ ! -e offsets ] || fail "a missing log directory still created offsets/"

: > notadir
expect_status 1 "$LOGPROC" run --once --logs-dir notadir
expect_grep "^logproc run: log directory notadir: Not a directory$" err
mkdir logs
expect_status 1 "$LOGPROC" run --once --offsets-dir notadir/sub
expect_grep "^logproc run: notadir/sub: Not a directory$" err

# Usage errors exit 2.
expect_status 2 "$LOGPROC" run --workers 0
expect_grep "invalid value '0' for --workers: out of range \\(accepted: 1 to 64\\)" err
expect_status 2 "$LOGPROC" run --min-level loud
expect_grep "'loud' for --min-level: not a level" err
expect_status 2 "$LOGPROC" run --max-line 10
expect_status 2 "$LOGPROC" run --scan-interval 1ms
expect_status 2 "$LOGPROC" status --workers 2
expect_grep "^logproc status: unknown option '--workers'$" err

# The lock: a second logproc on the same offsets directory exits 1.
"$LOGPROC" generate --count 2000 --interval 0 --rotate-size 16K
"$LOGPROC" run --quiet > /dev/null 2>&1 &
first=$!
wait_until 20 test -s offsets/lock
sleep 0.2
expect_status 1 "$LOGPROC" run --once
expect_lines 1 err
expect_grep "^logproc run: offsets: in use by another logproc \\(pid $first\\)$" err
kill -s TERM "$first"
wait "$first" || fail "the first run exited with $?"
expect_status 0 "$LOGPROC" run --once --quiet

# status works without the lock, on what the checkpoint says.
expect_status 0 "$LOGPROC" status
expect_grep "^Lines: 2000 " out

# A corrupt checkpoint is an error naming the file; nothing is reset.
cp offsets/checkpoint.json good.json
head -c 100 good.json > offsets/checkpoint.json
expect_status 1 "$LOGPROC" run --once
expect_lines 1 err
expect_grep "^logproc run: offsets/checkpoint.json: line [0-9]+: " err
expect_status 1 "$LOGPROC" status
expect_grep "^logproc status: offsets/checkpoint.json: " err
cmp -s offsets/checkpoint.json good.json && fail "the checkpoint was rewritten"

# Hand edits: a file outside the log directory, an absurd offset, a
# negative count, a duplicate entry: each named.
edit() {
	sed "$1" good.json > offsets/checkpoint.json
	expect_status 1 "$LOGPROC" run --once
	expect_grep "^logproc run: offsets/checkpoint.json: $2" err
}
edit '0,/"segment": "app.log[^"]*"/s//"segment": "..\/..\/etc\/passwd"/' \
    "segments\\[0\\]\\.segment: '\\.\\./\\.\\./etc/passwd' is not a file of pattern"
edit '0,/"offset": [0-9]*/s//"offset": 99999999999/' \
    "segments\\[0\\]\\.offset: missing, or not a count up to"
edit '0,/"lines": [0-9]*/s//"lines": -5/' "totals\\.lines"
first_inode=$(sed -n 's/^   "inode": \([0-9]*\),$/\1/p' good.json | head -n 1)
second_inode=$(sed -n 's/^   "inode": \([0-9]*\),$/\1/p' good.json | sed -n 2p)
edit "s/\"inode\": $second_inode,/\"inode\": $first_inode,/" \
    "segments\\[1\\]: the same file as segments\\[0\\]"

# --reset starts over on purpose.
expect_status 0 "$LOGPROC" run --once --quiet --reset --json
expect_grep '"records": 2000,' out

# A checkpoint made with other filters is refused, not mixed.
expect_status 1 "$LOGPROC" run --once --min-level ERROR
expect_grep "made by a run with other filters; use --reset to start over$" err
