#!/usr/bin/env bash
# tests/interrupt.sh - a grader stopped in the middle of its tests leaves
# nothing running, run by tests/run.sh. Each way of stopping it waits until
# tests run, then:
#   - SIGTERM to the grader alone (kill PID), grading the shm reference with
#     tests side by side: it stops its tests, removes its scratch directory
#     and ends by SIGTERM, saying so, with no report;
#   - SIGINT to its process group (Ctrl-C): the same;
#   - SIGKILL to the grader alone, then to a grader's process group, each
#     grading a submission whose shm_demo sleeps forever
#     (tests/hostile/sleep-forever.c): nothing can clean up, but no process
#     of the submission may survive it (each sandbox dies with the process
#     that started it); as root with cgroups, the next grader removes the
#     groups the killed one left.
# Every bound is generous (20 s, the test's limit is 30 s): the point is
# that it ends, not how fast.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

GRADER=$PWD/build/ipcgrade
TMP=$(mktemp -d)
passed=0 failed=0
trap 'rm -rf "$TMP"' EXIT
chmod 711 "$TMP"
mkdir -m 1777 "$TMP/scratch"
export TMPDIR=$TMP/scratch

ok()   { passed=$((passed + 1)); printf 'ok   interrupt: %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL interrupt: %s\n' "$1"; shift; printf '     %s\n' "$@"; }

# Processes running a program from the scratch directory, or the spec runner.
survivors() {
	{
		find /proc/[0-9]*/exe -maxdepth 0 -lname "$TMPDIR/*" -printf '%h\n' 2>/dev/null | cut -d/ -f3
		pgrep -f "^$PWD/build/spec/spec_shm" || true
	} | sort -u | paste -sd' '
}

bash tests/hostile/submission.sh sleep-forever "$TMP/sleeper" sleeper /nonexistent

# Start a grader with ARGS as the leader of a process group, SIGINT not
# ignored (as a shell leaves it for background jobs); wait until tests run.
start_grader() { # args...
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid()
os.execv(sys.argv[1], sys.argv[1:])' "$GRADER" grade --lab shm "$@" >"$TMP/out" 2>"$TMP/err" &
	grader=$!
	# A spec runner at work (as root the scratch directory is a mount of
	# the grader's own: its test directories cannot be seen from here).
	for _ in $(seq 400); do
		pgrep -f "^$PWD/build/spec/spec_shm --run" >/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# Wait up to 20 s for PID to end; its exit status (128 + signal).
ended() {
	local pid=$1
	for _ in $(seq 400); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	{ wait "$pid"; } 2>/dev/null # no "Killed" line from bash
}

gone_within_20s() {
	for _ in $(seq 400); do
		[ -z "$(survivors)" ] && return 0
		sleep 0.05
	done
	return 1
}

for how in "SIGTERM to the grader alone" "SIGINT to its process group"; do
	if ! start_grader "$PWD/reference/shm"; then
		fail "$how: tests start" "$(cat "$TMP/err")"
		continue
	fi
	case $how in
	SIGTERM*) kill -TERM "$grader"; signal=TERM; status=143 ;;
	SIGINT*) kill -INT -- "-$grader"; signal=INT; status=130 ;;
	esac
	ended "$grader"
	rc=$?
	problems=()
	[ "$rc" = "$status" ] || problems+=("exit status $rc, not $status")
	grep -q "stopped by SIG$signal, no report" "$TMP/err" || problems+=("no word of it: $(cat "$TMP/err")")
	[ -s "$TMP/out" ] && problems+=("a report was printed")
	gone_within_20s || problems+=("still running: $(survivors)")
	[ -z "$(ls -A "$TMPDIR")" ] || problems+=("scratch left: $(ls "$TMPDIR")")
	if [ ${#problems[@]} = 0 ]; then
		ok "$how: the tests stop, scratch removed, no report, the grader ends by SIG$signal"
	else
		fail "$how" "${problems[@]}"
	fi
	rm -rf "${TMPDIR:?}"/*
done

# Groups named after a process that is gone (grader/cgroup.c).
dead_groups() {
	local dir pid
	for dir in /sys/fs/cgroup/pids/ipcgrade-* /sys/fs/cgroup/memory/ipcgrade-* /sys/fs/cgroup/ipcgrade-*; do
		[ -d "$dir" ] || continue
		pid=${dir##*/ipcgrade-}
		pid=${pid%-*}
		kill -0 "$pid" 2>/dev/null || echo "$dir"
	done
}

for whom in "the grader alone" "its process group"; do
	if ! start_grader --test demo::reports_requested_and_allocated "$TMP/sleeper"; then
		fail "SIGKILL to $whom: tests start" "$(cat "$TMP/err")"
		continue
	fi
	sleep 0.5 # shm_demo asleep
	case $whom in
	the*) kill -KILL "$grader" ;;
	its*) kill -KILL -- "-$grader" ;;
	esac
	ended "$grader"
	if gone_within_20s; then
		ok "SIGKILL to $whom: no process of the submission survives"
	else
		fail "SIGKILL to $whom: no process of the submission survives" "still running: $(survivors)"
		survivors | tr ' ' '\n' | xargs -r kill -KILL
	fi
	rm -rf "${TMPDIR:?}"/*
done
if [ "$(id -u)" = 0 ]; then
	# Stale only a minute after they were made: age them.
	mapfile -t left < <(dead_groups)
	if [ ${#left[@]} -gt 0 ]; then
		touch -d '2 hours ago' "${left[@]}"
		"$GRADER" grade --lab shm --test round::sizes_round_up_to_whole_pages \
			"$PWD/reference/shm" >/dev/null 2>&1
		still=()
		for dir in "${left[@]}"; do [ -d "$dir" ] && still+=("$dir"); done
		if [ ${#still[@]} = 0 ]; then
			ok "the next grader removes the ${#left[@]} cgroups the killed one left"
		else
			fail "the next grader removes the cgroups a killed one left" "${still[@]}"
		fi
	fi
fi

echo "interrupt: $passed passed, $failed failed"
[ "$failed" = 0 ]
