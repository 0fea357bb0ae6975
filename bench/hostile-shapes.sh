#!/usr/bin/env bash
# Hostile shapes: for each shape a filing can take to make the gate slow or
# large, the time and peak memory of checking one file of that shape, at
# sizes up to the limits neglist enforces (and past them, where it refuses).
# Prints a Markdown table (BENCHMARKS.md keeps one).
#
#   bench/hostile-shapes.sh            # needs python3 and GNU time
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release --bin neglist
bin=$PWD/target/release/neglist
dir=target/bench/hostile
mkdir -p "$dir"
export NEGLIST_TODAY=2026-11-28

# Runs neglist on one file; prints "| shape | size | seconds | peak MB | result |".
row() {
  local shape=$1 file=$2; shift 2
  local size out
  size=$(stat -c %s "$file")
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$bin" check --no-config --format json "$@" "$file" \
    > "$dir/out.json" 2> /dev/null || true
  out=$(python3 -c "
import json,sys
v=json.load(open('$dir/out.json'))
s=v['summary']
u=v['unreadable']
print(('unreadable: '+u[0]['message'][:60]) if u else '%d findings' % (s['errors']+s['warnings']+s['notes']))")
  read -r secs kb < <(grep -E '^[0-9.]+ [0-9]+$' "$dir/time.txt")
  printf '| %s | %s | %s | %d | %.1f× | %s |\n' "$shape" "$(numfmt --to=iec "$size")" "$secs" \
    $((kb / 1024)) "$(python3 -c "print($kb*1024/$size)")" "$out"
}

gen() { python3 -c "$1" > "$2"; }

echo "| shape | file | seconds | peak RSS MB | RSS / size | result |"
echo "|---|---|---|---|---|---|"
for n in 10000 49990 60000 1000000; do
  f=$dir/keys-$n.yaml
  gen "print('name: x'); [print('k%07d: 1' % i) for i in range($n)]" "$f"
  row "$n unknown keys" "$f" --max-file-size 100000000
done
for n in 50000 99990 200000; do
  f=$dir/flow-$n.yaml
  gen "print('name: x\nbusiness_scope: [' + ', '.join('软件开发%d' % i for i in range($n)) + ', 比特币挖矿]')" "$f"
  row "flow list of $n items, one line" "$f" --max-file-size 100000000
done
for n in 99990; do
  f=$dir/line-$n.ndjson
  gen "import json; print(json.dumps({'name':'x','business_scope':['软件开发%d' % i for i in range($n)]+['比特币挖矿']}, ensure_ascii=False))" "$f"
  row "NDJSON line of $n items" "$f" --input-format ndjson --max-file-size 100000000
done
for mb in 10 12 14 40; do
  f=$dir/scope-$mb.yaml
  gen "n=$mb*1024*1024//16; print('name: x\nbusiness_scope: \"' + '软件开发；'*n + '比特币挖矿\"')" "$f"
  row "one scope string, ${mb} MB" "$f" --max-file-size 200000000
done
for k in 1 10 11; do
  f=$dir/alias-$k.yaml
  gen "print('x: &big \"' + '软'*(100000//3*1) + '\"\nname: x\nbusiness_scope: [' + ', '.join(['*big']*$k) + ', 比特币挖矿]')" "$f"
  row "a 100 KB anchor aliased $k×" "$f"
done
for d in 60 10000; do
  f=$dir/deep-$d.yaml
  gen "print('name: x\nextra: ' + '['*$d + ']'*$d + '\nbusiness_scope: [比特币挖矿]')" "$f"
  row "nesting $d deep" "$f"
done
