#!/usr/bin/env bash
# The nightly reindex: a full rebuild of a generated corpus, a reindex
# with nothing changed, and a reindex after 1% of the files got one more
# sentence.  Prints one line per run: seconds (wall), and the indexer's
# summary line.
# Usage: bench/nightly.sh BUILD_DIR [COUNT] [WORK_DIR]
#   COUNT     generated cables (default 25000)
#   WORK_DIR  where the corpus and index go (default: a temporary directory,
#             removed at the end)
set -euo pipefail
B=${1:?usage: bench/nightly.sh BUILD_DIR [COUNT] [WORK_DIR]}
COUNT=${2:-25000}
CABLES=$B/cables
if [ -n "${3:-}" ]; then
    W=$3
    mkdir -p "$W"
else
    W=$(mktemp -d)
    trap 'rm -rf "$W"' EXIT
fi

now() { date +%s.%N; }
# run LABEL ARGS...: times one `cables index` and prints its summary.
run() {
    local label=$1 t0 t1 line
    shift
    t0=$(now)
    line=$("$CABLES" index "$@" 2>&1 >/dev/null | tail -n 1)
    t1=$(now)
    awk -v l="$label" -v a="$t0" -v b="$t1" -v s="$line" \
        'BEGIN { printf "%-12s %8.2f s   %s\n", l, b - a, s }'
}

rm -rf "$W/corpus" "$W/db"
"$B/cables-gen" --quiet --seed 7 --count "$COUNT" --out "$W/corpus"
echo "corpus: $COUNT cables, $(find "$W/corpus/cables" -type f | wc -l) files," \
     "$(du -sm "$W/corpus/cables" | cut -f1) MB; load $(cut -d' ' -f1-3 /proc/loadavg)," \
     "$(nproc) cores"
run full --full --db "$W/db" "$W/corpus"
run no-change --db "$W/db" "$W/corpus"

# 1% of the single-cable files (html and txt) get one more sentence.
mapfile -t files < <(cd "$W/corpus" && find cables -type f \( -name '*.html' -o -name '*.txt' \) |
    sort | awk 'NR % 100 == 50')
for f in "${files[@]}"; do
    case $f in
    *.html) perl -0pi -e 's{(.*)</pre>}{$1&#x000A;&#x000A;THE NIGHTLY RUN ADDED THIS SENTENCE.</pre>}s' \
        "$W/corpus/$f" ;;
    *) printf '\nTHE NIGHTLY RUN ADDED THIS SENTENCE.\n' >>"$W/corpus/$f" ;;
    esac
done
echo "modified: ${#files[@]} files"
run one-percent --db "$W/db" "$W/corpus"
echo "documents with the sentence: $("$CABLES" count --db "$W/db" '"nightly run added this sentence"')"
