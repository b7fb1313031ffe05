# Readers during writes: `cables search`, `cables count` and the search
# page (cables.cgi run as a CGI program) query in a loop while the index is
# rebuilt, updated incrementally and compacted; every query answers (exit
# 0, a count between the old and the new size, status 200).  A second
# writer started during each run is refused with exit 75 naming the
# writer's pid and changes nothing.
# Usage: bash test_concurrency.sh BUILD_DIR SRC_DIR
set -u
B=$1
CABLES=$B/cables
CGI=$B/cables.cgi
GEN=$B/cables-gen
DUMP=$B/cables-dump
ALL='year:2009 OR NOT year:2009'

[ -x "$CGI" ] || { echo "skip: $CGI not built"; exit 77; }
T=$(mktemp -d)
reader=
cleanup() {
    [ -n "$reader" ] && kill "$reader" 2>/dev/null
    kill $(jobs -p) 2>/dev/null
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" --seed 51 --count 1500 --out "$T/all" >/dev/null 2>&1 || fail "cables-gen failed"
mapfile -t html < <(cd "$T/all" && find cables -type f -name '*.html' | sort)
cp -r "$T/all" "$T/c"
for f in "${html[@]:0:300}"; do rm "$T/c/$f"; done
mkdir "$T/other"
(cd "$T/all" && cp --parents "${html[@]:0:20}" "$T/other/") || fail "cannot copy a few files"

"$CABLES" index --quiet --db "$T/db" "$T/c" || fail "first index failed"
n1=$("$CABLES" count --db "$T/db" "$ALL") || fail "count failed"
# Corpus 2, for the incremental run: 300 files more, 30 modified.
cp -r "$T/all" "$T/c2"
for f in "${html[@]:300:30}"; do
    perl -0pi -e 's/E\.O\./numbatx E.O./' "$T/c2/$f" || fail "cannot modify $f"
done
"$CABLES" index --quiet --db "$T/size" "$T/c2" || fail "index of corpus 2 failed"
n2=$("$CABLES" count --db "$T/size" "$ALL") || fail "count failed"
echo "documents: $n1 before, $n2 after"

# The reader: one line per failure in reader.fail, one per round in reader.n.
reader_loop() {
    local rc n out i=0
    while :; do
        i=$((i + 1))
        n=$("$CABLES" count --db "$T/db" "$ALL" 2>"$T/r.err")
        rc=$?
        if [ $rc != 0 ] || ! [ "$n" -ge "$n1" ] 2>/dev/null || ! [ "$n" -le "$n2" ]; then
            echo "count: exit $rc, '$n': $(cat "$T/r.err")" >>"$T/reader.fail"
        fi
        out=$("$CABLES" search --db "$T/db" -n 3 --facet tag:3 "$ALL" 2>"$T/r.err")
        rc=$?
        if [ $rc != 0 ] || [ -z "$out" ]; then
            echo "search: exit $rc: $(cat "$T/r.err")" >>"$T/reader.fail"
        fi
        out=$(CABLES_DB=$T/db "$CGI" "q=year:2009 OR NOT year:2009" 2>"$T/r.err" | head -n 1)
        case $out in
        "Status: 200"*) ;;
        *) echo "cgi: '$out': $(cat "$T/r.err")" >>"$T/reader.fail" ;;
        esac
        echo "$i" >"$T/reader.n.tmp" && mv "$T/reader.n.tmp" "$T/reader.n"  # whole, never half-written
    done
}

# A second writer while the run in pid $1 holds the lock.
second_writer() {
    local pid=$1 what=$2 out rc k stub
    for k in $(seq 200); do
        [ "$(cat "$T/db/lock" 2>/dev/null)" = "$pid" ] && break
        kill -0 "$pid" 2>/dev/null || fail "$what: the writer ended before a second one could start"
        sleep 0.05
    done
    stub=$(cat "$T/db/XAPIANDB")
    out=$("$CABLES" index --full --db "$T/db" "$T/other" 2>&1)
    rc=$?
    [ $rc = 75 ] || fail "$what: second writer exit $rc, not 75: $out"
    [ "$out" = "cables index: index is being updated by another process (pid $pid)" ] ||
        fail "$what: second writer said: $out"
    [ "$(cat "$T/db/XAPIANDB")" = "$stub" ] || fail "$what: the refused writer switched the index"
    [ "$(cat "$T/db/lock")" = "$pid" ] || fail "$what: the refused writer rewrote the lock"
}

# Runs one writer ($@) with the reader looping; checks the reader did work.
with_reader() {
    local what=$1 pid before after
    shift
    before=$(cat "$T/reader.n" 2>/dev/null || echo 0)
    "$CABLES" index --quiet --db "$T/db" "$@" &
    pid=$!
    second_writer "$pid" "$what"
    wait "$pid" || fail "$what failed"
    sleep 0.3
    after=$(cat "$T/reader.n" 2>/dev/null || echo 0)
    [ "$after" -gt $((before + 2)) ] || fail "$what: the reader made only $((after - before)) rounds"
    [ -e "$T/reader.fail" ] && fail "$what: a reader failed: $(head -n 5 "$T/reader.fail")"
    echo "$what: reader rounds $((after - before)), no failure"
}

reader_loop &
reader=$!
with_reader "full rebuild" --full "$T/c"
rm -rf "$T/c"
mv "$T/c2" "$T/c"
with_reader "incremental run" "$T/c"
touch -d '2031-01-01' "$T/c/${html[400]}"
with_reader "compaction" --compact "$T/c"
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
"$CABLES" index --quiet --db "$T/want" "$T/c" || fail "clean build of corpus 2 failed"
"$DUMP" --with-source "$T/want" >"$T/want.dump" || fail "dump failed"
"$DUMP" --with-source "$T/db" | cmp -s - "$T/want.dump" ||
    fail "after the runs the index differs from a clean build"
[ "$(cd "$T/db" && ls -d gen-* build-* 2>/dev/null | wc -l)" = 1 ] ||
    fail "old generations left: $(ls "$T/db")"
echo "ok"
exit 0
