#!/bin/bash
# Regenerate Fixtures/realapps/redmine/ from a real Redmine (Debian bookworm package) run.
# usage (as root on Debian 12): bash Fixtures/logs/generate/realapps/redmine/gen_redmine.sh
#
# 1. apt-get install redmine redmine-pgsql redmine-sqlite (dbconfig-common told not to set up a DB)
# 2. Bullet: bookworm's ruby-bullet 6.1.0 raises "Bullet does not support active_record 6.1.7.10
#    yet" on Redmine's Rails 6.1, so the arch-all ruby-bullet 7.2.0-1 .deb of Debian trixie is
#    downloaded (apt-get download, private apt lists under /tmp) and unpacked under /tmp, and a
#    private Gemfile (eval_gemfile Debian's Gemfile + gem 'bullet', path: ...) is used through
#    BUNDLE_GEMFILE.  Nothing is installed from it system-wide.
# 3. own PostgreSQL 15 cluster /tmp/ql-redmine (port 55494, trust), logging every statement
# 4. Redmine instances /var/lib/redmine/qlpg (PostgreSQL) and /var/lib/redmine/qlsqlite (SQLite):
#    db:migrate, redmine:load_default_data REDMINE_LANG=en, seed.rb
# 5. drive.rb serves the 9 pages, analyze.py writes expected.json
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../../.." && pwd)
FIX=$REPO/Fixtures/realapps/redmine
W=/tmp/ql-redmine
PGBIN=/usr/lib/postgresql/15/bin
PORT=55494
mkdir -p "$FIX"

# 1. Redmine from Debian
if ! dpkg -s redmine redmine-pgsql redmine-sqlite >/dev/null 2>&1; then
  printf '%s\n' 'redmine redmine/instances/default/dbconfig-install boolean false' \
                'redmine redmine/instances/default/database-type select sqlite3' | debconf-set-selections
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redmine redmine-pgsql redmine-sqlite ruby-uniform-notifier >/dev/null
fi

# 3. (stop a previous run's cluster first)
[ -f $W/data/postmaster.pid ] && su postgres -c "$PGBIN/pg_ctl -D $W/data -m fast -w stop" || true
rm -rf $W; mkdir -p $W/apt/lists/partial $W/apt/cache/archives/partial $W/gem $W/out-pg $W/out-sqlite
chown postgres $W

# 2. Bullet 7.2.0 from Debian trixie, unpacked privately
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" > $W/apt/sources.list
APTO="-o Dir::Etc::SourceList=$W/apt/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$W/apt/lists -o Dir::Cache=$W/apt/cache"
apt-get $APTO update -q >/dev/null
(cd $W/apt && apt-get $APTO download ruby-bullet=7.2.0-1 2>/dev/null)
dpkg-deb -x $W/apt/ruby-bullet_7.2.0-1_all.deb $W/bullet-deb
BG=$W/bullet-deb/usr/share/rubygems-integration/all
cp $BG/specifications/bullet-7.2.0.gemspec $BG/gems/bullet-7.2.0/bullet.gemspec
printf "eval_gemfile '/usr/share/redmine/Gemfile'\ngem 'bullet', path: '%s'\n" "$BG/gems/bullet-7.2.0" > $W/gem/Gemfile
export BUNDLE_GEMFILE=$W/gem/Gemfile RAILS_ENV=production
(cd $W/gem && bundle lock --local >/dev/null)

su postgres -c "$PGBIN/initdb -D $W/data -A trust -U postgres --locale=C -E UTF8" >/dev/null
cat >> $W/data/postgresql.conf <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$W'
log_min_duration_statement = 0
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d '
lc_messages = 'C'
CONF
su postgres -c "$PGBIN/pg_ctl -D $W/data -l $W/pg.log -w start" >/dev/null
psql -q -h 127.0.0.1 -p $PORT -U postgres -c "create role redmine login" -c "create database redmine owner redmine encoding 'UTF8'"

# 4. instances
for inst in qlpg qlsqlite; do
  d=/var/lib/redmine/$inst; rm -rf $d; mkdir -p $d/config $d/log $d/tmp/cache $d/files $d/public/plugin_assets
  ruby -rsecurerandom -e 'puts SecureRandom.hex(32)' > $d/config/secret_key.txt
done
printf 'production:\n  adapter: postgresql\n  host: 127.0.0.1\n  port: %s\n  database: redmine\n  username: redmine\n  encoding: utf8\n' $PORT \
  > /var/lib/redmine/qlpg/config/database.yml
printf 'production:\n  adapter: sqlite3\n  database: /var/lib/redmine/qlsqlite/redmine.sqlite3\n' > /var/lib/redmine/qlsqlite/config/database.yml

cd /usr/share/redmine
for inst in qlpg qlsqlite; do
  export REDMINE_INSTANCE=$inst
  rake db:migrate >$W/migrate-$inst.log 2>&1
  rake redmine:load_default_data REDMINE_LANG=en
  ruby "$HERE/seed.rb" | tee $W/seed-$inst.json
done

# 5. drive + analyze
REDMINE_INSTANCE=qlpg ruby "$HERE/drive.rb" $W/out-pg $W/pg.log > $W/drive-pg.json
REDMINE_INSTANCE=qlsqlite ruby "$HERE/drive.rb" $W/out-sqlite > $W/drive-sqlite.json
su postgres -c "$PGBIN/pg_ctl -D $W/data -m fast -w stop" >/dev/null
cp $W/out-pg/rails.log $W/out-pg/pg.log $W/out-pg/bullet.log "$FIX/"
cp $W/out-sqlite/rails.log "$FIX/rails-sqlite.log"
cp $W/out-sqlite/bullet.log "$FIX/bullet-sqlite.log"
cp $W/drive-pg.json "$FIX/run.json"
cp $W/seed-qlpg.json "$FIX/seed.json"
python3 "$HERE/analyze.py" "$FIX" $W/drive-pg.json
mkdir -p $W/sqlite-analysis && cp $W/out-sqlite/rails.log $W/out-sqlite/bullet.log $W/sqlite-analysis/
python3 "$HERE/analyze.py" $W/sqlite-analysis $W/drive-sqlite.json
cp $W/sqlite-analysis/expected.json "$FIX/expected-sqlite.json"
python3 - "$FIX/expected.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
for r in e["requests"]:
    print(f'{r["status"]} {r["url"]:40} statements={r["statements"]:4} cache_hits={r["cache_hits"]:3} bullet={len(r["bullet"])}')
print("loops:", len(e["loops_in_trace"]), "repeats:", len(e["repeated_same_value"]), "bullet findings:", len(e["reference"]["findings"]))
PY
