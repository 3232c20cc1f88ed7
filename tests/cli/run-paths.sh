# run-paths.sh: the files a run names are the files it touches. The
# checkpoint records --output and --rejects as absolute paths with their
# device and inode, so a run resumed from another directory, or after the
# file was deleted or replaced, is refused before anything is cut; a
# checkpoint of an older logproc with a relative path is refused too.
# A FIFO, a directory or a symbolic link where checkpoint.json or lock
# should be, or a FIFO, directory or device as --output, is refused at
# once with one line naming the file. Every command runs under timeout
# 10, so that a hang fails the test instead of holding CI.
. "$TESTS_SRCDIR/lib.sh"

run() {
	timeout -k 2 10 "$LOGPROC" run --once --quiet "$@"
}
status() {
	timeout -k 2 10 "$LOGPROC" status "$@"
}

# unrelated FILE: makes FILE a file of someone else's, longer than any
# output here, and keeps a copy of it in FILE.orig.
unrelated() {
	awk 'BEGIN { for (i = 0; i < 20000; i++) print "unrelated line " i }' > "$1"
	cp "$1" "$1.orig"
}

"$LOGPROC" generate --count 300 --interval 0 --malformed 0.05 \
    --output logs > /dev/null
mkdir A B
here=$(pwd -P)
where="--logs-dir $here/logs --offsets-dir $here/offsets"

# A relative --output is recorded as an absolute path, with its identity.
# shellcheck disable=SC2086
(cd A && expect_status 0 run $where --output selected --rejects rej)
status --json --offsets-dir offsets > status.json
[ "$(jq -r .output.path status.json)" = "$here/A/selected" ] ||
    fail "the checkpoint records --output as $(jq -r .output.path status.json)"
[ "$(jq -r .rejects.path status.json)" = "$here/A/rej" ] ||
    fail "the checkpoint records --rejects as $(jq -r .rejects.path status.json)"
[ "$(jq .output.inode status.json)" = "$(stat -c %i A/selected)" ] &&
    [ "$(jq .output.device status.json)" = "$(stat -c %d A/selected)" ] ||
    fail "the checkpoint does not record the output's device and inode"
[ "$(jq .output.committed_bytes status.json)" -eq "$(wc -c < A/selected)" ] ||
    fail "the checkpoint does not count the output"
status --offsets-dir offsets > status.txt
expect_grep "^Output $here/A/selected, [0-9]+ bytes committed$" status.txt
expect_grep "^Rejects $here/A/rej, [0-9]+ bytes committed$" status.txt

# Resumed from B, which has its own selected: refused, B's file untouched.
unrelated B/selected
unrelated B/rej
# shellcheck disable=SC2086
(cd B && expect_status 1 run $where --output selected --rejects rej &&
    expect_lines 1 err &&
    expect_grep "^logproc run: $here/offsets/checkpoint.json: made by a run with another --output \\($here/A/selected\\); use --reset to start over$" err)
cmp -s B/selected B/selected.orig || fail "a run from B changed B's selected"
cmp -s B/rej B/rej.orig || fail "a run from B changed B's rej"
# The same with only --rejects differing.
# shellcheck disable=SC2086
(cd B && expect_status 1 run $where --output "$here/A/selected" --rejects rej &&
    expect_grep "another --rejects \\($here/A/rej\\)" err)
cmp -s B/rej B/rej.orig || fail "a run from B changed B's rej"
# From B, the absolute path of A's files resumes them.
cp A/selected out.before
# shellcheck disable=SC2086
(cd B && expect_status 0 run $where --output "$here/A/selected" --rejects "$here/A/rej")
cmp -s A/selected out.before || fail "a resumed run with nothing new changed A/selected"

# resume_refused FILE TEXT: a run from A is refused with TEXT about
# FILE, and touches neither A/selected nor A/rej.
resume_refused() {
	cp A/selected out.before
	cp A/rej rej.before 2> /dev/null || :
	# shellcheck disable=SC2086
	(cd A && expect_status 1 run $where --output selected --rejects rej &&
	    expect_lines 1 err && expect_grep "^logproc run: $1: $2" err &&
	    expect_grep "use --reset to start over$" err)
	cmp -s A/selected out.before || fail "a refused run changed A/selected"
}

# A replaced output (a new inode, the same bytes) is refused, never cut.
cp A/selected A/selected.new
mv A/selected.new A/selected
resume_refused selected "not the file the checkpoint counts [0-9]+ bytes of"
# Put back by inode: the original again.
# shellcheck disable=SC2086
(cd A && expect_status 0 run $where --output selected --rejects rej --reset)
# A deleted one is refused and not made again.
mv A/rej rej.saved
resume_refused rej "missing, though the checkpoint counts [0-9]+ bytes of it"
[ ! -e A/rej ] || fail "a refused run made A/rej again"
mv rej.saved A/rej
# shellcheck disable=SC2086
(cd A && expect_status 0 run $where --output selected --rejects rej)

# A checkpoint of an older logproc: a relative path, no identity. It
# cannot say which file it counts: refused. With an absolute path it is
# taken as it says, and the next checkpoint records the identity.
cp offsets/checkpoint.json good.json
jq '.output |= {path: "selected", committed_bytes}' good.json > offsets/checkpoint.json
resume_refused selected "the checkpoint records it as 'selected', relative to a directory it does not name"
jq ".output |= {path: \"$here/A/selected\", committed_bytes}" good.json > offsets/checkpoint.json
# shellcheck disable=SC2086
(cd A && expect_status 0 run $where --output selected --rejects rej)
[ "$(jq .output.inode offsets/checkpoint.json)" = "$(stat -c %i A/selected)" ] ||
    fail "an older checkpoint did not get the output's identity"

# --output is a file that can be cut back: not a FIFO, a directory or a
# device (only -, standard output, is a stream).
mkfifo fifo
mkdir dir
for sink in fifo:FIFO dir:directory /dev/null:"character device"; do
	kind=${sink#*:} sink=${sink%%:*}
	expect_status 1 run --logs-dir logs --offsets-dir "sink-offsets" --output "$sink"
	expect_lines 1 err
	expect_grep "^logproc run: $sink: not a regular file but a $kind" err
	expect_status 1 run --logs-dir logs --offsets-dir "sink-offsets" --rejects "$sink"
	expect_grep "^logproc run: $sink: not a regular file but a $kind" err
done

# Anything but a regular file where checkpoint.json or lock should be:
# run and status exit at once, naming the file. status takes no lock, so
# a strange lock does not stop it.
echo '{}' > elsewhere
for name in checkpoint.json lock; do
	for kind in fifo directory symlink; do
		rm -rf offsets
		mkdir offsets
		[ "$name" = checkpoint.json ] || cp good.json offsets/checkpoint.json
		case $kind in
		fifo) mkfifo "offsets/$name"; type=FIFO ;;
		directory) mkdir "offsets/$name"; type=directory ;;
		symlink) ln -s ../good.json "offsets/$name"; type="symbolic link" ;;
		esac
		expect_status 1 run $where --output A/selected --rejects A/rej
		expect_lines 1 err
		expect_grep "^logproc run: $here/offsets/$name: not a regular file but a $type$" err
		if [ "$name" = checkpoint.json ]; then
			expect_status 1 status --offsets-dir offsets
			expect_lines 1 err
			expect_grep "^logproc status: offsets/$name: not a regular file but a $type$" err
		else
			expect_status 0 status --offsets-dir offsets
		fi
	done
done
cmp -s good.json offsets/checkpoint.json || fail "a refused run changed the checkpoint"

# The temporary file that replaces checkpoint.json: a directory in its
# place makes the checkpoint unwritable, named.
rm -rf offsets
mkdir -p offsets/checkpoint.json.tmp
expect_status 1 run --logs-dir logs --offsets-dir offsets
expect_grep "^logproc run: cannot write the checkpoint: offsets/checkpoint.json.tmp: " err

# --output and --rejects naming one file, through two spellings: refused
# before anything is written to it.
rm -rf offsets same.ndjson
expect_status 1 run --logs-dir logs --offsets-dir offsets \
    --output same.ndjson --rejects ./same.ndjson
expect_lines 1 err
expect_grep "^logproc run: \./same\.ndjson: --output and --rejects name the same file" err
[ ! -s same.ndjson ] || fail "records written to a file named twice"
