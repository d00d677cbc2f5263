#!/usr/bin/env python3
"""Do two Arshif indexes of the same corpus answer the query mix alike?

An optimisation of indexing must not change what searches find. This runs every query of a
mix (`bench/corpus.py queries` format: class, query, country, actor, from, to, facets) with
`arshif-search --json` on both indexes and compares the totals, the facet counts, and the top
hits' documents, scores and snippets. Hits are compared as a set ordered by (score, id): with
several indexing threads, documents land in a different order on every run, which reorders
tied scores and nothing else.

    python3 bench/same-results.py target/release/arshif-search IDX_A IDX_B QUERIES.tsv [LIMIT]

Exit status 0 when every query agrees, 1 otherwise (each difference printed).
"""

import json
import subprocess
import sys


def answer(search, index, cols, limit):
    cls, text, country, actor, start, end, facets = cols
    cmd = [search, "--index", index, "--json", "-n", str(limit)]
    for flag, value in (("--country", country), ("--actor", actor), ("--from", start), ("--to", end)):
        if value:
            cmd += [flag, value]
    if facets == "1":
        cmd.append("--facets")
    run = subprocess.run(cmd + ["--", text], capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 1: nothing found, as grep
        sys.exit(f"{' '.join(cmd)} failed: {run.stderr.strip()}")
    out = run.stdout
    result = json.loads(out)
    hits = sorted(
        (-round(h["score"], 4), h["id"], h.get("snippet"), tuple(map(tuple, h.get("highlights", []))))
        for h in result["hits"]
    )
    # The last score's ties may be cut at a different document: compare above it only.
    if len(hits) == limit:
        hits = [h for h in hits if h[0] < hits[-1][0]]
    return result["total"], result.get("facets"), hits


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    search, a, b, queries = sys.argv[1:5]
    limit = int(sys.argv[5]) if len(sys.argv) == 6 else 100
    differ = checked = 0
    with open(queries, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 7:
                continue
            left, right = answer(search, a, cols, limit), answer(search, b, cols, limit)
            checked += 1
            if left != right:
                differ += 1
                print(f"differs: {cols[0]} {cols[1]!r}: totals {left[0]} / {right[0]}", file=sys.stderr)
    print(f"{checked} queries, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
