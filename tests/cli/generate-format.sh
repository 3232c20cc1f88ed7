# generate-format.sh: every generated line is a valid record in the
# documented format, with keys in the documented order.
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 20000 --interval 0 --truth truth.json
"$LINECHECK" --truth truth.json logs/* > counts.json ||
    fail "the files do not match the truth"
[ "$(json_get counts.json records)" -eq 20000 ] || fail "not 20000 valid records"
[ "$(json_get counts.json malformed)" = "" ] || fail "malformed lines without --malformed"

# Key order as in the log format.
order='^\{"timestamp":"[^"]*","level":"[A-Z]*","service":"[a-z-]*","message":"[^"]*","request_id":"req-[0-9a-f]{8}",("user_id":"user-[0-9]+",)?"duration_ms":[0-9]+\}$'
bad=$(cat logs/* | grep -E -v -c "$order" || true)
[ "$bad" -eq 0 ] || fail "$bad lines have another shape"

# user_id is absent in about 30% of records (binomial: 30% +- 2% is > 10 sd).
absent=$(cat logs/* | grep -c -v '"user_id"' || true)
[ "$absent" -gt 5600 ] && [ "$absent" -lt 6400 ] ||
    fail "user_id absent in $absent of 20000 records"

# Without a seed, timestamps are the current time and never go backwards.
year=$(date -u +%Y)
head -n 1 logs/app.log* | grep -q "\"timestamp\":\"$year-" ||
    fail "timestamps are not from this year"
for f in logs/*; do
	sed 's/^{"timestamp":"\([^"]*\)".*/\1/' "$f" | LC_ALL=C sort -c ||
	    fail "timestamps go backwards in $f"
done
