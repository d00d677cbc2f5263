#!/usr/bin/env bash
# What language detection costs within indexing. Every article of data-samples/ is written N
# times (default 300, about 11,000 articles) into two JSONL corpora that differ only in the `lang`
# field: present in one (no detection), absent in the other (every article detected). Both are
# indexed RUNS times (default 3), alternating, with --no-extract so that detection is compared
# with the rest of indexing alone (the worst case for its share); prints median wall and cpu
# times, their ratios, and the detection thread time the indexer reports.
# Usage: bench/langdetect.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-300}"
runs="${2:-3}"
cargo build --release -q -p arshif-index
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$copies" "$work" <<'PY'
import json, os, re, sys
copies, work = int(sys.argv[1]), sys.argv[2]
def lang_of(text):
    if re.search(r"[\u3040-\u30ff]", text): return "ja"
    arabic = len(re.findall(r"[\u0600-\u06ff]", text)); latin = len(re.findall(r"[A-Za-z]", text))
    if arabic > latin: return "ar"
    return "fr" if re.search(r"[éèêàç]", text) else "en"
articles = []
for root, _, files in os.walk("data-samples"):
    for name in sorted(files):
        path = os.path.join(root, name)
        if name == "README.md": continue
        text = open(path, encoding="utf-8").read()
        if name.endswith((".json",)):
            items = [json.loads(text)]
        elif name.endswith((".jsonl", ".ndjson")):
            items = [json.loads(l) for l in text.splitlines() if l.strip()]
        else:
            lines = text.strip().split("\n", 1)
            items = [{"title": lines[0], "body": lines[1] if len(lines) > 1 else ""}]
        for a in items:
            body = a.get("body") or a.get("text") or a.get("content") or ""
            articles.append({"title": a.get("title", ""), "body": body,
                             "lang": a.get("lang") or lang_of(a.get("title", "") + body)})
for variant in ("given", "detected"):
    os.makedirs(f"{work}/{variant}")
    with open(f"{work}/{variant}/articles.jsonl", "w", encoding="utf-8") as f:
        for _ in range(copies):
            for a in articles:
                a = dict(a)
                if variant == "detected": del a["lang"]
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
print(f"{copies * len(articles)} articles per corpus", file=sys.stderr)
PY
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
once() {
  rm -rf "$work/idx"
  TIMEFORMAT='%R %U %S'
  { time ./target/release/arshif-index --no-progress --no-extract --index "$work/idx" "$work/$1" 2>"$work/log-$1"; } 2>&1 |
    awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
: >"$work/given.t"; : >"$work/detected.t"
for _ in $(seq 1 "$runs"); do
  once given >>"$work/given.t"
  once detected >>"$work/detected.t"
done
wall_given=$(cut -d' ' -f1 "$work/given.t" | median); cpu_given=$(cut -d' ' -f2 "$work/given.t" | median)
wall_det=$(cut -d' ' -f1 "$work/detected.t" | median); cpu_det=$(cut -d' ' -f2 "$work/detected.t" | median)
tail -1 "$work/log-given"
tail -1 "$work/log-detected"
echo "medians of $runs runs          wall s   cpu s"
echo "lang given (no detection):  $wall_given   $cpu_given"
echo "lang detected:              $wall_det   $cpu_det"
echo "wall ratio detected/given:  $(echo "scale=3; $wall_det / $wall_given" | bc)"
echo "cpu ratio detected/given:   $(echo "scale=3; $cpu_det / $cpu_given" | bc)"
