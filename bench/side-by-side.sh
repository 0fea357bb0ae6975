#!/usr/bin/env bash
# Throughput of this tree's release binary side by side with a baseline
# binary, in one run: the benchmark corpus (gen_corpus, seed 1) as a YAML
# tree and as one NDJSON file, or any NDJSON file you name. The two binaries
# run interleaved, one round after another (baseline then this, then this
# then baseline), so that a machine that slows down or speeds up during the
# run (a shared or virtual one does, by ±15 %) weighs on both alike; timing
# one binary's runs and then the other's does not. Prints a Markdown table:
# medians of wall and CPU (user + system) time, the fastest and slowest
# wall times, and the ratios (this / baseline) of the medians and the
# median of the per-round ratios.
#
#   bench/side-by-side.sh BASELINE_BIN [FILINGS] [RUNS]
#   NDJSON=registrations.ndjson bench/side-by-side.sh BASELINE_BIN - [RUNS]
#   e.g. git worktree add /tmp/base <commit> && (cd /tmp/base && cargo build --release)
#        bench/side-by-side.sh /tmp/base/target/release/neglist 100000 12
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/side-by-side.sh BASELINE_BIN [FILINGS] [RUNS]}
n=${2:-100000}
runs=${3:-12}
# (THIS_BIN: a copy of this tree's binary, so that a rebuild during the run
# cannot change what is measured. Only what is not given is built.)
[ -n "${THIS_BIN:-}" ] || cargo build -q --release --bin neglist
[ -n "${NDJSON:-}" ] || cargo build -q --release --example gen_corpus
bin=${THIS_BIN:-target/release/neglist}
gen=target/release/examples/gen_corpus
dir=target/bench
mkdir -p "$dir"
inputs=()
if [ -n "${NDJSON:-}" ]; then
  inputs+=("$(basename "$NDJSON")|check --no-config --format json --input-format ndjson $NDJSON")
else
  if [ ! -f "$dir/corpus-$n/.done" ]; then
    rm -rf "$dir/corpus-$n"
    "$gen" --filings "$n" --out "$dir/corpus-$n" --seed 1 2> /dev/null
    touch "$dir/corpus-$n/.done"
  fi
  [ -f "$dir/corpus-$n.ndjson" ] || "$gen" --filings "$n" --out "$dir/corpus-$n.ndjson" --seed 1 --mode ndjson 2> /dev/null
  inputs+=("$n filings, YAML tree|check --no-config --format json $dir/corpus-$n")
  inputs+=("$n filings, one NDJSON file|check --no-config --format json --input-format ndjson $dir/corpus-$n.ndjson")
fi
times=$(mktemp)
trap 'rm -f "$times"' EXIT
TIMEFORMAT='%R %U %S'
# One timed run: "WHO WALL CPU" appended to $times.
run() {
  local who=$1 exe=$2 args=$3 t
  # (Word splitting of $args is wanted: it is a command line.)
  # shellcheck disable=SC2086
  # (A check that finds something exits 1: that is a run, not a failure.)
  t=$({ time "$exe" $args > /dev/null 2>&1 || true; } 2>&1)
  echo "$who $t" | awk '{ print $1, $2, $3 + $4 }' >> "$times"
}
echo "| input | baseline wall (median, fastest–slowest) | this wall | baseline CPU | this CPU | wall ratio of medians | median per-round wall ratio | CPU ratio of medians |"
echo "|---|---|---|---|---|---|---|---|"
for input in "${inputs[@]}"; do
  label=${input%%|*}
  args=${input#*|}
  : > "$times"
  # (A warm-up run each: the page cache, the allocator's first pages.)
  "$base" $args > /dev/null 2>&1 || true
  "$bin" $args > /dev/null 2>&1 || true
  for i in $(seq "$runs"); do
    if [ $((i % 2)) -eq 1 ]; then
      run base "$base" "$args"; run this "$bin" "$args"
    else
      run this "$bin" "$args"; run base "$base" "$args"
    fi
  done
  awk -v label="$label" '
    function median(a, k,   i, j, t) {
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    $1 == "base" { nb++; bw[nb] = $2; bc[nb] = $3; bmin = (nb == 1 || $2 < bmin) ? $2 : bmin; bmax = $2 > bmax ? $2 : bmax }
    $1 == "this" { nt++; tw[nt] = $2; tc[nt] = $3; tmin = (nt == 1 || $2 < tmin) ? $2 : tmin; tmax = $2 > tmax ? $2 : tmax }
    END {
      for (i = 1; i <= nb; i++) r[i] = tw[i] / bw[i]
      mbw = median(bw, nb); mtw = median(tw, nt); mbc = median(bc, nb); mtc = median(tc, nt)
      printf "| %s | %.3f s (%.3f–%.3f) | %.3f s (%.3f–%.3f) | %.3f s | %.3f s | %.3f | %.3f | %.3f |\n", \
        label, mbw, bmin, bmax, mtw, tmin, tmax, mbc, mtc, mtw / mbw, median(r, nb), mtc / mbc
    }' "$times"
done
echo
echo "$runs rounds; wall and CPU (user + system) seconds of \`neglist <args>\`; baseline: $base; this: $bin."
