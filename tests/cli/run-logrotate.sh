# run-logrotate.sh: the real logrotate rotates a directory that logproc run
# follows, every few tenths of a second while the generator writes; its
# postrotate sends SIGHUP, which makes the generator reopen app.log (the
# "create" scheme of daemons). Once the generator is done and logrotate
# has run once more, run's totals must match the generator's truth
# exactly. Four configurations: numbered; numbered with compress and
# delaycompress; dateext; numbered with run stopped and restarted during
# the rotations. Each case runs in a directory of its own and reports its
# result; the test fails if any of them fails.
. "$TESTS_SRCDIR/lib.sh"

PATH=$PATH:/usr/sbin:/sbin
if ! command -v logrotate > /dev/null 2>&1; then
	echo "SKIP: logrotate is not installed"
	exit 77
fi

LINES=20000		# 4 s at 200us a line
STALL_SECONDS=5		# how long run may count nothing new at the end

# write_conf DIRECTIVE...: writes logrotate.conf for logs/app.log: the
# directives every case shares, then DIRECTIVE (one line each), then a
# postrotate that sends SIGHUP to the generator (gone at the last
# rotation, hence the "|| true").
write_conf() {
	{
		echo "\"$PWD/logs/app.log\" {"
		printf '    %s\n' missingok notifempty 'create 0644' 'rotate 1000' "$@"
		echo "    postrotate"
		echo "        kill -HUP \"\$(cat '$PWD/generate.pid')\" 2> /dev/null || true"
		echo "    endscript"
		echo "}"
	} > logrotate.conf
}

# rotate: runs logrotate on logrotate.conf with a state file of its own.
rotate() {
	logrotate -f -s logrotate.state logrotate.conf 2>> logrotate.err ||
	    fail "logrotate failed: $(cat logrotate.err)"
}

# start_run: starts logproc run in the background on logs/ and offsets/;
# its summary goes to run.json, its warnings to run.err.
start_run() {
	"$LOGPROC" run --quiet --json --scan-interval 100ms > run.json 2>> run.err &
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
	[ -z "${run-}" ] || kill -s TERM "$run" 2> /dev/null || true
	wait 2> /dev/null || true
}

# rotate_while_generating PAUSE [STOP RESTART]: runs logrotate every PAUSE
# seconds until the generator has written its truth file, then once more.
# With STOP and RESTART, run is stopped after rotation STOP and started
# again after rotation RESTART.
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
	[ "$segments" -ge 3 ] ||
	    fail "logrotate left only $segments segments: no reopen on SIGHUP?"
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

failed=
for name in numbered numbered_compress dateext restart; do
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
