# generate-seed.sh: the same seed gives the same records, byte for byte.
. "$TESTS_SRCDIR/lib.sh"

"$LOGPROC" generate --count 5000 --interval 0 --seed 42 --malformed 0.02 \
    --rotate-size 64K --output a
"$LOGPROC" generate --count 5000 --interval 0 --seed 42 --malformed 0.02 \
    --rotate-size 64K --output b
[ "$(ls a)" = "$(ls b)" ] || fail "same seed, different segment names"
for f in $(ls a); do
	cmp -s "a/$f" "b/$f" || fail "same seed, different $f"
done
"$LOGPROC" generate --count 5000 --interval 0 --seed 43 --malformed 0.02 \
    --rotate-size 64K --output c
cmp -s a/app.log c/app.log && fail "seeds 42 and 43 gave the same records"

# Seeded timestamps start at 2026-01-01T00:00:00Z.
head -n 1 "a/$(ls a | grep -v '^app\.log$' | head -n 1)" | grep -q '^{"timestamp":"2026-01-01T00:00:00\.' ||
    fail "seeded timestamps do not start at 2026-01-01T00:00:00Z"

# Paced runs are reproducible too; their clock steps by the interval.
"$LOGPROC" generate --count 20 --interval 1ms --seed 5 --output p1
"$LOGPROC" generate --count 20 --interval 1ms --seed 5 --output p2
cmp -s p1/app.log p2/app.log || fail "same seed and interval, different records"
sed -n 2p p1/app.log | grep -q '"timestamp":"2026-01-01T00:00:00\.002000000Z"' ||
    fail "the second paced record is not 1ms after the first"
