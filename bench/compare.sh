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

# Times neglist and rg alternately on one corpus; prints report rows.
compare() {
  local n=$1 corpus=$dir/corpus-$1
  if [ ! -f "$corpus/.done" ]; then
    rm -rf "$corpus"
    "$gen" --filings "$n" --out "$corpus" --seed 1 2> /dev/null
    touch "$corpus/.done"
  fi
  local mb files
  mb=$(du -sb --exclude=.done "$corpus" 2>/dev/null | awk '{ printf "%.1f", $1 / 1e6 }')
  files=$(find "$corpus" -name '*.yaml' | wc -l)
  # Warm the page cache for both.
  cat "$corpus"/*/*.yaml > /dev/null 2>&1 || find "$corpus" -name '*.yaml' -exec cat {} + > /dev/null
  : > "$dir/nl.txt"; : > "$dir/rg.txt"
  for _ in $(seq "$runs"); do
    measure "$bin" check --format json "$corpus" >> "$dir/nl.txt"
    if [ $have_rg = 1 ]; then
      measure rg -F -i -c -f "$terms" "$corpus" >> "$dir/rg.txt"
    fi
  done
  local nl rss rg ratio rgrss
  nl=$(cut -d' ' -f1 "$dir/nl.txt" | median)
  rss=$(cut -d' ' -f2 "$dir/nl.txt" | maxof)
  if [ $have_rg = 1 ]; then
    rg=$(cut -d' ' -f1 "$dir/rg.txt" | median)
    rgrss=$(cut -d' ' -f2 "$dir/rg.txt" | maxof)
    ratio=$(awk -v a="$nl" -v b="$rg" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
  else
    rg="(rg not installed)" rgrss="-" ratio="-"
  fi
  awk -v n="$n" -v f="$files" -v mb="$mb" -v nl="$nl" -v rg="$rg" -v ratio="$ratio" \
      -v rss="$rss" -v rgrss="$rgrss" 'BEGIN {
    fps = (nl > 0) ? n / nl : 0; mbs = (nl > 0) ? mb / nl : 0
    printf "| %d | %d | %s | %s s | %.0f | %.1f | %s | %s | %s MB | %s |\n",
      n, f, mb, nl, fps, mbs, rg (rg ~ /^[0-9.]+$/ ? " s" : ""), ratio,
      (rss > 0) ? sprintf("%.1f", rss / 1024) : "?", (rgrss ~ /^[0-9]+$/) ? sprintf("%.1f MB", rgrss / 1024) : rgrss
  }'
}

# One small filing, as a pre-commit hook calls it: start-up and rule
# compilation included. hyperfine if installed (it runs the binary without a
# shell), else a loop timed with `date` (which adds a fork's worth).
hook() {
  local one=$dir/one.yaml
  printf 'name: 某某科技有限公司\nbusiness_scope: [软件开发, 比特币挖矿]\n' > "$one"
  if command -v hyperfine > /dev/null; then
    hyperfine -N -i -w 3 -r 30 --export-json "$dir/hook.json" "$bin check $one" > /dev/null 2>&1
    grep -o '"median": *[0-9.e-]*' "$dir/hook.json" | head -1 | awk '{ printf "%.1f ms (hyperfine, 30 runs)", $2 * 1000 }'
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
  echo "neglist: \`neglist check --format json DIR\`; baseline: \`rg -F -i -c -f terms.txt DIR\` ($(wc -l < "$terms") terms from \`neglist rules --terms\`). Medians of $runs runs, alternating; peak RSS is the largest of the runs."
  echo
  echo "| filings | files | MB | neglist | filings/s | MB/s | ripgrep | ratio | neglist peak RSS | rg peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  compare "$filings"
  if [ $scale = 1 ]; then
    compare $((filings * 10))
  fi
  echo
  echo "One small filing (pre-commit hook), median wall time: $(hook)."
} | tee ${out:+"$out"}
