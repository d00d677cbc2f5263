#!/usr/bin/env python3
"""Write a deterministic, news-like corpus of N .txt articles for Arshif's benchmarks.

Words are drawn from the vocabulary of data-samples/ with a Zipf-like distribution (rank r has
weight 1/r), so common words are common and rare words rare, as in real news text. Articles are
300-1,500 words with a title line; file names carry a date over ten years, and files are spread
over one directory per month. Same N and seed, same bytes.

    python3 bench/make_corpus.py --files 100000 --seed 1 /tmp/arshif-bench/corpus
"""
import argparse
import collections
import datetime
import json
import os
import random
import re
import sys

WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669A-Za-z0-9]+")


def vocabulary(samples):
    counts = collections.Counter()
    for root, _, files in os.walk(samples):
        for name in files:
            path = os.path.join(root, name)
            if name.lower().startswith("readme"):
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if name.endswith(".json"):
                objects = [json.loads(text)]
            elif name.endswith((".jsonl", ".ndjson")):
                objects = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                objects = None
            if objects is not None:
                keys = ("title", "body", "text", "content")
                text = " ".join(str(o.get(k, "")) for o in objects for k in keys)
            counts.update(WORD.findall(text))
    words = [w for w, _ in counts.most_common()]
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    return words, weights


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="directory to write (created; must be empty or absent)")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--samples", default=os.path.join(os.path.dirname(__file__), "..", "data-samples"))
    args = ap.parse_args()
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit(f"{args.out} is not empty")
    words, weights = vocabulary(args.samples)
    rng = random.Random(args.seed)
    start = datetime.date(2015, 1, 1)
    total = 0
    for i in range(args.files):
        day = start + datetime.timedelta(days=rng.randrange(3653))
        n = rng.randint(300, 1500)
        body = rng.choices(words, weights, k=n)
        lines = [" ".join(body[j:j + 25]) + "." for j in range(0, n, 25)]
        title = " ".join(rng.choices(words, weights, k=rng.randint(6, 12)))
        folder = os.path.join(args.out, f"{day.year}", f"{day.month:02d}")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{day.isoformat()}-{i:07d}.txt")
        text = title + "\n" + "\n".join(lines) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    print(f"wrote {args.files} articles, {total / 2**20:.1f} MiB, vocabulary {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
