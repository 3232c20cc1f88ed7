# run-crash-formats.sh: run-crash.sh's kill -9 loop for other formats
# than the generator's own: pino, ECS, journald (no durations) and
# pino inside Docker's json-file lines, each detected by --schema auto
# (which the checkpoint then keeps through every restart). After a last
# run, every line is counted exactly once and every selected record is
# in the output exactly once.
. "$TESTS_SRCDIR/lib.sh"

for schema in pino ecs journald docker:pino; do
	dir=$(echo "$schema" | tr : _)
	mkdir "$dir"
	cd "$dir"
	"$LOGPROC" generate --schema "$schema" --count 40000 --interval 20us \
	    --rotate-size 64K --malformed 0.01 --truth truth.json > /dev/null &
	gen=$!
	kill_loop 12
	wait "$gen"
	expect_status 0 "$LOGPROC" run --once --quiet --json --output out.ndjson \
	    --rejects rejects.txt
	cp out final.json
	[ "$(jq -r .run.schema final.json)" = "$schema" ] ||
	    fail "$schema: read as $(jq -r .run.schema final.json)"
	if [ "$schema" = journald ]; then
		export TRUTHCMP_NO_DURATIONS=1
	else
		unset TRUTHCMP_NO_DURATIONS
	fi
	"$TRUTHCMP" truth.json final.json out.ndjson ||
	    fail "$schema: after $kills kill -9s the totals or the output differ from the truth"
	echo "ok: $schema, $kills kill -9s, $(wc -l < out.ndjson) records once each"
	cd ..
done
