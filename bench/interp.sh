#!/usr/bin/env bash
# Interpreter benchmark: hotsim's interpreter (--policy never) against PUC Lua 5.4 and
# LuaJIT's interpreter (luajit -joff), on the programs in bench/programs/.
#
# Usage: bench/interp.sh [--markdown] [PROGRAM...]
#   PROGRAM     names (fib, nbody.lua, ...) or paths; default: every bench/programs/*.lua
#   --markdown  print the result table as Markdown (for docs/performance.md)
# Environment:
#   SKIP_BUILD=1   do not run `cargo build --release -q` first
#   RUNS=N         timed runs per program and implementation; the best is kept (default 3)
#   NO_HYPERFINE=1 time with `date +%s.%N` even if hyperfine is installed
#
# Every program's stdout must be identical under the three implementations; the script
# stops with a diff before timing anything if it is not.
#
# Ratios are lua_time / hotsim_time: above 1 means hotsim is faster. The last row is
# the geometric mean over the programs of each column.

set -euo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

markdown=0
progs=()
for a in "$@"; do
  case "$a" in
    --markdown) markdown=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "interp.sh: unknown option '$a'" >&2; usage >&2; exit 2 ;;
    *) progs+=("$a") ;;
  esac
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$script_dir/.."   # the repository root

RUNS=${RUNS:-3}
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "interp.sh: RUNS must be a positive integer, got '$RUNS'" >&2
  exit 2
fi

missing=()
for tool in lua5.4 luajit; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "interp.sh: missing ${missing[*]}; install with: apt-get install lua5.4 luajit" >&2
  exit 1
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building hotsim (cargo build --release -q) ..." >&2
  cargo build --release -q
fi
HOTSIM=target/release/hotsim
if [[ ! -x "$HOTSIM" ]]; then
  echo "interp.sh: $HOTSIM not found; build it (or run without SKIP_BUILD=1)" >&2
  exit 1
fi

# Resolve the program list.
files=()
if ((${#progs[@]} == 0)); then
  for f in bench/programs/*.lua; do files+=("$f"); done
else
  for p in "${progs[@]}"; do
    for cand in "$p" "bench/programs/$p" "bench/programs/$p.lua"; do
      if [[ -f "$cand" ]]; then files+=("$cand"); continue 2; fi
    done
    echo "interp.sh: no such program '$p'" >&2
    exit 2
  done
fi
if ((${#files[@]} == 0)); then
  echo "interp.sh: no programs in bench/programs/" >&2
  exit 1
fi

IMPL_NAMES=("hotsim" "lua5.4" "luajit -joff")
impl_cmd() { # impl_cmd INDEX PROGRAM -> the command line (words)
  case "$1" in
    0) echo "$HOTSIM exec --policy never $2" ;;
    1) echo "lua5.4 $2" ;;
    2) echo "luajit -joff $2" ;;
  esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Check that all three implementations print the same thing.
echo "checking outputs (${#files[@]} programs) ..." >&2
bad=0
for f in "${files[@]}"; do
  name=$(basename "$f" .lua)
  for i in 0 1 2; do
    rc=0
    # shellcheck disable=SC2046
    $(impl_cmd $i "$f") >"$tmp/$name.$i.out" 2>"$tmp/$name.$i.err" || rc=$?
    if ((rc != 0)); then
      echo "FAIL: $name: '${IMPL_NAMES[$i]}' exited with status $rc; stderr:" >&2
      sed 's/^/    /' "$tmp/$name.$i.err" >&2
      bad=1
    fi
  done
  for i in 0 2; do
    if ! cmp -s "$tmp/$name.1.out" "$tmp/$name.$i.out"; then
      echo "FAIL: $name: stdout of '${IMPL_NAMES[$i]}' differs from lua5.4:" >&2
      diff -u --label "lua5.4" --label "${IMPL_NAMES[$i]}" \
        "$tmp/$name.1.out" "$tmp/$name.$i.out" | head -20 | sed 's/^/    /' >&2 || true
      if [[ -s "$tmp/$name.$i.err" ]]; then
        echo "  stderr of '${IMPL_NAMES[$i]}':" >&2
        head -20 "$tmp/$name.$i.err" | sed 's/^/    /' >&2
      fi
      bad=1
    fi
  done
done
if ((bad)); then
  echo "interp.sh: output check FAILED; not timing" >&2
  exit 1
fi
echo "outputs identical." >&2

# 2. Time: best of RUNS for each program and implementation.
use_hyperfine=0
if [[ "${NO_HYPERFINE:-0}" != 1 ]] && command -v hyperfine >/dev/null 2>&1 \
   && command -v python3 >/dev/null 2>&1; then
  use_hyperfine=1
fi
echo "timing: best of $RUNS runs ($( ((use_hyperfine)) && echo hyperfine || echo 'date +%s.%N'))" >&2

best_time_bash() { # best_time_bash COMMAND... -> seconds of the fastest of RUNS runs
  local best="" t0 t1 r
  for ((r = 0; r < RUNS; r++)); do
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" \
      'BEGIN { d = b - a; if (best == "" || d < best + 0) best = d; printf "%.6f", best }')
  done
  echo "$best"
}

results="$tmp/results.tsv"   # program \t hotsim \t lua5.4 \t luajit
: >"$results"
for f in "${files[@]}"; do
  name=$(basename "$f" .lua)
  echo "  $name ..." >&2
  if ((use_hyperfine)); then
    hyperfine -N --runs "$RUNS" --style none --output null \
      --export-json "$tmp/$name.json" \
      "$(impl_cmd 0 "$f")" "$(impl_cmd 1 "$f")" "$(impl_cmd 2 "$f")" \
      >/dev/null 2>"$tmp/hyperfine.err" || {
        echo "interp.sh: hyperfine failed on $name:" >&2
        cat "$tmp/hyperfine.err" >&2
        exit 1
      }
    times=$(python3 - "$tmp/$name.json" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
print("\t".join("%.6f" % min(r["times"]) for r in res))
EOF
)
  else
    t=()
    for i in 0 1 2; do
      # shellcheck disable=SC2046
      t+=("$(best_time_bash $(impl_cmd $i "$f"))")
    done
    times=$(printf '%s\t%s\t%s' "${t[@]}")
  fi
  printf '%s\t%s\n' "$name" "$times" >>"$results"
done

# 3. The table.
awk -F'\t' -v md="$markdown" -v runs="$RUNS" '
  function row(p, h, l, j, rl, rj) {
    if (md) printf "| %s | %.3f | %.3f | %.3f | %.2f | %.2f |\n", p, h, l, j, rl, rj
    else    printf "%-12s %9.3f %9.3f %13.3f %14.2f %14.2f\n", p, h, l, j, rl, rj
  }
  BEGIN {
    if (md) {
      print "| program | hotsim (s) | lua5.4 (s) | luajit -joff (s) | lua5.4 / hotsim | luajit -joff / hotsim |"
      print "|---|---:|---:|---:|---:|---:|"
    } else {
      printf "%-12s %9s %9s %13s %14s %14s\n", "program", "hotsim s", "lua5.4 s", "luajit -joff s", "vs lua5.4", "vs luajit-joff"
    }
  }
  {
    h = $2; l = $3; j = $4
    rl = l / h; rj = j / h
    row($1, h, l, j, rl, rj)
    n++; sh += log(h); sl += log(l); sj += log(j); srl += log(rl); srj += log(rj)
  }
  END {
    if (n == 0) exit
    if (md) row("**geomean**", exp(sh / n), exp(sl / n), exp(sj / n), exp(srl / n), exp(srj / n))
    else    row("geomean", exp(sh / n), exp(sl / n), exp(sj / n), exp(srl / n), exp(srj / n))
    if (md) printf "\nBest of %d runs; times in seconds. Ratios are other / hotsim: above 1 means hotsim is faster.\n", runs
    else    printf "\n(best of %d runs; ratio = other time / hotsim time, >1 means hotsim is faster)\n", runs
  }' "$results"
