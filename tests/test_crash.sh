# kill -9 of `cables index` at seeded random moments spread over a run:
# during a full rebuild of 5,000 generated cables over a small live index,
# and during incremental runs that add 2,000 cables and modify 100.  After
# each kill the index opens, its live generation passes xapian-check, it
# holds a committed state (the old or the new generation for a rebuild;
# between the old and the new count for incremental runs, with sampled
# documents whole), and a rerun finishes to the same content as a clean
# build.
# Usage: bash test_crash.sh BUILD_DIR SRC_DIR
# CRASH_COUNT (default 5000), CRASH_KILLS (default 10 per phase) and
# CRASH_SEED (default 41) scale it.
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
DUMP=$B/cables-dump
COUNT=${CRASH_COUNT:-5000}
KILLS=${CRASH_KILLS:-10}
SEED=${CRASH_SEED:-41}
ADDED=$((COUNT * 2 / 5))

command -v xapian-check >/dev/null 2>&1 || { echo "skip: xapian-check not installed"; exit 77; }
T=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ALL='year:2009 OR NOT year:2009'

# Parse threads: 1, and 2 as well once parsing runs on several threads.
jobs_list=(1)
"$CABLES" index --help | grep -q 'one for now' || jobs_list=(1 2)

now() { date +%s.%N; }
# KILLS delays in [0, $1] seconds from a seeded generator.
delays() { awk -v d="$1" -v n="$KILLS" -v s="$2" 'BEGIN { srand(s);
    for (i = 0; i < n; i++) printf "%.2f\n", rand() * d }'; }
docs() { "$CABLES" count --db "$1" "$ALL" 2>/dev/null; }

# The live generation checks, the index answers, sampled documents decode.
check_state() {
    local db=$1 what=$2 g n
    g=$(sed -n '1s/^glass //p' "$db/XAPIANDB")
    [ -n "$g" ] || fail "$what: no live generation listed"
    xapian-check "$db/$g" >"$T/check.out" 2>&1 ||
        fail "$what: xapian-check failed on $g: $(tail -n 3 "$T/check.out")"
    n=$(docs "$db") || fail "$what: the index does not answer a query"
    "$CABLES" search --db "$db" --format ids -n 25 --sort newest "$ALL" >"$T/ids" ||
        fail "$what: search failed"
    [ "$(wc -l <"$T/ids")" = 25 ] || fail "$what: search gave $(wc -l <"$T/ids") IDs, not 25"
    # shellcheck disable=SC2046
    "$CABLES" show --db "$db" --format json $(cat "$T/ids") >"$T/show" ||
        fail "$what: cables show failed on a sampled document"
    [ "$(wc -l <"$T/show")" = 25 ] || fail "$what: cables show printed $(wc -l <"$T/show") cables"
    echo "$n"
}

# One run killed after DELAY seconds (or finished before it).
killed_run() {
    local delay=$1 pid
    shift
    "$CABLES" index --quiet "$@" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        return 0
    fi
    wait "$pid" 2>/dev/null
    return 1
}

"$GEN" --seed "$SEED" --count $((COUNT + ADDED)) --out "$T/all" >/dev/null 2>&1 ||
    fail "cables-gen failed"
mapfile -t html < <(cd "$T/all" && find cables -type f -name '*.html' | sort)
# Corpus 1 holds all but every other html file of the first 2*ADDED; corpus 2
# adds them back and modifies 100 others.
cp -r "$T/all" "$T/c"
held=("${html[@]:0:$((2 * ADDED))}")
for ((i = 0; i < ${#held[@]}; i += 2)); do rm "$T/c/${held[i]}"; done

# Phase 1: kills during a full rebuild over a small live index.
small=("${html[@]:1:40}")
mkdir "$T/few"
(cd "$T/all" && cp --parents "${small[@]}" "$T/few/") || fail "cannot copy a few files"
"$CABLES" index --quiet --db "$T/db" "$T/few" || fail "small index failed"
n_small=$(docs "$T/db")
cp -a "$T/db" "$T/ref1"
t0=$(now)
"$CABLES" index --quiet --full --jobs 1 --db "$T/ref1" "$T/c" || fail "uninterrupted rebuild failed"
d1=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
n1=$(docs "$T/ref1")
"$DUMP" --with-source "$T/ref1" >"$T/ref1.dump" || fail "dump failed"
echo "rebuild: $n1 documents in $d1 s; old index $n_small documents"

round=0
while read -r delay; do
    round=$((round + 1))
    j=${jobs_list[round % ${#jobs_list[@]}]}
    if ! killed_run "$delay" --full --jobs "$j" --db "$T/db" "$T/c"; then
        echo "rebuild round $round: finished before the kill at $delay s"
    fi
    n=$(check_state "$T/db" "rebuild round $round (kill at $delay s, jobs $j)") || exit 1
    [ "$n" = "$n_small" ] || [ "$n" = "$n1" ] ||
        fail "rebuild round $round: $n documents, neither the old $n_small nor the new $n1"
    echo "rebuild round $round: kill at $delay s (jobs $j): $n documents"
done < <(delays "$d1" "$SEED")
"$CABLES" index --quiet --full --db "$T/db" "$T/c" || fail "rebuild after the kills failed"
"$DUMP" --with-source "$T/db" | cmp -s - "$T/ref1.dump" ||
    fail "after killed rebuilds the index differs from an uninterrupted rebuild"
left=$(cd "$T/db" && ls -d build-* gen-* 2>/dev/null | wc -l)
[ "$left" = 1 ] || fail "leftover generations after the rebuild: $(ls "$T/db")"

# Phase 2: kills during incremental runs from corpus 1 to corpus 2.
for ((i = 0; i < ${#held[@]}; i += 2)); do cp "$T/all/${held[i]}" "$T/c/${held[i]}"; done
for f in "${html[@]:$((2 * ADDED)):100}"; do
    perl -0pi -e 's/E\.O\./wombatx E.O./' "$T/c/$f" || fail "cannot modify $f"
done
"$CABLES" index --quiet --db "$T/ref2" "$T/c" || fail "clean build of corpus 2 failed"
"$DUMP" --with-source "$T/ref2" >"$T/ref2.dump" || fail "dump failed"
n2=$(docs "$T/ref2")
cp -a "$T/db" "$T/inc"
t0=$(now)
"$CABLES" index --quiet --jobs 1 --db "$T/inc" "$T/c" || fail "uninterrupted incremental run failed"
d2=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
"$DUMP" --with-source "$T/inc" | cmp -s - "$T/ref2.dump" ||
    fail "the incremental run differs from a clean build"
echo "incremental: $n1 -> $n2 documents in $d2 s"

round=0
while read -r delay; do
    round=$((round + 1))
    j=${jobs_list[round % ${#jobs_list[@]}]}
    if ! killed_run "$delay" --jobs "$j" --db "$T/db" "$T/c"; then
        echo "incremental round $round: finished before the kill at $delay s"
    fi
    n=$(check_state "$T/db" "incremental round $round (kill at $delay s, jobs $j)") || exit 1
    [ "$n" -ge "$n1" ] && [ "$n" -le "$n2" ] ||
        fail "incremental round $round: $n documents, not between $n1 and $n2"
    echo "incremental round $round: kill at $delay s (jobs $j): $n documents"
done < <(delays "$d2" $((SEED + 1)))
"$CABLES" index --quiet --db "$T/db" "$T/c" || fail "incremental run after the kills failed"
"$DUMP" --with-source "$T/db" | cmp -s - "$T/ref2.dump" ||
    fail "after killed incremental runs the index differs from a clean build"
echo "ok"
exit 0
