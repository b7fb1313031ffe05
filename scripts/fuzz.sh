#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/) with clang, ASan and UBSan in
# build-fuzz/ and runs each for SECONDS (default 60), one after another.
# Fails on any crash, hang, leak or sanitizer report; prints each target's
# executions and coverage.  Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# The working corpora live in build-fuzz/corpus/<target>, seeded from
# tests/fuzz/seeds/<target> and, for the document targets, the real cables
# in $CABLES_SHARED/corpus/cablegate-html when present (read only).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
shift || true
dir=${FUZZ_BUILD:-$top/build-fuzz}
shared=${CABLES_SHARED:-$top/../shared}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in "$top"/tests/fuzz/fuzz_*.c; do
        t=$(basename "$f" .c)
        targets+=("${t#fuzz_}")
    done
fi

# Largest input per target: documents are big, queries and requests small.
max_len() {
    case $1 in
        detect_and_read|extract) echo 131072 ;;
        record) echo 65536 ;;
        query) echo 8192 ;;
        cgi_params) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

# FUZZ_NO_BUILD=1 reuses the programs already in $dir (for parallel runs).
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
cmake -S "$top" -B "$dir" -DCABLES_FUZZ=ON -DCABLES_SANITIZE=ON -DCABLES_WERROR=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link \
      -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$dir" -j "$(nproc)" "${build_targets[@]}" >/dev/null
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=0
for t in "${targets[@]}"; do
    corpus=$dir/corpus/$t
    artifacts=$dir/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    dirs=("$corpus")
    [ -d "$top/tests/fuzz/seeds/$t" ] && dirs+=("$top/tests/fuzz/seeds/$t")
    if [ "$t" = detect_and_read ] || [ "$t" = extract ]; then
        [ -d "$shared/corpus/cablegate-html" ] && dirs+=("$shared/corpus/cablegate-html")
    fi
    log=$dir/fuzz_$t.log
    # The real cables sit in YYYY/MM/ subdirectories: list them as files.
    args=()
    for d in "${dirs[@]}"; do
        if [ "$d" = "$shared/corpus/cablegate-html" ]; then
            args+=("$dir/shared-seeds")
            if [ ! -d "$dir/shared-seeds" ]; then
                mkdir -p "$dir/shared-seeds"
                find "$d" -type f -name '*.html' -exec ln -sf {} "$dir/shared-seeds/" \;
            fi
        else
            args+=("$d")
        fi
    done
    rc=0
    "$dir/tests/fuzz/fuzz_$t" -max_total_time="$secs" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${args[@]}" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        echo "fuzz: $t FAILED (exit $rc) after ${runs:-?} runs; see $log and $artifacts" >&2
        grep -m1 -A12 'ERROR:\|runtime error\|deadly signal\|timeout after' "$log" >&2 || tail -20 "$log" >&2
        failed=1
    else
        echo "fuzz: $t ok: ${secs}s, ${runs:-?} runs, ${cov:-no coverage line}"
    fi
done
exit $failed
