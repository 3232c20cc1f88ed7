# run-odd.sh: odd and hostile input, end to end. NUL bytes, a 10 MB
# line, a file of only newlines, a segment without any newline, binary
# garbage, escape sequences in values and in file names, a sparse file
# past 4 GiB: each counted or rejected as specified, every byte accounted
# for, nothing written raw to the terminal, and created files never
# writable by others.
. "$TESTS_SRCDIR/lib.sh"

record='{"timestamp":"2026-01-01T00:00:00Z","level":"INFO","service":"a","message":"m"}'

# json_total FILE KEY: an integer in the totals of run --json's output.
json_total() {
	jq ".totals.$2" "$1"
}

# NUL bytes, only newlines, no newline, binary garbage, one file each.
umask 000
mkdir logs
printf '%s\n' "$record" > logs/app.log
printf '%s\n{"level":"IN\000FO"}\n\000\n%s\n' "$record" "$record" > logs/app.log.1
awk 'BEGIN { for (i = 0; i < 1000; i++) print "" }' > logs/app.log.2
printf '%s' "$record" > logs/app.log.3
head -c 200000 /dev/urandom > logs/app.log.4
expect_status 0 "$LOGPROC" run --once --json --output out.ndjson --rejects rejects.txt
size=$(cat logs/* | wc -c)
[ "$(json_total out bytes)" = "$size" ] || fail "bytes $(json_total out bytes), files $size"
garbage=$(tr -cd '\n' < logs/app.log.4 | wc -c)
[ "$(tail -c 1 logs/app.log.4 | od -An -c | tr -d ' ')" = '\n' ] ||
    garbage=$((garbage + 1))	# its last piece is a line too
[ "$(json_total out lines)" = $((1 + 4 + 1000 + 1 + garbage)) ] ||
    fail "lines: $(json_total out lines)"
[ "$(json_total out records)" = 4 ] || fail "records: $(json_total out records)"
[ "$(json_total out empty)" -ge 1000 ] || fail "empty: $(json_total out empty)"
expect_lines 4 out.ndjson
echo "ok: NUL bytes, newlines only, no newline, binary garbage: every byte counted"

# Nothing logproc created is writable by others, even with umask 000.
writable=$(find offsets out.ndjson rejects.txt -perm -o+w | head -n 1)
[ -z "$writable" ] || fail "$writable is writable by others"
umask 022
echo "ok: the checkpoint, lock, output and rejects are not world-writable"

# A 10 MB line: too long by default, a record with --max-line 16M.
rm -rf logs offsets out.ndjson rejects.txt
mkdir logs
awk 'BEGIN { printf "{\"level\":\"INFO\",\"message\":\""; for (i = 0; i < 1000000; i++) printf "0123456789"; print "\"}" }' \
    > logs/app.log
expect_status 0 "$LOGPROC" run --once --json
[ "$(jq .totals.rejected.too_long out)" = 1 ] || fail "a 10 MB line was not too long"
rm -rf offsets
expect_status 0 "$LOGPROC" run --once --json --max-line 16M
[ "$(json_total out records)" = 1 ] || fail "a 10 MB record was not read with --max-line 16M"
echo "ok: a 10 MB line is too long by default and a record with --max-line 16M"

# Escape sequences in values and in a file name: the output keeps the
# bytes, the terminal never sees them.
rm -rf logs offsets
mkdir logs
esc=$(printf '\033')
printf '{"level":"INFO","message":"\033]0;pwned\007\033[2J"}\n' > logs/app.log
printf '{"level":"INFO","service":"\\u001b]0;pwned\\u0007"}\n' >> logs/app.log
printf '%s\n' "$record" > "logs/app.log.${esc}]0;pwned"
expect_status 0 "$LOGPROC" run --once --output out.ndjson --rejects rejects.txt
! grep -q "$esc" out err || fail "an escape sequence reached the terminal"
grep -q "$esc" rejects.txt || fail "the rejects file lost the line's bytes"
grep -q 'u001b' out.ndjson || fail "the output lost the record"
expect_grep 'skipped: its name is not printable UTF-8 text' err
echo "ok: escape sequences stay in the output and off the terminal"

# A sparse file past 4 GiB: exact 64-bit offsets and counts.
rm -rf logs offsets
mkdir logs
printf '%s\n%s\n' "$record" "$record" > logs/app.log.1
truncate -s 4600M logs/app.log.1
printf '\n%s\n%s\n' "$record" "$record" >> logs/app.log.1
printf '%s\n' "$record" > logs/app.log
expect_status 0 "$LOGPROC" run --once --json
size=$(( $(stat -c %s logs/app.log.1) + $(stat -c %s logs/app.log) ))
[ "$(json_total out bytes)" = "$size" ] || fail "bytes $(json_total out bytes), files $size"
[ "$(json_total out records)" = 5 ] || fail "records: $(json_total out records)"
offset=$(jq '.segments[] | select(.segment == "app.log.1") | .offset' offsets/checkpoint.json)
[ "$offset" = "$(stat -c %s logs/app.log.1)" ] || fail "offset $offset in a file of $(stat -c %s logs/app.log.1)"
echo "ok: a sparse file of 4.6 GiB is read to its exact end ($offset)"
