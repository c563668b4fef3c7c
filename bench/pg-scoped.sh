#!/usr/bin/env bash
# make bench-pg-scoped N=1000000: what a session costs by whom it acts as, on a governed
# registry of N students (generated over all 31 provinces) sharded over the two shard clusters
# of scripts/pg-clusters.sh. A session as a province, a county or a school holds its scope's
# students alone, loaded from the events' records; one as national holds the students its
# statements name and those a check could find (the server names them); a check listing more
# than 50,000 candidates, or an export, reads them a part of 50,000 at a time, each part
# fetched and forgotten. For each: the time to open and answer
# `count`, its peak memory, and what it holds. Prints a table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
CHUNK=${CHUNK:-500000}
DB=xjscoped
out=.build/bench-pg-scoped
source bench/pg-common.sh
chmod 600 examples/keys/*.key
# The demo keys' public halves (examples/07-approvals.rql registers them).
key() {
    case $1 in
    national.key) echo "ed25519:mZKgCDXiBG1VPIb5QQ/yz3se8sTXuOzYfTotj+oGVnA=" ;;
    henan.key) echo "ed25519:1rIJu3SiXavw6PncDwz9L4pg1eo40KVmw7yuPojwihU=" ;;
    county-410303.key) echo "ed25519:yfS7CiYixSJpfFR/tE/jwwkKkNWM2xx/LXiG0BYx8y4=" ;;
    school-4103030001.key) echo "ed25519:hHBVd2P0VmcwoG50dMFbFu13SDZXbxyL5wRXsxePAHQ=" ;;
    esac
}

# (The students of make bench-pg-shards, made once for both.)
chunked_imports .build/bench-pg-shards/gen-$N

# The registry, imported open, then governed: the ministry, Henan, one county and one school
# of it (the demo keys: examples/keys).
if [ -z "${SKIP_IMPORT:-}" ]; then
new_sharded_registry
/usr/bin/time -f "%e" -o "$out/import.time" $X "$COORD/$DB" --today $TODAY "${imports[@]}" > "$out/import.txt"
school=$(psql -qAt "$COORD/$DB" -c "SELECT code FROM schools WHERE province = 41 AND stage = 'primary' ORDER BY code LIMIT 1")
county=${school:0:6}
$X "$COORD/$DB" --today $TODAY -c ".as national key examples/keys/national.key" \
    -c "add actor national name \"教育部\" key \"$(key national.key)\"" \
    -c "add actor province:41 name \"河南省教育厅\" key \"$(key henan.key)\"" \
    -c "add actor county:$county name \"区县教育局\" key \"$(key county-410303.key)\"" \
    -c "add actor school:$school name \"学校\" key \"$(key school-4103030001.key)\"" > "$out/govern.txt"
for s in "$COORD" "${SHARDS[@]}"; do psql -q "$s/$DB" -c "VACUUM ANALYZE" 2>/dev/null; done
fi
school=$(psql -qAt "$COORD/$DB" -c "SELECT split_part(role, ':', 2) FROM actor_roles WHERE role LIKE 'school:%' LIMIT 1")
county=${school:0:6}

# One read-only session as each actor: open, `count`, `.show` (what it holds).
session() {   # actor keyfile [statement] → "seconds peakMiB held"
    /usr/bin/time -f "%e %M" -o "$out/session.time" $X "$COORD/$DB" --today $TODAY --read-only --as "$1" --key "examples/keys/$2" \
        --mode csv -c "count" ${3:+-c "$3"} -c ".show" > "$out/session.txt"
    local s kb; read -r s kb < "$out/session.time"
    local held; held=$(sed -n 's/^holds *[^(]*(\([0-9]*\) held.*/\1/p' "$out/session.txt")
    local count; count=$(sed -n '2p' "$out/session.txt")
    echo "$s $((kb / 1024)) ${held:-all} $count"
}
# One session as each actor that makes one change (signed with the actor's key): open, then a
# growth record of a pupil of the school, timed in the session (`.timer on`).
pupil=$(psql -qAt "$COORD/$DB" -c "SELECT number FROM students WHERE school = $school ORDER BY number LIMIT 1")
change() {   # actor keyfile → "seconds peakMiB statementMs"
    /usr/bin/time -f "%e %M" -o "$out/change.time" $X "$COORD/$DB" --today $TODAY --as "$1" --key "examples/keys/$2" \
        --mode csv -c ".timer on" -c "record $pupil award \"三好学生\" on $TODAY" > "$out/change.txt" 2>&1
    local s kb; read -r s kb < "$out/change.time"
    local real; real=$(sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' "$out/change.txt" | tail -n 1)
    echo "$s $((kb / 1024)) $(awk -v r="${real:-0}" 'BEGIN { printf "%.1f", r * 1000 }')"
}
{
echo "## Sessions by actor: $N students over two shards ($(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD))"
echo
echo "| read-only session as | opens and counts in s | peak memory MiB | students held | count (its scope) |"
echo "|---|---|---|---|---|"
for a in "national national.key" "province:41 henan.key" "county:$county county-410303.key" "school:$school school-4103030001.key"; do
    set -- $a
    read -r s mib held count <<< "$(session "$1" "$2")"
    echo "| $1 | $s | $mib | $held | $count |"
done
for c in dropouts zoning migration unconfirmed; do
    read -r s mib held count <<< "$(session national national.key "check $c by school.province")"
    echo "| national, then \`check $c by school.province\` (the server counts it, or names whom it could find) | $s | $mib | $held | $count |"
done
read -r s mib held count <<< "$(session national national.key "check zoning")"
echo "| national, then \`check zoning\` (listing each finding: more than 50,000 candidates are checked a part at a time) | $s | $mib | $held | $count |"
read -r s mib held count <<< "$(session national national.key "export students to \"$out/all.csv\"")"
echo "| national, then \`export students\` (a part of 50,000 students at a time) | $s | $mib | $held | $count |"
echo
echo "| session as, making one change (a growth record of a pupil of the school) | opens and writes in s | peak memory MiB | the change in ms |"
echo "|---|---|---|---|"
for a in "national national.key" "province:41 henan.key" "county:$county county-410303.key" "school:$school school-4103030001.key"; do
    set -- $a
    read -r s mib ms <<< "$(change "$1" "$2")"
    echo "| $1 | $s | $mib | $ms |"
done
} | tee "$out/result.md"
echo "disk after:"; df -h / | tail -n 1
