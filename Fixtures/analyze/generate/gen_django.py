#!/usr/bin/env python3
"""Generate Fixtures/analyze/django-postgres.log or Fixtures/analyze/django-sqlite.log.

usage: /tmp/venv/bin/python gen_django.py postgres|sqlite OUTFILE RECORD.json

Real Django (5.2) traffic: the bookstore app in ./bookstore (tables bookstore_author,
bookstore_book, bookstore_tag, bookstore_book_tags, bookstore_review), seed data from seed.py,
and the scenario views below, each called as ONE request through django.test.Client, with a
300 ms sleep between requests (none inside a request).

postgres: a throwaway PostgreSQL 15 cluster in /tmp/ql-analyze-pg on 127.0.0.1:55470, started with
          log_min_duration_statement=0 / lc_messages=C / logging_collector=on / stderr;
          schema + seed are done as `postgres` on a connection started with
          `-c log_min_duration_statement=-1` (so they are not logged); the requests then run as
          role `web` with DEBUG=False.  OUTFILE = the server's log file, copied after shutdown.
sqlite:   a throwaway SQLite file in /tmp, DEBUG=True, `django.db.backends` logger at DEBUG
          with formatter '%(asctime)s %(message)s' attached AFTER schema + seed.

RECORD.json gets, per request, the scenario, URL, and the SQL Django sent (counted with
connection.execute_wrapper, plus the BEGIN/COMMIT Django logs itself) -- build_expected.py
turns these records into expected.json.
"""
import json
import logging
import os
import shutil
import subprocess
import sys
import time

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seed  # noqa: E402

mode, out, record_path = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
assert mode in ("postgres", "sqlite")

PGBIN = "/usr/lib/postgresql/15/bin"
PGDIR = "/tmp/ql-analyze-pg"
DATADIR = f"{PGDIR}/data"
PORT = 55470


def as_postgres(*args, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, **kw)


def pg_start():
    if os.path.exists(PGDIR):
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", DATADIR,
                        "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(PGDIR)
    os.makedirs(PGDIR)
    shutil.chown(PGDIR, "postgres", "postgres")
    as_postgres(f"{PGBIN}/initdb", "-D", DATADIR, "-U", "postgres", "--auth=trust",
                "--locale=C", "--encoding=UTF8", capture_output=True)
    opts = {
        "port": PORT, "listen_addresses": "127.0.0.1", "unix_socket_directories": PGDIR,
        "lc_messages": "C", "timezone": "UTC", "log_timezone": "UTC",
        "log_min_duration_statement": "0", "log_line_prefix": "%m [%p] %q%u@%d ",
        "logging_collector": "on", "log_destination": "stderr",
        "log_directory": "log", "log_filename": "postgresql.log", "log_file_mode": "0644",
        "log_rotation_age": "0", "log_rotation_size": "0",
    }
    o = " ".join("-c %s='%s'" % (k, v) for k, v in opts.items())
    as_postgres(f"{PGBIN}/pg_ctl", "-D", DATADIR, "-w", "-l", f"{PGDIR}/pg_ctl.out", "-o", o,
                "start", capture_output=True)
    # roles + database: through psql with statement logging off for this session
    env = dict(os.environ, PGOPTIONS="-c log_min_duration_statement=-1")
    for sql in ("CREATE ROLE web LOGIN", "CREATE DATABASE bookstore"):
        subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres",
                        "-d", "postgres", "-c", sql], env=env, check=True)


def pg_stop():
    as_postgres(f"{PGBIN}/pg_ctl", "-D", DATADIR, "-w", "-m", "fast", "stop", capture_output=True)


if mode == "postgres":
    pg_start()
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "bookstore", "USER": "postgres",
        "HOST": "127.0.0.1", "PORT": str(PORT),
        "OPTIONS": {"options": "-c log_min_duration_statement=-1"},  # setup only, see below
    }}
    debug = False
else:
    db_path = "/tmp/ql-analyze-django.sqlite3"
    if os.path.exists(db_path):
        os.remove(db_path)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}}
    debug = True  # Django logs SQL only when DEBUG is on

sys.modules["analyze_urls"] = type(sys)("analyze_urls")
settings.configure(
    DEBUG=debug,
    USE_TZ=True,
    TIME_ZONE="UTC",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="analyze_urls",
    INSTALLED_APPS=["bookstore"],
    MIDDLEWARE=[],
    DATABASES=DATABASES,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from bookstore.models import Author, Book, Review, Tag  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402


def text(lines):
    return HttpResponse("\n".join(str(x) for x in lines), content_type="text/plain")


def a_books_authors(request):  # A: belongs_to N+1 (1 + 10)
    return text(f"{b.title} by {b.author.name}" for b in Book.objects.order_by("id")[:10])


def b_authors_books(request):  # B: has_many N+1 (1 + 5)
    out = []
    for a in Author.objects.order_by("id")[:5]:
        out.append(f"{a.name}: " + ", ".join(b.title for b in a.books.order_by("id")))
    return text(out)


def c_books_tags(request):  # C: many-to-many N+1 (1 + 6)
    out = []
    for b in Book.objects.order_by("id")[:6]:
        out.append(f"{b.title}: " + ", ".join(t.name for t in b.tags.all()))
    return text(out)


def d_author_counts(request):  # D: COUNT loop (1 + 7)
    return text(f"{a.name}: {a.books.count()}"
                for a in Author.objects.filter(id__gte=6).order_by("id")[:7])


def e_nested(request):  # E: 1 + 3 (books per author) + one COUNT per book
    out = []
    for a in Author.objects.filter(id__gte=18).order_by("id"):
        for b in a.books.order_by("id"):
            out.append(f"{a.name} / {b.title}: {b.reviews.count()} reviews")
    return text(out)


def f_eager(request):  # F: pages A, B, C with eager loading: 1 + 2 + 2 queries
    out = [f"{b.title} by {b.author.name}"
           for b in Book.objects.select_related("author").order_by("id")[:10]]
    for a in Author.objects.prefetch_related("books").order_by("id")[:5]:
        out.append(f"{a.name}: " + ", ".join(b.title for b in a.books.all()))
    for b in Book.objects.prefetch_related("tags").order_by("id")[:6]:
        out.append(f"{b.title}: " + ", ".join(t.name for t in b.tags.all()))
    return text(out)


def g_repeat(request):  # G: the same query 4 times (Django has no query cache)
    return text(Author.objects.get(pk=1).name for _ in range(4))


def h_inserts(request):  # H: 5 single-row INSERTs
    return text(Review.objects.create(book_id=7, stars=n).pk for n in range(1, 6))


def i_book(request, book_id):  # I: one book per request
    b = Book.objects.get(pk=book_id)
    return text([b.title])


sys.modules["analyze_urls"].urlpatterns = [
    path("books/authors/", a_books_authors),
    path("authors/books/", b_authors_books),
    path("books/tags/", c_books_tags),
    path("authors/book-counts/", d_author_counts),
    path("authors/books/review-counts/", e_nested),
    path("eager/", f_eager),
    path("authors/1/repeat/", g_repeat),
    path("books/7/reviews/bulk-new/", h_inserts),
    path("books/<int:book_id>/", i_book),
]
I_IDS = [2, 9, 15, 23, 31, 38, 44, 57, 63, 71, 86, 99]
REQUESTS = [("A", "/books/authors/"), ("B", "/authors/books/"), ("C", "/books/tags/"),
            ("D", "/authors/book-counts/"), ("E", "/authors/books/review-counts/"),
            ("F", "/eager/"), ("G", "/authors/1/repeat/"), ("H", "/books/7/reviews/bulk-new/")]
REQUESTS += [("I", f"/books/{i}/") for i in I_IDS]

# ---- schema + seed (not logged) ----
call_command("migrate", run_syncdb=True, verbosity=0)
Author.objects.bulk_create([Author(id=i, name=n, country=c) for i, n, c in seed.AUTHORS])
Tag.objects.bulk_create([Tag(id=i, name=n) for i, n in seed.TAGS])
Book.objects.bulk_create([Book(id=i, title=t, genre=g, published_at=p, author_id=a)
                          for i, t, g, p, a in seed.BOOKS])
Book.tags.through.objects.bulk_create([Book.tags.through(book_id=b, tag_id=t)
                                       for b, t in seed.BOOKS_TAGS])
Review.objects.bulk_create([Review(id=i, book_id=b, stars=s) for i, b, s in seed.REVIEWS])
with connection.cursor() as cur:
    for sql in connection.ops.sequence_reset_sql(no_style(), [Author, Tag, Book, Review,
                                                             Book.tags.through]):
        cur.execute(sql)
    if mode == "postgres":
        cur.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO web")
        cur.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO web")
connection.close()

if mode == "postgres":
    # requests run as `web` with the server's logging (log_min_duration_statement=0) in effect
    connection.settings_dict.update(USER="web", OPTIONS={})
    handler = None
else:
    handler = logging.FileHandler(out, mode="w")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    db_logger = logging.getLogger("django.db.backends")
    db_logger.setLevel(logging.DEBUG)
    db_logger.addHandler(handler)
    db_logger.propagate = False

# ---- record what each request sends ----
current = []


def recorder(execute, sql, params, many, context):
    pid = None
    if mode == "postgres":
        pid = context["connection"].connection.get_backend_pid()  # libpq call, no query
    current.append({"sql": sql, "params": list(params or []), "pid": pid})
    return execute(sql, params, many, context)


def line_count():
    if handler is None:
        return None
    handler.flush()
    with open(out) as f:
        return sum(1 for _ in f)


client = Client()
records = []
for i, (scenario, url) in enumerate(REQUESTS):
    if i:
        time.sleep(0.3)
    current = []
    start = line_count()
    t0 = time.time()
    with connection.execute_wrapper(recorder):
        r = client.get(url)
    t1 = time.time()
    assert r.status_code == 200, (url, r.status_code, r.content[:500])
    end = line_count()
    rec = {"scenario": scenario, "url": url, "t_start": t0, "t_end": t1,
           "statements": current, "body": r.content.decode()}
    if start is not None:
        rec.update(first_line=start + 1, last_line=end, log_records=end - start)
    records.append(rec)

if mode == "postgres":
    connection.close()
    time.sleep(0.5)
    pg_stop()
    shutil.copy(f"{DATADIR}/log/postgresql.log", out)
else:
    handler.close()

with open(record_path, "w") as f:
    json.dump({"django": django.get_version(), "mode": mode, "requests": records}, f, indent=1)
print(mode, "ok:", [(r["scenario"], len(r["statements"])) for r in records])
