#!/usr/bin/env bash
# dist-template.sh LAB OUT - the student repository of LAB, in OUT/LAB: the
# template's files, the handout as README.md, ipclab/ (a copy of the grader,
# the given files and the public spec tests), a Makefile for make, make check
# and make submit, and the GitHub Classroom workflow. It needs nothing else
# from ipclab: push it as the assignment's template repository.
set -euo pipefail
cd "$(dirname "$0")/.."

lab=$1 repo=$2/$1
rm -rf "$repo"
dist/vendor.sh "$lab" "$repo/ipclab" --public
cp dist/student.mk dist/submit.sh "$repo/ipclab/"
find "student_template/$lab" -maxdepth 1 -type f ! -name Makefile -exec cp {} "$repo/" \;
cp -r student_template/.github "$repo/"

cat >"$repo/Makefile" <<MAKEFILE
# The $lab lab. ipclab/ holds the grader and the public spec tests: leave it
# as it is (the grader puts the given files back before it builds anyway).
#   make          build your programs
#   make check    grade them, exactly as GitHub Classroom does
#   make submit   pack the files the grader reads into $lab-submission.tar.gz
#   make clean
IPCLAB := ipclab
include \$(IPCLAB)/labs/$lab/build.mk
include \$(IPCLAB)/student.mk
MAKEFILE

# shellcheck disable=SC2016 # $(PROGRAMS) is make's
programs=$(make -s --no-print-directory -f "labs/$lab/build.mk" IPCLAB=. \
	--eval 'programs: ; @echo $(PROGRAMS)' programs)
{
	echo "# built by make, make check and make submit"
	printf '/%s\n' $programs "probe_$lab" "$lab-submission.tar.gz" ipclab/build/
} >"$repo/.gitignore"

# The handout (public tests only), with what differs here under its title.
handout=$repo/ipclab/labs/$lab/README.md
[ -f "$handout" ] || echo "# The $lab lab" >"$handout"
{
	head -1 "$handout"
	cat <<README

In this repository \`\$(IPCLAB)\` is \`ipclab/\`: it holds the given files, the grader
and the spec tests. \`make\` builds your programs, \`make check\` grades them exactly as
GitHub Classroom does on every push (the first run builds the grader), and
\`make submit\` packs the files the grader reads into \`$lab-submission.tar.gz\`.
README
	tail -n +2 "$handout"
} >"$repo/README.md"
echo "dist: $repo"
