#!/usr/bin/env python3
"""Generate Fixtures/logs/apps/peewee/{sqlite,postgres}.log + expected.json.

usage: /tmp/venv-pyorm/bin/python gen_peewee.py [OUTDIR]   (default ../../../apps/peewee)

sqlite.log:   python pw_app.py sqlite FILE 2> FILE   (Peewee's documented StreamHandler snippet, '%(message)s')
postgres.log: python pw_app.py postgres FILE          (logging.basicConfig(filename=FILE, ...))
Needs the PostgreSQL 15 cluster on 127.0.0.1:55491 (README.md).  Also runs nplusone (PyPI) over the
same workload in a separate process (nothing of it reaches the fixture files) and records what it said.
"""
import ast
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "apps", "peewee"))
PY = sys.executable
PSQL = ["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-h", "127.0.0.1", "-p", "55491", "-U", "postgres"]
AUTHOR_IDS_R1 = [((3 * i) % 7) + 1 for i in range(1, 11)]  # 4,7,3,6,2,5,1,4,7,3
os.makedirs(OUT, exist_ok=True)

LINE = re.compile(r"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} DEBUG peewee: )?(\('.*', \[.*\]\))$")
AUTHOR_BY_ID = re.compile(r'^SELECT "t1"\."id", "t1"\."name" FROM "author" AS "t1" WHERE \("t1"\."id" = (\?|%s)\) LIMIT (\?|%s) OFFSET (\?|%s)$')
COUNT_BY_AUTHOR = re.compile(r'^SELECT COUNT\(1\) FROM \(SELECT 1 FROM "book" AS "t1" WHERE \("t1"\."author_id" = (\?|%s)\)\) AS "_wrapped" LIMIT (\?|%s)$')


def statements(path):
    out = []
    with open(path) as f:
        for no, line in enumerate(f, 1):
            m = LINE.match(line.rstrip("\n"))
            assert m, ("unexpected line", no, line)
            sql, params = ast.literal_eval(m.group(1))
            out.append({"line": no, "sql": sql, "params": params})
    return out


def run(dialect):
    name = f"{dialect}.log"
    log = os.path.join(OUT, name)
    if os.path.exists(log):
        os.remove(log)
    if dialect == "postgres":
        subprocess.run(PSQL + ["-c", "DROP DATABASE IF EXISTS qlens_peewee"], check=True)
        subprocess.run(PSQL + ["-c", "CREATE DATABASE qlens_peewee"], check=True)
        open(log, "w").close()
        r = subprocess.run([PY, os.path.join(HERE, "pw_app.py"), dialect, log], capture_output=True, text=True, check=True)
    else:
        with open(log, "w") as fh:  # stderr (the StreamHandler's stream) -> the file
            r = subprocess.run([PY, os.path.join(HERE, "pw_app.py"), dialect, log], stdout=subprocess.PIPE,
                               stderr=fh, text=True, check=True)
    metas = []
    for line in r.stdout.splitlines():
        if line.startswith("@@ "):
            _, n, a, b = line.split()
            metas.append({"name": n, "first_line": int(a), "last_line": int(b)})
    sts = statements(log)
    e = {"orm": "peewee", "dialect": "postgresql" if dialect == "postgres" else "sqlite",
         "statements_executed": len(sts), "with_parameters": sum(1 for s in sts if s["params"]),
         "lines": len(sts), "requests": [], "n_plus_one": [], "repeated": []}
    for m in metas:
        rs = [s for s in sts if m["first_line"] <= s["line"] <= m["last_line"]]
        m["statements"] = len(rs)
        ids = [s["params"][0] for s in rs if AUTHOR_BY_ID.match(s["sql"])]
        counts = [s["params"][0] for s in rs if COUNT_BY_AUTHOR.match(s["sql"])]
        if m["name"] == "R1":
            assert len(rs) == 11 and ids == AUTHOR_IDS_R1, (rs, ids)
            assert all(s["params"][1:] == [1, 0] for s in rs[1:])
            e["n_plus_one"].append({"table": "author", "column": "id", "repeats": 10, "distinct": 7, "request": "R1",
                                    "values": ids, "note": "params carry LIMIT/OFFSET too: [4, 1, 0]"})
        elif m["name"] == "R2":
            assert len(rs) == 1 and "INNER JOIN" in rs[0]["sql"]
            e["eager_request_statements"] = 1
        elif m["name"] == "R3":
            assert len(rs) == 3 and ids == [1, 1, 1] and len({s["sql"] for s in rs}) == 1
            e["repeated"].append({"table": "author", "repeats": 3, "request": "R3"})
        elif m["name"] == "R4":
            assert len(rs) == 6 and counts == [1, 2, 3, 4, 5], (rs, counts)
            e["n_plus_one"].append({"table": "book", "column": "author_id", "kind": "count", "repeats": 5, "distinct": 5,
                                    "request": "R4", "values": counts,
                                    "note": "Peewee's .count() wraps the query: SELECT COUNT(1) FROM (SELECT 1 ...) AS \"_wrapped\" LIMIT ?, params [author_id, 1]"})
        e["requests"].append(m)
    assert e["statements_executed"] == 21 and e["with_parameters"] == 21, e
    e.update({
        "how_logging_was_enabled": (
            "Peewee docs snippet: logger = logging.getLogger('peewee'); logger.addHandler(logging.StreamHandler()); "
            "logger.setLevel(logging.DEBUG) -- default '%(message)s' format on stderr, redirected to the file "
            "(2> sqlite.log). Each line is repr((sql, params)); no timestamp, so no time gaps between requests"
            if dialect == "sqlite" else
            "logging.basicConfig(filename=..., level=logging.DEBUG, format='%(asctime)s %(levelname)s %(name)s: "
            "%(message)s'); the peewee logger propagates to root; message = repr((sql, params)) with %s placeholders"),
        "source_locations": False, "threads": "single thread; no pid/thread in the format",
        "line_shape": "one statement per line, Python tuple repr: ('SQL with ? or %s', [params]); single-quoted "
                      "Python string, so a quote inside SQL would appear escaped or switch the repr to double quotes",
    })
    return e


NPO = r"""
import contextlib, io, runpy, sys
sys.argv = ["pw_app.py", "sqlite", "/tmp/ql-pyorm-nplusone-peewee.log"]
open(sys.argv[2], "w").close()
import nplusone.ext.peewee  # noqa: F401
from nplusone.core import profiler
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    ns = runpy.run_path(%r)
for name in ("r1", "r2", "r3", "r4"):
    try:
        with profiler.Profiler():
            ns[name]()
        print(name.upper(), "no report")
    except Exception as e:
        print(name.upper(), type(e).__name__ + ":", e)
""" % os.path.join(HERE, "pw_app.py")


if __name__ == "__main__":
    files = {"sqlite.log": run("sqlite"), "postgres.log": run("postgres")}
    npo = subprocess.run([PY, "-c", NPO], capture_output=True, text=True, cwd=HERE)
    doc = {"_notes": {
        "versions": {p: version(p) for p in ("peewee", "psycopg2-binary", "nplusone")},
        "convention": "statements_executed = peewee DEBUG records (one line each); with_parameters = non-empty "
                      "params list; Peewee logs no BEGIN/COMMIT in autocommit mode. Line numbers 1-based.",
        "nplusone": {"how": "nplusone.ext.peewee + nplusone.core.profiler.Profiler() around each request function, "
                            "same workload on SQLite, separate process (not in the fixture files)",
                     "output": npo.stdout.strip().splitlines(), "stderr_tail": npo.stderr.strip().splitlines()[-3:]},
    }, "files": files}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(json.dumps({k: [v["statements_executed"], [(r["name"], r["statements"]) for r in v["requests"]]]
                      for k, v in files.items()}))
    print(npo.stdout)
