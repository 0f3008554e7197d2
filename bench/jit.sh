#!/usr/bin/env bash
# JIT benchmark: hotsim with its tracing JIT (default `cumulative`) against hotsim's
# interpreter alone (`--policy never`), in wall time and in virtual time, next to real
# LuaJIT with and without its JIT and PUC Lua 5.4, on the programs in bench/programs/.
#
# Usage: bench/jit.sh [--markdown] [PROGRAM...]
#   PROGRAM     names (fib, nbody.lua, ...) or paths; default: every bench/programs/*.lua
#   --markdown  print the table as Markdown (for docs/performance.md)
# Environment:
#   SKIP_BUILD=1   do not run `cargo build --release -q` first
#   RUNS=N         timed runs per program and implementation; the best is kept (default 3)
#
# Every implementation's stdout must be identical; the script stops with a diff before
# timing anything if it is not.
#
# Columns: wall seconds of each implementation; "wall x" = hotsim interpreter time / hotsim
# JIT time; "virtual x" = the same ratio in hotsim's virtual time (from --stats);
# "LuaJIT x" = luajit -joff time / luajit time, the real JIT's speedup to compare the
# virtual one against. The last row is the geometric mean of each ratio.

set -euo pipefail

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }

markdown=0
progs=()
for a in "$@"; do
  case "$a" in
    --markdown) markdown=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "jit.sh: unknown option '$a'" >&2; usage >&2; exit 2 ;;
    *) progs+=("$a") ;;
  esac
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$script_dir/.."

RUNS=${RUNS:-3}
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "jit.sh: RUNS must be a positive integer, got '$RUNS'" >&2
  exit 2
fi
for tool in lua5.4 luajit python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "jit.sh: missing $tool; install with: apt-get install lua5.4 luajit python3" >&2
    exit 1
  fi
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building hotsim (cargo build --release -q) ..." >&2
  cargo build --release -q
fi
HOTSIM=target/release/hotsim
[[ -x "$HOTSIM" ]] || { echo "jit.sh: $HOTSIM not found" >&2; exit 1; }

files=()
if ((${#progs[@]} == 0)); then
  for f in bench/programs/*.lua; do files+=("$f"); done
else
  for p in "${progs[@]}"; do
    for cand in "$p" "bench/programs/$p" "bench/programs/$p.lua"; do
      if [[ -f "$cand" ]]; then files+=("$cand"); continue 2; fi
    done
    echo "jit.sh: no such program '$p'" >&2
    exit 2
  done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

impl() { # impl INDEX PROGRAM: run implementation INDEX on PROGRAM
  case "$1" in
    0) "$HOTSIM" exec --policy never "$2" ;;
    1) "$HOTSIM" exec "$2" ;;
    2) luajit -joff "$2" ;;
    3) luajit "$2" ;;
    4) lua5.4 "$2" ;;
  esac
}
NAMES=("hotsim interp" "hotsim JIT" "luajit -joff" "luajit" "lua5.4")

echo "checking outputs (${#files[@]} programs) ..." >&2
for f in "${files[@]}"; do
  name=$(basename "$f" .lua)
  for i in 0 1 2 3 4; do
    if ! impl $i "$f" >"$tmp/$name.$i.out" 2>"$tmp/$name.$i.err"; then
      echo "FAIL: $name: '${NAMES[$i]}' failed:" >&2
      head -20 "$tmp/$name.$i.err" >&2
      exit 1
    fi
    if ! cmp -s "$tmp/$name.0.out" "$tmp/$name.$i.out"; then
      echo "FAIL: $name: stdout of '${NAMES[$i]}' differs from hotsim's interpreter" >&2
      diff "$tmp/$name.0.out" "$tmp/$name.$i.out" | head -10 >&2 || true
      exit 1
    fi
  done
done
echo "outputs identical; timing (best of $RUNS runs)" >&2

best() { # best INDEX PROGRAM -> seconds of the fastest of RUNS runs
  local b="" t0 t1 r
  for ((r = 0; r < RUNS; r++)); do
    t0=$(date +%s.%N)
    impl "$1" "$2" >/dev/null 2>&1
    t1=$(date +%s.%N)
    b=$(awk -v a="$t0" -v c="$t1" -v b="$b" 'BEGIN { t = c - a; if (b == "" || t < b) b = t; printf "%.4f", b }')
  done
  echo "$b"
}

virtual() { # virtual POLICY PROGRAM -> hotsim's virtual seconds
  "$HOTSIM" exec --policy "$1" --stats "$2" 2>&1 >/dev/null | tail -1 |
    python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["virtual_ns"] / 1e9)'
}

rows="$tmp/rows"
: >"$rows"
for f in "${files[@]}"; do
  name=$(basename "$f" .lua)
  echo "  $name" >&2
  t=()
  for i in 0 1 2 3 4; do t+=("$(best $i "$f")"); done
  vn=$(virtual never "$f")
  vj=$(virtual cumulative "$f")
  echo "$name ${t[*]} $vn $vj" >>"$rows"
done

python3 - "$rows" "$markdown" <<'EOF'
import math, sys
rows = [l.split() for l in open(sys.argv[1])]
md = sys.argv[2] == "1"
head = ["program", "hotsim interp s", "hotsim JIT s", "wall x", "virtual x",
        "luajit -joff s", "luajit s", "LuaJIT x", "lua5.4 s"]
out, ratios = [], [[], [], []]
for r in rows:
    name = r[0]
    hi, hj, lo, lj, l54, vn, vj = map(float, r[1:])
    w, v, l = hi / hj, vn / vj, lo / lj
    for k, x in enumerate((w, v, l)):
        ratios[k].append(x)
    out.append([name, f"{hi:.3f}", f"{hj:.3f}", f"{w:.2f}", f"{v:.2f}",
                f"{lo:.3f}", f"{lj:.3f}", f"{l:.2f}", f"{l54:.3f}"])
g = [math.exp(sum(map(math.log, x)) / len(x)) for x in ratios]
out.append(["geomean", "", "", f"{g[0]:.2f}", f"{g[1]:.2f}", "", "", f"{g[2]:.2f}", ""])
if md:
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in out:
        print("| " + " | ".join(r) + " |")
else:
    w = [max(len(str(x)) for x in col) for col in zip(head, *out)]
    for r in [head] + out:
        print("  ".join(str(x).rjust(n) for x, n in zip(r, w)))
EOF
