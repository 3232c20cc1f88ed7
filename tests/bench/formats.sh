#!/bin/sh
# formats.sh: make bench's rows for the log formats. For each built-in
# schema (logproc schema list, docker as docker:logproc, and docker:pino)
# it generates the same records (same seed, same count) in that format,
# then measures one worker reading them: parseloop's ingest loop (every
# line through ingest_line with the schema and the fast parser) and the
# whole process (run --once --workers 1), each paired with --schema auto
# (the two alternate, so both see the same machine). Then the logproc
# format against the code before the schemas, built by base.sh, paired
# the same way. Figures, not verdicts: nothing here passes or fails on
# time.
#
#   formats.sh LOGPROC PARSELOOP SRCDIR BASEDIR
#   BENCH_FORMAT_LINES (default BENCH_LINES, 1000000): records per format;
#   BENCH_RUNS (default 5): pairs per figure; BENCH_FORMATS: the formats
#   measured (default all); BENCH_BASE (default 072821e, main before the
#   schemas; "none" skips the comparison). BASEDIR keeps base.sh's build.
#   BENCH_CC, BENCH_CPPFLAGS, BENCH_CFLAGS and BENCH_LIBS come from make.
set -eu
logproc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
parseloop=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
srcdir=$3
basedir=$4
lines=${BENCH_FORMAT_LINES:-${BENCH_LINES:-1000000}}
runs=${BENCH_RUNS:-5}
base=${BENCH_BASE:-072821e}
work=$(mktemp -d "${TMPDIR:-/tmp}/logproc-formats.XXXXXX")
trap 'rm -rf "$work"' EXIT

# median_of FILE: the median of the numbers in FILE, one per line.
median_of() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# timed COMMAND: a command line that runs COMMAND and prints its time in
# nanoseconds.
timed() {
	echo "start=\$(date +%s%N); $1 > /dev/null; echo \$((\$(date +%s%N) - start))"
}

# paired KEY A B: runs A and B alternately RUNS times, each after
# removing the offsets (A and B print their own time in nanoseconds as
# their last field); keeps in KEY-a and KEY-b the median times and in
# KEY the median of the per-pair speed ratios, time of A over time of B
# (above 1: B is faster).
paired() {
	: > "$work/pairs"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/offsets"
		a=$(sh -c "$2" | awk '{ print $NF }')
		rm -rf "$work/offsets"
		b=$(sh -c "$3" | awk '{ print $NF }')
		echo "$a $b" >> "$work/pairs"
		i=$(( i + 1 ))
	done
	awk '{ print $1 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1-a"
	awk '{ print $2 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1-b"
	awk '{ print $1 / $2 }' "$work/pairs" > "$work/times"
	median_of "$work/times" > "$work/$1"
}

# gbps KEY: the input's GB/s in the median time kept in KEY.
gbps() {
	awk -v b="$bytes" -v ns="$(cat "$work/$1")" 'BEGIN { printf "%.3f", b / ns }'
}

# fmt3 KEY: the number kept in KEY with three decimals.
fmt3() {
	awk '{ printf "%.3f", $1 }' "$work/$1"
}

formats=${BENCH_FORMATS:-$($logproc schema list | sed 's/^docker$/docker:logproc/') docker:pino}
run="$logproc run --once --quiet --workers 1 --parser fast --logs-dir $work/logs --offsets-dir $work/offsets"

echo "formats: $lines records each (seed 1), one worker, fast parser; median of $runs pairs"
echo "ingest: parseloop ingest (ingest_line over each file, just copied into one buffer); run: run --once --workers 1"
echo "auto/named: speed with --schema auto over the named schema, median of per-pair ratios"
echo "/logproc: ingest GB/s over the logproc format's, the machine's own yardstick"
echo
echo "| format          |      MB | auto picks      | ingest GB/s | /logproc | auto/named | run GB/s | auto/named |"
echo "|-----------------|---------|-----------------|-------------|----------|------------|----------|------------|"
for format in $formats; do
	rm -rf "$work/logs"
	$logproc generate --schema "$format" --count "$lines" --interval 0 \
	    --seed 1 --output "$work/logs" > /dev/null
	bytes=$(cat "$work"/logs/* | wc -c)
	picked=$($parseloop ingest auto "$work"/logs/* | awk '{ print $1 }')
	paired ingest "$parseloop ingest $format $work/logs/*" \
	    "$parseloop ingest auto $work/logs/*"
	paired run "$(timed "$run --schema $format")" \
	    "$(timed "$run --schema auto")"
	if [ "$format" = logproc ]; then
		logproc_gbps=$(gbps ingest-a)
	fi
	printf '| %-15s | %7.1f | %-15s | %11s | %8s | %10s | %8s | %10s |\n' \
	    "$format" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" \
	    "$picked" "$(gbps ingest-a)" "$(awk -v a="$(gbps ingest-a)" \
	    -v l="${logproc_gbps:-0}" 'BEGIN { if (l > 0) printf "%.3f", a / l;
	    else printf "-" }')" "$(fmt3 ingest)" "$(gbps run-a)" "$(fmt3 run)"
	if [ "$format" = logproc ]; then
		cp -R "$work/logs" "$work/logproc-logs"
		logproc_bytes=$bytes
	fi
done
rm -rf "$work/logs"
# What auto's choice itself costs, once per run: detection from the
# first 64 lines (and their parse, a few microseconds).
if [ -d "$work/logproc-logs" ]; then
	head -n 64 "$(find "$work/logproc-logs" -type f | sort | head -n 1)" \
	    > "$work/head.log"
	: > "$work/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		$parseloop ingest auto "$work/head.log" | awk '{ print $NF }' >> "$work/times"
		i=$(( i + 1 ))
	done
	echo
	awk -v ns="$(median_of "$work/times")" 'BEGIN {
		printf "--schema auto'"'"'s choice, once per run (64 logproc lines): %.1f ms\n", ns / 1e6 }'
fi

if [ "$base" = none ] || [ ! -d "$work/logproc-logs" ]; then
	exit 0
fi
echo
if ! sh "$srcdir/tests/bench/base.sh" "$srcdir" "$base" "$basedir" \
    2> "$work/base.err"; then
	echo "logproc format against $base: not measured ($(tail -n 1 "$work/base.err"))"
	exit 0
fi
mv "$work/logproc-logs" "$work/logs"
bytes=$logproc_bytes
old_run="$basedir/logproc run --once --quiet --workers 1 --parser fast --logs-dir $work/logs --offsets-dir $work/offsets"
echo "logproc format against $base (main before the schemas), speed now over then, median of per-pair ratios:"
paired old-ingest "$basedir/parseloop ingest logproc $work/logs/*" \
    "$parseloop ingest logproc $work/logs/*"
paired old-ingest-auto "$basedir/parseloop ingest logproc $work/logs/*" \
    "$parseloop ingest auto $work/logs/*"
paired old-run "$(timed "$old_run")" "$(timed "$run --schema logproc")"
paired old-run-auto "$(timed "$old_run")" "$(timed "$run --schema auto")"
echo "  ingest loop, --schema logproc: $(fmt3 old-ingest) ($(gbps old-ingest-a) GB/s then, $(gbps old-ingest-b) GB/s now)"
echo "  ingest loop, --schema auto:    $(fmt3 old-ingest-auto) ($(gbps old-ingest-auto-a) GB/s then, $(gbps old-ingest-auto-b) GB/s now)"
echo "  run --once, --schema logproc:  $(fmt3 old-run) ($(gbps old-run-a) GB/s then, $(gbps old-run-b) GB/s now)"
echo "  run --once, --schema auto:     $(fmt3 old-run-auto) ($(gbps old-run-auto-a) GB/s then, $(gbps old-run-auto-b) GB/s now)"
