#!/usr/bin/env bash
# submit.sh ARCHIVE - `make submit`: pack into ARCHIVE (.tar.gz) exactly what
# the grader reads of this directory: its regular top-level .c and .h files.
# The grader skips links, files over 1 MiB and anything past 64 files:
# such a submission is refused here rather than graded without them.
set -euo pipefail
archive=$1
shopt -s nullglob
files=()
for file in *.c *.h; do
	if [ -L "$file" ] || [ ! -f "$file" ]; then
		echo "make submit: $file is not a regular file (a link?), and the grader skips it: copy the file itself here" >&2
		exit 1
	fi
	if [ "$(wc -c <"$file")" -gt 1048576 ]; then
		echo "make submit: $file is over 1 MiB, and the grader skips it" >&2
		exit 1
	fi
	files+=("$file")
done
if [ ${#files[@]} = 0 ] || [ ${#files[@]} -gt 64 ]; then
	echo "make submit: expected 1 to 64 .c and .h files here, got ${#files[@]}" >&2
	exit 1
fi
tar -czf "$archive.tmp" -- "${files[@]}"
mv "$archive.tmp" "$archive"
echo "make submit: $archive holds ${files[*]}"
