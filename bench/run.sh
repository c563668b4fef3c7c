#!/usr/bin/env bash
# Side-by-side benchmark: xueji vs sqlite3 vs DuckDB on the same generated registry.
#
#   bench/run.sh [N]        (default 1000000; `make bench N=...` calls this)
#
# Installs what is missing (sqlite3, duckdb CLI, /usr/bin/time), builds xueji in release,
# generates the data once (--seed 42) under $BENCH_DIR (default .build/bench/N), then times
# every task on every system, median of 3 whole-process runs (wall clock, warm page cache).
# Prints one Markdown table; also writes it to $BENCH_DIR/results.md.
set -euo pipefail

N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
W=${BENCH_DIR:-$ROOT/.build/bench/$N}
TODAY=2025-11-01
RUNS=3

log() { echo "$*" >&2; }

# ---------------------------------------------------------------- tools
apt_updated=
apt_install() {
    [ -n "$apt_updated" ] || { apt-get update -qq >&2; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v sqlite3 >/dev/null || apt_install sqlite3
[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null || apt_install python3
command -v duckdb >/dev/null || python3 -m pip install -q duckdb-cli >&2
# The pip package installs a Python wrapper that starts the real binary (~0.1 s of Python per
# call); time the binary itself when we can find it.
DUCKDB=$(python3 -c 'import duckdb_cli, os; p = os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"); print(p if os.path.isfile(p) else "")' 2>/dev/null || true)
[ -n "$DUCKDB" ] || DUCKDB=$(command -v duckdb)
SQLITE=$(command -v sqlite3)

if [ -n "${XUEJI_BIN:-}" ]; then
    XUEJI=$XUEJI_BIN   # e.g. a binary built elsewhere; skips the build
else
    log "building xueji (release)…"
    (cd "$ROOT" && swift build -c release --product xueji >&2)
    XUEJI=$ROOT/.build/release/xueji
fi

# ---------------------------------------------------------------- data
mkdir -p "$W/data" "$W/out"
DATA=$W/data
if [ ! -s "$DATA/students.csv" ] || [ ! -s "$DATA/transfers.sql" ]; then
    log "generating $N students (seed 42)…"
    "$XUEJI" generate --students "$N" --seed 42 --out "$DATA" >&2
    python3 "$BENCH/prepare.py" "$DATA" "$DATA"
fi
DISTRICT=$(cat "$DATA/district")

# Fill the templates of bench/sql and bench/rql for this data.
fill() { sed -e "s|@DATA@|$DATA|g" -e "s|@DISTRICT@|$DISTRICT|g" "$1"; }
for f in "$BENCH"/sql/*.sql "$BENCH"/rql/*.rql; do fill "$f" > "$W/$(basename "$f")"; done
# CLI settings for the SQL scripts: CSV output, no headers.
for f in open count_by_school count_district_by_grade duplicates graduate; do
    { echo ".mode csv"; echo ".headers off"; cat "$W/$f.sql"; } > "$W/$f.cli.sql"
done
{ echo ".headers off"; cat "$DATA/lookups.sql"; } > "$W/lookups.cli.sql"
# SQL UPDATE: say how many rows changed, like xueji does.
echo "SELECT changes();" >> "$W/graduate.cli.sql.sqlite"
cat "$W/graduate.cli.sql" "$W/graduate.cli.sql.sqlite" > "$W/graduate.sqlite.sql"
cp "$W/graduate.cli.sql" "$W/graduate.duckdb.sql"
rm "$W/graduate.cli.sql.sqlite"

REG=$W/registry.xj
SDB=$W/students.sqlite
DDB=$W/students.duckdb

# ---------------------------------------------------------------- harness
declare -A RESULT FAILED ONE_RUN
SLOW=${BENCH_SLOW:-300}
FAILED_ANY=

# measure TASK SYSTEM PREP CMD: runs PREP (untimed) then CMD (timed) $RUNS times; stdout of the
# last run goes to $W/out/TASK.SYSTEM, stderr to .err. Records the median in RESULT[TASK.SYSTEM].
measure() {
    local task=$1 sys=$2 prep=$3 cmd=$4 times=() i t0 t1 rc
    local out=$W/out/$task.$sys
    for ((i = 0; i < RUNS; i++)); do
        # A run slower than $SLOW seconds is not repeated (the cell says "1 run").
        if [ $i -gt 0 ] && awk -v t="${times[0]}" -v s="$SLOW" 'BEGIN { exit !(t > s) }'; then
            ONE_RUN[$task.$sys]=1; break
        fi
        eval "$prep"
        t0=$EPOCHREALTIME
        rc=0; eval "$cmd" > "$out" 2> "$out.err" || rc=$?
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
        if [ $rc -ne 0 ]; then FAILED[$task.$sys]="exit $rc"; FAILED_ANY=1; fi
    done
    RESULT[$task.$sys]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((${#times[@]} + 1) / 2))p")
    log "  $task $sys: ${times[*]} -> ${RESULT[$task.$sys]} s${FAILED[$task.$sys]:+ (FAILED: ${FAILED[$task.$sys]}, see $out.err)}"
}

X='"$XUEJI" "$REG" --today '$TODAY
S='"$SQLITE" "$SDB"'
D='"$DUCKDB" "$DDB"'

log "timing (median of $RUNS; N=$N; district $DISTRICT)…"
# import
measure import xueji 'rm -rf "$REG"' "$X -f \"\$W/import.rql\""
measure import sqlite 'rm -f "$SDB" "$SDB-journal"' "$S < \"\$W/sqlite_import.sql\""
measure import duckdb 'rm -f "$DDB" "$DDB.wal"' "$D < \"\$W/duckdb_import.sql\""
# open to the first answer
measure open xueji : "$X --mode csv -f \"\$W/open.rql\""
measure open sqlite : "$S < \"\$W/open.cli.sql\""
measure open duckdb : "$D < \"\$W/open.cli.sql\""
# 10k point lookups
measure lookups xueji : "$X --mode csv -f \"\$DATA/lookups.rql\""
measure lookups sqlite : "$S < \"\$W/lookups.cli.sql\""
measure lookups duckdb : "$D < \"\$W/lookups.cli.sql\""
# count by school
measure by_school xueji : "$X --mode csv -f \"\$W/count_by_school.rql\""
measure by_school sqlite : "$S < \"\$W/count_by_school.cli.sql\""
measure by_school duckdb : "$D < \"\$W/count_by_school.cli.sql\""
# count by grade in one district
measure district xueji : "$X --mode csv -f \"\$W/count_district_by_grade.rql\""
measure district sqlite : "$S < \"\$W/count_district_by_grade.cli.sql\""
measure district duckdb : "$D < \"\$W/count_district_by_grade.cli.sql\""
# likely duplicates
measure duplicates xueji : "$X --mode csv -f \"\$W/duplicates.rql\""
measure duplicates sqlite : "$S < \"\$W/duplicates.cli.sql\""
measure duplicates duckdb : "$D < \"\$W/duplicates.cli.sql\""
# graduate, on a fresh copy each run
measure graduate xueji 'rm -rf "$W/copy.xj"; cp -r "$REG" "$W/copy.xj"' \
    "$XUEJI \"\$W/copy.xj\" --today $TODAY --mode csv -f \"\$W/graduate.rql\""
measure graduate sqlite 'cp "$SDB" "$W/copy.sqlite"' "$SQLITE \"\$W/copy.sqlite\" < \"\$W/graduate.sqlite.sql\""
measure graduate duckdb 'cp "$DDB" "$W/copy.duckdb"' "$DUCKDB \"\$W/copy.duckdb\" < \"\$W/graduate.duckdb.sql\""
# after-state of the last graduate run, for the cross-check
"$XUEJI" "$W/copy.xj" --today $TODAY --mode csv -c 'count by status' > "$W/out/after_graduate.xueji" 2>&1 || true
"$SQLITE" "$W/copy.sqlite" -csv 'SELECT status, count(*) FROM students GROUP BY status ORDER BY status' > "$W/out/after_graduate.sqlite" 2>&1 || true
"$DUCKDB" "$W/copy.duckdb" -csv -noheader -c 'SELECT status, count(*) FROM students GROUP BY status ORDER BY status' > "$W/out/after_graduate.duckdb" 2>&1 || true
# 10k transfers in one transaction, on a fresh copy each run
measure transfers xueji 'rm -rf "$W/copy.xj"; cp -r "$REG" "$W/copy.xj"' \
    "$XUEJI \"\$W/copy.xj\" --today $TODAY --mode csv -f \"\$DATA/transfers.rql\""
measure transfers sqlite 'cp "$SDB" "$W/copy.sqlite"' "$SQLITE \"\$W/copy.sqlite\" < \"\$DATA/transfers.sql\""
measure transfers duckdb 'cp "$DDB" "$W/copy.duckdb"' "$DUCKDB \"\$W/copy.duckdb\" < \"\$DATA/transfers.sql\""
"$XUEJI" "$W/copy.xj" --today $TODAY --mode csv -c 'count by school' > "$W/out/after_transfers.xueji" 2>&1 || true
"$SQLITE" "$W/copy.sqlite" -csv 'SELECT school, count(*) FROM students GROUP BY school ORDER BY school' > "$W/out/after_transfers.sqlite" 2>&1 || true
"$DUCKDB" "$W/copy.duckdb" -csv -noheader -c 'SELECT school, count(*) FROM students GROUP BY school ORDER BY school' > "$W/out/after_transfers.duckdb" 2>&1 || true
rm -rf "$W/copy.xj" "$W/copy.sqlite" "$W/copy.duckdb" "$W/copy.duckdb.wal"

# resident memory after opening: peak RSS of `xueji REG -c count`, median of 3
rss=()
for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -v -o "$W/out/rss.txt" "$XUEJI" "$REG" --today $TODAY -c count > /dev/null
    rss+=("$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$W/out/rss.txt")")
done
RSS_KB=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")

# ---------------------------------------------------------------- cross-check the answers
CHECKS=$(python3 "$BENCH/check.py" "$W/out" "$N") || FAILED_ANY=1

# ---------------------------------------------------------------- report
{
    echo "| task | xueji (s) | sqlite3 (s) | DuckDB (s) | xueji / best peer |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    row() {
        local task=$1 label=$2 x s d
        x=${RESULT[$task.xueji]}${FAILED[$task.xueji]:+ ✗}${ONE_RUN[$task.xueji]:+ (1 run)}
        s=${RESULT[$task.sqlite]}${FAILED[$task.sqlite]:+ ✗}${ONE_RUN[$task.sqlite]:+ (1 run)}
        d=${RESULT[$task.duckdb]}${FAILED[$task.duckdb]:+ ✗}${ONE_RUN[$task.duckdb]:+ (1 run)}
        ratio=$(awk -v x="${RESULT[$task.xueji]}" -v s="${RESULT[$task.sqlite]}" -v d="${RESULT[$task.duckdb]}" \
            'BEGIN { b = (s < d ? s : d); if (b <= 0) print "–"; else { r = x / b; printf (r < 10 ? "%.2f×" : "%.0f×"), r } }')
        echo "| $label | $x | $s | $d | $ratio |"
    }
    row import "import CSVs (schools + $N students)"
    row open "open saved registry → first answer (count)"
    row lookups "10,000 point lookups by ID number"
    row by_school "count by school"
    row district "count by grade, district $DISTRICT"
    row duplicates "likely duplicates (name, birth, gender)"
    row graduate "graduate grades 6, 9, 12 (fresh copy)"
    row transfers "10,000 transfers, one transaction (fresh copy)"
    echo
    awk -v kb="$RSS_KB" -v n="$N" 'BEGIN { printf "xueji resident memory after opening: peak RSS %.1f MiB = %.0f bytes per student (`/usr/bin/time -v xueji REG -c count`, median of 3)\n", kb / 1024, kb * 1024 / n }'
    echo
    echo "Whole-process wall time, warm page cache, median of $RUNS; ✗ = the command exited non-zero (see $W/out/*.err)."
    echo "sqlite3 $("$SQLITE" --version | cut -d' ' -f1), DuckDB $("$DUCKDB" --version | cut -d' ' -f1), xueji engine $(cd "$ROOT" && git log -1 --format=%h -- Sources Package.swift)$(cd "$ROOT" && git diff --quiet HEAD -- Sources || echo '+uncommitted')."
    echo
    echo "Answers cross-checked:"
    echo
    echo "$CHECKS"
} | tee "$W/results.md"
[ -z "$FAILED_ANY" ]
