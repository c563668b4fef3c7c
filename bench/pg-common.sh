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
