#!/usr/bin/env bash
# Trace-event agreement with real LuaJIT over the Lua corpus: runs `hotsim luajit --json`
# on every vm/tests/lua program and sums LuaJIT's root and side traces that hotsim
# reproduces in order (hashed counters), and the programs whose output is equal.
# LuaJIT's own counts vary a little run to run (its counter slots follow memory
# addresses).
#
#   bench/fidelity.sh        # builds release first; SKIP_BUILD=1 to skip
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then cargo build --release -q; fi
HOTSIM=$PWD/target/release/hotsim
cd vm/tests/lua
for f in [0-9]*.lua; do
  "$HOTSIM" luajit --json "$f" 2>/dev/null || echo '{}'
done | python3 -c '
import json, sys
dec = json.JSONDecoder()
text = sys.stdin.read()
pos, runs, skipped = 0, [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    obj, pos = dec.raw_decode(text, pos)
    if "agreement_hashed" in obj:
        runs.append(obj["agreement_hashed"])
    else:
        skipped += 1
def total(key):
    lj = sum(r[key]["luajit"] for r in runs)
    hit = sum(r[key]["luajit"] * r[key]["of_luajit"] for r in runs)
    return lj, 100.0 * hit / max(lj, 1)
rl, rp = total("roots")
sl, sp = total("sides")
same = sum(r["same_output"] for r in runs)
print(f"{len(runs)} programs ({skipped} need hotsim-only libraries or fail under LuaJIT)")
print(f"root traces: {rp:.1f}% of LuaJIT'"'"'s {rl}; side traces: {sp:.1f}% of {sl}; same output: {same}/{len(runs)}")
'
