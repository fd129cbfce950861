#!/usr/bin/env bash
# The project's own test suite, run by `make test` (and so by CI).
#  1. grader unit tests (Criterion)
#  2. references build clean with -std=c11 -Wpedantic -Werror
#  3. every reference gets full marks from the sanitized grader, built with
#     ASan and UBSan itself, and its JSON report is valid and leak-free
#  4. every template builds, loses points cleanly and crashes nothing
#  5. every right submission written differently gets full marks, every
#     wrong one fails exactly the tests named for its mistake; a hidden
#     test stays hidden; ipclab works from under /tmp; batch grading,
#     student repositories and Gradescope zips work; hostile submissions
#     are contained; a grader stopped by a signal leaves nothing running
#  6. System V IPC on the host is exactly as it was before
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

STRICT="-std=c11 -Wall -Wextra -Wpedantic -Werror -g -O2"
GRADER=build/ipcgrade
# Debian's python3-jsonschema belongs to the system Python, whatever PATH says.
PYTHON=/usr/bin/python3
ASAN_GRADER=build/asan/ipcgrade
LABS=${TEST_LABS:-$(ls labs/*/rubric.tsv | cut -d/ -f2)}
TMP=$(mktemp -d)
JOBS=${TEST_JOBS:-$(nproc)}
# The graders' scratch copies go here, where we can check none is left;
# the student's user (nobody) must be able to traverse it.
# Both are world-writable (sticky) for the run as an ordinary user.
chmod 711 "$TMP"
export TMPDIR="$TMP/scratch"
mkdir -m 1777 "$TMPDIR" "$TMP/out"

trap 'rm -rf "$TMP"' EXIT

# Labs are checked in parallel (TEST_JOBS at a time): every verdict is also
# a line in $TMP/tally, counted at the end.
ok()   { echo ok >>"$TMP/tally"; printf 'ok   %s\n' "$1"; }
fail() { echo fail >>"$TMP/tally"; printf 'FAIL %s\n' "$1"; shift; printf '     %s\n' "$@"; }

ipc_objects() { { ipcs -m; ipcs -s; ipcs -q; } | awk '$1 ~ /^0x/ {print $1, $2, $3, $4}' | sort; }
ipc_before=$(ipc_objects)

# -- 0. static analysis of the C that needs no Criterion (its macros confuse
#       cppcheck) and of our shell scripts ------------------------------------
# shellcheck disable=SC2046 # one -I per lab
if cppcheck --quiet --enable=warning,portability --inline-suppr --error-exitcode=1 \
	-D_GNU_SOURCE --std=c11 -I grader -I labs/common $(printf -- '-I labs/%s ' $LABS) \
	grader labs/common reference >"$TMP/cppcheck.log" 2>&1; then
	ok "cppcheck: grader, given files and references"
else
	fail "cppcheck: grader, given files and references" "$(head -20 "$TMP/cppcheck.log")"
fi
if shellcheck -S warning tests/*.sh tests/hostile/*.sh .ci/run >"$TMP/shellcheck.log" 2>&1; then
	ok "shellcheck: the test scripts"
else
	fail "shellcheck: the test scripts" "$(head -20 "$TMP/shellcheck.log")"
fi

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

# A copy of LAB's reference in DIR with PATCH applied (false if it fails).
patched_reference() { # lab patch dir
	mkdir -p "$3"
	cp "reference/$1"/*.[ch] "$3"/
	patch -s -p1 -d "$3" <"$2" >"$3.patch.log" 2>&1 && return
	fail "$1/$(basename "$2" .patch): patch applies" "$(head -5 "$3.patch.log")"
	return 1
}

# Grade DIR once in every format and check each with a real parser:
# JSON schemas (ours, Gradescope's, Classroom's), xmllint with a JUnit XSD,
# TAP::Parser; the scores in all of them agree with the JSON report.
check_formats() { # lab dir
	local lab=$1 dir=$2 out="$TMP/formats-$1" problems=()
	rm -rf "$out" && mkdir -p "$out"
	GITHUB_OUTPUT="$out/gh_output" GITHUB_STEP_SUMMARY="$out/gh_summary" \
	$GRADER grade --lab "$lab" --format json:"$out/r.json" --format junit:"$out/r.xml" \
		--format tap:"$out/r.tap" --format gradescope:"$out/results.json" \
		--format github:"$out/annotations" --format autolab:"$out/autolab" \
		--format text "$dir" >"$out/text" 2>"$out/err"
	local score; score=$(jq .score "$out/r.json" 2>/dev/null)
	"$PYTHON" tests/validate_json.py tests/schemas/ipcgrade.schema.json "$out/r.json" 2>>"$out/err" ||
		problems+=("json: not valid against tests/schemas/ipcgrade.schema.json")
	"$PYTHON" tests/validate_json.py tests/schemas/gradescope.schema.json "$out/results.json" 2>>"$out/err" ||
		problems+=("gradescope: not valid against its schema")
	[ "$(jq .score "$out/results.json")" = "$score" ] || problems+=("gradescope: score differs")
	sed -n 's/^result=//p' "$out/gh_output" | base64 -d >"$out/classroom.json" 2>>"$out/err"
	"$PYTHON" tests/validate_json.py tests/schemas/classroom.schema.json "$out/classroom.json" 2>>"$out/err" ||
		problems+=("github: the Classroom result is not valid")
	[ "$(jq '[.tests[].score] | add' "$out/classroom.json")" = "$score" ] ||
		problems+=("github: the Classroom points do not add up to the score")
	grep -q "^### ipcgrade: lab $lab, $score/" "$out/gh_summary" || problems+=("github: no step summary")
	[ "$(grep -c '^::error ' "$out/annotations")" = \
	  "$(jq '[.tests[] | select(.status != "pass")] + [.tests[].leaks[]] | length' "$out/r.json")" ] ||
		problems+=("github: one annotation per failed test and per leak expected")
	xmllint --noout --schema tests/schemas/junit.xsd "$out/r.xml" 2>>"$out/err" ||
		problems+=("junit: not valid against tests/schemas/junit.xsd")
	[ "$(xmllint --xpath 'count(//testcase[not(failure|error|skipped)])' "$out/r.xml")" = \
	  "$(jq '[.tests[] | select(.status == "pass")] | length' "$out/r.json")" ] ||
		problems+=("junit: the passed testcases differ from the JSON")
	perl -MTAP::Parser -e 'my $p = TAP::Parser->new({ source => $ARGV[0] }); 1 while $p->next;
		print scalar($p->passed), " ", scalar($p->failed), "\n"; exit($p->parse_errors ? 1 : 0)' \
		"$out/r.tap" >"$out/tap-counts" 2>>"$out/err" || problems+=("tap: TAP::Parser found errors")
	[ "$(cat "$out/tap-counts")" = "$(jq -r '"\([.tests[] | select(.status == "pass")] | length) \([.tests[] | select(.status != "pass")] | length)"' "$out/r.json")" ] ||
		problems+=("tap: pass/fail counts differ from the JSON")
	jq -e --argjson s "$score" '.scoreboard == [$s] and ([.scores[]] | add) == $s' "$out/autolab" >/dev/null ||
		problems+=("autolab: the scores line does not add up")
	[ "$(tail -1 "$out/text")" != "" ] && tail -1 "$out/text" | grep -q 'passed, .* failed' ||
		problems+=("text: no closing count")
	if [ ${#problems[@]} = 0 ] && [ -n "$score" ]; then
		ok "$lab: $dir graded in all 7 formats, each accepted by its parser"
	else
		fail "$lab: $dir graded in all 7 formats, each accepted by its parser" "${problems[@]}" "$(head -5 "$out/err")"
	fi
}

# A schema that accepts everything proves nothing: each must reject a broken report.
for schema in ipcgrade gradescope classroom; do
	if echo '{"tests": [{"status": "maybe", "score": "all"}]}' |
	   "$PYTHON" tests/validate_json.py "tests/schemas/$schema.schema.json" - 2>/dev/null; then
		fail "the $schema schema rejects a broken report"
	else
		ok "the $schema schema rejects a broken report"
	fi
done
if echo '<testsuites><testsuite name="x"><testcase name="t"/></testsuite></testsuites>' |
   xmllint --noout --schema tests/schemas/junit.xsd - 2>/dev/null; then
	fail "the JUnit XSD rejects a broken report"
else
	ok "the JUnit XSD rejects a broken report"
fi

# Sections 2 to 5, for one lab.
check_lab() { # lab
	local lab=$1
	# -- 2. the reference is warning-free under strict flags -------------
	if make -s -C "reference/$lab" IPCLAB=../.. CFLAGS="$STRICT" all probe >"$TMP/build-$lab.log" 2>&1; then
		ok "$lab: reference builds with $STRICT"
	else
		fail "$lab: reference builds with $STRICT" "$(head -20 "$TMP/build-$lab.log")"
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

	# -- 3a. every report format is accepted by its platform's parser ----
	check_formats "$lab" "reference/$lab"

	# -- 3b. the same at the other isolation levels -----------------------
	# An unrelated segment and semaphore set on the host: without namespaces
	# the tests see them, and must not blame the student for them.
	host_shm=$(ipcmk -M 4096 | awk '{print $NF}') host_sem=$(ipcmk -S 1 | awk '{print $NF}')
	for level in "user namespace:setpriv --reuid=65534 --regid=65534 --clear-groups" \
	             "no namespace:env IPCGRADE_NO_NAMESPACES=1"; do
		json="$TMP/out/$lab-reference-${level%% *}.json"
		# Meanwhile another program on the host makes semaphore sets of
		# its own: a grader without namespaces must not blame or remove them.
		: >"$TMP/host-sems-$lab"
		(for _ in $(seq 20); do ipcmk -S 1 | awk '{print $NF}' >>"$TMP/host-sems-$lab"; sleep 0.3; done) &
		maker=$!
		rc=$(grade_json "${level#*:} $GRADER" "$lab" "$PWD/reference/$lab" "$json")
		wait "$maker"
		gone=$(for id in $(cat "$TMP/host-sems-$lab"); do ipcrm -s "$id" 2>/dev/null || echo "$id"; done)
		if [ "$rc" = 0 ] && jq -e '.score == .max_score' "$json" >/dev/null && [ -z "$gone" ]; then
			ok "$lab: reference gets full marks with isolation: $(jq -r .isolation "$json"), the host's new objects untouched"
		else
			fail "$lab: reference gets full marks, host objects untouched (${level%%:*}, exit $rc)" "$(head -5 "$json.err")" \
				"$(jq -r '.tests[] | select(.status != "pass") | "\(.name): \(.message)"' "$json" 2>&1 | head -5)" \
				"host semaphore sets removed by the grader: ${gone:-none}"
		fi
	done

	ipcrm -m "$host_shm" -s "$host_sem"

	# -- 3c. full marks with every program under valgrind's memcheck ------
	json="$TMP/out/$lab-reference-valgrind.json"
	rc=$(grade_json "$GRADER" "$lab" "reference/$lab" "$json" --valgrind)
	if [ "$rc" = 0 ]; then
		ok "$lab: reference gets full marks under valgrind"
	else
		fail "$lab: reference gets full marks under valgrind (exit $rc)" \
			"$(jq -r '.tests[] | select(.status != "pass") | "\(.name): \(.message)"' "$json" 2>&1 | head -5)"
	fi

	# -- 4. the template loses points without breaking anything ----------
	check_formats "$lab" "student_template/$lab"
	json="$TMP/$lab-template.json"
	rc=$(grade_json "$GRADER" "$lab" "student_template/$lab" "$json")
	if [ "$rc" = 1 ] && jq -e '.built and .score < .max_score / 5
	                            and ([.tests[] | select(.status == "error")] | length == 0)' "$json" >/dev/null; then
		ok "$lab: template builds and scores $(jq -r '"\(.score)/\(.max_score)"' "$json")"
	else
		fail "$lab: template builds and scores low (exit $rc)" "$(jq -c '{built, score, build_log}' "$json" 2>&1 | head -5)"
	fi

	# -- 4b. right submissions written differently earn full marks -------
	for patch in tests/right/"$lab"/*.patch; do
		[ -e "$patch" ] || continue
		name=$(basename "$patch" .patch) dir="$TMP/$lab-right-$(basename "$patch" .patch)"
		patched_reference "$lab" "$patch" "$dir" || continue
		rc=$(grade_json "$GRADER" "$lab" "$dir" "$dir.json")
		if [ "$rc" = 0 ] && jq -e '.score == .max_score and ([.tests[].leaks[]] | length == 0)' "$dir.json" >/dev/null; then
			ok "$lab/$name: written differently, right: full marks, no leak"
		else
			fail "$lab/$name: written differently, right: full marks, no leak (exit $rc)" \
				"$(jq -r '.tests[] | select(.status != "pass" or (.leaks | length > 0)) | "\(.name): \(.status) \(.message)"' "$dir.json" 2>&1 | head -5)"
		fi
	done

	# -- 5. wrong submissions: caught, and only by their own tests -------
	caught=0 total=0
	for patch in tests/wrong/"$lab"/*.patch; do
		[ -e "$patch" ] || continue
		total=$((total + 1))
		name=$(basename "$patch" .patch)
		dir="$TMP/$lab-$name"
		json="$dir.json"
		patched_reference "$lab" "$patch" "$dir" || continue
		# shellcheck disable=SC2046 # options are words
		rc=$(grade_json "$GRADER" "$lab" "$dir" "$json" $(sed -n 's/^Grade-options: *//p' "$patch"))
		want=$(sed -n 's/^Expect-fail: *//p' "$patch" | tr ' ' '\n' | sed '/^$/d' | sort)
		got=$(jq -r '.tests[] | select(.status != "pass") | .name' "$json" 2>/dev/null | sort)
		leaks_want=$(sed -n 's/^Expect-leak: *//p' "$patch")
		leaks_ok=true
		for kind in $leaks_want; do
			# ... and each names the line that created it (the trace layer).
			jq -e --arg k "$kind" '[.tests[].leaks[] | select(.kind == $k and .created_at != null)] | length > 0' \
				"$json" >/dev/null || leaks_ok=false
		done
		if [ "$rc" = 1 ] && [ -n "$want" ] && [ "$want" = "$got" ] && $leaks_ok; then
			caught=$((caught + 1))
			ok "$lab/$name: caught by $(echo $want)"
		else
			fail "$lab/$name: caught by exactly its tests (exit $rc)" \
				"expected: $(echo $want)" "got:      $(echo $got)" \
				"leaks expected: ${leaks_want:-none}, found: $(jq -r '[.tests[].leaks[].kind] | unique | join(" ")' "$json" 2>/dev/null)" \
				"$(jq -r '.tests[] | select(.status != "pass") | "\(.name): \(.status) \(.message)"' "$json" 2>&1 | head -8)"
		fi
	done
	echo "mutation score $lab: $caught/$total wrong submissions caught"
	# A test no wrong submission fails is a test nobody has seen fail.
	untested=$(comm -23 <(awk -F'\t' '$1 !~ /^#/ && $1 ~ /::/ {print $1}' "labs/$lab/rubric.tsv" | sort) \
		<(sed -n 's/^Expect-fail: *//p' tests/wrong/"$lab"/*.patch | tr ' ' '\n' | sed '/^$/d' | sort -u))
	if [ -z "$untested" ]; then
		ok "$lab: every spec test is failed by at least one wrong submission"
	else
		fail "$lab: every spec test is failed by at least one wrong submission" "never failed: $(echo $untested)"
	fi
}

for lab in $LABS; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
	check_lab "$lab" >"$TMP/lab-$lab.log" 2>&1 &
done
wait
for lab in $LABS; do cat "$TMP/lab-$lab.log"; done

# -- 5b. a test flagged hidden in the rubric stays out of what students see -
root="$TMP/hidden-root" lab=$(echo $LABS | cut -d' ' -f1)
mkdir -p "$root/labs/$lab"
ln -s "$PWD/build" "$root/build"
ln -s "$PWD/labs/common" "$PWD/labs/spec" "$root/labs/"
cp labs/"$lab"/* "$root/labs/$lab/"
hidden=$(awk -F'\t' '$1 !~ /^#/ && $1 ~ /::/ {print $1; exit}' "labs/$lab/rubric.tsv")
awk -F'\t' -v OFS='\t' -v t="$hidden" '$1 == t {$5 = "hidden"} {print}' "labs/$lab/rubric.tsv" >"$root/labs/$lab/rubric.tsv"
out="$TMP/hidden" && mkdir -p "$out"
IPCLAB_ROOT="$root" GITHUB_OUTPUT="$out/gh" "$GRADER" grade --lab "$lab" --format text:"$out/text" \
	--format json:"$out/r.json" --format gradescope:"$out/gs.json" --format github:"$out/ann" \
	"student_template/$lab" 2>"$out/err"
problems=()
grep -q "$hidden" "$out/text" && problems+=("the student's text report names the hidden test")
grep -q "^1 hidden test" "$out/text" || problems+=("the text report does not count the hidden test")
grep -q "$hidden" "$out/ann" && problems+=("the GitHub annotations name the hidden test")
sed -n 's/^result=//p' "$out/gh" | base64 -d | grep -q "$hidden" && problems+=("the Classroom result names the hidden test")
jq -e --arg t "$hidden" '.tests[] | select(.name == $t) | .hidden' "$out/r.json" >/dev/null ||
	problems+=("the JSON report does not mark the test hidden")
jq -e --arg t "$hidden" '.tests[] | select(.name == $t) | .visibility == "after_published"' "$out/gs.json" >/dev/null ||
	problems+=("Gradescope would show the hidden test before publication")
if [ ${#problems[@]} = 0 ]; then
	ok "$lab: a hidden test ($hidden) is withheld from students, marked for platforms"
else
	fail "$lab: a hidden test is withheld from students" "${problems[@]}" "$(head -3 "$out/err")"
fi

# -- 5c. ipclab cloned under /tmp: the sandbox's private /tmp must not hide
#        the spec runner (Criterion reads its tests from its own file) -----
root=$(mktemp -d /tmp/ipclab-clone.XXXXXX)
mkdir -p "$root/build" && cp -r build/spec "$root/build/" && cp -r labs "$root/"
out="$TMP/under-tmp.json"
rc=$(IPCLAB_ROOT="$root" grade_json "$GRADER" "$lab" "reference/$lab" "$out")
if [ "$rc" = 0 ] && jq -e '.score == .max_score and ([.tests[].leaks[]] | length == 0)' "$out" >/dev/null; then
	ok "$lab: full marks, no leak, with ipclab itself under /tmp"
else
	fail "$lab: full marks, no leak, with ipclab itself under /tmp (exit $rc)" \
		"$(jq -r '.tests[] | select(.status != "pass" or (.leaks | length > 0)) | "\(.name): \(.status) \(.message)"' "$out" 2>/dev/null | head -5)" \
		"$(head -3 "$out.err")"
fi
rm -rf "$root"

# -- 5d. a class graded in batch: gradebook, resume, similarity, HTML -------
[[ " $(echo $LABS) " == *" shm "* ]] && { bash tests/batch.sh && ok "tests/batch.sh: a class graded in batch" || fail "tests/batch.sh: a class graded in batch" "see its FAIL lines above"; }
if bash tests/dist.sh; then ok "tests/dist.sh: Gradescope zips, student repositories, workflows"; else fail "tests/dist.sh: Gradescope zips, student repositories, workflows" "see its FAIL lines above"; fi

# -- 5e. hostile submissions are contained, at every isolation level (root) --
if [[ " $(echo $LABS) " == *" shm "* ]] && [ "$(id -u)" = 0 ]; then bash tests/hostile.sh >"$TMP/hostile.log" 2>&1 && ok "hostile submissions contained ($(tail -1 "$TMP/hostile.log"))" || fail "hostile submissions contained" "$(grep -A3 '^FAIL' "$TMP/hostile.log" | head -40)"; sed -n '/^attack /,/ passed, /p' "$TMP/hostile.log" | sed 's/^/     /'; fi

# -- 5f. a grader stopped mid-test (signals, SIGKILL) leaves nothing running -
if [[ " $(echo $LABS) " == *" shm "* ]]; then
	if bash tests/interrupt.sh >"$TMP/interrupt.log" 2>&1; then
		ok "tests/interrupt.sh: a grader stopped by SIGTERM, SIGINT or SIGKILL leaves nothing behind"
	else
		fail "tests/interrupt.sh: a grader stopped leaves nothing behind" "$(grep -A3 '^FAIL' "$TMP/interrupt.log" | head -20)"
	fi
fi

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

passed=$(grep -c '^ok' "$TMP/tally") failed=$(grep -c '^fail' "$TMP/tally")
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
