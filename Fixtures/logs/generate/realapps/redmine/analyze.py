#!/usr/bin/env python3
"""Derive expected.json for the Redmine fixture from the real logs.

usage: analyze.py FIXTURE_DIR DRIVE_JSON
Reads FIXTURE_DIR/rails.log (Rails' own SQL log lines, split per request by the [request-id] tag
between "Started" and "Completed"), FIXTURE_DIR/bullet.log and DRIVE_JSON (drive.rb's output:
versions, request ids, statuses, and the table behind each association Bullet named), and writes
FIXTURE_DIR/expected.json.

Rules (per request, statements served from Rails' query cache -- "CACHE ..." lines -- are not
sent to the database and are counted separately, never as executions):
  * template  = SQL with ANSI colours stripped, $n binds and inline literals replaced by ?, and
                IN (?, ?, ...) collapsed to IN (?)
  * loop      = a template executed >= 3 times in one request with >= 2 distinct value tuples
                (value tuple = the bind list plus the inline literals)
  * loop absorbed by the query cache = >= 3 executions counting CACHE lines, >= 2 distinct
                value tuples, but < 3 reaching the database (pg.log shows only the distinct ones)
  * repeat    = one value tuple of a template executed >= 2 times in one request
"""
import json, re, sys
from collections import OrderedDict, defaultdict

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEAD = re.compile(r"^[DIWEF], \[(\S+) #\d+\]\s+\w+ -- : \[([0-9a-f-]{36})\] (.*)$")
SQL = re.compile(r"^  (CACHE )?(.*?) ?\((\d+\.\d+)ms\)  (.*?)(?:  (\[\[.*\]\]))?$")

def template_of(sql):
    lits = []
    def lit(m):
        lits.append(m.group(0)); return "?"
    t = re.sub(r"'(?:[^']|'')*'", lit, sql)
    t = re.sub(r"\$\d+", "?", t)
    t = re.sub(r"(?<![\w.\"$])-?\d+(?:\.\d+)?(?![\w\"])", lit, t)
    t = re.sub(r"\(\s*\?(?:\s*,\s*\?)+\s*\)", "(?)", t)
    return t, lits

def main_table(t):
    m = re.search(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', t, re.I)
    return m.group(1) if m else None

def loads_association(t, a):
    """True if template t is the lazy load of association a ({table, macro, column}): a row load
    from a's table filtered on the association's key column (id for belongs_to, the foreign key
    for has_many/has_one)."""
    if not a:
        return False
    tb = a["table"]
    if not re.match(rf'SELECT (DISTINCT )?"?{tb}"?\.\*', t):
        return False
    return re.search(rf'"?{tb}"?\."?{a["column"]}"? (=|IN)', t) is not None or bool(a.get("through"))

def parse_rails(path):
    reqs = OrderedDict()
    cur = {}
    lines = open(path, encoding="utf-8").read().splitlines()
    recs = []  # merge continuation lines into their record
    for ln in lines:
        if HEAD.match(ln) or not recs:
            recs.append(ln)
        else:
            recs[-1] += "\n" + ln
    for rec in recs:
        m = HEAD.match(rec.split("\n")[0])
        if not m:
            continue
        rid, body = m.group(2), ANSI.sub("", rec[rec.index("] ", rec.index(" -- : ")) + 2:])
        if body.startswith("Started "):
            url = re.match(r'Started \w+ "([^"]+)"', body).group(1)
            reqs[rid] = {"url": url, "stmts": [], "completed": None}
            cur[rid] = {"tx": 0}
            continue
        if rid not in reqs:
            continue
        r = reqs[rid]
        if body.startswith("Completed "):
            r["completed"] = body
            continue
        if body.startswith("  ↳ "):
            if r["stmts"]:
                r["stmts"][-1]["source"] = body[4:]
            continue
        s = SQL.match(body.replace("\n", " "))
        if not s or not re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|WITH)\b", s.group(4), re.I):
            continue
        sql = s.group(4).strip()
        if re.match(r"(BEGIN|SAVEPOINT)", sql):
            cur[rid]["tx"] += 1
        in_tx = cur[rid]["tx"] > 0
        if re.match(r"(COMMIT|ROLLBACK)\b", sql) and not re.match(r"ROLLBACK TO", sql):
            cur[rid]["tx"] = max(0, cur[rid]["tx"] - 1)
        if re.match(r"RELEASE", sql):
            cur[rid]["tx"] = max(0, cur[rid]["tx"] - 1)
        r["stmts"].append({"name": s.group(2), "cache": bool(s.group(1)), "sql": sql, "binds": s.group(5) or "",
                           "in_tx": in_tx})
    return reqs

def parse_bullet(path):
    out = []
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        ls = [l for l in block.split("\n") if l.strip()]
        if len(ls) < 4:
            continue
        req = ls[1].split(" ", 1)[1]
        kind = ls[2]
        m = re.match(r"\s+(\w+) => \[(.*)\]", ls[3])
        stack = [l.strip() for l in ls[ls.index("Call stack") + 1:]] if "Call stack" in ls else []
        out.append({"request": req, "kind": kind, "model": m.group(1),
                    "associations": re.findall(r":(\w+)", m.group(2)), "hint": ls[4].strip() if len(ls) > 4 else "",
                    "call_stack_top": stack[0] if stack else None, "message": "\n".join(ls[1:5])})
    return out

def main():
    fdir, drive_json = sys.argv[1:3]
    drive = json.load(open(drive_json))
    reqs = parse_rails(f"{fdir}/rails.log")
    bullet = parse_bullet(f"{fdir}/bullet.log")
    assoc_tables = drive.get("bullet_association_tables", {})
    status_by_id = {r["request_id"]: r["status"] for r in drive["requests"]}
    requests, loops, hidden, repeats, per_template_reqs = [], [], [], [], defaultdict(dict)
    for rid, r in reqs.items():
        db = [s for s in r["stmts"] if not s["cache"]]
        groups = OrderedDict()
        for s in r["stmts"]:
            t, lits = template_of(s["sql"])
            g = groups.setdefault(t, {"n": 0, "cache": 0, "vals": defaultdict(int), "all_vals": set(), "in_tx": False,
                                      "sources": OrderedDict()})
            v = s["binds"] + "|" + "|".join(lits)
            g["all_vals"].add(v)
            if s["cache"]:
                g["cache"] += 1
                continue
            g["n"] += 1
            g["vals"][v] += 1
            g["in_tx"] |= s["in_tx"]
            if s.get("source"):
                g["sources"][s["source"]] = 1
        b_here = [b for b in bullet if b["request"] == r["url"]]
        n1_assocs = [assoc_tables.get(f'{b["model"]}.{a}') for b in b_here if b["kind"].startswith("USE eager")
                     for a in b["associations"]]
        for t, g in groups.items():
            if re.match(r"(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", t):
                continue
            if g["n"]:
                per_template_reqs[t][r["url"]] = g["n"]
            table = main_table(t)
            entry = {"request": r["url"], "statement_template": t, "table": table, "repeats": g["n"],
                     "distinct_values": len(g["vals"]), "cache_hits": g["cache"],
                     "joins_tables": bool(re.search(r"\bJOIN\b", t, re.I)),
                     "inside_transactions": g["in_tx"], "bullet_reports_it": any(loads_association(t, a) for a in n1_assocs),
                     "sources": list(g["sources"])[:3]}
            if g["n"] >= 3 and len(g["vals"]) >= 2:
                loops.append(entry)
            elif g["n"] + g["cache"] >= 3 and len(g["all_vals"]) >= 2:
                entry["distinct_values_incl_cache"] = len(g["all_vals"])
                hidden.append(entry)
            for v, c in g["vals"].items():
                if c >= 2:
                    repeats.append({"request": r["url"], "template": t, "repeats": c, "values": v.rstrip("|")})
        requests.append({"url": r["url"], "request_id": rid, "status": status_by_id.get(rid),
                         "completed": r["completed"], "statements": len(db),
                         "cache_hits": len(r["stmts"]) - len(db),
                         "transaction_statements": sum(1 for s in db if re.match(r"(BEGIN|COMMIT|ROLLBACK)", s["sql"])),
                         "bullet": [b["message"] for b in b_here]})
    # templates that recur in many requests but at most twice in any one: per-request constant
    # overhead (session, settings cache check), not a loop
    cross = [{"kind": "cross_request_repetition", "statement_template": t, "requests": len(rs),
              "max_per_request": max(rs.values())}
             for t, rs in per_template_reqs.items() if len(rs) >= 5 and max(rs.values()) < 3]
    must_not = [
        {"kind": "query_cache_hit", "note": "Rails 'CACHE ...' lines are served from the per-request query cache and never reach PostgreSQL (absent from pg.log); they must not count as executions of a loop",
         "count": sum(x["cache_hits"] for x in requests)},
        {"kind": "connection_setup", "note": "pg.log: SET client_encoding/client_min_messages/standard_conforming_strings/intervalstyle/timezone and the pg_type/pg_range type-map SELECTs the pg adapter runs once when it connects (not in rails.log: Rails does not log SCHEMA statements); one connection serves all 9 requests"},
        {"kind": "transaction_control", "note": "BEGIN/COMMIT around single writes are not loops"},
    ] + cross
    findings = []
    for b in bullet:
        f = {k: b[k] for k in ("request", "kind", "model", "associations", "hint", "call_stack_top")}
        f["tables"] = [(assoc_tables.get(f'{b["model"]}.{a}') or {}).get("table") for a in b["associations"]]
        assocs = [assoc_tables.get(f'{b["model"]}.{a}') for a in b["associations"]]
        if b["kind"].startswith("USE eager"):
            f["loop_in_trace"] = next(({"statement_template": l["statement_template"], "db_executions": l["repeats"],
                                        "cache_hits": l["cache_hits"], "where": w}
                                       for w, ls in (("loops_in_trace", loops), ("loops_absorbed_by_query_cache", hidden))
                                       for l in ls if l["request"] == b["request"]
                                       and any(loads_association(l["statement_template"], a) for a in assocs)), None)
        findings.append(f)
    summary = {"app": f'redmine {drive["redmine"]} (Debian)', "rails": drive["rails"], "adapter": drive["adapter"],
               "requests": requests,
               "reference": {"detector": f'bullet {drive["bullet"]}', "findings": findings},
               "loops_in_trace": loops, "loops_absorbed_by_query_cache": hidden, "repeated_same_value": repeats, "must_not_report": must_not}
    json.dump(summary, open(f"{fdir}/expected.json", "w"), indent=2, ensure_ascii=False)
    open(f"{fdir}/expected.json", "a").write("\n")

if __name__ == "__main__":
    main()
