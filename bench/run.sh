#!/usr/bin/env bash
# Arshif against Lucene (ArabicAnalyzer, BM25) and plain tantivy (default tokenizer), same corpus,
# same machine, same run. Engines are interleaved in rounds (arshif, plain, lucene, arshif, …) so
# that the machine's load falls on all of them alike; bench/summarize.py reports medians.
#
#   bash bench/run.sh SIZE [WORK_DIR]          e.g. bash bench/run.sh 100000 /work/bench-data
#
# Environment (defaults in brackets):
#   ROUNDS [3]           indexing rounds            THREADS ["1 2"]   writer/parsing threads
#   LUCENE_PASSES [2]    passes inside one JVM (pass 2+ is JIT-warm)
#   ENGINES ["arshif plain lucene"]                 MEMORY_MB [256]   writer memory, every engine
#   QUERIES [1]          run the query mix (QUERY_PROCS [3] processes × QUERY_ROUNDS [3] passes)
#   EXTRAS [1]           arshif-search cold start (hyperfine) and a no-change reindex
#   CORPUS [long]        long: 300-1,500-word articles; short: 100-300 words of real vowelled
#                        text each (issue 29), in WORK_DIR/corpus-short-SIZE
# Raw results go to WORK_DIR/results-SIZE.tsv (results-short-SIZE.tsv), then the summary table.
# The binaries are taken from $CARGO_TARGET_DIR/release when it is set, else target/release.
# Needs: python3, /usr/bin/time (apt-get install time), hyperfine, liblucene8-java + a JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:?usage: bench/run.sh SIZE [WORK_DIR]}
work=${2:-/work/bench-data}
rounds=${ROUNDS:-3}
threads=${THREADS:-"1 2"}
passes=${LUCENE_PASSES:-2}
engines=${ENGINES:-"arshif plain lucene"}
memory=${MEMORY_MB:-256}
case ${CORPUS:-long} in
long) name=$size generate=() ;;
short) name=short-$size generate=(--short) ;;
*) echo "CORPUS is long or short" >&2; exit 2 ;;
esac
corpus=$work/corpus-$name
queries=$work/queries.tsv
out=$work/results-$name.tsv
bin=${CARGO_TARGET_DIR:-$PWD/target}/release
lucene=$PWD/bench/peers/lucene/bench

cargo build --release -q -p arshif-index -p arshif-search -p arshif-bench
[ -d "$corpus" ] || python3 bench/corpus.py generate --cache "$work/cache" --articles "$size" --seed 1 \
    "${generate[@]}" "$corpus"
python3 bench/corpus.py queries --cache "$work/cache" > "$queries"
corpus_bytes=$(cat "$corpus"/*.jsonl | wc -c)
load() { cut -d' ' -f1 /proc/loadavg; }
# record KIND ENGINE THREADS ROUND VALUE... (tab-separated, with the load average)
record() { printf '%s\t' "$@" >> "$out"; printf '%s\n' "$(load)" >> "$out"; }
timed() { # timed FILE CMD...: whole-process wall seconds and peak RSS (KB) into FILE
    local f=$1; shift
    /usr/bin/time -f '%e %M' -o "$f" "$@"
}

{
    echo "# $(date -u +%FT%TZ) size=$size corpus=${CORPUS:-long} commit=$(git rev-parse --short HEAD) corpus_bytes=$corpus_bytes"
    echo "# $(lscpu | grep -E '^Model name' | sed 's/  */ /g'); $(nproc) cores; $(free -g | awk '/Mem:/{print $2}') GiB"
} >> "$out"
record corpus - - - "$size" "$corpus_bytes"

for r in $(seq "$rounds"); do
    for t in $threads; do
        for e in $engines; do
            idx=$work/idx-$e-$name
            case $e in
            arshif)
                timed "$work/t" "$bin/arshif-index" --no-progress --rebuild --threads "$t" \
                    --memory "${memory}M" --index "$idx" "$corpus" 2> "$work/arshif.err" || [ $? -eq 1 ]
                read -r wall rss < "$work/t"
                record index arshif "$t" "$r" "$wall" "$rss" "$(du -sb "$idx" | cut -f1)" ;;
            plain)
                timed "$work/t" "$bin/arshif-bench" plain-index --threads "$t" --memory-mb "$memory" \
                    "$idx" "$corpus" > /dev/null
                read -r wall rss < "$work/t"
                record index plain "$t" "$r" "$wall" "$rss" "$(du -sb "$idx" | cut -f1)" ;;
            lucene)
                timed "$work/t" "$lucene" index "$corpus" "$idx" "$t" "$memory" "$passes" > "$work/lucene.out"
                read -r wall rss < "$work/t"
                # The last pass's in-JVM seconds: JIT-warm when passes > 1.
                warm=$(awk '/^pass/{s=$7} END{print s}' "$work/lucene.out")
                # The whole process of one pass (JVM start, cold JIT, first pass): the wall time
                # less the later passes, which index the same corpus again.
                first=$(awk -v wall="$wall" '/^pass/ && $2 != "1:" {s += $7}
                    END {printf "%.2f", wall - s}' "$work/lucene.out")
                record index lucene "$t" "$r" "$wall" "$rss" "$(du -sb "$idx" | cut -f1)" "$warm" \
                    "$first" "$passes" ;;
            esac
        done
    done
done

if [ "${QUERIES:-1}" = 1 ]; then
    # arshif: what arshif-search does (snippets included); arshif-core: the peers' work on the
    # same index (top 10 with stored documents, counts, facets; no snippets).
    qengines=$(echo " $engines " | sed 's/ arshif / arshif arshif-core /')
    for p in $(seq "${QUERY_PROCS:-3}"); do
        for e in $qengines; do
            idx=$work/idx-${e%-core}-$name
            case $e in
            arshif | arshif-core | plain)
                "$bin/arshif-bench" query --engine "$e" --index "$idx" --queries "$queries" \
                    --rounds "${QUERY_ROUNDS:-3}" > "$work/q.out" 2> "$work/q.err" ;;
            lucene)
                "$lucene" query "$idx" "$queries" "${QUERY_ROUNDS:-3}" > "$work/q.out" 2> "$work/q.err" ;;
            esac
            tail -n +2 "$work/q.out" | while IFS=$'\t' read -r class n p50 p95 p99; do
                record query "$e" - "$p" "$class" "$p50" "$p95" "$p99"
            done
            record nomatch "$e" - "$p" "$(grep -o '^[0-9]* of [0-9]*' "$work/q.err" || true)"
        done
    done
fi

if [ "${EXTRAS:-1}" = 1 ] && [[ " $engines " == *" arshif "* ]]; then
    idx=$work/idx-arshif-$name
    term=$(awk -F'\t' '$1=="term_mid"{print $2; exit}' "$queries")
    hyperfine -N --warmup 3 --runs 30 --export-json "$work/cold.json" \
        "$bin/arshif-search --index $idx --color never $term" > /dev/null 2>&1 ||
        hyperfine -N --warmup 3 --runs 30 --export-json "$work/cold.json" \
            "$bin/arshif-search --index $idx $term" > /dev/null
    record cold arshif - - "$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['median'], r['min'])" "$work/cold.json")"
    for r in 1 2 3 4 5; do
        timed "$work/t" "$bin/arshif-index" --no-progress --threads 2 --memory "${memory}M" \
            --index "$idx" "$corpus" 2> /dev/null || [ $? -eq 1 ]
        read -r wall rss < "$work/t"
        record noop arshif 2 "$r" "$wall" "$rss"
    done
fi
python3 bench/summarize.py "$out"
