#!/usr/bin/env bash
# tests/hostile.sh - grade every hostile submission of tests/hostile/ and
# check that the grader stays in control. Each submission is reference/shm
# plus one attack file (see tests/hostile/hostile.h); its header names the
# test it attacks, the verdicts allowed, the leaks that must be reported
# and the isolation levels to try. For each attack and level:
#   - the attacked test gets an allowed verdict (never a forged pass);
#   - the attacked test ends within its timeout + 2 s (the grader measures
#     it: duration_ms), and the grader returns within twice a control run's
#     time (the reference on the same test: build and start) + timeout + 2 s;
#   - the host's System V IPC objects are as before;
#   - no process of the attack is left (they carry a token in their name,
#     and none may run from the grader's scratch directory);
#   - a canary file owned by the grading user and the ipclab tree are
#     unchanged, and no file of the attack is left in /dev/shm, /tmp or
#     /var/tmp.
# Levels: root (namespaces, student code as nobody), user (the grader run
# as nobody: a user namespace, or the fallback it reports), none
# (IPCGRADE_NO_NAMESPACES=1 as root). The hostile rubric gives every test
# HOSTILE_TIMEOUT seconds (default 4), so an attack that hangs costs that.
#
# Usage: bash tests/hostile.sh [ATTACK...]      (run by tests/run.sh as root)
# Environment: HOSTILE_LEVELS="root user none", HOSTILE_TIMEOUT=4, HOSTILE_GRADER
# (another ipcgrade binary to try).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

GRADER=${HOSTILE_GRADER:-$PWD/build/ipcgrade}
TIMEOUT=${HOSTILE_TIMEOUT:-4}
LEVELS=${HOSTILE_LEVELS:-root user none}
STUDENT=65534 # nobody: the unprivileged grading user
TMP=$(mktemp -d)
TOKEN=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
passed=0 failed=0 strike_at=0
trap 'rm -rf "$TMP"; dropped_files | xargs -r rm -rf' EXIT

ok()   { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

if [ "$(id -u)" != 0 ]; then
	echo "tests/hostile.sh: run as root (the user level drops to nobody itself)" >&2
	exit 2
fi

# Readable by nobody; scratch and reports writable by it.
chmod 755 "$TMP"
mkdir -m 1777 "$TMP/scratch" "$TMP/out"
export TMPDIR=$TMP/scratch IPCLAB_ROOT=$TMP/root

# A root like the real one, but every test gets TIMEOUT seconds.
root=$IPCLAB_ROOT
mkdir -p "$root/labs/shm"
ln -s "$PWD/build" "$root/build"
ln -s "$PWD/labs/common" "$PWD/labs/spec" "$root/labs/"
cp labs/shm/* "$root/labs/shm/"
awk -F'\t' -v OFS='\t' -v t="$TIMEOUT" '$1 ~ /::/ {$3 = t} {print}' labs/shm/rubric.tsv >"$root/labs/shm/rubric.tsv"
chmod -R a+rX "$root"

# Student code runs as nobody at every level: only its objects count. Other
# graders may be running: an object counts if it is still there 2 s later.
ipc_objects() {
	{ ipcs -m; ipcs -s; ipcs -q; } | awk '$1 ~ /^0x/ && $3 == "nobody" {print $1, $2, $3, $4}' | sort
}
ipc_new() { # before
	local first; first=$(comm -13 <(echo "$1") <(ipc_objects))
	[ -z "$first" ] && return
	sleep 2
	comm -12 <(echo "$first") <(ipc_objects)
}
# The pids of the attack's processes still running.
strays() {
	{
		ps -eo pid=,comm= | awk -v n="hx$TOKEN" '$2 == n {print $1}'
		find /proc/[0-9]*/exe -maxdepth 0 -lname "$TMP/*" -printf '%h\n' 2>/dev/null | cut -d/ -f3
	} | sort -u
}
# Files the attacks leave where any user may write carry the token too.
dropped_files() { find /dev/shm /tmp /var/tmp -maxdepth 1 -name "hx$TOKEN*" 2>/dev/null; }
tree_state() { find "$PWD" -path "$PWD/.git" -prune -o -printf '%P %s %T@ %m\n' | sort | md5sum; }
header() { sed -n "s/^ \* $1: *//p" "$2"; }
# Run the grader at LEVEL; the rest are its arguments. Prints its exit status.
grade_at() { # level args...
	local level=$1; shift
	case $level in
	root) timeout -s KILL $((TIMEOUT * 4 + 60)) "$GRADER" "$@" ;;
	user) timeout -s KILL $((TIMEOUT * 4 + 60)) setpriv --reuid=$STUDENT --regid=$STUDENT \
		--clear-groups "$GRADER" "$@" ;;
	none) IPCGRADE_NO_NAMESPACES=1 timeout -s KILL $((TIMEOUT * 4 + 60)) "$GRADER" "$@" ;;
	esac >/dev/null 2>"$TMP/grade.err"
	echo $?
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

attacks=()
for a in "${@:-}"; do
	[ -n "$a" ] && attacks+=("tests/hostile/$a.c")
done
[ ${#attacks[@]} = 0 ] && attacks=(tests/hostile/*.c)

printf '%-20s %-5s %-12s %6s %7s %7s  %s\n' attack level verdict "test s" "total s" "limit s" contained >"$TMP/table"
for level in $LEVELS; do
	owner=0
	[ "$level" = user ] && owner=$STUDENT
	# The control: the reference on the same test, for the build's time.
	json=$TMP/out/control-$level.json
	start=$(now_ms)
	rc=$(grade_at "$level" grade --lab shm --format json -o "$json" \
		--test demo::reports_requested_and_allocated "$PWD/reference/shm")
	control=$(($(now_ms) - start))
	if [ "$rc" = 0 ] || jq -e '.tests[] | select(.name == "demo::reports_requested_and_allocated") | .status == "pass"' "$json" >/dev/null 2>&1; then
		ok "hostile ($level): control run of the reference passes in $((control / 1000)).$((control % 1000 / 100)) s, isolation: $(jq -r .isolation "$json")"
	else
		fail "hostile ($level): control run of the reference passes (exit $rc)" "$(head -3 "$TMP/grade.err")"
		continue
	fi
	# The strict bound is the test's own time; the whole run adds the build,
	# which a loaded machine may slow down to twice the control's.
	limit=$((2 * control + TIMEOUT * 1000 + 2000))
	caps=no
	jq -e '.isolation | test("capped by cgroup")' "$json" >/dev/null && caps=yes

	for attack in "${attacks[@]}"; do
		name=$(basename "$attack" .c)
		case " $(header Levels "$attack") " in *" $level "*) ;; *) continue ;; esac
		# "Needs: cgroup": only where the grader caps memory and processes.
		[ "$(header Needs "$attack")" = cgroup ] && [ "$caps" != yes ] && continue
		test=$(header Test "$attack")
		expect=$(header Expect "$attack")
		leaks=$(header Expect-leak "$attack")
		canary=$TMP/canary-$level-$name
		echo "the canary: $name at $level" >"$canary"
		chown "$owner" "$canary"
		canary_before=$(stat -c '%s %Y %U' "$canary")
		sub=$TMP/sub-$level-$name
		bash tests/hostile/submission.sh "$name" "$sub" "$TOKEN" "$canary"
		json=$TMP/out/$level-$name.json
		ipc_before=$(ipc_objects) tree_before=$(tree_state)
		only=()
		[ "$test" != all ] && only=(--test "$test")
		start=$(now_ms)
		late=$(header Strikes-late "$attack")
		[ -z "$late" ] || strike_at=$((start / 1000 + late + 2))
		rc=$(grade_at "$level" grade --lab shm --format json -o "$json" "${only[@]}" "$sub")
		took=$(($(now_ms) - start))
		stray=$(strays)

		problems=()
		if [ "$expect" = build-failed ]; then
			verdict=$(jq -r 'if .built then "built" else "build-failed" end' "$json" 2>/dev/null)
			jq -e '.score == 0' "$json" >/dev/null 2>&1 || problems+=("a submission that does not build scored points")
		else
			verdict=$(jq -r --arg t "$test" '.tests[] | select(.name == $t) | .status' "$json" 2>/dev/null)
		fi
		case " $expect " in
		*" ${verdict:-none} "*) ;;
		*) problems+=("verdict ${verdict:-none} (exit $rc), expected one of: $expect" \
			"$(jq -r --arg t "$test" '.tests[] | select(.name == $t) | .message' "$json" 2>/dev/null | head -3)" \
			"$(head -3 "$TMP/grade.err")") ;;
		esac
		# "Expect-message: ERE": what the attack says of itself, in the
		# test's message (how far it got before it was stopped).
		said=$(header Expect-message "$attack")
		[ -z "$said" ] || jq -r --arg t "$test" '.tests[] | select(.name == $t) | .message' "$json" 2>/dev/null |
			grep -Eq "$said" || problems+=("the test's message does not say /$said/")
		for kind in $leaks; do
			jq -e --arg t "$test" --arg k "$kind" '.tests[] | select(.name == $t) | [.leaks[] | select(.kind == $k)] | length > 0' \
				"$json" >/dev/null 2>&1 || problems+=("no $kind leak reported")
		done
		[ "$took" -le "$limit" ] || problems+=("the grader took $took ms, more than $limit ms")
		# The test itself, from its sandbox's start until its last process
		# was gone: the timeout plus 2 s at most.
		test_ms=$(jq --arg t "$test" '[.tests[] | select(.name == $t or $t == "all") | .duration_ms] | max // 0' "$json" 2>/dev/null)
		test_ms=${test_ms:-0}
		[ "$test_ms" -le $((TIMEOUT * 1000 + 2000)) ] ||
			problems+=("the test ran $test_ms ms, more than the timeout + 2 s")
		new_ipc=$(ipc_new "$ipc_before")
		[ -z "$new_ipc" ] || problems+=("System V objects left on the host: $(echo "$new_ipc" | head -3 | tr '\n' ' ')")
		[ -z "$stray" ] || problems+=("processes left running: $(echo "$stray" | head -3 | tr '\n' ' ')")
		[ "$(stat -c '%s %Y %U' "$canary" 2>/dev/null)" = "$canary_before" ] ||
			problems+=("the canary file was changed or removed")
		dropped=$(dropped_files)
		[ -z "$dropped" ] || problems+=("files left on the host: $(echo "$dropped" | head -3 | tr '\n' ' ')")
		[ "$(tree_state)" = "$tree_before" ] || problems+=("the ipclab tree was changed")
		secs="$((took / 1000)).$((took % 1000 / 100))"
		if [ ${#problems[@]} = 0 ]; then
			ok "hostile $name ($level): $verdict in $secs s, contained"
			contained=yes
		else
			fail "hostile $name ($level): $verdict in $secs s" "${problems[@]}"
			contained=no
		fi
		printf '%-20s %-5s %-12s %6s %7s %7s  %s\n' "$name" "$level" "$verdict" \
			"$((test_ms / 1000)).$((test_ms % 1000 / 100))" "$secs" \
			"$((limit / 1000)).$((limit % 1000 / 100))" "$contained" >>"$TMP/table"
		ipcrm_ids=$(echo "$new_ipc" | awk '{print $2}')
		for id in $ipcrm_ids; do ipcrm -m "$id" 2>/dev/null || ipcrm -s "$id" 2>/dev/null; done
		[ -z "$stray" ] || echo "$stray" | xargs -r kill -KILL
		[ -z "$dropped" ] || echo "$dropped" | xargs -r rm -rf
		echo "$canary $canary_before" >>"$TMP/canaries"
	done
done

# An attack with "Strikes-late: S" leaves a daemon that strikes S seconds
# after it started: give it the time, then look at every canary, /var/tmp
# and the processes again.
sleep $((strike_at > $(date +%s) ? strike_at - $(date +%s) : 0))
late=()
while read -r canary before; do
	[ "$(stat -c '%s %Y %U' "$canary" 2>/dev/null)" = "$before" ] || late+=("$canary")
done <"$TMP/canaries"
dropped=$(dropped_files)
[ -z "$dropped" ] || late+=("files: $(echo "$dropped" | head -3 | tr '\n' ' ')")
stray=$(strays)
[ -z "$stray" ] || late+=("processes: $stray")
if [ ${#late[@]} = 0 ]; then
	ok "hostile: after the last attack struck, no canary changed, no file left, no process left"
else
	fail "hostile: something struck after the grader returned" "${late[@]}"
fi

cat "$TMP/table"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
