#!/usr/bin/env python3
"""Generate the PostgreSQL 15 log fixtures of Fixtures/logs/postgres/ from real server runs.

usage (as root, with the venv that has psycopg2):
    /tmp/venv/bin/python Fixtures/logs/generate/gen_postgres.py [OUTDIR]
OUTDIR defaults to Fixtures/logs/postgres.  Writes:
    workload.stderr.log / workload.csv / workload.json   (run 1, one run, three destinations)
    log-statement-all.pgbadger-prefix.log                 (run 2)
    default-prefix.log                                     (run 3)
    pg_stat_statements.json  (calls per normalized query and user after each run, read in a
                              later server start with logging off: a cross-check of the counts)

A throwaway cluster is initdb'ed in /tmp/querylens-logs-pg/data (as user postgres) and listens
on 127.0.0.1:55460.  Schema + seed data are created, and pg_stat_statements is reset, while the
server runs with statement logging OFF; the server is then restarted with the logging settings
of the run, so the logs contain only the workload (plus the server's own start/stop lines).
"""
import json
import os
import shutil
import subprocess
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_common as pg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "postgres")
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "postgres"))
ROOT = "/tmp/querylens-logs-pg"
DATA = os.path.join(ROOT, "data")
DB = "bookstore"

QUIET = dict(pg.BASE, log_min_duration_statement=-1, log_statement="none", log_duration="off",
             log_connections="off", log_disconnections="off", log_directory="log_quiet",
             log_destination="stderr")

RUN1 = dict(pg.BASE, log_destination="stderr,csvlog,jsonlog", log_directory="log_run1",
            log_filename="postgresql.log", log_min_duration_statement=0,
            log_line_prefix="%m [%p] %q%u@%d ", log_connections="on", log_disconnections="on")
RUN2 = dict(pg.BASE, log_destination="stderr", log_directory="log_run2",
            log_filename="postgresql.log", log_min_duration_statement=-1, log_statement="all",
            log_duration="on",
            log_line_prefix="%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
            log_connections="on", log_disconnections="on")
RUN3 = dict(pg.BASE, log_destination="stderr", log_directory="log_run3",
            log_filename="postgresql.log", log_min_duration_statement=0, log_line_prefix="%m [%p] ")


def pgbench(mode, transactions, app="pgbench"):
    cmd = ["pgbench", "-n", "-M", mode, "-t", str(transactions), "-c", "1", "--random-seed=42",
           "-f", os.path.join(SCRIPTS, "n_plus_one.pgbench"),
           "-h", pg.HOST, "-p", str(pg.PORT), "-U", "bench", DB]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PGAPPNAME=app))
    assert r.returncode == 0, r.stderr
    return r.stdout


def web_requests():
    """Run 1 (a): one psycopg2 session (simple protocol, literals inlined), 3 'requests'."""
    conn = psycopg2.connect(host=pg.HOST, port=pg.PORT, user="web", dbname=DB,
                            application_name="bookstore-web")
    conn.autocommit = True  # no implicit BEGIN: one statement per execute()
    pid = conn.get_backend_pid()  # libpq PQbackendPID: sends no query
    cur = conn.cursor()
    traces = {}
    for req in (1, 2, 3):
        if req > 1:
            time.sleep(0.3)
        comment = ""
        if req == 2:
            trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
            span_id = "00f067aa0ba902b7"
            traces[req] = f"00-{trace_id}-{span_id}-01"
            comment = (" /*controller='books',action='index',"
                       f"traceparent='{traces[req]}'*/")
        cur.execute("SELECT id, title, author_id FROM books ORDER BY id LIMIT 10" + comment)
        rows = cur.fetchall()
        for _book_id, _title, author_id in rows:
            cur.execute("SELECT id, name FROM authors WHERE id = %s" + comment, (author_id,))
            cur.fetchall()
    conn.close()
    return pid, [r[2] for r in rows], traces


def run_with(settings, workload):
    pg.start(DATA, QUIET)
    pg.psql(DB, "postgres", "SELECT pg_stat_statements_reset();")
    pg.stop(DATA)
    logdir = os.path.join(DATA, settings["log_directory"])
    if os.path.exists(logdir):
        shutil.rmtree(logdir)
    pg.start(DATA, settings)
    info = workload()
    time.sleep(0.5)
    pg.stop(DATA)
    pg.start(DATA, QUIET)
    stats = pg.pgss(DB)
    pg.stop(DATA)
    return logdir, info, stats


def workload1():
    info = {}
    info["web_pid"], info["author_ids"], info["traceparents"] = web_requests()
    time.sleep(0.2)
    info["pgbench_extended"] = pgbench("extended", 3)
    time.sleep(0.2)
    info["pgbench_prepared"] = pgbench("prepared", 3)
    time.sleep(0.2)
    r = pg.psql(DB, "postgres", file=os.path.join(SCRIPTS, "workload.psql.sql"))
    info["psql_stderr"] = r.stderr
    return info


def workload2():
    r = pg.psql(DB, "web", file=os.path.join(SCRIPTS, "statement-all.psql.sql"))
    time.sleep(0.2)
    out = pgbench("extended", 2)
    return {"psql_stderr": r.stderr, "pgbench_extended": out}


def workload3():
    r = pg.psql(DB, "web", file=os.path.join(SCRIPTS, "default-prefix.psql.sql"))
    return {"psql_stderr": r.stderr}


def main():
    os.makedirs(OUT, exist_ok=True)
    pg.initdb(DATA)
    pg.start(DATA, QUIET)
    pg.setup_schema(DB)
    pg.stop(DATA)

    report = {}
    logdir, info, stats = run_with(RUN1, workload1)
    for src, dst in (("postgresql.log", "workload.stderr.log"), ("postgresql.csv", "workload.csv"),
                     ("postgresql.json", "workload.json")):
        shutil.copyfile(os.path.join(logdir, src), os.path.join(OUT, dst))
    report["run1"] = {"info": info, "pg_stat_statements": stats}

    logdir, info, stats = run_with(RUN2, workload2)
    shutil.copyfile(os.path.join(logdir, "postgresql.log"),
                    os.path.join(OUT, "log-statement-all.pgbadger-prefix.log"))
    report["run2"] = {"info": info, "pg_stat_statements": stats}

    logdir, info, stats = run_with(RUN3, workload3)
    shutil.copyfile(os.path.join(logdir, "postgresql.log"), os.path.join(OUT, "default-prefix.log"))
    report["run3"] = {"info": info, "pg_stat_statements": stats}

    with open(os.path.join(ROOT, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(OUT, "pg_stat_statements.json"), "w") as f:
        json.dump({run: r["pg_stat_statements"] for run, r in report.items()}, f, indent=1)
    print(json.dumps(report, indent=1))


main()
