#!/usr/bin/env python3
"""Generate Fixtures/logs/django/requests.log: a real `django.db.backends` DEBUG log.

usage: /tmp/venv/bin/python Fixtures/logs/generate/gen_django.py [OUTDIR]   (default ../django)

Reuses the demo bookstore app (Fixtures/demo/generate/bookstore, imported, not copied) on a
throwaway SQLite file in /tmp.  Schema + seed data are created BEFORE the log handler is
attached, so the log holds only what the 4 requests (served by django.test.Client) execute:
    1. GET /books/               N+1: 10 books, then book.author.name per book (1 + 10 queries)
    2. GET /books/               the same N+1 again
    3. GET /books/with-authors/  select_related: 1 query with a JOIN
    4. GET /authors/new/         Author.objects.get_or_create(name="Kit Novak", ...): the author
                                 does not exist, so SELECT, then BEGIN / INSERT / COMMIT
                                 (Django >= 4.2 logs the transaction statements)
with a 200 ms sleep between requests.  Handler format: '%(asctime)s %(message)s'.
Writes OUTDIR/requests.log and prints the request -> line-range map as JSON.
"""
import json
import logging
import os
import sys
import time

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "demo", "generate"))  # bookstore app

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "django"))
os.makedirs(out, exist_ok=True)
db_path = "/tmp/querylens-logs-django.sqlite3"
log_path = os.path.join(out, "requests.log")
for p in (db_path, log_path):
    if os.path.exists(p):
        os.remove(p)

sys.modules["logs_urls"] = type(sys)("logs_urls")
settings.configure(
    DEBUG=True,  # Django logs SQL only when DEBUG is on
    USE_TZ=True,
    TIME_ZONE="UTC",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="logs_urls",
    INSTALLED_APPS=["bookstore"],
    MIDDLEWARE=[],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}},
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)
django.setup()

import datetime as dt  # noqa: E402

from bookstore.models import Author, Book  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402


def book_list(request):  # N+1
    lines = []
    for book in Book.objects.order_by("id")[:10]:
        lines.append(f"{book.title} by {book.author.name}")
    return HttpResponse("\n".join(lines))


def book_list_ok(request):  # one query with a JOIN
    books = Book.objects.select_related("author").order_by("id")[:10]
    return HttpResponse("\n".join(f"{b.title} by {b.author.name}" for b in books))


def author_new(request):
    author, created = Author.objects.get_or_create(name="Kit Novak", defaults={"country": "CZ"})
    return HttpResponse(f"{author.pk} {created}")


sys.modules["logs_urls"].urlpatterns = [
    path("books/", book_list),
    path("books/with-authors/", book_list_ok),
    path("authors/new/", author_new),
]

# schema + seed data (not logged): 7 authors, 20 books; author of book i is ((i*3) % 7) + 1
call_command("migrate", run_syncdb=True, verbosity=0)
authors = Author.objects.bulk_create(
    [Author(name=f"Author {i}", country="US") for i in range(1, 8)])
Book.objects.bulk_create([
    Book(title=f"Book {i}", author=authors[(i * 3) % 7], genre="fiction",
         published_at=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=i),
         price="9.99") for i in range(1, 21)])

handler = logging.FileHandler(log_path, mode="w")
handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
db_logger = logging.getLogger("django.db.backends")
db_logger.setLevel(logging.DEBUG)
db_logger.addHandler(handler)
db_logger.propagate = False

client = Client()
ranges = []
for i, url in enumerate(["/books/", "/books/", "/books/with-authors/", "/authors/new/"]):
    if i:
        time.sleep(0.2)
    handler.flush()
    start = sum(1 for _ in open(log_path))
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    handler.flush()
    end = sum(1 for _ in open(log_path))
    ranges.append({"request": i + 1, "url": url, "first_line": start + 1, "last_line": end,
                   "records": end - start, "body": r.content.decode()[:40]})
handler.close()
print(json.dumps({"django": django.get_version(), "requests": ranges}, indent=1))
