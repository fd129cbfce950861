#!/usr/bin/env bash
# make stress: every lab's reference graded RUNS times (default 100) while
# two busy loops per core load the machine, each run with its own seed for
# the injected delays at semop, read and write. Any failure is a bug in a
# test (the reference is right by definition); its seed replays it:
#   build/ipcgrade grade --lab LAB --seed SEED reference/LAB
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

RUNS=${RUNS:-100}
LABS=${TEST_LABS:-$(ls labs/*/rubric.tsv | cut -d/ -f2)}
BASE=${SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
TMP=$(mktemp -d)
loops=()

stop_load() { [ ${#loops[@]} -gt 0 ] && kill "${loops[@]}" 2>/dev/null; rm -rf "$TMP"; }
trap stop_load EXIT
for _ in $(seq $((2 * $(nproc)))); do
	sh -c 'while :; do :; done' &
	loops+=($!)
done

echo "stress: $RUNS runs per lab, seeds $BASE.., $(( 2 * $(nproc) )) busy loops on $(nproc) cores"
printf '%-8s %6s %8s %10s\n' lab runs failures "s per run"
total_failures=0
for lab in $LABS; do
	failures=0 start=$(date +%s)
	for run in $(seq "$RUNS"); do
		seed=$((BASE + run))
		out="$TMP/$lab-$seed.json"
		if ! build/ipcgrade grade --lab "$lab" --seed "$seed" --format json:"$out" \
			"reference/$lab" >/dev/null 2>&1; then
			failures=$((failures + 1))
			jq -r --arg s "$seed" '.tests[] | select(.status != "pass") |
				"  seed \($s): \(.name): \(.message | split("\n")[0])"' "$out" 2>/dev/null >>"$TMP/failed"
		fi
	done
	total_failures=$((total_failures + failures))
	printf '%-8s %6d %8d %10.1f\n' "$lab" "$RUNS" "$failures" \
		"$(awk -v t=$(( $(date +%s) - start )) -v n="$RUNS" 'BEGIN { print t / n }')"
done
[ -s "$TMP/failed" ] && { echo "false failures (each a bug in a test):"; cat "$TMP/failed"; }
[ "$total_failures" = 0 ]
