#!/usr/bin/env bash
# gradescope.sh LAB OUT - the Gradescope autograder of LAB: OUT/gradescope-LAB.zip
# with setup.sh and run_autograder at its top and, in ipclab/, the grader's
# sources with every spec test of the lab, the hidden ones included.
set -euo pipefail
cd "$(dirname "$0")/.."

lab=$1 out=$2
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
dist/vendor.sh "$lab" "$tree/ipclab"
cp dist/setup.sh "$tree/"
sed "s/@LAB@/$lab/g" dist/run_autograder >"$tree/run_autograder"
chmod 755 "$tree/setup.sh" "$tree/run_autograder"

mkdir -p "$out"
zip="$(cd "$out" && pwd)/gradescope-$lab.zip"
rm -f "$zip"
(cd "$tree" && zip -q -r -X "$zip" setup.sh run_autograder ipclab)
echo "dist: $out/gradescope-$lab.zip"
