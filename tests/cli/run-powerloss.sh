# run-powerloss.sh: a power loss at any moment of a run leaves a
# checkpoint that loads and agrees with the output, the last one complete
# at that moment, and a restart from it ends with exact totals and the
# output of a clean run. logproc runs (killed with -9, restarted, then
# started over with --reset and a filter) with the shim
# tests/helpers/syncshim.so preloaded, which journals every change it
# makes under st/ (offsets, output, rejects); crashreplay then rebuilds,
# for points around every sync, rename and creation, what a power loss
# there would leave, under four models of what survives: only what was
# synced (synced), everything (all), every change of names but only
# synced data (names), all data but only synced names (data).
. "$TESTS_SRCDIR/lib.sh"
: "${SYNCSHIM:?run the tests with make check}"
: "${CRASHREPLAY:?run the tests with make check}"

models="all synced names data"	# all first: "between" compares with it
# The offsets directory two levels down: each new directory must be made
# durable in its parent.
run_options="--workers 1 --quiet --commit-every 20 --scan-interval 10ms
    --offsets-dir st/var/offsets --output st/out.ndjson
    --rejects st/rejects.txt"

# The shim journals what changes under st/ in the processes started with
# LD_PRELOAD="$SYNCSHIM"; ASan must not insist on coming first in the
# libraries. TSan must not wait a second at each exit: there are many
# restarts, their threads all joined.
SYNCSHIM_ROOT=$work/st SYNCSHIM_JOURNAL=$work/journal
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}atexit_sleep_ms=0"
export SYNCSHIM_ROOT SYNCSHIM_JOURNAL ASAN_OPTIONS TSAN_OPTIONS

# counted N: the checkpoint in st/ counts N lines or more.
counted() {
	lines=$("$LOGPROC" status --json --offsets-dir st/var/offsets 2> /dev/null |
	    jq -e .totals.lines) && [ "$lines" -ge "$1" ]
}

# Does the shim work here? A sanitizer's runtime may refuse a preload.
mkdir logs st probe
"$LOGPROC" generate --count 10 --interval 0 --output probe-logs > /dev/null
if ! LD_PRELOAD="$SYNCSHIM" SYNCSHIM_ROOT="$work/probe" \
    SYNCSHIM_JOURNAL="$work/probe.journal" "$LOGPROC" run --once --quiet \
    --logs-dir probe-logs --offsets-dir probe/offsets > probe.out 2>&1 ||
    ! "$CRASHREPLAY" list probe.journal 2>&1 |
    grep -q ' rename offsets/checkpoint.json$'; then
	if [ "${SANITIZERS:-no}" != no ]; then
		echo "run-powerloss: skipped: the LD_PRELOAD shim does not work with" \
		    "--enable-sanitizers=$SANITIZERS here:" >&2
		head -n 5 probe.out >&2
		exit 77
	fi
	cat probe.out >&2
	fail "logproc run under the shim failed, or its journal shows no checkpoint"
fi

# Under the shim: a following run killed with -9 part way, then a second
# one that restarts from its checkpoint (cutting the output back) and
# stops on SIGTERM once it has counted every line.
"$LOGPROC" generate --count 2400 --interval 300us --rotate-size 48K \
    --malformed 0.02 --seed 7 --truth truth.json > /dev/null &
gen=$!
# shellcheck disable=SC2086
LD_PRELOAD="$SYNCSHIM" "$LOGPROC" run $run_options > /dev/null 2>&1 &
run=$!
wait_until 30 counted 700
kill -9 "$run"
wait "$run" 2> /dev/null || true
# shellcheck disable=SC2086
LD_PRELOAD="$SYNCSHIM" "$LOGPROC" run $run_options > /dev/null 2>&1 &
run=$!
wait "$gen"
wait_until 60 counted "$(json_get truth.json lines)"
kill -s TERM "$run"
wait "$run" || fail "the run under the shim exited with $? after SIGTERM"
cp st/out.ndjson out-all.ndjson
cp st/rejects.txt rejects-all.txt

# Then a third starts over with --reset and another filter: until its
# first checkpoint is durable, the second run's may survive, but never
# with the third's output.
# shellcheck disable=SC2086
LD_PRELOAD="$SYNCSHIM" "$LOGPROC" run --once --reset --min-level error \
    $run_options > /dev/null 2>&1 || fail "the run with --reset failed"

# The references: clean runs from scratch over the same logs, without a
# filter (ref) and with it (ref-error). With one worker the output's
# order is that of the lines, whatever the timing.
expect_status 0 "$LOGPROC" run --once --quiet --json --workers 1 \
    --offsets-dir ref/offsets --output ref/out.ndjson --rejects ref/rejects.txt
"$TRUTHCMP" truth.json out ref/out.ndjson || fail "the reference run is wrong"
expect_status 0 "$LOGPROC" run --once --quiet --workers 1 --min-level error \
    --offsets-dir ref-error/offsets --output ref-error/out.ndjson \
    --rejects ref-error/rejects.txt
"$LOGPROC" status --json --offsets-dir ref-error/offsets |
    jq .totals > ref-error/totals.json
cmp -s out-all.ndjson ref/out.ndjson &&
    cmp -s rejects-all.txt ref/rejects.txt ||
    fail "the runs under the shim wrote another output or rejects than ref"
cmp -s st/out.ndjson ref-error/out.ndjson &&
    cmp -s st/rejects.txt ref-error/rejects.txt ||
    fail "the run with --reset wrote another output or rejects than ref-error"

# The journal holds every change: replayed whole, it gives st/ as it is.
"$CRASHREPLAY" rebuild all end journal whole || fail "cannot replay the journal"
diff -r -q st whole >&2 || fail "the journal misses changes made to st/"
mv st journaled

"$CRASHREPLAY" list journal > points || fail "cannot list the journal"
records=$(sed -n 's/^records //p' points)
commits=$(grep -c ' rename var/offsets/checkpoint.json$' points) || true
[ "$commits" -ge 6 ] || fail "only $commits commits in the journal"
echo "ok: $records records and $commits checkpoints journaled, rebuilding st/"

# survivor DIR: sets filter and ref to the filter and the reference of
# the run whose checkpoint survived in DIR (that of the first runs if
# none did: then any run may start).
survivor() {
	filter= ref=ref
	if grep -q '"min_level": "ERROR"' "$1/var/offsets/checkpoint.json" \
	    2> /dev/null; then
		filter="--min-level error" ref=ref-error
	fi
}

# check_sink DIR FILE COMMITTED WHERE: DIR/FILE survived with at least
# COMMITTED bytes, and those are the reference's first ones.
check_sink() {
	[ "$3" -eq 0 ] || cmp -s -n "$3" "$1/$2" "$ref/$2" ||
	    fail "$4: $2 has $(cat "$1/$2" 2> /dev/null | wc -c) bytes, the" \
	    "checkpoint counts $3, or they are not $ref's first ones"
}

# check_state DIR WHERE: a checkpoint in DIR, if one survived, loads and
# agrees with the output and the rejects there. (The committed lengths
# are read without a process: there are many states to check.)
check_state() {
	[ -e "$1/var/offsets/checkpoint.json" ] || return 0
	"$LOGPROC" status --json --offsets-dir "$1/var/offsets" > status.json \
	    2> err || { cat err >&2; fail "$2: the checkpoint does not load"; }
	survivor "$1"
	set -- "$1" "$2"
	while read -r key value; do
		[ "$key" != '"committed_bytes":' ] || set -- "$@" "${value%,}"
	done < status.json
	[ $# -eq 4 ] || fail "$2: no committed lengths in the checkpoint"
	check_sink "$1" out.ndjson "$3" "$2"
	check_sink "$1" rejects.txt "$4" "$2"
}

# adopt_files: crashreplay rebuilds every file afresh, with a new inode,
# where a power loss keeps the file that survives: gives the checkpoint
# in st/, if any, the device and inode of the rebuilt output and rejects,
# which the restart checks. (A file missing is left to the restart.)
adopt_files() {
	set -- st/var/offsets/checkpoint.json
	[ -e "$1" ] && [ -e st/out.ndjson ] && [ -e st/rejects.txt ] || return 0
	jq --argjson od "$(stat -c %d st/out.ndjson)" \
	    --argjson oi "$(stat -c %i st/out.ndjson)" \
	    --argjson rd "$(stat -c %d st/rejects.txt)" \
	    --argjson ri "$(stat -c %i st/rejects.txt)" \
	    '.output.device = $od | .output.inode = $oi |
	    .rejects.device = $rd | .rejects.inode = $ri' "$1" > adopted.json
	mv adopted.json "$1"
}

# check_restart DIR WHERE: a restart from DIR, moved to st/, with the
# options of the run that wrote its checkpoint, ends with exact totals
# (the truth's, or the filtered reference's) and the reference's output
# and rejects.
check_restart() {
	survivor "$1"
	rm -rf st
	mv "$1" st
	adopt_files
	# shellcheck disable=SC2086
	"$LOGPROC" run --once --json $filter $run_options > restart.json \
	    2> err || { cat err >&2; fail "$2: the restart failed"; }
	if [ -z "$filter" ]; then
		"$TRUTHCMP" truth.json restart.json st/out.ndjson
	else
		filtered=$((filtered + 1))
		"$LOGPROC" status --json --offsets-dir st/var/offsets |
		    jq .totals | cmp -s - ref-error/totals.json
	fi || fail "$2: wrong totals after the restart"
	cmp -s st/out.ndjson "$ref/out.ndjson" ||
	    fail "$2: the output after the restart is not $ref's"
	cmp -s st/rejects.txt "$ref/rejects.txt" ||
	    fail "$2: the rejects after the restart are not $ref's"
}

# The points: just before and just after each record listed, and the end;
# of those within a commit, all around the checkpoint's rename and every
# third one elsewhere.
# Between two commits of one process (just before the output's
# fdatasync that starts the next) and at the end, the last commit is
# complete: every model must then keep the checkpoint it wrote.
awk '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }' points | {
	last=
	while read -r index op path; do
		case $op in
		start) last=start ;;
		rename) [ "$path" != var/offsets/checkpoint.json ] || last=commit ;;
		esac
		case $op/$path/$last in
		fdatasync/out.ndjson/commit) echo "$index between" ;;
		*) echo "$index before-$op-$path" ;;
		esac
		echo "$((index + 1)) after-$op-$path"
	done
	echo "$records between"
} | awk '!($1 in label) || $2 == "between" || $2 ~ /-rename-/ { label[$1] = $2 }
    END { for (point in label) print point, label[point] }' | sort -n |
    awk '$2 ~ /^(between|(before|after)-rename-|after-fsync-var\/offsets$)/ ||
    $2 !~ /checkpoint.json|out.ndjson|rejects.txt/ || NR % 3 == 0' > chosen
echo "ok: $(wc -l < chosen) crash points"

# Restarts are the slow part: each model where the surviving checkpoint
# changes (all: at the rename; synced: once the directory is synced),
# and one model in turn at every eighth point.
checks=0 restarts=0 filtered=0 n=0
while read -r point label; do
	n=$((n + 1))
	rm -rf rebuilt
	"$CRASHREPLAY" rebuild every "$point" journal rebuilt ||
	    fail "cannot rebuild point $point"
	for model in $models; do
		where="point $point ($label, model $model)"
		check_state "rebuilt/$model" "$where"
		checks=$((checks + 1))
		if [ "$label" = between ] &&
		    [ -e rebuilt/all/var/offsets/checkpoint.json ]; then
			cmp -s "rebuilt/$model/var/offsets/checkpoint.json" \
			    rebuilt/all/var/offsets/checkpoint.json ||
			    fail "$where: the last complete commit did not survive"
		fi
	done
	i=0
	for model in $models; do
		i=$((i + 1))
		case $model/$label in
		all/*-rename-var/offsets/checkpoint.json) ;;
		synced/before-rename-var/offsets/checkpoint.json) ;;
		synced/after-fsync-var/offsets) ;;
		*) [ $((n % 8)) -eq 0 ] && [ $((n / 8 % 4 + 1)) -eq $i ] ||
		    continue ;;
		esac
		check_restart "rebuilt/$model" "point $point ($label, model $model)"
		restarts=$((restarts + 1))
	done
done < chosen
echo "ok: $checks rebuilt states consistent, $restarts restarts exact" \
    "($filtered of them with the filter of the run with --reset)"
