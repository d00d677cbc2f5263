#!/usr/bin/env bash
# Load on `arshif-search --serve` (issue 28): one client, then CLIENTS concurrent clients, send the
# fixed query mix for SECONDS each, first on a quiet index, then while `arshif-index` reruns with changes (one JSONL
# file of 1,000 articles rewritten before each round). Loopback only; bounded in time (each phase
# SECONDS) and in requests (arshif-bench http-load stops at 5 million).
#
#   bash bench/serve.sh 100000 /tmp/asb          # corpus, index and results under /tmp/asb
#   CLIENTS=32 SECONDS_EACH=60 bash bench/serve.sh 100000 /tmp/asb
#
# Needs the query mix (bench/corpus.py queries) and, when the corpus is absent, the corpus
# sources (bench/corpus.py fetch; see BENCHMARKS.md "Against Lucene and plain tantivy").
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:?usage: bench/serve.sh ARTICLES WORKDIR}
work=${2:?usage: bench/serve.sh ARTICLES WORKDIR}
clients=${CLIENTS:-32}
seconds=${SECONDS_EACH:-60}
cache=${ARSHIF_BENCH_CACHE:-/work/bench-data/cache}
mkdir -p "$work"
corpus="$work/corpus-$size"
index="$work/index-$size"
queries="$work/queries.tsv"
results="$work/serve-$size-$(date -u +%Y%m%dT%H%M%S).txt"

cargo build --release -q -p arshif-search -p arshif-index -p arshif-bench
bin=target/release
[ -d "$corpus" ] || python3 bench/corpus.py generate --cache "$cache" --articles "$size" --seed 1 "$corpus"
[ -f "$queries" ] || python3 bench/corpus.py queries --cache "$cache" --seed 1 > "$queries"
if [ ! -f "$index/meta.json" ]; then
    /usr/bin/time -f "indexed in %e s, peak RSS %M KB" "$bin/arshif-index" --no-progress --index "$index" "$corpus"
fi

log="$work/serve.log"
"$bin/arshif-search" --index "$index" --serve 127.0.0.1:0 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'http://' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
[ -n "$url" ] || { cat "$log"; exit 1; }
echo "server at $url ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$results"

run() {
    local n=$2
    echo "== $1: $n clients, $seconds s, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
    "$bin/arshif-bench" http-load --url "$url" --queries "$queries" --clients "$n" \
        --seconds "$seconds" 2>&1 | tee -a "$results"
}

# Warm-up (untimed); one client (latency without queueing); then CLIENTS on a quiet index.
"$bin/arshif-bench" http-load --url "$url" --queries "$queries" --clients 4 --seconds 5 > /dev/null 2>&1
run "one client, quiet index" 1
run "quiet index" "$clients"

# The same load while arshif-index reruns, each round with one file changed.
(
    round=0
    end=$((SECONDS + seconds))
    files=("$corpus"/*.jsonl)
    while [ $SECONDS -lt $end ]; do
        f=${files[$((round % ${#files[@]}))]}
        # A change to every article of one file: its first title gets a round number.
        python3 - "$f" "$round" <<'EOF'
import json, sys
path, n = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
out = []
for line in lines:
    doc = json.loads(line)
    doc["title"] = doc["title"].split(" · ")[0] + " · " + n
    out.append(json.dumps(doc, ensure_ascii=False))
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
        "$bin/arshif-index" --no-progress --index "$index" "$corpus" 2>&1 | tail -1 | sed 's/^/  indexer: /'
        round=$((round + 1))
    done
) >> "$results" 2>&1 &
indexer=$!
run "while arshif-index reruns" "$clients"
wait $indexer || true
grep 'indexer:' "$results" | tail -3
echo "results in $results"
