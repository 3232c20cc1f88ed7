# usage.sh: the command line; usage errors are one line plus a hint, exit 2.
. "$TESTS_SRCDIR/lib.sh"

# usage_error PATTERN ARGS...: logproc ARGS must exit 2 with exactly two
# lines on stderr, the first matching PATTERN, the second a hint.
usage_error() {
	pattern=$1
	shift
	expect_status 2 "$LOGPROC" "$@"
	expect_lines 2 err
	head -n 1 err | grep -E -q -- "$pattern" || fail "'$*' said: $(head -n 1 err)"
	tail -n 1 err | grep -q -- "--help" || fail "'$*' gave no hint: $(tail -n 1 err)"
	[ ! -s out ] || fail "'$*' wrote to stdout"
}

# Top level.
expect_status 0 "$LOGPROC" --help
expect_grep '^Usage: logproc ' out
expect_grep '^  generate ' out
expect_status 0 "$LOGPROC" -help
expect_grep '^Usage: logproc ' out
expect_status 0 "$LOGPROC" --version
expect_grep '^logproc [0-9]+\.[0-9]+\.[0-9]+$' out
usage_error "^logproc: missing command$"
usage_error "^logproc: unknown command 'frobnicate'$" frobnicate
usage_error "^logproc: unknown option '--frob'$" --frob
usage_error "^logproc: unknown command 'nosuch'$" help nosuch

# Help for a command, three ways, all the same text.
expect_status 0 "$LOGPROC" generate --help
cp out help1
expect_grep '^Usage: logproc generate ' help1
expect_grep 'Exit status: 0 success, 1 runtime error, 2 usage error' help1
expect_status 0 "$LOGPROC" help generate
cmp -s out help1 || fail "'help generate' differs from 'generate --help'"
expect_status 0 "$LOGPROC" generate -help
cmp -s out help1 || fail "'generate -help' differs from 'generate --help'"
expect_grep '\(-count 1000\)' help1

# The help of run, status and tui shows an option of their own, and the
# dateext segments (NAME-*) beside NAME.*.
for command in run status tui; do
	expect_status 0 "$LOGPROC" $command --help
	! grep -q -- '-count' out || fail "$command --help shows generate's -count"
	expect_grep 'single dash \(-[a-z]' out
	expect_grep 'NAME-\*' out
done

# Unknown options and operands.
usage_error "^logproc generate: unknown option '--frob'$" generate --frob
usage_error "^logproc generate: unknown option '-frob'$" generate -frob
usage_error "^logproc generate: option '--count' needs a value$" generate --count
usage_error "^logproc generate: option '-help=x' takes no value$" generate -help=x
usage_error "^logproc generate: unknown option '-x'$" generate -x
usage_error "^logproc generate: unknown option '--cuont' \(did you mean --count\?\)$" generate --cuont 5
usage_error "^logproc run: unknown option '--outptu' \(did you mean --output\?\)$" run --outptu -
usage_error "^logproc status: unknown option '-jsno' \(did you mean --json\?\)$" status -jsno
usage_error "^logproc tui: unknown option '--frmaes=3' \(did you mean --frames\?\)$" tui --frmaes=3
usage_error "^logproc generate: unexpected argument 'extra'$" generate --count 1 extra

# Malformed and out-of-range values name the option and the range.
usage_error "'abc' for --count: not a number \(accepted: 0 to 1000000000000\)" generate --count abc
usage_error "'-5' for --count: must not be negative" generate --count -5
usage_error "'-2' for --workers: must not be negative \(accepted: 1 to 64\)" run --workers -2
usage_error "'1e3' for --count: not a whole number" generate --count 1e3
usage_error "'1000000000001' for --count: out of range" generate --count 1000000000001
usage_error "'99999999999999999999' for --count: number too large" generate --count 99999999999999999999
usage_error "'10' for --interval: missing unit .*\(accepted: 0 to 1m\)" generate --interval 10
usage_error "'10x' for --interval: unknown unit" generate --interval 10x
usage_error "'61s' for --interval: out of range" generate --interval 61s
usage_error "'512' for --rotate-size: out of range \(accepted: 0, or 1K to 1G\)" generate --rotate-size 512
usage_error "'2G' for --rotate-size: out of range" generate --rotate-size 2G
usage_error "'1X' for --rotate-size: unknown size suffix" generate --rotate-size 1X
usage_error "'1.5' for --malformed: out of range \(accepted: 0 to 1\)" generate --malformed 1.5
usage_error "'lots' for --malformed: not a number" generate --malformed lots
usage_error "'a/b' for --pattern: not a plain file name" generate --pattern a/b
usage_error "'-1' for --seed: must not be negative" generate --seed -1
usage_error "'' for --truth: empty" generate --truth ''
usage_error "'1025.5' for --rotate-size: fraction too fine" generate --rotate-size 1025.5
[ ! -e logs ] || fail "a usage error created logs/"

# Untrusted text is escaped, never sent to the terminal as it is.
esc=$(printf '\033')
usage_error "'a\\\\x1b\\[7m' for --pattern" generate --pattern "a${esc}[7m"
usage_error "^logproc: unknown command 'x\\\\x1b\\]0;pwned\\\\x07'$" "x${esc}]0;pwned$(printf '\007')"
if grep -q "$esc" err; then fail "an escape character reached stderr"; fi

# A failed write to standard output is an error, not a silent success.
if [ -w /dev/full ]; then
	expect_status 1 sh -c '"$LOGPROC" --help > /dev/full'
	expect_grep '^logproc: write error on standard output' err
	expect_status 1 sh -c '"$LOGPROC" generate --help > /dev/full'
fi

# The original's single-dash spellings, unit suffixes and prefixes work.
expect_status 0 "$LOGPROC" generate -count 3 -interval 0 -output d1 -rotate-size 1.5K
expect_lines 3 d1/app.log
expect_status 0 "$LOGPROC" generate --cou 2 --interval 1ms --output=d2 --pattern x.log
expect_lines 2 d2/x.log

# A runtime error is one line naming the file, and exit status 1.
: > plainfile
expect_status 1 "$LOGPROC" generate --count 1 --output plainfile/sub
expect_lines 1 err
expect_grep '^logproc generate: plainfile.*: Not a directory$' err

# An unwritable truth file is found before anything is generated.
expect_status 1 "$LOGPROC" generate --count 5 --interval 0 --output early \
    --truth missing-dir/truth.json
expect_lines 1 err
expect_grep "^logproc generate: cannot write the truth file: missing-dir/truth.json.tmp: No such file" err
[ ! -e early ] || fail "generated although the truth file cannot be written"

# run takes two parsers, by name.
usage_error "^logproc run: invalid value 'simd' for --parser: not a parser \\(accepted: fast or jansson\\)$" \
    run --parser simd
