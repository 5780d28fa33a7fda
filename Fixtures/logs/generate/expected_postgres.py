#!/usr/bin/env python3
"""Expected facts for Fixtures/logs/postgres/*, derived from the WORKLOAD (what gen_postgres.py
and its scripts execute), then cross-checked against the logs and pg_stat_statements.

usage: python expected_postgres.py  -> prints a JSON object {relative file name: facts}
Only pids/ports/timestamps are read from the logs (they are not knowable in advance); every
count is computed from the workload below and the script asserts that the logs agree.
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PGDIR = os.path.join(HERE, "..", "postgres")
SCRIPTS = os.path.join(HERE, "postgres")


def psql_statements(name):
    """Statements in a psql -f file, split the way psql does for these simple files."""
    text = open(os.path.join(SCRIPTS, name)).read()
    return [s.strip() + ";" for s in text.split(";") if s.strip()]


def pgbench_statements():
    lines = [l for l in open(os.path.join(SCRIPTS, "n_plus_one.pgbench")) if not l.startswith("\\")]
    stmts = [l.strip() for l in lines if l.strip()]
    return len(stmts), sum(1 for s in stmts if ":" in s)  # (statements, with a :variable)


N_PGB, N_PGB_PARAM = pgbench_statements()  # 4, 3

# ---------------------------------------------------------------- run 1 workload (from the script)
WEB_REQUESTS = 3
WEB_PER_REQUEST = 1 + 10  # books listing + one authors lookup per listed book
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
PSQL1 = psql_statements("workload.psql.sql")
PSQL1_ERRORS = 2  # missing_table, 1 / 0


def run1_expected():
    sessions = [
        {"app": "bookstore-web", "user": "web", "protocol": "simple (psycopg2, literals inlined)",
         "statements": WEB_REQUESTS * WEB_PER_REQUEST, "with_parameters": 0, "errors": 0},
        {"app": "pgbench", "user": "bench", "protocol": "none (pgbench's initial connection)",
         "statements": 0, "with_parameters": 0, "errors": 0},
        {"app": "pgbench", "user": "bench", "protocol": "extended, unnamed statements (-M extended)",
         "statements": 3 * N_PGB, "with_parameters": 3 * N_PGB_PARAM, "errors": 0},
        {"app": "pgbench", "user": "bench", "protocol": "none (pgbench's initial connection)",
         "statements": 0, "with_parameters": 0, "errors": 0},
        {"app": "pgbench", "user": "bench", "protocol": "extended, named P_0..P_3 (-M prepared)",
         "statements": 3 * N_PGB, "with_parameters": 3 * N_PGB_PARAM, "errors": 0},
        {"app": "psql", "user": "postgres", "protocol": "simple (psql -f)",
         "statements": len(PSQL1), "with_parameters": 0, "errors": PSQL1_ERRORS},
    ]
    return sessions


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def facts_from_csv(rows):
    """Per pid: executions (duration ... statement:/execute), with parameters, errors."""
    per = {}
    for r in rows:
        pid, sev, msg, detail, app, user = int(r[3]), r[11], r[13], r[14], r[22], r[1]
        if not user:
            continue  # postmaster / checkpointer lines
        s = per.setdefault(pid, {"pid": pid, "user": user, "app": app, "statements": 0,
                                 "with_parameters": 0, "errors": 0, "session_id": r[5],
                                 "port": int(r[4].rsplit(":", 1)[1]) if ":" in r[4] else None})
        if app:
            s["app"] = app
        if sev == "ERROR":
            s["errors"] += 1
            s["statements"] += 1
        elif re.match(r"(duration: [\d.]+ ms  )?(statement: |execute [^:]+: )", msg):
            s["statements"] += 1
            if detail.startswith("parameters: "):
                s["with_parameters"] += 1
    return list(per.values())


def stderr_sessions(path, pid_re):
    """pids in order of first appearance with a user (client backends)."""
    pids = []
    for line in open(path):
        m = pid_re.match(line)
        if m and m.group(1) not in pids:
            pids.append(m.group(1))
    return [int(p) for p in pids]


def main():
    out = {}
    # ---------------- run 1
    exp = run1_expected()
    got = facts_from_csv(read_csv(os.path.join(PGDIR, "workload.csv")))
    assert len(got) == len(exp), (got, exp)
    for e, g in zip(exp, got):
        for k in ("user", "app", "statements", "with_parameters", "errors"):
            assert e[k] == g[k], (k, e, g)
        e["pid"], e["session_id"], e["client_port"] = g["pid"], g["session_id"], g["port"]
    total = sum(s["statements"] for s in exp)
    params = sum(s["with_parameters"] for s in exp)
    errors = sum(s["errors"] for s in exp)
    web, ext, prep, psql = exp[0]["pid"], exp[2]["pid"], exp[4]["pid"], exp[5]["pid"]
    units = []
    for i in range(1, WEB_REQUESTS + 1):
        u = {"pid": web, "kind": "request", "name": f"web request {i}",
             "statements": WEB_PER_REQUEST,
             "shape": "1 x SELECT ... FROM books ORDER BY id LIMIT 10, then 10 x "
                      "SELECT id, name FROM authors WHERE id = N (ids 4,7,3,6,2,5,1,4,7,3)",
             "n_plus_one": {"template": "SELECT id, name FROM authors WHERE id = ?",
                            "repeats": 10, "distinct_values": 7}}
        if i == 2:
            u["sqlcommenter"] = {"controller": "books", "action": "index", "traceparent": TRACEPARENT,
                                 "trace_id": TRACEPARENT.split("-")[1]}
        units.append(u)
    for pid, mode in ((ext, "extended"), (prep, "prepared")):
        for t in range(1, 4):
            units.append({"pid": pid, "kind": "pgbench transaction (script run, autocommit)",
                          "name": f"pgbench -M {mode} run {t}", "statements": N_PGB,
                          "with_parameters": N_PGB_PARAM})
    units += [
        {"pid": psql, "kind": "transaction", "name": "BEGIN; INSERT; UPDATE; COMMIT",
         "statements": 4, "outcome": "COMMIT"},
        {"pid": psql, "kind": "transaction", "name": "BEGIN; INSERT; UPDATE; ROLLBACK",
         "statements": 4, "outcome": "ROLLBACK"},
    ] + [{"pid": psql, "kind": "autocommit statement", "name": s.split("\n")[0][:60],
          "statements": 1, "error": "ERROR" if i < 2 else None}
         for i, s in enumerate(PSQL1[8:])]
    assert sum(u["statements"] for u in units) == total
    pgss = json.load(open(os.path.join(PGDIR, "pg_stat_statements.json")))
    pgss_calls = sum(r["calls"] for r in pgss["run1"])
    assert pgss_calls == total - errors, (pgss_calls, total, errors)  # failed statements not counted
    common = {
        "run": 1, "server": "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)",
        "log_line_prefix": "%m [%p] %q%u@%d ", "log_min_duration_statement": 0,
        "statements_executed": total, "statements_completed": total - errors,
        "with_bound_parameters": params, "errors": errors,
        "parse_lines": 3 * N_PGB + N_PGB, "bind_lines": 6 * N_PGB,
        "multi_line_statements": 2,
        "error_statements": ["SELECT * FROM missing_table;", "SELECT 1 / 0 AS ratio;"],
        "client_sessions": exp, "units_of_work": units,
        "pg_stat_statements_calls": pgss_calls,
    }
    for name, fmt in (("workload.stderr.log", "stderr"), ("workload.csv", "csvlog"),
                      ("workload.json", "jsonlog")):
        out["postgres/" + name] = dict(common, format=fmt)
    # same events in the three files: compare csv vs json record by record
    js = [json.loads(l) for l in open(os.path.join(PGDIR, "workload.json"))]
    cs = read_csv(os.path.join(PGDIR, "workload.csv"))
    assert len(js) == len(cs) and all(j["message"] == c[13] for j, c in zip(js, cs))
    out["postgres/workload.csv"]["records"] = len(cs)
    out["postgres/workload.json"]["records"] = len(js)

    # ---------------- run 2 (log_statement=all + log_duration, pgBadger prefix)
    p2 = os.path.join(PGDIR, "log-statement-all.pgbadger-prefix.log")
    psql2 = psql_statements("statement-all.psql.sql")
    pids = stderr_sessions(p2, re.compile(r".* \[(\d+)\]: \[\d+-1\] user=(?!\[unknown\])\w+,"))
    assert len(pids) == 3, pids
    text = open(p2).read()
    n_stmt_lines = len(re.findall(r" LOG:  (statement|execute [^:]+): ", text))
    assert n_stmt_lines == len(psql2) + 2 * N_PGB
    assert text.count(" ERROR:  ") == 1
    assert len(re.findall(r"DETAIL:  parameters: ", text)) == 2 * N_PGB_PARAM
    out["postgres/log-statement-all.pgbadger-prefix.log"] = {
        "run": 2, "format": "stderr", "server": "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)",
        "log_line_prefix": "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
        "log_statement": "all", "log_duration": "on", "log_min_duration_statement": -1,
        "statements_executed": len(psql2) + 2 * N_PGB,
        "statements_completed": len(psql2) - 1 + 2 * N_PGB,
        "with_bound_parameters": 2 * N_PGB_PARAM, "errors": 1,
        "error_statements": ["SELECT nope FROM books;"],
        "bare_duration_lines": (len(psql2) - 1) + 2 * N_PGB * 3,
        "client_sessions": [
            {"pid": pids[0], "user": "web", "app": "psql", "statements": len(psql2), "errors": 1,
             "with_parameters": 0, "protocol": "simple (psql -f)"},
            {"pid": pids[1], "user": "bench", "app": "pgbench", "statements": 0, "errors": 0,
             "with_parameters": 0, "protocol": "none (pgbench's initial connection)"},
            {"pid": pids[2], "user": "bench", "app": "pgbench", "statements": 2 * N_PGB, "errors": 0,
             "with_parameters": 2 * N_PGB_PARAM, "protocol": "extended, unnamed (-M extended -t 2)"},
        ],
        "units_of_work": [{"pid": pids[0], "kind": "autocommit statement", "statements": 1,
                           "name": s} for s in psql2]
        + [{"pid": pids[2], "kind": "pgbench transaction (script run, autocommit)",
            "name": f"pgbench -M extended run {t}", "statements": N_PGB,
            "with_parameters": N_PGB_PARAM} for t in (1, 2)],
        "pg_stat_statements_calls": sum(r["calls"] for r in pgss["run2"]),
    }
    assert out["postgres/log-statement-all.pgbadger-prefix.log"]["pg_stat_statements_calls"] == \
        len(psql2) - 1 + 2 * N_PGB
    assert len(re.findall(r" LOG:  duration: [\d.]+ ms$", text, re.M)) == \
        out["postgres/log-statement-all.pgbadger-prefix.log"]["bare_duration_lines"]

    # ---------------- run 3 (upstream default prefix)
    p3 = os.path.join(PGDIR, "default-prefix.log")
    psql3 = psql_statements("default-prefix.psql.sql")
    text = open(p3).read()
    m = re.findall(r"\[(\d+)\] LOG:  duration: [\d.]+ ms  statement: ", text)
    assert len(m) == len(psql3) and len(set(m)) == 1
    out["postgres/default-prefix.log"] = {
        "run": 3, "format": "stderr", "server": "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)",
        "log_line_prefix": "%m [%p] ", "log_min_duration_statement": 0,
        "statements_executed": len(psql3), "statements_completed": len(psql3),
        "with_bound_parameters": 0, "errors": 0,
        "client_sessions": [{"pid": int(m[0]), "user": "web (not in the prefix)", "app": "psql",
                             "statements": len(psql3), "errors": 0, "with_parameters": 0}],
        "units_of_work": [{"pid": int(m[0]), "kind": "autocommit statement", "statements": 1,
                           "name": s} for s in psql3],
        "pg_stat_statements_calls": sum(r["calls"] for r in pgss["run3"]),
    }
    assert out["postgres/default-prefix.log"]["pg_stat_statements_calls"] == len(psql3)
    return out


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
