# generate-interrupt.sh: SIGINT and SIGTERM stop the generator after a whole
# line, with exit status 0 and a truth file that matches the files.
. "$TESTS_SRCDIR/lib.sh"

# stop_after SIGNAL SECONDS DIR ARGS...: runs generate with ARGS until
# SIGNAL, then checks the status, the whole lines and the truth.
stop_after() {
	signal=$1 seconds=$2 dir=$3
	shift 3
	"$LOGPROC" generate --count 0 --output "$dir" --truth "$dir.json" "$@" &
	pid=$!
	sleep "$seconds"
	kill -s "$signal" "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 0 ] || fail "SIG$signal: exit status $status"
	[ "$(json_get "$dir.json" interrupted)" = true ] ||
	    fail "SIG$signal: truth does not say interrupted"
	[ "$(json_get "$dir.json" lines)" -gt 0 ] || fail "SIG$signal: no lines written"
	"$LINECHECK" --truth "$dir.json" "$dir"/* > /dev/null ||
	    fail "SIG$signal: the files do not match the truth"
}

# Paced: the signal usually arrives while it sleeps.
stop_after INT 1 paced --interval 1ms --rotate-size 8K
# Unpaced: the signal arrives with lines in the output buffer.
stop_after TERM 0.3 fast --interval 0 --rotate-size 1M --malformed 0.01

# A long pause is cut short: the signal is acted on at once, not after
# the interval (a hang check with a generous bound, not a timing test).
"$LOGPROC" generate --count 0 --interval 30s --output slow &
pid=$!
sleep 0.5
kill -s INT "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { kill -9 "$pid"; fail "still running 10 s after SIGINT"; }
	sleep 0.1
done
wait "$pid" || fail "exit status $? after SIGINT during a pause"
expect_lines 1 slow/app.log
