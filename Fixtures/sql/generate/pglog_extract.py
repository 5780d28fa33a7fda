#!/usr/bin/env python3
"""Extract the statements a PostgreSQL 15 server logged (log_statement = 'all', csvlog)
for one database / application_name, and write them as a .sql fixture.

usage: pglog_extract.py CSVLOG DATABASE APPLICATION_NAME OUT.sql HEADER.txt [--dedupe] [--last-session]
(--last-session keeps only the last server session of that application, for re-runs)

Keeps the text exactly as logged: `statement: ...` (simple protocol, literals inlined by
the driver) and `execute NAME: ...` (extended protocol, with $n placeholders).
The header file holds the `-- ` comment lines to put at the top.
"""
import csv, sys

def main():
    path, db, app, out, header = sys.argv[1:6]
    dedupe = "--dedupe" in sys.argv
    last_session = "--last-session" in sys.argv
    stmts, seen = [], set()
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) >= 23 and r[2] == db and r[22] == app]
    if last_session and rows:
        rows = [r for r in rows if r[5] == rows[-1][5]]
    if True:
        for row in rows:
            msg = row[13]
            if msg.startswith("statement: "):
                sql = msg[len("statement: "):]
            elif msg.startswith("execute ") and ": " in msg:
                sql = msg.split(": ", 1)[1]
            else:
                continue
            sql = sql.strip().rstrip(";").rstrip()
            if not sql:
                continue
            if dedupe:
                if sql in seen:
                    continue
                seen.add(sql)
            stmts.append(sql)
    with open(header) as h:
        head = h.read()
    assert ";" not in head, "no ';' in header comments"
    with open(out, "w") as o:
        o.write(head.rstrip("\n") + "\n\n")
        for s in stmts:
            o.write(s + ";\n")
    print(f"{out}: {len(stmts)} statements")

main()
