#!/bin/sh
# bench.sh: the benchmark suite behind 'make bench'. It prints one table of
# medians over several runs; the README's performance table is a copy of
# its output. Figures, not verdicts: nothing here passes or fails on time.
#
#   bench.sh LOGPROC PARSELOOP            run with the defaults
#   BENCH_LINES=100000 BENCH_RUNS=3 bench.sh LOGPROC PARSELOOP   a quick check
#   BENCH_BIG_LINES (default 10 x BENCH_LINES): the second size for the
#   peak memory; BENCH_IDLE_SECONDS (default 60): how long idle CPU is
#   measured; BENCH_SCALE_SEGMENTS (default 10000): the segments whose
#   scan is measured; BENCH_MANY_SEGMENTS (default "10000 100000"): the
#   sizes of the many-segments runs, BENCH_MANY_RUNS (default 3) their
#   runs each.
set -eu
logproc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
parseloop=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
lines=${BENCH_LINES:-1000000}
runs=${BENCH_RUNS:-5}
big_lines=${BENCH_BIG_LINES:-$((lines * 10))}
idle_seconds=${BENCH_IDLE_SECONDS:-60}
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

# measure NAME SETUP COMMAND: runs SETUP then COMMAND (timed) RUNS times
# and prints a row with the median time, lines/s and MB/s.
measure() {
	row "$1" "$(median_ns "$2" "$3")"
}

# row NAME NANOSECONDS: prints a row of the table for a median time.
row() {
	awk -v name="$1" -v ns="$2" -v n="$lines" -v b="$bytes" 'BEGIN {
		s = ns / 1e9
		printf "| %-34s | %9.3f | %12.0f | %8.1f |\n", name, s, n / s, b / s / 1e6 }'
}

# measure_inside NAME KEY COMMAND: runs COMMAND, which prints its own time
# in nanoseconds as its second field, RUNS times; prints the median's row
# and keeps the median in the file KEY.
measure_inside() {
	: > "$work/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		sh -c "$3" | awk '{ print $2 }' >> "$work/times"
		i=$(( i + 1 ))
	done
	median_of "$work/times" > "$work/$2"
	row "$1" "$(cat "$work/$2")"
}

# median_ns SETUP COMMAND: the median time of COMMAND over RUNS runs,
# each after SETUP (not timed).
median_ns() {
	: > "$work/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		sh -c "$1"
		start=$(now_ns)
		sh -c "$2" > /dev/null
		end=$(now_ns)
		echo "$(( end - start ))" >> "$work/times"
		i=$(( i + 1 ))
	done
	median_of "$work/times"
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
measure "generate --interval 0" "rm -rf $work/logs" "$generate"
measure "wc -l (ceiling of reading)" ":" "wc -l $work/logs/*"
measure_inside "json_loadb loop (bare Jansson)" loop-jansson \
    "$parseloop jansson $work/logs/*"
measure_inside "json_loadb loop, engine's arena" loop-arena \
    "$parseloop arena $work/logs/*"
measure_inside "fast path loop (bare scanner)" loop-fast \
    "$parseloop fast $work/logs/*"
run="$logproc run --once --quiet --logs-dir $work/logs --offsets-dir $work/offsets"
for parser in jansson fast; do
	for workers in 1 2; do
		ns=$(median_ns "rm -rf $work/offsets" "$run --workers $workers --parser $parser")
		row "run --once, $workers worker(s), $parser" "$ns"
		echo "$ns" > "$work/run-$parser-$workers"
	done
done
# paired KEY SETUP A B: runs A and B alternately RUNS times (A after
# SETUP, and B after SETUP; A and B print their own time in nanoseconds
# as their last field), so both see the same machine; keeps in KEY the
# median of the per-pair ratios B / A, and in KEY-a and KEY-b the
# median times.
paired() {
	: > "$work/pairs"
	i=0
	while [ "$i" -lt "$runs" ]; do
		sh -c "$2"
		a=$(sh -c "$3" | awk '{ print $NF }')
		sh -c "$2"
		b=$(sh -c "$4" | awk '{ print $NF }')
		echo "$a $b" >> "$work/pairs"
		i=$(( i + 1 ))
	done
	awk '{ print $1 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1-a"
	awk '{ print $2 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1-b"
	awk '{ print $2 / $1 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1"
}

# timed COMMAND: a command line that runs COMMAND and prints its time in
# nanoseconds.
timed() {
	echo "start=\$(date +%s%N); $1 > /dev/null; echo \$((\$(date +%s%N) - start))"
}

paired commit "rm -rf $work/offsets" \
    "$(timed "$run --workers 1 --parser fast --commit-every 1000000")" \
    "$(timed "$run --workers 1 --parser fast")"
row "run, 1 worker, fast, commit 1M" "$(cat "$work/commit-a")"
paired engine "rm -rf $work/offsets" "$parseloop jansson $work/logs/*" \
    "$(timed "$run --workers 1 --parser jansson")"
paired engine-arena "rm -rf $work/offsets" "$parseloop arena $work/logs/*" \
    "$(timed "$run --workers 1 --parser jansson")"
paired workers2 "rm -rf $work/offsets" \
    "$(timed "$run --workers 1 --parser fast")" \
    "$(timed "$run --workers 2 --parser fast")"
# The machine's own scaling, the ceiling of the one above: the same
# segments split between two directories (hard links), each read by its
# own 1-worker process, both at once, against one process reading all.
mkdir -p "$work/half1" "$work/half2"
i=0
for file in "$work"/logs/*; do
	ln "$file" "$work/half$((i % 2 + 1))/$(basename "$file")"
	i=$((i + 1))
done
half="$logproc run --once --quiet --workers 1 --parser fast"
paired machine2 "rm -rf $work/offsets $work/offsets1 $work/offsets2" \
    "$(timed "$run --workers 1 --parser fast")" \
    "$(timed "{ $half --logs-dir $work/half1 --offsets-dir $work/offsets1 > /dev/null &
	$half --logs-dir $work/half2 --offsets-dir $work/offsets2 > /dev/null; wait; }")"
rm -rf "$work/half1" "$work/half2" "$work/offsets1" "$work/offsets2"
if command -v jq > /dev/null 2>&1; then
	# A reference, not logproc: jq filters the same files (3 runs at most).
	ns=$(runs=$((runs < 3 ? runs : 3)); median_ns ":" \
	    "jq -c 'select(.level==\"ERROR\")' $work/logs/*")
	row "jq select ERROR (reference)" "$ns"
fi

# peak_rss_kib DIR: the peak RSS in KiB of run --once, 2 workers, on DIR.
peak_rss_kib() {
	rm -rf "$work/offsets"
	/usr/bin/time -f %M -o "$work/rss" $logproc run --once --quiet \
	    --workers 2 --logs-dir "$1" --offsets-dir "$work/offsets" > /dev/null
	cat "$work/rss"
}

# follow_latency: starts run following a directory, appends one line at a
# time to app.log and prints the median time until it is in --output,
# in milliseconds; leaves the follower running (pid in $follower).
follow_latency() {
	mkdir -p "$work/follow"
	$logproc generate --count 10 --interval 0 --output "$work/follow" > /dev/null
	rm -rf "$work/follow-offsets"
	$logproc run --quiet --workers 1 --logs-dir "$work/follow" \
	    --offsets-dir "$work/follow-offsets" --output "$work/follow.out" \
	    > /dev/null 2>&1 &
	follower=$!
	until [ -f "$work/follow.out" ] && [ "$(wc -l < "$work/follow.out")" -ge 10 ]; do
		sleep 0.01
	done
	line=$(head -n 1 "$work/follow/app.log")
	: > "$work/times"
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		size=$(stat -c %s "$work/follow.out")
		start=$(now_ns)
		printf '%s\n' "$line" >> "$work/follow/app.log"
		while [ "$(stat -c %s "$work/follow.out")" -eq "$size" ]; do
			:
		done
		echo "$(( ($(now_ns) - start) / 1000 ))" >> "$work/times"
		sleep 0.05
	done
	awk -v us="$(median_of "$work/times")" 'BEGIN { printf "%.1f", us / 1000 }'
}

# idle_cpu PID SECONDS: the share of a core PID used over SECONDS, in %.
idle_cpu() {
	ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
	before=$(ticks "$1")
	sleep "$2"
	after=$(ticks "$1")
	awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v s="$2" \
	    'BEGIN { printf "%.2f", 100 * t / hz / s }'
}

# fmt3 KEY: prints the number in the file KEY with three decimals.
fmt3() {
	awk '{ printf "%.3f", $1 }' "$work/$1"
}

# ratio A B: prints A / B for two files holding one number each.
ratio() {
	awk -v a="$(cat "$work/$1")" -v b="$(cat "$work/$2")" 'BEGIN { printf "%.3f", a / b }'
}

# The dashboard's cost: run and tui alternate, so both see the same
# machine; the ratio is the median of each pair's tui time over run's.
dashboard() {
	: > "$work/pairs"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/offsets"
		start=$(now_ns); sh -c "$run --workers 2" > /dev/null; mid=$(now_ns)
		rm -rf "$work/offsets"
		echo "$(in_tmux "$logproc tui --once --workers 2 --logs-dir $work/logs --offsets-dir $work/offsets") $(( mid - start ))" >> "$work/pairs"
		i=$(( i + 1 ))
	done
	awk '{ print $1 }' "$work/pairs" > "$work/times"
	row "tui --once, 2 workers, 120x40" "$(median_of "$work/times")"
	awk '{ print $2 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/tui-run"
	awk '{ print $1 / $2 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/tui-ratio"
}

if command -v tmux > /dev/null 2>&1; then
	dashboard
fi
rss_small=$(peak_rss_kib "$work/logs")
$logproc generate --count "$big_lines" --interval 0 --seed 2 \
    --output "$work/big" > /dev/null
rss_big=$(peak_rss_kib "$work/big")
rm -rf "$work/big"
# scan_cost: generates SCALE_SEGMENTS small segments, reads them, then
# follows them unchanged with a 100 ms scan interval for 10 s: prints the
# CPU per scan in ms, the peak RSS in MiB and the descriptors open.
scan_cost() {
	$logproc generate --count $((scale_segments * 10)) --interval 0 \
	    --rotate-size 2K --seed 3 --output "$work/scale" > /dev/null
	rm -rf "$work/scale-offsets"
	$logproc run --once --quiet --logs-dir "$work/scale" \
	    --offsets-dir "$work/scale-offsets" > /dev/null
	$logproc run --quiet --scan-interval 100ms --logs-dir "$work/scale" \
	    --offsets-dir "$work/scale-offsets" > /dev/null 2>&1 &
	scaler=$!
	sleep 2
	before=$(awk '{ print $14 + $15 }' "/proc/$scaler/stat")
	sleep 10
	after=$(awk '{ print $14 + $15 }' "/proc/$scaler/stat")
	fds=$(ls "/proc/$scaler/fd" | wc -l)
	rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$scaler/status")
	kill "$scaler"
	wait "$scaler" 2> /dev/null || true
	awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v f="$fds" \
	    -v r="$rss" -v n="$(ls "$work/scale" | wc -l)" 'BEGIN {
		printf "%d segments: %.1f ms of CPU per scan (100 scans); %.1f MiB peak RSS; %d descriptors open\n",
		    n, 1000 * t / hz / 100, r / 1024, f }'
	rm -rf "$work/scale" "$work/scale-offsets"
}
scale_segments=${BENCH_SCALE_SEGMENTS:-10000}
scan_cost > "$work/scan"

# stop_latency DIR SECONDS: starts run --once on DIR, sends it SIGTERM
# after SECONDS and prints the time until it exits, in nanoseconds.
stop_latency() {
	rm -rf "$work/many-offsets"
	$logproc run --once --quiet --logs-dir "$1" \
	    --offsets-dir "$work/many-offsets" > /dev/null 2>&1 &
	stopped=$!
	sleep "$2"
	start=$(now_ns)
	kill -TERM "$stopped" 2> /dev/null || true
	wait "$stopped" 2> /dev/null || true
	echo "$(( $(now_ns) - start ))"
}

# many_segments COUNT: generates COUNT segments of five lines each, and
# prints the median time of run --once on them, then the median time a
# SIGTERM takes to stop one, sent a tenth of the way into the run (while
# it starts: the first scans) and halfway (while it reads), in seconds.
many_segments() {
	$logproc generate --count $(($1 * 5)) --interval 0 --rotate-size 1K \
	    --seed 4 --output "$work/many" > /dev/null
	ns=$(runs=$many_runs; median_ns "rm -rf $work/many-offsets" \
	    "$logproc run --once --quiet --logs-dir $work/many --offsets-dir $work/many-offsets")
	for share in 10 50; do
		: > "$work/stops"
		i=0
		while [ "$i" -lt "$many_runs" ]; do
			stop_latency "$work/many" "$(awk -v ns="$ns" -v p="$share" \
			    'BEGIN { printf "%.3f", ns * p / 100 / 1e9 }')" >> "$work/stops"
			i=$(( i + 1 ))
		done
		median_of "$work/stops" > "$work/stop-$share"
	done
	awk -v n="$(ls "$work/many" | wc -l)" -v ns="$ns" \
	    -v early="$(cat "$work/stop-10")" -v late="$(cat "$work/stop-50")" 'BEGIN {
		printf "%d segments: run --once %.3f s; SIGTERM stops it in %.3f s while it starts, %.3f s while it reads\n",
		    n, ns / 1e9, early / 1e9, late / 1e9 }'
	rm -rf "$work/many" "$work/many-offsets"
}
many_runs=${BENCH_MANY_RUNS:-3}
for count in ${BENCH_MANY_SEGMENTS:-10000 100000}; do
	many_segments "$count"
done > "$work/many-segments"

follow_latency > "$work/latency"	# not in a subshell: sets $follower
latency=$(cat "$work/latency")
cpu=$(idle_cpu "$follower" "$idle_seconds")
kill "$follower"
wait "$follower" 2> /dev/null || true

echo
awk -v a="$rss_small" -v b="$rss_big" -v n="$lines" -v m="$big_lines" 'BEGIN {
	printf "peak RSS, run --once, 2 workers: %.1f MiB at %d lines, %.1f MiB at %d lines\n",
	    a / 1024, n, b / 1024, m }'
echo "scale, following an unchanging directory: $(cat "$work/scan")"
echo "many segments (five lines each; median of $many_runs runs each):"
sed 's/^/  /' "$work/many-segments"
echo "follow latency (a line appended to app.log until it is in --output; median of 11): $latency ms"
echo "idle CPU while following an unchanging directory for $idle_seconds s: $cpu% of a core"
echo "fast path speed-up, 1 worker: $(ratio run-jansson-1 run-fast-1)x; 2 workers: $(ratio run-jansson-2 run-fast-2)x"
echo "2 workers over 1, fast: $(ratio run-fast-1 run-fast-2)x; jansson: $(ratio run-jansson-1 run-jansson-2)x"
awk -v w="$(cat "$work/workers2")" -v m="$(cat "$work/machine2")" 'BEGIN {
	printf "2 workers over 1, fast, median of per-pair ratios: %.3fx; the machine'"'"'s ceiling (two 1-worker processes, each on half the segments, over one on all): %.3fx\n", 1 / w, 1 / m }'
echo "checkpoint cost (default --commit-every 100 over 1000000, 1 worker, fast; median of per-pair ratios): $(fmt3 commit)x"
echo "engine overhead, Jansson (run --once, 1 worker, over the bare json_loadb loop; median of per-pair ratios): $(fmt3 engine)x"
echo "engine overhead, Jansson, allocator aside (over the json_loadb loop in the engine's arena): $(fmt3 engine-arena)x"
if [ -s "$work/tui-ratio" ]; then
	awk -v r="$(cat "$work/tui-ratio")" -v p="$(cat "$work/tui-run")" 'BEGIN {
		printf "dashboard cost: tui --once takes %.3f times as long as run --once\n", r
		printf "(2 workers, fast; median of per-pair ratios, run and tui alternating; run %.3f s)\n", p / 1e9 }'
else
	echo "tmux not installed: the dashboard's cost is not measured"
fi
