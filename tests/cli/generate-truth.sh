# generate-truth.sh: --malformed breaks lines in every documented way, and
# --truth counts exactly what the files hold (checked line by line with
# Jansson by linecheck).
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 30000 --interval 0 --seed 11 --malformed 0.05 \
    --rotate-size 256K --truth truth.json
"$LINECHECK" --truth truth.json logs/* > counts.json ||
    fail "the files do not match the truth"
[ "$(json_get truth.json lines)" -eq 30000 ] || fail "truth does not count 30000 lines"
[ "$(json_get truth.json interrupted)" = false ] || fail "truth says interrupted"
for kind in invalid_json invalid_utf8 not_object wrong_type empty too_long; do
	n=$(sed -n "s/^    \"$kind\": \([0-9]*\),\{0,1\}\$/\1/p" counts.json)
	[ "${n:-0}" -gt 0 ] || fail "no $kind line among 1500 malformed lines"
done
malformed=$(json_get truth.json malformed)
[ "$malformed" -gt 1300 ] && [ "$malformed" -lt 1700 ] ||
    fail "$malformed malformed lines for a rate of 0.05 of 30000"

# Unseeded too, and a truth file that does not match is caught.
"$LOGPROC" generate --count 3000 --interval 0 --malformed 0.1 --output u \
    --truth u.json
"$LINECHECK" --truth u.json u/* > /dev/null || fail "unseeded files do not match the truth"
echo '{"timestamp":"2026-01-01T00:00:00.000000000Z","level":"INFO","service":"x","message":"m","request_id":"req-00000000","duration_ms":1}' >> u/app.log
if "$LINECHECK" --truth u.json u/* > /dev/null 2>&1; then
	fail "linecheck accepted a file with an extra record"
fi
