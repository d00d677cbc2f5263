#!/usr/bin/env bash
# What entity extraction costs within indexing, in instructions: index N copies of data-samples/
# (default 100) under valgrind's callgrind with and without extraction and print both counts,
# the extraction's share, and what Extractor::new (once per run) and Extractor::extract (per
# article) take. Instruction counts do not depend on the machine's load, unlike times (see
# bench/entities.sh). Needs valgrind. Usage: bench/entities-instructions.sh [N]
# ARSHIF_INDEX=path/to/arshif-index measures that binary instead (e.g. an older build).
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-100}"
bin="${ARSHIF_INDEX:-}"
if [ -z "$bin" ]; then cargo build --release -q -p arshif-index; bin=./target/release/arshif-index; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do cp -r data-samples "$work/corpus-$i"; done
rm -f "$work"/corpus-*/README.md
count() {
  rm -rf "$work/idx"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" "$bin" \
    --no-progress --index "$work/idx" "${@:2}" "$work" 2>"$work/log.$1" >/dev/null
  grep -o 'refs: *[0-9,]*' "$work/log.$1" | tr -dc '0-9'
}
without=$(count without --no-extract)
with=$(count with)
inclusive() {
  callgrind_annotate --inclusive=yes "$work/cg.with" 2>/dev/null |
    grep -m1 "extract::Extractor::$1 " | awk '{gsub(",", "", $1); print $1}'
}
echo "instructions, $copies copies of data-samples ($(find "$work" -type f -path '*corpus*' | wc -l) files)"
echo "indexing without extraction: $without"
echo "indexing with extraction:    $with"
echo "  of which Extractor::new:     $(inclusive new)"
echo "  of which Extractor::extract: $(inclusive extract)"
echo "ratio with/without:          $(echo "scale=3; $with / $without" | bc)"
echo "extraction share:            $(echo "scale=3; ($with - $without) / $with" | bc)"
