#!/usr/bin/env bash
# Static analysis of every C source: clang-tidy with the checks of
# .clang-tidy (tests/.clang-tidy for the tests) on the compile commands of
# build/ (or $1), and cppcheck with .cppcheck-suppressions.  Any finding
# fails.  The build directory is configured first if it is missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
[ -f "$dir/compile_commands.json" ] || "$top/scripts/build.sh" "$dir"
cd "$top"
mapfile -t sources < <(ls corpus/*.c corpus/*/*.c indexer/*.c query/*.c tests/*.c tests/fuzz/*.c bench/*.c 2>/dev/null)
failed=0

# clang-tidy: the files in the compile database (the fuzz harnesses are
# compiled into tests/test_fuzz_regressions.c and checked there).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
rc=0
run-clang-tidy -p "$dir" -j "$(nproc)" -quiet \
    "$top/(corpus|corpus/[a-z]+|indexer|query|tests|bench)/[^/]*\.c\$" >"$log" 2>&1 || rc=$?
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^/.*: (warning|error):' | sort -u || true)
if [ $rc -eq 0 ] && [ -z "$findings" ]; then
    echo "lint: clang-tidy clean ($((SECONDS - start))s)"
else
    echo "lint: clang-tidy failed (exit $rc):" >&2
    if [ -n "$findings" ]; then echo "$findings" >&2; else tail -20 "$log" >&2; fi
    failed=1
fi

# cppcheck: warnings, performance and portability, on every source.
start=$SECONDS
if cppcheck -q --std=c11 --enable=warning,performance,portability --library=posix \
        -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCABLES_DATADIR='"."' -Iinclude \
        -j "$(nproc)" --error-exitcode=1 --inline-suppr \
        --suppressions-list=.cppcheck-suppressions \
        --template='{file}:{line}: {severity}: {message} [{id}]' "${sources[@]}"; then
    echo "lint: cppcheck clean ($((SECONDS - start))s)"
else
    echo "lint: cppcheck findings above" >&2
    failed=1
fi
exit $failed
