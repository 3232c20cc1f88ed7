# run-faults.sh: I/O faults, end to end. A full offsets directory (a
# real small tmpfs when this runs as root and may mount one, and always
# the LD_PRELOAD shim tests/helpers/faultshim.so): with --once, exit 1
# naming the file, the last checkpoint intact and loadable, no temporary
# file left (so too for EIO syncing or renaming that file); following,
# retries with backoff while the workers go on, then a checkpoint again,
# and a SIGTERM during the outage exits 1 in a bounded time. ENOSPC and
# EIO writing --output, EIO syncing it, EIO reading a plain and a gzip
# segment, in a worker and in the scanner: exit 1 naming the file.
# Every time, once the fault is gone, a restart ends with the
# generator's exact totals and an output byte for byte that of a run
# without faults.
. "$TESTS_SRCDIR/lib.sh"
: "${FAULTSHIM:?run the tests with make check}"

# On the way out, unmount the tmpfs, if one is mounted, before lib.sh's
# clean-up removes the scratch directory.
trap 'umount "$work/offsets" 2> /dev/null ||
	umount -l "$work/offsets" 2> /dev/null || true
	pkill -P $$ 2> /dev/null || true; rm -rf "$work"' EXIT

# $shim FAULTSHIM_SETTING=VALUE... COMMAND...: runs COMMAND with the
# fault shim preloaded, its settings given (see faultshim.c), logging
# every fault it injects to shim.log; env execs COMMAND, so that $! of
# one run in the background is logproc's. AddressSanitizer wants its
# runtime first among the libraries; with the shim first it is told not
# to mind.
case $FAULTSHIM$work in
*[[:space:]]*)
	echo "run-faults: a blank in the path of the shim or of $work; skipped" >&2
	exit 77 ;;
esac
shim="env LD_PRELOAD=$FAULTSHIM FAULTSHIM_LOG=$work/shim.log"
shim="$shim ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# The shim must take effect on $LOGPROC, or none of this tests anything.
mkdir probe
set +e
$shim FAULTSHIM_PATH=probe FAULTSHIM_OPS=open FAULTSHIM_ERRNO=EACCES \
    "$LOGPROC" run --once --logs-dir probe > /dev/null 2> probe.err
set -e
if ! grep -q "log directory probe: Permission denied" probe.err; then
	cat probe.err >&2
	echo "run-faults: the LD_PRELOAD shim has no effect on $LOGPROC; skipped" >&2
	exit 77
fi
rm -rf probe probe.err offsets shim.log

# The logs: 8,000 lines in about 16 segments of 96K and app.log, one
# of them gzipped. They are handed to logproc in four parts, oldest
# first, each file moved in whole: part1 to part3 the rotated segments,
# part4 app.log.
"$LOGPROC" generate --count 8000 --interval 0 --rotate-size 96K \
    --malformed 0.01 --seed 6 --truth truth.json --output gen > /dev/null
rotation_order gen timestamp > order
count=$(wc -l < order)
[ "$count" -ge 12 ] || fail "only $count segments generated"
third=$((count / 3))
sed -n "1,${third}p" order > part1
sed -n "$((third + 1)),$((2 * third))p" order > part2
sed -n "$((2 * third + 1)),\$p" order > part3
echo app.log > part4
plain=$(sed -n 1p part2)		# read faults hit these two
zipped=$(sed -n 2p part2)
gzip -1 "gen/$zipped"			# keeps its time, so its place
sed "s/^$zipped\$/&.gz/" part2 > part2.gz
mv part2.gz part2
zipped=$zipped.gz

# The reference: one run without faults, checked against the truth.
"$LOGPROC" run --once --quiet --json --workers 1 --logs-dir gen \
    --offsets-dir ref-offsets --output ref.ndjson > ref.json 2> /dev/null
"$TRUTHCMP" truth.json ref.json ref.ndjson || fail "the reference run is not exact"
# And how many bytes of it parts 1 to 3 give.
mkdir gen3
cat part1 part2 part3 | while read -r name; do ln "gen/$name" gen3/; done
"$LOGPROC" run --once --quiet --workers 1 --logs-dir gen3 \
    --offsets-dir ref3-offsets --output ref3.ndjson > /dev/null 2>&1
cmp -s ref3.ndjson ref.ndjson 2> /dev/null && fail "part 4 selects nothing"
head -c "$(wc -c < ref3.ndjson)" ref.ndjson | cmp -s - ref3.ndjson ||
    fail "the output of parts 1 to 3 does not start that of the whole"

# fresh: starts a case: nothing processed, part 1 in logs/.
fresh() {
	rm -rf logs incoming out.ndjson shim.log fault.on
	[ -n "${keep_offsets:-}" ] || rm -rf offsets
	mkdir logs incoming
	stage 1
}

# stage N: moves part N into logs/, a file at a time, oldest first, each
# whole (copied next door first).
stage() {
	while read -r name; do
		cp -p "gen/$name" incoming/
		mv "incoming/$name" logs/
	done < "part$1"
}

# lines_in DIR: prints how many lines the files of DIR hold.
lines_in() {
	for file in "$1"/*; do
		cat_segment "$file"
	done | wc -l
}

# "$LOGPROC" $run ARGS...: logproc run as every case runs it.
run="run --quiet --workers 1 --output out.ndjson"

# finish WHAT: the fault gone, stages what is left and runs to the end:
# exact totals, and the output of the reference run byte for byte.
finish() {
	for part in 2 3 4; do
		[ -e "logs/$(sed -n 1p "part$part")" ] || stage "$part"
	done
	expect_status 0 "$LOGPROC" $run --once --json
	cp out final.json
	"$TRUTHCMP" truth.json final.json out.ndjson ||
	    fail "$1: after a restart the totals or the output differ from the truth"
	cmp -s out.ndjson ref.ndjson ||
	    fail "$1: after a restart the output differs from the reference run's"
}

# intact WHAT GOOD: the checkpoint is byte for byte GOOD, loads, and no
# temporary file is left beside it.
intact() {
	cmp -s offsets/checkpoint.json "$2" || fail "$1: the checkpoint changed"
	expect_status 0 "$LOGPROC" status
	expect_grep "^Lines: $(lines_in logs.before) " out
	leftover=$(ls offsets | grep -v -x -e checkpoint.json -e lock -e fill || true)
	[ -z "$leftover" ] || fail "$1: left in the offsets directory: $leftover"
}

# first_run: runs part 1 to its end and keeps what it left: good.json,
# the checkpoint, and logs.before, the files it read.
first_run() {
	expect_status 0 "$LOGPROC" $run --once
	cp offsets/checkpoint.json good.json
	rm -rf logs.before
	cp -R -p logs logs.before
}

# hit WHAT: the shim injected a fault.
hit() {
	[ -s shim.log ] || fail "$1: the shim injected no fault"
}

# --- A full offsets directory -----------------------------------------
# outage_on / outage_off: fill the offsets directory, and free it: the
# tmpfs filled with zeros to its last page, or the shim told to fail the
# checkpoint's temporary file with ENOSPC (shim.log says it did).
outage_on() {
	if [ "$mode" = tmpfs ]; then
		dd if=/dev/zero of=offsets/fill bs=4096 2> /dev/null || true
		sleep 0.2	# a commit in flight frees its old file: take that too
		dd if=/dev/zero of=offsets/fill bs=4096 oflag=append conv=notrunc \
		    2> /dev/null || true
		! (printf x > offsets/probe) 2> /dev/null ||
		    fail "the tmpfs is not full"
		rm -f offsets/probe
	else
		: > fault.on
	fi
}
outage_off() {
	rm -f offsets/fill fault.on
}

# mount_tmpfs: mounts a 1 MiB tmpfs on offsets/ (empty); fails if it
# cannot.
mount_tmpfs() {
	rm -rf offsets
	mkdir offsets
	mount -t tmpfs -o size=1m,mode=0755 logproc-faults offsets 2> /dev/null
}

modes=shim
if [ "$(id -u)" -eq 0 ] && mount_tmpfs; then
	umount offsets
	modes="tmpfs shim"
	echo "run-faults: offsets directory full: a real 1 MiB tmpfs, then the shim's ENOSPC" >&2
else
	echo "run-faults: offsets directory full: the shim's ENOSPC only" \
	    "(no tmpfs: not root, or mount refused)" >&2
fi

for mode in $modes; do
	# $faulty "$LOGPROC" ...: runs logproc with the outage mechanism.
	keep_offsets= faulty=
	if [ "$mode" = tmpfs ]; then
		mount_tmpfs || fail "the tmpfs could not be mounted again"
		keep_offsets=1
	else
		faulty="$shim FAULTSHIM_PATH=checkpoint.json.tmp FAULTSHIM_OPS=write"
		faulty="$faulty FAULTSHIM_ERRNO=ENOSPC FAULTSHIM_WHILE=$work/fault.on"
	fi

	# (a) --once: the commit fails, the old checkpoint stays.
	fresh
	first_run
	outage_on
	stage 2
	expect_status 1 $faulty "$LOGPROC" $run --once
	expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json\\.tmp: No space left on device$" err
	intact "$mode, --once" good.json
	[ "$mode" = tmpfs ] || hit "$mode, --once"
	outage_off
	if [ "$mode" = shim ]; then
		# The other steps of replacing it: the sync of the temporary
		# file, the rename.
		expect_status 1 $shim FAULTSHIM_PATH=checkpoint.json.tmp \
		    FAULTSHIM_OPS=fsync "$LOGPROC" $run --once
		expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json\\.tmp: Input/output error$" err
		intact "fsync of the checkpoint" good.json
		expect_status 1 $shim FAULTSHIM_PATH=checkpoint.json \
		    FAULTSHIM_OPS=rename "$LOGPROC" $run --once
		expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json: Input/output error$" err
		intact "rename of the checkpoint" good.json
	fi
	finish "$mode, --once"
	echo "ok: $mode: --once with the offsets directory full exits 1, the checkpoint intact"

	# (b) Following: retries after 1 s, then 2 s..., while the workers
	# go on (part 3 comes after two failures, and is read); then a
	# checkpoint again.
	[ "$mode" != tmpfs ] || rm -rf offsets/*
	fresh
	$faulty "$LOGPROC" $run --scan-interval 100ms > follow.out 2> follow.err &
	follower=$!
	wait_lines "$(lines_in logs)" 20 || fail "$mode: the follower did not read part 1"
	cp offsets/checkpoint.json good.json
	rm -rf logs.before
	cp -R -p logs logs.before
	outage_on
	stage 2
	wait_until 20 sh -c '[ "$(grep -c "trying again" follow.err)" -ge 2 ]'
	expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json\\.tmp: No space left on device; trying again in 1 s$" follow.err
	expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json\\.tmp: No space left on device; trying again in 2 s$" follow.err
	stage 3
	wait_until 20 sh -c "[ \$(wc -c < out.ndjson) -eq $(wc -c < ref3.ndjson) ]"
	intact "$mode, following" good.json
	kill -0 "$follower" || fail "$mode: the follower exited during the outage"
	outage_off
	wait_until 20 grep -q "written again" follow.err
	attempt=$(($(grep -c "trying again" follow.err) + 1))
	expect_grep "^logproc run: offsets/checkpoint\\.json: written again, at attempt $attempt$" follow.err
	wait_lines "$(lines_in logs)" 20 || fail "$mode: the follower did not catch up"
	echo "ok: $mode: following, the committer retried after 1 s, 2 s..., then wrote again"

	# A SIGTERM during an outage, once all is read and a retry failed
	# since: the last commit is tried, fails too, and exits 1, at once.
	cp offsets/checkpoint.json good.json
	rm -rf logs.before
	cp -R -p logs logs.before
	outage_on
	stage 4
	wait_until 20 sh -c "[ \$(wc -c < out.ndjson) -eq $(wc -c < ref.ndjson) ]"
	failures=$(grep -c "trying again" follow.err || true)
	wait_until 20 sh -c "[ \$(grep -c 'trying again' follow.err) -gt $failures ]"
	kill -s TERM "$follower"
	wait_until 10 sh -c "! kill -0 $follower"
	status=0
	wait "$follower" || status=$?
	[ "$status" -eq 1 ] || fail "$mode: SIGTERM during the outage: exit status $status, not 1"
	tail -n 1 follow.err > last.err
	expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint\\.json\\.tmp: No space left on device$" last.err
	intact "$mode, SIGTERM" good.json
	outage_off
	finish "$mode, SIGTERM"
	echo "ok: $mode: SIGTERM during the outage exits 1 at once; a restart is exact"

	if [ "$mode" = tmpfs ]; then
		umount offsets
		rm -rf offsets
	fi
done
keep_offsets=

# --- Faults writing and syncing --output ------------------------------
# ENOSPC and EIO from a write that crosses a point in part 2's output:
# the bytes before it are written, then the write fails.
for error in ENOSPC EIO; do
	fresh
	first_run
	stage 2
	limit=$(($(wc -c < out.ndjson) + 10000))
	expect_status 1 $shim FAULTSHIM_PATH=out.ndjson FAULTSHIM_OPS=write \
	    FAULTSHIM_ERRNO=$error FAULTSHIM_OFFSET=$limit "$LOGPROC" $run --once
	hit "output $error"
	case $error in
	ENOSPC) text="No space left on device" ;;
	EIO) text="Input/output error" ;;
	esac
	expect_grep "^logproc run: out\\.ndjson: $text$" err
	[ "$(wc -c < out.ndjson)" -eq "$limit" ] ||
	    fail "output $error: the failed write left $(wc -c < out.ndjson) bytes, not $limit"
	intact "output $error" good.json
	finish "output $error"
	echo "ok: $error writing the output: exit 1 naming it; a restart is exact"
done

# EIO syncing the output before a checkpoint: with --once, and following
# (a failed sync is not retried: the pages it lost are gone).
for how in once follow; do
	fresh
	first_run
	stage 2
	if [ "$how" = once ]; then
		expect_status 1 $shim FAULTSHIM_PATH=out.ndjson \
		    FAULTSHIM_OPS=fdatasync "$LOGPROC" $run --once
	else
		$shim FAULTSHIM_PATH=out.ndjson FAULTSHIM_OPS=fdatasync \
		    "$LOGPROC" $run > out 2> err &
		follower=$!
		wait_until 20 sh -c "! kill -0 $follower"
		status=0
		wait "$follower" || status=$?
		[ "$status" -eq 1 ] || fail "output sync, following: exit status $status"
	fi
	hit "output sync, $how"
	expect_grep "^logproc run: cannot write the checkpoint: out\\.ndjson: Input/output error$" err
	intact "output sync, $how" good.json
	finish "output sync, $how"
	echo "ok: EIO syncing the output ($how): exit 1 naming it; a restart is exact"
done

# --- Faults reading segments ------------------------------------------
# EIO in the middle of a plain segment, as a bad sector gives: its lines
# before it are taken, then the run stops; the segment is not failed,
# and the next run reads on.
fresh
first_run
stage 2
size=$(wc -c < "logs/$plain")
expect_status 1 $shim FAULTSHIM_PATH="$plain" FAULTSHIM_OPS=read,pread \
    FAULTSHIM_OFFSET=$((size / 2)) "$LOGPROC" $run --once
hit "reading $plain"
expect_grep "^logproc run: $plain: Input/output error; read up to offset [1-9][0-9]*$" err
# Said once: the event that stops the engine is its final error too.
[ "$(grep -c "Input/output error" err)" -eq 1 ] ||
    { cat err >&2; fail "reading $plain: the error is not said exactly once"; }
grep -q '"state": "failed"' offsets/checkpoint.json &&
    fail "reading $plain: a segment was failed in the checkpoint"
expect_status 0 "$LOGPROC" status
finish "reading $plain"
echo "ok: EIO reading a plain segment: exit 1 naming it; a restart is exact"

# EIO in a gzip segment, through zlib's read() calls.
fresh
first_run
stage 2
size=$(wc -c < "logs/$zipped")
expect_status 1 $shim FAULTSHIM_PATH="$zipped" FAULTSHIM_OPS=read \
    FAULTSHIM_OFFSET=$((size * 2 / 3)) "$LOGPROC" $run --once
hit "reading $zipped"
expect_grep "^logproc run: $zipped: Input/output error; read up to offset [0-9]+$" err
grep -q '"state": "failed"' offsets/checkpoint.json &&
    fail "reading $zipped: a segment was failed in the checkpoint"
finish "reading $zipped"
echo "ok: EIO reading a gzip segment: exit 1 naming it; a restart is exact"

# EIO in the first bytes of a segment the checkpoint knows, with lines
# left to read (the last of part 1, cut in half for the first run, then
# whole again, in place): the scanner cannot read what the file starts
# with. The run stops; the segment must not be taken for gone (its lines
# lost) nor for new (its first half counted twice).
last=$(tail -n 1 part1)
fresh
half=$(($(wc -l < "gen/$last") / 2))
head -n "$half" "gen/$last" > "logs/$last"
touch -r "gen/$last" "logs/$last"
first_run
tail -n "+$((half + 1))" "gen/$last" >> "logs/$last"
touch -r "gen/$last" "logs/$last"
stage 2
expect_status 1 $shim FAULTSHIM_PATH="$last" FAULTSHIM_OPS=read,pread \
    "$LOGPROC" $run --once
hit "the head of $last"
expect_grep "^logproc run: $last: Input/output error$" err
grep -q -e "deleted before" -e "not gzip data" err &&
    fail "the head of $last: $(grep -e "deleted before" -e "not gzip data" err)"
cmp -s offsets/checkpoint.json good.json || fail "the head of $last: the checkpoint changed"
finish "the head of $last"
echo "ok: EIO in the head of a known segment: exit 1 naming it; a restart is exact"
