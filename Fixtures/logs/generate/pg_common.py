"""Helpers shared by the PostgreSQL log generators (throwaway cluster run as `postgres`)."""
import os
import shutil
import subprocess
import time

PGBIN = "/usr/lib/postgresql/15/bin"
PORT = 55460
HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))


def as_postgres(*args, check=True, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=check, **kw)


def initdb(datadir):
    if os.path.exists(datadir):
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", datadir,
                        "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(datadir)
    os.makedirs(os.path.dirname(datadir), exist_ok=True)
    shutil.chown(os.path.dirname(datadir), "postgres", "postgres")
    as_postgres(f"{PGBIN}/initdb", "-D", datadir, "-U", "postgres", "--auth=trust",
                "--locale=C", "--encoding=UTF8", capture_output=True)


def start(datadir, settings):
    """Start the server with `-c name=value` settings (all quoted for the shell pg_ctl uses)."""
    opts = " ".join(f"-c {k}={_q(v)}" for k, v in settings.items())
    as_postgres(f"{PGBIN}/pg_ctl", "-D", datadir, "-w", "-l", os.path.join(datadir, "pg_ctl.out"),
                "-o", opts, "start", capture_output=True)


def stop(datadir):
    as_postgres(f"{PGBIN}/pg_ctl", "-D", datadir, "-w", "-m", "fast", "stop", capture_output=True)
    time.sleep(0.3)


def _q(v):
    v = str(v)
    return "'" + v.replace("'", "'\"'\"'") + "'"


def psql(db, user, sql=None, file=None, app="psql", capture=True):
    cmd = ["psql", "-X", "-q", "-h", HOST, "-p", str(PORT), "-U", user, "-d", db,
           "-v", "ON_ERROR_STOP=0"]
    cmd += ["-c", sql] if sql is not None else ["-f", file]
    env = dict(os.environ, PGAPPNAME=app)
    return subprocess.run(cmd, env=env, capture_output=capture, text=True)


BASE = {
    "port": PORT,
    "listen_addresses": HOST,
    "unix_socket_directories": "/tmp",
    "lc_messages": "C",
    "log_timezone": "UTC",
    "timezone": "UTC",
    "shared_preload_libraries": "pg_stat_statements",
    "logging_collector": "on",
    "log_rotation_age": "0",
    "log_rotation_size": "0",
    "log_file_mode": "0644",
}


def setup_schema(db="bookstore"):
    """Create roles, schema and seed data (run while statement logging is OFF)."""
    psql("postgres", "postgres", "CREATE ROLE web LOGIN; CREATE ROLE bench LOGIN;")
    psql("postgres", "postgres", f"CREATE DATABASE {db} OWNER web;")
    psql(db, "postgres", "CREATE EXTENSION pg_stat_statements;")
    seed = """
CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES authors(id));
CREATE TABLE orders (id serial PRIMARY KEY, book_id int NOT NULL REFERENCES books(id), qty int NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO authors SELECT g, 'Author ' || g FROM generate_series(1, 10) g;
-- author of book i is ((i*3) % 7) + 1: the first ten books have authors 4,7,3,6,2,5,1,4,7,3
INSERT INTO books SELECT g, 'Book ' || g, ((g * 3) % 7) + 1 FROM generate_series(1, 30) g;
INSERT INTO orders (book_id, qty) VALUES (1, 1), (2, 2);
GRANT ALL ON ALL TABLES IN SCHEMA public TO web, bench;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO web, bench;
GRANT EXECUTE ON FUNCTION pg_sleep(double precision) TO web, bench;
"""
    r = psql(db, "web", seed)
    assert r.returncode == 0, r.stderr
    r = psql(db, "postgres", "SELECT pg_stat_statements_reset();")
    assert r.returncode == 0, r.stderr


def pgss(db="bookstore"):
    """{calls, user, query} rows of pg_stat_statements for db, read in a session with logging off."""
    r = psql(db, "postgres",
             "COPY (SELECT calls, r.rolname, regexp_replace(query, '\\s+', ' ', 'g') "
             "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
             "JOIN pg_roles r ON r.oid = s.userid WHERE d.datname = current_database() "
             "AND query NOT LIKE '%pg_stat_statements%' ORDER BY 2, 3) TO STDOUT")
    assert r.returncode == 0, r.stderr
    return [{"calls": int(c), "user": u, "query": q}
            for c, u, q in (l.split("\t", 2) for l in r.stdout.splitlines())]
