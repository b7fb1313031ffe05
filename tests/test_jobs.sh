# cables index --jobs N: the same sources give the same index and the same
# summary whatever N; a rejected input among good ones is reported once,
# in input order; an incremental run on several threads matches a rebuild.
# Usage: bash test_jobs.sh BUILD_DIR SRC_DIR
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
DUMP=$B/cables-dump
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" --seed 21 --count 700 --out "$T/c" >/dev/null 2>&1 || fail "cables-gen failed"
mkdir -p "$T/bad"
# Rejected inputs between good ones: an unreadable file and a cable
# without an ID, in a directory read after the good one.
printf 'not a cable at all\n' >"$T/bad/a.txt"
printf '<html><body>nothing</body></html>\n' >"$T/bad/b.html"

for j in 1 2 3; do
    "$CABLES" index --db "$T/db$j" --jobs $j "$T/c" "$T/bad" /nonexistent/x.html \
        >"$T/out$j" 2>"$T/err$j"
    rc=$?
    [ $rc = 1 ] || fail "--jobs $j: exit $rc (want 1, some inputs rejected): $(cat "$T/err$j")"
    "$DUMP" --with-source "$T/db$j" >"$T/dump$j" || fail "--jobs $j: dump failed"
    # The summary without its timing.
    sed -n 's/ in [0-9.]* s .*//p' "$T/err$j" | grep -v compacted >"$T/sum$j"
    grep -v 'compacted\|added,' "$T/err$j" >"$T/rej$j"
done
[ -s "$T/dump1" ] || fail "empty dump"
n=$(grep -c '^Q' "$T/dump1")
[ "$n" -ge 690 ] || fail "only $n documents"
for j in 2 3; do
    cmp -s "$T/dump1" "$T/dump$j" || fail "--jobs $j index differs from --jobs 1"
    cmp -s "$T/sum1" "$T/sum$j" || fail "--jobs $j summary: $(cat "$T/sum$j") vs $(cat "$T/sum1")"
    cmp -s "$T/rej1" "$T/rej$j" || fail "--jobs $j rejections differ: $(cat "$T/rej$j")"
done
grep -q "added, 0 changed, 0 removed, 0 unchanged, 3 rejected" "$T/sum1" ||
    fail "summary: $(cat "$T/sum1")"
# Each rejected input once, in input order.
[ "$(grep -c "a.txt" "$T/rej1")" = 1 ] || fail "a.txt reported $(grep -c a.txt "$T/rej1") times"
[ "$(grep -c "b.html" "$T/rej1")" = 1 ] || fail "b.html reported $(grep -c b.html "$T/rej1") times"
[ "$(grep -c "nonexistent" "$T/rej1")" = 1 ] || fail "missing file not reported once"
order=$(grep -o 'a\.txt\|b\.html\|nonexistent' "$T/rej1" | tr '\n' ' ')
[ "$order" = "nonexistent a.txt b.html " ] || fail "rejections out of order: $order"

# Incremental on three threads: change and remove files, compare with a
# rebuild on one thread.
mapfile -t html < <(cd "$T/c" && find cables -name '*.html' | sort)
for f in "${html[@]:0:5}"; do perl -0pi -e 's/E\.O\./quokkax E.O./' "$T/c/$f"; done
for f in "${html[@]:5:4}"; do rm "$T/c/$f"; done
s=$("$CABLES" index --db "$T/db3" --jobs 3 "$T/c" 2>&1 >/dev/null | tail -n 1)
case $s in
*"0 added, 5 changed, 4 removed"*) ;;
*) fail "incremental --jobs 3: $s" ;;
esac
"$CABLES" index --quiet --db "$T/re" --jobs 1 "$T/c" || fail "rebuild failed"
"$DUMP" --with-source "$T/db3" | cmp -s - <("$DUMP" --with-source "$T/re") ||
    fail "incremental --jobs 3 differs from a rebuild"
[ "$("$CABLES" count --db "$T/db3" quokkax)" = 5 ] || fail "changed cables not found"

# A bad value is refused.
"$CABLES" index --db "$T/x" --jobs 0 "$T/c" 2>/dev/null && fail "--jobs 0 accepted"
"$CABLES" index --db "$T/x" --jobs 65 "$T/c" 2>/dev/null && fail "--jobs 65 accepted"
echo "test_jobs: ok"
