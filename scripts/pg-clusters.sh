#!/usr/bin/env bash
# The PostgreSQL servers xueji's tests and benchmarks run against, on loopback: a coordinator
# and two shard clusters, each with a superuser role and database `xueji` (trust on 127.0.0.1
# only). Used by `make test`, `make bench-pg` and `.ci/run`, so all three see the same servers.
#
#   scripts/pg-clusters.sh start    install PostgreSQL from Debian's packages when missing,
#                                   create the clusters on first use, start them (idempotent)
#   scripts/pg-clusters.sh stop     stop them
#   scripts/pg-clusters.sh status   one line per cluster
#   scripts/pg-clusters.sh env      the addresses, as shell assignments (eval "$(… env)")
set -euo pipefail

CLUSTERS=("xj_coord:54340" "xj_shard1:54341" "xj_shard2:54342")

version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1; }

install() {
    if ! command -v pg_createcluster >/dev/null || [ -z "$(version)" ]; then
        apt-get update && apt-get install -y postgresql postgresql-contrib
    fi
}

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }

start() {
    install
    local v; v=$(version)
    for c in "${CLUSTERS[@]}"; do
        local name=${c%%:*} port=${c##*:}
        if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; then
            pg_createcluster "$v" "$name" -p "$port" -- --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
            local conf="/etc/postgresql/$v/$name/conf.d/xueji.conf"
            # Tests make and drop many small databases: no fsync, small shared memory; two-phase
            # commit for cross-shard transfers; loopback only.
            cat > "$conf" <<CONF
listen_addresses = '127.0.0.1'
max_connections = 200
max_prepared_transactions = 64
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
        fi
        if ! pg_lsclusters -h | awk -v n="$name" '$2 == n {print $4}' | grep -qx online; then
            pg_ctlcluster "$v" "$name" start
        fi
        as_postgres psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE xueji SUPERUSER LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xueji') \gexec
SELECT 'CREATE DATABASE xueji OWNER xueji' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'xueji') \gexec
SQL
    done
    env
}

stop() {
    local v; v=$(version)
    [ -n "$v" ] || return 0
    for c in "${CLUSTERS[@]}"; do
        local name=${c%%:*}
        pg_lsclusters -h | awk '{print $2}' | grep -qx "$name" && pg_ctlcluster "$v" "$name" stop --mode fast || true
    done
}

status() { pg_lsclusters | awk 'NR == 1 || $2 ~ /^xj_/'; }

env() {
    echo "XUEJI_PG=postgres://xueji@127.0.0.1:54340/xueji"
    echo "XUEJI_PG_SHARDS=postgres://xueji@127.0.0.1:54341/xueji,postgres://xueji@127.0.0.1:54342/xueji"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) env ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
