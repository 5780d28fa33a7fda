import logging

from django.http import HttpResponse

from .models import Author, Book

log = logging.getLogger("books.views")


def book_list(request):
    """R1: the N+1 page -- book.author is loaded lazily, one query per book."""
    log.info("rendering book list (lazy authors)")
    lines = [f"{b.title} by {b.author.name}" for b in Book.objects.order_by("id")[:10]]
    log.info("book list done: %d rows", len(lines))
    return HttpResponse("\n".join(lines))


def book_list_eager(request):
    """R2: the same page with select_related: one JOIN query."""
    log.info("rendering book list (select_related)")
    books = Book.objects.select_related("author").order_by("id")[:10]
    lines = [f"{b.title} by {b.author.name}" for b in books]
    log.info("book list done: %d rows", len(lines))
    return HttpResponse("\n".join(lines))


def author_repeat(request, pk):
    """R3: the same lookup three times in one request (no caching)."""
    names = [Author.objects.get(pk=pk).name for _ in range(3)]
    log.info("author %s looked up %d times", pk, len(names))
    return HttpResponse(" / ".join(names))


def author_counts(request):
    """R4: a COUNT per author -- 1 listing query + 5 COUNT queries."""
    out = []
    for a in Author.objects.order_by("id")[:5]:
        out.append(f"{a.name}: {Book.objects.filter(author=a).count()}")
    log.info("counted books for %d authors", len(out))
    return HttpResponse("\n".join(out))
