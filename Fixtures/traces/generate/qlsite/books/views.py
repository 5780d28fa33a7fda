import requests
from django.conf import settings
from django.http import HttpResponse

from .models import Author, Book


def book_list(request):
    """R1: the N+1 page -- book.author is loaded lazily, one query per book."""
    lines = [f"{b.title} by {b.author.name}" for b in Book.objects.order_by("id")[:10]]
    return HttpResponse("\n".join(lines))


def book_list_eager(request):
    """R2: the same page with select_related: one JOIN query."""
    books = Book.objects.select_related("author").order_by("id")[:10]
    lines = [f"{b.title} by {b.author.name}" for b in books]
    return HttpResponse("\n".join(lines))


def author_repeat(request, pk):
    """R3: the same lookup three times in one request (no caching)."""
    names = [Author.objects.get(pk=pk).name for _ in range(3)]
    return HttpResponse(" / ".join(names))


def author_counts(request):
    """R4: a COUNT per author -- 1 listing query + 5 COUNT queries."""
    out = []
    for a in Author.objects.order_by("id")[:5]:
        out.append(f"{a.name}: {Book.objects.filter(author=a).count()}")
    return HttpResponse("\n".join(out))


def book_prices(request):
    """R5: an N+1 of HTTP calls -- one GET to the price service per book (5 books)."""
    out = []
    for b in Book.objects.order_by("id")[:5]:
        r = requests.get(f"{settings.QL_PRICE_URL}/price/{b.id}", timeout=5)
        r.raise_for_status()
        out.append(f"{b.title}: {r.json()['price']}")
    return HttpResponse("\n".join(out))
