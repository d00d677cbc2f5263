#!/usr/bin/env python3
"""Did you mean on real text: Arshif's query-word suggestions against Lucene's DirectSpellChecker
(what Elasticsearch's `term` suggester runs), on misspellings of the corpus's own words.

Driven by eval/suggest/run.sh; the steps can also be run one by one (the text and the corpus are
eval/arabic's, built by `eval/arabic/evaluate.py corpus`):

    python3 eval/suggest/suggest.py queries --cache DIR [--seed 1 --per-class 100]  # DIR/suggest/queries.tsv
    python3 eval/suggest/suggest.py arshif  --cache DIR --bin BIN --index IDX --out RUN.jsonl
    python3 eval/suggest/suggest.py report  --cache DIR --arshif RUN.jsonl --lucene NAME=SPELL.tsv... --found FOUND.tsv
    python3 eval/suggest/suggest.py failures --cache DIR arshif --class keyboard    # what it got wrong

A query is one word of the corpus (its spelling without harakat, in 3 to 500 documents, not a
stopword), changed by one typo class with a fixed seed; a changed word that is itself a word of
the corpus (under the most forgiving spelling: no marks, hamza seats, ى and ة folded) is not kept,
except in the `fold` class, whose changes only touch what both engines' search analysis folds.

Python 3.11 standard library only. Everything is deterministic: the same cache and --seed give
the same bytes.
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
import evaluate as ev  # noqa: E402  (eval/arabic/evaluate.py: fetch, corpus, spelling helpers)

DF_MIN, DF_MAX = 3, 500
BANDS = [("3-4", 3, 4), ("5-6", 5, 6), ("7+", 7, 99)]
TYPOS = ["drop", "double", "swap", "keyboard"]
CLASSES = TYPOS + ["fold", "joined"]
ARABIC = set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي")
PARTICLES = ["في", "من", "على", "عن", "إلى"]

# The Arabic (101) PC keyboard, the layout Windows, macOS and Linux install for Arabic: letters by
# row, under the Latin keys ` q…] / a…' / z…/ (the لا key, b, is left out: two letters).
KEYBOARD = [
    "ذ",
    "ضصثقفغعهخحجد",
    "شسيبلاتنمكط",
    "ئءؤر_ىةوزظ",
]


def keyboard_neighbours():
    """Letters whose keys touch: the same row, one column apart; the row below, one column to the
    left or the same column (rows are staggered); the ذ key touches ض. """
    pos = {}
    rows = [list(KEYBOARD[0]), list(KEYBOARD[1]), list(KEYBOARD[2]), list(KEYBOARD[3])]
    for r, row in enumerate(rows[1:], 1):
        for c, ch in enumerate(row):
            if ch != "_":
                pos[ch] = (r, c)
    near = collections.defaultdict(set)
    for ch, (r, c) in pos.items():
        for ch2, (r2, c2) in pos.items():
            if ch2 == ch:
                continue
            if (r2 == r and abs(c2 - c) == 1) or (r2 == r + 1 and c2 in (c - 1, c)) or (r2 == r - 1 and c2 in (c, c + 1)):
                near[ch].add(ch2)
    near["ذ"].add("ض")
    near["ض"].add("ذ")
    return {k: sorted(v) for k, v in near.items()}


NEAR = keyboard_neighbours()


def band_of(word):
    n = len(word)
    return next(name for name, lo, hi in BANDS if lo <= n <= hi)


def typo(cls, w, rng):
    """One misspelling of `w` (letters only, no marks) by class `cls`: (variant, note) or None."""
    n = len(w)
    if cls == "drop":
        if n < 4:
            return None
        i = rng.randrange(n)
        return w[:i] + w[i + 1:], f"dropped {w[i]} at {i + 1}"
    if cls == "double":
        i = rng.randrange(n)
        return w[:i + 1] + w[i] + w[i + 1:], f"doubled {w[i]} at {i + 1}"
    if cls == "swap":
        spots = [i for i in range(n - 1) if w[i] != w[i + 1]]
        if not spots:
            return None
        i = rng.choice(spots)
        return w[:i] + w[i + 1] + w[i] + w[i + 2:], f"swapped {w[i]}{w[i + 1]} at {i + 1}"
    if cls == "keyboard":
        spots = [i for i in range(n) if w[i] in NEAR]
        if not spots:
            return None
        i = rng.choice(spots)
        new = rng.choice(NEAR[w[i]])
        return w[:i] + new + w[i + 1:], f"{w[i]} → {new} (neighbouring key) at {i + 1}"
    if cls == "fold":
        options = []
        for i, c in enumerate(w):
            if c in "أإآ":
                options.append((i, "ا", "alef"))
            if c == "ا" and i == 0 and w[1:2] != "ل":  # أحمد typed احمد or the reverse; not أل
                options.append((i, "أ", "alef"))
            if c == "ؤ":
                options.append((i, "و", "seat"))
            if c == "ئ":
                options.append((i, "ي", "seat"))
        if w[-1] == "ى":
            options.append((n - 1, "ي", "ya"))
        if w[-1] == "ي" and n > 2:
            options.append((n - 1, "ى", "ya"))
        if w[-1] == "ة":
            options.append((n - 1, "ه", "ta"))
        if not options:
            return None
        i, new, kind = rng.choice(options)
        return w[:i] + new + w[i + 1:], f"{kind}: {w[i]} → {new} at {i + 1}"
    raise ValueError(cls)


def fold_kind(note):
    return note.split(":", 1)[0]


# -------------------------------------------------------------------------------------- queries

def queries(cache, seed, per_class):
    docs = ev.load_docs(cache)
    stop = ev.load_stopwords()
    surface_df = collections.Counter()   # spellings without marks, as written
    folded = set()                       # every word under the most forgiving spelling
    where = collections.defaultdict(list)  # spelling → documents (index in docs)
    pairs = collections.defaultdict(list)  # (particle, word) written apart → documents
    for i, d in enumerate(docs):
        words = ev.WORD.findall(d["title"] + " " + d["body"])
        seen = set()
        for w in words:
            s = ev.strip_marks(w)
            folded.add(ev.fold(w))
            if s not in seen:
                seen.add(s)
                surface_df[s] += 1
                where[s].append(i)
        body = d["body"]
        for span in ev.spans_of(body, 2):
            a, b = (ev.strip_marks(x) for x in span)
            if a in PARTICLES:
                pairs[(a, b)].append(i)

    def good(s):
        return (set(s) <= ARABIC and len(s) >= 3 and ev.fold(s) not in stop
                and DF_MIN <= surface_df[s] <= DF_MAX)

    rng = random.Random(seed)
    words = sorted(s for s in surface_df if good(s))
    rng.shuffle(words)
    # Lengths 3-4, 5-6 and 7+ letters in turn, so every class has all three about equally.
    by_band = {name: [w for w in words if band_of(w) == name] for name, _, _ in BANDS}
    order = []
    for k in range(max(len(v) for v in by_band.values())):
        for name, _, _ in BANDS:
            if k < len(by_band[name]):
                order.append(by_band[name][k])
    rows = []
    for cls in CLASSES:
        n = 0
        if cls == "joined":
            cands = sorted(p for p in pairs if good(p[1]) and len(p[1]) >= 3)
            crng = random.Random(f"{seed}-joined")
            crng.shuffle(cands)
            for a, b in cands:
                if n >= per_class:
                    break
                v = a + b
                if ev.fold(v) in folded:
                    continue
                target = docs[random.Random(f"{seed}-joined-{a} {b}").choice(pairs[(a, b)])]["id"]
                rows.append((cls, v, f"{a} {b}", target, f"no space after {a}", band_of(b)))
                n += 1
        else:
            for w in order:
                if n >= per_class:
                    break
                qrng = random.Random(f"{seed}-{cls}-{w}")
                t = typo(cls, w, qrng)
                if t is None:
                    continue
                v, note = t
                if cls == "fold":
                    # A spelling the corpus never uses, which folds to the word's own.
                    if v in surface_df or ev.fold(v) != ev.fold(w):
                        continue
                elif ev.fold(v) in folded:
                    continue
                target = docs[qrng.choice(where[w])]["id"]
                rows.append((cls, v, w, target, note, band_of(w)))
                n += 1
        if n < per_class:
            print(f"queries: only {n} for class {cls}", file=sys.stderr)
    out = os.path.join(cache, "suggest")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "queries.tsv")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        # Columns 0-1 as eval/arabic's queries.tsv, so bench/peers/lucene/eval can search them.
        f.write("class\tquery\trelevant\tword\tnote\tband\n")
        for cls, v, w, target, note, band in rows:
            f.write("\t".join((cls, v, target, w, note, band)) + "\n")
    os.replace(path + ".tmp", path)
    counts = collections.Counter(r[0] for r in rows)
    print(f"{path}: " + ", ".join(f"{c} {counts[c]}" for c in CLASSES), file=sys.stderr)


def load_queries(cache):
    with open(os.path.join(cache, "suggest", "queries.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")[1:-1]
    return [dict(zip(("class", "query", "relevant", "word", "note", "band"), l.split("\t"))) for l in lines]


# --------------------------------------------------------------------------------------- arshif

def arshif(cache, bin_dir, index, out, limit):
    """Each query word through arshif-search --json: its suggestions and the hits' ids (JSONL)."""
    qs = load_queries(cache)
    search = os.path.join(bin_dir, "arshif-search")
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        for n, q in enumerate(qs):
            p = subprocess.run([search, "--index", index, "--json", "--fields", "url", "--no-pager", "--color", "never",
                                "-n", str(limit), "--", q["query"]], capture_output=True, text=True)
            if p.returncode not in (0, 1):
                sys.exit(f"arshif-search failed on query {n} ({q['query']}): {p.stderr.strip()}")
            doc = json.loads(p.stdout) if p.stdout.strip() else {}
            ids = [h.get("url", "").rsplit("/", 1)[-1] for h in doc.get("hits", [])]
            sugg = []
            for s in doc.get("suggestions", []):
                sugg += s.get("did_you_mean", [])
            f.write(json.dumps({"n": n, "suggestions": sugg, "hits": ids, "total": doc.get("total", 0),
                                "relaxed": bool(doc.get("relaxed"))}, ensure_ascii=False) + "\n")
    os.replace(out + ".tmp", out)


# --------------------------------------------------------------------------------------- report

def load_arshif(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[r["n"]] = (r["suggestions"], r["hits"])
    return out


def load_spell(path):
    """bench/peers/lucene/quality spell output: number, `in-index`, `tokens:K` or suggestions."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, _, rest = line.rstrip("\n").partition("\t")
            out[int(n)] = [] if rest in ("in-index",) or rest.startswith("tokens:") else [s for s in rest.split(",") if s]
    return out


def load_found(path):
    """bench/peers/lucene/eval search output: number, hit count, ids."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, _, ids = line.rstrip("\n").split("\t")[:3]
            out[int(n)] = [i for i in ids.split(",") if i]
    return out


def correct(q, s):
    """A suggestion is right when it is the word as the corpus spells it, under the most forgiving
    spelling (marks, hamza seats, ى and ة folded); for a particle joined to its word, the word
    alone (the particle is a stopword to both engines) or both words."""
    f = ev.fold(s)
    if f == ev.fold(q["word"]):
        return True
    if q["class"] == "joined":
        particle, word = q["word"].split(" ", 1)
        return f == ev.fold(word)
    return False


def score(q, sugg, hits):
    top1 = bool(sugg) and correct(q, sugg[0])
    top3 = any(correct(q, s) for s in sugg[:3])
    return top1, top3, not sugg, q["relevant"] in hits


def report(cache, arshif_run, lucene_runs, found_path, details, markdown=False):
    qs = load_queries(cache)
    engines = [("arshif", load_arshif(arshif_run), None)]
    found = load_found(found_path) if found_path else {}
    for spec in lucene_runs:
        name, path = spec.split("=", 1)
        engines.append((name, load_spell(path), found))

    def cells(members):
        out = []
        for name, run, fnd in engines:
            if fnd is None:
                res = [score(qs[n], *run.get(n, ([], []))) for n in members]
            else:
                res = [score(qs[n], run.get(n, []), fnd.get(n, [])) for n in members]
            k = len(res) or 1
            out.append(tuple(sum(r[i] for r in res) / k for i in range(4)))
        return out

    rows = []
    for cls in CLASSES:
        members = [n for n, q in enumerate(qs) if q["class"] == cls]
        if not members:
            continue
        rows.append((cls, members))
        if cls == "fold":
            for kind, label in (("alef", " أ إ آ ↔ ا"), ("seat", " ؤ ئ → و ي"), ("ya", " ى ↔ ي"), ("ta", " ة → ه")):
                sub = [n for n in members if fold_kind(qs[n]["note"]) == kind]
                if sub:
                    rows.append((label, sub))
    typos = [n for n, q in enumerate(qs) if q["class"] in TYPOS]
    if typos:
        rows.append(("typos", typos))
        for name, _, _ in BANDS:
            rows.append((f" {name} letters", [n for n in typos if qs[n]["band"] == name]))
    names = [e[0] for e in engines]
    head = "top-1 = the first suggestion is the word; top-3 = among the first three; none = no suggestion; found = the word's document in the search's top 100"
    out = []
    if markdown:
        out += ["| class | n | " + " | ".join(f"{e} top-1 | {e} top-3 | {e} none | {e} found" for e in names) + " |",
                "|---|---|" + "---|" * (4 * len(names))]
        for label, members in rows:
            lab = f"↳ {label.strip()}" if label.startswith(" ") else f"**{label}**"
            out.append(f"| {lab} | {len(members)} | " + " | ".join(
                f"{c[0]:.2f} | {c[1]:.2f} | {c[2]:.2f} | {c[3]:.2f}" for c in cells(members)) + " |")
    else:
        out += [head, f"{'class':<14} {'n':>4}  " + "  ".join(f"{n:^27}" for n in names),
                f"{'':<14} {'':>4}  " + "  ".join(f"{'top-1':>6}{'top-3':>7}{'none':>7}{'found':>7}" for _ in names)]
        for label, members in rows:
            out.append(f"{label:<14} {len(members):>4}  " + "  ".join(
                f"{c[0]:>6.2f}{c[1]:>7.2f}{c[2]:>7.2f}{c[3]:>7.2f}" for c in cells(members)))
    # Arshif suggests only for a word with no term in any view: a typo whose stem (or exact form)
    # some article has is searched as it is, and no suggestion is shown.
    arun = engines[0][1]
    silent = collections.Counter(qs[n]["class"] for n in range(len(qs))
                                 if not arun.get(n, ([], []))[0] and arun.get(n, ([], []))[1])
    if silent:
        out += ["", "arshif: no suggestion because the word matched articles as it is (a stem or spelling some "
                "article has): " + ", ".join(f"{c} {silent[c]}" for c in CLASSES if silent[c])]
    print("\n".join(out))
    if details:
        with open(details, "w", encoding="utf-8") as f:
            f.write("class\tquery\tword\ttarget\tnote\tband\t" + "\t".join(f"{e}_suggestions\t{e}_found" for e in names) + "\n")
            for n, q in enumerate(qs):
                c = []
                for name, run, fnd in engines:
                    if fnd is None:
                        sugg, hits = run.get(n, ([], []))
                    else:
                        sugg, hits = run.get(n, []), fnd.get(n, [])
                    rank = hits.index(q["relevant"]) + 1 if q["relevant"] in hits else "-"
                    c += [" · ".join(sugg) or "-", f"{rank}/{len(hits)}"]
                f.write("\t".join([q["class"], q["query"], q["word"], q["relevant"], q["note"], q["band"]] + c) + "\n")


def failures(cache, details, engine, cls, limit):
    """The queries whose first suggestion from `engine` is not the word (in the fold class: whose
    document `engine`'s search did not find): the typo, the word, what changed, every engine's
    suggestions and the word's document's rank/hit count."""
    with open(details or os.path.join(cache, "suggest", "details.tsv"), encoding="utf-8") as f:
        head, *lines = [l.rstrip("\n").split("\t") for l in f]
    engines = [h[:-12] for h in head if h.endswith("_suggestions")]
    if engine not in engines:
        sys.exit(f"failures: no engine {engine!r} in details.tsv (have: {', '.join(engines)})")
    shown = 0
    for row in lines:
        r = dict(zip(head, row))
        if cls and r["class"] != cls:
            continue
        q = {"class": r["class"], "word": r["word"]}
        first = r[engine + "_suggestions"].split(" · ")[0]
        if r["class"] == "fold":
            if r[engine + "_found"].split("/")[0] != "-":
                continue
        elif first != "-" and correct(q, first):
            continue
        others = "  ".join(f"{e}: {r[e + '_suggestions']} ({r[e + '_found']})" for e in engines)
        print(f"{r['class']:<8} {r['query']}  ←  {r['word']}  [{r['note']}; {r['target']}]  {others}")
        shown += 1
        if limit and shown >= limit:
            break


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arshif", "eval-arabic")
    ps = {c: sub.add_parser(c) for c in ("queries", "arshif", "report", "failures")}
    for p in ps.values():
        p.add_argument("--cache", default=default_cache)
    ps["queries"].add_argument("--seed", type=int, default=1)
    ps["queries"].add_argument("--per-class", type=int, default=100)
    ps["arshif"].add_argument("--bin", required=True)
    ps["arshif"].add_argument("--index", required=True)
    ps["arshif"].add_argument("--out", required=True)
    ps["arshif"].add_argument("-n", type=int, default=100)
    ps["report"].add_argument("--arshif", required=True, help="RUN.jsonl of `arshif`")
    ps["report"].add_argument("--lucene", action="append", default=[], help="NAME=SPELL.tsv (repeatable)")
    ps["report"].add_argument("--found", help="bench/peers/lucene/eval search output for the Lucene found column")
    ps["report"].add_argument("--details", help="write per-query results here (TSV)")
    ps["report"].add_argument("--markdown", action="store_true")
    ps["failures"].add_argument("engine")
    ps["failures"].add_argument("--class", dest="cls")
    ps["failures"].add_argument("--details")
    ps["failures"].add_argument("-n", type=int, default=0)
    a = ap.parse_args()
    if a.cmd == "queries":
        queries(a.cache, a.seed, a.per_class)
    elif a.cmd == "arshif":
        arshif(a.cache, a.bin, a.index, a.out, a.n)
    elif a.cmd == "report":
        report(a.cache, a.arshif, a.lucene, a.found, a.details, a.markdown)
    else:
        failures(a.cache, a.details, a.engine, a.cls, a.n)


if __name__ == "__main__":
    main()
