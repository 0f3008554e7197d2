#!/usr/bin/env bash
# Measure hotsim's default cost model on this machine from LuaJIT's interpreter.
#
#   bench/calibrate/run.sh > my-costs.toml
#   hotsim exec --cost my-costs.toml ...
#
# Runs every micro-program in progs/ under `luajit -joff` (interpreter only), each together
# with its baseline program, CAL_RUNS times (default 5) in interleaved rounds, and prints
# the cost model as TOML on stdout (values from the fastest run, spread in comments).
# Progress goes to stderr. Time is the process's CPU time, from `perf stat -e task-clock`
# when perf works, else from bash's `time` (user + sys). Every program's stdout goes to
# /dev/null (io_per_byte measures buffered writes to it).
#
# Environment:
#   CAL_RUNS=5      runs per program (and per baseline)
#   CAL_SCALE=1     multiply every program's iteration count (e.g. 0.1 for a quick check)
#   CAL_RAW=FILE    keep the raw timings (`program N ms` lines) in FILE, and the
#                   call/ret profile (`address samples` lines) in FILE.profile
#   CAL_VERBOSE=1   also print per-program bytecode counts and times on stderr
#   CAL_TIMER=bash  time with bash's `time` even when perf works (and skip the profile)
#   LUAJIT=luajit   the LuaJIT binary to measure
#
# The analysis alone can be redone from kept raw timings:
#   luajit bench/calibrate/analyze.lua bench/calibrate/progs RAW_FILE RUNS TIMER RAW_FILE.profile
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
progs="$here/progs"
runs="${CAL_RUNS:-5}"
scale="${CAL_SCALE:-1}"
luajit="${LUAJIT:-luajit}"

command -v "$luajit" >/dev/null || { echo "run.sh: $luajit not found" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
raw="${CAL_RAW:-$tmp/raw.txt}"
: >"$raw"

# Pick the timer.
timer=bash-time
if [ "${CAL_TIMER:-perf}" = perf ] && command -v perf >/dev/null &&
  perf stat -x, -e task-clock -o "$tmp/perf" -- true >/dev/null 2>&1 &&
  awk -F, '/task-clock/ { ok = ($1 + 0 > 0) } END { exit !ok }' "$tmp/perf"; then
  timer=perf-task-clock
fi

# CPU milliseconds of one run of program $1 with N = $2.
time_one() {
  local prog="$progs/$1" n="$2"
  if [ "$timer" = perf-task-clock ]; then
    perf stat -x, -e task-clock -o "$tmp/perf" -- "$luajit" -joff "$prog" "$n" >/dev/null 2>"$tmp/err" ||
      { echo "run.sh: $1 failed:" >&2; cat "$tmp/err" >&2; exit 1; }
    awk -F, '/task-clock/ { print $1 }' "$tmp/perf"
  else
    local TIMEFORMAT='%3U %3S'
    { time "$luajit" -joff "$prog" "$n" >/dev/null 2>"$tmp/err"; } 2>"$tmp/time" ||
      { echo "run.sh: $1 failed:" >&2; cat "$tmp/err" >&2; exit 1; }
    awk '{ printf "%.3f\n", ($1 + $2) * 1000 }' "$tmp/time"
  fi
}

# Programs and their headers: `-- cal key=K variant=V n=N base=B[@0] ...`.
list=()
for f in "$progs"/*.lua; do
  hdr="$(head -1 "$f")"
  case "$hdr" in "-- cal "*) list+=("$(basename "$f")") ;; esac
done
field() { head -1 "$progs/$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "run.sh: ${#list[@]} programs, $runs rounds, timer $timer, scale $scale" >&2
for ((r = 1; r <= runs; r++)); do
  echo "run.sh: round $r/$runs" >&2
  for p in "${list[@]}"; do
    n="$(awk -v n="$(field "$p" n)" -v s="$scale" 'BEGIN { printf "%d", n * s }')"
    base="$(field "$p" base)"
    bn="$n"
    case "$base" in *@0) base="${base%@0}"; bn=0 ;; esac
    tb="$(time_one "$base" "$bn")"
    tp="$(time_one "$p" "$n")"
    echo "$base $bn $tb" >>"$raw"
    echo "$p $n $tp" >>"$raw"
  done
done

# Split CALL + FUNCF + RET0 between call and ret: CPU-time profile of call_ret0.lua
# (sampled instruction addresses in the luajit binary; analyze.lua clusters them into the
# bytecode handlers). Without a working `perf record` analyze.lua uses a default share.
prof="${CAL_RAW:+$CAL_RAW.profile}"
prof="${prof:-$tmp/profile.txt}"
bin="$(readlink -f "$(command -v "$luajit")")"
pn="$(awk -v n="$(field call_ret0.lua n)" -v s="$scale" 'BEGIN { printf "%d", n * s }')"
if [ "$timer" = perf-task-clock ] &&
  perf record -q -e cpu-clock -c 10000 -o "$tmp/prof.data" -- "$luajit" -joff "$progs/call_ret0.lua" "$pn" \
    >/dev/null 2>"$tmp/err" &&
  perf script -i "$tmp/prof.data" -F ip,dso 2>/dev/null |
  awk -v bin="$bin" 'index($0, "(" bin ")") { c[$1]++ } END { for (ip in c) print ip, c[ip] }' >"$prof" &&
  [ -s "$prof" ]; then
  echo "run.sh: profiled call_ret0.lua" >&2
  profarg=("$prof")
else
  echo "run.sh: no profile (no perf, or CAL_TIMER=bash): default call/ret split" >&2
  profarg=()
fi

# The analysis runs under the same binary with its JIT on (it is not measured).
# Iteration counts in the program headers are scaled the same way as the runs.
if [ "$scale" != 1 ]; then
  mkdir -p "$tmp/progs"
  for p in "${list[@]}"; do
    n="$(awk -v n="$(field "$p" n)" -v s="$scale" 'BEGIN { printf "%d", n * s }')"
    sed "1s/ n=[^ ]*/ n=$n/" "$progs/$p" >"$tmp/progs/$p"
  done
  progs="$tmp/progs"
fi
LUAJIT="$luajit" "$luajit" "$here/analyze.lua" "$progs" "$raw" "$runs" "$timer" "${profarg[@]}"
