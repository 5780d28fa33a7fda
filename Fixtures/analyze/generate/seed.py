"""Deterministic seed data shared by the Django and Rails generators (data only, no ORM)."""
import datetime as dt

COUNTRIES = ["US", "GB", "DE", "FR", "CZ"]
GENRES = ["fiction", "poetry", "history", "science"]
# the first 10 books (scenario A) have these authors: 8 distinct ids, 3 and 5 appear twice
FIRST_TEN = [3, 5, 3, 7, 9, 11, 5, 13, 15, 17]

AUTHORS = [(i, f"Author {i}", COUNTRIES[i % 5]) for i in range(1, 21)]
TAGS = [(i, f"tag{i}") for i in range(1, 11)]
BOOKS = [(i, f"Book {i}", GENRES[i % 4], dt.date(2000, 1, 1) + dt.timedelta(days=i),
          FIRST_TEN[i - 1] if i <= 10 else ((i * 7) % 20) + 1) for i in range(1, 101)]
BOOKS_TAGS = sorted({(i, (i % 10) + 1) for i in range(1, 101)} | {(i, ((i * 3) % 10) + 1) for i in range(1, 101)})
REVIEWS = [(j, ((j * 13) % 100) + 1, (j % 5) + 1) for j in range(1, 201)]


if __name__ == "__main__":  # gen_rails.rb reads the same data as JSON
    import json
    print(json.dumps({"authors": AUTHORS, "tags": TAGS, "books_tags": BOOKS_TAGS, "reviews": REVIEWS,
                      "books": [(i, t, g, p.isoformat(), a) for i, t, g, p, a in BOOKS]}))
