# `cables index` on the 1295 real cables of the shared corpus: all added,
# none rejected, a sound database; the same cables gzip-compressed give the
# same index.  Skipped (77) when the shared corpus is absent.
# Usage: bash test_index_shared.sh BUILD_DIR SRC_DIR
set -u
B=$1
SHARED=${CABLES_SHARED:-$2/../shared}
SRC=$SHARED/corpus/cablegate-html
[ -d "$SRC" ] || { echo "skipped: no $SRC"; exit 77; }
CABLES=$B/cables
DUMP=$B/cables-dump
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$CABLES" index --db "$T/db" "$SRC" 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || fail "exit $rc"
case $(tail -n 1 <<<"$out") in
"cables index: 1295 added, 0 changed, 0 removed, 0 unchanged, 0 rejected in "*) ;;
*) fail "summary: $(tail -n 1 <<<"$out")" ;;
esac
gen=$(sed -n '1s/^glass //p' "$T/db/XAPIANDB")
xapian-check "$T/db/$gen" >/dev/null || fail "xapian-check failed"

(cd "$SRC" && find . -name '*.html') | while read -r f; do
    mkdir -p "$(dirname "$T/gz/$f")"
    gzip -c "$SRC/$f" >"$T/gz/$f.gz"
done
"$CABLES" index --quiet --db "$T/dbgz" "$T/gz" || fail "gzip index failed"
"$DUMP" "$T/db" >"$T/a.dump"
"$DUMP" "$T/dbgz" >"$T/b.dump"
cmp -s "$T/a.dump" "$T/b.dump" || fail "gzip index differs"

# A second run reads nothing and changes nothing.
case $("$CABLES" index --db "$T/db" "$SRC" 2>&1 | tail -n 1) in
"cables index: 0 added, 0 changed, 0 removed, 1295 unchanged, 0 rejected in "*) ;;
*) fail "second run changed something" ;;
esac
echo ok
exit 0
