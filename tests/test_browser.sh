#!/usr/bin/env bash
# The search page in a real browser (headless Chromium): load the form,
# submit a query the way the GET form does (its field names read from
# the DOM), follow the first facet link, and save a screenshot of that
# result page as BUILD_DIR/cgi_results.png.
# Usage: test_browser.sh BUILD_DIR SRC_DIR
set -u

BUILD=${1:?build directory}
CABLES=$BUILD/cables

BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || { echo "skip: no chromium"; exit 77; }
command -v lighttpd >/dev/null || [ -x /usr/sbin/lighttpd ] || { echo "skip: no lighttpd"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }

TMP=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER"; } 2>/dev/null; rm -rf "$TMP"' EXIT

FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }

browse() {
    timeout 90 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --no-first-run --user-data-dir="$TMP/profile" \
        --disable-dev-shm-usage "$@" 2>>"$TMP/chromium.log"
}

"$BUILD/cables-gen" --seed 1 --count 300 --out "$TMP/gen" >/dev/null 2>&1 || { echo "cables-gen failed"; exit 1; }
"$CABLES" index --quiet --db "$TMP/db" "$TMP/gen/cables" >/dev/null 2>&1 || { echo "index failed"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CABLES" serve --db "$TMP/db" --port "$port" >"$TMP/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$port/"
for _ in $(seq 50); do
    curl -s -o /dev/null "$BASE" && break
    sleep 0.1
done

# 1. The form as the browser sees it.
browse --dump-dom "$BASE" >"$TMP/home.html"
if ! grep -q '<form method="get" action="" role="search">' "$TMP/home.html"; then
    head -c 2000 "$TMP/chromium.log"
    echo "skip: chromium did not render the page"
    exit 77
fi
# The names a GET submission sends, in form order.
names=$(grep -o '<\(input\|select\)[^>]*name="[a-z]*"' "$TMP/home.html" | sed 's/.*name="\([a-z]*\)"/\1/' | tr '\n' ' ')
[ "$names" = "q from to sort " ] && ok "form fields: $names" || fail "form fields '$names'"
grep -q '<button type="submit">Search</button>' "$TMP/home.html" && ok "submit button" \
    || fail "no submit button"

# 2. Submitting "shelter": the URL the GET form produces.
browse --dump-dom "${BASE}?q=shelter&from=&to=&sort=relevance" >"$TMP/results.html"
grep -q '<mark>' "$TMP/results.html" && grep -q 'class="hit"' "$TMP/results.html" \
    && ok "results with highlights" || fail "no results after submitting"

# 3. The first facet link, followed.
href=$(grep -o '<li><a href="?[^"]*"' "$TMP/results.html" | head -1 | sed 's/<li><a href="//; s/"$//; s/&amp;/\&/g')
[ -n "$href" ] && ok "facet link $href" || fail "no facet link"
browse --dump-dom "$BASE$href" >"$TMP/drill.html"
grep -q 'title="remove this filter"' "$TMP/drill.html" && ok "drill-down shows the filter" \
    || fail "drill-down page has no filter chip"

# 4. A screenshot of the drilled-down page.
rm -f "$BUILD/cgi_results.png"
(cd "$TMP" && browse --screenshot="$BUILD/cgi_results.png" --window-size=1200,1600 \
    --hide-scrollbars "$BASE$href" >/dev/null)
if [ -s "$BUILD/cgi_results.png" ] &&
    [ "$(head -c 4 "$BUILD/cgi_results.png" | od -An -tx1 | tr -d ' ')" = "89504e47" ] &&
    [ "$(stat -c %s "$BUILD/cgi_results.png")" -gt 20000 ]; then
    ok "screenshot $BUILD/cgi_results.png"
else
    fail "no screenshot"
fi
# And the phone width: the page must not overflow horizontally.
browse --screenshot="$BUILD/cgi_results_phone.png" --window-size=390,1200 --hide-scrollbars \
    "$BASE$href" >/dev/null
[ -s "$BUILD/cgi_results_phone.png" ] && ok "phone screenshot" || fail "no phone screenshot"

echo "$FAILS failure(s)"
[ "$FAILS" -eq 0 ]
