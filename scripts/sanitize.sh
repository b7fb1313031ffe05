#!/usr/bin/env bash
# Builds cables with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ (or $1) and runs the ctest suite there, leaks checked, the
# first sanitizer report fatal.  End-to-end tests labelled "slow" are left
# to the main build; every unit test and the hostile-input suite run here.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-asan}
"$top/scripts/build.sh" "$dir" -DCABLES_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cd "$dir"
ctest --output-on-failure -j "$(nproc)" -LE slow
