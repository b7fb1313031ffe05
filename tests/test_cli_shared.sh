#!/bin/bash
# The query commands on the 1295 real cables, each answer compared with a
# count made independently from the raw pages (their TAGS lines, dates
# and text).  Skipped (77) when the shared corpus is absent.
#   bash tests/test_cli_shared.sh BUILD_DIR SRC_DIR
set -u
BUILD=${1:?build directory}
SRC=${2:-.}
CABLES=$BUILD/cables
SHARED=${CABLES_SHARED:-$SRC/../shared}
CORPUS=$SHARED/corpus/cablegate-html
[ -d "$CORPUS" ] || { echo "no shared corpus at $CORPUS: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$CABLES" index --db "$T/db" --quiet "$CORPUS" >/dev/null 2>"$T/index.err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    echo "cables index exited $rc"; cat "$T/index.err"; exit 1
fi

export CABLES="$CABLES" DB="$T/db" CORPUS="$CORPUS"
exec python3 - <<'EOF'
import collections, html, json, os, re, subprocess, sys

CABLES, DB, CORPUS = os.environ["CABLES"], os.environ["DB"], os.environ["CORPUS"]
passed = failed = 0

def run(*args):
    p = subprocess.run([CABLES, args[0], "--db", DB] + list(args[1:]), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

def ids_of(query):
    rc, out, err = run("search", "--format", "ids", "-n", "100000", query)
    return set(out.split())

# ---- the raw pages, read independently of the project's reader
pages = {}
for root, dirs, files in os.walk(CORPUS):
    for name in files:
        if name.endswith(".html"):
            cid = name[:-5]
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                page = f.read()
            pres = re.findall(r"<pre>(.*?)</pre>", page, re.S)
            body = html.unescape(re.sub(r"<[^>]+>", "", pres[-1] if pres else ""))
            year = os.path.relpath(root, CORPUS).split(os.sep)[0]
            m = re.search(r"^\s*TAGS:?\s*(.*(?:\n\s*[A-Z]{2,}[A-Z ,]*$)?)", body, re.M)
            tags = set(re.findall(r"[A-Z][A-Z0-9]+", m.group(1))) if m else set()
            words = re.findall(r"[^\W_]+", body.lower())
            pages[cid] = {"year": year, "tags": tags, "words": words, "body": body}
check(len(pages) == 1295, "1295 pages read (%d)" % len(pages))

rc, out, err = run("stats", "--format", "json")
check(rc == 0 and json.loads(out)["documents"] == len(pages), "every page indexed")

# ---- analyst checks
rc, out, err = run("search", "--format", "ids", "nazarbayev", "petraeus")
check(rc == 0 and out.split()[:1] == ["09ASTANA95"], "nazarbayev petraeus ranks 09ASTANA95 first")
rc, out, err = run("show", "09ASTANA95")
check(rc == 0 and "09ASTANA95" in out and "PETRAEUS" in out.upper() and len(out) > 2000,
      "show 09ASTANA95 prints its text")

# ---- tag:KTIP with facets, against the TAGS lines
rc, out, err = run("search", "--facet", "tag", "--facet", "year", "--format", "json", "-n", "1000",
                   "tag:KTIP")
res = json.loads(out)
want = {cid for cid, p in pages.items() if "KTIP" in p["tags"]}
got = {h["id"] for h in res["hits"]}
check(rc == 0 and got == want and res["total"] == len(want),
      "tag:KTIP: %d hits, %d pages (missing %s, extra %s)"
      % (len(got), len(want), sorted(want - got)[:5], sorted(got - want)[:5]))
years = collections.Counter(pages[c]["year"] for c in want)
check({v["value"]: v["count"] for v in res["facets"]["year"]} == dict(years),
      "year facet of tag:KTIP equals the pages' dates")
check(res["facets"]["tag"][0] == {"value": "KTIP", "count": len(want)}, "KTIP tops its own tag facet")
tag_counts = collections.Counter(t for c in want for t in pages[c]["tags"])
for v in res["facets"]["tag"]:
    check(v["count"] == tag_counts[v["value"]], "tag facet %s: %d, pages %d"
          % (v["value"], v["count"], tag_counts[v["value"]]))

# ---- filters and operators, each against the pages
def has_phrase(words, phrase):
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))

cases = [
    ('"human trafficking"', lambda p: has_phrase(p["words"], ["human", "trafficking"])),
    ('"shelter"', lambda p: "shelter" in p["words"]),
    ('"shelter" "victims"', lambda p: "shelter" in p["words"] and "victims" in p["words"]),
    ('"shelter" OR "asylum"', lambda p: "shelter" in p["words"] or "asylum" in p["words"]),
    ('"shelter" NOT "victims"', lambda p: "shelter" in p["words"] and "victims" not in p["words"]),
    ('"shelter" -"victims"', lambda p: "shelter" in p["words"] and "victims" not in p["words"]),
    ("year:2009", lambda p: p["year"] == "2009"),
    ("tag:KTIP year:2009", lambda p: "KTIP" in p["tags"] and p["year"] == "2009"),
    ("tag:PGOV tag:KZ", lambda p: {"PGOV", "KZ"} <= p["tags"]),
    ('tag:KTIP "labor"', lambda p: "KTIP" in p["tags"] and "labor" in p["words"]),
]
for query, pred in cases:
    want = {cid for cid, p in pages.items() if pred(p)}
    got = ids_of(query)
    rc, out, err = run("count", query)
    check(got == want and out.strip() == str(len(want)),
          "%s: count %s, %d ids, pages %d (missing %s, extra %s)"
          % (query, out.strip(), len(got), len(want), sorted(want - got)[:4], sorted(got - want)[:4]))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
