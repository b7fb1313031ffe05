#!/usr/bin/env bash
# The benchmark harness works end to end: bench/run.sh --quick builds a
# small corpus, measures everything and writes a report with every table.
# It reports timings and never asserts them.
#   bash tests/test_bench_quick.sh BUILD_DIR SRC_DIR
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time missing"; exit 77; }

tmp=$(mktemp -d /tmp/cables-bench-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
check() { # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then echo "ok - $what"; pass=$((pass + 1)); else echo "not ok - $what"; fail=$((fail + 1)); fi
}

BENCH_DIR=$tmp/work bash "$src/bench/run.sh" --quick --build "$build" --results "$tmp/r.md" \
    >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; echo "not ok - run.sh exited non-zero"; exit 1; }

for heading in "### Indexing 2000 cables" "### Query latency on 2000 cables" \
               "### Nightly update of 2000 cables" "### Search page" "### Targets"; do
    check "report has '$heading'" grep -qF "$heading" "$tmp/r.md"
done
for row in "cables index --jobs 1 |" "omindex (plain" "SQLite FTS5 (porter" \
           "top-10 + 4 exact facets" "count (exact)" "a process per query" "| no change |" \
           "| 1% changed"; do
    check "report has a row '$row'" grep -qF "$row" "$tmp/r.md"
done
# ours ran and produced numbers, not n/a
check "ours' indexing time is a number" \
    grep -qE '^\| cables index --jobs 1 \| [0-9]+\.[0-9]+ \|' "$tmp/r.md"
check "ours' top-10 latency is a number" \
    grep -qE '^\| ours, in-process top-10, all queries \| 540 \| [0-9]+\.[0-9]+ \|' "$tmp/r.md"
check "the 1% run changed 20 cables" grep -qF "0 added, 20 changed" "$tmp/r.md"
check "the no-change run changed nothing" grep -qF "0 changed, 0 removed, 2000 unchanged" "$tmp/r.md"
check "the report is wrapped in its markers" grep -qF '<!-- bench/run.sh: end -->' "$tmp/r.md"
check "the work dir is outside the repository" test ! -e "$src/cables-bench"

# a results file with other sections keeps them, and a second run replaces its block
printf '# Results\n\n## Other section\nkept\n' >"$tmp/r2.md"
cat "$tmp/r.md" >>"$tmp/r2.md"
BENCH_DIR=$tmp/work bash "$src/bench/run.sh" --quick --build "$build" --results "$tmp/r2.md" \
    >"$tmp/out2.txt" 2>&1 || { cat "$tmp/out2.txt"; echo "not ok - second run exited non-zero"; exit 1; }
check "other sections are kept" grep -qF "kept" "$tmp/r2.md"
check "our block appears once" test "$(grep -cF '### Targets' "$tmp/r2.md")" -eq 1

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
