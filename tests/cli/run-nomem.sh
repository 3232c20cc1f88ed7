# run-nomem.sh: running out of memory at any allocation either is
# recovered from or ends logproc with status 1 and a message: never a
# crash, a hang, a torn checkpoint, or a line lost, counted twice or
# counted as rejected. The LD_PRELOAD shim tests/helpers/allocshim.c fails
# allocation number N of a run (counted from main on): N takes values
# spread over loading the locale, then every value through the rest of
# start-up (options, opening the engine, the first scans, the threads),
# then values spread over the whole run (scanning, reading gzip and
# plain segments, parsing with either parser, committing, the summary).
# After each, the checkpoint loads, and a run without the fault ends with
# the generator's exact totals and the output of a clean run, byte for
# byte. Then records too large for Jansson's arena, then the same from an
# existing checkpoint (loading it), then logproc status and generate.
. "$TESTS_SRCDIR/lib.sh"

if [ "${SANITIZERS:-no}" != no ]; then
	echo "SKIP: this build has --enable-sanitizers=$SANITIZERS, whose" \
	    "allocator an LD_PRELOAD shim cannot replace" >&2
	exit 77
fi
if [ ! -f "${ALLOCSHIM:-}" ]; then
	echo "SKIP: no allocation shim (${ALLOCSHIM:-ALLOCSHIM unset}): it" \
	    "needs glibc's __libc_malloc" >&2
	exit 77
fi
if [ "$(head -c 2 "$LOGPROC")" = '#!' ]; then
	echo "SKIP: $LOGPROC is a script (valgrind?), which the shim" \
	    "would go into" >&2
	exit 77
fi

# The same locale everywhere, without a catalog: glibc 2.36's gettext
# crashes if an allocation fails while it sets up the conversion of a
# catalog's messages (_nl_find_msg does not check __gconv_create_spec),
# which no program can prevent.
unset LANGUAGE LOGPROC_LOCALEDIR
LC_ALL=C.UTF-8
export LC_ALL

# with_fault N COMMAND...: runs COMMAND with allocation N failing (and
# every later one too while from_n_on is 1), its output in out and err,
# its status in $status; a hang ends after 30 s (status 124 or 137).
from_n_on=0
with_fault() {
	n=$1
	shift
	set +e
	timeout -k 5 30 env LD_PRELOAD="$ALLOCSHIM" ALLOCSHIM_FAIL="$n" \
	    ALLOCSHIM_FROM="$from_n_on" "$@" > out 2> err
	status=$?
	set -e
}

# count_allocations COMMAND...: prints how many allocations COMMAND makes
# (its output goes to out and err).
count_allocations() {
	rm -f count
	env LD_PRELOAD="$ALLOCSHIM" ALLOCSHIM_COUNT="$work/count" "$@" \
	    > out 2> err || { cat err >&2; fail "'$*' failed without a fault"; }
	[ -s count ] || fail "the shim wrote no count for '$*'"
	cat count
}

# check_end COMMAND: the run with a fault ended with status 0, or 1 with
# a message; either way every line on stderr is one of logproc COMMAND's
# messages (not a sanitizer's, libc's or the shell's).
check_end() {
	case $status in
	0|1) ;;
	*) cat err >&2; fail "allocation $n failing: exit status $status" \
	    "(a signal, or a hang)" ;;
	esac
	while IFS= read -r line; do
		case $line in
		"logproc $1: "*) ;;
		*) cat err >&2
		   fail "allocation $n failing: stderr has a line not from logproc $1" ;;
		esac
	done < err
	[ "$status" = 0 ] || [ -s err ] ||
	    fail "allocation $n failing: status 1 without a message"
}

# spread FIRST LAST COUNT: prints COUNT numbers spread evenly from FIRST
# to LAST.
spread() {
	awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN {
		for (i = 0; i < k; i++) printf "%d\n", a + (b - a) * i / (k - 1) }'
}

# The allocations before main's own: loading the locale's data.
locale_allocations=$(count_allocations "$LOGPROC" --version)

# The log directory: gzip segments, a plain one (delaycompress), the
# active file, malformed lines of every kind.
"$LOGPROC" generate --count 2500 --interval 0 --seed 11 --malformed 0.03 \
    --rotate-size 24K --compress --delay-compress --truth truth.json
ls logs | grep -q '\.gz$' || fail "no gzip segment to read"

# run_options: prints the options of a run, set by the variables logs,
# offsets, output (and OUTPUT-rejects) and parser; one worker, so that
# the output is in the same order every time. (No spaces in them.)
run_options() {
	echo "run --once --quiet --json --workers 1 --logs-dir $logs" \
	    "--offsets-dir $offsets --output $output --rejects $output-rejects" \
	    "--parser $parser"
}

# check_run N CLEAN: runs with allocation N failing and checks how it
# ended. If it failed, the checkpoint it left must load, and a run without
# the fault finishes (unless there is nothing to go on from: no checkpoint
# and no output, where that run would be a clean one). Then the totals
# (the run's and the checkpoint's) must be the truth, and the output must
# be CLEAN, a clean run's.
check_run() {
	with_fault "$1" "$LOGPROC" $(run_options)
	check_end run
	if [ "$status" = 1 ]; then
		if [ ! -f "$offsets/checkpoint.json" ] && [ ! -s "$output" ]; then
			return 0
		fi
		if [ -f "$offsets/checkpoint.json" ]; then
			expect_status 0 "$LOGPROC" status --logs-dir "$logs" \
			    --offsets-dir "$offsets"
		fi
		expect_status 0 "$LOGPROC" $(run_options)
	fi
	"$TRUTHCMP" truth.json out "$output" ||
	    fail "allocation $1 failing ($parser): the totals differ from the truth"
	"$LOGPROC" status --json --logs-dir "$logs" --offsets-dir "$offsets" \
	    > status.json || fail "allocation $1 failing ($parser): no checkpoint"
	"$TRUTHCMP" truth.json status.json ||
	    fail "allocation $1 failing ($parser): the checkpoint differs from the truth"
	cmp -s "$output" "$2" ||
	    fail "allocation $1 failing ($parser): the output differs from a clean run's"
}

# fresh: no checkpoint, no output.
fresh() {
	rm -rf "$offsets" "$output" "$output-rejects"
}

logs=logs offsets=offsets output=out.ndjson
for parser in fast jansson; do
	fresh
	allocations=$(count_allocations "$LOGPROC" $(run_options))
	[ "$allocations" -gt 1000 ] ||
	    fail "$allocations allocations counted in a run: the shim is not in effect"
	"$TRUTHCMP" truth.json out out.ndjson || fail "a clean run differs from the truth"
	cp out.ndjson clean-$parser.ndjson
	eval "allocations_$parser=$allocations"
done
cmp -s clean-fast.ndjson clean-jansson.ndjson ||
    fail "the parsers select other records"

# Allocations spread over loading the locale, then every one of the
# rest of start-up (the options, opening the engine, the first two scans,
# starting the threads), then allocations spread over the rest of the
# run, to its very end, with the fast parser; spread with Jansson.
startup=$((locale_allocations + 250))
tried=0
parser=fast
for n in $(spread 1 "$locale_allocations" 25) \
    $(seq "$locale_allocations" "$startup") \
    $(spread "$startup" $((allocations_fast + 2)) 120); do
	fresh
	check_run "$n" clean-fast.ndjson
	tried=$((tried + 1))
done
parser=jansson
for n in $(spread 1 $((allocations_jansson + 2)) 40); do
	fresh
	check_run "$n" clean-jansson.ndjson
	tried=$((tried + 1))
done
# Every allocation from the first failed one on fails too: logproc still
# says why it stops. (Over the first half of the run: from a point near
# its end, there may be nothing left to fail.)
parser=fast
from_n_on=1
for n in $(spread "$locale_allocations" $((allocations_fast / 2)) 10); do
	fresh
	with_fault "$n" "$LOGPROC" $(run_options)
	check_end run
	[ "$status" = 1 ] || fail "allocations failing from $n on: status $status"
done
from_n_on=0
echo "ok: $tried runs, each with one of ~$allocations_fast allocations failing"

# Records too large for the arena Jansson parses in, which then takes
# memory from the heap: failing that must not make a valid record count
# as rejected. The reference is a clean run (jq -S .totals): there is no
# generator's truth for these.
mkdir big
awk 'BEGIN {
	for (i = 0; i < 30; i++) {
		printf "{\"timestamp\":\"2026-01-01T00:00:%02dZ\",\"level\":\"INFO\",", i
		printf "\"service\":\"big\",\"message\":\""
		for (j = 0; j < 2000 + 200 * i; j++) printf "0123456789"
		print "\"}"
		print "{\"level\":\"WARN\",\"service\":\"small\",\"message\":\"m\"}"
	}
}' > big/app.log.1
sed 's/2026-01-01T00:00/2026-01-01T00:01/' big/app.log.1 > big/app.log
touch -d '2026-01-01 00:00' big/app.log.1
logs=big offsets=big-offsets output=big.ndjson parser=jansson
fresh
allocations=$(count_allocations "$LOGPROC" $(run_options))
jq -S .totals out > clean-big-totals.json
cp big.ndjson clean-big.ndjson
[ "$(jq .totals.records out)" = 120 ] || fail "the large records were not all read"
for n in $(spread "$locale_allocations" $((allocations + 2)) 80); do
	fresh
	with_fault "$n" "$LOGPROC" $(run_options)
	check_end run
	if [ "$status" = 1 ]; then
		if [ -f big-offsets/checkpoint.json ]; then
			expect_status 0 "$LOGPROC" status --logs-dir big \
			    --offsets-dir big-offsets
		fi
		expect_status 0 "$LOGPROC" $(run_options)
	fi
	jq -S .totals out > big-totals.json
	cmp -s big-totals.json clean-big-totals.json ||
	    fail "allocation $n failing: large records counted otherwise"
	cmp -s big.ndjson clean-big.ndjson ||
	    fail "allocation $n failing: the large records' output differs"
done
echo "ok: large records with one of ~$allocations allocations failing"

# From an existing checkpoint: the older segments were read by a clean
# run; the others are new. Hard links keep their identity (device and
# inode) when the others join them.
mkdir part
for name in $(rotation_order logs timestamp | head -n 8); do
	ln "logs/$name" "part/$name"
done
logs=part offsets=part-offsets output=part.ndjson
expect_status 0 "$LOGPROC" $(run_options)
for name in $(ls logs); do
	[ -f "part/$name" ] || ln "logs/$name" "part/$name"
done
mkdir saved
cp part-offsets/checkpoint.json part.ndjson part.ndjson-rejects saved/

# restore: the checkpoint and output files as the first run left them.
restore() {
	rm -rf part-offsets
	mkdir part-offsets
	cp saved/checkpoint.json part-offsets/
	cp saved/part.ndjson saved/part.ndjson-rejects .
}

# Loading the checkpoint takes about as many allocations as status does.
restore
loading=$(count_allocations "$LOGPROC" status --logs-dir part \
    --offsets-dir part-offsets)
allocations=$(count_allocations "$LOGPROC" $(run_options))
"$TRUTHCMP" truth.json out part.ndjson || fail "a resumed run differs from the truth"
cmp -s part.ndjson clean-fast.ndjson || fail "a resumed run's output differs"
tried=0
for n in $(spread 1 "$loading" 80) $(spread "$loading" $((allocations + 2)) 30); do
	restore
	check_run "$n" clean-fast.ndjson
	tried=$((tried + 1))
done
echo "ok: $tried resumed runs, each with one of ~$allocations allocations failing"

# logproc status, of the whole log directory: each failure ends with
# status 1 and a message, or the same report as without it.
restore
expect_status 0 "$LOGPROC" $(run_options)
for format in text json; do
	[ "$format" = text ] && json= || json=--json
	allocations=$(count_allocations "$LOGPROC" status --logs-dir part \
	    --offsets-dir part-offsets $json)
	cp out clean-status
	for n in $(spread 1 $((allocations + 2)) 100); do
		with_fault "$n" "$LOGPROC" status --logs-dir part \
		    --offsets-dir part-offsets $json
		check_end status
		if [ "$status" = 0 ] && ! cmp -s out clean-status; then
			diff clean-status out >&2 || true
			fail "allocation $n failing: status shows another checkpoint"
		fi
	done
	echo "ok: logproc status ($format) with one of its $allocations" \
	    "allocations failing"
done

# logproc generate: status 1 and a message, or the same files and truth
# as without the fault.
generate="generate --count 300 --interval 0 --seed 5 --malformed 0.05 --rotate-size 6K --compress --output gen --truth gen-truth.json"

# contents: prints every segment of gen/, decompressed, by name.
contents() {
	for name in $(ls gen); do
		echo "== $name"
		cat_segment "gen/$name"
	done
}

rm -rf gen
allocations=$(count_allocations "$LOGPROC" $generate)
contents > clean-gen
cp gen-truth.json clean-gen-truth.json
for n in $(spread 1 "$locale_allocations" 25) \
    $(seq "$locale_allocations" $((allocations + 2))); do
	rm -rf gen gen-truth.json
	with_fault "$n" "$LOGPROC" $generate
	check_end generate
	[ "$status" = 1 ] && continue
	cmp -s gen-truth.json clean-gen-truth.json ||
	    fail "allocation $n failing: generate wrote another truth"
	contents > gen-contents
	cmp -s gen-contents clean-gen ||
	    fail "allocation $n failing: generate wrote other segments"
done
echo "ok: logproc generate with one of its $allocations allocations failing"
