#!/usr/bin/env bash
# submission.sh ATTACK DIR TOKEN CANARY - make DIR a hostile submission:
# reference/shm plus tests/hostile/ATTACK.c as hostile.c and hostile.h with
# its @TOKEN@, @CANARY@ and @IPCLAB@ replaced, readable by every user.
# Used by tests/hostile.sh, tests/batch.sh and tests/interrupt.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
attack=$1 dir=$2 token=$3 canary=$4
mkdir -p "$dir"
cp "$root"/reference/shm/*.c "$root"/reference/shm/*.h "$dir/"
sed -e "s|@TOKEN@|$token|; s|@CANARY@|$canary|; s|@IPCLAB@|$root|" "$root/tests/hostile/hostile.h" \
	>"$dir/hostile.h"
cp "$root/tests/hostile/$attack.c" "$dir/hostile.c"
chmod -R a+rX "$dir"
