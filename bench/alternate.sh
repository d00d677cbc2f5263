#!/usr/bin/env bash
# Whole-process indexing time of several builds, run in turn round after round (so that a busy
# machine slows them all alike), and the median of each: what BENCHMARKS.md's interleaved
# figures come from. A binary whose name contains "bench" is run as `arshif-bench plain-index`
# (plain tantivy); any other as `arshif-index`.
#
#   THREADS=1 bash bench/alternate.sh 10 CORPUS_DIR /tmp/arshif-index.before target/release/arshif-index target/release/arshif-bench
set -euo pipefail
if (($# < 3)); then
    echo "usage: [THREADS=N] bash bench/alternate.sh ROUNDS CORPUS_DIR BINARY..." >&2
    exit 2
fi
rounds=$1 corpus=$2
shift 2
threads=${THREADS:-1}
index=$(mktemp -d)
times=$(mktemp)
trap 'rm -rf "$index" "$times"' EXIT
for _ in $(seq "$rounds"); do
    for bin in "$@"; do
        rm -rf "$index"
        if [[ $(basename "$bin") == *bench* ]]; then
            cmd=("$bin" plain-index --threads "$threads" "$index" "$corpus")
        else
            cmd=("$bin" --no-progress --threads "$threads" --memory 256M --index "$index" "$corpus")
        fi
        /usr/bin/time -f "$bin %e %U %S" -a -o "$times" "${cmd[@]}" > /dev/null 2>&1
    done
done
python3 - "$times" << 'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    bin, wall, user, sys_ = line.split()
    runs[bin].append((float(wall), float(user) + float(sys_)))
for bin, r in runs.items():
    print(f"{bin}\tn={len(r)}\twall median {statistics.median(w for w, _ in r):.3f} s"
          f"\tCPU median {statistics.median(c for _, c in r):.3f} s\twall min {min(w for w, _ in r):.3f} s")
PY
