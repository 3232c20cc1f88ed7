# run-schema.sh: --schema picks how records are read, and the checkpoint
# keeps it. A pino log (numeric levels, epoch milliseconds) is counted
# right with --schema pino and with the default, auto, which says what
# it chose in the summary, the checkpoint and status; a resumed run with
# another schema is refused, one with auto goes on with the recorded
# one. --field, --level-map, --timezone and --min-level warn work on the
# normalised fields; a bad schema file is one line naming the file and
# the key, exit 2; logproc schema list/show print the built-in ones as
# schema files that --schema FILE reads back.
. "$TESTS_SRCDIR/lib.sh"

run() {
	timeout -k 2 20 "$LOGPROC" run --once "$@"
}

mkdir logs
{
	echo '{"level":30,"time":1700000000000,"pid":7,"hostname":"h","name":"api","msg":"up","responseTime":12}'
	echo '{"level":40,"time":1700000001000,"pid":7,"hostname":"h","name":"api","msg":"slow","responseTime":800}'
	echo '{"level":50,"time":1700000002000,"pid":7,"hostname":"h","name":"db","msg":"down"}'
	echo '{"level":20,"time":1700000003000,"pid":7,"hostname":"h","name":"db","msg":"dbg"}'
	echo '{"level":60,"time":1700000004500,"pid":7,"hostname":"h","name":"api","msg":"dead"}'
	echo '{"level":35,"time":1700000005000,"pid":7,"hostname":"h","name":"api","msg":"custom"}'
} > logs/app.log

# pino named, then detected: the same counts.
for schema in pino auto; do
	rm -rf offsets
	expect_status 0 run --schema $schema --json
	jq -e '.totals.levels | .DEBUG == 1 and .INFO == 1 and .WARNING == 1 and .ERROR == 1 and .FATAL == 1 and .unknown == 1' out > /dev/null ||
	    fail "--schema $schema: levels $(jq -c .totals.levels out)"
	jq -e '.totals.records == 6 and .totals.rejected.wrong_type == 0' out > /dev/null ||
	    fail "--schema $schema: $(jq -c .totals out)"
	[ "$(jq -r .run.schema out)" = pino ] || fail "--schema $schema: schema $(jq -r .run.schema out)"
	jq -e '.totals.duration_ms.count == 2 and .totals.duration_ms.sum == 812' out > /dev/null ||
	    fail "--schema $schema: durations $(jq -c .totals.duration_ms out)"
	jq -e '.totals.first_timestamp | startswith("2023-11-14T22:13:20")' out > /dev/null ||
	    fail "--schema $schema: first time $(jq -c .totals.first_timestamp out)"
	jq -e '.totals.last_timestamp == "2023-11-14T22:13:25.000000000Z"' out > /dev/null ||
	    fail "--schema $schema: last time $(jq -c .totals.last_timestamp out)"
done
"$LOGPROC" status > status.txt
expect_grep '^Schema pino$' status.txt
"$LOGPROC" status --json | jq -e '.schema.name == "pino" and .schema.levels.scale == "pino"' > /dev/null ||
    fail "the checkpoint does not record the schema"

# Resumed: another schema is refused, auto goes on with pino.
echo '{"level":70,"time":1700000006000,"name":"api","msg":"more"}' >> logs/app.log
expect_status 1 run --schema bunyan
expect_lines 1 err
expect_grep "offsets/checkpoint.json: made by a run with another schema \\(pino\\); use --reset" err
expect_status 0 run --json
jq -e '.totals.records == 7 and .totals.levels.INFO == 1 and .totals.levels.unknown == 2' out > /dev/null ||
    fail "the resumed auto run: $(jq -c .totals out)"

# The generator's own logs are detected as logproc.
"$LOGPROC" generate --count 200 --interval 0 --output gen > /dev/null
expect_status 0 run --logs-dir gen --offsets-dir off-gen --json
[ "$(jq -r .run.schema out)" = logproc ] || fail "generated logs detected as $(jq -r .run.schema out)"

# --min-level warn, --level-map, --field, --timezone.
rm -rf offsets
expect_status 0 run --schema pino --min-level warn --json
jq -e '.totals.selected == 3' out > /dev/null || fail "--min-level warn selected $(jq .totals.selected out)"
expect_status 0 run --schema pino --reset --json
jq -e '.totals.levels.unknown == 2 and .totals.levels.unknown_spellings == {"35": 1, "70": 1}' out > /dev/null ||
    fail "pino's custom level 70: $(jq -c .totals.levels out)"
expect_status 0 run --schema pino --reset
expect_grep '^  most frequent unknown levels: 35 \(1\), 70 \(1\); map them with --level-map SPELLING=LEVEL$' out
expect_status 0 run --schema pino --reset --level-map 70=warn --level-map 35=INFO --field service=hostname --json
jq -e '.totals.levels.WARNING == 2 and .totals.levels.INFO == 2 and .totals.levels.unknown == 0' out > /dev/null ||
    fail "--level-map 70=warn: $(jq -c .totals.levels out)"
jq -e '.totals.services == {"h": 6}' out > /dev/null ||
    fail "--field service=hostname: $(jq -c .totals.services out)"
mkdir pylogs
printf '%s\n' '{"asctime":"2023-11-14 23:13:20,250","levelname":"WARNING","name":"py","message":"m"}' \
    '{"asctime":"2023-11-14 23:13:21,000","levelname":"NOTICE","name":"py","message":"m"}' > pylogs/app.log
expect_status 0 run --logs-dir pylogs --offsets-dir off-py --schema python-json \
    --timezone +01:00 --level-map NOTICE=warning --json
jq -e '.totals.first_timestamp == "2023-11-14T22:13:20.250000000Z" and .totals.levels.WARNING == 2' out > /dev/null ||
    fail "python-json: $(jq -c .totals out)"

# Bad values and schema files.
expect_status 2 run --schema nosuch
expect_grep "invalid value 'nosuch' for --schema: not a schema \\(accepted: auto, logproc, " err
expect_status 2 run --field lvl=x
expect_grep "invalid value 'lvl=x' for --field: not a field" err
expect_status 2 run --level-map loud
expect_grep "for --level-map: not NAME=VALUE" err
expect_status 2 run --level-map loud=LOUDER
expect_grep "for --level-map: not a level" err
expect_status 2 run --timezone Mars/Olympus
expect_grep "for --timezone" err
echo '{"fields": {"level": "lvl"}, "levels": {"scale": "huge"}}' > bad.json
expect_status 2 run --schema ./bad.json
expect_lines 1 err
expect_grep 'bad.json: key "levels.scale": expected "none", "pino", "syslog" or "otel"' err
echo '{"fields": {"level": "lvl"' > broken.json
expect_status 2 run --schema ./broken.json
expect_grep 'broken.json:[0-9]+: ' err
expect_lines 1 err
mkfifo fifo.json
expect_status 2 timeout 10 "$LOGPROC" run --once --schema ./fifo.json
expect_grep 'fifo.json: ' err

# schema list/show, and a shown schema read back as a file.
"$LOGPROC" schema list > list
expect_grep '^logproc$' list
expect_grep '^otlp$' list
"$LOGPROC" schema show pino > pino.json
jq -e '.fields.level == "level" and .levels.scale == "pino"' pino.json > /dev/null ||
    fail "schema show pino: $(cat pino.json)"
rm -rf offsets
expect_status 0 run --schema ./pino.json --json
jq -e '.totals.levels.FATAL == 1 and .totals.records == 7' out > /dev/null ||
    fail "--schema pino.json: $(jq -c .totals out)"
expect_status 2 "$LOGPROC" schema show nosuch
expect_grep "no built-in schema 'nosuch'" err
