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
