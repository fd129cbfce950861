#!/usr/bin/env bash
# ipcgrade batch on a class of 50 shm submissions, run by tests/run.sh:
#  - the reference, the template, every wrong patch (one as a .tar.gz),
#    every right one, one that does not build, the reference zipped in a
#    folder, a broken .tar.gz, an archive with paths outside itself, an
#    unreadable directory, a name full of markup, two near-copies of each
#    other (renamed identifiers, new layout), and hostile submissions
#    (forged results, signals to everyone, a thousand segments, writing
#    outside, closing stdout, exiting mid-test, escaping by setsid)
#  - every wrong submission loses exactly the tests its patch names, every
#    right one gets full marks, every hostile one loses its attacked test
#    and leaves no process and no file behind
#  - graded with -j2, interrupted by SIGTERM, resumed: finished reports kept
#  - gradebook.json rows checked with jq, gradebook.csv with Python's csv
#  - similarity flags the copied pair, not the reference and the template
#  - index.html parsed by xmllint --html, and rendered by headless Chromium
#    when /usr/bin/chromium exists (the screenshot must not be blank)
# As root, the batch runs as nobody: root reads a mode-000 directory.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

GRADER=$PWD/build/ipcgrade
LAB=shm
TMP=$(mktemp -d)
CLASS=$TMP/class OUT=$TMP/out
passed=0 failed=0
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
mkdir -p "$CLASS" "$OUT" "$TMP/scratch"
chmod 1777 "$OUT" "$TMP/scratch"
export TMPDIR=$TMP/scratch
AS=()
[ "$(id -u)" = 0 ] && AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)

ok()   { passed=$((passed + 1)); printf 'ok   batch: %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL batch: %s\n' "$1"; shift; printf '     %s\n' "$@"; }

sources() { cp "$1"/*.c "$1"/*.h "$2"/; }

# -- the class --------------------------------------------------------------
mkdir "$CLASS/reference" "$CLASS/template" "$CLASS/copy-a"
sources "reference/$LAB" "$CLASS/reference"
sources "student_template/$LAB" "$CLASS/template"
# A patch's Grade-options (valgrind) are not the class's: those stay out.
for kind in wrong right; do
	for patch in tests/"$kind/$LAB"/*.patch; do
		grep -q '^Grade-options:' "$patch" && continue
		name=$kind-$(basename "$patch" .patch)
		mkdir "$CLASS/$name"
		sources "reference/$LAB" "$CLASS/$name"
		patch -s -p1 -d "$CLASS/$name" <"$patch"
	done
done
# Hostile: reference/shm plus one attack (tests/hostile.sh explains them).
TOKEN=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
HOSTILE=(forged-output forged-channel kill-everyone thousand-segments write-outside close-stdout
	exit-mid-test setsid-double-fork)
echo canary >"$TMP/canary"
for name in "${HOSTILE[@]}"; do
	bash tests/hostile/submission.sh "$name" "$CLASS/hostile-$name" "$TOKEN" "$TMP/canary"
done
chmod -R a+rX "$CLASS"
mkdir "$CLASS/no-build" && sources "reference/$LAB" "$CLASS/no-build"
echo 'this is not C' >>"$CLASS/no-build/shm_lib.c"
tar -C "$CLASS/wrong-server-no-rmid" -czf "$CLASS/wrong-server-no-rmid.tar.gz" .
rm -r "$CLASS/wrong-server-no-rmid"
(mkdir "$TMP/zip" && cp -r "reference/$LAB" "$TMP/zip/handin" && cd "$TMP/zip" &&
 python3 -m zipfile -c "$CLASS/zipped.zip" handin)
tar -C "reference/$LAB" -czf "$TMP/whole.tar.gz" .
head -c 2000 "$TMP/whole.tar.gz" >"$CLASS/broken.tar.gz"
python3 - "$CLASS/evil.tar.gz" <<'EOF'
import io, sys, tarfile
# Paths that point outside the submission, a link, and no usable source.
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name in ("../escape.c", "/tmp/ipclab-escape.c", "a/b/deep.c"):
        data = b"int escaped;\n"
        info = tarfile.TarInfo(name); info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    link = tarfile.TarInfo("shm_lib.c"); link.type = tarfile.SYMTYPE; link.linkname = "/etc/passwd"
    t.addfile(link)
EOF
mkdir "$CLASS/unreadable" && sources "reference/$LAB" "$CLASS/unreadable" && chmod 000 "$CLASS/unreadable"
marked="o'neil, <b>&\"x\""
mkdir "$CLASS/$marked" && sources "student_template/$LAB" "$CLASS/$marked"

# copy-a: the template with its own library, not the reference's code.
sources "student_template/$LAB" "$CLASS/copy-a"
cat >"$CLASS/copy-a/shm_lib.c" <<'EOF'
/* my shm library */
#define _XOPEN_SOURCE 700
#include "shm_lib.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static size_t page_size(void)
{
	long result = sysconf(_SC_PAGESIZE);

	if (result <= 0)
		result = getpagesize();
	return (size_t)result;
}

size_t shm_page_round(size_t bytes)
{
	size_t pages = bytes / page_size();

	if (bytes % page_size() != 0)
		pages = pages + 1;
	return pages * page_size();
}

static int all_digits(const char *text, int base)
{
	const char *digits = base == 16 ? "0123456789abcdefABCDEF" :
			     base == 8 ? "01234567" : "0123456789";
	int count = 0;

	while (*text != '\0') {
		if (strchr(digits, *text) == NULL)
			return 0;
		text++;
		count++;
	}
	return count > 0;
}

key_t shm_parse_key(const char *arg)
{
	int base = 10;
	const char *digits = arg;
	long long value;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		base = 16;
		digits = arg + 2;
	} else if (arg[0] == '0' && arg[1] != '\0') {
		base = 8;
		digits = arg + 1;
	}
	if (!all_digits(digits, base))
		return ftok(arg, SHM_FTOK_PROJ);
	errno = 0;
	value = strtoll(digits, NULL, base);
	if (errno != 0 || value <= 0 || value > INT_MAX) {
		errno = EINVAL;
		return -1;
	}
	return (key_t)value;
}

int shm_create(key_t key, size_t bytes)
{
	int flags = IPC_CREAT | IPC_EXCL | SHM_MODE;

	if (bytes < 1) {
		errno = EINVAL;
		return -1;
	}
	return shmget(key, shm_page_round(bytes), flags);
}

static int is_mine(int id, size_t bytes)
{
	struct shmid_ds info;

	if (shmctl(id, IPC_STAT, &info) != 0)
		return 0;
	if (info.shm_segsz != shm_page_round(bytes))
		return 0;
	if ((info.shm_perm.mode & 0777) != SHM_MODE)
		return 0;
	return info.shm_perm.uid == geteuid() && info.shm_perm.cuid == geteuid();
}

int shm_lookup(key_t key, size_t bytes)
{
	int id = shmget(key, 0, 0);

	if (id < 0)
		return -1;
	if (!is_mine(id, bytes)) {
		errno = EEXIST;
		return -1;
	}
	return id;
}

int shm_destroy(int id)
{
	if (shmctl(id, IPC_RMID, NULL) != 0)
		return -1;
	return 0;
}
EOF
sed -i 's/#include <limits.h>/#include <limits.h>\n#include <string.h>/' "$CLASS/copy-a/shm_lib.c"
# copy-b: the same code, names changed, comments and layout redone.
mkdir "$CLASS/copy-b" && sources "$CLASS/copy-a" "$CLASS/copy-b"
sed -i -e 's/\bpage_size\b/pagesz/g; s/\bresult\b/r/g; s/\bpages\b/npages/g' \
	-e 's/\ball_digits\b/only_digits/g; s/\bdigits\b/ds/g; s/\bcount\b/n/g; s/\bvalue\b/v/g' \
	-e 's/\bis_mine\b/belongs_to_me/g; s/\binfo\b/st/g; s/\bflags\b/fl/g' \
	-e 's|/\* my shm library \*/|// shm helpers (lab 3)|; s/^\t/    /; s/ != 0)/)/' \
	"$CLASS/copy-b/shm_lib.c"

count=$(find "$CLASS" -mindepth 1 -maxdepth 1 | wc -l)

# -- grade with -j2, interrupt once two reports are done ----------------------
"${AS[@]}" "$GRADER" batch --lab "$LAB" -j2 -o "$OUT" "$CLASS" >"$TMP/run1.out" 2>"$TMP/run1.err" &
batch=$!
for _ in $(seq 600); do
	[ "$(find "$OUT/students" -name '*.stamp' 2>/dev/null | wc -l)" -ge 2 ] && break
	sleep 0.5
done
kill -TERM "$batch"
wait "$batch"
rc=$?
first=$(find "$OUT/students" -name '*.stamp' | wc -l)
if [ "$rc" = 2 ] && [ "$first" -ge 2 ] && [ "$first" -lt $((count - 5)) ] &&
   grep -q 'interrupted' "$TMP/run1.err" && [ ! -e "$OUT/gradebook.json" ] &&
   [ -z "$(ls -A "$TMPDIR")" ]; then
	ok "SIGTERM stops the batch after the running gradings, $first reports done, no scratch left"
else
	fail "SIGTERM stops the batch cleanly (exit $rc, $first stamps)" "$(tail -3 "$TMP/run1.err")" "$(ls -A "$TMPDIR")"
fi
stat -c '%n %Y %i' "$OUT"/students/*.json | sort >"$TMP/before"

# -- resume ---------------------------------------------------------------------
"${AS[@]}" "$GRADER" batch --lab "$LAB" -j2 -o "$OUT" "$CLASS" >"$TMP/run2.out" 2>"$TMP/run2.err"
rc=$?
kept=$(sed -n 's/.* \([0-9]*\) kept from an earlier run.*/\1/p' "$TMP/run2.err")
stat -c '%n %Y %i' "$OUT"/students/*.json | sort >"$TMP/after"
if [ "$rc" = 1 ] && [ "$kept" = "$first" ] && [ -z "$(comm -23 "$TMP/before" "$TMP/after")" ]; then
	ok "the second run keeps the $kept finished reports untouched and grades the rest"
else
	fail "the second run resumes (exit $rc, kept '${kept}' of $first)" "$(comm -23 "$TMP/before" "$TMP/after")" "$(tail -3 "$TMP/run2.err")"
fi
"${AS[@]}" "$GRADER" batch --lab "$LAB" -o "$OUT" "$CLASS" >/dev/null 2>"$TMP/run3.err"
if grep -q ', 0 to grade with' "$TMP/run3.err"; then
	ok "a third run grades nothing again"
else
	fail "a third run grades nothing again" "$(head -2 "$TMP/run3.err")"
fi

# -- the gradebook ----------------------------------------------------------------
book=$OUT/gradebook.json
row() { jq -c --arg s "$1" '.students[] | select(.student == $s)' "$book"; }
problems=()
[ "$(jq '.students | length' "$book")" = "$count" ] || problems+=("not one row per submission")
for s in reference zipped; do
	row "$s" | jq -e '.status == "graded" and .score == 100 and .leaks == 0' >/dev/null ||
		problems+=("$s: $(row "$s")")
done
for s in copy-a copy-b; do
	row "$s" | jq -e '.status == "graded" and .score < 100' >/dev/null || problems+=("$s: $(row "$s")")
done
for patch in tests/wrong/"$LAB"/*.patch tests/right/"$LAB"/*.patch; do
	s=$(basename "$(dirname "$(dirname "$patch")")")-$(basename "$patch" .patch)
	[ "$s" = wrong-server-no-rmid ] || [ -d "$CLASS/$s" ] || continue
	want=$(sed -n 's/^Expect-fail: *//p' "$patch" | tr ' ' '\n' | sed '/^$/d' | sort | paste -sd' ')
	got=$(row "$s" | jq -r '.tests | to_entries[] | select(.value == 0) | .key' | sort | paste -sd' ')
	row "$s" | jq -e '.status == "graded"' >/dev/null && [ "$want" = "$got" ] ||
		problems+=("$s: lost [$got], expected [$want]")
done
for name in "${HOSTILE[@]}"; do
	test=$(sed -n 's/^ \* Test: *//p' "tests/hostile/$name.c")
	expect=$(sed -n 's/^ \* Expect: *//p' "tests/hostile/$name.c")
	points=$(row "hostile-$name" | jq --arg t "$test" '.tests[$t]')
	if [ "$expect" = pass ]; then
		[ "$points" != 0 ] || problems+=("hostile-$name: $test lost")
	else
		[ "$points" = 0 ] || problems+=("hostile-$name: $test earned $points")
	fi
done
[ "$(cat "$TMP/canary")" = canary ] || problems+=("the canary changed")
stray=$(ps -eo comm= | grep -c "^hx$TOKEN" || true)
[ "$stray" = 0 ] || problems+=("$stray processes of the hostile submissions left")
[ -z "$(find /dev/shm /tmp /var/tmp -maxdepth 1 -name "hx$TOKEN*" 2>/dev/null)" ] ||
	problems+=("files of the hostile submissions left")
row wrong-server-no-rmid | jq -e '.leaks > 0' >/dev/null || problems+=("wrong-server-no-rmid: no leak counted")
row no-build | jq -e '.status == "build_failed" and .score == 0' >/dev/null || problems+=("no-build: $(row no-build)")
row template | jq -e '.score < 20 and .report == "students/template.json"' >/dev/null || problems+=("template: $(row template)")
row broken | jq -e '.status == "error" and (.error | test("archive")) and .score == null' >/dev/null ||
	problems+=("broken: $(row broken)")
row evil | jq -e '.status == "error" and (.error | test("no .c or .h file"))' >/dev/null || problems+=("evil: $(row evil)")
row unreadable | jq -e '.status == "error" and (.error | test("EACCES"))' >/dev/null ||
	problems+=("unreadable: $(row unreadable)")
[ ! -e "$CLASS/../escape.c" ] && [ ! -e /tmp/ipclab-escape.c ] || problems+=("an archive wrote outside the submission")
jq -e '[.students[] | select(.status != "error") | (.score == ([.tests[]] | add))] | all' "$book" >/dev/null ||
	problems+=("a score is not the sum of its tests' points")
if [ ${#problems[@]} = 0 ]; then
	ok "gradebook.json: $count rows, each wrong one loses exactly its tests, right and reference full marks, hostile contained, errors as rows (broken archive, paths outside, unreadable)"
else
	fail "gradebook.json rows" "${problems[@]}"
fi
if python3 - "$OUT/gradebook.csv" "$book" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
book = {s["student"]: s for s in json.load(open(sys.argv[2]))["students"]}
tests = [t["name"] for t in json.load(open(sys.argv[2]))["tests"]]
assert len(rows) == len(book), "row count"
for r in rows:
    s = book[r["student"]]
    assert r["status"] == s["status"], r["student"]
    if s["status"] != "error":
        assert int(r["score"]) == s["score"] == sum(int(r[t]) for t in tests), r["student"]
    else:
        assert r["score"] == "" and r["error"] == s["error"], r["student"]
assert "o'neil, <b>&\"x\"" in book, "the marked-up name"
EOF
then
	ok "gradebook.csv parses (RFC 4180 quoting) and agrees with gradebook.json"
else
	fail "gradebook.csv parses and agrees with gradebook.json"
fi

# -- similarity -------------------------------------------------------------------
sim=$OUT/similarity.json
flagged() { jq -e --arg a "$1" --arg b "$2" '[.flagged[].students | sort] | index([[$a, $b] | sort]) != null' "$sim" >/dev/null; }
problems=()
flagged copy-a copy-b || problems+=("the copied pair is not flagged")
flagged reference template && problems+=("the reference and the template are flagged")
# Two untouched templates are identical: only the discount keeps them apart.
flagged template "$marked" && problems+=("two copies of the template are flagged")
flagged copy-a reference && problems+=("copy-a and the reference are flagged")
jq -e '.flagged[] | select(.students | sort == ["copy-a", "copy-b"]) | .regions | length > 0' "$sim" >/dev/null ||
	problems+=("the copied pair has no matching region")
if [ ${#problems[@]} = 0 ]; then
	ok "similarity flags copy-a/copy-b ($(jq -r '.flagged[] | select(.students | sort == ["copy-a", "copy-b"]) | .similarity * 100 | floor' "$sim")%), not reference/template, not template/template"
else
	fail "similarity" "${problems[@]}" "$(jq -c '[.flagged[] | [.students, .similarity]]' "$sim")"
fi

# -- the class report -------------------------------------------------------------
html=$OUT/index.html
# libxml2's HTML parser is HTML 4: it knows no SVG or <details>, and says so.
errors=$(xmllint --html --noout "$html" 2>&1 | grep 'parser error' |
	grep -v -E 'Tag (svg|rect|text|details|summary) invalid')
xpath() { xmllint --html --xpath "$1" "$html" 2>/dev/null; }
graded=$(jq '[.students[] | select(.status != "error")] | length' "$book")
problems=()
[ -z "$errors" ] || problems+=("xmllint: $errors")
[ "$(xpath 'count(//a[contains(@href, "students/") and contains(@href, ".txt")])')" = "$graded" ] ||
	problems+=("not one text report link per graded student")
[ "$(xpath 'count(//svg)')" = 2 ] || problems+=("no two charts")
[ "$(xpath 'count(//td/b)')" = 0 ] && [ "$(xpath 'string(//td[contains(., "neil")])')" = "$marked" ] ||
	problems+=("the marked-up student name is not escaped")
# Copies of the reference are flagged too, most similar first: the report
# shows the first 25 pairs of similarity.json, in its order.
npairs=$(jq '.flagged | length' "$sim")
[ "$(xpath 'count(//tr[@class = "flagged"])')" = $((npairs < 25 ? npairs : 25)) ] &&
	[ "$(xpath 'string(//tr[@class = "flagged"][1]/td[1])')" = "$(jq -r '.flagged[0].students | join(" and ")' "$sim")" ] ||
	problems+=("the flagged pairs are not those of similarity.json")
link=$(xpath 'string(//a[contains(@href, "neil")]/@href)')
[ -f "$OUT/$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$link")" ] ||
	problems+=("the link $link leads nowhere")
if [ ${#problems[@]} = 0 ]; then
	ok "index.html parses, links every report, escapes names, shows the flagged pairs"
else
	fail "index.html" "${problems[@]}"
fi

if [ -x /usr/bin/chromium ]; then
	timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=900,1000 --screenshot="$TMP/class.png" "file://$html" >"$TMP/chromium.log" 2>&1
	if python3 - "$TMP/class.png" <<'EOF'
import struct, sys, zlib
# Decode the PNG (8-bit RGB or RGBA) and count what is not background.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and colour in (2, 6)
bpp = 3 if colour == 2 else 4
raw, stride, prev, colours, ink = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set(), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2,
                a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
        line[i] = (line[i] + pred) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        ink += px != b"\xff\xff\xff"
    prev = line
assert len(colours) > 10 and ink > w * h // 100, (len(colours), ink)
EOF
	then
		ok "headless Chromium renders index.html (screenshot not blank)"
	else
		fail "headless Chromium renders index.html" "$(tail -3 "$TMP/chromium.log")"
	fi
fi

echo "batch: $passed passed, $failed failed"
[ "$failed" = 0 ]
