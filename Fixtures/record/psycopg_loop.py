#!/usr/bin/env python3
"""A small psycopg 3 program for `querylens record -- ...` (Tests/QueryLensCoreTests/RecordCommandTests).

Connects with DATABASE_URL (which `record` points at its proxy), creates two tables, loads
five books and then each book's author one query at a time: an N+1 of five executions with
five distinct author ids, in one transaction per statement (autocommit). Exits with the
status given as its first argument (default 0), so a test can check that `record` passes it on.
"""
import os
import sys

import psycopg

with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
    connection.execute("DROP TABLE IF EXISTS wrap_books, wrap_authors")
    connection.execute("CREATE TABLE wrap_authors (id int PRIMARY KEY, name text)")
    connection.execute("CREATE TABLE wrap_books (id int PRIMARY KEY, title text, author_id int)")
    connection.execute("INSERT INTO wrap_authors SELECT i, 'Author ' || i FROM generate_series(1, 5) i")
    connection.execute("INSERT INTO wrap_books SELECT i, 'Book ' || i, i FROM generate_series(1, 5) i")
    books = connection.execute("SELECT id, author_id FROM wrap_books ORDER BY id").fetchall()
    for _, author_id in books:
        connection.execute("SELECT name FROM wrap_authors WHERE id = %s", (author_id,)).fetchone()
    connection.execute("DROP TABLE wrap_books, wrap_authors")
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
