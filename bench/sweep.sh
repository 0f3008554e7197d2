#!/usr/bin/env bash
# Sweep throughput: bench/sweep.toml (18 cells of 2 virtual seconds) with 1 and 2
# threads, back to back; prints cells per minute and the parallel efficiency.
#
#   bench/sweep.sh            # builds release first; SKIP_BUILD=1 to skip
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A wall
for t in 1 2; do
    start=$(date +%s.%N)
    target/release/hotsim run bench/sweep.toml --threads "$t" --out "$tmp/t$t" 2> /dev/null
    end=$(date +%s.%N)
    wall[$t]=$(python3 -c "print($end - $start)")
done
cmp -s "$tmp/t1/runs.csv" "$tmp/t2/runs.csv" || { echo "runs.csv differs between 1 and 2 threads" >&2; exit 1; }
python3 - "${wall[1]}" "${wall[2]}" <<'PY'
import sys
w1, w2 = float(sys.argv[1]), float(sys.argv[2])
cells = 18
print(f"{'threads':<8} {'wall_s':>8} {'cells_per_min':>14}")
print(f"{1:<8} {w1:8.1f} {cells / w1 * 60:14.1f}")
print(f"{2:<8} {w2:8.1f} {cells / w2 * 60:14.1f}")
print(f"parallel efficiency at 2 threads: {w1 / w2 / 2 * 100:.0f}%")
PY
