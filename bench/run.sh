#!/usr/bin/env bash
# The benchmark: builds generated corpora and measures indexing, queries,
# nightly updates and the search page, ours against omindex/quest (plain
# Xapian) and SQLite FTS5, in one run.  Writes a Markdown report.
#
#   bench/run.sh [--quick] [--sizes 25000,250000] [--repeats N] [--build DIR]
#                [--results FILE] [--reuse] [--skip-large ours1,omindex]
#
# --quick: 2,000 cables, one repeat (for CI: it reports, never asserts).
# --reuse: keep the builds of the last run in $BENCH_DIR when they are all
# there (measure queries and nightly runs again, rewrite the report).
# --skip-large: indexers not run at 100,000 cables and more (omindex takes
# about 100 minutes for 250,000 here); their ratios come from a smaller size.
# Work files go to $BENCH_DIR (default /tmp/cables-bench), never the repo.
# The report replaces the block between the run.sh markers in FILE
# (default bench/RESULTS.md), leaving the other sections alone.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
work=${BENCH_DIR:-/tmp/cables-bench}
results=$src/bench/RESULTS.md
sizes=25000
repeats=3
quick=0
reuse=0
skip_large=
cmdline="bench/run.sh $*"

while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1; sizes=2000; repeats=1 ;;
        --sizes) sizes=$2; shift ;;
        --repeats) repeats=$2; shift ;;
        --build) build=$2; shift ;;
        --results) results=$2; shift ;;
        --reuse) reuse=1 ;;
        --skip-large) skip_large=$2; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
case $work in "$src"|"$src"/*) echo "run.sh: BENCH_DIR must be outside the repository" >&2; exit 2 ;; esac

if [ ! -x "$build/cables" ] || [ ! -x "$build/bench/query_bench" ]; then
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
cables=$build/cables
gen=$build/cables-gen
qb=$build/bench/query_bench
queries=$src/bench/queries.txt
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; }
timer=/usr/bin/time
[ -x $timer ] || { echo "run.sh: /usr/bin/time missing (scripts/setup.sh installs it)" >&2; exit 2; }

mkdir -p "$work"
report=$work/report.md
: >"$report"
out() { printf '%s\n' "$*" >>"$report"; }
log() { printf 'run.sh: %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Median and spread (max - min) of the numbers on stdin: "MEDIAN SPREAD".
med() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "n/a n/a"; exit}
    printf "%.2f %.2f\n", v[int((NR+1)/2)], v[NR]-v[1]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a+0>0 && b+0>0) printf "%.2f×", a/b; else print "n/a"}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b/1e6}'; }
# Run a command under /usr/bin/time; appends "SECONDS MAXRSS_KB" to $2.
timed() {
    local log_file=$1 tf=$2; shift 2
    $timer -f '%e %M' -o "$tf.t" "$@" >"$log_file" 2>&1 || { log "failed: $* (see $log_file)"; cat "$log_file" >&2; return 1; }
    cat "$tf.t" >>"$tf"
}
dir_bytes() { du -sb "$1" | cut -f1; }
# Field N of a stat line of query_bench/fts5_query: "median_ms" etc.
# empty when the peer did not run (never a failure, under set -e)
stat_of() { { grep "^stat $2 " "$1" 2>/dev/null || true; } | tr ' ' '\n' | sed -n "s/^$3=//p" | head -1; }

log "load before: $(load)"
out "## Benchmark run (\`bench/run.sh\`)"
out ""
out "- command: \`$cmdline\` (build: \`$build\`, work dir: \`$work\`)"
out "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)"
out "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
out "- load average at start: $(load) (other work on the machine inflates times; spreads below show the noise)"
out "- corpus: \`cables-gen --seed 1 --formats html --gzip-fraction 0\` (HTML only, no gzip: omindex reads only .html/.txt, so every indexer reads the same pages)"
reps_note="$repeats (250,000 cables and more: 1)"
[ $reuse -eq 1 ] && reps_note="--reuse: a size whose builds are all in the work dir keeps them (its indexing section says so); otherwise $reps_note"
out "- repeats per build: $reps_note (median and spread = max − min); queries: \`bench/queries.txt\` ($(wc -l <"$queries") queries; the peers run its $(grep -cE '^(common|rare|or|and|phrase)	' "$queries") free-word queries, which have no filters)"
out ""

jobs_n=$(nproc)
largest=
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
    corpus=$work/corpus-$n
    if [ ! -f "$corpus/manifest.tsv" ] || [ "$(grep -vc '^#' "$corpus/manifest.tsv")" != "$n" ]; then
        rm -rf "$corpus"
        log "generating $n cables"
        "$gen" --seed 1 --count "$n" --out "$corpus" --formats html --gzip-fraction 0 --quiet
    fi
    bytes=$(find "$corpus/cables" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    largest=$n
    reps=$repeats
    [ "$n" -ge 250000 ] && reps=1
    skipped() { [ "$n" -ge 100000 ] && [[ ",$skip_large," == *",$1,"* ]]; }

    # ---- indexing
    declare -A t m sb sa
    built=0
    if [ $reuse -eq 1 ] && { [ -s "$work/ours1.$n" ] || skipped ours1; } &&
        [ -s "$work/oursN.$n" ] && [ -d "$work/dbN-$n" ]; then
        built=1
        log "reusing the builds of $n cables in $work"
    fi
    [ $built -eq 1 ] || for who in ours1 oursN omindex fts5; do : >"$work/$who.$n"; done
    for ((r = 1; r <= reps && built == 0; r++)); do
        log "indexing $n cables, repeat $r/$reps (load $(load))"
        rm -rf "$work/db1-$n" "$work/dbN-$n" "$work/om-$n" "$work/omc-$n"
        skipped ours1 || timed "$work/ours1.$n.log" "$work/ours1.$n" "$cables" index --db "$work/db1-$n" --full --jobs 1 "$corpus/cables"
        rm -rf "$work/db1-$n"
        timed "$work/oursN.$n.log" "$work/oursN.$n" "$cables" index --db "$work/dbN-$n" --full --jobs "$jobs_n" "$corpus/cables"
        if have omindex && ! skipped omindex; then
            timed "$work/omindex.$n.log" "$work/omindex.$n" omindex --db "$work/om-$n" --url / "$corpus/cables"
        fi
        if [ -x "$build/bench/fts5_index" ]; then
            timed "$work/fts5.$n.log" "$work/fts5.$n" "$build/bench/fts5_index" --db "$work/fts5-$n.db" "$corpus/cables"
        fi
    done
    # sizes: ours as written (the --full run compacts at its end when it says so) and compacted
    ours_before=$(sed -n 's/.*compacted \([0-9.]*\) MB into.*/\1/p' "$work/oursN.$n.log" | tail -1)
    "$cables" index --db "$work/dbN-$n" --compact >"$work/compact.log" 2>&1 || true
    ours_after=$(mb "$(dir_bytes "$work/dbN-$n")")
    [ -n "$ours_before" ] || ours_before=$ours_after
    om_before=n/a om_after=n/a
    if [ -d "$work/om-$n" ]; then
        om_before=$(mb "$(dir_bytes "$work/om-$n")")
        rm -rf "$work/omc-$n"
        xapian-compact "$work/om-$n" "$work/omc-$n" >/dev/null 2>&1 && om_after=$(mb "$(dir_bytes "$work/omc-$n")")
    fi
    fts_before=n/a fts_after=n/a
    if [ -f "$work/fts5.$n.log" ] && grep -q '^cables' "$work/fts5.$n.log"; then
        fts_before=$(mb "$(awk '{print $8}' "$work/fts5.$n.log")")
        fts_after=$(mb "$(awk '{print $10}' "$work/fts5.$n.log")")
    fi
    for who in ours1 oursN omindex fts5; do
        read -r "t[$who]" ts <<<"$(cut -d' ' -f1 "$work/$who.$n" | med)"; m[$who]=$(cut -d' ' -f2 "$work/$who.$n" | med | cut -d' ' -f1)
        sb[$who]=$ts
    done
    out "### Indexing $n cables ($(mb "$bytes") MB of HTML)"
    out ""
    if [ $built -eq 1 ]; then
        out '(the builds of the previous run in the work dir, reused: `--reuse`)'
        out ""
    fi
    out "| indexer | wall s (median) | spread s | MB/s | peak RSS MB | size MB | compacted MB | rate vs omindex | time vs FTS5 |"
    out "|---|---|---|---|---|---|---|---|---|"
    row() { # name key size_before size_after
        local rate
        rate=$(awk -v b="$bytes" -v s="${t[$2]}" 'BEGIN {if (s+0>0) printf "%.2f", b/1e6/s; else print "n/a"}')
        out "| $1 | ${t[$2]} | ${sb[$2]} | $rate | $(awk -v k="${m[$2]}" 'BEGIN {if (k+0>0) printf "%.0f", k/1024; else print "n/a"}') | $3 | $4 | $(ratio "${t[omindex]}" "${t[$2]}") | $(ratio "${t[$2]}" "${t[fts5]}") |"
    }
    row "cables index --jobs 1" ours1 "$ours_before" "$ours_after"
    row "cables index --jobs $jobs_n" oursN "$ours_before" "$ours_after"
    row "omindex (plain TermGenerator, 1 thread)" omindex "$om_before" "$om_after"
    for who in ours1 omindex; do
        skipped $who && out "| ($who not run at this size: --skip-large) |||||||||"
    done
    row "SQLite FTS5 (porter, 1 transaction)" fts5 "$fts_before" "$fts_after"
    out ""
    out "Rate vs omindex: omindex's time ÷ this time (above 1 is faster). Time vs FTS5: this time ÷ FTS5's. Ours' size: as the --full run wrote it, then after \`cables index --compact\`; omindex: after \`xapian-compact\`; FTS5: before and after 'optimize' + VACUUM. FTS5 indexes id, subject and body as read by our readers, without field extraction."
    out ""
    eval "idx_$n=\"${t[oursN]} ${t[omindex]} ${t[fts5]} $ours_after $fts_after\""
    [ "${t[omindex]:-n/a}" != n/a ] && om_ratio="$(ratio "${t[omindex]}" "${t[oursN]}") on $n cables"
    unset t m sb sa
done

# ---- queries, on the largest corpus
n=$largest
log "queries on $n cables (load $(load))"
qruns=3; [ $quick -eq 1 ] && qruns=1
"$qb" --queries "$queries" --runs $qruns --db "$work/dbN-$n" >"$work/q-ours.txt"
: >"$work/q-peers.txt"
[ -f "$work/fts5-$n.db" ] && "$build/bench/fts5_query" --db "$work/fts5-$n.db" --queries "$queries" --runs $qruns >>"$work/q-peers.txt"
"$qb" --queries "$queries" --runs 1 --label cables-search --exec "$cables" search --db "$work/dbN-$n" -n 10 >>"$work/q-peers.txt"
if have quest && [ -d "$work/omc-$n" ]; then
    bash "$src/bench/peer_quest.sh" --db "$work/omc-$n" --queries "$queries" --build "$build" >>"$work/q-peers.txt"
fi
cat "$work/q-ours.txt" "$work/q-peers.txt" >"$work/q-all.txt"
fts_med=$(stat_of "$work/q-all.txt" fts5-top10 median_ms)
quest_med=$(stat_of "$work/q-all.txt" quest median_ms)
out "### Query latency on $n cables"
out ""
out "| query | n | median ms | p95 ms | p99 ms | spread of medians ms | median vs FTS5 top-10 | median vs quest |"
out "|---|---|---|---|---|---|---|---|"
qrow() { # label stat-name
    local md
    md=$(stat_of "$work/q-all.txt" "$2" median_ms)
    [ -n "$md" ] || { out "| $1 | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"; return; }
    out "| $1 | $(stat_of "$work/q-all.txt" "$2" n) | $md | $(stat_of "$work/q-all.txt" "$2" p95_ms) | $(stat_of "$work/q-all.txt" "$2" p99_ms) | $(stat_of "$work/q-all.txt" "$2" spread_ms) | $(ratio "$md" "$fts_med") | $(ratio "$md" "$quest_med") |"
}
qrow "ours, in-process top-10, all queries" top10
qrow "ours, in-process top-10, free-word queries" top10-free
qrow "ours, in-process top-10 + 4 exact facets (tag, country, year, origin)" facets4
qrow "ours, in-process count (exact)" count
qrow "FTS5 \`ORDER BY bm25(t) LIMIT 10\`, in-process" fts5-top10
qrow "ours, \`cables search -n 10\`, a process per query" cables-search
qrow "quest on omindex's compacted database, a process per query" quest
out ""
out "In-process: $qruns run(s) of every query; each cell is the median over the runs. Ratios: this median ÷ the peer's (below 1 is faster). No snippets in the in-process runs."
out ""

# Instruction counts: wall time of sub-millisecond queries is noisy on a shared machine.
if have valgrind; then
    awk 'NR % 18 == 1' "$queries" >"$work/q-subset.txt"
    : >"$work/q-empty.txt"
    nsub=$(wc -l <"$work/q-subset.txt")
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$qb" --queries "$1" --runs 1 --only "$2" --db "$work/dbN-$n" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
    out "Instructions per query (\`valgrind --tool=callgrind\`, $nsub queries, every 18th of the set, one run; startup subtracted):"
    out ""
    out "| query | instructions per query |"
    out "|---|---|"
    for mode in top10 facets4 count; do
        base=$(ir "$work/q-empty.txt" "$mode"); all=$(ir "$work/q-subset.txt" "$mode")
        out "| $mode | $(awk -v a="$all" -v b="$base" -v n="$nsub" 'BEGIN {if (n>0 && a>0) printf "%.2f M", (a-b)/n/1e6; else print "n/a"}') |"
    done
    out ""
fi

# ---- nightly: no change, and 1% of the cables changed, on the largest corpus
log "nightly runs on $n cables (load $(load))"
corpus=$work/corpus-$n
read -r full_s _ <<<"$(eval echo "\$idx_$n")"
: >"$work/night0"; : >"$work/night1"
timed "$work/night0.log" "$work/night0" "$cables" index --db "$work/dbN-$n" --jobs "$jobs_n" "$corpus/cables"
nchange=$(( (n + 99) / 100 ))
find "$corpus/cables" -type f -name '*.html' | sort | awk -v k=100 'NR % k == 0' | head -n "$nchange" >"$work/changed.txt"
while read -r f; do
    # one sentence more at the end of the cable's text (the last <pre> block)
    last=$(grep -n '</pre>' "$f" | tail -1 | cut -d: -f1)
    sed -i "${last}s|</pre>| The delegation agreed to meet again next month.</pre>|" "$f"
done <"$work/changed.txt"
timed "$work/night1.log" "$work/night1" "$cables" index --db "$work/dbN-$n" --jobs "$jobs_n" "$corpus/cables"
# put the corpus back as generated for the next run
rm -rf "$corpus"
night0=$(cut -d' ' -f1 "$work/night0"); night1=$(cut -d' ' -f1 "$work/night1")
out "### Nightly update of $n cables (\`cables index --jobs $jobs_n\` on the built index)"
out ""
out "| run | wall s | share of full build ($full_s s) | summary line |"
out "|---|---|---|---|"
out "| no change | $night0 | $(awk -v a="$night0" -v b="$full_s" 'BEGIN {printf "%.1f%%", 100*a/b}') | $(grep '^cables index:' "$work/night0.log" | head -1) |"
out "| 1% changed ($(wc -l <"$work/changed.txt") files: one sentence added) | $night1 | $(awk -v a="$night1" -v b="$full_s" 'BEGIN {printf "%.1f%%", 100*a/b}') | $(grep '^cables index:' "$work/night1.log" | head -1) |"
out ""

# ---- the search page
out "### Search page"
out ""
if [ -f "$src/bench/cgi_load.sh" ]; then
    # idle on the $n-cable index, then on its own index rebuilt under the load
    secs=30; [ $quick -eq 1 ] && secs=5
    log "search page load, idle, $secs s (load $(load))"
    if bash "$src/bench/cgi_load.sh" --no-reindex --db "$work/dbN-$n" "$build" "$secs" >"$work/cgi-idle.txt" 2>"$work/cgi.err"; then
        sed 's/^#/###/' "$work/cgi-idle.txt" >>"$report"
        out ""
    else
        out "bench/cgi_load.sh --no-reindex failed (exit $?): $(tail -1 "$work/cgi.err")"
        out ""
    fi
    log "search page load, reindexing, $secs s (load $(load))"
    if bash "$src/bench/cgi_load.sh" "$build" "$secs" >"$work/cgi.txt" 2>"$work/cgi.err"; then
        out "\`bench/cgi_load.sh $build $secs\`:"
        out ""
        sed 's/^#/###/' "$work/cgi.txt" >>"$report"
    else
        rc=$?
        out "bench/cgi_load.sh failed (exit $rc); its last messages:"
        out '```'
        tail -20 "$work/cgi.txt" "$work/cgi.err" >>"$report"
        out '```'
        : >"$work/cgi.txt"
    fi
else
    out "not measured: bench/cgi_load.sh does not exist yet"
fi
out ""

# ---- targets
read -r ours_s om_s fts_s ours_mb fts_mb <<<"$(eval echo "\$idx_$n")"
f4_med=$(stat_of "$work/q-all.txt" facets4 median_ms); f4_p99=$(stat_of "$work/q-all.txt" facets4 p99_ms)
yes_no() { awk "BEGIN {print ($1) ? \"met\" : \"not met\"}" 2>/dev/null || echo "n/a"; }
out "### Targets (on $n cables$([ "$n" -lt 250000 ] && echo '; the targets name 250,000: these are the measured size, not an extrapolation'))"
out ""
out "| target | measured | result |"
out "|---|---|---|"
if [ "${om_s:-n/a}" != n/a ]; then
    out "| full build ≥ 4× the rate of omindex | $(ratio "$om_s" "$ours_s") | $(yes_no "$om_s+0 >= 4*($ours_s+0) && $ours_s+0 > 0") |"
else
    out "| full build ≥ 4× the rate of omindex | omindex not run on $n cables; ${om_ratio:-n/a} | see that size |"
fi
out "| full build within 3× of FTS5's time | $(ratio "$ours_s" "$fts_s") | $(yes_no "$ours_s+0 <= 3*($fts_s+0) && $fts_s+0 > 0") |"
out "| index no larger than FTS5's (compacted) | $ours_mb MB vs $fts_mb MB ($(ratio "$ours_mb" "$fts_mb")) | $(yes_no "$ours_mb+0 <= $fts_mb+0") |"
out "| top-10 + 4 facets median faster than FTS5 top-10 | $f4_med ms vs $fts_med ms ($(ratio "$f4_med" "$fts_med")) | $(yes_no "$f4_med+0 < $fts_med+0") |"
out "| top-10 + 4 facets p99 < 50 ms | $f4_p99 ms | $(yes_no "$f4_p99+0 < 50") |"
out "| nightly, 1% changed < 3% of full build | $(awk -v a="$night1" -v b="$ours_s" 'BEGIN {printf "%.1f%%", 100*a/b}') | $(yes_no "$night1 < 0.03*$ours_s") |"
out "| nightly, no change < 2 s | $night0 s | $(yes_no "$night0 < 2") |"
# the target is the page idle; under reindexing is its own table above
cgi_row=$(grep -E '^\| [0-9]' "$work/cgi-idle.txt" 2>/dev/null | tail -1 || true)
if [ -n "$cgi_row" ]; then
    rps=$(awk -F'|' '{gsub(/[ ]/, "", $3); print $3}' <<<"$cgi_row")
    cgi_p99=$(awk -F'|' '{gsub(/[ ms]/, "", $7); print $7}' <<<"$cgi_row")
    out "| search page ≥ 300 req/s, p99 < 100 ms | $rps req/s, p99 $cgi_p99 ms (idle, on the $n-cable index) | $(yes_no "$rps+0 >= 300 && $cgi_p99+0 < 100") |"
else
    out "| search page ≥ 300 req/s, p99 < 100 ms | not measured | n/a |"
fi
out ""
out "Load average at end: $(load)."
log "load after: $(load)"

# Replace our block in the results file, keep everything else.
begin='<!-- bench/run.sh: begin -->'
end='<!-- bench/run.sh: end -->'
if [ -f "$results" ] && grep -qF "$begin" "$results"; then
    awk -v b="$begin" -v e="$end" -v r="$report" '
        $0 == b {print; while ((getline l < r) > 0) print l; skip = 1; next}
        $0 == e {skip = 0}
        !skip {print}' "$results" >"$results.new"
    mv "$results.new" "$results"
else
    { [ -f "$results" ] && cat "$results" && echo; echo "$begin"; cat "$report"; echo "$end"; } >"$results.new"
    mv "$results.new" "$results"
fi
log "report written to $results"
