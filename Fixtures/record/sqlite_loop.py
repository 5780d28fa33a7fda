#!/usr/bin/env python3
"""A small program using CPython's sqlite3 module, for `querylens record --sqlite -- ...`
(Tests/QueryLensCoreTests/RecordCommandTests): a fresh database file (first argument), ten
books, then each book's author one query at a time (an N+1 of ten executions with five
distinct ids). It sets its own trace callback, which must still see every statement, and
forks a child that runs one statement of its own, which must be recorded too."""
import os
import sqlite3
import sys

path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)")
db.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER)")
db.executemany("INSERT INTO authors (id, name) VALUES (?, ?)", [(i, f"Author {i}") for i in range(1, 6)])
db.executemany("INSERT INTO books (title, author_id) VALUES (?, ?)", [(f"Book {i}", i % 5 + 1) for i in range(10)])
db.commit()
seen = []
db.set_trace_callback(seen.append)
for (author_id,) in db.execute("SELECT author_id FROM books ORDER BY id").fetchall():
    db.execute("SELECT name FROM authors WHERE id = ?", (author_id,)).fetchone()
db.set_trace_callback(None)
assert len(seen) == 11, seen
child = os.fork()
if child == 0:
    sqlite3.connect(path).execute("SELECT count(*) AS from_the_child FROM books").fetchone()
    sys.exit(0)
os.waitpid(child, 0)
print("own trace callback saw", len(seen), "statements")
