#!/usr/bin/env bash
# Scaled mode against exact mode (docs/scaling.md): lwaftr under cumulative, both modes,
# per seed. Prints wall times, traces, how much of the compile log agrees, drops and
# latency, with the scaled/exact ratios.
#
#   bench/scaling.sh                       # 60 s, seeds 1 2 (about 4 minutes)
#   SKIP_BUILD=1 DURATION=20s SEEDS="1 2 3" bench/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60s}
SEEDS=${SEEDS:-1 2}
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q
bin=target/release/hotsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for seed in $SEEDS; do
    for mode in exact scaled; do
        flag=""
        [ "$mode" = scaled ] && flag="--scaled"
        start=$(date +%s.%N)
        "$bin" simulate workloads/lwaftr.toml --duration "$DURATION" --seed "$seed" $flag \
            --json "$tmp/$mode-$seed.json" > /dev/null
        end=$(date +%s.%N)
        echo "$start $end" > "$tmp/$mode-$seed.wall"
    done
done
python3 - "$tmp" $SEEDS <<'PY'
import json, sys
tmp, seeds = sys.argv[1], sys.argv[2:]

def key(c):
    return (c["event"], c["start"], c["location"], c["parent"], c["exit"], c["detail"])

def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]

def same_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and key(a[n]) == key(b[n]):
        n += 1
    return n

print(f"{'seed':>4} {'mode':>6} {'wall_s':>7} {'skipped':>8} {'traces':>6} {'late':>4} "
      f"{'log_lcs':>8} {'prefix':>12} {'dropped':>7} {'p99.9_us':>8} {'max_us':>7} {'processed':>10}")
for seed in seeds:
    runs = {}
    for mode in ("exact", "scaled"):
        r = json.load(open(f"{tmp}/{mode}-{seed}.json"))
        s, e = map(float, open(f"{tmp}/{mode}-{seed}.wall").read().split())
        runs[mode] = (r, e - s)
    ex = runs["exact"][0]["compiles"]
    for mode in ("exact", "scaled"):
        r, wall = runs[mode]
        log = r["compiles"]
        common = lcs([key(c) for c in ex], [key(c) for c in log])
        n = same_prefix(ex, log)
        until = f"{log[n - 1]['time_ns'] / 1e9:.2f}s ({n})" if n else "0"
        print(f"{seed:>4} {mode:>6} {wall:7.1f} {100 * r['skipped_ns'] / r['duration_ns']:7.1f}% "
              f"{r['vm']['traces']:>6} {r['late_compiles']:>4} {common:>3}/{len(ex):<4} {until:>12} "
              f"{sum(s['dropped'] for s in r['sources']):>7} {r['latency']['p999_ns'] / 1e3:8.1f} "
              f"{r['latency']['max_ns'] / 1e3:7.1f} {sum(s['processed'] for s in r['sources']):>10}")
    (re, we), (rs, ws) = runs["exact"], runs["scaled"]
    ratio = lambda a, b: a / b if b else float("nan")
    print(f"     scaled/exact: wall {ratio(ws, we):.3f}  p99.9 {ratio(rs['latency']['p999_ns'], re['latency']['p999_ns']):.3f}"
          f"  processed {ratio(sum(s['processed'] for s in rs['sources']), sum(s['processed'] for s in re['sources'])):.4f}")
PY
