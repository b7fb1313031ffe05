#!/usr/bin/env bash
# The search page under load: wrk (4 connections, 30 s, a rotation of
# search, drill-down, paging, cable and JSON URLs) against `cables serve`
# on 127.0.0.1.  By default on its own 500-cable index while
# `cables index --full` rebuilds that index in a loop; with --no-reindex
# nothing else runs, and --db DIR serves an existing index (which is never
# rebuilt, so it needs --no-reindex).  Prints a Markdown section for
# bench/RESULTS.md: requests per second, latency percentiles and the
# count of non-2xx answers (which must be 0).
# Usage: bench/cgi_load.sh [--no-reindex] [--db DIR] [-c CONNECTIONS]
#                          [BUILD_DIR] [SECONDS]
set -eu

reindex=1
db=
conns=4
args="$*"
while [ $# -gt 0 ]; do
    case $1 in
        --no-reindex) reindex=0 ;;
        --db) db=$(cd "$2" && pwd); shift ;;
        -c) conns=$2; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "cgi_load: unknown option '$1'" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
if [ -n "$db" ] && [ $reindex -eq 1 ]; then
    echo "cgi_load: --db needs --no-reindex (only its own index is rebuilt)" >&2
    exit 2
fi
BUILD=$(cd "${1:-build}" && pwd)
SECS=${2:-30}
CABLES=$BUILD/cables
command -v wrk >/dev/null || { echo "cgi_load: wrk is not installed" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER=
INDEXER=
# Keeps the script's own exit status: the stopped server's status (wait
# returns it) must not become ours under set -e.
cleanup() {
    local rc=$?
    if [ -n "$INDEXER" ]; then
        kill "$INDEXER" 2>/dev/null || true
        wait "$INDEXER" 2>/dev/null || true
    fi
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT

if [ -z "$db" ]; then
    "$BUILD/cables-gen" --seed 1 --count 500 --out "$TMP/gen" >/dev/null 2>&1
    "$CABLES" index --quiet --db "$TMP/db" "$TMP/gen/cables" >/dev/null 2>&1
    db=$TMP/db
fi
ncables=$("$CABLES" stats --db "$db" 2>/dev/null | sed -n "s/^documents *\([0-9]*\).*/\1/p")
id=$("$CABLES" search --db "$db" --format ids -n 1 shelter)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CABLES" serve --db "$db" --port "$port" >"$TMP/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done

cat >"$TMP/urls.lua" <<EOF
local paths = {
    "/?q=shelter",
    "/?q=shelter&f=tag%3APGOV",
    "/?q=human+trafficking&page=2",
    "/?q=embassy&sort=newest&from=2005&to=2009",
    "/?id=$id",
    "/?q=minister&format=json",
}
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
EOF

if [ $reindex -eq 1 ]; then
    # Rebuild the index over and over while wrk runs.
    (
        n=0
        child=
        trap '[ -n "$child" ] && kill "$child"; exit 0' TERM
        while :; do
            "$CABLES" index --quiet --full --db "$db" "$TMP/gen/cables" >/dev/null 2>&1 &
            child=$!
            wait "$child" || true
            n=$((n + 1))
            echo "$n" >"$TMP/reindexes"
        done
    ) &
    INDEXER=$!
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cmd="wrk -t 2 -c $conns -d ${SECS}s --latency -s urls.lua http://127.0.0.1:$port/"
wrk -t 2 -c "$conns" -d "${SECS}s" --latency -s "$TMP/urls.lua" "http://127.0.0.1:$port/" >"$TMP/wrk.out"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "$INDEXER" ]; then
    kill "$INDEXER" 2>/dev/null || true
    wait "$INDEXER" 2>/dev/null || true
    INDEXER=
fi

non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$TMP/wrk.out")
errors=$(sed -n 's/.*Socket errors: *\(.*\)/\1/p' "$TMP/wrk.out")
rps=$(sed -n 's/^Requests\/sec: *//p' "$TMP/wrk.out")
total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$TMP/wrk.out")
# a latency percentile in ms whatever unit wrk chose (us, ms, s, m)
pct() {
    sed -n "s/^ *$1% *//p" "$TMP/wrk.out" | awk '{
        v = $1 + 0; u = $1; sub(/^[0-9.]+/, "", u)
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
        printf "%.2fms", v }'
}

if [ $reindex -eq 1 ]; then
    title="Search page under load while reindexing"
    what="a generated corpus of 500 cables"
    extra=", while \`cables index --full\` rebuilds the same
database in a loop ($(cat "$TMP/reindexes" 2>/dev/null || echo 0) rebuilds during the run)"
else
    title="Search page, nothing else running"
    what="the index \`$db\` (${ncables:-?} cables)"
    [ "$db" = "$TMP/db" ] && what="a generated corpus of 500 cables"
    extra=", no reindexing"
fi

cat <<EOF
## $title (\`bench/cgi_load.sh\`)

\`cables serve\` (lighttpd, mod_cgi, one cables.cgi process per request) on
127.0.0.1 over $what; wrk rotates through six
URLs (search, drill-down, page 2, date range with sort, a cable view,
JSON), gzip accepted$extra.
$(nproc) CPUs, shared with other work; load average before $load_before, after $load_after.

\`\`\`
bench/cgi_load.sh $args
  (runs: $cmd)
\`\`\`

| requests | req/s | p50 | p75 | p90 | p99 | non-2xx | socket errors |
|---|---|---|---|---|---|---|---|
| $total | $rps | $(pct 50) | $(pct 75) | $(pct 90) | $(pct 99) | ${non2xx:-0} | ${errors:-none} |
EOF
