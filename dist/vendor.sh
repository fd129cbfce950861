#!/usr/bin/env bash
# vendor.sh LAB DEST [--public] - copy into DEST what grades LAB without the
# rest of ipclab: the grader's sources and the Makefile that builds them, the
# given files, the lab's spec tests and rubric. `make -C DEST build
# GRADING_ONLY=1` then builds DEST/build/ipcgrade, which finds DEST/labs.
#
# --public leaves out the tests the rubric flags hidden, for a repository
# students can read: their rubric rows, their Test() blocks and their rows in
# the handout's table of tests.
set -euo pipefail
cd "$(dirname "$0")/.."

lab=$1 dest=$2 public=${3:-}
rubric=labs/$lab/rubric.tsv
[ -f "$rubric" ] || { echo "dist: no lab '$lab' (no $rubric)" >&2; exit 2; }

mkdir -p "$dest/labs"
cp Makefile "$dest/"
cp -r grader "$dest/"
cp -r labs/common labs/spec "labs/$lab" "$dest/labs/"
[ "$public" = --public ] || exit 0

# Rows whose fifth column (flags) has the word hidden.
hidden=$(awk -F'\t' '$1 !~ /^#/ && $5 ~ /(^|[ ,])hidden([ ,]|$)/ {print $1}' "$rubric")
[ -n "$hidden" ] || exit 0
awk -F'\t' '!($1 !~ /^#/ && $5 ~ /(^|[ ,])hidden([ ,]|$)/)' "$rubric" >"$dest/$rubric"
# The handout's table of tests loses their rows too.
if [ -f "labs/$lab/README.md" ]; then
	grep -vF "$(echo "$hidden" | sed 's/.*/| `&`/')" "labs/$lab/README.md" >"$dest/labs/$lab/README.md"
fi

# A Test(suite, name, ...) block runs from its first line to the first line
# that is a lone "}" (the house style of every spec file). Each file that
# loses one says so at its top, and helpers only its hidden tests used may
# now be unused: that must not break the -Werror build.
removed=$(mktemp)
trap 'rm -f "$removed"' EXIT
for file in "$dest/labs/$lab"/*.c; do
	awk -v hidden="$hidden" -v removed="$removed" '
		BEGIN { n = split(hidden, list, "\n"); for (i = 1; i <= n; i++) hide[list[i]] = 1 }
		/^Test\(/ {
			s = $0; sub(/^Test\( */, "", s); split(s, word, /[ ,)]+/)
			if ((word[1] "::" word[2]) in hide) { skip = 1; print word[1] "::" word[2] >>removed }
		}
		!skip { print }
		skip && /^}$/ { skip = 0 }' "$file" >"$file.public"
	if cmp -s "$file" "$file.public"; then
		rm "$file.public"
		continue
	fi
	{ printf '/* Hidden tests were removed from this copy; their helpers may be unused. */\n'
	  printf '#pragma GCC diagnostic ignored "-Wunused-function"\n'
	  cat "$file.public"; } >"$file"
	rm "$file.public"
done
if [ "$(sort "$removed")" != "$(echo "$hidden" | sort)" ]; then
	echo "dist: lab $lab: the rubric hides $(echo "$hidden" | tr '\n' ' ')but" \
		"these Test() blocks were removed: $(tr '\n' ' ' <"$removed")" >&2
	exit 1
fi
