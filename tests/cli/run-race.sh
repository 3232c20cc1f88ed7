# run-race.sh: run follows a directory that already holds a thousand read
# segments while the generator rotates and compresses fast, so that long
# scans race the renames and ext4 reuses the inodes freed (issue 13's
# double count). Two bounded, randomized cases: compressed segments of the
# timestamp scheme kept, and the numbered scheme with delaycompress and
# --keep 5, which deletes segments (maybe before run read them: those
# lines are reported lost, never counted twice). Every case checks that
# no line is in the output twice, that the totals count no more than the
# generator wrote, and, without --keep, exactly what it wrote.
. "$TESTS_SRCDIR/lib.sh"

OLD_RECORDS=25000	# about 1,100 segments of 4 KiB
NEW_RECORDS=12000	# 6 s at 500us a record

# race NAME GENERATE-OPTION...: one case in directory NAME.
race() {
	name=$1
	shift
	mkdir "$name"
	(
		cd "$name"
		"$LOGPROC" generate --count "$OLD_RECORDS" --interval 0 \
		    --rotate-size 4K --seed 11 --truth old.json > /dev/null
		"$LOGPROC" run --once --quiet --output out.ndjson > /dev/null
		"$LOGPROC" run --quiet --scan-interval 100ms --output out.ndjson \
		    > run.out 2> run.err &
		run=$!
		"$LOGPROC" generate --count "$NEW_RECORDS" --interval 500us \
		    --rotate-size 64K "$@" --truth new.json > /dev/null
		wanted=$(( $(json_get old.json lines) + $(json_get new.json lines) ))
		wait_lines "$wanted" 10 || true
		kill -s TERM "$run"
		wait "$run" || fail "$name: run exited with $?"
		twice=$(sort out.ndjson | uniq -d | wc -l)
		[ "$twice" -eq 0 ] ||
		    fail "$name: $twice lines twice in the output; $(head -n 5 run.err)"
		counted=$(checkpoint_lines)
		[ "$counted" -le "$wanted" ] ||
		    fail "$name: $counted lines counted of $wanted written"
		[ "$(wc -l < out.ndjson)" -eq "$counted" ] ||
		    fail "$name: the output does not hold the $counted lines counted"
		case " $* " in
		*" --keep "*) ;;
		*) [ "$counted" -eq "$wanted" ] ||
		    fail "$name: $counted lines counted of $wanted: $(head -n 5 run.err)" ;;
		esac
		! grep -q 'was truncated' run.err ||
		    fail "$name: a rotated segment taken for truncated: $(grep truncated run.err | head -n 3)"
	)
}

race compress --compress
race numbered --rotate-scheme numbered --compress --delay-compress --keep 5
