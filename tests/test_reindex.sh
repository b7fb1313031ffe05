# Incremental indexing: adds, changes, removals and untouched files are
# counted exactly and give the same index as a full rebuild; a second
# writer gets exit 75; kill -9 at random moments never breaks the index;
# a reader searching in a loop never fails while the index changes.
# Usage: bash test_reindex.sh BUILD_DIR SRC_DIR
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
DUMP=$B/cables-dump
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

index() { "$CABLES" index --quiet "$@"; }
summary() { "$CABLES" index "$@" 2>&1 >/dev/null | tail -n 1; }

"$GEN" --seed 11 --count 600 --out "$T/all" >/dev/null 2>&1 || fail "cables-gen failed"
cp -r "$T/all" "$T/c"
mapfile -t html < <(cd "$T/c" && find cables -name '*.html' | sort)
[ "${#html[@]}" -ge 40 ] || fail "too few html files: ${#html[@]}"

# First run without 10 files.
for f in "${html[@]:0:10}"; do rm "$T/c/$f"; done
index --db "$T/db" "$T/c" || fail "first index failed"

# Add 10, modify 5, delete 3, touch 20 without changing them.
for f in "${html[@]:0:10}"; do cp "$T/all/$f" "$T/c/$f"; done
for f in "${html[@]:10:5}"; do
    perl -0pi -e 's/E\.O\./zanzibarx E.O./' "$T/c/$f" || fail "cannot modify $f"
    cmp -s "$T/c/$f" "$T/all/$f" && fail "modification of $f did nothing"
done
for f in "${html[@]:15:3}"; do rm "$T/c/$f"; done
for f in "${html[@]:18:20}"; do touch -d '2031-01-01' "$T/c/$f"; done

dry=$("$CABLES" index --dry-run --db "$T/db" "$T/c" 2>/dev/null)
[ "$(grep -c '^add ' <<<"$dry")" = 10 ] || fail "dry run adds: $dry"
[ "$(grep -c '^change ' <<<"$dry")" = 5 ] || fail "dry run changes: $dry"
[ "$(grep -c '^remove ' <<<"$dry")" = 3 ] || fail "dry run removes: $dry"
grep -q 'zanzibarx' "$T/c/${html[10]}" || fail "setup"

line=$(summary --db "$T/db" "$T/c")
echo "$line"
case $line in
"cables index: 10 added, 5 changed, 3 removed, "*" unchanged, 0 rejected in "*) ;;
*) fail "unexpected summary: $line" ;;
esac
[ "$("$CABLES" count --db "$T/db" zanzibarx)" = 5 ] || fail "modified text not searchable"

# The same content as a full rebuild of the new corpus.
index --db "$T/full" "$T/c" || fail "full index failed"
"$DUMP" --with-source "$T/db" >"$T/inc.dump" || fail "dump failed"
"$DUMP" --with-source "$T/full" >"$T/full.dump" || fail "dump failed"
cmp -s "$T/inc.dump" "$T/full.dump" || { diff "$T/inc.dump" "$T/full.dump" | head -20; fail "incremental index differs from a full rebuild"; }

# A run with nothing to do changes nothing.
line=$(summary --db "$T/db" "$T/c")
case $line in
"cables index: 0 added, 0 changed, 0 removed, "*) ;;
*) fail "second run changed something: $line" ;;
esac

# A second writer exits 75 at once and changes nothing.
( exec 9<>"$T/db/lock"; flock -x 9; echo 4242 >"$T/db/lock"; exec sleep 30 ) &
holder=$!
for _ in $(seq 50); do grep -q 4242 "$T/db/lock" 2>/dev/null && break; sleep 0.1; done
rm "$T/c/${html[20]}"
out=$("$CABLES" index --db "$T/db" "$T/c" 2>&1)
rc=$?
[ $rc = 75 ] || fail "second writer exit $rc, not 75: $out"
[ "$out" = "cables index: index is being updated by another process (pid 4242)" ] ||
    fail "second writer message: $out"
kill "$holder"
wait "$holder" 2>/dev/null
"$DUMP" --with-source "$T/db" | cmp -s - "$T/inc.dump" || fail "a refused run changed the index"

# kill -9 at random moments (with one and two reading threads): the index
# always opens and checks, and the next run finishes to the same content as a full rebuild.
"$GEN" --seed 12 --count 1500 --out "$T/big" >/dev/null 2>&1 || fail "cables-gen failed"
index --db "$T/bigfull" "$T/big" || fail "full index of big failed"
"$DUMP" --with-source "$T/bigfull" >"$T/bigfull.dump"
index --db "$T/kill" "$T/big/cables/19"* "$T/big/cables/cables.csv" 2>/dev/null
for round in 1 2 3 4 5; do
    # Odd rounds read on two threads, even rounds on one.
    "$CABLES" index --quiet --jobs $((round % 2 + 1)) --db "$T/kill" "$T/big" 2>/dev/null &
    pid=$!
    t=$((RANDOM % 40 + 5))
    sleep "$((t / 10)).$((t % 10))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    gen=$(sed -n '1s/^glass //p' "$T/kill/XAPIANDB")
    xapian-check "$T/kill/$gen" >/dev/null 2>&1 || fail "round $round: xapian-check failed on $gen"
    n=$(xapian-delve "$T/kill" 2>&1 | sed -n 's/^number of documents = //p')
    case $n in
    [0-9]*) echo "round $round: $n documents" ;;
    *) fail "round $round: index does not open: $n" ;;
    esac
done
index --db "$T/kill" "$T/big" || fail "finishing run failed"
"$DUMP" --with-source "$T/kill" | cmp -s - "$T/bigfull.dump" ||
    fail "after kill -9 rounds the index differs from a full rebuild"

# A reader searching in a loop never fails during commits and a rebuild switch.
(
    while :; do
        "$CABLES" count --db "$T/kill" trafficking >/dev/null 2>"$T/reader.err"
        rc=$?
        if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
            echo "reader failed with $rc: $(cat "$T/reader.err")" >"$T/reader.fail"
            exit 1
        fi
    done
) &
reader=$!
find "$T/big" -name '*.html' | head -50 | xargs touch -d '2032-01-01'
index --db "$T/kill" "$T/big" || fail "reindex under reader failed"
index --full --db "$T/kill" "$T/big" || fail "rebuild under reader failed"
index --compact --db "$T/kill" || fail "compaction under reader failed"
sleep 0.5
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
[ -e "$T/reader.fail" ] && fail "$(cat "$T/reader.fail")"
[ "$(ls -d "$T/kill"/gen-* | wc -l)" = 1 ] || fail "old generations left: $(ls "$T/kill")"
"$DUMP" --with-source "$T/kill" | cmp -s - "$T/bigfull.dump" || fail "rebuild differs"
echo "ok"
exit 0
