#!/usr/bin/env bash
# Trace-event agreement with real LuaJIT over a folder of programs: runs `hotsim luajit
# --json` on each and sums LuaJIT's root and side traces that hotsim reproduces in order
# (hashed counters), and the programs whose output is equal. LuaJIT's own counts vary a
# little run to run (its counter slots follow memory addresses).
#
#   bench/fidelity.sh                 # the Lua corpus, vm/tests/lua/[0-9]*.lua
#   bench/fidelity.sh DIR ARGS_FILE   # the programs ARGS_FILE names in DIR, each with
#                                     # the arguments on its line ("name arg...")
#
# LuaJIT's own benchmark programs (not committed; fetch the LuaJIT-test-cleanup
# repository and pass its bench folder):
#   bench/fidelity.sh path/to/LuaJIT-test-cleanup/bench bench/fidelity-luajit-bench.txt
#
# Environment: SKIP_BUILD=1 skips `cargo build --release`; HOTSIM=path runs another
# hotsim binary (to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${HOTSIM:-}" && "${SKIP_BUILD:-0}" != 1 ]]; then cargo build --release -q; fi
HOTSIM=${HOTSIM:-$PWD/target/release/hotsim}
DIR=${1:-vm/tests/lua}
ARGS_FILE=${2:-}
[[ -n "$ARGS_FILE" ]] && ARGS_FILE=$(realpath "$ARGS_FILE")
cd "$DIR"
programs() {
  if [[ -n "$ARGS_FILE" ]]; then
    grep -v '^#' "$ARGS_FILE" | grep -v '^[[:space:]]*$'
  else
    for f in [0-9]*.lua; do echo "${f%.lua}"; done
  fi
}
programs | while read -r name args; do
  # shellcheck disable=SC2086 # the arguments are words
  "$HOTSIM" luajit --json "$name.lua" -- $args 2>/dev/null || echo '{}'
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
    try:
        obj, pos = dec.raw_decode(text, pos)
    except json.JSONDecodeError:
        # Not a report (a program wrote to the real stdout): skip to the next one.
        nxt = text.find("\n{", pos)
        pos = len(text) if nxt < 0 else nxt + 1
        skipped += 1
        continue
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
print(f"{len(runs)} programs ({skipped} could not run: hotsim-only libraries, or failing under LuaJIT or hotsim)")
print(f"root traces: {rp:.1f}% of LuaJIT'"'"'s {rl}; side traces: {sp:.1f}% of {sl}; same output: {same}/{len(runs)}")
'
