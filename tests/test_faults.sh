# Disk full and I/O errors during `cables index`: every injected failure of
# a write, sync, rename or open-for-writing is fatal (exit 2, a message
# naming the error) and the index stays at a committed state: the live
# generation checks, a failed rebuild changes nothing, and a failed
# incremental run leaves whole batches that a clean rerun completes to the
# same content as a full build.  Last, a real 2 MB tmpfs fills up during a
# rebuild (skipped where mounting is not permitted).
# Usage: bash test_faults.sh BUILD_DIR SRC_DIR
# FAULT_POINTS (default 4) sets the injection points per syscall and run.
set -u
B=$1
CABLES=$B/cables
GEN=$B/cables-gen
DUMP=$B/cables-dump
POINTS=${FAULT_POINTS:-4}
KINDS="write pwrite64 fsync fdatasync rename renameat renameat2 openat"

for tool in strace xapian-check; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skip: $tool not installed"; exit 77; }
done
strace -f -qq -o /dev/null true 2>/dev/null || { echo "skip: strace cannot trace here"; exit 77; }

T=$(mktemp -d)
MNT=
cleanup() {
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Failures of injected runs are collected, so one run shows them all.
failures=0
bad() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

live_gen() { sed -n '1s/^glass //p' "$1/XAPIANDB"; }
check_live() {
    local g
    g=$(live_gen "$1")
    [ -n "$g" ] || { echo "no live generation in $1/XAPIANDB"; return 1; }
    xapian-check "$1/$g" >/dev/null 2>&1 || { echo "xapian-check failed on $g"; return 1; }
    "$CABLES" count --db "$1" 'year:2009 OR NOT year:2009' >/dev/null 2>&1 ||
        { echo "the index does not answer a query"; return 1; }
}

"$GEN" --seed 21 --count 300 --out "$T/all" >/dev/null 2>&1 || fail "cables-gen failed"
# The committed state A: all but 40 files.  The new corpus adds them back,
# modifies 10 and deletes 5.
cp -r "$T/all" "$T/c"
mapfile -t files < <(cd "$T/c" && find cables -type f -name '*.html' | sort)
[ "${#files[@]}" -ge 100 ] || fail "too few html files: ${#files[@]}"
for f in "${files[@]:0:40}"; do rm "$T/c/$f"; done
"$CABLES" index --quiet --db "$T/a" "$T/c" || fail "first index failed"
"$DUMP" --with-source "$T/a" >"$T/a.dump" || fail "dump failed"
for f in "${files[@]:0:40}"; do cp "$T/all/$f" "$T/c/$f"; done
for f in "${files[@]:40:10}"; do
    perl -0pi -e 's/E\.O\./quokkax E.O./' "$T/c/$f" || fail "cannot modify $f"
done
for f in "${files[@]:50:5}"; do rm "$T/c/$f"; done
"$CABLES" index --quiet --db "$T/want" "$T/c" || fail "index of the new corpus failed"
"$DUMP" --with-source "$T/want" >"$T/want.dump" || fail "dump failed"

# The syscalls of an uninjected run, numbered per kind.  strace numbers the
# calls of each thread apart, so these runs use --jobs 1 (no threads) and
# the numbering is the whole run's; the tmpfs part below fills a real disk
# under the default threads.
count_calls() {  # mode -> $T/calls.MODE.KIND: the numbers worth injecting
    local mode=$1 args log=$T/trace.$1
    rm -rf "$T/db"
    cp -a "$T/a" "$T/db"
    args=(--quiet --jobs 1 --db "$T/db" "$T/c")
    [ "$mode" = full ] && args=(--full "${args[@]}")
    strace -f -qq -o "$log" -e trace="${KINDS// /,}" "$CABLES" index "${args[@]}" ||
        fail "uninjected $mode run failed"
    for k in $KINDS; do
        if [ "$k" = openat ]; then
            grep -E "^[0-9]+ +openat\(" "$log" | grep -n '' |
                grep -E 'O_WRONLY|O_RDWR|O_CREAT' | cut -d: -f1
        else
            grep -cE "^[0-9]+ +$k\(" "$log" | { read -r n; seq 1 "$n"; }
        fi >"$T/all.$mode.$k"
        # POINTS numbers spread over the list, the first and the last among them.
        awk -v p="$POINTS" '{ v[NR] = $0 } END {
            if (NR == 0) exit; if (NR <= p) { for (i = 1; i <= NR; i++) print v[i]; exit }
            for (i = 0; i < p; i++) print v[1 + int(i * (NR - 1) / (p - 1))] }' \
            "$T/all.$mode.$k" | sort -un >"$T/calls.$mode.$k"
    done
}

# One injected run: ERR at call N of KIND.
inject() {
    local mode=$1 kind=$2 n=$3 err=$4 rc msg what hit args
    what="$mode run, $err on $kind #$n"
    rm -rf "$T/db"
    cp -a "$T/a" "$T/db"
    args=(--quiet --jobs 1 --db "$T/db" "$T/c")
    [ "$mode" = full ] && args=(--full "${args[@]}")
    strace -f -qq -y -o "$T/inj.log" -e trace="$kind" --inject="$kind:error=$err:when=$n" \
        "$CABLES" index "${args[@]}" >"$T/out" 2>&1
    rc=$?
    hit=$(grep 'INJECTED' "$T/inj.log" | head -n 1)
    [ -n "$hit" ] || { echo "note: $what: the run made fewer calls, nothing injected"; return 0; }
    msg=$(grep -v '^cables index: .*rejected' "$T/out" | tail -n 1)
    if [ $rc = 0 ]; then
        case $kind:$hit in
        fdatasync:*/gen-*|fsync:*/gen-*)
            # Xapian's compaction does not check this sync, but the indexer
            # syncs every file of the new generation again before the
            # switch, and that sync succeeded: the data is on disk.
            ;;
        *) bad "$what: exit 0, the error was ignored: $hit"; return ;;
        esac
    else
        [ $rc = 2 ] || { bad "$what: exit $rc, not 2: $msg"; return; }
        local text="No space left on device"
        [ "$err" = EIO ] && text="Input/output error"
        case $msg in
        "cables index: "*"$text"*) ;;
        "cables index: cannot open '"*"' for writing: "*"Failed to create iamglass file"*)
            # Xapian gives no cause for this one; the message names the path.
            ;;
        *) bad "$what: message does not name the error: $msg"; return ;;
        esac
    fi
    check_live "$T/db" >"$T/why" || { bad "$what: $(cat "$T/why")"; return; }
    "$DUMP" --with-source "$T/db" >"$T/got.dump" || { bad "$what: dump failed"; return; }
    if [ $rc = 0 ]; then
        cmp -s "$T/got.dump" "$T/want.dump" ||
            { bad "$what: exit 0 but the index is not the new corpus"; return; }
        return 0
    fi
    # A failed sync of the directory after the rename: the new generation
    # is already named by the stub, a committed state too.
    case $kind:$hit in
    fsync:*"<$T/db>"*) cmp -s "$T/got.dump" "$T/want.dump" && return 0 ;;
    esac
    if [ "$mode" = full ] || ! cmp -s "$T/got.dump" "$T/a.dump"; then
        if [ "$mode" = full ] && ! cmp -s "$T/got.dump" "$T/a.dump"; then
            bad "$what: a failed rebuild changed the index"
            return
        fi
        # Whole batches only: a clean rerun finishes the work.
        "$CABLES" index --quiet --db "$T/db" "$T/c" || { bad "$what: rerun failed"; return; }
        "$DUMP" --with-source "$T/db" | cmp -s - "$T/want.dump" ||
            { bad "$what: after a rerun the index differs from a full build"; return; }
    fi
    return 0
}

runs=0
for mode in full incremental; do
    count_calls "$mode"
    i=0
    for kind in $KINDS; do
        while read -r n; do
            err=ENOSPC
            [ $((i % 2)) = 1 ] && err=EIO
            i=$((i + 1))
            inject "$mode" "$kind" "$n" "$err"
            runs=$((runs + 1))
        done <"$T/calls.$mode.$kind"
    done
done
echo "injected runs: $runs, failed: $failures"
[ "$failures" = 0 ] || exit 1

# A real small file system that fills up during a rebuild.
MNT=$T/mnt
mkdir "$MNT"
if ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
    MNT=
    echo "note: cannot mount a tmpfs here; the real disk-full part is skipped"
else
    mapfile -t few < <(cd "$T/c" && find cables -type f -name '*.html' | sort | head -n 15)
    mkdir "$T/few"
    (cd "$T/c" && cp --parents "${few[@]}" "$T/few/") || fail "cannot copy a few files"
    "$CABLES" index --quiet --db "$MNT/db" "$T/few" || fail "small index on the tmpfs failed"
    "$DUMP" --with-source "$MNT/db" >"$T/few.dump" || fail "dump failed"
    for mode in full incremental; do
        args=(--db "$MNT/db" "$T/c")
        [ "$mode" = full ] && args=(--full "${args[@]}")
        "$CABLES" index --quiet "${args[@]}" >"$T/out" 2>&1
        rc=$?
        [ $rc = 2 ] || fail "tmpfs $mode: exit $rc, not 2: $(cat "$T/out")"
        grep -q 'No space left on device' "$T/out" ||
            fail "tmpfs $mode: message does not say the disk is full: $(cat "$T/out")"
        check_live "$MNT/db" >"$T/why" || fail "tmpfs $mode: $(cat "$T/why")"
        "$DUMP" --with-source "$MNT/db" >"$T/got.dump" || fail "tmpfs $mode: dump failed"
        if [ "$mode" = full ]; then
            cmp -s "$T/got.dump" "$T/few.dump" || fail "tmpfs: a failed rebuild changed the index"
            left=$(cd "$MNT/db" && ls -d build-* gen-* 2>/dev/null | grep -vx "$(live_gen "$MNT/db")")
            [ -z "$left" ] || echo "note: tmpfs full: leftovers kept until the next run: $left"
        else
            echo "tmpfs incremental: $(cat "$T/out" | tail -n 1)"
            rm -rf "$T/moved"
            cp -a "$MNT/db" "$T/moved"
            "$CABLES" index --quiet --db "$T/moved" "$T/c" || fail "tmpfs: rerun elsewhere failed"
            "$DUMP" --with-source "$T/moved" | cmp -s - "$T/want.dump" ||
                fail "tmpfs: after a rerun the index differs from a full build"
        fi
    done
fi
echo "ok"
exit 0
