#!/usr/bin/env python3
"""Generate Fixtures/logs/server/: the same small workload logged by a REAL PostgreSQL 15 server
under many log_line_prefix values, as csvlog/jsonlog, and through a REAL rsyslogd in several
syslog layouts; then run pgBadger on every file and write expected.json.

usage (as root on Debian 12; packages postgresql-15, rsyslog, pgbadger; a venv with psycopg2):
    /tmp/venv-fixtures/bin/python Fixtures/logs/generate/gen_server_logs.py [OUTDIR]
OUTDIR defaults to Fixtures/logs/server.

How: a throwaway cluster is initdb'ed in /tmp/querylens-server-logs/data (as user postgres,
127.0.0.1:55470).  Schema + seed are created with logging off (pg_common.setup_schema).  Then,
for every fixture file, the server is started with that file's logging settings (`-c`), the
workload runs, the server is stopped, and the log file is copied verbatim.  Afterwards the server
is started once more with logging off to read (and reset) pg_stat_statements.

Ground truth: besides the destination under test, every run also writes a csvlog (the
csvlog-* runs are themselves csvlog) that is NOT kept: it is read to learn pids and to count
executions per session.  Every count stated in expected.json is computed from the workload
(below), asserted equal to the csvlog ground truth, to grep-level counts in the kept file itself,
and to pg_stat_statements (calls = executions - failed statements).

Syslog runs: rsyslogd (Debian's rsyslog) is started by this script in the foreground
(`rsyslogd -n -f CONF -i PIDFILE`) with generate/rsyslog/rsyslog.conf.in, owning /dev/log via
imuxsock, writing facility local0 / program postgres with one of rsyslog's built-in templates;
it is stopped (SIGTERM to the pid this script started) after each run.
"""
import csv
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_common as pg  # noqa: E402

pg.PORT = 55470  # pg_common.psql()/pgss() read the module global at call time
HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "server")
PGBENCH_SCRIPT = os.path.join(HERE, "postgres", "n_plus_one.pgbench")
RSYSLOG_CONF_IN = os.path.join(HERE, "rsyslog", "rsyslog.conf.in")
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "server"))
ROOT = "/tmp/querylens-server-logs"
DATA = os.path.join(ROOT, "data")
RSYSLOG_DIR = os.path.join(ROOT, "rsyslog")
DB = "bookstore"
DEVLOG = "/dev/log"

BASE = dict(pg.BASE, port=pg.PORT, log_filename="postgresql.log")
QUIET = dict(BASE, log_min_duration_statement=-1, log_statement="none", log_duration="off",
             log_connections="off", log_disconnections="off", log_directory="log_quiet",
             log_destination="stderr", log_line_prefix="%m [%p] ")
LOGGING = dict(BASE, lc_messages="C", log_connections="on", log_disconnections="on")
DURATIONS = dict(log_min_duration_statement=0, log_statement="none", log_duration="off")
STATEMENTS = dict(log_min_duration_statement=-1, log_statement="all", log_duration="off")
SYSLOG = dict(syslog_facility="LOCAL0", syslog_ident="postgres")

# ------------------------------------------------------------------------------------ the runs
# (file, kind, mode, extra settings, rsyslog template or None)
PREFIXES = [
    ("prefix-default.log", "%m [%p] ", {}),                                   # upstream default
    ("prefix-debian.log", "%m [%p] %q%u@%d ", {}),                            # Debian packaging
    ("prefix-pgbadger.log", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", {}),
    ("prefix-rds.log", "%t:%r:%u@%d:[%p]:", {}),                              # AWS RDS default
    ("prefix-cloudsql.log", "%m [%p]: [%l-1] db=%d,user=%u ", {}),            # Google Cloud SQL
    ("prefix-azure.log", "%t-%c-", {}),                                       # Azure default
    ("prefix-rhel.log", "< %m >", {}),                                        # old RHEL/CentOS
    ("prefix-pganalyze.log", "%m [%p] %q[user=%u,db=%d,app=%a] ", {}),       # pganalyze
    ("prefix-epoch.log", "%n [%p] ", {}),
    ("prefix-many-fields.log", "%m [%p] %q%u@%d %c %x %v %e %Q ", {"compute_query_id": "on"}),
    ("prefix-berlin.log", "%t [%p-%l] %q%u@%d ", {"log_timezone": "Europe/Berlin"}),
    ("prefix-pipes.log", "%m|%p|%u|%d|%a|%r|", {}),
]
RUNS = []
for fname, prefix, extra in PREFIXES:
    RUNS.append(dict(file=fname, kind="stderr", mode="durations", template=None,
                     settings=dict(LOGGING, **DURATIONS, **extra, log_line_prefix=prefix,
                                   log_destination="stderr,csvlog")))
RUNS += [
    dict(file="csvlog-durations.csv", kind="csvlog", mode="durations", template=None,
         settings=dict(LOGGING, **DURATIONS, log_line_prefix="%m [%p] ", log_destination="csvlog")),
    dict(file="csvlog-statements.csv", kind="csvlog", mode="statements", template=None,
         settings=dict(LOGGING, **STATEMENTS, log_line_prefix="%m [%p] ", log_destination="csvlog")),
    dict(file="jsonlog-statements.json", kind="jsonlog", mode="statements", template=None,
         settings=dict(LOGGING, **STATEMENTS, log_line_prefix="%m [%p] ",
                       log_destination="jsonlog,csvlog")),
    dict(file="syslog-rfc3164.log", kind="syslog", mode="durations",
         template="RSYSLOG_TraditionalFileFormat",
         settings=dict(LOGGING, **DURATIONS, **SYSLOG, log_line_prefix="",
                       syslog_sequence_numbers="on", syslog_split_messages="on",
                       log_destination="syslog,csvlog")),
    dict(file="syslog-rfc3164-prefix.log", kind="syslog", mode="durations",
         template="RSYSLOG_TraditionalFileFormat",
         settings=dict(LOGGING, **DURATIONS, **SYSLOG,
                       log_line_prefix="user=%u,db=%d,app=%a,client=%h ",
                       syslog_sequence_numbers="off", syslog_split_messages="on",
                       log_destination="syslog,csvlog")),
    dict(file="syslog-rfc5424.log", kind="syslog", mode="durations",
         template="RSYSLOG_SyslogProtocol23Format",
         settings=dict(LOGGING, **DURATIONS, **SYSLOG, log_line_prefix="%m [%p] ",
                       syslog_sequence_numbers="on", syslog_split_messages="on",
                       log_destination="syslog,csvlog")),
    dict(file="syslog-rfc3339.log", kind="syslog", mode="durations", template="RSYSLOG_FileFormat",
         settings=dict(LOGGING, **DURATIONS, **SYSLOG, log_line_prefix="",
                       syslog_sequence_numbers="on", syslog_split_messages="on",
                       log_destination="syslog,csvlog")),
]
for i, r in enumerate(RUNS):
    r["settings"]["log_directory"] = f"log_run{i + 1:02d}"

# pgBadger command per file (run in OUTDIR; OUT.json is a temporary file, not kept)
PGBADGER = {}
for fname, prefix, _ in PREFIXES:
    PGBADGER[fname] = ["-f", "stderr", "--prefix", prefix]
PGBADGER.update({
    "csvlog-durations.csv": ["-f", "csv"],
    "csvlog-statements.csv": ["-f", "csv"],
    "jsonlog-statements.json": ["-f", "jsonlog"],
    "syslog-rfc3164.log": ["-f", "syslog", "--ident", "postgres"],
    "syslog-rfc3164-prefix.log": ["-f", "syslog", "--ident", "postgres", "--prefix",
                                  "user=%u,db=%d,app=%a,client=%h "],
    "syslog-rfc5424.log": ["-f", "syslog2", "--ident", "postgres", "--prefix", "%m [%p] "],
    "syslog-rfc3339.log": ["-f", "syslog2", "--ident", "postgres"],
})

PGBADGER_NOTES = {
    "prefix-rhel.log": "pgBadger 12.0 reads no query from this file (0 with -f stderr --prefix "
                       "'< %m >', also 0 with -f stderr and prefix auto-detection): its manual "
                       "requires a time escape (%t/%m/%n) AND a process escape (%p or %c) in "
                       "log_line_prefix, and '< %m >' has no process escape.",
    "syslog-rfc5424.log": "pgBadger 12.0 reads no query from this file (0 with -f syslog2 / -f "
                          "syslog, with or without --prefix '%m [%p] '): its syslog parsers expect "
                          "'ident[pid]:' (RFC 3164 header, or RFC 3339 timestamp for syslog2); "
                          "RFC 5424's '<134>1 TIMESTAMP host postgres PID - -' layout matches "
                          "neither regex.",
}

# ------------------------------------------------------------------------------ the workload
WEB_REQUESTS = 2
WEB_AUTHOR_IDS = [4, 7, 3, 6, 2, 5, 1, 4, 7, 3]  # authors of books 1..10 (see setup_schema)
WEB_PER_REQUEST = 1 + len(WEB_AUTHOR_IDS)
PGBENCH_T = 2
PGBENCH_AUTHOR_IDS = [1, 5, 5, 5, 1, 2]  # what pgbench --random-seed=42 draws for :a1..:a3, 2 runs


def pgbench_statements():
    lines = [l.strip() for l in open(PGBENCH_SCRIPT) if l.strip() and not l.startswith("\\")]
    return len(lines), sum(1 for s in lines if ":" in s)


def psql_statements():
    text = open(os.path.join(SCRIPTS, "workload.psql.sql")).read()
    return [s.strip() + ";" for s in text.split(";") if s.strip()]


N_PGB, N_PGB_PARAM = pgbench_statements()          # 4, 3
PSQL = psql_statements()                            # multi-line SELECT, missing_table, SELECT 1
PSQL_ERRORS = ["SELECT * FROM missing_table;"]
EXPECTED_SESSIONS = [  # client sessions in order; statements = executions
    {"role": "web", "user": "web", "app": "bookstore-web",
     "protocol": "simple (psycopg2, autocommit, literals inlined)",
     "statements": WEB_REQUESTS * WEB_PER_REQUEST, "with_parameters": 0, "errors": 0},
    {"role": "pgbench-initial-connection", "user": "bench", "app": "pgbench",
     "protocol": "none (pgbench's initial connection runs nothing)",
     "statements": 0, "with_parameters": 0, "errors": 0},
    {"role": "pgbench", "user": "bench", "app": "pgbench",
     "protocol": "extended, unnamed statements (pgbench -M extended)",
     "statements": PGBENCH_T * N_PGB, "with_parameters": PGBENCH_T * N_PGB_PARAM, "errors": 0},
    {"role": "psql", "user": "postgres", "app": "psql", "protocol": "simple (psql -f)",
     "statements": len(PSQL), "with_parameters": 0, "errors": len(PSQL_ERRORS)},
]
TOTAL = sum(s["statements"] for s in EXPECTED_SESSIONS)            # 33
TOTAL_PARAMS = sum(s["with_parameters"] for s in EXPECTED_SESSIONS)  # 6
TOTAL_ERRORS = sum(s["errors"] for s in EXPECTED_SESSIONS)          # 1


def web_requests():
    """(a) one psycopg2 session, simple protocol, 2 'requests' 300 ms apart, real N+1 loop."""
    conn = psycopg2.connect(host=pg.HOST, port=pg.PORT, user="web", dbname=DB,
                            application_name="bookstore-web")
    conn.autocommit = True
    pid = conn.get_backend_pid()  # libpq PQbackendPID: sends no query
    cur = conn.cursor()
    seen = []
    for req in range(WEB_REQUESTS):
        if req:
            time.sleep(0.3)
        cur.execute("SELECT id, title, author_id FROM books ORDER BY id LIMIT 10")
        rows = cur.fetchall()
        for _book_id, _title, author_id in rows:
            cur.execute("SELECT id, name FROM authors WHERE id = %s", (author_id,))
            cur.fetchall()
        seen.append([r[2] for r in rows])
    conn.close()
    assert all(ids == WEB_AUTHOR_IDS for ids in seen), seen
    return pid


def workload():
    info = {"web_pid": web_requests()}
    time.sleep(0.2)
    cmd = ["pgbench", "-n", "-M", "extended", "-t", str(PGBENCH_T), "-c", "1", "--random-seed=42",
           "-f", PGBENCH_SCRIPT, "-h", pg.HOST, "-p", str(pg.PORT), "-U", "bench", DB]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PGAPPNAME="pgbench"))
    assert r.returncode == 0, r.stderr
    time.sleep(0.2)
    r = pg.psql(DB, "postgres", file=os.path.join(SCRIPTS, "workload.psql.sql"))
    assert "missing_table" in r.stderr and r.stderr.count("ERROR") == 1, r.stderr
    time.sleep(0.2)
    return info


# ------------------------------------------------------------------------------------ rsyslog
class Rsyslog:
    def __init__(self, outfile, template):
        self.outfile, self.template = outfile, template
        self.proc = None

    def __enter__(self):
        assert not os.path.exists(DEVLOG), f"{DEVLOG} exists: another syslog daemon owns it"
        os.makedirs(RSYSLOG_DIR, exist_ok=True)
        if os.path.exists(self.outfile):
            os.remove(self.outfile)
        conf = open(RSYSLOG_CONF_IN).read().replace("@WORKDIR@", RSYSLOG_DIR) \
            .replace("@OUTFILE@", self.outfile).replace("@TEMPLATE@", self.template)
        path = os.path.join(RSYSLOG_DIR, "rsyslog.conf")
        open(path, "w").write(conf)
        self.proc = subprocess.Popen(["rsyslogd", "-n", "-f", path,
                                      "-i", os.path.join(RSYSLOG_DIR, "rsyslogd.pid")],
                                     stdout=open(os.path.join(RSYSLOG_DIR, "rsyslogd.out"), "a"),
                                     stderr=subprocess.STDOUT)
        for _ in range(100):
            if os.path.exists(DEVLOG):
                break
            time.sleep(0.05)
        assert os.path.exists(DEVLOG), "rsyslogd did not create /dev/log"
        time.sleep(0.3)
        return self

    def __exit__(self, *exc):
        time.sleep(0.5)
        self.proc.terminate()  # SIGTERM to the rsyslogd this script started
        self.proc.wait(timeout=20)
        for _ in range(40):
            if not os.path.exists(DEVLOG):
                break
            time.sleep(0.05)
        if os.path.exists(DEVLOG) and not os.path.isfile(DEVLOG):
            os.remove(DEVLOG)  # the socket rsyslogd created (it normally removes it itself)


# ---------------------------------------------------------------------------- ground truth csv
EXEC_MSG = {"durations": re.compile(r"^duration: [\d.]+ ms  (statement: |execute [^:]+: )"),
            "statements": re.compile(r"^(statement: |execute [^:]+: )")}


def csv_sessions(path, mode):
    """Client sessions (pid order of appearance) from a csvlog: executions per pid etc."""
    rows = list(csv.reader(open(path, newline="")))
    per = {}
    stats = {"records": len(rows), "parse": 0, "bind": 0, "duration_lines": 0}
    for r in rows:
        user, pid, sev, msg, detail, app = r[1], int(r[3]), r[11], r[13], r[14], r[22]
        if msg.startswith("duration: "):
            stats["duration_lines"] += 1
            stats["parse"] += bool(re.match(r"duration: [\d.]+ ms  parse ", msg))
            stats["bind"] += bool(re.match(r"duration: [\d.]+ ms  bind ", msg))
        if not user or r[23] != "client backend":
            continue
        s = per.setdefault(pid, {"pid": pid, "user": user, "app": app, "session_id": r[5],
                                 "client": r[4], "statements": 0, "with_parameters": 0,
                                 "errors": 0, "author_lookups": []})
        if app:
            s["app"] = app
        if sev == "ERROR":
            s["errors"] += 1
            if mode == "durations":  # with log_statement=all the statement: row came first
                s["statements"] += 1
        elif EXEC_MSG[mode].match(msg):
            s["statements"] += 1
            if detail.startswith("parameters: "):
                s["with_parameters"] += 1
            m = re.search(r"SELECT id, name FROM authors WHERE id = (\S+?);?$", msg)
            if m:
                v = m.group(1)
                if v == "$1":
                    v = re.match(r"parameters: \$1 = '(\d+)'", detail).group(1)
                s["author_lookups"].append(int(v))
    return list(per.values()), stats


# --------------------------------------------------------------------- grep-level file checks
def pid_of_line(fname, kind, line):
    """pid shown on a line of the kept file, or None (continuation line / no pid in prefix)."""
    if kind == "syslog":
        m = re.search(r" postgres\[(\d+)\]: ", line) or re.match(r"<\d+>1 \S+ \S+ postgres (\d+) ", line)
        return int(m.group(1)) if m else None
    pats = {
        "prefix-default.log": r"\S+ \S+ \S+ \[(\d+)\] ",
        "prefix-debian.log": r"\S+ \S+ \S+ \[(\d+)\] ",
        "prefix-pgbadger.log": r"\S+ \S+ \S+ \[(\d+)\]: ",
        "prefix-rds.log": r".*?:\[(\d+)\]:",
        "prefix-cloudsql.log": r"\S+ \S+ \S+ \[(\d+)\]: ",
        "prefix-pganalyze.log": r"\S+ \S+ \S+ \[(\d+)\] ",
        "prefix-epoch.log": r"[\d.]+ \[(\d+)\] ",
        "prefix-many-fields.log": r"\S+ \S+ \S+ \[(\d+)\] ",
        "prefix-berlin.log": r"\S+ \S+ \S+ \[(\d+)-\d+\] ",
        "prefix-pipes.log": r"[^|]+\|(\d+)\|",
    }
    if fname == "prefix-azure.log":  # %c = hex(start time).hex(pid)
        m = re.match(r"\S+ \S+ \S+-[0-9a-f]+\.([0-9a-f]+)-", line)
        return int(m.group(1), 16) if m else None
    if fname in pats:
        m = re.match(pats[fname], line)
        return int(m.group(1)) if m else None
    return None  # prefix-rhel.log: no pid in the prefix


def grep_counts(fname, kind, mode, path):
    """Counts taken from the kept file with line-level regexes (text formats) or parsing."""
    if kind == "csvlog":
        sess, st = csv_sessions(path, mode)
        return {"statements": sum(s["statements"] for s in sess),
                "with_parameters": sum(s["with_parameters"] for s in sess),
                "errors": sum(s["errors"] for s in sess), "parse": st["parse"], "bind": st["bind"],
                "duration_lines": st["duration_lines"],
                "per_pid": {s["pid"]: s["statements"] for s in sess if s["statements"]}}
    if kind == "jsonlog":
        recs = [json.loads(l) for l in open(path)]
        c = {"statements": 0, "with_parameters": 0, "errors": 0, "parse": 0, "bind": 0,
             "duration_lines": 0, "per_pid": {}}
        for j in recs:
            msg = j.get("message", "")
            c["duration_lines"] += msg.startswith("duration: ")
            if j.get("backend_type") != "client backend":
                continue
            if j["error_severity"] == "ERROR":
                c["errors"] += 1
                if mode == "durations":
                    c["statements"] += 1
                    c["per_pid"][j["pid"]] = c["per_pid"].get(j["pid"], 0) + 1
            elif EXEC_MSG[mode].match(msg):
                c["statements"] += 1
                c["per_pid"][j["pid"]] = c["per_pid"].get(j["pid"], 0) + 1
                c["with_parameters"] += j.get("detail", "").startswith("parameters: ")
        c["records"] = len(recs)
        return c
    # stderr and syslog text: one event starts on a line containing "LOG:  " / "ERROR:  " ...
    ex = re.compile(r"LOG:  duration: [\d.]+ ms  (statement|execute [^:]+): " if mode == "durations"
                    else r"LOG:  (statement|execute [^:]+): ")
    c = {"statements": 0, "with_parameters": 0, "errors": 0, "parse": 0, "bind": 0,
         "duration_lines": 0, "per_pid": {}}
    last_exec = {}
    for line in open(path, encoding="utf-8"):
        pid = pid_of_line(fname, kind, line)
        key = pid if kind == "syslog" else None  # stderr: one client at a time, global is fine
        if "DETAIL:  parameters: " in line and last_exec.get(key):
            c["with_parameters"] += 1
        if ex.search(line):
            c["statements"] += 1
            last_exec[key] = "execute " in line.split("LOG:  ", 1)[1][:60]
            if pid is not None:
                c["per_pid"][pid] = c["per_pid"].get(pid, 0) + 1
        elif "ERROR:  " in line:
            c["errors"] += 1
            if mode == "durations":
                c["statements"] += 1
                if pid is not None:
                    c["per_pid"][pid] = c["per_pid"].get(pid, 0) + 1
            last_exec[key] = False
        elif re.search(r"(LOG|STATEMENT|FATAL|WARNING):  ", line):
            last_exec[key] = False
        c["duration_lines"] += bool(re.search(r"LOG:  duration: ", line))
        c["parse"] += bool(re.search(r"LOG:  duration: [\d.]+ ms  parse ", line))
        c["bind"] += bool(re.search(r"LOG:  duration: [\d.]+ ms  bind ", line))
    return c


def syslog_checks(path, seqnums):
    """Assert the syslog splitting/escaping really happened; return examples."""
    text = open(path, encoding="utf-8").read()
    assert "#011" in text, "no #011 (escaped TAB) in " + path
    chunk = r"\[\d+-2\] " if seqnums else r"\]: \[2\] "
    assert re.search(chunk, text), "no second chunk in " + path
    lines = text.splitlines()
    # the >900-byte IN-list line is split inside the line: one chunk has the start, another the end
    start = [l for l in lines if "WHERE b.id IN (1, 2, 3," in l]
    end = [l for l in lines if "259, 260)" in l]
    assert len(start) == 1 and len(end) == 1 and start[0] != end[0], (start, end)
    assert "WHERE" not in end[0]
    return {"in_list_chunk_start": start[0][:160], "in_list_chunk_end": end[0][:160],
            "escaped_tab_lines": sum("#011" in l for l in lines)}


# ------------------------------------------------------------------------------------ pgBadger
def pgbadger(fname):
    args = ["pgbadger", *PGBADGER[fname], "--no-process-info", "-q", "-x", "json", "-o", "OUT.json",
            fname]
    out = os.path.join(ROOT, "pgbadger-" + fname + ".json")
    real = [a if a != "OUT.json" else out for a in args]
    r = subprocess.run(real, cwd=OUT, capture_output=True, text=True)
    res = {"pgbadger_command": " ".join(shlex.quote(a) for a in args), "pgbadger_exit": r.returncode}
    if r.returncode == 0 and os.path.exists(out):
        d = json.load(open(out))
        res["pgbadger_queries"] = int(d.get("overall_stat", {}).get("queries_number", 0) or 0)
        os.remove(out)
    else:
        res["pgbadger_queries"] = None
    if r.stderr.strip():
        res["pgbadger_stderr"] = r.stderr.strip()[:500]
    if fname in PGBADGER_NOTES:
        res["pgbadger_note"] = PGBADGER_NOTES[fname]
        assert res["pgbadger_queries"] == 0, (fname, res)
    if res["pgbadger_queries"] is not None and fname not in PGBADGER_NOTES:
        # pgBadger counts completed statements when durations are logged (the failed one has no
        # duration line), every statement:/execute line with log_statement=all
        want = TOTAL if "statements" in fname else TOTAL - TOTAL_ERRORS
        assert res["pgbadger_queries"] == want, (fname, res)
    return res


# -------------------------------------------------------------------------------------- main
def run_one(run):
    s = run["settings"]
    logdir = os.path.join(DATA, s["log_directory"])
    if os.path.exists(logdir):
        shutil.rmtree(logdir)
    dst = os.path.join(OUT, run["file"])
    if run["kind"] == "syslog":
        syslog_out = os.path.join(RSYSLOG_DIR, run["file"])
        with Rsyslog(syslog_out, run["template"]):
            pg.start(DATA, s)
            info = workload()
            time.sleep(0.5)
            pg.stop(DATA)
        shutil.copyfile(syslog_out, dst)
    else:
        pg.start(DATA, s)
        info = workload()
        time.sleep(0.5)
        pg.stop(DATA)
        src = {"stderr": "postgresql.log", "csvlog": "postgresql.csv",
               "jsonlog": "postgresql.json"}[run["kind"]]
        shutil.copyfile(os.path.join(logdir, src), dst)
    truth_csv = os.path.join(logdir, "postgresql.csv")
    pg.start(DATA, QUIET)
    stats = pg.pgss(DB)
    pg.psql(DB, "postgres", "SELECT pg_stat_statements_reset();")
    pg.stop(DATA)
    return info, truth_csv, stats


def expected_for(run, info, truth_csv, stats):
    fname, kind, mode = run["file"], run["kind"], run["mode"]
    sessions, st = csv_sessions(truth_csv, mode)
    # 1. ground truth (csvlog of the same run) == workload
    assert len(sessions) == len(EXPECTED_SESSIONS), (fname, sessions)
    out_sessions = []
    for e, g in zip(EXPECTED_SESSIONS, sessions):
        for k in ("user", "app", "statements", "with_parameters", "errors"):
            assert e[k] == g[k], (fname, k, e, g)
        out_sessions.append(dict(e, pid=g["pid"], session_id=g["session_id"], client=g["client"],
                                 author_lookups=g["author_lookups"]))
    web, _empty, bench, psql = out_sessions
    assert web["pid"] == info["web_pid"]
    assert web["author_lookups"] == WEB_AUTHOR_IDS * WEB_REQUESTS
    assert bench["author_lookups"] == PGBENCH_AUTHOR_IDS, bench["author_lookups"]
    parse = bind = PGBENCH_T * N_PGB if mode == "durations" else 0
    assert (st["parse"], st["bind"]) == (parse, bind), (fname, st)
    duration_lines = TOTAL - TOTAL_ERRORS + parse + bind if mode == "durations" else 0
    assert st["duration_lines"] == duration_lines, (fname, st)
    # 2. the kept file itself, grep level
    g = grep_counts(fname, kind, mode, os.path.join(OUT, fname))
    assert g["statements"] == TOTAL and g["with_parameters"] == TOTAL_PARAMS \
        and g["errors"] == TOTAL_ERRORS, (fname, g)
    assert (g["parse"], g["bind"], g["duration_lines"]) == (parse, bind, duration_lines), (fname, g)
    pids_in_log = bool(g["per_pid"])
    if pids_in_log:
        want = {s["pid"]: s["statements"] for s in out_sessions if s["statements"]}
        assert {int(k): v for k, v in g["per_pid"].items()} == want, (fname, g["per_pid"], want)
    else:
        assert fname == "prefix-rhel.log", fname
    # 3. pg_stat_statements
    calls = sum(r["calls"] for r in stats)
    assert calls == TOTAL - TOTAL_ERRORS, (fname, calls, stats)
    settings = {k: v for k, v in run["settings"].items()
                if k.startswith(("log_", "syslog_", "compute_query_id", "lc_messages"))
                and k not in ("log_directory", "log_filename", "log_rotation_age",
                              "log_rotation_size", "log_file_mode")}
    e = {
        "format": kind,
        "log_line_prefix": run["settings"]["log_line_prefix"] if kind in ("stderr", "syslog") else None,
        "settings": settings,
        "mode": "log_min_duration_statement=0 (duration + statement on one line)" if mode == "durations"
        else "log_statement=all, no durations",
        "statements_executed": TOTAL, "statements_completed": TOTAL - TOTAL_ERRORS,
        "with_bound_parameters": TOTAL_PARAMS, "errors": TOTAL_ERRORS,
        "error_statements": PSQL_ERRORS,
        "parse_lines": parse, "bind_lines": bind, "duration_lines": duration_lines,
        "pids_in_log": pids_in_log,
        "client_sessions_with_statements": sum(1 for s in out_sessions if s["statements"]),
        "client_sessions": out_sessions,
        "n_plus_one": [
            {"pid": web["pid"], "template": "SELECT id, name FROM authors WHERE id = ?",
             "as_logged": "SELECT id, name FROM authors WHERE id = N (literal inlined)",
             "repeats_per_request": len(WEB_AUTHOR_IDS), "requests": WEB_REQUESTS,
             "repeats_total": len(WEB_AUTHOR_IDS) * WEB_REQUESTS,
             "distinct_values_per_request": len(set(WEB_AUTHOR_IDS)),
             "values": web["author_lookups"],
             "preceded_by": "SELECT id, title, author_id FROM books ORDER BY id LIMIT 10"},
            {"pid": bench["pid"], "template": "SELECT id, name FROM authors WHERE id = $1",
             "as_logged": "execute <unnamed>: SELECT id, name FROM authors WHERE id = $1 + "
                          "DETAIL:  parameters: $1 = 'N'",
             "repeats_per_request": N_PGB_PARAM, "requests": PGBENCH_T,
             "repeats_total": N_PGB_PARAM * PGBENCH_T, "values": bench["author_lookups"],
             "preceded_by": "SELECT id, title, author_id FROM books ORDER BY id LIMIT 10"},
        ],
        "units_of_work": [
            {"pid": web["pid"], "name": f"web request {i + 1}", "statements": WEB_PER_REQUEST,
             "with_parameters": 0} for i in range(WEB_REQUESTS)]
        + [{"pid": bench["pid"], "name": f"pgbench script run {i + 1}", "statements": N_PGB,
            "with_parameters": N_PGB_PARAM} for i in range(PGBENCH_T)]
        + [{"pid": psql["pid"], "name": "psql autocommit: " + stmt.splitlines()[0][:40],
            "statements": 1, "with_parameters": 0, "error": stmt in PSQL_ERRORS} for stmt in PSQL],
        "pg_stat_statements": {"calls": calls, "rows": [
            dict(r, query=r["query"] if len(r["query"]) < 240 else r["query"][:240] + " ...")
            for r in stats]},
    }
    if kind == "syslog":
        e["rsyslog_template"] = run["template"]
        e["syslog_checks"] = syslog_checks(os.path.join(OUT, fname),
                                           run["settings"]["syslog_sequence_numbers"] == "on")
    if kind in ("csvlog", "jsonlog"):
        e["records"] = g.get("records", st["records"])
    return e


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(ROOT, exist_ok=True)
    pg.initdb(DATA)
    pg.start(DATA, QUIET)
    pg.setup_schema(DB)
    pg.stop(DATA)
    version = subprocess.run([f"{pg.PGBIN}/postgres", "--version"], capture_output=True,
                             text=True).stdout.strip().replace("postgres (PostgreSQL) ", "")
    rsyslog_version = re.match(r"rsyslogd\s+(\S+)", subprocess.run(
        ["rsyslogd", "-v"], capture_output=True, text=True).stdout).group(1)
    pgbadger_version = subprocess.run(["pgbadger", "--version"], capture_output=True,
                                      text=True).stdout.strip()
    files = {}
    for run in RUNS:
        print("run", run["file"], flush=True)
        info, truth_csv, stats = run_one(run)
        files[run["file"]] = expected_for(run, info, truth_csv, stats)
    for fname in files:
        files[fname].update(pgbadger(fname))
    doc = {
        "_about": {
            "generator": "Fixtures/logs/generate/gen_server_logs.py",
            "server": f"PostgreSQL {version}", "rsyslog": f"rsyslogd {rsyslog_version}",
            "pgbadger": pgbadger_version,
            "workload": {
                "a": f"psycopg2 session (user web, app bookstore-web, autocommit, simple protocol): "
                     f"{WEB_REQUESTS} requests 300 ms apart, each books listing + "
                     f"{len(WEB_AUTHOR_IDS)} author lookups (ids {WEB_AUTHOR_IDS})",
                "b": f"pgbench -n -M extended -t {PGBENCH_T} -c 1 --random-seed=42 "
                     f"-f generate/postgres/n_plus_one.pgbench (user bench); pgbench's initial "
                     f"connection runs nothing",
                "c": "psql -X -q -f generate/server/workload.psql.sql (user postgres): a 10-line "
                     "SELECT with a 1207-byte line, SELECT * FROM missing_table; (ERROR 42P01), "
                     "SELECT 1;",
            },
            "counting": "statements executed = statement: / execute <name>: events (with "
                        "log_min_duration_statement=0: duration + statement on one line) plus "
                        "failed statements (ERROR), each counted once; parse/bind lines are not "
                        "executions. with_bound_parameters = executions followed by DETAIL:  "
                        "parameters:. pg_stat_statements calls = executions - failed.",
            "ground_truth": "every run also wrote a csvlog (not kept unless the file is itself "
                            "csvlog) from which pids and per-session counts were taken; all counts "
                            "were asserted against it, against the kept file, and against "
                            "pg_stat_statements",
        },
        "files": files,
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for fname, e in files.items():
        print(f"{fname:28} {e['statements_executed']} stmts, {e['with_bound_parameters']} params, "
              f"{e['errors']} err, pgbadger={e['pgbadger_queries']}")


if __name__ == "__main__":
    main()
