#!/usr/bin/env python3
"""Writes bench/queries.txt: a fixed set of benchmark queries drawn from a
generated corpus.  Run once; the output is versioned so that every run of
the benchmark measures the same queries.

    build/cables-gen --seed 1 --count 2000 --out /tmp/q --formats html --gzip-fraction 0
    python3 bench/make_queries.py /tmp/q > bench/queries.txt

Each line is "KIND<TAB>QUERY".  Kinds with free words only (common, rare,
or, and, phrase) are the ones the peers (FTS5, quest) can run too.
"""
import collections
import csv
import html
import os
import random
import re
import sys

STOP = set("""a an and are as at be by for from has have he in is it its of on or
that the this to was were will with not but they their which who been had
also said would there than into more after over some other these such""".split())

WORD = re.compile(r"[a-z]{3,20}")


def bodies(root):
    for dirpath, _, files in sorted(os.walk(os.path.join(root, "cables"))):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                page = f.read()
            pres = re.findall(r"<pre>(.*?)</pre>", page, re.S)
            text = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(pres[1:])))
            yield text.lower()


def main():
    root = sys.argv[1]
    rng = random.Random(20240601)
    df = collections.Counter()
    bigrams = collections.Counter()
    for text in bodies(root):
        words = WORD.findall(text)
        df.update(set(words))
        for a, b in zip(words, words[1:]):
            if a not in STOP and b not in STOP:
                bigrams[(a, b)] += 1
    words = [w for w in df if w not in STOP]
    common = sorted(words, key=lambda w: (-df[w], w))[:300]
    mid = sorted(w for w in words if 20 <= df[w] <= 400)
    rare = sorted(w for w in words if 2 <= df[w] <= 5)
    pairs = sorted(p for p, n in bigrams.items() if 3 <= n <= 200)

    rows = []
    with open(os.path.join(root, "manifest.tsv"), encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row and not row[0].startswith("#"):
                rows.append(row)
    tags = sorted({t for r in rows for t in r[9].split("|") if t and len(t) == 4})
    countries = sorted({t for r in rows for t in r[9].split("|") if len(t) == 2})
    origins = sorted({r[3] for r in rows if r[3]})
    years = sorted({r[1][:4] for r in rows if r[1][:4].isdigit()})

    out = []
    out += [("common", w) for w in rng.sample(common, 70)]
    out += [("rare", w) for w in rng.sample(rare, 70)]
    for _ in range(70):
        n = rng.randint(2, 4)
        out.append(("or", " OR ".join(rng.sample(mid + common[:100], n))))
    for _ in range(70):
        n = rng.randint(2, 4)
        out.append(("and", " AND ".join(rng.sample(common[:150], n))))
    for a, b in rng.sample(pairs, 60):
        out.append(("phrase", '"%s %s"' % (a, b)))
    for _ in range(40):
        out.append(("filter", "%s tag:%s" % (rng.choice(mid), rng.choice(tags))))
    for _ in range(30):
        out.append(("filter", "%s country:%s" % (rng.choice(common[:150]), rng.choice(countries))))
    for _ in range(30):
        out.append(("filter", '%s origin:"%s"' % (rng.choice(common[:150]), rng.choice(origins))))
    for _ in range(30):
        out.append(("filter", "%s year:%s" % (rng.choice(mid), rng.choice(years))))
    for _ in range(20):
        out.append(("filter", "tag:%s year:%s" % (rng.choice(tags), rng.choice(years))))
    for _ in range(50):
        y = rng.choice(years[:-1])
        m1, m2 = sorted(rng.sample(range(1, 13), 2))
        y2 = rng.choice([y2 for y2 in years if y2 >= y])
        out.append(("date", "%s date:%s-%02d..%s-%02d" % (rng.choice(common[:200]), y, m1, y2, m2)))
    for kind, q in out:
        print("%s\t%s" % (kind, q))


if __name__ == "__main__":
    main()
