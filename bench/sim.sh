#!/usr/bin/env bash
# Simulation speed: the pipeline workload at three offered rates, under cumulative.
# Prints simulated items per wall second and virtual seconds per wall second.
#
#   bench/sim.sh                 # builds release, 5 virtual seconds per rate
#   SKIP_BUILD=1 DURATION=10s bench/sim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5s}
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q
bin=target/release/hotsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r workloads/programs "$tmp/"
printf '%-10s %10s %12s %14s %16s %8s\n' rate_pps wall_s items items_per_wall_s virtual_s_per_wall_s busy_%
for rate in 100000 1000000 3000000; do
    sed "s/^rate = .*/rate = $rate/" workloads/pipeline.toml > "$tmp/pipeline.toml"
    start=$(date +%s.%N)
    "$bin" simulate "$tmp/pipeline.toml" --duration "$DURATION" --json "$tmp/r.json" > /dev/null
    end=$(date +%s.%N)
    python3 - "$tmp/r.json" "$start" "$end" "$rate" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
items = sum(s["processed"] for s in r["sources"])
virt = r["duration_ns"] / 1e9
busy = 100.0 * r["busy_ns"] / r["duration_ns"]
print(f"{sys.argv[4]:<10} {wall:10.2f} {items:12d} {items / wall:14.0f} {virt / wall:16.2f} {busy:8.1f}")
PY
done
