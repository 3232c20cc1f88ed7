# run-advice.sh: a run that did nothing useful says so at its end, on
# standard error and in the --json summary's "warnings": no file of the
# pattern (with what the directory holds instead), every line rejected
# (with the top reason), no record selected (with what was seen); and a
# run that did something useful warns of nothing.
. "$TESTS_SRCDIR/lib.sh"
command -v jq > /dev/null || { echo "jq not found: skipped"; exit 77; }

# warning_codes: the codes of the warnings in the JSON summary out.
warning_codes() {
	jq -r '.warnings | map(.code) | join(" ")' out
}

# No file at all in the directory.
mkdir logs
expect_status 0 "$LOGPROC" run --once --quiet --json
expect_grep "warning: no file named app\\.log, app\\.log\\.\\* or app\\.log-\\* in logs; it holds no regular file$" err
[ "$(warning_codes)" = no_files ] || fail "empty directory: warnings $(warning_codes)"
[ "$(jq -r '.warnings[0].suggested_pattern' out)" = null ] || fail "a pattern suggested for nothing"

# syslog and its rotations, but --pattern syslog.log: they look alike.
printf '{"level":"INFO","message":"3"}\n' > logs/syslog
printf '{"level":"INFO","message":"2"}\n' > logs/syslog.1
printf '{"level":"INFO","message":"1"}\n' | gzip > logs/syslog.2.gz
: > logs/zzz.txt
expect_status 0 "$LOGPROC" run --once --reset --quiet --json --pattern syslog.log
expect_grep "warning: no file named syslog\\.log, .* in logs; it holds syslog, syslog\\.1, syslog\\.2\\.gz, \\.\\.\\.: try --pattern syslog$" err
[ "$(warning_codes)" = no_files ] || fail "syslog.log: warnings $(warning_codes)"
[ "$(jq -r '.warnings[0].suggested_pattern' out)" = syslog ] || fail "syslog not suggested"
[ "$(jq -r '.warnings[0].files | join(",")' out)" = syslog,syslog.1,syslog.2.gz ] ||
    fail "syslog.log: files $(jq -c '.warnings[0].files' out)"
# The text summary warns alike.
expect_status 0 "$LOGPROC" run --once --reset --quiet --pattern syslog.log
expect_grep "warning: no file named syslog\\.log, .*: try --pattern syslog$" err
expect_grep "^This run: 0 records" out

# Nothing alike: the most common names, and their stem suggested.
expect_status 0 "$LOGPROC" run --once --reset --quiet --json
expect_grep "warning: no file named app\\.log, .* in logs; it holds 4 files, none named alike, such as syslog, syslog\\.1, syslog\\.2\\.gz, \\.\\.\\.: try --pattern syslog$" err

# The suggestion works: no warning then.
expect_status 0 "$LOGPROC" run --once --reset --quiet --json --pattern syslog
[ "$(warning_codes)" = "" ] || fail "--pattern syslog: warnings $(warning_codes)"
if grep -q warning: err; then cat err >&2; fail "--pattern syslog warned"; fi
[ "$(jq '.run.records' out)" = 3 ] || fail "--pattern syslog read $(jq '.run.records' out) records"

# Every line rejected: the top reason, and what logproc reads.
rm -rf logs offsets
mkdir logs
printf 'Jan  1 00:00:01 host sshd[1]: one\nJan  1 00:00:02 host sshd[1]: two\n[1]\n\n' > logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json
expect_grep "warning: all 3 lines read were rejected, 2 of them as invalid_json, by the schema logproc: these logs may be in another format; logproc schema list names the built-in ones, --schema picks one or a schema file \\(see logproc\\(1\\), SCHEMAS\\)$" err
[ "$(warning_codes)" = all_rejected ] || fail "rejected: warnings $(warning_codes)"
[ "$(jq -r '.warnings[0] | "\(.reason) \(.reason_lines) \(.lines)"' out)" = "invalid_json 2 3" ] ||
    fail "rejected: $(jq -c '.warnings[0]' out)"
# A run that reads nothing new has nothing to say of its lines.
expect_status 0 "$LOGPROC" run --once --quiet --json
[ "$(warning_codes)" = "" ] || fail "a run with nothing new: warnings $(warning_codes)"
# Lines over --max-line point to it.
rm -rf logs offsets
mkdir logs
long=$(printf '%01100d' 0)
printf '{"message":"%s"}\n{"message":"%s"}\n[1]\n' "$long" "$long" > logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --max-line 1K
expect_grep "warning: all 3 lines read were rejected, 2 of them as too_long: longer than --max-line 1024$" err

# Many lines, not all, rejected by the schema in force: its name and the
# share; a few are not worth a warning.
rm -rf logs offsets
"$LOGPROC" generate --schema pino --count 200 --interval 0 --seed 4 > /dev/null
for i in $(seq 1 30); do echo '{"level":"info","time":"yesterday"}'; done >> logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json --schema pino
[ "$(warning_codes)" = many_rejected ] || fail "many rejected: warnings $(warning_codes)"
expect_grep "warning: 13.0% of the lines read \\(30 of 230\\) were rejected by the schema pino, 30 of them as bad_value" err
rm -rf logs offsets
"$LOGPROC" generate --schema pino --count 200 --interval 0 --seed 4 > /dev/null
for i in $(seq 1 5); do echo '{"level":"info","time":"yesterday"}'; done >> logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json --schema pino
[ "$(warning_codes)" = "" ] || fail "5 rejected lines: warnings $(warning_codes)"

# Filters that match nothing: the services and levels seen.
rm -rf logs offsets
mkdir logs
for i in 1 2 3; do
	printf '{"level":"INFO","service":"api"}\n' >> logs/app.log
done
printf '{"level":"DEBUG","service":"auth"}\n{"level":"DEBUG","service":"db"}\n' >> logs/app.log
printf '{"level":"WARNING","service":"db"}\n{"service":"cron"}\n' >> logs/app.log
expect_status 0 "$LOGPROC" run --once --quiet --json --service payment
expect_grep "warning: none of the 7 records read matched --service payment; services seen: api \\(3\\), db \\(2\\), auth \\(1\\), \\.\\.\\.$" err
[ "$(warning_codes)" = none_selected ] || fail "--service: warnings $(warning_codes)"
[ "$(jq -c '.warnings[0].services_seen' out)" = '{"api":3,"db":2,"auth":1}' ] ||
    fail "--service: $(jq -c '.warnings[0]' out)"
rm -rf offsets
expect_status 0 "$LOGPROC" run --once --quiet --json --min-level ERROR
expect_grep "warning: none of the 7 records read matched --min-level ERROR; levels seen: INFO \\(3\\), DEBUG \\(2\\), WARNING \\(1\\), missing \\(1\\)$" err
[ "$(jq -c '.warnings[0].levels_seen' out)" = '{"INFO":3,"DEBUG":2,"WARNING":1,"missing":1}' ] ||
    fail "--min-level: $(jq -c '.warnings[0]' out)"
rm -rf offsets
expect_status 0 "$LOGPROC" run --once --quiet --min-level FATAL --service db
expect_grep "warning: none of the 7 records read matched --min-level FATAL --service db; services seen: .*; levels seen: " err

# A filter that selects something: no warning, and an empty array.
rm -rf offsets
expect_status 0 "$LOGPROC" run --once --quiet --json --service db
[ "$(jq -c '.warnings' out)" = '[]' ] || fail "--service db: $(jq -c '.warnings' out)"
if grep -q warning: err; then cat err >&2; fail "--service db warned"; fi
