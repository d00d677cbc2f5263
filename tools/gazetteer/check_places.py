#!/usr/bin/env python3
"""Checks entities/data/places.tsv (written by build.py): the format, and spot checks taken from
docs/places-sources.md and the issue. Standard library only; exits non-zero on a failure.

    python3 tools/gazetteer/check_places.py [places.tsv [gazetteer.tsv]]
    python3 tools/gazetteer/check_places.py --show NAME...   # the lines that have NAME
"""

import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "entities", "data")
KINDS = ("city", "admin", "area")
ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670 \-]+$")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def key(name):
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s\-.]+", name.lower().translate(FOLD))).strip()


def read(path):
    lines = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        lines.append((n, cols))
    return lines


def names(cols):
    return [x for x in [cols[2], cols[3]] + (cols[4].split("|") if cols[4] else []) if x]


def main():
    args = sys.argv[1:]
    if args[:1] == ["--show"]:
        lines = read(os.path.join(DATA, "places.tsv"))
        for want in args[1:]:
            for _, cols in lines:
                if any(key(n) == key(want) for n in names(cols)):
                    print("\t".join(cols))
        return 0
    places = args[0] if args else os.path.join(DATA, "places.tsv")
    lines = read(places)
    failures = []

    def fail(msg):
        failures.append(msg)

    # Format.
    ids = set()
    header = [l for l in open(places, encoding="utf-8") if l.startswith("#")]
    if not header:
        fail("no header")
    for n, cols in lines:
        if len(cols) != 8:
            fail(f"line {n}: {len(cols)} columns, not 8")
            continue
        kind, id_, en, ar, aliases, cc, pop, weak = cols
        if kind not in KINDS:
            fail(f"line {n}: kind {kind!r}")
        if id_ in ids:
            fail(f"line {n}: id {id_} twice")
        ids.add(id_)
        ok_id = {"city": r"gn:\d+", "admin": r"[A-Z]{2}-[A-Z0-9]{1,3}|gn:[A-Z]{2}\.[A-Za-z0-9]+",
                 "area": r"[a-z0-9]+(-[a-z0-9]+)*"}.get(kind, ".*")
        if not re.fullmatch(ok_id, id_):
            fail(f"line {n}: {kind} id {id_!r}")
        if not en and not ar:
            fail(f"line {n}: no name")
        if ar and not ARABIC_ONLY.match(ar):
            fail(f"line {n}: name_ar {ar!r} is not Arabic letters only")
        for a in aliases.split("|") if aliases else []:
            if not a or a != a.strip():
                fail(f"line {n}: empty or padded alias")
            if re.search("[\u0600-\u06FF]", a) and not ARABIC_ONLY.match(a):
                fail(f"line {n}: alias {a!r} has letters that are not Arabic")
        if not re.fullmatch(r"[A-Z]{2}", cc):
            fail(f"line {n}: country {cc!r}")
        if pop and not re.fullmatch(r"\d+", pop):
            fail(f"line {n}: population {pop!r}")
        all_names = names(cols)
        for w in weak.split("|") if weak else []:
            if w not in all_names:
                fail(f"line {n}: weak name {w!r} is none of the line's names")
        for x in all_names:
            if "\t" in x or "|" in x:
                fail(f"line {n}: separator inside a name")

    by_key = {}
    for n, cols in lines:
        for x in names(cols):
            by_key.setdefault(key(x), []).append(cols)

    def countries_of(name, kind=None):
        return sorted(c[5] for c in by_key.get(key(name), []) if kind is None or c[0] == kind)

    def weak_in(name, cc):
        return [name in c[7].split("|") for c in by_key.get(key(name), []) if c[5] == cc]

    def expect(name, want, kind=None):
        got = countries_of(name, kind)
        missing = [c for c in want if got.count(c) < want.count(c)]
        if missing:
            fail(f"{name} ({kind or 'any'}): expected countries {want}, got {got}")
        else:
            print(f"ok  {name} -> {', '.join(got)}")

    # docs/places-sources.md spot checks.
    expect("إدلب", ["SY"])
    expect("البصرة", ["IQ"])
    expect("رفح", ["EG", "PS"], "city")
    expect("مصراتة", ["LY"])
    expect("الشارقة", ["AE"])
    expect("إمارة الشارقة", ["AE"])
    expect("أوديسا", ["UA"])
    expect("لاهور", ["PK"])
    expect("ولاية فلوريدا", ["US"])
    expect("فلوريدا", ["US"])
    expect("Detroit", ["US"])
    expect("ديترويت", ["US"])
    expect("Austin", ["US"])
    expect("New Jersey", ["US"])
    expect("نيوجيرسي", ["US"])
    expect("طرابلس", ["LB", "LY"], "city")
    expect("Victoria", ["AR", "CA", "CL", "HK", "PH", "SC", "US"], "city")
    expect("Springfield", ["US"] * 5, "city")
    expect("Paris", ["FR", "US"], "city")
    expect("باريس", ["FR", "US"], "city")
    expect("Rafah", ["EG", "PS"], "city")
    expect("Texas", ["US"])
    expect("Tex.", ["US"])
    expect("N.Y.", ["US"])
    expect("Calif.", ["US"])
    expect("Georgia", ["US"])
    expect("Gaza", ["PS"])
    expect("غزة", ["PS"], "city")
    expect("حلب", ["SY"])
    expect("الموصل", ["IQ"])
    expect("بنغازي", ["LY"])
    # The region lines removed from curated.tsv (issue 24): their names are places now.
    for name, cc in (("New York", "US"), ("نيويورك", "US"), ("New York City", "US"),
                     ("New Mexico", "US"), ("نيو مكسيكو", "US"), ("New Jersey", "US"),
                     ("نيوجيرسي", "US"), ("British Columbia", "CA"), ("كولومبيا البريطانية", "CA")):
        if cc not in countries_of(name):
            fail(f"{name}: no place in {cc} (the curated region line was removed for it)")
    # Weak where the issue says so, not weak where a big place owns the name.
    for name, cc, want in (("Georgia", "US", True), ("Paris", "US", True), ("Paris", "FR", False),
                           ("Reading", "GB", True), ("Nice", "FR", True), ("Split", "HR", True),
                           ("Mobile", "US", True), ("Bath", "GB", True), ("Miss.", "US", True),
                           ("Wash.", "US", True), ("London", "GB", False), ("Detroit", "US", False),
                           ("Tex.", "US", False), ("حلب", "SY", False), ("دمشق", "SY", False)):
        got = weak_in(name, cc)
        if not got or any(got) != want:
            fail(f"{name} in {cc}: weak {got}, expected {want}")
        else:
            print(f"ok  {name} ({cc}) weak={want}")
    # Names with diacritics have an ASCII alias (one that is equal but for case and punctuation
    # will do; shorter than 3 letters, none is written).
    sys.path.insert(0, HERE)
    from places import ascii_fold
    for n, cols in lines:
        ascii_keys = {key(x) for x in names(cols) if x.isascii()}
        for x in names(cols):
            if re.match("[A-Za-zÀ-ɏḀ-ỿ]", x) and not x.isascii():
                folded = ascii_fold(x)
                if folded and len(folded) >= 3 and key(folded) not in ascii_keys:
                    fail(f"line {n}: {x!r} has no ASCII alias {folded!r}")
    # No Persian or Urdu letters anywhere.
    for n, cols in lines:
        for x in names(cols):
            if re.search("[\u0671-\u06FF]", x):
                fail(f"line {n}: {x!r} has Persian/Urdu letters")

    # Counts.
    for kind in KINDS:
        rows = [c for _, c in lines if c[0] == kind]
        print(f"{kind}: {len(rows)} lines, {sum(1 for c in rows if c[3])} with an Arabic name,"
              f" {sum(1 for c in rows if c[7])} with weak names")
    print(f"size: {os.path.getsize(places):,} bytes")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
