#!/usr/bin/env bash
# Throughput of this tree's release binary side by side with a baseline
# binary, in one run, on the benchmark corpus (gen_corpus, seed 1): the YAML
# tree and the same filings as one NDJSON file, with hyperfine alternating
# the two commands. Prints hyperfine's Markdown table.
#
#   bench/side-by-side.sh BASELINE_BIN [FILINGS] [RUNS]
#   e.g. git worktree add /tmp/base <commit> && (cd /tmp/base && cargo build --release)
#        bench/side-by-side.sh /tmp/base/target/release/neglist 100000 5
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/side-by-side.sh BASELINE_BIN [FILINGS] [RUNS]}
n=${2:-100000}
runs=${3:-5}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build -q --release --bin neglist --example gen_corpus
# (THIS_BIN: a copy of this tree's binary, so that a rebuild during the run
# cannot change what is measured.)
bin=${THIS_BIN:-target/release/neglist}
gen=target/release/examples/gen_corpus
dir=target/bench
mkdir -p "$dir"
if [ ! -f "$dir/corpus-$n/.done" ]; then
  rm -rf "$dir/corpus-$n"
  "$gen" --filings "$n" --out "$dir/corpus-$n" --seed 1 2> /dev/null
  touch "$dir/corpus-$n/.done"
fi
[ -f "$dir/corpus-$n.ndjson" ] || "$gen" --filings "$n" --out "$dir/corpus-$n.ndjson" --seed 1 --mode ndjson 2> /dev/null
for format in yaml ndjson; do
  if [ "$format" = yaml ]; then
    args="check --no-config --format json $dir/corpus-$n"
  else
    args="check --no-config --format json --input-format ndjson $dir/corpus-$n.ndjson"
  fi
  echo "### $n filings, $format"
  hyperfine -N -i --warmup 1 --runs "$runs" --style none --export-markdown /dev/stdout \
    -n baseline "$base $args" -n this "$bin $args" 2> /dev/null | grep '^|'
done
