#!/bin/sh
# soak.sh: logproc under a long, rough ride. The generator writes and
# rotates without pause; logproc run follows; segments it has completed
# are deleted, as a retention job would; every few seconds it is killed
# with SIGKILL and started again. Its RSS and descriptors are sampled all
# along. At the end every line must be counted exactly once and every
# selected record be in the output once, and neither memory nor
# descriptors may have grown after the first quarter of the ride.
#
#   make soak                        SOAK_SECONDS (default 120) of it
#   SOAK_SECONDS=3600 make soak      an hour, by hand
set -eu
logproc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
truthcmp=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
seconds=${SOAK_SECONDS:-120}
work=$(mktemp -d "${TMPDIR:-/tmp}/logproc-soak.XXXXXX")
trap 'kill $gen $run 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir logs
gen= run=

fail() {
	echo "soak: FAIL: $*" >&2
	exit 1
}

start_run() {
	"$logproc" run --quiet --workers 2 --scan-interval 200ms \
	    --output out.ndjson > /dev/null 2>> run.err &
	run=$!
}

# delete_complete: deletes the segments the checkpoint says are complete.
delete_complete() {
	"$logproc" status --json 2> /dev/null |
	    jq -r '.segments[] | select(.state == "complete") | .segment' |
	    while read -r name; do rm -f "logs/$name"; done
}

# sample: appends "SECONDS RSS_KIB FDS" of the running logproc to samples.
sample() {
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$run/status" 2> /dev/null) || return 0
	fds=$(ls "/proc/$run/fd" 2> /dev/null | wc -l)
	[ -n "$rss" ] && echo "$1 $rss $fds" >> samples
}

"$logproc" generate --count 0 --interval 100us --rotate-size 256K \
    --malformed 0.001 --truth truth.json > /dev/null &
gen=$!
start_run
elapsed=0 next_kill=7 kills=0
while [ "$elapsed" -lt "$seconds" ]; do
	sleep 1
	elapsed=$((elapsed + 1))
	sample "$elapsed"
	delete_complete
	if [ "$elapsed" -ge "$next_kill" ]; then
		kill -9 "$run" 2> /dev/null || true
		wait "$run" 2> /dev/null || true
		kills=$((kills + 1))
		next_kill=$((elapsed + 5 + elapsed % 7))
		start_run
	fi
done
kill -s TERM "$gen"
wait "$gen" || fail "the generator exited with $?"
lines=$(jq .lines truth.json)
tries=0
until [ "$("$logproc" status --json 2> /dev/null | jq .totals.lines)" = "$lines" ]; do
	tries=$((tries + 1))
	[ "$tries" -lt 600 ] || fail "logproc did not catch up with $lines lines in 60 s"
	sleep 0.1
done
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
"$logproc" run --once --quiet --json --output out.ndjson > result.json
"$truthcmp" truth.json result.json out.ndjson ||
    fail "after $seconds s and $kills kill -9s the totals or the output differ"

# Growth: the largest RSS and descriptor count after the first quarter
# against those of the first quarter (a restart's own peak included).
awk -v q="$((seconds / 4))" '
	$1 <= q { if ($2 > rss1) rss1 = $2; if ($3 > fd1) fd1 = $3 }
	$1 > q { if ($2 > rss2) rss2 = $2; if ($3 > fd2) fd2 = $3 }
	END {
		printf "soak: peak RSS %.1f MiB in the first quarter, %.1f MiB after; descriptors %d, %d\n",
		    rss1 / 1024, rss2 / 1024, fd1, fd2
		exit (rss2 > rss1 + 2048 || fd2 > fd1 + 2) ? 1 : 0
	}' samples || fail "memory or descriptors grew"
echo "soak: ok: $seconds s, $lines lines, $kills kill -9s, $(ls logs | wc -l) files left"
