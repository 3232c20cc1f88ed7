# generate-schemas.sh: generate --schema NAME writes every built-in format
# with its own field names, level spellings and time encodings; read back
# with jq, each gives the truth's per-level counts, services and duration
# sum, and the truth itself is the same for a seed in every format.
. "$TESTS_SRCDIR/lib.sh"

command -v jq > /dev/null || fail "jq is missing (./bootstrap installs it)"

loggers="slog zap logrus zerolog pino bunyan winston structlog python-json
    logstash ecs journald caddy mongodb tracing otlp"

gen() {	# gen NAME DIR [OPTIONS]: 4000 records, 5% broken, one file
	name=$1 dir=$2
	shift 2
	"$LOGPROC" generate --count 4000 --interval 0 --seed 11 --malformed 0.05 \
	    --rotate-size 0 --output "$dir" --truth "$dir.truth" --schema "$name" "$@" ||
	    fail "generate --schema $name failed"
}

# The default is the logproc format, byte for byte.
"$LOGPROC" generate --count 4000 --interval 0 --seed 11 --malformed 0.05 \
    --rotate-size 0 --output default --truth default.truth
gen logproc logproc
cmp -s default/app.log logproc/app.log || fail "--schema logproc is not the default format"
cmp -s default.truth logproc.truth || fail "--schema logproc has another truth"

# A time regex per precision; seeded times are in 2026-01-01T00:00:0x.
t='2026-01-01T00:00:[0-9]{2}'

# Sets rec (a jq filter from a record object to [level as written,
# service, duration in ms or null, time well encoded, message a string];
# level true is a wrong_type line; journald has no duration), spell (the logger's spellings) and
# records (a filter from a line's object to its records) for logger $1.
describe() {
	records='.'
	lower='{"debug":"DEBUG","info":"INFO","warn":"WARNING","error":"ERROR","fatal":"FATAL"}'
	upper='{"DEBUG":"DEBUG","INFO":"INFO","WARN":"WARNING","ERROR":"ERROR","FATAL":"FATAL"}'
	pino='{"20":"DEBUG","30":"INFO","40":"WARNING","50":"ERROR","60":"FATAL"}'
	case $1 in
	slog) spell=$upper
		rec="[.level, .service, .duration / 1e6, (.time | test(\"^$t(\\\\.[0-9]{1,9})?Z\$\")), (.msg | strings | true)]" ;;
	zap) spell=$lower
		rec='[.level, .logger, (.duration * 1000 | round), (.ts | numbers | . >= 1767225600 and . < 1767225700), (.msg | strings | true), (.caller | strings | true)]' ;;
	logrus) spell='{"debug":"DEBUG","info":"INFO","warning":"WARNING","error":"ERROR","fatal":"FATAL"}'
		rec="[.level, .service, .duration / 1e6, (.time | test(\"^${t}Z\$\")), (.msg | strings | true)]" ;;
	zerolog) spell=$lower
		rec="[.level, .service, .duration, (.time | test(\"^${t}Z\$\")), (.message | strings | true)]" ;;
	pino) spell=$pino
		rec='[.level, .name, .responseTime, (.time | numbers | . >= 1767225600000 and . < 1767225700000 and floor == .), (.msg | strings | true), .pid == 4242, (.hostname | strings | true)]' ;;
	bunyan) spell=$pino
		rec="[.level, .name, .duration, (.time | test(\"^$t\\\\.[0-9]{3}Z\$\")), (.msg | strings | true), .v == 0]" ;;
	winston) spell='{"debug":"DEBUG","info":"INFO","warn":"WARNING","error":"ERROR","crit":"FATAL"}'
		rec="[.level, .service, .durationMs, (.timestamp | test(\"^$t\\\\.[0-9]{3}Z\$\")), (.message | strings | true)]" ;;
	structlog) spell='{"debug":"DEBUG","info":"INFO","warning":"WARNING","error":"ERROR","critical":"FATAL"}'
		rec="[.level, .logger, (.duration * 1000 | round), (.timestamp | test(\"^$t\\\\.[0-9]{6}Z\$\")), (.event | strings | true)]" ;;
	python-json) spell='{"DEBUG":"DEBUG","INFO":"INFO","WARNING":"WARNING","ERROR":"ERROR","CRITICAL":"FATAL"}'
		rec='[.levelname, .name, (.duration * 1000 | round), (.asctime | test("^2026-01-01 00:00:[0-9]{2},[0-9]{3}$")), (.message | strings | true)]' ;;
	logstash) spell=$upper
		rec="[.level, .logger_name, .duration, (.[\"@timestamp\"] | test(\"^$t\\\\.[0-9]{3}\\\\+00:00\$\")), (.message | strings | true), .[\"@version\"] == \"1\"]" ;;
	ecs) spell=$lower
		rec="[.[\"log.level\"], .[\"service.name\"], .[\"event.duration\"] / 1e6, (.[\"@timestamp\"] | test(\"^$t\\\\.[0-9]{3}Z\$\")), (.message | strings | true), (.[\"ecs.version\"] | strings | true)]" ;;
	journald) spell='{"7":"DEBUG","6":"INFO","4":"WARNING","3":"ERROR","2":"FATAL"}'
		rec='[.PRIORITY, .SYSLOG_IDENTIFIER, null, (.__REALTIME_TIMESTAMP | test("^176722560[0-9]{7}$")), (.MESSAGE | strings | true), (._SYSTEMD_UNIT == .SYSLOG_IDENTIFIER + ".service"), (._COMM == .SYSLOG_IDENTIFIER[:15])]' ;;
	caddy) spell=$lower
		rec='[.level, .logger, (.duration * 1000 | round), (.ts | numbers | . >= 1767225600 and . < 1767225700), (.msg | strings | true), (.request | objects | true)]' ;;
	mongodb) spell='{"D1":"DEBUG","I":"INFO","W":"WARNING","E":"ERROR","F":"FATAL"}'
		rec="[.s, .c, .attr.durationMillis, (.t[\"\$date\"] | test(\"^$t\\\\.[0-9]{3}\\\\+00:00\$\")), (.msg | strings | true)]" ;;
	tracing) spell=$upper
		rec="[.level, .target, (.fields[\"time.busy\"] | if endswith(\"ms\") then .[:-2] | tonumber else .[:-1] | tonumber * 1000 end | round), (.timestamp | test(\"^$t\\\\.[0-9]{6}Z\$\")), (.fields.message | strings | true)]" ;;
	otlp) spell='{"5":"DEBUG","9":"INFO","13":"WARNING","17":"ERROR","21":"FATAL"}'
		records='.resourceLogs[] | (.resource.attributes[] | select(.key == "service.name") | .value.stringValue) as $service | .scopeLogs[].logRecords[] | .service = $service'
		rec='[.severityNumber, .service, (.attributes[] | select(.key == "duration_ms") | .value.intValue | tonumber), (.timeUnixNano | test("^176722560[0-9]{10}$")), (.body.stringValue | strings | true), ((.severityNumber | type) == "boolean" or ({"5":"DEBUG","9":"INFO","13":"WARN","17":"ERROR","21":"FATAL"}[.severityNumber | tostring] == .severityText))]' ;;
	logproc) spell='{"DEBUG":"DEBUG","INFO":"INFO","WARNING":"WARNING","ERROR":"ERROR","FATAL":"FATAL"}'
		# logproc's wrong_type has four forms: any of them is "true".
		rec="if (.level | type) != \"string\" or (.service | type) != \"string\" or (.duration_ms | type) != \"number\" or (.timestamp | type) != \"string\" then [true] else [.level, .service, .duration_ms, (.timestamp | test(\"^$t\\\\.[0-9]{9}Z\$\")), (.message | strings | true)] end" ;;
	*) fail "no description of $1" ;;
	esac
}

# check_wrapped NAME DIR: docker wraps the broken lines whose reason
# stays the same wrapped (invalid UTF-8, too long, wrong_type, and
# invalid JSON but plain text); empty and not_object lines (and plain
# text) are docker lines themselves.
check_wrapped() {
	LC_ALL=C awk 'length($0) >= 65536' "$2/app.log" > "$2.long"
	LC_ALL=C.UTF-8 grep -a -v -x '.*' "$2/app.log" >> "$2.long" || true
	if grep -a -v -q '^{"log":"' "$2.long"; then
		fail "$1: an invalid UTF-8 or over-long line is not wrapped"
	fi
	outside=$(grep -a -c -v '^{"log":"' "$2/app.log" || true)
	least=$(jq '.malformed_kinds.empty + .malformed_kinds.not_object' "$2.truth")
	most=$(jq '.malformed_kinds.empty + .malformed_kinds.not_object + .malformed_kinds.invalid_json' "$2.truth")
	[ "$outside" -ge "$least" ] && [ "$outside" -lt "$most" ] ||
	    fail "$1: $outside lines are not docker's, expected $least to $most"
}

# check NAME DIR: the records of DIR/app.log, as jq reads them, match
# DIR.truth. DIR's lines are docker's if NAME starts with docker:.
check() {
	name=$1 dir=$2 logger=${1#docker:}
	describe "$logger"
	unwrap='.'
	if [ "$logger" != "$name" ]; then
		# Docker's wrapper: the log string (newline-ended) holds the line,
		# stderr for the errors, times with nanoseconds.
		unwrap="select((.time | test(\"^$t\\\\.[0-9]{9}Z\$\")) and (.log | endswith(\"\\n\"))) | .stream as \$stream | .log | fromjson? | objects | .stream = \$stream"
	fi
	# Invalid UTF-8 and over-long lines are broken as they stand; jq
	# would take the first for valid, so they are counted out here.
	LC_ALL=C awk 'length($0) < 65536' "$dir/app.log" |
	    LC_ALL=C.UTF-8 grep -a -x '.*' > "$dir.clean" || true
	jq -R -c "fromjson? | objects | $unwrap | objects | $records | ($rec) + [.stream // null]" \
	    "$dir.clean" > "$dir.records" || fail "$name: jq cannot read the records"
	jq -n -S --slurpfile r "$dir.records" --slurpfile truth "$dir.truth" \
	    --argjson spell "$spell" --arg wrapped "$([ "$logger" != "$name" ] && [ "$logger" != otlp ] && echo 1)" \
	    --arg no_duration "$([ "$logger" = journald ] && echo 1)" '
	    def canon: $spell[tostring] // "(unknown \(tostring))";
	    ($r | map(select(.[0] != true))) as $valid |
	    $truth[0] as $t |
	    {
	      levels: (($t.levels | with_entries(select(.value > 0))) ==
	        ($valid | group_by(.[0] | canon) |
	         map({key: (.[0][0] | canon), value: length}) | from_entries)),
	      services: (($t.services | with_entries(select(.value > 0))) ==
	        ($valid | group_by(.[1]) | map({key: .[0][1], value: length}) | from_entries)),
	      duration: (if $no_duration == "" then ($valid | map(.[2]) | add) == $t.duration_ms_sum else ($valid | all(.[2] == null)) end),
	      fields: (($valid | all(.[3:-1] | all(. == true)))),
	      stream: (($wrapped == "" or ($valid | all(.[-1] == (if (.[0] | canon) == "ERROR" or (.[0] | canon) == "FATAL" then "stderr" else "stdout" end))))),
	      wrong_type: (($r | map(select(.[0] == true)) | length) == $t.malformed_kinds.wrong_type),
	      records: (($valid | length) == $t.records)
	    } | to_entries | map(select(.value != true) | .key)' > "$dir.failed" ||
	    fail "$name: jq cannot compare with the truth"
	[ "$(jq -c . "$dir.failed")" = "[]" ] ||
	    fail "$name: $(jq -r 'join(", ")' "$dir.failed") differ from the truth"
	# Broken lines are the lines that are not records, but for OTLP
	# whose lines hold several.
	removed=$(( $(wc -l < "$dir/app.log") - $(wc -l < "$dir.clean") ))
	[ "$removed" -eq $(( $(jq '.malformed_kinds.invalid_utf8 + .malformed_kinds.too_long' "$dir.truth") )) ] ||
	    fail "$name: $removed lines of invalid UTF-8 or too long, not as the truth says"
	if [ "$logger" != "$name" ]; then
		check_wrapped "$name" "$dir"
	fi
	if [ "$logger" != otlp ]; then
		[ "$(wc -l < "$dir/app.log")" -eq $(( $(jq '.records + .malformed' "$dir.truth") )) ] ||
		    fail "$name: lines are not records and broken lines"
	fi
}

# The truth of DIR without the byte count (OTLP: and the line count).
same_truth() {
	jq -S "del(.bytes${2:-})" "$1.truth"
}
same_truth logproc > logproc.expected
same_truth logproc ', .lines' > logproc.expected-lines

check logproc logproc
for logger in $loggers; do
	for name in "$logger" "docker:$logger"; do
		dir=$(echo "$name" | tr : _)
		gen "$name" "$dir"
		check "$name" "$dir"
		if [ "$logger" = otlp ]; then
			same_truth "$dir" ', .lines' | cmp -s - logproc.expected-lines ||
			    fail "$name: another truth than logproc's"
		else
			same_truth "$dir" | cmp -s - logproc.expected ||
			    fail "$name: another truth than logproc's"
		fi
	done
done

# docker alone is docker:logproc.
gen docker docker
check docker:logproc docker
same_truth docker | cmp -s - logproc.expected || fail "docker: another truth"

# OTLP lines hold several records, but not all of them one.
[ "$(jq .lines otlp.truth)" -lt "$(jq '.records / 2 | floor' otlp.truth)" ] ||
    fail "otlp: not several records a line"
jq -R 'fromjson? | objects | .resourceLogs[]? | .scopeLogs[].logRecords | length' otlp.clean |
    grep -q -v '^1$' || fail "otlp: no resource holds several records"
# A docker line of OTLP records goes to stderr when its first is an error.
jq -R 'fromjson? | select(.stream) | .stream as $s | .log | fromjson? |
    .resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber | numbers |
    (. >= 17) == ($s == "stderr")' docker_otlp.clean | sort -u > streams
[ "$(cat streams)" = true ] || fail "docker:otlp: streams do not follow the levels"
# Paced, each record is a line of its own, so that a follower sees it.
"$LOGPROC" generate --count 5 --interval 1ms --seed 2 --schema otlp --output paced \
    --truth paced.truth
[ "$(jq .lines paced.truth)" -eq 5 ] || fail "otlp: paced records share lines"

# Durations in seconds are exact decimals: 12 ms is 0.012, 5 s is 5 (Go)
# or 5.0 (Python).
grep -E -q '"duration":[0-9]+[,}]' zap/app.log ||
    fail "zap: whole seconds are not written as Go writes them"
grep -E -q '"duration":[0-9]+\.0,' structlog/app.log ||
    fail "structlog: whole seconds are not written as Python floats"
if grep -E -q '"duration":[0-9]+\.([0-9]*[1-9]0+|0)[,}]' zap/app.log ||
    grep -E -q '"duration":[0-9]+\.[0-9]*[1-9]0+[,}]' structlog/app.log; then
	fail "a duration in seconds has a trailing zero"
fi

# An unknown name: a usage error (one line and the hint, status 2) that
# names the option and lists the names.
for bad in nope docker:docker docker: Pino ''; do
	expect_status 2 "$LOGPROC" generate --count 1 --schema "$bad" --output unknown
	expect_lines 2 err
	head -n 1 err | grep -q -- "^logproc generate: invalid value '$bad' for --schema: unknown schema (accepted: logproc, slog, zap, .*, otlp, docker or docker:NAME)$" ||
	    fail "--schema '$bad' said: $(head -n 1 err)"
done
[ ! -e unknown ] || fail "an unknown schema still wrote logs"
