# tui-keys.sh: in a real terminal, each key of logproc tui does what its
# help says: p pauses and resumes (and a pause holds the workers while
# new lines arrive), + and - change the workers, c hides complete
# segments, ? shows the help until any key, s cycles the sort, Tab moves
# the focus, End and Home scroll; below 80x24 a message replaces the
# dashboard, which comes back when the terminal grows again.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tui-lib.sh"

"$LOGPROC" generate --count 12000 --interval 0 --seed 41 --rotate-size 256K
segments=$(( $(ls logs | wc -l) ))
tui_start --workers 2 --refresh 100ms
tui_wait 20 tui_idle

# workers_are STATE...: the worker rows are 1, 2... in these states.
workers_are() {
	tui_capture || return 1
	screen_workers > workers.txt
	number=0
	for state in "$@"; do
		number=$((number + 1))
		echo "$number $state"
	done | cmp -s - workers.txt
}

# p pauses: the header and every worker say so; p again resumes.
tui_keys p
tui_wait 10 workers_are paused paused
tui_shows '\[paused\]' '^ Workers: 2 wanted.*, paused' ||
    fail "p: the header or the title does not say paused"
tui_keys p
tui_wait 10 workers_are idle idle
! tui_shows '\[paused\]|, paused' || fail "p again: still paused"

# + adds a worker row and one more wanted; - takes it away again.
tui_keys +
tui_wait 10 workers_are idle idle idle
tui_shows '^ Workers: 3 wanted' || fail "+: the title does not say 3 wanted"
tui_keys -
tui_wait 10 workers_are idle idle
tui_shows '^ Workers: 2 wanted' || fail "-: the title does not say 2 wanted"

# hidden_shown SHOWN HIDDEN: the title says SHOWN of all segments are
# shown, complete ones hidden if HIDDEN is "hidden", and SHOWN rows show,
# as many complete as there are rotated segments, or none if hidden.
hidden_shown() {
	title="^ Segments: $1 shown of $segments, sorted by [a-z]+"
	complete=$((segments - 1))
	if [ "$2" = hidden ]; then
		title="$title, complete ones hidden"
		complete=0
	fi
	tui_shows "$title\$" &&
	    [ "$(screen_segments | wc -l)" -eq "$1" ] &&
	    [ "$(screen_segments | awk '$2 == "complete"' | wc -l)" -eq "$complete" ]
}

# c hides the complete segments (the pending active file stays) and says
# so; c again shows them.
tui_wait 10 hidden_shown "$segments" shown
tui_keys c
tui_wait 10 hidden_shown 1 hidden
tui_keys c
tui_wait 10 hidden_shown "$segments" shown

# ? shows the help: a title and a line for each key; any key closes it
# (and does nothing else: x is no command).
tui_keys '?'
tui_wait 10 tui_shows 'Keys' 'Any key closes this help\.'
for line in '\? +show or hide this help' 'q +quit: stop at a line boundary' \
    'p +pause or resume the workers' '\+ - +one worker more or less' \
    'Tab +move the focus' 'scroll the focused panel' 's +sort segments' \
    'c +hide or show complete segments' 'r +rescan the log directory'; do
	grep -E -q -- "$line" screen.txt || { cat screen.txt >&2; fail "the help has no line '$line'"; }
done
tui_keys x
tui_wait 10 eval '! tui_shows "Any key closes this help"'

# sort_shown: prints the sort the segments' title names.
sort_shown() {
	sed -n 's/^ Segments: .*, sorted by \([a-z]*\).*/\1/p' screen.txt
}

# sorted_by SORT: the segment rows are in the order SORT says, where the
# rows tell: by state the pending active file comes first (before the
# complete ones), by age last; by name the names ascend, by size the
# sizes descend.
sorted_by() {
	screen_segments > rows.txt
	case $1 in
	state) [ "$(sed -n '1s/ .*//p' rows.txt)" = app.log ] ;;
	age) [ "$(sed -n '$s/ .*//p' rows.txt)" = app.log ] ;;
	name) cut -d ' ' -f 1 rows.txt | LC_ALL=C sort -c ;;
	size) cut -d ' ' -f 3 rows.txt | sort -n -r -c ;;
	progress) true ;;	# all at 100%: nothing to see
	*) false ;;
	esac
}

# sort_changed_from SORT: the title names a sort other than SORT, and
# the rows are in its order.
sort_changed_from() {
	tui_capture && [ "$(sort_shown)" != "$1" ] && sorted_by "$(sort_shown)"
}

# s cycles through the five sorts, each ordering the rows as it says,
# and comes back to the first after five presses.
tui_wait 10 sort_changed_from none
first_sort=$(sort_shown)
sorts_seen=" $first_sort "
for _ in 1 2 3 4 5; do
	sort=$(sort_shown)
	tui_keys s
	tui_wait 10 sort_changed_from "$sort"
	sorts_seen="$sorts_seen$(sort_shown) "
done
[ "$(sort_shown)" = "$first_sort" ] ||
    fail "five presses of s lead to $(sort_shown), not $first_sort"
for sort in state age name progress size; do
	case $sorts_seen in
	*" $sort "*) ;;
	*) fail "s never sorts by $sort (sorts seen:$sorts_seen)" ;;
	esac
done

# title_attributes TITLE: prints the escape sequences that the title bar
# beginning with TITLE starts with (its colors and attributes). A line
# captured alone starts from the default attributes.
title_attributes() {
	row=$(grep -n -- "^$1" screen.txt | sed -n '1s/:.*//p')
	[ -n "$row" ] || return 1
	tmx capture-pane -p -e -t "$tui_session" -S $((row - 1)) -E $((row - 1)) |
	    sed "s/$1.*//"
}

# focus_on TITLE: the title bar TITLE looks focused: as the segments'
# looked at first, and unlike the two others.
focus_on() {
	tui_capture || return 1
	for title in ' Segments:' ' Workers:' ' Recent events'; do
		if [ "$title" = "$1" ]; then
			[ "$(title_attributes "$title")" = "$focused" ] || return 1
		else
			[ "$(title_attributes "$title")" != "$focused" ] || return 1
		fi
	done
}

# Tab moves the focus: segments, workers, events, segments again.
tui_capture
focused=$(title_attributes ' Segments:') || fail "no segments title on the screen"
[ "$focused" != "$(title_attributes ' Workers:')" ] || fail "the focused title looks like the others"
for title in ' Workers:' ' Recent events' ' Segments:'; do
	tui_keys Tab
	tui_wait 10 focus_on "$title"
done

# Below 80x24 only a message shows; growing again brings the dashboard
# back, and at 80x24 exactly the dashboard shows.
tmx resize-window -t "$tui_session" -x 70 -y 20
tui_wait 10 tui_shows '^Terminal too small: 70x20; logproc tui needs at least 80x24\.'
! grep -q -E '^ Segments:|records' screen.txt || fail "the dashboard shows at 70x20"
tmx resize-window -t "$tui_session" -x 120 -y 40
tui_wait 10 hidden_shown "$segments" shown
tui_shows '^ records [0-9]+ ' '^ Workers: ' ||
    fail "at 120x40 again, the header or the workers are missing"
! grep -q 'Terminal too small' screen.txt || fail "the message stays at 120x40"
screen_segments | cut -d ' ' -f 1 > all.txt
tmx resize-window -t "$tui_session" -x 80 -y 24
tui_wait 10 tui_shows '^ Segments: ' '^ Workers: ' '^ \? help '
! grep -q 'Terminal too small' screen.txt || fail "80x24 is said to be too small"

# names_shown_are head|tail: fewer segment rows show than there are
# segments, and they are the first (head) or the last (tail) of all.txt.
names_shown_are() {
	tui_capture || return 1
	screen_segments | cut -d ' ' -f 1 > names.txt
	shown=$(wc -l < names.txt)
	[ "$shown" -gt 0 ] && [ "$shown" -lt "$segments" ] &&
	    "$1" -n "$shown" all.txt | cmp -s - names.txt
}

# At 80x24 the segments do not all fit: the first show, End scrolls to
# the last, Home back to the first.
tui_wait 10 names_shown_are head
tui_keys End
tui_wait 10 names_shown_are tail
tui_keys Home
tui_wait 10 names_shown_are head

tui_keys q
tui_exited 0

# A pause holds the engine: with one worker and a writer appending all
# the time, the records stay put while the active file visibly grows,
# then resume once p is pressed again.
mkdir live
cd live
"$LOGPROC" generate --count 3000 --interval 0 --seed 42 --rotate-size 0
"$LOGPROC" generate --count 0 --interval 1ms --rotate-size 0 > /dev/null 2>&1 &
tui_background=$!
tui_start --workers 1 --refresh 100ms --scan-interval 100ms
tui_keys p
tui_wait 10 workers_are paused

# active_size: prints the size of app.log shown on the screen.
active_size() {
	screen_segments | awk '$1 == "app.log" { print $3 }'
}

# grown_by BYTES: the screen shows app.log BYTES larger than at the pause.
grown_by() {
	tui_capture && [ "$(active_size)" -ge $((paused_size + $1)) ]
}

paused_records=$(header_records)
paused_size=$(active_size)
for bytes in 20000 40000; do
	tui_wait 20 grown_by $bytes
	[ "$(header_records)" = "$paused_records" ] ||
	    fail "paused, the records went from $paused_records to $(header_records)"
	grep -q '\[paused\]' screen.txt || fail "the header no longer says paused"
done
tui_keys p
tui_wait 20 eval '[ "$(tui_capture && header_records)" -gt "$paused_records" ]'
tui_keys q
tui_exited 0
