#!/usr/bin/env bash
# Peak resident memory of a command, split into anonymous and file-backed pages (sampled from
# /proc/PID/status every 0.2 s; /usr/bin/time -v reports only their sum):
#
#   bash bench/rss.sh target/release/arshif-index --rebuild --threads 2 --index /tmp/i corpus/
set -euo pipefail
"$@" > /dev/null 2>&1 &
pid=$!
max_anon=0 max_file=0 max_rss=0
while kill -0 "$pid" 2>/dev/null; do
    if read -r anon file rss < <(awk '/^RssAnon/{a=$2} /^RssFile/{f=$2} /^VmRSS/{r=$2}
            END{print a+0, f+0, r+0}' "/proc/$pid/status" 2>/dev/null); then
        ((anon > max_anon)) && max_anon=$anon
        ((file > max_file)) && max_file=$file
        ((rss > max_rss)) && max_rss=$rss
    fi
    sleep 0.2
done
wait "$pid" || true
echo "peak VmRSS ${max_rss} KB, RssAnon ${max_anon} KB, RssFile ${max_file} KB"
