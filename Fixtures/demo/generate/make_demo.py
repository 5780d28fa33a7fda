#!/usr/bin/env python3
"""Build the QueryLens demo fixtures with Django + SQLite (no server needed).

usage: python make_demo.py OUTDIR      (writes bookstore.sqlite3, django.log, queries.sql)

1. creates a tiny bookstore database (20 authors, 5,000 books, reviews) with Django's
   migrate --run-syncdb (Django's default indexes only: the FK columns),
2. turns on DEBUG logging of the `django.db.backends` logger into OUTDIR/django.log,
3. serves three requests through django.test.Client:
     GET /books/                   N+1: lists 25 books, then book.author.name per book
     GET /genres/fiction/latest/   books of one genre ORDER BY published_at DESC LIMIT 20
                                   (no index on genre/published_at: missing-index case)
     GET /books/with-authors/      same listing done right with select_related
4. writes OUTDIR/queries.sql: the SQL of every log record, in order, one per statement.
"""
import datetime as dt
import logging
import os
import random
import re
import sys

import django
from django.conf import settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

out = os.path.abspath(sys.argv[1])
db_path = os.path.join(out, "bookstore.sqlite3")
log_path = os.path.join(out, "django.log")
for p in (db_path, log_path):
    if os.path.exists(p):
        os.remove(p)

sys.modules["demo_urls"] = type(sys)("demo_urls")  # urlconf module filled in below
settings.configure(
    DEBUG=True,  # Django logs SQL only when DEBUG is on
    USE_TZ=True,
    TIME_ZONE="UTC",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="demo_urls",
    INSTALLED_APPS=["bookstore"],
    MIDDLEWARE=[],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}},
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)

django.setup()

from django.db import connection  # noqa: E402

from bookstore.models import Author, Book, Review  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402


def book_list(request):  # classic N+1
    lines = []
    for book in Book.objects.order_by("id")[:25]:
        lines.append(f"{book.title} by {book.author.name}")
    return HttpResponse("\n".join(lines))


def latest_in_genre(request, genre):  # filter + sort on unindexed columns
    books = Book.objects.filter(genre=genre).order_by("-published_at")[:20]
    return HttpResponse("\n".join(b.title for b in books))


def book_list_ok(request):  # fine: one query with a join
    books = Book.objects.select_related("author").order_by("id")[:25]
    return HttpResponse("\n".join(f"{b.title} by {b.author.name}" for b in books))


sys.modules["demo_urls"].urlpatterns = [
    path("books/", book_list),
    path("genres/<str:genre>/latest/", latest_in_genre),
    path("books/with-authors/", book_list_ok),
]

# 1. schema + data (not logged)
call_command("migrate", run_syncdb=True, verbosity=0)
rng = random.Random(42)
first = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
last = ["Moreau", "Okafor", "Larsen", "Ito", "Silva"]
authors = Author.objects.bulk_create([
    Author(name=f"{first[i % 10]} {last[i % 5]}{'' if i < 10 else ' Jr.'}",
           country=rng.choice(["US", "GB", "FR", "DE", "JP"])) for i in range(20)])
genres = ["fiction", "history", "science", "poetry", "travel", "children"]
words = ["Silent", "River", "Atlas", "Winter", "Garden", "Machine", "Harbor", "Letters",
         "Night", "Orchard", "Glass", "Compass"]
UTC = dt.timezone.utc
books = Book.objects.bulk_create([
    Book(title=f"The {rng.choice(words)} {rng.choice(words)} {i + 1}",
         author=authors[rng.randrange(20)], genre=rng.choice(genres),
         published_at=dt.datetime(1980, 1, 1, tzinfo=UTC) + dt.timedelta(days=rng.randrange(16000)),
         price=f"{rng.randrange(500, 4000) / 100:.2f}") for i in range(5000)])
Review.objects.bulk_create([
    Review(book=books[rng.randrange(len(books))], stars=rng.randint(1, 5), body="ok")
    for _ in range(300)])
connection.close()
with connection.cursor() as c:  # shrink the file
    c.execute("VACUUM")

# 2. log django.db.backends at DEBUG, the way Django formats it
handler = logging.FileHandler(log_path, mode="w")
handler.setFormatter(logging.Formatter("%(message)s"))
db_logger = logging.getLogger("django.db.backends")
db_logger.setLevel(logging.DEBUG)
db_logger.addHandler(handler)
db_logger.propagate = False

# 3. three requests
client = Client()
for url in ["/books/", "/genres/fiction/latest/", "/books/with-authors/"]:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
handler.close()

# 4. queries.sql from the log
rec = re.compile(r"^\(\d+\.\d+\) (.*); args=.*; alias=\w+$")
stmts = []
for line in open(log_path):
    m = rec.match(line.rstrip("\n"))
    if m:
        stmts.append(m.group(1))
with open(os.path.join(out, "queries.sql"), "w") as f:
    f.write("-- SQL of every record in django.log (Django %s, SQLite backend), in order.\n"
            "-- Generated by Fixtures/demo/generate/make_demo.py from the log, which shows the SQL\n"
            "-- with parameters already interpolated by Django. Nothing here is handwritten.\n\n"
            % django.get_version())
    for s in stmts:
        f.write(s + ";\n")
print(f"{len(stmts)} statements, db {os.path.getsize(db_path)} bytes")
