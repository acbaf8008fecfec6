#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
#   scripts/pg_cluster.sh start DIR   -> prints the DATABASE_URL to use
#   scripts/pg_cluster.sh stop DIR    -> stops the cluster and removes DIR
set -euo pipefail
action=${1:?start|stop}
dir=${2:?directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    as_postgres "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    # A throwaway cluster: nothing needs to survive a crash (no fsync, no full pages), nothing
    # reads the WAL (minimal, no senders; the tests' backup is pg_dump's), no checkpoint in a
    # run (max_wal_size), and no JIT compiling of the statistics' bigger queries (it costs
    # more CPU than it saves on the tests' small tables).
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=4GB -c checkpoint_timeout=1h -c jit=off" \
        start >/dev/null
    as_postgres "$bindir/psql" -h "$dir" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE dondoc LOGIN CREATEDB PASSWORD '$password'" \
        -c "CREATE DATABASE dondoc OWNER dondoc" >/dev/null
    echo "postgres://dondoc:$password@127.0.0.1:$port/dondoc"
    ;;
stop)
    if [ -d "$dir/data" ]; then as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
