# generate-rotation.sh: rotation sizes and names. Segments never pass the
# rotate size, end with a whole line, are named after the UTC second of
# their last record, never overwrite one another, and sort by time.
. "$TESTS_SRCDIR/lib.sh"

# Seeded time advances about 1 s per 1000 records and 16K holds about 100,
# so several rotations share a second and need the -NNNNNN suffix.
"$LOGPROC" generate --count 20000 --interval 0 --seed 7 --rotate-size 16K \
    --truth truth.json
segments=$(ls logs | grep -c -v '^app\.log$')
[ "$segments" -eq "$(json_get truth.json segments)" ] ||
    fail "$segments segments, the truth says $(json_get truth.json segments)"
[ "$segments" -gt 100 ] || fail "only $segments segments"

first_ts() { head -n 1 "$1" | sed 's/^{"timestamp":"\([^"]*\)".*/\1/'; }
last_ts() { tail -n 1 "$1" | sed 's/^{"timestamp":"\([^"]*\)".*/\1/'; }

# check_segments DIR LIMIT: every file of DIR is at most LIMIT bytes and
# ends with a newline; each segment is named after the second of its last
# record; names sort in time order, the active file last.
check_segments() {
	previous=
	for name in $(cd "$1" && ls | LC_ALL=C sort | grep -v '^app\.log$') app.log; do
		file=$1/$name
		size=$(wc -c < "$file")
		[ "$size" -le "$2" ] || fail "$name has $size bytes, more than $2"
		[ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] ||
		    fail "$name does not end with a newline"
		if [ "$name" != app.log ]; then
			echo "$name" | grep -E -q '^app\.log\.[0-9]{8}-[0-9]{6}(-[0-9]{6})?$' ||
			    fail "bad segment name $name"
			stamp=$(last_ts "$file" | sed 's/^\(....\)-\(..\)-\(..\)T\(..\):\(..\):\(..\).*/\1\2\3-\4\5\6/')
			case $name in
			app.log.$stamp|app.log.$stamp-*) ;;
			*) fail "$name ends with a record of $(last_ts "$file")" ;;
			esac
		fi
		if [ -n "$previous" ]; then
			[ "$(printf '%s\n%s\n' "$(last_ts "$previous")" "$(first_ts "$file")" |
			    LC_ALL=C sort | head -n 1)" = "$(last_ts "$previous")" ] ||
			    fail "$name starts before $previous ends: name order is not time order"
		fi
		previous=$file
	done
}

check_segments logs 16384
ls logs | grep -E -q -- '-[0-9]{6}$' || fail "no rotation needed a suffix"
"$LINECHECK" --truth truth.json logs/* > /dev/null || fail "the files do not match the truth"

# The same run again in the same directory meets names that exist, and its
# simulated clock starts over: nothing is overwritten, and every name it
# takes sorts after every name of the first run.
ls logs | grep -v '^app\.log$' | LC_ALL=C sort > first-names
"$LOGPROC" generate --count 20000 --interval 0 --seed 7 --rotate-size 16K
lines=$(cat logs/* | wc -l)
[ "$lines" -eq 40000 ] || fail "$lines lines after two runs of 20000: a segment was overwritten"
ls logs | grep -v '^app\.log$' | LC_ALL=C sort | comm -13 first-names - > second-names
[ -s second-names ] || fail "the second run made no segment"
[ "$(cat first-names second-names | LC_ALL=C sort -c 2>&1)" = "" ] ||
    fail "a segment of the second run sorts before one of the first"

# Paced at 350 ms, a segment's last record and the next one often fall in
# different seconds: the name takes the second of the last one.
"$LOGPROC" generate --count 11 --interval 350ms --seed 1 --rotate-size 1K --output paced
[ "$(ls paced | wc -l)" -ge 3 ] || fail "the paced run did not rotate twice"
check_segments paced 1024

# --rotate-size 0 never rotates.
"$LOGPROC" generate --count 5000 --interval 0 --rotate-size 0 --output one
[ "$(ls one)" = app.log ] || fail "rotated with --rotate-size 0: $(ls one)"
expect_lines 5000 one/app.log

# A partial last line, left by a writer that died mid-line, is cut off
# with a warning; new records are not glued to it.
mkdir three
printf '{"timestamp":"2026-01-01T00:00:00.000000000Z","level":"INFO"}\n{"timest' > three/app.log
"$LOGPROC" generate --count 5 --interval 0 --output three 2> err
expect_grep "three/app.log: removing a partial last line of 8 bytes" err
expect_lines 6 three/app.log
if grep -q '{"timest{' three/app.log; then fail "a record was glued to a partial line"; fi

# An existing active file is appended to, and its size counts.
"$LOGPROC" generate --count 10 --interval 0 --rotate-size 4K --output two
"$LOGPROC" generate --count 10 --interval 0 --rotate-size 4K --output two
[ "$(cat two/* | wc -l)" -eq 20 ] || fail "appending lost lines"
for f in two/*; do
	[ "$(wc -c < "$f")" -le 4096 ] || fail "$f passed the rotate size after appending"
done
