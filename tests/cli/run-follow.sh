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
