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
