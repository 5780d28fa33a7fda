#!/usr/bin/env python3
"""Turn a trace written by run_django.py (sqlite3 set_trace_callback, one statement then a
line ';;') into a .sql fixture. usage: sqlite_trace_to_sql.py TRACE HEADER.txt OUT.sql"""
import sys

trace, header, out = sys.argv[1:4]
stmts = [s.strip() for s in open(trace).read().split("\n;;\n") if s.strip()]
head = open(header).read()
assert ";" not in head
with open(out, "w") as o:
    o.write(head.rstrip("\n") + "\n\n")
    for s in stmts:
        o.write(s.rstrip(";").rstrip() + ";\n")
print(f"{out}: {len(stmts)} statements")
