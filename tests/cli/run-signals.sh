# run-signals.sh: SIGTERM in the middle of a segment stops run at a line
# boundary with exit 0; a second signal exits at once; either way a
# restart finishes with exact totals and output.
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 200000 --interval 0 --rotate-size 8M \
    --malformed 0.005 --truth truth.json
for signal in TERM INT; do
	rm -rf offsets out.ndjson
	"$LOGPROC" run --quiet --workers 1 --output out.ndjson > /dev/null 2>&1 &
	run=$!
	wait_until 20 test -s out.ndjson
	kill -s "$signal" "$run"
	wait "$run" || fail "SIG$signal: exit status $?"
	"$LOGPROC" status --json > status.json
	committed=$(sed -n 's/^    "path": "out.ndjson",$//p; s/^    "committed_bytes": \([0-9]*\)$/\1/p' status.json | tail -n 1)
	[ "$committed" -eq "$(wc -c < out.ndjson)" ] ||
	    fail "SIG$signal: the output has $(wc -c < out.ndjson) bytes, the checkpoint $committed"
	[ "$(tail -c 1 out.ndjson | od -An -c | tr -d ' ')" = '\n' ] ||
	    fail "SIG$signal: the output ends inside a line"
	expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson
	"$TRUTHCMP" truth.json out out.ndjson || fail "SIG$signal: resumed totals differ"
done

# A second signal ends the process at once, still safely.
rm -rf offsets out.ndjson
"$LOGPROC" run --quiet --workers 1 --output out.ndjson > /dev/null 2>&1 &
run=$!
wait_until 20 test -s out.ndjson
kill -s TERM "$run"
kill -s TERM "$run" 2>/dev/null || true
status=0
wait "$run" || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || fail "exit status $status after two signals"
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson
"$TRUTHCMP" truth.json out out.ndjson || fail "after two signals, resumed totals differ"
