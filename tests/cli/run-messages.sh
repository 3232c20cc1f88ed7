# run-messages.sh: what run says, one check per message: a second signal,
# the summary beside records on standard output, a broken pipe, rejected
# lines, --quiet, and a file of CR line ends.
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 20000 --interval 0 --rotate-size 0 --seed 7 \
    --truth truth.json

# stop_blocked SIGNAL...: starts a run whose records go to a pipe that
# nobody reads, so that no stop can end it gracefully (its worker waits
# to write its first batch), sends it the SIGNALs and checks it exits 1;
# its stderr is left in err-signal.
stop_blocked() {
	rm -rf offsets-signal fifo
	mkfifo fifo
	exec 3<> fifo
	"$LOGPROC" run --workers 1 --offsets-dir offsets-signal --output - \
	    > fifo 2> err-signal &
	run=$!
	dd bs=1 count=1 <&3 > /dev/null 2>&1	# the worker is writing
	for signal in "$@"; do
		kill -s "$signal" "$run"
	done
	status=0
	wait "$run" || status=$?
	exec 3<&-
	[ "$status" -eq 1 ] || fail "SIG$*: exit status $status, expected 1"
}

# A second signal, or SIGQUIT, says that it exits at once and that
# nothing is lost.
stop_blocked TERM INT
expect_grep '^logproc run: interrupted again: exiting at once; the next run resumes from the last checkpoint$' err-signal
stop_blocked QUIT
expect_grep '^logproc run: SIGQUIT: exiting at once; the next run resumes from the last checkpoint$' err-signal

# committed_output OFFSETS: prints the output bytes OFFSETS' checkpoint
# counts (0 without a checkpoint).
committed_output() {
	"$LOGPROC" status --offsets-dir "$1" --json > status.json 2> /dev/null ||
	    { echo 0; return; }
	sed -n '/^  "output": {$/,/^  }/s/^    "committed_bytes": \([0-9]*\)$/\1/p' \
	    status.json
}

# With --output -, standard output holds the records alone: the summary
# goes to standard error, text or JSON, and --quiet leaves it out.
expect_status 0 "$LOGPROC" run --once --offsets-dir offsets-all --output -
mv out records
[ "$(wc -l < records)" -eq "$(json_get truth.json records)" ] ||
    fail "--output -: $(wc -l < records) lines on stdout, expected the records"
! grep -v '^{"timestamp"' records > /dev/null || fail "--output -: not a record on stdout: $(grep -v '^{"timestamp"' records | head -n 1)"
expect_grep '^This run: ' err
expect_grep '^Totals over all runs:$' err
expect_status 0 "$LOGPROC" run --once --offsets-dir offsets-json --output - --json
cmp -s out records || fail "--output - --json: stdout is not the records alone"
expect_grep '^  "run": \{$' err
expect_status 0 "$LOGPROC" run --once --offsets-dir offsets-quiet --output - --quiet
cmp -s out records || fail "--output - --quiet: stdout is not the records alone"
[ ! -s err ] || fail "--output - --quiet: said $(head -n 1 err)"

# A reader that goes away ends the run as it ends grep: no message, killed
# by SIGPIPE. The checkpoint claims no record the pipe refused: a second
# run writes exactly the records after what it counts.
{ pipe_status=0
  "$LOGPROC" run --once --offsets-dir offsets-pipe --output - 2> err-pipe ||
      pipe_status=$?
  echo "$pipe_status" > status-pipe; } | head -n 1 > first
[ "$(kill -l "$(cat status-pipe)")" = PIPE ] ||
    fail "broken pipe: exit status $(cat status-pipe), expected 128 + SIGPIPE"
[ ! -s err-pipe ] || fail "broken pipe: said $(head -n 1 err-pipe)"
head -n 1 records | cmp -s - first || fail "broken pipe: head read another first line"
committed=$(committed_output offsets-pipe)
expect_status 0 "$LOGPROC" run --once --offsets-dir offsets-pipe --output - --quiet
{ head -c "$committed" records; cat out; } | cmp -s - records ||
    fail "broken pipe: the checkpoint counts $committed bytes, the next run did not go on from there"

# A batch whose output cannot be written is not counted: with every write
# to the output failing, the run counts no record.
case $FAULTSHIM in
*[[:space:]]*) ;;
*)
	expect_status 1 env LD_PRELOAD="$FAULTSHIM" FAULTSHIM_PATH=out.ndjson \
	    FAULTSHIM_OPS=write FAULTSHIM_ERRNO=ENOSPC \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	    "$LOGPROC" run --once --workers 1 --offsets-dir offsets-full \
	    --output out.ndjson --json
	expect_grep 'out.ndjson: No space left on device' err
	expect_grep '^    "records": 0,$' out ;;
esac

# Rejected lines: the first ten are reported with the reason, the field
# and the problem, then one line says how many more there are. --quiet
# leaves them all out (the summary counts them), and says nothing else
# about a run without trouble.
mkdir bad
"$LOGPROC" generate --count 3000 --interval 0 --rotate-size 64K \
    --malformed 0.05 --seed 3 --output bad > /dev/null
expect_status 0 "$LOGPROC" run --once --logs-dir bad --offsets-dir offsets-bad
[ "$(grep -c ': line rejected (' err)" -eq 10 ] || fail "not ten rejected lines reported"
! grep ': line rejected (' err | grep -E -v '^logproc run: app\.log[^:]*:[0-9]+: line rejected \([a-z0-9_]+\): [a-zA-Z"].{8,}$' ||
    fail "a rejected line's report does not say what was wrong"
expect_grep '^logproc run: app\.log[^:]*:[0-9]+: line rejected \(wrong_type\): field "[a-z_]+" is .*, not a (string|number)$' err
rejected=$(sed -n 's/^Rejected lines: \([0-9]*\)$/\1/p' out)
expect_grep "^logproc run: \.\.\. and $((rejected - 10)) more rejected lines " err
expect_lines 11 err
expect_status 0 "$LOGPROC" run --once --quiet --reset --logs-dir bad --offsets-dir offsets-bad
[ ! -s err ] || fail "--quiet said $(head -n 1 err)"
expect_grep "^Rejected lines: $rejected$" out

# A file of CR line ends (old Mac) is one endless line: a warning says no
# line end was found, once per file, the active one and a rotated one
# (longer than --max-line here), even with --quiet; CRLF is no such file.
mkdir cr
printf '{"level":"INFO"}\r{"level":"INFO"}\r' > cr/app.log
awk 'BEGIN { for (i = 0; i < 300; i++) printf "{\"level\":\"INFO\"}\r" }' > cr/app.log.1
printf '{"level":"INFO"}\r\n{"level":"INFO"}\r\n' > cr/app.log.2
expect_status 0 "$LOGPROC" run --once --quiet --max-line 1K --logs-dir cr --offsets-dir offsets-cr
expect_grep '^logproc run: app\.log: no line end \(LF\) found in the 34 bytes from offset 0, but CR characters: does it use CR line ends\?' err
expect_grep '^logproc run: app\.log\.1: no line end \(LF\) found in the 5100 bytes from offset 0, but CR characters' err
expect_lines 2 err
