# `cables index` against hostile inputs: binary data, a 100 MB line, an
# unterminated CSV quote, a gzip bomb, deep and wide HTML, a NUL in the
# first KB, invalid UTF-8, a 1 MB REF line, 10,000 tags, a directory
# symlink loop, a FIFO without a writer and a dangling symlink.  Each bad
# input is rejected with a message naming it and its problem, memory stays
# bounded (max RSS under 1 GB per run, measured with /usr/bin/time), the
# run exits 1, and the good cables beside them are all indexed.
# Usage: bash test_hostile_index.sh BUILD_DIR SRC_DIR
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
MAX_RSS_KB=$((1024 * 1024))
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time is missing" >&2; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" --seed 11 --count 20 --out "$T/g" >/dev/null 2>&1 || fail "cables-gen failed"
S=$T/src
cp -r "$T/g/cables" "$S"
good=$(grep -vc '^#' "$T/g/manifest.tsv")

telegram() { # ID-number: the start of a bare telegram from Tehran
    printf 'R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\nUNCLAS TEHRAN %s\n\n' "$1"
}

# Binary data, with a NUL early.
{ printf '\177ELF\002\001\001\000'; head -c 8192 /dev/urandom; } >"$S/binary.html"
# A 100 MB single line after a valid start.
{ telegram 08981; printf '1. '; head -c $((100 << 20)) /dev/zero | tr '\0' 'a'; echo; } >"$S/oneline.txt"
# A CSV whose last field never closes its quote.
printf '"1","12/1/2009 4:47","09ASTANA2101","Embassy Astana","UNCLASSIFIED","","VZCZC","UNCLAS text never closed\n' \
    >"$S/unterminated.csv"
# A gzip bomb: a telegram start, then 10 GB of spaces as 10,240 gzip
# members of 1 MB each (the file is about 10 MB).
python3 - "$S/bomb.txt.gz" <<'PY' || fail "cannot write the gzip bomb"
import gzip, sys
with open(sys.argv[1], "wb") as f:
    f.write(gzip.compress(b"R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\n"
                          b"UNCLAS TEHRAN 08982\n\n1. ", mtime=0))
    member = gzip.compress(b" " * (1 << 20), compresslevel=9, mtime=0)
    for _ in range(10240):
        f.write(member)
PY
# 200,000 nested elements, and 10,000 elements side by side, no cable in them.
python3 -c "print('<html><body>' + '<div>' * 200000 + 'x' + '</div>' * 200000 + '</body></html>')" \
    >"$S/nested.html"
python3 -c "print('<html><body>' + '<b>x</b>' * 10000 + '</body></html>')" >"$S/wide.html"
# A NUL within the first KB of otherwise good text.
{ telegram 08985; printf '1. a\000b\n'; } >"$S/nul.txt"
# Invalid UTF-8 (a stray continuation byte, an overlong form, a surrogate):
# repaired to U+FFFD and indexed.
{ telegram 08980; printf 'SUBJECT: \377\376\300\257 BAD\n\n1. \355\240\200 text\n'; } >"$S/badutf8.txt"
# A 1 MB REF line: the first CAB_MAX_REFS citations are kept.
{ telegram 08984; printf 'SUBJECT: REFS\n\nREF: ';
  python3 -c "import sys; sys.stdout.write(' '.join('STATE %d' % (1000 + i) for i in range(80000)))"
  printf '\n\n1. text\n'; } >"$S/bigref.txt"
# 10,000 distinct tags: the first CAB_MAX_TAGS are kept.
python3 -c "
import itertools, string
tags = ['K' + ''.join(p) for p in itertools.islice(itertools.product(string.ascii_uppercase, repeat=3), 10000)]
print('R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\nUNCLAS TEHRAN 08983\n\nTAGS: ' + ' '.join(tags) + '\nSUBJECT: MANY TAGS\n\n1. text')" \
    >"$S/manytags.txt"
# A directory symlink loop, a FIFO nobody writes and a dangling symlink.
mkdir -p "$S/loop/a" && ln -s .. "$S/loop/a/up"
mkfifo "$S/fifo.txt"
ln -s "$T/nowhere.html" "$S/dangling.html"

# run NAME ARGS...: index into a fresh database with a time limit, keep
# stdout+stderr in $T/NAME.out, the exit status in $rc, max RSS in $rss.
run() {
    local name=$1
    shift
    rm -rf "$T/db"
    timeout 300 /usr/bin/time -f 'maxrss %M' -o "$T/$name.time" \
        "$CABLES" index --db "$T/db" "$@" >"$T/$name.out" 2>&1
    rc=$?
    rss=$(sed -n 's/^maxrss //p' "$T/$name.time")
    [ $rc = 124 ] && fail "$name: index did not finish in 300 s"
    [ -n "$rss" ] || fail "$name: no RSS measured"
    [ "$rss" -lt $MAX_RSS_KB ] || fail "$name: max RSS $rss KB"
    echo "$name: exit $rc, max RSS $rss KB"
}

# expect_rejected FILE PATTERN: alone, FILE is rejected with a message
# naming it and matching PATTERN, and the run exits 1.
expect_rejected() {
    local f=$1 pattern=$2
    run "$f" "$S/$f"
    [ $rc = 1 ] || fail "$f: exit $rc, not 1: $(cat "$T/$f.out")"
    grep -q "'$S/$f': .*$pattern\|'$S/$f'.*$pattern" "$T/$f.out" ||
        fail "$f: no message naming it with '$pattern': $(cat "$T/$f.out")"
    grep -q ' 0 added, .* 1 rejected' "$T/$f.out" || fail "$f: summary: $(tail -n 2 "$T/$f.out")"
}
expect_rejected binary.html 'binary'
expect_rejected oneline.txt 'larger than'
expect_rejected unterminated.csv 'unterminated quote'
expect_rejected bomb.txt.gz 'bomb'
expect_rejected nested.html 'no reference id'
expect_rejected wide.html 'no reference id'
expect_rejected nul.txt 'binary'
expect_rejected fifo.txt 'empty'
expect_rejected dangling.html 'No such file'

# The symlink loop ends at the walk's depth limit, named.
run loop "$S/loop"
[ $rc = 1 ] || fail "loop: exit $rc"
grep -q "'$S/loop/a/up/a/up.*': directories nested too deep" "$T/loop.out" ||
    fail "loop: $(cat "$T/loop.out")"

# Kept with repairs or truncation at the documented limits.
show_json() { "$CABLES" show --db "$T/db" --format json "$1"; }
run badutf8 "$S/badutf8.txt"
[ $rc = 0 ] || fail "badutf8: exit $rc: $(cat "$T/badutf8.out")"
fffd=$(printf '\357\277\275')
show_json 79TEHRAN8980 | grep -q "\"subject\": *\"$fffd$fffd$fffd$fffd BAD\"" ||
    fail "invalid UTF-8 not repaired to U+FFFD: $(show_json 79TEHRAN8980)"
run bigref "$S/bigref.txt"
[ $rc = 0 ] || fail "bigref: exit $rc: $(cat "$T/bigref.out")"
n=$(show_json 79TEHRAN8984 | python3 -c 'import json, sys; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; print(len(d["references"]))')
[ "$n" = 256 ] || fail "1 MB REF line gave $n references, not CAB_MAX_REFS (256)"
run manytags "$S/manytags.txt"
[ $rc = 0 ] || fail "manytags: exit $rc: $(cat "$T/manytags.out")"
n=$(show_json 79TEHRAN8983 | python3 -c 'import json, sys; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; print(len(d["tags"]))')
[ "$n" = 64 ] || fail "10,000 tags gave $n tags, not CAB_MAX_TAGS (64)"

# Everything together: every bad input named, every good cable indexed.
run all "$S"
[ $rc = 1 ] || fail "all: exit $rc"
for f in binary.html oneline.txt unterminated.csv bomb.txt.gz nested.html wide.html nul.txt \
         fifo.txt dangling.html; do
    grep -q "'$S/$f'" "$T/all.out" || fail "all: $f not named: $(cat "$T/all.out")"
done
want=$((good + 3))
grep -q "cables index: $want added, 0 changed, 0 removed, 0 unchanged, 10 rejected" "$T/all.out" ||
    fail "all: summary: $(grep 'added' "$T/all.out")"
for id in $(grep -v '^#' "$T/g/manifest.tsv" | cut -f1); do
    "$CABLES" count --db "$T/db" "id:$id" >/dev/null || fail "all: good cable $id not indexed"
done
echo "ok: $good good cables indexed beside 13 hostile inputs"
