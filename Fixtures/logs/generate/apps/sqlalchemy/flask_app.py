#!/usr/bin/env python3
"""Flask + Flask-SQLAlchemy app served by Werkzeug's development server (app.run), run by
gen_sqlalchemy.py with stdout AND stderr redirected into one file:
  * SQLALCHEMY_ECHO=True -> Flask-SQLAlchemy passes echo=True to create_engine -> SQLAlchemy's
    StreamHandler(sys.stdout), format '%(asctime)s %(levelname)s %(name)s %(message)s';
  * Werkzeug's access lines ('127.0.0.1 - - [date] "GET / HTTP/1.1" 200 -') and start-up banner:
    the `werkzeug` logger's own StreamHandler (stderr), format '%(message)s';
  * app.logger (Flask's default_handler, stderr, '[%(asctime)s] %(levelname)s in %(module)s: %(message)s')
    at INFO.
SQLite file /tmp/ql-pyorm-flask.sqlite3; schema + seed data created before echo is switched on
(a second engine without echo).  usage: flask_app.py PORT
"""
import sys

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

DB_URL = "sqlite:////tmp/ql-pyorm-flask.sqlite3"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Author(db.Model):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Book(db.Model):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship()


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = DB_URL
app.config["SQLALCHEMY_ECHO"] = True
app.logger.setLevel("INFO")
db.init_app(app)


@app.get("/books/")
def books():  # R1: lazy book.author
    app.logger.info("rendering book list (lazy authors)")
    rows = db.session.scalars(select(Book).order_by(Book.id).limit(10)).all()
    return "\n".join(f"{b.title} by {b.author.name}" for b in rows)


@app.get("/books/eager/")
def books_eager():  # R2: selectinload
    app.logger.info("rendering book list (selectinload)")
    rows = db.session.scalars(select(Book).options(selectinload(Book.author)).order_by(Book.id).limit(10)).all()
    return "\n".join(f"{b.title} by {b.author.name}" for b in rows)


@app.get("/authors/<int:pk>/repeat/")
def author_repeat(pk):  # R3
    names = [db.session.execute(select(Author).where(Author.id == pk)).scalar_one().name for _ in range(3)]
    app.logger.info("author %s looked up %d times", pk, len(names))
    return " / ".join(names)


@app.get("/authors/counts/")
def author_counts():  # R4
    authors = db.session.scalars(select(Author).order_by(Author.id).limit(5)).all()
    out = [f"{a.name}: {db.session.scalar(select(func.count()).select_from(Book).where(Book.author_id == a.id))}"
           for a in authors]
    app.logger.info("counted books for %d authors", len(out))
    return "\n".join(out)


def seed():
    setup = create_engine(DB_URL)  # no echo
    Base.metadata.drop_all(setup)
    Base.metadata.create_all(setup)
    with Session(setup) as s:
        s.add_all([Author(id=i, name=f"Author {i}") for i in range(1, 8)])
        s.flush()
        s.add_all([Book(id=i, title=f"Book {i}", author_id=((3 * i) % 7) + 1) for i in range(1, 21)])
        s.commit()
    setup.dispose()


if __name__ == "__main__":
    seed()
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
