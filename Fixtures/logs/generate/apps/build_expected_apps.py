#!/usr/bin/env python3
"""Check the ORM application logs in Fixtures/logs/apps/ and write each folder's expected.json.

usage: python3 Fixtures/logs/generate/apps/build_expected_apps.py [sequel eloquent gorm hibernate]

Works at grep level: every ORM has a small line parser below that finds the logged statements
(line number of the statement's first line, SQL text, parameter values when logged separately) and
the request marker lines where the generator wrote one.  The workload is the same everywhere
(R1 1+10, R2 eager, R3 3x the same lookup, R4 5 counts) and every fact written to expected.json
is asserted against it; a mismatch raises AssertionError and nothing is written.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.normpath(os.path.join(HERE, "..", "..", "apps"))

R1_IDS = [((3 * i) % 7) + 1 for i in range(1, 11)]  # 4,7,3,6,2,5,1,4,7,3
assert R1_IDS == [4, 7, 3, 6, 2, 5, 1, 4, 7, 3]
REQUESTS = ["R1", "R2", "R3", "R4"]


class Stmt:
    def __init__(self, first, last, sql, params=None):
        self.first, self.last, self.sql = first, last, sql
        self.params = params  # list of values logged separately, or None

    def __repr__(self):
        return f"Stmt({self.first}-{self.last}: {self.sql[:60]!r} {self.params})"


def lines_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    assert text.endswith("\n"), path
    return text[:-1].split("\n")


# ---------------------------------------------------------------- parsers
# each returns (statements, markers) where markers = {"R1": line_no, ...} (may be empty)

def parse_sequel(path):
    stmts, markers = [], {}
    rx = re.compile(r"^I, \[\S+ #\d+\]  INFO -- : (?:\((\d+\.\d+)s\) (.*)|request (R\d) .*)$")
    for n, line in enumerate(lines_of(path), 1):
        if line.startswith("# Logfile created on"):
            continue
        m = rx.match(line)
        assert m, f"{path}:{n}: unexpected line {line!r}"
        if m.group(3):
            markers[m.group(3)] = n
        else:
            stmts.append(Stmt(n, n, m.group(2)))
    return stmts, markers


def parse_eloquent(path):
    # Monolog LineFormatter output: "[Y-m-d H:i:s] local.INFO: <sql> <context json> " (note the
    # trailing space: %extra% is empty and removed, the separator before it stays); markers have
    # an empty context too, so they end in two spaces.
    stmts, markers = [], {}
    rx_sql = re.compile(r'^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] local\.INFO: (.*) (\{"bindings":.*\}) $')
    rx_mark = re.compile(r'^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] local\.INFO: request (R\d) [^{]*  $')
    for n, line in enumerate(lines_of(path), 1):
        m = rx_sql.match(line)
        if m:
            ctx = json.loads(m.group(2))
            assert set(ctx) == {"bindings", "time"}, line
            stmts.append(Stmt(n, n, m.group(1), ctx["bindings"]))
            continue
        m = rx_mark.match(line)
        assert m, f"{path}:{n}: unexpected line {line!r}"
        markers[m.group(1)] = n
    return stmts, markers


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def parse_gorm(path):
    # GORM v1 default logger: log.New(os.Stdout, "\r\n", 0).Println(...) of coloured parts, so every
    # statement is 4 physical lines: "\r" (the prefix's CR; the LF ends the line), "(file.go:N) ",
    # "[date time]  [D.DDms]  SQL  " and "[N rows affected or returned ] ".  A statement's
    # first_line is its "(file:line)" line, last_line its rows line.  No markers.
    stmts = []
    lines = [ANSI.sub("", l) for l in lines_of(path)]
    assert len(lines) % 4 == 0, len(lines)
    for i in range(0, len(lines), 4):
        cr, src, sql, rows = lines[i:i + 4]
        assert cr == "\r", (i + 1, cr)
        assert re.fullmatch(r"\(/\S+\.go:\d+\) ", src), (i + 2, src)
        m = re.fullmatch(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]  \[\d+\.\d\dms\]  (.*)  ", sql)
        assert m, (i + 3, sql)
        assert re.fullmatch(r"\[\d+ rows affected or returned \] ", rows), (i + 4, rows)
        stmts.append(Stmt(i + 2, i + 4, m.group(1)))
    return stmts, {}


LOG4J = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \[main\] (\S+) - (.*)$")


def parse_hibernate(path):
    # Two statement headers: show_sql's "Hibernate: " (printed to stdout) or log4j's
    # "... DEBUG [main] org.hibernate.SQL - "; with format_sql the statement follows on lines that
    # start with 4 spaces.  Bound values: log4j TRACE lines of
    # org.hibernate.type.descriptor.sql.BasicBinder, "binding parameter [1] as [INTEGER] - 4",
    # after the statement.  Other lines: log4j lines (startup INFO, BasicTypeRegistry DEBUG,
    # BasicExtractor TRACE "found [..] as column [..]") and continuation lines of multi-line INFO
    # messages (the dialect/driver banner), which are not statements.
    stmts, markers = [], {}
    cur = None  # statement whose SQL lines are being collected
    for n, line in enumerate(lines_of(path), 1):
        m = LOG4J.match(line)
        if line == "Hibernate: " or (m and m.group(2) == "org.hibernate.SQL"):
            assert not m or m.group(3) == "", line
            cur = Stmt(n, n, "")
            cur.params = []
            stmts.append(cur)
            continue
        if cur is not None and not m and line.startswith("    ") and not stmts[-1].params:
            cur.sql += ("\n" if cur.sql else "") + line.strip()
            cur.last = n
            continue
        cur = None
        if m:
            if m.group(2) == "org.hibernate.type.descriptor.sql.BasicBinder":
                b = re.fullmatch(r"binding parameter \[(\d+)\] as \[(\w+)\] - (.*)", m.group(3))
                assert b and int(b.group(1)) == len(stmts[-1].params) + 1, line
                stmts[-1].params.append(b.group(3))
            elif m.group(2) == "bookstore.Main":
                r = re.fullmatch(r"request (R\d) .*", m.group(3))
                assert r, line
                markers[r.group(1)] = n
            continue
        assert line.startswith(" ") or not line.strip(), f"{path}:{n}: unexpected line {line!r}"
    for st in stmts:
        assert st.sql.startswith("select"), st
        st.params = st.params or None
    return stmts, markers


PARSERS = {"sequel": parse_sequel, "eloquent": parse_eloquent, "gorm": parse_gorm, "hibernate": parse_hibernate}


# ---------------------------------------------------------------- facts

def inline_int(sql, column):
    m = re.search(r'[`"\']?' + column + r'[`"\']?\)? = (\d+)', sql)
    return int(m.group(1)) if m else None


def value(st, column):
    """The value compared against `column` in a one-parameter lookup: bound value or literal."""
    if st.params:
        assert len(st.params) >= 1, st
        return int(st.params[0])
    return inline_int(st.sql, column)


def tbl(sql):
    m = re.search(r'\bfrom\s+[`"]?(\w+)[`"]?', sql, re.I)
    return m.group(1).lower() if m else None


def split_requests(stmts, markers, eager_count, r1_len=11):
    """Assign statements to R1..R4: by marker lines if present, else by the known workload order."""
    if markers:
        assert sorted(markers) == REQUESTS, markers
        bounds = [markers[r] for r in REQUESTS] + [10 ** 9]
        out = {r: [s for s in stmts if bounds[i] < s.first < bounds[i + 1]] for i, r in enumerate(REQUESTS)}
        assert sum(len(v) for v in out.values()) == len(stmts), "statements before the first marker"
        return out
    sizes = [r1_len, eager_count, 3, 5]
    assert len(stmts) == sum(sizes), (len(stmts), sizes)
    out, i = {}, 0
    for r, k in zip(REQUESTS, sizes):
        out[r] = stmts[i:i + k]
        i += k
    return out


def check(orm, fname, stmts, markers, eager_count, meta, r1_ids=R1_IDS):
    req = split_requests(stmts, markers, eager_count, 1 + len(r1_ids))
    r1, r2, r3, r4 = (req[r] for r in REQUESTS)
    # R1: books page + 10 lazy author loads for 4,7,3,6,2,5,1,4,7,3
    assert len(r1) == 1 + len(r1_ids), r1
    assert tbl(r1[0].sql) == "books" and re.search(r"order by", r1[0].sql, re.I), r1[0]
    assert all(tbl(s.sql) == "authors" for s in r1[1:]), r1
    assert [value(s, "id") for s in r1[1:]] == r1_ids, [value(s, "id") for s in r1[1:]]
    assert len({s.sql for s in r1[1:]}) == (1 if r1[1].params else len(set(r1_ids)))
    # R2: eager
    assert len(r2) == eager_count, r2
    if eager_count == 2:
        assert tbl(r2[0].sql) == "books" and tbl(r2[1].sql) == "authors", r2
        assert re.search(r"\bin\s*\(", r2[1].sql, re.I), r2[1]
    else:
        assert tbl(r2[0].sql) == "books" and re.search(r"\bjoin\s+authors\b", r2[0].sql, re.I), r2[0]
    # R3: same lookup 3 times
    assert len(r3) == 3 and len({s.sql for s in r3}) == 1, r3
    assert all(tbl(s.sql) == "authors" and value(s, "id") == 1 for s in r3), r3
    # R4: 5 counts on books for author 1..5
    assert len(r4) == 5, r4
    assert all(tbl(s.sql) == "books" and re.search(r"count\(", s.sql, re.I) for s in r4), r4
    assert [value(s, "author_id") for s in r4] == [1, 2, 3, 4, 5], [value(s, "author_id") for s in r4]

    entry = dict(meta)
    entry.update({
        "statements_executed": len(stmts),
        "with_parameters": sum(1 for s in stmts if s.params),
        "multi_line_statements": sum(1 for s in stmts if s.last > s.first),
        "requests": [
            {"name": r, "statements": len(req[r]), "first_line": req[r][0].first, "last_line": req[r][-1].last}
            | ({"marker_line": markers[r]} if markers else {})
            for r in REQUESTS
        ],
        "n_plus_one": [
            {"table": "authors", "column": "id", "repeats": len(r1_ids), "distinct": len(set(r1_ids)), "request": "R1",
             "values": r1_ids},
            {"table": "books", "kind": "count", "column": "author_id", "repeats": 5, "distinct": 5, "request": "R4"},
        ],
        "repeated": [{"table": "authors", "column": "id", "value": 1, "repeats": 3, "request": "R3"}],
        "eager_request_statements": len(r2),
    })
    return entry


def main(argv):
    orms = argv or ["sequel", "eloquent", "gorm", "hibernate"]
    for orm in orms:
        meta_path = os.path.join(HERE, orm, "meta.json")
        with open(meta_path) as f:
            metas = json.load(f)
        files = {}
        for fname, meta in metas["files"].items():
            path = os.path.join(APPS, orm, fname)
            stmts, markers = PARSERS[orm](path)
            eager = meta.pop("_eager_statements")
            r1_ids = meta.pop("_r1_ids", R1_IDS)
            files[fname] = check(orm, fname, stmts, markers, eager, meta, r1_ids)
            print(f"{orm}/{fname}: {len(stmts)} statements OK")
        doc = {"_about": metas["_about"], "files": files}
        with open(os.path.join(APPS, orm, "expected.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
