# run-crash.sh: kill -9 at random moments, many times, while the
# generator writes and rotates: after a last run, every line is counted
# exactly once and every selected record is in the output exactly once.
. "$TESTS_SRCDIR/lib.sh"

mkdir logs
"$LOGPROC" generate --count 150000 --interval 20us --rotate-size 64K \
    --malformed 0.01 --truth truth.json &
gen=$!
kill_loop 25
wait "$gen"
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson \
    --rejects rejects.txt
cp out final.json
"$TRUTHCMP" truth.json final.json out.ndjson ||
    fail "after $kills kill -9s the totals or the output differ from the truth"
echo "ok: $kills kill -9s, $(wc -l < out.ndjson) records in the output once each"
