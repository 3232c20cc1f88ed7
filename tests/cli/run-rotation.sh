# run-rotation.sh: files are known by what they are. A rename carries the
# offset along; copytruncate (while running and while stopped) neither
# loses nor doubles what still exists, with a warning; a segment deleted
# before it was read is reported with the bytes lost.
. "$TESTS_SRCDIR/lib.sh"

mkdir logs
"$LOGPROC" generate --count 3000 --interval 0 --rotate-size 0 --seed 1 --truth t1.json
expect_status 0 "$LOGPROC" run --once --quiet --output out.ndjson

# Renamed while stopped, then more lines: nothing is read twice.
mv logs/app.log logs/app.log.1
"$LOGPROC" generate --count 1000 --interval 0 --rotate-size 0 --seed 2 --truth t2.json
expect_status 0 "$LOGPROC" run --once --json --output out.ndjson
expect_grep '"records": 1000,' out
expect_grep "app.log renamed to app.log.1" err

# copytruncate while stopped: the copy continues the original's offset,
# the truncated file is read from its start.
"$LOGPROC" generate --count 500 --interval 0 --rotate-size 0 --seed 3
cp logs/app.log logs/app.log.2
: > logs/app.log
"$LOGPROC" generate --count 200 --interval 0 --rotate-size 0 --seed 4
expect_status 0 "$LOGPROC" run --once --json --output out.ndjson
expect_grep '"records": 700,' out
expect_grep "app.log.2 continues app.log from offset" err
! grep -q 'renamed' err || fail "a copy was reported as a rename: $(cat err)"
expect_lines 4700 out.ndjson

# copytruncate while running.
"$LOGPROC" run --quiet --scan-interval 50ms --output out.ndjson > run.json 2> run.err &
run=$!
"$LOGPROC" generate --count 300 --interval 0 --rotate-size 0 --seed 5
sleep 0.5
cp logs/app.log logs/app.log.3
: > logs/app.log
"$LOGPROC" generate --count 100 --interval 0 --rotate-size 0 --seed 6
if ! (wait_until 20 sh -c "[ \$(wc -l < out.ndjson) -eq 5100 ]") 2> /dev/null; then
	cat run.err >&2
	fail "copytruncate while running: $(wc -l < out.ndjson) lines in the output, not 5100"
fi
sleep 0.3
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
expect_lines 5100 out.ndjson
expect_grep "app.log.3 continues app.log from offset" run.err
! grep -q 'renamed' run.err || fail "a copy was reported as a rename: $(cat run.err)"
truthcmp_lines=$(sort out.ndjson | uniq -d | wc -l)
[ "$truthcmp_lines" -eq 0 ] || fail "$truthcmp_lines lines twice in the output"

# Rewritten in place while followed, same inode and same size (one byte
# changed in its first line): another content, read again from its
# start. The write is seen first as a write (a size refresh); the scan a
# second later must still look at what the file starts with.
mkdir same same/logs
printf '{"level":"INFO","n":1}\n{"level":"INFO","n":2}\n' > same/logs/app.log.1
printf '{"level":"INFO","n":0}\n' > same/logs/app.log
(cd same && exec "$LOGPROC" run --quiet --scan-interval 1s) > same.out 2> same.err &
run=$!
same_lines() {
	[ "$(cd same && checkpoint_lines)" = "$1" ]
}
wait_until 20 same_lines 3
printf '7' | dd of=same/logs/app.log.1 bs=1 seek=20 conv=notrunc 2> /dev/null
wait_until 20 same_lines 5
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
expect_grep 'app\.log\.1 was truncated or rewritten; reading its new content from the start' same.err

# A segment deleted before it was read to the end: failed, with the
# bytes lost, and the rest carries on.
mkdir del
# (Stopped early: Jansson alone takes over a second for this file, far
# more than the SIGTERM after the first batch needs.)
"$LOGPROC" generate --count 500000 --interval 0 --rotate-size 0 --output del
"$LOGPROC" run --quiet --workers 1 --parser jansson --logs-dir del \
    --offsets-dir del-offsets --output del.ndjson > /dev/null 2>&1 &
run=$!
wait_until 20 test -s del.ndjson
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
"$LOGPROC" status --logs-dir del --offsets-dir del-offsets --json > del.json
size=$(sed -n 's/^      "size": \([0-9]*\),$/\1/p' del.json)
offset=$(sed -n 's/^      "offset": \([0-9]*\),$/\1/p' del.json)
[ "$offset" -lt "$size" ] || fail "the run read the whole file before SIGTERM"
rm del/app.log
expect_status 0 "$LOGPROC" run --once --parser jansson --logs-dir del \
    --offsets-dir del-offsets --output del.ndjson
expect_grep "app.log: deleted before it was read to the end; $((size - offset)) bytes lost" err
expect_status 0 "$LOGPROC" status --logs-dir del --offsets-dir del-offsets
expect_grep "^  failed .* app\\.log \\(deleted before it was read to the end\\)$" out

# Files of the pattern that are not regular files are skipped with one
# warning each, and a FIFO never blocks the scan.
mkdir odd odd/app.log.dir
"$LOGPROC" generate --count 10 --interval 0 --output odd
ln -s app.log odd/app.log.link
mkfifo odd/app.log.fifo
expect_status 0 "$LOGPROC" run --once --logs-dir odd --offsets-dir odd-offsets --json
expect_grep '"records": 10,' out
expect_grep "app.log.dir: skipped: it is not a regular file" err
expect_grep "app.log.link: skipped: it is a symbolic link" err
expect_grep "app.log.fifo: skipped: it is not a regular file" err
[ "$(grep -c 'skipped' err)" -eq 3 ] || fail "skipped files were reported more than once"
