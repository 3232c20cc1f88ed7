# corpus.sh: replays the committed corpus of every fuzz target through
# its corpus_main.c build (tests/fuzz/corpus_NAME), without libFuzzer: the
# fast path against Jansson (parser), the checkpoint loader (ckpt), the
# line splitter (reader), the value parsers (options) and the schemas'
# value readers (values). Each target
# aborts on the first input that breaks what it checks. By hand:
# FUZZ_BUILDDIR=tests/fuzz TESTS_SRCDIR=tests LOGPROC=./logproc
# LINECHECK=tests/helpers/linecheck sh tests/fuzz/corpus.sh [NAME...]
. "$TESTS_SRCDIR/lib.sh"
: "${FUZZ_BUILDDIR:?run the tests with make check}"

# replay NAME MINIMUM: runs corpus/NAME, which must hold MINIMUM files or
# more, through corpus_NAME; each must run.
replay() {
	corpus=$TESTS_SRCDIR/fuzz/corpus/$1
	files=$(ls "$corpus" | wc -l)
	[ "$files" -ge "$2" ] || fail "corpus/$1 has $files files, expected $2 or more"
	expect_status 0 "$FUZZ_BUILDDIR/corpus_$1" "$corpus"
	expect_grep "^corpus: $files inputs ran\$" out
	echo "corpus/$1: $files inputs ran"
}

for target in ${*:-parser ckpt reader options values}; do
	case $target in
	parser)
		replay parser 100
		# Generated records, with 5% malformed lines: one input, split
		# into lines.
		"$LOGPROC" generate --count 3000 --interval 0 --seed 11 \
		    --malformed 0.05 --output gen
		expect_status 0 "$FUZZ_BUILDDIR/corpus_parser" gen
		# And in every other format: each line is read by every
		# schema, fast path against Jansson.
		for schema in $("$LOGPROC" schema list) docker:pino docker:ecs; do
			"$LOGPROC" generate --schema "$schema" --count 400 \
			    --interval 0 --seed 12 --malformed 0.05 \
			    --output "gen-$schema" > /dev/null
			expect_status 0 "$FUZZ_BUILDDIR/corpus_parser" "gen-$schema"
		done ;;
	ckpt) replay ckpt 20 ;;
	reader) replay reader 20 ;;
	options) replay options 20 ;;
	values) replay values 20 ;;
	*) fail "no fuzz target '$target'" ;;
	esac
done
