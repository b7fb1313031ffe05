#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: static analysis, the
# suite under ASan/UBSan, the unit tests under valgrind, each fuzzer for
# a minute, and last the main build's ctest (whose closing lines CI reads).
# Every step runs even when one before it failed; the exit status is
# non-zero if any did.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
failed=()
step() {
    local name=$1
    shift
    echo "== $name ($(date -u +%H:%M:%S))"
    "$@" || failed+=("$name")
}
"$top/scripts/setup.sh" || exit 2
"$top/scripts/build.sh" || exit 2
step lint "$top/scripts/lint.sh" "$top/build"
step sanitizers "$top/scripts/sanitize.sh" "$top/build-asan"
step valgrind "$top/scripts/valgrind.sh" "$top/build"
step fuzz "$top/scripts/fuzz.sh" "${CABLES_FUZZ_SECONDS:-60}"
[ ${#failed[@]} -eq 0 ] || echo "test.sh: FAILED steps: ${failed[*]}" >&2
echo "== ctest ($(date -u +%H:%M:%S))"
cd "$top/build"
rc=0
ctest --output-on-failure -j "$(nproc)" || rc=$?
[ ${#failed[@]} -eq 0 ] || rc=1
exit $rc
