#!/usr/bin/env bash
# Governed vs open (issue 13): callgrind instructions of the same script run on an open
# registry and, as `national`, on a governed one holding the same students; then the wall
# time that signing adds per journal entry.
#   bash bench/governed.sh            (make bench-governed; about 5 minutes on 2 cores)
# Valgrind cannot read Swift 6.3's DWARF, so the binary's debug info is stripped (symbols
# kept); valgrind has no SHA-NI, so SHA-256 weighs more here than on the machine itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null || { echo "bench/governed.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
swift build -c release --product xueji >/dev/null
w=$root/.build/bench/governed
mkdir -p "$w"
X=$root/.build/release/xueji
BIN=$w/xueji-nodebug
strip --strip-debug -o "$BIN" "$X"
T=2025-11-01
cd "$w"
[ -s data/students.csv ] || "$X" generate --students 30000 --seed 42 --out data >/dev/null
[ -s national.key ] || "$X" keygen --out national.key > national.pub
rm -rf A.xj B.xj
LOAD="import schools from \"$w/data/schools.csv\"; import students from \"$w/data/students.csv\""
"$X" A.xj --today $T -c "$LOAD" >/dev/null
"$X" A.xj --today $T -c ".checkpoint" >/dev/null
"$X" B.xj --today $T --as national --key national.key -c "add actor national name \"教育部\" key \"$(cat national.pub)\"" >/dev/null
"$X" B.xj --today $T --as national --key national.key -c "$LOAD" >/dev/null
"$X" B.xj --today $T --as national --key national.key -c ".checkpoint" >/dev/null
# 2,000 one-statement changes: each its own journal entry, so each signed on B.
{ echo ".sync normal"
  "$X" A.xj --today $T --mode csv -c "find show no limit 2000" | tail -n +2 | sed 's/.*/record & award "校级三好学生"/'
} > records.rql
echo count > open.rql

ir() {   # ir REG SCRIPT [ARGS…]: callgrind's instruction total for one run on a fresh copy
  local reg=$1 script=$2; shift 2
  rm -rf run.xj; cp -r "$reg" run.xj
  valgrind --tool=callgrind --callgrind-out-file=cg.out "$BIN" run.xj --today $T "$@" -f "$script" >/dev/null 2>&1 || true
  grep -m1 '^totals:' cg.out | awk '{print $2}'
}
echo "| script | open (Ir) | governed as national (Ir) | governed / open |"
echo "|---|---:|---:|---:|"
for s in open.rql "$root/bench/governed/mix.rql" records.rql; do
  a=$(ir A.xj "$s"); b=$(ir B.xj "$s" --as national --key national.key)
  printf '| %s | %s | %s | %s |\n' "$(basename "$s")" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }')"
done
# Wall time per entry, median of 7: records.rql on A and B, less the open alone.
wall() {   # wall REG SCRIPT [ARGS…]: median seconds of 7 runs
  local reg=$1 script=$2; shift 2
  for i in 1 2 3 4 5 6 7; do
    rm -rf run.xj; cp -r "$reg" run.xj
    /usr/bin/env TIMEFORMAT=%R bash -c 'time "$@" >/dev/null 2>&1' _ "$X" run.xj --today $T "$@" -f "$script" 2>&1
  done | sort -n | sed -n 4p
}
ra=$(wall A.xj records.rql); rb=$(wall B.xj records.rql --as national --key national.key)
oa=$(wall A.xj open.rql); ob=$(wall B.xj open.rql --as national --key national.key)
awk -v ra="$ra" -v rb="$rb" -v oa="$oa" -v ob="$ob" 'BEGIN {
  printf "signing: %.3f ms per journal entry (2000 records: open %.3f s, governed %.3f s; the open alone %.3f s / %.3f s)\n",
         ((rb - ob) - (ra - oa)) / 2000 * 1000, ra, rb, oa, ob }'
rm -rf run.xj cg.out
