#!/usr/bin/env bash
# Sets up, builds, generates the sample corpus, indexes it and runs a sample search.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh"
bin=$top/build
rm -rf "$top/sample"
"$bin/cables-gen" --seed 1 --count 500 --out "$top/sample"
"$bin/cables" index --db "$top/sample/cables.db" "$top/sample/cables"
"$bin/cables" search --db "$top/sample/cables.db" -n 5 --facet tag:5 --facet year:5 'trafficking shelter'
