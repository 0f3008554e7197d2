#!/usr/bin/env bash
# Run an experiment as N shards in parallel on this machine, then merge them.
#
#   scripts/run-shards.sh EXPERIMENT.toml N OUT_DIR
#
# Each shard is an independent `hotsim run --shard I/N` (here launched with xargs -P;
# on a cluster, one per job, see docs/distributed.md); the merge writes OUT_DIR exactly
# as an unsharded run would. Set HOTSIM to the binary to use (default: hotsim on PATH).
set -euo pipefail
if [ $# -ne 3 ]; then
    echo "usage: $0 EXPERIMENT.toml N OUT_DIR" >&2
    exit 2
fi
spec=$1 n=$2 out=$3
hotsim=${HOTSIM:-hotsim}
case $n in ''|*[!0-9]*|0) echo "$0: N must be a positive integer" >&2; exit 2;; esac
shards=$out.shards
mkdir -p "$shards"
seq 0 $((n - 1)) | xargs -P "$n" -I{} "$hotsim" run "$spec" --shard "{}/$n" --threads 1 --out "$shards/{}"
dirs=()
for i in $(seq 0 $((n - 1))); do dirs+=("$shards/$i"); done
"$hotsim" merge "$spec" "${dirs[@]}" --out "$out"
