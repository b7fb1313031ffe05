#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: static analysis, the
# suite under ASan/UBSan, the unit tests under valgrind, each fuzzer for
# a minute, and last the main build's ctest (whose closing lines CI reads).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
step() { echo "== $* ($(date -u +%H:%M:%S))"; }
"$top/scripts/setup.sh"
step build
"$top/scripts/build.sh"
step lint
"$top/scripts/lint.sh" "$top/build"
step sanitizers
"$top/scripts/sanitize.sh" "$top/build-asan"
step valgrind
"$top/scripts/valgrind.sh" "$top/build"
step fuzz
"$top/scripts/fuzz.sh" "${CABLES_FUZZ_SECONDS:-60}"
step ctest
cd "$top/build"
ctest --output-on-failure -j "$(nproc)"
