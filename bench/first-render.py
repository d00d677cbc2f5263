#!/usr/bin/env python3
"""How long the web page of `arshif-search --serve` takes to show results (issue 28).

Starts `arshif-search --serve` on INDEX (loopback, a free port) and Debian's chromedriver with
headless Chromium, then opens the page with a query in its URL -- a bookmarked or shared search,
each time a fresh navigation (the server sends `Cache-Control: no-store`, so the page, its script
and style are fetched every time) -- and reads the browser's own clock:

  html      the page's HTML received (responseEnd of the navigation)
  fcp       first contentful paint (the header and search box)
  results   the results, facets and histogram put in the page (the page's `arshif:results` mark)
  painted   the frame after that painted (`arshif:painted`): what a person sees
  lcp       largest contentful paint, the browser's own "the page is there"

all in ms from the start of the navigation. Each query is loaded ROUNDS times after one untimed
load; the script prints every query's median and max and the median over all loads.

  python3 bench/first-render.py INDEX [--rounds 10] [--bin target/release/arshif-search]

Needs chromium and chromium-driver (apt-get install chromium chromium-driver). Uses only the
standard library: WebDriver is JSON over HTTP.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

QUERIES = [
    ("Arabic word", {"q": "أرمينيا"}),
    ("Arabic phrase", {"q": "\"وقف إطلاق النار\""}),
    ("Arabic phrase, common", {"q": "\"رسول الله\""}),
    ("OR + country filter", {"q": "روسيا OR تركيا", "country": "RU"}),
    ("English AND", {"q": "Armenia ceasefire"}),
    ("every article", {"q": "*"}),
    ("by date", {"q": "*", "sort": "date"}),
]

READ = """
const nav = performance.getEntriesByType('navigation')[0];
const mark = (n) => { const m = performance.getEntriesByName(n); return m.length ? m[m.length - 1].startTime : null; };
const fcp = performance.getEntriesByName('first-contentful-paint');
const painted = mark('arshif:painted');
if (painted === null) return null;
return new Promise((done) => {
  let lcp = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lcp = e.startTime;
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => done({html: nav.responseEnd, fcp: fcp.length ? fcp[0].startTime : null,
    results: mark('arshif:results'), painted, lcp,
    hits: document.querySelectorAll('#hits .hit').length}), 0);
});
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--bin", default="target/release/arshif-search")
    args = ap.parse_args()
    for tool in ("chromium", "chromedriver"):
        if not shutil.which(tool):
            sys.exit(f"first-render: {tool} is missing: apt-get install chromium chromium-driver")

    server = subprocess.Popen([args.bin, "--index", args.index, "--serve", "127.0.0.1:0"],
                              stderr=subprocess.PIPE, text=True)
    base = None
    for line in server.stderr:
        m = re.search(r"http://[0-9.:]+", line)
        if m:
            base = m.group(0)
            break
    if not base:
        sys.exit("first-render: the server did not start")
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wd = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp()
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(wd + "/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        session = call(wd, "POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": shutil.which("chromium"), "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", f"--user-data-dir={profile}"]}}}})["sessionId"]
        s = f"/session/{session}"
        docs = json.load(urllib.request.urlopen(base + "/api/status"))["documents"]
        print(f"index {args.index}: {docs} articles; {os.cpu_count()} cores, "
              f"load {open('/proc/loadavg').read().split()[0]}; {args.rounds} loads a query")
        keys = ["html", "fcp", "results", "painted", "lcp"]
        print(f"{'ms from navigation start':<22}" + "".join(f"{k:>16}" for k in keys) + "    hits")
        every = {k: [] for k in keys}
        for name, params in QUERIES:
            url = base + "/?" + urllib.parse.urlencode(params)
            seen = {k: [] for k in keys}
            hits = 0
            for round_ in range(args.rounds + 1):
                call(wd, "POST", s + "/url", {"url": "about:blank"})
                call(wd, "POST", s + "/url", {"url": url})
                got = None
                for _ in range(600):
                    got = call(wd, "POST", s + "/execute/sync",
                               {"script": READ, "args": []})
                    if got:
                        break
                    time.sleep(0.02)
                if not got:
                    sys.exit(f"first-render: {name}: no results drawn within 12 s")
                hits = got["hits"]
                if round_ == 0:
                    continue  # untimed: the first load of a query warms the server's caches
                for k in keys:
                    if got[k] is not None:
                        seen[k].append(got[k])
                        every[k].append(got[k])
            cells = "".join(f"{statistics.median(seen[k]):>9.0f} /{max(seen[k]):>5.0f}" if seen[k]
                            else f"{'-':>16}" for k in keys)
            print(f"{name:<22}{cells}    {hits}")
        cells = "".join(f"{statistics.median(every[k]):>9.0f} /{max(every[k]):>5.0f}" if every[k]
                        else f"{'-':>16}" for k in keys)
        print(f"{'all (median / max)':<22}{cells}")
        call(wd, "DELETE", s)
    finally:
        driver.terminate()
        server.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
