#!/usr/bin/env python3
"""Plain SQLAlchemy 2.x script (no web framework) run by gen_sqlalchemy.py with stdout
redirected into the fixture file.  usage: sa_app.py postgres|sqlite

Schema and seed data are written through a separate engine WITHOUT echo; then the workload
runs on `create_engine(url, echo=True)`, which makes SQLAlchemy attach its own
StreamHandler(sys.stdout) with format '%(asctime)s %(levelname)s %(name)s %(message)s' to the
`sqlalchemy.engine.Engine` logger.  Each "request" is one Session (closed at the end, which
logs ROLLBACK), 200 ms apart:
  R1 books page, book.author loaded lazily      R2 the same with selectinload(Book.author)
  R3 select(Author).where(id == 1) three times  R4 5 authors, one COUNT(*) per author
"""
import os
import sys
import time

from sqlalchemy import ForeignKey, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

URLS = {
    "postgres": "postgresql+psycopg2://postgres@127.0.0.1:55491/qlens_sqlalchemy",
    "sqlite": "sqlite:////tmp/ql-pyorm-sqlalchemy.sqlite3",
}


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship()


def seed(url):
    setup = create_engine(url)  # no echo: nothing of this reaches the log
    Base.metadata.drop_all(setup)
    Base.metadata.create_all(setup)
    with Session(setup) as s:
        authors = [Author(id=i, name=f"Author {i}") for i in range(1, 8)]
        s.add_all(authors)
        s.flush()
        s.add_all([Book(id=i, title=f"Book {i}", author_id=((3 * i) % 7) + 1) for i in range(1, 21)])
        s.commit()
    setup.dispose()


def r1(s):
    books = s.scalars(select(Book).order_by(Book.id).limit(10)).all()
    return [f"{b.title} by {b.author.name}" for b in books]


def r2(s):
    books = s.scalars(select(Book).options(selectinload(Book.author)).order_by(Book.id).limit(10)).all()
    return [f"{b.title} by {b.author.name}" for b in books]


def r3(s):
    return [s.execute(select(Author).where(Author.id == 1)).scalar_one().name for _ in range(3)]


def r4(s):
    authors = s.scalars(select(Author).order_by(Author.id).limit(5)).all()
    return [s.scalar(select(func.count()).select_from(Book).where(Book.author_id == a.id)) for a in authors]


if __name__ == "__main__":
    url = URLS[sys.argv[1]]
    seed(url)
    engine = create_engine(url, echo=True)
    with engine.connect():  # first connect (dialect initialisation) before the requests
        pass
    time.sleep(0.5)
    out = os.readlink("/proc/self/fd/1")  # the fixture file; line counts go to stderr for the generator

    def nlines():
        sys.stdout.flush()
        return sum(1 for _ in open(out, "rb"))

    for i, fn in enumerate((r1, r2, r3, r4)):
        time.sleep(0.2)
        first = nlines() + 1
        with Session(engine) as s:
            fn(s)
        print(f"@@ R{i + 1} {first} {nlines()}", file=sys.stderr, flush=True)
