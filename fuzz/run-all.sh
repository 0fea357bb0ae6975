#!/usr/bin/env bash
# Runs every fuzz target (or those named after SECONDS) for SECONDS
# (default 600) one after the other and reports how each run ended. Needs nightly and cargo-fuzz:
#   cargo install cargo-fuzz && fuzz/run-all.sh 600
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=${*:-rules config waivers uscc filing flat_yaml check scope skeleton}
for t in $targets; do
  mkdir -p "corpus/$t"
  # Seeds, when the corpus is new: the project's own inputs.
  if [ -z "$(ls -A "corpus/$t")" ]; then
    case $t in
      rules) cp ../rules/*.rules "corpus/$t/" ;;
      skeleton) i=0; for s in "虚拟-货币交易" "比特币挖矿" "B.T.C mining" "&#x865A;&#x62DF;货币" "一般项目：技术开发（依法须经批准；比特币挖矿"; do
          i=$((i + 1)); printf '%s' "$s" > "corpus/$t/seed-$i"; done ;;
      filing|check|waivers|flat_yaml) cp ../examples/filings/*.yaml ../examples/project/filings/*.yaml "corpus/$t/" ;;
      config) cp ../examples/project/*.toml "corpus/$t/" ;;
    esac
  fi
  start=$(date +%s)
  # -detect_leaks=0: LeakSanitizer reports glibc's thread-local storage of
  # rayon's threads as a leak (a false positive; the code is safe Rust).
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -detect_leaks=0 > "run-$t.log" 2>&1
  rc=$?
  end=$(date +%s)
  runs=$(grep -oE '^Done [0-9]+ runs' "run-$t.log" | grep -oE '[0-9]+')
  echo "$t: exit $rc after $((end - start)) s, ${runs:-?} executions, $(ls corpus/$t | wc -l) corpus entries"
done
