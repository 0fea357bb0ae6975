#!/usr/bin/env bash
# The hostile shapes of the 2026-12 write-up (section 2, R1-R5), each
# generated as one file of a given size and timed on a given binary:
# wall time and peak RSS from /usr/bin/time, one run each.
#
#   bench/shapes.sh BINARY                 # every shape, sizes doubling from
#                                          # 64 KB to 10 MB until a run passes
#                                          # 10 s or 256 MB (the table in
#                                          # BENCHMARKS.md)
#   bench/shapes.sh BINARY SHAPE BYTES [FORMAT]   # one shape at one size
#
# Shapes: R1 R2 R2b R3a R3b R3c R3d R3e R4 R5. Needs bash, python3 and
# /usr/bin/time (GNU time); run it from anywhere in the repository. Files go to target/bench/shapes/. A run is
# stopped after LIMIT_S * 3 seconds (it has failed the 10 s limit anyway).
set -euo pipefail
bin=${1:?usage: bench/shapes.sh BINARY [SHAPE BYTES [FORMAT]]}
[[ $bin == /* ]] || bin=$PWD/$bin
case $0 in */*) cd "${0%/*}/.." ;; *) cd .. ;; esac
dir=target/bench/shapes
mkdir -p "$dir"
export NEGLIST_TODAY=2026-12-06
LIMIT_S=10
LIMIT_KB=$((256 * 1024))

# gen SHAPE BYTES FILE: one filing of the shape, about BYTES long.
gen() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
shape, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def scope_string(unit):
    n = max(1, size // len(unit.encode()))
    return 'name: x\nbusiness_scope: "' + unit * n + '"\n'
def one_item(text_of):
    # text_of(n) is the item's text; n chosen so the file is about `size`
    per = len(text_of(1000).encode()) / 1000
    return 'name: x\nbusiness_scope: ["' + text_of(max(1, int(size / per))) + '"]\n'
if shape == 'R1':
    out = scope_string('不含、')
elif shape == 'R2':
    out = one_item(lambda n: '比特币' * (n // 2) + '矿工' * (n // 2))
elif shape == 'R2b':
    out = one_item(lambda n: '&#x865A;&#x62DF;货币' * n)
elif shape == 'R3a':
    out = scope_string('（；')
elif shape == 'R3b':
    out = scope_string('、除外')
elif shape == 'R3c':
    out = one_item(lambda n: '不含比特币' * n)
elif shape == 'R3d':
    out = one_item(lambda n: '软件开发' + '（须比特币）' * n)
elif shape == 'R3e':
    line = '  - 比特币挖矿  # neglist: allow NL0101 -- 批复\n'
    out = 'name: x\nbusiness_scope:\n' + line * max(1, size // len(line.encode()))
elif shape in ('R4', 'R5'):
    out = scope_string('比特币挖矿；')
else:
    sys.exit('unknown shape ' + shape)
open(path, 'w').write(out)
PY
}

# run FILE FORMAT: prints "SECONDS KB" (SECONDS is ">N" when stopped).
run() {
  python3 - "$bin" "$1" "$2" "$((LIMIT_S * 3))" <<'PY'
import os, signal, subprocess, sys, tempfile
bin, path, fmt, stop = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with tempfile.NamedTemporaryFile('r') as t:
    p = subprocess.Popen(['/usr/bin/time', '-f', '%e %M', '-o', t.name, bin, 'check',
                          '--no-config', '--format', fmt, path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        p.wait(timeout=stop)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        print('>%d -' % stop)
        sys.exit()
    line = [l for l in t.read().splitlines() if l and l[0].isdigit()][-1]
    print(line)
PY
}

# size FILE: its size in bytes; human BYTES: 1.5M, 640K.
size() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]))" "$1"; }
human() {
  python3 -c "
n=int('$1')
print('%.1fM' % (n/2**20) if n >= 2**20 else '%dK' % round(n/1024))"
}

formats_of() {
  case $1 in
    R4) echo html ;;
    R5) echo human concise json ;;
    *) echo concise json ;;
  esac
}

if [[ $# -ge 3 ]]; then
  f=$dir/$2-$3.yaml
  gen "$2" "$3" "$f"
  for fmt in ${4:-$(formats_of "$2")}; do
    echo "$2 $(size "$f") $fmt $(run "$f" "$fmt")"
  done
  exit
fi

sizes=(65536 131072 262144 524288 1048576 2097152 4194304 8388608 10485000)
echo "| shape | format | largest size under ${LIMIT_S} s and 256 MB | first size over: time, peak RSS | at 10 MB: time, peak RSS |"
echo "|---|---|---|---|---|"
for shape in R1 R2 R2b R3a R3b R3c R3d R3e R4 R5; do
  for fmt in $(formats_of "$shape"); do
    best=none last=""
    for s in "${sizes[@]}"; do
      f=$dir/$shape-$s.yaml
      [[ -f $f ]] || gen "$shape" "$s" "$f"
      read -r secs kb < <(run "$f" "$fmt")
      bytes=$(size "$f")
      last="$(human "$bytes"): ${secs} s, $([[ $kb == - ]] && echo - || echo $((kb / 1024))) MB"
      if [[ $secs == '>'* || $kb == - ]] || python3 -c "import sys; sys.exit(not ($secs > $LIMIT_S or $kb > $LIMIT_KB))"; then
        break
      fi
      best=$(human "$bytes")
      last="-"
    done
    # And at the size limit, whatever happened below it.
    f=$dir/$shape-${sizes[-1]}.yaml
    [[ -f $f ]] || gen "$shape" "${sizes[-1]}" "$f"
    read -r secs kb < <(run "$f" "$fmt")
    top="${secs} s, $([[ $kb == - ]] && echo - || echo $((kb / 1024))) MB"
    echo "| $shape | $fmt | $best | $last | $top |"
  done
done
