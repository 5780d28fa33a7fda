"""Derive requests.json and expected.json for Fixtures/realapps/wagtail from the
real logs of one generate.sh run.

Per request, statements are grouped by a normalized template (string and
numeric literals, true/false -> ?, IN lists collapsed, savepoint names -> ?).
  loops:   template run >= 3 times with >= 2 distinct value sets in one request
  repeats: the same template with the same values run >= 2 times in one request
  must_not_report: templates seen in >= 3 requests, exactly once in each
Transaction context comes from the BEGIN/COMMIT/ROLLBACK and SAVEPOINT/RELEASE
statements Django logs in the same trace (confirmed against the PostgreSQL log).

Usage: python analyze.py --work WORKDIR --out FIXTUREDIR
(run by generate.sh, with DJANGO_SETTINGS_MODULE/PYTHONPATH set for the project)
"""
import argparse
import collections
import datetime as dt
import json
import os
import re

ap = argparse.ArgumentParser()
ap.add_argument("--work", required=True)
ap.add_argument("--out", required=True)
args = ap.parse_args()
W, OUT = args.work, args.out

# ---------------------------------------------------------------- normalizing
STR = re.compile(r"'(?:[^']|'')*'")
NUM = re.compile(r"(?<![\w\"$.])-?\d+(?:\.\d+)?(?![\w\"])")
BOOL = re.compile(r"\b(?:true|false)\b", re.I)
SAVEPOINT = re.compile(r'"s\d+_x\d+"')
CURSOR = re.compile(r'"_django_curs_\d+_\w+?_\d+"')  # server-side cursors (.iterator()) in the pg log
INLIST = re.compile(r"\bIN \((?:\?\s*,\s*)*\?\)")
TXCTL = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


def normalize(sql):
    values = []

    def keep(m):
        values.append(m.group(0))
        return "?"

    t = SAVEPOINT.sub('"?"', sql.strip())
    t = CURSOR.sub('"_django_curs_?"', t)
    t = STR.sub(keep, t)
    t = NUM.sub(keep, t)
    t = BOOL.sub(keep, t)
    t = INLIST.sub("IN (?...)", t)
    t = re.sub(r"\s+", " ", t)
    return t, tuple(values)


def table_of(template):
    m = re.search(r'\b(?:FROM|INTO|UPDATE)\s+"?([\w]+)"?', template)
    return m.group(1) if m else None


# ---------------------------------------------------------------- django logs
DJ = re.compile(r"^(\S+ \S+) \[(\d+):(\d+)\] (\S+) (\w+): (.*)$")
ACCESS = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d+) (\d+)')


def parse_django(path):
    """-> list of requests: {url, status, statements:[sql]} split at access lines."""
    reqs, cur = [], []
    for line in open(path, encoding="utf-8"):
        m = DJ.match(line.rstrip("\n"))
        if not m:
            continue
        name, msg = m.group(4), m.group(6)
        if name == "django.db.backends":
            body = re.sub(r"^\(\d+\.\d+\) ", "", msg)
            sql = body.rsplit("; alias=", 1)[0].rsplit("; args=", 1)[0]
            cur.append(sql)
        elif name == "django.server":
            a = ACCESS.search(msg)
            reqs.append({"url": a.group(2), "status": int(a.group(3)), "statements": cur})
            cur = []
    assert not cur, "statements after the last access line"
    return reqs


# ---------------------------------------------------------------- pg logs
PG = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC \[(\d+)\] (\S*) ?(LOG|ERROR|FATAL|STATEMENT|DETAIL):\s+(.*)$")


def parse_pg(path):
    """-> list of (time, pid, statement) for every logged statement."""
    out = []
    for line in open(path, encoding="utf-8"):
        m = PG.match(line.rstrip("\n"))
        if not m:
            continue
        msg = m.group(5)
        s = re.match(r"duration: [\d.]+ ms\s+statement: (.*)$", msg)
        if s:
            t = dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
            out.append((t, int(m.group(2)), s.group(1)))
    return out


def pg_by_pid(stmts):
    order, by = [], collections.defaultdict(list)
    for t, pid, sql in stmts:
        if pid not in by:
            order.append(pid)
        by[pid].append(sql)
    return [by[p] for p in order], order


def pg_by_gap(stmts, gap=0.25):
    segs, last = [], None
    for t, pid, sql in stmts:
        if last is None or (t - last).total_seconds() > gap:
            segs.append([])
        segs[-1].append(sql)
        last = t
    return segs


# ---------------------------------------------------------------- zeal / nplusone
ZEAL = re.compile(r"zeal (\w+ \S+): N\+1 detected on ([\w.]+)\.([\w()]+) at (\S+):(\d+) in (\S+)")
NPO = re.compile(r"nplusone WARNING: (.*)$")
BEGINL = re.compile(r"ql\.detectors INFO: begin (\w+ \S+)")


def short_path(p):
    return re.sub(r"^.*?/site-packages/", "", re.sub(r"^.*?/mysite/", "mysite-project/", p)) if "site-packages" in p or "/mysite/" in p else p


def parse_detectors(path):
    """-> {url: {"zeal": Counter((model, field, where)), "nplusone": Counter(msg)}} in request order."""
    res, order, url = {}, [], None
    for line in open(path, encoding="utf-8"):
        b = BEGINL.search(line)
        if b:
            url = b.group(1).split(" ", 1)[1]
            key = f"{len(order)}:{url}"
            order.append(key)
            res[key] = {"zeal": collections.Counter(), "nplusone": collections.Counter(), "other": []}
            continue
        z = ZEAL.search(line)
        if z:
            res[key]["zeal"][(z.group(2), z.group(3), f"{short_path(z.group(4))}:{z.group(5)} in {z.group(6)}")] += 1
            continue
        n = NPO.search(line)
        if n:
            res[key]["nplusone"][n.group(1)] += 1
            continue
        if "ql.detectors INFO: warning" in line:
            res[key]["other"].append(line.split("INFO: ", 1)[1].strip())
    return [res[k] for k in order]


# ---------------------------------------------------------------- django model -> table for zeal findings
import django  # noqa: E402

django.setup()
from django.apps import apps  # noqa: E402


def zeal_table(model_label, field):
    app_label, model_name = model_label.rsplit(".", 1)
    model = apps.get_model(app_label, model_name)
    if field == "get()":
        return model._meta.db_table, f"{model_label}.get() (repeated single-object get on the model)"
    f = model._meta.get_field(field)
    rel = f.related_model
    return rel._meta.db_table, f"{model_label}.{field} -> {rel._meta.label} ({'reverse ' if f.auto_created and not f.concrete else ''}{f.get_internal_type()})"


# ---------------------------------------------------------------- analysis
driver = json.load(open(os.path.join(W, "per-request.driver.json")))
dj_pg = parse_django(os.path.join(W, "per-request.django.log"))
dj_sq = parse_django(os.path.join(W, "sqlite.django.log"))
pg1, pids = pg_by_pid(parse_pg(os.path.join(W, "per-request.pg.log")))
pg2 = pg_by_gap(parse_pg(os.path.join(W, "persistent.pg.log")))
det = parse_detectors(os.path.join(W, "per-request.zeal.log"))
det_sq = parse_detectors(os.path.join(W, "sqlite.zeal.log"))
n = len(driver)
assert len(dj_pg) == len(dj_sq) == len(pg1) == len(pg2) == len(det) == n, (len(dj_pg), len(dj_sq), len(pg1), len(pg2), len(det))


def analyse_request(stmts):
    """-> (template counts, loops, repeats) for one request's statement list."""
    groups = collections.OrderedDict()
    depth_tx, depth_sp = 0, 0
    tx_id = 0
    for i, sql in enumerate(stmts):
        tpl, vals = normalize(sql)
        c = TXCTL.match(sql.strip())
        if c:
            kw = c.group(1).upper()
            if kw == "BEGIN":
                depth_tx, tx_id = 1, tx_id + 1
            elif kw in ("COMMIT", "ROLLBACK"):
                depth_tx = 0
            elif kw == "SAVEPOINT":
                depth_sp, tx_id = depth_sp + 1, tx_id + 1
            elif kw == "RELEASE SAVEPOINT":
                depth_sp = max(0, depth_sp - 1)
            continue
        g = groups.setdefault(tpl, {"values": [], "in_tx": [], "tx_ids": set()})
        g["values"].append(vals)
        inside = depth_tx > 0 or depth_sp > 0
        g["in_tx"].append(inside)
        if inside:
            g["tx_ids"].add(tx_id)
    return groups


requests, loops, repeats, appearances = [], [], [], collections.defaultdict(list)
findings = []
for i in range(n):
    url = driver[i]["url"]
    assert dj_pg[i]["url"] == url == dj_sq[i]["url"], (url, dj_pg[i]["url"], dj_sq[i]["url"])
    stmts = dj_pg[i]["statements"]
    groups = analyse_request(stmts)
    groups_sq = analyse_request(dj_sq[i]["statements"])
    groups_pg = analyse_request(pg1[i])
    zeal_here = []
    for (model, field, where), cnt in det[i]["zeal"].items():
        table, relation = zeal_table(model, field)
        zeal_here.append({"table": table, "model": model, "field": field})
        findings.append({"request": url, "request_index": i, "message": f"N+1 detected on {model}.{field} at {where}",
                         "model/field": f"{model}.{field}", "relation": relation, "table": table,
                         "alerts_in_request": cnt})
    for f in findings:
        if f["request_index"] == i:
            f["trace_templates_on_table"] = [
                {"template": t, "runs": len(g["values"]), "distinct_values": len(set(g["values"]))}
                for t, g in groups.items() if table_of(t) == f["table"] and len(g["values"]) >= 2]
    for tpl, g in groups.items():
        appearances[tpl].append((i, len(g["values"])))
        cnt, distinct = len(g["values"]), len(set(g["values"]))
        table = table_of(tpl)
        zeal_match = [z["model"] + "." + z["field"] for z in zeal_here if z["table"] == table]
        if cnt >= 3 and distinct >= 2:
            loops.append({
                "request": url, "request_index": i, "statement_template": tpl, "table": table,
                "repeats": cnt, "distinct_values": distinct,
                "inside_transactions": any(g["in_tx"]),
                "per_iteration_transactions": len(g["tx_ids"]) >= 2,
                "transaction_blocks": len(g["tx_ids"]),
                "repeats_sqlite_log": len(groups_sq.get(tpl, {"values": []})["values"]),
                "repeats_pg_log": len(groups_pg.get(tpl, {"values": []})["values"]),
                "inside_transactions_pg_log": any(groups_pg.get(tpl, {"in_tx": []})["in_tx"]),
                "zeal_reports_it": bool(zeal_match),
                "zeal_finding": zeal_match,
            })
        vc = collections.Counter(g["values"])
        same = [(v, c) for v, c in vc.items() if c >= 2]
        if same:
            v, c = max(same, key=lambda x: x[1])
            repeats.append({"request": url, "request_index": i, "template": tpl, "table": table,
                            "repeats": c, "values": list(v), "total_runs_of_template": cnt,
                            "zeal_reports_it": bool(zeal_match), "zeal_finding": zeal_match})
    dj_total = len(stmts)
    requests.append({
        "index": i, "label": driver[i]["label"], "url": url, "status": driver[i]["status"],
        "statements": dj_total,
        "statements_excluding_transaction_control": sum(1 for s in stmts if not TXCTL.match(s.strip())),
        "statements_pg_per_request_log": len(pg1[i]),
        "statements_pg_persistent_log": len(pg2[i]),
        "statements_sqlite_log": len(dj_sq[i]["statements"]),
        "pg_backend_pid": pids[i],
        "zeal_warnings": [{"message": f"N+1 detected on {m}.{f} at {w}", "alerts": c} for (m, f, w), c in det[i]["zeal"].items()],
        "zeal_warnings_sqlite_run": [{"message": f"N+1 detected on {m}.{f} at {w}", "alerts": c} for (m, f, w), c in det_sq[i]["zeal"].items()],
        "nplusone_warnings": [{"message": m, "alerts": c} for m, c in det[i]["nplusone"].items()],
    })

must_not = []
for tpl, occ in appearances.items():
    if len(occ) >= 3 and all(c == 1 for _, c in occ):
        must_not.append({"template": tpl, "table": table_of(tpl), "requests": [requests[i]["url"] for i, _ in occ]})

import wagtail, zeal  # noqa: E401,E402
from importlib.metadata import version  # noqa: E402

json.dump(requests, open(os.path.join(OUT, "requests.json"), "w"), indent=1)
expected = {
    "app": f"wagtail {wagtail.__version__}",
    "django": django.get_version(),
    "database": "PostgreSQL 15 (pg-*.log, django-postgres.log); SQLite (django-sqlite.log)",
    "notes": "Derived by Fixtures/logs/generate/realapps/wagtail/analyze.py from django-postgres.log "
             "(statements grouped per request by normalized template). request_index is the position in requests.json "
             "(/blog/ is requested twice). Counts for the other logs are given per loop for comparison.",
    "requests": [{k: r[k] for k in ("index", "label", "url", "status", "statements",
                                    "statements_pg_per_request_log", "statements_pg_persistent_log",
                                    "statements_sqlite_log")} for r in requests],
    "reference": {
        "detector": f"django-zeal {version('django-zeal')}",
        "settings": {"ZEAL_ENABLE": True, "ZEAL_RAISE": False, "ZEAL_NPLUSONE_THRESHOLD": 2},
        "findings": findings,
        "secondary_detector": f"nplusone {version('nplusone')}",
        "secondary_findings": [{"request": r["url"], "request_index": r["index"], "message": w["message"], "alerts": w["alerts"]}
                               for r in requests for w in r["nplusone_warnings"]],
    },
    "loops_in_trace": loops,
    "repeated_same_value": repeats,
    "must_not_report": must_not,
}
json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1)

print("requests:")
for r in requests:
    print(f"  {r['index']} {r['status']} {r['url']:<28} django={r['statements']:>3} pg1={r['statements_pg_per_request_log']:>3} "
          f"pg2={r['statements_pg_persistent_log']:>3} sqlite={r['statements_sqlite_log']:>3} zeal={sum(w['alerts'] for w in r['zeal_warnings'])}")
print("loops:")
for lp in loops:
    print(f"  [{lp['request_index']}] {lp['request']} {lp['table']} x{lp['repeats']} ({lp['distinct_values']} distinct) "
          f"tx={lp['inside_transactions']}/{lp['transaction_blocks']} zeal={lp['zeal_finding']}  {lp['statement_template'][:90]}")
print("repeats:")
for rp in repeats:
    print(f"  [{rp['request_index']}] {rp['request']} {rp['table']} x{rp['repeats']} zeal={rp['zeal_finding']} {rp['template'][:90]}")
print("zeal:")
for f in findings:
    print(f"  [{f['request_index']}] {f['request']} {f['message']} x{f['alerts_in_request']} -> {f['table']}")
print("must_not_report:", len(must_not), [m["table"] for m in must_not])
