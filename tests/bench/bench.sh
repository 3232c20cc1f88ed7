#!/bin/sh
# bench.sh: the benchmark suite behind 'make bench'. It prints one table of
# medians over several runs; the README's performance table is a copy of
# its output. Figures, not verdicts: nothing here passes or fails on time.
#
#   bench.sh LOGPROC            run with the defaults
#   BENCH_LINES=100000 BENCH_RUNS=3 bench.sh LOGPROC   a quick check
set -eu
logproc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lines=${BENCH_LINES:-1000000}
runs=${BENCH_RUNS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/logproc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# in_tmux COMMAND: runs COMMAND in a detached 120x40 tmux session, the
# dashboard's terminal, and prints its time in nanoseconds, measured in
# the session (so tmux's own start is not counted). It waits with
# wait-for, not by polling tmux, which would cost CPU the run needs.
in_tmux() {
	tmux -L "logproc-bench-$$" -f /dev/null new-session -d -x 120 -y 40 \
	    "start=\$(date +%s%N); LC_ALL=C.UTF-8 $1; end=\$(date +%s%N);
	     echo \$((end - start)) > $work/tui-ns;
	     tmux -L logproc-bench-$$ wait-for -S logproc-bench-done"
	tmux -L "logproc-bench-$$" wait-for logproc-bench-done
	cat "$work/tui-ns"
}

# median_of FILE: the median of the numbers in FILE, one per line.
median_of() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure NAME LINES BYTES SETUP COMMAND: runs SETUP then COMMAND (timed)
# RUNS times and prints a row with the median time, lines/s and MB/s.
measure() {
	name=$1 count=$2 bytes=$3 setup=$4 command=$5
	: > "$work/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		sh -c "$setup"
		start=$(now_ns)
		sh -c "$command" > /dev/null
		end=$(now_ns)
		echo "$(( end - start ))" >> "$work/times"
		i=$(( i + 1 ))
	done
	median=$(median_of "$work/times")
	awk -v name="$name" -v ns="$median" -v n="$count" -v b="$bytes" 'BEGIN {
		s = ns / 1e9
		printf "| %-34s | %9.3f | %12.0f | %8.1f |\n", name, s, n / s, b / s / 1e6 }'
}

generate="$logproc generate --count $lines --interval 0 --seed 1 --output $work/logs"
sh -c "$generate"
bytes=$(cat "$work"/logs/* | wc -c)
segments=$(ls "$work/logs" | wc -l)

echo "logproc benchmark: $lines lines, $bytes bytes in $segments files; median of $runs runs"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1), $(uname -sr)"
echo
echo "| benchmark                          |  median s |    records/s |     MB/s |"
echo "|------------------------------------|-----------|--------------|----------|"
measure "generate --interval 0" "$lines" "$bytes" "rm -rf $work/logs" "$generate"
measure "wc -l (ceiling of reading)" "$lines" "$bytes" ":" "wc -l $work/logs/*"
for workers in 1 2; do
	measure "run --once, $workers worker(s), Jansson" "$lines" "$bytes" \
	    "rm -rf $work/offsets" \
	    "$logproc run --once --quiet --workers $workers --logs-dir $work/logs --offsets-dir $work/offsets"
done
if command -v tmux > /dev/null 2>&1; then
	run2="$logproc run --once --quiet --workers 2 --logs-dir $work/logs --offsets-dir $work/offsets"
	tui2="$logproc tui --once --workers 2 --logs-dir $work/logs --offsets-dir $work/offsets"
	# The dashboard's cost: run and tui alternate, so both see the same
	# machine; the last column is tui's time over run's.
	: > "$work/ratios"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/offsets"
		start=$(now_ns); sh -c "$run2" > /dev/null; mid=$(now_ns)
		rm -rf "$work/offsets"
		echo "$(in_tmux "$tui2") $(( mid - start ))" >> "$work/ratios"
		i=$(( i + 1 ))
	done
	awk '{ print $1 }' "$work/ratios" > "$work/times"
	median=$(median_of "$work/times")
	awk '{ print $2 }' "$work/ratios" > "$work/times"
	paired=$(median_of "$work/times")
	awk '{ print $1 / $2 }' "$work/ratios" > "$work/times"
	ratio=$(median_of "$work/times")
	awk -v ns="$median" -v n="$lines" -v b="$bytes" -v r="$ratio" -v p="$paired" 'BEGIN {
		s = ns / 1e9
		printf "| %-34s | %9.3f | %12.0f | %8.1f |\n", "tui --once, 2 workers, 120x40", s, n / s, b / s / 1e6
		printf "\ndashboard cost: tui --once takes %.3f times as long as run --once\n", r
		printf "(2 workers; median of per-pair ratios, run and tui alternating; run %.3f s)\n", p / 1e9 }'
else
	echo
	echo "tmux not installed: the dashboard's cost is not measured"
fi
