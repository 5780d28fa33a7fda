#!/usr/bin/env python3
"""Build Fixtures/analyze/expected.json from the per-request records the generators wrote.

usage: python3 build_expected.py DJANGO_PG.json DJANGO_SQLITE.json RAILS.json OUT_DIR

The scenario -> finding mapping (which table/column is looped over) is declared below; every
count (statements, repeats, distinct values, line ranges) is COUNTED from what the generators
recorded each request executing, then cross-checked against the log files in OUT_DIR.
"""
import json
import os
import re
import sys

pg_rec, sq_rec, rails_rec, out_dir = sys.argv[1:5]

NAMES = {
    "django": dict(author="bookstore_author", book="bookstore_book", tag="bookstore_tag",
                   book_tags="bookstore_book_tags", review="bookstore_review"),
    "rails": dict(author="authors", book="books", tag="tags", book_tags="books_tags", review="reviews"),
}
# (table selected from, table.column filtered on with one value, parent table of the loop, COUNT?)
N1 = {
    "A": [("author", "author", "id", "book", False)],
    "B": [("book", "book", "author_id", "author", False)],
    "C": [("tag", "book_tags", "book_id", "book", False)],
    "D": [("book", "book", "author_id", "author", True)],
    "E": [("book", "book", "author_id", "author", False), ("review", "review", "book_id", "book", True)],
}


def value_of(st, orm):  # the first parameter: Django's params / Rails' type-casted binds
    return st["params"][0] if orm == "django" else st["binds"][0]


def matches(st, t, wt, col, count):
    sql = st["sql"]
    return (sql.startswith("SELECT") and f'FROM "{t}"' in sql
            and re.search(rf'"{wt}"\."{col}" = (\?|%s)', sql) is not None
            and ("COUNT(" in sql) == count)


def build(rec_file, orm):
    names = NAMES[orm]
    rec = json.load(open(rec_file))
    out = []
    for r in rec["requests"]:
        sts = r["statements"]
        sc = r["scenario"]
        e = {"scenario": sc, "url": r["url"], "statements": len(sts)}
        if orm == "rails":
            e["cached"] = sum(s["cached"] for s in sts)
            e["transaction_statements"] = sum(s["name"] == "TRANSACTION" for s in sts)
            e["request_id"] = r["request_id"]
        for k in ("first_line", "last_line"):
            if k in r:
                e[k] = r[k]
        e["n_plus_one"], e["repeated_query"], e["n_plus_one_write"] = [], [], []
        for t, wt, col, parent, count in N1.get(sc, []):
            t, wt, parent = names[t], names[wt], names[parent]
            hit = [s for s in sts if matches(s, t, wt, col, count)]
            vals = [value_of(s, orm) for s in hit]
            f = {"table": t, "column": col, "repeats": len(hit), "distinct_values": len(set(vals)),
                 "parent_table": parent}
            if wt != t:
                f["join_table"] = wt
            if count:
                f["aggregate"] = "COUNT"
            if orm == "rails":
                f["cached"] = sum(s["cached"] for s in hit)
            f["values"] = vals
            e["n_plus_one"].append(f)
        if sc == "G":
            hit = [s for s in sts if matches(s, names["author"], names["author"], "id", False)]
            assert len({s["sql"] for s in hit}) == 1 and len({json.dumps(value_of(s, orm)) for s in hit}) == 1
            e["repeated_query"].append({"table": names["author"], "column": "id",
                                        "value": value_of(hit[0], orm),
                                        "repeats": len(hit)})
        if sc == "H":
            hit = [s for s in sts if s["sql"].startswith(f'INSERT INTO "{names["review"]}"')]
            e["n_plus_one_write"].append({"table": names["review"], "operation": "INSERT", "repeats": len(hit)})
        if sc == "I":
            e["book_id"] = int(r["url"].rstrip("/").split("/")[-1])
        out.append(e)
    return rec, out


def check_pg(rec, entries, log):
    lines = open(log).read().split("\n")
    st_lines = [i + 1 for i, l in enumerate(lines) if " statement: " in l]
    k = 0
    for r, e in zip(rec["requests"], entries):
        n = len(r["statements"])
        mine = st_lines[k:k + n]
        for s, ln in zip(r["statements"], mine):
            prefix = s["sql"].split("%s")[0]
            assert lines[ln - 1].split(" statement: ", 1)[1].startswith(prefix), (ln, prefix)
        e["first_line"], e["last_line"] = mine[0], mine[-1]
        e["backend_pid"] = r["statements"][0]["pid"]
        k += n
    assert k == len(st_lines), (k, len(st_lines))


def check_counted(entries, log, pattern):
    lines = open(log, encoding="utf-8").read().split("\n")
    total = 0
    for e in entries:
        n = sum(1 for l in lines[e["first_line"] - 1:e["last_line"]] if re.search(pattern, l))
        assert n == e["statements"], (e, n)
        total += n
    assert total == sum(1 for l in lines if re.search(pattern, l))


pg, pg_e = build(pg_rec, "django")
sq, sq_e = build(sq_rec, "django")
rr, rr_e = build(rails_rec, "rails")
check_pg(pg, pg_e, os.path.join(out_dir, "django-postgres.log"))
check_counted(sq_e, os.path.join(out_dir, "django-sqlite.log"), r"^\d{4}-\d\d-\d\d \S+ \(\d+\.\d+\) ")
check_counted(rr_e, os.path.join(out_dir, "rails-development.log"), r"^  \x1b\[1m\x1b\[3\dm.*\(\d+\.\d+ms\)")

NOTES = {
    "convention": "One entry per request, in log order. statements = SQL statements the request "
                  "sent/logged (Rails: including CACHE lines and TRANSACTION begin/commit). "
                  "n_plus_one / repeated_query / n_plus_one_write list what a detector should report "
                  "for that request; an empty list is an expected NON-finding. Requests are separated "
                  "by >= 300 ms of idle time and nothing else in the Django logs (all 20 Django "
                  "requests share one PostgreSQL backend pid / one SQLite connection).",
    "A": "10 lookups, 8 distinct ids: ids 3 and 5 appear twice, so two identical statements repeat; "
         "they are part of the N+1 group, not a separate repeated_query (in Rails the 2nd lookup of "
         "3 and 5 is answered by the query cache and logged as 'CACHE Author Load').",
    "F": "pages A, B and C with select_related/prefetch_related (Django) or includes/preload (Rails) "
         "in ONE request: no N+1 (IN (...) batches and a JOIN).",
    "G": "the identical statement 4 times (distinct_values 1): repeated_query, not n_plus_one.",
    "H": "5 single-row INSERTs into the reviews table: n_plus_one_write, no read N+1.",
    "I": "12 separate requests loading one book each by different ids: NO finding of any kind.",
}
expected = {
    "_notes": NOTES,
    "django-postgres.log": {"django": pg["django"], "requests": pg_e},
    "django-sqlite.log": {"django": sq["django"], "requests": sq_e},
    "rails-development.log": {"rails": rr["rails"], "requests": rr_e},
}
with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
for k in ("django-postgres.log", "django-sqlite.log", "rails-development.log"):
    print(k, [(e["scenario"], e["statements"], [(x["table"], x["repeats"], x["distinct_values"]) for x in e["n_plus_one"]])
              for e in expected[k]["requests"][:8]])
