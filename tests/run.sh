#!/usr/bin/env bash
# The project's own test suite, run by `make test` (and so by CI).
#  1. grader unit tests (Criterion)
#  2. references build clean with -std=c11 -Wpedantic -Werror
#  3. every reference gets full marks from the sanitized grader, built with
#     ASan and UBSan itself, and its JSON report is valid and leak-free
#  4. every template builds, loses points cleanly and crashes nothing
#  5. every wrong submission fails exactly the tests named for its mistake
#  6. System V IPC on the host is exactly as it was before
set -uo pipefail
cd "$(dirname "$0")/.."

STRICT="-std=c11 -Wall -Wextra -Wpedantic -Werror -g -O2"
GRADER=build/ipcgrade
ASAN_GRADER=build/asan/ipcgrade
LABS=${TEST_LABS:-$(ls labs/*/rubric.tsv | cut -d/ -f2)}
TMP=$(mktemp -d)
passed=0 failed=0
# The graders' scratch copies go here, where we can check none is left;
# the student's user (nobody) must be able to traverse it.
# Both are world-writable (sticky) for the run as an ordinary user.
chmod 711 "$TMP"
export TMPDIR="$TMP/scratch"
mkdir -m 1777 "$TMPDIR" "$TMP/out"

trap 'rm -rf "$TMP"' EXIT

ok()   { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

ipc_objects() { { ipcs -m; ipcs -s; ipcs -q; } | awk '$1 ~ /^0x/ {print $1, $2, $3, $4}' | sort; }
ipc_before=$(ipc_objects)

# -- 1. unit tests ----------------------------------------------------------
if build/unit_tests >"$TMP/unit.log" 2>&1; then
	ok "grader unit tests ($(grep -o 'Tested: [0-9]*' "$TMP/unit.log"))"
else
	fail "grader unit tests" "$(tail -20 "$TMP/unit.log")"
fi

# Grade DIR for LAB with GRADER, JSON into OUT; echo the exit status.
grade_json() { # grader lab dir out [options...]
	local grader=$1 lab=$2 dir=$3 out=$4; shift 4
	$grader grade --lab "$lab" --format json -o "$out" "$@" "$dir" >/dev/null 2>"$out.err"
	echo $?
}

for lab in $LABS; do
	# -- 2. the reference is warning-free under strict flags -------------
	if make -s -C "reference/$lab" IPCLAB=../.. CFLAGS="$STRICT" all probe >"$TMP/build.log" 2>&1; then
		ok "$lab: reference builds with $STRICT"
	else
		fail "$lab: reference builds with $STRICT" "$(head -20 "$TMP/build.log")"
	fi
	make -s -C "reference/$lab" IPCLAB=../.. clean

	# -- 3. full marks, sanitizers on both sides --------------------------
	json="$TMP/$lab-reference.json"
	rc=$(grade_json "$ASAN_GRADER" "$lab" "reference/$lab" "$json" --sanitize)
	if [ "$rc" = 0 ] && jq -e '.score == .max_score and ([.tests[] | select(.status != "pass")] | length == 0)
	                            and ([.tests[].leaks[]] | length == 0)' "$json" >/dev/null; then
		ok "$lab: reference gets full marks, no leak (grader and reference under ASan+UBSan)"
	else
		fail "$lab: reference gets full marks, no leak (exit $rc)" \
			"$(jq -r '.tests[] | select(.status != "pass" or (.leaks | length > 0)) | "\(.name): \(.status) \(.message) \(.leaks)"' "$json" 2>&1 | head -10)" \
			"$(head -5 "$json.err")"
	fi

	# -- 3b. the same at the other isolation levels -----------------------
	for level in "user namespace:setpriv --reuid=65534 --regid=65534 --clear-groups" \
	             "no namespace:env IPCGRADE_NO_NAMESPACES=1"; do
		json="$TMP/out/$lab-reference-${level%% *}.json"
		rc=$(grade_json "${level#*:} $GRADER" "$lab" "$PWD/reference/$lab" "$json")
		if [ "$rc" = 0 ] && jq -e '.score == .max_score' "$json" >/dev/null; then
			ok "$lab: reference gets full marks with isolation: $(jq -r .isolation "$json")"
		else
			fail "$lab: reference gets full marks (${level%%:*}, exit $rc)" "$(head -5 "$json.err")" \
				"$(jq -r '.tests[] | select(.status != "pass") | "\(.name): \(.message)"' "$json" 2>&1 | head -5)"
		fi
	done

	# -- 4. the template loses points without breaking anything ----------
	json="$TMP/$lab-template.json"
	rc=$(grade_json "$GRADER" "$lab" "student_template/$lab" "$json")
	if [ "$rc" = 1 ] && jq -e '.built and .score < .max_score / 5
	                            and ([.tests[] | select(.status == "error")] | length == 0)' "$json" >/dev/null; then
		ok "$lab: template builds and scores $(jq -r '"\(.score)/\(.max_score)"' "$json")"
	else
		fail "$lab: template builds and scores low (exit $rc)" "$(jq -c '{built, score, build_log}' "$json" 2>&1 | head -5)"
	fi

	# -- 5. wrong submissions: caught, and only by their own tests -------
	caught=0 total=0
	for patch in tests/wrong/"$lab"/*.patch; do
		[ -e "$patch" ] || continue
		total=$((total + 1))
		name=$(basename "$patch" .patch)
		dir="$TMP/$lab-$name"
		json="$dir.json"
		mkdir -p "$dir"
		cp "reference/$lab"/*.c "reference/$lab"/*.h "$dir"/
		if ! patch -s -p1 -d "$dir" <"$patch" >"$TMP/patch.log" 2>&1; then
			fail "$lab/$name: patch applies" "$(head -5 "$TMP/patch.log")"
			continue
		fi
		rc=$(grade_json "$GRADER" "$lab" "$dir" "$json")
		want=$(sed -n 's/^Expect-fail: *//p' "$patch" | tr ' ' '\n' | sed '/^$/d' | sort)
		got=$(jq -r '.tests[] | select(.status != "pass") | .name' "$json" 2>/dev/null | sort)
		leaks_want=$(sed -n 's/^Expect-leak: *//p' "$patch")
		leaks_ok=true
		for kind in $leaks_want; do
			jq -e --arg k "$kind" '[.tests[].leaks[] | select(.kind == $k)] | length > 0' "$json" >/dev/null || leaks_ok=false
		done
		if [ "$rc" = 1 ] && [ -n "$want" ] && [ "$want" = "$got" ] && $leaks_ok; then
			caught=$((caught + 1))
			ok "$lab/$name: caught by $(echo $want)"
		else
			fail "$lab/$name: caught by exactly its tests (exit $rc)" \
				"expected: $(echo $want)" "got:      $(echo $got)" \
				"leaks expected: ${leaks_want:-none}, found: $(jq -r '[.tests[].leaks[].kind] | unique | join(" ")' "$json" 2>/dev/null)"
		fi
	done
	echo "mutation score $lab: $caught/$total wrong submissions caught"
done

# -- 6. the host is as we found it -------------------------------------------
ipc_after=$(ipc_objects)
if [ "$ipc_before" = "$ipc_after" ]; then
	ok "ipcs unchanged by the test run"
else
	fail "ipcs unchanged by the test run" "$(diff <(echo "$ipc_before") <(echo "$ipc_after"))"
fi
if [ -n "$(ls -A "$TMPDIR")" ]; then
	fail "the grader removed its scratch directories" "$(ls "$TMPDIR")"
else
	ok "the grader removed its scratch directories"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
