# run-compressed.sh: segments in logrotate's schemes and gzip-compressed:
# every scheme counts as the truth says; a segment read while plain and
# compressed afterwards is not read again, wherever it stopped; kill -9
# while reading a compressed segment resumes exactly; a truncated or
# damaged .gz counts the lines before the damage (all of them if only
# the check sum is wrong) and says so; other compressors and fake .gz
# files are skipped with a warning.
. "$TESTS_SRCDIR/lib.sh"

# run_matches DIR TRUTH: run --once over DIR agrees with TRUTH.
run_matches() {
	rm -rf offsets
	expect_status 0 "$LOGPROC" run --once --quiet --json --logs-dir "$1" \
	    --output out.ndjson
	cp out result.json
	"$TRUTHCMP" "$2" result.json out.ndjson ||
	    fail "$1: the totals or the output differ from the truth"
	rm -f out.ndjson
}

# some_read: the checkpoint counts some lines.
some_read() {
	read_so_far=$(checkpoint_lines)
	[ -n "$read_so_far" ] && [ "$read_so_far" -gt 0 ]
}

# in_age_order DIR SCHEME: one worker wrote the records of DIR's segments
# to its output in the order they were written: oldest segment first,
# whatever the names say (app.log.10 is older than app.log.9), and as the
# names say when the files' times are the same.
in_age_order() {
	rm -rf offsets
	expect_status 0 "$LOGPROC" run --once --quiet --workers 1 \
	    --logs-dir "$1" --output out.ndjson
	for segment in $(rotation_order "$1" "$2") app.log; do
		cat_segment "$1/$segment"
	done > written.ndjson
	cmp -s written.ndjson out.ndjson ||
	    fail "$1: segments not read oldest first: $(ls -tr "$1" | tr '\n' ' ')"
	rm -f out.ndjson
}

for scheme in timestamp numbered dateext; do
	for compress in "" "--compress" "--compress --delay-compress"; do
		rm -rf "logs-$scheme"
		# shellcheck disable=SC2086
		"$LOGPROC" generate --count 20000 --interval 0 --seed 7 \
		    --rotate-size 128K --rotate-scheme "$scheme" $compress \
		    --output "logs-$scheme" --truth truth.json > /dev/null
		[ -z "$compress" ] || ls "logs-$scheme" | grep -q '\.gz$' ||
		    fail "$scheme $compress: no .gz segment to read"
		[ "$(ls "logs-$scheme" | wc -l)" -gt 11 ] ||
		    fail "$scheme: too few segments to show their order"
		run_matches "logs-$scheme" truth.json
		in_age_order "logs-$scheme" "$scheme"
		touch -d '2026-01-01 00:00:00' "logs-$scheme"/*
		in_age_order "logs-$scheme" "$scheme"
	done
done
echo "ok: every scheme, plain, compressed and delay-compressed, counts as the truth, oldest segment first"

# logrotate's default dateext names have no time: PATTERN-YYYYMMDD.
rm -rf logs offsets
mkdir logs
"$LOGPROC" generate --count 300 --interval 0 --seed 11 --rotate-size 0 \
    --output logs > /dev/null
mv logs/app.log logs/app.log-20260102
"$LOGPROC" generate --count 200 --interval 0 --seed 12 --rotate-size 0 \
    --output logs > /dev/null
gzip -c logs/app.log > logs/app.log-20260103.gz
: > logs/app.log
expect_status 0 "$LOGPROC" run --once --json
expect_grep '"lines": 500,' out
echo "ok: dateext names without a time are segments, plain and compressed"

# Read while plain, then compressed as logrotate does (numbered: every
# name shifts, the newest plain one is compressed): nothing is read twice.
rm -rf logs offsets
"$LOGPROC" generate --count 6000 --interval 0 --seed 8 --rotate-size 128K \
    --rotate-scheme numbered --output logs --truth truth.json > /dev/null
expect_status 0 "$LOGPROC" run --once --quiet --json
before=$(checkpoint_lines)
[ "$before" = "$(json_get truth.json lines)" ] || fail "first run counted $before lines"
# logrotate's compress: the .gz is written while the plain file is there
# (half written here: its trailer, the size, is still any bytes).
gzip -c logs/app.log.1 > whole.gz
head -c $(( $(wc -c < whole.gz) / 2 )) whole.gz > logs/app.log.1.gz
expect_status 0 "$LOGPROC" run --once --json
expect_grep "\"lines\": $before," out
! grep -q 'taken for a copy' err || fail "a .gz being made was reported as a copy"
rm logs/app.log.1.gz
highest=$(ls logs | sed -n 's/^app\.log\.\([0-9]*\)$/\1/p' | sort -n | tail -n 1)
n=$highest
while [ "$n" -ge 1 ]; do
	mv "logs/app.log.$n" "logs/app.log.$((n + 1))"
	gzip "logs/app.log.$((n + 1))"
	n=$((n - 1))
done
expect_status 0 "$LOGPROC" run --once --json
expect_grep "\"lines\": $before," out
expect_grep 'compressed to app\.log\.2\.gz' err
echo "ok: segments compressed after they were read are not read again"

# A segment half read while plain (the run was killed), then compressed:
# the resumed run inflates past what was read and goes on from there.
rm -rf logs offsets
mkdir logs
"$LOGPROC" generate --count 300000 --interval 0 --seed 9 --rotate-size 0 \
    --output logs --truth truth.json > /dev/null
mv logs/app.log logs/app.log.1
"$LOGPROC" run --quiet --workers 1 --parser jansson --commit-every 1000 \
    > /dev/null 2>&1 &
run=$!
wait_until 30 some_read
kill -9 "$run"
wait "$run" 2> /dev/null || true
partial=$(checkpoint_lines)
[ "$partial" -lt 300000 ] || fail "the run read everything before it was killed"
gzip logs/app.log.1
run_matches logs truth.json
echo "ok: a segment compressed after $partial of its lines were read resumes there"

# kill -9 while reading a compressed segment, many times: exact in the end.
rm -rf offsets
kills=0
while [ "$kills" -lt 5 ]; do
	"$LOGPROC" run --quiet --workers 1 --parser jansson --output out.ndjson \
	    --commit-every 1000 > /dev/null 2>&1 &
	run=$!
	sleep 0.3
	kill -9 "$run" 2> /dev/null || true
	wait "$run" 2> /dev/null || true
	kills=$((kills + 1))
done
expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson
cp out result.json
"$TRUTHCMP" truth.json result.json out.ndjson ||
    fail "after $kills kill -9s in a compressed segment the totals differ"
echo "ok: $kills kill -9s while inflating, then exact totals"

# A truncated .gz: its complete lines count, the segment fails, saying
# how far it was read; the rest of the directory is read.
rm -rf logs offsets
mkdir logs
"$LOGPROC" generate --count 20000 --interval 0 --seed 10 --rotate-size 0 \
    --output logs > /dev/null
gzip -c logs/app.log > whole.gz
head -c $(( $(wc -c < whole.gz) / 2 )) whole.gz > logs/app.log.1.gz
mv logs/app.log plain.txt
printf '%s\n' '{"level":"INFO"}' > logs/app.log
complete=$(gzip -d -c logs/app.log.1.gz 2> /dev/null | wc -l)
expect_status 0 "$LOGPROC" run --once --json
expect_grep "\"lines\": $((complete + 1))," out
expect_grep 'app\.log\.1\.gz: gzip data: unexpected end of file; read up to offset [0-9]+' err
expect_grep '"state": "failed"' offsets/checkpoint.json
echo "ok: a truncated .gz counts its $complete complete lines and fails"

# It was a copy still being made: once it is whole, the next run reads it
# on from where the failure left it, exactly.
cp whole.gz logs/app.log.1.gz
expect_status 0 "$LOGPROC" run --once --json
expect_grep 'app\.log\.1\.gz changed after it failed; reading it again from offset [0-9]+' err
expect_grep '"lines": 20001,' out
! grep -q '"state": "failed"' offsets/checkpoint.json || fail "the whole .gz is still failed"
echo "ok: a failed .gz that is whole again is read on from its offset"

# Following: a .gz copied into the directory that stalls half way fails
# once it has settled, and is read on when the copy goes on.
rm -rf logs offsets
mkdir logs
printf '%s\n' '{"level":"INFO"}' > logs/app.log
half=$(( $(wc -c < whole.gz) / 2 ))
"$LOGPROC" run --quiet --scan-interval 100ms > /dev/null 2> follow.err &
run=$!
head -c "$half" whole.gz > logs/app.log.2.gz
wait_until 20 grep -q 'app.log.2.gz: gzip data: unexpected end of file' follow.err
tail -c +$((half + 1)) whole.gz >> logs/app.log.2.gz
wait_lines 20001 10 || fail "the stalled .gz, now whole, was not read on: $(cat follow.err)"
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
! grep -q '"state": "failed"' offsets/checkpoint.json || fail "the whole .gz is still failed"
echo "ok: following, a .gz that stalled half written is read on once it is whole"

# Several gzip members (as cat a.gz b.gz makes): the trailer gives the
# last one's size only. Read to its end, the segment stays complete: not
# reported grown and read again at every scan.
rm -rf logs offsets parts
"$LOGPROC" generate --count 3000 --interval 0 --seed 12 --rotate-size 200K \
    --output parts > /dev/null
mkdir logs
for part in parts/app.log.*; do
	gzip -c "$part"
done > logs/app.log.1.gz
printf '%s\n' '{"level":"INFO"}' > logs/app.log
members_lines=$(( $(cat parts/app.log.* | wc -l) + 1 ))
expect_status 0 "$LOGPROC" run --once --json
expect_grep "\"lines\": $members_lines," out
"$LOGPROC" run --quiet --scan-interval 50ms > /dev/null 2> members.err &
run=$!
sleep 1
kill -s TERM "$run"
wait "$run" || fail "run exited with $?"
! grep -q 'grew' members.err || fail "a .gz of several members was read again: $(head -n 2 members.err)"
"$LOGPROC" status > status.txt
expect_grep "complete +([0-9]+)/\\1 .* app\\.log\\.1\\.gz$" status.txt
echo "ok: a .gz of several members is read once, its size the one read"

# Damaged data (the check sum: all the lines are there and count, in the
# last megabyte too), a fake .gz, another compressor.
rm -rf logs offsets
mkdir logs
cp whole.gz logs/app.log.3.gz
size=$(wc -c < whole.gz)
printf '\377\377\377\377' | dd of=logs/app.log.3.gz bs=1 seek=$((size - 8)) \
    conv=notrunc 2> /dev/null
printf 'plain text, not gzip\n' > logs/app.log.2.gz
printf 'BZh91AY&SY' > logs/app.log.1.bz2
printf '%s\n' '{"level":"INFO"}' > logs/app.log
expect_status 0 "$LOGPROC" run --once --json
expect_grep "\"lines\": $(($(wc -l < plain.txt) + 1))," out
expect_grep "app\\.log\\.3\\.gz: gzip data: incorrect data check; read up to offset $(wc -c < plain.txt)\$" err
expect_grep 'app\.log\.2\.gz: skipped: it is not gzip data' err
expect_grep 'app\.log\.1\.bz2: skipped: it is compressed with a method' err
echo "ok: damaged and fake .gz files and other compressors are reported"

# A small .gz with a damaged check sum, shorter than the head a segment
# is known by: its lines count too, and it fails the same way.
rm -rf logs offsets
mkdir logs
printf '%s\n' '{"level":"INFO"}' '{"level":"WARN"}' > small.txt
gzip -n < small.txt > logs/app.log.1.gz
size=$(wc -c < logs/app.log.1.gz)
printf '\377' | dd of=logs/app.log.1.gz bs=1 seek=$((size - 8)) conv=notrunc \
    2> /dev/null
printf '%s\n' '{"level":"ERROR"}' > logs/app.log	# not how small.txt starts
expect_status 0 "$LOGPROC" run --once --json
expect_grep '"lines": 3,' out
expect_grep "app\\.log\\.1\\.gz: gzip data: incorrect data check; read up to offset $(wc -c < small.txt)\$" err
echo "ok: a small .gz with a damaged check sum counts its lines and fails"

# damaged_members N: a fresh logs/ holding app.log (one record) and
# app.log.1.gz: plain.txt's first N lines as one gzip member, the rest as
# a second (cat a.gz b.gz), damaged at the second member's first block.
damaged_members() {
	rm -rf logs offsets
	mkdir logs
	head -n "$1" plain.txt | gzip -n > first.gz
	tail -n +$(($1 + 1)) plain.txt | gzip -n > second.gz
	cat first.gz second.gz > logs/app.log.1.gz
	# The second member's deflate data starts after its 10-byte header;
	# a block of type 3 (final) does not exist.
	printf '\007' | dd of=logs/app.log.1.gz bs=1 \
	    seek=$(($(wc -c < first.gz) + 10)) conv=notrunc 2> /dev/null
	printf '%s\n' '{"level":"INFO"}' > logs/app.log
}

# Damage in the middle of the data, here at the start of the second of
# two members: exactly the first member's lines count, and the segment
# is read up to that member's end.
damaged_members 7000
expect_status 0 "$LOGPROC" run --once --json
expect_grep '"lines": 7001,' out
expect_grep "app\\.log\\.1\\.gz: gzip data: invalid block type; read up to offset $(head -n 7000 plain.txt | wc -c)\$" err
expect_grep '"state": "failed"' offsets/checkpoint.json
echo "ok: damage in the middle counts the lines before it, exactly"

# Failed where the trailer (the last member's size) says less than was
# read: the next run finds the file as it was and leaves it failed,
# without reading it again.
damaged_members 15000
expect_status 0 "$LOGPROC" run --once
expect_status 0 "$LOGPROC" run --once --json
! grep -q 'changed after it failed' err || fail "an unchanged failed .gz was read again: $(cat err)"
expect_grep '"lines": 15001,' out
echo "ok: a failed .gz that did not change stays failed"
