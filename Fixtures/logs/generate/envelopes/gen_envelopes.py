#!/usr/bin/env python3
"""Build the log-envelope fixtures of Fixtures/logs/handwritten/envelopes/ around REAL server lines.

usage (as root on Debian 12, with a venv that has psycopg2, e.g. /tmp/venv-env):
    /tmp/venv-env/bin/python Fixtures/logs/generate/envelopes/gen_envelopes.py [OUTDIR]

Step 1 (real inner lines): a throwaway PostgreSQL 15 cluster is initdb'ed in /tmp/querylens-envelopes
(user postgres, 127.0.0.1:55480); schema + seed are created with logging off (pg_common.setup_schema);
then the SAME workload runs once per service log_line_prefix (one server start per service), with
lc_messages=C, log_min_duration_statement=0, logging_collector=on, log_timezone=UTC:
  (a) psycopg2 session (user web, application_name bookstore-web, autocommit): 2 requests 300 ms apart,
      each the books listing + 10 x `SELECT id, name FROM authors WHERE id = %s` (N+1);
  (b) pgbench -n -M extended -t 2 -c 1 --random-seed=42 -f ../postgres/n_plus_one.pgbench (user bench);
  (c) psql -f workload.psql.sql (user web): a 5-line SELECT, `SELECT * FROM missing_table;`
      (ERROR + STATEMENT) and one SELECT with a long IN list whose log line is > 16 KiB.
The Heroku run logs to syslog (log_destination=syslog, as Heroku Postgres does); its datagrams are
captured on a private /dev/log inside a mount namespace (unshare -m), not the machine's syslog.

Step 2 (envelopes): the captured lines are wrapped as each service documents it; the journal files are
produced by the real tools (systemd-journal-remote builds a journal file from Journal Export Format,
journalctl --file prints it).  See handwritten/envelopes/README.md for the rules and sources.
Step 3: counts are asserted at grep level on every output file and written to expected.json.
"""
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.dirname(HERE)
sys.path.insert(0, GEN)
import pg_common as pg  # noqa: E402

pg.PORT = 55480  # pg_common.psql() reads the module global at call time
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(GEN, "..", "handwritten", "envelopes"))
ROOT = "/tmp/querylens-envelopes"
DATA = os.path.join(ROOT, "data")
WORK = os.path.join(ROOT, "work")
DB = "bookstore"
PSQL_SCRIPT = os.path.join(HERE, "workload.psql.sql")
PGBENCH_SCRIPT = os.path.join(GEN, "postgres", "n_plus_one.pgbench")
AUTHOR_IDS = [4, 7, 3, 6, 2, 5, 1, 4, 7, 3]
LONG_IN_N = 3500  # SELECT ... WHERE id IN (1, ..., 3500): the statement log line is > 16 KiB

BASE = dict(pg.BASE, port=pg.PORT, log_directory="log", log_filename="postgresql.log",
            log_min_duration_statement=0, log_destination="stderr")
QUIET = dict(BASE, log_min_duration_statement=-1, log_statement="none", log_directory="log_quiet")

HEROKU_PREFIX = (' sql_error_code = %e time_ms = "%m" pid="%p" proc_start_time="%s" session_id="%c" '
                 'vtid="%v" tid="%x" log_line="%l" database="%d" connection_source="%r" user="%u" '
                 'application_name="%a" ')
RUNS = {
    # name: (log_line_prefix, log_destination)
    "debian": ("%m [%p] %q%u@%d ", "stderr"),          # Debian's postgresql.conf default
    "docker": ("%m [%p] ", "stderr"),                  # upstream default (official image sets none)
    "cloudsql": ("%m [%p]: [%l-1] db=%d,user=%u ", "stderr"),
    "rds": ("%t:%r:%u@%d:[%p]:", "stderr"),
    "azure": ("%t-%c-", "stderr,csvlog"),
    "heroku": (HEROKU_PREFIX, "syslog"),
    "cnpg": ("%m [%p] ", "csvlog"),                    # CloudNativePG reads the csvlog
}


# ----------------------------------------------------------------------------- step 1: server runs
def write_psql_script():
    ids = ", ".join(str(i) for i in range(1, LONG_IN_N + 1))
    text = ("SELECT b.id, b.title,\n"
            "a.name AS author\n"
            "FROM books b\n"
            "JOIN authors a ON a.id = b.author_id\n"
            "WHERE b.id <= 3 ORDER BY b.id;\n"
            "SELECT * FROM missing_table;\n"
            f"SELECT id, title FROM books WHERE id IN ({ids}) ORDER BY id;\n")
    with open(PSQL_SCRIPT, "w") as f:
        f.write(text)


def web_requests():
    conn = psycopg2.connect(host=pg.HOST, port=pg.PORT, user="web", dbname=DB,
                            application_name="bookstore-web")
    conn.autocommit = True
    pid = conn.get_backend_pid()
    cur = conn.cursor()
    for req in (1, 2):
        if req > 1:
            time.sleep(0.3)
        cur.execute("SELECT id, title, author_id FROM books ORDER BY id LIMIT 10")
        rows = cur.fetchall()
        for _id, _title, author_id in rows:
            cur.execute("SELECT id, name FROM authors WHERE id = %s", (author_id,))
            cur.fetchall()
    conn.close()
    assert [r[2] for r in rows] == AUTHOR_IDS, rows
    return pid


def workload():
    web_pid = web_requests()
    time.sleep(0.2)
    r = subprocess.run(["pgbench", "-n", "-M", "extended", "-t", "2", "-c", "1", "--random-seed=42",
                        "-f", PGBENCH_SCRIPT, "-h", pg.HOST, "-p", str(pg.PORT), "-U", "bench", DB],
                       capture_output=True, text=True, env=dict(os.environ, PGAPPNAME="pgbench"))
    assert r.returncode == 0, r.stderr
    time.sleep(0.2)
    r = pg.psql(DB, "web", file=PSQL_SCRIPT)
    assert "missing_table" in r.stderr, r.stderr
    time.sleep(0.3)
    return web_pid


class SyslogSink:
    """Receives the datagrams glibc's syslog(3) sends to /dev/log (bound at a private path)."""

    def __init__(self, path):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        os.chmod(path, 0o666)
        self.sock.settimeout(0.2)
        self.msgs, self.stop = [], False
        self.t = threading.Thread(target=self._loop, daemon=True)
        self.t.start()

    def _loop(self):
        while not self.stop:
            try:
                self.msgs.append(self.sock.recv(65536))
            except socket.timeout:
                pass

    def close(self):
        time.sleep(0.5)
        self.stop = True
        self.t.join()
        self.sock.close()
        os.unlink(self.path)
        return self.msgs


def start_in_private_devlog(settings, sock):
    """pg_ctl start inside a mount namespace whose /dev is a tmpfs with the usual nodes and a
    /dev/log bind-mounted from `sock`; the machine's /dev and syslog are not touched."""
    opts = " ".join(f"-c {k}={pg._q(v)}" for k, v in settings.items())
    olddev = os.path.join(ROOT, "olddev")
    os.makedirs(olddev, exist_ok=True)
    script = f"""set -e
mount --rbind /dev {olddev}
mount -t tmpfs -o mode=755 devtmp /dev
for n in null zero full random urandom tty; do touch /dev/$n; mount --bind {olddev}/$n /dev/$n; done
mkdir /dev/shm && mount -t tmpfs -o mode=1777 shm /dev/shm
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
touch /dev/log; mount --bind {sock} /dev/log
umount -l {olddev}
exec runuser -u postgres -- env TZ=UTC {pg.PGBIN}/pg_ctl -D {DATA} -w -l {DATA}/pg_ctl.out -o {pg._q(opts)} start
"""
    r = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def run(name):
    prefix, dest = RUNS[name]
    settings = dict(BASE, log_line_prefix=prefix, log_destination=dest)
    logdir = os.path.join(DATA, "log")
    if os.path.exists(logdir):
        shutil.rmtree(logdir)
    sink = None
    if dest == "syslog":
        settings.update(syslog_facility="LOCAL0", syslog_ident="postgres",
                        syslog_sequence_numbers="on", syslog_split_messages="on")
        sink = SyslogSink(os.path.join(ROOT, "devlog.sock"))
        start_in_private_devlog(settings, sink.path)
    else:
        pg.start(DATA, settings)
    start_ts = time.time()
    web_pid = workload()
    pg.stop(DATA)
    out = {"web_pid": web_pid, "start": start_ts}
    if sink:
        out["syslog"] = sink.close()
    for ext in ("log", "csv"):
        p = os.path.join(logdir, "postgresql." + ext)
        if os.path.exists(p):
            with open(p, "rb") as f:
                out[ext] = f.read()
    os.makedirs(WORK, exist_ok=True)
    for k in ("log", "csv"):
        if k in out:
            with open(os.path.join(WORK, f"{name}.{k}"), "wb") as f:
                f.write(out[k])
    return out


# ----------------------------------------------------------------------------- helpers
def lines_of(raw):
    """The server's stderr lines, without their newline (bytes)."""
    assert raw.endswith(b"\n")
    return raw[:-1].split(b"\n")


MS_TS = re.compile(rb"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d{3})? UTC")


def line_time(line, last):
    """Time of a stderr line from its %m/%t prefix; continuation lines inherit the last one."""
    m = MS_TS.match(line)
    if not m:
        return last
    t = dt.datetime.strptime(m.group(1).decode(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    if m.group(2):
        t += dt.timedelta(milliseconds=int(m.group(2)[1:]))
    return t


def timed_lines(raw):
    """[(time, line)] for a stderr log; a line read by a collector gets its own small delay after
    the time the server printed (deterministic: 150 us + 7 us per line since the last record)."""
    res, last, k = [], None, 0
    for line in lines_of(raw):
        t = line_time(line, last)
        k = 0 if t != last else k + 1
        last = t
        res.append((t + dt.timedelta(microseconds=150 + 7 * k), line))
    return res


def records(raw, start_re):
    """Group stderr lines into log records: a line matching start_re starts a record, any other
    line (a TAB-indented continuation of a multi-line message) belongs to the previous record."""
    recs = []
    for line in lines_of(raw):
        if start_re.match(line) or not recs:
            recs.append([line])
        else:
            recs[-1].append(line)
    return [b"\n".join(r) for r in recs]


def rfc3339nano(t, extra_ns=0):
    """Go's time.RFC3339Nano in UTC: fraction with trailing zeros removed (and none if zero)."""
    ns = t.microsecond * 1000 + extra_ns
    frac = f"{ns:09d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("." + frac if frac else "") + "Z"


def go_json_string(b):
    """encoding/json string encoding with HTML escaping (what Docker's jsonlog writes)."""
    s = b.decode("utf-8", errors="replace")
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or ch in "<>&" or o in (0x2028, 0x2029):
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jdump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def hexid(*parts, n=32):
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:n]


# ----------------------------------------------------------------------------- step 2: envelopes
HOST = "db-1"
BOOT_ID = hexid("boot")
MACHINE_ID = hexid("machine")
INVOCATION_ID = hexid("invocation")


def postmaster_pid(raw):
    m = re.search(rb"\[(\d+)\] LOG:  starting PostgreSQL", raw)
    return int(m.group(1))


def journal_export(raw):
    """Journal Export Format (systemd.io/JOURNAL_EXPORT_FORMATS) for a postgres writing to stderr
    under postgresql@15-main.service: one entry per stderr line, fields as journald's stdout-stream
    transport sets them; _PID is the stream's peer (the postmaster) for every line."""
    pmpid = postmaster_pid(raw)
    stream_id = hexid("stream")
    out = io.BytesIO()
    t0 = None
    for seq, (t, line) in enumerate(timed_lines(raw)):
        rt = int(t.timestamp() * 1_000_000)
        t0 = t0 or rt
        mono = 4_000_000_000 + (rt - t0)
        fields = [
            ("__CURSOR", f"s={hexid('seqnum')};i={seq + 1:x};b={BOOT_ID};m={mono:x};t={rt:x};x={hexid(seq, n=16)}"),
            ("__REALTIME_TIMESTAMP", str(rt)), ("__MONOTONIC_TIMESTAMP", str(mono)),
            ("_BOOT_ID", BOOT_ID), ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"),
            ("_UID", "101"), ("_GID", "104"), ("_CAP_EFFECTIVE", "0"),
            ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", HOST), ("_TRANSPORT", "stdout"),
            ("_STREAM_ID", stream_id), ("SYSLOG_IDENTIFIER", "postgres"), ("_PID", str(pmpid)),
            ("_COMM", "postgres"), ("_EXE", "/usr/lib/postgresql/15/bin/postgres"),
            ("_CMDLINE", "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main "
                         "-c config_file=/etc/postgresql/15/main/postgresql.conf"),
            ("_SYSTEMD_CGROUP", "/system.slice/system-postgresql.slice/postgresql@15-main.service"),
            ("_SYSTEMD_UNIT", "postgresql@15-main.service"),
            ("_SYSTEMD_SLICE", "system-postgresql.slice"),
            ("_SYSTEMD_INVOCATION_ID", INVOCATION_ID),
            ("MESSAGE", line),
        ]
        for k, v in fields:
            v = v if isinstance(v, bytes) else v.encode()
            if k == "__CURSOR":
                continue  # journal-remote assigns its own cursor
            if b"\n" in v or any(c < 0x20 and c != 0x09 for c in v):
                out.write(k.encode() + b"\n" + struct.pack("<Q", len(v)) + v + b"\n")
            else:
                out.write(k.encode() + b"=" + v + b"\n")
        out.write(b"\n")
    return out.getvalue()


def journal_files(raw):
    exp = journal_export(raw)
    jdir = os.path.join(ROOT, "journal")
    if os.path.exists(jdir):
        shutil.rmtree(jdir)
    os.makedirs(jdir)
    jfile = os.path.join(jdir, "remote-db-1.journal")
    r = subprocess.run(["/lib/systemd/systemd-journal-remote", "--output=" + jfile, "--split-mode=none",
                        "--compress=no", "--seal=no", "-"], input=exp, capture_output=True)
    assert r.returncode == 0 and os.path.exists(jfile), r.stderr
    res = {}
    for mode, fname, extra in (("short-iso", "journal-short-iso.log", []),
                               ("json", "journal-json.log", []),
                               ("json", "journal-json-all.log", ["--all"]),
                               ("cat", "journal-cat.log", [])):
        r = subprocess.run(["journalctl", "--file", jfile, "-o", mode, "--no-pager", "-q", *extra],
                           capture_output=True, env=dict(os.environ, TZ="UTC", SYSTEMD_COLORS="0"))
        assert r.returncode == 0, r.stderr
        res[fname] = r.stdout
    return res


def docker_json_file(raw):
    """Docker json-file driver: one object per container output line; lines > 16 KiB are emitted as
    partial messages of 16384 bytes whose "log" has no trailing \\n."""
    out = []
    MAX = 16 * 1024
    for i, (t, line) in enumerate(timed_lines(raw)):
        data = line + b"\n"
        parts = [data[j:j + MAX] for j in range(0, len(data), MAX)]
        for k, p in enumerate(parts):
            ts = rfc3339nano(t, extra_ns=(i * 13 + k * 101) % 1000)
            out.append('{"log":%s,"stream":"stderr","time":"%s"}\n' % (go_json_string(p), ts))
    return "".join(out).encode()


def cri_log(raw):
    """CRI log format (containerd/kubelet): `<RFC3339Nano> <stream> <P|F> <content>`, lines longer
    than 16384 bytes split into P records and a final F record."""
    out = []
    MAX = 16 * 1024
    for i, (t, line) in enumerate(timed_lines(raw)):
        parts = [line[j:j + MAX] for j in range(0, len(line), MAX)] or [b""]
        for k, p in enumerate(parts):
            tag = b"F" if k == len(parts) - 1 else b"P"
            ts = rfc3339nano(t, extra_ns=(i * 13 + k * 101) % 1000).encode()
            out.append(ts + b" stderr " + tag + b" " + p + b"\n")
    return b"".join(out)


CLOUDSQL_START = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\]: \[\d+-1\] ")
LEVEL_RE = re.compile(rb"(LOG|ERROR|STATEMENT|DETAIL|HINT|CONTEXT|WARNING|FATAL|PANIC):  ")
GCP_SEVERITY = {b"LOG": "INFO", b"DETAIL": "INFO", b"STATEMENT": "INFO", b"HINT": "INFO",
                b"CONTEXT": "INFO", b"ERROR": "ERROR", b"WARNING": "WARNING", b"FATAL": "CRITICAL",
                b"PANIC": "ALERT"}


def cloudsql(raw):
    """Cloud Logging LogEntry per Cloud SQL log record (multi-line records stay one entry)."""
    out = []
    project, instance = "bookstore-prod", "bookstore-pg15"
    for i, rec in enumerate(records(raw, CLOUDSQL_START)):
        t = line_time(rec, None) + dt.timedelta(microseconds=1622 + 9 * (i % 50))
        recv = t + dt.timedelta(milliseconds=840, microseconds=311 * (i % 7))
        sev = GCP_SEVERITY[LEVEL_RE.search(rec).group(1)]
        rt = int(t.timestamp() * 1_000_000)
        entry = {
            "insertId": f"s={hexid('cloudsql')};i={0x1f3c0 + i:x};b={BOOT_ID};m={0x5f63da18332 + i * 977:x};"
                        f"t={rt:x};x={hexid('x', i, n=15)}-0-0@a1",
            "logName": f"projects/{project}/logs/cloudsql.googleapis.com%2Fpostgres.log",
            "receiveTimestamp": recv.strftime("%Y-%m-%dT%H:%M:%S.%f") + f"{(i * 37) % 1000:03d}Z",
            "resource": {"labels": {"database_id": f"{project}:{instance}", "project_id": project,
                                    "region": "europe-west1"}, "type": "cloudsql_database"},
            "severity": sev,
            "textPayload": rec.decode(),
            "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        out.append(jdump(entry) + "\n")
    return "".join(out).encode()


RDS_START = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC:")


def rds(raw):
    """CloudWatch Logs events for RDS (one event per log record, message with embedded newlines):
    the S3-export text form `<event time ISO8601 ms Z> <message>` and one JSON event per line as
    `aws logs filter-log-events` returns them in "events"."""
    txt, js = [], []
    for i, rec in enumerate(records(raw, RDS_START)):
        t = line_time(rec, None)
        ms = int(t.timestamp() * 1000)
        txt.append(t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z " + rec.decode() + "\n")
        ev = {"logStreamName": "bookstore-db", "timestamp": ms, "message": rec.decode(),
              "ingestionTime": ms + 1800 + (i * 37) % 400,
              "eventId": str(int(hexid("ev", i, n=24), 16) % 10 ** 56).zfill(56)}
        js.append(jdump(ev) + "\n")
    return "".join(txt).encode(), "".join(js).encode()


def parse_csv(raw):
    return list(csv.reader(io.StringIO(raw.decode(), newline="")))


AZ_START = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC-[0-9a-f]+\.[0-9a-f]+-")


def azure_diag(raw_csv, raw_log):
    """Azure Monitor resource-log records (diagnostic setting -> storage account / Event Hubs),
    category PostgreSQLLogs, one JSON object per line, built from the csvlog rows of the run."""
    recs = []  # one per ereport: DETAIL/STATEMENT/HINT/CONTEXT lines belong to the record before
    for r in records(raw_log, AZ_START):
        if recs and re.match(rb"(DETAIL|STATEMENT|HINT|CONTEXT):  ", r[AZ_START.match(r).end():]):
            continue
        recs.append(r)
    rows = parse_csv(raw_csv)
    assert len(rows) == len(recs), (len(rows), len(recs))
    rid = ("/SUBSCRIPTIONS/00000000-1111-2222-3333-444444444444/RESOURCEGROUPS/BOOKSTORE-RG/PROVIDERS/"
           "MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS/BOOKSTORE-PG")
    out = []
    for row, rec in zip(rows, recs):
        t = dt.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S.%f UTC")
        prefix = AZ_START.match(rec).group(0).decode()
        props = {"prefix": prefix, "message": row[13], "detail": row[14], "errorLevel": row[11],
                 "domain": "postgres-15", "schemaName": "", "tableName": "", "columnName": "",
                 "datatypeName": "", "sqlerrcode": row[12], "processId": int(row[3])}
        out.append(jdump({"time": t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "resourceId": rid,
                          "category": "PostgreSQLLogs", "operationName": "LogEvent",
                          "properties": props, "LogicalServerName": "bookstore-pg"}) + "\n")
    return "".join(out).encode()


SYSLOG_RE = re.compile(rb"^<(\d+)>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+?)\[(\d+)\]: (.*)$", re.S)


def heroku(msgs, year):
    """`heroku logs -p postgres` lines: `<time>+00:00 app[postgres.<pid>]: [<ATTACHMENT>] <msg>` where
    <msg> is the syslog message PostgreSQL sent ([seq-chunk] + prefix + text, one chunk a line)."""
    out = []
    for d in msgs:
        if b" postgres[" not in d.split(b": ", 1)[0]:
            continue  # e.g. runuser's own pam message in the namespace: not the server's
        m = SYSLOG_RE.match(d)
        assert m, d
        t = dt.datetime.strptime(f"{year} {m.group(2).decode()}", "%Y %b %d %H:%M:%S")
        body = m.group(5)
        assert b"\n" not in body
        out.append(t.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00").encode() + b" app[postgres."
                   + m.group(4) + b"]: [DATABASE] " + body + b"\n")
    return b"".join(out)


CNPG_FIELDS = ["log_time", "user_name", "database_name", "process_id", "connection_from", "session_id",
               "session_line_num", "command_tag", "session_start_time", "virtual_transaction_id",
               "transaction_id", "error_severity", "sql_state_code", "message", "detail", "hint",
               "internal_query", "internal_query_pos", "context", "query", "query_pos", "location",
               "application_name", "backend_type", "leader_pid", "query_id"]


def cnpg(raw_csv):
    """CloudNativePG instance manager output: each csvlog row as logger "postgres", msg "record",
    record = the csv columns (strings, empty ones omitted), plus a few instance-manager lines."""
    rows = parse_csv(raw_csv)
    pod = "cluster-example-1"
    out = []

    def ts(t, k):
        return rfc3339nano(t, extra_ns=k)

    t_first = dt.datetime.strptime(rows[0][0], "%Y-%m-%d %H:%M:%S.%f UTC")
    out.append(jdump({"level": "info", "ts": ts(t_first - dt.timedelta(milliseconds=40), 417),
                      "msg": "Starting up instance", "logging_pod": pod,
                      "pgdata": "/var/lib/postgresql/data/pgdata",
                      "options": ["-D", "/var/lib/postgresql/data/pgdata"]}))
    for i, row in enumerate(rows):
        assert len(row) == 26, len(row)
        t = dt.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S.%f UTC")
        rec = {k: v for k, v in zip(CNPG_FIELDS, row) if v != ""}
        out.append(jdump({"level": "info", "ts": ts(t + dt.timedelta(microseconds=480 + 3 * (i % 40)), i * 61 % 1000),
                          "logger": "postgres", "msg": "record", "logging_pod": pod, "record": rec}))
        if i == len(rows) // 2:
            out.append(jdump({"level": "info", "ts": ts(t + dt.timedelta(milliseconds=2), 903),
                              "logger": "wal-archive", "msg": "Archived WAL file", "logging_pod": pod,
                              "walName": "pg_wal/000000010000000000000002",
                              "startTime": ts(t, 0), "endTime": ts(t + dt.timedelta(milliseconds=2), 0),
                              "elapsedWalTime": 0.002139411}))
    t_last = dt.datetime.strptime(rows[-1][0], "%Y-%m-%d %H:%M:%S.%f UTC")
    out.append(jdump({"level": "info", "ts": ts(t_last + dt.timedelta(milliseconds=12), 88),
                      "msg": "Exited log pipe", "fileName": "/controller/log/postgres.csv",
                      "logging_pod": pod}))
    return ("\n".join(out) + "\n").encode()


# ----------------------------------------------------------------------------- step 3: counts
STMT_RE = re.compile(r"duration: [0-9.]+ ms  (statement|execute [^:]+): ")
PARAM_RE = re.compile(r"parameters: \$1 = '")
ERROR_RE = re.compile(r'ERROR:  |"error_severity":"ERROR"|"errorLevel":"ERROR"')
NPLUS1_RE = re.compile(r"statement: SELECT id, name FROM authors WHERE id = \d+")
NPLUS1_EXT_RE = re.compile(r"execute [^:]+: SELECT id, name FROM authors WHERE id = \$1")


def pid_of(name, text_line, ctx):
    """The server pid of a statement line, per envelope (prefix-specific)."""
    if name.startswith("cloudnativepg"):
        return re.search(r'"process_id":"(\d+)"', text_line).group(1)
    if name.startswith("azure-diagnostics"):
        return re.search(r'"processId":(\d+)', text_line).group(1)
    if name.startswith("heroku"):
        return re.search(r'pid="(\d+)"', text_line).group(1)
    if name.startswith("azure"):
        return ctx["azure_session_pid"](text_line)
    m = re.search(r"(?:UTC \[|:\[)(\d+)\]", text_line)
    return m.group(1)


def counts(name, data, ctx):
    text = data.decode("utf-8", errors="replace")
    stmt_lines = [l for l in text.split("\n") if STMT_RE.search(l)]
    pids = sorted({pid_of(name, l, ctx) for l in stmt_lines})
    return {
        "statements_executed": len(stmt_lines) + len(ERROR_RE.findall(text)),
        "with_bound_parameters": len(PARAM_RE.findall(text)) // 2,
        "errors": len(ERROR_RE.findall(text)),
        "server_pids_with_statements": len(pids),
        "n_plus_one_simple": len(NPLUS1_RE.findall(text)),
        "n_plus_one_extended": len(NPLUS1_EXT_RE.findall(text)),
    }


EXPECTED = {
    "statements_executed": 33, "with_bound_parameters": 6, "errors": 1,
    "server_pids_with_statements": 3, "n_plus_one_simple": 20, "n_plus_one_extended": 6,
}

# journalctl -o json prints a field longer than 4096 bytes as null unless --all is given
OVERRIDES = {"journal-json.log": {"statements_executed": 32}}
NOTES = {"journal-json.log": "journalctl -o json without --all prints MESSAGE:null for the one entry "
                             "whose MESSAGE is > 4096 bytes (the long IN-list statement), so only 32 "
                             "of the 33 executions are visible; journal-json-all.log (--all) has all 33"}


def main():
    write_psql_script()
    os.makedirs(OUT, exist_ok=True)
    pg.initdb(DATA)
    pg.start(DATA, QUIET)
    pg.setup_schema(DB)
    pg.stop(DATA)

    res = {name: run(name) for name in RUNS}

    files = {}
    files.update(journal_files(res["debian"]["log"]))
    files["docker-json-file.log"] = docker_json_file(res["docker"]["log"])
    files["cri.log"] = cri_log(res["docker"]["log"])
    files["cloudsql.json"] = cloudsql(res["cloudsql"]["log"])
    files["rds-downloaded.log"] = res["rds"]["log"]
    files["rds-cloudwatch-export.log"], files["rds-cloudwatch.jsonl"] = rds(res["rds"]["log"])
    files["azure.log"] = res["azure"]["log"]
    files["azure-diagnostics.jsonl"] = azure_diag(res["azure"]["csv"], res["azure"]["log"])
    year = dt.datetime.fromtimestamp(res["heroku"]["start"], dt.timezone.utc).year
    files["heroku-logplex.log"] = heroku(res["heroku"]["syslog"], year)
    files["cloudnativepg.json"] = cnpg(res["cnpg"]["csv"])

    # azure: %c is the session id (hex start time . hex pid); take the pid from it
    ctx = {"azure_session_pid": lambda l: str(int(re.search(r"UTC-[0-9a-f]+\.([0-9a-f]+)-", l).group(1), 16))}

    for old in os.listdir(OUT):
        if old not in ("README.md",):
            os.unlink(os.path.join(OUT, old))
    expected = {}
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        c = counts(name, data, ctx)
        want = dict(EXPECTED, **OVERRIDES.get(name, {}))
        assert c == want, (name, c)
        if name == "journal-json.log":  # the > 4096-byte MESSAGE is printed as null without --all
            assert data.count(b'"MESSAGE":null') == 1
        expected[name] = {
            **({"note": NOTES[name]} if name in NOTES else {}),
            "statements_executed": c["statements_executed"],
            "with_bound_parameters": c["with_bound_parameters"],
            "errors": c["errors"],
            "server_pids_with_statements": c["server_pids_with_statements"],
            "n_plus_one": [
                {"template": "SELECT id, name FROM authors WHERE id = ?", "repeats": 20,
                 "per_unit": 10, "units": 2, "session": "psycopg2 bookstore-web (simple protocol)"},
                {"template": "SELECT id, name FROM authors WHERE id = $1", "repeats": 6,
                 "per_unit": 3, "units": 2, "session": "pgbench -M extended"},
            ],
        }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"counting": "statements_executed = duration+statement lines, execute lines and "
                               "failed statements (ERROR) once; parse/bind not counted",
                   "files": expected}, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    assert total < 1_000_000, total
    print(json.dumps({n: len(d) for n, d in files.items()}, indent=1), "total", total)


main()
