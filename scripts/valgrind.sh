#!/usr/bin/env bash
# Runs every unit test program (tests/test_*.c) of the normal build in
# build/ (or $1) under valgrind memcheck: any memory error or definite or
# indirect leak fails.  Tests that skip (exit 77) count as passed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
[ -d "$dir/tests" ] || "$top/scripts/build.sh" "$dir"
cmake --build "$dir" -j "$(nproc)" >/dev/null   # every test program up to date
dir=$(cd "$dir" && pwd)
export CABLES_SRC=$top CABLES_SHARED=${CABLES_SHARED:-$top/../shared}
logdir=$dir/valgrind
mkdir -p "$logdir"
failed=0
for src in "$top"/tests/test_*.c; do
    name=$(basename "$src" .c)
    prog=$dir/tests/$name
    if [ ! -x "$prog" ]; then
        echo "valgrind: $name: not built" >&2
        failed=1
        continue
    fi
    rc=0
    start=$SECONDS
    # cmocka forks nothing; run from the test directory as ctest does.
    (cd "$dir/tests" && valgrind -q --error-exitcode=99 --leak-check=full \
        --suppressions="$top/scripts/valgrind.supp" \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        "$prog") >"$logdir/$name.log" 2>&1 || rc=$?
    if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then
        echo "valgrind: $name clean ($((SECONDS - start))s)"
    else
        echo "valgrind: $name FAILED (exit $rc); see $logdir/$name.log" >&2
        grep -m1 -B2 -A20 '==[0-9]*== [A-Z]' "$logdir/$name.log" >&2 || tail -30 "$logdir/$name.log" >&2
        failed=1
    fi
done
exit $failed
