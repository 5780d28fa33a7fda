#!/usr/bin/env bash
# Forwarding throughput of `querylens record` against PgBouncer, in one run on this machine
# (docs/performance.md): pgbench select-only (-S, simple protocol) and the same with
# -M prepared (extended protocol, named statements), 4 and 8 clients, each against
#   direct     the PostgreSQL server itself,
#   pgbouncer  Debian's PgBouncer in session pooling, in front of it,
#   record     `querylens record` (release build) in front of it, recording every statement.
# Each figure is pgbench's tps (excluding connection time) of a DURATION-second run; the
# three targets alternate within each configuration so that drift hits all of them.
#
# usage: Benchmarks/record-throughput/run.sh [DURATION]      (as root or a normal user; needs
#        postgresql, pgbouncer and a release build: swift build -c release --product querylens)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
querylens=${QUERYLENS:-.build/release/querylens}
[[ -x $querylens ]] || { echo "build first: swift build -c release --product querylens" >&2; exit 2; }
command -v pgbouncer >/dev/null || { echo "pgbouncer is not installed (apt-get install pgbouncer)" >&2; exit 2; }

work=$(mktemp -d /tmp/querylens-throughput.XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$work"
pg=$(free_port); bouncer=$(free_port); recorder=$(free_port)

as_postgres "'$bin/initdb' -D '$work/data' -A trust -U postgres >/dev/null"
printf "port = $pg\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '$work'\nfsync = off\nmax_connections = 50\n" >>"$work/data/postgresql.conf"
as_postgres "'$bin/pg_ctl' -D '$work/data' -l '$work/server.log' -w start >/dev/null"
cleanup() {
  # PgBouncer runs as postgres under su: stop it by its pid file, not su's pid.
  [[ -f $work/pgbouncer.pid ]] && kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true
  kill "$bouncer_pid" "$recorder_pid" 2>/dev/null || true
  as_postgres "'$bin/pg_ctl' -D '$work/data' -m immediate -w stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$bin/pgbench" -i -s 10 -q "postgresql://postgres@127.0.0.1:$pg/postgres" >/dev/null 2>&1

cat >"$work/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$pg dbname=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
max_client_conn = 100
default_pool_size = 20
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
unix_socket_dir =
INI
echo '"postgres" ""' >"$work/userlist.txt"
[[ $(id -u) == 0 ]] && chown postgres "$work/pgbouncer.ini" "$work/userlist.txt"
as_postgres "pgbouncer '$work/pgbouncer.ini'" >/dev/null 2>&1 &
bouncer_pid=$!
"$querylens" record --listen "127.0.0.1:$recorder" --upstream "127.0.0.1:$pg" --output "$work/recorded.jsonl" 2>"$work/record.log" &
recorder_pid=$!
sleep 1

tps() { # port, pgbench options...
  local port=$1; shift
  "$bin/pgbench" -n -T "$duration" "$@" "postgresql://postgres@127.0.0.1:$port/postgres?sslmode=disable" 2>/dev/null \
    | awk '/tps = / { for (i = 1; i <= NF; i++) if ($i == "=") { print int($(i + 1)); exit } }'
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); PostgreSQL $("$bin/postgres" --version | awk '{print $3}'); $(pgbouncer --version | head -1); ${duration}s per figure"
printf "| workload | clients | direct | PgBouncer | record | record / PgBouncer |\n|---|---|---|---|---|---|\n"
for mode in simple prepared; do
  for clients in 4 8; do
    options=(-S -c "$clients" -j 2 -M "$mode")
    d=$(tps "$pg" "${options[@]}"); b=$(tps "$bouncer" "${options[@]}"); r=$(tps "$recorder" "${options[@]}")
    printf "| select-only, %s | %s | %s | %s | %s | %s |\n" "$mode" "$clients" "$d" "$b" "$r" "$(python3 -c "print(f'{$r / $b:.2f}')")"
  done
done
echo "recorded statements: $(wc -l <"$work/recorded.jsonl")"
