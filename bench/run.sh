#!/usr/bin/env bash
# Side-by-side benchmark: xueji vs sqlite3 vs DuckDB on the same generated registry.
#
#   bench/run.sh [N]        (default 1000000; `make bench N=...` calls this)
#
# Installs what is missing (sqlite3, duckdb CLI, /usr/bin/time), builds xueji in release,
# generates the data once (--seed 42) under $BENCH_DIR (default .build/bench/N; reused by later
# runs), then prints two Markdown tables (also written to $BENCH_DIR/results.md):
#
#  1. whole process (start, open or import, answer, exit), wall clock, warm page cache: the open
#     row is the median (and min) of $RUNS_OPEN runs (default 20), every other row the median of
#     $RUNS runs (default 3; RUNS=1 is what fits a 10M run). A run slower than $BENCH_SLOW
#     seconds (default 300) is not repeated. Plus the peak resident size (VmHWM) of
#     `count by school` in each system, in bytes per student.
#  2. in process: one shell session per system with `.timer on`, on a fresh copy of the same
#     registry/database, running every query task once; the per-statement real (and user + sys)
#     times are summed per task. The difference between the two tables is the open (issue 12).
set -euo pipefail

N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
W=${BENCH_DIR:-$ROOT/.build/bench/$N}
TODAY=2025-11-01
RUNS=${RUNS:-3}
RUNS_OPEN=${RUNS_OPEN:-20}

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
# Data generated before the family columns (issue 17) is made again: the peers' schemas load them.
case "$(head -n 1 "$DATA/students.csv" 2>/dev/null)" in *,migrant,left_behind) FAMILY=1 ;; *) FAMILY= ;; esac
if [ ! -s "$DATA/students.csv" ] || [ ! -s "$DATA/transfers.sql" ] || [ -z "$FAMILY" ]; then
    log "generating $N students (seed 42)…"
    # prepare.py reads students.generated.csv when it is there: it must be this generation's.
    rm -f "$DATA/students.generated.csv"
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
# median VALUE...: the middle value (the upper one of an even count).
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 2) / 2))p"; }
declare -A RESULT MIN FAILED ONE_RUN
SLOW=${BENCH_SLOW:-300}
FAILED_ANY=

# measure TASK SYSTEM PREP CMD [RUNS]: runs PREP (untimed) then CMD (timed) RUNS times (default
# $RUNS); stdout of the last run goes to $W/out/TASK.SYSTEM, stderr to .err. Records the median
# in RESULT[TASK.SYSTEM] and the fastest run in MIN[TASK.SYSTEM].
measure() {
    local task=$1 sys=$2 prep=$3 cmd=$4 runs=${5:-$RUNS} times=() i t0 t1 rc
    local out=$W/out/$task.$sys
    for ((i = 0; i < runs; i++)); do
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
    RESULT[$task.$sys]=$(median "${times[@]}")
    MIN[$task.$sys]=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
    log "  $task $sys: ${times[*]} -> ${RESULT[$task.$sys]} s${FAILED[$task.$sys]:+ (FAILED: ${FAILED[$task.$sys]}, see $out.err)}"
}

X='"$XUEJI" "$REG" --today '$TODAY
S='"$SQLITE" "$SDB"'
D='"$DUCKDB" "$DDB"'

log "timing (median of $RUNS, the open of $RUNS_OPEN; N=$N; district $DISTRICT)…"
# import
measure import xueji 'rm -rf "$REG"' "$X -f \"\$W/import.rql\""
measure import sqlite 'rm -f "$SDB" "$SDB-journal"' "$S < \"\$W/sqlite_import.sql\""
measure import duckdb 'rm -f "$DDB" "$DDB.wal"' "$D < \"\$W/duckdb_import.sql\""
# open to the first answer
measure open xueji : "$X --mode csv -f \"\$W/open.rql\"" "$RUNS_OPEN"
measure open sqlite : "$S < \"\$W/open.cli.sql\"" "$RUNS_OPEN"
measure open duckdb : "$D < \"\$W/open.cli.sql\"" "$RUNS_OPEN"
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

# Peak resident size (VmHWM: /usr/bin/time -v's "Maximum resident set size") of `count by school`,
# median of $RUNS: what answering touches, mapped pages of the registry/database file included.
declare -A RSS
peak_rss() {
    local sys=$1 input=$2 kb=() i
    shift 2
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -v -o "$W/out/rss.$sys.txt" "$@" < "$input" > /dev/null 2>> "$W/out/rss.$sys.err" || true
        kb+=("$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$W/out/rss.$sys.txt")")
    done
    RSS[$sys]=$(median "${kb[@]}")
    log "  peak RSS of count by school, $sys: ${kb[*]} kB -> ${RSS[$sys]} kB"
}
peak_rss xueji "$W/count_by_school.rql" "$XUEJI" "$REG" --today $TODAY --mode csv
peak_rss sqlite "$W/count_by_school.cli.sql" "$SQLITE" "$SDB"
peak_rss duckdb "$W/count_by_school.cli.sql" "$DUCKDB" "$DDB"

# ---------------------------------------------------------------- in process
# One session per system with `.timer on`, on a fresh copy, every query task once in this order
# (the transfers before graduate: a graduated student cannot be transferred). Each statement prints
# one timer line; bench/timers.py sums them per task.
NL=$(wc -l < "$DATA/lookups.rql")
NT=$(wc -l < "$DATA/transfers.rql")   # begin, the transfers, commit
SPEC="count=1 lookups=$NL by_school=1 district=1 duplicates=1 transfers=$NT graduate=1"
{ echo ".timer on"; cat "$W/open.rql" "$DATA/lookups.rql" "$W/count_by_school.rql" "$W/count_district_by_grade.rql" \
    "$W/duplicates.rql" "$DATA/transfers.rql" "$W/graduate.rql"; } > "$W/session.rql"
{ echo ".mode csv"; echo ".headers off"; echo ".timer on"; cat "$W/open.sql"; grep -v '^\.' "$DATA/lookups.sql"
  cat "$W/count_by_school.sql" "$W/count_district_by_grade.sql" "$W/duplicates.sql" "$DATA/transfers.sql" "$W/graduate.sql"; } > "$W/session.sql"
declare -A INPROC SUBMS INCPU
session() {
    local sys=$1 task sum n zeros cpu
    shift
    log "  in-process session, $sys…"
    "$@" > "$W/out/session.$sys" 2> "$W/out/session.$sys.err" || { FAILED[session.$sys]="exit $?"; FAILED_ANY=1; }
    if python3 "$BENCH/timers.py" "$W/out/session.$sys" $SPEC > "$W/out/session.$sys.times"; then
        while IFS=$'\t' read -r task sum n zeros cpu; do
            INPROC[$task.$sys]=$sum; SUBMS[$task.$sys]=$zeros; INCPU[$task.$sys]=$cpu
        done < "$W/out/session.$sys.times"
    else
        FAILED[session.$sys]="timer lines"; FAILED_ANY=1
    fi
    log "    $(tr '\t\n' ' ;' < "$W/out/session.$sys.times" 2>/dev/null)"
}
rm -rf "$W/session.xj"; cp -r "$REG" "$W/session.xj"
cp "$SDB" "$W/session.sqlite"
cp "$DDB" "$W/session.duckdb"
session xueji "$XUEJI" "$W/session.xj" --today $TODAY --mode csv -f "$W/session.rql"
session sqlite sh -c '"$1" "$2" < "$3"' sh "$SQLITE" "$W/session.sqlite" "$W/session.sql"
session duckdb sh -c '"$1" "$2" < "$3"' sh "$DUCKDB" "$W/session.duckdb" "$W/session.sql"
# the session's writes, for the cross-check: same after-state as the whole-process runs
"$XUEJI" "$W/session.xj" --today $TODAY --mode csv -c 'count by status' > "$W/out/session_status.xueji" 2>&1 || true
"$SQLITE" "$W/session.sqlite" -csv 'SELECT status, count(*) FROM students GROUP BY status ORDER BY status' > "$W/out/session_status.sqlite" 2>&1 || true
"$DUCKDB" "$W/session.duckdb" -csv -noheader -c 'SELECT status, count(*) FROM students GROUP BY status ORDER BY status' > "$W/out/session_status.duckdb" 2>&1 || true
"$XUEJI" "$W/session.xj" --today $TODAY --mode csv -c 'count by school' > "$W/out/session_schools.xueji" 2>&1 || true
"$SQLITE" "$W/session.sqlite" -csv 'SELECT school, count(*) FROM students GROUP BY school ORDER BY school' > "$W/out/session_schools.sqlite" 2>&1 || true
"$DUCKDB" "$W/session.duckdb" -csv -noheader -c 'SELECT school, count(*) FROM students GROUP BY school ORDER BY school' > "$W/out/session_schools.duckdb" 2>&1 || true
rm -rf "$W/session.xj" "$W/session.sqlite" "$W/session.sqlite-journal" "$W/session.duckdb" "$W/session.duckdb.wal"

# ---------------------------------------------------------------- cross-check the answers
CHECKS=$(python3 "$BENCH/check.py" "$W/out" "$N") || FAILED_ANY=1

# ---------------------------------------------------------------- report
# ratio X S D: X over the better of S and D ("–" when a figure is missing or zero).
ratio() {
    awk -v x="$1" -v s="$2" -v d="$3" 'BEGIN {
        if (x == "" || s == "" || d == "") { print "–"; exit }
        b = (s + 0 < d + 0 ? s : d); if (b <= 0) { print "–"; exit }
        r = x / b; printf (r < 10 ? "%.2f×" : "%.0f×"), r }'
}
{
    echo "Whole process (start, open or import, answer, exit), seconds:"
    echo
    echo "| task | xueji (s) | sqlite3 (s) | DuckDB (s) | xueji / best peer |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    row() {
        local task=$1 label=$2 cell sys
        local -a cells=()
        for sys in xueji sqlite duckdb; do
            cell=${RESULT[$task.$sys]}
            [ "$task" != open ] || cell="$cell (min ${MIN[$task.$sys]})"
            cells+=("$cell${FAILED[$task.$sys]:+ ✗}${ONE_RUN[$task.$sys]:+ (1 run)}")
        done
        echo "| $label | ${cells[0]} | ${cells[1]} | ${cells[2]} | $(ratio "${RESULT[$task.xueji]}" "${RESULT[$task.sqlite]}" "${RESULT[$task.duckdb]}") |"
    }
    row import "import CSVs (schools + $N students)"
    row open "open saved registry → first answer (count), median (min) of $RUNS_OPEN"
    row lookups "10,000 point lookups by ID number"
    row by_school "count by school"
    row district "count by grade, district $DISTRICT"
    row duplicates "likely duplicates (name, birth, gender)"
    row graduate "graduate grades 6, 9, 12 (fresh copy)"
    row transfers "10,000 transfers, one transaction (fresh copy)"
    mem() { awk -v kb="${RSS[$1]}" -v n="$N" 'BEGIN { if (kb == "") print "–"; else printf "%.1f MiB = %.0f B/student", kb / 1024, kb * 1024 / n }'; }
    echo "| peak resident (VmHWM) of count by school | $(mem xueji) | $(mem sqlite) | $(mem duckdb) | $(ratio "${RSS[xueji]}" "${RSS[sqlite]}" "${RSS[duckdb]}") |"
    echo
    echo "Wall clock, warm page cache, median of $RUNS (the open: of $RUNS_OPEN); ✗ = the command exited non-zero (see $W/out/*.err)."
    echo "Peak resident: \`/usr/bin/time -v\`'s maximum resident set size, median of $RUNS."
    echo
    echo "In process (one session per system, \`.timer on\`, fresh copy of the same registry/database; sum of the statements' real times), seconds:"
    echo
    echo "| task | xueji (s) | sqlite3 (s) | DuckDB (s) | xueji / best peer |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    irow() {
        local task=$1 label=$2 sys cell r
        local -a cells=()
        r=$(ratio "${INPROC[$task.xueji]:-}" "${INPROC[$task.sqlite]:-}" "${INPROC[$task.duckdb]:-}")
        for sys in xueji sqlite duckdb; do
            cell=${INPROC[$task.$sys]:-–}${FAILED[session.$sys]:+ ✗}
            if [ "${SUBMS[$task.$sys]:-0}" -gt 0 ]; then
                r="n/a"
                if [ "${SUBMS[$task.$sys]}" -lt "$(awk -v s="$SPEC" -v t="$task" 'BEGIN { n = split(s, a, " "); for (i = 1; i <= n; i++) { split(a[i], kv, "="); if (kv[1] == t) print kv[2] } }')" ] \
                    || [ "$task" = lookups ] || [ "$task" = transfers ]; then
                    cell="$cell (${SUBMS[$task.$sys]} × 0.000)"
                else
                    cell="< 0.0005"
                fi
            fi
            cells+=("$cell")
        done
        echo "| $label | ${cells[0]} | ${cells[1]} | ${cells[2]} | $r |"
    }
    # The same block's CPU time (user + sys, printed in microseconds) in the session.
    crow() {
        local task=$1 label=$2
        echo "| $label | ${INCPU[$task.xueji]:-–} | ${INCPU[$task.sqlite]:-–} | ${INCPU[$task.duckdb]:-–} | $(ratio "${INCPU[$task.xueji]:-}" "${INCPU[$task.sqlite]:-}" "${INCPU[$task.duckdb]:-}") |"
    }
    # The same block from the first table: its whole process less the open's (median less median),
    # ± the open's spread (median less min); no ratio when a difference is within its spread.
    drow() {
        local task=$1 label=$2 sys r d within=
        local -a cells=() diffs=()
        for sys in xueji sqlite duckdb; do
            d=$(awk -v a="${RESULT[$task.$sys]}" -v b="${RESULT[open.$sys]}" 'BEGIN { printf "%.3f", a - b }')
            diffs+=("$d")
            cells+=("$d ± $(awk -v a="${RESULT[open.$sys]}" -v b="${MIN[open.$sys]}" 'BEGIN { printf "%.3f", a - b }')")
            awk -v d="$d" -v a="${RESULT[open.$sys]}" -v b="${MIN[open.$sys]}" 'BEGIN { exit !(d <= a - b) }' && within=1
        done
        r=$(ratio "${diffs[@]}"); [ -z "$within" ] || r="n/a"
        echo "| $label | ${cells[0]} | ${cells[1]} | ${cells[2]} | $r |"
    }
    irow count "count"
    irow lookups "10,000 point lookups by ID number: sum of $NL timers, real"
    crow lookups "10,000 point lookups by ID number: sum of $NL timers, user + sys"
    drow lookups "10,000 point lookups by ID number: whole process − open (first table)"
    irow by_school "count by school"
    irow district "count by grade, district $DISTRICT"
    irow duplicates "likely duplicates (name, birth, gender)"
    irow transfers "10,000 transfers, one transaction: sum of $NT timers, real"
    crow transfers "10,000 transfers, one transaction: sum of $NT timers, user + sys"
    drow transfers "10,000 transfers, one transaction: whole process − open (first table)"
    irow graduate "graduate grades 6, 9, 12 (after the transfers)"
    echo
    echo "The timers print real time in milliseconds: \"(k × 0.000)\" = k statements of the block printed"
    echo "0.000. sqlite3's and DuckDB's sums still come out near the true time (their user + sys sums agree),"
    echo "xueji's \`.timer\` rounds each statement's time, so its sum over sub-millisecond statements is far"
    echo "too low: no ratio on those rows. For those blocks read the user + sys row (printed in"
    echo "microseconds; CPU only, no waiting on disk) or the \"whole process − open\" row (medians of the"
    echo "first table ± the open's median − min; no ratio when a difference is within that spread)."
    echo "\"< 0.0005\" = the one statement printed 0.000. The first statement of a session also pays"
    echo "for what its system loads lazily."
    echo
    echo "sqlite3 $("$SQLITE" --version | cut -d' ' -f1), DuckDB $("$DUCKDB" --version | cut -d' ' -f1), xueji engine $(cd "$ROOT" && git log -1 --format=%h -- Sources Package.swift)$(cd "$ROOT" && git diff --quiet HEAD -- Sources || echo '+uncommitted')."
    echo
    echo "Answers cross-checked:"
    echo
    echo "$CHECKS"
} | tee "$W/results.md"
[ -z "$FAILED_ANY" ]
