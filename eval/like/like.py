#!/usr/bin/env python3
"""More like this on real text: Arshif's `--like ID` against Lucene's MoreLikeThis, with relevance
taken from the sources' own structure (no hand labels): a hadith's relevant documents are the
other hadiths under the same book heading of Jami al-Tirmidhi; a tafsir passage's, the other
passages of the same sura. Two trivial baselines (random documents; random documents of the same
source) say what the numbers mean.

Driven by eval/like/run.sh; the steps can also be run one by one (the text and the corpus are
eval/arabic's, built by `eval/arabic/evaluate.py corpus`; its `eval_group` key is the label):

    python3 eval/like/like.py sample --cache DIR [--seed 1 --per-source 200]   # DIR/like/sources.tsv
    python3 eval/like/like.py arshif --cache DIR --bin BIN --index IDX --out RUN.tsv
    python3 eval/like/like.py report --cache DIR NAME=RUN.tsv...
    python3 eval/like/like.py failures --cache DIR arshif --source tafsir       # the worst answers

Python 3.11 standard library only. The same cache and --seed give the same bytes.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ left in eval/arabic by the import
sys.path.insert(0, os.path.join(HERE, "..", "arabic"))
import evaluate as ev  # noqa: E402  (eval/arabic/evaluate.py: fetch, corpus)

MIN_GROUP = 11  # a source's label has at least 10 other documents, so P@10 can reach 1
SOURCES = [("hadith", "tirmidhi-"), ("tafsir", "tafsir-")]
DEPTH = 100


def source_of(doc_id):
    return next(name for name, prefix in SOURCES if doc_id.startswith(prefix))


def sample(cache, seed, per_source):
    """A seeded sample of source documents, per_source of each source, among the documents whose
    label has at least MIN_GROUP documents. sources.tsv: id, Arshif id (the JSONL's line), label."""
    docs = ev.load_docs(cache)
    size = collections.Counter(d["eval_group"] for d in docs)
    rows = []
    for name, prefix in SOURCES:
        pool = [(n, d) for n, d in enumerate(docs) if d["id"].startswith(prefix) and size[d["eval_group"]] >= MIN_GROUP]
        picked = random.Random(f"{seed}-{name}").sample(pool, min(per_source, len(pool)))
        picked.sort(key=lambda p: p[0])
        # Arshif names a document of a JSONL file by the file's name and its line, from 1.
        rows += [(d["id"], f"docs.jsonl#{n + 1}", d["eval_group"]) for n, d in picked]
    out = os.path.join(cache, "like")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sources.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tarshif_id\tlabel\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(out, "ids.txt"), "w", encoding="utf-8") as f:
        f.write("".join(r[0] + "\n" for r in rows))
    print(f"{out}/sources.tsv: {len(rows)} source documents", file=sys.stderr)


def load_sources(cache):
    with open(os.path.join(cache, "like", "sources.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")[1:-1]
    return [dict(zip(("id", "arshif_id", "label"), l.split("\t"))) for l in lines]


def arshif(cache, bin_dir, index, out, limit):
    """arshif-search --like for each source; RUN.tsv: number, hit count, ids in rank order."""
    search = os.path.join(bin_dir, "arshif-search")
    rows = []
    for n, s in enumerate(load_sources(cache)):
        if n < 3:
            # The JSONL-line id names the document meant.
            p = subprocess.run([search, "--index", index, "--show", s["arshif_id"], "--json", "--no-pager"],
                               capture_output=True, text=True, check=True)
            url = json.loads(p.stdout).get("url", "")
            if not url.endswith("/" + s["id"]):
                sys.exit(f"like: {s['arshif_id']} is {url}, not {s['id']}")
        p = subprocess.run([search, "--index", index, "--like", s["arshif_id"], "--json", "--fields", "url",
                            "--no-pager", "--color", "never", "-n", str(limit)], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"arshif-search --like {s['arshif_id']} failed: {p.stderr.strip()}")
        doc = json.loads(p.stdout) if p.stdout.strip() else {}
        ids = [h.get("url", "").rsplit("/", 1)[-1] for h in doc.get("hits", [])]
        rows.append(f"{n}\t{len(ids)}\t{','.join(ids)}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


def baselines(cache, seed, out_dir):
    """Two runs that know nothing of the text: DEPTH random other documents of the corpus, and
    DEPTH random other documents of the same source (hadith or tafsir)."""
    docs = ev.load_docs(cache)
    ids = [d["id"] for d in docs]
    paths = {}
    for name in ("random", "random-same-source"):
        rows = []
        for n, s in enumerate(load_sources(cache)):
            pool = [i for i in ids if i != s["id"] and (name == "random" or source_of(i) == source_of(s["id"]))]
            hits = random.Random(f"{seed}-{name}-{s['id']}").sample(pool, DEPTH)
            rows.append(f"{n}\t{len(hits)}\t{','.join(hits)}")
        paths[name] = os.path.join(out_dir, f"run-{name}.tsv")
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
    return paths


def load_run(path):
    run = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, _, ids = line.rstrip("\n").split("\t")[:3]
            run[int(n)] = [i for i in ids.split(",") if i]
    return run


def measures(hits, label, labels):
    same = [labels.get(h) == label for h in hits]
    p10 = sum(same[:10]) / 10
    first = next((k for k, s in enumerate(same, 1) if s), None)
    return p10, (1 / first if first else 0.0), (1 if not hits else 0), sum(1 for h in hits[:10] if source_of(h) == source_of_label(label)) / 10


def source_of_label(label):
    return "tafsir" if label.startswith("sura-") else "hadith"


def report(cache, runs, names, details, markdown=False):
    sources = load_sources(cache)
    labels = {d["id"]: d["eval_group"] for d in ev.load_docs(cache)}
    loaded = [load_run(p) for p in runs]
    groups = [(name, [n for n, s in enumerate(sources) if s["id"].startswith(prefix)]) for name, prefix in SOURCES]
    groups.append(("all", list(range(len(sources)))))
    title = (f"More like this ({len(sources)} source documents; relevant = same book heading (hadith) or same sura "
             f"(tafsir); P@10 = share of the first 10 with the source's label; MRR = 1/rank of the first such hit "
             f"in the top {DEPTH}; empty = no hit; src = share of the first 10 from the same source)")
    out = [title]
    if markdown:
        out += ["", "| engine | " + " | ".join(f"{g} n | {g} P@10 | {g} MRR | {g} empty" for g, _ in groups) + " |",
                "|---|" + "---|" * (4 * len(groups))]
    else:
        out.append(f"{'engine':<20}" + "".join(f"{g + ' (' + str(len(m)) + ')':^28}" for g, m in groups))
        out.append(f"{'':<20}" + "".join(f"{'P@10':>7}{'MRR':>7}{'empty':>7}{'src':>7}" for _ in groups))
    for name, run in zip(names, loaded):
        cells = []
        for _, members in groups:
            ms = [measures(run.get(n, []), sources[n]["label"], labels) for n in members]
            k = len(ms) or 1
            cells.append((sum(m[0] for m in ms) / k, sum(m[1] for m in ms) / k, sum(m[2] for m in ms), sum(m[3] for m in ms) / k))
        if markdown:
            out.append(f"| {name} | " + " | ".join(f"{len(m)} | {c[0]:.3f} | {c[1]:.3f} | {c[2]}"
                                                   for c, (_, m) in zip(cells, groups)) + " |")
        else:
            out.append(f"{name:<20}" + "".join(f"{c[0]:>7.3f}{c[1]:>7.3f}{c[2]:>7d}{c[3]:>7.2f}" for c in cells))
    print("\n".join(out))
    if details:
        with open(details, "w", encoding="utf-8") as f:
            f.write("id\tarshif_id\tlabel\t" + "\t".join(f"{n}_p10\t{n}_rr\t{n}_top10" for n in names) + "\n")
            for n, s in enumerate(sources):
                c = []
                for run in loaded:
                    hits = run.get(n, [])
                    p10, rr, _, _ = measures(hits, s["label"], labels)
                    c += [f"{p10:.1f}", f"{rr:.3f}", ",".join(f"{h}:{labels.get(h)}" for h in hits[:10])]
                f.write("\t".join([s["id"], s["arshif_id"], s["label"]] + c) + "\n")


def failures(cache, details, engine, source, limit):
    """The sources where `engine`'s P@10 is lowest: the source, its label, P@10 and reciprocal rank
    of every engine, and `engine`'s first 10 hits with their labels."""
    with open(details or os.path.join(cache, "like", "details.tsv"), encoding="utf-8") as f:
        head, *lines = [l.rstrip("\n").split("\t") for l in f]
    engines = [h[:-4] for h in head if h.endswith("_p10")]
    if engine not in engines:
        sys.exit(f"failures: no engine {engine!r} in details.tsv (have: {', '.join(engines)})")
    rows = [dict(zip(head, l)) for l in lines]
    rows = [r for r in rows if not source or source_of(r["id"]) == source]
    rows.sort(key=lambda r: (float(r[engine + "_p10"]), float(r[engine + "_rr"])))
    for r in rows[:limit or 20]:
        scores = "  ".join(f"{e} {r[e + '_p10']}/{float(r[e + '_rr']):.2f}" for e in engines)
        print(f"{r['id']} ({r['arshif_id']}, {r['label']})  P@10/RR: {scores}\n    {engine}: {r[engine + '_top10'] or '(nothing)'}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arshif", "eval-arabic")
    ps = {c: sub.add_parser(c) for c in ("sample", "arshif", "baselines", "report", "failures")}
    for p in ps.values():
        p.add_argument("--cache", default=default_cache)
    ps["sample"].add_argument("--seed", type=int, default=1)
    ps["sample"].add_argument("--per-source", type=int, default=200)
    ps["baselines"].add_argument("--seed", type=int, default=1)
    ps["arshif"].add_argument("--bin", required=True)
    ps["arshif"].add_argument("--index", required=True)
    ps["arshif"].add_argument("--out", required=True)
    ps["arshif"].add_argument("-n", type=int, default=DEPTH)
    ps["report"].add_argument("runs", nargs="+", help="NAME=RUN.tsv")
    ps["report"].add_argument("--details")
    ps["report"].add_argument("--markdown", action="store_true")
    ps["failures"].add_argument("engine")
    ps["failures"].add_argument("--source", choices=[s for s, _ in SOURCES])
    ps["failures"].add_argument("--details")
    ps["failures"].add_argument("-n", type=int, default=10)
    a = ap.parse_args()
    if a.cmd == "sample":
        sample(a.cache, a.seed, a.per_source)
    elif a.cmd == "arshif":
        arshif(a.cache, a.bin, a.index, a.out, a.n)
    elif a.cmd == "baselines":
        for name, path in baselines(a.cache, a.seed, os.path.join(a.cache, "like")).items():
            print(f"{name}={path}")
    elif a.cmd == "report":
        report(a.cache, [r.split("=", 1)[1] for r in a.runs], [r.split("=", 1)[0] for r in a.runs], a.details, a.markdown)
    else:
        failures(a.cache, a.details, a.engine, a.source, a.n)


if __name__ == "__main__":
    main()
