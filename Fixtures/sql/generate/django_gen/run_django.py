#!/usr/bin/env python3
"""Run typical Django ORM queries so the database receives them.

usage: run_django.py postgres|sqlite PHASE
  PHASE = setup   (migrate --run-syncdb + seed data)
  PHASE = queries (the ORM queries captured into the fixture)
Environment for postgres: PGPORT (default 55440), PGDB (default djangodb).
For sqlite: SQLITE_PATH and SQLITE_TRACE (file to which every statement SQLite ran is
appended via sqlite3's set_trace_callback, i.e. expanded SQL as executed).
"""
import datetime as dt
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import django
from django.conf import settings

backend, phase = sys.argv[1], sys.argv[2]
if backend == "postgres":
    db = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDB", "djangodb"),
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": os.environ.get("PGPORT", "55440"),
        "OPTIONS": {"application_name": "django-" + phase},
    }
else:
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SQLITE_PATH"]}

settings.configure(
    DEBUG=False,
    USE_TZ=True,
    TIME_ZONE="UTC",
    DATABASES={"default": db},
    INSTALLED_APPS=["bookstore"],
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)
django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import (Avg, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum,
                              Window)
from django.db.models.functions import Lower, RowNumber, TruncYear

from bookstore.models import Author, Book, Genre, Review, Tag

UTC = dt.timezone.utc


def trace_sqlite():
    if backend != "sqlite" or not os.environ.get("SQLITE_TRACE"):
        return
    out = open(os.environ["SQLITE_TRACE"], "a")
    connection.ensure_connection()
    connection.connection.set_trace_callback(lambda s: out.write(s.strip() + "\n;;\n") or out.flush())


def setup():
    call_command("migrate", run_syncdb=True, verbosity=0)
    genres = Genre.objects.bulk_create([Genre(name=n) for n in
                                        ["fiction", "history", "science", "poetry", "travel"]])
    tags = Tag.objects.bulk_create([Tag(name=n) for n in
                                    ["classic", "award", "bestseller", "new", "signed", "used"]])
    authors = Author.objects.bulk_create([
        Author(name=f"Author {i}", email=f"author{i}@example.com",
               country=["US", "GB", "FR", "DE"][i % 4], born=dt.date(1940 + i, 1 + i % 12, 1))
        for i in range(1, 16)])
    books = Book.objects.bulk_create([
        Book(title=f"Book {i}", author=authors[i % 15], genre=genres[i % 5],
             published_at=dt.datetime(1990 + i % 30, 1 + i % 12, 1 + i % 28, tzinfo=UTC),
             price=Decimal("9.99") + i, pages=100 + 7 * i, stock=i % 9)
        for i in range(1, 61)])
    for b in books:
        b.tags.set([tags[b.id % 6], tags[(b.id + 2) % 6]])
    Review.objects.bulk_create([
        Review(book=books[i % 60], reviewer=f"reader{i % 11}", stars=1 + i % 5,
               body=f"review {i}", created_at=dt.datetime(2020, 1, 1, tzinfo=UTC) + dt.timedelta(days=i))
        for i in range(150)])


def queries():
    trace_sqlite()
    # plain lookups
    Author.objects.get(pk=3)
    Author.objects.get(email="author7@example.com")
    list(Book.objects.filter(author_id=2))
    list(Book.objects.filter(price__gt=Decimal("30.00")).exclude(genre__name="poetry"))
    list(Book.objects.filter(title__icontains="book 1"))
    list(Book.objects.filter(title__startswith="Book 2"))
    list(Author.objects.filter(name__iexact="author 4"))
    list(Book.objects.filter(published_at__range=(dt.datetime(2000, 1, 1, tzinfo=UTC),
                                                  dt.datetime(2005, 12, 31, tzinfo=UTC))))
    list(Book.objects.filter(genre__isnull=True))
    list(Author.objects.filter(born__year=1945))
    # __in with different list lengths
    for ids in ([1], [1, 2], [1, 2, 3, 5, 8], list(range(1, 21))):
        list(Book.objects.filter(id__in=ids))
    list(Book.objects.filter(author__country__in=["US", "GB"]))
    # Q objects with OR / AND / NOT
    list(Book.objects.filter(Q(pages__lt=150) | Q(price__gte=Decimal("60"))))
    list(Book.objects.filter(Q(genre__name="fiction") & ~Q(author__country="FR")))
    # order_by + slicing (LIMIT / OFFSET)
    list(Book.objects.order_by("-published_at")[:10])
    list(Book.objects.order_by("title")[20:30])
    Book.objects.order_by("price").first()
    Book.objects.latest("published_at")
    # values / values_list / distinct
    list(Book.objects.values_list("title", flat=True)[:5])
    list(Author.objects.values("country").distinct())
    list(Book.objects.values("genre__name").annotate(n=Count("id")).order_by("-n"))
    list(Author.objects.annotate(lname=Lower("name")).values_list("lname", flat=True))
    # N+1 then select_related / prefetch_related
    for b in Book.objects.order_by("id")[:8]:
        b.author.name
    for b in Book.objects.select_related("author", "genre").order_by("id")[:8]:
        b.author.name
    for a in Author.objects.prefetch_related("books").order_by("id")[:5]:
        list(a.books.all())
    for b in Book.objects.prefetch_related("tags", "reviews").filter(author_id__in=[1, 2]):
        list(b.tags.all()), list(b.reviews.all())
    for a in Author.objects.order_by("id")[:4]:
        a.books.count()
    # annotate / aggregate
    list(Author.objects.annotate(num_books=Count("books")).filter(num_books__gt=3))
    list(Book.objects.annotate(avg_stars=Avg("reviews__stars"), n_reviews=Count("reviews"))
         .order_by("-avg_stars")[:5])
    Book.objects.aggregate(total=Sum("price"), maxpages=Max("pages"), avg=Avg("price"))
    Review.objects.filter(stars__gte=4).aggregate(Count("id"))
    list(Book.objects.annotate(year=TruncYear("published_at")).values("year")
         .annotate(c=Count("id")).order_by("year"))
    # count / exists
    Book.objects.count()
    Book.objects.filter(genre__name="science").count()
    Author.objects.filter(email="nobody@example.com").exists()
    Review.objects.filter(book_id=5, stars=5).exists()
    # subqueries
    newest = Book.objects.filter(author=OuterRef("pk")).order_by("-published_at")
    list(Author.objects.annotate(newest_title=Subquery(newest.values("title")[:1])))
    good = Review.objects.filter(book=OuterRef("pk"), stars=5)
    list(Book.objects.filter(Exists(good)))
    list(Book.objects.filter(author__in=Author.objects.filter(country="DE")))
    # window functions
    list(Book.objects.annotate(rn=Window(RowNumber(), partition_by=[F("author_id")],
                                         order_by=F("published_at").desc())).values("id", "rn"))
    # F expression updates, update(), save()
    Book.objects.filter(id=4).update(stock=F("stock") - 1)
    Book.objects.filter(genre__name="poetry").update(price=F("price") * Decimal("1.1"))
    b = Book.objects.get(pk=6)
    b.pages = 321
    b.save()
    b.save(update_fields=["stock"])
    # get_or_create / update_or_create / create
    Genre.objects.get_or_create(name="fiction")
    Genre.objects.get_or_create(name="cooking")
    Tag.objects.update_or_create(name="award", defaults={"name": "award"})
    a = Author.objects.create(name="New Author", email="new@example.com", country="IT")
    # bulk_create / bulk_update
    nb = Book.objects.bulk_create([
        Book(title=f"Bulk {i}", author=a, published_at=dt.datetime(2024, 1, i, tzinfo=UTC),
             price=Decimal("5.00"), pages=50 + i) for i in range(1, 6)])
    if backend == "sqlite":
        nb = list(Book.objects.filter(author=a))
    for x in nb:
        x.stock = 3
    Book.objects.bulk_update(nb, ["stock"])
    nb[0].tags.add(*Tag.objects.filter(name__in=["new", "signed"]))
    nb[0].tags.remove(Tag.objects.get(name="new"))
    # transactions / savepoints
    with transaction.atomic():
        r = Review.objects.create(book=nb[0], reviewer="tx", stars=3,
                                  created_at=dt.datetime(2024, 2, 1, tzinfo=UTC))
        try:
            with transaction.atomic():
                Author.objects.create(name="Dup", email="new@example.com")
        except Exception:
            pass
        Review.objects.filter(pk=r.pk).update(stars=4)
    # deletes (cascade through reviews and the m2m table)
    Review.objects.filter(stars=1, reviewer="reader0").delete()
    Author.objects.filter(pk=a.pk).delete()
    Book.objects.filter(pk=60).delete()
    # raw
    list(Author.objects.raw("SELECT * FROM bookstore_author WHERE country = %s", ["US"]))


setup() if phase == "setup" else queries()
