# `cables index` end to end on a generated corpus: counts, a sound
# database, the same index from gzip-compressed files and from standard
# input, bad inputs rejected beside good ones, --dry-run, usage errors.
# Usage: bash test_index_e2e.sh BUILD_DIR SRC_DIR
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
DUMP=$B/cables-dump
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" --seed 3 --count 300 --out "$T/g" >/dev/null 2>&1 || fail "cables-gen failed"
n=$(grep -vc '^#' "$T/g/manifest.tsv")
[ "$n" = 300 ] || fail "manifest lists $n cables"

# A dry run on no index lists every cable and creates nothing.
dry=$("$CABLES" index --dry-run --db "$T/db" "$T/g/cables" 2>/dev/null)
[ "$(grep -c '^add ' <<<"$dry")" = 300 ] || fail "dry run listed $(grep -c '^add ' <<<"$dry") adds"
[ -e "$T/db" ] && fail "dry run created the index"

out=$("$CABLES" index --db "$T/db" "$T/g/cables" 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || fail "index exit $rc"
case $(tail -n 1 <<<"$out") in
"cables index: 300 added, 0 changed, 0 removed, 0 unchanged, 0 rejected in "*" s ("*" cables/s, "*" MB/s)"*) ;;
*) fail "summary: $(tail -n 1 <<<"$out")" ;;
esac
gen=$(sed -n '1s/^glass //p' "$T/db/XAPIANDB")
[ -n "$gen" ] && [ -d "$T/db/$gen" ] || fail "no live generation in XAPIANDB"
xapian-check "$T/db/$gen" >/dev/null || fail "xapian-check failed"
[ "$(xapian-delve "$T/db" | sed -n 's/^number of documents = //p')" = 300 ] ||
    fail "xapian-delve does not see 300 documents"
xapian-delve -a -1 "$T/db" | grep -q '^Q' || fail "xapian-delve lists no ID terms"
# Every ID of the manifest is indexed.
cut -f1 "$T/g/manifest.tsv" | grep -v '^#' | sort >"$T/ids.want"
xapian-delve -a -1 "$T/db" | sed -n 's/^Q//p' | sort >"$T/ids.got"
cmp -s "$T/ids.want" "$T/ids.got" || fail "indexed IDs differ from the manifest"

# --quiet prints nothing on success.
out=$("$CABLES" index --quiet --db "$T/db" "$T/g/cables" 2>&1)
[ -z "$out" ] || fail "--quiet printed: $out"

# The same cables gzip-compressed one file each give the same index.
(cd "$T/g/cables" && find . -type f) | while read -r f; do
    mkdir -p "$(dirname "$T/gz/$f")"
    case $f in
    *.gz) cp "$T/g/cables/$f" "$T/gz/$f" ;;
    *) gzip -c "$T/g/cables/$f" >"$T/gz/$f.gz" ;;
    esac
done
"$CABLES" index --quiet --db "$T/dbgz" "$T/gz" || fail "index of gzip files failed"
"$DUMP" "$T/db" >"$T/plain.dump"
"$DUMP" "$T/dbgz" >"$T/gz.dump"
cmp -s "$T/plain.dump" "$T/gz.dump" || { diff "$T/plain.dump" "$T/gz.dump" | head; fail "gzip index differs"; }

# ...and so do cables piped on standard input, plain or compressed.
mapfile -t some < <(cd "$T/g/cables" && find . -name '*.html' | sort | head -8)
for f in "${some[@]}"; do
    "$CABLES" index --quiet --db "$T/dbfiles" "$T/g/cables/$f" || fail "index of $f failed"
    case $f in
    *3*) gzip -c "$T/g/cables/$f" | "$CABLES" index --quiet --db "$T/dbstdin" - ;;
    *) "$CABLES" index --quiet --db "$T/dbstdin" - <"$T/g/cables/$f" ;;
    esac || fail "index of $f on standard input failed"
done
"$DUMP" "$T/dbfiles" >"$T/files.dump"
"$DUMP" "$T/dbstdin" >"$T/stdin.dump"
[ -s "$T/files.dump" ] || fail "empty dump"
cmp -s "$T/files.dump" "$T/stdin.dump" || { diff "$T/files.dump" "$T/stdin.dump" | head; fail "standard input index differs"; }
"$DUMP" --with-source "$T/dbstdin" | grep -q '^  XS-' || fail "standard input source is not '-'"

# Bad inputs beside good ones: each reported with its path, the rest indexed.
mkdir -p "$T/bad"
head -c 4000 /dev/urandom >"$T/bad/binary.html"
: >"$T/bad/empty.txt"
first=$(cd "$T/g/cables" && find . -name '*.html' | sort | head -1)
# Cut before the reference ID (a page cut later still holds a cable).
head -c 600 "$T/g/cables/$first" >"$T/bad/truncated.html"
printf '"1","12/1/2009 4:47","09ASTANA2101","Embassy Astana","SECRET","","header","body never ends\n' \
    >"$T/bad/broken.csv"
cp "$T/g/cables/$first" "$T/bad/good.html"
out=$("$CABLES" index --db "$T/dbbad" "$T/bad" 2>&1)
rc=$?
echo "$out"
[ $rc = 1 ] || fail "bad inputs: exit $rc, not 1"
for f in binary.html empty.txt truncated.html broken.csv; do
    grep -q "^cables index: .*$f" <<<"$out" || fail "$f not reported"
done
case $(tail -n 1 <<<"$out") in
"cables index: 1 added, 0 changed, 0 removed, 0 unchanged, 4 rejected in "*) ;;
*) fail "bad inputs summary: $(tail -n 1 <<<"$out")" ;;
esac
[ "$(xapian-delve "$T/dbbad" | sed -n 's/^number of documents = //p')" = 1 ] ||
    fail "the good file was not indexed"

# A missing SOURCE is rejected; usage errors exit 2 and change nothing.
out=$("$CABLES" index --db "$T/db" "$T/nothing-here" 2>&1)
[ $? = 1 ] || fail "missing source: not exit 1"
grep -q "nothing-here" <<<"$out" || fail "missing source not named: $out"
"$CABLES" index --db "$T/db" --jobs 0 "$T/g" 2>/dev/null
[ $? = 2 ] || fail "--jobs 0 is not a usage error"
"$CABLES" index --db "$T/db" --bogus "$T/g" 2>/dev/null
[ $? = 2 ] || fail "unknown option is not a usage error"
"$CABLES" index --db "$T/db" 2>/dev/null
[ $? = 2 ] || fail "no source is not a usage error"
"$DUMP" "$T/db" | cmp -s - "$T/plain.dump" || fail "usage errors changed the index"

# Shards and jobs give the same documents.
"$CABLES" index --quiet --shards 3 --jobs 2 --db "$T/dbsh" "$T/g/cables" || fail "sharded index failed"
[ "$(grep -c '^glass gen-[0-9]*/shard-' "$T/dbsh/XAPIANDB")" = 3 ] || fail "stub does not list 3 shards"
"$DUMP" "$T/dbsh" | cmp -s - "$T/plain.dump" || fail "sharded index differs"
"$CABLES" index --quiet --db "$T/dbsh" "$T/g/cables" || fail "incremental sharded run failed"
"$DUMP" "$T/dbsh" | cmp -s - "$T/plain.dump" || fail "sharded index differs after a second run"

# --compact alone switches to a new generation.
out=$("$CABLES" index --compact --db "$T/db" 2>&1) || fail "--compact failed: $out"
grep -q "compacted" <<<"$out" || fail "--compact did not report sizes: $out"
gen2=$(sed -n '1s/^glass //p' "$T/db/XAPIANDB")
[ "$gen2" != "$gen" ] && [ ! -e "$T/db/$gen" ] || fail "--compact did not switch generations"
"$DUMP" "$T/db" | cmp -s - "$T/plain.dump" || fail "compaction changed the index"
echo ok
exit 0
