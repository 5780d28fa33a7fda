#!/usr/bin/env python3
"""Peewee script run by gen_peewee.py.  usage: pw_app.py sqlite|postgres LOGFILE

sqlite:   the logging snippet from Peewee's documentation ("Logging queries"):
              logger = logging.getLogger('peewee')
              logger.addHandler(logging.StreamHandler())
              logger.setLevel(logging.DEBUG)
          StreamHandler() writes to stderr with the default '%(message)s' format, so every line is
          just the (sql, params) tuple; stderr is redirected into the file.
postgres: logging.basicConfig(filename=LOGFILE, level=logging.DEBUG,
                              format='%(asctime)s %(levelname)s %(name)s: %(message)s')
Schema and seed data are created before logging is switched on.  Requests 200 ms apart:
  R1 10 books, book.author lazily      R2 Book.select(Book, Author).join(Author)
  R3 Author.get_by_id(1) three times   R4 5 authors, one .count() per author
"""
import logging
import os
import sys
import time

from peewee import CharField, ForeignKeyField, Model, PostgresqlDatabase, SqliteDatabase

dialect, logfile = sys.argv[1], sys.argv[2]
if dialect == "postgres":
    db = PostgresqlDatabase("qlens_peewee", user="postgres", host="127.0.0.1", port=55491)
else:
    db = SqliteDatabase("/tmp/ql-pyorm-peewee.sqlite3")


class Author(Model):
    name = CharField()

    class Meta:
        database = db


class Book(Model):
    title = CharField()
    author = ForeignKeyField(Author, backref="books")

    class Meta:
        database = db


db.connect()
db.drop_tables([Book, Author])
db.create_tables([Author, Book])
with db.atomic():
    for i in range(1, 8):
        Author.create(id=i, name=f"Author {i}")
    for i in range(1, 21):
        Book.create(id=i, title=f"Book {i}", author=((3 * i) % 7) + 1)


def r1():
    return [f"{b.title} by {b.author.name}" for b in Book.select().order_by(Book.id).limit(10)]


def r2():
    q = Book.select(Book, Author).join(Author).order_by(Book.id).limit(10)
    return [f"{b.title} by {b.author.name}" for b in q]


def r3():
    return [Author.get_by_id(1).name for _ in range(3)]


def r4():
    return [Book.select().where(Book.author == a).count() for a in Author.select().order_by(Author.id).limit(5)]


if dialect == "sqlite":
    logger = logging.getLogger('peewee')
    logger.addHandler(logging.StreamHandler())
    logger.setLevel(logging.DEBUG)
else:
    logging.basicConfig(filename=logfile, level=logging.DEBUG,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def nlines():
    for h in logging.getLogger().handlers + logging.getLogger("peewee").handlers:
        h.flush()
    return sum(1 for _ in open(logfile, "rb"))


time.sleep(0.2)
for i, fn in enumerate((r1, r2, r3, r4)):
    time.sleep(0.2)
    first = nlines() + 1
    fn()
    print(f"@@ R{i + 1} {first} {nlines()}", file=sys.stdout, flush=True)
db.close()
