# lib.sh: sourced by every shell test. Gives each test a scratch directory
# that is removed afterwards, and a few assertions that say what failed.
set -eu
: "${LOGPROC:?run the tests with make check}"
: "${LINECHECK:?run the tests with make check}"

work=$(mktemp -d "${TMPDIR:-/tmp}/logproc-test.XXXXXX")
# On the way out, also stop what a failed test left running in the
# background (a follower waiting for lines that never came).
trap 'pkill -P $$ 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status CODE COMMAND...: runs COMMAND with its output in the files
# out and err, and fails unless it exits with CODE.
expect_status() {
	expected=$1
	shift
	set +e
	"$@" >out 2>err
	status=$?
	set -e
	if [ "$status" -ne "$expected" ]; then
		cat err >&2
		fail "'$*' exited with $status, expected $expected"
	fi
}

# expect_grep PATTERN FILE: fails unless FILE has a line matching PATTERN.
expect_grep() {
	grep -E -q -- "$1" "$2" || { cat "$2" >&2; fail "no line of $2 matches '$1'"; }
}

# expect_lines N FILE: fails unless FILE has exactly N lines.
expect_lines() {
	count=$(wc -l < "$2")
	[ "$count" -eq "$1" ] || { cat "$2" >&2; fail "$2 has $count lines, expected $1"; }
}

# json_get FILE KEY: prints an integer member of the truth or linecheck JSON.
json_get() {
	sed -n "s/^  \"$2\": \\([0-9a-z]*\\),\\{0,1\\}\$/\\1/p" "$1"
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s until it
# succeeds; fails the test after SECONDS (a hang check, not a timing one).
wait_until() {
	limit=$(( $1 * 10 ))
	shift
	tries=0
	until "$@" >/dev/null 2>&1; do
		tries=$(( tries + 1 ))
		[ "$tries" -lt "$limit" ] || fail "still not true after $limit tries: $*"
		sleep 0.1
	done
}

# caught_up TRUTH: the checkpoint counts as many lines as TRUTH.
caught_up() {
	"$LOGPROC" status --json > status.json 2>/dev/null &&
	    [ "$(sed -n 's/^    "lines": \([0-9]*\),$/\1/p' status.json | head -n 1)" = \
	    "$(json_get "$1" lines)" ]
}

# cat_segment FILE: prints FILE, decompressed if its name ends with .gz.
cat_segment() {
	case $1 in
	*.gz) gzip -d -c "$1" ;;
	*) cat "$1" ;;
	esac
}

# rotation_order DIR SCHEME: prints the names of the segments of app.log
# in DIR, oldest first, for generate's --rotate-scheme SCHEME: numbered by
# falling N; dateext as the names sort; timestamp as they sort once a
# final .gz is taken off.
rotation_order() {
	case $2 in
	numbered)
		ls "$1" | sed -n 's/^app\.log\.\([1-9][0-9]*\)\(\.gz\)\{0,1\}$/\1 &/p' |
		    sort -n -r | cut -d ' ' -f 2 ;;
	dateext)
		ls "$1" | grep -E '^app\.log-' | LC_ALL=C sort ;;
	*)
		ls "$1" | grep -E '^app\.log\.' | sed 's/^\(.*\)\.gz$/\1 &/; /^[^ ]*$/s/.*/& &/' |
		    LC_ALL=C sort | cut -d ' ' -f 2 ;;
	esac
}

# checkpoint_lines: prints how many lines the checkpoint in offsets/
# counts, or nothing while there is none.
checkpoint_lines() {
	"$LOGPROC" status --json 2> /dev/null |
	    sed -n 's/^    "lines": \([0-9]*\),$/\1/p' | head -n 1
}

# wait_lines N SECONDS: waits until the checkpoint counts N lines. Returns
# 1 as soon as it counts more, or once its count has not moved for
# SECONDS: a hang bound, not a timing test, as a reader that makes
# progress is never cut short.
wait_lines() {
	still=0 last=
	while :; do
		got=$(checkpoint_lines)
		[ "$got" != "$1" ] || return 0
		[ -z "$got" ] || [ "$got" -lt "$1" ] || return 1
		if [ "$got" = "$last" ]; then
			still=$((still + 1))
		else
			still=0 last=$got
		fi
		[ "$still" -lt $(($2 * 10)) ] || return 1
		sleep 0.1
	done
}

# kill_loop N: starts logproc run (following, --output out.ndjson,
# --rejects rejects.txt) N times, each killed with SIGKILL 0.1 to 0.4 s
# later (the same moments in every test run); sets kills to N.
kill_loop() {
	kills=0
	while [ "$kills" -lt "$1" ]; do
		"$LOGPROC" run --quiet --output out.ndjson --rejects rejects.txt \
		    --scan-interval 50ms > /dev/null 2>&1 &
		run=$!
		sleep "0.$(awk -v s="$kills" 'BEGIN { srand(s); printf "%d", 1 + rand() * 4 }')"
		kill -9 "$run" 2>/dev/null || true
		wait "$run" 2>/dev/null || true
		kills=$((kills + 1))
	done
}
