#!/usr/bin/env bash
# make bench-pg-shards N=4000000: a registry of N students (generated over all 31 provinces)
# sharded over the two shard clusters of scripts/pg-clusters.sh: import time through xueji,
# a point lookup (routed to the student's shard), `count by school` and `count by
# school.province` (national, over both shards), national `check duplicates`, and each
# server's resident memory and disk. Prints a table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-4000000}
CHUNK=${CHUNK:-500000}
DB=xjshards
out=.build/bench-pg-shards
source bench/pg-common.sh
secs() { python3 -c "import sys; print(f'{float(sys.argv[1]):.1f}')" "$1"; }

# The students, in files of CHUNK (each import is one journal entry).
chunked_imports "$out/gen-$N"

# A new sharded registry: a database of one name on the coordinator and each shard.
# (SKIP_IMPORT=1: the queries again, on the registry the last run imported.)
if [ -z "${SKIP_IMPORT:-}" ]; then
new_sharded_registry

# Import: one xueji process, every file in turn (time, and the peak memory of the session).
/usr/bin/time -f "%e %M" -o "$out/import.time" $X "$COORD/$DB" --today $TODAY "${imports[@]}" > "$out/import.txt"
read -r import_s import_kb < "$out/import.time"
for s in "$COORD" "${SHARDS[@]}"; do psql -q "$s/$DB" -c "VACUUM ANALYZE" 2>/dev/null; done
fi
read -r import_s import_kb < "$out/import.time"

# Queries: one session with .timer on (each statement's time, printed after it).
number=$(psql -qAt "${SHARDS[0]}/$DB" -c "SELECT number FROM students ORDER BY row LIMIT 1 OFFSET 1000")
/usr/bin/time -f "%e %M" -o "$out/queries.time" $X "$COORD/$DB" --today $TODAY --mode csv -c ".timer on" \
    -c "find where no = \"$number\"" -c "find where no = \"$number\"" -c "find where no = \"$number\"" \
    -c "count by school" -c "count by school" -c "count by school.province" -c "check duplicates" \
    > "$out/queries.txt" 2>&1
read -r queries_s queries_kb < "$out/queries.time"
timers=$(grep -E "^(real|Run Time)|time:" "$out/queries.txt" || true)

# A province moved to the other shard while the registry stands (`xueji pg move`): Henan (41),
# the largest province of the generated registry; then moved back, so that a rerun finds it as before.
other=$(psql -qAt "$COORD/$DB" -c "SELECT name FROM shards WHERE NOT '41' = ANY(provinces) ORDER BY name LIMIT 1")
home=$(psql -qAt "$COORD/$DB" -c "SELECT name FROM shards WHERE '41' = ANY(provinces)")
/usr/bin/time -f "%e" -o "$out/move.time" $X pg move "$COORD/$DB" 41 --to "$other" > "$out/move.txt"
read -r move_s < "$out/move.time"
moved=$(head -n 1 "$out/move.txt")
moved_students=$(psql -qAt "$COORD/$DB" -c "SELECT count(*) FROM students WHERE province = 41")
$X pg move "$COORD/$DB" 41 --to "$home" > /dev/null

# Each server: the proportional resident memory of its processes (shared buffers shared out
# among them) and the registry database's size.
pss() {   # cluster name → MiB
    local pid; pid=$(head -n 1 "/var/lib/postgresql/15/$1/postmaster.pid")
    local total=0
    for p in $pid $(pgrep -P "$pid"); do
        total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
    done
    echo $((total / 1024))
}
size() { psql -qAt "$1/$DB" -c "SELECT pg_database_size(current_database()) / 1048576"; }
# (Its own partitions only: after a move the old shard forwards the province to the new one.)
rows() { psql -qAt "$1/$DB" -c "SELECT (SELECT count(*) FROM students WHERE tableoid IN (SELECT oid FROM pg_class WHERE relkind = 'r')) || ' students'"; }

{
echo "## $N students over two shards ($(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD))"
echo
echo "- import ($(ls "$out"/chunks | wc -l) files of ≤ $CHUNK, one xueji process): $(secs "$import_s") s" \
     "= $(python3 -c "print(round($N / $import_s))") students/s; the session's peak memory $((import_kb / 1024)) MiB"
echo "- queries session (open = replay of the journal, then the statements): $(secs "$queries_s") s, peak memory $((queries_kb / 1024)) MiB"
echo "- \`xueji pg move\` of province 41 ($moved_students students) to $other: $(secs "$move_s") s" \
     "= $(python3 -c "print(round($moved_students / $move_s))") students/s (with their events and versions); said: $moved"
echo
echo "| server | holds | resident (PSS) MiB | database MiB |"
echo "|---|---|---|---|"
echo "| coordinator | journal, ids, homes, schools | $(pss xj_coord) | $(size "$COORD") |"
echo "| shard1 | $(rows "${SHARDS[0]}") | $(pss xj_shard1) | $(size "${SHARDS[0]}") |"
echo "| shard2 | $(rows "${SHARDS[1]}") | $(pss xj_shard2) | $(size "${SHARDS[1]}") |"
echo
echo '```'
cat "$out/queries.txt" | grep -vE "^[0-9G]" | head -n 60
echo '```'
} | tee "$out/result.md"
echo "disk after:"; df -h / | tail -n 1
