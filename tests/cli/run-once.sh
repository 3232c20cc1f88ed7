# run-once.sh: run --once over a rotated, partly malformed set counts
# exactly what the generator wrote, writes each selected record once, and
# a second run finds nothing new.
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 40000 --interval 0 --seed 21 --malformed 0.02 \
    --rotate-size 128K --truth truth.json
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson \
    --rejects rejects.txt
cp out run1.json
"$TRUTHCMP" truth.json run1.json out.ndjson || fail "run --once differs from the truth"

# Jansson alone finds the same: totals, and the same lines in the output
# and rejects (in another order: two workers interleave their batches).
expect_status 0 "$LOGPROC" run --once --quiet --json --parser jansson \
    --offsets-dir offsets-jansson --output out-jansson.ndjson \
    --rejects rejects-jansson.txt
sed '/"seconds"\|_per_second"/d' run1.json > totals-fast.json
sed '/"seconds"\|_per_second"/d' out > totals-jansson.json
cmp totals-fast.json totals-jansson.json || fail "--parser jansson counts otherwise"
sort out.ndjson > sorted-fast && sort out-jansson.ndjson > sorted-jansson
cmp sorted-fast sorted-jansson || fail "--parser jansson selects other records"
sort rejects.txt > sorted-fast && sort rejects-jansson.txt > sorted-jansson
cmp sorted-fast sorted-jansson || fail "--parser jansson rejects other lines"

# --output - and --rejects - write to standard output, a pipe here, which
# cannot be synced before a checkpoint: that is no error, and every line
# goes through it, alone (the summary goes to standard error then, and
# --quiet leaves it out).
for sink in output rejects; do
	rm -rf offsets-pipe
	{ "$LOGPROC" run --once --quiet --offsets-dir offsets-pipe "--$sink" - \
	    2> err && echo 0 > status || echo $? > status; } | cat > piped
	[ "$(cat status)" = 0 ] ||
	    { cat err >&2; fail "run --$sink - into a pipe exited with $(cat status)"; }
	[ $sink = output ] && file=out.ndjson || file=rejects.txt
	LC_ALL=C sort "$file" > sorted-file && LC_ALL=C sort piped > sorted-piped
	cmp -s sorted-file sorted-piped ||
	    fail "run --$sink - did not write the lines of $file alone to the pipe"
done
"$LINECHECK" out.ndjson > out-counts.json
[ "$(json_get out-counts.json malformed)" = "" ] || fail "the output holds a rejected line"
kind() { sed -n "s/^    \"$1\": \([0-9]*\),\{0,1\}\$/\1/p" truth.json; }
# Every rejected line is kept, but those over --max-line (not read whole).
expect_lines $(( $(json_get truth.json malformed) - $(kind empty) - $(kind too_long) )) rejects.txt

# Every segment is complete but the active file, which is pending.
expect_status 0 "$LOGPROC" status
expect_grep "^Segments: [0-9]+ \\([0-9]+ complete, 1 pending, 0 failed\\)$" out
expect_grep "^  pending .* app\\.log$" out
"$LOGPROC" status --json > status.json
"$TRUTHCMP" truth.json status.json || fail "the checkpoint's totals differ from the truth"

# Nothing new: a second run reads nothing and changes nothing.
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson \
    --rejects rejects.txt
expect_grep '"records": 0,' out
"$TRUTHCMP" truth.json out out.ndjson || fail "a second run changed the totals"

# New lines are read from where the first run stopped.
"$LOGPROC" generate --count 5000 --interval 0 --seed 22 --rotate-size 128K \
    --truth truth2.json
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson \
    --rejects rejects.txt
expect_grep '"records": 5000,' out

# Filters select records for the output and the aggregates.
"$LOGPROC" generate --count 20000 --interval 0 --output clean
expect_status 0 "$LOGPROC" run --once --quiet --json --logs-dir clean \
    --offsets-dir off2 --output errors.ndjson --min-level error \
    --service api-gateway
grep -v -E '"level":"(ERROR|FATAL)"' errors.ndjson > other || true
[ ! -s other ] || fail "--min-level error let through: $(head -n 1 other)"
grep -v '"service":"api-gateway"' errors.ndjson > other || true
[ ! -s other ] || fail "--service let through: $(head -n 1 other)"
want=$(cat clean/* | grep -a -c -E '"level":"(ERROR|FATAL)","service":"api-gateway"' || true)
expect_lines "$want" errors.ndjson
expect_grep "\"selected\": $want," out
