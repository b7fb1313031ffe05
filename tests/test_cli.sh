#!/bin/bash
# End-to-end test of the query commands (search, count, show, similar,
# refs, stats) on a generated corpus: every answer is compared with the
# generator's manifest, which is written independently of the index.
#   bash tests/test_cli.sh BUILD_DIR SRC_DIR
set -u
BUILD=${1:?build directory}
CABLES=$BUILD/cables
GEN=$BUILD/cables-gen
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
[ -x "$CABLES" ] && [ -x "$GEN" ] || { echo "cables or cables-gen not built"; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$GEN" --seed 1 --count 500 --out "$T/gen" --quiet || { echo "cables-gen failed"; exit 1; }
"$CABLES" index --db "$T/db" --quiet "$T/gen/cables" >/dev/null 2>"$T/index.err"
rc=$?
if [ $rc -ne 0 ]; then
    echo "cables index exited $rc"; cat "$T/index.err"; exit 1
fi

export CABLES="$CABLES" DB="$T/db" MANIFEST="$T/gen/manifest.tsv"
exec python3 - <<'EOF'
import collections, csv, io, json, os, re, subprocess, sys

CABLES, DB = os.environ["CABLES"], os.environ["DB"]
passed = failed = 0

def run(*args, db=True):
    argv = [CABLES, args[0]] + (["--db", DB] if db else []) + list(args[1:])
    p = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, NO_COLOR=""))
    return p.returncode, p.stdout, p.stderr

def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

# ---- the manifest: one row per cable, written by the generator
rows = []
with open(os.environ["MANIFEST"], newline="") as f:
    header = f.readline().lstrip("#").rstrip("\n").split("\t")
    for line in f:
        rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
by_id = {r["id"]: r for r in rows}
def split(v):
    return [x for x in v.split("|") if x]
def tags(v):
    # "OVIP (CLINTON, HILLARY)" is two TAGS entries: the tag and the person
    out = []
    for t in split(v):
        m = re.match(r"^(\S+) \((.+)\)$", t)
        out += [m.group(1), m.group(2)] if m else [t]
    return out
def same(s):
    # the page may hold a typographic apostrophe where the manifest has '
    return s.replace("\u2019", "'")
tags_of = {r["id"]: set(tags(r["tags"])) for r in rows}

def json_search(*args):
    rc, out, err = run("search", "--format", "json", *args)
    check(rc in (0, 1), "search %s exit %d: %s" % (args, rc, err))
    return json.loads(out)

# ---- stats: every cable indexed
rc, out, err = run("stats", "--format", "json")
check(rc == 0, "stats exit %d %s" % (rc, err))
stats = json.loads(out)
check(stats["documents"] == len(by_id), "documents %d != %d" % (stats["documents"], len(by_id)))
dates = sorted(r["created"] for r in rows)
check(stats["oldest"] == dates[0] and stats["newest"] == dates[-1],
      "date span %s..%s != %s..%s" % (stats["oldest"], stats["newest"], dates[0], dates[-1]))
check(stats["size_bytes"] > 0, "index size")
rc, out, err = run("stats", "--top", "3")
check(rc == 0 and "documents" in out and "tag (" in out, "stats text")

# ---- filters: counts and IDs against the manifest
tag_count = collections.Counter(t for r in rows for t in tags(r["tags"]))
plain_tags = [(t, n) for t, n in tag_count.most_common() if re.match(r"^[A-Z]+$", t)]
person_tags = [(t, n) for t, n in tag_count.most_common() if "," in t]
for tag, n in plain_tags[:5] + plain_tags[-3:]:
    rc, out, err = run("count", "tag:" + tag)
    check(rc == 0 and out.strip() == str(n), "count tag:%s = %s, manifest %d" % (tag, out.strip(), n))
    rc, out, err = run("search", "--format", "ids", "-n", "1000", "tag:" + tag)
    want = {r["id"] for r in rows if tag in tags_of[r["id"]]}
    check(set(out.split()) == want, "ids of tag:%s" % tag)
year_count = collections.Counter(r["created"][:4] for r in rows)
for year, n in year_count.most_common(3):
    rc, out, err = run("count", "year:" + year)
    check(out.strip() == str(n), "count year:%s = %s, manifest %d" % (year, out.strip(), n))
for tag, n in person_tags[:2]:
    rc, out, err = run("count", 'tag:"%s"' % tag)
    check(out.strip() == str(n), "count tag:%s = %s, manifest %d" % (tag, out.strip(), n))
level = lambda c: c.split("//")[0]
for cls in ("SECRET", "CONFIDENTIAL", "UNCLASSIFIED"):
    n = sum(1 for r in rows if level(r["classification"]) == cls)
    rc, out, err = run("count", "class:" + cls.lower())
    check(out.strip() == str(n), "count class:%s = %s, manifest %d" % (cls, out.strip(), n))
t1, t2 = tag_count.most_common(2)[0][0], tag_count.most_common(2)[1][0]
n = sum(1 for r in rows if {t1, t2} <= tags_of[r["id"]])
rc, out, err = run("count", "tag:%s tag:%s" % (t1, t2))
check(out.strip() == str(n), "two tags AND: %s, manifest %d" % (out.strip(), n))
n = sum(1 for r in rows if t1 in tags_of[r["id"]] and t2 not in tags_of[r["id"]])
rc, out, err = run("count", "tag:%s NOT tag:%s" % (t1, t2))
check(out.strip() == str(n), "tag NOT tag: %s, manifest %d" % (out.strip(), n))

# ---- facets: exact counts over all matches, sums, distinct values
res = json_search("-n", "0", "--facet", "tag:1000", "--facet", "year:100",
                  "--facet", "class", "--facet", "country:3", "year:" + year_count.most_common(1)[0][0])
year0 = year_count.most_common(1)[0][0]
sub = [r for r in rows if r["created"][:4] == year0]
check(res["total"] == len(sub) and res["exact"], "facet query total")
want = collections.Counter(t for r in sub for t in tags(r["tags"]))
got = {v["value"]: v["count"] for v in res["facets"]["tag"]}
check(got == dict(want), "tag facet counts equal the manifest")
check(res["facet_distinct"]["tag"] == len(want), "tag facet distinct")
check([v["count"] for v in res["facets"]["tag"]] ==
      sorted((v["count"] for v in res["facets"]["tag"]), reverse=True), "facet sorted by count")
check(sum(v["count"] for v in res["facets"]["year"]) == res["total"], "single-valued facet sums to total")
check(sum(v["count"] for v in res["facets"]["class"]) == res["total"], "class facet sums to total")
check(len(res["facets"]["country"]) <= 3 and all("name" in v for v in res["facets"]["country"]),
      "country facet: top 3 with names")
check(list(res["facets"].keys()) == ["tag", "year", "class", "country"], "facet order as asked")

# ---- the facet column is a cache: gone or damaged, the counts stay the same
import glob, shutil
cols = glob.glob(os.path.join(DB, "gen-*", "cables-facets.col"))
check(len(cols) == 1, "one facet column in the live generation: %s" % cols)
for q in ["year:" + year0, "security", "year:%s OR NOT year:%s" % (year0, year0)]:
    args = ("-n", "3", "--facet", "tag:1000", "--facet", "person:1000", "--facet", "place:1000",
            "--facet", "year", "--facet", "origin:1000", q)
    base = json_search(*args)
    shutil.move(cols[0], cols[0] + ".away")
    check(json_search(*args) == base, "facets without the column file: %s" % q)
    data = bytearray(open(cols[0] + ".away", "rb").read())
    head = 96 + 32 * int.from_bytes(data[60:64], "little")
    data[head:] = b"\xff" * (len(data) - head)
    open(cols[0], "wb").write(data)
    check(json_search(*args) == base, "facets with a damaged column file: %s" % q)
    shutil.move(cols[0] + ".away", cols[0])

# ---- ranked search: JSON shape, highlights, count agreement, paging
word = "security"
res = json_search("-n", "1000", word)
check(res["total"] > 10, "ranked query has matches")
check(list(res.keys()) == ["query", "total", "exact", "offset", "hits", "facets",
                           "facet_distinct", "suggestion"], "JSON key order")
hit = res["hits"][0]
check(list(hit.keys()) == ["rank", "id", "date", "origin", "classification", "subject", "tags",
                           "score", "snippet", "highlights"], "hit key order")
for h in res["hits"]:
    r = by_id.get(h["id"])
    if not r:
        check(False, "hit %s is in the manifest" % h["id"]); continue
    if h["date"] != r["created"] or same(h["subject"]) != same(r["subject"]) or set(h["tags"]) != tags_of[h["id"]]:
        check(False, "hit fields of %s match the manifest" % h["id"]); break
    for start, length in h["highlights"]:
        if not h["snippet"][start:start + length].lower().startswith("secur"):
            check(False, "highlight %r in %s" % (h["snippet"][start:start + length], h["id"])); break
check(any(h["highlights"] for h in res["hits"]), "some snippet highlights the word")
check([h["rank"] for h in res["hits"]] == list(range(1, len(res["hits"]) + 1)), "ranks")
scores = [h["score"] for h in res["hits"]]
check(scores == sorted(scores, reverse=True), "relevance order")
rc, out, err = run("count", word)
check(int(out) == res["total"] == len(res["hits"]), "count equals the hits of a full search")
full = [h["id"] for h in res["hits"]]
paged = []
for off in range(0, len(full), 7):
    rc, out, err = run("search", "--format", "ids", "-n", "7", "--offset", str(off), word)
    paged += out.split()
check(paged == full, "pages of 7 make the full list")
rc, out, err = run("search", "--format", "ids", "--offset", str(len(full) + 5), word)
check(rc == 0 and out == "", "offset past the end: no hits, still exit 0")

# ---- sorting by created date
for order, cmp in (("newest", lambda a, b: a >= b), ("oldest", lambda a, b: a <= b)):
    res = json_search("--sort", order, "-n", "200", word)
    d = [h["date"] for h in res["hits"]]
    check(all(cmp(a, b) for a, b in zip(d, d[1:])) and len(d) > 10, "sort %s monotonic" % order)
res = json_search("--sort", "oldest", "-n", "1", "class:secret")
check(res["hits"][0]["date"] == min(r["created"] for r in rows if level(r["classification"]) == "SECRET"),
      "oldest secret cable first")

# ---- CSV: RFC 4180, parsed back
rc, out, err = run("search", "--format", "csv", "-n", "30", word)
table = list(csv.reader(io.StringIO(out, newline="")))
check(table[0] == ["rank", "id", "date", "origin", "classification", "subject", "tags", "score",
                   "snippet"], "CSV header")
check([t[1] for t in table[1:]] == full[:30], "CSV rows are the hits")
check(all(t[1] in by_id and same(by_id[t[1]]["subject"]) == same(t[5]) for t in table[1:]),
      "CSV subjects survive quoting")
raw = subprocess.run([CABLES, "search", "--db", DB, "--format", "csv", "-n", "30", word],
                     capture_output=True).stdout
check(raw.count(b"\r\n") == 31 and raw.count(b"\n") == 31, "CSV lines end in CRLF")

# ---- text output: plain when piped, bold when asked
rc, out, err = run("search", "-n", "3", word)
check(rc == 0 and "\033[" not in out and full[0] in out and "1. " in out, "text output plain")
rc, out, err = run("search", "-n", "3", "--color=always", word)
check("\033[1m" in out, "--color=always highlights")

# ---- show
cid = max(rows, key=lambda r: len(split(r["refs"])))["id"]
rc, out, err = run("show", "--format", "json", cid)
c = json.loads(out)
check(rc == 0 and c["id"] == cid and c["created"] == by_id[cid]["created"], "show json id/date")
check(same(c["subject"]) == same(by_id[cid]["subject"]) and c["origin"] == by_id[cid]["origin"], "show json subject/origin")
check({t["value"] for t in c["tags"]} == tags_of[cid] and all("kind" in t for t in c["tags"]), "show json tags")
check(c["references"] == split(by_id[cid]["refs"]), "show json references")
for key in ("released", "dtg", "classification", "caveats", "countries", "people", "places", "text"):
    check(key in c, "show json has %s" % key)
rc, out, err = run("show", cid)
check(rc == 0 and by_id[cid]["subject"] in out and len(out) > 500, "show text")
rc, out, err = run("show", "--format", "json", cid, full[0])
lines = out.splitlines()
check(len(lines) == 2 and json.loads(lines[1])["id"] == full[0], "show several: JSON lines")
rc, out, err = run("show", "99NOWHERE1")
check(rc == 1 and "99NOWHERE1" in err, "show unknown ID exits 1")

# ---- refs: cited (with the missing ones marked) and citing
rc, out, err = run("refs", cid)
cites, missing = split(by_id[cid]["refs"]), set(split(by_id[cid]["missing_refs"]))
for ref in cites:
    marked = re.search(r"^  %s  \(not in index\)$" % re.escape(ref), out, re.M) is not None
    check(marked == (ref in missing), "refs marks %s correctly" % ref)
rc, out, err = run("refs", "--format", "json", cites[0])
if cites[0] in by_id:
    got = {x["id"] for x in json.loads(out)["cited_by"]}
    want = {r["id"] for r in rows if cites[0] in split(r["refs"])}
    check(got == want, "cited_by of %s" % cites[0])
rc, out, err = run("count", "ref:" + cites[0])
check(out.strip() == str(sum(1 for r in rows if cites[0] in split(r["refs"]))), "ref: filter count")

# ---- similar
rc, out, err = run("similar", cid, "-n", "5", "--format", "ids")
ids = out.split()
check(rc == 0 and len(ids) == 5 and cid not in ids, "similar: 5 others")
rc, out, err = run("similar", "99NOWHERE1")
check(rc == 1, "similar unknown ID exits 1")

# ---- spelling suggestion from the corpus
words = collections.Counter(w for r in rows for w in re.findall(r"[a-z]+", r["subject"].lower()) if len(w) >= 9)
good = words.most_common(1)[0][0]
bad = good[:4] + good[5:]
rc, out, err = run("search", bad)
check(rc == 1 and ("did you mean: " + good) in err, "suggests %r for %r: %r" % (good, bad, err))
res = json_search(bad)
check(res["total"] == 0 and res["suggestion"] == good, "JSON suggestion")

# ---- exit codes and messages
for args, code, msg in ((("search", "zzqqxxnothing"), 1, None),
                        (("count", "zzqqxxnothing"), 1, None),
                        (("search", "-n", "x", word), 2, "bad number"),
                        (("search", "--sort", "sideways", word), 2, "unknown sort"),
                        (("search", "--facet", "colour", word), 2, "unknown facet field 'colour'"),
                        (("search", "--format", "xml", word), 2, "unknown format"),
                        (("search", "(" + word), 2, None),
                        (("search", "--nope", word), 2, "unknown option '--nope'"),
                        (("search",), 2, "no query"),
                        (("similar",), 2, None),
                        (("refs", "a", "b"), 2, None)):
    rc, out, err = run(*args)
    check(rc == code and (msg is None or msg in err), "%s exits %d (got %d, %r)" % (args, code, rc, err))
rc, out, err = run("search", "--db", "/nonexistent/db", word, db=False)
check(rc == 2 and "/nonexistent/db" in err, "missing index exits 2 with the path")
for cmd in ("search", "count", "show", "similar", "refs", "stats"):
    rc, out, err = run(cmd, "--help", db=False)
    check(rc == 0 and "usage: cables " + cmd in out and "examples:" in out, "%s --help" % cmd)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
