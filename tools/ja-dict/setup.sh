#!/usr/bin/env bash
# Builds the Japanese dictionary Arshif's Japanese analysis needs (lindera over IPADIC), offline:
# the IPADIC sources come from Debian's mecab-ipadic package (`apt-get download`, unpacked with
# `dpkg-deb -x`, nothing installed), and `arshif-index --build-ja-dict` builds them with
# lindera's own DictionaryBuilder.
#
#   bash tools/ja-dict/setup.sh                 # into $ARSHIF_JA_DICT, else
#                                               # ${XDG_CACHE_HOME:-~/.cache}/arshif/ja-dict
#   bash tools/ja-dict/setup.sh --force         # rebuild even if it is there
#   bash tools/ja-dict/setup.sh SRC_DIR         # from IPADIC sources you already have
#
# It does nothing (quickly) when the dictionary is already there. Without it, Japanese text is
# indexed with CJK bigrams and a warning says so.
set -euo pipefail
cd "$(dirname "$0")/../.."

force=false
src=""
for arg in "$@"; do
    case "$arg" in
        --force) force=true ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "setup.sh: unknown option $arg (use --force or SRC_DIR)" >&2; exit 2 ;;
        *) src="$arg" ;;
    esac
done

dest="${ARSHIF_JA_DICT:-${XDG_CACHE_HOME:-$HOME/.cache}/arshif/ja-dict}"
if [ -f "$dest/metadata.json" ] && ! $force; then
    echo "ja-dict: the Japanese dictionary is already in $dest (skipped; --force rebuilds it)"
    exit 0
fi

SECONDS=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$src" ]; then
    if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
        echo "ja-dict: error: needs Debian's apt-get and dpkg-deb to fetch mecab-ipadic;" \
            "elsewhere get the IPADIC sources (CSV and .def files) and run" \
            "bash tools/ja-dict/setup.sh SRC_DIR" >&2
        exit 2
    fi
    # apt-get download runs as the _apt user when root: the directory must be writable by it.
    chmod 777 "$tmp"
    echo "ja-dict: fetching Debian's mecab-ipadic (IPADIC sources)"
    if ! (cd "$tmp" && apt-get download mecab-ipadic >/dev/null 2>&1); then
        # A fresh machine has no package lists yet.
        if [ "$(id -u)" = 0 ]; then
            apt-get update >/dev/null
        else
            echo "ja-dict: error: apt-get download mecab-ipadic failed; run \`sudo apt-get update\` and try again" >&2
            exit 2
        fi
        (cd "$tmp" && apt-get download mecab-ipadic >/dev/null)
    fi
    dpkg-deb -x "$tmp"/mecab-ipadic_*.deb "$tmp/pkg"
    src="$tmp/pkg/usr/share/mecab/dic/ipadic"
fi

echo "ja-dict: building the dictionary into $dest"
cargo run --quiet -p arshif-index -- --build-ja-dict "$src" --out "$dest"
echo "ja-dict: done in ${SECONDS} s (fetch, compile and build); $(du -sh "$dest" | cut -f1) in $dest"
