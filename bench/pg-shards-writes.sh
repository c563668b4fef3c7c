#!/usr/bin/env bash
# make bench-pg-shards-writes: bench-pg's mix (SESSIONS sessions of enrolments, transfers and
# point queries, xueji-pgbench) on a registry sharded over the two shard clusters: its schools
# in Henan and Hubei, which are on different shards, so a transfer between them is committed
# two-phase on both. No pgbench ceiling here (one pgbench script runs on one server); ROUNDS
# rounds, each on a new registry, the median round's rate is the result, with one session's
# latencies (the time a write takes alone).
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-16}
OPS=${OPS:-100}
ROUNDS=${ROUNDS:-3}
DB=xjshardwrites
out=.build/bench-pg-shards-writes
source bench/pg-common.sh
swift build -c release --product xueji-pgbench >/dev/null
round() {
    new_sharded_registry
    (cd "$out" && ../release/xueji-pgbench "$COORD/$DB" "$1" "$2" 2000) | grep -E "^(sessions|enrol|transfer|find|all|verify)"
}
for r in $(seq 1 "$ROUNDS"); do round "$SESSIONS" "$OPS" > "$out/round-$r.txt"; head -n 1 "$out/round-$r.txt"; done
round 1 200 > "$out/alone.txt"
python3 - "$out" "$ROUNDS" <<'PY'
import re, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rates = sorted((float(re.search(r"([0-9.]+) statements/s", open(f"{out}/round-{r}.txt").read()).group(1)), r) for r in range(1, rounds + 1))
rate, r = rates[len(rates) // 2]
print(f"median round {r}: {rate:.0f} statements/s")
print(open(f"{out}/round-{r}.txt").read(), end="")
print("--- one session alone"); print(open(f"{out}/alone.txt").read(), end="")
PY
