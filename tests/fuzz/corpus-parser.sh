# corpus-parser.sh: the fast path and Jansson agree on every line of the
# committed seed corpus and of a generated log with malformed lines. The
# differential target (fuzz_parser.c) aborts on the first difference.
. "$TESTS_SRCDIR/lib.sh"
: "${CORPUS_PARSER:?run the tests with make check}"
corpus=$TESTS_SRCDIR/fuzz/corpus/parser

files=$(ls "$corpus" | wc -l)
[ "$files" -ge 100 ] || fail "the seed corpus has $files files, expected 100 or more"
expect_status 0 "$CORPUS_PARSER" "$corpus"
expect_grep "^corpus: $files inputs ran\$" out

# Generated records, with 5% malformed lines: one input, split into lines.
"$LOGPROC" generate --count 3000 --interval 0 --seed 11 --malformed 0.05 \
    --output gen
expect_status 0 "$CORPUS_PARSER" gen
