#!/usr/bin/env python3
"""Summarizes a bench/run.sh results file as the Markdown tables of BENCHMARKS.md: medians over
rounds, and ratios of Arshif to both peers measured in the same run.

    python3 bench/summarize.py /work/bench-data/results-100000.tsv
"""
import collections
import statistics
import sys


def main(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip() and not line.startswith("#")]
    docs = bytes_ = None
    index = collections.defaultdict(list)
    query = collections.defaultdict(list)
    nomatch, cold, noop, loads = {}, [], [], []
    for r in rows:
        kind, engine, threads = r[0], r[1], r[2]
        loads.append(float(r[-1]))
        if kind == "corpus":
            docs, bytes_ = int(r[4]), int(r[5])
        elif kind == "index":
            index[(engine, threads)].append(r[4:-1])
        elif kind == "query":
            query[(engine, r[4])].append([float(x) for x in r[5:8]])
        elif kind == "nomatch":
            nomatch[engine] = r[4]
        elif kind == "cold":
            cold.append([float(x) for x in r[4].split()])
        elif kind == "noop":
            noop.append(float(r[4]))
    med = statistics.median
    print(f"Corpus: {docs:,} articles, {bytes_ / 1e6:,.0f} MB of JSONL. Load average during the run: "
          f"{min(loads):.1f}-{max(loads):.1f} (median {med(loads):.1f}).\n")
    print("| engine | threads | runs | whole process (s) | docs/s | MB/s | JIT-warm docs/s | peak RSS (MB) | index / corpus |")
    print("|---|---|---|---|---|---|---|---|---|")
    rate, notes = {}, []
    for (engine, threads), runs in sorted(index.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        wall = med(float(x[0]) for x in runs)
        if engine == "lucene":
            # Lucene's wall time covers every pass of its JVM; its whole-process figure is the
            # first pass's (recorded since 2026-12-01; older files hold only the total).
            if len(runs[0]) > 5:
                wall = med(float(x[4]) for x in runs)
            else:
                notes.append(f"Lucene, {threads} thread(s): no first-pass time recorded; its whole-process "
                             f"figure is the wall time of all passes in the JVM.")
        rss = med(float(x[1]) for x in runs) / 1024
        size = med(float(x[2]) for x in runs)
        warm = med(docs / float(x[3]) for x in runs) if engine == "lucene" and len(runs[0]) > 3 else None
        rate[(engine, threads)] = (docs / wall, warm)
        print(f"| {engine} | {threads} | {len(runs)} | {wall:.1f} | {docs / wall:,.0f} | {bytes_ / 1e6 / wall:.1f} | "
              f"{f'{warm:,.0f}' if warm else '—'} | {rss:,.0f} | {size / bytes_:.2f} |")
    print()
    for note in notes:
        print(f"- {note}")
    for threads in sorted({t for _, t in rate}):
        a = rate.get(("arshif", threads))
        p = rate.get(("plain", threads))
        lu = rate.get(("lucene", threads))
        if not a:
            continue
        parts = []
        if p:
            parts.append(f"vs plain tantivy **{a[0] / p[0]:.2f}×** (target ≥ 0.8×)")
        if lu:
            parts.append(f"vs Lucene whole process {a[0] / lu[0]:.2f}×")
            if lu[1]:
                parts.append(f"vs JIT-warm Lucene **{a[0] / lu[1]:.2f}×** (target ≥ 1.2×)")
        print(f"- {threads} thread(s): Arshif docs/s " + ", ".join(parts))
    if query:
        engines = [e for e in ("arshif", "arshif-core", "plain", "lucene") if any(k[0] == e for k in query)]
        classes = []
        for (_, c) in query:
            if c not in classes:
                classes.append(c)
        print("\nQuery latency in ms, p50 / p95 / p99 (median over processes; top 10 with stored documents; "
              "`arshif` also makes snippets, `arshif-core` does the peers' work):\n")
        print("| class | " + " | ".join(engines) + " | arshif-core p99 vs plain | vs Lucene |")
        print("|---|" + "---|" * (len(engines) + 2))
        for c in classes:
            cells, p99 = [], {}
            for e in engines:
                runs = query.get((e, c))
                if not runs:
                    cells.append("—")
                    continue
                p50, p95, p99[e] = (med(x[i] for x in runs) for i in range(3))
                cells.append(f"{p50:.2f} / {p95:.2f} / {p99[e]:.2f}")
            ratio = lambda peer: f"{p99['arshif-core'] / p99[peer]:.2f}×" if "arshif-core" in p99 and peer in p99 and p99[peer] else "—"
            print(f"| {c} | " + " | ".join(cells) + f" | {ratio('plain')} | {ratio('lucene')} |")
        print("\nQueries matching nothing: " + ", ".join(f"{e} {v}" for e, v in nomatch.items()))
    if cold:
        print(f"\n`arshif-search` cold start (hyperfine, process start to printed result): median "
              f"{med(c[0] for c in cold) * 1000:.1f} ms, min {min(c[1] for c in cold) * 1000:.1f} ms")
    if noop:
        full = rate.get(("arshif", "2"))
        extra = f" ({med(noop) / (docs / full[0]) * 100:.1f}% of a full 2-thread index)" if full else ""
        print(f"\nNo-change reindex: median {med(noop):.2f} s over {len(noop)} runs{extra}")


if __name__ == "__main__":
    main(sys.argv[1])
