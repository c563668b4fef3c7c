# Sourced by the benchmarks over the test clusters (pg-shards.sh, pg-scoped.sh) once they have
# set N, CHUNK, DB and out: the clusters of scripts/pg-clusters.sh started, xueji built (release).
COORD=postgres://xueji@127.0.0.1:54340
SHARDS=(postgres://xueji@127.0.0.1:54341 postgres://xueji@127.0.0.1:54342)
TODAY=2025-11-01
mkdir -p "$out"
echo "disk before:"; df -h / | tail -n 1
bash scripts/pg-clusters.sh start >/dev/null
echo "building (release)…" >&2
swift build -c release --product xueji >/dev/null
X=.build/release/xueji

# The generator's N students (seed 42, all 31 provinces), made once in the directory $1, cut
# into files of CHUNK rows with the header (each import is one journal entry): sets `imports`,
# the -c arguments that import the schools and then each file.
chunked_imports() {
    local gen=$1
    if [ ! -f "$gen/students.csv" ]; then
        $X generate --students "$N" --seed 42 --region china --out "$gen" >/dev/null
    fi
    rm -rf "$out/chunks"; mkdir -p "$out/chunks"
    tail -n +2 "$gen/students.csv" | split -l "$CHUNK" -d -a 3 - "$out/chunks/part-"
    imports=(-c "import schools from \"$gen/schools.csv\"")
    for f in "$out"/chunks/part-*; do
        { head -n 1 "$gen/students.csv"; cat "$f"; } > "$f.csv" && rm "$f"
        imports+=(-c "import students from \"$f.csv\"")
    done
}

# A new registry sharded over the two shard clusters: a database named DB on each server.
new_sharded_registry() {
    for s in "$COORD" "${SHARDS[@]}"; do
        psql -q "$s/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null
    done
    $X pg init "$COORD/$DB" --shard "${SHARDS[0]}/$DB" --shard "${SHARDS[1]}/$DB" > "$out/init.txt"
}
