# generate-reopen.sh: SIGHUP makes generate reopen its active file between
# two lines, as logrotate's postrotate expects: a renamed file stops
# growing, every file holds whole lines only, and together the files hold
# exactly what the truth counts. Its own rotation goes on alongside.
. "$TESTS_SRCDIR/lib.sh"

# poll COMMAND...: polls COMMAND every 10 ms until it succeeds; returns 1
# after 10 s (a hang bound). Finer than wait_until: the unpaced generator
# writes megabytes while a test waits.
poll() {
	tries=0
	until "$@" > /dev/null 2>&1; do
		tries=$((tries + 1))
		[ "$tries" -lt 1000 ] || return 1
		sleep 0.01
	done
}

# move_and_hup DIR N [still]: renames DIR/app.log to DIR/moved-N, sends
# SIGHUP to the generator $gen, and fails unless a new app.log appears;
# with "still", unless the renamed file then stops growing too (a hang
# bound, not a timing test: the old file is closed before the new one is
# opened). The rename is retried while app.log is missing: the
# generator's own rotation may have just renamed it.
move_and_hup() {
	poll mv "$1/app.log" "$1/moved-$2" || fail "cannot rename $1/app.log"
	kill -s HUP "$gen"
	poll test -e "$1/app.log" ||
	    fail "SIGHUP $2: no new $1/app.log (is SIGHUP ignored?)"
	[ "${3-}" = still ] || return 0
	size=$(wc -c < "$1/moved-$2")
	sleep 0.3
	[ "$(wc -c < "$1/moved-$2")" -eq "$size" ] ||
	    fail "SIGHUP $2: $1/moved-$2 still grows after the reopen"
}

# stop_generator: stops $gen with SIGTERM and checks its exit status.
stop_generator() {
	kill -s TERM "$gen"
	wait "$gen" || fail "generate exited with $? after SIGTERM"
}

# check_files DIR TRUTH: every file in DIR ends with a whole line, and
# together they hold the lines and counts of TRUTH.
check_files() {
	for file in "$1"/*; do
		[ ! -s "$file" ] || [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] ||
		    fail "$file ends inside a line"
	done
	lines=$(cat "$1"/* | wc -l)
	[ "$lines" -eq "$(json_get "$2" lines)" ] ||
	    fail "$1 holds $lines lines, the truth $(json_get "$2" lines)"
	"$LINECHECK" --truth "$2" "$1"/* > /dev/null ||
	    fail "the files of $1 do not match the truth"
}

# Paced, as logrotate sees a daemon: renamed five times under it.
"$LOGPROC" generate --count 0 --interval 1ms --rotate-size 0 --output paced \
    --truth paced.json &
gen=$!
wait_until 10 test -s paced/app.log
for n in 1 2 3 4 5; do
	sleep 0.2
	move_and_hup paced "$n" still
	[ -s "paced/moved-$n" ] || fail "paced/moved-$n is empty"
done
sleep 0.2
stop_generator
[ -s paced/app.log ] || fail "no line after the last reopen"
check_files paced paced.json

# Unpaced: buffered lines go to the file they were meant for. (One
# rename only: it writes tens of megabytes in a tenth of a second.)
"$LOGPROC" generate --count 0 --interval 0 --rotate-size 0 --output fast \
    --malformed 0.01 --truth fast.json &
gen=$!
poll test -s fast/app.log
move_and_hup fast 1
stop_generator
check_files fast fast.json

# A reopen during a long pause does not cut it short: the new file stays
# empty until the next record is due.
"$LOGPROC" generate --count 0 --interval 30s --rotate-size 0 --output slow \
    --truth slow.json &
gen=$!
wait_until 10 test -s slow/app.log
move_and_hup slow 1 still
[ ! -s slow/app.log ] || fail "a line was written at once after SIGHUP"
stop_generator
expect_lines 1 slow/moved-1
check_files slow slow.json

# Its own rotation goes on alongside: SIGHUP with and without a rename,
# and a rename without SIGHUP.
"$LOGPROC" generate --count 0 --interval 1ms --rotate-size 16K --output both \
    --truth both.json &
gen=$!
wait_until 10 test -s both/app.log
for n in 1 2 3; do
	sleep 0.3
	kill -s HUP "$gen"
	sleep 0.2
	move_and_hup both "$n" still
done
# Renamed with no SIGHUP yet: the next rotation of its own starts a new
# file instead of renaming one that is gone.
poll mv both/app.log both/moved-4 || fail "cannot rename both/app.log"
poll test -e both/app.log || fail "no new both/app.log after a rename without SIGHUP"
sleep 0.3
stop_generator
segments=$(ls both | grep -c '^app\.log\.' || true)
[ "$segments" -gt 0 ] || fail "no segment of its own with --rotate-size 16K"
[ "$segments" -eq "$(json_get both.json segments)" ] ||
    fail "$segments segments, the truth says $(json_get both.json segments)"
check_files both both.json
