#!/usr/bin/env bash
# What entity extraction costs within indexing: index a corpus made of N copies of data-samples/
# (default 300, about 10,000 articles) with and without extraction, RUNS times each (default 3),
# and print the median wall times and their ratio. Usage: bench/entities.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-300}"
runs="${2:-3}"
cargo build --release -q -p arshif-index
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do cp -r data-samples "$work/corpus-$i"; done
rm -f "$work"/corpus-*/README.md
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One run: "wall cpu" seconds (cpu = user + system, all threads).
once() {
  rm -rf "$work/idx"
  TIMEFORMAT='%R %U %S'
  { time ./target/release/arshif-index --no-progress --index "$work/idx" "$@" "$work" 2>"$work/log"; } 2>&1 |
    awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
# Alternate the two configurations so that load from other processes hits both alike.
: >"$work/without"; : >"$work/with"
for _ in $(seq 1 "$runs"); do
  once --no-extract >>"$work/without"
  once >>"$work/with"
done
wall_without=$(cut -d' ' -f1 "$work/without" | median); cpu_without=$(cut -d' ' -f2 "$work/without" | median)
wall_with=$(cut -d' ' -f1 "$work/with" | median); cpu_with=$(cut -d' ' -f2 "$work/with" | median)
tail -1 "$work/log"
echo "medians of $runs runs      wall s   cpu s"
echo "without extraction:     $wall_without   $cpu_without"
echo "with extraction:        $wall_with   $cpu_with"
echo "wall ratio with/without: $(echo "scale=3; $wall_with / $wall_without" | bc)"
echo "cpu ratio with/without:  $(echo "scale=3; $cpu_with / $cpu_without" | bc)"
echo "extraction share of indexing cpu time: $(echo "scale=3; ($cpu_with - $cpu_without) / $cpu_with" | bc)"
