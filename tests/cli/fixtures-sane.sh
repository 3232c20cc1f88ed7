# fixtures-sane.sh: the real loggers' fixtures (tests/fixtures/loggers/NAME)
# are what the tests that run logproc on them will take them for: each
# folder has its script, its log NAME.log of JSON objects one a line, and
# an expect.json with exactly the keys of the README there, whose counts add
# up (levels with unknown and missing to the records, no service or duration
# count beyond them, first not after last) and whose line count is the
# log's. It does not run logproc.
. "$TESTS_SRCDIR/lib.sh"

command -v jq > /dev/null 2>&1 || { echo "SKIP: no jq" >&2; exit 77; }

fixtures=$TESTS_SRCDIR/fixtures/loggers
[ -f "$fixtures/README" ] || fail "no $fixtures/README"

# The checks of one expect.json, as a jq program: it prints nothing when
# all hold, else what is wrong, one line each.
cat > checks.jq <<'EOF'
def count: type == "number" and . == floor and . >= 0;
def time: type == "object" and (keys == ["nsec", "sec"]) and (.sec | count)
    and (.nsec | count) and .nsec < 1000000000;
def check(ok; what): if ok then empty else what end;
check(keys == (["duration_ms", "first", "last", "level_missing", "level_unknown",
    "levels", "lines", "records", "schema", "services"] | sort);
    "keys are \(keys)"),
check(.schema | type == "string" and length > 0; "schema is not a name"),
check((.lines | count) and (.records | count) and .records >= .lines;
    "lines and records are not counts with a record or more a line"),
check(.levels | type == "object"
    and keys == (["DEBUG", "INFO", "WARNING", "ERROR", "FATAL"] | sort)
    and all(.[]; count); "levels are not the five levels' counts"),
check((.level_unknown | count) and (.level_missing | count);
    "level_unknown or level_missing is not a count"),
check(([.levels[]] | add) + .level_unknown + .level_missing == .records;
    "levels, level_unknown and level_missing do not add up to records"),
check(.services | type == "object" and all(.[]; count);
    "services are not counts by name"),
check(([.services[]] | add // 0) <= .records; "more service counts than records"),
check(.duration_ms | type == "object" and keys == ["count", "sum"]
    and (.count | count) and (.sum | count); "duration_ms is not a count and a sum"),
check(.duration_ms.count <= .records; "more durations than records"),
check((.first | time) and (.last | time); "first or last is not a time"),
check([.first.sec, .first.nsec] <= [.last.sec, .last.nsec]; "first is after last")
EOF

seen=0
for dir in "$fixtures"/*/; do
	name=$(basename "$dir")
	log=$dir$name.log
	[ -f "$dir/expect.json" ] || fail "$name: no expect.json"
	[ -f "$dir/make-fixture.sh" ] || fail "$name: no make-fixture.sh"
	[ -s "$log" ] || fail "$name: no $name.log, or it is empty"
	[ "$(tail -c 1 "$log" | od -An -c | tr -d ' ')" = '\n' ] ||
	    fail "$name: $name.log does not end with a newline"
	jq -R -r 'fromjson | if type == "object" then empty else error("not an object") end' \
	    "$log" > /dev/null 2> err || { cat err >&2; fail "$name: a line of $name.log is not a JSON object"; }
	jq -r -f checks.jq "$dir/expect.json" > problems 2>&1 ||
	    { cat problems >&2; fail "$name: expect.json is not JSON"; }
	[ ! -s problems ] || { sed "s/^/$name: /" problems >&2; fail "$name: expect.json is wrong"; }
	lines=$(wc -l < "$log")
	expected=$(jq .lines "$dir/expect.json")
	[ "$lines" -eq "$expected" ] ||
	    fail "$name: $name.log has $lines lines, expect.json says $expected"
	seen=$((seen + 1))
done
[ "$seen" -gt 0 ] || fail "no fixture in $fixtures"
echo "$seen fixtures"
