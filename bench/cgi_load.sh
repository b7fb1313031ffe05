#!/usr/bin/env bash
# The search page under load while the index is rebuilt under it: wrk
# (4 connections, 30 s, a rotation of search, drill-down, paging, cable
# and JSON URLs) against `cables serve` on 127.0.0.1, while
# `cables index --full` rebuilds the same database in a loop.  Prints a
# Markdown section for bench/RESULTS.md: requests per second, latency
# percentiles and the count of non-2xx answers (which must be 0).
# Usage: bench/cgi_load.sh [BUILD_DIR] [SECONDS]
set -eu

BUILD=$(cd "${1:-build}" && pwd)
SECS=${2:-30}
CABLES=$BUILD/cables
command -v wrk >/dev/null || { echo "cgi_load: wrk is not installed" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER=
INDEXER=
cleanup() {
    [ -n "$INDEXER" ] && { kill "$INDEXER"; wait "$INDEXER"; } 2>/dev/null
    [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER"; } 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

"$BUILD/cables-gen" --seed 1 --count 500 --out "$TMP/gen" >/dev/null 2>&1
"$CABLES" index --quiet --db "$TMP/db" "$TMP/gen/cables" >/dev/null 2>&1
id=$("$CABLES" search --db "$TMP/db" --format ids -n 1 shelter)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CABLES" serve --db "$TMP/db" --port "$port" >"$TMP/serve.log" 2>&1 &
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

# Rebuild the index over and over while wrk runs.
(
    n=0
    child=
    trap '[ -n "$child" ] && kill "$child"; exit 0' TERM
    while :; do
        "$CABLES" index --quiet --full --db "$TMP/db" "$TMP/gen/cables" >/dev/null 2>&1 &
        child=$!
        wait "$child" || true
        n=$((n + 1))
        echo "$n" >"$TMP/reindexes"
    done
) &
INDEXER=$!

cmd="wrk -t 2 -c 4 -d ${SECS}s --latency -s urls.lua http://127.0.0.1:$port/"
wrk -t 2 -c 4 -d "${SECS}s" --latency -s "$TMP/urls.lua" "http://127.0.0.1:$port/" >"$TMP/wrk.out"
kill "$INDEXER" 2>/dev/null || true
wait "$INDEXER" 2>/dev/null || true
INDEXER=

non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$TMP/wrk.out")
errors=$(sed -n 's/.*Socket errors: *\(.*\)/\1/p' "$TMP/wrk.out")
rps=$(sed -n 's/^Requests\/sec: *//p' "$TMP/wrk.out")
total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$TMP/wrk.out")
pct() { sed -n "s/^ *$1% *//p" "$TMP/wrk.out"; }

cat <<EOF
## Search page under load while reindexing (\`bench/cgi_load.sh\`)

\`cables serve\` (lighttpd, mod_cgi, one cables.cgi process per request) on
127.0.0.1 over a generated corpus of 500 cables; wrk rotates through six
URLs (search, drill-down, page 2, date range with sort, a cable view,
JSON), gzip accepted, while \`cables index --full\` rebuilds the same
database in a loop ($(cat "$TMP/reindexes" 2>/dev/null || echo 0) rebuilds during the run).
$(nproc) CPUs, shared with other work.

\`\`\`
bench/cgi_load.sh ${1:-build} $SECS
  (runs: $cmd)
\`\`\`

| requests | req/s | p50 | p75 | p90 | p99 | non-2xx | socket errors |
|---|---|---|---|---|---|---|---|
| $total | $rps | $(pct 50) | $(pct 75) | $(pct 90) | $(pct 99) | ${non2xx:-0} | ${errors:-none} |
EOF
