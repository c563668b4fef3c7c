#!/usr/bin/env bash
# make bench-pg: the PostgreSQL backend under SESSIONS (16) concurrent sessions doing a mix of
# enrolments (40 %), transfers (30 %) and point queries (30 %, `find where no = …`), against pgbench running the
# same statements (bench/pg/*.sql, written from what xueji-pgbench captures the backend
# sending) with as many clients on the same server: pgbench is the ceiling. ROUNDS (5) rounds of
# both, alternating; the median round's ratio is the result.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-16}
OPS=${OPS:-200}
SECONDS_PGBENCH=${SECONDS_PGBENCH:-8}
ROUNDS=${ROUNDS:-5}
COORD=postgres://xueji@127.0.0.1:54340
bash scripts/pg-clusters.sh start >/dev/null
command -v pgbench >/dev/null || { apt-get update && apt-get install -y postgresql-contrib; }
echo "building (release)…" >&2
swift build -c release --product xueji-pgbench >/dev/null
swift build -c release --product xueji >/dev/null
out=.build/bench-pg
mkdir -p "$out"
fresh() {
    psql -q "$COORD/postgres" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" 2>/dev/null
    .build/release/xueji pg init "$COORD/$1" >/dev/null
}

# One round: xueji (SESSIONS threads, each its own session and connection), then pgbench with
# the same statements on a fresh database of the same schema holding the 2,000 students the
# transfers move. The machine is shared and its speed drifts by 2x within minutes, so the rounds
# alternate the two and the ratio is taken within each round; the median round is the result.
round() {
    local r=$1
    fresh xjbench
    (cd "$out" && ../release/xueji-pgbench "$COORD/xjbench" "$SESSIONS" "$OPS" 2000) > "$out/xueji-$r.txt"
    fresh xjpgbench
    psql -q "$COORD/xjpgbench" <<'SQL'
INSERT INTO students (province, number, id_card, name, gender, birth, ethnicity, school, grade, status, enrolled_on, status_since, row)
SELECT 41, 'T' || k, 'J' || k, '学生', 'male', '2015-03-04', '汉族', 4103030001, 3, 'active', '2025-09-01', '2025-09-01', k
FROM generate_series(1, 2000) k;
INSERT INTO student_versions (province, row, valid, number, id_card, name, gender, birth, ethnicity, school, grade, status, enrolled_on)
SELECT 41, k, daterange('2025-09-01', NULL), 'T' || k, 'J' || k, '学生', 'male', '2015-03-04', '汉族', 4103030001, 3, 'active', '2025-09-01'
FROM generate_series(1, 2000) k;
INSERT INTO homes SELECT 'T' || k, 41 FROM generate_series(1, 2000) k;
INSERT INTO id_numbers SELECT 'J' || k, 'T' || k FROM generate_series(1, 2000) k;
SQL
    rm -f "$out"/pgbench_log.*
    (cd "$out" && pgbench -n -M extended -c "$SESSIONS" -j 2 -T "$SECONDS_PGBENCH" --log --log-prefix=pgbench_log \
        -f ../../bench/pg/enrol.sql@4 -f ../../bench/pg/transfer.sql@3 -f ../../bench/pg/find.sql@3 "$COORD/xjpgbench") \
        > "$out/pgbench-$r.txt" 2>&1 || { cat "$out/pgbench-$r.txt"; exit 1; }
    grep -E "failed transactions" "$out/pgbench-$r.txt" | grep -v " 0 (0.000%)" && { echo "pgbench: transactions failed" >&2; exit 1; }
    python3 - "$out" > "$out/pgbench-latency-$r.txt" <<'PY'
import glob, sys
# pgbench's per-transaction log: client, transaction, latency (µs), script number, …
by = {0: [], 1: [], 2: []}
for f in glob.glob(sys.argv[1] + "/pgbench_log.*"):
    for line in open(f):
        c = line.split()
        by[int(c[3])].append(int(c[2]) / 1000)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, int(-(-p * len(xs) // 1)) - 1))] if xs else 0
for i, name in enumerate(["enrol", "transfer", "find"]):
    xs = by[i]; print(f"{name:9} {len(xs):6}  p50 {pct(xs, .5):7.2f} ms  p99 {pct(xs, .99):7.2f} ms")
xs = sum(by.values(), []); print(f"{'all':9} {len(xs):6}  p50 {pct(xs, .5):7.2f} ms  p99 {pct(xs, .99):7.2f} ms")
PY
}
for r in $(seq 1 "$ROUNDS"); do round "$r"; done
python3 - "$out" "$ROUNDS" <<'PY'
import re, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = []
for r in range(1, rounds + 1):
    x = open(f"{out}/xueji-{r}.txt").read()
    p = open(f"{out}/pgbench-{r}.txt").read()
    xs = float(re.search(r"([0-9.]+) statements/s", x).group(1))
    ps = float(re.search(r"tps = ([0-9.]+)", p).group(1))
    rows.append((xs / ps, r, xs, ps))
    print(f"round {r}: xueji {xs:6.0f} statements/s, pgbench {ps:6.0f}: {xs / ps:.2f}")
ratio, r, xs, ps = sorted(rows)[len(rows) // 2]
print(f"median round {r}: xueji {xs:.0f} / pgbench {ps:.0f} = {ratio:.2f} (target >= 0.70)")
print(f"--- round {r}, xueji"); print(open(f"{out}/xueji-{r}.txt").read(), end="")
print(f"--- round {r}, pgbench"); print(open(f"{out}/pgbench-latency-{r}.txt").read(), end="")
PY
