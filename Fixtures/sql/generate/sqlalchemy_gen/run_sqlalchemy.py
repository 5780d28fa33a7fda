#!/usr/bin/env python3
"""Run typical SQLAlchemy 2.x ORM / Core queries against PostgreSQL (psycopg2) so the server
logs them. usage: run_sqlalchemy.py setup|queries   (env PGPORT default 55440, PGDB sqladb)
application_name is sqla-<phase> so the server log can be filtered per phase."""
import datetime as dt
import os
import sys
from decimal import Decimal

from sqlalchemy import (Column, Date, DateTime, ForeignKey, Integer, Numeric, String, Table,
                        Text, create_engine, delete, func, insert, literal, or_, and_, select,
                        update, exists, bindparam, text)
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, aliased, joinedload,
                            mapped_column, relationship, selectinload, subqueryload, contains_eager)

phase = sys.argv[1]
url = (f"postgresql+psycopg2://postgres@127.0.0.1:{os.environ.get('PGPORT', '55440')}/"
       f"{os.environ.get('PGDB', 'sqladb')}?application_name=sqla-{phase}")
engine = create_engine(url)


class Base(DeclarativeBase):
    pass


book_tags = Table("book_tags", Base.metadata,
                  Column("book_id", ForeignKey("books.id", ondelete="CASCADE"), primary_key=True),
                  Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True))


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="")
    born = mapped_column(Date, nullable=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Genre(Base):
    __tablename__ = "genres"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    parent_id = mapped_column(ForeignKey("genres.id"), nullable=True)


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    genre_id = mapped_column(ForeignKey("genres.id"), nullable=True)
    published_at = mapped_column(DateTime(timezone=True))
    price = mapped_column(Numeric(8, 2))
    pages: Mapped[int] = mapped_column(default=0)
    author: Mapped[Author] = relationship(back_populates="books")
    genre: Mapped[Genre] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=book_tags)
    reviews: Mapped[list["Review"]] = relationship(back_populates="book", cascade="all, delete-orphan")


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    reviewer: Mapped[str] = mapped_column(String(100))
    stars: Mapped[int]
    body = mapped_column(Text, default="")
    book: Mapped[Book] = relationship(back_populates="reviews")


UTC = dt.timezone.utc


def setup():
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        fic = Genre(name="fiction")
        s.add(fic)
        s.flush()
        genres = [fic] + [Genre(name=n, parent_id=fic.id) for n in ["crime", "scifi"]] + \
                 [Genre(name=n) for n in ["history", "science"]]
        s.add_all(genres[1:])
        tags = [Tag(name=n) for n in ["classic", "award", "bestseller", "new"]]
        authors = [Author(name=f"Author {i}", email=f"a{i}@example.com",
                          country=["US", "GB", "FR"][i % 3]) for i in range(1, 13)]
        s.add_all(tags + authors)
        for i in range(1, 49):
            b = Book(title=f"Book {i}", author=authors[i % 12], genre=genres[i % 5],
                     published_at=dt.datetime(1995 + i % 25, 1 + i % 12, 1, tzinfo=UTC),
                     price=Decimal("7.50") + i, pages=90 + 5 * i, tags=[tags[i % 4]])
            b.reviews = [Review(reviewer=f"r{j}", stars=1 + (i + j) % 5) for j in range(i % 3)]
            s.add(b)
        s.commit()


def queries():
    with Session(engine) as s:
        s.get(Author, 1)
        s.scalars(select(Book).where(Book.author_id == 3)).all()
        s.scalars(select(Author).filter_by(email="a5@example.com")).one()
        s.scalars(select(Book).where(Book.title.ilike("%book 1%"))).all()
        s.scalars(select(Book).where(Book.title.startswith("Book 2"))).all()
        s.scalars(select(Book).where(Book.price.between(20, 30))).all()
        s.scalars(select(Book).where(Book.genre_id.is_(None))).all()
        s.scalars(select(Book).where(or_(Book.pages < 120, Book.price > 50))).all()
        s.scalars(select(Book).where(and_(Book.pages > 100, ~Book.title.contains("9")))).all()
        # IN with expanding parameters, several lengths
        for ids in ([1], [1, 2, 3], list(range(1, 16))):
            s.scalars(select(Book).where(Book.id.in_(ids))).all()
        s.scalars(select(Book).where(Book.id.in_(bindparam("ids", expanding=True))),
                  {"ids": [4, 5, 6, 7]}).all()
        s.scalars(select(Book).where(Book.id.not_in([1, 2]))).all()
        # order / limit / offset
        s.scalars(select(Book).order_by(Book.published_at.desc()).limit(10)).all()
        s.scalars(select(Book).order_by(Book.title).limit(10).offset(20)).all()
        s.execute(select(Book.title, Author.name).join(Book.author).order_by(Author.name)).all()
        s.execute(select(Book.title).join(Book.genre, isouter=True).where(Genre.name == "crime")).all()
    # lazy loading N+1
    with Session(engine) as s:
        for b in s.scalars(select(Book).order_by(Book.id).limit(6)):
            b.author.name
    with Session(engine) as s:
        for a in s.scalars(select(Author).options(joinedload(Author.books)).where(Author.id < 4)).unique():
            a.books
        for b in s.scalars(select(Book).options(joinedload(Book.author), joinedload(Book.genre)).limit(5)):
            b.author
    with Session(engine) as s:
        for a in s.scalars(select(Author).options(selectinload(Author.books).selectinload(Book.tags))):
            a.books
    with Session(engine) as s:
        for a in s.scalars(select(Author).options(subqueryload(Author.books)).where(Author.country == "US")):
            a.books
    with Session(engine) as s:
        s.scalars(select(Book).join(Book.author).options(contains_eager(Book.author))
                  .where(Author.country == "GB")).all()
        a2 = aliased(Author)
        s.execute(select(Book.title, a2.name).join(a2, Book.author).where(a2.id.in_([1, 2]))).all()
        # aggregates, group by, having
        s.execute(select(Author.name, func.count(Book.id)).join(Book.author)
                  .group_by(Author.name).having(func.count(Book.id) > 3)).all()
        s.execute(select(func.avg(Review.stars), func.max(Book.price), func.sum(Book.pages))
                  .select_from(Book).join(Book.reviews)).one()
        s.scalar(select(func.count()).select_from(Book))
        s.scalar(select(exists().where(Review.stars == 5)))
        # correlated / scalar subqueries, EXISTS
        newest = (select(Book.title).where(Book.author_id == Author.id)
                  .order_by(Book.published_at.desc()).limit(1).scalar_subquery())
        s.execute(select(Author.name, newest.label("newest"))).all()
        s.scalars(select(Book).where(Book.reviews.any(Review.stars >= 4))).all()
        s.scalars(select(Author).where(~Author.books.any())).all()
        sub = select(Book.author_id, func.count().label("n")).group_by(Book.author_id).subquery()
        s.execute(select(Author.name, sub.c.n).join(sub, sub.c.author_id == Author.id)).all()
        # CTEs
        cte = select(Book.author_id, func.avg(Book.price).label("avgp")).group_by(Book.author_id).cte("author_prices")
        s.execute(select(Author.name, cte.c.avgp).join(cte, cte.c.author_id == Author.id)
                  .order_by(cte.c.avgp.desc())).all()
        g = select(Genre.id, Genre.name, literal(0).label("depth")).where(Genre.parent_id.is_(None)) \
            .cte("genre_tree", recursive=True)
        g = g.union_all(select(Genre.id, Genre.name, (g.c.depth + 1))
                        .join(g, Genre.parent_id == g.c.id))
        s.execute(select(g)).all()
        # window functions
        s.execute(select(Book.id, Book.title,
                         func.row_number().over(partition_by=Book.author_id,
                                                order_by=Book.published_at.desc()).label("rn"))).all()
        s.execute(select(Book.id, func.rank().over(order_by=Book.price.desc()),
                         func.sum(Book.pages).over(partition_by=Book.genre_id))).all()
        # distinct, union
        s.scalars(select(Author.country).distinct()).all()
        s.execute(select(Book.title).where(Book.pages > 300)
                  .union(select(Book.title).where(Book.price < 10))).all()
        # raw text with bound params
        s.execute(text("SELECT id, name FROM authors WHERE country = :c ORDER BY id"), {"c": "FR"}).all()
    # unit of work: inserts (insertmanyvalues), updates, deletes
    with Session(engine) as s:
        a = Author(name="New", email="new@example.com", country="IT")
        a.books = [Book(title=f"New {i}", pages=10 * i, price=Decimal("4.99"),
                        published_at=dt.datetime(2024, 3, i, tzinfo=UTC)) for i in range(1, 5)]
        s.add(a)
        s.flush()
        a.name = "Renamed"
        a.books[0].pages = 999
        s.flush()
        s.delete(a)
        s.commit()
    with Session(engine) as s:
        s.execute(insert(Tag).returning(Tag.id), [{"name": f"bulk{i}"} for i in range(6)])
        s.execute(insert(Review), [{"book_id": i, "reviewer": "bulk", "stars": 3} for i in range(1, 4)])
        s.execute(update(Book).where(Book.author_id == 2).values(price=Book.price * 2))
        s.execute(update(Book), [{"id": 1, "pages": 111}, {"id": 2, "pages": 222}])
        s.execute(update(Book).where(Book.id.in_(select(Review.book_id).where(Review.stars == 1)))
                  .values(pages=Book.pages + 1).execution_options(synchronize_session=False))
        s.execute(delete(Review).where(Review.reviewer == "bulk"))
        s.execute(delete(Tag).where(Tag.name.like("bulk%")))
        with s.begin_nested():
            s.execute(update(Author).where(Author.id == 1).values(country="CA"))
        s.rollback()


setup() if phase == "setup" else queries()
