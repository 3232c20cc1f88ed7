# run-logrotate.sh: the real logrotate rotates a directory that logproc run
# follows, every few tenths of a second while the generator writes; its
# postrotate sends SIGHUP, which makes the generator reopen app.log (the
# "create" scheme of daemons). Once the generator is done and logrotate
# has run once more, run's totals must match the generator's truth
# exactly. Four configurations: numbered; numbered with compress and
# delaycompress; dateext; numbered with run stopped and restarted during
# the rotations. Two more use copytruncate, with run following and with
# run stopped and restarted: logrotate copies app.log and truncates it in
# place while the generator writes on, unsignalled, through its O_APPEND
# descriptor. Lines written between the copy and the truncation are lost
# from the disk by design, so these cases check what run promises
# instead of the truth's totals: no line consumed twice, every line still
# on disk consumed, only lines the generator wrote (a reference run with
# the same seed) in the output, the checkpoint counting what output and
# rejects hold, and a warning that a copy continues app.log. Each case
# runs in a directory of its own and reports its result; the test fails
# if any of them fails.
. "$TESTS_SRCDIR/lib.sh"

PATH=$PATH:/usr/sbin:/sbin
if ! command -v logrotate > /dev/null 2>&1; then
	echo "SKIP: logrotate is not installed"
	exit 77
fi

LINES=20000		# 4 s at 200us a line
STALL_SECONDS=5		# how long run may count nothing new at the end
SETTLE_SECONDS=20	# how long run may take to read every file (copytruncate)
SEED=7			# the copytruncate cases' generator and its reference

# write_conf DIRECTIVE...: writes logrotate.conf for logs/app.log: the
# directives every case shares, then DIRECTIVE (one line each), then a
# postrotate that sends SIGHUP to the generator (gone at the last
# rotation, hence the "|| true"). With copytruncate there is none: the
# file stays in place, and the generator writes on without a reopen.
write_conf() {
	{
		echo "\"$PWD/logs/app.log\" {"
		printf '    %s\n' missingok notifempty 'create 0644' 'rotate 1000' "$@"
		case " $* " in
		*" copytruncate "*) ;;
		*)
			echo "    postrotate"
			echo "        kill -HUP \"\$(cat '$PWD/generate.pid')\" 2> /dev/null || true"
			echo "    endscript" ;;
		esac
		echo "}"
	} > logrotate.conf
}

# rotate: runs logrotate on logrotate.conf with a state file of its own.
rotate() {
	logrotate -f -s logrotate.state logrotate.conf 2>> logrotate.err ||
	    fail "logrotate failed: $(cat logrotate.err)"
}

# start_run: starts logproc run in the background on logs/ and offsets/,
# with the options in $run_options if set; its summary goes to run.json,
# its warnings to run.err.
start_run() {
	# shellcheck disable=SC2086 # the options are words
	"$LOGPROC" run --quiet --json --scan-interval 100ms ${run_options-} \
	    > run.json 2>> run.err &
	run=$!
}

# stop_run: stops run with SIGTERM; fails unless it exits with 0.
stop_run() {
	kill -s TERM "$run"
	status=0
	wait "$run" || status=$?
	run=
	[ "$status" -eq 0 ] || fail "run exited with $status after SIGTERM"
}

# stop_all: the exit trap of a case: ends what it left running.
stop_all() {
	[ -z "${gen-}" ] || kill -s TERM "$gen" 2> /dev/null || true
	[ -z "${reference-}" ] || kill -s TERM "$reference" 2> /dev/null || true
	[ -z "${run-}" ] || kill -s TERM "$run" 2> /dev/null || true
	wait 2> /dev/null || true
}

# rotate_while_generating PAUSE [STOP RESTART]: runs logrotate every PAUSE
# seconds until the generator has written its truth file, then once more.
# With STOP and RESTART, run is stopped after rotation STOP and started
# again after rotation RESTART. A rotation while the generator writes and
# the last one must each leave a segment; a generator that does not
# reopen on SIGHUP leaves one (app.log stays empty). More is not asked:
# copytruncate fsyncs the copy before it truncates, and on a loaded
# machine that took seconds, leaving two segments in all.
rotate_while_generating() {
	rotations=0
	while [ ! -e truth.json ]; do
		sleep "$1"
		rotate
		rotations=$((rotations + 1))
		[ "$rotations" -lt 200 ] || fail "generate still runs after 200 rotations"
		[ "$rotations" != "${2-}" ] || stop_run
		[ "$rotations" != "${3-}" ] || start_run
	done
	wait "$gen" || fail "generate exited with $?"
	gen=
	rotate
	segments=$(ls logs | grep -c '^app\.log[.-]' || true)
	[ "$segments" -ge 2 ] ||
	    fail "logrotate left only $segments segments in $rotations rotations" \
	    "while the generator wrote $(json_get truth.json lines) lines:" \
	    "did app.log stop growing?"
}

# explain: says why run did not count what the truth says: how far it got,
# its first warnings, the files.
explain() {
	echo "run counted $(checkpoint_lines) lines of $(json_get truth.json lines);" \
	    "its first warnings:" >&2
	head -n 5 run.err >&2
	echo "the files: $(ls logs | tr '\n' ' ')" >&2
}

# logrotate_case PAUSE [STOP RESTART]: in the current directory, follows
# logs/ with run while the generator writes $LINES lines and logrotate
# rotates them every PAUSE seconds as logrotate.conf says (see
# rotate_while_generating for STOP and RESTART), then compares run's
# totals with the truth.
logrotate_case() {
	trap stop_all EXIT
	mkdir logs
	start_run
	"$LOGPROC" generate --count "$LINES" --interval 200us --rotate-size 0 \
	    --truth truth.json &
	gen=$!
	echo "$gen" > generate.pid
	rotate_while_generating "$@"
	[ -n "$run" ] || start_run
	if ! wait_lines "$(json_get truth.json lines)" "$STALL_SECONDS"; then
		explain
		fail "run did not count the truth's lines"
	fi
	stop_run
	"$TRUTHCMP" truth.json run.json || fail "run's totals differ from the truth"
	"$LOGPROC" status --json > status.json
	"$TRUTHCMP" truth.json status.json || fail "the checkpoint differs from the truth"
}

# settled: run has read every file of logs/ that has content to its end:
# each is a complete segment of the checkpoint, read to its size, and no
# segment is pending. A file run left alone (taken for a copy) or has not
# read to its end keeps it from settling.
settled() {
	"$LOGPROC" status > status.txt 2> /dev/null || return 1
	grep -q '^Segments: [0-9]* ([0-9]* complete, 0 pending,' status.txt ||
	    return 1
	awk '$1 == "complete" { split($2, at, "/"); if (at[1] == at[2]) print $NF }' \
	    status.txt | LC_ALL=C sort > complete.names
	for file in logs/app.log*; do
		[ ! -s "$file" ] || echo "${file#logs/}"
	done | LC_ALL=C sort > disk.names
	cmp -s complete.names disk.names
}

# explain_lines WHAT FILE: says what is wrong with the lines in FILE: how
# many there are, the first one and the files that hold it, run's first
# warnings and the checkpoint's segments.
explain_lines() {
	first=$(head -n 1 "$2")
	echo "$(wc -l < "$2") lines $1; the first:" >&2
	echo "$first" >&2
	echo "held by: $(grep -c -x -F -e "$first" logs/* output rejects |
	    grep -v ':0$' | tr '\n' ' ')" >&2
	echo "run's first warnings:" >&2
	head -n 5 run.err >&2
	"$LOGPROC" status 2>&1 | sed -n '/^Segments:/,/^Lines:/p' >&2
}

# sorted FILE...: prints the lines of FILE..., an unterminated last one
# ended, sorted bytewise for comm.
sorted() {
	awk 1 "$@" | LC_ALL=C sort
}

# disk_lines: prints the lines of the files of logs/, sorted bytewise;
# an unterminated last line that starts a consumed line (consumed.sorted)
# is left out: logrotate copied part of a line the generator was still
# writing, and run read that line whole from app.log before the
# truncation. Such a part run has not read either is printed.
disk_lines() {
	for file in logs/app.log*; do
		if [ -s "$file" ] && [ "$(tail -c 1 "$file" | wc -l)" -eq 0 ] &&
		    tail -n 1 "$file" > part && awk 'NR == FNR { part = $0; next }
		    index($0, part) == 1 { found = 1 } END { exit !found }' \
		    part consumed.sorted; then
			sed '$d' "$file"
		else
			awk 1 "$file"
		fi
	done | LC_ALL=C sort
}

# check_copies: checks, exactly, what run promises when lines were lost
# between logrotate's copy and its truncation. The generated lines are
# unique (the reference's nanosecond timestamps step by the interval),
# so no line may be consumed (output or rejects) twice; every output line
# must be one the generator wrote; every line still on disk must have
# been consumed; the checkpoint must count what was consumed; and run
# must have said that a copy continues app.log.
check_copies() {
	sorted reference/app.log > reference.sorted
	[ "$(uniq reference.sorted | wc -l)" -eq "$LINES" ] ||
	    fail "the reference does not hold $LINES distinct lines"
	sorted output rejects > consumed.sorted
	uniq -d consumed.sorted > twice
	[ ! -s twice ] || { explain_lines "consumed twice" twice;
	    fail "run consumed lines twice"; }
	sorted output | uniq | comm -23 - reference.sorted > foreign
	[ ! -s foreign ] || { explain_lines "output but never generated" foreign;
	    fail "run's output holds lines the generator did not write"; }
	disk_lines | uniq | comm -23 - consumed.sorted > missed
	[ ! -s missed ] || { explain_lines "on disk but never consumed" missed;
	    fail "run missed lines that are still on disk"; }
	consumed=$(wc -l < consumed.sorted)
	[ "$(checkpoint_lines)" = "$consumed" ] ||
	    fail "the checkpoint counts $(checkpoint_lines) lines," \
	    "output and rejects hold $consumed"
	copied='^logproc run: app\.log\.[0-9]+ continues app\.log from offset [0-9]+ \(copied\)$'
	grep -E -q "$copied" run.err || { head -n 5 run.err >&2;
	    fail "run.err never says that a copy continues app.log"; }
	echo "$name: $consumed of $LINES lines consumed, the rest lost" \
	    "between a copy and its truncation"
}

# copytruncate_case PAUSE [STOP RESTART]: as logrotate_case, with the
# generator seeded, a reference generator with the same seed writing
# the same lines into reference/ meanwhile, and run writing its output
# and rejects; once run has read every file to its end, check_copies.
copytruncate_case() {
	trap stop_all EXIT
	mkdir logs
	run_options="--output output --rejects rejects"
	start_run
	"$LOGPROC" generate --count "$LINES" --interval 200us --rotate-size 0 \
	    --seed "$SEED" --output reference &
	reference=$!
	"$LOGPROC" generate --count "$LINES" --interval 200us --rotate-size 0 \
	    --seed "$SEED" --truth truth.json &
	gen=$!
	echo "$gen" > generate.pid
	rotate_while_generating "$@"
	[ -n "$run" ] || start_run
	tries=0
	until settled; do
		tries=$((tries + 1))
		[ "$tries" -lt $((SETTLE_SECONDS * 10)) ] || {
			echo "the files: $(ls logs | tr '\n' ' ')" >&2
			sed -n '/^Segments:/,/^Lines:/p' status.txt >&2
			head -n 5 run.err >&2
			fail "run has not read every file to its end"; }
		sleep 0.1
	done
	stop_run
	wait "$reference" || fail "the reference generator exited with $?"
	reference=
	check_copies
}

case_numbered() {
	write_conf
	logrotate_case 0.3
}

case_numbered_compress() {
	write_conf compress delaycompress
	logrotate_case 0.3
}

# dateext names have a second's precision: two rotations in one second
# would collide, so logrotate runs a little more than once a second.
case_dateext() {
	write_conf dateext 'dateformat -%Y%m%d-%H%M%S' compress delaycompress
	logrotate_case 1.1
}

# run is stopped after the third rotation and started again after the
# sixth: it resumes from its checkpoint the segments renamed meanwhile.
case_restart() {
	write_conf
	logrotate_case 0.3 3 6
}

# copytruncate: logrotate copies app.log to app.log.1 and truncates it;
# no signal, as the generator's descriptor appends to the truncated file.
case_copytruncate() {
	write_conf copytruncate
	copytruncate_case 0.3
}

# copytruncate with run stopped after the third rotation and started
# again after the sixth: the copies made meanwhile are new to it, save
# the one that continues the app.log of its checkpoint.
case_copytruncate_restart() {
	write_conf copytruncate
	copytruncate_case 0.3 3 6
}

failed=
for name in numbered numbered_compress dateext restart copytruncate \
    copytruncate_restart; do
	mkdir "$work/$name"
	set +e
	(set -e; cd "$work/$name"; "case_$name")
	status=$?
	set -e
	if [ "$status" -eq 0 ]; then
		echo "PASS: $name"
	else
		echo "FAIL: $name" >&2
		failed="$failed $name"
	fi
done
[ -z "$failed" ] || fail "cases that failed:$failed"
