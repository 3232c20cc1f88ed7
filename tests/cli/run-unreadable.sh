# run-unreadable.sh: a file the user may not open is a failed segment, in
# the table and in status with its reason, warned of once, tried again at
# every scan and read once it can be; --once then exits 1. As root,
# permissions do not hold: logproc runs as nobody through setpriv.
. "$TESTS_SRCDIR/lib.sh"

as_user=
if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv > /dev/null ||
	    { echo "SKIP: root, and no setpriv to run as nobody"; exit 77; }
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
# logproc as the user, in the scratch directory that user owns. As
# nobody, a copy of the binary in that directory: the build tree may be
# under a directory nobody may not enter.
user_logproc=$LOGPROC
if [ -n "$as_user" ]; then
	cp "$LOGPROC" "$work/logproc-as-user"
	user_logproc=$work/logproc-as-user
fi
lp() {
	$as_user "$user_logproc" "$@"
}

"$LOGPROC" generate --count 3000 --interval 0 --rotate-size 64K --seed 3 \
    --truth truth.json
total=$(json_get truth.json lines)
segment=$(ls logs | grep -v '^app\.log$' | head -n 1)
[ -n "$segment" ] || fail "generate made no segment"
hidden=$(wc -l < "logs/$segment")
chmod 000 "logs/$segment"
if [ -n "$as_user" ]; then
	chmod 755 "$work"
	chown -R nobody "$work"
fi

# --once: every other file read, the unreadable one named, exit 1.
expect_status 1 lp run --once --quiet
expect_grep "^logproc run: $segment: Permission denied: not read" err
[ "$(grep -c "$segment" err)" -eq 2 ] ||
    fail "not one warning and one error for $segment: $(cat err)"
lines=$(lp status --json | sed -n 's/^    "lines": \([0-9]*\),$/\1/p' | head -n 1)
[ "$lines" -eq $((total - hidden)) ] ||
    fail "$lines lines counted, not the $((total - hidden)) readable"
lp status > status.out
expect_grep "failed .* $segment \\(Permission denied\\)" status.out

# A later run reads it once it may.
chmod 644 "logs/$segment"
expect_status 0 lp run --once --quiet
lines=$(lp status --json | sed -n 's/^    "lines": \([0-9]*\),$/\1/p' | head -n 1)
[ "$lines" -eq "$total" ] || fail "$lines lines after chmod, not $total"

# Following: an unreadable new segment is warned of once, over many
# scans, and read as soon as its mode allows.
cp "logs/$segment" logs/app.log.late
chmod 000 logs/app.log.late
[ -z "$as_user" ] || chown nobody logs/app.log.late
$as_user "$user_logproc" run --scan-interval 50ms > follow.out 2> follow.err &
follower=$!
wait_until 20 grep -q 'app.log.late: Permission denied' follow.err ||
    fail "no warning for app.log.late: $(cat follow.err)"
sleep 0.5			# ten scans, for a second warning to show
chmod 644 logs/app.log.late
following_lines() {
	[ "$(lp status --json 2> /dev/null |
	    sed -n 's/^    "lines": \([0-9]*\),$/\1/p' | head -n 1)" = "$1" ]
}
wait_until 20 following_lines $((total + hidden)) ||
    fail "app.log.late not read after chmod: $(cat follow.err)"
kill -s TERM "$follower"
wait "$follower" || fail "run exited with $?"
[ "$(grep -c 'app.log.late: Permission denied' follow.err)" -eq 1 ] ||
    fail "not warned exactly once: $(cat follow.err)"
expect_grep 'app.log.late can be opened now' follow.err

# A segment read in part, then made unreadable with lines to read: it
# fails, and a later run, once it may, reads on from its offset (the
# checkpoint keeps that it could not be opened).
"$LOGPROC" generate --count 100 --interval 0 --rotate-size 0 --seed 9 \
    --output part > /dev/null
[ -z "$as_user" ] || chown -R nobody part
lp run --once --quiet --logs-dir part --offsets-dir part-offsets
"$LOGPROC" generate --count 100 --interval 0 --rotate-size 0 --seed 10 \
    --output part > /dev/null
chmod 000 part/app.log
expect_status 1 lp run --once --quiet --logs-dir part --offsets-dir part-offsets
expect_grep "app.log: Permission denied: not read" err
chmod 644 part/app.log
expect_status 0 lp run --once --quiet --logs-dir part --offsets-dir part-offsets
lines=$(lp status --json --logs-dir part --offsets-dir part-offsets |
    sed -n 's/^    "lines": \([0-9]*\),$/\1/p' | head -n 1)
[ "$lines" -eq 200 ] || fail "$lines lines of the part-read file, not 200"
