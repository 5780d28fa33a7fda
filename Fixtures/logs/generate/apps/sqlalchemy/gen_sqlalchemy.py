#!/usr/bin/env python3
"""Generate Fixtures/logs/apps/sqlalchemy/{echo-postgres,echo-sqlite,flask}.log + expected.json.

usage: /tmp/venv-pyorm/bin/python gen_sqlalchemy.py [OUTDIR]   (default ../../../apps/sqlalchemy)

echo-*.log: `python sa_app.py postgres|sqlite > FILE` (plain SQLAlchemy, create_engine(echo=True));
flask.log:  `python flask_app.py PORT > FILE 2>&1` (Flask + Flask-SQLAlchemy, SQLALCHEMY_ECHO=True,
            Werkzeug dev server) with real HTTP requests from urllib, 200 ms apart.
Needs the PostgreSQL 15 cluster on 127.0.0.1:55491 (README.md).  Every count in expected.json is
measured from the log with regular expressions and asserted against what the workload implies.
"""
import ast
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "apps", "sqlalchemy"))
PY = sys.executable
PSQL = ["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-h", "127.0.0.1", "-p", "55491", "-U", "postgres"]
AUTHOR_IDS_R1 = [((3 * i) % 7) + 1 for i in range(1, 11)]  # 4,7,3,6,2,5,1,4,7,3
os.makedirs(OUT, exist_ok=True)

ENGINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO sqlalchemy\.engine\.Engine (.*)$")
RECORD_START = re.compile(
    r"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO sqlalchemy\.engine\.Engine "  # echo handler
    r"|\d+\.\d+\.\d+\.\d+ - - \["                                                 # werkzeug access
    r"|\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] [A-Z]+ in "                        # flask app.logger
    r"| \* |\x1b\[)")                                                             # werkzeug banner
PARAMS = re.compile(r"^\[(generated in [\d.]+s|cached since [\d.e-]+s ago|raw sql|no key [\d.]+s"
                    r"|dialect \S+ does not support caching [\d.]+s)\] (.*)$", re.S)
TX = ("BEGIN (implicit)", "COMMIT", "ROLLBACK")
AUTHOR_BY_ID = re.compile(r"^SELECT authors\.id, authors\.name \nFROM authors \nWHERE authors\.id = (\?|%\((?:pk_1|id_1)\)s)$")
AUTHORS_IN = re.compile(r"WHERE authors\.id IN \(")
COUNT_BY_AUTHOR = re.compile(r"^SELECT count\(\*\) AS count_1 \nFROM books \nWHERE books\.author_id = (\?|%\(author_id_1\)s)$")


def records(path):
    out = []
    with open(path) as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if RECORD_START.match(line) or not out:
                out.append([no, no, line])
            else:
                out[-1][1] = no
                out[-1][2] += "\n" + line
    return out


def statements(path):
    """[{first,last,sql,param_kind,params}] -- each SQL statement record with its parameter record."""
    recs = records(path)
    out, tx = [], {t: 0 for t in TX}
    for i, (first, last, text) in enumerate(recs):
        m = ENGINE.match(text.split("\n", 1)[0])
        if not m:
            continue
        msg = ENGINE.match(text).group(1) if "\n" not in text else m.group(1) + "\n" + text.split("\n", 1)[1]
        if msg in TX:
            tx[msg] += 1
            continue
        if PARAMS.match(msg):
            continue
        nxt = recs[i + 1][2] if i + 1 < len(recs) else ""
        pm = PARAMS.match(ENGINE.match(nxt).group(1)) if ENGINE.match(nxt) else None
        assert pm, ("statement without parameter record", first, nxt)
        out.append({"first": first, "last": last, "param_line": recs[i + 1][0], "sql": msg,
                    "param_kind": pm.group(1).split(" ")[0], "params": pm.group(2)})
    return out, tx


def first_value(params):
    v = ast.literal_eval(params)
    if isinstance(v, dict):
        v = list(v.values())
    return v[0]


def check(name, sts, pg):
    ids = [first_value(s["params"]) for s in sts if AUTHOR_BY_ID.match(s["sql"])]
    counts = [first_value(s["params"]) for s in sts if COUNT_BY_AUTHOR.match(s["sql"])]
    # SQLAlchemy's lazy loader for a simple many-to-one looks in the Session's identity map first:
    # authors 4, 7 and 3 are already loaded when books 8, 9, 10 need them -> only 7 lazy loads.
    first_seen = list(dict.fromkeys(AUTHOR_IDS_R1))
    if name == "R1":
        assert len(sts) == 8 and ids == first_seen, (len(sts), ids)
        return {"n_plus_one": [{"table": "authors", "column": "id", "repeats": 7, "distinct": 7, "request": "R1",
                                "values": ids, "note": "10 books but 7 queries: the lazy loads of authors 4, 7, 3 "
                                "for books 8-10 are answered from the Session identity map"}]}
    if name == "R2":
        assert len(sts) == 2 and AUTHORS_IN.search(sts[1]["sql"]), sts
        pk = ast.literal_eval(sts[1]["params"])  # (4, 7, ...) on SQLite, {'primary_keys_1': 4, ...} on psycopg2
        assert sorted(pk.values() if pg else pk) == list(range(1, 8)), sts[1]
    if name == "R3":
        assert len(sts) == 3 and ids == [1, 1, 1] and len({s["sql"] for s in sts}) == 1, sts
        rep = {"table": "authors", "repeats": 3, "request": "R3"}
        if pg:
            rep["note"] = ("same statement text as R1's lazy loads except the bind name: %(id_1)s here, "
                           "%(pk_1)s in the lazy loader's query")
        return {"repeated": [rep]}
    if name == "R4":
        assert len(sts) == 6 and counts == [1, 2, 3, 4, 5], (len(sts), counts)
        return {"n_plus_one": [{"table": "books", "column": "author_id", "kind": "count", "repeats": 5, "distinct": 5,
                                "request": "R4", "values": counts}]}
    if name == "X404":
        assert not sts
    return {}


def summarize(path, metas, pg, expect_startup):
    sts, tx = statements(path)
    startup = [s for s in sts if s["first"] < metas[0]["first_line"]]
    assert len(startup) == expect_startup, startup
    e = {"statements_executed": len(sts),
         "with_parameters": sum(1 for s in sts if s["params"] not in ("()", "{}", "[]")),
         "lines": sum(1 for _ in open(path)),
         "startup_statements": len(startup),
         "startup_lines": [[s["first"], s["param_line"]] for s in startup],
         "transaction_lines": {"BEGIN (implicit)": tx["BEGIN (implicit)"], "COMMIT": tx["COMMIT"], "ROLLBACK": tx["ROLLBACK"]},
         "parameter_line_kinds": {k: sum(1 for s in sts if s["param_kind"] == k) for k in
                                  sorted({s["param_kind"] for s in sts})},
         "multi_line_statements": sum(1 for s in sts if s["last"] > s["first"]),
         "requests": [], "n_plus_one": [], "repeated": []}
    for m in metas:
        rs = [s for s in sts if m["first_line"] <= s["first"] <= m["last_line"]]
        m["statements"] = len(rs)
        m["statement_lines"] = [[s["first"], s["last"], s["param_line"]] for s in rs]
        found = check(m["name"], rs, pg)
        e["n_plus_one"] += found.get("n_plus_one", [])
        e["repeated"] += found.get("repeated", [])
        if m["name"] == "R2":
            e["eager_request_statements"] = len(rs)
        e["requests"].append(m)
    assert e["statements_executed"] == expect_startup + 19, e["statements_executed"]
    assert e["transaction_lines"]["BEGIN (implicit)"] == 4 and e["transaction_lines"]["ROLLBACK"] == 4
    return e


def run_echo(dialect):
    name = "echo-postgres.log" if dialect == "postgres" else "echo-sqlite.log"
    log = os.path.join(OUT, name)
    if dialect == "postgres":
        subprocess.run(PSQL + ["-c", "DROP DATABASE IF EXISTS qlens_sqlalchemy"], check=True)
        subprocess.run(PSQL + ["-c", "CREATE DATABASE qlens_sqlalchemy"], check=True)
    with open(log, "w") as fh:
        r = subprocess.run([PY, os.path.join(HERE, "sa_app.py"), dialect], stdout=fh, stderr=subprocess.PIPE,
                           text=True, check=True)
    metas = []
    for line in r.stderr.splitlines():
        if line.startswith("@@ "):
            _, n, a, b = line.split()
            metas.append({"name": n, "first_line": int(a), "last_line": int(b)})
    e = summarize(log, metas, dialect == "postgres", 3 if dialect == "postgres" else 0)
    e.update({"orm": "sqlalchemy", "dialect": "postgresql" if dialect == "postgres" else "sqlite",
              "driver": "psycopg2" if dialect == "postgres" else "sqlite3 (stdlib)",
              "how_logging_was_enabled": "create_engine(url, echo=True): SQLAlchemy adds StreamHandler(sys.stdout) "
              "with Formatter('%(asctime)s %(levelname)s %(name)s %(message)s') to logger sqlalchemy.engine.Engine "
              "at INFO; stdout redirected to the file (python sa_app.py " + dialect + " > " + name + ")",
              "source_locations": False, "threads": "single thread; no pid/thread in the format",
              "request_boundaries": "none in the log: one Session per request, 200 ms apart (BEGIN (implicit) ... ROLLBACK)"})
    return e


def wait_port(port, timeout=20):
    t0 = time.time()
    while time.time() - t0 < timeout:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("port never opened")


def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def run_flask():
    log = os.path.join(OUT, "flask.log")
    port = 58021
    fh = open(log, "w")
    proc = subprocess.Popen([PY, os.path.join(HERE, "flask_app.py"), str(port)], stdout=fh, stderr=subprocess.STDOUT,
                            start_new_session=True)
    metas = []
    try:
        wait_port(port)
        time.sleep(0.5)
        for name, url in (("R1", "/books/"), ("R2", "/books/eager/"), ("R3", "/authors/1/repeat/"),
                          ("R4", "/authors/counts/"), ("X404", "/nope/")):
            time.sleep(0.2)
            first = sum(1 for _ in open(log, "rb")) + 1
            status = get(f"http://127.0.0.1:{port}{url}")
            time.sleep(0.2)
            metas.append({"name": name, "url": url, "status": status, "first_line": first,
                          "last_line": sum(1 for _ in open(log, "rb"))})
    finally:
        os.kill(proc.pid, signal.SIGINT)
        proc.wait(timeout=10)
        fh.close()
    text = open(log).read().splitlines()
    for m in metas:
        acc = [i + 1 for i in range(m["first_line"] - 1, m["last_line"]) if f'GET {m["url"]} HTTP/1.1' in text[i]
               and re.match(r"^\d+\.\d+\.\d+\.\d+ - - \[", text[i])]
        assert len(acc) == 1, (m, acc)
        m["access_line"] = acc[0]
    e = summarize(log, metas, False, 0)
    import flask_sqlalchemy  # noqa: F401  (version only)
    from importlib.metadata import version
    e.update({"orm": "sqlalchemy", "dialect": "sqlite", "framework": "Flask %s + Flask-SQLAlchemy %s, Werkzeug %s dev server"
              % (version("flask"), version("flask-sqlalchemy"), version("werkzeug")),
              "how_logging_was_enabled": "app.config['SQLALCHEMY_ECHO'] = True (Flask-SQLAlchemy passes echo=True to "
              "create_engine -> SQLAlchemy's StreamHandler on stdout); Werkzeug's access/banner lines from the werkzeug "
              "logger's own StreamHandler (stderr, '%(message)s'); app.logger.setLevel('INFO') with Flask's default_handler "
              "(stderr, '[%(asctime)s] %(levelname)s in %(module)s: %(message)s'); stdout+stderr redirected to one file",
              "source_locations": False,
              "threads": "Werkzeug's threaded dev server (one thread per request); no pid/thread in any format",
              "ansi_escapes": "Werkzeug colours the banner WARNING line, 'Press CTRL+C to quit' and non-2xx access lines "
              "(404 line: '\"\\x1b[33mGET /nope/ HTTP/1.1\\x1b[0m\" 404 -') even though the output is a file",
              "request_boundaries": "werkzeug access line after each request's SQL (after its ROLLBACK)"})
    return e


if __name__ == "__main__":
    from importlib.metadata import version
    files = {"echo-postgres.log": run_echo("postgres"), "echo-sqlite.log": run_echo("sqlite"), "flask.log": run_flask()}
    doc = {"_notes": {
        "versions": {p: version(p) for p in ("sqlalchemy", "psycopg2-binary", "flask", "flask-sqlalchemy", "werkzeug")},
        "convention": "statements_executed = SQL statement log records (each followed by its own '[generated in ...]' / "
                      "'[cached since ...]' / '[raw sql]' parameter record); 'BEGIN (implicit)', 'COMMIT', 'ROLLBACK' "
                      "records are counted separately in transaction_lines, not as statements. with_parameters = "
                      "parameter record not '()' / '{}'. statement_lines = [first line, last line, parameter line]. "
                      "Line numbers 1-based.",
        "nplusone": "nplusone 1.0.0 (PyPI) cannot be used as a reference: `import nplusone.ext.sqlalchemy` fails with "
                    "AttributeError: module 'sqlalchemy.orm.strategies' has no attribute 'LazyLoader' on SQLAlchemy 2.x",
    }, "files": files}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(json.dumps({k: [v["statements_executed"], v["with_parameters"], [(r["name"], r["statements"]) for r in v["requests"]]]
                      for k, v in files.items()}))
