#!/usr/bin/env python3
"""Generate Fixtures/logs/apps/django/{verbose-formatter,basicconfig,gunicorn-threads}.log
and Fixtures/logs/apps/django/expected.json from the real Django project in ./qlsite
(made with `django-admin startproject qlsite` + `manage.py startapp books`).

usage: /tmp/venv-pyorm/bin/python gen_django_apps.py [OUTDIR]   (default ../../../apps/django)

Needs the throwaway PostgreSQL 15 cluster on 127.0.0.1:55491 (see README.md).
Workload (every run): 7 authors, 20 books, author of book i = ((3*i) mod 7)+1, then
  R1 GET /books/              N+1: 1 books query + 10 lazy book.author lookups (ids 4,7,3,6,2,5,1,4,7,3)
  R2 GET /books/eager/        select_related: 1 JOIN query
  R3 GET /authors/1/repeat/   Author.objects.get(pk=1) three times
  R4 GET /authors/counts/     1 query for 5 authors + 5 COUNT queries (one per author)
  X  GET /nope/               404 (django.request WARNING "Not Found"), no SQL
200 ms apart.  Every number written to expected.json is measured from the log with regular
expressions and asserted against the numbers the workload implies.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "qlsite")
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "apps", "django"))
PY = sys.executable
BIN = os.path.dirname(PY)
PG_PORT = "55491"
SQLITE = "/tmp/ql-pyorm-django.sqlite3"
AUTHOR_IDS_R1 = [((3 * i) % 7) + 1 for i in range(1, 11)]  # 4,7,3,6,2,5,1,4,7,3
GAP = 0.2

os.makedirs(OUT, exist_ok=True)


def env_for(db, mode, logfile, zeal_out=None):
    e = dict(os.environ, QL_DB=db, QL_LOG_MODE=mode, QL_LOG_FILE=logfile, QL_SQLITE=SQLITE,
             QL_PG_PORT=PG_PORT, PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="0")
    if zeal_out:
        e["QL_ZEAL_OUT"] = zeal_out
    return e


def manage(db, *args, mode="none"):
    subprocess.run([PY, "manage.py", *args], cwd=SITE, check=True,
                   env=env_for(db, mode, "/dev/null"))


SEED = """
from books.models import Author, Book
authors = [Author.objects.create(name=f"Author {i}") for i in range(1, 8)]
for i in range(1, 21):
    Book.objects.create(title=f"Book {i}", author=authors[(3 * i) % 7])
assert [b.author_id for b in Book.objects.order_by('id')[:10]] == AUTHOR_IDS
""".replace("AUTHOR_IDS", repr(AUTHOR_IDS_R1))


def prepare(db):
    """Fresh database, migrations, seed data -- all with logging off."""
    if db == "postgres":
        for sql in ("DROP DATABASE IF EXISTS qlens_django", "CREATE DATABASE qlens_django"):
            subprocess.run(["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-h", "127.0.0.1", "-p", PG_PORT,
                            "-U", "postgres", "-c", sql], check=True)
    elif os.path.exists(SQLITE):
        os.remove(SQLITE)
    manage(db, "migrate", "--verbosity", "0")
    manage(db, "shell", "-c", SEED)


def wait_port(port, timeout=20):
    t0 = time.time()
    while time.time() - t0 < timeout:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"port {port} never opened")


def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def nlines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


REQUESTS = [("R1", "/books/"), ("R2", "/books/eager/"), ("R3", "/authors/1/repeat/"),
            ("R4", "/authors/counts/"), ("X404", "/nope/")]

# ---- grep-level analysis -------------------------------------------------------------------
SQL_RE = re.compile(r"\((\d+\.\d{3})\) (.*); args=(.*); alias=default$", re.S)
AUTHOR_BY_ID = re.compile(r'FROM "books_author" WHERE "books_author"\."id" = (\d+) LIMIT 21$')
COUNT_BY_AUTHOR = re.compile(r'^SELECT COUNT\(\*\) AS "__count" FROM "books_book" WHERE "books_book"\."author_id" = (\d+)$')
# A log record starts with one of these; any other line continues the previous record
# (multi-line SQL such as Django's introspection query, py.warnings source lines, blank lines).
RECORD_START = re.compile(
    r"^(?:(?:DEBUG|INFO|WARNING|ERROR|CRITICAL) \d{4}-\d\d-\d\d "        # verbose formatter
    r"|(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]+:"                      # basicConfig default
    r"|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[\d+:\d+\] "                  # gunicorn-run formatter
    r"|\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[[A-Z]+\] "        # gunicorn error log
    r"|\d+\.\d+\.\d+\.\d+ - \S+ \[)")                                          # gunicorn access log


def records(path):
    """[(first_line, last_line, text)] -- log records, continuation lines folded in."""
    out = []
    with open(path) as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if RECORD_START.match(line) or not out:
                out.append([no, no, line])
            else:
                out[-1][1] = no
                out[-1][2] += "\n" + line
    return [tuple(r) for r in out]


def sql_records(path):
    """[(first_line, sql, args, raw_record, last_line)] for every django.db.backends query record."""
    out = []
    for first, last, text in records(path):
        m = SQL_RE.search(text)
        if m and ("django.db.backends" in text.split("(", 1)[0] or " utils " in text.split("(", 1)[0]):
            out.append((first, m.group(2).strip(), m.group(3), text, last))
    return out


def has_params(args):
    return args not in ("()", "None", "[]")


def classify(recs):
    """Statement counts and N+1 / repeated findings for one request's records."""
    ids = [int(m.group(1)) for r in recs if (m := AUTHOR_BY_ID.search(r[1]))]
    counts = [int(m.group(1)) for r in recs if (m := COUNT_BY_AUTHOR.search(r[1]))]
    return ids, counts


def check_request(name, recs):
    ids, counts = classify(recs)
    n = len(recs)
    if name == "R1":
        assert n == 11 and ids == AUTHOR_IDS_R1, (name, n, ids)
        return {"n_plus_one": [{"table": "books_author", "column": "id", "repeats": len(ids),
                                "distinct": len(set(ids)), "request": "R1", "values": ids}]}
    if name == "R2":
        assert n == 1 and "INNER JOIN" in recs[0][1], (name, recs)
    if name == "R3":
        assert n == 3 and ids == [1, 1, 1] and len({r[1] for r in recs}) == 1, (name, recs)
        return {"repeated": [{"table": "books_author", "repeats": 3, "request": "R3"}]}
    if name == "R4":
        assert n == 6 and counts == [1, 2, 3, 4, 5], (name, n, counts)
        return {"n_plus_one": [{"table": "books_book", "column": "author_id", "kind": "count",
                                "repeats": 5, "distinct": 5, "request": "R4", "values": counts}]}
    if name == "X404":
        assert n == 0
    return {}


def summarize(path, requests_meta, startup_recs):
    recs = sql_records(path)
    entry = {
        "statements_executed": len(recs),
        "with_parameters": sum(1 for r in recs if has_params(r[2])),
        "lines": nlines(path),
        "startup_statements": len(startup_recs),
        "startup_lines": [[r[0], r[4]] for r in startup_recs],
        "multi_line_sql_records": [[r[0], r[4]] for r in recs if r[4] > r[0]],
        "requests": [],
        "n_plus_one": [],
        "repeated": [],
    }
    for meta in requests_meta:
        rr = meta.pop("_recs")
        meta["statements"] = len(rr)
        meta["sql_lines"] = [r[0] for r in rr]
        found = check_request(meta["name"], rr)
        entry["n_plus_one"] += found.get("n_plus_one", [])
        entry["repeated"] += found.get("repeated", [])
        if meta["name"] == "R2":
            entry["eager_request_statements"] = len(rr)
        entry["requests"].append(meta)
    assert entry["statements_executed"] == len(startup_recs) + 21, entry
    return entry


def zeal_report(path):
    if not os.path.exists(path):
        return {"alerts": 0}
    rows = [json.loads(l) for l in open(path)]
    msgs = [r["message"] for r in rows]
    by = {m: msgs.count(m) for m in sorted(set(msgs))}
    # zeal alerts on every relation access from the 2nd one on (ZEAL_NPLUSONE_THRESHOLD default 2):
    assert by == {"N+1 detected on books.Book.author": 9, "N+1 detected on books.Author.get()": 2}, by
    return {"alerts": len(rows), "messages": by,
            "by_request": {"R1": "9 x 'N+1 detected on books.Book.author' (lazy accesses 2..10)",
                           "R2": "nothing", "R3": "2 x 'N+1 detected on books.Author.get()' (2nd and 3rd get)",
                           "R4": "nothing: zeal watches relation/queryset loads, not .count() in a loop"},
            "settings": "INSTALLED_APPS += ['zeal'], MIDDLEWARE += ['zeal.middleware.zeal_middleware'], ZEAL_RAISE=False; "
                        "alerts collected from the zeal.signals.nplusone_detected signal into a side file"}


# ---- run a: runserver + verbose formatter + PostgreSQL -----------------------------------------
def run_verbose():
    log = os.path.join(OUT, "verbose-formatter.log")
    zo = "/tmp/ql-pyorm-zeal-verbose.jsonl"
    for p in (log, zo):
        if os.path.exists(p):
            os.remove(p)
    prepare("postgres")
    port = 58011
    proc = subprocess.Popen([PY, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=SITE,
                            env=env_for("postgres", "verbose", log, zo), start_new_session=True,
                            stdout=open("/tmp/ql-pyorm-runserver.out", "w"), stderr=subprocess.STDOUT)
    try:
        wait_port(port)
        time.sleep(1.0)
        metas = []
        for name, url in REQUESTS:
            time.sleep(GAP)
            first = nlines(log) + 1
            status, body = get(f"http://127.0.0.1:{port}{url}")
            time.sleep(GAP)
            last = nlines(log)
            metas.append({"name": name, "url": url, "status": status, "first_line": first,
                          "last_line": last})
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=10)
    recs = sql_records(log)
    startup = [r for r in recs if r[0] < metas[0]["first_line"]]
    for m in metas:
        m["_recs"] = [r for r in recs if m["first_line"] <= r[0] <= m["last_line"]]
    # access lines written by django.server (same file)
    text = open(log).read().splitlines()
    for m in metas:
        acc = [i + 1 for i in range(m["first_line"] - 1, m["last_line"]) if '"GET ' + m["url"] + ' HTTP/1.1"' in text[i]]
        assert len(acc) == 1, (m, acc)
        m["access_line"] = acc[0]
    assert any(l.startswith("WARNING ") and " Not Found: /nope/" in l for l in text)
    e = summarize(log, metas, startup)
    e.update({
        "orm": "django", "dialect": "postgresql", "server": "manage.py runserver (autoreloader on, threaded)",
        "how_logging_was_enabled": "settings.LOGGING (QL_LOG_MODE=verbose in qlsite/settings.py): formatter "
        "'{levelname} {asctime} {module} {process:d} {thread:d} {message}' style '{', one FileHandler; loggers "
        "django.db.backends DEBUG, django.request/django.server/books/py.warnings INFO/WARNING, propagate False; "
        "logging.captureWarnings(True) so django-zeal's N+1 warnings land in the file as py.warnings records; DEBUG=True",
        "source_locations": False,
        "zeal": zeal_report(zo),
    })
    threads = {}
    for m in metas:
        tids = set()
        for i in range(m["first_line"] - 1, m["last_line"]):
            mm = re.match(r"^\w+ \S+ \S+ \w+ (\d+) (\d+) ", text[i])
            if mm:
                tids.add(int(mm.group(2)))
        m["threads"] = sorted(tids)
    e["threads"] = ("runserver (ThreadingMixIn) starts a new thread per request, but the OS reuses the ident, so "
                    "consecutive requests can show the same thread id; the startup migration check runs on another "
                    "thread. See requests[].threads")
    e["multi_line_records"] = ("py.warnings records (zeal) span 3 lines: '<file>:<line>: UserWarning: N+1 detected ...', "
                               "the indented source line, an empty line; the startup introspection SQL spans many lines")
    return e


# ---- run b: basicConfig + SQLite + django.test.Client (child process) -------------------------
CHILD = r"""
import json, os, sys, time
import django
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlsite.settings")
django.setup()
from django.test import Client
log = os.environ["QL_LOG_FILE"]
def nlines():
    for h in __import__("logging").getLogger().handlers: h.flush()
    return sum(1 for _ in open(log, "rb"))
c = Client()
out = []
for name, url in %r:
    time.sleep(%r)
    first = nlines() + 1
    r = c.get(url)
    last = nlines()
    out.append({"name": name, "url": url, "status": r.status_code, "first_line": first, "last_line": last})
print(json.dumps(out))
""" % (REQUESTS, GAP)


def run_basicconfig():
    log = os.path.join(OUT, "basicconfig.log")
    zo = "/tmp/ql-pyorm-zeal-basic.jsonl"
    for p in (log, zo):
        if os.path.exists(p):
            os.remove(p)
    prepare("sqlite")
    r = subprocess.run([PY, "-c", CHILD], cwd=SITE, env=env_for("sqlite", "basicconfig", log, zo),
                       check=True, capture_output=True, text=True)
    metas = json.loads(r.stdout.strip().splitlines()[-1])
    recs = sql_records(log)
    startup = [x for x in recs if x[0] < metas[0]["first_line"]]
    for m in metas:
        m["_recs"] = [x for x in recs if m["first_line"] <= x[0] <= m["last_line"]]
    text = open(log).read().splitlines()
    assert "WARNING:django.request:Not Found: /nope/" in text
    e = summarize(log, metas, startup)
    e.update({
        "orm": "django", "dialect": "sqlite", "server": "django.test.Client (in-process, no HTTP server, no access lines)",
        "how_logging_was_enabled": "LOGGING_CONFIG = None and logging.basicConfig(level=logging.DEBUG, filename=...) in "
        "settings.py (QL_LOG_MODE=basicconfig): stdlib default format '%(levelname)s:%(name)s:%(message)s', every "
        "logger at DEBUG; DEBUG=True",
        "source_locations": False,
        "threads": "single thread, no thread ids in the format",
        "zeal": zeal_report(zo),
        "other_loggers": sorted({l.split(":")[1] for l in text if l.count(":") >= 2 and l.split(":")[0] in
                                 ("DEBUG", "INFO", "WARNING", "ERROR")}),
    })
    return e


# ---- run c: gunicorn --threads 2, two concurrent requests ------------------------------------
def run_gunicorn(attempt_max=5):
    log = os.path.join(OUT, "gunicorn-threads.log")
    zo = "/tmp/ql-pyorm-zeal-gunicorn.jsonl"
    port = 58012
    for attempt in range(1, attempt_max + 1):
        for p in (log, zo):
            if os.path.exists(p):
                os.remove(p)
        prepare("postgres")
        cmd = [os.path.join(BIN, "gunicorn"), "qlsite.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--threads", "2", "--access-logfile", "-", "--error-logfile", "-"]
        fh = open(log, "w")
        proc = subprocess.Popen(cmd, cwd=SITE, env=env_for("postgres", "gunicorn", log, zo),
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_port(port)
            time.sleep(1.0)
            timeline = []
            barrier = threading.Barrier(2)
            results = {}

            def fire(name, url):
                barrier.wait()
                t = time.time()
                results[name] = get(f"http://127.0.0.1:{port}{url}")[0], t, time.time()

            time.sleep(GAP)
            first_conc = nlines(log) + 1
            ts = [threading.Thread(target=fire, args=(n, u)) for n, u in (REQUESTS[0], REQUESTS[3])]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            time.sleep(GAP)
            last_conc = nlines(log)
            seq = []
            for name, url in (REQUESTS[1], REQUESTS[2], REQUESTS[4]):
                time.sleep(GAP)
                first = nlines(log) + 1
                status, _ = get(f"http://127.0.0.1:{port}{url}")
                time.sleep(GAP)
                seq.append({"name": name, "url": url, "status": status, "first_line": first, "last_line": nlines(log)})
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
            fh.close()
        text = open(log).read().splitlines()
        recs = sql_records(log)
        tid_of = {}
        for no, sql, args, raw, _ in recs:
            tid_of[no] = int(re.match(r"^\S+ \S+ \[(\d+):(\d+)\]", raw).group(2))
        conc = [r for r in recs if first_conc <= r[0] <= last_conc]
        r1_tid = {tid_of[r[0]] for r in conc if AUTHOR_BY_ID.search(r[1])}
        r4_tid = {tid_of[r[0]] for r in conc if COUNT_BY_AUTHOR.search(r[1])}
        assert len(r1_tid) == 1 and len(r4_tid) == 1 and r1_tid != r4_tid, (r1_tid, r4_tid)
        r1_tid, r4_tid = r1_tid.pop(), r4_tid.pop()
        order = ["R1" if tid_of[r[0]] == r1_tid else "R4" for r in conc]
        switches = sum(1 for a, b in zip(order, order[1:]) if a != b)
        print(f"gunicorn attempt {attempt}: interleaving {' '.join(order)} ({switches} switches)")
        if switches >= 2:
            break
    else:
        raise SystemExit("no interleaving after %d attempts" % attempt_max)

    def lines_of_thread(tid):
        return [i + 1 for i in range(first_conc - 1, last_conc)
                if (m := re.match(r"^\S+ \S+ \[(\d+):(\d+)\]", text[i])) and int(m.group(2)) == tid]

    metas = []
    for (name, url), tid in ((REQUESTS[0], r1_tid), (REQUESTS[3], r4_tid)):
        ls = lines_of_thread(tid)
        acc = [i + 1 for i in range(first_conc - 1, last_conc) if f'"GET {url} HTTP/1.1"' in text[i]]
        assert len(acc) == 1
        metas.append({"name": name, "url": url, "status": results[name][0], "thread": tid,
                      "first_line": ls[0], "last_line": ls[-1], "access_line": acc[0], "concurrent_with": "R4" if name == "R1" else "R1",
                      "_recs": [r for r in conc if tid_of[r[0]] == tid]})
    for m in seq:
        rr = [r for r in recs if m["first_line"] <= r[0] <= m["last_line"]]
        m["thread"] = sorted({tid_of[r[0]] for r in rr}) or None
        acc = [i + 1 for i in range(m["first_line"] - 1, m["last_line"]) if f'"GET {m["url"]} HTTP/1.1"' in text[i]]
        assert len(acc) == 1
        m["access_line"] = acc[0]
        m["_recs"] = rr
        metas.append(m)
    startup = [r for r in recs if r[0] < first_conc]
    assert any(" django.request WARNING: Not Found: /nope/" in l for l in text)
    e = summarize(log, metas, startup)
    e.update({
        "orm": "django", "dialect": "postgresql",
        "server": "gunicorn %s, gthread worker: --workers 1 --threads 2 --access-logfile - --error-logfile - (stdout+stderr "
                  "redirected to the file)" % subprocess.run([os.path.join(BIN, "gunicorn"), "--version"],
                                                            capture_output=True, text=True).stdout.split()[-1].strip("()"),
        "how_logging_was_enabled": "settings.LOGGING (QL_LOG_MODE=gunicorn): StreamHandler(sys.stdout) with "
        "'%(asctime)s [%(process)d:%(thread)d] %(name)s %(levelname)s: %(message)s' for django.db.backends (DEBUG), "
        "django.request and books (INFO); gunicorn's own error log (stderr) and access log (default access_log_format, "
        "stdout) in the same file; DEBUG=True",
        "source_locations": False,
        "threads": {"R1": r1_tid, "R4": r4_tid, "note": "R1 and R4 were sent at the same time from two client threads "
                    "(lines first_concurrent_line..last_concurrent_line); R2, R3, X404 followed one at a time"},
        "first_concurrent_line": first_conc, "last_concurrent_line": last_conc,
        "interleaving": {"sql_lines": [r[0] for r in conc], "request_of_each": order, "switches": switches},
        "zeal": zeal_report(zo),
    })
    return e


if __name__ == "__main__":
    import django
    files = {}
    files["verbose-formatter.log"] = run_verbose()
    files["basicconfig.log"] = run_basicconfig()
    files["gunicorn-threads.log"] = run_gunicorn()
    for p in ("db.sqlite3",):
        if os.path.exists(os.path.join(SITE, p)):
            os.remove(os.path.join(SITE, p))
    shutil.rmtree(os.path.join(SITE, "__pycache__"), ignore_errors=True)
    doc = {"_notes": {
        "django": django.get_version(),
        "convention": "statements_executed = django.db.backends query records in the file (one line each); "
                      "with_parameters = records whose args= is not () / None; requests[].statements = records "
                      "inside that request; startup_statements = records before R1 (runserver's migration check). "
                      "Line numbers are 1-based.",
    }, "files": files}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(json.dumps({k: {kk: v[kk] for kk in ("statements_executed", "with_parameters")} for k, v in files.items()}))
