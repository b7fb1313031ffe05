#!/usr/bin/env bash
# Peer for per-process query latency: Xapian's quest on an omindex
# database, one process per free-word query of the query set, top 10.
#
#   bench/peer_quest.sh --db OMINDEX_DB [--queries FILE] [--runs R] [--build DIR]
#
# Prints query_bench's "stat quest ..." line.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
queries=$src/bench/queries.txt
runs=1
db=

while [ $# -gt 0 ]; do
    case $1 in
        --db) db=$2; shift ;;
        --queries) queries=$2; shift ;;
        --runs) runs=$2; shift ;;
        --build) build=$2; shift ;;
        *) echo "peer_quest.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$db" ] || { echo "usage: peer_quest.sh --db OMINDEX_DB [--queries FILE] [--runs R] [--build DIR]" >&2; exit 2; }
command -v quest >/dev/null || { echo "peer_quest.sh: quest not found (package xapian-tools)" >&2; exit 2; }

# quest parses with Xapian's QueryParser; it stems like omindex (English).
exec "$build/bench/query_bench" --queries "$queries" --runs "$runs" --label quest \
    --exec quest -d "$db" -m 10 -s english
