# generate-schemes.sh: the rotation schemes (timestamp, numbered, dateext),
# --compress, --delay-compress and --keep. Whatever the scheme, the same
# seed writes the same lines: the segments read in rotation order (gzip
# ones decompressed), then the active file, hold exactly the lines of the
# timestamp scheme, as many as the truth says. Names follow the scheme,
# gzip files are sound and reproducible byte for byte, numbered segments
# shift without losing or repeating a line, and --keep N leaves the N
# newest segments with the truth saying what went.
. "$TESTS_SRCDIR/lib.sh"
LC_ALL=C
export LC_ALL

# gen ARGS...: the run every comparison starts from, about 35 segments
# with several rotations in most seconds (so collision suffixes are used).
gen() {
	"$LOGPROC" generate --count 6000 --interval 0 --seed 7 --rotate-size 16K "$@"
}

# all_lines DIR SCHEME: every line of DIR, segments in rotation order, then
# the active file.
all_lines() {
	for name in $(rotation_order "$1" "$2"); do
		cat_segment "$1/$name"
	done
	cat "$1/app.log"
}

# check_names DIR SCHEME MODE COUNT: DIR holds app.log and COUNT segments
# (nothing else, no hidden temporary file), named as SCHEME names them:
# plain (MODE plain), all compressed (compress), or all compressed but the
# newest (delay). Numbered segments are exactly 1 to COUNT.
check_names() {
	case $2 in
	timestamp) stem='app\.log\.[0-9]{8}-[0-9]{6}(-[0-9]{6})?' ;;
	dateext) stem='app\.log-[0-9]{8}-[0-9]{6}(_[0-9]{6})?' ;;
	numbered) stem='app\.log\.[1-9][0-9]*' ;;
	esac
	newest=$(rotation_order "$1" "$2" | tail -n 1)
	for name in $(ls -A "$1"); do
		[ "$name" != app.log ] || continue
		suffix='\.gz'
		if [ "$3" = plain ] || { [ "$3" = delay ] && [ "$name" = "$newest" ]; }; then
			suffix=
		fi
		echo "$name" | grep -E -q "^$stem$suffix\$" ||
		    fail "$1: '$name' is not a $3 $2 segment name"
	done
	found=$(ls -A "$1" | grep -c -v '^app\.log$' || true)
	[ "$found" -eq "$4" ] || fail "$1: $found segments, expected $4"
	if [ "$2" = numbered ]; then
		[ "$(rotation_order "$1" numbered | sed 's/^app\.log\.\([0-9]*\).*/\1/' |
		    tr '\n' ' ')" = "$(seq "$4" -1 1 | tr '\n' ' ')" ] ||
		    fail "$1: the numbers are not 1 to $4: $(ls "$1" | tr '\n' ' ')"
	fi
}

# check_gzip DIR COUNT: DIR holds COUNT .gz files, all sound.
check_gzip() {
	found=0
	for file in "$1"/*.gz; do
		[ -e "$file" ] || continue
		gzip -t "$file" || fail "$file is not a sound gzip file"
		found=$((found + 1))
	done
	[ "$found" -eq "$2" ] || fail "$1: $found gzip files, expected $2"
}

# The reference: the timestamp scheme, plain.
gen --output reference --truth reference.json
all_lines reference timestamp > reference.lines
expect_lines "$(json_get reference.json lines)" reference.lines
segments=$(json_get reference.json segments)
[ "$segments" -gt 30 ] || fail "only $segments segments"

for scheme in timestamp numbered dateext; do
	for mode in plain compress delay; do
		case $mode in
		plain) set -- ; gzips=0 ;;
		compress) set -- --compress; gzips=$segments ;;
		delay) set -- --compress --delay-compress; gzips=$((segments - 1)) ;;
		esac
		dir=$scheme-$mode
		gen --rotate-scheme "$scheme" "$@" --output "$dir" --truth "$dir.json"
		cmp -s reference.json "$dir.json" ||
		    fail "$dir: the truth differs from the timestamp scheme's"
		check_names "$dir" "$scheme" "$mode" "$segments"
		check_gzip "$dir" "$gzips"
		all_lines "$dir" "$scheme" > "$dir.lines"
		expect_lines "$(json_get "$dir.json" lines)" "$dir.lines"
		cmp -s reference.lines "$dir.lines" ||
		    fail "$dir: its segments in rotation order do not hold the reference's lines"
		# Same seed and options: the same names and bytes, gzip included.
		gen --rotate-scheme "$scheme" "$@" --output "$dir-again"
		[ "$(ls "$dir")" = "$(ls "$dir-again")" ] || fail "$dir: names differ on a second run"
		for name in $(ls "$dir"); do
			cmp -s "$dir/$name" "$dir-again/$name" ||
			    fail "$dir: same seed, different $name"
		done
	done
done
ls timestamp-plain | grep -E -q -- '-[0-9]{6}$' || fail "no timestamp name needed a suffix"
ls dateext-compress | grep -E -q -- '_[0-9]{6}\.gz$' || fail "no dateext name needed a suffix"

# A second run in the same directory goes on after the first: numbered
# shifts the first run's segments (and compresses the one it left plain),
# dateext names sort after the first run's. Every line of both runs is
# there exactly once, in order.
"$LOGPROC" generate --count 3000 --interval 0 --seed 8 --rotate-size 16K --output second
all_lines second timestamp > second.lines
for scheme in numbered dateext; do
	dir=twice-$scheme
	gen --rotate-scheme "$scheme" --compress --delay-compress --output "$dir" --truth first.json
	"$LOGPROC" generate --count 3000 --interval 0 --seed 8 --rotate-size 16K \
	    --rotate-scheme "$scheme" --compress --delay-compress --output "$dir" \
	    --truth second.json
	total=$(( $(json_get first.json segments) + $(json_get second.json segments) ))
	check_names "$dir" "$scheme" delay "$total"
	all_lines "$dir" "$scheme" > "$dir.lines"
	cat reference.lines second.lines | cmp -s - "$dir.lines" ||
	    fail "$dir: two runs' lines are not all there once, in order"
done

# --keep N leaves the N newest segments (the newest plain under
# --delay-compress); the truth still counts every line and says how many
# segments, lines and bytes of them were deleted.
lines=$(json_get reference.json lines)
bytes=$(json_get reference.json bytes)
for scheme in timestamp numbered dateext; do
	for keep in 1 5; do
		dir=keep-$scheme-$keep
		gen --rotate-scheme "$scheme" --compress --delay-compress --keep "$keep" \
		    --output "$dir" --truth "$dir.json"
		check_names "$dir" "$scheme" delay "$keep"
		check_gzip "$dir" $((keep - 1))
		[ "$(json_get "$dir.json" lines)" -eq "$lines" ] || fail "$dir: the truth's lines changed"
		[ "$(json_get "$dir.json" segments)" -eq "$segments" ] || fail "$dir: segments changed"
		[ "$(json_get "$dir.json" deleted_segments)" -eq $((segments - keep)) ] ||
		    fail "$dir: deleted_segments is $(json_get "$dir.json" deleted_segments)"
		kept=$((lines - $(json_get "$dir.json" deleted_lines)))
		all_lines "$dir" "$scheme" > "$dir.lines"
		expect_lines "$kept" "$dir.lines"
		[ "$(wc -c < "$dir.lines")" -eq $((bytes - $(json_get "$dir.json" deleted_bytes))) ] ||
		    fail "$dir: deleted_bytes does not match the bytes left"
		tail -n "$kept" reference.lines | cmp -s - "$dir.lines" ||
		    fail "$dir: what is left is not the newest lines"
	done
done
# Without --keep nothing is deleted.
[ "$(json_get reference.json deleted_segments)" -eq 0 ] || fail "deleted without --keep"
[ "$(json_get reference.json deleted_lines)" -eq 0 ] || fail "deleted lines without --keep"

# --keep counts the segments an earlier run left and deletes them first;
# the truth counts only this run's.
"$LOGPROC" generate --count 1000 --interval 0 --seed 9 --rotate-size 16K --output ref9 \
    --truth ref9.json
all_lines ref9 timestamp > ref9.lines
gen --rotate-scheme numbered --output mixed
"$LOGPROC" generate --count 1000 --interval 0 --seed 9 --rotate-size 16K \
    --rotate-scheme numbered --keep 3 --output mixed --truth mixed.json
check_names mixed numbered plain 3
own=$(json_get mixed.json segments)
[ "$own" -gt 5 ] || fail "the second run made only $own segments"
[ "$(json_get mixed.json deleted_segments)" -eq $((own - 3)) ] ||
    fail "deleted_segments $(json_get mixed.json deleted_segments), expected $((own - 3)): earlier runs' segments were counted"
kept=$(( $(json_get mixed.json lines) - $(json_get mixed.json deleted_lines) ))
all_lines mixed numbered > mixed.lines
expect_lines "$kept" mixed.lines
tail -n "$kept" ref9.lines | cmp -s - mixed.lines || fail "mixed: not the newest lines"

# Bad combinations and values: one line naming the option, a hint, exit 2,
# and nothing generated.
bad_usage() {
	pattern=$1
	shift
	expect_status 2 "$LOGPROC" generate "$@"
	expect_lines 2 err
	head -n 1 err | grep -E -q -- "$pattern" || fail "'$*' said: $(head -n 1 err)"
	[ ! -e logs ] || fail "'$*' generated logs"
}
bad_usage "^logproc generate: --delay-compress needs --compress$" --delay-compress
bad_usage "^logproc generate: --delay-compress needs --compress$" --rotate-scheme numbered \
    --delay-compress --keep 3
bad_usage "'sometimes' for --rotate-scheme: unknown scheme \(accepted: timestamp, numbered or dateext\)" \
    --rotate-scheme sometimes
bad_usage "'Numbered' for --rotate-scheme: unknown scheme" --rotate-scheme Numbered
bad_usage "'-1' for --keep: must not be negative \(accepted: 0 to 1000000\)" --keep -1
bad_usage "'1000001' for --keep: out of range" --keep 1000001
bad_usage "option '--compress=yes' takes no value" --compress=yes
expect_status 0 "$LOGPROC" generate --help
for option in --rotate-scheme --keep --compress --delay-compress; do
	expect_grep "^  $option " out
done

# Real logrotate names numbered segments the same way: "rotate 4, compress,
# delaycompress", run as many times as the generator rotated, leaves the
# same names; its dateext with "dateformat -%Y%m%d-%H%M%S" has the shape
# of ours.
logrotate=$(command -v logrotate || echo /usr/sbin/logrotate)
if [ -x "$logrotate" ]; then
	gen --rotate-scheme numbered --compress --delay-compress --keep 4 --output ours
	mkdir theirs theirs-dateext
	printf '%s {\n rotate 4\n compress\n delaycompress\n nocreate\n}\n' \
	    "$work/theirs/app.log" > theirs.conf
	printf '%s {\n rotate 4\n dateext\n dateformat -%%Y%%m%%d-%%H%%M%%S\n compress\n nocreate\n}\n' \
	    "$work/theirs-dateext/app.log" > theirs-dateext.conf
	for rotation in $(seq "$segments"); do
		echo "rotation $rotation" > theirs/app.log
		"$logrotate" -f -s theirs.state theirs.conf || fail "logrotate failed"
	done
	echo active > theirs/app.log
	[ "$(ls theirs)" = "$(ls ours)" ] ||
	    fail "logrotate made $(ls theirs | tr '\n' ' '), generate $(ls ours | tr '\n' ' ')"
	[ "$(cat_segment theirs/app.log.2.gz)" = "rotation $((segments - 1))" ] ||
	    fail "logrotate's app.log.2.gz is not the second newest"
	echo active > theirs-dateext/app.log
	"$logrotate" -f -s theirs.state theirs-dateext.conf || fail "logrotate failed"
	echo active > theirs-dateext/app.log
	check_names theirs-dateext dateext compress 1
else
	echo "note: logrotate is not installed; the comparison with it was not run"
fi
