#!/usr/bin/env python3
"""Pick the distinct statement texts of a real pgbench run out of a PostgreSQL stderr log
made by shared/bench/make-pg-log.sh (log_min_duration_statement = 0).

usage: pgbench_extract.py pg-stderr.log HEADER.txt OUT.sql [PER_SHAPE]

Takes `statement: ...` (simple protocol) and `execute NAME: ...` (extended protocol, $n
placeholders) messages, skips parse/bind messages, keeps the first PER_SHAPE (default 2)
distinct texts of each shape (shape = text with digit runs replaced), in log order.
"""
import re, sys

log, header, out = sys.argv[1:4]
per_shape = int(sys.argv[4]) if len(sys.argv) > 4 else 2
start = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ")
entries, cur = [], None
for line in open(log, errors="replace"):
    line = line.rstrip("\n")
    if start.match(line):
        if cur is not None:
            entries.append(cur)
        cur = line
    elif cur is not None:
        cur += "\n" + line
if cur is not None:
    entries.append(cur)

msg = re.compile(r"LOG:  (?:duration: [\d.]+ ms  )?(statement|execute [^:]+): (.*)", re.S)
seen, count, stmts = set(), {}, []
for e in entries:
    m = msg.search(e)
    if not m:
        continue
    sql = m.group(2).strip().rstrip(";").rstrip()
    if not sql or sql in seen:
        continue
    shape = re.sub(r"\d+", "N", sql)
    if count.get(shape, 0) >= per_shape:
        continue
    count[shape] = count.get(shape, 0) + 1
    seen.add(sql)
    stmts.append(sql)
head = open(header).read()
assert ";" not in head
with open(out, "w") as o:
    o.write(head.rstrip("\n") + "\n\n")
    for s in stmts:
        o.write(s + ";\n")
print(f"{out}: {len(stmts)} statements")
