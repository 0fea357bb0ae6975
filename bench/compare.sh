#!/usr/bin/env bash
# End-to-end benchmark: neglist against ripgrep on the same generated corpus,
# in one run. Prints a Markdown report (BENCHMARKS.md keeps one).
#
#   bench/compare.sh                         # 100 000 filings, 5 runs each
#   bench/compare.sh --filings 1000000 --runs 3
#   bench/compare.sh --scale                 # also 10× the filings (linearity)
#
# Options: --filings N, --runs R, --scale, --dir DIR (where corpora go,
# default target/bench), --profile release|debug (debug: for the smoke test),
# --out FILE (also write the report there).
set -euo pipefail
cd "$(dirname "$0")/.."

filings=100000 runs=5 scale=0 dir=target/bench profile=release out=
while [ $# -gt 0 ]; do
  case "$1" in
    --filings) filings=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --scale) scale=1; shift ;;
    --dir) dir=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

flag=--release; [ "$profile" = debug ] && flag=
cargo build -q $flag --bin neglist --example gen_corpus
bin=target/$profile/neglist
gen=target/$profile/examples/gen_corpus
mkdir -p "$dir"
terms=$dir/terms.txt
"$bin" rules --terms > "$terms"

have_rg=1; command -v rg >/dev/null || have_rg=0
have_time=1; [ -x /usr/bin/time ] || have_time=0

# Runs "$@" once; prints "wall_seconds peak_rss_kb" (rss 0 if unknown).
measure() {
  if [ $have_time = 1 ]; then
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null 2>&1 || true
    # (time also writes "Command exited with non-zero status 1" there.)
    grep -E '^[0-9.]+ [0-9]+$' "$dir/time.txt"
  else
    local s e
    s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N)
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f 0\n", (e - s) / 1e9 }'
  fi
}

median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f", m }'; }
maxof() { sort -n | tail -1; }

# Times neglist and rg alternately on one corpus, written as a tree of
# YAML files (format yaml) or as one NDJSON file (format ndjson); prints a
# report row.
compare() {
  local n=$1 format=$2 corpus nlargs
  if [ "$format" = yaml ]; then
    corpus=$dir/corpus-$n
    if [ ! -f "$corpus/.done" ]; then
      rm -rf "$corpus"
      "$gen" --filings "$n" --out "$corpus" --seed 1 2> /dev/null
      touch "$corpus/.done"
    fi
    nlargs=(check --no-config --format json "$corpus")
  else
    corpus=$dir/corpus-$n.ndjson
    [ -f "$corpus" ] || "$gen" --filings "$n" --out "$corpus" --seed 1 --mode ndjson 2> /dev/null
    nlargs=(check --no-config --format json --input-format ndjson "$corpus")
  fi
  local mb files
  mb=$(du -sb --exclude=.done "$corpus" 2>/dev/null | awk '{ printf "%.1f", $1 / 1e6 }')
  if [ "$format" = yaml ]; then
    files=$(find "$corpus" -name '*.yaml' | wc -l)
    # Warm the page cache for both.
    find "$corpus" -name '*.yaml' -exec cat {} + > /dev/null
  else
    files=1
    cat "$corpus" > /dev/null
  fi
  : > "$dir/nl.txt"; : > "$dir/rg.txt"
  for _ in $(seq "$runs"); do
    measure "$bin" "${nlargs[@]}" >> "$dir/nl.txt"
    if [ $have_rg = 1 ]; then
      measure rg -F -i -c -f "$terms" "$corpus" >> "$dir/rg.txt"
    fi
  done
  local nl rss rg ratio rgrss spread
  nl=$(cut -d' ' -f1 "$dir/nl.txt" | median)
  spread=$(cut -d' ' -f1 "$dir/nl.txt" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }')
  rss=$(cut -d' ' -f2 "$dir/nl.txt" | maxof)
  if [ $have_rg = 1 ]; then
    rg=$(cut -d' ' -f1 "$dir/rg.txt" | median)
    rgrss=$(cut -d' ' -f2 "$dir/rg.txt" | maxof)
    ratio=$(awk -v a="$nl" -v b="$rg" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
  else
    rg="(rg not installed)" rgrss="-" ratio="-"
  fi
  awk -v n="$n" -v fmt="$format" -v f="$files" -v mb="$mb" -v nl="$nl" -v spread="$spread" -v rg="$rg" -v ratio="$ratio" \
      -v rss="$rss" -v rgrss="$rgrss" 'BEGIN {
    fps = (nl > 0) ? n / nl : 0; mbs = (nl > 0) ? mb / nl : 0
    printf "| %d | %s | %d | %s | %s s (%s) | %.0f | %.1f | %s | %s | %s MB | %s |\n",
      n, fmt, f, mb, nl, spread, fps, mbs, rg (rg ~ /^[0-9.]+$/ ? " s" : ""), ratio,
      (rss > 0) ? sprintf("%.1f", rss / 1024) : "?", (rgrss ~ /^[0-9]+$/) ? sprintf("%.1f MB", rgrss / 1024) : rgrss
  }'
}

# One small filing, as a pre-commit hook calls it: start-up included.
# hyperfine if installed (it runs the binary without a shell; 40 runs,
# median and spread), beside `neglist --version` and `true` in the same run
# (what starting any process costs here), else a loop timed with `date`
# (which adds a fork's worth).
hook() {
  local one=$dir/one.yaml
  printf 'name: 某某科技有限公司\nbusiness_scope: [软件开发, 比特币挖矿]\n' > "$one"
  if command -v hyperfine > /dev/null; then
    hyperfine -N -i -w 5 -r 40 --export-json "$dir/hook.json" \
      "$bin check $one" "$bin --version" "$(command -v true)" > /dev/null 2>&1
    python3 - "$dir/hook.json" <<'PY' 2>/dev/null || echo "(hyperfine's JSON could not be read)"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
def ms(x): return f"{x * 1000:.2f} ms"
c, v, t = r
print(f"{ms(c['median'])} (hyperfine, 40 runs; spread {ms(c['min'])}–{ms(c['max'])}, σ {ms(c['stddev'])}); "
      f"`neglist --version` {ms(v['median'])}, `true` {ms(t['median'])} in the same run")
PY
  else
    : > "$dir/hook.txt"
    for _ in $(seq 21); do
      local s e
      s=$(date +%s%N); "$bin" check "$one" > /dev/null 2>&1 || true; e=$(date +%s%N)
      echo $(( (e - s) / 1000 )) >> "$dir/hook.txt"
    done
    awk '{ print $1 / 1000 }' "$dir/hook.txt" | median
    echo " ms (shell loop, 21 runs)"
  fi
}

{
  echo "## Run of $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), $profile build"
  echo
  echo "Command: \`bench/compare.sh --filings $filings --runs $runs$( [ $scale = 1 ] && echo ' --scale')\`"
  echo "neglist: \`neglist check --no-config --format json DIR\` (yaml: a tree of files) or \`… --input-format ndjson FILE\` (ndjson: the same filings, one a line); baseline: \`rg -F -i -c -f terms.txt\` on the same tree or file ($(wc -l < "$terms") terms from \`neglist rules --terms\`). Medians of $runs runs, alternating (fastest–slowest in brackets); peak RSS is the largest of the runs."
  echo
  echo "| filings | format | files | MB | neglist | filings/s | MB/s | ripgrep | ratio | neglist peak RSS | rg peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  compare "$filings" yaml
  compare "$filings" ndjson
  if [ $scale = 1 ]; then
    compare $((filings * 10)) yaml
    compare $((filings * 10)) ndjson
  fi
  echo
  echo "One small filing (pre-commit hook), median wall time: $(hook)."
} | tee ${out:+"$out"}
