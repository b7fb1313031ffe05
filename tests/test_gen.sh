#!/usr/bin/env bash
# cables-gen end to end: determinism, counts against the manifest, every
# format present, valid gzip, unique well-formed IDs, option errors, and
# --learn (from a generated corpus, and from the real cables in ../shared
# when they are there).
set -u
build=$1
src=${2:-$(dirname "$0")/..}
shared=${CABLES_SHARED:-$src/../shared}
gen=$build/cables-gen
[ -x "$gen" ] || { echo "cables-gen not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL: $what"; fail=$((fail + 1)); fi
}
tree_hash() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }

"$gen" --seed 7 --count 400 --out "$tmp/a" --quiet
"$gen" --seed 7 --count 400 --out "$tmp/b" --quiet
"$gen" --seed 8 --count 400 --out "$tmp/c" --quiet
check "same seed gives the same bytes" test "$(tree_hash "$tmp/a")" = "$(tree_hash "$tmp/b")"
check "another seed gives other bytes" test "$(tree_hash "$tmp/a")" != "$(tree_hash "$tmp/c")"

m=$tmp/a/manifest.tsv
check "manifest has one row per cable" test "$(grep -vc '^#' "$m")" -eq 400
ids=$(grep -v '^#' "$m" | cut -f1)
check "IDs are unique" test "$(printf '%s\n' "$ids" | sort -u | wc -l)" -eq 400
check "IDs are well formed" test -z "$(printf '%s\n' "$ids" | grep -Ev '^[0-9]{2}[A-Z]+[0-9]+$')"
for f in html text telegram csv; do
    check "format $f appears" test "$(cut -f6 "$m" | grep -cx "$f")" -gt 0
done
files=$(find "$tmp/a/cables" -type f ! -name cables.csv | wc -l)
check "one file per non-CSV cable" test "$files" -eq "$(cut -f6 "$m" | grep -vx csv | grep -vc format)"
rows=$(grep -Ec '^"[0-9]+","[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}","' "$tmp/a/cables/cables.csv")
check "one CSV row per CSV cable" test "$rows" -eq "$(cut -f6 "$m" | grep -cx csv)"
missing=0
while IFS=$'\t' read -r id _ _ _ _ _ path _; do
    [ -f "$tmp/a/$path" ] || missing=$((missing + 1))
done < <(grep -v '^#' "$m")
check "every manifest path exists" test "$missing" -eq 0
gz=$(find "$tmp/a/cables" -name '*.gz')
check "some files are compressed" test -n "$gz"
check "compressed files are valid gzip" gzip -t $gz
check "a page has the cable table" grep -q "<table class='cable'>" $(find "$tmp/a/cables" -name '*.html' | head -1)

"$gen" --seed 3 --count 50 --formats csv --out "$tmp/csv" --quiet
check "--formats csv writes only the CSV" test "$(find "$tmp/csv/cables" -type f | wc -l)" -eq 1
"$gen" --seed 3 --count 50 --formats html --gzip-fraction 1 --out "$tmp/gz" --quiet
check "--gzip-fraction 1 compresses every file" \
    test "$(find "$tmp/gz/cables" -type f -name '*.html.gz' | wc -l)" -eq 50
"$gen" --seed 3 --count 20 --out "$tmp/mf" --manifest "$tmp/other.tsv" --quiet
check "--manifest FILE" test "$(grep -vc '^#' "$tmp/other.tsv")" -eq 20

"$gen" --help >/dev/null;                check "--help exits 0" test $? -eq 0
"$gen" --count 5 2>/dev/null;            check "missing --out exits 2" test $? -eq 2
"$gen" --bogus x --out "$tmp/x" 2>/dev/null; check "unknown option exits 2" test $? -eq 2
"$gen" --count -1 --out "$tmp/x" 2>/dev/null; check "bad count exits 2" test $? -eq 2
"$gen" --formats pdf --out "$tmp/x" 2>/dev/null; check "bad format exits 2" test $? -eq 2
"$gen" --count 5 --out "$tmp/a" 2>/dev/null; check "existing output exits 2" test $? -eq 2
msg=$("$gen" --count 5 --out "$tmp/a" 2>&1)
check "error names the directory" grep -q "already exists" <<<"$msg"
"$gen" --count 5 --out /proc/nope 2>/dev/null; check "unwritable output exits 2" test $? -eq 2

# --learn: a generated corpus plus a few cables about an invented word,
# frequent enough to be learnt but not among the commonest words (those
# are left out).
all_text() { # every cable file under $1, uncompressed
    find "$1" -type f -name '*.gz' -exec gzip -dc {} + ; find "$1" -type f ! -name '*.gz' -exec cat {} +
}
fair_cable() { # reference ID, day of March 2009
    cat > "$tmp/learn/$1.txt" <<EOF
Identifier: $1
Created: 2009-03-$2 10:15:00
Classification: UNCLASSIFIED
Origin: Embassy Valletta
Cable title: ZORBLAXIAN MERCHANTS HOLD SPRING FAIR

UNCLAS VALLETTA 000$2

E.O. 12958: N/A
TAGS: ETRD ECON MT
SUBJECT: ZORBLAXIAN MERCHANTS HOLD SPRING FAIR

1. Zorblaxian merchants opened their spring fair in the old harbour
this week.  Stallholders offered zorblaxian carpets, copper kettles
and zorblaxian honey; the zorblaxian guild counted more visitors
than last year.

2. A zorblaxian guild officer told us freight costs were rising but
that zorblaxian exports to the mainland held steady.  Several
zorblaxian families asked about student visas.

3. Comment: the zorblaxian community is small, close-knit and
prosperous; its zorblaxian traders are well regarded locally.
End comment.
GRAY
EOF
}
"$gen" --seed 3 --count 60 --out "$tmp/learn" --quiet
for day in 02 09 16 23 30; do fair_cable "09VALLETTA1$day" "$day"; done
"$gen" --seed 5 --count 100 --out "$tmp/l1" --learn "$tmp/learn" --quiet
"$gen" --seed 5 --count 100 --out "$tmp/l2" --learn "$tmp/learn" --quiet
"$gen" --seed 5 --count 100 --out "$tmp/l0" --quiet
check "--learn: same seed and corpus give the same bytes" \
    test "$(tree_hash "$tmp/l1")" = "$(tree_hash "$tmp/l2")"
check "--learn changes the output" test "$(tree_hash "$tmp/l1")" != "$(tree_hash "$tmp/l0")"
check "--learn: a learnt word is written" test "$(all_text "$tmp/l1/cables" | grep -ci zorblaxian)" -gt 0
check "without --learn the word is not" test "$(all_text "$tmp/l0/cables" | grep -ci zorblaxian)" -eq 0
msg=$("$gen" --seed 5 --count 5 --out "$tmp/l3" --learn "$tmp/learn" 2>&1)
check "--learn summary counts the cables" grep -q "learnt [0-9]* words from 65 cables" <<<"$msg"

mkdir "$tmp/empty"
msg=$("$gen" --count 5 --out "$tmp/le" --learn "$tmp/empty" 2>&1)
check "--learn on an empty directory exits 2" test $? -eq 2
check "its error names the directory" grep -q "no cables found under '$tmp/empty'" <<<"$msg"
msg=$("$gen" --count 5 --out "$tmp/lm" --learn "$tmp/nowhere" 2>&1)
check "--learn on a missing directory exits 2" test $? -eq 2
check "its error names the directory" grep -q "'$tmp/nowhere'" <<<"$msg"
check "a failed --learn writes nothing" test ! -e "$tmp/le" -a ! -e "$tmp/lm"

real=$shared/corpus/cablegate-html
if [ -d "$real" ]; then
    msg=$("$gen" --seed 2 --count 50 --out "$tmp/lr" --learn "$real" 2>&1)
    check "--learn from the real cables" test $? -eq 0
    check "real cables: words learnt" grep -Eq "learnt [1-9][0-9]* words from [1-9][0-9]* cables" <<<"$msg"
    check "real cables: 50 cables written" test "$(grep -vc '^#' "$tmp/lr/manifest.tsv")" -eq 50
else
    echo "note: no shared corpus at $real; real-cable --learn skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
