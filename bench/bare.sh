#!/usr/bin/env bash
# bare.sh LAB SUBMISSION - what grading costs without the grader: copy the
# submission, build it with the lab's build.mk as the grader does (TRACE=1:
# the spec tells the student's objects from other programs' by the trace),
# and run every spec test directly (build/spec/spec_LAB --run SUITE::NAME),
# one process per test as the grader does, with the environment the grader
# gives the spec runner when it cannot use namespaces (grader/grade.c): the
# System V objects that existed before the test as IPCLAB_IPC_BASELINE and
# the trace file as IPCLAB_TRACE. None of the grader's isolation: no
# namespaces, no user switch, no limits, no result channel, no leak scan.
#
# Prints "PASSED TOTAL", then the tests that failed, one per line.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
lab=$1
submission=$2
spec=$root/build/spec/spec_$lab
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipclab-bare-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# " shm3 sem5 ": the ids in /proc/sysvipc, in spec_ipc.c's format.
sysv_ids() {
	awk 'FNR > 1 { k = FILENAME; sub(".*/", "", k); printf " %s%s", k, $2 }
	     END { print " " }' /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg
}

mkdir "$tmp/src"
cp "$submission"/*.[ch] "$tmp/src/"
# -k, -j4 and "probe" as the grader builds: a lab without a probe still runs.
make -k -s -j4 -C "$tmp/src" -f "$root/labs/$lab/build.mk" IPCLAB="$root" \
	CFLAGS="-std=gnu11 -g -O1 -Wall -Wextra" TRACE=1 all probe >"$tmp/build.log" 2>&1

uid=$(id -u)
gid=$(id -g)
passed=0
total=0
failed=()
while IFS=$'\t' read -r name _; do
	total=$((total + 1))
	work=$tmp/t$total
	mkdir "$work" "$tmp/p$total"
	if (cd "$work" && exec env -i PATH=/usr/bin:/bin LC_ALL=C IPCLAB_BIN="$tmp/src" \
		IPCLAB_PRIVATE="$tmp/p$total" HOME="$work" \
		IPCLAB_STUDENT_UID="$uid" IPCLAB_STUDENT_GID="$gid" \
		IPCLAB_IPC_BASELINE="$(sysv_ids)" IPCLAB_TRACE="$work/.ipclab-trace" "$spec" --run "$name") \
		</dev/null >"$work.log" 2>&1; then
		passed=$((passed + 1))
	else
		failed+=("$name")
	fi
done < <("$spec" --describe)
echo "$passed $total"
if ((${#failed[@]} > 0)); then printf '%s\n' "${failed[@]}"; fi
