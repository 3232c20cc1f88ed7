# run-formats.sh: every built-in format, written by logproc generate
# --schema NAME with broken lines among the records, is counted exactly
# as its truth file says (records, levels, services, the duration sum
# where the format has durations, rejections by reason, empty lines),
# read with --schema NAME and with the default, auto, which must choose
# NAME. docker alone detects its inner format too.
. "$TESTS_SRCDIR/lib.sh"
command -v jq > /dev/null || exit 77

# check NAME TRUTH RESULT HOW: compares the run's --json RESULT with
# the generator's TRUTH.
check() {
	jq -e --slurpfile t "$2" --arg name "$1" '($t[0]) as $t | .totals as $r |
	    $r.records == $t.records and
	    ([$r.levels.DEBUG, $r.levels.INFO, $r.levels.WARNING, $r.levels.ERROR,
	      $r.levels.FATAL] == [$t.levels.DEBUG, $t.levels.INFO, $t.levels.WARNING,
	      $t.levels.ERROR, $t.levels.FATAL]) and
	    $r.levels.unknown == 0 and $r.levels.missing == 0 and
	    $r.services == $t.services and
	    ($name == "journald" or $name == "otlp" or
	     $r.duration_ms.sum == $t.duration_ms_sum) and
	    $r.empty == $t.malformed_kinds.empty and
	    $r.rejected.invalid_json == $t.malformed_kinds.invalid_json and
	    $r.rejected.invalid_utf8 == $t.malformed_kinds.invalid_utf8 and
	    $r.rejected.not_object == $t.malformed_kinds.not_object and
	    $r.rejected.wrong_type == $t.malformed_kinds.wrong_type and
	    $r.rejected.too_long == $t.malformed_kinds.too_long and
	    $r.rejected.bad_value == 0' "$3" > /dev/null || {
		jq -c .totals "$3" >&2
		jq -c . "$2" >&2
		fail "$1 ($4): the counts differ from the truth"
	}
}

names="$("$LOGPROC" schema list) docker:pino docker:ecs"
for name in $names; do
	dir=$(echo "$name" | tr : _)
	"$LOGPROC" generate --schema "$name" --count 3000 --interval 0 --seed 11 \
	    --malformed 0.03 --rotate-size 64K --output "$dir" \
	    --truth "$dir.truth" > /dev/null
	for how in "$name" auto; do
		expect_status 0 "$LOGPROC" run --once --quiet --logs-dir "$dir" \
		    --offsets-dir "off-$dir-$how" --schema "$how" --json
		check "$name" "$dir.truth" out "$how"
		want=$name
		[ "$name" = docker ] && want=docker:logproc
		[ "$(jq -r .run.schema out)" = "$want" ] ||
		    fail "$name ($how): read as $(jq -r .run.schema out)"
	done
done
