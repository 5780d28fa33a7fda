#!/usr/bin/env bash
# Regenerate Fixtures/realapps/wagtail/ from scratch (run as root on Debian 12
# with PostgreSQL 15 installed):  bash Fixtures/logs/generate/realapps/wagtail/generate.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../../../../.." && pwd)"
OUT="$REPO/Fixtures/realapps/wagtail"
VENV=${VENV:-/tmp/venv-wagtail}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${PGDATA:-/tmp/ql-wagtail}
PGPORT=${PGPORT:-55493}
WORK=${WORK:-/tmp/ql-wagtail-work}
HTTP_PORT=${HTTP_PORT:-8093}

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
PY="$VENV/bin/python"

# --- the project: `wagtail start mysite` + overlay -------------------------
rm -rf "$WORK"; mkdir -p "$WORK"
(cd "$WORK" && "$VENV/bin/wagtail" start mysite >/dev/null)
P="$WORK/mysite"
cp -r "$HERE/overlay/." "$P/"
export DJANGO_SETTINGS_MODULE=mysite.settings.fixture PYTHONPATH="$P" PYTHONUNBUFFERED=1
(cd "$P" && QL_DB=sqlite QL_SQLITE_PATH="$WORK/makemigrations.sqlite3" "$PY" manage.py makemigrations home -n articles >/dev/null)

# --- throwaway PostgreSQL cluster -----------------------------------------
pgctl() { su postgres -s /bin/sh -c "$PGBIN/pg_ctl $*"; }
if [ -f "$PGDATA/postmaster.pid" ]; then pgctl "-D $PGDATA -m fast -w stop" || true; fi
rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chown postgres "$PGDATA"
su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust --locale=C.UTF-8 >/dev/null"
echo "include_if_exists = 'ql-logging.conf'" >> "$PGDATA/postgresql.conf"
chmod 777 "$WORK"
QUIET_OPTS="-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c lc_messages=C"
pgctl "-D $PGDATA -l $WORK/pg-setup.log -o '$QUIET_OPTS' -w start" >/dev/null
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q "$@"; }
psql -c "CREATE DATABASE wagtail_seed"

# --- seed content (Postgres and SQLite, same script) -----------------------
export QL_PG_PORT=$PGPORT
(cd "$P" && QL_DB=postgres QL_PG_DB=wagtail_seed QL_MEDIA_ROOT="$WORK/media-pg-seed" "$PY" manage.py migrate -v0 \
  && QL_DB=postgres QL_PG_DB=wagtail_seed QL_MEDIA_ROOT="$WORK/media-pg-seed" "$PY" "$HERE/populate.py" "$WORK/content-pg.json")
(cd "$P" && QL_DB=sqlite QL_SQLITE_PATH="$WORK/seed.sqlite3" QL_MEDIA_ROOT="$WORK/media-sqlite-seed" "$PY" manage.py migrate -v0 \
  && QL_DB=sqlite QL_SQLITE_PATH="$WORK/seed.sqlite3" QL_MEDIA_ROOT="$WORK/media-sqlite-seed" "$PY" "$HERE/populate.py" "$WORK/content-sqlite.json")
pgctl "-D $PGDATA -m fast -w stop" >/dev/null

logging_conf() {  # on|off: the statement logging used for the recorded runs
  if [ "$1" = on ]; then
    cat > "$PGDATA/ql-logging.conf" <<'CONF'
log_min_duration_statement = 0
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d '
lc_messages = 'C'
log_timezone = 'UTC'
CONF
  else rm -f "$PGDATA/ql-logging.conf"; fi
}

serve_and_drive() {  # $1 name, $2 content.json ; env already set
  rm -rf "$WORK/media-run"; cp -r "$3" "$WORK/media-run"
  (cd "$P" && QL_MEDIA_ROOT="$WORK/media-run" exec "$PY" "$HERE/serve.py" "$HTTP_PORT" >"$WORK/$1.server.out" 2>&1) &
  local spid=$!
  "$PY" "$HERE/drive.py" "http://127.0.0.1:$HTTP_PORT" "$2" "$WORK/$1.driver.json"
  sleep 0.5
  kill "$spid"; wait "$spid" 2>/dev/null || true
}

pg_run() {  # $1 name, $2 CONN_MAX_AGE (0|none), $3 django log or empty, $4 zeal log or empty
  logging_conf off
  pgctl "-D $PGDATA -l $WORK/pg-setup.log -o '$QUIET_OPTS' -w start" >/dev/null
  psql -c "DROP DATABASE IF EXISTS wagtail" -c "CREATE DATABASE wagtail TEMPLATE wagtail_seed"
  pgctl "-D $PGDATA -m fast -w stop" >/dev/null
  rm -f "$WORK/$1.pg.log"
  logging_conf on
  pgctl "-D $PGDATA -l $WORK/$1.pg.log -o '$QUIET_OPTS' -w start" >/dev/null
  QL_DB=postgres QL_PG_DB=wagtail QL_CONN_MAX_AGE=$2 QL_DJANGO_LOG="$3" QL_ZEAL_LOG="$4" \
    serve_and_drive "$1" "$WORK/content-pg.json" "$WORK/media-pg-seed"
  pgctl "-D $PGDATA -m fast -w stop" >/dev/null
  logging_conf off
}

rm -f "$WORK"/*.django.log "$WORK"/*.zeal.log
pg_run per-request 0 "$WORK/per-request.django.log" "$WORK/per-request.zeal.log"
pg_run persistent none "" ""
cp "$WORK/seed.sqlite3" "$WORK/run.sqlite3"
QL_DB=sqlite QL_SQLITE_PATH="$WORK/run.sqlite3" QL_DJANGO_LOG="$WORK/sqlite.django.log" QL_ZEAL_LOG="$WORK/sqlite.zeal.log" \
  serve_and_drive sqlite "$WORK/content-sqlite.json" "$WORK/media-sqlite-seed"

# --- fixture files ----------------------------------------------------------
mkdir -p "$OUT"
cp "$WORK/per-request.pg.log" "$OUT/pg-per-request.log"
cp "$WORK/persistent.pg.log" "$OUT/pg-persistent.log"
cp "$WORK/per-request.django.log" "$OUT/django-postgres.log"
cp "$WORK/sqlite.django.log" "$OUT/django-sqlite.log"
cp "$WORK/per-request.zeal.log" "$OUT/zeal.log"
cp "$WORK/sqlite.zeal.log" "$OUT/zeal-sqlite.log"
chmod 644 "$OUT"/*.log
QL_DB=sqlite QL_SQLITE_PATH="$WORK/run.sqlite3" "$PY" "$HERE/analyze.py" --work "$WORK" --out "$OUT"
du -sh "$OUT"
