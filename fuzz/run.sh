#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) and prints libFuzzer's final stats.
# Needs the nightly toolchain and cargo-fuzz:  rustup toolchain install nightly; cargo install cargo-fuzz
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Findings land in fuzz/artifacts/TARGET/; minimize one with
#   cargo +nightly fuzz tmin TARGET fuzz/artifacts/TARGET/crash-…
# and commit it under fuzz/regressions/TARGET/, where the normal test run replays it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyzer document query)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t for ${seconds}s"
  cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    2>&1 | tail -n 25
done
