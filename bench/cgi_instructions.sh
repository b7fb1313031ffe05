#!/usr/bin/env bash
# Instructions per search-page request (callgrind, exact, so noise on the
# machine does not matter) for the six URLs bench/cgi_load.sh rotates
# through, and their mean.
#
#   bench/cgi_instructions.sh BUILD DB
set -eu
build=${1:?usage: cgi_instructions.sh BUILD DB}
db=${2:?usage: cgi_instructions.sh BUILD DB}
command -v valgrind >/dev/null || { echo "cgi_instructions.sh: valgrind not found" >&2; exit 2; }
id=$("$build/cables" search --db "$db" --format ids -n 1 shelter)
total=0
for qs in "q=shelter" "q=shelter&f=tag%3APGOV" "q=human+trafficking&page=2" \
          "q=embassy&sort=newest&from=2005&to=2009" "id=$id" "q=minister&format=json"; do
    n=$(CABLES_DB=$db REQUEST_METHOD=GET QUERY_STRING=$qs HTTP_ACCEPT_ENCODING=gzip \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$build/cables.cgi" 2>&1 \
        >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,)
    total=$((total + n))
    awk -v q="$qs" -v n="$n" 'BEGIN { printf "%-45s %8.2f M\n", q, n / 1e6 }'
done
awk -v t="$total" 'BEGIN { printf "%-45s %8.2f M\n", "mean", t / 6e6 }'
