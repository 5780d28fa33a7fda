#!/usr/bin/env python3
"""Write Fixtures/logs/expected.json: the facts tests assert about every log in Fixtures/logs/.

usage: python build_expected.py   (run after gen_postgres.py, gen_django.py and gen_rails.rb)

Counts come from the workloads (the generators' code, restated here as constants); the script
checks each against the log (and pg_stat_statements for PostgreSQL) and fails on any mismatch.
Only run-time identities (pids, ports, request ids, line numbers) are read from the logs.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(HERE, "..")
sys.path.insert(0, HERE)
import expected_postgres  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def django_facts():
    path = os.path.join(LOGS, "django", "requests.log")
    lines = open(path).read().splitlines()
    # workload of gen_django.py: (url, statements, with args, shape)
    reqs = [("/books/", 11, 10, "N+1: 1 books query + 10 author lookups (ids 4,7,3,6,2,5,1,4,7,3)"),
            ("/books/", 11, 10, "N+1: same as request 1"),
            ("/books/with-authors/", 1, 0, "select_related: 1 query with INNER JOIN"),
            ("/authors/new/", 4, 2, "get_or_create: SELECT (miss), BEGIN, INSERT ... RETURNING, COMMIT")]
    rec = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \((\d+\.\d+)\) (.*); args=(.*); alias=default$")
    parsed = [rec.match(l) for l in lines]
    assert all(parsed), "every line is one record"
    units, n = [], 0
    for i, (url, count, with_args, shape) in enumerate(reqs, 1):
        chunk = parsed[n:n + count]
        got_args = sum(1 for m in chunk if m.group(3) not in ("()", "None"))
        assert got_args == with_args, (url, got_args)
        units.append({"kind": "request", "name": f"request {i}: GET {url}", "statements": count,
                      "with_parameters": with_args, "first_line": n + 1, "last_line": n + count,
                      "shape": shape})
        n += count
    assert n == len(lines)
    assert [m.group(2) for m in parsed[23:27]][1] == "BEGIN" and parsed[26].group(2) == "COMMIT"
    return {
        "django/requests.log": {
            "format": "django.db.backends DEBUG, formatter '%(asctime)s %(message)s'",
            "framework": "Django 5.2.19 (SQLite 3 backend)",
            "statements_executed": n, "with_bound_parameters": sum(r[2] for r in reqs),
            "errors": 0, "transaction_statements": ["BEGIN", "COMMIT"],
            "sessions": [{"note": "one process, one DB connection (alias=default); no pid in the log"}],
            "units_of_work": units,
            "request_boundaries_in_log": "none (only SQL records); requests are ~200 ms apart",
            "n_plus_one": [{"request": 1, "template": 'SELECT ... FROM "bookstore_author" WHERE "bookstore_author"."id" = ? LIMIT 21',
                            "repeats": 10, "distinct_values": 7},
                           {"request": 2, "template": "same", "repeats": 10, "distinct_values": 7}],
        }
    }


def rails_facts(env, req_ids):
    path = os.path.join(LOGS, "rails", f"{env}.log")
    text = open(path, encoding="utf-8").read()
    plain = ANSI.sub("", text)
    # workload of rails_app/app/controllers/posts_controller.rb
    reqs = [("/posts", "PostsController#index", 6, 0, "N+1: 1 Post Load + 5 Author Load (ids 4,7,3,6,2)"),
            ("/posts/cached", "PostsController#cached", 2, 2,
             "Author.find(1) and Post.where(author_id: 1) each twice: 2 SQL + 2 CACHE"),
            ("/posts/with_authors", "PostsController#with_authors", 2, 0,
             "includes(:author): Post Load + Author Load ... IN (?, ?, ?, ?, ?)")]
    blocks = re.split(r'(?=Started GET ")', plain)[1:]
    assert len(blocks) == 3
    units = []
    for (path_, action, sql, cache, shape), block, rid in zip(reqs, blocks, req_ids):
        loads = re.findall(r"^.*?  (CACHE )?(\w+ Load) \(\d+\.\d+ms\)  SELECT .*  \[\[.*\]\]$", block, re.M)
        assert sum(1 for c, _ in loads if not c) == sql and sum(1 for c, _ in loads if c) == cache, (path_, loads)
        assert f"Processing by {action} as HTML" in block and "Completed 200 OK" in block
        u = {"kind": "request", "name": f"GET {path_}", "action": action, "statements": sql,
             "cache_hits": cache, "with_parameters": sql, "shape": shape}
        if env == "production":
            u["request_id"] = rid
            assert rid in block
        if env == "development":
            u["source_lines"] = len(re.findall("\u21b3 app/controllers/posts_controller.rb:\\d+", block))
            assert u["source_lines"] == sql + cache
        units.append(u)
    facts = {
        "format": ("Rails development.log (ActiveSupport::Logger, ANSI colours, verbose_query_logs)"
                   if env == "development" else
                   "Rails production-style log: ::Logger::Formatter + TaggedLogging [request_id], "
                   "log_level :debug, ANSI colours (colorize_logging left at its default, true)"),
        "framework": "Rails 6.1.7.10 / ActiveRecord 6.1.7.10, sqlite3 gem 1.4.2 (SQLite 3.40.0)",
        "statements_executed": sum(r[2] for r in reqs), "cache_hits": sum(r[3] for r in reqs),
        "with_bound_parameters": sum(r[2] for r in reqs), "errors": 0,
        "units_of_work": units,
        "n_plus_one": [{"request": 1, "template": 'SELECT "authors".* FROM "authors" WHERE "authors"."id" = ? LIMIT ?',
                        "repeats": 5, "distinct_values": 5}],
    }
    if env == "production":
        pids = set(re.findall(r"^\w, \[\S+ #(\d+)\]", plain, re.M))
        assert len(pids) == 1
        facts["sessions"] = [{"pid": int(pids.pop()), "note": "one Ruby process, one connection"}]
    else:
        facts["sessions"] = [{"note": "one Ruby process, one connection; no pid in the log"}]
    return {f"rails/{env}.log": facts}


def main():
    out = {"_about": "Facts per fixture log, derived from the workload that produced it; "
                     "see README.md. statements_executed counts executions (not parse/bind "
                     "lines, not Rails CACHE lines); failed statements are included in it and "
                     "also counted in errors."}
    out.update(expected_postgres.main())
    out.update(django_facts())
    rails_ids = json.load(open(os.path.join(LOGS, "rails", "request_ids.json")))
    for env in ("development", "production"):
        out.update(rails_facts(env, rails_ids[env]))
    with open(os.path.join(LOGS, "expected.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for k, v in out.items():
        if k != "_about":
            print(k, v["statements_executed"], v["with_bound_parameters"], v["errors"])


main()
