#!/usr/bin/env bash
# Incremental reindexing benchmark: a full index of N files vs. a rerun with nothing changed,
# and vs. a rerun after touching 1% of the files' contents. Ratios are within one run.
#
#   bash bench/incremental.sh [N_FILES] [WORK_DIR]      (defaults: 100000, /tmp/arshif-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=${2:-/tmp/arshif-bench}
corpus=$work/corpus-$n
index=$work/index-$n
bin=target/release/arshif-index

cargo build --release -q -p arshif-index
[ -d "$corpus" ] || python3 bench/make_corpus.py --files "$n" --seed 1 "$corpus"

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$work/last.err" || [ $? -eq 1 ]; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "corpus:  $n files, $(du -sh "$corpus" | cut -f1)"
full=$( { for _ in 1 2 3; do secs "$bin" --no-progress --rebuild --index "$index" "$corpus"; done; } | median)
tail -1 "$work/last.err"
noop=$( { for _ in 1 2 3 4 5; do secs "$bin" --no-progress --index "$index" "$corpus"; done; } | median)
tail -1 "$work/last.err"
# Change 1% of the files (append a line), then reindex.
changed=$(( n / 100 ))
find "$corpus" -name '*.txt' | sort > "$work/files.txt"
head -n "$changed" "$work/files.txt" | while read -r f; do echo "سطر مضاف للاختبار." >> "$f"; done
one=$(secs "$bin" --no-progress --index "$index" "$corpus")
tail -1 "$work/last.err"
echo
printf '| run | seconds (median) | vs. full index |\n|---|---|---|\n'
printf '| full index (--rebuild), %d files | %.2f | 1 |\n' "$n" "$full"
printf '| rerun, nothing changed | %.3f | %.2f%% |\n' "$noop" "$(echo "100 * $noop / $full" | bc -l)"
printf '| rerun, %d files changed (1%%) | %.2f | %.2f%% |\n' "$changed" "$one" "$(echo "100 * $one / $full" | bc -l)"
