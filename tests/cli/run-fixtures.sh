# run-fixtures.sh: the logs that real loggers wrote (tests/fixtures/
# loggers/NAME/NAME.log, made by the make-fixture.sh beside each) are
# counted exactly as the program that logged them tallied (expect.json):
# records, levels (unknown and missing ones too), services, the count and
# sum of durations, and the first and last times (to the microsecond), with --schema NAME and
# with the default, auto, which must choose the same schema. nginx has no
# built-in schema: its schema.json is given in both runs.
. "$TESTS_SRCDIR/lib.sh"
command -v jq > /dev/null || exit 77

fixtures="$TESTS_SRCDIR/fixtures/loggers"

# near KEY EXPECT RESULT: succeeds if the time KEY (first or last) of
# the run's RESULT is the tally's, to the microsecond: zap and Caddy
# write epoch seconds as reals, which a double holds to a few hundred
# nanoseconds, where the tally reads the digits written.
near() {
	text=$(jq -r ".totals.$1_timestamp" "$3")
	sec=$(date -u -d "${text%%.*}Z" +%s)
	frac=${text#*.}
	nsec=$((10#${frac%Z}))
	got=$((sec * 1000000000 + nsec))
	want=$(($(jq ".$1.sec" "$2") * 1000000000 + $(jq ".$1.nsec" "$2")))
	diff=$((got - want))
	[ "${diff#-}" -le 1000 ] ||
	    fail "$name: $1 time $text, not $(jq -c ".$1" "$2")"
}

# check NAME EXPECT RESULT HOW: compares the run's --json RESULT with
# the tally EXPECT.
check() {
	near first "$2" "$3"
	near last "$2" "$3"
	jq -e --slurpfile e "$2" '
	    ($e[0]) as $e | .totals as $t |
	    $t.records == $e.records and $t.lines == $e.lines and
	    ($t.rejected | add) == 0 and
	    $t.levels.DEBUG == $e.levels.DEBUG and $t.levels.INFO == $e.levels.INFO and
	    $t.levels.WARNING == $e.levels.WARNING and
	    $t.levels.ERROR == $e.levels.ERROR and $t.levels.FATAL == $e.levels.FATAL and
	    $t.levels.unknown == $e.level_unknown and
	    $t.levels.missing == $e.level_missing and
	    $t.services == $e.services and
	    $t.duration_ms.count == $e.duration_ms.count and
	    ($e.duration_ms.count == 0 or $t.duration_ms.sum == $e.duration_ms.sum)' \
	    "$3" > /dev/null || {
		jq -c .totals "$3" >&2
		cat "$2" >&2
		fail "$1 ($4): the counts differ from the logger's tally"
	}
}

count=0
for dir in "$fixtures"/*/; do
	name=$(basename "$dir")
	expect="$dir/expect.json"
	schema=$(jq -r .schema "$expect")
	given=$schema
	[ -f "$dir/schema.json" ] && given="$dir/schema.json"
	for how in "$given" auto; do
		[ "$how" = auto ] && [ -f "$dir/schema.json" ] && how="$dir/schema.json"
		rm -rf offsets
		expect_status 0 "$LOGPROC" run --once --quiet --logs-dir "$dir" \
		    --pattern "$name.log" --offsets-dir offsets --schema "$how" --json
		check "$name" "$expect" out "$how"
		[ "$(jq -r .run.schema out)" = "$schema" ] ||
		    fail "$name: read as $(jq -r .run.schema out), not $schema"
		[ -f "$dir/schema.json" ] && break
	done
	count=$((count + 1))
done
[ "$count" -ge 18 ] || fail "only $count fixtures"
