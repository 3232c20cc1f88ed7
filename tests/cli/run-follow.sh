# run-follow.sh: run follows a directory while the generator writes and
# rotates at a small size; SIGTERM then stops it with exit 0, and the
# totals and output match the truth exactly.
. "$TESTS_SRCDIR/lib.sh"

mkdir logs
"$LOGPROC" run --quiet --json --output out.ndjson --scan-interval 100ms \
    > summary.json 2> err &
run=$!
"$LOGPROC" generate --count 60000 --interval 0 --rotate-size 32K \
    --malformed 0.01 --truth truth.json
wait_until 60 caught_up truth.json
kill -s TERM "$run"
wait "$run" || fail "run exited with $? after SIGTERM"
"$TRUTHCMP" truth.json summary.json out.ndjson || fail "following differs from the truth"

# A partial last line waits for its newline.
printf '{"timestamp":"2026-01-01T00:00:00Z","level":"INFO","service":"x"' >> logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson
expect_grep '"records": 0,' out
printf ',"duration_ms":7}\n' >> logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson
expect_grep '"records": 1,' out
tail -n 1 out.ndjson | grep -q '"service":"x","duration_ms":7}$' ||
    fail "the completed line is not in the output whole"

# inotify wakes the scanner: with a scan interval of an hour, new lines
# and rotations are still seen (a hang check with a generous bound).
if [ "$(uname -s)" = Linux ]; then
	before=$(wc -l < out.ndjson)
	"$LOGPROC" run --quiet --json --scan-interval 60m --output out.ndjson \
	    > summary2.json 2> err &
	run=$!
	sleep 0.5
	"$LOGPROC" generate --count 3000 --interval 0 --rotate-size 64K
	wait_until 20 sh -c "[ \$(wc -l < out.ndjson) -eq $((before + 3000)) ]"
	kill -s TERM "$run"
	wait "$run" || fail "run exited with $? after SIGTERM"
	expect_grep '"records": 3000,' summary2.json
fi
